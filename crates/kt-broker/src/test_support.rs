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

/// Client-metrics settings (or any key/value map) made of `pairs`.
pub fn settings(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
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

/// kt's ZooKeeper in this process over `dir`, on 127.0.0.1 port 0, and a client of it.
pub async fn zookeeper(
    dir: &std::path::Path,
) -> (kt_zookeeper::RunningZk, zookeeper_client::Client) {
    let mut props = kt_base::config::Properties::new();
    props.insert("dataDir".into(), dir.display().to_string());
    props.insert("clientPort".into(), "0".into());
    props.insert("clientPortAddress".into(), "127.0.0.1".into());
    let (config, _) = kt_zookeeper::ZkConfig::from_properties(&props).unwrap();
    let server = kt_zookeeper::spawn(config).await.unwrap();
    let client = zookeeper_client::Client::connector()
        .connect(&server.connect_string())
        .await
        .unwrap();
    (server, client)
}
