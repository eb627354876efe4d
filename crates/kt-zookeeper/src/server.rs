//! The listener and one task per connection: length-prefixed frames bounded by
//! `jute.maxbuffer`, the handshake, then requests answered in order (ZooKeeper answers a
//! session's requests in the order sent), with watch events written as they come. Also the
//! periodic work: session expiry, container/TTL reaping and the purge of old snapshots.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::codec::{FramedRead, LengthDelimitedCodec};

use super::config::ZkConfig;
use super::db::{frame, Db, Outbound};
use super::jute::Reader;
use super::proto::{self, op, ConnectRequest, Op};
use super::tree::Txn;
use super::watch::ConnId;
use super::{fourletter, ops, ZkError};

/// A ZooKeeper server running in this process: tests start one on 127.0.0.1 port 0.
pub struct RunningZk {
    addr: SocketAddr,
    db: Arc<Db>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningZk {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port`, a client's connect string.
    pub fn connect_string(&self) -> String {
        self.addr.to_string()
    }

    /// The server's state, for checks in tests.
    pub fn db(&self) -> &Arc<Db> {
        &self.db
    }

    /// Stops accepting, closes connections, writes what is pending and stops the committer.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Opens the data, binds the client port and serves in a background task.
pub async fn spawn(config: ZkConfig) -> Result<RunningZk, ZkError> {
    let listener = bind(&config).await?;
    let addr = listener.local_addr().map_err(ZkError::Bind)?;
    let db = tokio::task::spawn_blocking(move || Db::open(config))
        .await
        .map_err(|e| ZkError::Bind(std::io::Error::other(e)))??;
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(run(db.clone(), listener, async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|s| *s).await;
    }));
    Ok(RunningZk {
        addr,
        db,
        stop,
        task,
    })
}

/// Binds `clientPortAddress:clientPort`.
pub async fn bind(config: &ZkConfig) -> Result<TcpListener, ZkError> {
    TcpListener::bind(config.bind_address())
        .await
        .map_err(ZkError::Bind)
}

/// Serves until `shutdown` completes, then closes every connection and stops the committer.
pub async fn run(db: Arc<Db>, listener: TcpListener, shutdown: impl Future<Output = ()>) {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut background = JoinSet::new();
    background.spawn(periodic(db.clone(), stop_rx.clone()));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let limit = db.config().max_client_cnxns;
                    if limit > 0 {
                        let from_peer = db.lock().conns.values().filter(|c| c.peer.ip() == peer.ip()).count();
                        if from_peer >= limit {
                            tracing::warn!("Too many connections from /{} - max is {limit}", peer.ip());
                            continue;
                        }
                    }
                    let _ = stream.set_nodelay(true);
                    let db = db.clone();
                    let stop = stop_rx.clone();
                    connections.spawn(async move { serve(stream, peer, db, stop).await });
                }
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    while connections.join_next().await.is_some() {}
    while background.join_next().await.is_some() {}
    let closing = db.clone();
    let _ = tokio::task::spawn_blocking(move || closing.shutdown()).await;
    tracing::info!(
        "ZooKeeper server shut down (last zxid 0x{:x})",
        db.durable_zxid()
    );
}

/// Session expiry every half tick, container/TTL reaping every tick, purge on its interval.
async fn periodic(db: Arc<Db>, mut stop: watch::Receiver<bool>) {
    let tick = Duration::from_millis(db.config().tick_time.max(1) as u64);
    let half = (tick / 2).clamp(Duration::from_millis(10), Duration::from_secs(1));
    let mut expiry = tokio::time::interval(half);
    let mut reap = tokio::time::interval(tick.max(Duration::from_millis(100)));
    let purge_hours = db.config().purge_interval_hours;
    let mut purge = tokio::time::interval(Duration::from_secs(3600 * purge_hours.max(1)));
    for t in [&mut expiry, &mut reap, &mut purge] {
        t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    }
    purge.tick().await;
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = expiry.tick() => expire_sessions(&db),
            _ = reap.tick() => reap_nodes(&db),
            _ = purge.tick(), if purge_hours > 0 => {
                let d = db.clone();
                match tokio::task::spawn_blocking(move || d.purge()).await {
                    Ok(Ok(n)) if n > 0 => tracing::info!("Purge task removed {n} old snapshot and log files"),
                    Ok(Err(e)) => tracing::warn!("Purge task failed: {e}"),
                    _ => {}
                }
            }
        }
    }
}

fn expire_sessions(db: &Db) {
    let mut st = db.lock();
    let expired = st.sessions.expired(tokio::time::Instant::now());
    if expired.is_empty() {
        return;
    }
    for id in expired {
        let timeout = st.sessions.get(id).map_or(0, |s| s.timeout);
        let conn = st.sessions.get(id).and_then(|s| s.conn);
        tracing::info!("Expiring session 0x{id:x}, timeout of {timeout}ms exceeded");
        ops::close_session(&mut st, id);
        if let Some(c) = conn.and_then(|c| st.conns.get(&c)) {
            let _ = c.tx.send(Outbound::Close);
        }
    }
    drop(st);
    db.kick();
}

fn reap_nodes(db: &Db) {
    let mut st = db.lock();
    let due = st.tree.reapable(kt_base::clock::now_ms());
    if due.is_empty() {
        return;
    }
    for path in due {
        tracing::debug!("reaping {path}");
        st.commit(0, Txn::Delete { path });
    }
    drop(st);
    db.kick();
}

/// Reads exactly `n` bytes, or `None` at EOF or error.
async fn read_exact(stream: &mut TcpStream, n: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0; n];
    stream.read_exact(&mut buf).await.ok()?;
    Some(buf)
}

/// What the first bytes of a connection asked for.
enum Opening {
    /// A four-letter word, answered and closed.
    Word,
    /// A session handshake.
    Connect(ConnectRequest),
}

/// Reads the first frame: a four-letter word or the connect request. `None` closes.
async fn opening(stream: &mut TcpStream, peer: SocketAddr, db: &Db) -> Option<Opening> {
    let first: [u8; 4] = read_exact(stream, 4).await?.try_into().unwrap();
    if let Some(word) = fourletter::word(first) {
        let text = fourletter::answer(db, word);
        let _ = stream.write_all(text.as_bytes()).await;
        let _ = stream.shutdown().await;
        return Some(Opening::Word);
    }
    let len = i32::from_be_bytes(first);
    if len < 0 || len as usize > db.config().max_buffer {
        tracing::warn!("Len error {len} from {peer}: closing the connection");
        return None;
    }
    let body = read_exact(stream, len as usize).await?;
    match ConnectRequest::read(&body) {
        Ok(request) => Some(Opening::Connect(request)),
        Err(_) => {
            tracing::warn!("malformed connect request from {peer}: closing the connection");
            None
        }
    }
}

async fn serve(
    mut stream: TcpStream,
    peer: SocketAddr,
    db: Arc<Db>,
    mut stop: watch::Receiver<bool>,
) {
    // A client gets one session timeout to say what it wants; shutdown does not wait for it.
    let patience = Duration::from_millis(db.config().max_session_timeout.max(1) as u64);
    let opened = tokio::select! {
        _ = stop.changed() => return,
        opened = tokio::time::timeout(patience, opening(&mut stream, peer, &db)) => opened,
    };
    let Ok(Some(Opening::Connect(request))) = opened else {
        return;
    };
    let (conn, rx) = db.register(peer);
    session_loop(stream, peer, &db, conn, rx, request, stop).await;
    db.unregister(conn);
}

async fn session_loop(
    stream: TcpStream,
    peer: SocketAddr,
    db: &Db,
    conn: ConnId,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Outbound>,
    request: ConnectRequest,
    mut stop: watch::Receiver<bool>,
) {
    let max = db.config().max_buffer;
    let outcome = ops::connect(db, conn, &request);
    let Some(session) = outcome
        .reply
        .is_some()
        .then(|| db.lock().conns.get(&conn).map(|c| c.session))
        .flatten()
    else {
        return;
    };
    let (read, write) = stream.into_split();
    let mut out = Out {
        write,
        stop: stop.clone(),
        limit: Duration::from_millis(db.config().max_session_timeout.max(1) as u64),
    };
    if !send(db, conn, &mut out, &mut rx, outcome).await || session == 0 {
        return;
    }
    let codec = LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(max)
        .new_codec();
    let mut frames = FramedRead::new(read, codec);
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            queued = rx.recv() => match queued {
                Some(Outbound::Frame(f)) => {
                    if !out.put(&f).await { return; }
                    count_sent(db, conn);
                }
                Some(Outbound::Close) | None => return,
            },
            next = frames.next() => {
                let bytes = match next {
                    Some(Ok(b)) => b,
                    Some(Err(e)) => {
                        tracing::warn!("closing the connection of session 0x{session:x} from {peer}: {e}");
                        return;
                    }
                    None => return,
                };
                {
                    let mut st = db.lock();
                    st.packets_received += 1;
                    if let Some(c) = st.conns.get_mut(&conn) { c.received += 1; }
                }
                let mut r = Reader::new(&bytes);
                let (Ok(x), Ok(kind)) = (r.int(), r.int()) else {
                    tracing::warn!("short request header from {peer}: closing the connection");
                    return;
                };
                let outcome = if kind == op::PING {
                    let mut st = db.lock();
                    st.sessions.touch(session);
                    let mut b = Vec::with_capacity(16);
                    // Answered with the request's xid (-2 from every client), as ZooKeeper does.
                    proto::reply_header(&mut b, x, st.last_zxid, 0);
                    ops::Outcome { reply: Some(frame(b)), zxid: st.last_zxid, ..Default::default() }
                } else {
                    match Op::read(kind, &mut r) {
                        Ok(request) => ops::execute(db, conn, session, x, request),
                        Err(e) => {
                            // ZooKeeper closes a connection whose request does not decode.
                            tracing::warn!("undecodable request (op {kind}) from {peer}: {e}; closing the connection");
                            return;
                        }
                    }
                };
                if !send(db, conn, &mut out, &mut rx, outcome).await {
                    return;
                }
            }
        }
    }
}

/// The writing half of a connection. A client that stops reading gets one session timeout
/// before it is dropped, and never holds up a shutdown.
struct Out {
    write: tokio::net::tcp::OwnedWriteHalf,
    stop: watch::Receiver<bool>,
    limit: Duration,
}

impl Out {
    /// Writes `bytes`; false when the connection must close.
    async fn put(&mut self, bytes: &[u8]) -> bool {
        tokio::select! {
            written = tokio::time::timeout(self.limit, self.write.write_all(bytes)) => {
                matches!(written, Ok(Ok(())))
            }
            _ = self.stop.wait_for(|stopping| *stopping) => false,
        }
    }
}

fn count_sent(db: &Db, conn: ConnId) {
    let mut st = db.lock();
    st.packets_sent += 1;
    if let Some(c) = st.conns.get_mut(&conn) {
        c.sent += 1;
    }
}

/// Waits until the outcome's zxid is durable, writes pending events, then the reply. False
/// when the connection must close.
async fn send(
    db: &Db,
    conn: ConnId,
    out: &mut Out,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Outbound>,
    outcome: ops::Outcome,
) -> bool {
    if !db.wait_durable(outcome.zxid).await {
        return false;
    }
    // Events of changes up to this zxid were queued before it was published as durable:
    // a client hears of a change before it sees its effect in a reply.
    let mut closing = false;
    while let Ok(queued) = rx.try_recv() {
        match queued {
            Outbound::Frame(f) => {
                if !out.put(&f).await {
                    return false;
                }
                count_sent(db, conn);
            }
            Outbound::Close => closing = true,
        }
    }
    for f in outcome.before {
        if !out.put(&f).await {
            return false;
        }
    }
    if let Some(reply) = outcome.reply {
        if !out.put(&reply).await {
            return false;
        }
        count_sent(db, conn);
    }
    !(outcome.close || closing)
}
