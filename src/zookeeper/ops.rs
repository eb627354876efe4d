//! What each request does: the connect handshake, then one function per kind of op, checked
//! the way ZooKeeper's `PrepRequestProcessor` (writes) and `FinalRequestProcessor` (reads)
//! check them, in the same order, so clients get the same error codes.
//!
//! Writes are validated against the tree seen through an overlay of the changes made so far
//! by the same request (a multi's earlier parts), turned into a [`Txn`] and committed; a write
//! that fails validation still takes a zxid (an error transaction), as in ZooKeeper.

use std::collections::HashMap;

use base64::Engine;
use sha1::{Digest, Sha1};

use super::db::{frame, Db, Outbound, State};
use super::jute::Writer;
use super::proto::{self, event, op, perms, xid, Acl, Code, ConnectRequest, Id, Op};
use super::session::negotiate;
use super::tree::{
    is_system_path, parent_of, ttl_owner, valid_path, DataTree, NodeKind, Txn, TxnHeader,
    CONTAINER_OWNER, MAX_TTL,
};
use super::watch::ConnId;

/// The answer to one request.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Frames to send before the reply (events a setWatches found already due).
    pub before: Vec<Vec<u8>>,
    /// The reply frame; `None` when nothing is sent (a refused handshake).
    pub reply: Option<Vec<u8>>,
    /// The zxid the reply carries: the reply waits until it is durable.
    pub zxid: i64,
    /// Close the connection after the reply.
    pub close: bool,
}

fn reply(xid: i32, zxid: i64, err: i32, body: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + body.len());
    proto::reply_header(&mut b, xid, zxid, err);
    b.extend_from_slice(body);
    frame(b)
}

/// Answers the connect handshake; registers or re-attaches the session.
pub fn connect(db: &Db, conn: ConnId, req: &ConnectRequest) -> Outcome {
    let cfg = db.config();
    let mut st = db.lock();
    if req.last_zxid_seen > st.last_zxid {
        tracing::info!(
            "Refusing session request for client as it has seen zxid 0x{:x} our last zxid is \
             0x{:x} client must try another server",
            req.last_zxid_seen,
            st.last_zxid
        );
        return Outcome {
            close: true,
            zxid: st.last_zxid,
            ..Outcome::default()
        };
    }
    let timeout = negotiate(
        req.timeout,
        cfg.min_session_timeout,
        cfg.max_session_timeout,
    );
    let peer_ip = st.conns.get(&conn).map(|c| c.peer.ip().to_string());
    let ip_id = Id {
        scheme: "ip".into(),
        id: peer_ip.unwrap_or_default(),
    };
    if req.session_id == 0 {
        let id = st.sessions.next_id();
        let password = uuid::Uuid::new_v4().as_bytes().to_vec();
        let hdr = TxnHeader {
            session: id,
            zxid: st.last_zxid + 1,
            time: super::db::now_ms(),
        };
        let zxid = st.commit_with(
            hdr,
            Txn::CreateSession {
                timeout,
                password: password.clone(),
            },
            |_, _, _| {},
        );
        attach(&mut st, conn, id, ip_id);
        drop(st);
        db.kick();
        tracing::info!("Established session 0x{id:x} with negotiated timeout {timeout}");
        return Outcome {
            reply: Some(frame(proto::connect_response(
                timeout,
                id,
                &password,
                req.read_only,
            ))),
            zxid,
            ..Outcome::default()
        };
    }
    let valid = st
        .sessions
        .get(req.session_id)
        .is_some_and(|s| s.password == req.password);
    if !valid {
        tracing::info!(
            "Invalid session 0x{:x} for client, probably expired",
            req.session_id
        );
        return Outcome {
            reply: Some(frame(proto::connect_response(
                0,
                0,
                &[0; 16],
                req.read_only,
            ))),
            zxid: st.last_zxid,
            close: true,
            ..Outcome::default()
        };
    }
    let old = st.sessions.get(req.session_id).and_then(|s| s.conn);
    if let Some(old) = old.filter(|o| *o != conn) {
        if let Some(c) = st.conns.get(&old) {
            let _ = c.tx.send(Outbound::Close);
        }
    }
    if let Some(s) = st.sessions.get_mut(req.session_id) {
        s.timeout = timeout;
    }
    st.sessions.touch(req.session_id);
    attach(&mut st, conn, req.session_id, ip_id);
    tracing::info!(
        "Renewed session 0x{:x} with negotiated timeout {timeout}",
        req.session_id
    );
    Outcome {
        reply: Some(frame(proto::connect_response(
            timeout,
            req.session_id,
            &req.password,
            req.read_only,
        ))),
        zxid: st.last_zxid,
        ..Outcome::default()
    }
}

fn attach(st: &mut State, conn: ConnId, session: i64, ip: Id) {
    if let Some(s) = st.sessions.get_mut(session) {
        s.conn = Some(conn);
        if !s.auth.contains(&ip) {
            s.auth.push(ip);
        }
    }
    if let Some(c) = st.conns.get_mut(&conn) {
        c.session = session;
    }
}

/// Ends a session: its ephemerals are deleted and their watchers told. Used by closeSession
/// and by expiry. Returns the zxid of the change.
pub fn close_session(st: &mut State, session: i64) -> i64 {
    st.commit(session, Txn::CloseSession)
}

/// Runs one request of an established session.
pub fn execute(db: &Db, conn: ConnId, session: i64, xid_: i32, request: Op) -> Outcome {
    let limits = Limits {
        max_buffer: db.config().max_buffer,
        ttl_enabled: db.config().extended_types_enabled,
    };
    let mut st = db.lock();
    st.sessions.touch(session);
    if st.sessions.get(session).is_none() {
        // Expired between the packet's arrival and now.
        return Outcome {
            reply: Some(reply(xid_, st.last_zxid, Code::SessionExpired.value(), &[])),
            zxid: st.last_zxid,
            close: true,
            ..Outcome::default()
        };
    }
    let auth = st
        .sessions
        .get(session)
        .map(|s| s.auth.clone())
        .unwrap_or_default();
    let last = st.last_zxid;
    let read = |st: &mut State, result: Result<Vec<u8>, Code>| -> Outcome {
        let (err, body) = match result {
            Ok(body) => (0, body),
            Err(code) => (code.value(), Vec::new()),
        };
        Outcome {
            reply: Some(reply(xid_, st.last_zxid, err, &body)),
            zxid: st.last_zxid,
            ..Outcome::default()
        }
    };
    match request {
        Op::Create { .. }
        | Op::Delete { .. }
        | Op::SetData { .. }
        | Op::SetAcl { .. }
        | Op::Check { .. } => {
            let single = request.clone();
            let result = {
                let mut overlay = Overlay::new(&st.tree);
                prep(&request, &mut overlay, session, &auth, &limits)
            };
            let (txn, err) = match result {
                Ok(txn) => (txn, 0),
                Err(code) => (Txn::Error { code: code.value() }, code.value()),
            };
            let mut stat = None;
            let hdr = header(&st, session);
            let zxid = st.commit_with(hdr, txn.clone(), |tree, _, part| {
                stat = part_path(part).and_then(|p| tree.get(p)).map(|n| n.stat());
            });
            drop(st);
            db.kick();
            let mut body = Vec::new();
            if err == 0 {
                match (&single, &txn) {
                    (Op::Create { opcode, .. }, Txn::Create { path, .. }) => {
                        body.string(path);
                        if *opcode != op::CREATE {
                            stat.unwrap_or_default().write(&mut body);
                        }
                    }
                    (Op::SetData { .. } | Op::SetAcl { .. }, _) => {
                        stat.unwrap_or_default().write(&mut body)
                    }
                    _ => {}
                }
            }
            Outcome {
                reply: Some(reply(xid_, zxid, err, &body)),
                zxid,
                ..Outcome::default()
            }
        }
        Op::Multi(ops) => {
            let outcome = multi(&mut st, session, &auth, &limits, &ops);
            drop(st);
            db.kick();
            let (zxid, body) = outcome;
            Outcome {
                reply: Some(reply(xid_, zxid, 0, &body)),
                zxid,
                ..Outcome::default()
            }
        }
        Op::MultiRead(ops) => {
            let mut body = Vec::new();
            for o in &ops {
                let (kind, result) = match o {
                    Op::GetData { .. } => (op::GET_DATA, read_op(&mut st, conn, &auth, o)),
                    Op::GetChildren { .. } => (op::GET_CHILDREN, read_op(&mut st, conn, &auth, o)),
                    _ => (op::ERROR, Err(Code::BadArguments)),
                };
                match result {
                    Ok(part) => {
                        multi_header(&mut body, kind, false, 0);
                        body.extend_from_slice(&part);
                    }
                    Err(code) => error_result(&mut body, code.value()),
                }
            }
            multi_header(&mut body, -1, true, -1);
            read(&mut st, Ok(body))
        }
        Op::Exists { .. }
        | Op::GetData { .. }
        | Op::GetChildren { .. }
        | Op::GetAcl { .. }
        | Op::GetAllChildrenNumber { .. } => {
            let result = read_op(&mut st, conn, &auth, &request);
            read(&mut st, result)
        }
        Op::Sync { path } => {
            let mut body = Vec::new();
            body.string(&path);
            read(&mut st, Ok(body))
        }
        Op::GetEphemerals { prefix } => {
            let paths: Vec<String> = st
                .tree
                .ephemerals_of(session)
                .into_iter()
                .filter(|p| prefix == "/" || p.starts_with(&prefix))
                .collect();
            let mut body = Vec::new();
            body.strings(&paths);
            read(&mut st, Ok(body))
        }
        Op::Auth { scheme, auth } => {
            let id = match (scheme.as_str(), std::str::from_utf8(&auth)) {
                ("digest", Ok(text)) if text.contains(':') => Some(Id {
                    scheme: "digest".into(),
                    id: digest_id(text),
                }),
                _ => None,
            };
            match id {
                Some(id) => {
                    if let Some(s) = st.sessions.get_mut(session) {
                        if !s.auth.contains(&id) {
                            s.auth.push(id);
                        }
                    }
                    Outcome {
                        reply: Some(reply(xid_, 0, 0, &[])),
                        zxid: last,
                        ..Outcome::default()
                    }
                }
                None => {
                    tracing::warn!("Authentication failed for scheme: {scheme}");
                    Outcome {
                        reply: Some(reply(xid_, 0, Code::AuthFailed.value(), &[])),
                        zxid: last,
                        close: true,
                        ..Outcome::default()
                    }
                }
            }
        }
        Op::SetWatches {
            relative_zxid,
            data,
            exist,
            child,
            persistent,
            recursive,
        } => {
            let mut before = Vec::new();
            let mut notify = |kind: i32, path: &str| {
                let mut b = Vec::new();
                proto::reply_header(&mut b, xid::NOTIFICATION, -1, 0);
                b.int(kind);
                b.int(event::STATE_SYNC_CONNECTED);
                b.string(path);
                before.push(frame(b));
            };
            for path in &data {
                match st.tree.get(path).map(|n| n.mzxid) {
                    None => notify(event::NODE_DELETED, path),
                    Some(m) if m > relative_zxid => notify(event::NODE_DATA_CHANGED, path),
                    Some(_) => st.watches.add_data(path, conn),
                }
            }
            for path in &exist {
                if st.tree.get(path).is_some() {
                    notify(event::NODE_CREATED, path);
                } else {
                    st.watches.add_data(path, conn);
                }
            }
            for path in &child {
                match st.tree.get(path).map(|n| n.pzxid) {
                    None => notify(event::NODE_DELETED, path),
                    Some(p) if p > relative_zxid => notify(event::NODE_CHILDREN_CHANGED, path),
                    Some(_) => st.watches.add_child(path, conn),
                }
            }
            for path in &persistent {
                st.watches
                    .add_persistent(path, conn, super::watch::MODE_PERSISTENT);
            }
            for path in &recursive {
                st.watches
                    .add_persistent(path, conn, super::watch::MODE_PERSISTENT_RECURSIVE);
            }
            Outcome {
                before,
                reply: Some(reply(xid_, last, 0, &[])),
                zxid: last,
                ..Outcome::default()
            }
        }
        Op::AddWatch { path, mode } => {
            let result = if st.watches.add_persistent(&path, conn, mode) {
                Ok(Vec::new())
            } else {
                Err(Code::BadArguments)
            };
            read(&mut st, result)
        }
        Op::RemoveWatches { path, kind, remove } => {
            let result = if !(1..=3).contains(&kind) {
                Err(Code::BadArguments)
            } else if st.watches.remove(&path, conn, kind, !remove) {
                Ok(Vec::new())
            } else {
                Err(Code::NoWatcher)
            };
            read(&mut st, result)
        }
        Op::WhoAmI => {
            let mut body = Vec::new();
            body.int(auth.len() as i32);
            for id in &auth {
                body.string(&id.scheme);
                let user = match id.scheme.as_str() {
                    "digest" => id.id.split(':').next().unwrap_or_default(),
                    _ => &id.id,
                };
                body.string(user);
            }
            read(&mut st, Ok(body))
        }
        Op::CloseSession => {
            let zxid = close_session(&mut st, session);
            drop(st);
            db.kick();
            tracing::info!("Closed session 0x{session:x}");
            Outcome {
                reply: Some(reply(xid_, zxid, 0, &[])),
                zxid,
                close: true,
                ..Outcome::default()
            }
        }
        // Apache ZooKeeper answers reconfig so when reconfigEnabled=false (its default); kt
        // has no ensemble to reconfigure.
        Op::Unsupported(op::RECONFIG) => read(&mut st, Err(Code::ReconfigDisabled)),
        Op::Unsupported(code) => {
            tracing::debug!("unsupported op code {code}");
            read(&mut st, Err(Code::Unimplemented))
        }
    }
}

fn header(st: &State, session: i64) -> TxnHeader {
    TxnHeader {
        session,
        zxid: st.last_zxid + 1,
        time: super::db::now_ms(),
    }
}

fn part_path(txn: &Txn) -> Option<&str> {
    match txn {
        Txn::Create { path, .. } | Txn::SetData { path, .. } | Txn::SetAcl { path, .. } => {
            Some(path)
        }
        _ => None,
    }
}

fn multi_header(w: &mut Vec<u8>, kind: i32, done: bool, err: i32) {
    w.int(kind);
    w.bool(done);
    w.int(err);
}

fn error_result(w: &mut Vec<u8>, code: i32) {
    multi_header(w, op::ERROR, false, code);
    w.int(code);
}

/// A multi: every part validated in order against the changes of the parts before it; all
/// committed as one transaction, or none (then the failing part carries its error, the parts
/// before it OK and the parts after it RUNTIMEINCONSISTENCY, as ZooKeeper answers).
fn multi(st: &mut State, session: i64, auth: &[Id], limits: &Limits, ops: &[Op]) -> (i64, Vec<u8>) {
    let mut txns = Vec::with_capacity(ops.len());
    let mut failure = None;
    {
        let mut overlay = Overlay::new(&st.tree);
        for (i, o) in ops.iter().enumerate() {
            let result = if matches!(
                o,
                Op::Create { .. } | Op::Delete { .. } | Op::SetData { .. } | Op::Check { .. }
            ) {
                prep(o, &mut overlay, session, auth, limits)
            } else {
                Err(Code::BadArguments)
            };
            match result {
                Ok(t) => txns.push(t),
                Err(code) => {
                    failure = Some((i, code));
                    break;
                }
            }
        }
    }
    let hdr = header(st, session);
    let mut body = Vec::new();
    if let Some((failed, code)) = failure {
        let zxid = st.commit_with(hdr, Txn::Error { code: code.value() }, |_, _, _| {});
        for i in 0..ops.len() {
            let c = match i.cmp(&failed) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Equal => code.value(),
                std::cmp::Ordering::Greater => Code::RuntimeInconsistency.value(),
            };
            error_result(&mut body, c);
        }
        multi_header(&mut body, -1, true, -1);
        return (zxid, body);
    }
    let mut stats = vec![None; txns.len()];
    let zxid = st.commit_with(hdr, Txn::Multi(txns.clone()), |tree, i, part| {
        stats[i] = part_path(part).and_then(|p| tree.get(p)).map(|n| n.stat());
    });
    for (i, (o, t)) in ops.iter().zip(&txns).enumerate() {
        let stat = stats[i].unwrap_or_default();
        match (o, t) {
            (Op::Create { opcode, .. }, Txn::Create { path, .. }) => {
                if *opcode == op::CREATE {
                    multi_header(&mut body, op::CREATE, false, 0);
                    body.string(path);
                } else {
                    multi_header(&mut body, op::CREATE2, false, 0);
                    body.string(path);
                    stat.write(&mut body);
                }
            }
            (Op::Delete { .. }, _) => multi_header(&mut body, op::DELETE, false, 0),
            (Op::SetData { .. }, _) => {
                multi_header(&mut body, op::SET_DATA, false, 0);
                stat.write(&mut body);
            }
            _ => multi_header(&mut body, op::CHECK, false, 0),
        }
    }
    multi_header(&mut body, -1, true, -1);
    (zxid, body)
}

/// A read: the reply body, or the error code.
fn read_op(st: &mut State, conn: ConnId, auth: &[Id], request: &Op) -> Result<Vec<u8>, Code> {
    let mut body = Vec::new();
    match request {
        Op::Exists { path, watch } => {
            if path.contains('\0') {
                return Err(Code::BadArguments);
            }
            let node = st.tree.get(path);
            if let Some(n) = node {
                if !allowed(&n.acl, perms::READ, auth) {
                    return Err(Code::NoAuth);
                }
            }
            let stat = node.map(|n| n.stat());
            if *watch {
                st.watches.add_data(path, conn);
            }
            stat.ok_or(Code::NoNode)?.write(&mut body);
        }
        Op::GetData { path, watch } => {
            let n = st.tree.get(path).ok_or(Code::NoNode)?;
            if !allowed(&n.acl, perms::READ, auth) {
                return Err(Code::NoAuth);
            }
            body.buffer(n.data.as_deref());
            n.stat().write(&mut body);
            if *watch {
                st.watches.add_data(path, conn);
            }
        }
        Op::GetChildren {
            path,
            watch,
            with_stat,
        } => {
            let n = st.tree.get(path).ok_or(Code::NoNode)?;
            if !allowed(&n.acl, perms::READ, auth) {
                return Err(Code::NoAuth);
            }
            let children: Vec<String> = n.children.iter().cloned().collect();
            body.strings(&children);
            if *with_stat {
                n.stat().write(&mut body);
            }
            if *watch {
                st.watches.add_child(path, conn);
            }
        }
        Op::GetAcl { path } => {
            let n = st.tree.get(path).ok_or(Code::NoNode)?;
            if !allowed(&n.acl, perms::READ | perms::ADMIN, auth) {
                return Err(Code::NoAuth);
            }
            if allowed(&n.acl, perms::ADMIN, auth) {
                proto::write_acls(&mut body, &n.acl);
            } else {
                // Without ADMIN, digest ids are hidden, as ZooKeeper does.
                let redacted: Vec<Acl> = n
                    .acl
                    .iter()
                    .map(|a| match a.id.scheme.as_str() {
                        "digest" => Acl {
                            perms: a.perms,
                            id: Id {
                                scheme: "digest".into(),
                                id: "x:x".into(),
                            },
                        },
                        _ => a.clone(),
                    })
                    .collect();
                proto::write_acls(&mut body, &redacted);
            }
            n.stat().write(&mut body);
        }
        Op::GetAllChildrenNumber { path } => {
            let n = st.tree.get(path).ok_or(Code::NoNode)?;
            if !allowed(&n.acl, perms::READ, auth) {
                return Err(Code::NoAuth);
            }
            body.int(st.tree.descendant_count(path) as i32);
        }
        _ => return Err(Code::BadArguments),
    }
    Ok(body)
}

/// `digest` scheme's id for `user:password`: `user:base64(sha1(user:password))`.
pub fn digest_id(user_password: &str) -> String {
    let user = user_password.split(':').next().unwrap_or_default();
    let hash = Sha1::digest(user_password.as_bytes());
    format!(
        "{user}:{}",
        base64::engine::general_purpose::STANDARD.encode(hash)
    )
}

/// ZooKeeper's `checkACL`: an empty ACL allows all; otherwise some entry granting one of
/// `perm`'s bits must match `world:anyone` or one of the session's identities.
pub fn allowed(acl: &[Acl], perm: i32, auth: &[Id]) -> bool {
    if acl.is_empty() {
        return true;
    }
    acl.iter().any(|a| {
        a.perms & perm != 0
            && ((a.id.scheme == "world" && a.id.id == "anyone")
                || auth.iter().any(|id| id_matches(&a.id, id)))
    })
}

fn id_matches(acl_id: &Id, auth: &Id) -> bool {
    if acl_id.scheme != auth.scheme {
        return false;
    }
    if acl_id.scheme != "ip" {
        return acl_id.id == auth.id;
    }
    let (net, bits) = match acl_id.id.split_once('/') {
        Some((net, bits)) => (net, bits.parse::<u32>().ok()),
        None => (acl_id.id.as_str(), None),
    };
    match (
        net.parse::<std::net::IpAddr>(),
        auth.id.parse::<std::net::IpAddr>(),
    ) {
        (Ok(std::net::IpAddr::V4(a)), Ok(std::net::IpAddr::V4(b))) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// ZooKeeper's `fixupACL`: an ACL must not be empty; `auth` entries become the session's
/// authenticated ids; unknown schemes or malformed ids are INVALIDACL. Duplicates go.
fn fixup_acl(acl: &[Acl], auth: &[Id]) -> Result<Vec<Acl>, Code> {
    if acl.is_empty() {
        return Err(Code::InvalidAcl);
    }
    let mut out: Vec<Acl> = Vec::with_capacity(acl.len());
    let mut push = |a: Acl| {
        if !out.contains(&a) {
            out.push(a);
        }
    };
    for a in acl {
        match a.id.scheme.as_str() {
            "world" if a.id.id == "anyone" => push(a.clone()),
            "auth" => {
                let mut any = false;
                for id in auth.iter().filter(|id| id.scheme == "digest") {
                    any = true;
                    push(Acl {
                        perms: a.perms,
                        id: id.clone(),
                    });
                }
                if !any {
                    return Err(Code::InvalidAcl);
                }
            }
            "digest" if a.id.id.contains(':') => push(a.clone()),
            "ip" if valid_ip_id(&a.id.id) => push(a.clone()),
            _ => return Err(Code::InvalidAcl),
        }
    }
    Ok(out)
}

fn valid_ip_id(id: &str) -> bool {
    let (net, bits) = match id.split_once('/') {
        Some((n, b)) => (n, b.parse::<u8>().is_ok()),
        None => (id, true),
    };
    bits && net.parse::<std::net::IpAddr>().is_ok()
}

/// Settings that bound what a write may do.
struct Limits {
    /// Largest data accepted (`jute.maxbuffer`).
    max_buffer: usize,
    /// TTL nodes allowed (`extendedTypesEnabled`).
    ttl_enabled: bool,
}

/// What validation needs of a node: no data, no children list.
#[derive(Debug, Clone)]
struct View {
    version: i32,
    cversion: i32,
    aversion: i32,
    owner: i64,
    children: i32,
    acl: Vec<Acl>,
}

/// The tree as a multi's later parts must see it: the earlier parts' changes over the tree.
struct Overlay<'a> {
    tree: &'a DataTree,
    changed: HashMap<String, Option<View>>,
}

impl<'a> Overlay<'a> {
    fn new(tree: &'a DataTree) -> Self {
        Overlay {
            tree,
            changed: HashMap::new(),
        }
    }

    fn get(&self, path: &str) -> Option<View> {
        match self.changed.get(path) {
            Some(v) => v.clone(),
            None => self.tree.get(path).map(|n| View {
                version: n.version,
                cversion: n.cversion,
                aversion: n.aversion,
                owner: n.ephemeral_owner,
                children: n.children.len() as i32,
                acl: n.acl.clone(),
            }),
        }
    }

    fn set(&mut self, path: &str, view: Option<View>) {
        self.changed.insert(path.to_string(), view);
    }
}

fn check_version(expected: i32, actual: i32) -> Result<(), Code> {
    if expected == -1 || expected == actual {
        Ok(())
    } else {
        Err(Code::BadVersion)
    }
}

/// Validates a write against the overlay and returns its transaction (the overlay then holds
/// its effect), or ZooKeeper's error code.
fn prep(
    request: &Op,
    ov: &mut Overlay,
    session: i64,
    auth: &[Id],
    limits: &Limits,
) -> Result<Txn, Code> {
    match request {
        Op::Create {
            opcode,
            path,
            data,
            acl,
            flags,
            ttl,
        } => {
            // CreateMode flags: 0 persistent, 1 ephemeral, 2 persistent sequential,
            // 3 ephemeral sequential, 4 container, 5 persistent TTL, 6 persistent sequential TTL.
            let (ephemeral, sequential, container, is_ttl) = match flags {
                0 => (false, false, false, false),
                1 => (true, false, false, false),
                2 => (false, true, false, false),
                3 => (true, true, false, false),
                4 => (false, false, true, false),
                5 => (false, false, false, true),
                6 => (false, true, false, true),
                _ => return Err(Code::BadArguments),
            };
            // As in ZooKeeper: TTL nodes exist only with extendedTypesEnabled.
            if is_ttl && !limits.ttl_enabled {
                return Err(Code::Unimplemented);
            }
            if is_ttl && *opcode != op::CREATE_TTL {
                return Err(Code::BadArguments);
            }
            if is_ttl {
                if *ttl <= 0 || *ttl > MAX_TTL {
                    return Err(Code::BadArguments);
                }
            } else if *ttl >= 0 {
                return Err(Code::BadArguments);
            }
            if data.as_ref().map_or(0, Vec::len) > limits.max_buffer {
                return Err(Code::BadArguments);
            }
            if path.rfind('/').is_none() || path.contains('\0') {
                return Err(Code::BadArguments);
            }
            let acl = fixup_acl(acl, auth)?;
            let parent_path = parent_of(path);
            let mut parent = ov.get(parent_path).ok_or(Code::NoNode)?;
            if !allowed(&parent.acl, perms::CREATE, auth) {
                return Err(Code::NoAuth);
            }
            let path = if sequential {
                format!("{path}{:010}", parent.cversion)
            } else {
                path.clone()
            };
            if !valid_path(&path) || path == "/" {
                return Err(if path == "/" {
                    Code::NodeExists
                } else {
                    Code::BadArguments
                });
            }
            if ov.get(&path).is_some() {
                return Err(Code::NodeExists);
            }
            if matches!(NodeKind::of(parent.owner), NodeKind::Ephemeral(_)) {
                return Err(Code::NoChildrenForEphemerals);
            }
            let owner = if container {
                CONTAINER_OWNER
            } else if is_ttl {
                ttl_owner(*ttl)
            } else if ephemeral {
                session
            } else {
                0
            };
            parent.cversion += 1;
            parent.children += 1;
            let parent_cversion = parent.cversion;
            ov.set(parent_path, Some(parent));
            ov.set(
                &path,
                Some(View {
                    version: 0,
                    cversion: 0,
                    aversion: 0,
                    owner,
                    children: 0,
                    acl: acl.clone(),
                }),
            );
            Ok(Txn::Create {
                path,
                data: data.clone(),
                acl,
                ephemeral_owner: owner,
                parent_cversion,
            })
        }
        Op::Delete { path, version } => {
            if !valid_path(path) || is_system_path(path) {
                return Err(Code::BadArguments);
            }
            let parent_path = parent_of(path);
            let mut parent = ov.get(parent_path).ok_or(Code::NoNode)?;
            if !allowed(&parent.acl, perms::DELETE, auth) {
                return Err(Code::NoAuth);
            }
            let node = ov.get(path).ok_or(Code::NoNode)?;
            check_version(*version, node.version)?;
            if node.children > 0 {
                return Err(Code::NotEmpty);
            }
            parent.children -= 1;
            ov.set(parent_path, Some(parent));
            ov.set(path, None);
            Ok(Txn::Delete { path: path.clone() })
        }
        Op::SetData {
            path,
            data,
            version,
        } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            if data.as_ref().map_or(0, Vec::len) > limits.max_buffer {
                return Err(Code::BadArguments);
            }
            let mut node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::WRITE, auth) {
                return Err(Code::NoAuth);
            }
            check_version(*version, node.version)?;
            node.version += 1;
            let new_version = node.version;
            ov.set(path, Some(node));
            Ok(Txn::SetData {
                path: path.clone(),
                data: data.clone(),
                version: new_version,
            })
        }
        Op::SetAcl { path, acl, version } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            let mut node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::ADMIN, auth) {
                return Err(Code::NoAuth);
            }
            let acl = fixup_acl(acl, auth)?;
            check_version(*version, node.aversion)?;
            node.aversion += 1;
            node.acl = acl.clone();
            let new_version = node.aversion;
            ov.set(path, Some(node));
            Ok(Txn::SetAcl {
                path: path.clone(),
                acl,
                version: new_version,
            })
        }
        Op::Check { path, version } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            let node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::READ, auth) {
                return Err(Code::NoAuth);
            }
            check_version(*version, node.version)?;
            Ok(Txn::Check { path: path.clone() })
        }
        _ => Err(Code::BadArguments),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_buffer: 1024,
        ttl_enabled: true,
    };

    fn open_acl() -> Vec<Acl> {
        Acl::open()
    }

    fn create(path: &str, flags: i32) -> Op {
        Op::Create {
            opcode: op::CREATE2,
            path: path.into(),
            data: Some(b"v".to_vec()),
            acl: open_acl(),
            flags,
            ttl: -1,
        }
    }

    fn apply(tree: &mut DataTree, txn: &Txn, zxid: i64) {
        let hdr = TxnHeader {
            session: 9,
            zxid,
            time: 0,
        };
        tree.apply(&hdr, txn, &mut Vec::new());
    }

    fn run(tree: &mut DataTree, o: &Op, zxid: i64) -> Result<Txn, Code> {
        let txn = prep(o, &mut Overlay::new(tree), 9, &[], &LIMITS)?;
        apply(tree, &txn, zxid);
        Ok(txn)
    }

    #[test]
    fn create_errors_follow_zookeeper() {
        let mut t = DataTree::new();
        assert_eq!(run(&mut t, &create("/a/b", 0), 1), Err(Code::NoNode));
        assert_eq!(run(&mut t, &create("a", 0), 1), Err(Code::BadArguments));
        // As in ZooKeeper: the parent is looked up before the full path is validated.
        assert_eq!(run(&mut t, &create("/a/", 0), 1), Err(Code::NoNode));
        assert_eq!(
            run(&mut t, &create("/zookeeper/", 0), 1),
            Err(Code::BadArguments)
        );
        assert_eq!(run(&mut t, &create("/", 0), 1), Err(Code::NodeExists));
        assert_eq!(run(&mut t, &create("/a", 9), 1), Err(Code::BadArguments));
        run(&mut t, &create("/e", 1), 1).unwrap();
        assert_eq!(
            run(&mut t, &create("/e/x", 0), 2),
            Err(Code::NoChildrenForEphemerals)
        );
        assert_eq!(run(&mut t, &create("/e", 0), 2), Err(Code::NodeExists));
        let mut empty = create("/x", 0);
        if let Op::Create { acl, .. } = &mut empty {
            acl.clear();
        }
        assert_eq!(run(&mut t, &empty, 2), Err(Code::InvalidAcl));
        let Txn::Create {
            ephemeral_owner, ..
        } = run(&mut t, &create("/e2", 1), 3).unwrap()
        else {
            panic!()
        };
        assert_eq!(ephemeral_owner, 9);
    }

    #[test]
    fn sequential_names_come_from_the_parents_cversion() {
        let mut t = DataTree::new();
        run(&mut t, &create("/q", 0), 1).unwrap();
        let mut names = Vec::new();
        for z in 2..5 {
            let Txn::Create { path, .. } = run(&mut t, &create("/q/job-", 2), z).unwrap() else {
                panic!()
            };
            names.push(path);
        }
        assert_eq!(
            names,
            [
                "/q/job-0000000000",
                "/q/job-0000000001",
                "/q/job-0000000002"
            ]
        );
        // A delete does not move cversion, so the next name goes on counting.
        run(
            &mut t,
            &Op::Delete {
                path: "/q/job-0000000000".into(),
                version: -1,
            },
            5,
        )
        .unwrap();
        let Txn::Create { path, .. } = run(&mut t, &create("/q/", 2), 6).unwrap() else {
            panic!()
        };
        assert_eq!(path, "/q/0000000003");
    }

    #[test]
    fn versions_and_not_empty() {
        let mut t = DataTree::new();
        run(&mut t, &create("/a", 0), 1).unwrap();
        run(&mut t, &create("/a/b", 0), 2).unwrap();
        let set = |v| Op::SetData {
            path: "/a".into(),
            data: None,
            version: v,
        };
        assert_eq!(run(&mut t, &set(3), 3), Err(Code::BadVersion));
        run(&mut t, &set(0), 3).unwrap();
        run(&mut t, &set(-1), 4).unwrap();
        assert_eq!(t.get("/a").unwrap().version, 2);
        let del = |v| Op::Delete {
            path: "/a".into(),
            version: v,
        };
        assert_eq!(run(&mut t, &del(2), 5), Err(Code::NotEmpty));
        assert_eq!(run(&mut t, &del(1), 5), Err(Code::BadVersion));
        assert_eq!(
            run(
                &mut t,
                &Op::Delete {
                    path: "/zookeeper".into(),
                    version: -1
                },
                5
            ),
            Err(Code::BadArguments)
        );
    }

    #[test]
    fn digest_acls_need_addauth() {
        let mut t = DataTree::new();
        let alice = Id {
            scheme: "digest".into(),
            id: digest_id("alice:secret"),
        };
        assert!(alice.id.starts_with("alice:"));
        let create_secret = Op::Create {
            opcode: op::CREATE,
            path: "/s".into(),
            data: None,
            acl: vec![Acl {
                perms: perms::ALL,
                id: Id {
                    scheme: "auth".into(),
                    id: "".into(),
                },
            }],
            flags: 0,
            ttl: -1,
        };
        // `auth` with no authenticated id is an invalid ACL.
        assert_eq!(
            prep(&create_secret, &mut Overlay::new(&t), 9, &[], &LIMITS),
            Err(Code::InvalidAcl)
        );
        let txn = prep(
            &create_secret,
            &mut Overlay::new(&t),
            9,
            std::slice::from_ref(&alice),
            &LIMITS,
        )
        .unwrap();
        apply(&mut t, &txn, 1);
        let acl = &t.get("/s").unwrap().acl;
        assert_eq!(acl[0].id, alice);
        assert!(!allowed(acl, perms::READ, &[]));
        assert!(allowed(acl, perms::READ, std::slice::from_ref(&alice)));
        let set = Op::SetData {
            path: "/s".into(),
            data: None,
            version: -1,
        };
        assert_eq!(
            prep(&set, &mut Overlay::new(&t), 9, &[], &LIMITS),
            Err(Code::NoAuth)
        );
    }

    #[test]
    fn ip_acls_match_addresses_and_masks() {
        let ip = |s: &str| Id {
            scheme: "ip".into(),
            id: s.into(),
        };
        assert!(id_matches(&ip("127.0.0.1"), &ip("127.0.0.1")));
        assert!(id_matches(&ip("127.0.0.0/8"), &ip("127.1.2.3")));
        assert!(!id_matches(&ip("10.0.0.0/8"), &ip("127.1.2.3")));
    }

    /// Random writes on a few paths, grouped into multis: a multi that fails validation leaves
    /// the tree as it was; one that passes is applied whole, and the tree then agrees with what
    /// validation predicted (versions, child counts, existence) for every path it touched.
    mod multi_properties {
        use super::*;
        use proptest::prelude::*;

        const PATHS: &[&str] = &["/a", "/a/b", "/a/b/c", "/d", "/a/e"];

        fn op_strategy() -> impl Strategy<Value = Op> {
            let path = proptest::sample::select(PATHS);
            let version = prop_oneof![Just(-1), 0..3i32];
            prop_oneof![
                (path.clone(), 0..4i32).prop_map(|(p, flags)| Op::Create {
                    opcode: op::CREATE2,
                    path: p.to_string(),
                    data: Some(vec![1]),
                    acl: Acl::open(),
                    flags,
                    ttl: -1,
                }),
                (path.clone(), version.clone()).prop_map(|(p, version)| Op::Delete {
                    path: p.to_string(),
                    version
                }),
                (path.clone(), version.clone()).prop_map(|(p, version)| Op::SetData {
                    path: p.to_string(),
                    data: None,
                    version
                }),
                (path, version).prop_map(|(p, version)| Op::Check {
                    path: p.to_string(),
                    version
                }),
            ]
        }

        proptest! {
            #[test]
            fn multis_are_all_or_nothing_and_validation_agrees_with_application(
                groups in proptest::collection::vec(proptest::collection::vec(op_strategy(), 1..5), 1..12)
            ) {
                let mut tree = DataTree::new();
                let mut zxid = 0;
                for ops in groups {
                    let before = tree.clone();
                    let mut ov = Overlay::new(&before);
                    let txns: Result<Vec<Txn>, Code> =
                        ops.iter().map(|o| prep(o, &mut ov, 9, &[], &LIMITS)).collect();
                    let predicted = ov.changed.clone();
                    zxid += 1;
                    match txns {
                        Err(_) => prop_assert_eq!(&tree, &before),
                        Ok(txns) => {
                            apply(&mut tree, &Txn::Multi(txns), zxid);
                            for (path, view) in predicted {
                                let node = tree.get(&path);
                                prop_assert_eq!(node.is_some(), view.is_some(), "{}", path);
                                if let (Some(n), Some(v)) = (node, view) {
                                    prop_assert_eq!(n.version, v.version);
                                    prop_assert_eq!(n.cversion, v.cversion);
                                    prop_assert_eq!(n.children.len() as i32, v.children);
                                    prop_assert_eq!(n.ephemeral_owner, v.owner);
                                }
                            }
                        }
                    }
                    for (path, node) in tree.nodes() {
                        if path != "/" {
                            let parent = tree.get(parent_of(path));
                            prop_assert!(parent.is_some(), "orphan {}", path);
                            prop_assert!(parent.unwrap().children.contains(&path[path.rfind('/').unwrap() + 1..]));
                        }
                        prop_assert!(node.stat().num_children as usize == node.children.len());
                    }
                }
            }
        }
    }

    #[tokio::test]
    async fn set_watches_reports_what_changed_while_away_and_registers_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let mut props = crate::config::Properties::new();
        props.insert("dataDir".into(), dir.path().display().to_string());
        let db = Db::open(
            crate::zookeeper::ZkConfig::from_properties(&props)
                .unwrap()
                .0,
        )
        .unwrap();
        let (conn, _rx) = db.register("127.0.0.1:1".parse().unwrap());
        let session = {
            let mut st = db.lock();
            let id = st.sessions.next_id();
            let hdr = header(&st, id);
            st.commit_with(
                hdr,
                Txn::CreateSession {
                    timeout: 6000,
                    password: vec![0; 16],
                },
                |_, _, _| {},
            );
            attach(
                &mut st,
                conn,
                id,
                Id {
                    scheme: "ip".into(),
                    id: "127.0.0.1".into(),
                },
            );
            id
        };
        for path in ["/old", "/changed"] {
            execute(&db, conn, session, 1, create(path, 0));
        }
        let seen = db.lock().last_zxid;
        execute(
            &db,
            conn,
            session,
            2,
            Op::SetData {
                path: "/changed".into(),
                data: None,
                version: -1,
            },
        );
        let out = execute(
            &db,
            conn,
            session,
            -8,
            Op::SetWatches {
                relative_zxid: seen,
                data: vec!["/old".into(), "/changed".into(), "/gone".into()],
                exist: vec!["/old".into(), "/later".into()],
                child: vec!["/".into()],
                persistent: vec![],
                recursive: vec![],
            },
        );
        let kinds: Vec<(i32, String)> = out
            .before
            .iter()
            .map(|f| {
                let mut r = crate::zookeeper::jute::Reader::new(&f[4..]);
                assert_eq!(r.int().unwrap(), xid::NOTIFICATION);
                r.long().unwrap();
                r.int().unwrap();
                let kind = r.int().unwrap();
                r.int().unwrap();
                (kind, r.string().unwrap())
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (event::NODE_DATA_CHANGED, "/changed".to_string()),
                (event::NODE_DELETED, "/gone".to_string()),
                (event::NODE_CREATED, "/old".to_string()),
            ]
        );
        // /old's data watch, /later's exist watch and /'s child watch are registered.
        assert_eq!(db.lock().watches.count(), 3);
        db.shutdown();
    }

    #[test]
    fn a_multi_sees_its_own_earlier_parts() {
        let t = DataTree::new();
        let mut ov = Overlay::new(&t);
        prep(&create("/m", 0), &mut ov, 9, &[], &LIMITS).unwrap();
        prep(&create("/m/c", 0), &mut ov, 9, &[], &LIMITS).unwrap();
        assert_eq!(
            prep(
                &Op::Delete {
                    path: "/m".into(),
                    version: -1
                },
                &mut ov,
                9,
                &[],
                &LIMITS
            ),
            Err(Code::NotEmpty)
        );
        assert!(t.get("/m").is_none(), "the tree itself is untouched");
    }
}
