//! Kafka's system-test clients (`kt verifiable-producer`, VerifiableProducer): they print one
//! JSON event per line (`startup_complete`, one per acknowledged or failed record,
//! `shutdown_complete`, ...) for a test harness to check what was sent, acknowledged, consumed
//! and committed.

pub mod consumer;
pub mod producer;

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Milliseconds since the epoch, the `timestamp` of every event.
pub fn now_ms() -> i64 {
    kt_base::clock::now_ms() as i64
}

/// Where events go, one JSON line each, whole lines at a time.
pub type Events = Arc<Mutex<Box<dyn Write + Send>>>;

/// Prints one event: `timestamp` and `name` first, then `fields`, as Kafka's Jackson output.
pub fn print_event(events: &Events, name: &str, fields: &[(&str, serde_json::Value)]) {
    let rendered: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    print_event_json(events, name, &rendered);
}

/// A JSON object with its fields in the order given (serde_json's own maps sort their keys,
/// Jackson keeps the declared order).
pub fn ordered_object(fields: &[(&str, serde_json::Value)]) -> String {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

/// Prints one event whose field values are JSON text already (nested ordered objects).
pub fn print_event_json(events: &Events, name: &str, fields: &[(&str, String)]) {
    let mut line = format!("{{\"timestamp\":{},\"name\":\"{name}\"", now_ms());
    for (key, value) in fields {
        line.push_str(&format!(",\"{key}\":{value}"));
    }
    line.push('}');
    if let Ok(mut out) = events.lock() {
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}
