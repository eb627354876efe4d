//! How `kt consumer-groups` prints a group: Kafka's text for each `--describe` view (offsets,
//! `--members`, `--state`) with its notices, and kt's table and JSON renderings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::{table, write_json, write_table, OutputFormat};
use crate::admin::consumer_groups::OffsetRow;
use crate::admin::{AdminError, AdminResult, GroupDescription, GroupListing};

/// Which `--describe` view to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Committed offsets and lag (the default).
    Offsets,
    /// `--members`, with each member's assignment when `verbose`.
    Members { verbose: bool },
    /// `--state`.
    State,
}

/// `--list` in any format: the names alone (plain without `--state`), or each group with its
/// state.
pub fn group_list(
    out: &mut impl Write,
    format: OutputFormat,
    groups: &[GroupListing],
    with_state: bool,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => {
            let groups: Vec<GroupListingJson> = groups
                .iter()
                .map(|g| GroupListingJson {
                    group_id: &g.group_id,
                    state: &g.state,
                })
                .collect();
            write_json(out, &serde_json::json!({ "groups": groups }))
        }
        OutputFormat::Table => {
            let rows = groups
                .iter()
                .map(|g| vec![g.group_id.clone(), g.state.clone()])
                .collect();
            write_table(out, &table(&["GROUP", "STATE"], rows))
        }
        OutputFormat::Plain if !with_state => {
            for g in groups {
                writeln!(out, "{}", g.group_id)?;
            }
            out.flush()
        }
        OutputFormat::Plain => {
            let width = groups
                .iter()
                .map(|g| g.group_id.len())
                .max()
                .unwrap_or(0)
                .max(15);
            writeln!(out, "{:<width$} STATE", "GROUP")?;
            for g in groups {
                writeln!(out, "{:<width$} {}", g.group_id, g.state)?;
            }
            out.flush()
        }
    }
}

/// `--describe --output json`: every view of every group at once.
pub fn describe_json(
    out: &mut impl Write,
    described: &[(&GroupDescription, Vec<OffsetRow>)],
) -> std::io::Result<()> {
    let groups: Vec<GroupJson> = described
        .iter()
        .map(|(g, rows)| group_json(g, rows))
        .collect();
    write_json(out, &serde_json::json!({ "groups": groups }))
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
                    "lag": r.lag(),
                    "consumer_id": text(&r.consumer),
                    "host": text(&r.host),
                    "client_id": text(&r.client),
                })
            })
            .collect(),
    }
}

/// The describe views as tables (kt): the same columns as Kafka's text.
pub fn describe_table(
    out: &mut impl Write,
    view: View,
    g: &GroupDescription,
    rows: &[OffsetRow],
) -> std::io::Result<()> {
    let t = if matches!(view, View::Members { .. }) {
        table(
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
    } else if view == View::State {
        let coordinator = g
            .coordinator
            .as_ref()
            .map(|c| format!("{}:{} ({})", c.host, c.port, c.id))
            .unwrap_or_else(|| "-".into());
        table(
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
        table(
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
                        dash(r.lag()),
                        r.consumer.clone(),
                        r.host.clone(),
                        r.client.clone(),
                    ]
                })
                .collect(),
        )
    };
    write_table(out, &t)
}

/// Prints Kafka's notice for a group's state; false when there is nothing to show.
pub fn state_notice(group: &str, state: &str, rows: usize) -> bool {
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

pub fn dash(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

pub fn print_offsets(g: &GroupDescription, rows: &[OffsetRow]) {
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
        let lag = r.lag();
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
pub fn assignment_string(assignment: &[(String, i32)]) -> String {
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

pub fn print_members(g: &GroupDescription, verbose: bool) {
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

pub fn print_state(g: &GroupDescription) {
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

/// What `--delete` says about each group; returns how many could not be deleted.
pub fn deletion(groups: &[String], results: &[AdminResult<()>]) -> usize {
    let quoted = |names: &[&String]| {
        names
            .iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ok: Vec<&String> = groups
        .iter()
        .zip(results)
        .filter(|(_, r)| r.is_ok())
        .map(|(g, _)| g)
        .collect();
    let failed: Vec<(&String, &AdminError)> = groups
        .iter()
        .zip(results)
        .filter_map(|(g, r)| r.as_ref().err().map(|e| (g, e)))
        .collect();
    if failed.is_empty() {
        println!(
            "Deletion of requested consumer groups ({}) was successful.",
            quoted(&ok)
        );
        return 0;
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
    failed.len()
}

/// The `--delete-offsets` table: each partition with `Successful` or its error (partition `-`
/// for a `--topic` that could not be read), sorted as Kafka sorts them.
pub fn offset_deletions(rows: &mut [((String, i32), Option<String>)]) {
    rows.sort_by(|a, b| format!("{}{}", a.0 .0, a.0 .1).cmp(&format!("{}{}", b.0 .0, b.0 .1)));
    let tw = rows.iter().map(|r| r.0 .0.len()).max().unwrap_or(0).max(15);
    let mut out = format!("\n{:<tw$} {:<10} {:<15}", "TOPIC", "PARTITION", "STATUS");
    for ((topic, partition), error) in rows.iter() {
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
}

/// `--reset-offsets --export`: `topic,partition,offset` lines (with the group first when there
/// are several groups).
pub fn reset_plans_csv(plans: &BTreeMap<String, Vec<(String, i32, i64)>>) {
    let mut out = String::new();
    for (group, plan) in plans {
        for (t, p, o) in plan {
            if plans.len() == 1 {
                let _ = writeln!(out, "{t},{p},{o}");
            } else {
                let _ = writeln!(out, "{group},{t},{p},{o}");
            }
        }
    }
    println!("{out}");
}

/// The `--reset-offsets` plan (or what was done, with `--execute`): one row per partition.
pub fn reset_plans(plans: &BTreeMap<String, Vec<(String, i32, i64)>>) {
    let row = |a: &str, b: &str, c: &str, d: &str| format!("{a:<30} {b:<30} {c:<10} {d:<15}");
    let mut out = String::new();
    if !plans.is_empty() {
        out.push('\n');
        out.push_str(&row("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    }
    out.push('\n');
    for (group, plan) in plans {
        for (t, p, o) in plan {
            out.push_str(&row(group, t, &p.to_string(), &o.to_string()));
            out.push('\n');
        }
    }
    print!("{out}");
}

#[cfg(test)]
mod tests {
    use super::*;

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
