//! ListPartitionReassignments (v0, as Kafka 3.9): the reassignments in progress, with each
//! partition's replicas and the replicas being added and removed, from the controller
//! (NOT_CONTROLLER elsewhere, as in Kafka's ZooKeeper mode). Partitions named but not being
//! reassigned (or unknown) are left out, as Kafka's controller does.

use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::list_partition_reassignments_response::{
    OngoingPartitionReassignment, OngoingTopicReassignment,
};
use kafka_protocol::messages::{
    BrokerId, ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse, TopicName,
};

use super::{str_bytes, RequestContext};
use crate::cluster::reassignment::{self, Assignment};
use crate::cluster::ControllerEvent;
use crate::state::Broker;

/// Asks the controller loop for the reassignments in progress.
pub async fn handle(
    broker: &Arc<Broker>,
    request: ListPartitionReassignmentsRequest,
    ctx: &RequestContext,
) -> ListPartitionReassignmentsResponse {
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Describe) {
        return refused(
            ResponseError::ClusterAuthorizationFailed,
            "Cluster authorization failed.",
        );
    }
    let partitions: Option<Vec<(String, i32)>> = request.topics.as_ref().map(|topics| {
        topics
            .iter()
            .flat_map(|t| t.partition_indexes.iter().map(|p| (t.name.to_string(), *p)))
            .collect()
    });
    let ongoing = match broker.cluster() {
        Some(cluster) => {
            let (reply, answer) = tokio::sync::oneshot::channel();
            cluster.submit(ControllerEvent::ListReassignments { partitions, reply });
            let wait = Duration::from_millis(request.timeout_ms.max(1) as u64);
            match tokio::time::timeout(wait, answer).await {
                Ok(Ok(Ok(ongoing))) => ongoing,
                Ok(Ok(Err(_))) | Ok(Err(_)) => {
                    return refused(
                        ResponseError::NotController,
                        "This is not the correct controller for this cluster.",
                    )
                }
                Err(_) => return refused(ResponseError::RequestTimedOut, "The request timed out."),
            }
        }
        // A cluster of one never reassigns anything.
        None => reassignment::list(&broker.view(), partitions.as_deref()),
    };
    response(ongoing)
}

fn refused(error: ResponseError, message: &str) -> ListPartitionReassignmentsResponse {
    ListPartitionReassignmentsResponse::default()
        .with_error_code(error.code())
        .with_error_message(Some(str_bytes(message)))
}

fn ids(v: &[i32]) -> Vec<BrokerId> {
    v.iter().copied().map(BrokerId).collect()
}

/// The reassignments grouped by topic, in topic then partition order.
fn response(ongoing: Vec<((String, i32), Assignment)>) -> ListPartitionReassignmentsResponse {
    let topics = reassignment::by_topic(ongoing)
        .into_iter()
        .map(|(topic, partitions)| {
            OngoingTopicReassignment::default()
                .with_name(TopicName(str_bytes(&topic)))
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|(p, a)| {
                            OngoingPartitionReassignment::default()
                                .with_partition_index(p)
                                .with_replicas(ids(&a.replicas))
                                .with_adding_replicas(ids(&a.adding))
                                .with_removing_replicas(ids(&a.removing))
                        })
                        .collect(),
                )
        })
        .collect();
    ListPartitionReassignmentsResponse::default().with_topics(topics)
}
