//! Small files a broker keeps beside its logs (the standalone catalogue and ACLs, SCRAM
//! users, delegation tokens, client-metrics resources) are replaced whole, so that a crash
//! leaves the old file or the new one, never half of either, and a write that returned
//! survives a power loss: the new content goes to a temporary file beside the target, which
//! is fsynced, renamed over the target, and then the directory is fsynced so the rename
//! itself is on disk.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

/// Replaces `path` with `bytes` atomically and durably (see the module's doc). The temporary
/// file is `path` with `.tmp` appended to its name.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::File::open(dir)?.sync_all()
}

/// Replaces `path` with `value` as pretty-printed JSON, atomically and durably.
pub(crate) fn write_json(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    replace(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_content_replaces_the_old_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_json(&path, &["old"]).unwrap();
        write_json(&path, &["new"]).unwrap();
        let read: Vec<String> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(read, ["new"]);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["state.json"]);
    }
}
