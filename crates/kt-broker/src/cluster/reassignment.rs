//! Partition reassignment as Kafka 3.9's ZooKeeper-mode controller carries it out
//! (`KafkaController.onPartitionReassignment`), from AlterPartitionReassignments or the
//! `/admin/reassign_partitions` znode.
//!
//! With ORS the original replicas and TRS the target ones, a reassignment is:
//! - start (Kafka's U1 and A1): the topic znode gets RS = TRS + ORS with
//!   `adding_replicas` = TRS − ORS and `removing_replicas` = ORS − TRS, and the partition's
//!   leader epoch is raised, in one fenced multi; the brokers hear LeaderAndIsr with the new
//!   replica set, the adding replicas create their logs and follow the leader, and the leader
//!   takes them into the ISR (AlterPartition) once caught up;
//! - completion (B1–B7), once TRS ⊆ ISR: a leader from TRS if the current one is not in it
//!   (first live in-sync replica of TRS), ISR ∩ TRS, a new leader epoch, RS = TRS and no adding or
//!   removing replicas, again in one fenced multi; the removed replicas get StopReplica with
//!   deletion (see `propagation`), and the partition leaves `/admin/reassign_partitions`;
//! - cancellation: a reassignment to ORS, which completes at once.
//!
//! Every acknowledged record survives: a new leader is only chosen from the ISR, which with
//! `acks=all` holds every acknowledged record. The controller's work here is level-triggered:
//! each pass over a fresh view completes what is complete, so a new controller resumes
//! reassignments from the znodes alone (Kafka's `initializePartitionReassignments`).
//!
//! "Live" is Kafka's `liveBrokerIds` / `isReplicaOnline`: registered and not in a controlled
//! shutdown. A broker shutting down is neither a replica to add nor a leader to elect.

use std::collections::BTreeMap;

use kafka_protocol::error::ResponseError;
use zookeeper_client::{Client, Error as ZkError};

use super::controlled_shutdown::ShuttingDownBrokers;
use super::link::{fenced, zk, Epoch};
use super::znodes::*;
use super::{ClusterError, ClusterView, PartitionState};

/// A partition's full replica assignment (Kafka's `ReplicaAssignment`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assignment {
    /// RS: every replica, target ones first while a reassignment runs.
    pub replicas: Vec<i32>,
    /// AR: replicas being added.
    pub adding: Vec<i32>,
    /// RR: replicas being removed.
    pub removing: Vec<i32>,
}

impl Assignment {
    /// ORS: the replicas before the reassignment.
    pub fn origin(&self) -> Vec<i32> {
        without(&self.replicas, &self.adding)
    }

    /// TRS: the replicas after it.
    pub fn target(&self) -> Vec<i32> {
        without(&self.replicas, &self.removing)
    }

    /// Whether a reassignment is in progress.
    pub fn is_reassigning(&self) -> bool {
        !self.adding.is_empty() || !self.removing.is_empty()
    }

    /// The assignment that moves the partition from its origin to `target`
    /// (Kafka's `reassignTo`): RS = TRS + ORS without repeats, target first.
    pub fn reassign_to(&self, target: &[i32]) -> Assignment {
        let origin = self.origin();
        let mut replicas: Vec<i32> = Vec::new();
        for r in target.iter().chain(origin.iter()) {
            if !replicas.contains(r) {
                replicas.push(*r);
            }
        }
        Assignment {
            adding: without(&replicas, &origin),
            removing: without(&replicas, target),
            replicas,
        }
    }

    /// A partition's assignment as the view holds it.
    pub fn of(view: &ClusterView, topic: &str, partition: i32) -> Option<Assignment> {
        let t = view.topics.get(topic)?;
        Some(Assignment {
            replicas: t.replicas.get(&partition)?.clone(),
            adding: t.adding.get(&partition).cloned().unwrap_or_default(),
            removing: t.removing.get(&partition).cloned().unwrap_or_default(),
        })
    }
}

fn without(all: &[i32], gone: &[i32]) -> Vec<i32> {
    all.iter().copied().filter(|r| !gone.contains(r)).collect()
}

/// Why a partition's reassignment was refused, with Kafka's error and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReassignError {
    /// No such topic or partition (or the topic is being deleted).
    UnknownPartition,
    /// A cancellation of a partition that is not being reassigned.
    NoReassignmentInProgress,
    /// The target replicas are not acceptable.
    InvalidReplicaAssignment(String),
}

impl ReassignError {
    /// The protocol's error code.
    pub fn code(&self) -> i16 {
        match self {
            ReassignError::UnknownPartition => ResponseError::UnknownTopicOrPartition.code(),
            ReassignError::NoReassignmentInProgress => {
                ResponseError::NoReassignmentInProgress.code()
            }
            ReassignError::InvalidReplicaAssignment(_) => {
                ResponseError::InvalidReplicaAssignment.code()
            }
        }
    }

    /// The message Kafka's controller sends with the error (None where it sends none).
    pub fn message(&self) -> Option<String> {
        match self {
            ReassignError::UnknownPartition => Some("The partition does not exist.".into()),
            ReassignError::NoReassignmentInProgress => None,
            ReassignError::InvalidReplicaAssignment(m) => Some(m.clone()),
        }
    }
}

/// Scala's `toString` of the buffer Kafka's controller holds the replica list in.
fn scala_buffer(replicas: &[i32]) -> String {
    let items: Vec<String> = replicas.iter().map(i32::to_string).collect();
    format!("ArrayBuffer({})", items.join(", "))
}

/// Scala's `toString` of an immutable set of broker ids (sizes up to 4 are `Set`).
fn scala_set(ids: &[i32]) -> String {
    let items: Vec<String> = ids.iter().map(i32::to_string).collect();
    let name = if ids.len() <= 4 { "Set" } else { "HashSet" };
    format!("{name}({})", items.join(", "))
}

/// Kafka's `validateReplicas`: a non-empty list without repeats or negative ids, whose
/// added replicas are live brokers.
pub fn validate(current: &Assignment, target: &[i32], live: &[i32]) -> Result<(), ReassignError> {
    let invalid = ReassignError::InvalidReplicaAssignment;
    if target.is_empty() {
        return Err(invalid(
            "Empty replica list specified in partition reassignment.".into(),
        ));
    }
    let mut sorted = target.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != target.len() {
        return Err(invalid(format!(
            "Duplicate replica ids in partition reassignment replica list: {}",
            scala_buffer(target)
        )));
    }
    if target.iter().any(|r| *r < 0) {
        return Err(invalid(format!(
            "Invalid broker id in replica list: {}",
            scala_buffer(target)
        )));
    }
    let adding = current.reassign_to(target).adding;
    if !adding.iter().all(|r| live.contains(r)) {
        return Err(invalid(format!(
            "Replica assignment has brokers that are not alive. Replica list: {}, live broker \
             list: {}",
            scala_buffer(&adding),
            scala_set(live)
        )));
    }
    Ok(())
}

/// The partition state once a reassignment to `target` completes: the leader stays if it is
/// in `target` and live, else the first live in-sync replica of `target` leads; the ISR keeps
/// only `target` members; the leader epoch moves on. None while no such leader exists.
pub fn completed_state(
    state: &PartitionState,
    target: &[i32],
    controller_epoch: i32,
    live: impl Fn(i32) -> bool,
) -> Option<PartitionState> {
    let leader = if target.contains(&state.leader) && live(state.leader) {
        state.leader
    } else {
        target
            .iter()
            .copied()
            .find(|r| live(*r) && state.isr.contains(r))?
    };
    Some(PartitionState {
        leader,
        leader_epoch: state.leader_epoch + 1,
        isr: state
            .isr
            .iter()
            .copied()
            .filter(|r| target.contains(r))
            .collect(),
        controller_epoch,
    })
}

/// Kafka's `liveBrokerIds`: the registered brokers but those shutting down, in id order.
fn live_brokers(view: &ClusterView, shutting_down: &ShuttingDownBrokers) -> Vec<i32> {
    let ids = view.brokers.keys().copied();
    ids.filter(|b| shutting_down.online(view, *b)).collect()
}

/// One partition's outcome of an AlterPartitionReassignments.
pub type ReassignOutcome = Result<(), ReassignError>;

/// One partition of an AlterPartitionReassignments request: its target replicas, or None to
/// cancel its reassignment.
pub type ReassignRequest = ((String, i32), Option<Vec<i32>>);

/// Writes `next` as the partition's assignment and raises its leader epoch (choosing a
/// leader from the new replicas when the old one is not among them), in one multi fenced by
/// the controller epoch and both znodes' versions; retried when either changed meanwhile.
/// `online` says which brokers may lead. Returns false when the partition has no state yet or
/// no eligible leader.
async fn write(
    client: &Client,
    fence: Epoch,
    topic: &str,
    partition: i32,
    next: &Assignment,
    online: impl Fn(i32) -> bool,
) -> Result<bool, ClusterError> {
    let topic_znode = topic_path(topic);
    let state_znode = state_path(topic, partition);
    loop {
        let (bytes, topic_stat) = match client.get_data(&topic_znode).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Ok(false),
            Err(e) => return Err(zk("get", &topic_znode)(e)),
        };
        let (state_bytes, state_stat) = match client.get_data(&state_znode).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Ok(false),
            Err(e) => return Err(zk("get", &state_znode)(e)),
        };
        let (id, mut replicas) = decode_topic(&topic_znode, &bytes)?;
        let (mut adding, mut removing) = decode_topic_reassignments(&topic_znode, &bytes)?;
        let state = decode_state(&state_znode, &state_bytes)?;
        replicas.insert(partition, next.replicas.clone());
        adding.insert(partition, next.adding.clone());
        removing.insert(partition, next.removing.clone());
        // While the reassignment runs the current leader stays; at its end (or on a
        // cancellation) the leader and ISR come from the final replicas.
        let new_state = if next.is_reassigning() {
            PartitionState {
                leader_epoch: state.leader_epoch + 1,
                controller_epoch: fence.epoch,
                ..state.clone()
            }
        } else {
            match completed_state(&state, &next.replicas, fence.epoch, &online) {
                Some(s) => s,
                None => return Ok(false),
            }
        };
        let mut multi = client.new_multi_writer();
        multi
            .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
            .and_then(|()| {
                multi.add_set_data(
                    &state_znode,
                    &encode_state(&new_state),
                    Some(state_stat.version),
                )
            })
            .and_then(|()| {
                multi.add_set_data(
                    &topic_znode,
                    &encode_topic_reassigning(&id, &replicas, &adding, &removing),
                    Some(topic_stat.version),
                )
            })
            .map_err(zk("multi", &topic_znode))?;
        match fenced(multi.commit().await, &topic_znode)? {
            Ok(()) => return Ok(true),
            Err(ZkError::BadVersion) => continue,
            Err(e) => return Err(zk("multi", &topic_znode)(e)),
        }
    }
}

/// Starts (or replaces, or cancels with `None`) one partition's reassignment as the
/// controller of `fence`, after Kafka's checks.
async fn start(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    topic: &str,
    partition: i32,
    target: Option<&[i32]>,
) -> Result<ReassignOutcome, ClusterError> {
    let online = |b: i32| shutting_down.online(view, b);
    let live = live_brokers(view, shutting_down);
    let current = Assignment::of(view, topic, partition).unwrap_or_default();
    if let Some(target) = target {
        if let Err(e) = validate(&current, target, &live) {
            return Ok(Err(e));
        }
    }
    let next = match target {
        Some(target) => current.reassign_to(target),
        None if current.is_reassigning() => current.reassign_to(&current.origin()),
        None => return Ok(Err(ReassignError::NoReassignmentInProgress)),
    };
    if view.deleting.iter().any(|t| t == topic) || current.replicas.is_empty() {
        return Ok(Err(ReassignError::UnknownPartition));
    }
    if next == current {
        // Already so: a running reassignment carries on, a finished one needs nothing.
        return Ok(Ok(()));
    }
    tracing::info!(
        "[Controller id={}] Reassigning partition {topic}-{partition} from {:?} to {:?} \
         (adding {:?}, removing {:?})",
        view.controller,
        current.replicas,
        next.target(),
        next.adding,
        next.removing
    );
    if write(client, fence, topic, partition, &next, online).await? {
        Ok(Ok(()))
    } else {
        Ok(Err(ReassignError::UnknownPartition))
    }
}

/// AlterPartitionReassignments as the controller of `fence`: each partition started,
/// replaced or cancelled (None), with its outcome. A partition it names leaves
/// `/admin/reassign_partitions` (the latest request wins, as in Kafka).
pub(super) async fn alter(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    requests: &[ReassignRequest],
) -> Result<Vec<((String, i32), ReassignOutcome)>, ClusterError> {
    let named: Vec<(String, i32)> = requests.iter().map(|(tp, _)| tp.clone()).collect();
    remove_from_znode(client, |tp, _| named.contains(tp)).await?;
    let mut outcomes = Vec::with_capacity(requests.len());
    for ((topic, partition), target) in requests {
        let target = target.as_deref();
        let outcome = start(
            client,
            view,
            fence,
            shutting_down,
            topic,
            *partition,
            target,
        )
        .await?;
        outcomes.push(((topic.clone(), *partition), outcome));
    }
    Ok(outcomes)
}

/// The reassignments in progress among `partitions` (all when None): partition, replicas,
/// adding and removing replicas (Kafka's `processListPartitionReassignments`).
pub fn list(
    view: &ClusterView,
    partitions: Option<&[(String, i32)]>,
) -> Vec<((String, i32), Assignment)> {
    let wanted: Vec<(String, i32)> = match partitions {
        Some(named) => named.to_vec(),
        None => view
            .topics
            .iter()
            .flat_map(|(t, a)| a.replicas.keys().map(move |p| (t.clone(), *p)))
            .collect(),
    };
    wanted
        .into_iter()
        .filter_map(|(t, p)| {
            let a = Assignment::of(view, &t, p)?;
            a.is_reassigning().then_some(((t, p), a))
        })
        .collect()
}

/// Completes every reassignment whose target replicas are all in the ISR (and whose new
/// leader, if one is needed, is live). Returns whether it wrote anything.
pub(super) async fn progress(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
) -> Result<bool, ClusterError> {
    let online = |b: i32| shutting_down.online(view, b);
    let mut wrote = false;
    for ((topic, partition), assignment) in list(view, None) {
        if view.deleting.contains(&topic) {
            continue;
        }
        let Some(state) = view.topics[&topic].states.get(&partition) else {
            continue;
        };
        let target = assignment.target();
        if !target.iter().all(|r| state.isr.contains(r)) {
            continue;
        }
        if completed_state(state, &target, fence.epoch, online).is_none() {
            continue;
        }
        tracing::info!(
            "[Controller id={}] Target replicas {target:?} have all caught up with the leader \
             for reassigning partition {topic}-{partition}",
            view.controller
        );
        let done = Assignment {
            replicas: target.clone(),
            ..Default::default()
        };
        if write(client, fence, &topic, partition, &done, online).await? {
            wrote = true;
            remove_from_znode(client, |tp, replicas| {
                tp.0 == topic && tp.1 == partition && replicas == target.as_slice()
            })
            .await?;
        }
    }
    Ok(wrote)
}

/// The controller's handling of `/admin/reassign_partitions`: starts each reassignment it
/// names that is not already under way; those refused leave the znode (Kafka's
/// `processZkPartitionReassignment`). Completed ones are removed by [`progress`]; an entry
/// whose partition already has the replicas it names is removed here. Returns whether it
/// wrote anything.
pub(super) async fn from_znode(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
) -> Result<bool, ClusterError> {
    let bytes = match client.get_data(REASSIGN_PARTITIONS).await {
        Ok((bytes, _)) => bytes,
        Err(ZkError::NoNode) => return Ok(false),
        Err(e) => return Err(zk("get", REASSIGN_PARTITIONS)(e)),
    };
    let entries = match decode_reassign_partitions(&bytes) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!("{e}: deleting it");
            remove_from_znode(client, |_, _| true).await?;
            return Ok(true);
        }
    };
    let mut wrote = false;
    let mut finished: Vec<(String, i32)> = Vec::new();
    for ((topic, partition), replicas) in entries {
        let current = Assignment::of(view, &topic, partition).unwrap_or_default();
        if current.is_reassigning() && current.target() == replicas {
            continue;
        }
        if !current.is_reassigning() && current.replicas == replicas {
            finished.push((topic, partition));
            continue;
        }
        match start(
            client,
            view,
            fence,
            shutting_down,
            &topic,
            partition,
            Some(&replicas),
        )
        .await?
        {
            Ok(()) => wrote = true,
            Err(e) => {
                tracing::warn!(
                    "[Controller id={}] Failed reassignment of {topic}-{partition} through zk: \
                     {}",
                    view.controller,
                    e.message().unwrap_or_else(|| format!("error {}", e.code()))
                );
                finished.push((topic, partition));
            }
        }
    }
    if !finished.is_empty() {
        remove_from_znode(client, |tp, _| finished.contains(tp)).await?;
        wrote = true;
    }
    Ok(wrote)
}

/// Removes the entries `gone` picks from `/admin/reassign_partitions`, deleting the znode
/// when none are left (Kafka's `maybeRemoveFromZkReassignment`).
async fn remove_from_znode(
    client: &Client,
    gone: impl Fn(&(String, i32), &[i32]) -> bool,
) -> Result<(), ClusterError> {
    loop {
        let (bytes, stat) = match client.get_data(REASSIGN_PARTITIONS).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Ok(()),
            Err(e) => return Err(zk("get", REASSIGN_PARTITIONS)(e)),
        };
        let entries = decode_reassign_partitions(&bytes).unwrap_or_default();
        let kept: Vec<((String, i32), Vec<i32>)> = entries
            .iter()
            .filter(|(tp, r)| !gone(tp, r))
            .cloned()
            .collect();
        if kept.len() == entries.len() && !entries.is_empty() {
            return Ok(());
        }
        let result = if kept.is_empty() {
            tracing::info!(
                "No more partitions need to be reassigned. Deleting zk path {REASSIGN_PARTITIONS}"
            );
            client.delete(REASSIGN_PARTITIONS, Some(stat.version)).await
        } else {
            client
                .set_data(
                    REASSIGN_PARTITIONS,
                    &encode_reassign_partitions(&kept),
                    Some(stat.version),
                )
                .await
                .map(|_| ())
        };
        match result {
            Ok(()) | Err(ZkError::NoNode) => return Ok(()),
            Err(ZkError::BadVersion) => continue,
            Err(e) => return Err(zk("set", REASSIGN_PARTITIONS)(e)),
        }
    }
}

/// Per-topic grouping of outcomes, topics and partitions in order (for the responses).
pub fn by_topic<T>(items: Vec<((String, i32), T)>) -> BTreeMap<String, Vec<(i32, T)>> {
    let mut out: BTreeMap<String, Vec<(i32, T)>> = BTreeMap::new();
    for ((t, p), v) in items {
        out.entry(t).or_default().push((p, v));
    }
    for v in out.values_mut() {
        v.sort_by_key(|(p, _)| *p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reassign_to_puts_the_target_first_and_names_adding_and_removing_replicas() {
        let now = Assignment {
            replicas: vec![0, 1],
            ..Default::default()
        };
        let next = now.reassign_to(&[1, 2]);
        assert_eq!(
            next,
            Assignment {
                replicas: vec![1, 2, 0],
                adding: vec![2],
                removing: vec![0],
            }
        );
        assert_eq!((next.origin(), next.target()), (vec![1, 0], vec![1, 2]));
        // Cancelling goes back to the origin at once.
        let back = next.reassign_to(&next.origin());
        assert_eq!(
            (back.replicas.clone(), back.is_reassigning()),
            (vec![1, 0], false)
        );
        // Kafka's own example: {1,2,3} to {4,5,6}.
        let big = Assignment {
            replicas: vec![1, 2, 3],
            ..Default::default()
        }
        .reassign_to(&[4, 5, 6]);
        assert_eq!(big.replicas, vec![4, 5, 6, 1, 2, 3]);
    }

    #[test]
    fn replicas_are_checked_with_kafkas_messages() {
        let now = Assignment {
            replicas: vec![0, 1],
            ..Default::default()
        };
        let live = [0, 1, 2];
        assert_eq!(validate(&now, &[1, 2], &live), Ok(()));
        let message = |r: Result<(), ReassignError>| r.unwrap_err().message().unwrap();
        assert_eq!(
            message(validate(&now, &[1, 1], &live)),
            "Duplicate replica ids in partition reassignment replica list: ArrayBuffer(1, 1)"
        );
        assert_eq!(
            message(validate(&now, &[1, 7], &live)),
            "Replica assignment has brokers that are not alive. Replica list: ArrayBuffer(7), \
             live broker list: Set(0, 1, 2)"
        );
        assert_eq!(
            message(validate(&now, &[], &live)),
            "Empty replica list specified in partition reassignment."
        );
        assert_eq!(validate(&now, &[-1], &live).unwrap_err().code(), 39);
    }

    /// Kafka's reassignment takes its live brokers without those shutting down: such a broker
    /// is no replica to add ("not alive") and, leading, is replaced at completion
    /// (`moveReassignedPartitionLeaderIfRequired`).
    #[test]
    fn a_broker_shutting_down_is_not_alive_for_a_reassignment() {
        let (view, shutting_down) = super::super::controlled_shutdown::three_brokers(&[2]);
        let live = live_brokers(&view, &shutting_down);
        assert_eq!(live, vec![0, 1]);
        let now = Assignment {
            replicas: vec![0, 1],
            ..Default::default()
        };
        assert_eq!(
            validate(&now, &[1, 2], &live)
                .unwrap_err()
                .message()
                .unwrap(),
            "Replica assignment has brokers that are not alive. Replica list: ArrayBuffer(2), \
             live broker list: Set(0, 1)"
        );
        let led_by_two = PartitionState {
            leader: 2,
            leader_epoch: 3,
            isr: vec![2, 0, 1],
            controller_epoch: 1,
        };
        let online = |b| shutting_down.online(&view, b);
        let done = completed_state(&led_by_two, &[2, 0], 5, online).unwrap();
        assert_eq!((done.leader, done.isr), (0, vec![2, 0]));
    }

    #[test]
    fn completion_keeps_a_target_leader_or_elects_one_from_the_isr() {
        let state = PartitionState {
            leader: 0,
            leader_epoch: 3,
            isr: vec![0, 1, 2],
            controller_epoch: 1,
        };
        let all = |_| true;
        let done = completed_state(&state, &[1, 2], 5, all).unwrap();
        assert_eq!(
            (done.leader, done.leader_epoch, done.isr),
            (1, 4, vec![1, 2])
        );
        let kept = completed_state(&state, &[0, 2], 5, all).unwrap();
        assert_eq!((kept.leader, kept.isr), (0, vec![0, 2]));
        let out_of_sync = PartitionState {
            isr: vec![0],
            ..state
        };
        assert_eq!(completed_state(&out_of_sync, &[1, 2], 5, all), None);
    }
}
