//! The transaction log: every change, in zxid order, appended to `kt-zklog.<first zxid, hex>`
//! files in dataLogDir (dataDir when unset) and fsynced before any client hears of it.
//!
//! kt's own format, documented here (it is not Apache ZooKeeper's `log.N`):
//! a file starts with the 8 bytes `KTZKLOG1`, then records, each
//! `u32 length | u32 crc32c(payload) | payload`, all big-endian. The payload is
//! `long zxid | long time | long session | txn`, and a txn is `int type` and its fields in
//! jute encoding:
//! create (1): path, data, ACLs, long ephemeralOwner, int parentCVersion;
//! delete (2): path; setData (5): path, data, int version; setACL (7): path, ACLs, int
//! aversion; check (13): path; createSession (-10): int timeout, buffer password;
//! closeSession (-11); error (-1): int code; multi (14): int count, then that many txns.
//! Files are grown 64 MiB at a time (sparse, as ZooKeeper pads its logs) so that an fsync after
//! an append need not also record a new file size; a zero length field marks the unwritten
//! rest. A record cut short or failing its CRC ends the log: recovery truncates the file there
//! (a torn write at a crash) and ignores later files.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::jute::{JuteError, Reader, Writer};
use super::proto::{read_acls, write_acls};
use super::tree::{Txn, TxnHeader};

const MAGIC: &[u8; 8] = b"KTZKLOG1";
const PREFIX: &str = "kt-zklog.";
/// How much a log file grows at once.
const PREALLOCATE: u64 = 64 << 20;

const T_CREATE: i32 = 1;
const T_DELETE: i32 = 2;
const T_SET_DATA: i32 = 5;
const T_SET_ACL: i32 = 7;
const T_CHECK: i32 = 13;
const T_MULTI: i32 = 14;
const T_CREATE_SESSION: i32 = -10;
const T_CLOSE_SESSION: i32 = -11;
const T_ERROR: i32 = -1;

/// Appends a txn's encoding.
pub fn encode_txn(w: &mut Vec<u8>, txn: &Txn) {
    match txn {
        Txn::Create {
            path,
            data,
            acl,
            ephemeral_owner,
            parent_cversion,
        } => {
            w.int(T_CREATE);
            w.string(path);
            w.buffer(data.as_deref());
            write_acls(w, acl);
            w.long(*ephemeral_owner);
            w.int(*parent_cversion);
        }
        Txn::Delete { path } => {
            w.int(T_DELETE);
            w.string(path);
        }
        Txn::SetData {
            path,
            data,
            version,
        } => {
            w.int(T_SET_DATA);
            w.string(path);
            w.buffer(data.as_deref());
            w.int(*version);
        }
        Txn::SetAcl { path, acl, version } => {
            w.int(T_SET_ACL);
            w.string(path);
            write_acls(w, acl);
            w.int(*version);
        }
        Txn::Check { path } => {
            w.int(T_CHECK);
            w.string(path);
        }
        Txn::CreateSession { timeout, password } => {
            w.int(T_CREATE_SESSION);
            w.int(*timeout);
            w.buffer(Some(password));
        }
        Txn::CloseSession => w.int(T_CLOSE_SESSION),
        Txn::Error { code } => {
            w.int(T_ERROR);
            w.int(*code);
        }
        Txn::Multi(txns) => {
            w.int(T_MULTI);
            w.int(txns.len() as i32);
            for t in txns {
                encode_txn(w, t);
            }
        }
    }
}

/// Reads a txn written by [`encode_txn`].
pub fn decode_txn(r: &mut Reader) -> Result<Txn, JuteError> {
    Ok(match r.int()? {
        T_CREATE => Txn::Create {
            path: r.string()?,
            data: r.buffer()?,
            acl: read_acls(r)?,
            ephemeral_owner: r.long()?,
            parent_cversion: r.int()?,
        },
        T_DELETE => Txn::Delete { path: r.string()? },
        T_SET_DATA => Txn::SetData {
            path: r.string()?,
            data: r.buffer()?,
            version: r.int()?,
        },
        T_SET_ACL => Txn::SetAcl {
            path: r.string()?,
            acl: read_acls(r)?,
            version: r.int()?,
        },
        T_CHECK => Txn::Check { path: r.string()? },
        T_CREATE_SESSION => Txn::CreateSession {
            timeout: r.int()?,
            password: r.buffer()?.unwrap_or_default(),
        },
        T_CLOSE_SESSION => Txn::CloseSession,
        T_ERROR => Txn::Error { code: r.int()? },
        T_MULTI => {
            let n = r.count(4)?;
            Txn::Multi((0..n).map(|_| decode_txn(r)).collect::<Result<_, _>>()?)
        }
        other => return Err(JuteError::BadLength(other)),
    })
}

/// One framed log record: length, CRC and payload.
pub fn encode_record(hdr: &TxnHeader, txn: &Txn) -> Vec<u8> {
    let mut payload = Vec::with_capacity(64);
    payload.long(hdr.zxid);
    payload.long(hdr.time);
    payload.long(hdr.session);
    encode_txn(&mut payload, txn);
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(&crc32c::crc32c(&payload).to_be_bytes());
    out.extend_from_slice(&payload);
    out
}

fn log_name(first_zxid: i64) -> String {
    format!("{PREFIX}{first_zxid:016x}")
}

/// Log files in `dir`, by first zxid.
pub fn list(dir: &Path) -> io::Result<Vec<(i64, PathBuf)>> {
    list_by_zxid(dir, PREFIX)
}

/// Files of `dir` named `<prefix><zxid in hex>`, by zxid (logs and snapshots).
pub fn list_by_zxid(dir: &Path, prefix: &str) -> io::Result<Vec<(i64, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(hex) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if let Ok(zxid) = i64::from_str_radix(hex, 16) {
            out.push((zxid, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// The open log file that records are appended to.
pub struct LogWriter {
    dir: PathBuf,
    file: File,
    /// Bytes written so far.
    written: u64,
    /// The file's length: `written` plus the unwritten (zero) rest.
    allocated: u64,
}

impl LogWriter {
    /// Starts a new log file for transactions from `first_zxid` on.
    pub fn create(dir: &Path, first_zxid: i64) -> io::Result<LogWriter> {
        let path = dir.join(log_name(first_zxid));
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(&path)?;
        file.write_all(MAGIC)?;
        file.sync_all()?;
        sync_dir(dir)?;
        Ok(LogWriter {
            dir: dir.to_path_buf(),
            file,
            written: MAGIC.len() as u64,
            allocated: MAGIC.len() as u64,
        })
    }

    /// Appends framed records (not yet durable).
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let end = self.written + bytes.len() as u64;
        if end > self.allocated {
            self.allocated = end.div_ceil(PREALLOCATE) * PREALLOCATE;
            self.file.set_len(self.allocated)?;
        }
        self.file.write_all(bytes)?;
        self.written = end;
        Ok(())
    }

    /// Makes everything appended durable.
    pub fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// Closes this file and continues in a new one starting at `first_zxid` (after a snapshot).
    pub fn roll(&mut self, first_zxid: i64) -> io::Result<()> {
        self.sync()?;
        *self = LogWriter::create(&self.dir, first_zxid)?;
        Ok(())
    }
}

/// Makes a directory's entries (new or renamed files) durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Reads every valid record of the logs in `dir` with a zxid above `after`, in order. A torn
/// or corrupt record ends the log: that file is truncated there and later files are ignored.
pub fn recover(dir: &Path, after: i64) -> io::Result<Vec<(TxnHeader, Txn)>> {
    let mut out = Vec::new();
    let files = list(dir)?;
    for (i, (_, path)) in files.iter().enumerate() {
        let file = File::open(path)?;
        let length = file.metadata()?.len();
        let mut reader = BufReader::new(file);
        let mut magic = [0u8; 8];
        let mut pos = MAGIC.len() as u64;
        let mut clean = read_full(&mut reader, &mut magic)? == magic.len() && &magic == MAGIC;
        while clean {
            let mut head = [0u8; 8];
            match read_full(&mut reader, &mut head)? {
                0 => break,
                8 => {}
                _ => {
                    clean = false;
                    break;
                }
            }
            let len = u32::from_be_bytes(head[..4].try_into().unwrap()) as u64;
            let crc = u32::from_be_bytes(head[4..].try_into().unwrap());
            if len == 0 && crc == 0 {
                break; // the preallocated, never written rest of the file
            }
            if pos + 8 + len > length {
                clean = false;
                break;
            }
            let mut payload = vec![0; len as usize];
            let parsed = (read_full(&mut reader, &mut payload)? == payload.len()
                && crc32c::crc32c(&payload) == crc)
                .then(|| parse_payload(&payload))
                .flatten();
            match parsed {
                Some((hdr, txn)) => {
                    if hdr.zxid > after {
                        out.push((hdr, txn));
                    }
                    pos += 8 + len;
                }
                None => clean = false,
            }
        }
        if !clean {
            let keep = pos.max(MAGIC.len() as u64);
            tracing::warn!(
                "transaction log {} ends with a torn or corrupt record at byte {keep}; \
                 truncating it there",
                path.display()
            );
            let mut f = OpenOptions::new().write(true).open(path)?;
            if keep <= MAGIC.len() as u64 {
                f.set_len(0)?;
                f.seek(SeekFrom::Start(0))?;
                f.write_all(MAGIC)?;
            } else {
                f.set_len(keep)?;
            }
            f.sync_all()?;
            for (_, later) in &files[i + 1..] {
                tracing::warn!("ignoring later transaction log {}", later.display());
                std::fs::remove_file(later)?;
            }
            break;
        }
    }
    Ok(out)
}

/// Reads until `buf` is full or the end of the file; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn parse_payload(payload: &[u8]) -> Option<(TxnHeader, Txn)> {
    let mut r = Reader::new(payload);
    let hdr = TxnHeader {
        zxid: r.long().ok()?,
        time: r.long().ok()?,
        session: r.long().ok()?,
    };
    let txn = decode_txn(&mut r).ok()?;
    Some((hdr, txn))
}

#[cfg(test)]
fn read_record(bytes: &[u8]) -> Option<(usize, TxnHeader, Txn)> {
    let len = u32::from_be_bytes(bytes.get(..4)?.try_into().unwrap()) as usize;
    let crc = u32::from_be_bytes(bytes.get(4..8)?.try_into().unwrap());
    let payload = bytes.get(8..8 + len)?;
    if crc32c::crc32c(payload) != crc {
        return None;
    }
    let (hdr, txn) = parse_payload(payload)?;
    Some((8 + len, hdr, txn))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::Acl;
    use proptest::prelude::*;

    fn sample() -> Vec<Txn> {
        vec![
            Txn::CreateSession {
                timeout: 4000,
                password: vec![9; 16],
            },
            Txn::Create {
                path: "/a".into(),
                data: None,
                acl: Acl::open(),
                ephemeral_owner: 0,
                parent_cversion: 1,
            },
            Txn::Multi(vec![
                Txn::Check { path: "/a".into() },
                Txn::SetData {
                    path: "/a".into(),
                    data: Some(b"x".to_vec()),
                    version: 1,
                },
                Txn::SetAcl {
                    path: "/a".into(),
                    acl: vec![],
                    version: 1,
                },
            ]),
            Txn::Error { code: -101 },
            Txn::Delete { path: "/a".into() },
            Txn::CloseSession,
        ]
    }

    proptest! {
        #[test]
        fn records_round_trip(zxid in any::<i64>(), time in any::<i64>(), session in any::<i64>(), pick in 0usize..6) {
            let txn = sample()[pick].clone();
            let hdr = TxnHeader { zxid, time, session };
            let rec = encode_record(&hdr, &txn);
            let (len, h, t) = read_record(&rec).unwrap();
            prop_assert_eq!(len, rec.len());
            prop_assert_eq!(h, hdr);
            prop_assert_eq!(t, txn);
        }
    }

    #[test]
    fn recovery_cuts_a_torn_tail_and_keeps_what_came_before() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = LogWriter::create(dir.path(), 1).unwrap();
        for (i, txn) in sample().iter().enumerate() {
            let hdr = TxnHeader {
                zxid: i as i64 + 1,
                time: 0,
                session: 7,
            };
            log.append(&encode_record(&hdr, txn)).unwrap();
        }
        // Half a record: a crash in the middle of a write.
        let torn = encode_record(
            &TxnHeader {
                zxid: 99,
                time: 0,
                session: 7,
            },
            &Txn::Delete { path: "/b".into() },
        );
        log.append(&torn[..torn.len() / 2]).unwrap();
        log.sync().unwrap();
        drop(log);
        let got = recover(dir.path(), 0).unwrap();
        assert_eq!(got.len(), sample().len());
        assert_eq!(got[2].1, sample()[2]);
        assert_eq!(recover(dir.path(), 4).unwrap().len(), 2);
        // The tail was cut, so appending after recovery leaves a clean log.
        let again = recover(dir.path(), 0).unwrap();
        assert_eq!(again.len(), sample().len());
    }

    #[test]
    fn the_preallocated_rest_of_a_log_is_a_clean_end() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = LogWriter::create(dir.path(), 1).unwrap();
        for i in 1..=3 {
            let hdr = TxnHeader {
                zxid: i,
                time: 0,
                session: 7,
            };
            log.append(&encode_record(&hdr, &Txn::Check { path: "/".into() }))
                .unwrap();
        }
        log.sync().unwrap();
        drop(log);
        let (_, path) = &list(dir.path()).unwrap()[0];
        assert_eq!(std::fs::metadata(path).unwrap().len(), PREALLOCATE);
        assert_eq!(recover(dir.path(), 0).unwrap().len(), 3);
        // Nothing was cut: the file keeps its length.
        assert_eq!(std::fs::metadata(path).unwrap().len(), PREALLOCATE);
    }
}
