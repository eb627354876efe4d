//! Dynamic broker configs (kafka-configs --entity-type brokers): set per broker and as the
//! cluster default, described with Kafka's sources and synonyms, refused with Kafka's message
//! when not dynamic, applied by the running broker (message.max.bytes, log.* topic defaults)
//! and kept across a restart.

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
    let producer: FutureProducer = common::client(b).create().unwrap();
    let value = vec![b'x'; size];
    producer
        .send(
            FutureRecord::<(), _>::to(topic)
                .partition(0)
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
