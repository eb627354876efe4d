//! `kt client-metrics`: kafka-client-metrics.sh (Kafka's ClientMetricsCommand) — list,
//! describe, alter and delete the client metrics subscriptions (KIP-714) of a cluster, with
//! Kafka's flags, lines and exit codes.

use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::client_metrics::{Change, ClientMetricsAdmin, ClientMetricsError};

/// Flags of `kt client-metrics`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to manipulate and describe client metrics configurations.",
    after_help = "Examples:\n  \
                  kt client-metrics --bootstrap-server localhost:9092 --alter --name producers \\\n    \
                  --metrics org.apache.kafka.producer. --interval 10000 --match client_id=perf.*\n  \
                  kt client-metrics --bootstrap-server localhost:9092 --describe --name producers\n  \
                  kafka-client-metrics.sh --bootstrap-server localhost:9092 --list\n  \
                  kt client-metrics --bootstrap-server localhost:9092 --delete --name producers"
)]
pub struct ClientMetricsArgs {
    /// REQUIRED: The Kafka server to connect to.
    #[arg(long, value_name = "server to connect to")]
    pub bootstrap_server: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "command config property file")]
    pub command_config: Option<PathBuf>,
    /// Alter the configuration for the client metrics resource.
    #[arg(long)]
    pub alter: bool,
    /// Delete the configuration for the client metrics resource.
    #[arg(long)]
    pub delete: bool,
    /// List configurations for the client metrics resource.
    #[arg(long)]
    pub describe: bool,
    /// List the client metrics resources.
    #[arg(long)]
    pub list: bool,
    /// Name of client metrics configuration resource.
    #[arg(long, value_name = "name")]
    pub name: Option<String>,
    /// Generate a UUID to use as the name.
    #[arg(long)]
    pub generate_name: bool,
    /// The metrics push interval in milliseconds.
    #[arg(long, value_name = "push interval")]
    pub interval: Option<i32>,
    /// Matching selector 'k1=v1,k2=v2'. The following is a list of valid selector names:
    /// client_id, client_instance_id, client_software_name, client_software_version,
    /// client_source_address, client_source_port
    #[arg(long = "match", value_name = "k1=v1,k2=v2", value_delimiter = ',')]
    pub match_: Option<Vec<String>>,
    /// Telemetry metric name prefixes 'm1,m2'.
    #[arg(long, value_name = "m1,m2", value_delimiter = ',')]
    pub metrics: Option<Vec<String>>,
}

/// Runs the tool; the exit code.
pub fn run(args: ClientMetricsArgs) -> i32 {
    if let Err(e) = check(&args) {
        return e.report("client-metrics");
    }
    let Some(bootstrap) = args.bootstrap_server.clone() else {
        eprintln!("--bootstrap-server must be specified.");
        return 1;
    };
    let properties = match &args.command_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                return 1;
            }
        },
        None => Vec::new(),
    };
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    match runtime.block_on(execute(&args, &bootstrap, &properties)) {
        Ok(()) => 0,
        Err(e) => {
            println!("Error while executing client metrics command : {e}");
            1
        }
    }
}

/// Kafka's `checkArgs`, in its order; `--bootstrap-server` is checked after them.
fn check(args: &ClientMetricsArgs) -> Result<(), UsageError> {
    let actions = [args.alter, args.delete, args.describe, args.list];
    if actions.iter().filter(|a| **a).count() != 1 {
        return Err(UsageError::new(
            "Command must include exactly one action: --alter, --delete, --describe or --list.",
        ));
    }
    if args.bootstrap_server.is_none() {
        return Ok(());
    }
    let given = [
        ("generate-name", args.generate_name),
        ("interval", args.interval.is_some()),
        ("match", args.match_.is_some()),
        ("metrics", args.metrics.is_some()),
    ];
    let action = if args.delete {
        Some("delete")
    } else if args.describe {
        Some("describe")
    } else if args.list {
        Some("list")
    } else {
        None
    };
    if let Some(action) = action {
        let name = (action == "list" && args.name.is_some()).then_some("name");
        let invalid = name.or_else(|| given.iter().find(|(_, on)| *on).map(|(n, _)| *n));
        if let Some(option) = invalid {
            return Err(UsageError::new(format!(
                "Option \"[{action}]\" can't be used with option \"[{option}]\""
            )));
        }
    }
    if args.alter && (args.name.is_some() == args.generate_name) {
        return Err(UsageError::alone(
            "One of --name or --generate-name must be specified with --alter.",
        ));
    }
    if args.delete && args.name.is_none() {
        return Err(UsageError::alone(
            "A client metrics resource name must be specified with --delete.",
        ));
    }
    Ok(())
}

/// The work of each action, printing Kafka's lines.
async fn execute(
    args: &ClientMetricsArgs,
    bootstrap: &str,
    properties: &[(String, String)],
) -> Result<(), ClientMetricsError> {
    let mut admin = ClientMetricsAdmin::connect(bootstrap, properties).await?;
    if args.alter {
        let name = match &args.name {
            Some(name) => name.clone(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        // An empty value deletes the setting, as Kafka's tool does.
        let mut changes: Vec<Change> = Vec::new();
        let mut put = |key: &str, value: String| {
            changes.push((key.to_string(), Some(value).filter(|v| !v.is_empty())));
        };
        if let Some(interval) = args.interval {
            put("interval.ms", interval.to_string());
        }
        if let Some(metrics) = &args.metrics {
            put("metrics", metrics.join(","));
        }
        if let Some(patterns) = &args.match_ {
            put("match", patterns.join(","));
        }
        admin.alter(&name, &changes).await?;
        println!("Altered client metrics config for {name}.");
    } else if args.describe {
        let names = match &args.name {
            Some(name) => vec![name.clone()],
            None => admin.list().await?,
        };
        for name in names {
            println!("Client metrics configs for {name} are:");
            for (key, value) in admin.describe(&name).await? {
                println!("  {key}={value}");
            }
        }
    } else if args.delete {
        let name = args.name.clone().unwrap_or_default();
        let old = admin.describe(&name).await?;
        let changes: Vec<Change> = old.into_iter().map(|(k, _)| (k, None)).collect();
        admin.alter(&name, &changes).await?;
        println!("Deleted client metrics config for {name}.");
    } else if args.list {
        println!("{}", admin.list().await?.join("\n"));
    }
    Ok(())
}
