//! A `kt` server as a child process (`server-start`, `zookeeper-start`), for tests that kill it
//! with SIGKILL or signal it as an operator would.

use std::ffi::OsStr;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `kt` process, killed (SIGKILL) and reaped when dropped, so a failing test never leaves a
/// server behind. The child is public for tests that signal or wait on it themselves.
pub struct KtProcess(pub Child);

impl KtProcess {
    /// Runs `kt ARGS...` (output discarded) and waits until something accepts connections on
    /// 127.0.0.1:`port`, at most 10 s.
    pub fn start<I, S>(args: I, port: u16) -> KtProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        KtProcess::start_with_env(args, port, &[])
    }

    /// [`KtProcess::start`] with further environment variables (`KAFKA_OPTS`, ...).
    pub fn start_with_env<I, S>(args: I, port: u16, envs: &[(&str, &str)]) -> KtProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let process = KtProcess::spawn_with_env(args, envs);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "kt not listening on {port}");
            std::thread::sleep(Duration::from_millis(5));
        }
        process
    }

    /// Runs `kt ARGS...` (output discarded) and returns at once, for a process that serves
    /// no port (a mirror, a connector).
    pub fn spawn<I, S>(args: I) -> KtProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        KtProcess::spawn_with_env(args, &[])
    }

    fn spawn_with_env<I, S>(args: I, envs: &[(&str, &str)]) -> KtProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let child = Command::new(super::kt_path())
            .args(args)
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        KtProcess(child)
    }

    /// SIGKILL, then reap.
    pub fn kill_9(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for KtProcess {
    fn drop(&mut self) {
        self.kill_9();
    }
}
