//! The cleaner's key map: each key of the dirty section to its latest offset, in at most
//! `log.cleaner.dedupe.buffer.size` bytes (Kafka's `SkimpyOffsetMap`).
//!
//! A slot holds a 128-bit digest of the key and the offset, 24 bytes as in Kafka, never the
//! key itself, so the map's size does not depend on the keys' sizes. The digest is two
//! SipHash-1-3 values (std's `RandomState`) with independent random keys: no dependency,
//! faster than Kafka's MD5, and, unlike MD5 (whose collisions can be computed), a producer
//! cannot craft two keys with the same digest, since the keys are secret and new each pass.
//! Two different keys share a digest with probability about `n² / 2¹²⁹` for `n` keys, which
//! for the largest map (about 80 million entries in 2 GiB) is about 10⁻²³.
//!
//! The slot array starts small and doubles as keys come, up to `buffer / 24` slots, so a
//! small log costs little memory. Entries stop at `load factor x slots` of that largest
//! array (Kafka's `maxDesiredMapSize`): the pass then cleans only up to the last offset
//! mapped, and the next pass goes on from there. While the array doubles, the old one (about
//! half the largest, see `first_size`) is alive beside the new one.

use std::hash::{BuildHasher, RandomState};

use super::super::super::error::{Result, StorageError};

/// What one entry costs in the dedupe buffer, as Kafka counts it (`SkimpyOffsetMap`'s
/// 16-byte MD5 digest and 8-byte offset).
pub(super) const BYTES_PER_ENTRY: u64 = 24;
/// Kafka's cap on one cleaner thread's buffer (`SkimpyOffsetMap` takes an `Int`).
const MAX_BUFFER: u64 = i32::MAX as u64;
/// Slots of a new map; it doubles from there.
const INITIAL_SLOTS: usize = 1024;
/// The size a new map starts at: at most [`INITIAL_SLOTS`], and the largest size halved
/// (rounded up) as often as needed, so that doubling lands on the largest size exactly and the
/// array it replaces then is half of it (the map's peak is 1.5 x the buffer, not nearly 2 x).
fn first_size(max_slots: usize) -> usize {
    let mut size = max_slots.max(1);
    while size > INITIAL_SLOTS {
        size = size.div_ceil(2);
    }
    size
}

/// A slot whose offset is this is free (offsets are never negative).
const FREE: i64 = -1;

/// One slot: the key's digest and its latest offset (24 bytes).
#[derive(Clone, Copy)]
struct Slot {
    digest: [u64; 2],
    offset: i64,
}

const FREE_SLOT: Slot = Slot {
    digest: [0, 0],
    offset: FREE,
};

/// Keys (by digest) to their latest offsets, in a bounded open-addressing table with linear
/// probing. Invariant: at least one slot is free, so every probe ends.
pub(super) struct KeyMap {
    hashers: [RandomState; 2],
    slots: Vec<Slot>,
    /// Slots of the largest array the buffer allows.
    max_slots: usize,
    /// Entries at most (`load factor x max_slots`, and one slot always left free).
    cap: usize,
    len: usize,
}

impl KeyMap {
    /// A map for a dedupe buffer of `buffer_bytes` filled to `load_factor` at most. Fails, as
    /// Kafka's cleaner does at start, when not even one entry fits.
    pub(super) fn new(buffer_bytes: u64, load_factor: f64) -> Result<KeyMap> {
        let max_slots = (buffer_bytes.min(MAX_BUFFER) / BYTES_PER_ENTRY) as usize;
        // Kafka's `slots * load factor > 1`; a load factor that is not a number fails it too.
        let room = max_slots as f64 * load_factor;
        if room.is_nan() || room <= 1.0 {
            return Err(StorageError::InvalidConfig(
                "offset map is too small to fit in even a single message, so log cleaning \
                 will never make progress. You can increase log.cleaner.dedupe.buffer.size \
                 or decrease log.cleaner.threads"
                    .into(),
            ));
        }
        let cap = (room as usize).min(max_slots - 1);
        Ok(KeyMap {
            hashers: [RandomState::new(), RandomState::new()],
            slots: vec![FREE_SLOT; first_size(max_slots)],
            max_slots,
            cap,
            len: 0,
        })
    }

    /// Entries mapped.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The most entries this map takes (Kafka's `maxDesiredMapSize`).
    pub(super) fn capacity(&self) -> usize {
        self.cap
    }

    /// Whether the map takes no more entries: the pass stops mapping here.
    pub(super) fn is_full(&self) -> bool {
        self.len >= self.cap
    }

    /// Bytes of the slot array now.
    pub(super) fn allocated_bytes(&self) -> u64 {
        self.slots.len() as u64 * BYTES_PER_ENTRY
    }

    fn digest(&self, key: &[u8]) -> [u64; 2] {
        [self.hashers[0].hash_one(key), self.hashers[1].hash_one(key)]
    }

    /// The slot holding `digest`, or the free slot where it would go.
    fn find(slots: &[Slot], digest: [u64; 2]) -> usize {
        // Maps the first half of the digest onto the table (any size, no modulo).
        let mut at = ((u128::from(digest[0]) * slots.len() as u128) >> 64) as usize;
        loop {
            let s = &slots[at];
            if s.offset == FREE || s.digest == digest {
                return at;
            }
            at += 1;
            if at == slots.len() {
                at = 0;
            }
        }
    }

    /// The latest offset mapped for `key`.
    pub(super) fn get(&self, key: &[u8]) -> Option<i64> {
        let s = &self.slots[Self::find(&self.slots, self.digest(key))];
        (s.offset != FREE).then_some(s.offset)
    }

    /// Maps `key` to `offset` (offsets come in increasing order, so the newest wins).
    /// The caller checks [`KeyMap::is_full`] first.
    pub(super) fn put(&mut self, key: &[u8], offset: i64) {
        debug_assert!(!self.is_full() && offset >= 0);
        let digest = self.digest(key);
        let mut at = Self::find(&self.slots, digest);
        if self.slots[at].offset == FREE {
            // Keeps the table at most 3/4 full while it can grow, for short probes.
            if (self.len + 1) * 4 > self.slots.len() * 3 && self.slots.len() < self.max_slots {
                self.grow();
                at = Self::find(&self.slots, digest);
            }
            self.len += 1;
        }
        self.slots[at] = Slot { digest, offset };
    }

    /// Doubles the slot array (up to `max_slots`) and moves every entry into it.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).min(self.max_slots);
        let old = std::mem::replace(&mut self.slots, vec![FREE_SLOT; size]);
        for s in old.into_iter().filter(|s| s.offset != FREE) {
            let at = Self::find(&self.slots, s.digest);
            self.slots[at] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_their_latest_offset() {
        let mut map = KeyMap::new(1 << 20, 0.9).unwrap();
        map.put(b"a", 0);
        map.put(b"b", 1);
        map.put(b"a", 2);
        assert_eq!(map.get(b"a"), Some(2));
        assert_eq!(map.get(b"b"), Some(1));
        assert_eq!(map.get(b"c"), None);
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn the_map_grows_as_keys_come_and_stops_at_the_buffer() {
        let buffer = 100_000 * BYTES_PER_ENTRY;
        let mut map = KeyMap::new(buffer, 0.9).unwrap();
        assert_eq!(
            map.allocated_bytes(),
            first_size(100_000) as u64 * BYTES_PER_ENTRY
        );
        assert!(first_size(100_000) <= INITIAL_SLOTS);
        assert_eq!(map.capacity(), 90_000);
        let mut n = 0i64;
        while !map.is_full() {
            map.put(format!("key-{n}").as_bytes(), n);
            n += 1;
        }
        assert_eq!(n, 90_000);
        assert!(map.allocated_bytes() <= buffer, "{}", map.allocated_bytes());
        for k in (0..n).step_by(997) {
            assert_eq!(map.get(format!("key-{k}").as_bytes()), Some(k));
        }
        assert_eq!(map.get(b"never"), None);
    }

    #[test]
    fn the_last_doubling_lands_on_the_largest_size_from_half_of_it() {
        // Kafka's default buffer: 5,592,405 slots. Doubling from 1,024 would end with an array
        // of 4,194,304 beside the final one (1.75 x the buffer at once).
        let max = (128 << 20) / BYTES_PER_ENTRY as usize;
        let mut size = first_size(max);
        assert!(size <= INITIAL_SLOTS);
        while size * 2 < max {
            size *= 2;
        }
        // The array the last doubling replaces: about half the largest (rounding adds a little).
        assert!(size * 2 >= max && size * 100 < max * 51, "{size} of {max}");
        assert_eq!(first_size(10), 10);
    }

    #[test]
    fn a_buffer_without_room_for_one_entry_is_refused_as_kafka_does() {
        let err = KeyMap::new(BYTES_PER_ENTRY, 0.9).err().unwrap();
        assert!(err.to_string().contains("offset map is too small"), "{err}");
        assert!(KeyMap::new(1 << 20, f64::NAN).is_err());
        assert!(KeyMap::new(1 << 20, 0.0).is_err());
        let tiny = KeyMap::new(2 * BYTES_PER_ENTRY, 0.9).unwrap();
        assert_eq!(tiny.capacity(), 1);
    }
}
