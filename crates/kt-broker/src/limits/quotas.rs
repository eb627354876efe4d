//! Kafka's connection quotas: how many connections the broker holds in all and per client
//! address, and the cap the descriptor budget puts on them.
//!
//! As in Kafka's `ConnectionQuotas`: past `max.connections` the broker stops accepting until
//! a connection closes (the next client waits in the listen backlog and is then served); a
//! connection from an address that already has `max.connections.per.ip` (or its override) is
//! accepted and closed at once. kt adds the descriptor cap: past it a connection is accepted
//! and closed at once as well, so the client learns at once rather than timing out.

use std::collections::HashMap;
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use kt_base::config::ConnectionSettings;

/// Why a connection was refused (it is closed as soon as it is accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Its address already has `max` connections (`max.connections.per.ip` or an override).
    PerIp { ip: IpAddr, max: i64 },
    /// Another connection would leave too few descriptors for the broker's own files.
    Descriptors { open: usize, cap: usize },
}

/// Counts of open connections, checked and changed under one lock.
pub struct ConnectionQuotas {
    /// `max.connections`: accepting pauses while this many are open.
    max_connections: usize,
    /// `max.connections.per.ip`.
    per_ip_default: i64,
    /// `max.connections.per.ip.overrides`, host names resolved at start-up.
    per_ip_overrides: HashMap<IpAddr, i64>,
    /// Connections the descriptor budget leaves room for; refreshed by the accept loop.
    descriptor_cap: AtomicUsize,
    /// Open connections in all and per address. A std mutex: held for a few map operations,
    /// never across an `.await`.
    counts: Mutex<Counts>,
    /// Signalled whenever a connection closes, for an acceptor paused at `max.connections`.
    freed: Notify,
}

#[derive(Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// One admitted connection's place in the counts; given back when dropped, with the
/// connection's task.
pub struct ConnectionSlot {
    quotas: Arc<ConnectionQuotas>,
    ip: IpAddr,
}

impl ConnectionQuotas {
    /// Quotas from the broker's settings; override hosts are resolved now, as Kafka does
    /// (an address that does not resolve is logged and left out).
    pub fn new(settings: &ConnectionSettings) -> Self {
        let mut per_ip_overrides = HashMap::new();
        for (host, max) in &settings.max_connections_per_ip_overrides {
            match resolve(host) {
                Ok(ips) => {
                    for ip in ips {
                        per_ip_overrides.insert(ip, *max as i64);
                    }
                }
                Err(e) => tracing::warn!(
                    "max.connections.per.ip.overrides: cannot resolve {host}: {e}; its override is ignored"
                ),
            }
        }
        ConnectionQuotas {
            max_connections: settings.max_connections,
            per_ip_default: settings.max_connections_per_ip as i64,
            per_ip_overrides,
            descriptor_cap: AtomicUsize::new(usize::MAX),
            counts: Mutex::new(Counts::default()),
            freed: Notify::new(),
        }
    }

    /// Sets how many connections the descriptor budget leaves room for.
    pub fn set_descriptor_cap(&self, cap: usize) {
        self.descriptor_cap.store(cap, Ordering::Relaxed);
    }

    /// The descriptor cap now in force.
    pub fn descriptor_cap(&self) -> usize {
        self.descriptor_cap.load(Ordering::Relaxed)
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.lock().total
    }

    /// Connections open now from `ip`.
    #[cfg(test)]
    pub fn open_from(&self, ip: IpAddr) -> usize {
        self.lock().per_ip.get(&ip).copied().unwrap_or(0)
    }

    /// The most connections `ip` may hold.
    pub fn max_for(&self, ip: IpAddr) -> i64 {
        self.per_ip_overrides
            .get(&ip)
            .copied()
            .unwrap_or(self.per_ip_default)
    }

    /// Whether the broker-wide `max.connections` leaves room for another connection.
    pub fn has_room(&self) -> bool {
        self.lock().total < self.max_connections
    }

    /// Returns once fewer than `max.connections` are open (at once if they already are).
    /// Cancel-safe: the accept loop drops it when another branch of its `select!` wins.
    pub async fn wait_for_room(&self) {
        loop {
            let freed = self.freed.notified();
            if self.has_room() {
                return;
            }
            freed.await;
        }
    }

    /// Counts a connection just accepted from `ip`, or says why it must be closed. The
    /// descriptor cap is checked first: a refusal for want of descriptors says so even to an
    /// address that is also at its own limit.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<ConnectionSlot, Refusal> {
        let mut counts = self.lock();
        let cap = self.descriptor_cap();
        if counts.total >= cap {
            return Err(Refusal::Descriptors {
                open: counts.total,
                cap,
            });
        }
        let max = self.max_for(ip);
        let from_ip = counts.per_ip.get(&ip).copied().unwrap_or(0);
        if from_ip as i64 >= max {
            return Err(Refusal::PerIp { ip, max });
        }
        counts.total += 1;
        *counts.per_ip.entry(ip).or_insert(0) += 1;
        Ok(ConnectionSlot {
            quotas: self.clone(),
            ip,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn release(&self, ip: IpAddr) {
        {
            let mut counts = self.lock();
            counts.total = counts.total.saturating_sub(1);
            if let Some(n) = counts.per_ip.get_mut(&ip) {
                *n -= 1;
                if *n == 0 {
                    counts.per_ip.remove(&ip);
                }
            }
        }
        self.freed.notify_one();
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.quotas.release(self.ip);
    }
}

/// The addresses of `host`: an IP literal as is, a name through the system's resolver.
fn resolve(host: &str) -> std::io::Result<Vec<IpAddr>> {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    Ok((host, 0).to_socket_addrs()?.map(|a| a.ip()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(max: usize, per_ip: i32, overrides: &[(&str, i32)]) -> ConnectionSettings {
        ConnectionSettings {
            max_connections: max,
            max_connections_per_ip: per_ip,
            max_connections_per_ip_overrides: overrides
                .iter()
                .map(|(h, n)| (h.to_string(), *n))
                .collect(),
            connections_max_idle_ms: 600_000,
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_address_at_its_limit_is_refused_and_others_are_not() {
        let quotas = Arc::new(ConnectionQuotas::new(&settings(100, 2, &[])));
        let a = ip("127.0.0.1");
        let first = quotas.admit(a).unwrap();
        let _second = quotas.admit(a).unwrap();
        assert_eq!(
            quotas.admit(a).err(),
            Some(Refusal::PerIp { ip: a, max: 2 })
        );
        // A refusal is not counted.
        assert_eq!(quotas.open_from(a), 2);
        assert!(quotas.admit(ip("127.0.0.2")).is_ok());
        drop(first);
        assert_eq!(quotas.open_from(a), 1);
        assert!(quotas.admit(a).is_ok());
    }

    #[test]
    fn overrides_replace_the_default_for_their_address() {
        let quotas = Arc::new(ConnectionQuotas::new(&settings(
            100,
            0,
            &[("127.0.0.1", 1), ("localhost", 1), ("[::2]", 3)],
        )));
        assert_eq!(quotas.max_for(ip("127.0.0.1")), 1);
        assert_eq!(quotas.max_for(ip("::2")), 3);
        assert_eq!(quotas.max_for(ip("10.0.0.1")), 0);
        assert!(quotas.admit(ip("10.0.0.1")).is_err());
        let _one = quotas.admit(ip("127.0.0.1")).unwrap();
        assert!(quotas.admit(ip("127.0.0.1")).is_err());
    }

    #[test]
    fn the_descriptor_cap_refuses_before_the_per_ip_limit() {
        let quotas = Arc::new(ConnectionQuotas::new(&settings(100, 1, &[])));
        quotas.set_descriptor_cap(1);
        let _held = quotas.admit(ip("127.0.0.1")).unwrap();
        assert_eq!(
            quotas.admit(ip("127.0.0.1")).err(),
            Some(Refusal::Descriptors { open: 1, cap: 1 })
        );
        assert_eq!(quotas.open(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn accepting_waits_at_max_connections_until_one_closes() {
        let quotas = Arc::new(ConnectionQuotas::new(&settings(2, i32::MAX, &[])));
        let a = quotas.admit(ip("127.0.0.1")).unwrap();
        let _b = quotas.admit(ip("127.0.0.2")).unwrap();
        assert!(!quotas.has_room());
        let waiting = {
            let quotas = quotas.clone();
            tokio::spawn(async move { quotas.wait_for_room().await })
        };
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        assert!(!waiting.is_finished());
        drop(a);
        tokio::time::timeout(std::time::Duration::from_secs(1), waiting)
            .await
            .expect("room after a close")
            .unwrap();
        assert_eq!(quotas.open(), 1);
    }
}
