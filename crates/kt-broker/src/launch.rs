//! `kt server-start`: reads the properties file and overrides, opens the broker, serves until
//! SIGINT/SIGTERM, then flushes and checkpoints, logging as Kafka's broker does. The soft
//! open-file limit is raised to the hard one first, as the JVM does.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::{limits, server};
use kt_base::config::{load_properties_file, parse_override, Properties, ServerConfig};

/// Builds the broker's configuration from an optional file and `key=value` overrides,
/// logging unknown keys the way Kafka does.
pub fn load_config(file: Option<&Path>, overrides: &[String]) -> Result<ServerConfig> {
    let mut props: Properties = match file {
        Some(path) => load_properties_file(path)?,
        None => Properties::new(),
    };
    for text in overrides {
        let (key, value) = parse_override(text)?;
        props.insert(key, value);
    }
    let (mut config, unknown) = ServerConfig::from_properties(&props)?;
    for key in unknown {
        tracing::warn!("The configuration '{key}' was supplied but isn't a known config.");
    }
    config.jaas_login_config = kt_base::config::jvm_options::jaas_login_config_from_env();
    warn_of_zookeeper_sasl(&config);
    Ok(config)
}

/// Kafka's broker authenticates to ZooKeeper with SASL when its JAAS file has a `Client`
/// entry; kt's ZooKeeper client does not, so it says so rather than connect unauthenticated
/// in silence (a ZooKeeper that requires SASL then refuses the broker's writes).
fn warn_of_zookeeper_sasl(config: &ServerConfig) {
    use crate::security::sasl::jaas_context::{StaticJaas, ZOOKEEPER_CLIENT_ENTRY};
    let (Some(path), Some(_)) = (&config.jaas_login_config, &config.zookeeper) else {
        return;
    };
    if let Ok(file) = StaticJaas::load(path) {
        if file.entry(ZOOKEEPER_CLIENT_ENTRY).is_some() {
            tracing::warn!(
                "The JAAS file {} has a '{ZOOKEEPER_CLIENT_ENTRY}' entry, but kt's ZooKeeper \
                 client does not authenticate with SASL: connecting to ZooKeeper without it",
                path.display()
            );
        }
    }
}

/// Runs a broker in the foreground until it is told to stop.
pub fn run(file: Option<&Path>, overrides: &[String]) -> Result<()> {
    let started = Instant::now();
    kt_base::logging::init();
    let config = load_config(file, overrides)?;
    tracing::info!("starting (kafka.server.KafkaServer)");
    let unreachable = crate::state::configured_factor_unreachable(&config);
    if !unreachable.is_empty() {
        tracing::info!(
            "{} cannot be met without zookeeper.connect (no other broker can join this node): \
             __consumer_offsets and __transaction_state get one replica",
            unreachable.join(", ")
        );
    }
    // As the JVM does for Kafka: the soft limit is often 1024 while the hard one is far
    // higher, and every connection and segment file takes a descriptor.
    match limits::raise_open_file_limit() {
        Ok((before, after)) if after > before => {
            tracing::info!("Raised the open-file limit (RLIMIT_NOFILE) from {before} to {after}")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("cannot raise the open-file limit (RLIMIT_NOFILE): {e}"),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        // Watched from here: a stop asked for while the logs are recovered is kept, and done
        // cleanly once they are open.
        let termination = kt_base::signals::Termination::watch();
        let listeners = server::bind(&config).await?;
        let mut config = config;
        server::adopt_bound_ports(&mut config, &listeners);
        let broker = server::open(config).await?;
        let log_dirs = crate::state::dir_list(&broker.config().log_dirs);
        for listener in &listeners {
            tracing::info!(
                "Awaiting socket connections on {} ({}).",
                listener.local_addr()?,
                listener.name()
            );
        }
        tracing::info!(
            "[KafkaServer id={}] started in {} ms (cluster id {}, log dirs {})",
            broker.id(),
            started.elapsed().as_millis(),
            broker.cluster_id(),
            log_dirs
        );
        let id = broker.id();
        if !server::run(broker, listeners, shutdown_signal(id, termination)).await {
            anyhow::bail!(
                "the logs could not be flushed and checkpointed on shutdown (see the errors \
                 above): the next start recovers them"
            );
        }
        anyhow::Ok(())
    })
}

/// Completes on SIGINT or SIGTERM (received since `termination` started watching).
async fn shutdown_signal(id: i32, termination: kt_base::signals::Termination) {
    termination.wait().await;
    tracing::info!("[KafkaServer id={id}] shutting down");
}
