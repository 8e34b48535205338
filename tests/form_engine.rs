//! The form engine: conditions, validation, encoding, edit round-trips and drafts.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connector_console::model::form::*;
use serde_json::json;

fn set(values: &mut Values, key: &str, input: Input) {
    values.insert(key.to_string(), input);
}

fn text(s: &str) -> Input {
    Input::Text(s.to_string())
}

#[test]
fn toggling_ssh_shows_and_hides_the_ssh_fields() {
    let pg = postgres();
    let mut values = initial_values(&pg);
    let visible = |values: &Values, key: &str| {
        is_visible(pg.field(key).unwrap(), &FormLookup { ct: &pg, values })
    };
    assert!(!visible(&values, "ssh.host"));
    assert!(!visible(&values, "ssh.public.key.user.displayed"));
    set(&mut values, "ssh.enabled", Input::Bool(true));
    assert!(visible(&values, "ssh.host"));
    assert!(visible(&values, "ssh.port"));
    set(&mut values, "ssh.enabled", Input::Bool(false));
    assert!(!visible(&values, "ssh.host"));
}

#[test]
fn eq_ne_and_in_conditions_over_selects() {
    let wh = webhook();
    let mut values = initial_values(&wh);
    let visible = |values: &Values, key: &str| {
        is_visible(wh.field(key).unwrap(), &FormLookup { ct: &wh, values })
    };
    assert!(visible(&values, "region"), "IN holds for the default");
    assert!(!visible(&values, "legacy.mode"), "NE fails for the default");
    set(&mut values, "payload.format", text("ndjson"));
    assert!(visible(&values, "region"));
    assert!(visible(&values, "legacy.mode"));
    set(&mut values, "payload.format", text(""));
    assert!(!visible(&values, "region"), "IN needs a value");
    assert!(visible(&values, "legacy.mode"), "NE holds when empty");
}

#[test]
fn hidden_fields_are_neither_validated_nor_sent() {
    let pg = postgres();
    let mut values = initial_values(&pg);
    set(&mut values, "ssh.host", text("bastion.example.com"));
    let errors = validate(&pg, &values, &Mode::Create);
    assert!(errors.iter().all(|e| e.key != "ssh.host"));
    let config = encode(&pg, &values);
    assert!(
        !config.contains_key("ssh.host"),
        "hidden even though it holds a value"
    );
    assert!(!config.contains_key("signal.data.collection.schema.or.database"));

    set(&mut values, "ssh.enabled", Input::Bool(true));
    set(&mut values, "ssh.host", text(""));
    let errors = validate(&pg, &values, &Mode::Create);
    assert!(errors
        .iter()
        .any(|e| e.key == "ssh.host" && e.message == "SSH host is required."));
}

#[test]
fn required_fields_are_reported_in_display_order() {
    let pg = postgres();
    let values = initial_values(&pg);
    let keys: Vec<String> = validate(&pg, &values, &Mode::Create)
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(
        keys,
        [
            "database.hostname.user.defined",
            "database.user",
            "database.password"
        ]
    );
}

#[test]
fn numbers_ranges_selects_json_and_datetimes_are_checked() {
    let pg = postgres();
    let wh = webhook();
    let check = |ct: &connector_console::model::catalog::ConnectorType, key: &str, input: Input| {
        validate_field(ct.field(key).unwrap(), &input, &Mode::Create)
    };
    assert_eq!(
        check(&pg, "database.port.user.defined", text("54a")).as_deref(),
        Some("“54a” is not a number.")
    );
    assert_eq!(
        check(&pg, "database.port.user.defined", text("54.5")).as_deref(),
        Some("Enter a whole number.")
    );
    assert_eq!(
        check(&pg, "database.port.user.defined", text(" 6543 ")),
        None
    );
    assert_eq!(
        check(&pg, "heartbeat.interval.ms", text("500")).as_deref(),
        Some("Must be between 1000 and 60000.")
    );
    assert_eq!(
        check(&pg, "heartbeat.interval.ms", text("1500")).as_deref(),
        Some("Use steps of 1000 from 1000.")
    );
    assert_eq!(check(&pg, "heartbeat.interval.ms", text("2000")), None);
    assert!(check(&pg, "snapshot.read.only.user.defined", text("Maybe"))
        .unwrap()
        .contains("not one of"));
    assert!(check(
        &wh,
        "fields",
        Input::List(vec!["key".into(), "nope".into()])
    )
    .unwrap()
    .contains("“nope”"));
    assert_eq!(
        check(&wh, "topics", Input::List(vec!["anything.goes".into()])),
        None
    );
    let json_err = check(&pg, "custom.config", text("{\"a\": 1,}")).unwrap();
    assert!(
        json_err.starts_with("Invalid JSON at line 1, column 9"),
        "{json_err}"
    );
    assert_eq!(check(&pg, "custom.config", text("{\"a\": [1, 2]}")), None);
    assert!(check(&pg, "snapshot.start", text("next tuesday")).is_some());
    assert_eq!(check(&pg, "snapshot.start", text("2026-11-23T08:30")), None);
}

#[test]
fn encoding_sends_catalog_types_and_drops_emptied_optionals() {
    let pg = postgres();
    let wh = webhook();
    let mut values = initial_values(&pg);
    set(
        &mut values,
        "database.hostname.user.defined",
        text("  db.example.com "),
    );
    set(&mut values, "database.user", text("me"));
    set(&mut values, "database.password", text("pw"));
    set(&mut values, "tables", text(""));
    set(&mut values, "heartbeat.interval.ms", text("20000"));
    let config = encode(&pg, &values);
    assert_eq!(
        config["database.hostname.user.defined"],
        json!("db.example.com")
    );
    assert_eq!(
        config["database.port.user.defined"],
        json!("5432"),
        "port stays a string"
    );
    assert_eq!(config["heartbeat.enabled"], json!(true));
    assert_eq!(
        config["heartbeat.interval.ms"],
        json!(20000),
        "slider is an integer"
    );
    assert_eq!(config["include.db.name"], json!(false));
    assert!(
        !config.contains_key("tables"),
        "emptied optional is absent, not \"\""
    );
    assert!(!config.contains_key("ssh.public.key.user.displayed"));
    assert!(!config.contains_key("custom.config"));

    let mut values = initial_values(&wh);
    set(
        &mut values,
        "fields",
        Input::List(vec!["value".into(), "key".into()]),
    );
    set(&mut values, "topics", Input::List(vec!["a".into()]));
    set(&mut values, "strict", text("false"));
    let config = encode(&wh, &values);
    assert_eq!(config["payload.format"], json!("json"));
    assert_eq!(
        config["batch.wait.ms"],
        json!(5000),
        "numeric choices keep their type"
    );
    assert_eq!(
        config["strict"],
        json!(false),
        "boolean choices keep their type"
    );
    assert_eq!(config["fields"], json!(["value", "key"]));
    assert_eq!(config["topics"], json!(["a"]));
}

#[test]
fn editing_restores_inputs_and_keeps_unreturned_secrets() {
    let pg = postgres();
    let stored = json!({
        "database.hostname.user.defined": "db.example.com",
        "database.port.user.defined": "6543",
        "database.user": "me",
        "database.password": null,
        "api.key": "********",
        "heartbeat.enabled": false,
        "heartbeat.interval.ms": 30000,
        "slot.name": "slot_a"
    });
    let (values, mode) = values_from_config(&pg, stored.as_object().unwrap());
    assert!(mode.secret_is_set("database.password"));
    assert!(
        mode.secret_is_set("api.key"),
        "masked secrets are treated as set"
    );
    assert_eq!(values["database.password"], text(""));
    assert_eq!(values["heartbeat.enabled"], Input::Bool(false));
    assert_eq!(values["heartbeat.interval.ms"], text("30000"));
    let errors = validate(&pg, &values, &mode);
    assert!(
        errors.is_empty(),
        "a blank set secret is fine when editing: {errors:?}"
    );
    let config = encode(&pg, &values);
    assert!(
        !config.contains_key("database.password"),
        "blank = unchanged, not cleared"
    );
    assert!(
        !config.contains_key("api.key"),
        "the mask is never sent back as the value"
    );
    assert_eq!(config["database.port.user.defined"], json!("6543"));
}

#[test]
fn drafts_never_hold_secrets_and_restore_safely() {
    let pg = postgres();
    let mut values = initial_values(&pg);
    set(
        &mut values,
        "database.hostname.user.defined",
        text("typed.example.com"),
    );
    set(&mut values, "database.password", text("hunter2"));
    set(&mut values, "ssh.enabled", Input::Bool(true));
    let draft = draft_of(&pg, "my-source", &values);
    let stored = draft.to_string();
    assert!(!stored.contains("hunter2"), "{stored}");
    assert!(!stored.contains("database.password"));

    let mut fresh = initial_values(&pg);
    let name = restore_draft(&pg, &draft, &mut fresh);
    assert_eq!(name.as_deref(), Some("my-source"));
    assert_eq!(
        fresh["database.hostname.user.defined"],
        text("typed.example.com")
    );
    assert_eq!(fresh["ssh.enabled"], Input::Bool(true));
    assert_eq!(fresh["database.password"], text(""));

    // A draft of the wrong shape (old version, tampered storage) is ignored field by field.
    let odd = json!({"name": 5, "values": {"ssh.enabled": "yes", "database.user": ["x"], "database.password": "leak"}});
    let mut fresh = initial_values(&pg);
    assert_eq!(restore_draft(&pg, &odd, &mut fresh).as_deref(), Some(""));
    assert_eq!(fresh["ssh.enabled"], Input::Bool(false));
    assert_eq!(fresh["database.password"], text(""));
    assert_eq!(restore_draft(&pg, &json!("garbage"), &mut fresh), None);
}

#[test]
fn readonly_and_server_filled_fields_are_not_validated() {
    let pg = postgres();
    let key = pg.field("ssh.public.key.user.displayed").unwrap();
    assert_eq!(validate_field(key, &text(""), &Mode::Create), None);
    assert_eq!(encode_input(key, &text("ssh-ed25519 AAA")), None);
}

#[test]
fn typed_numbers_become_json_numbers_in_each_style() {
    use NumberStyle::*;
    let n = |t: &str, s| number_value(t, s);
    // Catalog integers: whole numbers only, however they are written.
    assert_eq!(n(" 42 ", Integer), Some(json!(42)));
    assert_eq!(n("1e3", Integer), Some(json!(1000)));
    assert_eq!(n("1.5", Integer), None);
    // Catalog numbers: whole values as integers, the rest as floats.
    assert_eq!(n("1.0", Compact), Some(json!(1)));
    assert_eq!(n("2.5", Compact), Some(json!(2.5)));
    assert_eq!(n("1e16", Compact), Some(json!(1e16)));
    // JSON Schema numbers: as typed, integers exact beyond 2^53.
    assert_eq!(n("1.0", Exact), Some(json!(1.0)));
    assert_eq!(n(" 7 ", Exact), Some(json!(7)));
    assert_eq!(
        n("9007199254740993", Exact),
        Some(json!(9_007_199_254_740_993_i64))
    );
    // Never a number: blanks, words, NaN and infinities.
    for s in [Integer, Compact, Exact] {
        for bad in ["", "  ", "abc", "12abc", "NaN", "inf", "-Infinity", "1e400"] {
            assert_eq!(n(bad, s), None, "{bad:?} as {s:?}");
        }
    }
}
