//! Rack-aware replica placement (KIP-36), as Kafka 3.9's `AdminUtils.assignReplicasToBrokers`
//! does it when brokers carry `broker.rack`: the brokers are listed alternating by rack, each
//! partition's first replica goes round that list, and its other replicas are biased towards
//! racks (then brokers) that hold none of its replicas yet, so a partition spans as many racks
//! as its replication factor allows.
//!
//! Brokers without any rack keep kt's rack-unaware placement ([`super::assign_replicas`]); a
//! cluster where only some brokers have a rack is refused, as Kafka refuses it.

use std::collections::{BTreeMap, BTreeSet};

/// Kafka's refusal when some brokers have a rack and others not
/// (`AdminOperationException`, answered as UNKNOWN_SERVER_ERROR).
pub const INCOMPLETE_RACKS: &str =
    "Not all brokers have rack information for replica rack aware assignment.";

/// The brokers in rack-alternated order (Kafka's `getRackAlternatedBrokerList`): racks in
/// name order, brokers within a rack by id, one broker of each rack in turn.
pub fn rack_alternated(racks: &BTreeMap<i32, String>) -> Vec<i32> {
    let mut by_rack: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (broker, rack) in racks {
        by_rack.entry(rack.as_str()).or_default().push(*broker);
    }
    let mut queues: Vec<std::vec::IntoIter<i32>> =
        by_rack.into_values().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(racks.len());
    while out.len() < racks.len() {
        for queue in &mut queues {
            if let Some(broker) = queue.next() {
                out.push(broker);
            }
        }
    }
    out
}

/// Kafka's index of a partition's next follower candidate: `shift` spreads the followers of
/// successive rounds, and the candidate is never the first replica itself.
fn replica_index(first: usize, shift: usize, k: usize, n: usize) -> usize {
    let step = 1 + (shift + k) % (n - 1);
    (first + step) % n
}

/// Places `partitions` new partitions (numbered from `first_partition`) with `factor`
/// replicas on the brokers of `racks` (every live broker with its rack). `start` and `shift`
/// are Kafka's random start index and follower shift (Kafka draws both from the broker
/// count). The caller checks `factor` against the broker count.
pub fn assign_rack_aware(
    racks: &BTreeMap<i32, String>,
    partitions: i32,
    factor: usize,
    start: usize,
    shift: usize,
    first_partition: i32,
) -> BTreeMap<i32, Vec<i32>> {
    let arranged = rack_alternated(racks);
    let n = arranged.len();
    let rack_count = racks.values().collect::<BTreeSet<_>>().len();
    let mut shift = shift;
    let mut placed = BTreeMap::new();
    for partition in first_partition.max(0)..first_partition.max(0) + partitions {
        let p = partition as usize;
        if p > 0 && p.is_multiple_of(n) {
            shift += 1;
        }
        let first = (p + start) % n;
        let leader = arranged[first];
        let mut replicas = vec![leader];
        let mut racks_used = BTreeSet::from([racks[&leader].as_str()]);
        let mut k = 0;
        while replicas.len() < factor && n > 1 {
            let broker = arranged[replica_index(first, shift * rack_count, k, n)];
            let rack = racks[&broker].as_str();
            // A candidate is skipped while its rack already holds a replica and some rack
            // holds none, or it holds one itself and some broker holds none.
            let rack_ok = !racks_used.contains(rack) || racks_used.len() == rack_count;
            let broker_ok = !replicas.contains(&broker) || replicas.len() == n;
            if rack_ok && broker_ok {
                replicas.push(broker);
                racks_used.insert(rack);
            }
            k += 1;
        }
        placed.insert(partition, replicas);
    }
    placed
}

/// Which placement the live brokers call for: None when no broker has a rack (rack-unaware),
/// the brokers' racks when all have one, Kafka's refusal when only some do.
pub fn racks_for_placement(
    live: &[i32],
    racks: &BTreeMap<i32, String>,
) -> Result<Option<BTreeMap<i32, String>>, &'static str> {
    let racked: BTreeMap<i32, String> = live
        .iter()
        .filter_map(|b| racks.get(b).map(|r| (*b, r.clone())))
        .collect();
    match racked.len() {
        0 => Ok(None),
        n if n == live.len() => Ok(Some(racked)),
        _ => Err(INCOMPLETE_RACKS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn racks(pairs: &[(i32, &str)]) -> BTreeMap<i32, String> {
        pairs.iter().map(|(b, r)| (*b, r.to_string())).collect()
    }

    /// Kafka's documented example (AdminUtils' javadoc and `AdminRackAwareTest`).
    fn kafka_example() -> BTreeMap<i32, String> {
        racks(&[
            (0, "rack1"),
            (1, "rack3"),
            (2, "rack3"),
            (3, "rack2"),
            (4, "rack2"),
            (5, "rack1"),
        ])
    }

    #[test]
    fn brokers_alternate_by_rack() {
        assert_eq!(rack_alternated(&kafka_example()), vec![0, 3, 1, 5, 4, 2]);
        let uneven = racks(&[(0, "a"), (1, "a"), (2, "a"), (3, "b"), (4, "c"), (5, "c")]);
        assert_eq!(rack_alternated(&uneven), vec![0, 3, 4, 1, 5, 2]);
    }

    #[test]
    fn kafka_documented_assignment() {
        // AdminUtils' javadoc: 6 partitions, RF 3 on the example, start 0 and shift 0, then
        // partition 6 with the followers shifted.
        let a = assign_rack_aware(&kafka_example(), 7, 3, 0, 0, 0);
        let expected: [&[i32]; 7] = [
            &[0, 3, 1],
            &[3, 1, 5],
            &[1, 5, 4],
            &[5, 4, 2],
            &[4, 2, 0],
            &[2, 0, 3],
            &[0, 4, 2],
        ];
        for (p, replicas) in expected.iter().enumerate() {
            assert_eq!(a[&(p as i32)], replicas.to_vec(), "partition {p}");
        }
    }

    #[test]
    fn every_partition_spans_racks_and_load_is_even() {
        let three = racks(&[(1, "a"), (2, "b"), (3, "c"), (4, "a"), (5, "b"), (6, "c")]);
        for start in 0..6 {
            for shift in 0..6 {
                let a = assign_rack_aware(&three, 12, 3, start, shift, 0);
                let mut leaders = BTreeMap::<i32, usize>::new();
                let mut load = BTreeMap::<i32, usize>::new();
                for replicas in a.values() {
                    let spanned: BTreeSet<_> = replicas.iter().map(|b| &three[b]).collect();
                    assert_eq!(spanned.len(), 3, "{replicas:?}");
                    *leaders.entry(replicas[0]).or_default() += 1;
                    for b in replicas {
                        *load.entry(*b).or_default() += 1;
                    }
                }
                assert!(leaders.values().all(|n| *n == 2), "{leaders:?}");
                assert!(load.values().all(|n| *n == 6), "{load:?}");
            }
        }
        // Fewer racks than replicas: every rack gets one, the rest go to distinct brokers.
        let two = racks(&[(0, "x"), (1, "x"), (2, "y"), (3, "y")]);
        for replicas in assign_rack_aware(&two, 8, 3, 1, 2, 0).values() {
            let distinct: BTreeSet<_> = replicas.iter().collect();
            assert_eq!(distinct.len(), 3);
            let spanned: BTreeSet<_> = replicas.iter().map(|b| &two[b]).collect();
            assert_eq!(spanned.len(), 2);
        }
    }

    #[test]
    fn added_partitions_continue_the_numbering() {
        let a = assign_rack_aware(&kafka_example(), 1, 3, 0, 0, 6);
        assert_eq!(a, BTreeMap::from([(6, vec![0, 4, 2])]));
    }

    #[test]
    fn some_brokers_without_a_rack_are_refused() {
        let known = racks(&[(0, "a"), (1, "b")]);
        assert_eq!(
            racks_for_placement(&[0, 1, 2], &known),
            Err(INCOMPLETE_RACKS)
        );
        assert_eq!(racks_for_placement(&[3, 4], &known), Ok(None));
        assert_eq!(
            racks_for_placement(&[0, 1], &known),
            Ok(Some(known.clone()))
        );
    }
}
