//! Typed errors of the storage layer.
//!
//! The broker maps these onto Kafka error codes, so the variants that a
//! client can cause (bad batches, out-of-range offsets) are distinct.

use std::io;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in `storage`.
///
/// Exists so callers can map failures to Kafka error codes without string
/// matching: e.g. [`StorageError::UnsupportedMagic`] becomes
/// `UNSUPPORTED_FOR_MESSAGE_FORMAT`, [`StorageError::CorruptRecord`] and
/// [`StorageError::CrcMismatch`] become `CORRUPT_MESSAGE`,
/// [`StorageError::MessageTooLarge`] becomes `MESSAGE_TOO_LARGE`.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// An operating-system I/O failure, with the file it happened on.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file or directory the operation was on.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },

    /// A record batch is malformed (truncated, bad length, bad counts...).
    #[error("corrupt record batch: {0}")]
    CorruptRecord(String),

    /// A well-formed record the log refuses: a record without a key sent to a compacted
    /// topic (Kafka's `InvalidRecordException`, error `INVALID_RECORD`).
    #[error("{0}")]
    InvalidRecord(String),

    /// The CRC-32C stored in a batch does not match its bytes.
    #[error("record batch CRC mismatch: stored {stored:#010x}, computed {computed:#010x}")]
    CrcMismatch {
        /// CRC found in the batch header.
        stored: u32,
        /// CRC computed over the batch bytes.
        computed: u32,
    },

    /// A batch the broker read back from one of its segment files failed
    /// [`verify_batch`](super::verify::verify_batch): which file, and where in it.
    #[error("{}: {batch}", segment.display())]
    CorruptSegment {
        /// The segment file.
        segment: PathBuf,
        /// The damaged batch: offset, position and cause.
        batch: Box<super::verify::CorruptBatch>,
    },

    /// A batch with a magic other than 2 (old message-set formats).
    #[error("unsupported record batch magic {0}: only magic 2 record batches are supported")]
    UnsupportedMagic(i8),

    /// A batch (or the whole append) is larger than the configured maximum.
    #[error("record batch of {size} bytes is larger than the maximum of {max} bytes")]
    MessageTooLarge {
        /// Size of the offending batch / record set in bytes.
        size: u64,
        /// The limit it exceeded.
        max: u64,
    },

    /// A fetch or lookup asked for an offset outside the log.
    #[error("offset {offset} is out of range [{log_start_offset}, {log_end_offset}]")]
    OffsetOutOfRange {
        /// The requested offset.
        offset: i64,
        /// First offset available.
        log_start_offset: i64,
        /// Offset the next appended record will get.
        log_end_offset: i64,
    },

    /// A follower's append starts before its log end offset, or its batches' offsets do not
    /// grow (Kafka's `UnexpectedAppendOffsetException` and `OffsetsOutOfOrderException`): an
    /// overlap with what the replica holds, so nothing is appended and the fetcher must
    /// truncate or refetch. (A gap is kept: a compacted log has them.)
    #[error(
        "follower append of offsets from {first_offset} does not continue the log at {expected}"
    )]
    UnexpectedAppendOffset {
        /// The offset the next batch had to start at.
        expected: i64,
        /// The base offset of the batch that did not.
        first_offset: i64,
    },

    /// Another process (or `LogManager`) holds the directory's `.lock`.
    #[error("log directory {0} is locked by another process (is a broker running on it?)")]
    DirectoryLocked(PathBuf),

    /// The same partition was found in two log directories at start-up.
    #[error(
        "Duplicate log directories for {partition} are found in both {} and {}: a partition \
         lives in one log directory. Remove the copy that should not be there.",
        first.display(),
        second.display()
    )]
    DuplicateLog {
        /// The partition's directory name, `<topic>-<partition>`.
        partition: String,
        /// The copy found first (in the earlier log directory).
        first: PathBuf,
        /// The other copy.
        second: PathBuf,
    },

    /// A checkpoint file could not be parsed.
    #[error("malformed checkpoint file {path}: {reason}")]
    InvalidCheckpoint {
        /// The checkpoint file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },

    /// A leader-epoch entry with a negative epoch or start offset: a caller's bug, refused
    /// so that the `leader-epoch-checkpoint` file never holds one.
    #[error("invalid leader epoch entry: epoch {epoch} at offset {start_offset}")]
    InvalidEpochEntry {
        /// The epoch given.
        epoch: i32,
        /// The start offset given.
        start_offset: i64,
    },

    /// `meta.properties` is malformed or belongs to another broker/cluster.
    #[error("meta.properties in {path}: {reason}")]
    InvalidMetaProperties {
        /// The meta.properties file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },

    /// A topic name that cannot be a directory name component.
    #[error("invalid topic name {0:?}")]
    InvalidTopic(String),

    /// No log exists for the given partition.
    #[error("no log for partition {topic}-{partition}")]
    LogNotFound {
        /// Topic name.
        topic: String,
        /// Partition number.
        partition: i32,
    },

    /// The partition's log directory went offline after an I/O error (a full disk, a
    /// failing disk) and takes no more writes until the broker restarts (Kafka's
    /// `KafkaStorageException`, error `KAFKA_STORAGE_ERROR`).
    #[error("log directory {} is offline: {reason}", dir.display())]
    LogDirOffline {
        /// The log directory.
        dir: PathBuf,
        /// The I/O error that took it offline.
        reason: String,
    },

    /// A partition this broker held before has no log in any online directory while one
    /// is offline: creating it anew could fork it (Kafka's message).
    #[error("Can not create log for {partition} because log directories {dirs} are offline")]
    CannotCreateLog {
        /// `<topic>-<partition>`.
        partition: String,
        /// The offline directories, comma-separated.
        dirs: String,
    },

    /// AlterReplicaLogDirs named a directory that is not one of `log.dirs` (Kafka's
    /// `LogDirNotFoundException`, error `LOG_DIR_NOT_FOUND`).
    #[error("Log dir {0} is not found in the config.")]
    LogDirNotFound(String),

    /// A future replica cannot take its log's place yet: it is behind the current log, or
    /// holds what the current log does not (the mover copies more and tries again).
    #[error("the future replica of {partition} is not caught up: {reason}")]
    FutureNotCaughtUp {
        /// `<topic>-<partition>`.
        partition: String,
        /// What does not match.
        reason: String,
    },

    /// A setting the storage layer cannot work with (e.g. no log directory).
    #[error("invalid storage configuration: {0}")]
    InvalidConfig(String),
}

impl StorageError {
    /// True for errors that mean "these bytes are not a valid batch", as
    /// opposed to I/O or state errors; recovery truncates at such errors.
    pub fn is_corruption(&self) -> bool {
        matches!(
            self,
            StorageError::CorruptRecord(_)
                | StorageError::CrcMismatch { .. }
                | StorageError::UnsupportedMagic(_)
                | StorageError::CorruptSegment { .. }
        )
    }

    /// Builds an [`StorageError::Io`] for `path`.
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        StorageError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Result alias for the storage layer.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Attaches a path to `io::Result`s, so every I/O error says where it happened.
pub(crate) trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| StorageError::io(path, e))
    }
}
