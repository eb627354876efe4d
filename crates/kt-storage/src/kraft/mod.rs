//! KRaft storage: what `kafka-storage format` writes into a node's directories and what a
//! KRaft node checks in them before it starts. kt runs a KRaft node as one combined
//! broker+controller; these files carry the identity (`meta.properties` version 1) and the
//! bootstrap metadata in Kafka's own layout, so that the directories read the same to
//! Kafka's tools.

mod ensemble;
mod format;
mod metadata_image;
mod metadata_log;
mod metadata_records;
mod metadata_version;
mod records;
mod scram_records;

pub use ensemble::{verify_for_start, Ensemble};
pub use format::{format, FormatRequest};
pub use metadata_image::{
    MetadataImage, Provenance, ScramData, TopicImage, BROKER_RESOURCE, TOPIC_RESOURCE,
};
pub use metadata_log::{
    append as append_metadata, load_dir as load_metadata_dir, load_file as load_metadata_file,
    records_of as metadata_records_of, LoggedRecord,
};
pub use metadata_records::{
    AclRecord, BrokerEndpoint, BrokerRegistration, ControllerRegistration, MetadataRecord,
    PartitionRegistration, RecordError, TokenRecord,
};
pub use metadata_version::{MetadataVersion, LATEST_PRODUCTION};
pub use records::{bootstrap_checkpoint, bootstrap_checkpoint_with, voters_snapshot, Voter};
pub use scram_records::{
    bootstrap_scram_credentials, user_scram_credential_record, BootstrapScram,
};

use std::path::PathBuf;

/// The metadata log's partition directory (`__cluster_metadata-0`), in the metadata log dir.
pub const METADATA_PARTITION_DIR: &str = "__cluster_metadata-0";
/// The initial feature levels, written by `format` into every directory it formats.
pub const BOOTSTRAP_CHECKPOINT: &str = "bootstrap.checkpoint";
/// The metadata log's bootstrap snapshot (offset 0, epoch 0) of a dynamic quorum.
pub const BOOTSTRAP_SNAPSHOT: &str = "00000000000000000000-0000000000.checkpoint";

/// Why a directory cannot be formatted or a KRaft node cannot start on its directories. The
/// messages are Kafka's, which people and scripts know.
#[derive(Debug, thiserror::Error)]
pub enum KraftError {
    /// `format` on a directory that has a `meta.properties` already.
    #[error(
        "Log directory {0} is already formatted. Use --ignore-formatted to ignore this directory \
         and format the others."
    )]
    AlreadyFormatted(String),
    /// A start with none of the directories formatted.
    #[error("No readable meta.properties files found.")]
    NoneFormatted,
    /// A start with one of the directories not formatted.
    #[error(
        "No `meta.properties` found in {0} (have you run `kafka-storage.sh` to format the \
         directory?)"
    )]
    NotFormatted(String),
    /// Two directories (or the one formatted and the one asked for) name different clusters.
    #[error("Invalid cluster.id in: {path}. Expected {expected}, but read {read}")]
    ClusterIdMismatch {
        /// The meta.properties file that disagrees.
        path: String,
        /// The cluster id expected (given, or read first).
        expected: String,
        /// The cluster id that file holds.
        read: String,
    },
    /// A directory formatted for another node id.
    #[error(
        "Stored node id {stored} doesn't match previous node id {expected} in {path}. If you \
         moved your data, make sure your configured node id matches. If you intend to create a \
         new node, you should remove all data in your data directories."
    )]
    NodeIdMismatch {
        /// The meta.properties file that disagrees.
        path: String,
        /// The node id it holds.
        stored: i32,
        /// The configured (or first read) node id.
        expected: i32,
    },
    /// `--release-version` names no version.
    #[error("Version {0} is not a valid version")]
    UnknownReleaseVersion(String),
    /// Another refusal, in Kafka's words.
    #[error("{0}")]
    Format(String),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Storage(#[from] crate::StorageError),
}

/// The directories of a KRaft node as `kafka-storage` treats them: `log.dirs` and the
/// metadata log dir together, each once, in the order of their names.
pub fn node_directories(log_dirs: &[PathBuf], metadata_dir: &std::path::Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = log_dirs.to_vec();
    dirs.push(metadata_dir.to_path_buf());
    dirs.sort_by_key(|d| d.to_string_lossy().into_owned());
    dirs.dedup();
    dirs
}
