//! Where SCRAM credentials live, as Kafka keeps them: a user's entity config, whose
//! `SCRAM-SHA-256` / `SCRAM-SHA-512` keys hold the credential strings. In ZooKeeper mode that
//! is Kafka's own znode `/config/users/<user>` (`{"version":1,"config":{...}}`, with a
//! `/config/changes` notification on change), so `kafka-configs.sh --zookeeper` and kt share
//! them; standalone, the same maps in `kt-users.json` beside the topic catalogue.
//!
//! Credentials are read at each authentication rather than cached: a change is seen at once
//! by every broker, and a login is rare next to the requests it enables.

use crate::security::json_file::{read_map, write_map, JsonFileError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use thiserror::Error;
use zookeeper_client::{Acls, CreateMode, CreateOptions};

use super::scram::{ScramCredential, ScramMechanism};
use crate::cluster::Cluster;
use crate::state::Broker;

/// The file of user entity configs in standalone mode, in the first log directory.
pub const USERS_FILE: &str = "kt-users.json";

/// Serialises read-modify-write of the standalone users file (alters are rare admin
/// requests on a small file; no `.await` happens while it is held).
static FILE_LOCK: Mutex<()> = Mutex::new(());

/// Why credentials could not be read or stored.
#[derive(Debug, Error)]
pub enum CredentialError {
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
    #[error("unreadable user config {path}: {reason}")]
    Format { path: String, reason: String },
}

/// One user's entity config: key to value (`SCRAM-SHA-256` to its credential string, and
/// whatever else Kafka keeps there, such as quotas, left as it is).
pub type UserConfig = BTreeMap<String, String>;

/// The store of the broker's mode.
pub enum CredentialStore {
    Zookeeper(Arc<Cluster>),
    File(PathBuf),
}

impl CredentialStore {
    /// The store of `broker`: ZooKeeper when it is part of a cluster, else its data dir.
    pub fn of(broker: &Broker) -> Self {
        match broker.cluster() {
            Some(cluster) => CredentialStore::Zookeeper(cluster.clone()),
            None => CredentialStore::File(broker.data_dir().join(USERS_FILE)),
        }
    }

    /// The credential of `user` for `mechanism`, if one is stored.
    pub async fn credential(
        &self,
        user: &str,
        mechanism: ScramMechanism,
    ) -> Result<Option<ScramCredential>, CredentialError> {
        let config = self.user_config(user).await?;
        match config.get(mechanism.name()) {
            None => Ok(None),
            Some(text) => {
                ScramCredential::parse(text)
                    .map(Some)
                    .map_err(|e| CredentialError::Format {
                        path: format!("user {user}"),
                        reason: e.to_string(),
                    })
            }
        }
    }

    /// The entity config of one user (empty when there is none).
    pub async fn user_config(&self, user: &str) -> Result<UserConfig, CredentialError> {
        match self {
            CredentialStore::Zookeeper(cluster) => {
                let client = zk_client(cluster)?;
                let path = znode(user);
                match client.get_data(&path).await {
                    Ok((bytes, _)) => decode_znode(&path, &bytes),
                    Err(zookeeper_client::Error::NoNode) => Ok(UserConfig::new()),
                    Err(e) => Err(zk_error("get", &path, e)),
                }
            }
            CredentialStore::File(path) => Ok(read_file(path)?.remove(user).unwrap_or_default()),
        }
    }

    /// Every user with an entity config.
    pub async fn users(&self) -> Result<Vec<String>, CredentialError> {
        match self {
            CredentialStore::Zookeeper(cluster) => {
                let client = zk_client(cluster)?;
                match client.list_children("/config/users").await {
                    Ok(mut names) => {
                        names.sort();
                        Ok(names.iter().map(|n| desanitize(n)).collect())
                    }
                    Err(zookeeper_client::Error::NoNode) => Ok(Vec::new()),
                    Err(e) => Err(zk_error("list", "/config/users", e)),
                }
            }
            CredentialStore::File(path) => Ok(read_file(path)?.into_keys().collect()),
        }
    }

    /// Sets (Some) or removes (None) credentials of one user, leaving its other keys.
    pub async fn alter(
        &self,
        user: &str,
        changes: &[(ScramMechanism, Option<ScramCredential>)],
    ) -> Result<(), CredentialError> {
        let apply = |config: &mut UserConfig| {
            for (mechanism, credential) in changes {
                match credential {
                    Some(c) => config.insert(mechanism.name().to_string(), c.to_string()),
                    None => config.remove(mechanism.name()),
                };
            }
        };
        match self {
            CredentialStore::Zookeeper(cluster) => {
                let client = zk_client(cluster)?;
                let path = znode(user);
                loop {
                    let (mut config, version) = match client.get_data(&path).await {
                        Ok((bytes, stat)) => (decode_znode(&path, &bytes)?, Some(stat.version)),
                        Err(zookeeper_client::Error::NoNode) => (UserConfig::new(), None),
                        Err(e) => return Err(zk_error("get", &path, e)),
                    };
                    apply(&mut config);
                    let data = serde_json::json!({"version": 1, "config": config}).to_string();
                    let written = match version {
                        Some(v) => client
                            .set_data(&path, data.as_bytes(), Some(v))
                            .await
                            .map(drop),
                        None => client
                            .create(&path, data.as_bytes(), &persistent())
                            .await
                            .map(drop),
                    };
                    match written {
                        Ok(()) => break,
                        // Another writer got there first: read again.
                        Err(zookeeper_client::Error::BadVersion)
                        | Err(zookeeper_client::Error::NodeExists) => continue,
                        Err(e) => return Err(zk_error("write", &path, e)),
                    }
                }
                let entity = format!("users/{}", sanitize(user));
                if let Err(e) = crate::cluster::config_changes::notify(&client, &entity).await {
                    tracing::warn!("writing the config change notification for user {user}: {e}");
                }
                Ok(())
            }
            CredentialStore::File(path) => {
                let _guard = FILE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
                let mut users = read_file(path)?;
                let config = users.entry(user.to_string()).or_default();
                apply(config);
                if config.is_empty() {
                    users.remove(user);
                }
                write_file(path, &users)
            }
        }
    }
}

fn persistent() -> CreateOptions<'static> {
    CreateMode::Persistent.with_acls(Acls::anyone_all())
}

fn zk_client(cluster: &Cluster) -> Result<zookeeper_client::Client, CredentialError> {
    cluster.client().map_err(|e| CredentialError::Zk {
        op: "connect",
        path: "/config/users".into(),
        reason: e.to_string(),
    })
}

fn zk_error(op: &'static str, path: &str, e: zookeeper_client::Error) -> CredentialError {
    CredentialError::Zk {
        op,
        path: path.to_string(),
        reason: e.to_string(),
    }
}

/// `/config/users/<user>`, the name sanitised as Kafka's `Sanitizer` does.
fn znode(user: &str) -> String {
    format!("/config/users/{}", sanitize(user))
}

/// Kafka's `Sanitizer.sanitize`: URL-encoding (so `/` and other bytes fit in a znode name),
/// with `*` written `%2A`.
pub(crate) fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(crate) fn desanitize(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_znode(path: &str, bytes: &[u8]) -> Result<UserConfig, CredentialError> {
    #[derive(serde::Deserialize)]
    struct Znode {
        #[serde(default)]
        config: UserConfig,
    }
    if bytes.is_empty() {
        return Ok(UserConfig::new());
    }
    serde_json::from_slice::<Znode>(bytes)
        .map(|z| z.config)
        .map_err(|e| CredentialError::Format {
            path: path.to_string(),
            reason: e.to_string(),
        })
}

/// Every user's entity config in a standalone broker's `path` (`kt-users.json`): what a
/// KRaft node's metadata log records of its SCRAM credentials.
pub fn read_standalone(path: &Path) -> Result<BTreeMap<String, UserConfig>, CredentialError> {
    read_file(path)
}

fn read_file(path: &Path) -> Result<BTreeMap<String, UserConfig>, CredentialError> {
    read_map(path).map_err(|e| match e {
        JsonFileError::Io(source) => CredentialError::File {
            path: path.display().to_string(),
            source,
        },
        JsonFileError::Format(reason) => CredentialError::Format {
            path: path.display().to_string(),
            reason,
        },
    })
}

fn write_file(path: &Path, users: &BTreeMap<String, UserConfig>) -> Result<(), CredentialError> {
    write_map(path, users).map_err(|source| CredentialError::File {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised_as_kafka_does() {
        assert_eq!(sanitize("alice"), "alice");
        assert_eq!(sanitize("CN=a,O=b"), "CN%3Da%2CO%3Db");
        assert_eq!(desanitize("CN%3Da%2CO%3Db"), "CN=a,O=b");
        assert_eq!(desanitize("100%"), "100%");
    }

    #[tokio::test]
    async fn the_standalone_file_keeps_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = CredentialStore::File(dir.path().join(USERS_FILE));
        let c = ScramCredential::from_password(ScramMechanism::Sha256, "pw", b"s".to_vec(), 4096);
        store
            .alter("alice", &[(ScramMechanism::Sha256, Some(c.clone()))])
            .await
            .unwrap();
        assert_eq!(
            store
                .credential("alice", ScramMechanism::Sha256)
                .await
                .unwrap(),
            Some(c)
        );
        assert_eq!(
            store
                .credential("alice", ScramMechanism::Sha512)
                .await
                .unwrap(),
            None
        );
        assert_eq!(store.users().await.unwrap(), vec!["alice".to_string()]);
        store
            .alter("alice", &[(ScramMechanism::Sha256, None)])
            .await
            .unwrap();
        assert!(store.users().await.unwrap().is_empty());
    }
}
