//! The connectors list as rows keyed by connector: what a row shows, what a poll changed, and
//! which rows are near the viewport. Pure, so the page only applies the result: it patches the
//! rows that changed and renders the rows that can be seen.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::catalog::ConnectorKind;
use super::status::{Connector, Health, StatusChange};

/// A row's identity: the connector's kind and id (sources and destinations are separate
/// collections, so an id alone might not be unique).
pub type RowKey = String;

/// The key of a connector's row.
pub fn row_key(kind: ConnectorKind, id: &str) -> RowKey {
    format!("{}/{id}", kind.plural())
}

/// What a row of the connectors list shows: a connector without what the list does not need
/// (its config, traces beyond the headline, task workers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The connector's id.
    pub id: String,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Its name.
    pub name: String,
    /// Its connector type's display name.
    pub type_name: String,
    /// Normalized health.
    pub health: Health,
    /// The backend's own state word.
    pub raw_state: String,
    /// Task states with their counts, in first-seen order.
    pub tasks: Vec<(String, usize)>,
    /// The one-line failure reason, if any.
    pub reason: Option<String>,
}

impl Row {
    /// The row of a connector.
    pub fn of(c: &Connector) -> Row {
        Row {
            id: c.id.clone(),
            kind: c.kind,
            name: c.name.clone(),
            type_name: c.type_name.clone(),
            health: c.health,
            raw_state: c.raw_state.clone(),
            tasks: c.task_summary(),
            reason: c.failure_reason(),
        }
    }

    /// A 64-bit digest of everything the row shows (FNV-1a over its fields): equal rows have
    /// equal digests in every build, so the page and the list worker can compare rows by it.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for b in bytes.iter().chain([&0xff]) {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        eat(self.id.as_bytes());
        eat(self.kind.plural().as_bytes());
        eat(self.name.as_bytes());
        eat(self.type_name.as_bytes());
        eat(self.health.css().as_bytes());
        eat(self.raw_state.as_bytes());
        for (state, n) in &self.tasks {
            eat(state.as_bytes());
            eat(&(*n as u64).to_le_bytes());
        }
        eat(self.reason.as_deref().map_or(&[0xfe][..], str::as_bytes));
        h
    }

    /// Its key.
    pub fn key(&self) -> RowKey {
        row_key(self.kind, &self.id)
    }

    /// True when the search text (lowercase) is in its name or type.
    pub fn matches(&self, query_lower: &str) -> bool {
        query_lower.is_empty()
            || self.name.to_lowercase().contains(query_lower)
            || self.type_name.to_lowercase().contains(query_lower)
    }
}

/// What one poll changed, against the rows shown before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowDiff {
    /// The keys in the new list's order (the list worker leaves it empty when
    /// `order_changed` is false: the page's order stands).
    pub order: Vec<RowKey>,
    /// Whether `order` differs from the order before (rows added, removed or moved).
    pub order_changed: bool,
    /// Rows that are new or whose content changed, with their new content.
    pub changed: Vec<(RowKey, Row)>,
    /// Keys no longer in the list.
    pub removed: Vec<RowKey>,
    /// Whether a change can move a row in or out of a filter or a search (health, name or
    /// type changed; rows came or went).
    pub filters_affected: bool,
}

/// The state changes to announce when `changed` replaces rows of `before` (rows that are new
/// are not announced). The page asks this of the rows it shows, whoever made the diff.
pub fn status_changes(
    before: &HashMap<RowKey, Row>,
    changed: &[(RowKey, Row)],
) -> Vec<StatusChange> {
    changed
        .iter()
        .filter_map(|(k, row)| {
            let old = before.get(k)?;
            (old.raw_state != row.raw_state).then(|| StatusChange {
                id: row.id.clone(),
                kind: row.kind,
                name: row.name.clone(),
                from: old.raw_state.clone(),
                to: row.raw_state.clone(),
            })
        })
        .collect()
}

/// Compares a poll's rows with rows known only by key and [`Row::digest`] (`held`, in their
/// order): what a page holds, told to the list worker that has not seen its rows, so the
/// worker's first answer is a diff rather than every row. Whether a changed row moves between
/// filters is not known here: any change counts as one.
pub fn diff_held(held: &[(RowKey, u64)], rows: &[Row]) -> RowDiff {
    let digests: HashMap<&str, u64> = held.iter().map(|(k, d)| (k.as_str(), *d)).collect();
    diff_with(
        held.iter().map(|(k, _)| k),
        rows,
        |key, row| match digests.get(key.as_str()) {
            Some(d) if *d == row.digest() => Seen::Same,
            Some(_) => Seen::Changed { filters: true },
            None => Seen::New,
        },
    )
}

/// Compares a poll's rows with the rows before it (`before` by key, `order` as shown). Linear
/// in the number of rows; only new and changed rows are copied. A key listed twice keeps its
/// first row.
pub fn diff_rows(before: &HashMap<RowKey, Row>, order: &[RowKey], rows: &[Row]) -> RowDiff {
    diff_with(order.iter(), rows, |key, row| match before.get(key) {
        Some(old) if old == row => Seen::Same,
        Some(old) => Seen::Changed {
            filters: old.health != row.health
                || old.name != row.name
                || old.type_name != row.type_name,
        },
        None => Seen::New,
    })
}

/// How a listed row compares with the row of its key before.
enum Seen {
    /// No row had its key.
    New,
    /// Unchanged.
    Same,
    /// Changed; `filters`: in a way that can move it in or out of a filter or a search.
    Changed { filters: bool },
}

/// The diff of `rows` against the rows before (their keys in `order`; `seen` compares one).
fn diff_with<'a>(
    order: impl Iterator<Item = &'a RowKey> + Clone,
    rows: &[Row],
    seen_as: impl Fn(&RowKey, &Row) -> Seen,
) -> RowDiff {
    let mut d = RowDiff {
        order: Vec::with_capacity(rows.len()),
        ..Default::default()
    };
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    for row in rows {
        let key = row.key();
        if !seen.insert(key.clone()) {
            continue;
        }
        d.order.push(key.clone());
        match seen_as(&key, row) {
            Seen::Same => {}
            Seen::Changed { filters } => {
                d.filters_affected |= filters;
                d.changed.push((key, row.clone()));
            }
            Seen::New => d.changed.push((key, row.clone())),
        }
    }
    d.removed = order
        .clone()
        .filter(|k| !seen.contains(*k))
        .cloned()
        .collect();
    d.order_changed = !d.order.iter().eq(order);
    d.filters_affected |= d.order_changed;
    d
}

/// How many rows are in each health state, worst first, skipping zeros.
pub fn counts<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<(Health, usize)> {
    let mut n = [0usize; Health::ALL.len()];
    for r in rows {
        if let Some(i) = Health::ALL.iter().position(|h| *h == r.health) {
            n[i] += 1;
        }
    }
    Health::ALL
        .iter()
        .zip(n)
        .filter(|(_, n)| *n > 0)
        .map(|(h, n)| (*h, n))
        .collect()
}

/// Lists up to this long are rendered whole; longer ones only near the viewport.
pub const RENDER_ALL_UP_TO: usize = 100;

/// Rows rendered beyond each edge of the viewport, so scrolling, Tab and a screen reader's
/// reading cursor always find the next row already there.
pub const OVERSCAN: usize = 30;

/// The rows to render, `start..end`, of `total` rows of `row_px` each whose first row's top
/// edge is `top_px` relative to the top of the viewport, which is `viewport_px` high. A list of
/// up to [`RENDER_ALL_UP_TO`] rows is rendered whole.
pub fn window(total: usize, row_px: f64, top_px: f64, viewport_px: f64) -> (usize, usize) {
    if total <= RENDER_ALL_UP_TO {
        return (0, total);
    }
    let row_px = if row_px.is_finite() && row_px >= 1.0 {
        row_px
    } else {
        40.0
    };
    let viewport_px = if viewport_px.is_finite() {
        viewport_px.max(0.0)
    } else {
        0.0
    };
    let top_px = if top_px.is_finite() { top_px } else { 0.0 };
    // Rows above the viewport's top edge, and rows down to its bottom edge.
    let first = (-top_px / row_px).floor().max(0.0) as usize;
    let last = ((viewport_px - top_px) / row_px).ceil().max(0.0) as usize;
    let start = first.min(total).saturating_sub(OVERSCAN);
    let end = last.saturating_add(OVERSCAN).min(total).max(start);
    // Never fewer than a screenful plus the margins (say, right after a jump to the end).
    let want = OVERSCAN * 2 + (viewport_px / row_px).ceil() as usize;
    if end - start < want {
        let end = (start + want).min(total);
        return (end.saturating_sub(want), end);
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, state: &str, health: Health) -> Row {
        Row {
            id: id.into(),
            kind: ConnectorKind::Source,
            name: format!("n-{id}"),
            type_name: "PostgreSQL".into(),
            health,
            raw_state: state.into(),
            tasks: vec![],
            reason: None,
        }
    }

    fn map(rows: &[Row]) -> (HashMap<RowKey, Row>, Vec<RowKey>) {
        (
            rows.iter().map(|r| (r.key(), r.clone())).collect(),
            rows.iter().map(Row::key).collect(),
        )
    }

    #[test]
    fn a_poll_that_changes_one_row_reports_one_row() {
        let before: Vec<Row> = (0..200)
            .map(|i| row(&i.to_string(), "Active", Health::Running))
            .collect();
        let (by_key, order) = map(&before);
        let mut after = before.clone();
        after[17] = row("17", "Broken", Health::Failed);
        let d = diff_rows(&by_key, &order, &after);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].0, "sources/17");
        assert!(!d.order_changed && d.removed.is_empty());
        assert!(d.filters_affected, "the row may leave a filter");
        let changes = status_changes(&by_key, &d.changed);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].from.as_str(), changes[0].to.as_str()),
            ("Active", "Broken")
        );
        // Nothing changed: nothing reported.
        let (by_key, order) = map(&after);
        let d = diff_rows(&by_key, &order, &after);
        assert!(d.changed.is_empty() && !d.order_changed && !d.filters_affected);
    }

    #[test]
    fn added_removed_and_moved_rows_change_the_order() {
        let a = row("a", "Active", Health::Running);
        let b = row("b", "Active", Health::Running);
        let c = row("c", "Pending", Health::Starting);
        let (by_key, order) = map(&[a.clone(), b.clone()]);
        let d = diff_rows(&by_key, &order, &[c.clone(), a.clone()]);
        assert_eq!(d.order, vec!["sources/c", "sources/a"]);
        assert!(d.order_changed && d.filters_affected);
        assert_eq!(d.removed, vec!["sources/b"]);
        assert_eq!(d.changed, vec![("sources/c".to_string(), c)]);
        assert!(
            status_changes(&by_key, &d.changed).is_empty(),
            "new rows are not announced"
        );
        // A row listed twice is kept once; a source and a destination may share an id.
        let mut dest = a.clone();
        dest.kind = ConnectorKind::Destination;
        let d = diff_rows(&HashMap::new(), &[], &[a.clone(), a, dest]);
        assert_eq!(d.order, vec!["sources/a", "destinations/a"]);
    }

    #[test]
    fn rows_known_by_digest_diff_as_rows_known_in_full() {
        let rows: Vec<Row> = (0..50)
            .map(|i| row(&i.to_string(), "Active", Health::Running))
            .collect();
        let held: Vec<(RowKey, u64)> = rows.iter().map(|r| (r.key(), r.digest())).collect();
        // The digest sees every field the row shows.
        let mut other = rows[3].clone();
        other.tasks = vec![("RUNNING".into(), 1)];
        assert_ne!(other.digest(), rows[3].digest());
        other = rows[3].clone();
        other.reason = Some(String::new());
        assert_ne!(other.digest(), rows[3].digest());
        // Nothing changed.
        let d = diff_held(&held, &rows);
        assert!(
            d.changed.is_empty() && d.removed.is_empty() && !d.order_changed && !d.filters_affected
        );
        assert_eq!(
            d.order,
            held.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
        );
        // One changed, one gone, one new: as `diff_rows` sees it.
        let mut after = rows.clone();
        after[7] = row("7", "Broken", Health::Failed);
        after.remove(9);
        after.push(row("new", "Pending", Health::Starting));
        let (by_key, order) = map(&rows);
        let full = diff_rows(&by_key, &order, &after);
        let by_digest = diff_held(&held, &after);
        assert_eq!(by_digest.changed, full.changed);
        assert_eq!(by_digest.removed, full.removed);
        assert_eq!(by_digest.order, full.order);
        assert!(by_digest.order_changed && by_digest.filters_affected);
        assert_eq!(
            status_changes(&by_key, &by_digest.changed),
            status_changes(&by_key, &full.changed)
        );
    }

    #[test]
    fn counts_are_worst_first() {
        let rows = [
            row("a", "Active", Health::Running),
            row("b", "Broken", Health::Failed),
            row("c", "Active", Health::Running),
        ];
        assert_eq!(
            counts(&rows),
            vec![(Health::Failed, 1), (Health::Running, 2)]
        );
    }

    #[test]
    fn the_window_covers_the_viewport_and_margins() {
        // Short lists: everything.
        assert_eq!(window(80, 40.0, 500.0, 900.0), (0, 80));
        // The list starts below the fold: its first rows and the margin.
        assert_eq!(window(2000, 40.0, 300.0, 900.0), (0, 83));
        // Scrolled 4,000 px into the list: row 100 at the top, 23 rows in view.
        assert_eq!(window(2000, 40.0, -4000.0, 900.0), (70, 153));
        // At the end.
        assert_eq!(window(2000, 40.0, -80_000.0 + 500.0, 900.0), (1917, 2000));
        // Scrolled past the list: the last screenful, never an empty window.
        assert_eq!(window(2000, 40.0, -200_000.0, 900.0), (1917, 2000));
        // Nonsense measurements do not break it.
        let (s, e) = window(2000, f64::NAN, f64::INFINITY, -1.0);
        assert!(s <= e && e <= 2000);
    }
}
