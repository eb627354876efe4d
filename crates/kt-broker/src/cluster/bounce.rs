//! Brokers that restarted between two of the controller's readings of `/brokers/ids`: the
//! old registration's end and the new one's start fell in the same burst of watch events,
//! so no reading showed the broker gone. Kafka's controller tells them apart by the
//! registration's epoch (its czxid) and handles such a *bounced* broker as one that died and
//! started again (`processBrokerChange`: `onBrokerFailure`, then `onBrokerStartup`): its
//! leaderships move to another live in-sync replica and it leaves the ISRs it was in, so that
//! a broker that may have lost its unflushed tail neither keeps leading on it nor counts as in
//! sync; then it is told everything as a broker that joined (`propagation`), and rejoins the
//! ISRs once it has caught up.

use std::collections::BTreeMap;

use super::{ClusterView, PartitionState};

/// The brokers registered in `view` under another epoch than the one `seen` last (brokers
/// new since then are not bounced: they joined).
pub fn bounced(seen: &BTreeMap<i32, i64>, view: &ClusterView) -> Vec<i32> {
    view.broker_epochs
        .iter()
        .filter(|(b, epoch)| seen.get(b).is_some_and(|before| before != *epoch))
        .map(|(b, _)| *b)
        .collect()
}

/// The state a partition with `replicas` in `state` takes when the `bounced` brokers
/// restarted unseen, or None when they are none of its business. A bounced leader gives way
/// to the first other replica that is in the ISR and a `candidate` (online, not shutting
/// down); when there is none it leads on, in a new epoch (Kafka's partition would go offline
/// and elect it again at its start, the only in-sync replica). A bounced follower leaves the
/// ISR, in a new epoch, unless it is the last member.
pub fn after_bounce(
    replicas: &[i32],
    state: &PartitionState,
    bounced: &[i32],
    candidate: impl Fn(i32) -> bool,
    controller_epoch: i32,
) -> Option<PartitionState> {
    let rest: Vec<i32> = state
        .isr
        .iter()
        .copied()
        .filter(|b| !bounced.contains(b))
        .collect();
    let next = |leader: i32, isr: Vec<i32>| PartitionState {
        leader,
        leader_epoch: state.leader_epoch + 1,
        isr,
        controller_epoch,
    };
    if bounced.contains(&state.leader) {
        let other = replicas
            .iter()
            .copied()
            .find(|r| !bounced.contains(r) && rest.contains(r) && candidate(*r));
        return Some(match other {
            Some(leader) => next(leader, rest),
            None => next(state.leader, state.isr.clone()),
        });
    }
    (rest.len() != state.isr.len() && !rest.is_empty()).then(|| next(state.leader, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cluster::test_state as state;

    #[test]
    fn a_broker_registered_under_a_new_epoch_bounced_one_that_is_new_joined() {
        let view = ClusterView {
            broker_epochs: BTreeMap::from([(0, 10), (1, 99), (2, 12)]),
            ..Default::default()
        };
        let seen = BTreeMap::from([(0, 10), (1, 11)]);
        assert_eq!(bounced(&seen, &view), vec![1]);
        assert!(bounced(&view.broker_epochs, &view).is_empty());
    }

    #[test]
    fn a_bounced_leader_gives_way_and_a_bounced_follower_leaves_the_isr() {
        let anyone = |_| true;
        // Leader 1 bounced: the next in-sync replica leads, without it in the ISR.
        assert_eq!(
            after_bounce(&[1, 2, 0], &state(1, &[1, 2, 0]), &[1], anyone, 3),
            Some(PartitionState {
                leader: 2,
                leader_epoch: 5,
                isr: vec![2, 0],
                controller_epoch: 3
            })
        );
        // ... passing over a replica that is shutting down.
        let not_2 = |b| b != 2;
        assert_eq!(
            after_bounce(&[1, 2, 0], &state(1, &[1, 2, 0]), &[1], not_2, 3).map(|s| s.leader),
            Some(0)
        );
        // Alone in the ISR: it leads on, in a new epoch.
        assert_eq!(
            after_bounce(&[1, 2], &state(1, &[1]), &[1], anyone, 3),
            Some(PartitionState {
                leader: 1,
                leader_epoch: 5,
                isr: vec![1],
                controller_epoch: 3
            })
        );
        // Follower 0 bounced: out of the ISR, same leader.
        assert_eq!(
            after_bounce(&[1, 2, 0], &state(1, &[1, 2, 0]), &[0], anyone, 3),
            Some(PartitionState {
                leader: 1,
                leader_epoch: 5,
                isr: vec![1, 2],
                controller_epoch: 3
            })
        );
        // Not a replica in sync: nothing to do.
        assert_eq!(
            after_bounce(&[1, 2, 0], &state(1, &[1, 2]), &[0], anyone, 3),
            None
        );
    }
}
