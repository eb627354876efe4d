//! `kt zookeeper-start`: a standalone ZooKeeper server that ZooKeeper's own clients (the Java
//! client and zkCli, kazoo, the `zookeeper-client` crate) talk to as to Apache ZooKeeper.
//!
//! How a request flows: socket → frame bounded by `jute.maxbuffer` ([`server`]) → record
//! decoded ([`proto`] over [`jute`]) → run ([`ops`]; writes validated by [`prep`] and
//! [`acl`] into a transaction) →
//! applied to the tree ([`tree`]) and queued for the log under the state lock ([`db`]) →
//! written and fsynced by the committer, several at once ([`txnlog`]) → watch events
//! ([`watch`]) and then the reply sent. Sessions and their expiry are in [`session`];
//! periodic [`snapshot`]s bound what a restart replays.

#![forbid(unsafe_code)]

pub mod acl;
pub mod config;
pub mod db;
pub mod fourletter;
pub mod jute;
pub mod launch;
pub mod ops;
pub mod prep;
pub mod proto;
pub mod server;
pub mod session;
pub mod snapshot;
pub mod tree;
pub mod txnlog;
pub mod watch;

pub use config::ZkConfig;
pub use server::{spawn, RunningZk};

use thiserror::Error;

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ZkError {
    /// A configuration value kt cannot use.
    #[error(transparent)]
    Config(#[from] kt_base::config::ConfigError),
    /// The data or log directory could not be opened.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// The client port could not be bound.
    #[error("cannot listen on the client port: {0}")]
    Bind(std::io::Error),
}
