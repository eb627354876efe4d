//! `kt connect-standalone` as Kafka's quickstart runs it: lines appended to test.txt reach
//! test.sink.txt through a topic (JSON converter with schemas: Kafka's envelope on the
//! wire), Connect's REST API answers with Kafka's shapes, and after a clean restart of the
//! worker nothing is copied twice.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

/// `(status, body)` of one HTTP request to the worker.
fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn spawn_worker(dir: &Path, port: u16) -> common::KtProcess {
    let child = Command::new(common::kt_path())
        .current_dir(dir)
        .args([
            "connect-standalone",
            "worker.properties",
            "source.properties",
            "sink.properties",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the worker's REST API did not come up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    common::KtProcess(child)
}

fn stop_worker(mut worker: common::KtProcess) {
    unsafe { libc::kill(worker.0.id() as i32, libc::SIGTERM) };
    assert_eq!(worker.0.wait().unwrap().code(), Some(0));
}

fn sink_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("test.sink.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn wait_for_sink(dir: &Path, want: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while sink_lines(dir) != want {
        assert!(
            Instant::now() < deadline,
            "test.sink.txt holds {:?}, not {want:?}",
            sink_lines(dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn append(dir: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("test.txt"))
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

#[test]
fn the_file_quickstart_copies_each_line_once_across_a_restart() {
    let broker = common::BrokerThread::start_in_temp_dir(&[]);
    let bootstrap = broker.bootstrap.clone();
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    // Kafka's quickstart files, with the broker, a private offsets file, a quick flush and
    // a free port.
    let shipped = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("config")
                .join(name),
        )
        .unwrap()
    };
    let worker = shipped("connect-standalone.properties")
        .replace(
            "bootstrap.servers=localhost:9092",
            &format!("bootstrap.servers={bootstrap}"),
        )
        .replace(
            "/tmp/connect.offsets",
            &dir.path().join("connect.offsets").display().to_string(),
        )
        .replace(
            "offset.flush.interval.ms=10000",
            "offset.flush.interval.ms=200",
        )
        + &format!("listeners=http://127.0.0.1:{port}\n");
    std::fs::write(dir.path().join("worker.properties"), worker).unwrap();
    std::fs::write(
        dir.path().join("source.properties"),
        shipped("connect-file-source.properties"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sink.properties"),
        shipped("connect-file-sink.properties"),
    )
    .unwrap();
    std::fs::write(dir.path().join("test.txt"), "foo\nbar\n").unwrap();

    let worker = spawn_worker(dir.path(), port);
    wait_for_sink(dir.path(), &["foo", "bar"]);
    append(dir.path(), "baz\n");
    wait_for_sink(dir.path(), &["foo", "bar", "baz"]);

    // On the wire: the JSON converter's envelope, key null.
    let reader: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "connect-check")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset("connect-test", 0, Offset::Beginning)
        .unwrap();
    reader.assign(&tpl).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let first = loop {
        assert!(Instant::now() < deadline, "no record in connect-test");
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(100)) {
            break (
                m.key().map(<[u8]>::to_vec),
                m.payload().unwrap_or_default().to_vec(),
            );
        }
    };
    assert_eq!(first.0, None);
    assert_eq!(
        String::from_utf8(first.1).unwrap(),
        r#"{"schema":{"type":"string","optional":false},"payload":"foo"}"#
    );

    // The REST API.
    let (status, body) = http(port, "GET", "/connectors", "");
    assert_eq!(
        (status, json(&body)),
        (
            200,
            serde_json::json!(["local-file-sink", "local-file-source"])
        )
    );
    let (status, body) = http(port, "GET", "/connectors/local-file-source/status", "");
    assert_eq!(status, 200);
    let s = json(&body);
    assert_eq!(s["name"], "local-file-source");
    assert_eq!(s["type"], "source");
    assert_eq!(s["connector"]["state"], "RUNNING");
    assert_eq!(s["tasks"][0]["id"], 0);
    assert_eq!(s["tasks"][0]["state"], "RUNNING");
    assert_eq!(s["tasks"][0]["worker_id"], format!("127.0.0.1:{port}"));
    let (status, body) = http(port, "GET", "/connectors/local-file-sink", "");
    assert_eq!(status, 200);
    let info = json(&body);
    assert_eq!(info["config"]["topics"], "connect-test");
    assert_eq!(
        info["tasks"],
        serde_json::json!([{"connector": "local-file-sink", "task": 0}])
    );
    assert_eq!(info["type"], "sink");
    let (status, body) = http(port, "GET", "/connectors/local-file-source/config", "");
    assert_eq!(
        (status, json(&body)["file"].clone()),
        (200, serde_json::json!("test.txt"))
    );
    let (status, body) = http(port, "GET", "/", "");
    assert_eq!(status, 200);
    assert_eq!(json(&body)["version"], "3.9.0");
    assert!(
        !json(&body)["kafka_cluster_id"].as_str().unwrap().is_empty(),
        "{body}"
    );
    let duplicate = r#"{"name":"local-file-sink","config":{"connector.class":"FileStreamSink","topics":"t","file":"x"}}"#;
    let (status, body) = http(port, "POST", "/connectors", duplicate);
    assert_eq!(
        (status, json(&body)),
        (
            409,
            serde_json::json!({"error_code": 409, "message": "Connector local-file-sink already exists"})
        )
    );
    let (status, body) = http(port, "DELETE", "/connectors/nope", "");
    assert_eq!(
        (status, json(&body)),
        (
            404,
            serde_json::json!({"error_code": 404, "message": "Connector nope not found"})
        )
    );
    // A second sink made over REST, then deleted.
    let extra = format!(
        r#"{{"name":"extra-sink","config":{{"connector.class":"FileStreamSink","topics":"connect-test","file":"{}"}}}}"#,
        dir.path().join("extra.txt").display()
    );
    let (status, body) = http(port, "POST", "/connectors", &extra);
    assert_eq!(status, 201, "{body}");
    assert_eq!(json(&body)["name"], "extra-sink");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(dir.path().join("extra.txt")).unwrap_or_default()
        != "foo\nbar\nbaz\n"
    {
        assert!(
            Instant::now() < deadline,
            "the REST-made sink copies nothing"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(http(port, "DELETE", "/connectors/extra-sink", "").0, 204);
    assert_eq!(http(port, "GET", "/connectors/extra-sink", "").0, 404);

    // A clean stop and a restart: nothing copied twice, new lines still copied.
    stop_worker(worker);
    let worker = spawn_worker(dir.path(), port);
    append(dir.path(), "qux\n");
    wait_for_sink(dir.path(), &["foo", "bar", "baz", "qux"]);
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(sink_lines(dir.path()), ["foo", "bar", "baz", "qux"]);
    stop_worker(worker);
    let offsets = std::fs::read_to_string(dir.path().join("connect.offsets")).unwrap();
    assert_eq!(
        json(&offsets),
        serde_json::json!({r#"["local-file-source",{"filename":"test.txt"}]"#: r#"{"position":16}"#})
    );
}
