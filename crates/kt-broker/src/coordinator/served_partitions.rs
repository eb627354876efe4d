//! The partitions of an internal topic a coordinator serves: the group coordinator's of
//! `__consumer_offsets` and the transaction coordinator's of `__transaction_state` follow the
//! same rules, kept here once. Standalone, the broker serves every partition from start-up
//! (`attach`); in ZooKeeper mode it serves those it leads, loading a partition when it is
//! elected its leader and unloading it when it resigns, as Kafka's coordinators follow
//! LeaderAndIsr through `onElection`/`onResignation`. A served partition's coordinator
//! epoch is its leader epoch at election.
//!
//! Locking: the set is an `Arc` replaced whole at each change, behind an `RwLock` that is a
//! leaf (held only to clone or swap the `Arc`, never while another lock is taken, a replay
//! runs or I/O happens), so a reader works on one consistent copy and may take any lock
//! after. `attach`, `elect` and `resign` check and then change the set in separate steps: they
//! are called by one caller at a time (start-up or the topic's creation standalone; the
//! cluster view's install lock in ZooKeeper mode).

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use kafka_protocol::error::ResponseError;
use tokio::sync::Notify;

use kt_storage::PartitionLog;

use super::{partition_of, GroupError};

/// A partition of a coordinator's internal topic (`__consumer_offsets` or
/// `__transaction_state`) as the coordinator works on it: the partition log it replays and
/// appends to, and the signal that wakes fetches waiting for data (consumers of the topic see
/// the coordinator's writes as soon as a producer's). The coordinator needs nothing else of
/// the broker's state.
#[derive(Clone)]
pub struct OffsetsPartition {
    /// The partition's index in its topic.
    pub index: i32,
    /// Its log.
    pub log: Arc<PartitionLog>,
    /// Notified after every append.
    pub appended: Arc<Notify>,
    /// The coordinator epoch: the partition's leader epoch when this broker began to lead
    /// it (0 on a standalone broker).
    pub epoch: i32,
}

/// Why a key's partition is not served here; each coordinator answers it with its own
/// error type, mapped to the same Kafka error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unserved {
    /// The topic is not attached yet (COORDINATOR_NOT_AVAILABLE).
    NotAttached,
    /// This broker leads the partition and is replaying it (COORDINATOR_LOAD_IN_PROGRESS).
    Loading,
    /// Another broker coordinates the partition (NOT_COORDINATOR).
    NotCoordinator,
}

impl From<Unserved> for GroupError {
    fn from(unserved: Unserved) -> Self {
        match unserved {
            Unserved::NotAttached => GroupError::CoordinatorNotAvailable,
            Unserved::Loading => GroupError::CoordinatorLoadInProgress,
            Unserved::NotCoordinator => GroupError::NotCoordinator,
        }
    }
}

impl From<Unserved> for ResponseError {
    fn from(unserved: Unserved) -> Self {
        GroupError::from(unserved).response_error()
    }
}

/// One consistent copy of what a coordinator serves, once its topic exists.
#[derive(Clone, Default)]
pub struct Served {
    /// Loaded partitions, by index: their keys are in memory and served.
    partitions: Vec<OffsetsPartition>,
    /// Partitions this broker leads whose replay is under way.
    loading: BTreeSet<i32>,
    /// The topic's partition count, which keys hash onto.
    count: i32,
}

impl Served {
    /// The topic's partition count (at least 1).
    pub fn count(&self) -> i32 {
        self.count
    }

    /// The partition that holds `key`, as Kafka computes it.
    pub fn partition_of(&self, key: &str) -> i32 {
        partition_of(key, self.count)
    }

    /// The loaded partitions, by index.
    pub fn partitions(&self) -> &[OffsetsPartition] {
        &self.partitions
    }

    /// The partition that holds `key` if it is served here, else why not.
    pub fn partition_for(&self, key: &str) -> Result<OffsetsPartition, Unserved> {
        let index = self.partition_of(key);
        if self.loading.contains(&index) {
            return Err(Unserved::Loading);
        }
        self.partitions
            .iter()
            .find(|p| p.index == index)
            .cloned()
            .ok_or(Unserved::NotCoordinator)
    }

    fn holds(&self, index: i32) -> bool {
        self.partitions.iter().any(|p| p.index == index)
    }
}

/// The partitions of its internal topic a coordinator serves (see the module's doc).
#[derive(Default)]
pub struct CoordinatorPartitions {
    /// `None` until the topic is attached or its partition count known.
    slot: RwLock<Option<Arc<Served>>>,
}

impl CoordinatorPartitions {
    /// Nothing served until the topic is attached.
    pub fn new() -> Self {
        Self::default()
    }

    /// What is served now; `None` while the topic is not attached.
    pub fn served(&self) -> Option<Arc<Served>> {
        self.slot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether the topic is attached (the coordinator answers for it).
    pub fn is_ready(&self) -> bool {
        self.served().is_some()
    }

    /// Whether partition `index` is served here (and replayed).
    pub fn holds(&self, index: i32) -> bool {
        self.served().is_some_and(|s| s.holds(index))
    }

    /// The partition that holds `key` if it is served here, else why not.
    pub fn partition_for(&self, key: &str) -> Result<OffsetsPartition, Unserved> {
        self.served()
            .ok_or(Unserved::NotAttached)?
            .partition_for(key)
    }

    /// Replaces what is served with what `change` makes of it.
    fn update(&self, change: impl FnOnce(&mut Served)) {
        let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
        let mut next = slot.as_deref().cloned().unwrap_or_default();
        change(&mut next);
        *slot = Some(Arc::new(next));
    }

    /// The topic exists with `count` partitions (ZooKeeper mode): the coordinator answers
    /// for it, serving the partitions [`CoordinatorPartitions::elect`] gives it.
    pub fn set_partition_count(&self, count: i32) {
        let known = self.served().is_some_and(|s| s.count == count.max(1));
        if !known {
            self.update(|s| s.count = count.max(1));
        }
    }

    /// Serves all of the topic's `partitions` (a standalone broker, which leads them all)
    /// once `load` has replayed them. Returns whether they were loaded now: false when the
    /// topic was attached already.
    pub fn attach<E>(
        &self,
        partitions: Vec<OffsetsPartition>,
        count: i32,
        load: impl FnOnce(&[OffsetsPartition]) -> Result<(), E>,
    ) -> Result<bool, E> {
        if self.is_ready() {
            return Ok(false);
        }
        load(&partitions)?;
        self.update(|s| {
            s.partitions = partitions;
            s.count = count.max(1);
        });
        Ok(true)
    }

    /// This broker became the leader of `partition` (Kafka's `onElection`): it is marked
    /// loading (its keys answer COORDINATOR_LOAD_IN_PROGRESS), replayed by `load`, then
    /// served if the replay succeeded. A partition already served only takes the new
    /// coordinator epoch, and is not replayed. Returns whether `load` ran.
    pub fn elect<E: From<Unserved>>(
        &self,
        partition: OffsetsPartition,
        load: impl FnOnce(&OffsetsPartition) -> Result<(), E>,
    ) -> Result<bool, E> {
        let index = partition.index;
        let served = self.served().ok_or(Unserved::NotAttached)?;
        if let Some(held) = served.partitions.iter().find(|p| p.index == index) {
            if held.epoch != partition.epoch {
                self.update(|s| {
                    if let Some(p) = s.partitions.iter_mut().find(|p| p.index == index) {
                        p.epoch = partition.epoch;
                    }
                });
            }
            return Ok(false);
        }
        self.update(|s| {
            s.loading.insert(index);
        });
        let loaded = load(&partition);
        self.update(|s| {
            s.loading.remove(&index);
            if loaded.is_ok() {
                s.partitions.push(partition);
                s.partitions.sort_by_key(|p| p.index);
            }
        });
        loaded.map(|()| true)
    }

    /// This broker no longer leads partition `index` (Kafka's `onResignation`): it is no
    /// longer served. Returns the topic's partition count when it was served or loading, so
    /// the coordinator unloads the keys hashing to `index`; `None` when there is nothing to
    /// unload.
    pub fn resign(&self, index: i32) -> Option<i32> {
        let served = self.served()?;
        if !served.loading.contains(&index) && !served.holds(index) {
            return None;
        }
        self.update(|s| {
            s.loading.remove(&index);
            s.partitions.retain(|p| p.index != index);
        });
        Some(served.count)
    }
}
