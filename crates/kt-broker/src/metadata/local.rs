//! A standalone broker as a cluster of one: it is the only live broker, the controller and
//! the leader and only replica of every partition. Its topics are the catalogue the broker
//! keeps in `kt-topics.json`; changes are that catalogue's file writes, made off the async
//! threads and seen at once.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use futures::future::BoxFuture;

use super::{ClusterMetadata, CreatedTopic, NewTopic};
use crate::cluster::{BrokerEndpoint, ClusterView, PartitionState, TopicAssignment};
use crate::coordinator::{GroupError, OFFSETS_TOPIC};
use crate::state::{Broker, Topic, TopicRequest};
use crate::BrokerError;

/// Producer ids are reserved in blocks, persisted in the catalogue, so ids stay unique across
/// restarts without a catalogue write per InitProducerId.
const PRODUCER_ID_BLOCK: i64 = 1000;

/// The standalone implementation of [`ClusterMetadata`].
///
/// Locks: `producer_ids` is taken before the broker's catalogue lock (a block is reserved
/// in the catalogue file under both); `view` is held only to read or swap the cached view.
pub struct LocalCatalogue {
    /// Producer ids handed out: (next, end of the reserved block). Shared with the blocking
    /// task that reserves the next block.
    producer_ids: Arc<Mutex<(i64, i64)>>,
    /// The view last built, with the generation of the broker's topic map it was built from
    /// (rebuilt when a catalogue change has moved the generation on).
    view: RwLock<(u64, Arc<ClusterView>)>,
}

impl LocalCatalogue {
    /// A cluster of one whose next producer-id block starts at `next_producer_id_block`
    /// (from the catalogue).
    pub fn new(next_producer_id_block: i64) -> Self {
        LocalCatalogue {
            producer_ids: Arc::new(Mutex::new((next_producer_id_block, next_producer_id_block))),
            view: RwLock::new((u64::MAX, Arc::new(ClusterView::default()))),
        }
    }
}

/// Hands out the next producer id of `ids`, reserving a new block in the catalogue every
/// [`PRODUCER_ID_BLOCK`] ids (a file write).
fn next_producer_id(ids: &Mutex<(i64, i64)>, broker: &Broker) -> Result<i64, BrokerError> {
    let mut ids = ids.lock().unwrap_or_else(|e| e.into_inner());
    if ids.0 >= ids.1 {
        let start = broker.reserve_producer_ids(ids.0, PRODUCER_ID_BLOCK)?;
        *ids = (start, start + PRODUCER_ID_BLOCK);
    }
    let id = ids.0;
    ids.0 += 1;
    Ok(id)
}

/// The one-broker cluster over a snapshot of the broker's topics.
fn view_of(broker: &Broker, topics: &BTreeMap<String, Arc<Topic>>) -> ClusterView {
    let me = broker.id();
    let (host, port) = broker.advertised_endpoint();
    let alone = PartitionState {
        leader: me,
        leader_epoch: 0,
        isr: vec![me],
        controller_epoch: 0,
    };
    ClusterView {
        controller: me,
        brokers: BTreeMap::from([(me, BrokerEndpoint { host, port })]),
        // A standalone broker has no registration znode, and no controller to tell epochs apart.
        broker_epochs: BTreeMap::new(),
        listener_endpoints: BTreeMap::from([(
            me,
            broker
                .advertised_listeners()
                .into_iter()
                .map(|l| {
                    let endpoint = BrokerEndpoint {
                        host: l.host,
                        port: i32::from(l.port),
                    };
                    (l.name, endpoint)
                })
                .collect(),
        )]),
        listener_protocols: BTreeMap::from([(
            me,
            broker
                .advertised_listeners()
                .into_iter()
                .map(|l| (l.name, l.protocol.name().to_string()))
                .collect(),
        )]),
        racks: (broker.config().properties.get("broker.rack").cloned())
            .map(|rack| BTreeMap::from([(me, rack)]))
            .unwrap_or_default(),
        topics: topics
            .iter()
            .map(|(name, topic)| {
                let indexes = 0..topic.meta.partitions;
                let assignment = TopicAssignment {
                    id: topic.meta.id,
                    replicas: indexes.clone().map(|p| (p, vec![me])).collect(),
                    states: indexes.map(|p| (p, alone.clone())).collect(),
                    configs: topic.meta.configs.clone(),
                    adding: Default::default(),
                    removing: Default::default(),
                };
                (name.clone(), assignment)
            })
            .collect(),
        deleting: Vec::new(),
        unreadable: Vec::new(),
        controller_epoch: 0,
        state_versions: BTreeMap::new(),
    }
}

/// Runs a catalogue change (file I/O) off the async threads.
async fn blocking<T: Send + 'static>(
    broker: &Arc<Broker>,
    change: impl FnOnce(&Broker) -> Result<T, BrokerError> + Send + 'static,
) -> Result<T, BrokerError> {
    let broker = broker.clone();
    tokio::task::spawn_blocking(move || change(&broker))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string()).into()))
}

/// A topic of CreateTopics as the standalone broker creates it: a manual assignment must
/// place every partition on this broker (`me`) alone.
fn local_request(me: i32, topic: NewTopic) -> Result<TopicRequest, BrokerError> {
    let assignments = match &topic.assignment {
        None => None,
        Some(assignment) => {
            for (partition, replicas) in assignment {
                if replicas.as_slice() != [me] {
                    return Err(BrokerError::InvalidReplicaAssignment(format!(
                        "Replica assignment of partition {partition} names brokers other than \
                         the only one, {me}."
                    )));
                }
            }
            Some(assignment.len() as i32)
        }
    };
    Ok(TopicRequest {
        name: topic.name,
        partitions: topic.partitions,
        replication_factor: topic.replication_factor,
        assignments,
        configs: topic.configs,
    })
}

impl ClusterMetadata for LocalCatalogue {
    fn view(&self, broker: &Broker) -> Arc<ClusterView> {
        // The generation is read before the topics: a view is never cached under a
        // generation newer than the map it was built from.
        let generation = broker.topics_generation();
        {
            let cached = self.view.read().unwrap_or_else(|e| e.into_inner());
            if cached.0 == generation {
                return cached.1.clone();
            }
        }
        let view = Arc::new(view_of(broker, &broker.topics()));
        *self.view.write().unwrap_or_else(|e| e.into_inner()) = (generation, view.clone());
        view
    }

    fn create_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        topic: NewTopic,
        validate_only: bool,
        wait: Duration,
    ) -> BoxFuture<'a, Result<CreatedTopic, BrokerError>> {
        Box::pin(async move {
            self.create_topics(broker, vec![topic], validate_only, wait)
                .await
                .pop()
                .unwrap_or(Err(BrokerError::UnknownTopicOrPartition))
        })
    }

    fn create_topics<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        topics: Vec<NewTopic>,
        validate_only: bool,
        _wait: Duration,
    ) -> BoxFuture<'a, Vec<Result<CreatedTopic, BrokerError>>> {
        let count = topics.len();
        Box::pin(async move {
            let created = blocking(broker, move |broker| {
                let me = broker.id();
                // A bad assignment fails its topic alone; the others go to the broker in one
                // batch (one catalogue write), their results put back in request order.
                let mut results: Vec<Option<Result<CreatedTopic, BrokerError>>> = Vec::new();
                let mut requests = Vec::new();
                for topic in topics {
                    match local_request(me, topic) {
                        Ok(request) => {
                            requests.push(request);
                            results.push(None);
                        }
                        Err(e) => results.push(Some(Err(e))),
                    }
                }
                let mut done = broker.create_topics(requests, validate_only).into_iter();
                Ok(results
                    .into_iter()
                    .map(|slot| {
                        slot.unwrap_or_else(|| {
                            done.next()
                                .unwrap_or(Err(BrokerError::UnknownTopicOrPartition))
                                .map(|created| CreatedTopic {
                                    id: created.meta.id,
                                    partitions: created.meta.partitions,
                                    replication_factor: 1,
                                    configs: created.meta.configs.clone(),
                                })
                        })
                    })
                    .collect::<Vec<_>>())
            })
            .await;
            match created {
                Ok(results) => results,
                Err(e) => (0..count)
                    .map(|_| Err(BrokerError::InvalidRequest(e.to_string())))
                    .collect(),
            }
        })
    }

    fn delete_topic<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        _wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        let name = name.to_string();
        Box::pin(blocking(broker, move |broker| broker.delete_topic(&name)))
    }

    fn create_partitions<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        count: i32,
        validate_only: bool,
        _wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        let name = name.to_string();
        Box::pin(blocking(broker, move |broker| {
            broker.create_partitions(&name, count, validate_only)
        }))
    }

    fn set_topic_configs<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
        name: &'a str,
        configs: BTreeMap<String, String>,
        validate_only: bool,
        _wait: Duration,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        let name = name.to_string();
        Box::pin(blocking(broker, move |broker| {
            broker.set_topic_configs(&name, configs, validate_only)
        }))
    }

    fn allocate_producer_id<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<i64, BrokerError>> {
        // Every thousandth id reserves a new block in the catalogue (a file write): the
        // whole hand-out runs off the async threads.
        let ids = self.producer_ids.clone();
        Box::pin(blocking(broker, move |broker| {
            next_producer_id(&ids, broker)
        }))
    }

    fn prepare_coordinator<'a>(
        &'a self,
        broker: &'a Arc<Broker>,
    ) -> BoxFuture<'a, Result<(), GroupError>> {
        Box::pin(async move {
            if broker.groups().is_ready() {
                return Ok(());
            }
            // Creating `__consumer_offsets` and replaying it is file I/O.
            let b = broker.clone();
            match tokio::task::spawn_blocking(move || b.ensure_offsets_topic()).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => {
                    tracing::error!("creating {OFFSETS_TOPIC} failed: {e}");
                    Err(GroupError::CoordinatorNotAvailable)
                }
                Err(_) => Err(GroupError::CoordinatorNotAvailable),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::coordinates;

    fn open(dir: &std::path::Path) -> Arc<Broker> {
        crate::test_support::open_broker(
            dir,
            &[
                ("broker.id", "7"),
                ("listeners", "PLAINTEXT://127.0.0.1:9093"),
                ("offsets.topic.num.partitions", "4"),
            ],
        )
    }

    fn topic(name: &str, partitions: i32) -> NewTopic {
        NewTopic {
            partitions,
            replication_factor: 1,
            ..NewTopic::with_defaults(name)
        }
    }

    const NOW: Duration = Duration::ZERO;

    #[tokio::test]
    async fn a_standalone_broker_is_a_cluster_of_one_and_its_own_controller() {
        let dir = tempfile::tempdir().unwrap();
        let broker = open(dir.path());
        let view = broker.view();
        assert_eq!(view.controller, 7);
        assert_eq!(
            view.brokers,
            BTreeMap::from([(
                7,
                BrokerEndpoint {
                    host: "127.0.0.1".into(),
                    port: 9093
                }
            )])
        );
        assert!(view.topics.is_empty());

        let configs = BTreeMap::from([("retention.ms".to_string(), "1000".to_string())]);
        let new = NewTopic {
            configs: configs.clone(),
            ..topic("orders", 3)
        };
        let created = broker
            .metadata()
            .create_topic(&broker, new, false, NOW)
            .await
            .unwrap();
        assert_eq!((created.partitions, created.replication_factor), (3, 1));
        let view = broker.view();
        let orders = &view.topics["orders"];
        assert_eq!(orders.id, created.id);
        assert_eq!(orders.configs, configs);
        assert_eq!(orders.partition_count(), 3);
        for p in 0..3 {
            assert_eq!(orders.replicas[&p], vec![7]);
            assert_eq!(orders.states[&p].isr, vec![7]);
            assert_eq!(view.live_leader("orders", p), Some(7));
        }
        assert_eq!(broker.partition_count("orders"), Some(3));
        assert!(broker.leading("orders", 2).is_ok());
        assert_eq!(
            broker.leading("orders", 3).err(),
            Some(kafka_protocol::error::ResponseError::UnknownTopicOrPartition)
        );
    }

    #[tokio::test]
    async fn the_view_follows_every_catalogue_change() {
        let dir = tempfile::tempdir().unwrap();
        let broker = open(dir.path());
        let metadata = broker.metadata();
        metadata
            .create_topic(&broker, topic("t", 1), false, NOW)
            .await
            .unwrap();
        let before = broker.view();
        assert!(
            Arc::ptr_eq(&before, &broker.view()),
            "an unchanged view is shared"
        );

        metadata
            .create_partitions(&broker, "t", 4, false, NOW)
            .await
            .unwrap();
        assert_eq!(broker.view().topics["t"].partition_count(), 4);
        assert_eq!(before.topics["t"].partition_count(), 1);

        let configs = BTreeMap::from([("cleanup.policy".to_string(), "compact".to_string())]);
        metadata
            .set_topic_configs(&broker, "t", configs.clone(), false, NOW)
            .await
            .unwrap();
        assert_eq!(broker.view().topics["t"].configs, configs);

        metadata.delete_topic(&broker, "t", NOW).await.unwrap();
        assert!(!broker.view().topics.contains_key("t"));
        let gone = metadata.delete_topic(&broker, "t", NOW).await.unwrap_err();
        assert!(
            matches!(gone, BrokerError::UnknownTopicOrPartition),
            "{gone}"
        );
    }

    #[tokio::test]
    async fn a_manual_assignment_may_name_only_this_broker() {
        let dir = tempfile::tempdir().unwrap();
        let broker = open(dir.path());
        let assigned = |replicas: Vec<Vec<i32>>| NewTopic {
            assignment: Some(
                replicas
                    .into_iter()
                    .enumerate()
                    .map(|(p, r)| (p as i32, r))
                    .collect(),
            ),
            ..NewTopic::with_defaults("a")
        };
        let refused = broker
            .metadata()
            .create_topic(&broker, assigned(vec![vec![7], vec![7, 8]]), false, NOW)
            .await
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "Replica assignment of partition 1 names brokers other than the only one, 7."
        );
        let checked = broker
            .metadata()
            .create_topic(&broker, assigned(vec![vec![7], vec![7]]), true, NOW)
            .await
            .unwrap();
        assert_eq!(checked.partitions, 2);
        assert!(!broker.view().topics.contains_key("a"), "validate only");
        broker
            .metadata()
            .create_topic(&broker, assigned(vec![vec![7], vec![7]]), false, NOW)
            .await
            .unwrap();
        assert_eq!(broker.view().topics["a"].partition_count(), 2);
    }

    #[tokio::test]
    async fn the_topics_of_one_request_are_created_together_each_with_its_own_answer() {
        let dir = tempfile::tempdir().unwrap();
        let broker = open(dir.path());
        let metadata = broker.metadata();
        metadata
            .create_topic(&broker, topic("old", 1), false, NOW)
            .await
            .unwrap();
        let foreign = NewTopic {
            assignment: Some(BTreeMap::from([(0, vec![8])])),
            ..NewTopic::with_defaults("foreign")
        };
        let batch = vec![
            topic("a", 2),
            topic("old", 1),
            foreign,
            topic("b", 3),
            topic("a", 1),
            topic("bad name", 1),
        ];
        let results = metadata.create_topics(&broker, batch, false, NOW).await;
        let outcome: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(created) => format!("ok {}", created.partitions),
                Err(e) => format!("{:?}", e.response_error()),
            })
            .collect();
        assert_eq!(
            outcome,
            [
                "ok 2",
                "TopicAlreadyExists",
                "InvalidReplicaAssignment",
                "ok 3",
                "TopicAlreadyExists",
                "InvalidTopicException"
            ]
        );
        assert_eq!(broker.view().topics["a"].partition_count(), 2);
        assert_eq!(broker.view().topics["b"].partition_count(), 3);
        // One write holds both, and a restart finds them with their logs.
        drop(broker);
        let broker = open(dir.path());
        for (name, count) in [("old", 1), ("a", 2), ("b", 3)] {
            assert_eq!(broker.partition_count(name), Some(count), "{name}");
        }
        assert!(broker.partition_count("foreign").is_none());
        // Validating only creates nothing, whatever the batch.
        let checked = broker
            .metadata()
            .create_topics(&broker, vec![topic("c", 1), topic("a", 1)], true, NOW)
            .await;
        assert!(checked[0].is_ok() && checked[1].is_err());
        assert!(broker.partition_count("c").is_none());
        assert!(!dir.path().join("c-0").exists());
    }

    #[tokio::test]
    async fn producer_ids_stay_unique_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let first: Vec<i64> = {
            let broker = open(dir.path());
            let mut ids = Vec::new();
            for _ in 0..3 {
                ids.push(
                    broker
                        .metadata()
                        .allocate_producer_id(&broker)
                        .await
                        .unwrap(),
                );
            }
            ids
        };
        assert_eq!(first, vec![0, 1, 2]);
        let broker = open(dir.path());
        let next = broker
            .metadata()
            .allocate_producer_id(&broker)
            .await
            .unwrap();
        assert_eq!(
            next, PRODUCER_ID_BLOCK,
            "the reopened broker takes the next block"
        );
    }

    #[tokio::test]
    async fn the_first_group_request_creates_and_loads_the_offsets_topic() {
        let dir = tempfile::tempdir().unwrap();
        let broker = open(dir.path());
        assert_eq!(
            broker.coordinates("g"),
            Err(GroupError::CoordinatorNotAvailable)
        );
        broker
            .metadata()
            .prepare_coordinator(&broker)
            .await
            .unwrap();
        assert!(broker.groups().is_ready());
        let view = broker.view();
        assert_eq!(view.topics[OFFSETS_TOPIC].partition_count(), 4);
        assert_eq!(broker.coordinates("g"), Ok(()));
        // A broker that has not loaded the partition is still loading it.
        assert_eq!(
            coordinates(&view, 7, |_| false, "g"),
            Err(GroupError::CoordinatorLoadInProgress)
        );
        assert_eq!(
            coordinates(&view, 8, |_| true, "g"),
            Err(GroupError::NotCoordinator)
        );
    }
}
