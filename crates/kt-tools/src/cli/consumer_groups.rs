//! `kt consumer-groups`: kafka-consumer-groups.sh (ConsumerGroupCommand): list, describe
//! (offsets, members, state), delete groups, delete offsets and reset offsets, with Kafka's
//! flags, output columns and messages.

use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;

use super::common::ConnectArgs;
use super::output::groups::View;
use super::output::{self, OutputFormat};
use super::usage::UsageError;
use crate::admin::consumer_groups::{
    committed_offsets, offset_rows, plan_reset, select_partitions, ResetTarget, TopicSelection,
    GROUP_STATES,
};
use crate::admin::{self, Admin, Backend};

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
    pub output: super::output::OutputArgs,
    /// How long to wait for the cluster, in ms (a negative wait is none, as in Kafka).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 5000,
        allow_negative_numbers = true
    )]
    pub timeout: i64,
}

/// A usage error found while running (a bad `--state` list, partition, time or duration), as
/// an error that `run` recognises and prints with the usage.
fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError::new(message))
}

impl ConsumerGroupsArgs {
    /// Checks the flag combinations the way ConsumerGroupCommand does.
    fn check(&self) -> Result<(), UsageError> {
        let actions = [
            self.list,
            self.describe,
            self.delete,
            self.reset_offsets,
            self.delete_offsets,
        ];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(UsageError::new(
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets",
            ));
        }
        if self.connect.bootstrap_server.is_none() && self.connect.data_dir.is_none() {
            return Err(UsageError::new(
                "Missing required argument \"[bootstrap-server]\"",
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
            return Err(UsageError::new(format!(
                "Option [{action}] takes one of these options: [all-groups], [group]"
            )));
        }
        if self.delete_offsets && (self.group.len() != 1 || self.topic.is_empty()) {
            return Err(UsageError::new(
                "Option [delete-offsets] takes the following options: [topic], [group]",
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
                0 => return Err(UsageError::new(
                    "Option [reset-offsets] takes one of these options: [to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [to-current]",
                )),
                1 => {}
                _ => return Err(UsageError::new(
                    "Option [reset-offsets] takes only one of these options: [to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [to-current]",
                )),
            }
            if self.dry_run && self.execute {
                return Err(UsageError::new(
                    "Option [reset-offsets] takes only one of these options: [dry-run], [execute]",
                ));
            }
            if self.topic.is_empty() && !self.all_topics {
                return Err(UsageError::new(
                    "One of the reset scopes should be defined: --all-topics, --topic.",
                ));
            }
        }
        Ok(())
    }
}

/// The subcommand's name, for its usage note.
const TOOL: &str = "consumer-groups";

/// Runs `kt consumer-groups` and returns the exit code.
pub fn run(args: ConsumerGroupsArgs) -> i32 {
    if let Err(e) = args.check() {
        return e.report(TOOL);
    }
    let result = (|| -> anyhow::Result<()> {
        let rt = super::runtime()?;
        rt.block_on(async {
            let mut options = args.connect.options()?;
            options.properties.push((
                "default.api.timeout.ms".into(),
                args.timeout.max(0).to_string(),
            ));
            let admin = admin::connect(&options)?;
            let outcome = execute(&admin, &args).await;
            admin.abandon();
            outcome
        })
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            if let Some(usage) = e.downcast_ref::<UsageError>() {
                return usage.report(TOOL);
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

async fn list(admin: &Backend, args: &ConsumerGroupsArgs) -> anyhow::Result<()> {
    let states = match &args.state {
        Some(filter) => parse_states(filter)?,
        None => Vec::new(),
    };
    let groups = admin.list_groups(&states).await?;
    output::groups::group_list(
        &mut output::stdout(),
        args.output.output,
        &groups,
        args.state.is_some(),
    )?;
    Ok(())
}

/// `--state`'s comma-separated list, in Kafka's spelling of each state.
fn parse_states(filter: &str) -> anyhow::Result<Vec<String>> {
    let mut states = Vec::new();
    for s in filter.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match GROUP_STATES.iter().find(|k| k.eq_ignore_ascii_case(s)) {
            Some(k) => states.push(k.to_string()),
            None => {
                return Err(usage(format!(
                    "Invalid state list '{filter}'. Valid states are: {}",
                    GROUP_STATES.join(", ")
                )))
            }
        }
    }
    Ok(states)
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
    let view = if args.members && !args.offsets {
        View::Members {
            verbose: args.verbose,
        }
    } else if args.state.is_some() && !args.offsets {
        View::State
    } else {
        View::Offsets
    };
    match args.output.output {
        OutputFormat::Plain => {}
        OutputFormat::Json => {
            let mut all = Vec::with_capacity(descriptions.len());
            for g in &descriptions {
                all.push((g, offset_rows(admin, g).await?));
            }
            output::groups::describe_json(&mut output::stdout(), &all)?;
            return Ok(());
        }
        OutputFormat::Table => {
            let mut out = output::stdout();
            for g in &descriptions {
                if g.state == "Dead" {
                    eprintln!("error: consumer group '{}' does not exist", g.group_id);
                    continue;
                }
                let rows = offset_rows(admin, g).await?;
                output::groups::describe_table(&mut out, view, g, &rows)?;
            }
            return Ok(());
        }
    }
    for g in &descriptions {
        match view {
            View::Members { verbose } => output::groups::print_members(g, verbose),
            View::State => output::groups::print_state(g),
            View::Offsets => {
                let rows = offset_rows(admin, g).await?;
                output::groups::print_offsets(g, &rows);
            }
        }
    }
    let _ = std::io::stdout().flush();
    Ok(())
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
    let failed = output::groups::deletion(groups, &results);
    if failed == 0 {
        return Ok(());
    }
    anyhow::bail!("{failed} group(s) could not be deleted")
}

/// A `--topic` value: `t` (every partition) or `t:0,1`.
fn topic_selection(spec: &str) -> anyhow::Result<TopicSelection> {
    let Some((topic, parts)) = spec.split_once(':') else {
        return Ok(TopicSelection {
            topic: spec.to_string(),
            partitions: None,
        });
    };
    let mut partitions = Vec::new();
    for p in parts.split(',').filter(|p| !p.trim().is_empty()) {
        let p: i32 = p
            .trim()
            .parse()
            .map_err(|_| usage(format!("Invalid partition '{p}' in --topic {spec}")))?;
        partitions.push(p);
    }
    Ok(TopicSelection {
        topic: topic.to_string(),
        partitions: Some(partitions),
    })
}

/// The topic-partitions of `--topic` values.
async fn topic_partitions(
    admin: &Backend,
    topics: &[String],
) -> anyhow::Result<Vec<(String, i32)>> {
    let selections = topics
        .iter()
        .map(|t| topic_selection(t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(select_partitions(admin, &selections).await?)
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
    output::groups::offset_deletions(&mut rows);
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
        let committed = committed_offsets(admin, &g.group_id).await?;
        let partitions: Vec<(String, i32)> = if args.all_topics {
            committed.keys().cloned().collect()
        } else {
            topic_partitions(admin, &args.topic).await?
        };
        let plan = if partitions.is_empty() {
            Vec::new()
        } else {
            plan_reset(admin, reset_target(args)?, &partitions, &committed).await?
        };
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
        output::groups::reset_plans_csv(&plans);
    } else {
        output::groups::reset_plans(&plans);
    }
    Ok(())
}

/// (kt) A reset executed on at least this many partitions is confirmed on a terminal first.
const CONFIRM_PARTITIONS: usize = 10;

/// The `--to-*`/`--shift-by`/`--by-duration` scenario as a reset target (exactly one is given:
/// `check` made sure).
fn reset_target(args: &ConsumerGroupsArgs) -> anyhow::Result<ResetTarget> {
    Ok(if args.to_earliest {
        ResetTarget::Earliest
    } else if args.to_latest {
        ResetTarget::Latest
    } else if args.to_current {
        ResetTarget::Current
    } else if let Some(o) = args.to_offset {
        ResetTarget::Offset(o)
    } else if let Some(n) = args.shift_by {
        ResetTarget::ShiftBy(n)
    } else if let Some(dt) = &args.to_datetime {
        ResetTarget::Time(parse_datetime(dt)?)
    } else if let Some(d) = &args.by_duration {
        ResetTarget::Time(kt_base::clock::now_ms() - parse_duration(d)?)
    } else {
        ResetTarget::Latest
    })
}

/// `YYYY-MM-DDTHH:mm:SS[.sss][zone]` to ms since the epoch; local time without a zone.
pub(crate) fn parse_datetime(s: &str) -> anyhow::Result<i64> {
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
pub(crate) fn parse_duration(s: &str) -> anyhow::Result<i64> {
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
}
