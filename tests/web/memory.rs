//! The allocator starts in the wasm's initial memory (src/lib.rs): allocating does not grow
//! the memory while the initial 32 MiB (.cargo/config.toml) last.

use super::*;

/// The wasm memory's size in bytes.
fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Four MiB of allocations (and every earlier test's) fit in the initial memory: its size is
/// still the initial 32 MiB. With the standard library's allocator, which only grows the
/// memory, it was larger after the first allocation.
#[wasm_bindgen_test]
fn allocations_start_in_the_initial_memory() {
    let blocks: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 64 * 1024]).collect();
    assert_eq!(blocks.iter().map(Vec::len).sum::<usize>(), 4 << 20);
    assert_eq!(memory_bytes(), 32.0 * 1024.0 * 1024.0);
}
