//! `propdesk agenda` as a user runs it: the demo office in `records/` on its own day
//! (Monday 2026-11-23, 09:30) is the known office; small offices built step by step
//! show how a deadline moves through the day; the ICS is parsed back; the morning
//! script runs on a git clone of the demo office.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde_json::Value;

use crate::common::*;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// `propdesk --office records --now 2026-11-23T09:30 ARGS...` (the demo is read, never
/// written: `agenda` takes no lock and writes nothing).
fn demo(args: &[&str]) -> Run {
    let office = repo("records");
    let mut a = vec!["--office", &office, "--now", "2026-11-23T09:30"];
    a.extend_from_slice(args);
    Test::empty().run(&a)
}

fn items(run: &Run) -> Vec<Value> {
    let v: Value = serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    v.as_array().unwrap().clone()
}

/// Every kind of item the agenda knows.
const KINDS: [&str; 29] = [
    "ticket-response",
    "ticket-completion",
    "ticket-return",
    "ticket-callback",
    "complaint-feedback",
    "complaint-reply",
    "inquiry-reply",
    "ticket-reason",
    "movein-reinspection",
    "movein-visit",
    "permit-approval",
    "permit-inspection",
    "permit-hot-work",
    "permit-rectification",
    "permit-extension",
    "permit-expired",
    "permit-acceptance",
    "permit-refund",
    "goods-exit",
    "overtime-ac",
    "parking-renewal",
    "dunning-approval",
    "dunning-step",
    "dunning-promise",
    "moveout-lift",
    "moveout-inspection",
    "moveout-settlement",
    "moveout-completion",
    "moveout-refund",
];

/// The instant an item is due by: its time, or 18:00 (the demo's closing time) of its
/// day, in Shanghai.
fn instant(item: &Value) -> DateTime<FixedOffset> {
    let due = item["due"].as_str().unwrap();
    if item["all_day"].as_bool().unwrap() {
        let d: NaiveDate = due.parse().unwrap();
        FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .from_local_datetime(&d.and_hms_opt(18, 0, 0).unwrap())
            .unwrap()
    } else {
        DateTime::parse_from_rfc3339(due).unwrap()
    }
}

#[test]
fn the_demo_office_on_its_day_has_every_kind_of_item_most_urgent_first() {
    let all = items(&demo(&["agenda", "--days", "30", "--format", "json"]));
    let kinds: BTreeSet<&str> = all.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    for k in KINDS {
        assert!(
            kinds.contains(k),
            "no {k} item in the demo's agenda: {kinds:?}"
        );
    }
    assert_eq!(kinds.len(), KINDS.len(), "{kinds:?}");
    // Most urgent first: by the instant due; overdue ones before the rest.
    for pair in all.windows(2) {
        assert!(instant(&pair[0]) <= instant(&pair[1]), "{pair:#?}");
    }
    let first_not_overdue = all.iter().position(|i| i["overdue"] == false).unwrap();
    assert!(first_not_overdue > 0);
    assert!(
        all[first_not_overdue..]
            .iter()
            .all(|i| i["overdue"] == false)
    );
    // Each item names its record, its unit, who acts and how late.
    let roles = ["desk", "engineering", "security", "finance", "manager"];
    for i in &all {
        assert!(!i["record"].as_str().unwrap().is_empty(), "{i}");
        assert!(!i["unit"].as_str().unwrap().is_empty(), "{i}");
        assert!(roles.contains(&i["who"].as_str().unwrap()), "{i}");
        assert!(!i["late"].as_str().unwrap().is_empty(), "{i}");
        let days = i["days_late"].as_i64().unwrap();
        assert_eq!(
            i["overdue"] == true,
            if i["all_day"] == true {
                days > 0
            } else {
                i["minutes_late"].as_i64().unwrap() > 0
            },
            "{i}"
        );
    }
    // The same records and clock give the same agenda, byte for byte.
    let again = demo(&["agenda", "--days", "30", "--format", "json"]);
    assert_eq!(
        again.stdout,
        serde_json::to_string_pretty(&all).unwrap() + "\n"
    );
    // Identities are unique (the calendar's UIDs).
    let uids: BTreeSet<&str> = all.iter().map(|i| i["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), all.len());
}

#[test]
fn the_demo_office_mornings_agenda_is_stable() {
    let zh = demo(&["agenda"]);
    insta::assert_snapshot!("demo_agenda_zh", zh.ok());
    let en = demo(&[
        "--locale",
        "en",
        "agenda",
        "--for",
        "engineering",
        "--days",
        "3",
    ]);
    insta::assert_snapshot!("demo_agenda_engineering_en", en.ok());
}

#[test]
fn known_items_of_the_demo_read_as_the_desk_expects() {
    let all = items(&demo(&[
        "--locale", "en", "agenda", "--days", "30", "--format", "json",
    ]));
    let find = |kind: &str, record: &str| {
        all.iter()
            .find(|i| i["kind"] == kind && i["record"].as_str().unwrap().starts_with(record))
            .unwrap_or_else(|| panic!("no {kind} of {record} in {all:#?}"))
            .clone()
    };
    // An urgent leak reported at 09:00: arrival due by 09:15, 15 minutes late at 09:30.
    let leak = find("ticket-response", "T-20261123-CX8ZSG");
    assert_eq!(leak["due"], "2026-11-23T09:15:00+08:00");
    assert_eq!(leak["who"], "engineering");
    assert_eq!(leak["unit"], "A-1102");
    assert_eq!(leak["minutes_late"], 15);
    assert_eq!(leak["late"], "overdue by 15m");
    // A-503's move-out was settled this morning, its refund due 30 days after the
    // inspection; A-101's refund was paid, so it is off the agenda.
    assert!(
        !all.iter()
            .any(|i| i["record"].as_str().unwrap().starts_with("MO-20261110"))
    );
    let refund = find("moveout-refund", "MO-20261106");
    assert_eq!(refund["due"], "2026-12-20");
    assert_eq!(refund["who"], "finance");
    assert_eq!(refund["days_late"], -27);
    assert_eq!(refund["late"], "in 27 days");
    // A dead order has ended, but the tenant is still owed the reason.
    let reason = find("ticket-reason", "T-20261119-4P4D6N");
    assert_eq!(reason["who"], "desk");
    assert_eq!(reason["overdue"], true);
    // A-B106's lease action waits for the manager since its day.
    let approval = find("dunning-approval", "A-B106");
    assert_eq!(approval["who"], "manager");
    assert_eq!(approval["overdue"], true);
}

#[test]
fn each_role_sees_its_own_items_and_the_roles_together_see_all() {
    let all = items(&demo(&["agenda", "--days", "7", "--format", "json"]));
    let mut union = Vec::new();
    for role in ["desk", "engineering", "security", "finance", "manager"] {
        let mine = items(&demo(&[
            "agenda", "--days", "7", "--for", role, "--format", "json",
        ]));
        assert!(!mine.is_empty(), "nothing for {role}");
        assert!(mine.iter().all(|i| i["who"] == role), "{role}: {mine:#?}");
        union.extend(mine);
    }
    let key = |i: &Value| i["uid"].as_str().unwrap().to_string();
    let mut a: Vec<String> = all.iter().map(key).collect();
    let mut b: Vec<String> = union.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let err = demo(&["agenda", "--for", "leasing"]).fails(2).to_string();
    assert!(
        err.contains("leasing") && err.contains("engineering"),
        "{err}"
    );
}

#[test]
fn days_look_ahead_and_overdue_items_always_show() {
    let today = items(&demo(&["agenda", "--format", "json"]));
    let week = items(&demo(&["agenda", "--days", "7", "--format", "json"]));
    assert!(week.len() > today.len());
    let last: NaiveDate = "2026-11-30".parse().unwrap();
    for i in &week {
        assert!(instant(i).date_naive() <= last, "{i}");
    }
    for i in &today {
        assert!(
            instant(i).date_naive() <= "2026-11-23".parse().unwrap(),
            "{i}"
        );
        assert!(week.contains(i), "{i}");
    }
    assert!(today.iter().any(|i| i["days_late"].as_i64().unwrap() > 7));
    // --date looks at another day as it stands that morning.
    let later = items(&demo(&[
        "--date",
        "2026-12-20",
        "agenda",
        "--format",
        "json",
    ]));
    let refund = later
        .iter()
        .find(|i| i["kind"] == "moveout-refund")
        .unwrap();
    assert_eq!(refund["late"], "今日");
    let err = demo(&["agenda", "--days", "1000"]).fails(2).to_string();
    assert!(err.contains("1000"), "{err}");
}

#[test]
fn nothing_due_prints_nothing_and_exits_0() {
    let t = Test::office();
    let out = t.run(&["agenda"]);
    assert_eq!(out.ok(), "");
    assert_eq!(out.stderr, "");
    assert_eq!(t.run(&["agenda", "--format", "csv"]).ok(), "");
    assert_eq!(t.run(&["agenda", "--days", "30", "--for", "desk"]).ok(), "");
    // Scripts get an empty list, calendars an empty calendar.
    assert_eq!(t.run(&["agenda", "--format", "json"]).ok().trim(), "[]");
    let ics = t.run(&["agenda", "--format", "ics"]);
    let cal = parse_ics(ics.ok());
    assert!(cal.events.is_empty());
}

/// An urgent repair through its morning: the response deadline counts down, then is
/// overdue, and goes when the technician arrives; the completion and callback follow.
#[test]
fn a_repairs_deadlines_come_and_go_with_its_steps() {
    let d = crate::money::Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    let t = &d.t;
    let id = t
        .run(&[
            "--now",
            "2026-11-23T09:00",
            "ticket",
            "new",
            "--kind",
            "repair",
            "--category",
            "water",
            "--priority",
            "urgent",
            "--unit",
            "A-1203",
            "--reporter",
            "王先生",
            "--channel",
            "phone",
            "--description",
            "卫生间漏水",
        ])
        .ok()
        .trim()
        .to_string();
    let at =
        |now: &str| items(&t.run(&["--now", now, "agenda", "--days", "3", "--format", "json"]));
    let kinds = |v: &[Value]| {
        v.iter()
            .map(|i| i["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let early = at("2026-11-23T09:05");
    assert_eq!(kinds(&early), ["ticket-response", "ticket-completion"]);
    assert_eq!(early[0]["record"], id.as_str());
    assert_eq!(early[0]["due"], "2026-11-23T09:15:00+08:00");
    assert_eq!(early[0]["late"], "剩余 10分");
    assert_eq!(early[0]["overdue"], false);
    let late = at("2026-11-23T09:40");
    assert_eq!(late[0]["late"], "已超时 25分");
    assert_eq!(late[0]["minutes_late"], 25);
    t.run(&[
        "--now",
        "2026-11-23T09:50",
        "ticket",
        "dispatch",
        &id,
        "--technician",
        "李师傅",
    ])
    .ok();
    t.run(&["--now", "2026-11-23T09:55", "ticket", "arrive", &id])
        .ok();
    let after = at("2026-11-23T10:00");
    assert_eq!(kinds(&after), ["ticket-completion"], "{after:#?}");
    assert!(
        after[0]["detail"].as_str().unwrap().contains("李师傅"),
        "{after:#?}"
    );
    t.run(&[
        "--now",
        "2026-11-23T11:00",
        "ticket",
        "finish",
        &id,
        "--work",
        "更换密封圈",
        "--signed-by",
        "李四",
    ])
    .ok();
    let done = items(&t.run(&[
        "--now",
        "2026-11-23T11:05",
        "agenda",
        "--days",
        "3",
        "--format",
        "json",
    ]));
    let k = kinds(&done);
    assert!(k.contains(&"ticket-callback".to_string()), "{done:#?}");
    assert!(!k.contains(&"ticket-completion".to_string()), "{done:#?}");
    let callback = done
        .iter()
        .find(|i| i["kind"] == "ticket-callback")
        .unwrap();
    assert_eq!(callback["who"], "desk");
}

/// A calendar as RFC 5545 lays it out, parsed strictly enough to catch a broken file.
struct Calendar {
    props: BTreeMap<String, String>,
    events: Vec<BTreeMap<String, String>>,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(x @ ('\\' | ';' | ',')) => out.push(x),
                other => panic!("bad escape \\{other:?} in {s:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_ics(text: &str) -> Calendar {
    assert!(text.ends_with("\r\n"), "a calendar ends with CRLF");
    let physical: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    for l in &physical {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare line break in {l:?}"
        );
        assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
    }
    // Unfold: a line starting with a space continues the one before.
    let mut lines: Vec<String> = Vec::new();
    for l in physical {
        match l.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("a continuation first")
                .push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let mut cal = Calendar {
        props: BTreeMap::new(),
        events: Vec::new(),
    };
    let mut event: Option<BTreeMap<String, String>> = None;
    for l in &lines[1..lines.len() - 1] {
        let (name, value) = l
            .split_once(':')
            .unwrap_or_else(|| panic!("no colon: {l:?}"));
        match (name, value) {
            ("BEGIN", "VEVENT") => {
                assert!(event.is_none(), "nested VEVENT");
                event = Some(BTreeMap::new());
            }
            ("END", "VEVENT") => cal.events.push(event.take().expect("END without BEGIN")),
            ("BEGIN" | "END", other) => panic!("unexpected component {other}"),
            _ => {
                let map = event.as_mut().unwrap_or(&mut cal.props);
                assert!(
                    map.insert(name.to_string(), value.to_string()).is_none(),
                    "{name} twice"
                );
            }
        }
    }
    assert!(event.is_none(), "VEVENT not ended");
    assert_eq!(cal.props.get("VERSION").map(String::as_str), Some("2.0"));
    assert!(cal.props.contains_key("PRODID"));
    cal
}

fn utc(s: &str) -> DateTime<chrono::Utc> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .and_utc()
}

#[test]
fn the_ics_parses_back_to_the_same_items() {
    let json = items(&demo(&["agenda", "--days", "30", "--format", "json"]));
    let ics = demo(&["agenda", "--days", "30", "--format", "ics"]);
    let cal = parse_ics(ics.ok());
    assert_eq!(cal.props["X-WR-TIMEZONE"], "Asia/Shanghai");
    assert_eq!(cal.events.len(), json.len());
    let mut uids = BTreeSet::new();
    for (e, i) in cal.events.iter().zip(&json) {
        let uid = &e["UID"];
        assert!(uids.insert(uid.clone()), "UID {uid} twice");
        assert!(uid.starts_with(i["uid"].as_str().unwrap()), "{uid} vs {i}");
        assert_eq!(utc(&e["DTSTAMP"]), utc("20261123T013000Z"));
        if i["all_day"] == true {
            let day: NaiveDate = i["due"].as_str().unwrap().parse().unwrap();
            assert_eq!(e["DTSTART;VALUE=DATE"], day.format("%Y%m%d").to_string());
            assert_eq!(
                e["DTEND;VALUE=DATE"],
                day.succ_opt().unwrap().format("%Y%m%d").to_string()
            );
        } else {
            let due = DateTime::parse_from_rfc3339(i["due"].as_str().unwrap()).unwrap();
            assert_eq!(utc(&e["DTSTART"]), due);
            assert_eq!(
                utc(&e["DTEND"]) - utc(&e["DTSTART"]),
                chrono::Duration::minutes(30)
            );
        }
        let summary = unescape(&e["SUMMARY"]);
        assert!(
            summary.starts_with(i["label"].as_str().unwrap()),
            "{summary} vs {i}"
        );
        assert!(summary.contains(i["unit"].as_str().unwrap()), "{summary}");
        let description = unescape(&e["DESCRIPTION"]);
        assert!(
            description.starts_with(i["detail"].as_str().unwrap()),
            "{description}"
        );
        assert!(
            description.ends_with(i["late"].as_str().unwrap()),
            "{description}"
        );
        assert_eq!(e["CATEGORIES"], i["who"].as_str().unwrap());
    }
    // Tomorrow's file keeps the UIDs of what is still due: the calendar updates.
    let office = repo("records");
    let tomorrow = Test::empty().run(&[
        "--office",
        &office,
        "--now",
        "2026-11-24T08:00",
        "agenda",
        "--days",
        "29",
        "--format",
        "ics",
    ]);
    let next = parse_ics(tomorrow.ok());
    let next_uids: BTreeSet<&String> = next.events.iter().map(|e| &e["UID"]).collect();
    let refund = cal
        .events
        .iter()
        .find(|e| e["UID"].starts_with("moveout-refund-"))
        .unwrap();
    assert!(next_uids.contains(&refund["UID"]));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn daily(office: &Path, now: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .arg(repo("examples/daily.sh"))
        .env("PROPDESK", bin())
        .env("PROPDESK_OFFICE", office)
        .env("PROPDESK_NOW", now)
        .env("PROPDESK_USER", "cron")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn the_morning_script_runs_the_ladder_writes_each_roles_agenda_and_commits() {
    let t = Test::empty();
    let office = t.path().join("office");
    copy_dir(Path::new(&repo("records")), &office);
    git(&office, &["init", "-q"]);
    git(&office, &["add", "-A"]);
    git(&office, &["commit", "-q", "-m", "the office"]);
    let out = daily(&office, "2026-11-23T07:40:00+08:00");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The mail: today's agenda, most urgent first.
    assert!(stdout.contains("催缴审批"), "{stdout}");
    for role in ["desk", "engineering", "security", "finance", "manager"] {
        let file = office.join(format!("agenda/{role}.txt"));
        assert!(file.exists(), "{role}");
    }
    let engineering = std::fs::read_to_string(office.join("agenda/engineering.txt")).unwrap();
    assert!(
        engineering.contains("工程部") && !engineering.contains("财务部"),
        "{engineering}"
    );
    let cal = parse_ics(&std::fs::read_to_string(office.join("agenda/agenda.ics")).unwrap());
    assert!(!cal.events.is_empty());
    let log = git(&office, &["log", "--format=%s"]);
    assert!(
        log.starts_with("agenda: the morning lists of 2026-11-23\n"),
        "{log}"
    );
    assert!(log.contains("dunning run 2026-11-23"), "{log}");
    assert_eq!(git(&office, &["status", "--porcelain"]), "");
    // The records are still sound after the run.
    Test::empty()
        .run(&["--office", office.to_str().unwrap(), "check"])
        .ok();
    // Run again at the same clock (a retried cron job): nothing changes, no commit.
    let before = git(&office, &["rev-parse", "HEAD"]);
    let again = daily(&office, "2026-11-23T07:40:00+08:00");
    assert!(again.status.success());
    assert_eq!(git(&office, &["rev-parse", "HEAD"]), before);
}

#[test]
fn the_morning_script_is_silent_on_a_quiet_day() {
    let t = Test::office();
    git(t.path(), &["init", "-q"]);
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-q", "-m", "the office"]);
    let out = daily(t.path(), "2026-11-23T07:40:00+08:00");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(t.read("agenda/desk.txt"), "");
}
