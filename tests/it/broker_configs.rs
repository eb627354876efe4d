//! Dynamic broker configs (kafka-configs --entity-type brokers): set per broker and as the
//! cluster default, described with Kafka's sources and synonyms, refused with Kafka's message
//! when not dynamic, applied by the running broker (message.max.bytes, log.* topic defaults)
//! and kept across a restart; in ZooKeeper mode applied by every broker at run time through
//! the `/config/changes` notifications, whoever wrote the change.

use std::time::Duration;

use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::common;
use crate::common::raw;

use kafka_protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use kafka_protocol::messages::IncrementalAlterConfigsRequest;
use kafka_protocol::protocol::StrBytes;

/// Runs `kt ARGS... --bootstrap-server B`: (stdout, stderr, exit code).
fn run(b: &str, args: &[&str]) -> (String, String, i32) {
    common::run_kt(args.iter().copied().chain(["--bootstrap-server", b]), "")
}

/// stdout of a command that must succeed.
fn ok(b: &str, args: &[&str]) -> String {
    let (out, err, code) = run(b, args);
    assert_eq!(code, 0, "kt {args:?}: {err}");
    out
}

/// Produces one record of `size` bytes to partition 0 of `topic`.
async fn produce(b: &str, topic: &str, size: usize) -> Result<(), KafkaError> {
    produce_to(b, topic, 0, size).await
}

/// Produces one record of `size` bytes to `partition` of `topic`.
async fn produce_to(b: &str, topic: &str, partition: i32, size: usize) -> Result<(), KafkaError> {
    let producer: FutureProducer = common::client(b).create().unwrap();
    let value = vec![b'x'; size];
    producer
        .send(
            FutureRecord::<(), _>::to(topic)
                .partition(partition)
                .payload(&value),
            Duration::from_secs(10),
        )
        .await
        .map(|_| ())
        .map_err(|(e, _)| e)
}

const DESCRIBE_0: [&str; 6] = [
    "configs",
    "--describe",
    "--entity-type",
    "brokers",
    "--entity-name",
    "0",
];

/// SETs `key=value` on the cluster-default BROKER resource (named "") with a raw
/// IncrementalAlterConfigs: librdkafka (under kt's --bootstrap-server admin) refuses to build a
/// resource with an empty name. Returns the error code and message.
fn set_default(addr: std::net::SocketAddr, key: &str, value: &str) -> (i16, Option<String>) {
    let request = IncrementalAlterConfigsRequest::default().with_resources(vec![
        AlterConfigsResource::default()
            .with_resource_type(4)
            .with_resource_name(StrBytes::from_string(String::new()))
            .with_configs(vec![AlterableConfig::default()
                .with_name(StrBytes::from_string(key.to_string()))
                .with_config_operation(0)
                .with_value(Some(StrBytes::from_string(value.to_string())))]),
    ]);
    let response = raw::Client::connect(addr).call(1, &request);
    let r = &response.responses[0];
    (
        r.error_code,
        r.error_message.as_ref().map(|m| m.to_string()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamic_broker_configs_apply_at_once_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("log.retention.hours", "100")]).await;
    let b = broker.bootstrap();
    common::create_topic(&b, "dyn", 1).await;
    produce(&b, "dyn", 3000)
        .await
        .expect("3000 bytes fit the static limit");

    let bb = b.clone();
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let b = bb.as_str();
        assert_eq!(ok(b, &DESCRIBE_0), "Dynamic configs for broker 0 are:\n");
        let alter = ok(b, &[
            "configs", "--alter", "--entity-type", "brokers", "--entity-name", "0",
            "--add-config", "log.cleaner.threads=2,message.max.bytes=2000",
        ]);
        assert_eq!(alter, "Completed updating config for broker 0.\n");
        assert_eq!(
            ok(b, &DESCRIBE_0),
            "Dynamic configs for broker 0 are:\n\
             \x20 log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2}\n\
             \x20 message.max.bytes=2000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:message.max.bytes=2000}\n"
        );
        assert_eq!(set_default(addr, "log.retention.ms", "5000").0, 0, "NONE");
        // --all: the default layer over the static file, synonyms in Kafka's order.
        let all = ok(b, &[&DESCRIBE_0[..], &["--all"]].concat());
        assert!(all.contains(
            "\n  log.retention.ms=5000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=5000, STATIC_BROKER_CONFIG:log.retention.hours=100}\n"
        ), "{all}");
        assert!(all.contains(
            "\n  log.retention.hours=100 sensitive=false synonyms={STATIC_BROKER_CONFIG:log.retention.hours=100}\n"
        ), "{all}");
        // The topic's default follows the dynamic one.
        let topic = ok(b, &["configs", "--describe", "--topic", "dyn", "--all"]);
        assert!(topic.contains(
            "\n  retention.ms=5000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:retention.ms=5000}\n"
        ), "{topic}");

        // Refusals, in Kafka's words.
        let (out, err, code) = run(b, &[
            "configs", "--alter", "--entity-type", "brokers", "--entity-name", "0",
            "--add-config", "broker.id=5",
        ]);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            ("", "Invalid config value for resource ConfigResource(type=BROKER, name='0'): \
                  Cannot update these configs dynamically: Set(broker.id)\n", 1)
        );
        let (code, message) =
            set_default(addr, "listener.name.plaintext.ssl.keystore.location", "/k");
        assert_eq!(code, 40, "INVALID_CONFIG");
        assert_eq!(
            message.as_deref(),
            Some("Invalid config value for resource ConfigResource(type=BROKER, name=''): \
                  Cannot update these configs at default cluster level, broker id must be specified: \
                  Set(listener.name.plaintext.ssl.keystore.location)")
        );
    })
    .await
    .unwrap();

    // The running broker took the new limit.
    let refused = produce(&b, "dyn", 3000).await.unwrap_err();
    assert_eq!(
        refused.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge),
        "{refused}"
    );
    produce(&b, "dyn", 1000).await.unwrap();

    // Kept in the catalogue: a restarted broker starts with them.
    broker.shutdown().await;
    let broker = common::start_broker(dir.path(), &[("log.retention.hours", "100")]).await;
    let b = broker.bootstrap();
    let refused = produce(&b, "dyn", 3000).await.unwrap_err();
    assert_eq!(
        refused.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge)
    );
    let bb = b.clone();
    tokio::task::spawn_blocking(move || {
        let b = bb.as_str();
        assert!(ok(b, &DESCRIBE_0).contains("  message.max.bytes=2000 "));
        let all = ok(b, &[&DESCRIBE_0[..], &["--all"]].concat());
        assert!(all.contains("  log.retention.ms=5000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:"), "{all}");
        ok(b, &[
            "configs", "--alter", "--entity-type", "brokers", "--entity-name", "0",
            "--delete-config", "message.max.bytes",
        ]);
        assert_eq!(
            ok(b, &DESCRIBE_0),
            "Dynamic configs for broker 0 are:\n\
             \x20 log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2}\n"
        );
    })
    .await
    .unwrap();
    produce(&b, "dyn", 3000)
        .await
        .expect("the static limit is back");
    broker.shutdown().await;
}

/// Kafka's built-in `message.max.bytes`.
const KAFKA_MESSAGE_MAX_BYTES: i32 = 1_048_588;

/// Asserts that a produce was refused as Kafka refuses a record over `message.max.bytes`.
fn assert_too_large(outcome: Result<(), KafkaError>) {
    let refused = outcome.expect_err("the record is over the limit");
    assert_eq!(
        refused.rdkafka_error_code(),
        Some(RDKafkaErrorCode::MessageSizeTooLarge),
        "{refused}"
    );
}

/// `kt configs --alter --entity-type brokers` of broker `id` (None: `--entity-default`)
/// with `change` (`--add-config k=v` or `--delete-config k`) through `b`: its stdout.
fn alter_brokers(b: &str, id: Option<&str>, change: [&str; 2]) -> String {
    let mut args = vec!["configs", "--alter", "--entity-type", "brokers"];
    match id {
        Some(id) => args.extend(["--entity-name", id]),
        None => args.push("--entity-default"),
    }
    args.extend(change);
    ok(b, &args)
}

/// `kt configs --describe --entity-type brokers --entity-default` through `b`: its stdout.
fn describe_default(b: &str) -> String {
    ok(
        b,
        &[
            "configs",
            "--describe",
            "--entity-type",
            "brokers",
            "--entity-default",
        ],
    )
}

/// Writes a broker entity's configs straight into ZooKeeper with its change notification,
/// as `kafka-configs.sh --zookeeper` (Kafka's `AdminZkClient.changeBrokerConfig`) does.
async fn write_broker_entity(client: &zookeeper_client::Client, entity: &str, json: &str) {
    let path = format!("/config/brokers/{entity}");
    let persistent =
        zookeeper_client::CreateMode::Persistent.with_acls(zookeeper_client::Acls::anyone_all());
    match client.set_data(&path, json.as_bytes(), None).await {
        Ok(_) => {}
        Err(zookeeper_client::Error::NoNode) => {
            client
                .create(&path, json.as_bytes(), &persistent)
                .await
                .unwrap();
        }
        Err(e) => panic!("set {path}: {e}"),
    }
    let notification = format!("{{\"version\":2,\"entity_path\":\"brokers/{entity}\"}}");
    let sequential = zookeeper_client::CreateMode::PersistentSequential
        .with_acls(zookeeper_client::Acls::anyone_all());
    client
        .create(
            "/config/changes/config_change_",
            notification.as_bytes(),
            &sequential,
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zookeeper_mode_broker_configs_reach_every_broker_at_run_time() {
    use common::cluster::{replication_bounds, wait_within, Cluster};
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, &[]).await;
    let b = cluster.bootstrap();
    let (b0, b1) = (cluster.broker(0).bootstrap(), cluster.broker(1).bootstrap());
    // Partition 0 lives on broker 2 alone, partition 1 on broker 1 alone.
    let bb = b.clone();
    tokio::task::spawn_blocking(move || {
        common::kt_create_topic(&bb, "sized", &["--replica-assignment", "2,1"])
    })
    .await
    .unwrap();
    produce_to(&b, "sized", 0, 3000)
        .await
        .expect("3000 bytes fit Kafka's limit on broker 2");
    let max_on = |id: i32| {
        cluster
            .broker(id)
            .broker()
            .effective_config()
            .message_max_bytes
    };
    let every_broker_has = |limit: i32| (0..3).all(|id| max_on(id) == limit);
    let bounded = Duration::from_secs(10);

    // The cluster default, sent to broker 0 alone, reaches broker 2 without a restart.
    let (bb0, bb1) = (b0.clone(), b1.clone());
    tokio::task::spawn_blocking(move || {
        let alter = alter_brokers(&bb0, None, ["--add-config", "message.max.bytes=2000"]);
        assert_eq!(alter, "Completed updating default config for brokers in the cluster.\n");
        assert_eq!(
            describe_default(&bb0),
            "Default configs for brokers in the cluster are:\n\
             \x20 message.max.bytes=2000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:message.max.bytes=2000}\n"
        );
    })
    .await
    .unwrap();
    wait_within("every broker takes the default", bounded, || {
        every_broker_has(2000)
    })
    .await;
    assert_too_large(produce_to(&b, "sized", 0, 3000).await);

    // Broker 1's own config, sent to broker 1, applies there and not on broker 2.
    tokio::task::spawn_blocking(move || {
        alter_brokers(&bb1, Some("1"), ["--add-config", "message.max.bytes=5000"]);
    })
    .await
    .unwrap();
    assert_eq!(max_on(1), 5000);
    produce_to(&b, "sized", 1, 3000)
        .await
        .expect("broker 1 takes 3000 bytes under its own limit");
    // Broker 2 takes notifications in order: once it has applied a default written after
    // the notification of brokers/1, it has passed that one over.
    let zk = cluster.zk_client().await;
    let default_2001 = r#"{"version":1,"config":{"message.max.bytes":"2001"}}"#;
    write_broker_entity(&zk, "<default>", default_2001).await;
    wait_within("broker 2 takes the next default", bounded, || {
        max_on(2) == 2001
    })
    .await;
    assert_eq!((max_on(0), max_on(1)), (2001, 5000));
    let layers_of_2 = cluster.broker(2).broker().dynamic_configs();
    assert!(layers_of_2.broker.is_empty(), "{layers_of_2:?}");
    assert_too_large(produce_to(&b, "sized", 0, 3000).await);

    // --delete-config undoes both on every broker.
    let (bb0, bb1) = (b0.clone(), b1.clone());
    tokio::task::spawn_blocking(move || {
        alter_brokers(&bb0, None, ["--delete-config", "message.max.bytes"]);
        alter_brokers(&bb1, Some("1"), ["--delete-config", "message.max.bytes"]);
        assert_eq!(
            describe_default(&bb0),
            "Default configs for brokers in the cluster are:\n"
        );
    })
    .await
    .unwrap();
    wait_within("every broker is back to Kafka's limit", bounded, || {
        every_broker_has(KAFKA_MESSAGE_MAX_BYTES)
    })
    .await;
    produce_to(&b, "sized", 0, 3000)
        .await
        .expect("broker 2 takes 3000 bytes again");

    // Written straight to ZooKeeper by another tool: the replication throttles follow too.
    let quotas = |id: i32| replication_bounds(&cluster, id);
    write_broker_entity(
        &zk,
        "<default>",
        r#"{"version":1,"config":{"message.max.bytes":"2500","leader.replication.throttled.rate":"1000000"}}"#,
    )
    .await;
    write_broker_entity(
        &zk,
        "2",
        r#"{"version":1,"config":{"follower.replication.throttled.rate":"500000"}}"#,
    )
    .await;
    wait_within("every broker takes the written default", bounded, || {
        every_broker_has(2500) && quotas(2) == (1_000_000, 500_000)
    })
    .await;
    assert_eq!(quotas(0), (1_000_000, i64::MAX));
    assert_eq!(quotas(1), (1_000_000, i64::MAX));
    assert_too_large(produce_to(&b, "sized", 0, 3000).await);
    drop(zk);
    cluster.shutdown().await;
}

/// A broker entity in ZooKeeper may hold keys no dynamic update may set, written by another
/// tool (`kafka-configs.sh --zookeeper` checks less than the broker, a hand-made znode not at
/// all), or values that do not parse. Kafka's broker drops those keys, logging an error
/// (`DynamicBrokerConfig.fromPersistentProps`, `removeInvalidConfigs`), and takes the rest;
/// so does kt, at start-up and on a notification.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_keys_and_bad_values_written_to_zookeeper_by_other_tools_are_ignored() {
    use common::cluster::{wait_within, Cluster};
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::zookeeper(dir.path(), &[]).await;
    // Before the broker starts, its own entity names its id and log directories, and a
    // retention that is no number: those keys go, the rest of the layer applies.
    let root = zookeeper_client::Client::connector()
        .connect(&cluster.zk.connect_string())
        .await
        .unwrap();
    let persistent =
        zookeeper_client::CreateMode::Persistent.with_acls(zookeeper_client::Acls::anyone_all());
    root.mkdir("/kafka/config/brokers", &persistent)
        .await
        .unwrap();
    let own = r#"{"version":1,"config":{"broker.id":"7","log.dirs":"/elsewhere","log.retention.ms":"soon","message.max.bytes":"3000"}}"#;
    root.create("/kafka/config/brokers/0", own.as_bytes(), &persistent)
        .await
        .unwrap();
    drop(root);
    cluster.add_brokers(1).await;
    let broker = cluster.broker(0).broker().clone();
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        broker.dynamic_configs().broker,
        map(&[("message.max.bytes", "3000")])
    );
    let effective = broker.effective_config();
    assert_eq!(effective.message_max_bytes, 3000);
    assert_eq!(effective.broker_id, 0);
    assert_eq!(effective.log_dirs, broker.config().log_dirs);

    // At run time the cluster default names a static key, an SSL store without its listener
    // prefix and a per-broker listener setting: all three go, the retention applies.
    let zk = cluster.zk_client().await;
    let default = r#"{"version":1,"config":{"zookeeper.connect":"nowhere:1","ssl.keystore.location":"/ks.jks","listener.name.plaintext.ssl.keystore.location":"/ks.jks","log.retention.ms":"5000"}}"#;
    write_broker_entity(&zk, "<default>", default).await;
    wait_within(
        "the broker takes the default",
        Duration::from_secs(10),
        || broker.effective_config().log_retention_ms == 5000,
    )
    .await;
    assert_eq!(
        broker.dynamic_configs().default,
        map(&[("log.retention.ms", "5000")])
    );
    assert_eq!(broker.effective_config().message_max_bytes, 3000);
    drop(zk);
    cluster.shutdown().await;
}
