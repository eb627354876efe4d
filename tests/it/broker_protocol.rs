//! The wire protocol at its edge, over a raw socket: ApiVersions negotiation and bad input of
//! every kind. After each bad frame the broker must still serve other connections.

use crate::common;
use crate::common::raw::{self, connect, encode_request, read_frame, send_raw};

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, ApiVersionsResponse, MetadataRequest, MetadataResponse,
    ResponseHeader,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};

/// A normal client still gets a Metadata answer: the broker is alive and serving.
fn assert_serving(addr: SocketAddr) {
    let mut stream = connect(addr);
    send_raw(
        &mut stream,
        &encode_request(ApiKey::Metadata, 12, 7, &MetadataRequest::default()),
    );
    let mut frame = read_frame(&mut stream).expect("metadata answered");
    let header =
        ResponseHeader::decode(&mut frame, ApiKey::Metadata.response_header_version(12)).unwrap();
    assert_eq!(header.correlation_id, 7);
    let response = MetadataResponse::decode(&mut frame, 12).unwrap();
    assert_eq!(response.brokers.len(), 1);
    assert_eq!(response.brokers[0].port as u16, addr.port());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_versions_lists_what_is_implemented() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut stream = connect(addr);
        send_raw(
            &mut stream,
            &encode_request(ApiKey::ApiVersions, 3, 1, &ApiVersionsRequest::default()),
        );
        let mut frame = read_frame(&mut stream).unwrap();
        ResponseHeader::decode(&mut frame, 0).unwrap();
        let response = ApiVersionsResponse::decode(&mut frame, 3).unwrap();
        assert_eq!(response.error_code, 0);
        let keys: Vec<i16> = response.api_keys.iter().map(|k| k.api_key).collect();
        // Every route but DescribeQuorum, which only a KRaft node serves, and the client
        // telemetry APIs, announced only with metrics.listener (as Kafka only with a
        // telemetry receiver).
        let unannounced = [
            ApiKey::DescribeQuorum,
            ApiKey::GetTelemetrySubscriptions,
            ApiKey::PushTelemetry,
        ];
        for key in kt::broker::api::ROUTES {
            let listed = keys.contains(&(key.key as i16));
            assert_eq!(listed, !unannounced.contains(&key.key), "{:?}", key.key);
        }
        // And the four controller APIs a ZooKeeper-mode broker serves with their own codec
        // (LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown).
        for key in 4..=7 {
            assert!(keys.contains(&key), "controller API {key}");
        }
        assert_eq!(
            keys.len(),
            kt::broker::api::ROUTES.len() - unannounced.len() + 4
        );
        // No optional tagged fields at their defaults: the body ends with an empty tag buffer.
        assert_eq!(frame.remaining(), 0);
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_too_new_api_versions_gets_the_v0_error_and_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut stream = connect(addr);
        let mut body = BytesMut::new();
        body.put_i16(ApiKey::ApiVersions as i16);
        body.put_i16(99);
        body.put_i32(42);
        body.put_i16(-1);
        send_raw(&mut stream, &body);
        let mut frame = read_frame(&mut stream).unwrap();
        assert_eq!(frame.get_i32(), 42);
        let response = ApiVersionsResponse::decode(&mut frame, 0).unwrap();
        assert_eq!(response.error_code, 35, "UNSUPPORTED_VERSION");
        assert!(!response.api_keys.is_empty());
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_frames_close_only_their_connection() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("socket.request.max.bytes", "1048576")]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("huge size prefix", i32::MAX.to_be_bytes().to_vec()),
            ("negative size prefix", (-1i32).to_be_bytes().to_vec()),
            (
                "over socket.request.max.bytes",
                2_000_000i32.to_be_bytes().to_vec(),
            ),
            ("tiny frame", {
                let mut v = 2i32.to_be_bytes().to_vec();
                v.extend_from_slice(&[0, 1]);
                v
            }),
            ("unknown api key", {
                let mut v = 10i32.to_be_bytes().to_vec();
                v.extend_from_slice(&[0x7f, 0x00, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);
                v
            }),
            ("unsupported produce version", {
                let mut v = 10i32.to_be_bytes().to_vec();
                v.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xff]);
                v
            }),
            ("garbage", b"\x00\x00\x00\x10GET / HTTP/1.1\r\n".to_vec()),
            ("array length of 2^31-1 elements", {
                // Metadata v4: header (key 3, version 4, correlation, null client id), then
                // a topics array claiming i32::MAX entries with no bytes behind it.
                let mut body = vec![0, 3, 0, 4, 0, 0, 0, 9, 0xff, 0xff];
                body.extend_from_slice(&i32::MAX.to_be_bytes());
                let mut v = (body.len() as i32).to_be_bytes().to_vec();
                v.extend_from_slice(&body);
                v
            }),
        ];
        for (name, bytes) in cases {
            let mut stream = connect(addr);
            stream.write_all(&bytes).unwrap();
            assert!(
                read_frame(&mut stream).is_none(),
                "{name}: connection should close"
            );
            assert_serving(addr);
        }
        // A truncated Metadata body: the header is fine, the body ends early.
        let mut stream = connect(addr);
        let mut full = encode_request(ApiKey::Metadata, 12, 3, &MetadataRequest::default());
        full.truncate(full.len() - 3);
        send_raw(&mut stream, &full);
        assert!(read_frame(&mut stream).is_none(), "truncated body");
        assert_serving(addr);
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_produce_with_acks_0_closes_the_connection() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    broker
        .broker()
        .create_topic("t", 1, 1, None, Default::default(), false)
        .unwrap();
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let records = raw::producer_batch(-1, -1, -1, false, 1, &[Bytes::from_static(b"v")]);
        let produce = |topic: &str| {
            raw::produce_request(None, topic, records.clone())
                .with_acks(0)
                .with_timeout_ms(1000)
        };
        // A good acks=0 produce gets no answer and the connection stays usable.
        let mut stream = connect(addr);
        send_raw(
            &mut stream,
            &encode_request(ApiKey::Produce, 7, 1, &produce("t")),
        );
        send_raw(
            &mut stream,
            &encode_request(ApiKey::Metadata, 12, 2, &MetadataRequest::default()),
        );
        let answer = read_frame(&mut stream).expect("metadata answered");
        assert_eq!(
            &answer[..4],
            &2i32.to_be_bytes(),
            "the produce was not answered"
        );
        // A failing one closes it.
        send_raw(
            &mut stream,
            &encode_request(ApiKey::Produce, 7, 3, &produce("missing")),
        );
        assert!(read_frame(&mut stream).is_none(), "connection left open");
        assert_serving(addr);
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

/// Fetch in every served version, over a raw socket: the batches come from the segment files
/// (sent with sendfile) inside a correctly framed response, an unknown partition gets its
/// error beside them, a byte budget cuts at whole batches, and a request pipelined behind the
/// fetch is answered after it on the same connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_serves_stored_batches_in_every_version() {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{FetchRequest, FetchResponse, TopicName};
    use kafka_protocol::records::RecordBatchDecoder;
    use rdkafka::producer::{FutureProducer, FutureRecord};

    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("log.segment.bytes", "4096")]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "zc", 2).await;
    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "0")
        .create()
        .unwrap();
    // One record per batch, enough for several 4 KiB segments on partition 0.
    for i in 0..60 {
        let value = format!("value-{i:03}-{}", "x".repeat(100));
        producer
            .send(
                FutureRecord::<(), _>::to("zc")
                    .partition(i % 2)
                    .payload(&value),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    let values = |records: Option<Bytes>| -> Vec<String> {
        let mut bytes = records.unwrap_or_default();
        RecordBatchDecoder::decode_all(&mut bytes)
            .unwrap()
            .into_iter()
            .flat_map(|set| set.records)
            .map(|r| String::from_utf8(r.value.unwrap().to_vec()).unwrap()[..9].to_string())
            .collect()
    };
    let expected = |p: usize, from: usize| -> Vec<String> {
        (from..30)
            .map(|k| format!("value-{:03}", 2 * k + p))
            .collect()
    };

    let mut stream = connect(broker.addr());
    for version in 4..=12i16 {
        let partition = |index: i32, offset: i64, max: i32| {
            FetchPartition::default()
                .with_partition(index)
                .with_fetch_offset(offset)
                .with_partition_max_bytes(max)
        };
        let request = FetchRequest::default()
            .with_replica_id(kafka_protocol::messages::BrokerId(-1))
            .with_max_wait_ms(100)
            .with_min_bytes(1)
            .with_max_bytes(1 << 20)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_static_str("zc")))
                .with_partitions(vec![
                    partition(0, 3, 1 << 20),
                    partition(7, 0, 1 << 20),
                    partition(1, 0, 300),
                ])]);
        // The fetch and a metadata request behind it, in one write.
        let mut both = Vec::new();
        for body in [
            encode_request(ApiKey::Fetch, version, 100 + version as i32, &request),
            encode_request(
                ApiKey::Metadata,
                12,
                200 + version as i32,
                &MetadataRequest::default(),
            ),
        ] {
            both.extend_from_slice(&(body.len() as i32).to_be_bytes());
            both.extend_from_slice(&body);
        }
        stream.write_all(&both).unwrap();

        let mut frame = read_frame(&mut stream).expect("fetch answered");
        let header =
            ResponseHeader::decode(&mut frame, ApiKey::Fetch.response_header_version(version))
                .unwrap();
        assert_eq!(header.correlation_id, 100 + version as i32, "v{version}");
        let response = FetchResponse::decode(&mut frame, version).unwrap();
        assert!(
            !frame.has_remaining(),
            "v{version}: the frame holds exactly the response"
        );
        let parts = &response.responses[0].partitions;
        assert_eq!(parts.len(), 3, "v{version}");
        assert_eq!(parts[0].error_code, 0);
        assert_eq!(parts[0].high_watermark, 30, "v{version}");
        assert_eq!(
            values(parts[0].records.clone()),
            expected(0, 3),
            "v{version}: across segments"
        );
        assert_eq!(
            parts[1].error_code, 3,
            "v{version}: UNKNOWN_TOPIC_OR_PARTITION"
        );
        // A 300-byte budget holds one of partition 1's ~170-byte batches, not two.
        assert_eq!(
            values(parts[2].records.clone()),
            expected(1, 0)[..1],
            "v{version}: whole batches"
        );

        let mut frame = read_frame(&mut stream).expect("metadata answered after the fetch");
        let header =
            ResponseHeader::decode(&mut frame, ApiKey::Metadata.response_header_version(12))
                .unwrap();
        assert_eq!(header.correlation_id, 200 + version as i32);
        MetadataResponse::decode(&mut frame, 12).unwrap();
    }
    broker.shutdown().await;
}

/// A partition kt cannot serve is answered as Kafka 3.9 answers it, byte for byte, in every Fetch
/// version kt advertises: the frame after its header is kafka-protocol's encoding of Kafka's
/// answer. Above all its records are empty, not null: librdkafka 2.0 drops a whole answer holding
/// a null one (`invalid MessageSetSize -1`), so a consumer never got its offset reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_answers_failed_partitions_as_kafka_does_in_every_advertised_version() {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
    use kafka_protocol::messages::{BrokerId, FetchRequest, FetchResponse, TopicName};
    use rdkafka::producer::{FutureProducer, FutureRecord};

    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "fe", 2).await;
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for partition in [0, 1] {
        producer
            .send(
                FutureRecord::<(), _>::to("fe")
                    .partition(partition)
                    .payload("v"),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }

    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut stream = connect(addr);
        send_raw(
            &mut stream,
            &encode_request(ApiKey::ApiVersions, 3, 1, &ApiVersionsRequest::default()),
        );
        let mut frame = read_frame(&mut stream).unwrap();
        ResponseHeader::decode(&mut frame, 0).unwrap();
        let versions = ApiVersionsResponse::decode(&mut frame, 3).unwrap();
        let fetch = versions
            .api_keys
            .iter()
            .find(|k| k.api_key == ApiKey::Fetch as i16)
            .expect("Fetch advertised");

        let name = |s: &'static str| TopicName(StrBytes::from_static_str(s));
        let wanted = |index: i32, offset: i64| {
            FetchPartition::default()
                .with_partition(index)
                .with_fetch_offset(offset)
                .with_partition_max_bytes(1 << 20)
        };
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(5000)
            .with_min_bytes(1)
            .with_max_bytes(1 << 20)
            .with_topics(vec![
                FetchTopic::default()
                    .with_topic(name("fe"))
                    .with_partitions(vec![
                        // Past the log end (1), below the log start (0), a partition not there.
                        wanted(0, 5),
                        wanted(1, -1),
                        wanted(7, 0),
                    ]),
                FetchTopic::default()
                    .with_topic(name("no-such-topic"))
                    .with_partitions(vec![wanted(0, 0)]),
            ]);
        // Kafka's answer (from its sources): every offset -1, no preferred replica, empty records;
        // aborted transactions null when the read failed (ReplicaManager.createLogReadResult), an
        // empty list when its metadata lacks the partition (FetchResponse.partitionResponse).
        let answer = |index: i32, error: i16, metadata: bool| {
            PartitionData::default()
                .with_partition_index(index)
                .with_error_code(error)
                .with_high_watermark(-1)
                .with_last_stable_offset(-1)
                .with_log_start_offset(-1)
                .with_aborted_transactions(metadata.then(Vec::new))
                .with_preferred_read_replica(BrokerId(-1))
                .with_records(Some(Bytes::new()))
        };
        const OUT_OF_RANGE: i16 = 1;
        const UNKNOWN: i16 = 3;
        let expected = FetchResponse::default().with_responses(vec![
            FetchableTopicResponse::default()
                .with_topic(name("fe"))
                .with_partitions(vec![
                    answer(0, OUT_OF_RANGE, false),
                    answer(1, OUT_OF_RANGE, false),
                    answer(7, UNKNOWN, true),
                ]),
            FetchableTopicResponse::default()
                .with_topic(name("no-such-topic"))
                .with_partitions(vec![answer(0, UNKNOWN, true)]),
        ]);

        assert!(
            fetch.min_version <= 4 && fetch.max_version >= 12,
            "{fetch:?}"
        );
        for version in fetch.min_version..=fetch.max_version {
            let correlation = 100 + version as i32;
            send_raw(
                &mut stream,
                &encode_request(ApiKey::Fetch, version, correlation, &request),
            );
            let mut frame = read_frame(&mut stream).expect("fetch answered");
            let header =
                ResponseHeader::decode(&mut frame, ApiKey::Fetch.response_header_version(version))
                    .unwrap();
            assert_eq!(header.correlation_id, correlation, "v{version}");
            let mut want = BytesMut::new();
            expected.encode(&mut want, version).unwrap();
            assert_eq!(
                frame,
                want.freeze(),
                "v{version}: the bytes Kafka would send"
            );
        }
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

/// A consumer that asks for a large fetch and then stops reading leaves the broker stuck
/// sending; a shutdown must still finish promptly (the rest of that answer is abandoned).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_does_not_wait_for_a_client_that_stopped_reading() {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{FetchRequest, TopicName};
    use rdkafka::producer::{FutureProducer, FutureRecord};

    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "big", 1).await;
    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    // 32 MiB: more than the socket buffers on both sides can hold.
    let value = vec![b'x'; 512 * 1024];
    let sends: Vec<_> = (0..64)
        .map(|_| {
            producer.send(
                FutureRecord::<(), _>::to("big")
                    .partition(0)
                    .payload(&value),
                Duration::from_secs(30),
            )
        })
        .collect();
    for sent in futures::future::join_all(sends).await {
        sent.unwrap();
    }
    let request = FetchRequest::default()
        .with_replica_id(kafka_protocol::messages::BrokerId(-1))
        .with_max_wait_ms(100)
        .with_min_bytes(1)
        .with_max_bytes(64 << 20)
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_static_str("big")))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(0)
                .with_partition_max_bytes(64 << 20)])]);
    let mut stream = connect(broker.addr());
    send_raw(&mut stream, &encode_request(ApiKey::Fetch, 12, 1, &request));
    // Read only the first bytes, so the broker is mid-answer, then stop reading.
    let mut first = [0u8; 4];
    stream.read_exact(&mut first).unwrap();
    assert!(
        i32::from_be_bytes(first) > 30 << 20,
        "a large answer is on its way"
    );
    let stopped = tokio::time::timeout(Duration::from_secs(5), broker.shutdown()).await;
    assert!(
        stopped.is_ok(),
        "shutdown waited for a client that does not read"
    );
    drop(stream);
}

/// Found by benches/replication.sh: a broker stopping while a request waits (a fetch long-poll
/// here; an acks=all produce waiting for its ISR in the bench) abandons that answer, and must
/// not send the part it had begun, a size of 0 and the header: librdkafka fails the request's
/// batches for good on a frame of size 0 ("Invalid response size 0", BAD_MSG), where a closed
/// connection is retried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_broker_sends_no_half_made_answer() {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{FetchRequest, TopicName};
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    common::create_topic(&addr.to_string(), "quiet", 1).await;
    let request = FetchRequest::default()
        .with_replica_id(kafka_protocol::messages::BrokerId(-1))
        .with_max_wait_ms(20_000)
        .with_min_bytes(1)
        .with_max_bytes(1 << 20)
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_static_str("quiet")))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_partition_max_bytes(1 << 20)])]);
    let mut stream = connect(addr);
    send_raw(&mut stream, &encode_request(ApiKey::Fetch, 12, 5, &request));
    // The fetch is long-polling an empty partition when the broker stops.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reading = tokio::task::spawn_blocking(move || read_frame(&mut stream));
    broker.shutdown().await;
    // Either the connection closes without an answer, or a whole answer came first (the
    // fetch may end as the broker stops); never a frame of size 0.
    if let Some(mut frame) = reading.await.unwrap() {
        assert!(!frame.is_empty(), "a frame of size 0");
        let header =
            ResponseHeader::decode(&mut frame, ApiKey::Fetch.response_header_version(12)).unwrap();
        assert_eq!(header.correlation_id, 5);
    }
}
