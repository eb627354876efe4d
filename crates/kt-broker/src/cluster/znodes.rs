//! Kafka's znode paths and JSON formats (as Kafka 3.x's `ZkData` writes them), so Kafka's
//! own tooling would read what kt writes and kt reads what Kafka wrote.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use uuid::Uuid;

use super::{BrokerEndpoint, ClusterError, PartitionState};
use crate::catalogue::encode_uuid;
use kt_base::config::{Listener, SecurityProtocol};

/// The cluster id, written once by the cluster's first broker.
pub const CLUSTER_ID: &str = "/cluster/id";
/// One ephemeral child per live broker.
pub const BROKER_IDS: &str = "/brokers/ids";
/// One child per topic: its replica assignment, with partition states below.
pub const BROKER_TOPICS: &str = "/brokers/topics";
/// The controller's ephemeral registration; whoever creates it first is the controller.
pub const CONTROLLER: &str = "/controller";
/// Raised by every new controller; its version fences older controllers' writes.
pub const CONTROLLER_EPOCH: &str = "/controller_epoch";
/// One child per topic with config overrides.
pub const CONFIG_TOPICS: &str = "/config/topics";
/// Topics queued for deletion by the controller.
pub const DELETE_TOPICS: &str = "/admin/delete_topics";
/// Partitions an operator wants led by their preferred replica; the controller elects them
/// and deletes the znode (Kafka's `PreferredReplicaElectionZNode`).
pub const PREFERRED_REPLICA_ELECTION: &str = "/admin/preferred_replica_election";
/// Reassignments asked for by writing ZooKeeper directly (Kafka's `ReassignPartitionsZNode`):
/// the controller starts them, and removes each partition when done.
pub const REASSIGN_PARTITIONS: &str = "/admin/reassign_partitions";
/// The cluster's finalized features (KIP-584), created by the first controller.
pub const FEATURE: &str = "/feature";
/// The latest block of producer ids claimed by a broker.
pub const PRODUCER_ID_BLOCK: &str = "/latest_producer_id_block";

/// The persistent paths a Kafka broker makes sure of at start-up.
pub const PERSISTENT_PATHS: &[&str] = &[
    "/consumers",
    BROKER_IDS,
    BROKER_TOPICS,
    "/brokers/seqid",
    super::config_changes::CONFIG_CHANGES,
    CONFIG_TOPICS,
    "/config/clients",
    "/config/users",
    "/config/brokers",
    DELETE_TOPICS,
    "/isr_change_notification",
    "/latest_producer_id_block",
    "/log_dir_event_notification",
    "/cluster",
];

/// `/brokers/ids/<id>`.
pub fn broker_path(id: i32) -> String {
    format!("{BROKER_IDS}/{id}")
}

/// `/brokers/topics/<t>`.
pub fn topic_path(topic: &str) -> String {
    format!("{BROKER_TOPICS}/{topic}")
}

/// `/brokers/topics/<t>/partitions`.
pub fn partitions_path(topic: &str) -> String {
    format!("{BROKER_TOPICS}/{topic}/partitions")
}

/// `/brokers/topics/<t>/partitions/<p>/state`.
pub fn state_path(topic: &str, partition: i32) -> String {
    format!("{BROKER_TOPICS}/{topic}/partitions/{partition}/state")
}

/// `/config/topics/<t>`.
pub fn config_path(topic: &str) -> String {
    format!("{CONFIG_TOPICS}/{topic}")
}

/// `/admin/delete_topics/<t>`.
pub fn delete_path(topic: &str) -> String {
    format!("{DELETE_TOPICS}/{topic}")
}

fn parse(path: &str, bytes: &[u8]) -> Result<Value, ClusterError> {
    serde_json::from_slice(bytes).map_err(|e| format_error(path, e.to_string()))
}

fn format_error(path: &str, reason: impl Into<String>) -> ClusterError {
    ClusterError::Format {
        path: path.to_string(),
        reason: reason.into(),
    }
}

/// `/cluster/id`: `{"version":"1","id":"..."}`.
pub fn encode_cluster_id(id: &str) -> Vec<u8> {
    json!({"version": "1", "id": id}).to_string().into_bytes()
}

/// The cluster id in `/cluster/id`.
pub fn decode_cluster_id(bytes: &[u8]) -> Result<String, ClusterError> {
    parse(CLUSTER_ID, bytes)?
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format_error(CLUSTER_ID, "no id"))
}

/// `/brokers/ids/<id>` in version 5 of Kafka's format: every advertised listener in
/// `endpoints` with its protocol in `listener_security_protocol_map`, `rack` when
/// `broker.rack` is set; the top-level host and port are the PLAINTEXT endpoint's, as Kafka
/// writes them (null and -1 without one). The fields come in the order Kafka 3.9 writes them
/// (its Scala `HashMap`'s iteration order, which tools that compare bytes see), not sorted.
pub fn encode_broker(listeners: &[Listener], timestamp_ms: i64, rack: Option<&str>) -> Vec<u8> {
    let plaintext = listeners
        .iter()
        .find(|l| l.protocol == SecurityProtocol::Plaintext);
    // In listener order, as Kafka's insertion-ordered small maps keep them.
    let protocols: Vec<(&str, String)> = listeners
        .iter()
        .map(|l| (l.name.as_str(), Value::from(l.protocol.name()).to_string()))
        .collect();
    let endpoints: Vec<String> = listeners.iter().map(Listener::endpoint).collect();
    let mut fields: Vec<(&str, String)> = vec![
        ("features", "{}".to_string()),
        (
            "listener_security_protocol_map",
            ordered_rendered(&protocols),
        ),
        ("endpoints", json!(endpoints).to_string()),
    ];
    if let Some(rack) = rack {
        fields.push(("rack", json!(rack).to_string()));
    }
    fields.extend([
        ("jmx_port", "-1".to_string()),
        (
            "port",
            plaintext.map_or(-1, |l| i32::from(l.port)).to_string(),
        ),
        ("host", json!(plaintext.map(|l| l.host.clone())).to_string()),
        ("version", "5".to_string()),
        ("timestamp", json!(timestamp_ms.to_string()).to_string()),
    ]);
    ordered_rendered(&fields).into_bytes()
}

/// A JSON object with its fields in the given order (serde_json's `Map` would sort them).
fn ordered_object(fields: &[(&str, Value)]) -> Vec<u8> {
    let rendered: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    ordered_rendered(&rendered).into_bytes()
}

/// [`ordered_object`] of already-rendered values (for a nested ordered object).
fn ordered_rendered(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(*k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// Every endpoint of a broker's registration by listener name, with its protocol.
pub fn decode_broker_listeners(
    path: &str,
    bytes: &[u8],
) -> Result<BTreeMap<String, (String, BrokerEndpoint)>, ClusterError> {
    let value = parse(path, bytes)?;
    let protocols = value.get("listener_security_protocol_map");
    let mut found = BTreeMap::new();
    for endpoint in value
        .get("endpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let Some((listener, address)) = endpoint.split_once("://") else {
            continue;
        };
        let protocol = protocols
            .and_then(|m| m.get(listener))
            .and_then(Value::as_str)
            .unwrap_or(listener);
        if let Some((host, port)) = address.rsplit_once(':') {
            if let Ok(port) = port.parse() {
                let host = host.trim_matches(['[', ']']).to_string();
                found.insert(
                    listener.to_string(),
                    (protocol.to_string(), BrokerEndpoint { host, port }),
                );
            }
        }
    }
    Ok(found)
}

/// The endpoint other brokers reach a broker on: its PLAINTEXT endpoint (the first
/// `endpoints` entry whose listener maps to PLAINTEXT, else the top-level host and port),
/// else its first endpoint (a broker with TLS listeners only).
pub fn decode_broker(path: &str, bytes: &[u8]) -> Result<BrokerEndpoint, ClusterError> {
    let value = parse(path, bytes)?;
    let listeners = decode_broker_listeners(path, bytes)?;
    if let Some((_, endpoint)) = listeners.values().find(|(p, _)| p == "PLAINTEXT") {
        return Ok(endpoint.clone());
    }
    match (
        value.get("host").and_then(Value::as_str),
        value.get("port").and_then(Value::as_i64),
    ) {
        (Some(host), Some(port)) if port >= 0 => Ok(BrokerEndpoint {
            host: host.to_string(),
            port: port as i32,
        }),
        _ => listeners
            .into_values()
            .next()
            .map(|(_, endpoint)| endpoint)
            .ok_or_else(|| format_error(path, "no endpoint")),
    }
}

/// A broker registration's `rack` (`broker.rack`), None when it has none.
pub fn decode_broker_rack(path: &str, bytes: &[u8]) -> Result<Option<String>, ClusterError> {
    let value = parse(path, bytes)?;
    Ok(value
        .get("rack")
        .and_then(Value::as_str)
        .map(str::to_string))
}

/// `/controller` in version 2, as a Kafka 3.9 broker writes it in ZooKeeper mode (no KRaft
/// controller epoch: -1), fields in Kafka's order.
pub fn encode_controller(broker_id: i32, timestamp_ms: i64) -> Vec<u8> {
    ordered_object(&[
        ("version", json!(2)),
        ("brokerid", json!(broker_id)),
        ("timestamp", json!(timestamp_ms.to_string())),
        ("kraftControllerEpoch", json!(-1)),
    ])
}

/// `/feature`: the finalized features, written by the controller when it finds none. A
/// Kafka 3.9 broker in ZooKeeper mode finalizes no feature, so it writes version 2 (the
/// format without `min_version_level`), status 1 (enabled) and an empty map.
pub fn encode_feature() -> Vec<u8> {
    ordered_object(&[
        ("features", json!({})),
        ("version", json!(2)),
        ("status", json!(1)),
    ])
}

/// The controller's broker id.
pub fn decode_controller(bytes: &[u8]) -> Result<i32, ClusterError> {
    parse(CONTROLLER, bytes)?
        .get("brokerid")
        .and_then(Value::as_i64)
        .map(|id| id as i32)
        .ok_or_else(|| format_error(CONTROLLER, "no brokerid"))
}

/// `/controller_epoch` holds the epoch as plain decimal text.
pub fn decode_controller_epoch(bytes: &[u8]) -> Result<i32, ClusterError> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| format_error(CONTROLLER_EPOCH, "not a number"))
}

/// `/brokers/topics/<t>` in version 3: replicas per partition and the topic id.
pub fn encode_topic(id: &Uuid, replicas: &BTreeMap<i32, Vec<i32>>) -> Vec<u8> {
    encode_topic_reassigning(id, replicas, &BTreeMap::new(), &BTreeMap::new())
}

/// `/brokers/topics/<t>` with a reassignment in progress: `adding_replicas` and
/// `removing_replicas` name, per partition, the replicas being added and removed (only
/// partitions with some, as Kafka's `TopicZNode.encode` writes them).
pub fn encode_topic_reassigning(
    id: &Uuid,
    replicas: &BTreeMap<i32, Vec<i32>>,
    adding: &BTreeMap<i32, Vec<i32>>,
    removing: &BTreeMap<i32, Vec<i32>>,
) -> Vec<u8> {
    let map = |m: &BTreeMap<i32, Vec<i32>>| -> serde_json::Map<String, Value> {
        m.iter()
            .filter(|(_, r)| !r.is_empty())
            .map(|(p, r)| (p.to_string(), json!(r)))
            .collect()
    };
    json!({
        "partitions": map(replicas),
        "topic_id": encode_uuid(id),
        "adding_replicas": map(adding),
        "removing_replicas": map(removing),
        "version": 3,
    })
    .to_string()
    .into_bytes()
}

/// A topic znode's `adding_replicas` and `removing_replicas`, per partition.
pub type TopicReassignments = (BTreeMap<i32, Vec<i32>>, BTreeMap<i32, Vec<i32>>);

/// The `adding_replicas` and `removing_replicas` of a topic znode (empty when an older
/// version wrote none).
pub fn decode_topic_reassignments(
    path: &str,
    bytes: &[u8],
) -> Result<TopicReassignments, ClusterError> {
    let value = parse(path, bytes)?;
    let read = |key: &str| -> Result<BTreeMap<i32, Vec<i32>>, ClusterError> {
        let mut out = BTreeMap::new();
        if let Some(map) = value.get(key).and_then(Value::as_object) {
            for (p, r) in map {
                let p: i32 = p.parse().map_err(|_| format_error(path, "bad partition"))?;
                let r: Vec<i32> = serde_json::from_value(r.clone())
                    .map_err(|_| format_error(path, "bad replica list"))?;
                if !r.is_empty() {
                    out.insert(p, r);
                }
            }
        }
        Ok(out)
    };
    Ok((read("adding_replicas")?, read("removing_replicas")?))
}

/// `/admin/reassign_partitions`:
/// `{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]},...]}`.
pub fn encode_reassign_partitions(partitions: &[((String, i32), Vec<i32>)]) -> Vec<u8> {
    let list: Vec<String> = partitions
        .iter()
        .map(|((t, p), r)| {
            let fields = [
                ("topic", json!(t)),
                ("partition", json!(p)),
                ("replicas", json!(r)),
            ];
            String::from_utf8(ordered_object(&fields)).unwrap_or_default()
        })
        .collect();
    format!("{{\"version\":1,\"partitions\":[{}]}}", list.join(",")).into_bytes()
}

/// A partition and its target replicas, as `/admin/reassign_partitions` lists them.
pub type PartitionTarget = ((String, i32), Vec<i32>);

/// The target replicas per partition in `/admin/reassign_partitions`.
pub fn decode_reassign_partitions(bytes: &[u8]) -> Result<Vec<PartitionTarget>, ClusterError> {
    let path = REASSIGN_PARTITIONS;
    let value = parse(path, bytes)?;
    let list = value
        .get("partitions")
        .and_then(Value::as_array)
        .ok_or_else(|| format_error(path, "no partitions"))?;
    list.iter()
        .map(|entry| {
            let topic = entry.get("topic").and_then(Value::as_str);
            let partition = entry.get("partition").and_then(Value::as_i64);
            let replicas: Option<Vec<i32>> = entry
                .get("replicas")
                .and_then(|r| serde_json::from_value(r.clone()).ok());
            match (topic, partition, replicas) {
                (Some(t), Some(p), Some(r)) => Ok(((t.to_string(), p as i32), r)),
                _ => Err(format_error(path, "bad partition entry")),
            }
        })
        .collect()
}

/// The topic id (a fresh one when an old Kafka wrote none) and replicas per partition.
pub fn decode_topic(
    path: &str,
    bytes: &[u8],
) -> Result<(Uuid, BTreeMap<i32, Vec<i32>>), ClusterError> {
    let value = parse(path, bytes)?;
    let id = match value.get("topic_id").and_then(Value::as_str) {
        Some(text) => decode_uuid(text).ok_or_else(|| format_error(path, "bad topic_id"))?,
        None => Uuid::nil(),
    };
    let mut replicas = BTreeMap::new();
    let partitions = value
        .get("partitions")
        .and_then(Value::as_object)
        .ok_or_else(|| format_error(path, "no partitions"))?;
    for (p, r) in partitions {
        let p: i32 = p.parse().map_err(|_| format_error(path, "bad partition"))?;
        let r: Vec<i32> = serde_json::from_value(r.clone())
            .map_err(|_| format_error(path, "bad replica list"))?;
        replicas.insert(p, r);
    }
    Ok((id, replicas))
}

fn decode_uuid(text: &str) -> Option<Uuid> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    Uuid::from_slice(&bytes).ok()
}

/// `/brokers/topics/<t>/partitions/<p>/state`.
pub fn encode_state(state: &PartitionState) -> Vec<u8> {
    json!({
        "controller_epoch": state.controller_epoch,
        "leader": state.leader,
        "version": 1,
        "leader_epoch": state.leader_epoch,
        "isr": state.isr,
    })
    .to_string()
    .into_bytes()
}

/// A partition state.
pub fn decode_state(path: &str, bytes: &[u8]) -> Result<PartitionState, ClusterError> {
    let value = parse(path, bytes)?;
    let int = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_i64)
            .map(|v| v as i32)
            .ok_or_else(|| format_error(path, format!("no {key}")))
    };
    Ok(PartitionState {
        leader: int("leader")?,
        leader_epoch: int("leader_epoch")?,
        controller_epoch: int("controller_epoch")?,
        isr: serde_json::from_value(value.get("isr").cloned().unwrap_or(json!([])))
            .map_err(|_| format_error(path, "bad isr"))?,
    })
}

/// `/latest_producer_id_block`: the last block of producer ids handed to a broker,
/// `{"version":1,"broker":N,"block_start":"...","block_end":"..."}` (ids inclusive, as text).
pub fn encode_producer_id_block(broker: i32, start: i64, end: i64) -> Vec<u8> {
    json!({
        "version": 1,
        "broker": broker,
        "block_start": start.to_string(),
        "block_end": end.to_string(),
    })
    .to_string()
    .into_bytes()
}

/// The last id of the latest block, None while no block was ever handed out.
pub fn decode_producer_id_block_end(bytes: &[u8]) -> Result<Option<i64>, ClusterError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let value = parse(PRODUCER_ID_BLOCK, bytes)?;
    let end = value.get("block_end");
    end.and_then(|v| {
        v.as_str()
            .and_then(|s| s.parse().ok())
            .or_else(|| v.as_i64())
    })
    .map(Some)
    .ok_or_else(|| format_error(PRODUCER_ID_BLOCK, "no block_end"))
}

/// `/admin/preferred_replica_election`:
/// `{"version":1,"partitions":[{"topic":"t","partition":0},...]}`.
pub fn encode_preferred_replica_election(partitions: &[(String, i32)]) -> Vec<u8> {
    let list: Vec<Vec<u8>> = partitions
        .iter()
        .map(|(t, p)| ordered_object(&[("topic", json!(t)), ("partition", json!(p))]))
        .collect();
    let list: Vec<String> = list
        .into_iter()
        .map(|b| String::from_utf8(b).unwrap_or_default())
        .collect();
    format!("{{\"version\":1,\"partitions\":[{}]}}", list.join(",")).into_bytes()
}

/// The partitions in `/admin/preferred_replica_election`.
pub fn decode_preferred_replica_election(bytes: &[u8]) -> Result<Vec<(String, i32)>, ClusterError> {
    let path = PREFERRED_REPLICA_ELECTION;
    let value = parse(path, bytes)?;
    let list = value
        .get("partitions")
        .and_then(Value::as_array)
        .ok_or_else(|| format_error(path, "no partitions"))?;
    list.iter()
        .map(|entry| {
            let topic = entry.get("topic").and_then(Value::as_str);
            let partition = entry.get("partition").and_then(Value::as_i64);
            match (topic, partition) {
                (Some(t), Some(p)) => Ok((t.to_string(), p as i32)),
                _ => Err(format_error(path, "bad partition entry")),
            }
        })
        .collect()
}

/// `/config/topics/<t>`: `{"version":1,"config":{...}}`.
pub fn encode_config(configs: &BTreeMap<String, String>) -> Vec<u8> {
    json!({"version": 1, "config": configs})
        .to_string()
        .into_bytes()
}

/// A topic's config overrides.
pub fn decode_config(path: &str, bytes: &[u8]) -> Result<BTreeMap<String, String>, ClusterError> {
    if bytes.is_empty() {
        return Ok(BTreeMap::new());
    }
    let value = parse(path, bytes)?;
    Ok(value
        .get("config")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_carries_every_listener_with_its_protocol() {
        let listener = |name: &str, protocol, port| Listener {
            name: name.into(),
            protocol,
            host: "h".into(),
            port,
        };
        let both = [
            listener("PLAINTEXT", SecurityProtocol::Plaintext, 9092),
            listener("SSL", SecurityProtocol::Ssl, 9093),
        ];
        let bytes = encode_broker(&both, 1, None);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            v["endpoints"],
            json!(["PLAINTEXT://h:9092", "SSL://h:9093"])
        );
        assert_eq!(
            v["listener_security_protocol_map"],
            json!({"PLAINTEXT": "PLAINTEXT", "SSL": "SSL"})
        );
        assert_eq!(
            (v["host"].clone(), v["port"].clone()),
            (json!("h"), json!(9092))
        );
        let listeners = decode_broker_listeners("/b", &bytes).unwrap();
        assert_eq!(listeners["SSL"].0, "SSL");
        assert_eq!(listeners["SSL"].1.port, 9093);
        assert_eq!(decode_broker("/b", &bytes).unwrap().port, 9092);

        // A broker with TLS listeners only is still a live broker, at its first endpoint.
        let ssl_only = encode_broker(&both[1..], 1, None);
        let v: Value = serde_json::from_slice(&ssl_only).unwrap();
        assert_eq!(
            (v["host"].clone(), v["port"].clone()),
            (Value::Null, json!(-1))
        );
        assert_eq!(decode_broker("/b", &ssl_only).unwrap().port, 9093);
    }

    #[test]
    fn formats_round_trip_and_match_kafkas_keys() {
        let plaintext = Listener {
            name: "PLAINTEXT".into(),
            protocol: SecurityProtocol::Plaintext,
            host: "localhost".into(),
            port: 9093,
        };
        let b = encode_broker(std::slice::from_ref(&plaintext), 17, None);
        // Kafka 3.9's bytes (the answer key's z03), field order included.
        assert_eq!(
            String::from_utf8(b.clone()).unwrap(),
            r#"{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://localhost:9093"],"jmx_port":-1,"port":9093,"host":"localhost","version":5,"timestamp":"17"}"#
        );
        let ssl = Listener {
            name: "SSL".into(),
            protocol: SecurityProtocol::Ssl,
            host: "h".into(),
            port: 2,
        };
        let racked = encode_broker(&[ssl], 2, Some("r1"));
        assert_eq!(
            String::from_utf8(racked).unwrap(),
            r#"{"features":{},"listener_security_protocol_map":{"SSL":"SSL"},"endpoints":["SSL://h:2"],"rack":"r1","jmx_port":-1,"port":-1,"host":null,"version":5,"timestamp":"2"}"#
        );
        assert_eq!(
            String::from_utf8(encode_controller(0, 5)).unwrap(),
            r#"{"version":2,"brokerid":0,"timestamp":"5","kraftControllerEpoch":-1}"#
        );
        assert_eq!(
            String::from_utf8(encode_feature()).unwrap(),
            r#"{"features":{},"version":2,"status":1}"#
        );
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["endpoints"][0], "PLAINTEXT://localhost:9093");
        assert_eq!(v["version"], 5);
        assert_eq!(v["jmx_port"], -1);
        assert_eq!(v["timestamp"], "17");
        assert_eq!(
            decode_broker("/b", &b).unwrap(),
            BrokerEndpoint {
                host: "localhost".into(),
                port: 9093
            }
        );
        assert_eq!(decode_controller(&encode_controller(2, 5)).unwrap(), 2);
        assert_eq!(decode_cluster_id(&encode_cluster_id("abc")).unwrap(), "abc");
        let id = Uuid::new_v4();
        let replicas = BTreeMap::from([(0, vec![1]), (1, vec![2])]);
        let t = encode_topic(&id, &replicas);
        let v: Value = serde_json::from_slice(&t).unwrap();
        assert_eq!(v["partitions"]["1"], json!([2]));
        assert_eq!(v["version"], 3);
        assert_eq!(decode_topic("/t", &t).unwrap(), (id, replicas.clone()));
        let adding = BTreeMap::from([(0, vec![2])]);
        let removing = BTreeMap::from([(0, vec![1]), (1, vec![])]);
        let t = encode_topic_reassigning(&id, &replicas, &adding, &removing);
        let v: Value = serde_json::from_slice(&t).unwrap();
        assert_eq!(v["adding_replicas"], json!({"0": [2]}));
        assert_eq!(v["removing_replicas"], json!({"0": [1]}));
        let (a, r) = decode_topic_reassignments("/t", &t).unwrap();
        assert_eq!((a, r.len()), (adding, 1));
        let moves = vec![(("t".to_string(), 0), vec![1, 2])];
        let z = encode_reassign_partitions(&moves);
        assert_eq!(
            String::from_utf8(z.clone()).unwrap(),
            r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}"#
        );
        assert_eq!(decode_reassign_partitions(&z).unwrap(), moves);
        let s = PartitionState {
            leader: 1,
            leader_epoch: 0,
            isr: vec![1],
            controller_epoch: 3,
        };
        assert_eq!(decode_state("/s", &encode_state(&s)).unwrap(), s);
        let block = encode_producer_id_block(2, 1000, 1999);
        let v: Value = serde_json::from_slice(&block).unwrap();
        assert_eq!(v["block_start"], "1000");
        assert_eq!(decode_producer_id_block_end(&block).unwrap(), Some(1999));
        assert_eq!(decode_producer_id_block_end(b"").unwrap(), None);
        let wanted = vec![("t".to_string(), 0), ("u".to_string(), 2)];
        let e = encode_preferred_replica_election(&wanted);
        assert_eq!(
            String::from_utf8(e.clone()).unwrap(),
            r#"{"version":1,"partitions":[{"topic":"t","partition":0},{"topic":"u","partition":2}]}"#
        );
        assert_eq!(decode_preferred_replica_election(&e).unwrap(), wanted);
        let c = BTreeMap::from([("retention.ms".to_string(), "5".to_string())]);
        assert_eq!(decode_config("/c", &encode_config(&c)).unwrap(), c);
    }
}
