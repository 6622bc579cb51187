//! Faults (issue 9): writers killed at random moments in every mutating command, many
//! writers at once, and a full disk. Each checks the promises of "Safety of the records"
//! in the README: a change lands whole or not at all, an acknowledged change is never
//! lost, the next command completes or rolls back what a killed writer left, and
//! `propdesk check` is clean afterwards.
//!
//! The crash test kills 4 writers per step of an office's day (about 330 kills in all,
//! under a minute in a debug build on 2 cores). For a long local soak, multiply that:
//!
//! ```sh
//! PROPDESK_FAULT_ROUNDS=25 cargo test --test integration faults -- --nocapture
//! ```
//!
//! The full-disk tests mount a small tmpfs, and a loop-mounted ext4 image, which needs
//! root (CI runs as root). Elsewhere they say why on stderr and pass, unless
//! `PROPDESK_REQUIRE_MOUNT=1`, where they fail.

use crate::common::*;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `PROPDESK_FAULT_ROUNDS`: how many times over the crash test kills (default 1).
fn rounds() -> u64 {
    std::env::var("PROPDESK_FAULT_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// A simple LCG, so that every run kills at the same pseudo-random moments.
fn lcg(seed: u64) -> u64 {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for _ in 0..3 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
    x >> 33
}

/// Every file of an office with its bytes (dot files and temp files included), except
/// propdesk's own working folder `.propdesk/` (the lock names its holder; never
/// committed).
type Snapshot = BTreeMap<String, Vec<u8>>;

fn snapshot(root: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
        for e in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let e = e.unwrap();
            let p = e.path();
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel == ".propdesk" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = Snapshot::new();
    walk(root, root, &mut out);
    out
}

/// What differs between two snapshots, for a failure message.
fn differences(a: &Snapshot, b: &Snapshot) -> String {
    let mut lines = Vec::new();
    for (f, bytes) in a {
        match b.get(f) {
            None => lines.push(format!("  only before: {f}")),
            Some(other) if other != bytes => lines.push(format!("  changed:     {f}")),
            Some(_) => {}
        }
    }
    for f in b.keys().filter(|f| !a.contains_key(*f)) {
        lines.push(format!("  only after:  {f}"));
    }
    lines.join("\n")
}

/// Copies an office (without `.propdesk/`) into the existing folder `to`.
fn copy_office(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let p = to.join(&rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
}

/// Brings the office in `dir` to exactly `target` (outside `.propdesk/`), writing only
/// the files that differ: copying a whole office costs more than running a command.
fn sync_to(dir: &Path, target: &Snapshot) {
    let current = snapshot(dir);
    for f in current.keys().filter(|f| !target.contains_key(*f)) {
        fs::remove_file(dir.join(f)).unwrap();
    }
    for (f, bytes) in target {
        if current.get(f) != Some(bytes) {
            let p = dir.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
}

/// propdesk in the office `dir` at the clock `now`, with the pinned environment of
/// every test (seed 1, user `tester`).
fn propdesk(dir: &Path, now: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("PROPDESK_NOW", now)
        .env("PROPDESK_SEED", "1")
        .env("PROPDESK_USER", "tester")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .current_dir(dir)
        .stdin(Stdio::null())
        .args(args);
    c
}

fn run_at(dir: &Path, now: &str, args: &[&str]) -> Run {
    let out = propdesk(dir, now, args).output().expect("run propdesk");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The state of the journal a writer left (`prepare`, `commit`), if any.
fn journal_state(office: &Path) -> Option<String> {
    let text = fs::read_to_string(office.join(".propdesk/journal")).ok()?;
    Some(text.lines().nth(1).unwrap_or("").to_string())
}

/// propdesk's temp files anywhere in the office outside `.propdesk/`.
fn temp_files(snap: &Snapshot) -> Vec<String> {
    snap.keys()
        .filter(|f| f.ends_with(".tmp") || f.contains(".propdesk-"))
        .cloned()
        .collect()
}

/// The ID of the party named `name` in the office.
fn party_named(office: &Path, name: &str) -> String {
    let want = format!("\nname: {name}\n");
    snapshot(office)
        .into_iter()
        .find(|(f, bytes)| {
            f.starts_with("parties/") && String::from_utf8_lossy(bytes).contains(&want)
        })
        .and_then(|(f, _)| {
            f.strip_prefix("parties/")?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no party named {name}"))
}

/// The entries of a ledger file: `(entry number, amount, ref)`, in file order.
fn ledger_entries(text: &str) -> Vec<(u32, String, Option<String>)> {
    let mut out: Vec<(u32, String, Option<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("- entry: ") {
            out.push((n.trim().parse().unwrap(), String::new(), None));
        } else if let Some(last) = out.last_mut() {
            if let Some(a) = line.strip_prefix("  amount: ") {
                last.1 = a.trim().trim_matches('"').to_string();
            } else if let Some(r) = line.strip_prefix("  ref: ") {
                last.2 = Some(r.trim().trim_matches('"').to_string());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// 1. Every mutating command killed at random moments
// ---------------------------------------------------------------------------

/// A day (and a bit) at the demo tower's desk, one command per step, every procedure:
/// `(clock, command, name its output is kept as)`. The command's words are split on
/// spaces; `{name}` is an earlier step's output (an ID) or a demo party's ID.
const DAY: &[(&str, &str, &str)] = &[
    // The registry.
    (
        "2026-11-23T09:30",
        "party add --name 赵六贸易有限公司 --kind company --role tenant --phone 13800001234 --contact 赵六",
        "tenant",
    ),
    (
        "2026-11-23T09:30",
        "party edit {tenant} --emergency 钱七:13900002222:同事",
        "",
    ),
    (
        "2026-11-23T09:30",
        "unit add A-1301 --area 132.50 --use office --owner {owner}",
        "",
    ),
    ("2026-11-23T09:30", "unit edit A-1301 --note 新装修", ""),
    ("2026-11-23T09:30", "unit import {units_csv}", ""),
    ("2026-11-23T09:30", "party import {parties_csv}", ""),
    // Billing, collection, payments, deposits and notices.
    ("2026-11-23T09:30", "bill run --month 2026-11", ""),
    (
        "2026-11-23T09:42",
        "pay A-1201 3000 --ref SK-001 --method transfer",
        "",
    ),
    (
        "2026-11-23T09:43",
        "pay A-1203 30000 --deposit lease --ref SK-002",
        "",
    ),
    (
        "2026-11-23T09:44",
        "bill charge A-1203 320 --item repair-fee --text 更换水龙头 --due 2026-11-30",
        "",
    ),
    (
        "2026-11-23T09:45",
        "bill waive A-1201 10 --approver 张经理 --reason 首次逾期",
        "",
    ),
    (
        "2026-11-23T09:46",
        "ledger refund A-1203 1000 --deposit lease --method transfer --ref V-1",
        "",
    ),
    ("2026-11-23T09:47", "notice contact-sheet A-1203", ""),
    ("2026-11-23T09:48", "ledger A-1203 --notice", ""),
    // A chargeable repair.
    (
        "2026-11-23T10:00",
        "ticket new --kind repair --channel phone --unit A-1203 --reporter 王先生 --phone 13812345678 --category plumbing --description 水龙头漏水 --priority urgent",
        "repair",
    ),
    (
        "2026-11-23T10:02",
        "ticket dispatch {repair} --technician 李师傅",
        "",
    ),
    ("2026-11-23T10:10", "ticket arrive {repair}", ""),
    (
        "2026-11-23T10:15",
        "ticket quote {repair} --item 更换水龙头 --price 80 --priced-by 张主管",
        "",
    ),
    (
        "2026-11-23T10:16",
        "ticket consent {repair} --signer 王先生",
        "",
    ),
    (
        "2026-11-23T10:40",
        "ticket finish {repair} --work 更换水龙头 --materials 水龙头1个 --signed-by 王先生",
        "",
    ),
    ("2026-11-23T11:00", "ticket return {repair}", ""),
    ("2026-11-23T11:05", "notice work-order {repair}", ""),
    (
        "2026-11-23T14:00",
        "ticket callback {repair} --method phone --satisfied --score 5",
        "",
    ),
    ("2026-11-23T14:01", "ticket close {repair}", ""),
    // A complaint.
    (
        "2026-11-23T14:10",
        "ticket new --kind complaint --channel phone --unit A-1201 --reporter 刘女士 --category noise --description 隔壁夜间施工",
        "complaint",
    ),
    (
        "2026-11-23T14:15",
        "ticket assess {complaint} --valid --department 保安部 --person 刘队长",
        "",
    ),
    (
        "2026-11-23T14:20",
        "ticket feedback {complaint} --note 已致歉",
        "",
    ),
    (
        "2026-11-23T14:30",
        "ticket action {complaint} --note 已通知施工方停工",
        "",
    ),
    (
        "2026-11-23T14:35",
        "ticket reply {complaint} --note 已处理",
        "",
    ),
    (
        "2026-11-23T15:00",
        "ticket callback {complaint} --method phone --satisfied",
        "",
    ),
    ("2026-11-23T15:05", "ticket sign-off {complaint}", ""),
    // A move-in with a defect (a ticket).
    (
        "2026-11-23T15:10",
        "movein new --unit A-1301 --party {tenant} --notice-date 2026-11-23 --lease-start 2026-12-01 --lease-end 2027-11-30",
        "movein",
    ),
    (
        "2026-11-23T15:11",
        "movein receive {movein} movein-notice lease-copy business-licence-copy deposit-receipt --from 赵六",
        "",
    ),
    (
        "2026-11-23T15:12",
        "movein handout {movein} tenant-handbook renovation-rules safety-handbook fire-responsibility-agreement access-card-form --signed-by 赵六",
        "",
    ),
    (
        "2026-11-23T15:20",
        "movein inspect {movein} --attendee 工程部-周 --attendee 赵六 --meter electricity=12345.6 --meter water=321.05 --defect walls=窗边墙面裂缝",
        "",
    ),
    ("2026-11-23T15:25", "movein bill {movein}", ""),
    ("2026-11-23T15:26", "pay A-1301 5000 --ref SK-003", ""),
    (
        "2026-11-23T15:27",
        "movein keys {movein} --key 大门=2 --key 信箱=1 --signed-by 赵六",
        "",
    ),
    (
        "2026-11-23T15:28",
        "movein handover {movein} --signed-by 赵六",
        "",
    ),
    (
        "2026-11-23T15:30",
        "movein complete {movein} --reinspect 2026-11-30",
        "",
    ),
    ("2026-11-23T15:31", "notice welcome-letter {movein}", ""),
    // A renovation permit up to its issue.
    (
        "2026-11-24T09:00",
        "permit new --unit A-1203 --applicant {accountants} --contractor 华美装饰 --description 隔断及地毯 --from 2026-12-01 --to 2027-01-31 --workers 5",
        "permit",
    ),
    (
        "2026-11-24T09:10",
        "permit approve {permit} --as desk-clerk",
        "",
    ),
    (
        "2026-11-24T09:10",
        "permit approve {permit} --as engineering-supervisor",
        "",
    ),
    (
        "2026-11-24T09:10",
        "permit approve {permit} --as security-supervisor",
        "",
    ),
    (
        "2026-11-24T09:10",
        "permit approve {permit} --as fire-safety-officer",
        "",
    ),
    (
        "2026-11-24T09:10",
        "permit approve {permit} --as manager",
        "",
    ),
    (
        "2026-11-24T09:20",
        "permit receive {permit} application-form drawings materials-list contractor-licence contractor-qualification site-manager-id-copy workers-list owner-consent --from 华美装饰",
        "",
    ),
    (
        "2026-11-24T09:21",
        "permit sign {permit} management-agreement owner-commitment contractor-commitment workers-rules fire-security-responsibility --signed-by 孙磊",
        "",
    ),
    ("2026-11-24T09:22", "permit bill {permit}", ""),
    // Exactly what A-1203 owes: money paid in advance would trip the bug of
    // `permit_refund_with_a_lost_pass_works_when_the_unit_has_paid_in_advance`.
    (
        "2026-11-24T09:23",
        "pay A-1203 4679.55 --ref R-1124 --method transfer",
        "",
    ),
    (
        "2026-11-24T09:24",
        "pay A-1203 5000 --deposit renovation --ref D-1124-1",
        "",
    ),
    (
        "2026-11-24T09:25",
        "pay A-1203 50 --deposit pass --ref D-1124-2",
        "",
    ),
    ("2026-11-24T09:26", "permit issue {permit}", ""),
    // The new tenant leaves again at short notice.
    (
        "2026-11-24T10:00",
        "moveout new --unit A-1301 --move-out 2026-11-30 --short-reason 公司搬迁 --approved-by 张经理 --agreement TA-2026-031 --agreement-approved-by 王总",
        "moveout",
    ),
    (
        "2026-11-24T10:01",
        "notice moveout-acknowledgement {moveout}",
        "",
    ),
    (
        "2026-11-24T10:02",
        "moveout consent {moveout} --signed-by 业主-远景置业（盖章）",
        "",
    ),
    (
        "2026-11-24T10:03",
        "moveout lift {moveout} --day 2026-11-30 --time 09:00-12:00",
        "",
    ),
    (
        "2026-11-30T12:00",
        "moveout inspect {moveout} --attendee 工程部-周 --attendee 保安部-刘 --attendee 赵六 --meter electricity=12400.6 --meter water=330.05 --damage floor=地板划伤 --price floor=300",
        "",
    ),
    (
        "2026-11-30T12:10",
        "moveout keys {moveout} --key 大门=2 --key 信箱=1 --received-by 保安部-刘",
        "",
    ),
    (
        "2026-11-30T12:20",
        "moveout cleaning {moveout} --with 保洁部",
        "",
    ),
    ("2026-11-30T12:30", "moveout settle {moveout}", ""),
    ("2026-11-30T12:31", "notice settlement {moveout}", ""),
    // Settlement before the exit pass.
    (
        "2026-11-30T12:32",
        "moveout exit-pass {moveout} --item 办公桌20张 --item 保险柜2个",
        "pass",
    ),
    (
        "2026-11-30T12:33",
        "permit sign-exit {pass} --side owner --signed-by 周志刚",
        "",
    ),
    (
        "2026-11-30T12:34",
        "permit sign-exit {pass} --side tenant --signed-by 赵六",
        "",
    ),
    (
        "2026-11-30T12:35",
        "permit sign-exit {pass} --side desk --signed-by 前台-王",
        "",
    ),
    (
        "2026-11-30T12:36",
        "permit security {pass} --guard 保安部-刘",
        "",
    ),
    ("2026-11-30T12:40", "moveout complete {moveout}", ""),
    (
        "2026-11-30T12:50",
        "moveout refund {moveout} --method transfer --ref V-118",
        "",
    ),
    // December, and the renovation to its refund.
    ("2026-12-01T08:00", "bill run --month 2026-12", ""),
    // November, billed late on the 23rd, fell due on the 30th (the grace days): the
    // ladder opens its cases. Late fees accrue; the run posts none.
    ("2026-12-02T08:00", "dunning run", ""),
    (
        "2026-12-02T09:40",
        "dunning log A-1201 --channel phone --outcome 答应周四前付款",
        "",
    ),
    (
        "2026-12-02T09:41",
        "dunning promise A-1201 --until 2026-12-03",
        "",
    ),
    (
        "2026-12-03T10:00",
        "permit violation {permit} --description 午休施工 --deadline 2026-12-05 --fine 200",
        "",
    ),
    // Day 4 of A-1201's case waits for the manager.
    ("2026-12-04T08:00", "dunning run", ""),
    ("2026-12-04T09:30", "dunning approve A-1201 --by 张经理", ""),
    ("2026-12-04T09:31", "dunning sign A-1201", ""),
    ("2026-12-05T10:00", "permit rectified {permit} 1", ""),
    ("2026-12-05T10:01", "pay A-1203 200 --ref R-1205", ""),
    (
        "2027-01-27T10:00",
        "permit complete {permit} --on 2027-01-30",
        "",
    ),
    (
        "2027-01-30T10:00",
        "permit accept {permit} --pass --note 合格",
        "",
    ),
    (
        "2027-01-30T10:01",
        "permit passes {permit} --returned 4 --lost 1",
        "",
    ),
    ("2027-01-30T10:02", "permit refund {permit}", ""),
];

/// Where a killed writer left the office once the next command had run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// It exited 0 before the kill: the change must be there.
    Finished,
    /// Killed with no journal and nothing changed.
    Untouched,
    /// Killed before its commit point: the next command rolled it back.
    RolledBack,
    /// Killed after its commit point: the next command completed it.
    RolledForward,
    /// Killed after the change was published and the journal removed.
    Landed,
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    kills: u32,
    finished: u32,
    untouched: u32,
    rolled_back: u32,
    rolled_forward: u32,
    landed: u32,
}

impl Tally {
    fn add(&mut self, o: Outcome) {
        self.kills += 1;
        match o {
            Outcome::Finished => self.finished += 1,
            Outcome::Untouched => self.untouched += 1,
            Outcome::RolledBack => self.rolled_back += 1,
            Outcome::RolledForward => self.rolled_forward += 1,
            Outcome::Landed => self.landed += 1,
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.kills += o.kills;
        self.finished += o.finished;
        self.untouched += o.untouched;
        self.rolled_back += o.rolled_back;
        self.rolled_forward += o.rolled_forward;
        self.landed += o.landed;
    }
}

/// Runs a step to the end in `office`: the run and how long it took.
fn timed_run(office: &Path, now: &str, args: &[&str]) -> (Run, Duration) {
    let start = Instant::now();
    let run = run_at(office, now, args);
    (run, start.elapsed())
}

/// Runs the step in `office` (brought to `before`), kills it after `delay`, lets the
/// next command (`check`) complete or roll back what it left, and says which of the
/// two allowed states the office is in. Panics on anything else.
#[allow(clippy::too_many_arguments)]
fn kill_once(
    what: &str,
    office: &Path,
    now: &str,
    args: &[&str],
    delay: Duration,
    before: &Snapshot,
    after: &Snapshot,
    stdout_after: &str,
) -> Outcome {
    sync_to(office, before);
    let mut child = propdesk(office, now, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn propdesk");
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let acked = match out.status.code() {
        Some(0) => true,
        None => false,
        Some(c) => panic!(
            "{what}: failed on its own with exit {c}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    let journal = journal_state(office);
    if acked {
        assert_eq!(journal, None, "{what}: exited 0 leaving a journal");
        assert_eq!(stdout, stdout_after, "{what}: printed something else");
    }
    // A reader reads the office as committed, finding no problem; the next writer
    // (`migrate`, with nothing to do) completes or rolls back the change.
    if journal.is_some() {
        let check = run_at(office, now, &["check"]);
        assert_eq!(
            check.code, 0,
            "{what} killed after {delay:?} (journal {journal:?}): check reads a problem\n{}{}",
            check.stdout, check.stderr
        );
        let next = run_at(office, now, &["migrate"]);
        assert_eq!(next.code, 0, "{}", next.stderr);
        let check = run_at(office, now, &["check"]);
        assert_eq!(
            check.code, 0,
            "{what} killed after {delay:?} (journal {journal:?}): check is not clean\n{}{}",
            check.stdout, check.stderr
        );
        assert!(
            !office.join(".propdesk/journal").exists(),
            "{what}: the journal outlived the next command"
        );
    }
    let snap = snapshot(office);
    let state_after = if &snap == before {
        false
    } else if &snap == after {
        true
    } else {
        panic!(
            "{what} killed after {delay:?} (journal {journal:?}, exit {:?}): the office is neither as before nor as after\nagainst before:\n{}\nagainst after:\n{}",
            out.status.code(),
            differences(before, &snap),
            differences(after, &snap)
        );
    };
    match (acked, journal.as_deref(), state_after) {
        (true, _, true) => Outcome::Finished,
        (true, _, false) => panic!("{what}: exited 0 but its change is not on disk"),
        (false, Some("commit"), true) => Outcome::RolledForward,
        (false, Some("commit"), false) => {
            panic!("{what} killed after {delay:?}: a committed change was rolled back")
        }
        (false, Some(_), false) => Outcome::RolledBack,
        (false, Some(state), true) => {
            panic!("{what} killed after {delay:?}: a journal in state {state:?} was rolled forward")
        }
        (false, None, false) => Outcome::Untouched,
        (false, None, true) => Outcome::Landed,
    }
}

#[test]
fn every_mutating_command_killed_at_random_moments_leaves_its_change_whole_or_absent() {
    let kills = 4 * rounds();
    let started = Instant::now();
    let demo = Test::demo("zh-CN");
    // The spreadsheets to import, outside the office.
    let aside = tempfile::tempdir().unwrap();
    let units_csv = aside.path().join("units.csv");
    let mut text = String::from("id,area,use\n");
    for i in 1..=12 {
        text.push_str(&format!("B-1{i:02},{}.50,shop\n", 60 + i));
    }
    fs::write(&units_csv, text).unwrap();
    let parties_csv = aside.path().join("parties.csv");
    let mut text = String::from("name,kind,roles,phones\n");
    for i in 1..=6 {
        text.push_str(&format!("导入业主{i},person,owner,1380000000{i}\n"));
    }
    fs::write(&parties_csv, text).unwrap();

    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert(
        "owner".into(),
        party_named(demo.path(), "北京远景置业有限公司"),
    );
    vars.insert(
        "accountants".into(),
        party_named(demo.path(), "京城会计师事务所"),
    );
    vars.insert("units_csv".into(), units_csv.to_string_lossy().into_owned());
    vars.insert(
        "parties_csv".into(),
        parties_csv.to_string_lossy().into_owned(),
    );

    // The office each step runs in to the end, a second one to run it again, and one
    // per killing thread: each brought to the state before the step by rewriting only
    // the files that differ.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let offices: Vec<tempfile::TempDir> = (0..threads + 2)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            copy_office(demo.path(), dir.path());
            dir
        })
        .collect();
    let (done, again, killing) = (offices[0].path(), offices[1].path(), &offices[2..]);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();

    for (i, (now, template, save_as)) in DAY.iter().enumerate() {
        let args: Vec<String> = template
            .split(' ')
            .map(|w| {
                let mut w = w.to_string();
                for (k, v) in &vars {
                    w = w.replace(&format!("{{{k}}}"), v);
                }
                assert!(!w.contains('{'), "step {i}: unknown name in {w}");
                w
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("step {i} `propdesk {}` at {now}", args.join(" "));
        let before = snapshot(done);
        sync_to(again, &before);

        // The run that is not killed, twice over: the same clock and seed give the same
        // IDs and the same bytes, so it says exactly what a finished run leaves.
        let (run, took) = timed_run(done, now, &args);
        assert_eq!(run.code, 0, "{what}\n{}", run.stderr);
        let after = snapshot(done);
        let (run2, took2) = timed_run(again, now, &args);
        assert_eq!(run2.code, 0, "{what}\n{}", run2.stderr);
        assert_eq!(
            run2.stdout, run.stdout,
            "{what}: a second run printed otherwise"
        );
        let second = snapshot(again);
        assert!(
            second == after,
            "{what}: the same clock and seed gave other bytes:\n{}",
            differences(&after, &second)
        );
        assert!(before != after, "{what}: changed nothing");
        assert_eq!(temp_files(&after), Vec::<String>::new());
        // Every state a kill may leave is `before` or `after`, byte for byte: `check`
        // of the states between steps (every fourth, for time) says both are clean.
        if i % 4 == 3 || i + 1 == DAY.len() {
            let check = run_at(done, now, &["check"]);
            assert_eq!(
                check.code, 0,
                "{what}: check\n{}{}",
                check.stdout, check.stderr
            );
        }

        // The kills: spread evenly over the writer's life (start-up, reading, staging,
        // the journal, publication, exit) and a little past it, in random places.
        let life = took.min(took2);
        let key = match args.get(1) {
            Some(sub) if sub.chars().all(|c| c.is_ascii_lowercase() || c == '-') => {
                format!("{} {sub}", args[0])
            }
            _ => args[0].to_string(),
        };
        let delays: Vec<Duration> = (0..kills)
            .map(|j| {
                let u = (lcg(i as u64 * 1000 + j) % 1000) as f64 / 1000.0;
                life.mul_f64((j as f64 + u) / kills as f64 * 1.2)
            })
            .collect();
        let results: Vec<Outcome> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|w| {
                    let (what, office, args, delays) = (&what, killing[w].path(), &args, &delays);
                    let (before, after, stdout) = (&before, &after, run.stdout.as_str());
                    s.spawn(move || {
                        (w..delays.len())
                            .step_by(threads)
                            .map(|j| {
                                kill_once(what, office, now, args, delays[j], before, after, stdout)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        let tally = tallies.entry(key).or_default();
        for o in results {
            tally.add(o);
        }

        if !save_as.is_empty() {
            let id = run.stdout.trim().to_string();
            assert!(
                !id.is_empty() && !id.contains('\n'),
                "{what}: printed {id:?}"
            );
            vars.insert(save_as.to_string(), id);
        }
    }

    let mut total = Tally::default();
    eprintln!("kills per command: finished, untouched, rolled back, rolled forward, landed");
    for (cmd, t) in &tallies {
        eprintln!(
            "  {cmd:<28} {:>3} kills: {:>3} {:>3} {:>3} {:>3} {:>3}",
            t.kills, t.finished, t.untouched, t.rolled_back, t.rolled_forward, t.landed
        );
        total.merge(t);
    }
    eprintln!(
        "{} steps, {} kills in {:.1?}: {total:?}",
        DAY.len(),
        total.kills,
        started.elapsed()
    );
    // The kills must have hit writers in the middle of their change, on both sides of
    // the commit point, or the test proves little.
    assert!(
        total.rolled_back > 0 && total.rolled_forward > 0,
        "no kill landed inside a change: {total:?}"
    );
    run_at(done, "2027-01-30T11:00", &["check"]).ok();
}

// ---------------------------------------------------------------------------
// 2. Writers at once
// ---------------------------------------------------------------------------

/// The payments, their entry numbers and the tickets of six desks at once: each desk
/// pays and opens a ticket ten times, all six starting each round together and
/// queueing for the office lock. All use the same ID seed, so every ticket ID they
/// draw collides with another desk's.
#[test]
fn six_writers_at_once_queue_for_the_lock_and_every_payment_and_ticket_lands_once() {
    const WRITERS: usize = 6;
    const EACH: usize = 10;
    let t = Test::office().env("PROPDESK_LOCK_WAIT_MS", "60000");
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    let t = Arc::new(t);
    let barrier = Arc::new(Barrier::new(WRITERS));
    let workers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (t, barrier) = (Arc::clone(&t), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                for k in 0..EACH {
                    barrier.wait();
                    let amount = format!("{}.{k:02}", 100 + w);
                    let reference = format!("W{w}-{k}");
                    t.run(&["pay", "A-101", &amount, "--ref", &reference]).ok();
                    let description = format!("desk{w}-ticket{k}");
                    let id = t
                        .run(&[
                            "ticket",
                            "new",
                            "--kind",
                            "repair",
                            "--channel",
                            "phone",
                            "--unit",
                            "A-101",
                            "--reporter",
                            "王先生",
                            "--category",
                            "plumbing",
                            "--description",
                            &description,
                        ])
                        .ok()
                        .trim()
                        .to_string();
                    acked.push((reference, amount, id, description));
                }
                acked
            })
        })
        .collect();
    let acked: Vec<(String, String, String, String)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(acked.len(), WRITERS * EACH);

    // Every payment once, numbered 1, 2, 3... in the order they were appended.
    let entries = ledger_entries(&t.read("ledger/A-101/2026.yaml"));
    let numbers: Vec<u32> = entries.iter().map(|e| e.0).collect();
    let expected: Vec<u32> = (1..=(WRITERS * EACH) as u32).collect();
    assert_eq!(numbers, expected, "entry numbers are not consecutive");
    let on_disk: BTreeMap<String, String> = entries
        .iter()
        .map(|(_, amount, r)| {
            (
                r.clone().expect("a payment without its ref"),
                amount.clone(),
            )
        })
        .collect();
    assert_eq!(on_disk.len(), WRITERS * EACH, "a payment is there twice");
    for (reference, amount, _, _) in &acked {
        assert_eq!(
            on_disk.get(reference),
            Some(amount),
            "acknowledged payment {reference} lost"
        );
    }

    // Every ticket once, under the ID printed, holding what its desk said.
    let ids: BTreeSet<&str> = acked.iter().map(|a| a.2.as_str()).collect();
    assert_eq!(ids.len(), WRITERS * EACH, "duplicate ticket IDs printed");
    let files: BTreeSet<String> = t
        .files("tickets")
        .into_iter()
        .filter_map(|f| Some(f.rsplit('/').next()?.strip_suffix(".yaml")?.to_string()))
        .collect();
    assert_eq!(
        files,
        ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(),
        "the ticket files are exactly the IDs printed"
    );
    for (_, _, id, description) in &acked {
        let path = t
            .files("tickets")
            .into_iter()
            .find(|f| f.ends_with(&format!("/{id}.yaml")))
            .unwrap();
        assert!(
            t.read(&path)
                .contains(&format!("description: {description}\n")),
            "{id} does not hold {description}"
        );
    }

    t.run(&["check"]).ok();
    assert!(!t.exists(".propdesk/journal"));
    assert_eq!(temp_files(&snapshot(t.path())), Vec::<String>::new());
}

/// With no time to wait for the lock, writers started together mostly lose: each loser
/// exits 75 (try again later) saying who holds the office, and leaves nothing.
#[test]
fn with_no_lock_wait_the_losers_exit_75_naming_the_holder_and_leave_nothing() {
    const WRITERS: usize = 6;
    let t = Test::office().env("PROPDESK_LOCK_WAIT_MS", "0");
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    let mut paid: BTreeSet<String> = BTreeSet::new();
    let (mut losers, mut named_this_round, mut stale, mut rounds) = (0, 0, 0, 0);
    while rounds < 40 && (losers < 2 * WRITERS || rounds < 3) {
        rounds += 1;
        let before = snapshot(t.path());
        let children: Vec<_> = (0..WRITERS)
            .map(|w| {
                let reference = format!("R{rounds}-{w}");
                let child = t
                    .command(&["pay", "A-101", "1.00", "--ref", &reference])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                (reference, child)
            })
            .collect();
        let round_pids: BTreeSet<u32> = children.iter().map(|(_, c)| c.id()).collect();
        let mut lost_here = BTreeSet::new();
        let mut won_here = 0;
        for (reference, child) in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            match out.status.code() {
                Some(0) => {
                    paid.insert(reference);
                    won_here += 1;
                }
                Some(75) => {
                    losers += 1;
                    lost_here.insert(reference);
                    let rest = err
                        .strip_prefix("error: the office is busy: ")
                        .unwrap_or_else(|| panic!("not a lock message: {err}"));
                    let pid: u32 = rest
                        .strip_prefix("pid ")
                        .and_then(|r| r.split(',').next())
                        .and_then(|p| p.parse().ok())
                        .unwrap_or_else(|| panic!("no pid named: {err}"));
                    assert!(
                        rest.contains(", user tester, started 20"),
                        "the holder's user and start: {err}"
                    );
                    if round_pids.contains(&pid) {
                        named_this_round += 1;
                        let command = format!("running `propdesk pay A-101 1.00 --ref R{rounds}-");
                        assert!(rest.contains(&command), "the holder's whole command: {err}");
                    } else {
                        // The lock file still names the last holder for the few
                        // microseconds between a new holder's lock and its write.
                        stale += 1;
                    }
                    assert!(err.contains("waited 0 ms"), "{err}");
                    assert!(err.contains("\nhint: "), "{err}");
                }
                c => panic!("exit {c:?}: {err}"),
            }
        }
        // The losers left nothing: the ledger grew by the winners' payments only, and
        // each winner filed its receipt.
        let after = snapshot(t.path());
        let text = String::from_utf8_lossy(&after["ledger/A-101/2026.yaml"]).into_owned();
        let refs: Vec<String> = ledger_entries(&text)
            .into_iter()
            .filter_map(|e| e.2)
            .collect();
        for r in &lost_here {
            assert!(!refs.contains(r), "the loser {r} was written");
        }
        let new: Vec<&String> = after.keys().filter(|f| !before.contains_key(*f)).collect();
        let receipts = new.iter().filter(|f| f.ends_with("-receipt.zh-CN.html"));
        assert!(
            before.keys().all(|f| after.contains_key(f))
                && receipts.count() == won_here
                && new.len() <= won_here + 1,
            "{}",
            differences(&before, &after)
        );
    }
    eprintln!(
        "{rounds} rounds of {WRITERS}: {} paid, {losers} refused ({named_this_round} naming a writer of their own round, {stale} an earlier holder)",
        paid.len()
    );
    assert!(losers > 0, "no writer ever found the office locked");
    assert!(named_this_round > 0);

    let entries = ledger_entries(&t.read("ledger/A-101/2026.yaml"));
    let numbers: Vec<u32> = entries.iter().map(|e| e.0).collect();
    assert_eq!(numbers, (1..=paid.len() as u32).collect::<Vec<_>>());
    let refs: BTreeSet<String> = entries.into_iter().filter_map(|e| e.2).collect();
    assert_eq!(refs, paid, "exactly the acknowledged payments");
    t.run(&["check"]).ok();
    assert!(!t.exists(".propdesk/journal"));
    assert_eq!(temp_files(&snapshot(t.path())), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 3. A full disk
// ---------------------------------------------------------------------------

/// A small file system mounted on a temp folder, unmounted when dropped (also when the
/// test panics), before the folder is removed.
struct SmallDisk {
    mount_point: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn tmpfs(bytes: u64) -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mount_point = dir.path().join("disk");
        fs::create_dir(&mount_point).map_err(|e| e.to_string())?;
        sh(Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={bytes}"),
                "propdesk-faults",
            ])
            .arg(&mount_point))?;
        Ok(SmallDisk {
            mount_point,
            _dir: dir,
        })
    }

    /// An ext4 image without reserved blocks (root may not use them), loop-mounted.
    fn ext4(bytes: u64) -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let image = dir.path().join("disk.img");
        fs::File::create(&image)
            .and_then(|f| f.set_len(bytes))
            .map_err(|e| e.to_string())?;
        sh(Command::new("mkfs.ext4")
            .args(["-q", "-F", "-m", "0"])
            .arg(&image))?;
        let mount_point = dir.path().join("disk");
        fs::create_dir(&mount_point).map_err(|e| e.to_string())?;
        sh(Command::new("mount")
            .args(["-o", "loop"])
            .arg(&image)
            .arg(&mount_point))?;
        Ok(SmallDisk {
            mount_point,
            _dir: dir,
        })
    }

    fn path(&self) -> &Path {
        &self.mount_point
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        if sh(Command::new("umount").arg(&self.mount_point)).is_err() {
            let _ = sh(Command::new("umount").arg("-l").arg(&self.mount_point));
        }
    }
}

/// Runs a command, or says why it failed.
fn sh(c: &mut Command) -> Result<(), String> {
    let out = c.output().map_err(|e| format!("{c:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{c:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A small disk of `kind`, or `None` after saying why there is none here.
fn small_disk(kind: &str, bytes: u64) -> Option<SmallDisk> {
    let disk = match kind {
        "tmpfs" => SmallDisk::tmpfs(bytes),
        _ => SmallDisk::ext4(bytes),
    };
    match disk {
        Ok(d) => Some(d),
        Err(why) => {
            let msg = format!("cannot mount a small {kind} file system here (needs root): {why}");
            assert!(
                std::env::var_os("PROPDESK_REQUIRE_MOUNT").is_none_or(|v| v != "1"),
                "{msg}"
            );
            eprintln!("skipped: {msg}");
            None
        }
    }
}

/// Fills the disk: a file written until the disk is full. Returns its length.
fn fill(path: &Path) -> u64 {
    let mut f = fs::File::create(path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    let mut len = 0u64;
    for size in [64 * 1024, 4096, 512, 1] {
        loop {
            match f.write(&chunk[..size]) {
                Ok(0) => break,
                Ok(n) => len += n as u64,
                Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
    }
    let _ = f.sync_all();
    len
}

/// Writing commands run on an office on a full disk, with 0 bytes free and then a few
/// KiB more each round: each either fails with exit 1 naming the disk full and a file
/// of the office, leaving the office byte for byte as it was, or (once there is room)
/// does exactly what it does on a roomy disk. `check` is clean after each.
fn full_disk(disk: &SmallDisk) {
    let t = Test::demo("zh-CN");
    t.run(&["bill", "run", "--month", "2026-11"]).ok();
    let office = disk.path().join("office");
    fs::create_dir(&office).unwrap();
    copy_office(t.path(), &office);
    let aside = tempfile::tempdir().unwrap();
    let csv = aside.path().join("units.csv");
    let mut text = String::from("id,area,use\n");
    for i in 0..100 {
        text.push_str(&format!(
            "C-{}{:02},{}.25,office\n",
            1 + i / 50,
            i % 50,
            80 + i % 40
        ));
    }
    fs::write(&csv, text).unwrap();
    let csv = csv.to_string_lossy().into_owned();
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "ticket",
            "new",
            "--kind",
            "repair",
            "--channel",
            "phone",
            "--unit",
            "A-1203",
            "--reporter",
            "王先生",
            "--category",
            "plumbing",
            "--description",
            "水龙头漏水",
        ],
        vec!["pay", "A-1203", "100", "--ref", "F-1"],
        vec!["unit", "import", &csv],
        vec!["notice", "contact-sheet", "A-1203"],
        vec!["ledger", "A-1203", "--notice"],
        vec!["party", "add", "--name", "赵六", "--role", "owner"],
        // November billed late on the 23rd falls due on the 30th.
        vec!["--date", "2026-12-02", "dunning", "run"],
    ];
    let roomy = tempfile::tempdir().unwrap();
    copy_office(&office, roomy.path());
    let filler = disk.path().join("filler");
    let full = fill(&filler);
    let (mut failed, mut done) = (0, 0);
    let mut table = Vec::new();
    // KiB free: from none to room for every command.
    let frees = [0u64, 2, 4, 8, 12, 16, 24, 32, 64, 128, 2048];
    for free in frees {
        let f = fs::OpenOptions::new().write(true).open(&filler).unwrap();
        f.set_len(full.saturating_sub(free * 1024)).unwrap();
        f.sync_all().unwrap();
        drop(f);
        let mut row = format!("{free:>4} KiB free:");
        for args in &commands {
            let what = format!("`propdesk {}` with {free} KiB free", args.join(" "));
            let before = snapshot(&office);
            // What the command does on a roomy disk.
            sync_to(roomy.path(), &before);
            run_at(roomy.path(), NOW, args).ok();
            let expected = snapshot(roomy.path());

            let out = run_at(&office, NOW, args);
            let now = snapshot(&office);
            match out.code {
                0 => {
                    assert!(free > 0, "{what}: succeeded on a full disk");
                    assert!(
                        now == expected,
                        "{what}: did otherwise than on a roomy disk:\n{}",
                        differences(&expected, &now)
                    );
                    done += 1;
                    row.push_str(" ok");
                }
                1 => {
                    let err = &out.stderr;
                    assert!(free < frees[frees.len() - 1], "{what}: {err}");
                    assert!(err.starts_with("error: "), "{what}: {err}");
                    assert!(
                        err.contains("No space left on device"),
                        "{what}: the message says the disk is full: {err}"
                    );
                    assert!(
                        err.contains(&office.display().to_string()),
                        "{what}: the message names the file: {err}"
                    );
                    assert!(
                        !err.contains(".propdesk-"),
                        "{what}: names a temp file: {err}"
                    );
                    assert!(
                        now == before,
                        "{what}: failed but changed the office:\n{}",
                        differences(&before, &now)
                    );
                    failed += 1;
                    row.push_str(" FULL");
                }
                c => panic!("{what}: exit {c}\n{}", out.stderr),
            }
            assert!(
                !office.join(".propdesk/journal").exists(),
                "{what}: journal left"
            );
            assert_eq!(temp_files(&now), Vec::<String>::new(), "{what}");
        }
        // Each command left the office as it was or as a roomy disk would have: one
        // `check` a round says that is clean (it also reads on a full disk).
        let check = run_at(&office, NOW, &["check"]);
        assert_eq!(
            check.code, 0,
            "{free} KiB free: check\n{}{}",
            check.stdout, check.stderr
        );
        table.push(row);
    }
    eprintln!("{}", table.join("\n"));
    eprintln!("{failed} writes refused for want of space, {done} done");
}

#[test]
fn on_a_full_tmpfs_every_write_fails_naming_the_file_and_leaves_the_office_unchanged() {
    if let Some(disk) = small_disk("tmpfs", 8 << 20) {
        full_disk(&disk);
    }
}

#[test]
fn on_a_full_ext4_disk_every_write_fails_naming_the_file_and_leaves_the_office_unchanged() {
    if let Some(disk) = small_disk("ext4", 8 << 20) {
        full_disk(&disk);
    }
}

// ---------------------------------------------------------------------------
// Bugs found on the way
// ---------------------------------------------------------------------------

/// A renovation permit's refund when a worker pass was lost and the unit has money paid
/// in advance: the money paid in advance clears the lost pass's charge at once, so the
/// pass deposit pays only what is left of it and comes back whole (this used to fail
/// with "already cleared" and the permit could never be refunded).
#[test]
fn permit_refund_with_a_lost_pass_works_when_the_unit_has_paid_in_advance() {
    let t = Test::office();
    let owner = t
        .run(&["party", "add", "--name", "王芳", "--role", "owner"])
        .ok()
        .trim()
        .to_string();
    t.run(&[
        "unit",
        "add",
        "A-101",
        "--area",
        "50",
        "--use",
        "office",
        "--owner",
        &owner,
        "--occupant",
        &owner,
    ])
    .ok();
    let pm = t
        .run(&[
            "permit",
            "new",
            "--unit",
            "A-101",
            "--applicant",
            &owner,
            "--scope",
            "simple",
            "--description",
            "刷墙",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-20",
            "--workers",
            "2",
        ])
        .ok()
        .trim()
        .to_string();
    for role in [
        "desk-clerk",
        "engineering-supervisor",
        "security-supervisor",
        "fire-safety-officer",
        "manager",
    ] {
        t.run(&["permit", "approve", &pm, "--as", role]).ok();
    }
    t.run(&[
        "permit",
        "receive",
        &pm,
        "application-form",
        "workers-list",
        "--from",
        "王芳",
    ])
    .ok();
    t.run(&[
        "permit",
        "sign",
        &pm,
        "management-agreement",
        "owner-commitment",
        "contractor-commitment",
        "workers-rules",
        "fire-security-responsibility",
        "--signed-by",
        "王芳",
    ])
    .ok();
    t.run(&["permit", "bill", &pm]).ok(); // 500.00 debris + 2 passes at 10.00
    t.run(&["pay", "A-101", "1000"]).ok(); // 480.00 paid in advance
    t.run(&["pay", "A-101", "5000", "--deposit", "renovation"])
        .ok();
    t.run(&["pay", "A-101", "20", "--deposit", "pass"]).ok();
    t.run(&["permit", "issue", &pm]).ok();
    let at = |now: &str, args: &[&str]| {
        let mut c = t.command(args);
        c.env("PROPDESK_NOW", now);
        let out = c.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    at(
        "2026-12-15T10:00",
        &["permit", "complete", &pm, "--on", "2026-12-18"],
    )
    .ok();
    at(
        "2026-12-18T10:00",
        &["permit", "accept", &pm, "--pass", "--note", "ok"],
    )
    .ok();
    at(
        "2026-12-18T10:00",
        &["permit", "passes", &pm, "--returned", "1", "--lost", "1"],
    )
    .ok();
    // Today: "error: charge 6 of A-101 (出入证遗失（1张）押金不退 PM-...) is already cleared".
    at("2026-12-18T10:00", &["permit", "refund", &pm]).ok();
    let ledger = t.read("ledger/A-101/2026.yaml");
    assert!(ledger.contains("kind: deposit-refunded"), "{ledger}");
}

/// On a full ext4 disk, publishing a new record can need room after the commit point:
/// the record's name is added to its folder by a hard link, and a folder whose last
/// block is full needs a new block. Nothing is in place yet then, so the change is
/// undone: exit 1, no journal, no temp file, and nothing lands later (it used to be
/// left to the next command, so a script retrying on exit 1 added the party twice).
///
/// The sweep pads `parties/` of a new office on a new disk with 0 to 99 dot files
/// (never records), so that the folder's blocks fill to every level, and runs `party
/// add` with 1 to 8 KiB free. Here (Linux 6.18, e2fsprogs 1.47, 1 KiB blocks) the link
/// fails with 38 dot files and 4 KiB free.
#[test]
fn on_a_full_ext4_disk_a_failed_new_record_never_lands_later() {
    let (mut tried, mut failed) = (0, 0);
    // Around the folder sizes where the link needs a new block here (38 dot files);
    // PROPDESK_FAULT_ROUNDS > 1 sweeps 0 to 99.
    let pads = if rounds() > 1 { 0..100 } else { 30..46 };
    for pad in pads {
        let Some(disk) = small_disk("ext4", 8 << 20) else {
            return;
        };
        run_at(disk.path(), NOW, &["init", "office", "--no-git"]).ok();
        let office = disk.path().join("office");
        for k in 1..=pad {
            let name = format!(".pad-{k}-{}", "x".repeat(k % 13));
            fs::write(office.join("parties").join(name), "").unwrap();
        }
        let filler = disk.path().join("filler");
        let full = fill(&filler);
        for free in 1..=8u64 {
            let f = fs::OpenOptions::new().write(true).open(&filler).unwrap();
            f.set_len(full - free * 1024).unwrap();
            f.sync_all().unwrap();
            drop(f);
            let before = snapshot(&office);
            let out = run_at(
                &office,
                NOW,
                &["party", "add", "--name", "王芳", "--role", "owner"],
            );
            tried += 1;
            let after = snapshot(&office);
            if out.code == 1 {
                failed += 1;
                assert!(
                    journal_state(&office).is_none() && after == before,
                    "{pad} dot files in parties/, {free} KiB free: `party add` exited 1 but left its change to land later:\n{}\njournal: {:?}\n{}",
                    out.stderr,
                    journal_state(&office),
                    differences(&before, &after)
                );
            } else {
                assert_eq!(out.code, 0, "{}", out.stderr);
            }
        }
    }
    assert!(
        failed > 0,
        "no `party add` ran out of room in {tried} tries"
    );
    eprintln!("{tried} tries, {failed} failures, every failure clean");
}
