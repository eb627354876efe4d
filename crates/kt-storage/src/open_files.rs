//! A cap on the segment files (`.log`, `.index`, `.timeindex`) held open at once.
//!
//! Every segment has three files, so a broker with 10,000 partitions would hold 30,000
//! descriptors if each stayed open, far past a default `ulimit -n` of 1024. Instead each file
//! is a [`LazyFile`]: a path plus an entry in one [`OpenFiles`] cache that keeps at most
//! `capacity` descriptors and closes the least recently used one when another is needed. A
//! closed file is opened again (read-write, never created or truncated) by the next
//! [`LazyFile::get`], so partitions nobody uses cost no descriptor at all.
//!
//! Invariants:
//! - The cache holds at most `capacity` files. A caller that got an `Arc<File>` keeps it open
//!   for as long as it holds it (a read in progress outside the partition lock), so the
//!   descriptors in use exceed the cap only by the operations running at that moment.
//! - All opening and closing of segment files goes through here (one place to change).
//! - Closing a file loses nothing: writes are `pwrite`s with no user-space buffer, and an
//!   fsync through a descriptor opened later flushes the inode's dirty pages all the same (on
//!   Linux a write-back error not yet seen is reported to the next descriptor that syncs).

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use super::error::{IoContext, Result};

/// The fewest files the cache keeps open, whatever the descriptor limit: one partition being
/// written, read and cleaned at once needs a handful.
const MIN_CAPACITY: usize = 16;

/// The open descriptors of segment files, at most `capacity` of them, least recently used
/// closed first. One per process ([`OpenFiles::shared`]) unless a test makes its own.
#[derive(Debug)]
pub struct OpenFiles {
    inner: Mutex<Inner>,
    next_id: AtomicU64,
}

#[derive(Debug)]
struct Inner {
    capacity: usize,
    /// Clock of uses: every get moves a file to the newest tick.
    tick: u64,
    /// File id -> (descriptor, tick of its last use).
    open: HashMap<u64, (Arc<File>, u64)>,
    /// Tick of last use -> file id, oldest first (the eviction order).
    by_use: BTreeMap<u64, u64>,
    /// Files opened since the cache was made (a miss, or a new file): for tests and figures.
    opened: u64,
}

impl Inner {
    fn touch(&mut self, id: u64) -> Option<Arc<File>> {
        self.tick += 1;
        let tick = self.tick;
        let (file, last) = self.open.get_mut(&id)?;
        self.by_use.remove(last);
        *last = tick;
        self.by_use.insert(tick, id);
        Some(Arc::clone(file))
    }

    fn insert(&mut self, id: u64, file: Arc<File>) {
        self.tick += 1;
        self.opened += 1;
        if let Some((_, last)) = self.open.insert(id, (file, self.tick)) {
            self.by_use.remove(&last);
        }
        self.by_use.insert(self.tick, id);
        self.shrink_to(self.capacity);
    }

    fn shrink_to(&mut self, capacity: usize) {
        while self.open.len() > capacity {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            self.open.remove(&oldest);
        }
    }

    fn forget(&mut self, id: u64) {
        if let Some((_, last)) = self.open.remove(&id) {
            self.by_use.remove(&last);
        }
    }
}

impl OpenFiles {
    /// A cache that keeps at most `capacity` files open (at least [`MIN_CAPACITY`]).
    pub fn with_capacity(capacity: usize) -> Arc<OpenFiles> {
        Arc::new(OpenFiles {
            inner: Mutex::new(Inner {
                capacity: capacity.max(MIN_CAPACITY),
                tick: 0,
                open: HashMap::new(),
                by_use: BTreeMap::new(),
                opened: 0,
            }),
            next_id: AtomicU64::new(1),
        })
    }

    /// The process's cache, used by every log not given another. Its capacity starts at half
    /// the soft descriptor limit when first used (the other half is left to connections and
    /// the broker's other files), so the broker raises the limit before opening logs.
    pub fn shared() -> &'static Arc<OpenFiles> {
        static SHARED: OnceLock<Arc<OpenFiles>> = OnceLock::new();
        SHARED.get_or_init(|| OpenFiles::with_capacity(default_capacity()))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The map stays consistent at every step, so a panic elsewhere leaves it usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the cap, closing the least recently used files beyond it at once.
    pub fn set_capacity(&self, capacity: usize) {
        let mut inner = self.lock();
        inner.capacity = capacity.max(MIN_CAPACITY);
        let cap = inner.capacity;
        inner.shrink_to(cap);
    }

    /// The cap in force.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// Files the cache holds open now.
    pub fn open_count(&self) -> usize {
        self.lock().open.len()
    }

    /// Files opened since the cache was made (each miss and each new file counts once).
    pub fn opened_total(&self) -> u64 {
        self.lock().opened
    }

    /// Closes every file (they reopen on their next use).
    pub fn close_all(&self) {
        let mut inner = self.lock();
        inner.open.clear();
        inner.by_use.clear();
    }
}

/// Half the soft `RLIMIT_NOFILE`, or 1024 files where the limit cannot be read.
#[allow(unsafe_code, clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every Unix.
fn default_capacity() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the struct it is given, which lives on our stack.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return 1024;
    }
    let soft = limit.rlim_cur as u64;
    (soft / 2).min(1 << 20) as usize
}

/// How a [`LazyFile`] is made the first time; later opens are always read-write on the
/// existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Creation {
    /// Create it empty, cutting any stale file of that name.
    Truncate,
    /// Open it as it is, creating it empty if missing.
    Keep,
}

/// One segment file, open only while the [`OpenFiles`] cache keeps it. Dropping it forgets
/// its descriptor (the file itself stays on disk).
#[derive(Debug)]
pub(crate) struct LazyFile {
    id: u64,
    path: Arc<Path>,
    cache: Arc<OpenFiles>,
}

impl LazyFile {
    /// The existing file at `path`, not opened until its first [`LazyFile::get`]: a segment
    /// loaded lazily at start-up costs no descriptor until it is read or written.
    pub fn closed(cache: &Arc<OpenFiles>, path: PathBuf) -> LazyFile {
        LazyFile {
            id: cache.next_id.fetch_add(1, Ordering::Relaxed),
            path: Arc::from(path),
            cache: Arc::clone(cache),
        }
    }

    /// Opens (or creates, see [`Creation`]) the file at `path` now, so that errors such as a
    /// missing directory show at once, and puts its descriptor in `cache`.
    pub fn open(cache: &Arc<OpenFiles>, path: PathBuf, how: Creation) -> Result<LazyFile> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(how == Creation::Truncate)
            .open(&path)
            .at(&path)?;
        let id = cache.next_id.fetch_add(1, Ordering::Relaxed);
        cache.lock().insert(id, Arc::new(file));
        Ok(LazyFile {
            id,
            path: Arc::from(path),
            cache: Arc::clone(cache),
        })
    }

    /// The open file: the cached descriptor, or the file opened again (read-write, not
    /// created: a segment's files exist for as long as the segment does).
    pub fn get(&self) -> Result<Arc<File>> {
        if let Some(file) = self.cache.lock().touch(self.id) {
            return Ok(file);
        }
        // Opened without the cache's lock held: an open may wait on the disk.
        let file = Arc::new(
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.path)
                .at(&self.path)?,
        );
        self.cache.lock().insert(self.id, Arc::clone(&file));
        Ok(file)
    }

    /// The file's path.
    pub fn path(&self) -> &Arc<Path> {
        &self.path
    }

    /// Records the file's new name after a rename (an open descriptor stays valid across it;
    /// a later reopen uses the new name).
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = Arc::from(path);
    }

    /// The cache holding the file's descriptor.
    pub fn cache(&self) -> &Arc<OpenFiles> {
        &self.cache
    }

    /// Identifies this file among all the cache's files (a segment swapped by the cleaner
    /// has new ones).
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl Drop for LazyFile {
    fn drop(&mut self) {
        self.cache.lock().forget(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    #[test]
    fn the_cap_closes_the_least_recently_used_and_a_closed_file_reopens_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let cache = OpenFiles::with_capacity(MIN_CAPACITY);
        let files: Vec<LazyFile> = (0..40)
            .map(|i| {
                let f = LazyFile::open(&cache, dir.path().join(format!("{i}")), Creation::Truncate)
                    .unwrap();
                f.get().unwrap().write_all_at(&[i as u8; 3], 0).unwrap();
                assert!(cache.open_count() <= MIN_CAPACITY);
                f
            })
            .collect();
        assert_eq!(cache.open_count(), MIN_CAPACITY);
        // The oldest were closed; they open again with what was written through them.
        let mut buf = [0u8; 3];
        files[0].get().unwrap().read_exact_at(&mut buf, 0).unwrap();
        assert_eq!(buf, [0; 3]);
        files[1].get().unwrap().read_exact_at(&mut buf, 0).unwrap();
        assert_eq!(buf, [1; 3]);
        assert_eq!(cache.open_count(), MIN_CAPACITY);
        assert_eq!(cache.opened_total(), 42);
        // A file used again is the newest: 15 others can be opened without closing it.
        let before = cache.opened_total();
        for f in &files[2..17] {
            f.get().unwrap();
        }
        assert_eq!(cache.opened_total(), before + 15);
        files[1].get().unwrap();
        assert_eq!(cache.opened_total(), before + 15, "files[1] stayed open");
        // A dropped file leaves the cache; a smaller cap closes files at once.
        drop(files);
        assert_eq!(cache.open_count(), 0);
    }

    #[test]
    fn a_file_renamed_and_closed_reopens_under_its_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let cache = OpenFiles::with_capacity(MIN_CAPACITY);
        let mut f = LazyFile::open(&cache, dir.path().join("a"), Creation::Keep).unwrap();
        f.get().unwrap().write_all_at(b"abc", 0).unwrap();
        std::fs::rename(dir.path().join("a"), dir.path().join("b")).unwrap();
        f.set_path(dir.path().join("b"));
        cache.close_all();
        let mut buf = [0u8; 3];
        f.get().unwrap().read_exact_at(&mut buf, 0).unwrap();
        assert_eq!(&buf, b"abc");
        assert_eq!(&**f.path(), dir.path().join("b"));
        cache.set_capacity(0);
        assert_eq!(cache.capacity(), MIN_CAPACITY);
    }
}
