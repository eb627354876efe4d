//! connect-mirror-maker.sh (MirrorMaker 2 in dedicated mode): the replication flows of an
//! `mm2.properties` ([`config`]), each run by one thread ([`flow`]) with MirrorMaker 2's
//! topic naming, internal topics and record schemas ([`records`]).

pub mod config;
pub mod flow;
pub mod records;

use anyhow::Context;

/// Runs every enabled flow whose target is in `only` (all when empty) until SIGINT/SIGTERM.
pub fn run(properties: &[(String, String)], only: &[String]) -> anyhow::Result<()> {
    let flows = config::flows(properties, only)?;
    crate::console::install_signal_handlers();
    let mut threads = Vec::new();
    for flow in flows {
        let name = format!("{}->{}", flow.source.alias, flow.target.alias);
        tracing::info!("starting replication flow {name}");
        threads.push(
            std::thread::Builder::new()
                .name(name.clone())
                .spawn(move || {
                    flow::Flow::start(flow)
                        .and_then(flow::Flow::run)
                        .with_context(|| format!("replication flow {name}"))
                })?,
        );
    }
    let mut result = Ok(());
    for t in threads {
        let outcome = t
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a replication flow panicked")));
        if result.is_ok() {
            result = outcome;
        }
    }
    result
}
