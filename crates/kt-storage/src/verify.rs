//! The check the broker runs on record batches it reads for its own use, and where a batch
//! that fails it was found.
//!
//! Clients' batches are validated on append; batches read back from disk are served as
//! stored (as Kafka does: consumers check CRCs). Whenever the broker itself reads its batches
//! — recovery at start-up, the log cleaner, `kt dump-log`, and later replication and replica
//! verification — it runs [`verify_batch`] on each, so damage is found and reported with the
//! same words and the same offset everywhere. What each reader then does with a damaged
//! batch differs and is documented at the reader.

use super::batch::{validate_stored_batch, BatchHeader, HEADER_SIZE};
use super::error::StorageError;

/// A record batch that failed [`verify_batch`]: where it starts and why it failed.
///
/// `offset` is the batch's own base offset when its header could still be read, else the
/// offset the batch should have started at (the previous batch's next offset): either way the
/// first offset a reader loses or cannot trust.
#[derive(Debug, thiserror::Error)]
#[error("corrupt record batch at offset {offset} (byte position {position}): {cause}")]
pub struct CorruptBatch {
    /// First offset of the damaged batch (see the type's docs).
    pub offset: i64,
    /// Byte position of the batch in its segment file (or buffer).
    pub position: u64,
    /// What was wrong: a CRC mismatch, a malformed header, a batch cut short, offsets that go
    /// backwards.
    #[source]
    pub cause: StorageError,
}

/// The check for one stored batch at the start of `buf`: a readable magic-2 header, all its
/// bytes present, sane counts and codec, the CRC-32C over its records, and a base offset not
/// below `min_offset` (offsets only grow along a log; pass `i64::MIN` to skip that part, as
/// `dump-log` does to show Kafka's `isvalid`, which is about the bytes alone).
///
/// `position` is where `buf` starts in its file, and `min_offset` also names the offset a
/// batch with an unreadable header is reported at.
pub fn verify_batch(
    buf: &[u8],
    position: u64,
    min_offset: i64,
) -> Result<BatchHeader, CorruptBatch> {
    let fail = |offset: i64, cause: StorageError| CorruptBatch {
        offset,
        position,
        cause,
    };
    let header = validate_stored_batch(buf).map_err(|cause| {
        // A header intact enough to name its own offset does, even when the rest is damaged.
        let offset =
            if buf.len() >= HEADER_SIZE && !matches!(cause, StorageError::UnsupportedMagic(_)) {
                BatchHeader::parse(buf).map_or(min_offset, |h| h.base_offset)
            } else {
                min_offset
            };
        fail(offset, cause)
    })?;
    if header.base_offset < min_offset {
        return Err(fail(
            min_offset,
            StorageError::CorruptRecord(format!(
                "base offset {} is below the previous batch's next offset {min_offset}",
                header.base_offset
            )),
        ));
    }
    Ok(header)
}

/// Runs [`verify_batch`] over every batch of `buf` (a fetched record set, a slice of a
/// segment) whose first byte is at `position` and whose offsets start at `min_offset` or
/// later. Returns the offset after the last batch, or the first damaged batch.
///
/// For readers holding batches in memory rather than in a segment file: replication's
/// fetched records and replica verification.
pub fn verify_batches(buf: &[u8], position: u64, min_offset: i64) -> Result<i64, CorruptBatch> {
    let mut at = 0usize;
    let mut next = min_offset;
    while at < buf.len() {
        let h = verify_batch(&buf[at..], position + at as u64, next)?;
        next = h.next_offset();
        at += h.total_size();
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::super::batch::{set_base_offset, test_util::plain, CRC_OFFSET};
    use super::*;

    fn two_batches() -> Vec<u8> {
        let mut a = plain(3, 10, 0);
        set_base_offset(&mut a, 10);
        let mut b = plain(2, 10, 0);
        set_base_offset(&mut b, 13);
        let mut buf = a.to_vec();
        buf.extend_from_slice(&b);
        buf
    }

    #[test]
    fn intact_batches_pass_and_give_the_next_offset() {
        let buf = two_batches();
        assert_eq!(verify_batches(&buf, 0, 10).unwrap(), 15);
        assert_eq!(verify_batch(&buf, 0, i64::MIN).unwrap().base_offset, 10);
    }

    #[test]
    fn a_flipped_record_byte_names_the_batch_offset_and_position() {
        let mut buf = two_batches();
        let last = buf.len() - 3;
        buf[last] ^= 0x01;
        let e = verify_batches(&buf, 4096, 10).unwrap_err();
        let first_len = plain(3, 10, 0).len() as u64;
        assert_eq!((e.offset, e.position), (13, 4096 + first_len));
        assert!(matches!(e.cause, StorageError::CrcMismatch { .. }), "{e}");
        assert!(e.to_string().starts_with(&format!(
            "corrupt record batch at offset 13 (byte position {})",
            4096 + first_len
        )));
    }

    #[test]
    fn a_damaged_header_is_reported_at_the_expected_offset() {
        let mut buf = two_batches();
        buf[16] = 7; // magic of the first batch
        let e = verify_batches(&buf, 0, 10).unwrap_err();
        assert_eq!((e.offset, e.position), (10, 0));
        buf[16] = 2;
        buf[CRC_OFFSET] ^= 0xff;
        let e = verify_batches(&buf, 0, 10).unwrap_err();
        assert!(matches!(e.cause, StorageError::CrcMismatch { .. }), "{e}");
    }

    #[test]
    fn offsets_going_backwards_are_corrupt() {
        let buf = two_batches();
        let e = verify_batches(&buf, 0, 11).unwrap_err();
        assert_eq!(e.offset, 11);
        assert!(e
            .to_string()
            .contains("below the previous batch's next offset 11"));
        // Without an expectation only the bytes count.
        assert!(verify_batch(&buf, 0, i64::MIN).is_ok());
    }

    #[test]
    fn a_batch_cut_short_is_corrupt() {
        let buf = two_batches();
        let e = verify_batches(&buf[..buf.len() - 1], 0, 10).unwrap_err();
        assert_eq!(e.offset, 13);
        assert!(matches!(e.cause, StorageError::CorruptRecord(_)), "{e}");
    }
}
