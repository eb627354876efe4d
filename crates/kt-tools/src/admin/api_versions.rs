//! What kafka-broker-api-versions.sh asks of a cluster: every broker's ApiVersions answer,
//! judged against the APIs Kafka 3.9's Java client knows ([`CLIENT_APIS`]), so that the
//! "usable" version printed is the one a 3.9 client would pick. The brokers come from
//! Metadata and each is asked over its own [`WireClient`] connection.

use std::time::Duration;

use super::wire::{property_ms, WireClient, WireError};

/// The client id Kafka's BrokerApiVersionsCommand uses (`admin-1`, its first admin client).
const CLIENT_ID: &str = "admin-1";

/// One API as Kafka 3.9's client library (`ApiKeys`) knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientApi {
    pub key: i16,
    /// Kafka's name of the API (`ApiKeys.name`), as printed.
    pub name: &'static str,
    /// The oldest and newest version the 3.9 client speaks (unstable newest versions included,
    /// as `ApiKeys.latestVersion()` does).
    pub oldest: i16,
    pub latest: i16,
    /// Whether a broker serves it (`ApiKeys.clientApis()`: the ZooKeeper or KRaft broker
    /// listeners): only these are printed as UNSUPPORTED when a broker does not list them.
    pub client: bool,
}

/// Kafka 3.9.0's `ApiKeys`, from its message definitions (`validVersions`, `listeners`).
pub const CLIENT_APIS: &[ClientApi] = &[
    ClientApi {
        key: 0,
        name: "Produce",
        oldest: 0,
        latest: 11,
        client: true,
    },
    ClientApi {
        key: 1,
        name: "Fetch",
        oldest: 0,
        latest: 17,
        client: true,
    },
    ClientApi {
        key: 2,
        name: "ListOffsets",
        oldest: 0,
        latest: 9,
        client: true,
    },
    ClientApi {
        key: 3,
        name: "Metadata",
        oldest: 0,
        latest: 12,
        client: true,
    },
    ClientApi {
        key: 4,
        name: "LeaderAndIsr",
        oldest: 0,
        latest: 7,
        client: true,
    },
    ClientApi {
        key: 5,
        name: "StopReplica",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 6,
        name: "UpdateMetadata",
        oldest: 0,
        latest: 8,
        client: true,
    },
    ClientApi {
        key: 7,
        name: "ControlledShutdown",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 8,
        name: "OffsetCommit",
        oldest: 0,
        latest: 9,
        client: true,
    },
    ClientApi {
        key: 9,
        name: "OffsetFetch",
        oldest: 0,
        latest: 9,
        client: true,
    },
    ClientApi {
        key: 10,
        name: "FindCoordinator",
        oldest: 0,
        latest: 6,
        client: true,
    },
    ClientApi {
        key: 11,
        name: "JoinGroup",
        oldest: 0,
        latest: 9,
        client: true,
    },
    ClientApi {
        key: 12,
        name: "Heartbeat",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 13,
        name: "LeaveGroup",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 14,
        name: "SyncGroup",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 15,
        name: "DescribeGroups",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 16,
        name: "ListGroups",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 17,
        name: "SaslHandshake",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 18,
        name: "ApiVersions",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 19,
        name: "CreateTopics",
        oldest: 0,
        latest: 7,
        client: true,
    },
    ClientApi {
        key: 20,
        name: "DeleteTopics",
        oldest: 0,
        latest: 6,
        client: true,
    },
    ClientApi {
        key: 21,
        name: "DeleteRecords",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 22,
        name: "InitProducerId",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 23,
        name: "OffsetForLeaderEpoch",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 24,
        name: "AddPartitionsToTxn",
        oldest: 0,
        latest: 5,
        client: true,
    },
    ClientApi {
        key: 25,
        name: "AddOffsetsToTxn",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 26,
        name: "EndTxn",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 27,
        name: "WriteTxnMarkers",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 28,
        name: "TxnOffsetCommit",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 29,
        name: "DescribeAcls",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 30,
        name: "CreateAcls",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 31,
        name: "DeleteAcls",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 32,
        name: "DescribeConfigs",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 33,
        name: "AlterConfigs",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 34,
        name: "AlterReplicaLogDirs",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 35,
        name: "DescribeLogDirs",
        oldest: 0,
        latest: 4,
        client: true,
    },
    ClientApi {
        key: 36,
        name: "SaslAuthenticate",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 37,
        name: "CreatePartitions",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 38,
        name: "CreateDelegationToken",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 39,
        name: "RenewDelegationToken",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 40,
        name: "ExpireDelegationToken",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 41,
        name: "DescribeDelegationToken",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 42,
        name: "DeleteGroups",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 43,
        name: "ElectLeaders",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 44,
        name: "IncrementalAlterConfigs",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 45,
        name: "AlterPartitionReassignments",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 46,
        name: "ListPartitionReassignments",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 47,
        name: "OffsetDelete",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 48,
        name: "DescribeClientQuotas",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 49,
        name: "AlterClientQuotas",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 50,
        name: "DescribeUserScramCredentials",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 51,
        name: "AlterUserScramCredentials",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 52,
        name: "Vote",
        oldest: 0,
        latest: 1,
        client: false,
    },
    ClientApi {
        key: 53,
        name: "BeginQuorumEpoch",
        oldest: 0,
        latest: 1,
        client: false,
    },
    ClientApi {
        key: 54,
        name: "EndQuorumEpoch",
        oldest: 0,
        latest: 1,
        client: false,
    },
    ClientApi {
        key: 55,
        name: "DescribeQuorum",
        oldest: 0,
        latest: 2,
        client: true,
    },
    ClientApi {
        key: 56,
        name: "AlterPartition",
        oldest: 0,
        latest: 3,
        client: true,
    },
    ClientApi {
        key: 57,
        name: "UpdateFeatures",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 58,
        name: "Envelope",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 59,
        name: "FetchSnapshot",
        oldest: 0,
        latest: 1,
        client: false,
    },
    ClientApi {
        key: 60,
        name: "DescribeCluster",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 61,
        name: "DescribeProducers",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 62,
        name: "BrokerRegistration",
        oldest: 0,
        latest: 4,
        client: false,
    },
    ClientApi {
        key: 63,
        name: "BrokerHeartbeat",
        oldest: 0,
        latest: 1,
        client: false,
    },
    ClientApi {
        key: 64,
        name: "UnregisterBroker",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 65,
        name: "DescribeTransactions",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 66,
        name: "ListTransactions",
        oldest: 0,
        latest: 1,
        client: true,
    },
    ClientApi {
        key: 67,
        name: "AllocateProducerIds",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 68,
        name: "ConsumerGroupHeartbeat",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 69,
        name: "ConsumerGroupDescribe",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 70,
        name: "ControllerRegistration",
        oldest: 0,
        latest: 0,
        client: false,
    },
    ClientApi {
        key: 71,
        name: "GetTelemetrySubscriptions",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 72,
        name: "PushTelemetry",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 73,
        name: "AssignReplicasToDirs",
        oldest: 0,
        latest: 0,
        client: false,
    },
    ClientApi {
        key: 74,
        name: "ListClientMetricsResources",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 75,
        name: "DescribeTopicPartitions",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 76,
        name: "ShareGroupHeartbeat",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 77,
        name: "ShareGroupDescribe",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 78,
        name: "ShareFetch",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 79,
        name: "ShareAcknowledge",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 80,
        name: "AddRaftVoter",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 81,
        name: "RemoveRaftVoter",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 82,
        name: "UpdateRaftVoter",
        oldest: 0,
        latest: 0,
        client: false,
    },
    ClientApi {
        key: 83,
        name: "InitializeShareGroupState",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 84,
        name: "ReadShareGroupState",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 85,
        name: "WriteShareGroupState",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 86,
        name: "DeleteShareGroupState",
        oldest: 0,
        latest: 0,
        client: true,
    },
    ClientApi {
        key: 87,
        name: "ReadShareGroupStateSummary",
        oldest: 0,
        latest: 0,
        client: true,
    },
];

/// The 3.9 client's knowledge of API `key`, if it has any.
pub fn client_api(key: i16) -> Option<&'static ClientApi> {
    CLIENT_APIS.iter().find(|api| api.key == key)
}

/// One API range a broker announced in ApiVersions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiRange {
    pub key: i16,
    pub min: i16,
    pub max: i16,
}

/// A broker as Metadata lists it (Kafka's `Node`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerNode {
    pub id: i32,
    pub host: String,
    pub port: i32,
    pub rack: Option<String>,
}

impl BrokerNode {
    /// `host:port`, to connect to.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

impl std::fmt::Display for BrokerNode {
    /// Kafka's `Node.toString`: `host:port (id: 0 rack: null)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} (id: {} rack: {})",
            self.host,
            self.port,
            self.id,
            self.rack.as_deref().unwrap_or("null")
        )
    }
}

/// Kafka's `NodeApiVersions.toString(true)`: every announced API in key order, then each API
/// the client knows that the broker did not announce as UNSUPPORTED, one per line.
pub fn render_node_api_versions(ranges: &[ApiRange]) -> String {
    let mut lines: std::collections::BTreeMap<i16, String> = ranges
        .iter()
        .map(|range| (range.key, range_text(range)))
        .collect();
    for api in CLIENT_APIS.iter().filter(|api| api.client) {
        lines
            .entry(api.key)
            .or_insert_with(|| format!("{}({}): UNSUPPORTED", api.name, api.key));
    }
    let body: Vec<String> = lines.into_values().collect();
    format!("(\n\t{}\n)", body.join(",\n\t"))
}

/// One announced API: `Name(key): min to max [usable: v]` (`Name(key): v` when min = max,
/// `UNKNOWN(key)` for an API the client does not know, which then has no usable part).
fn range_text(range: &ApiRange) -> String {
    let api = client_api(range.key);
    let name = match api {
        Some(api) => format!("{}({}): ", api.name, api.key),
        None => format!("UNKNOWN({}): ", range.key),
    };
    let versions = if range.min == range.max {
        range.min.to_string()
    } else {
        format!("{} to {}", range.min, range.max)
    };
    let usable = match api {
        None => String::new(),
        Some(api) if api.latest < range.min => " [unusable: node too new]".to_string(),
        Some(api) if range.max < api.oldest => " [unusable: node too old]".to_string(),
        Some(api) => format!(" [usable: {}]", api.latest.min(range.max)),
    };
    format!("{name}{versions}{usable}")
}

/// Every broker of the cluster with its ApiVersions answer (or why it could not be had), by
/// id. Fails only when no server of `bootstrap` answers Metadata: the message is Kafka's
/// (`Request METADATA failed on brokers List(...)`).
pub async fn broker_api_versions(
    bootstrap: &str,
    properties: &[(String, String)],
) -> Result<Vec<(BrokerNode, Result<Vec<ApiRange>, WireError>)>, BootstrapFailed> {
    let timeout = timeout(properties);
    let servers: Vec<&str> = bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let mut nodes = None;
    for addr in &servers {
        match WireClient::connect(addr, properties, CLIENT_ID, timeout).await {
            Ok(mut client) => match client.nodes().await {
                Ok(found) => {
                    nodes = Some(found);
                    break;
                }
                Err(e) => tracing::debug!("Metadata from {addr} failed: {e}"),
            },
            Err(e) => tracing::debug!("Metadata from {addr} failed: {e}"),
        }
    }
    let Some(nodes) = nodes else {
        return Err(BootstrapFailed {
            servers: servers.iter().map(|s| s.to_string()).collect(),
        });
    };
    let mut answers = Vec::with_capacity(nodes.len());
    for (id, host, port, rack) in nodes {
        let node = BrokerNode {
            id,
            host,
            port,
            rack,
        };
        let versions = WireClient::connect(&node.addr(), properties, CLIENT_ID, timeout)
            .await
            .map(|client| {
                client
                    .api_versions()
                    .iter()
                    .map(|&(key, min, max)| ApiRange { key, min, max })
                    .collect()
            });
        answers.push((node, versions));
    }
    Ok(answers)
}

/// No bootstrap server answered Metadata.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Request METADATA failed on brokers List({})", self.nodes())]
pub struct BootstrapFailed {
    /// The bootstrap servers, `host:port`.
    pub servers: Vec<String>,
}

impl BootstrapFailed {
    /// The servers as Kafka prints its bootstrap nodes: `host:port (id: -1 rack: null)`.
    fn nodes(&self) -> String {
        self.servers
            .iter()
            .map(|s| format!("{s} (id: -1 rack: null)"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `request.timeout.ms` of the client properties, else the tool's 5 s.
fn timeout(properties: &[(String, String)]) -> Duration {
    property_ms(properties, "request.timeout.ms", 5_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_render_as_kafka_node_api_versions() {
        let ranges = [
            ApiRange {
                key: 0,
                min: 3,
                max: 9,
            },
            ApiRange {
                key: 47,
                min: 0,
                max: 0,
            },
            ApiRange {
                key: 1,
                min: 4,
                max: 40,
            },
            ApiRange {
                key: 3,
                min: 20,
                max: 30,
            },
            ApiRange {
                key: 999,
                min: 0,
                max: 1,
            },
        ];
        let text = render_node_api_versions(&ranges);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "(");
        assert_eq!(lines[1], "\tProduce(0): 3 to 9 [usable: 9],");
        assert_eq!(lines[2], "\tFetch(1): 4 to 40 [usable: 17],");
        assert_eq!(lines[3], "\tListOffsets(2): UNSUPPORTED,");
        assert_eq!(
            lines[4],
            "\tMetadata(3): 20 to 30 [unusable: node too new],"
        );
        assert!(text.contains("\tOffsetDelete(47): 0 [usable: 0],\n"));
        // Controller-only APIs are not the client's business.
        assert!(!text.contains("Vote(52)"));
        assert!(text.contains("\tDescribeQuorum(55): UNSUPPORTED,\n"));
        assert!(text.ends_with(
            "\tReadShareGroupStateSummary(87): UNSUPPORTED,\n\tUNKNOWN(999): 0 to 1\n)"
        ));
    }

    #[test]
    fn nodes_print_as_kafka_nodes() {
        let node = BrokerNode {
            id: 0,
            host: "localhost".into(),
            port: 9092,
            rack: None,
        };
        assert_eq!(node.to_string(), "localhost:9092 (id: 0 rack: null)");
        let failed = BootstrapFailed {
            servers: vec!["a:1".into(), "b:2".into()],
        };
        assert_eq!(
            failed.to_string(),
            "Request METADATA failed on brokers List(a:1 (id: -1 rack: null), b:2 (id: -1 rack: null))"
        );
    }
}
