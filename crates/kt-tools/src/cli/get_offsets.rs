//! `kt get-offsets`: kafka-get-offsets.sh (GetOffsetShell), printing `topic:partition:offset`.

use clap::Args;

use super::common::{topic_pattern, ConnectArgs};
use super::output;
use super::usage::UsageError;
use crate::admin::{self, Admin, OffsetSpec};

/// Flags of `kt get-offsets`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt get-offsets --topic my-topic --time earliest --bootstrap-server localhost:9092"
)]
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
    #[arg(long, value_name = "IDS", allow_negative_numbers = true)]
    pub partitions: Option<String>,
    /// Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where
    /// PARTITIONS is N, N-M, N- or -M (upper bound exclusive).
    #[arg(long, value_name = "PATTERNS", conflicts_with_all = ["topic", "partitions"])]
    pub topic_partitions: Option<String>,
    /// earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first
    /// offset at or after it.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "-1",
        allow_hyphen_values = true
    )]
    pub time: String,
    /// Leave internal topics (such as __consumer_offsets) out.
    #[arg(long)]
    pub exclude_internal_topics: bool,
    #[command(flatten)]
    pub output: super::output::OutputArgs,
}

fn offset_spec(time: &str) -> anyhow::Result<OffsetSpec> {
    Ok(match time.trim() {
        "earliest" | "-2" => OffsetSpec::Earliest,
        "latest" | "-1" => OffsetSpec::Latest,
        "max-timestamp" | "-3" => OffsetSpec::MaxTimestamp,
        t => match t.parse::<i64>() {
            Ok(ms) if ms >= 0 => OffsetSpec::Timestamp(ms),
            _ => anyhow::bail!(
                "Malformed time argument {t}. Passed value should be earliest, latest, max-timestamp, or a non-negative timestamp in milliseconds"
            ),
        },
    })
}

/// Which partitions of a topic a `--topic-partitions` entry selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PartitionRange {
    from: i32,
    /// Exclusive; `None` for no upper bound.
    to: Option<i32>,
}

impl PartitionRange {
    fn contains(&self, p: i32) -> bool {
        p >= self.from && self.to.is_none_or(|t| p < t)
    }
}

/// Parses `--topic-partitions`: `topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3`.
fn topic_partition_patterns(
    spec: &str,
) -> anyhow::Result<Vec<(regex::Regex, Option<PartitionRange>)>> {
    let bad = || anyhow::anyhow!("Invalid topic-partition pattern: {spec}");
    let number = |s: &str| s.trim().parse::<i32>().map_err(|_| bad());
    spec.split(',')
        .map(|entry| {
            let (topic, parts) = match entry.rsplit_once(':') {
                Some((t, p)) => (t, Some(p)),
                None => (entry, None),
            };
            let range = match parts {
                None => None,
                Some(p) => Some(match p.split_once('-') {
                    None => {
                        let n = number(p)?;
                        PartitionRange {
                            from: n,
                            to: Some(n + 1),
                        }
                    }
                    Some(("", hi)) => PartitionRange {
                        from: 0,
                        to: Some(number(hi)?),
                    },
                    Some((lo, "")) => PartitionRange {
                        from: number(lo)?,
                        to: None,
                    },
                    Some((lo, hi)) => PartitionRange {
                        from: number(lo)?,
                        to: Some(number(hi)?),
                    },
                }),
            };
            let topic = if topic.is_empty() { ".*" } else { topic };
            Ok((topic_pattern(topic)?, range))
        })
        .collect()
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
        return UsageError::new("Missing required argument \"[bootstrap-server]\"")
            .report("get-offsets");
    }
    let result = (|| -> anyhow::Result<()> {
        let spec = offset_spec(&args.time)?;
        let partitions = args.partitions.as_deref().map(partition_ids).transpose()?;
        let pattern = args.topic.as_deref().map(topic_pattern).transpose()?;
        let patterns = args
            .topic_partitions
            .as_deref()
            .map(topic_partition_patterns)
            .transpose()?;
        let rt = super::runtime()?;
        rt.block_on(async {
            let admin = admin::connect(&args.connect.options()?)?;
            let topics = admin.list_topics().await?;
            let mut wanted = Vec::new();
            for t in topics {
                if args.exclude_internal_topics && t.internal {
                    continue;
                }
                let ranges: Vec<Option<PartitionRange>> = match (&pattern, &patterns) {
                    (_, Some(ps)) => ps
                        .iter()
                        .filter(|(re, _)| re.is_match(&t.name))
                        .map(|(_, r)| *r)
                        .collect(),
                    (Some(re), None) if !re.is_match(&t.name) => continue,
                    _ => vec![None],
                };
                if ranges.is_empty() {
                    continue;
                }
                for p in admin.topic_partitions(&t.name).await? {
                    let in_list = partitions.as_ref().is_none_or(|ps| ps.contains(&p));
                    let in_range = ranges.iter().any(|r| r.is_none_or(|r| r.contains(p)));
                    if in_list && in_range {
                        wanted.push((t.name.clone(), p));
                    }
                }
            }
            if wanted.is_empty() {
                anyhow::bail!("Could not match any topic-partitions with the specified filters");
            }
            let offsets = admin.list_offsets(&wanted, spec).await?;
            admin.abandon();
            output::offsets::offsets_as(&mut output::stdout(), args.output.output, &offsets)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_partition_patterns_parse() {
        let ps = topic_partition_patterns("a:1,b:0-3,c,d:5-,e:-3").unwrap();
        let ranges: Vec<_> = ps.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            ranges[0],
            Some(PartitionRange {
                from: 1,
                to: Some(2)
            })
        );
        assert_eq!(
            ranges[1],
            Some(PartitionRange {
                from: 0,
                to: Some(3)
            })
        );
        assert_eq!(ranges[2], None);
        assert_eq!(ranges[3], Some(PartitionRange { from: 5, to: None }));
        assert_eq!(
            ranges[4],
            Some(PartitionRange {
                from: 0,
                to: Some(3)
            })
        );
        assert!(ps[0].0.is_match("a") && !ps[0].0.is_match("ab"));
        assert!(topic_partition_patterns("a:x").is_err());
    }
}
