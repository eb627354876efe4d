//! Transactions across a kill -9: the broker loses its page-cache-only state and restarts
//! from its files (producer-state `.snapshot`s written at each roll, `.txnindex` files that
//! recovery resets and the producer-state replay rebuilds). read_committed consumers still
//! see the committed transactions only, and producers' epochs and sequences survive: a
//! retried batch is answered as a duplicate, a gap refused, a fenced epoch refused.

use crate::common;
use crate::common::raw;
use crate::common::{free_port, KtProcess};

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use kafka_protocol::messages::produce_response::PartitionProduceResponse;
use kafka_protocol::messages::{InitProducerIdRequest, ProducerId};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};

use crate::common::transactional::{isolated_reader, read_values};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Starts `kt server-start` on `port` over `dir`, its internal topics of one partition.
fn start_kt(dir: &Path, port: u16) -> KtProcess {
    let lines = format!(
        "log.dirs={}\ntransaction.state.log.num.partitions=1\noffsets.topic.num.partitions=1",
        dir.join("logs").display()
    );
    common::start_kt_server(dir, port, &lines)
}

/// An idempotent (non-transactional) batch of `count` records from sequence `seq`.
fn batch(producer_id: i64, epoch: i16, seq: i32, count: i32) -> bytes::Bytes {
    let values: Vec<bytes::Bytes> = (seq..seq + count)
        .map(|s| bytes::Bytes::from(format!("idem-{s}")))
        .collect();
    raw::producer_batch(producer_id, epoch, seq, false, 1_000, &values)
}

fn produce(addr: SocketAddr, records: bytes::Bytes) -> PartitionProduceResponse {
    let mut client = raw::Client::connect(addr);
    let response = client.call(9, &raw::produce_request(None, "t", records));
    response.responses[0].partition_responses[0].clone()
}

fn send(producer: &ThreadedProducer<rdkafka::producer::DefaultProducerContext>, prefix: &str) {
    for i in 0..10 {
        let value = format!("{prefix}-{i}");
        producer
            .send(BaseRecord::<(), _>::to("t").payload(&value).partition(0))
            .map_err(|(e, _)| e)
            .unwrap();
        // One batch per record, so the small segments roll inside the transactions.
        producer.flush(TIMEOUT).unwrap();
    }
}

fn read_all(bootstrap: &str, isolation: &str, want: usize) -> Vec<String> {
    let consumer = isolated_reader(bootstrap, "t", 1, isolation);
    let mut got = read_values(&consumer, want, Duration::from_secs(10));
    // Nothing more arrives (an aborted record would come after the wanted ones).
    got.extend(read_values(
        &consumer,
        usize::MAX,
        Duration::from_millis(500),
    ));
    got
}

#[test]
fn transactions_and_producer_state_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let addr: SocketAddr = bootstrap.parse().unwrap();
    let mut broker = start_kt(dir.path(), port);
    common::kt_create_topic(&bootstrap, "t", &["--config", "segment.bytes=600"]);

    // A first producer of the transactional id is fenced by a second (epoch 1), which
    // commits, aborts, then commits again.
    let producer = |id: &str| -> ThreadedProducer<rdkafka::producer::DefaultProducerContext> {
        common::client(&bootstrap)
            .set("transactional.id", id)
            .set("linger.ms", "0")
            .create()
            .unwrap()
    };
    let fenced = producer("tx");
    fenced.init_transactions(TIMEOUT).unwrap();
    drop(fenced);
    let tx = producer("tx");
    tx.init_transactions(TIMEOUT).unwrap();
    tx.begin_transaction().unwrap();
    send(&tx, "committed");
    tx.commit_transaction(TIMEOUT).unwrap();
    tx.begin_transaction().unwrap();
    send(&tx, "aborted");
    tx.abort_transaction(TIMEOUT).unwrap();
    tx.begin_transaction().unwrap();
    send(&tx, "again");
    tx.commit_transaction(TIMEOUT).unwrap();
    std::mem::forget(tx);

    // An idempotent producer writes sequences 0..2.
    let init = raw::Client::connect(addr).call(
        3,
        &InitProducerIdRequest::default()
            .with_transactional_id(None)
            .with_transaction_timeout_ms(60_000)
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1),
    );
    assert_eq!(init.error_code, 0);
    let pid = init.producer_id.0;
    let first = produce(addr, batch(pid, 0, 0, 3));
    assert_eq!(first.error_code, 0);

    // The transactional producer's id and epoch, from its batches in the log.
    let txn_pid = {
        let first = dir.path().join("logs/t-0/00000000000000000000.log");
        let first = first.to_string_lossy().to_string();
        let (out, err, code) = common::run_kt(["dump-log", "--files", first.as_str()], "");
        assert_eq!(code, 0, "{err}");
        let line = out
            .lines()
            .find(|l| l.contains("isTransactional: true"))
            .unwrap_or_else(|| panic!("no transactional batch in {out}"));
        let pid = line.split("producerId: ").nth(1).unwrap();
        let epoch = line.split("producerEpoch: ").nth(1).unwrap();
        assert!(epoch.starts_with("1 "), "{line}");
        pid.split(' ').next().unwrap().parse::<i64>().unwrap()
    };

    broker.kill_9();
    let snapshots = std::fs::read_dir(dir.path().join("logs/t-0"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".snapshot")
        })
        .count();
    assert!(
        snapshots > 0,
        "segment rolls write producer-state snapshots"
    );

    let _broker = start_kt(dir.path(), port);
    // The retried batch is a duplicate: answered with its first offset, not written again.
    let retry = produce(addr, batch(pid, 0, 0, 3));
    assert_eq!(
        (retry.error_code, retry.base_offset),
        (0, first.base_offset)
    );
    let gap = produce(addr, batch(pid, 0, 5, 1));
    assert_eq!(gap.error_code, 45, "OUT_OF_ORDER_SEQUENCE_NUMBER");
    let next = produce(addr, batch(pid, 0, 3, 2));
    assert_eq!(next.error_code, 0);
    assert_eq!(next.base_offset, first.base_offset + 3);
    let stale = produce(addr, batch(txn_pid, 0, 0, 1));
    assert_eq!(
        stale.error_code, 47,
        "INVALID_PRODUCER_EPOCH for the fenced epoch"
    );

    let idem: BTreeSet<String> = (0..5).map(|i| format!("idem-{i}")).collect();
    let mut want: BTreeSet<String> = (0..10)
        .flat_map(|i| [format!("committed-{i}"), format!("again-{i}")])
        .collect();
    want.extend(idem.iter().cloned());
    let committed = read_all(&bootstrap, "read_committed", want.len());
    assert_eq!(committed.len(), want.len(), "{committed:?}");
    assert_eq!(committed.into_iter().collect::<BTreeSet<_>>(), want);
    // The aborted records are in the log all the same.
    let all = read_all(&bootstrap, "read_uncommitted", want.len() + 10);
    assert_eq!(all.iter().filter(|v| v.starts_with("aborted-")).count(), 10);

    // The files as kafka-dump-log shows them: the rebuilt aborted transaction in a
    // `.txnindex`, producers in the snapshots, markers in the segments, and the
    // transactional id's metadata in `__transaction_state`.
    let files = |partition: &str, suffix: &str| -> String {
        let mut all: Vec<String> = std::fs::read_dir(dir.path().join("logs").join(partition))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        all.sort();
        all.join(",")
    };
    let dump = |extra: &[&str], files: String| -> String {
        let mut args = vec!["dump-log", "--files", files.as_str()];
        args.extend_from_slice(extra);
        let (out, err, code) = common::run_kt(args, "");
        assert_eq!(code, 0, "{err}");
        out
    };
    let txn_index = dump(&[], files("t-0", ".txnindex"));
    assert!(
        txn_index.contains(&format!("version: 0 producerId: {txn_pid} firstOffset: ")),
        "{txn_index}"
    );
    let snapshots = dump(&[], files("t-0", ".snapshot"));
    assert!(
        snapshots.contains(&format!("producerId: {txn_pid} producerEpoch: 1 ")),
        "{snapshots}"
    );
    let markers = dump(&["--deep-iteration"], files("t-0", ".log"));
    assert!(
        markers.contains("endTxnMarker: ABORT coordinatorEpoch: "),
        "{markers}"
    );
    assert!(
        markers.contains("endTxnMarker: COMMIT coordinatorEpoch: "),
        "{markers}"
    );
    let txn_log = dump(
        &["--transaction-log-decoder"],
        files("__transaction_state-0", ".log"),
    );
    assert!(
        txn_log.contains(&format!(
            "key: transaction_metadata::transactionalId=tx payload: producerId:{txn_pid},\
             producerEpoch:1,state=CompleteCommit,partitions=[],"
        )),
        "{txn_log}"
    );
}

/// A kill -9 in two phases of a transaction: one committed just before, one open (its
/// records written, no EndTxn). After the restart the committed one is read whole, the open
/// one holds read_committed readers back until its transactional id's next producer fences
/// it, which aborts it: it is then never read, and the new producer's transaction is.
#[test]
fn transactions_committed_or_open_at_a_kill_9_resolve_whole() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let mut broker = start_kt(dir.path(), port);
    common::kt_create_topic(&bootstrap, "t", &[]);
    let producer = |id: &str| -> ThreadedProducer<rdkafka::producer::DefaultProducerContext> {
        common::client(&bootstrap)
            .set("transactional.id", id)
            .set("linger.ms", "0")
            .create()
            .unwrap()
    };
    let done = producer("done-tx");
    done.init_transactions(TIMEOUT).unwrap();
    done.begin_transaction().unwrap();
    send(&done, "done");
    done.commit_transaction(TIMEOUT).unwrap();
    std::mem::forget(done);
    let open = producer("open-tx");
    open.init_transactions(TIMEOUT).unwrap();
    open.begin_transaction().unwrap();
    send(&open, "open");
    std::mem::forget(open);

    broker.kill_9();
    let _broker = start_kt(dir.path(), port);
    let committed: Vec<String> = (0..10).map(|i| format!("done-{i}")).collect();
    assert_eq!(read_all(&bootstrap, "read_committed", 10), committed);

    // The id's next producer fences the open transaction (aborting it) and commits its own.
    let next = producer("open-tx");
    next.init_transactions(TIMEOUT).unwrap();
    next.begin_transaction().unwrap();
    send(&next, "next");
    next.commit_transaction(TIMEOUT).unwrap();
    std::mem::forget(next);
    let mut want = committed;
    want.extend((0..10).map(|i| format!("next-{i}")));
    assert_eq!(read_all(&bootstrap, "read_committed", 20), want);
    let all = read_all(&bootstrap, "read_uncommitted", 30);
    assert_eq!(all.iter().filter(|v| v.starts_with("open-")).count(), 10);
}
