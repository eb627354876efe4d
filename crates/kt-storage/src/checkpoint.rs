//! Kafka's offset checkpoint files (`recovery-point-offset-checkpoint`,
//! `log-start-offset-checkpoint`, `replication-offset-checkpoint`).
//!
//! Format: a line `0` (version), a line with the entry count, then one line
//! `topic partition offset` per entry. Written atomically: temp file, fsync,
//! rename, fsync of the directory.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::error::{IoContext, Result, StorageError};

/// Checkpoint file of recovery points.
pub const RECOVERY_POINT_CHECKPOINT: &str = "recovery-point-offset-checkpoint";
/// Checkpoint file of log start offsets.
pub const LOG_START_OFFSET_CHECKPOINT: &str = "log-start-offset-checkpoint";
/// Checkpoint file of high watermarks.
pub const REPLICATION_OFFSET_CHECKPOINT: &str = "replication-offset-checkpoint";

/// Checkpoint file of the log cleaner: offset below which each compacted log is cleaned.
pub const CLEANER_OFFSET_CHECKPOINT: &str = "cleaner-offset-checkpoint";

/// Offsets per (topic, partition), as stored in a checkpoint file.
pub type Checkpoint = HashMap<(String, i32), i64>;

/// Reads a checkpoint file; a missing file is an empty checkpoint.
pub fn read_checkpoint(path: &Path) -> Result<Checkpoint> {
    let entries = read_checkpoint_entries(path, |line| {
        let mut parts = line.split_whitespace();
        let (Some(topic), Some(p), Some(o), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("malformed line {line:?}"));
        };
        let p: i32 = p
            .parse()
            .map_err(|_| format!("bad partition in {line:?}"))?;
        let o: i64 = o.parse().map_err(|_| format!("bad offset in {line:?}"))?;
        Ok(((topic.to_string(), p), o))
    })?;
    let count = entries.len();
    let out: Checkpoint = entries.into_iter().collect();
    // A key listed twice is as malformed as a missing line.
    if out.len() != count {
        return Err(StorageError::InvalidCheckpoint {
            path: path.to_path_buf(),
            reason: format!("expected {count} entries, found {}", out.len()),
        });
    }
    Ok(out)
}

/// Reads a file in Kafka's checkpoint layout, shared by every checkpoint file: a line `0`
/// (the version), a line with the entry count, then that many entry lines, each turned into
/// a `T` by `entry` (which says what is wrong with a line it refuses). A missing file has no
/// entries.
pub(super) fn read_checkpoint_entries<T>(
    path: &Path,
    mut entry: impl FnMut(&str) -> std::result::Result<T, String>,
) -> Result<Vec<T>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StorageError::io(path, e)),
    };
    let bad = |reason: String| StorageError::InvalidCheckpoint {
        path: path.to_path_buf(),
        reason,
    };
    let mut lines = text.lines();
    match lines.next().map(str::trim) {
        Some("0") => {}
        other => return Err(bad(format!("unsupported version line {other:?}"))),
    }
    let count: usize = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| bad("missing or malformed entry count".into()))?;
    let mut out = Vec::with_capacity(count.min(1024));
    for line in lines.by_ref().take(count) {
        out.push(entry(line).map_err(bad)?);
    }
    if out.len() != count {
        return Err(bad(format!(
            "expected {count} entries, found {}",
            out.len()
        )));
    }
    Ok(out)
}

/// Writes a checkpoint atomically (see [`write_file_atomically`]).
/// Entries are written sorted, so files are stable across runs.
pub fn write_checkpoint(path: &Path, entries: &Checkpoint) -> Result<()> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort();
    let mut text = format!("0\n{}\n", sorted.len());
    for ((topic, p), o) in sorted {
        text.push_str(&format!("{topic} {p} {o}\n"));
    }
    write_file_atomically(path, text.as_bytes())
}

/// Replaces `path` with `bytes` so that a crash leaves either the old file or the new one:
/// temp file, fsync, rename, then an fsync of the directory. Every checkpoint file is written
/// through it.
pub(super) fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    {
        let mut f = File::create(&tmp).at(&tmp)?;
        f.write_all(bytes).at(&tmp)?;
        f.sync_all().at(&tmp)?;
    }
    fs::rename(&tmp, path).at(path)?;
    if let Some(dir) = path.parent() {
        // Makes the rename durable; best effort on filesystems without it.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kafka_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECOVERY_POINT_CHECKPOINT);
        assert!(read_checkpoint(&path).unwrap().is_empty());
        let mut cp = Checkpoint::new();
        cp.insert(("my-topic".into(), 3), 42);
        cp.insert(("a".into(), 0), 0);
        write_checkpoint(&path, &cp).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "0\n2\na 0 0\nmy-topic 3 42\n"
        );
        assert_eq!(read_checkpoint(&path).unwrap(), cp);
    }

    #[test]
    fn malformed_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cp");
        for bad in ["1\n0\n", "0\n2\na 0 1\n", "0\nx\n", "0\n1\na b c\n", ""] {
            fs::write(&path, bad).unwrap();
            assert!(
                matches!(
                    read_checkpoint(&path),
                    Err(StorageError::InvalidCheckpoint { .. })
                ),
                "{bad:?}"
            );
        }
    }
}
