//! A latency histogram for the request path: fixed log-linear buckets of atomic counts, so
//! recording is one index computation and one relaxed `fetch_add`; percentiles are read off
//! the buckets at scrape time. Each power of two is cut into [`SUB`] buckets, so a percentile
//! is within 1/[`SUB`] (12.5%) of the true value, which is what a latency dashboard needs.
//!
//! Unlike Kafka's Yammer histograms (an exponentially decaying sample of about the last five
//! minutes), the counts cover the broker's whole life: Prometheus takes rates and windows
//! from the series itself.

use std::sync::atomic::{AtomicU64, Ordering};

/// Buckets per power of two.
const SUB: u64 = 8;
const SUB_BITS: u32 = SUB.trailing_zeros();
/// Microseconds up to 2^40 (about 12 days): more than any request lasts.
const MAX_EXP: u32 = 40;
const BUCKETS: usize = (SUB as usize) * (MAX_EXP as usize - SUB_BITS as usize + 2);

/// Request latencies in microseconds.
#[derive(Debug)]
pub struct Histogram {
    buckets: Box<[AtomicU64]>,
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_us: AtomicU64::new(0),
        }
    }
}

/// The bucket of `v`: values below `SUB` have one bucket each; above, the power of two and
/// the next `SUB_BITS` bits after the leading one choose it.
fn bucket_of(v: u64) -> usize {
    if v < SUB {
        return v as usize;
    }
    let exp = 63 - v.leading_zeros();
    let exp = exp.min(MAX_EXP);
    let v = v.min((1u64 << (MAX_EXP + 1)) - 1);
    let mantissa = (v >> (exp - SUB_BITS)) & (SUB - 1);
    ((exp - SUB_BITS + 1) as u64 * SUB + mantissa) as usize
}

/// The upper bound of bucket `index` (inclusive): what a percentile falling in it reads.
fn upper_bound(index: usize) -> u64 {
    let index = index as u64;
    if index < SUB {
        return index;
    }
    let exp = (index / SUB) as u32 + SUB_BITS - 1;
    let mantissa = index % SUB;
    ((SUB + mantissa + 1) << (exp - SUB_BITS)) - 1
}

impl Histogram {
    /// Records one duration.
    #[inline]
    pub fn record_us(&self, us: u64) {
        self.buckets[bucket_of(us)].fetch_add(1, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us.fetch_add(us, Ordering::Relaxed);
    }

    /// How many durations were recorded.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// The sum of every duration, in microseconds.
    pub fn sum_us(&self) -> u64 {
        self.sum_us.load(Ordering::Relaxed)
    }

    /// The value below which `quantile` (0..1) of the durations fall, in microseconds; 0
    /// when nothing was recorded.
    pub fn quantiles_us(&self, quantiles: &[f64]) -> Vec<u64> {
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        quantiles
            .iter()
            .map(|q| {
                if total == 0 {
                    return 0;
                }
                let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
                let mut seen = 0;
                for (i, c) in counts.iter().enumerate() {
                    seen += c;
                    if seen >= rank {
                        return upper_bound(i);
                    }
                }
                upper_bound(counts.len() - 1)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_their_values_within_an_eighth() {
        for v in (0..5000).chain([65_535, 1 << 20, 123_456_789, u64::MAX / 4]) {
            let b = bucket_of(v);
            assert!(b < BUCKETS, "{v}");
            let upper = upper_bound(b);
            let v_capped = v.min((1u64 << (MAX_EXP + 1)) - 1);
            assert!(upper >= v_capped, "{v}: bucket {b} ends at {upper}");
            assert!(
                upper - v_capped <= v_capped / SUB + 1,
                "{v}: bucket {b} ends at {upper}"
            );
            if b > 0 {
                assert!(
                    upper_bound(b - 1) < v_capped,
                    "{v}: belongs to an earlier bucket"
                );
            }
        }
    }

    #[test]
    fn percentiles_follow_the_recorded_distribution() {
        let h = Histogram::default();
        assert_eq!(h.quantiles_us(&[0.5]), vec![0]);
        for v in 1..=1000 {
            h.record_us(v);
        }
        let q = h.quantiles_us(&[0.5, 0.99, 0.999]);
        assert!((500..=563).contains(&q[0]), "{q:?}");
        assert!((990..=1114).contains(&q[1]), "{q:?}");
        assert!(q[2] >= 999, "{q:?}");
        assert_eq!(h.count(), 1000);
        assert_eq!(h.sum_us(), 500_500);
    }
}
