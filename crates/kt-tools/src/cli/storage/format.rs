//! `kt storage format`: from the server config and the flags to Kafka's format request
//! (node id, directories, metadata.version, the initial dynamic quorum), with StorageTool's
//! refusals of flag and config combinations.

use anyhow::bail;
use kt_storage::kraft::{FormatRequest, MetadataVersion, Voter, LATEST_PRODUCTION};

use super::FormatArgs;

/// The features `--feature` may name in 3.9 besides metadata.version.
const FEATURES: &[&str] = &["group.version", "kraft.version", "transaction.version"];

/// Formats the directories of the config's node, printing Kafka's lines.
pub fn run(args: &FormatArgs) -> anyhow::Result<()> {
    let config = super::load_config(&args.config)?;
    let Some(kraft) = &config.kraft else {
        bail!(
            "The kafka configuration file appears to be for a legacy cluster. Formatting is only \
             supported for clusters in KRaft mode."
        );
    };
    let features = parse_features(&args.feature)?;
    let release_version = release_version(args, &config.properties, &features)?;
    let credentials = super::add_scram::parse_all(&args.add_scram, release_version)?;
    let mut initial_controllers = match &args.initial_controllers {
        Some(text) => Some(parse_initial_controllers(text)?),
        None => None,
    };
    if args.standalone {
        if !kraft.is_controller() {
            bail!("You can only use --standalone on a controller.");
        }
        let Some((host, port)) = kraft.advertised_controller() else {
            bail!("No controller listeners found.");
        };
        initial_controllers = Some(vec![Voter {
            id: kraft.node_id,
            host,
            port,
            directory_id: kt_storage::random_uuid(),
        }]);
    }
    if !args.no_initial_controllers
        && kraft.is_controller()
        && kraft.voters.is_empty()
        && initial_controllers.is_none()
    {
        bail!(
            "Because controller.quorum.voters is not set on this controller, you must specify \
             one of the following: --standalone, --initial-controllers, or \
             --no-initial-controllers."
        );
    }
    let dynamic = initial_controllers.is_some();
    match features.iter().find(|(name, _)| name == "kraft.version") {
        Some((_, 0)) if dynamic => bail!(
            "Cannot set kraft.version to 0 if KIP-853 configuration is present. Try removing \
             the --feature flag for kraft.version."
        ),
        Some((_, level)) if *level != 0 && !dynamic => bail!(
            "Cannot set kraft.version to {level} unless KIP-853 configuration is present. Try \
             removing the --feature flag for kraft.version."
        ),
        Some((_, level)) if *level > 1 => {
            bail!("Feature level {level} is not supported for feature kraft.version")
        }
        _ => {}
    }
    for (name, level) in &features {
        if (name == "group.version" || name == "transaction.version") && *level != 0 {
            bail!(
                "{name} level {level} needs metadata.version 4.0-IV0 or later, which is not yet \
                 stable in this release"
            );
        }
    }
    let Some(controller_listener) = kraft.controller_listener_names.first().cloned() else {
        bail!("You must specify the name of the initial controller listener.");
    };
    let request = FormatRequest {
        cluster_id: args.cluster_id.clone(),
        node_id: kraft.node_id,
        metadata_dir: kraft.metadata_dir(&config.log_dirs),
        log_dirs: config.log_dirs.clone(),
        release_version,
        ignore_formatted: args.ignore_formatted,
        initial_controllers,
        controller_listener,
        extra_records: credentials
            .iter()
            .map(kt_storage::kraft::user_scram_credential_record)
            .collect(),
    };
    let stdout = std::io::stdout();
    kt_storage::kraft::format(&request, &mut stdout.lock())?;
    Ok(())
}

/// `--feature name=level` pairs.
fn parse_features(items: &[String]) -> anyhow::Result<Vec<(String, i16)>> {
    let mut features = Vec::new();
    for item in items {
        let Some((name, level)) = item.split_once('=') else {
            bail!("Can't parse feature={item}. The format must be feature=level.");
        };
        let (name, level) = (name.trim(), level.trim());
        let Ok(level) = level.parse::<i16>() else {
            bail!("Can't parse feature={item}. The level must be a number.");
        };
        if name != "metadata.version" && !FEATURES.contains(&name) {
            bail!(
                "Unsupported feature: {name}. Supported features are: {}",
                FEATURES.join(", ")
            );
        }
        features.push((name.to_string(), level));
    }
    Ok(features)
}

/// The metadata.version: `--release-version`, `--feature metadata.version=N`, the config's
/// `inter.broker.protocol.version`, else the latest production one.
fn release_version(
    args: &FormatArgs,
    properties: &kt_base::config::Properties,
    features: &[(String, i16)],
) -> anyhow::Result<MetadataVersion> {
    if let Some((_, level)) = features.iter().find(|(n, _)| n == "metadata.version") {
        if args.release_version.is_some() {
            bail!(
                "Use --release-version instead of --feature metadata.version=X to avoid \
                 ambiguity."
            );
        }
        return Ok(MetadataVersion::from_level(*level)?);
    }
    let text = args
        .release_version
        .clone()
        .or_else(|| properties.get("inter.broker.protocol.version").cloned());
    Ok(match text {
        Some(text) => MetadataVersion::from_release(text.trim())?,
        None => LATEST_PRODUCTION,
    })
}

/// `--initial-controllers id@host:port:directory-id,...`.
fn parse_initial_controllers(text: &str) -> anyhow::Result<Vec<Voter>> {
    let mut voters = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = || {
            anyhow::anyhow!("Invalid voter: {item}. The format must be id@host:port:directory-id")
        };
        let (id, rest) = item.split_once('@').ok_or_else(bad)?;
        let (address, directory_id) = rest.rsplit_once(':').ok_or_else(bad)?;
        let (host, port) = address.rsplit_once(':').ok_or_else(bad)?;
        if kt_storage::parse_uuid(directory_id).is_none() {
            bail!("Invalid directory id {directory_id} for voter {id}");
        }
        voters.push(Voter {
            id: id.parse().map_err(|_| bad())?,
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: port.parse().map_err(|_| bad())?,
            directory_id: directory_id.to_string(),
        });
    }
    if voters.is_empty() {
        bail!("No voters given.");
    }
    Ok(voters)
}
