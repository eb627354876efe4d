//! The server's state (tree, sessions, watches, connections) and the path every change takes
//! to disk: applied in memory under the state lock, appended to a pending buffer, then written
//! and fsynced by one committer thread that batches whatever accumulated meanwhile (group
//! commit). Only after the fsync are watch events sent and the new zxid published as durable;
//! every reply waits until the zxid it carries is durable, so no client (the writer, a reader,
//! a watcher) ever learns of a change that a kill -9 could still lose.

use kt_base::clock::now_ms;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use thiserror::Error;
use tokio::sync::{mpsc, watch as tokio_watch};

use super::config::ZkConfig;
use super::proto;
use super::session::Sessions;
use super::snapshot::{self, SavedSession};
use super::tree::{Change, DataTree, Txn, TxnHeader};
use super::txnlog::{self, LogWriter};
use super::watch::{ConnId, Watches};

/// Why the server's data could not be opened or written.
#[derive(Debug, Error)]
pub enum DbError {
    /// A file or directory operation failed.
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another process serves this data directory.
    #[error("data directory {0} is in use by another server")]
    Locked(PathBuf),
}

/// What a connection task receives besides its own replies.
#[derive(Debug)]
pub enum Outbound {
    /// A watch event's complete frame, and the zxid of the change that fired it: a connection
    /// writes it after its replies with lower zxids and before those with this one or higher.
    Event { zxid: i64, frame: Vec<u8> },
    /// Close the connection (its session expired or moved to another connection).
    Close,
}

/// A connection as the state knows it: where to send events, and figures for `cons`/`stat`.
#[derive(Debug)]
pub struct ConnInfo {
    pub tx: mpsc::UnboundedSender<Outbound>,
    pub peer: std::net::SocketAddr,
    pub session: i64,
    pub received: u64,
    pub sent: u64,
}

/// Everything guarded by the state lock. A `std::sync::Mutex` on purpose: no `.await` and no
/// disk or socket I/O happens while it is held (the committer writes outside it).
pub struct State {
    pub tree: DataTree,
    pub sessions: Sessions,
    pub watches: Watches,
    pub conns: HashMap<ConnId, ConnInfo>,
    /// The zxid of the last applied change (durable or not yet).
    pub last_zxid: i64,
    next_conn: ConnId,
    pending: Vec<u8>,
    pending_events: Vec<(ConnId, i64, Vec<u8>)>,
    /// A snapshot taken under the lock: its zxid, its bytes and where in `pending` the log
    /// rolls over to a new file.
    snapshot: Option<(i64, Vec<u8>, usize)>,
    txns_since_snapshot: u64,
    snap_count: u64,
    stopping: bool,
    /// Requests received and replies sent, for the four-letter words.
    pub packets_received: u64,
    pub packets_sent: u64,
}

/// The shared server state and its durability pipeline.
pub struct Db {
    state: Mutex<State>,
    wake: Condvar,
    durable: tokio_watch::Sender<i64>,
    config: ZkConfig,
    started: std::time::Instant,
    committer: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// fsyncs of the log so far: how many changes one of them covers shows the group commit.
    syncs: AtomicU64,
    _lock: std::fs::File,
}

fn io(what: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> DbError {
    let path = path.to_path_buf();
    move |source| DbError::Io { what, path, source }
}

impl Db {
    /// Opens the data directories: loads the newest snapshot, replays the log after it, and
    /// starts the committer. Sessions that were alive get a full timeout to reconnect.
    pub fn open(config: ZkConfig) -> Result<Arc<Db>, DbError> {
        let data_dir = config.data_dir.clone();
        let log_dir = config.log_dir().clone();
        for dir in [&data_dir, &log_dir] {
            std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
        }
        let lock_path = data_dir.join("kt-zookeeper.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io("cannot open", &lock_path))?;
        lock.try_lock()
            .map_err(|_| DbError::Locked(data_dir.clone()))?;

        let (mut tree, mut last_zxid, saved) = match snapshot::load_newest(&data_dir)
            .map_err(io("cannot read snapshots in", &data_dir))?
        {
            Some((zxid, tree, sessions)) => (tree, zxid, sessions),
            None => (DataTree::new(), 0, Vec::new()),
        };
        let mut sessions = Sessions::new(now_ms());
        for s in saved {
            sessions.insert(s.id, s.password, s.timeout);
        }
        let records = txnlog::recover(&log_dir, last_zxid)
            .map_err(io("cannot read the transaction log in", &log_dir))?;
        let replayed = records.len();
        let mut changes = Vec::new();
        for (hdr, txn) in records {
            apply_session_txn(&mut sessions, &hdr, &txn);
            tree.apply(&hdr, &txn, &mut changes);
            changes.clear();
            last_zxid = hdr.zxid;
        }
        if replayed > 0 {
            tracing::info!(
                "Replayed {replayed} transactions from the log; last zxid 0x{last_zxid:x}, \
                 {} znodes, {} live sessions",
                tree.len(),
                sessions.len()
            );
        }
        let log = LogWriter::create(&log_dir, last_zxid + 1)
            .map_err(io("cannot create a transaction log in", &log_dir))?;
        let (durable, _) = tokio_watch::channel(last_zxid);
        let db = Arc::new(Db {
            state: Mutex::new(State {
                tree,
                sessions,
                watches: Watches::default(),
                conns: HashMap::new(),
                last_zxid,
                next_conn: 1,
                pending: Vec::new(),
                pending_events: Vec::new(),
                snapshot: None,
                txns_since_snapshot: replayed as u64,
                snap_count: config.snap_count,
                stopping: false,
                packets_received: 0,
                packets_sent: 0,
            }),
            wake: Condvar::new(),
            durable,
            config,
            started: std::time::Instant::now(),
            committer: Mutex::new(None),
            syncs: AtomicU64::new(0),
            _lock: lock,
        });
        let worker = db.clone();
        let handle = std::thread::Builder::new()
            .name("zk-commit".into())
            .spawn(move || worker.commit_loop(log))
            .map_err(io("cannot start the committer for", &log_dir))?;
        *db.committer.lock().unwrap() = Some(handle);
        Ok(db)
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> &ZkConfig {
        &self.config
    }

    /// When the server started, for `srvr`/`mntr`.
    pub fn started(&self) -> std::time::Instant {
        self.started
    }

    /// The state, locked. Callers must not hold it across an `.await`.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The last zxid known durable.
    pub fn durable_zxid(&self) -> i64 {
        *self.durable.borrow()
    }

    /// A receiver of the durable zxid, for a connection that waits for several at once.
    pub fn durable_receiver(&self) -> tokio_watch::Receiver<i64> {
        self.durable.subscribe()
    }

    /// True once the server is stopping or a disk write failed: nothing more is answered.
    pub fn stopping(&self) -> bool {
        self.lock().stopping
    }

    /// How many times the log was fsynced since the server started.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Relaxed)
    }

    /// Waits until `zxid` is durable (at once if it already is). False if the server stopped
    /// before (a failed disk write stops it).
    pub async fn wait_durable(&self, zxid: i64) -> bool {
        let mut rx = self.durable.subscribe();
        let ok = rx.wait_for(|d| *d >= zxid).await.is_ok();
        ok && !self.lock().stopping
    }

    /// Registers a new connection and returns its id and event receiver.
    pub fn register(
        &self,
        peer: std::net::SocketAddr,
    ) -> (ConnId, mpsc::UnboundedReceiver<Outbound>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut st = self.lock();
        let id = st.next_conn;
        st.next_conn += 1;
        st.conns.insert(
            id,
            ConnInfo {
                tx,
                peer,
                session: 0,
                received: 0,
                sent: 0,
            },
        );
        (id, rx)
    }

    /// Forgets a closed connection and its watches; its session lives on until it expires.
    pub fn unregister(&self, conn: ConnId) {
        let mut st = self.lock();
        st.conns.remove(&conn);
        st.watches.remove_connection(conn);
        let owned: Vec<i64> = st
            .sessions
            .iter()
            .filter(|s| s.conn == Some(conn))
            .map(|s| s.id)
            .collect();
        for id in owned {
            if let Some(s) = st.sessions.get_mut(id) {
                s.conn = None;
            }
        }
    }

    /// Asks the committer to finish what is pending and stop.
    pub fn shutdown(&self) {
        {
            let mut st = self.lock();
            st.stopping = true;
        }
        self.wake.notify_all();
        if let Some(handle) = self.committer.lock().unwrap().take() {
            let _ = handle.join();
        }
    }

    fn commit_loop(self: Arc<Self>, mut log: LogWriter) {
        loop {
            let (bytes, events, snap, upto, stopping) = {
                let mut st = self.lock();
                while st.pending.is_empty() && st.snapshot.is_none() && !st.stopping {
                    st = self.wake.wait(st).unwrap_or_else(|e| e.into_inner());
                }
                (
                    std::mem::take(&mut st.pending),
                    std::mem::take(&mut st.pending_events),
                    st.snapshot.take(),
                    st.last_zxid,
                    st.stopping,
                )
            };
            if let Err(e) = self.write_batch(&mut log, &bytes, snap) {
                tracing::error!(
                    "cannot write the transaction log: {e}; stopping: nothing more is \
                     acknowledged"
                );
                self.lock().stopping = true;
                // Wake every waiter; they see `stopping` and answer nothing.
                self.durable.send_replace(i64::MAX);
                return;
            }
            {
                let st = self.lock();
                for (conn, zxid, frame) in events {
                    if let Some(c) = st.conns.get(&conn) {
                        let _ = c.tx.send(Outbound::Event { zxid, frame });
                    }
                }
            }
            self.durable.send_replace(upto);
            if stopping && self.lock().pending.is_empty() {
                return;
            }
        }
    }

    fn write_batch(
        &self,
        log: &mut LogWriter,
        bytes: &[u8],
        snap: Option<(i64, Vec<u8>, usize)>,
    ) -> std::io::Result<()> {
        match snap {
            None => {
                if !bytes.is_empty() {
                    log.append(bytes)?;
                    log.sync()?;
                    self.syncs.fetch_add(1, Ordering::Relaxed);
                }
            }
            Some((zxid, snap_bytes, at)) => {
                log.append(&bytes[..at])?;
                log.roll(zxid + 1)?;
                log.append(&bytes[at..])?;
                log.sync()?;
                self.syncs.fetch_add(1, Ordering::Relaxed);
                let path = snapshot::write(&self.config.data_dir, zxid, &snap_bytes)?;
                tracing::info!("Snapshotting: 0x{zxid:x} to {}", path.display());
            }
        }
        Ok(())
    }

    /// Wakes the committer after changes were queued.
    pub fn kick(&self) {
        self.wake.notify_one();
    }

    /// Deletes snapshots beyond `autopurge.snapRetainCount` and the logs only they needed.
    pub fn purge(&self) -> std::io::Result<usize> {
        let keep = self.config.snap_retain_count.max(1);
        let snaps = snapshot::list(&self.config.data_dir)?;
        if snaps.len() <= keep {
            return Ok(0);
        }
        let oldest_kept = snaps[snaps.len() - keep].0;
        let mut removed = 0;
        for (_, path) in &snaps[..snaps.len() - keep] {
            std::fs::remove_file(path)?;
            removed += 1;
        }
        let logs = txnlog::list(self.config.log_dir())?;
        for pair in logs.windows(2) {
            // A log is needed while a later one does not start at or before the snapshot.
            if pair[1].0 <= oldest_kept + 1 {
                std::fs::remove_file(&pair[0].1)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Session bookkeeping of a transaction (the tree's part is [`DataTree::apply`]).
fn apply_session_txn(sessions: &mut Sessions, hdr: &TxnHeader, txn: &Txn) {
    match txn {
        Txn::CreateSession { timeout, password } => {
            sessions.insert(hdr.session, password.clone(), *timeout)
        }
        Txn::CloseSession => {
            sessions.remove(hdr.session);
        }
        _ => {}
    }
}

/// A complete frame: the 4-byte length, then `body`.
pub fn frame(body: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

impl State {
    /// Applies a new transaction: next zxid, into the tree, queued for the log, watch events
    /// queued for after the fsync. Returns its zxid. The caller wakes the committer.
    pub fn commit(&mut self, session: i64, txn: Txn) -> i64 {
        let hdr = TxnHeader {
            session,
            zxid: self.last_zxid + 1,
            time: now_ms(),
        };
        self.commit_with(hdr, txn, |_, _, _| {})
    }

    /// [`State::commit`], calling `each` after every part of the transaction is applied
    /// (multi results need the stat right after their own part).
    pub fn commit_with(
        &mut self,
        hdr: TxnHeader,
        txn: Txn,
        mut each: impl FnMut(&DataTree, usize, &Txn),
    ) -> i64 {
        let record = txnlog::encode_record(&hdr, &txn);
        self.pending.extend_from_slice(&record);
        apply_session_txn(&mut self.sessions, &hdr, &txn);
        let mut changes = Vec::new();
        match &txn {
            Txn::Multi(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    self.tree.apply(&hdr, part, &mut changes);
                    each(&self.tree, i, part);
                }
            }
            other => {
                self.tree.apply(&hdr, other, &mut changes);
                each(&self.tree, 0, other);
            }
        }
        self.last_zxid = hdr.zxid;
        self.queue_events(changes);
        self.txns_since_snapshot += 1;
        if self.txns_since_snapshot >= self.snap_count && self.snapshot.is_none() {
            self.take_snapshot();
        }
        hdr.zxid
    }

    fn queue_events(&mut self, changes: Vec<Change>) {
        for (path, kind) in changes {
            let conns = self.watches.trigger(&path, kind);
            if conns.is_empty() {
                continue;
            }
            let frame = proto::notification(kind, &path);
            for conn in conns {
                self.pending_events
                    .push((conn, self.last_zxid, frame.clone()));
            }
        }
    }

    fn take_snapshot(&mut self) {
        let sessions: Vec<SavedSession> = self
            .sessions
            .iter()
            .map(|s| SavedSession {
                id: s.id,
                timeout: s.timeout,
                password: s.password.clone(),
            })
            .collect();
        let bytes = snapshot::encode(self.last_zxid, &self.tree, &sessions);
        self.snapshot = Some((self.last_zxid, bytes, self.pending.len()));
        self.txns_since_snapshot = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::Acl;

    fn config(dir: &std::path::Path) -> ZkConfig {
        let mut props = kt_base::config::Properties::new();
        props.insert("dataDir".into(), dir.display().to_string());
        props.insert("snapCount".into(), "5".into());
        ZkConfig::from_properties(&props).unwrap().0
    }

    fn create(path: &str) -> Txn {
        Txn::Create {
            path: path.into(),
            data: Some(path.as_bytes().to_vec()),
            acl: Acl::open(),
            ephemeral_owner: 0,
            parent_cversion: 1,
        }
    }

    #[tokio::test]
    async fn changes_survive_a_reopen_through_snapshots_and_logs() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(config(dir.path())).unwrap();
        let mut last = 0;
        for i in 0..12 {
            let mut st = db.lock();
            last = st.commit(0, create(&format!("/n{i}")));
            drop(st);
            db.kick();
        }
        assert!(db.wait_durable(last).await);
        let tree = db.lock().tree.clone();
        db.shutdown();
        drop(db);
        assert!(!snapshot::list(dir.path()).unwrap().is_empty());
        let again = Db::open(config(dir.path())).unwrap();
        assert_eq!(again.lock().tree, tree);
        assert_eq!(again.lock().last_zxid, last);
        again.shutdown();
    }

    #[tokio::test]
    async fn purge_keeps_the_newest_snapshots_and_the_logs_they_need() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = config(dir.path());
        cfg.snap_retain_count = 3;
        let db = Db::open(cfg.clone()).unwrap();
        let mut last = 0;
        // snapCount 5: 30 changes make 6 snapshots and 7 log files.
        for i in 0..30 {
            last = db.lock().commit(0, create(&format!("/p{i}")));
            db.kick();
            assert!(db.wait_durable(last).await);
        }
        assert_eq!(snapshot::list(dir.path()).unwrap().len(), 6);
        assert!(db.purge().unwrap() > 0);
        let snaps = snapshot::list(dir.path()).unwrap();
        assert_eq!(snaps.len(), 3);
        let oldest_log = txnlog::list(dir.path()).unwrap()[0].0;
        assert!(
            oldest_log <= snaps[0].0 + 1,
            "the log after the oldest snapshot is kept"
        );
        let tree = db.lock().tree.clone();
        db.shutdown();
        drop(db);
        let again = Db::open(cfg).unwrap();
        assert_eq!(again.lock().tree, tree);
        assert_eq!(again.lock().last_zxid, last);
        again.shutdown();
    }

    #[tokio::test]
    async fn writes_of_several_sessions_waiting_together_are_made_durable_by_one_fsync() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(config(dir.path())).unwrap();
        let before = db.syncs();
        // Three sessions' changes queued while the committer cannot take them (the lock is
        // held): the committer then writes them all and fsyncs once.
        let last = {
            let mut st = db.lock();
            st.commit(11, create("/s11"));
            st.commit(12, create("/s12"));
            st.commit(13, create("/s13"))
        };
        db.kick();
        assert!(db.wait_durable(last).await);
        assert_eq!(db.syncs() - before, 1);
        db.shutdown();
    }

    #[tokio::test]
    async fn a_second_server_on_the_same_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(config(dir.path())).unwrap();
        assert!(matches!(
            Db::open(config(dir.path())),
            Err(DbError::Locked(_))
        ));
        db.shutdown();
    }
}
