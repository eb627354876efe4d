//! The producer loop of `kt producer-perf-test`: send a number of records as fast as asked,
//! time each acknowledgement, and summarise the latencies as Kafka's ProducerPerformance does
//! (plus a histogram for kt's JSON). `cli::perf` turns the flags into [`ProducerPerfSettings`]
//! and prints the [`ProducerPerfReport`].

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::ClientContext;
use serde::Serialize;

use super::progress;
use crate::admin::authentication_failure::fail_records_after_refused_login;
use crate::admin::client::{client_config, error_text, KtContext};

/// What to send, where, and how fast.
pub struct ProducerPerfSettings {
    pub bootstrap: String,
    pub topic: String,
    /// Producer properties (Kafka names), applied over kt's defaults.
    pub properties: Vec<(String, String)>,
    pub num_records: u64,
    /// Records sent first and left out of the steady-state summary (0: none).
    pub warmup_records: u64,
    /// At most about this many records per second; 0 or less for no limit.
    pub throughput: f64,
    pub payloads: Payloads,
    /// Write Kafka's line about the last window every 5 seconds.
    pub window_lines: bool,
}

/// The outcome of a run: the summaries, and the records that could not be sent.
pub struct ProducerPerfReport {
    pub total: Summary,
    /// The records after the warm-up, when there was one.
    pub steady: Option<Summary>,
    pub failed: u64,
    /// Why the first failed record failed.
    pub first_error: Option<String>,
}

/// Latencies of acknowledged records, in whole milliseconds as Kafka counts them.
#[derive(Debug, Default)]
struct Stats {
    count: u64,
    bytes: u64,
    total_latency: u64,
    max_latency: u32,
    latencies: Vec<u32>,
    window_count: u64,
    window_bytes: u64,
    window_total: u64,
    window_max: u32,
}

impl Stats {
    fn record(&mut self, latency: u32, bytes: usize) {
        self.count += 1;
        self.bytes += bytes as u64;
        self.total_latency += u64::from(latency);
        self.max_latency = self.max_latency.max(latency);
        self.latencies.push(latency);
        self.window_count += 1;
        self.window_bytes += bytes as u64;
        self.window_total += u64::from(latency);
        self.window_max = self.window_max.max(latency);
    }

    /// Kafka's periodic line, for the window since the last one.
    fn window_line(&mut self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let line = format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            self.window_count,
            self.window_count as f64 / secs,
            self.window_bytes as f64 / secs / (1024.0 * 1024.0),
            self.window_total as f64 / self.window_count.max(1) as f64,
            f64::from(self.window_max)
        );
        self.window_count = 0;
        self.window_bytes = 0;
        self.window_total = 0;
        self.window_max = 0;
        line
    }

    /// Sorts the latencies and summarises them.
    fn summary(&mut self, elapsed: Duration) -> Summary {
        self.latencies.sort_unstable();
        let pct = |p: f64| {
            let n = self.latencies.len();
            if n == 0 {
                0
            } else {
                self.latencies[((p * n as f64) as usize).min(n - 1)]
            }
        };
        let secs = elapsed.as_secs_f64().max(1e-9);
        Summary {
            records: self.count,
            records_per_sec: self.count as f64 / secs,
            mb_per_sec: self.bytes as f64 / secs / (1024.0 * 1024.0),
            avg_latency_ms: self.total_latency as f64 / self.count.max(1) as f64,
            max_latency_ms: self.max_latency,
            p50_ms: pct(0.5),
            p95_ms: pct(0.95),
            p99_ms: pct(0.99),
            p999_ms: pct(0.999),
            histogram: histogram(&self.latencies),
        }
    }
}

/// One bucket of the latency histogram: records whose latency is at most `le_ms` (and above
/// the previous bucket's bound). Bounds are 0, 1, 2, 4, 8, ... ms.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Bucket {
    pub le_ms: u32,
    pub count: u64,
}

/// Power-of-two buckets over sorted latencies, up to the one holding the maximum.
fn histogram(sorted: &[u32]) -> Vec<Bucket> {
    let mut buckets = Vec::new();
    let mut bound = 0u32;
    let mut i = 0usize;
    while i < sorted.len() {
        let start = i;
        while i < sorted.len() && sorted[i] <= bound {
            i += 1;
        }
        buckets.push(Bucket {
            le_ms: bound,
            count: (i - start) as u64,
        });
        bound = if bound == 0 {
            1
        } else {
            bound.saturating_mul(2)
        };
    }
    buckets
}

/// The final figures of a producer run.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub records: u64,
    pub records_per_sec: f64,
    pub mb_per_sec: f64,
    pub avg_latency_ms: f64,
    pub max_latency_ms: u32,
    pub p50_ms: u32,
    pub p95_ms: u32,
    pub p99_ms: u32,
    pub p999_ms: u32,
    pub histogram: Vec<Bucket>,
}

impl Summary {
    /// Kafka's closing line.
    pub fn line(&self, steady: bool) -> String {
        format!(
            "{}{} records sent, {:.6} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
            self.records,
            if steady { " steady state" } else { "" },
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_latency_ms,
            f64::from(self.max_latency_ms),
            self.p50_ms,
            self.p95_ms,
            self.p99_ms,
            self.p999_ms
        )
    }
}

/// The producer's callbacks: every acknowledgement lands in the stats (callbacks run on the
/// thread that polls, so the mutexes are never contended).
struct PerfContext {
    base: KtContext,
    stats: Mutex<Stats>,
    steady: Mutex<Option<Stats>>,
    failed: AtomicU64,
    first_error: Mutex<Option<String>>,
}

impl ClientContext for PerfContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.base.log(level, fac, log_message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.base.error(error, reason);
    }
}

/// What travels with each record to its delivery callback: when it was sent, whether it
/// counts for the steady state, and its size.
struct Sent {
    at: Instant,
    steady: bool,
    bytes: usize,
}

impl ProducerContext for PerfContext {
    type DeliveryOpaque = Box<Sent>;
    fn delivery(&self, result: &DeliveryResult<'_>, sent: Box<Sent>) {
        match result {
            Ok(_) => {
                let latency = sent.at.elapsed().as_millis().min(u128::from(u32::MAX)) as u32;
                if let Ok(mut s) = self.stats.lock() {
                    s.record(latency, sent.bytes);
                }
                if sent.steady {
                    if let Ok(mut s) = self.steady.lock() {
                        if let Some(s) = s.as_mut() {
                            s.record(latency, sent.bytes);
                        }
                    }
                }
            }
            Err((e, _)) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut first) = self.first_error.lock() {
                    first.get_or_insert_with(|| {
                        e.rdkafka_error_code()
                            .map(error_text)
                            .unwrap_or_else(|| e.to_string())
                    });
                }
            }
        }
    }
}

/// Where the values come from.
pub enum Payloads {
    /// Random uppercase letters, this many bytes (a buffer refilled for each record).
    Random(Vec<u8>),
    /// One of these payloads at random for each record.
    File(Vec<Vec<u8>>),
    /// The record's number: 0, 1, 2, ...
    Monotonic,
}

impl Payloads {
    /// Random values of `size` bytes.
    pub fn random(size: usize) -> Self {
        Payloads::Random(vec![b'A'; size])
    }
}

/// A small, fast, seeded generator (xorshift64*): values need to vary, not be unpredictable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// A producer set up for a run.
pub struct PerfProducer {
    producer: BaseProducer<PerfContext>,
    settings: ProducerPerfSettings,
}

impl PerfProducer {
    /// Creates the producer (nothing is sent yet).
    pub fn new(settings: ProducerPerfSettings) -> anyhow::Result<Self> {
        let mut config = client_config(&settings.bootstrap, &[]);
        config
            .set("client.id", "perf-producer-client")
            .set("queue.buffering.max.messages", "1000000")
            .set("message.timeout.ms", "120000");
        crate::admin::client::apply_properties(&mut config, &settings.properties);
        let producer: BaseProducer<PerfContext> = config
            .create_with_context(PerfContext {
                base: KtContext::default(),
                stats: Mutex::new(Stats::default()),
                steady: Mutex::new(None),
                failed: AtomicU64::new(0),
                first_error: Mutex::new(None),
            })
            .context("cannot create the producer")?;
        Ok(PerfProducer { producer, settings })
    }

    /// Sends the records (until SIGINT/SIGTERM), writing the window lines on `out`, and waits
    /// for every acknowledgement.
    pub fn run(self, out: &mut impl Write) -> anyhow::Result<ProducerPerfReport> {
        let PerfProducer {
            producer,
            mut settings,
        } = self;
        let args = &mut settings;
        crate::console::install_signal_handlers();
        let bar = progress(args.num_records, "records");
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let start = Instant::now();
        let mut window_start = start;
        let mut monotonic = Vec::new();
        for i in 0..args.num_records {
            if crate::console::stopping() {
                break;
            }
            if i == args.warmup_records && args.warmup_records > 0 {
                if let Ok(mut s) = producer.context().steady.lock() {
                    *s = Some(Stats::default());
                }
            }
            let value: &[u8] = match &mut args.payloads {
                Payloads::Random(buf) => {
                    for b in buf.iter_mut() {
                        *b = b'A' + (rng.next() % 26) as u8;
                    }
                    buf
                }
                Payloads::File(list) => &list[(rng.next() % list.len() as u64) as usize],
                Payloads::Monotonic => {
                    monotonic.clear();
                    write!(monotonic, "{i}")?;
                    &monotonic
                }
            };
            let mut sent = Box::new(Sent {
                at: Instant::now(),
                steady: args.warmup_records > 0 && i >= args.warmup_records,
                bytes: value.len(),
            });
            loop {
                let record = BaseRecord::<(), [u8], Box<Sent>>::with_opaque_to(&args.topic, sent)
                    .payload(value);
                match producer.send(record) {
                    Ok(()) => break,
                    Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), record)) => {
                        sent = record.delivery_opaque;
                        producer.poll(Duration::from_millis(10));
                    }
                    Err((e, _)) => bail!("cannot send: {e}"),
                }
            }
            if i % 1000 == 0 {
                producer.poll(Duration::ZERO);
                // A refused login fails every send from then on (Kafka's producer reports each
                // at once): stop here, and the records queued fail below.
                if producer.context().base.authentication_failure().is_some() {
                    break;
                }
                bar.set_position(i);
                if args.window_lines && window_start.elapsed() >= Duration::from_secs(5) {
                    let line = producer
                        .context()
                        .stats
                        .lock()
                        .map(|mut s| s.window_line(window_start.elapsed()))
                        .unwrap_or_default();
                    bar.suspend(|| writeln!(out, "{line}"))?;
                    window_start = Instant::now();
                }
            }
            if args.throughput > 0.0 {
                // Kafka's throttler: sleep whenever ahead of the requested rate.
                let due = Duration::from_secs_f64((i + 1) as f64 / args.throughput);
                let ahead = due.saturating_sub(start.elapsed());
                if ahead >= Duration::from_millis(1) {
                    // Wait by serving acknowledgements, so each is timed as it arrives (the
                    // Java producer's I/O thread runs its callbacks at once): poll serves
                    // events until its timeout, where a zero timeout serves one. One per
                    // sleep fell behind at 10,000 records/s with linger.ms=0, and the
                    // latencies measured grew to seconds.
                    producer.poll(ahead);
                }
            }
        }
        bar.finish_and_clear();
        // flush() returns early when its timeout is short; loop until nothing is in flight.
        while producer.in_flight_count() > 0 {
            let _ = producer.flush(Duration::from_millis(100));
            fail_records_after_refused_login(&producer, &producer.context().base);
        }
        let elapsed = start.elapsed();
        let ctx = producer.context();
        let total = ctx
            .stats
            .lock()
            .map_err(|_| anyhow::anyhow!("stats lock"))?
            .summary(elapsed);
        let steady = ctx
            .steady
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .map(|mut s| s.summary(elapsed));
        Ok(ProducerPerfReport {
            total,
            steady,
            failed: ctx.failed.load(Ordering::Relaxed),
            // Records failed after a refused login failed for that reason.
            first_error: match ctx.base.authentication_failure() {
                Some(failure) => Some(failure.exception()),
                None => ctx.first_error.lock().ok().and_then(|e| e.clone()),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets() {
        assert_eq!(
            histogram(&[0, 0, 1, 3, 3, 9]),
            vec![
                Bucket { le_ms: 0, count: 2 },
                Bucket { le_ms: 1, count: 1 },
                Bucket { le_ms: 2, count: 0 },
                Bucket { le_ms: 4, count: 2 },
                Bucket { le_ms: 8, count: 0 },
                Bucket {
                    le_ms: 16,
                    count: 1
                },
            ]
        );
        assert!(histogram(&[]).is_empty());
    }

    #[test]
    fn percentiles_as_kafka_picks_them() {
        let mut s = Stats::default();
        for l in 1..=100u32 {
            s.record(l, 10);
        }
        let sum = s.summary(Duration::from_secs(1));
        assert_eq!(
            (sum.p50_ms, sum.p95_ms, sum.p99_ms, sum.p999_ms),
            (51, 96, 100, 100)
        );
        assert_eq!(sum.max_latency_ms, 100);
        assert!(sum.line(false).starts_with("100 records sent, 100.000000 records/sec (0.00 MB/sec), 50.50 ms avg latency, 100.00 ms max latency, 51 ms 50th"));
    }
}
