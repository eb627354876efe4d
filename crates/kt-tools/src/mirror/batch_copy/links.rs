//! The batch copy's connections to one cluster: one [`WireClient`] per broker, opened when
//! first needed, and the leader of each partition from the cluster's Metadata, asked again
//! whenever a broker says it no longer leads (or a connection breaks).

use std::collections::HashMap;
use std::time::Duration;

use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{MetadataRequest, MetadataResponse, TopicName};
use kafka_protocol::protocol::StrBytes;

use crate::admin::wire::{connect_any, WireClient, WireError};

/// One cluster as the batch copy sees it.
pub struct ClusterLinks {
    bootstrap: String,
    properties: Vec<(String, String)>,
    client_id: String,
    timeout: Duration,
    /// `host:port` of each broker, from the last Metadata.
    brokers: HashMap<i32, String>,
    /// Open connections, by broker id; a call in progress holds its connection outside.
    connections: HashMap<i32, WireClient>,
    /// The leader of each partition, from the last Metadata.
    leaders: HashMap<(String, i32), i32>,
    /// Whether the leaders must be asked again before they are used.
    stale: bool,
}

impl ClusterLinks {
    /// Links to the cluster at `bootstrap` with the client's properties (security, client
    /// id); nothing is connected yet.
    pub fn new(
        bootstrap: &str,
        properties: &[(String, String)],
        client_id: &str,
        timeout: Duration,
    ) -> Self {
        ClusterLinks {
            bootstrap: bootstrap.to_string(),
            properties: properties.to_vec(),
            client_id: client_id.to_string(),
            timeout,
            brokers: HashMap::new(),
            connections: HashMap::new(),
            leaders: HashMap::new(),
            stale: true,
        }
    }

    /// Connects to the cluster once, so that a configuration the wire client cannot honour
    /// (a SASL mechanism it does not speak, say) is known before any partition is taken.
    pub async fn check(&mut self) -> Result<(), WireError> {
        // Not the request timeout: a cluster that does not answer soon is left to the record
        // path, which reports it.
        let timeout = self.timeout.min(Duration::from_secs(10));
        let client =
            connect_any(&self.bootstrap, &self.properties, &self.client_id, timeout).await?;
        drop(client);
        Ok(())
    }

    /// Whether the leaders must be asked again.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Asks for the leaders again before they are next used.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// The leader of `topic`/`partition`, as the last Metadata said.
    pub fn leader(&self, topic: &str, partition: i32) -> Option<i32> {
        self.leaders.get(&(topic.to_string(), partition)).copied()
    }

    /// Asks the cluster for the leaders of `topics`' partitions.
    pub async fn refresh(&mut self, topics: &[String]) -> Result<(), WireError> {
        let mut client = match self.connections.keys().next().copied() {
            Some(node) => self.connections.remove(&node).map(|c| (node, c)),
            None => None,
        };
        let request = MetadataRequest::default()
            .with_topics(Some(
                topics
                    .iter()
                    .map(|t| {
                        MetadataRequestTopic::default()
                            .with_name(Some(TopicName(StrBytes::from_string(t.clone()))))
                    })
                    .collect(),
            ))
            .with_allow_auto_topic_creation(false);
        let metadata: MetadataResponse = match client.as_mut() {
            Some((_, c)) => c.call(&request, 12).await,
            None => {
                let mut c = connect_any(
                    &self.bootstrap,
                    &self.properties,
                    &self.client_id,
                    self.timeout,
                )
                .await?;
                let answer = c.call(&request, 12).await;
                // Kept as the connection of the broker it reached, once known below.
                client = Some((-1, c));
                answer
            }
        }?;
        self.brokers = metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
            .collect();
        if let Some((node, c)) = client {
            let node = match node {
                -1 => self
                    .brokers
                    .iter()
                    .find(|(_, addr)| addr.as_str() == c.addr())
                    .map(|(id, _)| *id),
                known => Some(known),
            };
            if let Some(node) = node {
                self.connections.insert(node, c);
            }
        }
        self.leaders.clear();
        for topic in &metadata.topics {
            let Some(name) = &topic.name else { continue };
            for p in &topic.partitions {
                if p.leader_id.0 >= 0 {
                    self.leaders
                        .insert((name.0.to_string(), p.partition_index), p.leader_id.0);
                }
            }
        }
        self.stale = false;
        Ok(())
    }

    /// The connection to broker `node`, opened if needed; hand it to [`Self::settle`] with
    /// the call's answer. If it cannot be opened, the leaders are asked again before their
    /// next use.
    pub async fn take(&mut self, node: i32) -> Result<WireClient, WireError> {
        if let Some(client) = self.connections.remove(&node) {
            return Ok(client);
        }
        let connected = match self.brokers.get(&node) {
            Some(addr) => {
                WireClient::connect(addr, &self.properties, &self.client_id, self.timeout).await
            }
            None => Err(WireError::Config(format!(
                "broker {node} is not in the cluster's metadata"
            ))),
        };
        if connected.is_err() {
            self.stale = true;
        }
        connected
    }

    /// After a call on the connection to `node`: the connection is kept if it answered;
    /// if not, it is dropped and the leaders are asked again before their next use.
    pub fn settle<T>(
        &mut self,
        node: i32,
        client: WireClient,
        answer: Result<T, WireError>,
    ) -> Result<T, WireError> {
        match answer {
            Ok(answer) => {
                self.connections.insert(node, client);
                Ok(answer)
            }
            Err(e) => {
                self.stale = true;
                Err(e)
            }
        }
    }
}
