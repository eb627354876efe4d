//! Replication as Apache Kafka 3.9 does it in ZooKeeper mode (issue 12): followers fetch from
//! leaders, the ISR and high watermark follow them, and the controller drives brokers with
//! LeaderAndIsr, UpdateMetadata and StopReplica. So far this holds the wire codec of those
//! controller APIs (and ControlledShutdown), which kafka-protocol no longer carries.

pub mod controller_api;
