//! `kt wait-ready` (kt): block until a broker answers Metadata, or a ZooKeeper server answers
//! `ruok`, so a CI script can start a server in the background and go on as soon as it serves.
//!
//! The probe speaks the protocol directly over a plain TCP socket (one Metadata v1 request for
//! no topics, or ZooKeeper's four-letter word): no client library to start, no retry policy of
//! its own, so the first answer ends the wait within milliseconds.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bytes::{Bytes, BytesMut};
use clap::Args;
use kafka_protocol::messages::{
    ApiKey, MetadataRequest, MetadataResponse, RequestHeader, ResponseHeader,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};

/// Flags of `kt wait-ready`. Exits 0 at the first answer; 1 with the last error once
/// --timeout has passed without one.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Exits 0 at the first answer, 1 with the last error after --timeout.\n\nExample:\n  kt server-start config/server.properties &\n  kt wait-ready --bootstrap-server localhost:9092 --timeout 30s"
)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["bootstrap_server", "zookeeper"]))]
pub struct WaitReadyArgs {
    /// The broker(s) to wait for, as HOST1:PORT1,HOST2:PORT2: ready when any answers Metadata.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// Wait for a ZooKeeper server instead: ready when it answers `srvr` (or `ruok`).
    #[arg(long, value_name = "HOST:PORT")]
    pub zookeeper: Option<String>,
    /// How long to wait before giving up: 30s, 500ms, 2m, or plain seconds.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// Parses `500ms`, `30s`, `2m`, `1h` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration such as 30s, 500ms or 2m"))?;
    let seconds = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => {
            return Err(format!(
                "'{text}' is not a duration such as 30s, 500ms or 2m"
            ))
        }
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!(
            "'{text}' is not a duration such as 30s, 500ms or 2m"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// What the probe talks to.
#[derive(Debug, Clone, Copy)]
enum Probe {
    Kafka,
    ZooKeeper,
}

/// Runs the wait; returns the exit code.
pub fn run(args: WaitReadyArgs) -> i32 {
    let (servers, probe) = match (&args.bootstrap_server, &args.zookeeper) {
        (Some(b), _) => (b.clone(), Probe::Kafka),
        (None, Some(z)) => (z.clone(), Probe::ZooKeeper),
        (None, None) => unreachable!("clap requires one of them"),
    };
    match wait(&servers, probe, args.timeout) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// Probes every server in turn until one answers or the deadline passes.
fn wait(servers: &str, probe: Probe, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    let servers: Vec<&str> = servers
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if servers.is_empty() {
        bail!("no server given");
    }
    let mut last_error: Option<anyhow::Error> = None;
    loop {
        for server in &servers {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let budget = remaining.clamp(Duration::from_millis(50), Duration::from_secs(2));
            let result = match probe {
                Probe::Kafka => probe_kafka(server, budget),
                Probe::ZooKeeper => probe_zookeeper(server, budget),
            };
            match result {
                Ok(()) => {
                    tracing::debug!("{server} is ready");
                    return Ok(());
                }
                Err(e) => {
                    tracing::debug!("{server} not ready: {e:#}");
                    last_error = Some(e.context(format!("{server} not ready")));
                }
            }
        }
        let now = Instant::now();
        if now >= deadline {
            let e = last_error.unwrap_or_else(|| anyhow::anyhow!("no answer"));
            return Err(e.context(format!("gave up after {timeout:?}")));
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(50)));
    }
}

/// Opens a connection to the first address of `server` that accepts one.
fn connect(server: &str, budget: Duration) -> anyhow::Result<TcpStream> {
    let addrs: Vec<SocketAddr> = server
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {server}"))?
        .collect();
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, budget) {
            Ok(stream) => {
                stream.set_read_timeout(Some(budget))?;
                stream.set_write_timeout(Some(budget))?;
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) => last = Some(anyhow::Error::new(e).context(format!("connect to {addr}"))),
        }
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("{server} resolves to no address")))
}

/// The Metadata version the probe uses: v1 is understood by every broker since Kafka 0.10, and
/// an empty topic list there means "no topics", so the answer is small.
const METADATA_VERSION: i16 = 1;

/// One Metadata request; Ok when a well-formed response naming at least one broker comes back.
fn probe_kafka(server: &str, budget: Duration) -> anyhow::Result<()> {
    let mut stream = connect(server, budget)?;
    let mut buf = BytesMut::new();
    RequestHeader::default()
        .with_request_api_key(ApiKey::Metadata as i16)
        .with_request_api_version(METADATA_VERSION)
        .with_correlation_id(1)
        .with_client_id(Some(StrBytes::from_static_str("kt-wait-ready")))
        .encode(
            &mut buf,
            ApiKey::Metadata.request_header_version(METADATA_VERSION),
        )
        .context("encode request header")?;
    MetadataRequest::default()
        .with_topics(Some(Vec::new()))
        .encode(&mut buf, METADATA_VERSION)
        .context("encode Metadata request")?;
    let mut frame = (buf.len() as i32).to_be_bytes().to_vec();
    frame.extend_from_slice(&buf);
    stream.write_all(&frame).context("send Metadata request")?;

    let mut size = [0u8; 4];
    stream
        .read_exact(&mut size)
        .context("read Metadata response")?;
    let size = i32::from_be_bytes(size);
    if !(0..=64 << 20).contains(&size) {
        bail!("implausible response size {size}: not a Kafka broker?");
    }
    let mut body = vec![0u8; size as usize];
    stream
        .read_exact(&mut body)
        .context("read Metadata response")?;
    let mut body = Bytes::from(body);
    let header = ResponseHeader::decode(
        &mut body,
        ApiKey::Metadata.response_header_version(METADATA_VERSION),
    )
    .context("decode Metadata response header")?;
    if header.correlation_id != 1 {
        bail!(
            "response to another request (correlation id {})",
            header.correlation_id
        );
    }
    let response = MetadataResponse::decode(&mut body, METADATA_VERSION)
        .context("decode Metadata response")?;
    if response.brokers.is_empty() {
        bail!("Metadata names no broker yet");
    }
    Ok(())
}

/// Asks ZooKeeper `srvr` (the one four-letter word its default whitelist allows, as in Kafka's
/// zookeeper.properties), then `ruok` (a healthy server answers `imok`) for servers whose
/// whitelist allows only that.
fn probe_zookeeper(server: &str, budget: Duration) -> anyhow::Result<()> {
    let srvr = four_letter_word(server, budget, b"srvr")?;
    if srvr.starts_with(b"Zookeeper version:") {
        return Ok(());
    }
    let ruok = four_letter_word(server, budget, b"ruok")?;
    if ruok == b"imok" {
        return Ok(());
    }
    bail!(
        "answered srvr with {:?} and ruok with {:?}",
        String::from_utf8_lossy(&srvr),
        String::from_utf8_lossy(&ruok)
    )
}

/// Sends one four-letter word and reads the answer (the server closes after it).
fn four_letter_word(server: &str, budget: Duration, word: &[u8; 4]) -> anyhow::Result<Vec<u8>> {
    let mut stream = connect(server, budget)?;
    let name = String::from_utf8_lossy(word).to_string();
    stream
        .write_all(word)
        .with_context(|| format!("send {name}"))?;
    let mut answer = Vec::new();
    // A refused word may end in a reset rather than a clean close: what arrived counts.
    let _ = stream.take(4096).read_to_end(&mut answer);
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("5").unwrap(), Duration::from_secs(5));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3 weeks").is_err());
    }
}
