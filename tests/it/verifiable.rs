//! `kt verifiable-producer` (kafka-verifiable-producer.sh): its JSON events, parsed and
//! checked against what the topic holds, with keys, prefixes and create times.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};
use serde_json::Value;

use crate::common;

async fn kt(args: Vec<String>) -> (String, String, i32) {
    tokio::task::spawn_blocking(move || common::run_kt(&args, ""))
        .await
        .unwrap()
}

fn events(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// The field names of an event line in order (Kafka's order: timestamp, name, then the
/// event's own); the values in these events hold no `"` or `:` of their own.
fn keys(line: &str) -> Vec<String> {
    line.split(['{', ','])
        .filter_map(|part| part.strip_prefix('"')?.split_once("\":"))
        .map(|(name, _)| name.to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifiable_producer_prints_kafkas_events() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "t", 1).await;

    // v01: five values, Kafka's events in Kafka's order.
    let (out, err, code) = kt(vec![
        "verifiable-producer".into(),
        "--topic".into(),
        "t".into(),
        "--max-messages".into(),
        "5".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    let ev = events(&out);
    assert_eq!(ev.len(), 8, "{out}");
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "startup_complete");
    assert!(names[1..6].iter().all(|n| *n == "producer_send_success"));
    assert_eq!(&names[6..], ["shutdown_complete", "tool_data"]);
    let lines: Vec<&str> = out.lines().collect();
    for (i, e) in ev[1..6].iter().enumerate() {
        assert_eq!(
            keys(lines[i + 1]),
            [
                "timestamp",
                "name",
                "key",
                "value",
                "offset",
                "topic",
                "partition"
            ]
        );
        assert!(e["timestamp"].as_i64().unwrap() > 1_700_000_000_000);
        assert_eq!(e["key"], Value::Null);
        assert_eq!(e["value"], i.to_string());
        assert_eq!(e["offset"], i as i64);
        assert_eq!(
            (e["topic"].as_str(), e["partition"].as_i64()),
            (Some("t"), Some(0))
        );
    }
    assert_eq!(
        keys(lines[7]),
        [
            "timestamp",
            "name",
            "sent",
            "acked",
            "target_throughput",
            "avg_throughput"
        ]
    );
    assert_eq!(
        (ev[7]["sent"].as_i64(), ev[7]["acked"].as_i64()),
        (Some(5), Some(5))
    );
    assert_eq!(ev[7]["target_throughput"], -1);
    assert!(ev[7]["avg_throughput"].as_f64().unwrap() > 0.0);

    // Repeating keys, a value prefix, acks=1, a rate and create times, by Kafka's script name.
    let (out, err, code) = kt(vec![
        "kafka-verifiable-producer.sh".into(),
        "--topic".into(),
        "t".into(),
        "--max-messages".into(),
        "4".into(),
        "--repeating-keys".into(),
        "3".into(),
        "--value-prefix".into(),
        "7".into(),
        "--acks".into(),
        "1".into(),
        "--throughput".into(),
        "200".into(),
        "--message-create-time".into(),
        "1000000".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    let ev = events(&out);
    let sent: Vec<(Value, Value, Value)> = ev
        .iter()
        .filter(|e| e["name"] == "producer_send_success")
        .map(|e| (e["key"].clone(), e["value"].clone(), e["offset"].clone()))
        .collect();
    assert_eq!(
        sent,
        [
            ("0", "7.0", 5),
            ("1", "7.1", 6),
            ("2", "7.2", 7),
            ("0", "7.3", 8)
        ]
        .map(|(k, v, o)| (Value::from(k), Value::from(v), Value::from(o)))
    );
    assert_eq!(ev.last().unwrap()["target_throughput"], 200);

    // The topic holds what the events say.
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "verify")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset("t", 0, Offset::Beginning).unwrap();
    consumer.assign(&tpl).unwrap();
    let mut stored = Vec::new();
    while stored.len() < 9 {
        let m = consumer.poll(Duration::from_secs(10)).unwrap().unwrap();
        let key = m.key().map(|k| String::from_utf8(k.to_vec()).unwrap());
        let value = String::from_utf8(m.payload().unwrap().to_vec()).unwrap();
        stored.push((key, value, m.timestamp().to_millis().unwrap()));
    }
    assert_eq!(stored[4].0, None);
    assert_eq!(stored[4].1, "4");
    assert_eq!(stored[5], (Some("0".into()), "7.0".into(), 1_000_000));
    assert_eq!(stored[8].0.as_deref(), Some("0"));
    assert!(stored[8].2 >= 1_000_000);

    // acks outside Kafka's choices: refused, exit 1.
    let (out, err, code) = kt(vec![
        "verifiable-producer".into(),
        "--topic".into(),
        "t".into(),
        "--acks".into(),
        "2".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("Cannot parse argument '2' of option acks\n"),
        "{err}"
    );
    broker.shutdown().await;
}
