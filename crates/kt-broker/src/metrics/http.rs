//! The metrics endpoint: `GET /metrics` answers the scrape, any other path 404, any other
//! method 405; nothing a request says changes the broker.
//!
//! Hand-written rather than on an HTTP crate: the workspace has none (no hyper in
//! Cargo.lock), and one GET answered with `Connection: close` is all Prometheus and `kt jmx`
//! need, in some sixty lines with bounded reads (a request head of at most 8 KiB, read within
//! 10 seconds), so a stray client can hold neither memory nor a task for long.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::state::Broker;

/// The longest request head read.
const MAX_HEAD: usize = 8 * 1024;
/// How long a client has to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Binds `metrics.listener` and records the bound address on the broker's metrics.
pub async fn bind(broker: &Broker, address: &str) -> std::io::Result<TcpListener> {
    let listener = TcpListener::bind(address).await?;
    let _ = broker.metrics().http_addr.set(listener.local_addr()?);
    Ok(listener)
}

/// Answers scrapes on `listener` until `stop` turns true.
pub async fn serve(listener: TcpListener, broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let mut clients = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let broker = broker.clone();
                    clients.spawn(async move {
                        let _ = tokio::time::timeout(READ_TIMEOUT * 2, answer(stream, &broker)).await;
                    });
                }
                Err(e) => {
                    tracing::debug!("metrics endpoint: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
            _ = async { let _ = stop.wait_for(|s| *s).await; } => break,
        }
    }
    clients.abort_all();
}

/// Reads one request head and answers it.
async fn answer(mut stream: TcpStream, broker: &Broker) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let read = tokio::time::timeout(READ_TIMEOUT, async {
        let mut chunk = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
            let n = stream.read(&mut chunk).await?;
            if n == 0 || head.len() + n > MAX_HEAD {
                return Err(std::io::ErrorKind::InvalidData.into());
            }
            head.extend_from_slice(&chunk[..n]);
        }
        Ok::<_, std::io::Error>(())
    })
    .await;
    let (status, body) = match read {
        Ok(Ok(())) => route(&head, broker),
        _ => (400, "Bad Request\n".to_string()),
    };
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Bad Request",
    };
    let head_only = head.starts_with(b"HEAD ");
    let content_type = if status == 200 {
        "text/plain; version=0.0.4; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if status == 405 {
        response.push_str("Allow: GET, HEAD\r\n");
    }
    response.push_str("\r\n");
    if !head_only {
        response.push_str(&body);
    }
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// The status and body for a request head.
fn route(head: &[u8], broker: &Broker) -> (u16, String) {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.trim_end().split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return (400, "Bad Request\n".into());
    };
    let path = target.split('?').next().unwrap_or(target);
    if path != "/metrics" {
        return (
            404,
            format!("Not Found: {path} (the metrics are at /metrics)\n"),
        );
    }
    if method != "GET" && method != "HEAD" {
        return (405, "Method Not Allowed\n".into());
    }
    (200, super::exposition::scrape(broker))
}
