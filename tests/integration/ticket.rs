//! `propdesk ticket`: repairs and work orders, complaints, inquiries and special
//! services, step by step as the desk types them, with their deadlines.
//!
//! Most tests start from A-1203 (100.00 m² office, tenant 李四) in a zh-CN office whose
//! price list has `replace-tap` (更换水龙头) at 80.00. The clock is Monday 2026-11-23
//! 09:30 unless a test pins another with `--now`; every step says when it happened with
//! `--at`. Default rules: response 10/15/30 minutes, general repairs by closing time
//! (18:00) of the 2nd working day, callback within 48 hours, complaint feedback within
//! 24 hours and a reply within 1 working day (phone, visit) or 3 (letter).

use serde_json::{Value, json};

use crate::common::*;
use crate::money::{Desk, assert_unchanged, snapshot};

const PRICES: &str = r#"prices = [{ item = "replace-tap", name = "更换水龙头", price = "80.00" }]"#;

/// A-1203 let to 李四, and the price list.
fn desk() -> Desk {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    edit_toml(&d, "prices = []", PRICES);
    d
}

fn edit_toml(t: &Test, from: &str, to: &str) {
    let toml = t.read("office.toml");
    assert!(toml.contains(from), "office.toml lacks {from:?}");
    t.write("office.toml", &toml.replacen(from, to, 1));
}

/// `propdesk --now NOW ARGS...`
fn at(t: &Test, now: &str, args: &[&str]) -> Run {
    let mut a = vec!["--now", now];
    a.extend_from_slice(args);
    t.run(&a)
}

/// A new ticket reported at `when` (clock `now`): unit A-1203 by phone unless `extra`
/// says otherwise. Returns its ID.
fn open(t: &Test, now: &str, kind: &str, category: &str, when: &str, extra: &[&str]) -> String {
    let out = report(t, now, kind, category, when, extra);
    let id = out.ok().trim().to_string();
    assert!(
        id.starts_with("T-") && !id.contains(char::is_whitespace),
        "{id}"
    );
    id
}

/// `ticket new` as [`open`] runs it, for tests of what it refuses or says.
fn report(t: &Test, now: &str, kind: &str, category: &str, when: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "--now",
        now,
        "ticket",
        "new",
        "--kind",
        kind,
        "--category",
        category,
        "--at",
        when,
        "--reporter",
        "王先生",
        "--description",
        "客户报告",
    ];
    if !extra.contains(&"--channel") {
        a.extend(["--channel", "phone"]);
    }
    if !extra.contains(&"--unit") && !extra.contains(&"--area") {
        a.extend(["--unit", "A-1203"]);
    }
    a.extend_from_slice(extra);
    t.run(&a)
}

/// `ticket VERB ID ARGS... --at WHEN` on clock `now`; asserts success, returns stdout.
fn step(t: &Test, now: &str, verb: &str, id: &str, when: &str, args: &[&str]) -> String {
    try_step(t, now, verb, id, when, args).ok().to_string()
}

fn try_step(t: &Test, now: &str, verb: &str, id: &str, when: &str, args: &[&str]) -> Run {
    let mut a = vec!["--now", now, "ticket", verb, id, "--at", when];
    a.extend_from_slice(args);
    t.run(&a)
}

fn show(t: &Test, now: &str, id: &str) -> Value {
    let out = at(t, now, &["--format", "json", "ticket", "show", id]);
    serde_json::from_str(out.ok()).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// One deadline of a shown ticket as "due | met | standing" ("-" for null).
fn deadline(v: &Value, clock: &str) -> String {
    let d = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["clock"] == clock)
        .unwrap_or_else(|| panic!("no {clock} deadline in {:#}", v["deadlines"]));
    let s = |k: &str| d[k].as_str().unwrap_or("-").to_string();
    format!("{} | {} | {}", s("due"), s("met"), s("standing"))
}

/// The clocks a shown ticket has.
fn clocks(v: &Value) -> Vec<&str> {
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["clock"].as_str().unwrap())
        .collect()
}

fn events(v: &Value) -> Vec<&str> {
    v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect()
}

fn ticket_file(t: &Test, id: &str) -> String {
    let d = &id[2..10];
    t.read(&format!("tickets/{}/{}/{id}.yaml", &d[..4], &d[4..6]))
}

fn ledger(t: &Test, now: &str) -> Value {
    json_of(&at(t, now, &["--format", "json", "ledger", "A-1203"]))["entries"].clone()
}

/// A repair reported 09:00 and worked through to the desk's callback on clock `now`.
fn called_back_repair(t: &Test, now: &str, category: &str) -> String {
    let id = open(t, now, "repair", category, "2026-11-23T09:00", &[]);
    step(
        t,
        now,
        "dispatch",
        &id,
        "2026-11-23T09:05",
        &["--technician", "李师傅"],
    );
    step(t, now, "arrive", &id, "2026-11-23T09:20", &[]);
    step(
        t,
        now,
        "finish",
        &id,
        "2026-11-23T10:00",
        &["--work", "换阀芯", "--signed-by", "王先生"],
    );
    step(t, now, "return", &id, "2026-11-23T10:30", &[]);
    step(
        t,
        now,
        "callback",
        &id,
        "2026-11-23T11:00",
        &["--method", "visit", "--satisfied"],
    );
    id
}

const LATER: &str = "2026-11-23T17:00";

// ---------------------------------------------------------------------------
// Each procedure's whole life
// ---------------------------------------------------------------------------

#[test]
fn a_repair_walks_from_new_to_closed_one_legal_step_at_a_time() {
    let t = desk();
    let now = LATER;
    let id = open(
        &t,
        now,
        "repair",
        "plumbing",
        "09:00",
        &["--phone", "13812345678"],
    );
    assert_eq!(
        ticket_file(&t, &id).lines().take(4).collect::<Vec<_>>(),
        [
            format!("id: {id}").as_str(),
            "kind: repair",
            "channel: phone",
            "status: new"
        ]
    );
    let steps: [(&str, &str, &[&str], &str, &str); 6] = [
        (
            "dispatch",
            "09:05",
            &["--technician", "李师傅"],
            "dispatched (已派工)",
            "dispatched",
        ),
        ("arrive", "09:20", &[], "on site (已到场)", "on-site"),
        (
            "finish",
            "10:00",
            &[
                "--work",
                "换阀芯",
                "--materials",
                "阀芯 1 个",
                "--signed-by",
                "王先生",
            ],
            "done (已完工)",
            "done",
        ),
        (
            "return",
            "10:30",
            &[],
            "returned to the desk (已回单)",
            "returned",
        ),
        (
            "callback",
            "15:00",
            &["--method", "phone", "--satisfied", "--score", "5"],
            "called back (已回访)",
            "called-back",
        ),
        ("close", "15:05", &[], "closed", "closed"),
    ];
    for (verb, when, args, said, status) in steps {
        assert_eq!(
            step(&t, now, verb, &id, when, args),
            format!("{id}: {said}\n"),
            "{verb}"
        );
        assert_eq!(show(&t, now, &id)["status"], status, "after {verb}");
    }
    let v = show(&t, now, &id);
    assert_eq!(
        events(&v),
        [
            "reported",
            "dispatched",
            "arrived",
            "finished",
            "returned",
            "called-back",
            "closed"
        ]
    );
    assert_eq!(v["technician"], "李师傅");
    assert_eq!(
        v["work"],
        json!({"done": "换阀芯", "materials": "阀芯 1 个", "signed_by": "王先生", "signer": "tenant"})
    );
    assert_eq!(v["callbacks"][0]["score"], 5);
    assert_eq!(v["phone"], "138****5678");
    // Every clock met; nothing was charged (no quote), so no ledger was opened.
    assert_eq!(clocks(&v), ["response", "completion", "return", "callback"]);
    for d in v["deadlines"].as_array().unwrap() {
        assert_eq!(d["standing"], "met", "{d}");
    }
    assert!(v.get("charged").is_none(), "{v:#}");
    assert!(!t.exists("ledger/A-1203/2026.yaml"));
}

#[test]
fn a_valid_complaint_is_assessed_fed_back_actioned_replied_called_back_and_signed_off() {
    let t = desk();
    let now = LATER;
    let id = open(
        &t,
        now,
        "complaint",
        "security",
        "09:00",
        &["--channel", "visit"],
    );
    let steps: [(&str, &str, &[&str], &str, &str); 6] = [
        (
            "assess",
            "09:10",
            &["--valid", "--department", "保安部", "--person", "刘队长"],
            "assessed (已转部门)",
            "assigned",
        ),
        (
            "feedback",
            "09:20",
            &["--note", "已致歉，转保安部"],
            "feedback recorded (已转部门)",
            "assigned",
        ),
        (
            "action",
            "14:00",
            &["--note", "加强夜间巡逻"],
            "action recorded (已处理)",
            "actioned",
        ),
        (
            "reply",
            "14:30",
            &["--note", "已加强巡逻"],
            "replied (已处理)",
            "actioned",
        ),
        (
            "callback",
            "16:00",
            &["--method", "phone", "--satisfied", "--score", "4"],
            "called back (已回访)",
            "called-back",
        ),
        (
            "sign-off",
            "16:30",
            &[],
            "signed off and closed (已关闭)",
            "closed",
        ),
    ];
    for (verb, when, args, said, status) in steps {
        // The manager signs the report.
        let mut a = vec!["--now", now];
        if verb == "sign-off" {
            a.extend(["--by", "张经理"]);
        }
        a.extend(["ticket", verb, &id, "--at", when]);
        a.extend_from_slice(args);
        assert_eq!(t.run(&a).ok(), format!("{id}: {said}\n"), "{verb}");
        assert_eq!(show(&t, now, &id)["status"], status, "after {verb}");
    }
    let v = show(&t, now, &id);
    assert_eq!(
        v["complaint"],
        json!({
            "valid": true,
            "department": "保安部",
            "person": "刘队长",
            "action": "加强夜间巡逻",
            "signed_off_by": "张经理"
        })
    );
    // The reply is the ticket's own (an inquiry has one too).
    assert_eq!(v["reply"], "已加强巡逻");
    assert_eq!(
        events(&v),
        [
            "reported",
            "accepted",
            "feedback",
            "action",
            "replied",
            "called-back",
            "signed-off"
        ]
    );
    assert_eq!(v["history"][6]["by"], "张经理");
    assert_eq!(clocks(&v), ["feedback", "reply", "callback"]);
    for d in v["deadlines"].as_array().unwrap() {
        assert_eq!(d["standing"], "met", "{d}");
    }
}

#[test]
fn an_inquiry_is_replied_to_then_closed_and_not_closed_before_its_reply() {
    let t = desk();
    let id = open(&t, LATER, "inquiry", "fees", "09:00", &[]);
    let err = try_step(&t, LATER, "close", &id, "09:05", &[])
        .fails(1)
        .to_string();
    assert!(
        err.contains(&format!("inquiry {id} has no reply recorded")),
        "{err}"
    );
    assert_eq!(
        step(
            &t,
            LATER,
            "reply",
            &id,
            "09:10",
            &["--note", "物业费按月缴纳"]
        ),
        format!("{id}: replied (新建)\n")
    );
    assert_eq!(
        step(&t, LATER, "close", &id, "09:15", &[]),
        format!("{id}: closed\n")
    );
    let v = show(&t, LATER, &id);
    assert_eq!(v["status"], "closed");
    assert_eq!(events(&v), ["reported", "replied", "closed"]);
    assert_eq!(
        deadline(&v, "reply"),
        "2026-11-24T18:00:00+08:00 | 2026-11-23T09:10:00+08:00 | met"
    );
    assert!(
        v.get("priority").is_none() && v.get("grade").is_none(),
        "{v:#}"
    );
}

#[test]
fn an_invalid_complaint_is_explained_and_closed_at_the_desk() {
    let t = desk();
    let id = open(&t, LATER, "complaint", "water-outage", "09:00", &[]);
    // --invalid needs the explanation given to the tenant.
    let err = try_step(&t, LATER, "assess", &id, "09:05", &["--invalid"])
        .fails(2)
        .to_string();
    assert!(err.contains("--explanation"), "{err}");
    assert_eq!(
        step(
            &t,
            LATER,
            "assess",
            &id,
            "09:05",
            &["--invalid", "--explanation", "属市政停水，已解释"]
        ),
        format!("{id}: assessed (已解释)\n")
    );
    // An explained complaint goes to no department: no action, no sign-off.
    let err = try_step(&t, LATER, "action", &id, "09:06", &["--note", "x"])
        .fails(1)
        .to_string();
    assert!(err.contains("allowed now: close, feedback"), "{err}");
    assert_eq!(
        step(&t, LATER, "close", &id, "09:10", &[]),
        format!("{id}: closed\n")
    );
    let v = show(&t, LATER, &id);
    assert_eq!(v["status"], "closed");
    assert_eq!(
        v["complaint"],
        json!({"valid": false, "explanation": "属市政停水，已解释"})
    );
    // The explanation is the feedback and the reply.
    assert_eq!(
        deadline(&v, "reply"),
        "2026-11-24T18:00:00+08:00 | 2026-11-23T09:05:00+08:00 | met"
    );
    assert_eq!(
        deadline(&v, "feedback"),
        "2026-11-24T09:00:00+08:00 | 2026-11-23T09:05:00+08:00 | met"
    );
}

// ---------------------------------------------------------------------------
// Illegal steps
// ---------------------------------------------------------------------------

#[test]
fn an_illegal_step_exits_1_naming_the_status_and_the_allowed_steps_and_writes_nothing() {
    let t = desk();
    let repair = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let complaint = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    step(
        &t,
        LATER,
        "dispatch",
        &repair,
        "09:05",
        &["--technician", "李师傅"],
    );
    step(
        &t,
        LATER,
        "assess",
        &complaint,
        "09:05",
        &["--valid", "--department", "保安部", "--person", "刘队长"],
    );
    let cases: [(&str, &str, &[&str], String); 6] = [
        (
            "finish",
            &repair,
            &["--work", "x", "--signed-by", "王"],
            format!(
                "error: cannot finish ticket {repair}: it is dispatched (repair); allowed now: dispatch, arrive, pause, quote, shelve, dead, unreasonable, feedback\n"
            ),
        ),
        (
            "close",
            &repair,
            &[],
            format!("error: cannot close ticket {repair}: it is dispatched (repair);"),
        ),
        (
            "callback",
            &repair,
            &["--method", "phone", "--satisfied"],
            format!("error: cannot callback ticket {repair}: it is dispatched (repair);"),
        ),
        (
            "sign-off",
            &complaint,
            &[],
            format!(
                "error: cannot sign-off ticket {complaint}: it is assigned (complaint); allowed now: action, reply, feedback\n"
            ),
        ),
        (
            "dispatch",
            &complaint,
            &["--technician", "李师傅"],
            format!("error: cannot dispatch ticket {complaint}: it is assigned (complaint);"),
        ),
        (
            "assess",
            &repair,
            &["--valid", "--department", "工程部", "--person", "赵"],
            format!("error: cannot assess ticket {repair}: it is dispatched (repair);"),
        ),
    ];
    for (verb, id, args, message) in cases {
        let before = snapshot(&t);
        let err = try_step(&t, LATER, verb, id, "10:00", args)
            .fails(1)
            .to_string();
        assert!(err.starts_with(&message), "{verb}: {err}");
        assert!(err.contains("allowed now: "), "{verb}: {err}");
        assert_unchanged(&before, &t);
    }
}

#[test]
fn a_closed_ticket_allows_only_feedback() {
    let t = desk();
    let id = open(&t, LATER, "inquiry", "fees", "09:00", &[]);
    step(&t, LATER, "reply", &id, "09:10", &["--note", "已答复"]);
    step(&t, LATER, "close", &id, "09:15", &[]);
    let before = snapshot(&t);
    let err = try_step(&t, LATER, "reply", &id, "09:20", &["--note", "again"])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        format!("error: cannot reply ticket {id}: it is closed (inquiry); allowed now: feedback\n")
    );
    assert_unchanged(&before, &t);
    step(
        &t,
        LATER,
        "feedback",
        &id,
        "09:25",
        &["--note", "客户来电致谢"],
    );
}

// ---------------------------------------------------------------------------
// Deadlines, with a pinned clock
// ---------------------------------------------------------------------------

#[test]
fn response_is_due_10_15_and_30_minutes_after_the_report_by_priority() {
    let t = desk();
    let now = "2026-11-23T09:30";
    let xu = open(
        &t,
        now,
        "repair",
        "electrical",
        "09:00",
        &["--priority", "extra-urgent"],
    );
    let u = open(
        &t,
        now,
        "repair",
        "plumbing",
        "09:00",
        &["--priority", "urgent"],
    );
    let n = open(&t, now, "repair", "plumbing", "09:00", &[]);
    // On the minute is in time; a minute late is late.
    step(&t, now, "dispatch", &xu, "09:01", &["--technician", "李"]);
    step(&t, now, "arrive", &xu, "09:10", &[]);
    step(&t, now, "dispatch", &u, "09:01", &["--technician", "李"]);
    step(&t, now, "arrive", &u, "09:16", &[]);
    assert_eq!(
        deadline(&show(&t, now, &xu), "response"),
        "2026-11-23T09:10:00+08:00 | 2026-11-23T09:10:00+08:00 | met"
    );
    assert_eq!(
        deadline(&show(&t, now, &u), "response"),
        "2026-11-23T09:15:00+08:00 | 2026-11-23T09:16:00+08:00 | late"
    );
    // Normal: due 09:30, and it is 09:30: not yet breached.
    let v = show(&t, now, &n);
    assert_eq!(v["priority"], "normal");
    assert_eq!(
        deadline(&v, "response"),
        "2026-11-23T09:30:00+08:00 | - | due-soon"
    );
    assert_eq!(
        deadline(&show(&t, "2026-11-23T09:31", &n), "response"),
        "2026-11-23T09:30:00+08:00 | - | overdue"
    );
    let table = at(&t, now, &["ticket", "show", &u]);
    assert!(
        table.ok().contains("到场响应 2026-11-23 09:15 — 超时 1分"),
        "{}",
        table.stdout
    );
}

#[test]
fn an_extra_urgent_report_at_2355_is_due_at_0005_the_next_day() {
    let t = desk();
    let now = "2026-11-23T09:30";
    let id = open(
        &t,
        now,
        "repair",
        "electrical",
        "2026-11-22T23:55",
        &["--priority", "extra-urgent"],
    );
    let v = show(&t, now, &id);
    assert_eq!(
        deadline(&v, "response"),
        "2026-11-23T00:05:00+08:00 | - | overdue"
    );
    // Reported on a Sunday night: completion counts from Monday, 2 working days.
    assert_eq!(
        deadline(&v, "completion"),
        "2026-11-25T18:00:00+08:00 | - | pending"
    );
    step(
        &t,
        now,
        "dispatch",
        &id,
        "2026-11-22T23:58",
        &["--technician", "值班电工"],
    );
    step(&t, now, "arrive", &id, "2026-11-23T00:04", &[]);
    assert_eq!(
        deadline(&show(&t, now, &id), "response"),
        "2026-11-23T00:05:00+08:00 | 2026-11-23T00:04:00+08:00 | met"
    );
}

#[test]
fn a_general_repair_reported_on_friday_is_due_at_closing_on_tuesday() {
    let t = desk();
    let now = "2026-11-24T17:00";
    let id = open(&t, now, "repair", "plumbing", "2026-11-20T10:00", &[]);
    assert_eq!(
        deadline(&show(&t, now, &id), "completion"),
        "2026-11-24T18:00:00+08:00 | - | due-soon"
    );
    step(
        &t,
        now,
        "dispatch",
        &id,
        "2026-11-20T10:05",
        &["--technician", "李"],
    );
    step(&t, now, "arrive", &id, "2026-11-20T10:20", &[]);
    step(
        &t,
        now,
        "finish",
        &id,
        "2026-11-24T16:00",
        &["--work", "换管", "--signed-by", "王"],
    );
    let v = show(&t, now, &id);
    assert_eq!(
        deadline(&v, "completion"),
        "2026-11-24T18:00:00+08:00 | 2026-11-24T16:00:00+08:00 | met"
    );
    // Reported on Friday after closing (18:30): it counts from Monday.
    let late = open(&t, now, "repair", "plumbing", "2026-11-20T18:30", &[]);
    assert_eq!(
        deadline(&show(&t, now, &late), "completion"),
        "2026-11-25T18:00:00+08:00 | - | pending"
    );
}

#[test]
fn holidays_and_a_make_up_saturday_move_completion_deadlines() {
    let t = desk();
    edit_toml(
        &t,
        "holidays = []",
        r#"holidays = ["2026-10-01..2026-10-07"]"#,
    );
    edit_toml(&t, "makeup_days = []", r#"makeup_days = ["2026-10-10"]"#);
    let now = "2026-10-12T09:00";
    // Wednesday before the National Day week: day 1 and 2 are the 8th and 9th.
    let before = open(&t, now, "repair", "plumbing", "2026-09-30T10:00", &[]);
    // Friday the 9th: the make-up Saturday is working day 1, Monday day 2.
    let friday = open(&t, now, "repair", "plumbing", "2026-10-09T10:00", &[]);
    // A minor repair on the make-up Saturday is due that day; one on a holiday is
    // due on the first working day after it.
    let saturday = open(
        &t,
        now,
        "repair",
        "plumbing",
        "2026-10-10T10:00",
        &["--grade", "minor"],
    );
    let holiday = open(
        &t,
        now,
        "repair",
        "plumbing",
        "2026-10-03T10:00",
        &["--grade", "minor"],
    );
    for (id, due) in [
        (&before, "2026-10-09T18:00:00+08:00"),
        (&friday, "2026-10-12T18:00:00+08:00"),
        (&saturday, "2026-10-10T18:00:00+08:00"),
        (&holiday, "2026-10-08T18:00:00+08:00"),
    ] {
        let d = deadline(&show(&t, now, id), "completion");
        assert!(d.starts_with(due), "{id}: {d}");
    }
    // A letter complaint on the 30th: three working days are the 8th, 9th and 10th.
    let letter = open(
        &t,
        now,
        "complaint",
        "noise",
        "2026-09-30T10:00",
        &["--channel", "letter"],
    );
    assert_eq!(
        deadline(&show(&t, now, &letter), "reply"),
        "2026-10-10T18:00:00+08:00 | - | overdue"
    );
}

#[test]
fn a_phone_complaint_on_friday_afternoon_answered_on_tuesday_is_late_against_monday() {
    let t = desk();
    let now = "2026-11-24T10:00";
    let id = open(&t, now, "complaint", "noise", "2026-11-20T15:00", &[]);
    let v = show(&t, now, &id);
    assert_eq!(
        deadline(&v, "reply"),
        "2026-11-23T18:00:00+08:00 | - | overdue"
    );
    assert_eq!(
        deadline(&v, "feedback"),
        "2026-11-21T15:00:00+08:00 | - | overdue"
    );
    step(
        &t,
        now,
        "reply",
        &id,
        "2026-11-24T09:30",
        &["--note", "已协调楼上住户"],
    );
    let v = show(&t, now, &id);
    assert_eq!(
        deadline(&v, "reply"),
        "2026-11-23T18:00:00+08:00 | 2026-11-24T09:30:00+08:00 | late"
    );
    let table = at(&t, now, &["ticket", "show", &id]);
    assert!(
        table
            .ok()
            .contains("答复 2026-11-23 18:00 — 超时 15小时 30分"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_letter_complaint_has_three_working_days_and_a_visit_one() {
    let t = desk();
    let now = "2026-11-23T09:30";
    let letter = open(
        &t,
        now,
        "complaint",
        "noise",
        "2026-11-20T15:00",
        &["--channel", "letter"],
    );
    let visit = open(
        &t,
        now,
        "complaint",
        "parking",
        "2026-11-20T15:00",
        &["--channel", "visit"],
    );
    assert_eq!(
        deadline(&show(&t, now, &letter), "reply"),
        "2026-11-25T18:00:00+08:00 | - | pending"
    );
    assert_eq!(
        deadline(&show(&t, now, &visit), "reply"),
        "2026-11-23T18:00:00+08:00 | - | due-soon"
    );
}

#[test]
fn the_callback_is_due_48_hours_after_the_finish_and_the_return_next_working_day() {
    let t = desk();
    let now = LATER;
    let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
    step(&t, now, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, now, "arrive", &id, "09:20", &[]);
    step(
        &t,
        now,
        "finish",
        &id,
        "10:00",
        &["--work", "换阀芯", "--signed-by", "王"],
    );
    let v = show(&t, now, &id);
    assert_eq!(clocks(&v), ["response", "completion", "return", "callback"]);
    assert_eq!(
        deadline(&v, "callback"),
        "2026-11-25T10:00:00+08:00 | - | pending"
    );
    assert_eq!(
        deadline(&v, "return"),
        "2026-11-24T18:00:00+08:00 | - | pending"
    );
    step(&t, now, "return", &id, "10:30", &[]);
    // Called back on Wednesday at 10:01: one minute late.
    let wed = "2026-11-25T12:00";
    step(
        &t,
        wed,
        "callback",
        &id,
        "2026-11-25T10:01",
        &["--method", "phone", "--satisfied"],
    );
    assert_eq!(
        deadline(&show(&t, wed, &id), "callback"),
        "2026-11-25T10:00:00+08:00 | 2026-11-25T10:01:00+08:00 | late"
    );
    // An extra-urgent order returns to the desk the same working day.
    let xu = open(
        &t,
        now,
        "repair",
        "electrical",
        "11:00",
        &["--priority", "extra-urgent"],
    );
    step(&t, now, "dispatch", &xu, "11:01", &["--technician", "李"]);
    step(&t, now, "arrive", &xu, "11:05", &[]);
    step(
        &t,
        now,
        "finish",
        &xu,
        "12:00",
        &["--work", "复位", "--signed-by", "王"],
    );
    assert_eq!(
        deadline(&show(&t, now, &xu), "return"),
        "2026-11-23T18:00:00+08:00 | - | due-soon"
    );
}

#[test]
fn a_pause_for_no_access_moves_the_deadlines_by_its_length() {
    let t = desk();
    let now = "2026-11-23T12:00";
    let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
    step(&t, now, "dispatch", &id, "09:02", &["--technician", "李"]);
    assert_eq!(
        step(&t, now, "pause", &id, "09:10", &["--reason", "no-access"]),
        format!("{id}: paused (已派工（暂停）)\n")
    );
    assert_eq!(
        step(&t, now, "resume", &id, "09:40", &["--note", "客户回来了"]),
        format!("{id}: resumed (已派工)\n")
    );
    let v = show(&t, now, &id);
    assert_eq!(v["paused"], false);
    // 30 minutes paused: response 09:30 -> 10:00, completion 18:00 -> 18:30.
    assert_eq!(
        deadline(&v, "response"),
        "2026-11-23T10:00:00+08:00 | - | overdue"
    );
    assert_eq!(
        deadline(&v, "completion"),
        "2026-11-25T18:30:00+08:00 | - | pending"
    );
    step(&t, now, "arrive", &id, "09:55", &[]);
    assert_eq!(
        deadline(&show(&t, now, &id), "response"),
        "2026-11-23T10:00:00+08:00 | 2026-11-23T09:55:00+08:00 | met"
    );
}

#[test]
fn an_open_pause_shows_the_clocks_paused_and_refuses_work_until_resumed() {
    let t = desk();
    let now = "2026-11-23T12:00";
    let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
    step(&t, now, "dispatch", &id, "09:02", &["--technician", "李"]);
    step(&t, now, "pause", &id, "09:10", &["--reason", "客户不在家"]);
    let v = show(&t, now, &id);
    assert_eq!(v["paused"], true);
    assert_eq!(v["status"], "dispatched");
    assert_eq!(deadline(&v, "response"), "- | - | paused");
    assert_eq!(deadline(&v, "completion"), "- | - | paused");
    let table = at(&t, now, &["ticket", "show", &id]).ok().to_string();
    assert!(table.contains("到场响应 - — 暂停计时"), "{table}");
    // Paused tickets are not overdue.
    assert_eq!(at(&t, now, &["ticket", "--overdue"]).ok(), "");
    let before = snapshot(&t);
    let err = try_step(&t, now, "arrive", &id, "11:00", &[])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        format!(
            "error: cannot arrive ticket {id}: it is dispatched (repair, paused: waiting on the tenant); allowed now: resume, quote, shelve, dead, unreasonable, feedback\n"
        )
    );
    assert_unchanged(&before, &t);
}

// ---------------------------------------------------------------------------
// The overdue list
// ---------------------------------------------------------------------------

#[test]
fn overdue_lists_breached_and_about_to_breach_deadlines_earliest_first() {
    let t = desk();
    // 09:30: a normal repair reported at 08:00 is 1 hour late on site; an urgent one
    // reported at 09:20 is due at 09:35; a complaint's clocks run to tomorrow.
    let late = open(&t, NOW, "repair", "plumbing", "08:00", &[]);
    let soon = open(
        &t,
        NOW,
        "repair",
        "electrical",
        "09:20",
        &["--priority", "urgent"],
    );
    let _later = open(
        &t,
        NOW,
        "complaint",
        "noise",
        "09:25",
        &["--channel", "visit"],
    );
    let out = t.run(&["--format", "json", "ticket", "--overdue"]);
    assert_eq!(
        json_of(&out),
        json!([
            {"id": late, "kind": "repair", "place": "A-1203", "deadline": "response",
             "due": "2026-11-23T08:30:00+08:00", "standing": "overdue", "status": "new"},
            {"id": soon, "kind": "repair", "place": "A-1203", "deadline": "response",
             "due": "2026-11-23T09:35:00+08:00", "standing": "due-soon", "status": "new"},
        ])
    );
    let table = t.run(&["ticket", "--overdue"]).ok().to_string();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(
        rows[0].contains(&late) && rows[0].contains("已超时 1小时 0分"),
        "{table}"
    );
    assert!(
        rows[1].contains(&soon) && rows[1].contains("剩余 5分"),
        "{table}"
    );
    // Arriving meets the clock: it leaves the list.
    step(&t, NOW, "dispatch", &late, "09:28", &["--technician", "李"]);
    step(&t, NOW, "arrive", &late, "09:29", &[]);
    let out = t.run(&["--format", "json", "ticket", "--overdue"]);
    assert_eq!(json_of(&out).as_array().unwrap().len(), 1);
}

#[test]
fn overdue_prints_nothing_and_exits_0_when_nothing_is_due() {
    let t = desk();
    let out = t.run(&["ticket", "--overdue"]);
    assert_eq!(out.ok(), "");
    // A complaint reported this morning is due tomorrow: nothing yet.
    open(
        &t,
        NOW,
        "complaint",
        "noise",
        "09:00",
        &["--channel", "letter"],
    );
    let out = t.run(&["ticket", "--overdue"]);
    assert_eq!(out.ok(), "");
    assert_eq!(out.stderr, "");
}

#[test]
fn the_list_shows_open_tickets_and_filters_by_kind_status_and_unit() {
    let t = desk();
    let tenant = t.tenant("王五", &[]);
    t.unit("B-101", "50.00", "shop", Some(&tenant));
    let repair = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let shop = open(
        &t,
        LATER,
        "repair",
        "electrical",
        "09:00",
        &["--unit", "B-101"],
    );
    let complaint = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    let closed = open(&t, LATER, "inquiry", "fees", "09:00", &[]);
    step(&t, LATER, "reply", &closed, "09:10", &["--note", "ok"]);
    step(&t, LATER, "close", &closed, "09:15", &[]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--now", LATER, "--format", "json", "ticket"];
        a.extend_from_slice(args);
        let v = json_of(&t.run(&a));
        let mut ids: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<&String>| {
        v.sort();
        v.into_iter().cloned().collect::<Vec<String>>()
    };
    assert_eq!(ids(&[]), sorted(vec![&repair, &shop, &complaint]));
    assert_eq!(
        ids(&["--all"]),
        sorted(vec![&repair, &shop, &complaint, &closed])
    );
    assert_eq!(ids(&["--kind", "repair"]), sorted(vec![&repair, &shop]));
    assert_eq!(ids(&["--status", "closed"]), vec![closed.clone()]);
    assert_eq!(ids(&["--unit", "b-101"]), vec![shop.clone()]);
    assert_eq!(
        ids(&["list", "--kind", "complaint"]),
        vec![complaint.clone()]
    );
    let v = json_of(&at(
        &t,
        LATER,
        &["--format", "json", "ticket", "--kind", "complaint"],
    ));
    assert_eq!(
        v[0]["next"],
        json!({"deadline": "feedback", "due": "2026-11-24T09:00:00+08:00", "standing": "pending"})
    );
}

// ---------------------------------------------------------------------------
// Chargeable work: quote and consent
// ---------------------------------------------------------------------------

#[test]
fn a_quoted_repair_is_not_finished_before_the_tenants_consent() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    assert_eq!(
        step(&t, LATER, "quote", &id, "09:25", &["--item", "replace-tap"]),
        format!("{id}: quoted (已到场)\n")
    );
    let before = snapshot(&t);
    let err = try_step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "换龙头", "--signed-by", "王"],
    )
    .fails(1)
    .to_string();
    assert_eq!(
        err,
        format!(
            "error: cannot finish ticket {id}: the quote of 80.00 has no consent yet; record the tenant's consent first (`propdesk ticket consent {id} --signer NAME`)\n"
        )
    );
    assert_unchanged(&before, &t);
    assert_eq!(
        step(&t, LATER, "consent", &id, "09:30", &["--signer", "王先生"]),
        format!("{id}: consent recorded (已到场)\n")
    );
    step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "换龙头", "--signed-by", "王"],
    );
    let v = show(&t, LATER, &id);
    assert_eq!(v["consent"], "王先生");
    assert_eq!(v["status"], "done");
}

#[test]
fn a_repair_without_a_quote_needs_no_consent_and_consent_needs_a_quote() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let err = try_step(&t, LATER, "consent", &id, "09:01", &["--signer", "王"])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        format!("error: ticket {id} has no quote to agree to\n")
    );
}

#[test]
fn a_special_service_is_not_dispatched_before_a_quote_and_the_consent() {
    let t = desk();
    let id = open(
        &t,
        LATER,
        "special-service",
        "cleaning",
        "09:00",
        &["--channel", "visit"],
    );
    let before = snapshot(&t);
    let err = try_step(&t, LATER, "dispatch", &id, "09:01", &["--technician", "张"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(&format!("ticket {id} is a special service: quote it first")),
        "{err}"
    );
    assert_unchanged(&before, &t);
    step(
        &t,
        LATER,
        "quote",
        &id,
        "09:02",
        &[
            "--item",
            "保洁（小时）",
            "--qty",
            "3",
            "--price",
            "60",
            "--priced-by",
            "赵主管",
        ],
    );
    let before = snapshot(&t);
    let err = try_step(&t, LATER, "dispatch", &id, "09:03", &["--technician", "张"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("the quote of 180.00 has no consent yet"),
        "{err}"
    );
    assert_unchanged(&before, &t);
    step(&t, LATER, "consent", &id, "09:04", &["--signer", "王先生"]);
    assert_eq!(
        step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "张"]),
        format!("{id}: dispatched (已派工)\n")
    );
    // A special service is always a unit's: not for a public area.
    let err = report(
        &t,
        NOW,
        "special-service",
        "cleaning",
        "09:00",
        &["--channel", "visit", "--area", "大堂"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("a special service is paid by a unit: give --unit"),
        "{err}"
    );
}

#[test]
fn an_item_off_the_list_needs_the_supervisors_price_and_a_list_item_takes_the_list_price() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let before = snapshot(&t);
    let err = try_step(&t, LATER, "quote", &id, "09:05", &["--item", "new-sink"])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: \"new-sink\" is not on the price list (replace-tap); an item off the list needs the engineering supervisor's price: --price AMOUNT --priced-by NAME\n"
    );
    // --price and --priced-by come together.
    let err = try_step(
        &t,
        LATER,
        "quote",
        &id,
        "09:05",
        &["--item", "new-sink", "--price", "300"],
    )
    .fails(2)
    .to_string();
    assert!(err.contains("--priced-by"), "{err}");
    let err = try_step(
        &t,
        LATER,
        "quote",
        &id,
        "09:05",
        &["--item", "replace-tap", "--price", "1", "--priced-by", "赵"],
    )
    .fails(1)
    .to_string();
    assert_eq!(
        err,
        "error: \"replace-tap\" is on the price list at 80.00: quote it without --price\n"
    );
    assert_unchanged(&before, &t);
    step(
        &t,
        LATER,
        "quote",
        &id,
        "09:06",
        &["--item", "replace-tap", "--qty", "2"],
    );
    step(
        &t,
        LATER,
        "quote",
        &id,
        "09:07",
        &[
            "--item",
            "面盆",
            "--price",
            "350.50",
            "--priced-by",
            "赵主管",
        ],
    );
    let v = show(&t, LATER, &id);
    assert_eq!(
        v["quote"],
        json!([
            {"item": "replace-tap", "name": "更换水龙头", "quantity": 2, "price": "80.00"},
            {"item": "面盆", "name": "面盆", "quantity": 1, "price": "350.50", "priced_by": "赵主管"},
        ])
    );
    let table = at(&t, LATER, &["ticket", "show", &id]).ok().to_string();
    assert!(table.contains("报价合计   510.50"), "{table}");
    assert!(table.contains("面盆 x1 @ 350.50 (赵主管)"), "{table}");
}

#[test]
fn another_quote_line_clears_the_consent_and_needs_it_again() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    step(&t, LATER, "quote", &id, "09:25", &["--item", "replace-tap"]);
    step(&t, LATER, "consent", &id, "09:26", &["--signer", "王先生"]);
    let err = try_step(&t, LATER, "consent", &id, "09:27", &["--signer", "王先生"])
        .fails(1)
        .to_string();
    assert!(err.contains("already agreed to by 王先生"), "{err}");
    step(
        &t,
        LATER,
        "quote",
        &id,
        "09:30",
        &[
            "--item",
            "阀芯",
            "--price",
            "15.50",
            "--priced-by",
            "赵主管",
        ],
    );
    let v = show(&t, LATER, &id);
    assert!(v.get("consent").is_none_or(Value::is_null), "{v:#}");
    let err = try_step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "x", "--signed-by", "王"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("the quote of 95.50 has no consent yet"),
        "{err}"
    );
    step(&t, LATER, "consent", &id, "09:35", &["--signer", "王先生"]);
    step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "x", "--signed-by", "王"],
    );
}

#[test]
fn public_area_work_is_not_quoted_to_a_tenant() {
    let t = desk();
    let id = open(
        &t,
        LATER,
        "repair",
        "lighting",
        "09:00",
        &["--area", "大堂"],
    );
    let err = try_step(&t, LATER, "quote", &id, "09:05", &["--item", "replace-tap"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("public-area work is not charged to a tenant"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// The fee charged on close
// ---------------------------------------------------------------------------

/// A repair quoted replace-tap x1 and consented, worked and called back.
fn chargeable_repair(t: &Test, now: &str) -> String {
    let id = open(t, now, "repair", "plumbing", "2026-11-23T09:00", &[]);
    step(
        t,
        now,
        "dispatch",
        &id,
        "2026-11-23T09:05",
        &["--technician", "李"],
    );
    step(t, now, "arrive", &id, "2026-11-23T09:20", &[]);
    step(
        t,
        now,
        "quote",
        &id,
        "2026-11-23T09:25",
        &["--item", "replace-tap"],
    );
    step(
        t,
        now,
        "consent",
        &id,
        "2026-11-23T09:26",
        &["--signer", "王先生"],
    );
    step(
        t,
        now,
        "finish",
        &id,
        "2026-11-23T10:00",
        &["--work", "换龙头", "--signed-by", "王"],
    );
    step(t, now, "return", &id, "2026-11-23T10:30", &[]);
    step(
        t,
        now,
        "callback",
        &id,
        "2026-11-23T11:00",
        &["--method", "phone", "--satisfied"],
    );
    id
}

#[test]
fn closing_a_chargeable_repair_charges_the_quote_due_on_next_months_due_day() {
    let t = desk();
    let id = chargeable_repair(&t, LATER);
    assert_eq!(
        step(&t, LATER, "close", &id, "11:05", &[]),
        format!("{id}: closed\n{id}: 80.00 charged to A-1203 (ledger entry 1)\n")
    );
    let l = ledger(&t, LATER);
    assert_eq!(l.as_array().unwrap().len(), 1, "{l:#}");
    let e = &l[0];
    assert_eq!(e["kind"], "charge");
    assert_eq!(e["item"], "repair-fee");
    assert_eq!(e["debit"], "80.00");
    assert_eq!(e["ref"], id.as_str());
    assert_eq!(e["due"], "2026-12-15");
    assert_eq!(e["date"], "2026-11-23");
    assert_eq!(e["for"], format!("有偿维修费 {id}：更换水龙头 x1"));
    let v = show(&t, LATER, &id);
    assert_eq!(v["charged"], 1);
    assert_eq!(events(&v).last(), Some(&"charged"));
    t.run(&["check"]).ok();
}

#[test]
fn closing_a_special_service_charges_a_special_service_fee() {
    let t = desk();
    let id = open(
        &t,
        LATER,
        "special-service",
        "cleaning",
        "09:00",
        &["--channel", "visit"],
    );
    step(
        &t,
        LATER,
        "quote",
        &id,
        "09:01",
        &[
            "--item",
            "保洁（小时）",
            "--qty",
            "3",
            "--price",
            "60",
            "--priced-by",
            "赵主管",
        ],
    );
    step(&t, LATER, "quote", &id, "09:02", &["--item", "replace-tap"]);
    step(&t, LATER, "consent", &id, "09:03", &["--signer", "王先生"]);
    step(&t, LATER, "dispatch", &id, "09:04", &["--technician", "张"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    step(
        &t,
        LATER,
        "finish",
        &id,
        "12:00",
        &["--work", "保洁三小时", "--signed-by", "王先生"],
    );
    step(&t, LATER, "return", &id, "12:10", &[]);
    step(
        &t,
        LATER,
        "callback",
        &id,
        "14:00",
        &["--method", "phone", "--satisfied"],
    );
    assert_eq!(
        step(&t, LATER, "close", &id, "14:05", &[]),
        format!("{id}: closed\n{id}: 260.00 charged to A-1203 (ledger entry 1)\n")
    );
    let e = &ledger(&t, LATER)[0];
    assert_eq!(e["item"], "special-service");
    assert_eq!(e["debit"], "260.00");
    assert_eq!(e["ref"], id.as_str());
    assert_eq!(e["due"], "2026-12-15");
    assert_eq!(
        e["for"],
        format!("特约服务费 {id}：保洁（小时） x3、更换水龙头 x1")
    );
    // Booked with the tenant: no response or completion clock, but the order returns
    // and the tenant is called back.
    assert_eq!(clocks(&show(&t, LATER, &id)), ["return", "callback"]);
}

#[test]
fn a_closed_ticket_is_not_closed_or_charged_twice() {
    let t = desk();
    let id = chargeable_repair(&t, LATER);
    step(&t, LATER, "close", &id, "11:05", &[]);
    let before = snapshot(&t);
    let err = try_step(&t, LATER, "close", &id, "11:06", &[])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        format!("error: cannot close ticket {id}: it is closed (repair); allowed now: feedback\n")
    );
    assert_unchanged(&before, &t);
    assert_eq!(ledger(&t, LATER).as_array().unwrap().len(), 1);
}

#[test]
fn the_due_day_follows_the_office_billing_due_day() {
    let t = desk();
    edit_toml(&t, "due_day = 15", "due_day = 10");
    let id = chargeable_repair(&t, LATER);
    step(&t, LATER, "close", &id, "11:05", &[]);
    assert_eq!(ledger(&t, LATER)[0]["due"], "2026-12-10");
}

#[test]

fn a_fee_closed_on_the_last_day_of_the_month_belongs_to_that_month_everywhere() {
    // Closed --at 2026-11-30 16:00, typed in on 2026-12-01: the ledger entry is dated
    // 2026-12-01 and due 2027-01-15, but `ticket stats --month 2026-11` counts the
    // 80.00 as November revenue (and December's stats do not).
    let t = desk();
    let now = "2026-12-01T09:00";
    let id = chargeable_repair(&t, now);
    step(&t, now, "close", &id, "2026-11-30T16:00", &[]);
    let e = &ledger(&t, now)[0];
    let nov = json_of(&at(
        &t,
        now,
        &["--format", "json", "ticket", "stats", "--month", "2026-11"],
    ));
    let dec = json_of(&at(
        &t,
        now,
        &["--format", "json", "ticket", "stats", "--month", "2026-12"],
    ));
    // Whichever month it is, the ledger and the figures agree on it.
    let month = e["date"].as_str().unwrap()[..7].to_string();
    let (counted_in, other) = if month == "2026-11" {
        (&nov, &dec)
    } else {
        (&dec, &nov)
    };
    assert_eq!(counted_in["repair_revenue"], "80.00", "ledger entry {e}");
    assert_eq!(other["repair_revenue"], "0.00", "ledger entry {e}");
}

// ---------------------------------------------------------------------------
// Shelved, dead, unreasonable
// ---------------------------------------------------------------------------

#[test]
fn shelve_dead_and_unreasonable_need_a_reason() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let before = snapshot(&t);
    for verb in ["shelve", "dead", "unreasonable"] {
        let err = try_step(&t, LATER, verb, &id, "09:05", &[])
            .fails(2)
            .to_string();
        assert!(err.contains("--reason"), "{verb}: {err}");
        let err = try_step(&t, LATER, verb, &id, "09:05", &["--reason", "  "])
            .fails(1)
            .to_string();
        assert_eq!(err, "error: the reason is empty\n", "{verb}");
    }
    assert_unchanged(&before, &t);
}

#[test]
fn a_set_aside_ticket_shows_a_reason_deadline_until_the_feedback_is_recorded() {
    let t = desk();
    let now = LATER;
    for (verb, status, said) in [
        ("shelve", "shelved", "shelved (搁置)"),
        ("dead", "dead", "declared dead (死单)"),
        (
            "unreasonable",
            "unreasonable",
            "declared unreasonable (不合理)",
        ),
    ] {
        let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
        step(&t, now, "dispatch", &id, "09:05", &["--technician", "李"]);
        assert_eq!(
            step(&t, now, verb, &id, "10:00", &["--reason", "需更换整体管道"]),
            format!("{id}: {said}\n")
        );
        let v = show(&t, now, &id);
        assert_eq!(v["status"], status);
        assert_eq!(v["reason"], "需更换整体管道");
        assert_eq!(
            deadline(&v, "reason"),
            "2026-11-24T10:00:00+08:00 | - | pending",
            "{verb}"
        );
        // Overdue the next day until the reason is fed back.
        let tue = "2026-11-24T11:00";
        assert_eq!(
            deadline(&show(&t, tue, &id), "reason"),
            "2026-11-24T10:00:00+08:00 | - | overdue",
            "{verb}"
        );
        let overdue = json_of(&at(&t, tue, &["--format", "json", "ticket", "--overdue"]));
        assert!(
            overdue
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == id.as_str() && r["deadline"] == "reason"),
            "{verb}: {overdue:#}"
        );
        step(
            &t,
            now,
            "feedback",
            &id,
            "16:00",
            &["--note", "已向客户说明原因"],
        );
        assert_eq!(
            deadline(&show(&t, tue, &id), "reason"),
            "2026-11-24T10:00:00+08:00 | 2026-11-23T16:00:00+08:00 | met",
            "{verb}"
        );
    }
}

#[test]
fn a_dead_ticket_is_final_and_stays_listed_only_until_its_reason_is_fed_back() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(
        &t,
        LATER,
        "dead",
        &id,
        "09:30",
        &["--reason", "业主拒绝入户"],
    );
    let err = try_step(&t, LATER, "resume", &id, "09:40", &[])
        .fails(1)
        .to_string();
    assert!(
        err.contains("it is dead (repair); allowed now: feedback"),
        "{err}"
    );
    // Unmet clocks of a ticket that ended no longer apply; the reason still does.
    assert_eq!(clocks(&show(&t, LATER, &id)), ["reason"]);
    let listed = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--now", LATER, "--format", "json", "ticket"];
        a.extend_from_slice(args);
        json_of(&t.run(&a))
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let just = vec![id.clone()];
    assert_eq!(listed(&[]), just);
    step(
        &t,
        LATER,
        "feedback",
        &id,
        "10:00",
        &["--note", "已向业主说明"],
    );
    assert_eq!(listed(&[]), Vec::<String>::new());
    assert_eq!(listed(&["--status", "dead"]), just);
    assert_eq!(listed(&["--all"]), just);
}

#[test]
fn shelve_then_resume_returns_the_ticket_to_where_it_was() {
    let t = desk();
    let now = "2026-11-25T12:00";
    for (upto, status) in [(0, "new"), (1, "dispatched"), (2, "on-site")] {
        let id = open(&t, now, "repair", "plumbing", "2026-11-23T09:00", &[]);
        if upto >= 1 {
            step(
                &t,
                now,
                "dispatch",
                &id,
                "2026-11-23T09:05",
                &["--technician", "李"],
            );
        }
        if upto >= 2 {
            step(&t, now, "arrive", &id, "2026-11-23T09:20", &[]);
        }
        step(
            &t,
            now,
            "shelve",
            &id,
            "2026-11-23T10:00",
            &["--reason", "等厂家配件"],
        );
        let err = try_step(
            &t,
            now,
            "finish",
            &id,
            "2026-11-23T11:00",
            &["--work", "x", "--signed-by", "y"],
        )
        .fails(1)
        .to_string();
        assert!(
            err.contains(
                "it is shelved (repair); allowed now: resume, dead, unreasonable, feedback"
            ),
            "{err}"
        );
        step(
            &t,
            now,
            "resume",
            &id,
            "2026-11-24T10:00",
            &["--note", "配件到了"],
        );
        let v = show(&t, now, &id);
        assert_eq!(v["status"], status);
        assert_eq!(v["paused"], false);
    }
}

#[test]
fn a_shelved_ticket_stops_its_clocks_for_as_long_as_it_is_shelved() {
    let t = desk();
    let now = "2026-11-23T12:00";
    let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
    step(&t, now, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, now, "shelve", &id, "09:10", &["--reason", "等配件"]);
    let v = show(&t, now, &id);
    assert_eq!(deadline(&v, "response"), "- | - | paused");
    step(&t, now, "resume", &id, "10:10", &[]);
    assert_eq!(
        deadline(&show(&t, now, &id), "response"),
        "2026-11-23T10:30:00+08:00 | - | overdue"
    );
}

// ---------------------------------------------------------------------------
// Callbacks
// ---------------------------------------------------------------------------

#[test]
fn a_dissatisfied_callback_sends_the_repair_back_to_engineering_and_needs_a_new_callback() {
    let t = desk();
    let now = "2026-11-24T12:00";
    let id = open(&t, now, "repair", "plumbing", "2026-11-23T09:00", &[]);
    step(
        &t,
        now,
        "dispatch",
        &id,
        "2026-11-23T09:05",
        &["--technician", "李"],
    );
    step(&t, now, "arrive", &id, "2026-11-23T09:20", &[]);
    step(
        &t,
        now,
        "finish",
        &id,
        "2026-11-23T10:00",
        &["--work", "换阀芯", "--signed-by", "王"],
    );
    step(&t, now, "return", &id, "2026-11-23T10:30", &[]);
    assert_eq!(
        step(
            &t,
            now,
            "callback",
            &id,
            "2026-11-24T09:00",
            &[
                "--method",
                "phone",
                "--not-satisfied",
                "--score",
                "2",
                "--note",
                "还在漏"
            ]
        ),
        format!("{id}: not satisfied: back to work (已派工)\n")
    );
    let v = show(&t, now, &id);
    assert_eq!(v["status"], "dispatched");
    let err = try_step(&t, now, "close", &id, "2026-11-24T09:05", &[])
        .fails(1)
        .to_string();
    assert!(err.contains("it is dispatched (repair)"), "{err}");
    step(&t, now, "arrive", &id, "2026-11-24T10:00", &[]);
    step(
        &t,
        now,
        "finish",
        &id,
        "2026-11-24T11:00",
        &["--work", "更换整个龙头", "--signed-by", "王"],
    );
    step(&t, now, "return", &id, "2026-11-24T11:10", &[]);
    // The callback clock restarts from the second finish, and is open again.
    assert_eq!(
        deadline(&show(&t, now, &id), "callback"),
        "2026-11-26T11:00:00+08:00 | - | pending"
    );
    step(
        &t,
        now,
        "callback",
        &id,
        "2026-11-24T11:30",
        &["--method", "phone", "--satisfied", "--score", "5"],
    );
    step(&t, now, "close", &id, "2026-11-24T11:35", &[]);
    let v = show(&t, now, &id);
    assert_eq!(v["status"], "closed");
    let cb: Vec<(bool, i64)> = v["callbacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["satisfied"].as_bool().unwrap(),
                c["score"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(cb, [(false, 2), (true, 5)]);
    assert_eq!(
        events(&v),
        [
            "reported",
            "dispatched",
            "arrived",
            "finished",
            "returned",
            "not-satisfied",
            "arrived",
            "finished",
            "returned",
            "called-back",
            "closed"
        ]
    );
}

#[test]
fn an_air_conditioning_repair_is_called_back_by_visit_not_by_phone() {
    let t = desk();
    let id = open(&t, LATER, "repair", "air-conditioning", "09:00", &[]);
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "清洗", "--signed-by", "王"],
    );
    step(&t, LATER, "return", &id, "10:30", &[]);
    let before = snapshot(&t);
    let err = try_step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "phone", "--satisfied"],
    )
    .fails(1)
    .to_string();
    assert_eq!(
        err,
        format!(
            "error: ticket {id} is \"air-conditioning\", a category the office calls back by visit: use --method visit\n"
        )
    );
    assert_unchanged(&before, &t);
    step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "visit", "--satisfied"],
    );
}

#[test]
fn a_callback_says_satisfied_or_not_and_a_score_is_1_to_5() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "x", "--signed-by", "王"],
    );
    step(&t, LATER, "return", &id, "10:30", &[]);
    try_step(&t, LATER, "callback", &id, "11:00", &["--method", "phone"]).fails(2);
    try_step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "phone", "--satisfied", "--not-satisfied"],
    )
    .fails(2);
    let err = try_step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "phone", "--satisfied", "--score", "6"],
    )
    .fails(1)
    .to_string();
    assert_eq!(err, "error: score 6: expected 1 to 5\n");
}

#[test]
fn a_dissatisfied_complaint_callback_goes_back_to_the_department() {
    let t = desk();
    let id = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    step(
        &t,
        LATER,
        "assess",
        &id,
        "09:10",
        &["--valid", "--department", "保安部", "--person", "刘队长"],
    );
    step(&t, LATER, "action", &id, "10:00", &["--note", "已提醒"]);
    step(&t, LATER, "reply", &id, "10:10", &["--note", "已提醒"]);
    step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "phone", "--not-satisfied"],
    );
    assert_eq!(show(&t, LATER, &id)["status"], "assigned");
    step(&t, LATER, "action", &id, "14:00", &["--note", "上门沟通"]);
    let v = show(&t, LATER, &id);
    assert_eq!(
        deadline(&v, "callback"),
        "2026-11-25T14:00:00+08:00 | - | pending"
    );
    step(
        &t,
        LATER,
        "callback",
        &id,
        "15:00",
        &["--method", "visit", "--satisfied"],
    );
    t.run(&[
        "--now",
        LATER,
        "--by",
        "张经理",
        "ticket",
        "sign-off",
        &id,
        "--at",
        "15:10",
    ])
    .ok();
    assert_eq!(show(&t, LATER, &id)["status"], "closed");
}

#[test]

fn a_complaint_called_back_before_its_reply_can_still_be_replied_to_and_signed_off() {
    // assess --valid, action, callback --satisfied (allowed without a reply), then
    // `reply` is refused ("it is called-back; allowed now: sign-off, feedback") and
    // `sign-off` is refused ("has no reply recorded"): no step closes the complaint.
    let t = desk();
    let id = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    step(
        &t,
        LATER,
        "assess",
        &id,
        "09:10",
        &["--valid", "--department", "保安部", "--person", "刘队长"],
    );
    step(&t, LATER, "action", &id, "10:00", &["--note", "已提醒"]);
    let cb = try_step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "phone", "--satisfied"],
    );
    if cb.code == 0 {
        // Accepted without a reply: the reply must still be possible...
        step(&t, LATER, "reply", &id, "11:10", &["--note", "已处理"]);
    } else {
        // ...or the callback refused until the reply is given.
        assert!(cb.stderr.contains("reply"), "{}", cb.stderr);
        step(&t, LATER, "reply", &id, "11:10", &["--note", "已处理"]);
        step(
            &t,
            LATER,
            "callback",
            &id,
            "11:20",
            &["--method", "phone", "--satisfied"],
        );
    }
    t.run(&[
        "--now",
        LATER,
        "--by",
        "张经理",
        "ticket",
        "sign-off",
        &id,
        "--at",
        "11:30",
    ])
    .ok();
}

// ---------------------------------------------------------------------------
// Repeat complaints
// ---------------------------------------------------------------------------

#[test]
fn a_repeat_complaint_links_both_ways_and_is_flagged() {
    let t = desk();
    let first = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    let part = &first[first.len() - 6..];
    let out = report(
        &t,
        LATER,
        "complaint",
        "noise",
        "15:00",
        &["--repeat-of", part],
    );
    // stdout is the new ID alone (scriptable); the flag goes to stderr.
    let second = out.ok().trim().to_string();
    assert!(second.starts_with("T-") && second != first, "{second}");
    assert!(
        out.stderr
            .ends_with(&format!("{second}: 二次投诉，已关联首次投诉\n")),
        "{}",
        out.stderr
    );
    let v1 = show(&t, LATER, &first);
    assert_eq!(v1["repeated_by"], json!([second]));
    let last = v1["history"].as_array().unwrap().last().unwrap();
    assert_eq!(last["event"], "repeated");
    assert_eq!(last["note"], format!("repeated by {second}"));
    let v2 = show(&t, LATER, &second);
    assert_eq!(v2["repeat_of"], first.as_str());
    assert_eq!(
        v2["history"][0]["note"],
        format!("phone by 王先生; repeats {first}")
    );
    let list = at(&t, LATER, &["ticket", "--kind", "complaint"])
        .ok()
        .to_string();
    let row = list.lines().find(|l| l.contains(&second)).unwrap();
    assert!(row.contains("新建（二次投诉）"), "{list}");
    t.run(&["check"]).ok();
}

#[test]
fn a_repeat_of_a_repair_or_by_a_repair_is_refused() {
    let t = desk();
    let repair = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let complaint = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    let before = snapshot(&t);
    let new =
        |kind: &str, of: &str| report(&t, LATER, kind, "noise", "10:00", &["--repeat-of", of]);
    let err = new("complaint", &repair).fails(1).to_string();
    assert_eq!(
        err,
        format!(
            "error: {repair} is a repair, not a complaint: --repeat-of names the first complaint on the same matter\n"
        )
    );
    let err = new("repair", &complaint).fails(1).to_string();
    assert_eq!(err, "error: only a complaint can repeat a complaint\n");
    let err = new("complaint", "T-19990101-XXXXXX").fails(1).to_string();
    assert!(err.contains("no ticket"), "{err}");
    assert_unchanged(&before, &t);
}

#[test]
fn a_repeat_complaint_is_about_the_same_unit() {
    let t = desk();
    let tenant = t.tenant("王五", &[]);
    t.unit("B-101", "50.00", "shop", Some(&tenant));
    let first = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    let err = report(
        &t,
        LATER,
        "complaint",
        "noise",
        "10:00",
        &["--unit", "B-101", "--repeat-of", &first],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("is about A-1203, not B-101: a repeat complaint is about the same place"),
        "{err}"
    );
}

#[test]
fn a_second_complaint_on_the_same_matter_gets_a_hint_to_link_it() {
    let t = desk();
    let first = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    let out = report(&t, LATER, "complaint", "noise", "10:00", &[]);
    out.ok();
    assert!(
        out.stderr.contains(&format!("use --repeat-of {first}")),
        "{}",
        out.stderr
    );
    // Another category is another matter.
    let out = report(&t, LATER, "complaint", "parking", "10:00", &[]);
    out.ok();
    assert!(!out.stderr.contains("--repeat-of"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Monthly figures
// ---------------------------------------------------------------------------

#[test]
fn stats_gives_the_months_exact_counts_rates_and_revenue() {
    let t = desk();
    let now = "2026-11-30T17:00";
    // October: not counted in November.
    open(&t, now, "repair", "plumbing", "2026-10-30T10:00", &[]);
    // R1: normal, all in time, replace-tap 80.00, phone callback satisfied.
    let r1 = chargeable_repair(&t, now);
    step(&t, now, "close", &r1, "2026-11-23T11:05", &[]);
    // R2: urgent, on site late, finished late, called back twice by visit.
    let r2 = open(
        &t,
        now,
        "repair",
        "electrical",
        "2026-11-23T09:00",
        &["--priority", "urgent"],
    );
    step(
        &t,
        now,
        "dispatch",
        &r2,
        "2026-11-23T09:05",
        &["--technician", "李"],
    );
    step(&t, now, "arrive", &r2, "2026-11-23T09:40", &[]);
    step(
        &t,
        now,
        "finish",
        &r2,
        "2026-11-26T10:00",
        &["--work", "x", "--signed-by", "王"],
    );
    step(&t, now, "return", &r2, "2026-11-26T10:30", &[]);
    step(
        &t,
        now,
        "callback",
        &r2,
        "2026-11-26T11:00",
        &["--method", "visit", "--not-satisfied"],
    );
    step(&t, now, "arrive", &r2, "2026-11-26T13:00", &[]);
    step(
        &t,
        now,
        "finish",
        &r2,
        "2026-11-26T14:00",
        &["--work", "y", "--signed-by", "王"],
    );
    step(&t, now, "return", &r2, "2026-11-26T14:10", &[]);
    step(
        &t,
        now,
        "callback",
        &r2,
        "2026-11-26T15:00",
        &["--method", "visit", "--satisfied"],
    );
    step(&t, now, "close", &r2, "2026-11-26T15:05", &[]);
    // R3: extra-urgent air-conditioning, never attended: both clocks breached.
    // S1 is a special service, booked with the tenant: no response or completion clock.
    open(
        &t,
        now,
        "repair",
        "air-conditioning",
        "2026-11-24T09:00",
        &["--priority", "extra-urgent"],
    );
    // S1: special service 3 x 60.00, in time, phone callback satisfied.
    let s1 = open(
        &t,
        now,
        "special-service",
        "cleaning",
        "2026-11-25T09:00",
        &["--channel", "visit"],
    );
    step(
        &t,
        now,
        "quote",
        &s1,
        "2026-11-25T09:01",
        &[
            "--item",
            "保洁",
            "--qty",
            "3",
            "--price",
            "60",
            "--priced-by",
            "赵主管",
        ],
    );
    step(
        &t,
        now,
        "consent",
        &s1,
        "2026-11-25T09:02",
        &["--signer", "王"],
    );
    step(
        &t,
        now,
        "dispatch",
        &s1,
        "2026-11-25T09:03",
        &["--technician", "张"],
    );
    step(&t, now, "arrive", &s1, "2026-11-25T09:20", &[]);
    step(
        &t,
        now,
        "finish",
        &s1,
        "2026-11-25T12:00",
        &["--work", "保洁", "--signed-by", "王"],
    );
    step(&t, now, "return", &s1, "2026-11-25T12:10", &[]);
    step(
        &t,
        now,
        "callback",
        &s1,
        "2026-11-25T15:00",
        &["--method", "phone", "--satisfied"],
    );
    step(&t, now, "close", &s1, "2026-11-25T15:05", &[]);
    // C1: phone complaint Friday 15:00, valid, replied late on Tuesday, visit callback.
    let c1 = open(&t, now, "complaint", "noise", "2026-11-20T15:00", &[]);
    step(
        &t,
        now,
        "assess",
        &c1,
        "2026-11-20T15:30",
        &["--valid", "--department", "保安部", "--person", "刘"],
    );
    step(
        &t,
        now,
        "feedback",
        &c1,
        "2026-11-20T16:00",
        &["--note", "已致歉"],
    );
    step(
        &t,
        now,
        "action",
        &c1,
        "2026-11-23T10:00",
        &["--note", "已提醒"],
    );
    step(
        &t,
        now,
        "reply",
        &c1,
        "2026-11-24T10:00",
        &["--note", "已处理"],
    );
    step(
        &t,
        now,
        "callback",
        &c1,
        "2026-11-24T15:00",
        &["--method", "visit", "--satisfied"],
    );
    step(&t, now, "sign-off", &c1, "2026-11-24T16:00", &[]);
    // C2: a letter repeating C1, never replied (due 2026-11-30 18:00).
    report(
        &t,
        now,
        "complaint",
        "noise",
        "2026-11-25T09:00",
        &["--channel", "letter", "--repeat-of", &c1],
    )
    .ok();
    // C3: invalid, explained at once.
    let c3 = open(
        &t,
        now,
        "complaint",
        "water-outage",
        "2026-11-26T09:00",
        &["--channel", "visit"],
    );
    step(
        &t,
        now,
        "assess",
        &c3,
        "2026-11-26T09:10",
        &["--invalid", "--explanation", "市政停水"],
    );
    step(&t, now, "close", &c3, "2026-11-26T09:20", &[]);
    // Q1: an inquiry.
    let q1 = open(&t, now, "inquiry", "fees", "2026-11-27T09:00", &[]);
    step(&t, now, "reply", &q1, "2026-11-27T09:10", &["--note", "ok"]);
    step(&t, now, "close", &q1, "2026-11-27T09:15", &[]);

    // Judged at the end of November.
    let s = json_of(&at(
        &t,
        "2026-12-01T09:00",
        &["--format", "json", "ticket", "stats", "--month", "2026-11"],
    ));
    let rate = |num: u32, den: u32| json!({"num": num, "den": den});
    assert_eq!(s["month"], "2026-11");
    assert_eq!(s["tickets"], 8);
    assert_eq!(
        s["by_kind"],
        json!({"complaint": 3, "inquiry": 1, "repair": 3, "special-service": 1})
    );
    assert_eq!(
        s["by_priority"],
        json!({"extra-urgent": 1, "normal": 2, "urgent": 1})
    );
    assert_eq!(
        s["by_category"],
        json!({"air-conditioning": 1, "cleaning": 1, "electrical": 1, "fees": 1, "noise": 2, "plumbing": 1, "water-outage": 1})
    );
    // R1 in time, R2 late, R3 overdue.
    assert_eq!(s["response_on_time"], rate(1, 3));
    assert_eq!(s["completion_on_time"], rate(1, 3));
    assert_eq!(s["callback_rate"], rate(3, 3));
    // Callbacks of repairs and special services: R1 phone, R2 visit x2 (one not
    // satisfied), S1 phone. C1's visit is a complaint's: not in the repair targets.
    assert_eq!(s["visits"], rate(2, 4));
    assert_eq!(s["phone"], rate(2, 4));
    assert_eq!(s["satisfaction"], rate(3, 4));
    assert_eq!(s["complaints"], 3);
    assert_eq!(s["valid_complaints"], 1);
    assert_eq!(s["repeat_complaints"], 1);
    // C1 late, C2 overdue, C3 explained at once.
    assert_eq!(s["complaint_replies_on_time"], rate(1, 3));
    assert_eq!(s["repair_revenue"], "80.00");
    assert_eq!(s["special_service_revenue"], "180.00");
    let targets: Vec<(String, u64, bool)> = s["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                x["target_percent"].as_u64().unwrap(),
                x["met"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("callback rate".to_string(), 100, true),
            ("visits".to_string(), 70, false),
            ("satisfaction".to_string(), 95, false),
        ]
    );
    let table = at(
        &t,
        "2026-12-01T09:00",
        &["ticket", "stats", "--month", "2026-11"],
    )
    .ok()
    .to_string();
    for line in [
        "到场及时率              33.3% (1/3)",
        "满意率                  75.0% (3/4)    目标 95% 未达标",
        "有偿维修收入            80.00",
        "特约服务收入            180.00",
    ] {
        assert!(table.contains(line), "{line:?} in\n{table}");
    }
    // October: the one ticket, nothing else.
    let oct = json_of(&at(
        &t,
        "2026-12-01T09:00",
        &["--format", "json", "ticket", "stats", "--month", "2026-10"],
    ));
    assert_eq!(oct["tickets"], 1);
    assert_eq!(oct["repair_revenue"], "0.00");
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_passes_on_an_office_with_tickets_in_every_state() {
    let t = desk();
    let now = LATER;
    let repair = |upto: usize| {
        let id = open(&t, now, "repair", "plumbing", "09:00", &[]);
        let steps: [(&str, &str, &[&str]); 6] = [
            ("dispatch", "09:05", &["--technician", "李"]),
            ("arrive", "09:20", &[]),
            ("finish", "10:00", &["--work", "x", "--signed-by", "王"]),
            ("return", "10:30", &[]),
            ("callback", "11:00", &["--method", "phone", "--satisfied"]),
            ("close", "11:05", &[]),
        ];
        for (verb, when, args) in steps.iter().take(upto) {
            step(&t, now, verb, &id, when, args);
        }
        id
    };
    let mut states = Vec::new();
    for upto in 0..=6 {
        states.push(repair(upto));
    }
    let paused = repair(1);
    step(
        &t,
        now,
        "pause",
        &paused,
        "09:30",
        &["--reason", "no-access"],
    );
    for verb in ["shelve", "dead", "unreasonable"] {
        let id = repair(1);
        step(&t, now, verb, &id, "09:30", &["--reason", "原因"]);
    }
    let charged = chargeable_repair(&t, now);
    step(&t, now, "close", &charged, "11:05", &[]);
    let complaint = |upto: usize| {
        let id = open(&t, now, "complaint", "noise", "09:00", &[]);
        let steps: [(&str, &str, &[&str]); 4] = [
            (
                "assess",
                "09:10",
                &["--valid", "--department", "保安部", "--person", "刘"],
            ),
            ("action", "10:00", &["--note", "已处理"]),
            ("reply", "10:10", &["--note", "已答复"]),
            ("callback", "11:00", &["--method", "phone", "--satisfied"]),
        ];
        for (verb, when, args) in steps.iter().take(upto) {
            step(&t, now, verb, &id, when, args);
        }
        id
    };
    for upto in [1, 2, 4] {
        complaint(upto);
    }
    let signed = complaint(4);
    step(&t, now, "sign-off", &signed, "11:30", &[]);
    let explained = open(&t, now, "complaint", "noise", "09:00", &[]);
    step(
        &t,
        now,
        "assess",
        &explained,
        "09:10",
        &["--invalid", "--explanation", "不属物业"],
    );
    let statuses: std::collections::BTreeSet<String> =
        json_of(&at(&t, now, &["--format", "json", "ticket", "--all"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_string())
            .collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [
            "actioned",
            "assigned",
            "called-back",
            "closed",
            "dead",
            "dispatched",
            "done",
            "explained",
            "new",
            "on-site",
            "returned",
            "shelved",
            "unreasonable"
        ]
    );
    let out = at(&t, now, &["check"]);
    out.ok();
    assert!(out.stderr.contains("no problems"), "{}", out.stderr);
}

#[test]
fn check_reports_a_hand_edited_status_that_disagrees_with_the_history() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    let rel = {
        let d = &id[2..10];
        format!("tickets/{}/{}/{id}.yaml", &d[..4], &d[4..6])
    };
    let rec = t.read(&rel);
    t.write(
        &rel,
        &rec.replacen("status: dispatched", "status: closed", 1),
    );
    let out = t.run(&["check"]);
    assert!(out.fails(1).contains("1 problem"), "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!(
            "{rel}:4: status \"closed\" but the history leads to \"dispatched\""
        )),
        "{}",
        out.stdout
    );
    // A step that cannot follow is reported at its line too.
    t.write(
        &rel,
        &format!(
            "{}- at: \"2026-11-23T09:10:00+08:00\"\n  by: desk\n  event: closed\n",
            rec
        ),
    );
    let out = t.run(&["check"]);
    out.fails(1);
    assert!(
        out.stdout
            .contains("\"closed\" cannot follow status dispatched (a repair)"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------
// IDs and times
// ---------------------------------------------------------------------------

#[test]
fn a_ticket_is_found_by_any_unique_part_of_its_id_in_any_case() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let part = id[id.len() - 3..].to_lowercase();
    let v = show(&t, LATER, &part);
    assert_eq!(v["id"], id.as_str());
    assert_eq!(
        step(
            &t,
            LATER,
            "dispatch",
            &part,
            "09:05",
            &["--technician", "李"]
        ),
        format!("{id}: dispatched (已派工)\n")
    );
}

#[test]
fn an_ambiguous_or_unknown_id_is_refused_with_what_it_matched() {
    let t = desk();
    let a = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let b = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let err = t.run(&["ticket", "show", "T-2026"]).fails(2).to_string();
    let (first, second) = if a < b { (&a, &b) } else { (&b, &a) };
    assert_eq!(
        err,
        format!(
            "error: \"T-2026\" matches 2 tickets: {first}, {second}\nhint: type more of the ID\n"
        )
    );
    let err = t.run(&["ticket", "show", "ZZZZ"]).fails(1).to_string();
    assert_eq!(
        err,
        "error: no ticket \"ZZZZ\"\nhint: `propdesk ticket --all` lists every ticket\n"
    );
    let before = snapshot(&t);
    t.run(&["ticket", "dispatch", "ZZZZ", "--technician", "李"])
        .fails(1);
    assert_unchanged(&before, &t);
}

#[test]
fn a_step_at_a_time_after_now_is_refused() {
    let t = desk();
    let before = snapshot(&t);
    let err = report(&t, NOW, "repair", "plumbing", "09:31", &[])
        .fails(2)
        .to_string();
    assert_eq!(
        err,
        "error: --at \"09:31\" is after now (2026-11-23 09:30): record steps when they have happened\n"
    );
    assert_unchanged(&before, &t);
    let id = open(&t, NOW, "repair", "plumbing", "09:00", &[]);
    let before = snapshot(&t);
    let err = try_step(
        &t,
        NOW,
        "dispatch",
        &id,
        "2026-11-24T09:00",
        &["--technician", "李"],
    )
    .fails(2)
    .to_string();
    assert!(err.contains("is after now"), "{err}");
    let err = try_step(
        &t,
        NOW,
        "dispatch",
        &id,
        "9 o'clock",
        &["--technician", "李"],
    )
    .fails(2)
    .to_string();
    assert!(
        err.contains("expected a time like 10:05 (today) or 2026-11-23T10:05"),
        "{err}"
    );
    assert_unchanged(&before, &t);
}

#[test]
fn a_step_before_the_tickets_last_step_is_refused() {
    let t = desk();
    let id = open(&t, NOW, "repair", "plumbing", "09:00", &[]);
    step(&t, NOW, "dispatch", &id, "09:10", &["--technician", "李"]);
    let before = snapshot(&t);
    let err = try_step(&t, NOW, "arrive", &id, "09:05", &[])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: the time 2026-11-23 09:05 is before the ticket's last step (dispatched at 2026-11-23 09:10): steps are recorded in order\n"
    );
    assert_unchanged(&before, &t);
    // The same minute is fine.
    step(&t, NOW, "arrive", &id, "09:10", &[]);
}

#[test]
fn without_at_a_step_happens_now_and_by_the_desk_user() {
    let t = desk();
    let id = open(&t, NOW, "repair", "plumbing", "09:00", &[]);
    t.run(&[
        "--by",
        "小陈",
        "ticket",
        "dispatch",
        &id,
        "--technician",
        "李",
    ])
    .ok();
    let v = show(&t, NOW, &id);
    assert_eq!(v["history"][0]["by"], "tester");
    assert_eq!(v["history"][1]["by"], "小陈");
    assert_eq!(v["history"][1]["at"], "2026-11-23T09:30:00+08:00");
}

#[test]
fn a_new_ticket_says_where_and_only_work_has_a_priority() {
    let t = desk();
    let new = |extra: &[&str]| {
        let mut a = vec![
            "ticket",
            "new",
            "--channel",
            "phone",
            "--reporter",
            "王",
            "--category",
            "x",
            "--description",
            "y",
        ];
        a.extend_from_slice(extra);
        t.run(&a)
    };
    let before = snapshot(&t);
    let err = new(&["--kind", "repair"]).fails(1).to_string();
    assert!(
        err.contains("say where: --unit for a unit, or --area for a public area"),
        "{err}"
    );
    let err = new(&["--kind", "repair", "--unit", "A-1203", "--area", "大堂"])
        .fails(1)
        .to_string();
    assert!(err.contains("give --unit or --area, not both"), "{err}");
    let err = new(&[
        "--kind",
        "complaint",
        "--unit",
        "A-1203",
        "--priority",
        "urgent",
    ])
    .fails(1)
    .to_string();
    assert!(err.contains("has no priority or grade"), "{err}");
    let err = new(&["--kind", "repair", "--unit", "Z-999"])
        .fails(1)
        .to_string();
    assert!(err.contains("Z-999"), "{err}");
    new(&["--kind", "fix", "--unit", "A-1203"]).fails(2);
    assert_unchanged(&before, &t);
    // A public-area repair is signed for by the engineering supervisor.
    let id = open(
        &t,
        LATER,
        "repair",
        "lighting",
        "09:00",
        &["--area", "B1 车库"],
    );
    step(&t, LATER, "dispatch", &id, "09:05", &["--technician", "李"]);
    step(&t, LATER, "arrive", &id, "09:20", &[]);
    step(
        &t,
        LATER,
        "finish",
        &id,
        "10:00",
        &["--work", "换灯管", "--signed-by", "赵主管"],
    );
    let v = show(&t, LATER, &id);
    assert_eq!(v["area"], "B1 车库");
    assert_eq!(v["work"]["signer"], "supervisor");
}

#[test]

fn an_empty_consent_signer_names_the_signer_flag() {
    let t = desk();
    let id = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    step(&t, LATER, "quote", &id, "09:01", &["--item", "replace-tap"]);
    let err = try_step(&t, LATER, "consent", &id, "09:02", &["--signer", " "])
        .fails(1)
        .to_string();
    assert!(err.contains("--signer") && !err.contains("--by"), "{err}");
}

// ---------------------------------------------------------------------------
// Notices
// ---------------------------------------------------------------------------

fn notice(t: &Test, now: &str, which: &str, id: &str) -> String {
    at(t, now, &["notice", which, id, "-o", "-"])
        .ok()
        .to_string()
}

#[test]
fn the_work_order_prints_the_order_its_quote_and_its_deadlines() {
    let t = desk();
    let id = chargeable_repair(&t, LATER);
    let text = notice(&t, LATER, "work-order", &id);
    for want in [
        id.as_str(),
        "工程派工单",
        "李",
        "换龙头",
        "更换水龙头",
        "80.00",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn the_service_slip_prints_the_price_the_tenant_signs_for() {
    let t = desk();
    let id = chargeable_repair(&t, LATER);
    let text = notice(&t, LATER, "service-slip", &id);
    for want in [id.as_str(), "更换水龙头", "80.00", "王先生"] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn the_complaint_report_prints_the_department_action_reply_and_sign_off() {
    let t = desk();
    let id = open(&t, LATER, "complaint", "noise", "09:00", &[]);
    step(
        &t,
        LATER,
        "assess",
        &id,
        "09:10",
        &["--valid", "--department", "保安部", "--person", "刘队长"],
    );
    step(
        &t,
        LATER,
        "action",
        &id,
        "10:00",
        &["--note", "加强夜间巡逻"],
    );
    step(
        &t,
        LATER,
        "reply",
        &id,
        "10:10",
        &["--note", "已加强巡逻并致歉"],
    );
    step(
        &t,
        LATER,
        "callback",
        &id,
        "11:00",
        &["--method", "visit", "--satisfied", "--score", "4"],
    );
    t.run(&[
        "--now",
        LATER,
        "--by",
        "张经理",
        "ticket",
        "sign-off",
        &id,
        "--at",
        "11:30",
    ])
    .ok();
    let text = notice(&t, LATER, "complaint-report", &id);
    for want in [
        id.as_str(),
        "投诉处理单",
        "保安部",
        "刘队长",
        "加强夜间巡逻",
        "已加强巡逻并致歉",
        "张经理",
        "上门回访",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    // In English on request.
    let text = at(
        &t,
        LATER,
        &[
            "--locale",
            "en",
            "notice",
            "complaint-report",
            &id,
            "-o",
            "-",
        ],
    )
    .ok()
    .to_string();
    assert!(text.contains(&id) && text.contains("保安部"), "{text}");
}

#[test]
fn the_callback_record_prints_each_callback() {
    let t = desk();
    let id = called_back_repair(&t, LATER, "air-conditioning");
    let text = notice(&t, LATER, "callback-record", &id);
    for want in [id.as_str(), "回访记录", "上门回访", "满意"] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn a_notice_that_is_not_for_the_tickets_kind_is_refused() {
    let t = desk();
    let repair = open(&t, LATER, "repair", "plumbing", "09:00", &[]);
    let err = at(
        &t,
        LATER,
        &["notice", "complaint-report", &repair, "-o", "-"],
    )
    .fails(2)
    .to_string();
    assert!(
        err.contains(&format!(
            "ticket {repair} is a repair: the complaint-report is not for it"
        )),
        "{err}"
    );
    // No quote yet: no service slip.
    at(&t, LATER, &["notice", "service-slip", &repair, "-o", "-"]).fails(2);
    let inquiry = open(&t, LATER, "inquiry", "fees", "09:00", &[]);
    let err = at(&t, LATER, &["notice", "work-order", &inquiry, "-o", "-"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("an inquiry has a callback-record only"),
        "{err}"
    );
}

/// Issue 21: in an office where the clocks change, a local time the change makes
/// happen twice is refused with both readings, for `--now` and a step's `--at`; given
/// with its offset, it is taken.
#[test]
fn a_local_time_that_happens_twice_is_refused_with_both_readings() {
    let t = Test::demo("en");
    let toml = t.read("office.toml").replace(
        "timezone = \"Asia/Shanghai\"",
        "timezone = \"Europe/London\"",
    );
    t.write("office.toml", &toml);
    let err = t
        .run(&["--now", "2026-10-25T01:30", "agenda"])
        .fails(2)
        .to_string();
    assert!(
        err.contains(
            "--now \"2026-10-25T01:30\" happens twice in Europe/London (the clocks go back): 2026-10-25T01:30:00+01:00 or 2026-10-25T01:30:00+00:00"
        ),
        "{err}"
    );
    t.run(&["--now", "2026-10-25T01:30:00+00:00", "agenda"])
        .ok();
    let id = t
        .run(&[
            "--now",
            "2026-10-25T03:00",
            "ticket",
            "new",
            "--kind",
            "repair",
            "--channel",
            "phone",
            "--unit",
            "H1-101",
            "--reporter",
            "Mr Wang",
            "--phone",
            "13812345678",
            "--category",
            "plumbing",
            "--description",
            "leak",
            "--priority",
            "normal",
        ])
        .ok()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let err = t
        .run(&[
            "--now",
            "2026-10-25T03:00",
            "ticket",
            "dispatch",
            &id,
            "--at",
            "01:30",
            "--technician",
            "Li",
        ])
        .fails(2)
        .to_string();
    assert!(
        err.contains("--at \"01:30\" happens twice in Europe/London"),
        "{err}"
    );
}
