//! `kt server-start`: the flags of kafka-server-start.sh.

use std::path::PathBuf;

use clap::Args;

/// Start a Kafka-compatible broker.
///
/// Example: kt server-start config/server.properties --override log.dirs=/tmp/kt-logs
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  kt server-start config/server.properties --override log.dirs=/tmp/kt-logs"
)]
pub struct ServerStartArgs {
    /// The broker's properties file (Kafka's server.properties format and keys). Without one,
    /// Kafka's defaults apply (listeners=PLAINTEXT://:9092, log.dirs=/tmp/kafka-logs).
    #[arg(value_name = "server.properties")]
    pub config: Option<PathBuf>,

    /// Set a property, overriding the file (repeatable): --override key=value.
    #[arg(long = "override", value_name = "property=value")]
    pub overrides: Vec<String>,
}

/// Runs the broker in the foreground; returns the exit code.
pub fn run(args: ServerStartArgs) -> i32 {
    match crate::broker::launch::run(args.config.as_deref(), &args.overrides) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
