//! ListClientMetricsResources (API 74, KIP-714): the names of the client metrics
//! subscriptions, for `kt client-metrics --list` and Kafka's admin client.
//!
//! The `kafka-protocol` crate (0.18) has no codec for this API, so its two small messages are
//! encoded here from Kafka's schema; the connection routes key 74 here before the route
//! table. Version 0 only, flexible: the request body is an empty tag buffer; the response is
//! `throttle_time_ms: int32, error_code: int16, client_metrics_resources: [name: string]`
//! with compact arrays and strings and empty tag buffers.

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::state::Broker;

/// The API key.
pub const KEY: i16 = 74;
/// The versions kt serves.
pub const VERSIONS: (i16, i16) = (0, 0);
/// Request and response header versions of v0 (flexible).
pub const REQUEST_HEADER_VERSION: i16 = 2;
pub const RESPONSE_HEADER_VERSION: i16 = 1;

/// Checks the request body (only tagged fields, all of which may be skipped).
pub fn decode_request(body: &mut Bytes) -> Result<(), String> {
    let count = unsigned_varint(body)?;
    for _ in 0..count {
        let _tag = unsigned_varint(body)?;
        let size = unsigned_varint(body)? as usize;
        if body.remaining() < size {
            return Err("truncated tagged field".into());
        }
        body.advance(size);
    }
    Ok(())
}

/// Encodes the response: the subscription names, or `error_code` with none.
pub fn encode_response(out: &mut BytesMut, error_code: i16, names: &[String]) {
    out.put_i32(0);
    out.put_i16(error_code);
    put_unsigned_varint(out, names.len() as u32 + 1);
    for name in names {
        put_unsigned_varint(out, name.len() as u32 + 1);
        out.put_slice(name.as_bytes());
        put_unsigned_varint(out, 0);
    }
    put_unsigned_varint(out, 0);
}

/// The names to answer with.
pub fn names(broker: &Broker) -> Vec<String> {
    broker.metrics().client_metrics.names()
}

fn unsigned_varint(buf: &mut Bytes) -> Result<u32, String> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        if !buf.has_remaining() {
            return Err("truncated varint".into());
        }
        let byte = buf.get_u8();
        value |= ((byte & 0x7f) as u32) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("varint too long".into())
}

fn put_unsigned_varint(out: &mut BytesMut, mut value: u32) {
    while value >= 0x80 {
        out.put_u8((value as u8) | 0x80);
        value >>= 7;
    }
    out.put_u8(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_bytes_follow_the_schema() {
        let mut out = BytesMut::new();
        encode_response(&mut out, 0, &["a".into(), "bc".into()]);
        assert_eq!(
            &out[..],
            &[0, 0, 0, 0, 0, 0, 3, 2, b'a', 0, 3, b'b', b'c', 0, 0][..]
        );
        let mut body = Bytes::from_static(&[1, 5, 2, 9, 9]);
        decode_request(&mut body).unwrap();
        assert!(body.is_empty());
        assert!(decode_request(&mut Bytes::from_static(&[1, 5, 4, 9])).is_err());
    }
}
