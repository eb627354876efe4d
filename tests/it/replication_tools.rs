//! The replication tools end to end: kt's ZooKeeper and three in-process kt brokers (on
//! 127.0.0.1 port 0), driven by the `kt` binary as an operator would: `topics --create
//! --replica-assignment` and its refusals, the `--describe` report filters with a broker
//! stopped, and `leader-election` (preferred and unclean) through ElectLeaders.
//!
//! ISRs are written into the partition state znodes directly where a case needs one: the
//! followers' ISR expansion and shrinking is the data plane's, not these tools'.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use kt::broker::RunningBroker;
use kt::zookeeper::RunningZk;
use zookeeper_client as zk;

const TIMEOUT: Duration = Duration::from_secs(15);

fn connect(zk: &RunningZk) -> String {
    format!("{}/kafka", zk.connect_string())
}

/// Broker `id`; leadership stays where the test puts it (as in the answer key's cluster)
/// unless `balance` gives a rebalance check interval in seconds.
async fn start_broker(dir: &Path, zk: &RunningZk, id: i32, balance: Option<&str>) -> RunningBroker {
    let id_text = id.to_string();
    let connect = connect(zk);
    let mut settings = vec![
        ("broker.id", id_text.as_str()),
        ("zookeeper.connect", connect.as_str()),
        ("zookeeper.session.timeout.ms", "4000"),
        // A stopped broker here stands for one that failed: no controlled shutdown first.
        ("controlled.shutdown.enable", "false"),
    ];
    match balance {
        Some(seconds) => settings.push(("leader.imbalance.check.interval.seconds", seconds)),
        None => settings.push(("auto.leader.rebalance.enable", "false")),
    }
    let config = common::server_config(&dir.join(format!("broker-{id}")), &settings);
    kt::broker::spawn(config).await.unwrap()
}

/// kt's ZooKeeper and brokers 0, 1, 2, each seeing all three and a controller.
async fn start_cluster(dir: &Path, balance: Option<&str>) -> (RunningZk, Vec<RunningBroker>) {
    let zk = common::zookeeper::start(&dir.join("zk"), &[("tickTime", "200")]).await;
    let mut brokers = Vec::new();
    for id in 0..3 {
        brokers.push(start_broker(dir, &zk, id, balance).await);
    }
    for b in &brokers {
        wait_until("every broker sees three brokers and a controller", || {
            let view = b.broker().cluster().unwrap().view();
            view.brokers.len() == 3 && view.controller >= 0
        })
        .await;
    }
    (zk, brokers)
}

async fn zk_client(zk: &RunningZk) -> zk::Client {
    zk::Client::connector()
        .with_session_timeout(Duration::from_millis(4000))
        .connect(&connect(zk))
        .await
        .unwrap()
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

use crate::common::run_kt_async as kt;

/// Rewrites a partition's state znode with `edit` (retried when it changed meanwhile).
async fn edit_state(
    client: &zk::Client,
    topic: &str,
    partition: i32,
    edit: impl Fn(&mut serde_json::Value),
) {
    let path = format!("/brokers/topics/{topic}/partitions/{partition}/state");
    loop {
        let (data, stat) = client.get_data(&path).await.unwrap();
        let mut state: serde_json::Value = serde_json::from_slice(&data).unwrap();
        edit(&mut state);
        match client
            .set_data(&path, state.to_string().as_bytes(), Some(stat.version))
            .await
        {
            Ok(_) => return,
            Err(zk::Error::BadVersion) => continue,
            Err(e) => panic!("{e}"),
        }
    }
}

/// Takes a partition offline (leader -1, a new leader epoch) with `isr` as its last ISR.
async fn set_offline(client: &zk::Client, topic: &str, partition: i32, isr: &[i32]) {
    edit_state(client, topic, partition, |state| {
        state["isr"] = serde_json::json!(isr);
        state["leader"] = serde_json::json!(-1);
        state["leader_epoch"] = serde_json::json!(state["leader_epoch"].as_i64().unwrap() + 1);
    })
    .await
}

/// Replaces the ISR and the leader in a partition's state znode.
async fn set_state(client: &zk::Client, topic: &str, partition: i32, leader: i32, isr: &[i32]) {
    edit_state(client, topic, partition, |state| {
        state["isr"] = serde_json::json!(isr);
        state["leader"] = serde_json::json!(leader);
    })
    .await
}

/// One partition line of `kafka-topics --describe` (the report filters print only these).
fn line(topic: &str, p: i32, leader: &str, replicas: &str, isr: &str) -> String {
    format!(
        "\tTopic: {topic}\tPartition: {p}\tLeader: {leader}\tReplicas: {replicas}\tIsr: {isr}\t\
         Elr: N/A\tLastKnownElr: N/A\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replica_assignment_report_filters_and_leader_elections() {
    let dir = tempfile::tempdir().unwrap();
    let (zk, mut brokers) = start_cluster(dir.path(), None).await;
    let bootstrap = brokers[0].bootstrap();
    let b = bootstrap.as_str();
    let client = zk_client(&zk).await;

    // --replica-assignment: partition i gets the i-th list, its first broker preferred.
    let (out, err, code) = kt(&[
        "topics",
        "--bootstrap-server",
        b,
        "--create",
        "--topic",
        "ra",
        "--replica-assignment",
        "1:0:2,2:1:0",
        "--config",
        "min.insync.replicas=2",
    ])
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Created topic ra.\n", "", 0)
    );
    let (data, _) = client.get_data("/brokers/topics/ra").await.unwrap();
    let assignment: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(
        assignment["partitions"],
        serde_json::json!({"0": [1, 0, 2], "1": [2, 1, 0]})
    );
    for (name, replicas) in [("solo", "2"), ("un", "2:1")] {
        let (out, _, code) = kt(&[
            "topics",
            "--bootstrap-server",
            b,
            "--create",
            "--topic",
            name,
            "--replica-assignment",
            replicas,
        ])
        .await;
        assert_eq!(
            (out.as_str(), code),
            (&*format!("Created topic {name}.\n"), 0)
        );
    }
    // Broker 0 stays up throughout: its view is the one checked.
    let cluster0 = brokers[0].broker().cluster().unwrap().clone();
    let view = || cluster0.view();
    wait_until("the new partitions have leaders", || {
        let v = view();
        ["ra", "solo", "un"].iter().all(|t| {
            v.topics
                .get(*t)
                .is_some_and(|a| a.states.len() == a.replicas.len())
        })
    })
    .await;
    assert_eq!(view().live_leader("ra", 1), Some(2));

    // Refusals: the tool's own checks, then the broker's (Kafka's controller messages).
    let fail = |msg: &str| format!("Error while executing topic command : {msg}\n");
    let cases: &[(&[&str], String)] = &[
        (&["bad1", "0:7"], fail("The manual partition assignment includes broker 7, but no such broker is registered.")),
        (&["bad2", "0:1:0"], fail("Partition replica lists may not contain duplicate entries: 0")),
        (&["bad3", "0:1,2"], fail("Partition 1 has different replication factor: [2]")),
        (&["bad4", "0:x"], fail("For input string: \"x\"")),
    ];
    for (args, want) in cases {
        let (out, _, code) = kt(&[
            "topics",
            "--bootstrap-server",
            b,
            "--create",
            "--topic",
            args[0],
            "--replica-assignment",
            args[1],
        ])
        .await;
        assert_eq!((out.as_str(), code), (want.as_str(), 1), "{args:?}");
    }
    let (out, err, code) = kt(&[
        "topics",
        "--bootstrap-server",
        b,
        "--create",
        "--topic",
        "bad5",
        "--replica-assignment",
        "0",
        "--partitions",
        "1",
    ])
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"\n",
            1
        )
    );
    assert!(!view().topics.keys().any(|t| t.starts_with("bad")));
    // A raw CreateTopics with an inconsistent replication factor: the broker's own check.
    {
        use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
        let admin: AdminClient<rdkafka::client::DefaultClientContext> =
            common::client(b).create().unwrap();
        let assignment: &[&[i32]] = &[&[0, 1], &[2]];
        let results = admin
            .create_topics(
                &[NewTopic::new(
                    "bad6",
                    2,
                    TopicReplication::Variable(assignment),
                )],
                &AdminOptions::new(),
            )
            .await
            .unwrap();
        let (_, code) = results[0].clone().unwrap_err();
        assert_eq!(
            code,
            rdkafka::types::RDKafkaErrorCode::InvalidReplicaAssignment
        );
    }

    // Full ISRs (the controller starts each partition with its live replicas in sync, as
    // Kafka's `initializeLeaderAndIsrForPartitions` does): nothing is under-replicated.
    wait_until("full ISRs are seen", || {
        let v = view();
        v.topics["ra"].states.values().all(|s| s.isr.len() == 3)
            && v.topics["un"].states[&0].isr.len() == 2
    })
    .await;
    let (out, err, code) = kt(&[
        "topics",
        "--bootstrap-server",
        b,
        "--describe",
        "--under-replicated-partitions",
    ])
    .await;
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));

    // Broker 2 stops: ra-1 moves to broker 1 and the controller drops 2 from ra's ISRs; solo
    // loses its only replica.
    brokers.remove(2).shutdown().await;
    wait_until("broker 2's partitions moved or went offline", || {
        let v = view();
        v.live_leader("ra", 1) == Some(1)
            && v.topics["ra"].states.values().all(|s| s.isr == [1, 0])
            && v.topics["solo"].leader(0).is_none()
            && v.topics["un"].states[&0].leader != 2
    })
    .await;
    // un-0 stands for a partition whose follower had fallen behind before its leader failed:
    // offline, its ISR the dead leader alone. A live follower that is caught up joins the ISR
    // within a fetch, so that state cannot be set up while broker 2 runs without racing its
    // ISR expansion; the controller's own write (broker 1 elected, or no leader) comes first.
    set_offline(&client, "un", 0, &[2]).await;
    wait_until("un-0 is offline with ISR [2]", || {
        let v = view();
        v.topics["un"].leader(0).is_none() && v.topics["un"].states[&0].isr == [2]
    })
    .await;

    let describe = |flags: &'static [&'static str]| {
        let mut args = vec!["topics", "--bootstrap-server", b, "--describe"];
        args.extend_from_slice(flags);
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            kt(&args).await
        }
    };
    let (out, err, code) = describe(&["--under-replicated-partitions"]).await;
    assert_eq!(
        (out, err.as_str(), code),
        (
            [
                line("ra", 0, "1", "1,0,2", "1,0"),
                line("ra", 1, "1", "2,1,0", "1,0"),
                line("un", 0, "none", "2,1", "2"),
            ]
            .concat(),
            "",
            0
        )
    );
    let (out, _, code) = describe(&["--unavailable-partitions"]).await;
    assert_eq!(
        (out, code),
        (
            [
                line("solo", 0, "none", "2", "2"),
                line("un", 0, "none", "2,1", "2")
            ]
            .concat(),
            0
        )
    );
    // ra's ISR of 2 is at its min.insync.replicas=2, not under it; leaderless ones are.
    let (out, _, code) = describe(&["--under-min-isr-partitions"]).await;
    assert_eq!(
        (out, code),
        (
            [
                line("solo", 0, "none", "2", "2"),
                line("un", 0, "none", "2,1", "2")
            ]
            .concat(),
            0
        )
    );
    let (out, _, code) = describe(&["--at-min-isr-partitions", "--topic", "ra"]).await;
    assert_eq!(
        (out, code),
        (
            [
                line("ra", 0, "1", "1,0,2", "1,0"),
                line("ra", 1, "1", "2,1,0", "1,0")
            ]
            .concat(),
            0
        )
    );

    // Unclean election: un-0's only in-sync replica is gone; broker 1 takes over.
    let (out, err, code) = kt(&[
        "leader-election",
        "--bootstrap-server",
        b,
        "--election-type",
        "unclean",
        "--topic",
        "un",
        "--partition",
        "0",
    ])
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Successfully completed leader election (UNCLEAN) for partitions un-0\n",
            "",
            0
        )
    );
    wait_until("un-0 is led by broker 1 alone", || {
        view().live_leader("un", 0) == Some(1) && view().topics["un"].states[&0].isr == [1]
    })
    .await;

    // ra-1's preferred replica (broker 2) is down: a preferred election cannot move it.
    let elect_ra1 = [
        "leader-election",
        "--bootstrap-server",
        b,
        "--election-type",
        "preferred",
        "--topic",
        "ra",
        "--partition",
        "1",
    ];
    let (out, err, code) = kt(&elect_ra1).await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Error completing leader election (PREFERRED) for partition: ra-1: \
             org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: Failed to \
             elect leader for partition ra-1 under strategy \
             PreferredReplicaPartitionLeaderElectionStrategy\n",
            1
        )
    );
    assert!(
        err.starts_with("1 replica(s) could not be elected\n"),
        "{err}"
    );
    assert_eq!(view().live_leader("ra", 1), Some(1));

    // Broker 2 returns and catches up: its leaders take it back into the ISRs (AlterPartition),
    // and the preferred election moves ra-1 back to it.
    brokers.push(start_broker(dir.path(), &zk, 2, None).await);
    wait_until("ra's ISRs are full again", || {
        view().topics["ra"]
            .states
            .values()
            .all(|s| s.isr.len() == 3)
    })
    .await;
    let (out, err, code) = kt(&elect_ra1).await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Successfully completed leader election (PREFERRED) for partitions ra-1\n",
            "",
            0
        )
    );
    wait_until("ra-1 is led by broker 2", || {
        view().live_leader("ra", 1) == Some(2)
    })
    .await;
    let (out, _, code) = describe(&["--topic", "ra"]).await;
    assert!(out.contains(&line("ra", 1, "2", "2,1,0", "1,0,2")), "{out}");
    assert_eq!(code, 0);
    let (out, err, code) = kt(&elect_ra1).await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Valid replica already elected for partitions ra-1\n", "", 0)
    );

    // All partitions: un-0 (preferred 2, back in its ISR) is elected; the rest need nothing
    // and are not reported.
    wait_until("un-0's ISR is full", || {
        view().topics["un"].states[&0].isr.len() == 2
    })
    .await;
    let (out, err, code) = kt(&[
        "leader-election",
        "--bootstrap-server",
        b,
        "--election-type",
        "preferred",
        "--all-topic-partitions",
    ])
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Successfully completed leader election (PREFERRED) for partitions un-0\n",
            "",
            0
        )
    );
    let (out, err, code) = kt(&[
        "leader-election",
        "--bootstrap-server",
        b,
        "--election-type",
        "preferred",
        "--all-topic-partitions",
    ])
    .await;
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));

    // The answer key's e06 and e07.
    let (out, err, code) = kt(&[
        "leader-election",
        "--bootstrap-server",
        b,
        "--election-type",
        "preferred",
        "--topic",
        "no-such-topic",
        "--partition",
        "0",
    ])
    .await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Error completing leader election (PREFERRED) for partition: no-such-topic-0: \
             org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partition \
             does not exist.\n",
            1
        )
    );
    assert!(err.starts_with(
        "1 replica(s) could not be elected\norg.apache.kafka.server.common.AdminCommandFailedException: 1 replica(s) could not be elected\n"
    ), "{err}");
    assert!(err.contains("\tSuppressed: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partition does not exist.\n"), "{err}");
    let (out, err, code) = kt(&[
        "leader-election",
        "--bootstrap-server",
        b,
        "--all-topic-partitions",
    ])
    .await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(err.starts_with("Missing required option(s): election-type\norg.apache.kafka.server.common.AdminCommandFailedException: Missing required option(s): election-type\n"), "{err}");

    // Kafka's znode route: the controller elects what /admin/preferred_replica_election
    // names, then deletes it. ra-0 is first moved off its preferred replica 1.
    set_state(&client, "ra", 0, 0, &[1, 0, 2]).await;
    wait_until("ra-0 is led by broker 0", || {
        view().live_leader("ra", 0) == Some(0)
    })
    .await;
    client
        .create(
            "/admin/preferred_replica_election",
            br#"{"version":1,"partitions":[{"topic":"ra","partition":0}]}"#,
            &zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all()),
        )
        .await
        .unwrap();
    wait_until("ra-0 is led by its preferred replica again", || {
        view().live_leader("ra", 0) == Some(1)
    })
    .await;
    let deadline = Instant::now() + TIMEOUT;
    while client
        .check_stat("/admin/preferred_replica_election")
        .await
        .unwrap()
        .is_some()
    {
        assert!(
            Instant::now() < deadline,
            "the controller never deleted the election znode"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    for broker in brokers {
        broker.shutdown().await;
    }
    zk.shutdown().await;
}

/// `auto.leader.rebalance.enable` (Kafka's default): the controller's periodic check moves a
/// partition led away from its live, in-sync preferred replica back to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_controller_rebalances_leadership_to_preferred_replicas() {
    let dir = tempfile::tempdir().unwrap();
    let (zk, brokers) = start_cluster(dir.path(), Some("1")).await;
    let bootstrap = brokers[0].bootstrap();
    let (out, _, code) = kt(&[
        "topics",
        "--bootstrap-server",
        &bootstrap,
        "--create",
        "--topic",
        "bal",
        "--replica-assignment",
        "1:0",
    ])
    .await;
    assert_eq!((out.as_str(), code), ("Created topic bal.\n", 0));
    let view = || brokers[0].broker().cluster().unwrap().view();
    wait_until("bal-0 has its preferred leader", || {
        view().live_leader("bal", 0) == Some(1)
    })
    .await;
    let client = zk_client(&zk).await;
    let moved_at = view().topics["bal"].states[&0].leader_epoch;
    set_state(&client, "bal", 0, 0, &[1, 0]).await;
    // The first check comes 5 s after the controller took office, then every second; its
    // election raises the leader epoch.
    wait_until("the controller moved bal-0 back to broker 1", || {
        let state = view().topics["bal"].states[&0].clone();
        view().live_leader("bal", 0) == Some(1) && state.leader_epoch > moved_at
    })
    .await;
    assert_eq!(view().topics["bal"].states[&0].isr, vec![1, 0]);
    for broker in brokers {
        broker.shutdown().await;
    }
    zk.shutdown().await;
}
