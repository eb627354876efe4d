//! `kt delete-records`: kafka-delete-records.sh (DeleteRecordsCommand). Reads Kafka's offset
//! JSON file, deletes the records below each offset and prints each partition's new low
//! watermark (or its error) as Kafka's tool does. A file Kafka would refuse is refused with
//! Kafka's message and exit code 1, before anything is deleted.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::client::log_timestamp;
use crate::admin::delete_records::{delete_records, error_name, java_hash_map_order};

/// Flags of `kt delete-records`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to delete records of the given partitions down to the specified offset.",
    after_help = "The offset JSON file names each partition and the offset below which its records \
                  go (-1: below the high watermark):\n  \
                  {\"partitions\": [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}], \"version\": 1}\n\n\
                  Examples:\n  \
                  kt delete-records --bootstrap-server localhost:9092 --offset-json-file delete.json\n  \
                  kafka-delete-records.sh --bootstrap-server localhost:9092 --offset-json-file \
                  delete.json --command-config client.properties"
)]
pub struct DeleteRecordsArgs {
    /// REQUIRED: The server to connect to.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// REQUIRED: The JSON file with offset per partition. The format to use is:
    /// {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}
    #[arg(long, value_name = "FILE")]
    pub offset_json_file: Option<PathBuf>,
    /// A property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
}

/// Why the offset file was refused: the Java exception Kafka's tool fails with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OffsetFileError {
    /// The exception's class, printed on the line after the message as in Kafka's stack trace.
    pub class: &'static str,
    pub message: String,
}

const ADMIN_OPERATION: &str = "org.apache.kafka.server.common.AdminOperationException";
const JSON_MAPPING: &str = "com.fasterxml.jackson.databind.JsonMappingException";
const COMMAND_FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";

/// Parses Kafka's offset JSON (version 1) into `(topic, partition, offset)` in file order, with
/// DeleteRecordsCommand's checks and messages; a partition named twice is refused.
pub fn parse_offset_json(text: &str) -> Result<Vec<(String, i32, i64)>, OffsetFileError> {
    let mapping = |message: String| OffsetFileError {
        class: JSON_MAPPING,
        message,
    };
    let js: Value = serde_json::from_str(text).map_err(|_| OffsetFileError {
        class: ADMIN_OPERATION,
        message: "The input string is not a valid JSON".into(),
    })?;
    let object = js
        .as_object()
        .ok_or_else(|| mapping(format!("Expected JSON object, received {js}")))?;
    let version = match object.get("version") {
        Some(v) => as_int(v).ok_or_else(|| expected("Integer", v))?,
        None => 1,
    };
    if version != 1 {
        return Err(OffsetFileError {
            class: ADMIN_OPERATION,
            message: format!("Not supported version field value {version}"),
        });
    }
    let partitions = object.get("partitions").ok_or_else(|| OffsetFileError {
        class: ADMIN_OPERATION,
        message: "Missing partitions field".into(),
    })?;
    let partitions = partitions
        .as_array()
        .ok_or_else(|| mapping(format!("Expected JSON array, received {partitions}")))?;
    let mut wanted: Vec<(String, i32, i64)> = Vec::new();
    let mut duplicates: Vec<(String, i32)> = Vec::new();
    for entry in partitions {
        let entry = entry
            .as_object()
            .ok_or_else(|| mapping(format!("Expected JSON object, received {entry}")))?;
        let field = |name: &str| {
            entry
                .get(name)
                .ok_or_else(|| mapping(format!("No such field exists: `{name}`")))
        };
        let topic = field("topic")?;
        let topic = topic
            .as_str()
            .ok_or_else(|| expected("String", topic))?
            .to_string();
        let partition = field("partition")?;
        let partition = as_int(partition).ok_or_else(|| expected("Integer", partition))?;
        let offset = field("offset")?;
        let offset = offset.as_i64().ok_or_else(|| expected("Long", offset))?;
        if wanted
            .iter()
            .any(|(t, p, _)| *t == topic && *p == partition)
            && !duplicates
                .iter()
                .any(|(t, p)| *t == topic && *p == partition)
        {
            duplicates.push((topic.clone(), partition));
        }
        wanted.push((topic, partition, offset));
    }
    if !duplicates.is_empty() {
        let names: Vec<String> = java_hash_map_order(&duplicates)
            .into_iter()
            .map(|i| format!("{}-{}", duplicates[i].0, duplicates[i].1))
            .collect();
        return Err(OffsetFileError {
            class: COMMAND_FAILED,
            message: format!(
                "Offset json file contains duplicate topic partitions: {}",
                names.join(",")
            ),
        });
    }
    Ok(wanted)
}

/// A JSON integer that fits Java's `int` (Jackson's `isInt`).
fn as_int(v: &Value) -> Option<i32> {
    v.as_i64().and_then(|n| i32::try_from(n).ok())
}

/// Kafka's `DecodeJson` refusal: ``Expected `Integer` value, received "1"``.
fn expected(java_type: &str, v: &Value) -> OffsetFileError {
    OffsetFileError {
        class: JSON_MAPPING,
        message: format!("Expected `{java_type}` value, received {v}"),
    }
}

/// Runs `kt delete-records` and returns the exit code.
pub fn run(args: DeleteRecordsArgs) -> i32 {
    let Some(bootstrap) = args.bootstrap_server else {
        return UsageError::new("Missing required argument \"[bootstrap-server]\"")
            .report("delete-records");
    };
    let Some(file) = args.offset_json_file else {
        return UsageError::new("Missing required argument \"[offset-json-file]\"")
            .report("delete-records");
    };
    // Kafka reads the client properties, then the file, then parses it: each failure is its
    // message and the exception's name, exit 1.
    let fail = |message: &str, class: &str| {
        eprintln!("{message}");
        eprintln!("{class}: {message}");
        1
    };
    let properties = match &args.command_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => return fail(&format!("{e:#}"), "java.io.IOException"),
        },
        None => Vec::new(),
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                &file.display().to_string(),
                "java.nio.file.NoSuchFileException",
            )
        }
        Err(e) => return fail(&format!("{}: {e}", file.display()), "java.io.IOException"),
    };
    let wanted = match parse_offset_json(&text) {
        Ok(wanted) => wanted,
        Err(e) => return fail(&e.message, e.class),
    };
    let result = (|| -> anyhow::Result<()> {
        let mut out = super::output::stdout();
        writeln!(out, "Executing records delete operation")?;
        out.flush()?;
        let outcomes =
            super::runtime()?.block_on(delete_records(&bootstrap, &properties, &wanted))?;
        writeln!(out, "Records delete operation completed:")?;
        let keys: Vec<(String, i32)> = wanted.iter().map(|(t, p, _)| (t.clone(), *p)).collect();
        for i in java_hash_map_order(&keys) {
            let (topic, partition) = &keys[i];
            match &outcomes[i] {
                Ok(low_watermark) => writeln!(
                    out,
                    "partition: {topic}-{partition}\tlow_watermark: {low_watermark}"
                )?,
                Err((failure, code)) => {
                    if let Some(code) = code {
                        // The log line of Kafka's DeleteRecordsHandler.
                        let kind = if failure.class == "TopicAuthorizationException" {
                            "an error"
                        } else {
                            "an unexpected error"
                        };
                        eprintln!(
                            "{} ERROR [AdminClient clientId=adminclient-1] DeleteRecords request \
                             for topic partition {topic}-{partition} failed due to {kind} {} \
                             (org.apache.kafka.clients.admin.internals.DeleteRecordsHandler)",
                            log_timestamp(),
                            error_name(*code)
                        );
                    }
                    writeln!(out, "partition: {topic}-{partition}\terror: {failure}")?
                }
            }
        }
        out.flush()?;
        Ok(())
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        parse_offset_json(text).unwrap_err().message
    }

    #[test]
    fn offset_json_is_read_and_checked_as_kafka_does() {
        assert_eq!(
            parse_offset_json(
                r#"{"partitions":[{"topic":"dr","partition":0,"offset":3},{"topic":"dr","partition":1,"offset":-1}],"version":1}"#
            )
            .unwrap(),
            vec![("dr".to_string(), 0, 3), ("dr".to_string(), 1, -1)]
        );
        // The version may be left out.
        assert_eq!(
            parse_offset_json(r#"{"partitions":[]}"#).unwrap(),
            Vec::<(String, i32, i64)>::new()
        );
        assert_eq!(
            refused(r#"{"partitions":[{"topic":"dr","partition":0,"offset":}]"#),
            "The input string is not a valid JSON"
        );
        assert_eq!(refused(r#"{"version":1}"#), "Missing partitions field");
        assert_eq!(
            refused(r#"{"partitions":[],"version":2}"#),
            "Not supported version field value 2"
        );
        assert_eq!(
            refused(r#"{"partitions":[],"version":"1"}"#),
            "Expected `Integer` value, received \"1\""
        );
        assert_eq!(
            refused(r#"{"partitions":[{"topic":"dr","offset":1}]}"#),
            "No such field exists: `partition`"
        );
        assert_eq!(
            refused(r#"{"partitions":[{"topic":"dr","partition":0,"offset":"x"}]}"#),
            "Expected `Long` value, received \"x\""
        );
        assert_eq!(refused("[1]"), "Expected JSON object, received [1]");
        assert_eq!(
            refused(
                r#"{"partitions":[{"topic":"a","partition":0,"offset":1},{"topic":"a","partition":0,"offset":2}]}"#
            ),
            "Offset json file contains duplicate topic partitions: a-0"
        );
    }
}
