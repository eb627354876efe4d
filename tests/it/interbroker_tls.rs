//! Brokers talking to each other over an SSL listener that requires client certificates
//! (mutual TLS, `ssl.client.auth=required`): each broker presents its own keystore's
//! certificate on its links to the others (fetchers, the controller's channels,
//! AlterPartition), so a three-broker cluster replicates with acks=all, and a client
//! without a certificate is refused.

use std::time::Duration;

use rdkafka::admin::AdminClient;
use rdkafka::client::DefaultClientContext;

use crate::common::cluster::{create_topic_on_1_2_0, replicate_acks_all, Cluster};
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
    create_topic_on_1_2_0(&client(), topic).await;
    replicate_acks_all(&cluster, &client(), topic, 10).await;

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
    cluster.shutdown().await;
}
