//! What each request does: the connect handshake, then every op of an established session.
//! Reads are checked as ZooKeeper's `FinalRequestProcessor` checks them; writes are validated
//! by [`super::prep`], committed as a [`Txn`], and answered with ZooKeeper's records. A write
//! that fails validation still takes a zxid (an error transaction), as in ZooKeeper.

use super::acl::{allowed, digest_id};
use super::db::{frame, Db, Outbound, State};
use super::jute::Writer;
use super::prep::{prep, Limits, Overlay};
use super::proto::{self, event, op, perms, Acl, Code, ConnectRequest, Id, Op};
use super::session::negotiate;
use super::tree::{Txn, TxnHeader};
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
            time: kt_base::clock::now_ms(),
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
            let mut notify = |kind: i32, path: &str| before.push(proto::notification(kind, path));
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
        time: kt_base::clock::now_ms(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn create(path: &str, flags: i32) -> Op {
        Op::Create {
            opcode: op::CREATE2,
            path: path.into(),
            data: Some(b"v".to_vec()),
            acl: Acl::open(),
            flags,
            ttl: -1,
        }
    }

    #[tokio::test]
    async fn set_watches_reports_what_changed_while_away_and_registers_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let mut props = kt_base::config::Properties::new();
        props.insert("dataDir".into(), dir.path().display().to_string());
        let db = Db::open(crate::ZkConfig::from_properties(&props).unwrap().0).unwrap();
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
                let mut r = crate::jute::Reader::new(&f[4..]);
                assert_eq!(r.int().unwrap(), proto::xid::NOTIFICATION);
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
}
