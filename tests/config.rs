//! Runtime configuration: `config.json`, embed options, locations and base paths, checked
//! against this build's vendors.

use connector_console::config::*;
use connector_console::vendors::Registry;

#[test]
fn embed_options() {
    let o = parse_embed_options(
        r#"{"backends":[{"id":"a","dialect":"streamkap","simulated":true}],"default_backend":"a",
            "base_path":"/portal/connectors/","theme":"dark"}"#,
        &Registry,
    );
    assert_eq!(o.config.backends[0].id, "a");
    assert_eq!(o.base_path.as_deref(), Some("/portal/connectors"));
    assert_eq!(o.theme, Theme::Dark);
    let o = parse_embed_options("{}", &Registry);
    assert!(o.config.backends[0].simulated);
    assert!(
        o.config.notices.is_empty(),
        "no options is a normal choice, not a problem"
    );
    assert_eq!((o.base_path, o.theme), (None, Theme::Auto));
    let o = parse_embed_options(r#"{"base_path":"relative","theme":"purple"}"#, &Registry);
    assert_eq!(o.base_path, None);
    assert_eq!(o.config.notices.len(), 2);
}

#[test]
fn locations() {
    let l = parse_location("/tools/cc", "/tools/cc/connector?kind=sources&id=a%2Fb#x").unwrap();
    assert_eq!(l.route, "connector");
    assert_eq!(l.param("id"), Some("a/b"));
    assert_eq!(parse_location("/tools/cc", "/tools/cc/").unwrap().route, "");
    assert_eq!(parse_location("/tools/cc", "/tools/cc").unwrap().route, "");
    assert_eq!(parse_location("", "/index.html").unwrap().route, "");
    // A linked schema opens the Playground (the benchmark driver's URL).
    let l = parse_location("", "/index.html?schema=schema-100.json").unwrap();
    assert_eq!(
        (l.route.as_str(), l.param("schema")),
        ("playground", Some("schema-100.json"))
    );
    assert_eq!(
        parse_location("", "/index.html?schemas=1").unwrap().route,
        ""
    );
    assert_eq!(parse_location("/tools/cc", "/tools/ccx/catalog"), None);
    assert_eq!(parse_location("/tools/cc", "/elsewhere"), None);
    assert_eq!(parse_location("", "/a/b"), None);
}

#[test]
fn base_paths() {
    for (path, base) in [
        ("/", ""),
        ("", ""),
        ("/catalog", ""),
        ("/connectors/", "/connectors"),
        ("/index.html", ""),
        ("/tools/connectors/", "/tools/connectors"),
        ("/tools/console", "/tools/console"),
        ("/tools/connectors/connector", "/tools/connectors"),
        ("/tools/connectors/index.html", "/tools/connectors"),
        ("/tools/connectors/edit", "/tools/connectors"),
    ] {
        assert_eq!(base_from_path(path), base, "{path}");
    }
}

#[test]
fn the_documented_example_parses() {
    let cfg = parse_config(
        r#"{ "backends": [
            { "id": "demo", "label": "Streamkap (simulated)", "dialect": "streamkap", "simulated": true },
            { "id": "prod", "label": "Streamkap", "dialect": "streamkap", "base_url": "https://api.example.com/" } ],
          "default_backend": "demo" }"#,
        &Registry,
    );
    assert!(cfg.notices.is_empty(), "{:?}", cfg.notices);
    assert_eq!(cfg.backends.len(), 2);
    assert_eq!(
        cfg.backends[1].base_url.as_deref(),
        Some("https://api.example.com")
    );
    assert_eq!(cfg.select(None).0.unwrap().id, "demo");
    assert_eq!(cfg.select(Some("prod")).0.unwrap().id, "prod");
    let (b, notice) = cfg.select(Some("nope"));
    assert_eq!(b.unwrap().id, "demo");
    assert!(notice.unwrap().contains("“nope”"));
}

#[test]
fn broken_files_fall_back_with_a_notice() {
    for text in ["", "{", "[]", "{\"backends\": 3}", "{\"backends\": []}"] {
        let cfg = parse_config(text, &Registry);
        assert_eq!(cfg.backends.len(), 1, "{text}");
        assert!(cfg.backends[0].simulated);
        assert!(!cfg.notices.is_empty(), "{text}");
    }
}

#[test]
fn bad_entries_are_dropped_with_reasons() {
    let cfg = parse_config(
        r#"{ "backends": [
            { "id": "a", "dialect": "streamkap" },
            { "id": "b", "dialect": "mystery", "simulated": true },
            { "id": "cc", "dialect": "confluent-cloud", "base_url": "https://api.confluent.cloud" },
            { "id": "au", "dialect": "streamkap", "base_url": "https://x", "auth": "magic" },
            { "id": "c", "dialect": "streamkap", "base_url": "ftp://x" },
            { "dialect": "streamkap", "simulated": true },
            { "id": "ok", "dialect": "kafka-connect", "base_url": "/connect" },
            { "id": "ok", "dialect": "streamkap", "simulated": true } ],
          "default_backend": "zzz" }"#,
        &Registry,
    );
    assert_eq!(cfg.backends.len(), 1);
    assert_eq!(cfg.backends[0].label, "ok");
    assert_eq!(cfg.default_backend, "ok");
    assert_eq!(cfg.notices.len(), 8, "{:#?}", cfg.notices);
}

#[test]
fn protocol_relative_base_urls_are_refused() {
    for url in [
        "//evil.example.com",
        "//evil.example.com/api",
        "/\\evil.example.com",
    ] {
        let cfg = parse_config(
            &format!(
                r#"{{ "backends": [ {{ "id": "x", "dialect": "kafka-connect", "base_url": "{}" }},
                    {{ "id": "ok", "dialect": "kafka-connect", "base_url": "/connect" }} ] }}"#,
                url.replace('\\', "\\\\")
            ),
            &Registry,
        );
        assert_eq!(cfg.backends.len(), 1, "{url}: {:?}", cfg.notices);
        assert_eq!(cfg.backends[0].id, "ok");
        assert!(
            cfg.notices[0].contains("not an http(s) URL or an absolute path"),
            "{:?}",
            cfg.notices
        );
    }
}
