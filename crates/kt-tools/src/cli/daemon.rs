//! Servers that scripts can manage: `-daemon` starts a server detached, with its log in
//! `LOG_DIR` (default `logs/`, as Kafka's scripts) and a pid file beside it; `kt server-stop`
//! sends SIGTERM to the recorded process (a clean shutdown: flush, checkpoint, close).
//!
//! Kafka's kafka-server-stop.sh finds its brokers with `ps`; kt stops only what its pid files
//! record, so it never signals a server it did not start.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;

/// The directory of daemon logs and pid files: `LOG_DIR`, else `logs` under the current
/// directory.
pub fn log_dir() -> PathBuf {
    std::env::var_os("LOG_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("logs"))
}

/// Files of one daemon: `NAME.out` (its stdout and stderr, as Kafka's `kafkaServer.out`) and
/// `NAME.pid`.
fn files(name: &str) -> (PathBuf, PathBuf) {
    let dir = log_dir();
    (
        dir.join(format!("{name}.out")),
        dir.join(format!("{name}.pid")),
    )
}

/// Starts this executable again with `args` (without `-daemon`) in a new session, detached
/// from the terminal, output appended to `LOG_DIR/NAME.out`, and records its pid. Fails if it
/// exits within its first moments (bad config, port taken), pointing at the log.
pub fn spawn(name: &str, args: &[OsString]) -> anyhow::Result<()> {
    let (out, pid_file) = files(name);
    let dir = log_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if let Some(pid) = running_pid(&pid_file) {
        bail!(
            "a {name} is already running with pid {pid} (see {})",
            pid_file.display()
        );
    }
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&out)
        .with_context(|| format!("cannot open {}", out.display()))?;
    let exe = std::env::current_exe().context("cannot find the kt executable")?;
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // SAFETY: setsid is async-signal-safe and touches no memory of this process.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().context("cannot start the daemon")?;
    std::fs::write(&pid_file, format!("{}\n", child.id()))
        .with_context(|| format!("cannot write {}", pid_file.display()))?;
    // A server that cannot start (bad config, port in use) exits at once: say so here.
    let deadline = Instant::now() + Duration::from_millis(150);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            let _ = std::fs::remove_file(&pid_file);
            bail!(
                "the {name} exited at once ({status}); see {}",
                out.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// The pid recorded in `pid_file`, if that process is alive and is a kt process.
fn running_pid(pid_file: &Path) -> Option<i32> {
    let pid: i32 = std::fs::read_to_string(pid_file)
        .ok()?
        .trim()
        .parse()
        .ok()?;
    // SAFETY: signal 0 only checks that the process exists.
    let alive = pid > 0 && unsafe { libc::kill(pid, 0) } == 0;
    // A pid reused by another program since: only a kt server counts.
    let ours = std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|c| {
            let exe = std::env::current_exe().ok();
            let first = c.split(|b| *b == 0).next().unwrap_or_default().to_vec();
            let first = String::from_utf8_lossy(&first).to_string();
            first.ends_with("kt")
                || exe.is_some_and(|e| e.to_string_lossy() == first)
                || first.contains("kafka-")
        })
        .unwrap_or(false);
    (alive && ours).then_some(pid)
}

/// Flags of `kt server-stop`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Stops the broker that `kt server-start -daemon` recorded in $LOG_DIR/kafkaServer.pid\n(LOG_DIR defaults to ./logs).\n\nExample:\n  kt server-start -daemon config/server.properties && kt server-stop"
)]
pub struct ServerStopArgs {
    /// (kt) How long to wait for the broker to exit after SIGTERM: 30s, 500ms, ...
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::wait_ready::parse_duration)]
    pub timeout: Duration,
}

/// Runs `kt server-stop`; returns the exit code.
pub fn server_stop(args: ServerStopArgs) -> i32 {
    match stop("kafkaServer", args.timeout) {
        Ok(true) => 0,
        Ok(false) => {
            eprintln!("No kafka server to stop");
            1
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// Flags of `kt zookeeper-stop`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Stops the ZooKeeper server that `kt zookeeper-start -daemon` recorded in\n$LOG_DIR/zookeeper.pid (LOG_DIR defaults to ./logs).\n\nExample:\n  kt zookeeper-start -daemon config/zookeeper.properties && kt zookeeper-stop"
)]
pub struct ZookeeperStopArgs {
    /// (kt) How long to wait for the server to exit after SIGTERM: 30s, 500ms, ...
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::wait_ready::parse_duration)]
    pub timeout: Duration,
}

/// Runs `kt zookeeper-stop`; returns the exit code.
pub fn zookeeper_stop(args: ZookeeperStopArgs) -> i32 {
    match stop("zookeeper", args.timeout) {
        Ok(true) => 0,
        Ok(false) => {
            eprintln!("No zookeeper server to stop");
            1
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// SIGTERMs the daemon NAME recorded in its pid file and waits for it to exit; false if none
/// is running.
pub fn stop(name: &str, timeout: Duration) -> anyhow::Result<bool> {
    let (_, pid_file) = files(name);
    let Some(pid) = running_pid(&pid_file) else {
        let _ = std::fs::remove_file(&pid_file);
        return Ok(false);
    };
    // SAFETY: sends a signal to a process we recorded and checked.
    if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
        return Err(std::io::Error::last_os_error()).context(format!("cannot signal pid {pid}"));
    }
    let deadline = Instant::now() + timeout;
    // SAFETY: signal 0 only checks that the process exists.
    while unsafe { libc::kill(pid, 0) } == 0 && !is_zombie(pid) {
        if Instant::now() >= deadline {
            bail!("pid {pid} did not exit within {timeout:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = std::fs::remove_file(&pid_file);
    Ok(true)
}

/// A process that has exited but not been reaped (its parent, e.g. a test, has not waited).
fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('Z')))
        .unwrap_or(false)
}
