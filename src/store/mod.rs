//! The store: the only code that touches the office tree.
//!
//! Reading: one record per file, path derived from the ID; regular files only, at most
//! 1 MiB, a byte-order mark stripped, the ID inside must match the file name. Files
//! whose names start with a dot (temp files, the `.propdesk/` folder) and editor
//! backups are never records.
//!
//! Writing goes through [`txn`]: the office lock, staged [`Changes`], a journal that
//! makes a change of several files all-or-nothing, atomic publication of each file,
//! and optionally a git commit of exactly the changed files.

pub mod canonical;
pub mod conflict;
pub mod git;
pub mod index;
pub mod request;
pub mod reveal;
pub mod txn;
pub mod yaml;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result, one_line};

pub use txn::{Changes, Lock};

/// The largest record file propdesk will read.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// Where propdesk keeps its own working files (lock, journal); never committed.
pub const WORK_DIR: &str = ".propdesk";

/// A problem found in a file: `path:line: message` and a hint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(path: &str, line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_string(),
            line,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line: message`, on one line: a newline or another control character in
    /// a value the message quotes (or in a file name) is escaped.
    pub fn located(&self) -> String {
        let (path, message) = (one_line(&self.path), one_line(&self.message));
        match self.line {
            Some(l) => format!("{path}:{l}: {message}"),
            None => format!("{path}: {message}"),
        }
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Error {
        let e = Error::data(p.located());
        match p.hint {
            Some(h) => e.with_hint(h),
            None => e,
        }
    }
}

use crate::model::ledger::{Ledger, book_path};
pub use crate::model::record::Record;

/// The office tree on disk.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// A committed change whose files were still being published when the store was
    /// opened (a writer at work, or killed after its commit): each target with the temp
    /// file holding its new text. Reads see the change whole through it; the next
    /// writer completes it on disk.
    pending: Arc<Vec<(PathBuf, PathBuf)>>,
    /// The office's state when it was opened, to tell whether a change landed while a
    /// reader read ([`Store::settled`]).
    opened: Arc<Snapshot>,
}

/// What tells one committed state of the office from the next: the generation every
/// change bumps once it is published, and a committed journal still being published.
type Snapshot = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The file a writer rewrites each time a change has been published (a few bytes, no
/// fsync: it only tells a reader that it read while the office changed).
const GENERATION: &str = "generation";

/// Marks the office as changed, for readers that read meanwhile ([`Store::settled`]).
pub fn bump_generation(root: &Path) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let stamp = format!(
        "{} {} {:?}\n",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
    );
    let _ = fs::write(root.join(WORK_DIR).join(GENERATION), stamp);
}

impl Store {
    /// Opens the tree at `root` to read it. Nothing is written and no lock is taken,
    /// so reading never waits for a writer and works on a read-only copy: a change
    /// in preparation is not seen, one committed and still being published is seen
    /// whole (see [`txn::pending`]). A writer completes what a killed writer left
    /// when it takes the lock.
    pub fn open(root: &Path) -> Result<Store> {
        let mut store = Store {
            root: root.to_path_buf(),
            pending: Arc::default(),
            opened: Arc::default(),
        };
        store.opened = Arc::new(store.snapshot());
        store.pending = Arc::new(txn::pending(&store));
        Ok(store)
    }

    /// The generation, then a committed journal (in that order: see [`Store::settled`]).
    fn snapshot(&self) -> Snapshot {
        let generation = fs::read(self.root.join(WORK_DIR).join(GENERATION)).ok();
        let journal = txn::journal_bytes(self).filter(|j| txn::is_committed(j));
        (generation, journal)
    }

    /// Whether the office is in the state it was in when opened: no change was
    /// published since, and none is being published that was not already. A reader
    /// whose store is not settled may have seen part of a change, and reads again.
    pub fn settled(&self) -> bool {
        self.snapshot() == *self.opened
    }

    /// The file to read for `rel`: the new text of a committed change still being
    /// published, else the file itself.
    fn read_path(&self, rel: &Path) -> PathBuf {
        if let Some((_, temp)) = self.pending.iter().find(|(t, _)| t == rel) {
            let temp = self.root.join(temp);
            if fs::symlink_metadata(&temp).is_ok() {
                return temp;
            }
        }
        self.root.join(rel)
    }

    /// The files a committed change was still putting in place when the store was
    /// opened (read from its temp files: see [`Store::open`]).
    pub fn pending_files(&self) -> Vec<PathBuf> {
        self.pending
            .iter()
            .map(|(target, _)| target.clone())
            .collect()
    }

    /// The names of files a committed change is still adding to the folder `rel`.
    fn pending_names(&self, rel: &Path) -> Vec<String> {
        self.pending
            .iter()
            .filter(|(target, _)| target.parent() == Some(rel))
            .filter_map(|(target, _)| target.file_name()?.to_str().map(str::to_string))
            .collect()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn abs(&self, rel: &Path) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &Path) -> bool {
        self.pending.iter().any(|(t, _)| t == rel) || fs::symlink_metadata(self.abs(rel)).is_ok()
    }

    /// Reads a record file's text: regular files only, size-capped, BOM stripped.
    /// `Ok(None)` when there is no such file.
    pub fn read_text(&self, rel: &Path) -> Result<Option<String>, Problem> {
        read_record_text(&self.read_path(rel), &shown(rel))
    }

    /// [`Store::read_text`], with the file's size and time as they were before it was
    /// read (what the derived index records of it).
    pub fn read_text_stamped(&self, rel: &Path) -> Result<Option<(String, index::Stamp)>, Problem> {
        read_record(&self.read_path(rel), &shown(rel))
    }

    /// Loads the record with `id`, or `Ok(None)` if there is none.
    pub fn load<T: Record>(&self, id: &str) -> Result<Option<T>> {
        // An ID with a path trick (`../../x`, written into a record by hand) names no
        // record of this office, and is never turned into a path.
        if crate::model::ids::validate(id).is_err() {
            return Ok(None);
        }
        let rel = T::rel_path(id);
        let Some(text) = self.read_text(&rel)? else {
            return Ok(None);
        };
        let record: T = yaml::from_yaml(&text, &shown(&rel))?;
        check_id_matches(&record, &rel)?;
        Ok(Some(record))
    }

    /// Checks an ID that `record` names in `field` (`unit: A-101`) before it is used:
    /// one that cannot be an ID (`../../x`, edited in by hand) names no record and is
    /// refused with the record's file and line and the value as written.
    pub fn check_reference<T: Record>(&self, record: &T, field: &str, id: &str) -> Result<()> {
        let Err(e) = crate::model::ids::validate(id) else {
            return Ok(());
        };
        let rel = record.path();
        let key = format!("{field}:");
        let line = self.read_text(&rel).ok().flatten().and_then(|text| {
            text.lines()
                .position(|l| l.starts_with(&key))
                .map(|i| i + 1)
        });
        Err(Problem::new(
            &shown(&rel),
            line,
            format!("invalid {field} {}: {}", crate::error::quote(id), e.reason),
        )
        .with_hint(format!(
            "write the ID of a {field} of this office in `{field}:`; `propdesk check` lists every such problem"
        ))
        .into())
    }

    /// The record `from` names in `field`, checked as [`Store::check_reference`] does.
    pub fn get_named<R: Record, T: Record>(&self, from: &T, field: &str, id: &str) -> Result<R> {
        self.check_reference(from, field, id)?;
        self.get(id)
    }

    /// The first folder on the way to `rel` that is a symbolic link, if any: records
    /// are read and written only inside the office tree, never through a link out.
    pub fn linked_folder(&self, rel: &Path) -> Option<PathBuf> {
        let mut at = PathBuf::new();
        for c in rel.parent()?.components() {
            at.push(c);
            let link = fs::symlink_metadata(self.root.join(&at))
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            if link {
                return Some(at);
            }
        }
        None
    }

    /// Loads the record with `id` or fails with "no unit A-1203".
    pub fn get<T: Record>(&self, id: &str) -> Result<T> {
        self.load(id)?.ok_or_else(|| Error::not_found(T::WHAT, id))
    }

    /// The IDs of the records in a flat record folder, from file names only.
    pub fn list_ids(&self, dir: &str) -> Result<Vec<String>> {
        let abs = self.root.join(dir);
        let entries = match fs::read_dir(&abs) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read", &abs, &e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read", &abs, &e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = record_stem(name) {
                ids.push(id.to_string());
            }
        }
        for name in self.pending_names(Path::new(dir)) {
            if let Some(id) = record_stem(&name) {
                ids.push(id.to_string());
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The record files of `T`: `(id, path)` sorted by ID. Dated folders
    /// (`tickets/2026/11/`) are walked; only file names are read.
    pub fn list_files<T: Record>(&self) -> Result<Vec<(String, PathBuf)>> {
        if T::DEPTH == 0 {
            return Ok(self
                .list_ids(T::DIR)?
                .into_iter()
                .map(|id| {
                    let rel = Path::new(T::DIR).join(format!("{id}.yaml"));
                    (id, rel)
                })
                .collect());
        }
        let mut out = Vec::new();
        self.walk(Path::new(T::DIR), T::DEPTH, &mut out)?;
        out.sort();
        Ok(out)
    }

    fn walk(&self, rel: &Path, depth: u32, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
        let abs = self.root.join(rel);
        let entries = match fs::read_dir(&abs) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("read", &abs, &e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read", &abs, &e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if is_ignored(name) {
                continue;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir && depth > 0 {
                self.walk(&rel.join(name), depth - 1, out)?;
            } else if let Some(id) = record_stem(name) {
                out.push((id.to_string(), rel.join(name)));
            }
        }
        for name in self.pending_names(rel) {
            if let Some(id) = record_stem(&name) {
                let file = rel.join(&name);
                if !out.iter().any(|(_, f)| *f == file) {
                    out.push((id.to_string(), file));
                }
            }
        }
        Ok(())
    }

    /// Loads the record in the file at `rel`, which must be named after its ID.
    pub fn load_file<T: Record>(&self, rel: &Path) -> Result<T> {
        let text = self
            .read_text(rel)?
            .ok_or_else(|| Error::data(format!("{}: disappeared while reading", shown(rel))))?;
        let record: T = yaml::from_yaml(&text, &shown(rel))?;
        check_id_matches(&record, rel)?;
        Ok(record)
    }

    /// Every record of `T` about `unit` (see [`Record::unit`]), in ID order: a unit's
    /// permits, its move-outs. Found through the derived index ([`index`]), so the
    /// office's other records are not read.
    pub fn load_of_unit<T: Record>(&self, unit: &str) -> Result<Vec<T>> {
        if !self.pending.is_empty() {
            // The index knows the files on disk, not a change still being published.
            return self.load_each(|r: T| Ok((r.unit() == Some(unit)).then_some(r)));
        }
        let mut out = Vec::new();
        for (_, rel) in index::of_unit::<T>(self, unit)? {
            // The record says its unit, whatever the index remembered.
            let r: T = self.load_file(&rel)?;
            if r.unit() == Some(unit) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The records of `T` holding `what` ([`Record::holds`]: a parking permit's bay).
    pub fn load_holding<T: Record>(&self, what: &str) -> Result<Vec<T>> {
        if !self.pending.is_empty() {
            return self.load_each(|r: T| Ok(r.holds().iter().any(|h| h == what).then_some(r)));
        }
        let mut out = Vec::new();
        for (_, rel) in index::holding::<T>(self, what)? {
            // The record says what it holds, whatever the index remembered.
            let r: T = self.load_file(&rel)?;
            if r.holds().iter().any(|h| h == what) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The years of `unit`'s ledger books (`ledger/<unit>/<YYYY>.yaml`), oldest first.
    pub fn ledger_years(&self, unit: &str) -> Result<Vec<i32>> {
        let rel = Path::new(Ledger::DIR).join(unit);
        let abs = self.root.join(&rel);
        let entries = match fs::read_dir(&abs) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read", &abs, &e)),
        };
        let mut years = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read", &abs, &e))?;
            let name = entry.file_name();
            if let Some(year) = name.to_str().and_then(book_year) {
                years.push(year);
            }
        }
        years.extend(self.pending_names(&rel).iter().filter_map(|n| book_year(n)));
        years.sort_unstable();
        years.dedup();
        Ok(years)
    }

    /// The book of `unit`'s ledger for `year`, or else its latest book before that
    /// year (the caller carries it forward); `Ok(None)` when the unit has no book
    /// that early. A ledger still in the one-file layout is refused, pointing to
    /// `propdesk migrate`.
    pub fn ledger_book(&self, unit: &str, year: i32) -> Result<Option<Ledger>> {
        if crate::model::ids::validate(unit).is_err() {
            return Ok(None);
        }
        self.refuse_one_file_ledger(unit)?;
        let Some(year) = self
            .ledger_years(unit)?
            .into_iter()
            .rev()
            .find(|y| *y <= year)
        else {
            return Ok(None);
        };
        self.load_file::<Ledger>(&book_path(unit, year)).map(Some)
    }

    fn refuse_one_file_ledger(&self, unit: &str) -> Result<()> {
        let old = Ledger::rel_path(unit);
        if self.exists(&old) {
            return Err(one_file_ledger(&old).into());
        }
        Ok(())
    }

    /// For every unit with a ledger: the file of its book for `year`, or of its latest
    /// book before (none for a unit whose books all start later). Only names are read.
    pub fn ledger_books(&self, year: i32) -> Result<Vec<(String, PathBuf)>> {
        let mut out = Vec::new();
        for (name, is_dir) in self.folder_names(Path::new(Ledger::DIR))? {
            if !is_dir {
                if let Some(unit) = record_stem(&name) {
                    return Err(one_file_ledger(&Ledger::rel_path(unit)).into());
                }
                continue;
            }
            let book = self
                .ledger_years(&name)?
                .into_iter()
                .rev()
                .find(|y| *y <= year);
            if let Some(y) = book {
                out.push((name.clone(), book_path(&name, y)));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The names in a folder, and which are folders; none if there is no folder.
    fn folder_names(&self, rel: &Path) -> Result<Vec<(String, bool)>> {
        let abs = self.root.join(rel);
        let entries = match fs::read_dir(&abs) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read", &abs, &e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read", &abs, &e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if is_ignored(&name) {
                continue;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            out.push((name, is_dir));
        }
        Ok(out)
    }

    /// Loads every record of `T`, in parallel, sorted by ID. Every bad file is
    /// reported, not just the first.
    pub fn load_all<T: Record>(&self) -> Result<Vec<T>> {
        self.load_each(|record: T| Ok(Some(record)))
    }

    /// Reads every record of `T` in parallel and keeps only what `keep` makes of each
    /// (a row, a total, the few records that need work), in ID order: ten years of
    /// ledgers are read without holding them all at once. Every bad file is reported.
    pub fn load_each<T: Record, R: Send>(
        &self,
        keep: impl Fn(T) -> Result<Option<R>> + Sync,
    ) -> Result<Vec<R>> {
        let files = self.list_files::<T>()?;
        self.load_files_each(files, keep)
    }

    /// [`Store::load_each`] over the files given: `(id, path)`, in that order.
    pub fn load_files_each<T: Record, R: Send>(
        &self,
        files: Vec<(String, PathBuf)>,
        keep: impl Fn(T) -> Result<Option<R>> + Sync,
    ) -> Result<Vec<R>> {
        use rayon::prelude::*;
        // What is dropped is dropped in the worker: a slot per file read would hold
        // hundreds of bytes for each of the office's records.
        let results: Vec<Result<R>> = files
            .par_iter()
            .filter_map(|(_, rel)| self.load_file::<T>(rel).and_then(&keep).transpose())
            .collect();
        drop(files);
        let mut records = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(rec) => records.push(rec),
                Err(e) => errors.push(e.message),
            }
        }
        if !errors.is_empty() {
            return Err(Error::data(errors.join("\n"))
                .with_hint("run `propdesk check` to see every problem in the office"));
        }
        Ok(records)
    }
}

/// The year of a ledger book's file name, `2026.yaml`.
pub fn book_year(name: &str) -> Option<i32> {
    let stem = name.strip_suffix(".yaml")?;
    if stem.len() != 4 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

/// A ledger of the one-file layout of propdesk before books per year.
pub fn one_file_ledger(rel: &Path) -> Problem {
    Problem::new(
        &shown(rel),
        None,
        "a ledger in the one-file layout: this version keeps a unit's ledger in books per \
         year, ledger/<UNIT>/<YYYY>.yaml",
    )
    .with_hint("run `propdesk migrate` once to split every such ledger into its year books")
}

/// The path as shown in messages: relative, with forward slashes.
pub fn shown(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// The ID of a record file name, or `None` for anything that is not a record: dot
/// files (propdesk's temp files), editor backups and swap files, other extensions.
pub fn record_stem(name: &str) -> Option<&str> {
    if is_ignored(name) {
        return None;
    }
    name.strip_suffix(".yaml")
}

/// Names that are never records and never reported: hidden and temp files, editor
/// backups (`x.yaml~`, `#x.yaml#`, `x.yaml.swp`, `x.yaml.bak`, `x.yaml.orig`).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swo", ".bak", ".orig", ".tmp", ".rej"]
            .iter()
            .any(|s| name.ends_with(s))
}

pub fn read_record_text(abs: &Path, shown: &str) -> Result<Option<String>, Problem> {
    Ok(read_record(abs, shown)?.map(|(text, _)| text))
}

fn read_record(abs: &Path, shown: &str) -> Result<Option<(String, index::Stamp)>, Problem> {
    let meta = match fs::symlink_metadata(abs) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Problem::new(shown, None, format!("cannot read: {e}"))),
    };
    if !meta.file_type().is_file() {
        return Err(
            Problem::new(shown, None, "not a regular file (a link or a folder)")
                .with_hint("records must be plain files; replace the link with the file itself"),
        );
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(Problem::new(
            shown,
            None,
            format!(
                "file is {} bytes; a record may have at most {MAX_RECORD_BYTES}",
                meta.len()
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(abs)
        .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Problem::new(shown, None, format!("cannot read: {e}")))?;
    // Notepad's "Unicode" is UTF-16, told by its byte-order mark.
    let utf16 = [[0xff, 0xfe], [0xfe, 0xff]]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if utf16 {
        return Err(Problem::new(
            shown,
            Some(1),
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8",
        )
        .with_hint("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Problem::new(shown, Some(line), "not valid UTF-8 text")
            .with_hint("save the file as UTF-8 (not GBK)")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if let Some((line, conflicts)) = conflict_markers(&text) {
        return Err(unresolved_conflict(shown, line, conflicts));
    }
    Ok(Some((text, index::Stamp::of(&meta))))
}

/// The line of the first git conflict marker in `text` (the first `<<<<<<<` if there
/// is one) and how many conflicts the file holds: what a merge leaves in a file both
/// desks changed, and what a blind `git commit -a` commits. No record has such a line:
/// YAML's own text is indented under its key or quoted.
fn conflict_markers(text: &str) -> Option<(usize, usize)> {
    let (mut open, mut any, mut conflicts) = (None, None, 0);
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        };
        if marker("<<<<<<<") {
            conflicts += 1;
            open.get_or_insert(i + 1);
        } else if line == "=======" || marker(">>>>>>>") || marker("|||||||") {
            any.get_or_insert(i + 1);
        }
    }
    open.or(any).map(|line| (line, conflicts.max(1)))
}

fn unresolved_conflict(shown: &str, line: usize, conflicts: usize) -> Problem {
    let count = match conflicts {
        1 => "1 conflict".to_string(),
        n => format!("{n} conflicts, the first here"),
    };
    Problem::new(
        shown,
        Some(line),
        format!("unresolved git merge conflict: <<<<<<< ======= >>>>>>> markers ({count})"),
    )
    .with_hint(format!(
        "keep one side with `git checkout --ours -- {shown}` or `--theirs` (after a \
         committed merge: `git checkout HEAD^1 -- {shown}` or `HEAD^2`) and redo the other \
         desk's change with propdesk, or edit the file (or `git mergetool`) and delete the \
         marker lines; then `propdesk check`, `git add`, commit"
    ))
}

fn check_id_matches<T: Record>(record: &T, rel: &Path) -> Result<(), Problem> {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if T::DIR == crate::model::ledger::Ledger::DIR {
        let expected = record.path();
        if expected != rel {
            return Err(Problem::new(
                &shown(rel),
                Some(1),
                format!(
                    "`unit: {}` and its `year:` name the book {}, not this file",
                    record.id(),
                    shown(&expected)
                ),
            )
            .with_hint(
                "a unit's book for a year is ledger/<UNIT>/<YYYY>.yaml; fix `unit:` and `year:` or move the file",
            ));
        }
        return Ok(());
    }
    if record.id() != stem {
        return Err(Problem::new(
            &shown(rel),
            Some(1),
            format!("id {:?} does not match the file name {stem:?}", record.id()),
        )
        .with_hint("a record's file is named after its ID; rename the file or fix the id"));
    }
    Ok(())
}

/// Canonical YAML text of a record, as the store writes it.
pub fn record_text<T: Record>(record: &T) -> Result<String> {
    yaml::to_yaml(record)
        .map_err(|e| Error::data(format!("cannot write {} {}: {e}", T::WHAT, record.id())))
}

/// Where a test may stop propdesk dead, as a kill would: `PROPDESK_HALT_AT=<point>`
/// aborts the process there (no unwinding, no cleanup). The points: `prepared` (the
/// journal says prepare, temp files written), `committing` (the journal says commit,
/// nothing published), `published` (in place, the journal not yet removed), `saved`
/// (the change saved, not committed to git), `committed` (committed to git, the
/// pending list not yet cleared), and `read` (a reader, after it read and before it
/// printed). `PROPDESK_PAUSE_AT=<point>` sleeps there instead,
/// for `PROPDESK_PAUSE_MS` (5,000 by default), holding the lock: a writer caught in
/// the act, for the tests of what other commands do meanwhile.
pub fn halt_point(point: &str) {
    if std::env::var_os("PROPDESK_HALT_AT").is_some_and(|p| p == point) {
        std::process::abort();
    }
    if std::env::var_os("PROPDESK_PAUSE_AT").is_some_and(|p| p == point) {
        let ms = std::env::var("PROPDESK_PAUSE_MS")
            .ok()
            .and_then(|m| m.parse().ok())
            .unwrap_or(5000);
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_is_settled_until_a_change_is_published_or_committed() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join(WORK_DIR)).unwrap();
        let store = Store::open(d.path()).unwrap();
        assert!(store.settled());
        // A change being prepared is not a change yet.
        let journal = d.path().join(WORK_DIR).join("journal");
        fs::write(&journal, "propdesk-journal 1\nprepare\n").unwrap();
        assert!(store.settled());
        // Committed, it is (the reader may have read some of its files).
        fs::write(&journal, "propdesk-journal 1\ncommit\n").unwrap();
        assert!(!store.settled());
        fs::remove_file(&journal).unwrap();
        assert!(store.settled());
        bump_generation(d.path());
        assert!(!store.settled());
        let again = Store::open(d.path()).unwrap();
        assert!(again.settled());
    }

    #[test]
    fn conflict_markers_are_found_on_their_line_and_counted() {
        let merged = "id: A-1\n<<<<<<< HEAD\nstatus: vacant\n=======\nstatus: occupied\n>>>>>>> 5e1f\nhistory:\n<<<<<<< HEAD\n- x\n||||||| base\n=======\n- y\n>>>>>>> 5e1f\n";
        assert_eq!(conflict_markers(merged), Some((2, 2)));
        // Half cleaned by hand: the stray separator is still a conflict.
        assert_eq!(conflict_markers("id: A-1\r\n=======\r\n"), Some((2, 1)));
        for clean in [
            "id: A-1\nnote: \"<<<<<<< HEAD\"\n",
            "id: A-1\nnote: |\n  =======\n",
            "id: A-1\nnote: ========\n",
            "<<<<<<<<\n",
        ] {
            assert_eq!(conflict_markers(clean), None, "{clean:?}");
        }
    }
}
