//! `kt log-dirs` (kafka-log-dirs.sh) and the DescribeLogDirs API behind it, on a healthy
//! broker: Kafka's lines and JSON, its filters and usage errors, and every version of the API.
//! An offline directory is shown in `disk_full`.

use std::time::Duration;

use kafka_protocol::messages::describe_log_dirs_request::DescribableLogDirTopic;
use kafka_protocol::messages::{DescribeLogDirsRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::common::{self, raw};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_dirs_describes_each_dir_as_kafka_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "dr", 1).await;
    common::create_topic(&bootstrap, "other", 2).await;
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for i in 0..5 {
        producer
            .send(
                FutureRecord::<(), _>::to("dr").payload(&format!("v{i}")),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    let logs = std::path::absolute(dir.path().join("logs")).unwrap();
    let logs = logs.display().to_string();
    let dr_size = std::fs::metadata(dir.path().join("logs/dr-0/00000000000000000000.log"))
        .unwrap()
        .len();
    let run = common::run_kt_async::<Vec<String>, String>;
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v = vec![
            "log-dirs".to_string(),
            "--bootstrap-server".into(),
            bootstrap.clone(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let part = |name: &str, size: u64| {
        format!("{{\"partition\":\"{name}\",\"size\":{size},\"offsetLag\":0,\"isFuture\":false}}")
    };
    let line = |partitions: &[String]| {
        format!(
            "Querying brokers for log directories information\n\
             Received log directory information from brokers 0\n\
             {{\"brokers\":[{{\"broker\":0,\"logDirs\":[{{\"partitions\":[{}],\"error\":null,\
             \"logDir\":\"{logs}\"}}]}}],\"version\":1}}\n",
            partitions.join(",")
        )
    };

    let (out, err, code) = run(args(&["--describe"])).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        line(&[
            part("dr-0", dr_size),
            part("other-0", 0),
            part("other-1", 0)
        ])
    );
    let (out, _, code) = run(args(&[
        "--describe",
        "--topic-list",
        "dr",
        "--broker-list",
        "0",
    ]))
    .await;
    assert_eq!((code, out), (0, line(&[part("dr-0", dr_size)])));
    // The Kafka script name runs the same tool.
    let mut kafka_named = args(&["--describe", "--topic-list", "other"]);
    kafka_named[0] = "kafka-log-dirs.sh".into();
    let (out, _, code) = run(kafka_named).await;
    assert_eq!(
        (code, out),
        (0, line(&[part("other-0", 0), part("other-1", 0)]))
    );
    let (out, err, code) = run(args(&[])).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("Missing required argument \"[describe]\"\n"),
        "{err}"
    );
    let (_, err, code) = run(args(&["--describe", "--broker-list", "0,7"])).await;
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "ERROR: The given brokers do not exist from --broker-list: 7. Current existent brokers: 0\n"
    );

    // Every version kt advertises (Kafka 3.9 also takes v0, the same bytes as v1, which the
    // kafka-protocol crate no longer decodes), asking for one partition by name.
    let addr = broker.addr();
    let answers = tokio::task::spawn_blocking(move || {
        let mut client = raw::Client::connect(addr);
        (1..=4i16)
            .map(|version| {
                let request = DescribeLogDirsRequest::default().with_topics(Some(vec![
                    DescribableLogDirTopic::default()
                        .with_topic(TopicName(StrBytes::from_static_str("dr")))
                        .with_partitions(vec![0]),
                ]));
                (version, client.call(version, &request))
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (version, response) in answers {
        assert_eq!(response.error_code, 0, "v{version}");
        assert_eq!(response.results.len(), 1, "v{version}");
        let result = &response.results[0];
        assert_eq!(result.error_code, 0);
        assert_eq!(result.log_dir.as_str(), logs);
        assert_eq!(result.topics.len(), 1, "v{version}");
        assert_eq!(result.topics[0].name.0.as_str(), "dr");
        let p = &result.topics[0].partitions;
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].partition_index, p[0].partition_size),
            (0, dr_size as i64)
        );
        if version >= 4 {
            assert!(
                result.total_bytes > 0 && result.usable_bytes > 0,
                "{result:?}"
            );
            assert!(result.usable_bytes <= result.total_bytes);
        }
    }
    broker.shutdown().await;
}
