//! `kt streams-application-reset`: kafka-streams-application-reset.sh (StreamsResetter). Resets
//! a Kafka Streams application's committed offsets (its group is its application id) on its
//! input topics, moves them to the end of its intermediate topics, and deletes its internal
//! topics (`<application.id>-...-changelog`, `-repartition`, ...), printing Kafka's lines.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::{self, Admin, ConnectOptions, OffsetSpec};

/// Flags of `kt streams-application-reset`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to quickly reset an application in order to reprocess its data from scratch.",
    long_about = "This tool helps to quickly reset an application in order to reprocess its data from scratch.\n\
* This tool resets offsets of input topics to the earliest available offset (by default), or to a specific defined position and it skips to the end of intermediate topics (topics that are input and output topics, e.g., used by deprecated through() method).\n\
* This tool deletes the internal topics that were created by Kafka Streams (topics starting with \"<application.id>-\").\n\
The tool finds these internal topics automatically. If the topics flagged automatically for deletion by the dry-run are unsuitable, you can specify a subset with the \"--internal-topics\" option.\n\
* This tool will not delete output topics (if you want to delete them, you need to do it yourself with the bin/kafka-topics.sh command).\n\
* This tool will not clean up the local state on the stream application instances (the persisted stores used to cache aggregation results).\n\
You need to call KafkaStreams#cleanUp() in your application or manually delete them from the directory specified by \"state.dir\" configuration (${java.io.tmpdir}/kafka-streams/<application.id> by default).\n\
* When long session timeout has been configured, active members could take longer to get expired on the broker thus blocking the reset job to complete. Use the \"--force\" option could remove those left-over members immediately. Make sure to stop all stream applications when this option is specified to avoid unexpected disruptions.\n\n\
*** Important! You will get wrong output if you don't clean up the local stores after running the reset tool!\n\n\
*** Warning! This tool makes irreversible changes to your application. It is strongly recommended that you run this once with \"--dry-run\" to preview your changes before making them.",
    after_help = "Examples:\n  \
                  kt streams-application-reset --bootstrap-server localhost:9092 --application-id wordcount \
                  --input-topics plaintext-input --dry-run\n  \
                  kafka-streams-application-reset.sh --application-id wordcount --input-topics plaintext-input \
                  --to-datetime 2024-01-01T00:00:00.000"
)]
pub struct StreamsResetArgs {
    /// The Kafka Streams application ID (application.id).
    #[arg(long, value_name = "id")]
    pub application_id: Option<String>,
    /// The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2.
    /// (default: localhost:9092)
    #[arg(long, value_name = "server to connect to")]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2
    #[arg(long, value_name = "urls")]
    pub bootstrap_servers: Option<String>,
    /// Comma-separated list of user input topics. For these topics, the tool by default will
    /// reset the offset to the earliest available offset. Reset to other offset position by
    /// appending other reset offset option, ex: --input-topics foo --shift-by 5
    #[arg(long, value_name = "list", value_delimiter = ',')]
    pub input_topics: Vec<String>,
    /// Comma-separated list of intermediate user topics (topics that are input and output
    /// topics, e.g., used in the deprecated through() method). For these topics, the tool will
    /// skip to the end.
    #[arg(long, value_name = "list", value_delimiter = ',')]
    pub intermediate_topics: Vec<String>,
    /// Comma-separated list of internal topics to delete. Must be a subset of the internal
    /// topics marked for deletion by the default behaviour (do a dry-run without this option to
    /// view these topics).
    #[arg(long, value_name = "list", value_delimiter = ',')]
    pub internal_topics: Vec<String>,
    /// Reset offsets to a specific offset.
    #[arg(long, value_name = "Long", allow_hyphen_values = true)]
    pub to_offset: Option<i64>,
    /// Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'
    #[arg(long, value_name = "String")]
    pub to_datetime: Option<String>,
    /// Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'
    #[arg(long, value_name = "String")]
    pub by_duration: Option<String>,
    /// Reset offsets to earliest offset.
    #[arg(long)]
    pub to_earliest: bool,
    /// Reset offsets to latest offset.
    #[arg(long)]
    pub to_latest: bool,
    /// Reset offsets to values defined in CSV file.
    #[arg(long, value_name = "String")]
    pub from_file: Option<PathBuf>,
    /// Reset offsets shifting current offset by 'n', where 'n' can be positive or negative
    #[arg(long, value_name = "number-of-offsets", allow_hyphen_values = true)]
    pub shift_by: Option<i64>,
    /// Property file containing configs to be passed to admin clients and embedded consumer.
    #[arg(long, value_name = "file name")]
    pub config_file: Option<PathBuf>,
    /// Force the removal of members of the consumer group (intended to remove stopped members
    /// if a long session timeout was used). Make sure to shut down all stream applications when
    /// this option is specified to avoid unexpected rebalances.
    #[arg(long)]
    pub force: bool,
    /// Display the actions that would be performed without executing the reset commands.
    #[arg(long)]
    pub dry_run: bool,
}

/// Where the input topics' offsets go.
#[derive(Debug, Clone, PartialEq)]
enum ResetTo {
    Earliest,
    Latest,
    Offset(i64),
    ShiftBy(i64),
    Time(i64),
    Plan(BTreeMap<(String, i32), i64>),
}

/// Runs `kt streams-application-reset` and returns the exit code.
pub fn run(args: StreamsResetArgs) -> i32 {
    let Some(app) = args.application_id.clone() else {
        return UsageError::new("Missing required option(s) [application-id]")
            .report("streams-application-reset");
    };
    let reset = match reset_option(&args) {
        Ok(reset) => reset,
        Err(e) => match e.downcast_ref::<UsageError>() {
            Some(usage) => return usage.report("streams-application-reset"),
            None => {
                eprintln!("ERROR: {e:#}");
                return 1;
            }
        },
    };
    match super::runtime().and_then(|rt| rt.block_on(reset_application(&args, &app, reset))) {
        Ok(code) => code,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("ERROR: {e:#}");
            1
        }
    }
}

/// The one reset option given (joptsimple refuses two of them), Earliest by default.
fn reset_option(args: &StreamsResetArgs) -> anyhow::Result<ResetTo> {
    let given: Vec<&str> = [
        ("to-offset", args.to_offset.is_some()),
        ("to-datetime", args.to_datetime.is_some()),
        ("by-duration", args.by_duration.is_some()),
        ("to-earliest", args.to_earliest),
        ("to-latest", args.to_latest),
        ("from-file", args.from_file.is_some()),
        ("shift-by", args.shift_by.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(name, _)| name)
    .collect();
    if given.len() > 1 {
        return Err(UsageError::new(format!(
            "Option \"[{}]\" can't be used with option \"[{}]\"",
            given[0], given[1]
        ))
        .into());
    }
    Ok(if let Some(offset) = args.to_offset {
        ResetTo::Offset(offset)
    } else if let Some(text) = &args.to_datetime {
        ResetTo::Time(super::consumer_groups::parse_datetime(text)?)
    } else if let Some(text) = &args.by_duration {
        ResetTo::Time(kt_base::clock::now_ms() - super::consumer_groups::parse_duration(text)?)
    } else if args.to_latest {
        ResetTo::Latest
    } else if let Some(path) = &args.from_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        ResetTo::Plan(parse_reset_plan(&text)?)
    } else if let Some(n) = args.shift_by {
        ResetTo::ShiftBy(n)
    } else {
        ResetTo::Earliest
    })
}

/// A reset plan: lines of `TOPIC,PARTITION,OFFSET`.
fn parse_reset_plan(text: &str) -> anyhow::Result<BTreeMap<(String, i32), i64>> {
    if text.is_empty() {
        anyhow::bail!("java.text.ParseException: Error parsing reset plan CSV file. It is empty,");
    }
    let mut plan = BTreeMap::new();
    for line in text.split('\n').filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(',').collect();
        let [topic, partition, offset] = parts[..] else {
            anyhow::bail!(
                "java.text.ParseException: Reset plan CSV file is not following the format \
                 `TOPIC,PARTITION,OFFSET`."
            );
        };
        let number =
            |s: &str| format!("java.lang.NumberFormatException: For input string: \"{s}\"");
        let partition: i32 = partition
            .parse()
            .map_err(|_| anyhow::anyhow!(number(partition)))?;
        let offset: i64 = offset
            .parse()
            .map_err(|_| anyhow::anyhow!(number(offset)))?;
        plan.insert((topic.to_string(), partition), offset);
    }
    Ok(plan)
}

/// Kafka's internal-topic names (`StreamsResetter.matchesInternalTopicFormat`).
pub fn matches_internal_topic_format(name: &str) -> bool {
    let fk_join = |kind: &str| {
        name.split_once("-KTABLE-FK-JOIN-SUBSCRIPTION-")
            .and_then(|(head, tail)| {
                let number = tail.strip_prefix(kind)?.strip_suffix("-topic")?;
                Some(
                    !head.is_empty()
                        && !number.is_empty()
                        && number.bytes().all(|b| b.is_ascii_digit()),
                )
            })
            .unwrap_or(false)
    };
    name.ends_with("-changelog")
        || name.ends_with("-repartition")
        || name.ends_with("-subscription-registration-topic")
        || name.ends_with("-subscription-response-topic")
        || fk_join("REGISTRATION-")
        || fk_join("RESPONSE-")
}

/// Java's `List.toString`: `[a, b]`.
fn java_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

async fn reset_application(
    args: &StreamsResetArgs,
    app: &str,
    reset: ResetTo,
) -> anyhow::Result<i32> {
    let properties = match &args.config_file {
        Some(path) => load_properties(path)?,
        None => Vec::new(),
    };
    let bootstrap = args
        .bootstrap_server
        .clone()
        .or_else(|| args.bootstrap_servers.clone())
        .unwrap_or_else(|| "localhost:9092".to_string());
    let backend = admin::connect(&ConnectOptions {
        bootstrap_servers: Some(bootstrap.clone()),
        data_dir: None,
        properties: properties.clone(),
    })?;
    let mut out = super::output::stdout();

    // Active members: refused, or removed with --force.
    let group = backend
        .describe_groups(&[app.to_string()])
        .await?
        .into_iter()
        .next();
    if let Some(group) = group.filter(|g| !g.members.is_empty()) {
        if !args.force {
            let members: Vec<String> = group
                .members
                .iter()
                .map(|m| {
                    format!(
                        "(memberId={}, groupInstanceId={}, clientId={}, host={}, assignment=(topicPartitions={}))",
                        m.consumer_id,
                        m.group_instance_id.as_deref().unwrap_or("null"),
                        m.client_id,
                        m.host,
                        m.assignment
                            .iter()
                            .map(|(t, p)| format!("{t}-{p}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect();
            anyhow::bail!(
                "java.lang.IllegalStateException: Consumer group '{app}' is still active and has \
                 following members: {}. Make sure to stop all running application instances \
                 before running the reset tool. You can use option '--force' to remove active \
                 members from the group.",
                java_list(&members)
            );
        }
        writeln!(out, "Force deleting all active members in the group: {app}")?;
        out.flush()?;
        let members: Vec<(String, Option<String>)> = group
            .members
            .iter()
            .map(|m| (m.consumer_id.clone(), m.group_instance_id.clone()))
            .collect();
        admin::group_members::remove_members(&bootstrap, &properties, app, &members).await?;
    }

    let all_topics: Vec<String> = backend
        .list_topics()
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    if args.dry_run {
        writeln!(
            out,
            "----Dry run displays the actions which will be performed when running Streams Reset Tool----"
        )?;
    }
    let mut code = 0;

    // Offsets of the input and intermediate topics.
    let (inputs, intermediates) = (&args.input_topics, &args.intermediate_topics);
    if inputs.is_empty() && intermediates.is_empty() {
        writeln!(
            out,
            "No input or intermediate topics specified. Skipping seek."
        )?;
    } else {
        if !inputs.is_empty() {
            writeln!(out, "Reset-offsets for input topics {}", java_list(inputs))?;
        }
        if !intermediates.is_empty() {
            writeln!(
                out,
                "Seek-to-end for intermediate topics {}",
                java_list(intermediates)
            )?;
        }
        let missing_inputs: Vec<&String> =
            inputs.iter().filter(|t| !all_topics.contains(t)).collect();
        let missing_intermediates: Vec<&String> = intermediates
            .iter()
            .filter(|t| !all_topics.contains(t))
            .collect();
        if !missing_inputs.is_empty() {
            writeln!(out, "Following input topics are not found, skipping them")?;
            for t in &missing_inputs {
                writeln!(out, "Topic: {t}")?;
            }
            code = 1;
        }
        if !missing_intermediates.is_empty() {
            writeln!(
                out,
                "Following intermediate topics are not found, skipping them"
            )?;
            for t in &missing_intermediates {
                writeln!(out, "Topic:{t}")?;
            }
            code = 1;
        }
        let mut input_partitions = Vec::new();
        let mut intermediate_partitions = Vec::new();
        for t in inputs.iter().filter(|t| all_topics.contains(t)) {
            for p in backend.topic_partitions(t).await? {
                input_partitions.push((t.clone(), p));
            }
        }
        for t in intermediates
            .iter()
            .filter(|t| all_topics.contains(t) && !inputs.contains(t))
        {
            for p in backend.topic_partitions(t).await? {
                intermediate_partitions.push((t.clone(), p));
            }
        }
        input_partitions.sort();
        input_partitions.dedup();
        intermediate_partitions.sort();
        intermediate_partitions.dedup();
        if !input_partitions.is_empty() || !intermediate_partitions.is_empty() {
            let mut commit: Vec<(String, i32, i64)> = Vec::new();
            if !input_partitions.is_empty() {
                writeln!(
                    out,
                    "Following input topics offsets will be reset to (for consumer group {app})"
                )?;
                let positions =
                    input_positions(&backend, app, &input_partitions, &reset, &mut out).await?;
                for ((topic, partition), offset) in input_partitions.iter().zip(&positions) {
                    writeln!(
                        out,
                        "Topic: {topic} Partition: {partition} Offset: {offset}"
                    )?;
                    commit.push((topic.clone(), *partition, *offset));
                }
            }
            if !intermediate_partitions.is_empty() {
                writeln!(
                    out,
                    "Following intermediate topics offsets will be reset to end (for consumer group {app})"
                )?;
                let mut named: Vec<&String> =
                    intermediate_partitions.iter().map(|(t, _)| t).collect();
                named.dedup();
                for t in named {
                    writeln!(out, "Topic: {t}")?;
                }
                let ends = offsets(&backend, &intermediate_partitions, OffsetSpec::Latest).await?;
                for ((topic, partition), end) in intermediate_partitions.iter().zip(ends) {
                    commit.push((topic.clone(), *partition, end));
                }
            }
            if !args.dry_run {
                backend.alter_group_offsets(app, &commit).await?;
            }
            writeln!(out, "Done.")?;
        }
    }

    // Internal topics.
    let inferred: Vec<String> = all_topics
        .iter()
        .filter(|t| {
            !inputs.contains(t)
                && !intermediates.contains(t)
                && t.starts_with(&format!("{app}-"))
                && matches_internal_topic_format(t)
        })
        .cloned()
        .collect();
    let mut inferred = inferred;
    inferred.sort();
    let to_delete = if args.internal_topics.is_empty() {
        writeln!(
            out,
            "Deleting inferred internal topics {}",
            java_list(&inferred)
        )?;
        inferred
    } else {
        if !args.internal_topics.iter().all(|t| inferred.contains(t)) {
            out.flush()?;
            anyhow::bail!(
                "java.lang.IllegalArgumentException: Invalid topic specified in the \
                 --internal-topics option. Ensure that the topics specified are all internal \
                 topics. Do a dry run without the --internal-topics option to see the list of \
                 all internal topics that can be deleted."
            );
        }
        writeln!(
            out,
            "Deleting specified internal topics {}",
            java_list(&args.internal_topics)
        )?;
        args.internal_topics.clone()
    };
    if !args.dry_run {
        let mut failed = false;
        for topic in &to_delete {
            if let Err(e) = backend.delete_topic(topic).await {
                out.flush()?;
                eprintln!("ERROR: deleting topic {topic}");
                eprintln!("{e}");
                failed = true;
            }
        }
        if failed {
            out.flush()?;
            anyhow::bail!(
                "java.lang.RuntimeException: Encountered an error deleting one or more topics"
            );
        }
    }
    writeln!(out, "Done.")?;
    out.flush()?;
    backend.abandon();
    Ok(code)
}

/// One offset per partition, in order (the log end when the broker has none to give).
async fn offsets(
    backend: &admin::Backend,
    partitions: &[(String, i32)],
    spec: OffsetSpec,
) -> anyhow::Result<Vec<i64>> {
    let found = backend.list_offsets(partitions, spec).await?;
    let by_partition: BTreeMap<(String, i32), Option<i64>> = found
        .into_iter()
        .map(|o| ((o.topic, o.partition), o.offset))
        .collect();
    Ok(partitions
        .iter()
        .map(|p| by_partition.get(p).copied().flatten().unwrap_or(-1))
        .collect())
}

/// Where each input partition's position goes, with Kafka's notes for offsets clamped into
/// the log's range and for timestamps past the last record.
async fn input_positions(
    backend: &admin::Backend,
    app: &str,
    partitions: &[(String, i32)],
    reset: &ResetTo,
    out: &mut impl Write,
) -> anyhow::Result<Vec<i64>> {
    let earliest = offsets(backend, partitions, OffsetSpec::Earliest).await?;
    let latest = offsets(backend, partitions, OffsetSpec::Latest).await?;
    // Kafka's `checkOffsetRange`: below the end and above the start, else clamped.
    let clamp = |out: &mut dyn Write, i: usize, offset: i64| -> std::io::Result<i64> {
        if offset >= latest[i] {
            writeln!(
                out,
                "New offset ({offset}) is higher than latest offset. Value will be set to {}",
                latest[i]
            )?;
            Ok(latest[i])
        } else if offset <= earliest[i] {
            writeln!(
                out,
                "New offset ({offset}) is lower than earliest offset. Value will be set to {}",
                earliest[i]
            )?;
            Ok(earliest[i])
        } else {
            Ok(offset)
        }
    };
    let mut positions = Vec::with_capacity(partitions.len());
    match reset {
        ResetTo::Earliest => positions = earliest.clone(),
        ResetTo::Latest => positions = latest.clone(),
        ResetTo::Offset(offset) => {
            for i in 0..partitions.len() {
                positions.push(clamp(out, i, *offset)?);
            }
        }
        ResetTo::ShiftBy(n) => {
            // The consumer's position: the committed offset, else (auto.offset.reset=latest)
            // the log end.
            let committed: BTreeMap<(String, i32), i64> = backend
                .group_offsets(app)
                .await?
                .into_iter()
                .map(|c| ((c.topic, c.partition), c.offset))
                .collect();
            for (i, p) in partitions.iter().enumerate() {
                let position = committed.get(p).copied().unwrap_or(latest[i]);
                positions.push(clamp(out, i, position + n)?);
            }
        }
        ResetTo::Time(ms) => {
            let found = offsets(backend, partitions, OffsetSpec::Timestamp(*ms)).await?;
            for (i, (topic, partition)) in partitions.iter().enumerate() {
                if found[i] >= 0 {
                    positions.push(found[i]);
                } else {
                    positions.push(latest[i]);
                    writeln!(
                        out,
                        "Partition {partition} from topic {topic} is empty, without a committed \
                         record. Falling back to latest known offset."
                    )?;
                }
            }
        }
        ResetTo::Plan(plan) => {
            for (i, p) in partitions.iter().enumerate() {
                let Some(offset) = plan.get(p) else {
                    anyhow::bail!(
                        "java.lang.NullPointerException: the reset plan has no offset for {}-{}",
                        p.0,
                        p.1
                    );
                };
                positions.push(clamp(out, i, *offset)?);
            }
        }
    }
    Ok(positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_topic_names_are_kafkas() {
        assert!(matches_internal_topic_format("app-store-changelog"));
        assert!(matches_internal_topic_format(
            "app-KSTREAM-AGG-0000000003-repartition"
        ));
        assert!(matches_internal_topic_format(
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic"
        ));
        assert!(matches_internal_topic_format(
            "app-x-subscription-response-topic"
        ));
        assert!(!matches_internal_topic_format("app-output"));
        assert!(!matches_internal_topic_format(
            "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-1-topic"
        ));
    }

    #[test]
    fn reset_plans_are_topic_partition_offset_lines() {
        let plan = parse_reset_plan("a,0,5\nb,1,7\n").unwrap();
        assert_eq!(plan.get(&("a".to_string(), 0)), Some(&5));
        assert_eq!(plan.get(&("b".to_string(), 1)), Some(&7));
        assert!(parse_reset_plan("a,0\n").is_err());
        assert!(parse_reset_plan("").is_err());
    }
}
