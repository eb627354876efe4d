//! `kt features`: kafka-features.sh (FeatureCommand) — describe the cluster's feature flags,
//! upgrade, downgrade or disable them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use kt_storage::kraft::{MetadataVersion, LATEST_PRODUCTION};

use super::common::load_properties;
use crate::admin::cluster::connect_bootstrap;
use crate::admin::features::{describe_features, update_features, UpgradeType};

/// `metadata.version`, which levels are named for (`3.9-IV0`).
const METADATA_VERSION: &str = "metadata.version";
/// The first metadata.version `--metadata` accepts (`MINIMUM_BOOTSTRAP_VERSION`).
const MINIMUM_BOOTSTRAP_LEVEL: i16 = 4;

/// Flags of `kt features`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool manages feature flags in Kafka.",
    after_help = "Examples:\n  \
                  kt features --bootstrap-server localhost:9092 describe\n  \
                  kafka-features.sh --bootstrap-server localhost:9092 upgrade --metadata 3.9-IV0 --dry-run\n  \
                  kt features --bootstrap-server localhost:9092 downgrade --feature metadata.version=20"
)]
pub struct FeaturesArgs {
    /// A comma-separated list of host:port pairs to use for establishing the connection to
    /// the Kafka cluster.
    #[arg(
        long,
        global = true,
        value_name = "BOOTSTRAP_SERVER",
        conflicts_with = "bootstrap_controller"
    )]
    pub bootstrap_server: Option<String>,
    /// A comma-separated list of host:port pairs to use for establishing the connection to
    /// the KRaft quorum.
    #[arg(long, global = true, value_name = "BOOTSTRAP_CONTROLLER")]
    pub bootstrap_controller: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, global = true, value_name = "COMMAND_CONFIG")]
    pub command_config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: FeaturesCommand,
}

/// The subcommands of kafka-features.sh.
#[derive(Debug, Clone, Subcommand)]
pub enum FeaturesCommand {
    /// Describes the current active feature flags.
    Describe,
    /// Upgrade one or more feature flags.
    Upgrade(UpgradeArgs),
    /// Downgrade one or more feature flags.
    Downgrade(DowngradeArgs),
    /// Disable one or more feature flags. This is the same as downgrading the version to zero.
    Disable(DisableArgs),
}

/// Flags of `kt features upgrade`.
#[derive(Debug, Clone, Args)]
pub struct UpgradeArgs {
    /// The level to which we should upgrade the metadata. For example, 3.3-IV3.
    #[arg(long, value_name = "METADATA")]
    pub metadata: Option<String>,
    /// A feature upgrade we should perform, in feature=level format. For example:
    /// `metadata.version=5`.
    #[arg(long, value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// Validate this upgrade, but do not perform it.
    #[arg(long)]
    pub dry_run: bool,
}

/// Flags of `kt features downgrade`.
#[derive(Debug, Clone, Args)]
pub struct DowngradeArgs {
    /// The level to which we should downgrade the metadata. For example, 3.3-IV0.
    #[arg(long, value_name = "METADATA")]
    pub metadata: Option<String>,
    /// A feature downgrade we should perform, in feature=level format. For example:
    /// `metadata.version=5`.
    #[arg(long, value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// Perform this downgrade even if it may irreversibly destroy metadata.
    #[arg(long = "unsafe")]
    pub unsafe_: bool,
    /// Validate this downgrade, but do not perform it.
    #[arg(long)]
    pub dry_run: bool,
}

/// Flags of `kt features disable`.
#[derive(Debug, Clone, Args)]
pub struct DisableArgs {
    /// A feature flag to disable.
    #[arg(long, value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// Disable this feature flag even if it may irreversibly destroy metadata.
    #[arg(long = "unsafe")]
    pub unsafe_: bool,
    /// Perform a dry-run of this disable operation.
    #[arg(long)]
    pub dry_run: bool,
}

/// Kafka's name of a level: `3.9-IV0` for metadata.version, the number for the others.
pub fn level_to_string(feature: &str, level: i16) -> String {
    if feature != METADATA_VERSION {
        return level.to_string();
    }
    match MetadataVersion::from_level(level) {
        Ok(v) => v.name.to_string(),
        Err(_) => format!("UNKNOWN {level}"),
    }
}

/// Runs `kt features` and returns the exit code.
pub fn run(args: FeaturesArgs) -> i32 {
    let Some(bootstrap) = args
        .bootstrap_server
        .clone()
        .or_else(|| args.bootstrap_controller.clone())
    else {
        eprintln!(
            "kafka-features: error: one of the arguments --bootstrap-server \
             --bootstrap-controller is required"
        );
        return 1;
    };
    match execute(&args, &bootstrap) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}

fn execute(args: &FeaturesArgs, bootstrap: &str) -> anyhow::Result<i32> {
    let properties = match &args.command_config {
        Some(path) => load_properties(path)?,
        None => Vec::new(),
    };
    let (op, updates, dry_run) = match &args.command {
        FeaturesCommand::Describe => {
            let runtime = super::runtime()?;
            let features = runtime.block_on(async {
                let mut client =
                    connect_bootstrap(bootstrap, &properties, "kafka-features").await?;
                describe_features(&mut client).await
            })?;
            let epoch = features
                .epoch
                .map_or_else(|| "-".to_string(), |e| e.to_string());
            for (name, (min, max)) in &features.supported {
                let finalized = features.finalized.get(name).copied().unwrap_or(0);
                println!(
                    "Feature: {name}\tSupportedMinVersion: {}\tSupportedMaxVersion: {}\t\
                     FinalizedVersionLevel: {}\tEpoch: {epoch}",
                    level_to_string(name, *min),
                    level_to_string(name, *max),
                    level_to_string(name, finalized),
                );
            }
            return Ok(0);
        }
        FeaturesCommand::Upgrade(u) => (
            "upgrade",
            level_updates(u.metadata.as_deref(), &u.feature, UpgradeType::Upgrade)?,
            u.dry_run,
        ),
        FeaturesCommand::Downgrade(d) => (
            "downgrade",
            level_updates(d.metadata.as_deref(), &d.feature, downgrade_type(d.unsafe_))?,
            d.dry_run,
        ),
        FeaturesCommand::Disable(d) => {
            let mut updates = BTreeMap::new();
            for name in &d.feature {
                if updates
                    .insert(name.clone(), (0, downgrade_type(d.unsafe_)))
                    .is_some()
                {
                    anyhow::bail!("Feature {name} was specified more than once.");
                }
            }
            ("disable", updates, d.dry_run)
        }
    };
    if updates.is_empty() {
        anyhow::bail!("You must specify at least one feature to {op}");
    }
    let runtime = super::runtime()?;
    let results = runtime.block_on(async {
        let mut client = connect_bootstrap(bootstrap, &properties, "kafka-features").await?;
        update_features(&mut client, &properties, &updates, dry_run).await
    })?;
    let mut failures = 0;
    for (name, result) in &results {
        let level = updates.get(name).map_or(0, |(l, _)| *l);
        match result {
            Err(message) => {
                let helper = if dry_run { "Can not " } else { "Could not " };
                let suffix = if op == "disable" {
                    format!("disable {name}")
                } else {
                    format!("{op} {name} to {level}")
                };
                println!("{helper}{suffix}. {message}");
                failures += 1;
            }
            Ok(()) => {
                let verb = if dry_run { " can be " } else { " was " };
                let obj = if op == "disable" {
                    "disabled.".to_string()
                } else {
                    format!("{op}d to {level}.")
                };
                println!("{name}{verb}{obj}");
            }
        }
    }
    if failures > 0 {
        eprintln!("{failures} out of {} operation(s) failed.", updates.len());
        return Ok(1);
    }
    Ok(0)
}

fn downgrade_type(unsafe_: bool) -> UpgradeType {
    if unsafe_ {
        UpgradeType::UnsafeDowngrade
    } else {
        UpgradeType::SafeDowngrade
    }
}

/// The updates of `--metadata` and `--feature name=level`, as FeatureCommand reads them.
fn level_updates(
    metadata: Option<&str>,
    features: &[String],
    kind: UpgradeType,
) -> anyhow::Result<BTreeMap<String, (i16, UpgradeType)>> {
    let mut updates = BTreeMap::new();
    if let Some(text) = metadata {
        let version = MetadataVersion::from_release(text)
            .ok()
            .filter(|v| v.level > 0)
            .ok_or_else(|| {
                let names: Vec<&str> = (MINIMUM_BOOTSTRAP_LEVEL..=LATEST_PRODUCTION.level)
                    .filter_map(|l| MetadataVersion::from_level(l).ok())
                    .map(|v| v.name)
                    .collect();
                anyhow::anyhow!(
                    "Unsupported metadata.version {text}. Supported metadata.version are {}",
                    names.join(", ")
                )
            })?;
        updates.insert(METADATA_VERSION.to_string(), (version.level, kind));
    }
    for feature in features {
        let Some((name, level)) = feature.split_once('=') else {
            anyhow::bail!("Can't parse feature=level string {feature}: equals sign not found.");
        };
        let (name, level) = (name.trim(), level.trim());
        let level: i16 = level.parse().map_err(|_| {
            anyhow::anyhow!(
                "Can't parse feature=level string {feature}: unable to parse {level} as a short."
            )
        })?;
        if updates.insert(name.to_string(), (level, kind)).is_some() {
            anyhow::bail!("Feature {name} was specified more than once.");
        }
    }
    Ok(updates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_print_as_kafka_names_them() {
        assert_eq!(level_to_string("metadata.version", 21), "3.9-IV0");
        assert_eq!(level_to_string("metadata.version", 1), "3.0-IV1");
        assert_eq!(level_to_string("metadata.version", 0), "UNKNOWN 0");
        assert_eq!(level_to_string("kraft.version", 1), "1");
    }

    #[test]
    fn feature_flags_parse_as_feature_command_does() {
        let u = level_updates(
            Some("3.8-IV0"),
            &["kraft.version=1".into()],
            UpgradeType::Upgrade,
        )
        .unwrap();
        assert_eq!(u["metadata.version"].0, 20);
        assert_eq!(u["kraft.version"].0, 1);
        let e = level_updates(None, &["x".into()], UpgradeType::Upgrade).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Can't parse feature=level string x: equals sign not found."
        );
        let e = level_updates(Some("9.9"), &[], UpgradeType::Upgrade).unwrap_err();
        assert!(e.to_string().starts_with(
            "Unsupported metadata.version 9.9. Supported metadata.version are 3.3-IV0, 3.3-IV1,"
        ));
    }
}
