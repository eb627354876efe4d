//! The `meta.properties` of all of a node's directories read together (Kafka's
//! `MetaPropertiesEnsemble`): which are formatted, and whether they agree on the cluster,
//! the node and distinct directory ids.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{node_directories, KraftError, METADATA_PARTITION_DIR};
use crate::meta_properties::{random_uuid, MetaProperties, META_PROPERTIES};

/// Every directory of a node with its `meta.properties` (None: not formatted), in the
/// order of their names.
#[derive(Debug)]
pub struct Ensemble {
    /// The directories and what each holds.
    pub dirs: Vec<(PathBuf, Option<MetaProperties>)>,
}

impl Ensemble {
    /// Reads the `meta.properties` of each directory (a missing directory is unformatted).
    pub fn load(dirs: &[PathBuf]) -> Result<Ensemble, KraftError> {
        let mut loaded = Vec::with_capacity(dirs.len());
        for dir in dirs {
            loaded.push((dir.clone(), MetaProperties::read(dir)?));
        }
        Ok(Ensemble { dirs: loaded })
    }

    /// The formatted directories.
    pub fn formatted(&self) -> impl Iterator<Item = (&PathBuf, &MetaProperties)> {
        self.dirs
            .iter()
            .filter_map(|(d, m)| m.as_ref().map(|m| (d, m)))
    }

    /// Checks that the formatted directories agree with each other and with the expected
    /// cluster and node (Kafka's `MetaPropertiesEnsemble.verify`); returns the cluster id
    /// they name, if any does.
    pub fn verify(
        &self,
        mut expected_cluster: Option<String>,
        mut expected_node: Option<i32>,
    ) -> Result<Option<String>, KraftError> {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for (dir, meta) in self.formatted() {
            let path = dir.join(META_PROPERTIES).display().to_string();
            match (&meta.cluster_id, &expected_cluster) {
                (None, _) if meta.is_kraft() => {
                    return Err(KraftError::Format(format!(
                        "cluster.id was not specified in the v1 file: {path}"
                    )))
                }
                (None, _) => {}
                (Some(read), None) => expected_cluster = Some(read.clone()),
                (Some(read), Some(expected)) if read != expected => {
                    return Err(KraftError::ClusterIdMismatch {
                        path,
                        expected: expected.clone(),
                        read: read.clone(),
                    })
                }
                (Some(_), Some(_)) => {}
            }
            match (meta.broker_id, expected_node) {
                (None, _) if meta.is_kraft() => {
                    return Err(KraftError::Format(format!(
                        "node.id was not specified in {path}"
                    )))
                }
                (None, _) => {}
                (Some(stored), None) => expected_node = Some(stored),
                (Some(stored), Some(expected)) if stored != expected => {
                    return Err(KraftError::NodeIdMismatch {
                        path,
                        stored,
                        expected,
                    })
                }
                (Some(_), Some(_)) => {}
            }
            if let Some(id) = meta.directory_id.as_deref() {
                if let Some(previous) = seen.insert(id, dir) {
                    return Err(KraftError::Format(format!(
                        "Duplicate directory ID Optional[{id}] found. It was the ID of {}, but \
                         also of {}",
                        previous.display(),
                        dir.display()
                    )));
                }
            }
        }
        Ok(expected_cluster)
    }

    /// A new directory id that no directory of the ensemble has.
    pub fn new_directory_id(&self) -> String {
        loop {
            let id = random_uuid();
            if !self
                .formatted()
                .any(|(_, m)| m.directory_id.as_deref() == Some(id.as_str()))
            {
                return id;
            }
        }
    }
}

/// What a KRaft node checks before it starts (Kafka's `KafkaRaftServer.initializeLogDirs`):
/// at least one directory formatted, all formatted ones agreeing with each other and with
/// `node_id`, every directory formatted, the metadata log only in the metadata directory.
/// A formatted directory without a `directory.id` gets one. Returns the cluster id.
pub fn verify_for_start(
    log_dirs: &[PathBuf],
    metadata_dir: &Path,
    node_id: i32,
) -> Result<String, KraftError> {
    let ensemble = Ensemble::load(&node_directories(log_dirs, metadata_dir))?;
    if ensemble.formatted().next().is_none() {
        return Err(KraftError::NoneFormatted);
    }
    let cluster_id = ensemble
        .verify(None, Some(node_id))?
        .ok_or_else(|| KraftError::Format("Error: cluster ID not found".into()))?;
    for (dir, _) in ensemble.formatted() {
        let stray = dir.join(METADATA_PARTITION_DIR);
        if dir != metadata_dir && stray.exists() {
            return Err(KraftError::Format(format!(
                "Found unexpected metadata location in data directory `{}` (the configured \
                 metadata directory is {}).",
                stray.display(),
                metadata_dir.display()
            )));
        }
    }
    for (dir, meta) in &ensemble.dirs {
        let Some(meta) = meta else {
            return Err(KraftError::NotFormatted(dir.display().to_string()));
        };
        if meta.directory_id.is_none() {
            tracing::info!("Rewriting {}/meta.properties", dir.display());
            let mut with_id = meta.clone();
            with_id.directory_id = Some(ensemble.new_directory_id());
            with_id.write(dir)?;
        }
    }
    Ok(cluster_id)
}
