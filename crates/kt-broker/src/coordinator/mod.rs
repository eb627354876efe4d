//! The group coordinator: consumer groups (membership, rebalances) and their committed
//! offsets, kept durable in the internal topic `__consumer_offsets` as Kafka keeps them.
//!
//! Lock order (never the other way round): the `groups` map → one group → the offsets
//! topic's partition log. The map is held only to find or insert a group; a group's lock is
//! held for one state change and the append that records it (a page-cache write), never
//! across an `.await`: a JoinGroup or SyncGroup that must wait receives on a oneshot channel
//! after the lock is released. The set of partitions served (`served_partitions`) is a
//! leaf: its lock is never held while another is taken. Groups hash onto the partitions of
//! `__consumer_offsets` with Java's `String.hashCode`, so the layout is the one Kafka uses.

mod consumer_protocol;
pub mod group;
pub mod records;
pub mod served_partitions;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use kafka_protocol::error::ResponseError;
use kafka_protocol::records::{
    Compression, Record, RecordBatchDecoder, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use tokio::sync::Notify;

pub use consumer_protocol::{assigned_partitions, subscribed_topics};
use group::{Group, GroupLimits};
pub use group::{GroupState, JoinRequest, JoinResult, JoinedMember, Reply, SyncResult};
use records::{GroupValue, OffsetValue, RecordKey};
pub use served_partitions::OffsetsPartition;
use served_partitions::{CoordinatorPartitions, Served};

use kt_base::clock::now_ms;
use kt_base::config::GroupSettings;

/// The internal topic holding committed offsets and group metadata.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Why a group operation failed; each maps to the error code Kafka returns in that case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error("The coordinator is not aware of this member.")]
    UnknownMemberId,
    #[error("The provided generation id is not the current generation.")]
    IllegalGeneration,
    #[error("The group is rebalancing, so a rejoin is needed.")]
    RebalanceInProgress,
    #[error("The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.")]
    InconsistentGroupProtocol,
    #[error("The session timeout is not within the range allowed by the broker.")]
    InvalidSessionTimeout,
    #[error("The group member needs to have a valid member id before actually entering a consumer group.")]
    MemberIdRequired,
    #[error("The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.")]
    FencedInstanceId,
    #[error("The coordinator is not available.")]
    CoordinatorNotAvailable,
    #[error("This is not the correct coordinator.")]
    NotCoordinator,
    #[error("The coordinator is loading and hence can't process requests.")]
    CoordinatorLoadInProgress,
    #[error("The consumer group has reached its max size.")]
    GroupMaxSizeReached,
    #[error("The configured groupId is invalid.")]
    InvalidGroupId,
    #[error("The group id does not exist.")]
    GroupIdNotFound,
    #[error("The group is not empty.")]
    NonEmptyGroup,
    #[error("This server does not host this topic-partition.")]
    UnknownTopicOrPartition,
    #[error("The metadata field of the offset request was too large.")]
    OffsetMetadataTooLarge,
    #[error("The consumer group is actively subscribed to the topic.")]
    GroupSubscribedToTopic,
    #[error("Disk error when trying to access log file on the disk.")]
    Storage,
    #[error("Group authorization failed.")]
    GroupAuthorizationFailed,
    #[error("Topic authorization failed.")]
    TopicAuthorizationFailed,
}

impl GroupError {
    /// The Kafka error this failure is reported as.
    pub fn response_error(&self) -> ResponseError {
        match self {
            GroupError::UnknownMemberId => ResponseError::UnknownMemberId,
            GroupError::IllegalGeneration => ResponseError::IllegalGeneration,
            GroupError::RebalanceInProgress => ResponseError::RebalanceInProgress,
            GroupError::InconsistentGroupProtocol => ResponseError::InconsistentGroupProtocol,
            GroupError::InvalidSessionTimeout => ResponseError::InvalidSessionTimeout,
            GroupError::MemberIdRequired => ResponseError::MemberIdRequired,
            GroupError::FencedInstanceId => ResponseError::FencedInstanceId,
            GroupError::CoordinatorNotAvailable => ResponseError::CoordinatorNotAvailable,
            GroupError::NotCoordinator => ResponseError::NotCoordinator,
            GroupError::CoordinatorLoadInProgress => ResponseError::CoordinatorLoadInProgress,
            GroupError::GroupMaxSizeReached => ResponseError::GroupMaxSizeReached,
            GroupError::InvalidGroupId => ResponseError::InvalidGroupId,
            GroupError::GroupIdNotFound => ResponseError::GroupIdNotFound,
            GroupError::NonEmptyGroup => ResponseError::NonEmptyGroup,
            GroupError::UnknownTopicOrPartition => ResponseError::UnknownTopicOrPartition,
            GroupError::OffsetMetadataTooLarge => ResponseError::OffsetMetadataTooLarge,
            GroupError::GroupSubscribedToTopic => ResponseError::GroupSubscribedToTopic,
            // As Kafka's GroupMetadataManager: a group or offsets write that the log refuses
            // (its directory offline, KAFKA_STORAGE_ERROR) answers NOT_COORDINATOR, so the
            // client looks for the coordinator again instead of giving up.
            GroupError::Storage => ResponseError::NotCoordinator,
            GroupError::GroupAuthorizationFailed => ResponseError::GroupAuthorizationFailed,
            GroupError::TopicAuthorizationFailed => ResponseError::TopicAuthorizationFailed,
        }
    }

    /// The error code for a response.
    pub fn code(&self) -> i16 {
        self.response_error().code()
    }
}

/// The code of an optional error: 0 for none.
pub fn error_code(error: Option<GroupError>) -> i16 {
    error.map_or(0, |e| e.code())
}

/// One offset a client commits.
#[derive(Debug, Clone)]
pub struct OffsetCommit {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: Option<String>,
}

/// A committed offset as OffsetFetch and the tools report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommittedOffset {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
}

/// A group as ListGroups reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupListing {
    pub group_id: String,
    pub protocol_type: String,
    pub state: GroupState,
}

/// A member as DescribeGroups reports it.
#[derive(Debug, Clone)]
pub struct MemberDescription {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    /// Filled only while the group is Stable, as Kafka does.
    pub metadata: Bytes,
    pub assignment: Bytes,
}

/// A group as DescribeGroups reports it.
#[derive(Debug, Clone)]
pub struct GroupDescription {
    pub group_id: String,
    pub state: GroupState,
    pub protocol_type: String,
    /// The chosen protocol (assignor) while Stable; empty otherwise.
    pub protocol: String,
    pub members: Vec<MemberDescription>,
}

/// Consumer groups of this broker and their offsets.
pub struct GroupCoordinator {
    groups: Mutex<HashMap<String, Arc<Mutex<Group>>>>,
    limits: GroupLimits,
    settings: GroupSettings,
    /// The partitions of `__consumer_offsets` served here.
    served: CoordinatorPartitions,
    /// Woken when a group gains members, so the timer task starts ticking again.
    active: Notify,
    /// Offsets committed inside transactions not yet decided (TxnOffsetCommit), by producer
    /// id: they become visible when the COMMIT marker reaches their partition, and go at an
    /// ABORT. Held apart from the groups; never locked together with a group.
    pending_txn: Mutex<HashMap<i64, Vec<PendingTxnOffset>>>,
}

/// One offset committed inside a transaction, waiting for its marker.
#[derive(Debug, Clone)]
struct PendingTxnOffset {
    group: String,
    topic: String,
    partition: i32,
    value: OffsetValue,
}

/// How often the timer task checks session and rebalance deadlines while a group has
/// members: the precision of every group timeout.
pub const TICK: Duration = Duration::from_millis(50);

impl GroupCoordinator {
    /// A coordinator with no groups; offsets are written once [`GroupCoordinator::attach`]
    /// has given it `__consumer_offsets`.
    pub fn new(settings: &GroupSettings) -> Self {
        GroupCoordinator {
            groups: Mutex::new(HashMap::new()),
            limits: GroupLimits {
                min_session_timeout_ms: settings.min_session_timeout_ms,
                max_session_timeout_ms: settings.max_session_timeout_ms,
                initial_rebalance_delay: Duration::from_millis(
                    settings.initial_rebalance_delay_ms as u64,
                ),
                max_size: settings.max_size as usize,
            },
            settings: settings.clone(),
            served: CoordinatorPartitions::new(),
            active: Notify::new(),
            pending_txn: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `__consumer_offsets` is attached (the coordinator can serve groups).
    pub fn is_ready(&self) -> bool {
        self.served.is_ready()
    }

    /// `__consumer_offsets` exists with `count` partitions (ZooKeeper mode): the coordinator
    /// answers for it, serving the partitions it is given by [`GroupCoordinator::elect`].
    pub fn set_partition_count(&self, count: i32) {
        self.served.set_partition_count(count);
    }

    /// This broker became the leader of a partition of `__consumer_offsets` (Kafka's
    /// `onElection`): its groups and offsets are replayed and served from now on, answering
    /// COORDINATOR_LOAD_IN_PROGRESS meanwhile. A partition already served only takes the
    /// new coordinator epoch.
    pub fn elect(&self, partition: OffsetsPartition) -> Result<(), GroupError> {
        let index = partition.index;
        let started = std::time::Instant::now();
        let loaded = self.served.elect(partition, |partition| {
            tracing::info!(
                "Elected as the group coordinator for partition {index} in epoch {}",
                partition.epoch
            );
            self.load(std::slice::from_ref(partition))
        })?;
        if loaded {
            tracing::info!(
                "Finished loading offsets and group metadata from {OFFSETS_TOPIC}-{index} in {} milliseconds",
                started.elapsed().as_millis()
            );
        }
        Ok(())
    }

    /// This broker no longer leads partition `index` of `__consumer_offsets` (Kafka's
    /// `onResignation`): its groups and their offsets leave memory; their members are told
    /// NOT_COORDINATOR and find the new coordinator.
    pub fn resign(&self, index: i32) {
        let Some(count) = self.served.resign(index) else {
            return;
        };
        let removed: Vec<Arc<Mutex<Group>>> = {
            let mut groups = self.lock_groups();
            let ids: Vec<String> = groups
                .keys()
                .filter(|id| partition_of(id, count) == index)
                .cloned()
                .collect();
            ids.iter().filter_map(|id| groups.remove(id)).collect()
        };
        for entry in &removed {
            // Members waiting in a join or sync are answered (their channels close).
            lock(entry).mark_dead(now_ms());
        }
        self.lock_pending().retain(|_, list| {
            list.retain(|p| partition_of(&p.group, count) != index);
            !list.is_empty()
        });
        tracing::info!(
            "Resigned as the group coordinator for partition {index}: unloaded {} groups",
            removed.len()
        );
    }

    /// Gives the coordinator every partition of `__consumer_offsets` (a standalone broker,
    /// which leads them all) and replays them: every committed offset and group is back as
    /// it was last written.
    pub fn attach(&self, partitions: Vec<OffsetsPartition>, count: i32) -> Result<(), GroupError> {
        if self
            .served
            .attach(partitions, count, |all| self.load(all))?
        {
            self.active.notify_one();
        }
        Ok(())
    }

    /// Replays `partitions` into memory: their groups, committed offsets and offsets of
    /// undecided transactions join those already served.
    fn load(&self, partitions: &[OffsetsPartition]) -> Result<(), GroupError> {
        let mut offsets: HashMap<String, BTreeMap<(String, i32), OffsetValue>> = HashMap::new();
        let mut metadata: HashMap<String, Option<GroupValue>> = HashMap::new();
        let mut records = 0usize;
        let mut pending: HashMap<i64, Vec<PendingTxnOffset>> = HashMap::new();
        for partition in partitions {
            replay(partition, |item| {
                records += 1;
                let (key, value) = match item {
                    ReplayItem::Marker {
                        producer_id,
                        commit,
                    } => {
                        for p in pending.remove(&producer_id).unwrap_or_default() {
                            if commit {
                                offsets
                                    .entry(p.group)
                                    .or_default()
                                    .insert((p.topic, p.partition), p.value);
                            }
                        }
                        return;
                    }
                    ReplayItem::Transactional {
                        producer_id,
                        key,
                        value,
                    } => {
                        if let (
                            RecordKey::Offset {
                                group,
                                topic,
                                partition,
                            },
                            Some(Ok(value)),
                        ) = (key, value.map(|v| OffsetValue::decode(&v)))
                        {
                            pending
                                .entry(producer_id)
                                .or_default()
                                .push(PendingTxnOffset {
                                    group,
                                    topic,
                                    partition,
                                    value,
                                });
                        }
                        return;
                    }
                    ReplayItem::Record { key, value } => (key, value),
                };
                match key {
                    RecordKey::Offset {
                        group,
                        topic,
                        partition,
                    } => {
                        let group_offsets = offsets.entry(group).or_default();
                        match value.map(|v| OffsetValue::decode(&v)) {
                            Some(Ok(v)) => {
                                group_offsets.insert((topic, partition), v);
                            }
                            Some(Err(e)) => {
                                tracing::warn!("skipping an unreadable offset record: {e}")
                            }
                            None => {
                                group_offsets.remove(&(topic, partition));
                            }
                        }
                    }
                    RecordKey::Group { group } => match value.map(|v| GroupValue::decode(&v)) {
                        Some(Ok(v)) => {
                            metadata.insert(group, Some(v));
                        }
                        Some(Err(e)) => {
                            tracing::warn!("skipping an unreadable group record: {e}")
                        }
                        None => {
                            metadata.insert(group, None);
                        }
                    },
                }
            })?;
        }
        let now = Instant::now();
        let now_ms = now_ms();
        let mut groups = self.lock_groups();
        let before = groups.len();
        let mut ids: Vec<String> = offsets.keys().chain(metadata.keys()).cloned().collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let group_offsets = offsets.remove(&id).unwrap_or_default();
            let mut group = match metadata.remove(&id).flatten() {
                Some(value) => Group::restore(&id, value, now, now_ms),
                None if group_offsets.is_empty() => continue,
                None => Group::new(&id, now_ms),
            };
            group.offsets = group_offsets;
            groups.insert(id, Arc::new(Mutex::new(group)));
        }
        tracing::info!(
            "Loaded {} groups from {} records of {OFFSETS_TOPIC}",
            groups.len() - before,
            records
        );
        drop(groups);
        let mut all = self.lock_pending();
        for (producer, list) in pending {
            all.entry(producer).or_default().extend(list);
        }
        drop(all);
        self.active.notify_one();
        Ok(())
    }

    fn lock_groups(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Mutex<Group>>>> {
        self.groups.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn group(&self, id: &str) -> Option<Arc<Mutex<Group>>> {
        self.lock_groups().get(id).cloned()
    }

    fn group_or_new(&self, id: &str) -> Arc<Mutex<Group>> {
        self.lock_groups()
            .entry(id.to_string())
            .or_insert_with(|| Arc::new(Mutex::new(Group::new(id, now_ms()))))
            .clone()
    }

    fn partition_for(&self, group: &str) -> Result<OffsetsPartition, GroupError> {
        Ok(self.served.partition_for(group)?)
    }

    /// Whether this broker holds partition `index` of `__consumer_offsets` (and has
    /// replayed it).
    pub fn holds(&self, index: i32) -> bool {
        self.served.holds(index)
    }

    /// Appends records for one group to its partition of `__consumer_offsets`.
    fn write(&self, group: &str, records: Vec<(Bytes, Option<Bytes>)>) -> Result<(), GroupError> {
        write_to(&self.partition_for(group)?, records)
    }

    /// Rewrites each partition of `__consumer_offsets` that holds far more records than live
    /// keys: the live state (every group's metadata and committed offsets) is appended to a
    /// fresh segment and everything before it is deleted. This is what Kafka's log cleaner
    /// achieves for the topic, done from the coordinator's memory, which holds exactly the
    /// latest value of every key. The groups of the partition stay locked (in id order; no
    /// other path holds two group locks) from reading their state until the old records are
    /// gone, so no commit can slip between the copy and the deletion.
    pub fn compact(&self) {
        let Some(served) = self.served.served() else {
            return;
        };
        for partition in served.partitions() {
            let index = partition.index;
            let held = partition.log.log_end_offset() - partition.log.log_start_offset();
            if held < COMPACT_MIN_RECORDS || self.has_pending_txn(partition.index, &served) {
                continue;
            }
            let mut entries: Vec<(String, Arc<Mutex<Group>>)> = self
                .lock_groups()
                .iter()
                .filter(|(id, _)| served.partition_of(id) == index)
                .map(|(id, g)| (id.clone(), g.clone()))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let guards: Vec<std::sync::MutexGuard<'_, Group>> =
                entries.iter().map(|(_, g)| lock(g)).collect();
            let mut live: Vec<(Bytes, Option<Bytes>)> = Vec::new();
            for group in &guards {
                if group.state == GroupState::Dead {
                    continue;
                }
                if group.generation > 0 || !group.members.is_empty() {
                    let key = RecordKey::Group {
                        group: group.id.clone(),
                    };
                    live.push((key.encode(), Some(group.to_value().encode())));
                }
                for ((topic, p), value) in &group.offsets {
                    let key = RecordKey::Offset {
                        group: group.id.clone(),
                        topic: topic.clone(),
                        partition: *p,
                    };
                    live.push((key.encode(), Some(value.encode())));
                }
            }
            if held < COMPACT_MIN_RECORDS + 2 * live.len() as i64 {
                continue;
            }
            let rewritten = (|| -> Result<i64, GroupError> {
                let storage = |e: kt_storage::StorageError| {
                    tracing::error!("compacting {OFFSETS_TOPIC}-{index} failed: {e}");
                    GroupError::Storage
                };
                partition.log.force_roll().map_err(storage)?;
                let start = partition.log.log_end_offset();
                let mut live = live.into_iter().peekable();
                while live.peek().is_some() {
                    write_to(partition, live.by_ref().take(COMPACT_BATCH).collect())?;
                }
                partition
                    .log
                    .delete_records_before(start)
                    .map_err(storage)?;
                Ok(start)
            })();
            drop(guards);
            if let Ok(start) = rewritten {
                tracing::info!(
                    "Compacted {OFFSETS_TOPIC}-{index}: {held} records rewritten as {} from offset {start}",
                    partition.log.log_end_offset() - start
                );
            }
        }
    }

    /// Writes the group's metadata if a change asked for it (a completed rebalance).
    fn store_if_needed(&self, group: &mut Group) {
        if !group.needs_store {
            return;
        }
        group.needs_store = false;
        let key = RecordKey::Group {
            group: group.id.clone(),
        }
        .encode();
        if let Err(e) = self.write(&group.id, vec![(key, Some(group.to_value().encode()))]) {
            tracing::error!("storing the metadata of group {} failed: {e}", group.id);
        }
    }

    /// Handles a JoinGroup; a new group is created for a member without an id.
    pub fn join(&self, group_id: &str, req: JoinRequest) -> Reply<JoinResult> {
        if let Err(e) = check_group_id(group_id).and_then(|()| check_join_strings(&req)) {
            return Reply::Ready(JoinResult::error(&req.member_id, e));
        }
        let entry = if req.member_id.is_empty() {
            self.group_or_new(group_id)
        } else {
            match self.group(group_id) {
                Some(g) => g,
                None => {
                    return Reply::Ready(JoinResult::error(
                        &req.member_id,
                        GroupError::UnknownMemberId,
                    ))
                }
            }
        };
        let mut group = lock(&entry);
        tracing::debug!(
            "group {group_id}: JoinGroup from '{}' in state {} generation {}",
            req.member_id,
            group.state,
            group.generation
        );
        let reply = group.join(req, &self.limits, Instant::now(), now_ms());
        self.store_if_needed(&mut group);
        drop(group);
        self.active.notify_one();
        reply
    }

    /// Handles a SyncGroup.
    #[allow(clippy::too_many_arguments)]
    pub fn sync(
        &self,
        group_id: &str,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        protocol_type: Option<&str>,
        protocol_name: Option<&str>,
        assignments: Vec<(String, Bytes)>,
    ) -> Reply<SyncResult> {
        let found = check_group_id(group_id)
            .and_then(|()| self.group(group_id).ok_or(GroupError::UnknownMemberId));
        let entry = match found {
            Ok(entry) => entry,
            Err(e) => return Reply::Ready(SyncResult::error(e)),
        };
        let mut group = lock(&entry);
        tracing::debug!(
            "group {group_id}: SyncGroup from '{member_id}' for generation {generation} in state {} generation {}",
            group.state,
            group.generation
        );
        let reply = group.sync(
            member_id,
            instance,
            generation,
            protocol_type,
            protocol_name,
            assignments,
            Instant::now(),
            now_ms(),
        );
        self.store_if_needed(&mut group);
        reply
    }

    /// Handles a Heartbeat.
    pub fn heartbeat(
        &self,
        group_id: &str,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
    ) -> Result<(), GroupError> {
        let entry = self.group(group_id).ok_or(GroupError::UnknownMemberId)?;
        let mut group = lock(&entry);
        let result = group.heartbeat(member_id, instance, generation, Instant::now());
        tracing::debug!("group {group_id}: Heartbeat from '{member_id}' for generation {generation}: {result:?}");
        result
    }

    /// Handles a LeaveGroup: one result per leaving member.
    pub fn leave(
        &self,
        group_id: &str,
        members: &[(String, Option<String>)],
    ) -> Result<Vec<Result<(), GroupError>>, GroupError> {
        let Some(entry) = self.group(group_id) else {
            return Ok(members
                .iter()
                .map(|_| Err(GroupError::UnknownMemberId))
                .collect());
        };
        let mut group = lock(&entry);
        if group.state == GroupState::Dead {
            return Err(GroupError::CoordinatorNotAvailable);
        }
        let now = Instant::now();
        let results = members
            .iter()
            .map(|(member, instance)| {
                group.leave(member, instance.as_deref(), &self.limits, now, now_ms())
            })
            .collect();
        self.store_if_needed(&mut group);
        Ok(results)
    }

    /// Handles an OffsetCommit whose topics the caller has checked exist. Returns the
    /// result of each offset, or an error for the whole request.
    #[allow(clippy::too_many_arguments)]
    pub fn commit_offsets(
        &self,
        group_id: &str,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        retention_ms: i64,
        offsets: Vec<OffsetCommit>,
    ) -> Result<Vec<Result<(), GroupError>>, GroupError> {
        check_group_id(group_id)?;
        let entry = if generation < 0 {
            self.group_or_new(group_id)
        } else {
            self.group(group_id).ok_or(GroupError::IllegalGeneration)?
        };
        let mut group = lock(&entry);
        group.check_commit(member_id, instance, generation, Instant::now())?;
        let now = now_ms();
        let max_metadata = self.settings.offset_metadata_max_bytes as usize;
        let mut results = Vec::with_capacity(offsets.len());
        let mut records = Vec::new();
        let mut values = Vec::new();
        for commit in offsets {
            tracing::debug!(
                "group {group_id} commits {}-{} at {}",
                commit.topic,
                commit.partition,
                commit.offset
            );
            let metadata = commit.metadata.unwrap_or_default();
            if metadata.len() > max_metadata {
                results.push(Err(GroupError::OffsetMetadataTooLarge));
                continue;
            }
            let value = OffsetValue {
                offset: commit.offset,
                leader_epoch: commit.leader_epoch,
                metadata,
                commit_timestamp: now,
                expire_timestamp: if retention_ms > 0 {
                    now + retention_ms
                } else {
                    -1
                },
            };
            let key = RecordKey::Offset {
                group: group_id.to_string(),
                topic: commit.topic.clone(),
                partition: commit.partition,
            };
            records.push((key.encode(), Some(value.encode())));
            values.push(((commit.topic, commit.partition), value));
            results.push(Ok(()));
        }
        match self.write(group_id, records) {
            Ok(()) => {
                group.offsets.extend(values);
                Ok(results)
            }
            Err(e) => Ok(results.into_iter().map(|r| r.and(Err(e))).collect()),
        }
    }

    /// Committed offsets of a group: for the partitions asked for (-1 where none is
    /// committed), or every committed offset when `topics` is `None`.
    pub fn fetch_offsets(
        &self,
        group_id: &str,
        topics: Option<Vec<(String, Vec<i32>)>>,
    ) -> Vec<CommittedOffset> {
        let entry = self.group(group_id);
        let group = entry.as_ref().map(|e| lock(e));
        let stored = |topic: &str, partition: i32| {
            group
                .as_ref()
                .and_then(|g| g.offsets.get(&(topic.to_string(), partition)))
                .cloned()
        };
        match topics {
            Some(topics) => topics
                .into_iter()
                .flat_map(|(topic, partitions)| {
                    partitions
                        .into_iter()
                        .map(|p| committed(&topic, p, stored(&topic, p)))
                        .collect::<Vec<_>>()
                })
                .collect(),
            None => group
                .as_ref()
                .map(|g| {
                    g.offsets
                        .iter()
                        .map(|((t, p), v)| committed(t, *p, Some(v.clone())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Every group that is not dead, sorted by id.
    pub fn list_groups(&self) -> Vec<GroupListing> {
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        let mut listed: Vec<GroupListing> = groups
            .iter()
            .map(|g| {
                let g = lock(g);
                GroupListing {
                    group_id: g.id.clone(),
                    protocol_type: g.protocol_type.clone().unwrap_or_default(),
                    state: g.state,
                }
            })
            .filter(|g| g.state != GroupState::Dead)
            .collect();
        listed.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        listed
    }

    /// (groups that are not dead, committed offsets in them): Kafka's
    /// `GroupMetadataManager` `NumGroups` and `NumOffsets` gauges.
    pub fn gauge_counts(&self) -> (usize, usize) {
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        groups.iter().fold((0, 0), |(n, offsets), g| {
            let g = lock(g);
            match g.state {
                GroupState::Dead => (n, offsets),
                _ => (n + 1, offsets + g.offsets.len()),
            }
        })
    }

    /// A group's state and members; an unknown group reads as `Dead` with no members, as
    /// DescribeGroups answers before v6.
    pub fn describe_group(&self, group_id: &str) -> GroupDescription {
        let Some(entry) = self.group(group_id) else {
            return GroupDescription {
                group_id: group_id.to_string(),
                state: GroupState::Dead,
                protocol_type: String::new(),
                protocol: String::new(),
                members: Vec::new(),
            };
        };
        let g = lock(&entry);
        let stable = g.state == GroupState::Stable;
        let protocol = if stable {
            g.protocol_name.clone().unwrap_or_default()
        } else {
            String::new()
        };
        GroupDescription {
            group_id: g.id.clone(),
            state: g.state,
            protocol_type: g.protocol_type.clone().unwrap_or_default(),
            members: g
                .members
                .values()
                .map(|m| MemberDescription {
                    member_id: m.id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    metadata: if stable {
                        m.metadata(&protocol)
                    } else {
                        Bytes::new()
                    },
                    assignment: if stable {
                        m.assignment.clone()
                    } else {
                        Bytes::new()
                    },
                })
                .collect(),
            protocol,
        }
    }

    /// Deletes groups that have no members, with their offsets.
    pub fn delete_groups(&self, ids: &[String]) -> Vec<Result<(), GroupError>> {
        ids.iter().map(|id| self.delete_group(id)).collect()
    }

    fn delete_group(&self, id: &str) -> Result<(), GroupError> {
        let entry = self.group(id).ok_or(GroupError::GroupIdNotFound)?;
        let mut group = lock(&entry);
        // A member whose session ended a moment ago is gone even if the group timer has not
        // woken yet: the group is judged as it stands now, not as of the timer's last run.
        self.drive_timeouts(&mut group, Instant::now(), now_ms());
        match group.state {
            GroupState::Dead => return Err(GroupError::GroupIdNotFound),
            GroupState::Empty => {}
            _ => return Err(GroupError::NonEmptyGroup),
        }
        let mut records: Vec<(Bytes, Option<Bytes>)> = group
            .offsets
            .keys()
            .map(|(topic, partition)| {
                let key = RecordKey::Offset {
                    group: id.to_string(),
                    topic: topic.clone(),
                    partition: *partition,
                };
                (key.encode(), None)
            })
            .collect();
        records.push((
            RecordKey::Group {
                group: id.to_string(),
            }
            .encode(),
            None,
        ));
        self.write(id, records)?;
        group.mark_dead(now_ms());
        drop(group);
        self.lock_groups().remove(id);
        tracing::info!("Group {id} deleted");
        Ok(())
    }

    /// Deletes committed offsets of a group for partitions it does not consume.
    pub fn delete_offsets(
        &self,
        group_id: &str,
        partitions: &[(String, i32)],
    ) -> Result<Vec<Result<(), GroupError>>, GroupError> {
        let entry = self.group(group_id).ok_or(GroupError::GroupIdNotFound)?;
        let mut group = lock(&entry);
        let subscribed = match group.state {
            GroupState::Dead => return Err(GroupError::GroupIdNotFound),
            GroupState::Empty => Default::default(),
            _ => group.subscribed_topics().ok_or(GroupError::NonEmptyGroup)?,
        };
        let mut results = Vec::with_capacity(partitions.len());
        let mut records = Vec::new();
        let mut removed = Vec::new();
        for (topic, partition) in partitions {
            if subscribed.contains(topic) {
                results.push(Err(GroupError::GroupSubscribedToTopic));
                continue;
            }
            let tp = (topic.clone(), *partition);
            if group.offsets.contains_key(&tp) {
                let key = RecordKey::Offset {
                    group: group_id.to_string(),
                    topic: topic.clone(),
                    partition: *partition,
                };
                records.push((key.encode(), None));
                removed.push(tp);
            }
            results.push(Ok(()));
        }
        self.write(group_id, records)?;
        for tp in removed {
            group.offsets.remove(&tp);
        }
        Ok(results)
    }

    fn lock_pending(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Vec<PendingTxnOffset>>> {
        self.pending_txn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether offsets of an undecided transaction wait in partition `index`: a rewrite of
    /// the partition would lose their records.
    fn has_pending_txn(&self, index: i32, served: &Served) -> bool {
        self.lock_pending()
            .values()
            .flatten()
            .any(|p| served.partition_of(&p.group) == index)
    }

    /// Whether an undecided transaction holds an offset of `group` for `topic`-`partition`:
    /// a fetch that asks for stable offsets (KIP-447's `require_stable`, sent by read_committed
    /// consumers) is answered UNSTABLE_OFFSET_COMMIT for it until the transaction ends.
    pub fn has_pending_txn_offset(&self, group: &str, topic: &str, partition: i32) -> bool {
        self.lock_pending()
            .values()
            .flatten()
            .any(|p| p.group == group && p.topic == topic && p.partition == partition)
    }

    /// The partition of `__consumer_offsets` that holds a group (AddOffsetsToTxn adds it to
    /// the transaction, so its marker reaches the group's offsets).
    pub fn offsets_partition_of(&self, group: &str) -> Option<i32> {
        self.served.served().map(|s| s.partition_of(group))
    }

    /// Handles a TxnOffsetCommit: the offsets are written to `__consumer_offsets` in a
    /// transactional batch of the producer, and kept aside until the transaction's marker
    /// decides them (see [`GroupCoordinator::complete_txn`]). A member id or generation, when
    /// given, must be the group's current one.
    #[allow(clippy::too_many_arguments)]
    pub fn commit_txn_offsets(
        &self,
        group_id: &str,
        producer_id: i64,
        producer_epoch: i16,
        member_id: &str,
        generation: i32,
        offsets: Vec<OffsetCommit>,
    ) -> Result<Vec<Result<(), GroupError>>, GroupError> {
        check_group_id(group_id)?;
        let partition = self.partition_for(group_id)?;
        if let Some(entry) = self.group(group_id) {
            let group = lock(&entry);
            if group.state == GroupState::Dead {
                return Err(GroupError::CoordinatorNotAvailable);
            }
            if !member_id.is_empty() && !group.members.contains_key(member_id) {
                return Err(GroupError::UnknownMemberId);
            }
            if generation >= 0 && generation != group.generation {
                return Err(GroupError::IllegalGeneration);
            }
        } else if generation >= 0 || !member_id.is_empty() {
            return Err(GroupError::IllegalGeneration);
        }
        let now = now_ms();
        let max_metadata = self.settings.offset_metadata_max_bytes as usize;
        let mut results = Vec::with_capacity(offsets.len());
        let mut records = Vec::new();
        let mut pending = Vec::new();
        for commit in offsets {
            let metadata = commit.metadata.unwrap_or_default();
            if metadata.len() > max_metadata {
                results.push(Err(GroupError::OffsetMetadataTooLarge));
                continue;
            }
            let value = OffsetValue {
                offset: commit.offset,
                leader_epoch: commit.leader_epoch,
                metadata,
                commit_timestamp: now,
                expire_timestamp: -1,
            };
            let key = RecordKey::Offset {
                group: group_id.to_string(),
                topic: commit.topic.clone(),
                partition: commit.partition,
            };
            records.push((key.encode(), Some(value.encode())));
            pending.push(PendingTxnOffset {
                group: group_id.to_string(),
                topic: commit.topic,
                partition: commit.partition,
                value,
            });
            results.push(Ok(()));
        }
        if records.is_empty() {
            return Ok(results);
        }
        // The pending list is extended under its lock together with the append, so a marker
        // cannot be handled between the two.
        let mut all = self.lock_pending();
        match write_batch(&partition, records, Some((producer_id, producer_epoch))) {
            Ok(()) => {
                all.entry(producer_id).or_default().extend(pending);
                Ok(results)
            }
            Err(e) => Ok(results.into_iter().map(|r| r.and(Err(e))).collect()),
        }
    }

    /// A transaction marker reached partition `index` of `__consumer_offsets`: the offsets
    /// `producer_id` committed there in the transaction become the groups' committed offsets
    /// (COMMIT) or are dropped (ABORT).
    pub fn complete_txn(&self, index: i32, producer_id: i64, commit: bool) {
        let Some(served) = self.served.served() else {
            return;
        };
        let decided: Vec<PendingTxnOffset> = {
            let mut all = self.lock_pending();
            let Some(list) = all.get_mut(&producer_id) else {
                return;
            };
            let (decided, kept): (Vec<_>, Vec<_>) = list
                .drain(..)
                .partition(|p| served.partition_of(&p.group) == index);
            *list = kept;
            if list.is_empty() {
                all.remove(&producer_id);
            }
            decided
        };
        if !commit {
            return;
        }
        for p in decided {
            let entry = self.group_or_new(&p.group);
            let mut group = lock(&entry);
            tracing::debug!(
                "group {} commits {}-{} at {} in a transaction",
                p.group,
                p.topic,
                p.partition,
                p.value.offset
            );
            group.offsets.insert((p.topic, p.partition), p.value);
        }
    }

    /// Drives every group's timeouts once.
    pub fn tick(&self) {
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        let now = Instant::now();
        let now_ms = now_ms();
        for entry in groups {
            self.drive_timeouts(&mut lock(&entry), now, now_ms);
        }
    }

    /// Runs one group's timeouts as of `now` (expired sessions, the end of a join phase,
    /// late SyncGroups) and stores what they changed; a group without members or a
    /// rebalance has none.
    fn drive_timeouts(&self, group: &mut Group, now: Instant, now_ms: i64) {
        if group.is_active() {
            group.tick(&self.limits, now, now_ms);
            self.store_if_needed(group);
        }
    }

    /// The earliest session deadline of any member still to come (see
    /// `Group::next_session_deadline`).
    pub fn next_session_deadline(&self) -> Option<Instant> {
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        let now = Instant::now();
        groups
            .iter()
            .filter_map(|g| lock(g).next_session_deadline(now))
            .min()
    }

    /// Whether any group has members or a rebalance under way (the timer task sleeps
    /// otherwise).
    pub fn has_active_groups(&self) -> bool {
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        groups.iter().any(|g| lock(g).is_active())
    }

    /// Waits until a group may have become active.
    pub async fn activity(&self) {
        self.active.notified().await
    }

    /// Removes expired offsets of groups without members (Kafka's offsets retention), and
    /// empty groups left with no offsets.
    pub fn expire_offsets(&self) {
        self.expire_offsets_at(now_ms())
    }

    /// [`GroupCoordinator::expire_offsets`] as of `now` (ms since the epoch).
    pub fn expire_offsets_at(&self, now: i64) {
        let retention = self.settings.offsets_retention_ms;
        let groups: Vec<Arc<Mutex<Group>>> = self.lock_groups().values().cloned().collect();
        for entry in groups {
            let mut group = lock(&entry);
            if group.state != GroupState::Empty {
                continue;
            }
            let since = group.state_timestamp;
            let expired: Vec<(String, i32)> = group
                .offsets
                .iter()
                .filter(|(_, v)| {
                    if v.expire_timestamp >= 0 {
                        v.expire_timestamp <= now
                    } else {
                        since.max(v.commit_timestamp) + retention <= now
                    }
                })
                .map(|(tp, _)| tp.clone())
                .collect();
            let mut records: Vec<(Bytes, Option<Bytes>)> = expired
                .iter()
                .map(|(topic, partition)| {
                    let key = RecordKey::Offset {
                        group: group.id.clone(),
                        topic: topic.clone(),
                        partition: *partition,
                    };
                    (key.encode(), None)
                })
                .collect();
            let now_empty = expired.len() == group.offsets.len();
            if now_empty {
                records.push((
                    RecordKey::Group {
                        group: group.id.clone(),
                    }
                    .encode(),
                    None,
                ));
            }
            if let Err(e) = self.write(&group.id, records) {
                tracing::error!("expiring offsets of group {} failed: {e}", group.id);
                continue;
            }
            for tp in &expired {
                group.offsets.remove(tp);
            }
            if !expired.is_empty() {
                tracing::info!(
                    "Removed {} expired offsets of group {}",
                    expired.len(),
                    group.id
                );
            }
            if now_empty {
                group.mark_dead(now);
                let id = group.id.clone();
                drop(group);
                self.lock_groups().remove(&id);
            }
        }
    }
}

/// A partition of `__consumer_offsets` is rewritten only once it holds at least this many
/// records (and more than twice its live keys).
const COMPACT_MIN_RECORDS: i64 = 10_000;

/// Records per batch when the live state is rewritten (well under message.max.bytes).
const COMPACT_BATCH: usize = 500;

/// Appends records (keys with values, or tombstones) to a partition of `__consumer_offsets`
/// (or of `__transaction_state`, whose coordinator writes the same way).
pub(crate) fn write_to(
    partition: &OffsetsPartition,
    records: Vec<(Bytes, Option<Bytes>)>,
) -> Result<(), GroupError> {
    write_batch(partition, records, None)
}

/// [`write_to`], as a transactional batch of `producer` (id, epoch) when given.
fn write_batch(
    partition: &OffsetsPartition,
    records: Vec<(Bytes, Option<Bytes>)>,
    producer: Option<(i64, i16)>,
) -> Result<(), GroupError> {
    let (producer_id, producer_epoch) = producer.unwrap_or((-1, -1));
    if records.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    // Offsets relative to the batch (the log assigns the base): each record its own.
    let records: Vec<Record> = records
        .into_iter()
        .enumerate()
        .map(|(i, (key, value))| Record {
            transactional: producer.is_some(),
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id,
            producer_epoch,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: -1,
            timestamp: now,
            key: Some(key),
            value,
            headers: Default::default(),
        })
        .collect();
    let mut batch = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut batch, records.iter(), &options).map_err(|e| {
        tracing::error!("encoding a {OFFSETS_TOPIC} batch failed: {e}");
        GroupError::Storage
    })?;
    partition.log.append(&mut batch).map_err(|e| {
        tracing::error!("writing to {OFFSETS_TOPIC} failed: {e}");
        GroupError::Storage
    })?;
    partition.appended.notify_waiters();
    Ok(())
}

fn lock(group: &Arc<Mutex<Group>>) -> std::sync::MutexGuard<'_, Group> {
    group.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kafka's storage schemas hold a group id in an int16-prefixed string: a longer id (which
/// flexible protocol versions can carry) is refused rather than written corrupt.
fn check_group_id(group_id: &str) -> Result<(), GroupError> {
    if group_id.len() > i16::MAX as usize {
        Err(GroupError::InvalidGroupId)
    } else {
        Ok(())
    }
}

/// The member strings that are stored with the group must fit the same int16-prefixed strings.
fn check_join_strings(req: &JoinRequest) -> Result<(), GroupError> {
    let limit = i16::MAX as usize;
    if req
        .group_instance_id
        .as_ref()
        .is_some_and(|i| i.len() > limit - 64)
    {
        return Err(GroupError::InvalidGroupId);
    }
    if req.protocol_type.len() > limit || req.protocols.iter().any(|(n, _)| n.len() > limit) {
        return Err(GroupError::InconsistentGroupProtocol);
    }
    Ok(())
}

fn committed(topic: &str, partition: i32, value: Option<OffsetValue>) -> CommittedOffset {
    match value {
        Some(v) => CommittedOffset {
            topic: topic.to_string(),
            partition,
            offset: v.offset,
            leader_epoch: v.leader_epoch,
            metadata: v.metadata,
        },
        None => CommittedOffset {
            topic: topic.to_string(),
            partition,
            offset: -1,
            leader_epoch: -1,
            metadata: String::new(),
        },
    }
}

/// The partition of `__consumer_offsets` (of `count`) that holds a group, as Kafka
/// computes it: `abs(hashCode) % count`.
pub fn partition_of(group: &str, count: i32) -> i32 {
    (java_hash_code(group) & 0x7fff_ffff) % count.max(1)
}

/// Java's `String.hashCode` over UTF-16 code units: which partition of
/// `__consumer_offsets` holds a group is Kafka's choice, so tools agree on it.
pub fn java_hash_code(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// What replaying `__consumer_offsets` meets.
enum ReplayItem {
    /// A record outside transactions: it applies at once.
    Record {
        key: RecordKey,
        value: Option<Bytes>,
    },
    /// A record of a producer's transaction (TxnOffsetCommit): it waits for the marker.
    Transactional {
        producer_id: i64,
        key: RecordKey,
        value: Option<Bytes>,
    },
    /// A transaction marker.
    Marker { producer_id: i64, commit: bool },
}

/// Reads every record of a partition from its start to its log end (as Kafka's loading
/// does: a new leader's high watermark may trail records it holds), handing each to `apply`.
fn replay(
    partition: &OffsetsPartition,
    mut apply: impl FnMut(ReplayItem),
) -> Result<(), GroupError> {
    let log = &partition.log;
    let mut offset = log.log_start_offset();
    let end = log.log_end_offset();
    while offset < end {
        let slice = log.read_to_log_end(offset, 1 << 20).map_err(|e| {
            tracing::error!("reading {OFFSETS_TOPIC}-{} failed: {e}", partition.index);
            GroupError::Storage
        })?;
        if slice.bytes.is_empty() {
            break;
        }
        let mut bytes = slice.bytes.clone();
        let sets = RecordBatchDecoder::decode_all(&mut bytes).map_err(|e| {
            tracing::error!("decoding {OFFSETS_TOPIC}-{} failed: {e}", partition.index);
            GroupError::Storage
        })?;
        for set in sets {
            for record in set.records {
                if record.offset < offset {
                    continue;
                }
                offset = record.offset + 1;
                let Some(key) = record.key else { continue };
                if record.control {
                    if let Some(result) = crate::txn::markers::marker_result(&key) {
                        apply(ReplayItem::Marker {
                            producer_id: record.producer_id,
                            commit: result == crate::txn::TxnResult::Commit,
                        });
                    }
                    continue;
                }
                match RecordKey::decode(&key) {
                    Ok(key) if record.transactional => apply(ReplayItem::Transactional {
                        producer_id: record.producer_id,
                        key,
                        value: record.value,
                    }),
                    Ok(key) => apply(ReplayItem::Record {
                        key,
                        value: record.value,
                    }),
                    Err(e) => tracing::warn!("skipping an unreadable {OFFSETS_TOPIC} key: {e}"),
                }
            }
        }
        // Batches emptied by compaction keep their offsets: continue after the last batch.
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
