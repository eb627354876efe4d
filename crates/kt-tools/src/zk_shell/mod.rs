//! The work of `kt zookeeper-shell` (Kafka's zookeeper-shell.sh, which runs ZooKeeper 3.8's
//! own `zkCli`): ZooKeeper's CLI commands with ZooKeeper's words, output and exit codes, over
//! the `zookeeper-client` crate. This is a ZooKeeper *client*; kt's ZooKeeper *server* is
//! [`kt_zookeeper`].
//!
//! A line flows: [`words`] (split as zkCli splits, quotes kept together) → [`command`] (the
//! command table and each command's options, parsed as Apache Commons CLI does for zkCli) →
//! [`shell`] (runs it against the session, keeps history and the exit code) → [`format`]
//! (stat lines, dates, ACL lines, watch events in ZooKeeper's text). [`cli::zookeeper_shell`]
//! parses the process arguments and owns the terminal.
//!
//! [`cli::zookeeper_shell`]: crate::cli::zookeeper_shell

pub mod acl;
pub mod command;
pub mod error;
pub mod format;
pub mod options;
pub mod path;
pub mod shell;
pub mod words;

pub use command::{usage, Command, COMMAND_NAMES};
pub use error::CliError;
pub use shell::Shell;
