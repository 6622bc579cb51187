//! A fast reader for the canonical YAML the store writes, with the full YAML parser
//! behind it.
//!
//! Records written by propdesk have one shape (see [`super::yaml::to_yaml`]): block
//! mappings and sequences indented by two, keys that are plain words, one-line values
//! that are plain words or double-quoted strings without escapes. Ten years of an
//! office is hundreds of megabytes of it, and the general YAML parser reads about
//! 12 MB a second; this reader reads that shape an order of magnitude faster.
//!
//! It is only ever a shortcut, never a second opinion: it declines (returns `None`)
//! on anything outside that shape — comments, quotes with escapes, flow collections,
//! anchors, tags, tabs, CRLF, multi-line scalars, words YAML reads as null, booleans
//! or numbers other than plain integers — and on any error at all, so that the full
//! parser reads the file and gives the same value, or the same error with its line
//! and hint, as it always did. Tests hold the two to the same results on every
//! record kind (and `fuzz/` holds them to it on arbitrary input).

use serde::de::{self, DeserializeOwned, Visitor};

/// The record in `text`, if `text` is in the canonical shape and deserialises.
pub fn from_canonical<T: DeserializeOwned>(text: &str) -> Option<T> {
    let lines = tokenize(text)?;
    let mut pos = 0;
    let root = parse_map(&lines, &mut pos, 0, 0)?;
    if pos != lines.len() {
        return None;
    }
    T::deserialize(&root).ok()
}

/// A scalar as written: a plain word or the inside of a double-quoted string.
#[derive(Debug, Clone, Copy)]
enum Scalar<'a> {
    Plain(&'a str),
    Quoted(&'a str),
}

/// One meaningful line: `key: value`, `key:`, or a scalar list item. A `- key: value`
/// line becomes a dash and a `key: value` two columns further in.
#[derive(Debug)]
enum Token<'a> {
    Dash,
    Key(&'a str, Option<Scalar<'a>>),
    Item(Scalar<'a>),
}

#[derive(Debug)]
struct Line<'a> {
    indent: usize,
    token: Token<'a>,
}

#[derive(Debug)]
enum Node<'a> {
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    Scalar(Scalar<'a>),
}

fn tokenize(text: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    let body = text.strip_suffix('\n')?;
    for raw in body.split('\n') {
        let content = raw.trim_start_matches(' ');
        let mut indent = raw.len() - content.len();
        if content.is_empty() {
            return None;
        }
        let mut rest = content;
        while let Some(after) = rest.strip_prefix("- ") {
            lines.push(Line {
                indent,
                token: Token::Dash,
            });
            indent += 2;
            rest = after;
        }
        let token = match key_and_rest(rest) {
            Some((key, "")) => Token::Key(key, None),
            Some((key, value)) => Token::Key(key, Some(scalar(value)?)),
            None if matches!(lines.last(), Some(Line { token: Token::Dash, indent: i }) if *i + 2 == indent) => {
                Token::Item(scalar(rest)?)
            }
            None => return None,
        };
        lines.push(Line { indent, token });
    }
    Some(lines)
}

/// `key: value` -> (key, value); `key:` -> (key, ""). Keys are words, plain or in
/// double quotes (the serializer quotes `"no"`, which some YAML reads as false).
fn key_and_rest(s: &str) -> Option<(&str, &str)> {
    let (key, s) = match s.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        }
        None => {
            let colon = s.find(':')?;
            (&s[..colon], &s[colon..])
        }
    };
    let rest = s.strip_prefix(':')?;
    let first = key.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    match rest {
        "" => Some((key, "")),
        rest => rest.strip_prefix(' ').map(|v| (key, v)),
    }
}

/// A one-line value in the canonical shape, or `None` for anything YAML might read
/// differently from the letters (which the full parser then reads).
fn scalar(s: &str) -> Option<Scalar<'_>> {
    if !printable(s) {
        return None;
    }
    if let Some(inner) = s.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        return Some(Scalar::Quoted(inner));
    }
    let first = s.bytes().next()?;
    let last = s.bytes().last()?;
    // A negative integer (a basement floor, `-1`).
    if let Some(n) = s.strip_prefix('-') {
        return (digits(n) && !n.starts_with('0')).then_some(Scalar::Plain(s));
    }
    if b"-?:,[]{}#&*!|>'\"%@`~. ".contains(&first)
        || last == b' '
        || last == b':'
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\t')
        || s.contains('\r')
    {
        return None;
    }
    // Text that could be a number in some YAML (`0x1F`, `1_000`, `1e3`, `12:30`,
    // `0755`) goes to the full parser; plain integers, months (`2026-11`), times (`09:00:00`) and text
    // with any other character in it (`4482.50 by 2026-11-30`) are read here.
    let numeric = |b: u8| b.is_ascii_hexdigit() || b"xXoO+-._:".contains(&b);
    if (first.is_ascii_digit() || first == b'+') && s.bytes().all(numeric) {
        let integer = digits(s) && (s == "0" || first != b'0');
        if !(integer || shaped(s, "dddd-dd") || shaped(s, "dd:dd:dd") || shaped(s, "dd:dd")) {
            return None;
        }
    }
    // `true` and `false` as written are booleans; any other spelling of them, and the
    // words YAML reads as null or a special number, go to the full parser.
    const WORDS: [&str; 10] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan",
    ];
    if s != "true" && s != "false" && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
        || s.eq_ignore_ascii_case("inf")
    {
        return None;
    }
    Some(Scalar::Plain(s))
}

/// Only characters YAML takes as they are in a one-line scalar: no control characters
/// (C0, DEL, C1), no line or paragraph separators, no byte-order mark, no non-characters.
fn printable(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().all(|b| (0x20..0x7f).contains(&b));
    }
    s.chars().all(|c| {
        let c = c as u32;
        (0x20..0x7f).contains(&c)
            || (0xa0..=0xd7ff).contains(&c) && c != 0x2028 && c != 0x2029
            || (0xe000..=0xfffd).contains(&c) && c != 0xfeff
            || c >= 0x10000
    })
}

/// `s` has the shape `pattern`, where `d` is any digit: a month or a time of day.
fn shaped(s: &str, pattern: &str) -> bool {
    s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| {
            if p == b'd' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Records nest a few levels; anything deeper is left to the full parser (and its
/// limits), so that no file can exhaust the stack here.
const MAX_DEPTH: usize = 32;

/// A mapping whose keys stand at `indent`, `depth` levels in.
fn parse_map<'a>(
    lines: &[Line<'a>],
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Option<Node<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut entries = Vec::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent < indent {
            break;
        }
        let Token::Key(key, value) = line.token else {
            return None;
        };
        if line.indent != indent {
            return None;
        }
        if entries.iter().any(|(k, _)| *k == key) {
            // A repeated key is an error the full parser reports with its line.
            return None;
        }
        *pos += 1;
        let node = match value {
            Some(v) => Node::Scalar(v),
            None => match lines.get(*pos) {
                // A list under a key starts at the key's own column.
                Some(Line {
                    indent: i,
                    token: Token::Dash,
                }) if *i == indent => parse_seq(lines, pos, indent, depth + 1)?,
                Some(Line {
                    indent: i,
                    token: Token::Key(..),
                }) if *i > indent => parse_map(lines, pos, *i, depth + 1)?,
                // `key:` with nothing under it is null: the full parser decides.
                _ => return None,
            },
        };
        entries.push((key, node));
    }
    (!entries.is_empty()).then_some(Node::Map(entries))
}

/// A sequence whose dashes stand at `indent`, `depth` levels in.
fn parse_seq<'a>(
    lines: &[Line<'a>],
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Option<Node<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut items = Vec::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent != indent || !matches!(line.token, Token::Dash) {
            break;
        }
        *pos += 1;
        let next = lines.get(*pos)?;
        if next.indent != indent + 2 {
            return None;
        }
        let item = match next.token {
            Token::Item(s) => {
                *pos += 1;
                Node::Scalar(s)
            }
            Token::Key(..) => parse_map(lines, pos, indent + 2, depth + 1)?,
            Token::Dash => parse_seq(lines, pos, indent + 2, depth + 1)?,
        };
        items.push(item);
    }
    Some(Node::Seq(items))
}

/// Any error at all sends the file to the full parser, which words it.
#[derive(Debug)]
pub struct Decline;

impl std::fmt::Display for Decline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not in the canonical shape")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Decline
    }
}

impl<'de> de::Deserializer<'de> for &Node<'de> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
            }),
            Node::Scalar(Scalar::Quoted(s)) => visitor.visit_borrowed_str(s),
            Node::Scalar(Scalar::Plain("true")) => visitor.visit_bool(true),
            Node::Scalar(Scalar::Plain("false")) => visitor.visit_bool(false),
            Node::Scalar(Scalar::Plain(s)) => match (s.parse::<u64>(), s.parse::<i64>()) {
                (Ok(n), _) => visitor.visit_u64(n),
                (_, Ok(n)) => visitor.visit_i64(n),
                _ if s.starts_with('-') => Err(Decline),
                _ => visitor.visit_borrowed_str(s),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        match self {
            Node::Scalar(Scalar::Plain(s) | Scalar::Quoted(s)) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Decline>::new(s))
            }
            _ => Err(Decline),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct MapAccess<'a, 'de> {
    entries: std::slice::Iter<'a, (&'de str, Node<'de>)>,
    value: Option<&'a Node<'de>>,
}

impl<'a, 'de> de::MapAccess<'de> for MapAccess<'a, 'de> {
    type Error = Decline;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let key: de::value::BorrowedStrDeserializer<'de, Decline> =
                    de::value::BorrowedStrDeserializer::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Decline> {
        seed.deserialize(self.value.take().ok_or(Decline)?)
    }
}

struct SeqAccess<'a, 'de> {
    items: std::slice::Iter<'a, Node<'de>>,
}

impl<'a, 'de> de::SeqAccess<'de> for SeqAccess<'a, 'de> {
    type Error = Decline;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Decline> {
        self.items.next().map(|n| seed.deserialize(n)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use serde::de::DeserializeOwned;

    use super::from_canonical;
    use crate::model::ledger::Ledger;
    use crate::model::party::Party;
    use crate::model::unit::Unit;
    use crate::procedure::dunning::DunningCase;
    use crate::procedure::movein::record::MoveIn;
    use crate::procedure::moveout::record::MoveOut;
    use crate::procedure::permit::record::Permit;
    use crate::procedure::ticket::record::Ticket;
    use crate::store::yaml::from_yaml_full;

    /// Every YAML file of the demo office and of the catalogue of broken records.
    fn corpus() -> Vec<(PathBuf, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in [
            "records",
            "tests/fixtures/invalid",
            "examples/harbour-estate",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml")
                    && let Ok(text) = std::fs::read_to_string(path)
                {
                    out.push((path.to_path_buf(), text));
                }
            }
        }
        out
    }

    /// The fast reader either declines or agrees with the full parser, value for value.
    fn agrees<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> Option<bool> {
        let fast = from_canonical::<T>(text)?;
        match from_yaml_full::<T>(text, "x") {
            Ok(full) => Some(full == fast),
            Err(_) => Some(false),
        }
    }

    /// (read fast, agreed) for `text` read as the record kind its folder holds.
    fn check(kind: &str, text: &str) -> Option<bool> {
        match kind {
            "units" => agrees::<Unit>(text),
            "parties" => agrees::<Party>(text),
            "ledger" => agrees::<Ledger>(text),
            "dunning" => agrees::<DunningCase>(text),
            "tickets" => agrees::<Ticket>(text),
            "moveins" => agrees::<MoveIn>(text),
            "permits" => agrees::<Permit>(text),
            "moveouts" => agrees::<MoveOut>(text),
            _ => agrees::<serde_json::Value>(text),
        }
    }

    fn kind_of(path: &Path) -> &str {
        let kinds = [
            "units", "parties", "ledger", "dunning", "tickets", "moveins", "permits", "moveouts",
        ];
        path.components()
            .rev()
            .filter_map(|c| c.as_os_str().to_str())
            .find(|c| kinds.contains(c))
            .unwrap_or("other")
    }

    #[test]
    fn every_record_propdesk_wrote_is_read_fast_and_exactly_as_the_full_parser_reads_it() {
        let mut fast = 0;
        for (path, text) in corpus() {
            let kind = kind_of(&path);
            let written = path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("records"));
            match check(kind, &text) {
                Some(true) => fast += 1,
                Some(false) => panic!("{}: the fast reader disagrees", path.display()),
                // Every record of the demo office was written by propdesk.
                None if written => panic!("{}: declined a record propdesk wrote", path.display()),
                None => {}
            }
        }
        assert!(fast > 150, "only {fast} files read fast");
    }

    #[test]
    fn deep_nesting_is_left_to_the_full_parser_without_exhausting_the_stack() {
        let deep = format!("id: A-1\nhistory:\n{}x\n", "- ".repeat(100_000));
        assert!(from_canonical::<serde_json::Value>(&deep).is_none());
        let shallow = format!("id: A-1\nhistory:\n{}x\n", "- ".repeat(3));
        assert!(from_canonical::<serde_json::Value>(&shallow).is_some());
    }

    /// Small edits of the kind a person makes by hand, or a bad merge.
    fn mutate(text: &str, at: usize, how: u8, with: char) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let n = lines.len().max(1);
        let i = at % n;
        let line = lines.get(i).cloned().unwrap_or_default();
        let mut chars: Vec<char> = line.chars().collect();
        let j = if chars.is_empty() {
            0
        } else {
            at / n % (chars.len() + 1)
        };
        let mut edited = true;
        match how % 8 {
            0 => chars.insert(j, with),
            1 if j < chars.len() => {
                chars.remove(j);
            }
            2 if j < chars.len() => chars[j] = with,
            3 => chars.insert(0, ' '),
            6 => chars.push(with),
            4 => {
                edited = false;
                lines.insert(i, line.clone());
            }
            5 if i + 1 < lines.len() => {
                edited = false;
                lines.swap(i, i + 1);
            }
            _ => {
                edited = false;
                if !lines.is_empty() {
                    lines.remove(i);
                }
            }
        }
        if edited && i < lines.len() {
            lines[i] = chars.into_iter().collect();
        }
        let mut out = lines.join("\n");
        out.push('\n');
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn a_changed_record_is_declined_or_read_exactly_as_the_full_parser_reads_it(
            file in any::<prop::sample::Index>(),
            edits in prop::collection::vec(
                (any::<usize>(), any::<u8>(), prop::sample::select(vec![
                    ' ', '-', ':', '#', '"', '\'', '\\', '[', '{', '&', '*', '!', '|', '>',
                    '~', '?', '\t', '\r', '0', '9', 'a', '.', ',', '%', '@', '`', '\u{85}',
                    '\u{2028}', '\u{feff}', '\u{0}', '王', 'e', 'n', 'y',
                ])),
                1..4,
            ),
        ) {
            let files = corpus();
            let (path, text) = &files[file.index(files.len())];
            let mut text = text.clone();
            for (at, how, with) in edits {
                text = mutate(&text, at, how, with);
            }
            prop_assert_ne!(check(kind_of(path), &text), Some(false), "{}:\n{}", path.display(), text);
        }
    }
}
