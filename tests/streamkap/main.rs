//! Streamkap: its wire format over real-shaped payloads (`wire`), its simulator (`sim`), the
//! shared public payloads (`conformance`), and its verbs and encode step run against its
//! simulator (`verbs`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;

mod conformance;
mod sim;
mod verbs;
mod wire;
