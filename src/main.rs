use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kt",
    version,
    about = "Kafka's tools and a Kafka-compatible broker in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a broker (kafka-server-start.sh)
    ServerStart {
        /// The server.properties file
        config: Option<PathBuf>,
        /// Override a property: key=value
        #[arg(long = "override")]
        overrides: Vec<String>,
    },
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::ServerStart { config, overrides } => {
            kt::broker::launch::run(config.as_deref(), &overrides)
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
