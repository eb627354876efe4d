//! The broker's ZooKeeper session: connecting (with a chroot), Kafka's start-up znodes and
//! cluster id, broker registration, controller election, and the loop that keeps the
//! [`ClusterView`] current and, on the controller, writes partition states and carries out
//! topic deletions.
//!
//! The loop is the only writer of the view and, on the controller, of partition states; it
//! runs on one task, so its reads and writes never race each other. Handlers only read the
//! view and create new znodes (a topic's assignment, a deletion request).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use tokio::sync::watch;
use zookeeper_client::{
    Acls, AddWatchMode, Client, CreateMode, CreateOptions, Error as ZkError, MultiReadResult,
    SessionState, WatchedEvent,
};

use super::config_changes::{ChangeListener, CONFIG_CHANGES};
use super::controlled_shutdown::ShuttingDownBrokers;
use super::controller_channel::ControllerChannels;
use super::election::{self, ElectionError, ElectionOutcome, ElectionRequest, ElectionType};
use super::propagation::Propagated;
use super::znodes::*;
use super::{Cluster, ClusterError, ClusterView, ControllerEvent, PartitionState, TopicAssignment};
use crate::state::Broker;
use kt_base::clock::now_ms;

const PERSISTENT: CreateOptions<'static> = CreateMode::Persistent.with_acls(Acls::anyone_all());
const EPHEMERAL: CreateOptions<'static> = CreateMode::Ephemeral.with_acls(Acls::anyone_all());

/// How long the loop waits after a change for the changes that usually follow it (a new
/// topic's partition states), so one burst is read once.
const SETTLE: Duration = Duration::from_millis(20);

/// What the broker needs to (re)join the cluster after a lost session.
#[derive(Debug, Clone)]
pub struct ZkLink {
    /// `host:port[,host:port...][/chroot]`.
    pub connect: String,
    /// The session timeout asked of ZooKeeper (`zookeeper.session.timeout.ms`).
    pub session_timeout: Duration,
    /// How long to try connecting (`zookeeper.connection.timeout.ms`).
    pub connection_timeout: Duration,
}

pub(super) fn zk<'a>(op: &'static str, path: &'a str) -> impl FnOnce(ZkError) -> ClusterError + 'a {
    move |source| ClusterError::Zk {
        op,
        path: path.to_string(),
        source,
    }
}

/// Opens a session, creating the chroot first if the connect string names one (as Kafka does).
pub async fn connect(link: &ZkLink) -> Result<Client, ClusterError> {
    let (hosts, chroot) = match link.connect.find('/') {
        Some(i) => (&link.connect[..i], &link.connect[i..]),
        None => (link.connect.as_str(), ""),
    };
    if hosts.is_empty() {
        return Err(ClusterError::BadConnectString(link.connect.clone()));
    }
    let connector = || {
        Client::connector()
            .with_session_timeout(link.session_timeout)
            .with_connection_timeout(link.connection_timeout)
    };
    let timed_out = || ClusterError::ConnectTimeout {
        connect: link.connect.clone(),
        timeout_ms: link.connection_timeout.as_millis(),
    };
    // The client itself gives up only after the session timeout: bound it by
    // zookeeper.connection.timeout.ms, as Kafka does.
    let open = |target: String| async move {
        tokio::time::timeout(link.connection_timeout, connector().connect(&target))
            .await
            .map_err(|_| timed_out())?
            .map_err(|source| match source {
                ZkError::Timeout => timed_out(),
                source => ClusterError::Zk {
                    op: "connect",
                    path: target.clone(),
                    source,
                },
            })
    };
    if !chroot.is_empty() && chroot != "/" {
        let root = open(hosts.to_string()).await?;
        root.mkdir(chroot.trim_end_matches('/'), &PERSISTENT)
            .await
            .map_err(zk("create", chroot))?;
    }
    open(link.connect.trim_end_matches('/').to_string()).await
}

/// Creates Kafka's persistent paths and returns the cluster id in `/cluster/id`, creating it
/// with `proposed` when this is the cluster's first broker.
pub async fn prepare(client: &Client, proposed: &str) -> Result<String, ClusterError> {
    for path in PERSISTENT_PATHS {
        client
            .mkdir(path, &PERSISTENT)
            .await
            .map_err(zk("create", path))?;
    }
    loop {
        match client.get_data(CLUSTER_ID).await {
            Ok((data, _)) => return decode_cluster_id(&data),
            Err(ZkError::NoNode) => {}
            Err(e) => return Err(zk("get", CLUSTER_ID)(e)),
        }
        match client
            .create(CLUSTER_ID, &encode_cluster_id(proposed), &PERSISTENT)
            .await
        {
            Ok(_) => {
                tracing::info!("Created cluster id {proposed} in ZooKeeper");
                return Ok(proposed.to_string());
            }
            Err(ZkError::NodeExists) => continue,
            Err(e) => return Err(zk("create", CLUSTER_ID)(e)),
        }
    }
}

/// Registers this broker under `/brokers/ids/<id>` (ephemeral), with its `broker.rack` if
/// any. A registration owned by another session means another live broker has this id:
/// Kafka's refusal.
pub async fn register(
    client: &Client,
    id: i32,
    listeners: &[kt_base::config::Listener],
    rack: Option<&str>,
) -> Result<(), ClusterError> {
    let path = broker_path(id);
    loop {
        match client
            .create(&path, &encode_broker(listeners, now_ms(), rack), &EPHEMERAL)
            .await
        {
            Ok(_) => {
                let addresses: Vec<String> = listeners.iter().map(|l| l.endpoint()).collect();
                tracing::info!(
                    "Registered broker {id} at path {path} with addresses: {}",
                    addresses.join(",")
                );
                return Ok(());
            }
            // This session's own (a retried create) stands; one gone since is made again.
            Err(ZkError::NodeExists) => match holder(client, id).await? {
                Holder::Another(refusal) => return Err(refusal),
                Holder::ThisSession => return Ok(()),
                Holder::Nobody => continue,
            },
            Err(e) => return Err(zk("create", &path)(e)),
        }
    }
}

/// Kafka's refusal when another session holds `/brokers/ids/<id>`: a copy of this broker
/// still running, or its previous run killed less than a session timeout ago. None when
/// the registration is absent or this session's own.
///
/// A starting broker asks before it acts on the cluster's view: while the old session
/// stands, the view still names this broker in the roles that session held, and taking
/// them (truncating, deleting topics the view lacks, leading) only to be refused at
/// `register` would act on a state the controller has not settled. Kafka's broker never
/// does: it takes roles only from the controller's LeaderAndIsr, after it registered.
pub async fn registered_elsewhere(
    client: &Client,
    id: i32,
) -> Result<Option<ClusterError>, ClusterError> {
    Ok(match holder(client, id).await? {
        Holder::Another(refusal) => Some(refusal),
        Holder::Nobody | Holder::ThisSession => None,
    })
}

/// Who holds a broker id's registration.
enum Holder {
    Nobody,
    ThisSession,
    /// Another session: Kafka's refusal, ready to return.
    Another(ClusterError),
}

/// Reads who holds `/brokers/ids/<id>` (one `exists`).
async fn holder(client: &Client, id: i32) -> Result<Holder, ClusterError> {
    let path = broker_path(id);
    let Some(stat) = client
        .check_stat(&path)
        .await
        .map_err(zk("exists", &path))?
    else {
        return Ok(Holder::Nobody);
    };
    let session = client.session_id().0;
    if stat.ephemeral_owner == session {
        return Ok(Holder::ThisSession);
    }
    Ok(Holder::Another(ClusterError::DuplicateBrokerId(format!(
        "Error while creating ephemeral at {path}, node already exists and owner \
         '0x{:x}' does not match current session '0x{session:x}' \
         (org.apache.zookeeper.KeeperException$NodeExistsException: \
         KeeperErrorCode = NodeExists)",
        stat.ephemeral_owner
    ))))
}

/// Deletes this broker's registration and, if it is the controller, `/controller`, so the
/// others see it leave at once (a failure is only logged: the session's end removes both).
pub async fn leave(client: &Client, me: i32) {
    if let Ok((bytes, stat)) = client.get_data(CONTROLLER).await {
        if decode_controller(&bytes).ok() == Some(me)
            && stat.ephemeral_owner == client.session_id().0
        {
            if let Err(e) = client.delete(CONTROLLER, Some(stat.version)).await {
                tracing::warn!("resigning as controller: {e}");
            }
        }
    }
    match client.delete(&broker_path(me), None).await {
        Ok(()) | Err(ZkError::NoNode) => {}
        Err(e) => tracing::warn!("deregistering broker {me}: {e}"),
    }
}

/// Reads the whole view in three round trips (multi-reads): the lists, then brokers,
/// topics and configs, then partition states. Nodes that vanish meanwhile are skipped; the
/// watch that saw them go triggers another read.
pub async fn read_view(client: &Client) -> Result<ClusterView, ClusterError> {
    let mut first = client.new_multi_reader();
    let add = |e: ZkError| zk("multi", "")(e);
    first.add_get_children(BROKER_IDS).map_err(add)?;
    first.add_get_children(BROKER_TOPICS).map_err(add)?;
    first.add_get_data(CONTROLLER).map_err(add)?;
    first.add_get_data(CONTROLLER_EPOCH).map_err(add)?;
    first.add_get_children(DELETE_TOPICS).map_err(add)?;
    let lists = first.commit().await.map_err(add)?;
    let children = |r: &MultiReadResult| match r {
        MultiReadResult::Children { children } => children.clone(),
        _ => Vec::new(),
    };
    let data = |r: &MultiReadResult| match r {
        MultiReadResult::Data { data, .. } => Some(data.clone()),
        _ => None,
    };
    let mut view = ClusterView {
        controller: -1,
        ..Default::default()
    };
    let ids: Vec<i32> = children(&lists[0])
        .iter()
        .filter_map(|c| c.parse().ok())
        .collect();
    let mut topics = children(&lists[1]);
    topics.sort();
    if let Some(bytes) = data(&lists[2]) {
        view.controller = decode_controller(&bytes).unwrap_or(-1);
    }
    if let Some(bytes) = data(&lists[3]) {
        view.controller_epoch = decode_controller_epoch(&bytes).unwrap_or(0);
    }
    view.deleting = children(&lists[4]);
    view.deleting.sort();

    let mut second = client.new_multi_reader();
    for id in &ids {
        second.add_get_data(&broker_path(*id)).map_err(add)?;
    }
    for topic in &topics {
        second.add_get_data(&topic_path(topic)).map_err(add)?;
        second.add_get_data(&config_path(topic)).map_err(add)?;
    }
    let found = second.commit().await.map_err(add)?;
    for (id, result) in ids.iter().zip(&found) {
        if let MultiReadResult::Data { stat, .. } = result {
            view.broker_epochs.insert(*id, stat.czxid);
        }
        if let Some(bytes) = data(result) {
            match decode_broker(&broker_path(*id), &bytes) {
                Ok(endpoint) => {
                    view.brokers.insert(*id, endpoint);
                }
                Err(e) => tracing::warn!("{e}"),
            }
            if let Ok(listeners) = decode_broker_listeners(&broker_path(*id), &bytes) {
                let protocols = listeners
                    .iter()
                    .map(|(name, (p, _))| (name.clone(), p.clone()));
                view.listener_protocols.insert(*id, protocols.collect());
                let by_name = listeners.into_iter().map(|(name, (_, e))| (name, e));
                view.listener_endpoints.insert(*id, by_name.collect());
            }
            if let Ok(Some(rack)) = decode_broker_rack(&broker_path(*id), &bytes) {
                view.racks.insert(*id, rack);
            }
        }
    }
    for (i, topic) in topics.iter().enumerate() {
        let Some(bytes) = data(&found[ids.len() + 2 * i]) else {
            continue;
        };
        let (id, replicas) = match decode_topic(&topic_path(topic), &bytes) {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!("{e}");
                view.unreadable.push(topic.clone());
                continue;
            }
        };
        let configs = data(&found[ids.len() + 2 * i + 1])
            .map(|b| decode_config(&config_path(topic), &b).unwrap_or_default())
            .unwrap_or_default();
        let (adding, removing) =
            decode_topic_reassignments(&topic_path(topic), &bytes).unwrap_or_default();
        view.topics.insert(
            topic.clone(),
            TopicAssignment {
                id,
                replicas,
                states: BTreeMap::new(),
                configs,
                adding,
                removing,
            },
        );
    }

    let wanted: Vec<(String, i32)> = view
        .topics
        .iter()
        .flat_map(|(t, a)| a.replicas.keys().map(move |p| (t.clone(), *p)))
        .collect();
    if !wanted.is_empty() {
        let mut third = client.new_multi_reader();
        for (t, p) in &wanted {
            third.add_get_data(&state_path(t, *p)).map_err(add)?;
        }
        let states = third.commit().await.map_err(add)?;
        for ((t, p), result) in wanted.iter().zip(&states) {
            if let MultiReadResult::Data { stat, .. } = result {
                view.state_versions.insert((t.clone(), *p), stat.version);
            }
            if let Some(bytes) = data(result) {
                match decode_state(&state_path(t, *p), &bytes) {
                    Ok(state) => {
                        if let Some(topic) = view.topics.get_mut(t) {
                            topic.states.insert(*p, state);
                        }
                    }
                    Err(e) => tracing::warn!("{e}"),
                }
            }
        }
    }
    Ok(view)
}

/// The controller's epoch and the version of `/controller_epoch` it wrote: every partition
/// state the controller writes is checked against that version in the same multi, so a
/// controller that was replaced (its session gone without its knowing) writes nothing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Epoch {
    pub(super) epoch: i32,
    pub(super) zk_version: i32,
}

/// Tries to become the controller: creates `/controller` and raises `/controller_epoch`.
/// Returns the new epoch, or None when another broker won.
async fn elect(client: &Client, me: i32) -> Result<Option<Epoch>, ClusterError> {
    match client
        .create(CONTROLLER, &encode_controller(me, now_ms()), &EPHEMERAL)
        .await
    {
        Ok(_) => {}
        Err(ZkError::NodeExists) => return Ok(None),
        Err(e) => return Err(zk("create", CONTROLLER)(e)),
    }
    // Kafka's controller makes sure of the finalized-features znode on taking office.
    match client.create(FEATURE, &encode_feature(), &PERSISTENT).await {
        Ok(_) | Err(ZkError::NodeExists) => {}
        Err(e) => return Err(zk("create", FEATURE)(e)),
    }
    loop {
        match client.get_data(CONTROLLER_EPOCH).await {
            Err(ZkError::NoNode) => {
                match client.create(CONTROLLER_EPOCH, b"1", &PERSISTENT).await {
                    Ok(_) => {
                        return Ok(Some(Epoch {
                            epoch: 1,
                            zk_version: 0,
                        }))
                    }
                    Err(ZkError::NodeExists) => continue,
                    Err(e) => return Err(zk("create", CONTROLLER_EPOCH)(e)),
                }
            }
            Ok((bytes, stat)) => {
                let epoch = decode_controller_epoch(&bytes)? + 1;
                match client
                    .set_data(
                        CONTROLLER_EPOCH,
                        epoch.to_string().as_bytes(),
                        Some(stat.version),
                    )
                    .await
                {
                    Ok(stat) => {
                        return Ok(Some(Epoch {
                            epoch,
                            zk_version: stat.version,
                        }))
                    }
                    Err(ZkError::BadVersion) => continue,
                    Err(e) => return Err(zk("set", CONTROLLER_EPOCH)(e)),
                }
            }
            Err(e) => return Err(zk("get", CONTROLLER_EPOCH)(e)),
        }
    }
}

/// The controller's work on one view: a state for every new partition (its first live
/// replica leads, its live replicas are the ISR), a new leader (or none, -1) for partitions
/// whose leader is gone, dead followers out of the ISRs, and the queued deletions. Returns
/// whether it wrote anything.
async fn control(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
) -> Result<bool, ClusterError> {
    let epoch = fence.epoch;
    let live = |b: &i32| view.brokers.contains_key(b);
    // Kafka's `isReplicaOnline`: a broker shutting down is no candidate for leadership.
    let candidate = |b: &i32| shutting_down.online(view, *b);
    let mut wrote = false;
    for (topic, assignment) in &view.topics {
        if view.deleting.contains(topic) {
            continue;
        }
        for (p, replicas) in &assignment.replicas {
            let path = state_path(topic, *p);
            match assignment.states.get(p) {
                None => {
                    let Some(state) = election::initial_state(replicas, epoch, |b| candidate(&b))
                    else {
                        continue;
                    };
                    let parent = path.trim_end_matches("/state");
                    client
                        .mkdir(parent, &PERSISTENT)
                        .await
                        .map_err(zk("create", parent))?;
                    let mut write = client.new_multi_writer();
                    write
                        .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
                        .and_then(|()| write.add_create(&path, &encode_state(&state), &PERSISTENT))
                        .map_err(zk("multi", &path))?;
                    match fenced(write.commit().await, &path)? {
                        Ok(()) | Err(ZkError::NodeExists) => wrote = true,
                        Err(e) => return Err(zk("create", &path)(e)),
                    }
                }
                Some(state) if state.leader >= 0 && live(&state.leader) => {
                    wrote |= remove_dead_from_isr(client, view, fence, topic, *p, state).await?;
                }
                Some(state) => {
                    // Clean election only: a live replica that was in sync, else no leader.
                    let next = replicas
                        .iter()
                        .copied()
                        .find(|r| candidate(r) && state.isr.contains(r));
                    let new = match next {
                        Some(leader) => PartitionState {
                            leader,
                            leader_epoch: state.leader_epoch + 1,
                            isr: state.isr.iter().copied().filter(live).collect(),
                            controller_epoch: epoch,
                        },
                        None if state.leader != -1 => PartitionState {
                            leader: -1,
                            leader_epoch: state.leader_epoch + 1,
                            isr: state.isr.clone(),
                            controller_epoch: epoch,
                        },
                        None => continue,
                    };
                    let mut write = client.new_multi_writer();
                    write
                        .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
                        .and_then(|()| write.add_set_data(&path, &encode_state(&new), None))
                        .map_err(zk("multi", &path))?;
                    if let Err(e) = fenced(write.commit().await, &path)? {
                        return Err(zk("set", &path)(e));
                    }
                    wrote = true;
                }
            }
        }
    }
    for topic in &view.deleting {
        if view.topics.contains_key(topic) {
            delete_tree(client, &topic_path(topic)).await?;
            match client.delete(&config_path(topic), None).await {
                Ok(()) | Err(ZkError::NoNode) => {}
                Err(e) => return Err(zk("delete", &config_path(topic))(e)),
            }
            tracing::info!("[Controller] Deleted topic {topic}");
        }
        match client.delete(&delete_path(topic), None).await {
            Ok(()) | Err(ZkError::NoNode) => wrote = true,
            Err(e) => return Err(zk("delete", &delete_path(topic))(e)),
        }
    }
    Ok(wrote)
}

/// As Kafka's controller when a replica goes offline (`removeReplicasFromIsr`): the dead
/// followers of a partition whose leader lives leave its ISR, in a new leader epoch, so that
/// the leader stops holding acks=all produces back for them now rather than after its own
/// `replica.lag.time.max.ms` check (30 s by default), which could not shrink the ISR anyway
/// while the controller it asks is the broker that died. Written on the state version this
/// view read: a concurrent AlterPartition wins, and the next pass works from it. Returns
/// whether it wrote.
async fn remove_dead_from_isr(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    topic: &str,
    partition: i32,
    state: &PartitionState,
) -> Result<bool, ClusterError> {
    let isr: Vec<i32> = state
        .isr
        .iter()
        .copied()
        .filter(|b| view.brokers.contains_key(b))
        .collect();
    if isr.len() == state.isr.len() {
        return Ok(false);
    }
    let Some(version) = view
        .state_versions
        .get(&(topic.to_string(), partition))
        .copied()
    else {
        return Ok(false);
    };
    let new = PartitionState {
        leader_epoch: state.leader_epoch + 1,
        isr,
        controller_epoch: fence.epoch,
        ..state.clone()
    };
    let wrote = set_state_at(client, fence, topic, partition, &new, version).await?;
    if wrote {
        tracing::info!(
            "[Controller epoch={}] Removed offline replicas from the ISR of {topic}-{partition}: \
             ISR {:?} -> {:?}, leader {} in epoch {}",
            fence.epoch,
            state.isr,
            new.isr,
            new.leader,
            new.leader_epoch
        );
    }
    Ok(wrote)
}

/// Writes `new` as the state of `topic`-`partition` if its znode is still at `version` (the
/// one the controller's view read) and the controller epoch still `fence`'s: a concurrent
/// change (the leader's AlterPartition, a deletion) wins, and the next pass works from it.
/// Returns whether it wrote; `ControllerMoved` when fenced off.
async fn set_state_at(
    client: &Client,
    fence: Epoch,
    topic: &str,
    partition: i32,
    new: &PartitionState,
    version: i32,
) -> Result<bool, ClusterError> {
    let path = state_path(topic, partition);
    let mut write = client.new_multi_writer();
    write
        .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
        .and_then(|()| write.add_set_data(&path, &encode_state(new), Some(version)))
        .map_err(zk("multi", &path))?;
    match fenced(write.commit().await, &path)? {
        Ok(()) => Ok(true),
        Err(ZkError::BadVersion | ZkError::NoNode) => Ok(false),
        Err(e) => Err(zk("set", &path)(e)),
    }
}

/// Kafka's handling of brokers that restarted unseen (`bounce`): for every partition they
/// lead or follow in sync, the state `bounce::after_bounce` gives it, written on the state
/// version this view read and fenced by the controller epoch (a concurrent change wins).
/// Returns whether it wrote.
async fn fail_over_bounced(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    bounced: &[i32],
) -> Result<bool, ClusterError> {
    tracing::info!(
        "[Controller id={}] Newly added brokers: , deleted brokers: , bounced brokers: {}, all \
         live brokers: {}",
        view.controller,
        bounced
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(","),
        view.brokers
            .keys()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut wrote = false;
    for (topic, assignment) in &view.topics {
        if view.deleting.contains(topic) {
            continue;
        }
        for (p, replicas) in &assignment.replicas {
            let Some(state) = assignment.states.get(p) else {
                continue;
            };
            let candidate = |b: i32| shutting_down.online(view, b);
            let Some(new) =
                super::bounce::after_bounce(replicas, state, bounced, candidate, fence.epoch)
            else {
                continue;
            };
            let Some(version) = view.state_versions.get(&(topic.clone(), *p)).copied() else {
                continue;
            };
            if set_state_at(client, fence, topic, *p, &new, version).await? {
                tracing::info!(
                    "[Controller epoch={}] {topic}-{p} after the restart of broker(s) \
                     {bounced:?}: leader {} -> {}, ISR {:?} -> {:?}, leader epoch {}",
                    fence.epoch,
                    state.leader,
                    new.leader,
                    state.isr,
                    new.isr,
                    new.leader_epoch
                );
                wrote = true;
            }
        }
    }
    Ok(wrote)
}

/// Carries out one election over the partitions asked for (every partition of the view when
/// none are named), each from its state as ZooKeeper holds it now: the new state is written
/// conditionally on that state's version and the controller epoch, so neither a concurrent
/// ISR change nor a newer controller is overwritten. `ControllerMoved` stops the run.
/// Brokers `shutting_down` are no candidates.
async fn elect_partitions(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    election_type: ElectionType,
    partitions: Option<Vec<(String, i32)>>,
) -> Result<Vec<((String, i32), ElectionOutcome)>, ClusterError> {
    let wanted = partitions.unwrap_or_else(|| {
        view.topics
            .iter()
            .flat_map(|(t, a)| a.replicas.keys().map(move |p| (t.clone(), *p)))
            .collect()
    });
    let me = fence.epoch;
    let mut outcomes = Vec::with_capacity(wanted.len());
    for (topic, partition) in wanted {
        let replicas = view
            .topics
            .get(&topic)
            .and_then(|t| t.replicas.get(&partition));
        let outcome = match replicas {
            None => Err(ElectionError::UnknownPartition),
            Some(_) if view.deleting.contains(&topic) => Err(ElectionError::BeingDeleted),
            Some(replicas) => {
                elect_one(
                    client,
                    view,
                    fence,
                    shutting_down,
                    election_type,
                    &topic,
                    partition,
                    replicas,
                )
                .await?
            }
        };
        if let Ok(leader) = &outcome {
            tracing::info!(
                "[Controller epoch={me}] {} leader election for partition {topic}-{partition}: \
                 leader is now {leader}",
                election_type.name()
            );
        }
        outcomes.push(((topic, partition), outcome));
    }
    Ok(outcomes)
}

/// One partition's election against its current state znode (retried when the state
/// changed between reading and writing it).
#[allow(clippy::too_many_arguments)]
async fn elect_one(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    election_type: ElectionType,
    topic: &str,
    partition: i32,
    replicas: &[i32],
) -> Result<ElectionOutcome, ClusterError> {
    let path = state_path(topic, partition);
    loop {
        let (bytes, stat) = match client.get_data(&path).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Ok(Err(ElectionError::UnknownPartition)),
            Err(e) => return Err(zk("get", &path)(e)),
        };
        let state = decode_state(&path, &bytes)?;
        let new = match election::plan(
            election_type,
            topic,
            partition,
            replicas,
            &state,
            fence.epoch,
            |b| shutting_down.online(view, b),
        ) {
            Ok(new) => new,
            Err(e) => return Ok(Err(e)),
        };
        if !state.isr.contains(&new.leader) {
            tracing::warn!(
                "Unclean leader election. Partition {topic}-{partition} has been assigned \
                 leader {} from deposed leader {}: records only the old ISR held may be lost",
                new.leader,
                state.leader
            );
        }
        let mut write = client.new_multi_writer();
        write
            .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
            .and_then(|()| write.add_set_data(&path, &encode_state(&new), Some(stat.version)))
            .map_err(zk("multi", &path))?;
        match fenced(write.commit().await, &path)? {
            Ok(()) => return Ok(Ok(new.leader)),
            Err(ZkError::BadVersion) => continue,
            Err(e) => return Err(zk("set", &path)(e)),
        }
    }
}

/// The controller's handling of `/admin/preferred_replica_election`: elects the partitions
/// it names, then deletes it, as Kafka's controller does. Returns whether it found one.
async fn preferred_from_znode(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
) -> Result<bool, ClusterError> {
    let (bytes, stat) = match client.get_data(PREFERRED_REPLICA_ELECTION).await {
        Ok(found) => found,
        Err(ZkError::NoNode) => return Ok(false),
        Err(e) => return Err(zk("get", PREFERRED_REPLICA_ELECTION)(e)),
    };
    match decode_preferred_replica_election(&bytes) {
        Ok(partitions) => {
            let outcomes = elect_partitions(
                client,
                view,
                fence,
                shutting_down,
                ElectionType::Preferred,
                Some(partitions),
            )
            .await?;
            for ((t, p), outcome) in outcomes {
                if let Err(e) = outcome {
                    tracing::info!(
                        "[Controller epoch={}] Skipping preferred replica election for partition \
                         {t}-{p}: {}",
                        fence.epoch,
                        e.message().unwrap_or_else(|| format!("error {}", e.code()))
                    );
                }
            }
        }
        Err(e) => tracing::warn!("{e}"),
    }
    match client
        .delete(PREFERRED_REPLICA_ELECTION, Some(stat.version))
        .await
    {
        Ok(()) | Err(ZkError::NoNode) | Err(ZkError::BadVersion) => Ok(true),
        Err(e) => Err(zk("delete", PREFERRED_REPLICA_ELECTION)(e)),
    }
}

/// Answers queued elections: carried out when this broker is the controller (`fence`),
/// NOT_CONTROLLER otherwise. Returns whether any state was written.
async fn answer_elections(
    client: &Client,
    view: &ClusterView,
    fence: Option<Epoch>,
    shutting_down: &ShuttingDownBrokers,
    pending: &mut Vec<ElectionRequest>,
) -> Result<bool, ClusterError> {
    let mut wrote = false;
    for request in pending.drain(..) {
        let ElectionRequest {
            election_type,
            partitions,
            reply,
        } = request;
        let not_controller = |partitions: Option<Vec<(String, i32)>>| {
            partitions
                .unwrap_or_default()
                .into_iter()
                .map(|tp| (tp, Err(ElectionError::NotController)))
                .collect::<Vec<_>>()
        };
        let Some(fence) = fence else {
            let _ = reply.send(not_controller(partitions));
            continue;
        };
        let elected = elect_partitions(
            client,
            view,
            fence,
            shutting_down,
            election_type,
            partitions.clone(),
        );
        match elected.await {
            Ok(outcomes) => {
                wrote |= outcomes.iter().any(|(_, o)| o.is_ok());
                let _ = reply.send(outcomes);
            }
            Err(e) => {
                let _ = reply.send(not_controller(partitions));
                return Err(e);
            }
        }
    }
    Ok(wrote)
}

/// The answer to this broker's own ControlledShutdown, held until the brokers were told the
/// partitions' new leaders: once it is answered the broker goes, and with it the controller
/// that would tell them (clients would then ask brokers that still name it the leader).
type OwnShutdownAnswer = (
    tokio::sync::oneshot::Sender<Result<Vec<(String, i32)>, i16>>,
    Vec<(String, i32)>,
);

/// How long the controller's own controlled shutdown waits for the brokers to answer what
/// it told them before it is answered anyway.
const OWN_SHUTDOWN_FLUSH: Duration = Duration::from_secs(2);

/// Answers brokers' requests to the controller (AlterPartition, ControlledShutdown). Returns
/// whether any state was written.
async fn answer_events(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    pending: &mut Vec<ControllerEvent>,
    shutting_down: &mut ShuttingDownBrokers,
    own_shutdown: &mut Vec<OwnShutdownAnswer>,
) -> Result<bool, ClusterError> {
    let mut wrote = false;
    for event in std::mem::take(pending) {
        match event {
            ControllerEvent::AlterPartition { request, reply } => {
                let answer =
                    super::alter_partition::alter(client, view, fence, &request, shutting_down)
                        .await?;
                wrote |= answer
                    .topics
                    .iter()
                    .flat_map(|t| t.partitions.iter())
                    .any(|p| p.error_code == 0);
                let _ = reply.send(answer);
            }
            ControllerEvent::ControlledShutdown { broker, reply } => {
                if !view.brokers.contains_key(&broker) {
                    let _ = reply.send(Err(
                        kafka_protocol::error::ResponseError::BrokerNotAvailable.code(),
                    ));
                    continue;
                }
                tracing::info!(
                    "[Controller id={}] Shutting down broker {broker}",
                    view.controller
                );
                shutting_down.insert(view, broker);
                let remaining = super::controlled_shutdown::shut_down(
                    client,
                    view,
                    fence,
                    broker,
                    shutting_down,
                )
                .await?;
                wrote = true;
                if broker == view.controller {
                    // This broker's own: answered once the brokers were told (below).
                    own_shutdown.push((reply, remaining));
                } else {
                    let _ = reply.send(Ok(remaining));
                }
            }
            ControllerEvent::AlterReassignments { partitions, reply } => {
                let outcomes =
                    super::reassignment::alter(client, view, fence, shutting_down, &partitions)
                        .await?;
                wrote |= outcomes.iter().any(|(_, o)| o.is_ok());
                let _ = reply.send(Ok(outcomes));
            }
            ControllerEvent::ListReassignments { partitions, reply } => {
                let _ = reply.send(Ok(super::reassignment::list(view, partitions.as_deref())));
            }
        }
    }
    Ok(wrote)
}

/// The outcome of a fenced multi (the epoch check, then one write): `ControllerMoved` when
/// the check failed, else the write's own result.
pub(super) fn fenced<T>(
    result: Result<T, zookeeper_client::MultiWriteError>,
    path: &str,
) -> Result<Result<(), ZkError>, ClusterError> {
    match result {
        Ok(_) => Ok(Ok(())),
        Err(zookeeper_client::MultiWriteError::OperationFailed { index: 0, .. }) => {
            Err(ClusterError::ControllerMoved)
        }
        Err(zookeeper_client::MultiWriteError::OperationFailed { source, .. }) => Ok(Err(source)),
        Err(zookeeper_client::MultiWriteError::RequestFailed { source }) => {
            Err(zk("multi", path)(source))
        }
    }
}

/// Deletes a znode and everything under it, children first.
async fn delete_tree(client: &Client, path: &str) -> Result<(), ClusterError> {
    let mut stack = vec![(path.to_string(), false)];
    while let Some((node, expanded)) = stack.pop() {
        if expanded {
            match client.delete(&node, None).await {
                Ok(()) | Err(ZkError::NoNode) => {}
                Err(e) => return Err(zk("delete", &node)(e)),
            }
            continue;
        }
        let children = match client.list_children(&node).await {
            Ok(children) => children,
            Err(ZkError::NoNode) => continue,
            Err(e) => return Err(zk("list", &node)(e)),
        };
        stack.push((node.clone(), true));
        for child in children {
            stack.push((format!("{node}/{child}"), false));
        }
    }
    Ok(())
}

/// Keeps the broker in the cluster until `stop`: watches the cluster's znodes, publishes
/// each new view, lets the broker create or delete its partition logs, stands for election
/// whenever there is no controller and does the controller's work while it is one. A lost
/// session is replaced and the broker registered again, as Kafka does.
pub async fn run(
    cluster: Arc<Cluster>,
    broker: Arc<Broker>,
    link: ZkLink,
    mut client: Client,
    mut stop: watch::Receiver<bool>,
) {
    let me = cluster.broker_id();
    let mut config_changes = ChangeListener::default();
    loop {
        match serve(&cluster, &broker, &client, &mut config_changes, &mut stop).await {
            Ok(()) => return,
            Err(e) => tracing::error!("[KafkaServer id={me}] ZooKeeper session lost: {e}"),
        }
        // The session expired: a new one, registered again, before serving on.
        loop {
            if *stop.borrow() {
                return;
            }
            let listeners = broker.advertised_listeners();
            let attempt = async {
                let fresh = connect(&link).await?;
                let rack = broker.config().properties.get("broker.rack").cloned();
                register(&fresh, me, &listeners, rack.as_deref()).await?;
                Ok::<_, ClusterError>(fresh)
            };
            match attempt.await {
                Ok(fresh) => {
                    cluster.set_client(fresh.clone());
                    client = fresh;
                    break;
                }
                Err(e) => {
                    tracing::warn!("[KafkaServer id={me}] reconnecting to ZooKeeper: {e}");
                    tokio::select! {
                        _ = stop.changed() => return,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
            }
        }
    }
}

/// Ok unless `event` is a watch's report that the session ended. zookeeper-client closes every
/// watch after that report and panics when a closed watch is awaited again, so the session's
/// loop must return on the first such report, before it awaits any watch again.
fn session_alive(event: &WatchedEvent) -> Result<(), ClusterError> {
    if event.session_state.is_terminated() {
        return Err(ClusterError::Zk {
            op: "watch",
            path: event.path.clone(),
            source: ZkError::SessionExpired,
        });
    }
    Ok(())
}

/// One session's loop; Ok when told to stop, Err when the session is gone.
async fn serve(
    cluster: &Arc<Cluster>,
    broker: &Arc<Broker>,
    client: &Client,
    config_changes: &mut ChangeListener,
    stop: &mut watch::Receiver<bool>,
) -> Result<(), ClusterError> {
    let me = cluster.broker_id();
    let mut brokers = client
        .watch("/brokers", AddWatchMode::PersistentRecursive)
        .await
        .map_err(zk("addWatch", "/brokers"))?;
    let mut controller = client
        .watch(CONTROLLER, AddWatchMode::Persistent)
        .await
        .map_err(zk("addWatch", CONTROLLER))?;
    let mut deletions = client
        .watch(DELETE_TOPICS, AddWatchMode::PersistentRecursive)
        .await
        .map_err(zk("addWatch", DELETE_TOPICS))?;
    let mut configs = client
        .watch(CONFIG_TOPICS, AddWatchMode::PersistentRecursive)
        .await
        .map_err(zk("addWatch", CONFIG_TOPICS))?;
    let mut preferred = client
        .watch(PREFERRED_REPLICA_ELECTION, AddWatchMode::Persistent)
        .await
        .map_err(zk("addWatch", PREFERRED_REPLICA_ELECTION))?;
    let mut reassign = client
        .watch(REASSIGN_PARTITIONS, AddWatchMode::Persistent)
        .await
        .map_err(zk("addWatch", REASSIGN_PARTITIONS))?;
    // Children come and go: a persistent (not recursive) watch reports them.
    let mut changes = client
        .watch(CONFIG_CHANGES, AddWatchMode::Persistent)
        .await
        .map_err(zk("addWatch", CONFIG_CHANGES))?;
    // Notifications are taken at the start of each session (what came while there was none)
    // and whenever the watch reports new ones.
    let mut changes_due = true;
    let mut session = client.state_watcher();
    let mut epoch: Option<Epoch> = None;
    // Only this loop receives elections; it holds the queue while the session lasts.
    let mut elections = cluster.election_queue.lock().await;
    let mut pending: Vec<ElectionRequest> = Vec::new();
    let mut events = cluster.event_queue().await;
    let mut pending_events: Vec<ControllerEvent> = Vec::new();
    // The controller's periodic leader rebalance: first 5 s after taking office, then every
    // leader.imbalance.check.interval.seconds, as Kafka's controller schedules it.
    let balance = broker.config().leader_balance.clone();
    let mut next_balance: Option<tokio::time::Instant> = None;
    let mut balance_due = false;
    // While this broker is the controller: its channels to the brokers and what it told them.
    let mut channels: Option<ControllerChannels> = None;
    let mut told = Propagated::new(&cluster.inter_broker().listener);
    let mut shutting_down = ShuttingDownBrokers::default();
    let mut own_shutdown: Vec<OwnShutdownAnswer> = Vec::new();
    // While this broker is the controller: the registration epochs of its last settled
    // reading, to tell a broker that restarted between two readings (`bounce`).
    let mut seen_epochs: Option<BTreeMap<i32, i64>> = None;
    loop {
        if changes_due {
            match config_changes.process(client, broker).await {
                Ok(()) => changes_due = false,
                Err(
                    e @ ClusterError::Zk {
                        source: ZkError::SessionExpired,
                        ..
                    },
                ) => return Err(e),
                // Tried again at the next wake-up.
                Err(e) => tracing::error!(
                    "Error while processing notification change for path = {CONFIG_CHANGES}: {e}"
                ),
            }
        }
        let view = match read_view(client).await {
            Ok(view) => view,
            Err(ClusterError::Zk {
                source: ZkError::SessionExpired,
                ..
            }) => {
                return Err(ClusterError::Zk {
                    op: "read",
                    path: "/".into(),
                    source: ZkError::SessionExpired,
                })
            }
            Err(e) => {
                tracing::warn!("reading the cluster from ZooKeeper: {e}");
                tokio::select! {
                    _ = stop.changed() => return Ok(()),
                    _ = tokio::time::sleep(Duration::from_millis(200)) => continue,
                }
            }
        };
        // A controller request may have brought newer partition states than this reading.
        let b = broker.clone();
        let install = move || {
            b.install_view(move |applied| {
                let mut view = view;
                view.keep_newer_states(applied);
                (Some(view.clone()), view)
            })
        };
        let view = match tokio::task::spawn_blocking(install).await {
            Ok(Ok(view)) => view,
            Ok(Err(e)) => {
                tracing::error!("applying the cluster's topics locally: {e}");
                cluster.view().as_ref().clone()
            }
            Err(e) => {
                tracing::error!("applying the cluster's topics locally: {e}");
                cluster.view().as_ref().clone()
            }
        };
        shutting_down.keep_registered(&view);
        let mut again = false;
        if view.controller == -1 {
            if let Some(new) = elect(client, me).await? {
                tracing::info!(
                    "[Controller id={me}] elected controller with epoch {}",
                    new.epoch
                );
                epoch = Some(new);
                again = true;
            }
        } else if view.controller == me {
            let fence = match epoch {
                Some(fence) => Some(fence),
                // Our own /controller from before this loop (re)started: its current epoch.
                None => match client.get_data(CONTROLLER_EPOCH).await {
                    Ok((bytes, stat)) => decode_controller_epoch(&bytes).ok().map(|e| Epoch {
                        epoch: e,
                        zk_version: stat.version,
                    }),
                    Err(e) => {
                        tracing::warn!("[Controller id={me}] reading the epoch: {e}");
                        None
                    }
                },
            };
            epoch = fence;
            if let Some(fence) = fence {
                if balance.enable && next_balance.is_none() {
                    next_balance = Some(tokio::time::Instant::now() + Duration::from_secs(5));
                }
                let rebalance = std::mem::take(&mut balance_due);
                if rebalance {
                    next_balance = Some(
                        tokio::time::Instant::now()
                            + Duration::from_secs(balance.check_interval_seconds.max(1) as u64),
                    );
                }
                let bounced = seen_epochs
                    .as_ref()
                    .map(|seen| super::bounce::bounced(seen, &view))
                    .unwrap_or_default();
                let work = async {
                    let mut wrote = false;
                    if !bounced.is_empty() {
                        wrote |= fail_over_bounced(client, &view, fence, &shutting_down, &bounced)
                            .await?;
                    }
                    wrote |= control(client, &view, fence, &shutting_down).await?;
                    wrote |= preferred_from_znode(client, &view, fence, &shutting_down).await?;
                    wrote |= super::reassignment::from_znode(client, &view, fence, &shutting_down)
                        .await?;
                    wrote |=
                        super::reassignment::progress(client, &view, fence, &shutting_down).await?;
                    wrote |=
                        answer_elections(client, &view, Some(fence), &shutting_down, &mut pending)
                            .await?;
                    wrote |= answer_events(
                        client,
                        &view,
                        fence,
                        &mut pending_events,
                        &mut shutting_down,
                        &mut own_shutdown,
                    )
                    .await?;
                    if rebalance {
                        let candidates =
                            election::imbalanced(&view, balance.per_broker_percentage, |b| {
                                shutting_down.online(&view, b)
                            });
                        if !candidates.is_empty() {
                            tracing::info!(
                                "[Controller id={me}] Starting replica leader election \
                                 (PREFERRED) for partitions {candidates:?} triggered by \
                                 AutoTriggered"
                            );
                            let outcomes = elect_partitions(
                                client,
                                &view,
                                fence,
                                &shutting_down,
                                ElectionType::Preferred,
                                Some(candidates),
                            )
                            .await?;
                            wrote |= outcomes.iter().any(|(_, o)| o.is_ok());
                        }
                    }
                    Ok::<bool, ClusterError>(wrote)
                };
                match work.await {
                    Ok(wrote) => {
                        seen_epochs = Some(view.broker_epochs.clone());
                        again |= wrote;
                        if !wrote {
                            // Settled on this view: tell the brokers what changed.
                            let open = channels.get_or_insert_with(|| {
                                ControllerChannels::new(me, cluster.inter_broker().clone())
                            });
                            open.sync(&view);
                            for (to, request) in told.plan(&view, me, fence.epoch) {
                                open.send(to, request);
                            }
                            if !own_shutdown.is_empty() {
                                let _ =
                                    tokio::time::timeout(OWN_SHUTDOWN_FLUSH, open.flush()).await;
                                for (reply, remaining) in own_shutdown.drain(..) {
                                    let _ = reply.send(Ok(remaining));
                                }
                            }
                        }
                    }
                    Err(ClusterError::ControllerMoved) => {
                        tracing::warn!(
                            "[Controller id={me}] the controller epoch moved on: reading it again"
                        );
                        // Read again: if /controller is still ours, carry on under the
                        // epoch now in ZooKeeper; if not, the other broker is in charge.
                        epoch = None;
                        again = true;
                    }
                    Err(e) => tracing::warn!("[Controller id={me}] {e}"),
                }
            }
        } else {
            epoch = None;
        }
        if view.controller != me {
            next_balance = None;
            seen_epochs = None;
            channels = None;
            told = Propagated::new(&cluster.inter_broker().listener);
            shutting_down.clear();
        }
        if view.controller != me && !pending.is_empty() {
            answer_elections(client, &view, None, &shutting_down, &mut pending).await?;
        }
        if view.controller != me {
            for event in pending_events.drain(..) {
                event.not_controller();
            }
            // No longer the controller: what it wrote stands, and the new one tells the brokers.
            for (reply, remaining) in own_shutdown.drain(..) {
                let _ = reply.send(Ok(remaining));
            }
        }
        if again {
            continue;
        }
        let balance_at = next_balance
            .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(86_400));
        tokio::select! {
            _ = stop.changed() => return Ok(()),
            _ = tokio::time::sleep_until(balance_at), if next_balance.is_some() => {
                balance_due = true;
            }
            event = brokers.changed() => session_alive(&event)?,
            event = controller.changed() => session_alive(&event)?,
            event = deletions.changed() => session_alive(&event)?,
            event = configs.changed() => session_alive(&event)?,
            event = preferred.changed() => session_alive(&event)?,
            event = reassign.changed() => session_alive(&event)?,
            event = changes.changed() => {
                session_alive(&event)?;
                changes_due = true;
            }
            Some(request) = elections.recv() => pending.push(request),
            Some(event) = events.recv() => pending_events.push(event),
            state = session.changed() => {
                if state.is_terminated() {
                    return Err(ClusterError::Zk { op: "session", path: "/".into(), source: ZkError::SessionExpired });
                }
                if state != SessionState::SyncConnected {
                    continue;
                }
            }
        }
        // Let the rest of a burst arrive, then read once for all of it.
        tokio::time::sleep(SETTLE).await;
        loop {
            let mut drained = false;
            for watch in [
                &mut brokers,
                &mut controller,
                &mut deletions,
                &mut configs,
                &mut preferred,
                &mut reassign,
            ] {
                if let Some(event) = watch.changed().now_or_never() {
                    session_alive(&event)?;
                    drained = true;
                }
            }
            if let Some(event) = changes.changed().now_or_never() {
                session_alive(&event)?;
                changes_due = true;
                drained = true;
            }
            if !drained {
                break;
            }
        }
        while let Ok(request) = elections.try_recv() {
            pending.push(request);
        }
        while let Ok(event) = events.try_recv() {
            pending_events.push(event);
        }
    }
}
