//! Broker metrics a person can watch: Kafka's metric names, counted on the request path and
//! served over HTTP in Prometheus' text exposition format (`metrics.listener`, off unless
//! set).
//!
//! Names follow the Prometheus JMX exporter run on a Kafka broker with the widely used
//! `kafka-2_0_0.yml` rules (`lowercaseOutputName: true`): a meter's `Count` is
//! `kafka_<domain>_<type>_<name without PerSec>_total` (`kafka.server:type=BrokerTopicMetrics,
//! name=MessagesInPerSec,topic=t` → `kafka_server_brokertopicmetrics_messagesin_total
//! {topic="t"}`), a gauge's `Value` is `kafka_<domain>_<type>_<name>`, a histogram's `Count`
//! is `..._<name>_count` and its percentiles are `..._<name>{quantile="0.99"}`; the MBean's
//! other keys become labels, in their order. Each family's `# HELP` names the MBean and
//! attribute it stands for (`kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>
//! Count`), which is how `kt jmx` maps JMX object names back to series.
//!
//! Cost: the request path only moves relaxed atomic counters (`counters`, `requests`,
//! `connections`); gauges (partition counts, log sizes, groups) are computed when scraped.
//! By idea: `counters` and `histogram` are the primitives, `requests` and `connections` the
//! per-API and per-listener tables, `exposition` writes a scrape, `http` serves it.

pub mod client_metrics;
mod connections;
mod counters;
pub mod exposition;
mod histogram;
pub mod http;
mod requests;
mod text;

pub use connections::{
    AuthenticationCounts, AuthenticationTotals, ConnectionCounts, OpenConnection,
};
pub use counters::{Counter, TopicCounters};
pub use histogram::Histogram;
pub use requests::{ApiMetrics, RequestMetrics};

/// Every metric the broker counts itself (gauges are read from its state at scrape time).
#[derive(Debug, Default)]
pub struct BrokerMetrics {
    /// `BrokerTopicMetrics` over all topics (per topic, they live on each partition).
    pub all_topics: TopicCounters,
    /// `RequestMetrics` per API.
    pub requests: RequestMetrics,
    /// `socket-server-metrics` per listener.
    pub connections: ConnectionCounts,
    /// The client metrics subscriptions (`CLIENT_METRICS` config resources).
    pub client_metrics: client_metrics::ClientMetricsResources,
    /// Where the metrics endpoint listens, once bound.
    http_addr: std::sync::OnceLock<std::net::SocketAddr>,
}

impl BrokerMetrics {
    /// The address the metrics endpoint is bound to (its port chosen by the system when
    /// `metrics.listener` asked for port 0); None while it is off.
    pub fn http_addr(&self) -> Option<std::net::SocketAddr> {
        self.http_addr.get().copied()
    }
}
