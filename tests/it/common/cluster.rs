//! A ZooKeeper-mode cluster in this process: kt's ZooKeeper (under a chroot) and several kt
//! brokers, all on 127.0.0.1 port 0, each broker stoppable and restartable over its own log
//! directory, plus readers of the znodes the controller writes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kt::broker::RunningBroker;
use kt::zookeeper::RunningZk;
use zookeeper_client as zk;

/// Quick follower fetchers, so the tests do not wait on Kafka's defaults (500 ms waits and
/// 1 s back-offs).
pub const FAST_FETCHERS: &[(&str, &str)] = &[
    ("replica.fetch.wait.max.ms", "100"),
    ("replica.fetch.backoff.ms", "100"),
];

/// kt's ZooKeeper and the brokers `0..n`; a stopped broker's slot is None.
pub struct Cluster {
    pub dir: PathBuf,
    pub zk: RunningZk,
    pub brokers: Vec<Option<RunningBroker>>,
    extra: Vec<(String, String)>,
    /// Settings of single brokers over `extra` (a broker configured unlike the others).
    overrides: std::collections::BTreeMap<i32, Vec<(String, String)>>,
}

impl Cluster {
    /// Starts ZooKeeper and `n` brokers with `extra` server settings, and waits until every
    /// broker sees all of them and a controller.
    pub async fn start(dir: &Path, n: i32, extra: &[(&str, &str)]) -> Cluster {
        Cluster::start_each(dir, n, extra, &[]).await
    }

    /// [`Cluster::start`], broker `i` also with the settings `own[i]` (e.g. its `broker.rack`).
    pub async fn start_each(
        dir: &Path,
        n: i32,
        extra: &[(&str, &str)],
        own: &[&[(&str, &str)]],
    ) -> Cluster {
        let mut cluster = Cluster::zookeeper(dir, extra).await;
        for (id, settings) in own.iter().enumerate() {
            cluster.set_overrides(id as i32, settings);
        }
        cluster.add_brokers(n).await;
        cluster
    }

    /// ZooKeeper alone, for a test that writes znodes before the brokers start (as Kafka's
    /// docs create SCRAM credentials with `kafka-configs --zookeeper`); brokers will have
    /// `extra` server settings.
    pub async fn zookeeper(dir: &Path, extra: &[(&str, &str)]) -> Cluster {
        let zk = super::zookeeper::start(&dir.join("zk"), &[("tickTime", "200")]).await;
        Cluster {
            dir: dir.to_path_buf(),
            zk,
            brokers: Vec::new(),
            extra: extra
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            overrides: Default::default(),
        }
    }

    /// Gives broker `id` these settings over the cluster's from its next start on.
    pub fn set_overrides(&mut self, id: i32, settings: &[(&str, &str)]) {
        let owned = settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.overrides.insert(id, owned);
    }

    /// Starts brokers `0..n`, and waits until every broker sees all of them and a
    /// controller.
    pub async fn add_brokers(&mut self, n: i32) {
        for id in 0..n {
            let b = self.spawn(id).await;
            self.brokers.push(Some(b));
        }
        for b in self.brokers.iter().flatten() {
            let b = b.broker().clone();
            wait_until("every broker sees every broker and a controller", || {
                let view = b.cluster().unwrap().view();
                view.brokers.len() == n as usize && view.controller >= 0
            })
            .await;
        }
    }

    /// The connect string: kt's ZooKeeper under a chroot.
    pub fn connect(&self) -> String {
        format!("{}/kafka", self.zk.connect_string())
    }

    async fn spawn(&self, id: i32) -> RunningBroker {
        let logs = self.dir.join(format!("broker-{id}"));
        let id_text = id.to_string();
        let connect = self.connect();
        let mut settings: Vec<(&str, &str)> = vec![
            ("broker.id", &id_text),
            ("zookeeper.connect", &connect),
            ("zookeeper.session.timeout.ms", "4000"),
        ];
        settings.extend(self.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let overrides = self.overrides.get(&id).into_iter().flatten();
        settings.extend(overrides.map(|(k, v)| (k.as_str(), v.as_str())));
        kt::broker::spawn(super::server_config(&logs, &settings))
            .await
            .unwrap()
    }

    /// A running broker.
    pub fn broker(&self, id: i32) -> &RunningBroker {
        self.brokers[id as usize]
            .as_ref()
            .expect("broker is running")
    }

    /// `bootstrap.servers` naming every running broker.
    pub fn bootstrap(&self) -> String {
        self.brokers
            .iter()
            .flatten()
            .map(|b| b.bootstrap())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Stops a broker (it leaves the cluster at once).
    pub async fn stop(&mut self, id: i32) {
        if let Some(b) = self.brokers[id as usize].take() {
            b.shutdown().await;
        }
    }

    /// Starts a stopped broker again over its log directory.
    pub async fn restart(&mut self, id: i32) {
        let b = self.spawn(id).await;
        self.brokers[id as usize] = Some(b);
    }

    /// Stops every broker, then ZooKeeper.
    pub async fn shutdown(mut self) {
        for id in 0..self.brokers.len() {
            self.stop(id as i32).await;
        }
        self.zk.shutdown().await;
    }

    /// A ZooKeeper client under the cluster's chroot.
    pub async fn zk_client(&self) -> zk::Client {
        zk::Client::connector()
            .with_session_timeout(Duration::from_millis(4000))
            .connect(&self.connect())
            .await
            .unwrap()
    }
}

/// Broker `id`'s replication throttle bounds: (leader, follower), in bytes/s.
pub fn replication_bounds(cluster: &Cluster, id: i32) -> (i64, i64) {
    let broker = cluster.broker(id).broker();
    let quotas = broker.cluster().unwrap().replication_quotas();
    (quotas.leader.bound(), quotas.follower.bound())
}

/// A partition's state znode as the controller (or the leader) wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateZnode {
    pub leader: i64,
    pub leader_epoch: i64,
    pub isr: Vec<i64>,
}

/// Reads `/brokers/topics/<topic>/partitions/<p>/state`.
pub async fn partition_state(client: &zk::Client, topic: &str, p: i32) -> Option<StateZnode> {
    let path = format!("/brokers/topics/{topic}/partitions/{p}/state");
    let (data, _) = client.get_data(&path).await.ok()?;
    let json: serde_json::Value = serde_json::from_slice(&data).ok()?;
    Some(StateZnode {
        leader: json["leader"].as_i64()?,
        leader_epoch: json["leader_epoch"].as_i64()?,
        isr: json["isr"]
            .as_array()?
            .iter()
            .filter_map(|v| v.as_i64())
            .collect(),
    })
}

/// Polls `done` every 20 ms for up to 20 s.
pub async fn wait_until(what: &str, done: impl FnMut() -> bool) {
    wait_within(what, Duration::from_secs(20), done).await
}

/// Polls `done` every 20 ms for up to `limit`, failing the test with `what` after it.
pub async fn wait_within(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The raw bytes of broker `id`'s copy of `topic`-0, from its log start to its log end.
pub fn replica_bytes(cluster: &Cluster, id: i32, topic: &str) -> Vec<u8> {
    use std::os::unix::fs::FileExt;
    let log = cluster
        .broker(id)
        .broker()
        .partition(topic, 0)
        .unwrap()
        .log
        .clone();
    let regions = log
        .read_regions_limited(
            log.log_start_offset(),
            usize::MAX,
            true,
            kt::storage::ReadLimit::LogEnd,
        )
        .unwrap();
    let mut out = Vec::new();
    for r in &regions.regions {
        let mut buf = vec![0u8; r.len];
        r.file.read_exact_at(&mut buf, r.position).unwrap();
        out.extend_from_slice(&buf);
    }
    out
}

/// The log end offset of broker `id`'s copy of `topic`-0; -1 where it has none.
pub fn log_end(cluster: &Cluster, id: i32, topic: &str) -> i64 {
    cluster
        .broker(id)
        .broker()
        .partition(topic, 0)
        .map_or(-1, |p| p.log.log_end_offset())
}

/// Creates `name` with one partition and three replicas (the given topic configs) through
/// librdkafka's admin API.
pub async fn create_replicated_topic(bootstrap: &str, name: &str, configs: &[(&str, &str)]) {
    use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
    use rdkafka::client::DefaultClientContext;
    let admin: AdminClient<DefaultClientContext> = super::client(bootstrap).create().unwrap();
    let mut topic = NewTopic::new(name, 1, TopicReplication::Fixed(3));
    for (k, v) in configs {
        topic = topic.set(k, v);
    }
    let results = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

/// Polls the state znode of `topic`-`p` until `done` holds for it (at most 20 s); returns it.
pub async fn wait_for_state(
    client: &zk::Client,
    topic: &str,
    p: i32,
    mut done: impl FnMut(&StateZnode) -> bool,
) -> StateZnode {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = partition_state(client, topic, p).await;
        if let Some(s) = state.filter(|s| done(s)) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the state of {topic}-{p}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Creates `topic`, one partition on replicas [1, 2, 0], through `client` (a secured
/// listener's client, as the test has it).
pub async fn create_topic_on_1_2_0(client: &rdkafka::ClientConfig, topic: &str) {
    use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
    use rdkafka::client::DefaultClientContext;
    let admin: AdminClient<DefaultClientContext> = client.create().unwrap();
    let new = NewTopic::new(topic, 1, TopicReplication::Variable(&[&[1, 2, 0]]));
    let results = admin
        .create_topics(&[new], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

/// Sends `count` keyed records to `topic` with acks=all through `client`, each acknowledged
/// within 10 s, then waits until each of the three brokers holds all of them and the ISR is
/// [0, 1, 2].
pub async fn replicate_acks_all(
    cluster: &Cluster,
    client: &rdkafka::ClientConfig,
    topic: &str,
    count: i64,
) {
    use rdkafka::producer::{FutureProducer, FutureRecord};
    let producer: FutureProducer = client.clone().set("acks", "all").create().unwrap();
    for i in 0..count {
        let value = format!("record-{i}");
        producer
            .send(
                FutureRecord::to(topic).payload(&value).key("k"),
                Duration::from_secs(10),
            )
            .await
            .unwrap_or_else(|(e, _)| panic!("record {i} not acknowledged: {e}"));
    }
    wait_until("every replica has every record", || {
        (0..3).all(|id| log_end(cluster, id, topic) == count)
    })
    .await;
    wait_for_isr(cluster, topic, &[0, 1, 2]).await;
}

/// Waits (at most 20 s) until the ISR of `topic`-0 in ZooKeeper, sorted, is `wanted`.
pub async fn wait_for_isr(cluster: &Cluster, topic: &str, wanted: &[i64]) {
    let zk = cluster.zk_client().await;
    wait_for_state(&zk, topic, 0, |s| {
        let mut isr = s.isr.clone();
        isr.sort();
        isr == wanted
    })
    .await;
}
