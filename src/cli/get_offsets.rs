//! `kt get-offsets`: kafka-get-offsets.sh (GetOffsetShell), printing `topic:partition:offset`.

use clap::Args;

use super::common::{topic_pattern, ConnectArgs};
use super::output;
use crate::admin::{self, Admin, OffsetSpec};

/// Flags of `kt get-offsets`.
#[derive(Debug, Clone, Args)]
pub struct GetOffsetsArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Deprecated spelling of --bootstrap-server.
    #[arg(long, value_name = "SERVERS")]
    pub broker_list: Option<String>,
    /// A regular expression of the topics to look at (all topics without it).
    #[arg(long, value_name = "REGEX")]
    pub topic: Option<String>,
    /// Comma-separated partition ids to look at (all without it).
    #[arg(long, value_name = "IDS")]
    pub partitions: Option<String>,
    /// earliest (-2), latest (-1, default) or a timestamp in ms: the first offset at or after it.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "-1",
        allow_hyphen_values = true
    )]
    pub time: String,
    /// Leave internal topics out when no --topic is given.
    #[arg(long)]
    pub exclude_internal_topics: bool,
}

fn offset_spec(time: &str) -> anyhow::Result<OffsetSpec> {
    Ok(match time.trim() {
        "earliest" | "-2" => OffsetSpec::Earliest,
        "latest" | "-1" => OffsetSpec::Latest,
        t => match t.parse::<i64>() {
            Ok(ms) if ms >= 0 => OffsetSpec::Timestamp(ms),
            _ => anyhow::bail!(
                "Malformed time argument {t}. Passed value should be earliest, latest, or a non-negative timestamp in milliseconds"
            ),
        },
    })
}

fn partition_ids(list: &str) -> anyhow::Result<Vec<i32>> {
    list.split(',')
        .map(|p| {
            p.trim()
                .parse::<i32>()
                .map_err(|_| anyhow::anyhow!("Invalid partition '{}' in --partitions", p.trim()))
        })
        .collect()
}

/// Runs `kt get-offsets` and returns the exit code.
pub fn run(mut args: GetOffsetsArgs) -> i32 {
    if args.connect.bootstrap_server.is_none() {
        args.connect.bootstrap_server = args.broker_list.clone();
    }
    if args.connect.bootstrap_server.is_none() && args.connect.data_dir.is_none() {
        eprintln!("Missing required argument \"[bootstrap-server]\"");
        super::print_short_usage("get-offsets");
        return 1;
    }
    let result = (|| -> anyhow::Result<()> {
        let spec = offset_spec(&args.time)?;
        let partitions = args.partitions.as_deref().map(partition_ids).transpose()?;
        let pattern = args.topic.as_deref().map(topic_pattern).transpose()?;
        let rt = super::runtime()?;
        rt.block_on(async {
            let admin = admin::connect(&args.connect.options()?)?;
            let topics = admin.list_topics().await?;
            let mut wanted = Vec::new();
            for t in topics {
                let selected = match &pattern {
                    Some(re) => re.is_match(&t.name),
                    None => !(args.exclude_internal_topics && t.internal),
                };
                if !selected {
                    continue;
                }
                for p in admin.topic_partitions(&t.name).await? {
                    if partitions.as_ref().is_none_or(|ps| ps.contains(&p)) {
                        wanted.push((t.name.clone(), p));
                    }
                }
            }
            let offsets = admin.list_offsets(&wanted, spec).await?;
            output::offsets(&mut output::stdout(), &offsets)?;
            Ok(())
        })
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Error occurred: {e:#}");
            1
        }
    }
}
