//! The controller's channels to the brokers, as Kafka's `ControllerChannelManager`: one queue
//! and one sending task per live broker, over the broker's inter-broker endpoint. Requests to a
//! broker go in the order queued, one at a time; a failed send is retried (on a new
//! connection) until it succeeds or the broker leaves the cluster, which closes its channel.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{BrokerEndpoint, ClusterView};
use crate::replication::broker_link::{BrokerLink, LinkError};
use crate::replication::controller_api::*;
use crate::security::inter_broker::InterBrokerSecurity;

/// A request the controller sends a broker.
#[derive(Debug, Clone)]
pub enum ControlRequest {
    LeaderAndIsr(LeaderAndIsrRequest),
    UpdateMetadata(UpdateMetadataRequest),
    StopReplica(StopReplicaRequest),
}

/// How long a controller request may take before it is sent again on a new connection
/// (Kafka's `controller.socket.timeout.ms`, 30 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The pause before a failed send is tried again.
const RETRY_BACKOFF: Duration = Duration::from_millis(100);
/// The pause after the broker refused the controller's login: a configuration error, not a
/// blip (Kafka's `reconnect.backoff.max.ms`, 1 s).
const AUTHENTICATION_BACKOFF: Duration = Duration::from_secs(1);

/// What a channel's queue holds: requests, and flush marks answered once every request
/// queued before them was answered.
enum Queued {
    Request(ControlRequest),
    Flush(tokio::sync::oneshot::Sender<()>),
}

struct Channel {
    endpoint: BrokerEndpoint,
    queue: mpsc::UnboundedSender<Queued>,
    task: JoinHandle<()>,
}

/// The controller's channels, by broker id. Owned by the controller loop; dropped (and every
/// task stopped) when this broker stops being the controller.
pub struct ControllerChannels {
    me: i32,
    security: Arc<InterBrokerSecurity>,
    channels: BTreeMap<i32, Channel>,
}

impl ControllerChannels {
    /// No channels yet: [`ControllerChannels::sync`] opens them, connecting as `security`
    /// says.
    pub fn new(me: i32, security: Arc<InterBrokerSecurity>) -> Self {
        ControllerChannels {
            me,
            security,
            channels: BTreeMap::new(),
        }
    }

    /// Opens a channel to every live broker of `view` that has none (or moved), and closes
    /// the channels of brokers that are gone.
    pub fn sync(&mut self, view: &ClusterView) {
        let listener = self.security.listener.as_str();
        self.channels.retain(|id, channel| {
            let keep = view.broker_on(*id, listener) == Some(&channel.endpoint);
            if !keep {
                channel.task.abort();
            }
            keep
        });
        for id in view.brokers.keys() {
            if self.channels.contains_key(id) {
                continue;
            }
            let Some(endpoint) = view.broker_on(*id, listener) else {
                tracing::warn!(
                    "[Controller id={}] broker {id} has no endpoint on the inter-broker \
                     listener {listener}",
                    self.me
                );
                continue;
            };
            let (queue, requests) = mpsc::unbounded_channel();
            let addr = format!("{}:{}", endpoint.host, endpoint.port);
            let task = tokio::spawn(send_loop(
                self.me,
                *id,
                addr,
                self.security.clone(),
                requests,
            ));
            self.channels.insert(
                *id,
                Channel {
                    endpoint: endpoint.clone(),
                    queue,
                    task,
                },
            );
        }
    }

    /// Queues `request` for `broker`; dropped when the broker has no channel (it is gone).
    pub fn send(&self, broker: i32, request: ControlRequest) {
        if let Some(channel) = self.channels.get(&broker) {
            let _ = channel.queue.send(Queued::Request(request));
        }
    }

    /// Resolves once every broker answered what was queued for it so far (a channel that
    /// closes meanwhile counts as done): the controller's own controlled shutdown waits for
    /// it, so the brokers know the new leaders before the controller's broker goes.
    pub fn flush(&self) -> impl std::future::Future<Output = ()> + use<> {
        let marks: Vec<_> = self
            .channels
            .values()
            .filter_map(|channel| {
                let (done, answered) = tokio::sync::oneshot::channel();
                channel
                    .queue
                    .send(Queued::Flush(done))
                    .ok()
                    .map(|()| answered)
            })
            .collect();
        async move {
            for answered in marks {
                let _ = answered.await;
            }
        }
    }
}

impl Drop for ControllerChannels {
    fn drop(&mut self) {
        for channel in self.channels.values() {
            channel.task.abort();
        }
    }
}

/// Sends one broker's requests in order, each until it is answered.
async fn send_loop(
    me: i32,
    broker: i32,
    addr: String,
    security: Arc<InterBrokerSecurity>,
    mut requests: mpsc::UnboundedReceiver<Queued>,
) {
    let client_id = format!("controller-{me}-to-broker-{broker}");
    let mut link: Option<BrokerLink> = None;
    let mut failures = 0u32;
    while let Some(queued) = requests.recv().await {
        let request = match queued {
            Queued::Request(request) => request,
            Queued::Flush(done) => {
                let _ = done.send(());
                continue;
            }
        };
        loop {
            let attempt = async {
                if link.is_none() {
                    link = Some(
                        BrokerLink::connect(&security, broker, &addr, &client_id, REQUEST_TIMEOUT)
                            .await?,
                    );
                }
                let Some(open) = link.as_mut() else {
                    unreachable!("connected just above");
                };
                exchange(open, &request).await
            };
            match attempt.await {
                Ok(errors) => {
                    failures = 0;
                    for e in errors {
                        tracing::warn!("[Controller id={me}] broker {broker} answered {e}");
                    }
                    break;
                }
                Err(e) if e.is_authentication() => {
                    // Refused credentials: an ERROR on every attempt, as Kafka's
                    // NetworkClient logs them, and a longer pause between attempts.
                    link = None;
                    failures += 1;
                    tracing::error!("[Controller id={me}, targetBrokerId={broker}] {e}");
                    tokio::time::sleep(AUTHENTICATION_BACKOFF).await;
                }
                Err(e) => {
                    link = None;
                    // One line per outage, not one per retry.
                    if failures == 0 {
                        tracing::warn!(
                            "[RequestSendThread controllerId={me}] Controller {me} epoch's \
                             connection to broker {broker} was unsuccessful: {e}"
                        );
                    }
                    failures += 1;
                    tokio::time::sleep(RETRY_BACKOFF).await;
                }
            }
        }
    }
}

/// One request and its answer; returns the errors the broker reported (other than the
/// STALE_CONTROLLER_EPOCH of a state it already had from ZooKeeper).
async fn exchange(
    link: &mut BrokerLink,
    request: &ControlRequest,
) -> Result<Vec<String>, LinkError> {
    let mut errors = Vec::new();
    match request {
        ControlRequest::LeaderAndIsr(r) => {
            let version = ControllerApi::LeaderAndIsr.kafka_3_9_version();
            let answer = link.call(r, version, REQUEST_TIMEOUT).await?;
            if answer.error_code != 0 {
                errors.push(format!("LeaderAndIsr error {}", answer.error_code));
            }
            let partitions = answer
                .partition_errors
                .iter()
                .chain(answer.topics.iter().flat_map(|t| t.partition_errors.iter()));
            for p in partitions.filter(|p| p.error_code != 0 && p.error_code != 11) {
                errors.push(format!(
                    "LeaderAndIsr error {} for partition {}-{}",
                    p.error_code, p.topic_name.0, p.partition_index
                ));
            }
        }
        ControlRequest::UpdateMetadata(r) => {
            let version = ControllerApi::UpdateMetadata.kafka_3_9_version();
            let answer = link.call(r, version, REQUEST_TIMEOUT).await?;
            if answer.error_code != 0 {
                errors.push(format!("UpdateMetadata error {}", answer.error_code));
            }
        }
        ControlRequest::StopReplica(r) => {
            let version = ControllerApi::StopReplica.kafka_3_9_version();
            let answer = link.call(r, version, REQUEST_TIMEOUT).await?;
            if answer.error_code != 0 {
                errors.push(format!("StopReplica error {}", answer.error_code));
            }
        }
    }
    Ok(errors)
}
