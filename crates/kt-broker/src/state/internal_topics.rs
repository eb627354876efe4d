//! Kafka's rules for creating the coordinators' internal topics, `__consumer_offsets` and
//! `__transaction_state`: their replication factor comes from `offsets.topic.replication.factor`
//! and `transaction.state.log.replication.factor`, and neither is created while fewer brokers
//! are alive than that factor (FindCoordinator then answers COORDINATOR_NOT_AVAILABLE).
//!
//! A node without `zookeeper.connect` (standalone, or kt's single-node KRaft server) is a
//! cluster of one that no broker can ever join, so there the factors are capped at 1: Kafka's
//! default of 3 could never be met and would leave every group and transaction unavailable.
//! `configured_factor_unreachable` names the keys so start-up can say so once.

use std::collections::BTreeMap;

use super::Broker;
use crate::txn::TXN_TOPIC;

impl Broker {
    /// The replication factor Kafka creates internal topic `name` with, and the key that
    /// configures it.
    pub fn internal_replication_factor(&self, name: &str) -> (i16, &'static str) {
        let (factor, key) = configured_factor(&self.config, name);
        if self.config.zookeeper.is_none() {
            (1, key)
        } else {
            (factor, key)
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
                self.internal_min_isr().to_string(),
            );
        }
        configs
    }
}

impl Broker {
    /// `transaction.state.log.min.isr`, never above the transaction log's replication factor
    /// on a cluster of one (where the factor is capped at 1, see the module doc).
    fn internal_min_isr(&self) -> i32 {
        let min_isr = self.config.transactions.state_log_min_isr.max(1);
        if self.config.zookeeper.is_none() {
            1
        } else {
            min_isr
        }
    }
}

/// The factor `name`'s key asks for, and the key.
fn configured_factor(config: &kt_base::config::ServerConfig, name: &str) -> (i16, &'static str) {
    if name == TXN_TOPIC {
        (
            config.transactions.state_log_replication_factor.max(1),
            "transaction.state.log.replication.factor",
        )
    } else {
        (
            config.groups.offsets_topic_replication_factor.max(1),
            "offsets.topic.replication.factor",
        )
    }
}

/// The internal-topic keys set above 1 on a node that can never have a second broker
/// (no `zookeeper.connect`), with their values: start-up logs that they are capped at 1.
pub fn configured_factor_unreachable(config: &kt_base::config::ServerConfig) -> Vec<String> {
    if config.zookeeper.is_some() {
        return Vec::new();
    }
    let mut over = Vec::new();
    for name in [crate::coordinator::OFFSETS_TOPIC, TXN_TOPIC] {
        let (factor, key) = configured_factor(config, name);
        if factor > 1 {
            over.push(format!("{key}={factor}"));
        }
    }
    if config.transactions.state_log_min_isr > 1 {
        over.push(format!(
            "transaction.state.log.min.isr={}",
            config.transactions.state_log_min_isr
        ));
    }
    over
}
