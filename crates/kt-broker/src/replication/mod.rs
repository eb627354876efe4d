//! Replication as Apache Kafka 3.9 does it in ZooKeeper mode (issue 12): followers fetch from
//! leaders, the ISR and high watermark follow them, and the controller drives brokers with
//! LeaderAndIsr, UpdateMetadata and StopReplica.
//!
//! `replica_state` is a leader's record of one partition's followers, `leader` the leader's
//! side of a follower's fetch and the high watermark, `roles` what this broker does for each
//! partition as the cluster's view changes, `fetcher` the follower's fetcher tasks over
//! `broker_link`, `isr` the leader's ISR changes, `delayed_produce` the acks=all wait and `throttle` the
//! replication quotas. `controller_api` holds the wire codec of the
//! controller's APIs (and ControlledShutdown), which kafka-protocol no longer carries.

pub(crate) mod broker_link;
pub mod controlled_shutdown;
pub mod controller_api;
pub mod delayed_produce;
pub mod fetcher;
pub mod from_controller;
pub mod isr;
pub mod leader;
pub mod replica_state;
pub mod roles;
pub mod throttle;

pub use replica_state::{FollowerState, PartitionReplicas};
