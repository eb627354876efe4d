//! `kt zookeeper-shell`: the arguments of Kafka's zookeeper-shell.sh, the prompt on a terminal
//! (history and tab completion of znode paths) and the line loop on a pipe. The commands
//! themselves are [`crate::zk_shell`].

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::Args;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::zk_shell::shell::{ChildLister, Flow};
use crate::zk_shell::{self, Shell};

/// The arguments of zookeeper-shell.sh: an address, then ZooKeeper's CLI command, if any.
#[derive(Debug, Args)]
#[command(
    after_help = "One command after the address runs and exits (0, 1 if it failed, 127 for \
an unknown command); without one, a prompt reads commands (history, Tab completes paths), or \
standard input does, line by line, when it is not a terminal. Output is ZooKeeper 3.8's.\n\n\
Commands:\n  \
    ls [-s] [-w] [-R] path            get [-s] [-w] path         stat [-w] path\n  \
    create [-s] [-e] [-c] [-t ttl] path [data] [acl]\n  \
    set [-s] [-v version] path data   delete [-v version] path   deleteall path [-b batch size]\n  \
    getAcl [-s] path                  setAcl [-s] [-v version] [-R] path acl\n  \
    addauth scheme auth               whoami                     sync path\n  \
    getAllChildrenNumber path         getEphemerals path         config [-c] [-w] [-s]\n  \
    addWatch [-m mode] path           printwatches on|off        history   redo cmdno\n  \
    connect host:port                 close                      version   quit\n\n\
Examples:\n  \
    kt zookeeper-shell localhost:2181 ls /brokers/ids\n  \
    kt zookeeper-shell localhost:2181 get /controller\n  \
    kt zookeeper-shell localhost:2181/kafka ls -R /config\n  \
    kt zookeeper-shell localhost:2181 create /demo hello\n  \
    echo 'ls /' | kt zookeeper-shell localhost:2181\n  \
    kt zookeeper-shell localhost:2181        (prompt: [zk: localhost:2181(CONNECTED) 0])"
)]
pub struct ZookeeperShellArgs {
    /// ZooKeeper's address: host:port[,host:port...] with an optional chroot path
    /// (localhost:2181/kafka).
    #[arg(value_name = "HOST:PORT[/chroot]")]
    pub server: Option<String>,

    /// A properties file with ZooKeeper client TLS settings (Kafka's -zk-tls-config-file;
    /// the single-dash spelling works too). kt connects without TLS and refuses a file that
    /// turns it on (zookeeper.ssl.client.enable=true).
    #[arg(long = "zk-tls-config-file", value_name = "file")]
    pub zk_tls_config_file: Option<PathBuf>,

    /// The command and its arguments (ls /brokers/ids). Without one, commands are read from
    /// the terminal or standard input.
    #[arg(
        value_name = "COMMAND ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<String>,
}

/// The TLS option's spellings: Kafka's single dash, and clap's double dash inside the command.
const TLS_OPTION: [&str; 2] = ["-zk-tls-config-file", "--zk-tls-config-file"];

/// Runs the shell; returns the exit code.
pub fn run(mut args: ZookeeperShellArgs) -> i32 {
    let Some(server) = args.server.clone() else {
        // zookeeper-shell.sh's own check, before Java starts.
        eprintln!(
            "USAGE: {} zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]",
            program_name()
        );
        return 1;
    };
    // Kafka's wrapper takes the TLS option from anywhere in the arguments.
    if let Some(i) = args
        .command
        .iter()
        .position(|a| TLS_OPTION.contains(&a.as_str()))
    {
        match args.command.get(i + 1) {
            Some(file) => {
                args.zk_tls_config_file = Some(PathBuf::from(file));
                args.command.drain(i..i + 2);
            }
            None => {
                eprintln!("Error: no filename provided with option -zk-tls-config-file");
                return 1;
            }
        }
    }
    if let Some(file) = &args.zk_tls_config_file {
        if let Err(e) = check_tls_file(file) {
            eprintln!("{e:#}");
            return 1;
        }
    }
    println!("Connecting to {server}");
    let mut shell = match Shell::new(&server) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return 1;
        }
    };
    if !args.command.is_empty() {
        // The session connects when the command first needs the server: a command refused
        // before that (unknown, malformed) prints no WATCHER lines, as with zkCli.
        shell.process(&args.command);
        return shell.exit_code();
    }
    println!("Welcome to ZooKeeper!");
    if std::io::stdin().is_terminal() {
        println!("JLine support is enabled");
        shell.connect();
        prompt_loop(&mut shell)
    } else {
        // Kafka's zookeeper-shell has no line editor: it reads standard input line by line
        // without a prompt.
        println!("JLine support is disabled");
        shell.connect();
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if shell.execute_line(&line) == Flow::Quit {
                break;
            }
        }
        shell.exit_code()
    }
}

/// The name the usage line shows: the link's name (zookeeper-shell.sh) or `kt zookeeper-shell`.
fn program_name() -> String {
    let argv0 = std::env::args().next().unwrap_or_default();
    let base = std::path::Path::new(&argv0)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("kt");
    if base.starts_with("zookeeper-shell") {
        argv0
    } else {
        "kt zookeeper-shell".to_string()
    }
}

/// Reads the TLS properties file as Kafka does, and refuses TLS, which kt's client lacks.
fn check_tls_file(file: &std::path::Path) -> anyhow::Result<()> {
    let props = kt_base::config::load_properties_file(file)?;
    let enabled = props
        .get("zookeeper.ssl.client.enable")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if enabled {
        anyhow::bail!(
            "kt zookeeper-shell cannot connect with TLS yet ({} sets zookeeper.ssl.client.enable=true)",
            file.display()
        );
    }
    Ok(())
}

/// The interactive prompt: `[zk: localhost:2181(CONNECTED) 0] `, history in memory, Tab
/// completes command names and znode paths. Ctrl-D ends it with the last command's exit code.
fn prompt_loop(shell: &mut Shell) -> i32 {
    let mut editor: Editor<PathCompleter, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot read the terminal: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(PathCompleter {
        lister: shell.child_lister(),
    }));
    loop {
        match editor.readline(&shell.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                if shell.execute_line(&line) == Flow::Quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(_) => break,
        }
    }
    shell.exit_code()
}

/// Tab completion as ZooKeeper's JLine completer: the first word completes to a command name,
/// later words to the children of the path typed so far.
struct PathCompleter {
    lister: ChildLister,
}

impl PathCompleter {
    fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let before = &line[..pos];
        let start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &before[start..];
        let first_word = before[..start].trim().is_empty();
        let pairs = if first_word {
            zk_shell::COMMAND_NAMES
                .iter()
                .filter(|c| c.starts_with(word))
                .map(|c| Pair {
                    display: c.to_string(),
                    replacement: format!("{c} "),
                })
                .collect()
        } else if word.starts_with('/') {
            let cut = word.rfind('/').unwrap_or(0);
            let (dir, prefix) = (&word[..cut.max(1)], &word[cut + 1..]);
            let base = if dir == "/" { "" } else { dir };
            self.lister
                .children(dir)
                .into_iter()
                .filter(|c| c.starts_with(prefix))
                .map(|c| Pair {
                    display: c.clone(),
                    replacement: format!("{base}/{c}"),
                })
                .collect()
        } else {
            Vec::new()
        };
        (start, pairs)
    }
}

impl Completer for PathCompleter {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(line, pos))
    }
}

impl Hinter for PathCompleter {
    type Hint = String;
}

impl Highlighter for PathCompleter {}

impl Validator for PathCompleter {}

impl Helper for PathCompleter {}
