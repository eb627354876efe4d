//! `kt wait-ready`: exit 0 as soon as a broker (or ZooKeeper) answers, 1 with the last error at
//! the timeout, 2 for bad usage.

use crate::common;
use crate::common::free_port;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_broker_answers_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    let (out, err, code, took) = tokio::task::spawn_blocking(move || {
        let start = Instant::now();
        let (out, err, code) = common::run_kt(["wait-ready", "--bootstrap-server", &b], "");
        (out, err, code, start.elapsed())
    })
    .await
    .unwrap();
    broker.shutdown().await;
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_a_broker_that_starts_later() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let waiter = std::thread::spawn(move || {
        common::run_kt(
            [
                "wait-ready",
                "--bootstrap-server",
                &bootstrap,
                "--timeout",
                "20s",
            ],
            "",
        )
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let listener = format!("PLAINTEXT://127.0.0.1:{port}");
    let config = common::server_config(dir.path(), &[("listeners", &listener)]);
    let broker = kt::broker::spawn(config).await.unwrap();
    let (out, err, code) = tokio::task::spawn_blocking(move || waiter.join().unwrap())
        .await
        .unwrap();
    broker.shutdown().await;
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
}

#[test]
fn gives_up_with_the_last_error() {
    let bootstrap = format!("127.0.0.1:{}", free_port());
    let start = Instant::now();
    let (out, err, code) = common::run_kt(
        [
            "wait-ready",
            "--bootstrap-server",
            &bootstrap,
            "--timeout",
            "300ms",
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(err.starts_with("error: gave up after 300ms: "), "{err}");
    assert!(err.contains("Connection refused"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn usage_errors_exit_2() {
    let (_, err, code) = common::run_kt(["wait-ready"], "");
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = common::run_kt(
        [
            "wait-ready",
            "--bootstrap-server",
            "127.0.0.1:1",
            "--timeout",
            "soon",
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: "), "{err}");
}

/// A one-connection-at-a-time server speaking ZooKeeper's four-letter words: answers `ruok`
/// with `answer` and nothing else (as a server whose whitelist holds only `ruok`). It stands in for a ZooKeeper server in these tests.
fn four_letter_server(answer: &'static [u8]) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let thread = std::thread::spawn(move || {
        // Serves the attempts of one wait-ready run, then stops.
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((mut s, _)) => {
                    s.set_nonblocking(false).unwrap();
                    let mut word = [0u8; 4];
                    if s.read_exact(&mut word).is_ok() && &word == b"ruok" {
                        let _ = s.write_all(answer);
                        if answer == b"imok" {
                            return;
                        }
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    (addr, thread)
}

#[test]
fn zookeeper_mode_sends_ruok() {
    let (addr, server) = four_letter_server(b"imok");
    let (out, err, code) = common::run_kt(["wait-ready", "--zookeeper", &addr], "");
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    server.join().unwrap();

    let (addr, server) = four_letter_server(b"nope");
    let (_, err, code) = common::run_kt(
        ["wait-ready", "--zookeeper", &addr, "--timeout", "200ms"],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("and ruok with \"nope\""), "{err}");
    server.join().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zookeeper_mode_works_with_kafkas_default_four_letter_whitelist() {
    let dir = tempfile::tempdir().unwrap();
    let server = common::zookeeper::start(dir.path(), &[]).await;
    let addr = server.addr().to_string();
    let (out, err, code) = tokio::task::spawn_blocking(move || {
        common::run_kt(["wait-ready", "--zookeeper", &addr, "--timeout", "5s"], "")
    })
    .await
    .unwrap();
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    server.shutdown().await;
}
