//! The harness every end-to-end test shares: an in-process broker on 127.0.0.1 port 0 over a
//! temporary log directory and client configurations pointing at it, a broker on its own
//! runtime thread, kt's ZooKeeper, the `kt` binary (one run, or a server process), free ports
//! and a raw-frame Kafka client.
//!
//! All tests run on parallel threads of one process, so nothing here (or in a test) may set
//! process-wide state: no environment variables, no current directory, no fixed ports. Each
//! test works in its own temporary directory and listens on port 0 or a [`free_port`].

#![allow(dead_code)]

mod broker_thread;
pub mod cluster;
mod kt_process;
pub mod mirror;
pub mod raw;
pub mod security;
mod tmpfs;
pub mod transactional;
pub mod zookeeper;

use std::collections::HashSet;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Mutex;

pub use broker_thread::BrokerThread;
pub use kt_process::KtProcess;
pub use tmpfs::Tmpfs;

use kt::broker::RunningBroker;
use kt::config::{Properties, ServerConfig};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// The lines of a one-broker `server.properties` that give the internal topics one replica,
/// as Kafka's quickstart config does (Kafka's default of 3 leaves the coordinators of a
/// single broker unavailable).
pub const ONE_REPLICA_INTERNAL_TOPICS: &str = "offsets.topic.replication.factor=1\n\
     transaction.state.log.replication.factor=1\ntransaction.state.log.min.isr=1\n";

/// [`ONE_REPLICA_INTERNAL_TOPICS`] as `kt server-start --override` arguments.
pub fn one_replica_overrides() -> Vec<String> {
    ONE_REPLICA_INTERNAL_TOPICS
        .lines()
        .flat_map(|l| ["--override".to_string(), l.to_string()])
        .collect()
}

/// Server settings for a test broker over `dir`, with extra `key=value` pairs.
pub fn server_config(dir: &Path, extra: &[(&str, &str)]) -> ServerConfig {
    let mut props = Properties::new();
    props.insert("listeners".into(), "PLAINTEXT://127.0.0.1:0".into());
    props.insert("log.dirs".into(), dir.join("logs").display().to_string());
    // As Kafka's quickstart config: a group's first rebalance does not wait for more members.
    props.insert("group.initial.rebalance.delay.ms".into(), "0".into());
    // As Kafka's quickstart config: the internal topics of a one-broker cluster have one
    // replica (Kafka's default of 3 would leave its coordinators unavailable). Three-broker
    // tests ask for 3 with `extra`.
    for key in [
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
    ] {
        props.insert(key.into(), "1".into());
    }
    for (k, v) in extra {
        props.insert(k.to_string(), v.to_string());
    }
    ServerConfig::from_properties(&props).unwrap().0
}

/// Starts a broker in this process.
pub async fn start_broker(dir: &Path, extra: &[(&str, &str)]) -> RunningBroker {
    kt::broker::spawn(server_config(dir, extra)).await.unwrap()
}

/// A librdkafka client configuration for the broker, quiet and quick to give up.
pub fn client(bootstrap: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("socket.timeout.ms", "10000")
        .set("message.timeout.ms", "10000")
        .set("log_level", "3");
    config
}

/// A librdkafka consumer of `bootstrap` (in group `group`, committing nothing) assigned every
/// partition `0..partitions` of `topic` from the beginning, for a test that reads a topic
/// whole.
pub fn assigned_from_start(
    bootstrap: &str,
    group: &str,
    topic: &str,
    partitions: i32,
) -> BaseConsumer {
    let consumer = client(bootstrap)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    assign_from_start(consumer, topic, partitions)
}

/// `consumer`, assigned every partition `0..partitions` of `topic` from the beginning.
pub fn assign_from_start(consumer: BaseConsumer, topic: &str, partitions: i32) -> BaseConsumer {
    let mut assignment = TopicPartitionList::new();
    for p in 0..partitions {
        assignment
            .add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    consumer
}

/// Runs the `kt` binary with `args` and `stdin` (bounded to 30 s): (stdout, stderr, exit code).
pub fn run_kt<I, S>(args: I, stdin: &str) -> (String, String, i32)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = kt_command()
        .args(args)
        .write_stdin(stdin)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    outcome(output)
}

/// What a finished `kt` run gave: (stdout, stderr, exit code; -1 when killed), for tests
/// that build their own command (environment, working directory, timeout).
pub fn outcome(output: std::process::Output) -> (String, String, i32) {
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.code().unwrap_or(-1),
    )
}

/// [`run_kt`] from an async test, without stdin, off the runtime's threads.
pub async fn run_kt_async<I, S>(args: I) -> (String, String, i32)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string()).collect();
    tokio::task::spawn_blocking(move || run_kt(args, ""))
        .await
        .unwrap()
}

/// `kt reassign-partitions --verify` of `plan` until it no longer reports a move in progress
/// (at most `attempts` times, 100 ms apart); its last report. Each report must exit 0.
pub async fn verify_reassignment_until_done(
    bootstrap: &str,
    plan: &str,
    attempts: usize,
) -> String {
    let mut out = String::new();
    for _ in 0..attempts {
        let args = [
            "reassign-partitions",
            "--bootstrap-server",
            bootstrap,
            "--verify",
            "--reassignment-json-file",
            plan,
        ];
        let (o, err, code) = run_kt_async(args).await;
        assert_eq!(code, 0, "{o}{err}");
        out = o;
        if !out.contains("still in progress") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    out
}

/// One produce of one record to `topic` through a librdkafka producer made from `config`
/// (waiting at most 5 s): Ok, or the error code it failed with.
pub async fn produce_one(config: &ClientConfig, topic: &str) -> Result<(), RDKafkaErrorCode> {
    let producer: FutureProducer = config.create().unwrap();
    let sent = producer
        .send(
            FutureRecord::<(), _>::to(topic).payload("v"),
            std::time::Duration::from_secs(5),
        )
        .await;
    match sent {
        Ok(_) => Ok(()),
        Err((KafkaError::MessageProduction(code), _)) => Err(code),
        Err((other, _)) => panic!("unexpected produce failure: {other}"),
    }
}

/// Creates `topic` with `kt topics --create` (and `extra` arguments, e.g. `--config k=v`)
/// through `bootstrap`, checking that it succeeded. Runs the `kt` binary and waits for it.
pub fn kt_create_topic(bootstrap: &str, topic: &str, extra: &[&str]) {
    let mut args = vec!["topics", "--create", "--topic", topic];
    args.extend_from_slice(extra);
    args.extend(["--bootstrap-server", bootstrap]);
    let (_, err, code) = run_kt(args, "");
    assert_eq!(code, 0, "{err}");
}

/// Starts `kt server-start` as a child process on 127.0.0.1:`port` over a
/// `dir/server.properties` of broker 0 with one-replica internal topics and the further
/// `lines` (at least `log.dirs`), and waits until it accepts connections.
pub fn start_kt_server(dir: &Path, port: u16, lines: &str) -> KtProcess {
    let props = dir.join("server.properties");
    std::fs::write(
        &props,
        format!(
            "broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:{port}\n{lines}\n{ONE_REPLICA_INTERNAL_TOPICS}"
        ),
    )
    .unwrap();
    KtProcess::start(
        [std::ffi::OsStr::new("server-start"), props.as_os_str()],
        port,
    )
}

/// Creates a topic through librdkafka's admin API and checks it was created.
pub async fn create_topic(bootstrap: &str, name: &str, partitions: i32) {
    use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
    let admin: AdminClient<rdkafka::client::DefaultClientContext> =
        client(bootstrap).create().unwrap();
    let results = admin
        .create_topics(
            &[NewTopic::new(name, partitions, TopicReplication::Fixed(1))],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

/// The `kt` binary this test build made, as an `assert_cmd` command to add arguments to.
pub fn kt_command() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("kt").unwrap()
}

/// The path of the `kt` binary this test build made.
pub fn kt_path() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_kt"))
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released), for a server that must
/// be told its port in advance (a `kt` process, a restart on the same port). A port is handed
/// out once per test process, so two tests running in parallel never get the same one.
pub fn free_port() -> u16 {
    static HANDED_OUT: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
    let handed_out = handed_out.get_or_insert_with(HashSet::new);
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if handed_out.insert(port) {
            return port;
        }
    }
}
