//! `kt cluster`: kafka-cluster.sh (ClusterTool) — the cluster's id, and unregistering a
//! broker.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::common::load_properties;
use crate::admin::cluster::{cluster_id, connect_bootstrap, unregister_broker, Unregistered};

/// The client id Kafka's admin client would pick is random; kt names the tool.
const CLIENT_ID: &str = "kafka-cluster";

/// Flags of `kt cluster`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "The Kafka cluster tool.",
    after_help = "Examples:\n  \
                  kt cluster cluster-id --bootstrap-server localhost:9092\n  \
                  kafka-cluster.sh unregister --bootstrap-server localhost:9092 --id 3"
)]
pub struct ClusterArgs {
    #[command(subcommand)]
    pub command: ClusterCommand,
}

/// The subcommands of kafka-cluster.sh.
#[derive(Debug, Clone, Subcommand)]
pub enum ClusterCommand {
    /// Get information about the ID of a cluster.
    ClusterId(Connection),
    /// Unregister a broker.
    Unregister(UnregisterArgs),
}

/// How to reach the cluster (one of the two bootstrap flags).
#[derive(Debug, Clone, Args)]
pub struct Connection {
    /// A list of host/port pairs to use for establishing the connection to the Kafka cluster.
    #[arg(
        long,
        short = 'b',
        value_name = "BOOTSTRAP_SERVER",
        conflicts_with = "bootstrap_controller"
    )]
    pub bootstrap_server: Option<String>,
    /// A list of host/port pairs to use for establishing the connection to the KRaft
    /// controllers.
    #[arg(long, short = 'C', value_name = "BOOTSTRAP_CONTROLLER")]
    pub bootstrap_controller: Option<String>,
    /// A property file containing configurations for the Admin client.
    #[arg(long, short = 'c', value_name = "CONFIG")]
    pub config: Option<PathBuf>,
}

/// Flags of `kt cluster unregister`.
#[derive(Debug, Clone, Args)]
pub struct UnregisterArgs {
    #[command(flatten)]
    pub connection: Connection,
    /// The ID of the broker to unregister.
    #[arg(long, short = 'i', value_name = "ID", required = true)]
    pub id: Option<i32>,
}

impl Connection {
    /// The bootstrap list and client properties, or argparse4j's error for a missing
    /// bootstrap flag.
    fn resolve(&self) -> anyhow::Result<(String, Vec<(String, String)>)> {
        let Some(bootstrap) = self
            .bootstrap_server
            .clone()
            .or_else(|| self.bootstrap_controller.clone())
        else {
            anyhow::bail!(
                "kafka-cluster: error: one of the arguments --bootstrap-server/-b \
                 --bootstrap-controller/-C is required"
            );
        };
        let properties = match &self.config {
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        Ok((bootstrap, properties))
    }
}

/// Runs `kt cluster` and returns the exit code.
pub fn run(args: ClusterArgs) -> i32 {
    let result = (|| -> anyhow::Result<()> {
        let runtime = super::runtime()?;
        match args.command {
            ClusterCommand::ClusterId(connection) => {
                let (bootstrap, properties) = connection.resolve()?;
                let id = runtime.block_on(async {
                    let mut client = connect_bootstrap(&bootstrap, &properties, CLIENT_ID).await?;
                    cluster_id(&mut client).await
                })?;
                match id {
                    Some(id) => println!("Cluster ID: {id}"),
                    None => println!("No cluster ID found. The Kafka version is probably too old."),
                }
            }
            ClusterCommand::Unregister(unregister) => {
                let (bootstrap, properties) = unregister.connection.resolve()?;
                let id = unregister.id.unwrap_or_default();
                let outcome = runtime.block_on(async {
                    let mut client = connect_bootstrap(&bootstrap, &properties, CLIENT_ID).await?;
                    Ok::<_, anyhow::Error>(unregister_broker(&mut client, id).await?)
                })?;
                match outcome {
                    Unregistered::Done => println!("Broker {id} is no longer registered."),
                    Unregistered::Unsupported => println!(
                        "The target cluster does not support the broker unregistration API."
                    ),
                }
            }
        }
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
