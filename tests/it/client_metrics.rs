//! Client metrics subscriptions (KIP-714) in a ZooKeeper-mode cluster are the cluster's, as
//! every other config entity is there: one altered through any broker is described and listed
//! by every broker, deleting its settings removes it everywhere, a broker reads them from
//! ZooKeeper when it starts, and a subscription another tool writes straight to ZooKeeper
//! with a change notification is followed as kt's own are.

use std::collections::BTreeMap;

use zookeeper_client as zk;

use crate::common::cluster::{wait_until, Cluster};
use crate::common::run_kt_async as kt;

/// `kt client-metrics` through broker `id` alone, with `action`.
async fn client_metrics(cluster: &Cluster, id: i32, action: &[&str]) -> (String, String, i32) {
    let bootstrap = cluster.broker(id).bootstrap();
    let mut args = vec!["client-metrics", "--bootstrap-server", bootstrap.as_str()];
    args.extend_from_slice(action);
    kt(&args).await
}

/// The settings broker `id` holds for subscription `name` (none when it has no such one).
fn held(cluster: &Cluster, id: i32, name: &str) -> BTreeMap<String, String> {
    cluster
        .broker(id)
        .broker()
        .metrics()
        .client_metrics
        .get(name)
}

fn settings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Writes `data` to `path`, creating it if missing.
async fn put(client: &zk::Client, path: &str, data: &[u8]) {
    let options = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    match client.create(path, data, &options).await {
        Ok(_) => {}
        Err(zk::Error::NodeExists) => {
            client.set_data(path, data, None).await.unwrap();
        }
        Err(e) => panic!("create {path}: {e}"),
    }
}

/// A config change notification naming `entity_path`, as any tool writes one.
async fn notify(client: &zk::Client, entity_path: &str) {
    let data = serde_json::json!({"version": 2, "entity_path": entity_path}).to_string();
    let sequential = zk::CreateMode::PersistentSequential.with_acls(zk::Acls::anyone_all());
    client
        .create(
            "/config/changes/config_change_",
            data.as_bytes(),
            &sequential,
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_are_shared_by_every_broker_of_a_zookeeper_cluster() {
    let dir = tempfile::tempdir().unwrap();
    // A broker takes client metrics with its metrics endpoint on.
    let mut cluster =
        Cluster::start(dir.path(), 3, &[("metrics.listener", "http://127.0.0.1:0")]).await;
    let zk = cluster.zk_client().await;
    let producers = settings(&[
        ("interval.ms", "100"),
        ("match", "client_id=perf.*"),
        ("metrics", "org.apache.kafka.producer."),
    ]);

    // Altered through broker 0: kept in ZooKeeper as Kafka's config entity, with a change
    // notification naming it.
    let altered = client_metrics(
        &cluster,
        0,
        &[
            "--alter",
            "--name",
            "producers",
            "--metrics",
            "org.apache.kafka.producer.",
            "--interval",
            "100",
            "--match",
            "client_id=perf.*",
        ],
    )
    .await;
    assert_eq!(
        altered,
        (
            "Altered client metrics config for producers.\n".into(),
            String::new(),
            0
        )
    );
    let (data, _) = zk
        .get_data("/config/client-metrics/producers")
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&data).unwrap(),
        serde_json::json!({"version": 1, "config": producers})
    );
    let mut notified = Vec::new();
    for change in zk.list_children("/config/changes").await.unwrap() {
        let (data, _) = zk
            .get_data(&format!("/config/changes/{change}"))
            .await
            .unwrap();
        notified.push(serde_json::from_slice::<serde_json::Value>(&data).unwrap());
    }
    assert!(
        notified.contains(
            &serde_json::json!({"version": 2, "entity_path": "client-metrics/producers"})
        ),
        "{notified:?}"
    );

    // Every broker, the writer too, holds it within a bounded wait, and answers for it.
    for id in 0..3 {
        wait_until(&format!("broker {id} holds the subscription"), || {
            held(&cluster, id, "producers") == producers
        })
        .await;
        assert_eq!(
            client_metrics(&cluster, id, &["--describe", "--name", "producers"])
                .await
                .0,
            "Client metrics configs for producers are:\n  interval.ms=100\n  \
             match=client_id=perf.*\n  metrics=org.apache.kafka.producer.\n",
            "broker {id}"
        );
        assert_eq!(
            client_metrics(&cluster, id, &["--list"]).await.0,
            "producers\n",
            "broker {id}"
        );
    }

    // A refused change is refused as before, and changes nothing anywhere.
    let (out, _, code) = client_metrics(
        &cluster,
        1,
        &["--alter", "--name", "producers", "--interval", "5"],
    )
    .await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Error while executing client metrics command : Invalid value 5 for interval.ms, \
             interval must be between 100 and 3600000 (1 hour)\n",
            1
        )
    );
    assert_eq!(held(&cluster, 1, "producers"), producers);

    // A restarted broker reads it from ZooKeeper at start-up: the change notifications are
    // gone meanwhile (as they go after 15 minutes), so there is nothing else to learn it from.
    cluster.stop(2).await;
    for change in zk.list_children("/config/changes").await.unwrap() {
        zk.delete(&format!("/config/changes/{change}"), None)
            .await
            .unwrap();
    }
    cluster.restart(2).await;
    assert_eq!(held(&cluster, 2, "producers"), producers);
    assert_eq!(
        client_metrics(&cluster, 2, &["--list"]).await.0,
        "producers\n"
    );

    // Another tool writes a subscription straight to ZooKeeper (its name sanitised as Kafka's
    // Sanitizer does), and one no broker may take (`interval.ms` out of range), each with its
    // notification: every broker follows the first and refuses the second.
    put(
        &zk,
        "/config/client-metrics/tool%2Fwritten",
        br#"{"version":1,"config":{"metrics":"*","interval.ms":"1000"}}"#,
    )
    .await;
    put(
        &zk,
        "/config/client-metrics/refused",
        br#"{"version":1,"config":{"interval.ms":"5"}}"#,
    )
    .await;
    notify(&zk, "client-metrics/refused").await;
    notify(&zk, "client-metrics/tool%2Fwritten").await;
    let written = settings(&[("interval.ms", "1000"), ("metrics", "*")]);
    for id in 0..3 {
        wait_until(
            &format!("broker {id} follows the written subscription"),
            || held(&cluster, id, "tool/written") == written,
        )
        .await;
        // Taken in order: the refused one was passed over before.
        assert_eq!(
            held(&cluster, id, "refused"),
            BTreeMap::new(),
            "broker {id}"
        );
        assert_eq!(
            client_metrics(&cluster, id, &["--list"]).await.0,
            "producers\ntool/written\n",
            "broker {id}"
        );
    }

    // Deleting its settings, through another broker than the one that made it, removes the
    // subscription everywhere, its znode too.
    assert_eq!(
        client_metrics(&cluster, 1, &["--delete", "--name", "producers"])
            .await
            .0,
        "Deleted client metrics config for producers.\n"
    );
    assert_eq!(
        zk.check_stat("/config/client-metrics/producers")
            .await
            .unwrap(),
        None
    );
    for id in 0..3 {
        wait_until(&format!("broker {id} forgets the subscription"), || {
            held(&cluster, id, "producers").is_empty()
        })
        .await;
        assert_eq!(
            client_metrics(&cluster, id, &["--list"]).await.0,
            "tool/written\n",
            "broker {id}"
        );
    }

    drop(zk);
    cluster.shutdown().await;
}
