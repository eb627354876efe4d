//! Four-letter words: a connection whose first four bytes spell one (`ruok`, `srvr`, ...) gets
//! a line-oriented text answer and is closed, as on ZooKeeper's client port. Words not in
//! `4lw.commands.whitelist` get ZooKeeper's refusal sentence.

use super::config::ALL_WORDS;
use super::db::Db;

/// The version kt reports: the ZooKeeper release whose protocol it speaks, marked as kt's.
pub const VERSION: &str = concat!("3.8.4-kt-", env!("CARGO_PKG_VERSION"), ", built on kt");

/// The word the first four bytes spell, if they spell one kt knows.
pub fn word(first: [u8; 4]) -> Option<&'static str> {
    ALL_WORDS.iter().copied().find(|w| w.as_bytes() == first)
}

/// The text to send for `word`.
pub fn answer(db: &Db, word: &str) -> String {
    if !db.config().four_letter_words.contains(word) {
        return format!("{word} is not executed because it is not in the whitelist.\n");
    }
    match word {
        "ruok" => "imok".to_string(),
        "srvr" => format!("Zookeeper version: {VERSION}\n{}", summary(db)),
        "stat" => format!(
            "Zookeeper version: {VERSION}\nClients:\n{}\n{}",
            connections(db, false),
            summary(db)
        ),
        "cons" => format!("{}\n", connections(db, true)),
        "mntr" => mntr(db),
        "conf" => conf(db),
        "envi" => envi(),
        _ => String::new(),
    }
}

fn summary(db: &Db) -> String {
    let st = db.lock();
    format!(
        "Latency min/avg/max: 0/0.0/0\nReceived: {}\nSent: {}\nConnections: {}\n\
         Outstanding: 0\nZxid: 0x{:x}\nMode: standalone\nNode count: {}\n",
        st.packets_received,
        st.packets_sent,
        st.conns.len(),
        st.last_zxid,
        st.tree.len()
    )
}

fn connections(db: &Db, details: bool) -> String {
    let st = db.lock();
    let mut conns: Vec<_> = st.conns.iter().collect();
    conns.sort_by_key(|(id, _)| **id);
    let mut out = String::new();
    for (_, c) in conns {
        let peer = c.peer;
        if details && c.session != 0 {
            let timeout = st.sessions.get(c.session).map_or(0, |s| s.timeout);
            out.push_str(&format!(
                " /{peer}[1](queued=0,recved={},sent={},sid=0x{:x},to={timeout})\n",
                c.received, c.sent, c.session
            ));
        } else {
            out.push_str(&format!(
                " /{peer}[1](queued=0,recved={},sent={})\n",
                c.received, c.sent
            ));
        }
    }
    out
}

fn mntr(db: &Db) -> String {
    let st = db.lock();
    let lines = [
        ("zk_version", VERSION.to_string()),
        ("zk_server_state", "standalone".into()),
        ("zk_avg_latency", "0.0".into()),
        ("zk_max_latency", "0".into()),
        ("zk_min_latency", "0".into()),
        ("zk_packets_received", st.packets_received.to_string()),
        ("zk_packets_sent", st.packets_sent.to_string()),
        ("zk_num_alive_connections", st.conns.len().to_string()),
        ("zk_outstanding_requests", "0".into()),
        ("zk_znode_count", st.tree.len().to_string()),
        ("zk_watch_count", st.watches.count().to_string()),
        ("zk_ephemerals_count", st.tree.ephemeral_count().to_string()),
        ("zk_approximate_data_size", st.tree.data_size().to_string()),
        ("zk_global_sessions", st.sessions.len().to_string()),
        ("zk_local_sessions", "0".into()),
        ("zk_last_zxid", format!("0x{:x}", st.last_zxid)),
        ("zk_uptime", db.started().elapsed().as_millis().to_string()),
    ];
    lines.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect()
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn conf(db: &Db) -> String {
    let c = db.config();
    format!(
        "clientPort={}\nsecureClientPort=-1\ndataDir={}\ndataDirSize={}\ndataLogDir={}\n\
         dataLogSize={}\ntickTime={}\nmaxClientCnxns={}\nminSessionTimeout={}\n\
         maxSessionTimeout={}\nclientPortListenBacklog=-1\nserverId=0\n",
        c.client_port,
        c.data_dir.display(),
        dir_size(&c.data_dir),
        c.log_dir().display(),
        dir_size(c.log_dir()),
        c.tick_time,
        c.max_client_cnxns,
        c.min_session_timeout,
        c.max_session_timeout
    )
}

fn envi() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    let os_version = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    let user = std::env::var("USER").unwrap_or_default();
    let home = std::env::var("HOME").unwrap_or_default();
    let cwd = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    format!(
        "Environment:\nzookeeper.version={VERSION}\nhost.name={host}\n\
         java.version=none (kt is a native binary)\nos.name={}\nos.arch={}\n\
         os.version={os_version}\nuser.name={user}\nuser.home={home}\nuser.dir={cwd}\n",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}
