//! `kt e2e-latency` (kafka-e2e-latency.sh): Kafka's lines (topic creation, progress every 1000
//! records, average and percentiles), the records it leaves in the topic (Kafka's payloads),
//! and Kafka's answers to bad arguments.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use crate::common;

use crate::common::run_kt_async as kt;

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

/// Checks the lines after the creation line: progress lines for records 0, 1000, ... (TAB,
/// a Java double), the average with four decimals and ordered whole-ms percentiles.
fn check_figures(lines: &[&str], records: usize) {
    let progress: Vec<usize> = (0..records).step_by(1000).collect();
    assert_eq!(lines.len(), progress.len() + 2, "{lines:?}");
    for (line, i) in lines.iter().zip(&progress) {
        let (n, ms) = line.split_once('\t').unwrap();
        assert_eq!(n, i.to_string());
        assert!(
            ms.contains('.') && ms.parse::<f64>().unwrap() > 0.0,
            "{line}"
        );
    }
    let average = lines[progress.len()]
        .strip_prefix("Avg latency: ")
        .and_then(|l| l.strip_suffix(" ms"))
        .unwrap();
    assert_eq!(average.split_once('.').unwrap().1.len(), 4, "{average}");
    assert!(average.parse::<f64>().unwrap() > 0.0);
    let percentiles: Vec<u64> = lines[progress.len() + 1]
        .strip_prefix("Percentiles: 50th = ")
        .unwrap()
        .split([',', '='])
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    assert_eq!(percentiles.len(), 3, "{lines:?}");
    assert!(percentiles[0] <= percentiles[1] && percentiles[1] <= percentiles[2]);
    assert!(
        lines[progress.len() + 1].contains(", 99th = ")
            && lines[progress.len() + 1].contains(", 99.9th = ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e2e_latency_prints_kafkas_lines() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();

    // f03: a missing topic is created and said so.
    let (out, err, code) = kt(args(&[
        "e2e-latency",
        &bootstrap,
        "e2e",
        "1001",
        "all",
        "50",
    ]))
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Topic \"e2e\" does not exist. Will create topic with 1 partition(s) and replication factor = 1"
    );
    check_figures(&lines[1..], 1001);
    // f04: an existing topic, through Kafka's script name, acks=1.
    let (out, err, code) = kt(args(&[
        "kafka-e2e-latency.sh",
        &bootstrap,
        "e2e",
        "5",
        "1",
        "50",
    ]))
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    check_figures(&out.lines().collect::<Vec<_>>(), 5);

    // The records are Kafka's: record i is one letter from java.util.Random(0), repeated.
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "e2e-check")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset("e2e", 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&tpl).unwrap();
    let mut values = Vec::new();
    while values.len() < 1006 {
        match consumer.poll(Duration::from_secs(10)) {
            Some(Ok(m)) => values.push(m.payload().unwrap().to_vec()),
            other => panic!("after {} records: {other:?}", values.len()),
        }
    }
    assert!(values
        .iter()
        .all(|v| v.len() == 50 && v.iter().all(|&b| b == v[0])));
    let first: String = values[..5].iter().map(|v| v[0] as char).collect();
    assert_eq!(first, "SSXVN");
    // The second run starts the same sequence again.
    let second: String = values[1001..].iter().map(|v| v[0] as char).collect();
    assert_eq!(second, "SSXVN");

    // Bad arguments: Kafka's messages, exit 1, nothing sent.
    let (out, err, code) = kt(args(&["e2e-latency", &bootstrap, "e2e", "5", "0", "50"])).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "Latency testing requires synchronous acknowledgement. Please use 1 or all\n\
         java.lang.IllegalArgumentException: Latency testing requires synchronous acknowledgement. Please use 1 or all\n"
    );
    let (out, err, code) = kt(args(&["e2e-latency", &bootstrap, "e2e", "5"])).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "USAGE: java org.apache.kafka.tools.EndToEndLatency broker_list topic num_messages \
         producer_acks message_size_bytes [optional] properties_file\n"
    );
    let (_, err, code) = kt(args(&["e2e-latency", &bootstrap, "e2e", "five", "1", "50"])).await;
    assert_eq!(code, 1);
    assert!(err.starts_with("For input string: \"five\"\n"), "{err}");
    let (watermarks_low, watermarks_high) = consumer
        .fetch_watermarks("e2e", 0, Duration::from_secs(5))
        .unwrap();
    assert_eq!((watermarks_low, watermarks_high), (0, 1006));
    broker.shutdown().await;
}
