//! The target's topics: a topic met for the first time is looked up on the target, and
//! created there when missing, with the source's partition count and topic configs (Kafka's
//! MirrorMaker 1 left that to the target's auto-creation, which takes neither). Each topic's
//! partition count on the target is remembered, so a record keeps its partition whenever the
//! target has it.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::admin::remote::RemoteAdmin;
use crate::admin::{Admin, AdminError, ConfigSource, NewTopic};

/// The source and target admin clients and what is known of the target's topics.
pub struct TargetTopics {
    source: RemoteAdmin,
    target: RemoteAdmin,
    runtime: tokio::runtime::Runtime,
    /// Partition count on the target of each topic met so far. The lock is held across the
    /// admin calls on purpose: two streams meeting a new topic create it once.
    known: Mutex<HashMap<String, i32>>,
}

impl TargetTopics {
    /// Admin clients for both clusters, from the consumer's and the producer's properties.
    pub fn new(
        source_bootstrap: &str,
        source_properties: &[(String, String)],
        target_bootstrap: &str,
        target_properties: &[(String, String)],
    ) -> anyhow::Result<Self> {
        let admin_properties = |props: &[(String, String)]| -> Vec<(String, String)> {
            // Only what reaches and authenticates to a cluster is an admin client's business.
            props
                .iter()
                .filter(|(k, _)| {
                    k.starts_with("security.")
                        || k.starts_with("ssl.")
                        || k.starts_with("sasl.")
                        || k == "client.dns.lookup"
                })
                .cloned()
                .collect()
        };
        Ok(TargetTopics {
            source: RemoteAdmin::new(source_bootstrap, &admin_properties(source_properties))?,
            target: RemoteAdmin::new(target_bootstrap, &admin_properties(target_properties))?,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?,
            known: Mutex::new(HashMap::new()),
        })
    }

    /// The partition count of `topic` on the target, creating the topic there first if it is
    /// missing.
    pub fn ensure(&self, topic: &str) -> Result<i32, AdminError> {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = known.get(topic) {
            return Ok(*n);
        }
        let count = self.runtime.block_on(self.lookup_or_create(topic))?;
        known.insert(topic.to_string(), count);
        Ok(count)
    }

    async fn lookup_or_create(&self, topic: &str) -> Result<i32, AdminError> {
        // Looked up in the list of all topics: a Metadata request naming a missing topic
        // from librdkafka's admin client (a producer handle) would have the broker
        // auto-create it with its defaults.
        let exists = self
            .target
            .list_topics()
            .await?
            .iter()
            .any(|t| t.name == topic);
        if exists {
            return Ok(self.target.topic_partitions(topic).await?.len() as i32);
        }
        let partitions = self.source.topic_partitions(topic).await?.len() as i32;
        let configs: Vec<(String, String)> = self
            .source
            .describe_topic_configs(topic)
            .await?
            .into_iter()
            .filter(|e| e.source == ConfigSource::TopicOverride)
            .filter_map(|e| e.value.map(|v| (e.name, v)))
            .collect();
        let new = NewTopic {
            name: topic.to_string(),
            partitions: Some(partitions),
            replication_factor: None,
            replica_assignment: None,
            configs,
        };
        match self.target.create_topic(&new).await {
            Ok(()) => {
                tracing::info!("created topic {topic} on the target with {partitions} partitions");
            }
            // Created meanwhile (by auto-creation or another mirror): use what is there.
            Err(AdminError::TopicAlreadyExists(_)) => {
                return Ok(self.target.topic_partitions(topic).await?.len() as i32);
            }
            Err(e) => return Err(e),
        }
        Ok(partitions)
    }
}
