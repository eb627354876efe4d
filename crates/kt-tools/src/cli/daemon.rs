//! Servers that scripts can manage: `-daemon` starts a server detached, with its log in
//! `LOG_DIR` (default `logs/`, as Kafka's scripts) and a pid file beside it; `kt server-stop`
//! sends SIGTERM to the recorded process (a clean shutdown: flush, checkpoint, close).
//!
//! `kt server-stop` and `kt zookeeper-stop` find their servers as Kafka's scripts do, by
//! command line ([`super::server_processes`]), and also stop what the pid file records.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;

use super::server_processes::{is_zombie, running, select, ServerKind};

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
    after_help = "Sends SIGTERM (or $SIGNAL, as Kafka's script) to every `kt server-start` process of this \
                  user, found by its command line as kafka-server-stop.sh finds Kafka's brokers, and to \
                  the broker recorded in $LOG_DIR/kafkaServer.pid by `kt server-start -daemon` (LOG_DIR \
                  defaults to ./logs); then waits until they have exited. With --node-id or \
                  --process-role only the brokers whose config (node.id, else broker.id; \
                  process.roles) matches are stopped.\n\n\
                  Examples:\n  kt server-stop\n  kt server-stop --node-id=1\n  \
                  kafka-server-stop.sh --process-role=controller"
)]
pub struct ServerStopArgs {
    /// Stop only the broker whose node.id (or broker.id) is this.
    #[arg(long, value_name = "ID")]
    pub node_id: Option<String>,
    /// Stop only the KRaft nodes whose process.roles is this (broker, controller or
    /// broker,controller).
    #[arg(long, value_name = "ROLE")]
    pub process_role: Option<String>,
    /// (kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::wait_ready::parse_duration)]
    pub timeout: Duration,
}

/// Runs `kt server-stop`; returns the exit code.
pub fn server_stop(args: ServerStopArgs) -> i32 {
    if args.node_id.is_some() && args.process_role.is_some() {
        println!(
            "When both node-id and process-role are provided, the value for node-id will take precedence"
        );
    }
    let filtered = args.node_id.is_some() || args.process_role.is_some();
    let found = select(
        running(ServerKind::Kafka),
        args.node_id.as_deref(),
        args.process_role.as_deref(),
    );
    let mut pids: Vec<i32> = found.iter().map(|p| p.pid).collect();
    report_stop("kafkaServer", "kafka", &mut pids, !filtered, args.timeout)
}

/// Flags of `kt zookeeper-stop`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Sends SIGTERM (or $SIGNAL, as Kafka's script) to every `kt zookeeper-start` process of \
                  this user, found by its command line as zookeeper-server-stop.sh does, and to the \
                  server recorded in $LOG_DIR/zookeeper.pid by `kt zookeeper-start -daemon` (LOG_DIR \
                  defaults to ./logs); then waits until they have exited.\n\n\
                  Example:\n  kt zookeeper-start -daemon config/zookeeper.properties && kt zookeeper-stop"
)]
pub struct ZookeeperStopArgs {
    /// (kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::wait_ready::parse_duration)]
    pub timeout: Duration,
}

/// Runs `kt zookeeper-stop`; returns the exit code.
pub fn zookeeper_stop(args: ZookeeperStopArgs) -> i32 {
    let mut pids: Vec<i32> = running(ServerKind::Zookeeper)
        .iter()
        .map(|p| p.pid)
        .collect();
    report_stop("zookeeper", "zookeeper", &mut pids, true, args.timeout)
}

/// Stops `pids` (and, with `with_pid_file`, the daemon NAME's recorded pid): Kafka's "No
/// LABEL server to stop" on stdout and 1 when there is none.
fn report_stop(
    name: &str,
    label: &str,
    pids: &mut Vec<i32>,
    with_pid_file: bool,
    timeout: Duration,
) -> i32 {
    let (_, pid_file) = files(name);
    if with_pid_file {
        match running_pid(&pid_file) {
            Some(pid) if !pids.contains(&pid) => pids.push(pid),
            Some(_) => {}
            None => {
                let _ = std::fs::remove_file(&pid_file);
            }
        }
    }
    if pids.is_empty() {
        println!("No {label} server to stop");
        return 1;
    }
    let signal = match signal_from_env() {
        Ok(signal) => signal,
        Err(e) => {
            eprintln!("error: {e:#}");
            return 1;
        }
    };
    match stop_pids(pids, signal, timeout) {
        Ok(()) => {
            if running_pid(&pid_file).is_none() {
                let _ = std::fs::remove_file(&pid_file);
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// `SIGNAL` as Kafka's stop scripts read it (`TERM` unless set): a name, with or without
/// `SIG`, or a number.
fn signal_from_env() -> anyhow::Result<i32> {
    let Some(text) = std::env::var("SIGNAL").ok().filter(|s| !s.is_empty()) else {
        return Ok(libc::SIGTERM);
    };
    if let Ok(n) = text.parse::<i32>() {
        return Ok(n);
    }
    let name = text.to_ascii_uppercase();
    Ok(match name.trim_start_matches("SIG") {
        "TERM" => libc::SIGTERM,
        "KILL" => libc::SIGKILL,
        "INT" => libc::SIGINT,
        "HUP" => libc::SIGHUP,
        "QUIT" => libc::SIGQUIT,
        "USR1" => libc::SIGUSR1,
        "USR2" => libc::SIGUSR2,
        _ => bail!("unknown signal name SIGNAL={text}"),
    })
}

/// Signals every pid, then waits until all have exited (or become zombies of another parent).
fn stop_pids(pids: &[i32], signal: i32, timeout: Duration) -> anyhow::Result<()> {
    for &pid in pids {
        // SAFETY: sends a signal to a server process of this user found by its command line.
        if unsafe { libc::kill(pid, signal) } != 0 {
            let error = std::io::Error::last_os_error();
            // Gone since it was found: nothing left to stop.
            if error.raw_os_error() != Some(libc::ESRCH) {
                return Err(error).context(format!("cannot signal pid {pid}"));
            }
        }
    }
    let deadline = Instant::now() + timeout;
    for &pid in pids {
        // SAFETY: signal 0 only checks that the process exists.
        while unsafe { libc::kill(pid, 0) } == 0 && !is_zombie(pid) {
            if Instant::now() >= deadline {
                bail!("pid {pid} did not exit within {timeout:?} of the signal");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    Ok(())
}
