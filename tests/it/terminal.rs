//! kt in a real terminal (a pseudo-terminal driven with rexpect): the delete prompt, `--yes`
//! skipping it, the console producer's progress, and none of that in a pipe.

use crate::common;

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::spawn_command;

fn kt_bin() -> String {
    common::kt_path().display().to_string()
}

fn topics(b: &str) -> String {
    common::run_kt(["topics", "--list", "--bootstrap-server", b], "").0
}

/// Types a key once the prompt reads the terminal: dialoguer switches it to raw mode after
/// printing the prompt, discarding what was typed before.
fn answer(p: &mut rexpect::session::PtySession, key: &str) {
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send(key).unwrap();
    p.flush().unwrap();
}

fn exit_code(status: WaitStatus) -> i32 {
    match status {
        WaitStatus::Exited(_, code) => code,
        other => panic!("kt did not exit normally: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    tokio::task::spawn_blocking(move || {
        for t in ["keep", "gone", "quiet", "piped"] {
            let (_, err, code) = common::run_kt(
                ["topics", "--create", "--topic", t, "--bootstrap-server", &b],
                "",
            );
            assert_eq!(code, 0, "{err}");
        }
        let delete = |topic: &str, extra: &[&str]| {
            let mut cmd = Command::new(kt_bin());
            cmd.args([
                "topics",
                "--delete",
                "--topic",
                topic,
                "--bootstrap-server",
                &b,
            ])
            .args(extra);
            spawn_command(cmd, Some(20_000)).unwrap()
        };

        // Answering no keeps the topic and fails the command.
        let mut p = delete("keep", &[]);
        p.exp_string("Delete topic keep? Its records are lost [y/N]")
            .unwrap();
        answer(&mut p, "n");
        p.exp_string("Deletion of keep cancelled").unwrap();
        assert_eq!(exit_code(p.process().wait().unwrap()), 1);
        assert!(topics(&b).lines().any(|t| t == "keep"));

        // Answering yes deletes it.
        let mut p = delete("gone", &[]);
        p.exp_string("Delete topic gone? Its records are lost [y/N]")
            .unwrap();
        answer(&mut p, "y");
        p.exp_eof().unwrap();
        assert_eq!(exit_code(p.process().wait().unwrap()), 0);
        assert!(!topics(&b).lines().any(|t| t == "gone"));

        // --yes: no prompt at all.
        let mut p = delete("quiet", &["--yes"]);
        let shown = p.exp_eof().unwrap();
        assert!(!shown.contains("Delete"), "{shown:?}");
        assert_eq!(exit_code(p.process().wait().unwrap()), 0);
        assert!(!topics(&b).lines().any(|t| t == "quiet"));

        // Standard input not a terminal (a script): no prompt, as with Kafka.
        let (out, err, code) = common::run_kt(
            [
                "topics",
                "--delete",
                "--topic",
                "piped",
                "--bootstrap-server",
                &b,
            ],
            "",
        );
        assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
        assert_eq!(topics(&b), "keep\n");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn producer_shows_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    let input = dir.path().join("lines.txt");
    let lines: String = (0..300_000)
        .map(|i| format!("record number {i}\n"))
        .collect();
    std::fs::write(&input, &lines).unwrap();
    tokio::task::spawn_blocking(move || {
        // stdin a file, stderr the terminal: a progress bar in bytes of the file.
        let script = format!(
            "{} console-producer --topic p --bootstrap-server {b} < {}",
            kt_bin(),
            input.display()
        );
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &script]);
        let mut p = spawn_command(cmd, Some(60_000)).unwrap();
        p.exp_regex(r"\d+(\.\d+)? [KMG]?i?B/\d+(\.\d+)? [KMG]iB sent")
            .unwrap();
        p.exp_eof().unwrap();
        assert_eq!(exit_code(p.process().wait().unwrap()), 0);
        let offsets = common::run_kt(
            ["get-offsets", "--topic", "p", "--bootstrap-server", &b],
            "",
        )
        .0;
        assert_eq!(offsets, "p:0:300000\n");

        // In a pipe nothing extra appears on either stream.
        let (out, err, code) = common::run_kt(
            ["console-producer", "--topic", "p", "--bootstrap-server", &b],
            &lines,
        );
        assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
