//! Transactions against librdkafka's transactional producer and read_committed consumer:
//! committed records are read whole, aborted ones never, an open transaction holds
//! read_committed consumers back, offsets sent to a transaction count only once it commits,
//! a new producer fences the old one; and raw requests get Kafka's errors for bad input.

use crate::common;
use crate::common::raw;

use std::collections::BTreeSet;
use std::time::Duration;

use kafka_protocol::messages::{
    EndTxnRequest, FindCoordinatorRequest, InitProducerIdRequest, ProducerId, TransactionalId,
};
use kafka_protocol::protocol::StrBytes;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::{Offset, TopicPartitionList};

use crate::common::transactional::{
    isolated_reader, read_values, stable_offset_fetch, transactional_producer,
};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Sends `values` to `topic`, spread over `partitions`, and waits until they are written.
fn send(
    producer: &ThreadedProducer<rdkafka::producer::DefaultProducerContext>,
    topic: &str,
    partitions: i32,
    values: &[String],
) {
    for (i, v) in values.iter().enumerate() {
        producer
            .send(
                BaseRecord::<(), _>::to(topic)
                    .payload(v)
                    .partition(i as i32 % partitions),
            )
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(TIMEOUT).unwrap();
}

fn values(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}-{i}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn read_committed_sees_committed_transactions_whole_and_aborted_ones_never() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "payments", 2).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let producer = transactional_producer(&b, "payments-tx");
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "payments", 2, &values("committed", 10));
        producer.commit_transaction(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "payments", 2, &values("aborted", 10));
        producer.abort_transaction(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "payments", 2, &values("again", 6));
        producer.commit_transaction(TIMEOUT).unwrap();

        let committed = isolated_reader(&b, "payments", 2, "read_committed");
        let mut got = read_values(&committed, 16, TIMEOUT);
        // Anything more (an aborted record) would arrive now.
        got.extend(read_values(&committed, 1, Duration::from_millis(1500)));
        let want: BTreeSet<String> = values("committed", 10)
            .into_iter()
            .chain(values("again", 6))
            .collect();
        assert_eq!(got.len(), 16, "read_committed got {got:?}");
        assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want);

        // read_uncommitted sees the aborted records too (never the markers).
        let uncommitted = isolated_reader(&b, "payments", 2, "read_uncommitted");
        let all = read_values(&uncommitted, 26, TIMEOUT);
        assert_eq!(all.len(), 26, "read_uncommitted got {all:?}");
        assert_eq!(all.iter().filter(|v| v.starts_with("aborted")).count(), 10);
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_open_transaction_holds_read_committed_consumers_back_until_it_commits() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "ledger", 1).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let producer = transactional_producer(&b, "ledger-tx");
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "ledger", 1, &values("pending", 5));
        let committed = isolated_reader(&b, "ledger", 1, "read_committed");
        let uncommitted = isolated_reader(&b, "ledger", 1, "read_uncommitted");
        assert_eq!(read_values(&uncommitted, 5, TIMEOUT).len(), 5);
        assert!(read_values(&committed, 1, Duration::from_secs(2)).is_empty());
        producer.commit_transaction(TIMEOUT).unwrap();
        assert_eq!(read_values(&committed, 5, TIMEOUT), values("pending", 5));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn offsets_sent_to_a_transaction_are_committed_only_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    let addr = broker.addr();
    common::create_topic(&bootstrap, "input", 1).await;
    common::create_topic(&bootstrap, "output", 1).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = common::client(&b)
            .set("group.id", "copier")
            .set("enable.auto.commit", "false")
            .create()
            .unwrap();
        let producer = transactional_producer(&b, "copier-tx");
        producer.init_transactions(TIMEOUT).unwrap();
        let offsets = |o: i64| {
            let mut tpl = TopicPartitionList::new();
            tpl.add_partition_offset("input", 0, Offset::Offset(o))
                .unwrap();
            tpl
        };
        let committed = || {
            let mut tpl = TopicPartitionList::new();
            tpl.add_partition("input", 0);
            consumer
                .committed_offsets(tpl, TIMEOUT)
                .unwrap()
                .find_partition("input", 0)
                .unwrap()
                .offset()
        };
        let group = consumer.group_metadata().unwrap();

        producer.begin_transaction().unwrap();
        send(&producer, "output", 1, &values("first", 2));
        producer
            .send_offsets_to_transaction(&offsets(5), &group, TIMEOUT)
            .unwrap();
        producer.abort_transaction(TIMEOUT).unwrap();
        assert_eq!(committed(), Offset::Invalid);

        producer.begin_transaction().unwrap();
        send(&producer, "output", 1, &values("second", 2));
        producer
            .send_offsets_to_transaction(&offsets(7), &group, TIMEOUT)
            .unwrap();
        // While the transaction is open, a fetch that asks for stable offsets (as
        // read_committed consumers do) is told to retry; one that does not sees the old offset.
        assert_eq!(stable_offset_fetch(addr, "copier", "input", true), (-1, 88));
        assert_eq!(stable_offset_fetch(addr, "copier", "input", false), (-1, 0));
        producer.commit_transaction(TIMEOUT).unwrap();
        assert_eq!(committed(), Offset::Offset(7));
        assert_eq!(stable_offset_fetch(addr, "copier", "input", true), (7, 0));

        let out = isolated_reader(&b, "output", 1, "read_committed");
        assert_eq!(read_values(&out, 2, TIMEOUT), values("second", 2));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_producer_with_the_same_id_fences_the_old_one_and_aborts_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "orders", 1).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let zombie = transactional_producer(&b, "orders-tx");
        zombie.init_transactions(TIMEOUT).unwrap();
        zombie.begin_transaction().unwrap();
        send(&zombie, "orders", 1, &values("zombie", 3));

        let fresh = transactional_producer(&b, "orders-tx");
        fresh.init_transactions(TIMEOUT).unwrap();
        let error = zombie.commit_transaction(TIMEOUT).unwrap_err();
        let text = error.to_string();
        assert!(
            text.to_lowercase().contains("fenced"),
            "the old producer should be fenced: {text}"
        );
        fresh.begin_transaction().unwrap();
        send(&fresh, "orders", 1, &values("fresh", 2));
        fresh.commit_transaction(TIMEOUT).unwrap();

        let committed = isolated_reader(&b, "orders", 1, "read_committed");
        let mut got = read_values(&committed, 2, TIMEOUT);
        got.extend(read_values(&committed, 1, Duration::from_millis(1500)));
        assert_eq!(got, values("fresh", 2));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

fn txn_id(s: &str) -> TransactionalId {
    TransactionalId(StrBytes::from_string(s.to_string()))
}

/// A transactional batch of one record as a producer sends it.
fn txn_batch(producer_id: i64, epoch: i16) -> bytes::Bytes {
    raw::producer_batch(
        producer_id,
        epoch,
        0,
        true,
        1_000,
        &[bytes::Bytes::from_static(b"v")],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_transactional_requests_get_kafkas_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broker =
        common::start_broker(dir.path(), &[("transaction.state.log.num.partitions", "3")]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "t", 1).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut client = raw::Client::connect(addr);
        let found = client.call(
            3,
            &FindCoordinatorRequest::default()
                .with_key(StrBytes::from_static_str("bad-tx"))
                .with_key_type(1),
        );
        assert_eq!(found.error_code, 0);
        let init = client.call(
            3,
            &InitProducerIdRequest::default()
                .with_transactional_id(Some(txn_id("bad-tx")))
                .with_transaction_timeout_ms(60_000)
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1),
        );
        assert_eq!(init.error_code, 0);
        let (pid, epoch) = (init.producer_id, init.producer_epoch);

        // A timeout above transaction.max.timeout.ms (15 minutes).
        let too_long = client.call(
            3,
            &InitProducerIdRequest::default()
                .with_transactional_id(Some(txn_id("other-tx")))
                .with_transaction_timeout_ms(900_001)
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1),
        );
        assert_eq!(too_long.error_code, 50, "INVALID_TRANSACTION_TIMEOUT");

        // EndTxn without a transaction.
        let end = client.call(
            3,
            &EndTxnRequest::default()
                .with_transactional_id(txn_id("bad-tx"))
                .with_producer_id(pid)
                .with_producer_epoch(epoch)
                .with_committed(true),
        );
        assert_eq!(end.error_code, 48, "INVALID_TXN_STATE");

        // A transactional produce to a partition not added to the transaction.
        let produce = client.call(
            9,
            &raw::produce_request(Some("bad-tx"), "t", txn_batch(pid.0, epoch)),
        );
        let p = &produce.responses[0].partition_responses[0];
        assert_eq!(p.error_code, 48, "INVALID_TXN_STATE");
        assert_eq!(
            p.error_message.as_deref(),
            Some("Partition was not added to the transaction")
        );

        // A stale epoch after a new producer took the id.
        let again = client.call(
            3,
            &InitProducerIdRequest::default()
                .with_transactional_id(Some(txn_id("bad-tx")))
                .with_transaction_timeout_ms(60_000)
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1),
        );
        assert_eq!(again.producer_epoch, epoch + 1);
        let stale = client.call(
            3,
            &EndTxnRequest::default()
                .with_transactional_id(txn_id("bad-tx"))
                .with_producer_id(pid)
                .with_producer_epoch(epoch)
                .with_committed(false),
        );
        assert_eq!(stale.error_code, 90, "PRODUCER_FENCED");
        // Nothing was written to the partition.
        let produce_again = client.call(
            9,
            &raw::produce_request(Some("bad-tx"), "t", txn_batch(pid.0, epoch)),
        );
        assert_eq!(
            produce_again.responses[0].partition_responses[0].error_code, 47,
            "INVALID_PRODUCER_EPOCH for the fenced producer"
        );
    })
    .await
    .unwrap();
    let log_end = broker_log_end(dir.path());
    assert_eq!(log_end, 0, "a refused produce wrote nothing");
    broker.shutdown().await;
}

/// The size of partition t-0's active segment: nothing written leaves it empty.
fn broker_log_end(dir: &std::path::Path) -> u64 {
    std::fs::metadata(dir.join("logs/t-0/00000000000000000000.log"))
        .map(|m| m.len())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kt_console_consumer_reads_committed_records_only_with_read_committed() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "audit", 1).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let producer = transactional_producer(&b, "audit-tx");
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "audit", 1, &values("dropped", 3));
        producer.abort_transaction(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "audit", 1, &values("kept", 2));
        producer.commit_transaction(TIMEOUT).unwrap();
        let consume = |level: &str| {
            common::run_kt(
                [
                    "console-consumer",
                    "--bootstrap-server",
                    b.as_str(),
                    "--topic",
                    "audit",
                    "--from-beginning",
                    "--isolation-level",
                    level,
                    "--timeout-ms",
                    "3000",
                ],
                "",
            )
            .0
        };
        assert_eq!(consume("read_committed"), "kept-0\nkept-1\n");
        assert_eq!(
            consume("read_uncommitted"),
            "dropped-0\ndropped-1\ndropped-2\nkept-0\nkept-1\n"
        );
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
