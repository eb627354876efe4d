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

    /// Run in the background (Kafka's -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR
    /// defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop.
    #[arg(long = "daemon")]
    pub daemon: bool,
}

/// Runs the server in the foreground; returns the exit code.
pub fn run(args: ZookeeperStartArgs) -> i32 {
    if args.daemon {
        let mut argv: Vec<std::ffi::OsString> = vec!["zookeeper-start".into()];
        argv.extend(args.config.iter().map(|c| {
            std::path::absolute(c)
                .unwrap_or_else(|_| c.clone())
                .into_os_string()
        }));
        return match super::daemon::spawn("zookeeper", &argv) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        };
    }
    match kt_zookeeper::launch::run(args.config.as_deref()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
