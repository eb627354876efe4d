//! Jute, ZooKeeper's binary record encoding: big-endian `int`/`long`, one-byte `boolean`,
//! length-prefixed `buffer` and `ustring` (length -1 means null), vectors as a count and their
//! elements.
//!
//! Hand-written on purpose: no maintained Rust crate offers the server side of jute (the
//! `zookeeper-client` crate keeps its codec private and client-only), and the format is small.
//! The records themselves live in [`super::proto`].

use thiserror::Error;

/// Why bytes could not be read as the record that was expected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum JuteError {
    /// The record ends before the field it needs.
    #[error("record truncated: {0} more bytes needed")]
    Truncated(usize),
    /// A length prefix below -1, or a vector count below 0 where null is not allowed.
    #[error("invalid length {0}")]
    BadLength(i32),
    /// A string that is not UTF-8.
    #[error("string is not UTF-8")]
    BadUtf8,
    /// A null string where a value is required (a path).
    #[error("null string where a value is required")]
    NullString,
    /// An op code that may not stand where it does (a multi inside a multi).
    #[error("op code {0} is not allowed here")]
    OpNotAllowed(i32),
}

/// Reads jute fields from a byte slice, front to back.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], JuteError> {
        if self.remaining() < n {
            return Err(JuteError::Truncated(n - self.remaining()));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// A 32-bit signed integer.
    pub fn int(&mut self) -> Result<i32, JuteError> {
        Ok(i32::from_be_bytes(self.take(4)?.try_into().unwrap()))
    }

    /// A 64-bit signed integer.
    pub fn long(&mut self) -> Result<i64, JuteError> {
        Ok(i64::from_be_bytes(self.take(8)?.try_into().unwrap()))
    }

    /// A boolean: one byte, non-zero is true.
    pub fn bool(&mut self) -> Result<bool, JuteError> {
        Ok(self.take(1)?[0] != 0)
    }

    /// A byte buffer; `None` for the null buffer (length -1).
    pub fn buffer(&mut self) -> Result<Option<Vec<u8>>, JuteError> {
        let len = self.int()?;
        match len {
            -1 => Ok(None),
            n if n < -1 => Err(JuteError::BadLength(n)),
            n => Ok(Some(self.take(n as usize)?.to_vec())),
        }
    }

    /// A string that may be null.
    pub fn opt_string(&mut self) -> Result<Option<String>, JuteError> {
        match self.buffer()? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| JuteError::BadUtf8),
        }
    }

    /// A string that must not be null.
    pub fn string(&mut self) -> Result<String, JuteError> {
        self.opt_string()?.ok_or(JuteError::NullString)
    }

    /// A vector count: -1 (null) reads as empty. Bounded by the bytes left, since every
    /// element takes at least `min_element` bytes, so a forged count cannot allocate much.
    pub fn count(&mut self, min_element: usize) -> Result<usize, JuteError> {
        let n = self.int()?;
        if n == -1 {
            return Ok(0);
        }
        if n < -1 {
            return Err(JuteError::BadLength(n));
        }
        let n = n as usize;
        if n.saturating_mul(min_element.max(1)) > self.remaining() {
            return Err(JuteError::Truncated(
                n * min_element.max(1) - self.remaining(),
            ));
        }
        Ok(n)
    }

    /// A vector of strings (null reads as empty).
    pub fn strings(&mut self) -> Result<Vec<String>, JuteError> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
}

/// Appends jute fields to a byte vector.
pub trait Writer {
    /// A 32-bit signed integer.
    fn int(&mut self, v: i32);
    /// A 64-bit signed integer.
    fn long(&mut self, v: i64);
    /// A boolean as one byte.
    fn bool(&mut self, v: bool);
    /// A buffer, or the null buffer.
    fn buffer(&mut self, v: Option<&[u8]>);
    /// A non-null string.
    fn string(&mut self, v: &str);
    /// A vector of strings.
    fn strings(&mut self, v: &[String]);
}

impl Writer for Vec<u8> {
    fn int(&mut self, v: i32) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn long(&mut self, v: i64) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn bool(&mut self, v: bool) {
        self.push(v as u8);
    }
    fn buffer(&mut self, v: Option<&[u8]>) {
        match v {
            None => self.int(-1),
            Some(b) => {
                self.int(b.len() as i32);
                self.extend_from_slice(b);
            }
        }
    }
    fn string(&mut self, v: &str) {
        self.buffer(Some(v.as_bytes()));
    }
    fn strings(&mut self, v: &[String]) {
        self.int(v.len() as i32);
        for s in v {
            self.string(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fields_round_trip(i in any::<i32>(), l in any::<i64>(), b in any::<bool>(),
                             buf in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
                             strs in proptest::collection::vec(".{0,12}", 0..5)) {
            let mut w = Vec::new();
            w.int(i);
            w.long(l);
            w.bool(b);
            w.buffer(buf.as_deref());
            w.strings(&strs);
            let mut r = Reader::new(&w);
            prop_assert_eq!(r.int().unwrap(), i);
            prop_assert_eq!(r.long().unwrap(), l);
            prop_assert_eq!(r.bool().unwrap(), b);
            prop_assert_eq!(r.buffer().unwrap(), buf);
            prop_assert_eq!(r.strings().unwrap(), strs);
            prop_assert_eq!(r.remaining(), 0);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut r = Reader::new(&bytes);
            let _ = r.strings();
            let mut r = Reader::new(&bytes);
            let _ = r.buffer();
        }
    }

    #[test]
    fn forged_counts_and_lengths_are_refused() {
        let mut w = Vec::new();
        w.int(i32::MAX);
        assert!(matches!(
            Reader::new(&w).strings(),
            Err(JuteError::Truncated(_))
        ));
        assert!(matches!(
            Reader::new(&w).buffer(),
            Err(JuteError::Truncated(_))
        ));
        let mut w = Vec::new();
        w.int(-5);
        assert_eq!(Reader::new(&w).buffer(), Err(JuteError::BadLength(-5)));
        let mut w = Vec::new();
        w.int(-1);
        assert_eq!(Reader::new(&w).string(), Err(JuteError::NullString));
    }
}
