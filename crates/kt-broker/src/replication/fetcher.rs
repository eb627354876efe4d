//! The follower's side of replication: replica fetcher tasks that copy the partitions this
//! broker follows from their leaders, as Kafka's `ReplicaFetcherThread`s do.
//!
//! Partitions are spread over `num.replica.fetchers` tasks per leader (by a hash of the
//! partition); each task keeps one connection to its leader and loops: partitions that just
//! got a new leader or epoch first ask OffsetsForLeaderEpoch where their latest epoch ended
//! on the leader and truncate the divergent tail there (logging what was cut), then every
//! partition is fetched in one Fetch carrying this broker's replica id
//! (`replica.fetch.max.bytes` per partition, `replica.fetch.wait.max.ms`,
//! `replica.fetch.min.bytes`), and the batches are appended as the leader wrote them. A
//! failure backs off `replica.fetch.backoff.ms`. A throttled replica that is not caught up
//! is left out of the Fetch while the follower replication rate is exceeded (see
//! [`super::throttle`]).
//!
//! [`ReplicaFetchers::assign`] is told the whole set of followed partitions each time the
//! cluster's view changes, and starts, changes and stops tasks to match. Its lock guards
//! only the task table and is never held across an `.await`.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::offset_for_leader_epoch_request::{
    OffsetForLeaderPartition, OffsetForLeaderTopic,
};
use kafka_protocol::messages::{BrokerId, FetchRequest, OffsetForLeaderEpochRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use kt_base::config::ReplicationSettings;
use kt_storage::{BatchHeader, StorageError, UNDEFINED_EPOCH};
use tokio::sync::{watch, Notify};

use super::broker_link::{BrokerLink, LinkError};
use crate::cluster::Cluster;
use crate::state::Partition;

/// The Fetch version followers send: the newest kt serves, whose replica id is a field of
/// the request.
const FETCH_VERSION: i16 = 12;
/// The OffsetsForLeaderEpoch version followers send (Kafka 3.9's newest).
const EPOCH_VERSION: i16 = 4;
/// How long an inter-broker request may take beyond its own wait (Kafka's
/// `replica.socket.timeout.ms` default).
const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);

/// A partition this broker follows, as its fetcher tracks it.
#[derive(Clone)]
struct Followed {
    partition: Arc<Partition>,
    /// The leader epoch the cluster's view names.
    leader_epoch: i32,
    /// Set when the leader or epoch changed: the tail must be checked against the leader
    /// (OffsetsForLeaderEpoch) before fetching again.
    truncate: bool,
    /// How far this replica was behind the leader's high watermark after its latest fetch
    /// that brought records (Kafka's `PartitionFetchState.lag`); None until the first fetch
    /// from this leader epoch. At 0 the replica is in sync and never throttled.
    lag: Option<i64>,
}

impl Followed {
    /// Kafka's `isReplicaInSync`: caught up to the leader's high watermark.
    fn in_sync(&self) -> bool {
        self.lag.is_some_and(|lag| lag <= 0)
    }
}

/// Where a follower cuts its log after the leader answered OffsetsForLeaderEpoch for the
/// follower's latest epoch, and whether that settles it: Kafka's
/// `AbstractFetcherThread.getOffsetTruncationState`.
///
/// `answer` is the leader's (epoch, end offset): the largest epoch it has at or below the
/// asked one, and where that epoch ends in its log. `ours` is this log's own (epoch, end) for
/// the leader's epoch. When this log does not know the leader's epoch, the records after the
/// end of the largest epoch below it were written by a leader the answering one never
/// followed: they go, and the question is asked again with the epoch now latest here. A log
/// that knows neither keeps its high watermark (nothing epoch-stamped to compare) or the
/// leader's end.
fn truncation_point(answer: (i32, i64), ours: (i32, i64), log_end: i64, hw: i64) -> (i64, bool) {
    let (leader_epoch, leader_end) = answer;
    if leader_end < 0 {
        // The leader knows nothing of our epochs: keep what is committed.
        return (hw.min(log_end), true);
    }
    if leader_epoch == UNDEFINED_EPOCH {
        return (leader_end.min(log_end), true);
    }
    let (our_epoch, our_end) = ours;
    if our_end < 0 {
        // Below every epoch this log tracks: the leader's end is all there is to go by.
        return (leader_end.min(log_end), true);
    }
    if our_epoch != leader_epoch {
        return (our_end.min(log_end), false);
    }
    (our_end.min(leader_end).min(log_end), true)
}

/// What one fetcher task and [`ReplicaFetchers`] share.
struct FetcherShared {
    partitions: Mutex<BTreeMap<(String, i32), Followed>>,
    changed: Notify,
}

impl FetcherShared {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(String, i32), Followed>> {
        self.partitions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

struct FetcherHandle {
    shared: Arc<FetcherShared>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// A partition to follow: its log, its leader and the leader epoch.
pub struct FollowTarget {
    pub partition: Arc<Partition>,
    pub leader: i32,
    pub leader_epoch: i32,
}

/// This broker's replica fetcher tasks.
pub struct ReplicaFetchers {
    me: i32,
    settings: ReplicationSettings,
    cluster: Arc<Cluster>,
    runtime: tokio::runtime::Handle,
    /// (leader, fetcher id) → task. Held only to look up or change the table.
    fetchers: Mutex<BTreeMap<(i32, usize), FetcherHandle>>,
    /// Set by [`ReplicaFetchers::shutdown`]: no task starts after it (a broker that finished
    /// its controlled shutdown copies nothing more, as Kafka's stops its fetchers on the
    /// controller's StopReplica and gets no LeaderAndIsr for the partitions it gave up).
    stopped: std::sync::atomic::AtomicBool,
}

impl ReplicaFetchers {
    /// No task yet; tasks run on `runtime` once partitions are assigned.
    pub fn new(
        me: i32,
        settings: ReplicationSettings,
        cluster: Arc<Cluster>,
        runtime: tokio::runtime::Handle,
    ) -> Self {
        ReplicaFetchers {
            me,
            settings,
            cluster,
            runtime,
            fetchers: Mutex::new(BTreeMap::new()),
            stopped: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn fetcher_id(&self, topic: &str, partition: i32) -> usize {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (topic, partition).hash(&mut h);
        (h.finish() % self.settings.num_replica_fetchers.max(1) as u64) as usize
    }

    /// Makes the tasks follow exactly `targets` (keyed by topic and partition): a partition
    /// whose leader or epoch changed is marked for truncation, one no longer followed is
    /// dropped, and a task left with nothing stops.
    pub fn assign(&self, targets: BTreeMap<(String, i32), FollowTarget>) {
        let mut fetchers = self.fetchers.lock().unwrap_or_else(|e| e.into_inner());
        // Checked under the table's lock, which `shutdown` takes after setting it.
        if self.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        // Drop or update what each task follows.
        for ((leader, _), handle) in fetchers.iter() {
            let mut parts = handle.shared.lock();
            let before = parts.len();
            let mut changed = false;
            parts.retain(|key, followed| match targets.get(key) {
                Some(t)
                    if t.leader == *leader && Arc::ptr_eq(&t.partition, &followed.partition) =>
                {
                    if t.leader_epoch != followed.leader_epoch {
                        followed.leader_epoch = t.leader_epoch;
                        followed.truncate = true;
                        followed.lag = None;
                        changed = true;
                    }
                    true
                }
                _ => false,
            });
            if changed || parts.len() != before {
                handle.shared.changed.notify_one();
            }
        }
        // Add the new ones.
        for (key, target) in targets {
            let id = (target.leader, self.fetcher_id(&key.0, key.1));
            let handle = fetchers.entry(id).or_insert_with(|| self.start(id));
            let mut parts = handle.shared.lock();
            if let std::collections::btree_map::Entry::Vacant(slot) = parts.entry(key) {
                let key = slot.key();
                tracing::info!(
                    "[ReplicaFetcherManager on broker {}] Added fetcher to broker {} for \
                     partition {}-{} with leader epoch {}",
                    self.me,
                    target.leader,
                    key.0,
                    key.1,
                    target.leader_epoch
                );
                slot.insert(Followed {
                    partition: target.partition,
                    leader_epoch: target.leader_epoch,
                    truncate: true,
                    lag: None,
                });
                handle.shared.changed.notify_one();
            }
        }
        // Stop the tasks left with nothing to fetch.
        fetchers.retain(|_, handle| {
            let idle = handle.shared.lock().is_empty();
            if idle {
                let _ = handle.stop.send(true);
            }
            !idle
        });
    }

    fn start(&self, (leader, fetcher_id): (i32, usize)) -> FetcherHandle {
        let shared = Arc::new(FetcherShared {
            partitions: Mutex::new(BTreeMap::new()),
            changed: Notify::new(),
        });
        let (stop, stop_rx) = watch::channel(false);
        let fetcher = Fetcher {
            me: self.me,
            leader,
            fetcher_id,
            settings: self.settings.clone(),
            cluster: self.cluster.clone(),
            shared: shared.clone(),
            stop: stop_rx,
        };
        let task = self.runtime.spawn(fetcher.run());
        FetcherHandle { shared, stop, task }
    }

    /// Stops every task and waits for them; none starts again (broker shutdown).
    pub async fn shutdown(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let handles: Vec<FetcherHandle> = {
            let mut fetchers = self.fetchers.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::take(&mut *fetchers).into_values().collect()
        };
        for handle in handles {
            let _ = handle.stop.send(true);
            let _ = handle.task.await;
        }
    }
}

/// One fetcher task: the partitions it copies from one leader.
struct Fetcher {
    me: i32,
    leader: i32,
    fetcher_id: usize,
    settings: ReplicationSettings,
    cluster: Arc<Cluster>,
    shared: Arc<FetcherShared>,
    stop: watch::Receiver<bool>,
}

/// Why a round of the loop ended early: the connection is dropped and the task backs off.
#[derive(Debug)]
struct RoundFailed(String);

impl Fetcher {
    fn name(&self) -> String {
        format!(
            "[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}]",
            self.me, self.leader, self.fetcher_id
        )
    }

    async fn run(mut self) {
        let mut link: Option<BrokerLink> = None;
        let backoff = Duration::from_millis(self.settings.fetch_backoff_ms.max(0) as u64);
        loop {
            if *self.stop.borrow() {
                break;
            }
            let followed: Vec<((String, i32), Followed)> = self
                .shared
                .lock()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if followed.is_empty() {
                self.pause(Duration::from_secs(1)).await;
                continue;
            }
            if link.is_none() {
                match self.connect().await {
                    Ok(l) => link = Some(l),
                    // Refused credentials are a configuration error: Kafka's NetworkClient
                    // logs them at ERROR, on every attempt.
                    Err(e) if e.is_authentication() => {
                        tracing::error!("{} {e}", self.name());
                        self.pause(backoff).await;
                        continue;
                    }
                    Err(e) => {
                        tracing::warn!("{} cannot connect to the leader: {e}", self.name());
                        self.pause(backoff).await;
                        continue;
                    }
                }
            }
            let conn = link.as_mut().expect("connected above");
            // A stop does not wait for an answer from a leader that hangs.
            let mut stop = self.stop.clone();
            let round = async {
                self.truncate_round(conn, &followed).await?;
                self.fetch_round(conn).await
            };
            let result = tokio::select! {
                result = round => result,
                _ = stop.changed() => break,
            };
            match result {
                Ok(true) => {}
                Ok(false) => self.pause(backoff).await,
                Err(RoundFailed(e)) => {
                    tracing::warn!("{} {e}", self.name());
                    link = None;
                    self.pause(backoff).await;
                }
            }
        }
        tracing::info!("{} Stopped", self.name());
    }

    /// Waits `d`, or less if the assignment changes or the task is stopped.
    async fn pause(&mut self, d: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            _ = self.shared.changed.notified() => {}
            _ = self.stop.changed() => {}
        }
    }

    async fn connect(&self) -> Result<BrokerLink, LinkError> {
        let view = self.cluster.view();
        let client_id = format!("broker-{}-fetcher-{}", self.me, self.fetcher_id);
        self.cluster
            .connect_to(&view, self.leader, &client_id, SOCKET_TIMEOUT)
            .await
    }

    /// Asks the leader where the latest epoch of each partition marked for truncation ended,
    /// and truncates there (Kafka's truncation by leader epoch).
    async fn truncate_round(
        &self,
        link: &mut BrokerLink,
        followed: &[((String, i32), Followed)],
    ) -> Result<(), RoundFailed> {
        let mut topics: BTreeMap<&str, Vec<OffsetForLeaderPartition>> = BTreeMap::new();
        let mut asked = Vec::new();
        for ((topic, index), f) in followed.iter().filter(|(_, f)| f.truncate) {
            let Some(epoch) = f.partition.log.latest_epoch() else {
                // Nothing stamped with an epoch: nothing can have diverged.
                self.truncation_done(topic, *index, f.leader_epoch);
                continue;
            };
            topics.entry(topic).or_default().push(
                OffsetForLeaderPartition::default()
                    .with_partition(*index)
                    .with_current_leader_epoch(f.leader_epoch)
                    .with_leader_epoch(epoch),
            );
            asked.push(((topic.clone(), *index), f.clone()));
        }
        if asked.is_empty() {
            return Ok(());
        }
        let request = OffsetForLeaderEpochRequest::default()
            .with_replica_id(BrokerId(self.me))
            .with_topics(
                topics
                    .into_iter()
                    .map(|(t, partitions)| {
                        OffsetForLeaderTopic::default()
                            .with_topic(TopicName(StrBytes::from_string(t.to_string())))
                            .with_partitions(partitions)
                    })
                    .collect(),
            );
        let response = link
            .call(&request, EPOCH_VERSION, SOCKET_TIMEOUT)
            .await
            .map_err(|e| RoundFailed(e.to_string()))?;
        // One lookup per answer: a fetcher may follow thousands of partitions.
        let asked: HashMap<&(String, i32), &Followed> = asked.iter().map(|(k, f)| (k, f)).collect();
        for topic in &response.topics {
            for answer in &topic.partitions {
                let key = (topic.topic.to_string(), answer.partition);
                let Some(f) = asked.get(&key) else {
                    continue;
                };
                if answer.error_code != 0 {
                    tracing::info!(
                        "{} OffsetsForLeaderEpoch of {}-{} answered {:?}; retrying",
                        self.name(),
                        key.0,
                        key.1,
                        ResponseError::try_from_code(answer.error_code)
                    );
                    continue;
                }
                let log = &f.partition.log;
                let (target, completed) = truncation_point(
                    (answer.leader_epoch, answer.end_offset),
                    log.end_offset_for_epoch(answer.leader_epoch),
                    log.log_end_offset(),
                    log.high_watermark(),
                );
                if target < log.log_end_offset() {
                    tracing::info!(
                        "{} Truncating partition {}-{} with TruncationState(offset={target}, \
                         completed=true) due to leader epoch and offset \
                         EpochEndOffset(errorCode=0, partition={}, leaderEpoch={}, \
                         endOffset={})",
                        self.name(),
                        key.0,
                        key.1,
                        key.1,
                        answer.leader_epoch,
                        answer.end_offset
                    );
                    let partition = f.partition.clone();
                    tokio::task::spawn_blocking(move || partition.truncate_copied(target))
                        .await
                        .map_err(|e| RoundFailed(e.to_string()))?
                        .map_err(|e| RoundFailed(format!("truncating {}-{}: {e}", key.0, key.1)))?;
                }
                if completed {
                    self.truncation_done(&key.0, key.1, f.leader_epoch);
                } else {
                    tracing::info!(
                        "{} Based on replica's leader epoch, leader replied with epoch {} \
                         unknown to the replica for {}-{}. Will truncate to {target} and send \
                         another leader epoch request to the leader.",
                        self.name(),
                        answer.leader_epoch,
                        key.0,
                        key.1
                    );
                }
            }
        }
        Ok(())
    }

    /// Clears a partition's truncation mark, unless its epoch changed meanwhile.
    fn truncation_done(&self, topic: &str, index: i32, epoch: i32) {
        let mut parts = self.shared.lock();
        if let Some(f) = parts.get_mut(&(topic.to_string(), index)) {
            if f.leader_epoch == epoch {
                f.truncate = false;
            }
        }
    }

    /// One Fetch of every partition not waiting for truncation nor throttled, and the
    /// appends of what it brought. Ok(false) when nothing could be fetched (the caller backs
    /// off, as Kafka's fetcher does when its request would be empty).
    async fn fetch_round(&self, link: &mut BrokerLink) -> Result<bool, RoundFailed> {
        let quota = &self.cluster.replication_quotas().follower;
        // Kafka's `shouldFollowerThrottle`: a throttled replica that is not in sync waits
        // while the follower rate is over its bound (measured once per round).
        let mut exceeded = None;
        let mut throttled = |(topic, index): &(String, i32), f: &Followed| {
            !f.in_sync()
                && quota.is_throttled(topic, *index)
                && *exceeded.get_or_insert_with(|| quota.is_exceeded(kt_base::clock::now_ms()))
        };
        let ready: Vec<((String, i32), Followed)> = self
            .shared
            .lock()
            .iter()
            .filter(|(k, f)| !f.truncate && !throttled(k, f))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if ready.is_empty() {
            return Ok(false);
        }
        let mut topics: BTreeMap<&str, Vec<FetchPartition>> = BTreeMap::new();
        for ((topic, index), f) in &ready {
            topics.entry(topic).or_default().push(
                FetchPartition::default()
                    .with_partition(*index)
                    .with_current_leader_epoch(f.leader_epoch)
                    .with_fetch_offset(f.partition.log.log_end_offset())
                    .with_last_fetched_epoch(-1)
                    .with_log_start_offset(f.partition.log.log_start_offset())
                    .with_partition_max_bytes(self.settings.fetch_max_bytes),
            );
        }
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(self.me))
            .with_max_wait_ms(self.settings.fetch_wait_max_ms)
            .with_min_bytes(self.settings.fetch_min_bytes)
            .with_max_bytes(self.settings.fetch_response_max_bytes)
            .with_isolation_level(0)
            .with_session_id(0)
            .with_session_epoch(-1)
            .with_topics(
                topics
                    .into_iter()
                    .map(|(t, partitions)| {
                        FetchTopic::default()
                            .with_topic(TopicName(StrBytes::from_string(t.to_string())))
                            .with_partitions(partitions)
                    })
                    .collect(),
            );
        let timeout =
            SOCKET_TIMEOUT + Duration::from_millis(self.settings.fetch_wait_max_ms.max(0) as u64);
        let response = link
            .call(&request, FETCH_VERSION, timeout)
            .await
            .map_err(|e| RoundFailed(e.to_string()))?;
        let mut progressed = false;
        // One lookup per answer: a fetcher may follow thousands of partitions.
        let ready: HashMap<&(String, i32), &Followed> = ready.iter().map(|(k, f)| (k, f)).collect();
        for topic in &response.responses {
            for data in &topic.partitions {
                let key = (topic.topic.to_string(), data.partition_index);
                let Some(f) = ready.get(&key) else {
                    continue;
                };
                match ResponseError::try_from_code(data.error_code) {
                    None => {
                        progressed = true;
                        let records = data.records.clone().unwrap_or_default();
                        let fetched = records.len() as u64;
                        // Every byte of a throttled replica counts, in sync or not, so the
                        // total stays under the rate.
                        if quota.is_throttled(&key.0, key.1) {
                            quota.record(fetched, kt_base::clock::now_ms());
                        }
                        self.append(&key, f, records, data.high_watermark).await?;
                        let lag = (data.high_watermark - f.partition.log.log_end_offset()).max(0);
                        self.set_lag(&key, f.leader_epoch, fetched > 0, lag);
                    }
                    Some(ResponseError::OffsetOutOfRange) => {
                        tracing::warn!(
                            "{} fetch offset {} of {}-{} is out of range at the leader; \
                             checking the log against the leader's epochs",
                            self.name(),
                            f.partition.log.log_end_offset(),
                            key.0,
                            key.1
                        );
                        self.mark_for_truncation(&key);
                    }
                    Some(e) => {
                        tracing::debug!(
                            "{} fetching {}-{}: {e:?}; waiting for the cluster to settle",
                            self.name(),
                            key.0,
                            key.1
                        );
                    }
                }
            }
        }
        Ok(progressed)
    }

    /// Records a partition's lag after a fetch from `epoch`: always once it brought records,
    /// else only the first time (as Kafka updates its fetch state).
    fn set_lag(&self, key: &(String, i32), epoch: i32, brought_records: bool, lag: i64) {
        if let Some(f) = self.shared.lock().get_mut(key) {
            if f.leader_epoch == epoch && (brought_records || f.lag.is_none()) {
                f.lag = Some(lag);
            }
        }
    }

    fn mark_for_truncation(&self, key: &(String, i32)) {
        if let Some(f) = self.shared.lock().get_mut(key) {
            f.truncate = true;
        }
    }

    /// Appends what a Fetch brought for one partition (whole batches only: a leader may cut
    /// the last one short) and takes the leader's high watermark.
    async fn append(
        &self,
        key: &(String, i32),
        f: &Followed,
        records: Bytes,
        leader_high_watermark: i64,
    ) -> Result<(), RoundFailed> {
        let whole = whole_batches_len(&records);
        let partition = f.partition.clone();
        let records = records.slice(..whole);
        let appended = tokio::task::spawn_blocking(move || {
            let result = if records.is_empty() {
                Ok(())
            } else {
                partition.append_copied(&records)
            };
            partition
                .log
                .set_follower_high_watermark(leader_high_watermark);
            result
        })
        .await
        .map_err(|e| RoundFailed(e.to_string()))?;
        match appended {
            Ok(()) => {
                f.partition.appended.notify_waiters();
                Ok(())
            }
            Err(e @ StorageError::UnexpectedAppendOffset { .. }) => {
                tracing::warn!("{} {}-{}: {e}", self.name(), key.0, key.1);
                self.mark_for_truncation(key);
                Ok(())
            }
            Err(e) => Err(RoundFailed(format!(
                "appending to {}-{}: {e}",
                key.0, key.1
            ))),
        }
    }
}

/// The length of the whole batches at the start of `records`: a Fetch answer may end in a
/// batch cut short by the byte limit, which is fetched again next time.
fn whole_batches_len(records: &[u8]) -> usize {
    let mut at = 0;
    while at < records.len() {
        let Ok(h) = BatchHeader::parse(&records[at..]) else {
            break;
        };
        let size = h.total_size();
        if at + size > records.len() {
            break;
        }
        at += size;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::truncation_point;

    #[test]
    fn a_follower_cuts_where_its_epoch_and_the_leaders_agree() {
        // Same epoch on both sides: the smaller end.
        assert_eq!(truncation_point((4, 55), (4, 60), 60, 50), (55, true));
        assert_eq!(truncation_point((4, 70), (4, 60), 60, 50), (60, true));
        // The leader never heard of our epochs: back to the high watermark.
        assert_eq!(truncation_point((-1, -1), (-1, -1), 60, 50), (50, true));
        // An old leader answering without epochs: its end.
        assert_eq!(truncation_point((-1, 40), (-1, -1), 60, 50), (40, true));
        // Our cache has nothing at or below the leader's epoch: the leader's end.
        assert_eq!(truncation_point((2, 30), (-1, -1), 60, 50), (30, true));
    }

    #[test]
    fn an_epoch_the_follower_never_had_cuts_its_own_later_epoch_and_asks_again() {
        // Leader: epoch 3 (0..50), epoch 4 (50..100), epoch 6 (100..). Follower: epoch 3
        // (0..50), then epoch 5 (50..110), written while it led without the leader's
        // epoch-4 records. Asked about epoch 5, the leader answers (4, 100); the follower
        // has no epoch 4, its largest epoch below is 3, ending at 50: its epoch-5 records
        // at 50..100 differ from the leader's and must go, not just those after 100.
        assert_eq!(truncation_point((4, 100), (3, 50), 110, 40), (50, false));
    }
}
