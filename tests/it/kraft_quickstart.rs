//! The KRaft quickstart of Kafka 3.9 and 4.x typed as a user types it, from a fresh
//! directory with the `kt` binary: `storage random-uuid`, `storage format`, `server-start`,
//! then librdkafka produces and consumes. Outputs are compared with Kafka 3.9's
//! (shared/reference/outputs-wave2.md, section 13); the config files are the ones kt ships
//! in `config/kraft/`, with the ports and `log.dirs` changed as the answer key changed them.

use crate::common::{self, KtProcess};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Message, Offset, TopicPartitionList};

const TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `kt ARGS` in `dir`: (stdout, stderr, exit code).
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

/// The shipped `config/kraft/NAME` with the broker and controller ports replaced by free
/// ones, the listeners bound to 127.0.0.1 and `log.dirs` under `dir`, written to
/// `dir/kraft/NAME`. Returns its path and the broker port.
fn quickstart_config(dir: &Path, name: &str) -> (PathBuf, u16, u16) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config/kraft")
        .join(name);
    let text = std::fs::read_to_string(shipped).unwrap();
    let (broker, controller) = (common::free_port(), common::free_port());
    let text = text
        .replace("PLAINTEXT://:9092", "PLAINTEXT://127.0.0.1:9092")
        .replace("CONTROLLER://:9093", "CONTROLLER://127.0.0.1:9093")
        .replace("9092", &broker.to_string())
        .replace("9093", &controller.to_string())
        .replace(
            "log.dirs=/tmp/kraft-combined-logs",
            &format!("log.dirs={}/kraft-combined-logs", dir.display()),
        );
    let path = dir.join("kraft").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    (path, broker, controller)
}

/// Sends `values` to `topic` and reads them back from the beginning, through librdkafka.
fn produce_and_consume(bootstrap: &str, topic: &str, values: &[&str]) -> Vec<String> {
    let producer: BaseProducer = common::client(bootstrap).create().unwrap();
    for v in values {
        producer
            .send(BaseRecord::<(), str>::to(topic).payload(v))
            .unwrap();
    }
    producer.flush(TIMEOUT).unwrap();
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", "kraft-quickstart")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.len() < values.len() && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(100)) {
            let m = m.unwrap();
            seen.push(String::from_utf8_lossy(m.payload().unwrap_or_default()).to_string());
        }
    }
    seen
}

/// SIGTERM, as `kt server-stop` and Ctrl-C do, then the exit code.
fn stop(mut server: KtProcess) -> Option<i32> {
    let pid = server.0.id() as libc::pid_t;
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped yet.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            return status.code();
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The value of `key` in a properties file.
fn property(path: &Path, key: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} in {}: {text}", path.display()))
        .to_string()
}

/// One quickstart: random-uuid, format (with `format_flags`), info, a second format, start,
/// produce/consume, stop, start again.
fn quickstart(config_name: &str, format_flags: &[&str], directory_kind: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (config, broker_port, controller_port) = quickstart_config(root, config_name);
    let config = config.to_str().unwrap();
    let logs = root.join("kraft-combined-logs");

    // KAFKA_CLUSTER_ID="$(bin/kafka-storage.sh random-uuid)"
    let (out, err, code) = kt_in(root, &["storage", "random-uuid"]);
    assert_eq!((err.as_str(), code), ("", 0));
    let cluster_id = out.strip_suffix('\n').unwrap().to_string();
    assert_eq!(cluster_id.len(), 22, "{out:?}");
    assert!(!cluster_id.starts_with('-'));

    // bin/kafka-storage.sh format [--standalone] -t $KAFKA_CLUSTER_ID -c CONFIG
    let mut args = vec!["storage", "format"];
    args.extend_from_slice(format_flags);
    args.extend_from_slice(&["-t", &cluster_id, "-c", config]);
    let (out, err, code) = kt_in(root, &args);
    assert_eq!(
        (out, err, code),
        (
            format!(
                "Formatting {directory_kind} {} with metadata.version 3.9-IV0.\n",
                logs.display()
            ),
            String::new(),
            0
        )
    );
    let meta = logs.join("meta.properties");
    let directory_id = property(&meta, "directory.id");
    assert_eq!(property(&meta, "cluster.id"), cluster_id);
    assert_eq!(property(&meta, "node.id"), "1");
    assert_eq!(property(&meta, "version"), "1");
    assert!(logs.join("bootstrap.checkpoint").is_file());
    let snapshot = logs.join("__cluster_metadata-0/00000000000000000000-0000000000.checkpoint");
    assert_eq!(
        snapshot.is_file(),
        !format_flags.is_empty(),
        "{}",
        snapshot.display()
    );

    // k04-info: the two-space indent, the empty lines, the trailing empty line.
    let info = kt_in(root, &["storage", "info", "-c", config]);
    assert_eq!(
        info,
        (
            format!(
                "Found log directory:\n  {}\n\nFound metadata: {{cluster.id={cluster_id}, \
                 directory.id={directory_id}, node.id=1, version=1}}\n\n",
                logs.display()
            ),
            String::new(),
            0
        )
    );

    // k03-format-again: exit 1, one line on stderr, nothing changed.
    let before = std::fs::read(&meta).unwrap();
    let again = kt_in(root, &args);
    assert_eq!(
        again,
        (
            String::new(),
            format!(
                "Log directory {} is already formatted. Use --ignore-formatted to ignore this \
                 directory and format the others.\n",
                logs.display()
            ),
            1
        )
    );
    assert_eq!(std::fs::read(&meta).unwrap(), before);
    // --ignore-formatted skips it.
    let mut ignoring = args.clone();
    ignoring.push("--ignore-formatted");
    let (out, _, code) = kt_in(root, &ignoring);
    assert_eq!(
        (out.as_str(), code),
        ("All of the log directories are already formatted.\n", 0)
    );

    // bin/kafka-server-start.sh CONFIG
    let bootstrap = format!("127.0.0.1:{broker_port}");
    let server = KtProcess::start(["server-start", config], broker_port);
    let (out, err, code) = kt_in(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "quickstart-events",
            "--bootstrap-server",
            &bootstrap,
        ],
    );
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Created topic quickstart-events.\n", "", 0)
    );
    let events = ["This is my first event", "This is my second event"];
    assert_eq!(
        produce_and_consume(&bootstrap, "quickstart-events", &events),
        events
    );
    // The cluster is the formatted one, its one broker is node.id.
    let consumer: BaseConsumer = common::client(&bootstrap).create().unwrap();
    assert_eq!(
        consumer.client().fetch_cluster_id(TIMEOUT).as_deref(),
        Some(cluster_id.as_str())
    );
    let metadata = consumer.fetch_metadata(None, TIMEOUT).unwrap();
    let ids: Vec<i32> = metadata.brokers().iter().map(|b| b.id()).collect();
    assert_eq!(ids, [1]);
    // The CONTROLLER listener is not served (documented in `kt storage --help`).
    assert!(std::net::TcpStream::connect(("127.0.0.1", controller_port)).is_err());
    drop(consumer);
    assert_eq!(stop(server), Some(0));
    // The node's identity file is Kafka's v1 file still, with its directory id.
    assert_eq!(property(&meta, "version"), "1");
    assert_eq!(property(&meta, "directory.id"), directory_id);

    // A restart serves what the first run stored.
    let server = KtProcess::start(["server-start", config], broker_port);
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "after-restart")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset("quickstart-events", 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let mut seen = 0;
    let deadline = Instant::now() + TIMEOUT;
    while seen < events.len() && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(100)) {
            m.unwrap();
            seen += 1;
        }
    }
    assert_eq!(seen, events.len());
    drop(consumer);
    assert_eq!(stop(server), Some(0));
}

/// Kafka 3.x's quickstart: `config/kraft/server.properties`, a static quorum.
#[test]
fn kraft_quickstart_with_a_static_quorum() {
    quickstart("server.properties", &[], "metadata directory");
}

/// Kafka 3.9's and 4.x's: `--standalone` on a `controller.quorum.bootstrap.servers` config
/// (3.9's `config/kraft/reconfig-server.properties`, 4.x's `config/server.properties`).
#[test]
fn kraft_quickstart_with_a_standalone_dynamic_quorum() {
    quickstart(
        "reconfig-server.properties",
        &["--standalone"],
        "dynamic metadata voter directory",
    );
}

#[test]
fn random_uuids_are_new_each_time_and_never_look_like_flags() {
    let dir = tempfile::tempdir().unwrap();
    let ids: std::collections::HashSet<String> = (0..20)
        .map(|_| kt_in(dir.path(), &["storage", "random-uuid"]).0)
        .collect();
    assert_eq!(ids.len(), 20);
    for id in ids {
        assert_eq!(id.len(), 23);
        assert!(!id.starts_with('-'));
    }
    // Through Kafka's script name too.
    let link = dir.path().join("kafka-storage.sh");
    std::os::unix::fs::symlink(common::kt_path(), &link).unwrap();
    let out = Command::new(&link).arg("random-uuid").output().unwrap();
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 23));
}

/// k10: `format` without `-t`, byte for byte.
#[test]
fn format_without_a_cluster_id_prints_kafkas_usage() {
    let dir = tempfile::tempdir().unwrap();
    let (config, _, _) = quickstart_config(dir.path(), "server.properties");
    let out = kt_in(
        dir.path(),
        &["storage", "format", "-c", config.to_str().unwrap()],
    );
    assert_eq!(
        out,
        (
            String::new(),
            "usage: kafka-storage format [-h] --config CONFIG --cluster-id CLUSTER_ID
                     [--add-scram ADD_SCRAM] [--ignore-formatted]
                     [--release-version RELEASE_VERSION]
                     [--feature FEATURE] [--standalone |
                     --no-initial-controllers |
                     --initial-controllers INITIAL_CONTROLLERS]
kafka-storage: error: argument --cluster-id/-t is required
"
            .into(),
            1
        )
    );
    assert!(!dir.path().join("kraft-combined-logs").exists());
}

#[test]
fn bad_input_is_refused_with_kafkas_messages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (config, broker_port, _) = quickstart_config(root, "server.properties");
    let config_text = std::fs::read_to_string(&config).unwrap();
    let config = config.to_str().unwrap();
    let logs = root.join("kraft-combined-logs");
    let server_start = |config: &str| kt_in(root, &["server-start", config]);

    // Unformatted: none of the directories, then one of two.
    let (_, err, code) = server_start(config);
    assert_eq!(code, 1);
    assert!(
        err.ends_with("No readable meta.properties files found.\n"),
        "{err}"
    );
    assert!(!logs.join("meta.properties").exists());
    let id = kt_in(root, &["storage", "random-uuid"])
        .0
        .trim()
        .to_string();
    assert_eq!(
        kt_in(root, &["storage", "format", "-t", &id, "-c", config]).2,
        0
    );
    let second = root.join("second-logs");
    let two_dirs = root.join("kraft/two-dirs.properties");
    std::fs::write(
        &two_dirs,
        config_text.replace(
            &format!("log.dirs={}", logs.display()),
            &format!("log.dirs={},{}", logs.display(), second.display()),
        ),
    )
    .unwrap();
    let two_dirs = two_dirs.to_str().unwrap();
    std::fs::create_dir_all(&second).unwrap();
    let (_, err, code) = server_start(two_dirs);
    assert_eq!(code, 1);
    assert!(
        err.ends_with(&format!(
            "No `meta.properties` found in {} (have you run `kafka-storage.sh` to format the \
             directory?)\n",
            second.display()
        )),
        "{err}"
    );
    // info says which directory is not formatted.
    let (out, _, code) = kt_in(root, &["storage", "info", "-c", two_dirs]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with(&format!(
            "Found problem:\n  {} is not formatted.\n\n",
            second.display()
        )),
        "{out}"
    );

    // Mismatched cluster ids: the second directory formatted for another cluster.
    let other = kt_in(root, &["storage", "random-uuid"])
        .0
        .trim()
        .to_string();
    let (_, err, code) = kt_in(
        root,
        &[
            "storage",
            "format",
            "-t",
            &other,
            "-c",
            two_dirs,
            "--ignore-formatted",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "Invalid cluster.id in: {}/meta.properties. Expected {other}, but read {id}\n",
            logs.display()
        )
    );
    std::fs::remove_dir_all(&second).unwrap();
    let only_second = root.join("kraft/second.properties");
    std::fs::write(
        &only_second,
        config_text.replace(
            &format!("log.dirs={}", logs.display()),
            &format!("log.dirs={}", second.display()),
        ),
    )
    .unwrap();
    let (out, _, code) = kt_in(
        root,
        &[
            "storage",
            "format",
            "-t",
            &other,
            "-c",
            only_second.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let (_, err, code) = server_start(two_dirs);
    assert_eq!(code, 1);
    assert!(
        err.ends_with(&format!(
            "Invalid cluster.id in: {}/meta.properties. Expected {id}, but read {other}\n",
            second.display()
        )),
        "{err}"
    );
    let (out, _, code) = kt_in(root, &["storage", "info", "-c", two_dirs]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with("Found problem:\n  Mismatched cluster IDs between storage directories.\n\n"),
        "{out}"
    );

    // Another node's directory.
    let node_two = root.join("kraft/node-two.properties");
    std::fs::write(
        &node_two,
        config_text
            .replace("node.id=1", "node.id=2")
            .replace("controller.quorum.voters=1@", "controller.quorum.voters=2@"),
    )
    .unwrap();
    let (_, err, code) = server_start(node_two.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "Stored node id 1 doesn't match previous node id 2 in {}/meta.properties.",
            logs.display()
        )),
        "{err}"
    );

    // A multi-node quorum: the error names the other voters and that kt has none.
    let multi = root.join("kraft/multi.properties");
    std::fs::write(
        &multi,
        config_text.replace(
            "controller.quorum.voters=1@localhost:",
            "controller.quorum.voters=2@localhost:1,3@localhost:2,1@localhost:",
        ),
    )
    .unwrap();
    let (_, err, code) = server_start(multi.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(err.contains("2@localhost:1,3@localhost:2"), "{err}");
    assert!(
        err.contains("multi-node KRaft quorum is not supported"),
        "{err}"
    );
    // A broker-only node needs a controller elsewhere.
    let broker_only = root.join("kraft/broker-only.properties");
    std::fs::write(
        &broker_only,
        config_text
            .replace("process.roles=broker,controller", "process.roles=broker")
            .replace("node.id=1", "node.id=2"),
    )
    .unwrap();
    let (_, err, code) = server_start(broker_only.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(
        err.contains("process.roles=broker needs a separate KRaft controller"),
        "{err}"
    );
    // None of that bound the broker's port or changed the directory.
    assert!(std::net::TcpStream::connect(("127.0.0.1", broker_port)).is_err());
    assert_eq!(property(&logs.join("meta.properties"), "cluster.id"), id);

    // A dynamic-quorum config formatted without --standalone.
    let (reconfig, _, _) = quickstart_config(&root.join("dynamic"), "reconfig-server.properties");
    let (_, err, code) = kt_in(
        root,
        &[
            "storage",
            "format",
            "-t",
            &id,
            "-c",
            reconfig.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (err.as_str(), code),
        (
            "Because controller.quorum.voters is not set on this controller, you must specify \
             one of the following: --standalone, --initial-controllers, or \
             --no-initial-controllers.\n",
            1
        )
    );
    // A ZooKeeper-mode config is not KRaft's to format.
    let zk = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/server.properties");
    let (_, err, code) = kt_in(
        root,
        &["storage", "format", "-t", &id, "-c", zk.to_str().unwrap()],
    );
    assert_eq!(
        (err.as_str(), code),
        (
            "The kafka configuration file appears to be for a legacy cluster. Formatting is \
             only supported for clusters in KRaft mode.\n",
            1
        )
    );
}
