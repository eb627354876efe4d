//! Config change notifications, as Kafka 3.9's ZooKeeper-mode brokers follow them
//! (`ZkNodeChangeNotificationListener` over `/config/changes` with `ZkConfigManager`'s
//! handler): whoever changes an entity's config znode (`/config/<type>/<name>`) also creates
//! a sequential `/config/changes/config_change_NNNNNNNNNN` naming the entity; every broker
//! takes the notifications in sequence order, each once, re-reads the entity it names and
//! applies it. Notifications older than 15 minutes are deleted by whichever broker sees them.
//!
//! kt writes the notification for every entity it changes (so Kafka's brokers in the same
//! cluster follow kt's changes) and acts on the `brokers` and `client-metrics` ones here;
//! topic configs are followed through the watch on `/config/topics` that keeps the cluster
//! view, and SCRAM credentials (`users`) are read at each authentication, so those
//! notifications need nothing more.
//!
//! `client-metrics` is kt's own entity type (Kafka 3.9 keeps client metrics subscriptions in
//! KRaft mode only; see `client_metrics`). A broker that does not know it, Kafka's or an older
//! kt, logs the notification as one it cannot read and passes over it to the next one, so
//! sharing the subscriptions costs such a broker an error line per change and nothing more.

use std::time::Duration;

use serde_json::Value;
use zookeeper_client::{Acls, Client, CreateMode, Error as ZkError};

use super::link::zk;
use super::ClusterError;
use crate::dynamic_config::{Scope, DEFAULT_ENTITY};
use crate::state::Broker;

/// The parent of the change notifications (Kafka's `ConfigEntityChangeNotificationZNode`).
pub const CONFIG_CHANGES: &str = "/config/changes";
/// The name prefix of each sequential notification.
pub const CHANGE_PREFIX: &str = "config_change_";
/// How old a notification gets before it is deleted (Kafka's `changeExpirationMs`).
const CHANGE_EXPIRATION: Duration = Duration::from_secs(15 * 60);

/// The config entity types a Kafka 3.9 broker in ZooKeeper mode has a handler for, in the
/// order its messages list them, and kt's `client-metrics` after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityType {
    Topics,
    Clients,
    Users,
    Brokers,
    Ips,
    ClientMetrics,
}

impl EntityType {
    const ALL: [EntityType; 6] = [
        EntityType::Topics,
        EntityType::Clients,
        EntityType::Users,
        EntityType::Brokers,
        EntityType::Ips,
        EntityType::ClientMetrics,
    ];

    /// Kafka's name of the type: the znode under `/config` its entities live in.
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Topics => "topics",
            EntityType::Clients => "clients",
            EntityType::Users => "users",
            EntityType::Brokers => "brokers",
            EntityType::Ips => "ips",
            EntityType::ClientMetrics => super::client_metrics::ENTITY_TYPE,
        }
    }

    fn named(name: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The entity a notification names: its type and its (sanitised) name, which may itself
/// have a path (`users/<user>/clients/<client>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityChange {
    pub entity_type: EntityType,
    pub name: String,
}

/// Why a notification was not acted on, in the words of Kafka's `IllegalArgumentException`s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    #[error(
        "Config change notification has an unexpected value. The format is:\
         {{\"version\" : 1, \"entity_type\":\"topics/clients\", \"entity_name\" : \"topic_name/client_id\"}} or \
         {{\"version\" : 2, \"entity_path\":\"entity_type/entity_name\"}}. Received: {0}"
    )]
    NotAnObject(String),
    #[error("No such field exists: `version`")]
    NoVersion,
    #[error(
        "Config change notification has unsupported version '{0}', supported versions are 1 and 2."
    )]
    UnsupportedVersion(String),
    #[error(
        "Version 1 config change notification must have 'entity_type' set to 'clients' or \
         'topics'. Received: {0}"
    )]
    Version1Type(String),
    #[error("Version 1 config change notification does not specify 'entity_name'. Received: {0}")]
    Version1Name(String),
    #[error("Version 2 config change notification must specify 'entity_path'. Received: {0}")]
    Version2NoPath(String),
    #[error(
        "Version 2 config change notification must have 'entity_path' starting with one of \
         'topics'/, 'clients'/, 'users'/, 'brokers'/, 'ips'/, 'client-metrics'/. Received: {0}"
    )]
    Version2Path(String),
}

/// Reads a notification's data (Kafka's `ConfigChangedNotificationHandler`): None for data
/// that is not JSON at all (left by the long-gone `TopicConfigManager`, and ignored), else the
/// entity it names. Version 1 names `topics` or `clients` only, as in Kafka.
pub fn parse(data: &[u8]) -> Result<Option<EntityChange>, NotificationError> {
    let Ok(json) = serde_json::from_slice::<Value>(data) else {
        return Ok(None);
    };
    let received = || String::from_utf8_lossy(data).into_owned();
    let Some(object) = json.as_object() else {
        return Err(NotificationError::NotAnObject(received()));
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match object.get("version") {
        None => Err(NotificationError::NoVersion),
        Some(v) if v.as_i64() == Some(1) => {
            let entity_type = text("entity_type")
                .and_then(EntityType::named)
                .filter(|t| matches!(t, EntityType::Topics | EntityType::Clients))
                .ok_or_else(|| NotificationError::Version1Type(received()))?;
            let name =
                text("entity_name").ok_or_else(|| NotificationError::Version1Name(received()))?;
            Ok(Some(EntityChange {
                entity_type,
                name: name.to_string(),
            }))
        }
        Some(v) if v.as_i64() == Some(2) => {
            let path =
                text("entity_path").ok_or_else(|| NotificationError::Version2NoPath(received()))?;
            let (root, name) = path
                .split_once('/')
                .ok_or_else(|| NotificationError::Version2Path(received()))?;
            let entity_type = EntityType::named(root)
                .ok_or_else(|| NotificationError::Version2Path(received()))?;
            Ok(Some(EntityChange {
                entity_type,
                name: name.to_string(),
            }))
        }
        Some(other) => Err(NotificationError::UnsupportedVersion(other.to_string())),
    }
}

/// The sequence number of notification `name` (`config_change_0000000012` is 12).
fn sequence_of(name: &str) -> Option<i64> {
    name.strip_prefix(CHANGE_PREFIX)?.parse().ok()
}

/// Records that the config of `entity_path` (`brokers/<default>`, `topics/t`) changed, for
/// every broker to re-read it (Kafka's version 2 notification).
pub async fn notify(client: &Client, entity_path: &str) -> Result<(), ZkError> {
    let notification = serde_json::json!({"version": 2, "entity_path": entity_path}).to_string();
    let sequential = CreateMode::PersistentSequential.with_acls(Acls::anyone_all());
    client
        .create(
            &format!("{CONFIG_CHANGES}/{CHANGE_PREFIX}"),
            notification.as_bytes(),
            &sequential,
        )
        .await
        .map(drop)
}

/// One broker's follower of `/config/changes`: which notification it took last. It lives as
/// long as the broker, across ZooKeeper sessions, so a new session takes only what it has
/// not seen; a fresh broker takes every notification still there (re-reading an entity is
/// harmless: its config is applied as it is now).
#[derive(Debug)]
pub struct ChangeListener {
    last_executed: i64,
}

impl Default for ChangeListener {
    fn default() -> Self {
        ChangeListener { last_executed: -1 }
    }
}

impl ChangeListener {
    /// Takes the notifications not taken yet, in sequence order, then deletes the expired
    /// ones. A notification that cannot be read or applied is logged and passed over, as in
    /// Kafka; a ZooKeeper failure stops the pass (the next one starts after the last
    /// notification taken).
    pub async fn process(&mut self, client: &Client, broker: &Broker) -> Result<(), ClusterError> {
        let mut names = match client.list_children(CONFIG_CHANGES).await {
            Ok(names) => names,
            Err(ZkError::NoNode) => return Ok(()),
            Err(e) => return Err(zk("getChildren", CONFIG_CHANGES)(e)),
        };
        if names.is_empty() {
            return Ok(());
        }
        names.sort();
        let now = kt_base::clock::now_ms();
        for name in &names {
            let Some(sequence) = sequence_of(name) else {
                continue;
            };
            if sequence <= self.last_executed {
                continue;
            }
            let path = format!("{CONFIG_CHANGES}/{name}");
            match client.get_data(&path).await {
                Ok((data, _)) => take(client, broker, &path, &data).await?,
                Err(ZkError::NoNode) => tracing::warn!("read null data from {path}"),
                Err(e) => return Err(zk("get", &path)(e)),
            }
            self.last_executed = sequence;
        }
        purge_expired(client, &names, now).await
    }
}

/// Acts on one notification's data read from `path`.
async fn take(
    client: &Client,
    broker: &Broker,
    path: &str,
    data: &[u8],
) -> Result<(), ClusterError> {
    let change = match parse(data) {
        Ok(Some(change)) => change,
        Ok(None) => return Ok(()),
        Err(e) => {
            tracing::error!(
                "error processing change notification {} from {path}: {e}",
                String::from_utf8_lossy(data)
            );
            return Ok(());
        }
    };
    let applied = match change.entity_type {
        EntityType::Brokers => super::broker_configs::changed(client, broker, &change.name).await,
        EntityType::ClientMetrics => {
            let store = &broker.metrics().client_metrics;
            super::client_metrics::changed(client, store, &change.name).await
        }
        // Followed elsewhere (see the module's comment), or not kept by kt (quotas).
        EntityType::Topics | EntityType::Users | EntityType::Clients | EntityType::Ips => Ok(()),
    };
    match applied {
        // The pass stops here and takes this notification again.
        Err(e @ ClusterError::Zk { .. }) => Err(e),
        Err(other) => {
            tracing::error!(
                "error processing change notification {} from {path}: {other}",
                String::from_utf8_lossy(data)
            );
            Ok(())
        }
        Ok(()) => Ok(()),
    }
}

/// Deletes the notifications older than [`CHANGE_EXPIRATION`] (Kafka's
/// `purgeObsoleteNotifications`); another broker deleting one first is fine. `names` are in
/// sequence order, which is the order they were created in, so the first one still young
/// ends the pass (Kafka looks at every one; this looks at one more than it deletes).
async fn purge_expired(client: &Client, names: &[String], now: i64) -> Result<(), ClusterError> {
    let expiration = CHANGE_EXPIRATION.as_millis() as i64;
    for name in names {
        let path = format!("{CONFIG_CHANGES}/{name}");
        let stat = match client.check_stat(&path).await {
            Ok(Some(stat)) => stat,
            Ok(None) => continue,
            Err(e) => return Err(zk("exists", &path)(e)),
        };
        if now - stat.ctime <= expiration {
            break;
        }
        tracing::debug!("Purging change notification {path}");
        match client.delete(&path, None).await {
            Ok(()) | Err(ZkError::NoNode) => {}
            Err(e) => return Err(zk("delete", &path)(e)),
        }
    }
    Ok(())
}

/// The layer of broker `me` a `brokers` entity name is (Kafka's `BrokerConfigHandler`): the
/// cluster default, this broker's own, or None for another broker's. A name that is neither
/// `<default>` nor a number is refused as Kafka's `toInt` refuses it.
pub fn broker_entity_scope(name: &str, me: i32) -> Result<Option<Scope>, String> {
    if name == DEFAULT_ENTITY {
        return Ok(Some(Scope::Default));
    }
    let id: i32 = name
        .trim()
        .parse()
        .map_err(|_| format!("For input string: \"{}\"", name.trim()))?;
    Ok((id == me).then_some(Scope::Broker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(t: EntityType, name: &str) -> Option<EntityChange> {
        Some(EntityChange {
            entity_type: t,
            name: name.to_string(),
        })
    }

    #[test]
    fn both_versions_name_their_entity() {
        assert_eq!(
            parse(br#"{"version":2,"entity_path":"brokers/<default>"}"#),
            Ok(change(EntityType::Brokers, "<default>"))
        );
        assert_eq!(
            parse(br#"{"version":2,"entity_path":"brokers/1"}"#),
            Ok(change(EntityType::Brokers, "1"))
        );
        assert_eq!(
            parse(br#"{"version":2,"entity_path":"users/alice/clients/c%2F1"}"#),
            Ok(change(EntityType::Users, "alice/clients/c%2F1"))
        );
        assert_eq!(
            parse(br#"{"version" : 1, "entity_type":"topics", "entity_name" : "t"}"#),
            Ok(change(EntityType::Topics, "t"))
        );
        assert_eq!(
            parse(br#"{"version":1,"entity_type":"clients","entity_name":"c"}"#),
            Ok(change(EntityType::Clients, "c"))
        );
        // kt's own type: a subscription name, sanitised as Kafka's Sanitizer does.
        assert_eq!(
            parse(br#"{"version":2,"entity_path":"client-metrics/perf%2Fproducers"}"#),
            Ok(change(EntityType::ClientMetrics, "perf%2Fproducers"))
        );
    }

    #[test]
    fn what_kafka_refuses_is_refused_with_its_words() {
        // Kafka's version 1 knows topics and clients only.
        let v1_broker = br#"{"version":1,"entity_type":"brokers","entity_name":"<default>"}"#;
        assert_eq!(
            parse(v1_broker).unwrap_err().to_string(),
            format!(
                "Version 1 config change notification must have 'entity_type' set to 'clients' \
                 or 'topics'. Received: {}",
                String::from_utf8_lossy(v1_broker)
            )
        );
        assert!(matches!(
            parse(br#"{"version":1,"entity_type":"topics"}"#),
            Err(NotificationError::Version1Name(_))
        ));
        assert!(matches!(
            parse(br#"{"version":2}"#),
            Err(NotificationError::Version2NoPath(_))
        ));
        let unknown = br#"{"version":2,"entity_path":"groups/g"}"#;
        assert_eq!(
            parse(unknown).unwrap_err().to_string(),
            "Version 2 config change notification must have 'entity_path' starting with one \
             of 'topics'/, 'clients'/, 'users'/, 'brokers'/, 'ips'/, 'client-metrics'/. \
             Received: {\"version\":2,\"entity_path\":\"groups/g\"}"
        );
        assert!(matches!(
            parse(br#"{"version":2,"entity_path":"brokers"}"#),
            Err(NotificationError::Version2Path(_))
        ));
        assert_eq!(
            parse(br#"{"version":3,"entity_path":"brokers/1"}"#)
                .unwrap_err()
                .to_string(),
            "Config change notification has unsupported version '3', supported versions are 1 and 2."
        );
        assert!(matches!(
            parse(b"[1]"),
            Err(NotificationError::NotAnObject(_))
        ));
        assert_eq!(
            parse(br#"{"entity_path":"brokers/1"}"#),
            Err(NotificationError::NoVersion)
        );
        // Not JSON: the old TopicConfigManager's plain topic names, ignored.
        assert_eq!(parse(b"my-topic"), Ok(None));
    }

    #[tokio::test]
    async fn purging_deletes_only_the_notifications_older_than_fifteen_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let (server, client) = crate::test_support::zookeeper(dir.path()).await;
        let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
        client.mkdir(CONFIG_CHANGES, &options).await.unwrap();
        // Three notifications, each created at least 20 ms after the one before.
        for entity in ["brokers/<default>", "brokers/1", "topics/t"] {
            notify(&client, entity).await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut names = client.list_children(CONFIG_CHANGES).await.unwrap();
        names.sort();
        assert_eq!(names.len(), 3, "{names:?}");
        let mut created = Vec::new();
        for name in &names {
            let path = format!("{CONFIG_CHANGES}/{name}");
            created.push(client.check_stat(&path).await.unwrap().unwrap().ctime);
        }
        assert!(
            created[0] < created[1] && created[1] < created[2],
            "{created:?}"
        );
        let expiration = CHANGE_EXPIRATION.as_millis() as i64;
        let left = || async {
            let mut names = client.list_children(CONFIG_CHANGES).await.unwrap();
            names.sort();
            names
        };

        // The first is exactly 15 minutes old: not yet expired (Kafka purges only older ones).
        purge_expired(&client, &names, created[0] + expiration)
            .await
            .unwrap();
        assert_eq!(left().await, names);
        // A millisecond later the second is 15 minutes old: only the first goes.
        purge_expired(&client, &names, created[1] + expiration)
            .await
            .unwrap();
        assert_eq!(left().await, names[1..]);
        // Another broker may have deleted one first (the first is gone here): no error, and
        // the second goes once older than 15 minutes while the third, younger, stays.
        purge_expired(&client, &names, created[1] + expiration + 1)
            .await
            .unwrap();
        assert_eq!(left().await, names[2..]);
        // The data of the one left is untouched.
        let (data, _) = client
            .get_data(&format!("{CONFIG_CHANGES}/{}", names[2]))
            .await
            .unwrap();
        assert_eq!(parse(&data), Ok(change(EntityType::Topics, "t")));
        drop(client);
        server.shutdown().await;
    }

    #[test]
    fn sequence_numbers_and_broker_entities() {
        assert_eq!(sequence_of("config_change_0000000012"), Some(12));
        assert_eq!(sequence_of("other_0000000012"), None);
        assert_eq!(
            broker_entity_scope("<default>", 2),
            Ok(Some(Scope::Default))
        );
        assert_eq!(broker_entity_scope("2", 2), Ok(Some(Scope::Broker)));
        assert_eq!(broker_entity_scope(" 2 ", 2), Ok(Some(Scope::Broker)));
        assert_eq!(broker_entity_scope("1", 2), Ok(None));
        assert_eq!(
            broker_entity_scope("x", 2),
            Err("For input string: \"x\"".to_string())
        );
    }
}
