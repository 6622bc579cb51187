//! The malformed-input corpus (issue 9): what the catalogue in `tests/fixtures/invalid/`
//! cannot hold because it needs a command line, a rendered notice, a link, a folder
//! where a file belongs, or a file too big to commit.
//!
//! Every case must end in a clear `error: ...` naming the file (and the line, where the
//! file has lines), exit 1 or 2, never a panic (101) or a signal (a stack overflow
//! aborts), and nothing may be written outside the office tree. Offices here live in
//! `<tmp>/office` beside a sentinel folder `<tmp>/outside`; the whole temporary folder
//! is compared before and after.
//!
//! What is a bug today is an `#[ignore = "bug: ..."]` test saying what should happen:
//! `cargo test --test integration corpus -- --ignored` lists them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::*;

const UNIT: &str = "id: A-101\nbuilding: A\nfloor: 1\narea: \"97.25\"\nuse: shop\nstatus: occupied\noccupant: P-20261101-AAAAAA\n";

const PARTY: &str = "id: P-20261101-AAAAAA\nkind: person\nname: 张三\nroles:\n- tenant\nphones:\n- \"13812345678\"\n";

const TICKET: &str = "id: T-20261120-AAAAAA
kind: repair
channel: phone
status: dispatched
unit: A-101
reporter: 王先生
reported: \"2026-11-20T16:00:00+08:00\"
category: plumbing
description: 水龙头漏水
priority: urgent
grade: general
history:
- at: \"2026-11-20T16:00:00+08:00\"
  by: desk
  event: reported
- at: \"2026-11-20T16:05:00+08:00\"
  by: desk
  event: dispatched
  note: 李师傅
";

const MOVEIN: &str = "id: MI-20261120-AAAAAA
unit: A-101
party: P-20261101-AAAAAA
role: tenant
party_kind: person
status: in-progress
notice_date: 2026-11-20
lease_start: 2026-12-01
fees_from: 2026-11-20
documents:
- item: movein-notice
handouts:
- item: tenant-handbook
history:
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: opened
";

const MOVEOUT: &str = "id: MO-20261120-AAAAAA
unit: A-101
party: P-20261101-AAAAAA
role: tenant
status: in-progress
notice_date: 2026-11-20
date: 2026-11-30
history:
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: notified
";

const PERMIT: &str = "id: PM-20261120-AAAAAA
kind: access-card
unit: A-101
applicant: P-20261101-AAAAAA
tenant_applicant: false
status: issued
access_card:
  cards: 3
  deposit_each: \"10.00\"
history:
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: applied
  note: 3 card(s), deposit 10.00 each
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: issued
";

const LEDGER: &str = "unit: A-101
year: 2026
entries:
- entry: 1
  date: \"2026-11-01\"
  kind: charge
  item: property-fee
  amount: \"100.00\"
  for: 2026年11月物业管理费
  period: 2026-11
  due: \"2026-11-15\"
  by: 王敏
  at: \"2026-11-01T09:00:00+08:00\"
";

const DUNNING: &str = "unit: A-101
status: open
since: \"2026-11-16\"
history:
- at: \"2026-11-16T07:40:00+08:00\"
  by: cron
  event: opened
";

/// Every record kind: its file, a valid record, and the command that reads it alone.
const KINDS: &[(&str, &str, &[&str])] = &[
    ("units/A-101.yaml", UNIT, &["unit", "show", "A-101"]),
    (
        "parties/P-20261101-AAAAAA.yaml",
        PARTY,
        &["party", "show", "P-20261101-AAAAAA"],
    ),
    (
        "tickets/2026/11/T-20261120-AAAAAA.yaml",
        TICKET,
        &["ticket", "show", "T-20261120-AAAAAA"],
    ),
    (
        "moveins/2026/MI-20261120-AAAAAA.yaml",
        MOVEIN,
        &["movein", "show", "MI-20261120-AAAAAA"],
    ),
    (
        "moveouts/2026/MO-20261120-AAAAAA.yaml",
        MOVEOUT,
        &["moveout", "show", "MO-20261120-AAAAAA"],
    ),
    (
        "permits/2026/PM-20261120-AAAAAA.yaml",
        PERMIT,
        &["permit", "show", "PM-20261120-AAAAAA"],
    ),
    ("ledger/A-101/2026.yaml", LEDGER, &["ledger", "A-101"]),
    ("dunning/A-101.yaml", DUNNING, &["dunning", "show", "A-101"]),
];

const MIB: usize = 1024 * 1024;

/// An office at `<tmp>/office` holding one record of every kind, with an `outside`
/// folder beside it that no command may touch.
struct Nest {
    t: Test,
    office: PathBuf,
}

impl Nest {
    fn new() -> Nest {
        let t = Test::empty();
        let n = Nest {
            office: t.path().join("office"),
            t,
        };
        n.write("office.toml", office_toml().as_bytes());
        for (rel, text, _) in KINDS {
            n.write(rel, text.as_bytes());
        }
        n.write_outside("README", b"not the office\n");
        n
    }

    fn run(&self, args: &[&str]) -> Run {
        self.t.run_in(&self.office, args)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        write_file(&self.office.join(rel), bytes);
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.office.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn remove(&self, rel: &str) {
        let p = self.office.join(rel);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&p).unwrap(),
            Ok(_) => std::fs::remove_file(&p).unwrap(),
            Err(_) => {}
        }
    }

    fn outside(&self) -> PathBuf {
        self.t.path().join("outside")
    }

    fn write_outside(&self, rel: &str, bytes: &[u8]) {
        write_file(&self.outside().join(rel), bytes);
    }

    /// Everything in the temporary folder: the office and what lies beside it.
    fn snapshot(&self) -> Snapshot {
        snapshot(self.t.path())
    }

    /// What changed since `before` outside the office tree.
    #[track_caller]
    fn assert_nothing_written_outside(&self, before: &Snapshot, what: &str) {
        let changed: Vec<String> = changes(before, &self.snapshot())
            .into_iter()
            .filter(|p| !p.starts_with("office/"))
            .collect();
        assert!(
            changed.is_empty(),
            "{what}: wrote outside the office: {changed:?}"
        );
    }
}

/// The `office.toml` that `init` writes, made once (`init` takes a fifth of a second).
fn office_toml() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| Test::office().read("office.toml"))
}

fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every file (its bytes), folder and link (its target) under a root, by relative
/// path; propdesk's own `.propdesk/` (lock, journal) is left out.
type Snapshot = BTreeMap<String, Vec<u8>>;

fn snapshot(root: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap_or_default();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                if e.file_name() == ".propdesk" {
                    continue;
                }
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    let mut out = Snapshot::new();
    walk(root, root, &mut out);
    out
}

fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect()
}

/// No panic, no signal, no stack overflow: exit 0, 1 or 2.
#[track_caller]
fn assert_clean(run: &Run, what: &str) {
    assert!(
        matches!(run.code, 0..=2)
            && !run.stderr.contains("panicked")
            && !run.stderr.contains("overflowed its stack"),
        "{what}: not a clean exit\n{}",
        run.transcript()
    );
}

/// Refused cleanly: exit 1 or 2, `error: ...` on stderr, nothing on stdout.
#[track_caller]
fn assert_refused(run: &Run, what: &str) {
    assert_clean(run, what);
    assert!(
        matches!(run.code, 1 | 2) && run.stderr.starts_with("error: ") && run.stdout.is_empty(),
        "{what}: not refused with an error\n{}",
        run.transcript()
    );
}

/// Replaces `{}` in each word of a command with `id`.
fn with_id(words: &[&str], id: &str) -> Vec<String> {
    words.iter().map(|w| w.replace("{}", id)).collect()
}

fn run_words(n: &Nest, words: &[String]) -> Run {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    n.run(&args)
}

#[test]
fn the_office_these_cases_break_checks_clean() {
    let n = Nest::new();
    let run = n.run(&["check"]);
    assert_eq!(run.ok(), "");
    assert_eq!(
        run.stderr,
        format!("checked {} files: no problems\n", KINDS.len())
    );
}

// ---------------------------------------------------------------------------------
// IDs with path tricks

/// Stands for the path of the `outside` folder of the office a command runs in.
const OUTSIDE: &str = "<outside>";

/// What may be typed where an ID goes. A NUL cannot be: no program can pass one in
/// an argument (the catalogue's `movein-id-with-nul` has one inside a record).
fn tricky_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "../../outside/x",
        "/etc/passwd",
        "A-101/../../x",
        "A-101\\..\\..\\x",
        "..",
        "",
        "A-101\nB",
        " ../x ",
        "{{ 7*7 }}",
    ]
    .map(String::from)
    .to_vec();
    ids.push(format!("{OUTSIDE}/x"));
    ids.push("A".repeat(300));
    ids
}

/// Every command that takes an ID, reading.
const READING: &[&[&str]] = &[
    &["unit", "show", "{}"],
    &["party", "show", "{}"],
    &["ticket", "show", "{}"],
    &["ticket", "list", "--unit", "{}"],
    &["permit", "show", "{}"],
    &["movein", "show", "{}"],
    &["moveout", "show", "{}"],
    &["moveout", "statement", "{}"],
    &["ledger", "{}"],
    &["dunning", "show", "{}"],
    // Without -o: a notice wrongly rendered would be filed, and seen.
    &["notice", "contact-sheet", "{}"],
    &["notice", "dunning-notice", "{}"],
    &["notice", "work-order", "{}"],
    &["notice", "handover", "{}"],
    &["notice", "permit-door", "{}"],
    &["notice", "settlement", "{}"],
];

/// Every command that takes an ID, writing.
#[rustfmt::skip]
const WRITING: &[&[&str]] = &[
    &["unit", "add", "{}", "--area", "10", "--use", "shop"],
    &["unit", "edit", "{}", "--note", "x"],
    &["unit", "edit", "A-101", "--occupant", "{}"],
    &["unit", "add", "A-109", "--area", "10", "--use", "shop", "--owner", "{}"],
    &["party", "edit", "{}", "--note", "x"],
    &["ticket", "dispatch", "{}", "--technician", "李师傅"],
    &["ticket", "close", "{}"],
    &[
        "ticket", "new", "--kind", "repair", "--channel", "phone", "--unit", "{}",
        "--reporter", "x", "--phone", "13812345678", "--category", "plumbing", "--description",
        "x", "--priority", "urgent",
    ],
    &["permit", "approve", "{}", "--as", "desk-clerk"],
    &[
        "permit", "new", "--unit", "{}", "--applicant", "P-20261101-AAAAAA", "--contractor",
        "x", "--description", "x", "--from", "2026-12-01", "--to", "2027-01-31", "--workers",
        "5",
    ],
    &[
        "permit", "new", "--unit", "A-101", "--applicant", "{}", "--contractor", "x",
        "--description", "x", "--from", "2026-12-01", "--to", "2027-01-31", "--workers", "5",
    ],
    &["movein", "receive", "{}", "id-card-copy", "--from", "x"],
    &[
        "movein", "new", "--unit", "{}", "--party", "P-20261101-AAAAAA", "--notice-date",
        "2026-11-20", "--lease-start", "2026-12-01",
    ],
    &[
        "movein", "new", "--unit", "A-101", "--party", "{}", "--notice-date", "2026-11-20",
        "--lease-start", "2026-12-01",
    ],
    &["moveout", "consent", "{}", "--signed-by", "x"],
    &["moveout", "new", "--unit", "{}", "--move-out", "2026-12-30"],
    &["pay", "{}", "100"],
    &["ledger", "refund", "{}", "--deposit", "lease", "10"],
    &["ledger", "apply", "{}", "--deposit", "lease", "10"],
    &["dunning", "log", "{}", "--channel", "phone", "--outcome", "x"],
    &["dunning", "approve", "{}"],
    &["dunning", "promise", "{}", "--until", "2026-11-30"],
    &["dunning", "sign", "{}"],
    &["bill", "charge", "{}", "10", "--item", "repair-fee", "--text", "x", "--due", "2026-11-30"],
    &["bill", "waive", "{}", "1", "--approver", "x", "--reason", "y"],
];

/// The IDs most likely to escape the tree, for the writing commands.
fn escaping_ids() -> Vec<String> {
    vec![
        "../../outside/x".into(),
        "..\\..\\outside\\x".into(),
        format!("{OUTSIDE}/x"),
    ]
}

#[test]
fn every_command_taking_an_id_refuses_path_tricks_and_writes_nothing() {
    // Four offices side by side, a quarter of the work each.
    let mut runs: Vec<Vec<String>> = Vec::new();
    for id in tricky_ids() {
        runs.extend(READING.iter().map(|words| with_id(words, &id)));
    }
    for id in escaping_ids() {
        runs.extend(WRITING.iter().map(|words| with_id(words, &id)));
    }
    let chunks: Vec<&[Vec<String>]> = runs.chunks(runs.len().div_ceil(4)).collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(move || {
                    let n = Nest::new();
                    let before = n.snapshot();
                    let mut failures = Vec::new();
                    let outside = n.outside().to_string_lossy().into_owned();
                    for words in chunk.iter() {
                        let words: Vec<String> =
                            words.iter().map(|w| w.replace(OUTSIDE, &outside)).collect();
                        let run = run_words(&n, &words);
                        let first = run.stderr.lines().next().unwrap_or_default();
                        let clear = first.contains("invalid ID")
                            || first.contains("invalid value")
                            || first.starts_with("error: no ")
                            || first.contains("more than one")
                            || first.contains("matches")
                            || first.contains("may not hold control characters");
                        if !matches!(run.code, 1 | 2)
                            || !run.stderr.starts_with("error: ")
                            || run.stderr.contains("panicked")
                            || !run.stdout.is_empty()
                            || !clear
                        {
                            failures.push(format!("{words:?}\n{}", run.transcript()));
                        }
                    }
                    let changed = changes(&before, &n.snapshot());
                    if !changed.is_empty() {
                        failures.push(format!("files changed: {changed:?}"));
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} runs misbehaved:\n\n{}",
        failures.len(),
        runs.len(),
        failures.join("\n")
    );
}

#[test]
fn import_rows_with_path_tricks_in_ids_are_refused_with_their_line_and_nothing_is_written() {
    let n = Nest::new();
    n.write_outside(
        "P-20261101-BBBBBB.yaml",
        PARTY.replace("AAAAAA", "BBBBBB").as_bytes(),
    );
    n.write(
        "units.csv",
        "id,area,use,owner\nA-102,10,shop,\n../../outside/x,10,shop,\nA-103,10,shop,../../outside/P-20261101-BBBBBB\n"
            .as_bytes(),
    );
    n.write(
        "parties.csv",
        "name,kind,roles,phones\n张三,person,owner;../../x,13812345678\n".as_bytes(),
    );
    let before = n.snapshot();
    let units = n.run(&["unit", "import", "units.csv"]);
    assert_refused(&units, "unit import");
    assert!(
        units.stderr.contains("line 3") || units.stderr.contains(":3:"),
        "{}",
        units.stderr
    );
    let parties = n.run(&["party", "import", "parties.csv"]);
    assert_refused(&parties, "party import");
    assert_eq!(changes(&before, &n.snapshot()), Vec::<String>::new());
}

/// An office whose records name other records by paths out of the tree, with files
/// waiting there that would load if the path were followed.
fn office_with_escaping_references() -> Nest {
    let n = Nest::new();
    let out = n.outside();
    let abs = out.join("P-20261101-AAAAAA").to_string_lossy().into_owned();
    n.write_outside("A-101.yaml", UNIT.as_bytes());
    n.write_outside(
        "P-20261101-AAAAAA.yaml",
        PARTY.replace("张三", "OUTSIDER").as_bytes(),
    );
    n.write(
        "units/A-102.yaml",
        format!(
            "id: A-102\nbuilding: A\nfloor: 1\narea: \"50.00\"\nuse: shop\nowner: ../../outside/P-20261101-AAAAAA\noccupant: {abs}\nstatus: occupied\n"
        )
        .as_bytes(),
    );
    let unit = "unit: ../../outside/A-101";
    n.write(KINDS[2].0, TICKET.replace("unit: A-101", unit).as_bytes());
    n.write(
        KINDS[3].0,
        MOVEIN
            .replace("unit: A-101", unit)
            .replace(
                "party: P-20261101-AAAAAA",
                "party: ../../outside/P-20261101-AAAAAA",
            )
            .as_bytes(),
    );
    n.write(
        KINDS[4].0,
        MOVEOUT
            .replace("unit: A-101", unit)
            .replace("party: P-20261101-AAAAAA", &format!("party: {abs}"))
            .as_bytes(),
    );
    n.write(
        KINDS[5].0,
        PERMIT
            .replace("unit: A-101", unit)
            .replace(
                "applicant: P-20261101-AAAAAA",
                "applicant: ../../outside/P-20261101-AAAAAA",
            )
            .as_bytes(),
    );
    n
}

#[test]
fn ids_with_path_tricks_inside_records_are_reported_and_nothing_is_written_outside() {
    let n = office_with_escaping_references();
    let before = n.snapshot();
    let check = n.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    for (rel, line) in [
        ("units/A-102.yaml", 6),
        ("units/A-102.yaml", 7),
        (KINDS[2].0, 5),
        (KINDS[3].0, 2),
        (KINDS[3].0, 3),
        (KINDS[4].0, 2),
        (KINDS[4].0, 3),
        (KINDS[5].0, 3),
        (KINDS[5].0, 4),
    ] {
        assert!(
            check.stdout.contains(&format!("{rel}:{line}: ")),
            "check does not report {rel}:{line}\n{}",
            check.stdout
        );
    }
    for args in [
        &["unit", "show", "A-102"][..],
        &["notice", "contact-sheet", "A-102", "-o", "-"],
        &["unit", "edit", "A-102", "--note", "x"],
        &["ticket", "show", "T-20261120-AAAAAA"],
        &["notice", "work-order", "T-20261120-AAAAAA", "-o", "-"],
        &["ticket", "arrive", "T-20261120-AAAAAA", "--at", "09:00"],
        &["movein", "show", "MI-20261120-AAAAAA"],
        &["movein", "bill", "MI-20261120-AAAAAA"],
        &[
            "movein",
            "inspect",
            "MI-20261120-AAAAAA",
            "--attendee",
            "x",
            "--meter",
            "electricity=1",
            "--meter",
            "water=1",
            "--defect",
            "walls=裂缝",
        ],
        &[
            "movein",
            "complete",
            "MI-20261120-AAAAAA",
            "--override",
            "--reason",
            "x",
            "--by",
            "张经理",
        ],
        &["permit", "show", "PM-20261120-AAAAAA"],
        &["permit", "return", "PM-20261120-AAAAAA"],
        &["moveout", "show", "MO-20261120-AAAAAA"],
        &["moveout", "statement", "MO-20261120-AAAAAA"],
        &[
            "moveout",
            "reschedule",
            "MO-20261120-AAAAAA",
            "--move-out",
            "2026-12-31",
        ],
        &[
            "moveout",
            "consent",
            "MO-20261120-AAAAAA",
            "--signed-by",
            "x",
        ],
        &["moveout", "settle", "MO-20261120-AAAAAA"],
        &["moveout", "complete", "MO-20261120-AAAAAA"],
        &["agenda", "--days", "30"],
        &["report", "--month", "2026-11"],
        &["dunning", "run"],
        &["bill", "run", "--month", "2026-11"],
        &["ledger", "--deposits"],
        &["check"],
    ] {
        let run = n.run(args);
        assert_clean(&run, &format!("{args:?}"));
        n.assert_nothing_written_outside(&before, &format!("{args:?}"));
    }
}

#[test]
fn a_reference_out_of_the_tree_is_never_followed_when_reading() {
    let n = office_with_escaping_references();
    for args in [
        &["unit", "show", "A-102"][..],
        &["notice", "contact-sheet", "A-102", "-o", "-"],
        &["unit", "show", "A-102", "--format", "json"],
    ] {
        let run = n.run(args);
        assert_clean(&run, &format!("{args:?}"));
        assert!(
            !run.stdout.contains("OUTSIDER"),
            "{args:?} shows a party read from outside the office:\n{}",
            run.transcript()
        );
    }
}

#[test]
fn an_invalid_id_inside_a_record_is_refused_naming_the_record_file_and_line() {
    let n = office_with_escaping_references();
    for (args, rel) in [
        (&["movein", "bill", "MI-20261120-AAAAAA"][..], KINDS[3].0),
        (&["permit", "return", "PM-20261120-AAAAAA"], KINDS[5].0),
    ] {
        let run = n.run(args);
        assert_refused(&run, &format!("{args:?}"));
        assert!(
            run.stderr.contains(&format!("{rel}:")) && run.stderr.contains("../../outside/A-101"),
            "{args:?}: the error should name {rel}, its line and the value as written\n{}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------------
// Links and folders

/// Breaks the record of every kind at once for `check`, which must report each with
/// `check_says(rel)`; then each alone (the others intact: a ledger is read with its
/// unit) for the command that shows it, which must fail with `error: {rel}: ...`.
fn each_kind_broken(
    n: &Nest,
    break_one: impl Fn(&Nest, &str, &str),
    check_says: impl Fn(&str) -> String,
) {
    let restore = || {
        for (rel, text, _) in KINDS {
            n.remove(rel);
            n.write(rel, text.as_bytes());
        }
    };
    for (rel, text, _) in KINDS {
        break_one(n, rel, text);
    }
    let check = n.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    for (rel, _, _) in KINDS {
        let says = check_says(rel);
        assert!(
            check.stdout.contains(&says),
            "check should say {says:?}\n{}",
            check.stdout
        );
    }
    for (rel, text, show) in KINDS {
        restore();
        break_one(n, rel, text);
        let run = n.run(show);
        assert_refused(&run, &format!("{show:?}"));
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("error: {rel}: ")) && first.len() > rel.len() + 20,
            "{show:?}: {}",
            run.stderr
        );
    }
    restore();
    for (rel, text, _) in KINDS {
        break_one(n, rel, text);
    }
}

/// Commands that change each kind of record, for offices whose records are broken.
const CHANGING_EACH_KIND: &[&[&str]] = &[
    &["unit", "edit", "A-101", "--note", "x"],
    &["party", "edit", "P-20261101-AAAAAA", "--note", "x"],
    &["pay", "A-101", "100"],
    &["ticket", "arrive", "T-20261120-AAAAAA", "--at", "09:00"],
    &[
        "movein",
        "receive",
        "MI-20261120-AAAAAA",
        "id-card-copy",
        "--from",
        "x",
    ],
    &[
        "moveout",
        "consent",
        "MO-20261120-AAAAAA",
        "--signed-by",
        "x",
    ],
    &["permit", "return", "PM-20261120-AAAAAA"],
    &[
        "dunning",
        "log",
        "A-101",
        "--channel",
        "phone",
        "--outcome",
        "x",
    ],
    &["dunning", "run"],
];

#[cfg(unix)]
#[test]
fn a_record_of_every_kind_that_is_a_link_out_of_the_tree_is_refused_and_not_written_through() {
    let n = Nest::new();
    each_kind_broken(
        &n,
        |n, rel, text| {
            let name = rel.replace('/', "_");
            n.write_outside(&name, text.as_bytes());
            n.remove(rel);
            std::os::unix::fs::symlink(n.outside().join(&name), n.office.join(rel)).unwrap();
        },
        |rel| format!("{rel}: not a regular file (a link or a folder)\n"),
    );
    let before = n.snapshot();
    for args in CHANGING_EACH_KIND {
        assert_refused(&n.run(args), &format!("{args:?}"));
    }
    assert_eq!(changes(&before, &n.snapshot()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn dangling_and_looping_links_are_reported_not_followed() {
    let n = Nest::new();
    let units = n.office.join("units");
    std::os::unix::fs::symlink(n.outside().join("missing.yaml"), units.join("A-102.yaml")).unwrap();
    std::os::unix::fs::symlink(units.join("A-103.yaml"), units.join("A-103.yaml")).unwrap();
    std::os::unix::fs::symlink(units.join("A-105.yaml"), units.join("A-104.yaml")).unwrap();
    std::os::unix::fs::symlink(units.join("A-104.yaml"), units.join("A-105.yaml")).unwrap();
    let check = n.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    for id in ["A-102", "A-103", "A-104", "A-105"] {
        assert!(
            check.stdout.contains(&format!(
                "units/{id}.yaml: not a regular file (a link or a folder)"
            )),
            "{}",
            check.stdout
        );
        assert_refused(&n.run(&["unit", "show", id]), id);
    }
    assert_clean(&n.run(&["unit", "list"]), "unit list");
}

#[cfg(unix)]
#[test]
fn a_record_folder_linked_out_of_the_tree_is_reported_and_never_written_through() {
    let n = Nest::new();
    for dir in ["ledger", "notices", "tickets/2026"] {
        let target = n.outside().join(dir.replace('/', "_"));
        std::fs::create_dir_all(&target).unwrap();
        std::fs::create_dir_all(n.office.join(dir)).unwrap();
        for e in std::fs::read_dir(n.office.join(dir)).unwrap() {
            let e = e.unwrap();
            std::fs::rename(e.path(), target.join(e.file_name())).unwrap();
        }
        n.remove(dir);
        std::os::unix::fs::symlink(&target, n.office.join(dir)).unwrap();
    }
    let check = n.run(&["check"]);
    assert_clean(&check, "check");
    // notices/ holds no records: only writing through it is wrong.
    for dir in ["ledger", "tickets/2026"] {
        assert!(
            check.stdout.contains(&format!("{dir}: ")),
            "check should report the link {dir} -> outside\n{}",
            check.transcript()
        );
    }
    let before = n.snapshot();
    for args in [
        &["pay", "A-101", "100"][..],
        &["notice", "contact-sheet", "A-101"],
        &[
            "ticket",
            "new",
            "--kind",
            "repair",
            "--channel",
            "phone",
            "--unit",
            "A-101",
            "--reporter",
            "x",
            "--phone",
            "13812345678",
            "--category",
            "plumbing",
            "--description",
            "x",
            "--priority",
            "urgent",
        ],
    ] {
        let run = n.run(args);
        assert_clean(&run, &format!("{args:?}"));
        n.assert_nothing_written_outside(&before, &format!("{args:?}"));
    }
}

#[test]
fn a_folder_where_a_record_of_any_kind_should_be_is_reported_and_nothing_is_written() {
    let n = Nest::new();
    each_kind_broken(
        &n,
        |n, rel, _| {
            n.remove(rel);
            // git keeps no empty folder: a checkout brings a folder with a file in it.
            n.write(&format!("{rel}/keep.txt"), b"x\n");
        },
        |rel| match rel.matches('/').count() {
            1 => format!(
                "{rel}: unexpected folder in {}/\n",
                rel.split('/').next().unwrap()
            ),
            _ => format!("{rel}: not where a record belongs\n"),
        },
    );
    let before = n.snapshot();
    for args in CHANGING_EACH_KIND {
        assert_refused(&n.run(args), &format!("{args:?}"));
    }
    assert_refused(
        &n.run(&["unit", "add", "A-101", "--area", "10", "--use", "shop"]),
        "unit add",
    );
    for args in [
        &["agenda"][..],
        &["report"],
        &["unit", "list"],
        &["dunning", "run"],
    ] {
        assert_clean(&n.run(args), &format!("{args:?}"));
    }
    assert_eq!(changes(&before, &n.snapshot()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------
// Size and shape

#[test]
fn a_record_of_any_kind_over_one_mebibyte_is_refused_by_check_and_by_its_command() {
    let n = Nest::new();
    let big = |text: &str| format!("{text}# {}\n", "x".repeat(MIB));
    each_kind_broken(
        &n,
        |n, rel, text| n.write(rel, big(text).as_bytes()),
        |rel| {
            let text = KINDS.iter().find(|k| k.0 == rel).unwrap().1;
            format!(
                "{rel}: file is {} bytes; a record may have at most 1048576\n",
                big(text).len()
            )
        },
    );
    let before = n.snapshot();
    for args in CHANGING_EACH_KIND {
        assert_refused(&n.run(args), &format!("{args:?}"));
    }
    assert_eq!(changes(&before, &n.snapshot()), Vec::<String>::new());
}

/// Files just under the size limit, each made to be as hard as possible to parse.
fn near_the_limit() -> Vec<(&'static str, String)> {
    let head = "id: A-101\nbuilding: A\nfloor: 1\narea: \"97.25\"\nuse: shop\nstatus: vacant\n";
    let room = MIB - head.len() - 64;
    let deep_block_map = {
        let mut s = format!("{head}note:\n");
        let mut i = 1;
        while s.len() + i + 3 < MIB - 64 {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
            i += 1;
        }
        s
    };
    let history = "- at: \"2026-11-02T09:00:00+08:00\"\n  by: x\n  event: added\n";
    vec![
        (
            "deep flow sequence",
            format!(
                "{head}note: {}{}\n",
                "[".repeat(room / 2),
                "]".repeat(room / 2)
            ),
        ),
        (
            "deep flow mapping",
            format!("{head}note: {}\n", "{a: ".repeat(room / 4)),
        ),
        ("deep block mapping", deep_block_map),
        (
            "deep complex keys",
            format!("{head}{}x\n", "? ".repeat(room / 2)),
        ),
        (
            "one long line",
            format!("{head}note: {}\n", "x".repeat(room)),
        ),
        ("one long key", format!("{head}{}: 1\n", "k".repeat(room))),
        (
            "many history entries",
            format!("{head}history:\n{}", history.repeat(room / history.len())),
        ),
        ("only newlines", "\n".repeat(MIB - 1)),
        ("only comments", "# 备注\n".repeat(MIB / 10)),
        ("NUL bytes", format!("{head}note: {}\n", "\0".repeat(room))),
    ]
}

#[test]
fn files_just_under_the_limit_deeply_nested_or_one_long_line_end_cleanly_and_quickly() {
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = near_the_limit()
            .into_iter()
            .map(|(what, text)| {
                s.spawn(move || {
                    assert!(text.len() <= MIB, "{what}: {} bytes", text.len());
                    let n = Nest::new();
                    n.write("units/A-101.yaml", text.as_bytes());
                    let mut failures = Vec::new();
                    for args in [
                        &["check"][..],
                        &["unit", "show", "A-101", "--format", "json"],
                    ] {
                        let started = Instant::now();
                        let run = n.run(args);
                        let took = started.elapsed();
                        if !matches!(run.code, 0..=2)
                            || run.stderr.contains("panicked")
                            || run.stderr.contains("overflowed")
                            || took > Duration::from_secs(10)
                        {
                            failures.push(format!(
                                "{what}: {args:?} took {took:?}\n{}",
                                run.transcript().chars().take(2000).collect::<String>()
                            ));
                        }
                        if run.code == 1 && !run.stderr.starts_with("error: ") {
                            failures.push(format!("{what}: {args:?}: no error message"));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Found by this corpus: nested `- - - ...` 4,000 deep (an 8 KB file) overflowed the
/// stack of a rayon worker in the canonical reader of bf1fdc9 (`store/canonical.rs`,
/// `parse_seq`) and `check` aborted (SIGABRT); 56fbdee limits the depth.
#[test]
fn deeply_nested_block_sequences_do_not_overflow_the_stack() {
    let n = Nest::new();
    for depth in [4_000, 30_000, (MIB - 200) / 2] {
        let text = format!(
            "id: A-101\nbuilding: A\nfloor: 1\narea: \"97.25\"\nuse: shop\nstatus: vacant\nhistory:\n{}x\n",
            "- ".repeat(depth)
        );
        n.write("units/A-101.yaml", text.as_bytes());
        n.write(
            "ledger/A-101/2026.yaml",
            text.replacen("id: A-101", "unit: A-101", 1).as_bytes(),
        );
        for args in [
            &["check"][..],
            &["unit", "show", "A-101"],
            &["ledger", "A-101"],
        ] {
            let run = n.run(args);
            assert_refused_or_reported(&run, &format!("depth {depth}: {args:?}"));
            assert!(
                run.stdout.contains("units/A-101.yaml:8: ") || run.stderr.contains("A-101.yaml:"),
                "depth {depth}: {args:?}\n{}",
                run.transcript()
            );
        }
    }
}

/// `check` reports on stdout with exit 1; other commands refuse with `error:`.
#[track_caller]
fn assert_refused_or_reported(run: &Run, what: &str) {
    assert_clean(run, what);
    assert_eq!(run.code, 1, "{what}\n{}", run.transcript());
    assert!(
        run.stderr.starts_with("error: "),
        "{what}\n{}",
        run.transcript()
    );
}

#[test]
fn an_error_about_a_huge_value_stays_readable() {
    let n = Nest::new();
    for (what, text) in near_the_limit().into_iter().take(2) {
        n.write("units/A-101.yaml", text.as_bytes());
        let run = n.run(&["unit", "show", "A-101"]);
        assert_refused(&run, what);
        assert!(
            run.stderr.len() < 2000,
            "{what}: an error of {} bytes: {}...",
            run.stderr.len(),
            &run.stderr.chars().take(200).collect::<String>()
        );
    }
}

// ---------------------------------------------------------------------------------
// Alias bombs

/// The classic "billion laughs" (9^9 leaves from 400 bytes) and a linear one: a
/// 400 KB anchored value named by 150,000 aliases (60 GB if expanded).
fn alias_bombs() -> Vec<(&'static str, &'static str, String)> {
    let laughs = "[&a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e], &g [*f,*f,*f,*f,*f,*f,*f,*f,*f], &h [*g,*g,*g,*g,*g,*g,*g,*g,*g], &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]]";
    let big = "x".repeat(400_000);
    let aliases = vec!["*a"; 150_000].join(",");
    let entry = "{at: \"2026-11-20T16:00:00+08:00\", by: *a, event: reported}";
    let entries = vec![entry; (MIB - 420_000) / (entry.len() + 1)].join(",");
    vec![
        (
            "nested laughs in phones",
            KINDS[1].0,
            PARTY.replace(
                "phones:\n- \"13812345678\"\n",
                &format!("phones: {laughs}\n"),
            ),
        ),
        (
            "nested laughs in a note",
            KINDS[2].0,
            TICKET.replace("description: 水龙头漏水", &format!("description: {laughs}")),
        ),
        (
            "400 KB name, 150,000 aliases",
            KINDS[1].0,
            format!(
                "id: P-20261101-AAAAAA\nkind: person\nname: &a \"{big}\"\nroles:\n- tenant\nphones: [{aliases}]\n"
            ),
        ),
        (
            "400 KB description, history of aliases",
            KINDS[2].0,
            TICKET
                .replace(
                    "description: 水龙头漏水",
                    &format!("description: &a \"{big}\""),
                )
                .split("history:")
                .next()
                .unwrap()
                .to_string()
                + &format!("history: [{entries}]\n"),
        ),
    ]
}

#[test]
fn yaml_alias_bombs_are_stopped_quickly_naming_the_file_and_line() {
    for (what, rel, text) in alias_bombs() {
        assert!(text.len() <= MIB, "{what}: {}", text.len());
        let n = Nest::new();
        n.write(rel, text.as_bytes());
        let started = Instant::now();
        let check = n.run(&["check"]);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: {:?}",
            started.elapsed()
        );
        assert_eq!(check.code, 1, "{what}\n{}", check.transcript());
        let located = check.stdout.lines().any(|l| {
            l.strip_prefix(rel)
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| r.split(':').next().unwrap().parse::<usize>().is_ok())
        });
        assert!(
            located,
            "{what}: no {rel}:LINE:\n{}",
            check.stdout.chars().take(500).collect::<String>()
        );
        let show = KINDS.iter().find(|k| k.0 == rel).unwrap().2;
        assert_refused(&n.run(show), what);
    }
}

#[test]
fn yaml_alias_bombs_and_deep_keys_are_explained_in_words() {
    let mut cases: Vec<(String, &str, String)> = alias_bombs()
        .into_iter()
        .skip(2)
        .map(|(w, r, t)| (w.to_string(), r, t))
        .collect();
    cases.push((
        "70 nested complex keys".into(),
        KINDS[0].0,
        format!("{UNIT}{}x\n", "? ".repeat(70)),
    ));
    for (what, rel, text) in cases {
        let n = Nest::new();
        n.write(rel, text.as_bytes());
        let run = n.run(&["check"]);
        assert_eq!(run.code, 1, "{what}\n{}", run.transcript());
        assert!(
            !run.stdout.contains("budget breached") && !run.stdout.contains(" { "),
            "{what}: {}",
            run.stdout.chars().take(400).collect::<String>()
        );
    }
}

// ---------------------------------------------------------------------------------
// Messages that do not say what is wrong

/// `check`'s report of a single unit file.
fn check_unit(text: &str) -> Run {
    let n = Nest::new();
    n.write("units/A-101.yaml", text.as_bytes());
    n.run(&["check"])
}

#[test]
fn a_mapping_or_list_where_a_value_belongs_names_the_field() {
    let run = check_unit(&format!("{UNIT}note:\n  a: 1\n"));
    assert!(
        run.stdout.starts_with("units/A-101.yaml:8: ") && run.stdout.contains("note"),
        "{}",
        run.stdout
    );
    let n = Nest::new();
    n.write(
        "ledger/A-101/2026.yaml",
        LEDGER
            .replacen("- entry: 1\n  ", "  entry: 1\n  ", 1)
            .as_bytes(),
    );
    let run = n.run(&["check"]);
    assert!(run.stdout.contains("entries"), "{}", run.stdout);
}

#[test]
fn a_list_given_for_a_choice_names_the_field_and_the_choices() {
    let n = Nest::new();
    n.write(
        KINDS[2].0,
        TICKET
            .replace("priority: urgent", "priority: [urgent, high]")
            .as_bytes(),
    );
    let run = n.run(&["check"]);
    assert!(
        run.stdout.contains(":10: ")
            && run.stdout.contains("priority")
            && !run.stdout.contains("externally tagged"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_date_asks_for_a_date_not_a_date_and_time() {
    let n = Nest::new();
    n.write(
        KINDS[4].0,
        MOVEOUT
            .replace("date: 2026-11-30", "date: 30/11/2026")
            .as_bytes(),
    );
    n.write(
        KINDS[3].0,
        MOVEIN
            .replace("notice_date: 2026-11-20", "notice_date: 2026-11-31")
            .as_bytes(),
    );
    let run = n.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for l in run.stdout.lines().filter(|l| !l.starts_with("  hint")) {
        assert!(
            !l.contains("date and time") && l.contains("2026-11-23"),
            "expected a date like 2026-11-23: {l}"
        );
    }
}

#[test]
fn every_problem_is_one_line_even_when_the_value_holds_a_newline() {
    let run = check_unit(&UNIT.replace(
        "occupant: P-20261101-AAAAAA",
        "occupant: \"P-20261101-AAAAAA\\n../x\"",
    ));
    assert_eq!(run.code, 1, "{}", run.transcript());
    for l in run.stdout.lines() {
        assert!(
            l.starts_with("units/A-101.yaml:") || l.starts_with("  hint: "),
            "a line that is not a problem: {l:?}\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_file_with_carriage_returns_only_is_explained() {
    let run = check_unit(&UNIT.replace('\n', "\r").replace("floor: 1", "floor: one"));
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("floor") && run.stdout.contains("one"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_tab_in_the_indentation_gets_a_hint_about_tabs() {
    let n = Nest::new();
    n.write(
        "ledger/A-101/2026.yaml",
        LEDGER
            .replace("entries:\n- entry: 1\n", "entries:\n\t- entry: 1\n")
            .as_bytes(),
    );
    let run = n.run(&["check"]);
    assert!(
        run.stdout.starts_with("ledger/A-101/2026.yaml:4: tabs"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("line it up"), "{}", run.stdout);
}

#[test]
fn a_utf16_record_is_named_as_utf16() {
    let mut bytes = vec![0xff, 0xfe];
    for u in UNIT.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let n = Nest::new();
    n.write("units/A-101.yaml", &bytes);
    let run = n.run(&["check"]);
    assert!(
        run.stdout.starts_with("units/A-101.yaml:1: ") && run.stdout.contains("UTF-16"),
        "{}",
        run.stdout
    );
}

#[test]
fn control_characters_in_text_fields_are_reported_and_never_printed_raw() {
    let n = Nest::new();
    n.write(
        "units/A-101.yaml",
        format!("{UNIT}note: \"\\e]0;pwned\\a\\e[31mred\\0\"\n").as_bytes(),
    );
    let check = n.run(&["check"]);
    assert_eq!(
        check.code,
        1,
        "check passes a note holding ESC and NUL\n{}",
        check.transcript()
    );
    for args in [&["unit", "show", "A-101"][..], &["unit", "list"]] {
        let run = n.run(args);
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stdout.contains('\0'),
            "{args:?} prints raw control characters: {:?}",
            run.stdout
        );
    }
}

// ---------------------------------------------------------------------------------
// Template syntax typed into text fields

const TEMPLATE: &str = "{{ 7*7 }} {% include \"/etc/passwd\" %} {{ config }} {{ __tera_context }} {# c #} {% raw %} <script>x</script>";

#[test]
fn template_syntax_typed_into_text_fields_comes_out_literally_in_notices() {
    let t = Test::empty();
    t.run(&["init", "office", "--name", TEMPLATE, "--no-git"])
        .ok();
    let office = t.path().join("office");
    let run = |args: &[&str]| t.run_in(&office, args);
    let emergency = format!("{TEMPLATE}:13900001111:{TEMPLATE}");
    let owner = run(&[
        "party",
        "add",
        "--name",
        TEMPLATE,
        "--role",
        "owner",
        "--phone",
        "13812345678",
        "--emergency",
        &emergency,
        "--contact",
        TEMPLATE,
        "--note",
        TEMPLATE,
    ]);
    let owner = owner.ok().trim().to_string();
    run(&[
        "unit", "add", "A-101", "--area", "10", "--use", "shop", "--owner", &owner, "--note",
        TEMPLATE,
    ])
    .ok();
    let ticket = run(&[
        "ticket",
        "new",
        "--kind",
        "repair",
        "--channel",
        "phone",
        "--unit",
        "A-101",
        "--reporter",
        TEMPLATE,
        "--phone",
        "13812345678",
        "--category",
        "plumbing",
        "--description",
        TEMPLATE,
        "--priority",
        "urgent",
    ]);
    let ticket = ticket.ok().trim().to_string();
    run(&["ticket", "dispatch", &ticket, "--technician", TEMPLATE]).ok();
    let escaped = TEMPLATE
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    for (notice, record) in [("contact-sheet", "A-101"), ("work-order", ticket.as_str())] {
        let text = run(&["notice", notice, record, "-o", "-"]);
        let text = text.ok();
        assert!(
            !text.contains("root:"),
            "{notice}: /etc/passwd included:\n{text}"
        );
        let literal = text.matches(TEMPLATE).count();
        assert!(
            literal >= 2,
            "{notice}: the text is not there literally ({literal}x):\n{text}"
        );
        let html = run(&["notice", notice, record, "--html", "-o", "-"]);
        let html = html.ok();
        assert!(
            !html.contains("root:") && !html.contains("<script>x"),
            "{notice}:\n{html}"
        );
        assert!(
            html.matches(escaped.as_str()).count() >= 2,
            "{notice}: not there escaped:\n{html}"
        );
        // Filed: the same text in notices/.
        let filed = run(&["notice", notice, record]);
        filed.ok();
    }
    let filed: Vec<PathBuf> = walk_files(&office.join("notices"))
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert!(filed.len() >= 2, "{filed:?}");
    for f in filed {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            text.contains(TEMPLATE) && !text.contains("root:"),
            "{}",
            f.display()
        );
    }
    run(&["check"]).ok();
}

#[test]
fn template_syntax_written_into_records_by_hand_comes_out_literally() {
    let n = Nest::new();
    let quoted = TEMPLATE.replace('"', "\\\"");
    n.write(
        KINDS[1].0,
        PARTY
            .replace("name: 张三", &format!("name: \"{quoted}\""))
            .replace("roles:\n- tenant", "roles:\n- owner\n- tenant")
            .as_bytes(),
    );
    n.write(
        "units/A-101.yaml",
        format!("{}owner: P-20261101-AAAAAA\nnote: '{TEMPLATE}'\n", UNIT).as_bytes(),
    );
    n.write(
        KINDS[2].0,
        TICKET
            .replace(
                "description: 水龙头漏水",
                &format!("description: |\n  {TEMPLATE}\n  {{{{ 6*6 }}}}"),
            )
            .as_bytes(),
    );
    let check = n.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    let sheet = n.run(&["notice", "contact-sheet", "A-101", "-o", "-"]);
    assert!(
        sheet.ok().matches(TEMPLATE).count() >= 2,
        "{}",
        sheet.stdout
    );
    let order = n.run(&["notice", "work-order", "T-20261120-AAAAAA", "-o", "-"]);
    let order = order.ok();
    assert!(
        order.contains(TEMPLATE) && order.contains("{{ 6*6 }}") && !order.contains("36"),
        "{order}"
    );
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------
// office.toml

/// A broken `office.toml`: what to do to the file `init` wrote, and the line the
/// error must name (`None`: no line, the file as a whole).
type Breakage = (&'static str, fn(&str) -> Vec<u8>, Option<&'static str>);

fn breakages() -> Vec<Breakage> {
    fn line_after(text: &str, marker: &str, add: &str) -> Vec<u8> {
        let i = text.find(marker).unwrap() + marker.len();
        let end = i + text[i..].find('\n').unwrap() + 1;
        format!("{}{add}\n{}", &text[..end], &text[end..]).into_bytes()
    }
    vec![
        (
            "an unknown top-level key",
            |t| line_after(t, "\nname = ", "colour = \"red\""),
            Some("colour"),
        ),
        (
            "an unknown key in a table",
            |t| line_after(t, "\n[movein]", "foo = 1"),
            Some("foo = 1"),
        ),
        (
            "a number as text",
            |t| {
                t.replace("welcome_visit_days = 3", "welcome_visit_days = \"three\"")
                    .into_bytes()
            },
            Some("welcome_visit_days = \"three\""),
        ),
        (
            "text as a number",
            |t| {
                t.replace("currency = \"CNY\"", "currency = 12")
                    .into_bytes()
            },
            Some("currency = 12"),
        ),
        (
            "an unknown locale",
            |t| {
                t.replace("locale = \"zh-CN\"", "locale = \"fr\"")
                    .into_bytes()
            },
            Some("locale = \"fr\""),
        ),
        (
            "an unknown time zone",
            |t| {
                t.replace(
                    "timezone = \"Asia/Shanghai\"",
                    "timezone = \"Mars/Olympus\"",
                )
                .into_bytes()
            },
            Some("timezone = \"Mars"),
        ),
        (
            "bad opening hours",
            |t| {
                t.replace("hours = \"09:00-18:00\"", "hours = \"9 to 5\"")
                    .into_bytes()
            },
            Some("\"9 to 5\""),
        ),
        (
            "an unclosed string",
            |t| {
                t.replacen("name = \"测试大厦\"", "name = \"测试大厦", 1)
                    .into_bytes()
            },
            Some("name ="),
        ),
        (
            "an unclosed table header",
            |t| t.replacen("[calendar]", "[calendar", 1).into_bytes(),
            Some("[calendar"),
        ),
        (
            "a key given twice",
            |t| line_after(t, "\nname = ", "name = \"again\""),
            Some("name = \"again\""),
        ),
        (
            "a {{ template }} as a table",
            |t| t.replacen("[calendar]", "[{{ 7*7 }}]", 1).into_bytes(),
            Some("[{{"),
        ),
        (
            "a NUL byte",
            |t| {
                t.replacen("name = \"测试大厦\"", "name = \"测试\0大厦\"", 1)
                    .into_bytes()
            },
            Some("name ="),
        ),
        (
            "Latin-1 text",
            |t| {
                let mut b = t
                    .replacen("name = \"测试大厦\"", "name = \"caf#\"", 1)
                    .into_bytes();
                let i = b.windows(5).position(|w| w == b"caf#\"").unwrap();
                b[i + 3] = 0xe9;
                b
            },
            Some("name ="),
        ),
        (
            "UTF-16 with a BOM",
            |t| {
                let mut b = vec![0xff, 0xfe];
                for u in t.encode_utf16() {
                    b.extend(u.to_le_bytes());
                }
                b
            },
            Some("# office.toml"),
        ),
        (
            "arrays nested 30,000 deep",
            |t| {
                line_after(
                    t,
                    "\nname = ",
                    &format!("x = {}{}", "[".repeat(30_000), "]".repeat(30_000)),
                )
            },
            Some("x = [[["),
        ),
        (
            "an unknown notice in [privacy] full_numbers_in",
            |t| {
                t.replace(
                    "full_numbers_in = []",
                    "full_numbers_in = [\"contact-sheet\", \"phone-book\"]",
                )
                .into_bytes()
            },
            Some("full_numbers_in = [\"contact-sheet\", \"phone"),
        ),
        (
            "[privacy] full_numbers_in as text, not a list",
            |t| {
                t.replace(
                    "full_numbers_in = []",
                    "full_numbers_in = \"contact-sheet\"",
                )
                .into_bytes()
            },
            Some("full_numbers_in = \"contact"),
        ),
        ("an empty file", |_| Vec::new(), Some("")),
        (
            "over one mebibyte",
            |t| format!("{t}# {}\n", "x".repeat(MIB)).into_bytes(),
            None,
        ),
    ]
}

#[test]
fn a_broken_office_toml_is_a_configuration_error_naming_its_line() {
    let n = Nest::new();
    let original = n.read("office.toml");
    for (what, breaks, marker) in breakages() {
        let bytes = breaks(&original);
        n.write("office.toml", &bytes);
        let text = String::from_utf8_lossy(&bytes);
        let expected = match marker {
            Some("") => "error: office.toml:1: ".to_string(),
            Some(m) => {
                let line = text
                    .lines()
                    .position(|l| !l.starts_with('#') && l.contains(m))
                    .map_or(1, |i| i + 1);
                let line = if what == "UTF-16 with a BOM" { 1 } else { line };
                format!("error: office.toml:{line}: ")
            }
            None => "error: office.toml: ".to_string(),
        };
        let before = n.snapshot();
        for args in [
            &["check"][..],
            &["unit", "list"],
            &["agenda"],
            &["pay", "A-101", "1"],
        ] {
            let run = n.run(args);
            assert_refused(&run, &format!("{what}: {args:?}"));
            assert_eq!(run.code, 2, "{what}: {args:?}\n{}", run.transcript());
            assert!(
                run.stderr.starts_with(&expected),
                "{what}: {args:?}: expected {expected:?}\n{}",
                run.stderr
            );
        }
        assert_eq!(
            changes(&before, &n.snapshot()),
            Vec::<String>::new(),
            "{what}"
        );
    }
    n.write("office.toml", original.as_bytes());
    n.run(&["check"]).ok();
}

#[test]
fn an_office_toml_that_is_a_folder_or_a_link_out_of_the_tree_is_refused() {
    let n = Nest::new();
    let original = n.read("office.toml");
    n.remove("office.toml");
    n.write("office.toml/keep.txt", b"x\n");
    let run = n.run(&["check"]);
    assert_refused(&run, "office.toml is a folder");
    assert_eq!(run.code, 2, "{}", run.transcript());
    n.remove("office.toml");
    #[cfg(unix)]
    {
        n.write_outside("office.toml", original.as_bytes());
        std::os::unix::fs::symlink(
            n.outside().join("office.toml"),
            n.office.join("office.toml"),
        )
        .unwrap();
        let before = n.snapshot();
        for args in [&["check"][..], &["unit", "edit", "A-101", "--note", "x"]] {
            assert_clean(&n.run(args), &format!("{args:?}"));
        }
        n.assert_nothing_written_outside(&before, "office.toml linked");
    }
}

#[test]
fn a_wrong_type_in_office_toml_names_the_key() {
    let n = Nest::new();
    let original = n.read("office.toml");
    for (what, breaks, marker) in breakages().into_iter().skip(2).take(2) {
        n.write("office.toml", &breaks(&original));
        let run = n.run(&["check"]);
        let key = marker.unwrap().split(" =").next().unwrap();
        assert!(
            run.stderr.contains(key) && !run.stderr.contains("u32"),
            "{what}: the message should name `{key}` and say what is expected in words\n{}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------------
// The catalogue, through the commands that read the whole office

#[test]
fn commands_reading_the_whole_office_end_cleanly_on_every_catalogue_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let chunks: Vec<&[PathBuf]> = cases.chunks(cases.len().div_ceil(4)).collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for case in chunk.iter() {
                        let name = case.file_name().unwrap().to_string_lossy().into_owned();
                        let t = Test::empty();
                        t.write("office.toml", office_toml());
                        copy_tree(case, case, t.path());
                        // The agenda reads no units or parties alone.
                        let registry_only = std::fs::read_dir(case).unwrap().all(|e| {
                            let name = e.unwrap().file_name();
                            ["units", "parties", "expected.txt"]
                                .iter()
                                .any(|d| name == *d)
                        });
                        let commands: &[&[&str]] = if registry_only {
                            &[&["report", "--month", "2026-11"]]
                        } else {
                            &[
                                &["agenda", "--days", "30"],
                                &["report", "--month", "2026-11"],
                            ]
                        };
                        for args in commands {
                            let run = t.run(args);
                            if !matches!(run.code, 0 | 1)
                                || run.stderr.contains("panicked")
                                || (run.code == 1 && !run.stderr.starts_with("error: "))
                            {
                                failures.push(format!("{name}: {args:?}\n{}", run.transcript()));
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn copy_tree(root: &Path, dir: &Path, office: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let rel = p.strip_prefix(root).unwrap();
        if p.is_dir() {
            copy_tree(root, &p, office);
        } else if rel != Path::new("expected.txt") {
            let to = office.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&p, &to).unwrap();
        }
    }
}
