//! How a catalog form is laid out: which sections, in which order, which fields each shows at
//! once and which under "Advanced", and where the connector's own name goes. Pure; the form
//! component renders exactly this.
//!
//! Real catalogs are messy, so the rules are:
//! - a field with an empty or unknown group goes to "General" (the group list may also hold
//!   `""`, or not list a group its fields name);
//! - a section without fields is not shown (no empty cards);
//! - required fields and secrets are never hidden under "Advanced" (a required credential
//!   collapsed away is a form nobody can finish);
//! - the connector's name joins the plugin's own group called "Connector", when there is one,
//!   instead of a second card with the same heading;
//! - a label that already ends in `*` loses it (the form adds its own required mark).

use super::catalog::ConnectorType;

/// One card of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The group id the fields name (`""` for "General" when the catalog has no such group).
    pub id: String,
    /// The heading.
    pub label: String,
    /// Indexes into `ct.fields`, shown at once.
    pub basic: Vec<usize>,
    /// Indexes into `ct.fields`, under "Advanced".
    pub advanced: Vec<usize>,
}

/// The form's sections, and the index of the one that holds the connector name (`None`: the
/// name gets its own "Connector" card first).
pub fn layout(ct: &ConnectorType) -> (Vec<Section>, Option<usize>) {
    let general = "General";
    let mut sections: Vec<Section> = Vec::new();
    let section_of = |sections: &mut Vec<Section>, id: &str, label: &str| -> usize {
        match sections.iter().position(|s| s.id == id) {
            Some(i) => i,
            None => {
                sections.push(Section {
                    id: id.to_string(),
                    label: label.to_string(),
                    basic: Vec::new(),
                    advanced: Vec::new(),
                });
                sections.len() - 1
            }
        }
    };
    // The catalog's order first, blank groups folded into "General".
    for g in &ct.groups {
        let label = g.label.trim();
        if g.id.trim().is_empty() || label.is_empty() {
            continue;
        }
        section_of(&mut sections, &g.id, label);
    }
    for (i, f) in ct.fields.iter().enumerate() {
        let known = !f.group.trim().is_empty() && sections.iter().any(|s| s.id == f.group);
        let at = if known {
            section_of(&mut sections, &f.group, "")
        } else {
            let existing = sections
                .iter()
                .position(|s| s.label.eq_ignore_ascii_case(general) || s.id == f.group);
            match existing {
                Some(at) => at,
                None => section_of(&mut sections, "", general),
            }
        };
        if f.advanced && !f.required && !f.secret {
            sections[at].advanced.push(i);
        } else {
            sections[at].basic.push(i);
        }
    }
    sections.retain(|s| !(s.basic.is_empty() && s.advanced.is_empty()));
    let name_in = sections
        .iter()
        .position(|s| s.label.trim().eq_ignore_ascii_case("connector"));
    (sections, name_in)
}

pub use crate::schema::label_without_mark;

/// A DOM id part made from a key or a group name: ASCII letters, digits, `-`, `_`, `.` and `:`
/// stay; everything else (spaces, non-ASCII, quotes) becomes `_` and its code point in hex, so
/// `aria-labelledby`/`aria-describedby`/`for` (space-separated id lists) always resolve and two
/// different names never meet.
pub fn dom_id_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-.:".contains(c) {
            out.push(c);
        } else if c == '_' {
            out.push_str("__");
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}
