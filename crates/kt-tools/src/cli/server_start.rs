//! `kt server-start`: the flags of kafka-server-start.sh.

use std::path::PathBuf;

use clap::Args;

/// Start a Kafka-compatible broker.
///
/// Example: kt server-start config/server.properties --override log.dirs=/tmp/kt-logs
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kt server-start config/server.properties --override log.dirs=/tmp/kt-logs\n  kt server-start -daemon config/server.properties && kt wait-ready --bootstrap-server localhost:9092"
)]
pub struct ServerStartArgs {
    /// The broker's properties file (Kafka's server.properties format and keys). Without one,
    /// Kafka's defaults apply (listeners=PLAINTEXT://:9092, log.dirs=/tmp/kafka-logs).
    #[arg(value_name = "server.properties")]
    pub config: Option<PathBuf>,

    /// Set a property, overriding the file (repeatable): --override key=value.
    #[arg(long = "override", value_name = "property=value")]
    pub overrides: Vec<String>,

    /// Run in the background (Kafka's -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR
    /// defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop.
    #[arg(long = "daemon")]
    pub daemon: bool,
}

/// Runs the broker in the foreground; returns the exit code.
pub fn run(args: ServerStartArgs) -> i32 {
    if args.daemon {
        let mut argv: Vec<std::ffi::OsString> = vec!["server-start".into()];
        argv.extend(args.config.iter().map(|c| {
            // The daemon runs in a new session but the same directory; absolute anyway, so
            // the pid file's command line says which file it serves.
            std::path::absolute(c)
                .unwrap_or_else(|_| c.clone())
                .into_os_string()
        }));
        for o in &args.overrides {
            argv.push("--override".into());
            argv.push(o.into());
        }
        return match super::daemon::spawn("kafkaServer", &argv) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        };
    }
    match kt_broker::launch::run(args.config.as_deref(), &args.overrides) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
