//! `kt verifiable-producer` (kafka-verifiable-producer.sh): its JSON events, parsed and
//! checked against what the topic holds, with keys, prefixes and create times.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};
use serde_json::Value;

use crate::common;

use crate::common::run_kt_async as kt;

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

/// The `records_consumed` summaries of a run: (topic, partition, count, minOffset, maxOffset).
fn summaries(ev: &[Value]) -> Vec<(String, i64, i64, i64, i64)> {
    ev.iter()
        .filter(|e| e["name"] == "records_consumed")
        .flat_map(|e| {
            let parts = e["partitions"].as_array().unwrap();
            let sum: i64 = parts.iter().map(|p| p["count"].as_i64().unwrap()).sum();
            assert_eq!(e["count"].as_i64(), Some(sum), "{e}");
            parts.iter().map(|p| {
                (
                    p["topic"].as_str().unwrap().to_string(),
                    p["partition"].as_i64().unwrap(),
                    p["count"].as_i64().unwrap(),
                    p["minOffset"].as_i64().unwrap(),
                    p["maxOffset"].as_i64().unwrap(),
                )
            })
        })
        .collect()
}

/// The group's committed offset and the end offset of each partition of `topic`.
fn committed_and_end(
    bootstrap: &str,
    group: &str,
    topic: &str,
    partitions: i32,
) -> Vec<(i64, i64)> {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", group)
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition(topic, p);
    }
    let committed = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .unwrap();
    (0..partitions)
        .map(|p| {
            let c = match committed.find_partition(topic, p).unwrap().offset() {
                Offset::Offset(n) => n,
                // Nothing committed: only right for a partition with nothing to read, which
                // the caller sees as a committed 0 against a non-zero end.
                Offset::Invalid => 0,
                other => panic!("partition {p}: committed {other:?}"),
            };
            let (_, high) = consumer
                .fetch_watermarks(topic, p, Duration::from_secs(10))
                .unwrap();
            (c, high)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifiable_consumer_prints_kafkas_events_and_commits() {
    const N: i64 = 30;
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "vc", 3).await;
    let (_, err, code) = kt(vec![
        "verifiable-producer".into(),
        "--topic".into(),
        "vc".into(),
        "--max-messages".into(),
        N.to_string(),
        "--repeating-keys".into(),
        "30".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""));

    // Synchronous commits after each batch (no --enable-autocommit).
    let (out, err, code) = kt(vec![
        "verifiable-consumer".into(),
        "--topic".into(),
        "vc".into(),
        "--group-id".into(),
        "g".into(),
        "--max-messages".into(),
        N.to_string(),
        "--session-timeout".into(),
        "10000".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let ev = events(&out);
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "startup_complete", "{out}");
    assert_eq!(*names.last().unwrap(), "shutdown_complete", "{out}");
    let assigned = names
        .iter()
        .position(|n| *n == "partitions_assigned")
        .unwrap();
    let first_records = names.iter().position(|n| *n == "records_consumed").unwrap();
    assert!(assigned < first_records, "{out}");
    let mut assigned_partitions: Vec<(String, i64)> = ev[assigned]["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["topic"].as_str().unwrap().into(),
                p["partition"].as_i64().unwrap(),
            )
        })
        .collect();
    assigned_partitions.sort();
    assert_eq!(
        assigned_partitions,
        [("vc".to_string(), 0), ("vc".into(), 1), ("vc".into(), 2)]
    );
    let lines: Vec<&str> = out.lines().collect();
    // Kafka's field order, the summaries' own included.
    assert_eq!(
        keys(lines[first_records])[..9],
        [
            "timestamp",
            "name",
            "count",
            "partitions",
            "topic",
            "partition",
            "count",
            "minOffset",
            "maxOffset"
        ]
    );
    // Field order inside a summary, as Jackson writes it.
    assert!(
        lines[first_records].contains("{\"topic\":\"vc\",\"partition\":"),
        "{}",
        lines[first_records]
    );
    // Per partition, the summaries cover 0 .. end without a gap or an overlap.
    let ends = committed_and_end(&bootstrap, "g", "vc", 3);
    let mut next = [0i64; 3];
    let mut total = 0;
    for (topic, p, count, min, max) in summaries(&ev) {
        assert_eq!(topic, "vc");
        assert_eq!(min, next[p as usize], "{out}");
        assert_eq!(max - min + 1, count, "{out}");
        next[p as usize] = max + 1;
        total += count;
    }
    assert_eq!(total, N, "{out}");
    assert_eq!(next.iter().sum::<i64>(), N);
    assert!(
        next.iter().all(|n| *n > 0),
        "a partition without records: {next:?}"
    );
    // Every batch is committed right after its summary, with the next offsets.
    for (i, e) in ev.iter().enumerate() {
        if e["name"] != "records_consumed" {
            continue;
        }
        let commit = &ev[i + 1];
        assert_eq!(commit["name"], "offsets_committed", "{out}");
        assert_eq!(commit["success"], true, "{out}");
        assert!(commit.get("error").is_none(), "{out}");
        let mut offsets: Vec<(i64, i64)> = commit["offsets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["partition"].as_i64().unwrap(),
                    o["offset"].as_i64().unwrap(),
                )
            })
            .collect();
        offsets.sort();
        let mut wanted: Vec<(i64, i64)> = e["partitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["partition"].as_i64().unwrap(),
                    p["maxOffset"].as_i64().unwrap() + 1,
                )
            })
            .collect();
        wanted.sort();
        assert_eq!(offsets, wanted, "{out}");
    }
    // The group's committed offsets are the end offsets.
    for (p, (committed, end)) in ends.iter().enumerate() {
        assert_eq!(*committed, next[p], "partition {p}");
        assert_eq!(committed, end, "partition {p}");
    }

    // Auto-commit and --verbose, by Kafka's script name: each record as record_data, no
    // offsets_committed events, and the offsets are committed all the same.
    let (out, err, code) = kt(vec![
        "kafka-verifiable-consumer.sh".into(),
        "--topic".into(),
        "vc".into(),
        "--group-id".into(),
        "g2".into(),
        "--max-messages".into(),
        N.to_string(),
        "--enable-autocommit".into(),
        "--verbose".into(),
        "--assignment-strategy".into(),
        "org.apache.kafka.clients.consumer.RoundRobinAssignor".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let ev = events(&out);
    let lines: Vec<&str> = out.lines().collect();
    assert!(ev.iter().all(|e| e["name"] != "offsets_committed"), "{out}");
    let data: Vec<usize> = (0..ev.len())
        .filter(|i| ev[*i]["name"] == "record_data")
        .collect();
    assert_eq!(data.len() as i64, N, "{out}");
    assert_eq!(
        keys(lines[data[0]]),
        [
            "timestamp",
            "name",
            "key",
            "value",
            "topic",
            "partition",
            "offset"
        ]
    );
    let mut values: Vec<i64> = data
        .iter()
        .map(|i| ev[*i]["value"].as_str().unwrap().parse().unwrap())
        .collect();
    values.sort();
    assert_eq!(values, (0..N).collect::<Vec<_>>());
    assert_eq!(summaries(&ev).iter().map(|s| s.2).sum::<i64>(), N);
    for (p, (committed, end)) in committed_and_end(&bootstrap, "g2", "vc", 3)
        .into_iter()
        .enumerate()
    {
        assert_eq!(committed, end, "partition {p}");
    }

    // Without --group-id: argparse4j's message, exit 1.
    let (out, err, code) = kt(vec![
        "verifiable-consumer".into(),
        "--topic".into(),
        "vc".into(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.ends_with("verifiable-consumer: error: argument --group-id is required\n"),
        "{err}"
    );
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifiable_consumer_stops_cleanly_on_sigterm() {
    use std::io::BufRead;
    const N: i64 = 10;
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "vs", 1).await;
    let (_, err, code) = kt(vec![
        "verifiable-producer".into(),
        "--topic".into(),
        "vs".into(),
        "--max-messages".into(),
        N.to_string(),
        "--bootstrap-server".into(),
        bootstrap.clone(),
    ])
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    let b = bootstrap.clone();
    let (lines, status) = tokio::task::spawn_blocking(move || {
        let mut child = std::process::Command::new(common::kt_path())
            .args(["verifiable-consumer", "--topic", "vs", "--group-id", "gs"])
            .args(["--bootstrap-server", &b])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id().to_string();
        let term = move || {
            let ok = std::process::Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap();
            assert!(ok.success());
        };
        // A bound on the test: stopped after 25 s whatever it printed.
        let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watchdog = {
            let finished = finished.clone();
            let term = term.clone();
            std::thread::spawn(move || {
                for _ in 0..250 {
                    if finished.load(std::sync::atomic::Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                term();
            })
        };
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        let mut seen = 0;
        let mut signalled = false;
        for line in stdout.lines() {
            let line = line.unwrap();
            let e: Value = serde_json::from_str(&line).unwrap();
            if e["name"] == "offsets_committed" {
                seen = e["offsets"][0]["offset"].as_i64().unwrap();
            }
            lines.push(line);
            if !signalled && seen >= N {
                // No --max-messages: it runs until stopped.
                term();
                signalled = true;
            }
        }
        let status = child.wait().unwrap();
        finished.store(true, std::sync::atomic::Ordering::SeqCst);
        watchdog.join().unwrap();
        (lines, status)
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0), "{lines:?}");
    let ev: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ev[0]["name"], "startup_complete");
    assert_eq!(ev.last().unwrap()["name"], "shutdown_complete", "{lines:?}");
    assert_eq!(summaries(&ev).iter().map(|s| s.2).sum::<i64>(), N);
    assert_eq!(committed_and_end(&bootstrap, "gs", "vs", 1), [(N, N)]);
    broker.shutdown().await;
}
