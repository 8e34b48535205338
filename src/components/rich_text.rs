//! Help text with its markup: a catalog's HTML or Markdown help string rendered as DOM nodes
//! (text nodes and a fixed set of elements, never `inner_html`). Parsing and the allowlist live
//! in [`crate::model::rich_text`].
//!
//! The wrapper is a `<div>` because help can hold paragraphs, lists and `<pre>`, which may not
//! sit inside a `<p>`. A help string that is one paragraph renders its inline content straight
//! into the wrapper (no inner `<p>`), so plain help looks exactly as before. Styles:
//! `style/rich-text.css`, scoped under `.rich-text`.

use leptos::prelude::*;

use crate::model::rich_text::{is_safe_href, parse_rich_text, Block, Inline};

/// A help string rendered as rich text inside `<div class="rich-text …" id=…>`. Put the
/// field's help class and id on it (`class="help" id=help_id`) and point `aria-describedby`
/// at that id.
#[component]
pub fn RichText(
    /// The help string (HTML and/or Markdown, as the catalog ships it).
    #[prop(into)]
    text: String,
    /// More classes for the wrapper, e.g. `help`.
    #[prop(optional, into)]
    class: Option<String>,
    /// The wrapper's id, for `aria-describedby`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let class = match class.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => format!("rich-text {c}"),
        _ => "rich-text".to_string(),
    };
    view! { <div class=class id=id>{blocks_view(parse_rich_text(&text))}</div> }
}

/// The blocks as views; a lone paragraph is rendered as its inline content only.
pub fn blocks_view(mut blocks: Vec<Block>) -> AnyView {
    if let [Block::Paragraph(_)] = blocks.as_slice() {
        if let Some(Block::Paragraph(inlines)) = blocks.pop() {
            return inlines_view(inlines);
        }
    }
    blocks.into_iter().map(block_view).collect_view().into_any()
}

fn block_view(b: Block) -> AnyView {
    match b {
        Block::Paragraph(v) => view! { <p>{inlines_view(v)}</p> }.into_any(),
        Block::List {
            ordered: false,
            items,
        } => view! { <ul>{items_view(items)}</ul> }.into_any(),
        Block::List {
            ordered: true,
            items,
        } => view! { <ol>{items_view(items)}</ol> }.into_any(),
        Block::Pre(t) => view! { <pre><code>{t}</code></pre> }.into_any(),
    }
}

fn items_view(items: Vec<Vec<Inline>>) -> AnyView {
    items
        .into_iter()
        .map(|item| view! { <li>{inlines_view(item)}</li> })
        .collect_view()
        .into_any()
}

fn inlines_view(v: Vec<Inline>) -> AnyView {
    v.into_iter().map(inline_view).collect_view().into_any()
}

fn inline_view(i: Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.into_any(),
        Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
        Inline::Strong(v) => view! { <strong>{inlines_view(v)}</strong> }.into_any(),
        Inline::Emphasis(v) => view! { <em>{inlines_view(v)}</em> }.into_any(),
        // The parser only makes safe links; checked again here since the AST is public.
        Inline::Link { href, children } if is_safe_href(&href) => view! {
            <a href=href target="_blank" rel="noopener noreferrer">{inlines_view(children)}</a>
        }
        .into_any(),
        Inline::Link { children, .. } => inlines_view(children),
        Inline::LineBreak => view! { <br/> }.into_any(),
    }
}
