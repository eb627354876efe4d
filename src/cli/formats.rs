//! `--output plain|table|json` (kt): the same results as Kafka's plain text, as a table for
//! people or as JSON for scripts. The plain printers live in [`super::output`]; this module holds
//! the table and JSON renderings and their schemas.
//!
//! The JSON documents are a stable interface: fields are only ever added. Their shapes:
//!
//! - `topics --list`: `{"topics": [{"name": "t", "internal": false}]}`
//! - `topics --describe`: `{"topics": [{"name", "topic_id", "internal", "partition_count",
//!   "replication_factor", "configs": {"k": "v"}, "partitions": [{"partition", "leader",
//!   "replicas", "isr"}]}]}` (`leader` is null without a leader)
//! - `get-offsets`: `{"offsets": [{"topic", "partition", "offset"}]}` (`offset` is null when no
//!   record matches)
//! - `configs --describe`: `{"entities": [{"entity_type", "entity_name", "configs": [{"name",
//!   "value", "source", "sensitive", "read_only"}]}]}`
//! - `consumer-groups --list`: `{"groups": [{"group_id", "state"}]}`; `consumer-groups
//!   --describe`: `{"groups": [...]}` with every view at once (see `consumer_groups::GroupJson`)
//! - `console-consumer --output json`: one object per line, see [`crate::console::format`].

use std::io::{self, IsTerminal, Write};

use clap::{Args, ValueEnum};
use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use serde::Serialize;

use crate::admin::{PartitionInfo, PartitionOffset, TopicDescription};

/// How a command prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Kafka's own text, byte for byte (the default).
    #[default]
    Plain,
    /// An aligned table for people, as wide as the terminal.
    Table,
    /// One JSON document with a documented, stable schema.
    Json,
}

/// The `--output` flag, shared by the commands that print results.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// (kt) How to print: plain (Kafka's format), table, or json.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputFormat::Plain)]
    pub output: OutputFormat,
}

/// A table in kt's style: box-drawn and width-aware on a terminal; plain ASCII, unstyled and
/// unwrapped in a pipe; bold headers only on a terminal without `NO_COLOR`.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> Table {
    let tty = io::stdout().is_terminal();
    let colour = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut t = Table::new();
    if tty {
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.force_no_tty().load_style(presets::ASCII_FULL_CONDENSED);
    }
    t.set_header(headers.iter().map(|h| {
        let cell = Cell::new(h);
        if colour {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in rows {
        t.add_row(row);
    }
    t
}

/// Writes a table followed by a newline.
pub fn write_table(out: &mut impl Write, t: &Table) -> io::Result<()> {
    writeln!(out, "{t}")?;
    out.flush()
}

/// Writes one pretty-printed JSON document followed by a newline.
pub fn write_json<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    out.flush()
}

/// `{"topics": [...]}`: a named list, so fields can be added beside it later.
#[derive(Debug, Serialize)]
struct Topics<T: Serialize> {
    topics: T,
}

/// `{"offsets": [...]}`.
#[derive(Debug, Serialize)]
struct Offsets<T: Serialize> {
    offsets: T,
}

fn join_ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// One listed topic in JSON.
#[derive(Debug, Serialize)]
pub struct TopicListingJson<'a> {
    pub name: &'a str,
    pub internal: bool,
}

/// `topics --list` as a table or JSON.
pub fn topic_list(out: &mut impl Write, format: OutputFormat, names: &[String]) -> io::Result<()> {
    match format {
        OutputFormat::Plain => {
            for n in names {
                writeln!(out, "{n}")?;
            }
            out.flush()
        }
        OutputFormat::Table => {
            let rows = names
                .iter()
                .map(|n| vec![n.clone(), crate::admin::is_internal_topic(n).to_string()])
                .collect();
            write_table(out, &table(&["TOPIC", "INTERNAL"], rows))
        }
        OutputFormat::Json => {
            let topics: Vec<_> = names
                .iter()
                .map(|n| TopicListingJson {
                    name: n,
                    internal: crate::admin::is_internal_topic(n),
                })
                .collect();
            write_json(out, &Topics { topics })
        }
    }
}

/// One partition of a described topic in JSON.
#[derive(Debug, Serialize)]
pub struct PartitionJson<'a> {
    pub partition: i32,
    pub leader: Option<i32>,
    pub replicas: &'a [i32],
    pub isr: &'a [i32],
}

/// One described topic in JSON.
#[derive(Debug, Serialize)]
pub struct TopicDescriptionJson<'a> {
    pub name: &'a str,
    /// Kafka's printed form (URL-safe base64, as in the plain output).
    pub topic_id: String,
    pub internal: bool,
    pub partition_count: usize,
    pub replication_factor: usize,
    pub configs: std::collections::BTreeMap<&'a str, &'a str>,
    pub partitions: Vec<PartitionJson<'a>>,
}

/// `topics --describe` as a table (one row per partition) or JSON. `keep` selects the
/// partitions shown (the `--under-replicated-partitions`-style filters).
pub fn topic_descriptions(
    out: &mut impl Write,
    format: OutputFormat,
    descriptions: &[TopicDescription],
    keep: impl Fn(&PartitionInfo) -> bool,
) -> io::Result<()> {
    match format {
        OutputFormat::Plain => unreachable!("plain descriptions are printed by cli::output"),
        OutputFormat::Table => {
            let mut rows = Vec::new();
            for d in descriptions {
                for p in d.partitions.iter().filter(|p| keep(p)) {
                    rows.push(vec![
                        d.name.clone(),
                        p.id.to_string(),
                        p.leader.map_or_else(|| "none".into(), |l| l.to_string()),
                        join_ids(&p.replicas),
                        join_ids(&p.isr),
                    ]);
                }
            }
            let headers = ["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"];
            write_table(out, &table(&headers, rows))
        }
        OutputFormat::Json => {
            let topics: Vec<_> = descriptions
                .iter()
                .map(|d| TopicDescriptionJson {
                    name: &d.name,
                    topic_id: super::output::topic_id_string(d.topic_id),
                    internal: d.internal,
                    partition_count: d.partitions.len(),
                    replication_factor: d.partitions.first().map_or(0, |p| p.replicas.len()),
                    configs: d
                        .configs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect(),
                    partitions: d
                        .partitions
                        .iter()
                        .filter(|p| keep(p))
                        .map(|p| PartitionJson {
                            partition: p.id,
                            leader: p.leader,
                            replicas: &p.replicas,
                            isr: &p.isr,
                        })
                        .collect(),
                })
                .collect();
            write_json(out, &Topics { topics })
        }
    }
}

/// One looked-up offset in JSON.
#[derive(Debug, Serialize)]
pub struct OffsetJson<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: Option<i64>,
}

/// `get-offsets` as a table or JSON (partitions without a matching offset included, as null or
/// an empty cell; the plain format leaves them out as Kafka does).
pub fn offsets(
    out: &mut impl Write,
    format: OutputFormat,
    offsets: &[PartitionOffset],
) -> io::Result<()> {
    match format {
        OutputFormat::Plain => super::output::offsets(out, offsets),
        OutputFormat::Table => {
            let rows = offsets
                .iter()
                .map(|o| {
                    vec![
                        o.topic.clone(),
                        o.partition.to_string(),
                        o.offset.map(|v| v.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            write_table(out, &table(&["TOPIC", "PARTITION", "OFFSET"], rows))
        }
        OutputFormat::Json => {
            let list: Vec<_> = offsets
                .iter()
                .map(|o| OffsetJson {
                    topic: &o.topic,
                    partition: o.partition,
                    offset: o.offset,
                })
                .collect();
            write_json(out, &Offsets { offsets: list })
        }
    }
}
