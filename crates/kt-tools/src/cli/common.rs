//! Flag groups and parsing helpers shared by several tools.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::admin::ConnectOptions;

/// How the admin tools (`topics`, `get-offsets`) reach a cluster.
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// A file of client properties (Kafka's .properties format) for the admin client, such as
    /// security settings.
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
    /// (kt) Work on a kt broker's data directory in-process instead of connecting to a
    /// cluster. For a broker with several log.dirs, give them all, comma-separated, as in
    /// log.dirs.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl ConnectArgs {
    /// The connection options these flags describe, with the properties file read.
    pub fn options(&self) -> anyhow::Result<ConnectOptions> {
        let properties = match &self.command_config {
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        Ok(ConnectOptions {
            bootstrap_servers: self.bootstrap_server.clone(),
            data_dir: self.data_dir.clone(),
            properties,
        })
    }
}

/// Reads a Java `.properties` file into key/value pairs, sorted by key.
pub fn load_properties(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    Ok(kt_base::config::load_properties_file(path)?
        .into_iter()
        .collect())
}

/// Splits a `key=value` flag argument at its first `=`. A bare `key` gets an empty value.
pub fn parse_key_value(arg: &str) -> anyhow::Result<(String, String)> {
    let (k, v) = arg.split_once('=').unwrap_or((arg, ""));
    let k = k.trim();
    if k.is_empty() {
        anyhow::bail!("Invalid command line properties: '{arg}' is not of the form key=value");
    }
    Ok((k.to_string(), v.to_string()))
}

/// Parses every `key=value` of a repeatable flag.
pub fn parse_key_values(args: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    args.iter().map(|a| parse_key_value(a)).collect()
}

/// The Java clients' check of a numeric config's lower bound (ConfigDef's `atLeast`), in its
/// words: the Kafka tools pass some flags (`--batch-size`, `--fetch-size`, ...) straight into
/// client configs, and a negative value fails there.
pub fn check_at_least(config: &str, value: i64, min: i64) -> anyhow::Result<()> {
    if value < min {
        anyhow::bail!(
            "Invalid value {value} for configuration {config}: Value must be at least {min}"
        );
    }
    Ok(())
}

/// A `--topic`-style pattern as Kafka treats it for list/describe/delete: a Java regex that
/// must match the whole name, with `,` meaning `|`.
pub fn topic_pattern(pattern: &str) -> anyhow::Result<regex::Regex> {
    let cleaned = pattern.trim().trim_matches(|c| c == '"' || c == '\'');
    let alternation = cleaned.replace(',', "|");
    regex::Regex::new(&format!("^(?:{alternation})$"))
        .with_context(|| format!("invalid topic pattern '{pattern}'"))
}

/// (kt) Asks a yes/no question before a destructive operation when a person is at a terminal
/// (stdin and stderr both TTYs); answers yes without asking in a pipe or a script.
pub fn confirm(question: &str) -> bool {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return true;
    }
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_splits_at_first_equals() {
        assert_eq!(
            parse_key_value("a.b=c=d").unwrap(),
            ("a.b".to_string(), "c=d".to_string())
        );
        assert_eq!(
            parse_key_value("flag").unwrap(),
            ("flag".to_string(), String::new())
        );
        assert!(parse_key_value("=x").is_err());
    }

    #[test]
    fn topic_pattern_matches_whole_names() {
        let re = topic_pattern("my-.*").unwrap();
        assert!(re.is_match("my-topic"));
        assert!(!re.is_match("xmy-topic"));
        let re = topic_pattern("a,b").unwrap();
        assert!(re.is_match("a") && re.is_match("b") && !re.is_match("ab"));
    }
}
