//! Connection counts per listener (Kafka's `kafka.server:type=socket-server-metrics`
//! `connection-count` and `connection-creation-total`). A broker has a handful of listeners
//! named at start-up: each takes a slot of a fixed table the first time it counts, so opening
//! a connection is a short scan and two atomic adds, with no lock.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// More listeners than any configuration has; beyond this, connections go uncounted.
const SLOTS: usize = 16;

#[derive(Debug, Default)]
struct Slot {
    listener: OnceLock<Arc<str>>,
    open: AtomicI64,
    created: AtomicU64,
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
