//! A small Kafka protocol client over kafka-protocol's codecs, for the admin requests
//! librdkafka has no API for (DescribeLogDirs first): size-prefixed frames on a plain TCP
//! connection to one broker, the request version chosen from the broker's ApiVersions.
//!
//! PLAINTEXT, or SSL through rustls (`wire_tls`); on SASL_PLAINTEXT and SASL_SSL the client
//! authenticates with PLAIN or SCRAM (`wire_sasl`; with a delegation token when the JAAS
//! config says `tokenauth="true"`) before its first request.

use std::time::Duration;

use bytes::{Buf, BytesMut};
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, ApiVersionsResponse, MetadataRequest, MetadataResponse,
    RequestHeader, ResponseHeader,
};
use kafka_protocol::protocol::{Decodable, Encodable, Request, StrBytes};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// The connection's byte stream: plain TCP or TLS.
trait WireStream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<S: AsyncRead + AsyncWrite + Unpin + Send> WireStream for S {}

/// Why a call over the wire failed.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The broker could not be reached, or the connection broke.
    #[error("cannot talk to {addr}: {error}")]
    Io {
        /// The broker's `host:port`.
        addr: String,
        /// The underlying error (in the message, so not also a source to print twice).
        error: std::io::Error,
    },
    /// No answer within the timeout.
    #[error("Timed out waiting for a node assignment. Call: {call} ({addr})")]
    Timeout {
        /// The broker's `host:port`.
        addr: String,
        /// The request that was waited for, as Kafka's admin client names it.
        call: String,
    },
    /// The bytes could not be encoded or decoded.
    #[error("malformed {api:?} exchange with {addr}: {reason}")]
    Protocol {
        /// The broker's `host:port`.
        addr: String,
        /// The API of the call.
        api: ApiKey,
        /// What went wrong.
        reason: String,
    },
    /// The broker does not serve any version of the API kt speaks.
    #[error("The broker {addr} does not support {api:?}")]
    Unsupported {
        /// The broker's `host:port`.
        addr: String,
        /// The API.
        api: ApiKey,
    },
    /// A client property kt cannot honour on this connection.
    #[error("{0}")]
    Config(String),
    /// The broker refused the login.
    #[error("{0}")]
    Authentication(super::client::AuthenticationFailure),
}

/// The largest response frame accepted (a DescribeLogDirs of many partitions stays far below).
const MAX_FRAME: usize = 100 << 20;

/// One connection to one broker.
pub struct WireClient {
    stream: Box<dyn WireStream>,
    addr: String,
    client_id: String,
    correlation: i32,
    timeout: Duration,
    /// The broker's version range of each API, from ApiVersions.
    versions: Vec<(i16, i16, i16)>,
}

impl WireClient {
    /// Connects to `addr` (`host:port`) and asks which API versions it serves. Properties are
    /// the client's (`--command-config`): `security.protocol` PLAINTEXT or SSL (with the
    /// `ssl.*` stores), and `client.id` names the client in the broker's logs.
    pub async fn connect(
        addr: &str,
        properties: &[(String, String)],
        client_id: &str,
        timeout: Duration,
    ) -> Result<WireClient, WireError> {
        let property = |key: &str| {
            properties
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_string())
        };
        let protocol = property("security.protocol").unwrap_or_else(|| "PLAINTEXT".into());
        let protocol = protocol.to_ascii_uppercase();
        let tls = match protocol.as_str() {
            "SSL" | "SASL_SSL" => {
                Some(super::wire_tls::client_config(property).map_err(WireError::Config)?)
            }
            "PLAINTEXT" | "SASL_PLAINTEXT" => None,
            _ => {
                return Err(WireError::Config(format!(
                    "Invalid value {protocol} for configuration security.protocol: String must \
                     be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"
                )))
            }
        };
        let sasl = match protocol.starts_with("SASL_") {
            false => None,
            true => {
                // Kafka's default mechanism is GSSAPI, which kt's clients do not speak.
                let mechanism = property("sasl.mechanism").unwrap_or_else(|| "GSSAPI".into());
                let (user, password) = super::sasl_properties::credentials(properties)
                    .map_err(WireError::Config)?
                    .ok_or_else(|| {
                        WireError::Config(format!(
                            "security.protocol={protocol} needs sasl.jaas.config with a \
                             username and password"
                        ))
                    })?;
                let token_auth = super::sasl_properties::token_auth(properties);
                Some((mechanism, user, password, token_auth))
            }
        };
        let connecting = TcpStream::connect(addr);
        let stream = match tokio::time::timeout(timeout, connecting).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(error)) => {
                return Err(WireError::Io {
                    addr: addr.to_string(),
                    error,
                })
            }
            Err(_) => {
                return Err(WireError::Timeout {
                    addr: addr.to_string(),
                    call: "connect".into(),
                })
            }
        };
        let _ = stream.set_nodelay(true);
        let stream: Box<dyn WireStream> = match tls {
            None => Box::new(stream),
            Some(config) => {
                let host = addr.rsplit_once(':').map_or(addr, |(host, _)| host);
                let name = super::wire_tls::server_name(host).map_err(WireError::Config)?;
                let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
                match tokio::time::timeout(timeout, connector.connect(name, stream)).await {
                    Ok(Ok(tls)) => Box::new(tls),
                    Ok(Err(error)) => {
                        return Err(WireError::Io {
                            addr: addr.to_string(),
                            error,
                        })
                    }
                    Err(_) => {
                        return Err(WireError::Timeout {
                            addr: addr.to_string(),
                            call: "SSL handshake".into(),
                        })
                    }
                }
            }
        };
        let mut client = WireClient {
            stream,
            addr: addr.to_string(),
            client_id: property("client.id").unwrap_or_else(|| client_id.to_string()),
            correlation: 0,
            timeout,
            versions: Vec::new(),
        };
        let versions: ApiVersionsResponse = client
            .call_version(&ApiVersionsRequest::default(), 0)
            .await?;
        client.versions = versions
            .api_keys
            .iter()
            .map(|v| (v.api_key, v.min_version, v.max_version))
            .collect();
        if let Some((mechanism, user, password, token_auth)) = sasl {
            let login = super::wire_sasl::Login {
                user: &user,
                password: &password,
                token_auth,
            };
            super::wire_sasl::authenticate(&mut client, &mechanism, login).await?;
        }
        Ok(client)
    }

    /// The broker's address.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// The newest version of `R` both kt (up to `max`) and the broker serve.
    pub fn version_of<R: Request>(&self, max: i16) -> Result<i16, WireError> {
        let unsupported = || WireError::Unsupported {
            addr: self.addr.clone(),
            api: ApiKey::try_from(R::KEY).unwrap_or(ApiKey::ApiVersions),
        };
        let (_, min, broker_max) = self
            .versions
            .iter()
            .find(|(key, _, _)| *key == R::KEY)
            .copied()
            .ok_or_else(unsupported)?;
        let version = broker_max.min(max);
        if version < min {
            return Err(unsupported());
        }
        Ok(version)
    }

    /// Sends `request` in the newest version both sides serve (kt's up to `max`) and decodes
    /// the answer.
    pub async fn call<R>(&mut self, request: &R, max: i16) -> Result<R::Response, WireError>
    where
        R: Request + Encodable,
        R::Response: Decodable,
    {
        let version = self.version_of::<R>(max)?;
        self.call_version(request, version).await
    }

    /// The brokers of the cluster as this broker's Metadata lists them: `(id, host:port)`,
    /// by id.
    pub async fn brokers(&mut self) -> Result<Vec<(i32, String)>, WireError> {
        // No topics: only the brokers are wanted (version 1 and later read an empty list so).
        let request = MetadataRequest::default().with_topics(Some(Vec::new()));
        let metadata: MetadataResponse = self.call(&request, 12).await?;
        let mut brokers: Vec<(i32, String)> = metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
            .collect();
        brokers.sort();
        Ok(brokers)
    }

    /// The broker's ApiVersions answer: `(api key, min, max)` of every API it announced, in
    /// its order.
    pub fn api_versions(&self) -> &[(i16, i16, i16)] {
        &self.versions
    }

    /// The brokers of the cluster as this broker's Metadata lists them, with what Kafka's
    /// `Node` prints: `(id, host, port, rack)`, by id.
    pub async fn nodes(&mut self) -> Result<Vec<(i32, String, i32, Option<String>)>, WireError> {
        let request = MetadataRequest::default().with_topics(Some(Vec::new()));
        let metadata: MetadataResponse = self.call(&request, 12).await?;
        let mut nodes: Vec<_> = metadata
            .brokers
            .iter()
            .map(|b| {
                (
                    b.node_id.0,
                    b.host.to_string(),
                    b.port,
                    b.rack.as_ref().map(|r| r.to_string()),
                )
            })
            .collect();
        nodes.sort();
        Ok(nodes)
    }

    async fn call_version<R>(&mut self, request: &R, version: i16) -> Result<R::Response, WireError>
    where
        R: Request + Encodable,
        R::Response: Decodable,
    {
        let api = ApiKey::try_from(R::KEY).unwrap_or(ApiKey::ApiVersions);
        let addr = self.addr.clone();
        let protocol = |reason: String| WireError::Protocol {
            addr: addr.clone(),
            api,
            reason,
        };
        self.correlation += 1;
        let mut frame = BytesMut::new();
        frame.extend_from_slice(&[0; 4]);
        RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation)
            .with_client_id(Some(StrBytes::from_string(self.client_id.clone())))
            .encode(&mut frame, api.request_header_version(version))
            .map_err(|e| protocol(e.to_string()))?;
        request
            .encode(&mut frame, version)
            .map_err(|e| protocol(e.to_string()))?;
        let mut body = self.exchange(frame, &format!("{api:?}")).await?;
        let header = ResponseHeader::decode(&mut body, api.response_header_version(version))
            .map_err(|e| protocol(e.to_string()))?;
        if header.correlation_id != self.correlation {
            return Err(protocol(format!(
                "correlation id {} answered for {}",
                header.correlation_id, self.correlation
            )));
        }
        let response =
            R::Response::decode(&mut body, version).map_err(|e| protocol(e.to_string()))?;
        if body.has_remaining() {
            tracing::debug!(
                "{api:?} v{version} from {}: {} bytes left after the response",
                self.addr,
                body.remaining()
            );
        }
        Ok(response)
    }
}

impl WireClient {
    /// Sends a framed request (its size prefix still zero) and reads the response frame.
    async fn exchange(
        &mut self,
        mut frame: BytesMut,
        call: &str,
    ) -> Result<bytes::Bytes, WireError> {
        let size = (frame.len() - 4) as i32;
        frame[..4].copy_from_slice(&size.to_be_bytes());
        let exchange = async {
            self.stream.write_all(&frame).await?;
            // TLS holds records until flushed; plain TCP has nothing to flush.
            self.stream.flush().await?;
            let mut size = [0u8; 4];
            self.stream.read_exact(&mut size).await?;
            let size = i32::from_be_bytes(size);
            if size < 0 || size as usize > MAX_FRAME {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("response frame of {size} bytes"),
                ));
            }
            let mut body = vec![0u8; size as usize];
            self.stream.read_exact(&mut body).await?;
            Ok(bytes::Bytes::from(body))
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok(body)) => Ok(body),
            Ok(Err(error)) => Err(WireError::Io {
                addr: self.addr.clone(),
                error,
            }),
            Err(_) => Err(WireError::Timeout {
                addr: self.addr.clone(),
                call: call.to_string(),
            }),
        }
    }

    /// Calls an API the `kafka-protocol` crate has no codec for (ListClientMetricsResources):
    /// `body` is the encoded request of flexible version `version` (request header v2); the
    /// answer is the response body after its header (v1), or None when the broker does not
    /// serve that version.
    pub async fn call_flexible_raw(
        &mut self,
        key: i16,
        version: i16,
        name: &str,
        body: &[u8],
    ) -> Result<Option<bytes::Bytes>, WireError> {
        let served = self
            .versions
            .iter()
            .any(|(k, min, max)| *k == key && (*min..=*max).contains(&version));
        if !served {
            return Ok(None);
        }
        self.correlation += 1;
        let mut frame = BytesMut::new();
        frame.extend_from_slice(&[0; 4]);
        let addr = self.addr.clone();
        let protocol = |reason: String| WireError::Protocol {
            addr: addr.clone(),
            api: ApiKey::ApiVersions,
            reason: format!("{name}: {reason}"),
        };
        RequestHeader::default()
            .with_request_api_key(key)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation)
            .with_client_id(Some(StrBytes::from_string(self.client_id.clone())))
            .encode(&mut frame, 2)
            .map_err(|e| protocol(e.to_string()))?;
        frame.extend_from_slice(body);
        let mut answer = self.exchange(frame, name).await?;
        let header = ResponseHeader::decode(&mut answer, 1).map_err(|e| protocol(e.to_string()))?;
        if header.correlation_id != self.correlation {
            return Err(protocol(format!(
                "correlation id {} answered for {}",
                header.correlation_id, self.correlation
            )));
        }
        Ok(Some(answer))
    }
}

/// The first server of `bootstrap` (comma-separated `host:port`s) that answers, as `client_id`.
pub async fn connect_any(
    bootstrap: &str,
    properties: &[(String, String)],
    client_id: &str,
    timeout: Duration,
) -> Result<WireClient, WireError> {
    let mut last_error = None;
    for addr in bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        match WireClient::connect(addr, properties, client_id, timeout).await {
            Ok(client) => return Ok(client),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| WireError::Config(format!("no server in {bootstrap:?}"))))
}

/// A duration property in milliseconds, else `default`.
pub fn property_ms(properties: &[(String, String)], key: &str, default: u64) -> Duration {
    let ms = properties
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .unwrap_or(default);
    Duration::from_millis(ms)
}
