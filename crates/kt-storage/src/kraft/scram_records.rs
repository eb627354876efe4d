//! SCRAM credentials in `bootstrap.checkpoint`: the `UserScramCredentialRecord`s that
//! `kafka-storage format --add-scram` adds after the feature levels, so that a new KRaft
//! cluster starts with users who can log in before anyone can call AlterUserScramCredentials.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::records::RecordBatchDecoder;

use super::records::{put_compact_bytes, put_compact_string, put_uvarint};
use super::KraftError;

/// `UserScramCredentialRecord`'s api key among the metadata records.
const USER_SCRAM_CREDENTIAL_RECORD: u32 = 11;

/// One user's credential for one mechanism, as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapScram {
    /// The user name.
    pub user: String,
    /// Kafka's mechanism type: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512.
    pub mechanism: i8,
    /// The salt the password was hashed with.
    pub salt: Vec<u8>,
    /// H(ClientKey) of RFC 5802.
    pub stored_key: Vec<u8>,
    /// The key the server signs its final message with.
    pub server_key: Vec<u8>,
    /// The hash's iteration count.
    pub iterations: i32,
}

/// The framed `UserScramCredentialRecord` (version 0, flexible) of `credential`, for
/// [`super::bootstrap_checkpoint_with`].
pub fn user_scram_credential_record(credential: &BootstrapScram) -> Bytes {
    let mut b = BytesMut::new();
    put_uvarint(&mut b, 1);
    put_uvarint(&mut b, USER_SCRAM_CREDENTIAL_RECORD);
    put_uvarint(&mut b, 0);
    put_compact_string(&mut b, &credential.user);
    b.put_i8(credential.mechanism);
    put_compact_bytes(&mut b, &credential.salt);
    put_compact_bytes(&mut b, &credential.stored_key);
    put_compact_bytes(&mut b, &credential.server_key);
    b.put_i32(credential.iterations);
    put_uvarint(&mut b, 0);
    b.freeze()
}

/// The SCRAM credentials among the records of a `bootstrap.checkpoint`, in order.
pub fn bootstrap_scram_credentials(checkpoint: &[u8]) -> Result<Vec<BootstrapScram>, KraftError> {
    let bad = |why: &str| KraftError::Format(format!("bad bootstrap.checkpoint: {why}"));
    let mut buf = Bytes::copy_from_slice(checkpoint);
    let batches = RecordBatchDecoder::decode_all(&mut buf).map_err(|e| bad(&e.to_string()))?;
    let mut found = Vec::new();
    for record in batches.into_iter().flat_map(|b| b.records) {
        let Some(mut value) = record.value.filter(|_| !record.control) else {
            continue;
        };
        let _frame = get_uvarint(&mut value).ok_or_else(|| bad("truncated record"))?;
        if get_uvarint(&mut value) != Some(USER_SCRAM_CREDENTIAL_RECORD) {
            continue;
        }
        let _version = get_uvarint(&mut value).ok_or_else(|| bad("truncated record"))?;
        let user = get_compact(&mut value).ok_or_else(|| bad("truncated SCRAM record"))?;
        if value.remaining() < 1 {
            return Err(bad("truncated SCRAM record"));
        }
        let mechanism = value.get_i8();
        let salt = get_compact(&mut value).ok_or_else(|| bad("truncated SCRAM record"))?;
        let stored_key = get_compact(&mut value).ok_or_else(|| bad("truncated SCRAM record"))?;
        let server_key = get_compact(&mut value).ok_or_else(|| bad("truncated SCRAM record"))?;
        if value.remaining() < 4 {
            return Err(bad("truncated SCRAM record"));
        }
        found.push(BootstrapScram {
            user: String::from_utf8(user).map_err(|_| bad("user name is not UTF-8"))?,
            mechanism,
            salt,
            stored_key,
            server_key,
            iterations: value.get_i32(),
        });
    }
    Ok(found)
}

fn get_uvarint(b: &mut Bytes) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        if !b.has_remaining() {
            return None;
        }
        let byte = b.get_u8();
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// A compact string or bytes field (length + 1, then the bytes); not null.
fn get_compact(b: &mut Bytes) -> Option<Vec<u8>> {
    let len = get_uvarint(b)?.checked_sub(1)? as usize;
    (b.remaining() >= len).then(|| b.split_to(len).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_into_the_checkpoint_and_come_back() {
        let alice = BootstrapScram {
            user: "alice".into(),
            mechanism: 1,
            salt: vec![1, 2, 3],
            stored_key: vec![4; 32],
            server_key: vec![5; 32],
            iterations: 8192,
        };
        let bob = BootstrapScram {
            user: "bob".into(),
            mechanism: 2,
            iterations: 4096,
            ..alice.clone()
        };
        let records = [
            user_scram_credential_record(&alice),
            user_scram_credential_record(&bob),
        ];
        // frame 1, api key 11, version 0, then "alice" as a compact string.
        assert_eq!(&records[0][..4], &[1, 11, 0, 6]);
        let checkpoint =
            super::super::bootstrap_checkpoint_with(super::super::LATEST_PRODUCTION, &records, 5)
                .unwrap();
        assert_eq!(
            bootstrap_scram_credentials(&checkpoint).unwrap(),
            vec![alice, bob]
        );
        let plain = super::super::bootstrap_checkpoint(super::super::LATEST_PRODUCTION, 5).unwrap();
        assert_eq!(bootstrap_scram_credentials(&plain).unwrap(), vec![]);
    }
}
