//! kt's ZooKeeper server through a real ZooKeeper client (the `zookeeper-client` crate):
//! create/get/set/delete, Stat fields, ephemerals on close and on expiry, sequential names,
//! one-shot and persistent watches, multi atomicity, reconnecting to a session, ACLs.

use crate::common;

use std::path::Path;
use std::time::Duration;

use kt::zookeeper::{RunningZk, ZkConfig};
use zookeeper_client as zk;

fn config(dir: &Path, extra: &[(&str, &str)]) -> ZkConfig {
    let mut all = vec![("tickTime", "100")];
    all.extend_from_slice(extra);
    common::zookeeper::config(dir, &all)
}

async fn start(dir: &Path) -> RunningZk {
    kt::zookeeper::spawn(config(dir, &[])).await.unwrap()
}

async fn client(server: &RunningZk) -> zk::Client {
    zk::Client::connector()
        .with_session_timeout(Duration::from_millis(2000))
        .connect(&server.connect_string())
        .await
        .unwrap()
}

fn open() -> zk::CreateOptions<'static> {
    zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all())
}

fn ephemeral() -> zk::CreateOptions<'static> {
    zk::CreateMode::Ephemeral.with_acls(zk::Acls::anyone_all())
}

/// Waits for a watcher's event, bounded.
async fn within<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("no event within 10 s")
}

#[tokio::test]
async fn create_get_set_delete_with_zookeepers_stats_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client(&server).await;

    let (stat, _) = c.create("/app", b"v1", &open()).await.unwrap();
    assert_eq!(stat.czxid, stat.mzxid);
    assert_eq!(stat.czxid, stat.pzxid);
    assert_eq!((stat.version, stat.cversion, stat.data_length), (0, 0, 2));
    assert_eq!(c.get_data("/app").await.unwrap(), (b"v1".to_vec(), stat));

    let set = c.set_data("/app", b"version two", Some(0)).await.unwrap();
    assert_eq!(set.version, 1);
    assert!(set.mzxid > stat.mzxid);
    assert_eq!(set.czxid, stat.czxid);
    assert_eq!(set.data_length, 11);
    assert_eq!(
        c.set_data("/app", b"x", Some(0)).await.unwrap_err(),
        zk::Error::BadVersion
    );
    assert_eq!(
        c.create("/app", b"", &open()).await.unwrap_err(),
        zk::Error::NodeExists
    );
    assert_eq!(
        c.create("/missing/child", b"", &open()).await.unwrap_err(),
        zk::Error::NoNode
    );

    let (child, _) = c.create("/app/a", b"", &open()).await.unwrap();
    let (children, parent) = c.get_children("/app").await.unwrap();
    assert_eq!(children, vec!["a".to_string()]);
    assert_eq!((parent.num_children, parent.cversion), (1, 1));
    assert_eq!(parent.pzxid, child.czxid);
    assert_eq!(
        c.delete("/app", None).await.unwrap_err(),
        zk::Error::NotEmpty
    );
    assert_eq!(c.count_descendants_number("/app").await.unwrap(), 1);
    c.delete("/app/a", Some(0)).await.unwrap();
    c.delete("/app", Some(1)).await.unwrap();
    assert_eq!(c.check_stat("/app").await.unwrap(), None);
    assert_eq!(c.get_data("/app").await.unwrap_err(), zk::Error::NoNode);
    c.sync("/").await.unwrap();

    let mut roots = c.list_children("/").await.unwrap();
    roots.sort();
    assert_eq!(roots, vec!["zookeeper".to_string()]);

    let (_, e) = c.create("/eph", b"", &ephemeral()).await.unwrap();
    let _ = e;
    assert_eq!(
        c.list_ephemerals("/").await.unwrap(),
        vec!["/eph".to_string()]
    );
    assert_eq!(
        c.create("/eph/x", b"", &open()).await.unwrap_err(),
        zk::Error::NoChildrenForEphemerals
    );
    drop(c);
    server.shutdown().await;
}

#[tokio::test]
async fn sequential_names_count_from_the_parents_cversion() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client(&server).await;
    c.create("/q", b"", &open()).await.unwrap();
    let seq = zk::CreateMode::PersistentSequential.with_acls(zk::Acls::anyone_all());
    let mut names = Vec::new();
    for _ in 0..3 {
        let (_, n) = c.create("/q/job-", b"", &seq).await.unwrap();
        names.push(n.to_string());
    }
    assert_eq!(names, ["0000000000", "0000000001", "0000000002"]);
    let mut listed = c.list_children("/q").await.unwrap();
    listed.sort();
    assert_eq!(
        listed,
        ["job-0000000000", "job-0000000001", "job-0000000002"]
    );
    drop(c);
    server.shutdown().await;
}

#[tokio::test]
async fn ephemerals_go_when_their_session_closes_and_watchers_hear_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let owner = client(&server).await;
    let observer = client(&server).await;
    owner.create("/lock", b"", &ephemeral()).await.unwrap();
    let (_, stat, watcher) = observer.get_and_watch_data("/lock").await.unwrap();
    assert_eq!(stat.ephemeral_owner, owner.session_id().0);
    drop(owner); // closes the session
    let event = within(watcher.changed()).await;
    assert_eq!(event.event_type, zk::EventType::NodeDeleted);
    assert_eq!(event.path, "/lock");
    assert_eq!(observer.check_stat("/lock").await.unwrap(), None);
    drop(observer);
    server.shutdown().await;
}

#[tokio::test]
async fn ephemerals_go_when_their_session_expires() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    // A detached session outlives its client: with no pings it expires after its timeout
    // (tickTime 100 ms: the minimum granted is 200 ms).
    let owner = zk::Client::connector()
        .with_session_timeout(Duration::from_millis(200))
        .with_detached()
        .connect(&server.connect_string())
        .await
        .unwrap();
    assert_eq!(owner.session_timeout(), Duration::from_millis(200));
    owner.create("/member", b"", &ephemeral()).await.unwrap();
    let observer = client(&server).await;
    let (_, watcher) = observer.check_and_watch_stat("/member").await.unwrap();
    drop(owner);
    let event = within(watcher.changed()).await;
    assert_eq!(event.event_type, zk::EventType::NodeDeleted);
    assert_eq!(
        server.db().lock().sessions.len(),
        1,
        "only the observer's session is left"
    );
    drop(observer);
    server.shutdown().await;
}

#[tokio::test]
async fn one_shot_watches_fire_once_and_persistent_ones_keep_firing() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client(&server).await;
    let writer = client(&server).await;

    let (_, exists) = c.check_and_watch_stat("/w").await.unwrap();
    let mut recursive = c
        .watch("/w", zk::AddWatchMode::PersistentRecursive)
        .await
        .unwrap();
    writer.create("/w", b"0", &open()).await.unwrap();
    assert_eq!(
        within(exists.changed()).await.event_type,
        zk::EventType::NodeCreated
    );

    let (_, _, data) = c.get_and_watch_data("/w").await.unwrap();
    let (_, _, children) = c.get_and_watch_children("/w").await.unwrap();
    writer.set_data("/w", b"1", None).await.unwrap();
    writer.set_data("/w", b"2", None).await.unwrap();
    writer.create("/w/c", b"", &open()).await.unwrap();
    let e = within(data.changed()).await;
    assert_eq!(
        (e.event_type, e.path.as_str()),
        (zk::EventType::NodeDataChanged, "/w")
    );
    let e = within(children.changed()).await;
    assert_eq!(e.event_type, zk::EventType::NodeChildrenChanged);

    // The recursive watch saw every change below /w, in order, and no child events.
    let mut seen = Vec::new();
    for _ in 0..4 {
        let e = within(recursive.changed()).await;
        seen.push((e.event_type, e.path));
    }
    assert_eq!(
        seen,
        vec![
            (zk::EventType::NodeCreated, "/w".to_string()),
            (zk::EventType::NodeDataChanged, "/w".to_string()),
            (zk::EventType::NodeDataChanged, "/w".to_string()),
            (zk::EventType::NodeCreated, "/w/c".to_string()),
        ]
    );
    // One-shot watches are used up on the server: only the recursive one is left, and
    // dropping it sends removeWatches.
    assert_eq!(server.db().lock().watches.count(), 1);
    drop(recursive);
    for _ in 0..100 {
        if server.db().lock().watches.count() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.db().lock().watches.count(), 0, "removeWatches");
    drop((c, writer));
    server.shutdown().await;
}

#[tokio::test]
async fn multi_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client(&server).await;
    c.create("/m", b"", &open()).await.unwrap();

    let mut w = c.new_multi_writer();
    w.add_create("/m/a", b"a", &open()).unwrap();
    w.add_check_version("/m", 5).unwrap();
    w.add_create("/m/b", b"b", &open()).unwrap();
    let err = w.commit().await.unwrap_err();
    assert!(
        matches!(
            err,
            zk::MultiWriteError::OperationFailed {
                index: 1,
                source: zk::Error::BadVersion
            }
        ),
        "{err:?}"
    );
    assert_eq!(c.check_stat("/m/a").await.unwrap(), None);
    assert_eq!(c.get_children("/m").await.unwrap().1.cversion, 0);

    let mut w = c.new_multi_writer();
    w.add_create("/m/a", b"a", &open()).unwrap();
    w.add_check_version("/m", 0).unwrap();
    w.add_set_data("/m/a", b"a2", Some(0)).unwrap();
    w.add_delete("/m/a", Some(1)).unwrap();
    w.add_create("/m/b", b"b", &open()).unwrap();
    let results = w.commit().await.unwrap();
    assert_eq!(results.len(), 5);
    assert!(matches!(&results[0], zk::MultiWriteResult::Create { path, .. } if path == "/m/a"));
    assert!(matches!(&results[2], zk::MultiWriteResult::SetData { stat } if stat.version == 1));
    assert_eq!(c.list_children("/m").await.unwrap(), vec!["b".to_string()]);

    let mut r = c.new_multi_reader();
    r.add_get_data("/m/b").unwrap();
    r.add_get_data("/m/none").unwrap();
    r.add_get_children("/m").unwrap();
    let results = r.commit().await.unwrap();
    assert!(matches!(&results[0], zk::MultiReadResult::Data { data, .. } if data == b"b"));
    assert!(matches!(
        &results[1],
        zk::MultiReadResult::Error {
            err: zk::Error::NoNode
        }
    ));
    assert!(
        matches!(&results[2], zk::MultiReadResult::Children { children } if children == &["b"])
    );
    drop(c);
    server.shutdown().await;
}

#[tokio::test]
async fn a_client_reconnects_to_its_session() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let first = zk::Client::connector()
        .with_session_timeout(Duration::from_millis(2000))
        .with_detached()
        .connect(&server.connect_string())
        .await
        .unwrap();
    first.create("/mine", b"", &ephemeral()).await.unwrap();
    let id = first.session_id();
    let session = first.into_session();
    let again = zk::Client::connector()
        .with_session(session)
        .connect(&server.connect_string())
        .await
        .unwrap();
    assert_eq!(again.session_id(), id);
    let (_, stat) = again.get_data("/mine").await.unwrap();
    assert_eq!(stat.ephemeral_owner, id.0);
    drop(again); // not detached: closes the session
    let other = client(&server).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(other.check_stat("/mine").await.unwrap(), None);
    drop(other);
    server.shutdown().await;
}

#[tokio::test]
async fn containers_are_reaped_and_ttl_nodes_expire() {
    let dir = tempfile::tempdir().unwrap();
    // Without extendedTypesEnabled, as in ZooKeeper, TTL nodes are refused.
    let plain = start(dir.path()).await;
    let c = client(&plain).await;
    let ttl = open().with_ttl(Duration::from_millis(50));
    assert_eq!(
        c.create("/short", b"", &ttl).await.unwrap_err(),
        zk::Error::Unimplemented
    );
    drop(c);
    plain.shutdown().await;

    let server = kt::zookeeper::spawn(config(dir.path(), &[("extendedTypesEnabled", "true")]))
        .await
        .unwrap();
    let c = client(&server).await;
    let container = zk::CreateMode::Container.with_acls(zk::Acls::anyone_all());
    let (stat, _) = c.create("/box", b"", &container).await.unwrap();
    // Containers report no owner, as in ZooKeeper (it is stored as i64::MIN).
    assert_eq!(stat.ephemeral_owner, 0);
    c.create("/box/item", b"", &open()).await.unwrap();
    let (_, watcher) = c.check_and_watch_stat("/box").await.unwrap();
    c.delete("/box/item", None).await.unwrap();
    assert_eq!(
        within(watcher.changed()).await.event_type,
        zk::EventType::NodeDeleted
    );

    let ttl = open().with_ttl(Duration::from_millis(50));
    c.create("/short", b"", &ttl).await.unwrap();
    let (_, watcher) = c.check_and_watch_stat("/short").await.unwrap();
    assert_eq!(
        within(watcher.changed()).await.event_type,
        zk::EventType::NodeDeleted
    );
    drop(c);
    server.shutdown().await;
}

#[tokio::test]
async fn digest_acls_guard_nodes_until_addauth() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let alice = zk::Client::connector()
        .with_auth("digest", b"alice:secret")
        .connect(&server.connect_string())
        .await
        .unwrap();
    let mine = zk::CreateMode::Persistent.with_acls(zk::Acls::creator_all());
    alice.create("/private", b"s", &mine).await.unwrap();
    let (acl, _) = alice.get_acl("/private").await.unwrap();
    assert_eq!(acl.len(), 1);
    assert_eq!(acl[0].scheme(), "digest");
    assert!(acl[0].id().starts_with("alice:"));

    let anyone = client(&server).await;
    assert_eq!(
        anyone.get_data("/private").await.unwrap_err(),
        zk::Error::NoAuth
    );
    assert_eq!(
        anyone.set_data("/private", b"x", None).await.unwrap_err(),
        zk::Error::NoAuth
    );
    anyone.auth("digest", b"alice:secret").await.unwrap();
    assert_eq!(anyone.get_data("/private").await.unwrap().0, b"s");
    drop((alice, anyone));
    server.shutdown().await;
}

#[tokio::test]
async fn the_tree_survives_a_restart_of_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client(&server).await;
    for i in 0..20 {
        c.create(&format!("/n{i}"), format!("{i}").as_bytes(), &open())
            .await
            .unwrap();
    }
    c.set_data("/n3", b"changed", None).await.unwrap();
    c.delete("/n4", None).await.unwrap();
    drop(c);
    // Dropping the client closes its session in the background: wait for that.
    for _ in 0..100 {
        if server.db().lock().sessions.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = server.db().lock().tree.clone();
    server.shutdown().await;

    let server = start(dir.path()).await;
    assert_eq!(server.db().lock().tree, before);
    let c = client(&server).await;
    assert_eq!(c.get_data("/n3").await.unwrap().0, b"changed");
    drop(c);
    server.shutdown().await;
}

#[tokio::test]
async fn watches_are_set_again_after_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let port = server.addr().port().to_string();
    let c = zk::Client::connector()
        .with_session_timeout(Duration::from_millis(4000))
        .connect(&server.connect_string())
        .await
        .unwrap();
    c.create("/x", b"", &open()).await.unwrap();
    let (_, _, data) = c.get_and_watch_data("/x").await.unwrap();
    let mut persistent = c.watch("/x", zk::AddWatchMode::Persistent).await.unwrap();
    let users = c.list_auth_users().await.unwrap();
    assert!(
        users.contains(&zk::AuthUser::new("ip", "127.0.0.1")),
        "{users:?}"
    );
    server.shutdown().await;

    // The same data and port: the client reconnects to its session and sends setWatches.
    let server = kt::zookeeper::spawn(config(dir.path(), &[("clientPort", &port)]))
        .await
        .unwrap();
    let writer = client(&server).await;
    writer.set_data("/x", b"new", None).await.unwrap();
    let e = within(data.changed()).await;
    assert_eq!(
        (e.event_type, e.path.as_str()),
        (zk::EventType::NodeDataChanged, "/x")
    );
    // A persistent watcher also hears of the session's disconnection and reconnection.
    let e = loop {
        let e = within(persistent.changed()).await;
        if e.event_type != zk::EventType::Session {
            break e;
        }
    };
    assert_eq!(e.event_type, zk::EventType::NodeDataChanged);
    drop((c, writer, persistent));
    server.shutdown().await;
}
