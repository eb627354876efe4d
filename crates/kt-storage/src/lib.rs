//! Storage: Kafka's on-disk log format.
//!
//! One directory per partition (`<log.dir>/<topic>-<partition>/`) of
//! segments (`<20-digit base offset>.log`) holding magic-2 record batches
//! byte for byte as produced, with sparse `.index` and `.timeindex` files,
//! plus each log directory's lock, `meta.properties` and checkpoint files.
//! Readable by Kafka's own tools (kafka-dump-log).
//!
//! Entry points: [`LogManager`] (the log directories) and [`PartitionLog`] (one
//! partition: append, read, retention, flush, and the log cleaner of compacted topics). [`BatchHeader`] lets the
//! broker inspect a batch (producer id/epoch/sequence) before appending.

#![warn(missing_docs)]

mod batch;
mod checkpoint;
mod codec;
mod config;
mod error;
mod index;
pub mod kraft;
mod leader_epoch;
mod log_dir;
mod log_manager;
mod meta_properties;
mod open_files;
mod partition_log;
mod producer_snapshot;
mod scan;
mod segment;
mod txn_index;
mod verify;

pub use batch::{
    clear_producer, stamp_crc, validate_batch, validate_stored_batch, BatchHeader, HEADER_SIZE,
    LOG_OVERHEAD, MAGIC_V2,
};
pub use checkpoint::{
    read_checkpoint, write_checkpoint, Checkpoint, CLEANER_OFFSET_CHECKPOINT,
    LOG_START_OFFSET_CHECKPOINT, RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT,
};
pub use codec::{codec_of, recompress};
pub use config::{LogConfig, TimestampType};
pub use error::{Result, StorageError};
pub use leader_epoch::{
    read_leader_epoch_checkpoint, write_leader_epoch_checkpoint, EpochEntry, LeaderEpochCache,
    LEADER_EPOCH_CHECKPOINT, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET,
};
pub use log_dir::{file_system_space, LogDirHealth};
pub use log_manager::{
    parse_topic_partition, validate_topic_name, LogDirMove, LogManager, CLEAN_SHUTDOWN_FILE,
    LOCK_FILE,
};
pub use meta_properties::{
    generate_cluster_id, parse_uuid, random_uuid, MetaProperties, META_PROPERTIES,
};
pub use open_files::OpenFiles;
pub use partition_log::cleaner::{is_abort_marker, require_keys, CleanStats, CleanerConfig};
pub use partition_log::future_replica::{
    dir_name_with_suffix, parse_future_dir_name, CopyStep, DELETE_DIR_SUFFIX, FUTURE_DIR_SUFFIX,
};
pub use partition_log::{
    AppendInfo, FileRegion, OpenHints, PartitionLog, ReadLimit, ReadRegions, ReadSlice, Truncated,
    PARTITION_METADATA_FILE,
};
pub use producer_snapshot::{
    decode_snapshot, list_snapshots, parse_snapshot_file_name, read_snapshot,
    ProducerSnapshotEntry, SNAPSHOT_SUFFIX,
};
pub use txn_index::{read_txn_index, AbortedTxnEntry, TXN_INDEX_SUFFIX};
pub use verify::{verify_batch, verify_batches, CorruptBatch};
