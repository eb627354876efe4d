//! kt's ZooKeeper server in this process, on 127.0.0.1 port 0.

use std::path::Path;

use kt::config::Properties;
use kt::zookeeper::{RunningZk, ZkConfig};

/// Server settings over `data_dir`, listening on 127.0.0.1 port 0, with extra `key=value`
/// pairs (which may override those).
pub fn config(data_dir: &Path, extra: &[(&str, &str)]) -> ZkConfig {
    let mut props = Properties::new();
    props.insert("dataDir".into(), data_dir.display().to_string());
    props.insert("clientPort".into(), "0".into());
    props.insert("clientPortAddress".into(), "127.0.0.1".into());
    for (k, v) in extra {
        props.insert(k.to_string(), v.to_string());
    }
    ZkConfig::from_properties(&props).unwrap().0
}

/// Starts a server over `data_dir` in this process.
pub async fn start(data_dir: &Path, extra: &[(&str, &str)]) -> RunningZk {
    kt::zookeeper::spawn(config(data_dir, extra)).await.unwrap()
}
