//! Kafka's `kafka.network:type=RequestMetrics` per API: `RequestsPerSec` by request version
//! and the `TotalTimeMs` histogram, in a table indexed by API key so the connection finds
//! its line without a lookup.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::histogram::Histogram;

/// API keys below this have a line (Kafka 3.9's highest is 74).
pub const API_KEYS: usize = 80;
/// Request versions below this are counted apart (Kafka 3.9's highest is 17).
pub const VERSIONS: usize = 20;

/// One API's request metrics.
#[derive(Debug)]
pub struct ApiMetrics {
    /// Requests by version (`RequestsPerSec{request,version}`).
    by_version: [AtomicU64; VERSIONS],
    /// From the request's frame being read to its answer being encoded (`TotalTimeMs`).
    pub total_time: Histogram,
}

impl Default for ApiMetrics {
    fn default() -> Self {
        ApiMetrics {
            by_version: std::array::from_fn(|_| AtomicU64::new(0)),
            total_time: Histogram::default(),
        }
    }
}

impl ApiMetrics {
    /// The requests counted per version, for versions that had any.
    pub fn versions(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.by_version
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .enumerate()
            .filter(|(_, n)| *n > 0)
    }
}

/// Every API's line.
#[derive(Debug)]
pub struct RequestMetrics {
    apis: Box<[ApiMetrics]>,
}

impl Default for RequestMetrics {
    fn default() -> Self {
        RequestMetrics {
            apis: (0..API_KEYS).map(|_| ApiMetrics::default()).collect(),
        }
    }
}

impl RequestMetrics {
    /// Counts one handled request of `key` in `version`, which took `elapsed`.
    #[inline]
    pub fn record(&self, key: i16, version: i16, elapsed: Duration) {
        let Some(api) = usize::try_from(key).ok().and_then(|k| self.apis.get(k)) else {
            return;
        };
        let version = (version.max(0) as usize).min(VERSIONS - 1);
        api.by_version[version].fetch_add(1, Ordering::Relaxed);
        api.total_time.record_us(elapsed.as_micros() as u64);
    }

    /// The line of API `key`.
    pub fn api(&self, key: i16) -> Option<&ApiMetrics> {
        usize::try_from(key).ok().and_then(|k| self.apis.get(k))
    }
}
