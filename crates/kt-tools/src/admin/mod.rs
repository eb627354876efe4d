//! Admin operations on a Kafka cluster, independent of how the cluster is reached.
//!
//! The `kt` commands talk to [`Backend`], obtained from [`connect`]. Operations return data
//! (never print) and fail with a typed [`AdminError`] that carries the broker's own message, so
//! the printers in `cli::output` can reproduce Kafka's wording.
//!
//! Backends: [`remote::RemoteAdmin`] (librdkafka, any Kafka cluster) and
//! [`embedded::EmbeddedAdmin`] (the broker core in-process over a data directory). What
//! librdkafka has no call for goes over [`wire`], kt's own small protocol client
//! ([`log_dirs`]: DescribeLogDirs, [`elect_leaders`]: ElectLeaders, [`acls`]: the ACL APIs, [`reassign`]: partition reassignments).

pub mod acls;
pub mod api_versions;
pub mod authentication_failure;
pub mod client;
pub mod client_metrics;
pub mod cluster;
pub mod consumer_groups;
pub mod delegation_tokens;
pub mod delete_records;
pub mod elect_leaders;
pub mod embedded;
pub mod features;
pub mod group_members;
// librdkafka's admin and group APIs through its C bindings.
#[allow(unsafe_code)]
mod ffi;
#[allow(unsafe_code)]
mod ffi_groups;
pub mod log_dirs;
pub mod metadata_quorum;
pub mod reachability;
pub mod reassign;
pub mod remote;
pub mod sasl_properties;
pub mod scram_credentials;
pub mod ssl_properties;
pub mod transactions;
pub mod wire;
pub mod wire_configs;
mod wire_sasl;
mod wire_tls;

use std::path::PathBuf;

/// A topic to create, as `kafka-topics --create` describes it. `None` asks for the broker's
/// default (`num.partitions`, `default.replication.factor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTopic {
    pub name: String,
    pub partitions: Option<i32>,
    pub replication_factor: Option<i16>,
    /// `--replica-assignment`: partition `i`'s replicas (broker ids, preferred leader first)
    /// at index `i`. When set, `partitions` and `replication_factor` are `None`.
    pub replica_assignment: Option<Vec<Vec<i32>>>,
    pub configs: Vec<(String, String)>,
}

/// One partition of a described topic; broker ids, as `kafka-topics --describe` prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    pub id: i32,
    /// `None` when the partition has no leader (printed as `none`).
    pub leader: Option<i32>,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

/// What `kafka-topics --describe` shows about one topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicDescription {
    pub name: String,
    /// `None` when the cluster did not report one.
    pub topic_id: Option<uuid::Uuid>,
    pub internal: bool,
    /// Sorted by partition id.
    pub partitions: Vec<PartitionInfo>,
    /// Non-default configs only (topic overrides and dynamic broker settings).
    pub configs: Vec<(String, String)>,
}

/// One topic as listed: enough to filter (`--exclude-internal`) without describing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicListing {
    pub name: String,
    pub internal: bool,
}

/// Where a config value comes from; lets callers tell overrides from defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    /// Set on the topic itself.
    TopicOverride,
    /// Set dynamically for this broker.
    DynamicBroker,
    /// Set dynamically for all brokers.
    DynamicDefaultBroker,
    /// From the broker's server.properties.
    StaticBroker,
    /// Kafka's built-in default.
    Default,
    /// Not reported (old brokers).
    Unknown,
}

/// One config entry of a topic, as DescribeConfigs reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    /// `None` for sensitive or unset values.
    pub value: Option<String>,
    pub source: ConfigSource,
    pub read_only: bool,
    pub sensitive: bool,
    /// The layers that set it, highest priority first (broker configs; empty when the
    /// broker reports none), for kafka-configs' `synonyms={...}`.
    pub synonyms: Vec<ConfigSynonym>,
}

/// One layer setting a config, possibly under another key (`log.retention.hours`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSynonym {
    pub name: String,
    pub value: Option<String>,
    pub source: ConfigSource,
}

impl ConfigEntry {
    /// Whether `kafka-topics --describe` lists it: anything set somewhere other than the built-in
    /// and static broker defaults.
    pub fn is_override(&self) -> bool {
        matches!(
            self.source,
            ConfigSource::TopicOverride
                | ConfigSource::DynamicBroker
                | ConfigSource::DynamicDefaultBroker
        )
    }
}

/// What `kt configs` describes or alters: a topic, or one broker's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigResource {
    /// A topic's configs (entity type `topics`).
    Topic(String),
    /// A broker's configs by id (entity type `brokers`).
    Broker(i32),
    /// The dynamic configs every broker takes (`--entity-type brokers --entity-default`).
    BrokerDefault,
}

impl ConfigSource {
    /// Kafka's name for the source, as kafka-configs prints it in `synonyms={...}`.
    pub fn kafka_name(self) -> &'static str {
        match self {
            ConfigSource::TopicOverride => "DYNAMIC_TOPIC_CONFIG",
            ConfigSource::DynamicBroker => "DYNAMIC_BROKER_CONFIG",
            ConfigSource::DynamicDefaultBroker => "DYNAMIC_DEFAULT_BROKER_CONFIG",
            ConfigSource::StaticBroker => "STATIC_BROKER_CONFIG",
            ConfigSource::Default => "DEFAULT_CONFIG",
            ConfigSource::Unknown => "UNKNOWN",
        }
    }
}

/// Which offset of a partition to look up (Kafka's ListOffsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetSpec {
    /// The log start offset.
    Earliest,
    /// The log end offset (the next offset to be written).
    Latest,
    /// The offset of the record with the highest timestamp.
    MaxTimestamp,
    /// The first offset whose timestamp is at or after this many ms since the epoch.
    Timestamp(i64),
}

/// A looked-up offset of one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOffset {
    pub topic: String,
    pub partition: i32,
    /// `None` when no record matches (a timestamp past the last record).
    pub offset: Option<i64>,
}

/// A consumer group as listed, with its state as Kafka names it (`Stable`, `Empty`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupListing {
    pub group_id: String,
    pub state: String,
}

/// The broker coordinating a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinator {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

/// One member of a described group, with the partitions assigned to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub consumer_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub host: String,
    pub assignment: Vec<(String, i32)>,
}

/// What `kafka-consumer-groups --describe` needs to know about a group. An unknown group is
/// described as `Dead` with no members, as Kafka's brokers do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDescription {
    pub group_id: String,
    pub state: String,
    /// The partition assignor in use (empty unless the group is stable).
    pub assignor: String,
    pub coordinator: Option<Coordinator>,
    pub members: Vec<GroupMember>,
}

/// A group's committed offset for one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommittedOffset {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: Option<i32>,
}

/// Why an admin operation failed. Variants carry the broker's own message where it sent one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminError {
    /// Creating a topic that exists.
    #[error("{0}")]
    TopicAlreadyExists(String),
    /// The topic (or partition) does not exist.
    #[error("{0}")]
    UnknownTopic(String),
    /// More replicas than brokers.
    #[error("{0}")]
    InvalidReplicationFactor(String),
    /// A manual replica assignment the cluster refuses (unknown broker, duplicate replica,
    /// inconsistent replication factor).
    #[error("{0}")]
    InvalidReplicaAssignment(String),
    /// A partition count the broker refuses (zero, a decrease, ...).
    #[error("{0}")]
    InvalidPartitions(String),
    /// An illegal topic name.
    #[error("{0}")]
    InvalidTopic(String),
    /// An unknown config or a bad value.
    #[error("{0}")]
    InvalidConfig(String),
    /// The broker's create/alter policy said no.
    #[error("{0}")]
    PolicyViolation(String),
    /// ACLs forbid the operation.
    #[error("{0}")]
    NotAuthorized(String),
    /// No answer in time (unreachable cluster, slow controller).
    #[error("{0}")]
    Timeout(String),
    /// The broker does not implement the request.
    #[error("{0}")]
    Unsupported(String),
    /// The group does not exist.
    #[error("{0}")]
    GroupNotFound(String),
    /// The group still has members.
    #[error("{0}")]
    GroupNotEmpty(String),
    /// The group consumes the topic whose offsets were to be deleted.
    #[error("{0}")]
    GroupSubscribedToTopic(String),
    /// The cluster refused the login, or the TLS handshake failed.
    #[error("{0}")]
    Authentication(client::AuthenticationFailure),
    /// Any other failure, with librdkafka's or the broker's text.
    #[error("{0}")]
    Kafka(String),
}

impl AdminError {
    /// The Java exception Kafka's tools would name for this error; `kt topics` logs it on stderr
    /// so scripts that grep Kafka's log line keep working.
    pub fn java_class(&self) -> &'static str {
        match self {
            AdminError::TopicAlreadyExists(_) => {
                "org.apache.kafka.common.errors.TopicExistsException"
            }
            AdminError::UnknownTopic(_) => {
                "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
            }
            AdminError::InvalidReplicationFactor(_) => {
                "org.apache.kafka.common.errors.InvalidReplicationFactorException"
            }
            AdminError::InvalidReplicaAssignment(_) => {
                "org.apache.kafka.common.errors.InvalidReplicaAssignmentException"
            }
            AdminError::InvalidPartitions(_) => {
                "org.apache.kafka.common.errors.InvalidPartitionsException"
            }
            AdminError::InvalidTopic(_) => "org.apache.kafka.common.errors.InvalidTopicException",
            AdminError::InvalidConfig(_) => {
                "org.apache.kafka.common.errors.InvalidConfigurationException"
            }
            AdminError::PolicyViolation(_) => {
                "org.apache.kafka.common.errors.PolicyViolationException"
            }
            AdminError::NotAuthorized(_) => {
                "org.apache.kafka.common.errors.TopicAuthorizationException"
            }
            AdminError::Timeout(_) => "org.apache.kafka.common.errors.TimeoutException",
            AdminError::Unsupported(_) => {
                "org.apache.kafka.common.errors.UnsupportedVersionException"
            }
            AdminError::GroupNotFound(_) => {
                "org.apache.kafka.common.errors.GroupIdNotFoundException"
            }
            AdminError::GroupNotEmpty(_) => "org.apache.kafka.common.errors.GroupNotEmptyException",
            AdminError::GroupSubscribedToTopic(_) => {
                "org.apache.kafka.common.errors.GroupSubscribedToTopicException"
            }
            AdminError::Authentication(failure) => failure.java_class(),
            AdminError::Kafka(_) => "org.apache.kafka.common.KafkaException",
        }
    }
}

/// Result of an admin operation.
pub type AdminResult<T> = Result<T, AdminError>;

/// The admin operations `kt` needs, implemented once per backend.
///
/// Methods are `async` so the embedded backend can run the broker core on tokio; the remote
/// backend may block the calling thread while librdkafka works (fine for a CLI).
#[allow(async_fn_in_trait)]
pub trait Admin {
    /// Creates one topic.
    async fn create_topic(&self, topic: &NewTopic) -> AdminResult<()>;
    /// All topic names in the cluster, sorted, with their internal flag.
    async fn list_topics(&self) -> AdminResult<Vec<TopicListing>>;
    /// Describes the named topics (partitions, replicas, non-default configs), in input order.
    async fn describe_topics(&self, names: &[String]) -> AdminResult<Vec<TopicDescription>>;
    /// Deletes one topic.
    async fn delete_topic(&self, name: &str) -> AdminResult<()>;
    /// Grows a topic to `total` partitions.
    async fn create_partitions(&self, name: &str, total: i32) -> AdminResult<()>;
    /// All config entries of a topic.
    async fn describe_topic_configs(&self, name: &str) -> AdminResult<Vec<ConfigEntry>>;
    /// Sets the given configs of a topic (others keep their values).
    async fn alter_topic_configs(&self, name: &str, set: &[(String, String)]) -> AdminResult<()>;
    /// Partition ids of a topic, sorted.
    async fn topic_partitions(&self, name: &str) -> AdminResult<Vec<i32>>;
    /// All config entries of a topic or broker, sorted by name.
    async fn describe_configs(&self, resource: &ConfigResource) -> AdminResult<Vec<ConfigEntry>>;
    /// Sets and removes dynamic configs of a topic or broker; the others keep their values.
    async fn alter_configs(
        &self,
        resource: &ConfigResource,
        set: &[(String, String)],
        delete: &[String],
    ) -> AdminResult<()>;
    /// Looks up one offset per given partition.
    async fn list_offsets(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> AdminResult<Vec<PartitionOffset>>;
    /// Consumer groups, sorted by id; only those in `states` when it is not empty.
    async fn list_groups(&self, states: &[String]) -> AdminResult<Vec<GroupListing>>;
    /// Describes the named groups, in input order.
    async fn describe_groups(&self, ids: &[String]) -> AdminResult<Vec<GroupDescription>>;
    /// Every committed offset of a group, sorted by topic and partition.
    async fn group_offsets(&self, group: &str) -> AdminResult<Vec<CommittedOffset>>;
    /// Commits offsets for a group (which must have no active members).
    async fn alter_group_offsets(
        &self,
        group: &str,
        offsets: &[(String, i32, i64)],
    ) -> AdminResult<()>;
    /// Deletes groups; one result per group, in input order.
    async fn delete_groups(&self, ids: &[String]) -> AdminResult<Vec<AdminResult<()>>>;
    /// Deletes a group's committed offsets of the given partitions; one result each.
    async fn delete_group_offsets(
        &self,
        group: &str,
        partitions: &[(String, i32)],
    ) -> AdminResult<Vec<AdminResult<()>>>;
}

/// How to reach a cluster: what the `--bootstrap-server`/`--data-dir` flags and the client
/// properties file say, after parsing.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub bootstrap_servers: Option<String>,
    /// kt-only: run the broker core in-process over this directory (or comma-separated list
    /// of directories, as in `log.dirs`).
    pub data_dir: Option<PathBuf>,
    /// Client properties (Kafka names), in the order given; later ones win.
    pub properties: Vec<(String, String)>,
}

/// The chosen backend. An enum rather than `dyn Admin` because the trait has `async fn`s.
pub enum Backend {
    /// A Kafka cluster reached over the network through librdkafka.
    Remote(Box<remote::RemoteAdmin>),
    /// The broker core in this process over a data directory (`--data-dir`).
    Embedded(embedded::EmbeddedAdmin),
}

/// Opens the backend the options select. This is the single seam where the embedded backend
/// joins.
pub fn connect(opts: &ConnectOptions) -> anyhow::Result<Backend> {
    if let Some(dir) = &opts.data_dir {
        return Ok(Backend::Embedded(embedded::EmbeddedAdmin::open(dir)?));
    }
    let Some(bootstrap) = opts.bootstrap_servers.as_deref() else {
        anyhow::bail!("--bootstrap-server must be specified");
    };
    Ok(Backend::Remote(Box::new(remote::RemoteAdmin::new(
        bootstrap,
        &opts.properties,
    )?)))
}

impl Backend {
    /// Lets go of the backend when the process is about to exit, skipping its teardown: the
    /// rdkafka admin client's drop waits up to 100 ms for its polling thread, which would
    /// dominate a `kt topics --list`. Nothing is pending once an operation has returned.
    pub fn abandon(self) {
        match self {
            Backend::Remote(r) => {
                r.drain_logs();
                // With TLS the client must be destroyed (see `client::uses_tls`).
                if r.uses_tls() {
                    drop(r);
                } else {
                    std::mem::forget(r);
                }
            }
            // The embedded broker must flush, checkpoint and release its directory lock.
            Backend::Embedded(e) => drop(e),
        }
    }
}

macro_rules! delegate {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            Backend::Remote($b) => $call,
            Backend::Embedded($b) => $call,
        }
    };
}

impl Admin for Backend {
    async fn create_topic(&self, topic: &NewTopic) -> AdminResult<()> {
        delegate!(self, b => b.create_topic(topic).await)
    }
    async fn list_topics(&self) -> AdminResult<Vec<TopicListing>> {
        delegate!(self, b => b.list_topics().await)
    }
    async fn describe_topics(&self, names: &[String]) -> AdminResult<Vec<TopicDescription>> {
        delegate!(self, b => b.describe_topics(names).await)
    }
    async fn delete_topic(&self, name: &str) -> AdminResult<()> {
        delegate!(self, b => b.delete_topic(name).await)
    }
    async fn create_partitions(&self, name: &str, total: i32) -> AdminResult<()> {
        delegate!(self, b => b.create_partitions(name, total).await)
    }
    async fn describe_topic_configs(&self, name: &str) -> AdminResult<Vec<ConfigEntry>> {
        delegate!(self, b => b.describe_topic_configs(name).await)
    }
    async fn alter_topic_configs(&self, name: &str, set: &[(String, String)]) -> AdminResult<()> {
        delegate!(self, b => b.alter_topic_configs(name, set).await)
    }
    async fn topic_partitions(&self, name: &str) -> AdminResult<Vec<i32>> {
        delegate!(self, b => b.topic_partitions(name).await)
    }
    async fn describe_configs(&self, resource: &ConfigResource) -> AdminResult<Vec<ConfigEntry>> {
        delegate!(self, b => b.describe_configs(resource).await)
    }
    async fn alter_configs(
        &self,
        resource: &ConfigResource,
        set: &[(String, String)],
        delete: &[String],
    ) -> AdminResult<()> {
        delegate!(self, b => b.alter_configs(resource, set, delete).await)
    }
    async fn list_offsets(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> AdminResult<Vec<PartitionOffset>> {
        delegate!(self, b => b.list_offsets(partitions, spec).await)
    }
    async fn list_groups(&self, states: &[String]) -> AdminResult<Vec<GroupListing>> {
        delegate!(self, b => b.list_groups(states).await)
    }
    async fn describe_groups(&self, ids: &[String]) -> AdminResult<Vec<GroupDescription>> {
        delegate!(self, b => b.describe_groups(ids).await)
    }
    async fn group_offsets(&self, group: &str) -> AdminResult<Vec<CommittedOffset>> {
        delegate!(self, b => b.group_offsets(group).await)
    }
    async fn alter_group_offsets(
        &self,
        group: &str,
        offsets: &[(String, i32, i64)],
    ) -> AdminResult<()> {
        delegate!(self, b => b.alter_group_offsets(group, offsets).await)
    }
    async fn delete_groups(&self, ids: &[String]) -> AdminResult<Vec<AdminResult<()>>> {
        delegate!(self, b => b.delete_groups(ids).await)
    }
    async fn delete_group_offsets(
        &self,
        group: &str,
        partitions: &[(String, i32)],
    ) -> AdminResult<Vec<AdminResult<()>>> {
        delegate!(self, b => b.delete_group_offsets(group, partitions).await)
    }
}

/// Kafka's internal topics, hidden by `--exclude-internal`.
pub fn is_internal_topic(name: &str) -> bool {
    matches!(name, "__consumer_offsets" | "__transaction_state")
}
