//! `kt metadata-shell`: kafka-metadata-shell.sh. Loads the metadata image of a KRaft log
//! (a snapshot, a `.log` segment, or with `--directory` a whole `__cluster_metadata-0`
//! directory), then runs the command given on the command line, or an interactive shell;
//! see [`crate::metadata_shell`].

use std::path::PathBuf;

use clap::Args;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::metadata_shell::{split_line, tree, Outcome, Shell, COMMANDS};

/// Flags of `kt metadata-shell`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "The Apache Kafka metadata shell",
    after_help = "Commands: ls [PATH...], cat PATH..., tree PATH..., find [PATH...]; in the \
                  interactive shell also cd, pwd, history [N], help, man CMD, exit. Paths may \
                  hold globs (*, ?, {a,b}). The image is laid out as Kafka 3.9's: \
                  /image/{acls,clientQuotas,cluster,configs,delegationToken,features,\
                  producerIds,provenance,scram,topics} and /local/{version,commitId}.\n\n\
                  A KRaft node of kt records its topics, partitions, configs and broker \
                  registration in __cluster_metadata-0/00000000000000000000.log as Kafka's \
                  controller would. An unknown command exits 1 (Kafka prints its message and \
                  exits 0).\n\n\
                  Examples:\n  \
                  kt metadata-shell --snapshot /tmp/kraft-combined-logs/__cluster_metadata-0/00000000000000000000.log ls /image/topics/byName\n  \
                  kt metadata-shell --directory /tmp/kraft-combined-logs/__cluster_metadata-0 cat /image/topics/byName/orders/0\n  \
                  kafka-metadata-shell.sh -s snapshot.checkpoint   # interactive"
)]
pub struct MetadataShellArgs {
    /// The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment).
    #[arg(long, short = 's', value_name = "SNAPSHOT")]
    pub snapshot: Option<PathBuf>,
    /// (kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every
    /// segment after it.
    #[arg(long, value_name = "DIR", conflicts_with = "snapshot")]
    pub directory: Option<PathBuf>,
    /// The command to run.
    #[arg(
        value_name = "command",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<String>,
}

/// Runs `kt metadata-shell` and returns the exit code.
pub fn run(args: MetadataShellArgs) -> i32 {
    let loaded = match (&args.snapshot, &args.directory) {
        (Some(file), _) => {
            if !file.is_file() {
                eprintln!(
                    "Error: the snapshot file {} does not exist or is not a file",
                    file.display()
                );
                return 1;
            }
            kt_storage::kraft::load_metadata_file(file)
        }
        (None, Some(dir)) => {
            if !dir.is_dir() {
                eprintln!(
                    "Error: the metadata log directory {} does not exist",
                    dir.display()
                );
                return 1;
            }
            kt_storage::kraft::load_metadata_dir(dir).map(|(image, _)| image)
        }
        (None, None) => {
            eprintln!(
                "Unexpected error: You must specify either a raft manager or a snapshot file \
                 reader."
            );
            return 1;
        }
    };
    let image = match loaded {
        Ok(image) => image,
        Err(e) => {
            eprintln!("Unexpected error: {e}");
            return 1;
        }
    };
    let root = tree::root(&image);
    if !args.command.is_empty() {
        let mut shell = Shell::new(root, false);
        return match shell.run(&args.command) {
            Outcome::Done(text) => {
                print!("{text}");
                0
            }
            Outcome::Invalid(message) => {
                eprintln!("{message}");
                1
            }
            Outcome::Exit => 0,
        };
    }
    println!("Loading...");
    println!("Starting...");
    let mut shell = Shell::new(root, true);
    shell.screen_width = Some(terminal_width());
    interactive(shell)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}

/// The prompt loop: `[ Kafka Metadata Shell ]`, then `>> ` per command; Tab completes
/// command names and paths; Ctrl-D or `exit` ends it.
fn interactive(shell: Shell) -> i32 {
    let mut editor: Editor<ShellHelper, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot read the terminal: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(ShellHelper { shell }));
    println!("[ Kafka Metadata Shell ]");
    loop {
        match editor.readline(">> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                let Some(helper) = editor.helper_mut() else {
                    return 1;
                };
                match helper.shell.run(&split_line(&line)) {
                    Outcome::Done(text) => print!("{text}"),
                    Outcome::Invalid(message) => println!("{message}"),
                    Outcome::Exit => return 0,
                }
            }
            Err(ReadlineError::Interrupted) => println!("^C"),
            Err(_) => return 0,
        }
    }
}

/// Completion as Kafka's JLine completer: the first word to a command, later words to paths.
struct ShellHelper {
    shell: Shell,
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &before[start..];
        if before[..start].trim().is_empty() {
            let pairs = COMMANDS
                .iter()
                .filter(|(c, _, _)| c.starts_with(word))
                .map(|(c, _, _)| Pair {
                    display: c.to_string(),
                    replacement: format!("{c} "),
                })
                .collect();
            return Ok((start, pairs));
        }
        let cut = word.rfind('/').map_or(0, |i| i + 1);
        let (dir, prefix) = word.split_at(cut);
        let lookup = if dir.is_empty() { "." } else { dir };
        let pairs = self
            .shell
            .children_of(lookup)
            .into_iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(name, is_dir)| Pair {
                display: name.clone(),
                replacement: format!("{dir}{name}{}", if is_dir { "/" } else { "" }),
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}
