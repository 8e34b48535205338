//! The key order of a JSON text, read by a small tokenizer: `serde_json` in this crate keeps
//! object keys sorted, and a form must follow the order the schema was written in.
//!
//! Measured alternative: serde_json's `preserve_order` feature instead of this tokenizer makes
//! the release wasm 9,810 bytes smaller (gzip -9: 727,376 instead of 737,186), but it turns
//! every JSON object in the app insertion-ordered (and `Map::remove` into a swap-remove), which
//! changes outputs the tests check: [`parse_schema`](super::parse_schema) on a parsed `Value`
//! is no longer alphabetical (`tests/json_schema.rs`), and Confluent's kept-secret keys and
//! Laminar's feature list come out in file order (`tests/confluent.rs`, `tests/laminar.rs`).
//! Not taken for now.

use std::collections::HashMap;

use super::escape_pointer;

/// The key order of every object in a JSON text, by JSON pointer (`""` is the root,
/// `/properties` its `properties` object). Lets a schema parsed into a sorted
/// [`Value`](serde_json::Value) keep its authored property order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyOrder {
    map: HashMap<String, Vec<String>>,
}

impl KeyOrder {
    /// Scans a JSON text. Invalid text yields whatever was read before the problem.
    pub fn from_json_text(text: &str) -> KeyOrder {
        let mut scanner = Scanner {
            s: text.as_bytes(),
            i: 0,
            order: KeyOrder::default(),
            depth: 0,
        };
        let mut path = String::new();
        scanner.value(&mut path);
        scanner.order
    }

    /// The keys of the object at `pointer`, in text order.
    pub fn keys(&self, pointer: &str) -> Option<&[String]> {
        self.map.get(pointer).map(Vec::as_slice)
    }
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
    order: KeyOrder,
    depth: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &mut String) -> bool {
        self.ws();
        self.depth += 1;
        let ok = self.depth < 256
            && match self.s.get(self.i) {
                Some(b'{') => self.object(path),
                Some(b'[') => self.array(path),
                Some(b'"') => self.string().is_some(),
                Some(_) => {
                    while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                        self.i += 1;
                    }
                    true
                }
                None => false,
            };
        self.depth -= 1;
        ok
    }

    fn object(&mut self, path: &mut String) -> bool {
        self.i += 1;
        let mut keys: Vec<String> = Vec::new();
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => {}
                _ => return false,
            }
            let Some(key) = self.string() else {
                return false;
            };
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return false;
            }
            self.i += 1;
            let len = path.len();
            path.push('/');
            path.push_str(&escape_pointer(&key));
            let ok = self.value(path);
            path.truncate(len);
            if !keys.contains(&key) {
                keys.push(key);
            }
            if !ok {
                return false;
            }
        }
        self.order.map.insert(path.clone(), keys);
        true
    }

    fn array(&mut self, path: &mut String) -> bool {
        self.i += 1;
        let mut n = 0usize;
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b']') => {
                    self.i += 1;
                    return true;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                None => return false,
                _ => {}
            }
            let len = path.len();
            path.push('/');
            path.push_str(&n.to_string());
            let ok = self.value(path);
            path.truncate(len);
            n += 1;
            if !ok {
                return false;
            }
        }
    }

    /// Reads a string literal starting at `"`, decoding it with serde_json.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    let raw = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_follows_the_text() {
        let text = r#"{"properties": {"z": {}, "a": {"properties": {"y": 1, "b": 2}}}, "k": [ {"q": 1, "p": 2} ]}"#;
        let o = KeyOrder::from_json_text(text);
        assert_eq!(o.keys("/properties").unwrap(), ["z", "a"]);
        assert_eq!(o.keys("/properties/a/properties").unwrap(), ["y", "b"]);
        assert_eq!(o.keys("/k/0").unwrap(), ["q", "p"]);
        assert_eq!(o.keys("").unwrap(), ["properties", "k"]);
        // Broken text does not panic.
        let _ = KeyOrder::from_json_text(r#"{"a": {"b": [1, 2"#);
        let _ = KeyOrder::from_json_text("\"\\");
    }
}
