//! How `kt topics` prints: Kafka's text (`Created topic T.`, the `--describe` lines, its error
//! lines) and kt's table and JSON renderings of the topic list and descriptions.

use std::io::{self, Write};

use base64::Engine;
use serde::Serialize;

use super::{table, write_json, write_table, OutputFormat};
use crate::admin::{client::log_timestamp, AdminError, PartitionInfo, TopicDescription};

/// A failed `kt topics` command, as kafka-topics reports it: the message on stdout after
/// `Error while executing topic command : ` and one log line naming the Java exception class on
/// stderr.
#[derive(Debug)]
pub struct TopicCommandError {
    pub class: &'static str,
    pub message: String,
}

impl TopicCommandError {
    /// From an admin failure, with the broker's message.
    pub fn admin(e: AdminError) -> Self {
        TopicCommandError {
            class: e.java_class(),
            message: e.to_string(),
        }
    }

    /// A failed precondition (Kafka throws `IllegalArgumentException`).
    pub fn illegal_argument(message: &str) -> Self {
        TopicCommandError {
            class: "java.lang.IllegalArgumentException",
            message: message.to_string(),
        }
    }

    /// Anything else (connection set-up, files), as one line.
    pub fn other(e: anyhow::Error) -> Self {
        TopicCommandError {
            class: "org.apache.kafka.common.KafkaException",
            message: format!("{e:#}"),
        }
    }
}

impl From<io::Error> for TopicCommandError {
    fn from(e: io::Error) -> Self {
        TopicCommandError {
            class: "java.io.IOException",
            message: e.to_string(),
        }
    }
}

/// Prints a failed topic command on stdout and stderr.
pub fn topic_command_error(e: &TopicCommandError) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "Error while executing topic command : {}", e.message);
    let _ = out.flush();
    eprintln!(
        "{} ERROR {}: {} (kt.tools.TopicCommand)",
        log_timestamp(),
        e.class,
        e.message
    );
}

/// `Created topic NAME.`
pub fn topic_created(out: &mut impl Write, name: &str) -> Result<(), TopicCommandError> {
    writeln!(out, "Created topic {name}.")?;
    out.flush()?;
    Ok(())
}

/// Kafka's warning for names that may collide in metric names.
pub fn collision_warning(out: &mut impl Write) -> Result<(), TopicCommandError> {
    writeln!(
        out,
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."
    )?;
    Ok(())
}

/// One topic name per line.
pub fn topic_list(out: &mut impl Write, names: &[String]) -> Result<(), TopicCommandError> {
    for n in names {
        writeln!(out, "{n}")?;
    }
    out.flush()?;
    Ok(())
}

/// Kafka's printed form of a topic id: URL-safe base64 of its 16 bytes, unpadded (the all-zero
/// id when unknown).
pub fn topic_id_string(id: Option<uuid::Uuid>) -> String {
    let bytes = id.unwrap_or(uuid::Uuid::nil()).into_bytes();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn join_ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// The topic line and one line per partition, as `kafka-topics --describe` prints them.
pub fn topic_description(
    out: &mut impl Write,
    d: &TopicDescription,
) -> Result<(), TopicCommandError> {
    let rf = d.partitions.first().map(|p| p.replicas.len()).unwrap_or(0);
    let configs = d
        .configs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    writeln!(
        out,
        "Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}",
        d.name,
        topic_id_string(d.topic_id),
        d.partitions.len(),
        rf,
        configs
    )?;
    for p in &d.partitions {
        partition_line(out, &d.name, p)?;
    }
    out.flush()?;
    Ok(())
}

/// One partition line of `--describe`.
pub fn partition_line(
    out: &mut impl Write,
    topic: &str,
    p: &PartitionInfo,
) -> Result<(), TopicCommandError> {
    let leader = p
        .leader
        .map(|l| l.to_string())
        .unwrap_or_else(|| "none".to_string());
    writeln!(
        out,
        "\tTopic: {topic}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}\tElr: N/A\tLastKnownElr: N/A",
        p.id,
        join_ids(&p.replicas),
        join_ids(&p.isr)
    )?;
    Ok(())
}

/// `{"topics": [...]}`: a named list, so fields can be added beside it later.
#[derive(Debug, Serialize)]
struct Topics<T: Serialize> {
    topics: T,
}

/// One listed topic in JSON.
#[derive(Debug, Serialize)]
pub struct TopicListingJson<'a> {
    pub name: &'a str,
    pub internal: bool,
}

/// `topics --list` in any format (kt's table or JSON; `plain` as [`topic_list`]).
pub fn topic_list_as(
    out: &mut impl Write,
    format: OutputFormat,
    names: &[String],
) -> io::Result<()> {
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
pub fn topic_descriptions_as(
    out: &mut impl Write,
    format: OutputFormat,
    descriptions: &[TopicDescription],
    keep: impl Fn(&PartitionInfo) -> bool,
) -> io::Result<()> {
    match format {
        OutputFormat::Plain => unreachable!("plain descriptions are printed by topic_description"),
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
                    topic_id: topic_id_string(d.topic_id),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_format_matches_kafka() {
        let d = TopicDescription {
            name: "my-topic".into(),
            topic_id: Some(uuid::Uuid::from_u128(
                0x6119_2967_8e61_4930_9d4b_7600_081a_719e,
            )),
            internal: false,
            partitions: vec![PartitionInfo {
                id: 0,
                leader: Some(0),
                replicas: vec![0],
                isr: vec![0],
            }],
            configs: vec![],
        };
        let mut buf = Vec::new();
        topic_description(&mut buf, &d).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "Topic: my-topic\tTopicId: YRkpZ45hSTCdS3YACBpxng\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\
             \tTopic: my-topic\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: N/A\tLastKnownElr: N/A\n"
        );
    }
}
