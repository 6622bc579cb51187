//! Which unit each record of a kind is about (a permit, a move-out), so that a step on
//! one move-out finds the unit's permits without reading the office's 100,000 others.
//!
//! The index is derived, never a second source of truth: `.propdesk/index/<dir>/` holds
//! one file per dated folder of records (`permits/2026` -> `permits/2026.tsv`), with
//! the folder's modification time when it was read, and for each record its ID, the
//! size and modification time of its file, and its unit. A folder whose modification
//! time is unchanged is taken from the index; any other is listed again, and only its
//! new or changed files are read. Every write propdesk makes (and every file git checks
//! out or an editor saves by renaming) changes the folder's time. A time too close to
//! now to tell a later change from this one (a coarse clock) is not trusted: the
//! folder is listed again next time. An index that cannot be read or written is
//! rebuilt or skipped, never an error: it is only ever a shortcut. `propdesk check`
//! reads every record anyway and writes the index afresh from that read.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Result;
use crate::store::{Record, Store, WORK_DIR, record_stem};

/// What is known of one record file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    size: u64,
    mtime: u128,
    unit: String,
    /// What else it holds ([`Record::holds`]); empty for nothing.
    holds: String,
}

/// A record file's size and modification time when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    /// Nanoseconds since 1970 (to the year 2554; later saturates, and is read again).
    mtime: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            size: meta.len(),
            mtime: u64::try_from(nanos(meta.modified())).unwrap_or(u64::MAX),
        }
    }
}

/// One dated folder as last read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Folder {
    /// The folder's modification time then (0: not to be trusted).
    mtime: u128,
    records: BTreeMap<String, Entry>,
}

const HEADER: &str = "propdesk-index 2";

/// Nanoseconds since 1970 of a file time.
fn nanos(t: std::io::Result<SystemTime>) -> u128 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// A folder time within this of the clock may still change within its tick.
const RACY: Duration = Duration::from_secs(2);

fn index_file(store: &Store, folder: &Path) -> PathBuf {
    let mut p = store.root().join(WORK_DIR).join("index").join(folder);
    p.set_extension("tsv");
    p
}

fn read_folder(path: &Path) -> Option<Folder> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mtime = lines.next()?.strip_prefix("folder\t")?.parse().ok()?;
    let mut records = BTreeMap::new();
    for line in lines {
        let mut f = line.split('\t');
        let (id, size, time, unit) = (f.next()?, f.next()?, f.next()?, f.next()?);
        let holds = f.next()?;
        records.insert(
            id.to_string(),
            Entry {
                size: size.parse().ok()?,
                mtime: time.parse().ok()?,
                unit: unit.to_string(),
                holds: holds.to_string(),
            },
        );
    }
    Some(Folder { mtime, records })
}

fn write_folder(path: &Path, folder: &Folder) {
    let mut text = format!("{HEADER}\nfolder\t{}\n", folder.mtime);
    for (id, e) in &folder.records {
        text.push_str(&format!(
            "{id}\t{}\t{}\t{}\t{}\n",
            e.size, e.mtime, e.unit, e.holds
        ));
    }
    // Derived data: a failure to keep it costs a re-read next time, nothing else.
    if let Some(dir) = path.parent()
        && fs::create_dir_all(dir).is_ok()
    {
        let _ = crate::store::txn::write_file_atomic(path, text.as_bytes());
    }
}

/// The dated folders of `T` (`permits/2026`, `tickets/2026/11`), as paths relative to
/// the office.
fn folders<T: Record>(store: &Store) -> Result<Vec<PathBuf>> {
    let mut at = vec![PathBuf::from(T::DIR)];
    for _ in 0..T::DEPTH {
        let mut next = Vec::new();
        for rel in &at {
            let Ok(entries) = fs::read_dir(store.root().join(rel)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name();
                let Some(name) = name.to_str() else { continue };
                if !crate::store::is_ignored(name) && e.file_type().is_ok_and(|t| t.is_dir()) {
                    next.push(rel.join(name));
                }
            }
        }
        at = next;
    }
    at.sort();
    Ok(at)
}

/// `folder` as it stands: from the index if unchanged, else listed again and its new
/// or changed files read (through `unit_of`).
fn refresh<T: Record>(store: &Store, rel: &Path, now: SystemTime) -> Result<Folder> {
    let abs = store.root().join(rel);
    let path = index_file(store, rel);
    let known = read_folder(&path).unwrap_or_default();
    let mtime = nanos(fs::metadata(&abs).and_then(|m| m.modified()));
    if known.mtime != 0 && known.mtime == mtime {
        return Ok(known);
    }
    scan::<T>(store, rel, &known, mtime, now, |_| None)
}

/// Lists `rel` (whose time is `mtime`): `given` may tell a file's stamp and unit (a
/// file just read), the files `known` has with the same size and time keep their unit,
/// the rest are read.
fn scan<T: Record>(
    store: &Store,
    rel: &Path,
    known: &Folder,
    mtime: u128,
    now: SystemTime,
    given: impl Fn(&str) -> Option<Entry>,
) -> Result<Folder> {
    let abs = store.root().join(rel);
    let path = index_file(store, rel);
    let mut fresh = Folder::default();
    let entries = match fs::read_dir(&abs) {
        Ok(e) => e,
        Err(_) => return Ok(fresh),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(record_stem) else {
            continue;
        };
        if let Some(e) = given(id) {
            fresh.records.insert(id.to_string(), e);
            continue;
        }
        let Ok(m) = entry.metadata() else { continue };
        if !m.is_file() {
            continue;
        }
        let (size, time) = (m.len(), nanos(m.modified()));
        let entry = match known.records.get(id) {
            Some(e) if e.size == size && e.mtime == time => e.clone(),
            _ => {
                let record: T = store.load_file(&rel.join(name.as_os_str()))?;
                Entry {
                    size,
                    mtime: time,
                    unit: record.unit().unwrap_or_default().to_string(),
                    holds: record.holds().join(","),
                }
            }
        };
        fresh.records.insert(id.to_string(), entry);
    }
    let settled = now
        .duration_since(UNIX_EPOCH)
        .map_or(true, |n| n.as_nanos() > mtime + RACY.as_nanos());
    fresh.mtime = if settled { mtime } else { 0 };
    if fresh != *known {
        write_folder(&path, &fresh);
    }
    Ok(fresh)
}

/// The records of `T` about `unit`: their IDs and files, in ID order.
pub fn of_unit<T: Record>(store: &Store, unit: &str) -> Result<Vec<(String, PathBuf)>> {
    matching::<T>(store, |e| e.unit == unit)
}

/// The records of `T` that hold `what` ([`Record::holds`]): their IDs and files, in ID
/// order.
pub fn holding<T: Record>(store: &Store, what: &str) -> Result<Vec<(String, PathBuf)>> {
    matching::<T>(store, |e| e.holds.split(',').any(|h| h == what))
}

fn matching<T: Record>(
    store: &Store,
    wanted: impl Fn(&Entry) -> bool,
) -> Result<Vec<(String, PathBuf)>> {
    let now = SystemTime::now();
    let mut out = Vec::new();
    for rel in folders::<T>(store)? {
        let f = refresh::<T>(store, &rel, now)?;
        out.extend(
            f.records
                .into_iter()
                .filter(|(_, e)| wanted(e))
                .map(|(id, _)| {
                    let file = rel.join(format!("{id}.yaml"));
                    (id, file)
                }),
        );
    }
    out.sort();
    Ok(out)
}

/// The dated folders of `T` and their times, taken before a full read lists them
/// (`check`): a folder changed after this is listed again when next asked.
pub struct Before {
    now: SystemTime,
    folders: Vec<(PathBuf, u128)>,
}

pub fn before<T: Record>(store: &Store) -> Before {
    // The clock first: a folder changed between the two reads is not settled.
    let now = SystemTime::now();
    let folders = folders::<T>(store)
        .unwrap_or_default()
        .into_iter()
        .map(|rel| {
            let time = nanos(fs::metadata(store.root().join(&rel)).and_then(|m| m.modified()));
            (rel, time)
        })
        .collect();
    Before { now, folders }
}

/// What a full read found of one record: its file's stamp, its unit and what else it
/// holds.
pub type Read = (Stamp, String, Vec<String>);

/// Writes the index of `T` afresh from `read` (every record of the kind just read in
/// full, with its file's stamp, its unit and what it holds, the folders' times taken
/// `before`): `check`'s proof that the index is what a full read says.
pub fn rebuild<T: Record>(store: &Store, before: Before, read: &BTreeMap<String, Read>) {
    for (rel, mtime) in before.folders {
        let given = |id: &str| {
            read.get(id).map(|(stamp, unit, holds)| Entry {
                size: stamp.size,
                mtime: u128::from(stamp.mtime),
                unit: unit.clone(),
                holds: holds.join(","),
            })
        };
        // A folder that cannot be read in full is listed again when next asked.
        let _ = scan::<T>(store, &rel, &Folder::default(), mtime, before.now, given);
    }
}
