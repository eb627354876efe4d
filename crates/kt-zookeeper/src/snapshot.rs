//! Snapshots: the whole tree and the live sessions at one zxid, in
//! `kt-zksnap.<zxid, hex>` in dataDir, so a restart replays only the log written after it.
//!
//! kt's own format (not Apache ZooKeeper's `snapshot.N`): `KTZKSNP1`, `long zxid`,
//! `int sessions` then per session `long id, int timeout, buffer password`, `int nodes` then per
//! node `path, data, ACLs, long czxid, long mzxid, long ctime, long mtime, int version,
//! int cversion, int aversion, long ephemeralOwner, long pzxid`, and a trailing
//! `u32 crc32c` of everything before it. Written to a temporary name, fsynced, then renamed:
//! a snapshot is either whole or absent, and a damaged one is skipped for an older one.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use super::jute::{JuteError, Reader, Writer};
use super::proto::{read_acls, write_acls};
use super::tree::{parent_of, DataTree, Node};

const MAGIC: &[u8; 8] = b"KTZKSNP1";
const PREFIX: &str = "kt-zksnap.";

/// A session as a snapshot keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSession {
    pub id: i64,
    pub timeout: i32,
    pub password: Vec<u8>,
}

/// Serialises the state at `zxid` (done under the state lock; the write is done outside).
pub fn encode(zxid: i64, tree: &DataTree, sessions: &[SavedSession]) -> Vec<u8> {
    let mut w = Vec::with_capacity(64 + tree.data_size() + 80 * tree.len());
    w.extend_from_slice(MAGIC);
    w.long(zxid);
    w.int(sessions.len() as i32);
    for s in sessions {
        w.long(s.id);
        w.int(s.timeout);
        w.buffer(Some(&s.password));
    }
    let mut paths: Vec<&String> = tree.nodes().keys().collect();
    paths.sort();
    w.int(paths.len() as i32);
    for path in paths {
        let n = &tree.nodes()[path];
        w.string(path);
        w.buffer(n.data.as_deref());
        write_acls(&mut w, &n.acl);
        w.long(n.czxid);
        w.long(n.mzxid);
        w.long(n.ctime);
        w.long(n.mtime);
        w.int(n.version);
        w.int(n.cversion);
        w.int(n.aversion);
        w.long(n.ephemeral_owner);
        w.long(n.pzxid);
    }
    let crc = crc32c::crc32c(&w);
    w.extend_from_slice(&crc.to_be_bytes());
    w
}

/// Decodes a snapshot; `None` if it is damaged.
pub fn decode(bytes: &[u8]) -> Option<(i64, DataTree, Vec<SavedSession>)> {
    if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    if crc32c::crc32c(body) != u32::from_be_bytes(crc.try_into().ok()?) {
        return None;
    }
    decode_body(&body[MAGIC.len()..]).ok()
}

fn decode_body(body: &[u8]) -> Result<(i64, DataTree, Vec<SavedSession>), JuteError> {
    let mut r = Reader::new(body);
    let zxid = r.long()?;
    let n = r.count(16)?;
    let mut sessions = Vec::with_capacity(n);
    for _ in 0..n {
        sessions.push(SavedSession {
            id: r.long()?,
            timeout: r.int()?,
            password: r.buffer()?.unwrap_or_default(),
        });
    }
    let n = r.count(60)?;
    let mut nodes = HashMap::with_capacity(n);
    for _ in 0..n {
        let path = r.string()?;
        let node = Node {
            data: r.buffer()?,
            acl: read_acls(&mut r)?,
            czxid: r.long()?,
            mzxid: r.long()?,
            ctime: r.long()?,
            mtime: r.long()?,
            version: r.int()?,
            cversion: r.int()?,
            aversion: r.int()?,
            ephemeral_owner: r.long()?,
            pzxid: r.long()?,
            children: BTreeSet::new(),
        };
        nodes.insert(path, node);
    }
    let paths: Vec<String> = nodes.keys().filter(|p| *p != "/").cloned().collect();
    for path in paths {
        let name = path[path.rfind('/').unwrap_or(0) + 1..].to_string();
        if let Some(parent) = nodes.get_mut(parent_of(&path)) {
            parent.children.insert(name);
        }
    }
    Ok((zxid, DataTree::from_nodes(nodes), sessions))
}

/// Snapshot files in `dir`, by zxid.
pub fn list(dir: &Path) -> io::Result<Vec<(i64, PathBuf)>> {
    super::txnlog::list_by_zxid(dir, PREFIX)
}

/// Writes an encoded snapshot durably under its final name.
pub fn write(dir: &Path, zxid: i64, bytes: &[u8]) -> io::Result<PathBuf> {
    let path = dir.join(format!("{PREFIX}{zxid:016x}"));
    let tmp = dir.join(format!(".{PREFIX}{zxid:016x}.tmp"));
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path)?;
    super::txnlog::sync_dir(dir)?;
    Ok(path)
}

/// The newest snapshot that reads back whole.
pub fn load_newest(dir: &Path) -> io::Result<Option<(i64, DataTree, Vec<SavedSession>)>> {
    for (_, path) in list(dir)?.into_iter().rev() {
        let bytes = std::fs::read(&path)?;
        match decode(&bytes) {
            Some(found) => return Ok(Some(found)),
            None => tracing::warn!(
                "snapshot {} is damaged; trying an older one",
                path.display()
            ),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::Acl;
    use crate::tree::{Txn, TxnHeader, CONTAINER_OWNER};

    #[test]
    fn a_snapshot_reads_back_the_same_tree_and_sessions() {
        let mut tree = DataTree::new();
        let mut ch = Vec::new();
        for (i, (path, owner)) in [("/a", 0), ("/a/b", 77), ("/c", CONTAINER_OWNER)]
            .iter()
            .enumerate()
        {
            let hdr = TxnHeader {
                session: 77,
                zxid: i as i64 + 1,
                time: 5,
            };
            let txn = Txn::Create {
                path: path.to_string(),
                data: Some(vec![i as u8; i]),
                acl: Acl::open(),
                ephemeral_owner: *owner,
                parent_cversion: 1,
            };
            tree.apply(&hdr, &txn, &mut ch);
        }
        let sessions = vec![SavedSession {
            id: 77,
            timeout: 4000,
            password: vec![3; 16],
        }];
        let bytes = encode(3, &tree, &sessions);
        let (zxid, back, s) = decode(&bytes).unwrap();
        assert_eq!((zxid, &back, &s), (3, &tree, &sessions));
        assert_eq!(back.ephemerals_of(77), vec!["/a/b".to_string()]);

        let mut bad = bytes.clone();
        bad[20] ^= 1;
        assert!(decode(&bad).is_none());
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), 3, &bytes).unwrap();
        std::fs::write(dir.path().join(format!("{PREFIX}{:016x}", 9)), b"junk").unwrap();
        assert_eq!(load_newest(dir.path()).unwrap().unwrap().0, 3);
    }
}
