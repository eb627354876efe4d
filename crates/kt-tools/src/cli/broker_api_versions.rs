//! `kt broker-api-versions`: kafka-broker-api-versions.sh (BrokerApiVersionsCommand), printing
//! every broker's API version ranges as Kafka's `NodeApiVersions.toString(true)` does.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::api_versions::{broker_api_versions, render_node_api_versions};

/// Flags of `kt broker-api-versions`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to retrieve broker version information.",
    after_help = "Each line is one API: its name and key, the versions the broker serves, and \
                  [usable: V], the newest version that both the broker and a Kafka 3.9 client \
                  speak (UNSUPPORTED when the broker does not serve it).\n\n\
                  Examples:\n  \
                  kt broker-api-versions --bootstrap-server localhost:9092\n  \
                  kafka-broker-api-versions.sh --bootstrap-server localhost:9092 \
                  --command-config client.properties"
)]
pub struct BrokerApiVersionsArgs {
    /// REQUIRED: The server to connect to.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// A property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
}

/// Runs `kt broker-api-versions` and returns the exit code.
pub fn run(args: BrokerApiVersionsArgs) -> i32 {
    let Some(bootstrap) = args.bootstrap_server else {
        return UsageError::new("Missing required argument \"[bootstrap-server]\"")
            .report("broker-api-versions");
    };
    let result = (|| -> anyhow::Result<()> {
        let properties = match &args.command_config {
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        let brokers = super::runtime()?.block_on(broker_api_versions(&bootstrap, &properties))?;
        let mut out = super::output::stdout();
        for (node, versions) in brokers {
            match versions {
                Ok(ranges) => writeln!(out, "{node} -> {}", render_node_api_versions(&ranges))?,
                Err(e) => writeln!(out, "{node} -> ERROR: {e}")?,
            }
        }
        out.flush()?;
        Ok(())
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}
