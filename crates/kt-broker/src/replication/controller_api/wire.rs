//! The wire primitives the four controller messages are built from, in Kafka's encoding:
//! big-endian integers, `string` (i16 length) or `compact_string` (unsigned varint length + 1),
//! arrays with an i32 count or a compact count, UUIDs as 16 bytes, and the tagged-field
//! section that ends every struct in a flexible version.
//!
//! kafka-protocol keeps its own `types::*` encoders crate-private, so these few are kt's; they
//! fail with a typed [`WireError`] that turns into the `anyhow::Error` kafka-protocol's
//! `Encodable`/`Decodable` traits return.

use std::collections::BTreeMap;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::BrokerId;
use kafka_protocol::protocol::buf::ByteBuf;
use kafka_protocol::protocol::StrBytes;
use thiserror::Error;

/// Why a controller message could not be encoded or decoded.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WireError {
    #[error("{message} version {version} is not supported (valid versions: {min}-{max})")]
    UnsupportedVersion {
        message: &'static str,
        version: i16,
        min: i16,
        max: i16,
    },
    /// Kafka's generated code refuses the same: a field the version cannot carry is set to
    /// something other than its default, and the field is not marked ignorable.
    #[error("attempted to write a non-default {field} at version {version}")]
    FieldNotInVersion { field: &'static str, version: i16 },
    #[error("tagged fields were set, but version {version} of this message does not support them")]
    TaggedFieldsNotInVersion { version: i16 },
    #[error("the buffer ended while reading {what}: {needed} more bytes needed, {left} left")]
    Truncated {
        what: &'static str,
        needed: usize,
        left: usize,
    },
    #[error("non-nullable field {0} was serialized as null")]
    UnexpectedNull(&'static str),
    #[error("{0} had a negative length")]
    NegativeLength(&'static str),
    #[error("{0} is not valid UTF-8")]
    InvalidUtf8(&'static str),
    #[error("{what} is too long to encode ({len} bytes or elements)")]
    TooLong { what: &'static str, len: usize },
    #[error("an unsigned varint is longer than 5 bytes")]
    VarintTooLong,
    #[error("tagged field {tag} appears twice")]
    DuplicateTag { tag: i32 },
    #[error("tagged field {field} (tag {tag}) has {size} bytes, expected {expected}")]
    TaggedFieldSize {
        field: &'static str,
        tag: i32,
        size: usize,
        expected: usize,
    },
}

/// Fails unless `version` lies in `min..=max` of `message`.
pub(super) fn check_version(
    message: &'static str,
    version: i16,
    min: i16,
    max: i16,
) -> Result<(), WireError> {
    if (min..=max).contains(&version) {
        Ok(())
    } else {
        Err(WireError::UnsupportedVersion {
            message,
            version,
            min,
            max,
        })
    }
}

/// Fails when a non-ignorable field that `version` cannot carry holds a non-default value.
pub(super) fn check_absent(
    field: &'static str,
    version: i16,
    is_default: bool,
) -> Result<(), WireError> {
    if is_default {
        Ok(())
    } else {
        Err(WireError::FieldNotInVersion { field, version })
    }
}

/// The size of a message when encoded: these control messages are small and rare, so the size
/// is measured by encoding rather than by a second, hand-kept sum that could drift from it.
pub(super) fn encoded_size(
    encode: impl FnOnce(&mut BytesMut) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut scratch = BytesMut::new();
    encode(&mut scratch)?;
    Ok(scratch.len())
}

// ---- reading ----

fn need<B: Buf>(buf: &B, what: &'static str, needed: usize) -> Result<(), WireError> {
    if buf.remaining() < needed {
        Err(WireError::Truncated {
            what,
            needed,
            left: buf.remaining(),
        })
    } else {
        Ok(())
    }
}

pub(super) fn read_i8<B: Buf>(buf: &mut B, what: &'static str) -> Result<i8, WireError> {
    need(buf, what, 1)?;
    Ok(buf.get_i8())
}

pub(super) fn read_i16<B: Buf>(buf: &mut B, what: &'static str) -> Result<i16, WireError> {
    need(buf, what, 2)?;
    Ok(buf.get_i16())
}

pub(super) fn read_i32<B: Buf>(buf: &mut B, what: &'static str) -> Result<i32, WireError> {
    need(buf, what, 4)?;
    Ok(buf.get_i32())
}

pub(super) fn read_i64<B: Buf>(buf: &mut B, what: &'static str) -> Result<i64, WireError> {
    need(buf, what, 8)?;
    Ok(buf.get_i64())
}

/// Kafka reads any non-zero byte as true.
pub(super) fn read_bool<B: Buf>(buf: &mut B, what: &'static str) -> Result<bool, WireError> {
    Ok(read_i8(buf, what)? != 0)
}

pub(super) fn read_uuid<B: Buf>(buf: &mut B, what: &'static str) -> Result<uuid::Uuid, WireError> {
    need(buf, what, 16)?;
    Ok(uuid::Uuid::from_u128(buf.get_u128()))
}

pub(super) fn read_broker_id<B: Buf>(
    buf: &mut B,
    what: &'static str,
) -> Result<BrokerId, WireError> {
    read_i32(buf, what).map(BrokerId)
}

pub(super) fn read_uvarint<B: Buf>(buf: &mut B, what: &'static str) -> Result<u32, WireError> {
    let mut value: u32 = 0;
    for i in 0..5 {
        let byte = read_i8(buf, what)? as u8;
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(WireError::VarintTooLong)
}

/// A length prefix: i16 (strings) or i32 (arrays) in classic versions, `uvarint - 1` in
/// flexible ones. `None` is the null marker (-1, or a compact 0).
fn read_length<B: Buf>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
    classic_i16: bool,
) -> Result<Option<usize>, WireError> {
    let length = if flexible {
        i64::from(read_uvarint(buf, what)?) - 1
    } else if classic_i16 {
        i64::from(read_i16(buf, what)?)
    } else {
        i64::from(read_i32(buf, what)?)
    };
    match length {
        -1 => Ok(None),
        n if n < -1 => Err(WireError::NegativeLength(what)),
        n => Ok(Some(n as usize)),
    }
}

fn read_bytes<B: ByteBuf>(buf: &mut B, what: &'static str, len: usize) -> Result<Bytes, WireError> {
    need(buf, what, len)?;
    Ok(buf.get_bytes(len))
}

pub(super) fn read_nullable_string<B: ByteBuf>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
) -> Result<Option<StrBytes>, WireError> {
    match read_length(buf, what, flexible, true)? {
        None => Ok(None),
        Some(len) => {
            let bytes = read_bytes(buf, what, len)?;
            StrBytes::from_utf8(bytes)
                .map(Some)
                .map_err(|_| WireError::InvalidUtf8(what))
        }
    }
}

pub(super) fn read_string<B: ByteBuf>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
) -> Result<StrBytes, WireError> {
    read_nullable_string(buf, what, flexible)?.ok_or(WireError::UnexpectedNull(what))
}

/// A non-nullable array whose elements `read_one` decodes.
pub(super) fn read_array<B: ByteBuf, T>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
    mut read_one: impl FnMut(&mut B) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<T>> {
    let len = read_length(buf, what, flexible, false)?.ok_or(WireError::UnexpectedNull(what))?;
    // Every element takes at least one byte, so a count beyond what is left is a lie: it must
    // not size the allocation (and a large true count grows the vector as it is read).
    let mut items = Vec::with_capacity(len.min(buf.remaining()).min(1024));
    for _ in 0..len {
        items.push(read_one(buf)?);
    }
    Ok(items)
}

pub(super) fn read_i32_array<B: ByteBuf>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
) -> anyhow::Result<Vec<i32>> {
    read_array(buf, what, flexible, |b| Ok(read_i32(b, what)?))
}

pub(super) fn read_broker_ids<B: ByteBuf>(
    buf: &mut B,
    what: &'static str,
    flexible: bool,
) -> anyhow::Result<Vec<BrokerId>> {
    read_array(buf, what, flexible, |b| Ok(read_broker_id(b, what)?))
}

/// Reads a struct's tagged-field section. `known` claims the tags the struct defines (it gets
/// the tag and its bytes and returns whether it took them); the rest are kept as unknown, so
/// they survive a decode and re-encode.
pub(super) fn read_tagged_fields<B: ByteBuf>(
    buf: &mut B,
    mut known: impl FnMut(i32, Bytes) -> Result<bool, WireError>,
) -> Result<BTreeMap<i32, Bytes>, WireError> {
    let count = read_uvarint(buf, "tagged field count")?;
    let mut unknown = BTreeMap::new();
    for _ in 0..count {
        let tag = read_uvarint(buf, "tagged field tag")? as i32;
        let size = read_uvarint(buf, "tagged field size")? as usize;
        let value = read_bytes(buf, "tagged field", size)?;
        if !known(tag, value.clone())? && unknown.insert(tag, value).is_some() {
            return Err(WireError::DuplicateTag { tag });
        }
    }
    Ok(unknown)
}

/// Reads the tagged-field section of a struct that defines no tagged fields of its own.
pub(super) fn read_unknown_tagged_fields<B: ByteBuf>(
    buf: &mut B,
) -> Result<BTreeMap<i32, Bytes>, WireError> {
    read_tagged_fields(buf, |_, _| Ok(false))
}

/// Reads what ends a struct: its tagged-field section in a flexible version, nothing in a
/// classic one.
pub(super) fn read_struct_end<B: ByteBuf>(
    buf: &mut B,
    flexible: bool,
) -> Result<BTreeMap<i32, Bytes>, WireError> {
    if flexible {
        read_unknown_tagged_fields(buf)
    } else {
        Ok(BTreeMap::new())
    }
}

// ---- writing ----

pub(super) fn write_bool<B: BufMut>(buf: &mut B, value: bool) {
    buf.put_i8(i8::from(value));
}

pub(super) fn write_uuid<B: BufMut>(buf: &mut B, value: &uuid::Uuid) {
    buf.put_u128(value.as_u128());
}

pub(super) fn write_uvarint<B: BufMut>(buf: &mut B, mut value: u32) {
    while value >= 0x80 {
        buf.put_u8((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    buf.put_u8(value as u8);
}

/// Writes a length prefix (see [`read_length`]); `None` writes the null marker.
fn write_length<B: BufMut>(
    buf: &mut B,
    what: &'static str,
    len: Option<usize>,
    flexible: bool,
    classic_i16: bool,
) -> Result<(), WireError> {
    let too_long = |len| WireError::TooLong { what, len };
    match (len, flexible) {
        (None, true) => write_uvarint(buf, 0),
        (None, false) if classic_i16 => buf.put_i16(-1),
        (None, false) => buf.put_i32(-1),
        (Some(len), true) => {
            let n = u32::try_from(len)
                .ok()
                .and_then(|n| n.checked_add(1))
                .ok_or(too_long(len))?;
            write_uvarint(buf, n);
        }
        (Some(len), false) if classic_i16 => {
            buf.put_i16(i16::try_from(len).map_err(|_| too_long(len))?)
        }
        (Some(len), false) => buf.put_i32(i32::try_from(len).map_err(|_| too_long(len))?),
    }
    Ok(())
}

pub(super) fn write_nullable_string<B: BufMut>(
    buf: &mut B,
    what: &'static str,
    value: Option<&str>,
    flexible: bool,
) -> Result<(), WireError> {
    write_length(buf, what, value.map(str::len), flexible, true)?;
    if let Some(s) = value {
        buf.put_slice(s.as_bytes());
    }
    Ok(())
}

pub(super) fn write_string<B: BufMut>(
    buf: &mut B,
    what: &'static str,
    value: &str,
    flexible: bool,
) -> Result<(), WireError> {
    write_nullable_string(buf, what, Some(value), flexible)
}

/// A non-nullable array whose elements `write_one` encodes.
pub(super) fn write_array<B: BufMut, T>(
    buf: &mut B,
    what: &'static str,
    items: &[T],
    flexible: bool,
    mut write_one: impl FnMut(&mut B, &T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    write_length(buf, what, Some(items.len()), flexible, false)?;
    for item in items {
        write_one(buf, item)?;
    }
    Ok(())
}

pub(super) fn write_i32_array<B: BufMut>(
    buf: &mut B,
    what: &'static str,
    items: &[i32],
    flexible: bool,
) -> anyhow::Result<()> {
    write_array(buf, what, items, flexible, |b, &v| {
        b.put_i32(v);
        Ok(())
    })
}

pub(super) fn write_broker_ids<B: BufMut>(
    buf: &mut B,
    what: &'static str,
    items: &[BrokerId],
    flexible: bool,
) -> anyhow::Result<()> {
    write_array(buf, what, items, flexible, |b, v| {
        b.put_i32(v.0);
        Ok(())
    })
}

/// Writes a struct's tagged-field section: the struct's own tagged fields that differ from
/// their defaults (`known`, already encoded) merged with the unknown ones it was decoded with,
/// in ascending tag order as Kafka writes them.
pub(super) fn write_tagged_fields<B: BufMut>(
    buf: &mut B,
    known: &[(i32, Bytes)],
    unknown: &BTreeMap<i32, Bytes>,
) -> Result<(), WireError> {
    let mut all: BTreeMap<i32, &Bytes> = unknown.iter().map(|(&t, v)| (t, v)).collect();
    for (tag, value) in known {
        if all.insert(*tag, value).is_some() {
            return Err(WireError::DuplicateTag { tag: *tag });
        }
    }
    write_uvarint(buf, all.len() as u32);
    for (tag, value) in all {
        write_uvarint(buf, tag as u32);
        let size = u32::try_from(value.len()).map_err(|_| WireError::TooLong {
            what: "tagged field",
            len: value.len(),
        })?;
        write_uvarint(buf, size);
        buf.put_slice(value);
    }
    Ok(())
}

/// Ends a struct: its tagged-field section in a flexible version; in a classic one there is
/// none, so unknown tagged fields cannot be carried and are refused, as Kafka refuses them.
pub(super) fn write_struct_end<B: BufMut>(
    buf: &mut B,
    version: i16,
    flexible: bool,
    known: &[(i32, Bytes)],
    unknown: &BTreeMap<i32, Bytes>,
) -> Result<(), WireError> {
    if flexible {
        write_tagged_fields(buf, known, unknown)
    } else if unknown.is_empty() && known.is_empty() {
        Ok(())
    } else {
        Err(WireError::TaggedFieldsNotInVersion { version })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uvarints_match_kafka_examples() {
        // ByteUtils' unsigned varint: 7 bits a byte, least significant group first.
        for (value, bytes) in [
            (0u32, vec![0x00]),
            (1, vec![0x01]),
            (127, vec![0x7f]),
            (128, vec![0x80, 0x01]),
            (300, vec![0xac, 0x02]),
            (u32::MAX, vec![0xff, 0xff, 0xff, 0xff, 0x0f]),
        ] {
            let mut out = BytesMut::new();
            write_uvarint(&mut out, value);
            assert_eq!(out.as_ref(), bytes.as_slice(), "{value}");
            assert_eq!(read_uvarint(&mut Bytes::from(bytes), "v").unwrap(), value);
        }
        let six = Bytes::from_static(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
        assert_eq!(
            read_uvarint(&mut six.clone(), "v"),
            Err(WireError::VarintTooLong)
        );
    }

    #[test]
    fn strings_classic_and_compact_and_null() {
        let mut out = BytesMut::new();
        write_string(&mut out, "s", "ab", false).unwrap();
        write_string(&mut out, "s", "ab", true).unwrap();
        write_nullable_string(&mut out, "s", None, false).unwrap();
        write_nullable_string(&mut out, "s", None, true).unwrap();
        assert_eq!(
            out.as_ref(),
            &[0, 2, b'a', b'b', 3, b'a', b'b', 0xff, 0xff, 0][..]
        );
        let mut input = out.freeze();
        assert_eq!(read_string(&mut input, "s", false).unwrap().as_str(), "ab");
        assert_eq!(read_string(&mut input, "s", true).unwrap().as_str(), "ab");
        assert_eq!(read_nullable_string(&mut input, "s", false).unwrap(), None);
        assert_eq!(
            read_string(&mut input, "s", true),
            Err(WireError::UnexpectedNull("s"))
        );
    }

    #[test]
    fn truncated_and_lying_lengths_are_errors_not_panics() {
        let mut short = Bytes::from_static(&[0, 5, b'a']);
        assert!(matches!(
            read_string(&mut short, "s", false),
            Err(WireError::Truncated { .. })
        ));
        // An array claiming 2^31-1 elements in a 4-byte buffer fails without allocating for it.
        let mut lying = Bytes::from_static(&[0x7f, 0xff, 0xff, 0xff]);
        assert!(read_i32_array(&mut lying, "a", false).is_err());
        let mut negative = Bytes::from_static(&[0xff, 0xfe]);
        assert_eq!(
            read_string(&mut negative, "s", false),
            Err(WireError::NegativeLength("s"))
        );
    }

    #[test]
    fn tagged_fields_are_written_in_tag_order_and_duplicates_refused() {
        let unknown = BTreeMap::from([(5, Bytes::from_static(b"x")), (1, Bytes::new())]);
        let mut out = BytesMut::new();
        write_tagged_fields(&mut out, &[(0, Bytes::from_static(&[2]))], &unknown).unwrap();
        assert_eq!(out.as_ref(), &[3, 0, 1, 2, 1, 0, 5, 1, b'x'][..]);
        let dup = write_tagged_fields(&mut BytesMut::new(), &[(5, Bytes::new())], &unknown);
        assert_eq!(dup, Err(WireError::DuplicateTag { tag: 5 }));
    }
}
