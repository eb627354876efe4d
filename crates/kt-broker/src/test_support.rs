//! Helpers shared by the crate's unit tests, kept in one place so that each test module
//! does not grow its own copy.

use kt_base::config::ServerConfig;

/// A broker configuration made of `pairs` (`server.properties` keys and values) and Kafka's
/// defaults for everything else; panics on a configuration that does not parse.
pub fn server_config(pairs: &[(&str, &str)]) -> ServerConfig {
    let props = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ServerConfig::from_properties(&props).unwrap().0
}

/// A standalone broker over `dir` (its one log directory) whose internal topics have one
/// replica, with the further settings `pairs`.
pub fn open_broker(dir: &std::path::Path, pairs: &[(&str, &str)]) -> std::sync::Arc<crate::Broker> {
    let log_dirs = dir.display().to_string();
    let mut all = vec![
        ("log.dirs", log_dirs.as_str()),
        ("offsets.topic.replication.factor", "1"),
        ("transaction.state.log.replication.factor", "1"),
    ];
    all.extend_from_slice(pairs);
    crate::Broker::open(server_config(&all)).unwrap()
}
