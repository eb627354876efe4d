//! `kt jmx`'s work (kafka-jmx.sh, Kafka's JmxTool): read a broker's metrics endpoint and
//! answer JmxTool's questions of it, which MBeans match the queried object names and what
//! their attributes read now. The endpoint speaks Prometheus' text format over HTTP instead
//! of RMI; `scrape` maps its series back to MBean names.

pub mod object_name;
pub mod scrape;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use anyhow::{bail, Context};

pub use object_name::ObjectName;
pub use scrape::Reading;

/// Where the metrics are read: `http://HOST:PORT/PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Endpoint {
    /// Reads `--jmx-url`: an `http://` URL of a metrics endpoint (path `/metrics` when none
    /// is given), or Kafka's `service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi`, read as the
    /// metrics endpoint on that host and port (so a command line written for a broker started
    /// with `JMX_PORT` works once `metrics.listener` takes that port).
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let (host_port, path) = if let Some(rest) = url.strip_prefix("http://") {
            match rest.find('/') {
                Some(i) => (&rest[..i], rest[i..].to_string()),
                None => (rest, "/metrics".to_string()),
            }
        } else if let Some(rest) = url.strip_prefix("service:jmx:rmi://") {
            let rest = rest
                .split_once("/jndi/rmi://")
                .map(|(_, r)| r)
                .ok_or_else(|| anyhow::anyhow!("Unsupported JMX url {url}"))?;
            (
                rest.split('/').next().unwrap_or(rest),
                "/metrics".to_string(),
            )
        } else {
            bail!(
                "Unsupported url {url}: kt jmx reads a metrics endpoint, http://HOST:PORT/metrics \
                 (the broker's metrics.listener), or Kafka's service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi"
            );
        };
        let (host, port) = host_port
            .rsplit_once(':')
            .ok_or_else(|| anyhow::anyhow!("No port in url {url}"))?;
        let port = port
            .parse()
            .map_err(|_| anyhow::anyhow!("Bad port in url {url}"))?;
        let host = match host {
            "" => "localhost",
            h => h,
        };
        Ok(Endpoint {
            host: host.to_string(),
            port,
            path,
        })
    }

    /// One scrape: the body of `GET path` (HTTP/1.0, so the answer is never chunked).
    /// `basic` is `user:password` for an endpoint behind basic authentication.
    pub fn fetch(&self, basic: Option<&str>) -> anyhow::Result<String> {
        let addr = (self.host.as_str(), self.port)
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| anyhow::anyhow!("{} resolves to no address", self.host))?;
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut request = format!(
            "GET {} HTTP/1.0\r\nHost: {}:{}\r\nAccept: text/plain\r\n",
            self.path, self.host, self.port
        );
        if let Some(credentials) = basic {
            use base64::Engine;
            let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
            request.push_str(&format!("Authorization: Basic {encoded}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes())?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response)?;
        let response = String::from_utf8_lossy(&response);
        let (head, body) = response
            .split_once("\r\n\r\n")
            .context("the endpoint's answer has no end of headers")?;
        let status = head.lines().next().unwrap_or_default();
        if status.split_whitespace().nth(1) != Some("200") {
            bail!("the endpoint answered {status}");
        }
        Ok(body.to_string())
    }
}

/// The MBeans of a scrape matched by any of `queries`, with their attributes and values:
/// JmxTool's `queryNames` then `getAttributes`.
pub fn matching(
    readings: &[Reading],
    queries: &[ObjectName],
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut found: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for reading in readings {
        let Ok(name) = ObjectName::parse(&reading.object_name) else {
            continue;
        };
        if queries.iter().any(|q| q.matches(&name)) {
            found
                .entry(reading.object_name.clone())
                .or_default()
                .insert(reading.attribute.clone(), reading.value.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_both_kinds_name_the_endpoint() {
        let e = |host: &str, port, path: &str| Endpoint {
            host: host.into(),
            port,
            path: path.into(),
        };
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:9404").unwrap(),
            e("127.0.0.1", 9404, "/metrics")
        );
        assert_eq!(Endpoint::parse("http://h:1/x").unwrap(), e("h", 1, "/x"));
        assert_eq!(
            Endpoint::parse("service:jmx:rmi:///jndi/rmi://:9999/jmxrmi").unwrap(),
            e("localhost", 9999, "/metrics")
        );
        assert!(Endpoint::parse("ftp://x:1").is_err());
    }
}
