//! `metadata.version`: the feature level a KRaft cluster is formatted with, named as Kafka
//! names it (`3.9-IV0`), and how `--release-version` text picks one.

use super::KraftError;

/// One of Kafka's metadata versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataVersion {
    /// The feature level stored in the `FeatureLevelRecord` (-1: before KRaft).
    pub level: i16,
    /// Kafka's name: `3.9-IV0` (`0.8.0` style for the oldest ones).
    pub name: &'static str,
    /// Whether Kafka 3.9 calls it production-ready (the others need unstable features on).
    pub production: bool,
}

const fn v(level: i16, name: &'static str, production: bool) -> MetadataVersion {
    MetadataVersion {
        level,
        name,
        production,
    }
}

/// Kafka 3.9's versions, oldest first (MetadataVersion.java).
const VERSIONS: &[MetadataVersion] = &[
    v(-1, "0.8.0", true),
    v(-1, "0.8.1", true),
    v(-1, "0.8.2", true),
    v(-1, "0.9.0", true),
    v(-1, "0.10.0-IV0", true),
    v(-1, "0.10.0-IV1", true),
    v(-1, "0.10.1-IV0", true),
    v(-1, "0.10.1-IV1", true),
    v(-1, "0.10.1-IV2", true),
    v(-1, "0.10.2-IV0", true),
    v(-1, "0.11.0-IV0", true),
    v(-1, "0.11.0-IV1", true),
    v(-1, "0.11.0-IV2", true),
    v(-1, "1.0-IV0", true),
    v(-1, "1.1-IV0", true),
    v(-1, "2.0-IV0", true),
    v(-1, "2.0-IV1", true),
    v(-1, "2.1-IV0", true),
    v(-1, "2.1-IV1", true),
    v(-1, "2.1-IV2", true),
    v(-1, "2.2-IV0", true),
    v(-1, "2.2-IV1", true),
    v(-1, "2.3-IV0", true),
    v(-1, "2.3-IV1", true),
    v(-1, "2.4-IV0", true),
    v(-1, "2.4-IV1", true),
    v(-1, "2.5-IV0", true),
    v(-1, "2.6-IV0", true),
    v(-1, "2.7-IV0", true),
    v(-1, "2.7-IV1", true),
    v(-1, "2.7-IV2", true),
    v(-1, "2.8-IV0", true),
    v(-1, "2.8-IV1", true),
    v(-1, "3.0-IV0", true),
    v(1, "3.0-IV1", true),
    v(2, "3.1-IV0", true),
    v(3, "3.2-IV0", true),
    v(4, "3.3-IV0", true),
    v(5, "3.3-IV1", true),
    v(6, "3.3-IV2", true),
    v(7, "3.3-IV3", true),
    v(8, "3.4-IV0", true),
    v(9, "3.5-IV0", true),
    v(10, "3.5-IV1", true),
    v(11, "3.5-IV2", true),
    v(12, "3.6-IV0", true),
    v(13, "3.6-IV1", true),
    v(14, "3.6-IV2", true),
    v(15, "3.7-IV0", true),
    v(16, "3.7-IV1", true),
    v(17, "3.7-IV2", true),
    v(18, "3.7-IV3", true),
    v(19, "3.7-IV4", true),
    v(20, "3.8-IV0", true),
    v(21, "3.9-IV0", true),
    v(22, "4.0-IV0", false),
];

/// The version `kafka-storage format` uses without `--release-version` (Kafka 3.9's latest
/// production one).
pub const LATEST_PRODUCTION: MetadataVersion = v(21, "3.9-IV0", true);

impl MetadataVersion {
    /// The version `--release-version TEXT` names, as Kafka's `fromVersionString` reads it:
    /// `3.9-IV0` exactly, or a release (`3.7`, `3.7.1`) for that release's last version.
    pub fn from_release(text: &str) -> Result<MetadataVersion, KraftError> {
        let segments: Vec<&str> = text.split('.').collect();
        let wanted = if text.starts_with("0.") { 3 } else { 2 };
        let key = if segments.len() <= wanted {
            text.to_string()
        } else {
            segments[..wanted].join(".")
        };
        let exact = VERSIONS.iter().find(|m| m.name == key);
        let release = VERSIONS
            .iter()
            .rev()
            .find(|m| m.name.split('-').next() == Some(key.as_str()));
        let found = exact
            .or(release)
            .copied()
            .ok_or_else(|| KraftError::UnknownReleaseVersion(text.to_string()))?;
        if found.level < 1 {
            return Err(KraftError::Format(format!(
                "metadata.version {} is too old to be supported.",
                found.name
            )));
        }
        if !found.production {
            return Err(KraftError::Format(format!(
                "metadata.version {} is not yet stable.",
                found.name
            )));
        }
        Ok(found)
    }
}

impl MetadataVersion {
    /// The version of feature level `level` (`--feature metadata.version=N`).
    pub fn from_level(level: i16) -> Result<MetadataVersion, KraftError> {
        let found = VERSIONS
            .iter()
            .find(|m| m.level == level && level > 0)
            .ok_or_else(|| {
                KraftError::Format(format!("No MetadataVersion with feature level {level}"))
            })?;
        MetadataVersion::from_release(found.name)
    }
}

impl std::fmt::Display for MetadataVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_text_picks_kafkas_version() {
        let level = |t: &str| MetadataVersion::from_release(t).map(|m| (m.level, m.name));
        assert_eq!(level("3.9-IV0").unwrap(), (21, "3.9-IV0"));
        assert_eq!(level("3.9").unwrap(), (21, "3.9-IV0"));
        assert_eq!(level("3.7").unwrap(), (19, "3.7-IV4"));
        assert_eq!(level("3.7.1").unwrap(), (19, "3.7-IV4"));
        assert_eq!(level("3.3-IV3").unwrap(), (7, "3.3-IV3"));
        assert_eq!(
            level("2.8").unwrap_err().to_string(),
            "metadata.version 2.8-IV1 is too old to be supported."
        );
        assert_eq!(
            level("4.0").unwrap_err().to_string(),
            "metadata.version 4.0-IV0 is not yet stable."
        );
        assert_eq!(
            level("banana").unwrap_err().to_string(),
            "Version banana is not a valid version"
        );
        assert_eq!(
            LATEST_PRODUCTION,
            MetadataVersion::from_release("3.9").unwrap()
        );
    }
}
