//! What every librdkafka client `kt` creates shares: turning Kafka (Java) client properties into
//! a librdkafka configuration, and a context that keeps librdkafka's logging off stdout.

use std::collections::HashSet;
use std::ffi::CString;
use std::sync::Mutex;

use rdkafka::client::ClientContext;
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;
use rdkafka::types::RDKafkaErrorCode;

pub use super::authentication_failure::AuthenticationFailure;

/// Java client properties librdkafka has no use for and Kafka's own tools set routinely; dropped
/// without a warning.
const SILENTLY_IGNORED: &[&str] = &[
    "key.serializer",
    "value.serializer",
    "key.deserializer",
    "value.deserializer",
    "max.block.ms",
    "default.api.timeout.ms",
    "client.dns.lookup",
];

/// Builds a librdkafka configuration from Kafka client properties.
///
/// Properties librdkafka knows pass through unchanged (most share Kafka's names); a few Java
/// ones are translated; unknown ones are dropped with Kafka's own warning, because a Java
/// `client.properties` must work unchanged.
pub fn client_config(bootstrap: &str, properties: &[(String, String)]) -> ClientConfig {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", bootstrap);
    config.set_log_level(RDKafkaLogLevel::Error);
    // By default librdkafka opens broker connections one at a time, 50 ms apart; a short-lived
    // tool paid that when moving from the bootstrap connection to the real broker (a
    // describe took 62 ms instead of 14 ms).
    config.set("enable.sparse.connections", "false");
    // Troubleshooting: KT_RDKAFKA_DEBUG=cgrp,protocol (librdkafka's `debug` contexts) prints
    // librdkafka's debug log on stderr.
    if let Ok(contexts) = std::env::var("KT_RDKAFKA_DEBUG") {
        config.set("debug", contexts);
        config.set_log_level(RDKafkaLogLevel::Debug);
    }
    apply_properties(&mut config, properties);
    // Every client is configured here, so every tool says so when it cannot reach the
    // cluster (once per cluster and process); the properties may have named other servers.
    let servers = config
        .get("bootstrap.servers")
        .unwrap_or(bootstrap)
        .to_string();
    super::reachability::watch(&servers);
    config
}

/// How long kt's consumers let librdkafka pause a partition whose local queue is full
/// (`fetch.queue.backoff.ms`).
///
/// librdkafka stops fetching a partition once `queued.min.messages` (100,000) records wait in
/// its queue, and by default looks again only after a second. A broker that answers fetches
/// faster than the program prints them fills that queue within ~100 ms, so a million-record
/// read spent two of its three seconds paused with an empty queue. Looking again after 10 ms
/// costs nothing measurable and keeps the reader busy. The user's own setting still wins.
pub const CONSUMER_FETCH_QUEUE_BACKOFF_MS: &str = "10";

/// Whether a client made from `config` speaks TLS. Such a client must be destroyed before the
/// process exits, never leaked to save its teardown: OpenSSL's exit handlers free what
/// librdkafka's broker threads are still using, and the process crashes (SIGSEGV, exit 139)
/// after it has done its work.
pub fn uses_tls(config: &ClientConfig) -> bool {
    config
        .get("security.protocol")
        .is_some_and(|p| p.to_ascii_lowercase().ends_with("ssl"))
}

/// Applies Kafka client properties to `config` (see [`client_config`]).
pub fn apply_properties(config: &mut ClientConfig, properties: &[(String, String)]) {
    for (key, value) in properties {
        let key = key.trim();
        if SILENTLY_IGNORED.contains(&key) {
            continue;
        }
        if super::ssl_properties::is_store_key(key) {
            // Translated together below: a store's type may follow its location.
            continue;
        }
        if key == "sasl.jaas.config" {
            // The Java client's user and password, as librdkafka takes them.
            match super::sasl_properties::translate_jaas(value) {
                Ok(pairs) => {
                    for (k, v) in pairs {
                        config.set(k, v);
                    }
                }
                Err(e) => eprintln!("{} WARN {e} (kt)", log_timestamp()),
            }
            continue;
        }
        if key == "buffer.memory" {
            if let Ok(bytes) = value.trim().parse::<u64>() {
                config.set(
                    "queue.buffering.max.kbytes",
                    (bytes / 1024).max(1).to_string(),
                );
            }
            continue;
        }
        if librdkafka_knows(key, value) {
            config.set(key, value.as_str());
        } else {
            eprintln!(
                "{} WARN The configuration '{key}' was supplied but isn't a known config. (kt)",
                log_timestamp()
            );
        }
    }
    // The Java client's other source of credentials: the static JAAS file's KafkaClient.
    match super::sasl_properties::static_file_credentials(properties) {
        Some(Ok(pairs)) => {
            for (k, v) in pairs {
                config.set(k, v);
            }
        }
        Some(Err(e)) => eprintln!("{} WARN {e} (kt)", log_timestamp()),
        None => {}
    }
    for translated in super::ssl_properties::translate(properties) {
        match translated {
            super::ssl_properties::Translated::Set(key, value) => {
                config.set(key, value);
            }
            super::ssl_properties::Translated::Dropped(Some(warning)) => {
                eprintln!("{} WARN {warning} (kt)", log_timestamp());
            }
            super::ssl_properties::Translated::Dropped(None) => {}
        }
    }
}

/// Whether librdkafka recognises a property name (an invalid value still counts as known, so
/// the client creation reports it).
#[allow(unsafe_code)]
fn librdkafka_knows(key: &str, value: &str) -> bool {
    let (Ok(k), Ok(v)) = (CString::new(key), CString::new(value)) else {
        return false;
    };
    let mut errstr = [0 as std::ffi::c_char; 256];
    // SAFETY: a fresh conf object is created, used with valid NUL-terminated strings and a
    // buffer of the stated size, and destroyed before returning.
    unsafe {
        let conf = rdkafka::bindings::rd_kafka_conf_new();
        let res = rdkafka::bindings::rd_kafka_conf_set(
            conf,
            k.as_ptr(),
            v.as_ptr(),
            errstr.as_mut_ptr(),
            errstr.len(),
        );
        rdkafka::bindings::rd_kafka_conf_destroy(conf);
        res != rdkafka::bindings::rd_kafka_conf_res_t::RD_KAFKA_CONF_UNKNOWN
    }
}

/// `[2026-11-26 14:01:00,091]`: the timestamp Kafka's log4j lines start with.
pub fn log_timestamp() -> String {
    chrono::Local::now()
        .format("[%Y-%m-%d %H:%M:%S,%3f]")
        .to_string()
}

/// The client context of every `kt` client: librdkafka errors become one line each on stderr
/// (each distinct message once), nothing reaches stdout.
#[derive(Default)]
pub struct KtContext {
    seen: Mutex<HashSet<String>>,
    last_error: Mutex<Option<String>>,
    /// The first refused login or failed TLS handshake: kt's waits end on it, as Kafka's
    /// clients fail at once where librdkafka would retry.
    authentication: Mutex<Option<AuthenticationFailure>>,
}

impl KtContext {
    /// The last error librdkafka reported on its own (connection refused, ...), to explain a
    /// timeout.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// The refused login or failed TLS handshake librdkafka reported, if any (first one wins).
    pub fn authentication_failure(&self) -> Option<AuthenticationFailure> {
        self.authentication.lock().ok().and_then(|a| a.clone())
    }

    /// The refused login `error` (from a consumer's poll, which hands back the code and no
    /// text) reports, if it is one; recorded like those of the error callback. The text is
    /// the last error librdkafka logged.
    pub fn refused_login(&self, error: &KafkaError) -> Option<AuthenticationFailure> {
        let code = error.rdkafka_error_code()?;
        let reason = self.last_error().unwrap_or_else(|| error_text(code));
        self.note_authentication(code, &reason);
        self.authentication_failure()
    }

    fn note_authentication(&self, code: RDKafkaErrorCode, reason: &str) {
        if let Some(failure) = AuthenticationFailure::classify(code, reason) {
            if let Ok(mut slot) = self.authentication.lock() {
                slot.get_or_insert(failure);
            }
        }
    }

    /// Prints `line` on stderr unless the same line was printed before.
    pub fn report_once(&self, line: &str) {
        // librdkafka's own repeat notice ("..., 3 identical error(s) suppressed)").
        if line.contains("identical error(s) suppressed") || line.contains("brokers are down") {
            return;
        }
        // librdkafka's thread tag ("[thrd:main]: ") says nothing to a user.
        let line = match (line.starts_with("[thrd:"), line.find("]: ")) {
            (true, Some(i)) => &line[i + 3..],
            _ => line,
        };
        let fresh = self
            .seen
            .lock()
            .map(|mut seen| seen.insert(line.to_string()))
            .unwrap_or(true);
        if fresh {
            eprintln!("{} ERROR {line} (kt)", log_timestamp());
        }
    }
}

impl ClientContext for KtContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        if std::env::var_os("KT_RDKAFKA_DEBUG").is_some() {
            eprintln!(
                "{} {level:?} {fac} {log_message} (rdkafka)",
                log_timestamp()
            );
            return;
        }
        if matches!(
            level,
            RDKafkaLogLevel::Emerg
                | RDKafkaLogLevel::Alert
                | RDKafkaLogLevel::Critical
                | RDKafkaLogLevel::Error
        ) {
            if !log_message.contains("brokers are down") {
                if let Ok(mut last) = self.last_error.lock() {
                    *last = Some(log_message.to_string());
                }
            }
            self.report_once(log_message);
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if let Some(code) = error.rdkafka_error_code() {
            self.note_authentication(code, reason);
        }
        // Global errors (all brokers down, ...) repeat what the log callback said; keep the
        // latest for the final message instead of printing them again.
        if reason.contains("brokers are down") {
            return;
        }
        let reason = match reason.find(", ") {
            Some(i) if reason[i..].contains("identical error(s) suppressed") => {
                format!("{})", &reason[..i])
            }
            _ => reason.to_string(),
        };
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(reason);
        }
    }
}

impl ConsumerContext for KtContext {}

/// The human text of a librdkafka error code (`Broker: Unknown topic or partition`), without
/// the code's Rust name that its `Display` puts first.
pub fn error_text(code: rdkafka::types::RDKafkaErrorCode) -> String {
    let shown = code.to_string();
    match (shown.find(" ("), shown.ends_with(')')) {
        (Some(i), true) => shown[i + 2..shown.len() - 1].to_string(),
        _ => shown,
    }
}
