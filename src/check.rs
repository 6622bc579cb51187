//! `propdesk check`: validates every file of an office and reports every problem, not
//! just the first, each as `path:line: problem` with a hint.
//!
//! One function per check: [`parse_file`] (YAML syntax, types, unknown fields, the ID
//! against the file name), [`record_problems`] (a record's own rules and its history),
//! [`duplicate_ids`], [`references`] (between records), and the office's template
//! overrides. Files are read in parallel and parsed once. Temp files, dot files and
//! editor backups are not records and are skipped silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rayon::prelude::*;

use crate::model::history::{self, Entry};
use crate::model::ids;
use crate::model::ledger::{Ledger, Opening};
use crate::model::money::Money;
use crate::model::office::Profile;
use crate::model::party::Party;
use crate::model::plausible::{AmountKind, Ceilings, Span};
use crate::model::unit::{FieldProblem, Unit};
use crate::procedure::dunning::DunningCase;
use crate::procedure::fees::accounts::Books;
use crate::procedure::fees::years;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::Ticket;
use crate::registry;
use crate::store::{self, Problem, Record, Store, yaml};

/// What a check found: problems (the exit code reports them), and warnings about
/// what is not wrong but not done yet (they leave the exit code at 0).
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// The record folders this version knows, and how deep their files sit.
const FLAT: &[&str] = &[Unit::DIR, Party::DIR, DunningCase::DIR];
/// Folders of records filed by date: `tickets/<YYYY>/<MM>/`.
const DATED: &[(&str, u32)] = &[
    (Ticket::DIR, Ticket::DEPTH),
    (MoveIn::DIR, MoveIn::DEPTH),
    (Permit::DIR, Permit::DEPTH),
    (MoveOut::DIR, MoveOut::DEPTH),
];

/// A record as read, then (once its own rules are checked) what the checks across
/// records need of it. Ten years of an office do not fit in memory at once: each
/// record is checked on its own as it is read, and of all but units and parties only
/// the references are kept.
enum Parsed {
    Unit(Box<Unit>),
    Party(Box<Party>),
    Ledger(Box<Ledger>),
    LedgerRefs(Box<LedgerRefs>),
    Dunning(Box<DunningCase>),
    /// A dunning case once checked: its unit.
    CaseRefs(Box<str>),
    Ticket(Box<Ticket>),
    TicketRefs(Box<TicketRefs>),
    MoveIn(Box<MoveIn>),
    MoveInRefs(Box<MoveInRefs>),
    Permit(Box<Permit>),
    PermitRefs(Box<PermitRefs>),
    MoveOut(Box<MoveOut>),
    MoveOutRefs(Box<MoveOutRefs>),
}

struct LedgerRefs {
    unit: String,
    year: i32,
    numbers: Vec<u32>,
    /// Entries whose `ref` is a ticket: (entry, ticket).
    tickets: Vec<(u32, String)>,
    /// The parties its entries and carried lines belong to, each where it is first
    /// named: (number, index) of an entry, or none for the opening.
    parties: Vec<(String, Option<(u32, usize)>)>,
    /// A digest of the book's opening, and of what it carries forward at its close
    /// (none if it does not replay, which is reported on its own).
    opening: Option<u64>,
    closing: Option<u64>,
}

/// A digest of an opening, to compare a book's opening with the close of the book
/// before without keeping ten years of them.
fn digest(o: &Opening) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{o:?}").hash(&mut h);
    h.finish()
}

impl LedgerRefs {
    /// `closing`: what the book carries forward (none if it does not replay).
    fn of(ledger: Ledger, closing: Option<Opening>) -> LedgerRefs {
        let mut parties: Vec<(String, Option<(u32, usize)>)> = Vec::new();
        let carried = ledger.opening.iter().flat_map(|o| {
            let charges = o.charges.iter().map(|c| (&c.party, None));
            let credits = o.credits.iter().map(|c| (&c.party, None));
            let deposits = o.deposits.iter().map(|d| (&d.party, None));
            charges.chain(credits).chain(deposits)
        });
        let entries = ledger
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.party, Some((e.no, i))));
        for (p, no) in carried.chain(entries) {
            if let Some(p) = p
                && !parties.iter().any(|(q, _)| q == p)
            {
                parties.push((p.clone(), no));
            }
        }
        LedgerRefs {
            parties,
            year: ledger.year,
            opening: ledger.opening.as_ref().map(digest),
            closing: closing.as_ref().map(digest),
            numbers: ledger.entries.iter().map(|e| e.no).collect(),
            // By reference: collecting from `into_iter()` would reuse, and keep, the
            // whole entries' allocation.
            tickets: ledger
                .entries
                .iter()
                .filter_map(|e| Some((e.no, e.reference.clone().filter(|r| r.starts_with("T-"))?)))
                .collect(),
            unit: ledger.unit,
        }
    }

    fn has(&self, no: u32) -> bool {
        self.numbers.contains(&no)
    }
}

struct TicketRefs {
    id: String,
    unit: Option<String>,
    repeat_of: Option<String>,
    repeated_by: Vec<String>,
    charged: Option<u32>,
}

struct PermitRefs {
    id: String,
    unit: String,
    /// The file as read, for the derived index.
    stamp: store::index::Stamp,
    applicant: String,
    kind: crate::procedure::permit::Kind,
    /// A parking permit's bay (as compared) and term.
    parking: Option<(String, chrono::NaiveDate, chrono::NaiveDate)>,
    /// What it holds ([`crate::model::record::Record::holds`]): its bay, its cards out.
    holds: Vec<String>,
}

struct MoveInRefs {
    id: String,
    unit: String,
    party: String,
    defect_tickets: Vec<String>,
    in_progress: bool,
}

struct MoveOutRefs {
    id: String,
    unit: String,
    /// The file as read, for the derived index.
    stamp: store::index::Stamp,
    party: String,
    movein: Option<String>,
    goods_exit: Option<String>,
    restoration: Option<String>,
    /// The ledger entries it charged or paid.
    entries: Vec<u32>,
    in_progress: bool,
    lift: Option<crate::procedure::moveout::record::Lift>,
}

impl MoveOutRefs {
    fn of(m: MoveOut, stamp: store::index::Stamp) -> MoveOutRefs {
        let entries = m
            .inspection
            .iter()
            .flat_map(|i| i.meters.iter().filter_map(|x| x.entry))
            .chain(m.damages.iter().filter_map(|d| d.entry))
            .chain(m.restoration_costs.iter().filter_map(|d| d.entry))
            .chain(m.settlement.iter().flat_map(|s| s.entries.iter().copied()))
            .chain(m.refund.iter().flat_map(|r| r.entries.iter().copied()))
            .collect();
        MoveOutRefs {
            in_progress: m.status == crate::procedure::moveout::record::Status::InProgress,
            lift: m.lift,
            id: m.id,
            unit: m.unit,
            stamp,
            party: m.party,
            movein: m.movein,
            goods_exit: m.goods_exit,
            restoration: m.restoration,
            entries,
        }
    }
}

struct Loaded {
    rel: PathBuf,
    /// The office's root, shared: `rel` in it is the file.
    root: std::sync::Arc<Path>,
    /// The file's text while its own rules are checked; read again for the line of a
    /// problem found later (rare), so the office's text is not all held at once.
    text: Option<String>,
    record: Parsed,
}

/// Checks the whole office at `store`; payments are replayed in the office's
/// `clearing` order.
/// The bounds of what a record may plausibly hold: the office's span of dates and the
/// ceilings of its amounts (`[office] earliest`/`horizon`, `[limits]`).
#[derive(Clone, Copy)]
pub struct Bounds<'a> {
    pub span: Span,
    pub ceilings: &'a Ceilings,
}

impl<'a> Bounds<'a> {
    pub fn of(config: &'a crate::config::Config) -> Bounds<'a> {
        Bounds {
            span: config.office.span(),
            ceilings: &config.limits,
        }
    }
}

pub fn check_office(store: &Store, books: &Books, bounds: Bounds) -> Report {
    let mut report = Report::default();
    // The folders' times before they are listed: one changed during the read is
    // listed again by the next command that asks the index.
    let before = [
        store::index::before::<Permit>(store),
        store::index::before::<MoveOut>(store),
    ];
    let mut files = Vec::new();
    for dir in FLAT {
        collect(store, dir, &mut files, &mut report.problems);
    }
    collect_books(store, &mut files, &mut report.problems);
    for (dir, depth) in DATED {
        let layout = match depth {
            1 => format!("{dir}/<YYYY>/<ID>.yaml"),
            _ => format!("{dir}/<YYYY>/<MM>/<ID>.yaml"),
        };
        collect_dated(
            store,
            Path::new(dir),
            *depth,
            &layout,
            &mut files,
            &mut report.problems,
        );
    }
    // A committed change still being put in place: its new records are read from
    // the journal's temp files, as every reader reads them.
    for target in store.pending_files() {
        let top = target
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let kept = FLAT.contains(&top.as_str())
            || DATED.iter().any(|(d, _)| *d == top)
            || top == Ledger::DIR;
        let is_record = target
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| store::record_stem(n).is_some());
        if kept && is_record && !files.contains(&target) {
            files.push(target);
        }
    }
    report.files = files.len();
    let root: std::sync::Arc<Path> = store.root().into();
    let results: Vec<Checked> = files
        .into_par_iter()
        .map(|rel| check_file(store, &root, rel, books, bounds))
        .collect();
    let mut loaded = Vec::with_capacity(results.len());
    // Units whose file is there but unreadable (a merge conflict): reported once, not
    // again as "not in the registry" by their ledger, case and tickets.
    let mut unreadable_units = std::collections::HashSet::new();
    for c in results {
        report.problems.extend(c.problems);
        loaded.extend(c.loaded);
        unreadable_units.extend(c.unreadable_unit);
    }
    report.problems.extend(duplicate_ids(&loaded));
    report
        .problems
        .extend(references(&loaded, &unreadable_units));
    report.problems.extend(book_chains(store, &loaded, books));
    report.problems.extend(clashes(&loaded));
    report.problems.extend(unmerged(store));
    reindex(store, &loaded, before);
    if let Err(e) = crate::render::Renderer::new(store.root()) {
        report
            .problems
            .push(Problem::new("templates", None, e.message).with_hint(e.hint.unwrap_or_default()));
    }
    report
        .problems
        .sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    report.problems.dedup();
    report
}

/// With `[git] auto_commit`, each record saved but not committed (a command stopped
/// between its save and its commit): a warning, as the next commit takes it.
pub fn uncommitted(root: &Path) -> Vec<Problem> {
    let pending = crate::context::pending_commits(root);
    store::git::uncommitted(root, &pending)
        .iter()
        .map(|p| {
            Problem::new(&store::shown(p), None, "saved but not committed")
                .with_hint("a command was stopped before its commit; the next --commit write (or `git commit`) commits it")
        })
        .collect()
}

/// The keys of `[office]` in `office.toml` a tenant needs to pay that are still empty,
/// one warning each, at the key's line (else the table's): the payment notice, the
/// statement, the dunning notice and the receipt print nothing for them.
pub fn office_warnings(store: &Store, profile: &Profile) -> Vec<Problem> {
    use crate::model::office::Key;
    let unfilled = profile.unfilled();
    if unfilled.is_empty() {
        return Vec::new();
    }
    let path = store.root().join(crate::config::FILE_NAME);
    let text = store::read_record_text(&path, crate::config::FILE_NAME)
        .ok()
        .flatten()
        .unwrap_or_default();
    let table = crate::config::key_line(&text, "office");
    unfilled
        .into_iter()
        .map(|key| {
            let k = key.as_str();
            let line = crate::config::key_line_in(&text, "office", k).or(table);
            let lacks = match key {
                Key::Address => "say where the desk is",
                Key::Phone => "give the desk's phone",
                Key::WeekdayHours | Key::WeekendHours => "say when the desk is open",
                Key::Payee => "say who the money is paid to",
                Key::Bank => "name the bank to transfer to",
                Key::Account => "give the account to transfer to",
            };
            let hint = match key {
                Key::WeekendHours => format!(
                    "fill in `{k}` under [office] in office.toml (\"closed\" if the desk does not open at weekends)"
                ),
                Key::Bank | Key::Account => format!(
                    "fill in `{k}` under [office] in office.toml, or take \"transfer\" out of its `methods`"
                ),
                _ => format!("fill in `{k}` under [office] in office.toml"),
            };
            Problem::new(
                crate::config::FILE_NAME,
                line,
                format!(
                    "[office] {k} is empty: the payment notice, statement, dunning notice and receipt cannot {lacks}"
                ),
            )
            .with_hint(hint)
        })
        .collect()
}

/// The derived index of which unit each permit and move-out is about, written afresh
/// from this full read (see [`store::index`]): whatever it held before, it now says
/// what the records say.
fn reindex(store: &Store, loaded: &[Loaded], before: [store::index::Before; 2]) {
    use std::collections::BTreeMap;
    let mut permits = BTreeMap::new();
    let mut moveouts = BTreeMap::new();
    for l in loaded {
        match &l.record {
            Parsed::PermitRefs(p) => {
                permits.insert(p.id.clone(), (p.stamp, p.unit.clone(), p.holds.clone()))
            }
            Parsed::MoveOutRefs(m) => {
                moveouts.insert(m.id.clone(), (m.stamp, m.unit.clone(), Vec::new()))
            }
            _ => None,
        };
    }
    let [permit_folders, moveout_folders] = before;
    store::index::rebuild::<Permit>(store, permit_folders, &permits);
    store::index::rebuild::<MoveOut>(store, moveout_folders, &moveouts);
}

/// A record folder that is a symbolic link: records live only inside the office tree.
fn linked_folder(store: &Store, rel: &Path) -> Option<Problem> {
    let meta = std::fs::symlink_metadata(store.root().join(rel)).ok()?;
    meta.file_type().is_symlink().then(|| {
        Problem::new(
            &store::shown(rel),
            None,
            "a link to a folder outside the office",
        )
        .with_hint("records live inside the office tree: replace the link with the folder itself")
    })
}

/// The record files of a flat folder; anything else in it that is not ignorable is a
/// problem.
fn collect(store: &Store, dir: &str, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let abs = store.root().join(dir);
    if let Some(p) = linked_folder(store, Path::new(dir)) {
        problems.push(p);
        return;
    }
    let Ok(entries) = std::fs::read_dir(&abs) else {
        return;
    };
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    names.sort_by_key(|e| e.file_name());
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        if store::is_ignored(&name) {
            continue;
        }
        let rel = Path::new(dir).join(&name);
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            problems.push(
                Problem::new(
                    &store::shown(&rel),
                    None,
                    format!("unexpected folder in {dir}/"),
                )
                .with_hint(format!("{dir}/ holds one <ID>.yaml file per record")),
            );
        } else if store::record_stem(&name).is_some() {
            files.push(rel);
        } else {
            problems.push(
                Problem::new(&store::shown(&rel), None, "not a record file").with_hint(format!(
                    "{dir}/ holds one <ID>.yaml file per record; move other files elsewhere"
                )),
            );
        }
    }
}

/// The record files of a dated folder (`tickets/2026/11/`): `depth` levels of
/// folders, then files. Anything else is a problem; so is a file in another month's
/// folder than its ID's date.
fn collect_dated(
    store: &Store,
    rel: &Path,
    depth: u32,
    layout: &str,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    if let Some(p) = linked_folder(store, rel) {
        problems.push(p);
        return;
    }
    let Ok(entries) = std::fs::read_dir(store.root().join(rel)) else {
        return;
    };
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    names.sort_by_key(|e| e.file_name());
    let top = rel.components().next().map_or(String::new(), |c| {
        c.as_os_str().to_string_lossy().into_owned()
    });
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        if store::is_ignored(&name) {
            continue;
        }
        let path = rel.join(&name);
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        match (is_dir, depth) {
            (true, d) if d > 0 => collect_dated(store, &path, d - 1, layout, files, problems),
            (false, 0) if store::record_stem(&name).is_some() => files.push(path),
            _ => problems.push(
                Problem::new(&store::shown(&path), None, "not where a record belongs")
                    .with_hint(format!("{top}/ holds {layout}")),
            ),
        }
    }
}

/// Reads and parses one record file, checking its ID against its name.
fn parse_file(
    store: &Store,
    root: &std::sync::Arc<Path>,
    rel: PathBuf,
) -> Result<(Loaded, store::index::Stamp), Problem> {
    let shown = store::shown(&rel);
    let (text, stamp) = store
        .read_text_stamped(&rel)?
        .ok_or_else(|| Problem::new(&shown, None, "disappeared while checking"))?;
    let dir = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let record = match dir.as_str() {
        Unit::DIR => Parsed::Unit(Box::new(yaml::from_yaml(&text, &shown)?)),
        Ledger::DIR => Parsed::Ledger(Box::new(yaml::from_yaml(&text, &shown)?)),
        DunningCase::DIR => Parsed::Dunning(Box::new(yaml::from_yaml(&text, &shown)?)),
        Ticket::DIR => Parsed::Ticket(Box::new(yaml::from_yaml(&text, &shown)?)),
        MoveIn::DIR => Parsed::MoveIn(Box::new(yaml::from_yaml(&text, &shown)?)),
        Permit::DIR => Parsed::Permit(Box::new(yaml::from_yaml(&text, &shown)?)),
        MoveOut::DIR => Parsed::MoveOut(Box::new(yaml::from_yaml(&text, &shown)?)),
        _ => Parsed::Party(Box::new(yaml::from_yaml(&text, &shown)?)),
    };
    let loaded = Loaded {
        rel,
        root: root.clone(),
        text: Some(text),
        record,
    };
    Ok((loaded, stamp))
}

/// Checks a record's own rules, then keeps only what the checks across records need.
fn check_file(
    store: &Store,
    root: &std::sync::Arc<Path>,
    rel: PathBuf,
    books: &Books,
    bounds: Bounds,
) -> Checked {
    let unit_file = rel.starts_with(Unit::DIR).then(|| {
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        store::record_stem(&name).map(str::to_string)
    });
    let (mut l, stamp) = match parse_file(store, root, rel) {
        Ok(l) => l,
        Err(p) => {
            return Checked {
                loaded: None,
                problems: vec![p],
                unreadable_unit: unit_file.flatten(),
            };
        }
    };
    // A ledger book is replayed once: for its own problems and for what it carries.
    let replayed = match &l.record {
        Parsed::Ledger(x) => Some(x.replay(books.clearing())),
        _ => None,
    };
    let mut problems = record_problems(&l, replayed.as_ref());
    problems.extend(implausible(&l, bounds));
    l.text = None;
    l.record = match l.record {
        Parsed::Ledger(ledger) => {
            let closing = replayed
                .filter(|(_, problems)| problems.is_empty())
                .map(|(state, _)| years::closing_of(books, &ledger, &state));
            Parsed::LedgerRefs(Box::new(LedgerRefs::of(*ledger, closing)))
        }
        Parsed::Dunning(c) => Parsed::CaseRefs(c.unit.into()),
        Parsed::Ticket(t) => Parsed::TicketRefs(Box::new(TicketRefs {
            id: t.id,
            unit: t.unit,
            repeat_of: t.repeat_of,
            repeated_by: t.repeated_by,
            charged: t.charged,
        })),
        Parsed::Permit(p) => Parsed::PermitRefs(Box::new(PermitRefs {
            kind: p.kind(),
            holds: p.holds(),
            parking: p.parking().map(|x| {
                let bay = crate::procedure::permit::steps::bay_key(&x.bay);
                (bay, x.from, x.until)
            }),
            id: p.id,
            unit: p.unit,
            stamp,
            applicant: p.applicant,
        })),
        Parsed::MoveIn(m) => Parsed::MoveInRefs(Box::new(MoveInRefs {
            in_progress: m.status == crate::procedure::movein::record::Status::InProgress,
            id: m.id,
            unit: m.unit,
            party: m.party,
            defect_tickets: m.defects.into_iter().map(|d| d.ticket).collect(),
        })),
        Parsed::MoveOut(m) => Parsed::MoveOutRefs(Box::new(MoveOutRefs::of(*m, stamp))),
        other => other,
    };
    Checked {
        loaded: Some(l),
        problems,
        unreadable_unit: None,
    }
}

/// One file checked: the record as kept, the problems of its own, and the unit of a
/// unit file that cannot be read (reported once, not again by what refers to it).
struct Checked {
    loaded: Option<Loaded>,
    problems: Vec<Problem>,
    unreadable_unit: Option<String>,
}

impl Loaded {
    fn id(&self) -> &str {
        match &self.record {
            Parsed::Unit(u) => &u.id,
            Parsed::Party(p) => &p.id,
            Parsed::Ledger(l) => &l.unit,
            Parsed::LedgerRefs(l) => &l.unit,
            Parsed::TicketRefs(t) => &t.id,
            Parsed::Dunning(c) => &c.unit,
            Parsed::CaseRefs(unit) => unit,
            Parsed::Ticket(t) => &t.id,
            Parsed::MoveIn(m) => &m.id,
            Parsed::MoveInRefs(m) => &m.id,
            Parsed::Permit(p) => &p.id,
            Parsed::PermitRefs(p) => &p.id,
            Parsed::MoveOut(m) => &m.id,
            Parsed::MoveOutRefs(m) => &m.id,
        }
    }

    fn shown(&self) -> String {
        store::shown(&self.rel)
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.text {
            Some(t) => t.into(),
            None => std::fs::read_to_string(self.root.join(&self.rel))
                .unwrap_or_default()
                .into(),
        }
    }

    /// A problem with `field`, on the line of the value the message quotes when that
    /// value sits on a line of its own (an item of `phones:`), else on the field's line.
    fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        let message = message.into();
        let text = self.text();
        let value = quoted(&message).or_else(|| listed_twice(&message));
        let line = value
            .and_then(|v| value_line(&text, field, v, message.contains("twice")))
            .or_else(|| field_line(&text, field));
        Problem::new(&self.shown(), line, message)
    }
}

/// A record's own rules: ID and file name, its fields, its history.
/// `replayed`: a ledger book's replay and its problems.
fn record_problems(
    l: &Loaded,
    replayed: Option<&(
        crate::model::ledger::State,
        Vec<crate::model::ledger::LedgerProblem>,
    )>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let stem = l
        .rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if crate::store::conflict::is_marked(l.text().as_bytes()) {
        out.push(in_conflict(l, stem));
    }
    let id_field = match l.record {
        Parsed::Ledger(_) | Parsed::Dunning(_) => "unit",
        _ => "id",
    };
    if let Parsed::Ledger(ledger) = &l.record {
        if let Err(e) = ids::validate(l.id()) {
            out.push(l.problem("unit", e.to_string()));
        } else if ledger.path() != l.rel {
            out.push(
                l.problem(
                    "unit",
                    format!(
                        "`unit: {}` and `year: {}` name the book {}, not this file",
                        ledger.unit,
                        ledger.year,
                        store::shown(&ledger.path())
                    ),
                )
                .with_hint("a unit's book of a year is ledger/<UNIT>/<YYYY>.yaml; fix `unit:` and `year:` or move the file"),
            );
        }
    } else if l.id() != stem {
        out.push(
            l.problem(
                id_field,
                format!("id {:?} does not match the file name {stem:?}", l.id()),
            )
            .with_hint("a record's file is named after its ID; rename the file or fix the id"),
        );
    } else if let Err(e) = ids::validate(l.id()) {
        out.push(l.problem("id", e.to_string()));
    }
    let (fields, hist, creating): (Vec<FieldProblem>, &[Entry], &[&str]) = match &l.record {
        Parsed::Unit(u) => {
            if let Some(upper) = ids::normalize_unit(&u.id).ok().filter(|n| *n != u.id) {
                out.push(
                    l.problem(
                        "id",
                        format!("unit id {:?} must be upper-case: expected {upper:?}", u.id),
                    )
                    .with_hint(format!(
                        "rename the file to {upper}.yaml and write `id: {upper}` in it"
                    )),
                );
            }
            (u.problems(), &u.history, &["added", "imported"])
        }
        Parsed::Party(p) => (p.problems(), &p.history, &["added", "imported"]),
        Parsed::Ledger(ledger) => {
            let mut problems = replayed.map(|(_, p)| p.clone()).unwrap_or_default();
            problems.extend(ledger.order_problems());
            let first = ledger.first_no() as usize;
            for p in problems {
                let line = list_item_line(&l.text(), "entries", p.index);
                out.push(Problem::new(
                    &l.shown(),
                    line,
                    format!("entry {}: {}", first + p.index, p.message),
                ));
            }
            let receipt_problems = crate::procedure::fees::receipts::problems(ledger);
            // A number two desks gave twice is the book's marked conflict, said once.
            let marked = match receipt_problems.is_empty() {
                true => None,
                false => crate::store::conflict::receipt_twice(&l.text())
                    .map(|r| format!("receipt {r} is given twice")),
            };
            for (index, _, message) in receipt_problems {
                if marked.as_deref() == Some(message.as_str()) {
                    continue;
                }
                let line = list_item_line(&l.text(), "entries", index);
                out.push(Problem::new(
                    &l.shown(),
                    line,
                    format!("entry {}: {message}", first + index),
                ));
            }
            let year = ledger.year;
            for e in &ledger.entries {
                if e.recorded.unwrap_or(e.date).max(e.date).year() != year {
                    let i = (e.no as usize).saturating_sub(first);
                    out.push(
                        Problem::new(
                            &l.shown(),
                            list_item_line(&l.text(), "entries", i),
                            format!(
                                "entry {}: dated {}, not in the book's year {year}",
                                e.no, e.date
                            ),
                        )
                        .with_hint(
                            "each year's entries go in that year's book, ledger/<UNIT>/<YYYY>.yaml",
                        ),
                    );
                }
            }
            (Vec::new(), &[][..], &[][..])
        }
        // Already checked when read (see `check_file`).
        Parsed::LedgerRefs(_)
        | Parsed::CaseRefs(_)
        | Parsed::TicketRefs(_)
        | Parsed::MoveInRefs(_)
        | Parsed::PermitRefs(_)
        | Parsed::MoveOutRefs(_) => (Vec::new(), &[][..], &[][..]),
        Parsed::Dunning(c) => {
            if c.history.is_empty() {
                out.push(l.problem("history", "a dunning case needs its history"));
            }
            (Vec::new(), &c.history, &["opened"])
        }
        Parsed::Ticket(t) => {
            let expected = Ticket::rel_path(&t.id);
            if l.id() == stem && expected != l.rel {
                out.push(
                    l.problem(
                        "id",
                        format!("ticket {} is filed in the wrong folder", t.id),
                    )
                    .with_hint(format!(
                        "a ticket is filed by the date in its ID: move it to {}",
                        store::shown(&expected)
                    )),
                );
            }
            if t.history.is_empty() {
                out.push(l.problem("history", "a ticket needs its history"));
            }
            let (fields, steps) = t.problems();
            for (i, msg) in steps {
                out.push(Problem::new(
                    &l.shown(),
                    list_item_line(&l.text(), "history", i),
                    msg,
                ));
            }
            (fields, &t.history, &["reported"])
        }
        Parsed::MoveIn(m) => {
            out.extend(misfiled::<MoveIn>(l, stem, &m.id));
            if m.history.is_empty() {
                out.push(l.problem("history", "a move-in needs its history"));
            }
            (m.problems(), &m.history, &["opened"])
        }
        Parsed::Permit(p) => {
            out.extend(misfiled::<Permit>(l, stem, &p.id));
            if p.history.is_empty() {
                out.push(l.problem("history", "a permit needs its history"));
            }
            (p.problems(), &p.history, &["applied"])
        }
        Parsed::MoveOut(m) => {
            out.extend(misfiled::<MoveOut>(l, stem, &m.id));
            if m.history.is_empty() {
                out.push(l.problem("history", "a move-out needs its history"));
            }
            (m.problems(), &m.history, &["notified"])
        }
    };
    for f in fields {
        out.push(l.problem(f.field, f.message));
    }
    // The registry's history is optional; when kept, it must be consistent.
    if !hist.is_empty() {
        for (i, msg) in history::problems(hist, creating) {
            out.push(Problem::new(
                &l.shown(),
                list_item_line(&l.text(), "history", i),
                msg,
            ));
        }
    }
    let controls = control_characters(l, &out);
    out.extend(controls);
    out
}

/// How `check` starts the problem of a record two desks left in conflict.
pub const IN_CONFLICT: &str = "two desks' versions after a merge";

/// A record two desks left in conflict: both versions, and how to keep one.
fn in_conflict(l: &Loaded, stem: &str) -> Problem {
    let text = l.text();
    let line = text
        .lines()
        .position(|x| x.starts_with(crate::store::conflict::KEY))
        .map(|i| i + 1);
    let message = match crate::store::conflict::versions(&text) {
        Ok(v) => {
            let listed: Vec<String> = v
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let fields = match v.fields.is_empty() {
                        true => String::new(),
                        false => format!(" ({})", v.fields.join(", ")),
                    };
                    format!("{}) {}{fields}", i + 1, crate::store::conflict::summary(v))
                })
                .collect();
            let receipt = crate::store::conflict::receipt_twice(&text);
            match crate::store::conflict::made_twice(&text) {
                _ if receipt.is_some() => format!(
                    "{IN_CONFLICT}: receipt {} given to two payments, both in the book: {}",
                    receipt.unwrap_or_default(),
                    listed.join("; ")
                ),
                true => format!(
                    "{IN_CONFLICT}: one ID made at two desks for two records: {}",
                    listed.join("; ")
                ),
                false => format!("{IN_CONFLICT}: {}", listed.join("; ")),
            }
        }
        Err(e) => format!("{IN_CONFLICT}, and its `conflict:` block cannot be read: {e}"),
    };
    let hint = match crate::store::conflict::made_twice(&text) {
        _ if let Some(r) = crate::store::conflict::receipt_twice(&text) => format!(
            "both payments count; one keeps the number: `propdesk resolve {r}` shows both, \
             `propdesk resolve {r} --keep 1|2 --why TEXT` keeps it on one and gives the other \
             a new receipt to hand over in exchange"
        ),
        true => format!(
            "the ID reads as record 1 until one is kept: `propdesk resolve {stem}` shows both, \
             `propdesk resolve {stem} --keep 1|2 --why TEXT` keeps one under this ID; then make \
             the other again (it gets an ID of its own)"
        ),
        false => format!(
            "the record reads as version 1 until one is kept: `propdesk resolve {stem}` shows both, \
             `propdesk resolve {stem} --keep 1|2 --why TEXT` keeps one"
        ),
    };
    Problem::new(&l.shown(), line, message).with_hint(hint)
}

/// Control characters in a record's text (ESC, NUL, ...; a tab or a new line is text):
/// typed by hand as escapes in a quoted value (`note: "\e[31m"`), they would reach the
/// terminal of whoever shows the record. Reported once per value, and not on a line
/// that already has a problem (an ID holding a NUL does not match its file name).
fn control_characters(l: &Loaded, already: &[Problem]) -> Vec<Problem> {
    let text = l.text();
    // An escape needs a backslash; a raw control character is a byte below 0x20, DEL,
    // or C1 (0xC2 0x80-0x9F). Most records have none and are not read again.
    let b = text.as_bytes();
    let suspect = b.iter().enumerate().any(|(i, &c)| match c {
        b'\\' | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)),
        c => c < 0x20 && !matches!(c, b'\n' | b'\t' | b'\r'),
    });
    if !suspect {
        return Vec::new();
    }
    let Ok(serde_json::Value::Object(fields)) =
        yaml::from_yaml_full::<serde_json::Value>(&text, &l.shown())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (top, value) in &fields {
        holding_controls(top, top, value, &mut found);
    }
    let mut out: Vec<Problem> = Vec::new();
    for (top, name, value) in found {
        let start = field_line(&text, top);
        // The line of a nested value: its key's first line below the field that holds
        // an escape.
        let line = if name == top {
            start
        } else {
            let key = format!("{name}:");
            start
                .and_then(|s| {
                    text.lines()
                        .enumerate()
                        .skip(s)
                        .find(|(_, t)| {
                            t.trim_start().trim_start_matches("- ").starts_with(&key)
                                && t.contains('\\')
                        })
                        .map(|(i, _)| i + 1)
                })
                .or(start)
        };
        if already
            .iter()
            .chain(&out)
            .any(|p| p.line.is_some() && p.line == line)
        {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for c in value.chars().filter(|c| is_control(*c)) {
            let n = control_name(c);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let shown = if name == top {
            name.to_string()
        } else {
            format!("{name} in {top}")
        };
        out.push(
            Problem::new(
                &l.shown(),
                line,
                format!(
                    "{shown} holds control characters ({}): {}",
                    names.join(", "),
                    // A phone or an ID number is quoted masked.
                    match crate::model::privacy::is_number_key(name) {
                        true => crate::error::quote(&crate::model::privacy::mask_field(name, &value)),
                        false => crate::error::quote(&value),
                    }
                ),
            )
            .with_hint("control characters do not print and can change the terminal that shows them; remove them (a tab or a new line is fine)"),
        );
    }
    out
}

/// The dates a record holds outside the office's span, and a ledger's amounts over
/// their kind's ceiling: what a hand edit brought in that a desk could not have typed
/// (a due date of year 0 would post thousands in late fees).
fn implausible(l: &Loaded, bounds: Bounds) -> Vec<Problem> {
    let text = l.text();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start().trim_start_matches("- ");
        let (key, value) = match t.split_once(": ") {
            Some((k, v)) if !k.contains(' ') => (k, v),
            _ => ("", t),
        };
        let value = value.trim().trim_matches(['"', '\'']);
        // Most values are no date: a quick look at their first byte.
        if !value.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
            continue;
        }
        let Some(date) = Span::whole_date(value) else {
            continue;
        };
        if let Err(e) = bounds.span.check(date) {
            let what = if key.is_empty() {
                String::new()
            } else {
                format!("{key}: ")
            };
            out.push(
                Problem::new(&l.shown(), Some(i + 1), format!("{what}{e}"))
                    .with_hint("correct the date in the file (a slip of the keyboard?); if the office really keeps records that old or that far ahead, widen [office] earliest and horizon in office.toml"),
            );
        }
    }
    if let Parsed::Ledger(ledger) = &l.record {
        for (i, e) in ledger.entries.iter().enumerate() {
            let kind = AmountKind::of_entry(e.kind);
            if let Err(over) = bounds.ceilings.check(kind, e.amount) {
                out.push(
                    Problem::new(
                        &l.shown(),
                        list_item_line(&text, "entries", i),
                        format!("entry {}: {over}", e.no),
                    )
                    .with_hint("correct the amount in the file; if the office really takes such sums, raise the ceiling under [limits] in office.toml"),
                );
            }
        }
    }
    out
}

/// A control character other than a tab or a newline.
fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The strings under `value` that hold control characters: (top-level field, the
/// innermost key, the string).
fn holding_controls<'a>(
    top: &'a str,
    key: &'a str,
    value: &'a serde_json::Value,
    found: &mut Vec<(&'a str, &'a str, String)>,
) {
    use serde_json::Value;
    match value {
        Value::String(s) if s.chars().any(is_control) => found.push((top, key, s.clone())),
        Value::Array(items) => {
            for v in items {
                holding_controls(top, key, v, found);
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                holding_controls(top, k, v, found);
            }
        }
        _ => {}
    }
}

/// `ESC`, `NUL`: the name a control character goes by, or its code point.
fn control_name(c: char) -> String {
    match c {
        '\0' => "NUL".into(),
        '\u{7}' => "BEL".into(),
        '\u{8}' => "BS".into(),
        '\u{b}' => "VT".into(),
        '\u{c}' => "FF".into(),
        '\r' => "CR".into(),
        '\u{1b}' => "ESC".into(),
        '\u{7f}' => "DEL".into(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// A record of a dated folder filed elsewhere than the date in its ID says.
fn misfiled<T: Record>(l: &Loaded, stem: &str, id: &str) -> Option<Problem> {
    let expected = T::rel_path(id);
    (l.id() == stem && expected != l.rel).then(|| {
        l.problem(
            "id",
            format!("{} {id} is filed in the wrong folder", T::WHAT),
        )
        .with_hint(format!(
            "a {} is filed by the year in its ID: move it to {}",
            T::WHAT,
            store::shown(&expected)
        ))
    })
}

/// The same ID in two files (two desks that allocated alike, or a case variant).
fn duplicate_ids(loaded: &[Loaded]) -> Vec<Problem> {
    // Units, ledgers and dunning cases share the unit's ID, each in its folder. Sorted
    // by (folder, ID in capitals), records sharing one sit side by side.
    let mut keyed: Vec<(&Path, std::borrow::Cow<str>, &Loaded)> = loaded
        .iter()
        // A unit's books of several years share its ID, one per year, by their paths.
        .filter(|l| !matches!(l.record, Parsed::LedgerRefs(_)))
        .map(|l| {
            let id = l.id();
            let key = match id.bytes().any(|b| b.is_ascii_lowercase()) {
                true => id.to_ascii_uppercase().into(),
                false => id.into(),
            };
            (l.rel.parent().unwrap_or(Path::new("")), key, l)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out = Vec::new();
    for group in keyed.chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1)) {
        if group.len() < 2 {
            continue;
        }
        for (_, _, l) in group {
            let others: Vec<String> = group
                .iter()
                .filter(|o| o.2.rel != l.rel)
                .map(|o| o.2.shown())
                .collect();
            out.push(l.problem("id", format!("duplicate ID {}: also in {}", l.id(), others.join(", ")))
                .with_hint("two records share an ID (two desks, or a copied file); give one of them a new ID"));
        }
    }
    out
}

/// References between records: a unit's owner and occupant; the unit of a ledger or
/// a dunning case.
fn references(
    loaded: &[Loaded],
    unreadable_units: &std::collections::HashSet<String>,
) -> Vec<Problem> {
    let units: std::collections::HashSet<&str> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::Unit(u) => Some(u.id.as_str()),
            _ => None,
        })
        .chain(unreadable_units.iter().map(String::as_str))
        .collect();
    let mut out = party_references(loaded);
    out.extend(ticket_references(loaded, &units));
    out.extend(movein_references(loaded, &units));
    out.extend(moveout_references(loaded, &units));
    for l in loaded {
        if matches!(l.record, Parsed::LedgerRefs(_) | Parsed::CaseRefs(_))
            && !units.contains(l.id())
        {
            out.push(
                l.problem("unit", format!("unit {} is not in the registry", l.id()))
                    .with_hint(
                        "add the unit with `propdesk unit add`, or fix the file name and `unit:`",
                    ),
            );
        }
    }
    out
}

/// A ticket's unit, the complaints it repeats or is repeated by, and the ledger entry
/// its fee was charged as.
fn ticket_references(loaded: &[Loaded], units: &std::collections::HashSet<&str>) -> Vec<Problem> {
    let tickets: HashMap<&str, &TicketRefs> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::TicketRefs(t) => Some((t.id.as_str(), t.as_ref())),
            _ => None,
        })
        .collect();
    let ledgers = books_by_unit(loaded);
    let mut out = Vec::new();
    for l in loaded {
        let Parsed::TicketRefs(t) = &l.record else {
            continue;
        };
        if let Some(u) = &t.unit
            && !units.contains(u.as_str())
        {
            out.push(
                l.problem("unit", format!("unit \"{u}\" is not in the registry"))
                    .with_hint("add the unit with `propdesk unit add`, or fix `unit:`"),
            );
        }
        if let Some(first) = &t.repeat_of {
            match tickets.get(first.as_str()) {
                None => out.push(l.problem(
                    "repeat_of",
                    format!("repeat_of \"{first}\": no such ticket"),
                )),
                Some(f) if !f.repeated_by.contains(&t.id) => out.push(
                    l.problem(
                        "repeat_of",
                        format!("repeat_of \"{first}\": that ticket does not list this one in `repeated_by`"),
                    )
                    .with_hint(format!("add {} to repeated_by in {first}", t.id)),
                ),
                Some(_) => {}
            }
        }
        for later in &t.repeated_by {
            if tickets
                .get(later.as_str())
                .is_none_or(|x| x.repeat_of.as_deref() != Some(t.id.as_str()))
            {
                out.push(l.problem(
                    "repeated_by",
                    format!("repeated_by \"{later}\": no ticket of that ID repeats this one"),
                ));
            }
        }
        if let (Some(no), Some(u)) = (t.charged, &t.unit) {
            let found = ledgers.get(u.as_str()).is_some_and(|books| {
                books
                    .iter()
                    .any(|x| x.tickets.iter().any(|(n, r)| *n == no && *r == t.id))
            });
            if !found {
                out.push(l.problem(
                    "charged",
                    format!("charged as ledger entry {no} of {u}, but that entry is not there with ref {}", t.id),
                ));
            }
        }
    }
    out
}

/// A move-in's unit, party and defect tickets.
fn movein_references(loaded: &[Loaded], units: &std::collections::HashSet<&str>) -> Vec<Problem> {
    let ids = |f: fn(&Parsed) -> Option<&str>| -> std::collections::HashSet<&str> {
        loaded.iter().filter_map(|l| f(&l.record)).collect()
    };
    let parties = ids(|p| match p {
        Parsed::Party(x) => Some(x.id.as_str()),
        _ => None,
    });
    let tickets = ids(|p| match p {
        Parsed::TicketRefs(x) => Some(x.id.as_str()),
        _ => None,
    });
    let mut out = Vec::new();
    for l in loaded {
        if let Parsed::PermitRefs(p) = &l.record {
            if !units.contains(p.unit.as_str()) {
                out.push(l.problem(
                    "unit",
                    format!("unit \"{}\" is not in the registry", p.unit),
                ));
            }
            if !parties.contains(p.applicant.as_str()) {
                out.push(l.problem(
                    "applicant",
                    format!("party \"{}\" is not in the registry", p.applicant),
                ));
            }
            continue;
        }
        let Parsed::MoveInRefs(m) = &l.record else {
            continue;
        };
        if !units.contains(m.unit.as_str()) {
            out.push(l.problem(
                "unit",
                format!("unit \"{}\" is not in the registry", m.unit),
            ));
        }
        if !parties.contains(m.party.as_str()) {
            out.push(l.problem(
                "party",
                format!("party \"{}\" is not in the registry", m.party),
            ));
        }
        for ticket in &m.defect_tickets {
            if !tickets.contains(ticket.as_str()) {
                out.push(l.problem(
                    "defects",
                    format!("defect ticket \"{ticket}\" does not exist"),
                ));
            }
        }
    }
    out
}

/// A move-out's unit, party, move-in, goods exit and restoration permits, and the
/// ledger entries it charged.
fn moveout_references(loaded: &[Loaded], units: &std::collections::HashSet<&str>) -> Vec<Problem> {
    let parties: std::collections::HashSet<&str> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::Party(x) => Some(x.id.as_str()),
            _ => None,
        })
        .collect();
    let moveins: std::collections::HashSet<&str> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::MoveInRefs(x) => Some(x.id.as_str()),
            _ => None,
        })
        .collect();
    let permits: HashMap<&str, &PermitRefs> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::PermitRefs(x) => Some((x.id.as_str(), x.as_ref())),
            _ => None,
        })
        .collect();
    let ledgers = books_by_unit(loaded);
    let mut out = Vec::new();
    for l in loaded {
        let Parsed::MoveOutRefs(m) = &l.record else {
            continue;
        };
        if !units.contains(m.unit.as_str()) {
            out.push(l.problem(
                "unit",
                format!("unit \"{}\" is not in the registry", m.unit),
            ));
        }
        if !parties.contains(m.party.as_str()) {
            out.push(l.problem(
                "party",
                format!("party \"{}\" is not in the registry", m.party),
            ));
        }
        if let Some(mi) = &m.movein
            && !moveins.contains(mi.as_str())
        {
            out.push(l.problem("movein", format!("move-in \"{mi}\" does not exist")));
        }
        for (field, id, kind) in [
            (
                "goods_exit",
                &m.goods_exit,
                crate::procedure::permit::Kind::GoodsExit,
            ),
            (
                "restoration",
                &m.restoration,
                crate::procedure::permit::Kind::Renovation,
            ),
        ] {
            let Some(id) = id else { continue };
            match permits.get(id.as_str()) {
                None => out.push(l.problem(field, format!("permit \"{id}\" does not exist"))),
                Some(p) if p.kind != kind || p.unit != m.unit => out.push(l.problem(
                    field,
                    format!(
                        "permit \"{id}\" is a {} permit of {}, not a {kind} permit of {}",
                        p.kind, p.unit, m.unit
                    ),
                )),
                Some(_) => {}
            }
        }
        let ledger = ledgers.get(m.unit.as_str());
        for &no in &m.entries {
            if !ledger.is_some_and(|books| books.iter().any(|x| x.has(no))) {
                out.push(l.problem(
                    "settlement",
                    format!("ledger entry {no} of {} does not exist", m.unit),
                ));
            }
        }
    }
    out
}

fn party_references(loaded: &[Loaded]) -> Vec<Problem> {
    let parties: HashMap<&str, &Party> = loaded
        .iter()
        .filter_map(|l| match &l.record {
            Parsed::Party(p) => Some((p.id.as_str(), p.as_ref())),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for l in loaded {
        if let Parsed::LedgerRefs(x) = &l.record {
            for (p, at) in &x.parties {
                if !parties.contains_key(p.as_str()) {
                    let text = l.text();
                    let (what, line) = match at {
                        None => ("the opening".to_string(), field_line(&text, "opening")),
                        Some((no, i)) => {
                            (format!("entry {no}"), list_item_line(&text, "entries", *i))
                        }
                    };
                    out.push(
                        Problem::new(
                            &l.shown(),
                            line,
                            format!("{what}: party \"{p}\" is not in the registry"),
                        )
                        .with_hint("an entry's `party:` is the occupancy it belongs to: name an existing party (`propdesk party` lists them)"),
                    );
                }
            }
        }
        if let Parsed::Unit(u) = &l.record {
            for f in registry::reference_problems(u, |id| parties.get(id).copied()) {
                out.push(l.problem(f.field, f.message).with_hint("name an existing party (`propdesk party` lists them), or add the role with `propdesk party edit ID --add-role ...`"));
            }
        }
    }
    out
}

/// What no desk alone lets happen, and two desks merged can: two move-ins or two
/// move-outs in progress for one unit, two goods-lift bookings at once, one parking
/// bay held by two permits for the same days.
fn clashes(loaded: &[Loaded]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut moveins: HashMap<&str, Vec<(&Loaded, &str)>> = HashMap::new();
    let mut moveouts: HashMap<&str, Vec<(&Loaded, &str)>> = HashMap::new();
    let mut bays: HashMap<&str, Vec<(&Loaded, &PermitRefs)>> = HashMap::new();
    let mut cards: HashMap<&str, Vec<(&Loaded, &str)>> = HashMap::new();
    let mut lifts = Vec::new();
    for l in loaded {
        match &l.record {
            Parsed::PermitRefs(p) => {
                if let Some((bay, _, _)) = &p.parking {
                    bays.entry(bay).or_default().push((l, p));
                }
                for card in p.holds.iter().filter_map(|h| h.strip_prefix("card:")) {
                    cards.entry(card).or_default().push((l, p.id.as_str()));
                }
            }
            Parsed::MoveInRefs(m) if m.in_progress => {
                moveins.entry(&m.unit).or_default().push((l, &m.id));
            }
            Parsed::MoveOutRefs(m) if m.in_progress => {
                moveouts.entry(&m.unit).or_default().push((l, &m.id));
                if let Some(lift) = m.lift {
                    lifts.push((l, m.id.as_str(), lift));
                }
            }
            _ => {}
        }
    }
    for (what, by_unit) in [("move-in", &moveins), ("move-out", &moveouts)] {
        for (unit, list) in by_unit.iter().filter(|(_, v)| v.len() > 1) {
            for (l, id) in list {
                let others: Vec<&str> = list.iter().map(|(_, o)| *o).filter(|o| o != id).collect();
                out.push(
                    l.problem(
                        "status",
                        format!(
                            "a second {what} of {unit} in progress: {} is too (two desks each opened one)",
                            others.join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "a unit has one {what} at a time: keep the one the tenant signed and delete the other's file (`git rm`), then `propdesk check`"
                    )),
                );
            }
        }
    }
    for (bay, mut held) in bays.into_iter().filter(|(_, v)| v.len() > 1) {
        held.sort_by_key(|(_, p)| (p.parking.as_ref().map(|t| t.1), p.id.as_str()));
        for (i, (l, p)) in held.iter().enumerate() {
            let Some((_, from, until)) = &p.parking else {
                continue;
            };
            for (_, o) in held.iter().take(i) {
                let Some((_, o_from, o_until)) = &o.parking else {
                    continue;
                };
                if o_from <= until && from <= o_until {
                    let line = line_where(&l.text(), |x| x.starts_with("bay:"));
                    out.push(
                        Problem::new(
                            &l.shown(),
                            line,
                            format!(
                                "bay {bay} is held by parking permit {} from {o_from} to {o_until}, and by {} from {from} to {until} too",
                                o.id, p.id
                            ),
                        )
                        .with_hint(format!(
                            "one bay, one permit at a time: give {} another bay (edit `bay:` in its file), then `propdesk check`",
                            p.id
                        )),
                    );
                }
            }
        }
    }
    for (card, mut out_on) in cards.into_iter().filter(|(_, v)| v.len() > 1) {
        out_on.sort_by_key(|(_, id)| *id);
        let (_, first) = out_on[0];
        for (l, id) in &out_on[1..] {
            let line = line_where(&l.text(), |x| {
                x.trim_start_matches("- ").trim_matches('"') == card
            });
            out.push(
                Problem::new(
                    &l.shown(),
                    line,
                    format!("access card {card} is out on permit {first} and on {id} too"),
                )
                .with_hint(format!(
                    "one card, one holder: take the card back on the permit that no longer has it (`propdesk permit return ID`), or correct the number in {id}'s file"
                )),
            );
        }
    }
    lifts.sort_by_key(|(_, id, lift)| (lift.date, lift.from, *id));
    for (i, (l, id, lift)) in lifts.iter().enumerate() {
        for (_, other, theirs) in &lifts[..i] {
            if lift.overlaps(theirs) {
                out.push(
                    l.problem(
                        "lift",
                        format!("the goods lift booked {lift} overlaps {other}'s booking {theirs}"),
                    )
                    .with_hint(format!(
                        "one lift, one booking at a time: book {id} another slot with `propdesk moveout lift {id} --day DAY --time HH:MM-HH:MM`"
                    )),
                );
            }
        }
    }
    out
}

/// The files of `ledger/`: a folder per unit, a book per year in it
/// (`ledger/<UNIT>/<YYYY>.yaml`). A ledger of the one-file layout (`ledger/<UNIT>.yaml`)
/// asks for `propdesk migrate`; anything else is not where a record belongs.
fn collect_books(store: &Store, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let dir = Path::new(Ledger::DIR);
    if let Some(p) = linked_folder(store, dir) {
        problems.push(p);
        return;
    }
    let Ok(entries) = std::fs::read_dir(store.root().join(dir)) else {
        return;
    };
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    names.sort_by_key(|e| e.file_name());
    let layout = "ledger/ holds ledger/<UNIT>/<YYYY>.yaml, a book per unit and year";
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        if store::is_ignored(&name) {
            continue;
        }
        let rel = dir.join(&name);
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !is_dir {
            match store::record_stem(&name) {
                Some(_) => problems.push(store::one_file_ledger(&rel)),
                None => problems.push(
                    Problem::new(&store::shown(&rel), None, "not a record file").with_hint(layout),
                ),
            }
            continue;
        }
        let Ok(books) = std::fs::read_dir(store.root().join(&rel)) else {
            continue;
        };
        let mut books: Vec<_> = books.filter_map(|e| e.ok()).collect();
        books.sort_by_key(|e| e.file_name());
        for b in books {
            let file = b.file_name().to_string_lossy().into_owned();
            if store::is_ignored(&file) {
                continue;
            }
            let path = rel.join(&file);
            // A link named like a book is read, and refused, as one.
            let is_dir = b.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if store::book_year(&file).is_some() && !is_dir {
                files.push(path);
            } else {
                problems.push(
                    Problem::new(&store::shown(&path), None, "not where a record belongs")
                        .with_hint(layout),
                );
            }
        }
    }
}

/// Each unit's ledger books, oldest first.
fn books_by_unit(loaded: &[Loaded]) -> HashMap<&str, Vec<&LedgerRefs>> {
    let mut out: HashMap<&str, Vec<&LedgerRefs>> = HashMap::new();
    for l in loaded {
        if let Parsed::LedgerRefs(x) = &l.record {
            out.entry(x.unit.as_str()).or_default().push(x.as_ref());
        }
    }
    for books in out.values_mut() {
        books.sort_by_key(|b| b.year);
    }
    out
}

/// Every book after a unit's first opens with exactly what the book before it
/// carries forward at its close: the open charges, the late fees owed, the deposits,
/// the credit and the next entry number.
fn book_chains(store: &Store, loaded: &[Loaded], books: &Books) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut units: Vec<(&str, Vec<&LedgerRefs>)> = books_by_unit(loaded).into_iter().collect();
    units.sort_by(|a, b| a.0.cmp(b.0));
    for (unit, chain) in units {
        for pair in chain.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let (prev_rel, next_rel) = (
                crate::model::ledger::book_path(unit, prev.year),
                crate::model::ledger::book_path(unit, next.year),
            );
            let Some(closing) = prev.closing else {
                continue;
            };
            if next.opening == Some(closing) {
                continue;
            }
            let detail = match next.opening {
                None => "it has no `opening:`".to_string(),
                Some(_) => opening_difference(store, books, &prev_rel, &next_rel)
                    .unwrap_or_else(|| "it differs".to_string()),
            };
            let text = store
                .read_text(&next_rel)
                .ok()
                .flatten()
                .unwrap_or_default();
            out.push(
                Problem::new(
                    &store::shown(&next_rel),
                    field_line(&text, "opening").or(Some(1)),
                    format!(
                        "the opening is not what {} carries forward at its close: {detail}",
                        store::shown(&prev_rel)
                    ),
                )
                .with_hint(
                    "a book's opening is written by propdesk from the year before; if the \
                     earlier book was corrected, delete this book's `opening:` lines only after \
                     copying its entries, or ask for help: `propdesk ledger UNIT --year YYYY` \
                     shows both",
                ),
            );
        }
    }
    out
}

/// The first difference between what `prev` carries forward and `next`'s opening.
fn opening_difference(store: &Store, books: &Books, prev: &Path, next: &Path) -> Option<String> {
    let prev: Ledger = store.load_file(prev).ok()?;
    let next: Ledger = store.load_file(next).ok()?;
    let want = years::closing(books, &prev).ok()?;
    let have = next.opening?;
    if want.first_entry != have.first_entry {
        return Some(format!(
            "first-entry {}, expected {}",
            have.first_entry, want.first_entry
        ));
    }
    if want.credits != have.credits {
        let sum = |o: &Opening| -> Money {
            Money::from_minor(o.credits.iter().map(|c| c.amount.minor()).sum())
        };
        return Some(format!("credits {}, expected {}", sum(&have), sum(&want)));
    }
    if want.deposits != have.deposits {
        return Some(format!(
            "deposits {:?}, expected {:?}",
            have.deposits, want.deposits
        ));
    }
    for w in &want.charges {
        match have.charges.iter().find(|h| h.no == w.no) {
            None => return Some(format!("charge {} ({}) is missing", w.no, w.text)),
            Some(h) if h != w => {
                return Some(format!(
                    "charge {}: outstanding {}, expected {}",
                    w.no, h.outstanding, w.outstanding
                ));
            }
            Some(_) => {}
        }
    }
    have.charges
        .iter()
        .find(|h| !want.charges.iter().any(|w| w.no == h.no))
        .map(|h| format!("charge {} is not carried forward by the year before", h.no))
}

/// Files git holds unmerged: a `git pull` stopped on a conflict and the merge is not
/// finished. Their conflict markers are reported where the file is read.
fn unmerged(store: &Store) -> Vec<Problem> {
    let rebasing = store::git::rebasing(store.root());
    store::git::unmerged(store.root())
        .into_iter()
        .map(|(path, what)| {
            let (message, hint) = match rebasing {
                true => (
                    format!("not merged: a git rebase stopped on a conflict here ({what})"),
                    "keep this desk's version with `git checkout --theirs -- FILE` (in a rebase \
                     \"ours\" is the other desks' side) or theirs with `--ours`, `git add` it and \
                     `git rebase --continue`, then redo the dropped step with propdesk; or \
                     `git rebase --abort` to undo the sync",
                ),
                false => (
                    format!("not merged: a git merge stopped on a conflict here ({what})"),
                    "keep this desk's version with `git checkout --ours -- FILE` or the other \
                     desk's with `--theirs`, `git add` it and `git commit --no-edit` to finish the \
                     merge (`git status` lists what is left), then redo the dropped step with \
                     propdesk; or `git merge --abort` to undo the pull",
                ),
            };
            Problem::new(&path, None, message).with_hint(hint)
        })
        .collect()
}

/// The line of a top-level `field:` key.
/// The first line (from 1) whose text, indentation left out, is `wanted`: a nested
/// field or a list item that [`field_line`] does not reach.
fn line_where(text: &str, wanted: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines()
        .position(|l| wanted(l.trim_start()))
        .map(|i| i + 1)
}

pub fn field_line(text: &str, field: &str) -> Option<usize> {
    let key = format!("{field}:");
    text.lines()
        .position(|l| l.starts_with(&key))
        .map(|i| i + 1)
}

/// The first `"..."` in a message: the offending value, as the models quote it.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('"')? + 1;
    let v = &message[start..start + message[start..].find('"')?];
    (!v.is_empty() && !v.contains('\\')).then_some(v)
}

/// `owner` in "role owner is listed twice".
fn listed_twice(message: &str) -> Option<&str> {
    message.strip_suffix(" is listed twice")?.rsplit(' ').next()
}

/// The line below the top-level `field:` that holds `value`, as a list item or a
/// nested field (`- "138-CALL-ME"`, `  phone: abc`), or that masks to `value` (a phone
/// or an ID number, quoted masked); its second such line if `second`.
fn value_line(text: &str, field: &str, value: &str, second: bool) -> Option<usize> {
    let start = field_line(text, field)?;
    let mut lines = text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '-', '#']))
        .filter(|(_, l)| {
            let item = l.trim_start().trim_start_matches("- ");
            let v = item.split_once(": ").map_or(item, |(_, v)| v);
            let v = v.trim().trim_matches(['"', '\'']);
            // A phone or an ID number is quoted masked: its line is the one that masks
            // to what the message quotes.
            v == value
                || value.contains('*')
                    && (crate::model::party::mask_phone(v) == value
                        || crate::model::party::mask_id_number(v) == value)
        })
        .map(|(i, _)| i + 1);
    if second { lines.nth(1) } else { lines.next() }
}

/// The line of the `i`-th item of the top-level list `key:` (`history:`, `entries:`).
fn list_item_line(text: &str, key: &str, i: usize) -> Option<usize> {
    let head = format!("{key}:");
    let start = text.lines().position(|l| l.starts_with(&head))?;
    // Items sit at the indent of the first one (0 as propdesk writes, 2 by some hands);
    // deeper dashes belong to lists inside an item (a payment's `applied:`).
    let items = text.lines().enumerate().skip(start + 1).filter(|(_, l)| {
        let t = l.trim_start();
        t.starts_with("- ") && l.len() - t.len() <= 2
    });
    let mut indent = None;
    items
        .filter(|(_, l)| {
            let d = l.len() - l.trim_start().len();
            *indent.get_or_insert(d) == d
        })
        .nth(i)
        .map(|(n, _)| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_fields_and_history_entries() {
        let text = "id: A-1\nowner: P-1\nhistory:\n- at: 2026-11-23T09:00:00+08:00\n  by: w\n  event: added\n- at: 2026-11-22T09:00:00+08:00\n  by: w\n  event: edited\n";
        assert_eq!(field_line(text, "owner"), Some(2));
        assert_eq!(field_line(text, "note"), None);
        assert_eq!(list_item_line(text, "history", 0), Some(4));
        assert_eq!(list_item_line(text, "history", 1), Some(7));
        let ledger = "unit: A-1\nentries:\n- entry: 1\n  applied:\n  - charge: 1\n- entry: 2\n";
        assert_eq!(list_item_line(ledger, "entries", 1), Some(6));
    }

    #[test]
    fn lines_of_values_inside_a_field() {
        let text = "id: P-1\nroles:\n- owner\n- tenant\n- owner\nphones:\n- \"138\"\n- 139-x\nemergency_contacts:\n- name: Li\n  phone: '1x'\nnote: n\n";
        assert_eq!(value_line(text, "phones", "139-x", false), Some(8));
        assert_eq!(value_line(text, "roles", "owner", true), Some(5));
        assert_eq!(
            value_line(text, "emergency_contacts", "1x", false),
            Some(11)
        );
        assert_eq!(value_line(text, "phones", "n", false), None);
        assert_eq!(quoted("invalid phone \"139-x\": expected"), Some("139-x"));
        assert_eq!(listed_twice("role owner is listed twice"), Some("owner"));
    }
}
