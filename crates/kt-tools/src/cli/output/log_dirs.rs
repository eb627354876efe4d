//! `log-dirs --describe`: Kafka's one JSON line, with its key order (that of the Java
//! `HashMap`s LogDirsCommand prints: `brokers` before `version`, `partitions`, `error`,
//! `logDir`; `partition`, `size`, `offsetLag`, `isFuture`).

use std::io::{self, Write};

use kafka_protocol::error::ResponseError;

use crate::admin::log_dirs::LogDirDescription;

/// Prints the JSON line for each broker's log directories, keeping only the partitions of
/// `topics` (all when empty).
pub fn log_dirs_json(
    out: &mut impl Write,
    brokers: &[(i32, Vec<LogDirDescription>)],
    topics: &[String],
) -> io::Result<()> {
    let string = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let brokers: Vec<String> = brokers
        .iter()
        .map(|(id, dirs)| {
            let dirs: Vec<String> = dirs
                .iter()
                .map(|dir| {
                    let partitions: Vec<String> = dir
                        .replicas
                        .iter()
                        .filter(|r| topics.is_empty() || topics.contains(&r.topic))
                        .map(|r| {
                            format!(
                                "{{\"partition\":{},\"size\":{},\"offsetLag\":{},\"isFuture\":{}}}",
                                string(&format!("{}-{}", r.topic, r.partition)),
                                r.size,
                                r.offset_lag,
                                r.is_future
                            )
                        })
                        .collect();
                    let error = dir
                        .error
                        .map_or("null".to_string(), |e| string(exception_class(e)));
                    format!(
                        "{{\"partitions\":[{}],\"error\":{error},\"logDir\":{}}}",
                        partitions.join(","),
                        string(&dir.log_dir)
                    )
                })
                .collect();
            format!("{{\"broker\":{id},\"logDirs\":[{}]}}", dirs.join(","))
        })
        .collect();
    writeln!(out, "{{\"brokers\":[{}],\"version\":1}}", brokers.join(","))
}

/// The Java exception class Kafka's admin client turns an error code into (LogDirsCommand
/// prints the class name).
fn exception_class(error: ResponseError) -> &'static str {
    match error {
        ResponseError::KafkaStorageError => "org.apache.kafka.common.errors.KafkaStorageException",
        ResponseError::LogDirNotFound => "org.apache.kafka.common.errors.LogDirNotFoundException",
        ResponseError::ClusterAuthorizationFailed => {
            "org.apache.kafka.common.errors.ClusterAuthorizationException"
        }
        _ => "org.apache.kafka.common.errors.UnknownServerException",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::log_dirs::ReplicaInfo;

    fn replica(topic: &str, partition: i32, size: i64) -> ReplicaInfo {
        ReplicaInfo {
            topic: topic.into(),
            partition,
            size,
            offset_lag: 0,
            is_future: false,
        }
    }

    /// Kafka's line for a healthy directory (reference l01/l02), and the error field of an
    /// offline one.
    #[test]
    fn prints_kafkas_json_line() {
        let healthy = LogDirDescription {
            log_dir: "/tmp/kafka-logs-0".into(),
            error: None,
            replicas: vec![replica("other", 1, 0), replica("dr", 0, 106)],
            total_bytes: 10,
            usable_bytes: 5,
        };
        let offline = LogDirDescription {
            log_dir: "/mnt/full".into(),
            error: Some(ResponseError::KafkaStorageError),
            replicas: Vec::new(),
            total_bytes: -1,
            usable_bytes: -1,
        };
        let mut out = Vec::new();
        log_dirs_json(&mut out, &[(0, vec![healthy.clone()])], &[]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"brokers\":[{\"broker\":0,\"logDirs\":[{\"partitions\":[{\"partition\":\"other-1\",\"size\":0,\"offsetLag\":0,\"isFuture\":false},{\"partition\":\"dr-0\",\"size\":106,\"offsetLag\":0,\"isFuture\":false}],\"error\":null,\"logDir\":\"/tmp/kafka-logs-0\"}]}],\"version\":1}\n"
        );
        let mut out = Vec::new();
        log_dirs_json(&mut out, &[(0, vec![healthy, offline])], &["dr".into()]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"brokers\":[{\"broker\":0,\"logDirs\":[{\"partitions\":[{\"partition\":\"dr-0\",\"size\":106,\"offsetLag\":0,\"isFuture\":false}],\"error\":null,\"logDir\":\"/tmp/kafka-logs-0\"},{\"partitions\":[],\"error\":\"org.apache.kafka.common.errors.KafkaStorageException\",\"logDir\":\"/mnt/full\"}]}],\"version\":1}\n"
        );
    }
}
