//! The vendored `tachys` patch (vendor/README.md): an element's children make no end-marker
//! comment nodes, and a `StaticVec` that changes length still keeps its items in order.

use super::*;
use leptos::tachys::view::any_view::{AnyView, IntoAny};
use leptos::tachys::view::iterators::StaticVec;

/// A fresh container `id` in the page (the previous one of that id goes).
fn container(id: &str) -> HtmlElement {
    let doc = document();
    if let Some(old) = doc.get_element_by_id(id) {
        old.remove();
    }
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    el.set_id(id);
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

/// Comment nodes anywhere under `root`.
fn comments(root: &web_sys::Node) -> u32 {
    let mut n = 0;
    let kids = root.child_nodes();
    for i in 0..kids.length() {
        let k = kids.item(i).unwrap();
        if k.node_type() == web_sys::Node::COMMENT_NODE {
            n += 1;
        }
        n += comments(&k);
    }
    n
}

/// Elements with several children (a `StaticVec` each under `erase_components`) put no comment
/// node in the document. Before the patch the outer `div` and the `p` made one each (the
/// macro writes the fully static `label-row` as inert HTML, without one).
#[wasm_bindgen_test]
fn static_vec_elements_make_no_comment_nodes() {
    let root = container("sv-static");
    leptos::mount::mount_to(root.clone(), || {
        view! {
            <div class="field">
                <div class="label-row"><label for="x">"Name"</label><code>"name"</code></div>
                <input id="x" type="text"/>
                <p class="help">"Help " <b>"text"</b></p>
            </div>
        }
    })
    .forget();
    assert_eq!(
        root.query_selector(".label-row")
            .unwrap()
            .unwrap()
            .inner_html(),
        r#"<label for="x">Name</label><code>name</code>"#
    );
    assert_eq!(comments(&root), 0, "{}", root.inner_html());
}

/// A view rebuilt with the same children (a reactive closure re-running) patches them in
/// place, still without comment nodes beyond the closure's own.
#[wasm_bindgen_test]
async fn static_vec_rebuilds_in_place() {
    let root = container("sv-rebuild");
    let n = RwSignal::new(1);
    leptos::mount::mount_to(root.clone(), move || {
        view! { <div>{move || view! { <span class="a">{n.get()}</span><span class="b">"x"</span> }}</div> }
    })
    .forget();
    let before = comments(&root);
    n.set(2);
    tick().await;
    assert_eq!(
        root.first_element_child()
            .unwrap()
            .inner_html()
            .replace("<!---->", ""),
        r#"<span class="a">2</span><span class="b">x</span>"#
    );
    assert_eq!(comments(&root), before);
}

/// A `StaticVec` built by hand that grows, shrinks, empties and fills again keeps its items in
/// order and after what comes before it, and before what follows it.
#[wasm_bindgen_test]
async fn static_vec_changing_length_keeps_order() {
    let root = container("sv-grow");
    let items = RwSignal::new(vec!["a", "b"]);
    let list = move || -> AnyView {
        StaticVec::from(
            items
                .get()
                .into_iter()
                .map(|s| view! { <i>{s}</i> }.into_any())
                .collect::<Vec<_>>(),
        )
        .into_any()
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! { <p><b>"start"</b>{list}<b>"end"</b></p> }
    })
    .forget();
    let text = || {
        root.query_selector("p")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(text(), "startabend");
    for (next, shown) in [
        (vec!["a", "b", "c"], "startabcend"),
        (vec!["c"], "startcend"),
        (vec![], "startend"),
        (vec!["d", "e"], "startdeend"),
        (vec!["f", "g"], "startfgend"),
    ] {
        items.set(next);
        tick().await;
        assert_eq!(text(), shown);
    }
}
