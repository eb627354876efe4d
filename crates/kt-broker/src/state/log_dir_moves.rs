//! AlterReplicaLogDirs on this broker: moving a replica from one of its log directories to
//! another (Kafka's `ReplicaManager.alterReplicaLogDirs` and `ReplicaAlterLogDirsThread`).
//!
//! The request creates the partition's future replica in the destination (see
//! `kt_storage::LogManager::alter_log_dir`); a mover thread per moving partition then copies
//! the log into it step by step, at most `replica.alter.log.dirs.io.max.bytes.per.second`
//! (a dynamic broker config, Kafka's alter-log-dirs quota) for all moves together, and swaps
//! it in once it has reached the log's end. Produce, fetch and replication never wait for a
//! copy step: a step reads the log as a fetch does, and only the swap holds the log's lock
//! (for the batches appended since the last step and the renames). A move survives a
//! restart: the `-future` directory is loaded again and [`Broker::resume_log_dir_moves`]
//! continues it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kt_base::clock::now_ms;
use kt_storage::{LogDirMove, PartitionLog, StorageError};

use super::Broker;
use crate::replication::throttle::WindowedRate;

/// The dynamic broker config bounding the copy rate of all moves (bytes/s), Kafka's
/// `ReplicaAlterLogDirsIoMaxBytesPerSecondProp`; unbounded when unset.
pub const ALTER_LOG_DIRS_RATE: &str = "replica.alter.log.dirs.io.max.bytes.per.second";

/// The most bytes one copy step reads (Kafka's `replica.fetch.max.bytes` default).
const MAX_STEP_BYTES: usize = 1024 * 1024;
/// How long a mover waits while the rate is over its bound, or after a failed step.
const THROTTLED_WAIT: Duration = Duration::from_millis(100);
const RETRY_WAIT: Duration = Duration::from_secs(1);
/// Kafka's `replication.quota.window.num` and `.size.seconds` defaults.
const RATE_WINDOWS: usize = 11;
const RATE_WINDOW_MS: i64 = 1000;

/// The moves in progress on this broker and what they share.
pub(crate) struct LogDirMoves {
    /// The mover thread of each moving partition.
    running: Mutex<HashMap<(String, i32), JoinHandle<()>>>,
    /// Set at shutdown: movers stop after their current step.
    stopping: AtomicBool,
    /// The bytes copied by all movers (Kafka's alter-log-dirs quota).
    rate: Mutex<WindowedRate>,
}

impl Default for LogDirMoves {
    fn default() -> Self {
        LogDirMoves {
            running: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            rate: Mutex::new(WindowedRate::new(RATE_WINDOWS, RATE_WINDOW_MS)),
        }
    }
}

impl Broker {
    /// AlterReplicaLogDirs for one partition, with Kafka's answers: LOG_DIR_NOT_FOUND for a
    /// directory not in `log.dirs`, KAFKA_STORAGE_ERROR for an offline one (or while any is
    /// offline), REPLICA_NOT_AVAILABLE for a partition this broker does not hold (whose
    /// creation will go to `dir`), INVALID_TOPIC_EXCEPTION when the future directory's name
    /// would pass 255 characters. A move already under way to `dir` goes on.
    pub fn alter_replica_log_dir(
        self: &Arc<Self>,
        topic: &str,
        partition: i32,
        dir: &str,
    ) -> Result<(), ResponseError> {
        // `<topic>-<partition>.<32 hex>-future` (Kafka's KAFKA-4893 check).
        let future_name_len = topic.len() + partition.to_string().len() + 1 + 1 + 32 + 7;
        if future_name_len > 255 || kt_storage::validate_topic_name(topic).is_err() {
            return Err(ResponseError::InvalidTopicException);
        }
        match self.logs.alter_log_dir(topic, partition, dir) {
            Ok(LogDirMove::NotHosted) => Err(ResponseError::ReplicaNotAvailable),
            Ok(LogDirMove::AlreadyThere) => Ok(()),
            Ok(LogDirMove::Moving(future)) => {
                self.start_log_dir_move(topic, partition, future);
                Ok(())
            }
            Err(e) => {
                tracing::warn!("Unable to alter log dirs for {topic}-{partition}: {e}");
                Err(match e {
                    StorageError::LogDirNotFound(_) => ResponseError::LogDirNotFound,
                    StorageError::InvalidTopic(_) => ResponseError::InvalidTopicException,
                    _ => ResponseError::KafkaStorageError,
                })
            }
        }
    }

    /// Starts the movers of the future replicas found at start-up (a move a restart cut
    /// short goes on, as Kafka's broker resumes its `-future` logs).
    pub fn resume_log_dir_moves(self: &Arc<Self>) {
        for future in self.logs.future_logs() {
            let (topic, partition) = (future.topic().to_string(), future.partition());
            if self.logs.get_log(&topic, partition).is_some() {
                self.start_log_dir_move(&topic, partition, future);
            }
        }
    }

    /// The future replica of `topic`-`partition`, if its log is moving.
    pub fn future_log(&self, topic: &str, partition: i32) -> Option<Arc<PartitionLog>> {
        self.logs.future_log(topic, partition)
    }

    /// The log end offset of this broker's log of `topic`-`partition`, if it holds one.
    pub fn log_end_offset_of(&self, topic: &str, partition: i32) -> Option<i64> {
        self.logs
            .get_log(topic, partition)
            .map(|l| l.log_end_offset())
    }

    /// Each log directory's health with the future replicas it holds (DescribeLogDirs).
    pub fn future_log_dirs(&self) -> Vec<(Arc<kt_storage::LogDirHealth>, Vec<Arc<PartitionLog>>)> {
        self.logs.future_logs_per_dir()
    }

    /// Starts the mover of a partition unless one runs already (it follows whatever future
    /// replica the log manager holds).
    fn start_log_dir_move(
        self: &Arc<Self>,
        topic: &str,
        partition: i32,
        future: Arc<PartitionLog>,
    ) {
        let moves = &self.log_dir_moves;
        if moves.stopping.load(Ordering::Relaxed) {
            return;
        }
        let mut running = moves.running.lock().unwrap_or_else(|e| e.into_inner());
        let key = (topic.to_string(), partition);
        if running.get(&key).is_some_and(|h| !h.is_finished()) {
            return;
        }
        let broker = Arc::clone(self);
        let name = format!("ReplicaAlterLogDirs-{topic}-{partition}");
        let (t, p) = (topic.to_string(), partition);
        match std::thread::Builder::new()
            .name(name)
            .spawn(move || broker.move_log(&t, p, future))
        {
            Ok(handle) => {
                running.insert(key, handle);
            }
            Err(e) => tracing::error!("cannot start the move of {topic}-{partition}: {e}"),
        }
    }

    /// A mover's loop: copy steps until the future replica has the whole log, then the swap.
    /// Ends when the move is done, cancelled (the future replica dropped or the partition
    /// deleted) or the broker stops.
    fn move_log(&self, topic: &str, partition: i32, mut future: Arc<PartitionLog>) {
        let moves = &self.log_dir_moves;
        let dest = future.log_dir_health().dir().to_path_buf();
        tracing::info!(
            "[ReplicaAlterLogDirsThread] moving the log of {topic}-{partition} to {}",
            dest.display()
        );
        while !moves.stopping.load(Ordering::Relaxed) {
            let Some(current) = self.logs.get_log(topic, partition) else {
                return;
            };
            match self.logs.future_log(topic, partition) {
                Some(now) if Arc::ptr_eq(&now, &future) => {}
                _ => return,
            }
            let bound = self.alter_log_dirs_bound();
            if bound != i64::MAX {
                let rate = moves
                    .rate
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .rate(now_ms());
                if rate > bound as f64 {
                    std::thread::sleep(THROTTLED_WAIT);
                    continue;
                }
            }
            // Under a bound, steps of a tenth of it keep the rate close to it.
            let step_bytes = usize::try_from((bound / 10).clamp(1, MAX_STEP_BYTES as i64))
                .unwrap_or(MAX_STEP_BYTES);
            match current.copy_to_future(&future, step_bytes) {
                Ok(step) => {
                    moves
                        .rate
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .record(step.bytes, now_ms());
                    // The read reached the log's end: what remains is what was appended
                    // since, which the swap copies under the log's lock.
                    if step.lag() == 0 {
                        match self.logs.replace_current_with_future(topic, partition) {
                            Ok(true) => {
                                tracing::info!(
                                    "[ReplicaAlterLogDirsThread] the log of \
                                     {topic}-{partition} is now in {}",
                                    dest.display()
                                );
                                return;
                            }
                            Ok(false) => return,
                            Err(StorageError::FutureNotCaughtUp { .. }) => {}
                            Err(e) => {
                                tracing::error!(
                                    "replacing {topic}-{partition} with its future replica \
                                     failed: {e}"
                                );
                                std::thread::sleep(RETRY_WAIT);
                            }
                        }
                        if step.bytes == 0 {
                            std::thread::sleep(THROTTLED_WAIT);
                        }
                    }
                }
                Err(StorageError::OffsetOutOfRange { .. }) => {
                    // Retention (or DeleteRecords) removed what the copy still needed: start
                    // it over from the log's start, as Kafka's fetcher truncates fully.
                    tracing::info!(
                        "the copy of {topic}-{partition} fell behind the log start; starting \
                         it over"
                    );
                    let dest = dest.to_string_lossy().into_owned();
                    let restarted = self
                        .logs
                        .remove_future_log(topic, partition)
                        .and_then(|_| self.logs.alter_log_dir(topic, partition, &dest));
                    match restarted {
                        Ok(LogDirMove::Moving(next)) => future = next,
                        Ok(_) => return,
                        Err(e) => {
                            tracing::error!("restarting the move of {topic}-{partition}: {e}");
                            return;
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("copying {topic}-{partition} to its future replica: {e}");
                    std::thread::sleep(RETRY_WAIT);
                }
            }
        }
    }

    /// `replica.alter.log.dirs.io.max.bytes.per.second` as configured now (dynamic layers
    /// included); `i64::MAX` when unset.
    fn alter_log_dirs_bound(&self) -> i64 {
        self.effective_config()
            .properties
            .get(ALTER_LOG_DIRS_RATE)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|&v| v > 0)
            .unwrap_or(i64::MAX)
    }

    /// Stops every mover after its current step and waits for it (before the logs close).
    pub(crate) fn stop_log_dir_moves(&self) {
        let moves = &self.log_dir_moves;
        moves.stopping.store(true, Ordering::Relaxed);
        let handles: Vec<JoinHandle<()>> = moves
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .map(|(_, h)| h)
            .collect();
        for handle in handles {
            let _ = handle.join();
        }
    }
}
