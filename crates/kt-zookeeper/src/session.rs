//! Sessions: id, password, negotiated timeout and deadline, and the connection (if any) that
//! carries each. A session outlives its connection until its timeout passes without a packet;
//! then the server expires it (a CloseSession transaction: its ephemerals go, watches fire).

use std::collections::HashMap;

use tokio::time::{Duration, Instant};

use super::proto::Id;
use super::watch::ConnId;

/// The timeout a client gets: its wish, clamped to `[min, max]` as ZooKeeper does.
pub fn negotiate(requested: i32, min: i32, max: i32) -> i32 {
    requested.max(min).min(max)
}

/// One session.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub password: Vec<u8>,
    /// Negotiated timeout in milliseconds.
    pub timeout: i32,
    /// When the session expires unless a packet arrives before.
    pub deadline: Instant,
    /// The connection that owns the session now.
    pub conn: Option<ConnId>,
    /// Identities proven with `addauth` (plus the client's `ip`), not persisted: a client
    /// re-sends its auth after reconnecting, as ZooKeeper's clients do.
    pub auth: Vec<Id>,
}

/// Every live session.
#[derive(Debug, Default)]
pub struct Sessions {
    map: HashMap<i64, Session>,
    next_id: i64,
}

impl Sessions {
    /// Session ids start from the time in milliseconds shifted left, like standalone
    /// ZooKeeper's `initializeNextSessionId(0)`, so ids of successive runs do not repeat.
    pub fn new(now_ms: i64) -> Sessions {
        Sessions {
            map: HashMap::new(),
            next_id: ((now_ms << 24) as u64 >> 8) as i64,
        }
    }

    /// The id the next session will get.
    pub fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Adds (or, on replay, restores) a session, due to expire one timeout from now.
    pub fn insert(&mut self, id: i64, password: Vec<u8>, timeout: i32) {
        if id >= self.next_id {
            self.next_id = id + 1;
        }
        self.map.insert(
            id,
            Session {
                id,
                password,
                timeout,
                deadline: Instant::now() + Duration::from_millis(timeout.max(0) as u64),
                conn: None,
                auth: Vec::new(),
            },
        );
    }

    /// Removes a session.
    pub fn remove(&mut self, id: i64) -> Option<Session> {
        self.map.remove(&id)
    }

    /// The session with this id.
    pub fn get(&self, id: i64) -> Option<&Session> {
        self.map.get(&id)
    }

    /// The session with this id, to change.
    pub fn get_mut(&mut self, id: i64) -> Option<&mut Session> {
        self.map.get_mut(&id)
    }

    /// Every session, for snapshots and `cons`.
    pub fn iter(&self) -> impl Iterator<Item = &Session> {
        self.map.values()
    }

    /// Number of sessions.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// No session at all.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// A packet arrived: the session lives one more timeout.
    pub fn touch(&mut self, id: i64) {
        if let Some(s) = self.map.get_mut(&id) {
            s.deadline = Instant::now() + Duration::from_millis(s.timeout.max(0) as u64);
        }
    }

    /// Sessions whose deadline has passed, in id order.
    pub fn expired(&self, now: Instant) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .map
            .values()
            .filter(|s| s.deadline <= now)
            .map(|s| s.id)
            .collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_clamped_between_min_and_max() {
        assert_eq!(negotiate(1000, 4000, 40000), 4000);
        assert_eq!(negotiate(30000, 4000, 40000), 30000);
        assert_eq!(negotiate(90000, 4000, 40000), 40000);
    }

    #[tokio::test(start_paused = true)]
    async fn sessions_expire_after_their_timeout_unless_touched() {
        let mut s = Sessions::new(1);
        let a = s.next_id();
        let b = s.next_id();
        assert_ne!(a, b);
        s.insert(a, vec![1; 16], 4000);
        s.insert(b, vec![2; 16], 4000);
        tokio::time::advance(Duration::from_millis(3000)).await;
        s.touch(b);
        assert!(s.expired(Instant::now()).is_empty());
        tokio::time::advance(Duration::from_millis(1001)).await;
        assert_eq!(s.expired(Instant::now()), vec![a]);
        tokio::time::advance(Duration::from_millis(3000)).await;
        assert_eq!(s.expired(Instant::now()), vec![a, b]);
    }
}
