//! Rich help text: real-shaped catalog help (Kafka Connect, Airbyte, Debezium) parses into the
//! expected blocks and inlines, hostile markup never yields an unsafe link or loses text, and
//! no input makes the parser panic or take long.
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

use connector_console::model::rich_text::{
    is_safe_href, parse_rich_text, plain_text, Block, Inline, MAX_DEPTH,
};
use proptest::prelude::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}
fn code(s: &str) -> Inline {
    Inline::Code(s.into())
}
fn link(href: &str, label: &str) -> Inline {
    Inline::Link {
        href: href.into(),
        children: vec![text(label)],
    }
}
fn para(v: Vec<Inline>) -> Block {
    Block::Paragraph(v)
}

/// Calls `f` on every inline under `v`, with its depth of nesting.
fn walk<'a>(v: &'a [Inline], depth: usize, f: &mut dyn FnMut(&'a Inline, usize)) {
    for i in v {
        f(i, depth);
        if let Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { children: c, .. } = i {
            walk(c, depth + 1, f);
        }
    }
}
fn each_inline<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline, usize)) {
    for b in blocks {
        match b {
            Block::Paragraph(v) => walk(v, 1, f),
            Block::List { items, .. } => items.iter().for_each(|v| walk(v, 1, f)),
            Block::Pre(_) => {}
        }
    }
}
fn hrefs(blocks: &[Block]) -> Vec<String> {
    let mut out = vec![];
    each_inline(blocks, &mut |i, _| {
        if let Inline::Link { href, .. } = i {
            out.push(href.clone());
        }
    });
    out
}
/// True when a link holds a link.
fn nested_link(blocks: &[Block]) -> bool {
    let mut found = false;
    each_inline(blocks, &mut |i, _| {
        if let Inline::Link { children, .. } = i {
            walk(children, 0, &mut |j, _| {
                found |= matches!(j, Inline::Link { .. });
            });
        }
    });
    found
}
fn max_depth(blocks: &[Block]) -> usize {
    let mut d = 0;
    each_inline(blocks, &mut |_, depth| d = d.max(depth));
    d
}

/// Parses within a time budget (generous: debug builds on a shared machine).
fn parse_timed(input: &str) -> Vec<Block> {
    let t = Instant::now();
    let out = parse_rich_text(input);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?} for {} bytes",
        t.elapsed(),
        input.len()
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Plain text renders as before

#[test]
fn plain_text_is_one_paragraph_with_that_text() {
    let s = "The password associated with the username.";
    assert_eq!(parse_rich_text(s), vec![para(vec![text(s)])]);
    assert_eq!(plain_text(&parse_rich_text(s)), s);
    assert_eq!(parse_rich_text(""), vec![]);
    assert_eq!(parse_rich_text("  \n\t \n"), vec![]);
}

#[test]
fn debezium_doc_with_quotes_underscores_and_regex_stays_text() {
    let s = "The criteria for running a snapshot upon startup of the connector. Select one of \
             the following snapshot options: 'when_needed': On startup, the connector runs a \
             snapshot if one is needed.; 'schema_only': If the connector does not detect any \
             offsets for the logical server name, it runs a snapshot that captures only the \
             schema (table structures), but not any table data.; 'initial' (default): If the \
             connector does not detect any offsets for the logical server name, it runs a \
             snapshot that captures the current full state of the configured tables.";
    assert_eq!(parse_rich_text(s), vec![para(vec![text(s)])]);
    // Regex-ish wildcards and snake_case names are not emphasis.
    let s = "A comma-separated list of regular expressions that match fully-qualified table \
             identifiers, e.g. inventory.* or db_name.table_name, 2 * 3 = 6.";
    assert_eq!(parse_rich_text(s), vec![para(vec![text(s)])]);
    let s = "Specify how DECIMAL and NUMERIC columns should be represented in change events, \
             including: 'precise' (the default) uses java.math.BigDecimal to represent values; \
             'string' uses string to represent values; 'double' represents values using Java's \
             'double', which may not offer the precision but will be far easier to use in \
             consumers.";
    assert_eq!(parse_rich_text(s), vec![para(vec![text(s)])]);
}

// ---------------------------------------------------------------------------------------------
// Real-shaped catalog help

#[test]
fn kafka_connect_elasticsearch_doc_with_code_and_link() {
    let s = "The comma-separated list of one or more Elasticsearch URLs, such as \
             <code>http://eshost1:9200,http://eshost2:9200</code> or \
             <code>https://eshost3:9200</code>. HTTPS is used for all connections if any of the \
             URLs starts with <code>https:</code>. A URL without a protocol is treated as \
             <code>http</code>. See <a href=\"https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-network.html\" \
             target=\"_top\" onclick=\"track()\">the network settings</a> for details.";
    assert_eq!(
        parse_rich_text(s),
        vec![para(vec![
            text("The comma-separated list of one or more Elasticsearch URLs, such as "),
            code("http://eshost1:9200,http://eshost2:9200"),
            text(" or "),
            code("https://eshost3:9200"),
            text(". HTTPS is used for all connections if any of the URLs starts with "),
            code("https:"),
            text(". A URL without a protocol is treated as "),
            code("http"),
            text(". See "),
            link(
                "https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-network.html",
                "the network settings"
            ),
            text(" for details."),
        ])]
    );
}

#[test]
fn kafka_connect_rst_double_backticks_are_code() {
    let s = "How to handle records with a non-null key and a null value (i.e. Kafka tombstone \
             records). Valid options are ``IGNORE``, ``DELETE``, and ``FAIL``.";
    assert_eq!(
        parse_rich_text(s),
        vec![para(vec![
            text(
                "How to handle records with a non-null key and a null value (i.e. Kafka \
                 tombstone records). Valid options are "
            ),
            code("IGNORE"),
            text(", "),
            code("DELETE"),
            text(", and "),
            code("FAIL"),
            text("."),
        ])]
    );
}

#[test]
fn kafka_connect_html_paragraphs_and_list() {
    let s = "<p>Which records to write.</p><p>Options:<ul>\n  <li><code>insert</code> &mdash; \
             plain <b>INSERT</b> statements;</li>\n  <li><code>upsert</code> uses the \
             <i>primary key</i>.</li>\n</ul></p><p>Default: <code>insert</code>.</p>";
    assert_eq!(
        parse_rich_text(s),
        vec![
            para(vec![text("Which records to write.")]),
            para(vec![text("Options:")]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![
                        code("insert"),
                        text(" — plain "),
                        Inline::Strong(vec![text("INSERT")]),
                        text(" statements;"),
                    ],
                    vec![
                        code("upsert"),
                        text(" uses the "),
                        Inline::Emphasis(vec![text("primary key")]),
                        text("."),
                    ],
                ],
            },
            para(vec![text("Default: "), code("insert"), text(".")]),
        ]
    );
}

#[test]
fn airbyte_description_with_markdown_link_and_br() {
    let s = "The name of the S3 bucket. Read more \
             [here](https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html).\
             <br>Example: `airbyte-sync-bucket`";
    assert_eq!(
        parse_rich_text(s),
        vec![para(vec![
            text("The name of the S3 bucket. Read more "),
            link(
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html",
                "here"
            ),
            text("."),
            Inline::LineBreak,
            text("Example: "),
            code("airbyte-sync-bucket"),
        ])]
    );
}

#[test]
fn airbyte_html_link_and_placeholders_that_look_like_tags() {
    let s = "Enter your Snowflake account's <a href=\"https://docs.snowflake.com/en/user-guide/admin-account-identifier.html#using-an-account-locator-as-an-identifier\">locator</a> \
             (in the format <account_locator>.<region>.<cloud>.snowflakecomputing.com)";
    assert_eq!(
        parse_rich_text(s),
        vec![para(vec![
            text("Enter your Snowflake account's "),
            link(
                "https://docs.snowflake.com/en/user-guide/admin-account-identifier.html#using-an-account-locator-as-an-identifier",
                "locator"
            ),
            text(" (in the format <account_locator>.<region>.<cloud>.snowflakecomputing.com)"),
        ])]
    );
    let s = "Stripe API key (usually starts with 'sk_live_'; find yours \
             <a href=\"https://dashboard.stripe.com/apikeys\">here</a>).";
    assert_eq!(
        parse_rich_text(s),
        vec![para(vec![
            text("Stripe API key (usually starts with 'sk_live_'; find yours "),
            link("https://dashboard.stripe.com/apikeys", "here"),
            text(")."),
        ])]
    );
}

#[test]
fn airbyte_markdown_paragraphs_lists_emphasis_and_fence() {
    let s = "Space-delimited list of GitHub repositories, e.g. `airbytehq/airbyte`.\n\
             \n\
             **Note:** you need *read* access. Supported forms:\n\
             - `owner/repo` for one repository\n\
             - `owner/*` for _every_ repository of an owner\n\
             \n\
             Steps:\n\
             1. Open https://github.com/settings/tokens.\n\
             2. Create a token\n\
             \n\
             ```json\n\
             {\"repository\": \"<owner>/<repo>\"}\n\
             ```\n\
             See [the docs](https://docs.airbyte.com/integrations/sources/github \"GitHub\").";
    assert_eq!(
        parse_rich_text(s),
        vec![
            para(vec![
                text("Space-delimited list of GitHub repositories, e.g. "),
                code("airbytehq/airbyte"),
                text("."),
            ]),
            para(vec![
                Inline::Strong(vec![text("Note:")]),
                text(" you need "),
                Inline::Emphasis(vec![text("read")]),
                text(" access. Supported forms:"),
            ]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![code("owner/repo"), text(" for one repository")],
                    vec![
                        code("owner/*"),
                        text(" for "),
                        Inline::Emphasis(vec![text("every")]),
                        text(" repository of an owner"),
                    ],
                ],
            },
            para(vec![text("Steps:")]),
            Block::List {
                ordered: true,
                items: vec![
                    vec![
                        text("Open "),
                        link(
                            "https://github.com/settings/tokens",
                            "https://github.com/settings/tokens"
                        ),
                        text("."),
                    ],
                    vec![text("Create a token")],
                ],
            },
            Block::Pre("{\"repository\": \"<owner>/<repo>\"}".into()),
            para(vec![
                text("See "),
                link(
                    "https://docs.airbyte.com/integrations/sources/github",
                    "the docs"
                ),
                text("."),
            ]),
        ]
    );
}

#[test]
fn bullet_lists_with_continuations_and_star_markers() {
    let s = "Modes:\n* `full_refresh` reads everything\n  on every sync\n* `incremental` reads \
             only new rows\n\nAfter the list.";
    assert_eq!(
        parse_rich_text(s),
        vec![
            para(vec![text("Modes:")]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![
                        code("full_refresh"),
                        text(" reads everything\non every sync")
                    ],
                    vec![code("incremental"), text(" reads only new rows")],
                ],
            },
            para(vec![text("After the list.")]),
        ]
    );
    // Nested HTML lists flatten; a stray <li> makes a list of its own.
    let blocks = parse_rich_text("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><li>d</li>");
    assert_eq!(
        blocks,
        vec![
            Block::List {
                ordered: false,
                items: vec![vec![text("a")], vec![text("b")], vec![text("c")]],
            },
            Block::List {
                ordered: false,
                items: vec![vec![text("d")]],
            },
        ]
    );
}

#[test]
fn html_pre_keeps_whitespace_and_decodes_entities() {
    let s = "Example:<pre><code>{\n  \"a\": &quot;x&lt;y&quot;,\n  <b>\"b\"</b>: 1\n}\n</code></pre>Done.";
    assert_eq!(
        parse_rich_text(s),
        vec![
            para(vec![text("Example:")]),
            Block::Pre("{\n  \"a\": \"x<y\",\n  \"b\": 1\n}".into()),
            para(vec![text("Done.")]),
        ]
    );
}

#[test]
fn entities_decode_and_bad_ones_stay_text() {
    assert_eq!(
        parse_rich_text("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x41;&nbsp;e &copy;"),
        vec![para(vec![text("a <b> & \"c\" 'd' A\u{a0}e ©")])]
    );
    // Escaped markup is text, not markup.
    assert_eq!(
        parse_rich_text("&lt;script&gt;alert(1)&lt;/script&gt; &#42;not em&#42;"),
        vec![para(vec![text("<script>alert(1)</script> *not em*")])]
    );
    for s in [
        "AT&T",
        "a & b",
        "&unknown;",
        "&#;",
        "&#x;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&#99999999999;",
        "&amp",
        "&#65",
        "&",
        "&&&;",
    ] {
        assert_eq!(parse_rich_text(s), vec![para(vec![text(s)])], "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

#[test]
fn javascript_and_other_schemes_never_become_links() {
    for (s, want) in [
        ("<a href=\"javascript:alert(1)\">x</a>", "x"),
        ("<a href='JaVaScRiPt:alert(1)'>x</a>", "x"),
        ("<a href=\" javascript:alert(1)\">x</a>", "x"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "x"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "x"),
        ("<a href=\"vbscript:msgbox\">x</a>", "x"),
        ("<a href=//evil.example>x</a>", "x"),
        ("<a href=\"/relative/path\">x</a>", "x"),
        ("<a href=\"http:evil.example\">x</a>", "x"),
        ("<a href=\"https:/\\evil.example\">x</a>", "x"),
        ("<a>x</a>", "x"),
        ("[x](javascript:alert(1))", "x"),
        ("[x](JAVASCRIPT:alert(document.cookie))", "x"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "x"),
        ("[x](//evil.example)", "x"),
        ("[x](relative/page)", "x"),
        ("[x]()", "x"),
    ] {
        let blocks = parse_timed(s);
        assert!(hrefs(&blocks).is_empty(), "{s} gave a link: {blocks:?}");
        assert_eq!(plain_text(&blocks), want, "{s}");
    }
}

#[test]
fn a_quoted_gt_ends_the_tag_early_but_never_makes_a_link() {
    // Tags end at the first `>` (quotes are not tracked across it), so the rest is text.
    let blocks = parse_timed("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>");
    assert!(hrefs(&blocks).is_empty(), "{blocks:?}");
    assert_eq!(plain_text(&blocks), "alert(1)\">x");
}

#[test]
fn only_href_is_read_and_the_first_one_wins() {
    let blocks = parse_rich_text(
        "<a onclick=\"evil()\" href=\"https://ok.example/a?b=1&amp;c=2\" href=\"javascript:x\" \
         style=\"x\">ok</a>",
    );
    assert_eq!(
        blocks,
        vec![para(vec![link("https://ok.example/a?b=1&c=2", "ok")])]
    );
    let blocks = parse_rich_text("<a href=\"javascript:x\" href=\"https://ok.example\">no</a>");
    assert!(hrefs(&blocks).is_empty());
    assert_eq!(plain_text(&blocks), "no");
    // Scheme case does not matter for the allowlist.
    assert_eq!(
        hrefs(&parse_rich_text("<a href=\"HTTPS://Example.com/X\">x</a>")),
        vec!["HTTPS://Example.com/X"]
    );
}

#[test]
fn script_style_and_img_are_dropped() {
    let s = "Before <img src=x onerror=alert(1)>after<script>alert(2)</script> \
             <STYLE>body{display:none}</STYLE>end <svg onload=alert(3)>svg text</svg> \
             <iframe src=\"https://evil.example\">fallback</iframe>.";
    let blocks = parse_timed(s);
    let t = plain_text(&blocks);
    assert_eq!(t, "Before after end svg text .");
    assert!(hrefs(&blocks).is_empty());
    // An unclosed <script> drops the rest, as a browser would.
    assert_eq!(
        plain_text(&parse_rich_text("kept <script>alert(1) never shown")),
        "kept"
    );
    // Obfuscated tags are text at worst (and the renderer only ever makes text nodes).
    assert_eq!(
        parse_rich_text("<scr<script>x</script>ipt>alert(1)</script>"),
        vec![para(vec![text("<script>alert(1)")])]
    );
}

#[test]
fn links_never_nest() {
    let blocks = parse_rich_text(
        "<a href=\"https://a.example\">one <a href=\"https://b.example\">two</a></a> \
         [x [y](https://c.example) z](https://d.example)",
    );
    assert!(!nested_link(&blocks), "{blocks:?}");
    // The outer Markdown brackets stay text; the URL after them is a bare URL of its own.
    assert_eq!(
        hrefs(&blocks),
        vec![
            "https://a.example",
            "https://c.example",
            "https://d.example"
        ]
    );
    assert_eq!(plain_text(&blocks), "one two [x y z](https://d.example)");
}

#[test]
fn unclosed_and_misnested_markup_keeps_its_text() {
    for (s, want) in [
        (
            "<b>bold <i>both</b> italic</i> plain",
            "bold both italic plain",
        ),
        ("<b>never closed", "never closed"),
        ("closed</b> twice</i></a></code>", "closed twice"),
        ("**bold never closed", "**bold never closed"),
        ("*a **b* c**", "*a b* c"),
        (
            "`unclosed backtick and ``two",
            "`unclosed backtick and ``two",
        ),
        ("[label](https://x.example", "[label](https://x.example"),
        ("[label] (https://x.example)", "[label] (https://x.example)"),
        ("a < b > c", "a < b > c"),
        ("<p", "<p"),
        (
            "<a href=\"https://x.example\"",
            "<a href=\"https://x.example\"",
        ),
        ("<!-- never closed", "<!-- never closed"),
        ("<!-- comment -->text", "text"),
        ("x <!DOCTYPE html> y", "x  y"),
    ] {
        assert_eq!(plain_text(&parse_timed(s)), want, "{s}");
    }
    // A mis-nested link closes with its content.
    let blocks = parse_rich_text("<a href=\"https://x.example\"><b>x</a> y</b>");
    assert_eq!(
        blocks,
        vec![para(vec![
            Inline::Link {
                href: "https://x.example".into(),
                children: vec![Inline::Strong(vec![text("x")])],
            },
            text(" y"),
        ])]
    );
    // An unclosed fence runs to the end; its content is kept as written.
    assert_eq!(
        parse_rich_text("```\n<b>x</b>\n"),
        vec![Block::Pre("<b>x</b>".into())]
    );
}

#[test]
fn deep_nesting_is_capped_and_keeps_all_text() {
    for (open, close) in [
        ("<b>", "</b>"),
        ("<i><b>", "</b></i>"),
        ("<a href=\"https://x.example\">", "</a>"),
        ("<ul><li>", "</li></ul>"),
        ("<code>", "</code>"),
        ("[", "](https://x.example)"),
        ("**", "**"),
        ("_", "_"),
    ] {
        let s = format!("{}deep{}", open.repeat(10_000), close.repeat(10_000));
        let blocks = parse_timed(&s);
        assert!(
            max_depth(&blocks) <= MAX_DEPTH,
            "{open}: {}",
            max_depth(&blocks)
        );
        assert!(plain_text(&blocks).contains("deep"), "{open}");
        assert!(hrefs(&blocks).iter().all(|h| is_safe_href(h)));
    }
}

#[test]
fn big_pathological_inputs_are_fast() {
    let mb = 1 << 20;
    let lt = "<".repeat(mb);
    let blocks = parse_timed(&lt);
    assert_eq!(plain_text(&blocks).len(), mb);
    for unit in [
        "<a ",
        "<a",
        "</",
        "<!--",
        "&#",
        "&amp",
        "`",
        "``x",
        "*",
        "_a",
        "[",
        "[](",
        "](",
        "<b>",
        "</b>",
        "http://",
        "https://x.example/(",
        "<pre>",
        "- ",
        "\n",
        "\n\n- x\n",
        "<script>",
        "<https://",
        "\\",
        "<li>",
        "<ul>",
        "<p>",
        "```\n",
    ] {
        let s = unit.repeat(mb / unit.len());
        let blocks = parse_timed(&s);
        assert!(max_depth(&blocks) <= MAX_DEPTH, "{unit}");
        assert!(hrefs(&blocks).iter().all(|h| is_safe_href(h)), "{unit}");
    }
    // One long line of backticks with a newline at the end, and many unclosed code spans.
    parse_timed(&format!("{}\n", "` x ".repeat(mb / 4)));
}

#[test]
fn bare_urls_stop_at_prose_punctuation() {
    let blocks = parse_rich_text(
        "See https://example.com/a_(b). Or (https://example.com/c), \
         &quot;https://example.com/d&quot; and <https://example.com/e>. Not \
         xhttps://no.example or https:// alone.",
    );
    assert_eq!(
        hrefs(&blocks),
        vec![
            "https://example.com/a_(b)",
            "https://example.com/c",
            "https://example.com/d",
            "https://example.com/e",
        ]
    );
    assert_eq!(
        plain_text(&blocks),
        "See https://example.com/a_(b). Or (https://example.com/c), \"https://example.com/d\" \
         and https://example.com/e. Not xhttps://no.example or https:// alone."
    );
    // Inside code, URLs are text.
    assert!(hrefs(&parse_rich_text(
        "`https://x.example` <code>https://y.example</code>"
    ))
    .is_empty());
}

#[test]
fn plain_text_flattens_blocks_for_titles() {
    let blocks =
        parse_rich_text("Intro <b>bold</b><br>next\n\n- one\n- two\n\n1. first\n\n```\ncode\n```");
    assert_eq!(
        plain_text(&blocks),
        "Intro bold\nnext\n- one\n- two\n1. first\ncode"
    );
}

#[test]
fn is_safe_href_is_the_allowlist() {
    for ok in [
        "http://a",
        "https://a.example/x?y=1#z",
        "HTTP://A",
        "hTtPs://a",
    ] {
        assert!(is_safe_href(ok), "{ok}");
    }
    for bad in [
        "",
        "http://",
        "https://",
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "/x",
        "ftp://x",
        "mailto:a@b",
        " https://x",
        "https://x y",
        "https://x\n",
        "https://x\u{0}",
    ] {
        assert!(!is_safe_href(bad), "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Any input

/// Strings built from markup fragments, so the generator hits the parser's paths.
fn markupish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<a href=\"javascript:alert(1)\">".to_string()),
        Just("<a href=https://ok.example>".to_string()),
        Just("<a href='//evil.example'>".to_string()),
        Just("</a>".to_string()),
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("<i>".to_string()),
        Just("<code>".to_string()),
        Just("</code>".to_string()),
        Just("<pre>".to_string()),
        Just("</pre>".to_string()),
        Just("<ul>".to_string()),
        Just("<li>".to_string()),
        Just("</ul>".to_string()),
        Just("<br>".to_string()),
        Just("<p>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("](javascript:alert(1))".to_string()),
        Just("](https://x.example)".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n1. ".to_string()),
        Just("&amp;".to_string()),
        Just("&#x6a;".to_string()),
        Just("&".to_string()),
        Just("<".to_string()),
        Just("https://u.example/p".to_string()),
        Just("javascript:".to_string()),
        "[a-z ]{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(blocks: &[Block]) {
    for h in hrefs(blocks) {
        let l = h.to_ascii_lowercase();
        assert!(l.starts_with("http://") || l.starts_with("https://"), "{h}");
        assert!(is_safe_href(&h), "{h}");
    }
    assert!(max_depth(blocks) <= MAX_DEPTH);
    assert!(!nested_link(blocks));
    let _ = plain_text(blocks);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic_and_links_are_http(s in any::<String>()) {
        check(&parse_rich_text(&s));
    }

    #[test]
    fn markup_soup_never_panics_and_links_are_http(s in markupish()) {
        check(&parse_rich_text(&s));
    }

    #[test]
    fn plain_words_round_trip(s in "[A-Za-z][A-Za-z0-9,.;:'()? -]{0,200}") {
        let t = s.trim();
        let blocks = parse_rich_text(&s);
        if t.is_empty() {
            prop_assert!(blocks.is_empty());
        } else {
            prop_assert_eq!(plain_text(&blocks), t);
        }
    }
}
