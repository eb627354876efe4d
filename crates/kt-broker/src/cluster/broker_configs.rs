//! Dynamic broker configs in ZooKeeper mode, where Kafka 3.9 keeps them: a broker's own in
//! `/config/brokers/<id>` and the cluster default in `/config/brokers/<default>`, each in
//! Kafka's `{"version":1,"config":{...}}`, with a change recorded under `/config/changes`.
//! Which keys and values are accepted is `dynamic_config`'s to say; this module only reads
//! and writes the znodes. As Kafka's `ZkAdminManager`, a broker alters only its own entity
//! (and the default); every broker applies the default and its own entity when a change
//! notification names them (`config_changes`), whoever wrote them.

use std::collections::BTreeMap;

use kt_base::config::ServerConfig;

use zookeeper_client::{Acls, Client, CreateMode, Error as ZkError};

use super::link::zk;
use super::znodes::{decode_config, encode_config};
use super::{Cluster, ClusterError};
use crate::dynamic_config::{DynamicConfigs, Scope, DEFAULT_ENTITY};
use crate::state::Broker;

/// The entity (`<id>` or `<default>`) a layer of broker `me` is kept under.
fn entity(scope: Scope, me: i32) -> String {
    match scope {
        Scope::Broker => me.to_string(),
        Scope::Default => DEFAULT_ENTITY.to_string(),
    }
}

/// A layer as stored, without the keys no dynamic update may set or whose values are invalid
/// (another tool may have written them there), each kind dropped logged as Kafka's broker
/// logs it.
fn dynamic_only(
    scope: Scope,
    stored: BTreeMap<String, String>,
    static_config: &ServerConfig,
) -> BTreeMap<String, String> {
    let (kept, ignored) = crate::dynamic_config::from_persistent(scope, stored, static_config);
    for message in ignored {
        tracing::error!("{message}");
    }
    kept
}

/// Reads one entity's configs (none when its znode is missing).
async fn read(
    client: &Client,
    path: &str,
) -> Result<(BTreeMap<String, String>, Option<i32>), ClusterError> {
    match client.get_data(path).await {
        Ok((bytes, stat)) => Ok((decode_config(path, &bytes)?, Some(stat.version))),
        Err(ZkError::NoNode) => Ok((BTreeMap::new(), None)),
        Err(e) => Err(zk("get", path)(e)),
    }
}

/// This broker's dynamic configs and the cluster default, as ZooKeeper holds them.
pub async fn load(
    cluster: &Cluster,
    static_config: &ServerConfig,
) -> Result<DynamicConfigs, ClusterError> {
    let client = cluster.client()?;
    let me = cluster.broker_id();
    let (broker, _) = read(
        &client,
        &format!("/config/brokers/{}", entity(Scope::Broker, me)),
    )
    .await?;
    let (default, _) = read(
        &client,
        &format!("/config/brokers/{}", entity(Scope::Default, me)),
    )
    .await?;
    Ok(DynamicConfigs {
        broker: dynamic_only(Scope::Broker, broker, static_config),
        default: dynamic_only(Scope::Default, default, static_config),
    })
}

/// Replaces one layer's configs in ZooKeeper and records the change for the other brokers.
pub async fn store(
    cluster: &Cluster,
    scope: Scope,
    configs: &BTreeMap<String, String>,
) -> Result<(), ClusterError> {
    let client = cluster.client()?;
    let name = entity(scope, cluster.broker_id());
    let path = format!("/config/brokers/{name}");
    let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
    loop {
        let (_, version) = read(&client, &path).await?;
        let data = encode_config(configs);
        let written = match version {
            Some(v) => client.set_data(&path, &data, Some(v)).await.map(|_| ()),
            None => client.create(&path, &data, &options).await.map(|_| ()),
        };
        match written {
            Ok(()) => break,
            Err(ZkError::BadVersion) | Err(ZkError::NodeExists) => continue,
            Err(e) => return Err(zk("set", &path)(e)),
        }
    }
    if let Err(e) = super::config_changes::notify(&client, &format!("brokers/{name}")).await {
        tracing::warn!("recording the config change of brokers/{name}: {e}");
    }
    Ok(())
}

/// Applies the change of `brokers/<name>` a notification named (Kafka's `BrokerConfigHandler`):
/// the cluster default and this broker's own entity are read again and applied, another
/// broker's entity is none of this broker's business. A stored layer that no longer makes a
/// valid configuration is refused and the configs in effect stay.
pub async fn changed(client: &Client, broker: &Broker, name: &str) -> Result<(), ClusterError> {
    let path = format!("/config/brokers/{name}");
    let scope = match super::config_changes::broker_entity_scope(name, broker.id()) {
        Ok(Some(scope)) => scope,
        Ok(None) => return Ok(()),
        Err(reason) => return Err(ClusterError::Format { path, reason }),
    };
    let (stored, _) = read(client, &path).await?;
    tracing::info!("Processing override for entityPath: brokers/{name} with config: {stored:?}");
    let configs = dynamic_only(scope, stored, broker.config());
    broker
        .apply_dynamic_layer(scope, configs)
        .map_err(|reason| ClusterError::Format { path, reason })
}
