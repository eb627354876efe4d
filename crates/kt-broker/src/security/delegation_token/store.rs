//! Where tokens are kept, as Kafka keeps them. In ZooKeeper mode: a znode per token,
//! `/delegation_token/tokens/<tokenId>` holding Kafka's JSON, and after each change a
//! sequential `/delegation_token/token_changes/token_change_N` holding the token id (what
//! Kafka's brokers watch to refresh their caches). kt's brokers read the znodes at each use
//! rather than caching them, so every broker sees a change at once. Standalone: the same
//! JSON per token in `kt-delegation-tokens.json` beside the topic catalogue, replaced
//! atomically, so tokens survive a restart.
//!
//! Read-modify-write sequences (renew, expire) are serialised per broker by [`TokenStore::lock`].

use crate::security::json_file::{read_map, write_map, JsonFileError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use zookeeper_client::{Acls, CreateMode, CreateOptions, Error as ZkError};

use super::TokenInformation;
use crate::cluster::Cluster;
use crate::state::Broker;

/// The file of tokens in standalone mode, in the first log directory.
pub const TOKENS_FILE: &str = "kt-delegation-tokens.json";
/// The parent of the token znodes.
pub const TOKENS_ZNODE: &str = "/delegation_token/tokens";
/// The parent of the change notifications.
pub const CHANGES_ZNODE: &str = "/delegation_token/token_changes";
/// The name prefix of a change notification.
pub const CHANGE_PREFIX: &str = "token_change_";

const PERSISTENT: CreateOptions<'static> = CreateMode::Persistent.with_acls(Acls::anyone_all());
const SEQUENTIAL: CreateOptions<'static> =
    CreateMode::PersistentSequential.with_acls(Acls::anyone_all());

/// Serialises changes of tokens on this broker (Kafka's `DelegationTokenManager.lock`).
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Why tokens could not be read or stored.
#[derive(Debug, thiserror::Error)]
pub enum TokenStoreError {
    #[error("ZooKeeper {op} {path}: {reason}")]
    Zk {
        op: &'static str,
        path: String,
        reason: String,
    },
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("unreadable delegation token {path}: {reason}")]
    Format { path: String, reason: String },
}

/// The store of the broker's mode.
pub enum TokenStore {
    Zookeeper(Arc<Cluster>),
    File(PathBuf),
}

fn zk_error(op: &'static str, path: &str, e: impl std::fmt::Display) -> TokenStoreError {
    TokenStoreError::Zk {
        op,
        path: path.to_string(),
        reason: e.to_string(),
    }
}

impl TokenStore {
    /// The store of `broker`: ZooKeeper when it is part of a cluster, else its data dir.
    pub fn of(broker: &Broker) -> Self {
        match broker.cluster() {
            Some(cluster) => TokenStore::Zookeeper(cluster.clone()),
            None => TokenStore::File(broker.data_dir().join(TOKENS_FILE)),
        }
    }

    /// Held across a read-modify-write of tokens.
    pub async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
        LOCK.lock().await
    }

    fn client(cluster: &Cluster) -> Result<zookeeper_client::Client, TokenStoreError> {
        cluster
            .client()
            .map_err(|e| zk_error("connect", TOKENS_ZNODE, e))
    }

    /// One token, if it is stored.
    pub async fn get(&self, token_id: &str) -> Result<Option<TokenInformation>, TokenStoreError> {
        match self {
            TokenStore::Zookeeper(cluster) => {
                let client = Self::client(cluster)?;
                let path = format!("{TOKENS_ZNODE}/{token_id}");
                match client.get_data(&path).await {
                    Ok((bytes, _)) => decode_znode(&path, &bytes),
                    Err(ZkError::NoNode) => Ok(None),
                    Err(e) => Err(zk_error("get", &path, e)),
                }
            }
            TokenStore::File(path) => {
                let tokens = read_file(path)?;
                tokens
                    .get(token_id)
                    .map(|v| decode(&path.display().to_string(), v))
                    .transpose()
            }
        }
    }

    /// Every stored token, by id.
    pub async fn all(&self) -> Result<Vec<TokenInformation>, TokenStoreError> {
        match self {
            TokenStore::Zookeeper(cluster) => {
                let client = Self::client(cluster)?;
                let mut ids = match client.list_children(TOKENS_ZNODE).await {
                    Ok(ids) => ids,
                    Err(ZkError::NoNode) => return Ok(Vec::new()),
                    Err(e) => return Err(zk_error("list", TOKENS_ZNODE, e)),
                };
                ids.sort();
                let mut tokens = Vec::with_capacity(ids.len());
                for id in ids {
                    let path = format!("{TOKENS_ZNODE}/{id}");
                    match client.get_data(&path).await {
                        Ok((bytes, _)) => tokens.extend(decode_znode(&path, &bytes)?),
                        // Removed since the listing.
                        Err(ZkError::NoNode) => {}
                        Err(e) => return Err(zk_error("get", &path, e)),
                    }
                }
                Ok(tokens)
            }
            TokenStore::File(path) => {
                let name = path.display().to_string();
                read_file(path)?
                    .values()
                    .map(|v| decode(&name, v))
                    .collect()
            }
        }
    }

    /// Stores a new or changed token (and notifies the other brokers).
    pub async fn put(&self, token: &TokenInformation) -> Result<(), TokenStoreError> {
        match self {
            TokenStore::Zookeeper(cluster) => {
                let client = Self::client(cluster)?;
                let path = format!("{TOKENS_ZNODE}/{}", token.token_id);
                let data = token.to_json().to_string();
                match client.set_data(&path, data.as_bytes(), None).await {
                    Ok(_) => {}
                    Err(ZkError::NoNode) => {
                        client
                            .mkdir(TOKENS_ZNODE, &PERSISTENT)
                            .await
                            .map_err(|e| zk_error("create", TOKENS_ZNODE, e))?;
                        client
                            .create(&path, data.as_bytes(), &PERSISTENT)
                            .await
                            .map_err(|e| zk_error("create", &path, e))?;
                    }
                    Err(e) => return Err(zk_error("set", &path, e)),
                }
                notify(&client, &token.token_id).await
            }
            TokenStore::File(path) => {
                let mut tokens = read_file(path)?;
                tokens.insert(token.token_id.clone(), token.to_json());
                write_file(path, &tokens)
            }
        }
    }

    /// Removes a token (and notifies the other brokers); nothing when it is not stored.
    pub async fn remove(&self, token_id: &str) -> Result<(), TokenStoreError> {
        match self {
            TokenStore::Zookeeper(cluster) => {
                let client = Self::client(cluster)?;
                let path = format!("{TOKENS_ZNODE}/{token_id}");
                match client.delete(&path, None).await {
                    Ok(()) | Err(ZkError::NoNode) => {}
                    Err(e) => return Err(zk_error("delete", &path, e)),
                }
                notify(&client, token_id).await
            }
            TokenStore::File(path) => {
                let mut tokens = read_file(path)?;
                if tokens.remove(token_id).is_some() {
                    write_file(path, &tokens)?;
                }
                Ok(())
            }
        }
    }
}

/// Every token of a standalone broker's `path` (`kt-delegation-tokens.json`), read without
/// the async runtime: what a KRaft node's metadata log records of its tokens.
pub fn read_standalone(path: &Path) -> Result<Vec<TokenInformation>, TokenStoreError> {
    let name = path.display().to_string();
    read_file(path)?
        .values()
        .map(|v| decode(&name, v))
        .collect()
}

/// Leaves the change notification Kafka's brokers watch.
async fn notify(client: &zookeeper_client::Client, token_id: &str) -> Result<(), TokenStoreError> {
    client
        .mkdir(CHANGES_ZNODE, &PERSISTENT)
        .await
        .map_err(|e| zk_error("create", CHANGES_ZNODE, e))?;
    let notice = format!("{CHANGES_ZNODE}/{CHANGE_PREFIX}");
    client
        .create(&notice, token_id.as_bytes(), &SEQUENTIAL)
        .await
        .map_err(|e| zk_error("create", &notice, e))?;
    Ok(())
}

fn decode(path: &str, value: &Value) -> Result<TokenInformation, TokenStoreError> {
    TokenInformation::from_json(value).map_err(|reason| TokenStoreError::Format {
        path: path.to_string(),
        reason,
    })
}

fn decode_znode(path: &str, bytes: &[u8]) -> Result<Option<TokenInformation>, TokenStoreError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| TokenStoreError::Format {
        path: path.to_string(),
        reason: e.to_string(),
    })?;
    decode(path, &value).map(Some)
}

fn read_file(path: &Path) -> Result<BTreeMap<String, Value>, TokenStoreError> {
    read_map(path).map_err(|e| match e {
        JsonFileError::Io(source) => TokenStoreError::File {
            path: path.display().to_string(),
            source,
        },
        JsonFileError::Format(reason) => TokenStoreError::Format {
            path: path.display().to_string(),
            reason,
        },
    })
}

fn write_file(path: &Path, tokens: &BTreeMap<String, Value>) -> Result<(), TokenStoreError> {
    write_map(path, tokens).map_err(|source| TokenStoreError::File {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::KafkaPrincipal;

    #[tokio::test]
    async fn the_standalone_file_keeps_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let store = TokenStore::File(dir.path().join(TOKENS_FILE));
        assert!(store.all().await.unwrap().is_empty());
        let token = TokenInformation {
            token_id: "abc".into(),
            owner: KafkaPrincipal::user("alice"),
            requester: KafkaPrincipal::user("alice"),
            renewers: vec![],
            issue_timestamp: 1,
            expiry_timestamp: 2,
            max_timestamp: 3,
        };
        store.put(&token).await.unwrap();
        // A second store on the same file (a restarted broker) reads it.
        let again = TokenStore::File(dir.path().join(TOKENS_FILE));
        assert_eq!(again.get("abc").await.unwrap(), Some(token.clone()));
        assert_eq!(again.all().await.unwrap(), vec![token]);
        again.remove("abc").await.unwrap();
        assert_eq!(store.get("abc").await.unwrap(), None);
    }
}
