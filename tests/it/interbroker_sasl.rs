//! Brokers talking to each other over a SASL listener (issue 13): a ZooKeeper-mode cluster
//! whose only listener is SASL_PLAINTEXT with SCRAM-SHA-512 and ACLs on, the brokers logging
//! in as the super user `admin` from their JAAS entry, replicates with acks=all; a broker
//! with a wrong inter-broker password logs Kafka's authentication error and stays out of the
//! ISR, and catches up once it has the right one; GSSAPI (Kafka's default inter-broker
//! mechanism) stops the start-up with a clear message. The same cluster over SASL_SSL with
//! PLAIN replicates too.

use crate::common;
use crate::common::cluster::{
    create_topic_on_1_2_0, log_end, partition_state, replicate_acks_all, wait_for_isr, wait_until,
    Cluster,
};

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kt::broker::security::sasl::scram::{ScramCredential, ScramMechanism};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::ClientConfig;
use zookeeper_client as zk;

const TOPIC: &str = "secured";

/// The settings every broker has: one SASL_PLAINTEXT listener, SCRAM-SHA-512 between the
/// brokers, Kafka's ZooKeeper-mode authorizer with `admin` as the super user, quick fetchers
/// and ISR changes.
const SECURED: &[(&str, &str)] = &[
    ("listeners", "SASL_PLAINTEXT://127.0.0.1:0"),
    ("security.inter.broker.protocol", "SASL_PLAINTEXT"),
    ("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
    ("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512"),
    (
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required \
         username=\"admin\" password=\"admin-secret\";",
    ),
    (
        "authorizer.class.name",
        "kafka.security.authorizer.AclAuthorizer",
    ),
    ("super.users", "User:admin"),
    ("replica.fetch.wait.max.ms", "100"),
    ("replica.fetch.backoff.ms", "100"),
    ("replica.lag.time.max.ms", "1000"),
    // Stopping a broker is not what this test checks: no controlled shutdown's waits.
    ("controlled.shutdown.enable", "false"),
];

/// Broker 2's JAAS entry with a wrong password.
const WRONG_PASSWORD: &[(&str, &str)] = &[(
    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
    "org.apache.kafka.common.security.scram.ScramLoginModule required \
     username=\"admin\" password=\"wrong-secret\";",
)];

/// What the brokers of this test log (they run on this test's thread).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).to_string()
    }
}

/// `admin`'s SCRAM-SHA-512 credential in `/config/users/admin`, written before any broker
/// starts, as `kafka-configs --zookeeper --alter --add-config 'SCRAM-SHA-512=[...]'
/// --entity-type users --entity-name admin` does.
async fn create_admin_credential(cluster: &Cluster) {
    let root = zk::Client::connector()
        .with_session_timeout(Duration::from_millis(4000))
        .connect(&cluster.zk.connect_string())
        .await
        .unwrap();
    let options = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    root.mkdir("/kafka/config/users", &options).await.unwrap();
    let credential = ScramCredential::from_password(
        ScramMechanism::Sha512,
        "admin-secret",
        b"test-salt".to_vec(),
        4096,
    );
    let znode = serde_json::json!({
        "version": 1,
        "config": { "SCRAM-SHA-512": credential.to_string() },
    });
    root.create(
        "/kafka/config/users/admin",
        znode.to_string().as_bytes(),
        &options,
    )
    .await
    .unwrap();
}

fn admin_client(bootstrap: &str) -> ClientConfig {
    let mut config = common::client(bootstrap);
    config
        .set("security.protocol", "sasl_plaintext")
        .set("sasl.mechanism", "SCRAM-SHA-512")
        .set("sasl.username", "admin")
        .set("sasl.password", "admin-secret");
    config
}

async fn isr(cluster: &Cluster, topic: &str) -> Vec<i64> {
    let client = cluster.zk_client().await;
    let mut isr = partition_state(&client, topic, 0)
        .await
        .map_or_else(Vec::new, |s| s.isr);
    isr.sort();
    isr
}

// One thread: the brokers' tasks run where the capturing subscriber is the default.
#[tokio::test]
async fn brokers_replicate_over_sasl_scram_and_a_wrong_password_is_logged_and_kept_out() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::zookeeper(dir.path(), SECURED).await;

    // Kafka's default inter-broker mechanism is GSSAPI, which kt does not speak.
    let mut gssapi: Vec<(&str, &str)> = SECURED
        .iter()
        .filter(|(k, _)| *k != "sasl.mechanism.inter.broker.protocol")
        .copied()
        .collect();
    let connect = cluster.connect();
    gssapi.extend([("broker.id", "9"), ("zookeeper.connect", connect.as_str())]);
    let refused = kt::broker::spawn(common::server_config(&dir.path().join("b9"), &gssapi)).await;
    let message = refused.err().expect("GSSAPI refused").to_string();
    assert!(
        message.contains("sasl.mechanism.inter.broker.protocol=GSSAPI is not supported by kt"),
        "{message}"
    );

    create_admin_credential(&cluster).await;
    cluster.set_overrides(2, WRONG_PASSWORD);
    cluster.add_brokers(3).await;
    let bootstrap = cluster.bootstrap();

    // Replicas on 0 (the leader), 1 and 2; broker 0, started first, is the controller and
    // has driven the others over SASL (LeaderAndIsr, UpdateMetadata).
    let admin: AdminClient<DefaultClientContext> = admin_client(&bootstrap).create().unwrap();
    let topic = NewTopic::new(TOPIC, 1, TopicReplication::Variable(&[&[0, 1, 2]]));
    let results = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");

    let producer: FutureProducer = admin_client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for i in 0..20 {
        let value = format!("record-{i}");
        let record = FutureRecord::to(TOPIC).payload(&value).key("k");
        producer
            .send(record, Duration::from_secs(10))
            .await
            .unwrap_or_else(|(e, _)| panic!("record {i} not acknowledged: {e}"));
    }

    // Broker 1 copied everything over SASL; broker 2, refused, nothing, and is out of the
    // ISR (acks=all did not wait for it).
    wait_until("broker 1 caught up", || log_end(&cluster, 1, TOPIC) == 20).await;
    wait_for_isr(&cluster, TOPIC, &[0, 1]).await;
    assert_eq!(log_end(&cluster, 2, TOPIC), 0);
    let log = captured.text();
    let refusal = log
        .lines()
        .find(|l| {
            l.contains("[ReplicaFetcher replicaId=2, leaderId=0, fetcherId=")
                && l.contains("] Connection to node 0 (127.0.0.1:")
        })
        .unwrap_or_else(|| panic!("no refusal logged:\n{log}"));
    assert!(refusal.contains("ERROR"), "{refusal}");
    assert!(
        refusal.ends_with(
            "failed authentication due to: Authentication failed during authentication due to \
             invalid credentials with SASL mechanism SCRAM-SHA-512"
        ),
        "{refusal}"
    );
    assert!(!log.contains("wrong-secret"), "a password was logged");
    assert!(!log.contains("admin-secret"), "a password was logged");

    // With the right password, broker 2 catches up and the ISR is full again.
    cluster.stop(2).await;
    cluster.set_overrides(2, &[]);
    cluster.restart(2).await;
    wait_until("broker 2 caught up", || log_end(&cluster, 2, TOPIC) == 20).await;
    wait_for_isr(&cluster, TOPIC, &[0, 1, 2]).await;
    let more = FutureRecord::to(TOPIC).payload("after").key("k");
    producer
        .send(more, Duration::from_secs(10))
        .await
        .unwrap_or_else(|(e, _)| panic!("not acknowledged by the full ISR: {e}"));
    wait_until("every replica has it", || {
        (0..3).all(|id| log_end(&cluster, id, TOPIC) == 21)
    })
    .await;

    drop(producer);
    cluster.shutdown().await;
}

/// The same over SASL_SSL with PLAIN: TLS between the brokers (each verifying the other's
/// certificate against the listener's truststore, host names checked), then the login.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_replicate_over_sasl_ssl_with_plain() {
    use common::security::{certs, pairs, pem_stores, sasl_client};
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path(), "client");
    let mut settings = pem_stores(&files);
    for (k, v) in [
        ("listeners", "SASL_SSL://127.0.0.1:0"),
        ("security.inter.broker.protocol", "SASL_SSL"),
        ("sasl.enabled.mechanisms", "PLAIN"),
        ("sasl.mechanism.inter.broker.protocol", "PLAIN"),
        (
            "listener.name.sasl_ssl.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required \
             username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\";",
        ),
        ("replica.fetch.wait.max.ms", "100"),
        ("replica.fetch.backoff.ms", "100"),
        ("controlled.shutdown.enable", "false"),
    ] {
        settings.push((k.to_string(), v.to_string()));
    }
    let cluster = Cluster::start(dir.path(), 3, &pairs(&settings)).await;
    let bootstrap = cluster.bootstrap();
    let client = || {
        sasl_client(
            &bootstrap,
            "sasl_ssl",
            "PLAIN",
            "admin",
            "admin-secret",
            &files.ca,
        )
    };
    let topic = "tls-replicated";
    create_topic_on_1_2_0(&client(), topic).await;
    replicate_acks_all(&cluster, &client(), topic, 10).await;
    cluster.shutdown().await;
}

/// Connections made to every broker's SASL_PLAINTEXT listener, and the listeners'
/// authentication counts summed over the brokers.
fn sasl_listener_counts(cluster: &Cluster) -> (u64, kt::broker::metrics::AuthenticationTotals) {
    let mut created = 0;
    let mut sum: Option<kt::broker::metrics::AuthenticationTotals> = None;
    for id in 0..3 {
        let metrics = cluster.broker(id).broker().metrics();
        created += metrics
            .connections
            .per_listener()
            .into_iter()
            .find(|(name, _, _)| &**name == "SASL_PLAINTEXT")
            .map_or(0, |(_, _, created)| created);
        let totals = metrics
            .connections
            .authentication_per_listener()
            .into_iter()
            .find(|(name, _)| &**name == "SASL_PLAINTEXT")
            .map(|(_, t)| t)
            .unwrap();
        sum = Some(match sum {
            None => totals,
            Some(s) => kt::broker::metrics::AuthenticationTotals {
                succeeded: s.succeeded + totals.succeeded,
                failed: s.failed + totals.failed,
                reauthenticated: s.reauthenticated + totals.reauthenticated,
                reauthentication_failed: s.reauthentication_failed + totals.reauthentication_failed,
                ..s
            },
        });
    }
    (created, sum.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_renew_their_sessions_on_the_same_connections() {
    // Sessions of 1.5 s: over six seconds every link between the brokers (fetchers, the
    // controller's channels, AlterPartition) must renew its login, or be closed and make a
    // new connection.
    const SESSION_MS: &str = "1500";
    let dir = tempfile::tempdir().unwrap();
    let settings: Vec<(&str, &str)> = vec![
        ("listeners", "SASL_PLAINTEXT://127.0.0.1:0"),
        ("security.inter.broker.protocol", "SASL_PLAINTEXT"),
        ("sasl.enabled.mechanisms", "PLAIN"),
        ("sasl.mechanism.inter.broker.protocol", "PLAIN"),
        (
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required \
             username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\";",
        ),
        ("connections.max.reauth.ms", SESSION_MS),
        ("replica.fetch.wait.max.ms", "100"),
        ("replica.fetch.backoff.ms", "100"),
        ("controlled.shutdown.enable", "false"),
    ];
    let cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    let mut client = common::client(&bootstrap);
    client
        .set("security.protocol", "sasl_plaintext")
        .set("sasl.mechanism", "PLAIN")
        .set("sasl.username", "admin")
        .set("sasl.password", "admin-secret");
    let topic = "renewed";
    create_topic_on_1_2_0(&client, topic).await;
    let producer: FutureProducer = client.clone().set("acks", "all").create().unwrap();
    let send = |i: usize| {
        let producer = producer.clone();
        async move {
            let value = format!("record-{i}");
            producer
                .send(
                    FutureRecord::to(topic).payload(&value).key("k"),
                    Duration::from_secs(10),
                )
                .await
                .map(|_| ())
                .unwrap_or_else(|(e, _)| panic!("record {i} not acknowledged: {e}"));
        }
    };
    send(0).await;
    wait_for_isr(&cluster, topic, &[0, 1, 2]).await;
    let (created_before, before) = sasl_listener_counts(&cluster);
    let started = std::time::Instant::now();
    let mut sent = 1;
    while started.elapsed() < Duration::from_secs(6) {
        send(sent).await;
        sent += 1;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_until("every replica has every record", || {
        (0..3).all(|id| log_end(&cluster, id, topic) == sent as i64)
    })
    .await;
    let (created_after, after) = sasl_listener_counts(&cluster);
    assert_eq!(
        created_after, created_before,
        "a link reconnected instead of renewing its session: {before:?} -> {after:?}"
    );
    assert!(
        after.reauthenticated >= before.reauthenticated + 6,
        "{before:?} -> {after:?}"
    );
    assert_eq!(
        (after.failed, after.reauthentication_failed),
        (0, 0),
        "{after:?}"
    );
    assert_eq!(isr(&cluster, topic).await, vec![0, 1, 2]);
    drop(producer);
    cluster.shutdown().await;
}
