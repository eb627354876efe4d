//! What `kafka-consumer-groups` computes from the admin answers, apart from how it is printed:
//! the offsets view of a group (committed offset, log end offset and lag per partition, with
//! the member that owns it) and the new offsets of a reset. `cli::consumer_groups` parses the
//! flags into these inputs and prints the results.

use std::collections::{BTreeMap, BTreeSet};

use super::{Admin, AdminError, AdminResult, CommittedOffset, GroupDescription, OffsetSpec};

/// Kafka's group states, as `--state` accepts them (case-insensitive).
pub const GROUP_STATES: &[&str] = &[
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "Empty",
];

/// One row of the offsets view: a partition the group owns or has committed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetRow {
    pub topic: String,
    pub partition: i32,
    /// The committed offset; `None` when the group has committed nothing for it.
    pub current: Option<i64>,
    /// The log end offset; `None` when the partition could not be looked up.
    pub log_end: Option<i64>,
    /// The owning member's consumer id, host and client id; `-` when no member owns it.
    pub consumer: String,
    pub host: String,
    pub client: String,
}

impl OffsetRow {
    /// How far the committed offset is behind the log end, when both are known.
    pub fn lag(&self) -> Option<i64> {
        match (self.current, self.log_end) {
            (Some(c), Some(e)) if c >= 0 => Some(e - c),
            _ => None,
        }
    }
}

/// A group's committed offsets by partition.
pub async fn committed_offsets(
    admin: &impl Admin,
    group: &str,
) -> AdminResult<BTreeMap<(String, i32), i64>> {
    Ok(admin
        .group_offsets(group)
        .await?
        .into_iter()
        .map(|c: CommittedOffset| ((c.topic, c.partition), c.offset))
        .collect())
}

/// The offsets view of a described group, in Kafka's order: the assigned partitions of the
/// members with the most partitions first, then partitions committed but owned by no member.
/// A dead (unknown) group has no rows.
pub async fn offset_rows(admin: &impl Admin, g: &GroupDescription) -> AdminResult<Vec<OffsetRow>> {
    if g.state == "Dead" {
        return Ok(Vec::new());
    }
    let committed = committed_offsets(admin, &g.group_id).await?;
    let mut members: Vec<&super::GroupMember> = g
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut assigned = BTreeSet::new();
    for m in members {
        let mut parts = m.assignment.clone();
        parts.sort();
        for (topic, partition) in parts {
            assigned.insert((topic.clone(), partition));
            rows.push(OffsetRow {
                current: committed.get(&(topic.clone(), partition)).copied(),
                topic,
                partition,
                log_end: None,
                consumer: m.consumer_id.clone(),
                host: m.host.clone(),
                client: m.client_id.clone(),
            });
        }
    }
    for ((topic, partition), offset) in &committed {
        if !assigned.contains(&(topic.clone(), *partition)) {
            rows.push(OffsetRow {
                topic: topic.clone(),
                partition: *partition,
                current: Some(*offset),
                log_end: None,
                consumer: "-".into(),
                host: "-".into(),
                client: "-".into(),
            });
        }
    }
    let wanted: Vec<(String, i32)> = rows
        .iter()
        .map(|r| (r.topic.clone(), r.partition))
        .collect();
    if !wanted.is_empty() {
        // A partition that no longer exists simply shows no log end offset.
        if let Ok(ends) = admin.list_offsets(&wanted, OffsetSpec::Latest).await {
            for row in &mut rows {
                row.log_end = ends
                    .iter()
                    .find(|e| e.topic == row.topic && e.partition == row.partition)
                    .and_then(|e| e.offset);
            }
        }
    }
    Ok(rows)
}

/// The partitions a `--topic` value names: the listed ones, or every partition of the topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicSelection {
    pub topic: String,
    /// `None` for every partition of the topic.
    pub partitions: Option<Vec<i32>>,
}

/// The topic-partitions of the selections, asking the cluster for whole topics.
pub async fn select_partitions(
    admin: &impl Admin,
    selections: &[TopicSelection],
) -> AdminResult<Vec<(String, i32)>> {
    let mut out = Vec::new();
    for s in selections {
        match &s.partitions {
            Some(ps) => out.extend(ps.iter().map(|p| (s.topic.clone(), *p))),
            None => {
                for p in admin.topic_partitions(&s.topic).await? {
                    out.push((s.topic.clone(), p));
                }
            }
        }
    }
    Ok(out)
}

/// Where `--reset-offsets` moves a group's offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetTarget {
    Earliest,
    Latest,
    /// The committed offset (the latest when nothing is committed).
    Current,
    Offset(i64),
    /// The committed offset moved by this much.
    ShiftBy(i64),
    /// The first offset at or after this time, ms since the epoch.
    Time(i64),
}

/// Why a reset could not be planned.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error(transparent)]
    Admin(#[from] AdminError),
    /// `--shift-by` on a partition the group has committed nothing for.
    #[error("Cannot shift offset for partition {topic}-{partition} since there is no current committed offset")]
    NothingCommitted { topic: String, partition: i32 },
}

/// The new offset of each partition, kept within what the partition holds (Kafka clamps to
/// [earliest, latest]).
pub async fn plan_reset(
    admin: &impl Admin,
    target: ResetTarget,
    partitions: &[(String, i32)],
    committed: &BTreeMap<(String, i32), i64>,
) -> Result<Vec<(String, i32, i64)>, ResetError> {
    if partitions.is_empty() {
        return Ok(Vec::new());
    }
    let lookup = |offsets: Vec<super::PartitionOffset>| -> BTreeMap<(String, i32), Option<i64>> {
        offsets
            .into_iter()
            .map(|o| ((o.topic, o.partition), o.offset))
            .collect()
    };
    let earliest = lookup(admin.list_offsets(partitions, OffsetSpec::Earliest).await?);
    let latest = lookup(admin.list_offsets(partitions, OffsetSpec::Latest).await?);
    let by_time = match target {
        ResetTarget::Time(ts) => Some(lookup(
            admin
                .list_offsets(partitions, OffsetSpec::Timestamp(ts))
                .await?,
        )),
        _ => None,
    };
    let mut plan = Vec::with_capacity(partitions.len());
    for (topic, partition) in partitions {
        let key = (topic.clone(), *partition);
        let lo = earliest.get(&key).copied().flatten().unwrap_or(0);
        let hi = latest.get(&key).copied().flatten().unwrap_or(lo);
        let wanted =
            match target {
                ResetTarget::Earliest => lo,
                ResetTarget::Latest => hi,
                ResetTarget::Current => committed.get(&key).copied().unwrap_or(hi),
                ResetTarget::Offset(o) => o,
                ResetTarget::ShiftBy(n) => {
                    let current = committed.get(&key).copied().ok_or_else(|| {
                        ResetError::NothingCommitted {
                            topic: topic.clone(),
                            partition: *partition,
                        }
                    })?;
                    current.saturating_add(n)
                }
                ResetTarget::Time(_) => by_time
                    .as_ref()
                    .and_then(|m| m.get(&key).copied().flatten())
                    .unwrap_or(hi),
            };
        plan.push((topic.clone(), *partition, wanted.clamp(lo, hi.max(lo))));
    }
    Ok(plan)
}
