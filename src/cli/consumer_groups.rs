//! `kt consumer-groups`: kafka-consumer-groups.sh (ConsumerGroupCommand): list, describe
//! (offsets, members, state), delete groups, delete offsets and reset offsets, with Kafka's
//! flags, output columns and messages.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use clap::Args;

use super::common::ConnectArgs;
use super::formats::{self, OutputFormat};
use crate::admin::{
    self, Admin, AdminError, Backend, CommittedOffset, GroupDescription, OffsetSpec,
};

/// Flags of `kt consumer-groups`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt consumer-groups --bootstrap-server localhost:9092 --list\n  kt consumer-groups --bootstrap-server localhost:9092 --describe --group my-group --members\n  kt consumer-groups --bootstrap-server localhost:9092 --reset-offsets --group my-group --topic my-topic --to-earliest --execute"
)]
pub struct ConsumerGroupsArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// List all consumer groups.
    #[arg(long)]
    pub list: bool,
    /// Describe the groups: committed offsets and lag (default), --members or --state.
    #[arg(long)]
    pub describe: bool,
    /// Delete the groups (only groups without active members).
    #[arg(long)]
    pub delete: bool,
    /// Reset the groups' committed offsets (a plan unless --execute).
    #[arg(long)]
    pub reset_offsets: bool,
    /// Delete the group's committed offsets of --topic.
    #[arg(long)]
    pub delete_offsets: bool,
    /// The consumer group. Repeatable.
    #[arg(long, value_name = "GROUP")]
    pub group: Vec<String>,
    /// Every group.
    #[arg(long)]
    pub all_groups: bool,
    /// A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
    /// Every topic the group has committed offsets for (with --reset-offsets).
    #[arg(long)]
    pub all_topics: bool,
    /// Describe the members instead of the offsets.
    #[arg(long)]
    pub members: bool,
    /// Describe the offsets (the default view).
    #[arg(long)]
    pub offsets: bool,
    /// Describe the state; with --list, show each group's state, optionally only these
    /// states (comma-separated).
    #[arg(long, value_name = "STATES", num_args = 0..=1, default_missing_value = "")]
    pub state: Option<String>,
    /// More detail: member assignments.
    #[arg(long)]
    pub verbose: bool,
    /// Reset to the earliest offset.
    #[arg(long)]
    pub to_earliest: bool,
    /// Reset to the latest offset.
    #[arg(long)]
    pub to_latest: bool,
    /// Reset to the current committed offset.
    #[arg(long)]
    pub to_current: bool,
    /// Reset to this offset (clamped to what the partition holds).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub to_offset: Option<i64>,
    /// Move the committed offsets by N (negative: back).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub shift_by: Option<i64>,
    /// Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time,
    /// or with a zone such as Z or +02:00).
    #[arg(long, value_name = "DATETIME")]
    pub to_datetime: Option<String>,
    /// Reset to the first offset after now minus a duration: PnDTnHnMnS.
    #[arg(long, value_name = "DURATION")]
    pub by_duration: Option<String>,
    /// Only print the reset plan (the default).
    #[arg(long)]
    pub dry_run: bool,
    /// Carry the reset out.
    #[arg(long)]
    pub execute: bool,
    /// Print the reset plan as CSV (topic,partition,offset).
    #[arg(long)]
    pub export: bool,
    /// (kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt
    /// asks only when standard input and standard error are terminals.
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub output: super::formats::OutputArgs,
    /// How long to wait for the cluster, in ms.
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    pub timeout: u64,
}

/// A usage error: Kafka prints the message and its usage and exits 1.
struct Usage(String);

fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::msg(UsageMarker(message.into()))
}

#[derive(Debug)]
struct UsageMarker(String);
impl std::fmt::Display for UsageMarker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageMarker {}

impl ConsumerGroupsArgs {
    /// Checks the flag combinations the way ConsumerGroupCommand does.
    fn check(&self) -> Result<(), Usage> {
        let actions = [
            self.list,
            self.describe,
            self.delete,
            self.reset_offsets,
            self.delete_offsets,
        ];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(Usage(
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets"
                    .into(),
            ));
        }
        if self.connect.bootstrap_server.is_none() && self.connect.data_dir.is_none() {
            return Err(Usage(
                "Missing required argument \"[bootstrap-server]\"".into(),
            ));
        }
        let needs_group = self.describe || self.delete || self.reset_offsets;
        if needs_group && self.group.is_empty() && !self.all_groups {
            let action = if self.describe {
                "describe"
            } else if self.delete {
                "delete"
            } else {
                "reset-offsets"
            };
            return Err(Usage(format!(
                "Option [{action}] takes one of these options: [all-groups], [group]"
            )));
        }
        if self.delete_offsets && (self.group.len() != 1 || self.topic.is_empty()) {
            return Err(Usage(
                "Option [delete-offsets] takes the following options: [topic], [group]".into(),
            ));
        }
        if self.reset_offsets {
            let scenarios = [
                self.to_earliest,
                self.to_latest,
                self.to_current,
                self.to_offset.is_some(),
                self.shift_by.is_some(),
                self.to_datetime.is_some(),
                self.by_duration.is_some(),
            ];
            match scenarios.iter().filter(|s| **s).count() {
                0 => return Err(Usage(
                    "Option [reset-offsets] takes one of these options: [to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [to-current]".into(),
                )),
                1 => {}
                _ => return Err(Usage(
                    "Option [reset-offsets] takes only one of these options: [to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [to-current]".into(),
                )),
            }
            if self.dry_run && self.execute {
                return Err(Usage(
                    "Option [reset-offsets] takes only one of these options: [dry-run], [execute]"
                        .into(),
                ));
            }
            if self.topic.is_empty() && !self.all_topics {
                return Err(Usage(
                    "One of the reset scopes should be defined: --all-topics, --topic.".into(),
                ));
            }
        }
        Ok(())
    }
}

/// Runs `kt consumer-groups` and returns the exit code.
pub fn run(args: ConsumerGroupsArgs) -> i32 {
    if let Err(Usage(message)) = args.check() {
        eprintln!("{message}");
        super::print_short_usage("consumer-groups");
        return 1;
    }
    let result = (|| -> anyhow::Result<()> {
        let rt = super::runtime()?;
        rt.block_on(async {
            let mut options = args.connect.options()?;
            options
                .properties
                .push(("default.api.timeout.ms".into(), args.timeout.to_string()));
            let admin = admin::connect(&options)?;
            let outcome = execute(&admin, &args).await;
            admin.abandon();
            outcome
        })
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            if let Some(UsageMarker(message)) = e.downcast_ref::<UsageMarker>() {
                eprintln!("{message}");
                super::print_short_usage("consumer-groups");
                return 1;
            }
            // Kafka prints this on stdout (and a stack trace); kt fails with code 1.
            println!("\nError: Executing consumer group command failed due to {e:#}");
            1
        }
    }
}

async fn execute(admin: &Backend, args: &ConsumerGroupsArgs) -> anyhow::Result<()> {
    if args.list {
        return list(admin, args).await;
    }
    let groups = if args.all_groups {
        admin
            .list_groups(&[])
            .await?
            .into_iter()
            .map(|g| g.group_id)
            .collect()
    } else {
        args.group.clone()
    };
    if args.describe {
        describe(admin, args, &groups).await
    } else if args.delete {
        delete(admin, &groups, args.yes).await
    } else if args.delete_offsets {
        delete_offsets(admin, args).await
    } else {
        reset(admin, args, &groups).await
    }
}

/// Kafka's group states, as `--state` accepts them (case-insensitive).
const STATES: &[&str] = &[
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "Empty",
];

async fn list(admin: &Backend, args: &ConsumerGroupsArgs) -> anyhow::Result<()> {
    if args.output.output != OutputFormat::Plain {
        let states = match &args.state {
            Some(filter) => parse_states(filter)?,
            None => Vec::new(),
        };
        let groups = admin.list_groups(&states).await?;
        let mut out = super::output::stdout();
        if args.output.output == OutputFormat::Json {
            let groups: Vec<GroupListingJson> = groups
                .iter()
                .map(|g| GroupListingJson {
                    group_id: &g.group_id,
                    state: &g.state,
                })
                .collect();
            formats::write_json(&mut out, &serde_json::json!({ "groups": groups }))?;
        } else {
            let rows = groups
                .iter()
                .map(|g| vec![g.group_id.clone(), g.state.clone()])
                .collect();
            formats::write_table(&mut out, &formats::table(&["GROUP", "STATE"], rows))?;
        }
        return Ok(());
    }
    let Some(filter) = &args.state else {
        let groups = admin.list_groups(&[]).await?;
        let mut out = String::new();
        for g in groups {
            let _ = writeln!(out, "{}", g.group_id);
        }
        print!("{out}");
        return Ok(());
    };
    let states = parse_states(filter)?;
    let groups = admin.list_groups(&states).await?;
    let width = groups
        .iter()
        .map(|g| g.group_id.len())
        .max()
        .unwrap_or(0)
        .max(15);
    let mut out = format!("{:<width$} {}\n", "GROUP", "STATE");
    for g in groups {
        let _ = writeln!(out, "{:<width$} {}", g.group_id, g.state);
    }
    print!("{out}");
    Ok(())
}

/// `--state`'s comma-separated list, in Kafka's spelling of each state.
fn parse_states(filter: &str) -> anyhow::Result<Vec<String>> {
    let mut states = Vec::new();
    for s in filter.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match STATES.iter().find(|k| k.eq_ignore_ascii_case(s)) {
            Some(k) => states.push(k.to_string()),
            None => {
                return Err(usage(format!(
                    "Invalid state list '{filter}'. Valid states are: {}",
                    STATES.join(", ")
                )))
            }
        }
    }
    Ok(states)
}

/// One listed group in JSON: `{"groups": [{"group_id", "state"}]}`.
#[derive(serde::Serialize)]
struct GroupListingJson<'a> {
    group_id: &'a str,
    state: &'a str,
}

/// One described group in JSON (every view at once): `{"groups": [{"group_id", "state",
/// "assignor", "coordinator": {"id", "host", "port"} | null, "members": [{"consumer_id",
/// "group_instance_id", "client_id", "host", "assignment": [{"topic", "partition"}]}],
/// "offsets": [{"topic", "partition", "current_offset", "log_end_offset", "lag",
/// "consumer_id", "host", "client_id"}]}]}`; absent values are null.
#[derive(serde::Serialize)]
struct GroupJson<'a> {
    group_id: &'a str,
    state: &'a str,
    assignor: &'a str,
    coordinator: Option<serde_json::Value>,
    members: Vec<serde_json::Value>,
    offsets: Vec<serde_json::Value>,
}

fn group_json<'a>(g: &'a GroupDescription, rows: &[OffsetRow]) -> GroupJson<'a> {
    let text = |s: &str| (s != "-").then(|| s.to_string());
    GroupJson {
        group_id: &g.group_id,
        state: &g.state,
        assignor: &g.assignor,
        coordinator: g
            .coordinator
            .as_ref()
            .map(|c| serde_json::json!({ "id": c.id, "host": c.host, "port": c.port })),
        members: g
            .members
            .iter()
            .map(|m| {
                serde_json::json!({
                    "consumer_id": m.consumer_id,
                    "group_instance_id": m.group_instance_id,
                    "client_id": m.client_id,
                    "host": m.host,
                    "assignment": m.assignment.iter()
                        .map(|(t, p)| serde_json::json!({ "topic": t, "partition": p }))
                        .collect::<Vec<_>>(),
                })
            })
            .collect(),
        offsets: rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "topic": r.topic,
                    "partition": r.partition,
                    "current_offset": r.current,
                    "log_end_offset": r.log_end,
                    "lag": lag(r),
                    "consumer_id": text(&r.consumer),
                    "host": text(&r.host),
                    "client_id": text(&r.client),
                })
            })
            .collect(),
    }
}

fn lag(r: &OffsetRow) -> Option<i64> {
    match (r.current, r.log_end) {
        (Some(c), Some(e)) if c >= 0 => Some(e - c),
        _ => None,
    }
}

/// The describe views as tables (kt): the same columns as Kafka's text.
fn describe_table(
    out: &mut impl Write,
    args: &ConsumerGroupsArgs,
    g: &GroupDescription,
    rows: &[OffsetRow],
) -> std::io::Result<()> {
    let t = if args.members && !args.offsets {
        formats::table(
            &[
                "GROUP",
                "CONSUMER-ID",
                "GROUP-INSTANCE-ID",
                "HOST",
                "CLIENT-ID",
                "#PARTITIONS",
                "ASSIGNMENT",
            ],
            g.members
                .iter()
                .map(|m| {
                    vec![
                        g.group_id.clone(),
                        m.consumer_id.clone(),
                        m.group_instance_id.clone().unwrap_or_default(),
                        m.host.clone(),
                        m.client_id.clone(),
                        m.assignment.len().to_string(),
                        assignment_string(&m.assignment),
                    ]
                })
                .collect(),
        )
    } else if args.state.is_some() && !args.offsets {
        let coordinator = g
            .coordinator
            .as_ref()
            .map(|c| format!("{}:{} ({})", c.host, c.port, c.id))
            .unwrap_or_else(|| "-".into());
        formats::table(
            &[
                "GROUP",
                "COORDINATOR (ID)",
                "ASSIGNMENT-STRATEGY",
                "STATE",
                "#MEMBERS",
            ],
            vec![vec![
                g.group_id.clone(),
                coordinator,
                g.assignor.clone(),
                g.state.clone(),
                g.members.len().to_string(),
            ]],
        )
    } else {
        formats::table(
            &[
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "LOG-END-OFFSET",
                "LAG",
                "CONSUMER-ID",
                "HOST",
                "CLIENT-ID",
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        g.group_id.clone(),
                        r.topic.clone(),
                        r.partition.to_string(),
                        dash(r.current),
                        dash(r.log_end),
                        dash(lag(r)),
                        r.consumer.clone(),
                        r.host.clone(),
                        r.client.clone(),
                    ]
                })
                .collect(),
        )
    };
    formats::write_table(out, &t)
}

/// Prints Kafka's notice for a group's state; false when there is nothing to show.
fn state_notice(group: &str, state: &str, rows: usize) -> bool {
    match state {
        "Dead" => {
            println!("\nError: Consumer group '{group}' does not exist.");
            return false;
        }
        "Empty" => eprintln!("\nConsumer group '{group}' has no active members."),
        "PreparingRebalance" | "CompletingRebalance" => {
            eprintln!("\nWarning: Consumer group '{group}' is rebalancing.")
        }
        _ => {}
    }
    rows > 0
}

/// One row of the offsets view.
struct OffsetRow {
    topic: String,
    partition: i32,
    current: Option<i64>,
    log_end: Option<i64>,
    consumer: String,
    host: String,
    client: String,
}

async fn describe(
    admin: &Backend,
    args: &ConsumerGroupsArgs,
    groups: &[String],
) -> anyhow::Result<()> {
    let mut sorted: Vec<String> = groups.to_vec();
    sorted.sort();
    sorted.dedup();
    let descriptions = admin.describe_groups(&sorted).await?;
    match args.output.output {
        OutputFormat::Plain => {}
        OutputFormat::Json => {
            let mut all = Vec::with_capacity(descriptions.len());
            for g in &descriptions {
                all.push((g, offset_rows(admin, g).await?));
            }
            let groups: Vec<GroupJson> = all.iter().map(|(g, rows)| group_json(g, rows)).collect();
            formats::write_json(
                &mut super::output::stdout(),
                &serde_json::json!({ "groups": groups }),
            )?;
            return Ok(());
        }
        OutputFormat::Table => {
            let mut out = super::output::stdout();
            for g in &descriptions {
                if g.state == "Dead" {
                    eprintln!("error: consumer group '{}' does not exist", g.group_id);
                    continue;
                }
                let rows = offset_rows(admin, g).await?;
                describe_table(&mut out, args, g, &rows)?;
            }
            return Ok(());
        }
    }
    for g in &descriptions {
        if args.members && !args.offsets {
            print_members(g, args.verbose);
        } else if args.state.is_some() && !args.offsets {
            print_state(g);
        } else {
            let rows = offset_rows(admin, g).await?;
            print_offsets(g, &rows);
        }
    }
    let _ = std::io::stdout().flush();
    Ok(())
}

async fn offset_rows(admin: &Backend, g: &GroupDescription) -> anyhow::Result<Vec<OffsetRow>> {
    if g.state == "Dead" {
        return Ok(Vec::new());
    }
    let committed: BTreeMap<(String, i32), i64> = admin
        .group_offsets(&g.group_id)
        .await?
        .into_iter()
        .map(|c: CommittedOffset| ((c.topic, c.partition), c.offset))
        .collect();
    let mut members: Vec<&admin::GroupMember> = g
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    // Members with the most partitions first, as Kafka sorts them.
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut assigned = BTreeSet::new();
    for m in members {
        let mut parts = m.assignment.clone();
        parts.sort();
        for (topic, partition) in parts {
            assigned.insert((topic.clone(), partition));
            rows.push(OffsetRow {
                current: committed.get(&(topic.clone(), partition)).copied(),
                topic,
                partition,
                log_end: None,
                consumer: m.consumer_id.clone(),
                host: m.host.clone(),
                client: m.client_id.clone(),
            });
        }
    }
    for ((topic, partition), offset) in &committed {
        if !assigned.contains(&(topic.clone(), *partition)) {
            rows.push(OffsetRow {
                topic: topic.clone(),
                partition: *partition,
                current: Some(*offset),
                log_end: None,
                consumer: "-".into(),
                host: "-".into(),
                client: "-".into(),
            });
        }
    }
    let wanted: Vec<(String, i32)> = rows
        .iter()
        .map(|r| (r.topic.clone(), r.partition))
        .collect();
    if !wanted.is_empty() {
        // A partition that no longer exists simply shows no log end offset.
        if let Ok(ends) = admin.list_offsets(&wanted, OffsetSpec::Latest).await {
            for row in &mut rows {
                row.log_end = ends
                    .iter()
                    .find(|e| e.topic == row.topic && e.partition == row.partition)
                    .and_then(|e| e.offset);
            }
        }
    }
    Ok(rows)
}

fn dash(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn print_offsets(g: &GroupDescription, rows: &[OffsetRow]) {
    if !state_notice(&g.group_id, &g.state, rows.len()) {
        return;
    }
    let w = |f: &dyn Fn(&OffsetRow) -> usize, header: usize| {
        rows.iter().map(f).max().unwrap_or(0).max(header).max(15)
    };
    let gw = g.group_id.len().max(15);
    let tw = w(&|r| r.topic.len(), 0);
    let cw = w(&|r| r.consumer.len(), 0);
    let hw = w(&|r| r.host.len(), 0);
    let line = |cols: [&str; 9]| {
        format!(
            "\n{:<gw$} {:<tw$} {:<10} {:<15} {:<15} {:<15} {:<cw$} {:<hw$} {}",
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8]
        )
    };
    let mut out = line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    for r in rows {
        let lag = lag(r);
        out.push_str(&line([
            &g.group_id,
            &r.topic,
            &r.partition.to_string(),
            &dash(r.current),
            &dash(r.log_end),
            &dash(lag),
            &r.consumer,
            &r.host,
            &r.client,
        ]));
    }
    // Kafka 3.9 ends the table without a newline.
    print!("{out}");
}

/// `topic(0,1), other(2)`: a member's partitions as Kafka's verbose view shows them.
fn assignment_string(assignment: &[(String, i32)]) -> String {
    if assignment.is_empty() {
        return "-".into();
    }
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in assignment {
        by_topic.entry(t).or_default().push(*p);
    }
    by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            ps.sort();
            let ps: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            format!("{t}({})", ps.join(","))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_members(g: &GroupDescription, verbose: bool) {
    if g.state == "Dead" {
        state_notice(&g.group_id, &g.state, 0);
        return;
    }
    state_notice(&g.group_id, &g.state, g.members.len());
    let gw = g.group_id.len().max(15);
    let cw = g
        .members
        .iter()
        .map(|m| m.consumer_id.len())
        .max()
        .unwrap_or(0)
        .max(15);
    let iw = g
        .members
        .iter()
        .filter_map(|m| m.group_instance_id.as_ref().map(|i| i.len()))
        .max()
        .unwrap_or(0)
        .max(17);
    let hw = g
        .members
        .iter()
        .map(|m| m.host.len())
        .max()
        .unwrap_or(0)
        .max(15);
    let lw = g
        .members
        .iter()
        .map(|m| m.client_id.len())
        .max()
        .unwrap_or(0)
        .max(15);
    let with_instance = g.members.iter().any(|m| m.group_instance_id.is_some());
    let row = |group: &str, id: &str, instance: &str, host: &str, client: &str, n: &str| {
        if with_instance {
            format!("{group:<gw$} {id:<cw$} {instance:<iw$} {host:<hw$} {client:<lw$} {n:<15} ")
        } else {
            format!("{group:<gw$} {id:<cw$} {host:<hw$} {client:<lw$} {n:<15} ")
        }
    };
    let mut out = String::from("\n");
    out.push_str(&row(
        "GROUP",
        "CONSUMER-ID",
        "GROUP-INSTANCE-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
    ));
    if verbose {
        out.push_str("ASSIGNMENT");
    }
    out.push('\n');
    for m in &g.members {
        out.push_str(&row(
            &g.group_id,
            &m.consumer_id,
            m.group_instance_id.as_deref().unwrap_or(""),
            &m.host,
            &m.client_id,
            &m.assignment.len().to_string(),
        ));
        if verbose {
            out.push_str(&assignment_string(&m.assignment));
        }
        out.push('\n');
    }
    print!("{out}");
}

fn print_state(g: &GroupDescription) {
    if !state_notice(&g.group_id, &g.state, 1) {
        return;
    }
    let coordinator = g
        .coordinator
        .as_ref()
        .map(|c| format!("{}:{}  ({})", c.host, c.port, c.id))
        .unwrap_or_else(|| "-".into());
    let w = coordinator.len().max(25);
    let line = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        format!("\n{a:<w$} {b:<w$} {c:<20} {d:<15} {e}")
    };
    let mut out = line(
        "GROUP",
        "COORDINATOR (ID)",
        "ASSIGNMENT-STRATEGY",
        "STATE",
        "#MEMBERS",
    );
    out.push_str(&line(
        &g.group_id,
        &coordinator,
        &g.assignor,
        &g.state,
        &g.members.len().to_string(),
    ));
    println!("{out}");
}

async fn delete(admin: &Backend, groups: &[String], yes: bool) -> anyhow::Result<()> {
    if !yes && !groups.is_empty() {
        let what = groups
            .iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ");
        if !super::common::confirm(&format!(
            "Delete consumer group(s) {what} and their committed offsets?"
        )) {
            anyhow::bail!("deletion not confirmed");
        }
    }
    let results = admin.delete_groups(groups).await?;
    let quoted = |names: &[&String]| {
        names
            .iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ok: Vec<&String> = groups
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_ok())
        .map(|(g, _)| g)
        .collect();
    let failed: Vec<(&String, &AdminError)> = groups
        .iter()
        .zip(&results)
        .filter_map(|(g, r)| r.as_ref().err().map(|e| (g, e)))
        .collect();
    if failed.is_empty() {
        println!(
            "Deletion of requested consumer groups ({}) was successful.",
            quoted(&ok)
        );
        return Ok(());
    }
    println!("\nError: Deletion of some consumer groups failed:");
    for (g, e) in &failed {
        println!(
            "* Group '{g}' could not be deleted due to: {}: {e}",
            e.java_class()
        );
    }
    if !ok.is_empty() {
        println!(
            "\nThese consumer groups were deleted successfully: {}",
            quoted(&ok)
        );
    }
    anyhow::bail!("{} group(s) could not be deleted", failed.len())
}

/// `--topic` values: `t` (every partition) or `t:0,1`.
async fn topic_partitions(
    admin: &Backend,
    topics: &[String],
) -> anyhow::Result<Vec<(String, i32)>> {
    let mut out = Vec::new();
    for spec in topics {
        match spec.split_once(':') {
            Some((topic, parts)) => {
                for p in parts.split(',').filter(|p| !p.trim().is_empty()) {
                    let p: i32 = p
                        .trim()
                        .parse()
                        .map_err(|_| usage(format!("Invalid partition '{p}' in --topic {spec}")))?;
                    out.push((topic.to_string(), p));
                }
            }
            None => {
                for p in admin.topic_partitions(spec).await? {
                    out.push((spec.clone(), p));
                }
            }
        }
    }
    Ok(out)
}

async fn delete_offsets(admin: &Backend, args: &ConsumerGroupsArgs) -> anyhow::Result<()> {
    let group = &args.group[0];
    let mut rows: Vec<((String, i32), Option<String>)> = Vec::new();
    let mut partitions = Vec::new();
    for spec in &args.topic {
        match topic_partitions(admin, std::slice::from_ref(spec)).await {
            Ok(ps) => partitions.extend(ps),
            Err(e) => rows.push(((spec.clone(), -1), Some(e.to_string()))),
        }
    }
    let mut failed = !rows.is_empty();
    match admin.delete_group_offsets(group, &partitions).await {
        Ok(results) => {
            for (tp, r) in partitions.into_iter().zip(results) {
                failed |= r.is_err();
                rows.push((tp, r.err().map(|e| e.to_string())));
            }
            if failed {
                println!(
                    "\nError: Encountered some partition-level error, see the follow-up details."
                );
            } else {
                println!("Request succeeded for deleting offsets from group {group}.");
            }
        }
        Err(e) => {
            println!("\nError: {e}");
            return Err(anyhow::anyhow!("{e}"));
        }
    }
    rows.sort_by(|a, b| format!("{}{}", a.0 .0, a.0 .1).cmp(&format!("{}{}", b.0 .0, b.0 .1)));
    let tw = rows.iter().map(|r| r.0 .0.len()).max().unwrap_or(0).max(15);
    let mut out = format!("\n{:<tw$} {:<10} {:<15}", "TOPIC", "PARTITION", "STATUS");
    for ((topic, partition), error) in &rows {
        let p = if *partition >= 0 {
            partition.to_string()
        } else {
            "-".into()
        };
        let status = match error {
            Some(e) => format!("Error: {e}"),
            None => "Successful".into(),
        };
        let _ = write!(out, "\n{topic:<tw$} {p:<10} {status:<15}");
    }
    println!("{out}");
    if failed {
        anyhow::bail!("some offsets could not be deleted");
    }
    Ok(())
}

async fn reset(
    admin: &Backend,
    args: &ConsumerGroupsArgs,
    groups: &[String],
) -> anyhow::Result<()> {
    let descriptions = admin.describe_groups(groups).await?;
    let mut plans: BTreeMap<String, Vec<(String, i32, i64)>> = BTreeMap::new();
    for g in &descriptions {
        if g.state != "Empty" && g.state != "Dead" {
            println!(
                "\nError: Assignments can only be reset if the group '{}' is inactive, but the current state is {}.",
                g.group_id, g.state
            );
            plans.insert(g.group_id.clone(), Vec::new());
            continue;
        }
        let committed: BTreeMap<(String, i32), i64> = admin
            .group_offsets(&g.group_id)
            .await?
            .into_iter()
            .map(|c| ((c.topic, c.partition), c.offset))
            .collect();
        let partitions: Vec<(String, i32)> = if args.all_topics {
            committed.keys().cloned().collect()
        } else {
            topic_partitions(admin, &args.topic).await?
        };
        let plan = plan_offsets(admin, args, &partitions, &committed).await?;
        if args.execute
            && !args.yes
            && plan.len() >= CONFIRM_PARTITIONS
            && !super::common::confirm(&format!(
                "Move the committed offsets of {} partitions of group '{}'?",
                plan.len(),
                g.group_id
            ))
        {
            anyhow::bail!("reset not confirmed");
        }
        if args.execute && !plan.is_empty() {
            admin.alter_group_offsets(&g.group_id, &plan).await?;
        }
        plans.insert(g.group_id.clone(), plan);
    }
    if args.export {
        let mut out = String::new();
        for (group, plan) in &plans {
            for (t, p, o) in plan {
                if plans.len() == 1 {
                    let _ = writeln!(out, "{t},{p},{o}");
                } else {
                    let _ = writeln!(out, "{group},{t},{p},{o}");
                }
            }
        }
        println!("{out}");
        return Ok(());
    }
    let row = |a: &str, b: &str, c: &str, d: &str| format!("{a:<30} {b:<30} {c:<10} {d:<15}");
    let mut out = String::new();
    if !plans.is_empty() {
        out.push('\n');
        out.push_str(&row("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    }
    out.push('\n');
    for (group, plan) in &plans {
        for (t, p, o) in plan {
            out.push_str(&row(group, t, &p.to_string(), &o.to_string()));
            out.push('\n');
        }
    }
    print!("{out}");
    Ok(())
}

/// (kt) A reset executed on at least this many partitions is confirmed on a terminal first.
const CONFIRM_PARTITIONS: usize = 10;

/// The new offset of each partition under the chosen scenario, kept within what the
/// partition holds (Kafka clamps to [earliest, latest]).
async fn plan_offsets(
    admin: &Backend,
    args: &ConsumerGroupsArgs,
    partitions: &[(String, i32)],
    committed: &BTreeMap<(String, i32), i64>,
) -> anyhow::Result<Vec<(String, i32, i64)>> {
    if partitions.is_empty() {
        return Ok(Vec::new());
    }
    let lookup = |offsets: Vec<admin::PartitionOffset>| -> BTreeMap<(String, i32), Option<i64>> {
        offsets
            .into_iter()
            .map(|o| ((o.topic, o.partition), o.offset))
            .collect()
    };
    let earliest = lookup(admin.list_offsets(partitions, OffsetSpec::Earliest).await?);
    let latest = lookup(admin.list_offsets(partitions, OffsetSpec::Latest).await?);
    let at_time = match (&args.to_datetime, &args.by_duration) {
        (Some(dt), _) => Some(parse_datetime(dt)?),
        (_, Some(d)) => Some(crate::broker::now_ms() - parse_duration(d)?),
        _ => None,
    };
    let by_time = match at_time {
        Some(ts) => Some(lookup(
            admin
                .list_offsets(partitions, OffsetSpec::Timestamp(ts))
                .await?,
        )),
        None => None,
    };
    let mut plan = Vec::with_capacity(partitions.len());
    for (topic, partition) in partitions {
        let key = (topic.clone(), *partition);
        let lo = earliest.get(&key).copied().flatten().unwrap_or(0);
        let hi = latest.get(&key).copied().flatten().unwrap_or(lo);
        let target = if args.to_earliest {
            lo
        } else if args.to_latest {
            hi
        } else if args.to_current {
            committed.get(&key).copied().unwrap_or(hi)
        } else if let Some(o) = args.to_offset {
            o
        } else if let Some(n) = args.shift_by {
            let current = committed.get(&key).copied().ok_or_else(|| {
                anyhow::anyhow!(
                    "Cannot shift offset for partition {topic}-{partition} since there is no current committed offset"
                )
            })?;
            current.saturating_add(n)
        } else {
            by_time
                .as_ref()
                .and_then(|m| m.get(&key).copied().flatten())
                .unwrap_or(hi)
        };
        plan.push((topic.clone(), *partition, target.clamp(lo, hi.max(lo))));
    }
    Ok(plan)
}

/// `YYYY-MM-DDTHH:mm:SS[.sss][zone]` to ms since the epoch; local time without a zone.
fn parse_datetime(s: &str) -> anyhow::Result<i64> {
    use chrono::{DateTime, Local, NaiveDateTime, TimeZone};
    let bad = || {
        usage(format!(
            "Error parsing timestamp. It does not conform to the format yyyy-MM-dd'T'HH:mm:ss.SSS, with an optional timezone: {s}"
        ))
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp_millis());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, format) {
            return Ok(dt.timestamp_millis());
        }
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| bad())?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.timestamp_millis())
        .ok_or_else(bad)
}

/// An ISO-8601 duration `PnDTnHnMnS` (days, hours, minutes, seconds) in ms.
fn parse_duration(s: &str) -> anyhow::Result<i64> {
    let bad = || {
        usage(format!(
            "Error parsing duration: {s}. The format is PnDTnHnMnS."
        ))
    };
    let rest = s
        .strip_prefix('P')
        .or_else(|| s.strip_prefix('p'))
        .ok_or_else(bad)?;
    let (date, time) = match rest.split_once(['T', 't']) {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0f64;
    let mut take = |part: &str, units: &[(char, f64)]| -> anyhow::Result<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == '-' {
                number.push(c);
                continue;
            }
            let scale = units
                .iter()
                .find(|(u, _)| u.eq_ignore_ascii_case(&c))
                .map(|(_, s)| *s)
                .ok_or_else(bad)?;
            let n: f64 = number.parse().map_err(|_| bad())?;
            total += n * scale;
            number.clear();
        }
        if number.is_empty() {
            Ok(())
        } else {
            Err(bad())
        }
    };
    take(date, &[('D', 86_400_000.0)])?;
    take(time, &[('H', 3_600_000.0), ('M', 60_000.0), ('S', 1000.0)])?;
    if rest.is_empty() {
        return Err(bad());
    }
    Ok(total as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_as_iso_8601() {
        assert_eq!(parse_duration("PT1H").unwrap(), 3_600_000);
        assert_eq!(parse_duration("P1DT2H3M4.5S").unwrap(), 93_784_500);
        assert!(parse_duration("1H").is_err());
        assert!(parse_duration("PT1X").is_err());
    }

    #[test]
    fn datetimes_parse_with_and_without_zone() {
        assert_eq!(
            parse_datetime("2024-01-02T03:04:05.000Z").unwrap(),
            1_704_164_645_000
        );
        assert_eq!(
            parse_datetime("2024-01-02T05:04:05.000+02:00").unwrap(),
            1_704_164_645_000
        );
        assert!(parse_datetime("2024-01-02T03:04:05.000").is_ok());
        assert!(parse_datetime("yesterday").is_err());
    }

    #[test]
    fn assignments_read_as_kafka_prints_them() {
        let a = vec![
            ("t".to_string(), 1),
            ("s".to_string(), 0),
            ("t".to_string(), 0),
        ];
        assert_eq!(assignment_string(&a), "s(0), t(0,1)");
        assert_eq!(assignment_string(&[]), "-");
    }
}
