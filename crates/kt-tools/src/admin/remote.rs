//! The remote backend: admin operations on any Kafka cluster through librdkafka.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, AlterConfig, ResourceSpecifier};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::metadata::Metadata;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use super::client::{client_config, error_text, AuthenticationFailure, KtContext};
use super::ffi::{self, map_error, TopicOutcome};
use super::ffi_groups;
use super::wire::{connect_any, property_ms, WireClient};
use super::wire_configs;
use super::{
    is_internal_topic, Admin, AdminError, AdminResult, CommittedOffset, ConfigEntry,
    ConfigResource, ConfigSource, GroupDescription, GroupListing, NewTopic, OffsetSpec,
    PartitionInfo, PartitionOffset, TopicDescription, TopicListing,
};

/// How long one admin call may take unless `default.api.timeout.ms` says otherwise.
const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// How long the first metadata request may take before the client's error events are looked
/// at (a refused login ends the wait); later ones wait longer.
const FIRST_METADATA_SLICE: Duration = Duration::from_millis(200);

/// Admin operations on a Kafka cluster reached through librdkafka.
pub struct RemoteAdmin {
    admin: AdminClient<KtContext>,
    config: ClientConfig,
    /// Created on first use: only the fallback offset look-up (old brokers) needs a consumer.
    consumer: OnceLock<BaseConsumer<KtContext>>,
    timeout: Duration,
    /// For messages: where we tried to connect.
    bootstrap: String,
    /// The client properties, for the calls made over kt's own wire client.
    properties: Vec<(String, String)>,
}

impl RemoteAdmin {
    /// Connects (lazily, as librdkafka does) to the cluster at `bootstrap`.
    pub fn new(bootstrap: &str, properties: &[(String, String)]) -> anyhow::Result<Self> {
        let timeout = property_ms(properties, "default.api.timeout.ms", DEFAULT_TIMEOUT_MS);
        let config = client_config(bootstrap, properties);
        let admin = config
            .create_with_context(KtContext::default())
            .map_err(|e| anyhow::anyhow!("cannot create the Kafka admin client: {e}"))?;
        Ok(RemoteAdmin {
            admin,
            config,
            consumer: OnceLock::new(),
            timeout,
            bootstrap: bootstrap.to_string(),
            properties: properties.to_vec(),
        })
    }

    /// Whether this client speaks TLS, and so must be destroyed before the process exits.
    pub fn uses_tls(&self) -> bool {
        super::client::uses_tls(&self.config)
    }

    fn options(&self) -> AdminOptions {
        AdminOptions::new()
            .request_timeout(Some(self.timeout))
            .operation_timeout(Some(self.timeout))
    }

    /// Metadata from the admin client, asked for in slices so that a refused login ends the
    /// wait at once instead of after the whole timeout (librdkafka keeps reconnecting).
    ///
    /// Each slice is twice the last, so a slow answer (a cluster with many partitions) still
    /// gets its time.
    fn metadata(&self, topic: Option<&str>) -> AdminResult<Metadata> {
        let deadline = Instant::now() + self.timeout;
        let mut slice = FIRST_METADATA_SLICE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.admin.inner().fetch_metadata(topic, left.min(slice)) {
                Ok(md) => return Ok(md),
                Err(KafkaError::MetadataFetch(
                    RDKafkaErrorCode::BrokerTransportFailure
                    | RDKafkaErrorCode::OperationTimedOut
                    | RDKafkaErrorCode::AllBrokersDown,
                )) if left > slice && self.authentication_failure().is_none() => slice *= 2,
                Err(e) => return Err(self.kafka_err(e)),
            }
        }
    }

    /// The refused login or failed TLS handshake librdkafka reported, once its pending error
    /// events are served.
    fn authentication_failure(&self) -> Option<AuthenticationFailure> {
        self.drain_logs();
        self.admin.inner().context().authentication_failure()
    }

    /// Maps a client-side error, explaining timeouts with librdkafka's last complaint; a
    /// refused login explains any of them.
    fn kafka_err(&self, e: KafkaError) -> AdminError {
        if let Some(failure) = self.authentication_failure() {
            return AdminError::Authentication(failure);
        }
        match e.rdkafka_error_code() {
            Some(RDKafkaErrorCode::OperationTimedOut) | Some(RDKafkaErrorCode::RequestTimedOut) => {
                self.timeout_error()
            }
            Some(code) => {
                let mut msg = error_text(code);
                // Local failures (transport, all brokers down) say more with librdkafka's
                // last complaint, such as "Connection refused".
                if msg.starts_with("Local:") {
                    match self.admin.inner().context().last_error() {
                        Some(last) => msg.push_str(&format!(" (last error: {last})")),
                        None => msg.push_str(&format!(" (bootstrap servers: {})", self.bootstrap)),
                    }
                }
                map_error(code, msg)
            }
            None => AdminError::Kafka(e.to_string()),
        }
    }

    /// Delivers librdkafka's pending log lines (printing errors, recording the last one).
    pub(crate) fn drain_logs(&self) {
        ffi::drain_main_queue(self.admin.inner());
    }

    fn timeout_error(&self) -> AdminError {
        if let Some(failure) = self.authentication_failure() {
            return AdminError::Authentication(failure);
        }
        let mut msg = format!(
            "Timed out after {} ms waiting for the cluster",
            self.timeout.as_millis()
        );
        match self.admin.inner().context().last_error() {
            Some(last) => msg.push_str(&format!(" (last error: {last})")),
            None => msg.push_str(&format!(" (bootstrap servers: {})", self.bootstrap)),
        }
        AdminError::Timeout(msg)
    }

    /// Turns an FFI-level error into an explained timeout where that is what it was.
    fn explain(&self, e: AdminError) -> AdminError {
        self.drain_logs();
        match e {
            AdminError::Timeout(_) => self.timeout_error(),
            other => other,
        }
    }

    fn consumer(&self) -> AdminResult<&BaseConsumer<KtContext>> {
        if let Some(c) = self.consumer.get() {
            return Ok(c);
        }
        let c: BaseConsumer<KtContext> = self
            .config
            .create_with_context(KtContext::default())
            .map_err(|e| self.kafka_err(e))?;
        Ok(self.consumer.get_or_init(|| c))
    }

    /// A connection to any broker, for the cluster-default BROKER resource (named ""), which
    /// librdkafka refuses to build (`rd_kafka_ConfigResource_new` wants a name) and which any
    /// broker serves.
    async fn default_broker(&self) -> AdminResult<WireClient> {
        connect_any(
            &self.bootstrap,
            &self.properties,
            "adminclient-1",
            self.timeout,
        )
        .await
        .map_err(|e| wire_configs::WireConfigError::from(e).into())
    }

    /// The one outcome of a single-topic operation, as a result.
    fn single(outcomes: Vec<TopicOutcome>) -> AdminResult<()> {
        for o in outcomes {
            if let Some((code, msg)) = o.error {
                return Err(map_error(code, msg));
            }
        }
        Ok(())
    }

    /// Describe through plain metadata, for clusters without DescribeTopics: no topic ids.
    fn describe_by_metadata(&self, name: &str) -> AdminResult<(bool, Vec<PartitionInfo>)> {
        let md = self.metadata(Some(name))?;
        let Some(t) = md.topics().iter().find(|t| t.name() == name) else {
            return Err(unknown_topic(name));
        };
        if let Some(err) = t.error() {
            return Err(map_error(RDKafkaErrorCode::from(err), unknown_msg(name)));
        }
        let mut parts: Vec<PartitionInfo> = t
            .partitions()
            .iter()
            .map(|p| PartitionInfo {
                id: p.id(),
                leader: Some(p.leader()).filter(|l| *l >= 0),
                replicas: p.replicas().to_vec(),
                isr: p.isr().to_vec(),
            })
            .collect();
        parts.sort_by_key(|p| p.id);
        Ok((is_internal_topic(name), parts))
    }
}

impl RemoteAdmin {
    /// ListOffsets through a consumer's `offsets_for_times`, for brokers where the admin
    /// ListOffsets request is not available.
    fn list_offsets_by_consumer(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> AdminResult<Vec<PartitionOffset>> {
        let consumer = self.consumer()?;
        let mut tpl = TopicPartitionList::with_capacity(partitions.len());
        let query = match spec {
            OffsetSpec::Earliest => Offset::Beginning,
            OffsetSpec::Latest => Offset::End,
            OffsetSpec::MaxTimestamp => {
                return Err(AdminError::Unsupported(
                    "The broker does not support looking up the max-timestamp offset".into(),
                ))
            }
            OffsetSpec::Timestamp(ts) => Offset::Offset(ts),
        };
        for (t, p) in partitions {
            tpl.add_partition_offset(t, *p, query)
                .map_err(|e| self.kafka_err(e))?;
        }
        let found = consumer
            .offsets_for_times(tpl, self.timeout)
            .map_err(|e| self.kafka_err(e))?;
        let mut out = Vec::with_capacity(partitions.len());
        for e in found.elements() {
            if let Err(err) = e.error() {
                return Err(self.kafka_err(err));
            }
            let offset = match e.offset() {
                Offset::Offset(o) if o >= 0 => Some(o),
                _ => None,
            };
            out.push(PartitionOffset {
                topic: e.topic().to_string(),
                partition: e.partition(),
                offset,
            });
        }
        out.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
        Ok(out)
    }

    /// All config entries of several topics in one DescribeConfigs call, by topic name.
    async fn configs_of(
        &self,
        names: &[String],
    ) -> AdminResult<std::collections::HashMap<String, Vec<ConfigEntry>>> {
        use rdkafka::admin::OwnedResourceSpecifier;
        let specs: Vec<ResourceSpecifier<'_>> =
            names.iter().map(|n| ResourceSpecifier::Topic(n)).collect();
        let results = self
            .admin
            .describe_configs(specs.iter(), &self.options())
            .await
            .map_err(|e| self.kafka_err(e))?;
        let mut out = std::collections::HashMap::new();
        for r in results {
            let resource = r.map_err(|code| map_error(code, error_text(code)))?;
            let OwnedResourceSpecifier::Topic(topic) = resource.specifier else {
                continue;
            };
            let mut entries: Vec<ConfigEntry> = resource
                .entries
                .into_iter()
                .map(|e| ConfigEntry {
                    source: convert_source(&e.source),
                    name: e.name,
                    value: e.value,
                    read_only: e.is_read_only,
                    sensitive: e.is_sensitive,
                    synonyms: Vec::new(),
                })
                .collect();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            out.insert(topic, entries);
        }
        Ok(out)
    }
}

fn unknown_msg(name: &str) -> String {
    format!("This server does not host this topic-partition: {name}")
}

fn unknown_topic(name: &str) -> AdminError {
    AdminError::UnknownTopic(unknown_msg(name))
}

/// librdkafka's name for a config resource.
fn config_target(resource: &ConfigResource) -> ffi::ConfigTarget {
    match resource {
        ConfigResource::Topic(name) => ffi::ConfigTarget {
            broker: false,
            name: name.clone(),
        },
        ConfigResource::Broker(id) => ffi::ConfigTarget {
            broker: true,
            name: id.to_string(),
        },
        // Never asked of librdkafka, which names no resource "" (see `default_broker`).
        ConfigResource::BrokerDefault => ffi::ConfigTarget {
            broker: true,
            name: String::new(),
        },
    }
}

fn convert_source(s: &rdkafka::admin::ConfigSource) -> ConfigSource {
    use rdkafka::admin::ConfigSource as S;
    match s {
        S::DynamicTopic => ConfigSource::TopicOverride,
        S::DynamicBroker => ConfigSource::DynamicBroker,
        S::DynamicDefaultBroker => ConfigSource::DynamicDefaultBroker,
        S::StaticBroker => ConfigSource::StaticBroker,
        S::Default => ConfigSource::Default,
        S::Unknown => ConfigSource::Unknown,
    }
}

impl Admin for RemoteAdmin {
    async fn create_topic(&self, topic: &NewTopic) -> AdminResult<()> {
        let outcomes = ffi::create_topics(
            self.admin.inner(),
            std::slice::from_ref(topic),
            self.timeout,
        )
        .map_err(|e| self.explain(e))?;
        Self::single(outcomes)
    }

    async fn list_topics(&self) -> AdminResult<Vec<TopicListing>> {
        let md = self.metadata(None)?;
        let mut topics: Vec<TopicListing> = md
            .topics()
            .iter()
            .filter(|t| {
                !matches!(
                    t.error().map(RDKafkaErrorCode::from),
                    Some(RDKafkaErrorCode::UnknownTopicOrPartition)
                )
            })
            .map(|t| TopicListing {
                name: t.name().to_string(),
                internal: is_internal_topic(t.name()),
            })
            .collect();
        topics.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(topics)
    }

    async fn describe_topics(&self, names: &[String]) -> AdminResult<Vec<TopicDescription>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let described = match ffi::describe_topics(self.admin.inner(), names, self.timeout) {
            Ok(d) => Some(d),
            Err(AdminError::Unsupported(_)) => None,
            Err(e) => return Err(self.explain(e)),
        };
        // A broker without DescribeConfigs still gets its topics described (no configs shown).
        let mut configs = match self.configs_of(names).await {
            Ok(c) => c,
            Err(AdminError::Unsupported(_)) => Default::default(),
            Err(e) => return Err(e),
        };
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let found = described
                .as_ref()
                .and_then(|d| d.iter().find(|t| &t.name == name));
            let unsupported = |t: &ffi::DescribedTopic| {
                matches!(
                    t.error,
                    Some((RDKafkaErrorCode::UnsupportedFeature, _))
                        | Some((RDKafkaErrorCode::UnsupportedVersion, _))
                )
            };
            let (topic_id, internal, partitions) = match found {
                Some(t) if !unsupported(t) => {
                    if let Some((code, msg)) = &t.error {
                        return Err(map_error(*code, msg.clone()));
                    }
                    (t.topic_id, t.internal, t.partitions.clone())
                }
                Some(_) => {
                    let (internal, parts) = self.describe_by_metadata(name)?;
                    (None, internal, parts)
                }
                None if described.is_some() => return Err(unknown_topic(name)),
                None => {
                    let (internal, parts) = self.describe_by_metadata(name)?;
                    (None, internal, parts)
                }
            };
            let configs = configs
                .remove(name)
                .unwrap_or_default()
                .into_iter()
                .filter(ConfigEntry::is_override)
                .filter_map(|e| e.value.map(|v| (e.name, v)))
                .collect();
            out.push(TopicDescription {
                name: name.clone(),
                topic_id,
                internal,
                partitions,
                configs,
            });
        }
        Ok(out)
    }

    async fn delete_topic(&self, name: &str) -> AdminResult<()> {
        let outcomes = ffi::delete_topics(self.admin.inner(), &[name.to_string()], self.timeout)
            .map_err(|e| self.explain(e))?;
        Self::single(outcomes)
    }

    async fn create_partitions(&self, name: &str, total: i32) -> AdminResult<()> {
        // librdkafka refuses a count below 1 itself; Kafka's broker judges it against the
        // topic's count, and kafka-topics prints the broker's words.
        if total < 1 {
            let current = self.topic_partitions(name).await?.len();
            return Err(AdminError::InvalidPartitions(format!(
                "Topic currently has {current} partitions, which is higher than the requested {total}."
            )));
        }
        let total = total.unsigned_abs() as usize;
        let outcomes = ffi::create_partitions(self.admin.inner(), name, total, self.timeout)
            .map_err(|e| self.explain(e))?;
        Self::single(outcomes)
    }

    async fn describe_topic_configs(&self, name: &str) -> AdminResult<Vec<ConfigEntry>> {
        let mut all = self.configs_of(&[name.to_string()]).await?;
        Ok(all.remove(name).unwrap_or_default())
    }

    async fn alter_topic_configs(&self, name: &str, set: &[(String, String)]) -> AdminResult<()> {
        // AlterConfigs replaces a topic's whole override set: start from the current overrides.
        let current = self.describe_topic_configs(name).await?;
        let mut merged: Vec<(String, String)> = current
            .into_iter()
            .filter(|e| e.source == ConfigSource::TopicOverride)
            .filter_map(|e| e.value.map(|v| (e.name, v)))
            .collect();
        for (k, v) in set {
            merged.retain(|(mk, _)| mk != k);
            merged.push((k.clone(), v.clone()));
        }
        let mut alter = AlterConfig::new(ResourceSpecifier::Topic(name));
        for (k, v) in &merged {
            alter = alter.set(k, v);
        }
        let results = self
            .admin
            .alter_configs([&alter], &self.options())
            .await
            .map_err(|e| self.kafka_err(e))?;
        for r in results {
            r.map_err(|(_, code)| map_error(code, error_text(code)))?;
        }
        Ok(())
    }

    async fn describe_configs(&self, resource: &ConfigResource) -> AdminResult<Vec<ConfigEntry>> {
        if *resource == ConfigResource::BrokerDefault {
            let mut client = self.default_broker().await?;
            let result = wire_configs::describe(&mut client, wire_configs::BROKER, "").await?;
            return Ok(wire_configs::entries(&result));
        }
        ffi::describe_configs(self.admin.inner(), &config_target(resource), self.timeout)
            .map_err(|e| self.explain(e))
    }

    async fn alter_configs(
        &self,
        resource: &ConfigResource,
        set: &[(String, String)],
        delete: &[String],
    ) -> AdminResult<()> {
        if *resource == ConfigResource::BrokerDefault {
            let changes: Vec<wire_configs::Change> = set
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .chain(delete.iter().map(|k| (k.clone(), None)))
                .collect();
            let mut client = self.default_broker().await?;
            return Ok(wire_configs::alter(&mut client, wire_configs::BROKER, "", &changes).await?);
        }
        ffi::incremental_alter_configs(
            self.admin.inner(),
            &config_target(resource),
            set,
            delete,
            self.timeout,
        )
        .map_err(|e| self.explain(e))
    }

    async fn topic_partitions(&self, name: &str) -> AdminResult<Vec<i32>> {
        let (_, partitions) = self.describe_by_metadata(name)?;
        Ok(partitions.iter().map(|p| p.id).collect())
    }

    async fn list_offsets(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> AdminResult<Vec<PartitionOffset>> {
        if partitions.is_empty() {
            return Ok(Vec::new());
        }
        let query = match spec {
            OffsetSpec::Earliest => -2,
            OffsetSpec::Latest => -1,
            OffsetSpec::MaxTimestamp => -3,
            OffsetSpec::Timestamp(ts) => ts,
        };
        let listed = match ffi::list_offsets(self.admin.inner(), partitions, query, self.timeout) {
            Ok(l) => l,
            // Brokers too old for the admin ListOffsets path: ask through a consumer.
            Err(AdminError::Unsupported(_)) => {
                return self.list_offsets_by_consumer(partitions, spec);
            }
            Err(e) => return Err(self.explain(e)),
        };
        let mut out = Vec::with_capacity(listed.len());
        for l in listed {
            let offset = match l.result {
                Ok(o) => Some(o).filter(|o| *o >= 0),
                Err((code, msg)) => return Err(map_error(code, msg)),
            };
            out.push(PartitionOffset {
                topic: l.topic,
                partition: l.partition,
                offset,
            });
        }
        out.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
        Ok(out)
    }

    async fn list_groups(&self, states: &[String]) -> AdminResult<Vec<GroupListing>> {
        ffi_groups::list_groups(self.admin.inner(), states, self.timeout)
            .map_err(|e| self.explain(e))
    }

    async fn describe_groups(&self, ids: &[String]) -> AdminResult<Vec<GroupDescription>> {
        ffi_groups::describe_groups(self.admin.inner(), ids, self.timeout)
            .map_err(|e| self.explain(e))
    }

    async fn group_offsets(&self, group: &str) -> AdminResult<Vec<CommittedOffset>> {
        ffi_groups::group_offsets(self.admin.inner(), group, self.timeout)
            .map_err(|e| self.explain(e))
    }

    async fn alter_group_offsets(
        &self,
        group: &str,
        offsets: &[(String, i32, i64)],
    ) -> AdminResult<()> {
        ffi_groups::alter_group_offsets(self.admin.inner(), group, offsets, self.timeout)
            .map_err(|e| self.explain(e))
    }

    async fn delete_groups(&self, ids: &[String]) -> AdminResult<Vec<AdminResult<()>>> {
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let results = self
            .admin
            .delete_groups(&names, &self.options())
            .await
            .map_err(|e| self.kafka_err(e))?;
        Ok(results
            .into_iter()
            .map(|r| r.map(|_| ()).map_err(|(_, code)| group_error(code)))
            .collect())
    }

    async fn delete_group_offsets(
        &self,
        group: &str,
        partitions: &[(String, i32)],
    ) -> AdminResult<Vec<AdminResult<()>>> {
        ffi_groups::delete_group_offsets(self.admin.inner(), group, partitions, self.timeout)
            .map_err(|e| self.explain(e))
    }
}

/// A group operation's error code with Kafka's own message for it.
fn group_error(code: RDKafkaErrorCode) -> AdminError {
    let message = match code {
        RDKafkaErrorCode::NonEmptyGroup => "The group is not empty.".to_string(),
        RDKafkaErrorCode::GroupIdNotFound => "The group id does not exist.".to_string(),
        other => error_text(other),
    };
    map_error(code, message)
}
