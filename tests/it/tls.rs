//! SSL listeners: a broker with PLAINTEXT and SSL listeners side by side, librdkafka clients
//! over TLS (CA-verified, mutual TLS), Metadata per listener, start-up errors of a bad
//! keystore, and kt's own console tools through `--producer.config`/`--consumer.config`.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::Message;

use crate::common;
use kt::broker::RunningBroker;
use kt::certs::{make, CertFiles, CertRequest};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A test CA with broker and client certificates for 127.0.0.1 and localhost.
fn certs(dir: &Path) -> CertFiles {
    make(
        &dir.join("certs"),
        &CertRequest {
            hosts: vec!["localhost".into(), "127.0.0.1".into()],
            client_name: "alice".into(),
            days: 2,
        },
    )
    .unwrap()
}

/// The settings of a broker with a PLAINTEXT and an SSL listener on free ports.
fn ssl_settings(files: &CertFiles, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut settings = vec![
        (
            "listeners".to_string(),
            "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0".to_string(),
        ),
        ("ssl.keystore.type".into(), "PEM".into()),
        (
            "ssl.keystore.location".into(),
            files.broker.display().to_string(),
        ),
        ("ssl.truststore.type".into(), "PEM".into()),
        (
            "ssl.truststore.location".into(),
            files.ca.display().to_string(),
        ),
    ];
    settings.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    settings
}

async fn start(dir: &Path, settings: &[(String, String)]) -> RunningBroker {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    common::start_broker(dir, &pairs).await
}

/// A librdkafka client of the SSL listener that trusts the test CA.
fn ssl_client(bootstrap: &str, ca: &Path) -> rdkafka::ClientConfig {
    let mut config = common::client(bootstrap);
    config
        .set("security.protocol", "ssl")
        .set("ssl.ca.location", ca.display().to_string())
        // A refused handshake is retried quietly; the tests look at the outcome.
        .set("log_level", "0");
    config
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

    let client = files.client.display().to_string();
    let with_certificate = tokio::task::spawn_blocking({
        let mut config = ssl_client(&ssl, &files.ca);
        config
            .set("ssl.certificate.location", &client)
            .set("ssl.key.location", &client);
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
        let mut config = ssl_client(&ssl, &files.ca);
        config
            .set("ssl.certificate.location", &client)
            .set("ssl.key.location", &client);
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
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let config = common::server_config(dir.path(), &pairs);
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
    let pairs: Vec<(&str, &str)> = jks.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let err = kt::broker::spawn(common::server_config(dir.path(), &pairs))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("ssl.keystore.type=JKS is not supported by kt: use PEM"),
        "{err}"
    );
}

/// A broker on a runtime thread of its own, for tests that block on the `kt` binary.
struct BrokerThread {
    ssl: String,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BrokerThread {
    fn start(dir: PathBuf, settings: Vec<(String, String)>) -> BrokerThread {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let broker = start(&dir, &settings).await;
                ready_tx
                    .send(broker.listener_addr("SSL").unwrap().to_string())
                    .unwrap();
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                broker.shutdown().await;
            });
        });
        BrokerThread {
            ssl: ready_rx.recv().unwrap(),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

impl Drop for BrokerThread {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn kt_console_tools_reach_an_ssl_listener_with_kafkas_client_properties() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path());
    let broker = BrokerThread::start(
        dir.path().to_path_buf(),
        ssl_settings(&files, &[("ssl.client.auth", "required")]),
    );
    // Kafka's client properties, as a Java client's file has them (PEM stores).
    let properties = dir.path().join("client-ssl.properties");
    std::fs::write(
        &properties,
        format!(
            "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n\
             ssl.keystore.type=PEM\nssl.keystore.location={}\n",
            files.ca.display(),
            files.client.display()
        ),
    )
    .unwrap();
    let config = properties.display().to_string();

    let (out, err, code) = common::run_kt(
        [
            "topics",
            "--create",
            "--topic",
            "lines",
            "--partitions",
            "1",
            "--bootstrap-server",
            &broker.ssl,
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
            &broker.ssl,
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
            &broker.ssl,
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
            &broker.ssl,
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
