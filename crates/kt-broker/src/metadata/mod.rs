//! What the cluster knows, behind one interface: topics and their partitions, each
//! partition's replicas and leader, the live brokers, the controller, and the changes a
//! client may ask for (topics created or deleted, partitions added, configs replaced,
//! producer-id blocks). The request handlers ask [`ClusterMetadata`] and never which mode
//! the broker runs in.
//!
//! Two implementations: [`LocalCatalogue`], a standalone broker as a cluster of one whose
//! broker is also its controller (kept in `kt-topics.json`), and [`Cluster`], ZooKeeper
//! mode (kept in Kafka's znodes, `broker::cluster`). Both answer reads with a
//! [`ClusterView`], so one code path describes either.

mod local;
mod zookeeper;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use uuid::Uuid;

use super::cluster::ClusterView;
use super::coordinator::{partition_of, GroupError, OFFSETS_TOPIC};
use super::state::Broker;
use super::BrokerError;

pub use super::cluster::Cluster;
pub use local::LocalCatalogue;

/// A topic a client asked for: by CreateTopics, by auto-creation in Metadata, or
/// `__consumer_offsets` on the first FindCoordinator.
#[derive(Debug, Clone)]
pub struct NewTopic {
    /// The topic's name (checked by the implementation, as Kafka does).
    pub name: String,
    /// The partition count, -1 for `num.partitions`.
    pub partitions: i32,
    /// Replicas per partition, -1 for `default.replication.factor`.
    pub replication_factor: i16,
    /// A manual replica assignment: partitions 0..n, each with its brokers.
    pub assignment: Option<BTreeMap<i32, Vec<i32>>>,
    /// Topic-level config overrides.
    pub configs: BTreeMap<String, String>,
}

impl NewTopic {
    /// A topic with the broker's default layout and no overrides.
    pub fn with_defaults(name: &str) -> Self {
        NewTopic {
            name: name.to_string(),
            partitions: -1,
            replication_factor: -1,
            assignment: None,
            configs: BTreeMap::new(),
        }
    }
}

/// A topic created (or validated only), as CreateTopics reports it.
#[derive(Debug, Clone)]
pub struct CreatedTopic {
    /// The new topic id.
    pub id: Uuid,
    /// The partition count.
    pub partitions: i32,
    /// Replicas per partition.
    pub replication_factor: i16,
    /// Its config overrides.
    pub configs: BTreeMap<String, String>,
}

/// The cluster as the request handlers see it, standalone or in ZooKeeper mode.
///
/// Reads are synchronous and cheap (a shared [`ClusterView`]); changes are futures, since
/// they do file I/O (standalone, off the async threads) or ZooKeeper round trips. `wait` is
/// how long a change may wait to be seen through by the cluster (the request's timeout); a
/// cluster of one sees its changes at once.
pub trait ClusterMetadata: Send + Sync {
    /// The cluster now: live brokers, the controller, every topic with its partitions'
    /// replicas, leaders and configs.
    fn view(&self, broker: &Broker) -> Arc<ClusterView>;

    /// Creates a topic (or only checks that it could be, with `validate_only`).
    fn create_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        topic: NewTopic,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<CreatedTopic, BrokerError>>;

    /// Creates the topics of one CreateTopics request, each with its own result, in order.
    /// One by one unless the implementation can do better: a cluster of one writes its
    /// catalogue once for all of them.
    fn create_topics<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        topics: Vec<NewTopic>,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Vec<Result<CreatedTopic, BrokerError>>> {
        Box::pin(async move {
            let mut results = Vec::with_capacity(topics.len());
            for topic in topics {
                results.push(self.create_topic(broker, topic, validate_only, wait).await);
            }
            results
        })
    }

    /// Deletes a topic and, on every broker, its partition logs.
    fn delete_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// Raises a topic's partition count to `count`.
    fn create_partitions<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        count: i32,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// Replaces a topic's config overrides.
    fn set_topic_configs<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        configs: BTreeMap<String, String>,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// A producer id no other producer of the cluster has, from a block this broker has
    /// reserved.
    fn allocate_producer_id<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<i64, BrokerError>>;

    /// Readies this broker's group coordinator as far as a group request may: a cluster of
    /// one creates `__consumer_offsets` on first use and loads it; in ZooKeeper mode the
    /// watch loop loads this broker's partitions of it, so there is nothing to do here.
    fn prepare_coordinator<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<(), GroupError>>;
}

/// Whether broker `me` coordinates `group` in `view`: it must lead the group's partition of
/// `__consumer_offsets` and have loaded it.
pub fn coordinates(
    view: &ClusterView,
    me: i32,
    holds: impl Fn(i32) -> bool,
    group: &str,
) -> Result<(), GroupError> {
    let Some(offsets) = view.topics.get(OFFSETS_TOPIC) else {
        return Err(GroupError::CoordinatorNotAvailable);
    };
    let index = partition_of(group, offsets.partition_count());
    match view.live_leader(OFFSETS_TOPIC, index) {
        Some(leader) if leader == me => {
            if holds(index) {
                Ok(())
            } else {
                Err(GroupError::CoordinatorLoadInProgress)
            }
        }
        Some(_) => Err(GroupError::NotCoordinator),
        None => Err(GroupError::CoordinatorNotAvailable),
    }
}
