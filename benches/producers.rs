//! Many producers at a modest rate each (issue 16's connections goal: 500 producers each
//! sending 100 records/s are all served with p99 <= 10 ms): N connections, each sending one
//! Produce of one 100 B record (acks=1) every 1/RATE s, its next only after the previous
//! answer, and timing each from the write of the request to the read of its answer.
//!
//! A client of its own, on tokio over raw sockets, because the load is the point: 500
//! librdkafka producers would be 500 processes of threads, and a Python client spends more
//! than a core on 50,000 requests/s, so either would measure itself.
//!
//!   cargo bench --bench producers -- BOOTSTRAP TOPIC PARTITIONS [PRODUCERS] [RATE] [SECONDS]
//!
//! Prints one line: `sent=N expected=M errors=E p50_us=.. p99_us=.. p999_us=.. max_us=..`.
//! `benches/producers.sh` starts the brokers and the topic and makes a table of it.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{
    ApiKey, ProduceRequest, ProduceResponse, RequestHeader, ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The Produce version sent: one every Kafka broker since 2.1 and kt serve.
const VERSION: i16 = 7;

fn arg<T: std::str::FromStr>(args: &[String], i: usize, default: T) -> T {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

/// One record of 100 B as a batch, the same for every request (the broker assigns offsets).
fn batch() -> Bytes {
    let record = Record {
        transactional: false,
        control: false,
        delete_horizon: false,
        partition_leader_epoch: -1,
        producer_id: -1,
        producer_epoch: -1,
        timestamp_type: TimestampType::Creation,
        offset: 0,
        sequence: -1,
        timestamp: 1_700_000_000_000,
        key: None,
        value: Some(Bytes::from(vec![b'x'; 100])),
        headers: Default::default(),
    };
    let mut out = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut out, [&record], &options).expect("a record encodes");
    out.freeze()
}

/// The framed Produce of `batch` to `topic`-`partition` with `correlation`.
fn request(topic: &str, partition: i32, batch: &Bytes, correlation: i32) -> BytesMut {
    let body = ProduceRequest::default()
        .with_acks(1)
        .with_timeout_ms(30_000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(partition)
                .with_records(Some(batch.clone()))])]);
    let mut frame = BytesMut::new();
    frame.extend_from_slice(&[0; 4]);
    RequestHeader::default()
        .with_request_api_key(ApiKey::Produce as i16)
        .with_request_api_version(VERSION)
        .with_correlation_id(correlation)
        .with_client_id(Some(StrBytes::from_static_str("producers-bench")))
        .encode(&mut frame, ApiKey::Produce.request_header_version(VERSION))
        .expect("the header encodes");
    body.encode(&mut frame, VERSION)
        .expect("the request encodes");
    let size = (frame.len() - 4) as i32;
    frame[..4].copy_from_slice(&size.to_be_bytes());
    frame
}

/// What one producer saw: the latency of each answered request in µs, and its errors.
struct Seen {
    latencies: Vec<u32>,
    errors: u64,
}

/// One producer: a connection sending a record every `period` until `end`.
async fn producer(
    addr: String,
    topic: String,
    partition: i32,
    period: Duration,
    phase: Duration,
    end: Instant,
) -> Seen {
    let mut seen = Seen {
        latencies: Vec::new(),
        errors: 0,
    };
    let Ok(mut stream) = TcpStream::connect(&addr).await else {
        seen.errors += 1;
        return seen;
    };
    let _ = stream.set_nodelay(true);
    let batch = batch();
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + phase, period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut correlation = 0;
    let mut answer = Vec::new();
    while Instant::now() < end {
        ticks.tick().await;
        correlation += 1;
        let frame = request(&topic, partition, &batch, correlation);
        let sent = Instant::now();
        let mut size = [0u8; 4];
        let exchange = async {
            stream.write_all(&frame).await?;
            stream.read_exact(&mut size).await?;
            answer.resize(i32::from_be_bytes(size).max(0) as usize, 0);
            stream.read_exact(&mut answer).await
        };
        if exchange.await.is_err() {
            seen.errors += 1;
            return seen;
        }
        seen.latencies
            .push(sent.elapsed().as_micros().min(u32::MAX as u128) as u32);
        let mut body = Bytes::copy_from_slice(&answer);
        let ok =
            ResponseHeader::decode(&mut body, ApiKey::Produce.response_header_version(VERSION))
                .ok()
                .and_then(|_| ProduceResponse::decode(&mut body, VERSION).ok())
                .is_some_and(|r| {
                    r.responses
                        .iter()
                        .flat_map(|t| &t.partition_responses)
                        .all(|p| p.error_code == 0)
                });
        if !ok {
            seen.errors += 1;
        }
    }
    seen
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(bootstrap) = args.first().cloned() else {
        eprintln!("usage: producers BOOTSTRAP TOPIC PARTITIONS [PRODUCERS] [RATE] [SECONDS]");
        std::process::exit(2);
    };
    let topic: String = arg(&args, 1, "producers".to_string());
    let partitions: i32 = arg(&args, 2, 1);
    let producers: usize = arg(&args, 3, 500);
    let rate: f64 = arg(&args, 4, 100.0);
    let seconds: u64 = arg(&args, 5, 10);
    let period = Duration::from_secs_f64(1.0 / rate);
    // One thread: the broker has the machine's other core.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let seen = runtime.block_on(async {
        let end = Instant::now() + Duration::from_secs(seconds);
        let tasks: Vec<_> = (0..producers)
            .map(|i| {
                // Spread over one period, so that the producers do not all send at once.
                let phase = period.mul_f64(i as f64 / producers as f64);
                tokio::spawn(producer(
                    bootstrap.clone(),
                    topic.clone(),
                    i as i32 % partitions.max(1),
                    period,
                    phase,
                    end,
                ))
            })
            .collect();
        let mut all = Vec::new();
        for task in tasks {
            all.push(task.await.expect("a producer task"));
        }
        all
    });
    let errors: u64 = seen.iter().map(|s| s.errors).sum();
    let mut latencies: Vec<u32> = seen.into_iter().flat_map(|s| s.latencies).collect();
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    println!(
        "sent={} expected={} errors={errors} p50_us={} p99_us={} p999_us={} max_us={}",
        latencies.len(),
        (rate * seconds as f64) as usize * producers,
        at(0.5),
        at(0.99),
        at(0.999),
        latencies.last().copied().unwrap_or(0)
    );
}
