//! A Kafka client at the byte level: size-prefixed frames on a plain `TcpStream`, encoded with
//! kafka-protocol's codecs, for malformed input and for checking every version of an API.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};

/// A connection whose reads give up after 5 s.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Sends one size-prefixed frame of raw bytes.
pub fn send_raw(stream: &mut TcpStream, body: &[u8]) {
    let mut frame = Vec::with_capacity(body.len() + 4);
    frame.extend_from_slice(&(body.len() as i32).to_be_bytes());
    frame.extend_from_slice(body);
    stream.write_all(&frame).unwrap();
}

/// Reads one response frame, or `None` when the broker closed the connection.
pub fn read_frame(stream: &mut TcpStream) -> Option<Bytes> {
    let mut size = [0u8; 4];
    stream.read_exact(&mut size).ok()?;
    let mut body = vec![0u8; i32::from_be_bytes(size) as usize];
    stream.read_exact(&mut body).ok()?;
    Some(Bytes::from(body))
}

/// A request header (client id `raw-test`) and `body`, encoded in `version`, without the size.
pub fn encode_request<R: Encodable>(
    key: ApiKey,
    version: i16,
    correlation: i32,
    body: &R,
) -> Vec<u8> {
    let mut buf = BytesMut::new();
    RequestHeader::default()
        .with_request_api_key(key as i16)
        .with_request_api_version(version)
        .with_correlation_id(correlation)
        .with_client_id(Some(StrBytes::from_static_str("raw-test")))
        .encode(&mut buf, key.request_header_version(version))
        .unwrap();
    body.encode(&mut buf, version).unwrap();
    buf.to_vec()
}

/// One connection speaking the protocol with kafka-protocol's codecs.
pub struct Client {
    stream: TcpStream,
    correlation: i32,
}

impl Client {
    /// Connects to `addr`; reads give up after 20 s.
    pub fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Client {
            stream,
            correlation: 0,
        }
    }

    /// Sends a request in `version` and decodes the answer; panics when the broker closed
    /// the connection (which it does for anything it cannot encode).
    pub fn call<R>(&mut self, version: i16, request: &R) -> R::Response
    where
        R: Request + Encodable,
        R::Response: Decodable,
    {
        self.correlation += 1;
        // Header versions from the message types: the controller APIs (kt's own codec) are
        // not in kafka-protocol's ApiKey.
        let key = R::KEY;
        let mut frame = BytesMut::new();
        RequestHeader::default()
            .with_request_api_key(key)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation)
            .with_client_id(Some(StrBytes::from_static_str("raw-test")))
            .encode(&mut frame, R::header_version(version))
            .unwrap();
        request.encode(&mut frame, version).unwrap();
        send_raw(&mut self.stream, &frame);
        let mut body = read_frame(&mut self.stream)
            .unwrap_or_else(|| panic!("API key {key} v{version}: connection closed"));
        let header =
            ResponseHeader::decode(&mut body, R::Response::header_version(version)).unwrap();
        assert_eq!(header.correlation_id, self.correlation);
        R::Response::decode(&mut body, version).unwrap()
    }
}
