//! The transaction coordinator: transactional ids, their producer ids and epochs, and the
//! transaction each has open, kept durable in the internal topic `__transaction_state` as
//! Kafka keeps them (`records`), driven by the pure state machine of `state`.
//!
//! A transactional id hashes onto a partition of `__transaction_state` with Java's
//! `String.hashCode` (as groups do onto `__consumer_offsets`); the leader of that partition
//! coordinates it. Standalone, the broker is that leader for every partition.
//!
//! Ending a transaction is two writes around the markers: `PrepareCommit`/`PrepareAbort` is
//! written (the decision, durable), then a COMMIT/ABORT control batch is written to every
//! partition of the transaction (`markers`), then `CompleteCommit`/`CompleteAbort`. A
//! transaction found prepared but not complete (after a restart, or a marker write that
//! failed) is completed by the timer task, as is the abort of a transaction past its
//! timeout.
//!
//! Lock order: `txns` → the `__transaction_state` partition log. `txns` is held for one
//! state change and the append that records it (a page-cache write), never across an
//! `.await`: markers are written with no lock held. The set of partitions served
//! (`coordinator::served_partitions`) is a leaf: its lock is never held while another is
//! taken.

pub mod markers;
pub mod records;
pub mod state;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use bytes::Bytes;
use kafka_protocol::error::ResponseError;
use kafka_protocol::records::RecordBatchDecoder;

use crate::coordinator::served_partitions::CoordinatorPartitions;
use crate::coordinator::{partition_of, write_to, OffsetsPartition};
use kt_base::config::TxnSettings;
pub use state::{InitStep, TopicPartition, TxnMetadata, TxnResult, TxnState};

/// The internal topic holding the transaction coordinator's state.
pub const TXN_TOPIC: &str = "__transaction_state";

/// The markers a decided transaction still needs written, and what to record once they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerJob {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub result: TxnResult,
    pub partitions: Vec<TopicPartition>,
    /// The leader epoch of the coordinator's partition of `__transaction_state`: partition
    /// leaders refuse markers from an older coordinator.
    pub coordinator_epoch: i32,
}

/// What InitProducerId ended in.
#[derive(Debug)]
pub enum InitOutcome {
    /// The producer id and epoch to answer with.
    Ready { producer_id: i64, epoch: i16 },
    /// An open transaction was fenced: abort it (write its markers, then complete it) and
    /// answer CONCURRENT_TRANSACTIONS.
    Fenced(MarkerJob),
}

/// A transaction as DescribeTransactions and ListTransactions report it.
#[derive(Debug, Clone)]
pub struct TxnDescription {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub state: TxnState,
    pub timeout_ms: i32,
    pub start_ms: i64,
    pub partitions: BTreeSet<TopicPartition>,
}

/// Transactional ids of this broker and their transactions.
pub struct TransactionCoordinator {
    txns: Mutex<HashMap<String, TxnMetadata>>,
    /// Ids whose markers are being written right now, so the timer does not start a second
    /// writer for them.
    in_flight: Mutex<HashSet<String>>,
    settings: TxnSettings,
    /// The partitions of `__transaction_state` served here.
    served: CoordinatorPartitions,
}

impl TransactionCoordinator {
    /// A coordinator with no ids; it serves once [`TransactionCoordinator::attach`] has given
    /// it `__transaction_state`.
    pub fn new(settings: &TxnSettings) -> Self {
        TransactionCoordinator {
            txns: Mutex::new(HashMap::new()),
            in_flight: Mutex::new(HashSet::new()),
            settings: settings.clone(),
            served: CoordinatorPartitions::new(),
        }
    }

    /// Whether `__transaction_state` is attached.
    pub fn is_ready(&self) -> bool {
        self.served.is_ready()
    }

    /// `__transaction_state` exists with `count` partitions (ZooKeeper mode): the coordinator
    /// answers for it, serving the partitions [`TransactionCoordinator::elect`] gives it.
    pub fn set_partition_count(&self, count: i32) {
        self.served.set_partition_count(count);
    }

    /// This broker became the leader of a partition of `__transaction_state` (Kafka's
    /// `onElection`): the transactional ids hashing to it are replayed and served, answering
    /// COORDINATOR_LOAD_IN_PROGRESS meanwhile. A transaction found decided but not complete
    /// is finished by the timer (its markers written with this coordinator's epoch); one
    /// left ongoing is aborted at its timeout. A partition already served only takes the
    /// new coordinator epoch.
    pub fn elect(&self, partition: OffsetsPartition) -> Result<(), ResponseError> {
        self.served.elect(partition, |partition| {
            tracing::info!(
                "Elected as the txn coordinator for partition {} at epoch {}",
                partition.index,
                partition.epoch
            );
            self.load(std::slice::from_ref(partition))
        })?;
        Ok(())
    }

    /// This broker no longer leads partition `index` of `__transaction_state` (Kafka's
    /// `onResignation`): its transactional ids leave memory, and their producers are told
    /// NOT_COORDINATOR and find the new coordinator, which finishes what is open.
    pub fn resign(&self, index: i32) {
        let Some(count) = self.served.resign(index) else {
            return;
        };
        let mut txns = self.lock();
        let before = txns.len();
        txns.retain(|id, _| partition_of(id, count) != index);
        let removed = before - txns.len();
        drop(txns);
        tracing::info!(
            "Resigned as the txn coordinator for partition {index}: unloaded {removed} transactional ids"
        );
    }

    /// The coordinator's settings.
    pub fn settings(&self) -> &TxnSettings {
        &self.settings
    }

    /// Whether this broker holds (and has replayed) partition `index` of the topic.
    pub fn holds(&self, index: i32) -> bool {
        self.served.holds(index)
    }

    /// Gives the coordinator every partition of `__transaction_state` (a standalone broker,
    /// which leads them all) and replays them.
    pub fn attach(
        &self,
        partitions: Vec<OffsetsPartition>,
        count: i32,
    ) -> Result<(), ResponseError> {
        self.served
            .attach(partitions, count, |all| self.load(all))?;
        Ok(())
    }

    /// Replays `partitions`: the last record of each transactional id is its state (a
    /// tombstone removes it). Their ids join those already served.
    fn load(&self, partitions: &[OffsetsPartition]) -> Result<(), ResponseError> {
        let mut loaded: HashMap<String, TxnMetadata> = HashMap::new();
        let mut records = 0usize;
        for partition in partitions {
            replay(partition, |key, value| {
                records += 1;
                let id = match records::decode_key(&key) {
                    Ok(id) => id,
                    Err(e) => {
                        tracing::warn!("skipping an unreadable {TXN_TOPIC} key: {e}");
                        return;
                    }
                };
                match value.map(|v| records::decode_value(&id, &v)) {
                    Some(Ok(m)) => {
                        // The previous producer id and epoch are not in v0 values: keep what
                        // the earlier records of this id said, as Kafka's load does not.
                        loaded.insert(id, m);
                    }
                    Some(Err(e)) => tracing::warn!("skipping an unreadable {TXN_TOPIC} value: {e}"),
                    None => {
                        loaded.remove(&id);
                    }
                }
            })?;
        }
        tracing::info!(
            "Loaded {} transactional ids from {records} records of {TXN_TOPIC}",
            loaded.len()
        );
        self.lock().extend(loaded);
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, TxnMetadata>> {
        self.txns.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The partition of `__transaction_state` that holds `id`, as Kafka computes it.
    pub fn partition_for(&self, id: &str) -> Option<i32> {
        self.served.served().map(|s| s.partition_of(id))
    }

    fn log_partition(&self, id: &str) -> Result<OffsetsPartition, ResponseError> {
        Ok(self.served.partition_for(id)?)
    }

    /// Records `m` in `__transaction_state` (a tombstone for `None`).
    fn write(&self, id: &str, m: Option<&TxnMetadata>) -> Result<(), ResponseError> {
        let partition = self.log_partition(id)?;
        let record = (records::encode_key(id), m.map(records::encode_value));
        // As Kafka: a coordinator that cannot write its log answers NOT_COORDINATOR, and the
        // client looks for the coordinator again.
        write_to(&partition, vec![record]).map_err(|_| ResponseError::NotCoordinator)
    }

    fn coordinator_epoch(&self, id: &str) -> i32 {
        self.log_partition(id).map(|p| p.epoch).unwrap_or(0)
    }

    /// Whether InitProducerId for `id` will need a new producer id: the id is unknown, or its
    /// epoch ran out. The caller allocates one before calling
    /// [`TransactionCoordinator::init_producer_id`] (allocation may wait on ZooKeeper).
    pub fn needs_producer_id(&self, id: &str) -> bool {
        match self.lock().get(id) {
            None => true,
            Some(m) => TxnMetadata::epoch_exhausted(m.producer_epoch),
        }
    }

    /// InitProducerId with a transactional id: creates the id or bumps its epoch, fencing
    /// the previous producer (an open transaction of it is aborted).
    pub fn init_producer_id(
        &self,
        id: &str,
        timeout_ms: i32,
        expected: Option<(i64, i16)>,
        new_producer_id: Option<i64>,
        now: i64,
    ) -> Result<InitOutcome, ResponseError> {
        if id.is_empty() {
            return Err(ResponseError::InvalidRequest);
        }
        if timeout_ms <= 0 || timeout_ms > self.settings.max_timeout_ms {
            return Err(ResponseError::InvalidTransactionTimeout);
        }
        self.log_partition(id)?;
        let mut txns = self.lock();
        let allocate = || new_producer_id.ok_or(ResponseError::CoordinatorLoadInProgress);
        let current = match txns.get(id) {
            Some(m) => m.clone(),
            None => TxnMetadata::new(id, allocate()?, timeout_ms, now),
        };
        match current.init_producer_id(timeout_ms, expected, now, allocate)? {
            InitStep::Write(next) => {
                self.write(id, Some(&next))?;
                let outcome = InitOutcome::Ready {
                    producer_id: next.producer_id,
                    epoch: next.producer_epoch,
                };
                tracing::info!(
                    "Initialized transactionalId {id} with producerId {} and producer epoch {} on partition {TXN_TOPIC}-{}",
                    next.producer_id,
                    next.producer_epoch,
                    self.partition_for(id).unwrap_or(-1)
                );
                txns.insert(id.to_string(), next);
                Ok(outcome)
            }
            InitStep::FenceAndAbort(next) => {
                self.write(id, Some(&next))?;
                let job = self.job(&next);
                txns.insert(id.to_string(), next);
                self.start(&job);
                Ok(InitOutcome::Fenced(job))
            }
        }
    }

    fn job(&self, m: &TxnMetadata) -> MarkerJob {
        MarkerJob {
            transactional_id: m.transactional_id.clone(),
            producer_id: m.producer_id,
            producer_epoch: m.producer_epoch,
            result: if m.state == TxnState::PrepareCommit {
                TxnResult::Commit
            } else {
                TxnResult::Abort
            },
            partitions: m.partitions.iter().cloned().collect(),
            coordinator_epoch: self.coordinator_epoch(&m.transactional_id),
        }
    }

    /// Marks a job's markers as being written; false if a writer is at it already.
    fn start(&self, job: &MarkerJob) -> bool {
        self.in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(job.transactional_id.clone())
    }

    /// Gives up a job whose markers could not all be written: the timer retries it.
    pub fn release(&self, job: &MarkerJob) {
        self.in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&job.transactional_id);
    }

    /// AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition).
    pub fn add_partitions(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
        partitions: &[TopicPartition],
        now: i64,
    ) -> Result<(), ResponseError> {
        if id.is_empty() {
            return Err(ResponseError::InvalidRequest);
        }
        self.log_partition(id)?;
        let mut txns = self.lock();
        let current = txns
            .get(id)
            .ok_or(ResponseError::InvalidProducerIdMapping)?;
        if let Some(next) = current.add_partitions(producer_id, epoch, partitions, now)? {
            self.write(id, Some(&next))?;
            txns.insert(id.to_string(), next);
        }
        Ok(())
    }

    /// Whether a transactional produce to `partition` was added to `id`'s transaction (the
    /// check Kafka's brokers make with the coordinator before appending). `None` when this
    /// broker does not coordinate `id` (the check is then left out).
    pub fn verify(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
        partition: &TopicPartition,
    ) -> Option<Result<(), ResponseError>> {
        self.log_partition(id).ok()?;
        let txns = self.lock();
        Some(match txns.get(id) {
            None => Err(ResponseError::InvalidProducerIdMapping),
            Some(m) => m.verify_partition(producer_id, epoch, partition),
        })
    }

    /// Whether `id` is a known transactional id whose producer is `producer_id` at `epoch`
    /// with a transaction open (TxnOffsetCommit's check).
    pub fn check_ongoing(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
    ) -> Result<(), ResponseError> {
        self.log_partition(id)?;
        let txns = self.lock();
        let m = txns
            .get(id)
            .ok_or(ResponseError::InvalidProducerIdMapping)?;
        if m.producer_id != producer_id {
            return Err(ResponseError::InvalidProducerIdMapping);
        }
        if m.producer_epoch != epoch {
            return Err(ResponseError::ProducerFenced);
        }
        Ok(())
    }

    /// EndTxn: decides the transaction. `Ok(None)` is a retry of a finished one.
    pub fn end_txn(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
        result: TxnResult,
        now: i64,
    ) -> Result<Option<MarkerJob>, ResponseError> {
        if id.is_empty() {
            return Err(ResponseError::InvalidRequest);
        }
        self.log_partition(id)?;
        let mut txns = self.lock();
        let current = txns
            .get(id)
            .ok_or(ResponseError::InvalidProducerIdMapping)?;
        let Some(next) = current.end(producer_id, epoch, result, now)? else {
            return Ok(None);
        };
        self.write(id, Some(&next))?;
        let job = self.job(&next);
        txns.insert(id.to_string(), next);
        self.start(&job);
        Ok(Some(job))
    }

    /// Records that every marker of `job` is written: the transaction is complete.
    pub fn complete(&self, job: &MarkerJob, now: i64) -> Result<(), ResponseError> {
        let id = &job.transactional_id;
        let mut txns = self.lock();
        let result = match txns.get(id) {
            Some(m)
                if m.state.is_prepared()
                    && m.producer_id == job.producer_id
                    && m.producer_epoch == job.producer_epoch =>
            {
                let next = m.complete(now);
                let written = self.write(id, Some(&next));
                if written.is_ok() {
                    txns.insert(id.clone(), next);
                }
                written
            }
            _ => Ok(()),
        };
        drop(txns);
        self.release(job);
        result
    }

    /// The work the timer finds at `now`: transactions past their timeout are decided for
    /// an abort (with a bumped epoch, fencing their producer), and every decided transaction
    /// without a marker writer gets one.
    pub fn due_jobs(&self, now: i64) -> Vec<MarkerJob> {
        let mut txns = self.lock();
        let timed_out: Vec<String> = txns
            .values()
            .filter(|m| m.timed_out(now))
            .map(|m| m.transactional_id.clone())
            .collect();
        for id in timed_out {
            let next = txns[&id].abort_on_timeout(now);
            match self.write(&id, Some(&next)) {
                Ok(()) => {
                    tracing::info!(
                        "Aborting transaction of transactionalId {id} (producerId {}): it ran past its timeout of {} ms",
                        next.producer_id,
                        next.timeout_ms
                    );
                    txns.insert(id, next);
                }
                Err(e) => tracing::warn!("aborting the timed-out transaction {id} failed: {e:?}"),
            }
        }
        let prepared: Vec<MarkerJob> = txns
            .values()
            .filter(|m| m.state.is_prepared())
            .map(|m| self.job(m))
            .collect();
        drop(txns);
        prepared.into_iter().filter(|job| self.start(job)).collect()
    }

    /// Removes ids idle longer than `transactional.id.expiration.ms` (a tombstone each).
    pub fn expire_ids(&self, now: i64) {
        let expiration = i64::from(self.settings.id_expiration_ms);
        let mut txns = self.lock();
        let expired: Vec<String> = txns
            .values()
            .filter(|m| m.expired(now, expiration))
            .map(|m| m.transactional_id.clone())
            .collect();
        for id in expired {
            if self.write(&id, None).is_ok() {
                tracing::info!("Removed expired transactional id {id}");
                txns.remove(&id);
            }
        }
    }

    /// One transactional id as DescribeTransactions reports it.
    pub fn describe(&self, id: &str) -> Result<TxnDescription, ResponseError> {
        if id.is_empty() {
            return Err(ResponseError::InvalidRequest);
        }
        self.log_partition(id)?;
        let txns = self.lock();
        let m = txns
            .get(id)
            .filter(|m| m.state != TxnState::Dead)
            .ok_or(ResponseError::TransactionalIdNotFound)?;
        Ok(describe(m))
    }

    /// Every transactional id this broker coordinates, sorted by id.
    pub fn list(&self) -> Vec<TxnDescription> {
        let mut all: Vec<TxnDescription> = self
            .lock()
            .values()
            .filter(|m| m.state != TxnState::Dead)
            .map(describe)
            .collect();
        all.sort_by(|a, b| a.transactional_id.cmp(&b.transactional_id));
        all
    }
}

fn describe(m: &TxnMetadata) -> TxnDescription {
    TxnDescription {
        transactional_id: m.transactional_id.clone(),
        producer_id: m.producer_id,
        producer_epoch: m.producer_epoch,
        state: m.state,
        timeout_ms: m.timeout_ms,
        start_ms: m.start_ms,
        partitions: m.partitions.clone(),
    }
}

/// Reads every record of a partition of `__transaction_state` from its start to its log end
/// (as Kafka's loading does: a new leader's high watermark may trail records it holds).
fn replay(
    partition: &OffsetsPartition,
    mut apply: impl FnMut(Bytes, Option<Bytes>),
) -> Result<(), ResponseError> {
    let log = &partition.log;
    let mut offset = log.log_start_offset();
    let end = log.log_end_offset();
    let storage = |e: String| {
        tracing::error!("reading {TXN_TOPIC}-{} failed: {e}", partition.index);
        ResponseError::CoordinatorNotAvailable
    };
    while offset < end {
        let slice = log
            .read_to_log_end(offset, 1 << 20)
            .map_err(|e| storage(e.to_string()))?;
        if slice.bytes.is_empty() {
            break;
        }
        let mut bytes = slice.bytes.clone();
        let sets =
            RecordBatchDecoder::decode_all(&mut bytes).map_err(|e| storage(e.to_string()))?;
        for set in sets {
            for record in set.records {
                if record.offset < offset {
                    continue;
                }
                offset = record.offset + 1;
                if let Some(key) = record.key {
                    apply(key, record.value);
                }
            }
        }
        let mut rest = &slice.bytes[..];
        while let Ok(header) = kt_storage::BatchHeader::parse(rest) {
            offset = offset.max(header.next_offset());
            rest = &rest[header.total_size().min(rest.len())..];
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
