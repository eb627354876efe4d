//! The broker core: Kafka's wire protocol over tokio on top of the storage layer.
//!
//! Data flows one way: `server` accepts a socket on any listener (TLS on SSL listeners is
//! `security`'s: the connection is generic over the stream) → `connection` cuts frames and decodes the
//! request header → `api` routes the request to its handler → the handler works on the
//! `Broker` state (topics, partition logs, producer ids) → the response goes back in order.
//! `acceptor` admits connections under Kafka's connection quotas and the descriptor budget
//! (`limits`). Handlers never see a socket; the state knows nothing of the wire. What the
//! cluster knows (topics, leaders, live brokers, the controller) the handlers ask of
//! `metadata`, one interface whatever the mode: a standalone broker is a cluster of one over
//! its `catalogue`; in ZooKeeper mode `cluster` keeps a view of the whole cluster and tells the
//! state which partition logs this broker holds. `replication` copies partitions between
//! brokers: followers' fetcher tasks, the leader's high watermark, ISR and acks=all wait, and
//! the controller APIs' codec.

mod acceptor;
pub mod api;
pub mod catalogue;
pub mod cluster;
mod connection;
pub mod coordinator;
mod durable_file;
pub mod dynamic_config;
mod error;
pub mod features;
pub mod kraft;
pub mod kraft_log;
pub mod launch;
mod limits;
pub mod metadata;
pub mod metrics;
mod producer_state;
pub mod replication;
pub mod security;
// The sendfile(2) call.
#[allow(unsafe_code)]
mod sendfile;
pub mod server;
mod state;
#[cfg(test)]
mod test_support;
pub mod topic_config;
pub mod txn;

pub use error::BrokerError;
pub use server::{spawn, RunningBroker};
pub use state::{Broker, Partition, ProduceOutcome, Topic};
