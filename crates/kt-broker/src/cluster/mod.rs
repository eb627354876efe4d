//! ZooKeeper mode: what a broker knows of the cluster (live brokers, the controller, every
//! topic's replica assignment and partition states), kept in Kafka's znodes and JSON formats.
//!
//! `znodes` holds the formats, `link` the ZooKeeper session: registration, controller
//! election, the controller's duties and the watch loop that keeps each broker's
//! [`ClusterView`] current. Ownership: the controller alone writes partition states and
//! carries out deletions; any broker writes a new topic's assignment and config (as Kafka's
//! admin path does); each broker creates and deletes only its own partition logs.

pub mod alter_partition;
pub mod bounce;
pub mod broker_configs;
pub mod client_metrics;
pub mod config_changes;
pub mod controlled_shutdown;
pub mod controller_channel;
pub mod election;
pub mod link;
pub mod placement;
pub mod propagation;
pub mod reassignment;
pub mod topics;
pub mod znodes;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use thiserror::Error;
use tokio::sync::Notify;
use uuid::Uuid;

pub use link::{connect, ZkLink};

/// Why a ZooKeeper-mode operation failed.
#[derive(Debug, Error)]
pub enum ClusterError {
    /// ZooKeeper refused or failed a request.
    #[error("ZooKeeper {op} {path}: {source}")]
    Zk {
        /// The ZooKeeper operation (create, get, multi...).
        op: &'static str,
        /// The znode it was for.
        path: String,
        /// ZooKeeper's error.
        source: zookeeper_client::Error,
    },
    /// A znode held something that is not Kafka's format.
    #[error("unreadable znode {path}: {reason}")]
    Format { path: String, reason: String },
    /// Another live broker holds this broker id.
    #[error("{0}")]
    DuplicateBrokerId(String),
    /// meta.properties names another cluster than ZooKeeper does.
    #[error("{0}")]
    InconsistentClusterId(String),
    /// No session could be opened in `zookeeper.connection.timeout.ms`.
    #[error("Timed out waiting for connection to ZooKeeper at {connect} (zookeeper.connection.timeout.ms={timeout_ms})")]
    ConnectTimeout {
        /// `zookeeper.connect`.
        connect: String,
        /// `zookeeper.connection.timeout.ms`.
        timeout_ms: u128,
    },
    /// `zookeeper.connect` does not parse.
    #[error("invalid zookeeper.connect {0}")]
    BadConnectString(String),
    /// A newer controller raised `/controller_epoch`: this broker's controller writes are
    /// fenced off.
    #[error("the controller epoch moved on: another broker is the controller")]
    ControllerMoved,
    /// The session is closed (the broker is stopping).
    #[error("the ZooKeeper session is closed")]
    Closed,
    /// Replica placement found some live brokers with `broker.rack` and others without
    /// (Kafka's `AdminOperationException`, an UNKNOWN_SERVER_ERROR to the client).
    #[error("{0}")]
    IncompleteRacks(&'static str),
}

/// A partition in leader epoch 4 of controller epoch 1, for the controller's unit tests.
#[cfg(test)]
pub(crate) fn test_state(leader: i32, isr: &[i32]) -> PartitionState {
    PartitionState {
        leader,
        leader_epoch: 4,
        isr: isr.to_vec(),
        controller_epoch: 1,
    }
}

/// A broker's advertised endpoint on one listener, from `/brokers/ids/<id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerEndpoint {
    /// The host clients are told to connect to.
    pub host: String,
    /// The TCP port.
    pub port: i32,
}

/// A partition's leader, epochs and in-sync replicas, from its `state` znode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionState {
    /// The leading broker, -1 when none is live.
    pub leader: i32,
    /// Raised by every change of leader.
    pub leader_epoch: i32,
    /// The replicas in sync with the leader (the leader among them).
    pub isr: Vec<i32>,
    /// The epoch of the controller that wrote this state.
    pub controller_epoch: i32,
}

/// A topic as ZooKeeper holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicAssignment {
    /// The topic id (nil when an old Kafka wrote the assignment without one).
    pub id: Uuid,
    /// Replicas of each partition, the preferred leader first.
    pub replicas: BTreeMap<i32, Vec<i32>>,
    /// Partition states the controller has written so far.
    pub states: BTreeMap<i32, PartitionState>,
    /// `/config/topics/<t>` overrides.
    pub configs: BTreeMap<String, String>,
    /// Replicas being added by a reassignment in progress, per partition (Kafka's
    /// `adding_replicas`); they are already in `replicas`.
    pub adding: BTreeMap<i32, Vec<i32>>,
    /// Replicas a reassignment in progress will remove, per partition (`removing_replicas`).
    pub removing: BTreeMap<i32, Vec<i32>>,
}

impl TopicAssignment {
    /// The number of partitions.
    pub fn partition_count(&self) -> i32 {
        self.replicas.len() as i32
    }

    /// Whether a reassignment of the partition is in progress.
    pub fn is_reassigning(&self, partition: i32) -> bool {
        self.adding.get(&partition).is_some_and(|r| !r.is_empty())
            || self.removing.get(&partition).is_some_and(|r| !r.is_empty())
    }

    /// The leader of a partition, if it has a state with a leader.
    pub fn leader(&self, partition: i32) -> Option<i32> {
        self.states
            .get(&partition)
            .map(|s| s.leader)
            .filter(|l| *l >= 0)
    }
}

/// One consistent reading of the cluster's znodes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterView {
    /// The controller's broker id, -1 while none is elected.
    pub controller: i32,
    /// Live (registered) brokers by id, with the endpoint brokers reach each other on.
    pub brokers: BTreeMap<i32, BrokerEndpoint>,
    /// Each live broker's epoch: the czxid of its registration znode, as Kafka's broker epoch
    /// is, so a broker that re-registered (a new session) is told apart from the one before.
    pub broker_epochs: BTreeMap<i32, i64>,
    /// Every live broker's advertised endpoints by listener name: a client is told the
    /// endpoints of the listener it connected on, as Kafka does.
    pub listener_endpoints: BTreeMap<i32, BTreeMap<String, BrokerEndpoint>>,
    /// Every live broker's security protocol by listener name (its registration's
    /// `listener_security_protocol_map`), for UpdateMetadata's endpoints: a listener named
    /// INTERNAL may be SASL_SSL.
    pub listener_protocols: BTreeMap<i32, BTreeMap<String, String>>,
    /// The `broker.rack` of each live broker that has one (rack-aware placement, Metadata's
    /// rack, and the rack-aware replica selector of fetch from follower).
    pub racks: BTreeMap<i32, String>,
    /// Topics by name.
    pub topics: BTreeMap<String, TopicAssignment>,
    /// Topics queued for deletion under `/admin/delete_topics`.
    pub deleting: Vec<String>,
    /// Topics whose assignment znode could not be read: left out of `topics`, but their
    /// local logs are kept (an unreadable znode never deletes data).
    pub unreadable: Vec<String>,
    /// The controller epoch in `/controller_epoch`, 0 before the first election.
    pub controller_epoch: i32,
    /// The ZooKeeper version of each partition's state znode: Kafka's partition epoch, which
    /// LeaderAndIsr carries and AlterPartition is checked against.
    pub state_versions: BTreeMap<(String, i32), i32>,
}

impl ClusterView {
    /// The live brokers as a client connected on `listener` must reach them. A broker
    /// without that listener is left out (Kafka's Metadata does the same); one whose
    /// registration names no listeners (an old format) is given with its only endpoint.
    pub fn brokers_on<'a>(
        &'a self,
        listener: &'a str,
    ) -> impl Iterator<Item = (i32, &'a BrokerEndpoint)> + 'a {
        self.brokers
            .iter()
            .filter_map(move |(id, default)| match self.listener_endpoints.get(id) {
                Some(by_name) if !by_name.is_empty() => by_name.get(listener).map(|e| (*id, e)),
                _ => Some((*id, default)),
            })
    }

    /// One broker's endpoint on `listener` (see [`ClusterView::brokers_on`]).
    pub fn broker_on(&self, id: i32, listener: &str) -> Option<&BrokerEndpoint> {
        let default = self.brokers.get(&id)?;
        match self.listener_endpoints.get(&id) {
            Some(by_name) if !by_name.is_empty() => by_name.get(listener),
            _ => Some(default),
        }
    }

    /// Keeps, from `applied` (the view this broker acts on), every partition state with a
    /// higher leader epoch than this reading of ZooKeeper has: the controller's LeaderAndIsr
    /// or UpdateMetadata may arrive before the watch shows the znode it wrote, and a broker
    /// never goes back to an older leader epoch (Kafka's rule). Topics recreated under a new
    /// id are not merged.
    pub fn keep_newer_states(&mut self, applied: &ClusterView) {
        for (name, topic) in self.topics.iter_mut() {
            let Some(old) = applied.topics.get(name).filter(|t| t.id == topic.id) else {
                continue;
            };
            for (p, newer) in &old.states {
                let stale = topic
                    .states
                    .get(p)
                    .is_none_or(|s| s.leader_epoch < newer.leader_epoch);
                if stale && topic.replicas.contains_key(p) {
                    topic.states.insert(*p, newer.clone());
                    let key = (name.clone(), *p);
                    if let Some(v) = applied.state_versions.get(&key) {
                        self.state_versions.insert(key, *v);
                    }
                }
            }
        }
        self.controller_epoch = self.controller_epoch.max(applied.controller_epoch);
    }

    /// The live leader of a partition: its state's leader when that broker is registered.
    pub fn live_leader(&self, topic: &str, partition: i32) -> Option<i32> {
        let leader = self.topics.get(topic)?.leader(partition)?;
        self.brokers.contains_key(&leader).then_some(leader)
    }
}

/// Kafka's replica assignment for a new topic over the live brokers: partition `p`'s first
/// replica is broker `(start + p) mod n` and its followers the next ones round the ring, so
/// leaders spread evenly whatever `start` is.
pub fn assign_replicas(
    brokers: &[i32],
    partitions: i32,
    replication_factor: i16,
    start: usize,
) -> BTreeMap<i32, Vec<i32>> {
    let n = brokers.len();
    (0..partitions)
        .map(|p| {
            let first = start + p as usize;
            let replicas = (0..replication_factor as usize)
                .map(|r| brokers[(first + r) % n])
                .collect();
            (p, replicas)
        })
        .collect()
}

/// Checks a manual replica assignment (CreateTopics' `assignments`) against the registered
/// brokers, partition by partition in order, with the messages of Kafka 3.9's controller
/// (`ReplicationControlManager.validateManualPartitionAssignment`). Kafka's ZooKeeper-mode
/// admin path skips the registered-broker check and would leave such a partition offline for
/// good; kt refuses it as Kafka's current controller does, so one set of messages serves.
pub fn check_manual_assignment(
    assignment: &BTreeMap<i32, Vec<i32>>,
    registered: &[i32],
) -> Result<(), String> {
    let mut factor: Option<usize> = None;
    for replicas in assignment.values() {
        if replicas.is_empty() {
            return Err("The manual partition assignment includes an empty replica list.".into());
        }
        let mut sorted = replicas.clone();
        sorted.sort_unstable();
        let mut previous = None;
        for broker in sorted.iter().copied() {
            if !registered.contains(&broker) {
                return Err(format!(
                    "The manual partition assignment includes broker {broker}, but no such \
                     broker is registered."
                ));
            }
            if previous == Some(broker) {
                return Err(format!(
                    "The manual partition assignment includes the broker {broker} more than once."
                ));
            }
            previous = Some(broker);
        }
        if let Some(factor) = factor.filter(|f| *f != sorted.len()) {
            return Err(format!(
                "The manual partition assignment includes a partition with {} replica(s), but \
                 this is not consistent with previous partitions, which have {factor} replica(s).",
                sorted.len()
            ));
        }
        factor = Some(sorted.len());
    }
    Ok(())
}

/// The cluster as this broker sees it, shared by the request handlers and the watch loop.
///
/// `view` is replaced wholesale by the watch loop (copy on write) and only read elsewhere;
/// `changed` wakes requests waiting for a topic to appear or go. No lock is held across an
/// `.await`.
pub struct Cluster {
    broker_id: i32,
    view: RwLock<Arc<ClusterView>>,
    changed: Notify,
    /// The session, taken (and so closed) on shutdown.
    client: Mutex<Option<zookeeper_client::Client>>,
    /// Producer ids left in this broker's block from `/latest_producer_id_block`:
    /// (next, end exclusive). Held only to take an id or install a block, never across I/O.
    producer_ids: Mutex<(i64, i64)>,
    /// Elections for the controller loop (Kafka's controller event queue): handlers send,
    /// the watch loop alone receives (it holds the receiver while it serves a session).
    elections: tokio::sync::mpsc::UnboundedSender<election::ElectionRequest>,
    election_queue:
        tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<election::ElectionRequest>>,
    /// Requests of brokers to the controller (AlterPartition, ControlledShutdown), served by
    /// the controller loop like elections: handlers send, the loop alone receives.
    events: tokio::sync::mpsc::UnboundedSender<ControllerEvent>,
    event_queue: tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<ControllerEvent>>,
    /// The highest controller epoch a controller request (LeaderAndIsr, UpdateMetadata,
    /// StopReplica) carried: older ones are refused with STALE_CONTROLLER_EPOCH (Kafka's
    /// `ReplicaManager.controllerEpoch`). 0 until the first.
    controller_epoch_seen: std::sync::atomic::AtomicI32,
    /// Serialises installing a view (merge, local logs and roles, publish), whether it comes
    /// from the watch loop or a controller request, so neither undoes the other's newer state.
    install: Mutex<()>,
    /// Wakes the leader's ISR task before its periodic check: a follower outside the ISR
    /// caught up (see [`crate::replication::isr::follower_fetched`]).
    isr_check: Notify,
    /// Ends the followers' waiting fetches early when this broker takes a leadership: a
    /// follower adds the partition to its next fetch only, and its waiting one could hold
    /// that up for `replica.fetch.wait.max.ms` (and every acks=all produce to the partition).
    new_leaderships: Notify,
    /// When this broker last took a leadership ([`kt_base::clock::now_ms`]), for
    /// [`Cluster::took_leadership_recently`].
    last_leadership_ms: std::sync::atomic::AtomicU64,
    /// How this broker connects to the others (the inter-broker listener's TLS and SASL).
    inter_broker: Arc<crate::security::inter_broker::InterBrokerSecurity>,
    /// The replication throttles: their replica lists follow the topics' configs in each
    /// published view, their rates the dynamic broker configs.
    replication_quotas: crate::replication::throttle::ReplicationQuotas,
}

/// A broker's request to the controller, with where its answer goes.
pub enum ControllerEvent {
    /// A leader's proposed ISR changes.
    AlterPartition {
        request: kafka_protocol::messages::AlterPartitionRequest,
        reply: tokio::sync::oneshot::Sender<kafka_protocol::messages::AlterPartitionResponse>,
    },
    /// A broker about to stop asks that its leaderships move away; the answer is the
    /// partitions it still leads (or an error code).
    ControlledShutdown {
        broker: i32,
        reply: tokio::sync::oneshot::Sender<Result<Vec<(String, i32)>, i16>>,
    },
    /// AlterPartitionReassignments: target replicas per partition (None cancels); the answer
    /// is one outcome per partition, or NOT_CONTROLLER.
    AlterReassignments {
        partitions: Vec<reassignment::ReassignRequest>,
        reply: tokio::sync::oneshot::Sender<ReassignAnswer>,
    },
    /// ListPartitionReassignments of the named partitions (all when None).
    ListReassignments {
        partitions: Option<Vec<(String, i32)>>,
        reply: tokio::sync::oneshot::Sender<ReassignListAnswer>,
    },
}

/// The controller's answer to AlterPartitionReassignments: an outcome per partition, or the
/// error code for the whole request (NOT_CONTROLLER).
pub type ReassignAnswer = Result<Vec<((String, i32), reassignment::ReassignOutcome)>, i16>;

/// The controller's answer to ListPartitionReassignments.
pub type ReassignListAnswer = Result<Vec<((String, i32), reassignment::Assignment)>, i16>;

impl ControllerEvent {
    /// Answers NOT_CONTROLLER: this broker is not (or no longer) the controller.
    pub fn not_controller(self) {
        use kafka_protocol::error::ResponseError;
        match self {
            ControllerEvent::AlterPartition { reply, .. } => {
                let _ = reply.send(alter_partition::refused(ResponseError::NotController));
            }
            ControllerEvent::ControlledShutdown { reply, .. } => {
                let _ = reply.send(Err(ResponseError::NotController.code()));
            }
            ControllerEvent::AlterReassignments { reply, .. } => {
                let _ = reply.send(Err(ResponseError::NotController.code()));
            }
            ControllerEvent::ListReassignments { reply, .. } => {
                let _ = reply.send(Err(ResponseError::NotController.code()));
            }
        }
    }
}

/// How many producer ids a broker takes from ZooKeeper at a time (Kafka's block size).
const PRODUCER_ID_BLOCK_SIZE: i64 = 1000;

impl Cluster {
    /// A cluster handle over an established session, with an empty view until the first read;
    /// `inter_broker` says how to connect to the other brokers.
    pub fn new(
        broker_id: i32,
        client: zookeeper_client::Client,
        inter_broker: crate::security::inter_broker::InterBrokerSecurity,
    ) -> Self {
        let (elections, election_queue) = tokio::sync::mpsc::unbounded_channel();
        let (events, event_queue) = tokio::sync::mpsc::unbounded_channel();
        Cluster {
            events,
            event_queue: tokio::sync::Mutex::new(event_queue),
            elections,
            election_queue: tokio::sync::Mutex::new(election_queue),
            broker_id,
            view: RwLock::new(Arc::new(ClusterView {
                controller: -1,
                ..Default::default()
            })),
            changed: Notify::new(),
            client: Mutex::new(Some(client)),
            producer_ids: Mutex::new((0, 0)),
            controller_epoch_seen: Default::default(),
            install: Mutex::new(()),
            isr_check: Notify::new(),
            new_leaderships: Notify::new(),
            last_leadership_ms: Default::default(),
            inter_broker: Arc::new(inter_broker),
            replication_quotas: Default::default(),
        }
    }

    /// The leader and follower replication throttles of this broker.
    pub fn replication_quotas(&self) -> &crate::replication::throttle::ReplicationQuotas {
        &self.replication_quotas
    }

    /// How this broker connects to the others.
    pub fn inter_broker(&self) -> &Arc<crate::security::inter_broker::InterBrokerSecurity> {
        &self.inter_broker
    }

    /// Broker `node`'s `host:port` on the inter-broker listener, as `view` has it.
    pub fn inter_broker_address(&self, view: &ClusterView, node: i32) -> Option<String> {
        view.broker_on(node, &self.inter_broker.listener)
            .map(|e| format!("{}:{}", e.host, e.port))
    }

    /// Connects to broker `node` of `view` over the inter-broker listener, with its TLS and
    /// SASL.
    pub async fn connect_to(
        &self,
        view: &ClusterView,
        node: i32,
        client_id: &str,
        timeout: std::time::Duration,
    ) -> Result<
        crate::replication::broker_link::BrokerLink,
        crate::replication::broker_link::LinkError,
    > {
        let addr = self.inter_broker_address(view, node).ok_or_else(|| {
            crate::replication::broker_link::LinkError::NoEndpoint {
                node,
                listener: self.inter_broker.listener.clone(),
            }
        })?;
        crate::replication::broker_link::BrokerLink::connect(
            &self.inter_broker,
            node,
            &addr,
            client_id,
            timeout,
        )
        .await
    }

    /// Asks this broker's ISR task to check its led partitions now (one pending request
    /// stands for any number).
    pub fn request_isr_check(&self) {
        self.isr_check.notify_one();
    }

    /// Completes when an ISR check was requested since the last one.
    pub async fn isr_check_requested(&self) {
        self.isr_check.notified().await
    }

    /// The highest controller epoch seen on a controller request (0 before any).
    pub fn controller_epoch_seen(&self) -> i32 {
        self.controller_epoch_seen
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Records the epoch of a controller request unless a newer controller was already
    /// heard from; returns false (the request is stale) in that case.
    pub fn accept_controller_epoch(&self, epoch: i32) -> bool {
        let seen = self
            .controller_epoch_seen
            .fetch_max(epoch, std::sync::atomic::Ordering::SeqCst);
        epoch >= seen
    }

    /// Held while a view is merged, applied to the local logs and published.
    pub fn install_lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.install.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A producer id unique in the cluster: from this broker's block, and when that is used
    /// up, from a new block claimed in `/latest_producer_id_block` (a versioned update, so two
    /// brokers never claim the same block), as Kafka's brokers do in ZooKeeper mode.
    pub async fn allocate_producer_id(&self) -> Result<i64, ClusterError> {
        {
            let mut ids = self.producer_ids.lock().unwrap_or_else(|e| e.into_inner());
            if ids.0 < ids.1 {
                ids.0 += 1;
                return Ok(ids.0 - 1);
            }
        }
        let client = self.client()?;
        let path = znodes::PRODUCER_ID_BLOCK;
        let zk = |op, source| ClusterError::Zk {
            op,
            path: path.to_string(),
            source,
        };
        let start = loop {
            let (bytes, stat) = client.get_data(path).await.map_err(|e| zk("get", e))?;
            let start = znodes::decode_producer_id_block_end(&bytes)?.map_or(0, |end| end + 1);
            let end = start + PRODUCER_ID_BLOCK_SIZE - 1;
            let data = znodes::encode_producer_id_block(self.broker_id, start, end);
            match client.set_data(path, &data, Some(stat.version)).await {
                Ok(_) => break start,
                Err(zookeeper_client::Error::BadVersion) => continue,
                Err(e) => return Err(zk("set", e)),
            }
        };
        tracing::info!(
            "[Broker id={}] claimed producer ids {start}..{}",
            self.broker_id,
            start + PRODUCER_ID_BLOCK_SIZE - 1
        );
        *self.producer_ids.lock().unwrap_or_else(|e| e.into_inner()) =
            (start + 1, start + PRODUCER_ID_BLOCK_SIZE);
        Ok(start)
    }

    /// Hands an election to this broker's controller loop; its answer comes on the request's
    /// `reply` (NOT_CONTROLLER for every partition unless this broker is the controller).
    pub fn request_election(&self, request: election::ElectionRequest) {
        if let Err(unsent) = self.elections.send(request) {
            // The loop is gone (the broker is stopping): nobody controls from here.
            let request = unsent.0;
            let partitions = request.partitions.unwrap_or_default();
            let _ = request.reply.send(
                partitions
                    .into_iter()
                    .map(|tp| (tp, Err(election::ElectionError::NotController)))
                    .collect(),
            );
        }
    }

    /// Hands a broker's request to this broker's controller loop; it answers NOT_CONTROLLER
    /// unless this broker is the controller.
    pub fn submit(&self, event: ControllerEvent) {
        if let Err(unsent) = self.events.send(event) {
            unsent.0.not_controller();
        }
    }

    /// The controller loop's end of the event queue.
    pub(crate) async fn event_queue(
        &self,
    ) -> tokio::sync::MutexGuard<'_, tokio::sync::mpsc::UnboundedReceiver<ControllerEvent>> {
        self.event_queue.lock().await
    }

    /// This broker's id.
    pub fn broker_id(&self) -> i32 {
        self.broker_id
    }

    /// The latest view.
    pub fn view(&self) -> Arc<ClusterView> {
        self.view.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Installs a new view (and the throttled replicas its topic configs name) and wakes
    /// whoever waits for one.
    pub fn publish(&self, view: ClusterView) {
        self.replication_quotas
            .follow_topic_configs(&view, self.broker_id);
        *self.view.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(view);
        self.changed.notify_waiters();
    }

    /// Wakes every follower fetch waiting here: this broker took a leadership (see
    /// `new_leaderships`).
    pub fn took_leadership(&self) {
        self.last_leadership_ms.store(
            kt_base::clock::now_ms() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        self.new_leaderships.notify_waiters();
    }

    /// Whether this broker took a leadership within `window`. A follower learns of the new
    /// partition about when its leader does, but may send its next fetch (woken by
    /// [`Cluster::took_leadership`]) a moment before it has added the partition: its fetches
    /// wait only briefly meanwhile, so the next one comes soon and carries the partition.
    pub fn took_leadership_recently(&self, window: std::time::Duration) -> bool {
        let last = self
            .last_leadership_ms
            .load(std::sync::atomic::Ordering::Relaxed);
        last != 0
            && (kt_base::clock::now_ms() as u64).saturating_sub(last) < window.as_millis() as u64
    }

    /// Resolves at this broker's next [`Cluster::took_leadership`], for a follower's waiting
    /// fetch.
    pub fn new_leadership(&self) -> tokio::sync::futures::Notified<'_> {
        self.new_leaderships.notified()
    }

    /// Waits until `done` holds for the view or `timeout` passes; returns whether it held.
    pub async fn wait_for(
        &self,
        timeout: std::time::Duration,
        done: impl Fn(&ClusterView) -> bool,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if done(&self.view()) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return done(&self.view());
            }
        }
    }

    /// A handle on the session for one request, or `Closed` once the broker stops.
    pub fn client(&self) -> Result<zookeeper_client::Client, ClusterError> {
        self.client
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or(ClusterError::Closed)
    }

    /// Replaces the session after the old one expired.
    pub fn set_client(&self, client: zookeeper_client::Client) {
        *self.client.lock().unwrap_or_else(|e| e.into_inner()) = Some(client);
    }

    /// Drops this handle's session; the session closes (and this broker's ephemeral znodes
    /// go) once the watch loop has let go of its own handle too.
    pub fn close(&self) {
        self.client.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_partitions_spread_evenly_over_three_brokers() {
        let a = assign_replicas(&[0, 1, 2], 6, 1, 1);
        let leaders: Vec<i32> = a.values().map(|r| r[0]).collect();
        assert_eq!(leaders, vec![1, 2, 0, 1, 2, 0]);
        let a = assign_replicas(&[0, 1, 2], 2, 2, 0);
        assert_eq!(a[&0], vec![0, 1]);
        assert_eq!(a[&1], vec![1, 2]);
    }

    #[test]
    fn manual_assignments_are_checked_as_kafkas_controller_does() {
        let a = |parts: &[&[i32]]| -> BTreeMap<i32, Vec<i32>> {
            parts
                .iter()
                .enumerate()
                .map(|(p, r)| (p as i32, r.to_vec()))
                .collect()
        };
        let live = [0, 1, 2];
        assert_eq!(
            check_manual_assignment(&a(&[&[0, 1], &[1, 2]]), &live),
            Ok(())
        );
        assert_eq!(
            check_manual_assignment(&a(&[&[0, 7]]), &live),
            Err("The manual partition assignment includes broker 7, but no such broker is registered.".into())
        );
        assert_eq!(
            check_manual_assignment(&a(&[&[1, 0, 1]]), &live),
            Err("The manual partition assignment includes the broker 1 more than once.".into())
        );
        assert_eq!(
            check_manual_assignment(&a(&[&[0, 1], &[2]]), &live),
            Err("The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).".into())
        );
        assert_eq!(
            check_manual_assignment(&a(&[&[]]), &live),
            Err("The manual partition assignment includes an empty replica list.".into())
        );
    }
}
