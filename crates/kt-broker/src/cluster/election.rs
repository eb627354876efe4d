//! Leader elections asked for by an operator (ElectLeaders, `kt leader-election`, the
//! `/admin/preferred_replica_election` znode), carried out by the controller as Kafka 3.9's
//! ZooKeeper-mode controller does them (`KafkaController.processReplicaLeaderElection`):
//!
//! - preferred: a partition whose leader is not its first replica gets that replica as
//!   leader if it is alive and in the ISR (PREFERRED_LEADER_NOT_AVAILABLE otherwise);
//! - unclean: a partition without a live leader gets its first live in-sync replica, else its
//!   first live replica, which may lack acknowledged records (ELIGIBLE_LEADERS_NOT_AVAILABLE
//!   when no replica is alive).
//!
//! A partition that needs nothing answers ELECTION_NOT_NEEDED. The plan is a pure function of
//! the partition's replicas, state and the online brokers; the controller loop (`link`) reads
//! each state with its znode version, writes the plan fenced by its epoch, and answers.
//!
//! "Online" is Kafka's `isReplicaOnline` without shutting-down brokers: registered and not in
//! the middle of a controlled shutdown. Kafka's preferred, offline (unclean) and reassignment
//! elections and its auto-rebalance all take their candidates from that set (only the
//! controlled shutdown's own election also counts shutting-down brokers as live, to exclude
//! them by name), so a broker on its way down is never handed a leadership back.

use tokio::sync::oneshot;

use super::{ClusterView, PartitionState};

/// Which election an operator asked for (ElectLeaders' `ElectionType`: 0 and 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectionType {
    /// Move leadership back to the first replica of the assignment.
    Preferred,
    /// Give a leaderless partition any live replica, in sync or not.
    Unclean,
}

impl ElectionType {
    /// From the protocol's byte; None for a value Kafka does not define.
    pub fn from_wire(value: i8) -> Option<Self> {
        match value {
            0 => Some(ElectionType::Preferred),
            1 => Some(ElectionType::Unclean),
            _ => None,
        }
    }

    /// Kafka's name (`ElectionType.toString()`), as the tool prints it.
    pub fn name(self) -> &'static str {
        match self {
            ElectionType::Preferred => "PREFERRED",
            ElectionType::Unclean => "UNCLEAN",
        }
    }

    /// Kafka's election strategy, named in the failure message.
    fn strategy(self) -> &'static str {
        match self {
            ElectionType::Preferred => "PreferredReplicaPartitionLeaderElectionStrategy",
            ElectionType::Unclean => "OfflinePartitionLeaderElectionStrategy(true)",
        }
    }
}

/// Why a partition got no new leader, with Kafka's error and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElectionError {
    /// The partition already has the leader the election would give it.
    NotNeeded,
    /// No such topic or partition.
    UnknownPartition,
    /// The topic is queued for deletion.
    BeingDeleted,
    /// Preferred election: the preferred replica is dead or out of the ISR.
    PreferredLeaderNotAvailable(String),
    /// Unclean election: no replica is alive.
    EligibleLeadersNotAvailable(String),
    /// This broker is not (or no longer) the controller.
    NotController,
    /// The controller did not answer in the request's time.
    TimedOut,
}

impl ElectionError {
    /// The protocol's error code.
    pub fn code(&self) -> i16 {
        use kafka_protocol::error::ResponseError as E;
        match self {
            ElectionError::NotNeeded => E::ElectionNotNeeded.code(),
            ElectionError::UnknownPartition => E::UnknownTopicOrPartition.code(),
            ElectionError::BeingDeleted => E::InvalidTopicException.code(),
            ElectionError::PreferredLeaderNotAvailable(_) => E::PreferredLeaderNotAvailable.code(),
            ElectionError::EligibleLeadersNotAvailable(_) => E::EligibleLeadersNotAvailable.code(),
            ElectionError::NotController => E::NotController.code(),
            ElectionError::TimedOut => E::RequestTimedOut.code(),
        }
    }

    /// The message Kafka's controller sends with the error (None where it sends none).
    pub fn message(&self) -> Option<String> {
        match self {
            ElectionError::NotNeeded | ElectionError::NotController | ElectionError::TimedOut => {
                None
            }
            ElectionError::UnknownPartition => Some("The partition does not exist.".into()),
            ElectionError::BeingDeleted => Some("The topic is being deleted".into()),
            ElectionError::PreferredLeaderNotAvailable(m)
            | ElectionError::EligibleLeadersNotAvailable(m) => Some(m.clone()),
        }
    }
}

/// One partition's outcome: the new leader, or why none.
pub type ElectionOutcome = Result<i32, ElectionError>;

/// An election for the controller loop to carry out, answered on `reply` with one outcome
/// per partition (all partitions when `partitions` is None).
#[derive(Debug)]
pub struct ElectionRequest {
    pub election_type: ElectionType,
    pub partitions: Option<Vec<(String, i32)>>,
    pub reply: oneshot::Sender<Vec<((String, i32), ElectionOutcome)>>,
}

/// The new state for one partition, or why there is none. `replicas` is the assignment
/// (preferred leader first), `state` the current one, `online` whether a broker is registered
/// and not shutting down (Kafka's `isReplicaOnline`).
pub fn plan(
    election_type: ElectionType,
    topic: &str,
    partition: i32,
    replicas: &[i32],
    state: &PartitionState,
    controller_epoch: i32,
    online: impl Fn(i32) -> bool,
) -> Result<PartitionState, ElectionError> {
    let failed = || {
        format!(
            "Failed to elect leader for partition {topic}-{partition} under strategy {}",
            election_type.strategy()
        )
    };
    let leader = match election_type {
        ElectionType::Preferred => {
            let preferred = *replicas.first().ok_or(ElectionError::UnknownPartition)?;
            if state.leader == preferred {
                return Err(ElectionError::NotNeeded);
            }
            if !(online(preferred) && state.isr.contains(&preferred)) {
                return Err(ElectionError::PreferredLeaderNotAvailable(failed()));
            }
            preferred
        }
        ElectionType::Unclean => {
            // Kafka's `isLiveBroker`: a leader shutting down may be replaced.
            if state.leader >= 0 && online(state.leader) {
                return Err(ElectionError::NotNeeded);
            }
            replicas
                .iter()
                .copied()
                .find(|r| online(*r) && state.isr.contains(r))
                .or_else(|| replicas.iter().copied().find(|r| online(*r)))
                .ok_or_else(|| ElectionError::EligibleLeadersNotAvailable(failed()))?
        }
    };
    let isr = match election_type {
        // Kafka's `newLeader`: only the leader (and its epoch) change; the ISR is the leader's
        // to shrink.
        ElectionType::Preferred => state.isr.clone(),
        ElectionType::Unclean if state.isr.contains(&leader) => {
            state.isr.iter().copied().filter(|r| online(*r)).collect()
        }
        // The new leader's log is the truth now; it alone is in sync.
        ElectionType::Unclean => vec![leader],
    };
    Ok(PartitionState {
        leader,
        leader_epoch: state.leader_epoch + 1,
        isr,
        controller_epoch,
    })
}

/// A new partition's first state (Kafka's `initializeLeaderAndIsrForPartitions`, the move
/// from NewPartition to OnlinePartition): its live assigned replicas, in assignment order, are
/// the ISR and the first of them leads, at leader epoch 0. A new partition is empty on every
/// replica, so each live one is in sync from the start and acks=all needs no ISR expansion
/// first. None while no assigned replica is alive (the partition waits for one).
pub fn initial_state(
    replicas: &[i32],
    controller_epoch: i32,
    live: impl Fn(i32) -> bool,
) -> Option<PartitionState> {
    let isr: Vec<i32> = replicas.iter().copied().filter(|r| live(*r)).collect();
    Some(PartitionState {
        leader: *isr.first()?,
        leader_epoch: 0,
        isr,
        controller_epoch,
    })
}

/// The partitions whose leadership the controller moves back to the preferred replica on its
/// periodic check (`auto.leader.rebalance.enable`), as Kafka's controller picks them: for each
/// broker, the partitions it is preferred for but does not lead; when they are more than
/// `per_broker_percentage` of its preferred partitions, those whose preferred replica is
/// online (registered and not shutting down: Kafka's `canPreferredReplicaBeLeader`) and in
/// sync.
pub fn imbalanced(
    view: &ClusterView,
    per_broker_percentage: i32,
    online: impl Fn(i32) -> bool,
) -> Vec<(String, i32)> {
    let mut by_preferred: std::collections::BTreeMap<i32, Vec<(&str, i32, &PartitionState)>> =
        std::collections::BTreeMap::new();
    for (topic, assignment) in &view.topics {
        if view.deleting.contains(topic) {
            continue;
        }
        for (p, replicas) in &assignment.replicas {
            if let (Some(preferred), Some(state)) = (replicas.first(), assignment.states.get(p)) {
                by_preferred
                    .entry(*preferred)
                    .or_default()
                    .push((topic, *p, state));
            }
        }
    }
    let mut candidates = Vec::new();
    for (preferred, partitions) in by_preferred {
        let elsewhere: Vec<&(&str, i32, &PartitionState)> = partitions
            .iter()
            .filter(|(_, _, s)| s.leader != preferred)
            .collect();
        let ratio = elsewhere.len() as f64 / partitions.len() as f64;
        if ratio <= f64::from(per_broker_percentage) / 100.0 {
            continue;
        }
        for (topic, p, state) in elsewhere {
            if online(preferred) && state.isr.contains(&preferred) {
                candidates.push((topic.to_string(), *p));
            }
        }
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cluster::test_state as state;

    #[test]
    fn a_new_partition_starts_with_its_live_replicas_in_sync() {
        let new = initial_state(&[2, 0, 1], 3, |b| b != 0).unwrap();
        assert_eq!(
            new,
            PartitionState {
                leader: 2,
                leader_epoch: 0,
                isr: vec![2, 1],
                controller_epoch: 3,
            }
        );
        let new = initial_state(&[2, 0, 1], 3, |b| b == 1).unwrap();
        assert_eq!((new.leader, new.isr), (1, vec![1]));
        assert_eq!(initial_state(&[2, 0, 1], 3, |_| false), None);
    }

    #[test]
    fn preferred_election_moves_leadership_to_a_live_in_sync_first_replica() {
        let all = |_| true;
        let new = plan(
            ElectionType::Preferred,
            "t",
            1,
            &[2, 1, 0],
            &state(0, &[0, 1, 2]),
            7,
            all,
        )
        .unwrap();
        assert_eq!(
            new,
            PartitionState {
                leader: 2,
                leader_epoch: 5,
                isr: vec![0, 1, 2],
                controller_epoch: 7
            }
        );
        assert_eq!(
            plan(
                ElectionType::Preferred,
                "t",
                1,
                &[2, 1, 0],
                &state(2, &[2]),
                7,
                all
            ),
            Err(ElectionError::NotNeeded)
        );
        let e = plan(
            ElectionType::Preferred,
            "t",
            1,
            &[2, 1, 0],
            &state(0, &[0, 1]),
            7,
            all,
        )
        .unwrap_err();
        assert_eq!(
            e,
            ElectionError::PreferredLeaderNotAvailable(
                "Failed to elect leader for partition t-1 under strategy PreferredReplicaPartitionLeaderElectionStrategy".into()
            )
        );
        assert_eq!(e.code(), 80);
        let dead_two = |b| b != 2;
        assert!(matches!(
            plan(
                ElectionType::Preferred,
                "t",
                1,
                &[2, 1, 0],
                &state(0, &[0, 1, 2]),
                7,
                dead_two
            ),
            Err(ElectionError::PreferredLeaderNotAvailable(_))
        ));
    }

    /// Brokers 0, 1 and 2 registered and topic `t` with `replicas` and `states` by partition.
    fn cluster(replicas: &[(i32, Vec<i32>)], states: &[(i32, PartitionState)]) -> ClusterView {
        use super::super::TopicAssignment;
        let (mut view, _) = super::super::controlled_shutdown::three_brokers(&[]);
        view.topics.insert(
            "t".into(),
            TopicAssignment {
                id: uuid::Uuid::nil(),
                replicas: replicas.iter().cloned().collect(),
                states: states.iter().cloned().collect(),
                configs: Default::default(),
                adding: Default::default(),
                removing: Default::default(),
            },
        );
        view
    }

    #[test]
    fn rebalance_picks_partitions_of_brokers_above_the_imbalance_threshold() {
        // Broker 1 is preferred for t-0 and t-1 and leads neither; broker 0 leads t-2 as
        // preferred. t-1's preferred replica is out of sync: only t-0 moves.
        let view = cluster(
            &[(0, vec![1, 0]), (1, vec![1, 2]), (2, vec![0, 1])],
            &[
                (0, state(0, &[1, 0])),
                (1, state(2, &[2])),
                (2, state(0, &[0, 1])),
            ],
        );
        let online = |b| view.brokers.contains_key(&b);
        assert_eq!(imbalanced(&view, 10, online), vec![("t".to_string(), 0)]);
        // 2 of 2 partitions elsewhere is 100%: at 100% nothing is above the threshold.
        assert_eq!(imbalanced(&view, 100, online), Vec::<(String, i32)>::new());
    }

    /// Kafka's `isReplicaOnline` leaves shutting-down brokers out of every election but the
    /// controlled shutdown's own: a broker that asked to stop gets no leadership back from a
    /// preferred election (PREFERRED_LEADER_NOT_AVAILABLE), the periodic rebalance passes it
    /// over, and an unclean election may replace it as leader.
    #[test]
    fn elections_pass_over_brokers_shutting_down() {
        use super::super::controlled_shutdown::ShuttingDownBrokers;
        // t-0 prefers broker 2, which broker 0 stands in for; broker 2 is in sync.
        let view = cluster(&[(0, vec![2, 1, 0])], &[(0, state(0, &[0, 1, 2]))]);
        let current = state(0, &[0, 1, 2]);
        // One election of t-0 from `from` while the brokers `set` are shutting down.
        let elect = |kind, from: &PartitionState, set: &ShuttingDownBrokers| {
            plan(kind, "t", 0, &[2, 1, 0], from, 7, |b| set.online(&view, b))
        };
        let rebalance = |set: &ShuttingDownBrokers| imbalanced(&view, 10, |b| set.online(&view, b));
        let mut shutting_down = ShuttingDownBrokers::default();
        // Nobody stopping: the preferred election and the rebalance give t-0 back to 2.
        let new = elect(ElectionType::Preferred, &current, &shutting_down).unwrap();
        assert_eq!((new.leader, new.isr), (2, vec![0, 1, 2]));
        assert_eq!(rebalance(&shutting_down), vec![("t".to_string(), 0)]);

        shutting_down.insert(&view, 2);
        let e = elect(ElectionType::Preferred, &current, &shutting_down).unwrap_err();
        assert_eq!(e.code(), 80, "PREFERRED_LEADER_NOT_AVAILABLE");
        assert_eq!(
            e.message().unwrap(),
            "Failed to elect leader for partition t-0 under strategy \
             PreferredReplicaPartitionLeaderElectionStrategy"
        );
        assert_eq!(
            rebalance(&shutting_down),
            Vec::<(String, i32)>::new(),
            "the rebalance skips a preferred replica that is shutting down"
        );
        // The unclean election treats a leader shutting down as gone (Kafka's
        // `isLiveBroker`) and picks the next online in-sync replica; the ISR keeps the
        // online members only.
        let new = elect(ElectionType::Unclean, &state(2, &[2, 1, 0]), &shutting_down).unwrap();
        assert_eq!((new.leader, new.isr), (1, vec![1, 0]));

        // Another broker shutting down does not stand in the way; the preferred election
        // changes the leader only (Kafka's `newLeader`), the ISR stays the leader's to shrink.
        let mut other = ShuttingDownBrokers::default();
        other.insert(&view, 1);
        let new = elect(ElectionType::Preferred, &current, &other).unwrap();
        assert_eq!(
            (new.leader, new.leader_epoch, new.isr),
            (2, 5, vec![0, 1, 2])
        );
        // Once its registration is replaced (it restarted), broker 2 is a candidate again.
        let mut restarted = view.clone();
        restarted.broker_epochs.insert(2, 999);
        shutting_down.keep_registered(&restarted);
        assert!(shutting_down.online(&restarted, 2));
    }

    #[test]
    fn unclean_election_prefers_the_isr_then_any_live_replica() {
        let only_one = |b| b == 1;
        assert_eq!(
            plan(
                ElectionType::Unclean,
                "t",
                0,
                &[0, 1],
                &state(0, &[0, 1]),
                3,
                |_| true
            ),
            Err(ElectionError::NotNeeded)
        );
        // A live in-sync replica is taken first, the ISR keeps only live members.
        let new = plan(
            ElectionType::Unclean,
            "t",
            0,
            &[0, 1],
            &state(-1, &[0, 1]),
            3,
            only_one,
        )
        .unwrap();
        assert_eq!((new.leader, new.isr), (1, vec![1]));
        // No live in-sync replica: an out-of-sync one leads alone.
        let new = plan(
            ElectionType::Unclean,
            "t",
            0,
            &[0, 1],
            &state(-1, &[0]),
            3,
            only_one,
        )
        .unwrap();
        assert_eq!((new.leader, new.isr, new.leader_epoch), (1, vec![1], 5));
        let e = plan(
            ElectionType::Unclean,
            "t",
            0,
            &[0],
            &state(-1, &[0]),
            3,
            |_| false,
        )
        .unwrap_err();
        assert_eq!(e.code(), 83);
        assert_eq!(
            e.message().unwrap(),
            "Failed to elect leader for partition t-0 under strategy OfflinePartitionLeaderElectionStrategy(true)"
        );
    }
}
