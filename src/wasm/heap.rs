//! The wasm build's global allocator: the standard library's (dlmalloc),
//! with one change to how a large block grows.
//!
//! A `Vec` that doubles while it is the last block of the heap should grow
//! in place, into memory the heap takes from the host. dlmalloc grows a
//! block in place only into the free space it already has at the top; when
//! that is too small it allocates a new block past the top, copies, and
//! frees the old one, which stays behind as a hole below the new block.
//! Wasm memory never shrinks, so each such doubling of a large vector
//! costs its old size in memory for good, and a scan's findings, labels
//! and digit index all grow this way. On dense-1MB, 5.0 MB of live data
//! sat in 7.1 MB of memory at the peak of a scan.
//!
//! So before a block grows to [`GROWN_IN_PLACE`] bytes or more, the growth
//! is allocated and freed once. If the heap had no free block that large,
//! that allocation took the memory from the top (growing the memory by what
//! the growth needs, no more), and freeing it gave it back to the free top,
//! where the block, if it is the last one, then grows in place. If the
//! block is not the last one, the memory taken is the top the copy would
//! have taken anyway. If the heap had a free block that large elsewhere,
//! nothing changes. Either way the result is what `realloc` returns: the
//! allocate-and-free only decides where free memory is.
//!
//! ```ignore
//! // Growing a 512 KB vector at the top of the heap to 1 MB:
//! // before: a new 1 MB block past the top, a 512 KB hole below it;
//! // now: the same block, 512 KB longer.
//! let mut v: Vec<u8> = Vec::with_capacity(512 << 10);
//! v.reserve_exact(1 << 20);
//! ```

use std::alloc::{GlobalAlloc, Layout, System};

/// The smallest size a block grows to whose growth [`TopGrowth`] prepares:
/// below it, the holes a copy leaves are small, and the allocator reuses
/// them.
const GROWN_IN_PLACE: usize = 64 * 1024;

/// [`System`], but for the growth of large blocks (see the module).
struct TopGrowth;

// SAFETY: every call is forwarded to `System` with the caller's own
// arguments; the only other calls are a matched allocation and free of a
// layout that is valid (see `realloc`).
unsafe impl GlobalAlloc for TopGrowth {
    // Out of line, as `dealloc`: `realloc` calls both, and inlined there
    // they were second copies of the allocator's code (19 KB of wasm).
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        System.alloc_zeroed(layout)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && new_size >= GROWN_IN_PLACE {
            // Smaller than `new_size`, which the caller guarantees is a
            // valid size for this alignment.
            if let Ok(growth) = Layout::from_size_align(new_size - layout.size(), layout.align()) {
                let taken = self.alloc(growth);
                if !taken.is_null() {
                    self.dealloc(taken, growth);
                }
            }
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static HEAP: TopGrowth = TopGrowth;
