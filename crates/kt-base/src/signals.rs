//! How the servers (`server-start`, `zookeeper-start`) learn they must stop: SIGTERM (what
//! `kt server-stop`, `kill` and service managers send) or SIGINT (Ctrl-C).

use tokio::signal::unix::{signal, Signal, SignalKind};

/// A watch on SIGINT and SIGTERM, registered when it is made: a signal that arrives before it
/// is awaited (while a broker recovers its logs at start-up) is kept, and stops the server
/// cleanly as soon as it serves, instead of killing it with the signal's default action.
pub struct Termination {
    term: Option<Signal>,
    int: Option<Signal>,
}

impl Termination {
    /// Starts watching; must be called inside a tokio runtime.
    pub fn watch() -> Self {
        Termination {
            term: signal(SignalKind::terminate()).ok(),
            int: signal(SignalKind::interrupt()).ok(),
        }
    }

    /// Completes on SIGINT or SIGTERM (received since [`Termination::watch`]).
    pub async fn wait(mut self) {
        async fn next(signal: &mut Option<Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            _ = next(&mut self.term) => {}
            _ = next(&mut self.int) => {}
        }
    }
}

/// Completes on SIGINT or SIGTERM received from now on.
pub async fn terminated() {
    Termination::watch().wait().await
}
