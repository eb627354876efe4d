//! Kafka's consumer protocol: what a `consumer`-type group's members put in their JoinGroup
//! metadata (the subscription) and receive in SyncGroup (the assignment). The coordinator
//! itself treats both as opaque; it reads them only to tell which topics a group consumes
//! (OffsetDelete refuses those) and to show assignments in the tools.

use bytes::{Buf, Bytes};
use kafka_protocol::messages::{ConsumerProtocolAssignment, ConsumerProtocolSubscription};
use kafka_protocol::protocol::Decodable;

/// The topics of a member's subscription, or `None` when the metadata does not parse.
pub fn subscribed_topics(metadata: &Bytes) -> Option<Vec<String>> {
    let mut buf = metadata.clone();
    if buf.remaining() < 2 {
        return None;
    }
    // Newer clients write versions the crate may not know; the topics field is the same
    // in every version, so read with the newest the crate supports.
    let version = buf.get_i16().clamp(0, 3);
    let subscription = ConsumerProtocolSubscription::decode(&mut buf, version).ok()?;
    Some(subscription.topics.iter().map(|t| t.to_string()).collect())
}

/// The (topic, partitions) of a member's assignment; empty when there is none or it does
/// not parse (a group of another protocol type).
pub fn assigned_partitions(assignment: &Bytes) -> Vec<(String, Vec<i32>)> {
    let mut buf = assignment.clone();
    if buf.remaining() < 2 {
        return Vec::new();
    }
    let version = buf.get_i16().clamp(0, 3);
    match ConsumerProtocolAssignment::decode(&mut buf, version) {
        Ok(assignment) => assignment
            .assigned_partitions
            .iter()
            .map(|tp| (tp.topic.to_string(), tp.partitions.clone()))
            .collect(),
        Err(_) => Vec::new(),
    }
}
