//! `mm2.properties` (connect-mirror-maker.sh's config): `clusters = A, B`, each cluster's
//! client properties under its alias (`A.bootstrap.servers`, `A.security.protocol`, ...),
//! and replication flows `A->B.enabled` whose settings (`A->B.topics`, ...) fall back to the
//! top-level ones (`topics`, ...), then to Kafka 3.9's defaults.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{bail, Context};

/// One cluster: its alias and client properties (the `ALIAS.` ones, prefix removed).
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// The alias.
    pub alias: String,
    /// `bootstrap.servers`.
    pub bootstrap: String,
    /// Every other client property of the cluster.
    pub properties: Vec<(String, String)>,
}

/// One enabled replication flow, source to target.
#[derive(Debug, Clone)]
pub struct FlowConfig {
    /// The source cluster.
    pub source: ClusterConfig,
    /// The target cluster.
    pub target: ClusterConfig,
    /// `topics` (include, whole-name regexes) and `topics.exclude`, as one regex each.
    pub topics: regex::Regex,
    /// Topics never mirrored.
    pub topics_exclude: regex::Regex,
    /// `groups` and `groups.exclude`.
    pub groups: regex::Regex,
    /// Groups never checkpointed.
    pub groups_exclude: regex::Regex,
    /// `replication.policy.separator`.
    pub separator: String,
    /// `replication.factor` of the topics created on the target (None: the broker's default).
    pub replication_factor: Option<i16>,
    /// `emit.heartbeats.enabled` and its interval.
    pub heartbeats: Option<Duration>,
    /// `emit.checkpoints.enabled` and its interval.
    pub checkpoints: Option<Duration>,
    /// `sync.group.offsets.enabled`.
    pub sync_group_offsets: bool,
    /// `refresh.topics.interval.seconds`.
    pub refresh_topics: Duration,
    /// `offset.flush.interval.ms`: how often acknowledged progress is stored.
    pub offset_flush: Duration,
}

impl FlowConfig {
    /// DefaultReplicationPolicy: `source.topic` on the target.
    pub fn remote_topic(&self, topic: &str) -> String {
        format!("{}{}{topic}", self.source.alias, self.separator)
    }

    /// DefaultReplicationPolicy.topicSource: the alias a replicated topic's name starts with.
    fn topic_source<'a>(&self, topic: &'a str) -> Option<&'a str> {
        topic.split_once(self.separator.as_str()).map(|(s, _)| s)
    }

    /// Whether `topic` of the source is mirrored: included, not excluded, not internal, and
    /// not a cycle (a topic that came from the target is not sent back to it).
    pub fn mirrors_topic(&self, topic: &str) -> bool {
        let internal = topic.starts_with("__")
            || topic.starts_with("mm2")
            || topic.ends_with(".internal")
            || topic.starts_with('.');
        let cycle = self.topic_source(topic) == Some(self.target.alias.as_str());
        self.topics.is_match(topic) && !self.topics_exclude.is_match(topic) && !internal && !cycle
    }

    /// Whether `group`'s offsets are checkpointed.
    pub fn checkpoints_group(&self, group: &str) -> bool {
        self.groups.is_match(group) && !self.groups_exclude.is_match(group)
    }

    /// `heartbeats` on the target.
    pub const HEARTBEATS_TOPIC: &'static str = "heartbeats";

    /// `A.checkpoints.internal` on the target.
    pub fn checkpoints_topic(&self) -> String {
        format!(
            "{}{}checkpoints.internal",
            self.source.alias, self.separator
        )
    }

    /// `mm2-offset-syncs.B.internal` on the source (offset-syncs.topic.location=source).
    pub fn offset_syncs_topic(&self) -> String {
        format!(
            "mm2-offset-syncs{}{}.internal",
            self.separator, self.target.alias
        )
    }

    /// `mm2-offsets.A.internal` on the target: the source task's offsets, as MirrorMaker 2's
    /// dedicated mode keeps them.
    pub fn offsets_topic(&self) -> String {
        format!("mm2-offsets.{}.internal", self.source.alias)
    }
}

/// Kafka's include/exclude list: comma-separated Java regexes, each matching whole names.
fn list_regex(what: &str, list: &str) -> anyhow::Result<regex::Regex> {
    let parts: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("(?:{p})"))
        .collect();
    let joined = if parts.is_empty() {
        // An empty list matches nothing.
        "^$a".to_string()
    } else {
        format!("^(?:{})$", parts.join("|"))
    };
    regex::Regex::new(&joined)
        .with_context(|| format!("Invalid regular expression in {what}: {list}"))
}

/// The configuration's flows, those whose target is in `only` when given.
pub fn flows(props: &[(String, String)], only: &[String]) -> anyhow::Result<Vec<FlowConfig>> {
    let map: BTreeMap<&str, &str> = props.iter().map(|(k, v)| (k.as_str(), v.trim())).collect();
    let clusters: Vec<String> = map
        .get("clusters")
        .copied()
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if clusters.is_empty() {
        bail!("Missing required configuration \"clusters\" which has no default value.");
    }
    for alias in only {
        if !clusters.contains(alias) {
            bail!(
                "Unknown cluster alias {alias}: clusters = {}",
                clusters.join(", ")
            );
        }
    }
    let cluster = |alias: &str| -> anyhow::Result<ClusterConfig> {
        let prefix = format!("{alias}.");
        let mut properties = Vec::new();
        let mut bootstrap = None;
        for (k, v) in props {
            let Some(key) = k.strip_prefix(&prefix) else {
                continue;
            };
            if key == "bootstrap.servers" {
                bootstrap = Some(v.trim().to_string());
            } else if !key.contains("->") {
                properties.push((key.to_string(), v.trim().to_string()));
            }
        }
        let bootstrap = bootstrap.filter(|b| !b.is_empty()).with_context(|| {
            format!(
                "Missing required configuration \"{alias}.bootstrap.servers\" which has no \
                 default value."
            )
        })?;
        Ok(ClusterConfig {
            alias: alias.to_string(),
            bootstrap,
            properties,
        })
    };
    let mut out = Vec::new();
    for source in &clusters {
        for target in &clusters {
            if source == target {
                continue;
            }
            let flow = format!("{source}->{target}");
            let setting = |name: &str, default: &str| -> String {
                map.get(format!("{flow}.{name}").as_str())
                    .or_else(|| map.get(name))
                    .map_or(default.to_string(), |v| v.to_string())
            };
            let enabled = map
                .get(format!("{flow}.enabled").as_str())
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            if !enabled || !(only.is_empty() || only.contains(target)) {
                continue;
            }
            let is_true =
                |name: &str, default: &str| setting(name, default).eq_ignore_ascii_case("true");
            let seconds = |name: &str, default: &str| -> anyhow::Result<Duration> {
                let v = setting(name, default);
                let n: i64 = v.parse().with_context(|| {
                    format!("Invalid value {v} for configuration {flow}.{name}")
                })?;
                Ok(Duration::from_secs(n.max(0) as u64))
            };
            let flush_ms = setting("offset.flush.interval.ms", "60000");
            let flush: u64 = flush_ms.parse().with_context(|| {
                format!("Invalid value {flush_ms} for configuration offset.flush.interval.ms")
            })?;
            let replication_factor = match map
                .get(format!("{flow}.replication.factor").as_str())
                .or_else(|| map.get("replication.factor"))
            {
                None => None,
                Some(v) => Some(v.parse::<i16>().with_context(|| {
                    format!("Invalid value {v} for configuration replication.factor")
                })?),
            };
            out.push(FlowConfig {
                source: cluster(source)?,
                target: cluster(target)?,
                topics: list_regex(&format!("{flow}.topics"), &setting("topics", ".*"))?,
                topics_exclude: list_regex(
                    &format!("{flow}.topics.exclude"),
                    &setting("topics.exclude", r".*[\-\.]internal, .*\.replica, __.*"),
                )?,
                groups: list_regex(&format!("{flow}.groups"), &setting("groups", ".*"))?,
                groups_exclude: list_regex(
                    &format!("{flow}.groups.exclude"),
                    &setting("groups.exclude", "console-consumer-.*, connect-.*, __.*"),
                )?,
                separator: setting("replication.policy.separator", "."),
                replication_factor,
                heartbeats: is_true("emit.heartbeats.enabled", "true")
                    .then(|| seconds("emit.heartbeats.interval.seconds", "1"))
                    .transpose()?,
                checkpoints: is_true("emit.checkpoints.enabled", "true")
                    .then(|| seconds("emit.checkpoints.interval.seconds", "60"))
                    .transpose()?,
                sync_group_offsets: is_true("sync.group.offsets.enabled", "false"),
                refresh_topics: seconds("refresh.topics.interval.seconds", "600")?,
                offset_flush: Duration::from_millis(flush),
            });
        }
    }
    if out.is_empty() {
        bail!(
            "No replication flow is enabled for {}: set SOURCE->TARGET.enabled = true (e.g. {}->{}.enabled = true)",
            if only.is_empty() { clusters.join(", ") } else { only.join(", ") },
            clusters[0],
            clusters.get(1).unwrap_or(&clusters[0])
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(text: &str) -> Vec<(String, String)> {
        text.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect()
    }

    #[test]
    fn flows_names_and_cycles() {
        let p = props(
            "clusters = A, B\nA.bootstrap.servers = a:1\nB.bootstrap.servers = b:1\n\
             A->B.enabled = true\nA->B.topics = orders.*, pay\nB->A.enabled = false",
        );
        let flows = flows(&p, &[]).unwrap();
        assert_eq!(flows.len(), 1);
        let f = &flows[0];
        assert_eq!(f.remote_topic("orders"), "A.orders");
        assert!(f.mirrors_topic("orders-eu") && f.mirrors_topic("pay"));
        assert!(!f.mirrors_topic("payments") && !f.mirrors_topic("B.orders"));
        assert_eq!(f.checkpoints_topic(), "A.checkpoints.internal");
        assert_eq!(f.offset_syncs_topic(), "mm2-offset-syncs.B.internal");
        assert!(f.checkpoints_group("g") && !f.checkpoints_group("console-consumer-1"));
        assert!(flows_err(&p, &["C"]).contains("Unknown cluster alias C"));
        let missing = props("clusters = A, B\nA.bootstrap.servers = a:1\nA->B.enabled = true");
        assert!(flows_err(&missing, &[]).contains("\"B.bootstrap.servers\""));
        let bad = props(
            "clusters = A, B\nA.bootstrap.servers = a\nB.bootstrap.servers = b\n\
             A->B.enabled = true\nA->B.topics = (",
        );
        assert!(flows_err(&bad, &[]).contains("Invalid regular expression in A->B.topics"));
    }

    fn flows_err(p: &[(String, String)], only: &[&str]) -> String {
        let only: Vec<String> = only.iter().map(|s| s.to_string()).collect();
        format!("{:#}", flows(p, &only).unwrap_err())
    }
}
