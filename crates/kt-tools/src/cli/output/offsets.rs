//! How `kt get-offsets` prints: Kafka's `topic:partition:offset` lines, or kt's table or JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::{table, write_json, write_table, OutputFormat};
use crate::admin::PartitionOffset;

/// `topic:partition:offset` lines of get-offsets.
pub fn offsets(out: &mut impl Write, offsets: &[PartitionOffset]) -> io::Result<()> {
    for o in offsets {
        if let Some(off) = o.offset {
            writeln!(out, "{}:{}:{}", o.topic, o.partition, off)?;
        }
    }
    out.flush()
}

/// `{"offsets": [...]}`.
#[derive(Debug, Serialize)]
struct Offsets<T: Serialize> {
    offsets: T,
}

/// One looked-up offset in JSON.
#[derive(Debug, Serialize)]
pub struct OffsetJson<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: Option<i64>,
}

/// `get-offsets` in any format (partitions without a matching offset included, as null or
/// an empty cell; the plain format leaves them out as Kafka does).
pub fn offsets_as(
    out: &mut impl Write,
    format: OutputFormat,
    offsets: &[PartitionOffset],
) -> io::Result<()> {
    match format {
        OutputFormat::Plain => self::offsets(out, offsets),
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
