//! kt's tools: everything a user runs, on top of the broker, storage and ZooKeeper crates.
//!
//! [`cli`] parses the `kt` subcommands' flags (Kafka's) and prints (Kafka's output); the work
//! lives below it: [`admin`] (one trait for admin operations, remote over rdkafka or embedded
//! over a data directory, and what kafka-consumer-groups computes from them), [`console`] (the
//! console producer and consumer, and how a record is printed) and [`perf`] (the perf tools'
//! loops), and [`zk_shell`] (the ZooKeeper client shell of `kt zookeeper-shell`). This is the
//! only crate that links librdkafka.

pub mod admin;
pub mod certs;
pub mod cli;
pub mod connect;
pub mod console;
pub mod jmx;
pub mod metadata_shell;
pub mod mirror;
pub mod perf;
pub mod replica_verification;
pub mod verifiable;
pub mod zk_shell;
