//! The one place that turns records into YAML text and back.
//!
//! Writing is canonical (field order from the type, empty optionals omitted, one-line
//! strings on one line), so loading and saving an unchanged record gives the same
//! bytes. Reading is strict: `yes` is not a boolean, unknown fields and wrong types
//! are errors, and every error carries the line it was found on.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::Problem;

/// The canonical text of a record.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    let mut text =
        serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Parses a record; `shown` is the path to name in the problem.
pub fn from_yaml<T: DeserializeOwned>(text: &str, shown: &str) -> Result<T, Problem> {
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        let message = if text.trim().is_empty() { "the file is empty" } else { "the file is empty (only comments)" };
        return Err(Problem::new(shown, Some(1), message).with_hint("delete it, or restore it from git"));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (message, hint, line) = explain(&e, text);
        Problem { path: shown.to_string(), line, message, hint }
    })
}

/// serde-saphyr's message, reworded for the person who edits the file: it names the
/// field and the value as written on the line, and says what was expected. The
/// problem already says `path:line:`, so the position inside the message is dropped.
fn explain(e: &serde_saphyr::Error, text: &str) -> (String, Option<String>, Option<usize>) {
    use serde_saphyr::Error as E;
    let mut err = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = err {
        err = error;
    }
    let location = e.location().or_else(|| err.location());
    let line = location.map(|l| l.line() as usize).filter(|&l| l > 0);
    let src = line.and_then(|n| Src::at(text, n));
    let key = src.as_ref().and_then(|s| s.key);
    let value = src.as_ref().map_or("", |s| s.value);
    // "floor", or "an item of roles" for a list item without a key of its own.
    let what = match (key, line) {
        (Some(k), _) => k.to_string(),
        (None, Some(n)) => match parent_key(text, n) {
            Some(p) => format!("an item of {p}"),
            None => "the value".to_string(),
        },
        (None, None) => "the value".to_string(),
    };
    let invalid = |expected: &str| {
        if value.is_empty() {
            format!("{what} has no value: expected {expected}")
        } else {
            format!("invalid {what} {value:?}: expected {expected}")
        }
    };
    let raw = tidy(&err.to_string());
    let hint = |h: &str| Some(h.to_string());
    match err {
        E::InvalidScalar { ty, .. } if ty.starts_with('i') || ty.starts_with('u') => {
            (invalid("a whole number, like 12"), None, line)
        }
        E::InvalidScalar { ty, .. } if ty.starts_with('f') => (invalid("a number, like 12.5"), None, line),
        E::InvalidBooleanStrict { .. } => (invalid("true or false"), None, line),
        E::NullIntoString { .. } => (
            format!("{what} has no value"),
            key.map(|k| format!("write the value after `{k}:`, or restore the line from git")),
            line,
        ),
        E::Unexpected { expected, .. } if expected.contains("mapping") => {
            if line.is_some_and(|n| Some(n) == first_content_line(text)) && src.as_ref().is_none_or(|s| s.key.is_none()) {
                let holds = if src.as_ref().is_some_and(|s| s.item || s.raw.trim_start().starts_with('[')) {
                    "a list"
                } else {
                    "a single value"
                };
                (
                    format!("the file holds {holds}, not a record"),
                    hint("a record is a mapping of `field: value` lines, like `id: A-1203`; restore the file from git"),
                    line,
                )
            } else {
                let shown = if value.is_empty() { src.as_ref().map_or("", |s| s.rest) } else { value };
                let m = if shown.is_empty() {
                    format!("{what} has no value: expected `field: value` lines")
                } else {
                    format!("invalid {what} {shown:?}: expected `field: value` lines")
                };
                (m, None, line)
            }
        }
        E::Unexpected { expected, .. } if expected.contains("sequence") => {
            (invalid("a list, one `- item` line per item"), hint("write each item on its own line starting with `- `"), line)
        }
        E::Unexpected { expected, .. } if expected.contains("scalar") => {
            (invalid("a single value, not a list or a mapping"), None, line)
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            (format!("unknown {what} {variant:?}: expected {}", expected.join(", ")), None, line)
        }
        E::SerdeUnknownField { field, expected, .. } => (
            format!("unknown field {field:?}: expected one of {}", expected.join(", ")),
            hint("check the spelling; the fields a record may have are in the README"),
            line,
        ),
        E::SerdeMissingField { field, .. } => {
            // serde-saphyr points at the mapping's last key; name the line it starts on.
            let column = location.map_or(0, |l| l.column() as usize);
            let start = line.map(|n| mapping_start(text, n, column.saturating_sub(1)));
            let within = match start.and_then(|n| Src::at(text, n)).filter(|s| s.item) {
                Some(_) => start.and_then(|n| parent_key(text, n)).map(|p| format!(" in this entry of {p}")),
                None => None,
            };
            (
                format!("missing field `{field}`{}", within.unwrap_or_default()),
                hint("add the field, or recreate the record with propdesk"),
                start.or(line),
            )
        }
        E::DuplicateMappingKey { key: Some(k), .. } => {
            (format!("field `{k}` is given twice"), hint("keep one of the two lines"), line)
        }
        E::DuplicateMappingKey { key: None, .. } => {
            ("a field is given twice".to_string(), hint("keep one of the two lines"), line)
        }
        E::MultipleDocuments { .. } => (
            "a second record starts here (after a `---` line)".to_string(),
            hint("a record file holds one record; move the second one to its own file"),
            line,
        ),
        E::Eof { .. } => (
            "the file ends in the middle of a value".to_string(),
            hint("check for an unclosed quote, [ or { above"),
            line,
        ),
        E::Message { msg, .. } if is_time_error(msg) => (
            format!("{}, {msg} (expected a date and time like 2026-11-23T09:30:00+08:00)", invalid_value(&what, value)),
            None,
            line,
        ),
        _ => match raw.as_str() {
            "mapping values are not allowed in this context" => (
                format!("a `field: value` is not allowed here: {:?}", src.as_ref().map_or("", |s| s.raw.trim_end())),
                hint("check this line's indentation against the line above; a value containing \": \" must be quoted"),
                line,
            ),
            "invalid trailing content after double-quoted scalar" | "invalid trailing content after single-quoted scalar" => (
                format!("unexpected text after a quoted value: {:?}", src.as_ref().map_or("", |s| s.raw.trim_end())),
                hint("a quoted value runs to its closing quote, across lines; check that every quote opened above is closed"),
                line,
            ),
            "unclosed quote" => (
                format!("unclosed quote in {what}: {:?}", src.as_ref().map_or("", |s| s.rest.trim_end())),
                hint("end the value with the quote it starts with"),
                line,
            ),
            _ => (raw, None, line),
        },
    }
}

fn invalid_value(what: &str, value: &str) -> String {
    if value.is_empty() { format!("{what} has no value") } else { format!("invalid {what} {value:?}") }
}

/// chrono's parse errors, which name neither the field nor the value.
fn is_time_error(msg: &str) -> bool {
    [
        "premature end of input",
        "input contains invalid characters",
        "input is out of range",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ]
    .contains(&msg)
}

/// One line of the source, read as `key: value`.
struct Src<'a> {
    /// The whole line.
    raw: &'a str,
    /// The line after its indentation and any `- `.
    rest: &'a str,
    key: Option<&'a str>,
    /// The value as written, quotes and a trailing comment removed.
    value: &'a str,
    /// Whether the line starts a list item (`- `).
    item: bool,
    /// The column where the key (or the item's value) starts, 0-based.
    indent: usize,
}

impl<'a> Src<'a> {
    fn at(text: &'a str, n: usize) -> Option<Src<'a>> {
        let raw = text.lines().nth(n.checked_sub(1)?)?;
        let mut rest = raw.trim_start_matches(' ');
        let mut item = false;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty())) {
            item = true;
            rest = r.trim_start_matches(' ');
        }
        let indent = raw.len() - rest.len();
        let plain = !rest.starts_with(['"', '\'', '[', '{']);
        let split = rest.find(": ").or_else(|| rest.trim_end().strip_suffix(':').map(str::len));
        let (key, value) = match split {
            Some(i) if plain => (Some(rest[..i].trim()), rest[i + 1..].trim()),
            _ => (None, rest.trim()),
        };
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) if value.len() > 1 && value.ends_with(q) => &value[1..value.len() - 1],
            Some('"' | '\'') => value,
            _ => value.find(" #").map_or(value, |i| value[..i].trim_end()),
        };
        Some(Src { raw, rest, key, value, item, indent })
    }

    fn blank(&self) -> bool {
        self.rest.trim().is_empty() || self.rest.starts_with('#')
    }
}

fn first_content_line(text: &str) -> Option<usize> {
    (1..=text.lines().count()).find(|&n| Src::at(text, n).is_some_and(|s| !s.blank() && s.rest.trim() != "---"))
}

/// The key of the list that line `n` is an item of (`roles` for `- owner`).
fn parent_key(text: &str, n: usize) -> Option<String> {
    let me = Src::at(text, n)?;
    let dash = me.raw.len() - me.raw.trim_start_matches(' ').len();
    (1..n).rev().filter_map(|i| Src::at(text, i)).filter(|s| !s.blank()).find_map(|s| {
        let spaces = s.raw.len() - s.raw.trim_start_matches(' ').len();
        if spaces > dash || (spaces == dash && s.item) {
            return None;
        }
        Some(s.key.map(str::to_string))
    })?
}

/// The first line of the block mapping whose keys start at `indent` and which holds
/// line `n`.
fn mapping_start(text: &str, n: usize, indent: usize) -> usize {
    if Src::at(text, n).is_none_or(|s| s.indent != indent || s.key.is_none()) {
        return n; // a flow mapping `{...}`: keep serde-saphyr's line
    }
    let mut start = n;
    for i in (1..=n).rev() {
        let Some(s) = Src::at(text, i) else { continue };
        if s.blank() || s.rest.trim() == "---" {
            continue;
        }
        if s.indent < indent {
            break;
        }
        if s.indent == indent {
            start = i;
            if s.item {
                break;
            }
        }
    }
    start
}

/// Drops serde-saphyr's own position ("at line 3, column 5") from a message.
fn tidy(message: &str) -> String {
    let mut m = message.trim().to_string();
    for marker in [" at line ", " at 'line "] {
        if let Some(i) = m.find(marker) {
            m.truncate(i);
        }
    }
    m.trim_end_matches(['.', ',', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Rec {
        id: String,
        flag: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        amount: crate::model::money::Money,
    }

    #[test]
    fn round_trip_is_byte_stable_for_hostile_strings() {
        for note in [
            "yes",
            "no",
            "null",
            "~",
            "1234",
            "a: b",
            "- x",
            "#c",
            "  lead",
            "多行\n文字",
            "'q\"",
            "",
            "tab\there",
            "\u{feff}bom",
        ] {
            let r = Rec {
                id: "A-1".into(),
                flag: false,
                note: Some(note.into()),
                amount: "12.30".parse().unwrap(),
            };
            let text = to_yaml(&r).unwrap();
            let back: Rec =
                from_yaml(&text, "x.yaml").unwrap_or_else(|p| panic!("{note:?}: {p:?}\n{text}"));
            assert_eq!(back, r, "{text}");
            assert_eq!(to_yaml(&back).unwrap(), text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_party_round_trips_byte_stable(
            name in "\\PC{0,40}",
            note in proptest::option::of("(\\PC|\n|\t| ){0,60}"),
            contact in proptest::option::of("[ -~]{0,30}"),
        ) {
            use crate::model::party::{Party, PartyKind, Role};
            let p = Party {
                id: "P-20261123-ABCDEF".into(),
                kind: PartyKind::Company,
                name,
                roles: vec![Role::Owner],
                phones: vec!["13812345678".into()],
                id_number: None,
                contact,
                emergency_contacts: vec![],
                note,
                history: vec![],
            };
            let text = to_yaml(&p).unwrap();
            let back: Party = from_yaml(&text, "p.yaml").map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e:?}\n{text}")))?;
            proptest::prop_assert_eq!(&back, &p);
            proptest::prop_assert_eq!(to_yaml(&back).unwrap(), text);
        }
    }

    #[test]
    fn money_is_read_exactly_from_plain_and_quoted_scalars() {
        for (src, minor) in [
            ("1234.50", 123450),
            ("\"1234.50\"", 123450),
            ("1200", 120000),
            ("0.1", 10),
        ] {
            let text = format!("id: A\nflag: true\namount: {src}\n");
            let r: Rec = from_yaml(&text, "x.yaml").unwrap();
            assert_eq!(r.amount.minor(), minor, "{src}");
        }
    }

    #[test]
    fn errors_carry_the_line() {
        let p = from_yaml::<Rec>("id: A\nflag: yes\namount: 1\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(2), "{p:?}");
        let p =
            from_yaml::<Rec>("id: A\nflag: true\namount: 1\ncolour: red\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(4), "{p:?}");
        assert!(p.message.contains("colour"), "{p:?}");
        let p = from_yaml::<Rec>("id: A\nflag: true\namount: 1.234\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(3), "{p:?}");
        assert!(p.message.contains("more than two decimals"), "{p:?}");
    }
}
