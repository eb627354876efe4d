//! AlterPartitionReassignments (v0, as Kafka 3.9): starts, replaces or cancels (null
//! replicas) partition reassignments, carried out by the controller.
//!
//! As in Kafka's ZooKeeper mode the request is not forwarded: a broker that is not the
//! controller answers NOT_CONTROLLER for the whole request and the admin client asks the
//! controller Metadata names. The answer comes once the controller has written the new
//! assignments (the reassignment then runs on; ListPartitionReassignments follows it).

use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_partition_reassignments_response::{
    ReassignablePartitionResponse, ReassignableTopicResponse,
};
use kafka_protocol::messages::{
    AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse, TopicName,
};

use super::{str_bytes, RequestContext};
use crate::cluster::reassignment::{
    self, Assignment, ReassignError, ReassignOutcome, ReassignRequest,
};
use crate::cluster::ControllerEvent;
use crate::state::Broker;

/// Hands the reassignments to the controller loop and answers its outcomes.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterPartitionReassignmentsRequest,
    ctx: &RequestContext,
) -> AlterPartitionReassignmentsResponse {
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Alter) {
        return refused(ResponseError::ClusterAuthorizationFailed);
    }
    let partitions: Vec<ReassignRequest> = request
        .topics
        .iter()
        .flat_map(|t| {
            t.partitions.iter().map(|p| {
                let replicas = p.replicas.as_ref().map(|r| r.iter().map(|b| b.0).collect());
                ((t.name.to_string(), p.partition_index), replicas)
            })
        })
        .collect();
    let outcomes = match broker.cluster() {
        Some(cluster) => {
            let (reply, answer) = tokio::sync::oneshot::channel();
            cluster.submit(ControllerEvent::AlterReassignments { partitions, reply });
            let wait = Duration::from_millis(request.timeout_ms.max(1) as u64);
            match tokio::time::timeout(wait, answer).await {
                Ok(Ok(Ok(outcomes))) => outcomes,
                Ok(Ok(Err(code))) => {
                    return refused(
                        ResponseError::try_from_code(code).unwrap_or(ResponseError::NotController),
                    )
                }
                Ok(Err(_)) => return refused(ResponseError::NotController),
                Err(_) => return refused(ResponseError::RequestTimedOut),
            }
        }
        None => standalone(broker, partitions),
    };
    response(outcomes)
}

/// The whole request refused, with the error's default message (Kafka's `ApiError`).
fn refused(error: ResponseError) -> AlterPartitionReassignmentsResponse {
    let message = match error {
        ResponseError::NotController => "This is not the correct controller for this cluster.",
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.",
        ResponseError::RequestTimedOut => "The request timed out.",
        _ => "",
    };
    AlterPartitionReassignmentsResponse::default()
        .with_error_code(error.code())
        .with_error_message(Some(str_bytes(message)))
}

/// A broker without ZooKeeper is a cluster of one: the only valid target is the broker
/// itself, which every partition already has, so nothing ever moves.
fn standalone(
    broker: &Arc<Broker>,
    partitions: Vec<ReassignRequest>,
) -> Vec<((String, i32), ReassignOutcome)> {
    let view = broker.view();
    let live: Vec<i32> = view.brokers.keys().copied().collect();
    partitions
        .into_iter()
        .map(|((t, p), target)| {
            let outcome = match (Assignment::of(&view, &t, p), target) {
                (None, _) => Err(ReassignError::UnknownPartition),
                (Some(_), None) => Err(ReassignError::NoReassignmentInProgress),
                (Some(current), Some(target)) => reassignment::validate(&current, &target, &live),
            };
            ((t, p), outcome)
        })
        .collect()
}

/// Outcomes grouped by topic, in topic then partition order.
fn response(
    outcomes: Vec<((String, i32), ReassignOutcome)>,
) -> AlterPartitionReassignmentsResponse {
    let topics = reassignment::by_topic(outcomes)
        .into_iter()
        .map(|(topic, partitions)| {
            ReassignableTopicResponse::default()
                .with_name(TopicName(str_bytes(&topic)))
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|(p, outcome)| {
                            let r =
                                ReassignablePartitionResponse::default().with_partition_index(p);
                            match outcome {
                                Ok(()) => r,
                                Err(e) => r
                                    .with_error_code(e.code())
                                    .with_error_message(e.message().map(|m| str_bytes(&m))),
                            }
                        })
                        .collect(),
                )
        })
        .collect();
    AlterPartitionReassignmentsResponse::default().with_responses(topics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_grouped_by_topic_with_kafkas_codes() {
        let r = response(vec![
            (("b".into(), 1), Ok(())),
            (
                ("a".into(), 0),
                Err(ReassignError::NoReassignmentInProgress),
            ),
            (("b".into(), 0), Err(ReassignError::UnknownPartition)),
        ]);
        assert_eq!(r.responses[0].name.0.as_str(), "a");
        assert_eq!(r.responses[0].partitions[0].error_code, 85);
        let b = &r.responses[1].partitions;
        assert_eq!((b[0].partition_index, b[0].error_code), (0, 3));
        assert_eq!(
            b[0].error_message.as_deref(),
            Some("The partition does not exist.")
        );
        assert_eq!((b[1].partition_index, b[1].error_code), (1, 0));
        assert_eq!(refused(ResponseError::NotController).error_code, 41);
    }
}
