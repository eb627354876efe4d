//! Kafka's `.properties` configuration files, read into typed settings.
//!
//! `properties` reads the file format as `java.util.Properties.load` does (escapes,
//! continuation lines, `=`, `:` or whitespace separators) with a small parser of its own (its
//! module says why); `server` turns the keys a broker understands into a [`ServerConfig`] with
//! Kafka's names and defaults; `jvm_options` reads the one JVM system property kt honours
//! from `KAFKA_OPTS` (the static JAAS file).

pub mod jvm_options;
mod kraft;
mod listeners;
mod properties;
mod server;
mod server_keys;

pub use kraft::{KraftSettings, QuorumVoter};
pub use listeners::{Listener, SecurityProtocol, DEFAULT_PROTOCOL_MAP};
pub use properties::{load_properties_file, parse_override, Properties};
pub use server::{
    ConfigError, ConnectionSettings, GroupSettings, LeaderBalanceSettings, ReplicationSettings,
    ServerConfig, TxnSettings, ZookeeperSettings,
};
pub use server_keys::is_sensitive;

/// Whether `name` is a broker key kt reads (the one table of `server_keys`), so that dynamic
/// broker configs can tell Kafka's static keys from custom ones.
pub fn is_known_key(name: &str) -> bool {
    server_keys::is_known(name)
}
