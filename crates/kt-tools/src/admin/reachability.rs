//! The one line a person sees when a kt client cannot reach its cluster.
//!
//! Against a closed port Kafka's tools wait silently (`topics` and `get-offsets` give up
//! after 30 s, `console-producer` after 120 s, `console-consumer` never), and librdkafka
//! retries as quietly. So every client kt creates is watched: if, a few seconds after the
//! client was configured, none of its bootstrap servers accepts a TCP connection, stderr gets
//! `cannot reach <bootstrap servers>, retrying...` once, and the tool goes on waiting exactly
//! as before (its own time limits and final messages are unchanged; stdout is untouched).
//!
//! The watch probes the servers itself instead of listening to librdkafka, because the admin
//! client's connection errors sit on a queue nobody polls while an operation waits, and
//! librdkafka reports no successful connection that could cancel a notice.

use std::collections::HashSet;
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// How long a client tries quietly before the notice: long enough that a reachable broker
/// never triggers it, short enough that a person is not left staring at nothing.
pub const NOTICE_AFTER: Duration = Duration::from_secs(3);

/// How long one probe connection may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Kafka's default port, which librdkafka assumes for a server given without one.
const DEFAULT_PORT: u16 = 9092;

/// Watches `bootstrap` (a `bootstrap.servers` list as the user gave it): after
/// [`NOTICE_AFTER`], prints `cannot reach <bootstrap>, retrying...` on stderr if no server
/// in it accepts a connection. Each distinct list is watched once per process, so a tool that
/// creates several clients prints the line at most once per cluster. Returns at once; the
/// watch runs on a detached thread that ends with the process.
pub fn watch(bootstrap: &str) {
    static WATCHED: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let fresh = WATCHED
        .get_or_init(Default::default)
        .lock()
        .map(|mut watched| watched.insert(bootstrap.to_string()))
        .unwrap_or(false);
    if !fresh || bootstrap.trim().is_empty() {
        return;
    }
    let servers = bootstrap.to_string();
    // A thread that cannot be started only costs the notice.
    let _ = std::thread::Builder::new()
        .name("kt-reachability".into())
        .spawn(move || {
            std::thread::sleep(NOTICE_AFTER);
            if !any_reachable(&servers) {
                // stderr may be closed: a failed write is not worth a panic.
                let _ = writeln!(std::io::stderr(), "cannot reach {servers}, retrying...");
            }
        });
}

/// Whether any server of a `bootstrap.servers` list accepts a TCP connection.
fn any_reachable(bootstrap: &str) -> bool {
    bootstrap
        .split(',')
        .filter_map(server_address)
        .any(|server| {
            server.to_socket_addrs().is_ok_and(|mut addrs| {
                addrs.any(|addr| TcpStream::connect_timeout(&addr, PROBE_TIMEOUT).is_ok())
            })
        })
}

/// `host:port` of one entry of a `bootstrap.servers` list, which librdkafka lets carry a
/// `PROTOCOL://` prefix and leave out the port.
fn server_address(entry: &str) -> Option<String> {
    let entry = entry.trim();
    let entry = entry.split_once("://").map_or(entry, |(_, rest)| rest);
    if entry.is_empty() {
        return None;
    }
    let has_port = match entry.rfind(']') {
        // [v6]:port
        Some(close) => entry[close..].contains(':'),
        None => entry.matches(':').count() == 1,
    };
    Some(if has_port {
        entry.to_string()
    } else {
        format!("{entry}:{DEFAULT_PORT}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn server_entries_become_addresses() {
        assert_eq!(
            server_address(" localhost:9093 ").unwrap(),
            "localhost:9093"
        );
        assert_eq!(server_address("PLAINTEXT://h:1").unwrap(), "h:1");
        assert_eq!(server_address("h").unwrap(), "h:9092");
        assert_eq!(server_address("[::1]:7").unwrap(), "[::1]:7");
        assert_eq!(server_address("[::1]").unwrap(), "[::1]:9092");
        assert_eq!(server_address(""), None);
    }

    #[test]
    fn a_listening_server_is_reachable_and_a_closed_port_is_not() {
        let open = TcpListener::bind("127.0.0.1:0").unwrap();
        let open_addr = open.local_addr().unwrap();
        let closed_addr = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        assert!(!any_reachable(&closed_addr.to_string()));
        assert!(any_reachable(&format!("{closed_addr},{open_addr}")));
    }
}
