//! `kt dump-log`: kafka-dump-log.sh over segment files. Batch lines come from the storage
//! module's batch header reader and the check the broker runs on its own batches
//! (`storage::verify_batch`); records are decoded (decompressed if need be) with
//! `kafka-protocol`, as the broker's storage does for timestamp look-ups.
//!
//! A damaged batch is shown as Kafka's tool shows it: its line says `isvalid: false` (with
//! the stored crc) and the dump goes on; with `--deep-iteration` its records are printed as
//! stored when they can still be decoded. Then, as for non-consecutive offsets, stderr lists
//! each damaged batch of the file with its offset, position and what is wrong, so the damage
//! is not lost in a long dump. A header that cannot be read ends the file's dump, as in
//! Kafka, with `Found N invalid bytes at the end of ...`.

use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use anyhow::Context;
use clap::Args;

use kt_storage::{stamp_crc, verify_batch, BatchHeader, CorruptBatch, TimestampType, HEADER_SIZE};

/// Flags of `kt dump-log`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt dump-log --files /tmp/kafka-logs/my-topic-0/00000000000000000000.log --print-data-log"
)]
pub struct DumpLogArgs {
    /// REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex,
    /// .snapshot).
    #[arg(long, value_name = "FILES", value_delimiter = ',', required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Print each record's key and value (implies --deep-iteration).
    #[arg(long)]
    pub print_data_log: bool,
    /// Print a line per record, not only per batch.
    #[arg(long)]
    pub deep_iteration: bool,
    /// Decode records as transaction metadata of the __transaction_state topic (implies
    /// --print-data-log).
    #[arg(long)]
    pub transaction_log_decoder: bool,
    /// With record lines: leave out offset, timestamp, sizes, sequence and header keys.
    #[arg(long)]
    pub skip_record_metadata: bool,
    /// Check .index and .timeindex files against their .log without printing their entries
    /// (mismatches are reported on stderr either way).
    #[arg(long)]
    pub verify_index_only: bool,
    /// Read at most this many bytes of each .log file.
    #[arg(
        long,
        value_name = "N",
        default_value_t = i32::MAX,
        allow_negative_numbers = true
    )]
    pub max_bytes: i32,
}

/// Runs `kt dump-log`; returns the exit code.
pub fn run(args: DumpLogArgs) -> i32 {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for file in &args.files {
        let result = dump_file(&mut out, file, &args);
        let _ = out.flush();
        if let Err(e) = result {
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return 0;
            }
            eprintln!("error: {e:#}");
            return 1;
        }
    }
    0
}

fn dump_file(out: &mut impl Write, path: &Path, args: &DumpLogArgs) -> anyhow::Result<()> {
    writeln!(out, "Dumping {}", path.display())?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base: Option<i64> = name.split('.').next().and_then(|s| s.parse().ok());
    match path.extension().and_then(|e| e.to_str()) {
        Some("log") => dump_log(out, path, base, args),
        Some("index") => dump_index(out, path, base.unwrap_or(0), args.verify_index_only),
        Some("timeindex") => dump_time_index(out, path, base.unwrap_or(0), args.verify_index_only),
        Some("txnindex") => dump_txn_index(out, path),
        Some("snapshot") => dump_producer_snapshot(out, path),
        _ => {
            eprintln!("Ignoring unknown file {}", path.display());
            Ok(())
        }
    }
}

fn codec_name(id: u8) -> &'static str {
    match id {
        0 => "none",
        1 => "gzip",
        2 => "snappy",
        3 => "lz4",
        4 => "zstd",
        _ => "unknown",
    }
}

fn timestamp_type_name(t: TimestampType) -> &'static str {
    match t {
        TimestampType::CreateTime => "CreateTime",
        TimestampType::LogAppendTime => "LogAppendTime",
    }
}

/// Attribute bit 6: the batch carries a delete horizon (its base timestamp).
const DELETE_HORIZON_BIT: i16 = 0x40;

/// The line kafka-dump-log prints for a batch.
fn batch_line(h: &BatchHeader, position: u64, valid: bool) -> String {
    let last_sequence = if h.base_sequence < 0 {
        -1
    } else {
        h.base_sequence.wrapping_add(h.last_offset_delta)
    };
    let delete_horizon = if h.attributes & DELETE_HORIZON_BIT != 0 {
        format!("OptionalLong[{}]", h.base_timestamp)
    } else {
        "OptionalLong.empty".to_string()
    };
    format!(
        "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {last_sequence} producerId: {} producerEpoch: {} partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {delete_horizon} position: {position} {}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {valid}",
        h.base_offset,
        h.last_offset(),
        h.record_count,
        h.base_sequence,
        h.producer_id,
        h.producer_epoch,
        h.partition_leader_epoch,
        h.is_transactional(),
        h.is_control(),
        timestamp_type_name(h.timestamp_type()),
        h.max_timestamp,
        h.total_size(),
        h.magic,
        codec_name(h.compression()),
        h.crc,
    )
}

fn dump_log(
    out: &mut impl Write,
    path: &Path,
    base: Option<i64>,
    args: &DumpLogArgs,
) -> anyhow::Result<()> {
    if let Some(b) = base {
        writeln!(out, "Log starting offset: {b}")?;
    }
    // Kafka slices the file to --max-bytes, and a negative size fails the slice.
    let Ok(max_bytes) = u64::try_from(args.max_bytes) else {
        anyhow::bail!(
            "Invalid size: {} in read from {}",
            args.max_bytes,
            path.display()
        );
    };
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let size = file.metadata()?.len();
    let end = size.min(max_bytes);
    let deep = args.deep_iteration || args.print_data_log || args.transaction_log_decoder;
    let mut position = 0u64;
    let mut header = [0u8; HEADER_SIZE];
    let mut non_consecutive: Vec<(i64, i64)> = Vec::new();
    let mut damaged: Vec<CorruptBatch> = Vec::new();
    let mut last_offset = -1i64;
    let mut next_offset = base.unwrap_or(0);
    while position + HEADER_SIZE as u64 <= end {
        file.read_exact_at(&mut header, position)?;
        let h = match BatchHeader::parse(&header) {
            Ok(h) => h,
            Err(cause) => {
                damaged.push(CorruptBatch {
                    offset: next_offset,
                    position,
                    cause,
                });
                break;
            }
        };
        let total = h.total_size() as u64;
        if position + total > end {
            break;
        }
        let mut batch = vec![0u8; total as usize];
        file.read_exact_at(&mut batch, position)?;
        // Kafka's isvalid is about the bytes alone (size and CRC): no offset expectation.
        let check = verify_batch(&batch, position, i64::MIN);
        writeln!(out, "{}", batch_line(&h, position, check.is_ok()))?;
        let valid = check.is_ok();
        if let Err(e) = check {
            damaged.push(e);
        }
        next_offset = h.next_offset();
        if deep {
            if !valid {
                // Decode what is stored, as Kafka's deep iteration does for an invalid batch:
                // the decoder checks the CRC, so it is given one that matches.
                stamp_crc(&mut batch);
            }
            let mut bytes = bytes::Bytes::from(batch);
            match kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes) {
                Ok(set) => {
                    for r in &set.records {
                        if last_offset != -1 && r.offset != last_offset + 1 {
                            non_consecutive.push((last_offset, r.offset));
                        }
                        last_offset = r.offset;
                        record_line(out, &h, r, args)?;
                    }
                }
                Err(e) if !valid => {
                    out.flush()?;
                    eprintln!(
                        "The records of the corrupt batch at position {position} cannot be decoded: {e}"
                    );
                }
                Err(e) => anyhow::bail!(
                    "cannot decode the records of the batch at position {position}: {e}"
                ),
            }
        }
        position += total;
    }
    let trailing = size.saturating_sub(position);
    if trailing > 0 && args.max_bytes == i32::MAX {
        writeln!(
            out,
            "Found {trailing} invalid bytes at the end of {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        )?;
    }
    if !damaged.is_empty() {
        out.flush()?;
        eprintln!("Corrupt record batches in {}", path.display());
        for e in &damaged {
            eprintln!("  {e}");
        }
    }
    if !non_consecutive.is_empty() {
        out.flush()?;
        eprintln!("Non-consecutive offsets in {}", path.display());
        for (a, b) in non_consecutive {
            eprintln!("  {a} is followed by {b}");
        }
    }
    Ok(())
}

/// A record line: `| offset: N CreateTime: T keySize: K valueSize: V sequence: S headerKeys: [..]`
/// then ` key: K payload: V` with --print-data-log.
fn record_line(
    out: &mut impl Write,
    h: &BatchHeader,
    r: &kafka_protocol::records::Record,
    args: &DumpLogArgs,
) -> io::Result<()> {
    let mut prefix = "| ";
    if !args.skip_record_metadata {
        let timestamp = match h.timestamp_type() {
            TimestampType::LogAppendTime => h.max_timestamp,
            TimestampType::CreateTime => r.timestamp,
        };
        let size = |b: &Option<bytes::Bytes>| b.as_ref().map_or(-1, |b| b.len() as i64);
        let sequence = if h.base_sequence < 0 {
            -1
        } else {
            h.base_sequence
                .wrapping_add((r.offset - h.base_offset) as i32)
        };
        let keys: Vec<&str> = r.headers.keys().map(|k| k.as_str()).collect();
        write!(
            out,
            "{prefix}offset: {} {}: {timestamp} keySize: {} valueSize: {} sequence: {sequence} headerKeys: [{}]",
            r.offset,
            timestamp_type_name(h.timestamp_type()),
            size(&r.key),
            size(&r.value),
            keys.join(",")
        )?;
        prefix = " ";
        if h.is_control() {
            control_fields(out, r)?;
        }
    }
    if args.transaction_log_decoder && !h.is_control() {
        let (key, payload) = transaction_log_fields(r);
        write!(out, "{prefix}key: {key}")?;
        if let Some(payload) = payload {
            write!(out, " payload: {payload}")?;
        }
    } else if args.print_data_log && !h.is_control() {
        if let Some(k) = &r.key {
            write!(out, "{prefix}key: {}", String::from_utf8_lossy(k))?;
        }
        if let Some(v) = &r.value {
            write!(out, " payload: {}", String::from_utf8_lossy(v))?;
        }
    }
    writeln!(out)
}

/// A `__transaction_state` record as Kafka's `TransactionLog.formatRecordKeyAndValue` shows
/// it: `transaction_metadata::transactionalId=ID` and the metadata (`<DELETE>` for a
/// tombstone), or `unknown::version=N` for a key of another version.
fn transaction_log_fields(r: &kafka_protocol::records::Record) -> (String, Option<String>) {
    use kt_broker::txn::records::{decode_key, decode_value};
    let key = r.key.as_deref().unwrap_or_default();
    let Ok(id) = decode_key(key) else {
        let version = if key.len() >= 2 {
            i16::from_be_bytes([key[0], key[1]])
        } else {
            -1
        };
        return (format!("unknown::version={version}"), None);
    };
    let payload = match r.value.as_deref() {
        None => "<DELETE>".to_string(),
        Some(value) => match decode_value(&id, value) {
            Ok(m) => {
                let partitions: Vec<String> = m
                    .partitions
                    .iter()
                    .map(|(t, p)| format!("{t}-{p}"))
                    .collect();
                format!(
                    "producerId:{},producerEpoch:{},state={:?},partitions=[{}],\
                     txnLastUpdateTimestamp={},txnTimeoutMs={}",
                    m.producer_id,
                    m.producer_epoch,
                    m.state,
                    partitions.join(","),
                    m.last_update_ms,
                    m.timeout_ms
                )
            }
            Err(e) => format!("<cannot decode: {e}>"),
        },
    };
    (
        format!("transaction_metadata::transactionalId={id}"),
        Some(payload),
    )
}

/// A `.txnindex` file: a line per aborted transaction, as kafka-dump-log prints them.
fn dump_txn_index(out: &mut impl Write, path: &Path) -> anyhow::Result<()> {
    let entries = kt_storage::read_txn_index(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    for e in entries {
        writeln!(
            out,
            "version: 0 producerId: {} firstOffset: {} lastOffset: {} lastStableOffset: {}",
            e.producer_id, e.first_offset, e.last_offset, e.last_stable_offset
        )?;
    }
    Ok(())
}

/// A producer-state `.snapshot` file: a line per producer, as kafka-dump-log prints them; a
/// corrupt snapshot is reported on stderr (Kafka's `CorruptSnapshotException` text).
fn dump_producer_snapshot(out: &mut impl Write, path: &Path) -> anyhow::Result<()> {
    let entries = match kt_storage::read_snapshot(path)
        .with_context(|| format!("cannot read {}", path.display()))?
    {
        Ok(entries) => entries,
        Err(reason) => {
            out.flush()?;
            eprintln!("{reason}");
            return Ok(());
        }
    };
    for e in entries {
        let txn = if e.current_txn_first_offset >= 0 {
            format!("OptionalLong[{}]", e.current_txn_first_offset)
        } else {
            "OptionalLong.empty".to_string()
        };
        write!(
            out,
            "producerId: {} producerEpoch: {} coordinatorEpoch: {} currentTxnFirstOffset: {txn} \
             lastTimestamp: {} ",
            e.producer_id, e.epoch, e.coordinator_epoch, e.timestamp
        )?;
        if e.last_offset >= 0 {
            let first = (i64::from(e.last_sequence) - i64::from(e.offset_delta))
                .rem_euclid(i64::from(i32::MAX) + 1);
            write!(
                out,
                "firstSequence: {first} lastSequence: {} lastOffset: {} offsetDelta: {} \
                 timestamp: {}",
                e.last_sequence, e.last_offset, e.offset_delta, e.timestamp
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Transaction markers: `endTxnMarker: COMMIT coordinatorEpoch: N`; other control records by
/// type id.
fn control_fields(out: &mut impl Write, r: &kafka_protocol::records::Record) -> io::Result<()> {
    let key = r.key.as_deref().unwrap_or_default();
    let type_id = if key.len() >= 4 {
        i16::from_be_bytes([key[2], key[3]])
    } else {
        -1
    };
    let value = r.value.as_deref().unwrap_or_default();
    match type_id {
        0 | 1 if value.len() >= 6 => {
            let epoch = i32::from_be_bytes([value[2], value[3], value[4], value[5]]);
            let kind = if type_id == 0 { "ABORT" } else { "COMMIT" };
            write!(out, " endTxnMarker: {kind} coordinatorEpoch: {epoch}")
        }
        t => write!(out, " controlType: UNKNOWN({t})"),
    }
}

/// Entries of a sparse index until the first all-zero slot after the first entry.
fn index_entries(path: &Path, width: usize) -> anyhow::Result<Vec<Vec<u8>>> {
    let data = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut entries = Vec::new();
    for (i, chunk) in data.chunks_exact(width).enumerate() {
        if i > 0 && chunk.iter().all(|b| *b == 0) {
            break;
        }
        entries.push(chunk.to_vec());
    }
    Ok(entries)
}

/// The `(offset, position)` entries of an offset index.
fn offset_entries(path: &Path, base: i64) -> anyhow::Result<Vec<(i64, u64)>> {
    Ok(index_entries(path, 8)?
        .iter()
        .map(|e| {
            let rel = i32::from_be_bytes([e[0], e[1], e[2], e[3]]);
            let pos = u32::from_be_bytes([e[4], e[5], e[6], e[7]]);
            (base + i64::from(rel), u64::from(pos))
        })
        .collect())
}

/// The header of the batch at `position` of a segment file, if one can be read there.
fn batch_at(log: &File, position: u64) -> Option<BatchHeader> {
    let mut header = [0u8; HEADER_SIZE];
    log.read_exact_at(&mut header, position).ok()?;
    BatchHeader::parse(&header).ok()
}

/// The segment file an index belongs to (same base offset, `.log`), opened to verify the
/// index against; says on stderr when there is none, as nothing can then be verified.
fn segment_of(index: &Path) -> Option<File> {
    let log = index.with_extension("log");
    match File::open(&log) {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!(
                "Cannot verify {} against {}: {e}",
                index.display(),
                log.display()
            );
            None
        }
    }
}

/// A path as Kafka's summaries name files: absolute.
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `.index`: `offset: N position: P` per entry (relative offset + base), unless
/// `--verify-index-only`. As in Kafka's tool, each entry is checked against the segment: the
/// batch at its position must end at its offset; mismatches go to stderr.
fn dump_index(
    out: &mut impl Write,
    path: &Path,
    base: i64,
    verify_only: bool,
) -> anyhow::Result<()> {
    let entries = offset_entries(path, base)?;
    if entries.is_empty() {
        writeln!(out, "{} is empty.", path.display())?;
        return Ok(());
    }
    let log = segment_of(path);
    let mut mismatches = Vec::new();
    for &(offset, position) in &entries {
        if let Some(log) = &log {
            let found = batch_at(log, position).map_or(-1, |h| h.last_offset());
            if found != offset {
                mismatches.push((offset, found));
            }
        }
        if !verify_only {
            writeln!(out, "offset: {offset} position: {position}")?;
        }
    }
    if !mismatches.is_empty() {
        out.flush()?;
        eprintln!("Mismatches in :{}", absolute(path));
        for (index, log) in mismatches {
            eprintln!("  Index offset: {index}, log offset: {log}");
        }
    }
    Ok(())
}

/// `.timeindex`: `timestamp: T offset: N` per entry, unless `--verify-index-only`. As in
/// Kafka's tool, each entry is checked against the segment (found through the offset index):
/// a batch must end at its offset with its timestamp as max timestamp, and timestamps must
/// grow; what fails goes to stderr in Kafka's words.
fn dump_time_index(
    out: &mut impl Write,
    path: &Path,
    base: i64,
    verify_only: bool,
) -> anyhow::Result<()> {
    let entries: Vec<(i64, i64)> = index_entries(path, 12)?
        .iter()
        .map(|e| {
            let ts = i64::from_be_bytes(e[0..8].try_into().unwrap_or_default());
            let rel = i32::from_be_bytes([e[8], e[9], e[10], e[11]]);
            (ts, base + i64::from(rel))
        })
        .collect();
    let log = if entries.is_empty() {
        None
    } else {
        segment_of(path)
    };
    let offsets = offset_entries(&path.with_extension("index"), base).unwrap_or_default();
    let (mut mismatches, mut out_of_order, mut not_found) = (Vec::new(), Vec::new(), Vec::new());
    let mut previous = -1i64;
    for &(timestamp, offset) in &entries {
        if let Some(log) = &log {
            let mut position = offsets
                .iter()
                .rev()
                .find(|(o, _)| *o <= offset)
                .map_or(0, |(_, p)| *p);
            let batch = loop {
                match batch_at(log, position) {
                    Some(h) if h.last_offset() < offset => position += h.total_size() as u64,
                    other => break other,
                }
            };
            match batch {
                None => not_found.push((offset, -1)),
                Some(h) if h.last_offset() != offset => not_found.push((offset, h.last_offset())),
                Some(h) => {
                    if h.max_timestamp != timestamp {
                        mismatches.push((timestamp, h.max_timestamp));
                    }
                    if previous >= timestamp {
                        out_of_order.push((timestamp, previous));
                    }
                }
            }
        }
        if !verify_only {
            writeln!(out, "timestamp: {timestamp} offset: {offset}")?;
        }
        previous = timestamp;
    }
    if !(mismatches.is_empty() && out_of_order.is_empty() && not_found.is_empty()) {
        out.flush()?;
    }
    if !mismatches.is_empty() {
        eprintln!("Found timestamp mismatch in :{}", absolute(path));
        for (index, log) in mismatches {
            eprintln!("  Index timestamp: {index}, log timestamp: {log}");
        }
    }
    if !out_of_order.is_empty() {
        eprintln!("Found out of order timestamp in :{}", absolute(path));
        for (index, previous) in out_of_order {
            eprintln!("  Index timestamp: {index}, Previously indexed timestamp: {previous}");
        }
    }
    if !not_found.is_empty() {
        eprintln!("The following indexed offsets are not found in the log.");
        for (index, log) in not_found {
            eprintln!("Indexed offset: {index}, found log offset: {log}");
        }
    }
    Ok(())
}
