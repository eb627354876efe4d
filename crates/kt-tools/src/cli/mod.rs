//! The `kt` command line: one subcommand per Kafka shell tool, with Kafka's flags.
//!
//! Parsing uses clap derive, but errors are rendered the way Kafka's tools print them (one line,
//! exit code 1, see [`usage`]), because scripts written for `kafka-*.sh` check for exactly that.
//!
//! The rule for this module and the ones below it: `cli` parses flags, calls the work and
//! prints. The work lives below it: [`crate::admin`] (admin operations and what
//! kafka-consumer-groups computes from them), [`crate::console`] (the console producer and
//! consumer, and how a record is printed) and [`crate::perf`] (the perf tools' loops). Nothing
//! below `cli` imports from it.

pub mod acls;
pub mod broker_api_versions;
pub mod certs;
pub mod client_metrics;
pub mod cluster;
pub mod common;
pub mod configs;
pub mod connect_mirror_maker;
pub mod connect_standalone;
pub mod console_consumer;
pub mod console_producer;
pub mod consumer_groups;
// fork, setsid and kill(2).
#[allow(unsafe_code)]
pub mod daemon;
pub mod delegation_tokens;
pub mod delete_records;
pub mod docs;
pub mod dump_log;
pub mod e2e_latency;
pub mod features;
pub mod get_offsets;
pub mod jmx;
pub mod leader_election;
pub mod log_dirs;
pub mod metadata_quorum;
pub mod metadata_shell;
pub mod mirror_maker;
pub mod output;
pub mod perf;
pub mod reassign_partitions;
pub mod replica_verification;
pub mod server_processes;
pub mod server_start;
pub mod storage;
pub mod streams_application_reset;
pub mod topics;
pub mod transactions;
pub mod usage;
pub mod verifiable_consumer;
pub mod verifiable_producer;
pub mod wait_ready;
pub mod zookeeper_shell;
pub mod zookeeper_start;

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};

use usage::UsageError;

/// Apache Kafka's command-line tools in one binary.
#[derive(Debug, Parser)]
#[command(
    name = "kt",
    version,
    about,
    propagate_version = true,
    after_help = "Example:\n  kt topics --list --bootstrap-server localhost:9092\n\nEach tool also runs as its Kafka name (kafka-topics.sh, ...) through a link to kt."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// (kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The tools. Each also answers to its Kafka script name (`kafka-topics.sh`, ...), and `kt`
/// invoked through a link with such a name runs that tool. Long flags may be abbreviated to any
/// unambiguous prefix, as Kafka's option parser allows (`--bootstrap` for `--bootstrap-server`).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list, describe, alter and delete topics (kafka-topics.sh).
    #[command(
        visible_alias = "kafka-topics",
        alias = "kafka-topics.sh",
        infer_long_args = true
    )]
    Topics(topics::TopicsArgs),
    /// Send lines of standard input to a topic (kafka-console-producer.sh).
    #[command(
        visible_alias = "kafka-console-producer",
        alias = "kafka-console-producer.sh",
        infer_long_args = true
    )]
    ConsoleProducer(console_producer::ConsoleProducerArgs),
    /// Print records of topics to standard output (kafka-console-consumer.sh).
    #[command(
        visible_alias = "kafka-console-consumer",
        alias = "kafka-console-consumer.sh",
        infer_long_args = true
    )]
    ConsoleConsumer(console_consumer::ConsoleConsumerArgs),
    /// Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh).
    #[command(
        visible_alias = "kafka-get-offsets",
        alias = "kafka-get-offsets.sh",
        infer_long_args = true
    )]
    GetOffsets(get_offsets::GetOffsetsArgs),
    /// List, describe and delete consumer groups, reset and delete their offsets
    /// (kafka-consumer-groups.sh).
    #[command(
        visible_alias = "kafka-consumer-groups",
        alias = "kafka-consumer-groups.sh",
        infer_long_args = true
    )]
    ConsumerGroups(consumer_groups::ConsumerGroupsArgs),
    /// Start a Kafka-compatible broker (kafka-server-start.sh).
    #[command(visible_alias = "kafka-server-start", alias = "kafka-server-start.sh")]
    ServerStart(server_start::ServerStartArgs),
    /// Describe and change topic and broker configs (kafka-configs.sh).
    #[command(
        visible_alias = "kafka-configs",
        alias = "kafka-configs.sh",
        infer_long_args = true
    )]
    Configs(configs::ConfigsArgs),
    /// Measure producer throughput and latency (kafka-producer-perf-test.sh).
    #[command(
        visible_alias = "kafka-producer-perf-test",
        alias = "kafka-producer-perf-test.sh",
        infer_long_args = true
    )]
    ProducerPerfTest(perf::ProducerPerfArgs),
    /// Measure consumer throughput (kafka-consumer-perf-test.sh).
    #[command(
        visible_alias = "kafka-consumer-perf-test",
        alias = "kafka-consumer-perf-test.sh",
        infer_long_args = true
    )]
    ConsumerPerfTest(perf::ConsumerPerfArgs),
    /// Print the batches and records of log segment files (kafka-dump-log.sh).
    #[command(
        visible_alias = "kafka-dump-log",
        alias = "kafka-dump-log.sh",
        infer_long_args = true
    )]
    DumpLog(dump_log::DumpLogArgs),
    /// Describe each broker's log directories: their errors and the size of every partition
    /// log in them (kafka-log-dirs.sh).
    #[command(
        visible_alias = "kafka-log-dirs",
        alias = "kafka-log-dirs.sh",
        infer_long_args = true
    )]
    LogDirs(log_dirs::LogDirsArgs),
    /// Elect the preferred replica, or any live replica (unclean), as partition leaders
    /// (kafka-leader-election.sh).
    #[command(
        visible_alias = "kafka-leader-election",
        alias = "kafka-leader-election.sh",
        infer_long_args = true
    )]
    LeaderElection(leader_election::LeaderElectionArgs),
    /// Move partition replicas between brokers: generate, execute, verify, cancel and list
    /// reassignments (kafka-reassign-partitions.sh).
    #[command(
        visible_alias = "kafka-reassign-partitions",
        alias = "kafka-reassign-partitions.sh",
        infer_long_args = true
    )]
    ReassignPartitions(reassign_partitions::ReassignPartitionsArgs),
    /// Add, remove and list ACLs (kafka-acls.sh).
    #[command(
        visible_alias = "kafka-acls",
        alias = "kafka-acls.sh",
        infer_long_args = true
    )]
    Acls(acls::AclsArgs),
    /// Stop the running brokers (kafka-server-stop.sh).
    #[command(visible_alias = "kafka-server-stop", alias = "kafka-server-stop.sh")]
    ServerStop(daemon::ServerStopArgs),
    /// Stop the running ZooKeeper servers (zookeeper-server-stop.sh).
    #[command(
        visible_alias = "zookeeper-server-stop",
        alias = "zookeeper-server-stop.sh"
    )]
    ZookeeperStop(daemon::ZookeeperStopArgs),
    /// Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt).
    WaitReady(wait_ready::WaitReadyArgs),
    /// Make a test CA with broker and client certificates as PEM files for SSL listeners (kt).
    Certs(certs::CertsArgs),
    /// Print a shell completion script (kt).
    #[command(hide = true)]
    Completions(docs::CompletionsArgs),
    /// Write man pages into a directory (kt).
    #[command(hide = true)]
    Man(docs::ManArgs),
    /// Start a standalone ZooKeeper server (zookeeper-server-start.sh).
    #[command(
        visible_alias = "zookeeper-server-start",
        alias = "zookeeper-server-start.sh"
    )]
    ZookeeperStart(zookeeper_start::ZookeeperStartArgs),
    /// Format and inspect a KRaft node's directories, print a cluster id (kafka-storage.sh).
    #[command(visible_alias = "kafka-storage", alias = "kafka-storage.sh")]
    Storage(storage::StorageArgs),
    /// Run ZooKeeper's CLI commands (ls, get, create, ...) against ZooKeeper
    /// (zookeeper-shell.sh).
    #[command(alias = "zookeeper-shell.sh")]
    ZookeeperShell(zookeeper_shell::ZookeeperShellArgs),
    /// Print every broker's API version ranges (kafka-broker-api-versions.sh).
    #[command(
        visible_alias = "kafka-broker-api-versions",
        alias = "kafka-broker-api-versions.sh",
        infer_long_args = true
    )]
    BrokerApiVersions(broker_api_versions::BrokerApiVersionsArgs),
    /// Delete the records of partitions below given offsets (kafka-delete-records.sh).
    #[command(
        visible_alias = "kafka-delete-records",
        alias = "kafka-delete-records.sh",
        infer_long_args = true
    )]
    DeleteRecords(delete_records::DeleteRecordsArgs),
    /// Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh).
    #[command(
        visible_alias = "kafka-delegation-tokens",
        alias = "kafka-delegation-tokens.sh",
        infer_long_args = true
    )]
    DelegationTokens(delegation_tokens::DelegationTokensArgs),
    /// Measure the end-to-end latency of single records, produce to consume
    /// (kafka-e2e-latency.sh).
    #[command(
        visible_alias = "kafka-e2e-latency",
        alias = "kafka-e2e-latency.sh",
        infer_long_args = true
    )]
    E2eLatency(e2e_latency::E2eLatencyArgs),
    /// List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh).
    #[command(
        visible_alias = "kafka-client-metrics",
        alias = "kafka-client-metrics.sh",
        infer_long_args = true
    )]
    ClientMetrics(client_metrics::ClientMetricsArgs),
    /// Print a broker's metrics at an interval, by their JMX names (kafka-jmx.sh).
    #[command(
        visible_alias = "kafka-jmx",
        alias = "kafka-jmx.sh",
        infer_long_args = true
    )]
    Jmx(jmx::JmxArgs),
    /// Produce increasing integers and print each acknowledgement as a JSON line
    /// (kafka-verifiable-producer.sh).
    #[command(
        visible_alias = "kafka-verifiable-producer",
        alias = "kafka-verifiable-producer.sh",
        infer_long_args = true
    )]
    VerifiableProducer(verifiable_producer::VerifiableProducerArgs),
    /// Consume a topic in a group and print rebalances, records and commits as JSON lines
    /// (kafka-verifiable-consumer.sh).
    #[command(
        visible_alias = "kafka-verifiable-consumer",
        alias = "kafka-verifiable-consumer.sh",
        infer_long_args = true
    )]
    VerifiableConsumer(verifiable_consumer::VerifiableConsumerArgs),
    /// Check that every replica of topics holds the same records (kafka-replica-verification.sh).
    #[command(
        visible_alias = "kafka-replica-verification",
        alias = "kafka-replica-verification.sh",
        infer_long_args = true
    )]
    ReplicaVerification(replica_verification::ReplicaVerificationArgs),
    /// Copy topics from one cluster to another (kafka-mirror-maker.sh).
    #[command(
        visible_alias = "kafka-mirror-maker",
        alias = "kafka-mirror-maker.sh",
        infer_long_args = true
    )]
    MirrorMaker(mirror_maker::MirrorMakerArgs),
    /// Run MirrorMaker 2's replication flows between clusters (connect-mirror-maker.sh).
    #[command(alias = "connect-mirror-maker.sh")]
    ConnectMirrorMaker(connect_mirror_maker::ConnectMirrorMakerArgs),
    /// Run Kafka Connect's standalone worker with the file connectors
    /// (connect-standalone.sh).
    #[command(alias = "connect-standalone.sh")]
    ConnectStandalone(connect_standalone::ConnectStandaloneArgs),
    /// Print the cluster's id, unregister a broker (kafka-cluster.sh).
    #[command(visible_alias = "kafka-cluster", alias = "kafka-cluster.sh")]
    Cluster(cluster::ClusterArgs),
    /// Reset a Kafka Streams application's offsets and delete its internal topics
    /// (kafka-streams-application-reset.sh).
    #[command(
        visible_alias = "kafka-streams-application-reset",
        alias = "kafka-streams-application-reset.sh",
        infer_long_args = true
    )]
    StreamsApplicationReset(streams_application_reset::StreamsResetArgs),
    /// Describe, upgrade, downgrade and disable feature flags (kafka-features.sh).
    #[command(visible_alias = "kafka-features", alias = "kafka-features.sh")]
    Features(features::FeaturesArgs),
    /// Describe the KRaft metadata quorum (kafka-metadata-quorum.sh).
    #[command(
        visible_alias = "kafka-metadata-quorum",
        alias = "kafka-metadata-quorum.sh"
    )]
    MetadataQuorum(metadata_quorum::MetadataQuorumArgs),
    /// Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh).
    #[command(
        visible_alias = "kafka-metadata-shell",
        alias = "kafka-metadata-shell.sh"
    )]
    MetadataShell(metadata_shell::MetadataShellArgs),
    /// List, describe and abort transactions, describe partitions' producers and find
    /// hanging transactions (kafka-transactions.sh).
    #[command(
        visible_alias = "kafka-transactions",
        alias = "kafka-transactions.sh",
        infer_long_args = true
    )]
    Transactions(transactions::TransactionsArgs),
}

/// Subcommands of kt's own, without a Kafka script to mimic: their usage errors are clap's
/// (`error: ...`, usage, exit code 2) rather than Kafka's one line and exit code 1.
const KT_ONLY: &[&str] = &["wait-ready", "completions", "man", "certs"];

/// The subcommand that a link to `kt` named `program` runs: the one whose Kafka script name
/// (one of its aliases, such as `kafka-topics` or `kafka-topics.sh`) it is. The aliases on
/// [`Command`] are the only list of these names. Where kt's own name is Kafka's
/// (`zookeeper-shell`, `connect-standalone`), only the `.sh` alias is listed (clap refuses
/// an alias equal to the name), and the bare name is that alias without `.sh`.
pub fn tool_for_link(program: &str) -> Option<String> {
    let cmd = Cli::command();
    let name = cmd
        .get_subcommands()
        .find(|s| {
            s.get_all_aliases()
                .any(|a| a == program || a.strip_suffix(".sh") == Some(program))
        })
        .map(|s| s.get_name().to_string());
    name
}

/// Parses the process arguments, or prints the error as Kafka would and exits (code 1; 0 for
/// `--help`/`--version`).
pub fn parse_or_exit() -> Cli {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if let Some(cli) = parse_zookeeper_start(&args) {
        return cli;
    }
    if let Some(tool) = args
        .first()
        .and_then(|a0| std::path::Path::new(a0).file_name())
        .and_then(|n| n.to_str())
        .and_then(tool_for_link)
    {
        args.insert(1, tool.into());
    }
    // Kafka's single-dash `-daemon` of kafka-server-start.sh.
    if matches!(
        subcommand_name(&args).as_deref(),
        Some("server-start" | "zookeeper-start")
    ) {
        for a in args.iter_mut().skip(2) {
            if a == "-daemon" {
                *a = "--daemon".into();
            }
        }
    }
    // Kafka's single-dash `-zk-tls-config-file` of zookeeper-shell.sh.
    if subcommand_name(&args).as_deref() == Some("zookeeper-shell") {
        for a in args.iter_mut().skip(2) {
            if a == "-zk-tls-config-file" {
                *a = "--zk-tls-config-file".into();
            }
        }
    }
    match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => std::process::exit(render_parse_error(&e, &args)),
    }
}

/// The names `kt zookeeper-start` answers to: its own, then its aliases (also link names).
const ZOOKEEPER_START: [&str; 3] = [
    "zookeeper-start",
    "zookeeper-server-start",
    "zookeeper-server-start.sh",
];

/// `kt zookeeper-start [-daemon] [-v] [CONFIG]` parsed against its own arguments only. Why:
/// building the command tree of every tool (which the full parse does up to four times) touches
/// ~2 MiB of code and heap that a long-running ZooKeeper server then keeps resident, a quarter
/// of issue 16's idle RSS budget (8 MiB). `None` for any other command line, and for one this
/// parse refuses (`--help`, `--version`, a bad flag): the full parser then answers as always.
fn parse_zookeeper_start(args: &[OsString]) -> Option<Cli> {
    use clap::{Args, FromArgMatches};
    let linked = args
        .first()
        .and_then(|a0| std::path::Path::new(a0).file_name())
        .and_then(|n| n.to_str())
        .is_some_and(|n| ZOOKEEPER_START[1..].contains(&n));
    let named = || {
        args.get(1)
            .and_then(|a| a.to_str())
            .is_some_and(|w| ZOOKEEPER_START.contains(&w))
    };
    let rest = match () {
        _ if linked => &args[1..],
        _ if named() => &args[2..],
        _ => return None,
    };
    // Kafka's single-dash `-daemon`, as below.
    let rest = rest.iter().map(|a| match a.to_str() {
        Some("-daemon") => OsString::from("--daemon"),
        _ => a.clone(),
    });
    let command = clap::Command::new("zookeeper-start")
        .no_binary_name(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(clap::ArgAction::SetTrue),
        );
    let matches = zookeeper_start::ZookeeperStartArgs::augment_args(command)
        .try_get_matches_from(rest)
        .ok()?;
    Some(Cli {
        command: Command::ZookeeperStart(
            zookeeper_start::ZookeeperStartArgs::from_arg_matches(&matches).ok()?,
        ),
        verbose: matches.get_flag("verbose"),
    })
}

/// Which subcommand the arguments name (its canonical name), for error rendering.
fn subcommand_name(args: &[OsString]) -> Option<String> {
    let word = args.get(1)?.to_str()?;
    let cmd = Cli::command();
    let name = cmd
        .get_subcommands()
        .find(|s| s.get_name() == word || s.get_all_aliases().any(|a| a == word))
        .map(|s| s.get_name().to_string());
    name
}

/// Prints a parse error in Kafka's words and returns the exit code.
fn render_parse_error(e: &clap::Error, args: &[OsString]) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        // StorageTool parses with argparse4j, whose errors read differently.
        _ if subcommand_name(args).as_deref() == Some("storage") => {
            return storage::render_parse_error(e, args);
        }
        // So does TransactionsCommand's.
        _ if subcommand_name(args).as_deref() == Some("transactions") => {
            return transactions::render_parse_error(e, args);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return 1;
        }
        _ => {}
    }
    if let Some(name) = subcommand_name(args) {
        if KT_ONLY.contains(&name.as_str()) {
            let _ = e.print();
            return 2;
        }
    }
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let value = match e.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    // The option's name as Kafka says it: without dashes and value placeholder.
    let option = arg.as_deref().map(|a| {
        a.split([' ', '='])
            .next()
            .unwrap_or(a)
            .trim_start_matches('-')
            .to_string()
    });
    let message = match (e.kind(), option, value) {
        (ErrorKind::UnknownArgument, Some(o), _) => format!("{o} is not a recognized option"),
        (ErrorKind::InvalidValue, Some(o), Some(v)) if v.is_empty() => {
            format!("Option {o} requires an argument")
        }
        (ErrorKind::ValueValidation | ErrorKind::InvalidValue, Some(o), Some(v)) => {
            format!("Cannot parse argument '{v}' of option {o}")
        }
        _ => {
            // clap's own first line, without its `error: ` prefix and styling.
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            first.trim_start_matches("error: ").to_string()
        }
    };
    let tool = subcommand_name(args);
    let error = match tool.as_deref() {
        // kafka-topics prints no usage after a bad flag; the other tools do.
        Some("topics") | None => UsageError::alone(message),
        Some(_) => UsageError::new(message),
    };
    error.report(tool.as_deref().unwrap_or_default())
}

/// A short usage note on stderr for a subcommand (Kafka prints its full option table).
pub fn print_short_usage(subcommand: &str) {
    let mut cmd = Cli::command();
    if let Some(sub) = cmd.find_subcommand_mut(subcommand) {
        let usage = sub.render_usage().to_string();
        let usage = usage.replacen("Usage: ", &format!("Usage: kt {subcommand} "), 1);
        let usage = usage.replacen(
            &format!("kt {subcommand} {subcommand}"),
            &format!("kt {subcommand}"),
            1,
        );
        eprintln!("{usage}");
        eprintln!("Run 'kt {subcommand} --help' for the list of options.");
    }
}

/// Runs a parsed command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    if cli.verbose {
        kt_base::logging::init_with_default("debug");
    } else if std::env::var_os("RUST_LOG").is_some() || std::env::var_os("KT_LOG").is_some() {
        kt_base::logging::init();
    }
    match cli.command {
        Command::Topics(args) => topics::run(args),
        Command::ConsoleProducer(args) => console_producer::run(args),
        Command::ConsoleConsumer(args) => console_consumer::run(args),
        Command::GetOffsets(args) => get_offsets::run(args),
        Command::ConsumerGroups(args) => consumer_groups::run(args),
        Command::ServerStart(args) => server_start::run(args),
        Command::Configs(args) => configs::run(args),
        Command::ProducerPerfTest(args) => perf::producer(args),
        Command::ConsumerPerfTest(args) => perf::consumer(args),
        Command::DumpLog(args) => dump_log::run(args),
        Command::LogDirs(args) => log_dirs::run(args),
        Command::LeaderElection(args) => leader_election::run(args),
        Command::ReassignPartitions(args) => reassign_partitions::run(args),
        Command::Acls(args) => acls::run(args),
        Command::ServerStop(args) => daemon::server_stop(args),
        Command::ZookeeperStop(args) => daemon::zookeeper_stop(args),
        Command::WaitReady(args) => wait_ready::run(args),
        Command::Certs(args) => certs::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man(args) => docs::man(args),
        Command::ZookeeperStart(args) => zookeeper_start::run(args),
        Command::ZookeeperShell(args) => zookeeper_shell::run(args),
        Command::Storage(args) => storage::run(args),
        Command::BrokerApiVersions(args) => broker_api_versions::run(args),
        Command::DeleteRecords(args) => delete_records::run(args),
        Command::DelegationTokens(args) => delegation_tokens::run(args),
        Command::E2eLatency(args) => e2e_latency::run(args),
        Command::Jmx(args) => jmx::run(args),
        Command::ClientMetrics(args) => client_metrics::run(args),
        Command::VerifiableProducer(args) => verifiable_producer::run(args),
        Command::VerifiableConsumer(args) => verifiable_consumer::run(args),
        Command::ReplicaVerification(args) => replica_verification::run(args),
        Command::MirrorMaker(args) => mirror_maker::run(args),
        Command::ConnectMirrorMaker(args) => connect_mirror_maker::run(args),
        Command::ConnectStandalone(args) => connect_standalone::run(args),
        Command::Cluster(args) => cluster::run(args),
        Command::StreamsApplicationReset(args) => streams_application_reset::run(args),
        Command::Features(args) => features::run(args),
        Command::MetadataQuorum(args) => metadata_quorum::run(args),
        Command::MetadataShell(args) => metadata_shell::run(args),
        Command::Transactions(args) => transactions::run(args),
    }
}

/// A tokio runtime for the admin commands (the admin trait is async).
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the full parser makes of `args` (after parse_or_exit's `-daemon` rewrite).
    fn full_parse(args: &[&str]) -> Cli {
        let args = args
            .iter()
            .map(|a| if *a == "-daemon" { "--daemon" } else { a });
        Cli::try_parse_from(args).unwrap()
    }

    #[test]
    fn zookeeper_start_parses_alone_as_the_full_parser_does() {
        for line in [
            &["kt", "zookeeper-start", "config/zookeeper.properties"][..],
            &["kt", "zookeeper-start"],
            &["kt", "zookeeper-server-start.sh", "-daemon", "zoo.cfg"],
            &["kt", "zookeeper-server-start", "--daemon", "-v", "zoo.cfg"],
            &["kt", "zookeeper-start", "zoo.cfg", "--verbose"],
        ] {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            let fast = parse_zookeeper_start(&args).unwrap();
            assert_eq!(
                format!("{fast:?}"),
                format!("{:?}", full_parse(line)),
                "{line:?}"
            );
        }
        // Run through a link named as Kafka's script.
        let linked = ["/usr/bin/zookeeper-server-start.sh", "-daemon", "zoo.cfg"];
        let args: Vec<OsString> = linked.iter().map(OsString::from).collect();
        assert_eq!(
            format!("{:?}", parse_zookeeper_start(&args).unwrap()),
            format!(
                "{:?}",
                full_parse(&["kt", "zookeeper-start", "--daemon", "zoo.cfg"])
            )
        );
    }

    #[test]
    fn help_version_and_errors_of_zookeeper_start_are_left_to_the_full_parser() {
        for line in [
            &["kt", "zookeeper-start", "--help"][..],
            &["kt", "zookeeper-start", "-h"],
            &["kt", "zookeeper-start", "--version"],
            &["kt", "zookeeper-start", "a.cfg", "b.cfg"],
            &["kt", "zookeeper-start", "--no-such-flag"],
            &["kt", "-v", "zookeeper-start", "zoo.cfg"],
            &["kt", "zookeeper-shell", "localhost:2181"],
            &["zookeeper-start", "zoo.cfg"],
        ] {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            assert!(parse_zookeeper_start(&args).is_none(), "{line:?}");
        }
    }

    #[test]
    fn links_are_the_kafka_script_names() {
        assert_eq!(tool_for_link("kafka-topics.sh").as_deref(), Some("topics"));
        assert_eq!(tool_for_link("kafka-topics").as_deref(), Some("topics"));
        assert_eq!(
            tool_for_link("zookeeper-server-start.sh").as_deref(),
            Some("zookeeper-start")
        );
        // A subcommand's own name is not a link name, nor is kt.
        assert_eq!(tool_for_link("topics"), None);
        assert_eq!(tool_for_link("kt"), None);
    }

    #[test]
    fn every_kafka_script_answers_with_and_without_sh() {
        for sub in Cli::command().get_subcommands() {
            let aliases: Vec<&str> = sub.get_all_aliases().collect();
            for a in &aliases {
                let twin = match a.strip_suffix(".sh") {
                    Some(bare) => bare.to_string(),
                    None => format!("{a}.sh"),
                };
                assert!(
                    aliases.contains(&twin.as_str()) || sub.get_name() == twin,
                    "{} has alias {a} but not {twin}",
                    sub.get_name()
                );
            }
        }
        for script in [
            "zookeeper-shell",
            "connect-standalone",
            "connect-mirror-maker",
        ] {
            assert_eq!(tool_for_link(script).as_deref(), Some(script));
            assert_eq!(
                tool_for_link(&format!("{script}.sh")).as_deref(),
                Some(script)
            );
            let line = ["kt", script, "--help"];
            let err = Cli::try_parse_from(line).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{line:?}");
        }
    }

    /// clap checks a command tree only in builds with debug assertions (a debug `kt` panicked
    /// at start on three aliases equal to their command's name, while the release build
    /// the tests ran was fine). Its checks run here in a debug test build; the one that
    /// fired is also checked by hand, so a release test run catches it too.
    #[test]
    fn the_command_tree_passes_clap_checks_and_names_each_command_once() {
        Cli::command().debug_assert();
        fn walk(cmd: &clap::Command, path: &str) {
            let mut seen = std::collections::HashSet::new();
            for sub in cmd.get_subcommands() {
                for name in std::iter::once(sub.get_name()).chain(sub.get_all_aliases()) {
                    assert!(seen.insert(name), "{path} {name}: named twice");
                }
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "kt");
    }
}
