//! What one scrape contains: the broker's own counters, and the gauges read from its state
//! now (partitions, leaders, logs, groups, connections), written as Prometheus text.

use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::messages::ApiKey;

use super::text::{sanitize, Attribute, Bean, Exposition, Sample};
use super::TopicCounters;
use crate::state::Broker;

/// Kafka's histogram percentiles, as the exporter's `quantile` label writes them.
const PERCENTILES: [(f64, &str); 6] = [
    (0.50, "0.50"),
    (0.75, "0.75"),
    (0.95, "0.95"),
    (0.98, "0.98"),
    (0.99, "0.99"),
    (0.999, "0.999"),
];

/// The whole scrape of `broker`.
pub fn scrape(broker: &Broker) -> String {
    let mut out = Exposition::default();
    broker_topic_metrics(broker, &mut out);
    request_metrics(broker, &mut out);
    replica_manager(broker, &mut out);
    logs(broker, &mut out);
    groups(broker, &mut out);
    sockets(broker, &mut out);
    client_telemetry(broker, &mut out);
    out.finish()
}

/// `kafka.server:type=BrokerTopicMetrics,name=*` for all topics, then per topic (a topic
/// gets its line once it has had traffic, as Kafka's per-topic meters appear on first use).
fn broker_topic_metrics(broker: &Broker, out: &mut Exposition) {
    let all = broker.metrics().all_topics.meters();
    let per_topic: Vec<(String, [(&str, u64); 7])> = broker
        .topics()
        .values()
        .filter_map(|topic| {
            let mut sums = TopicCounters::default().meters();
            for partition in &topic.partitions {
                for (sum, (_, n)) in sums.iter_mut().zip(partition.counters.meters()) {
                    sum.1 += n;
                }
            }
            sums.iter()
                .any(|(_, n)| *n > 0)
                .then(|| (topic.name.clone(), sums))
        })
        .collect();
    for (i, (name, total)) in all.iter().enumerate() {
        let mut samples: Vec<Sample> = vec![(Vec::new(), *total as f64)];
        for (topic, sums) in &per_topic {
            samples.push((vec![("topic", topic.clone())], sums[i].1 as f64));
        }
        out.family(
            &Bean::named("kafka.server", "BrokerTopicMetrics", name),
            Attribute::MeterCount,
            &samples,
        );
    }
}

/// Kafka's name of an API in `RequestMetrics` (`request=Produce`).
fn api_name(key: i16) -> Option<String> {
    ApiKey::try_from(key).ok().map(|k| format!("{k:?}"))
}

/// `kafka.network:type=RequestMetrics,name=RequestsPerSec,request=R,version=V` and the
/// `TotalTimeMs` histogram per API, for the APIs that were called.
fn request_metrics(broker: &Broker, out: &mut Exposition) {
    let requests = &broker.metrics().requests;
    let apis: Vec<(String, &super::ApiMetrics)> = (0..super::requests::API_KEYS as i16)
        .filter_map(|key| {
            let api = requests.api(key)?;
            (api.total_time.count() > 0).then_some((api_name(key)?, api))
        })
        .collect();
    let mut counts = Vec::new();
    for (name, api) in &apis {
        for (version, n) in api.versions() {
            counts.push((
                vec![("request", name.clone()), ("version", version.to_string())],
                n as f64,
            ));
        }
    }
    out.family(
        &Bean::named("kafka.network", "RequestMetrics", "RequestsPerSec"),
        Attribute::MeterCount,
        &counts,
    );
    let total_time = Bean::named("kafka.network", "RequestMetrics", "TotalTimeMs");
    let mut percentiles = Vec::new();
    let mut histogram_counts = Vec::new();
    let quantiles: Vec<f64> = PERCENTILES.iter().map(|(q, _)| *q).collect();
    for (name, api) in &apis {
        let values = api.total_time.quantiles_us(&quantiles);
        for ((_, label), us) in PERCENTILES.iter().zip(values) {
            percentiles.push((
                vec![("request", name.clone()), ("quantile", label.to_string())],
                us as f64 / 1000.0,
            ));
        }
        histogram_counts.push((
            vec![("request", name.clone())],
            api.total_time.count() as f64,
        ));
    }
    out.family(&total_time, Attribute::HistogramCount, &histogram_counts);
    out.family(&total_time, Attribute::Percentiles, &percentiles);
}

/// `kafka.server:type=ReplicaManager` gauges over the partitions this broker holds, and the
/// controller's `kafka.controller:type=KafkaController` ones when it is the controller.
fn replica_manager(broker: &Broker, out: &mut Exposition) {
    let view = broker.view();
    let me = broker.id();
    let (mut partitions, mut leaders, mut under_replicated, mut under_min_isr) = (0, 0, 0, 0);
    for topic in broker.topics().values() {
        let assignment = view.topics.get(&topic.name);
        for partition in &topic.partitions {
            partitions += 1;
            let Some(assignment) = assignment else {
                continue;
            };
            if assignment.leader(partition.index) != Some(me) {
                continue;
            }
            leaders += 1;
            let replicas = assignment
                .replicas
                .get(&partition.index)
                .map_or(1, |r| r.len());
            let isr = partition.leadership().map_or(1, |r| r.isr().len());
            if isr < replicas {
                under_replicated += 1;
            }
            if isr < crate::replication::delayed_produce::min_insync_replicas(broker, partition) {
                under_min_isr += 1;
            }
        }
    }
    let gauge = |out: &mut Exposition, kind: &'static str, name: &'static str, value: usize| {
        out.family(
            &Bean::named("kafka.server", kind, name),
            Attribute::Value,
            &[(Vec::new(), value as f64)],
        );
    };
    gauge(out, "ReplicaManager", "PartitionCount", partitions);
    gauge(out, "ReplicaManager", "LeaderCount", leaders);
    gauge(
        out,
        "ReplicaManager",
        "UnderReplicatedPartitions",
        under_replicated,
    );
    gauge(
        out,
        "ReplicaManager",
        "UnderMinIsrPartitionCount",
        under_min_isr,
    );
    // A standalone broker is its own controller.
    let active = view.controller == me || broker.cluster().is_none();
    let offline = if active {
        view.topics
            .iter()
            .flat_map(|(name, t)| t.replicas.keys().map(move |p| (name, *p)))
            .filter(|(name, p)| view.live_leader(name, *p).is_none())
            .count()
    } else {
        0
    };
    let controller = |out: &mut Exposition, name: &'static str, value: usize| {
        out.family(
            &Bean::named("kafka.controller", "KafkaController", name),
            Attribute::Value,
            &[(Vec::new(), value as f64)],
        );
    };
    controller(out, "ActiveControllerCount", active as usize);
    if active {
        controller(out, "OfflinePartitionsCount", offline);
    }
}

/// `kafka.log:type=Log,name=*,topic=T,partition=P` for every partition log this broker
/// holds.
fn logs(broker: &Broker, out: &mut Exposition) {
    let topics = broker.topics();
    let partitions: Vec<&Arc<crate::state::Partition>> =
        topics.values().flat_map(|t| &t.partitions).collect();
    type Read = fn(&kt_storage::PartitionLog) -> f64;
    let gauges: [(&str, Read); 4] = [
        ("Size", |l| l.size_in_bytes() as f64),
        ("LogEndOffset", |l| l.log_end_offset() as f64),
        ("LogStartOffset", |l| l.log_start_offset() as f64),
        ("NumLogSegments", |l| l.segment_base_offsets().len() as f64),
    ];
    for (name, read) in gauges {
        let samples: Vec<Sample> = partitions
            .iter()
            .map(|p| {
                (
                    vec![
                        ("topic", p.topic.clone()),
                        ("partition", p.index.to_string()),
                    ],
                    read(&p.log),
                )
            })
            .collect();
        out.family(
            &Bean::named("kafka.log", "Log", name),
            Attribute::Value,
            &samples,
        );
    }
}

/// `kafka.coordinator.group:type=GroupMetadataManager,name=NumGroups|NumOffsets`.
fn groups(broker: &Broker, out: &mut Exposition) {
    let (groups, offsets) = broker.groups().gauge_counts();
    for (name, value) in [("NumGroups", groups), ("NumOffsets", offsets)] {
        out.family(
            &Bean::named("kafka.coordinator.group", "GroupMetadataManager", name),
            Attribute::Value,
            &[(Vec::new(), value as f64)],
        );
    }
}

/// `kafka.server:type=socket-server-metrics,listener=L,networkProcessor=0` attributes
/// `connection-count`, `connection-creation-total` and the authentication ones
/// (`successful-authentication-total`, `failed-reauthentication-total`,
/// `reauthentication-latency-avg`, ...; kt has one network processor: the runtime's tasks).
fn sockets(broker: &Broker, out: &mut Exposition) {
    let per_listener = broker.metrics().connections.per_listener();
    let authentication = broker.metrics().connections.authentication_per_listener();
    let bean = Bean {
        domain: "kafka.server",
        kind: "socket-server-metrics",
        name: None,
    };
    let labels = |listener: &Arc<str>| {
        vec![
            ("listener", listener.to_string()),
            ("networkProcessor", "0".to_string()),
        ]
    };
    let mut by_attr: BTreeMap<&str, Vec<Sample>> = BTreeMap::new();
    for (listener, open, created) in &per_listener {
        by_attr
            .entry("connection-count")
            .or_default()
            .push((labels(listener), *open as f64));
        by_attr
            .entry("connection-creation-total")
            .or_default()
            .push((labels(listener), *created as f64));
    }
    for (listener, totals) in &authentication {
        for (attr, value) in [
            ("successful-authentication-total", totals.succeeded as f64),
            (
                "successful-authentication-no-reauth-total",
                totals.succeeded_without_reauth as f64,
            ),
            ("failed-authentication-total", totals.failed as f64),
            (
                "successful-reauthentication-total",
                totals.reauthenticated as f64,
            ),
            (
                "failed-reauthentication-total",
                totals.reauthentication_failed as f64,
            ),
            (
                "reauthentication-latency-avg",
                totals.reauthentication_latency_avg_ms,
            ),
            (
                "reauthentication-latency-max",
                totals.reauthentication_latency_max_ms,
            ),
        ] {
            by_attr
                .entry(attr)
                .or_default()
                .push((labels(listener), value));
        }
    }
    for (attr, samples) in by_attr {
        out.family(&bean, Attribute::Named(attr), &samples);
    }
}

/// What clients pushed (KIP-714), each metric under its OpenTelemetry name made a Prometheus
/// one (`org.apache.kafka.producer.record.queue.time.avg` →
/// `org_apache_kafka_producer_record_queue_time_avg`), labelled with the client instance id,
/// the client id and the point's attributes; monotonic sums are counters.
fn client_telemetry(broker: &Broker, out: &mut Exposition) {
    let pushed = broker.metrics().client_metrics.telemetry.pushed();
    let mut families: BTreeMap<String, (String, bool, Vec<Sample>)> = BTreeMap::new();
    for (instance, client_id, points) in &pushed {
        for point in points {
            let name = sanitize(&point.name);
            let family = families
                .entry(name)
                .or_insert_with(|| (point.name.clone(), point.counter, Vec::new()));
            let mut labels = vec![
                ("client_instance_id", instance.to_string()),
                ("client_id", client_id.clone()),
            ];
            labels.extend(
                point
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone())),
            );
            family.2.push((labels, point.value));
        }
    }
    for (name, (otel_name, counter, samples)) in families {
        out.plain_family(
            &name,
            &format!("{otel_name}, as pushed by clients (KIP-714)"),
            counter,
            &samples,
        );
    }
}
