//! The pure core's domain model: catalog, form engine, status, and the pipeline model (schema
//! catalogs, profiles, tables, jobs). No browser or framework imports, and no vendor: vendors
//! parse into these types.

pub mod catalog;
pub mod diff;
pub mod form;
pub mod icon;
pub mod layout;
pub mod pipeline;
pub mod pipeline_view;
pub mod playground;
pub mod raw_config;
pub mod rich_text;
pub mod rows;
pub mod status;
pub mod time;
pub mod validation;
