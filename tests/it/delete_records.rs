//! `kt delete-records` (kafka-delete-records.sh) and the DeleteRecords API behind it: Kafka's
//! lines, the effects of a deletion (low watermark, segments, the checkpoint, a fetch below the
//! new start, ListOffsets earliest, a restart) and Kafka's answers to bad input.

use std::path::Path;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::{BrokerId, FetchRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::common::{self, raw};

/// Runs kt off the async runtime.
use crate::common::run_kt_async as kt;

/// `kt delete-records --bootstrap-server B --offset-json-file FILE` with extra flags.
fn delete_args(bootstrap: &str, file: &Path, extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "delete-records".to_string(),
        "--bootstrap-server".into(),
        bootstrap.into(),
        "--offset-json-file".into(),
        file.display().to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// A fetch of `topic`-0 from `offset`: the partition's error code and log start offset.
async fn fetch_from(addr: std::net::SocketAddr, topic: &'static str, offset: i64) -> (i16, i64) {
    tokio::task::spawn_blocking(move || {
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(0)
            .with_min_bytes(1)
            .with_max_bytes(1 << 20)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_static_str(topic)))
                .with_partitions(vec![FetchPartition::default()
                    .with_partition(0)
                    .with_fetch_offset(offset)
                    .with_partition_max_bytes(1 << 20)])]);
        let response = raw::Client::connect(addr).call(11, &request);
        let p = &response.responses[0].partitions[0];
        (p.error_code, p.log_start_offset)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_records_moves_the_log_start_as_kafka_does() {
    let dir = tempfile::tempdir().unwrap();
    // Two one-record batches per segment: segments start at 0, 2 and 4.
    let extra = [("log.segment.bytes", "200")];
    let broker = common::start_broker(dir.path(), &extra).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "dr", 1).await;
    common::create_topic(&bootstrap, "other", 2).await;
    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "0")
        .create()
        .unwrap();
    for (topic, partition, n) in [("dr", 0, 5), ("other", 0, 4), ("other", 1, 4)] {
        for i in 0..n {
            producer
                .send(
                    FutureRecord::<(), _>::to(topic)
                        .partition(partition)
                        .payload(&format!("v{i}")),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    }
    let files = dir.path();
    let write = |name: &str, text: &str| {
        let path = files.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let segments = |name: &str| -> Vec<String> {
        let mut logs: Vec<String> = std::fs::read_dir(dir.path().join("logs").join(name))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".log"))
            .collect();
        logs.sort();
        logs
    };
    assert_eq!(
        segments("dr-0"),
        [
            "00000000000000000000.log",
            "00000000000000000002.log",
            "00000000000000000004.log"
        ]
    );

    // d01: Kafka's three lines, nothing on stderr.
    let delete_3 = write(
        "delete-3.json",
        r#"{"partitions":[{"topic":"dr","partition":0,"offset":3}],"version":1}"#,
    );
    let (out, err, code) = kt(delete_args(&bootstrap, &delete_3, &[])).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "Executing records delete operation\n\
         Records delete operation completed:\n\
         partition: dr-0\tlow_watermark: 3\n"
    );
    // The segment wholly below offset 3 is gone, the one holding 3 stays; the new start is in
    // the log-start-offset checkpoint already.
    assert_eq!(
        segments("dr-0"),
        ["00000000000000000002.log", "00000000000000000004.log"]
    );
    let checkpoint =
        std::fs::read_to_string(dir.path().join("logs/log-start-offset-checkpoint")).unwrap();
    assert!(checkpoint.lines().any(|l| l == "dr 0 3"), "{checkpoint}");
    // d02: ListOffsets earliest follows.
    let (out, _, code) = kt(vec![
        "get-offsets".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
        "--topic".into(),
        "dr".into(),
        "--time".into(),
        "-2".into(),
    ])
    .await;
    assert_eq!((code, out.as_str()), (0, "dr:0:3\n"));
    // A consumer below the new start is out of range (with the unknown offsets Kafka's
    // leader answers then); at it, it reads.
    assert_eq!(
        fetch_from(broker.addr(), "dr", 2).await,
        (ResponseError::OffsetOutOfRange.code(), -1)
    );
    assert_eq!(fetch_from(broker.addr(), "dr", 3).await, (0, 3));

    // d03: beyond the high watermark (5): the error line, Kafka's admin client's log line,
    // exit 0, nothing changed.
    let delete_10 = write(
        "delete-10.json",
        r#"{"partitions":[{"topic":"dr","partition":0,"offset":10}],"version":1}"#,
    );
    let (out, err, code) = kt(delete_args(&bootstrap, &delete_10, &[])).await;
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Executing records delete operation\n\
         Records delete operation completed:\n\
         partition: dr-0\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The \
         requested offset is not within the range of offsets maintained by the server.\n"
    );
    let err = err.split_once("] ").map(|(_, rest)| rest).unwrap_or(&err);
    assert_eq!(
        err,
        "ERROR [AdminClient clientId=adminclient-1] DeleteRecords request for topic partition \
         dr-0 failed due to an unexpected error OFFSET_OUT_OF_RANGE \
         (org.apache.kafka.clients.admin.internals.DeleteRecordsHandler)\n"
    );
    assert_eq!(fetch_from(broker.addr(), "dr", 3).await, (0, 3));

    // Several partitions, -1 (the high watermark) for one of them: printed in the order of
    // Kafka's HashMap, other-1 before other-0.
    let several = write(
        "several.json",
        r#"{"partitions":[{"topic":"other","partition":0,"offset":-1},{"topic":"other","partition":1,"offset":1}]}"#,
    );
    let (out, err, code) = kt(delete_args(&bootstrap, &several, &[])).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "Executing records delete operation\n\
         Records delete operation completed:\n\
         partition: other-1\tlow_watermark: 1\n\
         partition: other-0\tlow_watermark: 4\n"
    );

    // d04: a file that is not JSON: Kafka's message and exception, exit 1, nothing printed.
    let bad = write(
        "bad.json",
        r#"{"partitions":[{"topic":"dr","partition":0,"offset":}]"#,
    );
    let (out, err, code) = kt(delete_args(&bootstrap, &bad, &[])).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "The input string is not a valid JSON\n\
         org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON\n"
    );
    let duplicate = write(
        "duplicate.json",
        r#"{"partitions":[{"topic":"dr","partition":0,"offset":4},{"topic":"dr","partition":0,"offset":4}]}"#,
    );
    let (out, err, code) = kt(delete_args(&bootstrap, &duplicate, &[])).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("Offset json file contains duplicate topic partitions: dr-0\n"),
        "{err}"
    );
    let missing = files.join("no-such.json");
    let (_, err, code) = kt(delete_args(&bootstrap, &missing, &[])).await;
    assert_eq!(code, 1);
    assert!(
        err.starts_with(&format!("{}\n", missing.display())),
        "{err}"
    );
    let (_, err, code) = kt(vec![
        "delete-records".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!(code, 1);
    assert!(
        err.starts_with("Missing required argument \"[offset-json-file]\"\n"),
        "{err}"
    );
    // An unknown topic is looked up until default.api.timeout.ms, as Kafka's admin client does.
    let unknown = write(
        "unknown.json",
        r#"{"partitions":[{"topic":"nope","partition":0,"offset":1}],"version":1}"#,
    );
    let config = write("short.properties", "default.api.timeout.ms=300\n");
    let config = config.display().to_string();
    let mut args = delete_args(&bootstrap, &unknown, &["--command-config", &config]);
    // The Kafka script name runs the same tool.
    args[0] = "kafka-delete-records.sh".into();
    let (out, _, code) = kt(args).await;
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Executing records delete operation\n\
         Records delete operation completed:\n\
         partition: nope-0\terror: org.apache.kafka.common.errors.TimeoutException: Timed out \
         waiting for a node assignment. Call: deleteRecords(api=METADATA)\n"
    );

    // The new start survives a restart (the segment holding it starts at 2).
    broker.shutdown().await;
    let broker = common::start_broker(dir.path(), &extra).await;
    assert_eq!(fetch_from(broker.addr(), "dr", 3).await, (0, 3));
    assert_eq!(fetch_from(broker.addr(), "other", 4).await, (0, 4));
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compacted_topics_keep_their_records() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    let (_, err, code) = kt(vec![
        "topics".into(),
        "--create".into(),
        "--topic".into(),
        "kept".into(),
        "--config".into(),
        "cleanup.policy=compact".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    let file = dir.path().join("kept.json");
    std::fs::write(
        &file,
        r#"{"partitions":[{"topic":"kept","partition":0,"offset":0}],"version":1}"#,
    )
    .unwrap();
    let (out, _, code) = kt(delete_args(&bootstrap, &file, &[])).await;
    assert_eq!(code, 0);
    assert!(
        out.ends_with(
            "partition: kept-0\terror: org.apache.kafka.common.errors.PolicyViolationException: \
             Request parameters do not satisfy the configured policy.\n"
        ),
        "{out}"
    );
    broker.shutdown().await;
}
