//! `kt storage`: kafka-storage.sh (Kafka's StorageTool), the first step of the KRaft
//! quickstart: `random-uuid` prints a new cluster id, `format` prepares a KRaft node's
//! directories, `info` tells what they hold. `kt server-start` then runs the node on them.

mod add_scram;
mod format;
mod info;
mod usage;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

pub use usage::render_parse_error;

/// Flags of `kt storage`.
#[derive(Debug, Args)]
#[command(
    after_help = "The KRaft quickstart:\n  KAFKA_CLUSTER_ID=\"$(kt storage random-uuid)\"\n  kt storage format --standalone -t $KAFKA_CLUSTER_ID -c config/kraft/reconfig-server.properties\n  kt server-start config/kraft/reconfig-server.properties\n\nOr with a static quorum (controller.quorum.voters):\n  kt storage format -t $KAFKA_CLUSTER_ID -c config/kraft/server.properties\n\nkt server-start runs a KRaft config as one combined node (process.roles=broker,controller, itself the only voter): kt's broker with broker id node.id. No Raft quorum runs, so the CONTROLLER listener is not served."
)]
pub struct StorageArgs {
    #[command(subcommand)]
    pub command: StorageCommand,
}

/// The subcommands of kafka-storage.sh.
#[derive(Debug, Subcommand)]
pub enum StorageCommand {
    /// Get information about the Kafka log directories on this node.
    Info(InfoArgs),
    /// Format the Kafka log directories on this node.
    Format(FormatArgs),
    /// Print a random UUID.
    RandomUuid,
}

/// Flags of `kt storage info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The Kafka configuration file to use.
    #[arg(long, short = 'c', value_name = "CONFIG", required = true)]
    pub config: PathBuf,
}

/// Flags of `kt storage format`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("quorum").multiple(false).args(["standalone", "no_initial_controllers", "initial_controllers"])))]
pub struct FormatArgs {
    /// The Kafka configuration file to use.
    #[arg(long, short = 'c', value_name = "CONFIG", required = true)]
    pub config: PathBuf,
    /// The cluster ID to use (kt storage random-uuid makes one).
    #[arg(long, short = 't', value_name = "CLUSTER_ID", required = true)]
    pub cluster_id: String,
    /// A SCRAM credential to add to the __cluster_metadata log, as
    /// 'SCRAM-SHA-256=[name=alice,password=alice-secret]' (also iterations=N, salt=BASE64).
    #[arg(long, short = 'S', value_name = "ADD_SCRAM")]
    pub add_scram: Vec<String>,
    /// Skip directories that are already formatted instead of failing.
    #[arg(long, short = 'g')]
    pub ignore_formatted: bool,
    /// The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release
    /// such as 3.7); the default is 3.9-IV0.
    #[arg(long, short = 'r', value_name = "RELEASE_VERSION")]
    pub release_version: Option<String>,
    /// A feature level to start with, as feature=level (kraft.version=1, metadata.version=21).
    #[arg(long, short = 'f', value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// Initialize the controller as a single-node dynamic quorum (for
    /// controller.quorum.bootstrap.servers configs).
    #[arg(long, short = 's')]
    pub standalone: bool,
    /// Initialize a server without a dynamic quorum topology.
    #[arg(long, short = 'N')]
    pub no_initial_controllers: bool,
    /// The dynamic quorum's voters: id@host:port:directory-id,...
    #[arg(long, short = 'I', value_name = "INITIAL_CONTROLLERS")]
    pub initial_controllers: Option<String>,
}

/// Runs `kt storage` and returns the exit code.
pub fn run(args: StorageArgs) -> i32 {
    let result = match args.command {
        StorageCommand::RandomUuid => {
            println!("{}", kt_storage::random_uuid());
            Ok(0)
        }
        StorageCommand::Info(info) => info::run(&info),
        StorageCommand::Format(format) => format::run(&format).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}

/// The server configuration of `path`, as `kt server-start` reads it.
fn load_config(path: &Path) -> anyhow::Result<kt_base::config::ServerConfig> {
    kt_broker::launch::load_config(Some(path), &[])
}
