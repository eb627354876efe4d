//! Client metrics subscriptions (KIP-714) in ZooKeeper mode, cluster-wide as every other
//! config entity is there. Kafka 3.9 serves them only in KRaft mode, where every broker reads
//! them from the metadata log; kt keeps each one as a config entity of type `client-metrics`:
//! `/config/client-metrics/<name>` in Kafka's `{"version":1,"config":{...}}` (the name
//! sanitised as Kafka's `Sanitizer` does for the entities whose names may hold any
//! character), written by the broker an IncrementalAlterConfigs reaches and deleted when no
//! setting is left, as Kafka deletes an empty entity. Each change is followed by a
//! `client-metrics/<name>` change notification; every broker, the writer too, re-reads the
//! znode it names (`config_changes`), and a starting broker reads them all. What each broker
//! holds is its [`ClientMetricsResources`], the one place the APIs read them from.

use std::collections::BTreeMap;

use zookeeper_client::{Acls, Client, CreateMode, Error as ZkError};

use super::link::zk;
use super::znodes::{decode_config, encode_config};
use super::ClusterError;
use crate::metrics::client_metrics::{
    validate, ClientMetricsError, ClientMetricsResources, Settings,
};
use crate::security::sasl::credentials::{desanitize, sanitize};

/// The parent of every subscription's znode. Kafka's brokers do not create it at start-up
/// (it is not one of their entity types), so the first subscription does.
pub const CLIENT_METRICS: &str = "/config/client-metrics";

/// The entity type, as change notifications name it (`client-metrics/<name>`).
pub const ENTITY_TYPE: &str = "client-metrics";

/// `/config/client-metrics/<name>`, `name` as notifications carry it (sanitised).
fn path(sanitized: &str) -> String {
    format!("{CLIENT_METRICS}/{sanitized}")
}

/// A subscription's settings and the znode's version (None when it is missing).
async fn read(client: &Client, path: &str) -> Result<(Settings, Option<i32>), ClusterError> {
    match client.get_data(path).await {
        Ok((bytes, stat)) => Ok((decode_config(path, &bytes)?, Some(stat.version))),
        Err(ZkError::NoNode) => Ok((BTreeMap::new(), None)),
        Err(e) => Err(zk("get", path)(e)),
    }
}

/// A stored subscription that passes Kafka's checks, or why it is refused: another tool may
/// have written the znode, and a `match` that does not parse would select every client.
fn checked(path: &str, name: &str, settings: Settings) -> Result<Settings, ClusterError> {
    validate(name, &settings).map_err(|e| ClusterError::Format {
        path: path.to_string(),
        reason: e.to_string(),
    })?;
    Ok(settings)
}

/// Every subscription ZooKeeper holds, for a starting broker. One that fails Kafka's checks is
/// logged and left out; a ZooKeeper failure stops the start-up, as Kafka's broker stops when
/// it cannot read its config entities.
pub async fn load(client: &Client) -> Result<BTreeMap<String, Settings>, ClusterError> {
    let children = match client.list_children(CLIENT_METRICS).await {
        Ok(children) => children,
        Err(ZkError::NoNode) => return Ok(BTreeMap::new()),
        Err(e) => return Err(zk("getChildren", CLIENT_METRICS)(e)),
    };
    let mut resources = BTreeMap::new();
    for child in children {
        let path = path(&child);
        let name = desanitize(&child);
        let (stored, _) = read(client, &path).await?;
        if stored.is_empty() {
            continue;
        }
        match checked(&path, &name, stored) {
            Ok(settings) => {
                resources.insert(name, settings);
            }
            Err(e) => tracing::error!("ignoring client metrics subscription {name}: {e}"),
        }
    }
    Ok(resources)
}

/// Applies `edit` to subscription `name` as ZooKeeper holds it and writes the result back
/// (deleting the znode when no setting is left), checked as Kafka checks it; the versioned
/// write is retried from a fresh read when another broker changed it meanwhile. This broker's
/// `store` takes the result before the change notification is written, so whatever
/// notification it takes after that re-reads what is there now: two brokers altering the same
/// subscription at once end up holding the same settings.
pub async fn alter(
    client: &Client,
    store: &ClientMetricsResources,
    name: &str,
    edit: impl Fn(&mut Settings),
) -> Result<(), ClientMetricsError> {
    let storage = |e: ClusterError| ClientMetricsError::Storage(e.to_string());
    // Refused before a znode is touched (an empty name would name the parent).
    validate(name, &Settings::new())?;
    let sanitized = sanitize(name);
    let path = path(&sanitized);
    let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
    let settings = loop {
        let (mut settings, version) = read(client, &path).await.map_err(storage)?;
        edit(&mut settings);
        validate(name, &settings)?;
        let written = match (version, settings.is_empty()) {
            (None, true) => Ok(()),
            (Some(v), true) => client.delete(&path, Some(v)).await,
            (Some(v), false) => client
                .set_data(&path, &encode_config(&settings), Some(v))
                .await
                .map(drop),
            (None, false) => client
                .create(&path, &encode_config(&settings), &options)
                .await
                .map(drop),
        };
        match written {
            Ok(()) => break settings,
            // Changed, created or deleted by another broker meanwhile: read it again.
            Err(ZkError::BadVersion) | Err(ZkError::NodeExists) => continue,
            Err(ZkError::NoNode) if version.is_none() => {
                match client.create(CLIENT_METRICS, &[], &options).await {
                    Ok(_) | Err(ZkError::NodeExists) => continue,
                    Err(e) => return Err(storage(zk("create", CLIENT_METRICS)(e))),
                }
            }
            Err(ZkError::NoNode) => continue,
            Err(e) => return Err(storage(zk("write", &path)(e))),
        }
    };
    store.replace(name, settings);
    let entity = format!("{ENTITY_TYPE}/{sanitized}");
    if let Err(e) = super::config_changes::notify(client, &entity).await {
        tracing::warn!("recording the config change of {entity}: {e}");
    }
    Ok(())
}

/// Applies the change of `client-metrics/<sanitized>` a notification named: the znode is read
/// again and `store` takes it (a missing znode removes the subscription). Settings that fail
/// Kafka's checks are refused and the subscription in effect stays.
pub async fn changed(
    client: &Client,
    store: &ClientMetricsResources,
    sanitized: &str,
) -> Result<(), ClusterError> {
    let path = path(sanitized);
    let name = desanitize(sanitized);
    let (stored, _) = read(client, &path).await?;
    tracing::info!(
        "Processing override for entityPath: {ENTITY_TYPE}/{sanitized} with config: {stored:?}"
    );
    let settings = checked(&path, &name, stored)?;
    store.replace(&name, settings);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::config_changes::{parse, EntityChange, EntityType, CONFIG_CHANGES};
    use crate::test_support::settings;

    /// The settings `edit` leaves: each pair set, or deleted when its value is None.
    fn edit<'a>(changes: &'a [(&'a str, Option<&'a str>)]) -> impl Fn(&mut Settings) + 'a {
        move |settings: &mut Settings| {
            for (key, value) in changes {
                match value {
                    Some(v) => settings.insert(key.to_string(), v.to_string()),
                    None => settings.remove(*key),
                };
            }
        }
    }

    /// The entities the change notifications under `/config/changes` name, in order.
    async fn notified(client: &Client) -> Vec<EntityChange> {
        let mut names = client.list_children(CONFIG_CHANGES).await.unwrap();
        names.sort();
        let mut changes = Vec::new();
        for name in names {
            let (data, _) = client
                .get_data(&format!("{CONFIG_CHANGES}/{name}"))
                .await
                .unwrap();
            changes.push(parse(&data).unwrap().unwrap());
        }
        changes
    }

    #[tokio::test]
    async fn a_subscription_is_kafkas_config_entity_deleted_once_empty_and_notified() {
        let dir = tempfile::tempdir().unwrap();
        let (server, client) = crate::test_support::zookeeper(dir.path()).await;
        let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
        client.mkdir(CONFIG_CHANGES, &options).await.unwrap();
        let store = ClientMetricsResources::default();
        let name = "perf/producers";
        let znode = "/config/client-metrics/perf%2Fproducers";
        let producers = settings(&[("interval.ms", "1000"), ("metrics", "org.apache.")]);

        // The first one creates the parent too; its name is sanitised in the znode's.
        alter(
            &client,
            &store,
            name,
            edit(&[
                ("metrics", Some("org.apache.")),
                ("interval.ms", Some("1000")),
            ]),
        )
        .await
        .unwrap();
        let (data, _) = client.get_data(znode).await.unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&data).unwrap(),
            serde_json::json!({"version": 1, "config": producers})
        );
        assert_eq!(store.get(name), producers);
        assert_eq!(
            load(&client).await.unwrap(),
            BTreeMap::from([(name.to_string(), producers.clone())])
        );

        // A change Kafka refuses leaves the znode and the store as they were.
        let refused = alter(&client, &store, name, edit(&[("interval.ms", Some("5"))])).await;
        assert!(matches!(
            refused,
            Err(ClientMetricsError::InvalidRequest(_))
        ));
        let refused = alter(&client, &store, "", edit(&[("metrics", Some("*"))])).await;
        assert_eq!(
            refused.unwrap_err().to_string(),
            "Subscription name can't be empty"
        );
        assert_eq!(load(&client).await.unwrap()[name], producers);
        assert_eq!(store.get(name), producers);

        // The last setting deleted: the znode goes, as Kafka deletes an empty entity.
        alter(
            &client,
            &store,
            name,
            edit(&[("metrics", None), ("interval.ms", None)]),
        )
        .await
        .unwrap();
        assert_eq!(client.check_stat(znode).await.unwrap(), None);
        assert!(store.names().is_empty());
        assert!(load(&client).await.unwrap().is_empty());

        // Each accepted change was notified, naming the sanitised entity.
        let entity = EntityChange {
            entity_type: EntityType::ClientMetrics,
            name: "perf%2Fproducers".into(),
        };
        assert_eq!(notified(&client).await, vec![entity.clone(), entity]);
        drop(client);
        server.shutdown().await;
    }

    /// Writes subscription `name`'s znode as another tool would, creating it if missing.
    async fn put(client: &Client, name: &str, data: &str) {
        let path = format!("{CLIENT_METRICS}/{name}");
        let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
        match client.set_data(&path, data.as_bytes(), None).await {
            Ok(_) => {}
            Err(ZkError::NoNode) => {
                client
                    .create(&path, data.as_bytes(), &options)
                    .await
                    .unwrap();
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[tokio::test]
    async fn a_notified_change_is_read_again_and_one_kafka_refuses_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let (server, client) = crate::test_support::zookeeper(dir.path()).await;
        let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
        client.mkdir(CLIENT_METRICS, &options).await.unwrap();
        let store = ClientMetricsResources::default();
        let write = |name, data| put(&client, name, data);
        // Written by another tool: taken as it is.
        write("s", r#"{"version":1,"config":{"metrics":"*"}}"#).await;
        changed(&client, &store, "s").await.unwrap();
        assert_eq!(store.get("s"), settings(&[("metrics", "*")]));

        // Rewritten with a `match` that does not parse: refused, the one in effect stays,
        // and a starting broker leaves it out.
        write("s", r#"{"version":1,"config":{"match":"host=x"}}"#).await;
        let refused = changed(&client, &store, "s").await.unwrap_err();
        assert_eq!(
            refused.to_string(),
            "unreadable znode /config/client-metrics/s: Illegal client matching pattern: host=x"
        );
        assert_eq!(store.get("s"), settings(&[("metrics", "*")]));
        write("t", r#"{"version":1,"config":{"interval.ms":"100"}}"#).await;
        assert_eq!(
            load(&client).await.unwrap(),
            BTreeMap::from([("t".to_string(), settings(&[("interval.ms", "100")]))])
        );

        // Its znode deleted: the subscription is gone.
        client
            .delete(&format!("{CLIENT_METRICS}/s"), None)
            .await
            .unwrap();
        changed(&client, &store, "s").await.unwrap();
        assert!(store.names().is_empty());
        drop(client);
        server.shutdown().await;
    }
}
