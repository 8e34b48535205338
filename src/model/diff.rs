//! "Review before update": what an edit changes in a stored configuration — added, changed and
//! removed keys, secrets masked. Pure; the edit page shows it and sends only after the user
//! confirms.

use serde_json::{Map, Value};

use super::catalog::value_to_text;

/// How one key changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Not stored, will be sent.
    Added,
    /// Stored with another value.
    Changed,
    /// Stored, will not be sent.
    Removed,
}

/// One changed key, with its values as shown (secrets masked, `None` when absent).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The key.
    pub key: String,
    /// Added, changed or removed.
    pub kind: ChangeKind,
    /// The stored value, as shown.
    pub before: Option<String>,
    /// The value about to be sent, as shown.
    pub after: Option<String>,
}

/// What is shown for a secret.
pub const MASK: &str = "••••••••";

/// The changes from `stored` to `sending`, in key order. `marked(key)` tells which keys the
/// catalog marks secret; the [secret policy](crate::secret) masks those and every other secret
/// (a changed secret shows as "•••••••• → ••••••••", never its value). A stored mask (`****`)
/// that is not sent is not a removal: the server keeps a secret it was not sent.
pub fn config_diff(
    stored: &Map<String, Value>,
    sending: &Map<String, Value>,
    marked: &dyn Fn(&str) -> bool,
) -> Vec<Change> {
    let shown = |k: &str, v: &Value| {
        if crate::secret::is_secret(marked(k), Some(k), v) {
            MASK.to_string()
        } else {
            value_to_text(v)
        }
    };
    let mut keys: Vec<&String> = stored.keys().chain(sending.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for k in keys {
        let kind = match (stored.get(k), sending.get(k)) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(a), None) => {
                if a.is_null() || crate::secret::is_masked(a) {
                    continue;
                }
                ChangeKind::Removed
            }
            (Some(a), Some(b)) if !same(a, b) => ChangeKind::Changed,
            _ => continue,
        };
        out.push(Change {
            key: k.clone(),
            kind,
            before: stored.get(k).map(|v| shown(k, v)),
            after: sending.get(k).map(|v| shown(k, v)),
        });
    }
    out
}

/// Equal as the servers compare configs: `"5"` and `5` are the same value.
fn same(a: &Value, b: &Value) -> bool {
    a == b || value_to_text(a) == value_to_text(b)
}
