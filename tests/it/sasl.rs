//! SASL listeners: librdkafka clients authenticating with PLAIN, SCRAM-SHA-256 and
//! SCRAM-SHA-512 over SASL_PLAINTEXT and SASL_SSL, and the exchange at the byte level —
//! Kafka's answers to a wrong password, an unknown mechanism, a request before
//! authentication, the v0 (bare token) flow and SaslHandshake after authentication.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use bytes::Buf;
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::{ApiKey, DescribeConfigsRequest, MetadataRequest};
use kafka_protocol::protocol::StrBytes;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::Message;

use crate::common;
use crate::common::raw::{self, connect, encode_request, read_frame, send_raw};
use crate::common::security::{
    authenticate, client_jaas, handshake, handshaken, pairs, pem_stores, properties_file,
    sasl_client, secured_client, with_client_certificate, ListenersThread,
};
use kt::broker::security::sasl::credentials::{CredentialStore, USERS_FILE};
use kt::broker::security::sasl::scram::{ScramCredential, ScramMechanism};
use kt::broker::RunningBroker;
use kt::certs::CertFiles;

const TIMEOUT: Duration = Duration::from_secs(10);
const JAAS: &str = "org.apache.kafka.common.security.plain.PlainLoginModule required \
                    username=\"admin\" password=\"admin-secret\" \
                    user_admin=\"admin-secret\" user_alice=\"alice-secret\";";

fn certs(dir: &Path) -> CertFiles {
    common::security::certs(dir, "client")
}

/// The settings of a broker with PLAINTEXT (inter-broker), SASL_PLAINTEXT and SASL_SSL
/// listeners, PLAIN and both SCRAM mechanisms enabled.
fn settings(files: &CertFiles) -> Vec<(String, String)> {
    let mut settings: Vec<(String, String)> = [
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
        ),
        (
            "sasl.enabled.mechanisms",
            "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
        ),
        ("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS),
        ("listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    settings.extend(pem_stores(files));
    settings
}

/// That broker, with SCRAM credentials for `scram-user`.
async fn start(dir: &Path, files: &CertFiles) -> RunningBroker {
    let broker = common::start_broker(dir, &pairs(&settings(files))).await;
    let store = CredentialStore::File(dir.join("logs").join(USERS_FILE));
    for mechanism in ScramMechanism::ALL {
        let credential =
            ScramCredential::from_password(mechanism, "scram-secret", b"salty".to_vec(), 4096);
        store
            .alter("scram-user", &[(mechanism, Some(credential))])
            .await
            .unwrap();
    }
    broker
}

fn metadata(config: &rdkafka::ClientConfig) -> Result<usize, String> {
    let consumer: BaseConsumer = config.create().map_err(|e| e.to_string())?;
    let metadata = consumer
        .fetch_metadata(None, Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    Ok(metadata.brokers().len())
}

async fn produce_and_consume(config: rdkafka::ClientConfig, topic: &str) {
    let producer: FutureProducer = config.clone().create().unwrap();
    for i in 0..5 {
        let value = format!("{topic}-{i}");
        producer
            .send(FutureRecord::to(topic).key("k").payload(&value), TIMEOUT)
            .await
            .unwrap_or_else(|(e, _)| panic!("{topic}: {e}"));
    }
    let topic = topic.to_string();
    let consumed = tokio::task::spawn_blocking(move || {
        let mut config = config;
        config
            .set("group.id", format!("g-{topic}"))
            .set("auto.offset.reset", "earliest");
        let consumer: BaseConsumer = config.create().unwrap();
        consumer.subscribe(&[&topic]).unwrap();
        let mut values = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while values.len() < 5 && std::time::Instant::now() < deadline {
            if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
                values.push(String::from_utf8(m.payload().unwrap().to_vec()).unwrap());
            }
        }
        values
    })
    .await
    .unwrap();
    assert_eq!(consumed.len(), 5, "{consumed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rdkafka_authenticates_with_plain_and_scram_over_sasl_plaintext_and_sasl_ssl() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = start(dir.path(), &files).await;
    let sasl_plaintext = broker.listener_addr("SASL_PLAINTEXT").unwrap().to_string();
    let sasl_ssl = broker.listener_addr("SASL_SSL").unwrap().to_string();
    let cases = [
        (
            &sasl_plaintext,
            "SASL_PLAINTEXT",
            "PLAIN",
            "alice",
            "alice-secret",
        ),
        (
            &sasl_plaintext,
            "SASL_PLAINTEXT",
            "SCRAM-SHA-256",
            "scram-user",
            "scram-secret",
        ),
        (&sasl_ssl, "SASL_SSL", "PLAIN", "admin", "admin-secret"),
        (
            &sasl_ssl,
            "SASL_SSL",
            "SCRAM-SHA-512",
            "scram-user",
            "scram-secret",
        ),
    ];
    for (i, (bootstrap, protocol, mechanism, user, password)) in cases.into_iter().enumerate() {
        let config = sasl_client(bootstrap, protocol, mechanism, user, password, &files.ca);
        produce_and_consume(config, &format!("sasl-{i}")).await;
    }
    // SCRAM-SHA-512 on SASL_PLAINTEXT and SCRAM-SHA-256 on SASL_SSL too, by metadata.
    for (bootstrap, protocol, mechanism) in [
        (&sasl_plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-512"),
        (&sasl_ssl, "SASL_SSL", "SCRAM-SHA-256"),
    ] {
        let config = sasl_client(
            bootstrap,
            protocol,
            mechanism,
            "scram-user",
            "scram-secret",
            &files.ca,
        );
        let brokers = tokio::task::spawn_blocking(move || metadata(&config))
            .await
            .unwrap();
        assert_eq!(brokers, Ok(1), "{protocol} {mechanism}");
    }
    // Wrong passwords are refused, for each mechanism.
    for (bootstrap, protocol, mechanism, user) in [
        (&sasl_plaintext, "SASL_PLAINTEXT", "PLAIN", "alice"),
        (
            &sasl_plaintext,
            "SASL_PLAINTEXT",
            "SCRAM-SHA-256",
            "scram-user",
        ),
        (&sasl_ssl, "SASL_SSL", "SCRAM-SHA-512", "scram-user"),
        (&sasl_ssl, "SASL_SSL", "SCRAM-SHA-256", "nobody"),
    ] {
        let config = sasl_client(bootstrap, protocol, mechanism, user, "wrong", &files.ca);
        let refused = tokio::task::spawn_blocking(move || metadata(&config))
            .await
            .unwrap();
        assert!(
            refused.is_err(),
            "{protocol} {mechanism} {user}: {refused:?}"
        );
    }
    broker.shutdown().await;
}

fn metadata_request() -> Vec<u8> {
    encode_request(ApiKey::Metadata, 12, 3, &MetadataRequest::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exchange_answers_as_kafka_does() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = start(dir.path(), &files).await;
    let addr: SocketAddr = broker.listener_addr("SASL_PLAINTEXT").unwrap();
    let plain_addr: SocketAddr = broker.listener_addr("PLAINTEXT").unwrap();
    tokio::task::spawn_blocking(move || {
        // A request other than ApiVersions/SaslHandshake before authentication: closed.
        let mut s = connect(addr);
        send_raw(&mut s, &metadata_request());
        assert!(
            read_frame(&mut s).is_none(),
            "unauthenticated Metadata answered"
        );

        // An unknown mechanism: UNSUPPORTED_SASL_MECHANISM with the enabled list, then closed.
        let mut s = connect(addr);
        let r = handshake(&mut s, 1, "GSSAPI");
        assert_eq!(r.error_code, 33);
        let names: Vec<String> = r.mechanisms.iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]);
        assert!(read_frame(&mut s).is_none());

        // A wrong password: SASL_AUTHENTICATION_FAILED with Kafka's message, then closed.
        let mut s = handshaken(addr, "PLAIN");
        let r = authenticate(&mut s, b"\0alice\0wrong");
        assert_eq!(r.error_code, 58);
        assert_eq!(
            r.error_message.as_deref(),
            Some("Authentication failed: Invalid username or password")
        );
        assert!(read_frame(&mut s).is_none());

        // Another request between the handshake and SaslAuthenticate: closed.
        let mut s = handshaken(addr, "PLAIN");
        send_raw(&mut s, &metadata_request());
        assert!(read_frame(&mut s).is_none());

        // The right password, then requests are served; SaslHandshake again is
        // ILLEGAL_SASL_STATE (no re-authentication), as on a PLAINTEXT listener.
        let mut s = handshaken(addr, "PLAIN");
        let r = authenticate(&mut s, b"\0alice\0alice-secret");
        assert_eq!((r.error_code, r.session_lifetime_ms), (0, 0));
        send_raw(&mut s, &metadata_request());
        let mut frame = read_frame(&mut s).expect("Metadata after authentication");
        assert_eq!(frame.get_i32(), 3);
        assert_eq!(handshake(&mut s, 1, "PLAIN").error_code, 34);
        let mut p = connect(plain_addr);
        assert_eq!(handshake(&mut p, 1, "PLAIN").error_code, 34);

        // The v0 flow: bare tokens after a v0 handshake, the answer a bare (empty) token.
        let mut s = connect(addr);
        assert_eq!(handshake(&mut s, 0, "PLAIN").error_code, 0);
        send_raw(&mut s, b"\0admin\0admin-secret");
        assert_eq!(read_frame(&mut s).map(|f| f.len()), Some(0));
        send_raw(&mut s, &metadata_request());
        assert!(read_frame(&mut s).is_some(), "Metadata after a v0 exchange");

        // DescribeConfigs of the broker names the JAAS settings but hides their values
        // (passwords inside), as Kafka's null value with is_sensitive; other keys are shown.
        // configuration_keys null asks for every key, as the Java admin client sends it;
        // kafka-protocol's default is an empty list, which names no key (the empty answer an
        // earlier version of this check got).
        let request = DescribeConfigsRequest::default().with_resources(vec![
            DescribeConfigsResource::default()
                .with_resource_type(4)
                .with_resource_name(StrBytes::from_static_str("0"))
                .with_configuration_keys(None),
        ]);
        let response = raw::Client::connect(plain_addr).call(4, &request);
        let result = &response.results[0];
        assert_eq!(result.error_code, 0, "{:?}", result.error_message);
        let entry = |name: &str| {
            result
                .configs
                .iter()
                .find(|c| c.name.as_str() == name)
                .unwrap_or_else(|| panic!("{name} not described: {:?}", result.configs))
        };
        for key in [
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            "listener.name.sasl_ssl.plain.sasl.jaas.config",
        ] {
            let jaas = entry(key);
            assert_eq!((jaas.value.as_deref(), jaas.is_sensitive), (None, true));
        }
        let mechanisms = entry("sasl.enabled.mechanisms");
        assert_eq!(
            (mechanisms.value.as_deref(), mechanisms.is_sensitive),
            (Some("PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"), false)
        );
        let described = format!("{response:?}");
        assert!(!described.contains("admin-secret"), "{described}");

        // An oversized frame before authentication closes the connection.
        let mut s = connect(addr);
        use std::io::Write;
        s.write_all(&(600_000i32).to_be_bytes()).unwrap();
        assert!(read_frame(&mut s).is_none());
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sasl_listener_without_users_or_with_gssapi_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::server_config(
        dir.path(),
        &[(
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
        )],
    );
    let err = kt::broker::spawn(config).await.err().unwrap().to_string();
    assert!(
        err.contains("SASL mechanism GSSAPI is not supported by kt"),
        "{err}"
    );
    let config = common::server_config(
        dir.path(),
        &[
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
            ),
            ("sasl.enabled.mechanisms", "PLAIN"),
        ],
    );
    let err = kt::broker::spawn(config).await.err().unwrap().to_string();
    assert!(
        err.contains("Could not find a 'KafkaServer' or 'sasl_plaintext.KafkaServer' entry"),
        "{err}"
    );
}

#[test]
fn kt_tools_manage_scram_users_and_reach_sasl_listeners_with_kafkas_client_properties() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let ca = files.ca.display().to_string();
    let broker = ListenersThread::start(
        dir.path().to_path_buf(),
        settings(&files),
        &["SASL_PLAINTEXT", "SASL_SSL"],
    );
    let sasl_plaintext = broker.addr("SASL_PLAINTEXT");
    let write = |name: &str, text: String| properties_file(dir.path(), name, &text);
    // The admin authenticates with PLAIN over SASL_PLAINTEXT, as a Java client file says it.
    let admin = write(
        "admin.properties",
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config={}\n",
            client_jaas("PLAIN", "admin", "admin-secret")
        ),
    );
    let (out, err, code) = common::run_kt(
        [
            "configs",
            "--bootstrap-server",
            &sasl_plaintext,
            "--command-config",
            &admin,
            "--alter",
            "--entity-type",
            "users",
            "--entity-name",
            "alice",
            "--add-config",
            "SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]",
        ],
        "",
    );
    assert_eq!(
        (out.as_str(), code),
        ("Completed updating config for user alice.\n", 0),
        "{err}"
    );
    let (out, err, code) = common::run_kt(
        [
            "configs",
            "--bootstrap-server",
            &sasl_plaintext,
            "--command-config",
            &admin,
            "--describe",
            "--entity-type",
            "users",
            "--entity-name",
            "alice",
        ],
        "",
    );
    assert_eq!(
        (out.as_str(), code),
        (
            "SCRAM credential configs for user-principal 'alice' are \
             SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096\n",
            0
        ),
        "{err}"
    );

    // alice, just created, over SASL_SSL with SCRAM-SHA-512: topics, console tools, and
    // kt's own wire client (log-dirs).
    let alice = write(
        "alice.properties",
        format!(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config={}\n\
             ssl.truststore.type=PEM\nssl.truststore.location={ca}\n",
            client_jaas("SCRAM-SHA-512", "alice", "alice-secret")
        ),
    );
    let sasl_ssl = broker.addr("SASL_SSL");
    let ssl = sasl_ssl.as_str();
    let (out, err, code) = common::run_kt(
        [
            "topics",
            "--create",
            "--topic",
            "lines",
            "--partitions",
            "1",
            "--bootstrap-server",
            ssl,
            "--command-config",
            &alice,
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("Created topic lines.\n", 0), "{err}");
    assert!(!err.contains("alice-secret"), "{err}");
    let (_, err, code) = common::run_kt(
        [
            "console-producer",
            "--bootstrap-server",
            ssl,
            "--topic",
            "lines",
            "--producer.config",
            &alice,
        ],
        "first\nsecond\n",
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = common::run_kt(
        [
            "console-consumer",
            "--bootstrap-server",
            ssl,
            "--topic",
            "lines",
            "--from-beginning",
            "--max-messages",
            "2",
            "--consumer.config",
            &alice,
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("first\nsecond\n", 0), "{err}");
    let (out, err, code) = common::run_kt(
        [
            "log-dirs",
            "--describe",
            "--bootstrap-server",
            ssl,
            "--command-config",
            &alice,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("{\"partition\":\"lines-0\","), "{out}");

    // A wrong password: the wire client reports Kafka's message.
    let wrong = write(
        "wrong.properties",
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config={}\n",
            client_jaas("PLAIN", "alice", "nope")
        ),
    );
    let (_, err, code) = common::run_kt(
        [
            "log-dirs",
            "--describe",
            "--bootstrap-server",
            &sasl_plaintext,
            "--command-config",
            &wrong,
        ],
        "",
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("Authentication failed: Invalid username or password"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_certificates_name_principals_through_the_mapping_rules() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let keystore = files.broker.display().to_string();
    let ca = files.ca.display().to_string();
    // The SSL listener maps `CN=client` to `CLIENT`; a second one maps no name at all.
    let settings = [
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,NOMATCH://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SSL:SSL,NOMATCH:SSL",
        ),
        ("ssl.keystore.type", "PEM"),
        ("ssl.keystore.location", &keystore),
        ("ssl.truststore.type", "PEM"),
        ("ssl.truststore.location", &ca),
        ("ssl.client.auth", "required"),
        ("ssl.principal.mapping.rules", "RULE:^CN=(.*)$/$1/U,DEFAULT"),
        (
            "listener.name.nomatch.ssl.principal.mapping.rules",
            "RULE:^CN=nobody$/x/",
        ),
    ];
    let broker = common::start_broker(dir.path(), &settings).await;
    let client = |addr: SocketAddr| {
        with_client_certificate(secured_client(&addr.to_string(), "ssl", &files.ca), &files)
    };
    let mapped = client(broker.listener_addr("SSL").unwrap());
    let refused = client(broker.listener_addr("NOMATCH").unwrap());
    let (mapped, refused) =
        tokio::task::spawn_blocking(move || (metadata(&mapped), metadata(&refused)))
            .await
            .unwrap();
    assert_eq!(mapped, Ok(1));
    assert!(refused.is_err(), "{refused:?}");
    broker.shutdown().await;

    // A bad rule stops the start-up.
    let dir = tempfile::tempdir().unwrap();
    let config = common::server_config(
        dir.path(),
        &[("ssl.principal.mapping.rules", "RULE:^CN=(.*)$")],
    );
    let err = kt::broker::spawn(config).await.err().unwrap().to_string();
    assert!(err.contains("Invalid rule"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kraft_users_from_storage_format_add_scram_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let voters = format!("1@127.0.0.1:{port}");
    let listeners = format!(
        "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:{port}"
    );
    let settings: Vec<(String, String)> = [
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        ("controller.quorum.voters", voters.as_str()),
        ("controller.listener.names", "CONTROLLER"),
        ("listeners", listeners.as_str()),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
        ),
        ("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut file: String = settings.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    file.push_str(&format!("log.dirs={}\n", dir.path().join("logs").display()));
    file.push_str(common::ONE_REPLICA_INTERNAL_TOPICS);
    let config = properties_file(dir.path(), "server.properties", &file);
    let (uuid, _, _) = common::run_kt(["storage", "random-uuid"], "");

    // A mechanism kt does not know is refused before anything is written.
    let (_, err, code) = common::run_kt(
        [
            "storage",
            "format",
            "-t",
            uuid.trim(),
            "-c",
            &config,
            "--add-scram",
            "SCRAM-SHA-1=[name=alice,password=alice-secret]",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("The add-scram mechanism SCRAM-SHA-1 is not supported."),
        "{err}"
    );
    let (_, err, code) = common::run_kt(
        [
            "storage",
            "format",
            "-t",
            uuid.trim(),
            "-c",
            &config,
            "--add-scram",
            "SCRAM-SHA-256=[name=alice,password=alice-secret]",
            "--add-scram",
            "SCRAM-SHA-512=[name=bob,iterations=8192,password=bob-secret]",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");

    let broker = common::start_broker(dir.path(), &pairs(&settings)).await;
    let addr = broker.listener_addr("SASL_PLAINTEXT").unwrap().to_string();
    let no_ca = dir.path().join("no-ca.pem");
    let client = |mechanism: &str, user: &str, password: &str| {
        let mut config = sasl_client(&addr, "SASL_PLAINTEXT", mechanism, user, password, &no_ca);
        config.remove("ssl.ca.location");
        config
    };
    let alice = client("SCRAM-SHA-256", "alice", "alice-secret");
    let bob = client("SCRAM-SHA-512", "bob", "bob-secret");
    let wrong = client("SCRAM-SHA-256", "alice", "bob-secret");
    let (alice, bob, wrong) =
        tokio::task::spawn_blocking(move || (metadata(&alice), metadata(&bob), metadata(&wrong)))
            .await
            .unwrap();
    assert_eq!((alice, bob), (Ok(1), Ok(1)));
    assert!(wrong.is_err(), "{wrong:?}");
    broker.shutdown().await;
}

/// A refused login ends kt's librdkafka-based commands at once with the broker's message, as
/// Kafka's clients give up on an AuthenticationException (librdkafka alone would reconnect
/// until its 30 s or two-minute timeout); so does a TLS handshake the client cannot complete.
#[test]
fn kt_clients_give_up_at_once_when_the_login_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = ListenersThread::start(
        dir.path().to_path_buf(),
        settings(&files),
        &["SASL_PLAINTEXT", "SASL_SSL"],
    );
    let sasl_plaintext = broker.addr("SASL_PLAINTEXT");
    let wrong = properties_file(
        dir.path(),
        "wrong.properties",
        &format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config={}\n",
            client_jaas("PLAIN", "alice", "nope")
        ),
    );
    // Far below the timeouts librdkafka would wait for; a run killed at run_kt's 30 s fails.
    let quick = Duration::from_secs(10);
    let refused = "SaslAuthenticationException: Authentication failed: Invalid username or \
                   password";
    let timed = |args: &[&str], stdin: &str| {
        let started = std::time::Instant::now();
        let outcome = common::run_kt(args, stdin);
        (outcome, started.elapsed())
    };

    let ((out, err, code), took) = timed(
        &[
            "topics",
            "--list",
            "--bootstrap-server",
            &sasl_plaintext,
            "--command-config",
            &wrong,
        ],
        "",
    );
    assert_eq!(
        (out.as_str(), code),
        (
            "Error while executing topic command : Authentication failed: Invalid username or \
             password\n",
            1
        ),
        "{err}"
    );
    assert!(err.contains(refused), "{err}");
    assert!(took < quick, "topics --list took {took:?}");

    // Kafka's console consumer logs the exception and ends normally (exit 0).
    for group in [None, Some("refused-group")] {
        let mut args = vec![
            "console-consumer",
            "--bootstrap-server",
            &sasl_plaintext,
            "--consumer.config",
            &wrong,
            "--topic",
            "lines",
            "--from-beginning",
        ];
        args.extend(group.iter().flat_map(|g| ["--group", *g]));
        let ((out, err, code), took) = timed(&args, "");
        assert_eq!((out.as_str(), code), ("", 0), "{err}");
        assert!(
            err.contains(&format!(
                "ERROR Error processing message, terminating consumer process: \
                 org.apache.kafka.common.errors.{refused}"
            )),
            "{err}"
        );
        assert!(err.ends_with("Processed a total of 0 messages\n"), "{err}");
        assert!(took < quick, "console-consumer {group:?} took {took:?}");
    }

    // The producer fails the records it read instead of retrying them for two minutes.
    let ((_, err, code), took) = timed(
        &[
            "console-producer",
            "--bootstrap-server",
            &sasl_plaintext,
            "--producer.config",
            &wrong,
            "--topic",
            "lines",
        ],
        "one\ntwo\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(refused), "{err}");
    assert!(took < quick, "console-producer took {took:?}");

    // The perf and system-test tools end as Kafka's do when their client throws.
    let producer_props = format!("bootstrap.servers={sasl_plaintext}");
    for (tool, args) in [
        (
            "producer-perf-test",
            vec![
                "--topic",
                "lines",
                "--num-records",
                "10",
                "--record-size",
                "10",
                "--throughput",
                "-1",
                "--producer.config",
                &wrong,
                "--producer-props",
                &producer_props,
            ],
        ),
        (
            "consumer-perf-test",
            vec![
                "--bootstrap-server",
                &sasl_plaintext,
                "--topic",
                "lines",
                "--messages",
                "10",
                "--consumer.config",
                &wrong,
            ],
        ),
        (
            "verifiable-consumer",
            vec![
                "--bootstrap-server",
                &sasl_plaintext,
                "--topic",
                "lines",
                "--group-id",
                "refused-group",
                "--consumer.config",
                &wrong,
            ],
        ),
    ] {
        let mut all = vec![tool];
        all.extend(args);
        let ((_, err, code), took) = timed(&all, "");
        assert_eq!(code, 1, "{tool}: {err}");
        assert!(err.contains(refused), "{tool}: {err}");
        assert!(took < quick, "{tool} took {took:?}");
    }
    let ((out, err, code), took) = timed(
        &[
            "verifiable-producer",
            "--bootstrap-server",
            &sasl_plaintext,
            "--topic",
            "lines",
            "--max-messages",
            "2",
            "--producer.config",
            &wrong,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches(
            "\"exception\":\"class org.apache.kafka.common.errors.SaslAuthenticationException\""
        )
        .count(),
        2,
        "{out}"
    );
    assert!(out.contains("\"acked\":0"), "{out}");
    assert!(took < quick, "verifiable-producer took {took:?}");

    // No trusted certificate authority: the TLS handshake fails, and so does the command.
    let untrusting = properties_file(
        dir.path(),
        "untrusting.properties",
        &format!(
            "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config={}\n",
            client_jaas("PLAIN", "alice", "alice-secret")
        ),
    );
    let ((out, err, code), took) = timed(
        &[
            "topics",
            "--list",
            "--bootstrap-server",
            &broker.addr("SASL_SSL"),
            "--command-config",
            &untrusting,
        ],
        "",
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("Error while executing topic command : SSL handshake failed"),
        "{out}"
    );
    assert!(err.contains("SslAuthenticationException"), "{err}");
    assert!(took < quick, "topics over untrusted TLS took {took:?}");
}
