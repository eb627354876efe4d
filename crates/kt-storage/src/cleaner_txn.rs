//! What the log cleaner does with transactions, as Kafka's `LogCleaner` (its
//! `CleanedTransactionMetadata`):
//!
//! - The cleaner never cleans past the first unstable offset (the first batch of a
//!   transaction still open at the log end): what an open transaction wrote is not yet
//!   committed or aborted.
//! - Batches of aborted transactions (known from the segments' `.txnindex` files) are
//!   removed whole and never enter the key map; committed transactional batches are
//!   ordinary data, compacted by key like the rest.
//! - A marker (control batch) stays while the pass still met a batch of its transaction:
//!   readers need it to close the transaction. Once none is left it may go, once its
//!   delete horizon has passed (stamped by the first pass that could have removed it,
//!   `delete.retention.ms` later, as for tombstones), so a consumer part-way through the
//!   log still sees it. A marker that is its active producer's last entry (the epoch it
//!   carries fences the older ones) then stays as an empty control batch instead (see
//!   `producers`); an empty one that no longer is goes at once, as in Kafka.
//! - The ABORT markers that stay keep their `.txnindex` entries in the cleaned segment.

use std::collections::{HashMap, HashSet};

use super::super::super::batch::BatchHeader;
use super::super::super::error::Result;
use super::super::super::txn_index::AbortedTxnEntry;

/// The aborted transactions of a log, to tell an aborted batch from a committed one.
pub(super) struct AbortedRanges {
    /// Per producer, its aborted transactions' `(first offset, marker offset)`.
    by_producer: HashMap<i64, Vec<(i64, i64)>>,
}

impl AbortedRanges {
    pub(super) fn new(aborted: &[AbortedTxnEntry]) -> Self {
        let mut by_producer: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for a in aborted {
            by_producer
                .entry(a.producer_id)
                .or_default()
                .push((a.first_offset, a.last_offset));
        }
        AbortedRanges { by_producer }
    }

    /// Whether the transactional data batch `h` belongs to an aborted transaction.
    pub(super) fn is_aborted(&self, h: &BatchHeader) -> bool {
        h.is_transactional()
            && !h.is_control()
            && self.by_producer.get(&h.producer_id).is_some_and(|ranges| {
                ranges
                    .iter()
                    .any(|&(first, marker)| first <= h.base_offset && h.base_offset < marker)
            })
    }
}

/// The first offset of a transaction still open at the end of the batches seen (Kafka's
/// first unstable offset), learnt from a walk over the whole log.
#[derive(Default)]
pub(super) struct OpenTransactions {
    open: HashMap<i64, i64>,
}

impl OpenTransactions {
    pub(super) fn see(&mut self, h: &BatchHeader) {
        if !h.is_transactional() {
            return;
        }
        if h.is_control() {
            self.open.remove(&h.producer_id);
        } else {
            self.open.entry(h.producer_id).or_insert(h.base_offset);
        }
    }

    pub(super) fn first_unstable_offset(&self) -> Option<i64> {
        self.open.values().copied().min()
    }
}

/// What the pass does with a batch of a transactional producer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TxnFate {
    /// Not a transactional batch, or a committed one: cleaned as ordinary data.
    Data,
    /// A batch of an aborted transaction: removed.
    Aborted,
    /// A marker that must stay; for an ABORT marker, its `.txnindex` entry.
    KeepMarker(Option<AbortedTxnEntry>),
    /// A marker no batch of whose transaction is left: it may go once old enough.
    MarkerDone(Option<AbortedTxnEntry>),
}

/// The transactions met while one pass rewrites segments in offset order.
pub(super) struct TxnWalk<'a> {
    aborted: &'a AbortedRanges,
    /// Aborted transactions by marker offset, for the cleaned `.txnindex`.
    entries: HashMap<i64, AbortedTxnEntry>,
    /// Producers a batch of whose current transaction this pass met.
    seen: HashSet<i64>,
}

impl<'a> TxnWalk<'a> {
    pub(super) fn new(aborted: &'a AbortedRanges, entries: &[AbortedTxnEntry]) -> Self {
        TxnWalk {
            aborted,
            entries: entries.iter().map(|e| (e.last_offset, *e)).collect(),
            seen: HashSet::new(),
        }
    }

    /// Decides the fate of one batch (`batch` its bytes, to read a marker's type).
    pub(super) fn fate(&mut self, batch: &[u8], h: &BatchHeader) -> Result<TxnFate> {
        if !h.is_transactional() {
            return Ok(TxnFate::Data);
        }
        if !h.is_control() {
            self.seen.insert(h.producer_id);
            return Ok(if self.aborted.is_aborted(h) {
                TxnFate::Aborted
            } else {
                TxnFate::Data
            });
        }
        let had_batches = self.seen.remove(&h.producer_id);
        let is_abort = super::is_abort_marker(batch, h)?;
        let records = h.record_count;
        let entry = if is_abort {
            self.entries.get(&h.base_offset).copied()
        } else {
            None
        };
        // An emptied control batch (already cleaned) may always go.
        Ok(if had_batches && records > 0 {
            TxnFate::KeepMarker(entry)
        } else {
            TxnFate::MarkerDone(entry)
        })
    }
}
