//! The broker's metrics endpoint (`metrics.listener`): records produced and fetched through
//! librdkafka move Kafka's meters by exactly what was sent, per API request counts and
//! latency percentiles appear, gauges read the logs, the scrape parses with a real
//! Prometheus text-format parser, another path answers 404; `kt jmx` prints the same numbers
//! under their JMX object names, as Kafka's JmxTool does; and a client metrics subscription
//! made with `kt client-metrics` reaches librdkafka (KIP-714), whose pushed metrics then show
//! on the endpoint.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use prometheus_parse::{Scrape, Value};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};

use crate::common;

/// One HTTP GET of `path`: (status line, body).
fn get(addr: SocketAddr, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

/// The value of the sample `metric` with exactly `labels`.
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> Option<f64> {
    scrape
        .samples
        .iter()
        .find(|s| {
            s.metric == metric
                && s.labels.len() == labels.len()
                && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v))
        })
        .map(|s| match s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => v,
            ref other => panic!("{metric}: {other:?}"),
        })
}

use crate::common::run_kt_async as kt;

async fn scrape(addr: SocketAddr) -> (Scrape, String) {
    let (status, body) = tokio::task::spawn_blocking(move || get(addr, "/metrics"))
        .await
        .unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    (parse(&body), body)
}

fn parse(body: &str) -> Scrape {
    Scrape::parse(body.lines().map(|l| Ok(l.to_string()))).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_endpoint_counts_what_clients_did_and_kt_jmx_prints_it() {
    const RECORDS: usize = 300;
    const VALUE: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let broker =
        common::start_broker(dir.path(), &[("metrics.listener", "http://127.0.0.1:0")]).await;
    let bootstrap = broker.bootstrap();
    // The endpoint is bound by the broker's background tasks, beside its listeners.
    common::cluster::wait_until("the metrics endpoint is bound", || {
        broker.broker().metrics().http_addr().is_some()
    })
    .await;
    let addr = broker.broker().metrics().http_addr().unwrap();
    common::create_topic(&bootstrap, "watched", 1).await;

    // A subscription for the producer's metrics, pushed every 100 ms (KIP-714).
    let cm = |action: &'static [&'static str]| {
        let mut args = vec!["client-metrics", "--bootstrap-server", bootstrap.as_str()];
        args.extend_from_slice(action);
        args
    };
    let alter = cm(&[
        "--alter",
        "--name",
        "producers",
        "--metrics",
        "org.apache.kafka.producer.",
        "--interval",
        "100",
        "--match",
        "client_id=metrics-producer",
    ]);
    assert_eq!(
        kt(&alter).await,
        (
            "Altered client metrics config for producers.\n".into(),
            String::new(),
            0
        )
    );
    assert_eq!(kt(&cm(&["--list"])).await.0, "producers\n");
    assert_eq!(
        kt(&cm(&["--describe", "--name", "producers"])).await.0,
        "Client metrics configs for producers are:\n  interval.ms=100\n  \
         match=client_id=metrics-producer\n  metrics=org.apache.kafka.producer.\n"
    );
    let (out, _, code) = kt(&cm(&["--alter", "--name", "bad", "--interval", "5"])).await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Error while executing client metrics command : Invalid value 5 for interval.ms, \
             interval must be between 100 and 3600000 (1 hour)\n",
            1
        )
    );

    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "5")
        .set("client.id", "metrics-producer")
        .set("enable.metrics.push", "true")
        .create()
        .unwrap();
    let sends: Vec<_> = (0..RECORDS)
        .map(|i| {
            let payload = vec![b'a' + (i % 26) as u8; VALUE];
            let producer = producer.clone();
            async move {
                producer
                    .send(
                        FutureRecord::<(), _>::to("watched").payload(&payload),
                        Duration::from_secs(10),
                    )
                    .await
                    .map(|_| ())
                    .map_err(|(e, _)| e)
            }
        })
        .collect();
    for sent in futures::future::join_all(sends).await {
        sent.unwrap();
    }
    // The producer pushes its metrics under the subscription.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let pushed = loop {
        let (scrape, _) = scrape(addr).await;
        let pushed: Vec<String> = scrape
            .samples
            .iter()
            .filter(|s| {
                s.metric.starts_with("org_apache_kafka_producer_")
                    && s.labels.get("client_id") == Some("metrics-producer")
            })
            .map(|s| s.metric.clone())
            .collect();
        if !pushed.is_empty() || std::time::Instant::now() > deadline {
            break pushed;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!pushed.is_empty(), "librdkafka pushed no producer metrics");
    drop(producer);

    // Read everything back, so BytesOutPerSec moves.
    let consumed = {
        let bootstrap = bootstrap.clone();
        tokio::task::spawn_blocking(move || {
            let consumer: BaseConsumer = common::client(&bootstrap)
                .set("group.id", "metrics-reader")
                .create()
                .unwrap();
            let mut tpl = TopicPartitionList::new();
            tpl.add_partition_offset("watched", 0, Offset::Beginning)
                .unwrap();
            consumer.assign(&tpl).unwrap();
            let mut n = 0;
            let deadline = std::time::Instant::now() + Duration::from_secs(15);
            while n < RECORDS && std::time::Instant::now() < deadline {
                if let Some(Ok(_)) = consumer.poll(Duration::from_millis(200)) {
                    n += 1;
                }
            }
            n
        })
        .await
        .unwrap()
    };
    assert_eq!(consumed, RECORDS);

    let (scrape, body) = scrape(addr).await;
    let n = RECORDS as f64;
    let topic = [("topic", "watched")];
    // Every record once, over all topics and on its topic.
    assert_eq!(
        value(
            &scrape,
            "kafka_server_brokertopicmetrics_messagesin_total",
            &[]
        ),
        Some(n),
        "{body}"
    );
    assert_eq!(
        value(
            &scrape,
            "kafka_server_brokertopicmetrics_messagesin_total",
            &topic
        ),
        Some(n)
    );
    // Record batches hold the values plus their framing.
    let bytes_in = value(
        &scrape,
        "kafka_server_brokertopicmetrics_bytesin_total",
        &topic,
    )
    .unwrap();
    assert!(bytes_in > n * VALUE as f64, "{bytes_in}");
    let log_size = value(
        &scrape,
        "kafka_log_log_size",
        &[("topic", "watched"), ("partition", "0")],
    )
    .unwrap();
    assert_eq!(bytes_in, log_size, "bytes in are the bytes appended");
    let bytes_out = value(
        &scrape,
        "kafka_server_brokertopicmetrics_bytesout_total",
        &topic,
    )
    .unwrap();
    assert!(bytes_out >= log_size, "{bytes_out} < {log_size}");
    let produces = value(
        &scrape,
        "kafka_server_brokertopicmetrics_totalproducerequests_total",
        &topic,
    )
    .unwrap();
    assert!(produces >= 1.0 && produces <= n);
    assert_eq!(
        value(
            &scrape,
            "kafka_server_brokertopicmetrics_failedproducerequests_total",
            &[]
        ),
        Some(0.0)
    );
    assert!(
        value(
            &scrape,
            "kafka_server_brokertopicmetrics_totalfetchrequests_total",
            &topic
        )
        .unwrap()
            >= 1.0
    );
    // Per-API requests and their latency histogram.
    let produce_requests: f64 = scrape
        .samples
        .iter()
        .filter(|s| {
            s.metric == "kafka_network_requestmetrics_requests_total"
                && s.labels.get("request") == Some("Produce")
        })
        .map(|s| match s.value {
            Value::Counter(v) => v,
            _ => 0.0,
        })
        .sum();
    assert_eq!(
        produce_requests, produces,
        "one partition per produce request"
    );
    assert!(
        value(
            &scrape,
            "kafka_network_requestmetrics_totaltimems_count",
            &[("request", "Fetch")]
        )
        .unwrap()
            >= 1.0
    );
    let quantiles: Vec<f64> = ["0.50", "0.75", "0.95", "0.98", "0.99", "0.999"]
        .iter()
        .map(|q| {
            value(
                &scrape,
                "kafka_network_requestmetrics_totaltimems",
                &[("request", "Produce"), ("quantile", q)],
            )
            .unwrap()
        })
        .collect();
    assert!(quantiles.windows(2).all(|w| w[0] <= w[1]), "{quantiles:?}");
    assert!(
        value(
            &scrape,
            "kafka_network_requestmetrics_totaltimems_count",
            &[("request", "Metadata")]
        )
        .unwrap()
            >= 1.0
    );
    // Gauges read from the state.
    let offsets = [("topic", "watched"), ("partition", "0")];
    assert_eq!(
        value(&scrape, "kafka_log_log_logendoffset", &offsets),
        Some(n)
    );
    assert_eq!(
        value(&scrape, "kafka_log_log_logstartoffset", &offsets),
        Some(0.0)
    );
    assert_eq!(
        value(&scrape, "kafka_log_log_numlogsegments", &offsets),
        Some(1.0)
    );
    assert!(value(&scrape, "kafka_server_replicamanager_partitioncount", &[]).unwrap() >= 1.0);
    assert_eq!(
        value(
            &scrape,
            "kafka_server_replicamanager_underreplicatedpartitions",
            &[]
        ),
        Some(0.0)
    );
    assert_eq!(
        value(
            &scrape,
            "kafka_controller_kafkacontroller_activecontrollercount",
            &[]
        ),
        Some(1.0)
    );
    assert!(
        value(
            &scrape,
            "kafka_server_socket_server_metrics_connection_creation_total",
            &[("listener", "PLAINTEXT"), ("networkprocessor", "0")]
        )
        .unwrap()
            >= 2.0
    );
    // A PLAINTEXT connection counts as authenticated once ready, and as one whose client
    // cannot re-authenticate, as Kafka's Selector counts it.
    let plaintext = [("listener", "PLAINTEXT"), ("networkprocessor", "0")];
    let authenticated = value(
        &scrape,
        "kafka_server_socket_server_metrics_successful_authentication_total",
        &plaintext,
    )
    .unwrap();
    assert!(authenticated >= 2.0, "{authenticated}");
    assert_eq!(
        value(
            &scrape,
            "kafka_server_socket_server_metrics_successful_authentication_no_reauth_total",
            &plaintext
        ),
        Some(authenticated)
    );
    assert_eq!(
        value(
            &scrape,
            "kafka_server_socket_server_metrics_failed_authentication_total",
            &plaintext
        ),
        Some(0.0)
    );
    assert!(value(
        &scrape,
        "kafka_coordinator_group_groupmetadatamanager_numgroups",
        &[]
    )
    .is_some());
    assert_eq!(
        scrape
            .docs
            .get("kafka_server_brokertopicmetrics_messagesin_total")
            .map(String::as_str),
        Some("kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count")
    );

    // kt jmx: JmxTool's header of sorted "object:attribute" keys, then the values.
    let url = format!("http://{addr}/metrics");
    let (out, err, code) = kt(&[
        "jmx",
        "--jmx-url",
        &url,
        "--object-name",
        "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec",
        "--object-name",
        "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=watched",
        "--attributes",
        "Count",
        "--one-time",
    ])
    .await;
    assert_eq!(
        (code, err.as_str()),
        (0, format!("Trying to connect to JMX url: {url}\n").as_str())
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        "\"time\",\"kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=watched:Count\",\
         \"kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec:Count\""
    );
    let row: Vec<&str> = lines[1].split(',').collect();
    assert!(row[0].parse::<u64>().is_ok(), "{out}");
    assert_eq!(&row[1..], &["300", "300"]);
    // A pattern, two percentiles, Kafka's tsv lines (one per key, no header).
    let (out, _, code) = kt(&[
        "jmx",
        "--jmx-url",
        &url,
        "--object-name",
        "kafka.network:type=RequestMetrics,name=TotalTimeMs,*",
        "--attributes",
        "50thPercentile,999thPercentile",
        "--report-format",
        "tsv",
        "--reporting-interval",
        "-1",
    ])
    .await;
    assert_eq!(code, 0);
    let produce_p999 = out
        .lines()
        .find_map(|l| {
            l.strip_prefix(
                "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce:999thPercentile\t",
            )
        })
        .unwrap_or_else(|| panic!("{out}"));
    assert!(produce_p999.parse::<f64>().unwrap() >= 0.0);
    assert!(out.starts_with("time\t"), "{out}");
    let (_, err, code) = kt(&[
        "jmx",
        "--jmx-url",
        &url,
        "--object-name",
        "kafka.nothing:type=None",
        "--one-time",
    ])
    .await;
    assert_eq!(
        (code, err.lines().last()),
        (
            1,
            Some("No matched attributes for the queried objects [kafka.nothing:type=None].")
        )
    );

    // Deleting the subscription leaves none.
    assert_eq!(
        kt(&cm(&["--delete", "--name", "producers"])).await.0,
        "Deleted client metrics config for producers.\n"
    );
    assert_eq!(kt(&cm(&["--list"])).await.0, "\n");

    // Only /metrics is served.
    let (status, _) = tokio::task::spawn_blocking(move || get(addr, "/nope"))
        .await
        .unwrap();
    assert_eq!(status, "HTTP/1.1 404 Not Found");

    broker.shutdown().await;
}
