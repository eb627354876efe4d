//! The health of one log directory, shared by the `LogManager` and every partition log in it:
//! kt's version of Kafka's `LogDirFailureChannel`.
//!
//! As in Kafka, an I/O error while appending to or flushing a log takes the whole directory
//! offline, a full disk (`ENOSPC`) included: the partitions in it stop taking writes and
//! answer `KAFKA_STORAGE_ERROR`, while those in other directories keep serving. A directory
//! stays offline until the broker restarts. Nothing already written is touched: a failed
//! append is cut back to where it started, and acknowledged batches stay in the log (they are
//! still flushed at shutdown and recovered at the next start).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::error::StorageError;
use kt_base::rate_limited_log::RateLimitedLog;

/// Whether a log directory is online, and if not, why; see the module docs.
pub struct LogDirHealth {
    dir: PathBuf,
    /// Set once, by the first I/O error: the reason shown in logs and refusals.
    offline: OnceLock<String>,
    /// Failed and refused appends to this directory, logged at most once per interval.
    failed_appends: RateLimitedLog,
}

impl fmt::Debug for LogDirHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogDirHealth")
            .field("dir", &self.dir)
            .field("offline", &self.offline.get())
            .finish()
    }
}

/// How often a repeated failed append to one directory is logged.
const FAILED_APPEND_LOG_INTERVAL_SECS: u64 = 10;

impl LogDirHealth {
    /// A healthy directory.
    pub fn new(dir: &Path) -> Self {
        LogDirHealth {
            dir: dir.to_path_buf(),
            offline: OnceLock::new(),
            failed_appends: RateLimitedLog::per_interval_of_secs(FAILED_APPEND_LOG_INTERVAL_SECS),
        }
    }

    /// The log directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why the directory is offline; None while it is online.
    pub fn offline_reason(&self) -> Option<&str> {
        self.offline.get().map(String::as_str)
    }

    /// True until an I/O error takes the directory offline.
    pub fn is_online(&self) -> bool {
        self.offline.get().is_none()
    }

    /// Takes the directory offline because of `error` (the first error is kept as the
    /// reason), logging it as Kafka does: the failed operation and the directory at ERROR,
    /// then, the first time, that the directory's logs stop being served.
    pub fn fail(&self, operation: &str, error: &StorageError) {
        let first = self.offline.set(error.to_string()).is_ok();
        if first {
            tracing::error!("{operation} in dir {}: {error}", self.dir.display());
            tracing::warn!(
                "Stopping serving logs in dir {}: its partitions answer KAFKA_STORAGE_ERROR \
                 until the broker is restarted",
                self.dir.display()
            );
            // The first failure also opens the rate limiter's window.
            let _ = self.failed_appends.admit();
        } else {
            self.log_failed_append(operation, error);
        }
    }

    /// The error an operation on an offline directory fails with, before touching the disk.
    pub(crate) fn offline_error(&self) -> StorageError {
        StorageError::LogDirOffline {
            dir: self.dir.clone(),
            reason: self.offline_reason().unwrap_or_default().to_string(),
        }
    }

    /// Logs a failed or refused append, at most once per interval with the count of the others.
    pub(crate) fn log_failed_append(&self, operation: &str, error: &StorageError) {
        if let Some(repeats) = self.failed_appends.admit() {
            tracing::error!(
                "{operation} in dir {}: {error}{repeats}",
                self.dir.display()
            );
        }
    }
}

/// The file system's total and usable bytes at `dir` (Java's `FileStore.getTotalSpace` and
/// `getUsableSpace`: what an unprivileged user may still write), for DescribeLogDirs. `None`
/// when the file system cannot be asked (the path is gone or holds a NUL byte).
// statvfs(2) has no safe wrapper in std.
#[allow(unsafe_code)]
pub fn file_system_space(dir: &Path) -> Option<(i64, i64)> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a NUL-terminated string and `stat` a writable statvfs, both alive for
    // the call.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    let unit = stat.f_frsize as u128;
    let clamp = |blocks: u128| i64::try_from(blocks * unit).unwrap_or(i64::MAX);
    Some((clamp(stat.f_blocks as u128), clamp(stat.f_bavail as u128)))
}
