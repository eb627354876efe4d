//! SSL listeners: a broker with PLAINTEXT and SSL listeners side by side, librdkafka clients
//! over TLS (CA-verified, mutual TLS), Metadata per listener, start-up errors of a bad
//! keystore, and kt's own console tools through `--producer.config`/`--consumer.config`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::Message;

use crate::common;
use crate::common::security::{
    pairs, pem_stores, properties_file, secured_client, with_client_certificate, ListenersThread,
};
use kt::broker::RunningBroker;
use kt::certs::CertFiles;

const TIMEOUT: Duration = Duration::from_secs(10);

/// A test CA whose client certificate is `CN=alice`.
fn certs(dir: &Path) -> CertFiles {
    common::security::certs(dir, "alice")
}

/// The settings of a broker with a PLAINTEXT and an SSL listener on free ports.
fn ssl_settings(files: &CertFiles, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut settings = vec![(
        "listeners".to_string(),
        "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0".to_string(),
    )];
    settings.extend(pem_stores(files));
    settings.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    settings
}

async fn start(dir: &Path, settings: &[(String, String)]) -> RunningBroker {
    common::start_broker(dir, &pairs(settings)).await
}

/// A librdkafka client of the SSL listener that trusts the test CA.
fn ssl_client(bootstrap: &str, ca: &Path) -> rdkafka::ClientConfig {
    secured_client(bootstrap, "ssl", ca)
}

fn metadata_ports(config: &rdkafka::ClientConfig) -> Result<Vec<i32>, String> {
    let consumer: BaseConsumer = config.create().map_err(|e| e.to_string())?;
    let metadata = consumer
        .fetch_metadata(None, Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    Ok(metadata.brokers().iter().map(|b| b.port()).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rdkafka_produces_and_consumes_over_ssl_and_each_listener_advertises_itself() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = start(dir.path(), &ssl_settings(&files, &[])).await;
    let plain = broker.listener_addr("PLAINTEXT").unwrap();
    let ssl = broker.listener_addr("SSL").unwrap();
    let ssl_bootstrap = ssl.to_string();

    // Metadata answers each client with the endpoints of the listener it came in on.
    let ports = tokio::task::spawn_blocking({
        let config = ssl_client(&ssl_bootstrap, &files.ca);
        move || metadata_ports(&config)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(ports, vec![i32::from(ssl.port())]);
    let ports = tokio::task::spawn_blocking({
        let config = common::client(&plain.to_string());
        move || metadata_ports(&config)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(ports, vec![i32::from(plain.port())]);

    // Enough bytes that a fetch reads its batches from the segment through TLS in chunks.
    let producer: FutureProducer = ssl_client(&ssl_bootstrap, &files.ca)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    let value = "v".repeat(4000);
    for i in 0..200 {
        let key = format!("k{i}");
        producer
            .send(
                FutureRecord::to("secure").key(&key).payload(&value),
                TIMEOUT,
            )
            .await
            .unwrap();
    }
    let consumed = tokio::task::spawn_blocking({
        let config = ssl_client(&ssl_bootstrap, &files.ca);
        move || {
            let consumer: BaseConsumer = config
                .clone()
                .set("group.id", "tls-readers")
                .set("auto.offset.reset", "earliest")
                .create()
                .unwrap();
            consumer.subscribe(&["secure"]).unwrap();
            let mut keys = Vec::new();
            let deadline = std::time::Instant::now() + Duration::from_secs(30);
            while keys.len() < 200 && std::time::Instant::now() < deadline {
                if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
                    assert_eq!(m.payload().map(<[u8]>::len), Some(4000));
                    keys.push(String::from_utf8_lossy(m.key().unwrap()).to_string());
                }
            }
            keys
        }
    })
    .await
    .unwrap();
    let expected: Vec<String> = (0..200).map(|i| format!("k{i}")).collect();
    assert_eq!(consumed, expected);

    // A client that does not trust the broker's CA gets no answer at all.
    let untrusted = tokio::task::spawn_blocking(move || {
        let mut config = common::client(&ssl_bootstrap);
        config.set("security.protocol", "ssl").set("log_level", "0");
        metadata_ports(&config)
    })
    .await
    .unwrap();
    assert!(untrusted.is_err(), "{untrusted:?}");
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutual_tls_required_refuses_a_client_without_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = start(
        dir.path(),
        &ssl_settings(&files, &[("ssl.client.auth", "required")]),
    )
    .await;
    let ssl = broker.listener_addr("SSL").unwrap().to_string();

    let anonymous = tokio::task::spawn_blocking({
        let config = ssl_client(&ssl, &files.ca);
        move || metadata_ports(&config)
    })
    .await
    .unwrap();
    assert!(anonymous.is_err(), "{anonymous:?}");

    let with_certificate = tokio::task::spawn_blocking({
        let config = with_client_certificate(ssl_client(&ssl, &files.ca), &files);
        move || metadata_ports(&config)
    })
    .await
    .unwrap();
    assert_eq!(with_certificate.unwrap().len(), 1);

    // A plaintext Kafka request to the SSL port ends the connection without an answer, and
    // the listener goes on serving TLS clients.
    let ssl_addr = broker.listener_addr("SSL").unwrap();
    let answered = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut socket = std::net::TcpStream::connect(ssl_addr).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // ApiVersions v0, correlation id 1, no client id.
        socket
            .write_all(&[0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0xff, 0xff])
            .unwrap();
        let mut reply = Vec::new();
        let _ = socket.read_to_end(&mut reply);
        reply
    })
    .await
    .unwrap();
    // Nothing, or a TLS alert record (content type 21): never a Kafka response in clear.
    assert!(
        answered.is_empty() || answered[0] == 21,
        "not refused as TLS: {answered:?}"
    );
    let again = tokio::task::spawn_blocking({
        let config = with_client_certificate(ssl_client(&ssl, &files.ca), &files);
        move || metadata_ports(&config)
    })
    .await
    .unwrap();
    assert_eq!(again.unwrap().len(), 1);
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_keystore_stops_the_start_up_with_kafkas_message() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let missing = dir.path().join("no-such-keystore.pem");
    let mut settings = ssl_settings(&files, &[]);
    settings[2].1 = missing.display().to_string();
    let config = common::server_config(dir.path(), &pairs(&settings));
    let err = kt::broker::spawn(config).await.err().unwrap().to_string();
    assert_eq!(
        err,
        format!(
            "Failed to load PEM SSL keystore {}: No such file or directory (os error 2)",
            missing.display()
        )
    );

    // The same through `kt server-start`: the message, and exit code 1.
    let overrides: Vec<String> = settings
        .iter()
        .chain(
            [(
                "log.dirs".to_string(),
                dir.path().join("logs").display().to_string(),
            )]
            .iter(),
        )
        .flat_map(|(k, v)| ["--override".to_string(), format!("{k}={v}")])
        .collect();
    let mut args = vec!["server-start".to_string()];
    args.extend(overrides);
    args.extend(common::one_replica_overrides());
    let (_, stderr, code) = common::run_kt(&args, "");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "Failed to load PEM SSL keystore {}",
            missing.display()
        )),
        "{stderr}"
    );

    // A JKS keystore is refused naming what is supported.
    let mut jks = ssl_settings(&files, &[]);
    jks[1].1 = "JKS".into();
    let err = kt::broker::spawn(common::server_config(dir.path(), &pairs(&jks)))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("ssl.keystore.type=JKS is not supported by kt: use PEM"),
        "{err}"
    );
}

#[test]
fn kt_console_tools_reach_an_ssl_listener_with_kafkas_client_properties() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = ListenersThread::start(
        dir.path().to_path_buf(),
        ssl_settings(&files, &[("ssl.client.auth", "required")]),
        &["SSL"],
    );
    let ssl = broker.addr("SSL");
    // Kafka's client properties, as a Java client's file has them (PEM stores).
    let config = properties_file(
        dir.path(),
        "client-ssl.properties",
        &format!(
            "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n\
             ssl.keystore.type=PEM\nssl.keystore.location={}\n",
            files.ca.display(),
            files.client.display()
        ),
    );

    let (out, err, code) = common::run_kt(
        [
            "topics",
            "--create",
            "--topic",
            "lines",
            "--partitions",
            "1",
            "--bootstrap-server",
            &ssl,
            "--command-config",
            &config,
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("Created topic lines.\n", 0), "{err}");

    let (_, err, code) = common::run_kt(
        [
            "console-producer",
            "--bootstrap-server",
            &ssl,
            "--topic",
            "lines",
            "--producer.config",
            &config,
        ],
        "first\nsecond\n",
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = common::run_kt(
        [
            "console-consumer",
            "--bootstrap-server",
            &ssl,
            "--topic",
            "lines",
            "--from-beginning",
            "--max-messages",
            "2",
            "--consumer.config",
            &config,
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("first\nsecond\n", 0), "{err}");
    assert!(err.contains("Processed a total of 2 messages"), "{err}");

    // kt's own wire client (DescribeLogDirs) speaks TLS with the same properties.
    let (out, err, code) = common::run_kt(
        [
            "log-dirs",
            "--describe",
            "--bootstrap-server",
            &ssl,
            "--command-config",
            &config,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Querying brokers for log directories information\n\
             Received log directory information from brokers 0\n"
        ),
        "{out}"
    );
    assert!(out.contains("{\"partition\":\"lines-0\","), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encrypted_pem_keys_and_pkcs12_stores_are_read_with_their_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let files = kt::certs::make(
        &dir.path().join("certs"),
        &kt::certs::CertRequest {
            hosts: vec!["localhost".into(), "127.0.0.1".into()],
            client_name: "alice".into(),
            days: 2,
            password: Some("store-secret".into()),
        },
    )
    .unwrap();
    let stores = files.pkcs12.clone().unwrap();
    let key_text = std::fs::read_to_string(&files.broker).unwrap();
    assert!(key_text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let p12 = |path: &PathBuf| path.display().to_string();

    // PKCS12 keystore and truststore with mutual TLS; the client presents its encrypted PEM
    // key with ssl.key.password.
    let pkcs12_settings = vec![
        (
            "listeners".to_string(),
            "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0".to_string(),
        ),
        ("ssl.keystore.type".into(), "PKCS12".into()),
        ("ssl.keystore.location".into(), p12(&stores.broker)),
        ("ssl.keystore.password".into(), "store-secret".into()),
        ("ssl.truststore.type".into(), "PKCS12".into()),
        ("ssl.truststore.location".into(), p12(&stores.truststore)),
        ("ssl.truststore.password".into(), "store-secret".into()),
        ("ssl.client.auth".into(), "required".into()),
    ];
    let broker = start(dir.path(), &pkcs12_settings).await;
    let ssl = broker.listener_addr("SSL").unwrap().to_string();
    let ports = tokio::task::spawn_blocking({
        let mut config = with_client_certificate(ssl_client(&ssl, &files.ca), &files);
        config.set("ssl.key.password", "store-secret");
        move || metadata_ports(&config)
    })
    .await
    .unwrap();
    assert_eq!(ports.map(|p| p.len()), Ok(1));

    // kt's tools with the client's PKCS12 stores in Kafka's properties.
    let config = properties_file(
        dir.path(),
        "client-p12.properties",
        &format!(
            "security.protocol=SSL\nssl.keystore.type=PKCS12\nssl.keystore.location={}\n\
             ssl.keystore.password=store-secret\nssl.truststore.type=PKCS12\n\
             ssl.truststore.location={}\nssl.truststore.password=store-secret\n",
            p12(&stores.client),
            p12(&stores.truststore)
        ),
    );
    let (out, err, code) = tokio::task::spawn_blocking({
        let ssl = ssl.clone();
        move || {
            common::run_kt(
                [
                    "topics",
                    "--create",
                    "--topic",
                    "p12",
                    "--bootstrap-server",
                    &ssl,
                    "--command-config",
                    &config,
                ],
                "",
            )
        }
    })
    .await
    .unwrap();
    assert_eq!((out.as_str(), code), ("Created topic p12.\n", 0), "{err}");
    broker.shutdown().await;

    // A PEM keystore whose key is encrypted, opened with ssl.key.password.
    let pem_settings = ssl_settings(&files, &[("ssl.key.password", "store-secret")]);
    let broker = start(dir.path(), &pem_settings).await;
    let ssl = broker.listener_addr("SSL").unwrap().to_string();
    let ports = tokio::task::spawn_blocking({
        let config = ssl_client(&ssl, &files.ca);
        move || metadata_ports(&config)
    })
    .await
    .unwrap();
    assert_eq!(ports.map(|p| p.len()), Ok(1));
    broker.shutdown().await;

    // Wrong or missing passwords stop the start-up, naming the store and the setting.
    let spawn_err = |settings: Vec<(String, String)>| {
        let config = common::server_config(dir.path(), &pairs(&settings));
        async move { kt::broker::spawn(config).await.err().unwrap().to_string() }
    };
    let with = |base: &[(String, String)], key: &str, value: Option<&str>| {
        let mut settings: Vec<(String, String)> =
            base.iter().filter(|(k, _)| k != key).cloned().collect();
        if let Some(value) = value {
            settings.push((key.to_string(), value.to_string()));
        }
        settings
    };
    let broker_pem = files.broker.display();
    assert_eq!(
        spawn_err(with(&pem_settings, "ssl.key.password", Some("wrong"))).await,
        format!(
            "Failed to load PEM SSL keystore {broker_pem}: Private key could not be loaded: the \
             private key could not be decrypted: wrong ssl.key.password?"
        )
    );
    assert_eq!(
        spawn_err(with(&pem_settings, "ssl.key.password", None)).await,
        format!(
            "Failed to load PEM SSL keystore {broker_pem}: Private key could not be loaded: the \
             private key is encrypted, but ssl.key.password is not set"
        )
    );
    assert_eq!(
        spawn_err(with(
            &pkcs12_settings,
            "ssl.keystore.password",
            Some("wrong")
        ))
        .await,
        format!(
            "Failed to load PKCS12 SSL keystore {}: keystore password was incorrect",
            stores.broker.display()
        )
    );
    assert_eq!(
        spawn_err(with(
            &pkcs12_settings,
            "ssl.truststore.password",
            Some("wrong")
        ))
        .await,
        format!(
            "Failed to load PKCS12 SSL truststore {}: keystore password was incorrect",
            stores.truststore.display()
        )
    );
}
