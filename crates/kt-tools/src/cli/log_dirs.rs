//! `kt log-dirs`: kafka-log-dirs.sh (LogDirsCommand), printing each broker's log directories
//! and the partition logs in them as Kafka's one JSON line.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use super::output;
use super::usage::UsageError;
use crate::admin::log_dirs::{cluster_brokers, describe_log_dirs};

/// Flags of `kt log-dirs`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt log-dirs --describe --bootstrap-server localhost:9092 --topic-list my-topic"
)]
pub struct LogDirsArgs {
    /// REQUIRED: the server(s) to use for bootstrapping.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
    /// Describe the specified log directories on the specified brokers.
    #[arg(long)]
    pub describe: bool,
    /// The list of topics to be queried in the form "topic1,topic2,topic3". All topics will
    /// be queried if no topic list is specified.
    #[arg(long, value_name = "TOPICS", default_value = "")]
    pub topic_list: String,
    /// The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will
    /// be queried if no broker list is specified.
    #[arg(
        long,
        value_name = "IDS",
        default_value = "",
        allow_hyphen_values = true
    )]
    pub broker_list: String,
}

/// The non-empty items of a comma-separated list, as LogDirsCommand splits its lists.
fn items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').filter(|s| !s.is_empty())
}

/// Runs `kt log-dirs` and returns the exit code.
pub fn run(args: LogDirsArgs) -> i32 {
    let Some(bootstrap) = args.bootstrap_server.clone() else {
        return UsageError::new("Missing required argument \"[bootstrap-server]\"")
            .report("log-dirs");
    };
    if !args.describe {
        return UsageError::new("Missing required argument \"[describe]\"").report("log-dirs");
    }
    let mut wanted_brokers = BTreeSet::new();
    for id in items(&args.broker_list) {
        match id.parse::<i32>() {
            Ok(id) => {
                wanted_brokers.insert(id);
            }
            Err(_) => {
                // Java's Integer.valueOf message.
                eprintln!("For input string: \"{id}\"");
                return 1;
            }
        }
    }
    let topics: Vec<String> = items(&args.topic_list).map(str::to_string).collect();
    let result = (|| -> anyhow::Result<i32> {
        let properties = match &args.command_config {
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        let rt = super::runtime()?;
        rt.block_on(async {
            let cluster = cluster_brokers(&bootstrap, &properties).await?;
            let known: BTreeSet<i32> = cluster.iter().map(|(id, _)| *id).collect();
            let missing: Vec<String> = wanted_brokers
                .difference(&known)
                .map(i32::to_string)
                .collect();
            if !missing.is_empty() {
                let known: Vec<String> = known.iter().map(i32::to_string).collect();
                eprintln!(
                    "ERROR: The given brokers do not exist from --broker-list: {}. Current \
                     existent brokers: {}",
                    missing.join(","),
                    known.join(",")
                );
                return Ok(1);
            }
            println!("Querying brokers for log directories information");
            let mut described = Vec::new();
            for (id, addr) in &cluster {
                if wanted_brokers.is_empty() || wanted_brokers.contains(id) {
                    described.push((*id, describe_log_dirs(addr, &properties).await?));
                }
            }
            let ids: Vec<String> = described.iter().map(|(id, _)| id.to_string()).collect();
            println!(
                "Received log directory information from brokers {}",
                ids.join(",")
            );
            let mut out = output::stdout();
            output::log_dirs::log_dirs_json(&mut out, &described, &topics)?;
            std::io::Write::flush(&mut out)?;
            Ok(0)
        })
    })();
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}
