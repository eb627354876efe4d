//! A broker killed with SIGKILL restarts with every acknowledged record. The broker has two
//! log directories, so recovery is exercised in the second one too.

use crate::common;
use crate::common::{free_port, KtProcess};

use std::path::Path;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::{Message, Offset, TopicPartitionList};

/// Starts `kt server-start` on `port` over `dir` (log dirs `logs` and `logs2` in it) and
/// waits until it accepts connections.
fn start_kt(dir: &Path, port: u16) -> KtProcess {
    let lines = format!(
        "log.dirs={},{}\nnum.partitions=1",
        dir.join("logs").display(),
        dir.join("logs2").display()
    );
    common::start_kt_server(dir, port, &lines)
}

#[test]
fn every_acknowledged_record_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let mut broker = start_kt(dir.path(), port);
    // A first topic takes the first log dir, so the one under test goes to the second.
    common::kt_create_topic(&bootstrap, "first", &[]);

    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(i64, String)>::new()));
    {
        let acked = acked.clone();
        struct Ctx(std::sync::Arc<std::sync::Mutex<Vec<(i64, String)>>>);
        impl rdkafka::ClientContext for Ctx {}
        impl rdkafka::producer::ProducerContext for Ctx {
            type DeliveryOpaque = ();
            fn delivery(
                &self,
                result: &rdkafka::message::DeliveryResult<'_>,
                _: Self::DeliveryOpaque,
            ) {
                if let Ok(m) = result {
                    let value = String::from_utf8_lossy(m.payload().unwrap()).to_string();
                    self.0.lock().unwrap().push((m.offset(), value));
                }
            }
        }
        let producer: ThreadedProducer<Ctx> = common::client(&bootstrap)
            .set("acks", "all")
            .set("linger.ms", "1")
            .set("message.timeout.ms", "3000")
            .create_with_context(Ctx(acked))
            .unwrap();
        producer
            .send(BaseRecord::<(), _>::to("durable").payload("first"))
            .unwrap();
        producer.flush(Duration::from_secs(10)).unwrap();
        // Keep sending while the broker is killed part-way through.
        let started = Instant::now();
        let mut i = 0;
        let mut killed = false;
        while started.elapsed() < Duration::from_secs(3) {
            let payload = format!("record-{i}");
            let _ = producer.send(BaseRecord::<(), _>::to("durable").payload(&payload));
            i += 1;
            if !killed && i == 20_000 {
                broker.kill_9();
                killed = true;
            }
            if i % 1000 == 0 {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        assert!(killed, "the load ended before the kill");
        let _ = producer.flush(Duration::from_secs(5));
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() > 1, "some records were acknowledged");
    assert!(dir.path().join("logs2").join("durable-0").is_dir());
    assert!(!dir
        .path()
        .join("logs2")
        .join(".kafka_cleanshutdown")
        .exists());

    let mut broker = start_kt(dir.path(), port);
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "unused")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset("durable", 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&tpl).unwrap();
    let want = acked.iter().map(|a| a.0).max().unwrap() + 1;
    let mut stored = std::collections::HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while (stored.len() as i64) < want && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(100)) {
            let m = m.unwrap();
            stored.insert(
                m.offset(),
                String::from_utf8_lossy(m.payload().unwrap()).to_string(),
            );
        }
    }
    drop(consumer);
    broker.kill_9();
    for (offset, value) in &acked {
        assert_eq!(
            stored.get(offset),
            Some(value),
            "acknowledged record at offset {offset} lost ({} acked)",
            acked.len()
        );
    }
}

#[test]
fn every_acknowledged_commit_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let mut broker = start_kt(dir.path(), port);

    common::kt_create_topic(&bootstrap, "t", &[]);
    // 200 commits of a simple (member-less) group, each acknowledged before the next.
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "survivor")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut last = TopicPartitionList::new();
    for i in 1..=200i64 {
        let mut tpl = TopicPartitionList::new();
        tpl.add_partition_offset("t", 0, Offset::Offset(i)).unwrap();
        consumer
            .commit(&tpl, rdkafka::consumer::CommitMode::Sync)
            .unwrap_or_else(|e| panic!("commit {i} failed: {e}"));
        last = tpl;
    }
    std::mem::forget(consumer);
    broker.kill_9();
    // The offsets topic's partitions are spread over both log dirs.
    for logs in ["logs", "logs2"] {
        let held = std::fs::read_dir(dir.path().join(logs))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("__consumer_offsets-")
            })
            .count();
        assert_eq!(held, 25, "in {logs}");
    }

    let _broker = start_kt(dir.path(), port);
    let reader: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "survivor")
        .create()
        .unwrap();
    let committed = reader
        .committed_offsets(last, Duration::from_secs(10))
        .unwrap();
    assert_eq!(
        committed.elements()[0].offset(),
        Offset::Offset(200),
        "the last acknowledged commit is back"
    );
}

/// Topics created by one CreateTopics request (one catalogue write for all of them, no fsync
/// per partition directory) are all there after a kill -9 right after the answer; records
/// acknowledged after that restart survive a second kill; and after a clean stop every log
/// opens again (in parallel) with its record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_of_one_request_and_later_records_survive_kill_9() {
    use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
    use rdkafka::client::DefaultClientContext;
    use rdkafka::producer::{FutureProducer, FutureRecord};

    const TOPICS: usize = 40;
    const PARTITIONS: i32 = 5;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let mut broker = start_kt(dir.path(), port);
    let names: Vec<String> = (0..TOPICS).map(|i| format!("many-{i}")).collect();
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let new: Vec<NewTopic> = names
        .iter()
        .map(|n| NewTopic::new(n, PARTITIONS, TopicReplication::Fixed(1)))
        .collect();
    let created = admin
        .create_topics(&new, &AdminOptions::new())
        .await
        .unwrap();
    assert!(created.iter().all(|r| r.is_ok()), "{created:?}");
    drop(admin);
    broker.kill_9();

    let mut broker = start_kt(dir.path(), port);
    let probe: BaseConsumer = common::client(&bootstrap).create().unwrap();
    let metadata = probe.fetch_metadata(None, Duration::from_secs(10)).unwrap();
    for name in &names {
        let topic = metadata.topics().iter().find(|t| t.name() == name);
        let partitions = topic.map_or(0, |t| t.partitions().len());
        assert_eq!(partitions, PARTITIONS as usize, "{name} after kill -9");
    }
    drop(probe);
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .set("linger.ms", "5")
        .create()
        .unwrap();
    let sends: Vec<_> = names
        .iter()
        .flat_map(|n| (0..PARTITIONS).map(move |p| (n, p)))
        .map(|(name, p)| {
            let producer = producer.clone();
            let value = format!("{name}/{p}");
            async move {
                producer
                    .send(
                        FutureRecord::<(), _>::to(name).partition(p).payload(&value),
                        Duration::from_secs(10),
                    )
                    .await
            }
        })
        .collect();
    for sent in futures::future::join_all(sends).await {
        let delivery = sent.unwrap_or_else(|(e, _)| panic!("not acknowledged: {e}"));
        assert_eq!(delivery.offset, 0);
    }
    drop(producer);
    broker.kill_9();

    // After the crash: recovery; then a clean stop, and a start that trusts it.
    let mut broker = start_kt(dir.path(), port);
    // SAFETY: signals our own child process, which is still running (reaped below).
    unsafe { libc::kill(broker.0.id() as i32, libc::SIGTERM) };
    let status = broker.0.wait().unwrap();
    assert!(status.success(), "clean shutdown: {status:?}");
    assert!(dir
        .path()
        .join("logs")
        .join(".kafka_cleanshutdown")
        .exists());
    let mut broker = start_kt(dir.path(), port);
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "unused")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for name in &names {
        for p in 0..PARTITIONS {
            tpl.add_partition_offset(name, p, Offset::Beginning)
                .unwrap();
        }
    }
    consumer.assign(&tpl).unwrap();
    let want = TOPICS * PARTITIONS as usize;
    let mut stored = std::collections::HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while stored.len() < want && Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(100)) {
            let m = m.unwrap();
            let value = String::from_utf8_lossy(m.payload().unwrap()).to_string();
            assert_eq!(value, format!("{}/{}", m.topic(), m.partition()));
            stored.insert(value);
        }
    }
    drop(consumer);
    broker.kill_9();
    assert_eq!(stored.len(), want, "every acknowledged record is back");
}
