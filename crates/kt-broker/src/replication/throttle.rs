//! Replication throttles, as Kafka 3.9's `ReplicationQuotaManager` enforces them: a byte rate
//! per broker (`leader.replication.throttled.rate` for what a leader sends followers,
//! `follower.replication.throttled.rate` for what a follower fetches; dynamic broker configs,
//! per broker or cluster default) applied to the replicas a topic names
//! (`leader.`/`follower.replication.throttled.replicas`: `*`, or `partition:broker` pairs,
//! each broker taking the pairs with its own id).
//!
//! Every byte of a throttled partition counts against the rate, in sync or not (so the total
//! stays under it); but only a replica that is not in sync is held back while the rate is
//! over its bound, so the ISR never thrashes:
//! - on the leader, a follower's fetch of a throttled partition, by a follower outside the
//!   ISR, while the leader rate is exceeded, is answered without records (Kafka's
//!   `shouldLeaderThrottle`); the bytes of throttled partitions in each follower fetch
//!   answer are recorded after it (`KafkaApis.sizeOfThrottledPartitions`);
//! - on the follower, a throttled partition not caught up to the leader's high watermark at
//!   its previous fetch is left out of the next Fetch while the follower rate is exceeded
//!   (`RemoteLeaderEndPoint.shouldFollowerThrottle`); the bytes it appends are recorded.
//!
//! The rate is Kafka's `SimpleRate` over `replication.quota.window.num` windows of
//! `replication.quota.window.size.seconds`. The hot path costs one atomic load while nothing
//! is throttled; the locks guard in-memory state only and are never held across I/O.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use kt_base::config::ServerConfig;

use crate::cluster::ClusterView;

/// The topic config naming the replicas a leader throttles.
pub const LEADER_REPLICAS: &str = "leader.replication.throttled.replicas";
/// The topic config naming the replicas a follower throttles.
pub const FOLLOWER_REPLICAS: &str = "follower.replication.throttled.replicas";
/// The broker config bounding what a leader sends throttled followers, in bytes/s.
pub const LEADER_RATE: &str = "leader.replication.throttled.rate";
/// The broker config bounding what a follower fetches for throttled replicas, in bytes/s.
pub const FOLLOWER_RATE: &str = "follower.replication.throttled.rate";

/// Kafka's `replication.quota.window.num` default.
const DEFAULT_WINDOWS: usize = 11;
/// Kafka's `replication.quota.window.size.seconds` default.
const DEFAULT_WINDOW_SECONDS: i64 = 1;

/// Which partitions of one topic a broker throttles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Throttled {
    /// `*`: every partition.
    All,
    /// The partitions paired with this broker's id (possibly none).
    Partitions(BTreeSet<i32>),
}

impl Throttled {
    /// Whether `partition` is throttled.
    pub fn covers(&self, partition: i32) -> bool {
        match self {
            Throttled::All => true,
            Throttled::Partitions(p) => p.contains(&partition),
        }
    }
}

/// Reads a throttled-replicas config for broker `me` (Kafka's `parseThrottledPartitions`):
/// None when it is empty (no throttle), `All` for `*`, else the partitions of the
/// `partition:broker` pairs naming `me`. Malformed pairs (the config was validated when
/// written) are skipped.
pub fn parse_throttled(value: &str, me: i32) -> Option<Throttled> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value == "*" {
        return Some(Throttled::All);
    }
    let partitions = value
        .split(',')
        .filter_map(|pair| {
            let (partition, broker) = pair.trim().split_once(':')?;
            let broker: i32 = broker.trim().parse().ok()?;
            (broker == me)
                .then(|| partition.trim().parse().ok())
                .flatten()
        })
        .collect();
    Some(Throttled::Partitions(partitions))
}

/// One sample window of [`WindowedRate`].
#[derive(Debug, Clone, Copy)]
struct Sample {
    start_ms: i64,
    bytes: f64,
}

/// Kafka's `SimpleRate`: bytes recorded in up to `samples` windows of `window_ms`, each
/// starting at its first record; the rate is their total over the time since the oldest
/// window started (at least one window), windows older than all of them together forgotten.
#[derive(Debug)]
pub struct WindowedRate {
    window_ms: i64,
    max_samples: usize,
    samples: Vec<Sample>,
    current: usize,
}

impl WindowedRate {
    /// A rate over `samples` windows of `window_ms`.
    pub fn new(samples: usize, window_ms: i64) -> Self {
        WindowedRate {
            window_ms: window_ms.max(1),
            max_samples: samples.max(1),
            samples: Vec::with_capacity(samples.max(1)),
            current: 0,
        }
    }

    /// Adds `bytes` at `now_ms`.
    pub fn record(&mut self, bytes: u64, now_ms: i64) {
        if self.samples.is_empty() {
            self.samples.push(Sample {
                start_ms: now_ms,
                bytes: 0.0,
            });
            self.current = 0;
        } else if now_ms - self.samples[self.current].start_ms >= self.window_ms {
            self.current = (self.current + 1) % self.max_samples;
            let fresh = Sample {
                start_ms: now_ms,
                bytes: 0.0,
            };
            if self.current >= self.samples.len() {
                self.samples.push(fresh);
            } else {
                self.samples[self.current] = fresh;
            }
        }
        self.samples[self.current].bytes += bytes as f64;
    }

    /// The rate at `now_ms`, in bytes per second.
    pub fn rate(&mut self, now_ms: i64) -> f64 {
        let expire = self.window_ms * self.max_samples as i64;
        for s in &mut self.samples {
            if now_ms - s.start_ms >= expire {
                *s = Sample {
                    start_ms: now_ms,
                    bytes: 0.0,
                };
            }
        }
        let Some(oldest) = self.samples.iter().map(|s| s.start_ms).min() else {
            return 0.0;
        };
        let total: f64 = self.samples.iter().map(|s| s.bytes).sum();
        let elapsed = (now_ms - oldest).max(self.window_ms);
        total * 1000.0 / elapsed as f64
    }
}

/// One direction's quota (Kafka's `ReplicationQuotaManager` of type LeaderReplication or
/// FollowerReplication): the throttled partitions, the bound and the measured rate.
#[derive(Debug)]
pub struct ReplicationQuota {
    /// Whether any topic throttles a replica on this broker: the only check on the hot path
    /// when none does.
    any: AtomicBool,
    /// Throttled partitions by topic, replaced whole when a topic's config changes.
    throttled: RwLock<Arc<HashMap<String, Throttled>>>,
    /// The bound in bytes per second (`i64::MAX`: unbounded, Kafka's default).
    bound: AtomicI64,
    rate: Mutex<WindowedRate>,
}

impl ReplicationQuota {
    fn new() -> Self {
        ReplicationQuota {
            any: AtomicBool::new(false),
            throttled: RwLock::new(Arc::new(HashMap::new())),
            bound: AtomicI64::new(i64::MAX),
            rate: Mutex::new(WindowedRate::new(
                DEFAULT_WINDOWS,
                DEFAULT_WINDOW_SECONDS * 1000,
            )),
        }
    }

    /// Whether `topic`-`partition` is throttled (Kafka's `isThrottled`).
    pub fn is_throttled(&self, topic: &str, partition: i32) -> bool {
        if !self.any.load(Ordering::Relaxed) {
            return false;
        }
        self.throttled
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(topic)
            .is_some_and(|t| t.covers(partition))
    }

    /// Counts `bytes` sent or fetched for throttled partitions, whatever the bound.
    pub fn record(&self, bytes: u64, now_ms: i64) {
        if bytes == 0 {
            return;
        }
        self.rate
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(bytes, now_ms);
    }

    /// Whether the measured rate is over the bound now (Kafka's `isQuotaExceeded`).
    pub fn is_exceeded(&self, now_ms: i64) -> bool {
        let bound = self.bound.load(Ordering::Relaxed);
        if bound == i64::MAX {
            return false;
        }
        let rate = self
            .rate
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .rate(now_ms);
        rate > bound as f64
    }

    /// The bound in bytes per second (`i64::MAX` when unbounded).
    pub fn bound(&self) -> i64 {
        self.bound.load(Ordering::Relaxed)
    }

    fn set_throttled(&self, throttled: HashMap<String, Throttled>) {
        let any = throttled.values().any(|t| match t {
            Throttled::All => true,
            Throttled::Partitions(p) => !p.is_empty(),
        });
        let mut current = self.throttled.write().unwrap_or_else(|e| e.into_inner());
        if **current != throttled {
            *current = Arc::new(throttled);
        }
        self.any.store(any, Ordering::Relaxed);
    }

    fn configure(&self, bound: i64, windows: usize, window_ms: i64) {
        self.bound.store(bound, Ordering::Relaxed);
        let mut rate = self.rate.lock().unwrap_or_else(|e| e.into_inner());
        if rate.max_samples != windows.max(1) || rate.window_ms != window_ms.max(1) {
            *rate = WindowedRate::new(windows, window_ms);
        }
    }
}

/// A broker's two replication quotas (Kafka's `QuotaManagers.leader` and `.follower`).
#[derive(Debug)]
pub struct ReplicationQuotas {
    /// What this broker, as leader, sends followers of throttled replicas.
    pub leader: ReplicationQuota,
    /// What this broker, as follower, fetches for throttled replicas.
    pub follower: ReplicationQuota,
}

impl Default for ReplicationQuotas {
    fn default() -> Self {
        ReplicationQuotas {
            leader: ReplicationQuota::new(),
            follower: ReplicationQuota::new(),
        }
    }
}

/// A rate config's value in `config` (its dynamic layers included); unbounded when unset or
/// unreadable.
fn rate_of(config: &ServerConfig, key: &str) -> i64 {
    config
        .properties
        .get(key)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(i64::MAX)
}

impl ReplicationQuotas {
    /// Takes the rates and windows of `config`, the configuration in effect (Kafka's
    /// `BrokerConfigHandler` on a dynamic broker config change).
    pub fn configure(&self, config: &ServerConfig) {
        let get = |key: &str| config.properties.get(key).map(|v| v.trim().to_string());
        let windows = get("replication.quota.window.num")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(DEFAULT_WINDOWS);
        let window_ms = get("replication.quota.window.size.seconds")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(DEFAULT_WINDOW_SECONDS)
            .saturating_mul(1000);
        self.leader
            .configure(rate_of(config, LEADER_RATE), windows, window_ms);
        self.follower
            .configure(rate_of(config, FOLLOWER_RATE), windows, window_ms);
    }

    /// Takes the throttled replica lists of every topic of `view` for broker `me` (Kafka's
    /// `TopicConfigHandler` marking and removing throttles on a topic config change).
    pub fn follow_topic_configs(&self, view: &ClusterView, me: i32) {
        let pick = |key: &str| -> HashMap<String, Throttled> {
            view.topics
                .iter()
                .filter_map(|(name, topic)| {
                    let throttled = parse_throttled(topic.configs.get(key)?, me)?;
                    Some((name.clone(), throttled))
                })
                .collect()
        };
        self.leader.set_throttled(pick(LEADER_REPLICAS));
        self.follower.set_throttled(pick(FOLLOWER_REPLICAS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_replica_lists_are_read_for_this_broker_as_kafka_does() {
        assert_eq!(parse_throttled("", 1), None);
        assert_eq!(parse_throttled("  ", 1), None);
        assert_eq!(parse_throttled("*", 1), Some(Throttled::All));
        let mine = parse_throttled("0:1, 1:2,2:1", 1).unwrap();
        assert_eq!(mine, Throttled::Partitions(BTreeSet::from([0, 2])));
        assert!(mine.covers(2) && !mine.covers(1));
        // Pairs naming other brokers only: marked, but nothing throttled here.
        assert_eq!(
            parse_throttled("0:2", 1),
            Some(Throttled::Partitions(BTreeSet::new()))
        );
    }

    #[test]
    fn the_rate_is_the_bytes_of_the_live_windows_over_their_span() {
        let mut rate = WindowedRate::new(3, 1000);
        assert_eq!(rate.rate(0), 0.0);
        rate.record(500, 0);
        // Less than a window elapsed: measured over one window.
        assert_eq!(rate.rate(100), 500.0);
        rate.record(500, 1500);
        assert_eq!(rate.rate(2000), 500.0);
        rate.record(1000, 2500);
        assert_eq!(rate.rate(2500), 800.0);
        // A fourth window replaces the first.
        rate.record(100, 3500);
        assert_eq!(rate.rate(3500), 1600.0 / 2.0);
        // Everything older than three windows is forgotten.
        assert_eq!(rate.rate(10_000), 0.0);
    }

    #[test]
    fn only_throttled_partitions_over_the_bound_are_held_back() {
        let quotas = ReplicationQuotas::default();
        let quota = &quotas.leader;
        assert!(!quota.is_throttled("t", 0));
        let mut view = ClusterView::default();
        let mut topic = crate::cluster::TopicAssignment {
            id: uuid::Uuid::nil(),
            replicas: Default::default(),
            states: Default::default(),
            configs: Default::default(),
            adding: Default::default(),
            removing: Default::default(),
        };
        topic
            .configs
            .insert(LEADER_REPLICAS.into(), "0:1,1:2".into());
        topic.configs.insert(FOLLOWER_REPLICAS.into(), "*".into());
        view.topics.insert("t".into(), topic);
        quotas.follow_topic_configs(&view, 1);
        assert!(quota.is_throttled("t", 0) && !quota.is_throttled("t", 1));
        assert!(quotas.follower.is_throttled("t", 7));
        assert!(!quota.is_throttled("u", 0));
        // Unbounded until a rate is set, however much is recorded.
        quota.record(10_000_000, 0);
        assert!(!quota.is_exceeded(10));
        let mut props = kt_base::config::Properties::new();
        props.insert("log.dirs".into(), "/nonexistent".into());
        props.insert(LEADER_RATE.into(), "1000".into());
        quotas.configure(&ServerConfig::from_properties(&props).unwrap().0);
        assert_eq!(quota.bound(), 1000);
        assert_eq!(quotas.follower.bound(), i64::MAX);
        assert!(quota.is_exceeded(10));
        quota.record(500, 20_000);
        assert!(!quota.is_exceeded(20_000));
        quota.record(600, 20_100);
        assert!(quota.is_exceeded(20_100));
        // The rate falls as time passes without records.
        assert!(!quota.is_exceeded(21_200));
        // Removing the topic config lifts the throttle.
        view.topics.get_mut("t").unwrap().configs.clear();
        quotas.follow_topic_configs(&view, 1);
        assert!(!quota.is_throttled("t", 0));
    }
}
