//! One connection from this broker to another for inter-broker requests: a follower's to its
//! leader (Fetch, OffsetsForLeaderEpoch), the controller's to every broker (LeaderAndIsr,
//! UpdateMetadata, StopReplica) and a broker's to the controller (AlterPartition,
//! ControlledShutdown): size-prefixed frames, one request at a time, each bounded by a timeout.
//! Header versions come from the message types (kafka-protocol's and the controller codec's).

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::{RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

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
}

/// The largest response frame accepted (`replica.fetch.response.max.bytes` is far below).
const MAX_FRAME: usize = 256 << 20;

/// A connection to one broker.
pub struct BrokerLink {
    stream: TcpStream,
    addr: String,
    client_id: StrBytes,
    correlation: i32,
}

impl BrokerLink {
    /// Connects to `host:port` within `timeout`; requests name `client_id` (Kafka's fetchers
    /// use `broker-<id>-fetcher-<n>`).
    pub async fn connect(
        addr: &str,
        client_id: &str,
        timeout: Duration,
    ) -> Result<Self, LinkError> {
        let io = |error| LinkError::Io {
            addr: addr.to_string(),
            error,
        };
        let stream = tokio::time::timeout(timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| io(std::io::ErrorKind::TimedOut.into()))?
            .map_err(io)?;
        let _ = stream.set_nodelay(true);
        Ok(BrokerLink {
            stream,
            addr: addr.to_string(),
            client_id: StrBytes::from_string(client_id.to_string()),
            correlation: 0,
        })
    }

    /// Sends `request` in `version` and decodes the answer, within `timeout`. The records of
    /// a Fetch answer stay slices of the one frame buffer.
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
