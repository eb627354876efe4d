//! The loop of `kt verifiable-consumer`: subscribe with a group, print each rebalance, a summary
//! of every poll batch (and each record with --verbose), commit synchronously after each batch
//! unless auto-commit is on, as Kafka's VerifiableConsumer does, with its JSON event lines.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{ClientContext, Offset, TopicPartitionList};
use serde_json::json;

use super::{ordered_object, print_event, print_event_json, Events};
use crate::admin::client::{apply_properties, client_config, KtContext};
use crate::console::corrupt_batch;

/// How to consume.
#[derive(Debug, Clone)]
pub struct VerifiableConsumerSettings {
    pub bootstrap: String,
    pub topic: String,
    pub group_id: String,
    pub group_instance_id: Option<String>,
    /// Negative: until stopped by a signal.
    pub max_messages: i64,
    pub session_timeout_ms: i32,
    pub enable_autocommit: bool,
    /// `earliest`, `latest` or `none`.
    pub reset_policy: String,
    /// librdkafka's name of the assignor (`range`, `roundrobin`, `cooperative-sticky`).
    pub assignment_strategy: String,
    pub verbose: bool,
    /// From --consumer.config; the flags above win over them, except `check.crcs`.
    pub properties: Vec<(String, String)>,
}

/// How long one wait for records lasts, so that a signal is seen promptly.
const POLL_SLICE: Duration = Duration::from_millis(100);
/// Records taken into one batch at most (Kafka's `max.poll.records` default).
const MAX_BATCH: usize = 500;

/// The consumer's context: every rebalance becomes an event.
struct EventContext {
    inner: KtContext,
    events: Events,
}

impl ClientContext for EventContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        self.inner.log(level, fac, message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.inner.error(error, reason);
    }
}

/// The `partitions` list of a rebalance event: topic and partition of each.
fn partition_list(tpl: &TopicPartitionList) -> String {
    let items: Vec<String> = tpl
        .elements()
        .iter()
        .map(|e| {
            ordered_object(&[
                ("topic", json!(e.topic())),
                ("partition", json!(e.partition())),
            ])
        })
        .collect();
    format!("[{}]", items.join(","))
}

impl ConsumerContext for EventContext {
    fn pre_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(tpl) = rebalance {
            print_event_json(
                &self.events,
                "partitions_revoked",
                &[("partitions", partition_list(tpl))],
            );
        }
    }
    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            print_event_json(
                &self.events,
                "partitions_assigned",
                &[("partitions", partition_list(tpl))],
            );
        }
    }
}

/// One partition's share of a poll batch.
struct PartitionRecords {
    count: u64,
    min_offset: i64,
    max_offset: i64,
}

/// Consumes, prints every event and returns once done or stopped by `stopping`; always ends
/// with `shutdown_complete`. A corrupt batch (CRC check failed) ends it with an error naming
/// the partition and offset.
pub fn run(
    settings: &VerifiableConsumerSettings,
    out: Box<dyn Write + Send>,
    stopping: impl Fn() -> bool,
) -> anyhow::Result<()> {
    let events: Events = Arc::new(Mutex::new(out));
    let mut config = client_config(&settings.bootstrap, &[]);
    corrupt_batch::check_crcs_by_default(&mut config);
    apply_properties(&mut config, &settings.properties);
    // The flags override the file, as in Kafka's tool.
    config
        .set("group.id", settings.group_id.as_str())
        .set("enable.auto.commit", settings.enable_autocommit.to_string())
        .set("auto.offset.reset", settings.reset_policy.as_str())
        .set(
            "session.timeout.ms",
            settings.session_timeout_ms.to_string(),
        )
        .set(
            "partition.assignment.strategy",
            settings.assignment_strategy.as_str(),
        );
    if let Some(id) = &settings.group_instance_id {
        config.set("group.instance.id", id.as_str());
    }
    let context = EventContext {
        inner: KtContext::default(),
        events: events.clone(),
    };
    let consumer: BaseConsumer<EventContext> = config
        .create_with_context(context)
        .context("cannot create the consumer")?;
    print_event(&events, "startup_complete", &[]);
    let result = consume(&consumer, settings, &events, stopping);
    // Leaves the group (a last revocation event) before the final line, as Kafka's close.
    drop(consumer);
    print_event(&events, "shutdown_complete", &[]);
    result
}

/// The polling proper: batches of what is fetched, each summarised and committed.
fn consume(
    consumer: &BaseConsumer<EventContext>,
    settings: &VerifiableConsumerSettings,
    events: &Events,
    stopping: impl Fn() -> bool,
) -> anyhow::Result<()> {
    consumer
        .subscribe(&[settings.topic.as_str()])
        .context("cannot subscribe")?;
    let limit = u64::try_from(settings.max_messages).ok();
    let mut consumed = 0u64;
    while limit.is_none_or(|m| consumed < m) && !stopping() {
        // A batch: what the first wait brings and whatever is already fetched behind it, up to
        // the limit, as one Java poll() returns.
        let mut batch: BTreeMap<(String, i32), PartitionRecords> = BTreeMap::new();
        let mut taken = 0usize;
        let mut wait = POLL_SLICE;
        while taken < MAX_BATCH && limit.is_none_or(|m| consumed + (taken as u64) < m) {
            match consumer.poll(wait) {
                None => break,
                Some(Ok(m)) => {
                    wait = Duration::ZERO;
                    taken += 1;
                    let entry = batch
                        .entry((m.topic().to_string(), m.partition()))
                        .or_insert(PartitionRecords {
                            count: 0,
                            min_offset: m.offset(),
                            max_offset: m.offset(),
                        });
                    entry.count += 1;
                    entry.min_offset = entry.min_offset.min(m.offset());
                    entry.max_offset = entry.max_offset.max(m.offset());
                    if settings.verbose {
                        let text =
                            |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
                        print_event_json(
                            events,
                            "record_data",
                            &[
                                ("key", json!(text(m.key())).to_string()),
                                ("value", json!(text(m.payload())).to_string()),
                                ("topic", json!(m.topic()).to_string()),
                                ("partition", json!(m.partition()).to_string()),
                                ("offset", json!(m.offset()).to_string()),
                            ],
                        );
                    }
                }
                Some(Err(KafkaError::PartitionEOF(_))) => {}
                Some(Err(e)) if corrupt_batch::is_corrupt_batch(&e) => {
                    // Records before the damaged batch are reported (and committed) first.
                    finish_batch(consumer, settings, events, &batch);
                    anyhow::bail!(corrupt_batch::corrupt_batch_message(consumer));
                }
                Some(Err(e)) => {
                    // Kafka's consumer throws on a refused login, ending the tool.
                    if let Some(failure) = consumer.context().inner.refused_login(&e) {
                        anyhow::bail!(failure.exception());
                    }
                    let reason = e
                        .rdkafka_error_code()
                        .map(crate::admin::client::error_text)
                        .unwrap_or_else(|| e.to_string());
                    consumer.context().inner.report_once(&reason);
                    break;
                }
            }
        }
        consumed += taken as u64;
        finish_batch(consumer, settings, events, &batch);
    }
    Ok(())
}

/// Prints a batch's `records_consumed` and, without auto-commit, commits it synchronously and
/// prints `offsets_committed` (Kafka commits after every poll, an empty one too).
fn finish_batch(
    consumer: &BaseConsumer<EventContext>,
    settings: &VerifiableConsumerSettings,
    events: &Events,
    batch: &BTreeMap<(String, i32), PartitionRecords>,
) {
    if batch.is_empty() {
        // Kafka prints an empty summary and commits nothing for an empty poll; kt's short
        // waits would flood the output with those, so they are left out.
        return;
    }
    let total: u64 = batch.values().map(|p| p.count).sum();
    let summaries: Vec<String> = batch
        .iter()
        .map(|((topic, partition), p)| {
            ordered_object(&[
                ("topic", json!(topic)),
                ("partition", json!(partition)),
                ("count", json!(p.count)),
                ("minOffset", json!(p.min_offset)),
                ("maxOffset", json!(p.max_offset)),
            ])
        })
        .collect();
    print_event_json(
        events,
        "records_consumed",
        &[
            ("count", total.to_string()),
            ("partitions", format!("[{}]", summaries.join(","))),
        ],
    );
    if settings.enable_autocommit {
        // librdkafka stores each polled record's next offset and commits it in the background.
        return;
    }
    let mut tpl = TopicPartitionList::new();
    let mut committed = Vec::new();
    for ((topic, partition), p) in batch {
        let _ = tpl.add_partition_offset(topic, *partition, Offset::Offset(p.max_offset + 1));
        committed.push(ordered_object(&[
            ("topic", json!(topic)),
            ("partition", json!(partition)),
            ("offset", json!(p.max_offset + 1)),
        ]));
    }
    let offsets = format!("[{}]", committed.join(","));
    match consumer.commit(&tpl, CommitMode::Sync) {
        Ok(()) => print_event_json(
            events,
            "offsets_committed",
            &[("offsets", offsets), ("success", "true".into())],
        ),
        Err(e) => print_event_json(
            events,
            "offsets_committed",
            &[
                ("offsets", offsets),
                ("error", json!(e.to_string()).to_string()),
                ("success", "false".into()),
            ],
        ),
    }
}
