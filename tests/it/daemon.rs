//! `kt server-start -daemon` and `kt server-stop`: a detached broker with its log and pid file
//! in LOG_DIR, stopped cleanly by SIGTERM.

use crate::common;

use std::net::TcpListener;
use std::path::Path;

fn kt(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = common::kt_command()
        .current_dir(dir)
        .env("LOG_DIR", dir.join("logs"))
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    common::outcome(out)
}

/// Kills the daemon if the test fails before stopping it.
struct Reaper(std::path::PathBuf);
impl Drop for Reaper {
    fn drop(&mut self) {
        if let Some(pid) = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|p| p.trim().parse::<i32>().ok())
        {
            // SAFETY: signals the daemon this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

#[test]
fn daemon_starts_detached_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let port = common::free_port();
    let listeners = format!("listeners=PLAINTEXT://127.0.0.1:{port}");
    let data = format!("log.dirs={}", d.join("data").display());
    // A broker id no other test uses: `kt server-stop` without --node-id stops every kt broker
    // of this user, as kafka-server-stop.sh does, which would reach other tests' brokers.
    let id = (7_000 + port as u32 % 1_000).to_string();
    let broker_id = format!("broker.id={id}");
    let pid_file = d.join("logs/kafkaServer.pid");
    let _reaper = Reaper(pid_file.clone());

    let (out, err, code) = kt(
        d,
        &[
            "server-start",
            "-daemon",
            "--override",
            &listeners,
            "--override",
            &data,
            "--override",
            &broker_id,
        ],
    );
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    let pid: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let bootstrap = format!("127.0.0.1:{port}");
    let (_, err, code) = kt(
        d,
        &[
            "wait-ready",
            "--bootstrap-server",
            &bootstrap,
            "--timeout",
            "20s",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (out, _, code) = kt(
        d,
        &[
            "topics",
            "--create",
            "--topic",
            "t",
            "--bootstrap-server",
            &bootstrap,
        ],
    );
    assert_eq!((out.as_str(), code), ("Created topic t.\n", 0));

    // A second daemon on the same LOG_DIR is refused while the first runs.
    let (_, err, code) = kt(d, &["server-start", "-daemon", "--override", &listeners]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("already running with pid {pid}")),
        "{err}"
    );

    let (out, err, code) = kt(d, &["server-stop", "--node-id", &id]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    // SAFETY: signal 0 only checks for the process.
    assert!(
        unsafe { libc::kill(pid, 0) } != 0 || is_zombie(pid),
        "pid {pid} still runs"
    );
    assert!(!pid_file.exists());
    let log = std::fs::read_to_string(d.join("logs/kafkaServer.out")).unwrap();
    assert!(log.contains("Awaiting socket connections"), "{log}");
    assert!(log.contains("shut down completed"), "{log}");

    // Kafka's script says so on stdout.
    let (out, err, code) = kt(d, &["server-stop", "--node-id", &id]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("No kafka server to stop\n", "", 1)
    );
}

fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| s.contains(") Z"))
        .unwrap_or(false)
}

#[test]
fn daemon_that_cannot_start_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let listeners = format!("listeners=PLAINTEXT://{}", taken.local_addr().unwrap());
    let data = format!("log.dirs={}", d.join("data").display());
    let (_, err, code) = kt(
        d,
        &[
            "server-start",
            "-daemon",
            "--override",
            &listeners,
            "--override",
            &data,
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: the kafkaServer exited at once"),
        "{err}"
    );
    assert!(!d.join("logs/kafkaServer.pid").exists());
    let log = std::fs::read_to_string(d.join("logs/kafkaServer.out")).unwrap();
    assert!(log.contains("Address already in use"), "{log}");
}
