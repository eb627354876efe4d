//! The Kafka quickstart typed as a user types it, with the `kt` binary against a broker on
//! 127.0.0.1: the outputs and exit codes are Apache Kafka 3.9's (shared/reference/outputs.md).

use crate::common;

/// Runs `kt ARGS... --bootstrap-server B` with `stdin`: (stdout, stderr, exit code).
fn run(bootstrap: &str, args: &[&str], stdin: &str) -> (String, String, i32) {
    let args = args
        .iter()
        .copied()
        .chain(["--bootstrap-server", bootstrap]);
    common::run_kt(args, stdin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quickstart_prints_what_kafka_prints() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        let create = run(&b, &["topics", "--create", "--topic", "my-topic"], "");
        assert_eq!(create, ("Created topic my-topic.\n".into(), String::new(), 0));

        let list = run(&b, &["topics", "--list"], "");
        assert_eq!(list, ("my-topic\n".into(), String::new(), 0));

        let (out, err, code) = run(&b, &["topics", "--describe", "--topic", "my-topic"], "");
        assert_eq!((err.as_str(), code), ("", 0));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        let id = lines[0]
            .strip_prefix("Topic: my-topic\tTopicId: ")
            .and_then(|rest| rest.strip_suffix("\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: "))
            .unwrap_or_else(|| panic!("describe header: {:?}", lines[0]));
        assert_eq!(id.len(), 22, "base64 topic id: {id}");
        assert_eq!(
            lines[1],
            "\tTopic: my-topic\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: N/A\tLastKnownElr: N/A"
        );

        let events = "This is my first event\nThis is my second event\nline three\nline four\nline five\n";
        let produce = run(&b, &["console-producer", "--topic", "my-topic"], events);
        assert_eq!(produce, (String::new(), String::new(), 0));

        let consume = run(
            &b,
            &["console-consumer", "--topic", "my-topic", "--from-beginning", "--max-messages", "5"],
            "",
        );
        assert_eq!(
            consume,
            (events.into(), "Processed a total of 5 messages\n".into(), 0)
        );

        let offsets = run(&b, &["get-offsets", "--topic", "my-topic"], "");
        assert_eq!(offsets, ("my-topic:0:5\n".into(), String::new(), 0));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_kafkas_messages_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        run(&b, &["topics", "--create", "--topic", "my-topic"], "");
        let (out, err, code) = run(&b, &["topics", "--create", "--topic", "my-topic"], "");
        assert_eq!(out, "Error while executing topic command : Topic 'my-topic' already exists.\n");
        assert_eq!(code, 1);
        assert_eq!(err.lines().count(), 1, "one line on stderr: {err}");
        assert!(err.contains("TopicExistsException"), "{err}");

        let (out, _, code) = run(&b, &["topics", "--describe", "--topic", "no-such-topic"], "");
        assert_eq!(
            out,
            "Error while executing topic command : Topic 'Optional[no-such-topic]' does not exist as expected\n"
        );
        assert_eq!(code, 1);

        let (out, _, code) = run(&b, &["topics", "--delete", "--topic", "no-such-topic"], "");
        assert!(out.contains("does not exist as expected"), "{out}");
        assert_eq!(code, 1);

        let (out, _, code) = run(
            &b,
            &["topics", "--create", "--topic", "rf3", "--replication-factor", "3"],
            "",
        );
        assert_eq!(
            out,
            "Error while executing topic command : Replication factor: 3 larger than available brokers: 1.\n"
        );
        assert_eq!(code, 1);

        let (out, err, code) = run(&b, &["topics", "--list", "--bogus-flag"], "");
        assert_eq!((out.as_str(), code), ("", 1));
        assert_eq!(err.lines().next(), Some("bogus-flag is not a recognized option"));

        let (_, err, code) = run(&b, &["console-producer"], "x\n");
        assert_eq!(code, 1);
        assert_eq!(err.lines().next(), Some("Missing required argument \"[topic]\""));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
