//! Keys as a person reads them ([`humanize`]) and as a JSON pointer spells them.

/// Words [`humanize`] prints in capitals.
const ACRONYMS: &[&str] = &[
    "api", "aws", "ca", "csv", "http", "https", "iam", "id", "json", "msk", "qos", "sasl", "sql",
    "ssl", "sse", "tls", "ttl", "uri", "url",
];

/// "bootstrapServers" → "Bootstrap servers", "event_rate" → "Event rate", "apiSecret" →
/// "API secret".
pub fn humanize(key: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if ACRONYMS.contains(&w.to_ascii_lowercase().as_str()) {
            out.push_str(&w.to_ascii_uppercase());
            continue;
        }
        let all_caps = w.len() > 1 && w.chars().all(|c| !c.is_lowercase());
        if i == 0 {
            let mut cs = w.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                if all_caps {
                    out.push_str(cs.as_str());
                } else {
                    out.push_str(&cs.as_str().to_lowercase());
                }
            }
        } else if all_caps {
            out.push_str(w);
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

/// Escapes a key for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer`].
pub fn unescape_pointer(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// `pointer` extended by one `key`.
pub(super) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_pointer(key))
}

/// A label without the required mark its author already put on it (`"Output Format *"` →
/// `"Output Format"`): forms add their own.
pub fn label_without_mark(label: &str) -> &str {
    let t = label.trim_end();
    match t.strip_suffix('*') {
        Some(rest) if !rest.trim().is_empty() => rest.trim_end(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_keys() {
        assert_eq!(humanize("bootstrapServers"), "Bootstrap servers");
        assert_eq!(humanize("event_rate"), "Event rate");
        assert_eq!(humanize("AWS_MSK_IAM"), "AWS MSK IAM");
        assert_eq!(humanize("apiSecret"), "API secret");
        assert_eq!(humanize("url"), "URL");
        assert_eq!(humanize(""), "");
    }
}
