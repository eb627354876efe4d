//! What a leader knows of one partition's replicas while it leads it: each follower's log
//! end offset (the offset of its latest fetch) and when it was last caught up, and the ISR.
//! The high watermark and the ISR's changes are computed from it (Kafka's `Partition` with
//! its `Replica`s).

use std::collections::BTreeMap;
use std::sync::Mutex;

/// One follower as its leader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowerState {
    /// The follower's log end offset: the fetch offset of its latest fetch, -1 until it has
    /// fetched from this leader in this epoch.
    pub log_end_offset: i64,
    /// When the follower last fetched.
    pub last_fetch_ms: i64,
    /// The last time the follower held everything the leader had (Kafka's
    /// `lastCaughtUpTimeMs`): what `replica.lag.time.max.ms` is measured against.
    pub last_caught_up_ms: i64,
    /// The leader's log end offset at the follower's previous fetch.
    last_fetch_leader_end: i64,
}

/// A leader's record of one partition's replicas in one leader epoch. Built when this
/// broker becomes the partition's leader and dropped when it stops leading it.
///
/// The lock guards only in-memory state and is never held across I/O or an `.await`.
#[derive(Debug)]
pub struct PartitionReplicas {
    leader: i32,
    leader_epoch: i32,
    replicas: Vec<i32>,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// The in-sync replicas as this leader last wrote or read them, the leader included.
    isr: Vec<i32>,
    followers: BTreeMap<i32, FollowerState>,
}

impl PartitionReplicas {
    /// The replicas of a partition `leader` starts leading in `leader_epoch`. Followers in
    /// the ISR count as caught up now, the others never (as Kafka resets them).
    pub fn new(leader: i32, leader_epoch: i32, replicas: &[i32], isr: &[i32], now_ms: i64) -> Self {
        let followers = replicas
            .iter()
            .filter(|&&r| r != leader)
            .map(|&r| {
                let caught_up = if isr.contains(&r) { now_ms } else { 0 };
                (
                    r,
                    FollowerState {
                        log_end_offset: -1,
                        last_fetch_ms: 0,
                        last_caught_up_ms: caught_up,
                        last_fetch_leader_end: -1,
                    },
                )
            })
            .collect();
        let mut isr: Vec<i32> = isr.to_vec();
        if !isr.contains(&leader) {
            isr.push(leader);
        }
        PartitionReplicas {
            leader,
            leader_epoch,
            replicas: replicas.to_vec(),
            inner: Mutex::new(Inner { isr, followers }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The leader epoch this record belongs to.
    pub fn leader_epoch(&self) -> i32 {
        self.leader_epoch
    }

    /// The partition's assigned replicas, the leader among them.
    pub fn replicas(&self) -> &[i32] {
        &self.replicas
    }

    /// Whether `broker` is one of the partition's replicas.
    pub fn is_replica(&self, broker: i32) -> bool {
        self.replicas.contains(&broker)
    }

    /// The in-sync replicas.
    pub fn isr(&self) -> Vec<i32> {
        self.lock().isr.clone()
    }

    /// Whether `broker` is in the ISR (without copying it: asked on every follower fetch of
    /// a throttled partition).
    pub fn in_isr(&self, broker: i32) -> bool {
        self.lock().isr.contains(&broker)
    }

    /// Replaces the ISR (after this leader wrote it, or the controller changed it).
    pub fn set_isr(&self, isr: &[i32]) {
        self.lock().isr = isr.to_vec();
    }

    /// A follower's state, None for a broker that is not a follower of the partition.
    pub fn follower(&self, broker: i32) -> Option<FollowerState> {
        self.lock().followers.get(&broker).copied()
    }

    /// Records a fetch by `follower` from `fetch_offset` while the leader's log ends at
    /// `leader_end` (Kafka's `updateFetchStateOrThrow`): the follower holds everything below
    /// the fetch offset; it is caught up now if it asked for the leader's end, or since its
    /// previous fetch if it asked for at least what the leader held then.
    pub fn record_fetch(&self, follower: i32, fetch_offset: i64, leader_end: i64, now_ms: i64) {
        let mut inner = self.lock();
        let Some(state) = inner.followers.get_mut(&follower) else {
            return;
        };
        if fetch_offset >= leader_end {
            state.last_caught_up_ms = state.last_caught_up_ms.max(now_ms);
        } else if state.last_fetch_leader_end >= 0 && fetch_offset >= state.last_fetch_leader_end {
            state.last_caught_up_ms = state.last_caught_up_ms.max(state.last_fetch_ms);
        }
        state.log_end_offset = fetch_offset;
        state.last_fetch_leader_end = leader_end;
        state.last_fetch_ms = now_ms;
    }

    /// The high watermark the ISR allows: the smallest log end offset among its members
    /// (the leader's being `leader_end`), or None while an ISR follower has not fetched yet
    /// in this epoch (its log end is unknown, so nothing may be promised).
    pub fn high_watermark(&self, leader_end: i64) -> Option<i64> {
        let inner = self.lock();
        let mut hw = leader_end;
        for member in &inner.isr {
            if *member == self.leader {
                continue;
            }
            match inner.followers.get(member) {
                Some(f) if f.log_end_offset >= 0 => hw = hw.min(f.log_end_offset),
                // A member that is not an assigned replica (a stale ISR) holds nothing back.
                None => {}
                Some(_) => return None,
            }
        }
        Some(hw)
    }

    /// The ISR this leader should have now, if it differs from the current one (Kafka's
    /// `maybeShrinkIsr` and `maybeExpandIsr` in one): members not caught up for more than
    /// `lag_time_max_ms` leave, and followers that hold at least the high watermark (and
    /// the current epoch's start) join. The leader always stays.
    pub fn wanted_isr(
        &self,
        high_watermark: i64,
        epoch_start: i64,
        lag_time_max_ms: i64,
        now_ms: i64,
    ) -> Option<Vec<i32>> {
        let inner = self.lock();
        let mut wanted: Vec<i32> = inner
            .isr
            .iter()
            .copied()
            .filter(|m| {
                *m == self.leader
                    || inner
                        .followers
                        .get(m)
                        .is_some_and(|f| now_ms - f.last_caught_up_ms <= lag_time_max_ms)
            })
            .collect();
        // A follower that joins goes to the end, as Kafka's `prepareIsrExpand` appends it
        // (`isr + id`): an ISR lists its members in the order they joined, so a broker that
        // restarts comes back after the ones that stayed (the answer key's "Isr: 0,1,2" for
        // replicas 2,1,0 once brokers 1 and 2 were back).
        for (id, f) in &inner.followers {
            let caught_up = f.log_end_offset >= high_watermark
                && f.log_end_offset >= epoch_start
                && now_ms - f.last_caught_up_ms <= lag_time_max_ms;
            if caught_up && !wanted.contains(id) {
                wanted.push(*id);
            }
        }
        (wanted != inner.isr).then_some(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_high_watermark_waits_for_every_isr_member_and_is_their_smallest_end() {
        let r = PartitionReplicas::new(1, 4, &[1, 2, 3], &[1, 2, 3], 1000);
        assert_eq!(r.high_watermark(10), None, "followers unknown yet");
        r.record_fetch(2, 10, 10, 1001);
        assert_eq!(r.high_watermark(10), None);
        r.record_fetch(3, 6, 10, 1002);
        assert_eq!(r.high_watermark(10), Some(6));
        r.record_fetch(3, 10, 12, 1003);
        assert_eq!(r.high_watermark(12), Some(10));
        // Out of the ISR, a follower holds nothing back.
        r.set_isr(&[1, 2]);
        r.record_fetch(3, 0, 12, 1004);
        assert_eq!(r.high_watermark(12), Some(10));
        assert!(r.is_replica(3) && !r.is_replica(7));
        assert_eq!(r.follower(7), None);
    }

    #[test]
    fn a_lagging_member_leaves_and_a_caught_up_follower_joins_the_isr() {
        let lag = 100;
        let r = PartitionReplicas::new(1, 0, &[1, 2, 3], &[1, 2], 0);
        // Nobody fetched: 2 is in sync for lag ms after the election, 3 never was.
        assert_eq!(r.wanted_isr(0, 0, lag, 50), None);
        assert_eq!(r.wanted_isr(0, 0, lag, 101), Some(vec![1]));
        // 3 catches up to the leader's end: it joins, and keeps up.
        r.record_fetch(3, 5, 5, 60);
        assert_eq!(r.wanted_isr(5, 0, lag, 61), Some(vec![1, 2, 3]));
        r.set_isr(&[1, 3]);
        // 3 fetches behind a leader that keeps growing: caught up as of its previous fetch.
        r.record_fetch(3, 5, 9, 100);
        r.record_fetch(3, 9, 14, 150);
        assert_eq!(r.follower(3).unwrap().last_caught_up_ms, 100);
        assert_eq!(r.wanted_isr(5, 0, lag, 190), None);
        assert_eq!(r.wanted_isr(5, 0, lag, 201), Some(vec![1]));
        // Below the high watermark, a follower does not join.
        r.set_isr(&[1]);
        r.record_fetch(2, 3, 14, 300);
        assert_eq!(r.wanted_isr(5, 0, lag, 301), None);
    }
}
