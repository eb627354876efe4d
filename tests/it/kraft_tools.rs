//! kafka-cluster.sh, kafka-features.sh and kafka-metadata-quorum.sh against kt's single-node
//! KRaft server (`kt server-start` on a KRaft config, as a user runs it), then
//! kafka-server-stop.sh finding that server by its command line (`--node-id`), with Kafka
//! 3.9's lines (shared/reference/outputs-wave2.md, sections 10, 13 and 14) and exit codes.

use crate::common::{self, KtProcess};

use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `kt ARGS` in `dir`: (stdout, stderr, exit code).
fn kt_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = common::kt_command()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    common::outcome(output)
}

#[test]
fn cluster_features_and_quorum_of_a_kraft_node_then_server_stop_by_node_id() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (broker_port, controller_port) = (common::free_port(), common::free_port());
    // A node id no other test's server has: server-stop --node-id must reach this one only.
    let node = 5_000 + broker_port as i32 % 4_000;
    let config = format!(
        "process.roles=broker,controller\n\
         node.id={node}\n\
         controller.quorum.voters={node}@127.0.0.1:{controller_port}\n\
         listeners=PLAINTEXT://127.0.0.1:{broker_port},CONTROLLER://127.0.0.1:{controller_port}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{broker_port},CONTROLLER://127.0.0.1:{controller_port}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
         log.dirs={}\n",
        root.join("kraft-logs").display()
    );
    std::fs::write(root.join("kraft.properties"), config).unwrap();
    let (id, _, code) = kt_in(root, &["storage", "random-uuid"]);
    assert_eq!(code, 0);
    let cluster_id = id.trim().to_string();
    let (_, err, code) = kt_in(
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
    assert_eq!((err.as_str(), code), ("", 0));

    // Started as a person starts it in another terminal: a relative config path, in its own
    // directory, no -daemon and no pid file.
    let child = Command::new(common::kt_path())
        .current_dir(root)
        .args(["server-start", "kraft.properties"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = KtProcess(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", broker_port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "kt not listening on {broker_port}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let bootstrap = format!("127.0.0.1:{broker_port}");
    let b = bootstrap.as_str();

    // k08-cluster-id-kraft.
    assert_eq!(
        kt_in(root, &["cluster", "cluster-id", "--bootstrap-server", b]),
        (format!("Cluster ID: {cluster_id}\n"), String::new(), 0)
    );
    // A KRaft node's registration cannot be dropped through kt's broker.
    assert_eq!(
        kt_in(
            root,
            &["kafka-cluster.sh", "unregister", "-b", b, "--id", "3"]
        ),
        (
            "The target cluster does not support the broker unregistration API.\n".into(),
            String::new(),
            0
        )
    );

    // k07-features-describe-kraft: the formatted levels, at the checkpoint's epoch.
    let describe = |epoch: i64, level: &str| {
        format!(
            "Feature: kraft.version\tSupportedMinVersion: 0\tSupportedMaxVersion: 1\t\
             FinalizedVersionLevel: 0\tEpoch: {epoch}\n\
             Feature: metadata.version\tSupportedMinVersion: 3.0-IV1\tSupportedMaxVersion: \
             3.9-IV0\tFinalizedVersionLevel: {level}\tEpoch: {epoch}\n"
        )
    };
    assert_eq!(
        kt_in(root, &["features", "--bootstrap-server", b, "describe"]),
        (describe(1, "3.9-IV0"), String::new(), 0)
    );
    // A dry run validates and changes nothing; a refused update says why and exits 1.
    assert_eq!(
        kt_in(
            root,
            &[
                "features",
                "--bootstrap-server",
                b,
                "downgrade",
                "--metadata",
                "3.8-IV0",
                "--dry-run"
            ]
        ),
        (
            "metadata.version can be downgraded to 20.\n".into(),
            String::new(),
            0
        )
    );
    assert_eq!(
        kt_in(
            root,
            &[
                "features",
                "--bootstrap-server",
                b,
                "upgrade",
                "--feature",
                "metadata.version=22"
            ]
        ),
        (
            format!(
                "Could not upgrade metadata.version to 22. Invalid update version 22 for feature \
                 metadata.version. Local controller {node} only supports versions 1-21\n"
            ),
            "1 out of 1 operation(s) failed.\n".into(),
            1
        )
    );
    assert_eq!(
        kt_in(root, &["features", "--bootstrap-server", b, "upgrade"]),
        (
            String::new(),
            "You must specify at least one feature to upgrade\n".into(),
            1
        )
    );
    assert_eq!(
        kt_in(
            root,
            &[
                "features",
                "--bootstrap-server",
                b,
                "downgrade",
                "--metadata",
                "3.8-IV0"
            ]
        ),
        (
            "metadata.version was downgraded to 20.\n".into(),
            String::new(),
            0
        )
    );
    assert_eq!(
        kt_in(
            root,
            &["kafka-features.sh", "--bootstrap-server", b, "describe"]
        ),
        (describe(2, "3.8-IV0"), String::new(), 0)
    );

    // k05 and k06: this node the only voter and the leader.
    let (out, err, code) = kt_in(
        root,
        &[
            "metadata-quorum",
            "--bootstrap-server",
            b,
            "describe",
            "--status",
        ],
    );
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(
        out,
        format!(
            "ClusterId:              {cluster_id}\n\
             LeaderId:               {node}\n\
             LeaderEpoch:            1\n\
             HighWatermark:          3\n\
             MaxFollowerLag:         0\n\
             MaxFollowerLagTimeMs:   0\n\
             CurrentVoters:          [{{\"id\": {node}, \"directoryId\": null, \"endpoints\": \
             [\"CONTROLLER://127.0.0.1:{controller_port}\"]}}]\n\
             CurrentObservers:       []\n"
        )
    );
    let (out, err, code) = kt_in(
        root,
        &[
            "metadata-quorum",
            "--bootstrap-server",
            b,
            "describe",
            "--replication",
        ],
    );
    assert_eq!((err.as_str(), code), ("", 0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\t\
         LastCaughtUpTimestamp\tStatus\t"
    );
    let row: Vec<&str> = lines[1].split('\t').map(str::trim_end).collect();
    assert_eq!(
        &row[..4],
        [
            node.to_string().as_str(),
            "AAAAAAAAAAAAAAAAAAAAAA",
            "3",
            "0"
        ]
    );
    assert_eq!(row[6], "Leader");
    assert!(row[4].parse::<i64>().unwrap() > 1_700_000_000_000, "{out}");
    // k09: neither flag.
    assert_eq!(
        kt_in(
            root,
            &["metadata-quorum", "--bootstrap-server", b, "describe"]
        ),
        (
            String::new(),
            "One of --status or --replication must be specified with describe sub-command\n".into(),
            1
        )
    );

    // kafka-server-stop.sh --node-id=N from another directory: the server is found by its
    // command line and its config (read relative to its own directory), stopped, and gone.
    let elsewhere = tempfile::tempdir().unwrap();
    let node_flag = format!("--node-id={node}");
    assert_eq!(
        kt_in(elsewhere.path(), &["kafka-server-stop.sh", &node_flag]),
        (String::new(), String::new(), 0)
    );
    let status = server.0.try_wait().unwrap();
    let status = match status {
        Some(status) => status,
        None => {
            // server-stop waited until the process exited; only the reaping is left.
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                if let Some(status) = server.0.try_wait().unwrap() {
                    break status;
                }
                assert!(Instant::now() < deadline, "the server did not exit");
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    };
    // SIGTERM: a clean shutdown, exit 0.
    assert_eq!(status.code(), Some(0), "{status:?}");
    // s02-server-stop-none: on stdout, exit 1.
    assert_eq!(
        kt_in(
            elsewhere.path(),
            &["server-stop", "--node-id", &node.to_string()]
        ),
        ("No kafka server to stop\n".into(), String::new(), 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zookeeper_mode_brokers_have_no_features_and_no_quorum() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    let cluster_id = broker.broker().cluster_id().to_string();
    let run = common::run_kt_async::<Vec<String>, String>;
    let args = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();

    // f02-cluster-id and f01-features-describe.
    assert_eq!(
        run(args(&["cluster", "cluster-id", "--bootstrap-server", &b])).await,
        (format!("Cluster ID: {cluster_id}\n"), String::new(), 0)
    );
    assert_eq!(
        run(args(&["features", "--bootstrap-server", &b, "describe"])).await,
        (String::new(), String::new(), 0)
    );
    assert_eq!(
        run(args(&[
            "features",
            "--bootstrap-server",
            &b,
            "upgrade",
            "--metadata",
            "3.9-IV0"
        ]))
        .await,
        (
            "Could not upgrade metadata.version to 21. Could not apply finalized feature update \
             because the provided feature is not supported.\n"
                .into(),
            "1 out of 1 operation(s) failed.\n".into(),
            1
        )
    );
    // Bad input: an unknown metadata.version, no bootstrap server, a feature without a level.
    let (out, err, code) = run(args(&[
        "features",
        "--bootstrap-server",
        &b,
        "upgrade",
        "--metadata",
        "2.9-IV9",
    ]))
    .await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with(
            "Unsupported metadata.version 2.9-IV9. Supported metadata.version are 3.3-IV0, "
        ),
        "{err}"
    );
    assert!(err.ends_with(", 3.8-IV0, 3.9-IV0\n"), "{err}");
    let (_, err, code) = run(args(&["cluster", "cluster-id"])).await;
    assert_eq!(code, 1);
    assert!(
        err.contains("one of the arguments --bootstrap-server"),
        "{err}"
    );
    assert_eq!(
        run(args(&[
            "features",
            "--bootstrap-server",
            &b,
            "disable",
            "--feature",
            "a",
            "--feature",
            "a"
        ]))
        .await,
        (
            String::new(),
            "Feature a was specified more than once.\n".into(),
            1
        )
    );
    // UnregisterBroker and DescribeQuorum are KRaft APIs: Kafka's ZooKeeper-mode answers.
    assert_eq!(
        run(args(&[
            "cluster",
            "unregister",
            "--bootstrap-server",
            &b,
            "--id",
            "0"
        ]))
        .await,
        (
            "The target cluster does not support the broker unregistration API.\n".into(),
            String::new(),
            0
        )
    );
    let (out, err, code) = run(args(&[
        "metadata-quorum",
        "--bootstrap-server",
        &b,
        "describe",
        "--status",
    ]))
    .await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(err.contains("does not support DescribeQuorum"), "{err}");
    broker.shutdown().await;
}
