//! `--data-dir`: the admin commands on a data directory through the broker core in process,
//! and the refusal while a broker serves that directory.

use crate::common;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_over_two_log_dirs_is_administered_with_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let both = format!("{},{}", a.display(), b.display());
    let broker = common::start_broker(dir.path(), &[("log.dirs", both.as_str())]).await;
    common::create_topic(&broker.bootstrap(), "two", 4).await;
    // The second directory is locked as much as the first.
    let second = b.clone();
    let (_, err, code) =
        tokio::task::spawn_blocking(move || kt_data_dir(&second, &["topics", "--list"]))
            .await
            .unwrap();
    assert_ne!(code, 0);
    assert!(err.contains("is a broker running on it?"), "{err}");
    broker.shutdown().await;

    let count = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("two-")
            })
            .count()
    };
    assert_eq!((count(&a), count(&b)), (2, 2));

    // Only some of the broker's directories: refused rather than recreating the others'
    // partitions empty.
    let (_, err, code) = kt_data_dir(&a, &["topics", "--list"]);
    assert_ne!(code, 0);
    assert!(err.contains("is in none of the log directories"), "{err}");
    assert_eq!((count(&a), count(&b)), (2, 2));

    let both_dirs = std::path::PathBuf::from(&both);
    let (out, err, code) = kt_data_dir(&both_dirs, &["topics", "--list"]);
    assert_eq!((out.as_str(), code), ("two\n", 0), "{err}");
    let (_, err, code) = kt_data_dir(
        &both_dirs,
        &["topics", "--alter", "--topic", "two", "--partitions", "6"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!((count(&a), count(&b)), (3, 3));

    let broker = common::start_broker(dir.path(), &[("log.dirs", both.as_str())]).await;
    assert_eq!(broker.broker().topic("two").unwrap().partitions.len(), 6);
    broker.shutdown().await;
}
