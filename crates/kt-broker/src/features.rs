//! Feature flags of a KRaft node (KIP-584): what it supports, what is finalized, and changing
//! the finalized levels as Kafka's controller does (FeatureControlManager), for ApiVersions,
//! UpdateFeatures and DescribeQuorum.
//!
//! kt runs no Raft log. The finalized levels start from the `bootstrap.checkpoint` that
//! `kt storage format` wrote (its `metadata.version` record; `kraft.version` 1 when the format
//! wrote a voter set, `--standalone`), and the changes UpdateFeatures makes are kept in
//! `kt-finalized-features` beside it. The epoch stands where Kafka's stands, at the metadata
//! offset of the last change: 1 (the checkpoint's feature record), then one more per applied
//! update. A ZooKeeper-mode or standalone broker has no store: Kafka's ZooKeeper-mode brokers
//! report no features.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::{Buf, Bytes};
use kafka_protocol::records::RecordBatchDecoder;
use kt_base::config::ServerConfig;
use kt_storage::kraft::{MetadataVersion, LATEST_PRODUCTION};

/// `metadata.version`.
pub const METADATA_VERSION: &str = "metadata.version";
/// `kraft.version`.
pub const KRAFT_VERSION: &str = "kraft.version";
/// The file of finalized levels changed since the format, in the metadata log directory.
pub const FEATURES_FILE: &str = "kt-finalized-features";
/// The first metadata.version a cluster can be set to (`MINIMUM_BOOTSTRAP_VERSION`, 3.3-IV0).
const MINIMUM_BOOTSTRAP_LEVEL: i16 = 4;
/// The metadata versions whose metadata differs from the one before (Kafka's
/// `didMetadataChange`): a downgrade across one of them may lose metadata.
const METADATA_CHANGED: &[i16] = &[1, 3, 5, 6, 7, 8, 11, 13, 14, 15, 17];

/// How an update may move a level (UpdateFeatures' `upgrade_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpgradeType {
    Upgrade,
    SafeDowngrade,
    UnsafeDowngrade,
    Unknown,
}

impl UpgradeType {
    /// From the request: `upgrade_type` (v1), or `allow_downgrade` (v0).
    pub fn from_request(version: i16, upgrade_type: i8, allow_downgrade: bool) -> UpgradeType {
        if version == 0 {
            return if allow_downgrade {
                UpgradeType::SafeDowngrade
            } else {
                UpgradeType::Upgrade
            };
        }
        match upgrade_type {
            1 => UpgradeType::Upgrade,
            2 => UpgradeType::SafeDowngrade,
            3 => UpgradeType::UnsafeDowngrade,
            _ => UpgradeType::Unknown,
        }
    }
}

/// The finalized levels and their epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finalized {
    /// Every feature at a level above 0, by name.
    pub levels: BTreeMap<String, i16>,
    pub epoch: i64,
}

/// The supported range of each feature a KRaft node of Kafka 3.9 announces.
pub fn supported() -> [(&'static str, i16, i16); 2] {
    [
        (KRAFT_VERSION, 0, 1),
        (METADATA_VERSION, 1, LATEST_PRODUCTION.level),
    ]
}

/// The feature levels of one KRaft node.
#[derive(Debug)]
pub struct FeatureStore {
    node_id: i32,
    file: PathBuf,
    /// Guards the levels and the file; held only for a lookup or a small file write.
    state: Mutex<Finalized>,
}

impl FeatureStore {
    /// The store of a KRaft config's node, read from its metadata directory; None for a
    /// ZooKeeper-mode or standalone broker.
    pub fn open(config: &ServerConfig) -> Option<FeatureStore> {
        let kraft = config.kraft.as_ref()?;
        let dir = kraft.metadata_dir(&config.log_dirs);
        let mut finalized = bootstrap_levels(&dir);
        let file = dir.join(FEATURES_FILE);
        if let Ok(text) = std::fs::read_to_string(&file) {
            for line in text.lines() {
                let Some((k, v)) = line.split_once('=') else {
                    continue;
                };
                if k == "epoch" {
                    finalized.epoch = v.trim().parse().unwrap_or(finalized.epoch);
                } else if let Ok(level) = v.trim().parse::<i16>() {
                    if level > 0 {
                        finalized.levels.insert(k.trim().to_string(), level);
                    } else {
                        finalized.levels.remove(k.trim());
                    }
                }
            }
        }
        Some(FeatureStore {
            node_id: kraft.node_id,
            file,
            state: Mutex::new(finalized),
        })
    }

    /// The finalized levels now.
    pub fn finalized(&self) -> Finalized {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Applies `updates` (feature, level, type) as one change, or checks them only: one
    /// result per update, in order, Kafka's INVALID_UPDATE_VERSION message for a refused one.
    /// Nothing changes unless every update is valid.
    pub fn update(
        &self,
        updates: &[(String, i16, UpgradeType)],
        validate_only: bool,
    ) -> std::io::Result<Vec<Result<(), String>>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let results: Vec<Result<(), String>> = updates
            .iter()
            .map(|(name, level, kind)| self.check(&state, name, *level, *kind))
            .collect();
        if validate_only || results.iter().any(Result::is_err) || updates.is_empty() {
            return Ok(results);
        }
        let mut next = state.clone();
        for (name, level, _) in updates {
            if *level > 0 {
                next.levels.insert(name.clone(), *level);
            } else {
                next.levels.remove(name);
            }
        }
        next.epoch += 1;
        write_levels(&self.file, &next)?;
        *state = next;
        Ok(results)
    }

    /// FeatureControlManager.updateFeature's checks of one update.
    fn check(
        &self,
        state: &Finalized,
        name: &str,
        level: i16,
        kind: UpgradeType,
    ) -> Result<(), String> {
        let invalid = |why: String| {
            Err(format!(
                "Invalid update version {level} for feature {name}. {why}"
            ))
        };
        if kind == UpgradeType::Unknown {
            return invalid("The controller does not support the given upgrade type.".into());
        }
        let current = state.levels.get(name).copied().unwrap_or(0);
        if level < 0 {
            return invalid("A feature version cannot be less than 0.".into());
        }
        let (min, max) = supported()
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or((0, 0), |(_, min, max)| (*min, *max));
        if !(min..=max).contains(&level) {
            let what = format!("Local controller {}", self.node_id);
            return invalid(if max == 0 {
                format!("{what} does not support this feature.")
            } else if min == max {
                format!("{what} only supports versions {min}")
            } else {
                format!("{what} only supports versions {min}-{max}")
            });
        }
        if level < current && kind == UpgradeType::Upgrade {
            return invalid(
                "Can't downgrade the version of this feature without setting the upgrade type \
                 to either safe or unsafe downgrade."
                    .into(),
            );
        }
        if level > current && kind != UpgradeType::Upgrade {
            return invalid("Can't downgrade to a newer version.".into());
        }
        if name != METADATA_VERSION {
            return Ok(());
        }
        let invalid_mv = |why: &str| Err(format!("Invalid metadata.version {level}. {why}"));
        let Ok(version) = MetadataVersion::from_level(level) else {
            return invalid_mv("Unknown metadata.version.");
        };
        if level < MINIMUM_BOOTSTRAP_LEVEL {
            return invalid_mv("Unable to set a metadata.version less than 3.3-IV0");
        }
        let changed = METADATA_CHANGED
            .iter()
            .any(|l| *l > version.level && *l <= current);
        if level < current && changed {
            return invalid_mv(if kind == UpgradeType::UnsafeDowngrade {
                "Unsafe metadata downgrade is not supported in this version."
            } else {
                "Refusing to perform the requested downgrade because it might delete metadata \
                 information."
            });
        }
        Ok(())
    }
}

/// The levels `kt storage format` left: `metadata.version` from `bootstrap.checkpoint`,
/// `kraft.version` 1 when a voter set was written, epoch 1.
fn bootstrap_levels(dir: &Path) -> Finalized {
    let mut levels = BTreeMap::new();
    let checkpoint = dir.join(kt_storage::kraft::BOOTSTRAP_CHECKPOINT);
    let metadata_version = std::fs::read(&checkpoint)
        .ok()
        .and_then(|bytes| feature_level_in(bytes, METADATA_VERSION))
        .unwrap_or(LATEST_PRODUCTION.level);
    levels.insert(METADATA_VERSION.to_string(), metadata_version);
    let voters = dir
        .join(kt_storage::kraft::METADATA_PARTITION_DIR)
        .join("00000000000000000000-0000000000.checkpoint");
    if voters.exists() {
        levels.insert(KRAFT_VERSION.to_string(), 1);
    }
    Finalized { levels, epoch: 1 }
}

/// The level of `feature` in the FeatureLevelRecords of a checkpoint's batches.
fn feature_level_in(bytes: Vec<u8>, feature: &str) -> Option<i16> {
    let mut buf = Bytes::from(bytes);
    let batches = RecordBatchDecoder::decode_all(&mut buf).ok()?;
    batches
        .into_iter()
        .flat_map(|b| b.records)
        .filter(|r| !r.control)
        .filter_map(|r| r.value)
        .filter_map(|value| {
            let mut v = value;
            // Frame version 1, api key 12 (FeatureLevelRecord), version 0: one byte each.
            if v.remaining() < 4 || v.get_u8() != 1 || v.get_u8() != 12 || v.get_u8() != 0 {
                return None;
            }
            let len = v.get_u8().checked_sub(1)? as usize;
            if v.remaining() < len + 2 {
                return None;
            }
            let name = v.copy_to_bytes(len);
            (name == feature.as_bytes()).then(|| v.get_i16())
        })
        .last()
}

/// Writes the levels and epoch, through a temporary file so a crash leaves the old or the new.
fn write_levels(file: &Path, finalized: &Finalized) -> std::io::Result<()> {
    let mut text = String::new();
    for (name, _, _) in supported() {
        let level = finalized.levels.get(name).copied().unwrap_or(0);
        text.push_str(&format!("{name}={level}\n"));
    }
    for (name, level) in &finalized.levels {
        if !supported().iter().any(|(n, _, _)| n == name) {
            text.push_str(&format!("{name}={level}\n"));
        }
    }
    text.push_str(&format!("epoch={}\n", finalized.epoch));
    let tmp = file.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(levels: &[(&str, i16)]) -> (tempfile::TempDir, FeatureStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = FeatureStore {
            node_id: 1,
            file: dir.path().join(FEATURES_FILE),
            state: Mutex::new(Finalized {
                levels: levels.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
                epoch: 1,
            }),
        };
        (dir, store)
    }

    #[test]
    fn the_bootstrap_checkpoint_gives_metadata_version() {
        let bytes =
            kt_storage::kraft::bootstrap_checkpoint(MetadataVersion::from_level(17).unwrap(), 5)
                .unwrap();
        assert_eq!(feature_level_in(bytes, METADATA_VERSION), Some(17));
    }

    #[test]
    fn updates_follow_kafkas_controller_rules() {
        let (_dir, store) = store(&[(METADATA_VERSION, 20)]);
        let up = UpgradeType::Upgrade;
        let results = store
            .update(&[(METADATA_VERSION.into(), 22, up)], false)
            .unwrap();
        assert_eq!(
            results,
            [Err(
                "Invalid update version 22 for feature metadata.version. Local controller 1 \
                  only supports versions 1-21"
                    .to_string()
            )]
        );
        let results = store
            .update(&[(METADATA_VERSION.into(), 19, up)], false)
            .unwrap();
        assert!(results[0]
            .as_ref()
            .unwrap_err()
            .contains("Can't downgrade the version"));
        let results = store.update(&[("foo".into(), 1, up)], false).unwrap();
        assert_eq!(
            results,
            [Err(
                "Invalid update version 1 for feature foo. Local controller 1 does not \
                  support this feature."
                    .to_string()
            )]
        );
        // A dry run changes nothing; a real one moves the level and the epoch, and persists.
        assert_eq!(
            store
                .update(&[(METADATA_VERSION.into(), 21, up)], true)
                .unwrap(),
            [Ok(())]
        );
        assert_eq!(store.finalized().epoch, 1);
        assert_eq!(
            store
                .update(&[(METADATA_VERSION.into(), 21, up)], false)
                .unwrap(),
            [Ok(())]
        );
        let now = store.finalized();
        assert_eq!((now.levels[METADATA_VERSION], now.epoch), (21, 2));
        let text = std::fs::read_to_string(&store.file).unwrap();
        assert_eq!(text, "kraft.version=0\nmetadata.version=21\nepoch=2\n");
        // 21 to 20 crosses no metadata change: a safe downgrade is allowed; 17 is refused.
        let safe = UpgradeType::SafeDowngrade;
        let results = store
            .update(&[(METADATA_VERSION.into(), 16, safe)], false)
            .unwrap();
        assert_eq!(
            results,
            [Err(
                "Invalid metadata.version 16. Refusing to perform the requested downgrade \
                  because it might delete metadata information."
                    .to_string()
            )]
        );
        assert_eq!(
            store
                .update(&[(METADATA_VERSION.into(), 20, safe)], false)
                .unwrap(),
            [Ok(())]
        );
    }
}
