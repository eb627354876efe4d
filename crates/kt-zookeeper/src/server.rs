//! The listener and one task per connection: length-prefixed frames bounded by
//! `jute.maxbuffer`, the handshake, then requests executed as they arrive and answered in the
//! order sent once their changes are durable (many in flight share an fsync), with watch events
//! written between the replies in zxid order. Also the
//! periodic work: session expiry, container/TTL reaping and the purge of old snapshots.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
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

/// Requests of one connection executed but not yet answered (their changes not yet durable).
/// Past it the connection stops reading until replies go out, as Apache ZooKeeper stops reading
/// past `globalOutstandingLimit` (1,000; Apache counts it server-wide).
const MAX_IN_FLIGHT: usize = 1000;

/// Bytes of replies a connection may hold unsent: past it the connection stops reading too, so
/// that 1,000 pipelined reads of a 1 MiB znode cannot make it hold a gigabyte. One reply may
/// pass it (a reply is at most `jute.maxbuffer`).
const MAX_QUEUED_BYTES: usize = 4 << 20;

/// Serves a session's requests. Each is executed as soon as it arrives, while earlier ones wait
/// for their fsync, so that a client keeping many requests in flight has them all made durable
/// by the same few fsyncs (one per request would cap a session at the disk's fsync rate).
/// Replies still go out in request order, each only once its zxid is durable.
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
    let mut queue = Answers::default();
    queue.push(outcome);
    let mut durable = db.durable_receiver();
    let handshake = queue.replies[0].zxid;
    if !durable
        .wait_for(|d| *d >= handshake)
        .map(|r| r.is_ok())
        .await
        || !queue.flush(db, conn, &mut out, &mut rx).await
        || session == 0
    {
        return;
    }
    let codec = LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(max)
        .new_codec();
    let mut frames = FramedRead::new(read, codec);
    loop {
        // The oldest unanswered reply's zxid: the only one worth waking for, as replies go out
        // in order.
        let wanted = queue.replies.front().map(|o| o.zxid);
        let reading = !queue.full() && !queue.closing;
        tokio::select! {
            _ = stop.changed() => return,
            queued = rx.recv() => match queued {
                Some(Outbound::Event { zxid, frame }) => queue.events.push_back((zxid, frame)),
                // The session expired or moved: what is durable still goes out, then close.
                Some(Outbound::Close) | None => {
                    let _ = queue.flush(db, conn, &mut out, &mut rx).await;
                    return;
                }
            },
            // (The guard `wait_for` returns must not live across the awaits of other branches.)
            _ = durable.wait_for(|d| *d >= wanted.unwrap_or(i64::MAX)).map(|r| r.is_ok()), if wanted.is_some() => {}
            next = frames.next(), if reading => {
                let mut next = next;
                // Every request already read is executed before the replies are written, so
                // that a burst of pipelined requests is answered with few writes.
                loop {
                    let bytes = match next {
                        Some(Ok(b)) => b,
                        Some(Err(e)) => {
                            tracing::warn!("closing the connection of session 0x{session:x} from {peer}: {e}");
                            return;
                        }
                        None => {
                            // The client closed its side; what is durable still goes out.
                            let _ = queue.flush(db, conn, &mut out, &mut rx).await;
                            return;
                        }
                    };
                    let Some(outcome) = execute(db, conn, session, peer, &bytes) else {
                        return;
                    };
                    queue.closing |= outcome.close;
                    queue.push(outcome);
                    if queue.full() || queue.closing {
                        break;
                    }
                    match frames.next().now_or_never() {
                        Some(n) => next = n,
                        None => break,
                    }
                }
            }
        }
        if !queue.flush(db, conn, &mut out, &mut rx).await {
            return;
        }
    }
}

/// Runs one request frame; `None` closes the connection (a request that does not decode).
fn execute(
    db: &Db,
    conn: ConnId,
    session: i64,
    peer: SocketAddr,
    bytes: &[u8],
) -> Option<ops::Outcome> {
    {
        let mut st = db.lock();
        st.packets_received += 1;
        if let Some(c) = st.conns.get_mut(&conn) {
            c.received += 1;
        }
    }
    let mut r = Reader::new(bytes);
    let (Ok(x), Ok(kind)) = (r.int(), r.int()) else {
        tracing::warn!("short request header from {peer}: closing the connection");
        return None;
    };
    if kind == op::PING {
        let mut st = db.lock();
        st.sessions.touch(session);
        let mut b = Vec::with_capacity(16);
        // Answered with the request's xid (-2 from every client), as ZooKeeper does.
        proto::reply_header(&mut b, x, st.last_zxid, 0);
        return Some(ops::Outcome {
            reply: Some(frame(b)),
            zxid: st.last_zxid,
            ..Default::default()
        });
    }
    match Op::read(kind, &mut r) {
        Ok(request) => Some(ops::execute(db, conn, session, x, request)),
        Err(e) => {
            // ZooKeeper closes a connection whose request does not decode.
            tracing::warn!(
                "undecodable request (op {kind}) from {peer}: {e}; closing the connection"
            );
            None
        }
    }
}

/// What a connection still has to write: replies in request order, and watch events.
#[derive(Default)]
struct Answers {
    replies: std::collections::VecDeque<ops::Outcome>,
    events: std::collections::VecDeque<(i64, Vec<u8>)>,
    /// A queued reply closes the connection (closeSession): nothing after it is read.
    closing: bool,
    /// Bytes of the queued replies (and the frames they send first).
    queued_bytes: usize,
}

impl Answers {
    fn push(&mut self, outcome: ops::Outcome) {
        self.queued_bytes += outcome_bytes(&outcome);
        self.replies.push_back(outcome);
    }

    /// Enough is waiting: read no further request until replies go out.
    fn full(&self) -> bool {
        self.replies.len() >= MAX_IN_FLIGHT || self.queued_bytes >= MAX_QUEUED_BYTES
    }

    /// Writes, in one write, every reply whose zxid is durable and every event due before the
    /// next reply still waiting. An event goes before the reply whose zxid is its change's or
    /// later (a client hears of a change before it sees its effect in a reply) and after those
    /// with lower zxids (a watch a read set is registered by its reply before it can fire).
    /// False when the connection must close.
    async fn flush(
        &mut self,
        db: &Db,
        conn: ConnId,
        out: &mut Out,
        rx: &mut tokio::sync::mpsc::UnboundedReceiver<Outbound>,
    ) -> bool {
        // Events of changes up to a durable zxid were queued before it was published: read
        // it first, then take the events, or a batch's events queued and its zxid published
        // between the two would let replies of that batch overtake its events.
        let durable = db.durable_zxid();
        let mut closed = false;
        while let Ok(queued) = rx.try_recv() {
            match queued {
                Outbound::Event { zxid, frame } => self.events.push_back((zxid, frame)),
                Outbound::Close => closed = true,
            }
        }
        let mut bytes = Vec::new();
        let mut sent = 0;
        let mut keep = true;
        let mut checked = false;
        loop {
            let next_reply = self.replies.front().map(|o| o.zxid);
            match (self.events.front(), next_reply) {
                (Some((zxid, _)), reply) if reply.is_none_or(|r| *zxid <= r) => {
                    let (_, f) = self.events.pop_front().unwrap();
                    bytes.extend_from_slice(&f);
                    sent += 1;
                }
                (_, Some(zxid)) if zxid <= durable => {
                    // A failed disk write publishes everything as durable to wake the waiters,
                    // and stops the server: nothing more may be acknowledged.
                    if !checked {
                        if db.stopping() {
                            return false;
                        }
                        checked = true;
                    }
                    let o = self.replies.pop_front().unwrap();
                    self.queued_bytes -= outcome_bytes(&o);
                    for f in &o.before {
                        bytes.extend_from_slice(f);
                    }
                    if let Some(reply) = &o.reply {
                        bytes.extend_from_slice(reply);
                        sent += 1;
                    }
                    if o.close {
                        keep = false;
                        break;
                    }
                }
                _ => break,
            }
        }
        if !bytes.is_empty() {
            if !out.put(&bytes).await {
                return false;
            }
            count_sent(db, conn, sent);
        }
        keep && !closed
    }
}

/// What a queued reply will write.
fn outcome_bytes(o: &ops::Outcome) -> usize {
    o.before.iter().map(Vec::len).sum::<usize>() + o.reply.as_ref().map_or(0, |r| r.len())
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

fn count_sent(db: &Db, conn: ConnId, frames: u64) {
    let mut st = db.lock();
    st.packets_sent += frames;
    if let Some(c) = st.conns.get_mut(&conn) {
        c.sent += frames;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jute::Writer;
    use crate::proto::{write_acls, Acl};
    use tokio::io::AsyncReadExt;

    async fn server(dir: &std::path::Path) -> RunningZk {
        let mut props = kt_base::config::Properties::new();
        props.insert("dataDir".into(), dir.display().to_string());
        props.insert("clientPort".into(), "0".into());
        props.insert("clientPortAddress".into(), "127.0.0.1".into());
        spawn(ZkConfig::from_properties(&props).unwrap().0)
            .await
            .unwrap()
    }

    fn framed(body: Vec<u8>) -> Vec<u8> {
        frame(body)
    }

    fn request(xid: i32, kind: i32, fields: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut b = Vec::new();
        b.int(xid);
        b.int(kind);
        fields(&mut b);
        framed(b)
    }

    fn create(xid: i32, path: &str) -> Vec<u8> {
        request(xid, op::CREATE, |b| {
            b.string(path);
            b.buffer(Some(b"v"));
            write_acls(b, &Acl::open());
            b.int(0);
        })
    }

    fn set_data(xid: i32, path: &str, data: &[u8]) -> Vec<u8> {
        request(xid, op::SET_DATA, |b| {
            b.string(path);
            b.buffer(Some(data));
            b.int(-1);
        })
    }

    fn get_data(xid: i32, path: &str, watch: bool) -> Vec<u8> {
        request(xid, op::GET_DATA, |b| {
            b.string(path);
            b.bool(watch);
        })
    }

    /// A session's connection: the handshake done.
    async fn session(addr: SocketAddr) -> TcpStream {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let mut b = Vec::new();
        b.int(0);
        b.long(0);
        b.int(30_000);
        b.long(0);
        b.buffer(Some(&[0; 16]));
        b.bool(false);
        s.write_all(&framed(b)).await.unwrap();
        read_frame(&mut s).await;
        s
    }

    async fn read_frame(s: &mut TcpStream) -> Vec<u8> {
        let len = s.read_i32().await.unwrap();
        let mut body = vec![0; len as usize];
        s.read_exact(&mut body).await.unwrap();
        body
    }

    /// The next frame's reply header: xid (-1 for a watch event), zxid, error.
    async fn header(s: &mut TcpStream) -> (i32, i64, i32) {
        let body = read_frame(s).await;
        let mut r = Reader::new(&body);
        (r.int().unwrap(), r.long().unwrap(), r.int().unwrap())
    }

    #[test]
    fn a_connection_stops_reading_once_its_unsent_replies_pass_the_byte_budget() {
        let mut queue = Answers::default();
        let big = || ops::Outcome {
            reply: Some(vec![0; 1 << 20]),
            ..Default::default()
        };
        for _ in 0..(MAX_QUEUED_BYTES >> 20) - 1 {
            queue.push(big());
            assert!(!queue.full(), "a few 1 MiB replies are not enough");
        }
        queue.push(big());
        assert!(
            queue.full(),
            "1,000 pipelined reads of a 1 MiB znode stop at a few"
        );
        assert_eq!(queue.replies.len(), MAX_QUEUED_BYTES >> 20);
    }

    #[tokio::test]
    async fn pipelined_writes_of_one_session_are_answered_in_order_and_share_fsyncs() {
        let dir = tempfile::tempdir().unwrap();
        let zk = server(dir.path()).await;
        let mut s = session(zk.addr()).await;
        s.write_all(&create(1, "/p")).await.unwrap();
        assert_eq!(header(&mut s).await.2, 0);
        let before = zk.db().syncs();
        let n = 200;
        let burst: Vec<u8> = (0..n)
            .flat_map(|i| set_data(i + 2, "/p", format!("{i}").as_bytes()))
            .collect();
        s.write_all(&burst).await.unwrap();
        let mut last_zxid = 0;
        for i in 0..n {
            let (xid, zxid, err) = header(&mut s).await;
            assert_eq!((xid, err), (i + 2, 0), "replies come in request order");
            assert!(zxid > last_zxid, "each setData has its own, later zxid");
            assert!(zxid <= zk.db().durable_zxid(), "a reply only once durable");
            last_zxid = zxid;
        }
        let syncs = zk.db().syncs() - before;
        assert!(
            syncs < n as u64,
            "{n} pipelined writes took {syncs} fsyncs: they should share them"
        );
        zk.shutdown().await;
    }

    #[tokio::test]
    async fn a_watch_event_goes_out_before_the_reply_carrying_its_change() {
        let dir = tempfile::tempdir().unwrap();
        let zk = server(dir.path()).await;
        let mut s = session(zk.addr()).await;
        s.write_all(&create(1, "/w")).await.unwrap();
        assert_eq!(header(&mut s).await.2, 0);
        // The watch is set by a read pipelined with the change that fires it: the read's reply
        // (which registers the watch in the client) comes first, then the event, then the
        // reply to the change.
        let mut burst = get_data(2, "/w", true);
        burst.extend(set_data(3, "/w", b"new"));
        burst.extend(get_data(4, "/w", false));
        s.write_all(&burst).await.unwrap();
        let (xid, read_zxid, _) = header(&mut s).await;
        assert_eq!(xid, 2);
        let (xid, event_zxid, _) = header(&mut s).await;
        assert_eq!(xid, -1, "the event");
        let (xid, set_zxid, _) = header(&mut s).await;
        assert_eq!(xid, 3);
        assert!(read_zxid < set_zxid);
        assert_eq!(header(&mut s).await.0, 4);
        // (An event's header carries no zxid of its own in ZooKeeper's protocol: -1.)
        assert_eq!(event_zxid, -1);
        zk.shutdown().await;
    }
}
