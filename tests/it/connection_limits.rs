//! Connection limits: a broker at its descriptor limit refuses extra connections cleanly and
//! keeps serving the clients it has, without flooding its log; Kafka's
//! `max.connections.per.ip` (+ overrides) and `max.connections`; idle and half-open
//! connections closed after `connections.max.idle.ms`.

use crate::common;
use crate::common::free_port;
use crate::common::raw::{self, connect};

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kafka_protocol::messages::{ApiKey, ApiVersionsRequest, ResponseHeader};
use kafka_protocol::protocol::{Decodable, StrBytes};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Message, Offset, TopicPartitionList};

/// Sends an ApiVersions request with `correlation` and waits for its answer; false when the
/// broker closed the connection (or did not answer within the stream's read timeout).
fn api_versions(stream: &mut TcpStream, correlation: i32) -> bool {
    let version = 3;
    let request = ApiVersionsRequest::default()
        .with_client_software_name(StrBytes::from_static_str("limits-test"))
        .with_client_software_version(StrBytes::from_static_str("1"));
    let body = raw::encode_request(ApiKey::ApiVersions, version, correlation, &request);
    let mut frame = (body.len() as i32).to_be_bytes().to_vec();
    frame.extend_from_slice(&body);
    if stream.write_all(&frame).is_err() {
        return false;
    }
    let mut size = [0u8; 4];
    if stream.read_exact(&mut size).is_err() {
        return false;
    }
    let mut answer = vec![0u8; i32::from_be_bytes(size) as usize];
    if stream.read_exact(&mut answer).is_err() {
        return false;
    }
    let header = ResponseHeader::decode(
        &mut bytes::Bytes::from(answer),
        ApiKey::ApiVersions.response_header_version(version),
    )
    .unwrap();
    header.correlation_id == correlation
}

/// Whether the broker has closed `stream` (end of stream within `wait`), as opposed to
/// keeping it open without a word.
fn closed_by_broker(stream: &mut TcpStream, wait: Duration) -> bool {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => panic!("the broker sent bytes unasked"),
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(e) => panic!("{e}"),
    }
}

/// A `kt server-start` child, stopped with SIGTERM (and reaped) when dropped.
struct Broker {
    child: Child,
    addr: SocketAddr,
}

impl Broker {
    /// Starts `kt server-start` over `dir` with `RLIMIT_NOFILE` set to `soft`/`hard` before
    /// it runs, its log in `dir/broker.log`, and waits until it accepts connections.
    #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every Unix.
    fn start(dir: &Path, soft: u64, hard: u64) -> Broker {
        let port = free_port();
        let props = dir.join("server.properties");
        std::fs::write(
            &props,
            format!(
                "listeners=PLAINTEXT://127.0.0.1:{port}\nlog.dirs={}\nnum.partitions=1\n\
                 offsets.topic.num.partitions=1\ngroup.initial.rebalance.delay.ms=0\n{}",
                dir.join("data").display(),
                common::ONE_REPLICA_INTERNAL_TOPICS
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.join("broker.log")).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_kt"));
        command
            .arg("server-start")
            .arg(&props)
            .stdout(Stdio::null())
            .stderr(Stdio::from(log));
        // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: soft as libc::rlim_t,
                    rlim_max: hard as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let broker = Broker {
            child: command.spawn().unwrap(),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut probe) = TcpStream::connect(broker.addr) {
                probe
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                if api_versions(&mut probe, 0) {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "the broker did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        broker
    }

    fn bootstrap(&self) -> String {
        self.addr.to_string()
    }

    /// The soft and hard limit on open files of the broker process, from /proc.
    fn open_file_limits(&self) -> (u64, u64) {
        let limits = std::fs::read_to_string(format!("/proc/{}/limits", self.child.id())).unwrap();
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max open files"))
            .unwrap();
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (numbers[0], numbers[1])
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        // SAFETY: signals the child this test started.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_broker_at_its_descriptor_limit_refuses_extra_connections_and_serves_its_clients() {
    let dir = tempfile::tempdir().unwrap();
    // The soft limit is raised to the hard one at start-up, as the JVM does.
    let broker = Broker::start(dir.path(), 100, 160);
    assert_eq!(broker.open_file_limits(), (160, 160));
    let bootstrap = broker.bootstrap();

    // Normal clients connect first: a raw one, an rdkafka producer and consumer.
    let mut raw = connect(broker.addr);
    assert!(api_versions(&mut raw, 1));
    let producer: BaseProducer = common::client(&bootstrap).create().unwrap();
    producer
        .send(BaseRecord::<(), _>::to("limits").payload("before"))
        .unwrap();
    producer.flush(Duration::from_secs(20)).unwrap();
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "limits-test")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset("limits", 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let first = consumer
        .poll(Duration::from_secs(20))
        .expect("a record")
        .unwrap();
    assert_eq!(first.payload(), Some(&b"before"[..]));
    drop(first);

    // Far more connections than 160 descriptors can hold.
    let mut flood: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(broker.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let mut refused = 0;
    let mut kept = Vec::new();
    for (i, stream) in flood.iter_mut().enumerate() {
        if closed_by_broker(stream, Duration::from_millis(5)) {
            refused += 1;
        } else {
            kept.push(i);
        }
    }
    assert!(
        refused > 0,
        "no connection was refused ({} kept)",
        kept.len()
    );
    assert!(
        kept.len() < 160,
        "{} connections kept under a limit of 160 descriptors",
        kept.len()
    );
    // Refused at once, not left in the backlog: each refused one saw the end of its stream
    // within a second, and a kept one is served.
    let held = &mut flood[kept[0]];
    held.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let served = api_versions(held, 9);
    assert!(served, "a kept connection is served");

    // While at the limit, the clients already connected are served.
    assert!(api_versions(&mut raw, 2));
    producer
        .send(BaseRecord::<(), _>::to("limits").payload("at the limit"))
        .unwrap();
    producer.flush(Duration::from_secs(20)).unwrap();
    let second = consumer
        .poll(Duration::from_secs(20))
        .expect("a record")
        .unwrap();
    assert_eq!(second.payload(), Some(&b"at the limit"[..]));
    drop(second);

    // A new client at the limit is refused cleanly (end of stream, not a hang)...
    let mut late = connect(broker.addr);
    assert!(closed_by_broker(&mut late, Duration::from_secs(5)));
    // ...and served once descriptors are free again (the budget is recounted each second).
    drop(flood);
    std::thread::sleep(Duration::from_millis(1_500));
    let mut again = connect(broker.addr);
    assert!(api_versions(&mut again, 3));

    drop((consumer, producer, raw, again));
    drop(broker);
    let log = std::fs::read_to_string(dir.path().join("broker.log")).unwrap();
    let refusals = log.matches("Rejected connection").count();
    assert!(refusals >= 1, "refusals are logged:\n{log}");
    assert!(
        refusals <= 2,
        "{refusals} refusal lines: the log is flooded:\n{log}"
    );
    assert!(
        log.matches("accept failed").count() <= 2,
        "accept errors flood the log:\n{log}"
    );
    assert!(log.contains("shut down completed"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_at_max_connections_per_ip_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("max.connections.per.ip", "2")]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut first = connect(addr);
        let mut second = connect(addr);
        assert!(api_versions(&mut first, 1));
        assert!(api_versions(&mut second, 1));
        let started = Instant::now();
        let mut third = connect(addr);
        assert!(closed_by_broker(&mut third, Duration::from_secs(5)));
        assert!(started.elapsed() < Duration::from_secs(2));
        // The first two are not disturbed, and a place freed is taken again.
        assert!(api_versions(&mut second, 2));
        drop(first);
        std::thread::sleep(Duration::from_millis(200));
        let mut fourth = connect(addr);
        assert!(api_versions(&mut fourth, 1));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_override_replaces_the_per_ip_default() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(
        dir.path(),
        &[
            ("max.connections.per.ip", "0"),
            (
                "max.connections.per.ip.overrides",
                "127.0.0.1:3, otherhost:1",
            ),
        ],
    )
    .await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut held: Vec<TcpStream> = (0..3).map(|_| connect(addr)).collect();
        for (i, stream) in held.iter_mut().enumerate() {
            assert!(api_versions(stream, i as i32));
        }
        let mut fourth = connect(addr);
        assert!(closed_by_broker(&mut fourth, Duration::from_secs(5)));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_max_connections_a_client_waits_until_a_connection_closes() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("max.connections", "2")]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut first = connect(addr);
        let mut second = connect(addr);
        assert!(api_versions(&mut first, 1));
        assert!(api_versions(&mut second, 1));
        // Kafka blocks accepting: the third client is neither refused nor served...
        let mut third = connect(addr);
        third
            .set_read_timeout(Some(Duration::from_millis(1_000)))
            .unwrap();
        assert!(!api_versions(&mut third, 7));
        // ...until one of the others closes; then its request is answered.
        drop(first);
        third
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut size = [0u8; 4];
        third
            .read_exact(&mut size)
            .expect("answered once a place is free");
        assert!(api_versions(&mut second, 2));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_half_open_connections_are_closed_after_connections_max_idle_ms() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("connections.max.idle.ms", "700")]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut idle = connect(addr);
        assert!(api_versions(&mut idle, 1));
        // Half-open: a size prefix and part of a request, then nothing.
        let mut half = connect(addr);
        half.write_all(&[0, 0, 0, 40, 0, 18]).unwrap();
        let mut busy = connect(addr);
        let started = Instant::now();
        // A client that keeps talking is not idle, however long it stays.
        for i in 0..6 {
            std::thread::sleep(Duration::from_millis(300));
            assert!(api_versions(&mut busy, i), "busy connection closed");
        }
        assert!(started.elapsed() > Duration::from_millis(1_500));
        assert!(closed_by_broker(&mut idle, Duration::from_secs(3)));
        assert!(closed_by_broker(&mut half, Duration::from_secs(3)));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
