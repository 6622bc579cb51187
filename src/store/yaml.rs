//! The one place that turns records into YAML text and back.
//!
//! Writing is canonical (field order from the type, empty optionals omitted, one-line
//! strings on one line), so loading and saving an unchanged record gives the same
//! bytes. Reading is strict: `yes` is not a boolean, unknown fields and wrong types
//! are errors, and every error carries the line it was found on.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::quote;
use crate::model::privacy;
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
    // A record two desks left in conflict reads as the version kept first; the
    // versions after it are for `propdesk resolve`.
    let text = crate::store::conflict::body(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file is empty (only comments)"
        };
        return Err(
            Problem::new(shown, Some(1), message).with_hint("delete it, or restore it from git")
        );
    }
    // Records as propdesk writes them take the fast road; hand edits, anything
    // unusual and every error take the full parser (see `canonical`).
    if let Some(value) = super::canonical::from_canonical(text) {
        return Ok(value);
    }
    from_yaml_full(text, shown)
}

/// Parses a record with the full YAML parser only.
pub(crate) fn from_yaml_full<T: DeserializeOwned>(text: &str, shown: &str) -> Result<T, Problem> {
    let parse = |text: &str| {
        let options = serde_saphyr::options! {
            strict_booleans: true,
            with_snippet: false,
        };
        serde_saphyr::from_str_with_options::<T>(text, options)
    };
    parse(text).map_err(|e| {
        // A carriage return alone (old Mac line endings) is a line break to YAML too:
        // the error is explained on the same text with LF endings, lines numbered alike.
        let lone_cr = has_lone_cr(text);
        let lf = if lone_cr {
            Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Cow::Borrowed(text)
        };
        let (message, hint, line) = explain(&e, &lf, &|t: &str| parse(t).err());
        let hint = if lone_cr {
            let cr = "the file ends its lines with carriage returns only (old Mac line endings); save it with LF (or CRLF) line endings";
            Some(hint.map_or(cr.to_string(), |h| format!("{h}; {cr}")))
        } else {
            hint
        };
        Problem {
            path: shown.to_string(),
            line,
            message,
            hint,
        }
    })
}

/// Whether `text` ends a line with a carriage return not followed by a newline.
fn has_lone_cr(text: &str) -> bool {
    text.match_indices('\r')
        .any(|(i, _)| !text[i + 1..].starts_with('\n'))
}

/// serde-saphyr's message, reworded for the person who edits the file: it names the
/// field and the value as written on the line (shortened, escaped), and says what was
/// expected. The problem already says `path:line:`, so the position inside the message
/// is dropped. `probe` parses an edited copy of the text, to learn what a field takes
/// (a date or a date and time, which choices) when the error does not say.
fn explain(
    e: &serde_saphyr::Error,
    text: &str,
    probe: &dyn Fn(&str) -> Option<serde_saphyr::Error>,
) -> (String, Option<String>, Option<usize>) {
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
    let parent = || {
        line.and_then(|n| parent_key(text, n))
            .unwrap_or_else(|| "the list".to_string())
    };
    // A phone or an ID number is quoted masked, as everywhere it is shown.
    let shown = |field: &str, value: &str| match privacy::is_number_key(field) {
        true => quote(&privacy::mask_field(field, value)),
        false => quote(value),
    };
    // `floor "twelve"`, or `value "boss" in roles` for a list item.
    let subject = |value: &str| match key {
        Some(k) => format!("{k} {}", shown(k, value)),
        None => match parent() {
            // `role "landlord"` for an item of `roles:`
            p if p.ends_with('s') && !p.ends_with("ss") => {
                format!("{} {}", &p[..p.len() - 1], shown(&p, value))
            }
            p => format!("value {} in {p}", shown(&p, value)),
        },
    };
    // A list or a mapping indented under `field:` where a value belongs: serde-saphyr
    // points at its first line; the problem is the field's.
    let block = location
        .filter(|l| l.span().is_empty())
        .and_then(|l| block_under_field(text, l.line() as usize, l.column() as usize));
    let holds = |b: &Block| {
        if b.list {
            "a list"
        } else {
            "`field: value` lines"
        }
    };
    let no_value = || match key {
        Some(k) => format!("{k} has no value"),
        None => format!("an item of {} has no value", parent()),
    };
    let invalid = |expected: &str| {
        if value.is_empty() {
            format!("{}: expected {expected}", no_value())
        } else {
            format!("invalid {}: expected {expected}", subject(value))
        }
    };
    let hint = |h: &str| Some(h.to_string());
    let (message, hint, line) = match err {
        E::InvalidScalar { ty, .. } if ty.starts_with('i') || ty.starts_with('u') => {
            (invalid("a whole number, like 12"), None, line)
        }
        E::InvalidScalar { ty, .. } if ty.starts_with('f') => {
            (invalid("a number, like 12.5"), None, line)
        }
        E::InvalidBooleanStrict { .. } => (invalid("true or false"), None, line),
        E::NullIntoString { .. } => (
            no_value(),
            Some(
                key.map_or("write the value after the `- `".to_string(), |k| {
                    format!("write the value after `{k}:`")
                }),
            ),
            line,
        ),
        E::Unexpected { expected, .. } if expected.contains("mapping") => {
            let top = line.is_some() && line == first_content_line(text);
            match &src {
                Some(s) if top && (s.item || s.key.is_none()) => {
                    let holds = if s.item || s.rest.starts_with('[') {
                        "a list"
                    } else {
                        "a single value"
                    };
                    (
                        format!("the file holds {holds}, not a record"),
                        hint(
                            "a record is a mapping of `field: value` lines, like `id: A-1203`; restore the file from git",
                        ),
                        line,
                    )
                }
                _ => match &block {
                    Some(b) => (
                        format!(
                            "{} has {} under it: expected `field: value` lines",
                            b.field,
                            holds(b)
                        ),
                        None,
                        Some(b.line),
                    ),
                    None => (invalid("`field: value` lines"), None, line),
                },
            }
        }
        E::Unexpected { expected, .. } if expected.contains("sequence") => {
            let expected = "a list, one `- item` line per item";
            let h = hint("write each item on its own line starting with `- `");
            match &block {
                Some(b) => (
                    format!("{} has {} under it: expected {expected}", b.field, holds(b)),
                    h,
                    Some(b.line),
                ),
                None => (invalid(expected), h, line),
            }
        }
        E::Unexpected { expected, .. } if expected.contains("scalar") => match &block {
            Some(b) => (
                format!(
                    "{} has {} under it: expected a single value",
                    b.field,
                    holds(b)
                ),
                Some(format!(
                    "write the value on the line of `{}:`, in quotes if it holds \": \"",
                    b.field
                )),
                Some(b.line),
            ),
            None => (
                invalid("a single value, not a list or a mapping"),
                None,
                line,
            ),
        },
        // A list (`priority: [urgent, high]`) or a mapping where one of a few words
        // belongs: the words are learnt by reading the field with a word that is none.
        E::ExternallyTaggedEnumExpectedScalarOrMapping { .. } => {
            let at = block.as_ref().map_or(line, |b| Some(b.line));
            let choices = at.and_then(|n| {
                let probed = with_value(text, n, "\"?\"")?;
                match probe(&probed)? {
                    E::SerdeUnknownVariant {
                        variant, expected, ..
                    } if variant == "?" => Some(expected.join(", ")),
                    _ => None,
                }
            });
            let expected = match &choices {
                Some(c) => format!("a single value, one of {c}"),
                None => "a single value, not a list or a mapping".to_string(),
            };
            match &block {
                Some(b) => (
                    format!("{} has {} under it: expected {expected}", b.field, holds(b)),
                    Some(format!("write one of them on the line of `{}:`", b.field)),
                    Some(b.line),
                ),
                None => (invalid(&expected), None, line),
            }
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let expected = expected.join(", ");
            // `priority:` with `  urgent: x` under it: the word is read as a key.
            let under = location
                .filter(|_| key == Some(variant.as_str()))
                .and_then(|l| block_under_field(text, l.line() as usize, l.column() as usize));
            if let Some(b) = under {
                (
                    format!(
                        "{} has {} under it: expected a single value, one of {expected}",
                        b.field,
                        holds(&b)
                    ),
                    Some(format!("write one of them on the line of `{}:`", b.field)),
                    Some(b.line),
                )
            } else if value.is_empty() || variant == "~" {
                (format!("{}: expected {expected}", no_value()), None, line)
            } else {
                (
                    format!("unknown {}: expected {expected}", subject(variant)),
                    None,
                    line,
                )
            }
        }
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            format!(
                "unknown field {field:?}: expected one of {}",
                expected.join(", ")
            ),
            hint("check the spelling; the fields a record may have are in the README"),
            line,
        ),
        E::SerdeMissingField { field, .. } => {
            // serde-saphyr points at the mapping's last key; name the line it starts on.
            let column = location.map_or(0, |l| l.column() as usize);
            let start = line.map(|n| mapping_start(text, n, column.saturating_sub(1)));
            let within = start
                .filter(|&n| Src::at(text, n).is_some_and(|s| s.item))
                .and_then(|n| parent_key(text, n))
                .map(|p| format!(" in this entry of {p}"));
            (
                format!("missing field `{field}`{}", within.unwrap_or_default()),
                hint("add the field, or recreate the record with propdesk"),
                start.or(line),
            )
        }
        E::DuplicateMappingKey { key: dup, .. } => {
            let first = match (dup, &src) {
                (Some(k), Some(me)) => line.and_then(|n| {
                    (1..n).rev().find(|&i| {
                        Src::at(text, i).is_some_and(|s| s.indent == me.indent && s.key == Some(k))
                    })
                }),
                _ => None,
            };
            let m = match (dup, first) {
                (Some(k), Some(f)) => format!("field `{k}` is given twice (first on line {f})"),
                (Some(k), None) => format!("field `{k}` is given twice"),
                (None, _) => "a field is given twice".to_string(),
            };
            (m, hint("keep one of the two lines"), line)
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
        E::Message { msg, .. } if is_time_error(msg) => {
            // A field that takes a day reads `2026-11-23`; one that takes a moment not.
            let date_only = line.is_some_and(|n| {
                let still_bad = |e: &E| {
                    let mut inner = e;
                    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
                        inner = error;
                    }
                    matches!(inner, E::Message { msg, .. } if is_time_error(msg))
                        && e.location()
                            .or_else(|| inner.location())
                            .is_some_and(|l| l.line() as usize == n)
                };
                with_value(text, n, "2026-11-23")
                    .is_some_and(|t| probe(&t).is_none_or(|e| !still_bad(&e)))
            });
            let expected = if date_only {
                "a date like 2026-11-23"
            } else {
                "a date and time like 2026-11-23T09:30:00+08:00"
            };
            (format!("{} ({msg})", invalid(expected)), None, line)
        }
        E::Budget { breach, .. } => {
            let (m, h) = budget_breached(breach);
            (m.to_string(), hint(h), line)
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => (ALIASES.0.to_string(), hint(ALIASES.1), line),
        _ => {
            let raw = tidy(&err.to_string());
            let shown_line = clip(src.as_ref().map_or("", |s| s.raw.trim()));
            match raw.as_str() {
                r if r.starts_with("tabs disallowed")
                    || r == "tab cannot be used as indentation" =>
                {
                    let leading = src
                        .as_ref()
                        .is_some_and(|s| s.raw.trim_start_matches(' ').starts_with('\t'));
                    (
                        "tabs are not allowed in the indentation: YAML indents with spaces"
                            .to_string(),
                        Some(if leading {
                            format!(
                                "replace the tab at the start of line {} with spaces",
                                line.unwrap_or_default()
                            )
                        } else {
                            "indent with spaces only; set the editor to insert spaces for the Tab key".to_string()
                        }),
                        line,
                    )
                }
                "mapping values are not allowed in this context" => {
                    let above = line.and_then(|n| {
                        (1..n)
                            .rev()
                            .filter_map(|i| Src::at(text, i))
                            .find(|s| !s.blank())
                    });
                    match (&src, above) {
                        (Some(me), Some(a)) if me.indent > a.indent && !a.value.is_empty() => (
                            format!(
                                "`{shown_line}` is indented under `{}`, which already has a value",
                                clip(a.raw.trim())
                            ),
                            hint("line the field up with the one above it"),
                            line,
                        ),
                        (Some(me), _) if me.key.is_some() && me.value.contains(": ") => (
                            format!(
                                "the value of {} contains \": \"",
                                me.key.unwrap_or_default()
                            ),
                            Some(format!(
                                "quote the value: {}: \"{}\"",
                                me.key.unwrap_or_default(),
                                clip(me.value)
                            )),
                            line,
                        ),
                        _ => (
                            format!("a `field: value` is not allowed here: `{shown_line}`"),
                            hint("check this line's indentation against the line above"),
                            line,
                        ),
                    }
                }
                "invalid trailing content after double-quoted scalar"
                | "invalid trailing content after single-quoted scalar" => {
                    match line.and_then(|n| unclosed_quote_above(text, n)) {
                        Some((opened, s)) => (
                            format!(
                                "unclosed quote in {}: {}",
                                s.key.unwrap_or("the value"),
                                clip(s.value)
                            ),
                            Some(format!(
                                "end the value with the quote it starts with; as it is, the value runs on to the quote on line {}",
                                line.unwrap_or_default()
                            )),
                            Some(opened),
                        ),
                        None => (
                            format!("unexpected text after a quoted value: `{shown_line}`"),
                            hint("a quoted value ends at its closing quote; quote the whole value"),
                            line,
                        ),
                    }
                }
                "unclosed quote" => (
                    format!(
                        "unclosed quote in {}: {}",
                        key.unwrap_or("the value"),
                        clip(value)
                    ),
                    hint("end the value with the quote it starts with"),
                    line,
                ),
                _ => (raw, None, line),
            }
        }
    };
    // A line indented under a plain value is read as more of that value.
    let hint = hint.or_else(|| {
        let n = line?;
        let me = Src::at(text, n)?;
        let (i, next) = ((n + 1)..=text.lines().count()).find_map(|i| Some((i, Src::at(text, i)?)).filter(|(_, s)| !s.blank()))?;
        let next_spaces = next.raw.len() - next.raw.trim_start_matches(' ').len();
        let plain = !me.value.is_empty() && !me.value.starts_with(['|', '>', '[', '{']);
        (me.key.is_some() && plain && next_spaces > me.indent).then(|| {
            format!("line {i} is indented under this one and is read as part of its value; line it up with `{}`", me.key.unwrap_or_default())
        })
    });
    (message, hint, line)
}

/// Text as written, shortened to its first 60 characters and `…`: a line of a file
/// quoted in a message (a 1 MiB line stays readable).
fn clip(s: &str) -> Cow<'_, str> {
    const KEEP: usize = 60;
    match s.char_indices().nth(KEEP) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

/// A list or a mapping indented under a field, where the field's value belongs.
struct Block {
    /// The field's line and name.
    line: usize,
    field: String,
    /// A list (`- item` lines) rather than `field: value` lines.
    list: bool,
}

/// The field whose value is the block list or mapping starting at `line`, `column`
/// (1-based, where serde-saphyr places the start of a block collection): the line
/// above it, `field:` with nothing after it but an anchor or a tag.
fn block_under_field(text: &str, line: usize, column: usize) -> Option<Block> {
    let me = Src::at(text, line)?;
    if me.blank() || me.indent + 1 != column {
        return None; // not the first entry of a block: a value on the field's own line
    }
    let (above, owner) = (1..line)
        .rev()
        .find_map(|i| Some((i, Src::at(text, i)?)).filter(|(_, s)| !s.blank()))?;
    let field = owner.key?;
    (owner.value.is_empty() || owner.value.starts_with(['&', '!'])).then(|| Block {
        line: above,
        field: field.to_string(),
        list: me.item,
    })
}

/// `text` with the value of the field on line `n` (and any lines indented under it)
/// replaced by `value`; `None` if line `n` holds no `field:`.
fn with_value(text: &str, n: usize, value: &str) -> Option<String> {
    let me = Src::at(text, n)?;
    let key = me.key?;
    // `key:` sits at `me.indent` on the line; the value follows the colon.
    let start = me.raw.len() - me.rest.len() + me.rest.find(key)? + key.len();
    let prefix = me.raw.get(..start)?;
    let spaces = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, l)) = lines.next() {
        if i + 1 != n {
            out.push_str(l);
            out.push('\n');
            continue;
        }
        out.push_str(prefix);
        out.push_str(": ");
        out.push_str(value);
        out.push('\n');
        // What is indented under the field (or a list at its column) was its value.
        while let Some((_, next)) = lines.peek() {
            let t = next.trim_start_matches(' ');
            let under = t.is_empty()
                || spaces(next) > me.indent
                || (spaces(next) == me.indent && !me.item && (t == "-" || t.starts_with("- ")));
            if !under {
                break;
            }
            lines.next();
        }
    }
    Some(out)
}

/// What an alias bomb is told: the expansion limits, in words.
const ALIASES: (&str, &str) = (
    "aliases (`*name`) repeat anchored values (`&name`) into more text than a record may hold",
    "propdesk never writes anchors or aliases: write each value out, or restore the file from git",
);

/// serde-saphyr's limits on what one file may make the parser do, in words.
fn budget_breached(breach: &serde_saphyr::budget::BudgetBreach) -> (&'static str, &'static str) {
    use serde_saphyr::budget::BudgetBreach as B;
    let restore = "propdesk never writes this: restore the file from git";
    match breach {
        B::Depth { .. } => (
            "lists or mappings are nested too deep (more levels than any record has)",
            restore,
        ),
        B::ScalarBytes { .. }
        | B::Aliases { .. }
        | B::AliasAnchorRatio { .. }
        | B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. } => ALIASES,
        B::Anchors { .. } => ("too many anchors (`&name`)", ALIASES.1),
        B::MergeKeys { .. } => ("too many merge keys (`<<`)", restore),
        B::Documents { .. } => (
            "too many records (separated by `---` lines)",
            "a record file holds one record",
        ),
        _ => ("the file holds more values than any record has", restore),
    }
}

/// The nearest line above `n` whose quoted value does not close on it.
fn unclosed_quote_above(text: &str, n: usize) -> Option<(usize, Src<'_>)> {
    (1..n).rev().find_map(|i| {
        let s = Src::at(text, i)?;
        let q = s.value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        (s.value.len() == 1 || !s.value.ends_with(q)).then_some((i, s))
    })
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
        while let Some(r) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
        {
            item = true;
            rest = r.trim_start_matches(' ');
        }
        let indent = raw.len() - rest.len();
        let plain = !rest.starts_with(['"', '\'', '[', '{']);
        let split = rest
            .find(": ")
            .or_else(|| rest.trim_end().strip_suffix(':').map(str::len));
        let (key, value) = match split {
            Some(i) if plain => (Some(rest[..i].trim()), rest[i + 1..].trim()),
            _ => (None, rest.trim()),
        };
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) if value.len() > 1 && value.ends_with(q) => {
                &value[1..value.len() - 1]
            }
            Some('"' | '\'') => value,
            _ => value.find(" #").map_or(value, |i| value[..i].trim_end()),
        };
        Some(Src {
            raw,
            rest,
            key,
            value,
            item,
            indent,
        })
    }

    fn blank(&self) -> bool {
        self.rest.trim().is_empty() || self.rest.starts_with('#')
    }
}

fn first_content_line(text: &str) -> Option<usize> {
    (1..=text.lines().count())
        .find(|&n| Src::at(text, n).is_some_and(|s| !s.blank() && s.rest.trim() != "---"))
}

/// The key of the list that line `n` is an item of (`roles` for `- owner`).
fn parent_key(text: &str, n: usize) -> Option<String> {
    let me = Src::at(text, n)?;
    let dash = me.raw.len() - me.raw.trim_start_matches(' ').len();
    (1..n)
        .rev()
        .filter_map(|i| Src::at(text, i))
        .filter(|s| !s.blank())
        .find_map(|s| {
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
                language: None,
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

    /// A record with a day, a moment, a choice and a list, for the messages below.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Visit {
        day: chrono::NaiveDate,
        at: chrono::DateTime<chrono::FixedOffset>,
        priority: Priority,
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Priority {
        Urgent,
        Normal,
    }

    const VISIT: &str = "day: 2026-11-23\nat: \"2026-11-23T09:30:00+08:00\"\npriority: urgent\n";

    fn visit_error(text: &str) -> Problem {
        from_yaml::<Visit>(text, "v.yaml").unwrap_err()
    }

    #[test]
    fn a_bad_day_asks_for_a_date_and_a_bad_moment_for_a_date_and_time() {
        let p = visit_error(&VISIT.replace("day: 2026-11-23", "day: 23/11/2026"));
        assert_eq!(p.line, Some(1), "{p:?}");
        assert!(
            p.message.contains("expected a date like 2026-11-23 "),
            "{p:?}"
        );
        let p = visit_error(&VISIT.replace("\"2026-11-23T09:30:00+08:00\"", "2026-11-23"));
        assert_eq!(p.line, Some(2), "{p:?}");
        assert!(p.message.contains("expected a date and time like"), "{p:?}");
    }

    #[test]
    fn a_list_or_mapping_under_a_one_value_field_names_the_field() {
        let p = visit_error(&format!("{VISIT}note:\n  a: 1\n"));
        assert_eq!(p.line, Some(4), "{p:?}");
        assert!(
            p.message
                .starts_with("note has `field: value` lines under it"),
            "{p:?}"
        );
        let p = visit_error(&format!("{VISIT}tags:\n  a: 1\n"));
        assert_eq!(p.line, Some(4), "{p:?}");
        assert!(
            p.message.starts_with("tags has `field: value` lines"),
            "{p:?}"
        );
        for list in [
            "priority: [urgent, normal]",
            "priority:\n- urgent\n- normal",
        ] {
            let p = visit_error(&VISIT.replace("priority: urgent", list));
            assert_eq!(p.line, Some(3), "{p:?}");
            assert!(
                p.message.contains("priority") && p.message.ends_with("one of urgent, normal"),
                "{p:?}"
            );
        }
    }

    #[test]
    fn old_mac_line_endings_are_explained_and_lines_still_counted() {
        let p = visit_error(
            &VISIT
                .replace("priority: urgent", "priority: soon")
                .replace('\n', "\r"),
        );
        assert_eq!(p.line, Some(3), "{p:?}");
        assert!(p.message.contains("\"soon\""), "{p:?}");
        assert!(p.hint.unwrap_or_default().contains("old Mac line endings"));
    }

    #[test]
    fn parser_limits_and_tabs_are_said_in_words() {
        let p = visit_error(&format!("{VISIT}{}x\n", "? ".repeat(70)));
        assert!(p.message.contains("nested too deep"), "{p:?}");
        let p = visit_error(&format!("{VISIT}tags:\n\t- a\n"));
        assert!(
            p.message
                .starts_with("tabs are not allowed in the indentation"),
            "{p:?}"
        );
        assert!(p.hint.unwrap_or_default().contains("tab"));
    }

    #[test]
    fn a_huge_value_is_quoted_shortened() {
        let text = format!(
            "id: A\nflag: true\namount: 1\nnote: {}\n",
            "{a: ".repeat(100_000)
        );
        let p = from_yaml::<Rec>(&text, "x.yaml").unwrap_err();
        assert!(p.message.len() < 200, "{}", p.message.len());
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
