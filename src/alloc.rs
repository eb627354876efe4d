//! The process's allocator: the system one, except that huge requests are only reserved.
//!
//! Why: the `kafka-protocol` decoder sizes a `Vec` from an array's length prefix before it
//! reads the elements (`Vec::with_capacity(n)`). A malformed request claiming 2^31 elements of
//! a 100-byte struct asks for ~200 GB; the system allocator refuses, and Rust aborts the whole
//! process on allocation failure — one bad frame would kill the broker. Requests of 1 GiB and
//! more (kt never needs one: requests are bounded by `socket.request.max.bytes`) are instead
//! mapped with `MAP_NORESERVE`: address space only, no memory until touched. The decoder then
//! fails on the missing bytes after touching a few pages, the mapping is released, and the
//! connection is closed with a log line.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::null_mut;

/// Allocations from this size on are lazily reserved mappings.
const HUGE: usize = 1 << 30;
const PAGE: usize = 4096;

/// The system allocator, with lazily reserved huge allocations (see the module comment).
pub struct KtAllocator;

fn is_huge(layout: &Layout) -> bool {
    layout.size() >= HUGE && layout.align() <= PAGE
}

unsafe fn map(size: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping with no file; the result is checked.
    let p = unsafe {
        libc::mmap(
            null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        null_mut()
    } else {
        p as *mut u8
    }
}

// SAFETY: every block is released by the same mechanism that produced it, decided by the
// layout (which `GlobalAlloc` callers must pass unchanged to `dealloc`).
unsafe impl GlobalAlloc for KtAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_huge(&layout) {
            unsafe { map(layout.size()) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_huge(&layout) {
            // Anonymous mappings are zero-filled.
            unsafe { map(layout.size()) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_huge(&layout) {
            unsafe { libc::munmap(ptr as *mut libc::c_void, layout.size()) };
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return null_mut();
        };
        if !is_huge(&layout) && !is_huge(&new_layout) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller of the two sizes and distinct.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_huge_unused_capacity_costs_no_memory() {
        // 100 GB of capacity, one element used: only reserved, never committed.
        let mut v: Vec<[u8; 100]> = Vec::with_capacity(1 << 30);
        v.push([7; 100]);
        assert_eq!(v[0][99], 7);
    }
}
