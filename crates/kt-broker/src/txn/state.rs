//! The state machine of one transactional id, as Kafka 3.9's `TransactionMetadata` and
//! `TransactionCoordinator` run it, written as pure functions of the current metadata, the
//! request and the time (ms since the epoch): each returns the metadata to write to
//! `__transaction_state` (and to keep once written), or the error the client gets.
//!
//! ```text
//! Empty ──AddPartitions──▶ Ongoing ──EndTxn(commit)──▶ PrepareCommit ──markers──▶ CompleteCommit
//!   ▲                         │    ──EndTxn(abort)───▶ PrepareAbort  ──markers──▶ CompleteAbort
//!   └──InitProducerId─────────┘ (Ongoing: PrepareEpochFence, then abort with a bumped epoch)
//! ```
//!
//! PrepareEpochFence is, in Kafka, only a *pending* state held in memory between the fence
//! (InitProducerId during an open transaction, or its timeout) and the write of PrepareAbort
//! under the bumped epoch; Kafka never writes it to the log ("not a valid previous state for
//! any other state"). Here the fence and the PrepareAbort are one step
//! ([`InitStep::FenceAndAbort`], [`TxnMetadata::abort_on_timeout`]): if that write fails the
//! metadata is unchanged, and the next attempt bumps the same epoch to the same value, which is
//! what Kafka's `hasFailedEpochFence` achieves. The state is still decoded, for a log Kafka
//! wrote.

use std::collections::BTreeSet;

use kafka_protocol::error::ResponseError;

/// Where a transaction is; the numbers are Kafka's `TransactionStatus` bytes in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxnState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    Dead,
    PrepareEpochFence,
}

impl TxnState {
    /// The byte Kafka stores for the state.
    pub fn id(self) -> i8 {
        match self {
            TxnState::Empty => 0,
            TxnState::Ongoing => 1,
            TxnState::PrepareCommit => 2,
            TxnState::PrepareAbort => 3,
            TxnState::CompleteCommit => 4,
            TxnState::CompleteAbort => 5,
            TxnState::Dead => 6,
            TxnState::PrepareEpochFence => 7,
        }
    }

    /// The state stored as `id`.
    pub fn from_id(id: i8) -> Option<TxnState> {
        Some(match id {
            0 => TxnState::Empty,
            1 => TxnState::Ongoing,
            2 => TxnState::PrepareCommit,
            3 => TxnState::PrepareAbort,
            4 => TxnState::CompleteCommit,
            5 => TxnState::CompleteAbort,
            6 => TxnState::Dead,
            7 => TxnState::PrepareEpochFence,
            _ => return None,
        })
    }

    /// The name Kafka's tools and DescribeTransactions/ListTransactions show.
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Empty => "Empty",
            TxnState::Ongoing => "Ongoing",
            TxnState::PrepareCommit => "PrepareCommit",
            TxnState::PrepareAbort => "PrepareAbort",
            TxnState::CompleteCommit => "CompleteCommit",
            TxnState::CompleteAbort => "CompleteAbort",
            TxnState::Dead => "Dead",
            TxnState::PrepareEpochFence => "PrepareEpochFence",
        }
    }

    /// Whether markers are due (the transaction has decided and must be completed).
    pub fn is_prepared(self) -> bool {
        matches!(self, TxnState::PrepareCommit | TxnState::PrepareAbort)
    }
}

/// A partition of a transaction: topic and index.
pub type TopicPartition = (String, i32);

/// The stored metadata of one transactional id (Kafka's `TransactionMetadata`, the fields of
/// `TransactionLogValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnMetadata {
    pub transactional_id: String,
    pub producer_id: i64,
    /// The producer id before the last rotation (KIP-360), -1 when none.
    pub last_producer_id: i64,
    pub producer_epoch: i16,
    /// The epoch before the last bump, so a retried InitProducerId gets the same answer.
    pub last_producer_epoch: i16,
    pub timeout_ms: i32,
    pub state: TxnState,
    pub partitions: BTreeSet<TopicPartition>,
    /// When the current transaction began (-1 when none has).
    pub start_ms: i64,
    pub last_update_ms: i64,
}

/// Kafka's "no producer epoch".
pub const NO_EPOCH: i16 = -1;

/// The result a transaction ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxnResult {
    Commit,
    Abort,
}

/// What InitProducerId does with an id's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitStep {
    /// Write this metadata, then answer with its producer id and epoch.
    Write(TxnMetadata),
    /// A transaction is open: write this (its epoch bumped, state PrepareAbort), abort it,
    /// then answer CONCURRENT_TRANSACTIONS so the producer retries and gets a fresh epoch.
    FenceAndAbort(TxnMetadata),
}

impl TxnMetadata {
    /// A new id, not yet written: no epoch, state Empty.
    pub fn new(transactional_id: &str, producer_id: i64, timeout_ms: i32, now: i64) -> Self {
        TxnMetadata {
            transactional_id: transactional_id.to_string(),
            producer_id,
            last_producer_id: -1,
            producer_epoch: NO_EPOCH,
            last_producer_epoch: NO_EPOCH,
            timeout_ms,
            state: TxnState::Empty,
            partitions: BTreeSet::new(),
            start_ms: -1,
            last_update_ms: now,
        }
    }

    /// Whether the epoch can no longer be bumped: a new producer id is due (Kafka keeps one
    /// epoch in reserve for fencing).
    pub fn epoch_exhausted(epoch: i16) -> bool {
        epoch >= i16::MAX - 1
    }

    /// InitProducerId for this id (Kafka's `prepareInitProducerIdTransit`). `expected` is the
    /// producer id and epoch the client already has (KIP-360), `new_producer_id` allocates
    /// one when the epoch ran out.
    pub fn init_producer_id(
        &self,
        timeout_ms: i32,
        expected: Option<(i64, i16)>,
        now: i64,
        new_producer_id: impl FnOnce() -> Result<i64, ResponseError>,
    ) -> Result<InitStep, ResponseError> {
        let valid = |(pid, epoch): (i64, i16)| {
            self.producer_epoch == NO_EPOCH
                || pid == self.producer_id
                || (pid == self.last_producer_id && Self::epoch_exhausted(epoch))
        };
        if !expected.is_none_or(valid) {
            return Err(ResponseError::ProducerFenced);
        }
        match self.state {
            TxnState::PrepareAbort | TxnState::PrepareCommit => {
                Err(ResponseError::ConcurrentTransactions)
            }
            TxnState::Empty | TxnState::CompleteAbort | TxnState::CompleteCommit => {
                let mut next = self.clone();
                next.state = TxnState::Empty;
                next.timeout_ms = timeout_ms;
                next.partitions.clear();
                next.start_ms = -1;
                next.last_update_ms = now;
                if Self::epoch_exhausted(self.producer_epoch)
                    && expected.is_none_or(|(_, e)| e == self.producer_epoch)
                {
                    // Rotate to a new producer id, epoch 0.
                    next.last_producer_id = self.producer_id;
                    next.producer_id = new_producer_id()?;
                    next.last_producer_epoch = if expected.is_some() {
                        self.producer_epoch
                    } else {
                        NO_EPOCH
                    };
                    next.producer_epoch = 0;
                    return Ok(InitStep::Write(next));
                }
                let bumped = self.producer_epoch.wrapping_add(1).max(0);
                match expected {
                    None => {
                        next.producer_epoch = bumped;
                        next.last_producer_epoch = NO_EPOCH;
                    }
                    Some((_, e)) if self.producer_epoch == NO_EPOCH || e == self.producer_epoch => {
                        next.producer_epoch = bumped;
                        next.last_producer_epoch = self.producer_epoch;
                    }
                    // A retry of a bump whose answer was lost: the same answer again.
                    Some((_, e)) if e == self.last_producer_epoch => {}
                    Some(_) => return Err(ResponseError::ProducerFenced),
                }
                Ok(InitStep::Write(next))
            }
            TxnState::Ongoing => {
                // Fence the current producer: the open transaction is aborted under a bumped
                // epoch, which is never handed out; the retry bumps once more.
                let mut next = self.clone();
                next.producer_epoch = self.producer_epoch.saturating_add(1);
                next.last_producer_epoch = NO_EPOCH;
                next.state = TxnState::PrepareAbort;
                next.last_update_ms = now;
                Ok(InitStep::FenceAndAbort(next))
            }
            TxnState::Dead | TxnState::PrepareEpochFence => {
                Err(ResponseError::ConcurrentTransactions)
            }
        }
    }

    /// Checks the producer id and epoch of a request from the transaction's producer.
    fn check_producer(&self, producer_id: i64, epoch: i16) -> Result<(), ResponseError> {
        if producer_id != self.producer_id {
            Err(ResponseError::InvalidProducerIdMapping)
        } else if epoch != self.producer_epoch {
            Err(ResponseError::ProducerFenced)
        } else {
            Ok(())
        }
    }

    /// AddPartitionsToTxn (and AddOffsetsToTxn, which adds the group's partition of
    /// `__consumer_offsets`). `Ok(None)`: nothing to write, the partitions are in already.
    pub fn add_partitions(
        &self,
        producer_id: i64,
        epoch: i16,
        partitions: &[TopicPartition],
        now: i64,
    ) -> Result<Option<TxnMetadata>, ResponseError> {
        self.check_producer(producer_id, epoch)?;
        if self.state.is_prepared() {
            return Err(ResponseError::ConcurrentTransactions);
        }
        if self.state == TxnState::Ongoing && partitions.iter().all(|p| self.partitions.contains(p))
        {
            return Ok(None);
        }
        let mut next = self.clone();
        if self.state != TxnState::Ongoing {
            next.partitions.clear();
            next.start_ms = now;
        }
        next.state = TxnState::Ongoing;
        next.partitions.extend(partitions.iter().cloned());
        next.last_update_ms = now;
        Ok(Some(next))
    }

    /// Whether a transactional produce to `partition` belongs to this transaction (Kafka's
    /// verification of the partition with the coordinator).
    pub fn verify_partition(
        &self,
        producer_id: i64,
        epoch: i16,
        partition: &TopicPartition,
    ) -> Result<(), ResponseError> {
        self.check_producer(producer_id, epoch)?;
        if self.state.is_prepared() {
            return Err(ResponseError::ConcurrentTransactions);
        }
        if self.state == TxnState::Ongoing && self.partitions.contains(partition) {
            Ok(())
        } else {
            Err(ResponseError::InvalidTxnState)
        }
    }

    /// EndTxn from the client. `Ok(None)`: already done (a retry), answer success.
    pub fn end(
        &self,
        producer_id: i64,
        epoch: i16,
        result: TxnResult,
        now: i64,
    ) -> Result<Option<TxnMetadata>, ResponseError> {
        if producer_id != self.producer_id {
            return Err(ResponseError::InvalidProducerIdMapping);
        }
        if epoch != self.producer_epoch {
            return Err(ResponseError::ProducerFenced);
        }
        use TxnResult::*;
        match (self.state, result) {
            (TxnState::Ongoing, _) => {
                let mut next = self.clone();
                next.state = match result {
                    Commit => TxnState::PrepareCommit,
                    Abort => TxnState::PrepareAbort,
                };
                next.last_update_ms = now;
                Ok(Some(next))
            }
            (TxnState::CompleteCommit, Commit) | (TxnState::CompleteAbort, Abort) => Ok(None),
            (TxnState::PrepareCommit, Commit) | (TxnState::PrepareAbort, Abort) => {
                Err(ResponseError::ConcurrentTransactions)
            }
            _ => Err(ResponseError::InvalidTxnState),
        }
    }

    /// The metadata once every marker is written: CompleteCommit or CompleteAbort, no
    /// partitions.
    pub fn complete(&self, now: i64) -> TxnMetadata {
        let mut next = self.clone();
        next.state = match self.state {
            TxnState::PrepareCommit => TxnState::CompleteCommit,
            _ => TxnState::CompleteAbort,
        };
        next.partitions.clear();
        next.last_update_ms = now;
        next
    }

    /// Whether the open transaction ran past its timeout at `now`.
    pub fn timed_out(&self, now: i64) -> bool {
        self.state == TxnState::Ongoing && self.start_ms + i64::from(self.timeout_ms) < now
    }

    /// The abort the coordinator starts for a timed-out transaction: the epoch is bumped
    /// (so the zombie producer is fenced) unless it ran out, in which case it stays.
    pub fn abort_on_timeout(&self, now: i64) -> TxnMetadata {
        let mut next = self.clone();
        if !Self::epoch_exhausted(self.producer_epoch) {
            next.producer_epoch = self.producer_epoch + 1;
            next.last_producer_epoch = NO_EPOCH;
        }
        next.state = TxnState::PrepareAbort;
        next.last_update_ms = now;
        next
    }

    /// Whether an idle id has expired (`transactional.id.expiration.ms`): only one with no
    /// transaction open.
    pub fn expired(&self, now: i64, expiration_ms: i64) -> bool {
        matches!(
            self.state,
            TxnState::Empty | TxnState::CompleteCommit | TxnState::CompleteAbort
        ) && self.last_update_ms + expiration_ms <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(t: &str, p: i32) -> TopicPartition {
        (t.to_string(), p)
    }

    fn initialised() -> TxnMetadata {
        let m = TxnMetadata::new("tx", 7, 60_000, 0);
        match m
            .init_producer_id(60_000, None, 1, || unreachable!())
            .unwrap()
        {
            InitStep::Write(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_transaction_goes_empty_ongoing_prepare_complete() {
        let m = initialised();
        assert_eq!(
            (m.producer_id, m.producer_epoch, m.state),
            (7, 0, TxnState::Empty)
        );
        let m = m.add_partitions(7, 0, &[tp("a", 0)], 10).unwrap().unwrap();
        assert_eq!(m.state, TxnState::Ongoing);
        assert_eq!(m.start_ms, 10);
        // Adding the same partition again writes nothing.
        assert_eq!(m.add_partitions(7, 0, &[tp("a", 0)], 11).unwrap(), None);
        let m = m.add_partitions(7, 0, &[tp("b", 1)], 12).unwrap().unwrap();
        assert_eq!(m.partitions.len(), 2);
        assert_eq!(m.start_ms, 10);
        let m = m.end(7, 0, TxnResult::Commit, 20).unwrap().unwrap();
        assert_eq!(m.state, TxnState::PrepareCommit);
        // While markers are written, more work waits.
        assert_eq!(
            m.add_partitions(7, 0, &[tp("a", 0)], 21).unwrap_err(),
            ResponseError::ConcurrentTransactions
        );
        assert_eq!(
            m.end(7, 0, TxnResult::Commit, 21).unwrap_err(),
            ResponseError::ConcurrentTransactions
        );
        assert_eq!(
            m.end(7, 0, TxnResult::Abort, 21).unwrap_err(),
            ResponseError::InvalidTxnState
        );
        let m = m.complete(30);
        assert_eq!(m.state, TxnState::CompleteCommit);
        assert!(m.partitions.is_empty());
        // A retried EndTxn is answered with success.
        assert_eq!(m.end(7, 0, TxnResult::Commit, 31).unwrap(), None);
        assert_eq!(
            m.end(7, 0, TxnResult::Abort, 31).unwrap_err(),
            ResponseError::InvalidTxnState
        );
        // The next transaction starts afresh.
        let m = m.add_partitions(7, 0, &[tp("c", 0)], 40).unwrap().unwrap();
        assert_eq!(m.partitions.iter().collect::<Vec<_>>(), vec![&tp("c", 0)]);
        assert_eq!(m.start_ms, 40);
    }

    #[test]
    fn end_without_a_transaction_is_invalid_txn_state() {
        let m = initialised();
        assert_eq!(
            m.end(7, 0, TxnResult::Commit, 5).unwrap_err(),
            ResponseError::InvalidTxnState
        );
        assert_eq!(
            m.end(7, 0, TxnResult::Abort, 5).unwrap_err(),
            ResponseError::InvalidTxnState
        );
    }

    #[test]
    fn stale_epochs_and_other_producer_ids_are_refused() {
        let m = initialised();
        let m = match m
            .init_producer_id(60_000, None, 2, || unreachable!())
            .unwrap()
        {
            InitStep::Write(m) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(m.producer_epoch, 1);
        assert_eq!(
            m.add_partitions(7, 0, &[tp("a", 0)], 3).unwrap_err(),
            ResponseError::ProducerFenced
        );
        assert_eq!(
            m.add_partitions(8, 1, &[tp("a", 0)], 3).unwrap_err(),
            ResponseError::InvalidProducerIdMapping
        );
        assert_eq!(
            m.end(7, 0, TxnResult::Abort, 3).unwrap_err(),
            ResponseError::ProducerFenced
        );
    }

    #[test]
    fn init_during_a_transaction_fences_and_aborts_it() {
        let m = initialised();
        let m = m.add_partitions(7, 0, &[tp("a", 0)], 10).unwrap().unwrap();
        let fenced = match m
            .init_producer_id(60_000, None, 11, || unreachable!())
            .unwrap()
        {
            InitStep::FenceAndAbort(f) => f,
            other => panic!("{other:?}"),
        };
        assert_eq!(fenced.state, TxnState::PrepareAbort);
        assert_eq!(fenced.producer_epoch, 1);
        // The old producer is fenced.
        assert_eq!(
            fenced.end(7, 0, TxnResult::Commit, 12).unwrap_err(),
            ResponseError::ProducerFenced
        );
        // Once aborted, the retry gets the epoch after the fencing one.
        let done = fenced.complete(13);
        assert_eq!(done.state, TxnState::CompleteAbort);
        match done
            .init_producer_id(60_000, None, 14, || unreachable!())
            .unwrap()
        {
            InitStep::Write(m) => assert_eq!(m.producer_epoch, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kip_360_bumps_for_the_current_producer_and_fences_others() {
        let m = initialised();
        let bumped = match m.init_producer_id(60_000, Some((7, 0)), 2, || unreachable!()) {
            Ok(InitStep::Write(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!((bumped.producer_epoch, bumped.last_producer_epoch), (1, 0));
        // The same request retried (its answer lost) gets the same epoch.
        match bumped.init_producer_id(60_000, Some((7, 0)), 3, || unreachable!()) {
            Ok(InitStep::Write(m)) => assert_eq!(m.producer_epoch, 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            bumped
                .init_producer_id(60_000, Some((99, 0)), 3, || unreachable!())
                .unwrap_err(),
            ResponseError::ProducerFenced
        );
    }

    #[test]
    fn an_exhausted_epoch_rotates_the_producer_id() {
        let mut m = initialised();
        m.producer_epoch = i16::MAX - 1;
        match m.init_producer_id(60_000, None, 2, || Ok(42)).unwrap() {
            InitStep::Write(next) => {
                assert_eq!((next.producer_id, next.producer_epoch), (42, 0));
                assert_eq!(next.last_producer_id, 7);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn timeouts_abort_with_a_bumped_epoch_and_idle_ids_expire() {
        let m = initialised();
        let m = m
            .add_partitions(7, 0, &[tp("a", 0)], 1_000)
            .unwrap()
            .unwrap();
        assert!(!m.timed_out(61_000));
        assert!(m.timed_out(61_001));
        let aborting = m.abort_on_timeout(61_001);
        assert_eq!(aborting.state, TxnState::PrepareAbort);
        assert_eq!(aborting.producer_epoch, 1);
        assert!(!aborting.expired(i64::MAX / 2, 1000));
        let done = aborting.complete(62_000);
        assert!(!done.expired(62_999, 1000));
        assert!(done.expired(63_000, 1000));
    }

    #[test]
    fn verification_needs_the_partition_in_the_open_transaction() {
        let m = initialised();
        assert_eq!(
            m.verify_partition(7, 0, &tp("a", 0)).unwrap_err(),
            ResponseError::InvalidTxnState
        );
        let m = m.add_partitions(7, 0, &[tp("a", 0)], 1).unwrap().unwrap();
        assert!(m.verify_partition(7, 0, &tp("a", 0)).is_ok());
        assert_eq!(
            m.verify_partition(7, 0, &tp("a", 1)).unwrap_err(),
            ResponseError::InvalidTxnState
        );
        assert_eq!(
            m.verify_partition(7, 1, &tp("a", 0)).unwrap_err(),
            ResponseError::ProducerFenced
        );
    }

    #[test]
    fn state_bytes_round_trip() {
        for id in 0..8 {
            assert_eq!(TxnState::from_id(id).unwrap().id(), id);
        }
        assert_eq!(TxnState::from_id(8), None);
    }
}
