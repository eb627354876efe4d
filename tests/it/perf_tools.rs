//! `kt producer-perf-test` and `kt consumer-perf-test` against a kt broker: Kafka's summary
//! lines, and the JSON report whose histogram accounts for every record.

use crate::common;

use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn perf_tools_print_kafkas_lines_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        let props = format!("bootstrap.servers={b}");
        let produce = |extra: &[&str]| {
            let mut args = vec![
                "producer-perf-test", "--topic", "perf", "--num-records", "5000",
                "--record-size", "100", "--throughput", "-1", "--producer-props", &props, "acks=1",
            ];
            args.extend_from_slice(extra);
            let (out, err, code) = common::run_kt(&args, "");
            assert_eq!((err.as_str(), code), ("", 0), "{out}");
            out
        };
        let out = produce(&[]);
        let line = regex::Regex::new(
            r"^5000 records sent, \d+\.\d{6} records/sec \(\d+\.\d{2} MB/sec\), \d+\.\d{2} ms avg latency, \d+\.00 ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.\n$",
        )
        .unwrap();
        assert!(line.is_match(&out), "{out:?}");

        let report: Value = serde_json::from_str(&produce(&["--output", "json", "--warmup-records", "1000"])).unwrap();
        let total = &report["total"];
        assert_eq!(total["records"], 5000);
        let counted: u64 = total["histogram"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
        assert_eq!(counted, 5000);
        assert!(total["p50_ms"].as_u64().unwrap() <= total["p99_ms"].as_u64().unwrap());
        assert_eq!(report["steady_state"]["records"], 4000);
        assert_eq!(report["failed"], 0);

        // 10,000 records of 100 bytes are now in the topic.
        let (out, err, code) = common::run_kt(
            ["consumer-perf-test", "--bootstrap-server", &b, "--topic", "perf", "--messages", "10000"],
            "",
        );
        assert_eq!((err.as_str(), code), ("", 0));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
        let fields: Vec<&str> = lines[1].split(", ").collect();
        assert_eq!(fields.len(), 10, "{out}");
        assert_eq!((fields[2], fields[4]), ("0.9537", "10000"), "{out}");

        let (out, _, code) = common::run_kt(
            ["consumer-perf-test", "--bootstrap-server", &b, "--topic", "perf", "--messages", "20000", "--timeout", "500", "--hide-header"],
            "",
        );
        assert_eq!(code, 0);
        assert!(out.starts_with("WARNING: Exiting before consuming the expected number of messages: timeout (500 ms) exceeded."), "{out}");

        let (out, _, code) = common::run_kt(
            ["consumer-perf-test", "--bootstrap-server", &b, "--include", "pe.*", "--messages", "10000", "--output", "json"],
            "",
        );
        assert_eq!(code, 0);
        let report: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["messages"], 10000);

        let (_, err, code) = common::run_kt(["producer-perf-test", "--topic", "perf", "--num-records", "1", "--record-size", "1", "--throughput", "-1"], "");
        assert_eq!((err.as_str(), code), ("error: Either --producer-props or --producer.config must be specified.\n", 1));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
