//! ZooKeeper's text for a znode's stat, a date, and a watch event, as zkCli prints them.

use zookeeper_client::{EventType, SessionState, Stat};

/// The eleven stat lines of zkCli's `StatPrinter` (`cZxid = 0x4`, ...), each ending in `\n`.
pub fn stat(s: &Stat) -> String {
    format!(
        "cZxid = 0x{:x}\nctime = {}\nmZxid = 0x{:x}\nmtime = {}\npZxid = 0x{:x}\n\
         cversion = {}\ndataVersion = {}\naclVersion = {}\nephemeralOwner = 0x{:x}\n\
         dataLength = {}\nnumChildren = {}\n",
        s.czxid as u64,
        java_date(s.ctime),
        s.mzxid as u64,
        java_date(s.mtime),
        s.pzxid as u64,
        s.cversion,
        s.version,
        s.aversion,
        s.ephemeral_owner as u64,
        s.data_length,
        s.num_children,
    )
}

/// Milliseconds since the epoch as Java's `Date.toString()` prints them, in the local time
/// zone: `Sat Dec 05 00:47:56 UTC 2026` (C library's names, which are Java's in English).
// The C library because chrono knows the local offset but not the zone's abbreviation (`UTC`,
// `CET`) that Java prints.
#[allow(unsafe_code)]
pub fn java_date(ms: i64) -> String {
    // `as _`: the C library's time_t, whose name musl's libc crate marks deprecated.
    let secs = ms.div_euclid(1000) as _;
    // SAFETY: `tm` is plain data filled by localtime_r from a valid time_t; strftime writes at
    // most `buf.len()` bytes (NUL included) into `buf` from a NUL-terminated format.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&secs, &mut tm).is_null() {
            return ms.to_string();
        }
        let mut buf = [0u8; 64];
        let n = libc::strftime(
            buf.as_mut_ptr().cast(),
            buf.len(),
            c"%a %b %d %H:%M:%S %Z %Y".as_ptr(),
            &tm,
        );
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

/// `WatchedEvent state:SyncConnected type:None path:null`: Java's `WatchedEvent.toString()`.
pub fn event(state: SessionState, kind: EventType, path: Option<&str>) -> String {
    let kind = match kind {
        EventType::Session => "None",
        EventType::NodeCreated => "NodeCreated",
        EventType::NodeDeleted => "NodeDeleted",
        EventType::NodeDataChanged => "NodeDataChanged",
        EventType::NodeChildrenChanged => "NodeChildrenChanged",
    };
    format!(
        "WatchedEvent state:{} type:{kind} path:{}",
        keeper_state(state),
        path.unwrap_or("null")
    )
}

/// The event's state as Java's `KeeperState` names it.
pub fn keeper_state(state: SessionState) -> &'static str {
    match state {
        SessionState::Disconnected => "Disconnected",
        SessionState::SyncConnected => "SyncConnected",
        SessionState::AuthFailed => "AuthFailed",
        SessionState::ConnectedReadOnly => "ConnectedReadOnly",
        SessionState::Expired => "Expired",
        SessionState::Closed => "Closed",
    }
}

/// The session's state as the prompt shows it (Java's `ZooKeeper.States`).
pub fn prompt_state(state: SessionState) -> &'static str {
    match state {
        SessionState::SyncConnected => "CONNECTED",
        SessionState::ConnectedReadOnly => "CONNECTEDREADONLY",
        SessionState::Disconnected => "CONNECTING",
        SessionState::AuthFailed => "AUTH_FAILED",
        SessionState::Expired | SessionState::Closed => "CLOSED",
    }
}

/// What the default watcher prints for an event: an empty line, `WATCHER::`, an empty line and
/// the event (zkCli prints each message after a line break).
pub fn watcher_block(event_text: &str) -> String {
    format!("\nWATCHER::\n\n{event_text}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_are_zkclis() {
        let s = Stat {
            czxid: 4,
            mzxid: 4,
            pzxid: 13,
            ctime: 0,
            mtime: 0,
            version: 0,
            cversion: 3,
            aversion: 0,
            ephemeral_owner: 0,
            data_length: 0,
            num_children: 3,
        };
        let text = stat(&s);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11);
        assert_eq!(lines[0], "cZxid = 0x4");
        assert_eq!(lines[4], "pZxid = 0xd");
        assert_eq!(lines[8], "ephemeralOwner = 0x0");
        assert_eq!(lines[10], "numChildren = 3");
    }

    #[test]
    fn negative_ids_print_as_unsigned_hex() {
        let s = Stat {
            czxid: 0,
            mzxid: 0,
            pzxid: 0,
            ctime: 0,
            mtime: 0,
            version: 0,
            cversion: 0,
            aversion: 0,
            ephemeral_owner: -1,
            data_length: 0,
            num_children: 0,
        };
        assert!(stat(&s).contains("ephemeralOwner = 0xffffffffffffffff\n"));
    }

    #[test]
    fn dates_look_like_javas() {
        let d = java_date(1_796_345_276_000);
        let re =
            regex::Regex::new(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$");
        assert!(re.unwrap().is_match(&d), "{d}");
    }

    #[test]
    fn events_read_as_javas() {
        assert_eq!(
            event(SessionState::SyncConnected, EventType::Session, None),
            "WatchedEvent state:SyncConnected type:None path:null"
        );
    }
}
