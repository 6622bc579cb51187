//! `propdesk moveout`: from the written notice to the unit handed back and the deposit
//! refunded, as the desk types it: the notice terms (10 days, early termination), the
//! owner's consent, the goods lift and the exit pass, restoration, the inspection
//! against the move-in handover record (energy, damages, keys), the settlement to the
//! cent, the refund and `complete` with its exact list of what is missing.
//!
//! Most tests start from the en office "Harbour Tower" whose `[movein]` requires a
//! lease deposit of 3,000.00. A-1203 (100.00 m² office owned by Harbour Holdings) is
//! let to the company Blue Finch Ltd, who moved in on 2026-10-01 (lease to
//! 2026-11-20 unless a test says otherwise): meters electricity 1000 and water 50,
//! keys door x2 and mailbox x1, October (2,500.00) and the deposit paid at move-in.
//! November is billed on 2026-11-01: 2,500.00 (25.00/m²), due 2026-11-15, late fees
//! 0.05% a day from 2026-11-20. Each step moves the clock with `--now`: the notice on
//! 2026-11-10 09:00 for a move-out on 2026-11-20, the lift and pass that morning, the
//! inspection, keys and settlement at 15:00. Default `[moveout]` rules: 10 days'
//! notice, refund due 30 days after acceptance, energy 1.20/kWh and 5.00/m³.

use serde_json::Value;

use crate::common::*;
use crate::money::{add_party, assert_unchanged, snapshot};

const T0: &str = "2026-10-01T09:00";
const NOV_1: &str = "2026-11-01T09:00";
const NOTICE: &str = "2026-11-10T09:00";
const OUT_AM: &str = "2026-11-20T09:00";
const OUT_PM: &str = "2026-11-20T15:00";
const MOVE_OUT: &str = "2026-11-20";

/// The office of these tests with its owner, the tenant and the tenant's move-in.
struct Office {
    t: Test,
    owner: String,
    tenant: String,
    movein: String,
}

impl std::ops::Deref for Office {
    type Target = Test;
    fn deref(&self) -> &Test {
        &self.t
    }
}

/// `propdesk --now NOW ARGS...`
fn at(t: &Test, now: &str, args: &[&str]) -> Run {
    let mut a = vec!["--now", now];
    a.extend_from_slice(args);
    t.run(&a)
}

/// `propdesk --now NOW moveout VERB ID ARGS...`
fn mo(t: &Test, now: &str, verb: &str, id: &str, args: &[&str]) -> Run {
    let mut a = vec!["--now", now, "moveout", verb, id];
    a.extend_from_slice(args);
    t.run(&a)
}

fn edit_toml(t: &Test, from: &str, to: &str) {
    let toml = t.read("office.toml");
    assert!(toml.contains(from), "office.toml lacks {from:?}");
    t.write("office.toml", &toml.replacen(from, to, 1));
}

/// An en office with Harbour Holdings (owner) and Blue Finch Ltd (tenant), no unit.
fn bare() -> (Test, String, String) {
    let t = Test::empty();
    at(
        &t,
        T0,
        &[
            "init",
            ".",
            "--name",
            "Harbour Tower",
            "--locale",
            "en",
            "--no-git",
        ],
    )
    .ok();
    edit_toml(
        &t,
        "deposits = []",
        r#"deposits = [{ kind = "lease", amount = "3000.00" }]"#,
    );
    t.fill_profile(PROFILE_EN);
    let owner = add_party(
        &t,
        &[
            "--now",
            T0,
            "--name",
            "Harbour Holdings",
            "--kind",
            "company",
            "--role",
            "owner",
        ],
    );
    let tenant = add_party(
        &t,
        &[
            "--now",
            T0,
            "--name",
            "Blue Finch Ltd",
            "--kind",
            "company",
            "--role",
            "tenant",
            "--contact",
            "Ms Wong",
            "--emergency",
            "Mr Wong:13900001111",
        ],
    );
    (t, owner, tenant)
}

/// A unit owned by Harbour Holdings; `occupant` makes it occupied without a move-in.
fn add_unit(t: &Test, id: &str, owner: &str, occupant: Option<&str>) {
    let mut a = vec![
        "unit", "add", id, "--area", "100.00", "--use", "office", "--owner", owner,
    ];
    if let Some(o) = occupant {
        a.extend(["--occupant", o]);
    }
    at(t, T0, &a).ok();
}

/// A move-in into A-1203 run step by step at `now`.
struct MoveInSteps<'a> {
    t: &'a Test,
    now: &'a str,
    id: String,
}

impl<'a> MoveInSteps<'a> {
    /// `party` (its contact `contact`) moving in on `day` under a lease to `lease_end`:
    /// opened, its documents received and the handbooks handed out.
    fn opened(
        t: &'a Test,
        now: &'a str,
        party: &str,
        contact: &str,
        day: &str,
        lease_end: &str,
    ) -> Self {
        let new = [
            "movein",
            "new",
            "--unit",
            "A-1203",
            "--party",
            party,
            "--notice-date",
            day,
            "--lease-start",
            day,
            "--lease-end",
            lease_end,
        ];
        let id = at(t, now, &new).ok().trim().to_string();
        let steps = MoveInSteps { t, now, id };
        steps.step(&[
            "receive",
            "movein-notice",
            "lease-copy",
            "business-licence-copy",
            "deposit-receipt",
            "--from",
            contact,
        ]);
        steps.step(&[
            "handout",
            "tenant-handbook",
            "renovation-rules",
            "safety-handbook",
            "fire-responsibility-agreement",
            "access-card-form",
            "--signed-by",
            contact,
        ]);
        steps
    }

    /// `propdesk movein VERB ID ARGS...`, its output.
    fn step(&self, args: &[&str]) -> String {
        let mut a = vec!["movein", args[0], self.id.as_str()];
        a.extend_from_slice(&args[1..]);
        at(self.t, self.now, &a).ok().to_string()
    }
}

/// The office with Blue Finch Ltd moved into A-1203 on 2026-10-01 under a lease to
/// `lease_end`, `defect` (ITEM=DESCRIPTION) found at the move-in inspection, and
/// November billed, not paid.
fn office_with(lease_end: &str, defect: Option<&str>) -> Office {
    let (t, owner, tenant) = bare();
    add_unit(&t, "A-1203", &owner, None);
    let steps = MoveInSteps::opened(&t, T0, &tenant, "Ms Wong", "2026-10-01", lease_end);
    let movein = steps.id.clone();
    let mi = |args: &[&str]| steps.step(args);
    let mut inspect = vec![
        "inspect",
        "--attendee",
        "Engineering",
        "--meter",
        "electricity=1000",
        "--meter",
        "water=50",
    ];
    if let Some(d) = defect {
        inspect.extend(["--defect", d]);
    }
    mi(&inspect);
    mi(&["bill"]);
    at(&t, T0, &["pay", "A-1203", "3000", "--deposit", "lease"]).ok();
    at(&t, T0, &["pay", "A-1203", "2500"]).ok();
    mi(&[
        "keys",
        "--key",
        "door=2",
        "--key",
        "mailbox=1",
        "--signed-by",
        "Ms Wong",
    ]);
    mi(&["handover", "--signed-by", "Ms Wong"]);
    if defect.is_some() {
        mi(&["complete", "--reinspect", "2026-10-08"]);
    } else {
        mi(&["complete"]);
    }
    assert_eq!(
        at(&t, NOV_1, &["bill", "run", "--month", "2026-11"]).ok(),
        "A-1203\t2,500.00\tnotices/2026/11/20261101-A-1203-payment-notice.en.html\n"
    );
    Office {
        t,
        owner,
        tenant,
        movein,
    }
}

/// The office with the lease ending on the move-out day, 2026-11-20.
fn office() -> Office {
    office_with(MOVE_OUT, None)
}

/// November's 2,500.00 paid on 1 November.
fn pay_november(t: &Test) {
    assert_eq!(
        at(t, "2026-11-01T10:00", &["pay", "A-1203", "2500"]).ok(),
        "A-1203: entry 5: payment 2,500.00: 2,500.00 to entry 4; balance 0.00\n\
         notices/2026/11/20261101-SJ-20261101-A-1203-16Q4-receipt.en.html\n"
    );
}

/// `propdesk --now NOW moveout new --unit UNIT --move-out DATE EXTRA...`
fn try_new(t: &Test, now: &str, unit: &str, date: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "--now",
        now,
        "moveout",
        "new",
        "--unit",
        unit,
        "--move-out",
        date,
    ];
    a.extend_from_slice(extra);
    t.run(&a)
}

/// A move-out opened at `now`; returns its ID.
fn new_at(t: &Test, now: &str, unit: &str, date: &str, extra: &[&str]) -> String {
    let id = try_new(t, now, unit, date, extra).ok().trim().to_string();
    let day = now[..10].replace('-', "");
    assert!(
        id.starts_with(&format!("MO-{day}-")) && !id.contains(char::is_whitespace),
        "{id}"
    );
    id
}

/// The notice of 2026-11-10 for moving out of A-1203 on 2026-11-20; returns its ID.
fn open(t: &Test) -> String {
    new_at(t, NOTICE, "A-1203", MOVE_OUT, &[])
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn show(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "moveout", "show", id]))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// What `moveout show` says `complete` still misses.
fn missing(t: &Test, id: &str) -> Vec<String> {
    strings(&show(t, id)["missing"])
}

fn unit_json(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "unit", "show", id]))
}

fn permit_json(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "permit", "show", id]))
}

/// The unit's ledger rows on `now`.
fn ledger(t: &Test, now: &str, unit: &str) -> Vec<Value> {
    ledger_rows(t, Some(now), unit)
}

/// A ledger row in short: `no kind item debit/credit/deposit ref`, "-" for none.
fn row(e: &Value) -> String {
    let s = |k: &str| e[k].as_str().unwrap_or("-").to_string();
    format!(
        "{} {} {} {}/{}/{} {}",
        e["no"],
        s("kind"),
        s("item"),
        s("debit"),
        s("credit"),
        s("deposit"),
        s("ref")
    )
}

/// The ledger rows from entry `from` on, in short.
fn rows_from(t: &Test, now: &str, from: u64) -> Vec<String> {
    ledger(t, now, "A-1203")
        .iter()
        .filter(|e| e["no"].as_u64().unwrap() >= from)
        .map(row)
        .collect()
}

fn events(v: &Value) -> Vec<String> {
    v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect()
}

/// Amounts in cents, for the arithmetic.
fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not an amount: {v}"));
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (w, f) = s.split_once('.').unwrap();
    assert_eq!(f.len(), 2, "{s}");
    let c = w.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap();
    if neg { -c } else { c }
}

/// A refusal: exit 1, no file changed; returns stderr.
#[track_caller]
fn refused(t: &Test, run: impl FnOnce() -> Run) -> String {
    let before = snapshot(t);
    let err = run().fails(1).to_string();
    assert_unchanged(&before, t);
    err
}

/// A usage error: exit 2, no file changed; returns stderr.
#[track_caller]
fn misused(t: &Test, run: impl FnOnce() -> Run) -> String {
    let before = snapshot(t);
    let err = run().fails(2).to_string();
    assert_unchanged(&before, t);
    err
}

/// `propdesk check` finds nothing wrong.
#[track_caller]
fn check_clean(t: &Test) {
    let run = t.run(&["check"]);
    run.ok();
    assert!(
        run.stderr.starts_with("checked ") && run.stderr.ends_with(" files: no problems\n"),
        "{}",
        run.stderr
    );
}

#[track_caller]
fn has(text: &str, part: &str) {
    assert!(text.contains(part), "expected {part:?} in:\n{text}");
}

/// The goods lift booked for the move-out day: the owner's consent (a tenant's) and the
/// lift 09:00-12:00 of `day`, both that morning.
fn lift_booked(t: &Test, id: &str, day: &str, tenant: bool) {
    let am = format!("{day}T09:00");
    if tenant {
        mo(
            t,
            &am,
            "consent",
            id,
            &["--signed-by", "Harbour Holdings (Mr Chan)"],
        )
        .ok();
    }
    mo(t, &am, "lift", id, &["--day", day, "--time", "09:00-12:00"]).ok();
}

/// The goods leave at `now`, once the move-out is settled and paid (settlement before
/// the exit pass): the pass made, signed by both sides and the desk, and taken by
/// security. Returns the pass's ID.
fn goods_out(t: &Test, id: &str, now: &str) -> String {
    let pass = mo(t, now, "exit-pass", id, &["--item", "20 desks"])
        .ok()
        .trim()
        .to_string();
    for (side, who) in [
        ("owner", "Mr Chan"),
        ("tenant", "Ms Wong"),
        ("desk", "Desk Lee"),
    ] {
        at(
            t,
            now,
            &[
                "permit",
                "sign-exit",
                &pass,
                "--side",
                side,
                "--signed-by",
                who,
            ],
        )
        .ok();
    }
    at(t, now, &["permit", "security", &pass, "--guard", "Lau"]).ok();
    pass
}

/// When the goods leave in the tests that settle at 15:00 and complete at 16:00.
const GOODS_OUT: &str = "2026-11-20T15:30";

/// The inspection at `now` with the meters at electricity 1654.9 and water 62.5
/// (785.88 + 62.50 of energy) and `extra` flags.
fn inspect(t: &Test, now: &str, id: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "--attendee",
        "Engineering",
        "--attendee",
        "Security",
        "--meter",
        "electricity=1654.9",
        "--meter",
        "water=62.5",
    ];
    a.extend_from_slice(extra);
    mo(t, now, "inspect", id, &a)
}

/// Every key handed over at move-in returned at `now`.
fn keys_back(t: &Test, now: &str, id: &str) {
    mo(
        t,
        now,
        "keys",
        id,
        &[
            "--key",
            "door=2",
            "--key",
            "mailbox=1",
            "--received-by",
            "Lau",
        ],
    )
    .ok();
}

/// Everything the settlement needs, for a tenant's move-out of A-1203 on 2026-11-20:
/// the lift booked, inspected (energy only), keys back, cleaning arranged. The goods
/// leave after the settlement ([`goods_out`]).
fn ready_to_settle(t: &Test, id: &str) {
    lift_booked(t, id, MOVE_OUT, true);
    inspect(t, OUT_PM, id, &[]).ok();
    keys_back(t, OUT_PM, id);
    mo(t, OUT_PM, "cleaning", id, &["--with", "Cleaning team"]).ok();
}

fn statement_json(t: &Test, now: &str, id: &str) -> Value {
    json_of(&at(
        t,
        now,
        &["--format", "json", "moveout", "statement", id],
    ))
}

/// The statement's lines as `section entry charged owed`.
fn lines(s: &Value) -> Vec<String> {
    s["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {}",
                l["section"].as_str().unwrap(),
                l["entry"],
                l["charged"].as_str().unwrap(),
                l["amount"].as_str().unwrap()
            )
        })
        .collect()
}

/// refund - owed = held + credit - owed_total, and the two are never both positive.
#[track_caller]
pub(crate) fn assert_arithmetic(s: &Value) {
    let held: i64 = s["deposits"]
        .as_array()
        .map_or(0, |d| d.iter().map(|h| cents(&h["amount"])).sum());
    assert_eq!(held, cents(&s["held"]), "{s}");
    let owed_total: i64 = s["lines"].as_array().map_or(0, |lines| {
        lines
            .iter()
            .filter(|l| l["section"] != "billing")
            .map(|l| cents(&l["amount"]))
            .sum()
    });
    assert_eq!(owed_total, cents(&s["owed_total"]), "{s}");
    let net = held + cents(&s["credit"]) - owed_total;
    assert_eq!(cents(&s["refund"]), net.max(0), "{s}");
    assert_eq!(cents(&s["owed"]), (-net).max(0), "{s}");
}

// --- 1. the notice period ---------------------------------------------------------

/// A-1203, A-1204 and A-1205 let to Blue Finch Ltd without a move-in record (no lease
/// end known).
fn three_units() -> (Test, String, String) {
    let (t, owner, tenant) = bare();
    for u in ["A-1203", "A-1204", "A-1205"] {
        add_unit(&t, u, &owner, Some(&tenant));
    }
    (t, owner, tenant)
}

#[test]
fn ten_days_notice_needs_no_approval_and_eight_days_needs_a_reason_and_a_manager() {
    let (t, _, tenant) = three_units();
    // 2026-11-10 for 2026-11-20: 10 days, the office's default.
    let id = new_at(&t, NOTICE, "A-1203", MOVE_OUT, &[]);
    let v = show(&t, &id);
    assert_eq!(v["notice_date"], "2026-11-10");
    assert_eq!(v["date"], MOVE_OUT);
    assert_eq!(v["party"], tenant.as_str());
    assert!(v.get("short_notice").is_none(), "{v}");
    // 2026-11-12 for 2026-11-20: 8 days.
    let now = "2026-11-12T09:00";
    let err = refused(&t, || try_new(&t, now, "A-1204", MOVE_OUT, &[]));
    assert_eq!(
        err,
        "error: notice given 8 day(s) before the move-out date 2026-11-20; the office needs 10 \
         (提前10天书面通知): short notice needs a reason and a manager's approval \
         (--short-reason TEXT --approved-by MANAGER)\n"
    );
    // A reason alone, or an approver alone, is a usage error.
    misused(&t, || {
        try_new(
            &t,
            now,
            "A-1204",
            MOVE_OUT,
            &["--short-reason", "relocating"],
        )
    });
    misused(&t, || {
        try_new(&t, now, "A-1204", MOVE_OUT, &["--approved-by", "Mgr Lee"])
    });
    assert_eq!(
        t.files("moveouts")
            .iter()
            .filter(|f| f.ends_with(".yaml"))
            .count(),
        1
    );
    // With both it is recorded.
    let run = try_new(
        &t,
        now,
        "A-1204",
        MOVE_OUT,
        &["--short-reason", "relocating", "--approved-by", "Mgr Lee"],
    );
    let short = run.ok().trim().to_string();
    assert_eq!(
        run.stderr,
        format!(
            "created moveouts/2026/{short}.yaml\nupdated units/A-1204.yaml\n\
             {short}: short notice approved by Mgr Lee (relocating)\n"
        )
    );
    let v = show(&t, &short);
    assert_eq!(
        v["short_notice"],
        serde_json::json!({"reason": "relocating", "approved_by": "Mgr Lee"})
    );
    has(
        v["history"][0]["note"].as_str().unwrap(),
        "; short notice approved by Mgr Lee: relocating",
    );
    // A reason for notice that is not short is refused.
    let err = refused(&t, || {
        try_new(
            &t,
            NOTICE,
            "A-1205",
            MOVE_OUT,
            &["--short-reason", "relocating", "--approved-by", "Mgr Lee"],
        )
    });
    assert_eq!(
        err,
        "error: notice given 10 days ahead is not short (the office needs 10): drop --short-reason and --approved-by\n"
    );
    // A notice given after today is not recorded.
    let err = refused(&t, || {
        try_new(
            &t,
            NOTICE,
            "A-1205",
            MOVE_OUT,
            &["--notice-date", "2026-11-11"],
        )
    });
    has(&err, "the notice date 2026-11-11 is after today");
    // --notice-date counts from the day the notice was given, not today.
    let id = new_at(
        &t,
        "2026-11-12T09:00",
        "A-1205",
        MOVE_OUT,
        &["--notice-date", "2026-11-10"],
    );
    assert!(show(&t, &id).get("short_notice").is_none());
}

#[test]
fn notice_days_in_office_toml_change_the_outcome() {
    let (t, _, _) = three_units();
    edit_toml(&t, "notice_days = 10", "notice_days = 30");
    let err = refused(&t, || try_new(&t, NOTICE, "A-1203", MOVE_OUT, &[]));
    has(
        &err,
        "notice given 10 day(s) before the move-out date 2026-11-20; the office needs 30 (提前30天书面通知)",
    );
    // 30 days ahead is enough; 29 is not.
    let err = refused(&t, || try_new(&t, NOTICE, "A-1203", "2026-12-09", &[]));
    has(
        &err,
        "notice given 29 day(s) before the move-out date 2026-12-09; the office needs 30",
    );
    let id = new_at(&t, NOTICE, "A-1203", "2026-12-10", &[]);
    assert!(show(&t, &id).get("short_notice").is_none());
    // 10 days is now short notice: it needs the approval.
    let id = new_at(
        &t,
        NOTICE,
        "A-1204",
        MOVE_OUT,
        &["--short-reason", "relocating", "--approved-by", "Mgr Lee"],
    );
    assert_eq!(show(&t, &id)["short_notice"]["approved_by"], "Mgr Lee");
}

// --- 2. early termination ---------------------------------------------------------

#[test]
fn moving_out_before_the_lease_end_needs_the_termination_agreement() {
    let o = office_with("2026-11-30", None);
    let err = refused(&o, || try_new(&o, NOTICE, "A-1203", MOVE_OUT, &[]));
    assert_eq!(
        err,
        "error: the lease runs to 2026-11-30: moving out on 2026-11-20 terminates it early, \
         which needs the termination agreement (解约协议书) and its approval \
         (--agreement REF --agreement-approved-by NAME)\n"
    );
    // Half of it is a usage error.
    misused(&o, || {
        try_new(
            &o,
            NOTICE,
            "A-1203",
            MOVE_OUT,
            &["--agreement", "TA-2026-07"],
        )
    });
    let id = new_at(
        &o,
        NOTICE,
        "A-1203",
        MOVE_OUT,
        &[
            "--agreement",
            "TA-2026-07",
            "--agreement-approved-by",
            "GM Ho",
        ],
    );
    let v = show(&o, &id);
    assert_eq!(v["lease_end"], "2026-11-30");
    assert_eq!(v["movein"], o.movein.as_str());
    assert_eq!(
        v["termination"],
        serde_json::json!({"agreement": "TA-2026-07", "approved_by": "GM Ho"})
    );
    has(
        v["history"][0]["note"].as_str().unwrap(),
        "; early termination, agreement TA-2026-07 approved by GM Ho",
    );
}

#[test]
fn lease_end_on_new_overrides_the_move_ins() {
    let o = office_with("2026-11-30", None);
    // The lease was amended to end on the move-out day: nothing early.
    let id = new_at(&o, NOTICE, "A-1203", MOVE_OUT, &["--lease-end", MOVE_OUT]);
    let v = show(&o, &id);
    assert_eq!(v["lease_end"], MOVE_OUT);
    assert!(v.get("termination").is_none(), "{v}");
    // An agreement where nothing is early is refused.
    let o = office();
    let err = refused(&o, || {
        try_new(
            &o,
            NOTICE,
            "A-1203",
            MOVE_OUT,
            &["--agreement", "TA-1", "--agreement-approved-by", "GM Ho"],
        )
    });
    has(
        &err,
        "the lease runs to 2026-11-20: moving out on 2026-11-20 is not early, so there is no termination agreement",
    );
    // A later --lease-end makes the same date early.
    let err = refused(&o, || {
        try_new(
            &o,
            NOTICE,
            "A-1203",
            MOVE_OUT,
            &["--lease-end", "2026-12-31"],
        )
    });
    has(
        &err,
        "the lease runs to 2026-12-31: moving out on 2026-11-20 terminates it early",
    );
    // Without a move-in the lease end is unknown unless given.
    let (t, _, _) = three_units();
    let id = new_at(&t, NOTICE, "A-1203", MOVE_OUT, &[]);
    assert!(show(&t, &id).get("lease_end").is_none());
    let err = refused(&t, || {
        try_new(
            &t,
            NOTICE,
            "A-1204",
            MOVE_OUT,
            &["--agreement", "TA-1", "--agreement-approved-by", "GM Ho"],
        )
    });
    has(
        &err,
        "the lease end is not known (give --lease-end): a termination agreement is for a move-out before it",
    );
    let err = refused(&t, || {
        try_new(
            &t,
            NOTICE,
            "A-1204",
            MOVE_OUT,
            &["--lease-end", "2027-03-31"],
        )
    });
    has(
        &err,
        "the lease runs to 2027-03-31: moving out on 2026-11-20 terminates it early",
    );
}

// --- 3. owner and tenant ----------------------------------------------------------

#[test]
fn a_tenant_needs_the_owners_consent_before_the_exit_pass_and_an_owner_needs_none() {
    let o = office();
    add_unit(&o, "A-1204", &o.owner, Some(&o.owner));
    let id = open(&o);
    let v = show(&o, &id);
    assert_eq!(v["role"], "tenant");
    assert_eq!(
        missing(&o, &id)[0],
        format!(
            "owner's written consent not recorded (propdesk moveout consent {id} --signed-by NAME)"
        )
    );
    // Even with the lift booked, no pass before the consent.
    mo(
        &o,
        NOTICE,
        "lift",
        &id,
        &["--day", MOVE_OUT, "--time", "09:00-12:00"],
    )
    .ok();
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "desks"])
    });
    assert_eq!(
        err,
        format!(
            "error: the goods leave with the owner's written consent: record it first \
             (propdesk moveout consent {id} --signed-by NAME)\n"
        )
    );
    // A blank signature is refused.
    refused(&o, || mo(&o, NOTICE, "consent", &id, &["--signed-by", " "]));
    assert_eq!(
        mo(&o, NOTICE, "consent", &id, &["--signed-by", "Mr Chan"]).ok(),
        format!("{id}: owner's consent recorded\n")
    );
    assert_eq!(
        show(&o, &id)["owner_consent"],
        serde_json::json!({"by": "Mr Chan", "date": "2026-11-10"})
    );
    assert!(!missing(&o, &id).iter().any(|m| m.contains("consent")));
    let err = refused(&o, || {
        mo(&o, NOTICE, "consent", &id, &["--signed-by", "Mr Chan"])
    });
    has(
        &err,
        "the owner's consent was recorded on 2026-11-10 (Mr Chan)",
    );
    // Consent in hand, the pass now waits for the settlement.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "desks"])
    });
    has(&err, &format!("move-out {id} is not settled"));
    assert!(!err.contains("consent"), "{err}");

    // The owner-occupier of A-1204 moves out as owner.
    let own = new_at(&o, NOTICE, "A-1204", MOVE_OUT, &[]);
    let v = show(&o, &own);
    assert_eq!(v["role"], "owner");
    assert_eq!(v["party"], o.owner.as_str());
    let err = refused(&o, || {
        mo(&o, NOTICE, "consent", &own, &["--signed-by", "X"])
    });
    assert_eq!(
        err,
        format!(
            "error: {} moves out as owner: only a tenant needs the owner's consent\n",
            o.owner
        )
    );
    let m = missing(&o, &own);
    assert!(!m.iter().any(|x| x.contains("consent")), "{m:#?}");
    assert!(m[0].starts_with("goods lift not booked"), "{m:#?}");
    // The owner's pass needs no consent: once settled (no move-in to read the meters
    // against, so the last readings are given) and the energy paid.
    mo(
        &o,
        NOTICE,
        "lift",
        &own,
        &["--day", MOVE_OUT, "--time", "13:00-15:00"],
    )
    .ok();
    let read = [
        "--attendee",
        "Engineering",
        "--meter",
        "electricity=110",
        "--last",
        "electricity=100",
        "--meter",
        "water=11",
        "--last",
        "water=10",
    ];
    mo(&o, NOTICE, "inspect", &own, &read).ok();
    let keys = ["--key", "door=1", "--received-by", "Lau"];
    mo(&o, NOTICE, "keys", &own, &keys).ok();
    mo(&o, NOTICE, "settle", &own, &[]).ok();
    // November billed to the 20th, 1,666.67, and 10 kWh x 1.20 + 1 m3 x 5.00 = 17.00;
    // no deposit.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &own, &["--item", "safe"])
    });
    has(&err, "is settled and 1,683.67 is still owed");
    has(
        &err,
        "hint: pay what the deposits do not cover: propdesk pay A-1204 1683.67",
    );
    at(&o, NOTICE, &["pay", "A-1204", "1683.67"]).ok();
    let pass = mo(&o, NOTICE, "exit-pass", &own, &["--item", "safe"])
        .ok()
        .trim()
        .to_string();
    assert_eq!(permit_json(&o, &pass)["tenant_applicant"], false);
}

// --- 4. goods lift and exit pass ----------------------------------------------------

#[test]
fn the_lift_is_booked_without_overlap_and_the_exit_pass_is_a_goods_exit_permit_for_its_day() {
    let o = office();
    add_unit(&o, "A-1204", &o.owner, Some(&o.owner));
    let id = open(&o);
    let other = new_at(&o, NOTICE, "A-1204", MOVE_OUT, &[]);
    mo(&o, NOTICE, "consent", &id, &["--signed-by", "Mr Chan"]).ok();
    // No pass before the lift.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "desks"])
    });
    has(
        &err,
        "error: book the goods lift first: the pass is for its date",
    );
    // An end before the start.
    let err = refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &id,
            &["--day", MOVE_OUT, "--time", "12:00-09:00"],
        )
    });
    assert_eq!(
        err,
        "error: the lift booking ends at 09:00 before it starts at 12:00\n"
    );
    // Not after the move-out date, not in the past.
    let err = refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &id,
            &["--day", "2026-11-21", "--time", "09:00-12:00"],
        )
    });
    has(&err, "2026-11-21 is after the move-out date 2026-11-20");
    refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &id,
            &["--day", "2026-11-09", "--time", "09:00-12:00"],
        )
    });
    assert_eq!(
        mo(
            &o,
            NOTICE,
            "lift",
            &id,
            &["--day", MOVE_OUT, "--time", "09:00-12:00"]
        )
        .ok(),
        format!("{id}: goods lift booked 2026-11-20 09:00–12:00\n")
    );
    assert_eq!(
        show(&o, &id)["lift"],
        serde_json::json!({"date": MOVE_OUT, "from": "09:00:00", "to": "12:00:00"})
    );
    // The other move-out cannot take an overlapping slot that day...
    let err = refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &other,
            &["--day", MOVE_OUT, "--time", "11:00-13:00"],
        )
    });
    assert_eq!(
        err,
        format!(
            "error: the goods lift is booked 2026-11-20 09:00–12:00 for move-out {id}: choose another time\n"
        )
    );
    refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &other,
            &["--day", MOVE_OUT, "--time", "08:00-09:30"],
        )
    });
    // ...but the slot right after it, or the same slot another day.
    mo(
        &o,
        NOTICE,
        "lift",
        &other,
        &["--day", "2026-11-19", "--time", "09:00-12:00"],
    )
    .ok();
    mo(
        &o,
        NOTICE,
        "lift",
        &other,
        &["--day", MOVE_OUT, "--time", "12:00-13:00"],
    )
    .ok();

    // Settlement before the exit pass: the deposit would cover November, but the
    // move-out is settled first.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "20 desks"])
    });
    assert_eq!(
        err,
        format!(
            "error: no goods exit pass for A-1203 while money is owed (settlement before the exit pass):\n  \
             - move-out {id} is not settled: 2,500.00 owed now, 3,000.00 held in deposits\n\
             hint: settle the move-out first: propdesk moveout settle {id} (`propdesk moveout statement {id}` previews it), then pay what the deposits do not cover\n"
        )
    );
    inspect(&o, NOTICE, &id, &[]).ok();
    keys_back(&o, NOTICE, &id);
    mo(&o, NOTICE, "settle", &id, &[]).ok();
    let run = mo(
        &o,
        NOTICE,
        "exit-pass",
        &id,
        &["--item", "20 desks", "--item", "2 safes"],
    );
    let pass = run.ok().trim().to_string();
    assert!(
        pass.starts_with("PM-20261110-") && !pass.contains(char::is_whitespace),
        "{pass}"
    );
    has(
        &run.stderr,
        &format!(
            "{id}: goods exit pass {pass} for 2026-11-20 09:00–12:00: signed by the owner side, the tenant side, then the desk (propdesk permit sign-exit {pass} --side owner|tenant|desk --signed-by NAME)"
        ),
    );
    let p = permit_json(&o, &pass);
    assert_eq!(p["kind"], "goods-exit");
    assert_eq!(p["unit"], "A-1203");
    assert_eq!(p["applicant"], o.tenant.as_str());
    assert_eq!(p["status"], "applied");
    assert_eq!(p["tenant_applicant"], true);
    assert_eq!(
        p["goods_exit"],
        serde_json::json!({
            "date": MOVE_OUT,
            "items": ["20 desks", "2 safes"],
            "lift": "09:00–12:00",
            "moveout": id
        })
    );
    assert_eq!(show(&o, &id)["goods_exit"], pass.as_str());
    // One pass per move-out, and the booking is fixed once it has one.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "chair"])
    });
    assert_eq!(
        err,
        format!("error: move-out {id} has its goods exit pass: {pass}\n")
    );
    let err = refused(&o, || {
        mo(
            &o,
            NOTICE,
            "lift",
            &id,
            &["--day", MOVE_OUT, "--time", "14:00-15:00"],
        )
    });
    has(
        &err,
        &format!(
            "the goods exit pass {pass} is issued for the booked lift: the booking cannot change"
        ),
    );

    // The pass as printed.
    let text = at(&o, NOTICE, &["notice", "goods-exit-pass", &id, "-o", "-"])
        .ok()
        .to_string();
    for line in [
        &format!("Pass no.: {pass}\n"),
        "Unit: A-1203 (building A, floor 12)\n",
        "Applicant: Blue Finch Ltd, attn. Ms Wong\n",
        "Day: 20 November 2026 (valid on this day only)\n",
        &format!("Goods lift: 09:00–12:00 (move-out {id})\n"),
        "1. 20 desks\n2. 2 safes\n",
    ] {
        has(&text, line);
    }

    // `complete` lists the pass until all three signed and security took it.
    let unsigned = format!(
        "goods exit pass {pass} not signed by the owner side, tenant side and desk \
         (propdesk permit sign-exit {pass} --side owner|tenant|desk --signed-by NAME)"
    );
    let untaken = format!(
        "goods exit pass {pass} not yet taken by security as the goods leave \
         (propdesk permit security {pass} --guard NAME)"
    );
    let complete_err = || refused(&o, || mo(&o, OUT_AM, "complete", &id, &[]));
    assert!(missing(&o, &id).contains(&unsigned));
    has(&complete_err(), &unsigned);
    for (side, who) in [("owner", "Mr Chan"), ("tenant", "Ms Wong")] {
        at(
            &o,
            OUT_AM,
            &[
                "permit",
                "sign-exit",
                &pass,
                "--side",
                side,
                "--signed-by",
                who,
            ],
        )
        .ok();
        assert!(missing(&o, &id).contains(&unsigned), "after {side}");
        has(&complete_err(), &unsigned);
    }
    at(
        &o,
        OUT_AM,
        &[
            "permit",
            "sign-exit",
            &pass,
            "--side",
            "desk",
            "--signed-by",
            "Desk Lee",
        ],
    )
    .ok();
    assert_eq!(permit_json(&o, &pass)["status"], "issued");
    // The agenda: security checks the goods against the pass at the lift.
    let lift = |now: &str| -> Vec<String> {
        json_of(&at(&o, now, &["agenda", "--format", "json"]))
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "moveout-lift" && i["record"] == id.as_str())
            .map(|i| {
                format!(
                    "{} {}",
                    i["who"].as_str().unwrap(),
                    i["detail"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        lift("2026-11-20T08:00"),
        ["security goods lift 09:00–12:00: check goods against the pass"]
    );
    let m = missing(&o, &id);
    assert!(m.contains(&untaken) && !m.contains(&unsigned), "{m:#?}");
    has(&complete_err(), &untaken);
    at(
        &o,
        "2026-11-20T12:00",
        &["permit", "security", &pass, "--guard", "Lau"],
    )
    .ok();
    assert_eq!(permit_json(&o, &pass)["status"], "closed");
    // The pass owes nothing itself now, yet it still tells the agenda that the goods
    // have left: the lift is off it.
    assert_eq!(lift("2026-11-20T12:05"), Vec::<String>::new());
    let m = missing(&o, &id);
    assert!(
        !m.iter().any(|x| x.contains("goods") || x.contains(&pass)),
        "{m:#?}"
    );
    let err = complete_err();
    assert!(!err.contains("goods"), "{err}");
}

// --- 5. restoration -----------------------------------------------------------------

/// The tenant's simple renovation permit of A-1203 for restoration works from
/// 2026-11-06 to 2026-11-14 with 2 workers, applied on 2026-11-05; returns its ID.
fn restoration_permit(o: &Office) -> String {
    at(
        o,
        "2026-11-05T10:00",
        &[
            "permit",
            "new",
            "--unit",
            "A-1203",
            "--applicant",
            &o.tenant,
            "--scope",
            "simple",
            "--description",
            "Remove partitions, restore walls",
            "--from",
            "2026-11-06",
            "--to",
            "2026-11-14",
            "--workers",
            "2",
        ],
    )
    .ok()
    .trim()
    .to_string()
}

/// The permit's papers, fees (520.00) and deposits (5,020.00) in, the chain approved,
/// issued on 2026-11-05; completion applied for on 2026-11-10 for 2026-11-13.
fn issue_and_complete(o: &Office, pm: &str) {
    let d = "2026-11-05T10:00";
    let p = |args: &[&str]| {
        let mut a = vec!["permit"];
        a.extend_from_slice(args);
        at(o, d, &a).ok().to_string()
    };
    p(&[
        "receive",
        pm,
        "application-form",
        "workers-list",
        "owner-consent",
        "--from",
        "Ms Wong",
    ]);
    p(&[
        "sign",
        pm,
        "management-agreement",
        "owner-commitment",
        "contractor-commitment",
        "workers-rules",
        "fire-security-responsibility",
        "--signed-by",
        "Ms Wong",
    ]);
    p(&["bill", pm]);
    for role in [
        "desk-clerk",
        "engineering-supervisor",
        "security-supervisor",
        "fire-safety-officer",
        "manager",
    ] {
        p(&["approve", pm, "--as", role]);
    }
    at(o, d, &["pay", "A-1203", "520"]).ok();
    at(o, d, &["pay", "A-1203", "5000", "--deposit", "renovation"]).ok();
    at(o, d, &["pay", "A-1203", "20", "--deposit", "pass"]).ok();
    p(&["issue", pm]);
    at(o, NOTICE, &["permit", "complete", pm, "--on", "2026-11-13"]).ok();
}

#[test]
fn restoration_links_the_renovation_permit_and_inspection_waits_for_its_acceptance() {
    let o = office();
    add_unit(&o, "A-1204", &o.owner, None);
    let now = "2026-11-05T10:00";
    let id = new_at(&o, now, "A-1203", MOVE_OUT, &["--restore"]);
    let v = show(&o, &id);
    assert_eq!(v["restoration_required"], true);
    let link = format!(
        "restoration: link the renovation permit of the works, or charge the office's (propdesk moveout restore {id} --permit PM-ID | --cost AMOUNT --for TEXT)"
    );
    assert!(missing(&o, &id).contains(&link));
    let err = refused(&o, || inspect(&o, now, &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: the lease requires restoration: link its renovation permit first \
             (propdesk moveout restore {id} --permit PM-ID) and inspect once it is accepted, or charge the office's restoration (--cost AMOUNT --for TEXT)\n"
        )
    );
    let err = misused(&o, || mo(&o, now, "restore", &id, &[]));
    has(
        &err,
        "give the restoration works' permit (--permit PM-ID) or a cost (--cost AMOUNT --for TEXT)",
    );
    // Not another unit's renovation permit, nor a permit of another kind.
    let theirs = at(
        &o,
        now,
        &[
            "permit",
            "new",
            "--unit",
            "A-1204",
            "--applicant",
            &o.owner,
            "--scope",
            "simple",
            "--description",
            "Paint",
            "--from",
            "2026-11-06",
            "--to",
            "2026-11-14",
            "--workers",
            "1",
        ],
    )
    .ok()
    .trim()
    .to_string();
    let err = refused(&o, || mo(&o, now, "restore", &id, &["--permit", &theirs]));
    assert_eq!(
        err,
        format!(
            "error: permit {theirs} is a renovation permit of A-1204: restoration needs a renovation permit of A-1203\n"
        )
    );
    // A goods exit pass is not even applied for before the move-out is settled.
    let goods = [
        "permit",
        "new",
        "--kind",
        "goods-exit",
        "--unit",
        "A-1203",
        "--applicant",
        &o.tenant,
        "--day",
        "2026-11-06",
        "--item",
        "cabinet",
    ];
    let err = refused(&o, || at(&o, now, &goods));
    has(
        &err,
        &format!(
            "error: no goods exit pass for A-1203 while money is owed (settlement before the exit pass):\n  - move-out {id} is not settled"
        ),
    );
    let parking = at(
        &o,
        now,
        &[
            "permit",
            "new",
            "--kind",
            "parking",
            "--unit",
            "A-1203",
            "--applicant",
            &o.tenant,
            "--bay",
            "B1-001",
            "--plate",
            "粤B12345",
            "--term",
            "year",
            "--from",
            "2026-11-06",
        ],
    )
    .ok()
    .trim()
    .to_string();
    let err = refused(&o, || mo(&o, now, "restore", &id, &["--permit", &parking]));
    assert_eq!(
        err,
        format!(
            "error: permit {parking} is a parking permit of A-1203: restoration needs a renovation permit of A-1203\n"
        )
    );
    // The works' permit is linked, while still applied.
    let pm = restoration_permit(&o);
    assert_eq!(
        mo(&o, now, "restore", &id, &["--permit", &pm]).ok(),
        format!("{id}: restoration works under {pm} (applied)\n")
    );
    assert_eq!(show(&o, &id)["restoration"], pm.as_str());
    let err = refused(&o, || mo(&o, now, "restore", &id, &["--permit", &pm]));
    has(&err, &format!("the restoration permit is {pm}"));
    let waiting = |status: &str| {
        format!("restoration works {pm} not accepted (it is {status}; propdesk permit accept {pm})")
    };
    assert!(missing(&o, &id).contains(&waiting("applied")));
    let not_accepted = format!(
        "error: the restoration works ({pm}) are not accepted yet: inspect once they are (propdesk permit accept {pm})\n"
    );
    assert_eq!(refused(&o, || inspect(&o, now, &id, &[])), not_accepted);
    // Issued and completion applied for: still not accepted.
    issue_and_complete(&o, &pm);
    assert!(missing(&o, &id).contains(&waiting("completion-applied")));
    assert_eq!(
        refused(&o, || inspect(&o, "2026-11-12T10:00", &id, &[])),
        not_accepted
    );
    at(
        &o,
        "2026-11-13T10:00",
        &[
            "permit",
            "accept",
            &pm,
            "--pass",
            "--note",
            "Walls restored",
        ],
    )
    .ok();
    let m = missing(&o, &id);
    assert!(!m.iter().any(|x| x.starts_with("restoration")), "{m:#?}");
    // Its deposits still held, settlement waits for the permit's refund.
    assert!(m.contains(&format!(
        "renovation permit {pm} still holds deposits (settle it: propdesk permit refund {pm})"
    )));

    // The office's own restoration at the tenant's cost, on the move-out day.
    misused(&o, || mo(&o, OUT_PM, "restore", &id, &["--cost", "1200"]));
    misused(&o, || mo(&o, OUT_PM, "restore", &id, &["--for", "Repaint"]));
    assert_eq!(
        mo(
            &o,
            OUT_PM,
            "restore",
            &id,
            &["--cost", "1200", "--for", "Repaint walls"]
        )
        .ok(),
        format!("{id}: restoration cost 1,200.00 charged to A-1203\n")
    );
    let charge = ledger(&o, OUT_PM, "A-1203")
        .into_iter()
        .find(|e| e["item"] == "restoration")
        .expect("a restoration charge");
    assert_eq!(charge["kind"], "charge");
    assert_eq!(charge["debit"], "1200.00");
    assert_eq!(charge["ref"], id.as_str());
    assert_eq!(charge["due"], MOVE_OUT);
    assert_eq!(charge["for"], "Restoration: Repaint walls");
    let no = charge["no"].as_u64().unwrap();
    assert_eq!(
        show(&o, &id)["restoration_costs"],
        serde_json::json!([{
            "item": "restoration", "description": "Repaint walls", "amount": "1200.00", "entry": no
        }])
    );
    // Inspected now; the permit's deposits refunded; settled.
    assert_eq!(
        inspect(&o, OUT_PM, &id, &[]).ok(),
        format!(
            "{id}: inspected\n\
             {id}: electricity 1000 → 1654.9: 654.9 × 1.20 = 785.88\n\
             {id}: water 50 → 62.5: 12.5 × 5.00 = 62.50\n\
             {id}: 848.38 charged to A-1203\n"
        )
    );
    keys_back(&o, OUT_PM, &id);
    let err = refused(&o, || mo(&o, OUT_PM, "settle", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} cannot be settled yet; missing:\n  \
             - renovation permit {pm} still holds deposits (settle it: propdesk permit refund {pm})\n"
        )
    );
    at(&o, OUT_PM, &["permit", "passes", &pm, "--returned", "2"]).ok();
    at(&o, OUT_PM, &["permit", "refund", &pm]).ok();
    mo(&o, OUT_PM, "settle", &id, &[]).ok();
    let s = statement_json(&o, OUT_PM, &id);
    let restoration: Vec<String> = lines(&s)
        .into_iter()
        .filter(|l| l.starts_with("restoration"))
        .collect();
    assert_eq!(restoration, [format!("restoration {no} 1200.00 1200.00")]);
    assert_eq!(
        s["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["entry"] == no)
            .unwrap()["text"],
        "Restoration: Repaint walls"
    );
    assert_eq!(s["accepted"], MOVE_OUT);
    assert_arithmetic(&s);
    let text = at(&o, OUT_PM, &["moveout", "statement", &id])
        .ok()
        .to_string();
    has(
        &text,
        &format!("  restoration #{no:<4}    -1,200.00  Restoration: Repaint walls\n"),
    );
}

#[test]
fn restoration_done_by_the_office_and_charged_lets_the_inspection_go_ahead() {
    let o = office();
    let id = new_at(&o, NOTICE, "A-1203", MOVE_OUT, &["--restore"]);
    mo(
        &o,
        OUT_AM,
        "restore",
        &id,
        &["--cost", "1200", "--for", "Repaint walls"],
    )
    .ok();
    let m = missing(&o, &id);
    assert!(!m.iter().any(|x| x.starts_with("restoration")), "{m:#?}");
    inspect(&o, OUT_PM, &id, &[]).ok();
}

// --- 6. billing stops; proration to the day -----------------------------------------

#[test]
fn billing_stops_at_the_move_out_and_days_billed_past_it_are_credited() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    let u = unit_json(&o, "A-1203");
    assert_eq!(u["fees_until"], MOVE_OUT);
    assert_eq!(u["status"], "occupied");
    let last = u["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "moving-out");
    assert_eq!(
        last["note"],
        format!(
            "{id}: {} moves out on 2026-11-20; billed until 2026-11-20 (was unset)",
            o.tenant
        )
    );
    ready_to_settle(&o, &id);
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    // November billed in full (2,500.00 for 30 days); 21-30 November credited:
    // 2,500.00 x 10/30 = 833.333... -> 833.33.
    has(
        &out,
        "  billing   #8         -833.33  Property fee November 2026 credited: billed through the move-out on 2026-11-20\n",
    );
    let credit = ledger(&o, OUT_PM, "A-1203")
        .into_iter()
        .find(|e| e["kind"] == "credit")
        .expect("a credit");
    assert_eq!(credit["no"], 8);
    assert_eq!(credit["credit"], "833.33");
    assert_eq!(credit["date"], MOVE_OUT);
    // Only one credit: the month is put right once.
    assert_eq!(
        ledger(&o, OUT_PM, "A-1203")
            .iter()
            .filter(|e| e["kind"] == "credit")
            .count(),
        1
    );
    let s = statement_json(&o, OUT_PM, &id);
    assert_eq!(s["billed_through"], MOVE_OUT);
    assert_eq!(lines(&s)[0], "billing 8 -833.33 0.00");
}

/// A lease to 2026-12-10, November paid, the notice given on Monday 2026-11-23 for a
/// move-out on 2026-12-10.
fn december() -> (Office, String) {
    let o = office_with("2026-12-10", None);
    pay_november(&o);
    let id = new_at(&o, "2026-11-23T09:30", "A-1203", "2026-12-10", &[]);
    (o, id)
}

#[test]
fn a_month_not_billed_yet_is_billed_to_the_move_out_day_by_the_settlement() {
    let (o, id) = december();
    let day = "2026-12-10";
    lift_booked(&o, &id, day, true);
    inspect(&o, "2026-12-10T15:00", &id, &[]).ok();
    keys_back(&o, "2026-12-10T15:00", &id);
    let out = mo(&o, "2026-12-10T15:00", "settle", &id, &[])
        .ok()
        .to_string();
    // December: 2,500.00 x 10/31 = 806.4516... -> 806.45, due on the 15th.
    let dec = ledger(&o, "2026-12-10T15:00", "A-1203")
        .into_iter()
        .find(|e| e["item"] == "property-fee" && e["date"] == day)
        .expect("December billed");
    assert_eq!(dec["debit"], "806.45");
    assert_eq!(dec["due"], "2026-12-15");
    assert_eq!(dec["ref"], id.as_str());
    let no = dec["no"].as_u64().unwrap();
    has(
        &out,
        &format!(
            "  billing   #{no:<4} {:>12}  {}\n",
            "806.45",
            dec["for"].as_str().unwrap()
        ),
    );
    has(dec["for"].as_str().unwrap(), "December 2026");
    assert_eq!(dec["for"], "Property fee December 2026 (10 of 31 days)");
    // Nothing credited: November is owed in full.
    assert!(
        !ledger(&o, "2026-12-10T15:00", "A-1203")
            .iter()
            .any(|e| e["kind"] == "credit")
    );
    let s = statement_json(&o, "2026-12-10T15:00", &id);
    assert_eq!(
        lines(&s),
        [
            format!("billing {no} 806.45 0.00"),
            format!("fees {no} 806.45 806.45"),
            "energy 6 785.88 785.88".to_string(),
            "energy 7 62.50 62.50".to_string(),
        ]
    );
    // 3,000.00 - (806.45 + 848.38) = 1,345.17, due 30 days after the inspection.
    assert_eq!(s["owed_total"], "1654.83");
    assert_eq!(s["refund"], "1345.17");
    assert_eq!(s["refund_due"], "2027-01-09");
    assert_arithmetic(&s);
}

#[test]
fn bill_run_after_the_notice_bills_the_move_out_month_by_the_day_and_nothing_after() {
    let (o, id) = december();
    assert_eq!(unit_json(&o, "A-1203")["fees_until"], "2026-12-10");
    assert_eq!(
        at(
            &o,
            "2026-12-01T09:00",
            &["bill", "run", "--month", "2026-12"]
        )
        .ok(),
        "A-1203\t806.45\tnotices/2026/12/20261201-A-1203-payment-notice.en.html\n"
    );
    let day = "2026-12-10";
    lift_booked(&o, &id, day, true);
    inspect(&o, "2026-12-10T15:00", &id, &[]).ok();
    keys_back(&o, "2026-12-10T15:00", &id);
    mo(
        &o,
        "2026-12-10T15:00",
        "cleaning",
        &id,
        &["--with", "Cleaning team"],
    )
    .ok();
    // The month was billed by the day already: the settlement bills and credits nothing.
    mo(&o, "2026-12-10T15:00", "settle", &id, &[]).ok();
    let s = statement_json(&o, "2026-12-10T15:00", &id);
    assert!(!lines(&s).iter().any(|l| l.starts_with("billing")), "{s}");
    assert_eq!(
        lines(&s),
        [
            "fees 6 806.45 806.45",
            "energy 7 785.88 785.88",
            "energy 8 62.50 62.50"
        ]
    );
    // The deposit covers what is owed: the goods may leave.
    goods_out(&o, &id, "2026-12-10T15:30");
    mo(&o, "2026-12-10T16:00", "complete", &id, &[]).ok();
    let before = snapshot(&o);
    let out = at(
        &o,
        "2027-01-01T09:00",
        &["bill", "run", "--month", "2027-01"],
    );
    assert_eq!(out.ok(), "");
    assert_unchanged(&before, &o);
}

// --- 7. energy from the meters --------------------------------------------------------

#[test]
fn energy_is_charged_from_the_move_in_readings_at_the_default_prices() {
    let o = office();
    let id = open(&o);
    let err = refused(&o, || {
        mo(
            &o,
            OUT_PM,
            "inspect",
            &id,
            &[
                "--attendee",
                "E",
                "--meter",
                "electricity=999.9",
                "--meter",
                "water=62.5",
            ],
        )
    });
    assert_eq!(
        err,
        "error: the electricity meter reads 999.9, less than the last reading 1000\n"
    );
    let err = refused(&o, || {
        mo(
            &o,
            OUT_PM,
            "inspect",
            &id,
            &["--attendee", "E", "--meter", "electricity=1654.9"],
        )
    });
    assert_eq!(
        err,
        "error: the water meter was not read: --meter water=READING (this unit has electricity, water)\n"
    );
    let err = refused(&o, || inspect(&o, OUT_PM, &id, &["--meter", "gas=5"]));
    has(&err, "this unit has no gas meter");
    let err = refused(&o, || inspect(&o, OUT_PM, &id, &["--meter", "water=63"]));
    has(&err, "the water meter is read twice: give one reading");
    // No attendee is a usage error.
    misused(&o, || {
        mo(
            &o,
            OUT_PM,
            "inspect",
            &id,
            &["--meter", "electricity=1654.9", "--meter", "water=62.5"],
        )
    });
    // 654.9 kWh x 1.20 = 785.88; 12.5 m³ x 5.00 = 62.50.
    assert_eq!(
        inspect(&o, OUT_PM, &id, &[]).ok(),
        format!(
            "{id}: inspected\n\
             {id}: electricity 1000 → 1654.9: 654.9 × 1.20 = 785.88\n\
             {id}: water 50 → 62.5: 12.5 × 5.00 = 62.50\n\
             {id}: 848.38 charged to A-1203\n"
        )
    );
    assert_eq!(
        rows_from(&o, OUT_PM, 5),
        [
            format!("5 charge energy 785.88/-/- {id}"),
            format!("6 charge energy 62.50/-/- {id}"),
        ]
    );
    let l = ledger(&o, OUT_PM, "A-1203");
    assert_eq!(
        l[4]["for"],
        "Final energy: electricity 1000→1654.9 (654.9 × 1.20)"
    );
    assert_eq!(l[4]["due"], MOVE_OUT);
    assert_eq!(l[5]["for"], "Final energy: water 50→62.5 (12.5 × 5.00)");
    let v = show(&o, &id);
    assert_eq!(
        v["inspection"]["meters"],
        serde_json::json!([
            {"meter": "electricity", "last": "1000", "reading": "1654.9", "price": "1.20", "amount": "785.88", "entry": 5},
            {"meter": "water", "last": "50", "reading": "62.5", "price": "5.00", "amount": "62.50", "entry": 6}
        ])
    );
    assert_eq!(
        v["inspection"]["attendees"],
        serde_json::json!(["Engineering", "Security"])
    );
    assert_eq!(v["inspection"]["date"], MOVE_OUT);
    // Once.
    let err = refused(&o, || inspect(&o, OUT_PM, &id, &[]));
    has(&err, &format!("move-out {id} was inspected on 2026-11-20"));
}

#[test]
fn the_last_reading_may_be_given_and_prices_come_from_office_toml() {
    let o = office();
    edit_toml(&o, "electricity = \"1.20\"", "electricity = \"0.6536\"");
    edit_toml(&o, "water = \"5.00\"", "water = \"4.1\"");
    let id = open(&o);
    let err = refused(&o, || {
        mo(
            &o,
            OUT_PM,
            "inspect",
            &id,
            &[
                "--attendee",
                "E",
                "--meter",
                "electricity=1400",
                "--meter",
                "water=62.5",
                "--last",
                "electricity=1500",
            ],
        )
    });
    assert_eq!(
        err,
        "error: the electricity meter reads 1400, less than the last reading 1500\n"
    );
    // Electricity from the last reading billed (1500), water from the move-in (50):
    // 154.9 x 0.6536 = 101.24264 -> 101.24; 12.5 x 4.10 = 51.25.
    assert_eq!(
        inspect(&o, OUT_PM, &id, &["--last", "electricity=1500"]).ok(),
        format!(
            "{id}: inspected\n\
             {id}: electricity 1500 → 1654.9: 154.9 × 0.6536 = 101.24\n\
             {id}: water 50 → 62.5: 12.5 × 4.10 = 51.25\n\
             {id}: 152.49 charged to A-1203\n"
        )
    );
    assert_eq!(
        rows_from(&o, OUT_PM, 5),
        [
            format!("5 charge energy 101.24/-/- {id}"),
            format!("6 charge energy 51.25/-/- {id}"),
        ]
    );
    // A unit without a move-in has no baseline: --last is needed.
    let (t, owner, _) = bare();
    add_unit(&t, "A-1204", &owner, Some(&owner));
    let own = new_at(&t, NOTICE, "A-1204", MOVE_OUT, &[]);
    let err = refused(&t, || inspect(&t, OUT_PM, &own, &[]));
    assert_eq!(
        err,
        "error: no last reading of the electricity meter: the move-in record has none; give the last reading billed (--last electricity=READING)\n"
    );
    let out = inspect(
        &t,
        OUT_PM,
        &own,
        &["--last", "electricity=1600", "--last", "water=60"],
    );
    has(out.ok(), &format!("{own}: 78.38 charged to A-1204\n"));
}

// --- 8. the inspection against the move-in handover ------------------------------------

#[test]
fn a_facility_damaged_since_move_in_is_priced_and_charged_and_an_old_defect_is_not() {
    let o = office_with(MOVE_OUT, Some("ceiling=Crack by the window"));
    let id = open(&o);
    // A damage needs its price, and a price its damage.
    let err = misused(&o, || {
        inspect(&o, OUT_PM, &id, &["--damage", "walls=Large stain"])
    });
    has(
        &err,
        "the damage to walls has no price: --price walls=AMOUNT",
    );
    let err = misused(&o, || inspect(&o, OUT_PM, &id, &["--price", "walls=800"]));
    has(
        &err,
        "--price walls=... prices no damage: describe it with --damage walls=DESCRIPTION",
    );
    // Only items of the handover checklist.
    let err = refused(&o, || {
        inspect(
            &o,
            OUT_PM,
            &id,
            &["--damage", "roof=Gone", "--price", "roof=100"],
        )
    });
    assert_eq!(
        err,
        "error: \"roof\" is not on the handover checklist: expected one of door-and-lock, windows, \
         lights, sockets, air-conditioning, sprinklers, smoke-detectors, floor, walls, ceiling\n"
    );
    // The ceiling was defective at move-in: not the tenant's damage.
    let err = refused(&o, || {
        inspect(
            &o,
            OUT_PM,
            &id,
            &["--damage", "ceiling=Crack wider", "--price", "ceiling=300"],
        )
    });
    assert_eq!(
        err,
        "error: ceiling was already defective at move-in (the handover record): it is not the party's damage\n"
    );
    let out = inspect(
        &o,
        OUT_PM,
        &id,
        &["--damage", "walls=Large stain", "--price", "walls=800"],
    );
    assert_eq!(
        out.ok(),
        format!(
            "{id}: inspected\n\
             {id}: electricity 1000 → 1654.9: 654.9 × 1.20 = 785.88\n\
             {id}: water 50 → 62.5: 12.5 × 5.00 = 62.50\n\
             {id}: walls damaged since move-in: Large stain\n\
             {id}: 1,648.38 charged to A-1203\n"
        )
    );
    let v = show(&o, &id);
    let facilities = v["inspection"]["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 10);
    let f = |item: &str| {
        facilities
            .iter()
            .find(|f| f["item"] == item)
            .unwrap()
            .clone()
    };
    assert_eq!(
        f("walls"),
        serde_json::json!({"item": "walls", "at_movein": "ok", "condition": "defect", "note": "Large stain"})
    );
    assert_eq!(
        f("ceiling"),
        serde_json::json!({"item": "ceiling", "at_movein": "defect", "condition": "defect"})
    );
    assert_eq!(
        f("floor"),
        serde_json::json!({"item": "floor", "at_movein": "ok", "condition": "ok"})
    );
    assert_eq!(
        v["damages"],
        serde_json::json!([
            {"item": "walls", "description": "Large stain", "amount": "800.00", "entry": 7}
        ])
    );
    let l = ledger(&o, OUT_PM, "A-1203");
    assert_eq!(row(&l[6]), format!("7 charge damage 800.00/-/- {id}"));
    assert_eq!(l[6]["for"], "Move-out damage: walls: Large stain");
    // Only the damage is charged as damage.
    assert_eq!(l.iter().filter(|e| e["item"] == "damage").count(), 1);
}

// --- 9. keys --------------------------------------------------------------------------

#[test]
fn keys_are_counted_against_the_move_in_and_missing_ones_are_charged() {
    let o = office();
    let id = open(&o);
    let keys = |extra: &[&str]| {
        let mut a = extra.to_vec();
        a.extend(["--received-by", "Lau"]);
        mo(&o, OUT_PM, "keys", &id, &a)
    };
    let err = refused(&o, || keys(&["--key", "door=1", "--key", "mailbox=1"]));
    assert_eq!(
        err,
        "error: keys missing against the move-in handover (door: 1 of 2 returned): price them with --charge AMOUNT (charged as damage)\n"
    );
    let err = refused(&o, || keys(&["--key", "door=1"]));
    has(
        &err,
        "keys missing against the move-in handover (door: 1 of 2 returned; mailbox: 0 of 1 returned)",
    );
    let err = refused(&o, || {
        keys(&["--key", "door=2", "--key", "mailbox=1", "--charge", "50"])
    });
    assert_eq!(
        err,
        "error: every key handed over at move-in is back: there is nothing to charge\n"
    );
    let err = refused(&o, || {
        keys(&["--key", "door=1", "--key", "door=1", "--key", "mailbox=1"])
    });
    has(&err, "key kind door is given twice");
    assert_eq!(
        keys(&["--key", "door=1", "--key", "mailbox=1", "--charge", "50"]).ok(),
        format!("{id}: 2 key(s) returned of 3; 50.00 charged for keys not returned\n")
    );
    let l = ledger(&o, OUT_PM, "A-1203");
    let last = l.last().unwrap();
    assert_eq!(row(last), format!("5 charge damage 50.00/-/- {id}"));
    assert_eq!(last["for"], "Move-out damage: keys: door: 1 of 2 returned");
    let v = show(&o, &id);
    assert_eq!(
        v["damages"],
        serde_json::json!([
            {"item": "keys", "description": "door: 1 of 2 returned", "amount": "50.00", "entry": 5}
        ])
    );
    assert_eq!(
        v["keys"],
        serde_json::json!({
            "sets": [{"kind": "door", "count": 1}, {"kind": "mailbox", "count": 1}],
            "expected": [{"kind": "door", "count": 2}, {"kind": "mailbox", "count": 1}],
            "received_by": "Lau",
            "date": MOVE_OUT
        })
    );
    let err = refused(&o, || keys(&["--key", "door=2", "--key", "mailbox=1"]));
    assert_eq!(err, "error: 2 keys were returned on 2026-11-20\n");
}

// --- 10. the settlement -------------------------------------------------------------------

#[test]
fn settle_is_refused_until_inspected_and_keys_are_back_and_the_preview_writes_nothing() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    let err = refused(&o, || mo(&o, OUT_PM, "settle", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} cannot be settled yet; missing:\n  \
             - move-out inspection not done (propdesk moveout inspect {id} --attendee NAME --meter METER=READING)\n  \
             - keys not returned (propdesk moveout keys {id} --key KIND=COUNT --received-by NAME)\n"
        )
    );
    let err = refused(&o, || {
        at(&o, OUT_AM, &["notice", "settlement", &id, "-o", "-"])
    });
    has(&err, &format!("move-out {id} is not settled"));
    // The preview before the inspection: no acceptance day, so no refund deadline.
    let before = snapshot(&o);
    let s = statement_json(&o, OUT_AM, &id);
    assert_unchanged(&before, &o);
    assert_eq!(s["preview"], true);
    assert_eq!(s["refund"], "3833.33");
    assert!(s.get("refund_due").is_none(), "{s}");
    inspect(&o, OUT_PM, &id, &[]).ok();
    let err = refused(&o, || mo(&o, OUT_PM, "settle", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} cannot be settled yet; missing:\n  \
             - keys not returned (propdesk moveout keys {id} --key KIND=COUNT --received-by NAME)\n"
        )
    );
    keys_back(&o, OUT_PM, &id);

    // The preview: what settling today would post, nothing written.
    let before = snapshot(&o);
    let preview = at(&o, OUT_PM, &["moveout", "statement", &id])
        .ok()
        .to_string();
    let pj = statement_json(&o, OUT_PM, &id);
    assert_unchanged(&before, &o);
    for line in [
        format!(
            "{id}: settlement of A-1203 ({}), billed through 2026-11-20\n",
            o.tenant
        ),
        "  billing   #8         -833.33  Property fee November 2026 credited: billed through \
         the move-out on 2026-11-20\n"
            .to_string(),
        "  deposit   lease     3,000.00  held\n".to_string(),
        "  energy    #7          -15.05  Final energy: water 50→62.5 (12.5 × 5.00)".to_string(),
        "  refund              2,984.95  due by 2026-12-20\n".to_string(),
    ] {
        has(&preview, &line);
    }
    assert!(
        preview.ends_with(&format!(
            "  preview: not settled; `propdesk moveout settle {id}` posts it\n"
        )),
        "{preview}"
    );
    // Held 3,000.00 + credit 833.33 - energy 848.38 = 2,984.95: the credit cleared
    // 785.88 of electricity and 47.45 of water, the deposit the 15.05 left.
    assert_eq!(pj["preview"], true);
    assert_eq!(pj["moveout"], id.as_str());
    assert_eq!(pj["held"], "3000.00");
    assert_eq!(pj["credit"], "0.00");
    assert_eq!(pj["owed_total"], "15.05");
    assert_eq!(pj["refund"], "2984.95");
    assert_eq!(pj["owed"], "0.00");
    assert_eq!(pj["applied"], "15.05");
    assert_eq!(pj["accepted"], MOVE_OUT);
    assert_eq!(pj["refund_due"], "2026-12-20");
    assert_eq!(
        pj["deposits"],
        serde_json::json!([{"kind": "lease", "amount": "3000.00"}])
    );
    assert_eq!(
        lines(&pj),
        [
            "billing 8 -833.33 0.00",
            "energy 6 785.88 0.00",
            "energy 7 62.50 15.05"
        ]
    );
    assert_arithmetic(&pj);

    let out = mo(&o, OUT_PM, "settle", &id, &[]);
    let notice = format!("notices/2026/11/20261120-{id}-settlement.en.html");
    assert_eq!(
        out.ok(),
        preview.replace(
            &format!("  preview: not settled; `propdesk moveout settle {id}` posts it\n"),
            &format!("{notice}\n")
        )
    );
    assert!(o.exists(&notice));
    let printed = at(&o, OUT_PM, &["notice", "settlement", &id, "-o", "-"])
        .ok()
        .to_string();
    has(&printed, "2,984.95");
    has(&printed, "833.33");
    // The statement as settled is the preview.
    let sj = statement_json(&o, OUT_PM, &id);
    assert_eq!(sj["preview"], false);
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("preview");
        v
    };
    assert_eq!(strip(sj.clone()), strip(pj));
    assert_eq!(
        rows_from(&o, OUT_PM, 8),
        [
            "8 credit - -/833.33/- -",
            "9 deposit-applied lease -/15.05/15.05 -"
        ]
    );
    let deposits = json_of(&at(
        &o,
        OUT_PM,
        &["--format", "json", "ledger", "--deposits"],
    ));
    assert_eq!(deposits[0]["held"], "2984.95");
    assert_eq!(deposits[0]["applied"], "15.05");
    let v = show(&o, &id);
    assert_eq!(v["settlement"]["entries"], serde_json::json!([8, 9]));
    assert_eq!(
        v["refund_due"],
        serde_json::json!({"amount": "2984.95", "date": "2026-12-20"})
    );
    // Twice is refused.
    let err = refused(&o, || mo(&o, OUT_PM, "settle", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} was settled on 2026-11-20\nhint: `propdesk moveout statement {id}` shows it\n"
        )
    );
    // Nothing that would change the statement after it.
    let err = refused(&o, || {
        mo(&o, OUT_PM, "restore", &id, &["--cost", "10", "--for", "x"])
    });
    assert_eq!(
        err,
        format!(
            "error: move-out {id} was settled on 2026-11-20: a restoration cost would change the statement\n"
        )
    );
}

#[test]
fn a_settlement_that_leaves_money_owed_applies_every_deposit() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    lift_booked(&o, &id, MOVE_OUT, true);
    inspect(
        &o,
        OUT_PM,
        &id,
        &["--damage", "walls=Large stain", "--price", "walls=3500"],
    )
    .ok();
    mo(
        &o,
        OUT_PM,
        "keys",
        &id,
        &[
            "--key",
            "door=1",
            "--key",
            "mailbox=1",
            "--received-by",
            "Lau",
            "--charge",
            "50",
        ],
    )
    .ok();
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    // Held 3,000.00 + credit 833.33 - (848.38 + 3,500.00 + 50.00) = -565.05.
    has(&out, "  still owed            565.05\n");
    let s = statement_json(&o, OUT_PM, &id);
    assert_eq!(
        lines(&s),
        [
            "billing 10 -833.33 0.00",
            "energy 6 785.88 0.00",
            "energy 7 62.50 15.05",
            "damage 8 3500.00 3500.00",
            "damage 9 50.00 50.00"
        ]
    );
    assert_eq!(s["held"], "3000.00");
    assert_eq!(s["credit"], "0.00");
    assert_eq!(s["owed_total"], "3565.05");
    assert_eq!(s["applied"], "3000.00");
    assert_eq!(s["refund"], "0.00");
    assert_eq!(s["owed"], "565.05");
    assert!(s.get("refund_due").is_none(), "{s}");
    assert_arithmetic(&s);
    let l = ledger(&o, OUT_PM, "A-1203");
    assert_eq!(
        row(l.last().unwrap()),
        "11 deposit-applied lease -/3000.00/3000.00 -"
    );
    assert_eq!(l.last().unwrap()["balance"], "565.05");
    let v = show(&o, &id);
    assert!(v["refund_due"].is_null());
    // No refund to pay.
    let err = refused(&o, || {
        mo(
            &o,
            OUT_PM,
            "refund",
            &id,
            &["--method", "transfer", "--ref", "V-1"],
        )
    });
    assert_eq!(
        err,
        "error: the settlement leaves no refund: 565.05 is owed\n"
    );
}

// --- 11. the refund ---------------------------------------------------------------------

#[test]
fn the_refund_pays_back_the_deposit_and_the_credit_once_after_the_settlement() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    lift_booked(&o, &id, MOVE_OUT, true);
    // No energy used: the 833.33 credited for 21-30 November stays a credit.
    mo(
        &o,
        OUT_PM,
        "inspect",
        &id,
        &[
            "--attendee",
            "E",
            "--meter",
            "electricity=1000",
            "--meter",
            "water=50",
        ],
    )
    .ok();
    keys_back(&o, OUT_PM, &id);
    mo(&o, OUT_PM, "cleaning", &id, &["--with", "Cleaning team"]).ok();
    let err = refused(&o, || {
        mo(
            &o,
            OUT_PM,
            "refund",
            &id,
            &["--method", "transfer", "--ref", "V-1"],
        )
    });
    assert_eq!(
        err,
        format!(
            "error: move-out {id} is not settled: the refund is paid only after acceptance and settlement (propdesk moveout settle {id})\n"
        )
    );
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    has(&out, "  deposit   lease     3,000.00  held\n");
    has(&out, "  credit                833.33  paid in advance\n");
    has(&out, "  refund              3,833.33  due by 2026-12-20\n");
    let s = statement_json(&o, OUT_PM, &id);
    assert_eq!(s["credit"], "833.33");
    assert_eq!(s["owed_total"], "0.00");
    assert_eq!(s["refund"], "3833.33");
    assert_eq!(s["applied"], "0.00");
    assert_arithmetic(&s);
    goods_out(&o, &id, GOODS_OUT);
    let out = mo(&o, "2026-11-20T16:00", "complete", &id, &[])
        .ok()
        .to_string();
    has(&out, &format!("{id}: refund 3,833.33 due by 2026-12-20\n"));
    // Completed, but listed while the refund is owed.
    let list = at(&o, "2026-11-25T10:00", &["moveout"]).ok().to_string();
    has(&list, &id);
    has(&list, "refund 3,833.33 due by 2026-12-20");
    let v = json_of(&at(
        &o,
        "2026-11-25T10:00",
        &["--format", "json", "moveout"],
    ));
    assert_eq!(
        v,
        serde_json::json!([{
            "id": id, "unit": "A-1203", "party": o.tenant, "status": "completed",
            "move_out": MOVE_OUT, "waiting_for": ["refund 3,833.33 due by 2026-12-20"]
        }])
    );
    assert_eq!(
        mo(
            &o,
            "2026-11-25T10:00",
            "refund",
            &id,
            &["--method", "transfer", "--ref", "V-1"]
        )
        .ok(),
        format!("{id}: refund 3,833.33 paid to {}\n", o.tenant)
    );
    assert_eq!(
        rows_from(&o, "2026-11-25T10:00", 7),
        [
            "7 deposit-refunded lease -/-/3000.00 V-1",
            "8 credit-refunded - 833.33/-/- V-1"
        ]
    );
    // The credit refunded is in the ledger file (the statement does not show it: see
    // the ignored test below).
    has(
        &o.read("ledger/A-1203/2026.yaml"),
        "- entry: 8\n  date: \"2026-11-25\"\n  kind: credit-refunded\n  amount: \"833.33\"\n",
    );
    has(
        &o.read("ledger/A-1203/2026.yaml"),
        "- entry: 7\n  date: \"2026-11-25\"\n  kind: deposit-refunded\n  deposit: lease\n  amount: \"3000.00\"\n",
    );
    let l = ledger(&o, "2026-11-25T10:00", "A-1203");
    assert_eq!(l.last().unwrap()["balance"], "0.00");
    let v = show(&o, &id);
    assert_eq!(
        v["refund"],
        serde_json::json!({"date": "2026-11-25", "amount": "3833.33", "entries": [7, 8]})
    );
    assert!(v["refund_due"].is_null());
    assert_eq!(events(&v).last().unwrap(), "refunded");
    let err = refused(&o, || {
        mo(
            &o,
            "2026-11-26T10:00",
            "refund",
            &id,
            &["--method", "transfer", "--ref", "V-2"],
        )
    });
    assert_eq!(err, "error: the refund of 3833.33 was paid on 2026-11-25\n");
    // Paid: no longer listed unless --all.
    assert_eq!(
        json_of(&at(
            &o,
            "2026-11-26T10:00",
            &["--format", "json", "moveout"]
        )),
        serde_json::json!([])
    );
    let all = json_of(&at(
        &o,
        "2026-11-26T10:00",
        &["--format", "json", "moveout", "--all"],
    ));
    assert_eq!(all[0]["id"], id.as_str());
    assert!(all[0]["waiting_for"].is_null(), "{all}");
    check_clean(&o);
}

#[test]
fn the_statement_shows_the_credit_refunded() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    mo(
        &o,
        OUT_PM,
        "inspect",
        &id,
        &[
            "--attendee",
            "E",
            "--meter",
            "electricity=1000",
            "--meter",
            "water=50",
        ],
    )
    .ok();
    keys_back(&o, OUT_PM, &id);
    mo(&o, OUT_PM, "settle", &id, &[]).ok();
    mo(
        &o,
        OUT_PM,
        "refund",
        &id,
        &["--method", "transfer", "--ref", "V-1"],
    )
    .ok();
    let l = ledger(&o, OUT_PM, "A-1203");
    let e = l.iter().find(|e| e["kind"] == "credit-refunded").unwrap();
    assert_eq!(e["debit"], "833.33", "{e}");
    let table = at(&o, OUT_PM, &["ledger", "A-1203"]).ok().to_string();
    let row = table
        .lines()
        .find(|r| r.contains("credit-refunded"))
        .unwrap();
    has(row, "833.33");
}

#[test]
fn a_refund_paid_after_its_due_day_says_how_late() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    ready_to_settle(&o, &id);
    mo(&o, OUT_PM, "settle", &id, &[]).ok();
    assert_eq!(
        mo(
            &o,
            "2026-12-22T10:00",
            "refund",
            &id,
            &["--method", "transfer"]
        )
        .ok(),
        format!(
            "{id}: refund 2,984.95 paid to {} (2 day(s) after the due day 2026-12-20)\n",
            o.tenant
        )
    );
}

#[test]
fn the_refund_falls_due_refund_days_after_the_inspection() {
    let o = office();
    edit_toml(&o, "refund_days = 30", "refund_days = 14");
    pay_november(&o);
    let id = open(&o);
    // Inspected the day after the move-out: the deadline counts from the inspection.
    inspect(&o, "2026-11-21T10:00", &id, &[]).ok();
    keys_back(&o, "2026-11-21T10:00", &id);
    let out = mo(&o, "2026-11-21T10:00", "settle", &id, &[])
        .ok()
        .to_string();
    has(&out, "  refund              2,984.95  due by 2026-12-05\n");
    let s = statement_json(&o, "2026-11-21T10:00", &id);
    assert_eq!(s["accepted"], "2026-11-21");
    assert_eq!(s["refund_due"], "2026-12-05");
    assert_eq!(
        show(&o, &id)["refund_due"],
        serde_json::json!({"amount": "2984.95", "date": "2026-12-05"})
    );
}

// --- 12. complete -------------------------------------------------------------------------

#[test]
fn complete_is_refused_with_every_missing_step_and_its_command() {
    let o = office();
    let id = open(&o);
    let err = refused(&o, || mo(&o, NOTICE, "complete", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} cannot be completed; missing:\n  \
             - owner's written consent not recorded (propdesk moveout consent {id} --signed-by NAME)\n  \
             - goods lift not booked (propdesk moveout lift {id} --day DATE --time HH:MM-HH:MM)\n  \
             - move-out inspection not done (propdesk moveout inspect {id} --attendee NAME --meter METER=READING)\n  \
             - keys not returned (propdesk moveout keys {id} --key KIND=COUNT --received-by NAME)\n  \
             - not settled (propdesk moveout settle {id})\n  \
             - no goods exit pass (propdesk moveout exit-pass {id} --item ITEM)\n  \
             - cleaning not arranged (propdesk moveout cleaning {id} --with NAME)\n"
        )
    );
    assert_eq!(missing(&o, &id).len(), 7);
    ready_to_settle(&o, &id);
    let err = refused(&o, || mo(&o, OUT_PM, "complete", &id, &[]));
    assert_eq!(
        err,
        format!(
            "error: move-out {id} cannot be completed; missing:\n  \
             - not settled (propdesk moveout settle {id})\n  \
             - no goods exit pass (propdesk moveout exit-pass {id} --item ITEM)\n"
        )
    );
}

#[test]
fn the_lift_command_the_missing_list_gives_works() {
    let o = office();
    let id = open(&o);
    let line = missing(&o, &id)
        .into_iter()
        .find(|m| m.starts_with("goods lift not booked"))
        .unwrap();
    let cmd = line
        .split_once("(propdesk ")
        .unwrap()
        .1
        .trim_end_matches(')')
        .replace("DATE", MOVE_OUT)
        .replace("HH:MM-HH:MM", "09:00-12:00");
    let mut a = vec!["--now", NOTICE];
    a.extend(cmd.split_whitespace());
    o.run(&a).ok();
    assert!(show(&o, &id)["lift"].is_object());
}

#[test]
fn complete_hands_the_unit_back_vacant_and_tells_leasing() {
    let o = office();
    pay_november(&o);
    let id = open(&o);
    ready_to_settle(&o, &id);
    mo(&o, OUT_PM, "settle", &id, &[]).ok();
    goods_out(&o, &id, GOODS_OUT);
    let out = mo(&o, "2026-11-20T16:00", "complete", &id, &[]);
    let notice = format!("notices/2026/11/20261120-{id}-unit-available.en.html");
    assert_eq!(
        out.ok(),
        format!(
            "{id}: completed; A-1203 vacant, billed until 2026-11-20\n\
             {id}: leasing told the unit can be let: {notice}\n\
             {id}: refund 2,984.95 due by 2026-12-20\n"
        )
    );
    assert!(o.exists(&notice));
    let html = o.read(&notice);
    has(&html, "A-1203");
    let u = unit_json(&o, "A-1203");
    assert_eq!(u["status"], "vacant");
    assert!(u["occupant"].is_null(), "{u}");
    assert_eq!(u["fees_until"], MOVE_OUT);
    let last = u["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "moved-out");
    assert_eq!(
        last["note"],
        format!(
            "{id}: occupant none (was {}), status vacant (was occupied), billed until 2026-11-20",
            o.tenant
        )
    );
    let v = show(&o, &id);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["completed"], MOVE_OUT);
    assert_eq!(v["missing"], serde_json::json!([]));
    // Done: no step, no second completion, and the vacant unit has nobody to move out.
    let err = refused(&o, || mo(&o, "2026-11-20T17:00", "complete", &id, &[]));
    has(&err, &format!("move-out {id} was completed on 2026-11-20"));
    refused(&o, || {
        mo(
            &o,
            "2026-11-20T17:00",
            "cleaning",
            &id,
            &["--with", "again"],
        )
    });
    let err = refused(&o, || {
        try_new(&o, "2026-11-20T17:00", "A-1203", "2026-12-31", &[])
    });
    has(
        &err,
        "unit A-1203 has no occupant (vacant): nobody to move out",
    );
    check_clean(&o);
}

/// November (2,500.00, due 11-15) unpaid; the dunning case opened on 2026-11-16.
fn in_arrears(o: &Office) {
    let out = at(o, "2026-11-16T09:00", &["dunning", "run"])
        .ok()
        .to_string();
    has(&out, "A-1203\tcase opened: overdue since 2026-11-15\n");
    assert!(o.read("dunning/A-1203.yaml").contains("status: open\n"));
}

#[test]
fn the_deposit_clearing_the_arrears_closes_the_dunning_case() {
    let o = office();
    in_arrears(&o);
    let id = open(&o);
    ready_to_settle(&o, &id);
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    // Held 3,000.00 - (1,666.67 November through the 20th + 1.25 late fee + 848.38
    // energy) = 483.70.
    has(
        &out,
        "  fees      #4       -1,666.67  Property fee November 2026 (of 2,500.00 charged, 833.33 cleared already)\n",
    );
    has(&out, "  refund                483.70  due by 2026-12-20\n");
    // The deposit cleared what was overdue: the case closes with the settlement.
    has(&out, "A-1203: dunning case closed\n");
    let case = o.read("dunning/A-1203.yaml");
    assert!(case.contains("status: closed\n"), "{case}");
    let s = statement_json(&o, OUT_PM, &id);
    assert_eq!(s["owed_total"], "2516.30");
    assert_arithmetic(&s);
    // Covered by the deposit: the goods may leave.
    goods_out(&o, &id, GOODS_OUT);
    let out = mo(&o, "2026-11-20T16:00", "complete", &id, &[])
        .ok()
        .to_string();
    assert!(!out.contains("dunning case"), "{out}");
    check_clean(&o);
}

/// November unpaid and a door repair of 2,000.00 due 2026-11-05: more than the deposit
/// is overdue. The dunning case opened on 2026-11-06.
fn deep_arrears(o: &Office) {
    at(
        o,
        NOV_1,
        &[
            "bill",
            "charge",
            "A-1203",
            "2000",
            "--item",
            "repair-fee",
            "--text",
            "Door repair",
            "--due",
            "2026-11-05",
        ],
    )
    .ok();
    let out = at(o, "2026-11-06T09:00", &["dunning", "run"])
        .ok()
        .to_string();
    has(&out, "A-1203\tcase opened: overdue since 2026-11-05\n");
}

/// A charge found after the goods left (settlement before the exit pass: what the
/// deposit did not cover was paid before they did): the door closer, 300.00, due
/// `due`, charged at 15:40.
fn charged_after_the_goods_left(o: &Office, due: &str) {
    at(
        o,
        "2026-11-20T15:40",
        &[
            "bill",
            "charge",
            "A-1203",
            "300",
            "--item",
            "repair-fee",
            "--text",
            "Door closer broken in the move",
            "--due",
            due,
        ],
    )
    .ok();
}

#[test]
fn debt_left_after_the_deposit_is_carried_on_the_open_dunning_case() {
    let o = office();
    deep_arrears(&o);
    let id = open(&o);
    ready_to_settle(&o, &id);
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    // The door repair 2,000.00 and its late fee from 11-10 (11 days x 1.00), November
    // 1,666.67 after the credit and its late fee (1.25), energy 848.38: 4,527.30, less
    // the deposit of 3,000.00 = 1,527.30 still owed.
    let s = statement_json(&o, OUT_PM, &id);
    assert_eq!(
        lines(&s),
        [
            "billing 8 -833.33 0.00",
            "fees 4 2500.00 1666.67",
            "fees 5 2000.00 2000.00",
            "fees 9 1.25 1.25",
            "fees 10 11.00 11.00",
            "energy 6 785.88 785.88",
            "energy 7 62.50 62.50"
        ]
    );
    assert_eq!(s["owed_total"], "4527.30");
    assert_eq!(s["applied"], "3000.00");
    assert_eq!(s["owed"], "1527.30");
    assert_arithmetic(&s);
    has(&out, "  still owed          1,527.30\n");
    // The goods do not leave while 1,527.30 is owed; paid, the case closes and they do.
    let err = refused(&o, || {
        mo(&o, OUT_PM, "exit-pass", &id, &["--item", "20 desks"])
    });
    has(
        &err,
        &format!("move-out {id} is settled and 1,527.30 is still owed"),
    );
    at(&o, "2026-11-20T15:10", &["pay", "A-1203", "1527.30"]).ok();
    assert!(o.read("dunning/A-1203.yaml").contains("status: closed\n"));
    goods_out(&o, &id, GOODS_OUT);
    // A repair overdue since the day before, found after the goods left: the morning
    // run's case opens again, and the debt is carried on it.
    charged_after_the_goods_left(&o, "2026-11-19");
    let run = at(&o, "2026-11-20T15:45", &["dunning", "run"]);
    has(
        run.ok(),
        "A-1203\tcase reopened: overdue since 2026-11-19\n",
    );
    let out = mo(&o, "2026-11-20T16:00", "complete", &id, &[])
        .ok()
        .to_string();
    let owed = "300.00";
    let case = o.read("dunning/A-1203.yaml");
    assert!(case.contains("status: open\n"), "{case}");
    has(
        &case,
        &format!(
            "  event: carried\n  note: \"{} moved out ({id}): {owed} carried as a debt\"\n",
            o.tenant
        ),
    );
    let v = show(&o, &id);
    assert_eq!(v["debt"], owed);
    has(
        &out,
        &format!(
            "{id}: dunning case of A-1203 carried: 300.00 owed by {}\n",
            o.tenant
        ),
    );
    assert_eq!(unit_json(&o, "A-1203")["status"], "vacant");
    check_clean(&o);
}

#[test]
fn debt_left_after_the_deposit_and_not_yet_due_closes_the_case_until_it_falls_due() {
    let o = office();
    in_arrears(&o);
    let id = open(&o);
    ready_to_settle(&o, &id);
    let out = mo(&o, OUT_PM, "settle", &id, &[]).ok().to_string();
    has(
        &out,
        "  refund                483.70  due by 2026-12-20
",
    );
    // Nothing is overdue once the deposit is applied: the case closes (dunning
    // follows the money), and the goods leave.
    has(
        &out,
        "A-1203: dunning case closed
",
    );
    goods_out(&o, &id, GOODS_OUT);
    // A charge made after the goods left, not yet due at the completion: a debt.
    charged_after_the_goods_left(&o, "2026-11-30");
    mo(&o, "2026-11-20T16:00", "complete", &id, &[]).ok();
    assert_eq!(show(&o, &id)["debt"], "300.00");
    let case = o.read("dunning/A-1203.yaml");
    assert!(case.contains("status: closed\n"), "{case}");
    // Once the debt falls due unpaid, the morning run opens the case again.
    let out = at(&o, "2027-01-20T07:40", &["dunning", "run"])
        .ok()
        .to_string();
    has(&out, "A-1203\tcase reopened");
    assert!(o.read("dunning/A-1203.yaml").contains("status: open\n"));
}

#[test]
fn rescheduling_before_the_settlement_is_never_stuck_on_an_exit_pass() {
    let o = office_with("2026-11-25", None);
    let id = new_at(
        &o,
        NOTICE,
        "A-1203",
        MOVE_OUT,
        &["--agreement", "TA-1", "--agreement-approved-by", "GM Ho"],
    );
    mo(&o, NOTICE, "consent", &id, &["--signed-by", "Mr Chan"]).ok();
    mo(
        &o,
        NOTICE,
        "lift",
        &id,
        &["--day", MOVE_OUT, "--time", "09:00-12:00"],
    )
    .ok();
    // No pass before the settlement, which fixes the date: the date may still move.
    let err = refused(&o, || {
        mo(&o, NOTICE, "exit-pass", &id, &["--item", "desks"])
    });
    has(&err, &format!("move-out {id} is not settled"));
    mo(&o, NOTICE, "reschedule", &id, &["--move-out", "2026-11-25"]).ok();
    assert_eq!(show(&o, &id)["date"], "2026-11-25");
    mo(
        &o,
        NOTICE,
        "lift",
        &id,
        &["--day", "2026-11-25", "--time", "09:00-12:00"],
    )
    .ok();
}

// --- 13. the list --------------------------------------------------------------------------

#[test]
fn the_list_shows_what_each_move_out_waits_for() {
    let o = office();
    add_unit(&o, "A-1204", &o.owner, Some(&o.owner));
    pay_november(&o);
    let id = open(&o);
    let own = new_at(&o, NOTICE, "A-1204", "2026-11-25", &[]);
    let table = at(&o, NOTICE, &["moveout"]).ok().to_string();
    let line = |mid: &str| {
        table
            .lines()
            .find(|l| l.contains(mid))
            .unwrap_or_else(|| panic!("{mid} not in\n{table}"))
            .to_string()
    };
    has(&line(&id), "in-progress");
    has(&line(&id), "owner's written consent not recorded (+6 more)");
    has(&line(&own), "goods lift not booked (+5 more)");
    // Sorted by move-out date.
    assert!(
        table.find(&id).unwrap() < table.find(&own).unwrap(),
        "{table}"
    );
    let v = json_of(&at(&o, NOTICE, &["--format", "json", "moveout"]));
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["id"], id.as_str());
    assert_eq!(v[0]["waiting_for"], show(&o, &id)["missing"]);
    assert_eq!(strings(&v[0]["waiting_for"]).len(), 7);
    assert_eq!(v[1]["waiting_for"], show(&o, &own)["missing"]);
    // `moveout list` is the same.
    assert_eq!(
        json_of(&at(&o, NOTICE, &["--format", "json", "moveout", "list"])),
        v
    );
    // Down to the last step.
    ready_to_settle(&o, &id);
    let v = json_of(&at(&o, OUT_PM, &["--format", "json", "moveout"]));
    assert_eq!(
        v[0]["waiting_for"],
        serde_json::json!([
            format!("not settled (propdesk moveout settle {id})"),
            format!("no goods exit pass (propdesk moveout exit-pass {id} --item ITEM)")
        ])
    );
    has(&line_of(&o, OUT_PM, &id), "not settled (+1 more)");
    mo(&o, OUT_PM, "settle", &id, &[]).ok();
    has(&line_of(&o, OUT_PM, &id), "no goods exit pass");
    goods_out(&o, &id, GOODS_OUT);
    has(&line_of(&o, GOODS_OUT, &id), "ready to complete");
    // Completed and refunded: gone, unless --all.
    mo(&o, "2026-11-20T16:00", "complete", &id, &[]).ok();
    mo(
        &o,
        "2026-11-20T16:00",
        "refund",
        &id,
        &["--method", "transfer", "--ref", "V-1"],
    )
    .ok();
    let v = json_of(&at(
        &o,
        "2026-11-20T16:00",
        &["--format", "json", "moveout"],
    ));
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], own.as_str());
    for args in [
        vec!["--format", "json", "moveout", "--all"],
        vec!["--format", "json", "moveout", "list", "--all"],
    ] {
        let v = json_of(&at(&o, "2026-11-20T16:00", &args));
        assert_eq!(v.as_array().unwrap().len(), 2, "{args:?}");
        assert_eq!(v[0]["id"], id.as_str());
        assert_eq!(v[0]["status"], "completed");
        assert!(v[0]["waiting_for"].is_null());
    }
}

/// The table row of `id` in `propdesk moveout` at `now`.
fn line_of(t: &Test, now: &str, id: &str) -> String {
    let table = at(t, now, &["moveout"]).ok().to_string();
    table
        .lines()
        .find(|l| l.contains(id))
        .unwrap_or_else(|| panic!("{id} not in\n{table}"))
        .to_string()
}

// --- 14. who can move out -----------------------------------------------------------------

#[test]
fn a_unit_without_occupant_or_with_a_move_out_in_progress_is_refused() {
    let o = office();
    add_unit(&o, "A-1205", &o.owner, None);
    let err = refused(&o, || try_new(&o, NOTICE, "A-1205", MOVE_OUT, &[]));
    assert_eq!(
        err,
        "error: unit A-1205 has no occupant (vacant): nobody to move out\n"
    );
    let err = refused(&o, || try_new(&o, NOTICE, "Z-999", MOVE_OUT, &[]));
    has(&err, "Z-999");
    let id = open(&o);
    let err = refused(&o, || try_new(&o, NOTICE, "A-1203", "2026-11-30", &[]));
    assert_eq!(
        err,
        format!("error: unit A-1203 already has a move-out in progress: {id}\n")
    );
    // A move-out date before the notice.
    let (t, _, _) = three_units();
    let err = refused(&t, || try_new(&t, NOTICE, "A-1203", "2026-11-09", &[]));
    has(
        &err,
        "the move-out date 2026-11-09 is before the notice date 2026-11-10",
    );
}

// --- 15. a re-let unit --------------------------------------------------------------------

/// What each fee and credit from entry `from` on is for, as `no kind for`.
fn fees_from(t: &Test, now: &str, from: u64) -> Vec<String> {
    ledger(t, now, "A-1203")
        .iter()
        .filter(|e| e["no"].as_u64().unwrap() >= from)
        .filter(|e| e["kind"] == "charge" || e["kind"] == "credit")
        .map(|e| {
            format!(
                "{} {} {}",
                e["no"],
                e["kind"].as_str().unwrap(),
                e["for"].as_str().unwrap()
            )
        })
        .collect()
}

/// A-1203 re-let: Blue Finch Ltd moves out on 2026-11-20 (settled and completed, its
/// refund not yet paid), Red Kite Ltd moves in on 2026-12-01, pays its deposit,
/// December and January and moves out on 2027-01-15; Blue Finch's refund is paid only
/// then. Fees are 25.00/m² x 100.00 m² = 2,500.00 a month, by the day in a
/// month they start or stop in. If this broke, the desk would see `movein bill` refuse
/// the new tenant ("nothing to charge": the unit was still billed only until the old
/// move-out) or charge too little, or the new tenant's settlement credit them Blue
/// Finch's October and November, or Blue Finch's deposit: thousands refunded to the
/// wrong tenant; or Blue Finch's refund refused for good once Red Kite's deposit landed.
#[test]
fn a_re_let_units_move_in_bills_the_new_tenant_and_its_settlement_puts_right_only_their_months() {
    let o = office();
    pay_november(&o);
    // Blue Finch Ltd out, all the way: entries 1-10 are theirs.
    let first = open(&o);
    ready_to_settle(&o, &first);
    mo(&o, OUT_PM, "settle", &first, &[]).ok();
    goods_out(&o, &first, GOODS_OUT);
    mo(&o, "2026-11-20T16:00", "complete", &first, &[]).ok();
    // 2,984.95 of the lease deposit is Blue Finch's refund, due 2026-12-20.
    assert_eq!(
        rows_from(&o, "2026-11-25T10:00", 8),
        [
            "8 credit - -/833.33/- -",
            "9 deposit-applied lease -/15.05/15.05 -",
        ]
    );
    let u = unit_json(&o, "A-1203");
    assert_eq!(u["status"], "vacant");
    assert_eq!(u["fees_until"], MOVE_OUT);

    // Red Kite Ltd in on 2026-12-01, the whole move-in.
    let dec_1 = "2026-12-01T09:00";
    let kite = add_party(
        &o,
        &[
            "--now",
            dec_1,
            "--name",
            "Red Kite Ltd",
            "--kind",
            "company",
            "--role",
            "tenant",
            "--contact",
            "Mr Ho",
            "--emergency",
            "Ms Ho:13900002222",
        ],
    );
    let steps = MoveInSteps::opened(&o, dec_1, &kite, "Mr Ho", "2026-12-01", "2027-01-15");
    let movein = steps.id.clone();
    let mi = |args: &[&str]| steps.step(args);
    mi(&[
        "inspect",
        "--attendee",
        "Engineering",
        "--meter",
        "electricity=1654.9",
        "--meter",
        "water=62.5",
    ]);
    // December in full: 2,500.00 x 31/31, due on the 15th.
    assert_eq!(
        mi(&["bill"]),
        format!(
            "{movein}: 2,500.00 charged to A-1203 (entries 10); \
             notices/2026/12/20261201-{movein}-payment-notice.en.html\n"
        )
    );
    let dec = ledger(&o, dec_1, "A-1203")
        .into_iter()
        .find(|e| e["no"] == 10)
        .unwrap();
    assert_eq!(dec["for"], "Property fee December 2026");
    assert_eq!(dec["debit"], "2500.00");
    assert_eq!(dec["due"], "2026-12-15");
    at(&o, dec_1, &["pay", "A-1203", "3000", "--deposit", "lease"]).ok();
    assert_eq!(
        at(&o, dec_1, &["pay", "A-1203", "2500"]).ok(),
        "A-1203: entry 12: payment 2,500.00: 2,500.00 to entry 10; balance 0.00\n\
         notices/2026/12/20261201-SJ-20261201-A-1203-73VX-receipt.en.html\n"
    );
    mi(&[
        "keys",
        "--key",
        "door=2",
        "--key",
        "mailbox=1",
        "--signed-by",
        "Mr Ho",
    ]);
    mi(&["handover", "--signed-by", "Mr Ho"]);
    has(
        &mi(&["complete"]),
        &format!(
            "{movein}: completed; {kite} occupies A-1203 from 2026-12-01, billed from 2026-12-01\n"
        ),
    );

    // January billed and paid.
    assert_eq!(
        at(
            &o,
            "2027-01-01T09:00",
            &["bill", "run", "--month", "2027-01"]
        )
        .ok(),
        "A-1203\t2,500.00\tnotices/2027/01/20270101-A-1203-payment-notice.en.html\n"
    );
    assert_eq!(
        at(&o, "2027-01-01T10:00", &["pay", "A-1203", "2500"]).ok(),
        "A-1203: entry 14: payment 2,500.00: 2,500.00 to entry 13; balance 0.00\n\
         notices/2027/01/20270101-SJ-20270101-A-1203-16Q4-receipt.en.html\n"
    );

    // Red Kite Ltd out on 2027-01-15, through the settlement.
    let out_day = "2027-01-15";
    let out_pm = "2027-01-15T15:00";
    let second = new_at(&o, "2027-01-05T09:00", "A-1203", out_day, &[]);
    lift_booked(&o, &second, out_day, true);
    // 45.1 kWh x 1.20 = 54.12 and 2.5 m³ x 5.00 = 12.50.
    mo(
        &o,
        out_pm,
        "inspect",
        &second,
        &[
            "--attendee",
            "Engineering",
            "--meter",
            "electricity=1700",
            "--meter",
            "water=65",
        ],
    )
    .ok();
    keys_back(&o, out_pm, &second);
    mo(
        &o,
        out_pm,
        "cleaning",
        &second,
        &["--with", "Cleaning team"],
    )
    .ok();
    // Blue Finch's refund comes first: the ledger holds it with Red Kite's money.
    for verb in ["settle", "statement"] {
        let err = refused(&o, || mo(&o, out_pm, verb, &second, &[]));
        has(
            &err,
            &format!(
                "error: move-out {second} cannot be settled yet: the refund of 2,984.95 to {} settled by move-out {first} (due 2026-12-20) is not paid",
                o.tenant
            ),
        );
        has(
            &err,
            &format!("hint: pay it first: propdesk moveout refund {first}"),
        );
    }
    // Exactly what was settled is paid back; Red Kite's deposit stays held.
    assert_eq!(
        mo(
            &o,
            out_pm,
            "refund",
            &first,
            &["--method", "transfer", "--ref", "V-1"]
        )
        .ok(),
        format!(
            "{first}: refund 2,984.95 paid to {} (26 day(s) after the due day 2026-12-20)\n",
            o.tenant
        )
    );
    assert_eq!(
        rows_from(&o, out_pm, 17),
        ["17 deposit-refunded lease -/-/2984.95 V-1"]
    );
    let out = mo(&o, out_pm, "settle", &second, &[]).ok().to_string();
    // January billed in full; 16-31 January credited: 2,500.00 x 16/31 = 1,290.3225...
    // -> 1,290.32 (2,500.00 less the 15 days owed, 1,209.68). December was owed in full
    // and October and November were Blue Finch's: nothing for them.
    has(
        &out,
        "  billing   #18      -1,290.32  Property fee January 2027 credited: billed through the move-out on 2027-01-15\n",
    );
    assert_eq!(
        fees_from(&o, out_pm, 10),
        [
            "10 charge Property fee December 2026",
            "13 charge Property fee January 2027",
            "15 charge Final energy: electricity 1654.9→1700 (45.1 × 1.20)",
            "16 charge Final energy: water 62.5→65 (2.5 × 5.00)",
            "18 credit Property fee January 2027 credited: billed through the move-out on 2027-01-15",
        ]
    );
    let s = statement_json(&o, out_pm, &second);
    assert_eq!(s["billed_through"], out_day);
    assert_eq!(
        lines(&s),
        [
            "billing 18 -1290.32 0.00",
            "energy 15 54.12 0.00",
            "energy 16 12.50 0.00"
        ]
    );
    for l in s["lines"].as_array().unwrap() {
        let text = l["text"].as_str().unwrap();
        assert!(
            !text.contains("October 2026") && !text.contains("November 2026"),
            "a line for Blue Finch's month: {text}"
        );
    }
    // Only Red Kite's deposit is held (Blue Finch's was refunded); the energy is paid
    // from the credit: 1,290.32 - 54.12 - 12.50 = 1,223.70 left, refunded with the
    // deposit: 3,000.00 + 1,223.70 = 4,223.70.
    assert_eq!(s["held"], "3000.00");
    assert_eq!(s["credit"], "1223.70");
    assert_eq!(s["owed_total"], "0.00");
    assert_eq!(s["refund"], "4223.70");
    assert_eq!(s["refund_due"], "2027-02-14");
    assert_arithmetic(&s);
    check_clean(&o);
}

/// A-1203 re-let in the month Blue Finch Ltd left: out on 2026-11-20 (settled, refunded,
/// completed), Red Kite Ltd in on 2026-11-25, out on 2026-12-10. November is shared: if
/// this broke, Red Kite would not be billed its 6 days of November (the month counted
/// as billed by Blue Finch's charge), or its settlement would compare all of November's
/// fees with its own 6 days and credit it Blue Finch's 1,166.67.
#[test]
fn a_unit_re_let_in_the_month_it_was_left_bills_and_settles_each_occupant_their_own_days() {
    let o = office();
    pay_november(&o);
    let first = open(&o);
    ready_to_settle(&o, &first);
    mo(&o, OUT_PM, "settle", &first, &[]).ok();
    goods_out(&o, &first, GOODS_OUT);
    mo(&o, "2026-11-20T16:00", "complete", &first, &[]).ok();
    mo(
        &o,
        "2026-11-20T16:30",
        "refund",
        &first,
        &["--method", "transfer"],
    )
    .ok();

    let nov_25 = "2026-11-25T09:00";
    let kite = red_kite(&o, nov_25);
    let steps = MoveInSteps::opened(&o, nov_25, &kite, "Mr Ho", "2026-11-25", "2026-12-10");
    let mi = |args: &[&str]| steps.step(args);
    mi(&[
        "inspect",
        "--attendee",
        "Engineering",
        "--meter",
        "electricity=1654.9",
        "--meter",
        "water=62.5",
    ]);
    // 25-30 November: 2,500.00 x 6/30 = 500.00, beside Blue Finch's November charge.
    has(&mi(&["bill"]), "500.00 charged to A-1203 (entries 11)");
    let again = refused(&o, || at(&o, nov_25, &["movein", "bill", &steps.id]));
    has(
        &again,
        "error: nothing to charge for A-1203: its fees from 2026-11-25 are already on the ledger",
    );
    at(&o, nov_25, &["pay", "A-1203", "3000", "--deposit", "lease"]).ok();
    at(&o, nov_25, &["pay", "A-1203", "500"]).ok();
    mi(&["keys", "--key", "door=2", "--signed-by", "Mr Ho"]);
    mi(&["handover", "--signed-by", "Mr Ho"]);
    mi(&["complete"]);
    at(
        &o,
        "2026-12-01T09:00",
        &["bill", "run", "--month", "2026-12"],
    )
    .ok();
    at(&o, "2026-12-01T10:00", &["pay", "A-1203", "2500"]).ok();
    assert_eq!(
        fees_from(&o, "2026-12-01T10:00", 4),
        [
            "4 charge Property fee November 2026",
            "6 charge Final energy: electricity 1000→1654.9 (654.9 × 1.20)",
            "7 charge Final energy: water 50→62.5 (12.5 × 5.00)",
            "8 credit Property fee November 2026 credited: billed through the move-out on 2026-11-20",
            "11 charge Property fee November 2026 (6 of 30 days)",
            "14 charge Property fee December 2026",
        ]
    );

    // Red Kite out on 2026-12-10: December credited for 11-31 (2,500.00 x 21/31 =
    // 1,693.55); its November days stand, Blue Finch's are not its to settle.
    let out_day = "2026-12-10";
    let out_pm = "2026-12-10T15:00";
    let second = new_at(
        &o,
        "2026-12-01T11:00",
        "A-1203",
        out_day,
        &[
            "--short-reason",
            "business closed",
            "--approved-by",
            "Manager Li",
        ],
    );
    lift_booked(&o, &second, out_day, true);
    mo(
        &o,
        out_pm,
        "inspect",
        &second,
        &[
            "--attendee",
            "Engineering",
            "--meter",
            "electricity=1654.9",
            "--meter",
            "water=62.5",
        ],
    )
    .ok();
    keys_back(&o, out_pm, &second);
    mo(
        &o,
        out_pm,
        "cleaning",
        &second,
        &["--with", "Cleaning team"],
    )
    .ok();
    mo(&o, out_pm, "settle", &second, &[]).ok();
    let s = statement_json(&o, out_pm, &second);
    let billing: Vec<String> = lines(&s)
        .into_iter()
        .filter(|l| l.starts_with("billing"))
        .collect();
    assert_eq!(billing, ["billing 16 -1693.55 0.00"]);
    assert_eq!(s["held"], "3000.00");
    assert_eq!(s["credit"], "1693.55");
    assert_eq!(s["refund"], "4693.55");
    assert_arithmetic(&s);
    check_clean(&o);
}

/// Red Kite Ltd, the next tenant of A-1203, added at `now`: its ID.
fn red_kite(t: &Test, now: &str) -> String {
    add_party(
        t,
        &[
            "--now",
            now,
            "--name",
            "Red Kite Ltd",
            "--kind",
            "company",
            "--role",
            "tenant",
            "--contact",
            "Mr Ho",
            "--emergency",
            "Ms Ho:13900002222",
        ],
    )
}

/// Issue 19: an earlier occupant's credit left on a re-let unit is theirs. The next
/// occupant's charges do not use it, and the earlier occupant's refund pays it in full.
#[test]
fn a_re_let_units_earlier_occupant_is_refunded_their_own_credit() {
    let o = office();
    pay_november(&o);
    let first = open(&o);
    lift_booked(&o, &first, MOVE_OUT, true);
    // No energy used: the 833.33 credited for 21-30 November stays Blue Finch's credit.
    let meters = [
        "--attendee",
        "E",
        "--meter",
        "electricity=1000",
        "--meter",
        "water=50",
    ];
    mo(&o, OUT_PM, "inspect", &first, &meters).ok();
    keys_back(&o, OUT_PM, &first);
    mo(&o, OUT_PM, "cleaning", &first, &["--with", "Cleaning team"]).ok();
    mo(&o, OUT_PM, "settle", &first, &[]).ok();
    goods_out(&o, &first, GOODS_OUT);
    mo(&o, "2026-11-20T16:00", "complete", &first, &[]).ok();
    let settled = statement_json(&o, "2026-11-20T16:00", &first);
    assert_eq!(settled["credit"], "833.33", "{settled:#}");

    // Red Kite moves in on the 25th, before Blue Finch is paid back.
    let nov_25 = "2026-11-25T09:00";
    let kite = red_kite(&o, nov_25);
    let steps = MoveInSteps::opened(&o, nov_25, &kite, "Mr Ho", "2026-11-25", "2026-12-10");
    let mi = |args: &[&str]| steps.step(args);
    mi(&[
        "inspect",
        "--attendee",
        "Engineering",
        "--meter",
        "electricity=1000",
        "--meter",
        "water=50",
    ]);
    has(&mi(&["bill"]), "500.00 charged to A-1203");
    // Its 25-30 November is owed in full: Blue Finch's credit did not pay it.
    let rows = ledger(&o, nov_25, "A-1203");
    let kites = rows
        .iter()
        .find(|r| r["for"].as_str().unwrap().contains("(6 of 30 days)"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(kites["outstanding"], "500.00", "{kites}");
    // A payment at the desk is the new occupant's: it clears Red Kite's charge.
    at(&o, nov_25, &["pay", "A-1203", "300", "--deposit", "lease"]).ok();
    at(&o, nov_25, &["pay", "A-1203", "500"]).ok();
    mi(&["keys", "--key", "door=2", "--signed-by", "Mr Ho"]);
    mi(&["handover", "--signed-by", "Mr Ho"]);
    mi(&["complete"]);
    at(
        &o,
        "2026-12-01T09:00",
        &["bill", "run", "--month", "2026-12"],
    )
    .ok();

    // The desk's view is Red Kite's occupancy; Blue Finch's is under --all.
    let table = at(&o, "2026-12-01T10:00", &["ledger", "A-1203"]);
    has(
        table.ok(),
        "A-1203 Red Kite Ltd: 2026-12-01  Balance 2,500.00",
    );
    has(
        table.ok(),
        "Other occupancies of the unit have entries: propdesk ledger A-1203 --all",
    );
    assert!(!table.ok().contains("Blue Finch"), "{}", table.stdout);

    // Blue Finch is paid back its own deposit and credit, nothing refused as short.
    mo(
        &o,
        "2026-12-02T10:00",
        "refund",
        &first,
        &["--method", "transfer", "--ref", "V-9"],
    )
    .ok();
    let refunds: Vec<String> = rows_from(&o, "2026-12-02T11:00", 1)
        .into_iter()
        .filter(|r| r.contains("refunded"))
        .collect();
    assert_eq!(refunds.len(), 2, "{refunds:#?}");
    assert!(
        refunds[0].ends_with(" deposit-refunded lease -/-/3000.00 V-9"),
        "{refunds:#?}"
    );
    assert!(
        refunds[1].ends_with(" credit-refunded - 833.33/-/- V-9"),
        "{refunds:#?}"
    );
    // Red Kite's lease deposit is still held; December is its to pay.
    let v = json_of(&at(
        &o,
        "2026-12-02T11:00",
        &["--format", "json", "ledger", "A-1203"],
    ));
    assert_eq!(v["party"], kite.as_str());
    assert_eq!(v["summary"]["deposits_held"], "300.00", "{v:#}");
    assert_eq!(v["summary"]["balance"], "2500.00", "{v:#}");
    at(&o, "2026-12-02T11:00", &["check"]).ok();
}

/// Issue 20: what each desk alone refuses and a merge of two desks lets through (two
/// move-outs of one unit opened at two desks, both booking the goods lift at once) is
/// found by `check`, naming both.
#[test]
fn check_finds_two_move_outs_of_one_unit_and_two_lift_bookings_at_once() {
    let o = office();
    let first = open(&o);
    lift_booked(&o, &first, MOVE_OUT, true);
    o.run(&["check"]).ok();
    // The other desk's move-out, as the merge brought it in.
    let other = first.replace(&first[first.len() - 6..], "ZZZZZZ");
    let dir = format!("moveouts/{}", &first[3..7]);
    let text = o
        .read(&format!("{dir}/{first}.yaml"))
        .replace(&first, &other);
    o.write(&format!("{dir}/{other}.yaml"), &text);
    let run = o.run(&["check"]);
    run.fails(1);
    let out = &run.stdout;
    assert!(
        out.contains(&format!("{dir}/{other}.yaml:"))
            && out.contains(&format!(
                "a second move-out of A-1203 in progress: {first} is too"
            )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "a second move-out of A-1203 in progress: {other} is too"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "the goods lift booked {MOVE_OUT} 09:00–12:00 overlaps {first}'s booking {MOVE_OUT} 09:00–12:00"
        )) || out.contains(&format!(
            "the goods lift booked {MOVE_OUT} 09:00–12:00 overlaps {other}'s booking {MOVE_OUT} 09:00–12:00"
        )),
        "{out}"
    );
}
