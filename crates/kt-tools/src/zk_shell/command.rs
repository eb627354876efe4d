//! zkCli's commands: the table its usage prints, and a typed [`Command`] parsed from a line's
//! words with each command's options and argument checks (in zkCli's order, so the same
//! mistakes get the same messages).

use super::options::{self, Parsed, Spec};
use super::CliError;

/// Every command zkCli knows, with its argument synopsis, in the order its usage lists them
/// (Java's string order: upper case before lower case).
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "addWatch",
        "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE",
    ),
    ("addauth", "scheme auth"),
    ("close", ""),
    ("config", "[-c] [-w] [-s]"),
    ("connect", "host:port"),
    ("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]"),
    ("delete", "[-v version] path"),
    ("deleteall", "path [-b batch size]"),
    ("delquota", "[-n|-b|-N|-B] path"),
    ("get", "[-s] [-w] path"),
    ("getAcl", "[-s] path"),
    ("getAllChildrenNumber", "path"),
    ("getEphemerals", "path"),
    ("history", ""),
    ("listquota", "path"),
    ("ls", "[-s] [-w] [-R] path"),
    ("printwatches", "on|off"),
    ("quit", ""),
    (
        "reconfig",
        "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]",
    ),
    ("redo", "cmdno"),
    ("removewatches", "path [-c|-d|-a] [-l]"),
    ("set", "[-s] [-v version] path data"),
    ("setAcl", "[-s] [-v version] [-R] path acl"),
    ("setquota", "-n|-b|-N|-B val path"),
    ("stat", "[-w] path"),
    ("sync", "path"),
    ("version", ""),
    ("whoami", ""),
];

/// The command names, for completion.
pub const COMMAND_NAMES: [&str; 28] = {
    let mut names = [""; 28];
    let mut i = 0;
    while i < COMMANDS.len() {
        names[i] = COMMANDS[i].0;
        i += 1;
    }
    names
};

/// zkCli's usage text as Kafka's zookeeper-shell prints it on stderr (each line ends in `\n`;
/// a command without arguments keeps the space after its name, as zkCli's does).
pub fn usage() -> String {
    let mut text =
        String::from("ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args\n");
    for (name, synopsis) in COMMANDS {
        text.push_str(&format!("\t{name} {synopsis}\n"));
    }
    text
}

/// `name [synopsis]`: the message of a command given too few arguments.
fn usage_of(name: &str) -> CliError {
    let synopsis = COMMANDS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    CliError::new(format!("{name} {synopsis}"))
}

/// What a znode is created as (`create` flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Persistent,
    PersistentSequential,
    Ephemeral,
    EphemeralSequential,
    Container,
}

/// One parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Ls {
        path: String,
        stat: bool,
        watch: bool,
        recursive: bool,
    },
    Get {
        path: String,
        stat: bool,
        watch: bool,
    },
    Stat {
        path: String,
        watch: bool,
    },
    Create {
        path: String,
        data: Option<String>,
        acl: Option<String>,
        kind: NodeKind,
        ttl: Option<i64>,
    },
    Set {
        path: String,
        data: String,
        stat: bool,
        version: Option<i32>,
    },
    Delete {
        path: String,
        version: Option<i32>,
    },
    DeleteAll {
        path: String,
        batch: usize,
    },
    GetAcl {
        path: String,
        stat: bool,
    },
    SetAcl {
        path: String,
        acl: String,
        stat: bool,
        version: Option<i32>,
        recursive: bool,
    },
    AddAuth {
        scheme: String,
        auth: Option<String>,
    },
    Sync {
        path: String,
    },
    GetAllChildrenNumber {
        path: String,
    },
    GetEphemerals {
        path: Option<String>,
    },
    WhoAmI,
    Config {
        client: bool,
        watch: bool,
        stat: bool,
    },
    AddWatch {
        path: String,
        recursive: bool,
    },
    Close,
    Connect {
        host: Option<String>,
    },
    History,
    Redo {
        index: String,
    },
    PrintWatches {
        on: Option<bool>,
    },
    Quit,
    Version,
    /// What zkCli does for a bare `redo`: nothing.
    Nothing,
    /// A zkCli command kt does not carry out (quotas, reconfig, removewatches).
    Unsupported {
        name: String,
    },
}

/// Which MAX_TTL ZooKeeper allows: 40 bits of milliseconds.
const MAX_TTL: i64 = 0xFF_FFFF_FFFF;

fn opts(words: &[String], flags: &'static str, valued: &'static str) -> Result<Parsed, CliError> {
    options::parse(words, Spec { flags, valued })
}

fn version_of(p: &Parsed, option: char) -> Result<Option<i32>, CliError> {
    p.value(option)
        .map(|v| {
            v.parse::<i32>()
                .map_err(|_| CliError::new(format!("-{option} argument must be an int value")))
        })
        .transpose()
}

/// zkCli's old `ls path watch` form: a third word means "watch", with a warning on stderr.
fn deprecated_watch(p: &Parsed, name: &str, modern: &str, warnings: &mut Vec<String>) -> bool {
    if p.args.len() > 2 {
        warnings.push(format!(
            "'{name} path [watch]' has been deprecated. Please use '{modern}' instead."
        ));
        true
    } else {
        false
    }
}

impl Command {
    /// Parses a line's words (the command's name first). `warnings` receives what zkCli prints
    /// on stderr while parsing (deprecated forms) even when parsing succeeds.
    pub fn parse(words: &[String], warnings: &mut Vec<String>) -> Result<Command, CliError> {
        let Some(name) = words.first() else {
            return Err(CliError::new("No command entered"));
        };
        let arg = |p: &Parsed, i: usize| p.args.get(i).cloned();
        let need = |p: &Parsed, n: usize| {
            if p.args.len() < n {
                Err(usage_of(name))
            } else {
                Ok(())
            }
        };
        let cmd = match name.as_str() {
            "ls" => {
                let p = opts(words, "swR?", "")?;
                let old = deprecated_watch(&p, "ls", "ls [-w] path", warnings);
                need(&p, 2)?;
                Command::Ls {
                    path: p.args[1].clone(),
                    stat: p.has('s'),
                    watch: p.has('w') || old,
                    recursive: p.has('R'),
                }
            }
            "get" => {
                let p = opts(words, "sw", "")?;
                need(&p, 2)?;
                let old = deprecated_watch(&p, "get", "get [-s] [-w] path", warnings);
                Command::Get {
                    path: p.args[1].clone(),
                    stat: p.has('s'),
                    watch: p.has('w') || old,
                }
            }
            "stat" => {
                let p = opts(words, "w", "")?;
                need(&p, 2)?;
                let old = deprecated_watch(&p, "stat", "stat [-w] path", warnings);
                Command::Stat {
                    path: p.args[1].clone(),
                    watch: p.has('w') || old,
                }
            }
            "create" => {
                let p = opts(words, "esc", "t")?;
                need(&p, 2)?;
                Self::create(&p)?
            }
            "set" => {
                let p = opts(words, "s", "v")?;
                need(&p, 3)?;
                Command::Set {
                    path: p.args[1].clone(),
                    data: p.args[2].clone(),
                    stat: p.has('s'),
                    version: version_of(&p, 'v')?,
                }
            }
            "delete" => {
                let p = opts(words, "", "v")?;
                need(&p, 2)?;
                if p.args.len() > 2 {
                    warnings.push(
                        "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead."
                            .to_string(),
                    );
                }
                Command::Delete {
                    path: p.args[1].clone(),
                    version: version_of(&p, 'v')?,
                }
            }
            "deleteall" => {
                let p = opts(words, "", "b")?;
                need(&p, 2)?;
                let batch = match p.value('b') {
                    None => 1000,
                    Some(b) => b
                        .parse::<i32>()
                        .map_err(|_| CliError::new("-b argument must be an int value"))?
                        .max(0) as usize,
                };
                Command::DeleteAll {
                    path: p.args[1].clone(),
                    batch,
                }
            }
            "getAcl" => {
                let p = opts(words, "s", "")?;
                need(&p, 2)?;
                Command::GetAcl {
                    path: p.args[1].clone(),
                    stat: p.has('s'),
                }
            }
            "setAcl" => {
                let p = opts(words, "sR", "v")?;
                need(&p, 3)?;
                Command::SetAcl {
                    path: p.args[1].clone(),
                    acl: p.args[2].clone(),
                    stat: p.has('s'),
                    version: version_of(&p, 'v')?,
                    recursive: p.has('R'),
                }
            }
            "addauth" => {
                let p = opts(words, "", "")?;
                need(&p, 2)?;
                Command::AddAuth {
                    scheme: p.args[1].clone(),
                    auth: arg(&p, 2),
                }
            }
            "sync" => {
                let p = opts(words, "", "")?;
                need(&p, 2)?;
                Command::Sync {
                    path: p.args[1].clone(),
                }
            }
            "getAllChildrenNumber" => {
                let p = opts(words, "", "")?;
                need(&p, 2)?;
                Command::GetAllChildrenNumber {
                    path: p.args[1].clone(),
                }
            }
            "getEphemerals" => {
                let p = opts(words, "", "")?;
                Command::GetEphemerals { path: arg(&p, 1) }
            }
            "whoami" => Command::WhoAmI,
            "config" => {
                let p = opts(words, "swc", "")?;
                Command::Config {
                    client: p.has('c'),
                    watch: p.has('w'),
                    stat: p.has('s'),
                }
            }
            "addWatch" => {
                let p = opts(words, "", "m")?;
                need(&p, 2)?;
                let recursive = match p.value('m') {
                    None | Some("PERSISTENT_RECURSIVE") => true,
                    Some("PERSISTENT") => false,
                    Some(other) => return Err(CliError::new(format!("Unsupported mode: {other}"))),
                };
                Command::AddWatch {
                    path: p.args[1].clone(),
                    recursive,
                }
            }
            "close" => Command::Close,
            "connect" => Command::Connect {
                host: words.get(1).cloned(),
            },
            "history" => Command::History,
            "redo" => match words.get(1) {
                Some(index) => Command::Redo {
                    index: index.clone(),
                },
                None => Command::Nothing,
            },
            "printwatches" => Command::PrintWatches {
                on: words.get(1).map(|w| w == "on"),
            },
            "quit" => Command::Quit,
            "version" => Command::Version,
            "listquota" | "setquota" | "delquota" | "reconfig" | "removewatches" => {
                Command::Unsupported { name: name.clone() }
            }
            other => return Err(CliError::command_not_found(other)),
        };
        Ok(cmd)
    }

    fn create(p: &Parsed) -> Result<Command, CliError> {
        let (e, s, c, t) = (p.has('e'), p.has('s'), p.has('c'), p.has('t'));
        if c && (e || s) {
            return Err(CliError::new(
                "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.",
            ));
        }
        let ttl = match p.value('t') {
            None => None,
            Some(v) => Some(
                v.parse::<i64>()
                    .map_err(|_| CliError::new("-t argument must be a long value"))?,
            ),
        };
        if t && e {
            return Err(CliError::new("TTLs cannot be used with Ephemeral znodes"));
        }
        if t && c {
            return Err(CliError::new("TTLs cannot be used with Container znodes"));
        }
        let kind = match (e, s, c) {
            (true, true, _) => NodeKind::EphemeralSequential,
            (true, false, _) => NodeKind::Ephemeral,
            (false, true, _) => NodeKind::PersistentSequential,
            (false, false, true) => NodeKind::Container,
            (false, false, false) => NodeKind::Persistent,
        };
        if let Some(ttl) = ttl {
            if ttl <= 0 || ttl > MAX_TTL {
                return Err(CliError::new(format!(
                    "ttl must be positive and cannot be larger than: {MAX_TTL}"
                )));
            }
        }
        Ok(Command::Create {
            path: p.args[1].clone(),
            data: p.args.get(2).cloned(),
            acl: p.args.get(3).cloned(),
            kind,
            ttl,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Command, CliError> {
        Command::parse(&super::super::words::split(line), &mut Vec::new())
    }

    #[test]
    fn usage_matches_kafkas_first_lines() {
        let u = usage();
        assert!(u.starts_with(
            "ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args\n\taddWatch [-m mode] path"
        ));
        assert!(u.contains("\n\tclose \n"));
        assert!(u.ends_with("\twhoami \n"));
        assert_eq!(u.lines().count(), 29);
    }

    #[test]
    fn commands_and_their_mistakes() {
        assert_eq!(
            parse("ls -s /brokers").unwrap(),
            Command::Ls {
                path: "/brokers".into(),
                stat: true,
                watch: false,
                recursive: false
            }
        );
        assert_eq!(parse("ls").unwrap_err().message, "ls [-s] [-w] [-R] path");
        assert_eq!(
            parse("set /x").unwrap_err().message,
            "set [-s] [-v version] path data"
        );
        let e = parse("bogus").unwrap_err();
        assert_eq!(e.exit_code, 127);
        assert_eq!(e.message, "Command not found: Command not found bogus");
        assert_eq!(
            parse("create -c -e /x").unwrap_err().message,
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential."
        );
        assert!(matches!(
            parse("create -s -e /x d").unwrap(),
            Command::Create {
                kind: NodeKind::EphemeralSequential,
                ..
            }
        ));
    }

    #[test]
    fn deprecated_watch_form_warns() {
        let mut warnings = Vec::new();
        let cmd =
            Command::parse(&super::super::words::split("get /x true"), &mut warnings).unwrap();
        assert!(matches!(cmd, Command::Get { watch: true, .. }));
        assert_eq!(warnings.len(), 1);
    }
}
