//! ElectLeaders (v0–2, as Kafka 3.9): preferred or unclean leader election for the named
//! partitions (all of them when none are named), carried out by the controller.
//!
//! As in Kafka's ZooKeeper mode, only the controller carries an election out: another broker
//! answers NOT_CONTROLLER for every partition and the client asks the controller (the one
//! Metadata names). The answer waits, within the request's timeout, until this broker's view
//! shows the new leaders, so a describe right after it sees them.

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::messages::elect_leaders_response::{PartitionResult, ReplicaElectionResult};
use kafka_protocol::messages::{ElectLeadersRequest, ElectLeadersResponse, TopicName};

use super::str_bytes;
use crate::cluster::election::{
    self, ElectionError, ElectionOutcome, ElectionRequest, ElectionType,
};
use crate::state::Broker;

/// Runs the election and answers one result per partition (leaving out, when all
/// partitions were asked for, those that needed none, as Kafka's broker does).
pub async fn handle(
    broker: &Arc<Broker>,
    request: ElectLeadersRequest,
    ctx: &RequestContext,
) -> ElectLeadersResponse {
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Alter) {
        let denied = kafka_protocol::error::ResponseError::ClusterAuthorizationFailed;
        return ElectLeadersResponse::default().with_error_code(denied.code());
    }
    // v0 has no election type: it is a preferred election.
    let election_type = if ctx.version >= 1 {
        ElectionType::from_wire(request.election_type)
    } else {
        Some(ElectionType::Preferred)
    };
    let named: Option<Vec<(String, i32)>> = request.topic_partitions.as_ref().map(|topics| {
        topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.topic.to_string(), *p)))
            .collect()
    });
    let Some(election_type) = election_type else {
        return ElectLeadersResponse::default()
            .with_error_code(kafka_protocol::error::ResponseError::InvalidRequest.code());
    };
    let wait = Duration::from_millis(request.timeout_ms.max(0) as u64);
    let outcomes = match broker.cluster() {
        Some(cluster) => {
            let (reply, answer) = tokio::sync::oneshot::channel();
            cluster.request_election(ElectionRequest {
                election_type,
                partitions: named.clone(),
                reply,
            });
            let outcomes = match tokio::time::timeout(wait, answer).await {
                Ok(Ok(outcomes)) => outcomes,
                Ok(Err(_)) => every(&named, ElectionError::NotController),
                Err(_) => every(&named, ElectionError::TimedOut),
            };
            let elected: Vec<((String, i32), i32)> = outcomes
                .iter()
                .filter_map(|(tp, o)| o.as_ref().ok().map(|l| (tp.clone(), *l)))
                .collect();
            if !elected.is_empty() {
                cluster
                    .wait_for(wait, |v| {
                        elected
                            .iter()
                            .all(|((t, p), l)| v.live_leader(t, *p) == Some(*l))
                    })
                    .await;
            }
            outcomes
        }
        None => standalone(broker, election_type, named.clone()),
    };
    response(outcomes, named.is_none())
}

/// The same error for every named partition.
fn every(
    named: &Option<Vec<(String, i32)>>,
    error: ElectionError,
) -> Vec<((String, i32), ElectionOutcome)> {
    named
        .iter()
        .flatten()
        .map(|tp| (tp.clone(), Err(error.clone())))
        .collect()
}

/// A broker without ZooKeeper is a cluster of one: it leads every partition, as the
/// preferred (only) replica, so no election is ever needed.
fn standalone(
    broker: &Arc<Broker>,
    election_type: ElectionType,
    named: Option<Vec<(String, i32)>>,
) -> Vec<((String, i32), ElectionOutcome)> {
    let view = broker.view();
    let wanted = named.unwrap_or_else(|| {
        view.topics
            .iter()
            .flat_map(|(t, a)| a.replicas.keys().map(move |p| (t.clone(), *p)))
            .collect()
    });
    wanted
        .into_iter()
        .map(|(t, p)| {
            let assignment = view.topics.get(&t);
            let outcome = match (
                assignment.and_then(|a| a.replicas.get(&p)),
                assignment.and_then(|a| a.states.get(&p)),
            ) {
                (Some(replicas), Some(state)) => {
                    match election::plan(election_type, &t, p, replicas, state, 0, |b| {
                        view.brokers.contains_key(&b)
                    }) {
                        // Nothing to write to: the only broker already leads.
                        Ok(_) => Err(ElectionError::NotNeeded),
                        Err(e) => Err(e),
                    }
                }
                _ => Err(ElectionError::UnknownPartition),
            };
            ((t, p), outcome)
        })
        .collect()
}

/// Results grouped by topic, in topic then partition order.
fn response(
    outcomes: Vec<((String, i32), ElectionOutcome)>,
    all_partitions: bool,
) -> ElectLeadersResponse {
    let mut by_topic: BTreeMap<String, Vec<PartitionResult>> = BTreeMap::new();
    for ((topic, partition), outcome) in outcomes {
        if all_partitions && outcome == Err(ElectionError::NotNeeded) {
            continue;
        }
        let result = PartitionResult::default().with_partition_id(partition);
        let result = match outcome {
            Ok(_) => result,
            Err(e) => result
                .with_error_code(e.code())
                .with_error_message(e.message().map(|m| str_bytes(&m))),
        };
        by_topic.entry(topic).or_default().push(result);
    }
    ElectLeadersResponse::default().with_replica_election_results(
        by_topic
            .into_iter()
            .map(|(topic, mut partitions)| {
                partitions.sort_by_key(|p| p.partition_id);
                ReplicaElectionResult::default()
                    .with_topic(TopicName(str_bytes(&topic)))
                    .with_partition_result(partitions)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_partition_elections_leave_out_those_that_needed_none() {
        let outcomes = || {
            vec![
                (("t".to_string(), 1), Err(ElectionError::NotNeeded)),
                (("t".to_string(), 0), Ok(2)),
                (("a".to_string(), 0), Err(ElectionError::UnknownPartition)),
            ]
        };
        let named = response(outcomes(), false);
        assert_eq!(named.replica_election_results.len(), 2);
        let a = &named.replica_election_results[0];
        assert_eq!(a.topic.0.as_str(), "a");
        assert_eq!(a.partition_result[0].error_code, 3);
        assert_eq!(
            a.partition_result[0].error_message.as_deref(),
            Some("The partition does not exist.")
        );
        let t = &named.replica_election_results[1];
        assert_eq!(
            t.partition_result
                .iter()
                .map(|p| (p.partition_id, p.error_code))
                .collect::<Vec<_>>(),
            vec![(0, 0), (1, 84)]
        );
        let all = response(outcomes(), true);
        let t = &all.replica_election_results[1];
        assert_eq!(t.partition_result.len(), 1);
    }
}
