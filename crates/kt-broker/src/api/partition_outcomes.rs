//! The per-partition answers of the group requests that name partitions (OffsetCommit,
//! OffsetDelete): partitions that do not exist are answered here, the others by the group
//! coordinator, and the answers go back grouped by topic in the order they were asked.

use kafka_protocol::error::ResponseError;

use crate::coordinator::GroupError;
use crate::state::Broker;

/// One topic's answers: its name and each partition's error (None for success).
pub type TopicOutcome = (String, Vec<(i32, Option<GroupError>)>);

/// One topic's answers as Kafka errors (None for success).
pub type TopicErrors = (String, Vec<(i32, Option<ResponseError>)>);

/// The requested partitions in request order, each with its error when it does not exist.
#[derive(Debug, Default)]
pub struct PartitionOutcomes {
    order: Vec<(String, i32, Option<GroupError>)>,
}

impl PartitionOutcomes {
    /// Records a requested partition; true when it exists, so the caller passes it to the
    /// coordinator (whose answers [`PartitionOutcomes::by_topic`] takes in the same order).
    pub fn admit(&mut self, broker: &Broker, topic: &str, partition: i32) -> bool {
        let exists = broker
            .partition_count(topic)
            .is_some_and(|n| partition >= 0 && partition < n);
        let error = (!exists).then_some(GroupError::UnknownTopicOrPartition);
        self.order.push((topic.to_string(), partition, error));
        exists
    }

    /// Records a requested partition the request may not touch (an authorization failure):
    /// answered here with `error`, never passed to the coordinator.
    pub fn refuse(&mut self, topic: &str, partition: i32, error: GroupError) {
        self.order.push((topic.to_string(), partition, Some(error)));
    }

    /// Every partition's error (None for success) grouped by topic in request order: the
    /// partition's own, else the coordinator's answer for it; a coordinator failure as a
    /// whole applies to every partition it was asked about.
    pub fn by_topic(
        self,
        coordinator: Result<Vec<Result<(), GroupError>>, GroupError>,
    ) -> Vec<TopicOutcome> {
        let (mut answers, failure) = match coordinator {
            Ok(answers) => (answers.into_iter(), None),
            Err(e) => (Vec::new().into_iter(), Some(e)),
        };
        let mut topics: Vec<TopicOutcome> = Vec::new();
        for (topic, partition, own) in self.order {
            let error = own
                .or(failure)
                .or_else(|| answers.next().and_then(Result::err));
            match topics.last_mut() {
                Some((name, partitions)) if *name == topic => partitions.push((partition, error)),
                _ => topics.push((topic, vec![(partition, error)])),
            }
        }
        topics
    }

    /// [`PartitionOutcomes::by_topic`] for a request whose failure as a whole may be an
    /// error outside the group coordinator's (TxnOffsetCommit's PRODUCER_FENCED).
    pub fn by_topic_with(
        self,
        coordinator: Result<Vec<Result<(), GroupError>>, ResponseError>,
    ) -> Vec<TopicErrors> {
        let (mut answers, failure) = match coordinator {
            Ok(answers) => (answers.into_iter(), None),
            Err(e) => (Vec::new().into_iter(), Some(e)),
        };
        let mut topics: Vec<TopicErrors> = Vec::new();
        for (topic, partition, own) in self.order {
            let error = own.map(|e| e.response_error()).or(failure).or_else(|| {
                answers
                    .next()
                    .and_then(Result::err)
                    .map(|e| e.response_error())
            });
            match topics.last_mut() {
                Some((name, partitions)) if *name == topic => partitions.push((partition, error)),
                _ => topics.push((topic, vec![(partition, error)])),
            }
        }
        topics
    }
}
