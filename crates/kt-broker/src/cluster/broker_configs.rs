//! Dynamic broker configs in ZooKeeper mode, for the keys kt's brokers take at run time: the
//! replication throttles kafka-reassign-partitions.sh sets and clears. As Kafka 3.9's
//! `ZkAdminManager` does, a broker alters only its own configs (`/config/brokers/<id>`, in
//! Kafka's `{"version":1,"config":{...}}`) and records the change under `/config/changes`
//! for the other brokers.

use std::collections::BTreeMap;

use zookeeper_client::{Acls, CreateMode, Error as ZkError};

use super::link::zk;
use super::znodes::{decode_config, encode_config};
use super::{Cluster, ClusterError};

/// The broker configs kt alters at run time (Kafka's `QuotaConfig` replication throttles).
pub const DYNAMIC_KEYS: [&str; 3] = [
    "leader.replication.throttled.rate",
    "follower.replication.throttled.rate",
    "replica.alter.log.dirs.io.max.bytes.per.second",
];

/// `/config/brokers/<id>`.
pub fn broker_config_path(id: i32) -> String {
    format!("/config/brokers/{id}")
}

/// Why a broker config change was refused, in Kafka's words.
#[derive(Debug, thiserror::Error)]
pub enum BrokerConfigError {
    /// Not this broker's id (Kafka's check in `getBrokerId`).
    #[error("Unexpected broker id, expected {expected}, but received {received}")]
    OtherBroker { expected: i32, received: String },
    /// A key kt does not change at run time.
    #[error("Cannot update these configs dynamically: Set({0})")]
    NotDynamic(String),
    /// A rate that is not a non-negative number.
    #[error("Invalid value {value} for configuration {name}: Value must be at least 0")]
    BadValue { name: String, value: String },
    #[error(transparent)]
    Cluster(#[from] ClusterError),
}

/// Applies `ops` (a value sets, None deletes) to this broker's dynamic configs in ZooKeeper.
pub async fn alter(
    cluster: &Cluster,
    resource_name: &str,
    ops: &[(String, Option<String>)],
    validate_only: bool,
) -> Result<(), BrokerConfigError> {
    let me = cluster.broker_id();
    if resource_name.parse::<i32>().ok() != Some(me) {
        return Err(BrokerConfigError::OtherBroker {
            expected: me,
            received: resource_name.to_string(),
        });
    }
    let refused: Vec<&str> = ops
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !DYNAMIC_KEYS.contains(k))
        .collect();
    if !refused.is_empty() {
        return Err(BrokerConfigError::NotDynamic(refused.join(", ")));
    }
    for (name, value) in ops {
        if let Some(v) = value {
            if !v.trim().parse::<i64>().is_ok_and(|n| n >= 0) {
                return Err(BrokerConfigError::BadValue {
                    name: name.clone(),
                    value: v.clone(),
                });
            }
        }
    }
    if validate_only {
        return Ok(());
    }
    let client = cluster.client()?;
    let path = broker_config_path(me);
    let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
    loop {
        let (mut configs, version) = match client.get_data(&path).await {
            Ok((bytes, stat)) => (decode_config(&path, &bytes)?, Some(stat.version)),
            Err(ZkError::NoNode) => (BTreeMap::new(), None),
            Err(e) => return Err(zk("get", &path)(e).into()),
        };
        for (name, value) in ops {
            match value {
                Some(v) => configs.insert(name.clone(), v.trim().to_string()),
                None => configs.remove(name),
            };
        }
        let data = encode_config(&configs);
        let written = match version {
            Some(v) => client.set_data(&path, &data, Some(v)).await.map(|_| ()),
            None => client.create(&path, &data, &options).await.map(|_| ()),
        };
        match written {
            Ok(()) => break,
            Err(ZkError::BadVersion) | Err(ZkError::NodeExists) => continue,
            Err(e) => return Err(zk("set", &path)(e).into()),
        }
    }
    let notification = format!("{{\"version\":2,\"entity_path\":\"brokers/{me}\"}}");
    let sequential = CreateMode::PersistentSequential.with_acls(Acls::anyone_all());
    if let Err(e) = client
        .create(
            "/config/changes/config_change_",
            notification.as_bytes(),
            &sequential,
        )
        .await
    {
        tracing::warn!("recording the config change of broker {me}: {e}");
    }
    tracing::info!("[Broker id={me}] dynamic configs changed: {ops:?}");
    Ok(())
}
