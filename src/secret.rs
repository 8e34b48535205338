//! The secret policy: the one place that decides what is a secret. Drafts, "Configuration as
//! JSON" (view and download), "Copy as curl" (secrets become [placeholders](placeholder)), the
//! detail page, `cc:*` events, error text and every simulator's saved state ask it; nothing
//! else decides. Pure: no browser imports.
//!
//! A value is a secret when any of these holds, unless it is a [reference](is_reference):
//! - **its metadata marks it** ([`marks_secret`]): Kafka Connect and Confluent `type:
//!   "PASSWORD"`, Confluent `sensitive: true`, Streamkap `encrypt: true`, JSON Schema
//!   `writeOnly: true`, `format: "password"`, `sensitive: true` (or the parent's
//!   `sensitive: [keys]`), Airbyte `airbyte_secret: true`, and `x-secret`/`secret: true`;
//!   through `oneOf`/`anyOf`/`allOf` (any alternative that is secret makes the value secret),
//!   `$ref` (markers on the reference and on its target both count), list items and map values;
//! - **its key names a credential** ([`key_names_secret`]): the key, split into words, contains
//!   `password`, `passwd`, `pwd`, `passphrase`, `secret`, `credential(s)`, `token`, `apikey`,
//!   `jaas` (`sasl.jaas.config`), `private key`/`privatekey` or `api key` — unless its last word
//!   says the value is about the secret rather than the secret (`…password.enabled`,
//!   `…token.url`, `…secret.manager.type`; the list is [`NOT_A_VALUE`]);
//! - **its text carries one** ([`text_carries_secret`]): `password=` / `secret=` pairs (a JAAS
//!   line) or a PEM private key;
//! - **it is a mask** a server printed for a secret ([`is_masked`], `****`).
//!
//! A reference the server resolves is not a secret and is kept: exactly
//! `${provider:key}` / `${provider:path:key}` (Kafka Connect config providers) — the whole
//! value, nothing around it. An environment reference (`{{ VAR }}`) in a secret field is not
//! kept: Laminar's own answers leave secret fields out whatever they hold, and so do we.

use serde_json::{Map, Value};

/// Metadata flags that mark a property secret, as `(key, value)`: every vendor's spelling.
const MARKERS: [(&str, &str); 8] = [
    ("type", "PASSWORD"),
    ("format", "password"),
    ("writeOnly", "true"),
    ("sensitive", "true"),
    ("encrypt", "true"),
    ("airbyte_secret", "true"),
    ("x-secret", "true"),
    ("secret", "true"),
];

/// True when a property's metadata object marks it secret (see the module docs).
pub fn marks_secret(meta: &Map<String, Value>) -> bool {
    MARKERS.iter().any(|(k, want)| match meta.get(*k) {
        Some(Value::Bool(b)) => *b && *want == "true",
        Some(Value::String(s)) => s == want,
        _ => false,
    })
}

/// Words that make a key a credential on their own.
const CREDENTIAL_WORDS: [&str; 12] = [
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secrets",
    "credential",
    "credentials",
    "token",
    "apikey",
    "privatekey",
    "jaas",
];

/// Last words that say a key is about a secret, not the secret itself: `ssl.key.password.type`,
/// `oauth.token.url`, `secret.manager.type`, `password.file` (a path), `token.expiry.seconds`.
pub const NOT_A_VALUE: [&str; 30] = [
    "enabled",
    "enable",
    "file",
    "path",
    "location",
    "type",
    "url",
    "uri",
    "endpoint",
    "mode",
    "algorithm",
    "provider",
    "length",
    "policy",
    "name",
    "format",
    "required",
    "field",
    "header",
    "prefix",
    "ttl",
    "expiry",
    "seconds",
    "ms",
    "id",
    "set",
    "source",
    "manager",
    "method",
    "kind",
];

/// The words of a key: split at every non-alphanumeric character and at camelCase humps,
/// lower-cased (`sasl.jaas.config` → `sasl jaas config`, `clientSecret` → `client secret`).
fn words(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// True when a key names a credential (see the module docs for the exact rule).
pub fn key_names_secret(key: &str) -> bool {
    let w = words(key);
    let Some(last) = w.last() else {
        return false;
    };
    if NOT_A_VALUE.contains(&last.as_str()) {
        return false;
    }
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    w.iter().any(|x| CREDENTIAL_WORDS.contains(&x.as_str()))
        || pair("private", "key")
        || pair("api", "key")
}

/// True when a text holds a secret whatever its key: a `password=`/`secret=` pair (as in a
/// JAAS line: `… password="s3cret";`) or a PEM private key.
pub fn text_carries_secret(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let pair = |word: &str| {
        lower.match_indices(word).any(|(i, _)| {
            let before_ok = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            let rest = lower[i + word.len()..].trim_start();
            before_ok && rest.starts_with('=') && !rest[1..].trim_start().is_empty()
        })
    };
    pair("password")
        || pair("secret")
        || (lower.contains("-----begin") && lower.contains("private key"))
}

/// True for values servers print in place of a secret (`***`, `********`).
pub fn is_masked(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.len() >= 3 && s.chars().all(|c| c == '*'))
}

/// True when the whole value is a config-provider reference the server resolves:
/// `${provider:key}` or `${provider:path:key}`. Anything else around or inside makes it a value.
pub fn is_reference(v: &Value) -> bool {
    let Some(s) = v.as_str().map(str::trim) else {
        return false;
    };
    if let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        let Some((provider, rest)) = inner.split_once(':') else {
            return false;
        };
        return !provider.is_empty()
            && provider
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            && !rest.is_empty()
            && !rest.ends_with(':')
            && !rest.contains(['{', '}', '$', '\n', '"', ';']);
    }
    false
}

/// The decision for one entry: `marked` says whether its metadata marks it secret, `key` is its
/// name when it has one. True when the value must not leave (masked in views).
pub fn is_secret(marked: bool, key: Option<&str>, value: &Value) -> bool {
    if is_reference(value) {
        return false;
    }
    marked
        || key.is_some_and(key_names_secret)
        || is_masked(value)
        || value.as_str().is_some_and(text_carries_secret)
}

/// What a metadata tree says about the secrets under it: a JSON Schema node, a catalog.
/// Alternatives (`oneOf`/`anyOf`) answer with all of theirs; where a shape knows nothing
/// (free-form JSON, keys nobody described), names and texts still decide.
pub trait SecretShape {
    /// True when this node's value is a secret as a whole.
    fn marked(&self) -> bool;
    /// Pushes the shapes of the value under `key` in an object this node describes.
    fn field<'a>(&'a self, key: &str, out: &mut Vec<&'a Self>);
    /// Pushes the shapes of the items of a list this node describes.
    fn items<'a>(&'a self, out: &mut Vec<&'a Self>);
}

/// How deep [`scrub`] walks a value; anything deeper is dropped (nothing secret can slip
/// through a value nested past any real configuration).
const MAX_DEPTH: usize = 64;

/// The value with every secret removed, as every export path needs it: object entries that are
/// secret are left out, list items that are secret are left out, everything else is walked.
/// `None` when the value as a whole is secret.
pub fn scrub<S: SecretShape>(shapes: &[&S], key: Option<&str>, value: &Value) -> Option<Value> {
    walk(shapes, key, value, 0, &|_| None)
}

/// The value with every secret replaced by its [`placeholder`], for "Copy as curl": the request
/// keeps its shape, the user sees where a secret goes, and no secret leaves. The same walk as
/// [`scrub`] decides what is secret.
pub fn with_placeholders<S: SecretShape>(shapes: &[&S], key: Option<&str>, value: &Value) -> Value {
    walk(shapes, key, value, 0, &|k| {
        Some(Value::String(placeholder(k)))
    })
    .unwrap_or(Value::Null)
}

/// What stands in for the secret under `key`: `$SECRET_<KEY>`, the key upper-cased with
/// every other character than a letter or digit as `_` (`database.password` →
/// `$SECRET_DATABASE_PASSWORD`); `$SECRET` without a key.
pub fn placeholder(key: Option<&str>) -> String {
    let Some(key) = key else {
        return "$SECRET".into();
    };
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("$SECRET_{name}")
}

/// Walks `value` as `shapes` describe it; each secret becomes what `secret(key)` gives (left
/// out when `None`), and so does anything nested deeper than [`MAX_DEPTH`].
fn walk<S: SecretShape>(
    shapes: &[&S],
    key: Option<&str>,
    value: &Value,
    depth: usize,
    secret: &dyn Fn(Option<&str>) -> Option<Value>,
) -> Option<Value> {
    if depth > MAX_DEPTH || is_secret(shapes.iter().any(|s| s.marked()), key, value) {
        return secret(key);
    }
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let mut under = Vec::new();
                for s in shapes {
                    s.field(k, &mut under);
                }
                if let Some(v) = walk(&under, Some(k), v, depth + 1, secret) {
                    out.insert(k.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        Value::Array(list) => {
            let mut under = Vec::new();
            for s in shapes {
                s.items(&mut under);
            }
            Some(Value::Array(
                list.iter()
                    .filter_map(|v| walk(&under, key, v, depth + 1, secret))
                    .collect(),
            ))
        }
        other => Some(other.clone()),
    }
}

/// A shape that knows nothing: only names and texts decide.
pub struct Unknown;

impl SecretShape for Unknown {
    fn marked(&self) -> bool {
        false
    }
    fn field<'a>(&'a self, _: &str, _: &mut Vec<&'a Self>) {}
    fn items<'a>(&'a self, _: &mut Vec<&'a Self>) {}
}

/// [`scrub`] for a flat configuration (`key → value`, as the catalog forms send), where
/// `marked(key)` tells whether the catalog marks that key secret. Returns what may leave and the
/// keys left out, sorted.
pub fn scrub_flat(
    config: &Map<String, Value>,
    marked: impl Fn(&str) -> bool,
) -> (Map<String, Value>, Vec<String>) {
    let mut out = Map::new();
    let mut left_out = Vec::new();
    for (k, v) in config {
        let kept = if marked(k) && !is_reference(v) {
            None
        } else {
            scrub::<Unknown>(&[], Some(k), v)
        };
        match kept {
            Some(v) => {
                out.insert(k.clone(), v);
            }
            None => left_out.push(k.clone()),
        }
    }
    left_out.sort();
    (out, left_out)
}

/// Free text (an error message, a log line) with every `password=…`/`secret=…`/`token=…`
/// value replaced by `••••`, and `values` — secrets the user typed — masked wherever they
/// appear (values shorter than 4 characters are left alone: masking them would hide words).
pub fn redact_text(text: &str, values: &[&str]) -> String {
    let mut out = text.to_string();
    for v in values.iter().filter(|v| v.chars().count() >= 4) {
        out = out.replace(*v, "••••");
    }
    let lower = out.to_ascii_lowercase();
    let mut result = String::with_capacity(out.len());
    let mut i = 0;
    let bytes = out.as_bytes();
    while i < out.len() {
        let hit = ["password", "secret", "token"].iter().find_map(|w| {
            lower[i..].starts_with(w).then(|| {
                let mut j = i + w.len();
                while j < out.len() && bytes[j] == b' ' {
                    j += 1;
                }
                (j < out.len() && bytes[j] == b'=').then_some(j + 1)
            })?
        });
        match hit {
            Some(mut j) => {
                result.push_str(&out[i..j]);
                while j < out.len() && bytes[j] == b' ' {
                    result.push(' ');
                    j += 1;
                }
                let quote =
                    (j < out.len() && (bytes[j] == b'"' || bytes[j] == b'\'')).then(|| bytes[j]);
                if let Some(q) = quote {
                    result.push(q as char);
                    j += 1;
                }
                let start = j;
                while j < out.len() {
                    let b = bytes[j];
                    let end = match quote {
                        Some(q) => b == q,
                        None => b == b' ' || b == b';' || b == b',' || b == b'\n' || b == b'&',
                    };
                    if end {
                        break;
                    }
                    j += 1;
                }
                if j > start {
                    result.push_str("••••");
                }
                i = j;
            }
            None => {
                let c = out[i..].chars().next().unwrap_or(' ');
                result.push(c);
                i += c.len_utf8();
            }
        }
    }
    result
}
