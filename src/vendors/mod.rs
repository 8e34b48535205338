//! The vendors this build speaks, one folder each, registered below — the only place that
//! lists them. Everything else reaches a vendor through [`crate::vendor::Vendor`].
//!
//! Adding a backend: a folder `src/vendors/<name>/` whose `mod.rs` defines a unit struct that
//! implements [`Vendor`], a Cargo feature of the same name, its `mod` line and its entry in
//! [`VENDORS`] below, and its tests (`tests/<name>.rs`). See the README's "Adding a backend".

use crate::config::{AuthKind, BackendConfig};
use crate::vendor::Vendor;

// Each vendor: its module (compiled with its Cargo feature) ...
#[cfg(feature = "confluent-cloud")]
pub mod confluent;
#[cfg(feature = "kafka-connect")]
pub mod kafka_connect;
#[cfg(feature = "laminar")]
pub mod laminar;
#[cfg(feature = "streamkap")]
pub mod streamkap;

/// ... and its entry here: every vendor compiled into this build, in the order the settings
/// page lists them; the first with a simulator backs the built-in demo.
pub static VENDORS: &[&dyn Vendor] = &[
    #[cfg(feature = "streamkap")]
    &streamkap::Streamkap,
    #[cfg(feature = "kafka-connect")]
    &kafka_connect::KafkaConnect,
    #[cfg(feature = "confluent-cloud")]
    &confluent::ConfluentCloud,
    #[cfg(feature = "laminar")]
    &laminar::Laminar,
];

/// The vendor whose `config.json` name is `id`, when this build has it.
pub fn find(id: &str) -> Option<&'static dyn Vendor> {
    VENDORS.iter().copied().find(|v| v.id() == id)
}

/// The names of the vendors in this build, for messages ("streamkap, kafka-connect").
pub fn names() -> String {
    VENDORS
        .iter()
        .map(|v| v.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `config.json` parsing needs to know about this build's vendors.
pub struct Registry;

impl crate::config::BackendCheck for Registry {
    fn check(&self, b: &mut BackendConfig, auth_given: bool) -> Result<(), String> {
        let Some(vendor) = find(&b.dialect) else {
            return Err(if VENDORS.is_empty() {
                format!(
                    "this build of Connector Console includes no backend APIs, so “{}” cannot be used",
                    b.dialect
                )
            } else {
                format!(
                    "this build of Connector Console does not include the “{}” API (it has: {})",
                    b.dialect,
                    names()
                )
            });
        };
        if b.simulated && !cfg!(any(feature = "simulators", feature = "sim-worker")) {
            return Err(format!(
                "it is simulated, and this build of Connector Console has no simulators (give it a `base_url` to use the {} API)",
                b.dialect
            ));
        }
        vendor.check_backend(b)?;
        if !auth_given {
            b.auth = if b.simulated {
                AuthKind::None
            } else {
                vendor.default_auth()
            };
        }
        Ok(())
    }

    fn demo(&self) -> Option<BackendConfig> {
        if !cfg!(any(feature = "simulators", feature = "sim-worker")) {
            return None;
        }
        let v = VENDORS.first()?;
        Some(BackendConfig {
            id: "demo".into(),
            label: format!("{} (simulated)", v.label()),
            dialect: v.id().into(),
            simulated: true,
            base_url: None,
            auth: AuthKind::None,
            options: Default::default(),
            user_added: false,
            timeout_secs: None,
        })
    }
}
