//! Transaction markers: the COMMIT or ABORT control batch written to every partition of a
//! decided transaction, by that partition's leader. On this broker's own partitions the
//! coordinator appends them itself; the others get a WriteTxnMarkers request to their leader,
//! as Kafka's `TransactionMarkerChannelManager` sends.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::{BufMut, BytesMut};
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::write_txn_markers_request::{
    WritableTxnMarker, WritableTxnMarkerTopic,
};
use kafka_protocol::messages::{ProducerId, TopicName, WriteTxnMarkersRequest};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};

use super::{MarkerJob, TxnResult};
use crate::api::str_bytes;
use crate::cluster::ClusterView;
use crate::replication::broker_link::BrokerLink;
use crate::security::inter_broker::InterBrokerSecurity;
use crate::state::Broker;
use kt_base::clock::now_ms;

/// The control record type of a marker: Kafka's `ControlRecordType` ABORT (0) or COMMIT (1).
pub fn control_type(result: TxnResult) -> i16 {
    match result {
        TxnResult::Abort => 0,
        TxnResult::Commit => 1,
    }
}

/// The control batch of one marker: transactional and control attributes set, the producer's
/// id and epoch, one record whose key is (version 0, type) and whose value is Kafka's
/// `EndTransactionMarker` (version 0, coordinator epoch).
pub fn control_batch(
    producer_id: i64,
    producer_epoch: i16,
    coordinator_epoch: i32,
    result: TxnResult,
    now: i64,
) -> BytesMut {
    let mut key = BytesMut::with_capacity(4);
    key.put_i16(0);
    key.put_i16(control_type(result));
    let mut value = BytesMut::with_capacity(6);
    value.put_i16(0);
    value.put_i32(coordinator_epoch);
    let record = Record {
        transactional: true,
        control: true,
        delete_horizon: false,
        partition_leader_epoch: 0,
        producer_id,
        producer_epoch,
        timestamp_type: TimestampType::Creation,
        offset: 0,
        sequence: -1,
        timestamp: now,
        key: Some(key.freeze()),
        value: Some(value.freeze()),
        headers: Default::default(),
    };
    let mut batch = BytesMut::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    RecordBatchEncoder::encode(&mut batch, std::iter::once(&record), &options)
        .expect("a one-record uncompressed batch always encodes");
    batch
}

/// The result a control batch's record stands for, from its key (None: not a marker).
pub fn marker_result(key: &[u8]) -> Option<TxnResult> {
    match key {
        [0, 0, 0, 0] => Some(TxnResult::Abort),
        [0, 0, 0, 1] => Some(TxnResult::Commit),
        _ => None,
    }
}

/// How long a WriteTxnMarkers to another broker may take.
const REMOTE_TIMEOUT: Duration = Duration::from_secs(30);

/// Writes every marker of `job`; Ok once all are written. Partitions whose topic was
/// deleted meanwhile count as written, as in Kafka.
pub async fn write_all(broker: &Arc<Broker>, job: &MarkerJob) -> Result<(), ResponseError> {
    let view = broker.view();
    let mut remote: BTreeMap<i32, Vec<(String, i32)>> = BTreeMap::new();
    for (topic, index) in &job.partitions {
        let Some(assignment) = view.topics.get(topic) else {
            continue;
        };
        match view.live_leader(topic, *index) {
            Some(leader) if leader == broker.id() => {
                write_local(broker, topic, *index, job)?;
            }
            Some(leader) => remote
                .entry(leader)
                .or_default()
                .push((topic.clone(), *index)),
            None if assignment.replicas.contains_key(index) => {
                return Err(ResponseError::NotLeaderOrFollower)
            }
            None => {}
        }
    }
    for (leader, partitions) in remote {
        if !view.brokers.contains_key(&leader) {
            return Err(ResponseError::NotLeaderOrFollower);
        }
        write_remote(broker, &view, leader, &partitions, job).await?;
    }
    Ok(())
}

/// Appends one marker to a partition this broker leads.
pub fn write_local(
    broker: &Broker,
    topic: &str,
    index: i32,
    job: &MarkerJob,
) -> Result<(), ResponseError> {
    let partition = match broker.leading(topic, index) {
        Ok(p) => p,
        Err(ResponseError::UnknownTopicOrPartition) => return Ok(()),
        Err(e) => return Err(e),
    };
    broker
        .append_marker(
            &partition,
            job.producer_id,
            job.producer_epoch,
            job.coordinator_epoch,
            job.result,
            now_ms(),
        )
        .map_err(|e| e.response_error())
}

async fn write_remote(
    broker: &Broker,
    view: &ClusterView,
    leader: i32,
    partitions: &[(String, i32)],
    job: &MarkerJob,
) -> Result<(), ResponseError> {
    let mut topics: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in partitions {
        topics.entry(t).or_default().push(*p);
    }
    let request =
        WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
            .with_producer_id(ProducerId(job.producer_id))
            .with_producer_epoch(job.producer_epoch)
            .with_transaction_result(job.result == TxnResult::Commit)
            .with_coordinator_epoch(job.coordinator_epoch)
            .with_topics(
                topics
                    .into_iter()
                    .map(|(t, ps)| {
                        WritableTxnMarkerTopic::default()
                            .with_name(TopicName(str_bytes(t)))
                            .with_partition_indexes(ps)
                    })
                    .collect(),
            )]);
    let client_id = format!("broker-{}-txn-marker-sender", broker.id());
    let failed = |e| {
        tracing::warn!("writing transaction markers to broker {leader} failed: {e}");
        ResponseError::NetworkException
    };
    // Over the inter-broker listener, with its TLS and SASL (KRaft mode: its only listener).
    let mut link = match broker.cluster() {
        Some(cluster) => {
            cluster
                .connect_to(view, leader, &client_id, REMOTE_TIMEOUT)
                .await
        }
        None => {
            let endpoint = view
                .brokers
                .get(&leader)
                .ok_or(ResponseError::NotLeaderOrFollower)?;
            let addr = format!("{}:{}", endpoint.host, endpoint.port);
            let plain = InterBrokerSecurity::plaintext(&broker.config().inter_broker_listener);
            BrokerLink::connect(&plain, leader, &addr, &client_id, REMOTE_TIMEOUT).await
        }
    }
    .map_err(failed)?;
    let response = link
        .call(&request, 1, REMOTE_TIMEOUT)
        .await
        .map_err(failed)?;
    for marker in response.markers {
        for topic in marker.topics {
            for p in topic.partitions {
                let error = ResponseError::try_from_code(p.error_code);
                // A partition deleted meanwhile needs no marker.
                if let Some(e) = error.filter(|e| *e != ResponseError::UnknownTopicOrPartition) {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// Writes a decided transaction's markers and completes it; on failure the job is released
/// for the timer to retry.
pub async fn run(broker: &Arc<Broker>, job: &MarkerJob) -> Result<(), ResponseError> {
    let written = write_all(broker, job).await;
    let txns = broker.txns();
    match written {
        Ok(()) => txns.complete(job, now_ms()),
        Err(e) => {
            tracing::warn!(
                "writing the markers of transactionalId {} failed ({e:?}); retrying later",
                job.transactional_id
            );
            txns.release(job);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::records::RecordBatchDecoder;

    #[test]
    fn a_marker_is_a_transactional_control_batch_kafka_can_read() {
        let mut batch = control_batch(42, 3, 7, TxnResult::Commit, 1_000).freeze();
        let header = kt_storage::BatchHeader::parse(&batch).unwrap();
        assert!(header.is_control() && header.is_transactional());
        assert_eq!((header.producer_id, header.producer_epoch), (42, 3));
        kt_storage::validate_batch(&batch).unwrap();
        let sets = RecordBatchDecoder::decode_all(&mut batch).unwrap();
        let record = &sets[0].records[0];
        assert_eq!(
            marker_result(record.key.as_ref().unwrap()),
            Some(TxnResult::Commit)
        );
        assert_eq!(&record.value.as_ref().unwrap()[..], &[0, 0, 0, 0, 0, 7]);
        let abort = control_batch(42, 3, 7, TxnResult::Abort, 1_000).freeze();
        assert_ne!(
            abort,
            control_batch(42, 3, 7, TxnResult::Commit, 1_000).freeze()
        );
    }
}
