//! FileStreamSource: each line appended to a file becomes a record of a topic (key null,
//! value the line as a string). The source offset is the byte position after the last line
//! sent (`{"position": N}` under `{"filename": FILE}`); it is stored only after the producer
//! got the target's acknowledgement of every line before it, so a restart copies nothing
//! twice after a clean stop, and loses nothing after a crash (it may repeat the lines since
//! the last flush, as Kafka's worker does).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};

use super::converter::Converter;
use super::offsets::{self, OffsetStore};
use super::Worker;
use crate::mirror::delivery::Deliveries;

/// How long the task waits for more lines at the end of the file (Kafka's waits 1 s; kt
/// looks more often, so an appended line shows up sooner).
const IDLE: Duration = Duration::from_millis(250);

/// What a FileStreamSource task needs.
pub struct SourceTask {
    pub name: String,
    /// `file`: the file to follow (`None`: standard input, without offsets).
    pub file: Option<PathBuf>,
    pub topic: String,
    pub key_converter: Converter,
    pub value_converter: Converter,
}

/// Splits the complete lines off the front of `buf` (`\n`, `\r\n` or a lone `\r` end a
/// line, as in Kafka's task; a `\r` at the very end waits for the next byte). Returns the
/// lines and the bytes they took, separators included.
pub fn take_lines(buf: &[u8]) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < buf.len() {
        match buf[i] {
            b'\n' => {
                lines.push(String::from_utf8_lossy(&buf[start..i]).into_owned());
                i += 1;
                start = i;
            }
            b'\r' => {
                if i + 1 >= buf.len() {
                    break;
                }
                lines.push(String::from_utf8_lossy(&buf[start..i]).into_owned());
                i += if buf[i + 1] == b'\n' { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    (lines, start)
}

impl SourceTask {
    /// Runs until `stop`, then flushes and stores the offset.
    pub fn run(
        &self,
        worker: &Worker,
        store: &OffsetStore,
        stop: &Arc<AtomicBool>,
    ) -> anyhow::Result<()> {
        let mut props = vec![("acks".to_string(), "all".to_string())];
        props.extend(worker.prefixed("producer."));
        let producer: BaseProducer<Deliveries> =
            crate::admin::client::client_config(&worker.bootstrap, &props)
                .create_with_context(Deliveries::default())
                .context("cannot create the producer")?;
        let key = self.file.as_ref().map(|f| {
            offsets::key(
                &self.name,
                &serde_json::json!({"filename": f.display().to_string()}),
            )
        });
        let mut position: u64 = key
            .as_ref()
            .and_then(|k| store.get(k))
            .and_then(|v| v.get("position").and_then(|p| p.as_u64()))
            .unwrap_or(0);
        let mut stored = position;
        let mut input: Option<Box<dyn Read>> = None;
        let mut pending: Vec<u8> = Vec::new();
        let mut warned = false;
        let mut last_flush = Instant::now();
        let mut chunk = vec![0u8; 64 * 1024];
        while !stop.load(Ordering::SeqCst) {
            if input.is_none() {
                match &self.file {
                    None => input = Some(Box::new(std::io::stdin())),
                    Some(path) => match File::open(path) {
                        Ok(mut f) => {
                            f.seek(SeekFrom::Start(position))
                                .with_context(|| format!("cannot seek in {}", path.display()))?;
                            input = Some(Box::new(f));
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            if !warned {
                                tracing::warn!(
                                    "Couldn't find file {} for FileStreamSourceTask, sleeping to wait for it to be created",
                                    path.display()
                                );
                                warned = true;
                            }
                            std::thread::sleep(IDLE);
                            continue;
                        }
                        Err(e) => {
                            return Err(e).with_context(|| {
                                format!("Error while trying to open file {}", path.display())
                            })
                        }
                    },
                }
            }
            let reader = input.as_mut().expect("opened above");
            let n = reader
                .read(&mut chunk)
                .context("cannot read the source file")?;
            if n > 0 {
                pending.extend_from_slice(&chunk[..n]);
                let (lines, used) = take_lines(&pending);
                pending.drain(..used);
                for line in &lines {
                    self.send(&producer, line)?;
                }
                position += used as u64;
            } else {
                producer.poll(Duration::ZERO);
                std::thread::sleep(IDLE);
            }
            if last_flush.elapsed() >= worker.flush_interval {
                self.commit(&producer, store, key.as_deref(), position, &mut stored)?;
                last_flush = Instant::now();
            }
        }
        self.commit(&producer, store, key.as_deref(), position, &mut stored)
    }

    fn send(&self, producer: &BaseProducer<Deliveries>, line: &str) -> anyhow::Result<()> {
        let value = self.value_converter.from_connect(Some(line));
        let key = self.key_converter.from_connect(None);
        let mut record: BaseRecord<'_, Vec<u8>, Vec<u8>> =
            BaseRecord::to(&self.topic).timestamp(chrono::Utc::now().timestamp_millis());
        if let Some(v) = value.as_ref() {
            record = record.payload(v);
        }
        if let Some(k) = key.as_ref() {
            record = record.key(k);
        }
        loop {
            match producer.send(record) {
                Ok(()) => return Ok(()),
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    producer.poll(Duration::from_millis(10));
                }
                Err((e, _)) => anyhow::bail!("cannot send to topic {}: {e}", self.topic),
            }
        }
    }

    /// Waits for the acknowledgement of every line sent, then stores the position after them.
    fn commit(
        &self,
        producer: &BaseProducer<Deliveries>,
        store: &OffsetStore,
        key: Option<&str>,
        position: u64,
        stored: &mut u64,
    ) -> anyhow::Result<()> {
        producer
            .flush(Duration::from_secs(30))
            .context("the target did not acknowledge the records in time; offsets not stored")?;
        // A record the target refused for good fails the task (Kafka's errors.tolerance=none)
        // before the offset moves past it.
        if let Some(failure) = producer.context().failure() {
            anyhow::bail!("{failure}");
        }
        if let Some(key) = key {
            if position != *stored {
                store.put(key, &serde_json::json!({"position": position}))?;
                *stored = position;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_newlines_and_carriage_returns() {
        assert_eq!(
            take_lines(b"a\nb\r\nc\rd"),
            (vec!["a".into(), "b".into(), "c".into()], 7)
        );
        // A trailing \r may be the start of \r\n: wait for the next byte.
        assert_eq!(take_lines(b"a\r"), (vec![], 0));
        assert_eq!(take_lines(b"partial"), (vec![], 0));
    }
}
