//! Rendering of results: every byte the admin tools (`topics`, `get-offsets`, `configs`,
//! `consumer-groups`) print about what they found, in the format `--output` picks.
//!
//! The rule: commands compute data (through [`crate::admin`]); this module decides how it looks.
//! One file per kind of result, each holding all three renderings of it: `plain` (Kafka's own
//! text, byte for byte, the default), `table` (an aligned table for people) and `json` (one
//! document for scripts). How the console consumer prints a record is not an admin result: it
//! lives with the consumer's work in `crate::console::format`.
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
//!   --describe`: `{"groups": [...]}` with every view at once (see `groups::GroupJson`)
//! - `console-consumer --output json`: one object per line, see [`crate::console::format`].

pub mod configs;
pub mod groups;
pub mod log_dirs;
pub mod offsets;
pub mod topics;

use std::io::{self, IsTerminal, Write};

use clap::{Args, ValueEnum};
use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use serde::Serialize;

/// Where command output goes: a locked, buffered stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

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
