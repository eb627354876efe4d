//! The broker core's typed errors, mapped to Kafka error codes at the handler edge.

use kafka_protocol::error::ResponseError;
use thiserror::Error;

use kt_storage::StorageError;

/// Why a broker operation failed; each maps to the error code Kafka returns in that case.
#[derive(Debug, Error)]
pub enum BrokerError {
    #[error("Topic '{0}' already exists.")]
    TopicAlreadyExists(String),
    #[error("This server does not host this topic-partition.")]
    UnknownTopicOrPartition,
    #[error("{0}")]
    InvalidTopic(String),
    #[error("{0}")]
    InvalidPartitions(String),
    #[error("{0}")]
    InvalidReplicationFactor(String),
    #[error("{0}")]
    InvalidReplicaAssignment(String),
    #[error("{0}")]
    InvalidConfig(String),
    #[error("{0}")]
    InvalidRequest(String),
    /// An idempotent producer's batch out of sequence or from a fenced epoch.
    #[error("{0}")]
    Sequence(ResponseError),
    #[error("Topic deletion is disabled.")]
    TopicDeletionDisabled,
    /// A cluster-wide change was made but not seen through in the request's time.
    #[error("{0}")]
    RequestTimedOut(String),
    /// ZooKeeper failed a cluster-wide change (ZooKeeper mode).
    #[error(transparent)]
    Cluster(#[from] crate::cluster::ClusterError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl BrokerError {
    /// The Kafka error this failure is reported as.
    pub fn response_error(&self) -> ResponseError {
        match self {
            BrokerError::TopicAlreadyExists(_) => ResponseError::TopicAlreadyExists,
            BrokerError::UnknownTopicOrPartition => ResponseError::UnknownTopicOrPartition,
            BrokerError::InvalidTopic(_) => ResponseError::InvalidTopicException,
            BrokerError::InvalidPartitions(_) => ResponseError::InvalidPartitions,
            BrokerError::InvalidReplicationFactor(_) => ResponseError::InvalidReplicationFactor,
            BrokerError::InvalidReplicaAssignment(_) => ResponseError::InvalidReplicaAssignment,
            BrokerError::InvalidConfig(_) => ResponseError::InvalidConfig,
            BrokerError::InvalidRequest(_) => ResponseError::InvalidRequest,
            BrokerError::Sequence(e) => *e,
            BrokerError::TopicDeletionDisabled => ResponseError::TopicDeletionDisabled,
            BrokerError::RequestTimedOut(_) => ResponseError::RequestTimedOut,
            BrokerError::Cluster(_) => ResponseError::UnknownServerError,
            BrokerError::Storage(e) => storage_error(e),
            BrokerError::Io(_) => ResponseError::KafkaStorageError,
        }
    }

    /// The error code for a response.
    pub fn code(&self) -> i16 {
        self.response_error().code()
    }
}

/// The Kafka error a storage failure is reported as.
fn storage_error(e: &StorageError) -> ResponseError {
    match e {
        StorageError::CorruptRecord(_) | StorageError::CrcMismatch { .. } => {
            ResponseError::CorruptMessage
        }
        StorageError::UnsupportedMagic(_) => ResponseError::UnsupportedForMessageFormat,
        StorageError::InvalidRecord(_) => ResponseError::InvalidRecord,
        StorageError::MessageTooLarge { .. } => ResponseError::MessageTooLarge,
        StorageError::OffsetOutOfRange { .. } => ResponseError::OffsetOutOfRange,
        StorageError::InvalidTopic(_) => ResponseError::InvalidTopicException,
        StorageError::LogNotFound { .. } => ResponseError::UnknownTopicOrPartition,
        _ => ResponseError::KafkaStorageError,
    }
}
