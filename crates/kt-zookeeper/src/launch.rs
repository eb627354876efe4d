//! `kt zookeeper-start`: reads `zookeeper.properties`, opens the data, serves until SIGINT or
//! SIGTERM, logging as ZooKeeper's server does.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::{server, ZkConfig};
use kt_base::config::{load_properties_file, Properties};

/// Reads the properties file (ZooKeeper's defaults without one), logging unknown keys.
pub fn load_config(file: Option<&Path>) -> Result<ZkConfig> {
    let props = match file {
        Some(path) => load_properties_file(path)?,
        None => Properties::new(),
    };
    let (config, unknown) = ZkConfig::from_properties(&props)?;
    for key in unknown {
        tracing::warn!("The configuration '{key}' was supplied but isn't a known config; ignored.");
    }
    if config.admin_enable_server && props.contains_key("admin.enableServer") {
        tracing::info!("admin.enableServer=true, but kt has no AdminServer (HTTP); ignored.");
    }
    Ok(config)
}

/// Runs the server in the foreground until it is told to stop.
pub fn run(file: Option<&Path>) -> Result<()> {
    let started = Instant::now();
    kt_base::logging::init();
    let config = load_config(file)?;
    // One thread serves the sockets; the committer thread does the disk writes.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        let listener = server::bind(&config).await?;
        let local = listener.local_addr()?;
        let data_dir = config.data_dir.clone();
        let db = super::db::Db::open(config)?;
        tracing::info!(
            "binding to port {local} (tickTime {} ms, sessions {}..{} ms)",
            db.config().tick_time,
            db.config().min_session_timeout,
            db.config().max_session_timeout
        );
        tracing::info!(
            "ZooKeeper server started in {} ms (dataDir {}, last zxid 0x{:x})",
            started.elapsed().as_millis(),
            data_dir.display(),
            db.durable_zxid()
        );
        server::run(db, listener, shutdown_signal()).await;
        anyhow::Ok(())
    })
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    kt_base::signals::terminated().await;
    tracing::info!("shutting down the ZooKeeper server");
}
