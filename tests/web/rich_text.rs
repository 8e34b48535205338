//! Rich help text in the browser: real-shaped help renders as elements (code, links, lists,
//! pre), hostile markup leaves no script, img or handler behind and no `javascript:` target,
//! and with `style/main.css` long URLs wrap while a `<pre>` scrolls inside itself.

use super::*;
use connector_console::components::rich_text::RichText;

/// Mounts `RichText` for `text` into a fresh `.cc-app` container of `width` px; returns the
/// rendered wrapper (`#rt-help`).
fn mount_rich(text: &str, width: u32) -> HtmlElement {
    let doc = document();
    // Tests share one page: the previous container goes, so `#rt-help` stays unique.
    if let Some(old) = doc.get_element_by_id("rt-root") {
        old.remove();
    }
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    container.set_id("rt-root");
    container.set_class_name("test-root cc-app");
    container
        .set_attribute("style", &format!("width: {width}px; min-height: 0"))
        .unwrap();
    doc.body().unwrap().append_child(&container).unwrap();
    let text = text.to_string();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <RichText text=text.clone() class="help" id="rt-help"/> }
    });
    handle.forget();
    by_id::<HtmlElement>("rt-help")
}

fn all(root: &HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// Every link opens in a new tab without an opener and goes to http(s); no attribute anywhere
/// holds `javascript:`, and no element carries an event handler.
fn assert_safe(root: &HtmlElement) {
    for a in all(root, "a") {
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{href}"
        );
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    let mut elements = all(root, "*");
    elements.push(root.clone().into());
    for el in elements {
        let names = el.get_attribute_names();
        for i in 0..names.length() {
            let name = names.get(i).as_string().unwrap();
            let value = el.get_attribute(&name).unwrap_or_default();
            assert!(!name.starts_with("on"), "{name} on <{}>", el.tag_name());
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{name}={value}"
            );
        }
    }
    for tag in [
        "script", "img", "iframe", "svg", "style", "object", "embed", "form",
    ] {
        assert!(root.query_selector(tag).unwrap().is_none(), "a <{tag}>");
    }
}

#[wasm_bindgen_test]
async fn hostile_help_renders_as_text_and_safe_links() {
    let root = mount_rich(
        "<a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(2)> \
         <script>alert(3)</script><a href=//evil.example onclick=\"alert(4)\">z</a> \
         [y](javascript:alert(5)) <iframe src=\"https://evil.example\"></iframe>\
         <svg onload=alert(6)>svg</svg> <a href=\"JaVaScRiPt:alert(7)\">w</a> \
         &lt;script&gt;alert(8)&lt;/script&gt; \
         <a href=\"https://ok.example/a?b=1&amp;c=2\" onmouseover=\"alert(9)\">ok</a>",
        600,
    );
    tick().await;
    assert_safe(&root);
    let links = all(&root, "a");
    assert_eq!(links.len(), 1, "{}", root.inner_html());
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("https://ok.example/a?b=1&c=2")
    );
    assert_eq!(links[0].text_content().unwrap(), "ok");
    let text = root.text_content().unwrap();
    for kept in ["x", "z", "y", "svg", "w", "<script>alert(8)</script>"] {
        assert!(text.contains(kept), "{kept} missing from {text:?}");
    }
    for dropped in ["alert(1)", "alert(2)", "alert(3)", "alert(4)", "alert(5)"] {
        assert!(!text.contains(dropped), "{dropped} shown in {text:?}");
    }
    // The escaped script is a text node, not an element.
    assert!(root.query_selector("script").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn kafka_connect_doc_renders_code_and_link_inline() {
    let root = mount_rich(
        "The comma-separated list of one or more Elasticsearch URLs, such as \
         <code>http://eshost1:9200,http://eshost2:9200</code> or ``https://eshost3:9200``. \
         See <a href=\"https://www.elastic.co/guide/en/elasticsearch/reference/current/index.html\">the \
         Elasticsearch docs</a>.",
        600,
    );
    tick().await;
    assert_safe(&root);
    // One paragraph: inline content straight in the wrapper, no inner <p>.
    assert_eq!(root.tag_name(), "DIV");
    assert_eq!(root.class_name(), "rich-text help");
    assert!(root.query_selector("p").unwrap().is_none());
    let codes: Vec<String> = all(&root, "code")
        .iter()
        .map(|c| c.text_content().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec![
            "http://eshost1:9200,http://eshost2:9200",
            "https://eshost3:9200"
        ]
    );
    let a = root.query_selector("a").unwrap().unwrap();
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://www.elastic.co/guide/en/elasticsearch/reference/current/index.html")
    );
    assert_eq!(a.text_content().unwrap(), "the Elasticsearch docs");
    // URLs inside code stay text.
    assert_eq!(all(&root, "a").len(), 1);
}

#[wasm_bindgen_test]
async fn airbyte_markdown_renders_blocks() {
    let root = mount_rich(
        "The name of the S3 bucket. Read more \
         [here](https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html).<br>\
         **Note:** the bucket must exist.\n\n\
         Supported forms:\n- `owner/repo` for one *repository*\n- `owner/*` for all\n\n\
         ```\n{\"bucket\": \"<name>\"}\n```",
        600,
    );
    tick().await;
    assert_safe(&root);
    assert_eq!(all(&root, ":scope > p").len(), 2);
    assert_eq!(all(&root, ":scope > ul > li").len(), 2);
    assert_eq!(all(&root, "br").len(), 1);
    assert_eq!(
        root.query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Note:"
    );
    assert_eq!(
        root.query_selector("li em")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "repository"
    );
    let pre = root.query_selector("pre > code").unwrap().unwrap();
    assert_eq!(pre.text_content().unwrap(), "{\"bucket\": \"<name>\"}");
    let a = root.query_selector("a").unwrap().unwrap();
    assert_eq!(a.text_content().unwrap(), "here");
}

#[wasm_bindgen_test]
async fn plain_help_is_just_its_text() {
    let root = mount_rich("Hostname of the database.", 600);
    tick().await;
    assert_eq!(root.child_element_count(), 0);
    assert_eq!(root.text_content().unwrap(), "Hostname of the database.");
}

/// `getComputedStyle(el)[prop]`, without extra web-sys features.
fn computed(el: &web_sys::Element, prop: &str) -> String {
    let win: wasm_bindgen::JsValue = web_sys::window().unwrap().into();
    let f: js_sys::Function = js_sys::Reflect::get(&win, &"getComputedStyle".into())
        .unwrap()
        .unchecked_into();
    let style = f.call1(&win, el).unwrap();
    js_sys::Reflect::get(&style, &prop.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn stylesheet_wraps_urls_and_scrolls_pre_inside() {
    let doc = document();
    if doc.get_element_by_id("rich-text-css").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("rich-text-css");
        style.set_text_content(Some(include_str!("../../style/main.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
    let long_url = format!("https://example.com/{}", "a".repeat(400));
    let root = mount_rich(
        &format!(
            "Docs: {long_url}\n\n`{}`\n\n```\n{}\n```",
            "b".repeat(300),
            "c".repeat(400)
        ),
        240,
    );
    tick().await;
    assert_eq!(computed(&root, "overflowWrap"), "anywhere");
    // Nothing widens the help: the URL and the code wrap, the pre scrolls.
    assert!(root.scroll_width() <= 240, "{}", root.scroll_width());
    let pre = root.query_selector("pre").unwrap().unwrap();
    assert!(pre.client_width() <= 240);
    assert!(pre.scroll_width() > pre.client_width());
    assert_eq!(computed(&pre, "whiteSpace"), "pre");
    let code = root.query_selector("p code").unwrap().unwrap();
    assert!(computed(&code, "fontFamily").contains("monospace"));
}
