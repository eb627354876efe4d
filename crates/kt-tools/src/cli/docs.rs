//! `kt completions SHELL` and `kt man DIR` (kt, hidden): shell completions and man pages
//! generated from the same clap definitions as `--help`, so no flag is documented twice. The
//! checked-in `completions/` and `man/` are their output, and a test fails when they are stale.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Print a shell completion script on stdout (kt).
///
/// Example: kt completions bash > ~/.local/share/bash-completion/completions/kt
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt completions bash > ~/.local/share/bash-completion/completions/kt"
)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Write kt.1 and one man page per subcommand into a directory (kt).
///
/// Example: kt man /usr/local/share/man/man1
#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  kt man /usr/local/share/man/man1")]
pub struct ManArgs {
    /// Where to write the pages (created if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Prints the completion script; returns the exit code.
pub fn completions(args: CompletionsArgs) -> i32 {
    let mut cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "kt", &mut out);
    match out.flush() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write the completion script: {e}");
            1
        }
    }
}

/// Writes the man pages; returns the exit code.
pub fn man(args: ManArgs) -> i32 {
    match write_man_pages(&args.dir) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// `kt.1` for the whole tool, `kt-SUBCOMMAND.1` for each visible subcommand.
pub fn write_man_pages(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut cmd = super::Cli::command();
    // Building propagates the global flags (-v) into every subcommand's page.
    cmd.build();
    write_page(dir, "kt", cmd.clone())?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("kt-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .version(cmd.get_version().unwrap_or_default().to_string());
        write_page(dir, &name, page)?;
    }
    Ok(())
}

fn write_page(dir: &Path, name: &str, cmd: clap::Command) -> anyhow::Result<()> {
    let path = dir.join(format!("{name}.1"));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .with_context(|| format!("cannot render {name}.1"))?;
    std::fs::write(&path, buf).with_context(|| format!("cannot write {}", path.display()))
}
