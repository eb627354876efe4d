//! Sequential reading of batches from a segment file with few syscalls.
//!
//! Used by recovery (full CRC validation), index rebuilds, and the short
//! header scans of reads and timestamp lookups. Reads the file in chunks with
//! `pread`, so it works on a shared `Arc<File>` outside any lock.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::batch::{BatchHeader, HEADER_SIZE};
use super::error::{IoContext, Result, StorageError};
use super::verify::{verify_batch, CorruptBatch};

/// Chunk size for full scans (recovery).
pub(crate) const FULL_SCAN_CHUNK: usize = 1 << 20;
/// Chunk size for short header scans (around one index interval).
pub(crate) const HEADER_SCAN_CHUNK: usize = 8 << 10;

/// Walks the batches in `[start, end)` of a segment file.
pub(crate) struct FileScanner<'f> {
    file: &'f File,
    path: &'f Path,
    end: u64,
    pos: u64,
    buf: Vec<u8>,
    /// File position of `buf[0]`; invariant: `buf_start <= pos` once filled.
    buf_start: u64,
    chunk: usize,
}

impl<'f> FileScanner<'f> {
    /// A scanner from `start` (a batch boundary) to `end` (the visible size).
    pub fn new(file: &'f File, path: &'f Path, start: u64, end: u64, chunk: usize) -> Self {
        FileScanner {
            file,
            path,
            end,
            pos: start,
            buf: Vec::new(),
            buf_start: start,
            chunk,
        }
    }

    /// Makes `[pos, pos + n)` available in `buf`; false if the file ends first.
    fn fill(&mut self, n: usize) -> Result<bool> {
        let left = self.end.saturating_sub(self.pos);
        if n as u64 > left {
            return Ok(false);
        }
        if self.pos >= self.buf_start && (self.pos - self.buf_start) as usize + n <= self.buf.len()
        {
            return Ok(true);
        }
        let want = (n.max(self.chunk) as u64).min(left) as usize;
        self.buf.resize(want, 0);
        self.file
            .read_exact_at(&mut self.buf[..want], self.pos)
            .at(self.path)?;
        self.buf_start = self.pos;
        Ok(true)
    }

    fn slice(&self, n: usize) -> &[u8] {
        let at = (self.pos - self.buf_start) as usize;
        &self.buf[at..at + n]
    }

    /// Next batch header without CRC check, or None at the end. A batch that
    /// is cut off by `end` is a `CorruptRecord` error.
    pub fn next_header(&mut self) -> Result<Option<(u64, BatchHeader)>> {
        if self.pos >= self.end {
            return Ok(None);
        }
        if !self.fill(HEADER_SIZE)? {
            return Err(StorageError::CorruptRecord(format!(
                "truncated batch header at position {}",
                self.pos
            )));
        }
        let header = BatchHeader::parse(self.slice(HEADER_SIZE))?;
        let total = header.total_size() as u64;
        if self.pos + total > self.end {
            return Err(StorageError::CorruptRecord(format!(
                "batch at position {} claims {total} bytes but the segment ends at {}",
                self.pos, self.end
            )));
        }
        let at = self.pos;
        self.pos += total;
        Ok(Some((at, header)))
    }

    /// Next batch passed through [`verify_batch`] (CRC included, base offset at least
    /// `min_offset`), with its bytes, or None at the end. A damaged batch, or one cut off by
    /// `end`, is a [`StorageError::CorruptSegment`] naming this file, the batch's position and
    /// its offset; I/O failures stay I/O errors.
    pub fn next_batch(&mut self, min_offset: i64) -> Result<Option<(u64, BatchHeader, &[u8])>> {
        if self.pos >= self.end {
            return Ok(None);
        }
        let at = self.pos;
        if !self.fill(HEADER_SIZE)? {
            return Err(self.corrupt(
                min_offset,
                StorageError::CorruptRecord(format!(
                    "truncated batch header: the segment ends at {}",
                    self.end
                )),
            ));
        }
        let header = match BatchHeader::parse(self.slice(HEADER_SIZE)) {
            Ok(h) => h,
            Err(e) => return Err(self.corrupt(min_offset, e)),
        };
        let total = header.total_size();
        if !self.fill(total)? {
            return Err(self.corrupt(
                header.base_offset.max(min_offset),
                StorageError::CorruptRecord(format!(
                    "the batch claims {total} bytes but the segment ends at {}",
                    self.end
                )),
            ));
        }
        let header = verify_batch(self.slice(total), at, min_offset).map_err(|batch| {
            StorageError::CorruptSegment {
                segment: self.path.to_path_buf(),
                batch: Box::new(batch),
            }
        })?;
        self.pos += total as u64;
        let start = (at - self.buf_start) as usize;
        Ok(Some((at, header, &self.buf[start..start + total])))
    }

    /// The error for a damaged batch at the current position.
    fn corrupt(&self, offset: i64, cause: StorageError) -> StorageError {
        StorageError::CorruptSegment {
            segment: self.path.to_path_buf(),
            batch: Box::new(CorruptBatch {
                offset,
                position: self.pos,
                cause,
            }),
        }
    }
}
