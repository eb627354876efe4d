//! `kt zookeeper-start`: the arguments of zookeeper-server-start.sh.

use std::path::PathBuf;

use clap::Args;

/// Start a standalone ZooKeeper server.
///
/// Example: kt zookeeper-start config/zookeeper.properties
#[derive(Debug, Args)]
pub struct ZookeeperStartArgs {
    /// The server's properties file (ZooKeeper's zoo.cfg keys, as Kafka's
    /// config/zookeeper.properties). Without one, ZooKeeper's defaults apply
    /// (clientPort=2181, dataDir=/tmp/zookeeper).
    #[arg(value_name = "zookeeper.properties")]
    pub config: Option<PathBuf>,
}

/// Runs the server in the foreground; returns the exit code.
pub fn run(args: ZookeeperStartArgs) -> i32 {
    match crate::zookeeper::launch::run(args.config.as_deref()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
