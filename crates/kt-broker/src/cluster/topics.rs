//! Topic creation and deletion in ZooKeeper mode, as Kafka's admin path does them: any
//! broker writes a new topic's config and assignment, or queues a deletion under
//! `/admin/delete_topics`; the controller then writes partition states or removes the
//! topic, and every broker follows through its watch.

use std::collections::BTreeMap;
use std::time::Duration;

use uuid::Uuid;
use zookeeper_client::{Acls, CreateMode, CreateOptions, Error as ZkError};

use super::znodes::{config_path, delete_path, encode_config, encode_topic, topic_path};
use super::{
    assign_replicas, check_manual_assignment, placement, Cluster, ClusterError, ClusterView,
};
use crate::coordinator::OFFSETS_TOPIC;
use crate::metadata::{CreatedTopic, NewTopic};
use crate::state::Broker;
use crate::BrokerError;

const PERSISTENT: CreateOptions<'static> = CreateMode::Persistent.with_acls(Acls::anyone_all());

fn zk_error(op: &'static str, path: &str, source: ZkError) -> BrokerError {
    BrokerError::Cluster(ClusterError::Zk {
        op,
        path: path.to_string(),
        source,
    })
}

/// Replicas for new partitions `first..first + partitions` over the live brokers: rack-aware
/// when they all have `broker.rack` (see [`super::placement`]), kt's round robin when none
/// has, refused when only some have.
fn place(
    view: &ClusterView,
    live: &[i32],
    partitions: i32,
    factor: usize,
    first: i32,
) -> Result<BTreeMap<i32, Vec<i32>>, BrokerError> {
    let random = || (Uuid::new_v4().as_u128() % live.len() as u128) as usize;
    match placement::racks_for_placement(live, &view.racks) {
        Err(message) => Err(ClusterError::IncompleteRacks(message).into()),
        Ok(Some(racks)) => Ok(placement::assign_rack_aware(
            &racks,
            partitions,
            factor,
            random(),
            random(),
            first,
        )),
        Ok(None) => Ok(assign_replicas(live, partitions, factor as i16, random())
            .into_iter()
            .map(|(p, r)| (first + p, r))
            .collect()),
    }
}

/// Creates a topic cluster-wide over the live brokers (or the given `assignment`), then
/// waits up to `wait` for the controller to have elected every partition's leader.
pub async fn create_topic(
    cluster: &Cluster,
    broker: &Broker,
    topic: NewTopic,
    validate_only: bool,
    wait: Duration,
) -> Result<CreatedTopic, BrokerError> {
    let NewTopic {
        name,
        partitions,
        replication_factor,
        assignment,
        configs,
    } = topic;
    let name = name.as_str();
    let (partitions, replication_factor, configs) = broker.plan_topic(
        name,
        partitions,
        replication_factor,
        assignment.as_ref().map(|a| a.len() as i32),
        configs,
    )?;
    let view = cluster.view();
    if view.topics.contains_key(name) {
        return Err(BrokerError::TopicAlreadyExists(name.to_string()));
    }
    let live: Vec<i32> = view.brokers.keys().copied().collect();
    let replicas = match assignment {
        Some(given) => {
            check_manual_assignment(&given, &live)
                .map_err(BrokerError::InvalidReplicaAssignment)?;
            given
        }
        None => {
            if replication_factor as usize > live.len() {
                return Err(BrokerError::InvalidReplicationFactor(format!(
                    "Replication factor: {replication_factor} larger than available brokers: {}.",
                    live.len()
                )));
            }
            place(&view, &live, partitions, replication_factor as usize, 0)?
        }
    };
    let replication_factor = replicas.values().map(Vec::len).max().unwrap_or(1) as i16;
    let created = CreatedTopic {
        id: Uuid::new_v4(),
        partitions,
        replication_factor,
        configs,
    };
    if validate_only {
        return Ok(created);
    }
    let client = cluster.client()?;
    let path = config_path(name);
    let config = encode_config(&created.configs);
    match client.create(&path, &config, &PERSISTENT).await {
        Ok(_) => {}
        Err(ZkError::NodeExists) => {
            client
                .set_data(&path, &config, None)
                .await
                .map_err(|e| zk_error("set", &path, e))?;
        }
        Err(e) => return Err(zk_error("create", &path, e)),
    }
    let path = topic_path(name);
    match client
        .create(&path, &encode_topic(&created.id, &replicas), &PERSISTENT)
        .await
    {
        Ok(_) => {}
        Err(ZkError::NodeExists) => return Err(BrokerError::TopicAlreadyExists(name.to_string())),
        Err(e) => return Err(zk_error("create", &path, e)),
    }
    tracing::info!(
        "Created topic {name} with {partitions} partitions, assignment {replicas:?} (topic id {})",
        crate::catalogue::encode_uuid(&created.id)
    );
    let elected = cluster
        .wait_for(wait, |v| {
            v.topics
                .get(name)
                .is_some_and(|t| t.states.len() == t.replicas.len())
        })
        .await;
    if !elected && !wait.is_zero() {
        tracing::debug!("topic {name}: leaders not all elected within {wait:?}");
    }
    Ok(created)
}

/// Queues a topic's deletion for the controller and waits up to `wait` until every broker's
/// view (this one's) has lost it.
pub async fn delete_topic(
    cluster: &Cluster,
    broker: &Broker,
    name: &str,
    wait: Duration,
) -> Result<(), BrokerError> {
    if !broker.config().delete_topic_enable {
        return Err(BrokerError::TopicDeletionDisabled);
    }
    if name == OFFSETS_TOPIC {
        return Err(BrokerError::InvalidRequest(format!(
            "Topic {name} is an internal topic and cannot be deleted."
        )));
    }
    if !cluster.view().topics.contains_key(name) {
        return Err(BrokerError::UnknownTopicOrPartition);
    }
    let client = cluster.client()?;
    let path = delete_path(name);
    match client.create(&path, b"", &PERSISTENT).await {
        Ok(_) | Err(ZkError::NodeExists) => {}
        Err(e) => return Err(zk_error("create", &path, e)),
    }
    if cluster
        .wait_for(wait, |v| !v.topics.contains_key(name))
        .await
    {
        Ok(())
    } else {
        Err(BrokerError::RequestTimedOut(format!(
            "Topic {name} is marked for deletion and not deleted yet."
        )))
    }
}

/// Raises a topic's partition count cluster-wide: the new partitions are spread over the
/// live brokers like a new topic's, written into the topic's assignment (conditionally on
/// its version, so two concurrent changes cannot lose one), then the answer waits up to
/// `wait` for the controller to elect their leaders.
pub async fn create_partitions(
    cluster: &Cluster,
    name: &str,
    count: i32,
    validate_only: bool,
    wait: Duration,
) -> Result<(), BrokerError> {
    if name == OFFSETS_TOPIC {
        return Err(BrokerError::InvalidRequest(format!(
            "Topic {name} is an internal topic: its partition count is fixed."
        )));
    }
    let client = cluster.client()?;
    let path = topic_path(name);
    loop {
        let view = cluster.view();
        let (bytes, stat) = match client.get_data(&path).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Err(BrokerError::UnknownTopicOrPartition),
            Err(e) => return Err(zk_error("get", &path, e)),
        };
        let (id, mut replicas) = super::znodes::decode_topic(&path, &bytes)?;
        // A reassignment in progress keeps its adding and removing replicas.
        let (adding, removing) = super::znodes::decode_topic_reassignments(&path, &bytes)?;
        let current = replicas.len() as i32;
        if count <= current {
            return Err(BrokerError::InvalidPartitions(if count == current {
                format!("Topic already has {count} partitions.")
            } else {
                format!(
                    "Topic currently has {current} partitions, which is higher than the requested {count}."
                )
            }));
        }
        let live: Vec<i32> = view.brokers.keys().copied().collect();
        let factor = replicas.values().map(Vec::len).max().unwrap_or(1);
        if factor > live.len() {
            return Err(BrokerError::InvalidReplicationFactor(format!(
                "The target replication factor of {factor} cannot be reached because only {} broker(s) are registered.",
                live.len()
            )));
        }
        let added = place(&view, &live, count - current, factor, current)?;
        if validate_only {
            return Ok(());
        }
        replicas.extend(added);
        match client
            .set_data(
                &path,
                &super::znodes::encode_topic_reassigning(&id, &replicas, &adding, &removing),
                Some(stat.version),
            )
            .await
        {
            Ok(_) => break,
            Err(ZkError::BadVersion) => continue,
            Err(e) => return Err(zk_error("set", &path, e)),
        }
    }
    tracing::info!("Topic {name} now has {count} partitions");
    cluster
        .wait_for(wait, |v| {
            v.topics.get(name).is_some_and(|t| {
                t.replicas.len() as i32 >= count && t.states.len() == t.replicas.len()
            })
        })
        .await;
    Ok(())
}

/// Replaces a topic's config overrides cluster-wide: `/config/topics/<t>` and Kafka's change
/// notification under `/config/changes`; every broker applies them through its watch. Waits up
/// to `wait` until this broker has.
pub async fn set_topic_configs(
    cluster: &Cluster,
    name: &str,
    configs: BTreeMap<String, String>,
    validate_only: bool,
    wait: Duration,
) -> Result<(), BrokerError> {
    crate::topic_config::validate(&configs).map_err(BrokerError::InvalidConfig)?;
    if !cluster.view().topics.contains_key(name) {
        return Err(BrokerError::UnknownTopicOrPartition);
    }
    if validate_only {
        return Ok(());
    }
    let client = cluster.client()?;
    let path = config_path(name);
    let data = encode_config(&configs);
    match client.set_data(&path, &data, None).await {
        Ok(_) => {}
        Err(ZkError::NoNode) => match client.create(&path, &data, &PERSISTENT).await {
            Ok(_) => {}
            Err(e) => return Err(zk_error("create", &path, e)),
        },
        Err(e) => return Err(zk_error("set", &path, e)),
    }
    if let Err(e) = super::config_changes::notify(&client, &format!("topics/{name}")).await {
        tracing::warn!("writing the config change notification for {name}: {e}");
    }
    cluster
        .wait_for(wait, |v| {
            v.topics.get(name).is_some_and(|t| t.configs == configs)
        })
        .await;
    Ok(())
}
