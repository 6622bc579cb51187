//! Output for people and for scripts: tables with CJK-aware column widths, and
//! `--format json|yaml|csv` with stable field names.
//!
//! Commands build a [`Listing`] (a list) or a [`Sheet`] (one record) and hand it to
//! [`Out`], which writes nothing but the result to stdout. A closed pipe
//! (`propdesk unit list | head -1`) ends the command quietly with success.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, TableStyle};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::locale::Locale;

/// The output formats of every list and show command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Yaml,
    Csv,
    // iCalendar, for `agenda`; one printable page, for `report`. (Plain comments: a
    // doc comment here would turn every command's help into the long layout.)
    Ics,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Csv => "csv",
            Format::Ics => "ics",
            Format::Html => "html",
        }
    }

    /// Refuses a format that only one command writes (`ics`, `html`); `expected` names
    /// the formats `what` does write.
    pub fn not_here(self, what: &str, expected: &str) -> Error {
        Error::usage(format!(
            "--format {} is not available for {what}: expected {expected}",
            self.as_str()
        ))
        .with_hint("--format ics is for `propdesk agenda`, --format html for `propdesk report`")
    }
}

/// The formats of every list and record.
pub const LISTS: &str = "table, json, yaml or csv";

/// A column: its stable machine name (JSON and CSV) and its headers for people.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Column {
    pub const fn new(key: &'static str, zh: &'static str, en: &'static str) -> Column {
        Column { key, zh, en }
    }

    pub fn header(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh,
            Locale::En => self.en,
        }
    }
}

/// A value for scripts (JSON, YAML, CSV) and, where it differs, its words for people
/// (`occupied` is shown as `已入住` in a zh-CN table).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub shown: Option<String>,
}

impl Cell {
    pub fn shown_as(value: impl Into<Value>, shown: impl Into<String>) -> Cell {
        Cell {
            value: value.into(),
            shown: Some(shown.into()),
        }
    }

    fn text(&self) -> String {
        self.shown.clone().unwrap_or_else(|| cell_text(&self.value))
    }
}

impl Cell {
    /// An amount: `"1234.50"` for scripts, `1,234.50` for people.
    pub fn money(m: crate::model::money::Money) -> Cell {
        Cell::shown_as(m.to_string(), m.grouped())
    }

    /// The first cell of a totals row: `total` for scripts, 合计 / Total for people.
    pub fn total(locale: Locale) -> Cell {
        Cell::shown_as(
            "total",
            match locale {
                Locale::ZhCn => "合计",
                Locale::En => "Total",
            },
        )
    }
}

impl<T: Into<Value>> From<T> for Cell {
    fn from(v: T) -> Cell {
        Cell {
            value: v.into(),
            shown: None,
        }
    }
}

/// Rows under columns.
#[derive(Debug, Clone)]
pub struct Listing {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// One record: labelled fields for the table, and the whole record for scripts.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub fields: Vec<(Column, Cell)>,
    pub full: Value,
}

const STYLE: TableStyle =
    TableStyle::new().header_separator(comfy_table::LineStyle::none().fill('-').junction(' '));

/// Text of a cell: strings as they are, nothing for null, lists joined.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A table for people. A record's text (a note edited by hand) may hold control
/// characters; they are shown escaped (`\e`), never sent to the terminal.
fn table(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_style(STYLE);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(header);
    for r in rows {
        t.add_row(
            r.iter()
                .map(|c| crate::error::printable(c).into_owned())
                .collect::<Vec<_>>(),
        );
    }
    let mut s: String = t.lines().map(|l| l.trim_end().to_string() + "\n").collect();
    if s.is_empty() {
        s.push('\n');
    }
    s
}

impl Listing {
    pub fn render(&self, format: Format, locale: Locale) -> Result<String> {
        Ok(match format {
            Format::Table => {
                let header = self
                    .columns
                    .iter()
                    .map(|c| c.header(locale).to_string())
                    .collect();
                table(
                    header,
                    self.rows.iter().map(|r| r.iter().map(Cell::text).collect()),
                )
            }
            Format::Json => json(&Value::Array(self.objects()))?,
            Format::Yaml => yaml(&Value::Array(self.objects()))?,
            Format::Ics | Format::Html => return Err(format.not_here("a list", LISTS)),
            Format::Csv => csv_text(
                self.columns.iter().map(|c| c.key.to_string()).collect(),
                self.rows
                    .iter()
                    .map(|r| r.iter().map(|c| cell_text(&c.value)).collect()),
            )?,
        })
    }

    /// The rows as objects, keyed by the columns' keys (as `--format json` prints them).
    pub fn objects(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (c, v) in self.columns.iter().zip(r) {
                    m.insert(c.key.to_string(), v.value.clone());
                }
                Value::Object(m)
            })
            .collect()
    }
}

impl Sheet {
    pub fn render(&self, format: Format, locale: Locale) -> Result<String> {
        let (field, value) = match locale {
            Locale::ZhCn => ("项目", "内容"),
            Locale::En => ("Field", "Value"),
        };
        Ok(match format {
            Format::Table => table(
                vec![field.to_string(), value.to_string()],
                self.fields
                    .iter()
                    .map(|(c, v)| vec![c.header(locale).to_string(), v.text()]),
            ),
            Format::Json => json(&self.full)?,
            Format::Yaml => yaml(&self.full)?,
            Format::Ics | Format::Html => return Err(format.not_here("a record", LISTS)),
            Format::Csv => csv_text(
                vec!["field".to_string(), "value".to_string()],
                self.fields
                    .iter()
                    .map(|(c, v)| vec![c.key.to_string(), cell_text(&v.value)]),
            )?,
        })
    }
}

/// A whole document (an object with a list in it) as JSON or YAML.
pub fn document(format: Format, v: &Value) -> Result<String> {
    match format {
        Format::Json => json(v),
        Format::Yaml => yaml(v),
        _ => Err(format.not_here("a document", "json or yaml")),
    }
}

fn json(v: &Value) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::data(format!("cannot write JSON: {e}")))
}

fn yaml(v: &Value) -> Result<String> {
    crate::store::yaml::to_yaml(v).map_err(|e| Error::data(format!("cannot write YAML: {e}")))
}

/// A cell as a spreadsheet may take it: text that a spreadsheet would run as a formula
/// (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return: a party named
/// `=HYPERLINK(...)`) is given a leading `'`, so that it is shown, never run. A plain
/// number (`-100.00`, `+5`) is a number, as the program writes it, and stays.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || is_plain_number(cell) {
        return Cow::Borrowed(cell);
    }
    Cow::Owned(format!("'{cell}"))
}

/// `-100.00`, `+5`, `12`: an optional sign, digits, an optional decimal part.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn csv_text(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::data(format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(err)?;
    for r in rows {
        // Control characters from a record edited by hand are written as escapes;
        // line breaks and tabs inside a quoted cell are a spreadsheet's own.
        w.write_record(r.iter().map(|c| {
            spreadsheet_safe(&crate::error::escape_controls(c, &['\n', '\t'])).into_owned()
        }))
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::data(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::data(format!("cannot write CSV: {e}")))
}

/// stdout, where a closed pipe is a quiet success rather than a panic.
pub struct Out {
    stdout: io::Stdout,
    /// A copy of what was printed, kept for a `--request` note.
    kept: std::cell::RefCell<Option<String>>,
    /// What a reader printed, held back until it knows it read a settled office.
    held: std::cell::RefCell<Option<String>>,
    /// Numbers about to be shown in full whose reveal is not logged yet: nothing may
    /// be printed until it is.
    unlogged: std::cell::Cell<bool>,
}

impl Default for Out {
    fn default() -> Self {
        Out {
            stdout: io::stdout(),
            kept: std::cell::RefCell::new(None),
            held: std::cell::RefCell::new(None),
            unlogged: std::cell::Cell::new(false),
        }
    }
}

impl Out {
    /// From now on, holds back what is printed until [`Out::release`] (or drops it
    /// with [`Out::discard`], for a reader that reads again).
    pub fn hold(&self) {
        *self.held.borrow_mut() = Some(String::new());
    }

    /// Prints what was held back and stops holding.
    pub fn release(&self) -> Result<()> {
        match self.held.borrow_mut().take() {
            Some(text) if !text.is_empty() => self.write(&text),
            _ => Ok(()),
        }
    }

    /// Drops what was held back.
    pub fn discard(&self) {
        self.held.borrow_mut().take();
    }

    /// From now on, keeps a copy of what is printed.
    pub fn keep(&self) {
        *self.kept.borrow_mut() = Some(String::new());
    }

    /// What was printed since [`Out::keep`].
    pub fn kept(&self) -> Option<String> {
        self.kept.borrow().clone()
    }

    /// Refuses printing until [`Out::allow`]: a reveal not logged yet.
    pub fn withhold(&self) {
        self.unlogged.set(true);
    }

    /// Lets printing go on: the reveal is logged.
    pub fn allow(&self) {
        self.unlogged.set(false);
    }

    pub fn print(&self, text: &str) -> Result<()> {
        if self.unlogged.get() {
            // A command that reveals prints through `Ctx::print`, which logs first.
            return Err(Error::data(
                "phones or ID numbers in full were about to be printed before the reveal was logged: nothing printed",
            ));
        }
        if let Some(kept) = self.kept.borrow_mut().as_mut() {
            kept.push_str(text);
        }
        if let Some(held) = self.held.borrow_mut().as_mut() {
            held.push_str(text);
            return Ok(());
        }
        self.write(text)
    }

    fn write(&self, text: &str) -> Result<()> {
        // On a terminal, control characters from a record (a note edited by hand that
        // holds ESC) are shown escaped; piped to a file or a program, the text is as is.
        let text = if self.stdout.is_terminal() {
            crate::error::escape_controls(text, &['\n', '\t', '\r'])
        } else {
            text.into()
        };
        let mut lock = self.stdout.lock();
        lock.write_all(text.as_bytes())
            .and_then(|()| lock.flush())
            .map_err(|e| match e.kind() {
                io::ErrorKind::BrokenPipe => Error::broken_pipe(),
                _ => Error::data(format!("cannot write to standard output: {e}")),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_shown_not_run() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            // Numbers as the program writes them, and ordinary text, stay.
            ("-100.00", "-100.00"),
            ("+5", "+5"),
            ("1800.00", "1800.00"),
            ("北京华远科技有限公司", "北京华远科技有限公司"),
            ("A-1203", "A-1203"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe, "{cell:?}");
        }
    }

    fn listing() -> Listing {
        Listing {
            columns: vec![
                Column::new("id", "编号", "ID"),
                Column::new("name", "名称", "Name"),
            ],
            rows: vec![
                vec![Cell::from("P-1"), Cell::from("北京华远科技有限公司")],
                vec![Cell::from("P-22"), Cell::from("Li, \"Lei\"")],
            ],
        }
    }

    #[test]
    fn table_columns_line_up_with_chinese_names() {
        let t = listing().render(Format::Table, Locale::ZhCn).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0].trim_end(), " 编号   名称");
        // The second column starts at the same display column on every row.
        use unicode_width_check::width;
        let col = |l: &str| width(&l[..l.find(['北', 'L', '名']).unwrap()]);
        assert_eq!(col(lines[0]), col(lines[2]));
        assert_eq!(col(lines[2]), col(lines[3]));
    }

    mod unicode_width_check {
        /// Display width: CJK characters take two columns.
        pub fn width(s: &str) -> usize {
            s.chars()
                .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
                .sum()
        }
    }

    #[test]
    fn csv_quotes_and_json_uses_stable_keys() {
        let l = listing();
        let csv = l.render(Format::Csv, Locale::En).unwrap();
        assert_eq!(
            csv,
            "id,name\nP-1,北京华远科技有限公司\nP-22,\"Li, \"\"Lei\"\"\"\n"
        );
        let json: Value =
            serde_json::from_str(&l.render(Format::Json, Locale::ZhCn).unwrap()).unwrap();
        assert_eq!(json[1]["name"], "Li, \"Lei\"");
        let yaml = l.render(Format::Yaml, Locale::En).unwrap();
        assert!(yaml.contains("id: P-1"), "{yaml}");
    }
}
