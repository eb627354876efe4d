//! Kafka's rules for creating the coordinators' internal topics, `__consumer_offsets` and
//! `__transaction_state`: their replication factor comes from `offsets.topic.replication.factor`
//! and `transaction.state.log.replication.factor`, and neither is created while fewer brokers
//! are alive than that factor (FindCoordinator then answers COORDINATOR_NOT_AVAILABLE).

use std::collections::BTreeMap;

use super::Broker;
use crate::txn::TXN_TOPIC;

impl Broker {
    /// The replication factor Kafka creates internal topic `name` with, and the key that
    /// configures it.
    pub fn internal_replication_factor(&self, name: &str) -> (i16, &'static str) {
        if name == TXN_TOPIC {
            (
                self.config.transactions.state_log_replication_factor.max(1),
                "transaction.state.log.replication.factor",
            )
        } else {
            (
                self.config.groups.offsets_topic_replication_factor.max(1),
                "offsets.topic.replication.factor",
            )
        }
    }

    /// Why internal topic `name` may not be created now: fewer brokers alive than its
    /// replication factor. The text is Kafka 3.9's (`AutoTopicCreationManager`), logged as an
    /// error by the caller.
    pub fn internal_topic_refusal(&self, name: &str) -> Option<String> {
        let (factor, key) = self.internal_replication_factor(name);
        let alive = self.view().brokers.len();
        (alive < factor as usize).then(|| {
            format!(
                "Number of alive brokers '{alive}' does not meet the required replication factor \
                 '{factor}' for auto creation of topic '{name}' which is configured by {key}. \
                 This error can be ignored if the cluster is starting up and not all brokers are \
                 up yet."
            )
        })
    }

    /// Config overrides an internal topic gets beside its layout (`plan_topic`): the
    /// transaction log's `min.insync.replicas` is `transaction.state.log.min.isr`, as Kafka's
    /// transaction coordinator configures it (the offsets topic takes the broker's).
    pub(super) fn internal_topic_overrides(&self, name: &str) -> BTreeMap<String, String> {
        let mut configs = BTreeMap::new();
        if name == TXN_TOPIC {
            configs.insert(
                "min.insync.replicas".to_string(),
                self.config
                    .transactions
                    .state_log_min_isr
                    .max(1)
                    .to_string(),
            );
        }
        configs
    }
}
