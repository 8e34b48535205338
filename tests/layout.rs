//! Catalog form layout (`model::layout`): sections that make sense for messy real catalogs.

mod common;

use connector_console::model::catalog::{ConnectorType, Field, Group};
use connector_console::model::layout::{label_without_mark, layout};

fn field(key: &str, group: &str, advanced: bool, required: bool, secret: bool) -> Field {
    Field {
        key: key.into(),
        label: key.into(),
        group: group.into(),
        advanced,
        required,
        secret,
        ..Default::default()
    }
}

fn group(id: &str, label: &str) -> Group {
    Group {
        id: id.into(),
        label: label.into(),
    }
}

fn ct(groups: Vec<Group>, fields: Vec<Field>) -> ConnectorType {
    ConnectorType {
        groups,
        fields,
        ..common::postgres()
    }
}

#[test]
fn blank_and_unknown_groups_go_to_general_and_empty_cards_go() {
    let t = ct(
        vec![
            group("", ""),
            group("Connection", "Connection"),
            group("Unused", "Unused"),
        ],
        vec![
            field("a", "", false, false, false),
            field("b", "Connection", false, false, false),
            field("c", "Nowhere", false, false, false),
        ],
    );
    let (sections, name_in) = layout(&t);
    let labels: Vec<&str> = sections.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, vec!["Connection", "General"]);
    assert_eq!(sections[1].basic, vec![0, 2]);
    assert_eq!(name_in, None);
    assert!(sections
        .iter()
        .all(|s| !s.basic.is_empty() || !s.advanced.is_empty()));
}

#[test]
fn required_and_secret_fields_are_never_advanced() {
    let t = ct(
        vec![group("Auth", "Auth")],
        vec![
            field("user", "Auth", true, true, false),
            field("password", "Auth", true, false, true),
            field("timeout", "Auth", true, false, false),
        ],
    );
    let (sections, _) = layout(&t);
    assert_eq!(sections[0].basic, vec![0, 1]);
    assert_eq!(sections[0].advanced, vec![2]);
}

#[test]
fn the_name_joins_the_plugins_own_connector_group() {
    let t = ct(
        vec![
            group("Common", "Connector"),
            group("Transforms", "Transforms"),
        ],
        vec![
            field("connector.class", "Common", false, true, false),
            field("transforms", "Transforms", false, false, false),
        ],
    );
    let (_, name_in) = layout(&t);
    assert_eq!(name_in, Some(0));
}

#[test]
fn a_trailing_required_mark_is_not_doubled() {
    assert_eq!(label_without_mark("Output Format *"), "Output Format");
    assert_eq!(label_without_mark("Output Format*"), "Output Format");
    assert_eq!(label_without_mark("Multiply a*"), "Multiply a");
    assert_eq!(label_without_mark("*"), "*");
    assert_eq!(label_without_mark("Host"), "Host");
}

#[test]
fn dom_ids_from_names_are_valid_and_distinct() {
    use connector_console::model::layout::dom_id_part;
    assert_eq!(dom_id_part("Connection"), "Connection");
    assert_eq!(dom_id_part("Error Handling"), "Error_20_Handling");
    assert_eq!(dom_id_part("database.hostname"), "database.hostname");
    assert_eq!(dom_id_part("a_b"), "a__b");
    let names = [
        "Exactly Once Support",
        "Exactly_Once Support",
        "Exactly_20_Once Support",
        "Über größe",
        "\"quoted\"",
        "",
    ];
    let ids: std::collections::BTreeSet<String> = names.iter().map(|n| dom_id_part(n)).collect();
    assert_eq!(ids.len(), names.len(), "{ids:?}");
    for id in &ids {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c)),
            "{id}"
        );
    }
}
