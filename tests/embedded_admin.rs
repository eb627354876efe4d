//! `--data-dir`: the admin commands on a data directory through the broker core in process,
//! and the refusal while a broker serves that directory.

mod common;

/// Runs `kt ARGS... --data-dir DIR`: (stdout, stderr, exit code).
fn kt_data_dir(dir: &std::path::Path, args: &[&str]) -> (String, String, i32) {
    let dir = dir.display().to_string();
    let args = args.iter().copied().chain(["--data-dir", dir.as_str()]);
    common::run_kt(args, "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_made_offline_are_served_by_the_broker_and_a_running_broker_locks_them() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let created = kt_data_dir(
        &logs,
        &[
            "topics",
            "--create",
            "--topic",
            "offline",
            "--partitions",
            "3",
        ],
    );
    assert_eq!(
        created,
        ("Created topic offline.\n".into(), String::new(), 0)
    );
    let listed = kt_data_dir(&logs, &["topics", "--list"]);
    assert_eq!(listed.0, "offline\n");

    let broker = common::start_broker(dir.path(), &[]).await;
    assert_eq!(broker.broker().topic("offline").unwrap().meta.partitions, 3);
    let logs_for_cli = logs.clone();
    let (_, err, code) =
        tokio::task::spawn_blocking(move || kt_data_dir(&logs_for_cli, &["topics", "--list"]))
            .await
            .unwrap();
    assert_ne!(code, 0);
    assert!(err.contains("is a broker running on it?"), "{err}");
    broker.shutdown().await;
}
