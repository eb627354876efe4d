//! `kafka-storage format`: writes `meta.properties` (version 1) and `bootstrap.checkpoint`
//! into every unformatted directory of a node, and for a dynamic quorum the metadata log's
//! bootstrap snapshot with the initial voters (Kafka's `Formatter`).

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use super::ensemble::Ensemble;
use super::metadata_version::MetadataVersion;
use super::records::{bootstrap_checkpoint_with, voters_snapshot, Voter};
use super::{
    node_directories, KraftError, BOOTSTRAP_CHECKPOINT, BOOTSTRAP_SNAPSHOT, METADATA_PARTITION_DIR,
};
use crate::error::IoContext;
use crate::meta_properties::MetaProperties;

/// What to format: the node's identity, its directories and the initial metadata.
#[derive(Debug, Clone)]
pub struct FormatRequest {
    /// The cluster id (`-t`).
    pub cluster_id: String,
    /// The node id (`node.id`).
    pub node_id: i32,
    /// `log.dirs`.
    pub log_dirs: Vec<PathBuf>,
    /// `metadata.log.dir` (the first log dir when not set).
    pub metadata_dir: PathBuf,
    /// The metadata.version to start with.
    pub release_version: MetadataVersion,
    /// Skip formatted directories instead of refusing.
    pub ignore_formatted: bool,
    /// The initial voters of a dynamic quorum (`--standalone`, `--initial-controllers`).
    pub initial_controllers: Option<Vec<Voter>>,
    /// The first of `controller.listener.names` (the voters' endpoint name).
    pub controller_listener: String,
    /// Framed metadata records to add to the bootstrap metadata (`--add-scram`).
    pub extra_records: Vec<bytes::Bytes>,
}

/// What a directory is to the format, which its printed line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DirectoryType {
    Log,
    StaticMetadata,
    DynamicMetadataNonVoter,
    DynamicMetadataVoter,
}

impl DirectoryType {
    fn description(self) -> &'static str {
        match self {
            DirectoryType::Log => "data directory",
            DirectoryType::StaticMetadata => "metadata directory",
            DirectoryType::DynamicMetadataNonVoter => "dynamic metadata directory",
            DirectoryType::DynamicMetadataVoter => "dynamic metadata voter directory",
        }
    }
}

/// Formats the node's unformatted directories, printing Kafka's line for each to `out`.
/// Refuses (before writing anything) when a directory is formatted already (unless
/// `ignore_formatted`) or names another cluster or node.
pub fn format(request: &FormatRequest, out: &mut dyn Write) -> Result<(), KraftError> {
    let dirs = node_directories(&request.log_dirs, &request.metadata_dir);
    let ensemble = Ensemble::load(&dirs)?;
    ensemble.verify(Some(request.cluster_id.clone()), Some(request.node_id))?;
    if let Some((dir, _)) = ensemble.formatted().next() {
        if !request.ignore_formatted {
            return Err(KraftError::AlreadyFormatted(dir.display().to_string()));
        }
    }
    let empty: Vec<&PathBuf> = ensemble
        .dirs
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(d, _)| d)
        .collect();
    let print = |out: &mut dyn Write, line: String| {
        writeln!(out, "{line}").map_err(|e| KraftError::Format(e.to_string()))
    };
    if empty.is_empty() {
        return print(
            out,
            "All of the log directories are already formatted.".into(),
        );
    }
    let me_voter = request
        .initial_controllers
        .as_ref()
        .and_then(|voters| voters.iter().find(|v| v.id == request.node_id));
    let now = kt_base::clock::now_ms();
    let bootstrap = bootstrap_file(request, now)?;
    let mut taken = Vec::new();
    for dir in empty {
        let kind = if *dir != request.metadata_dir {
            DirectoryType::Log
        } else if request.initial_controllers.is_none() {
            DirectoryType::StaticMetadata
        } else if me_voter.is_some() {
            DirectoryType::DynamicMetadataVoter
        } else {
            DirectoryType::DynamicMetadataNonVoter
        };
        let directory_id = match (kind, me_voter) {
            (DirectoryType::DynamicMetadataVoter, Some(voter)) => voter.directory_id.clone(),
            _ => loop {
                let id = ensemble.new_directory_id();
                if !taken.contains(&id) {
                    break id;
                }
            },
        };
        taken.push(directory_id.clone());
        print(
            out,
            format!(
                "Formatting {} {} with metadata.version {}.",
                kind.description(),
                dir.display(),
                request.release_version
            ),
        )?;
        fs::create_dir_all(dir).at(dir)?;
        write_file(&dir.join(BOOTSTRAP_CHECKPOINT), &bootstrap)?;
        if matches!(
            kind,
            DirectoryType::DynamicMetadataVoter | DirectoryType::DynamicMetadataNonVoter
        ) {
            let voters = request.initial_controllers.as_deref().unwrap_or_default();
            let snapshot = voters_snapshot(voters, &request.controller_listener, now)?;
            let partition = dir.join(METADATA_PARTITION_DIR);
            fs::create_dir_all(&partition).at(&partition)?;
            write_file(&partition.join(BOOTSTRAP_SNAPSHOT), &snapshot)?;
        }
        MetaProperties {
            version: Some(1),
            broker_id: Some(request.node_id),
            cluster_id: Some(request.cluster_id.clone()),
            directory_id: Some(directory_id),
        }
        .write(dir)
        .map_err(|e| {
            KraftError::Format(format!(
                "Error while writing meta.properties file {}: {e}",
                dir.display()
            ))
        })?;
    }
    Ok(())
}

/// `bootstrap.checkpoint` with the extra records (SCRAM credentials) after the features.
fn bootstrap_file(request: &FormatRequest, now: i64) -> Result<Vec<u8>, KraftError> {
    bootstrap_checkpoint_with(request.release_version, &request.extra_records, now)
}

/// Writes `bytes` to `path` through a temporary file and a rename, synced.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), KraftError> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = fs::File::create(&tmp).at(&tmp)?;
        f.write_all(bytes).at(&tmp)?;
        f.sync_all().at(&tmp)?;
    }
    fs::rename(&tmp, path).at(path)?;
    Ok(())
}
