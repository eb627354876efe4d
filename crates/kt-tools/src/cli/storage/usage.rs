//! kafka-storage's usage errors as argparse4j prints them (StorageTool parses with it, not
//! with joptsimple like the other tools): the subcommand's usage, then
//! `kafka-storage: error: MESSAGE`, exit code 1.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// argparse4j's usage of `kafka-storage format`, as Kafka 3.9 prints it.
const FORMAT_USAGE: &str = "\
usage: kafka-storage format [-h] --config CONFIG --cluster-id CLUSTER_ID
                     [--add-scram ADD_SCRAM] [--ignore-formatted]
                     [--release-version RELEASE_VERSION]
                     [--feature FEATURE] [--standalone |
                     --no-initial-controllers |
                     --initial-controllers INITIAL_CONTROLLERS]";
const INFO_USAGE: &str = "usage: kafka-storage info [-h] --config CONFIG";
const RANDOM_UUID_USAGE: &str = "usage: kafka-storage random-uuid [-h]";
const TOOL_USAGE: &str = "usage: kafka-storage [-h] {info,format,random-uuid} ...";

/// Prints a parse error of `kt storage ...` (`args` as given, the program first) and returns
/// the exit code.
pub fn render_parse_error(e: &clap::Error, args: &[OsString]) -> i32 {
    let sub = args
        .iter()
        .skip(2)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'));
    let usage = match sub {
        Some("format") => FORMAT_USAGE,
        Some("info") => INFO_USAGE,
        Some("random-uuid") => RANDOM_UUID_USAGE,
        _ => TOOL_USAGE,
    };
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let flag = arg
        .as_deref()
        .map(|a| a.split([' ', '=']).next().unwrap_or(a).to_string());
    let message = match (e.kind(), flag.as_deref()) {
        (ErrorKind::MissingRequiredArgument, Some("--cluster-id")) => {
            "argument --cluster-id/-t is required".to_string()
        }
        (ErrorKind::MissingRequiredArgument, Some("--config")) => {
            "argument --config/-c is required".to_string()
        }
        (ErrorKind::UnknownArgument, Some(f)) => format!("unrecognized arguments: '{f}'"),
        (ErrorKind::InvalidSubcommand, Some(f)) => {
            format!("invalid choice: '{f}' (choose from 'info', 'format', 'random-uuid')")
        }
        (ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand, _) => {
            "too few arguments".to_string()
        }
        (ErrorKind::ArgumentConflict, Some(f)) => {
            let prior = match e.get(ContextKind::PriorArg) {
                Some(ContextValue::String(s)) => s.clone(),
                Some(ContextValue::Strings(v)) => v.first().cloned().unwrap_or_default(),
                _ => String::new(),
            };
            let prior = prior
                .split([' ', '='])
                .next()
                .unwrap_or_default()
                .to_string();
            format!(
                "argument {}: not allowed with argument {}",
                with_short(f),
                with_short(&prior)
            )
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            first.trim_start_matches("error: ").to_string()
        }
    };
    eprintln!("{usage}");
    eprintln!("kafka-storage: error: {message}");
    1
}

/// A flag as argparse4j names it in errors: `--standalone/-s`.
fn with_short(flag: &str) -> String {
    let short = match flag {
        "--standalone" => "-s",
        "--no-initial-controllers" => "-N",
        "--initial-controllers" => "-I",
        "--cluster-id" => "-t",
        "--config" => "-c",
        _ => return flag.to_string(),
    };
    format!("{flag}/{short}")
}
