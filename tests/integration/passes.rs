//! `propdesk permit` for the other permits and passes (PROCEDURES.md §3 "Other permits
//! and passes"): overtime air-conditioning (加时空调) against the noon cut-off and the
//! office calendar, parking permits (停车证) with their papers, fee, term and renewal,
//! access cards (门禁卡) against a deposit per card, and goods exit passes (放行条)
//! signed by the owner side, the tenant side, then the desk, and kept by security.
//!
//! Every test uses A-1203 (100.00 m² office owned by 远景置业, let to 李四) in a zh-CN
//! office with the default rules: overtime air-conditioning taken until 12:00 at
//! 300.00/h by the minute, due on the 15th of the next month; parking 1,800.00 a
//! half-year and 3,300.00 a year with the renewal due 30 days before the end; 10.00
//! deposit per access card. The clock is Monday 2026-11-23 09:30 unless a step moves it
//! with `--now`.

use serde_json::Value;

use crate::common::*;
use crate::money::{Desk, add_party, assert_unchanged, snapshot};

/// The office: A-1203 owned by 远景置业 and let to 李四. Returns the desk and the
/// tenant's ID (the owner is `d.owner`).
fn office() -> (Desk, String) {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    (d, tenant)
}

fn edit_toml(t: &Test, from: &str, to: &str) {
    let toml = t.read("office.toml");
    assert!(toml.contains(from), "office.toml lacks {from:?}");
    t.write("office.toml", &toml.replacen(from, to, 1));
}

/// `propdesk [--now NOW] permit ARGS...`
fn at(t: &Test, now: Option<&str>, args: &[&str]) -> Run {
    let mut a = Vec::new();
    if let Some(n) = now {
        a.extend(["--now", n]);
    }
    a.push("permit");
    a.extend_from_slice(args);
    t.run(&a)
}

/// `propdesk permit ARGS...` at the pinned clock (2026-11-23 09:30).
fn pm(t: &Test, args: &[&str]) -> Run {
    at(t, None, args)
}

/// `propdesk --now DAYT10:00 permit ARGS...`
fn on(t: &Test, day: &str, args: &[&str]) -> Run {
    let now = format!("{day}T10:00");
    at(t, Some(&now), args)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The ID a successful `permit new` printed.
fn id_of(run: &Run) -> String {
    let id = run.ok().trim().to_string();
    assert!(
        id.starts_with("PM-") && !id.contains(char::is_whitespace),
        "{id:?}"
    );
    id
}

/// `permit show ID` as JSON on `day` (10:00) or at the pinned clock.
fn show(t: &Test, day: Option<&str>, id: &str) -> Value {
    let now = day.map(|d| format!("{d}T10:00"));
    let mut a = vec!["--format", "json"];
    if let Some(n) = &now {
        a.extend(["--now", n.as_str()]);
    }
    a.extend(["permit", "show", id]);
    json_of(&t.run(&a))
}

fn status(t: &Test, id: &str) -> String {
    show(t, None, id)["status"].as_str().unwrap().to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
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

/// The permit list on `day` (`--all` if asked) as `ID status next` lines.
fn listed(t: &Test, day: &str, all: bool) -> Vec<String> {
    let date = day.to_string();
    let mut a = vec!["--format", "json", "--date", date.as_str(), "permit"];
    if all {
        a.push("--all");
    }
    json_of(&t.run(&a))
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["id"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
                p["next"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// A-1203's ledger in short, one line an entry:
/// `no kind item debit/credit/deposit due DATE ref REF` ("-" for none).
fn ledger(t: &Test) -> Vec<String> {
    ledger_rows(t, None, "A-1203")
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("-").to_string();
            format!(
                "{} {} {} {}/{}/{} due {} ref {}",
                e["no"],
                s("kind"),
                s("item"),
                s("debit"),
                s("credit"),
                s("deposit"),
                s("due"),
                s("ref")
            )
        })
        .collect()
}

/// The `for` text of ledger entry `no`.
fn ledger_text(t: &Test, no: u64) -> String {
    ledger_rows(t, None, "A-1203")
        .iter()
        .find(|e| e["no"].as_u64() == Some(no))
        .unwrap_or_else(|| panic!("no ledger entry {no}"))["for"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The card deposit held for A-1203, after everything the tests do (the books of
/// 2026 and 2027 carried forward).
fn card_deposit_held(t: &Test) -> String {
    let late = ["--now", "2027-12-31T12:00", "--format", "json"];
    json_of(&t.run(&[&late[..], &["ledger", "A-1203", "--deposits"]].concat()))
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "A-1203" && r["kind"] == "card")
        .map_or("0.00".to_string(), |r| {
            r["held"].as_str().unwrap().to_string()
        })
}

/// `propdesk check` finds nothing wrong.
#[track_caller]
fn check_clean(t: &Test) {
    let run = t.run(&["check"]);
    run.ok();
    assert!(
        run.stderr.starts_with("checked ") && run.stderr.ends_with(": no problems\n"),
        "{}",
        run.stderr
    );
}

/// Asserts a refusal with exit 1 whose stderr contains `needle`, and that nothing was
/// written.
#[track_caller]
fn refused(t: &Test, run: impl FnOnce() -> Run, needle: &str) -> String {
    let before = snapshot(t);
    let r = run();
    let err = r.fails(1).to_string();
    assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    assert_unchanged(&before, t);
    err
}

// ---------------------------------------------------------------------------
// Overtime air-conditioning (加时空调)
// ---------------------------------------------------------------------------

/// `propdesk --now NOW permit new --kind overtime-ac` for A-1203 by the tenant.
fn ac(t: &Test, tenant: &str, now: &str, day: &str, start: &str, end: &str) -> Run {
    at(
        t,
        Some(now),
        &[
            "new",
            "--kind",
            "overtime-ac",
            "--unit",
            "A-1203",
            "--applicant",
            tenant,
            "--day",
            day,
            "--start",
            start,
            "--end",
            end,
        ],
    )
}

/// The cut-off message naming the last moment a request for `day` was taken.
fn too_late(day: &str, until: &str) -> String {
    format!(
        "error: too late for overtime air-conditioning on {day}: requests are taken until {until} \
         (the cut-off is 12:00 on a working day for that day, or on the working day before a day off)\n"
    )
}

#[test]
fn overtime_ac_is_issued_at_once_and_charges_minutes_times_the_rate_as_energy_due_next_month() {
    let (d, tenant) = office();
    // Monday 09:30 for this evening, 18:00-21:30: 210 minutes at 300.00/h = 1,050.00.
    let run = ac(&d, &tenant, NOW, "2026-11-23", "18:00", "21:30");
    let id = id_of(&run);
    assert!(id.starts_with("PM-20261123-"), "{id}");
    assert!(
        run.stderr.ends_with(&format!(
            "{id}: 1,050.00 charged to A-1203 (ledger entry 1)\n"
        )),
        "{}",
        run.stderr
    );
    let v = show(&d, None, &id);
    assert_eq!(v["kind"], "overtime-ac");
    assert_eq!(v["status"], "issued");
    assert_eq!(v["overtime_ac"]["date"], "2026-11-23");
    assert_eq!(v["overtime_ac"]["rate_per_hour"], "300.00");
    assert_eq!(v["overtime_ac"]["amount"], "1050.00");
    assert_eq!(v["overtime_ac"]["charge"], 1);
    assert_eq!(events(&v), ["applied", "issued"]);
    // A December evening, 7 minutes: 35.00, due on 15 January of the next year.
    let late = id_of(&ac(&d, &tenant, NOW, "2026-12-31", "18:00", "18:07"));
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge energy 1050.00/-/- due 2026-12-15 ref {id}"),
            format!("2 charge energy 35.00/-/- due 2027-01-15 ref {late}"),
        ]
    );
    assert_eq!(
        ledger_text(&d, 1),
        format!("加时空调 2026-11-23 18:00-21:30 {id}")
    );
    assert_eq!(show(&d, None, &late)["overtime_ac"]["amount"], "35.00");
    check_clean(&d);
}

#[test]
fn overtime_ac_for_a_working_day_is_taken_until_noon_that_day() {
    let (d, tenant) = office();
    let a = id_of(&ac(
        &d,
        &tenant,
        "2026-11-23T11:59",
        "2026-11-23",
        "18:00",
        "19:00",
    ));
    // The cut-off itself is still in time.
    let b = id_of(&ac(
        &d,
        &tenant,
        "2026-11-23T12:00",
        "2026-11-23",
        "19:00",
        "20:00",
    ));
    let err = refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-23T12:00:01",
                "2026-11-23",
                "20:00",
                "21:00",
            )
        },
        "too late",
    );
    assert_eq!(err, too_late("2026-11-23", "2026-11-23 12:00"));
    // A request after noon for the next working day is in time.
    let c = id_of(&ac(
        &d,
        &tenant,
        "2026-11-23T15:00",
        "2026-11-24",
        "18:00",
        "19:30",
    ));
    // And a day already gone is refused.
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-24T09:00",
                "2026-11-23",
                "18:00",
                "19:00",
            )
        },
        "requests are taken until 2026-11-23 12:00",
    );
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge energy 300.00/-/- due 2026-12-15 ref {a}"),
            format!("2 charge energy 300.00/-/- due 2026-12-15 ref {b}"),
            format!("3 charge energy 450.00/-/- due 2026-12-15 ref {c}"),
        ]
    );
    check_clean(&d);
}

#[test]
fn overtime_ac_cut_off_is_noon_office_time_whatever_the_clock_zone() {
    let (d, tenant) = office();
    // 04:00 UTC is 12:00 in Asia/Shanghai: in time; a minute later is not.
    id_of(&ac(
        &d,
        &tenant,
        "2026-11-23T04:00:00Z",
        "2026-11-23",
        "18:00",
        "19:00",
    ));
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-23T04:01:00Z",
                "2026-11-23",
                "19:00",
                "20:00",
            )
        },
        "requests are taken until 2026-11-23 12:00",
    );
}

#[test]
fn overtime_ac_for_a_weekend_is_taken_until_noon_on_friday() {
    let (d, tenant) = office();
    // Friday 27 November at noon: Saturday and Sunday are still in time.
    let sat = id_of(&ac(
        &d,
        &tenant,
        "2026-11-27T11:00",
        "2026-11-28",
        "09:00",
        "17:00",
    ));
    let sun = id_of(&ac(
        &d,
        &tenant,
        "2026-11-27T12:00",
        "2026-11-29",
        "09:00",
        "12:15",
    ));
    // A minute past noon on Friday: too late for either day of the weekend.
    let err = refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-27T12:01",
                "2026-11-28",
                "09:00",
                "10:00",
            )
        },
        "too late",
    );
    assert_eq!(err, too_late("2026-11-28", "2026-11-27 12:00"));
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-27T16:00",
                "2026-11-29",
                "09:00",
                "10:00",
            )
        },
        "requests are taken until 2026-11-27 12:00",
    );
    // On the Saturday morning itself: still too late for Saturday and Sunday...
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-28T09:00",
                "2026-11-28",
                "10:00",
                "11:00",
            )
        },
        "requests are taken until 2026-11-27 12:00",
    );
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-28T09:00",
                "2026-11-29",
                "10:00",
                "11:00",
            )
        },
        "requests are taken until 2026-11-27 12:00",
    );
    // ...but in time for Monday, until Monday noon.
    let mon = id_of(&ac(
        &d,
        &tenant,
        "2026-11-28T09:05",
        "2026-11-30",
        "18:00",
        "18:30",
    ));
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-30T12:01",
                "2026-11-30",
                "19:00",
                "20:00",
            )
        },
        "requests are taken until 2026-11-30 12:00",
    );
    // 8 hours = 2,400.00; 3h15 = 975.00; 30 minutes = 150.00.
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge energy 2400.00/-/- due 2026-12-15 ref {sat}"),
            format!("2 charge energy 975.00/-/- due 2026-12-15 ref {sun}"),
            format!("3 charge energy 150.00/-/- due 2026-12-15 ref {mon}"),
        ]
    );
    check_clean(&d);
}

#[test]
fn overtime_ac_across_national_day_follows_the_holidays_and_the_make_up_saturday() {
    let (d, tenant) = office();
    edit_toml(
        &d,
        "holidays = []",
        r#"holidays = ["2026-10-01..2026-10-07"]"#,
    );
    edit_toml(&d, "makeup_days = []", r#"makeup_days = ["2026-10-10"]"#);
    // Wednesday 30 September is the last working day before the holidays: every day
    // of 1-7 October (Thursday 1 October included) is taken until its noon.
    let oct3 = id_of(&ac(
        &d,
        &tenant,
        "2026-09-30T11:59",
        "2026-10-03",
        "10:00",
        "12:00",
    ));
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-09-30T12:01",
                "2026-10-01",
                "10:00",
                "12:00",
            )
        },
        &too_late("2026-10-01", "2026-09-30 12:00"),
    );
    // Thursday 1 October would be a working day without the holidays.
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-10-01T09:00",
                "2026-10-01",
                "10:00",
                "12:00",
            )
        },
        "requests are taken until 2026-09-30 12:00",
    );
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-10-05T10:00",
                "2026-10-07",
                "10:00",
                "12:00",
            )
        },
        "requests are taken until 2026-09-30 12:00",
    );
    // During the holidays, for Thursday 8 October (a working day): until its noon.
    let oct8 = id_of(&ac(
        &d,
        &tenant,
        "2026-10-05T10:00",
        "2026-10-08",
        "18:00",
        "19:00",
    ));
    // The make-up Saturday 10 October is a working day: taken until its own noon...
    let oct10 = id_of(&ac(
        &d,
        &tenant,
        "2026-10-10T11:30",
        "2026-10-10",
        "18:00",
        "20:00",
    ));
    // ...and it is the working day before Sunday 11 October: a Sunday request is
    // taken until Saturday noon, not Friday noon.
    let oct11 = id_of(&ac(
        &d,
        &tenant,
        "2026-10-10T11:59",
        "2026-10-11",
        "09:00",
        "09:45",
    ));
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-10-10T12:01",
                "2026-10-11",
                "10:00",
                "11:00",
            )
        },
        &too_late("2026-10-11", "2026-10-10 12:00"),
    );
    // 2h = 600.00, 1h = 300.00, 2h = 600.00, 45 minutes = 225.00; all October days are
    // due on 15 November.
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge energy 600.00/-/- due 2026-11-15 ref {oct3}"),
            format!("2 charge energy 300.00/-/- due 2026-11-15 ref {oct8}"),
            format!("3 charge energy 600.00/-/- due 2026-11-15 ref {oct10}"),
            format!("4 charge energy 225.00/-/- due 2026-11-15 ref {oct11}"),
        ]
    );
    check_clean(&d);
}

#[test]
fn overtime_ac_without_the_make_up_day_a_sunday_is_taken_until_friday_noon() {
    // The same Sunday as above, in an office without the make-up Saturday: the
    // working day before is Friday 9 October.
    let (d, tenant) = office();
    edit_toml(
        &d,
        "holidays = []",
        r#"holidays = ["2026-10-01..2026-10-07"]"#,
    );
    refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-10-09T15:00",
                "2026-10-11",
                "09:00",
                "09:45",
            )
        },
        &too_late("2026-10-11", "2026-10-09 12:00"),
    );
}

#[test]
fn overtime_ac_rate_and_cut_off_come_from_office_toml_rounding_half_up() {
    let (d, tenant) = office();
    edit_toml(&d, r#"cutoff = "12:00""#, r#"cutoff = "17:30""#);
    edit_toml(
        &d,
        r#"rate_per_hour = "300.00""#,
        r#"rate_per_hour = "250.00""#,
    );
    // 7 minutes at 250.00/h = 29.1666...: 29.17.
    let id = id_of(&ac(
        &d,
        &tenant,
        "2026-11-23T17:30",
        "2026-11-23",
        "18:00",
        "18:07",
    ));
    let err = refused(
        &d,
        || {
            ac(
                &d,
                &tenant,
                "2026-11-23T17:31",
                "2026-11-23",
                "19:00",
                "20:00",
            )
        },
        "requests are taken until 2026-11-23 17:30 (the cut-off is 17:30",
    );
    assert!(err.starts_with("error: too late"), "{err}");
    assert_eq!(
        ledger(&d),
        [format!("1 charge energy 29.17/-/- due 2026-12-15 ref {id}")]
    );
    let v = show(&d, None, &id);
    assert_eq!(v["overtime_ac"]["rate_per_hour"], "250.00");
    assert_eq!(v["overtime_ac"]["amount"], "29.17");
}

#[test]
fn overtime_ac_needs_an_end_after_the_start_an_applicant_of_the_unit_and_its_flags() {
    let (d, tenant) = office();
    refused(
        &d,
        || ac(&d, &tenant, NOW, "2026-11-23", "21:00", "18:00"),
        "the air-conditioning runs 21:00 to 18:00: the end must be after the start",
    );
    refused(
        &d,
        || ac(&d, &tenant, NOW, "2026-11-23", "18:00", "18:00"),
        "the end must be after the start",
    );
    // Past midnight cannot be typed: two requests are needed.
    refused(
        &d,
        || ac(&d, &tenant, NOW, "2026-11-23", "22:00", "00:30"),
        "the end must be after the start",
    );
    let stranger = add_party(&d, &["--name", "王五", "--role", "tenant"]);
    refused(
        &d,
        || ac(&d, &stranger, NOW, "2026-11-23", "18:00", "19:00"),
        "is neither the owner nor the occupant of A-1203",
    );
    let before = snapshot(&d);
    let run = pm(
        &d,
        &[
            "new",
            "--kind",
            "overtime-ac",
            "--unit",
            "A-1203",
            "--applicant",
            &tenant,
            "--day",
            "2026-11-23",
            "--start",
            "18:00",
        ],
    );
    assert!(
        run.fails(2)
            .contains("a permit of kind overtime-ac needs --end HH:MM"),
        "{}",
        run.stderr
    );
    let run = ac(&d, &tenant, NOW, "2026-11-23", "18:00", "24:00");
    assert!(
        run.fails(2).contains("expected a time like 14:00"),
        "{}",
        run.stderr
    );
    assert_unchanged(&before, &d);
    // The owner may ask too.
    let owner = d.owner.clone();
    id_of(&ac(&d, &owner, NOW, "2026-11-23", "18:00", "19:00"));
}

#[test]
fn overtime_ac_dry_run_writes_nothing() {
    let (d, tenant) = office();
    let before = snapshot(&d);
    let run = d.run(&[
        "--dry-run",
        "permit",
        "new",
        "--kind",
        "overtime-ac",
        "--unit",
        "A-1203",
        "--applicant",
        &tenant,
        "--day",
        "2026-11-23",
        "--start",
        "18:00",
        "--end",
        "19:00",
    ]);
    let out = run.ok();
    assert!(
        out.starts_with("would create permits/2026/PM-20261123-")
            && out.contains("amount: \"300.00\""),
        "{out}"
    );
    assert_unchanged(&before, &d);
}

#[test]
fn overtime_ac_leaves_the_list_once_its_day_has_passed() {
    let (d, tenant) = office();
    let id = id_of(&ac(&d, &tenant, NOW, "2026-11-24", "18:00", "19:00"));
    assert_eq!(listed(&d, "2026-11-24", false), [format!("{id} issued -")]);
    assert!(listed(&d, "2026-11-25", false).is_empty());
    assert_eq!(listed(&d, "2026-11-25", true), [format!("{id} issued -")]);
}

// ---------------------------------------------------------------------------
// Parking permits (停车证)
// ---------------------------------------------------------------------------

const PAPERS: [&str; 3] = ["vehicle-licence", "driver-licence", "insurance"];

/// `permit new --kind parking` for A-1203 by the tenant: bay B2-017 for the office's
/// first permit, B2-018 for its second, and so on (one bay, one permit at a time).
fn try_parking(t: &Test, tenant: &str, plate: &str, term: &str, from: &str) -> Run {
    let made = t
        .files("permits")
        .iter()
        .filter(|f| f.ends_with(".yaml"))
        .count();
    let bay = format!("B2-{:03}", 17 + made);
    pm(
        t,
        &[
            "new",
            "--kind",
            "parking",
            "--unit",
            "A-1203",
            "--applicant",
            tenant,
            "--bay",
            &bay,
            "--plate",
            plate,
            "--term",
            term,
            "--from",
            from,
        ],
    )
}

fn parking(t: &Test, tenant: &str, term: &str, from: &str) -> String {
    id_of(&try_parking(t, tenant, "沪A12345", term, from))
}

/// Papers in, fee charged and paid in full, issued: the permit ready on 2026-11-23.
fn issued_parking(t: &Test, tenant: &str, term: &str, from: &str, fee: &str) -> String {
    let id = parking(t, tenant, term, from);
    let mut a = vec!["receive", id.as_str()];
    a.extend(PAPERS);
    a.extend(["--from", "李四"]);
    pm(t, &a).ok();
    pm(t, &["bill", &id]).ok();
    t.run(&["pay", "A-1203", fee]).ok();
    pm(t, &["issue", &id]).ok();
    id
}

#[test]
fn parking_issue_is_refused_listing_what_is_missing_until_papers_are_in_and_the_fee_is_paid() {
    let (d, tenant) = office();
    let id = parking(&d, &tenant, "half-year", "2026-12-01");
    assert_eq!(status(&d, &id), "applied");
    let missing = |doc: &str| {
        format!("document not received: {doc} (propdesk permit receive {id} {doc} --from NAME)")
    };
    let not_billed = format!("fee not charged (propdesk permit bill {id})");
    assert_eq!(
        strings(&show(&d, None, &id)["missing"]),
        [
            missing("vehicle-licence"),
            missing("driver-licence"),
            missing("insurance"),
            not_billed.clone()
        ]
    );
    let err = refused(&d, || pm(&d, &["issue", &id]), "cannot be issued");
    assert_eq!(
        err,
        format!(
            "error: permit {id} cannot be issued; missing:\n  - {}\n  - {}\n  - {}\n  - {}\n",
            missing("vehicle-licence"),
            missing("driver-licence"),
            missing("insurance"),
            not_billed
        )
    );
    pm(
        &d,
        &[
            "receive",
            &id,
            "vehicle-licence",
            "driver-licence",
            "--from",
            "李四",
        ],
    )
    .ok();
    let err = refused(&d, || pm(&d, &["issue", &id]), "cannot be issued");
    assert_eq!(
        err,
        format!(
            "error: permit {id} cannot be issued; missing:\n  - {}\n  - {not_billed}\n",
            missing("insurance")
        )
    );
    assert_eq!(
        pm(&d, &["bill", &id]).ok(),
        format!(
            "{id}: fee charged: 2026-12-01 to 2027-05-31, 1,800.00 charged to A-1203 (ledger entry 1)\n"
        )
    );
    pm(&d, &["receive", &id, "insurance", "--from", "李四"]).ok();
    let err = refused(&d, || pm(&d, &["issue", &id]), "cannot be issued");
    assert_eq!(
        err,
        format!(
            "error: permit {id} cannot be issued; missing:\n  - not paid: ledger entry 1, \
             1,800.00 outstanding (propdesk pay A-1203 AMOUNT --for 1)\n"
        )
    );
    // Part paid is not paid.
    d.run(&["pay", "A-1203", "1000.00"]).ok();
    refused(
        &d,
        || pm(&d, &["issue", &id]),
        "not paid: ledger entry 1, 800.00 outstanding",
    );
    d.run(&["pay", "A-1203", "800.00"]).ok();
    assert!(strings(&show(&d, None, &id)["missing"]).is_empty());
    assert_eq!(
        pm(&d, &["issue", &id]).ok(),
        format!("{id}: issued, valid 2026-12-01 to 2027-05-31\n")
    );
    let v = show(&d, None, &id);
    assert_eq!(v["status"], "issued");
    assert_eq!(
        events(&v),
        ["applied", "received", "billed", "received", "issued"]
    );
    refused(
        &d,
        || pm(&d, &["issue", &id]),
        &format!("cannot issue: permit {id} is issued; that needs it applied"),
    );
    check_clean(&d);
}

#[test]
fn parking_fee_is_1800_for_a_half_year_and_3300_for_a_year_charged_as_parking_due_today() {
    let (d, tenant) = office();
    let half = parking(&d, &tenant, "half-year", "2026-12-01");
    let year = parking(&d, &tenant, "year", "2026-12-01");
    pm(&d, &["bill", &half]).ok();
    assert_eq!(
        pm(&d, &["bill", &year]).ok(),
        format!(
            "{year}: fee charged: 2026-12-01 to 2027-11-30, 3,300.00 charged to A-1203 (ledger entry 2)\n"
        )
    );
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge parking 1800.00/-/- due 2026-11-23 ref {half}"),
            format!("2 charge parking 3300.00/-/- due 2026-11-23 ref {year}"),
        ]
    );
    assert_eq!(
        ledger_text(&d, 1),
        format!("停车费 车位B2-017 沪A12345 2026-12-01至2027-05-31 {half}")
    );
    // The fee is charged once; a new term is a renewal.
    refused(
        &d,
        || pm(&d, &["bill", &half]),
        &format!("the fee of permit {half} was already charged; a new term is `permit renew`"),
    );
    let h = show(&d, None, &half);
    assert_eq!(h["parking"]["term"], "half-year");
    assert_eq!(h["parking"]["from"], "2026-12-01");
    assert_eq!(h["parking"]["until"], "2027-05-31");
    assert_eq!(h["parking"]["charges"], serde_json::json!([1]));
    let y = show(&d, None, &year);
    assert_eq!(y["parking"]["until"], "2027-11-30");
    check_clean(&d);
}

#[test]
fn parking_plate_is_stored_upper_case() {
    let (d, tenant) = office();
    let id = id_of(&try_parking(
        &d,
        &tenant,
        " 沪a12b45 ",
        "year",
        "2026-12-01",
    ));
    let v = show(&d, None, &id);
    assert_eq!(v["parking"]["plate"], "沪A12B45");
    assert_eq!(v["parking"]["bay"], "B2-017");
    pm(&d, &["bill", &id]).ok();
    assert!(
        ledger_text(&d, 1).contains(" 沪A12B45 "),
        "{}",
        ledger_text(&d, 1)
    );
    assert!(
        d.read(&format!("permits/2026/{id}.yaml"))
            .contains("plate: 沪A12B45\n")
    );
    // A blank plate or bay is refused.
    refused(
        &d,
        || try_parking(&d, &tenant, "  ", "year", "2026-12-01"),
        "plate",
    );
}

#[test]
fn parking_needs_its_flags() {
    let (d, tenant) = office();
    let before = snapshot(&d);
    let run = pm(
        &d,
        &[
            "new",
            "--kind",
            "parking",
            "--unit",
            "A-1203",
            "--applicant",
            &tenant,
            "--bay",
            "B2-017",
            "--plate",
            "沪A12345",
            "--from",
            "2026-12-01",
        ],
    );
    assert!(
        run.fails(2)
            .contains("a permit of kind parking needs --term half-year|year"),
        "{}",
        run.stderr
    );
    let run = try_parking(&d, &tenant, "沪A12345", "quarter", "2026-12-01");
    run.fails(2);
    assert_unchanged(&before, &d);
}

#[test]
fn parking_papers_are_those_of_the_list_once_each_and_only_before_issue() {
    let (d, tenant) = office();
    let id = parking(&d, &tenant, "half-year", "2026-12-01");
    refused(
        &d,
        || pm(&d, &["receive", &id, "passport", "--from", "李四"]),
        "\"passport\" is not on this permit's document list: expected one of vehicle-licence, driver-licence, insurance",
    );
    pm(&d, &["receive", &id, "insurance", "--from", "李四"]).ok();
    refused(
        &d,
        || pm(&d, &["receive", &id, "insurance", "--from", "李四"]),
        "insurance was already recorded on 2026-11-23",
    );
    // Renewal is for an issued permit.
    refused(
        &d,
        || pm(&d, &["renew", &id]),
        &format!("cannot renew: permit {id} is applied; that needs it issued"),
    );
    // Agreements and approvals are renovation steps.
    refused(
        &d,
        || {
            pm(
                &d,
                &["sign", &id, "management-agreement", "--signed-by", "李四"],
            )
        },
        "has no agreements to record",
    );
    refused(
        &d,
        || pm(&d, &["approve", &id, "--as", "desk-clerk"]),
        "is not a renovation permit",
    );
    let run = pm(&d, &["issue", &id, "--until", "2027-01-01"]);
    assert!(
        run.fails(2).contains("--until is for renovation permits"),
        "{}",
        run.stderr
    );
    let id = issued_parking(&d, &tenant, "half-year", "2026-12-01", "1800.00");
    refused(
        &d,
        || pm(&d, &["receive", &id, "insurance", "--from", "李四"]),
        &format!("cannot receive documents: permit {id} is issued"),
    );
}

#[test]
fn parking_list_shows_renewal_due_from_30_days_before_the_end_and_lapsed_after() {
    let (d, tenant) = office();
    let id = issued_parking(&d, &tenant, "half-year", "2026-12-01", "1800.00");
    // Valid 2026-12-01 to 2027-05-31: the renewal falls due on 1 May.
    assert_eq!(listed(&d, "2026-12-01", false), [format!("{id} issued -")]);
    assert_eq!(listed(&d, "2027-04-30", false), [format!("{id} issued -")]);
    let due = format!("{id} issued renewal due: ends 2027-05-31");
    assert_eq!(listed(&d, "2027-05-01", false), std::slice::from_ref(&due));
    assert_eq!(listed(&d, "2027-05-31", false), [due]);
    assert_eq!(
        listed(&d, "2027-06-01", false),
        [format!("{id} issued lapsed on 2027-05-31: renew")]
    );
    // The table says the same.
    let table = d.run(&["--date", "2027-05-01", "permit"]).ok().to_string();
    assert!(
        table.contains("2027-05-31   renewal due: ends 2027-05-31"),
        "{table}"
    );
    // Not while the permit is only applied for.
    let other = parking(&d, &tenant, "half-year", "2026-12-01");
    assert!(
        listed(&d, "2027-05-15", false).contains(&format!("{other} applied -")),
        "{:?}",
        listed(&d, "2027-05-15", false)
    );
}

#[test]
fn parking_renew_charges_the_next_term_from_the_day_after_the_end_and_moves_until() {
    let (d, tenant) = office();
    let id = issued_parking(&d, &tenant, "half-year", "2026-12-01", "1800.00");
    // A year permit issued the same day (the ledger takes no entry dated before its
    // last).
    let year = issued_parking(&d, &tenant, "year", "2026-12-01", "3300.00");
    assert_eq!(
        on(&d, "2027-05-10", &["renew", &id]).ok(),
        format!(
            "{id}: renewed: 2027-06-01 to 2027-11-30, 1,800.00 charged to A-1203 (ledger entry 5)\n"
        )
    );
    let v = show(&d, Some("2027-05-10"), &id);
    assert_eq!(v["status"], "issued");
    assert_eq!(v["parking"]["from"], "2027-06-01");
    assert_eq!(v["parking"]["until"], "2027-11-30");
    assert_eq!(v["parking"]["charges"], serde_json::json!([1, 5]));
    assert_eq!(events(&v).last().unwrap(), "billed");
    assert!(events(&v).contains(&"renewed".to_string()));
    assert_eq!(
        ledger(&d),
        [
            format!("1 charge parking 1800.00/-/- due 2026-11-23 ref {id}"),
            "2 payment - -/1800.00/- due - ref -".to_string(),
            format!("3 charge parking 3300.00/-/- due 2026-11-23 ref {year}"),
            "4 payment - -/3300.00/- due - ref -".to_string(),
            format!("5 charge parking 1800.00/-/- due 2027-05-10 ref {id}"),
        ]
    );
    assert_eq!(
        ledger_text(&d, 5),
        format!("停车费 车位B2-017 沪A12345 2027-06-01至2027-11-30 {id}")
    );
    // The reminder is gone until 30 days before the new end.
    // (The year permit also ends on 30 November 2027.)
    let both = |what: &str| {
        [
            format!("{id} issued {what}"),
            format!("{year} issued {what}"),
        ]
    };
    assert_eq!(listed(&d, "2027-05-10", false), both("-"));
    assert_eq!(listed(&d, "2027-10-30", false), both("-"));
    assert_eq!(
        listed(&d, "2027-10-31", false),
        both("renewal due: ends 2027-11-30")
    );
    // A year permit renews for a year at the year fee.
    assert_eq!(
        on(&d, "2027-11-15", &["renew", &year]).ok(),
        format!(
            "{year}: renewed: 2027-12-01 to 2028-11-30, 3,300.00 charged to A-1203 (ledger entry 6)\n"
        )
    );
    check_clean(&d);
}

#[test]
fn parking_renewed_after_it_lapsed_runs_from_the_renewal_day() {
    let (d, tenant) = office();
    let id = issued_parking(&d, &tenant, "half-year", "2026-12-01", "1800.00");
    // Lapsed on 31 May; renewed on 10 June: the new half-year starts that day.
    assert_eq!(
        on(&d, "2027-06-10", &["renew", &id]).ok(),
        format!(
            "{id}: renewed: 2027-06-10 to 2027-12-09, 1,800.00 charged to A-1203 (ledger entry 3)\n"
        )
    );
    assert_eq!(listed(&d, "2027-06-10", false), [format!("{id} issued -")]);
    check_clean(&d);
}

// ---------------------------------------------------------------------------
// Access cards (门禁卡)
// ---------------------------------------------------------------------------

fn cards(t: &Test, tenant: &str, n: &str) -> Run {
    pm(
        t,
        &[
            "new",
            "--kind",
            "access-card",
            "--unit",
            "A-1203",
            "--applicant",
            tenant,
            "--cards",
            n,
        ],
    )
}

fn card_deposit(t: &Test, amount: &str) {
    t.run(&["pay", "A-1203", amount, "--deposit", "card"]).ok();
}

#[test]
fn access_card_issue_needs_ten_per_card_held_as_card_deposit() {
    let (d, tenant) = office();
    let id = id_of(&cards(&d, &tenant, "3"));
    let v = show(&d, None, &id);
    assert_eq!(v["status"], "applied");
    assert_eq!(v["access_card"]["cards"], 3);
    assert_eq!(v["access_card"]["deposit_each"], "10.00");
    let short = |held: &str| {
        format!(
            "error: permit {id} cannot be issued; missing:\n  - card deposit: 30.00 required, \
             {held} held (propdesk pay A-1203 AMOUNT --deposit card)\n"
        )
    };
    assert_eq!(
        refused(&d, || pm(&d, &["issue", &id]), "card deposit"),
        short("0.00")
    );
    card_deposit(&d, "20.00");
    assert_eq!(
        refused(&d, || pm(&d, &["issue", &id]), "card deposit"),
        short("20.00")
    );
    // A payment that is not a deposit does not count.
    d.run(&["pay", "A-1203", "10.00"]).ok();
    refused(&d, || pm(&d, &["issue", &id]), "20.00 held");
    card_deposit(&d, "10.00");
    assert_eq!(pm(&d, &["issue", &id]).ok(), format!("{id}: issued\n"));
    assert_eq!(status(&d, &id), "issued");
    assert_eq!(card_deposit_held(&d), "30.00");
    check_clean(&d);
}

#[test]
fn access_card_return_refunds_the_deposit_and_closes() {
    let (d, tenant) = office();
    let id = id_of(&cards(&d, &tenant, "3"));
    // Not before it is issued.
    refused(
        &d,
        || pm(&d, &["return", &id]),
        &format!("cannot take the cards back: permit {id} is applied; that needs it issued"),
    );
    card_deposit(&d, "30.00");
    pm(&d, &["issue", &id]).ok();
    assert_eq!(listed(&d, "2026-11-23", false), [format!("{id} issued -")]);
    assert_eq!(
        on(&d, "2027-03-01", &["return", &id]).ok(),
        format!("{id}: cards returned; card deposit refunded: 30.00\n")
    );
    assert_eq!(
        ledger(&d),
        [
            "1 deposit-received card -/-/30.00 due - ref -".to_string(),
            format!("2 deposit-refunded card -/-/30.00 due - ref {id}"),
        ]
    );
    assert_eq!(card_deposit_held(&d), "0.00");
    let v = show(&d, None, &id);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["access_card"]["returned"], "2027-03-01");
    assert_eq!(events(&v), ["applied", "issued", "returned", "closed"]);
    assert!(listed(&d, "2027-03-01", false).is_empty());
    assert_eq!(listed(&d, "2027-03-01", true), [format!("{id} closed -")]);
    refused(
        &d,
        || on(&d, "2027-03-02", &["return", &id]),
        &format!("cannot take the cards back: permit {id} is closed"),
    );
    check_clean(&d);
}

#[test]
fn access_card_deposits_of_two_permits_of_a_unit_are_kept_apart() {
    let (d, tenant) = office();
    let first = id_of(&cards(&d, &tenant, "3"));
    card_deposit(&d, "30.00");
    pm(&d, &["issue", &first]).ok();
    // The second permit's 2 cards need 20.00 more: the 30.00 held is the first's.
    let second = id_of(&cards(&d, &tenant, "2"));
    let err = refused(&d, || pm(&d, &["issue", &second]), "card deposit");
    assert!(
        err.contains(
            "card deposit: 20.00 required (and 30.00 for the unit's other permits), 30.00 held"
        ),
        "{err}"
    );
    card_deposit(&d, "20.00");
    pm(&d, &["issue", &second]).ok();
    // Returning the first refunds its 30.00 and leaves the second's 20.00.
    assert_eq!(
        on(&d, "2026-12-01", &["return", &first]).ok(),
        format!("{first}: cards returned; card deposit refunded: 30.00\n")
    );
    assert_eq!(card_deposit_held(&d), "20.00");
    assert_eq!(
        on(&d, "2026-12-02", &["return", &second]).ok(),
        format!("{second}: cards returned; card deposit refunded: 20.00\n")
    );
    assert_eq!(card_deposit_held(&d), "0.00");
    check_clean(&d);
}

#[test]
fn access_card_needs_at_least_one_card_and_has_nothing_to_bill_or_renew() {
    let (d, tenant) = office();
    refused(
        &d,
        || cards(&d, &tenant, "0"),
        "at least one card (--cards N)",
    );
    let before = snapshot(&d);
    let run = pm(
        &d,
        &[
            "new",
            "--kind",
            "access-card",
            "--unit",
            "A-1203",
            "--applicant",
            &tenant,
        ],
    );
    assert!(
        run.fails(2)
            .contains("a permit of kind access-card needs --cards N"),
        "{}",
        run.stderr
    );
    assert_unchanged(&before, &d);
    let id = id_of(&cards(&d, &tenant, "1"));
    refused(
        &d,
        || pm(&d, &["bill", &id]),
        &format!("permit {id} (access-card) has no fees to charge with `permit bill`"),
    );
    refused(
        &d,
        || pm(&d, &["receive", &id, "insurance", "--from", "李四"]),
        "has no documents to record",
    );
    card_deposit(&d, "10.00");
    pm(&d, &["issue", &id]).ok();
    refused(
        &d,
        || pm(&d, &["renew", &id]),
        &format!("permit {id} is not a parking permit"),
    );
    refused(
        &d,
        || pm(&d, &["security", &id, "--guard", "保安甲"]),
        &format!("permit {id} is not a goods exit pass"),
    );
}

// ---------------------------------------------------------------------------
// Goods exit passes (大件物品出门证 / 放行条)
// ---------------------------------------------------------------------------

fn try_goods(t: &Test, tenant: &str, day: &str, items: &[&str]) -> Run {
    let mut a = vec![
        "new",
        "--kind",
        "goods-exit",
        "--unit",
        "A-1203",
        "--applicant",
        tenant,
        "--day",
        day,
    ];
    for i in items {
        a.extend(["--item", i]);
    }
    pm(t, &a)
}

fn goods(t: &Test, tenant: &str) -> String {
    id_of(&try_goods(
        t,
        tenant,
        "2026-11-24",
        &["文件柜", "打印机 2台"],
    ))
}

fn sign(t: &Test, id: &str, side: &str, who: &str) -> Run {
    pm(t, &["sign-exit", id, "--side", side, "--signed-by", who])
}

#[test]
fn goods_exit_desk_signs_last_after_both_sides() {
    let (d, tenant) = office();
    let id = goods(&d, &tenant);
    assert_eq!(
        refused(
            &d,
            || sign(&d, &id, "desk", "前台王"),
            "the desk signs last"
        ),
        "error: the desk signs last: the owner side has not signed\n"
    );
    sign(&d, &id, "tenant", "李四").ok();
    refused(
        &d,
        || sign(&d, &id, "desk", "前台王"),
        "the desk signs last: the owner side has not signed",
    );
    assert_eq!(status(&d, &id), "applied");
    let id = goods(&d, &tenant);
    sign(&d, &id, "owner", "远景置业张经理").ok();
    refused(
        &d,
        || sign(&d, &id, "desk", "前台王"),
        "the desk signs last: the tenant side has not signed",
    );
    assert_eq!(status(&d, &id), "applied");
    // Security takes no pass that is not issued.
    refused(
        &d,
        || pm(&d, &["security", &id, "--guard", "保安甲"]),
        &format!("cannot hand the pass to security: permit {id} is applied; that needs it issued"),
    );
    check_clean(&d);
}

#[test]
fn goods_exit_a_side_signing_twice_is_refused() {
    let (d, tenant) = office();
    let id = goods(&d, &tenant);
    sign(&d, &id, "owner", "远景置业张经理").ok();
    assert_eq!(
        refused(
            &d,
            || sign(&d, &id, "owner", "远景置业李"),
            "already signed"
        ),
        "error: the owner side already signed (远景置业张经理)\n"
    );
    sign(&d, &id, "tenant", "李四").ok();
    refused(
        &d,
        || sign(&d, &id, "tenant", "李四"),
        "the tenant side already signed (李四)",
    );
    sign(&d, &id, "desk", "前台王").ok();
    // Signed by the desk, the pass is issued: no more signatures.
    refused(
        &d,
        || sign(&d, &id, "desk", "前台赵"),
        &format!("cannot sign the pass: permit {id} is issued; that needs it applied"),
    );
    refused(
        &d,
        || sign(&d, &id, "owner", "远景置业李"),
        "cannot sign the pass",
    );
    // A blank signature is refused.
    let other = goods(&d, &tenant);
    refused(&d, || sign(&d, &other, "owner", "  "), "--signed-by");
    let run = sign(&d, &other, "manager", "X");
    run.fails(2);
}

#[test]
fn goods_exit_desk_signature_issues_it_and_security_closes_it() {
    let (d, tenant) = office();
    let id = goods(&d, &tenant);
    assert!(
        sign(&d, &id, "owner", "远景置业张经理")
            .ok()
            .starts_with(&format!("{id}: signed (")),
    );
    sign(&d, &id, "tenant", "李四").ok();
    assert_eq!(status(&d, &id), "applied");
    assert!(
        sign(&d, &id, "desk", "前台王")
            .ok()
            .starts_with(&format!("{id}: signed (")),
    );
    assert_eq!(status(&d, &id), "issued");
    assert_eq!(listed(&d, "2026-11-24", false), [format!("{id} issued -")]);
    assert_eq!(
        on(&d, "2026-11-24", &["security", &id, "--guard", "保安甲"]).ok(),
        format!("{id}: handed to security (已结案)\n")
    );
    let v = show(&d, None, &id);
    assert_eq!(v["status"], "closed");
    let g = &v["goods_exit"];
    assert_eq!(strings(&g["items"]), ["文件柜", "打印机 2台"]);
    assert_eq!(g["date"], "2026-11-24");
    assert_eq!(g["owner_side"], "远景置业张经理");
    assert_eq!(g["tenant_side"], "李四");
    assert_eq!(g["desk"], "前台王");
    assert_eq!(g["security"], "保安甲");
    assert_eq!(
        events(&v),
        [
            "applied",
            "exit-signed",
            "exit-signed",
            "exit-signed",
            "issued",
            "to-security",
            "closed"
        ]
    );
    assert!(listed(&d, "2026-11-24", false).is_empty());
    assert_eq!(listed(&d, "2026-11-24", true), [format!("{id} closed -")]);
    refused(
        &d,
        || on(&d, "2026-11-24", &["security", &id, "--guard", "保安乙"]),
        &format!("permit {id} is closed"),
    );
    // A guard must be named.
    let other = goods(&d, &tenant);
    for (side, who) in [("owner", "张"), ("tenant", "李四"), ("desk", "王")] {
        sign(&d, &other, side, who).ok();
    }
    refused(
        &d,
        || pm(&d, &["security", &other, "--guard", " "]),
        "guard",
    );
    check_clean(&d);
}

#[test]
fn goods_exit_for_a_past_day_or_without_items_is_refused_at_new() {
    let (d, tenant) = office();
    assert_eq!(
        refused(
            &d,
            || try_goods(&d, &tenant, "2026-11-22", &["文件柜"]),
            "is past"
        ),
        "error: 2026-11-22 is past: a pass is for goods still to leave\n"
    );
    refused(
        &d,
        || try_goods(&d, &tenant, "2026-11-24", &[]),
        "list the goods (--item, once each)",
    );
    refused(
        &d,
        || try_goods(&d, &tenant, "2026-11-24", &["  "]),
        "list the goods (--item, once each)",
    );
    // Today is not past; blank items are dropped.
    let id = id_of(&try_goods(&d, &tenant, "2026-11-23", &["沙发", " "]));
    assert_eq!(
        strings(&show(&d, None, &id)["goods_exit"]["items"]),
        ["沙发"]
    );
    let before = snapshot(&d);
    let run = pm(
        &d,
        &[
            "new",
            "--kind",
            "goods-exit",
            "--unit",
            "A-1203",
            "--applicant",
            &tenant,
            "--item",
            "沙发",
        ],
    );
    assert!(
        run.fails(2)
            .contains("a permit of kind goods-exit needs --day DATE"),
        "{}",
        run.stderr
    );
    assert_unchanged(&before, &d);
}

#[test]
fn goods_exit_cannot_be_issued_without_the_signatures() {
    // `permit issue` takes any permit in `applied` with nothing `missing`; a goods exit
    // pass never has anything missing, so the signatures are skipped and the pass goes
    // to security unsigned.
    let (d, tenant) = office();
    let id = goods(&d, &tenant);
    refused(&d, || pm(&d, &["issue", &id]), "sign");
    assert_eq!(status(&d, &id), "applied");
}

// ---------------------------------------------------------------------------
// The other kinds in `check`
// ---------------------------------------------------------------------------

#[test]
fn check_flags_a_pass_without_its_page() {
    let (d, tenant) = office();
    let id = parking(&d, &tenant, "year", "2026-12-01");
    let rel = format!("permits/2026/{id}.yaml");
    let rec = d.read(&rel);
    let start = rec.find("parking:\n").expect("parking page");
    let end = rec.find("history:\n").expect("history");
    d.write(&rel, &format!("{}{}", &rec[..start], &rec[end..]));
    let run = d.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("a parking permit needs its `parking:` page"),
        "{}",
        run.stdout
    );
}

/// Issue 20: an office that numbers its cards records each card's number at issue; a
/// card out on one permit is refused on another until it is handed back, and `check`
/// finds a card out on two permits (two desks issuing it, merged).
#[test]
fn access_card_numbers_are_recorded_at_issue_and_a_card_out_is_not_issued_again() {
    let (d, tenant) = office();
    let first = id_of(&cards(&d, &tenant, "2"));
    let second = id_of(&cards(&d, &tenant, "1"));
    card_deposit(&d, "30.00");
    // One number per card, each once, no spaces.
    for (nos, says) in [
        (
            &["0007"][..],
            "the permit is for 2 card(s); 1 card number(s) given",
        ),
        (&["0007", "0007"][..], "card number \"0007\""),
        (&["0007", "A 8"][..], "card number \"A 8\""),
    ] {
        let mut a = vec!["issue", first.as_str()];
        for n in nos {
            a.extend(["--card-no", n]);
        }
        refused(&d, || pm(&d, &a), says);
    }
    pm(
        &d,
        &["issue", &first, "--card-no", "0007", "--card-no", "a12"],
    )
    .ok();
    let v = show(&d, None, &first);
    assert_eq!(
        v["access_card"]["numbers"],
        serde_json::json!(["0007", "A12"])
    );
    // The second permit may not hand out a card that is out.
    refused(
        &d,
        || pm(&d, &["issue", &second, "--card-no", "A12"]),
        &format!(
            "error: access card A12 is out on permit {first}\nhint: a card handed back is taken back first: `propdesk permit return {first}`\n"
        ),
    );
    pm(&d, &["issue", &second, "--card-no", "0009"]).ok();
    check_clean(&d);
    // Handed back, the cards are free again.
    on(&d, "2027-03-01", &["return", &first]).ok();
    let later = "2027-03-02";
    let third = id_of(&on(
        &d,
        later,
        &[
            "new",
            "--kind",
            "access-card",
            "--unit",
            "A-1203",
            "--applicant",
            &tenant,
            "--cards",
            "1",
        ],
    ));
    d.run(&[
        "--now",
        "2027-03-02T10:00",
        "pay",
        "A-1203",
        "10.00",
        "--deposit",
        "card",
    ])
    .ok();
    on(&d, later, &["issue", &third, "--card-no", "A12"]).ok();
    check_clean(&d);
    // Two desks each issued card 0009 (the merge brings the other's permit in).
    let file = |id: &str| format!("permits/{}/{id}.yaml", &id[3..7]);
    let text = d.read(&file(&third)).replace("- A12", "- \"0009\"");
    d.write(&file(&third), &text);
    let run = d.run(&["check"]);
    run.fails(1);
    let (low, high) = if second < third {
        (&second, &third)
    } else {
        (&third, &second)
    };
    assert!(
        run.stdout.contains(&format!("{}:", file(high)))
            && run.stdout.contains(&format!(
                "access card 0009 is out on permit {low} and on {high} too"
            )),
        "{}",
        run.stdout
    );
}
