//! Brokers talking to each other over an SSL listener that requires client certificates
//! (mutual TLS, `ssl.client.auth=required`): each broker presents its own keystore's
//! certificate on its links to the others (fetchers, the controller's channels,
//! AlterPartition), so a three-broker cluster replicates with acks=all, and a client
//! without a certificate is refused.

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::common::cluster::{log_end, partition_state, wait_until, Cluster};
use crate::common::security::{certs, pairs, pem_stores, secured_client, with_client_certificate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_replicate_over_mutual_tls() {
    let dir = tempfile::tempdir().unwrap();
    let files = certs(dir.path(), "client");
    let mut settings = pem_stores(&files);
    for (k, v) in [
        ("listeners", "SSL://127.0.0.1:0"),
        ("security.inter.broker.protocol", "SSL"),
        ("ssl.client.auth", "required"),
        ("replica.fetch.wait.max.ms", "100"),
        ("replica.fetch.backoff.ms", "100"),
        ("controlled.shutdown.enable", "false"),
    ] {
        settings.push((k.to_string(), v.to_string()));
    }
    let cluster = Cluster::start(dir.path(), 3, &pairs(&settings)).await;
    let bootstrap = cluster.bootstrap();
    let client = || with_client_certificate(secured_client(&bootstrap, "ssl", &files.ca), &files);

    let topic = "mtls-replicated";
    let admin: AdminClient<DefaultClientContext> = client().create().unwrap();
    let new = NewTopic::new(topic, 1, TopicReplication::Variable(&[&[1, 2, 0]]));
    let results = admin
        .create_topics(&[new], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    let producer: FutureProducer = client().set("acks", "all").create().unwrap();
    for i in 0..10 {
        let value = format!("record-{i}");
        producer
            .send(
                FutureRecord::to(topic).payload(&value).key("k"),
                Duration::from_secs(10),
            )
            .await
            .unwrap_or_else(|(e, _)| panic!("record {i} not acknowledged: {e}"));
    }
    wait_until("every replica has every record", || {
        (0..3).all(|id| log_end(&cluster, id, topic) == 10)
    })
    .await;
    let zk = cluster.zk_client().await;
    let mut isr = Vec::new();
    for _ in 0..200 {
        isr = partition_state(&zk, topic, 0)
            .await
            .map_or_else(Vec::new, |s| s.isr);
        isr.sort();
        if isr == [0, 1, 2] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(isr, vec![0, 1, 2]);

    // A client without a certificate gets no metadata: the listener requires one.
    let anonymous: AdminClient<DefaultClientContext> = secured_client(&bootstrap, "ssl", &files.ca)
        .create()
        .unwrap();
    let refused = tokio::task::spawn_blocking(move || {
        anonymous
            .inner()
            .fetch_metadata(None, Duration::from_secs(2))
            .is_err()
    })
    .await
    .unwrap();
    assert!(refused, "a client without a certificate was served");
    drop(producer);
    drop(admin);
    cluster.shutdown().await;
}
