//! `LogManager`: owns the log directories (`log.dirs`), each with its own
//! lock, `meta.properties` and checkpoint files, and every partition log in
//! them. A partition lives in one directory; a new one goes to the directory
//! with the fewest partitions, as in Kafka.
//!
//! Lock order: the `logs` map lock is taken before any `PartitionLog` lock
//! and is never requested while a partition's lock is held. Long file work
//! (flush, checkpoint writes, directory removal) runs without the map lock:
//! the logs are cloned out of the map first. The exception is
//! `create_log`, which creates the directory and first segment under the
//! write lock so two creators of one partition cannot race.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::checkpoint::{
    read_checkpoint, write_checkpoint, Checkpoint, CLEANER_OFFSET_CHECKPOINT,
    LOG_START_OFFSET_CHECKPOINT, RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT,
};
use super::config::LogConfig;
use super::error::{IoContext, Result, StorageError};
use super::log_dir::LogDirHealth;
use super::meta_properties::{generate_cluster_id, MetaProperties, META_PROPERTIES};
use super::partition_log::cleaner::CleanerConfig;
use super::partition_log::future_replica::{
    dir_name_with_suffix, parse_future_dir_name, DELETE_DIR_SUFFIX, FUTURE_DIR_SUFFIX,
};
use super::partition_log::{OpenHints, PartitionLog};

/// Name of the lock file in a log directory.
pub const LOCK_FILE: &str = ".lock";
/// Marker written by a clean shutdown (Kafka's name); its presence at start
/// lets the active segments skip full validation.
pub const CLEAN_SHUTDOWN_FILE: &str = ".kafka_cleanshutdown";

/// Splits a partition directory name `<topic>-<partition>` at the *last*
/// `-` (topic names may contain `-`). None for names that are not partition
/// directories (including Kafka's `-delete`, `-future`, `-stray` dirs).
pub fn parse_topic_partition(name: &str) -> Option<(String, i32)> {
    let (topic, partition) = name.rsplit_once('-')?;
    if topic.is_empty() || !partition.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let partition: i32 = partition.parse().ok()?;
    validate_topic_name(topic).ok()?;
    Some((topic.to_string(), partition))
}

/// Kafka's topic name rule (1-249 chars of `[A-Za-z0-9._-]`, not `.`/`..`);
/// also what keeps a topic name from escaping the log directory.
pub fn validate_topic_name(topic: &str) -> Result<()> {
    let ok = !topic.is_empty()
        && topic.len() <= 249
        && topic != "."
        && topic != ".."
        && topic
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(StorageError::InvalidTopic(topic.to_string()))
    }
}

/// What [`LogManager::alter_log_dir`] did.
#[derive(Debug)]
pub enum LogDirMove {
    /// The broker does not hold the partition: its creation will go to the directory.
    NotHosted,
    /// The partition's log is in that directory already (a future replica elsewhere was
    /// dropped).
    AlreadyThere,
    /// The partition's future replica in that directory, to copy the log into.
    Moving(Arc<PartitionLog>),
}

/// A partition log and where it lives: the index of its log directory in
/// `LogManager::dirs`, so placement can count partitions per directory and a
/// deletion or checkpoint knows which directory's files to touch.
#[derive(Debug)]
struct Placed {
    dir: usize,
    log: Arc<PartitionLog>,
}

type LogMap = HashMap<(String, i32), Placed>;

/// Owner of the log directories (`log.dirs`) and all partition logs in them.
///
/// Exists so the broker (and embedded admin) has one place that holds the
/// directory locks, opens/creates/deletes logs and writes checkpoints. As in
/// Kafka, every directory has its own `.lock`, `meta.properties` and
/// checkpoint files, and a partition lives in exactly one of them.
#[derive(Debug)]
pub struct LogManager {
    /// The log directories, in `log.dirs` order (ties in placement go to the
    /// earlier one).
    dirs: Vec<PathBuf>,
    /// The health of each directory (same order as `dirs`), shared with its logs: an I/O
    /// error in one takes that directory offline while the others keep serving.
    health: Vec<Arc<LogDirHealth>>,
    /// The exclusive `flock`s on each directory's `.lock`, held for the
    /// manager's lifetime.
    _locks: Vec<File>,
    broker_id: i32,
    cluster_id: String,
    default_config: LogConfig,
    logs: RwLock<LogMap>,
    /// The future replicas (AlterReplicaLogDirs): a partition's copy being built in another
    /// log directory, `<topic>-<partition>.<id>-future`, until it replaces the log in `logs`.
    /// Lock order: `logs` before `futures`; neither is held across file I/O except by the
    /// creation of a future log (as `create_log`).
    futures: RwLock<LogMap>,
    /// The directory AlterReplicaLogDirs chose for a partition this broker does not hold
    /// yet (Kafka's `preferredLogDirs`): its creation goes there.
    preferred_dirs: Mutex<HashMap<(String, i32), usize>>,
    /// Held by whatever creates, drops or swaps in a future replica, for all of its work,
    /// so that a cancelled move (AlterReplicaLogDirs back to the log's own directory) and
    /// the swap that ends the move never interleave: one of them wins whole (Kafka's
    /// `logCreationOrDeletionLock`). Taken before the maps and any log's locks.
    future_changes: Mutex<()>,
    /// Serializes the writers of checkpoint files (the periodic checkpoint, the cleaner
    /// task, shutdown), which share each file's `.tmp` name.
    checkpoint_writes: Mutex<()>,
}

impl LogManager {
    /// Opens every directory of `log_dirs`: creates each, takes its `.lock`
    /// (`DirectoryLocked` if another process or manager holds it), checks or
    /// writes its `meta.properties`, and opens every `<topic>-<partition>`
    /// directory in any of them with `default_config` (the broker applies
    /// topic overrides afterwards with `PartitionLog::update_config`).
    ///
    /// `cluster_id`: None keeps the one in `meta.properties` or generates
    /// one; a different id than a stored one is an error, as is a different
    /// broker id, as are two directories that name different clusters. The
    /// same directory listed twice and the same partition found in two
    /// directories are refused too (Kafka's start-up errors).
    pub fn open(
        log_dirs: &[PathBuf],
        broker_id: i32,
        cluster_id: Option<&str>,
        default_config: LogConfig,
    ) -> Result<LogManager> {
        if log_dirs.is_empty() {
            return Err(StorageError::InvalidConfig("log.dirs is empty".into()));
        }
        let health: Vec<Arc<LogDirHealth>> = log_dirs
            .iter()
            .map(|d| Arc::new(LogDirHealth::new(d)))
            .collect();
        let locks = create_and_lock(log_dirs, &health)?;
        let cluster_id = settle_meta_properties(log_dirs, &health, broker_id, cluster_id)?;
        let (found, found_futures) = scan_partitions(log_dirs, &health)?;
        let mut logs = LogMap::new();
        let mut futures = LogMap::new();
        let mut clean_markers = Vec::new();
        for (i, dir) in log_dirs.iter().enumerate() {
            if !health[i].is_online() {
                continue;
            }
            let in_dir = found.iter().filter(|(_, (d, _))| *d == i);
            let futures_in_dir = found_futures.iter().filter(|(_, (d, _))| *d == i);
            match load_dir(dir, in_dir, futures_in_dir, default_config, &health[i]) {
                Ok((loaded, loaded_futures, clean_marker)) => {
                    logs.extend(loaded);
                    futures.extend(loaded_futures);
                    clean_markers.extend(clean_marker);
                }
                Err(e) if fails_dir(&e) => {
                    health[i].fail("Error while loading log dir", &e);
                }
                Err(e) => return Err(e),
            }
        }
        require_a_live_dir(log_dirs, &health)?;
        // Only once every directory has loaded: from now on the logs change
        // again, and the next start must recover unless this run shuts down
        // cleanly too.
        for marker in clean_markers {
            fs::remove_file(&marker).at(&marker)?;
        }
        // A move a restart cut short keeps its log's cleaning paused until it ends (Kafka
        // pauses it again when it resumes the future replica's copy).
        for key in futures.keys() {
            if let Some(current) = logs.get(key) {
                current.log.pause_cleaning();
            }
        }
        Ok(LogManager {
            dirs: log_dirs.to_vec(),
            health,
            _locks: locks,
            broker_id,
            cluster_id,
            default_config,
            logs: RwLock::new(logs),
            futures: RwLock::new(futures),
            preferred_dirs: Mutex::new(HashMap::new()),
            future_changes: Mutex::new(()),
            checkpoint_writes: Mutex::new(()),
        })
    }

    /// The directories that are offline (failed at start-up or since), as `log.dirs` names
    /// them; empty while all are healthy.
    pub fn offline_dirs(&self) -> Vec<&Path> {
        self.health
            .iter()
            .filter(|h| !h.is_online())
            .map(|h| h.dir())
            .collect()
    }

    /// Refuses to create anew the log of a partition this broker held before while a log
    /// directory is offline: the partition's data may be in that directory, and a new empty
    /// log elsewhere would fork it (Kafka's `getOrCreateLog` with `isNew = false`). Callers
    /// check this before [`LogManager::create_log_with_topic_id`] for a partition that is
    /// not new; the partition stays offline until the directory is back.
    pub fn check_recreate(&self, topic: &str, partition: i32) -> Result<()> {
        let offline = self.offline_dirs();
        if offline.is_empty() || self.get_log(topic, partition).is_some() {
            return Ok(());
        }
        Err(StorageError::CannotCreateLog {
            partition: format!("{topic}-{partition}"),
            dirs: offline
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(","),
        })
    }

    /// The log directories in use, in `log.dirs` order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The health of each log directory, in `log.dirs` order.
    pub fn dir_health(&self) -> &[Arc<LogDirHealth>] {
        &self.health
    }

    /// Each log directory's health with the logs it holds, in `log.dirs` order (for
    /// DescribeLogDirs).
    pub fn logs_per_dir(&self) -> Vec<(Arc<LogDirHealth>, Vec<Arc<PartitionLog>>)> {
        self.health
            .iter()
            .cloned()
            .zip(self.current_logs_by_dir())
            .collect()
    }

    /// The cluster id (given, stored or generated).
    pub fn cluster_id(&self) -> &str {
        &self.cluster_id
    }

    /// The broker id these directories belong to.
    pub fn broker_id(&self) -> i32 {
        self.broker_id
    }

    /// The configuration logs found at start-up were opened with.
    pub fn default_config(&self) -> LogConfig {
        self.default_config
    }

    /// Returns the log of `topic`-`partition`, creating it (directory and
    /// first segment) if it does not exist. An existing log is returned as is.
    pub fn create_log(
        &self,
        topic: &str,
        partition: i32,
        config: LogConfig,
    ) -> Result<Arc<PartitionLog>> {
        self.create_log_with_topic_id(topic, partition, config, None)
    }

    /// [`LogManager::create_log`] that also writes `partition.metadata` with
    /// the topic id when the log is created. A new log goes to the directory
    /// that holds the fewest partitions (see [`next_log_dir`]).
    pub fn create_log_with_topic_id(
        &self,
        topic: &str,
        partition: i32,
        config: LogConfig,
        topic_id: Option<[u8; 16]>,
    ) -> Result<Arc<PartitionLog>> {
        validate_topic_name(topic)?;
        if partition < 0 {
            return Err(StorageError::InvalidConfig(format!(
                "negative partition {partition}"
            )));
        }
        let mut logs = self.logs.write().unwrap_or_else(PoisonError::into_inner);
        let key = (topic.to_string(), partition);
        if let Some(placed) = logs.get(&key) {
            return Ok(Arc::clone(&placed.log));
        }
        // As Kafka's nextLogDirs: only online directories take new partitions, and a
        // directory AlterReplicaLogDirs chose for the partition comes first.
        let online: Vec<bool> = self.health.iter().map(|h| h.is_online()).collect();
        let preferred = self
            .preferred_dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key)
            .filter(|&d| online[d]);
        let Some(dir) = preferred.or_else(|| next_log_dir(&online, logs.values().map(|p| p.dir)))
        else {
            return Err(self.health[0].offline_error());
        };
        let log_dir = &self.dirs[dir];
        let part_dir = log_dir.join(format!("{topic}-{partition}"));
        fs::create_dir_all(&part_dir).at(&part_dir)?;
        if let Some(id) = topic_id {
            PartitionLog::write_partition_metadata(&part_dir, id)?;
        }
        let log = Arc::new(
            PartitionLog::open(log_dir, topic, partition, config, None, None)?
                .with_health(Arc::clone(&self.health[dir])),
        );
        tracing::debug!(
            "created log for partition {topic}-{partition} in {}",
            log_dir.display()
        );
        logs.insert(
            key,
            Placed {
                dir,
                log: Arc::clone(&log),
            },
        );
        Ok(log)
    }

    /// The log of `topic`-`partition`, if it exists.
    pub fn get_log(&self, topic: &str, partition: i32) -> Option<Arc<PartitionLog>> {
        self.logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(topic.to_string(), partition))
            .map(|p| Arc::clone(&p.log))
    }

    /// All logs, in no particular order.
    pub fn logs(&self) -> Vec<Arc<PartitionLog>> {
        self.logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(|p| Arc::clone(&p.log))
            .collect()
    }

    /// The logs of each directory, by directory index, future replicas included (they
    /// are checkpointed, flushed and closed in their directory like the others, as Kafka's).
    fn logs_by_dir(&self) -> Vec<Vec<Arc<PartitionLog>>> {
        let mut by_dir = self.current_logs_by_dir();
        for (i, futures) in self.future_logs_by_dir().into_iter().enumerate() {
            by_dir[i].extend(futures);
        }
        by_dir
    }

    /// The logs (not future replicas) of each directory, by directory index.
    fn current_logs_by_dir(&self) -> Vec<Vec<Arc<PartitionLog>>> {
        by_dir(self.dirs.len(), &self.logs)
    }

    /// The future replicas of each directory, by directory index.
    fn future_logs_by_dir(&self) -> Vec<Vec<Arc<PartitionLog>>> {
        by_dir(self.dirs.len(), &self.futures)
    }

    /// Each log directory's health with the future replicas it holds, in `log.dirs` order
    /// (for DescribeLogDirs, which reports them with `isFuture`).
    pub fn future_logs_per_dir(&self) -> Vec<(Arc<LogDirHealth>, Vec<Arc<PartitionLog>>)> {
        self.health
            .iter()
            .cloned()
            .zip(self.future_logs_by_dir())
            .collect()
    }

    /// Removes a log and its directory (renamed to
    /// `<topic>-<p>.<uuid>-delete` in the same log directory first, so a
    /// crash mid-removal is finished at the next start). Returns false if
    /// there was no such log. Readers holding the `Arc` keep working on open
    /// files.
    pub fn delete_log(&self, topic: &str, partition: i32) -> Result<bool> {
        let removed = self
            .logs
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(topic.to_string(), partition));
        self.preferred_dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(topic.to_string(), partition));
        // The partition's future replica goes with it.
        self.remove_future_log(topic, partition)?;
        let Some(placed) = removed else {
            return Ok(false);
        };
        remove_placed(&self.dirs, topic, partition, &placed)?;
        Ok(true)
    }

    /// The index in `log.dirs` of the log directory `path` names (compared as absolute
    /// paths, as Kafka does); `LogDirNotFound` for any other path.
    pub fn log_dir_index(&self, path: &str) -> Result<usize> {
        let wanted = std::path::absolute(path).ok();
        self.dirs
            .iter()
            .position(|d| wanted.is_some() && std::path::absolute(d).ok() == wanted)
            .ok_or_else(|| StorageError::LogDirNotFound(path.to_string()))
    }

    /// AlterReplicaLogDirs for one partition (Kafka's `ReplicaManager.alterReplicaLogDirs`
    /// with `Partition.maybeCreateFutureReplica`): `dest` must be an online directory of
    /// `log.dirs` (`LogDirNotFound`, `LogDirOffline`). A future replica bound elsewhere is
    /// dropped. For a partition this broker does not hold, `dest` is remembered for its
    /// creation and `NotHosted` returned; for one already in `dest`, nothing more happens;
    /// else its future replica is created in `dest` (empty, starting where the log's first
    /// batch does) unless it exists, and returned for the caller to fill. No future replica
    /// is created while a directory is offline (it could hold another one; Kafka's rule).
    pub fn alter_log_dir(&self, topic: &str, partition: i32, dest: &str) -> Result<LogDirMove> {
        let _changing = self.lock_future_changes();
        let dir = self.log_dir_index(dest)?;
        if !self.health[dir].is_online() {
            return Err(self.health[dir].offline_error());
        }
        let key = (topic.to_string(), partition);
        if self
            .futures
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .is_some_and(|f| f.dir != dir)
        {
            self.drop_future_log(topic, partition)?;
        }
        let current = self
            .logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .map(|p| (p.dir, Arc::clone(&p.log)));
        let Some((current_dir, current)) = current else {
            self.preferred_dirs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, dir);
            return Ok(LogDirMove::NotHosted);
        };
        if !current.is_online() {
            return Err(current.log_dir_health().offline_error());
        }
        if current_dir == dir {
            return Ok(LogDirMove::AlreadyThere);
        }
        if let Some(offline) = self.health.iter().find(|h| !h.is_online()) {
            return Err(offline.offline_error());
        }
        if let Some(existing) = self.future_log(topic, partition) {
            return Ok(LogDirMove::Moving(existing));
        }
        // Paused from before the copy's start is chosen until the future replica is
        // dropped or swapped in (Kafka's abortAndPauseCleaning when it creates one).
        current.pause_cleaning();
        let created = self.create_future_log(&key, dir, current_dir, &current);
        if created.is_err() || matches!(created, Ok((_, false))) {
            current.resume_cleaning();
        }
        created.map(|(future, _)| LogDirMove::Moving(future))
    }

    /// Creates the future replica of `current` (the log of `key`, in directory
    /// `current_dir`) in directory `dir`, empty from [`PartitionLog::future_start_offset`].
    /// Returns it and true, or the one another request created meanwhile and false.
    fn create_future_log(
        &self,
        key: &(String, i32),
        dir: usize,
        current_dir: usize,
        current: &PartitionLog,
    ) -> Result<(Arc<PartitionLog>, bool)> {
        let (topic, partition) = (key.0.as_str(), key.1);
        let start = current.future_start_offset()?;
        let mut futures = self.futures.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = futures.get(key) {
            return Ok((Arc::clone(&existing.log), false));
        }
        let log_dir = &self.dirs[dir];
        let future_dir = log_dir.join(dir_name_with_suffix(topic, partition, FUTURE_DIR_SUFFIX));
        fs::create_dir_all(&future_dir).at(&future_dir)?;
        if let Some(id) = current.topic_id() {
            PartitionLog::write_partition_metadata(&future_dir, id)?;
        }
        let hints = OpenHints {
            log_start_offset: Some(start),
            ..OpenHints::default()
        };
        let future = Arc::new(
            PartitionLog::open_in(
                future_dir.clone(),
                log_dir,
                topic,
                partition,
                current.config(),
                hints,
            )?
            .with_health(Arc::clone(&self.health[dir])),
        );
        tracing::info!(
            "created the future replica of {topic}-{partition} in {} to move its log from {}",
            future_dir.display(),
            self.dirs[current_dir].display()
        );
        futures.insert(
            key.clone(),
            Placed {
                dir,
                log: Arc::clone(&future),
            },
        );
        Ok((future, true))
    }

    /// The future replica of `topic`-`partition`, if one is being built.
    pub fn future_log(&self, topic: &str, partition: i32) -> Option<Arc<PartitionLog>> {
        self.futures
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(topic.to_string(), partition))
            .map(|p| Arc::clone(&p.log))
    }

    /// Every future replica, in no particular order (the broker resumes their copies at
    /// start-up).
    pub fn future_logs(&self) -> Vec<Arc<PartitionLog>> {
        self.futures
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(|p| Arc::clone(&p.log))
            .collect()
    }

    /// Drops the future replica of `topic`-`partition` and removes its directory, and lets
    /// the cleaner at the log again; false if there was none.
    pub fn remove_future_log(&self, topic: &str, partition: i32) -> Result<bool> {
        let _changing = self.lock_future_changes();
        self.drop_future_log(topic, partition)
    }

    fn lock_future_changes(&self) -> std::sync::MutexGuard<'_, ()> {
        self.future_changes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// [`LogManager::remove_future_log`] with `future_changes` held.
    fn drop_future_log(&self, topic: &str, partition: i32) -> Result<bool> {
        let removed = self
            .futures
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(topic.to_string(), partition));
        let Some(placed) = removed else {
            return Ok(false);
        };
        // Kafka 3.9 leaves the cleaning of a log whose move was cancelled paused until the
        // broker restarts (its asyncDelete of a future log resumes nothing); kt resumes it.
        if let Some(current) = self.get_log(topic, partition) {
            current.resume_cleaning();
        }
        remove_placed(&self.dirs, topic, partition, &placed)?;
        Ok(true)
    }

    /// Makes the future replica of `topic`-`partition` its log (see
    /// [`PartitionLog::replace_with_future`]; `FutureNotCaughtUp` leaves both as they
    /// were), writes the checkpoint files of both directories (the log leaves one and
    /// joins the other; Kafka's swap checkpoints the source directory and moves the
    /// cleaner's entry), then removes the old directory. The log keeps its `Arc`: every
    /// holder now works on the new directory. False when there is no future replica or no
    /// log.
    pub fn replace_current_with_future(&self, topic: &str, partition: i32) -> Result<bool> {
        let _changing = self.lock_future_changes();
        let key = (topic.to_string(), partition);
        let current = self.get_log(topic, partition);
        let future = self
            .futures
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .map(|p| (p.dir, Arc::clone(&p.log)));
        let (Some(current), Some((dir, future))) = (current, future) else {
            return Ok(false);
        };
        let Some(old_dir) = self.current_dir_of(&key) else {
            return Ok(false);
        };
        let doomed =
            current.replace_with_future(&future, &self.dirs[dir], Arc::clone(&self.health[dir]))?;
        {
            // The checkpoint writers list each directory's logs by the placement below. A
            // periodic checkpoint holds this lock from that listing to its last write, so
            // it either ran before the new placement (and listed the log under its old
            // directory: both directories' files are written again here) or runs after.
            let _writing = self
                .checkpoint_writes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            {
                let mut logs = self.logs.write().unwrap_or_else(PoisonError::into_inner);
                if let Some(placed) = logs.get_mut(&key) {
                    placed.dir = dir;
                }
                self.futures
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&key);
            }
            let by_dir = self.logs_by_dir();
            for d in [old_dir, dir] {
                if !self.health[d].is_online() {
                    continue;
                }
                // The move is done; a failed write is tried again by the next checkpoint.
                if let Err(e) = checkpoint_dir(&self.dirs[d], &by_dir[d]) {
                    tracing::warn!(
                        "writing the checkpoints of {} after the move of {topic}-{partition}: \
                         {e}",
                        self.dirs[d].display()
                    );
                }
            }
        }
        // The move is over: the cleaner may rewrite the log in its new directory.
        current.resume_cleaning();
        fs::remove_dir_all(&doomed).at(&doomed)?;
        Ok(true)
    }

    /// The index of the directory the log of `key` is in.
    fn current_dir_of(&self, key: &(String, i32)) -> Option<usize> {
        self.logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .map(|p| p.dir)
    }

    /// Writes the recovery-point, log-start-offset and replication (high
    /// watermark) checkpoint files of every log directory, each listing the
    /// logs in that directory. A failing directory does not keep the others
    /// from being written: the first error is returned after all were tried.
    pub fn checkpoint(&self) -> Result<()> {
        let _writing = self
            .checkpoint_writes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut first_error = None;
        for ((dir, logs), health) in self.dirs.iter().zip(self.logs_by_dir()).zip(&self.health) {
            // Kafka drops an offline directory's checkpoints: the next start recovers it.
            if !health.is_online() {
                continue;
            }
            if let Err(e) = checkpoint_dir(dir, &logs) {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// The logs in online directories: the periodic tasks leave an offline one alone, as
    /// Kafka stops serving its logs.
    fn online_logs(&self) -> Vec<Arc<PartitionLog>> {
        let mut logs = self.logs();
        logs.retain(|log| log.is_online());
        logs
    }

    /// fsyncs every log.
    pub fn flush_all(&self) -> Result<()> {
        for log in self.logs() {
            log.flush()?;
        }
        Ok(())
    }

    /// Applies each log's time-based flush policy; for a periodic task. A
    /// failing log does not keep the others from being flushed: the first
    /// error is returned after all were tried.
    pub fn maybe_flush_all(&self, now_ms: i64) -> Result<()> {
        let mut first_error = None;
        for log in self.online_logs() {
            if let Err(e) = log.maybe_flush(now_ms) {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Applies retention to every log; returns the segments deleted. For a
    /// periodic task (Kafka: `log.retention.check.interval.ms`). Like
    /// [`LogManager::maybe_flush_all`], every log is tried before an error
    /// is returned.
    pub fn apply_retention_all(&self, now_ms: i64) -> Result<usize> {
        let mut n = 0;
        let mut first_error = None;
        for log in self.online_logs() {
            match log.apply_retention(now_ms) {
                Ok(deleted) => n += deleted,
                Err(e) => {
                    take_offline_on_io_error(&log, "Error while deleting segments for", &e);
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(n), Err)
    }

    /// One log-cleaner pass over every compacted log that is dirty enough (Kafka's
    /// `log.cleaner.*`, `cleaner` the broker-wide ones), except those `skip` names by topic;
    /// then writes each directory's
    /// `cleaner-offset-checkpoint`. For a periodic task. Returns the records removed; every
    /// log is tried before an error is returned. A log with a damaged batch is logged once
    /// and marked uncleanable ([`PartitionLog::is_uncleanable`]), not returned as an error.
    pub fn clean_all(
        &self,
        now_ms: i64,
        cleaner: &CleanerConfig,
        skip: impl Fn(&str) -> bool,
    ) -> Result<i64> {
        let mut removed = 0;
        let mut cleaned_any = false;
        let mut first_error = None;
        for log in self.online_logs() {
            if skip(log.topic()) {
                continue;
            }
            match log.clean_using(now_ms, cleaner) {
                Ok(Some(stats)) => {
                    cleaned_any = true;
                    removed += stats.records_removed;
                }
                Ok(None) => {}
                Err(e) if e.is_corruption() => {
                    // Handled here and logged once: the log is now uncleanable and later
                    // passes skip it, so it is not returned as a failure of the pass.
                    tracing::error!(
                        "cleaning {}-{} failed: {e}. The partition is marked uncleanable: the \
                         log cleaner leaves it as it is (nothing removed or rewritten) until \
                         the broker restarts",
                        log.topic(),
                        log.partition()
                    );
                }
                Err(e) => {
                    tracing::error!("cleaning {}-{} failed: {e}", log.topic(), log.partition());
                    take_offline_on_io_error(&log, "Failed to clean up log for", &e);
                    first_error.get_or_insert(e);
                }
            }
        }
        if cleaned_any {
            let _writing = self
                .checkpoint_writes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            for ((dir, logs), health) in self.dirs.iter().zip(self.logs_by_dir()).zip(&self.health)
            {
                if !health.is_online() {
                    continue;
                }
                if let Err(e) = write_cleaner_checkpoint(dir, &logs) {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(removed), Err)
    }

    /// Clean shutdown, directory by directory as Kafka does: closes (seals +
    /// flushes) the directory's logs, writes its checkpoints and its
    /// clean-shutdown marker. A directory that fails gets no marker (its
    /// logs are recovered at the next start) but does not keep the others
    /// from shutting down cleanly; the first error is returned. An offline
    /// directory's logs are still flushed (what was acknowledged there is
    /// kept), but it gets neither checkpoints nor a marker, and counts as an
    /// error: its shutdown was not clean. Deletes nothing. The locks are
    /// released when the manager is dropped.
    pub fn shutdown(&self) -> Result<()> {
        let mut first_error = None;
        for ((dir, logs), health) in self.dirs.iter().zip(self.logs_by_dir()).zip(&self.health) {
            let result = if health.is_online() {
                shutdown_dir(dir, &logs)
            } else {
                flush_offline_dir(health, &logs)
            };
            if let Err(e) = result {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// The logs of `map` by directory index (`dirs` directories).
fn by_dir(dirs: usize, map: &RwLock<LogMap>) -> Vec<Vec<Arc<PartitionLog>>> {
    let mut by_dir = vec![Vec::new(); dirs];
    for placed in map.read().unwrap_or_else(PoisonError::into_inner).values() {
        by_dir[placed.dir].push(Arc::clone(&placed.log));
    }
    by_dir
}

/// Retires a log taken out of the manager and removes its directory, renamed
/// `<topic>-<p>.<id>-delete` in the same log directory first (a crash mid-removal is finished
/// at the next start).
fn remove_placed(dirs: &[PathBuf], topic: &str, partition: i32, placed: &Placed) -> Result<()> {
    placed.log.retire();
    let dir = placed.log.dir();
    let doomed = dirs[placed.dir].join(dir_name_with_suffix(topic, partition, DELETE_DIR_SUFFIX));
    fs::rename(&dir, &doomed).at(&dir)?;
    fs::remove_dir_all(&doomed).at(&doomed)?;
    Ok(())
}

/// As Kafka's retention and log cleaner do: an I/O error on a log (not a bad batch) takes its
/// log directory offline, `what` naming the operation in the log line.
fn take_offline_on_io_error(log: &PartitionLog, what: &str, error: &StorageError) {
    // A log deleted while the task ran has lost its files: that is no failure of the disk.
    if matches!(error, StorageError::Io { .. }) && !log.is_retired() {
        log.log_dir_health().fail(
            &format!("{what} {}-{}", log.topic(), log.partition()),
            error,
        );
    }
}

/// Kafka's `nextLogDirs`: the online directory (index into `online`, one flag
/// per directory) holding the fewest partitions, given the directory index of
/// every existing log; a tie goes to the one listed first in `log.dirs`. Sizes
/// are not looked at, and a partition never moves once placed. None when every
/// directory is offline.
fn next_log_dir(online: &[bool], placed: impl Iterator<Item = usize>) -> Option<usize> {
    if let [only] = online {
        // One directory: no need to count (creating n partitions stays O(n), not O(n^2)).
        return only.then_some(0);
    }
    let mut counts = vec![0usize; online.len()];
    for dir in placed {
        counts[dir] += 1;
    }
    (0..online.len())
        .filter(|&i| online[i])
        .min_by_key(|&i| (counts[i], i))
}

/// Whether an error met while opening a log directory takes that directory offline (an
/// I/O error or a malformed checkpoint, as Kafka's `IOException`s at start-up) rather than
/// stopping the broker (a configuration conflict, a duplicate partition, a held lock).
fn fails_dir(error: &StorageError) -> bool {
    matches!(
        error,
        StorageError::Io { .. } | StorageError::InvalidCheckpoint { .. }
    )
}

/// Takes `health`'s directory offline if `result` failed in a way that [`fails_dir`] (None
/// then); other errors are returned. `what` is Kafka's wording of the step.
fn or_offline<T>(result: Result<T>, health: &LogDirHealth, what: &str) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if fails_dir(&e) => {
            health.fail(what, &e);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Kafka's refusal to start when every log directory failed at start-up.
fn require_a_live_dir(log_dirs: &[PathBuf], health: &[Arc<LogDirHealth>]) -> Result<()> {
    if health.iter().any(|h| h.is_online()) {
        return Ok(());
    }
    Err(StorageError::InvalidConfig(format!(
        "Shutdown broker because none of the specified log dirs from {} can be created or \
         validated",
        log_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Creates each directory and takes its `.lock`. A directory that cannot be created or
/// read goes offline (Kafka's "Failed to create or validate data directory"), and the
/// broker starts with the others. The same directory listed twice (under any spelling) is
/// refused, as Kafka does: its one lock could not be taken twice anyway, and its partitions
/// would be loaded twice. A lock held by another process stops the start.
fn create_and_lock(log_dirs: &[PathBuf], health: &[Arc<LogDirHealth>]) -> Result<Vec<File>> {
    let mut canonical: Vec<PathBuf> = Vec::with_capacity(log_dirs.len());
    let mut locks = Vec::with_capacity(log_dirs.len());
    for (dir, health) in log_dirs.iter().zip(health) {
        let real = (|| {
            fs::create_dir_all(dir).at(dir)?;
            fs::read_dir(dir).at(dir)?;
            fs::canonicalize(dir).at(dir)
        })();
        let Some(real) = or_offline(real, health, "Failed to create or validate data directory")?
        else {
            continue;
        };
        if canonical.contains(&real) {
            let listed: Vec<String> = log_dirs.iter().map(|d| d.display().to_string()).collect();
            return Err(StorageError::InvalidConfig(format!(
                "Duplicate log directory found: {}",
                listed.join(", ")
            )));
        }
        canonical.push(real);
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .at(&lock_path);
        let Some(lock) = or_offline(lock, health, "Disk error while locking directory")? else {
            continue;
        };
        if lock.try_lock().is_err() {
            return Err(StorageError::DirectoryLocked(dir.clone()));
        }
        locks.push(lock);
    }
    require_a_live_dir(log_dirs, health)?;
    Ok(locks)
}

/// Checks every online directory's `meta.properties` against `broker_id`, the given
/// cluster id and each other, settles the cluster id (given, else stored,
/// else a new one) and writes `meta.properties` where it is missing or out of
/// date (a directory newly added to `log.dirs` gets one like the others'). A directory
/// whose file cannot be read or written goes offline.
fn settle_meta_properties(
    log_dirs: &[PathBuf],
    health: &[Arc<LogDirHealth>],
    broker_id: i32,
    given: Option<&str>,
) -> Result<String> {
    let mut existing = Vec::with_capacity(log_dirs.len());
    // The first stored cluster id and the file it came from.
    let mut stored: Option<(String, PathBuf)> = None;
    for (dir, health) in log_dirs.iter().zip(health) {
        if !health.is_online() {
            existing.push(None);
            continue;
        }
        let meta_path = dir.join(META_PROPERTIES);
        let Some(meta) = or_offline(
            MetaProperties::read(dir),
            health,
            "Fail to read meta.properties file under log directory",
        )?
        else {
            existing.push(None);
            continue;
        };
        let bad = |reason: String| StorageError::InvalidMetaProperties {
            path: meta_path.clone(),
            reason,
        };
        if let Some(m) = &meta {
            match m.broker_id {
                Some(b) if b != broker_id => {
                    return Err(bad(format!(
                        "stored broker.id {b} does not match configured broker.id {broker_id}"
                    )))
                }
                _ => {}
            }
            if let Some(id) = &m.cluster_id {
                match (given, &stored) {
                    (Some(g), _) if g != id => {
                        return Err(bad(format!(
                            "stored cluster.id {id} does not match cluster id {g}"
                        )))
                    }
                    (_, Some((first, first_path))) if first != id => {
                        return Err(bad(format!(
                            "stored cluster.id {id} does not match cluster.id {first} in {} \
                             (the directories of log.dirs belong to different clusters)",
                            first_path.display()
                        )))
                    }
                    (_, Some(_)) => {}
                    (_, None) => stored = Some((id.clone(), meta_path.clone())),
                }
            }
        }
        existing.push(meta);
    }
    let cluster_id = match (given, stored) {
        (Some(g), _) => g.to_string(),
        (None, Some((id, _))) => id,
        (None, None) => generate_cluster_id(),
    };
    let wanted = MetaProperties {
        version: Some(0),
        broker_id: Some(broker_id),
        cluster_id: Some(cluster_id.clone()),
        directory_id: None,
    };
    for ((dir, meta), health) in log_dirs.iter().zip(existing).zip(health) {
        // A file that already names this broker and cluster is kept as it is: a KRaft
        // node's version-1 file (with its directory.id) must not be rewritten as version 0.
        let settled = meta.as_ref().is_some_and(|m| {
            m.broker_id == Some(broker_id) && m.cluster_id.as_deref() == Some(cluster_id.as_str())
        });
        if health.is_online() && !settled {
            or_offline(
                wanted.write(dir),
                health,
                "Fail to write meta.properties file under log directory",
            )?;
        }
    }
    require_a_live_dir(log_dirs, health)?;
    Ok(cluster_id)
}

/// The partitions in every online directory, each with the index of its directory
/// and its path, finishing deletions a crash interrupted on the way. A directory that
/// cannot be listed goes offline. The same partition in two directories is refused: which
/// copy is the log is not knowable, so a person has to remove one (Kafka refuses this too).
fn scan_partitions(log_dirs: &[PathBuf], health: &[Arc<LogDirHealth>]) -> Result<(Found, Found)> {
    let mut found: Found = HashMap::new();
    let mut futures: Found = HashMap::new();
    for (i, (dir, health)) in log_dirs.iter().zip(health).enumerate() {
        if !health.is_online() {
            continue;
        }
        let Some((in_dir, futures_in_dir)) =
            or_offline(scan_dir(dir), health, "Error while loading log dir")?
        else {
            continue;
        };
        for (key, path) in futures_in_dir {
            if let Some((_, other)) = futures.get(&key) {
                return Err(StorageError::DuplicateLog {
                    partition: format!("{}-{}", key.0, key.1),
                    first: other.clone(),
                    second: path,
                });
            }
            futures.insert(key, (i, path));
        }
        for (key, path) in in_dir {
            if let Some((_, other)) = found.get(&key) {
                return Err(StorageError::DuplicateLog {
                    partition: format!("{}-{}", key.0, key.1),
                    first: other.clone(),
                    second: path,
                });
            }
            found.insert(key, (i, path));
        }
    }
    // A future replica whose log is gone has nothing to replace: Kafka loads it all the
    // same, and the next AlterReplicaLogDirs or the partition's deletion settles it; kt
    // keeps it too (it is reported by DescribeLogDirs and removed with the partition).
    Ok((found, futures))
}

/// Partitions found in the log directories: each with the index of its directory and its
/// path.
type Found = HashMap<(String, i32), (usize, PathBuf)>;

/// A partition directory found in a log directory.
type FoundDir = ((String, i32), PathBuf);

/// The partition directories in one log directory, and its future replicas'.
fn scan_dir(dir: &Path) -> Result<(Vec<FoundDir>, Vec<FoundDir>)> {
    let mut found = Vec::new();
    let mut futures = Vec::new();
    for entry in fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let path = entry.path();
        if !entry.file_type().at(&path)?.is_dir() {
            continue;
        }
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if name == crate::kraft::METADATA_PARTITION_DIR {
            // KRaft's metadata log (the quorum's, not a topic's): the storage tool
            // writes it and the log manager leaves it alone, as Kafka's does.
            continue;
        }
        if let Some(key) = parse_future_dir_name(&name) {
            futures.push((key, path));
            continue;
        }
        if name.ends_with(DELETE_DIR_SUFFIX) {
            // A deletion interrupted by a crash: finish it.
            fs::remove_dir_all(&path).at(&path)?;
            continue;
        }
        let Some(key) = parse_topic_partition(&name) else {
            tracing::debug!("ignoring {} in log dir: not a partition", path.display());
            continue;
        };
        found.push((key, path));
    }
    Ok((found, futures))
}

/// Opens the partition logs found in one directory with its checkpoints; returns them and
/// the clean-shutdown marker to remove once every directory has loaded. Any error fails the
/// whole directory, as Kafka's `loadLogs` does.
fn load_dir<'a>(
    dir: &Path,
    found: impl Iterator<Item = (&'a (String, i32), &'a (usize, PathBuf))>,
    found_futures: impl Iterator<Item = (&'a (String, i32), &'a (usize, PathBuf))>,
    default_config: LogConfig,
    health: &Arc<LogDirHealth>,
) -> Result<(LogMap, LogMap, Option<PathBuf>)> {
    let clean_marker = dir.join(CLEAN_SHUTDOWN_FILE);
    let clean_shutdown = clean_marker.exists();
    let recovery = read_checkpoint(&dir.join(RECOVERY_POINT_CHECKPOINT))?;
    let starts = read_checkpoint(&dir.join(LOG_START_OFFSET_CHECKPOINT))?;
    let cleaned = read_checkpoint(&dir.join(CLEANER_OFFSET_CHECKPOINT))?;
    let found: Vec<_> = found
        .map(|f| (f, false))
        .chain(found_futures.map(|f| (f, true)))
        .collect();
    // Partitions open independently of each other: a small pool of threads opens them
    // (Kafka's `num.recovery.threads.per.data.dir`), which overlaps their file reads and
    // any recovery, instead of one partition after the other.
    let opened = in_parallel(&found, |((key, (_, path)), _)| {
        let hints = OpenHints {
            recovery_point: recovery.get(*key).copied(),
            log_start_offset: starts.get(*key).copied(),
            clean_shutdown,
            cleaner_offset: cleaned.get(*key).copied(),
            open_files: None,
        };
        PartitionLog::open_in(path.clone(), dir, &key.0, key.1, default_config, hints)
    });
    let mut logs = LogMap::with_capacity(found.len());
    let mut futures = LogMap::new();
    for (((key, (index, _)), future), log) in found.into_iter().zip(opened) {
        if future {
            tracing::info!(
                "loaded the future replica of {}-{} in {}: the move of its log resumes",
                key.0,
                key.1,
                dir.display()
            );
        }
        let map = if future { &mut futures } else { &mut logs };
        map.insert(
            key.clone(),
            Placed {
                dir: *index,
                log: Arc::new(log?.with_health(Arc::clone(health))),
            },
        );
    }
    tracing::info!(
        "loaded {} partition logs from {} (clean shutdown before: {clean_shutdown})",
        logs.len(),
        dir.display(),
    );
    Ok((logs, futures, clean_shutdown.then_some(clean_marker)))
}

/// Writes one directory's three checkpoint files for the logs in it.
fn checkpoint_dir(dir: &Path, logs: &[Arc<PartitionLog>]) -> Result<()> {
    let mut recovery = Checkpoint::new();
    let mut starts = Checkpoint::new();
    let mut hws = Checkpoint::new();
    for log in logs {
        let key = (log.topic().to_string(), log.partition());
        recovery.insert(key.clone(), log.recovery_point());
        starts.insert(key.clone(), log.log_start_offset());
        hws.insert(key, log.high_watermark());
    }
    write_checkpoint(&dir.join(RECOVERY_POINT_CHECKPOINT), &recovery)?;
    write_checkpoint(&dir.join(LOG_START_OFFSET_CHECKPOINT), &starts)?;
    write_checkpoint(&dir.join(REPLICATION_OFFSET_CHECKPOINT), &hws)?;
    write_cleaner_checkpoint(dir, logs)
}

/// Writes a directory's `cleaner-offset-checkpoint`: the clean offset of its compacted logs.
fn write_cleaner_checkpoint(dir: &Path, logs: &[Arc<PartitionLog>]) -> Result<()> {
    let cleaned: Checkpoint = logs
        .iter()
        .filter(|log| log.config().compact)
        .map(|log| {
            (
                (log.topic().to_string(), log.partition()),
                log.cleaner_offset(),
            )
        })
        .collect();
    write_checkpoint(&dir.join(CLEANER_OFFSET_CHECKPOINT), &cleaned)
}

/// An offline directory's part of a shutdown: flush what its logs hold (an
/// fsync needs no space, and keeps what was acknowledged there), leave its
/// checkpoints and marker alone so the next start recovers it, and report it.
fn flush_offline_dir(health: &LogDirHealth, logs: &[Arc<PartitionLog>]) -> Result<()> {
    let mut first_error = None;
    for log in logs {
        if let Err(e) = log.flush() {
            first_error.get_or_insert(e);
        }
    }
    Err(first_error.unwrap_or_else(|| health.offline_error()))
}

/// One directory's part of a clean shutdown: close its logs, checkpoint them
/// and mark the directory cleanly shut down.
fn shutdown_dir(dir: &Path, logs: &[Arc<PartitionLog>]) -> Result<()> {
    // Closing is mostly waiting for fsyncs: several at once share the file system's journal
    // commits. Every log is closed before the first error is returned.
    in_parallel(logs, |log| log.close())
        .into_iter()
        .collect::<Result<Vec<()>>>()?;
    checkpoint_dir(dir, logs)?;
    let marker = dir.join(CLEAN_SHUTDOWN_FILE);
    File::create(&marker)
        .and_then(|f| f.sync_all())
        .at(&marker)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The most threads that open (or close) the logs of one directory at once. Opening is
/// part reading files, part CPU; closing is waiting for fsyncs: a few threads keep a small
/// machine's cores and its disk busy without a thread per partition.
const MAX_LOG_THREADS: usize = 8;

/// `work` applied to every item by a bounded pool of scoped threads (at least 4, at most
/// [`MAX_LOG_THREADS`], never more than the items); the results in item order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.clamp(4, MAX_LOG_THREADS).min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(at) else { break };
                        done.push((at, work(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_unstable_by_key(|(at, _)| *at);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::test_util::plain;
    use std::io::Write;

    fn open(dir: &Path) -> Result<LogManager> {
        LogManager::open(
            &[dir.to_path_buf()],
            1,
            Some("abcdefghijklmnopqrstuv"),
            LogConfig::default(),
        )
    }

    #[test]
    fn topic_partition_names_split_at_last_dash() {
        assert_eq!(
            parse_topic_partition("my-topic-name-12"),
            Some(("my-topic-name".to_string(), 12))
        );
        assert_eq!(parse_topic_partition("t-0"), Some(("t".to_string(), 0)));
        assert_eq!(parse_topic_partition("t-0.abc-delete"), None);
        assert_eq!(parse_topic_partition("nodash"), None);
        assert_eq!(parse_topic_partition("-3"), None);
        // a topic may end with a dash
        assert_eq!(parse_topic_partition("t--1"), Some(("t-".to_string(), 1)));
        assert_eq!(parse_topic_partition("t-x"), None);
        assert!(validate_topic_name("../etc").is_err());
        assert!(validate_topic_name("a/b").is_err());
        assert!(validate_topic_name("ok.topic_1-x").is_ok());
    }

    #[test]
    fn the_pool_keeps_item_order_and_bounds_its_threads() {
        let items: Vec<usize> = (0..1000).collect();
        let threads = Mutex::new(std::collections::HashSet::new());
        let out = in_parallel(&items, |&i| {
            threads.lock().unwrap().insert(std::thread::current().id());
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let used = threads.lock().unwrap().len();
        assert!((1..=MAX_LOG_THREADS).contains(&used), "{used} threads");
        assert!(in_parallel(&[] as &[u8], |_| ()).is_empty());
    }

    #[test]
    fn many_partitions_open_in_parallel_after_a_crash_and_after_a_clean_stop() {
        let dir = tempfile::tempdir().unwrap();
        {
            let m = open(dir.path()).unwrap();
            for p in 0..64 {
                let log = m.create_log("t", p, LogConfig::default()).unwrap();
                log.append(&mut plain(1 + p as usize % 3, 10, 0)).unwrap();
            }
            // Dropped without a shutdown: a crash.
        }
        let expect = |m: &LogManager| {
            assert_eq!(m.logs().len(), 64);
            for p in 0..64 {
                let log = m.get_log("t", p).unwrap();
                assert_eq!(log.log_end_offset(), 1 + i64::from(p) % 3, "t-{p}");
            }
        };
        let m = open(dir.path()).unwrap();
        expect(&m);
        m.shutdown().unwrap();
        drop(m);
        assert!(dir.path().join(CLEAN_SHUTDOWN_FILE).exists());
        let m = open(dir.path()).unwrap();
        expect(&m);
        for p in 0..64 {
            let log = m.get_log("t", p).unwrap();
            assert_eq!(log.recovery_point(), log.log_end_offset(), "t-{p}");
        }
    }

    #[test]
    fn a_restart_after_a_clean_stop_loads_no_segment_until_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let m = open(dir.path()).unwrap();
        for p in 0..32 {
            let log = m.create_log("t", p, LogConfig::default()).unwrap();
            log.append(&mut plain(3, 10, 0)).unwrap();
        }
        m.shutdown().unwrap();
        drop(m);
        let m = open(dir.path()).unwrap();
        for p in 0..32 {
            let log = m.get_log("t", p).unwrap();
            assert_eq!(log.loaded_segments(), 0, "t-{p}");
            assert_eq!(log.log_end_offset(), 3, "t-{p}");
        }
        let log = m.get_log("t", 7).unwrap();
        assert_eq!(log.read(0, 1 << 20).unwrap().log_end_offset, 3);
        assert_eq!(log.loaded_segments(), 1);
        assert_eq!(log.append(&mut plain(1, 10, 0)).unwrap().base_offset, 3);
        // A crash (no shutdown): the active segments may hold unflushed data and are
        // recovered at the next start, each of them read whole.
        drop(m);
        let m = open(dir.path()).unwrap();
        for p in 0..32 {
            let log = m.get_log("t", p).unwrap();
            assert_eq!(log.loaded_segments(), 1, "t-{p}");
            assert_eq!(log.log_end_offset(), if p == 7 { 4 } else { 3 }, "t-{p}");
        }
    }

    #[test]
    fn second_manager_on_same_dir_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = open(dir.path()).unwrap();
        match open(dir.path()) {
            Err(StorageError::DirectoryLocked(p)) => assert_eq!(p, dir.path()),
            other => panic!("expected DirectoryLocked, got {other:?}"),
        }
        drop(first);
        open(dir.path()).unwrap();
    }

    #[test]
    fn meta_properties_written_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        {
            let m = LogManager::open(&[dir.path().to_path_buf()], 7, None, LogConfig::default())
                .unwrap();
            assert_eq!(m.cluster_id().len(), 22);
        }
        let meta = MetaProperties::read(dir.path()).unwrap().unwrap();
        assert_eq!(meta.version, Some(0));
        assert_eq!(meta.broker_id, Some(7));
        let cid = meta.cluster_id.clone().unwrap();
        let text = fs::read_to_string(dir.path().join(META_PROPERTIES)).unwrap();
        assert!(text.contains("version=0\n"));
        assert!(text.contains("broker.id=7\n"));
        assert!(text.contains(&format!("cluster.id={cid}\n")));
        // stored cluster id is kept; a different broker id or cluster id is refused
        let m =
            LogManager::open(&[dir.path().to_path_buf()], 7, None, LogConfig::default()).unwrap();
        assert_eq!(m.cluster_id(), cid);
        drop(m);
        assert!(matches!(
            LogManager::open(&[dir.path().to_path_buf()], 8, None, LogConfig::default()),
            Err(StorageError::InvalidMetaProperties { .. })
        ));
        assert!(matches!(
            LogManager::open(
                &[dir.path().to_path_buf()],
                7,
                Some("other"),
                LogConfig::default()
            ),
            Err(StorageError::InvalidMetaProperties { .. })
        ));
        assert!(matches!(
            LogManager::open(&[], 7, None, LogConfig::default()),
            Err(StorageError::InvalidConfig(_))
        ));
    }

    #[test]
    fn the_cleaner_checkpoint_survives_a_restart_and_skipped_topics_stay_dirty() {
        let dir = tempfile::tempdir().unwrap();
        let compact = LogConfig {
            compact: true,
            retention_ms: -1,
            ..LogConfig::default()
        };
        {
            let m = open(dir.path()).unwrap();
            let table = m.create_log("table", 0, compact).unwrap();
            let skipped = m.create_log("__consumer_offsets", 0, compact).unwrap();
            for log in [&table, &skipped] {
                for _ in 0..3 {
                    log.append(&mut plain(5, 10, 0)).unwrap();
                    log.force_roll().unwrap();
                }
            }
            let removed = m
                .clean_all(kt_base::clock::now_ms(), &CleanerConfig::default(), |t| {
                    t == "__consumer_offsets"
                })
                .unwrap();
            assert_eq!(removed, 10);
            assert_eq!(table.cleaner_offset(), 15);
            assert_eq!(skipped.cleaner_offset(), 0);
            let text = fs::read_to_string(dir.path().join(CLEANER_OFFSET_CHECKPOINT)).unwrap();
            assert!(text.contains("table 0 15\n"), "{text}");
            m.shutdown().unwrap();
        }
        let m = open(dir.path()).unwrap();
        let table = m.get_log("table", 0).unwrap();
        assert_eq!(table.cleaner_offset(), 15);
        table.update_config(compact);
        // Everything closed is clean already: no pass is due after the restart.
        assert_eq!(table.clean(kt_base::clock::now_ms()).unwrap(), None);
    }

    #[test]
    fn logs_and_checkpoints_survive_restart() {
        let dir = tempfile::tempdir().unwrap();
        let id = *uuid::Uuid::new_v4().as_bytes();
        {
            let m = open(dir.path()).unwrap();
            let a = m
                .create_log_with_topic_id("my-dashed-topic", 3, LogConfig::default(), Some(id))
                .unwrap();
            let b = m.create_log("t", 0, LogConfig::default()).unwrap();
            assert!(Arc::ptr_eq(
                &a,
                &m.create_log("my-dashed-topic", 3, LogConfig::default())
                    .unwrap()
            ));
            for _ in 0..3 {
                a.append(&mut plain(5, 10, 0)).unwrap();
            }
            b.append(&mut plain(2, 10, 0)).unwrap();
            a.delete_records_before(4).unwrap();
            m.shutdown().unwrap();
            let rp = read_checkpoint(&dir.path().join(RECOVERY_POINT_CHECKPOINT)).unwrap();
            assert_eq!(rp.get(&("my-dashed-topic".to_string(), 3)), Some(&15));
            assert_eq!(rp.get(&("t".to_string(), 0)), Some(&2));
            let text = fs::read_to_string(dir.path().join(LOG_START_OFFSET_CHECKPOINT)).unwrap();
            assert_eq!(text, "0\n2\nmy-dashed-topic 3 4\nt 0 0\n");
            let pm = fs::read_to_string(
                dir.path()
                    .join("my-dashed-topic-3")
                    .join(crate::PARTITION_METADATA_FILE),
            )
            .unwrap();
            assert!(pm.starts_with("version: 0\ntopic_id: "));
        }
        assert!(dir.path().join(CLEAN_SHUTDOWN_FILE).exists());
        fs::create_dir(dir.path().join("not a partition")).unwrap();
        let m = open(dir.path()).unwrap();
        assert_eq!(m.logs().len(), 2);
        let a = m.get_log("my-dashed-topic", 3).unwrap();
        assert_eq!(a.topic(), "my-dashed-topic");
        assert_eq!(a.partition(), 3);
        assert_eq!(a.topic_id(), Some(id));
        assert_eq!(a.log_end_offset(), 15);
        assert_eq!(a.log_start_offset(), 4);
        assert_eq!(a.recovery_point(), 15);
        assert_eq!(m.get_log("t", 0).unwrap().log_end_offset(), 2);
        assert!(m.get_log("t", 1).is_none());
        assert_eq!(a.append(&mut plain(1, 10, 0)).unwrap().base_offset, 15);

        assert!(m.delete_log("t", 0).unwrap());
        assert!(!m.delete_log("t", 0).unwrap());
        assert!(!dir.path().join("t-0").exists());
        assert!(m.get_log("t", 0).is_none());
        assert!(!dir.path().join(CLEAN_SHUTDOWN_FILE).exists());
        m.flush_all().unwrap();
        m.checkpoint().unwrap();
        let rp = read_checkpoint(&dir.path().join(RECOVERY_POINT_CHECKPOINT)).unwrap();
        assert_eq!(rp.len(), 1);
        assert_eq!(rp.get(&("my-dashed-topic".to_string(), 3)), Some(&16));
    }

    fn open_dirs<P: AsRef<Path>>(dirs: &[P]) -> Result<LogManager> {
        let dirs: Vec<PathBuf> = dirs.iter().map(|d| d.as_ref().to_path_buf()).collect();
        LogManager::open(&dirs, 1, None, LogConfig::default())
    }

    /// The log directory `topic`-`partition` lives in.
    fn home(m: &LogManager, topic: &str, partition: i32) -> PathBuf {
        let log = m.get_log(topic, partition).unwrap();
        log.dir().parent().unwrap().to_path_buf()
    }

    #[test]
    fn placement_picks_the_dir_with_fewest_partitions_ties_to_the_first() {
        let all = [true; 3];
        assert_eq!(next_log_dir(&all, [].into_iter()), Some(0));
        assert_eq!(next_log_dir(&all, [0].into_iter()), Some(1));
        assert_eq!(next_log_dir(&all, [0, 1].into_iter()), Some(2));
        assert_eq!(next_log_dir(&all, [0, 1, 2, 2, 0].into_iter()), Some(1));
        assert_eq!(next_log_dir(&[true], [0, 0].into_iter()), Some(0));
    }

    /// What a failed disk does to one of two directories: its logs refuse appends without
    /// touching the disk, new partitions go to the healthy one, the periodic tasks leave it
    /// alone, and the shutdown still flushes it but leaves it to recovery and says so. What
    /// was appended before the failure is all there at the next start.
    /// Kafka's start-up with a failed disk: a directory that cannot be created, listed or
    /// loaded goes offline and the broker starts with the others; the partitions that were
    /// in it are not created anew elsewhere (that would fork them) until it is back.
    #[test]
    fn a_dir_that_cannot_be_opened_at_start_up_goes_offline_and_the_others_load() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            m.create_log("t", 0, LogConfig::default())
                .unwrap()
                .append(&mut plain(3, 10, 0))
                .unwrap();
            m.create_log("t", 1, LogConfig::default())
                .unwrap()
                .append(&mut plain(4, 10, 0))
                .unwrap();
            assert_eq!(home(&m, "t", 1), b);
            m.shutdown().unwrap();
        }
        // A segment file that is a directory: loading b fails with an I/O error.
        let damaged = b.join("t-1").join("00000000000000000000.log");
        let kept = root.path().join("kept.log");
        fs::rename(&damaged, &kept).unwrap();
        fs::create_dir(&damaged).unwrap();
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            assert_eq!(m.offline_dirs(), vec![b.as_path()]);
            assert_eq!(m.get_log("t", 0).unwrap().log_end_offset(), 3);
            assert!(m.get_log("t", 1).is_none());
            match m.check_recreate("t", 1) {
                Err(e @ StorageError::CannotCreateLog { .. }) => assert_eq!(
                    e.to_string(),
                    format!(
                        "Can not create log for t-1 because log directories {} are offline",
                        b.display()
                    )
                ),
                other => panic!("expected CannotCreateLog, got {other:?}"),
            }
            m.check_recreate("t", 0).unwrap();
            // A new partition goes to the online directory.
            m.create_log("t", 2, LogConfig::default()).unwrap();
            assert_eq!(home(&m, "t", 2), a);
            assert!(
                m.shutdown().is_err(),
                "an offline dir is not a clean shutdown"
            );
        }
        // Repaired, b's partition is back with its records, untouched.
        fs::remove_dir(&damaged).unwrap();
        fs::rename(&kept, &damaged).unwrap();
        let m = open_dirs(&[&a, &b]).unwrap();
        assert!(m.offline_dirs().is_empty());
        assert_eq!(m.get_log("t", 1).unwrap().log_end_offset(), 4);
        assert_eq!(home(&m, "t", 2), a);
    }

    #[test]
    fn a_log_dir_path_that_is_a_file_or_a_malformed_checkpoint_takes_only_that_dir_offline() {
        let root = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            root.path().join("a"),
            root.path().join("b"),
            root.path().join("c"),
        );
        fs::write(&b, b"not a directory").unwrap();
        fs::create_dir(&c).unwrap();
        fs::write(c.join(RECOVERY_POINT_CHECKPOINT), b"0\n1\ngarbage\n").unwrap();
        let m = open_dirs(&[&a, &b, &c]).unwrap();
        assert_eq!(m.offline_dirs(), vec![b.as_path(), c.as_path()]);
        assert!(a.join(META_PROPERTIES).exists());
        assert_eq!(
            fs::read(&b).unwrap(),
            b"not a directory",
            "nothing written over it"
        );
        drop(m);
        // With no directory left, the broker does not start (Kafka's fatal message).
        match open_dirs(&[&b]) {
            Err(e) => assert_eq!(
                e.to_string(),
                format!(
                    "invalid storage configuration: Shutdown broker because none of the \
                     specified log dirs from {} can be created or validated",
                    b.display()
                )
            ),
            Ok(_) => panic!("started with no usable log dir"),
        }
    }

    #[test]
    fn an_offline_dir_stops_taking_writes_and_the_healthy_one_serves() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            let in_a = m.create_log("t", 0, LogConfig::default()).unwrap();
            let in_b = m.create_log("t", 1, LogConfig::default()).unwrap();
            assert_eq!(home(&m, "t", 1), b);
            in_a.append(&mut plain(3, 10, 0)).unwrap();
            in_b.append(&mut plain(4, 10, 0)).unwrap();
            let io = StorageError::io(&b, std::io::Error::from_raw_os_error(libc::ENOSPC));
            in_b.log_dir_health()
                .fail("Error while appending records to t-1", &io);
            assert!(!in_b.is_online() && in_a.is_online());
            assert!(!m.dir_health()[1].is_online());
            let size = in_b.size_in_bytes();
            match in_b.append(&mut plain(1, 10, 0)) {
                Err(e @ StorageError::LogDirOffline { .. }) => {
                    let text = e.to_string();
                    assert!(text.contains(&b.display().to_string()), "{text}");
                    assert!(text.contains("No space left on device"), "{text}");
                }
                other => panic!("expected LogDirOffline, got {other:?}"),
            }
            assert_eq!(in_b.size_in_bytes(), size, "nothing written");
            assert_eq!(in_a.append(&mut plain(1, 10, 0)).unwrap().base_offset, 3);
            // New partitions go to the online directory only.
            m.create_log("t", 2, LogConfig::default()).unwrap();
            assert_eq!(home(&m, "t", 2), a);
            m.checkpoint().unwrap();
            assert!(!b.join(RECOVERY_POINT_CHECKPOINT).exists());
            match m.shutdown() {
                Err(StorageError::LogDirOffline { dir, .. }) => assert_eq!(dir, b),
                other => panic!("expected the offline dir reported, got {other:?}"),
            }
            assert!(a.join(CLEAN_SHUTDOWN_FILE).exists());
            assert!(!b.join(CLEAN_SHUTDOWN_FILE).exists());
            assert_eq!(
                in_b.recovery_point(),
                4,
                "the offline dir was still flushed"
            );
        }
        let m = open_dirs(&[&a, &b]).unwrap();
        assert!(m.dir_health().iter().all(|h| h.is_online()));
        assert_eq!(m.get_log("t", 0).unwrap().log_end_offset(), 4);
        assert_eq!(m.get_log("t", 1).unwrap().log_end_offset(), 4);
        assert_eq!(m.logs_per_dir()[1].1.len(), 1);
    }

    #[test]
    fn placement_skips_offline_dirs() {
        assert_eq!(next_log_dir(&[false, true, true], [1].into_iter()), Some(2));
        assert_eq!(next_log_dir(&[false, true], [1, 1].into_iter()), Some(1));
        assert_eq!(next_log_dir(&[false, false], [].into_iter()), None);
    }

    #[test]
    fn new_partitions_spread_over_every_log_dir() {
        let root = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            root.path().join("a"),
            root.path().join("b"),
            root.path().join("c"),
        );
        {
            // b already holds two partitions when c joins log.dirs.
            let m = open_dirs(&[&a, &b]).unwrap();
            for p in 0..3 {
                m.create_log("old", p, LogConfig::default()).unwrap();
            }
            assert_eq!(home(&m, "old", 0), a);
            assert_eq!(home(&m, "old", 1), b);
            assert_eq!(home(&m, "old", 2), a);
            assert!(m.delete_log("old", 0).unwrap());
            m.create_log("old", 3, LogConfig::default()).unwrap();
            assert_eq!(home(&m, "old", 3), a, "a is down to one again");
            m.create_log("old", 4, LogConfig::default()).unwrap();
            assert_eq!(home(&m, "old", 4), b);
            // a: old-2, old-3; b: old-1, old-4
        }
        let m = open_dirs(&[&a, &b, &c]).unwrap();
        assert_eq!(m.dirs(), &[a.clone(), b.clone(), c.clone()]);
        // Every dir has meta.properties, the new one too.
        for dir in [&a, &b, &c] {
            let meta = MetaProperties::read(dir).unwrap().unwrap();
            assert_eq!(meta.cluster_id.as_deref(), Some(m.cluster_id()));
        }
        let placed: Vec<PathBuf> = (0..4)
            .map(|p| {
                m.create_log("new", p, LogConfig::default()).unwrap();
                home(&m, "new", p)
            })
            .collect();
        // c catches up first, then ties go in log.dirs order.
        assert_eq!(placed, vec![c.clone(), c.clone(), a.clone(), b.clone()]);
        assert!(c.join("new-0").is_dir() && a.join("new-2").is_dir());
        // An existing partition stays where it is.
        m.create_log("old", 1, LogConfig::default()).unwrap();
        assert_eq!(home(&m, "old", 1), b);
        assert!(!a.join("old-1").exists() && !c.join("old-1").exists());
    }

    #[test]
    fn reopen_finds_partitions_in_every_dir_with_their_data() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            for p in 0..4 {
                let log = m.create_log("t", p, LogConfig::default()).unwrap();
                for _ in 0..=p {
                    log.append(&mut plain(3, 10, 0)).unwrap();
                }
            }
            m.get_log("t", 1).unwrap().delete_records_before(2).unwrap();
            m.shutdown().unwrap();
            // Each dir checkpoints its own partitions.
            let rp_a = read_checkpoint(&a.join(RECOVERY_POINT_CHECKPOINT)).unwrap();
            let rp_b = read_checkpoint(&b.join(RECOVERY_POINT_CHECKPOINT)).unwrap();
            let t = |p: i32| ("t".to_string(), p);
            assert_eq!(rp_a, HashMap::from([(t(0), 3), (t(2), 9)]));
            assert_eq!(rp_b, HashMap::from([(t(1), 6), (t(3), 12)]));
            let starts_b = read_checkpoint(&b.join(LOG_START_OFFSET_CHECKPOINT)).unwrap();
            assert_eq!(starts_b.get(&t(1)), Some(&2));
            let hw_a = read_checkpoint(&a.join(REPLICATION_OFFSET_CHECKPOINT)).unwrap();
            assert_eq!(hw_a.len(), 2);
        }
        assert!(a.join(CLEAN_SHUTDOWN_FILE).exists() && b.join(CLEAN_SHUTDOWN_FILE).exists());
        // The order of log.dirs does not matter for what is found.
        let m = open_dirs(&[&b, &a]).unwrap();
        assert_eq!(m.logs().len(), 4);
        for p in 0..4 {
            let log = m.get_log("t", p).unwrap();
            assert_eq!(log.log_end_offset(), 3 * i64::from(p + 1), "t-{p}");
            assert_eq!(log.recovery_point(), log.log_end_offset());
        }
        assert_eq!(m.get_log("t", 1).unwrap().log_start_offset(), 2);
        assert_eq!(home(&m, "t", 0), a);
        assert_eq!(home(&m, "t", 1), b);
        assert!(!a.join(CLEAN_SHUTDOWN_FILE).exists() && !b.join(CLEAN_SHUTDOWN_FILE).exists());

        // Deleting a partition of the second dir removes it there and from
        // that dir's checkpoints only.
        assert!(m.delete_log("t", 3).unwrap());
        assert!(!b.join("t-3").exists());
        m.checkpoint().unwrap();
        let rp_b = read_checkpoint(&b.join(RECOVERY_POINT_CHECKPOINT)).unwrap();
        assert_eq!(rp_b.len(), 1);
        let rp_a = read_checkpoint(&a.join(RECOVERY_POINT_CHECKPOINT)).unwrap();
        assert_eq!(rp_a.len(), 2);
    }

    #[test]
    fn a_crash_is_recovered_in_every_dir() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            for p in 0..2 {
                let log = m.create_log("t", p, LogConfig::default()).unwrap();
                log.append(&mut plain(4, 10, 0)).unwrap();
                log.flush().unwrap();
            }
            m.shutdown().unwrap();
        }
        {
            // A run that appends and dies without shutting down.
            let m = open_dirs(&[&a, &b]).unwrap();
            m.get_log("t", 1)
                .unwrap()
                .append(&mut plain(2, 10, 0))
                .unwrap();
            m.flush_all().unwrap();
        }
        assert!(!b.join(CLEAN_SHUTDOWN_FILE).exists());
        // ... and left a torn batch at the end of the partition in b.
        let segment = b.join("t-1").join("00000000000000000000.log");
        let good = fs::metadata(&segment).unwrap().len();
        let mut f = OpenOptions::new().append(true).open(&segment).unwrap();
        f.write_all(&[0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1, 0, 1])
            .unwrap();
        drop(f);
        let m = open_dirs(&[&a, &b]).unwrap();
        assert_eq!(m.get_log("t", 0).unwrap().log_end_offset(), 4);
        assert_eq!(m.get_log("t", 1).unwrap().log_end_offset(), 6);
        assert_eq!(fs::metadata(&segment).unwrap().len(), good);
    }

    #[test]
    fn same_partition_in_two_dirs_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        {
            let m = open_dirs(&[&a, &b]).unwrap();
            m.create_log("t", 0, LogConfig::default()).unwrap();
            m.shutdown().unwrap();
        }
        fs::create_dir(b.join("t-0")).unwrap();
        match open_dirs(&[&a, &b]) {
            Err(e @ StorageError::DuplicateLog { .. }) => {
                let text = e.to_string();
                assert!(
                    text.starts_with("Duplicate log directories for t-0 are found in both"),
                    "{text}"
                );
                assert!(
                    text.contains(&a.join("t-0").display().to_string()),
                    "{text}"
                );
                assert!(
                    text.contains(&b.join("t-0").display().to_string()),
                    "{text}"
                );
            }
            other => panic!("expected DuplicateLog, got {other:?}"),
        }
        // Nothing was touched: the clean shutdown still counts once fixed.
        assert!(a.join(CLEAN_SHUTDOWN_FILE).exists());
        fs::remove_dir(b.join("t-0")).unwrap();
        let m = open_dirs(&[&a, &b]).unwrap();
        assert_eq!(home(&m, "t", 0), a);
    }

    #[test]
    fn the_same_dir_listed_twice_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let a = root.path().join("a");
        let again = root.path().join("a").join("..").join("a");
        match open_dirs(&[&a, &again]) {
            Err(StorageError::InvalidConfig(m)) => {
                assert!(m.starts_with("Duplicate log directory found: "), "{m}")
            }
            other => panic!("expected InvalidConfig, got {other:?}"),
        }
    }

    #[test]
    fn meta_properties_must_agree_across_dirs() {
        let root = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            root.path().join("a"),
            root.path().join("b"),
            root.path().join("c"),
        );
        let a_id = open_dirs(&[&a]).unwrap().cluster_id().to_string();
        let b_id = open_dirs(&[&b]).unwrap().cluster_id().to_string();
        assert_ne!(a_id, b_id);
        match open_dirs(&[&a, &b]) {
            Err(e @ StorageError::InvalidMetaProperties { .. }) => {
                let text = e.to_string();
                assert!(text.contains(&b.join(META_PROPERTIES).display().to_string()));
                assert!(text.contains(&format!(
                    "stored cluster.id {b_id} does not match cluster.id {a_id}"
                )));
            }
            other => panic!("expected InvalidMetaProperties, got {other:?}"),
        }
        // A given cluster id must match every dir's, not only the first's.
        fs::remove_file(b.join(META_PROPERTIES)).unwrap();
        LogManager::open(
            std::slice::from_ref(&c),
            1,
            Some(&b_id),
            LogConfig::default(),
        )
        .unwrap();
        assert!(matches!(
            LogManager::open(&[a.clone(), c.clone()], 1, Some(&a_id), LogConfig::default()),
            Err(StorageError::InvalidMetaProperties { path, .. }) if path == c.join(META_PROPERTIES)
        ));
        // Another broker's dir is refused wherever it is listed.
        LogManager::open(
            std::slice::from_ref(&b),
            2,
            Some(&a_id),
            LogConfig::default(),
        )
        .unwrap();
        assert!(matches!(
            open_dirs(&[&a, &b]),
            Err(StorageError::InvalidMetaProperties { path, .. }) if path == b.join(META_PROPERTIES)
        ));
        // Nothing was rewritten by the refused opens.
        let meta = MetaProperties::read(&b).unwrap().unwrap();
        assert_eq!(meta.broker_id, Some(2));
    }

    #[test]
    fn a_second_manager_on_any_of_the_dirs_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            root.path().join("a"),
            root.path().join("b"),
            root.path().join("c"),
        );
        let first = open_dirs(&[&a, &b]).unwrap();
        for dirs in [vec![&b], vec![&c, &b], vec![&a, &c]] {
            match open_dirs(&dirs) {
                Err(e @ StorageError::DirectoryLocked(_)) => {
                    assert!(e.to_string().contains("is a broker running on it?"), "{e}")
                }
                other => panic!("expected DirectoryLocked for {dirs:?}, got {other:?}"),
            }
        }
        drop(first);
        open_dirs(&[&a, &b, &c]).unwrap();
    }

    #[test]
    fn invalid_topics_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let m = open(dir.path()).unwrap();
        assert!(matches!(
            m.create_log("../x", 0, LogConfig::default()),
            Err(StorageError::InvalidTopic(_))
        ));
        assert!(m.create_log("x", -1, LogConfig::default()).is_err());
    }
}
