//! TLS and SASL fixtures the security tests share: a test CA (`kt certs`), a broker's PEM
//! store settings, librdkafka clients of secured listeners, Kafka client-property files, a
//! broker on its own thread that names each of its listeners, unsecured OAUTHBEARER tokens,
//! the SASL exchange at the byte level, and ACL grants.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use bytes::Bytes;
use kafka_protocol::messages::{
    ApiKey, ResponseHeader, SaslAuthenticateRequest, SaslAuthenticateResponse,
    SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::{Decodable, StrBytes};
use kt::certs::{make, CertFiles, CertRequest};
use rdkafka::ClientConfig;

use super::raw::{encode_request, read_frame, send_raw};

/// A test CA with a broker certificate for 127.0.0.1 and localhost and a client certificate
/// named `CN=<client_name>`, under `dir/certs`.
pub fn certs(dir: &Path, client_name: &str) -> CertFiles {
    make(
        &dir.join("certs"),
        &CertRequest {
            hosts: vec!["localhost".into(), "127.0.0.1".into()],
            client_name: client_name.into(),
            days: 2,
            password: None,
        },
    )
    .unwrap()
}

/// The broker settings of PEM keystore and truststore files from `files`.
pub fn pem_stores(files: &CertFiles) -> Vec<(String, String)> {
    vec![
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
    ]
}

/// Owned settings as the borrowed pairs `start_broker` and `server_config` take.
pub fn pairs(settings: &[(String, String)]) -> Vec<(&str, &str)> {
    settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// A librdkafka client of a listener speaking `protocol` (ssl, sasl_ssl, sasl_plaintext) that
/// trusts the test CA; quiet, since refused handshakes are retried and the tests look at the
/// outcome.
pub fn secured_client(bootstrap: &str, protocol: &str, ca: &Path) -> ClientConfig {
    let mut config = super::client(bootstrap);
    config
        .set("security.protocol", protocol)
        .set("ssl.ca.location", ca.display().to_string())
        .set("log_level", "0");
    config
}

/// `config` presenting the test client certificate (mutual TLS).
pub fn with_client_certificate(mut config: ClientConfig, files: &CertFiles) -> ClientConfig {
    let client = files.client.display().to_string();
    config
        .set("ssl.certificate.location", &client)
        .set("ssl.key.location", &client);
    config
}

/// A librdkafka client authenticating with `mechanism` as `user`.
pub fn sasl_client(
    bootstrap: &str,
    protocol: &str,
    mechanism: &str,
    user: &str,
    password: &str,
    ca: &Path,
) -> ClientConfig {
    let mut config = secured_client(bootstrap, protocol, ca);
    config
        .set("sasl.mechanism", mechanism)
        .set("sasl.username", user)
        .set("sasl.password", password);
    config
}

/// A librdkafka client of a SASL_PLAINTEXT listener logging in with OAUTHBEARER and
/// librdkafka's built-in unsecured token, made from `token_config`
/// (`sasl.oauthbearer.config`, e.g. `principal=alice scope=kafka`).
pub fn oauthbearer_client(bootstrap: &str, token_config: &str) -> ClientConfig {
    let mut config = super::client(bootstrap);
    config
        .set("security.protocol", "SASL_PLAINTEXT")
        .set("sasl.mechanism", "OAUTHBEARER")
        .set("enable.sasl.oauthbearer.unsecure.jwt", "true")
        .set("sasl.oauthbearer.config", token_config)
        .set("log_level", "0");
    config
}

/// The broker's JAAS entry for OAUTHBEARER with these validator options.
pub fn oauthbearer_jaas(options: &str) -> String {
    format!(
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required {options};"
    )
}

/// An unsecured JWS (`alg: none`, no signature) carrying `claims` (a JSON object).
pub fn unsecured_jws(claims: &str) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    )
}

/// The client's first OAUTHBEARER message carrying `token` (RFC 7628), with an optional
/// authorization id.
pub fn oauthbearer_first(token: &str, authorization_id: &str) -> Vec<u8> {
    let a = match authorization_id {
        "" => String::new(),
        id => format!("a={id}"),
    };
    format!("n,{a},\x01auth=Bearer {token}\x01\x01").into_bytes()
}

/// Seconds since the epoch, for token claims, in whole milliseconds. The broker rounds a
/// claim to the millisecond (as Kafka's `convertClaimTimeInSecondsToMs`), so a claim with a
/// finer fraction could round up past the broker's own clock and make a lifetime 1 ms
/// longer than the claim's distance from `now` (CI saw 60001 for a 60 s token).
pub fn epoch_seconds() -> f64 {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    ms as f64 / 1000.0
}

/// SaslHandshake in `version` for `mechanism`: the response.
pub fn handshake(stream: &mut TcpStream, version: i16, mechanism: &str) -> SaslHandshakeResponse {
    let request =
        SaslHandshakeRequest::default().with_mechanism(StrBytes::from_string(mechanism.into()));
    send_raw(
        stream,
        &encode_request(ApiKey::SaslHandshake, version, 1, &request),
    );
    let mut frame = read_frame(stream).expect("a handshake answer");
    ResponseHeader::decode(&mut frame, 0).unwrap();
    SaslHandshakeResponse::decode(&mut frame, version).unwrap()
}

/// A connection to `addr` whose SaslHandshake v1 for `mechanism` was accepted: the next
/// step is SaslAuthenticate.
pub fn handshaken(addr: SocketAddr, mechanism: &str) -> TcpStream {
    let mut stream = super::raw::connect(addr);
    assert_eq!(handshake(&mut stream, 1, mechanism).error_code, 0);
    stream
}

/// Grants `principal` (`User:alice`) `operation` on topic `topic` with `kt acls --add` through
/// `bootstrap` (a listener whose principal may alter ACLs), checking that it succeeded. Runs
/// the `kt` binary and waits for it: call it off the async threads.
pub fn allow_on_topic(bootstrap: &str, principal: &str, operation: &str, topic: &str) {
    let (_, err, code) = super::run_kt(
        [
            "acls",
            "--bootstrap-server",
            bootstrap,
            "--add",
            "--allow-principal",
            principal,
            "--operation",
            operation,
            "--topic",
            topic,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
}

/// SaslAuthenticate v2 with `token`: the response.
pub fn authenticate(stream: &mut TcpStream, token: &[u8]) -> SaslAuthenticateResponse {
    let request = SaslAuthenticateRequest::default().with_auth_bytes(Bytes::copy_from_slice(token));
    send_raw(
        stream,
        &encode_request(ApiKey::SaslAuthenticate, 2, 2, &request),
    );
    let mut frame = read_frame(stream).expect("an authenticate answer");
    ResponseHeader::decode(&mut frame, 1).unwrap();
    SaslAuthenticateResponse::decode(&mut frame, 2).unwrap()
}

/// Kafka's `sasl.jaas.config` value of a client logging in as `user` with `mechanism`
/// (PLAIN or SCRAM-SHA-*), as a Java client's properties file has it.
pub fn client_jaas(mechanism: &str, user: &str, password: &str) -> String {
    let module = if mechanism == "PLAIN" {
        "org.apache.kafka.common.security.plain.PlainLoginModule"
    } else {
        "org.apache.kafka.common.security.scram.ScramLoginModule"
    };
    format!("{module} required username=\"{user}\" password=\"{password}\";")
}

/// Writes a client properties file `name` into `dir`; its path, for `--command-config`.
pub fn properties_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A broker with owned settings on a runtime thread of its own, for plain `#[test]`s that
/// block on the `kt` binary; stopped cleanly on drop. Knows the address of each listener.
pub struct ListenersThread {
    listeners: HashMap<String, SocketAddr>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ListenersThread {
    /// Starts a broker over `dir` with `settings`, whose `listeners` are the names asked for
    /// with [`ListenersThread::addr`].
    pub fn start(dir: PathBuf, settings: Vec<(String, String)>, names: &[&str]) -> Self {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let broker = super::start_broker(&dir, &pairs(&settings)).await;
                let listeners: HashMap<String, SocketAddr> = names
                    .into_iter()
                    .map(|n| {
                        let addr = broker.listener_addr(&n).unwrap();
                        (n, addr)
                    })
                    .collect();
                ready_tx.send(listeners).unwrap();
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                broker.shutdown().await;
            });
        });
        ListenersThread {
            listeners: ready_rx.recv().unwrap(),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// `host:port` of the listener `name`.
    pub fn addr(&self, name: &str) -> String {
        self.listeners[name].to_string()
    }
}

impl Drop for ListenersThread {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
