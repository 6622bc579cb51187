//! The office generator (`examples/gen-office`): a small office with three years of
//! history checks clean, holds every procedure's records, every ticket state and a
//! dunning case for every unit in arrears, and the same seed gives the same bytes.
//!
//! The generator's source is compiled into this test binary (the example's `main.rs`
//! and its modules, through `#[path]`) and run in-process: no second cargo build, which
//! would wait on the build lock `cargo test` holds.

#[allow(dead_code)]
#[path = "../../examples/gen-office/main.rs"]
mod gen_office;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use propdesk::model::ledger::Ledger;
use propdesk::procedure::dunning::{CaseStatus, DunningCase};
use propdesk::procedure::ticket::{Status, Ticket};
use propdesk::store::yaml::from_yaml;

use crate::common::*;

fn generate(out: &Path, seed: u64) -> gen_office::Summary {
    gen_office::generate(&gen_office::Args {
        units: 60,
        years: 3,
        seed,
        out: out.to_path_buf(),
        until: "2026-11-23".parse().unwrap(),
    })
    .unwrap_or_else(|(code, m)| panic!("gen-office failed ({code}): {m}"))
}

/// The office of seed 1, generated once for the tests that read it.
fn office() -> &'static Path {
    static OFFICE: OnceLock<tempfile::TempDir> = OnceLock::new();
    OFFICE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            generate(&dir.path().join("office"), 1);
            dir
        })
        .path()
}

fn office_dir() -> PathBuf {
    office().join("office")
}

/// Every file under `dir`, relative, with its bytes; not propdesk's own working
/// folder (the lock the other tests' commands take).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for f in walkdir::WalkDir::new(dir) {
        let f = f.unwrap();
        let rel = f
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if f.file_type().is_file() && !rel.starts_with(propdesk::store::WORK_DIR) {
            out.insert(rel, std::fs::read(f.path()).unwrap());
        }
    }
    out
}

/// The record files under `dir/sub` (no `.gitkeep`).
fn records(dir: &Path, sub: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir.join(sub))
        .into_iter()
        .map(|f| f.unwrap())
        .filter(|f| f.file_type().is_file() && !f.file_name().to_string_lossy().starts_with('.'))
        .map(|f| f.path().to_path_buf())
        .collect()
}

#[test]
fn a_generated_office_checks_clean_and_the_morning_commands_show_it() {
    let dir = office_dir();
    let o = dir.to_string_lossy().into_owned();
    let t = Test::empty();
    let out = t.run(&["--office", &o, "check"]);
    out.ok();
    assert!(out.stderr.contains("no problems"), "{}", out.stderr);
    let agenda = t.run(&["--office", &o, "agenda"]);
    assert!(agenda.ok().lines().count() > 3, "{}", agenda.stdout);
    let report = t.run(&["--office", &o, "report"]);
    assert!(report.ok().contains("收缴率"), "{}", report.stdout);
    // The morning's run was made at 07:40: at 09:30 it has nothing left to do.
    let dry = t.run(&["--office", &o, "dunning", "run", "--dry-run"]);
    dry.ok();
    // A week on, the morning run writes no ledger: late fees accrue, and its cases
    // wait for approvals or are at the ladder's last step.
    let later = t.run(&[
        "--office",
        &o,
        "--now",
        "2026-11-30T07:40",
        "dunning",
        "run",
        "--dry-run",
    ]);
    let said = later.ok();
    assert!(!said.contains("ledger/"), "{said}");
    let open = t.run(&["--office", &o, "dunning"]);
    assert!(open.ok().lines().count() > 2, "{}", open.stdout);
}

#[test]
fn every_procedure_has_records_and_every_ticket_state_shows() {
    let dir = office_dir();
    for sub in [
        "units", "parties", "moveins", "tickets", "permits", "ledger", "dunning", "moveouts",
        "notices",
    ] {
        assert!(!records(&dir, sub).is_empty(), "{sub}/ is empty");
    }
    let mut statuses = BTreeSet::new();
    let mut paused = 0;
    for f in records(&dir, "tickets") {
        let t: Ticket = from_yaml(&std::fs::read_to_string(&f).unwrap(), "t").unwrap();
        statuses.insert(t.status);
        paused += usize::from(t.is_paused());
    }
    for s in Status::ALL {
        assert!(statuses.contains(&s), "no ticket is {s}");
    }
    assert!(paused > 0, "no ticket is paused");
    // Move-ins and move-outs, some completed and some in progress.
    let text = |sub| {
        records(&dir, sub)
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect::<Vec<_>>()
    };
    for sub in ["moveins", "moveouts"] {
        let all = text(sub);
        assert!(
            all.iter().any(|t| t.contains("\nstatus: completed\n")),
            "{sub}"
        );
        assert!(
            all.iter().any(|t| t.contains("\nstatus: in-progress\n")),
            "{sub}"
        );
    }
    let permits = text("permits").join("\n");
    for kind in ["renovation", "access-card", "goods-exit", "overtime-ac"] {
        assert!(
            permits.contains(&format!("\nkind: {kind}\n")),
            "no {kind} permit"
        );
    }
}

#[test]
fn every_unit_in_arrears_has_its_dunning_case_open() {
    let dir = office_dir();
    let settings = propdesk::context::load_settings(&dir).unwrap();
    let clearing = &settings.config.billing.clearing_order;
    let today: chrono::NaiveDate = "2026-11-23".parse().unwrap();
    let mut arrears = 0;
    // Each unit's open book: the latest year's (the years before are closed books).
    let mut open: std::collections::BTreeMap<std::path::PathBuf, std::path::PathBuf> =
        std::collections::BTreeMap::new();
    for f in records(&dir, "ledger") {
        let unit = f.parent().unwrap().to_path_buf();
        let latest = open.entry(unit).or_insert_with(|| f.clone());
        if f > *latest {
            *latest = f;
        }
    }
    for f in open.into_values() {
        let l: Ledger = from_yaml(&std::fs::read_to_string(&f).unwrap(), "l").unwrap();
        let (state, problems) = l.replay(clearing);
        assert!(problems.is_empty(), "{}: {problems:?}", l.unit);
        if state.overdue_total(today).is_zero() {
            continue;
        }
        arrears += 1;
        let case = dir.join("dunning").join(format!("{}.yaml", l.unit));
        let c: DunningCase = from_yaml(&std::fs::read_to_string(&case).unwrap(), "c")
            .unwrap_or_else(|e| panic!("{}: {}", l.unit, e.message));
        assert_eq!(c.status, CaseStatus::Open, "{}", l.unit);
        assert!(!c.steps.is_empty(), "{}: no step reached", l.unit);
    }
    assert!(arrears >= 2, "only {arrears} units in arrears");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_office() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again");
    generate(&again, 1);
    let first = tree(&office_dir());
    let second = tree(&again);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(second[k] == *v, "{k} differs");
    }
    let other = dir.path().join("other");
    generate(&other, 2);
    let third = tree(&other);
    let same = first
        .iter()
        .filter(|(k, v)| third.get(*k) == Some(*v))
        .count();
    // Only office.toml, .gitignore and the folder markers are alike.
    assert!(same < 20, "{same} files alike across seeds");
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x"), "x").unwrap();
    let err = gen_office::generate(&gen_office::Args {
        units: 5,
        years: 1,
        seed: 1,
        out: dir.path().to_path_buf(),
        until: "2026-11-23".parse().unwrap(),
    })
    .unwrap_err();
    assert_eq!(err.0, 2, "{}", err.1);
    assert!(err.1.contains("not empty"), "{}", err.1);
}

#[test]
fn every_notice_of_a_generated_office_adds_up() {
    let read = crate::adds_up::every_notice_adds_up(&office_dir(), "2026-11-23T09:30");
    assert!(read >= 120, "{read} notices read");
}
