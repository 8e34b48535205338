//! Connector Console: pick a connector from a vendor's catalog, fill in a form generated from
//! its property metadata, submit a validated config and watch it come up, live.
//!
//! Layers, each importing only the ones below it:
//! - the pure core, tested natively, with no browser imports: `http` (requests and responses
//!   as values), `model` (the domain), `schema` (JSON Schema forms), `secret` (the secret policy), `config` (runtime
//!   configuration), `auth` (credentials), `vendor` (the vendor boundary) and `vendors` (one
//!   folder per backend: wire format, verbs, simulator);
//! - the browser shell: `browser` (storage, timers, performance marks), `net` (the transport,
//!   the only code that touches the network), `api` (the async verbs pages call), `ui` (the app
//!   context and small DOM helpers), `components`, `pages`, `app` (router and header) and
//!   `embed` (the JavaScript entry points).

#![warn(missing_docs)]

/// The allocator of the wasm builds: dlmalloc, as the standard library's own, but a release
/// (0.2.13 on) that takes the wasm's initial memory, from the end of its data to the end of
/// that memory (`__heap_base`..`__heap_end`), as its first region. The standard library's
/// (0.2.11) only ever grows the memory, 64 KiB at a time, so the 32 MiB of initial memory
/// that `.cargo/config.toml` asks for sat unused while a 1,000-field form's first render grew
/// the memory about 180 times (to 43.6 MiB). Now it stays at 32 MiB, and the heap sits in it
/// (`tests/web/memory.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

pub mod api;
pub mod app;
pub mod auth;
pub mod browser;
pub mod components;
pub mod config;
// The JavaScript entry points; the worker's module leaves them out (they would keep the whole
// app in it).
#[cfg(not(any(feature = "sim-worker-module", feature = "poll-worker-module")))]
pub mod embed;
pub mod http;
pub mod model;
pub mod net;
pub mod pages;
pub mod poll_worker;
pub mod schema;
pub mod secret;
pub mod sim_worker;
pub mod ui;
pub mod vendor;
pub mod vendors;
