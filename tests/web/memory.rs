//! The allocator starts in the wasm's initial memory (src/lib.rs), rather than growing the
//! memory past it from the first allocation on.

/// The wasm's initial memory (`--initial-memory` in .cargo/config.toml), in bytes.
const INITIAL_MEMORY: usize = 32 << 20;

/// Heap blocks, small and large, sit in the initial memory. The standard library's allocator
/// only ever grows the memory, so each of its blocks was at or above `INITIAL_MEMORY`. (Block
/// addresses, not the memory's size: earlier tests in the same page may have used the initial
/// memory up.)
#[wasm_bindgen_test::wasm_bindgen_test]
fn heap_blocks_sit_in_the_initial_memory() {
    let small = vec![1u8; 64];
    let large = vec![2u8; 256 * 1024];
    for (what, block) in [("small", &small), ("large", &large)] {
        let at = block.as_ptr() as usize;
        assert!(
            at + block.len() <= INITIAL_MEMORY,
            "a {what} block at {at:#x}, past the initial memory"
        );
    }
}
