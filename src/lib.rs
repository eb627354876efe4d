//! kt: Apache Kafka's shell tools and a Kafka-compatible broker in one binary.
//!
//! The parts, and how data flows through them:
//!
//! - [`clock`]: the one wall-clock helper (`now_ms`) every part reads time through.
//! - [`config`]: Kafka's `.properties` files turned into typed settings (`ServerConfig`).
//! - [`storage`]: the durable, segmented log of one partition (`PartitionLog`) in Kafka's own
//!   on-disk format, and the `LogManager` that owns the log directories. Knows record batches,
//!   nothing of the wire protocol.
//! - [`broker`]: the Kafka wire protocol over tokio. socket → frame (`connection`) → decoded
//!   request → handler (`broker::api::*`, one module per Kafka API behind one route table) →
//!   state (`Broker`: topics, partition logs, producer state) → response. What the cluster
//!   knows (leaders, live brokers, the controller, topic changes) handlers ask of one
//!   interface, `broker::metadata`: a standalone broker is a cluster of one over its topic
//!   catalogue; with `zookeeper.connect`, `broker::cluster` joins brokers through ZooKeeper
//!   (Kafka's znodes): a watch loop keeps each broker's view of the cluster and its own
//!   partition logs current.
//! - [`admin`]: one trait for admin operations with two backends: remote (rdkafka, any Kafka
//!   cluster) and embedded (the broker core in process over a data directory).
//! - [`cli`] and [`console`]: the `kt` subcommands (`topics`, `console-producer`,
//!   `console-consumer`, ...) with Kafka's flags and output, built on [`admin`] and rdkafka.
//!   `cli` parses flags and prints; the work lives below it: [`admin`] (and
//!   `admin::consumer_groups`), [`console`] (the console producer and consumer) and [`perf`]
//!   (the perf tools' loops).
//! - [`zookeeper`]: a standalone ZooKeeper server (`kt zookeeper-start`) speaking ZooKeeper's
//!   client protocol: socket → jute records → validated transactions → data tree, with every
//!   change fsynced to a transaction log before it is acknowledged.
//! - [`zk_shell`]: the ZooKeeper *client* shell (`kt zookeeper-shell`): ZooKeeper's CLI
//!   commands with ZooKeeper 3.8's output, over the `zookeeper-client` crate.

pub mod admin;
pub mod alloc;
pub mod broker;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod logging;
pub mod perf;
pub mod rate_limited_log;
pub mod signals;
pub mod storage;
pub mod zk_shell;
pub mod zookeeper;
