//! kafka-metadata-shell.sh over a KRaft node of kt: the node records its topics, partitions,
//! configs and registration in `__cluster_metadata-0` in Kafka's record format, and
//! `kt metadata-shell` reads them back laid out as Kafka 3.9's shell lays out its image
//! (`/image/...`, `/local/...`), with Kafka's `ls`/`cat`/`tree`/`find` output.

use crate::common::{self, KtProcess};

use std::path::Path;
use std::time::Duration;

fn kt_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = common::kt_command()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.code().unwrap_or(-1),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (out, err, code) = kt_in(dir, args);
    assert_eq!(code, 0, "kt {args:?}: {err}");
    out
}

#[test]
fn metadata_shell_reads_a_kraft_nodes_topics_configs_and_registration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (broker_port, controller_port) = (common::free_port(), common::free_port());
    let node = 1;
    let logs = root.join("kraft-logs");
    let config = format!(
        "process.roles=broker,controller\n\
         node.id={node}\n\
         controller.quorum.voters={node}@127.0.0.1:{controller_port}\n\
         listeners=PLAINTEXT://127.0.0.1:{broker_port},CONTROLLER://127.0.0.1:{controller_port}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{broker_port}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
         log.dirs={}\n",
        logs.display()
    );
    std::fs::write(root.join("kraft.properties"), config).unwrap();
    let cluster_id = ok(root, &["storage", "random-uuid"]).trim().to_string();
    ok(
        root,
        &[
            "storage",
            "format",
            "-t",
            &cluster_id,
            "-c",
            "kraft.properties",
        ],
    );
    let directory_id = std::fs::read_to_string(logs.join("meta.properties"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("directory.id=").map(str::to_string))
        .unwrap();

    // KtProcess::start runs kt in the test's directory: the config path is absolute.
    let config_path = root.join("kraft.properties");
    let mut server = KtProcess::start(["server-start", config_path.to_str().unwrap()], broker_port);
    let b = format!("127.0.0.1:{broker_port}");
    let b = b.as_str();
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "orders",
            "--partitions",
            "3",
            "--config",
            "retention.ms=12345",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "payments",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "gone",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--delete",
            "--topic",
            "gone",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "configs",
            "--alter",
            "--entity-type",
            "topics",
            "--entity-name",
            "payments",
            "--add-config",
            "cleanup.policy=compact",
            "--bootstrap-server",
            b,
        ],
    );
    let describe = ok(
        root,
        &[
            "topics",
            "--describe",
            "--topic",
            "orders",
            "--bootstrap-server",
            b,
        ],
    );
    let orders_id = describe
        .split("TopicId: ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();
    server.kill_9();

    let log_dir = logs.join("__cluster_metadata-0");
    let segment = log_dir.join("00000000000000000000.log");
    let seg = segment.to_str().unwrap();
    let shell = |args: &[&str]| -> String {
        let mut full = vec!["metadata-shell", "--snapshot", seg];
        full.extend_from_slice(args);
        ok(root, &full)
    };

    assert_eq!(shell(&["ls", "/"]), "image\nlocal\n");
    assert_eq!(
        shell(&["ls", "/image"]),
        "acls\nclientQuotas\ncluster\nconfigs\ndelegationToken\nfeatures\nproducerIds\n\
         provenance\nscram\ntopics\n"
    );
    assert_eq!(shell(&["ls", "/image/topics/byName"]), "orders\npayments\n");
    assert_eq!(
        shell(&["cat", "/image/topics/byName/orders/id"]),
        format!("{orders_id}\n")
    );
    let partition = format!(
        "PartitionRegistration(replicas=[{node}], directories=[{directory_id}], isr=[{node}], \
         removingReplicas=[], addingReplicas=[], elr=[], lastKnownElr=[], leader={node}, \
         leaderRecoveryState=RECOVERED, leaderEpoch=0, partitionEpoch=0)"
    );
    assert_eq!(
        shell(&["cat", "/image/topics/byName/orders/2"]),
        format!("{partition}\n")
    );
    assert_eq!(
        shell(&["ls", &format!("/image/topics/byId/{orders_id}")]),
        "0\n1\n2\nid\nname\n"
    );
    assert_eq!(
        shell(&["cat", "/image/configs/TOPIC:orders/retention.ms"]),
        "12345\n"
    );
    assert_eq!(
        shell(&["cat", "/image/configs/TOPIC:payments/cleanup.policy"]),
        "compact\n"
    );
    assert_eq!(
        shell(&["cat", "/image/features/metadataVersion"]),
        "3.9-IV0\n"
    );
    assert_eq!(
        shell(&["cat", "/image/features/zkMigrationState"]),
        "NONE\n"
    );
    let broker = shell(&["cat", &format!("/image/cluster/brokers/{node}")]);
    assert!(
        broker.starts_with(&format!("BrokerRegistration(id={node}, epoch=")),
        "{broker}"
    );
    assert!(
        broker.contains(&format!(
            "listeners=[Endpoint(listenerName='PLAINTEXT', securityProtocol=PLAINTEXT, \
             host='127.0.0.1', port={broker_port})]"
        )),
        "{broker}"
    );
    assert!(
        broker.ends_with(&format!(
            "rack=Optional.empty, fenced=false, inControlledShutdown=false, \
             isMigratingZkBroker=false, directories=[{directory_id}])\n"
        )),
        "{broker}"
    );
    let payments_id = shell(&["cat", "/image/topics/byName/payments/id"]);
    assert_eq!(
        shell(&["tree", "/image/topics/byName/payments"]),
        format!("0:\n  {partition}\nid:\n  {payments_id}name:\n  payments\n")
    );
    assert_eq!(
        shell(&["find", "/image/topics/byName/payments"]),
        "/image/topics/byName/payments\n/image/topics/byName/payments/0\n\
         /image/topics/byName/payments/id\n/image/topics/byName/payments/name\n"
    );
    // Globs, and two targets of ls with their introductions.
    assert_eq!(
        shell(&["cat", "/image/topics/byName/*/name"]),
        "orders\npayments\n"
    );
    assert_eq!(
        shell(&["ls", "/image/cluster", "/local"]),
        "cluster:\nbrokers\ncontrollers\n\nlocal:\ncommitId\nversion\n"
    );
    let provenance = shell(&["cat", "/image/provenance"]);
    assert!(
        provenance.starts_with("offset ") && provenance.contains(", epoch 1, time 20"),
        "{provenance}"
    );
    assert!(provenance.trim_end().ends_with("Z[UTC]"), "{provenance}");

    // The whole directory reads the same; the segment is Kafka's batch format (dump-log
    // checks every batch's CRC).
    let (by_dir, _, code) = kt_in(
        root,
        &[
            "kafka-metadata-shell.sh",
            "--directory",
            log_dir.to_str().unwrap(),
            "ls",
            "/image/topics/byName",
        ],
    );
    assert_eq!((by_dir.as_str(), code), ("orders\npayments\n", 0));
    let dump = ok(root, &["dump-log", "--files", seg]);
    assert!(dump.contains("baseOffset: 0"), "{dump}");

    // A path that is not there is Kafka's in-band message; bad input exits 1 with a reason.
    assert_eq!(
        shell(&["cat", "/image/topics/byName/gone"]),
        "cat: /image/topics/byName/gone: No such file or directory.\n"
    );
    let (_, err, code) = kt_in(root, &["metadata-shell", "--snapshot", seg, "frob"]);
    assert_eq!(code, 1);
    assert!(err.contains("invalid choice: 'frob'"), "{err}");
    let (_, err, code) = kt_in(
        root,
        &["metadata-shell", "--snapshot", "/nonexistent/x.log", "ls"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/x.log does not exist"), "{err}");
    let (_, err, code) = kt_in(root, &["metadata-shell", "ls"]);
    assert_eq!(code, 1);
    assert!(err.contains("snapshot"), "{err}");
}
