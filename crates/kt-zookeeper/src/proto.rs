//! ZooKeeper's client protocol records (`zookeeper.jute`), op codes and error codes, as the
//! 3.5–3.9 clients send and expect them. Encoding is [`super::jute`]; meaning is in
//! [`super::ops`].

use super::jute::{JuteError, Reader, Writer};

/// Op codes of `ZooDefs.OpCode`.
pub mod op {
    pub const CREATE: i32 = 1;
    pub const DELETE: i32 = 2;
    pub const EXISTS: i32 = 3;
    pub const GET_DATA: i32 = 4;
    pub const SET_DATA: i32 = 5;
    pub const GET_ACL: i32 = 6;
    pub const SET_ACL: i32 = 7;
    pub const GET_CHILDREN: i32 = 8;
    pub const SYNC: i32 = 9;
    pub const PING: i32 = 11;
    pub const GET_CHILDREN2: i32 = 12;
    pub const CHECK: i32 = 13;
    pub const MULTI: i32 = 14;
    pub const CREATE2: i32 = 15;
    pub const RECONFIG: i32 = 16;
    pub const CHECK_WATCHES: i32 = 17;
    pub const REMOVE_WATCHES: i32 = 18;
    pub const CREATE_CONTAINER: i32 = 19;
    pub const DELETE_CONTAINER: i32 = 20;
    pub const CREATE_TTL: i32 = 21;
    pub const MULTI_READ: i32 = 22;
    pub const AUTH: i32 = 100;
    pub const SET_WATCHES: i32 = 101;
    pub const SASL: i32 = 102;
    pub const GET_EPHEMERALS: i32 = 103;
    pub const GET_ALL_CHILDREN_NUMBER: i32 = 104;
    pub const SET_WATCHES2: i32 = 105;
    pub const ADD_WATCH: i32 = 106;
    pub const WHO_AM_I: i32 = 107;
    pub const CLOSE_SESSION: i32 = -11;
    pub const ERROR: i32 = -1;
}

/// Reserved xids of the reply header.
pub mod xid {
    pub const NOTIFICATION: i32 = -1;
    pub const PING: i32 = -2;
    pub const AUTH: i32 = -4;
    pub const SET_WATCHES: i32 = -8;
}

/// Error codes of `KeeperException.Code`, as sent in the reply header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Code {
    Ok = 0,
    RuntimeInconsistency = -2,
    MarshallingError = -5,
    Unimplemented = -6,
    BadArguments = -8,
    NoNode = -101,
    NoAuth = -102,
    BadVersion = -103,
    NoChildrenForEphemerals = -108,
    NodeExists = -110,
    NotEmpty = -111,
    SessionExpired = -112,
    InvalidAcl = -114,
    AuthFailed = -115,
    NoWatcher = -121,
    ReconfigDisabled = -123,
}

impl Code {
    /// The number on the wire.
    pub fn value(self) -> i32 {
        self as i32
    }
}

/// Permission bits of an ACL (`ZooDefs.Perms`).
pub mod perms {
    pub const READ: i32 = 1;
    pub const WRITE: i32 = 2;
    pub const CREATE: i32 = 4;
    pub const DELETE: i32 = 8;
    pub const ADMIN: i32 = 16;
    pub const ALL: i32 = 31;
}

/// Watch event types (`Watcher.Event.EventType`).
pub mod event {
    pub const NODE_CREATED: i32 = 1;
    pub const NODE_DELETED: i32 = 2;
    pub const NODE_DATA_CHANGED: i32 = 3;
    pub const NODE_CHILDREN_CHANGED: i32 = 4;
    /// `KeeperState.SyncConnected`, the state carried by every node event.
    pub const STATE_SYNC_CONNECTED: i32 = 3;
}

/// An identity: a scheme and an id in it (`world:anyone`, `digest:user:hash`, `ip:127.0.0.1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id {
    pub scheme: String,
    pub id: String,
}

/// One access control entry: what `id` may do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Acl {
    pub perms: i32,
    pub id: Id,
}

impl Acl {
    /// `world:anyone` with every permission, ZooKeeper's `OPEN_ACL_UNSAFE`.
    pub fn open() -> Vec<Acl> {
        vec![Acl {
            perms: perms::ALL,
            id: Id {
                scheme: "world".into(),
                id: "anyone".into(),
            },
        }]
    }
}

/// Reads a vector of ACLs.
pub fn read_acls(r: &mut Reader) -> Result<Vec<Acl>, JuteError> {
    let n = r.count(12)?;
    (0..n)
        .map(|_| {
            Ok(Acl {
                perms: r.int()?,
                id: Id {
                    scheme: r.string()?,
                    id: r.string()?,
                },
            })
        })
        .collect()
}

/// Writes a vector of ACLs.
pub fn write_acls(w: &mut Vec<u8>, acls: &[Acl]) {
    w.int(acls.len() as i32);
    for a in acls {
        w.int(a.perms);
        w.string(&a.id.scheme);
        w.string(&a.id.id);
    }
}

/// A znode's `Stat`, in wire order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stat {
    pub czxid: i64,
    pub mzxid: i64,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    pub cversion: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub data_length: i32,
    pub num_children: i32,
    pub pzxid: i64,
}

impl Stat {
    /// Appends the 68-byte record.
    pub fn write(&self, w: &mut Vec<u8>) {
        w.long(self.czxid);
        w.long(self.mzxid);
        w.long(self.ctime);
        w.long(self.mtime);
        w.int(self.version);
        w.int(self.cversion);
        w.int(self.aversion);
        w.long(self.ephemeral_owner);
        w.int(self.data_length);
        w.int(self.num_children);
        w.long(self.pzxid);
    }

    /// Reads the record (tests and tools read what the server wrote).
    pub fn read(r: &mut Reader) -> Result<Stat, JuteError> {
        Ok(Stat {
            czxid: r.long()?,
            mzxid: r.long()?,
            ctime: r.long()?,
            mtime: r.long()?,
            version: r.int()?,
            cversion: r.int()?,
            aversion: r.int()?,
            ephemeral_owner: r.long()?,
            data_length: r.int()?,
            num_children: r.int()?,
            pzxid: r.long()?,
        })
    }
}

/// The session handshake a client opens every connection with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectRequest {
    pub protocol_version: i32,
    pub last_zxid_seen: i64,
    pub timeout: i32,
    pub session_id: i64,
    pub password: Vec<u8>,
    /// `None` for clients older than 3.4 that do not send the flag (they get no flag back).
    pub read_only: Option<bool>,
}

impl ConnectRequest {
    /// Decodes the handshake frame.
    pub fn read(buf: &[u8]) -> Result<Self, JuteError> {
        let mut r = Reader::new(buf);
        let protocol_version = r.int()?;
        let last_zxid_seen = r.long()?;
        let timeout = r.int()?;
        let session_id = r.long()?;
        let password = r.buffer()?.unwrap_or_default();
        let read_only = if r.remaining() > 0 {
            Some(r.bool()?)
        } else {
            None
        };
        Ok(ConnectRequest {
            protocol_version,
            last_zxid_seen,
            timeout,
            session_id,
            password,
            read_only,
        })
    }
}

/// The server's answer to the handshake; a timeout of 0 tells the client its session expired.
pub fn connect_response(
    timeout: i32,
    session_id: i64,
    password: &[u8],
    read_only: Option<bool>,
) -> Vec<u8> {
    let mut w = Vec::with_capacity(40);
    w.int(0);
    w.int(timeout);
    w.long(session_id);
    w.buffer(Some(password));
    if read_only.is_some() {
        w.bool(false);
    }
    w
}

/// The reply header every answer but the handshake starts with.
pub fn reply_header(w: &mut Vec<u8>, xid: i32, zxid: i64, err: i32) {
    w.int(xid);
    w.long(zxid);
    w.int(err);
}

/// A watch event as the client receives it: a reply header with the notification xid, then
/// `WatcherEvent` (type, SyncConnected, path); the whole frame, length included.
pub fn notification(kind: i32, path: &str) -> Vec<u8> {
    let mut w = Vec::with_capacity(32 + path.len());
    w.int(0); // the length, filled in below
    reply_header(&mut w, xid::NOTIFICATION, -1, 0);
    w.int(kind);
    w.int(event::STATE_SYNC_CONNECTED);
    w.string(path);
    let len = (w.len() - 4) as u32;
    w[..4].copy_from_slice(&len.to_be_bytes());
    w
}

/// One operation of a request, decoded. Sub-operations of `multi`/`multiRead` use the same type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// create, create2, createContainer, createTTL (`opcode` says which reply to build).
    Create {
        opcode: i32,
        path: String,
        data: Option<Vec<u8>>,
        acl: Vec<Acl>,
        flags: i32,
        ttl: i64,
    },
    Delete {
        path: String,
        version: i32,
    },
    SetData {
        path: String,
        data: Option<Vec<u8>>,
        version: i32,
    },
    Check {
        path: String,
        version: i32,
    },
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        version: i32,
    },
    Exists {
        path: String,
        watch: bool,
    },
    GetData {
        path: String,
        watch: bool,
    },
    /// getChildren (`with_stat` false) and getChildren2.
    GetChildren {
        path: String,
        watch: bool,
        with_stat: bool,
    },
    GetAcl {
        path: String,
    },
    Sync {
        path: String,
    },
    GetAllChildrenNumber {
        path: String,
    },
    GetEphemerals {
        prefix: String,
    },
    Multi(Vec<Op>),
    MultiRead(Vec<Op>),
    Auth {
        scheme: String,
        auth: Vec<u8>,
    },
    /// setWatches (101) and setWatches2 (105): watches a client had before it reconnected.
    SetWatches {
        relative_zxid: i64,
        data: Vec<String>,
        exist: Vec<String>,
        child: Vec<String>,
        persistent: Vec<String>,
        recursive: Vec<String>,
    },
    AddWatch {
        path: String,
        mode: i32,
    },
    /// removeWatches (`remove` true) and checkWatches.
    RemoveWatches {
        path: String,
        kind: i32,
        remove: bool,
    },
    WhoAmI,
    CloseSession,
    /// An op code kt does not serve (reconfig, sasl, ...): answered with UNIMPLEMENTED.
    Unsupported(i32),
}

impl Op {
    /// Whether the op changes the tree (and so takes a zxid and goes to the log).
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Op::Create { .. }
                | Op::Delete { .. }
                | Op::SetData { .. }
                | Op::Check { .. }
                | Op::SetAcl { .. }
                | Op::Multi(_)
        )
    }

    /// Decodes the body of an op with code `opcode`.
    pub fn read(opcode: i32, r: &mut Reader) -> Result<Op, JuteError> {
        Ok(match opcode {
            op::CREATE | op::CREATE2 | op::CREATE_CONTAINER | op::CREATE_TTL => {
                let path = r.string()?;
                let data = r.buffer()?;
                let acl = read_acls(r)?;
                let flags = r.int()?;
                let ttl = if opcode == op::CREATE_TTL {
                    r.long()?
                } else {
                    -1
                };
                Op::Create {
                    opcode,
                    path,
                    data,
                    acl,
                    flags,
                    ttl,
                }
            }
            op::DELETE => Op::Delete {
                path: r.string()?,
                version: r.int()?,
            },
            op::SET_DATA => Op::SetData {
                path: r.string()?,
                data: r.buffer()?,
                version: r.int()?,
            },
            op::CHECK => Op::Check {
                path: r.string()?,
                version: r.int()?,
            },
            op::SET_ACL => Op::SetAcl {
                path: r.string()?,
                acl: read_acls(r)?,
                version: r.int()?,
            },
            op::EXISTS => Op::Exists {
                path: r.string()?,
                watch: r.bool()?,
            },
            op::GET_DATA => Op::GetData {
                path: r.string()?,
                watch: r.bool()?,
            },
            op::GET_CHILDREN | op::GET_CHILDREN2 => Op::GetChildren {
                path: r.string()?,
                watch: r.bool()?,
                with_stat: opcode == op::GET_CHILDREN2,
            },
            op::GET_ACL => Op::GetAcl { path: r.string()? },
            op::SYNC => Op::Sync { path: r.string()? },
            op::GET_ALL_CHILDREN_NUMBER => Op::GetAllChildrenNumber { path: r.string()? },
            op::GET_EPHEMERALS => Op::GetEphemerals {
                prefix: r.string()?,
            },
            op::MULTI | op::MULTI_READ => {
                let mut ops = Vec::new();
                loop {
                    let kind = r.int()?;
                    let done = r.bool()?;
                    let _err = r.int()?;
                    if done {
                        break;
                    }
                    // No nesting: a forged frame of multis within multis would otherwise
                    // recurse once per 9 bytes, deep enough to overflow the stack.
                    if kind == op::MULTI || kind == op::MULTI_READ {
                        return Err(JuteError::OpNotAllowed(kind));
                    }
                    ops.push(Op::read(kind, r)?);
                }
                if opcode == op::MULTI {
                    Op::Multi(ops)
                } else {
                    Op::MultiRead(ops)
                }
            }
            op::AUTH => {
                let _type = r.int()?;
                Op::Auth {
                    scheme: r.string()?,
                    auth: r.buffer()?.unwrap_or_default(),
                }
            }
            op::SET_WATCHES | op::SET_WATCHES2 => {
                let relative_zxid = r.long()?;
                let data = r.strings()?;
                let exist = r.strings()?;
                let child = r.strings()?;
                let (persistent, recursive) = if opcode == op::SET_WATCHES2 {
                    (r.strings()?, r.strings()?)
                } else {
                    (Vec::new(), Vec::new())
                };
                Op::SetWatches {
                    relative_zxid,
                    data,
                    exist,
                    child,
                    persistent,
                    recursive,
                }
            }
            op::ADD_WATCH => Op::AddWatch {
                path: r.string()?,
                mode: r.int()?,
            },
            op::REMOVE_WATCHES | op::CHECK_WATCHES => Op::RemoveWatches {
                path: r.string()?,
                kind: r.int()?,
                remove: opcode == op::REMOVE_WATCHES,
            },
            op::WHO_AM_I => Op::WhoAmI,
            op::CLOSE_SESSION => Op::CloseSession,
            other => Op::Unsupported(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_request_with_and_without_read_only_flag() {
        let mut w = Vec::new();
        w.int(0);
        w.long(7);
        w.int(30_000);
        w.long(0);
        w.buffer(Some(&[0; 16]));
        let old = ConnectRequest::read(&w).unwrap();
        assert_eq!(old.read_only, None);
        assert_eq!(old.timeout, 30_000);
        w.bool(true);
        let new = ConnectRequest::read(&w).unwrap();
        assert_eq!(new.read_only, Some(true));
        assert_eq!(new.last_zxid_seen, 7);
        // The response carries the flag only for clients that sent one.
        assert_eq!(connect_response(1, 2, &[0; 16], None).len(), 36);
        assert_eq!(connect_response(1, 2, &[0; 16], Some(true)).len(), 37);
    }

    #[test]
    fn multi_request_decodes_until_done() {
        let mut w = Vec::new();
        // create /a "x" open-acl persistent
        w.int(op::CREATE);
        w.bool(false);
        w.int(-1);
        w.string("/a");
        w.buffer(Some(b"x"));
        write_acls(&mut w, &Acl::open());
        w.int(0);
        // check /a version 0
        w.int(op::CHECK);
        w.bool(false);
        w.int(-1);
        w.string("/a");
        w.int(0);
        // done
        w.int(-1);
        w.bool(true);
        w.int(-1);
        let op = Op::read(op::MULTI, &mut Reader::new(&w)).unwrap();
        let Op::Multi(ops) = op else { panic!() };
        assert_eq!(ops.len(), 2);
        assert!(matches!(&ops[0], Op::Create { path, flags: 0, .. } if path == "/a"));
        assert_eq!(
            ops[1],
            Op::Check {
                path: "/a".into(),
                version: 0
            }
        );
    }

    #[test]
    fn stat_round_trips() {
        let s = Stat {
            czxid: 1,
            mzxid: 2,
            ctime: 3,
            mtime: 4,
            version: 5,
            cversion: 6,
            aversion: 7,
            ephemeral_owner: 8,
            data_length: 9,
            num_children: 10,
            pzxid: 11,
        };
        let mut w = Vec::new();
        s.write(&mut w);
        assert_eq!(w.len(), 68);
        assert_eq!(Stat::read(&mut Reader::new(&w)).unwrap(), s);
    }
}
