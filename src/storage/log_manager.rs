//! `LogManager`: owns a log directory, its lock, `meta.properties`, the
//! checkpoint files and every partition log in it.
//!
//! Lock order: the `logs` map lock is taken before any `PartitionLog` lock
//! and is never requested while a partition's lock is held. Long file work
//! (flush, checkpoint writes, directory removal) runs without the map lock:
//! the logs are cloned out of the map first. The exception is
//! `create_log`, which creates the directory and first segment under the
//! write lock so two creators of one partition cannot race.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use fs2::FileExt;

use super::checkpoint::{
    read_checkpoint, write_checkpoint, Checkpoint, LOG_START_OFFSET_CHECKPOINT,
    RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT,
};
use super::config::LogConfig;
use super::error::{IoContext, Result, StorageError};
use super::partition_log::{OpenHints, PartitionLog};

/// Name of the lock file in a log directory.
pub const LOCK_FILE: &str = ".lock";
/// Marker written by a clean shutdown (Kafka's name); its presence at start
/// lets the active segments skip full validation.
pub const CLEAN_SHUTDOWN_FILE: &str = ".kafka_cleanshutdown";
/// Name of the broker/cluster identity file in a log directory.
pub const META_PROPERTIES: &str = "meta.properties";

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

/// Contents of a `meta.properties` file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetaProperties {
    /// `version` (0 for the ZooKeeper-era format written here).
    pub version: Option<i32>,
    /// `broker.id`.
    pub broker_id: Option<i32>,
    /// `cluster.id`.
    pub cluster_id: Option<String>,
}

impl MetaProperties {
    /// Reads `<dir>/meta.properties`; None if it does not exist. Lets a CLI
    /// or the broker learn an existing cluster id before opening the dir.
    pub fn read(dir: &Path) -> Result<Option<MetaProperties>> {
        let path = dir.join(META_PROPERTIES);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StorageError::io(&path, e)),
        };
        let bad = |reason: String| StorageError::InvalidMetaProperties {
            path: path.clone(),
            reason,
        };
        let mut meta = MetaProperties::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            match k {
                "version" => {
                    meta.version = Some(v.parse().map_err(|_| bad(format!("bad version {v:?}")))?)
                }
                "broker.id" | "node.id" => {
                    meta.broker_id = Some(v.parse().map_err(|_| bad(format!("bad {k} {v:?}")))?)
                }
                "cluster.id" => meta.cluster_id = Some(v.to_string()),
                _ => {}
            }
        }
        Ok(Some(meta))
    }

    /// Writes `<dir>/meta.properties` atomically in Kafka's layout.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(META_PROPERTIES);
        let tmp = dir.join(format!("{META_PROPERTIES}.tmp"));
        let mut text = String::from("#\n#Written by kt\n");
        if let Some(c) = &self.cluster_id {
            text.push_str(&format!("cluster.id={c}\n"));
        }
        text.push_str(&format!("version={}\n", self.version.unwrap_or(0)));
        if let Some(b) = self.broker_id {
            text.push_str(&format!("broker.id={b}\n"));
        }
        {
            let mut f = File::create(&tmp).at(&tmp)?;
            f.write_all(text.as_bytes()).at(&tmp)?;
            f.sync_all().at(&tmp)?;
        }
        fs::rename(&tmp, &path).at(&path)
    }
}

/// A new random cluster id in Kafka's form: 16 random bytes, base64url
/// without padding (22 characters).
pub fn generate_cluster_id() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes())
}

type LogMap = HashMap<(String, i32), Arc<PartitionLog>>;

/// Owner of a log directory and all partition logs in it.
///
/// Exists so the broker (and embedded admin) has one place that holds the
/// directory lock, opens/creates/deletes logs and writes checkpoints.
#[derive(Debug)]
pub struct LogManager {
    dir: PathBuf,
    /// Holds the exclusive `flock` on `.lock` for the manager's lifetime.
    _lock: File,
    broker_id: i32,
    cluster_id: String,
    default_config: LogConfig,
    logs: RwLock<LogMap>,
}

impl LogManager {
    /// Opens the first of `log_dirs` (further ones are ignored with a
    /// warning): creates it, takes `.lock` (`DirectoryLocked` if another
    /// process or manager holds it), checks or writes `meta.properties`, and
    /// opens every `<topic>-<partition>` directory with `default_config`
    /// (the broker applies topic overrides afterwards with
    /// `PartitionLog::update_config`).
    ///
    /// `cluster_id`: None keeps the one in `meta.properties` or generates
    /// one; a different id than the stored one is an error, as is a different
    /// broker id.
    pub fn open(
        log_dirs: &[PathBuf],
        broker_id: i32,
        cluster_id: Option<&str>,
        default_config: LogConfig,
    ) -> Result<LogManager> {
        let Some(dir) = log_dirs.first() else {
            return Err(StorageError::InvalidConfig("log.dirs is empty".into()));
        };
        if log_dirs.len() > 1 {
            tracing::warn!(
                "log.dirs lists {} directories; only {} is used",
                log_dirs.len(),
                dir.display()
            );
        }
        fs::create_dir_all(dir).at(dir)?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .at(&lock_path)?;
        if lock.try_lock_exclusive().is_err() {
            return Err(StorageError::DirectoryLocked(dir.clone()));
        }

        let meta_path = dir.join(META_PROPERTIES);
        let existing = MetaProperties::read(dir)?;
        let cluster_id = match (&existing, cluster_id) {
            (Some(m), given) => {
                if let Some(b) = m.broker_id {
                    if b != broker_id {
                        return Err(StorageError::InvalidMetaProperties {
                            path: meta_path,
                            reason: format!(
                                "stored broker.id {b} does not match configured broker.id {broker_id}"
                            ),
                        });
                    }
                }
                match (&m.cluster_id, given) {
                    (Some(stored), Some(g)) if stored != g => {
                        return Err(StorageError::InvalidMetaProperties {
                            path: meta_path,
                            reason: format!(
                                "stored cluster.id {stored} does not match cluster id {g}"
                            ),
                        })
                    }
                    (Some(stored), _) => stored.clone(),
                    (None, Some(g)) => g.to_string(),
                    (None, None) => generate_cluster_id(),
                }
            }
            (None, Some(g)) => g.to_string(),
            (None, None) => generate_cluster_id(),
        };
        let wanted = MetaProperties {
            version: Some(0),
            broker_id: Some(broker_id),
            cluster_id: Some(cluster_id.clone()),
        };
        if existing.as_ref() != Some(&wanted) {
            wanted.write(dir)?;
        }

        let clean_marker = dir.join(CLEAN_SHUTDOWN_FILE);
        let clean_shutdown = clean_marker.exists();
        let recovery = read_checkpoint(&dir.join(RECOVERY_POINT_CHECKPOINT))?;
        let starts = read_checkpoint(&dir.join(LOG_START_OFFSET_CHECKPOINT))?;
        let mut logs = LogMap::new();
        for entry in fs::read_dir(dir).at(dir)? {
            let entry = entry.at(dir)?;
            let path = entry.path();
            if !entry.file_type().at(&path)?.is_dir() {
                continue;
            }
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if name.ends_with("-delete") {
                // A deletion interrupted by a crash: finish it.
                fs::remove_dir_all(&path).at(&path)?;
                continue;
            }
            let Some((topic, partition)) = parse_topic_partition(&name) else {
                tracing::debug!("ignoring {} in log dir: not a partition", path.display());
                continue;
            };
            let key = (topic, partition);
            let hints = OpenHints {
                recovery_point: recovery.get(&key).copied(),
                log_start_offset: starts.get(&key).copied(),
                clean_shutdown,
            };
            let log = PartitionLog::open_with_hints(dir, &key.0, partition, default_config, hints)?;
            logs.insert(key, Arc::new(log));
        }
        if clean_shutdown {
            // From now on the logs change again: the next start must recover
            // unless this run shuts down cleanly too.
            fs::remove_file(&clean_marker).at(&clean_marker)?;
        }
        tracing::info!(
            "loaded {} partition logs from {} (clean shutdown before: {clean_shutdown})",
            logs.len(),
            dir.display(),
        );
        Ok(LogManager {
            dir: dir.clone(),
            _lock: lock,
            broker_id,
            cluster_id,
            default_config,
            logs: RwLock::new(logs),
        })
    }

    /// The log directory in use.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cluster id (given, stored or generated).
    pub fn cluster_id(&self) -> &str {
        &self.cluster_id
    }

    /// The broker id this directory belongs to.
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
    /// the topic id when the log is created.
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
        if let Some(log) = logs.get(&key) {
            return Ok(Arc::clone(log));
        }
        let part_dir = self.dir.join(format!("{topic}-{partition}"));
        fs::create_dir_all(&part_dir).at(&part_dir)?;
        if let Some(id) = topic_id {
            PartitionLog::write_partition_metadata(&part_dir, id)?;
        }
        let log = Arc::new(PartitionLog::open(
            &self.dir, topic, partition, config, None, None,
        )?);
        logs.insert(key, Arc::clone(&log));
        Ok(log)
    }

    /// The log of `topic`-`partition`, if it exists.
    pub fn get_log(&self, topic: &str, partition: i32) -> Option<Arc<PartitionLog>> {
        self.logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(topic.to_string(), partition))
            .cloned()
    }

    /// All logs, in no particular order.
    pub fn logs(&self) -> Vec<Arc<PartitionLog>> {
        self.logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect()
    }

    /// Removes a log and its directory (renamed to
    /// `<topic>-<p>.<uuid>-delete` first, so a crash mid-removal is finished
    /// at the next start). Returns false if there was no such log. Readers
    /// holding the `Arc` keep working on open files.
    pub fn delete_log(&self, topic: &str, partition: i32) -> Result<bool> {
        let removed = self
            .logs
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(topic.to_string(), partition));
        let Some(log) = removed else {
            return Ok(false);
        };
        let dir = log.dir().to_path_buf();
        let doomed = self.dir.join(format!(
            "{topic}-{partition}.{}-delete",
            uuid::Uuid::new_v4().simple()
        ));
        fs::rename(&dir, &doomed).at(&dir)?;
        fs::remove_dir_all(&doomed).at(&doomed)?;
        Ok(true)
    }

    /// Writes the recovery-point, log-start-offset and replication (high
    /// watermark) checkpoint files for all logs.
    pub fn checkpoint(&self) -> Result<()> {
        let logs = self.logs();
        let mut recovery = Checkpoint::new();
        let mut starts = Checkpoint::new();
        let mut hws = Checkpoint::new();
        for log in &logs {
            let key = (log.topic().to_string(), log.partition());
            recovery.insert(key.clone(), log.recovery_point());
            starts.insert(key.clone(), log.log_start_offset());
            hws.insert(key, log.high_watermark());
        }
        write_checkpoint(&self.dir.join(RECOVERY_POINT_CHECKPOINT), &recovery)?;
        write_checkpoint(&self.dir.join(LOG_START_OFFSET_CHECKPOINT), &starts)?;
        write_checkpoint(&self.dir.join(REPLICATION_OFFSET_CHECKPOINT), &hws)?;
        Ok(())
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
        for log in self.logs() {
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
        for log in self.logs() {
            match log.apply_retention(now_ms) {
                Ok(deleted) => n += deleted,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(n), Err)
    }

    /// Clean shutdown: closes (seals + flushes) every log and writes the
    /// checkpoints. Deletes nothing. The lock is released when the manager
    /// is dropped.
    pub fn shutdown(&self) -> Result<()> {
        for log in self.logs() {
            log.close()?;
        }
        self.checkpoint()?;
        let marker = self.dir.join(CLEAN_SHUTDOWN_FILE);
        File::create(&marker)
            .and_then(|f| f.sync_all())
            .at(&marker)?;
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::batch::test_util::plain;

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
                    .join(crate::storage::PARTITION_METADATA_FILE),
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

    #[test]
    fn more_than_one_log_dir_uses_the_first() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let m = LogManager::open(
            &[a.path().to_path_buf(), b.path().join("second")],
            0,
            None,
            LogConfig::default(),
        )
        .unwrap();
        assert_eq!(m.dir(), a.path());
        m.create_log("x", 0, LogConfig::default()).unwrap();
        assert!(a.path().join("x-0").is_dir());
        assert!(!b.path().join("second").exists());
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
