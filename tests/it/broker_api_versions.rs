//! `kt broker-api-versions` (kafka-broker-api-versions.sh): every broker's API ranges as
//! Kafka's `NodeApiVersions.toString(true)` prints them, byte for byte.

use kafka_protocol::messages::ApiVersionsRequest;

use kt::admin::api_versions::{render_node_api_versions, ApiRange};

use crate::common::{self, raw};

/// Kafka 3.9.0's own tool against a Kafka 3.9.0 broker (the answer key, `a01`).
const KAFKA_39_OUTPUT: &str = "localhost:9092 (id: 0 rack: null) -> (\n\
\tProduce(0): 0 to 11 [usable: 11],\n\
\tFetch(1): 0 to 17 [usable: 17],\n\
\tListOffsets(2): 0 to 9 [usable: 9],\n\
\tMetadata(3): 0 to 12 [usable: 12],\n\
\tLeaderAndIsr(4): 0 to 7 [usable: 7],\n\
\tStopReplica(5): 0 to 4 [usable: 4],\n\
\tUpdateMetadata(6): 0 to 8 [usable: 8],\n\
\tControlledShutdown(7): 0 to 3 [usable: 3],\n\
\tOffsetCommit(8): 0 to 9 [usable: 9],\n\
\tOffsetFetch(9): 0 to 9 [usable: 9],\n\
\tFindCoordinator(10): 0 to 6 [usable: 6],\n\
\tJoinGroup(11): 0 to 9 [usable: 9],\n\
\tHeartbeat(12): 0 to 4 [usable: 4],\n\
\tLeaveGroup(13): 0 to 5 [usable: 5],\n\
\tSyncGroup(14): 0 to 5 [usable: 5],\n\
\tDescribeGroups(15): 0 to 5 [usable: 5],\n\
\tListGroups(16): 0 to 5 [usable: 5],\n\
\tSaslHandshake(17): 0 to 1 [usable: 1],\n\
\tApiVersions(18): 0 to 4 [usable: 4],\n\
\tCreateTopics(19): 0 to 7 [usable: 7],\n\
\tDeleteTopics(20): 0 to 6 [usable: 6],\n\
\tDeleteRecords(21): 0 to 2 [usable: 2],\n\
\tInitProducerId(22): 0 to 5 [usable: 5],\n\
\tOffsetForLeaderEpoch(23): 0 to 4 [usable: 4],\n\
\tAddPartitionsToTxn(24): 0 to 5 [usable: 5],\n\
\tAddOffsetsToTxn(25): 0 to 4 [usable: 4],\n\
\tEndTxn(26): 0 to 4 [usable: 4],\n\
\tWriteTxnMarkers(27): 0 to 1 [usable: 1],\n\
\tTxnOffsetCommit(28): 0 to 4 [usable: 4],\n\
\tDescribeAcls(29): 0 to 3 [usable: 3],\n\
\tCreateAcls(30): 0 to 3 [usable: 3],\n\
\tDeleteAcls(31): 0 to 3 [usable: 3],\n\
\tDescribeConfigs(32): 0 to 4 [usable: 4],\n\
\tAlterConfigs(33): 0 to 2 [usable: 2],\n\
\tAlterReplicaLogDirs(34): 0 to 2 [usable: 2],\n\
\tDescribeLogDirs(35): 0 to 4 [usable: 4],\n\
\tSaslAuthenticate(36): 0 to 2 [usable: 2],\n\
\tCreatePartitions(37): 0 to 3 [usable: 3],\n\
\tCreateDelegationToken(38): 0 to 3 [usable: 3],\n\
\tRenewDelegationToken(39): 0 to 2 [usable: 2],\n\
\tExpireDelegationToken(40): 0 to 2 [usable: 2],\n\
\tDescribeDelegationToken(41): 0 to 3 [usable: 3],\n\
\tDeleteGroups(42): 0 to 2 [usable: 2],\n\
\tElectLeaders(43): 0 to 2 [usable: 2],\n\
\tIncrementalAlterConfigs(44): 0 to 1 [usable: 1],\n\
\tAlterPartitionReassignments(45): 0 [usable: 0],\n\
\tListPartitionReassignments(46): 0 [usable: 0],\n\
\tOffsetDelete(47): 0 [usable: 0],\n\
\tDescribeClientQuotas(48): 0 to 1 [usable: 1],\n\
\tAlterClientQuotas(49): 0 to 1 [usable: 1],\n\
\tDescribeUserScramCredentials(50): 0 [usable: 0],\n\
\tAlterUserScramCredentials(51): 0 [usable: 0],\n\
\tDescribeQuorum(55): UNSUPPORTED,\n\
\tAlterPartition(56): 0 to 3 [usable: 3],\n\
\tUpdateFeatures(57): 0 to 1 [usable: 1],\n\
\tEnvelope(58): 0 [usable: 0],\n\
\tDescribeCluster(60): 0 to 1 [usable: 1],\n\
\tDescribeProducers(61): 0 [usable: 0],\n\
\tUnregisterBroker(64): UNSUPPORTED,\n\
\tDescribeTransactions(65): 0 [usable: 0],\n\
\tListTransactions(66): 0 to 1 [usable: 1],\n\
\tAllocateProducerIds(67): 0 [usable: 0],\n\
\tConsumerGroupHeartbeat(68): 0 [usable: 0],\n\
\tConsumerGroupDescribe(69): 0 [usable: 0],\n\
\tGetTelemetrySubscriptions(71): UNSUPPORTED,\n\
\tPushTelemetry(72): UNSUPPORTED,\n\
\tListClientMetricsResources(74): UNSUPPORTED,\n\
\tDescribeTopicPartitions(75): UNSUPPORTED,\n\
\tShareGroupHeartbeat(76): UNSUPPORTED,\n\
\tShareGroupDescribe(77): UNSUPPORTED,\n\
\tShareFetch(78): UNSUPPORTED,\n\
\tShareAcknowledge(79): UNSUPPORTED,\n\
\tAddRaftVoter(80): UNSUPPORTED,\n\
\tRemoveRaftVoter(81): UNSUPPORTED,\n\
\tInitializeShareGroupState(83): UNSUPPORTED,\n\
\tReadShareGroupState(84): UNSUPPORTED,\n\
\tWriteShareGroupState(85): UNSUPPORTED,\n\
\tDeleteShareGroupState(86): UNSUPPORTED,\n\
\tReadShareGroupStateSummary(87): UNSUPPORTED\n\
)\n\
";

/// The ranges a line of Kafka's output announces, or None for an UNSUPPORTED line; with the
/// API's name and the usable version printed.
fn parse_line(line: &str) -> (i16, String, Option<(i16, i16, i16)>) {
    let line = line.trim_start_matches('\t').trim_end_matches(',');
    let (head, rest) = line.split_once(": ").unwrap();
    let (name, key) = head.trim_end_matches(')').split_once('(').unwrap();
    let key: i16 = key.parse().unwrap();
    if rest == "UNSUPPORTED" {
        return (key, name.to_string(), None);
    }
    let (range, usable) = rest.split_once(" [usable: ").unwrap();
    let usable: i16 = usable.trim_end_matches(']').parse().unwrap();
    let (min, max) = match range.split_once(" to ") {
        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
        None => (range.parse().unwrap(), range.parse().unwrap()),
    };
    (key, name.to_string(), Some((min, max, usable)))
}

#[test]
fn kafka_ranges_render_exactly_as_kafka_prints_them() {
    let lines: Vec<&str> = KAFKA_39_OUTPUT.lines().collect();
    let ranges: Vec<ApiRange> = lines[1..lines.len() - 1]
        .iter()
        .filter_map(|l| {
            let (key, _, range) = parse_line(l);
            range.map(|(min, max, _)| ApiRange { key, min, max })
        })
        .collect();
    let rendered = format!(
        "localhost:9092 (id: 0 rack: null) -> {}\n",
        render_node_api_versions(&ranges)
    );
    assert_eq!(rendered, KAFKA_39_OUTPUT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_broker_api_is_printed_with_kafka_39_usable_versions() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    let addr = broker.addr();
    let announced = tokio::task::spawn_blocking(move || {
        raw::Client::connect(addr).call(3, &ApiVersionsRequest::default())
    })
    .await
    .unwrap();
    assert_eq!(announced.error_code, 0);

    // What Kafka 3.9's client knows of each API: its name and newest version (the usable
    // version in the answer key, where broker and client are both 3.9).
    let kafka: Vec<(i16, String, Option<i16>)> = KAFKA_39_OUTPUT
        .lines()
        .filter(|l| l.starts_with('\t'))
        .map(|l| {
            let (key, name, range) = parse_line(l);
            (key, name, range.map(|(_, _, usable)| usable))
        })
        .collect();
    let mut expected = format!("{bootstrap} (id: 0 rack: null) -> (\n");
    let mut body = Vec::new();
    for (key, name, latest) in &kafka {
        let line = match announced.api_keys.iter().find(|a| a.api_key == *key) {
            Some(a) => {
                let range = if a.min_version == a.max_version {
                    a.min_version.to_string()
                } else {
                    format!("{} to {}", a.min_version, a.max_version)
                };
                // Every API kt announces is one Kafka's 3.9 broker serves.
                let latest = latest.unwrap_or_else(|| panic!("kt announces {name}"));
                format!(
                    "\t{name}({key}): {range} [usable: {}]",
                    latest.min(a.max_version)
                )
            }
            None => format!("\t{name}({key}): UNSUPPORTED"),
        };
        body.push(line);
    }
    expected.push_str(&body.join(",\n"));
    expected.push_str("\n)\n");

    let run = common::run_kt_async::<Vec<String>, String>;
    for tool in ["broker-api-versions", "kafka-broker-api-versions.sh"] {
        let (out, err, code) = run(vec![
            tool.to_string(),
            "--bootstrap-server".into(),
            bootstrap.clone(),
        ])
        .await;
        assert_eq!((code, err.as_str()), (0, ""), "{tool}");
        assert_eq!(out, expected, "{tool}");
    }
    // Produce, Fetch, Metadata: what kt serves, capped at what a 3.9 client speaks.
    assert!(
        expected.contains("\n\tMetadata(3): 0 to 12 [usable: 12],\n"),
        "{expected}"
    );
    // The controller APIs a ZooKeeper-mode broker serves, and the token APIs, with all of
    // Kafka 3.9's versions.
    for line in [
        "\tCreateDelegationToken(38): 0 to 3 [usable: 3],\n",
        "\tRenewDelegationToken(39): 0 to 2 [usable: 2],\n",
        "\tExpireDelegationToken(40): 0 to 2 [usable: 2],\n",
        "\tDescribeDelegationToken(41): 0 to 3 [usable: 3],\n",
        "\tLeaderAndIsr(4): 0 to 7 [usable: 7],\n",
        "\tStopReplica(5): 0 to 4 [usable: 4],\n",
        "\tUpdateMetadata(6): 0 to 8 [usable: 8],\n",
        "\tControlledShutdown(7): 0 to 3 [usable: 3],\n",
    ] {
        assert!(expected.contains(line), "{line} in {expected}");
    }

    // Without --bootstrap-server: Kafka's message, exit 1.
    let (out, err, code) = run(vec!["broker-api-versions".into()]).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("Missing required argument \"[bootstrap-server]\"\n"),
        "{err}"
    );
    // Nothing listening: Kafka's RuntimeException message, exit 1.
    let closed = format!("127.0.0.1:{}", common::free_port());
    let (out, err, code) = run(vec![
        "broker-api-versions".into(),
        "--bootstrap-server".into(),
        closed.clone(),
    ])
    .await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!("Request METADATA failed on brokers List({closed} (id: -1 rack: null))\n")
    );
    broker.shutdown().await;
}
