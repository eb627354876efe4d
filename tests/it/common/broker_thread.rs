//! A kt broker on its own runtime thread, for tests that are plain `#[test]` functions and
//! drive it through the `kt` binary.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// A broker serving `bootstrap` from a thread of its own; stopped (cleanly) on drop. An
/// external broker (`KT_TEST_BOOTSTRAP`) is only named, never stopped.
pub struct BrokerThread {
    pub bootstrap: String,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl BrokerThread {
    /// Starts a broker over `dir` with extra `key=value` settings.
    pub fn start(dir: &Path, extra: &'static [(&'static str, &'static str)]) -> BrokerThread {
        Self::spawn(Some(dir.to_path_buf()), extra)
    }

    /// Starts a broker over a temporary directory that lives as long as the broker.
    pub fn start_in_temp_dir(extra: &'static [(&'static str, &'static str)]) -> BrokerThread {
        Self::spawn(None, extra)
    }

    /// A broker someone else runs at `bootstrap`.
    pub fn external(bootstrap: String) -> BrokerThread {
        BrokerThread {
            bootstrap,
            stop: None,
            thread: None,
        }
    }

    fn spawn(dir: Option<PathBuf>, extra: &'static [(&'static str, &'static str)]) -> BrokerThread {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                // A temporary directory, if any, is removed after the broker stopped.
                let temp = dir.is_none().then(|| tempfile::tempdir().unwrap());
                let dir = dir.unwrap_or_else(|| temp.as_ref().unwrap().path().to_path_buf());
                let broker = super::start_broker(&dir, extra).await;
                ready_tx.send(broker.bootstrap()).unwrap();
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                broker.shutdown().await;
            });
        });
        BrokerThread {
            bootstrap: ready_rx.recv().unwrap(),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// Runs kt with `--bootstrap-server` appended: (stdout, stderr, exit code).
    pub fn kt(&self, args: &[&str], stdin: &str) -> (String, String, i32) {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--bootstrap-server", &self.bootstrap]);
        super::run_kt(all, stdin)
    }
}

impl Drop for BrokerThread {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
