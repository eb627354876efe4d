//! Against a port nothing listens on, every tool says once, after a few seconds, what it is
//! waiting for (`cannot reach <servers>, retrying...` on stderr) and goes on waiting as Kafka's
//! tools do; against a reachable broker the line never appears.

use crate::common::{self, BrokerThread};

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long each tool is watched: the notice is due after about 3 s; the rest shows it is
/// not repeated.
const WATCH: Duration = Duration::from_secs(8);

/// A running tool whose stderr lines arrive on a channel with the time they were read.
struct Watched {
    name: String,
    child: Child,
    lines: mpsc::Receiver<(Duration, String)>,
}

fn spawn(args: &[&str]) -> Watched {
    let mut child = Command::new(common::kt_path())
        .args(args)
        .stdin(Stdio::piped()) // kept open: the producer waits for input, as a person typing
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send((started.elapsed(), line));
        }
    });
    Watched {
        name: args.join(" "),
        child,
        lines,
    }
}

/// Waits until `deadline`, then kills the tool: its stderr lines (with when they came) and
/// its stdout.
fn collect(mut w: Watched, deadline: Instant) -> (String, Vec<(Duration, String)>, String) {
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match w.lines.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                std::thread::sleep(left);
                break;
            }
        }
    }
    let _ = w.child.kill();
    let _ = w.child.wait();
    let mut out = String::new();
    if let Some(mut stdout) = w.child.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    (w.name, seen, out)
}

#[test]
fn every_tool_says_once_that_it_cannot_reach_a_closed_port() {
    let closed = format!("127.0.0.1:{}", common::free_port());
    let b = closed.as_str();
    let tools = [
        spawn(&["topics", "--list", "--bootstrap-server", b]),
        spawn(&["get-offsets", "--topic", "t", "--bootstrap-server", b]),
        spawn(&["console-producer", "--topic", "t", "--bootstrap-server", b]),
        spawn(&["console-consumer", "--topic", "t", "--bootstrap-server", b]),
    ];
    let deadline = Instant::now() + WATCH;
    let notice = format!("cannot reach {closed}, retrying...");
    for w in tools {
        let (name, seen, out) = collect(w, deadline);
        let notices: Vec<&(Duration, String)> = seen.iter().filter(|(_, l)| *l == notice).collect();
        assert_eq!(notices.len(), 1, "{name}: stderr {seen:?}");
        let at = notices[0].0;
        assert!(
            at >= Duration::from_millis(2500) && at < Duration::from_secs(6),
            "{name}: the notice came after {at:?}"
        );
        assert_eq!(out, "", "{name}: stdout changed");
    }
}

#[test]
fn a_reachable_broker_gets_no_notice() {
    let broker = BrokerThread::start_in_temp_dir(&[]);
    let (_, err, code) = broker.kt(&["topics", "--create", "--topic", "quiet"], "");
    assert_eq!(code, 0, "{err}");
    // Runs past the notice's time: 5 s of waiting for records that do not come.
    let started = Instant::now();
    let (out, err, _) = broker.kt(
        &[
            "console-consumer",
            "--topic",
            "quiet",
            "--from-beginning",
            "--timeout-ms",
            "5000",
        ],
        "",
    );
    assert!(started.elapsed() >= Duration::from_secs(4), "{err}");
    assert_eq!(out, "");
    assert!(!err.contains("cannot reach"), "{err}");
}
