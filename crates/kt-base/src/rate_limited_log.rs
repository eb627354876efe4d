//! A log line that may repeat many times a second (an accept error while descriptors run out,
//! a refused connection, a failed append on a full disk) is written at most once per interval:
//! the first occurrence at once, the next ones counted and reported with the first occurrence
//! after the interval, so the log says how often it happened without flooding.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One kind of repeated log line, throttled to one line per interval.
///
/// ```
/// # use kt_base::rate_limited_log::RateLimitedLog;
/// # let e = "Too many open files";
/// static ACCEPT_FAILED: RateLimitedLog = RateLimitedLog::per_interval_of_secs(10);
/// if let Some(repeats) = ACCEPT_FAILED.admit() {
///     tracing::warn!("accept failed: {e}{repeats}");
/// }
/// ```
pub struct RateLimitedLog {
    interval: Duration,
    /// When the last line was written and how many occurrences were held back since; a
    /// plain mutex, held for a few instructions and never across I/O.
    state: Mutex<Window>,
}

#[derive(Default)]
struct Window {
    last_written: Option<Instant>,
    held_back: u64,
}

/// The occurrences held back before the line now written; displays as nothing when there
/// were none, else as ` (repeated N more times in the last Xs)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeats {
    /// Occurrences since the last line that were not written.
    pub held_back: u64,
    /// Time since the last line was written.
    pub since: Duration,
}

impl fmt::Display for Repeats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.held_back > 0 {
            write!(
                f,
                " (repeated {} more times in the last {}s)",
                self.held_back,
                self.since.as_secs()
            )?;
        }
        Ok(())
    }
}

impl RateLimitedLog {
    /// A throttle writing at most one line every `secs` seconds.
    pub const fn per_interval_of_secs(secs: u64) -> Self {
        RateLimitedLog {
            interval: Duration::from_secs(secs),
            state: Mutex::new(Window {
                last_written: None,
                held_back: 0,
            }),
        }
    }

    /// Records one occurrence now; `Some` when its line should be written.
    pub fn admit(&self) -> Option<Repeats> {
        self.admit_at(Instant::now())
    }

    /// Records one occurrence at `now` (time is a parameter so tests need not sleep).
    pub fn admit_at(&self, now: Instant) -> Option<Repeats> {
        let mut window = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match window.last_written {
            Some(last) if now.saturating_duration_since(last) < self.interval => {
                window.held_back += 1;
                None
            }
            last => {
                let repeats = Repeats {
                    held_back: window.held_back,
                    since: last.map_or(Duration::ZERO, |l| now.saturating_duration_since(l)),
                };
                window.last_written = Some(now);
                window.held_back = 0;
                Some(repeats)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_interval_with_the_count_of_the_others() {
        let log = RateLimitedLog::per_interval_of_secs(10);
        let t0 = Instant::now();
        let first = log.admit_at(t0).unwrap();
        assert_eq!(first.held_back, 0);
        assert_eq!(first.to_string(), "");
        for ms in 1..=87 {
            assert!(log.admit_at(t0 + Duration::from_millis(ms * 100)).is_none());
        }
        let next = log.admit_at(t0 + Duration::from_secs(10)).unwrap();
        assert_eq!(next.held_back, 87);
        assert_eq!(
            next.to_string(),
            " (repeated 87 more times in the last 10s)"
        );
        // A quiet spell: the next occurrence is written at once, with nothing held back.
        let later = log.admit_at(t0 + Duration::from_secs(60)).unwrap();
        assert_eq!(later.held_back, 0);
    }
}
