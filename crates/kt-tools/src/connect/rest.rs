//! Connect's REST API on the worker's `listeners` (default `http://:8083`): a small
//! HTTP/1.1 server (one request per connection, `Connection: close`) answering the
//! standalone worker's routes with Kafka's JSON shapes and error bodies
//! (`{"error_code":404,"message":"..."}`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::herder::{plugins, Herder, RestError};

/// The largest request accepted (a connector config is a few hundred bytes).
const MAX_REQUEST: usize = 1 << 20;

/// One parsed request.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without its query.
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
}

/// An answer: status and JSON body (`None`: 204 without a body).
pub struct Response {
    pub status: u16,
    pub body: Option<Value>,
}

impl From<RestError> for Response {
    fn from(e: RestError) -> Self {
        Response {
            status: e.status,
            body: Some(json!({"error_code": e.status, "message": e.message})),
        }
    }
}

fn ok(body: Value) -> Response {
    Response {
        status: 200,
        body: Some(body),
    }
}

/// Serves until the task is dropped.
pub async fn serve(listener: TcpListener, herder: Arc<Herder>, cluster_id: String) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let herder = herder.clone();
        let cluster_id = cluster_id.clone();
        tokio::spawn(async move {
            let _ = handle_connection(stream, &herder, &cluster_id).await;
        });
    }
}

async fn handle_connection(
    mut stream: TcpStream,
    herder: &Arc<Herder>,
    cluster_id: &str,
) -> std::io::Result<()> {
    let request = match read_request(&mut stream).await? {
        Some(r) => r,
        None => return Ok(()),
    };
    // Starting and stopping connectors joins threads: off the async runtime.
    let herder = herder.clone();
    let cluster_id = cluster_id.to_string();
    let response = tokio::task::spawn_blocking(move || route(&request, &herder, &cluster_id))
        .await
        .unwrap_or_else(|_| {
            RestError {
                status: 500,
                message: "internal error".into(),
            }
            .into()
        });
    let reason = match response.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        _ => "Internal Server Error",
    };
    let body = response.body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nConnection: close\r\n",
        response.status
    );
    if response.status != 204 {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 || buf.len() > MAX_REQUEST {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let length = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Ok(Some(Request {
        method,
        path: path.trim_end_matches('/').to_string(),
        query: query.to_string(),
        body,
    }))
}

/// A connector config from a JSON object of strings (Connect's configs are string maps).
fn string_map(value: &Value) -> Result<BTreeMap<String, String>, RestError> {
    let object = value.as_object().ok_or_else(|| RestError {
        status: 400,
        message: "Connector config must be a JSON object".into(),
    })?;
    Ok(object
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect())
}

fn parse_body(body: &[u8]) -> Result<Value, RestError> {
    serde_json::from_slice(body).map_err(|e| RestError {
        status: 400,
        message: format!("Cannot deserialize the request body: {e}"),
    })
}

/// Answers one request.
pub fn route(request: &Request, herder: &Herder, cluster_id: &str) -> Response {
    match answer(request, herder, cluster_id) {
        Ok(r) => r,
        Err(e) => e.into(),
    }
}

fn answer(request: &Request, herder: &Herder, cluster_id: &str) -> Result<Response, RestError> {
    let parts: Vec<&str> = request.path.split('/').filter(|p| !p.is_empty()).collect();
    let method = request.method.as_str();
    let not_allowed = || RestError {
        status: 405,
        message: "HTTP 405 Method Not Allowed".into(),
    };
    match (method, parts.as_slice()) {
        ("GET", []) => Ok(ok(json!({
            "version": super::KAFKA_VERSION,
            "commit": concat!("kt-", env!("CARGO_PKG_VERSION")),
            "kafka_cluster_id": cluster_id,
        }))),
        ("GET", ["connector-plugins"]) => Ok(ok(plugins())),
        ("GET", ["connectors"]) => {
            let names = herder.names();
            let expand: Vec<&str> = request
                .query
                .split('&')
                .filter_map(|kv| kv.strip_prefix("expand="))
                .collect();
            if expand.is_empty() {
                return Ok(ok(json!(names)));
            }
            let mut all = serde_json::Map::new();
            for name in names {
                let mut entry = serde_json::Map::new();
                if expand.contains(&"info") {
                    entry.insert("info".into(), herder.info(&name)?);
                }
                if expand.contains(&"status") {
                    entry.insert("status".into(), herder.status(&name)?);
                }
                all.insert(name, Value::Object(entry));
            }
            Ok(ok(Value::Object(all)))
        }
        ("POST", ["connectors"]) => {
            let body = parse_body(&request.body)?;
            let mut config = string_map(body.get("config").unwrap_or(&Value::Null))?;
            if let Some(name) = body.get("name").and_then(Value::as_str) {
                config.insert("name".into(), name.to_string());
            }
            let info = herder.create(config)?;
            Ok(Response {
                status: 201,
                body: Some(info),
            })
        }
        ("GET", ["connectors", name]) => Ok(ok(herder.info(name)?)),
        ("DELETE", ["connectors", name]) => {
            herder.delete(name)?;
            Ok(Response {
                status: 204,
                body: None,
            })
        }
        ("GET", ["connectors", name, "config"]) => Ok(ok(herder.config(name)?)),
        ("PUT", ["connectors", name, "config"]) => {
            let config = string_map(&parse_body(&request.body)?)?;
            let (created, info) = herder.put_config(name, config)?;
            Ok(Response {
                status: if created { 201 } else { 200 },
                body: Some(info),
            })
        }
        ("GET", ["connectors", name, "status"]) => Ok(ok(herder.status(name)?)),
        ("GET", ["connectors", name, "tasks"]) => Ok(ok(herder.tasks(name)?)),
        (
            _,
            []
            | ["connectors"]
            | ["connectors", _]
            | ["connectors", _, "config" | "status" | "tasks"],
        ) => Err(not_allowed()),
        _ => Err(RestError {
            status: 404,
            message: "HTTP 404 Not Found".into(),
        }),
    }
}
