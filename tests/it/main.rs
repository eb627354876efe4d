//! kt's end-to-end tests, one binary: each module is one area, and `common` is the harness they
//! share (brokers, ZooKeeper, the `kt` binary, free ports, raw frames). One binary links the
//! crate and librdkafka once instead of once per file.
//!
//! Run one area with `cargo test --release --test it AREA::` (e.g. `it dump_log::`). The tests
//! run on parallel threads of one process: a test keeps to its own temporary directory and
//! ports, and sets no process-wide state (see `common`).

// The tests signal the servers and daemons they start (kill(2), pre_exec): unsafe is allowed
// here, in test code only, as in the few library modules that need it.
#![allow(unsafe_code)]

/// The tests run brokers in process and feed them malformed frames (array lengths of 2^31):
/// they need the allocator `kt` itself runs with (see `kt::alloc`), which the library leaves to
/// each binary.
#[global_allocator]
static GLOBAL: kt::alloc::KtAllocator = kt::alloc::KtAllocator;

mod common;

mod acls;
mod bin_coverage;
mod binary_layout;
mod broker_api_versions;
mod broker_configs;
mod broker_protocol;
mod broker_rdkafka;
mod cli_args;
mod cli_groups;
mod cli_output;
mod cli_remote;
mod client_metrics;
mod closed_port;
mod compaction;
mod connect_standalone;
mod connection_limits;
mod coordinator_failover;
mod corrupt_data;
mod daemon;
mod delegation_tokens;
mod delete_records;
mod disk_full;
mod docs_fresh;
mod dump_log;
mod durability;
mod e2e_latency;
mod embedded_admin;
mod fetch_from_follower;
mod groups_protocol;
mod groups_rdkafka;
mod interbroker_sasl;
mod interbroker_tls;
mod jaas_file;
mod kraft_quickstart;
mod kraft_tools;
mod log_dir_moves;
mod log_dirs;
mod metadata_shell;
mod metrics;
mod mirror_maker;
mod mirror_maker2;
mod oauthbearer;
mod perf_tools;
mod quickstart;
mod reassignment;
mod reauthentication;
mod replica_verification;
mod replication;
mod replication_tools;
mod sasl;
mod streams_reset;
mod terminal;
mod tls;
mod transaction_storage;
mod transactions;
mod transactions_tools;
mod verifiable;
mod wait_ready;
mod zk_cluster;
mod zookeeper_bad_input;
mod zookeeper_client;
mod zookeeper_durability;
mod zookeeper_shell;
