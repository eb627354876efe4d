//! The acceptor: takes connections off the broker's listeners under the connection quotas
//! and the descriptor budget (see `limits`), and hands out only those the broker will serve.
//! The quotas are the broker's, shared by every listener, as Kafka's `max.connections` is.
//!
//! A connection refused by a quota is accepted and closed at once, so the client hears of it
//! at once; at `max.connections` accepting pauses instead (Kafka's behaviour) and the client
//! waits in the backlog until a connection closes. Repeated refusals and accept errors are
//! logged once per interval with a count.

use std::net::SocketAddr;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use futures::FutureExt;
use tokio::net::{TcpListener, TcpStream};

use super::limits::{
    is_out_of_descriptors, ConnectionQuotas, ConnectionSlot, DescriptorBudget, Refusal,
    SpareDescriptor,
};
use kt_base::config::ConnectionSettings;
use kt_base::rate_limited_log::RateLimitedLog;

/// How often each kind of repeated line may be written.
const LOG_INTERVAL_SECS: u64 = 10;
static ACCEPT_FAILED: RateLimitedLog = RateLimitedLog::per_interval_of_secs(LOG_INTERVAL_SECS);
static REFUSED_PER_IP: RateLimitedLog = RateLimitedLog::per_interval_of_secs(LOG_INTERVAL_SECS);
static REFUSED_DESCRIPTORS: RateLimitedLog =
    RateLimitedLog::per_interval_of_secs(LOG_INTERVAL_SECS);
static AT_MAX_CONNECTIONS: RateLimitedLog = RateLimitedLog::per_interval_of_secs(LOG_INTERVAL_SECS);

/// The listeners with the limits that decide which connections are served.
pub struct Acceptor {
    listeners: Vec<TcpListener>,
    /// The listener polled first on the next accept, turned each time, so a busy listener
    /// cannot starve another.
    first: usize,
    quotas: Arc<ConnectionQuotas>,
    budget: DescriptorBudget,
    spare: SpareDescriptor,
}

impl Acceptor {
    /// Puts `listeners` under the broker's connection settings and the descriptor limit of
    /// the process as it is now.
    pub fn new(listeners: Vec<TcpListener>, settings: &ConnectionSettings) -> Self {
        let quotas = Arc::new(ConnectionQuotas::new(settings));
        let mut budget = DescriptorBudget::new();
        // Taken before the budget is counted, so it counts as one of the broker's own.
        let spare = SpareDescriptor::new();
        if let (Some(cap), Some(limit)) = (budget.recount(0, Instant::now()), budget.limit()) {
            quotas.set_descriptor_cap(cap);
            tracing::info!(
                "Up to {cap} connections fit under the open-file limit of {limit} \
                 ({} descriptors kept for the broker's own files).",
                DescriptorBudget::reserve(limit)
            );
        }
        Acceptor {
            listeners,
            first: 0,
            quotas,
            budget,
            spare,
        }
    }

    /// The next connection the broker will serve, with its place in the quotas (held until
    /// the connection closes) and the index of the listener it came in on. Cancel-safe:
    /// nothing is lost if the caller stops waiting.
    pub async fn next(&mut self) -> (TcpStream, SocketAddr, ConnectionSlot, usize) {
        loop {
            if !self.quotas.has_room() {
                if let Some(repeats) = AT_MAX_CONNECTIONS.admit() {
                    tracing::info!(
                        "max.connections reached ({} open): new connections wait until one \
                         closes{repeats}",
                        self.quotas.open()
                    );
                }
                self.quotas.wait_for_room().await;
            }
            let (index, accepted) = self.accept_any().await;
            match accepted {
                Ok((stream, peer)) => {
                    if let Some(cap) = self.budget.recount(self.quotas.open(), Instant::now()) {
                        self.quotas.set_descriptor_cap(cap);
                    }
                    match self.quotas.admit(peer.ip()) {
                        Ok(slot) => return (stream, peer, slot, index),
                        Err(refusal) => {
                            // Closed before a byte is read: the client sees the end of the
                            // stream at once.
                            drop(stream);
                            self.log_refusal(&refusal);
                        }
                    }
                }
                Err(e) if is_out_of_descriptors(&e) => {
                    if let Some(repeats) = ACCEPT_FAILED.admit() {
                        tracing::warn!(
                            "accept failed: {e}; {} connections open, closing waiting \
                             connections until descriptors are free{repeats}",
                            self.quotas.open()
                        );
                    }
                    // The broker's own files took what the budget thought free: recount,
                    // and refuse until the count says there is room again.
                    self.quotas.set_descriptor_cap(self.quotas.open());
                    self.refuse_with_spare().await;
                }
                Err(e) => {
                    if let Some(repeats) = ACCEPT_FAILED.admit() {
                        tracing::warn!("accept failed: {e}{repeats}");
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        }
    }

    /// The next connection of any listener, with the listener's index.
    async fn accept_any(&mut self) -> (usize, std::io::Result<(TcpStream, SocketAddr)>) {
        let count = self.listeners.len();
        let first = self.first;
        self.first = (first + 1) % count.max(1);
        let listeners = &self.listeners;
        std::future::poll_fn(|cx| {
            for i in (0..count).map(|k| (first + k) % count) {
                if let Poll::Ready(accepted) = listeners[i].poll_accept(cx) {
                    return Poll::Ready((i, accepted));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// Takes the connection waiting in the backlog with the spare descriptor and closes it,
    /// so the acceptor does not meet the same error again at once. Without a spare (another
    /// thread took it), waits a moment before the next try.
    async fn refuse_with_spare(&mut self) {
        if self.spare.is_held() {
            let listeners = &self.listeners;
            let refused = self.spare.lend(|| {
                listeners
                    .iter()
                    .any(|listener| match listener.accept().now_or_never() {
                        Some(Ok((stream, _))) => {
                            drop(stream);
                            true
                        }
                        _ => false,
                    })
            });
            if refused {
                return;
            }
        } else {
            self.spare.lend(|| ());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    fn log_refusal(&self, refusal: &Refusal) {
        match refusal {
            Refusal::PerIp { ip, max } => {
                if let Some(repeats) = REFUSED_PER_IP.admit() {
                    tracing::info!(
                        "Rejected connection from /{ip}, address already has the configured \
                         maximum of {max} connections.{repeats}"
                    );
                }
            }
            Refusal::Descriptors { open, cap } => {
                if let Some(repeats) = REFUSED_DESCRIPTORS.admit() {
                    tracing::warn!(
                        "Rejected connection: {open} connections open, the most the open-file \
                         limit leaves room for is {cap} (raise `ulimit -n`){repeats}"
                    );
                }
            }
        }
    }
}
