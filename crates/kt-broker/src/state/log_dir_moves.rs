//! AlterReplicaLogDirs on this broker: moving a replica from one of its log directories to
//! another (Kafka's `ReplicaManager.alterReplicaLogDirs`, `ReplicaAlterLogDirsManager` and
//! `ReplicaAlterLogDirsThread`).
//!
//! The request creates the partition's future replica in the destination (see
//! `kt_storage::LogManager::alter_log_dir`); a mover thread then copies the log into it step
//! by step, at most `replica.alter.log.dirs.io.max.bytes.per.second` (a dynamic broker
//! config, Kafka's alter-log-dirs quota) for all moves together, and swaps it in once it has
//! reached the log's end. There are `num.replica.alter.log.dirs.threads` movers (Kafka's
//! default: one per log dir), started with the first move; each moving partition belongs to
//! one of them as Kafka's manager assigns it (`abs(31 * topic.hashCode + partition) %
//! threads`), and a mover takes a step of each of its partitions in turn, as a Kafka
//! fetcher thread fetches all of its partitions at once. Produce, fetch and replication
//! never wait for a copy step: a step reads the log as a fetch does, and only the swap holds
//! the log's lock (for the batches appended since the last step and the renames). A move
//! survives a restart: the `-future` directory is loaded again and
//! [`Broker::resume_log_dir_moves`] continues it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use kafka_protocol::error::ResponseError;
use kt_base::clock::now_ms;
use kt_storage::{LogDirMove, PartitionLog, StorageError};

use super::Broker;
use crate::coordinator::java_hash_code;
use crate::replication::throttle::WindowedRate;

/// The dynamic broker config bounding the copy rate of all moves (bytes/s), Kafka's
/// `ReplicaAlterLogDirsIoMaxBytesPerSecondProp`; unbounded when unset.
pub const ALTER_LOG_DIRS_RATE: &str = "replica.alter.log.dirs.io.max.bytes.per.second";

/// The most bytes one copy step reads (Kafka's `replica.fetch.max.bytes` default).
const MAX_STEP_BYTES: usize = 1024 * 1024;
/// How long a mover waits when none of its partitions could take a step (the rate is over
/// its bound, or they are at the log's end), or before it retries a failed step.
const THROTTLED_WAIT: Duration = Duration::from_millis(100);
const RETRY_WAIT: Duration = Duration::from_secs(1);
/// Kafka's `replication.quota.window.num` and `.size.seconds` defaults.
const RATE_WINDOWS: usize = 11;
const RATE_WINDOW_MS: i64 = 1000;

/// The moves in progress on this broker and what they share.
pub(crate) struct LogDirMoves {
    /// The mover threads, started with the first move (none on a broker that never moves a
    /// replica).
    movers: Mutex<Vec<Mover>>,
    /// Set at shutdown: movers stop after their current step.
    stopping: AtomicBool,
    /// The bytes copied by all movers (Kafka's alter-log-dirs quota).
    rate: Mutex<WindowedRate>,
}

impl Default for LogDirMoves {
    fn default() -> Self {
        LogDirMoves {
            movers: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
            rate: Mutex::new(WindowedRate::new(RATE_WINDOWS, RATE_WINDOW_MS)),
        }
    }
}

/// One mover thread (Kafka's `ReplicaAlterLogDirsThread-<n>`) and its partitions.
struct Mover {
    work: Arc<MoverWork>,
    thread: JoinHandle<()>,
}

/// The partitions a mover copies, and how it is woken when one is added or at shutdown.
#[derive(Default)]
struct MoverWork {
    moves: Mutex<Vec<Moving>>,
    wake: Condvar,
}

/// A partition a mover copies. Its future replica is looked up at every step: a move that
/// was cancelled (the future replica dropped) ends, and one started again goes on into the
/// new future replica.
struct Moving {
    topic: String,
    partition: i32,
    /// After a failed step: no step before then.
    retry_at: Option<Instant>,
}

/// What one step of a move came to.
enum Step {
    /// Bytes were copied: the mover goes on without a pause.
    Copied,
    /// Nothing to do now (throttled, or at the log's end and waiting for the swap).
    Idle,
    /// The step failed; it is retried after [`RETRY_WAIT`].
    Failed,
    /// The move is over (swapped in, cancelled, or the partition is gone).
    Done,
}

/// Which of `threads` movers copies `topic`-`partition`: Kafka's
/// `AbstractFetcherManager.getFetcherId`, `abs(31 * topic.hashCode + partition) % threads`.
fn mover_of(topic: &str, partition: i32, threads: usize) -> usize {
    let hash = java_hash_code(topic)
        .wrapping_mul(31)
        .wrapping_add(partition);
    // Kafka's Utils.abs: Integer.MIN_VALUE counts as 0.
    let abs = if hash == i32::MIN { 0 } else { hash.abs() };
    abs as usize % threads.max(1)
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

    /// Hands a moving partition to its mover (starting the movers with the first move),
    /// unless that mover has it already.
    fn start_log_dir_move(
        self: &Arc<Self>,
        topic: &str,
        partition: i32,
        future: Arc<PartitionLog>,
    ) {
        let moves = &self.log_dir_moves;
        let mut movers = moves.movers.lock().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock: a shutdown sets it before it takes the movers away.
        if moves.stopping.load(Ordering::Relaxed) {
            return;
        }
        if movers.is_empty() {
            self.start_movers(&mut movers);
        }
        let Some(mover) = movers.get(mover_of(topic, partition, movers.len())) else {
            tracing::error!("no mover thread could start: {topic}-{partition} does not move");
            return;
        };
        let mut assigned = mover.work.moves.lock().unwrap_or_else(|e| e.into_inner());
        if assigned
            .iter()
            .any(|m| m.topic == topic && m.partition == partition)
        {
            return;
        }
        tracing::info!(
            "[ReplicaAlterLogDirsManager on broker {}] moving the log of {topic}-{partition} \
             to {}",
            self.config.broker_id,
            future.log_dir_health().dir().display()
        );
        assigned.push(Moving {
            topic: topic.to_string(),
            partition,
            retry_at: None,
        });
        mover.work.wake.notify_one();
    }

    /// Starts `num.replica.alter.log.dirs.threads` movers (one per log dir when unset).
    fn start_movers(self: &Arc<Self>, movers: &mut Vec<Mover>) {
        let threads = self
            .config
            .replication
            .num_replica_alter_log_dirs_threads
            .map_or(self.logs.dirs().len(), |n| n.max(1) as usize);
        for id in 0..threads {
            let work = Arc::new(MoverWork::default());
            let broker = Arc::clone(self);
            let mine = Arc::clone(&work);
            match std::thread::Builder::new()
                .name(format!("ReplicaAlterLogDirsThread-{id}"))
                .spawn(move || broker.run_mover(&mine))
            {
                Ok(thread) => movers.push(Mover { work, thread }),
                Err(e) => tracing::error!("cannot start ReplicaAlterLogDirsThread-{id}: {e}"),
            }
        }
    }

    /// How many mover threads run (tests: they are bounded by
    /// `num.replica.alter.log.dirs.threads`).
    pub fn log_dir_movers(&self) -> usize {
        self.log_dir_moves
            .movers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// A mover's loop: a step of each of its partitions in turn, dropping those whose move
    /// ended, sleeping while it has none or none could take a step. Ends when the broker
    /// stops.
    fn run_mover(&self, work: &MoverWork) {
        let stopping = &self.log_dir_moves.stopping;
        while !stopping.load(Ordering::Relaxed) {
            let now = Instant::now();
            let due: Vec<(String, i32)> = work
                .moves
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .filter(|m| m.retry_at.is_none_or(|at| at <= now))
                .map(|m| (m.topic.clone(), m.partition))
                .collect();
            let mut copied = false;
            for (topic, partition) in due {
                if stopping.load(Ordering::Relaxed) {
                    return;
                }
                let step = self.move_step(&topic, partition);
                copied |= matches!(step, Step::Copied);
                let mut assigned = work.moves.lock().unwrap_or_else(|e| e.into_inner());
                let at = assigned
                    .iter()
                    .position(|m| m.topic == topic && m.partition == partition);
                match (step, at) {
                    (Step::Done, Some(i)) => {
                        assigned.swap_remove(i);
                    }
                    (Step::Failed, Some(i)) => assigned[i].retry_at = Some(now + RETRY_WAIT),
                    (_, Some(i)) => assigned[i].retry_at = None,
                    (_, None) => {}
                }
            }
            if !copied {
                let assigned = work.moves.lock().unwrap_or_else(|e| e.into_inner());
                if !stopping.load(Ordering::Relaxed) {
                    // Woken early by a new partition or the shutdown.
                    let wait = if assigned.is_empty() {
                        RETRY_WAIT
                    } else {
                        THROTTLED_WAIT
                    };
                    let _ = work.wake.wait_timeout(assigned, wait);
                }
            }
        }
    }

    /// One step of the move of `topic`-`partition`: a copy step of at most a tenth of the
    /// rate bound (or [`MAX_STEP_BYTES`]) unless the rate is over it, and the swap once a
    /// step reached the log's end.
    fn move_step(&self, topic: &str, partition: i32) -> Step {
        let moves = &self.log_dir_moves;
        let (Some(current), Some(future)) = (
            self.logs.get_log(topic, partition),
            self.logs.future_log(topic, partition),
        ) else {
            return Step::Done;
        };
        let bound = self.alter_log_dirs_bound();
        if bound != i64::MAX {
            let rate = moves
                .rate
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .rate(now_ms());
            if rate > bound as f64 {
                return Step::Idle;
            }
        }
        // Under a bound, steps of a tenth of it keep the rate close to it.
        let step_bytes =
            usize::try_from((bound / 10).clamp(1, MAX_STEP_BYTES as i64)).unwrap_or(MAX_STEP_BYTES);
        match current.copy_to_future(&future, step_bytes) {
            Ok(step) => {
                moves
                    .rate
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .record(step.bytes, now_ms());
                if step.lag() > 0 {
                    return Step::Copied;
                }
                // The read reached the log's end: what remains is what was appended since,
                // which the swap copies under the log's lock.
                let dest = future.log_dir_health().dir().to_path_buf();
                match self.logs.replace_current_with_future(topic, partition) {
                    Ok(true) => {
                        tracing::info!(
                            "[ReplicaAlterLogDirsThread] the log of {topic}-{partition} is now \
                             in {}",
                            dest.display()
                        );
                        Step::Done
                    }
                    Ok(false) => Step::Done,
                    Err(StorageError::FutureNotCaughtUp { .. }) if step.bytes > 0 => Step::Copied,
                    Err(StorageError::FutureNotCaughtUp { .. }) => Step::Idle,
                    Err(e) => {
                        tracing::error!(
                            "replacing {topic}-{partition} with its future replica failed: {e}"
                        );
                        Step::Failed
                    }
                }
            }
            Err(StorageError::OffsetOutOfRange { .. }) => {
                // Retention (or DeleteRecords) removed what the copy still needed: start
                // it over from the log's start, as Kafka's fetcher truncates fully.
                tracing::info!(
                    "the copy of {topic}-{partition} fell behind the log start; starting it over"
                );
                let dest = future.log_dir_health().dir().to_string_lossy().into_owned();
                let restarted = self
                    .logs
                    .remove_future_log(topic, partition)
                    .and_then(|_| self.logs.alter_log_dir(topic, partition, &dest));
                match restarted {
                    Ok(LogDirMove::Moving(_)) => Step::Copied,
                    Ok(_) => Step::Done,
                    Err(e) => {
                        tracing::error!("restarting the move of {topic}-{partition}: {e}");
                        Step::Done
                    }
                }
            }
            Err(e) => {
                tracing::error!("copying {topic}-{partition} to its future replica: {e}");
                Step::Failed
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
        let movers: Vec<Mover> = moves
            .movers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
            .collect();
        for mover in &movers {
            // Under its lock, so that a mover about to wait sees `stopping` or is woken.
            let _assigned = mover.work.moves.lock().unwrap_or_else(|e| e.into_inner());
            mover.work.wake.notify_all();
        }
        for mover in movers {
            let _ = mover.thread.join();
        }
    }
}
