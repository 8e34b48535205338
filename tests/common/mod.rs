//! Helpers shared by the native test files.
#![allow(dead_code)]

use connector_console::model::catalog::{Catalog, ConnectorKind, ConnectorType};
use connector_console::vendors::streamkap::wire::parse_catalog;

/// Reads a file under `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Reads a data file of a vendor's folder (`src/vendors/<vendor>/data/<name>`).
pub fn vendor_data(vendor: &str, name: &str) -> String {
    let full = format!(
        "{}/src/vendors/{vendor}/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Parses one of our own catalog fixtures.
pub fn catalog(path: &str, kind: ConnectorKind) -> Catalog {
    parse_catalog(kind, &fixture(path)).expect("catalog parses")
}

/// The named connector type from the object-shape fixture.
pub fn postgres() -> ConnectorType {
    catalog("streamkap/catalog-object-shape.json", ConnectorKind::Source)
        .types
        .into_iter()
        .find(|t| t.id == "postgresql")
        .expect("postgresql in fixture")
}

/// The webhook connector type from the object-shape fixture.
pub fn webhook() -> ConnectorType {
    catalog("streamkap/catalog-object-shape.json", ConnectorKind::Source)
        .types
        .into_iter()
        .find(|t| t.id == "webhook")
        .expect("webhook in fixture")
}
