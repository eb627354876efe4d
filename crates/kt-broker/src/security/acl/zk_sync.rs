//! Keeps a ZooKeeper-mode broker's ACLs current: every broker watches the change
//! notifications (`/kafka-acl-changes`, `/kafka-acl-extended-changes`) and reloads the
//! resource each new one names, as Kafka's AclAuthorizer does; after a lost session it
//! reloads everything. Notifications older than 15 minutes are deleted (Kafka's
//! `changeExpirationMs`), so the change paths do not grow for ever.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use zookeeper_client::{AddWatchMode, Client, EventType};

use super::authorizer::Authorizer;
use super::zk_store::{self, ZkAclError, EXTENDED_CHANGES, LITERAL_CHANGES};
use crate::cluster::Cluster;
use kt_base::clock::now_ms;

/// How long a change notification is kept.
const CHANGE_EXPIRATION_MS: i64 = 15 * 60 * 1000;

/// Follows the change notifications until `stop`.
pub async fn run(
    authorizer: Arc<Authorizer>,
    cluster: Arc<Cluster>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if *stop.borrow() {
            return;
        }
        if let Ok(client) = cluster.client() {
            match serve(&authorizer, &client, &mut stop).await {
                Ok(()) => return,
                Err(e) => tracing::warn!("[AclAuthorizer] following ACL changes: {e}"),
            }
        }
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// One session's loop: Ok when told to stop, Err when the session is gone.
async fn serve(
    authorizer: &Authorizer,
    client: &Client,
    stop: &mut watch::Receiver<bool>,
) -> Result<(), ZkAclError> {
    let watch = |path: &'static str| async move {
        client
            .watch(path, AddWatchMode::PersistentRecursive)
            .await
            .map_err(|source| ZkAclError::Zk {
                op: "addWatch",
                path: path.to_string(),
                source,
            })
    };
    let mut literal = watch(LITERAL_CHANGES).await?;
    let mut extended = watch(EXTENDED_CHANGES).await?;
    // Changes made before the watches were set are in this full read.
    authorizer.replace(zk_store::load_all(client).await?);
    loop {
        let event = tokio::select! {
            _ = stop.changed() => return Ok(()),
            event = literal.changed() => event,
            event = extended.changed() => event,
        };
        if event.session_state.is_terminated() {
            return Err(ZkAclError::Zk {
                op: "session",
                path: "/".into(),
                source: zookeeper_client::Error::SessionExpired,
            });
        }
        if event.event_type != EventType::NodeCreated {
            continue;
        }
        let parent = if event.path.starts_with(EXTENDED_CHANGES) {
            EXTENDED_CHANGES
        } else {
            LITERAL_CHANGES
        };
        let Ok((bytes, _)) = client.get_data(&event.path).await else {
            continue;
        };
        match zk_store::parse_notice(parent, &bytes) {
            Some(pattern) => {
                let entries = zk_store::read(client, &pattern).await?;
                authorizer.set_entries(&pattern, entries);
            }
            None => tracing::warn!(
                "[AclAuthorizer] unreadable ACL change notification {}",
                event.path
            ),
        }
        purge(client, parent).await;
    }
}

/// Deletes the notifications under `parent` older than [`CHANGE_EXPIRATION_MS`].
async fn purge(client: &Client, parent: &str) {
    let Ok(children) = client.list_children(parent).await else {
        return;
    };
    let now = now_ms();
    for child in children {
        let path = format!("{parent}/{child}");
        if let Ok(Some(stat)) = client.check_stat(&path).await {
            if now - stat.ctime > CHANGE_EXPIRATION_MS {
                let _ = client.delete(&path, None).await;
            }
        }
    }
}
