//! The records of `__transaction_state` in Kafka 3.9's schemas (`TransactionLogKey` v0,
//! `TransactionLogValue` v0), each prefixed with its int16 version, so Kafka's tools
//! (`kafka-dump-log --transaction-log-decoder`) read kt's log and kt replays Kafka's.

use std::collections::BTreeSet;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::state::{TxnMetadata, TxnState, NO_EPOCH};

/// Why a stored record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("record truncated")]
    Truncated,
    #[error("unknown {what} version {version}")]
    Version { what: &'static str, version: i16 },
    #[error("unknown transaction status {0}")]
    Status(i8),
    #[error("string is not UTF-8")]
    Utf8,
}

/// The key of a transactional id's record.
pub fn encode_key(transactional_id: &str) -> Bytes {
    let mut buf = BytesMut::with_capacity(4 + transactional_id.len());
    buf.put_i16(0);
    put_string(&mut buf, transactional_id);
    buf.freeze()
}

/// The transactional id a key names.
pub fn decode_key(mut buf: &[u8]) -> Result<String, RecordError> {
    let version = get_i16(&mut buf)?;
    if version != 0 {
        return Err(RecordError::Version {
            what: "TransactionLogKey",
            version,
        });
    }
    get_string(&mut buf)
}

/// The value of a transactional id's record (v0, what Kafka 3.9 writes). An Empty
/// transaction stores no partition list (null), as Kafka's `TransactionLog.valueToBytes`.
pub fn encode_value(m: &TxnMetadata) -> Bytes {
    let mut buf = BytesMut::with_capacity(64);
    buf.put_i16(0);
    buf.put_i64(m.producer_id);
    buf.put_i16(m.producer_epoch);
    buf.put_i32(m.timeout_ms);
    buf.put_i8(m.state.id());
    if m.state == TxnState::Empty {
        buf.put_i32(-1);
    } else {
        let mut topics: Vec<(&str, Vec<i32>)> = Vec::new();
        for (topic, p) in &m.partitions {
            match topics.last_mut() {
                Some((t, ps)) if *t == topic.as_str() => ps.push(*p),
                _ => topics.push((topic, vec![*p])),
            }
        }
        buf.put_i32(topics.len() as i32);
        for (topic, partitions) in topics {
            put_string(&mut buf, topic);
            buf.put_i32(partitions.len() as i32);
            for p in partitions {
                buf.put_i32(p);
            }
        }
    }
    buf.put_i64(m.last_update_ms);
    buf.put_i64(m.start_ms);
    buf.freeze()
}

/// The metadata a value holds (v0, or v1 whose tagged fields are skipped).
pub fn decode_value(transactional_id: &str, mut buf: &[u8]) -> Result<TxnMetadata, RecordError> {
    let version = get_i16(&mut buf)?;
    if version != 0 {
        // v1 is flexible (compact strings and arrays); Kafka 3.9 never writes it.
        return Err(RecordError::Version {
            what: "TransactionLogValue",
            version,
        });
    }
    let producer_id = get_i64(&mut buf)?;
    let producer_epoch = get_i16(&mut buf)?;
    let timeout_ms = get_i32(&mut buf)?;
    let status = get_i8(&mut buf)?;
    let state = TxnState::from_id(status).ok_or(RecordError::Status(status))?;
    let mut partitions = BTreeSet::new();
    let topics = get_i32(&mut buf)?;
    for _ in 0..topics.max(0) {
        let topic = get_string(&mut buf)?;
        let count = get_i32(&mut buf)?;
        for _ in 0..count.max(0) {
            partitions.insert((topic.clone(), get_i32(&mut buf)?));
        }
    }
    let last_update_ms = get_i64(&mut buf)?;
    let start_ms = get_i64(&mut buf)?;
    Ok(TxnMetadata {
        transactional_id: transactional_id.to_string(),
        producer_id,
        last_producer_id: -1,
        producer_epoch,
        last_producer_epoch: NO_EPOCH,
        timeout_ms,
        state,
        partitions,
        start_ms,
        last_update_ms,
    })
}

fn put_string(buf: &mut BytesMut, s: &str) {
    buf.put_i16(s.len() as i16);
    buf.put_slice(s.as_bytes());
}

fn need(buf: &[u8], n: usize) -> Result<(), RecordError> {
    if buf.remaining() < n {
        Err(RecordError::Truncated)
    } else {
        Ok(())
    }
}

fn get_i8(buf: &mut &[u8]) -> Result<i8, RecordError> {
    need(buf, 1)?;
    Ok(buf.get_i8())
}

fn get_i16(buf: &mut &[u8]) -> Result<i16, RecordError> {
    need(buf, 2)?;
    Ok(buf.get_i16())
}

fn get_i32(buf: &mut &[u8]) -> Result<i32, RecordError> {
    need(buf, 4)?;
    Ok(buf.get_i32())
}

fn get_i64(buf: &mut &[u8]) -> Result<i64, RecordError> {
    need(buf, 8)?;
    Ok(buf.get_i64())
}

fn get_string(buf: &mut &[u8]) -> Result<String, RecordError> {
    let len = get_i16(buf)?;
    let len = usize::try_from(len).map_err(|_| RecordError::Truncated)?;
    need(buf, len)?;
    let s = std::str::from_utf8(&buf[..len])
        .map_err(|_| RecordError::Utf8)?
        .to_string();
    buf.advance(len);
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_round_trip() {
        let key = encode_key("my-txn");
        assert_eq!(&key[..], b"\x00\x00\x00\x06my-txn");
        assert_eq!(decode_key(&key).unwrap(), "my-txn");
        let mut m = TxnMetadata::new("my-txn", 1000, 60_000, 5);
        m.producer_epoch = 3;
        m.state = TxnState::Ongoing;
        m.start_ms = 4;
        m.partitions.insert(("a".into(), 1));
        m.partitions.insert(("a".into(), 0));
        m.partitions.insert(("b".into(), 2));
        let value = encode_value(&m);
        assert_eq!(decode_value("my-txn", &value).unwrap(), m);
    }

    /// The bytes of an Empty transaction, field by field as Kafka's `TransactionLogValue`
    /// v0 lays them out, with a null partition list.
    #[test]
    fn an_empty_transaction_has_a_null_partition_list() {
        let mut m = TxnMetadata::new("t", 1, 2, 3);
        m.producer_epoch = 0;
        let value = encode_value(&m);
        let mut want = Vec::new();
        want.extend_from_slice(&0i16.to_be_bytes());
        want.extend_from_slice(&1i64.to_be_bytes());
        want.extend_from_slice(&0i16.to_be_bytes());
        want.extend_from_slice(&2i32.to_be_bytes());
        want.push(0);
        want.extend_from_slice(&(-1i32).to_be_bytes());
        want.extend_from_slice(&3i64.to_be_bytes());
        want.extend_from_slice(&(-1i64).to_be_bytes());
        assert_eq!(&value[..], &want[..]);
        assert_eq!(decode_value("t", &value).unwrap(), m);
    }

    #[test]
    fn damaged_records_are_errors() {
        assert!(decode_key(b"\x00").is_err());
        assert!(decode_key(b"\x00\x01\x00\x00").is_err());
        let value = encode_value(&TxnMetadata::new("t", 1, 2, 3));
        assert!(decode_value("t", &value[..value.len() - 1]).is_err());
    }
}
