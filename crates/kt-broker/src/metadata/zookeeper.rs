//! ZooKeeper mode behind [`ClusterMetadata`]: reads come from the view the watch loop keeps
//! current, changes are written to Kafka's znodes (`broker::cluster::topics`) and seen
//! through the watch.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;

use super::{ClusterMetadata, CreatedTopic, NewTopic};
use crate::cluster::{topics, Cluster, ClusterView};
use crate::coordinator::GroupError;
use crate::state::Broker;
use crate::BrokerError;

impl ClusterMetadata for Cluster {
    fn view(&self, _broker: &Broker) -> Arc<ClusterView> {
        Cluster::view(self)
    }

    fn create_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        topic: NewTopic,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<CreatedTopic, BrokerError>> {
        Box::pin(topics::create_topic(
            self,
            broker,
            topic,
            validate_only,
            wait,
        ))
    }

    fn delete_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        Box::pin(topics::delete_topic(self, broker, name, wait))
    }

    fn create_partitions<'a>(
        &'a self,
        _broker: &'a Arc<Broker>,
        name: &'a str,
        count: i32,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        Box::pin(topics::create_partitions(
            self,
            name,
            count,
            validate_only,
            wait,
        ))
    }

    fn set_topic_configs<'a>(
        &'a self,
        _broker: &'a Arc<Broker>,
        name: &'a str,
        configs: BTreeMap<String, String>,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        Box::pin(topics::set_topic_configs(
            self,
            name,
            configs,
            validate_only,
            wait,
        ))
    }

    fn allocate_producer_id<'a>(
        &'a self,
        _broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<i64, BrokerError>> {
        Box::pin(async move { Ok(Cluster::allocate_producer_id(self).await?) })
    }

    fn prepare_coordinator<'a>(
        &'a self,
        _broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<(), GroupError>> {
        // The watch loop loads this broker's partitions of `__consumer_offsets` as the
        // controller elects their leaders.
        Box::pin(async { Ok(()) })
    }
}
