//! FileStreamSink: every record of the topics is written to a file as one line (its value,
//! through the converter), appended. The consumed offsets are committed to the connector's
//! group (`connect-<name>`) only after the file was flushed, so a restart continues after
//! the last line written.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use super::converter::Converter;
use super::Worker;
use crate::admin::client::KtContext;
use crate::console::corrupt_batch;

/// What a FileStreamSink task needs.
pub struct SinkTask {
    pub name: String,
    /// `file`: where the lines go (`None`: standard output).
    pub file: Option<PathBuf>,
    /// `topics`, or `topics.regex` as a librdkafka pattern (`^...`).
    pub topics: Vec<String>,
    pub value_converter: Converter,
}

impl SinkTask {
    /// Runs until `stop`, then flushes the file and commits.
    pub fn run(&self, worker: &Worker, stop: &Arc<AtomicBool>) -> anyhow::Result<()> {
        let mut props = vec![
            ("group.id".to_string(), format!("connect-{}", self.name)),
            // Connect's sink consumers start at the beginning of a topic.
            ("auto.offset.reset".to_string(), "earliest".to_string()),
            // A topic the source creates a moment after this subscribes is found within
            // seconds, not at librdkafka's five-minute metadata refresh.
            (
                "topic.metadata.refresh.interval.ms".to_string(),
                "2000".to_string(),
            ),
        ];
        props.extend(worker.prefixed("consumer."));
        props.push(("enable.auto.commit".to_string(), "false".to_string()));
        let mut config = crate::admin::client::client_config(&worker.bootstrap, &[]);
        corrupt_batch::check_crcs_by_default(&mut config);
        crate::admin::client::apply_properties(&mut config, &props);
        let consumer: BaseConsumer<KtContext> = config
            .create_with_context(KtContext::default())
            .context("cannot create the consumer")?;
        let topics: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        consumer.subscribe(&topics).context("cannot subscribe")?;
        let mut out: Box<dyn Write> = match &self.file {
            Some(path) => Box::new(std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .with_context(|| {
                        format!(
                            "Couldn't find or create file '{}' for FileStreamSinkTask",
                            path.display()
                        )
                    })?,
            )),
            None => Box::new(std::io::stdout()),
        };
        let mut offsets: HashMap<(String, i32), i64> = HashMap::new();
        let mut last_flush = Instant::now();
        let result = (|| -> anyhow::Result<()> {
            while !stop.load(Ordering::SeqCst) {
                match consumer.poll(Duration::from_millis(200)) {
                    None => {}
                    Some(Ok(m)) => {
                        let line = self
                            .value_converter
                            .to_connect(m.payload())
                            .map_err(|e| anyhow::anyhow!("{e}"))
                            .with_context(|| {
                                format!(
                                    "cannot convert the record of {}-{} at offset {}",
                                    m.topic(),
                                    m.partition(),
                                    m.offset()
                                )
                            })?;
                        writeln!(out, "{line}").context("cannot write the sink file")?;
                        offsets.insert((m.topic().to_string(), m.partition()), m.offset() + 1);
                    }
                    Some(Err(e)) if corrupt_batch::is_corrupt_batch(&e) => {
                        anyhow::bail!(corrupt_batch::corrupt_batch_message(&consumer));
                    }
                    Some(Err(e)) => consumer.context().report_once(&e.to_string()),
                }
                if last_flush.elapsed() >= worker.flush_interval {
                    commit(&consumer, out.as_mut(), &mut offsets)?;
                    last_flush = Instant::now();
                }
            }
            Ok(())
        })();
        // What was written before a failure is flushed and committed too.
        let committed = commit(&consumer, out.as_mut(), &mut offsets);
        result.and(committed)
    }
}

/// Flushes the file, then commits the offsets of what it holds.
fn commit(
    consumer: &BaseConsumer<KtContext>,
    out: &mut dyn Write,
    offsets: &mut HashMap<(String, i32), i64>,
) -> anyhow::Result<()> {
    out.flush().context("cannot flush the sink file")?;
    if offsets.is_empty() {
        return Ok(());
    }
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), offset) in offsets.iter() {
        tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))?;
    }
    if let Err(e) = consumer.commit(&tpl, CommitMode::Sync) {
        tracing::warn!("Commit of offsets failed: {e}");
    }
    offsets.clear();
    Ok(())
}
