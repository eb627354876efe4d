//! Starting from a KRaft config (`process.roles=broker,controller`): kt's broker as the one
//! combined node of a cluster of one, on directories formatted by `kt storage format`.
//!
//! What Kafka's controller does for such a cluster (ids, topic and partition records, the
//! broker's registration) kt's standalone broker does itself, so the Raft quorum does not
//! run: the CONTROLLER listener is not bound, and a config asking for more than this node
//! in the quorum is refused. The directories are checked as Kafka's KafkaRaftServer checks
//! them: formatted, for this node id, all for the same cluster.

use std::path::Path;
use std::sync::Arc;

use kt_base::config::ServerConfig;

use super::security::sasl::credentials::{CredentialStore, USERS_FILE};
use super::security::sasl::scram::{ScramCredential, ScramMechanism};
use super::state::Broker;

/// Checks the quorum settings and the formatted directories, then opens the broker's state
/// for the cluster id they hold.
pub async fn open(config: ServerConfig) -> anyhow::Result<Arc<Broker>> {
    let Some(kraft) = config.kraft.clone() else {
        anyhow::bail!("not a KRaft config (process.roles is not set)");
    };
    kraft.require_single_node()?;
    let node = kraft.node_id;
    let metadata_dir = kraft.metadata_dir(&config.log_dirs);
    let bootstrap = metadata_dir.join(kt_storage::kraft::BOOTSTRAP_CHECKPOINT);
    let log_dirs = config.log_dirs.clone();
    let cluster_id = tokio::task::spawn_blocking(move || {
        kt_storage::kraft::verify_for_start(&log_dirs, &metadata_dir, node)
    })
    .await??;
    if let Some((host, port)) = kraft.advertised_controller() {
        tracing::info!(
            "[KafkaRaftServer nodeId={node}] the controller listener {} ({host}:{port}) is not \
             served: this node is the whole quorum and its broker does the controller's work",
            kraft.controller_listener_names.join(",")
        );
    }
    tracing::info!(
        "[BrokerServer id={node}] Starting broker {node} in cluster {cluster_id} \
         (process.roles={})",
        kraft.roles.join(",")
    );
    let broker = tokio::task::spawn_blocking(move || Broker::open_with(config, Some(&cluster_id)))
        .await?
        .map_err(|e| match e {
            crate::BrokerError::Storage(inner) => anyhow::anyhow!("{inner}"),
            other => anyhow::anyhow!("{other}"),
        })?;
    import_bootstrap_credentials(&broker, &bootstrap).await?;
    // The metadata log records this start (and anything it missed) before clients come.
    let recorder = broker.clone();
    tokio::task::spawn_blocking(move || crate::kraft_log::record_start(&recorder)).await?;
    Ok(broker)
}

/// Stores the SCRAM credentials `kt storage format --add-scram` put in `bootstrap.checkpoint`
/// where the broker looks them up. As Kafka applies the bootstrap records only to a new
/// cluster, they are imported only while no credential file exists: a credential deleted
/// later with AlterUserScramCredentials does not come back on restart.
async fn import_bootstrap_credentials(broker: &Broker, bootstrap: &Path) -> anyhow::Result<()> {
    let users_file = broker.data_dir().join(USERS_FILE);
    if users_file.exists() {
        return Ok(());
    }
    let bytes = match std::fs::read(bootstrap) {
        Ok(bytes) => bytes,
        // A directory formatted by an older kt, or by hand, has no bootstrap records.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => anyhow::bail!("cannot read {}: {e}", bootstrap.display()),
    };
    let store = CredentialStore::File(users_file);
    for record in kt_storage::kraft::bootstrap_scram_credentials(&bytes)? {
        let Some(mechanism) = ScramMechanism::from_code(record.mechanism) else {
            anyhow::bail!(
                "{}: unknown SCRAM mechanism type {} for user {}",
                bootstrap.display(),
                record.mechanism,
                record.user
            );
        };
        let credential = ScramCredential {
            salt: record.salt,
            stored_key: record.stored_key,
            server_key: record.server_key,
            iterations: record.iterations,
        };
        store
            .alter(&record.user, &[(mechanism, Some(credential))])
            .await?;
        tracing::info!(
            "[BrokerServer id={}] SCRAM credential {} of user {} from {}",
            broker.id(),
            mechanism.name(),
            record.user,
            bootstrap.display()
        );
    }
    Ok(())
}
