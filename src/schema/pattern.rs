//! JSON Schema `pattern`s: matching with a small private ECMA-262 subset matcher, and
//! plain-words explanations for messages.
//!
//! Measured alternative: matching with the `regex-lite` crate (this parser kept for the
//! explanations) makes the release wasm 17,918 bytes larger (gzip -9: 755,104 instead of
//! 737,186). It would also differ from ECMA-262 where this matcher follows it: `\s` is ASCII
//! only, `.` matches `\r`, and `\0`, `[\b]`, a literal `{` and `[` inside a class are errors;
//! it does match named groups (left to the server here), and it answers catastrophic patterns
//! like `^(a+)+$` in linear time where this matcher gives up with `None`.

/// Whether `text` matches the ECMA-262 `pattern` (searched anywhere, as JSON Schema says).
/// `None` when the pattern uses something this small matcher does not support (look-around,
/// back-references) or is too costly on this input: the check is then left to the server.
pub fn pattern_matches(pattern: &str, text: &str) -> Option<bool> {
    let re = regex::parse(pattern)?;
    regex::search(&re, text)
}

/// The message for a value that does not match `pattern`, explaining it plainly where the
/// pattern is a known or simple one, and giving an example when there is one.
pub fn pattern_message(pattern: &str, example: Option<&str>) -> String {
    let mut msg = format!("Must match the pattern {pattern}");
    if let Some(e) = explain_pattern(pattern) {
        msg.push_str(&format!(" ({e})"));
    }
    if let Some(ex) = example.filter(|e| pattern_matches(pattern, e) == Some(true)) {
        msg.push_str(&format!(", for example {ex}"));
    }
    msg.push('.');
    msg
}

/// A plain-words reading of common patterns: "lowercase letters only", "starts with “redis://”",
/// "comma-separated host:port pairs". `None` when there is no simple reading.
pub fn explain_pattern(pattern: &str) -> Option<String> {
    let compact: String = pattern.chars().filter(|c| !c.is_whitespace()).collect();
    let known: &[(&str, &str)] = &[
        (
            r"^(([\w\.\-]+:\d+),)*([\w\.\-]+:\d+)$",
            "comma-separated host:port pairs",
        ),
        (r"^[\w\.\-]+:\d+$", "a host:port pair"),
        (r"^\d+$", "digits only"),
        (r"^[0-9]+$", "digits only"),
    ];
    if let Some((_, e)) = known.iter().find(|(p, _)| *p == compact) {
        return Some(e.to_string());
    }
    let re = regex::parse(pattern)?;
    regex::explain(&re)
}

/// A small backtracking matcher for the ECMA-262 subset JSON Schemas use: literals, `.`,
/// classes (`[a-z]`, `[^…]`, `\d \w \s` and negations), anchors, `\b`, groups (`(…)`, `(?:…)`),
/// alternation and greedy/lazy quantifiers. Work is capped so hostile patterns cannot hang.
mod regex {
    use std::cell::Cell;

    #[derive(Debug, Clone)]
    pub(super) enum Re {
        Char(char),
        Any,
        Class(Vec<Item>, bool),
        Start,
        End,
        WordBoundary(bool),
        Concat(Vec<Re>),
        Alt(Vec<Re>),
        Repeat(Box<Re>, u32, Option<u32>, bool),
    }

    #[derive(Debug, Clone)]
    pub(super) enum Item {
        Range(char, char),
        Digit(bool),
        Word(bool),
        Space(bool),
    }

    pub(super) fn parse(p: &str) -> Option<Re> {
        let chars: Vec<char> = p.chars().collect();
        if chars.len() > 2000 {
            return None;
        }
        let mut ps = P { c: &chars, i: 0 };
        let re = ps.alt(0)?;
        (ps.i == chars.len()).then_some(re)
    }

    struct P<'a> {
        c: &'a [char],
        i: usize,
    }

    impl P<'_> {
        fn peek(&self) -> Option<char> {
            self.c.get(self.i).copied()
        }

        fn alt(&mut self, depth: usize) -> Option<Re> {
            if depth > 64 {
                return None;
            }
            let mut alts = vec![self.concat(depth)?];
            while self.peek() == Some('|') {
                self.i += 1;
                alts.push(self.concat(depth)?);
            }
            Some(if alts.len() == 1 {
                alts.remove(0)
            } else {
                Re::Alt(alts)
            })
        }

        fn concat(&mut self, depth: usize) -> Option<Re> {
            let mut items = Vec::new();
            while let Some(c) = self.peek() {
                if c == '|' || c == ')' {
                    break;
                }
                let atom = self.atom(depth)?;
                items.push(self.quantified(atom)?);
            }
            Some(Re::Concat(items))
        }

        fn quantified(&mut self, atom: Re) -> Option<Re> {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.i += 1;
                    (0, None)
                }
                Some('+') => {
                    self.i += 1;
                    (1, None)
                }
                Some('?') => {
                    self.i += 1;
                    (0, Some(1))
                }
                // `braces` consumes `{n,m}` itself; anything else leaves `{` a literal.
                Some('{') => match self.braces() {
                    Some(b) => b,
                    None => return Some(atom),
                },
                _ => return Some(atom),
            };
            if matches!(atom, Re::Start | Re::End | Re::WordBoundary(_)) {
                return None;
            }
            let greedy = if self.peek() == Some('?') {
                self.i += 1;
                false
            } else {
                true
            };
            if matches!(self.peek(), Some('*' | '+' | '?')) {
                return None;
            }
            Some(Re::Repeat(Box::new(atom), min, max, greedy))
        }

        /// `{n}`, `{n,}`, `{n,m}`; consumes it and returns bounds, or leaves `{` literal.
        fn braces(&mut self) -> Option<(u32, Option<u32>)> {
            let rest: String = self.c[self.i..].iter().take(24).collect();
            let close = rest.find('}')?;
            let inner = &rest[1..close];
            let (a, b) = match inner.split_once(',') {
                Some((a, b)) => (a, Some(b)),
                None => (inner, None),
            };
            let min: u32 = a.parse().ok()?;
            let max = match b {
                None => Some(min),
                Some("") => None,
                Some(b) => Some(b.parse().ok()?),
            };
            if max.is_some_and(|m| m < min) || min > 1000 || max.is_some_and(|m| m > 1000) {
                return None;
            }
            self.i += inner.chars().count() + 2;
            Some((min, max))
        }

        fn atom(&mut self, depth: usize) -> Option<Re> {
            let c = self.peek()?;
            self.i += 1;
            Some(match c {
                '.' => Re::Any,
                '^' => Re::Start,
                '$' => Re::End,
                '(' => {
                    if self.peek() == Some('?') {
                        if self.c.get(self.i + 1) == Some(&':') {
                            self.i += 2;
                        } else {
                            return None; // look-around and named groups
                        }
                    }
                    let inner = self.alt(depth + 1)?;
                    if self.peek() != Some(')') {
                        return None;
                    }
                    self.i += 1;
                    inner
                }
                '[' => self.class()?,
                '\\' => self.escape(false)?.into_re(),
                '*' | '+' | '?' | ')' => return None,
                other => Re::Char(other),
            })
        }

        fn class(&mut self) -> Option<Re> {
            let negated = if self.peek() == Some('^') {
                self.i += 1;
                true
            } else {
                false
            };
            let mut items = Vec::new();
            let mut first = true;
            loop {
                let c = self.peek()?;
                self.i += 1;
                if c == ']' && !first {
                    break;
                }
                first = false;
                let lo = if c == '\\' {
                    match self.escape(true)? {
                        Esc::Char(ch) => ch,
                        Esc::Item(item) => {
                            items.push(item);
                            continue;
                        }
                        Esc::Boundary(_) => return None,
                    }
                } else {
                    c
                };
                if self.peek() == Some('-') && self.c.get(self.i + 1).is_some_and(|n| *n != ']') {
                    self.i += 1;
                    let hc = self.peek()?;
                    self.i += 1;
                    let hi = if hc == '\\' {
                        match self.escape(true)? {
                            Esc::Char(ch) => ch,
                            _ => return None,
                        }
                    } else {
                        hc
                    };
                    if hi < lo {
                        return None;
                    }
                    items.push(Item::Range(lo, hi));
                } else {
                    items.push(Item::Range(lo, lo));
                }
            }
            Some(Re::Class(items, negated))
        }

        fn escape(&mut self, in_class: bool) -> Option<Esc> {
            let c = self.peek()?;
            self.i += 1;
            Some(match c {
                'd' => Esc::Item(Item::Digit(true)),
                'D' => Esc::Item(Item::Digit(false)),
                'w' => Esc::Item(Item::Word(true)),
                'W' => Esc::Item(Item::Word(false)),
                's' => Esc::Item(Item::Space(true)),
                'S' => Esc::Item(Item::Space(false)),
                'b' if in_class => Esc::Char('\u{8}'),
                'b' => Esc::Boundary(true),
                'B' => Esc::Boundary(false),
                'n' => Esc::Char('\n'),
                'r' => Esc::Char('\r'),
                't' => Esc::Char('\t'),
                'f' => Esc::Char('\u{c}'),
                'v' => Esc::Char('\u{b}'),
                '0' => Esc::Char('\0'),
                'x' => {
                    let h: String = self.c.get(self.i..self.i + 2)?.iter().collect();
                    self.i += 2;
                    Esc::Char(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?)
                }
                'u' => {
                    let h: String = self.c.get(self.i..self.i + 4)?.iter().collect();
                    self.i += 4;
                    Esc::Char(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?)
                }
                '1'..='9' | 'k' | 'p' | 'P' | 'c' => return None,
                other => Esc::Char(other),
            })
        }
    }

    enum Esc {
        Char(char),
        Item(Item),
        Boundary(bool),
    }

    impl Esc {
        fn into_re(self) -> Re {
            match self {
                Esc::Char(c) => Re::Char(c),
                Esc::Item(i) => Re::Class(vec![i], false),
                Esc::Boundary(b) => Re::WordBoundary(b),
            }
        }
    }

    fn is_word(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_'
    }

    fn item_matches(item: &Item, c: char) -> bool {
        match item {
            Item::Range(lo, hi) => *lo <= c && c <= *hi,
            Item::Digit(pos) => c.is_ascii_digit() == *pos,
            Item::Word(pos) => is_word(c) == *pos,
            Item::Space(pos) => c.is_whitespace() == *pos,
        }
    }

    struct M<'a> {
        t: &'a [char],
        steps: Cell<u32>,
        depth: Cell<u32>,
    }

    /// Work and recursion caps: beyond them the answer is "cannot tell" (`None`) and the server
    /// decides. The depth cap keeps the matcher far inside the browser's 1 MiB wasm stack (a
    /// level costs a few frames); the browser's own `RegExp` was considered and not taken: it
    /// backtracks without any step limit, so a hostile `^(a+)+$` would freeze the page.
    const STEP_LIMIT: u32 = 100_000;
    const DEPTH_LIMIT: u32 = 400;

    impl M<'_> {
        fn tick(&self) -> bool {
            let s = self.steps.get() + 1;
            self.steps.set(s);
            s <= STEP_LIMIT
        }

        fn m(&self, re: &Re, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            if !self.tick() {
                return false;
            }
            let d = self.depth.get() + 1;
            if d > DEPTH_LIMIT {
                // Counts as exhausted: stop everything.
                self.steps.set(STEP_LIMIT + 1);
                return false;
            }
            self.depth.set(d);
            let r = self.m_inner(re, pos, k);
            self.depth.set(d - 1);
            r
        }

        fn m_inner(&self, re: &Re, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            match re {
                Re::Char(c) => self.t.get(pos) == Some(c) && k(pos + 1),
                Re::Any => self.t.get(pos).is_some_and(|c| *c != '\n' && *c != '\r') && k(pos + 1),
                Re::Class(items, neg) => match self.t.get(pos) {
                    Some(c) => items.iter().any(|i| item_matches(i, *c)) != *neg && k(pos + 1),
                    None => false,
                },
                Re::Start => pos == 0 && k(pos),
                Re::End => pos == self.t.len() && k(pos),
                Re::WordBoundary(want) => {
                    let before = pos > 0 && is_word(self.t[pos - 1]);
                    let after = self.t.get(pos).is_some_and(|c| is_word(*c));
                    (before != after) == *want && k(pos)
                }
                Re::Concat(items) => self.seq(items, pos, k),
                Re::Alt(alts) => alts.iter().any(|a| self.m(a, pos, k)),
                Re::Repeat(inner, min, max, greedy) => {
                    self.rep(inner, *min, *max, *greedy, 0, pos, k)
                }
            }
        }

        fn seq(&self, items: &[Re], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
            match items.split_first() {
                None => k(pos),
                Some((first, rest)) => self.m(first, pos, &mut |p| self.seq(rest, p, k)),
            }
        }

        #[allow(clippy::too_many_arguments)]
        fn rep(
            &self,
            inner: &Re,
            min: u32,
            max: Option<u32>,
            greedy: bool,
            count: u32,
            pos: usize,
            k: &mut dyn FnMut(usize) -> bool,
        ) -> bool {
            if !self.tick() {
                return false;
            }
            let can_stop = count >= min;
            if can_stop && !greedy && k(pos) {
                return true;
            }
            if max.is_none_or(|m| count < m) {
                let more = self.m(inner, pos, &mut |p| {
                    // An empty iteration past the minimum can only loop.
                    if p == pos && count >= min {
                        return false;
                    }
                    self.rep(inner, min, max, greedy, count + 1, p, k)
                });
                if more {
                    return true;
                }
            }
            can_stop && greedy && k(pos)
        }
    }

    pub(super) fn search(re: &Re, text: &str) -> Option<bool> {
        let t: Vec<char> = text.chars().collect();
        if t.len() > 2_000 {
            return None;
        }
        let m = M {
            t: &t,
            steps: Cell::new(0),
            depth: Cell::new(0),
        };
        for start in 0..=t.len() {
            if m.m(re, start, &mut |_| true) {
                return Some(true);
            }
            if m.steps.get() > STEP_LIMIT {
                return None;
            }
        }
        Some(false)
    }

    /// Plain words for `^literal…` and `^[class]+$` shapes.
    pub(super) fn explain(re: &Re) -> Option<String> {
        let Re::Concat(items) = re else {
            return None;
        };
        let (first, rest) = items.split_first()?;
        if !matches!(first, Re::Start) {
            return None;
        }
        // ^[class]+$ / ^[class]*$ / ^[class]{n,m}$
        if let [Re::Repeat(inner, min, max, _), Re::End] = rest {
            if let Re::Class(class_items, false) = inner.as_ref() {
                let what = describe_class(class_items)?;
                let size = match (min, max) {
                    (0 | 1, None) => String::new(),
                    (a, Some(b)) if a == b => format!(", exactly {a} characters"),
                    (a, Some(b)) => format!(", {a} to {b} characters"),
                    (a, None) => format!(", at least {a} characters"),
                };
                return Some(format!("{what} only{size}"));
            }
        }
        // ^literal, ^literal.*, ^literal.*$
        let mut literal = String::new();
        let mut tail = rest;
        while let Some((Re::Char(c), more)) = tail.split_first() {
            literal.push(*c);
            tail = more;
        }
        let tail_ok = match tail {
            [] => true,
            [Re::Repeat(inner, 0, None, _)] | [Re::Repeat(inner, 0, None, _), Re::End] => {
                matches!(inner.as_ref(), Re::Any)
            }
            _ => false,
        };
        (tail_ok && !literal.is_empty()).then(|| format!("starts with “{literal}”"))
    }

    fn describe_class(items: &[Item]) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        let has = |lo: char, hi: char| {
            items
                .iter()
                .any(|i| matches!(i, Item::Range(a, b) if *a == lo && *b == hi))
        };
        let lower = has('a', 'z');
        let upper = has('A', 'Z');
        match (lower, upper) {
            (true, true) => parts.push("letters".into()),
            (true, false) => parts.push("lowercase letters".into()),
            (false, true) => parts.push("uppercase letters".into()),
            _ => {}
        }
        for item in items {
            match item {
                Item::Range('a', 'z') | Item::Range('A', 'Z') => {}
                Item::Range('0', '9') | Item::Digit(true) => parts.push("digits".into()),
                Item::Word(true) => parts.push("letters, digits, underscores".into()),
                Item::Space(true) => parts.push("spaces".into()),
                Item::Range(a, b) if a == b => parts.push(match a {
                    '_' => "underscores".into(),
                    '-' => "hyphens".into(),
                    '.' => "dots".into(),
                    ' ' => "spaces".into(),
                    c => format!("“{c}”"),
                }),
                _ => return None,
            }
        }
        let mut seen = Vec::new();
        parts.retain(|p| {
            let fresh = !seen.contains(p);
            seen.push(p.clone());
            fresh
        });
        match parts.len() {
            0 => None,
            1 => Some(parts.remove(0)),
            _ => {
                let last = parts.pop()?;
                Some(format!("{} and {last}", parts.join(", ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let hp = r"^(([\w\.\-]+:\d+),)*([\w\.\-]+:\d+)$";
        assert_eq!(
            pattern_matches(hp, "broker-1:9092,broker-2:9092"),
            Some(true)
        );
        assert_eq!(pattern_matches(hp, "broker-1:9092,"), Some(false));
        assert_eq!(pattern_matches(hp, "broker"), Some(false));
        assert_eq!(
            pattern_matches("^redis://.*$", "redis://x:6379"),
            Some(true)
        );
        assert_eq!(pattern_matches("^redis://.*$", "http://x"), Some(false));
        assert_eq!(
            pattern_matches("b+", "abbbc"),
            Some(true),
            "unanchored search"
        );
        assert_eq!(pattern_matches("^a{2,3}$", "aaaa"), Some(false));
        assert_eq!(pattern_matches("^a{2,3}$", "aaa"), Some(true));
        assert_eq!(pattern_matches("^(?:ab|cd)+$", "abcdab"), Some(true));
        assert_eq!(pattern_matches(r"^[^\s]+$", "a b"), Some(false));
        assert_eq!(pattern_matches(r"\bcat\b", "a cat!"), Some(true));
        assert_eq!(
            pattern_matches("(?=x)", "x"),
            None,
            "look-ahead unsupported"
        );
        assert_eq!(
            pattern_matches(r"(a)\1", "aa"),
            None,
            "back-references unsupported"
        );
        assert_eq!(pattern_matches("[", "x"), None);
        // Catastrophic backtracking gives up instead of hanging.
        let evil = "^(a+)+$";
        let input = format!("{}b", "a".repeat(40));
        assert_eq!(pattern_matches(evil, &input), None);
    }
    #[test]
    fn pattern_explanations() {
        assert_eq!(
            explain_pattern("^[a-z]+$").as_deref(),
            Some("lowercase letters only")
        );
        assert_eq!(
            explain_pattern("^[a-z0-9_-]+$").as_deref(),
            Some("lowercase letters, digits, underscores and hyphens only")
        );
        assert_eq!(
            explain_pattern("^redis://.*$").as_deref(),
            Some("starts with “redis://”")
        );
        assert_eq!(explain_pattern("^(a|b)c$"), None);
        assert_eq!(
            pattern_message("^[a-z]+$", None),
            "Must match the pattern ^[a-z]+$ (lowercase letters only)."
        );
    }
}
