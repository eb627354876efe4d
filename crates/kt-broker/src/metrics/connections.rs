//! Connection counts per listener (Kafka's `kafka.server:type=socket-server-metrics`
//! `connection-count` and `connection-creation-total`, and the authentication counts of the
//! same MBean). A broker has a handful of listeners named at start-up: each takes a slot of a
//! fixed table the first time it counts, so opening a connection is a short scan and two
//! atomic adds, with no lock.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// More listeners than any configuration has; beyond this, connections go uncounted.
const SLOTS: usize = 16;

#[derive(Debug, Default)]
struct Slot {
    listener: OnceLock<Arc<str>>,
    open: AtomicI64,
    created: AtomicU64,
    authentication: Arc<AuthenticationCounts>,
}

/// One listener's authentications, as Kafka's `Selector` counts them: every connection that
/// becomes ready counts a successful authentication (a PLAINTEXT or SSL one too, and then
/// also one "no re-authentication", since its client cannot re-authenticate); a SASL session
/// renewed on its connection counts a re-authentication and its latency.
#[derive(Debug, Default)]
pub struct AuthenticationCounts {
    succeeded: AtomicU64,
    succeeded_without_reauth: AtomicU64,
    failed: AtomicU64,
    reauthenticated: AtomicU64,
    reauthentication_failed: AtomicU64,
    reauthentication_micros_sum: AtomicU64,
    reauthentication_micros_max: AtomicU64,
}

/// A snapshot of [`AuthenticationCounts`], for a scrape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuthenticationTotals {
    pub succeeded: u64,
    pub succeeded_without_reauth: u64,
    pub failed: u64,
    pub reauthenticated: u64,
    pub reauthentication_failed: u64,
    /// Mean and longest re-authentication in ms; NaN before the first, as Kafka's sensors.
    pub reauthentication_latency_avg_ms: f64,
    pub reauthentication_latency_max_ms: f64,
}

impl AuthenticationCounts {
    /// A first authentication succeeded; `supports_reauth` is false for a client that cannot
    /// renew its session (SaslAuthenticate v0, bare tokens, or no SASL at all).
    pub fn succeeded(&self, supports_reauth: bool) {
        self.succeeded.fetch_add(1, Ordering::Relaxed);
        if !supports_reauth {
            self.succeeded_without_reauth
                .fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A session was renewed, `latency` after its re-authentication began.
    pub fn reauthenticated(&self, latency: std::time::Duration) {
        let micros = latency.as_micros().min(u64::MAX as u128) as u64;
        self.reauthenticated.fetch_add(1, Ordering::Relaxed);
        self.reauthentication_micros_sum
            .fetch_add(micros, Ordering::Relaxed);
        self.reauthentication_micros_max
            .fetch_max(micros, Ordering::Relaxed);
    }

    /// An authentication (`reauthenticating`: a re-authentication) failed.
    pub fn failed(&self, reauthenticating: bool) {
        let counter = match reauthenticating {
            true => &self.reauthentication_failed,
            false => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts now.
    pub fn totals(&self) -> AuthenticationTotals {
        let reauthenticated = self.reauthenticated.load(Ordering::Relaxed);
        let ms = |micros: u64| micros as f64 / 1000.0;
        let (avg, max) = match reauthenticated {
            0 => (f64::NAN, f64::NAN),
            n => (
                ms(self.reauthentication_micros_sum.load(Ordering::Relaxed)) / n as f64,
                ms(self.reauthentication_micros_max.load(Ordering::Relaxed)),
            ),
        };
        AuthenticationTotals {
            succeeded: self.succeeded.load(Ordering::Relaxed),
            succeeded_without_reauth: self.succeeded_without_reauth.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            reauthenticated,
            reauthentication_failed: self.reauthentication_failed.load(Ordering::Relaxed),
            reauthentication_latency_avg_ms: avg,
            reauthentication_latency_max_ms: max,
        }
    }
}

/// Connections per listener.
#[derive(Debug, Default)]
pub struct ConnectionCounts {
    slots: [Slot; SLOTS],
}

/// Held while a connection is open: dropping it counts the connection closed.
#[derive(Debug)]
pub struct OpenConnection<'a> {
    slot: Option<&'a Slot>,
}

impl OpenConnection<'_> {
    /// The authentication counts of the connection's listener (`None` past the table's
    /// size), found with the connection's slot rather than by a second scan.
    pub fn authentication(&self) -> Option<Arc<AuthenticationCounts>> {
        self.slot.map(|slot| slot.authentication.clone())
    }
}

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            slot.open.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl ConnectionCounts {
    /// Counts a connection opened on `listener` until the returned guard is dropped.
    pub fn opened(&self, listener: &Arc<str>) -> OpenConnection<'_> {
        let slot = self.slots.iter().find(|slot| {
            let name = slot.listener.get_or_init(|| listener.clone());
            name == listener
        });
        if let Some(slot) = slot {
            slot.open.fetch_add(1, Ordering::Relaxed);
            slot.created.fetch_add(1, Ordering::Relaxed);
        }
        OpenConnection { slot }
    }

    /// Each listener's authentication counts, for listeners that had a connection.
    pub fn authentication_per_listener(&self) -> Vec<(Arc<str>, AuthenticationTotals)> {
        self.slots
            .iter()
            .filter_map(|slot| Some((slot.listener.get()?.clone(), slot.authentication.totals())))
            .collect()
    }

    /// (listener, open now, opened in all) for every listener that had a connection.
    pub fn per_listener(&self) -> Vec<(Arc<str>, i64, u64)> {
        self.slots
            .iter()
            .filter_map(|slot| {
                let name = slot.listener.get()?;
                Some((
                    name.clone(),
                    slot.open.load(Ordering::Relaxed),
                    slot.created.load(Ordering::Relaxed),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentications_are_counted_per_listener_as_kafkas_selector_does() {
        let counts = ConnectionCounts::default();
        let sasl: Arc<str> = Arc::from("SASL_PLAINTEXT");
        let plain: Arc<str> = Arc::from("PLAINTEXT");
        let sasl_connection = counts.opened(&sasl);
        let auth = sasl_connection.authentication().unwrap();
        auth.succeeded(true);
        auth.succeeded(false);
        auth.failed(false);
        auth.failed(true);
        auth.reauthenticated(std::time::Duration::from_millis(4));
        auth.reauthenticated(std::time::Duration::from_millis(2));
        counts
            .opened(&plain)
            .authentication()
            .unwrap()
            .succeeded(false);
        let totals = counts.authentication_per_listener();
        let (name, sasl_totals) = &totals[0];
        assert_eq!(&**name, "SASL_PLAINTEXT");
        assert_eq!(
            *sasl_totals,
            AuthenticationTotals {
                succeeded: 2,
                succeeded_without_reauth: 1,
                failed: 1,
                reauthenticated: 2,
                reauthentication_failed: 1,
                reauthentication_latency_avg_ms: 3.0,
                reauthentication_latency_max_ms: 4.0,
            }
        );
        let plain_totals = totals[1].1;
        assert_eq!(plain_totals.succeeded_without_reauth, 1);
        assert!(plain_totals.reauthentication_latency_avg_ms.is_nan());
    }
}
