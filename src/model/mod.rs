//! The pure core's domain model: catalog, form engine, status. No browser or framework imports.

pub mod catalog;
pub mod form;
pub mod laminar_view;
pub mod raw_config;
pub mod status;
pub mod validation;
