//! The wall clock in the unit of every Kafka and ZooKeeper timestamp: milliseconds since the
//! Unix epoch. One helper for the whole crate, so the broker, the storage layer, the
//! ZooKeeper server and the tools read time the same way.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 for a clock set before it).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clock_reads_milliseconds_since_the_epoch() {
        let before = super::now_ms();
        // 2020-01-01 in ms: a clock in seconds or microseconds would be far off.
        assert!(before > 1_577_836_800_000 && before < 1_577_836_800_000 * 100);
        assert!(super::now_ms() >= before);
    }
}
