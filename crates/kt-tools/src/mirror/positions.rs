//! What one stream consumed since its last commit, kept per source partition without a
//! per-record allocation, lock or hash: records arrive in runs of one partition (a fetched
//! batch at a time), so the partition of the previous record is checked first and the short
//! list of partitions is searched only when the run changes.

use rdkafka::{Offset, TopicPartitionList};

/// One source partition the stream has read from.
struct Position {
    topic: String,
    partition: i32,
    /// The partition count of the topic on the target, looked up (or the topic created) when
    /// the partition was first met.
    target_partitions: i32,
    /// The offset after the last record consumed since the last commit; `None` when nothing
    /// was consumed since.
    next: Option<i64>,
}

/// The partitions a stream read from, with the offset to commit for each.
#[derive(Default)]
pub struct Positions {
    known: Vec<Position>,
    /// Index in `known` of the partition of the previous record.
    last: usize,
}

impl Positions {
    /// Makes `topic`/`partition` the partition of the record at hand and returns the topic's
    /// partition count on the target; `target_partitions` is asked only the first time the
    /// partition is met (and again next time if it failed).
    pub fn locate<E>(
        &mut self,
        topic: &str,
        partition: i32,
        target_partitions: impl FnOnce() -> Result<i32, E>,
    ) -> Result<i32, E> {
        let index = match self.known.get(self.last) {
            Some(p) if p.partition == partition && p.topic == topic => self.last,
            _ => match self
                .known
                .iter()
                .position(|p| p.partition == partition && p.topic == topic)
            {
                Some(i) => i,
                None => {
                    let target_partitions = target_partitions()?;
                    self.known.push(Position {
                        topic: topic.to_string(),
                        partition,
                        target_partitions,
                        next: None,
                    });
                    self.known.len() - 1
                }
            },
        };
        self.last = index;
        Ok(self.known[index].target_partitions)
    }

    /// Records that `offset` of the partition last [located](Self::locate) was sent, so the
    /// next commit names the offset after it.
    pub fn sent(&mut self, offset: i64) {
        if let Some(p) = self.known.get_mut(self.last) {
            p.next = Some(offset + 1);
        }
    }

    /// The offsets to commit: one per partition consumed from since the last [`Self::clear`];
    /// `None` when there is nothing to commit.
    pub fn to_commit(&self) -> anyhow::Result<Option<TopicPartitionList>> {
        let mut tpl = TopicPartitionList::new();
        for p in &self.known {
            if let Some(next) = p.next {
                tpl.add_partition_offset(&p.topic, p.partition, Offset::Offset(next))?;
            }
        }
        Ok((tpl.count() > 0).then_some(tpl))
    }

    /// Forgets the offsets consumed (they were committed, or the commit failed after a
    /// rebalance and the next owner starts from the last commit); the partitions stay known.
    pub fn clear(&mut self) {
        for p in &mut self.known {
            p.next = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(positions: &Positions) -> Vec<(String, i32, i64)> {
        let Some(tpl) = positions.to_commit().unwrap() else {
            return Vec::new();
        };
        let mut v: Vec<_> = tpl
            .elements()
            .iter()
            .map(|e| match e.offset() {
                Offset::Offset(o) => (e.topic().to_string(), e.partition(), o),
                other => panic!("unexpected offset {other:?}"),
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_offset_after_each_partitions_last_sent_record_is_committed_and_lookups_happen_once() {
        let mut positions = Positions::default();
        let mut lookups = 0;
        let mut consume = |topic: &str, partition, offset, target| {
            let n = positions.locate(topic, partition, || {
                lookups += 1;
                Ok::<i32, ()>(target)
            });
            positions.sent(offset);
            n
        };
        assert_eq!(consume("a", 0, 5, 3), Ok(3));
        assert_eq!(consume("a", 0, 6, 99), Ok(3));
        assert_eq!(consume("b", 0, 1, 1), Ok(1));
        assert_eq!(consume("a", 1, 9, 3), Ok(3));
        assert_eq!(consume("a", 0, 7, 99), Ok(3));
        assert_eq!(lookups, 3);
        assert_eq!(
            offsets(&positions),
            vec![
                ("a".to_string(), 0, 8),
                ("a".to_string(), 1, 10),
                ("b".to_string(), 0, 2)
            ]
        );
        positions.clear();
        assert!(positions.to_commit().unwrap().is_none());
        assert_eq!(positions.locate("b", 0, || Err(())), Ok(1));
        positions.sent(2);
        assert_eq!(offsets(&positions), vec![("b".to_string(), 0, 3)]);
    }

    #[test]
    fn a_failed_lookup_is_asked_again_next_time() {
        let mut positions = Positions::default();
        assert_eq!(positions.locate("a", 0, || Err("down")), Err("down"));
        assert!(positions.to_commit().unwrap().is_none());
        assert_eq!(positions.locate("a", 0, || Ok::<i32, &str>(2)), Ok(2));
        positions.sent(0);
        assert_eq!(offsets(&positions), vec![("a".to_string(), 0, 1)]);
    }
}
