//! `kt metadata-quorum`: kafka-metadata-quorum.sh (MetadataQuorumCommand) — the KRaft
//! metadata quorum's status, or each replica's replication, in Kafka's format.

use std::path::PathBuf;

use base64::Engine;
use clap::{Args, Subcommand};

use super::common::load_properties;
use crate::admin::cluster::{cluster_id, connect_bootstrap};
use crate::admin::metadata_quorum::{describe_quorum, QuorumInfo, ReplicaState};

/// Flags of `kt metadata-quorum`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool describes kraft metadata quorum status.",
    after_help = "Examples:\n  \
                  kt metadata-quorum --bootstrap-server localhost:9092 describe --status\n  \
                  kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication"
)]
pub struct MetadataQuorumArgs {
    /// A comma-separated list of host:port pairs to use for establishing the connection to
    /// the Kafka cluster.
    #[arg(
        long,
        global = true,
        value_name = "BOOTSTRAP_SERVER",
        conflicts_with = "bootstrap_controller"
    )]
    pub bootstrap_server: Option<String>,
    /// A comma-separated list of host:port pairs to use for establishing the connection to
    /// the Kafka controllers.
    #[arg(long, global = true, value_name = "BOOTSTRAP_CONTROLLER")]
    pub bootstrap_controller: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, global = true, value_name = "COMMAND_CONFIG")]
    pub command_config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: QuorumCommand,
}

/// The subcommands of kafka-metadata-quorum.sh that a quorum of one node has a use for.
#[derive(Debug, Clone, Subcommand)]
pub enum QuorumCommand {
    /// Describe the metadata quorum info
    Describe(DescribeArgs),
}

/// Flags of `kt metadata-quorum describe`.
#[derive(Debug, Clone, Args)]
pub struct DescribeArgs {
    /// A short summary of the quorum status and the other provides detailed information
    /// about the status of replication.
    #[arg(long)]
    pub status: bool,
    /// Detailed information about the status of replication
    #[arg(long)]
    pub replication: bool,
    /// Human-readable output
    #[arg(long)]
    pub human_readable: bool,
}

/// Runs `kt metadata-quorum` and returns the exit code.
pub fn run(args: MetadataQuorumArgs) -> i32 {
    let Some(bootstrap) = args
        .bootstrap_server
        .clone()
        .or_else(|| args.bootstrap_controller.clone())
    else {
        eprintln!(
            "kafka-metadata-quorum: error: one of the arguments --bootstrap-server \
             --bootstrap-controller is required"
        );
        return 1;
    };
    let result = (|| -> anyhow::Result<()> {
        let properties = match &args.command_config {
            Some(path) if !path.exists() => {
                anyhow::bail!("Properties file {} does not exists!", path.display())
            }
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        let QuorumCommand::Describe(describe) = &args.command;
        if describe.status && describe.replication {
            anyhow::bail!(
                "Only one of --status or --replication should be specified with describe sub-command"
            );
        }
        if !describe.status && !describe.replication {
            anyhow::bail!(
                "One of --status or --replication must be specified with describe sub-command"
            );
        }
        if describe.status && describe.human_readable {
            anyhow::bail!("The option --human-readable is only supported along with --replication");
        }
        let runtime = super::runtime()?;
        let (cluster, quorum) = runtime.block_on(async {
            let mut client =
                connect_bootstrap(&bootstrap, &properties, "kafka-metadata-quorum").await?;
            let quorum = describe_quorum(&mut client).await?;
            let cluster = match describe.status {
                true => cluster_id(&mut client).await?,
                false => None,
            };
            Ok::<_, anyhow::Error>((cluster, quorum))
        })?;
        let leader = quorum
            .voters
            .iter()
            .find(|v| v.replica_id == quorum.leader_id)
            .ok_or_else(|| anyhow::anyhow!("No value present"))?;
        if describe.status {
            print!("{}", render_status(cluster.as_deref(), &quorum, leader));
        } else {
            let now = kt_base::clock::now_ms();
            print!(
                "{}",
                render_replication(&quorum, leader, describe.human_readable, now)?
            );
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

/// Kafka's `Uuid.toString`: URL-safe base64 without padding.
fn uuid_text(bytes: &[u8; 16]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `describe --status`: labels padded to 24 columns.
pub fn render_status(cluster: Option<&str>, quorum: &QuorumInfo, leader: &ReplicaState) -> String {
    let lagging = quorum
        .voters
        .iter()
        .min_by_key(|v| v.log_end_offset)
        .unwrap_or(leader);
    let max_lag = leader.log_end_offset - lagging.log_end_offset;
    let max_lag_time = if lagging == leader {
        0
    } else {
        match (
            leader.last_caught_up_timestamp,
            lagging.last_caught_up_timestamp,
        ) {
            (Some(l), Some(f)) => l - f,
            _ => -1,
        }
    };
    format!(
        "ClusterId:              {}\n\
         LeaderId:               {}\n\
         LeaderEpoch:            {}\n\
         HighWatermark:          {}\n\
         MaxFollowerLag:         {max_lag}\n\
         MaxFollowerLagTimeMs:   {max_lag_time}\n\
         CurrentVoters:          {}\n\
         CurrentObservers:       {}\n",
        cluster.unwrap_or("null"),
        quorum.leader_id,
        quorum.leader_epoch,
        quorum.high_watermark,
        replicas_json(quorum, &quorum.voters),
        replicas_json(quorum, &quorum.observers),
    )
}

/// `[{"id": 1, "directoryId": null, "endpoints": ["CONTROLLER://localhost:9093"]}]`.
fn replicas_json(quorum: &QuorumInfo, replicas: &[ReplicaState]) -> String {
    let items: Vec<String> = replicas
        .iter()
        .map(|r| {
            let directory = if r.directory_id == [0; 16] {
                "null".to_string()
            } else {
                format!("\"{}\"", uuid_text(&r.directory_id))
            };
            let mut text = format!("{{\"id\": {}, \"directoryId\": {directory}", r.replica_id);
            let endpoints = quorum.nodes.get(&r.replica_id).cloned().unwrap_or_default();
            if !endpoints.is_empty() {
                let list: Vec<String> = endpoints
                    .iter()
                    .map(|(name, host, port)| {
                        let host = if host.contains(':') {
                            format!("[{host}]")
                        } else {
                            host.clone()
                        };
                        format!("\"{name}://{host}:{port}\"")
                    })
                    .collect();
                text.push_str(&format!(", \"endpoints\": [{}]", list.join(", ")));
            }
            text.push('}');
            text
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// `describe --replication`: Kafka's `prettyPrintTable`, each cell padded to its column's
/// width and followed by a TAB; the leader, then the other voters, then the observers.
pub fn render_replication(
    quorum: &QuorumInfo,
    leader: &ReplicaState,
    human_readable: bool,
    now_ms: i64,
) -> anyhow::Result<String> {
    let time = |t: Option<i64>, what: &str| -> anyhow::Result<String> {
        let Some(t) = t else {
            return Ok("-1".into());
        };
        if !human_readable {
            return Ok(t.to_string());
        }
        if !(t > 0 && t <= now_ms) {
            anyhow::bail!(
                "Error while computing relative time, possible drift in system clock.\n\
                 Current timestamp is {now_ms}, {what} timestamp is {t}"
            );
        }
        Ok(format!("{} ms ago", now_ms - t))
    };
    let mut rows = vec![[
        "NodeId",
        "DirectoryId",
        "LogEndOffset",
        "Lag",
        "LastFetchTimestamp",
        "LastCaughtUpTimestamp",
        "Status",
    ]
    .map(String::from)];
    let followers = quorum
        .voters
        .iter()
        .filter(|v| v.replica_id != quorum.leader_id);
    let ordered = std::iter::once((leader, "Leader"))
        .chain(followers.map(|f| (f, "Follower")))
        .chain(quorum.observers.iter().map(|o| (o, "Observer")));
    for (replica, status) in ordered {
        rows.push([
            replica.replica_id.to_string(),
            uuid_text(&replica.directory_id),
            replica.log_end_offset.to_string(),
            (leader.log_end_offset - replica.log_end_offset).to_string(),
            time(replica.last_fetch_timestamp, "last fetch")?,
            time(replica.last_caught_up_timestamp, "last caught up")?,
            status.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        for (cell, width) in row.iter().zip(widths.iter().copied()) {
            out.push_str(&format!("{cell:<width$}\t"));
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quorum() -> QuorumInfo {
        QuorumInfo {
            leader_id: 1,
            leader_epoch: 1,
            high_watermark: 30,
            voters: vec![ReplicaState {
                replica_id: 1,
                directory_id: [0; 16],
                log_end_offset: 33,
                last_fetch_timestamp: Some(1796431963313),
                last_caught_up_timestamp: Some(1796431963313),
            }],
            observers: vec![],
            nodes: [(1, vec![("CONTROLLER".into(), "localhost".into(), 9093)])]
                .into_iter()
                .collect(),
        }
    }

    /// The answer key's `k05` and `k06` (shared/reference/outputs-wave2.md, section 13).
    #[test]
    fn status_and_replication_print_as_kafka_39() {
        let q = quorum();
        let leader = &q.voters[0];
        assert_eq!(
            render_status(Some("MkU3OEVBNTcwNTJENDM2Qg"), &q, leader),
            "ClusterId:              MkU3OEVBNTcwNTJENDM2Qg\n\
             LeaderId:               1\n\
             LeaderEpoch:            1\n\
             HighWatermark:          30\n\
             MaxFollowerLag:         0\n\
             MaxFollowerLagTimeMs:   0\n\
             CurrentVoters:          [{\"id\": 1, \"directoryId\": null, \"endpoints\": [\"CONTROLLER://localhost:9093\"]}]\n\
             CurrentObservers:       []\n"
        );
        assert_eq!(
            render_replication(&q, leader, false, 0).unwrap(),
            "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus\t\n\
             1     \tAAAAAAAAAAAAAAAAAAAAAA\t33          \t0  \t1796431963313     \t1796431963313        \tLeader\t\n"
        );
    }
}
