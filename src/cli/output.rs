//! Printers: every byte the admin tools write, in Kafka's formats. Commands compute data; this
//! module decides how it looks.

use std::io::{self, Write};

use base64::Engine;

use crate::admin::{client::log_timestamp, AdminError, PartitionInfo, TopicDescription};

/// Where command output goes: a locked, buffered stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

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

/// `topic:partition:offset` lines of get-offsets.
pub fn offsets(out: &mut impl Write, offsets: &[crate::admin::PartitionOffset]) -> io::Result<()> {
    for o in offsets {
        if let Some(off) = o.offset {
            writeln!(out, "{}:{}:{}", o.topic, o.partition, off)?;
        }
    }
    out.flush()
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
