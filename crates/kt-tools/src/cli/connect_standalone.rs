//! `kt connect-standalone`: connect-standalone.sh (ConnectStandalone), Kafka Connect's
//! standalone worker with the file connectors of Kafka's quickstart; see
//! [`crate::connect`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use crate::admin::client::log_timestamp;

/// Flags of `kt connect-standalone`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "Run Kafka Connect in standalone mode: one worker process with the connectors of \
             the given configs.",
    after_help = "Connectors: FileStreamSource (file, topic) and FileStreamSink (file, topics \
                  or topics.regex). Converters: JsonConverter (schemas.enable true or false), \
                  StringConverter, ByteArrayConverter. Source offsets are kept in \
                  offset.storage.file.filename (kt writes them as readable JSON, not Java's \
                  serialized map; a file written by Kafka's Java worker is refused), sink \
                  offsets in the group connect-<name>; both are saved every \
                  offset.flush.interval.ms and at a clean stop (SIGINT/SIGTERM), so a restart \
                  copies nothing twice. The REST API listens on listeners (default \
                  http://:8083): GET /, /connectors, /connectors/NAME, \
                  /connectors/NAME/status, /connectors/NAME/config, /connectors/NAME/tasks, \
                  /connector-plugins; POST /connectors; PUT /connectors/NAME/config; DELETE \
                  /connectors/NAME.\n\n\
                  Examples (Kafka's quickstart):\n  \
                  echo -e 'foo\\nbar' > test.txt\n  \
                  kt connect-standalone config/connect-standalone.properties \
                  config/connect-file-source.properties config/connect-file-sink.properties\n  \
                  curl -s localhost:8083/connectors/local-file-source/status"
)]
pub struct ConnectStandaloneArgs {
    /// The worker's config (connect-standalone.properties).
    #[arg(value_name = "worker.properties")]
    pub worker_config: Option<PathBuf>,
    /// Connector configs (.properties) to start with the worker.
    #[arg(value_name = "connector1.properties")]
    pub connector_configs: Vec<PathBuf>,
    /// Properties overriding the worker config's (accepted for compatibility; kt reads them
    /// as key=value pairs).
    #[arg(long, value_name = "key=value")]
    pub override_property: Vec<String>,
}

fn as_map(pairs: Vec<(String, String)>) -> BTreeMap<String, String> {
    pairs.into_iter().collect()
}

/// Runs `kt connect-standalone` and returns the exit code.
pub fn run(args: ConnectStandaloneArgs) -> i32 {
    let Some(worker_config) = args.worker_config else {
        eprintln!("Usage: ConnectStandalone worker.properties [connector1.properties connector2.json ...]");
        return 1;
    };
    let worker = match load_properties(&worker_config) {
        Ok(mut p) => {
            for o in &args.override_property {
                match super::common::parse_key_value(o) {
                    Ok(kv) => p.push(kv),
                    Err(e) => {
                        eprintln!("{e}");
                        return 1;
                    }
                }
            }
            as_map(p)
        }
        Err(e) => {
            eprintln!("{e:#}");
            return 1;
        }
    };
    let mut connectors = Vec::new();
    for path in &args.connector_configs {
        let config = if path.extension().is_some_and(|e| e == "json") {
            // Kafka 3.9 also takes a connector as JSON ({"name":..,"config":{..}} or a map).
            std::fs::read(path)
                .map_err(anyhow::Error::from)
                .and_then(|b| Ok(serde_json::from_slice::<serde_json::Value>(&b)?))
                .map(|v| {
                    let name = v.get("name").and_then(|n| n.as_str()).map(str::to_string);
                    let config = v.get("config").cloned().unwrap_or(v);
                    let mut map: BTreeMap<String, String> = config
                        .as_object()
                        .map(|o| {
                            o.iter()
                                .map(|(k, v)| {
                                    (
                                        k.clone(),
                                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    if let Some(name) = name {
                        map.insert("name".into(), name);
                    }
                    map
                })
        } else {
            load_properties(path).map(as_map)
        };
        match config {
            Ok(c) => connectors.push(c),
            Err(e) => {
                eprintln!("{e:#}");
                return 1;
            }
        }
    }
    match crate::connect::run_standalone(worker, connectors) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "{} ERROR Stopping after connector error (org.apache.kafka.connect.cli.ConnectStandalone)\n{e:#}",
                log_timestamp()
            );
            1
        }
    }
}
