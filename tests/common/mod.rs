//! Shared helpers for end-to-end tests: an in-process broker on 127.0.0.1 port 0 over a
//! temporary log directory, and client configurations pointing at it.

#![allow(dead_code)]

use std::path::Path;

/// The test binaries run brokers in process and feed them malformed frames (array lengths of
/// 2^31): they need the allocator `kt` itself runs with (see `kt::alloc`), which the library
/// leaves to each binary.
#[global_allocator]
static GLOBAL: kt::alloc::KtAllocator = kt::alloc::KtAllocator;

use kt::broker::RunningBroker;
use kt::config::{Properties, ServerConfig};
use rdkafka::ClientConfig;

/// Server settings for a test broker over `dir`, with extra `key=value` pairs.
pub fn server_config(dir: &Path, extra: &[(&str, &str)]) -> ServerConfig {
    let mut props = Properties::new();
    props.insert("listeners".into(), "PLAINTEXT://127.0.0.1:0".into());
    props.insert("log.dirs".into(), dir.join("logs").display().to_string());
    // As Kafka's quickstart config: a group's first rebalance does not wait for more members.
    props.insert("group.initial.rebalance.delay.ms".into(), "0".into());
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

/// Runs the `kt` binary with `args` and `stdin` (bounded to 30 s): (stdout, stderr, exit code).
pub fn run_kt<I, S>(args: I, stdin: &str) -> (String, String, i32)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = assert_cmd::Command::cargo_bin("kt")
        .unwrap()
        .args(args)
        .write_stdin(stdin)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.code().unwrap_or(-1),
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
