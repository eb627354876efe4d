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
        self.call_as(version, version, request)
    }

    /// Sends a request announced as `version` with its body in `codec`'s schema and decodes
    /// the answer in that schema: for the versions kafka-protocol no longer encodes (Kafka
    /// 4.0 dropped them) whose schema a later version kept.
    pub fn call_as<R>(&mut self, version: i16, codec: i16, request: &R) -> R::Response
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
            .encode(&mut frame, R::header_version(codec))
            .unwrap();
        request.encode(&mut frame, codec).unwrap();
        send_raw(&mut self.stream, &frame);
        let mut body = read_frame(&mut self.stream)
            .unwrap_or_else(|| panic!("API key {key} v{version}: connection closed"));
        let header = ResponseHeader::decode(&mut body, R::Response::header_version(codec)).unwrap();
        assert_eq!(header.correlation_id, self.correlation);
        R::Response::decode(&mut body, codec).unwrap()
    }
}

/// A v2 record batch as a producer sends it: one record a value, with no key and timestamp
/// `timestamp`, from producer `producer_id` at `epoch` with sequences from `first_sequence`,
/// transactional or only idempotent. Producer id -1 is a plain producer's batch: every
/// sequence is -1.
pub fn producer_batch(
    producer_id: i64,
    epoch: i16,
    first_sequence: i32,
    transactional: bool,
    timestamp: i64,
    values: &[Bytes],
) -> Bytes {
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };
    let records: Vec<Record> = values
        .iter()
        .enumerate()
        .map(|(i, value)| Record {
            transactional,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id,
            producer_epoch: epoch,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: if producer_id < 0 {
                -1
            } else {
                first_sequence + i as i32
            },
            timestamp,
            key: None,
            value: Some(value.clone()),
            headers: Default::default(),
        })
        .collect();
    let mut buf = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut buf, records.iter(), &options).unwrap();
    buf.freeze()
}

/// A Produce request (acks=all, 5 s timeout) of `records` to partition 0 of `topic`, in the
/// transaction of `transactional_id` if one is given.
pub fn produce_request(
    transactional_id: Option<&str>,
    topic: &str,
    records: Bytes,
) -> kafka_protocol::messages::ProduceRequest {
    use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
    use kafka_protocol::messages::{ProduceRequest, TopicName, TransactionalId};
    ProduceRequest::default()
        .with_transactional_id(
            transactional_id.map(|id| TransactionalId(StrBytes::from_string(id.to_string()))),
        )
        .with_acks(-1)
        .with_timeout_ms(5000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(0)
                .with_records(Some(records))])])
}
