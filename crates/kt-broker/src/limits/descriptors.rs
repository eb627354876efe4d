//! File descriptors: the process's open-file limit, raised at start-up as the JVM does; the
//! budget that keeps a reserve of descriptors for the broker's own files; and a spare
//! descriptor that lets the acceptor take a connection off the backlog (and close it) even
//! when every other descriptor is in use.
//!
//! Without these, a broker at its limit fails every `accept` with EMFILE while the client
//! stays in the backlog, so the acceptor spins on the same error and the log fills with it.

use std::fs::File;
use std::io;
use std::time::{Duration, Instant};

/// The soft and hard `RLIMIT_NOFILE`.
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every Unix.
pub fn open_file_limit() -> io::Result<(u64, u64)> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the struct it is given, which lives on our stack.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((limit.rlim_cur as u64, limit.rlim_max as u64))
}

/// Raises the soft `RLIMIT_NOFILE` to the hard one, as the JVM does for Kafka
/// (`-XX:+MaxFDLimit`); returns the soft limit before and after.
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every Unix.
pub fn raise_open_file_limit() -> io::Result<(u64, u64)> {
    let (soft, hard) = open_file_limit()?;
    // macOS refuses a soft limit above OPEN_MAX however high the hard limit is.
    let target = if cfg!(target_os = "macos") {
        hard.min(10_240)
    } else {
        hard
    };
    if target <= soft {
        return Ok((soft, soft));
    }
    let limit = libc::rlimit {
        rlim_cur: target as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given, which lives on our stack.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((soft, target))
}

/// Descriptors open in this process now, where the system can tell (`/proc/self/fd`).
pub fn open_descriptors() -> Option<usize> {
    let entries = std::fs::read_dir("/proc/self/fd").ok()?;
    // The directory being read has a descriptor of its own while it is listed.
    Some(entries.count().saturating_sub(1))
}

/// How many connections the descriptor limit leaves room for, keeping a reserve for the
/// broker's own files (new segments, indexes, checkpoints, the cleaner's output) and the
/// acceptor's spare. Recounted at most once per `REFRESH`, as files come and go.
pub struct DescriptorBudget {
    /// The soft `RLIMIT_NOFILE`, or None where it cannot be read (no cap then).
    limit: Option<u64>,
    last_counted: Option<Instant>,
}

/// How often the budget recounts the descriptors in use.
const REFRESH: Duration = Duration::from_secs(1);

impl DescriptorBudget {
    /// A budget under the process's limit as it is now.
    pub fn new() -> Self {
        DescriptorBudget {
            limit: open_file_limit().ok().map(|(soft, _)| soft),
            last_counted: None,
        }
    }

    /// Descriptors kept back from connections: a tenth of the limit, at least 16 and at
    /// most 512 (plenty for a burst of segment rolls between two recounts).
    pub fn reserve(limit: u64) -> u64 {
        (limit / 10).clamp(16, 512)
    }

    /// The cap on connections given the limit, the descriptors open and the connections among
    /// them: what is left once everything that is not a connection and the reserve are
    /// taken off.
    pub fn cap(limit: u64, open_descriptors: usize, connections: usize) -> usize {
        let not_connections = open_descriptors.saturating_sub(connections) as u64;
        limit
            .saturating_sub(not_connections)
            .saturating_sub(Self::reserve(limit))
            .min(usize::MAX as u64) as usize
    }

    /// The cap now, recounting the open descriptors if the last count is older than
    /// `REFRESH`; None when the count is recent (the cap in force stands) or cannot be made.
    pub fn recount(&mut self, connections: usize, now: Instant) -> Option<usize> {
        if self
            .last_counted
            .is_some_and(|last| now.saturating_duration_since(last) < REFRESH)
        {
            return None;
        }
        self.last_counted = Some(now);
        let limit = self.limit?;
        // The segment files the storage may still open (up to its cap) are counted as open,
        // so connections never take the descriptors a log needs to be read or written.
        let files = kt_storage::OpenFiles::shared();
        let headroom = files.capacity().saturating_sub(files.open_count());
        let open = open_descriptors()? + headroom;
        Some(Self::cap(limit, open, connections))
    }

    /// The soft limit the budget works under.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }
}

impl Default for DescriptorBudget {
    fn default() -> Self {
        Self::new()
    }
}

/// One descriptor held in reserve (on `/dev/null`) for the acceptor: when `accept` fails for
/// want of descriptors, it is given up, the waiting connection accepted and closed at once,
/// and the spare taken again — so the client is told, the backlog drains and the acceptor
/// does not spin on the same error.
pub struct SpareDescriptor {
    file: Option<File>,
}

impl SpareDescriptor {
    /// Takes the spare now, while descriptors are free.
    pub fn new() -> Self {
        SpareDescriptor {
            file: File::open("/dev/null").ok(),
        }
    }

    /// Whether the spare is held.
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }

    /// Frees the spare for the duration of `use_it`, then takes it again; returns what
    /// `use_it` returned. If the spare cannot be taken again (another thread took the freed
    /// descriptor), it is retried on the next call.
    pub fn lend<T>(&mut self, use_it: impl FnOnce() -> T) -> T {
        self.file = None;
        let result = use_it();
        self.file = File::open("/dev/null").ok();
        result
    }
}

impl Default for SpareDescriptor {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether an accept error means descriptors (or kernel memory for them) ran out.
pub fn is_out_of_descriptors(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_the_reserve_and_the_broker_files() {
        // ulimit -n 1024, 40 descriptors of the broker's own, 500 connections.
        assert_eq!(DescriptorBudget::reserve(1024), 102);
        assert_eq!(DescriptorBudget::cap(1024, 540, 500), 1024 - 40 - 102);
        // A small limit keeps at least 16 back; a huge one at most 512.
        assert_eq!(DescriptorBudget::reserve(64), 16);
        assert_eq!(DescriptorBudget::reserve(1 << 20), 512);
        // More files than the limit allows leaves no room rather than wrapping around.
        assert_eq!(DescriptorBudget::cap(64, 100, 0), 0);
    }

    #[test]
    fn the_budget_recounts_at_most_once_a_second() {
        let mut budget = DescriptorBudget::new();
        let t0 = Instant::now();
        let first = budget.recount(0, t0);
        if cfg!(target_os = "linux") {
            assert!(first.is_some());
        }
        assert!(budget.recount(0, t0 + Duration::from_millis(500)).is_none());
        assert_eq!(budget.recount(0, t0 + REFRESH).is_some(), first.is_some());
    }

    #[test]
    fn the_limit_is_read_and_raising_it_does_not_lower_it() {
        let (soft, hard) = open_file_limit().unwrap();
        assert!(soft <= hard);
        let (before, after) = raise_open_file_limit().unwrap();
        assert_eq!(before, soft);
        assert!(after >= soft);
    }

    #[test]
    fn the_spare_is_given_back_after_use() {
        let mut spare = SpareDescriptor::new();
        assert!(spare.is_held());
        let held_during = spare.lend(|| 7);
        assert_eq!(held_during, 7);
        assert!(spare.is_held());
    }
}
