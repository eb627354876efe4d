//! `--output table|json` and the console consumer's kt formats, checked against Kafka's plain
//! output of the same command: the JSON parsed back must say what the plain text says. Also
//! `kt configs` (kafka-configs) through the admin layer.

use crate::common;

use serde_json::Value;

/// Runs `kt ARGS... --bootstrap-server B`: (stdout, stderr, exit code).
fn run(b: &str, args: &[&str], stdin: &str) -> (String, String, i32) {
    common::run_kt(args.iter().copied().chain(["--bootstrap-server", b]), stdin)
}

/// stdout of a command that must succeed.
fn ok(b: &str, args: &[&str]) -> String {
    let (out, err, code) = run(b, args, "");
    assert_eq!(code, 0, "kt {args:?}: {err}");
    out
}

fn json(b: &str, args: &[&str]) -> Value {
    let out = ok(b, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("kt {args:?}: {e}: {out}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_and_tables_say_what_the_plain_output_says() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        let b = b.as_str();
        ok(b, &["topics", "--create", "--topic", "alpha", "--partitions", "2"]);
        ok(b, &["topics", "--create", "--topic", "beta"]);

        // --list
        let plain: Vec<String> = ok(b, &["topics", "--list"]).lines().map(String::from).collect();
        let doc = json(b, &["topics", "--list", "--output", "json"]);
        let names: Vec<String> = doc["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, plain);
        assert_eq!(doc["topics"][0]["internal"], Value::Bool(false));

        // --describe: every partition line of the plain output, rebuilt from the JSON.
        let plain = ok(b, &["topics", "--describe", "--topic", "alpha"]);
        let doc = json(b, &["topics", "--describe", "--topic", "alpha", "--output", "json"]);
        let t = &doc["topics"][0];
        let ids = |v: &Value| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut rebuilt = format!(
            "Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: \n",
            t["name"].as_str().unwrap(),
            t["topic_id"].as_str().unwrap(),
            t["partition_count"],
            t["replication_factor"]
        );
        for p in t["partitions"].as_array().unwrap() {
            rebuilt.push_str(&format!(
                "\tTopic: alpha\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tElr: N/A\tLastKnownElr: N/A\n",
                p["partition"],
                p["leader"],
                ids(&p["replicas"]),
                ids(&p["isr"])
            ));
        }
        assert_eq!(rebuilt, plain);

        // A table in a pipe: ASCII, no escape codes, one row per partition.
        let table = ok(b, &["topics", "--describe", "--output", "table"]);
        assert!(!table.contains('\x1b'), "{table:?}");
        assert!(table.contains("| TOPIC"), "{table}");
        assert_eq!(table.lines().filter(|l| l.starts_with("| alpha")).count(), 2);
        assert_eq!(table.lines().filter(|l| l.starts_with("| beta")).count(), 1);

        // get-offsets
        let records = "k1\tone\nk2\ttwo\nk3\tthree\n";
        let (_, err, code) = run(
            b,
            &["console-producer", "--topic", "beta", "--property", "parse.key=true"],
            records,
        );
        assert_eq!(code, 0, "{err}");
        let plain = ok(b, &["get-offsets", "--topic", "beta|alpha"]);
        let doc = json(b, &["get-offsets", "--topic", "beta|alpha", "--output", "json"]);
        let rebuilt: String = doc["offsets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| format!("{}:{}:{}\n", o["topic"].as_str().unwrap(), o["partition"], o["offset"]))
            .collect();
        assert_eq!(rebuilt, plain);
        assert_eq!(plain, "alpha:0:0\nalpha:1:0\nbeta:0:3\n");

        // console-consumer: JSON lines against Kafka's formatter with key, partition, offset.
        let consume = |extra: &[&str]| {
            let mut args = vec!["console-consumer", "--topic", "beta", "--from-beginning", "--max-messages", "3"];
            args.extend_from_slice(extra);
            let (out, err, code) = run(b, &args, "");
            assert_eq!((err.as_str(), code), ("Processed a total of 3 messages\n", 0));
            out
        };
        let plain = consume(&[
            "--property", "print.partition=true",
            "--property", "print.offset=true",
            "--property", "print.key=true",
        ]);
        let lines = consume(&["--output", "json"]);
        let rebuilt: String = lines
            .lines()
            .map(|l| {
                let r: Value = serde_json::from_str(l).unwrap();
                assert_eq!(r["topic"], "beta");
                assert_eq!(r["timestamp_type"], "CreateTime");
                assert!(r["timestamp"].as_i64().unwrap() > 0);
                assert_eq!(r["headers"], Value::Array(vec![]));
                format!(
                    "Partition:{}\tOffset:{}\t{}\t{}\n",
                    r["partition"],
                    r["offset"],
                    r["key"].as_str().unwrap(),
                    r["value"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(rebuilt, plain);
        assert_eq!(
            consume(&["--format", "%t %p %o %k=%s (%K/%S)\\n"]),
            "beta 0 0 k1=one (2/3)\nbeta 0 1 k2=two (2/3)\nbeta 0 2 k3=three (2/5)\n"
        );
        let (_, err, code) = run(b, &["console-consumer", "--topic", "beta", "--format", "%z"], "");
        assert_eq!(code, 1);
        assert!(err.starts_with("unsupported format token %z"), "{err}");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configs_describe_and_alter_like_kafka_configs() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        let b = b.as_str();
        ok(b, &["topics", "--create", "--topic", "conf"]);
        let describe = ["configs", "--describe", "--entity-type", "topics", "--entity-name", "conf"];
        assert_eq!(ok(b, &describe), "Dynamic configs for topic conf are:\n");

        let alter = run(
            b,
            &[
                "configs", "--alter", "--entity-type", "topics", "--entity-name", "conf",
                "--add-config", "retention.ms=60000,segment.bytes=[1048576]",
            ],
            "",
        );
        assert_eq!(alter, ("Completed updating config for topic conf.\n".into(), String::new(), 0));
        let plain = ok(b, &describe);
        assert_eq!(
            plain,
            "Dynamic configs for topic conf are:\n\
             \x20 retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}\n\
             \x20 segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576}\n"
        );
        // The same through kafka-topics --describe, and as JSON.
        let topics = ok(b, &["topics", "--describe", "--topic", "conf"]);
        assert!(topics.contains("Configs: retention.ms=60000,segment.bytes=1048576\n"), "{topics}");
        let mut args = describe.to_vec();
        args.extend(["--output", "json"]);
        let doc = json(b, &args);
        let e = &doc["entities"][0];
        assert_eq!((e["entity_type"].as_str(), e["entity_name"].as_str()), (Some("topics"), Some("conf")));
        let rebuilt: String = e["configs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let (n, v, s) = (c["name"].as_str().unwrap(), c["value"].as_str().unwrap(), c["source"].as_str().unwrap());
                format!("  {n}={v} sensitive={} synonyms={{{s}:{n}={v}}}\n", c["sensitive"])
            })
            .collect();
        assert_eq!(format!("Dynamic configs for topic conf are:\n{rebuilt}"), plain);

        // --topic shorthand, --delete-config, then --all shows the default back.
        ok(b, &["configs", "--alter", "--topic", "conf", "--delete-config", "retention.ms"]);
        let all = ok(b, &["configs", "--describe", "--topic", "conf", "--all"]);
        assert!(all.starts_with("All configs for topic conf are:\n"), "{all}");
        assert!(all.contains("\n  retention.ms=604800000 sensitive=false synonyms={DEFAULT_CONFIG:retention.ms=604800000}\n"), "{all}");
        assert!(all.contains("\n  segment.bytes=1048576 sensitive=false"), "{all}");

        // Failures: exit 1 with one line saying why.
        let (out, err, code) = run(b, &["configs", "--alter", "--topic", "conf", "--delete-config", "no.such"], "");
        assert_eq!((out.as_str(), err.as_str(), code), ("", "Invalid config(s): no.such\n", 1));
        let (_, err, code) = run(b, &["configs", "--alter", "--topic", "conf", "--add-config", "bogus=1"], "");
        assert_eq!((err.as_str(), code), ("Unknown topic config name: bogus\n", 1));
        let (_, err, code) = run(b, &["configs", "--describe", "--topic", "missing"], "");
        assert_eq!(code, 1);
        assert!(err.starts_with("Error while executing config command with args"), "{err}");
        assert!(err.lines().nth(1).unwrap().starts_with("error: "), "{err}");
        let (_, err, code) = run(b, &["configs", "--describe"], "");
        assert_eq!((err.as_str(), code), ("At least one --entity-type must be specified\n", 1));

        // Brokers: kt describes its static settings and refuses to change a static one at run
        // time (dynamic ones: broker_configs::).
        let brokers = ok(b, &["configs", "--describe", "--entity-type", "brokers", "--entity-name", "0", "--all"]);
        assert!(brokers.starts_with("All configs for broker 0 are:\n"), "{brokers}");
        assert!(brokers.contains("  listeners=PLAINTEXT://127.0.0.1:0 sensitive=false synonyms={STATIC_BROKER_CONFIG:listeners="), "{brokers}");
        let (_, err, code) = run(b, &["configs", "--alter", "--broker", "0", "--add-config", "log.dirs=/elsewhere"], "");
        assert_eq!(code, 1);
        assert_eq!(
            err,
            "Invalid config value for resource ConfigResource(type=BROKER, name='0'): \
             Cannot update these configs dynamically: Set(log.dirs)\n"
        );
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
