//! Kafka Connect's standalone worker (connect-standalone.sh) with the file connectors of
//! Kafka's quickstart: a worker config (`bootstrap.servers`, the converters,
//! `offset.storage.file.filename`, `offset.flush.interval.ms`, `listeners`) and connector
//! configs started at boot, each connector's one task on its own thread ([`herder`]), the
//! source offsets in a file ([`offsets`]) and Connect's REST API ([`rest`]).
//!
//! Delivery is at least once, as Kafka's: a source's file position is stored only after the
//! target acknowledged the lines before it, a sink's offsets committed only after its file
//! was flushed, both every `offset.flush.interval.ms` and at a clean stop.

pub mod converter;
pub mod file_sink;
pub mod file_source;
pub mod herder;
pub mod offsets;
pub mod rest;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use converter::Converter;
use herder::Herder;
use offsets::OffsetStore;

/// The Kafka version whose Connect kt's answers stand for.
pub const KAFKA_VERSION: &str = "3.9.0";

/// The worker config, parsed.
#[derive(Debug, Clone)]
pub struct Worker {
    pub bootstrap: String,
    pub key_converter: Converter,
    pub value_converter: Converter,
    pub offset_file: PathBuf,
    pub flush_interval: Duration,
    /// Where the REST API listens: `(host, port)`, an empty host meaning every interface.
    pub listener: (String, u16),
    /// The worker's id in status answers: the REST address.
    pub id: String,
    /// Every property of the worker config, for the `producer.`/`consumer.` overrides.
    properties: BTreeMap<String, String>,
}

impl Worker {
    /// Parses a worker config, with Kafka's messages for what is missing.
    pub fn from_properties(properties: BTreeMap<String, String>) -> anyhow::Result<Worker> {
        let get = |k: &str| properties.get(k).map(|v| v.trim().to_string());
        let required = |k: &str| {
            get(k).filter(|v| !v.is_empty()).with_context(|| {
                format!("Missing required configuration \"{k}\" which has no default value.")
            })
        };
        let converter = |which: &str| -> anyhow::Result<Converter> {
            let class = required(&format!("{which}.converter"))?;
            Ok(Converter::from_config(
                &class,
                get(&format!("{which}.converter.schemas.enable")).as_deref(),
            )?)
        };
        let flush_ms: u64 = match get("offset.flush.interval.ms") {
            Some(v) => v.parse().with_context(|| {
                format!("Invalid value {v} for configuration offset.flush.interval.ms: Not a number of type LONG")
            })?,
            None => 60_000,
        };
        let listener = parse_listener(get("listeners").as_deref().unwrap_or("http://:8083"))?;
        let host = if listener.0.is_empty() || listener.0 == "0.0.0.0" {
            "127.0.0.1"
        } else {
            &listener.0
        };
        let id = format!("{host}:{}", listener.1);
        Ok(Worker {
            bootstrap: get("bootstrap.servers").unwrap_or_else(|| "localhost:9092".into()),
            key_converter: converter("key")?,
            value_converter: converter("value")?,
            offset_file: PathBuf::from(required("offset.storage.file.filename")?),
            flush_interval: Duration::from_millis(flush_ms),
            listener,
            id,
            properties,
        })
    }

    /// The properties under `prefix`, without it (`producer.acks` → `acks`), plus the
    /// worker's security settings, which Connect's clients inherit.
    pub fn prefixed(&self, prefix: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .properties
            .iter()
            .filter(|(k, _)| {
                k.starts_with("security.") || k.starts_with("ssl.") || k.starts_with("sasl.")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.extend(
            self.properties
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(prefix).map(|k| (k.to_string(), v.clone()))),
        );
        out
    }
}

/// The first of Connect's `listeners` (`http://host:port`); HTTPS is not served by kt.
fn parse_listener(listeners: &str) -> anyhow::Result<(String, u16)> {
    let first = listeners.split(',').next().unwrap_or_default().trim();
    let Some(rest) = first.strip_prefix("http://") else {
        anyhow::bail!("kt's Connect REST API serves http:// listeners only, not {first}");
    };
    let (host, port) = rest
        .rsplit_once(':')
        .with_context(|| format!("Could not parse listener {first}: no port"))?;
    let port = port
        .trim_end_matches('/')
        .parse()
        .with_context(|| format!("Could not parse listener {first}: bad port"))?;
    Ok((
        host.trim_matches(|c| c == '[' || c == ']').to_string(),
        port,
    ))
}

/// Runs the standalone worker: starts the connectors of `connector_configs`, serves the
/// REST API, and on SIGINT/SIGTERM stops the connectors (each flushes and stores its
/// offsets) and returns.
pub fn run_standalone(
    worker_properties: BTreeMap<String, String>,
    connector_configs: Vec<BTreeMap<String, String>>,
) -> anyhow::Result<()> {
    let worker = Arc::new(Worker::from_properties(worker_properties)?);
    let offsets = Arc::new(OffsetStore::open(&worker.offset_file)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let host = if worker.listener.0.is_empty() {
        "0.0.0.0".to_string()
    } else {
        worker.listener.0.clone()
    };
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((
            host.as_str(),
            worker.listener.1,
        )))
        .with_context(|| {
            format!(
                "Unable to initialize REST server on {host}:{}",
                worker.listener.1
            )
        })?;
    let cluster_id = cluster_id(&worker.bootstrap, &worker.prefixed("admin."));
    crate::console::install_signal_handlers();
    let herder = Arc::new(Herder::new(worker.clone(), offsets));
    for config in connector_configs {
        let name = config.get("name").cloned().unwrap_or_default();
        herder
            .create(config)
            .map_err(|e| anyhow::anyhow!("Failed to create connector for {name}: {e}"))?;
        eprintln!(
            "{} INFO Created connector {name} (org.apache.kafka.connect.cli.ConnectStandalone)",
            crate::admin::client::log_timestamp()
        );
    }
    eprintln!(
        "{} INFO Kafka Connect started; REST server on http://{}:{} (org.apache.kafka.connect.runtime.Connect)",
        crate::admin::client::log_timestamp(),
        host,
        listener.local_addr().map(|a| a.port()).unwrap_or(worker.listener.1)
    );
    let server = runtime.spawn(rest::serve(listener, herder.clone(), cluster_id));
    while !crate::console::stopping() {
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!(
        "{} INFO Kafka Connect stopping (org.apache.kafka.connect.runtime.Connect)",
        crate::admin::client::log_timestamp()
    );
    server.abort();
    herder.stop_all();
    Ok(())
}

/// The Kafka cluster's id, for `GET /` (empty when the cluster does not answer in time).
fn cluster_id(bootstrap: &str, properties: &[(String, String)]) -> String {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let consumer: Result<BaseConsumer<crate::admin::client::KtContext>, _> =
        crate::admin::client::client_config(bootstrap, properties)
            .create_with_context(crate::admin::client::KtContext::default());
    consumer
        .ok()
        .and_then(|c| c.client().fetch_cluster_id(Duration::from_secs(10)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_and_worker_defaults() {
        assert_eq!(parse_listener("http://:8083").unwrap(), ("".into(), 8083));
        assert_eq!(
            parse_listener("http://localhost:18083").unwrap(),
            ("localhost".into(), 18083)
        );
        assert!(parse_listener("https://:8443").is_err());
        let props: BTreeMap<String, String> = [
            (
                "key.converter",
                "org.apache.kafka.connect.json.JsonConverter",
            ),
            (
                "value.converter",
                "org.apache.kafka.connect.storage.StringConverter",
            ),
            ("offset.storage.file.filename", "/tmp/x.offsets"),
            ("producer.linger.ms", "7"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let w = Worker::from_properties(props).unwrap();
        assert_eq!(w.key_converter, Converter::Json { schemas: true });
        assert_eq!(w.value_converter, Converter::String);
        assert_eq!(w.flush_interval, Duration::from_secs(60));
        assert_eq!(w.id, "127.0.0.1:8083");
        assert_eq!(
            w.prefixed("producer."),
            vec![("linger.ms".to_string(), "7".to_string())]
        );
        let e = Worker::from_properties(BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "Missing required configuration \"key.converter\" which has no default value."
        );
    }
}
