//! The standalone herder: the worker's connectors by name, each running its one task on a
//! thread, and the answers Connect's REST API gives about them (Kafka's JSON shapes).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::{json, Value};

use super::converter::Converter;
use super::file_sink::SinkTask;
use super::file_source::SourceTask;
use super::offsets::OffsetStore;
use super::Worker;

/// A connector's type, as Connect's JSON says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Source,
    Sink,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Sink => "sink",
        }
    }
}

/// A REST error: the HTTP status and Kafka's message (`{"error_code":..,"message":..}`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RestError {
    pub status: u16,
    pub message: String,
}

impl RestError {
    fn new(status: u16, message: impl Into<String>) -> Self {
        RestError {
            status,
            message: message.into(),
        }
    }

    fn not_found(name: &str) -> Self {
        RestError::new(404, format!("Connector {name} not found"))
    }
}

/// The connector classes kt has, with the aliases Connect accepts for them.
fn kind_of(class: &str) -> Option<Kind> {
    match class.trim() {
        "FileStreamSource"
        | "FileStreamSourceConnector"
        | "org.apache.kafka.connect.file.FileStreamSourceConnector" => Some(Kind::Source),
        "FileStreamSink"
        | "FileStreamSinkConnector"
        | "org.apache.kafka.connect.file.FileStreamSinkConnector" => Some(Kind::Sink),
        _ => None,
    }
}

/// The plugins `GET /connector-plugins` lists.
pub fn plugins() -> Value {
    json!([
        {"class": "org.apache.kafka.connect.file.FileStreamSinkConnector", "type": "sink", "version": super::KAFKA_VERSION},
        {"class": "org.apache.kafka.connect.file.FileStreamSourceConnector", "type": "source", "version": super::KAFKA_VERSION},
    ])
}

/// Kafka's message for a config its ConfigDef refuses.
fn invalid(errors: &[String]) -> RestError {
    RestError::new(
        400,
        format!(
            "Connector configuration is invalid and contains the following {} error(s):\n{}\n\
             You can also find the above list of errors at the endpoint \
             `/connector-plugins/{{connectorType}}/config/validate`",
            errors.len(),
            errors.join("\n")
        ),
    )
}

/// A running connector: its config, its task's thread and how the task is doing.
struct Running {
    kind: Kind,
    config: BTreeMap<String, String>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// `None` while running; the failure's text once the task failed.
    failure: Arc<Mutex<Option<String>>>,
}

/// The worker's connectors.
pub struct Herder {
    worker: Arc<Worker>,
    offsets: Arc<OffsetStore>,
    /// Guards the connector map; held while a connector starts or stops (joining its
    /// thread), never while answering anything else.
    connectors: Mutex<BTreeMap<String, Running>>,
}

impl Herder {
    pub fn new(worker: Arc<Worker>, offsets: Arc<OffsetStore>) -> Herder {
        Herder {
            worker,
            offsets,
            connectors: Mutex::new(BTreeMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Running>> {
        self.connectors.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The worker's id in status answers (its REST address).
    pub fn worker_id(&self) -> &str {
        &self.worker.id
    }

    /// Starts a connector from its config (`name` in it). Refuses a name in use (409), an
    /// unknown class or a config the connector's ConfigDef refuses (400).
    pub fn create(&self, config: BTreeMap<String, String>) -> Result<Value, RestError> {
        let name = config
            .get("name")
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .ok_or_else(|| RestError::new(400, "Connector name cannot be empty"))?;
        if self.lock().contains_key(&name) {
            return Err(RestError::new(
                409,
                format!("Connector {name} already exists"),
            ));
        }
        self.start(&name, config)?;
        self.info(&name)
    }

    /// Replaces a connector's config, or creates it: `(created, info)`.
    pub fn put_config(
        &self,
        name: &str,
        mut config: BTreeMap<String, String>,
    ) -> Result<(bool, Value), RestError> {
        if let Some(given) = config.get("name") {
            if given != name {
                return Err(RestError::new(
                    400,
                    format!("Connector name configuration ({given}) doesn't match connector name in the URL ({name})"),
                ));
            }
        }
        config.insert("name".into(), name.to_string());
        let existed = self.delete(name).is_ok();
        self.start(name, config)?;
        Ok((!existed, self.info(name)?))
    }

    fn start(&self, name: &str, config: BTreeMap<String, String>) -> Result<(), RestError> {
        let class = config.get("connector.class").cloned().unwrap_or_default();
        let Some(kind) = kind_of(&class) else {
            let message = if class.is_empty() {
                "Missing required configuration \"connector.class\" which has no default value."
                    .to_string()
            } else {
                format!(
                    "Failed to find any class that implements Connector and which name matches {class}, \
                     available connectors are: FileStreamSinkConnector, FileStreamSourceConnector"
                )
            };
            return Err(RestError::new(400, message));
        };
        let converter = |which: &str| -> Result<Converter, RestError> {
            let (class, schemas) = match config.get(&format!("{which}.converter")) {
                Some(class) => (
                    class.clone(),
                    config
                        .get(&format!("{which}.converter.schemas.enable"))
                        .cloned(),
                ),
                None => {
                    return Ok(if which == "key" {
                        self.worker.key_converter
                    } else {
                        self.worker.value_converter
                    })
                }
            };
            Converter::from_config(&class, schemas.as_deref())
                .map_err(|e| invalid(&[e.to_string()]))
        };
        let key_converter = converter("key")?;
        let value_converter = converter("value")?;
        let file = config
            .get("file")
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .map(PathBuf::from);
        let stop = Arc::new(AtomicBool::new(false));
        let failure = Arc::new(Mutex::new(None));
        let task: Box<dyn FnOnce() -> anyhow::Result<()> + Send> = match kind {
            Kind::Source => {
                let Some(topic) = config
                    .get("topic")
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                else {
                    return Err(invalid(&[
                        "Missing required configuration \"topic\" which has no default value."
                            .into(),
                    ]));
                };
                let task = SourceTask {
                    name: name.to_string(),
                    file,
                    topic,
                    key_converter,
                    value_converter,
                };
                let (worker, offsets, stop) =
                    (self.worker.clone(), self.offsets.clone(), stop.clone());
                Box::new(move || task.run(&worker, &offsets, &stop))
            }
            Kind::Sink => {
                let topics: Vec<String> = match (config.get("topics"), config.get("topics.regex")) {
                    (Some(t), None) => t
                        .split(',')
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect(),
                    (None, Some(re)) => vec![format!("^{}", re.trim())],
                    (Some(_), Some(_)) => return Err(invalid(&[
                        "topics and topics.regex are mutually exclusive options, but both are set."
                            .into(),
                    ])),
                    (None, None) => Vec::new(),
                };
                if topics.is_empty() {
                    return Err(invalid(&[
                        "Must configure one of topics or topics.regex".into()
                    ]));
                }
                let task = SinkTask {
                    name: name.to_string(),
                    file,
                    topics,
                    value_converter,
                };
                let (worker, stop) = (self.worker.clone(), stop.clone());
                Box::new(move || task.run(&worker, &stop))
            }
        };
        let failed = failure.clone();
        let thread_name = format!("task-thread-{name}-0");
        let task_name = name.to_string();
        let thread = std::thread::Builder::new()
            .name(thread_name)
            .spawn(move || {
                if let Err(e) = task() {
                    tracing::error!("WorkerTask{{id={task_name}-0}} Task threw an uncaught and unrecoverable exception: {e:#}");
                    eprintln!("ERROR WorkerTask{{id={task_name}-0}} Task threw an uncaught and unrecoverable exception: {e:#}");
                    *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{e:#}"));
                }
            })
            .map_err(|e| RestError::new(500, e.to_string()))?;
        self.lock().insert(
            name.to_string(),
            Running {
                kind,
                config,
                stop,
                thread: Some(thread),
                failure,
            },
        );
        Ok(())
    }

    /// Stops a connector (its task flushes and commits first) and forgets it.
    pub fn delete(&self, name: &str) -> Result<(), RestError> {
        let mut running = self
            .lock()
            .remove(name)
            .ok_or_else(|| RestError::not_found(name))?;
        running.stop.store(true, Ordering::SeqCst);
        if let Some(t) = running.thread.take() {
            let _ = t.join();
        }
        Ok(())
    }

    /// Stops every connector: the worker's shutdown.
    pub fn stop_all(&self) {
        let names: Vec<String> = self.lock().keys().cloned().collect();
        for name in names {
            let _ = self.delete(&name);
        }
    }

    /// `GET /connectors`.
    pub fn names(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// `GET /connectors/NAME/config`.
    pub fn config(&self, name: &str) -> Result<Value, RestError> {
        let connectors = self.lock();
        let c = connectors
            .get(name)
            .ok_or_else(|| RestError::not_found(name))?;
        Ok(json!(c.config))
    }

    /// `GET /connectors/NAME`: Kafka's ConnectorInfo.
    pub fn info(&self, name: &str) -> Result<Value, RestError> {
        let connectors = self.lock();
        let c = connectors
            .get(name)
            .ok_or_else(|| RestError::not_found(name))?;
        Ok(json!({
            "name": name,
            "config": c.config,
            "tasks": [{"connector": name, "task": 0}],
            "type": c.kind.as_str(),
        }))
    }

    /// `GET /connectors/NAME/tasks`.
    pub fn tasks(&self, name: &str) -> Result<Value, RestError> {
        let connectors = self.lock();
        let c = connectors
            .get(name)
            .ok_or_else(|| RestError::not_found(name))?;
        let mut config = c.config.clone();
        config.insert(
            "task.class".into(),
            match c.kind {
                Kind::Source => "org.apache.kafka.connect.file.FileStreamSourceTask".into(),
                Kind::Sink => "org.apache.kafka.connect.file.FileStreamSinkTask".into(),
            },
        );
        Ok(json!([{"id": {"connector": name, "task": 0}, "config": config}]))
    }

    /// `GET /connectors/NAME/status`: Kafka's ConnectorStateInfo.
    pub fn status(&self, name: &str) -> Result<Value, RestError> {
        let connectors = self.lock();
        let c = connectors
            .get(name)
            .ok_or_else(|| RestError::not_found(name))?;
        let failure = c.failure.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut task = json!({"id": 0, "state": "RUNNING", "worker_id": self.worker.id});
        if let Some(trace) = failure {
            task["state"] = json!("FAILED");
            task["trace"] = json!(trace);
        }
        Ok(json!({
            "name": name,
            "connector": {"state": "RUNNING", "worker_id": self.worker.id},
            "tasks": [task],
            "type": c.kind.as_str(),
        }))
    }
}
