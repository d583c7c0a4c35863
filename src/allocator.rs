//! The binary's memory allocator: the system's, except that blocks of exactly 1 MiB are
//! halves of 2 MiB pages that the kernel may back with one huge page each (transparent
//! huge pages).
//!
//! tantivy's indexing threads keep each segment's terms and postings in an arena of 1 MiB
//! pages (tens of them a thread) and touch them at random, one probe per indexed word:
//! with 4 KiB pages most probes also missed the CPU's address-translation cache. The
//! halves are kept for reuse when freed (the next segment's arena takes them), never
//! returned to the system.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;

/// A mebibyte.
const MIB: usize = 1 << 20;
/// The size (and alignment) of a huge page.
const HUGE_PAGE: usize = 2 * MIB;

/// The allocator: [`System`] for all but blocks of exactly 1 MiB.
pub struct HugeBlocks;

/// The 1 MiB blocks not in use.
struct Halves {
    /// The other half of the last page mapped, never used (so still zero), or 0.
    fresh: usize,
    /// The first freed block, or 0; each freed block holds the address of the next.
    freed: usize,
}

static HALVES: Mutex<Halves> = Mutex::new(Halves { fresh: 0, freed: 0 });

/// True when a block of `layout` is half of a huge page.
fn is_half(layout: Layout) -> bool {
    layout.size() == MIB && layout.align() <= MIB
}

/// One huge page's worth of zeroed memory, aligned to it and offered to the kernel for a
/// huge page; null when the system has no memory to give.
fn map_huge_page() -> *mut u8 {
    // SAFETY: anonymous mappings, unmapped only outside the range returned.
    unsafe {
        let raw = libc::mmap(
            std::ptr::null_mut(),
            2 * HUGE_PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if raw == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        let start = raw as usize;
        let aligned = start.next_multiple_of(HUGE_PAGE);
        let (end, page_end) = (start + 2 * HUGE_PAGE, aligned + HUGE_PAGE);
        if aligned > start {
            libc::munmap(raw, aligned - start);
        }
        if end > page_end {
            libc::munmap(page_end as *mut libc::c_void, end - page_end);
        }
        // Without transparent huge pages this fails, and the page has small pages.
        libc::madvise(aligned as *mut libc::c_void, HUGE_PAGE, libc::MADV_HUGEPAGE);
        aligned as *mut u8
    }
}

/// A free 1 MiB block, and whether it is known to be zero; null when none can be had.
fn take_half() -> (*mut u8, bool) {
    let mut halves = HALVES.lock().unwrap_or_else(|e| e.into_inner());
    if halves.freed != 0 {
        let block = halves.freed;
        // SAFETY: a freed block holds the address of the next one in its first word.
        halves.freed = unsafe { (block as *const usize).read() };
        return (block as *mut u8, false);
    }
    if halves.fresh != 0 {
        let block = std::mem::replace(&mut halves.fresh, 0);
        return (block as *mut u8, true);
    }
    let page = map_huge_page();
    if !page.is_null() {
        halves.fresh = page as usize + MIB;
    }
    (page, true)
}

/// Keeps the 1 MiB block at `block` for reuse.
fn give_half(block: *mut u8) {
    let mut halves = HALVES.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the block is ours again, 1 MiB long and aligned.
    unsafe { (block as *mut usize).write(halves.freed) };
    halves.freed = block as usize;
}

// SAFETY: every block is at least as long and as aligned as its layout asks (halves are
// 1 MiB long and aligned), and is handed out once until it is freed.
unsafe impl GlobalAlloc for HugeBlocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_half(layout) {
            take_half().0
        } else {
            // SAFETY: as the caller promised.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !is_half(layout) {
            // SAFETY: as the caller promised.
            return unsafe { System.alloc_zeroed(layout) };
        }
        let (block, zero) = take_half();
        if !block.is_null() && !zero {
            // SAFETY: the block is ours and 1 MiB long.
            unsafe { block.write_bytes(0, MIB) };
        }
        block
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_half(layout) {
            give_half(ptr)
        } else {
            // SAFETY: as the caller promised.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller promised a valid alignment and a size that does not overflow.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (is_half(layout), is_half(new_layout)) {
            // SAFETY: as the caller promised.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            (true, true) => ptr,
            _ => {
                // SAFETY: as the caller promised; the new block is another one.
                unsafe {
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    #[test]
    fn only_blocks_of_one_mebibyte_are_halves() {
        assert!(is_half(layout(MIB)));
        assert!(!is_half(layout(MIB + 8)));
        assert!(!is_half(layout(MIB - 8)));
        assert!(!is_half(layout(2 * MIB)));
        assert!(!is_half(Layout::from_size_align(MIB, HUGE_PAGE).unwrap()));
    }

    #[test]
    fn blocks_are_aligned_and_zeroed_when_asked_even_when_reused() {
        let a = HugeBlocks;
        let zero = |b: *mut u8| {
            unsafe { std::slice::from_raw_parts(b, MIB) }
                .iter()
                .all(|&x| x == 0)
        };
        unsafe {
            let blocks: Vec<*mut u8> = (0..4).map(|_| a.alloc_zeroed(layout(MIB))).collect();
            for &b in &blocks {
                assert_eq!(b as usize % MIB, 0);
                assert!(zero(b));
                b.write_bytes(0xAB, MIB);
                a.dealloc(b, layout(MIB));
            }
            // The freed blocks come back first, written on: zeroed again.
            let again: Vec<*mut u8> = (0..4).map(|_| a.alloc_zeroed(layout(MIB))).collect();
            for &b in &again {
                assert!(zero(b));
                a.dealloc(b, layout(MIB));
            }
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_across_kinds() {
        let a = HugeBlocks;
        unsafe {
            let mut size = 1000;
            let p = a.alloc(layout(size));
            for i in 0..size {
                p.add(i).write(i as u8);
            }
            let mut p = p;
            for new_size in [MIB, MIB, 4 * MIB, MIB, 500] {
                p = a.realloc(p, layout(size), new_size);
                size = new_size;
                for i in 0..500 {
                    assert_eq!(p.add(i).read(), i as u8);
                }
            }
            a.dealloc(p, layout(size));
        }
    }

    #[test]
    fn threads_never_share_a_block() {
        let threads: Vec<_> = (0..4u8)
            .map(|t| {
                std::thread::spawn(move || {
                    let a = HugeBlocks;
                    for round in 0..50u8 {
                        unsafe {
                            let blocks: Vec<*mut u8> =
                                (0..3).map(|_| a.alloc(layout(MIB))).collect();
                            for &b in &blocks {
                                b.write_bytes(t ^ round, MIB);
                            }
                            std::thread::yield_now();
                            for &b in &blocks {
                                let bytes = std::slice::from_raw_parts(b, MIB);
                                assert!(bytes.iter().all(|&x| x == t ^ round));
                                a.dealloc(b, layout(MIB));
                            }
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }
}
