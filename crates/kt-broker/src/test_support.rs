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
