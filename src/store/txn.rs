//! Writing: the office lock, staged changes, and the journal that makes a change of
//! several files all-or-nothing.
//!
//! A mutating command takes the office lock (`.propdesk/lock`; the kernel releases it
//! if the holder dies), stages every file it changes in [`Changes`], and [`apply`]s
//! them:
//!
//! 1. the journal (`.propdesk/journal`) is written in state `prepare`, naming every
//!    temp file and its target;
//! 2. each new text goes to a temp file beside its target (a dot file, which no reader
//!    treats as a record), is flushed and fsynced;
//! 3. the journal is rewritten in state `commit`: from here the change has happened;
//! 4. each temp file is published: a new record by hard link (never overwriting a file
//!    that appeared meanwhile), a changed one by rename; the directories are fsynced;
//!    the journal is removed.
//!
//! A writer killed before step 3 leaves a `prepare` journal: the next command deletes
//! its temp files and nothing changed. Killed after it, the next command finishes the
//! publication. Any write, fsync or close error before step 3 removes the temp files
//! and fails the command with nothing changed.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::store::{Record, Store, WORK_DIR, record_text, shown};

const JOURNAL: &str = "journal";
const LOCK: &str = "lock";

/// The office lock, held for the whole of a mutating command.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the office lock, waiting up to `wait` for another writer to finish, then
    /// completes anything a killed writer left half done.
    pub fn acquire(store: &Store, holder: &str, wait: Duration) -> Result<Lock> {
        let dir = store.root().join(WORK_DIR);
        fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, &e))?;
        let path = dir.join(LOCK);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io("open the office lock", &path, &e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let mut who = String::new();
                    let _ = file.read_to_string(&mut who);
                    return Err(busy(who.trim(), wait));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(Error::io("lock", &path, &e));
                }
            }
        }
        // Who holds it, for the message another writer sees.
        // Overwrite, then cut to length: a reader never sees an empty file.
        let _ = file.seek(std::io::SeekFrom::Start(0));
        let _ = file.write_all(holder.as_bytes());
        let _ = file.set_len(holder.len() as u64);
        let _ = file.flush();
        let lock = Lock { _file: file };
        recover(store)?;
        Ok(lock)
    }
}

/// The error of a writer that waited `wait` for the lock held by `who` (what the
/// holder wrote into the lock file: its pid, user, start and whole command).
fn busy(who: &str, wait: Duration) -> Error {
    let who = if who.is_empty() {
        "another propdesk command (it did not say which)"
    } else {
        who
    };
    Error::busy(format!(
        "the office is busy: {who}; waited {} ms for it, nothing was done",
        wait.as_millis()
    ))
    .with_hint(format!(
        "run the command again when that one has finished (exit code {} means: try again later); \
         PROPDESK_LOCK_WAIT_MS sets how long to wait; a lock whose holder died is released by itself",
        crate::error::EXIT_BUSY
    ))
}

/// One file a command changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
    /// The text it replaces; `None` for a new file.
    pub old: Option<Vec<u8>>,
}

/// Everything a command changes, staged before anything is written.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub entries: Vec<Change>,
    /// What happened, for the commit message: "unit A-1203: added".
    pub message: String,
}

/// The most propdesk writes to one file: three quarters of what a record may have
/// ([`super::MAX_RECORD_BYTES`]), so that no write leaves a record the office's next
/// command cannot read.
pub const WRITE_LIMIT_BYTES: u64 = super::MAX_RECORD_BYTES / 4 * 3;

/// Refuses a write of `len` bytes to `rel` beyond [`WRITE_LIMIT_BYTES`]: nothing is
/// written, and the record stays readable.
fn within_limit(rel: &Path, len: usize) -> Result<()> {
    if len as u64 <= WRITE_LIMIT_BYTES {
        return Ok(());
    }
    Err(Error::data(format!(
        "{} would be {len} bytes: propdesk writes no file over {WRITE_LIMIT_BYTES} bytes \
         (three quarters of the {} a record may have), so nothing was written",
        shown(rel),
        super::MAX_RECORD_BYTES
    ))
    .with_hint(
        "the record has grown far past normal use (a ledger gains about one entry per charge \
         a month); look for repeated entries in it with `propdesk check` and your editor"
            .to_string(),
    ))
}

/// A file's bytes before a change; none when it does not exist yet.
fn read_old(store: &Store, rel: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(store.abs(rel)) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", &store.abs(rel), &e)),
    }
}

/// The refusal to write over a record two desks left in conflict.
fn in_conflict(rel: &Path) -> Error {
    let id = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Error::data(format!(
        "{} holds two desks' versions after a merge: nothing is written to it until one is kept",
        shown(rel)
    ))
    .with_hint(format!(
        "`propdesk resolve {id}` shows both; keep one with `propdesk resolve {id} --keep 1|2 --why TEXT`"
    ))
}

impl Changes {
    pub fn new(message: impl Into<String>) -> Changes {
        Changes {
            entries: Vec::new(),
            message: message.into(),
        }
    }

    /// Stages a new record; fails if its file exists (the caller may retry a new ID).
    pub fn create<T: Record>(&mut self, store: &Store, record: &T) -> Result<()> {
        let rel = record.path();
        if store.exists(&rel) || self.entries.iter().any(|c| c.rel == rel) {
            return Err(Error::data(format!(
                "{} {} already exists ({})",
                T::WHAT,
                record.id(),
                shown(&rel)
            )));
        }
        let text = record_text(record)?;
        within_limit(&rel, text.len())?;
        self.entries.push(Change {
            rel,
            bytes: text.into_bytes(),
            old: None,
        });
        Ok(())
    }

    /// Stages the new text of an existing record; an unchanged record is skipped.
    pub fn update<T: Record>(&mut self, store: &Store, record: &T) -> Result<()> {
        let rel = record.path();
        let text = record_text(record)?;
        self.put(store, rel, text.into_bytes())
    }

    /// Stages a file's full new content (a notice); unchanged content is skipped.
    pub fn put(&mut self, store: &Store, rel: PathBuf, bytes: Vec<u8>) -> Result<()> {
        let old = read_old(store, &rel)?;
        if old.as_deref() == Some(bytes.as_slice()) {
            return Ok(());
        }
        if let Some(old) = &old
            && crate::store::conflict::is_marked(old)
        {
            return Err(in_conflict(&rel));
        }
        self.put_over(rel, bytes, old)
    }

    /// Stages a record's new text over one left in conflict: `propdesk resolve` only.
    pub fn put_resolved(&mut self, store: &Store, rel: PathBuf, bytes: Vec<u8>) -> Result<()> {
        let old = read_old(store, &rel)?;
        self.put_over(rel, bytes, old)
    }

    fn put_over(&mut self, rel: PathBuf, bytes: Vec<u8>, old: Option<Vec<u8>>) -> Result<()> {
        within_limit(&rel, bytes.len())?;
        self.entries.retain(|c| c.rel != rel);
        self.entries.push(Change { rel, bytes, old });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.entries.iter().map(|c| c.rel.clone()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    new: bool,
    temp: PathBuf,
    target: PathBuf,
}

/// Writes all of `changes` or none of them. The caller holds the lock.
pub fn apply(store: &Store, _lock: &Lock, changes: &Changes) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let pid = std::process::id();
    let mut entries = Vec::with_capacity(changes.entries.len());
    for (i, c) in changes.entries.iter().enumerate() {
        if c.old.is_none() && store.exists(&c.rel) {
            return Err(Error::data(format!("{} already exists", shown(&c.rel))));
        }
        let name = c.rel.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temp = c
            .rel
            .with_file_name(format!(".{name}.propdesk-{pid}-{i}.tmp"));
        entries.push(Entry {
            new: c.old.is_none(),
            temp,
            target: c.rel.clone(),
        });
    }
    write_journal(store, "prepare", &entries)?;
    for (entry, change) in entries.iter().zip(&changes.entries) {
        if let Err(e) = write_temp(store, &entry.temp, &entry.target, &change.bytes) {
            discard(store, &entries);
            let _ = remove_journal(store);
            return Err(e);
        }
    }
    // The temp files' names must be on disk before the journal says `commit`: after a
    // power cut, recovery skips a missing temp as published, which would leave a
    // change of several files in part.
    let mut temp_dirs: Vec<PathBuf> = Vec::new();
    for e in &entries {
        if let Some(d) = store.abs(&e.temp).parent()
            && !temp_dirs.iter().any(|x| x == d)
        {
            temp_dirs.push(d.to_path_buf());
        }
    }
    if let Err(e) = temp_dirs.iter().try_for_each(|d| sync_dir(d)) {
        discard(store, &entries);
        let _ = remove_journal(store);
        return Err(e);
    }
    super::halt_point("prepared");
    if let Err(e) = write_journal(store, "commit", &entries) {
        discard(store, &entries);
        let _ = remove_journal(store);
        return Err(e);
    }
    super::halt_point("committing");
    let mut published = 0;
    if let Err(e) = publish(store, &entries, &mut published) {
        if published == 0 {
            // Nothing is in place yet (a full disk refuses the first new name): undo,
            // so that a failed command has changed nothing and can simply be retried.
            discard(store, &entries);
            if remove_journal(store).is_ok() {
                return Err(e);
            }
        }
        return Err(Error::data(format!(
            "{}; the change is recorded and the next propdesk command completes it",
            e.message
        )));
    }
    super::halt_point("published");
    super::bump_generation(store.root());
    remove_journal(store)
}

/// Writes the new text of `target` to `temp`. Errors name `target`: the temp file is
/// propdesk's business, the record is what the user knows.
fn write_temp(store: &Store, temp: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let abs = store.abs(temp);
    let named = store.abs(target);
    if let Some(link) = store.linked_folder(target) {
        return Err(Error::data(format!(
            "cannot write {}: {} is a link to a folder outside the office",
            shown(target),
            shown(&link)
        ))
        .with_hint(
            "propdesk writes only inside the office tree: replace the link with the folder itself",
        ));
    }
    if let Some(dir) = abs.parent() {
        create_dirs(store, dir)?;
    }
    let _ = fs::remove_file(&abs); // a leftover of a dead process with our pid
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&abs)
        .map_err(|e| Error::io("write", &named, &e))?;
    f.write_all(bytes)
        .map_err(|e| Error::io("write", &named, &e))?;
    f.sync_all().map_err(|e| Error::io("write", &named, &e))?;
    drop(f);
    Ok(())
}

/// Creates `dir` and any missing parents, fsyncing each parent that gained an entry.
fn create_dirs(store: &Store, dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(store, parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io("create", dir, &e)),
    }
    if let Some(parent) = dir.parent() {
        sync_dir(parent)?;
    }
    let _ = store;
    Ok(())
}

/// Puts each temp file in place; `published` counts the files put in place by this call.
fn publish(store: &Store, entries: &[Entry], published: &mut usize) -> Result<()> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for e in entries {
        let temp = store.abs(&e.temp);
        let target = store.abs(&e.target);
        if fs::symlink_metadata(&temp).is_err() {
            continue; // published before a crash
        }
        if e.new {
            match fs::hard_link(&temp, &target) {
                Ok(()) => {}
                // Published before a crash (the lock kept other writers out).
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
                // A file system without hard links: the lock still keeps writers apart.
                Err(_) if fs::symlink_metadata(&target).is_err() => {
                    fs::rename(&temp, &target).map_err(|err| Error::io("write", &target, &err))?;
                }
                Err(err) => return Err(Error::io("write", &target, &err)),
            }
            let _ = fs::remove_file(&temp);
        } else {
            fs::rename(&temp, &target).map_err(|err| Error::io("write", &target, &err))?;
        }
        *published += 1;
        if let Some(d) = target.parent().filter(|d| !dirs.iter().any(|x| x == d)) {
            dirs.push(d.to_path_buf());
        }
    }
    for d in dirs {
        sync_dir(&d)?;
    }
    Ok(())
}

fn discard(store: &Store, entries: &[Entry]) {
    for e in entries {
        let _ = fs::remove_file(store.abs(&e.temp));
    }
}

fn journal_path(store: &Store) -> PathBuf {
    store.root().join(WORK_DIR).join(JOURNAL)
}

fn write_journal(store: &Store, state: &str, entries: &[Entry]) -> Result<()> {
    let mut text = format!("propdesk-journal 1\n{state}\n");
    for e in entries {
        let kind = if e.new { "new" } else { "replace" };
        text.push_str(&format!(
            "{kind}\t{}\t{}\n",
            shown(&e.temp),
            shown(&e.target)
        ));
    }
    let path = journal_path(store);
    let dir = store.root().join(WORK_DIR);
    fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, &e))?;
    let tmp = dir.join(format!("{JOURNAL}.tmp"));
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &path)
    };
    write().map_err(|e| Error::io("write", &path, &e))?;
    sync_dir(&dir)
}

fn remove_journal(store: &Store) -> Result<()> {
    let path = journal_path(store);
    match fs::remove_file(&path) {
        Ok(()) => sync_dir(&store.root().join(WORK_DIR)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", &path, &e)),
    }
}

fn read_journal(store: &Store) -> Result<Option<(String, Vec<Entry>)>> {
    let path = journal_path(store);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &path, &e)),
    };
    let bad = || {
        Error::data(format!("{} is damaged", path.display()))
            .with_hint("no propdesk command is running? then look at `git status`, delete the journal and run `propdesk check`")
    };
    let mut lines = text.lines();
    if lines.next() != Some("propdesk-journal 1") {
        return Err(bad());
    }
    let state = lines.next().ok_or_else(bad)?.to_string();
    let mut entries = Vec::new();
    for line in lines {
        let mut parts = line.split('\t');
        let (Some(kind), Some(temp), Some(target), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (temp, target) = (PathBuf::from(temp), PathBuf::from(target));
        // The journal only ever names files inside the office.
        if [&temp, &target].iter().any(|p| {
            p.is_absolute()
                || p.components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
        }) {
            return Err(bad());
        }
        entries.push(Entry {
            new: kind == "new",
            temp,
            target,
        });
    }
    Ok(Some((state, entries)))
}

/// Completes or rolls back what a killed writer left. The caller holds the lock.
fn recover(store: &Store) -> Result<()> {
    let Some((state, entries)) = read_journal(store)? else {
        return Ok(());
    };
    match state.as_str() {
        "commit" => {
            publish(store, &entries, &mut 0)?;
            super::bump_generation(store.root());
        }
        _ => discard(store, &entries),
    }
    remove_journal(store)
}

/// What a reader makes of a journal: the files a committed change is still publishing,
/// each target with the temp file that holds its new text, so that the reader sees the
/// change whole without waiting for it or writing anything (a `prepare` journal is a
/// change not made yet: its temp files are dot files no reader lists). Empty when
/// there is no journal, or it cannot be read (the next writer reports that).
pub fn pending(store: &Store) -> Vec<(PathBuf, PathBuf)> {
    match read_journal(store) {
        Ok(Some((state, entries))) if state == "commit" => {
            entries.into_iter().map(|e| (e.target, e.temp)).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether a journal's bytes say its change is committed.
pub(super) fn is_committed(journal: &[u8]) -> bool {
    journal.starts_with(b"propdesk-journal 1\ncommit\n")
}

/// The journal's bytes, if there is one: part of what a reader compares before and
/// after it reads (see [`Store::settled`]).
pub(super) fn journal_bytes(store: &Store) -> Option<Vec<u8>> {
    fs::read(journal_path(store)).ok()
}

/// Writes a file outside the office tree (a notice sent with `-o PATH`) atomically:
/// a temp file beside it, fsync, rename.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".propdesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("write", path, &e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("write", path, &e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", path, &e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("write", path, &e.error))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("sync", dir, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn lock(store: &Store) -> Lock {
        Lock::acquire(store, "test", Duration::from_millis(100)).unwrap()
    }

    #[test]
    fn a_change_of_several_files_lands_whole() {
        let (_d, store) = temp_store();
        let l = lock(&store);
        let mut c = Changes::new("t");
        c.put(&store, "units/A-1.yaml".into(), b"id: A-1\n".to_vec())
            .unwrap();
        c.put(&store, "units/A-2.yaml".into(), b"id: A-2\n".to_vec())
            .unwrap();
        apply(&store, &l, &c).unwrap();
        assert_eq!(
            fs::read(store.abs(Path::new("units/A-1.yaml"))).unwrap(),
            b"id: A-1\n"
        );
        assert_eq!(
            fs::read(store.abs(Path::new("units/A-2.yaml"))).unwrap(),
            b"id: A-2\n"
        );
        assert!(!journal_path(&store).exists());
        let names: Vec<_> = fs::read_dir(store.abs(Path::new("units")))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temp files left: {names:?}");
    }

    #[test]
    fn a_prepared_journal_is_rolled_back_and_a_committed_one_rolled_forward() {
        let (_d, store) = temp_store();
        fs::create_dir_all(store.abs(Path::new("units"))).unwrap();
        let entries = vec![
            Entry {
                new: true,
                temp: ".a.tmp".into(),
                target: "units/A-1.yaml".into(),
            },
            Entry {
                new: true,
                temp: "units/.b.tmp".into(),
                target: "units/A-2.yaml".into(),
            },
        ];
        // Killed before the commit point: temps go, targets never appear.
        write_journal(&store, "prepare", &entries).unwrap();
        fs::write(store.abs(Path::new(".a.tmp")), "a").unwrap();
        drop(lock(&store));
        assert!(!store.exists(Path::new(".a.tmp")));
        assert!(!store.exists(Path::new("units/A-1.yaml")));
        // Killed after it, with one file already published: the other one follows.
        write_journal(&store, "commit", &entries).unwrap();
        fs::write(store.abs(Path::new("units/A-1.yaml")), "a").unwrap();
        fs::write(store.abs(Path::new("units/.b.tmp")), "b").unwrap();
        // A reader sees the change whole and leaves it on disk as it found it.
        let reader = Store::open(store.root()).unwrap();
        assert_eq!(reader.list_ids("units").unwrap(), ["A-1", "A-2"]);
        assert_eq!(
            reader.read_text(Path::new("units/A-2.yaml")).unwrap(),
            Some("b".to_string())
        );
        assert!(!store.exists(Path::new("units/A-2.yaml")));
        assert!(journal_path(&store).exists());
        // The next writer puts it in place.
        drop(lock(&store));
        assert_eq!(
            fs::read_to_string(store.abs(Path::new("units/A-2.yaml"))).unwrap(),
            "b"
        );
        assert!(!store.exists(Path::new("units/.b.tmp")));
        assert!(!journal_path(&store).exists());
    }

    #[test]
    fn a_new_record_never_overwrites_one_that_exists() {
        let (_d, store) = temp_store();
        let l = lock(&store);
        let mut c = Changes::new("t");
        c.put(&store, "parties/P-1.yaml".into(), b"one\n".to_vec())
            .unwrap();
        fs::create_dir_all(store.abs(Path::new("parties"))).unwrap();
        fs::write(store.abs(Path::new("parties/P-1.yaml")), "theirs\n").unwrap();
        let err = apply(&store, &l, &c).unwrap_err();
        assert!(err.message.contains("already exists"), "{err:?}");
        assert_eq!(
            fs::read_to_string(store.abs(Path::new("parties/P-1.yaml"))).unwrap(),
            "theirs\n"
        );
    }

    #[test]
    fn a_second_writer_fails_naming_the_holder() {
        let (_d, store) = temp_store();
        let _held = Lock::acquire(&store, "pid 42 (propdesk unit add)", Duration::ZERO).unwrap();
        let err = Lock::acquire(&store, "me", Duration::from_millis(60)).unwrap_err();
        assert!(
            err.message.contains("pid 42 (propdesk unit add)"),
            "{err:?}"
        );
    }

    #[test]
    fn unchanged_content_is_not_a_change() {
        let (_d, store) = temp_store();
        fs::create_dir_all(store.abs(Path::new("units"))).unwrap();
        fs::write(store.abs(Path::new("units/A-1.yaml")), "same\n").unwrap();
        let mut c = Changes::new("t");
        c.put(&store, "units/A-1.yaml".into(), b"same\n".to_vec())
            .unwrap();
        assert!(c.is_empty());
    }
}
