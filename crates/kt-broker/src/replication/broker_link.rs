//! One connection from this broker to another for inter-broker requests: a follower's to its
//! leader (Fetch, OffsetsForLeaderEpoch), the controller's to every broker (LeaderAndIsr,
//! UpdateMetadata, StopReplica) and a broker's to the controller (AlterPartition,
//! ControlledShutdown): size-prefixed frames, one request at a time, each bounded by a timeout.
//! Header versions come from the message types (kafka-protocol's and the controller codec's).
//!
//! The connection is made as the inter-broker listener asks ([`InterBrokerSecurity`]): TLS
//! on SSL and SASL_SSL listeners, then on SASL listeners the broker's own login (SaslHandshake
//! v1 and SaslAuthenticate, the client side in `security::sasl::client`) before any request.
//! When the other broker bounds the session (`connections.max.reauth.ms`, KIP-368), the link
//! logs in again on the same connection before the request that comes after 85-95% of the
//! session's life, as Kafka's `SaslClientAuthenticator` does, so a link that lives for days
//! is never closed for an expired session.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::{
    RequestHeader, ResponseHeader, SaslAuthenticateRequest, SaslAuthenticateResponse,
    SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::security::inter_broker::{InterBrokerLogin, InterBrokerSecurity};
use crate::security::sasl::client::{SaslClient, SaslClientError};

/// Why an exchange with another broker failed; the connection is dropped after any of them.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The broker could not be reached, or the connection broke.
    #[error("broker {addr}: {error}")]
    Io { addr: String, error: std::io::Error },
    /// No answer in time.
    #[error("broker {addr}: no answer to API key {api} within {timeout:?}")]
    Timeout {
        addr: String,
        api: i16,
        timeout: Duration,
    },
    /// The bytes could not be encoded or decoded.
    #[error("broker {addr}: malformed exchange of API key {api}: {reason}")]
    Protocol {
        addr: String,
        api: i16,
        reason: String,
    },
    /// The other broker refused this broker's TLS handshake or SASL login (Kafka's
    /// NetworkClient message; never a secret).
    #[error("Connection to node {node} ({addr}) failed authentication due to: {message}")]
    Authentication {
        node: i32,
        addr: String,
        message: String,
    },
    /// The broker has no endpoint on the inter-broker listener (or is not registered).
    #[error("broker {node} has no endpoint on the inter-broker listener {listener}")]
    NoEndpoint { node: i32, listener: String },
}

impl LinkError {
    /// Whether the other broker refused this one's credentials: a configuration error worth
    /// an ERROR line, not a network blip.
    pub fn is_authentication(&self) -> bool {
        matches!(self, LinkError::Authentication { .. })
    }
}

/// The byte stream of a link: TCP, or TLS over TCP.
trait LinkStream: AsyncRead + AsyncWrite + Unpin + Send + Sync {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Sync> LinkStream for T {}

/// The largest response frame accepted (`replica.fetch.response.max.bytes` is far below).
const MAX_FRAME: usize = 256 << 20;

/// A connection to one broker.
pub struct BrokerLink {
    stream: Box<dyn LinkStream>,
    addr: String,
    client_id: StrBytes,
    correlation: i32,
    /// The login to renew and when, once the other broker granted a bounded session.
    reauthentication: Option<Reauthentication>,
}

/// A SASL session the link must renew before it ends.
struct Reauthentication {
    node: i32,
    login: InterBrokerLogin,
    due: Instant,
}

/// When to renew a session of `lifetime_ms`: at 85% of it plus up to 10% of jitter (Kafka's
/// client: room for latency and clock drift, and no storm of renewals across links made at
/// the same moment).
fn renewal_due(granted_at: Instant, lifetime_ms: i64) -> Instant {
    let mut random = [0u8; 4];
    getrandom::getrandom(&mut random).expect("the system's random number generator");
    let jitter = f64::from(u32::from_le_bytes(random)) / f64::from(u32::MAX);
    let fraction = 0.85 + 0.10 * jitter;
    granted_at + Duration::from_millis((lifetime_ms as f64 * fraction) as u64)
}

impl BrokerLink {
    /// Connects to broker `node` at `host:port` within `timeout`, secured and logged in as
    /// `security` says; requests name `client_id` (Kafka's fetchers use
    /// `broker-<id>-fetcher-<n>`).
    pub async fn connect(
        security: &InterBrokerSecurity,
        node: i32,
        addr: &str,
        client_id: &str,
        timeout: Duration,
    ) -> Result<Self, LinkError> {
        let io = |error| LinkError::Io {
            addr: addr.to_string(),
            error,
        };
        let refused = |message: String| LinkError::Authentication {
            node,
            addr: addr.to_string(),
            message,
        };
        let tcp = tokio::time::timeout(timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| io(std::io::ErrorKind::TimedOut.into()))?
            .map_err(io)?;
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn LinkStream> = match &security.tls {
            None => Box::new(tcp),
            Some(tls) => {
                let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
                let name = rustls::pki_types::ServerName::try_from(
                    host.trim_matches(['[', ']']).to_string(),
                )
                .map_err(|e| refused(format!("SSL handshake failed: {host}: {e}")))?;
                let connector = tokio_rustls::TlsConnector::from(tls.clone());
                let handshake = tokio::time::timeout(timeout, connector.connect(name, tcp))
                    .await
                    .map_err(|_| io(std::io::ErrorKind::TimedOut.into()))?
                    .map_err(|e| refused(format!("SSL handshake failed: {e}")))?;
                Box::new(handshake)
            }
        };
        let mut link = BrokerLink {
            stream,
            addr: addr.to_string(),
            client_id: StrBytes::from_string(client_id.to_string()),
            correlation: 0,
            reauthentication: None,
        };
        if let Some(login) = &security.sasl {
            link.authenticate(node, login, timeout).await?;
        }
        Ok(link)
    }

    /// The SASL exchange with broker `node`: SaslHandshake v1 naming the mechanism, then
    /// SaslAuthenticate (v2, Kafka 3.9's) rounds until the client side is satisfied; the
    /// session lifetime of the last answer schedules the renewal.
    async fn authenticate(
        &mut self,
        node: i32,
        login: &InterBrokerLogin,
        timeout: Duration,
    ) -> Result<(), LinkError> {
        let addr = self.addr.clone();
        let refused = |message: String| LinkError::Authentication {
            node,
            addr: addr.clone(),
            message,
        };
        let text = |e: SaslClientError| refused(e.to_string());
        let mechanism = login.mechanism.name();
        let Some(mut client) = SaslClient::new(mechanism, login.login.clone()) else {
            return Err(refused(format!(
                "SASL mechanism {mechanism} is not supported"
            )));
        };
        let began = Instant::now();
        let handshake: SaslHandshakeResponse = self
            .exchange(
                &SaslHandshakeRequest::default()
                    .with_mechanism(StrBytes::from_string(mechanism.to_string())),
                1,
                timeout,
            )
            .await?;
        if handshake.error_code != 0 {
            let enabled = handshake.mechanisms.iter().map(|m| m.to_string());
            return Err(text(SaslClientError::disabled(mechanism, enabled)));
        }
        let mut token = client.first_token().map_err(text)?;
        loop {
            let answer: SaslAuthenticateResponse = self
                .exchange(
                    &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
                    2,
                    timeout,
                )
                .await?;
            if answer.error_code != 0 {
                return Err(refused(answer.error_message.map_or_else(
                    || format!("SASL authentication failed (error {})", answer.error_code),
                    |m| m.to_string(),
                )));
            }
            match client.next(&answer.auth_bytes).map_err(text)? {
                Some(next) => token = next,
                None => {
                    self.reauthentication =
                        (answer.session_lifetime_ms > 0).then(|| Reauthentication {
                            node,
                            login: login.clone(),
                            due: renewal_due(began, answer.session_lifetime_ms),
                        });
                    return Ok(());
                }
            }
        }
    }

    /// Sends `request` in `version` and decodes the answer, within `timeout` (each, for a
    /// renewal of the session due first). The records of a Fetch answer stay slices of the
    /// one frame buffer.
    pub async fn call<R>(
        &mut self,
        request: &R,
        version: i16,
        timeout: Duration,
    ) -> Result<R::Response, LinkError>
    where
        R: Request + Encodable,
        R::Response: Decodable,
    {
        if let Some(due) = self.reauthentication.take_if(|r| Instant::now() >= r.due) {
            tracing::debug!("Re-authenticating with broker {} ({})", due.node, self.addr);
            self.authenticate(due.node, &due.login, timeout).await?;
        }
        self.exchange(request, version, timeout).await
    }

    /// One request and its answer, as [`BrokerLink::call`] without the renewal check (the
    /// login's own requests go this way).
    async fn exchange<R>(
        &mut self,
        request: &R,
        version: i16,
        timeout: Duration,
    ) -> Result<R::Response, LinkError>
    where
        R: Request + Encodable,
        R::Response: Decodable,
    {
        let api = R::KEY;
        let addr = self.addr.clone();
        let protocol = |reason: String| LinkError::Protocol {
            addr: addr.clone(),
            api,
            reason,
        };
        self.correlation = self.correlation.wrapping_add(1);
        let mut frame = BytesMut::with_capacity(256);
        frame.extend_from_slice(&[0; 4]);
        RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation)
            .with_client_id(Some(self.client_id.clone()))
            .encode(&mut frame, R::header_version(version))
            .map_err(|e| protocol(e.to_string()))?;
        request
            .encode(&mut frame, version)
            .map_err(|e| protocol(e.to_string()))?;
        let size = (frame.len() - 4) as i32;
        frame[..4].copy_from_slice(&size.to_be_bytes());
        let stream = &mut self.stream;
        let exchange = async {
            stream.write_all(&frame).await?;
            // TLS holds written bytes until flushed.
            stream.flush().await?;
            let mut size = [0u8; 4];
            stream.read_exact(&mut size).await?;
            let size = i32::from_be_bytes(size);
            if size < 0 || size as usize > MAX_FRAME {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("response frame of {size} bytes"),
                ));
            }
            let mut body = vec![0u8; size as usize];
            stream.read_exact(&mut body).await?;
            Ok(Bytes::from(body))
        };
        let mut body = match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(body)) => body,
            Ok(Err(error)) => {
                return Err(LinkError::Io {
                    addr: self.addr.clone(),
                    error,
                })
            }
            Err(_) => {
                return Err(LinkError::Timeout {
                    addr: self.addr.clone(),
                    api,
                    timeout,
                })
            }
        };
        let header = ResponseHeader::decode(&mut body, R::Response::header_version(version))
            .map_err(|e| protocol(e.to_string()))?;
        if header.correlation_id != self.correlation {
            return Err(protocol(format!(
                "correlation id {} answered for {}",
                header.correlation_id, self.correlation
            )));
        }
        R::Response::decode(&mut body, version).map_err(|e| protocol(e.to_string()))
    }
}
