//! Kafka's system-test clients (`kt verifiable-producer`, VerifiableProducer): they print one
//! JSON event per line (`startup_complete`, one per acknowledged or failed record,
//! `shutdown_complete`, ...) for a test harness to check what was sent and acknowledged.

pub mod producer;

/// Milliseconds since the epoch, the `timestamp` of every event.
pub fn now_ms() -> i64 {
    kt_base::clock::now_ms() as i64
}
