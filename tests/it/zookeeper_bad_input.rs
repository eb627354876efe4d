//! Malformed input on raw sockets: each gets an error reply or a closed connection, the server
//! keeps serving, and the tree is untouched.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use kt::zookeeper::RunningZk;
use zookeeper_client as zk;

async fn start(dir: &std::path::Path) -> RunningZk {
    start_with(dir, &[]).await
}

async fn start_with(dir: &std::path::Path, extra: &[(&str, &str)]) -> RunningZk {
    let mut all = vec![("4lw.commands.whitelist", "ruok, srvr")];
    all.extend_from_slice(extra);
    common::zookeeper::start(dir, &all).await
}

fn put_int(b: &mut Vec<u8>, v: i32) {
    b.extend_from_slice(&v.to_be_bytes());
}

fn put_str(b: &mut Vec<u8>, s: &[u8]) {
    put_int(b, s.len() as i32);
    b.extend_from_slice(s);
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

/// A raw handshake: the connection and the connect response (protocol version, timeout,
/// session id, password), `None` if the server closed without one.
fn handshake(
    addr: std::net::SocketAddr,
    session: i64,
    password: &[u8],
) -> (TcpStream, Option<(i32, i64, Vec<u8>)>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut body = Vec::new();
    put_int(&mut body, 0); // protocol version
    body.extend_from_slice(&0i64.to_be_bytes()); // last zxid seen
    put_int(&mut body, 30_000);
    body.extend_from_slice(&session.to_be_bytes());
    put_str(&mut body, password);
    body.push(0); // read-only
                  // (A refused connection may be closed before the handshake is even written.)
    let _ = s.write_all(&framed(&body));
    let reply = read_frame(&mut s).map(|r| {
        assert_eq!(r.len(), 4 + 4 + 8 + 4 + 16 + 1);
        let timeout = i32::from_be_bytes(r[4..8].try_into().unwrap());
        let id = i64::from_be_bytes(r[8..16].try_into().unwrap());
        (timeout, id, r[20..36].to_vec())
    });
    (s, reply)
}

/// A raw connection with a fresh session.
fn session(addr: std::net::SocketAddr) -> TcpStream {
    let (s, reply) = handshake(addr, 0, &[0; 16]);
    assert!(reply.expect("connect response").1 != 0);
    s
}

fn read_frame(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut len = [0; 4];
    s.read_exact(&mut len).ok()?;
    let mut body = vec![0; u32::from_be_bytes(len) as usize];
    s.read_exact(&mut body).ok()?;
    Some(body)
}

/// The error code of the reply to `xid`, skipping watch events.
fn reply_err(s: &mut TcpStream, xid: i32) -> Option<i32> {
    loop {
        let f = read_frame(s)?;
        let got = i32::from_be_bytes(f[..4].try_into().unwrap());
        if got == xid {
            return Some(i32::from_be_bytes(f[12..16].try_into().unwrap()));
        }
    }
}

fn closed(s: &mut TcpStream) -> bool {
    let mut buf = [0; 64];
    matches!(s.read(&mut buf), Ok(0) | Err(_))
}

fn request(xid: i32, op: i32, body: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    put_int(&mut b, xid);
    put_int(&mut b, op);
    b.extend_from_slice(body);
    framed(&b)
}

fn create_body(path: &[u8], data: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    put_str(&mut b, path);
    put_str(&mut b, data);
    put_int(&mut b, 1); // one ACL: world:anyone, all
    put_int(&mut b, 31);
    put_str(&mut b, b"world");
    put_str(&mut b, b"anyone");
    put_int(&mut b, 0); // persistent
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_errors_or_a_close_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let addr = server.addr();
    let before = server.db().lock().tree.clone();

    tokio::task::spawn_blocking(move || {
        // Garbage instead of a handshake: its first 4 bytes read as a huge length.
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert!(closed(&mut s), "garbage handshake");

        // A length prefix far above jute.maxbuffer, and a negative one.
        for prefix in [0x7fff_ffffu32, 0xffff_fff0] {
            let mut s = TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            s.write_all(&prefix.to_be_bytes()).unwrap();
            assert!(closed(&mut s), "length prefix {prefix:#x}");
        }

        // A handshake cut short.
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(&framed(&[0, 0, 0, 0, 1])).unwrap();
        assert!(closed(&mut s), "short handshake");

        // An unknown op code: UNIMPLEMENTED, and the connection goes on.
        let mut s = session(addr);
        s.write_all(&request(1, 999, b"")).unwrap();
        assert_eq!(reply_err(&mut s, 1), Some(-6));
        // A path without its leading slash: BADARGUMENTS for a write, NONODE for a read.
        s.write_all(&request(2, 1, &create_body(b"no-slash", b"x")))
            .unwrap();
        assert_eq!(reply_err(&mut s, 2), Some(-8));
        let mut get = Vec::new();
        put_str(&mut get, b"no-slash");
        get.push(0);
        s.write_all(&request(3, 4, &get)).unwrap();
        assert_eq!(reply_err(&mut s, 3), Some(-101));
        s.write_all(&request(4, 1, &create_body(b"/a//b", b"x")))
            .unwrap();
        assert_eq!(reply_err(&mut s, 4), Some(-101));
        s.write_all(&request(5, 1, &create_body(b"/bad/", b"x")))
            .unwrap();
        assert_eq!(reply_err(&mut s, 5), Some(-101));
        // A string length past the end of the record: closed.
        s.write_all(&request(6, 2, b"\x00\x00\x00\x32/zookeeper"))
            .unwrap();
        assert!(closed(&mut s), "truncated delete");

        // Multis nested in multis (a forged frame a recursive decoder would overflow its
        // stack on): the connection is closed.
        let mut s = session(addr);
        let mut nested = Vec::new();
        for _ in 0..100_000 {
            put_int(&mut nested, 14);
            nested.push(0);
            put_int(&mut nested, -1);
        }
        s.write_all(&request(1, 14, &nested)).unwrap();
        assert!(closed(&mut s), "nested multi");

        // A request body cut short: the connection is closed.
        let mut s = session(addr);
        s.write_all(&request(1, 1, &[0, 0, 0, 50, b'/'])).unwrap();
        assert!(closed(&mut s), "truncated create");

        // Data over jute.maxbuffer: the frame is refused and the connection closed.
        let mut s = session(addr);
        let _ = s.write_all(&request(1, 1, &create_body(b"/big", &vec![7; 0x10_0000])));
        assert!(closed(&mut s), "oversized data");

        // A four-letter word outside the whitelist is refused in words; a listed one answers.
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"envi").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert_eq!(
            text,
            "envi is not executed because it is not in the whitelist.\n"
        );
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"ruok").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert_eq!(text, "imok");
    })
    .await
    .unwrap();

    assert_eq!(server.db().lock().tree, before, "the tree is untouched");
    // The server keeps serving real clients.
    let c = zk::Client::connect(&server.connect_string()).await.unwrap();
    let open = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    c.create("/after", b"ok", &open).await.unwrap();
    assert_eq!(c.get_data("/after").await.unwrap().0, b"ok");
    drop(c);
    // A connection that never finishes its handshake does not hold up shutdown.
    let mut idle = TcpStream::connect(server.addr()).unwrap();
    idle.write_all(&[0, 0]).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server.shutdown())
        .await
        .expect("shutdown waited for a half-open handshake");
    drop(idle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_or_an_unknown_session_is_told_it_expired() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let addr = server.addr();
    tokio::task::spawn_blocking(move || {
        let (_live, reply) = handshake(addr, 0, &[0; 16]);
        let (timeout, id, password) = reply.unwrap();
        assert_eq!(timeout, 30_000);
        // The right password resumes the session (and closes the first connection).
        let (_again, reply) = handshake(addr, id, &password);
        assert_eq!(reply.unwrap().1, id);
        // A wrong password, or a session the server does not know: timeout 0, id 0, closed.
        let mut wrong = password.clone();
        wrong[0] ^= 1;
        for (session, pw) in [(id, wrong), (id + 1000, password)] {
            let (mut s, reply) = handshake(addr, session, &pw);
            assert_eq!(reply.unwrap(), (0, 0, vec![0; 16]));
            assert!(closed(&mut s));
        }
    })
    .await
    .unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_client_cnxns_bounds_connections_from_one_address() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_with(dir.path(), &[("maxClientCnxns", "2")]).await;
    let addr = server.addr();
    tokio::task::spawn_blocking(move || {
        let _a = session(addr);
        let _b = session(addr);
        let (mut c, reply) = handshake(addr, 0, &[0; 16]);
        assert!(reply.is_none(), "a third connection got a session");
        assert!(closed(&mut c));
    })
    .await
    .unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_does_not_hold_up_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let addr = server.addr();
    // A session with a recursive watch on / that never reads what it is sent.
    let mut stuck = tokio::task::spawn_blocking(move || {
        let mut s = session(addr);
        let mut body = Vec::new();
        put_str(&mut body, b"/");
        put_int(&mut body, 1); // persistent recursive
        s.write_all(&request(1, 106, &body)).unwrap();
        s
    })
    .await
    .unwrap();
    // Enough events to fill the socket buffers many times over (about 12 MB).
    let c = zk::Client::connect(&server.connect_string()).await.unwrap();
    let open = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    let long = "n".repeat(250);
    for batch in 0..80 {
        let mut w = c.new_multi_writer();
        for i in 0..500 {
            w.add_create(&format!("/{long}{batch:03}{i:03}"), b"", &open)
                .unwrap();
        }
        w.commit().await.unwrap();
    }
    // Others are still served.
    assert_eq!(c.get_children("/").await.unwrap().1.num_children, 40_001);
    drop(c);
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown waited for a client that does not read");
    stuck.set_nonblocking(true).unwrap();
    let mut buf = [0; 1024];
    assert!(stuck.read(&mut buf).unwrap() > 0, "events were sent");
}
