//! kill -9 of `kt zookeeper-start` under a write load, then a restart on the same dataDir:
//! every change a client was told succeeded is there.

use crate::common::{free_port, KtProcess};

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use zookeeper_client as zk;

fn launch(config: &std::path::Path, port: u16) -> KtProcess {
    KtProcess::start([OsStr::new("zookeeper-start"), config.as_os_str()], port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = dir.path().join("zookeeper.properties");
    std::fs::write(
        &config,
        format!(
            "dataDir={}\nclientPort={port}\nclientPortAddress=127.0.0.1\nsnapCount=200\n",
            dir.path().join("data").display()
        ),
    )
    .unwrap();
    let mut server = launch(&config, port);
    let address = format!("127.0.0.1:{port}");
    let open = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());

    // A session that is alive at the kill: it must be able to reconnect after the restart,
    // with its ephemeral node still there.
    let survivor = zk::Client::connector()
        .with_session_timeout(Duration::from_secs(20))
        .connect(&address)
        .await
        .unwrap();
    let ephemeral = zk::CreateMode::Ephemeral.with_acls(zk::Acls::anyone_all());
    survivor.create("/alive", b"", &ephemeral).await.unwrap();

    // Two writers: sequential creates, and setData on one counter; each remembers what was
    // acknowledged. The server is killed while both are writing.
    let mut writers = Vec::new();
    for w in 0..2 {
        let address = address.clone();
        let open = open.clone();
        writers.push(tokio::spawn(async move {
            let c = zk::Client::connect(&address).await.unwrap();
            let mut acked = Vec::new();
            if w == 1 {
                let _ = c.create("/counter", b"0", &open).await;
            }
            for i in 0.. {
                let result = if w == 0 {
                    c.create(&format!("/k{i:06}"), format!("v{i}").as_bytes(), &open)
                        .await
                        .map(|_| ())
                } else {
                    c.set_data("/counter", i.to_string().as_bytes(), None)
                        .await
                        .map(|_| ())
                };
                match result {
                    Ok(()) => acked.push(i),
                    Err(_) => break,
                }
            }
            acked
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.0.kill().unwrap(); // SIGKILL
    server.0.wait().unwrap();
    let mut acked = Vec::new();
    for w in writers {
        acked.push(
            tokio::time::timeout(Duration::from_secs(60), w)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    eprintln!(
        "acknowledged before the kill: {} creates, {} setData",
        acked[0].len(),
        acked[1].len()
    );
    assert!(
        acked[0].len() > 10,
        "too few writes before the kill: {}",
        acked[0].len()
    );

    let mut server = launch(&config, port);
    let c = zk::Client::connect(&address).await.unwrap();
    for i in &acked[0] {
        let (data, _) = c
            .get_data(&format!("/k{i:06}"))
            .await
            .unwrap_or_else(|e| panic!("acknowledged /k{i:06} lost: {e}"));
        assert_eq!(data, format!("v{i}").as_bytes());
    }
    if let Some(last) = acked[1].last() {
        let (data, stat) = c.get_data("/counter").await.unwrap();
        let value: i64 = String::from_utf8(data).unwrap().parse().unwrap();
        assert!(
            value >= *last,
            "counter {value} is behind the acknowledged {last}"
        );
        assert!(stat.version as i64 > *last);
    }
    // The surviving session reconnects by itself and still owns its node.
    let deadline = Instant::now() + Duration::from_secs(30);
    let stat = loop {
        match survivor.get_data("/alive").await {
            Ok((_, stat)) => break stat,
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "the session did not come back: {e}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    assert_eq!(stat.ephemeral_owner, survivor.session_id().0);
    drop((c, survivor));

    // SIGTERM stops the server cleanly and quickly.
    // SAFETY: kill(2) on the pid of a child this test started and has not reaped.
    unsafe { libc::kill(server.0.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit within 5 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{status}");
}
