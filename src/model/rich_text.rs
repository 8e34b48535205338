//! Rich help text: the HTML and Markdown that real connector catalogs put in their help strings
//! (Kafka Connect `documentation`, Airbyte `description`), parsed into a small, safe AST that
//! the UI renders as DOM nodes (never as HTML).
//!
//! What is kept: paragraphs (blank lines, `<p>`), lists (`- `/`* `/`1. ` lines, `<ul>`/`<ol>`
//! with `<li>`), preformatted text (fenced code blocks, `<pre>`), and inside those text,
//! code (`` `code` ``, `<code>`), strong (`**…**`, `<b>`, `<strong>`), emphasis (`*…*`, `_…_`,
//! `<i>`, `<em>`), line breaks (`<br>`) and links (`[text](url)`, `<a href>`, bare URLs).
//!
//! The allowlist: a link is made only for an `http://` or `https://` target; any other target
//! (`javascript:`, `data:`, relative, `//host`) leaves the link's text alone. Every other known
//! HTML tag is dropped and its text kept, except `<script>`, `<style>`, `<template>` and
//! `<iframe>`, whose content is dropped too (an unclosed one drops the rest of the input, as a
//! browser would). Something that only looks like a tag (`<account_locator>`, `<host>`) is
//! text. Attributes other than `href` on `<a>` are ignored. Entities are decoded (common named
//! ones and `&#NN;`/`&#xNN;`); an unknown or malformed one stays as written.
//!
//! Bounded work: one forward pass with bounded look-ahead, inline nesting capped at
//! [`MAX_DEPTH`], and no input makes it panic.

/// A block of help text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// A list; nested lists are flattened into their outer list.
    List {
        /// `<ol>` or `1. ` items (numbered) rather than bullets.
        ordered: bool,
        /// The items, each a run of inline content.
        items: Vec<Vec<Inline>>,
    },
    /// Preformatted text (a fenced code block or `<pre>`), shown as written.
    Pre(String),
}

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text (entities already decoded).
    Text(String),
    /// Inline code.
    Code(String),
    /// Strong importance (bold).
    Strong(Vec<Inline>),
    /// Emphasis (italic).
    Emphasis(Vec<Inline>),
    /// A link; `href` always passes [`is_safe_href`].
    Link {
        /// The target: `http://…` or `https://…`.
        href: String,
        /// The link text.
        children: Vec<Inline>,
    },
    /// A line break (`<br>`).
    LineBreak,
}

/// How deep inline elements may nest (the paragraph counts as one level); deeper markup is
/// kept as its text.
pub const MAX_DEPTH: usize = 16;

/// Longest Markdown link destination looked at, in bytes.
const MAX_DEST: usize = 2048;

/// True when `href` may be a link target: it starts with `http://` or `https://` (any case),
/// has something after the scheme, and holds no whitespace or control characters.
pub fn is_safe_href(href: &str) -> bool {
    let lower_prefix = |p: &str| {
        href.len() > p.len() && href.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    (lower_prefix("http://") || lower_prefix("https://"))
        && !href.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The target for a raw `href` value (entities already decoded): trimmed, and only when safe.
fn safe_href(raw: &str) -> Option<String> {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    is_safe_href(t).then(|| t.to_string())
}

/// Parses a help string into blocks. Plain text without markup gives one paragraph holding
/// that text; an empty or blank string gives no blocks. Never panics.
pub fn parse_rich_text(input: &str) -> Vec<Block> {
    let mut p = Parser::new(input);
    p.run();
    p.b.end_block();
    p.b.blocks
}

/// The text of `blocks`, for places that take text only (a `title` attribute): blocks and
/// list items on lines of their own (items prefixed `- ` or `1. `), line breaks as newlines,
/// links as their text.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match b {
            Block::Paragraph(v) => inline_text(v, &mut out),
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        out.push_str(&format!("{}. ", n + 1));
                    } else {
                        out.push_str("- ");
                    }
                    inline_text(item, &mut out);
                }
            }
            Block::Pre(t) => out.push_str(t),
        }
    }
    out
}

fn inline_text(v: &[Inline], out: &mut String) {
    for i in v {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { children: c, .. } => {
                inline_text(c, out)
            }
            Inline::LineBreak => out.push('\n'),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Entities

/// Decodes the entities in `s` (for attribute values and URLs).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match entity_at(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entity at the start of `s` (which starts with `&`): its character and length. Needs
/// the closing `;`; numeric ones must name a Unicode scalar value other than NUL.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let max = if hex { 6 } else { 7 };
        let digits = b[start.min(b.len())..]
            .iter()
            .take(max + 1)
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 || digits > max || b.get(start + digits) != Some(&b';') {
            return None;
        }
        let n = u32::from_str_radix(&s[start..start + digits], if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(n).filter(|&c| c != '\0')?;
        return Some((c, start + digits + 1));
    }
    let len = b[1..]
        .iter()
        .take(9)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 || b.get(1 + len) != Some(&b';') {
        return None;
    }
    let c = match &s[1..1 + len] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "larr" => '←',
        "rarr" => '→',
        "harr" => '↔',
        "euro" => '€',
        "pound" => '£',
        "sect" => '§',
        "para" => '¶',
        "shy" => '\u{ad}',
        "zwsp" => '\u{200b}',
        _ => return None,
    };
    Some((c, len + 2))
}

// ---------------------------------------------------------------------------------------------
// HTML tags

/// What a recognized HTML tag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Link,
    Strong,
    Em,
    Code,
    Pre,
    /// Ends a paragraph (`<p>`, `<div>`, headings …).
    Block,
    Br,
    List {
        ordered: bool,
    },
    Item,
    /// Dropped with its content.
    Skip,
    /// Dropped, content kept.
    Drop,
}

/// The tags recognized as HTML (`name` in lowercase); anything else that looks like a tag is
/// text, so placeholders such as `<host>` survive.
fn tag_kind(name: &str) -> Option<Tag> {
    Some(match name {
        "a" => Tag::Link,
        "b" | "strong" => Tag::Strong,
        "i" | "em" | "cite" | "var" | "dfn" => Tag::Em,
        "code" | "tt" | "kbd" | "samp" => Tag::Code,
        "pre" | "xmp" | "listing" => Tag::Pre,
        "p" | "div" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "dl"
        | "dt" | "dd" | "section" | "article" | "header" | "footer" | "nav" | "aside"
        | "details" | "summary" | "figure" | "figcaption" | "center" | "address" | "main" => {
            Tag::Block
        }
        "br" => Tag::Br,
        "ul" | "menu" => Tag::List { ordered: false },
        "ol" => Tag::List { ordered: true },
        "li" => Tag::Item,
        "script" | "style" | "template" | "iframe" | "noembed" | "noframes" => Tag::Skip,
        "span" | "font" | "u" | "ins" | "s" | "strike" | "del" | "sub" | "sup" | "small"
        | "big" | "mark" | "abbr" | "acronym" | "q" | "wbr" | "img" | "svg" | "math" | "object"
        | "embed" | "video" | "audio" | "picture" | "canvas" | "nobr" | "bdi" | "bdo" => Tag::Drop,
        _ => return None,
    })
}

/// The `href` of an `<a>` tag's attribute text, when it is a safe target.
fn attr_href(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'=') {
            i += 1;
        }
        if i == ns {
            i += 1; // a stray `=`
            continue;
        }
        let name = &s[ns..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let vs = i + 1;
                    let ve = s[vs..].find(q as char).map_or(b.len(), |e| vs + e);
                    value = &s[vs..ve];
                    i = (ve + 1).min(b.len());
                }
                _ => {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &s[vs..i];
                }
            }
        }
        if name.eq_ignore_ascii_case("href") {
            // The first `href` counts, as in a browser.
            return safe_href(&decode_entities(value));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The tree builder: blocks, and a stack of open inline elements.

#[derive(Debug)]
enum Frame {
    Root,
    Strong,
    Em,
    Code,
    /// `<a>`: `None` when the target is not allowed (the text stays, the link goes).
    Link(Option<String>),
    /// A Markdown `*`/`_` run of `len` that has not found its closer yet.
    MdEmph {
        ch: u8,
        len: u8,
    },
    /// A Markdown `[` that has not found its `](…)` yet; `dead` once a link formed inside it.
    MdLink {
        dead: bool,
    },
}

enum Cur {
    None,
    Para,
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
        md: bool,
        item_open: bool,
    },
    Pre(String),
}

struct Builder {
    blocks: Vec<Block>,
    cur: Cur,
    /// Open inline elements with their children; `stack[0]` is the block's own content.
    stack: Vec<(Frame, Vec<Inline>)>,
    /// How many `<ul>`/`<ol>` are open (nested ones flatten into the outer list).
    html_lists: usize,
    /// A blank line came after the current Markdown list item.
    after_blank: bool,
}

fn push_inline(v: &mut Vec<Inline>, i: Inline) {
    match (v.last_mut(), i) {
        (Some(Inline::Text(t)), Inline::Text(s)) => t.push_str(&s),
        (_, i) => v.push(i),
    }
}

fn push_text(v: &mut Vec<Inline>, s: &str) {
    match v.last_mut() {
        Some(Inline::Text(t)) => t.push_str(s),
        _ => v.push(Inline::Text(s.to_string())),
    }
}

fn is_blank(i: &Inline) -> bool {
    match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::LineBreak => true,
        _ => false,
    }
}

/// Trims whitespace and line breaks off both ends of a block's content.
fn trim(v: &mut Vec<Inline>) {
    while v.last().is_some_and(is_blank) {
        v.pop();
    }
    let lead = v.iter().take_while(|i| is_blank(i)).count();
    v.drain(..lead);
    if let Some(Inline::Text(t)) = v.first_mut() {
        let n = t.len() - t.trim_start().len();
        t.drain(..n);
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        t.truncate(t.trim_end().len());
    }
}

impl Builder {
    fn new() -> Self {
        Builder {
            blocks: Vec::new(),
            cur: Cur::None,
            stack: vec![(Frame::Root, Vec::new())],
            html_lists: 0,
            after_blank: false,
        }
    }

    fn in_pre(&self) -> bool {
        matches!(self.cur, Cur::Pre(_))
    }
    fn in_code(&self) -> bool {
        self.stack.iter().any(|(f, _)| matches!(f, Frame::Code))
    }
    fn in_html_link(&self) -> bool {
        self.stack.iter().any(|(f, _)| matches!(f, Frame::Link(_)))
    }
    fn in_any_link(&self) -> bool {
        self.stack
            .iter()
            .any(|(f, _)| matches!(f, Frame::Link(_) | Frame::MdLink { .. }))
    }
    fn md_link_at(&self) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|(f, _)| matches!(f, Frame::MdLink { .. }))
    }
    fn top(&mut self) -> &mut Vec<Inline> {
        &mut self
            .stack
            .last_mut()
            .expect("the root frame is never popped")
            .1
    }
    fn has_content(&self) -> bool {
        self.stack.len() > 1 || self.stack[0].1.iter().any(|i| !is_blank(i))
    }

    /// Makes sure inline content has a home; false when `blank` content would only be
    /// whitespace between blocks (dropped).
    fn container(&mut self, blank: bool) -> bool {
        match &mut self.cur {
            Cur::Para
            | Cur::List {
                item_open: true, ..
            } => true,
            Cur::Pre(_) => false,
            _ if blank => false,
            Cur::None => {
                self.cur = Cur::Para;
                true
            }
            Cur::List { item_open, .. } => {
                if self.html_lists > 0 {
                    *item_open = true;
                } else {
                    self.end_block();
                    self.cur = Cur::Para;
                }
                true
            }
        }
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Cur::Pre(t) = &mut self.cur {
            t.push_str(s);
            return;
        }
        if self.container(s.trim().is_empty()) {
            push_text(self.top(), s);
        }
    }

    fn inline(&mut self, i: Inline) {
        if let Cur::Pre(t) = &mut self.cur {
            inline_text(std::slice::from_ref(&i), t);
            return;
        }
        if self.container(false) {
            push_inline(self.top(), i);
        }
    }

    fn line_break(&mut self) {
        if let Cur::Pre(t) = &mut self.cur {
            t.push('\n');
        } else if !matches!(self.cur, Cur::None) && self.has_content() {
            self.top().push(Inline::LineBreak);
        }
    }

    /// Opens an inline element; false when it cannot (too deep, or inside `<pre>`).
    fn open(&mut self, f: Frame) -> bool {
        if self.stack.len() >= MAX_DEPTH || self.in_pre() || !self.container(false) {
            return false;
        }
        self.stack.push((f, Vec::new()));
        true
    }

    /// Closes the frames from the top down to and including `i` (never the root).
    fn close_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            let (f, children) = self.stack.pop().expect("above the root");
            let out = self.top();
            match f {
                Frame::Root => {}
                Frame::Strong | Frame::Em if children.is_empty() => {}
                Frame::Strong => out.push(Inline::Strong(children)),
                Frame::Em => out.push(Inline::Emphasis(children)),
                Frame::Code => {
                    let mut t = String::new();
                    inline_text(&children, &mut t);
                    if !t.is_empty() {
                        out.push(Inline::Code(t));
                    }
                }
                Frame::Link(Some(href)) if !children.is_empty() => {
                    out.push(Inline::Link { href, children })
                }
                Frame::Link(_) => children.into_iter().for_each(|c| push_inline(out, c)),
                // Unclosed Markdown: its marker was text after all.
                Frame::MdEmph { ch, len } => {
                    push_text(out, &(ch as char).to_string().repeat(len as usize));
                    children.into_iter().for_each(|c| push_inline(out, c));
                }
                Frame::MdLink { .. } => {
                    push_text(out, "[");
                    children.into_iter().for_each(|c| push_inline(out, c));
                }
            }
        }
    }

    /// `</b>`, `</a>` …: closes the innermost matching element and everything inside it.
    fn close_html(&mut self, tag: Tag) {
        let found = self.stack.iter().rposition(|(f, _)| {
            matches!(
                (f, tag),
                (Frame::Strong, Tag::Strong)
                    | (Frame::Em, Tag::Em)
                    | (Frame::Code, Tag::Code)
                    | (Frame::Link(_), Tag::Link)
            )
        });
        if let Some(i) = found.filter(|&i| i > 0) {
            self.close_to(i);
        }
    }

    /// The top frame's Markdown emphasis marker, if the top frame is one.
    fn top_emph(&self) -> Option<(u8, u8)> {
        match self.stack.last() {
            Some((Frame::MdEmph { ch, len }, _)) => Some((*ch, *len)),
            _ => None,
        }
    }

    /// Closes the top Markdown emphasis frame as strong or emphasis.
    fn close_emph(&mut self) {
        let Some((Frame::MdEmph { ch, len }, children)) = self.stack.pop() else {
            return;
        };
        let out = self.top();
        if children.is_empty() {
            let marker = (ch as char).to_string().repeat(2 * len as usize);
            push_text(out, &marker);
        } else if len == 2 {
            out.push(Inline::Strong(children));
        } else {
            out.push(Inline::Emphasis(children));
        }
    }

    /// Closes the Markdown link frame at `i` as a link to `href` (text only when `None`).
    fn close_md_link(&mut self, i: usize, href: Option<String>) {
        self.close_to(i + 1);
        let Some((_, children)) = self.stack.pop() else {
            return;
        };
        let formed = href.is_some() && !children.is_empty();
        let out = self.top();
        match href {
            Some(href) if !children.is_empty() => out.push(Inline::Link { href, children }),
            _ => children.into_iter().for_each(|c| push_inline(out, c)),
        }
        if formed {
            // No links inside links: an outer `[` can no longer become one.
            for (f, _) in &mut self.stack {
                if let Frame::MdLink { dead } = f {
                    *dead = true;
                }
            }
        }
    }

    /// The content of the current paragraph or item, with every open element closed.
    fn take_content(&mut self) -> Vec<Inline> {
        self.close_to(1);
        let mut v = std::mem::take(&mut self.stack[0].1);
        trim(&mut v);
        v
    }

    fn end_block(&mut self) {
        match std::mem::replace(&mut self.cur, Cur::None) {
            Cur::None => {
                self.take_content();
            }
            Cur::Para => {
                let c = self.take_content();
                if !c.is_empty() {
                    self.blocks.push(Block::Paragraph(c));
                }
            }
            Cur::List {
                ordered,
                mut items,
                item_open,
                ..
            } => {
                if item_open {
                    let c = self.take_content();
                    if !c.is_empty() {
                        items.push(c);
                    }
                }
                if !items.is_empty() {
                    self.blocks.push(Block::List { ordered, items });
                }
            }
            Cur::Pre(t) => {
                let t = t
                    .strip_prefix("\r\n")
                    .or(t.strip_prefix('\n'))
                    .unwrap_or(&t);
                let t = t.trim_end_matches(['\n', '\r']);
                if !t.trim().is_empty() {
                    self.blocks.push(Block::Pre(t.to_string()));
                }
            }
        }
        self.html_lists = 0;
        self.after_blank = false;
    }

    fn close_item(&mut self) {
        if let Cur::List {
            item_open: true, ..
        } = self.cur
        {
            let c = self.take_content();
            if let Cur::List {
                items, item_open, ..
            } = &mut self.cur
            {
                *item_open = false;
                if !c.is_empty() {
                    items.push(c);
                }
            }
        }
    }

    fn open_item(&mut self) {
        self.close_item();
        if let Cur::List { item_open, .. } = &mut self.cur {
            *item_open = true;
        }
    }

    fn start_list(&mut self, ordered: bool, md: bool) {
        self.end_block();
        self.cur = Cur::List {
            ordered,
            items: Vec::new(),
            md,
            item_open: false,
        };
    }

    /// `<ul>` / `<ol>`.
    fn html_list_open(&mut self, ordered: bool) {
        if self.html_lists == 0 {
            self.start_list(ordered, false);
        } else {
            self.close_item();
        }
        self.html_lists += 1;
    }

    /// `</ul>` / `</ol>`.
    fn html_list_close(&mut self) {
        match self.html_lists {
            0 => {}
            1 => self.end_block(),
            _ => {
                self.html_lists -= 1;
                self.close_item();
            }
        }
    }

    /// `<li>` (a list of its own when none is open).
    fn html_item(&mut self) {
        if !matches!(self.cur, Cur::List { .. }) {
            self.start_list(false, false);
        }
        self.open_item();
    }

    /// A Markdown list marker at the start of a line.
    fn md_item(&mut self, ordered: bool) {
        let same = match &self.cur {
            Cur::List {
                md: true,
                ordered: o,
                ..
            } => *o == ordered,
            Cur::List { .. } => self.html_lists > 0,
            _ => false,
        };
        if !same {
            self.start_list(ordered, true);
        }
        self.open_item();
        self.after_blank = false;
    }

    /// `<p>`, `</p>`, `<div>` …: a new paragraph, or a line break inside a list item.
    fn para_break(&mut self) {
        match self.cur {
            Cur::List {
                item_open: true, ..
            } => self.line_break(),
            Cur::Para => self.end_block(),
            _ => {}
        }
    }

    fn blank_line(&mut self) {
        match self.cur {
            Cur::Para => self.end_block(),
            Cur::List { md: true, .. } if self.html_lists == 0 => self.after_blank = true,
            Cur::List { .. } if self.html_lists == 0 => self.end_block(),
            _ => {}
        }
    }

    /// A line that is neither blank nor a list item, indented by `indent` columns.
    fn md_line(&mut self, indent: usize) {
        match self.cur {
            Cur::List { md: true, .. } if self.html_lists == 0 && self.after_blank => {
                if indent >= 2 {
                    self.line_break();
                } else {
                    self.end_block();
                }
            }
            Cur::Para | Cur::List { .. } if self.has_content() => self.text("\n"),
            _ => {}
        }
        self.after_blank = false;
    }

    fn start_pre(&mut self) {
        self.end_block();
        self.cur = Cur::Pre(String::new());
    }

    fn end_pre(&mut self) {
        if self.in_pre() {
            self.end_block();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The scanner

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// The last character consumed (`'\n'` at the start of a line).
    prev: char,
    at_line_start: bool,
    /// An open fenced code block: its marker and length.
    fence: Option<(u8, usize)>,
    /// The next `>` at or after the last place asked (positions only grow).
    gt: usize,
    /// The end of the current line (cached while `pos` stays on it).
    line_end: usize,
    /// For each backtick run length, a line end where no closing run was found.
    code_fail: [usize; 33],
    /// No `-->` exists past the last place looked.
    no_comment_end: bool,
    lower: Option<String>,
    b: Builder,
}

fn is_special(c: u8) -> bool {
    matches!(
        c,
        b'\n' | b'\r' | b'<' | b'&' | b'`' | b'*' | b'_' | b'[' | b']' | b'\\' | b'h' | b'H'
    )
}

fn starts_with_ci(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// A code fence line (after up to 3 spaces): its marker, length and the rest of the line.
fn fence_at(line: &str) -> Option<(u8, usize, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&c| c == ch).count();
    let rest = &t[n..];
    (n >= 3 && !(ch == b'`' && rest.contains('`'))).then_some((ch, n, rest))
}

/// A list marker at the start of `rest`: ordered or not, and the bytes it takes.
fn list_marker(rest: &str) -> Option<(bool, usize)> {
    let b = rest.as_bytes();
    let space = |i: usize| matches!(b.get(i), Some(b' ' | b'\t'));
    match b.first()? {
        b'-' | b'*' | b'+' if space(1) => Some((false, 2)),
        c if c.is_ascii_digit() => {
            let d = b.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
            (d <= 9 && matches!(b.get(d), Some(b'.' | b')')) && space(d + 1))
                .then_some((true, d + 2))
        }
        _ => None,
    }
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            prev: '\n',
            at_line_start: true,
            fence: None,
            gt: 0,
            line_end: usize::MAX,
            code_fail: [usize::MAX; 33],
            no_comment_end: false,
            lower: None,
            b: Builder::new(),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn md_active(&self) -> bool {
        !self.b.in_pre() && !self.b.in_code()
    }

    fn run(&mut self) {
        let len = self.src.len();
        while self.pos < len {
            if self.at_line_start {
                self.at_line_start = self.line_start();
                continue;
            }
            let c = self.bytes()[self.pos];
            let md = matches!(c, b'`' | b'*' | b'_' | b'[' | b']' | b'\\' | b'h' | b'H')
                && self.md_active();
            match c {
                b'\n' => self.newline(),
                b'\r' => self.pos += 1,
                b'<' => self.lt(),
                b'&' => self.amp(),
                b'`' if md => self.backtick(),
                b'*' | b'_' if md => self.delim(c),
                b'[' if md && !self.b.in_html_link() => {
                    if self.b.open(Frame::MdLink { dead: false }) {
                        self.pos += 1;
                        self.prev = '[';
                    } else {
                        self.literal(1);
                    }
                }
                b']' if md && self.b.md_link_at().is_some() => self.close_bracket(),
                b'\\' if md => self.escape(),
                b'h' | b'H' if md && !self.b.in_any_link() && !self.prev.is_alphanumeric() => {
                    self.autolink()
                }
                _ => self.text_run(),
            }
        }
    }

    fn current_line_end(&mut self) -> usize {
        if self.line_end == usize::MAX || self.line_end < self.pos {
            self.line_end = self.src[self.pos..]
                .find('\n')
                .map_or(self.src.len(), |i| self.pos + i);
        }
        self.line_end
    }

    fn next_gt(&mut self, from: usize) -> usize {
        if self.gt < from {
            self.gt = self.src[from..]
                .find('>')
                .map_or(self.src.len(), |i| from + i);
        }
        self.gt
    }

    /// Pushes the next `n` bytes as text (they end on a character boundary).
    fn literal(&mut self, n: usize) {
        let s = &self.src[self.pos..self.pos + n];
        self.b.text(s);
        self.prev = s.chars().next_back().unwrap_or(self.prev);
        self.pos += n;
    }

    /// Plain text up to the next character that may start markup (at least one character).
    fn text_run(&mut self) {
        let b = self.bytes();
        let first = self.src[self.pos..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        let mut end = self.pos + first;
        while end < b.len() && !is_special(b[end]) {
            end += 1;
        }
        self.literal(end - self.pos);
    }

    fn newline(&mut self) {
        self.pos += 1;
        if self.b.in_pre() {
            self.b.text("\n");
        } else {
            self.at_line_start = true;
        }
        self.prev = '\n';
    }

    /// Block structure at the start of a line; true when it took the whole line.
    fn line_start(&mut self) -> bool {
        if self.b.in_pre() && self.fence.is_none() {
            return false;
        }
        let end = self.current_line_end();
        let line = &self.src[self.pos..end];
        let next = (end + 1).min(self.src.len());
        if let Some((ch, n)) = self.fence {
            match fence_at(line) {
                Some((c, m, rest)) if c == ch && m >= n && rest.trim().is_empty() => {
                    self.fence = None;
                    self.b.end_pre();
                }
                _ => {
                    self.b.text(line.strip_suffix('\r').unwrap_or(line));
                    self.b.text("\n");
                }
            }
            self.pos = next;
            return true;
        }
        if line.trim().is_empty() {
            self.b.blank_line();
            self.pos = next;
            return true;
        }
        if let Some((ch, n, _)) = fence_at(line) {
            self.b.start_pre();
            self.fence = Some((ch, n));
            self.pos = next;
            return true;
        }
        let rest = line.trim_start_matches([' ', '\t']);
        let indent_bytes = line.len() - rest.len();
        let indent: usize = line[..indent_bytes]
            .bytes()
            .map(|c| if c == b'\t' { 4 } else { 1 })
            .sum();
        self.pos += indent_bytes;
        if let Some((ordered, used)) = list_marker(rest) {
            self.b.md_item(ordered);
            self.pos += used;
        } else {
            self.b.md_line(indent);
        }
        self.prev = '\n';
        false
    }

    fn lt(&mut self) {
        let rest = &self.src[self.pos..];
        if let Some(body) = rest.strip_prefix("<!--") {
            if !self.no_comment_end {
                if let Some(e) = body.find("-->") {
                    self.pos += 4 + e + 3;
                    return;
                }
                self.no_comment_end = true;
            }
            return self.literal(1);
        }
        let second = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        if (second == b'!' || second == b'?')
            && rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic)
        {
            // `<!DOCTYPE …>`, `<?xml …>`: dropped.
            let gt = self.next_gt(self.pos + 2);
            if gt < self.src.len() {
                self.pos = gt + 1;
                return;
            }
            return self.literal(1);
        }
        if self.md_active() && !self.b.in_any_link() && self.angle_autolink().is_some() {
            return;
        }
        match self.tag() {
            Some((tag, close, name, href, end)) => self.apply_tag(tag, close, &name, href, end),
            None => self.literal(1),
        }
    }

    /// `<https://…>`.
    fn angle_autolink(&mut self) -> Option<()> {
        let rest = &self.src[self.pos + 1..];
        if !(starts_with_ci(rest, "http://") || starts_with_ci(rest, "https://")) {
            return None;
        }
        let end = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
        if rest.as_bytes()[end] != b'>' {
            return None;
        }
        let url = decode_entities(&rest[..end]);
        let href = safe_href(&url)?;
        self.b.inline(Inline::Link {
            href,
            children: vec![Inline::Text(url)],
        });
        self.pos += end + 2;
        self.prev = '>';
        Some(())
    }

    /// A recognized tag at `pos`: kind, closing or not, name, `href` (for `<a>`), end.
    #[allow(clippy::type_complexity)]
    fn tag(&mut self) -> Option<(Tag, bool, String, Option<String>, usize)> {
        let s = self.bytes();
        let mut i = self.pos + 1;
        let close = s.get(i) == Some(&b'/');
        if close {
            i += 1;
        }
        let ns = i;
        while i < s.len() && s[i].is_ascii_alphanumeric() && i - ns <= 12 {
            i += 1;
        }
        if i == ns || !s[ns].is_ascii_alphabetic() {
            return None;
        }
        if !matches!(
            s.get(i),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        ) {
            return None;
        }
        let name = self.src[ns..i].to_ascii_lowercase();
        let tag = tag_kind(&name)?;
        let gt = self.next_gt(i);
        if gt >= s.len() {
            return None;
        }
        let href = (tag == Tag::Link && !close)
            .then(|| attr_href(&self.src[i..gt]))
            .flatten();
        Some((tag, close, name, href, gt + 1))
    }

    fn apply_tag(&mut self, tag: Tag, close: bool, name: &str, href: Option<String>, end: usize) {
        self.pos = end;
        self.prev = '>';
        let in_pre = self.b.in_pre();
        match (tag, close) {
            (Tag::Skip, false) => self.skip_content(name),
            (Tag::Br, _) => self.b.line_break(),
            (Tag::Pre, false) if !in_pre => self.b.start_pre(),
            (Tag::Pre, true) if self.fence.is_none() => self.b.end_pre(),
            _ if in_pre => {}
            (Tag::Block, _) => self.b.para_break(),
            (Tag::List { ordered }, false) => self.b.html_list_open(ordered),
            (Tag::List { .. }, true) => self.b.html_list_close(),
            (Tag::Item, false) => self.b.html_item(),
            (Tag::Item, true) => self.b.close_item(),
            (Tag::Strong, false) => {
                self.b.open(Frame::Strong);
            }
            (Tag::Em, false) => {
                self.b.open(Frame::Em);
            }
            (Tag::Code, false) => {
                self.b.open(Frame::Code);
            }
            (Tag::Link, false) if !self.b.in_any_link() => {
                self.b.open(Frame::Link(href));
            }
            (Tag::Strong | Tag::Em | Tag::Code | Tag::Link, true) => self.b.close_html(tag),
            _ => {}
        }
    }

    /// After `<script>` and the like: drops everything up to and including the closing tag,
    /// or to the end when there is none.
    fn skip_content(&mut self, name: &str) {
        let lower = self
            .lower
            .get_or_insert_with(|| self.src.to_ascii_lowercase());
        let needle = format!("</{name}");
        match lower[self.pos..].find(&needle) {
            Some(i) => {
                let after = self.pos + i + needle.len();
                let gt = self.next_gt(after);
                self.pos = (gt + 1).min(self.src.len());
            }
            None => self.pos = self.src.len(),
        }
    }

    fn amp(&mut self) {
        match entity_at(&self.src[self.pos..]) {
            Some((c, used)) => {
                let mut buf = [0u8; 4];
                self.b.text(c.encode_utf8(&mut buf));
                self.pos += used;
                self.prev = c;
            }
            None => self.literal(1),
        }
    }

    /// `` `code` ``: a closing run of the same length on the same line, or literal backticks.
    fn backtick(&mut self) {
        let b = self.bytes();
        let start = self.pos;
        let k = b[start..].iter().take_while(|&&c| c == b'`').count();
        let le = self.current_line_end();
        if k >= self.code_fail.len() || self.code_fail[k] == le {
            return self.literal(k);
        }
        let mut i = start + k;
        while i < le {
            if b[i] == b'`' {
                let run = b[i..le].iter().take_while(|&&c| c == b'`').count();
                if run == k {
                    let raw = &self.src[start + k..i];
                    let content = match raw.strip_prefix(' ').and_then(|r| r.strip_suffix(' ')) {
                        Some(inner) if !raw.trim().is_empty() => inner,
                        _ => raw,
                    };
                    if content.is_empty() {
                        return self.literal(k);
                    }
                    self.b.inline(Inline::Code(content.to_string()));
                    self.pos = i + k;
                    self.prev = '`';
                    return;
                }
                i += run;
            } else {
                i += 1;
            }
        }
        self.code_fail[k] = le;
        self.literal(k);
    }

    /// A run of `*` or `_`: closes and opens Markdown emphasis where it can.
    fn delim(&mut self, ch: u8) {
        let n = self.bytes()[self.pos..]
            .iter()
            .take_while(|&&c| c == ch)
            .count();
        if n > 3 {
            return self.literal(n);
        }
        let next = self.src[self.pos + n..].chars().next().unwrap_or('\n');
        let prev = self.prev;
        let (can_open, can_close) = if ch == b'_' {
            (
                !next.is_whitespace() && !prev.is_alphanumeric(),
                !prev.is_whitespace() && !next.is_alphanumeric(),
            )
        } else {
            (!next.is_whitespace(), !prev.is_whitespace())
        };
        let mut left = n;
        while can_close && left > 0 {
            match self.b.top_emph() {
                Some((c, len)) if c == ch && len as usize <= left => {
                    self.b.close_emph();
                    left -= len as usize;
                }
                _ => break,
            }
        }
        let mut opened = 0;
        if can_open && left == n {
            if left >= 2 && self.b.open(Frame::MdEmph { ch, len: 2 }) {
                opened += 2;
            }
            if left - opened == 1 && self.b.open(Frame::MdEmph { ch, len: 1 }) {
                opened += 1;
            }
            if opened < left && opened > 0 {
                // `***` that could open only part of itself (too deep): all of it is text.
                self.b.stack.pop();
                opened = 0;
            }
        }
        left -= opened;
        self.pos += n - left;
        self.prev = ch as char;
        if left > 0 {
            self.literal(left);
        }
    }

    /// `]`: `](dest)` after an open `[` makes a link (or its text only, for an unsafe target).
    fn close_bracket(&mut self) {
        let Some(i) = self.b.md_link_at() else {
            return self.literal(1);
        };
        let dead = matches!(self.b.stack[i].0, Frame::MdLink { dead: true });
        if !dead {
            if let Some((dest, end)) = self.link_dest(self.pos + 1) {
                let href = safe_href(&decode_entities(dest));
                self.b.close_md_link(i, href);
                self.pos = end;
                self.prev = ')';
                return;
            }
        }
        self.b.close_to(i);
        self.literal(1);
    }

    /// `(dest)` or `(dest "title")` at `at`: the destination and the end of the `)`.
    fn link_dest(&self, at: usize) -> Option<(&'a str, usize)> {
        let b = self.bytes();
        if b.get(at) != Some(&b'(') {
            return None;
        }
        let skip_spaces = |mut i: usize| {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            i
        };
        let ds = skip_spaces(at + 1);
        let mut i = ds;
        let mut depth = 0usize;
        while i < b.len() && i - ds < MAX_DEST {
            match b[i] {
                b'(' if depth < 8 => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b'(' | b'[' | b']' | b'<' | b'>' | b'"' | b'`' => return None,
                c if c.is_ascii_whitespace() || c.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        let de = i;
        i = skip_spaces(i);
        if let Some(&q @ (b'"' | b'\'')) = b.get(i).filter(|_| i > de) {
            let ts = i + 1;
            let te = b[ts..]
                .iter()
                .take(512)
                .position(|&c| c == q || matches!(c, b'\n' | b'[' | b']'))
                .map(|p| ts + p)?;
            if b[te] != q {
                return None;
            }
            i = skip_spaces(te + 1);
        }
        (b.get(i) == Some(&b')')).then(|| (&self.src[ds..de], i + 1))
    }

    /// `\*`, `\_`, `` \` ``, `\[`, `\]`: the character itself. Other backslashes are text.
    fn escape(&mut self) {
        match self.bytes().get(self.pos + 1) {
            Some(b'*' | b'_' | b'`' | b'[' | b']') => {
                self.pos += 1;
                self.literal(1);
            }
            _ => self.literal(1),
        }
    }

    /// A bare `http://` or `https://` URL, without trailing punctuation.
    fn autolink(&mut self) {
        let rest = &self.src[self.pos..];
        let scheme = if starts_with_ci(rest, "https://") {
            8
        } else if starts_with_ci(rest, "http://") {
            7
        } else {
            return self.text_run();
        };
        let mut end = scheme;
        for (i, c) in rest[scheme..].char_indices() {
            let at = scheme + i;
            let stop = c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '`' | '\u{a0}')
                || (c == '&'
                    && entity_at(&rest[at..]).is_some_and(|(e, _)| {
                        e.is_whitespace() || matches!(e, '"' | '\'' | '<' | '>')
                    }));
            if stop {
                break;
            }
            end = at + c.len_utf8();
        }
        // Trailing punctuation, and a `)` or `]` that closes nothing in the URL, is prose.
        let count = |c: char| rest[..end].matches(c).count();
        let (parens, mut unparens) = (count('('), count(')'));
        let (brackets, mut unbrackets) = (count('['), count(']'));
        while let Some(last) = rest[..end].chars().next_back() {
            let trim = match last {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
                ')' if unparens > parens => {
                    unparens -= 1;
                    true
                }
                ']' if unbrackets > brackets => {
                    unbrackets -= 1;
                    true
                }
                _ => false,
            };
            if !trim {
                break;
            }
            end -= last.len_utf8();
        }
        if end <= scheme {
            return self.text_run();
        }
        let url = decode_entities(&rest[..end]);
        match safe_href(&url) {
            Some(href) => {
                self.b.inline(Inline::Link {
                    href,
                    children: vec![Inline::Text(url)],
                });
                self.prev = rest[..end].chars().next_back().unwrap_or('/');
                self.pos += end;
            }
            None => self.text_run(),
        }
    }
}
