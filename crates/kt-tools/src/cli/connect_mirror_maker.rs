//! `kt connect-mirror-maker`: connect-mirror-maker.sh, MirrorMaker 2 in dedicated mode.
//! Runs the replication flows of an `mm2.properties`; see [`crate::mirror::mm2`].

use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use crate::admin::client::log_timestamp;

/// Flags of `kt connect-mirror-maker`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "MirrorMaker 2.0 driver",
    after_help = "mm2.properties names the clusters (clusters = A, B), each cluster's client \
                  properties under its alias (A.bootstrap.servers = ..., A.security.protocol \
                  = ...) and the replication flows (A->B.enabled = true, A->B.topics = regex \
                  list, A->B.groups, topics.exclude, groups.exclude, replication.factor, \
                  replication.policy.separator, emit.heartbeats.enabled, \
                  emit.checkpoints.enabled and their .interval.seconds, \
                  sync.group.offsets.enabled, refresh.topics.interval.seconds, \
                  offset.flush.interval.ms). Topic T of A is copied to A.T on B with keys, \
                  headers, timestamps and partitions kept, created with A's partition count \
                  and configs; a topic named for the target (B.x) is not sent back. Source \
                  offsets are stored in mm2-offsets.A.internal on B (Connect's JSON) only \
                  after B acknowledged the records, so a mirror killed at any point loses \
                  nothing. Heartbeats go to B's heartbeats topic, offset syncs to \
                  mm2-offset-syncs.B.internal on A, checkpoints to A.checkpoints.internal on \
                  B, in MirrorMaker 2's schemas; with sync.group.offsets.enabled the \
                  translated offsets are committed to the groups on B. kt runs no Connect \
                  REST API and no Connect transforms.\n\n\
                  Examples:\n  \
                  kt connect-mirror-maker config/connect-mirror-maker.properties\n  \
                  connect-mirror-maker.sh mm2.properties --clusters B"
)]
pub struct ConnectMirrorMakerArgs {
    /// MM2 configuration file.
    #[arg(value_name = "mm2.properties")]
    pub config: PathBuf,
    /// Target cluster to use for this node.
    #[arg(long, num_args = 1.., value_name = "CLUSTER")]
    pub clusters: Vec<String>,
}

/// Runs `kt connect-mirror-maker` and returns the exit code.
pub fn run(args: ConnectMirrorMakerArgs) -> i32 {
    let properties = match load_properties(&args.config) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "{} ERROR Failed to load {}: {e:#} (org.apache.kafka.connect.mirror.MirrorMaker)",
                log_timestamp(),
                args.config.display()
            );
            return 1;
        }
    };
    match crate::mirror::mm2::run(&properties, &args.clusters) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "{} ERROR {e:#} (org.apache.kafka.connect.mirror.MirrorMaker)",
                log_timestamp()
            );
            1
        }
    }
}
