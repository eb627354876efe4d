use super::*;
use crate::catalogue::CATALOGUE_FILE;
use crate::BrokerError;
use bytes::BytesMut;
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use kt_storage::CLEAN_SHUTDOWN_FILE;

fn broker(dir: &std::path::Path) -> Arc<Broker> {
    crate::test_support::open_broker(dir, &[])
}

/// One record from `producer_id` at `sequence`, without a key.
fn batch(producer_id: i64, sequence: i32) -> BytesMut {
    records(producer_id, sequence, [None])
}

/// `count` records keyed `k{first}..`, one batch, from `producer_id` at `sequence`.
fn keyed_batch(producer_id: i64, sequence: i32, first: usize, count: usize) -> BytesMut {
    records(
        producer_id,
        sequence,
        (first..first + count).map(|k| Some(format!("k{k}"))),
    )
}

/// One batch of records with the given keys and the value `v`.
fn records(
    producer_id: i64,
    sequence: i32,
    keys: impl IntoIterator<Item = Option<String>>,
) -> BytesMut {
    let records: Vec<Record> = keys
        .into_iter()
        .enumerate()
        .map(|(i, key)| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id,
            producer_epoch: 0,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: sequence + i as i32,
            timestamp: 1,
            key: key.map(bytes::Bytes::from),
            value: Some(bytes::Bytes::from_static(b"v")),
            headers: Default::default(),
        })
        .collect();
    let mut buf = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut buf, &records, &options).unwrap();
    buf
}

/// The cleaner may leave an idempotent producer's last batch with fewer records than its
/// sequences span; after a restart the producer's next sequence is still the one after
/// the batch, not one that counts only the kept records.
#[test]
fn a_producer_continues_after_its_batch_was_cleaned_and_the_broker_restarted() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    let configs = BTreeMap::from([
        ("cleanup.policy".to_string(), "compact".to_string()),
        ("min.cleanable.dirty.ratio".to_string(), "0.01".to_string()),
        // Producer 7's batch fills the first segment; producer 8's starts the next.
        ("segment.bytes".to_string(), "200".to_string()),
    ]);
    broker
        .create_topic("c", 1, 1, None, configs, false)
        .unwrap();
    let partition = broker.partition("c", 0).unwrap();
    // Producer 7 writes k0..k9 (sequences 0-9); producer 8 then overwrites k5..k9.
    broker
        .append(&partition, &keyed_batch(7, 0, 0, 10))
        .unwrap();
    broker.append(&partition, &keyed_batch(8, 0, 5, 5)).unwrap();
    assert_eq!(partition.log.segment_base_offsets(), vec![0, 10]);
    let stats = partition.log.clean_now(kt_base::clock::now_ms()).unwrap();
    assert_eq!(stats.map(|s| s.records_removed), Some(5));
    broker.shutdown();
    drop((partition, broker));

    let broker = self::broker(dir.path());
    let partition = broker.partition("c", 0).unwrap();
    let next = broker
        .append(&partition, &keyed_batch(7, 10, 0, 1))
        .unwrap();
    assert_eq!(next.base_offset, 15);
}

/// A cleaner pass holding a deleted log must not write into its directory, which a topic
/// re-created under the same name takes over.
#[test]
fn a_deleted_compacted_log_is_never_cleaned_again() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    let configs = BTreeMap::from([
        ("cleanup.policy".to_string(), "compact".to_string()),
        ("segment.bytes".to_string(), "200".to_string()),
    ]);
    broker
        .create_topic("c", 1, 1, None, configs.clone(), false)
        .unwrap();
    let old = broker.partition("c", 0).unwrap();
    broker.append(&old, &keyed_batch(-1, -1, 0, 10)).unwrap();
    broker.append(&old, &keyed_batch(-1, -1, 0, 5)).unwrap();
    broker.delete_topic("c").unwrap();
    broker
        .create_topic("c", 1, 1, None, configs, false)
        .unwrap();
    let new = broker.partition("c", 0).unwrap();
    broker.append(&new, &keyed_batch(-1, -1, 100, 1)).unwrap();
    assert!(old
        .log
        .clean_now(kt_base::clock::now_ms())
        .unwrap()
        .is_none());
    assert_eq!(new.log.log_end_offset(), 1);
    let files: Vec<_> = std::fs::read_dir(new.log.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains(".cleaned") || f.contains(".swap")),
        "{files:?}"
    );
}

#[test]
fn in_zookeeper_mode_a_broker_holds_exactly_its_replicas_and_keeps_unreadable_topics() {
    use crate::cluster::{ClusterView, PartitionState, TopicAssignment};
    let dir = tempfile::tempdir().unwrap();
    let mut props = kt_base::config::Properties::new();
    props.insert("log.dirs".into(), dir.path().display().to_string());
    props.insert("broker.id".into(), "1".into());
    props.insert("zookeeper.connect".into(), "127.0.0.1:1".into());
    let broker = Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap();
    let topic = |replicas: &[(i32, i32)]| TopicAssignment {
        id: Uuid::new_v4(),
        replicas: replicas.iter().map(|(p, b)| (*p, vec![*b])).collect(),
        states: replicas
            .iter()
            .map(|(p, b)| {
                let state = PartitionState {
                    leader: *b,
                    leader_epoch: 0,
                    isr: vec![*b],
                    controller_epoch: 1,
                };
                (*p, state)
            })
            .collect(),
        configs: BTreeMap::new(),
        adding: Default::default(),
        removing: Default::default(),
    };
    let mut view = ClusterView::default();
    view.topics
        .insert("a".into(), topic(&[(0, 0), (1, 1), (2, 2), (3, 1)]));
    view.topics.insert("b".into(), topic(&[(0, 2)]));
    broker.sync_cluster(&view).unwrap();
    let held: Vec<i32> = broker
        .topic("a")
        .unwrap()
        .partitions
        .iter()
        .map(|p| p.index)
        .collect();
    assert_eq!(held, vec![1, 3]);
    assert!(broker.topic("b").unwrap().partitions.is_empty());
    assert!(dir.path().join("a-3").is_dir() && !dir.path().join("a-0").exists());
    assert!(broker.partition("a", 3).is_some() && broker.partition("a", 2).is_none());

    // A topic whose znode cannot be read keeps its logs; a topic gone is deleted.
    view.topics.remove("a");
    view.topics.remove("b");
    view.unreadable.push("a".into());
    broker.sync_cluster(&view).unwrap();
    assert!(broker.topic("a").is_some() && dir.path().join("a-3").is_dir());
    assert!(broker.topic("b").is_none());
    view.unreadable.clear();
    broker.sync_cluster(&view).unwrap();
    assert!(broker.topic("a").is_none() && !dir.path().join("a-3").exists());
}

/// ZooKeeper mode after a log directory failed to open: the partitions this broker held
/// are not created anew elsewhere (they may be in the failed directory) and answer
/// KAFKA_STORAGE_ERROR; partitions new to it (an added partition, a new topic) are created in
/// the healthy directory.
#[test]
fn in_zookeeper_mode_a_partition_in_a_dir_that_failed_to_open_stays_offline() {
    use crate::cluster::{ClusterView, PartitionState, TopicAssignment};
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let open = || {
        let mut props = kt_base::config::Properties::new();
        props.insert(
            "log.dirs".into(),
            format!("{},{}", a.display(), b.display()),
        );
        props.insert("broker.id".into(), "1".into());
        props.insert("zookeeper.connect".into(), "127.0.0.1:1".into());
        Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap()
    };
    let topic = |partitions: i32| TopicAssignment {
        id: Uuid::from_u128(7),
        replicas: (0..partitions).map(|p| (p, vec![1])).collect(),
        states: (0..partitions)
            .map(|p| {
                let state = PartitionState {
                    leader: 1,
                    leader_epoch: 0,
                    isr: vec![1],
                    controller_epoch: 1,
                };
                (p, state)
            })
            .collect(),
        configs: BTreeMap::new(),
        adding: Default::default(),
        removing: Default::default(),
    };
    let mut view = ClusterView::default();
    view.topics.insert("t".into(), topic(2));
    {
        let broker = open();
        broker.sync_cluster(&view).unwrap();
        assert!(a.join("t-0").is_dir() && b.join("t-1").is_dir());
        assert!(broker.shutdown());
    }
    std::fs::rename(&b, root.path().join("b.saved")).unwrap();
    std::fs::write(&b, b"a failed mount").unwrap();
    let broker = open();
    broker.sync_cluster(&view).unwrap();
    assert!(
        !a.join("t-1").exists(),
        "t-1 was created anew in the healthy dir"
    );
    // `leading` answers KAFKA_STORAGE_ERROR for such a replica (checked end to end in
    // tests/it/disk_full.rs, standalone).
    assert!(broker.partition("t", 0).is_some() && broker.partition("t", 1).is_none());
    assert!(broker.replica_offline("t", 1) && !broker.replica_offline("t", 0));

    view.topics.insert("t".into(), topic(3));
    view.topics.insert("u".into(), topic(1));
    broker.sync_cluster(&view).unwrap();
    assert!(a.join("t-2").is_dir() && a.join("u-0").is_dir());
    assert!(!a.join("t-1").exists());
}

#[test]
fn a_broker_whose_first_log_dir_cannot_be_opened_does_not_start() {
    let root = tempfile::tempdir().unwrap();
    let (first, second) = (root.path().join("first"), root.path().join("second"));
    std::fs::write(&first, b"a failed mount").unwrap();
    let mut props = kt_base::config::Properties::new();
    props.insert(
        "log.dirs".into(),
        format!("{},{}", first.display(), second.display()),
    );
    match Broker::open(ServerConfig::from_properties(&props).unwrap().0) {
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains(&format!(
                    "the first log directory {}, which holds the topic catalogue, cannot be opened",
                    first.display()
                )),
                "{text}"
            );
        }
        Ok(_) => panic!("started without its topic catalogue"),
    }
}

#[test]
fn topics_spread_over_every_log_dir_and_the_catalogue_stays_in_the_first() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let open = |dirs: &[&std::path::Path]| {
        let list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        let mut props = kt_base::config::Properties::new();
        props.insert("log.dirs".into(), list.join(","));
        Broker::open(ServerConfig::from_properties(&props).unwrap().0)
    };
    let in_dir = |dir: &std::path::Path, topic: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(&format!("{topic}-")))
            .collect();
        names.sort();
        names
    };
    {
        let broker = open(&[&a, &b]).unwrap();
        broker
            .create_topic("t", 4, 1, None, BTreeMap::new(), false)
            .unwrap();
        assert_eq!(in_dir(&a, "t"), ["t-0", "t-2"]);
        assert_eq!(in_dir(&b, "t"), ["t-1", "t-3"]);
        broker.create_partitions("t", 6, false).unwrap();
        assert_eq!(in_dir(&a, "t").len(), 3);
        assert_eq!(in_dir(&b, "t").len(), 3);
        let partition = broker.partition("t", 5).unwrap();
        broker.append(&partition, &batch(-1, -1)).unwrap();
        broker
            .create_topic("gone", 2, 1, None, BTreeMap::new(), false)
            .unwrap();
        broker.delete_topic("gone").unwrap();
        assert!(in_dir(&a, "gone").is_empty() && in_dir(&b, "gone").is_empty());
        assert!(a.join(CATALOGUE_FILE).exists() && !b.join(CATALOGUE_FILE).exists());
        broker.shutdown();
    }
    // Reordered log.dirs would lose the catalogue: refused before anything changes.
    let refused = open(&[&b, &a]).err().unwrap().to_string();
    assert!(refused.contains("list"), "{refused}");
    assert!(refused.contains(&a.display().to_string()), "{refused}");
    assert!(a.join(CLEAN_SHUTDOWN_FILE).exists());

    let broker = open(&[&a, &b]).unwrap();
    let topic = broker.topic("t").unwrap();
    assert_eq!(topic.partitions.len(), 6);
    assert_eq!(topic.partitions[5].log.log_end_offset(), 1);
    assert!(broker.topic("gone").is_none());
}

#[test]
fn a_partition_looked_up_before_its_topic_was_deleted_takes_no_writes() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    broker
        .create_topic("gone", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let partition = broker.partition("gone", 0).unwrap();
    broker.append(&partition, &batch(-1, -1)).unwrap();
    broker.delete_topic("gone").unwrap();
    assert!(partition.is_deleted());
    assert!(matches!(
        broker.append(&partition, &batch(-1, -1)),
        Err(BrokerError::UnknownTopicOrPartition)
    ));
}

#[test]
fn an_idempotent_produce_with_two_batches_is_an_invalid_record() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    broker
        .create_topic("t", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let partition = broker.partition("t", 0).unwrap();
    let mut two = batch(5, 0);
    two.extend_from_slice(&batch(5, 1));
    let err = broker.append(&partition, &two).unwrap_err();
    assert_eq!(err.response_error(), ResponseError::InvalidRecord);
    // A retried batch is answered with its first offset, not written twice.
    let first = broker.append(&partition, &batch(5, 0)).unwrap();
    let again = broker.append(&partition, &batch(5, 0)).unwrap();
    assert_eq!(first.base_offset, again.base_offset);
    assert_eq!(partition.log.log_end_offset(), 1);
}

#[test]
fn a_retry_of_a_batch_written_before_a_restart_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    broker
        .create_topic("t", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let partition = broker.partition("t", 0).unwrap();
    broker.append(&partition, &batch(-1, -1)).unwrap();
    let first = broker.append(&partition, &batch(7, 0)).unwrap();
    broker.shutdown();
    drop((partition, broker));

    let broker = self::broker(dir.path());
    let partition = broker.partition("t", 0).unwrap();
    let again = broker.append(&partition, &batch(7, 0)).unwrap();
    assert_eq!(again.base_offset, first.base_offset);
    assert_eq!(partition.log.log_end_offset(), 2, "not written twice");
    let gap = broker.append(&partition, &batch(7, 5)).unwrap_err();
    assert_eq!(
        gap.response_error(),
        ResponseError::OutOfOrderSequenceNumber
    );
    let next = broker.append(&partition, &batch(7, 1)).unwrap();
    assert_eq!(next.base_offset, 2);
}

/// One record from `producer_id` at `sequence`, as a leader wrote it at `offset` (how a
/// follower receives it), transactional or not.
fn copied(producer_id: i64, sequence: i32, offset: i64, transactional: bool) -> BytesMut {
    let record = Record {
        transactional,
        control: false,
        delete_horizon: false,
        partition_leader_epoch: 0,
        producer_id,
        producer_epoch: 0,
        timestamp_type: TimestampType::Creation,
        offset,
        sequence,
        timestamp: 1,
        key: None,
        value: Some(bytes::Bytes::from_static(b"v")),
        headers: Default::default(),
    };
    let mut buf = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut buf, std::iter::once(&record), &options).unwrap();
    buf
}

/// A follower keeps the producer states of the batches it copies, as Kafka's
/// `appendAsFollower` does: when it leads again (without a restart in between) a producer's
/// sequences go on from what it copied and a copied open transaction holds the last stable
/// offset back. A truncation of its tail forgets the states, rebuilt from what is left.
#[test]
fn a_follower_keeps_the_producer_states_of_what_it_copies() {
    let dir = tempfile::tempdir().unwrap();
    let broker = broker(dir.path());
    broker
        .create_topic("t", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let partition = broker.partition("t", 0).unwrap();
    // Leading: producer 7 writes its sequence 0 at offset 0.
    broker.append(&partition, &batch(7, 0)).unwrap();
    // Following: producer 7's sequence 1 at offset 1, and producer 8's open transaction
    // from offset 2, copied from another leader.
    partition.append_copied(&copied(7, 1, 1, false)).unwrap();
    partition.append_copied(&copied(8, 0, 2, true)).unwrap();
    // Leading again: a retry of the copied batch is a duplicate; the next sequence follows.
    let retry = broker.append(&partition, &batch(7, 1)).unwrap();
    assert_eq!(retry.base_offset, 1);
    let next = broker.append(&partition, &batch(7, 2)).unwrap();
    assert_eq!(next.base_offset, 3);
    assert_eq!(
        partition.stable_view(0).unwrap().0,
        2,
        "held by the copied txn"
    );

    // The tail from offset 2 turns out to diverge from a new leader's: cut, and the states
    // are those of offsets 0 and 1 again.
    partition.truncate_copied(2).unwrap().unwrap();
    let producers = broker.partition_producers(&partition).unwrap();
    assert_eq!(
        producers
            .iter()
            .map(|p| (p.producer_id, p.last_sequence, p.txn_start_offset))
            .collect::<Vec<_>>(),
        vec![(7, 1, -1)]
    );
    assert_eq!(
        broker.append(&partition, &batch(7, 2)).unwrap().base_offset,
        2
    );
}

/// A partition whose log directory went offline answers KAFKA_STORAGE_ERROR to Produce,
/// Fetch and ListOffsets (`leading`) and to an append already looked up, while one in the
/// healthy directory serves; its topic can still be deleted (which is how room is made), and
/// the shutdown reports the offline directory.
#[test]
fn an_offline_log_dir_answers_kafka_storage_error_and_its_topics_can_be_deleted() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let mut props = kt_base::config::Properties::new();
    props.insert(
        "log.dirs".into(),
        format!("{},{}", a.display(), b.display()),
    );
    let broker = Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap();
    broker
        .create_topic("t", 2, 1, None, BTreeMap::new(), false)
        .unwrap();
    let (healthy, failing) = (
        broker.partition("t", 0).unwrap(),
        broker.partition("t", 1).unwrap(),
    );
    assert!(failing.log.dir().starts_with(&b));
    broker.append(&failing, &batch(-1, -1)).unwrap();
    let io = kt_storage::StorageError::Io {
        path: b.clone(),
        source: std::io::Error::from_raw_os_error(libc::EIO),
    };
    failing
        .log
        .log_dir_health()
        .fail("Error while appending records to t-1", &io);

    assert!(broker.leading("t", 0).is_ok());
    assert_eq!(
        broker.leading("t", 1).err(),
        Some(ResponseError::KafkaStorageError)
    );
    let refused = broker.append(&failing, &batch(-1, -1)).unwrap_err();
    assert_eq!(refused.response_error(), ResponseError::KafkaStorageError);
    assert_eq!(
        broker.append(&healthy, &batch(-1, -1)).unwrap().base_offset,
        0
    );
    let dirs = broker.log_dirs();
    assert!(dirs[0].0.is_online() && !dirs[1].0.is_online());

    broker.delete_topic("t").unwrap();
    assert!(!a.join("t-0").exists() && !b.join("t-1").exists());
    assert!(
        !broker.shutdown(),
        "an offline directory is not a clean shutdown"
    );
    assert!(a.join(CLEAN_SHUTDOWN_FILE).exists() && !b.join(CLEAN_SHUTDOWN_FILE).exists());
}
