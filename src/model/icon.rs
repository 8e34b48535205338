//! Connector icons from catalogs: inline SVG, sanitized by an allow-list, shown only as an
//! image (`<img src="data:…">`, where scripts never run), else initials. Pure.

use crate::http::percent_encode;

/// A connector's icon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Icon {
    /// No usable icon: draw initials.
    None,
    /// Inline SVG that passed [`sanitize_svg`]. Render it through [`svg_data_uri`] in an
    /// `<img>`, never as HTML.
    Svg(String),
}

impl Icon {
    /// Reads a catalog's `icon`: inline SVG is sanitized; file names (`kafka-icon.svg`),
    /// URLs and anything doubtful give [`Icon::None`].
    pub fn from_catalog(raw: Option<&str>) -> Icon {
        let Some(t) = raw.map(str::trim) else {
            return Icon::None;
        };
        if t.starts_with('<') {
            sanitize_svg(t).map(Icon::Svg).unwrap_or(Icon::None)
        } else {
            Icon::None
        }
    }
}

const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "circle",
    "rect",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "title",
    "desc",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
];

const SVG_DRAWING: &[&str] = &[
    "path", "circle", "rect", "ellipse", "line", "polyline", "polygon",
];

const SVG_ATTRIBUTES: &[&str] = &[
    "id",
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "d",
    "points",
    "pathLength",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "clip-path",
    "clipPathUnits",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "transform",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "preserveAspectRatio",
    "version",
    "xmlns",
    "xmlns:xlink",
    "style",
    "href",
    "xlink:href",
    "color",
    "display",
    "visibility",
    "vector-effect",
    "shape-rendering",
];

/// A conservative allow-list sanitizer for connector icons.
///
/// Kept: the elements `svg g path circle rect ellipse line polyline polygon title desc defs
/// linearGradient radialGradient stop clipPath` with geometry and presentation attributes.
/// Dropped: every other element with all it contains (`script`, `foreignObject`, `style`,
/// `image`, `use`, `a`, animation …), every `on*` attribute, `href`/`xlink:href` not starting
/// with `#`, `style` containing `url(`, `expression`, `@import`, `javascript:` or escapes,
/// any value mentioning `javascript:`/`vbscript:`/`data:`, `url(…)` other than `url(#id)`,
/// comments and the `<?xml?>` prolog.
/// Refused (`None`, the UI draws initials): DOCTYPE/ENTITY declarations, CDATA, entities other
/// than the five XML ones and numeric ones, unquoted or malformed attributes, mismatched tags,
/// a root that is not `<svg>`, content after the root, nesting deeper than 32, more than 64 KiB,
/// and a result with nothing left to draw.
pub fn sanitize_svg(svg: &str) -> Option<String> {
    if svg.len() > 64 * 1024 {
        return None;
    }
    let s = svg.trim_start_matches('\u{feff}').trim();
    let mut out = String::with_capacity(s.len());
    let mut stack: Vec<String> = Vec::new();
    let mut skip = 0usize; // depth inside a dropped element
    let mut root_done = false;
    let mut root_seen = false;
    let mut drew = false;
    let mut i = 0usize;
    while i < s.len() {
        let rest = &s[i..];
        let Some(lt) = rest.find('<') else {
            // Trailing text.
            if !rest.trim().is_empty() && (root_done || !root_seen) {
                return None;
            }
            text_out(&mut out, rest, &stack, skip)?;
            break;
        };
        if lt > 0 {
            let text = &rest[..lt];
            if !text.trim().is_empty() && (root_done || !root_seen) {
                return None;
            }
            text_out(&mut out, text, &stack, skip)?;
        }
        i += lt;
        let rest = &s[i..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->")?;
            i += 4 + end + 3;
            continue;
        }
        if rest.starts_with("<!") {
            return None; // DOCTYPE, ENTITY, CDATA
        }
        if let Some(after) = rest.strip_prefix("<?") {
            if root_seen {
                return None;
            }
            let end = after.find("?>")?;
            i += 2 + end + 2;
            continue;
        }
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>')?;
            let name = after[..end].trim();
            let open = stack.pop()?;
            if open != name {
                return None;
            }
            if skip > 0 {
                skip -= 1;
            } else {
                out.push_str(&format!("</{name}>"));
            }
            if stack.is_empty() {
                root_done = true;
            }
            i += 2 + end + 1;
            continue;
        }
        // A start tag.
        let (tag, len) = parse_tag(rest)?;
        i += len;
        if root_done {
            return None;
        }
        if !root_seen {
            if tag.name != "svg" {
                return None;
            }
            root_seen = true;
        }
        if stack.len() >= 32 {
            return None;
        }
        let allowed = skip == 0 && SVG_ELEMENTS.contains(&tag.name.as_str());
        if allowed {
            drew |= SVG_DRAWING.contains(&tag.name.as_str());
            out.push('<');
            out.push_str(&tag.name);
            for (k, v) in &tag.attrs {
                if let Some(v) = safe_attribute(&tag.name, k, v)? {
                    out.push_str(&format!(" {k}=\"{}\"", xml_escape(&v)));
                }
            }
            out.push_str(if tag.self_closing { "/>" } else { ">" });
        }
        if !tag.self_closing {
            if !allowed {
                skip += 1;
            }
            stack.push(tag.name);
        } else if stack.is_empty() {
            root_done = true;
        }
    }
    (stack.is_empty() && root_done && drew).then_some(out)
}

/// Keeps text only inside `title`/`desc`; checks its entities.
fn text_out(out: &mut String, text: &str, stack: &[String], skip: usize) -> Option<()> {
    let decoded = decode_entities(text)?;
    if skip == 0 && matches!(stack.last().map(String::as_str), Some("title" | "desc")) {
        out.push_str(&xml_escape(&decoded));
    }
    Some(())
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
}

/// Parses `<name a="v" …>` or `…/>` at the start of `s`; returns the tag and its length.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b":_.-".contains(&b[i])) {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        self_closing: false,
                    },
                    i + 1,
                ))
            }
            b'/' => {
                if b.get(i + 1) != Some(&b'>') {
                    return None;
                }
                return Some((
                    Tag {
                        name,
                        attrs,
                        self_closing: true,
                    },
                    i + 2,
                ));
            }
            _ => {}
        }
        let a_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b":_.-".contains(&b[i])) {
            i += 1;
        }
        if i == a_start {
            return None;
        }
        let key = s[a_start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None; // attributes without values are not XML
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let q = *b.get(i)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        i += 1;
        let v_start = i;
        while i < b.len() && b[i] != q {
            if b[i] == b'<' {
                return None;
            }
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let value = s[v_start..i].to_string();
        i += 1;
        if attrs.iter().any(|(k, _)| *k == key) {
            return None;
        }
        attrs.push((key, value));
    }
}

/// The attribute's value if it is kept; `Ok(None)`-like `Some(None)` drops it; `None` refuses
/// the whole icon (a value that cannot be read).
fn safe_attribute(element: &str, key: &str, raw: &str) -> Option<Option<String>> {
    let value = decode_entities(raw)?;
    if key.to_ascii_lowercase().starts_with("on") || !SVG_ATTRIBUTES.contains(&key) {
        return Some(None);
    }
    let lower: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("javascript:") || lower.contains("vbscript:") || lower.contains("data:") {
        return Some(None);
    }
    let keep = match key {
        "href" | "xlink:href" => value.starts_with('#'),
        "xmlns" => value == "http://www.w3.org/2000/svg",
        "xmlns:xlink" => value == "http://www.w3.org/1999/xlink",
        "style" => ![
            "url(",
            "expression",
            "@import",
            "\\",
            "behavior",
            "binding",
            "<",
        ]
        .iter()
        .any(|bad| lower.contains(bad)),
        _ => only_local_urls(&lower),
    };
    let _ = element;
    Some(keep.then_some(value))
}

/// True when every `url(` in the (lowercased, space-free) value is `url(#id)`.
fn only_local_urls(lower: &str) -> bool {
    lower.match_indices("url(").all(|(i, _)| {
        lower[i + 4..]
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

/// Decodes the five XML entities and numeric references; `None` for anything else.
fn decode_entities(s: &str) -> Option<String> {
    if !s.contains('&') {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';')?;
        let ent = &after[..semi];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code =
                    if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()?
                    } else {
                        ent.strip_prefix('#')?.parse::<u32>().ok()?
                    };
                char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A `data:` URI for a sanitized SVG, for `<img src=…>` (scripts never run in images).
pub fn svg_data_uri(svg: &str) -> String {
    format!("data:image/svg+xml;charset=utf-8,{}", percent_encode(svg))
}
