//! kt: Apache Kafka's shell tools and a Kafka-compatible broker in one binary.
//!
//! The parts are crates (under `crates/`), so a layer cannot reach back into the one above it;
//! this library re-exports them under their module names (`kt::broker`, `kt::storage`, ...)
//! for the binary and the integration tests. The parts, lowest first, and how data flows
//! through them:
//!
//! - `kt-base`: [`clock`] (the one wall-clock helper, `now_ms`, every part reads time
//!   through), [`config`] (Kafka's `.properties` files turned into typed settings,
//!   `ServerConfig`), [`logging`], [`signals`], [`rate_limited_log`].
//! - `kt-storage` ([`storage`]): the durable, segmented log of one partition (`PartitionLog`)
//!   in Kafka's own on-disk format, and the `LogManager` that owns the log directories. Knows
//!   record batches, nothing of the wire protocol or the network.
//! - `kt-broker` ([`broker`]): the Kafka wire protocol over tokio. socket → frame
//!   (`connection`) → decoded request → handler (`broker::api::*`, one module per Kafka API
//!   behind one route table) → state (`Broker`: topics, partition logs, producer state) →
//!   response. What the cluster knows (leaders, live brokers, the controller, topic changes)
//!   handlers ask of one interface, `broker::metadata`: a standalone broker is a cluster of one
//!   over its topic catalogue; with `zookeeper.connect`, `broker::cluster` joins brokers
//!   through ZooKeeper (Kafka's znodes): a watch loop keeps each broker's view of the cluster
//!   and its own partition logs current. No rdkafka, not even in its tests.
//! - `kt-zookeeper` ([`zookeeper`]): a standalone ZooKeeper server (`kt zookeeper-start`)
//!   speaking ZooKeeper's client protocol: socket → jute records → validated transactions →
//!   data tree, with every change fsynced to a transaction log before it is acknowledged.
//! - `kt-tools`: [`admin`] (one trait for admin operations with two backends: remote over
//!   rdkafka, any Kafka cluster, and embedded, the broker core in process over a data
//!   directory), [`console`] (the console producer and consumer), [`perf`] (the perf tools'
//!   loops), [`zk_shell`] (the ZooKeeper client shell of `kt zookeeper-shell`) and [`cli`]
//!   (the `kt` subcommands, `topics`, `console-producer`, ...: it parses
//!   Kafka's flags and prints Kafka's output; the work lives in the modules above).
//! - this package: the `kt` binary and [`alloc`], the allocator it runs with.

// mmap and the GlobalAlloc contract.
#[allow(unsafe_code)]
pub mod alloc;

pub use kt_base::{clock, config, logging, rate_limited_log, signals};
pub use kt_broker as broker;
pub use kt_storage as storage;
pub use kt_tools::{admin, certs, cli, console, perf, zk_shell};
pub use kt_zookeeper as zookeeper;
