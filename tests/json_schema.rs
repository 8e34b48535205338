//! The JSON Schema form core: parsing into a form tree, defaults, `oneOf` matching, validation
//! messages with JSON pointers, cleaning, secrets. Runs over our own fixtures and, when
//! `CONNECTOR_CONSOLE_SHARED_FIXTURES` names the shared `fixtures` directory, over every
//! Arroyo schema there, read in place.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connector_console::schema::*;
use serde_json::{json, Value};

fn own(name: &str) -> String {
    fixture(&format!("laminar/{name}"))
}

fn broker() -> Node {
    parse_schema_str(&own("broker.profile.json")).expect("broker schema parses")
}

fn keys(node: &Node) -> Vec<&str> {
    node.properties().iter().map(|p| p.key.as_str()).collect()
}

fn titles(node: &Node) -> Vec<&str> {
    node.variants().iter().map(|v| v.title.as_str()).collect()
}

fn errors_at<'a>(errors: &'a [SchemaError], pointer: &str) -> Vec<&'a str> {
    errors
        .iter()
        .filter(|e| e.pointer == pointer)
        .map(|e| e.message.as_str())
        .collect()
}

fn string_parts(node: &Node) -> (&StringFormat, &[String], bool, bool) {
    match &node.kind {
        NodeKind::String {
            format,
            choices,
            multiline,
            secret,
            ..
        } => (format, choices.as_slice(), *multiline, *secret),
        other => panic!("not a string: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[test]
fn properties_keep_the_authored_order_from_text() {
    let b = broker();
    assert_eq!(
        keys(&b),
        [
            "servers",
            "primary",
            "auth",
            "registry",
            "tags",
            "levels",
            "replicas",
            "timeoutMs",
            "ratio",
            "compress",
            "verify",
            "properties",
            "extra",
            "startAt",
            "queue",
            "greeting",
            "legacyHost",
            "clusterId",
            "region"
        ]
    );
    // A parsed Value keeps the order too (serde_json's `preserve_order`): the same form.
    let v: Value = serde_json::from_str(&own("broker.profile.json")).unwrap();
    let parsed = parse_schema(&v);
    assert_eq!(keys(&parsed), keys(&b));
}

#[test]
fn widgets_come_from_the_keywords() {
    let b = broker();
    let servers = b.property("servers").unwrap();
    assert_eq!(servers.label("servers"), "Servers");
    assert_eq!(
        servers.placeholder().as_deref(),
        Some("queue-1:5672,queue-2:5672")
    );
    // $ref into $defs, with the referring schema's title winning.
    let primary = b.property("primary").unwrap();
    assert_eq!(primary.title.as_deref(), Some("Primary server"));
    assert!(
        matches!(&primary.kind, NodeKind::String { pattern: Some(p), .. } if p == r"^[\w\.\-]+:\d+$")
    );

    let auth = b.property("auth").unwrap();
    assert_eq!(titles(auth), ["Anonymous", "Password", "Token"]);
    assert!(b.lookup("/auth/Password/pass").unwrap().is_secret());
    assert!(
        b.lookup("/auth/Token/token").unwrap().is_secret(),
        "writeOnly is a secret"
    );
    let (format, _, _, secret) = string_parts(b.lookup("/auth/Password/user").unwrap());
    assert_eq!((format, secret), (&StringFormat::VarStr, false));
    assert_eq!(
        b.lookup("/auth/Token/mode").unwrap().allowed,
        [json!("token")]
    );

    let registry = b.property("registry").unwrap();
    match &registry.kind {
        NodeKind::Object {
            dependent_required, ..
        } => assert_eq!(
            dependent_required,
            &vec![
                ("key".to_string(), vec!["url".to_string()]),
                ("apiSecret".into(), vec!["url".into(), "key".into()])
            ]
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        registry.property("apiSecret").unwrap().is_secret(),
        "keys naming a secret are secrets"
    );
    assert_eq!(
        string_parts(registry.property("url").unwrap()).0,
        &StringFormat::Uri
    );

    match &b.property("tags").unwrap().kind {
        NodeKind::Array {
            items,
            unique,
            max_items,
            ..
        } => {
            assert!(*unique);
            assert_eq!(*max_items, Some(3));
            assert!(matches!(items.kind, NodeKind::String { .. }));
        }
        other => panic!("{other:?}"),
    }
    match &b.property("levels").unwrap().kind {
        NodeKind::Array { items, .. } => {
            assert_eq!(string_parts(items).1, ["debug", "info", "warn"])
        }
        other => panic!("{other:?}"),
    }
    match &b.property("replicas").unwrap().kind {
        NodeKind::Array { items, .. } => assert_eq!(keys(items), ["host", "weight"]),
        other => panic!("{other:?}"),
    }
    let timeout = b.property("timeoutMs").unwrap();
    assert!(timeout.nullable, "type: [integer, null]");
    assert!(
        matches!(timeout.kind, NodeKind::Integer { min: Some(a), max: Some(z) } if a == 100.0 && z == 60000.0)
    );
    assert!(matches!(
        b.property("ratio").unwrap().kind,
        NodeKind::Number { .. }
    ));
    assert!(matches!(
        b.property("compress").unwrap().kind,
        NodeKind::Boolean
    ));
    let props = b.property("properties").unwrap();
    assert!(
        props.is_map(),
        "a property may itself be called `properties`"
    );
    assert_eq!(
        b.property("extra").unwrap().kind,
        NodeKind::Json { object: true }
    );
    assert_eq!(
        string_parts(b.property("startAt").unwrap()).0,
        &StringFormat::DateTime
    );
    assert_eq!(
        string_parts(b.property("queue").unwrap()).0,
        &StringFormat::Autocomplete
    );
    assert!(
        string_parts(b.property("greeting").unwrap()).2,
        "maxLength > 200 is multi-line"
    );
    assert!(b.property("legacyHost").unwrap().deprecated);
    assert!(b.property("clusterId").unwrap().read_only);
    assert!(
        !b.requires("legacyHost"),
        "deprecated fields are never required"
    );
    assert!(b.requires("servers"));
    assert_eq!(leaf_count(&b), 25);
}

#[test]
fn hostile_or_odd_schemas_never_panic() {
    let cases = [
        json!(null),
        json!([]),
        json!(true),
        json!(false),
        json!(42),
        json!("string"),
        json!({}),
        json!({"type": 5}),
        json!({"type": ["null"]}),
        json!({"type": []}),
        json!({"properties": []}),
        json!({"properties": {"a": 5, "b": null, "c": []}}),
        json!({"oneOf": "x"}),
        json!({"oneOf": []}),
        json!({"oneOf": [null, 1, {"title": 5}]}),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"allOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"b": {}}, "required": ["b"]}]}),
        json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"$ref": "#/nope"}),
        json!({"$ref": "http://example.com/schema"}),
        json!({"$ref": "#"}),
        json!({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}),
        json!({"enum": []}),
        json!({"enum": [1, "a", null, {"x": 1}]}),
        json!({"type": "array", "items": [{"type": "string"}]}),
        json!({"type": "array", "items": 7}),
        json!({"type": "string", "pattern": "(((("}),
        json!({"type": "string", "minLength": -1, "maxLength": "x"}),
        json!({"required": "a", "sensitive": 4, "dependentRequired": {"a": "b"}}),
        json!({"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}}),
    ];
    for schema in &cases {
        let node = parse_schema(schema);
        for value in [
            json!(null),
            json!({}),
            json!([]),
            json!("x"),
            json!(1.5),
            json!({"a": [1, {"b": null}], "$variant": 99}),
        ] {
            let _ = validate(&node, &value);
            let _ = clean(&node, &value);
            let _ = strip_secrets(&node, &value);
            let _ = match_variant(node.variants(), &value);
        }
        let _ = default_value(&node);
        let _ = leaf_count(&node);
    }
    // Nesting far deeper than any form: parsed up to a limit, then marked unsupported.
    let mut deep = json!({"type": "string"});
    for _ in 0..200 {
        deep = json!({"type": "object", "properties": {"a": deep}});
    }
    let node = parse_schema(&deep);
    let mut n = &node;
    let mut depth = 0;
    while let Some(next) = n.property("a") {
        n = next;
        depth += 1;
    }
    assert!(depth < 200);
    assert!(matches!(n.kind, NodeKind::Unsupported { .. }));
    // Text that is not JSON is an error, not a panic; so is text nested past serde's limit.
    assert!(parse_schema_str("{").is_err());
    assert!(parse_schema_str(&"[".repeat(500)).is_err());
}

#[test]
fn type_arrays_const_and_untitled_variants() {
    let n = parse_schema(&json!({
        "properties": {
            "maybe": {"type": ["null", "string"], "enum": ["a", "b", null]},
            "either": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"const": "auto"}]}
        }
    }));
    let maybe = n.property("maybe").unwrap();
    assert!(maybe.nullable);
    assert_eq!(string_parts(maybe).1, ["a", "b"]);
    assert!(validate(&n, &json!({"maybe": null})).is_empty());
    let either = n.property("either").unwrap();
    assert_eq!(titles(either), ["Text", "Number", "auto"]);
    assert_eq!(match_variant(either.variants(), &json!(5)), 1);
    assert_eq!(match_variant(either.variants(), &json!("auto")), 2);
    assert_eq!(match_variant(either.variants(), &json!("other")), 0);
}

// ---------------------------------------------------------------------------------------------
// Defaults and variants

#[test]
fn defaults_fill_only_what_the_schema_says() {
    let b = broker();
    assert_eq!(
        default_value(&b),
        json!({"auth": {}, "timeoutMs": 5000, "compress": true, "verify": false, "region": "eu-west-1"})
    );
    let auth = b.property("auth").unwrap();
    assert_eq!(
        variant_reset(&auth.variants()[1]),
        json!({"mode": "password", "$variant": "Password"})
    );
    assert_eq!(
        variant_reset(&auth.variants()[2]),
        json!({"$variant": "Token"})
    );
    // A variant whose empty defaults would read as a sibling is kept by the marker.
    let n = parse_schema(&json!({"oneOf": [
        {"title": "A", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        {"title": "B", "properties": {}}
    ]}));
    let d = default_value(&n);
    assert_eq!(d, json!({"$variant": 0}));
    assert_eq!(match_variant(n.variants(), &d), 0);
    assert_eq!(clean(&n, &d), json!({}), "the marker is never sent");
}

#[test]
fn match_variant_scores_saved_configs() {
    let b = broker();
    let v = b.property("auth").unwrap().variants();
    assert_eq!(match_variant(v, &json!({})), 0);
    assert_eq!(match_variant(v, &json!({"user": "u", "pass": "p"})), 1);
    assert_eq!(
        match_variant(v, &json!({"user": "u"})),
        1,
        "half-typed still reads as Password"
    );
    assert_eq!(match_variant(v, &json!({"mode": "token", "token": "t"})), 2);
    assert_eq!(
        match_variant(v, &json!({"mode": "token"})),
        2,
        "const-like values decide"
    );
    assert_eq!(match_variant(v, &json!({"$variant": 2, "user": "u"})), 2);
    assert_eq!(match_variant(v, &json!({"$variant": "Token"})), 2);
    assert_eq!(
        match_variant(v, &json!({"$variant": 17})),
        0,
        "a stale marker is ignored"
    );
    assert_eq!(match_variant(v, &json!("text")), 0);
    assert_eq!(match_variant(&[], &json!({})), 0);
}

// ---------------------------------------------------------------------------------------------
// Validation

#[test]
fn validation_reports_every_rule_with_pointers() {
    let b = broker();
    let value = json!({
        "servers": "queue-1:5672,",
        "primary": "nohost",
        "auth": {"user": "a", "pass": "{{ PASS }}"},
        "registry": {"url": "registry.example.com", "key": "k", "apiSecret": "s"},
        "tags": ["ab", "ab", "Cd", "x"],
        "levels": [],
        "replicas": [{"weight": 11}],
        "timeoutMs": "50",
        "ratio": "abc",
        "verify": "maybe",
        "properties": {"a": "1", "": "x", "b": 5},
        "extra": "not json",
        "region": "mars",
        "compress": 3
    });
    let errors = validate(&b, &value);
    let at = |p: &str| errors_at(&errors, p);
    assert_eq!(
        at("/servers"),
        ["Must match the pattern ^(([\\w\\.\\-]+:\\d+),)*([\\w\\.\\-]+:\\d+)$ (comma-separated host:port pairs), for example queue-1:5672,queue-2:5672."]
    );
    assert_eq!(
        at("/primary"),
        ["Must match the pattern ^[\\w\\.\\-]+:\\d+$ (a host:port pair), for example queue-1.internal:5672."]
    );
    assert_eq!(at("/auth/user"), ["Must be at least 2 characters long."]);
    assert!(
        at("/auth/pass").is_empty(),
        "a {{{{ VAR }}}} reference is fine"
    );
    assert_eq!(
        at("/registry/url"),
        ["Must be a URL such as https://registry.example.com."]
    );
    assert!(
        at("/registry/key").is_empty(),
        "key is present: apiSecret's dependency holds"
    );
    assert_eq!(
        at("/tags/1"),
        ["Items must be unique (“ab” appears more than once)."]
    );
    assert_eq!(at("/tags"), ["Can have at most 3 items."]);
    assert_eq!(
        at("/tags/2"),
        ["Must match the pattern ^[a-z]+$ (lowercase letters only)."]
    );
    assert_eq!(at("/levels"), ["Levels is required."]);
    assert_eq!(at("/replicas/0/host"), ["Host is required."]);
    assert_eq!(at("/replicas/0/weight"), ["Must be at most 10."]);
    assert_eq!(at("/timeoutMs"), ["Must be at least 100."]);
    assert_eq!(at("/ratio"), ["Must be a number."]);
    assert_eq!(at("/verify"), ["Must be true or false."]);
    assert_eq!(at("/properties/"), ["Keys cannot be empty."]);
    assert_eq!(at("/properties/b"), ["Must be text."]);
    assert_eq!(
        at("/extra"),
        ["Must be a JSON object, like {\"key\": \"value\"}."]
    );
    assert_eq!(at("/region"), ["Must be one of: eu-west-1, us-east-1."]);
    assert_eq!(at("/compress"), ["Must be true or false."]);
    assert!(
        at("/legacyHost").is_empty(),
        "deprecated and required: not required"
    );
    assert_eq!(errors.len(), 18, "nothing else is reported: {errors:#?}");
}

#[test]
fn dependent_required_and_required_inside_variants() {
    let b = broker();
    let base = json!({"servers": "a:1", "levels": ["info"], "verify": false, "auth": {}});
    assert!(validate(&b, &base).is_empty(), "{:#?}", validate(&b, &base));

    let mut v = base.clone();
    v["registry"] = json!({"key": "k"});
    assert_eq!(
        validate(&b, &v),
        [SchemaError {
            pointer: "/registry/url".into(),
            message: "Key requires URL to be set.".into()
        }]
    );
    v["registry"] = json!({"apiSecret": "s"});
    assert_eq!(
        errors_at(&validate(&b, &v), "/registry/key"),
        ["API secret requires Key to be set."]
    );

    // Required fields of the variant the value matches.
    let mut v = base.clone();
    v["auth"] = json!({"$variant": "Password"});
    let errors = validate(&b, &v);
    assert_eq!(errors_at(&errors, "/auth/user"), ["User is required."]);
    assert_eq!(errors_at(&errors, "/auth/pass"), ["Pass is required."]);
    v["auth"] = json!("password");
    assert_eq!(
        errors_at(&validate(&b, &v), "/auth"),
        ["Authentication must be one of the choices: Anonymous, Password, Token."]
    );
    // A missing required oneOf is reported once, at its pointer.
    let mut v = base;
    v.as_object_mut().unwrap().remove("auth");
    assert_eq!(
        validate(&b, &v),
        [SchemaError {
            pointer: "/auth".into(),
            message: "Authentication is required.".into()
        }]
    );
}

#[test]
fn pointers_escape_slashes_and_tildes() {
    let n = parse_schema(&json!({
        "type": "object",
        "additionalProperties": {"type": "integer"}
    }));
    let errors = validate(&n, &json!({"a/b": "x", "c~d": 1.5}));
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(pointers, ["/a~1b", "/c~0d"]);
}

// ---------------------------------------------------------------------------------------------
// Cleaning and secrets

#[test]
fn clean_sends_only_what_matters() {
    let b = broker();
    let typed = json!({
        "servers": " q:1 ",
        "auth": {"$variant": 1, "user": "u", "pass": " p ", "token": "stale"},
        "registry": {"url": "", "key": ""},
        "tags": [],
        "levels": ["info", ""],
        "timeoutMs": "2500",
        "ratio": "0.5",
        "compress": "false",
        "verify": true,
        "properties": {"a": "1", " ": "x", "b": ""},
        "extra": "{\"k\": 1}",
        "startAt": "   ",
        "unknownTop": 7
    });
    let sent = clean(&b, &typed);
    assert_eq!(
        sent,
        json!({
            "servers": "q:1",
            "auth": {"user": "u", "pass": " p "},
            "levels": ["info"],
            "timeoutMs": 2500,
            "ratio": 0.5,
            "compress": false,
            "verify": true,
            "properties": {"a": "1"},
            "extra": {"k": 1},
            "unknownTop": 7
        })
    );
    assert_eq!(clean(&b, &sent), sent, "cleaning is idempotent");
    // A required object stays even when empty: `"auth": {}` means Anonymous.
    assert_eq!(
        clean(&b, &json!({"auth": {"$variant": 0, "user": "x"}})),
        json!({"auth": {}})
    );
    // An integral float for an integer is sent as an integer; a fraction is left for
    // validation to flag, not rounded.
    let sent = clean(&b, &json!({"timeoutMs": 2500.0, "ratio": 1.0}));
    assert!(sent["timeoutMs"].is_i64(), "{sent}");
    assert!(sent["ratio"].is_f64(), "numbers stay as they are");
    assert_eq!(
        clean(&b, &json!({"timeoutMs": 2.5}))["timeoutMs"],
        json!(2.5)
    );
    assert_eq!(
        clean(&b, &json!({"timeoutMs": "2.5"}))["timeoutMs"],
        json!("2.5")
    );
}

#[test]
fn secrets_are_stripped_for_drafts() {
    let b = broker();
    let v = json!({
        "servers": "a:1",
        "auth": {"user": "u", "pass": "p"},
        "registry": {"url": "https://r", "apiSecret": "s"}
    });
    assert_eq!(
        strip_secrets(&b, &v),
        json!({"servers": "a:1", "auth": {"user": "u"}, "registry": {"url": "https://r"}})
    );
    let v = json!({"auth": {"mode": "token", "token": "t"}});
    assert_eq!(strip_secrets(&b, &v), json!({"auth": {"mode": "token"}}));
}

#[test]
fn own_table_schema_switches_direction() {
    let t = parse_schema_str(&own("stream.table.json")).unwrap();
    let dir = t.property("direction").unwrap();
    assert_eq!(titles(dir), ["Source", "Sink"]);
    assert_eq!(default_value(&t), json!({"direction": {}}));
    let saved = json!({"stream": "orders", "direction": {"delivery": "exactly_once"}});
    assert_eq!(match_variant(dir.variants(), &saved["direction"]), 1);
    // Switching Sink → Source resets the values; Sink's keys are not sent.
    let mut edited = saved.clone();
    edited["direction"] = variant_reset(&dir.variants()[0]);
    edited["direction"]["start"] = json!("oldest");
    edited["direction"]["delivery"] = json!("exactly_once");
    assert_eq!(
        clean(&t, &edited),
        json!({"stream": "orders", "direction": {"start": "oldest"}})
    );
    let errors = validate(&t, &json!({"stream": "s", "direction": {"$variant": 0}}));
    assert_eq!(
        errors,
        [SchemaError {
            pointer: "/direction/start".into(),
            message: "Start is required.".into()
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Conformance: every shared Arroyo schema, read in place.

/// What must hold for each shared schema. Every file in the directory needs an entry here, so
/// a new fixture cannot go unchecked.
fn facts(name: &str, n: &Node) {
    let lookup = |p: &str| {
        n.lookup(p)
            .unwrap_or_else(|| panic!("{name}: {p} is missing"))
    };
    match name {
        "kafka.profile.json" => {
            assert_eq!(
                keys(n),
                [
                    "bootstrapServers",
                    "authentication",
                    "schemaRegistryEnum",
                    "connectionProperties"
                ]
            );
            assert_eq!(leaf_count(n), 10);
            let bs = lookup("/bootstrapServers");
            assert_eq!(
                bs.placeholder().as_deref(),
                Some("broker-1:9092,broker-2:9092")
            );
            assert_eq!(
                titles(lookup("/authentication")),
                ["None", "SASL", "AWS_MSK_IAM"]
            );
            assert!(lookup("/authentication/SASL/password").is_secret());
            assert!(!lookup("/authentication/SASL/username").is_secret());
            assert_eq!(
                titles(lookup("/schemaRegistryEnum")),
                ["None", "Confluent Schema Registry"]
            );
            assert!(lookup("/schemaRegistryEnum/Confluent Schema Registry/apiSecret").is_secret());
            assert!(lookup("/connectionProperties").is_map());
            assert_eq!(default_value(n), json!({"authentication": {}}));
            let sasl = json!({
                "bootstrapServers": "b1:9092,b2:9092",
                "authentication": {"protocol": "SASL_SSL", "mechanism": "SCRAM-SHA-256", "username": "u", "password": "{{ KAFKA_PASSWORD }}"},
                "connectionProperties": {"socket.timeout.ms": "60000"}
            });
            let auth = lookup("/authentication");
            assert_eq!(
                match_variant(auth.variants(), &sasl["authentication"]),
                1,
                "a saved SASL config selects SASL"
            );
            assert!(validate(n, &sasl).is_empty(), "{:#?}", validate(n, &sasl));
            let bad = json!({"bootstrapServers": "broker", "authentication": {"$variant": "SASL", "username": "u"}});
            let errors = validate(n, &bad);
            assert!(errors_at(&errors, "/bootstrapServers")[0].contains(
                "(comma-separated host:port pairs), for example broker-1:9092,broker-2:9092"
            ));
            assert_eq!(
                errors_at(&errors, "/authentication/password"),
                ["Password is required."]
            );
            assert_eq!(
                errors_at(&errors, "/authentication/protocol"),
                ["Protocol is required."]
            );
            // Switching SASL → None drops the SASL keys from what is sent.
            let mut switched = sasl.clone();
            switched["authentication"]["$variant"] = json!(0);
            assert_eq!(clean(n, &switched)["authentication"], json!({}));
            assert_eq!(
                strip_secrets(n, &sasl)["authentication"],
                json!({"protocol": "SASL_SSL", "mechanism": "SCRAM-SHA-256", "username": "u"})
            );
        }
        "kafka.table.json" => {
            assert_eq!(
                keys(n),
                ["topic", "type", "client_configs", "value_subject"]
            );
            assert_eq!(leaf_count(n), 10);
            assert_eq!(
                string_parts(lookup("/topic")).0,
                &StringFormat::Autocomplete
            );
            assert_eq!(titles(lookup("/type")), ["Source", "Sink"]);
            assert_eq!(
                string_parts(lookup("/type/Source/offset")).1,
                ["latest", "earliest", "group"]
            );
            assert!(lookup("/client_configs").is_map());
            assert_eq!(default_value(n), json!({"type": {}}));
            let sink = json!({"topic": "t", "type": {"commit_mode": "exactly_once", "key_field": "user_id"}});
            assert_eq!(match_variant(lookup("/type").variants(), &sink["type"]), 1);
            assert!(validate(n, &sink).is_empty());
            let errors = validate(n, &json!({"type": {"offset": "middle"}}));
            assert_eq!(errors_at(&errors, "/topic"), ["Topic is required."]);
            assert_eq!(
                errors_at(&errors, "/type/offset"),
                ["Must be one of: latest, earliest, group."]
            );
        }
        "confluent.profile.json" => {
            assert_eq!(
                keys(n),
                ["bootstrapServers", "key", "secret", "schemaRegistry"]
            );
            assert_eq!(leaf_count(n), 6);
            assert!(lookup("/secret").is_secret());
            assert!(!lookup("/key").is_secret());
            assert!(lookup("/schemaRegistry/apiSecret").is_secret());
            let errors = validate(
                n,
                &json!({"bootstrapServers": "pkc:9092", "key": "k", "secret": "s", "schemaRegistry": {"apiKey": "K"}}),
            );
            assert_eq!(
                errors,
                [SchemaError {
                    pointer: "/schemaRegistry/endpoint".into(),
                    message: "API Key requires Endpoint to be set.".into()
                }]
            );
        }
        "filesystem.table.pre-eb8d6adb.json" => {
            assert_eq!(keys(n), ["tableType"]);
            assert_eq!(leaf_count(n), 23);
            assert_eq!(titles(lookup("/tableType")), ["Source", "Sink"]);
            assert_eq!(
                titles(lookup("/tableType/Sink/formatSettings")),
                ["Parquet", "JSON"]
            );
            assert!(lookup("/tableType/Sink/formatSettings/Parquet/rowBatchSize").deprecated);
            assert!(lookup("/tableType/Source/storageOptions").is_map());
            assert_eq!(
                keys(lookup("/tableType/Sink/fileSettings")),
                [
                    "targetPartSize",
                    "maxParts",
                    "targetFileSize",
                    "rolloverSeconds",
                    "inactivityRolloverSeconds",
                    "partitioning",
                    "commitStyle",
                    "fileNaming"
                ]
            );
            let tt = lookup("/tableType");
            assert_eq!(
                match_variant(tt.variants(), &json!({"writePath": "s3://b/p"})),
                1
            );
            let fs = lookup("/tableType/Sink/formatSettings");
            assert_eq!(
                match_variant(fs.variants(), &json!({"json_format": "json"})),
                1
            );
            assert_eq!(match_variant(fs.variants(), &json!({})), 0);
            assert_eq!(
                variant_reset(&fs.variants()[1]),
                json!({"json_format": "json", "$variant": "JSON"})
            );
            let v = json!({"tableType": {"writePath": "s3://b/p", "fileSettings": {"targetPartSize": 1024, "partitioning": {"partitionFields": ["a", ""]}}}});
            assert_eq!(
                validate(n, &v),
                [SchemaError {
                    pointer: "/tableType/fileSettings/targetPartSize".into(),
                    message: "Must be at least 5242880.".into()
                }]
            );
            assert_eq!(
                clean(n, &v)["tableType"]["fileSettings"]["partitioning"],
                json!({"partitionFields": ["a"]})
            );
        }
        "impulse.table.json" => {
            assert_eq!(
                keys(n),
                ["event_rate", "event_time_interval", "message_count"]
            );
            assert_eq!(leaf_count(n), 3);
            let rate = lookup("/event_rate");
            assert!(matches!(rate.kind, NodeKind::Number { min: Some(m), .. } if m == 0.0));
            assert_eq!(rate.placeholder().as_deref(), Some("100"));
            assert_eq!(
                clean(n, &json!({"event_rate": "100", "message_count": ""})),
                json!({"event_rate": 100})
            );
            assert_eq!(
                validate(n, &json!({"event_rate": -1, "message_count": 2.5})),
                [
                    SchemaError {
                        pointer: "/event_rate".into(),
                        message: "Must be at least 0.".into()
                    },
                    SchemaError {
                        pointer: "/message_count".into(),
                        message: "Must be a whole number.".into()
                    }
                ]
            );
        }
        "kinesis.table.json" => {
            assert_eq!(keys(n), ["stream_name", "aws_region", "type"]);
            assert_eq!(leaf_count(n), 6);
            let errors = validate(
                n,
                &json!({"stream_name": "s", "type": {"records_per_batch": 501}}),
            );
            assert_eq!(
                errors_at(&errors, "/type/records_per_batch"),
                ["Must be at most 500."]
            );
        }
        "mqtt.profile.json" => {
            assert_eq!(
                keys(n),
                [
                    "tls",
                    "url",
                    "clientPrefix",
                    "username",
                    "password",
                    "maxPacketSize"
                ]
            );
            assert_eq!(leaf_count(n), 8);
            assert!(lookup("/password").is_secret());
            assert!(!lookup("/tls/key").is_secret());
            assert!(validate(
                n,
                &json!({"url": "tcp://localhost", "maxPacketSize": 4294967295u64})
            )
            .is_empty());
        }
        "mqtt.table.json" => {
            assert_eq!(keys(n), ["topic", "qos", "type"]);
            assert_eq!(leaf_count(n), 3);
            let ty = lookup("/type");
            assert_eq!(
                variant_reset(&ty.variants()[1]),
                json!({"retain": false, "$variant": "Sink"}),
                "a required box starts unticked"
            );
            assert_eq!(match_variant(ty.variants(), &json!({"retain": true})), 1);
        }
        "polling_http.table.json" => {
            assert_eq!(
                keys(n),
                [
                    "endpoint",
                    "headers",
                    "method",
                    "body",
                    "poll_interval_ms",
                    "emit_behavior"
                ]
            );
            assert!(string_parts(lookup("/body")).2, "a body is long text");
            let errors = validate(n, &json!({"endpoint": "example.com/x"}));
            assert_eq!(
                errors_at(&errors, "/endpoint"),
                ["Must be a URL such as https://example.com:8080/sse."]
            );
            assert_eq!(
                clean(
                    n,
                    &json!({"endpoint": "https://e", "poll_interval_ms": "1000"})
                ),
                json!({"endpoint": "https://e", "poll_interval_ms": 1000})
            );
        }
        "redis.profile.json" => {
            assert_eq!(keys(n), ["connection", "username", "password"]);
            assert_eq!(leaf_count(n), 4);
            assert_eq!(titles(lookup("/connection")), ["Standard", "Clustered"]);
            let errors = validate(
                n,
                &json!({"connection": {"addresses": ["redis://a:6379", "http://b"]}}),
            );
            assert_eq!(
                errors_at(&errors, "/connection/addresses/1"),
                ["Must match the pattern ^redis://.*$ (starts with “redis://”), for example redis://localhost:6379."]
            );
            assert_eq!(
                errors.len(),
                1,
                "the Clustered variant was chosen: {errors:#?}"
            );
        }
        "redis.table.json" => {
            assert_eq!(keys(n), ["connectorType"]);
            assert_eq!(leaf_count(n), 11);
            assert_eq!(titles(lookup("/connectorType")), ["Sink", "Lookup"]);
            assert_eq!(
                titles(lookup("/connectorType/Sink/target")),
                ["String Table", "List Table", "Hash Table"]
            );
            assert_eq!(
                lookup("/connectorType/Lookup/lookup").kind,
                NodeKind::Json { object: true }
            );
            let v = json!({"connectorType": {"target": {"hashKeyPrefix": "h:", "hashFieldColumn": "id"}}});
            assert!(validate(n, &v).is_empty());
            let target = lookup("/connectorType/Sink/target");
            assert_eq!(
                match_variant(target.variants(), &v["connectorType"]["target"]),
                2
            );
            let errors = validate(
                n,
                &json!({"connectorType": {"target": {"listPrefix": "l:"}}}),
            );
            assert_eq!(
                errors_at(&errors, "/connectorType/target/operation"),
                ["List Operation is required."]
            );
        }
        "sse.table.json" => {
            assert_eq!(keys(n), ["endpoint", "headers", "events"]);
            assert_eq!(string_parts(lookup("/headers")).0, &StringFormat::VarStr);
        }
        "webhook.table.json" => {
            assert_eq!(keys(n), ["endpoint", "headers"]);
            assert!(
                validate(n, &json!({"endpoint": "{{ WEBHOOK_URL }}"})).is_empty(),
                "var-str endpoints may be references"
            );
        }
        "websocket.table.json" => {
            assert_eq!(
                keys(n),
                [
                    "endpoint",
                    "headers",
                    "subscription_message",
                    "subscription_messages"
                ]
            );
            let old = lookup("/subscription_message");
            assert!(old.deprecated && string_parts(old).2);
            match &lookup("/subscription_messages").kind {
                NodeKind::Array { items, .. } => assert!(string_parts(items).2),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("no conformance facts for arroyo-schemas/{other}: add them"),
    }
}

#[test]
fn every_shared_arroyo_schema_parses_into_the_expected_form() {
    let Some(dir) = shared_dir("laminar/arroyo-schemas") else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let n = parse_schema_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            matches!(n.kind, NodeKind::Object { .. }),
            "{name}: the root is a form"
        );
        // The form follows the file's order.
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&n),
            doc["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            "{name}"
        );
        // Starting values are well-typed (only "required" can be missing) and clean is stable.
        let d = default_value(&n);
        for e in validate(&n, &d) {
            assert!(
                e.message.ends_with("is required."),
                "{name}: defaults break a rule: {e:?}"
            );
        }
        let c = clean(&n, &d);
        assert_eq!(clean(&n, &c), c, "{name}");
        facts(name, &n);
    }
}

#[test]
fn defaults_inside_optional_objects_prefill_and_are_sent() {
    let n = parse_schema(&json!({
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "retention": {
                "type": "object",
                "properties": {
                    "hours": {"type": "integer", "default": 24},
                    "policy": {"type": "string", "enum": ["delete", "compact"], "default": "delete"},
                    "note": {"type": "string"},
                    "deep": {"type": "object", "properties": {"level": {"type": "integer", "default": 3}}}
                }
            },
            "empty": {"type": "object", "properties": {"x": {"type": "string"}}}
        }
    }));
    let start = default_value(&n);
    assert_eq!(
        start,
        json!({"retention": {"hours": 24, "policy": "delete", "deep": {"level": 3}}}),
        "defaults at every depth; an optional object without defaults stays out"
    );
    assert_eq!(clean(&n, &start), start, "what is sent carries them");
}

/// Issue 10: a 66-byte schema whose object refers to itself twice asked for about 2^49 nodes.
#[test]
fn self_referring_schemas_are_bounded() {
    let bomb = json!({"type": "object", "properties": {"a": {"$ref": "#"}, "b": {"$ref": "#"}}});
    let started = std::time::Instant::now();
    let node = parse_schema(&bomb);
    assert!(started.elapsed().as_secs() < 5, "bounded work");
    assert!(leaf_count(&node) < 100, "{}", leaf_count(&node));
    // Two levels are built; the third is deferred (JSON until used) ...
    let deep = node.property("a").unwrap().property("a").unwrap();
    let deferred = deep.property("a").unwrap();
    assert!(
        matches!(deferred.kind, NodeKind::Json { object: true }),
        "{:?}",
        deferred.kind
    );
    assert!(deferred.deferred.is_some());
    // ... and built when used, two more levels at a time, each within the budget.
    let third = deferred.expanded().expect("a deferred level expands");
    assert!(third.property("b").is_some());
    assert!(leaf_count(third) < 100);
    assert!(started.elapsed().as_secs() < 5, "bounded work");
}

/// Issue 10: a recursive level is built lazily — only as deep as a value goes — and checking,
/// cleaning and the secret policy reach through every level a value has.
#[test]
fn recursive_levels_are_built_as_deep_as_values_go() {
    let schema = json!({
        "definitions": {"filter": {"type": "object", "required": ["field"], "properties": {
            "field": {"type": "string", "minLength": 2},
            "token": {"type": "string", "format": "password"},
            "and": {"type": "array", "items": {"$ref": "#/definitions/filter"}}
        }}},
        "type": "object",
        "properties": {"filter": {"$ref": "#/definitions/filter"}}
    });
    let node = parse_schema(&schema);
    // Six levels deep: far past the two built up front.
    let mut value = json!({"field": "x", "token": "deep-secret"});
    for i in 0..5 {
        value =
            json!({"field": format!("level{i}"), "token": format!("secret{i}"), "and": [value]});
    }
    let config = json!({"filter": value});
    let errors = validate(&node, &config);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].pointer, "/filter/and/0/and/0/and/0/and/0/and/0/field",
        "the sixth level is checked as a form, not as free JSON"
    );
    let stripped = strip_secrets(&node, &config).to_string();
    assert!(!stripped.contains("secret"), "{stripped}");
    assert!(stripped.contains("level4") && stripped.contains("\"x\""));
    // A blank optional input deep down is left out by clean, as at the top (free JSON would
    // keep it).
    let mut blank = config.clone();
    blank["filter"]["and"][0]["and"][0]["and"][0]["and"][0]["and"][0]["token"] = json!("");
    let cleaned = clean(&node, &blank);
    let deepest = &cleaned["filter"]["and"][0]["and"][0]["and"][0]["and"][0]["and"][0];
    assert_eq!(deepest, &json!({"field": "x"}), "{cleaned}");
}

/// A legitimate recursive schema: a filter whose `and`/`or` are lists of filters.
#[test]
fn recursive_filters_render_two_levels_then_defer() {
    let schema = json!({
        "definitions": {"filter": {"type": "object", "properties": {
            "field": {"type": "string"},
            "and": {"type": "array", "items": {"$ref": "#/definitions/filter"}},
            "or": {"type": "array", "items": {"$ref": "#/definitions/filter"}}
        }}},
        "type": "object",
        "properties": {"filter": {"$ref": "#/definitions/filter"}}
    });
    let node = parse_schema(&schema);
    assert!(leaf_count(&node) < 50);
    let f = node.property("filter").unwrap();
    assert!(f.property("field").is_some());
    let NodeKind::Array { items, .. } = &f.property("and").unwrap().kind else {
        panic!("and is a list")
    };
    assert!(
        items.property("field").is_some(),
        "the second level is a form"
    );
}

/// Many distinct definitions that all refer to each other hit the node budget, not the
/// memory: the rest of the schema still parses and says why.
#[test]
fn wide_mutual_references_hit_the_node_budget() {
    let mut defs = serde_json::Map::new();
    for i in 0..12 {
        let props: serde_json::Map<String, Value> = (0..12)
            .map(|j| {
                (
                    format!("p{j}"),
                    json!({"$ref": format!("#/definitions/d{j}")}),
                )
            })
            .collect();
        defs.insert(
            format!("d{i}"),
            json!({"type": "object", "properties": props}),
        );
    }
    let schema = json!({"definitions": defs, "type": "object", "properties": {"root": {"$ref": "#/definitions/d0"}, "name": {"type": "string"}}});
    let started = std::time::Instant::now();
    let node = parse_schema(&schema);
    assert!(started.elapsed().as_secs() < 5);
    assert!(node.property("name").is_some());
    assert!(format!("{node:?}").contains("too large"));
}

/// Required-ness of each property read in the loops (defaults, validation, cleaning) agrees
/// with `Node::requires`, in any key order: a deprecated required field is not required, an
/// unknown key is not, and values whose keys come out of the properties' order clean the same.
#[test]
fn required_properties_read_alike_in_any_order() {
    let n = parse_schema(&json!({
        "type": "object",
        "required": ["a", "old", "c"],
        "properties": {
            "a": {"type": "string"},
            "old": {"type": "string", "deprecated": true},
            "b": {"type": "object", "properties": {"x": {"type": "string"}}},
            "c": {"type": "object", "properties": {"y": {"type": "string"}}}
        }
    }));
    for p in n.properties() {
        assert_eq!(n.requires_property(p), n.requires(&p.key), "{}", p.key);
    }
    assert!(n.requires("a") && !n.requires("old") && !n.requires("b") && !n.requires("zz"));
    // The optional empty object is left out, the required one stays, whatever the order.
    let in_order = json!({"a": "v", "b": {"x": ""}, "c": {"y": ""}});
    let shuffled = json!({"c": {"y": ""}, "b": {"x": ""}, "a": "v"});
    let want = json!({"a": "v", "c": {}});
    assert_eq!(clean(&n, &in_order), want);
    assert_eq!(clean(&n, &shuffled), json!({"c": {}, "a": "v"}));
    assert_eq!(default_value(&n), json!({"c": {}}));
    let errors = validate(&n, &json!({}));
    assert_eq!(
        errors
            .iter()
            .map(|e| e.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/a", "/c"]
    );
}
