//! `kt transactions`: kafka-transactions.sh (TransactionsCommand): list, describe and abort
//! transactions, describe the producers of a partition and find hanging transactions, with
//! Kafka's tables (cells padded to the widest, each followed by a TAB) and its error lines.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Subcommand};

use super::common::load_properties;
use crate::admin::transactions::{
    AbortSpec, ListFilter, ProducerState, TopicPartition, TransactionsAdmin, TxnAdminError,
};

/// Flags of `kt transactions`. Kafka's parser takes the global flags before the command;
/// kt takes them anywhere.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt transactions --bootstrap-server localhost:9092 list\n  kt transactions --bootstrap-server localhost:9092 describe --transactional-id my-app\n  kt transactions --bootstrap-server localhost:9092 find-hanging --broker-id 0\n  kt transactions --bootstrap-server localhost:9092 abort --topic t --partition 0 --start-offset 42"
)]
pub struct TransactionsArgs {
    /// property file containing configs to be passed to admin client
    #[arg(long, value_name = "FILE", global = true)]
    pub command_config: Option<PathBuf>,
    /// REQUIRED: hostname and port for the broker to connect to, in the form `host:port`
    /// (multiple comma-separated entries can be given)
    #[arg(long, value_name = "host:port", global = true)]
    pub bootstrap_server: Option<String>,
    #[command(subcommand)]
    pub command: Option<TransactionsCommand>,
}

/// The commands of kafka-transactions.sh.
#[derive(Debug, Clone, Subcommand)]
pub enum TransactionsCommand {
    /// list transactions
    List(ListArgs),
    /// describe the state of an active transactional-id
    Describe(DescribeArgs),
    /// describe the states of active producers for a topic partition
    DescribeProducers(DescribeProducersArgs),
    /// abort a hanging transaction (requires administrative privileges)
    Abort(AbortArgs),
    /// find hanging transactions
    FindHanging(FindHangingArgs),
}

/// Flags of `list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Duration (in millis) to filter by: if < 0, all transactions will be returned;
    /// otherwise, only transactions running longer than this duration will be returned
    #[arg(long, value_name = "DURATION_FILTER", allow_negative_numbers = true)]
    pub duration_filter: Option<i64>,
}

/// Flags of `describe`.
#[derive(Debug, Clone, Args)]
pub struct DescribeArgs {
    /// REQUIRED: transactional id
    #[arg(long, value_name = "TRANSACTIONAL_ID")]
    pub transactional_id: Option<String>,
}

/// Flags of `describe-producers`.
#[derive(Debug, Clone, Args)]
pub struct DescribeProducersArgs {
    /// optional broker id to describe the producer state on a specific replica
    #[arg(long, value_name = "BROKER_ID", allow_negative_numbers = true)]
    pub broker_id: Option<i32>,
    /// REQUIRED: topic name
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// REQUIRED: partition number
    #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
    pub partition: Option<i32>,
}

/// Flags of `abort`: the transaction by its start offset (brokers 3.0 and later), or by
/// producer id, producer epoch and coordinator epoch (older brokers).
#[derive(Debug, Clone, Args)]
pub struct AbortArgs {
    /// REQUIRED: topic name
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// REQUIRED: partition number
    #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
    pub partition: Option<i32>,
    /// start offset of the transaction to abort
    #[arg(long, value_name = "START_OFFSET", allow_negative_numbers = true)]
    pub start_offset: Option<i64>,
    /// producer id
    #[arg(long, value_name = "PRODUCER_ID", allow_negative_numbers = true)]
    pub producer_id: Option<i64>,
    /// producer epoch
    #[arg(long, value_name = "PRODUCER_EPOCH", allow_negative_numbers = true)]
    pub producer_epoch: Option<i16>,
    /// coordinator epoch
    #[arg(long, value_name = "COORDINATOR_EPOCH", allow_negative_numbers = true)]
    pub coordinator_epoch: Option<i32>,
}

/// Flags of `find-hanging`.
#[derive(Debug, Clone, Args)]
pub struct FindHangingArgs {
    /// broker id to search for hanging transactions
    #[arg(long, value_name = "BROKER_ID", allow_negative_numbers = true)]
    pub broker_id: Option<i32>,
    /// maximum transaction timeout in minutes to limit the scope of the search (15 minutes
    /// by default)
    #[arg(
        long,
        value_name = "MAX_TRANSACTION_TIMEOUT",
        default_value_t = 15,
        allow_negative_numbers = true
    )]
    pub max_transaction_timeout: i32,
    /// topic name to limit search to (required if --partition is specified)
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// partition number
    #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
    pub partition: Option<i32>,
}

/// The parser's name in its messages.
const TOOL: &str = "kafka-transactions.sh";

/// argparse4j's usage lines of the tool and of each command.
const TOOL_USAGE: &str = "usage: kafka-transactions.sh [-h] [-v] [--command-config FILE]
                             --bootstrap-server host:port COMMAND ...";

fn command_usage(command: &str) -> &'static str {
    match command {
        "list" => "usage: kafka-transactions.sh list [-h] [--duration-filter DURATION_FILTER]",
        "describe" => {
            "usage: kafka-transactions.sh describe [-h] --transactional-id TRANSACTIONAL_ID"
        }
        "describe-producers" => {
            "usage: kafka-transactions.sh describe-producers [-h] [--broker-id BROKER_ID]
                                                --topic TOPIC --partition PARTITION"
        }
        "abort" => {
            "usage: kafka-transactions.sh abort [-h] --topic TOPIC --partition PARTITION
                                   [--start-offset START_OFFSET]
                                   [--producer-id PRODUCER_ID]
                                   [--producer-epoch PRODUCER_EPOCH]
                                   [--coordinator-epoch COORDINATOR_EPOCH]"
        }
        "find-hanging" => {
            "usage: kafka-transactions.sh find-hanging [-h] [--broker-id BROKER_ID]
                                          [--max-transaction-timeout MAX_TRANSACTION_TIMEOUT]
                                          [--topic TOPIC] [--partition PARTITION]"
        }
        _ => TOOL_USAGE,
    }
}

/// An argparse4j error: the usage of the (sub)parser, then `<prog>: error: <message>`; exit 1.
fn usage_error(command: Option<&str>, message: &str) -> i32 {
    match command {
        Some(c) => {
            eprintln!("{}", command_usage(c));
            eprintln!("{TOOL} {c}: error: {message}");
        }
        None => {
            eprintln!("{TOOL_USAGE}");
            eprintln!("{TOOL}: error: {message}");
        }
    }
    1
}

/// A clap parse error of `kt transactions` in argparse4j's words.
pub fn render_parse_error(e: &clap::Error, args: &[OsString]) -> i32 {
    const COMMANDS: [&str; 5] = [
        "list",
        "describe",
        "describe-producers",
        "abort",
        "find-hanging",
    ];
    let command = args
        .iter()
        .skip(2)
        .filter_map(|a| a.to_str())
        .find(|a| COMMANDS.contains(a));
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let flag = arg
        .as_deref()
        .map(|a| a.split([' ', '=']).next().unwrap_or(a).to_string());
    let value = match e.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let message = match (e.kind(), flag.as_deref(), value) {
        (ErrorKind::UnknownArgument, Some(f), _) => format!("unrecognized arguments: '{f}'"),
        (ErrorKind::InvalidSubcommand, Some(f), _) => format!(
            "invalid choice: '{f}' (choose from 'list', 'describe', 'describe-producers', \
             'abort', 'find-hanging')"
        ),
        (ErrorKind::InvalidValue, Some(f), Some(v)) if v.is_empty() => {
            format!("argument {f}: expected one argument")
        }
        (ErrorKind::ValueValidation | ErrorKind::InvalidValue, Some(f), Some(v)) => {
            let kind = match f {
                "--start-offset" | "--producer-id" | "--duration-filter" => "Long",
                "--producer-epoch" => "Short",
                _ => "Integer",
            };
            format!("argument {f}: could not convert '{v}' to {kind} (For input string: \"{v}\")")
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            first.trim_start_matches("error: ").to_string()
        }
    };
    usage_error(command, &message)
}

/// TransactionsCommand.printErrorAndExit with a cause: the message, the cause's message and
/// Kafka's hint; exit 1.
fn fail(message: &str, cause: &TxnAdminError) -> i32 {
    eprintln!("{message}: {cause}. Enable debug logging for additional detail.");
    1
}

/// ToolsUtils.prettyPrintTable: every cell padded to its column's widest, then a TAB.
fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    println!("{}", table_row(&widths, headers.iter().copied()));
    for row in rows {
        println!("{}", table_row(&widths, row.iter().map(String::as_str)));
    }
}

fn table_row<'a>(widths: &[usize], cells: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (cell, &w) in cells.zip(widths) {
        out.push_str(&format!("{cell:<w$}\t"));
    }
    out
}

/// The time now in ms since the epoch (Kafka's `Time.SYSTEM.milliseconds()`).
fn now_ms() -> i64 {
    kt_base::clock::now_ms()
}

/// Runs `kt transactions` and returns the exit code.
pub fn run(args: TransactionsArgs) -> i32 {
    let Some(command) = args.command.clone() else {
        return usage_error(None, "too few arguments");
    };
    let Some(bootstrap) = args.bootstrap_server.clone() else {
        return usage_error(None, "argument --bootstrap-server is required");
    };
    let properties = match &args.command_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!(
                    "Failed to load admin client properties: {e:#}. Enable debug logging for \
                     additional detail."
                );
                return 1;
            }
        },
        None => Vec::new(),
    };
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e:#}");
            return 1;
        }
    };
    let admin = TransactionsAdmin::new(&bootstrap, &properties);
    rt.block_on(async {
        match command {
            TransactionsCommand::List(a) => list(&admin, a).await,
            TransactionsCommand::Describe(a) => describe(&admin, a).await,
            TransactionsCommand::DescribeProducers(a) => describe_producers(&admin, a).await,
            TransactionsCommand::Abort(a) => abort(&admin, a).await,
            TransactionsCommand::FindHanging(a) => find_hanging(&admin, a).await,
        }
    })
}

async fn list(admin: &TransactionsAdmin, args: ListArgs) -> i32 {
    let filter = ListFilter {
        duration_ms: args.duration_filter,
        ..ListFilter::default()
    };
    let listings = match admin.list_transactions(&filter).await {
        Ok(l) => l,
        Err(e) => return fail("Failed to list transactions", &e),
    };
    let rows: Vec<Vec<String>> = listings
        .iter()
        .flat_map(|(broker, list)| {
            list.iter().map(move |l| {
                vec![
                    l.transactional_id.clone(),
                    broker.to_string(),
                    l.producer_id.to_string(),
                    l.state.clone(),
                ]
            })
        })
        .collect();
    print_table(
        &[
            "TransactionalId",
            "Coordinator",
            "ProducerId",
            "TransactionState",
        ],
        &rows,
    );
    0
}

async fn describe(admin: &TransactionsAdmin, args: DescribeArgs) -> i32 {
    let Some(id) = args.transactional_id else {
        return usage_error(Some("describe"), "argument --transactional-id is required");
    };
    let d = match admin.describe_transaction(&id).await {
        Ok(d) => d,
        Err(e) => {
            return fail(
                &format!("Failed to describe transaction state of transactional-id `{id}`"),
                &e,
            )
        }
    };
    let (start, duration) = match d.start_time_ms {
        Some(start) => (start.to_string(), (now_ms() - start).to_string()),
        None => ("None".to_string(), "None".to_string()),
    };
    let partitions: Vec<String> = d
        .partitions
        .iter()
        .map(|(t, p)| format!("{t}-{p}"))
        .collect();
    print_table(
        &[
            "CoordinatorId",
            "TransactionalId",
            "ProducerId",
            "ProducerEpoch",
            "TransactionState",
            "TransactionTimeoutMs",
            "CurrentTransactionStartTimeMs",
            "TransactionDurationMs",
            "TopicPartitions",
        ],
        &[vec![
            d.coordinator_id.to_string(),
            id,
            d.producer_id.to_string(),
            d.producer_epoch.to_string(),
            d.state,
            d.timeout_ms.to_string(),
            start,
            duration,
            partitions.join(","),
        ]],
    );
    0
}

/// `--topic` and `--partition` of a command that requires both.
fn topic_partition(
    command: &str,
    topic: Option<String>,
    partition: Option<i32>,
) -> Result<TopicPartition, i32> {
    match (topic, partition) {
        (Some(t), Some(p)) => Ok((t, p)),
        (None, _) => Err(usage_error(Some(command), "argument --topic is required")),
        (_, None) => Err(usage_error(
            Some(command),
            "argument --partition is required",
        )),
    }
}

async fn describe_producers(admin: &TransactionsAdmin, args: DescribeProducersArgs) -> i32 {
    let tp = match topic_partition("describe-producers", args.topic, args.partition) {
        Ok(tp) => tp,
        Err(code) => return code,
    };
    let on = match args.broker_id {
        Some(id) => format!("broker {id}"),
        None => "leader".to_string(),
    };
    let context = format!(
        "Failed to describe producers for partition {}-{} on {on}",
        tp.0, tp.1
    );
    let producers = match admin
        .describe_producers(std::slice::from_ref(&tp), args.broker_id)
        .await
    {
        Ok(mut results) => match results.pop().map(|(_, r)| r) {
            Some(Ok(p)) => p,
            Some(Err(message)) => return fail(&context, &TxnAdminError::Broker(message)),
            None => return fail(&context, &TxnAdminError::Broker("no answer".into())),
        },
        Err(e) => return fail(&context, &e),
    };
    let rows: Vec<Vec<String>> = producers
        .iter()
        .map(|p| {
            vec![
                p.producer_id.to_string(),
                p.producer_epoch.to_string(),
                p.coordinator_epoch.unwrap_or(-1).to_string(),
                p.last_sequence.to_string(),
                p.last_timestamp.to_string(),
                p.current_txn_start_offset
                    .map_or("None".to_string(), |o| o.to_string()),
            ]
        })
        .collect();
    print_table(
        &[
            "ProducerId",
            "ProducerEpoch",
            "LatestCoordinatorEpoch",
            "LastSequence",
            "LastTimestamp",
            "CurrentTransactionStartOffset",
        ],
        &rows,
    );
    0
}

async fn abort(admin: &TransactionsAdmin, args: AbortArgs) -> i32 {
    let tp = match topic_partition("abort", args.topic, args.partition) {
        Ok(tp) => tp,
        Err(code) => return code,
    };
    let spec = match (args.start_offset, args.producer_id) {
        (None, None) => {
            eprintln!(
                "The transaction to abort must be identified either with --start-offset (for \
                 brokers on 3.0 or above) or with --producer-id, --producer-epoch, and \
                 --coordinator-epoch (for older brokers)"
            );
            return 1;
        }
        (None, Some(producer_id)) => {
            let Some(producer_epoch) = args.producer_epoch else {
                eprintln!("Missing required argument --producer-epoch");
                return 1;
            };
            let Some(coordinator_epoch) = args.coordinator_epoch else {
                eprintln!("Missing required argument --coordinator-epoch");
                return 1;
            };
            // A producer that hung before its first marker shows coordinator epoch -1; 0 is
            // at most any real coordinator epoch.
            AbortSpec {
                partition: tp.clone(),
                producer_id,
                producer_epoch,
                coordinator_epoch: coordinator_epoch.max(0),
            }
        }
        (Some(start_offset), _) => {
            let name = format!("{}-{}", tp.0, tp.1);
            let producers = match admin
                .describe_producers(std::slice::from_ref(&tp), None)
                .await
            {
                Ok(mut r) => r.pop().map(|(_, r)| r),
                Err(e) => {
                    return fail(
                        &format!("Failed to validate producer state for partition {name}"),
                        &e,
                    )
                }
            };
            let producers = match producers {
                Some(Ok(p)) => p,
                Some(Err(m)) => {
                    return fail(
                        &format!("Failed to validate producer state for partition {name}"),
                        &TxnAdminError::Broker(m),
                    )
                }
                None => Vec::new(),
            };
            let Some(p) = producers
                .iter()
                .find(|p| p.current_txn_start_offset == Some(start_offset))
            else {
                eprintln!(
                    "Could not find any open transactions starting at offset {start_offset} on \
                     partition {name}"
                );
                return 1;
            };
            AbortSpec {
                partition: tp.clone(),
                producer_id: p.producer_id,
                producer_epoch: p.producer_epoch as i16,
                coordinator_epoch: p.coordinator_epoch.unwrap_or(0),
            }
        }
    };
    match admin.abort_transaction(&spec).await {
        Ok(()) => 0,
        Err(e) => fail(&format!("Failed to abort transaction {spec}"), &e),
    }
}

/// An open transaction on a partition, as find-hanging collects them.
struct OpenTransaction {
    partition: TopicPartition,
    producer: ProducerState,
}

/// How many partitions one DescribeProducers asks for (Kafka's MAX_BATCH_SIZE).
const MAX_BATCH_SIZE: usize = 500;

async fn find_hanging(admin: &TransactionsAdmin, args: FindHangingArgs) -> i32 {
    if args.topic.is_none() && args.broker_id.is_none() {
        eprintln!(
            "The `find-hanging` command requires either --topic or --broker-id to limit the \
             scope of the search"
        );
        return 1;
    }
    if args.partition.is_some() && args.topic.is_none() {
        eprintln!("The --partition argument requires --topic to be provided");
        return 1;
    }
    let max_timeout_ms = i64::from(args.max_transaction_timeout) * 60_000;
    // The partitions to search: the one named, or those of the topic (of every topic) with a
    // replica on the broker.
    let partitions: Vec<TopicPartition> = match (&args.topic, args.partition) {
        (Some(t), Some(p)) => vec![(t.clone(), p)],
        (topic, _) => {
            let topics = topic.as_ref().map(|t| vec![t.clone()]);
            match admin.metadata(topics.as_deref()).await {
                Ok((_, infos)) => infos
                    .into_iter()
                    .filter(|i| args.broker_id.is_none_or(|b| i.replicas.contains(&b)))
                    .map(|i| (i.topic, i.partition))
                    .collect(),
                Err(e) => {
                    let what = match topic {
                        Some(_) => "Failed to describe 1 topics".to_string(),
                        None => "Failed to list topics".to_string(),
                    };
                    return fail(&what, &e);
                }
            }
        }
    };
    let broker_clause = match args.broker_id {
        Some(b) => format!("Optional[{b}]"),
        None => "Optional.empty".to_string(),
    };
    let mut candidates = Vec::new();
    for batch in partitions.chunks(MAX_BATCH_SIZE) {
        let context = format!(
            "Failed to describe producers for {} partitions on broker {broker_clause}",
            batch.len()
        );
        let results = match admin.describe_producers(batch, args.broker_id).await {
            Ok(r) => r,
            Err(e) => return fail(&context, &e),
        };
        let now = now_ms();
        for (partition, outcome) in results {
            let producers = match outcome {
                Ok(p) => p,
                Err(m) => return fail(&context, &TxnAdminError::Broker(m)),
            };
            for producer in producers {
                if producer.current_txn_start_offset.is_some()
                    && now - producer.last_timestamp > max_timeout_ms
                {
                    candidates.push(OpenTransaction {
                        partition: partition.clone(),
                        producer,
                    });
                }
            }
        }
    }
    let hanging = if candidates.is_empty() {
        Vec::new()
    } else {
        match filter_hanging(admin, candidates).await {
            Ok(h) => h,
            Err(code) => return code,
        }
    };
    let now = now_ms();
    let rows: Vec<Vec<String>> = hanging
        .iter()
        .map(|t| {
            let p = &t.producer;
            vec![
                t.partition.0.clone(),
                t.partition.1.to_string(),
                p.producer_id.to_string(),
                p.producer_epoch.to_string(),
                p.coordinator_epoch.unwrap_or(-1).to_string(),
                p.current_txn_start_offset.unwrap_or(-1).to_string(),
                p.last_timestamp.to_string(),
                ((now - p.last_timestamp) / 60_000).to_string(),
            ]
        })
        .collect();
    print_table(
        &[
            "Topic",
            "Partition",
            "ProducerId",
            "ProducerEpoch",
            "CoordinatorEpoch",
            "StartOffset",
            "LastTimestamp",
            "Duration(min)",
        ],
        &rows,
    );
    0
}

/// The candidates whose coordinator does not expect to write their partition's marker: no
/// transactional id has their producer id, or its transaction does not hold the partition.
async fn filter_hanging(
    admin: &TransactionsAdmin,
    candidates: Vec<OpenTransaction>,
) -> Result<Vec<OpenTransaction>, i32> {
    let mut by_producer: BTreeMap<i64, Vec<OpenTransaction>> = BTreeMap::new();
    for c in candidates {
        by_producer
            .entry(c.producer.producer_id)
            .or_default()
            .push(c);
    }
    let producer_ids: Vec<i64> = by_producer.keys().copied().collect();
    let filter = ListFilter {
        producer_ids: producer_ids.clone(),
        ..ListFilter::default()
    };
    let listings = admin.list_transactions(&filter).await.map_err(|e| {
        fail(
            &format!(
                "Failed to list transactions for {} producers",
                producer_ids.len()
            ),
            &e,
        )
    })?;
    let mut ids: BTreeMap<i64, String> = BTreeMap::new();
    for listing in listings.into_values().flatten() {
        if by_producer.contains_key(&listing.producer_id) {
            ids.insert(listing.producer_id, listing.transactional_id);
        }
    }
    let mut unique: Vec<&String> = ids.values().collect();
    unique.sort();
    unique.dedup();
    let mut descriptions = BTreeMap::new();
    for id in &unique {
        match admin.describe_transaction(id).await {
            Ok(d) => {
                descriptions.insert((*id).clone(), Some(d));
            }
            Err(TxnAdminError::TransactionalIdNotFound(_)) => {
                descriptions.insert((*id).clone(), None);
            }
            Err(e) => {
                return Err(fail(
                    &format!("Failed to describe {} transactions", unique.len()),
                    &e,
                ))
            }
        }
    }
    let mut hanging = Vec::new();
    for (producer_id, open) in by_producer {
        match ids.get(&producer_id).and_then(|id| descriptions.get(id)) {
            Some(Some(d)) => hanging.extend(
                open.into_iter()
                    .filter(|t| !d.partitions.contains(&t.partition)),
            ),
            _ => hanging.extend(open),
        }
    }
    Ok(hanging)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_pad_each_cell_to_its_column_then_a_tab() {
        assert_eq!(
            table_row(&[10, 3], ["ab", "c"].into_iter()),
            "ab        \tc  \t"
        );
    }

    #[test]
    fn usage_lines_name_each_command() {
        assert!(command_usage("describe").contains("--transactional-id TRANSACTIONAL_ID"));
        assert_eq!(command_usage("nope"), TOOL_USAGE);
    }
}
