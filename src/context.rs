//! The ready context of a command: the office found and its settings loaded, the clock
//! pinned, the output chosen. Built once from the global flags, before any command
//! runs; commands get everything from here and never look at the environment or the
//! system clock themselves.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::config::{self, Settings};
use crate::error::{Error, Result};
use crate::model::history::{Entry, REVEALED};
use crate::model::ids::{self, IdKind, IdRng};
use crate::model::locale::Locale;
use crate::model::party::Party;
use crate::model::record::Record;
use crate::output::{Format, Out};
use crate::procedure::ticket::record::Ticket;
use crate::store::{self, Changes, Lock, Store};

/// The global flags, as parsed.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub office: Option<PathBuf>,
    pub now: Option<String>,
    pub date: Option<String>,
    pub format: Format,
    pub reveal: bool,
    pub dry_run: bool,
    pub commit: bool,
    pub locale: Option<Locale>,
    pub by: Option<String>,
    /// The whole command line, shell-quoted: for the lock holder, a request note and
    /// the reveal log.
    pub command_line: String,
    /// The subcommands typed (`party show`), for a reveal's history entry; empty
    /// unless `--reveal`.
    pub command_path: String,
    /// `PROPDESK_SEED`: pins ID randomness for tests and replays.
    pub seed: Option<u64>,
    /// `PROPDESK_LOCK_WAIT_MS`: how long a second writer waits.
    pub lock_wait_ms: Option<u64>,
    /// `--request KEY` and the fingerprint of the command's arguments.
    pub request: Option<(String, String)>,
}

/// Everything a command needs.
pub struct Ctx {
    pub store: Store,
    pub settings: Settings,
    /// Now, in the office's time zone.
    pub now: DateTime<Tz>,
    /// Today in the office (the `--date`, or the date of `now`).
    pub today: NaiveDate,
    pub format: Format,
    pub reveal: bool,
    pub dry_run: bool,
    pub commit: bool,
    pub locale: Locale,
    /// `--locale` as given: it wins over a party's preferred language on notices.
    pub locale_flag: Option<Locale>,
    /// Who is at the desk: `--by`, `PROPDESK_USER`, `USER`, else "desk".
    pub user: String,
    pub out: Out,
    command_line: String,
    command_path: String,
    /// The machine's clock when the command started: when a reveal happened, for its
    /// log (`--now` says what day the office acts on, not when someone looked).
    clock: DateTime<Utc>,
    /// The records this command is about to show with numbers in full (`--reveal`),
    /// not logged yet.
    revealed: RefCell<std::collections::BTreeSet<Revealed>>,
    lock_wait: Duration,
    /// When the command started, by the system clock (not `--now`): for the lock
    /// holder's description.
    started: DateTime<Utc>,
    /// Whether the command took the office lock: a writer, which is never run again.
    locked: std::cell::Cell<bool>,
    rng: RefCell<IdRng>,
    /// `--request KEY` and the command's fingerprint: see [`store::request`].
    request: Option<(String, String)>,
}

impl Ctx {
    pub fn build(g: &Globals, cwd: &Path, system_now: DateTime<Utc>) -> Result<Ctx> {
        let root = find_office(g.office.as_deref(), cwd)?;
        let settings = load_settings(&root)?;
        let tz = settings.config.timezone.0;
        let now = match &g.now {
            Some(s) => parse_now(s, tz)?,
            None => system_now.with_timezone(&tz),
        };
        let today = match &g.date {
            Some(d) => parse_date(d)?,
            None => now.date_naive(),
        };
        // The clock is a date a person types too: year 0 or 10000 would name IDs and
        // folders no office has.
        let span = settings.config.office.span();
        let flag = if g.now.is_some() {
            "--now"
        } else {
            "the system clock"
        };
        span.check(now.date_naive())
            .map_err(|e| implausible(flag, &e.to_string()))?;
        if g.date.is_some() {
            span.check(today)
                .map_err(|e| implausible("--date", &e.to_string()))?;
        }
        let store = Store::open(&root)?;
        let locale = g.locale.unwrap_or(settings.config.locale);
        let commit = g.commit || settings.config.git.auto_commit;
        let rng = match g.seed {
            Some(s) => IdRng::seeded(s),
            None => IdRng::from_os(),
        };
        Ok(Ctx {
            store,
            settings,
            now,
            today,
            format: g.format,
            reveal: g.reveal,
            dry_run: g.dry_run,
            commit,
            locale,
            locale_flag: g.locale,
            user: g
                .by
                .clone()
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| "desk".to_string()),
            out: Out::default(),
            command_line: g.command_line.clone(),
            command_path: g.command_path.clone(),
            clock: system_now,
            revealed: RefCell::new(Default::default()),
            lock_wait: Duration::from_millis(g.lock_wait_ms.unwrap_or(5000)),
            started: system_now,
            locked: std::cell::Cell::new(false),
            rng: RefCell::new(rng),
            request: g.request.clone(),
        })
    }

    pub fn root(&self) -> &Path {
        self.store.root()
    }

    /// `amount`, typed as `what`, if it is no more than the office's ceiling for its
    /// `kind` (`[limits]`): a slip of 1800000 for 1800.00 is refused where it is typed.
    pub fn amount(
        &self,
        what: &str,
        kind: crate::model::plausible::AmountKind,
        amount: crate::model::money::Money,
    ) -> Result<crate::model::money::Money> {
        self.settings
            .config
            .limits
            .check(kind, amount)
            .map_err(|e| implausible(what, &e.to_string()))
    }

    /// Whether the command took the office lock (a writer).
    pub fn wrote(&self) -> bool {
        self.locked.get()
    }

    /// Now with the office's UTC offset, as history entries record it.
    pub fn stamp(&self) -> DateTime<FixedOffset> {
        self.now.fixed_offset()
    }

    /// Takes the office lock for a mutating command, waiting up to
    /// `PROPDESK_LOCK_WAIT_MS` (5 s) for another writer, then failing with exit 75.
    /// What the command held back for a reader is printed now: a writer prints as
    /// it goes.
    pub fn lock(&self) -> Result<Lock> {
        self.out.release()?;
        let lock = self.take_lock()?;
        if let Some((key, fingerprint)) = &self.request
            && !self.dry_run
            && let Some(note) = store::request::read(self.root(), key)?
        {
            return Err(self.repeat(key, fingerprint, &note));
        }
        Ok(lock)
    }

    /// The office lock, described by who holds it.
    /// The office lock, naming this command as its holder. A command that took it
    /// is a writer: it is never run again as a reader is.
    fn take_lock(&self) -> Result<Lock> {
        self.locked.set(true);
        let holder = format!(
            "pid {}, user {}, started {}, running `{}`",
            std::process::id(),
            self.user,
            self.started
                .with_timezone(&self.now.timezone())
                .format("%Y-%m-%d %H:%M:%S %:z"),
            self.command_line,
        );
        Lock::acquire(&self.store, &holder, self.lock_wait)
    }

    /// A request found done: commits what it saved if its commit never happened,
    /// prints what it printed, and says so; a key used by another command is refused.
    fn repeat(&self, key: &str, fingerprint: &str, note: &store::request::Note) -> Error {
        if note.fingerprint != fingerprint {
            return Error::usage(format!(
                "--request {key} was used by another command ({}, at {} by {})",
                note.command, note.at, note.by
            ))
            .with_hint("give each change its own key; a retry repeats the command exactly");
        }
        if self.commit {
            self.commit_paths(&[], &note.message);
        }
        let printed = note
            .output
            .clone()
            .unwrap_or_else(|| store::request::files_of(note));
        if let Err(e) = self.out.print(&printed) {
            return e;
        }
        Error::repeated(format!(
            "request {key} was done at {} by {}: nothing done again",
            note.at, note.by
        ))
    }

    /// After the command: keeps what it printed in its request's note.
    pub fn finish_request(&self) {
        if let (Some((key, _)), Some(printed)) = (&self.request, self.out.kept()) {
            store::request::keep_output(self.root(), key, &printed);
        }
    }

    /// The command's random source (pinned by `PROPDESK_SEED`), for a step that draws
    /// a number of its own, as a receipt's.
    pub fn rng(&self) -> std::cell::RefMut<'_, IdRng> {
        self.rng.borrow_mut()
    }

    /// A new ID of `kind` dated today whose file does not exist yet; `path_of` gives
    /// the file of an ID. Reads no directory.
    pub fn new_id(&self, kind: IdKind, path_of: impl Fn(&str) -> PathBuf) -> Result<String> {
        let mut rng = self.rng.borrow_mut();
        for _ in 0..100 {
            let id = ids::allocate(kind, self.today, &mut rng);
            if !self.store.exists(&path_of(&id)) {
                return Ok(id);
            }
        }
        Err(Error::data("could not find a free ID after 100 tries")
            .with_hint("run `propdesk check`"))
    }

    /// Writes `changes` (all or nothing), or with `--dry-run` shows them; commits them
    /// with `--commit` or `[git] auto_commit`. Says on stderr what it changed.
    pub fn save(&self, lock: &Lock, changes: &Changes) -> Result<()> {
        if self.dry_run {
            let (text, revealed) = describe_dry_run(changes, self.reveal);
            for r in revealed {
                self.note_revealed(r);
            }
            return self.print(&text);
        }
        if self.commit {
            // Noted before the save: what a command killed before its commit leaves
            // is committed by the next commit (`pending_commits`).
            note_pending(self.root(), &changes.paths());
        }
        match self.request_note(changes)? {
            Some(with_note) => store::txn::apply(&self.store, lock, &with_note)?,
            None => store::txn::apply(&self.store, lock, changes)?,
        }
        store::halt_point("saved");
        let created = changes.entries.iter().filter(|c| c.old.is_none()).count();
        if changes.entries.len() > 20 {
            // A run over the whole office: a count, not thousands of lines.
            eprintln!(
                "created {created} and updated {} files",
                changes.entries.len() - created
            );
        } else {
            for c in &changes.entries {
                let verb = if c.old.is_none() {
                    "created"
                } else {
                    "updated"
                };
                eprintln!("{verb} {}", store::shown(&c.rel));
            }
        }
        if self.commit && !changes.is_empty() {
            self.commit_paths(&changes.paths(), &changes.message);
        }
        Ok(())
    }

    /// `changes` with the request's note added, written in the same transaction so
    /// that the note exists exactly when the change does.
    fn request_note(&self, changes: &Changes) -> Result<Option<Changes>> {
        let Some((key, fingerprint)) = &self.request else {
            return Ok(None);
        };
        let note = store::request::Note {
            fingerprint: fingerprint.clone(),
            command: match self.command_line.split_once(' ') {
                Some((_program, rest)) => format!("propdesk {rest}"),
                None => "propdesk".to_string(),
            },
            at: self.now.format("%Y-%m-%d %H:%M:%S").to_string(),
            by: self.user.clone(),
            files: changes.paths().iter().map(|p| store::shown(p)).collect(),
            message: changes.message.clone(),
            output: None,
        };
        let mut with_note = changes.clone();
        with_note.put(
            &self.store,
            store::request::rel_path(key),
            store::request::to_bytes(&note),
        )?;
        self.out.keep();
        Ok(Some(with_note))
    }

    /// This desk's code: its own (`PROPDESK_DESK`, `git config propdesk.desk`), else
    /// `[git] desk`; empty when none is set.
    pub fn desk(&self) -> String {
        store::git::desk(self.root())
            .unwrap_or_else(|| self.settings.config.git.desk.trim().to_string())
    }

    /// Whether the office's once-a-day `job` runs at this desk (`[git] runs_on`); when
    /// not, says so on stderr.
    pub fn runs_here(&self, job: &str) -> bool {
        let on = self.settings.config.git.runs_on.trim();
        if on.is_empty() {
            return true;
        }
        let here = self.desk();
        if here == on {
            return true;
        }
        let here = match here.is_empty() {
            true => "this desk has no code".to_string(),
            false => format!("this is desk {here}"),
        };
        eprintln!("{job}: runs on desk {on} ([git] runs_on in office.toml); {here}: nothing done");
        false
    }

    /// Commits `paths` (saved already) as the clerk at this desk. The change is saved
    /// whatever git says: a failure is a warning naming what to run, never an error,
    /// so that a script retrying the command does not write it twice.
    pub fn commit_paths(&self, paths: &[std::path::PathBuf], message: &str) {
        // With what an earlier command saved and did not commit (of what it noted,
        // what git still sees changed: a write refused never landed).
        let mut paths = paths.to_vec();
        let noted = pending_commits(self.root());
        for p in store::git::uncommitted(self.root(), &noted) {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
        if paths.is_empty() {
            return;
        }
        let paths = paths.as_slice();
        let git = &self.settings.config.git;
        let desk = self.desk();
        let message = match desk.as_str() {
            "" => message.to_string(),
            desk => format!("[desk {desk}] {message}"),
        };
        let done = store::git::identity(self.root(), &self.user, &git.author)
            .and_then(|who| store::git::commit(self.root(), paths, &message, &who));
        match done {
            Ok(()) => {
                store::halt_point("committed");
                let _ = std::fs::remove_file(self.root().join(PENDING));
                eprintln!("committed: {message}")
            }
            Err(e) => {
                eprintln!(
                    "warning: the change is saved but not committed: {}",
                    e.message
                );
                let hint = e.hint.unwrap_or_else(|| {
                    format!(
                        "commit it with `git -C {} add --all && git -C {} commit`",
                        self.root().display(),
                        self.root().display()
                    )
                });
                eprintln!("hint: {hint}");
            }
        }
    }
}

/// How many records one reveal notes in their histories; a reveal of more (a whole
/// list) is in the log only, naming every record, so that `party list --reveal` over
/// 10,000 parties neither rewrites 10,000 files nor fills git with them.
pub const REVEAL_HISTORY_LIMIT: usize = 20;

/// A record whose phones or ID numbers a command shows in full with `--reveal`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Revealed {
    Party(String),
    Ticket(String),
    /// Another record (by its ID), as a dry run shows it: in the log only.
    Other(String),
}

impl Revealed {
    pub fn id(&self) -> &str {
        match self {
            Revealed::Party(id) | Revealed::Ticket(id) | Revealed::Other(id) => id,
        }
    }

    /// The record a file of the tree holds, by its folder and name.
    pub fn of_file(rel: &Path) -> Revealed {
        let id = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy())
        {
            Some(d) if d == Party::DIR => Revealed::Party(id),
            Some(d) if d == Ticket::DIR => Revealed::Ticket(id),
            _ => Revealed::Other(id),
        }
    }
}

/// How a command writes phones and ID numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// Masked: 138****5678.
    Masked,
    /// In full because `--reveal` asked: each record shown is logged.
    Revealed,
    /// In full because the office files this notice so (`[privacy] full_numbers_in`).
    Filed,
}

impl Numbers {
    pub fn full(self) -> bool {
        self != Numbers::Masked
    }
}

impl Ctx {
    /// How this command prints numbers: in full with `--reveal`, else masked.
    pub fn numbers(&self) -> Numbers {
        match self.reveal {
            true => Numbers::Revealed,
            false => Numbers::Masked,
        }
    }

    /// A party as shown under `numbers`: masked, or in full (a reveal noted for the
    /// log when it holds any number).
    pub fn shown_party(&self, p: &Party, numbers: Numbers) -> Party {
        let masked = crate::model::party::masked(p, false);
        if !numbers.full() {
            return masked;
        }
        if numbers == Numbers::Revealed && masked != *p {
            self.note_revealed(Revealed::Party(p.id.clone()));
        }
        p.clone()
    }

    /// Whether `record`, which holds numbers if `holds_any`, is shown with them in
    /// full under `numbers`; a reveal is noted for the log.
    pub fn full_numbers(&self, numbers: Numbers, record: Revealed, holds_any: bool) -> bool {
        if numbers == Numbers::Revealed && holds_any {
            self.note_revealed(record);
        }
        numbers.full()
    }

    /// Notes `record` as about to be shown in full: printing is held back until the
    /// reveal is logged ([`Ctx::log_reveals`], which [`Ctx::print`] calls).
    pub fn note_revealed(&self, record: Revealed) {
        self.revealed.borrow_mut().insert(record);
        self.out.withhold();
    }

    /// Prints `text`, once the reveals it shows are logged.
    pub fn print(&self, text: &str) -> Result<()> {
        self.log_reveals()?;
        self.out.print(text)
    }

    /// Records the reveals noted so far, before they are shown: one line in
    /// `.propdesk/reveal.log` naming every record, and (up to
    /// [`REVEAL_HISTORY_LIMIT`] records, not in a dry run) a `revealed` entry in each
    /// one's history, saved under the office lock. Anything that cannot be recorded
    /// refuses the reveal (exit 1), so every reveal is in the log. Call it from a
    /// command that does not hold the lock.
    pub fn log_reveals(&self) -> Result<()> {
        let revealed: Vec<Revealed> = std::mem::take(&mut *self.revealed.borrow_mut())
            .into_iter()
            .collect();
        if revealed.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = revealed.iter().map(Revealed::id).collect();
        let histories = !self.dry_run
            && revealed.len() <= REVEAL_HISTORY_LIMIT
            && revealed.iter().any(|r| !matches!(r, Revealed::Other(_)));
        // The histories are staged under the lock before the log line is written, so
        // that a record that cannot take its entry refuses the reveal unlogged.
        let staged = match histories {
            true => {
                let lock = self.take_lock()?;
                let changes = self.reveal_entries(&revealed)?;
                Some((lock, changes))
            }
            false => None,
        };
        let line = store::reveal::line(
            self.clock
                .with_timezone(&self.now.timezone())
                .fixed_offset(),
            &self.user,
            &self.command_line,
            &ids,
        );
        store::reveal::append(self.root(), &line)?;
        let shown = match ids.len() {
            n if n > 5 => format!("{n} records"),
            _ => ids.join(", "),
        };
        if let Some((lock, changes)) = staged {
            store::txn::apply(&self.store, &lock, &changes)?;
            drop(lock);
            eprintln!(
                "shown in full: {shown} (logged in {} and in the history)",
                store::reveal::LOG
            );
            if self.commit && !changes.is_empty() {
                self.commit_paths(&changes.paths(), &changes.message);
            }
        } else if self.dry_run {
            eprintln!(
                "shown in full: {shown} (logged in {}; a dry run writes no history)",
                store::reveal::LOG
            );
        } else {
            eprintln!(
                "shown in full: {shown} (logged in {}; more than {REVEAL_HISTORY_LIMIT} at once are not noted in each history)",
                store::reveal::LOG
            );
        }
        self.out.allow();
        Ok(())
    }

    /// A `revealed` entry in the history of each party and ticket revealed, read again
    /// under the lock.
    fn reveal_entries(&self, revealed: &[Revealed]) -> Result<Changes> {
        let command = format!("propdesk {}", self.command_path)
            .trim_end()
            .to_string();
        let note = match self.desk() {
            d if d.is_empty() => command.clone(),
            d => format!("{command}, desk {d}"),
        };
        let entry = Entry::new(self.stamp(), &self.user, REVEALED, Some(note));
        let ids: Vec<&str> = revealed.iter().map(Revealed::id).collect();
        let mut changes = Changes::new(format!("{}: revealed ({command})", ids.join(", ")));
        for r in revealed {
            match r {
                Revealed::Party(id) => {
                    let mut p: Party = self.store.get(id)?;
                    p.history.push(entry.clone());
                    changes.update(&self.store, &p)?;
                }
                Revealed::Ticket(id) => {
                    let mut t: Ticket = self.store.get(id)?;
                    t.history.push(entry.clone());
                    changes.update(&self.store, &t)?;
                }
                Revealed::Other(_) => {}
            }
        }
        Ok(changes)
    }
}

/// What `--dry-run` prints: each file that would change and how. The phones and ID
/// numbers of records are masked unless `reveal`; with it, the records shown holding
/// any are returned, for the reveal log.
pub fn describe_dry_run(changes: &Changes, reveal: bool) -> (String, Vec<Revealed>) {
    if changes.is_empty() {
        return ("dry run: nothing would change\n".to_string(), Vec::new());
    }
    let mut s = String::new();
    let mut revealed = Vec::new();
    for c in &changes.entries {
        let record = c.rel.extension().is_some_and(|e| e == "yaml");
        // A record's text as shown: masked, or in full and noted.
        let shown = |bytes: &[u8]| -> (String, bool) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            if !record {
                return (text, false);
            }
            let (masked, any) = crate::model::privacy::mask_yaml(&text);
            if reveal { (text, any) } else { (masked, false) }
        };
        let (new, mut full) = shown(&c.bytes);
        match &c.old {
            None => {
                s.push_str(&format!("would create {}\n", store::shown(&c.rel)));
                for l in new.lines() {
                    s.push_str(&format!("+ {l}\n"));
                }
            }
            Some(old) => {
                let (old, old_full) = shown(old);
                full |= old_full;
                s.push_str(&format!("would update {}\n", store::shown(&c.rel)));
                s.push_str(&line_diff(&old, &new));
            }
        }
        if full {
            revealed.push(Revealed::of_file(&c.rel));
        }
    }
    (s, revealed)
}

/// A plain line diff (longest common subsequence); records are small.
fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        }
    }
    out
}

/// `--office DIR`, else `PROPDESK_OFFICE` (both arrive in `explicit`), else the
/// nearest directory upwards from `cwd` holding `office.toml`.
pub fn find_office(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        let dir = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            cwd.join(dir)
        };
        if !dir.join(config::FILE_NAME).is_file() {
            return Err(Error::usage(format!(
                "{} is not an office: it has no {}",
                dir.display(),
                config::FILE_NAME
            ))
            .with_hint("create one with `propdesk init DIR`"));
        }
        return Ok(dir);
    }
    let mut dir = Some(cwd);
    while let Some(d) = dir {
        if d.join(config::FILE_NAME).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(Error::usage(format!(
        "no office found: no {} in {} or any folder above it",
        config::FILE_NAME,
        cwd.display()
    ))
    .with_hint(
        "pass --office DIR, set PROPDESK_OFFICE, or create an office with `propdesk init DIR`",
    ))
}

pub fn load_settings(root: &Path) -> Result<Settings> {
    let path = root.join(config::FILE_NAME);
    let text = store::read_record_text(&path, config::FILE_NAME)
        .map_err(|p| Error::usage(p.located()))?
        .ok_or_else(|| Error::usage(format!("{} is missing", path.display())))?;
    config::parse(&text, config::FILE_NAME)
}

/// `--now`: RFC 3339 (`2026-11-23T09:30:00+08:00`), or a local date-time in the office
/// zone (`2026-11-23T09:30`, `2026-11-23 09:30:00`).
pub fn parse_now(s: &str, tz: Tz) -> Result<DateTime<Tz>> {
    parse_time("--now", s, tz)?.ok_or_else(|| {
        Error::usage(format!(
            "invalid --now {s:?}: expected a date and time like 2026-11-23T09:30 or 2026-11-23T09:30:00+08:00"
        ))
    })
}

/// A date and time typed after `flag`: RFC 3339, or local in the office zone. `None`
/// when it is not written as either; an error when it is local and a clock change
/// makes it happen twice or never.
pub fn parse_time(flag: &str, s: &str, tz: Tz) -> Result<Option<DateTime<Tz>>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&tz)));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, f) {
            return local_time(flag, s, naive, tz).map(Some);
        }
    }
    Ok(None)
}

/// A local date and time in the office zone, as typed after `flag` (`s`): refused,
/// with both readings, when the clocks go back over it (it happens twice), and when
/// they go forward over it (it never happens).
pub fn local_time(flag: &str, s: &str, naive: NaiveDateTime, tz: Tz) -> Result<DateTime<Tz>> {
    use chrono::LocalResult;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t),
        // Which of the two is for the clerk to say, never for propdesk to guess.
        LocalResult::Ambiguous(a, b) => Err(Error::usage(format!(
            "{flag} {s:?} happens twice in {} (the clocks go back): {} or {}",
            tz.name(),
            a.to_rfc3339(),
            b.to_rfc3339()
        ))
        .with_hint("give the offset of the one meant, as either of the two above")),
        LocalResult::None => Err(Error::usage(format!(
            "{flag} {s:?} does not exist in {} (the clocks go forward over it)",
            tz.name()
        ))
        .with_hint("give a time after the change, or with its offset")),
    }
}

/// `--date`: `2026-11-23`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        Error::usage(format!(
            "invalid date {s:?}: expected YYYY-MM-DD like 2026-11-23"
        ))
    })
}

/// A value typed as `what` that no record may hold (`reason` says why), and where
/// the office sets the bounds.
pub fn implausible(what: &str, reason: &str) -> Error {
    Error::usage(format!("{what}: {reason}")).with_hint(
        "check what was typed; if the office really needs it, widen [office] earliest and horizon, or [limits], in office.toml",
    )
}

/// The files saved by `--commit` writes and not committed yet, one path a line.
const PENDING: &str = ".propdesk/to-commit";

/// Notes `paths` as to be committed (before they are saved).
fn note_pending(root: &std::path::Path, paths: &[std::path::PathBuf]) {
    use std::io::Write;
    let file = root.join(PENDING);
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
    {
        let text: String = paths
            .iter()
            .map(|p| format!("{}\n", store::shown(p)))
            .collect();
        let _ = f.write_all(text.as_bytes());
    }
}

/// The files `--commit` writes saved and did not commit (killed, or git refused).
pub fn pending_commits(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let text = std::fs::read_to_string(root.join(PENDING)).unwrap_or_default();
    let mut out: Vec<std::path::PathBuf> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p = std::path::PathBuf::from(line);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_read_in_the_office_zone_never_the_machine_zone() {
        let tz = chrono_tz::Asia::Shanghai;
        let t = parse_now("2026-11-23T09:30", tz).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T09:30:00+08:00");
        // 20:00 UTC on the 22nd is already the 23rd in Shanghai.
        let t = parse_now("2026-11-22T20:00:00Z", tz).unwrap();
        assert_eq!(
            t.date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert!(
            parse_now("tomorrow", tz)
                .unwrap_err()
                .message
                .contains("\"tomorrow\"")
        );
        assert!(parse_date("2026-13-01").is_err());
    }

    #[test]
    fn a_local_time_a_clock_change_makes_twice_or_never_is_refused_with_both_readings() {
        let tz = chrono_tz::Europe::London;
        let e = parse_now("2026-10-25T01:30", tz).unwrap_err();
        assert_eq!(
            e.message,
            "--now \"2026-10-25T01:30\" happens twice in Europe/London (the clocks go back): \
             2026-10-25T01:30:00+01:00 or 2026-10-25T01:30:00+00:00"
        );
        // Either reading, given with its offset, is taken.
        let t = parse_now("2026-10-25T01:30:00+00:00", tz).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T01:30:00+00:00");
        let e = parse_now("2026-03-29T01:30", tz).unwrap_err();
        assert!(
            e.message.contains("does not exist in Europe/London"),
            "{}",
            e.message
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn the_office_is_found_upwards() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("office.toml"), "name = \"x\"\n").unwrap();
        let deep = d.path().join("units/a");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_office(None, &deep).unwrap(), d.path());
        let other = tempfile::tempdir().unwrap();
        let e = find_office(None, other.path()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = find_office(Some(other.path()), d.path()).unwrap_err();
        assert!(e.message.contains("is not an office"));
    }

    #[test]
    fn dry_run_shows_lines_added_and_removed() {
        assert_eq!(line_diff("a\nb\nc\n", "a\nB\nc\nd\n"), "- b\n+ B\n+ d\n");
    }
}
