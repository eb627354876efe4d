//! The transaction coordinator over a real broker state: transactions written to
//! `__transaction_state` come back after a reopen, fencing and timeouts, markers and what
//! read_committed consumers are shown, offsets committed in a transaction.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::BytesMut;
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};

use super::*;
use crate::coordinator::{OffsetCommit, OFFSETS_TOPIC};
use crate::Broker;

fn open(dir: &std::path::Path) -> Arc<Broker> {
    let broker = crate::test_support::open_broker(
        dir,
        &[
            ("offsets.topic.num.partitions", "3"),
            ("transaction.state.log.num.partitions", "5"),
            ("transaction.max.timeout.ms", "60000"),
        ],
    );
    if broker.topic(TXN_TOPIC).is_none() {
        broker
            .create_topic(TXN_TOPIC, -1, -1, None, BTreeMap::new(), false)
            .unwrap();
    }
    if broker.topic("t").is_none() {
        broker
            .create_topic("t", 2, 1, None, BTreeMap::new(), false)
            .unwrap();
    }
    broker.attach_txn_log().unwrap();
    broker.ensure_offsets_topic().unwrap();
    broker
}

fn ready(outcome: InitOutcome) -> (i64, i16) {
    match outcome {
        InitOutcome::Ready { producer_id, epoch } => (producer_id, epoch),
        InitOutcome::Fenced(job) => panic!("fenced: {job:?}"),
    }
}

fn tp(t: &str, p: i32) -> TopicPartition {
    (t.to_string(), p)
}

/// A transactional batch of `n` records as a producer sends it.
fn txn_batch(producer_id: i64, epoch: i16, first_seq: i32, n: usize) -> BytesMut {
    let records: Vec<Record> = (0..n)
        .map(|i| Record {
            transactional: true,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id,
            producer_epoch: epoch,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: first_seq + i as i32,
            timestamp: 1_000,
            key: None,
            value: Some(bytes::Bytes::from(format!("v{i}"))),
            headers: Default::default(),
        })
        .collect();
    let mut buf = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut buf, records.iter(), &options).unwrap();
    buf
}

/// A broker opened in `dir` where transactional id "tx" (producer id `producer_id`, epoch 0)
/// has ended a transaction over `partitions` with `result`: the decision is written, none of
/// its markers yet. Returns the broker, the producer id and epoch, and the markers' job.
fn decided_txn(
    dir: &std::path::Path,
    producer_id: i64,
    partitions: &[TopicPartition],
    result: TxnResult,
) -> (Arc<Broker>, i64, i16, MarkerJob) {
    let broker = open(dir);
    let txns = broker.txns();
    let (pid, epoch) = ready(
        txns.init_producer_id("tx", 30_000, None, Some(producer_id), 1)
            .unwrap(),
    );
    txns.add_partitions("tx", pid, epoch, partitions, 2)
        .unwrap();
    let job = txns.end_txn("tx", pid, epoch, result, 3).unwrap().unwrap();
    (broker, pid, epoch, job)
}

#[tokio::test]
async fn a_committed_transaction_is_complete_after_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, pid, epoch, job) = decided_txn(
        dir.path(),
        1000,
        &[tp("t", 0), tp("t", 1)],
        TxnResult::Commit,
    );
    let txns = broker.txns();
    assert_eq!((pid, epoch), (1000, 0));
    assert_eq!(job.partitions, vec![tp("t", 0), tp("t", 1)]);
    markers::run(&broker, &job).await.unwrap();
    let d = txns.describe("tx").unwrap();
    assert_eq!(d.state, TxnState::CompleteCommit);
    // A marker landed on each partition.
    for p in 0..2 {
        assert_eq!(broker.partition("t", p).unwrap().log.log_end_offset(), 1);
    }
    drop(broker);
    let broker = open(dir.path());
    let d = broker.txns().describe("tx").unwrap();
    assert_eq!(
        (d.producer_id, d.producer_epoch, d.state),
        (1000, 0, TxnState::CompleteCommit)
    );
    // The next producer with the id gets the next epoch.
    let (pid, epoch) = ready(
        broker
            .txns()
            .init_producer_id("tx", 30_000, None, None, 4)
            .unwrap(),
    );
    assert_eq!((pid, epoch), (1000, 1));
}

#[tokio::test]
async fn a_decided_transaction_found_at_start_up_gets_its_markers() {
    let dir = tempfile::tempdir().unwrap();
    // Decided, then the broker stops before any marker is written.
    let (broker, _, _, job) = decided_txn(dir.path(), 7, &[tp("t", 1)], TxnResult::Abort);
    drop(job);
    drop(broker);
    let broker = open(dir.path());
    let jobs = broker.txns().due_jobs(4);
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].result, TxnResult::Abort);
    assert_eq!(jobs[0].partitions, vec![tp("t", 1)]);
    // A second look while the writer is at it starts no second one.
    assert!(broker.txns().due_jobs(5).is_empty());
    markers::run(&broker, &jobs[0]).await.unwrap();
    assert_eq!(
        broker.txns().describe("tx").unwrap().state,
        TxnState::CompleteAbort
    );
    assert!(broker.txns().due_jobs(6).is_empty());
}

#[test]
fn a_new_producer_fences_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let txns = broker.txns();
    let (pid, old) = ready(
        txns.init_producer_id("tx", 30_000, None, Some(5), 1)
            .unwrap(),
    );
    let (_, new) = ready(txns.init_producer_id("tx", 30_000, None, None, 2).unwrap());
    assert_eq!(new, old + 1);
    assert_eq!(
        txns.add_partitions("tx", pid, old, &[tp("t", 0)], 3)
            .unwrap_err(),
        ResponseError::ProducerFenced
    );
    assert_eq!(
        txns.end_txn("tx", pid, old, TxnResult::Commit, 3)
            .unwrap_err(),
        ResponseError::ProducerFenced
    );
    assert_eq!(
        txns.add_partitions("tx", pid + 1, new, &[tp("t", 0)], 3)
            .unwrap_err(),
        ResponseError::InvalidProducerIdMapping
    );
    // The produce check says the same as Kafka's verification.
    assert_eq!(
        txns.verify("tx", pid, old, &tp("t", 0)),
        Some(Err(ResponseError::ProducerFenced))
    );
    assert_eq!(
        txns.verify("tx", pid, new, &tp("t", 0)),
        Some(Err(ResponseError::InvalidTxnState))
    );
}

#[test]
fn bad_requests_get_kafkas_errors_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let txns = broker.txns();
    assert_eq!(
        txns.init_producer_id("tx", 60_001, None, Some(5), 1)
            .unwrap_err(),
        ResponseError::InvalidTransactionTimeout
    );
    assert_eq!(
        txns.init_producer_id("", 1000, None, Some(5), 1)
            .unwrap_err(),
        ResponseError::InvalidRequest
    );
    assert_eq!(
        txns.describe("tx").unwrap_err(),
        ResponseError::TransactionalIdNotFound
    );
    let (pid, epoch) = ready(txns.init_producer_id("tx", 1000, None, Some(5), 1).unwrap());
    // EndTxn without a transaction.
    assert_eq!(
        txns.end_txn("tx", pid, epoch, TxnResult::Commit, 2)
            .unwrap_err(),
        ResponseError::InvalidTxnState
    );
    assert_eq!(txns.describe("tx").unwrap().state, TxnState::Empty);
    assert_eq!(
        txns.end_txn("unknown", pid, epoch, TxnResult::Commit, 2)
            .unwrap_err(),
        ResponseError::InvalidProducerIdMapping
    );
}

#[tokio::test]
async fn an_expired_transaction_is_aborted_and_its_producer_fenced() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let txns = broker.txns();
    let (pid, epoch) = ready(txns.init_producer_id("tx", 1000, None, Some(5), 1).unwrap());
    txns.add_partitions("tx", pid, epoch, &[tp("t", 0)], 10_000)
        .unwrap();
    assert!(txns.due_jobs(11_000).is_empty());
    let jobs = txns.due_jobs(11_001);
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        (jobs[0].result, jobs[0].producer_epoch),
        (TxnResult::Abort, epoch + 1)
    );
    markers::run(&broker, &jobs[0]).await.unwrap();
    assert_eq!(txns.describe("tx").unwrap().state, TxnState::CompleteAbort);
    assert_eq!(
        txns.end_txn("tx", pid, epoch, TxnResult::Commit, 11_002)
            .unwrap_err(),
        ResponseError::ProducerFenced
    );
    // The idle id expires after transactional.id.expiration.ms (7 days by default); its
    // completion was recorded at the wall clock's time.
    let completed = kt_base::clock::now_ms();
    txns.expire_ids(completed);
    assert!(txns.describe("tx").is_ok());
    txns.expire_ids(completed + 7 * 24 * 3_600_000);
    assert_eq!(
        txns.describe("tx").unwrap_err(),
        ResponseError::TransactionalIdNotFound
    );
}

#[tokio::test]
async fn read_committed_stops_at_open_transactions_and_learns_of_aborted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let partition = broker.partition("t", 0).unwrap();
    // Offsets 0-2: an aborted transaction; 3: its marker; 4-5: a committed one; 6: marker.
    broker.append(&partition, &txn_batch(9, 0, 0, 3)).unwrap();
    assert_eq!(partition.stable_view(0).unwrap().0, 0);
    broker
        .append_marker(&partition, 9, 0, 0, TxnResult::Abort, 2)
        .unwrap();
    let (lso, aborted) = partition.stable_view(0).unwrap();
    assert_eq!(lso, 4);
    assert_eq!(
        aborted
            .iter()
            .map(|a| (a.producer_id, a.first_offset, a.last_offset))
            .collect::<Vec<_>>(),
        vec![(9, 0, 3)]
    );
    broker.append(&partition, &txn_batch(9, 0, 3, 2)).unwrap();
    assert_eq!(partition.stable_view(0).unwrap().0, 4);
    broker
        .append_marker(&partition, 9, 0, 0, TxnResult::Commit, 3)
        .unwrap();
    let (lso, aborted) = partition.stable_view(4).unwrap();
    assert_eq!((lso, aborted.len()), (7, 0));
    // A fetch starting past the aborted range is not told of it.
    assert!(partition.stable_view(4).unwrap().1.is_empty());
    // After a restart the states are rebuilt from the log.
    broker.append(&partition, &txn_batch(9, 0, 5, 1)).unwrap();
    drop(partition);
    drop(broker);
    let broker = open(dir.path());
    let partition = broker.partition("t", 0).unwrap();
    let (lso, aborted) = partition.stable_view(0).unwrap();
    assert_eq!(lso, 7);
    assert_eq!(aborted.len(), 1);
    assert_eq!((aborted[0].first_offset, aborted[0].last_offset), (0, 3));
}

#[tokio::test]
async fn offsets_committed_in_a_transaction_are_visible_only_once_it_commits() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let groups = broker.groups();
    let index = groups.offsets_partition_of("g").unwrap();
    let offsets = broker.partition(OFFSETS_TOPIC, index).unwrap();
    let commit = |offset| OffsetCommit {
        topic: "t".into(),
        partition: 0,
        offset,
        leader_epoch: -1,
        metadata: None,
    };
    groups
        .commit_txn_offsets("g", 9, 0, "", -1, vec![commit(5)])
        .unwrap();
    let committed = |b: &Broker| {
        b.groups()
            .fetch_offsets("g", Some(vec![("t".into(), vec![0])]))[0]
            .offset
    };
    assert_eq!(committed(&broker), -1);
    broker
        .append_marker(&offsets, 9, 0, 0, TxnResult::Abort, 1)
        .unwrap();
    assert_eq!(committed(&broker), -1);
    groups
        .commit_txn_offsets("g", 9, 0, "", -1, vec![commit(7)])
        .unwrap();
    broker
        .append_marker(&offsets, 9, 0, 0, TxnResult::Commit, 2)
        .unwrap();
    assert_eq!(committed(&broker), 7);
    // An open transaction's offsets stay pending across a reopen; decided ones are replayed.
    groups
        .commit_txn_offsets("g", 10, 0, "", -1, vec![commit(9)])
        .unwrap();
    drop(offsets);
    drop(broker);
    let broker = open(dir.path());
    assert_eq!(committed(&broker), 7);
    let offsets = broker.partition(OFFSETS_TOPIC, index).unwrap();
    broker
        .append_marker(&offsets, 10, 0, 0, TxnResult::Commit, 3)
        .unwrap();
    assert_eq!(committed(&broker), 9);
    // A generation that is not the group's is refused.
    assert_eq!(
        broker
            .groups()
            .commit_txn_offsets("g", 11, 0, "", 3, vec![commit(1)])
            .unwrap_err(),
        crate::coordinator::GroupError::IllegalGeneration
    );
}

#[tokio::test]
async fn a_coordinator_elected_for_a_partition_finishes_its_decided_transaction_in_its_epoch() {
    let dir = tempfile::tempdir().unwrap();
    // Decided (PrepareCommit written) but the markers never written: the coordinator died.
    let (broker, pid, epoch, _) = decided_txn(dir.path(), 1000, &[tp("t", 0)], TxnResult::Commit);
    let txns = broker.txns();

    // The partition's next leader, in leader epoch 7, loads it as its coordinator.
    let next = TransactionCoordinator::new(txns.settings());
    let index = txns.partition_for("tx").unwrap();
    let partition = broker.partition(TXN_TOPIC, index).unwrap();
    let own = |epoch| OffsetsPartition {
        index,
        log: partition.log.clone(),
        appended: partition.appended.clone(),
        epoch,
    };
    assert!(matches!(
        next.describe("tx"),
        Err(ResponseError::CoordinatorNotAvailable)
    ));
    next.set_partition_count(5);
    assert!(matches!(
        next.describe("tx"),
        Err(ResponseError::NotCoordinator)
    ));
    next.elect(own(7)).unwrap();
    assert!(next.holds(index));
    assert_eq!(next.describe("tx").unwrap().state, TxnState::PrepareCommit);
    let jobs = next.due_jobs(4);
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0].result, TxnResult::Commit);
    assert_eq!(jobs[0].coordinator_epoch, 7, "markers carry the new epoch");
    assert_eq!(jobs[0].partitions, vec![tp("t", 0)]);

    // Markers of an older coordinator epoch are refused by the partition's leader once a
    // newer coordinator wrote one.
    let t0 = broker.partition("t", 0).unwrap();
    broker
        .append_marker(&t0, pid, epoch, 7, TxnResult::Commit, 5)
        .unwrap();
    next.complete(&jobs[0], 5).unwrap();
    assert_eq!(next.describe("tx").unwrap().state, TxnState::CompleteCommit);
    let zombie = broker.append_marker(&t0, pid, epoch, 6, TxnResult::Abort, 6);
    assert_eq!(
        zombie.unwrap_err().response_error(),
        ResponseError::TransactionCoordinatorFenced
    );

    // Resigning unloads it: the id is another broker's now.
    next.resign(index);
    assert!(!next.holds(index));
    assert!(matches!(
        next.describe("tx"),
        Err(ResponseError::NotCoordinator)
    ));
}
