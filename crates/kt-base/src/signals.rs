//! How the servers (`server-start`, `zookeeper-start`) learn they must stop: SIGTERM (what
//! `kt server-stop`, `kill` and service managers send) or SIGINT (Ctrl-C).

/// Completes on SIGINT or SIGTERM (on SIGINT alone if SIGTERM cannot be watched).
pub async fn terminated() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(term) => term,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
