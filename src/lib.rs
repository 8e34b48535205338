//! Connector Console: pick a connector from a vendor's catalog, fill in a form generated from
//! its property metadata, submit a validated config and watch it come up, live.
//!
//! The pure core (`model`, `dialect`, `sim`, `config`) has no browser imports and is tested
//! natively; `net`, `components` and `pages` are the thin browser shell.

pub mod api;
pub mod api_laminar;
pub mod app;
pub mod auth;
pub mod components;
pub mod config;
pub mod dialect;
pub mod embed;
pub mod model;
pub mod net;
pub mod pages;
pub mod sim;
