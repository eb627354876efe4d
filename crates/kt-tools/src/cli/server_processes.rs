//! Finding running servers the way kafka-server-stop.sh and zookeeper-server-stop.sh do: every
//! process of this user whose command line is a kt server start (`kt server-start ...`, or a
//! link named `kafka-server-start.sh ...`), read from `/proc`, so a broker started in another
//! terminal is found as Kafka's scripts find theirs with `ps`.
//!
//! Kafka's script narrows the brokers down with `--node-id=N` or `--process-role=R`, reading
//! `node.id=` / `process.roles=` from the config file at the end of each command line; kt does
//! the same, resolving a relative path against the server's own working directory rather than
//! the caller's (Kafka asks both to be run from the same directory), and also honouring
//! `--override` and `broker.id` (ZooKeeper-mode configs have no `node.id`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Which server a stop command looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// `kt server-start` (kafka-server-start.sh).
    Kafka,
    /// `kt zookeeper-start` (zookeeper-server-start.sh).
    Zookeeper,
}

impl ServerKind {
    /// The names the start command answers to: the subcommand and its Kafka script names.
    fn start_words(self) -> &'static [&'static str] {
        match self {
            ServerKind::Kafka => &[
                "server-start",
                "kafka-server-start",
                "kafka-server-start.sh",
            ],
            ServerKind::Zookeeper => &[
                "zookeeper-start",
                "zookeeper-server-start",
                "zookeeper-server-start.sh",
            ],
        }
    }
}

/// A running server: its pid and the arguments after the start word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerProcess {
    pub pid: i32,
    /// The arguments after `server-start` (config path, `--override k=v`...).
    pub args: Vec<String>,
    /// The process's working directory, against which a relative config path is read.
    pub cwd: Option<PathBuf>,
}

/// The arguments of a start command of `kind` in a command line (`argv`), if it is one: argv[0]
/// is kt (or a link with the script's name) and the first word that is not a flag is the start
/// word. The `-daemon` launcher (which exits once its child runs) is not a server.
pub fn start_args(kind: ServerKind, argv: &[String], is_kt: bool) -> Option<Vec<String>> {
    let program = Path::new(argv.first()?).file_name()?.to_str()?;
    let words = kind.start_words();
    let rest: &[String] = if words.contains(&program) {
        &argv[1..]
    } else if is_kt || program == "kt" {
        let at = argv[1..].iter().position(|a| !a.starts_with('-'))? + 1;
        if !words.contains(&argv[at].as_str()) {
            return None;
        }
        &argv[at + 1..]
    } else {
        return None;
    };
    if rest.iter().any(|a| a == "-daemon" || a == "--daemon") {
        return None;
    }
    Some(rest.to_vec())
}

/// Every server of `kind` run by this user, by pid, excluding this process.
pub fn running(kind: ServerKind) -> Vec<ServerProcess> {
    let me = std::process::id() as i32;
    let Ok(my_uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else {
        return Vec::new();
    };
    let my_exe = std::env::current_exe().ok();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        if pid == me || is_zombie(pid) {
            continue;
        }
        let dir = entry.path();
        if std::fs::metadata(&dir).map(|m| m.uid()).ok() != Some(my_uid) {
            continue;
        }
        let Ok(raw) = std::fs::read(dir.join("cmdline")) else {
            continue;
        };
        let argv: Vec<String> = raw
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let is_kt = match (&my_exe, std::fs::read_link(dir.join("exe"))) {
            (Some(mine), Ok(theirs)) => *mine == theirs,
            _ => false,
        };
        if let Some(args) = start_args(kind, &argv, is_kt) {
            found.push(ServerProcess {
                pid,
                args,
                cwd: std::fs::read_link(dir.join("cwd")).ok(),
            });
        }
    }
    found.sort_by_key(|p| p.pid);
    found
}

/// A process that has exited but not been reaped (its parent, e.g. a test, has not waited).
pub fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('Z')))
        .unwrap_or(false)
}

/// The value of `key` as the server sees it: its last `--override key=v`, else the first
/// `key=` line of its config file (the last argument that is not an override).
pub fn server_property(process: &ServerProcess, key: &str) -> Option<String> {
    let mut config = None;
    let mut overridden = None;
    let mut args = process.args.iter();
    while let Some(a) = args.next() {
        if a == "--override" {
            if let Some((k, v)) = args.next().and_then(|kv| kv.split_once('=')) {
                if k.trim() == key {
                    overridden = Some(v.trim().to_string());
                }
            }
        } else if let Some(kv) = a.strip_prefix("--override=") {
            if let Some((k, v)) = kv.split_once('=') {
                if k.trim() == key {
                    overridden = Some(v.trim().to_string());
                }
            }
        } else if !a.starts_with('-') {
            config = Some(a.clone());
        }
    }
    if overridden.is_some() {
        return overridden;
    }
    let config = PathBuf::from(config?);
    let path = match (&process.cwd, config.is_relative()) {
        (Some(cwd), true) => cwd.join(config),
        _ => config,
    };
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| {
        let (k, v) = line.trim_start().split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// Kafka's choice among the brokers: `--node-id` (node.id, else broker.id) wins over
/// `--process-role` (process.roles as written); neither selects them all.
pub fn select(
    processes: Vec<ServerProcess>,
    node_id: Option<&str>,
    process_role: Option<&str>,
) -> Vec<ServerProcess> {
    processes
        .into_iter()
        .filter(|p| match (node_id, process_role) {
            (Some(id), _) => {
                server_property(p, "node.id").or_else(|| server_property(p, "broker.id"))
                    == Some(id.trim().to_string())
            }
            (None, Some(role)) => server_property(p, "process.roles") == Some(role.to_string()),
            (None, None) => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn start_commands_are_recognised_by_subcommand_or_link_name() {
        let k = ServerKind::Kafka;
        assert_eq!(
            start_args(k, &argv(&["kt", "server-start", "c.properties"]), false),
            Some(argv(&["c.properties"]))
        );
        assert_eq!(
            start_args(
                k,
                &argv(&["/opt/kt", "-v", "kafka-server-start.sh", "c"]),
                false
            ),
            Some(argv(&["c"]))
        );
        assert_eq!(
            start_args(k, &argv(&["/usr/bin/kafka-server-start.sh", "c"]), false),
            Some(argv(&["c"]))
        );
        // The same executable under another name (a test build, a renamed copy).
        assert_eq!(
            start_args(k, &argv(&["/x/kt-dev", "server-start"]), true),
            Some(vec![])
        );
        assert_eq!(
            start_args(k, &argv(&["/x/kt-dev", "server-start"]), false),
            None
        );
        // Not a server: other tools, ZooKeeper, the -daemon launcher.
        assert_eq!(
            start_args(k, &argv(&["kt", "topics", "--list"]), false),
            None
        );
        assert_eq!(
            start_args(k, &argv(&["kt", "zookeeper-start"]), false),
            None
        );
        assert_eq!(
            start_args(k, &argv(&["kt", "server-start", "-daemon", "c"]), false),
            None
        );
        assert_eq!(
            start_args(
                ServerKind::Zookeeper,
                &argv(&["kt", "zookeeper-start"]),
                false
            ),
            Some(vec![])
        );
    }

    #[test]
    fn node_id_wins_over_process_role_and_reads_overrides_and_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.properties"),
            "process.roles=broker,controller\nnode.id=1\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.properties"), "broker.id=2\n").unwrap();
        let p = |pid, args: &[&str]| ServerProcess {
            pid,
            args: argv(args),
            cwd: Some(dir.path().to_path_buf()),
        };
        let all = vec![
            p(10, &["a.properties"]),
            p(11, &["b.properties"]),
            p(12, &["b.properties", "--override", "broker.id=3"]),
        ];
        let pids = |s: Vec<ServerProcess>| s.iter().map(|p| p.pid).collect::<Vec<_>>();
        assert_eq!(pids(select(all.clone(), None, None)), [10, 11, 12]);
        assert_eq!(pids(select(all.clone(), Some("1"), None)), [10]);
        assert_eq!(pids(select(all.clone(), Some("3"), Some("broker"))), [12]);
        assert_eq!(
            pids(select(all.clone(), None, Some("broker,controller"))),
            [10]
        );
        assert_eq!(
            pids(select(all, None, Some("controller"))),
            Vec::<i32>::new()
        );
    }
}
