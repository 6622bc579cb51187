//! `propdesk dunning`: each unit in arrears climbs the office's ladder (default: days
//! 1-3 phone, day 4 written notice with the manager's approval, day 5 late fee, day 6
//! suspension with the GM's approval, day 15 lease action).
//!
//! Most tests start from A-1203 (100.00 m² office, tenant 李四) billed 2,500.00 for
//! November, due Sunday 2026-11-15, and not paid. Late fees: 0.05% a day = 1.25 a day.

use chrono::Datelike;

use crate::common::*;
use crate::money::{Desk, assert_unchanged, billed, snapshot};

fn on(t: &Test, date: &str, args: &[&str]) -> Run {
    let mut a = vec!["--date", date];
    a.extend_from_slice(args);
    t.run(&a)
}

/// `dunning run` on each date, asserting success; the stdout of the last.
fn run_days(t: &Test, dates: &[&str]) -> String {
    let mut last = String::new();
    for d in dates {
        last = on(t, d, &["dunning", "run"]).ok().to_string();
    }
    last
}

fn case(t: &Test) -> String {
    t.read("dunning/A-1203.yaml")
}

fn list_json(t: &Test, date: &str) -> serde_json::Value {
    let out = on(t, date, &["--format", "json", "dunning"]);
    serde_json::from_str(out.ok()).unwrap()
}

#[test]
fn nothing_is_overdue_on_the_due_date() {
    let t = billed();
    let before = snapshot(&t);
    let out = on(&t, "2026-11-15", &["dunning", "run"]);
    assert_eq!(out.ok(), "");
    assert_eq!(out.stderr, "");
    assert_unchanged(&before, &t);
    assert_eq!(t.files("dunning"), vec!["dunning/.gitkeep"]);
    assert_eq!(list_json(&t, "2026-11-15"), serde_json::json!([]));
}

#[test]
fn each_step_lands_on_its_calendar_day_and_waits_for_approval() {
    let t = billed();
    assert_eq!(
        on(&t, "2026-11-16", &["dunning", "run"]).ok(),
        "A-1203\t立案：2026-11-15起欠费\nA-1203\t第1天 电话催缴（客服部）\n"
    );
    assert_eq!(
        run_days(&t, &["2026-11-17"]),
        "A-1203\t第2天 电话催缴（客服部）\n"
    );
    assert_eq!(
        run_days(&t, &["2026-11-18"]),
        "A-1203\t第3天 电话催缴（客服部）\n"
    );
    assert_eq!(
        run_days(&t, &["2026-11-19"]),
        "A-1203\t第4天 书面催款通知（经理）：待审批\n"
    );
    let c = case(&t);
    assert!(
        c.starts_with(
            "unit: A-1203\nstatus: open\nsince: \"2026-11-15\"\nsteps:\n\
             - day: 1\n  action: phone-reminder\n  who: desk\n  due: \"2026-11-16\"\n  status: taken\n  taken: \"2026-11-16\"\n\
             - day: 2\n  action: phone-reminder\n  who: desk\n  due: \"2026-11-17\"\n  status: taken\n  taken: \"2026-11-17\"\n\
             - day: 3\n  action: phone-reminder\n  who: desk\n  due: \"2026-11-18\"\n  status: taken\n  taken: \"2026-11-18\"\n\
             - day: 4\n  action: written-notice\n  who: manager\n  due: \"2026-11-19\"\n  status: awaiting-approval\nhistory:\n"
        ),
        "{c}"
    );
    // The 21st: days 5 and 6 are due, but day 4 still waits for the manager. Late
    // fees accrue by the date regardless (from day 5, the 20th): 2 x 1.25 = 2.50,
    // posted to no ledger: the run has nothing to say.
    assert_eq!(run_days(&t, &["2026-11-21"]), "");
    assert!(!case(&t).contains("day: 5"));
    assert_eq!(
        list_json(&t, "2026-11-21"),
        serde_json::json!([{
            "unit": "A-1203", "tenant": "李四", "overdue": "2500.00", "days": 6,
            "step": "第4天 书面催款通知（待审批）", "next": "经理审批", "next_date": "2026-11-19"
        }])
    );
    // The manager approves: the dunning notice is filed, dated the approval.
    let out = on(
        &t,
        "2026-11-21",
        &["--by", "王经理", "dunning", "approve", "A-1203"],
    );
    assert_eq!(
        out.ok(),
        "A-1203: step approved\nA-1203: notice notices/2026/11/20261121-A-1203-dunning-notice.zh-CN.html\n"
    );
    let notice = t.read("notices/2026/11/20261121-A-1203-dunning-notice.zh-CN.html");
    for line in [
        "<h1>催款通知书</h1>",
        "<tr><th>致</th><td>李四</td></tr>",
        "<p>贵方自2026年11月15日起应缴的下列费用至今已逾期6天，尚未缴清（CNY）：</p>",
        "<tr><th>欠费合计</th><td>CNY 2,500.00</td></tr>",
        "<tr><th>已计滞纳金</th><td>CNY 2.50</td></tr>",
        "<tr><th>应缴总额</th><td><strong>CNY 2,502.50</strong></td></tr>",
        "请于<strong>2026年11月24日</strong>前缴清",
    ] {
        assert!(notice.contains(line), "{line}\n{notice}");
    }
    assert!(
        case(&t).contains(
            "  due: \"2026-11-19\"\n  status: taken\n  taken: \"2026-11-21\"\n  approved_by: 王经理\n  \
             notice: notices/2026/11/20261121-A-1203-dunning-notice.zh-CN.html\n"
        ),
        "{}",
        case(&t)
    );
    // The next run the same day records day 5 and day 6 (the GM's approval); no fee
    // is posted twice.
    assert_eq!(
        run_days(&t, &["2026-11-21"]),
        "A-1203\t第5天 计收滞纳金（财务部）\nA-1203\t第6天 停止服务（总经理）：待审批\n"
    );
    assert!(
        case(&t).contains(
            "- day: 5\n  action: late-fee\n  who: finance\n  due: \"2026-11-20\"\n  status: taken\n  taken: \"2026-11-21\"\n\
             - day: 6\n  action: suspend-services\n  who: gm\n  due: \"2026-11-21\"\n  status: awaiting-approval\n"
        ),
        "{}",
        case(&t)
    );
    let ledger = t.read("ledger/A-1203/2026.yaml");
    assert_eq!(ledger.matches("item: late-fee").count(), 0, "{ledger}");
    // The same date again changes nothing.
    let before = snapshot(&t);
    let again = on(&t, "2026-11-21", &["dunning", "run"]);
    assert_eq!(again.ok(), "");
    assert_eq!(again.stderr, "");
    assert_unchanged(&before, &t);
    // A call is logged; the GM approves: the suspension request is filed, listing it.
    on(
        &t,
        "2026-11-21",
        &[
            "dunning",
            "log",
            "A-1203",
            "--channel",
            "phone",
            "--outcome",
            "李四：月底前付清",
        ],
    )
    .ok();
    let out = on(
        &t,
        "2026-11-21",
        &["--by", "总经理", "dunning", "approve", "A-1203"],
    );
    assert_eq!(
        out.ok(),
        "A-1203: step approved\nA-1203: notice notices/2026/11/20261121-A-1203-suspension-request.zh-CN.html\n"
    );
    let request = t.read("notices/2026/11/20261121-A-1203-suspension-request.zh-CN.html");
    assert!(
        request.contains("<td>2026年11月21日</td><td>电话</td><td>李四：月底前付清</td>"),
        "{request}"
    );
    let err = on(&t, "2026-11-21", &["dunning", "approve", "A-1203"]);
    assert!(
        err.fails(1)
            .contains("no step of A-1203's case is waiting for approval"),
        "{}",
        err.stderr
    );
}

#[test]
fn sixty_daily_runs_post_no_late_fee_and_bill_runs_post_one_per_charge_a_month() {
    let t = billed();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(2027, 1, 14).unwrap();
    let mut runs = 0;
    while day <= last {
        let date = day.to_string();
        if day.day() == 1 {
            let month = &date[..7];
            on(&t, &date, &["bill", "run", "--month", month]).ok();
        }
        // The morning run never writes the ledger, whatever the day.
        let books = || {
            let next = "ledger/A-1203/2027.yaml";
            let next = if t.exists(next) {
                t.read(next)
            } else {
                String::new()
            };
            t.read("ledger/A-1203/2026.yaml") + &next
        };
        let before = books();
        on(&t, &date, &["dunning", "run"]).ok();
        assert_eq!(books(), before, "{date}");
        runs += 1;
        day = day.succ_opt().unwrap();
    }
    assert_eq!(runs, 60);
    // The books of both years: January's bill run opened the 2027 book, which
    // carries the open charges forward.
    let ledger = t.read("ledger/A-1203/2026.yaml") + &t.read("ledger/A-1203/2027.yaml");
    assert!(ledger.contains("opening:\n  first-entry: 4\n"), "{ledger}");
    // November's fee: posted at December's bill run through 30 November (11 days
    // from the 20th at 1.25) and at January's through 31 December (31 days).
    // December's: at January's, from 20 December (12 days).
    let posted = ledger.matches("kind: charge\n  item: late-fee").count();
    assert_eq!(posted, 3, "{ledger}");
    // The 2027 book opens with November's late fee still owed, as one line.
    assert!(
        ledger.contains("  - entry: 2\n    date: \"2026-12-01\"\n    item: late-fee\n"),
        "{ledger}"
    );
    for (amount, text) in [
        (
            "13.75",
            "2026年11月物业管理费 滞纳金 11月20日至11月30日 11天 日万分之五",
        ),
        (
            "38.75",
            "2026年11月物业管理费 滞纳金 2026年12月1日至2026年12月31日 31天 日万分之五",
        ),
        (
            "15.00",
            "2026年12月物业管理费 滞纳金 2026年12月20日至2026年12月31日 12天 日万分之五",
        ),
    ] {
        assert!(
            ledger.contains(&format!("  amount: \"{amount}\"\n  for: {text}\n")),
            "{amount} {text}\n{ledger}"
        );
    }
    // What accrued in January is shown, not posted: November's 14 days and December's.
    let table = on(&t, "2027-01-14", &["ledger", "A-1203"]);
    assert!(
        table.ok().contains("已计未入账滞纳金 35.00"),
        "{}",
        table.stdout
    );
}

#[test]
fn late_fees_stop_at_the_offices_cap() {
    let t = billed();
    let toml = t.read("office.toml");
    assert!(toml.contains("late_fee_cap_basis_points = 0\n"));
    // At most 0.10% of the charge: 2.50.
    t.write(
        "office.toml",
        &toml.replace(
            "late_fee_cap_basis_points = 0\n",
            "late_fee_cap_basis_points = 10\n",
        ),
    );
    // The 20th to the 30th would be 11 x 1.25 = 13.75; capped at 2.50.
    assert_eq!(
        on(&t, "2026-11-30", &["dunning", "run"]).ok(),
        "A-1203\t立案：2026-11-15起欠费\n\
         A-1203\t第1天 电话催缴（客服部）\n\
         A-1203\t第2天 电话催缴（客服部）\n\
         A-1203\t第3天 电话催缴（客服部）\n\
         A-1203\t第4天 书面催款通知（经理）：待审批\n"
    );
    let accrued = |date: &str| {
        let out = on(&t, date, &["--format", "json", "ledger", "A-1203"]);
        let v: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
        v["summary"]["late_fees_accrued"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(accrued("2026-11-30"), "2.50");
    // Nothing more accrues, however long it stays unpaid.
    assert_eq!(run_days(&t, &["2026-12-31"]), "");
    assert_eq!(accrued("2026-12-31"), "2.50");
}

#[test]
fn working_day_counting_moves_the_steps_past_the_weekend() {
    let t = billed();
    let toml = t.read("office.toml");
    t.write(
        "office.toml",
        &toml.replace("days = \"calendar\"", "days = \"working\""),
    );
    // Working days after Sun 15 Nov: Mon 16 (1), ... Thu 19 (4), Fri 20 (5), then
    // Sat 21 and Sun 22 do not count: Mon 23 is day 6.
    assert_eq!(
        on(&t, "2026-11-19", &["dunning", "run"]).ok(),
        "A-1203\t立案：2026-11-15起欠费\n\
         A-1203\t第1天 电话催缴（客服部）\n\
         A-1203\t第2天 电话催缴（客服部）\n\
         A-1203\t第3天 电话催缴（客服部）\n\
         A-1203\t第4天 书面催款通知（经理）：待审批\n"
    );
    on(&t, "2026-11-20", &["dunning", "approve", "A-1203"]).ok();
    assert_eq!(
        run_days(&t, &["2026-11-22"]),
        "A-1203\t第5天 计收滞纳金（财务部）\n"
    );
    assert_eq!(
        list_json(&t, "2026-11-22")[0]["next_date"],
        "2026-11-23",
        "day 6 falls on Monday"
    );
    assert_eq!(
        run_days(&t, &["2026-11-23"]),
        "A-1203\t第6天 停止服务（总经理）：待审批\n"
    );
    let c = case(&t);
    assert!(
        c.contains("- day: 5\n  action: late-fee\n  who: finance\n  due: \"2026-11-20\"\n")
            && c.contains(
                "- day: 6\n  action: suspend-services\n  who: gm\n  due: \"2026-11-23\"\n"
            ),
        "{c}"
    );
}

#[test]
fn a_promise_pauses_the_ladder_and_a_broken_one_resumes_it() {
    let t = billed();
    run_days(&t, &["2026-11-17"]);
    let out = on(
        &t,
        "2026-11-17",
        &["dunning", "promise", "A-1203", "--until", "2026-11-19"],
    );
    assert_eq!(out.ok(), "A-1203: promise recorded\n");
    assert!(
        case(&t).contains(
            "promises:\n- made: \"2026-11-17\"\n  until: \"2026-11-19\"\n  amount: \"2500.00\"\n  status: open\n  by: tester\n"
        ),
        "{}",
        case(&t)
    );
    let list = list_json(&t, "2026-11-18");
    assert_eq!(list[0]["step"], "第2天 电话催缴");
    assert_eq!(list[0]["next"], "承诺付款 2,500.00");
    assert_eq!(list[0]["next_date"], "2026-11-19");
    // Paused through the promise date: day 3 and day 4 wait.
    let before = snapshot(&t);
    assert_eq!(run_days(&t, &["2026-11-18", "2026-11-19"]), "");
    assert_unchanged(&before, &t);
    // Only 1,000.00 came in: broken, and the ladder catches up.
    on(&t, "2026-11-19", &["pay", "A-1203", "1000"]).ok();
    assert_eq!(
        run_days(&t, &["2026-11-20"]),
        "A-1203\t承诺付款未履行：2026-11-19前应付2500.00，实付1000.00；恢复催缴\n\
         A-1203\t第3天 电话催缴（客服部）\n\
         A-1203\t第4天 书面催款通知（经理）：待审批\n"
    );
    assert!(
        case(&t).contains("  amount: \"2500.00\"\n  status: broken\n"),
        "{}",
        case(&t)
    );
    let err = on(
        &t,
        "2026-11-20",
        &["dunning", "promise", "A-1203", "--until", "2026-11-19"],
    );
    assert!(
        err.fails(1)
            .contains("the promise date 2026-11-19 is before today 2026-11-20"),
        "{}",
        err.stderr
    );
}

#[test]
fn paying_everything_owed_closes_the_case() {
    let t = billed();
    run_days(&t, &["2026-11-19"]);
    on(&t, "2026-11-19", &["dunning", "approve", "A-1203"]).ok();
    run_days(&t, &["2026-11-21"]);
    // On the 22nd the statement shows the fee owed and 3 days of late fee accrued.
    let table = on(&t, "2026-11-22", &["ledger", "A-1203"]);
    assert!(
        table.ok().ends_with(
            "\nA-1203 李四: 2026-11-22  余额 2,500.00  逾期 2,500.00  已计未入账滞纳金 3.75  押金余额 0.00\n"
        ),
        "{}",
        table.stdout
    );
    let out = on(
        &t,
        "2026-11-22",
        &["pay", "A-1203", "2503.75", "--ref", "R-1122"],
    );
    assert_eq!(
        out.ok(),
        "A-1203: late fee 3.75 on entry 1 posted, 2026-11-20 to 2026-11-22\n\
         A-1203: entry 3: payment 2,503.75: 3.75 to entry 2, 2,500.00 to entry 1; balance 0.00\n\
         A-1203: dunning case closed\n\
         notices/2026/11/20261122-SJ-20261122-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let c = case(&t);
    assert!(c.starts_with("unit: A-1203\nstatus: closed\n"), "{c}");
    assert!(
        c.ends_with("  event: closed\n  note: nothing overdue\n"),
        "{c}"
    );
    assert_eq!(list_json(&t, "2026-11-22"), serde_json::json!([]));
    let shown = t.run(&["--format", "json", "dunning", "show", "A-1203"]);
    assert!(
        shown.ok().contains("\"status\": \"closed\""),
        "{}",
        shown.stdout
    );
    // Nothing is overdue, so the next mornings change nothing.
    let before = snapshot(&t);
    assert_eq!(run_days(&t, &["2026-11-23", "2026-11-30"]), "");
    assert_unchanged(&before, &t);
    let err = on(&t, "2026-11-23", &["dunning", "approve", "A-1203"]);
    assert!(
        err.fails(1)
            .contains("the dunning case of A-1203 is closed: nothing is overdue"),
        "{}",
        err.stderr
    );
    // Falling behind again (December) reopens it from the new due date, steps afresh.
    on(&t, "2026-12-01", &["bill", "run", "--month", "2026-12"]).ok();
    assert_eq!(
        run_days(&t, &["2026-12-17"]),
        "A-1203\t重新立案：2026-12-15起欠费\nA-1203\t第1天 电话催缴（客服部）\nA-1203\t第2天 电话催缴（客服部）\n"
    );
    assert!(
        case(&t)
            .starts_with("unit: A-1203\nstatus: open\nsince: \"2026-12-15\"\nsteps:\n- day: 1\n")
    );
}

#[test]
fn a_partial_payment_keeps_the_case_open_at_its_step() {
    let t = billed();
    run_days(&t, &["2026-11-17"]);
    let out = on(&t, "2026-11-17", &["pay", "A-1203", "1000"]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 2: payment 1,000.00: 1,000.00 to entry 1; balance 1,500.00\n\
         notices/2026/11/20261117-SJ-20261117-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    assert_eq!(run_days(&t, &["2026-11-17"]), "");
    let list = list_json(&t, "2026-11-17");
    assert_eq!(list[0]["overdue"], "1500.00");
    assert_eq!(list[0]["step"], "第2天 电话催缴");
    assert_eq!(list[0]["next"], "第3天 电话催缴");
    assert_eq!(list[0]["next_date"], "2026-11-18");
    assert_eq!(
        run_days(&t, &["2026-11-18"]),
        "A-1203\t第3天 电话催缴（客服部）\n"
    );
    assert!(case(&t).starts_with("unit: A-1203\nstatus: open\n"));
}

#[test]
fn signing_for_a_notice_and_logging_a_call_are_recorded() {
    let t = billed();
    let err = on(
        &t,
        "2026-11-16",
        &[
            "dunning",
            "log",
            "A-1203",
            "--channel",
            "phone",
            "--outcome",
            "x",
        ],
    );
    assert!(
        err.fails(1).contains("A-1203 has no dunning case"),
        "{}",
        err.stderr
    );
    run_days(&t, &["2026-11-19"]);
    let err = on(&t, "2026-11-19", &["dunning", "sign", "A-1203"]);
    assert!(
        err.fails(1)
            .contains("no notice of A-1203's case has been issued yet"),
        "{}",
        err.stderr
    );
    let out = on(
        &t,
        "2026-11-17",
        &[
            "dunning",
            "log",
            "A-1203",
            "--channel",
            "phone",
            "--outcome",
            "李四：本周五前付清",
        ],
    );
    assert_eq!(out.ok(), "A-1203: contact logged\n");
    let err = on(
        &t,
        "2026-11-17",
        &[
            "dunning",
            "log",
            "A-1203",
            "--channel",
            "fax",
            "--outcome",
            "x",
        ],
    );
    err.fails(2);
    on(&t, "2026-11-19", &["dunning", "approve", "A-1203"]).ok();
    let out = on(&t, "2026-11-20", &["dunning", "sign", "A-1203"]);
    assert_eq!(out.ok(), "A-1203: notice signed for\n");
    let c = case(&t);
    assert!(
        c.contains(
            "  notice: notices/2026/11/20261119-A-1203-dunning-notice.zh-CN.html\n  signed: \"2026-11-20\"\n  signed_by: 李四\n"
        ),
        "{c}"
    );
    assert!(
        c.contains(
            "contacts:\n- date: \"2026-11-17\"\n  by: tester\n  channel: phone\n  outcome: 李四：本周五前付清\n"
        ),
        "{c}"
    );
    let err = on(
        &t,
        "2026-11-21",
        &["dunning", "sign", "A-1203", "--signer", "张三"],
    );
    assert!(
        err.fails(1)
            .contains("the notice of day 4 was already signed for on 2026-11-20"),
        "{}",
        err.stderr
    );
    let shown = on(&t, "2026-11-20", &["dunning", "show", "A-1203"]);
    let shown = shown.ok();
    assert!(
        shown.contains(
            "第4天 书面催款通知 (经理) 2026-11-19 ✓ tester notices/2026/11/20261119-A-1203-dunning-notice.zh-CN.html signed 2026-11-20 李四"
        ) && shown.contains("2026-11-17 tester 电话: 李四：本周五前付清"),
        "{shown}"
    );
}

#[test]
fn aging_puts_each_overdue_amount_in_its_bucket_per_unit_and_in_total() {
    let d = Desk::new();
    d.unit("A-1203", "100.00", "office", None);
    d.unit("A-1204", "100.00", "office", None);
    // On 2026-11-23: 10, 45, 75 and 120 days overdue.
    for (amount, due) in [
        ("100.00", "2026-11-13"),
        ("200.00", "2026-10-09"),
        ("300.00", "2026-09-09"),
        ("400.00", "2026-07-26"),
    ] {
        d.run(&[
            "bill",
            "charge",
            "A-1203",
            amount,
            "--item",
            "repair-fee",
            "--text",
            "维修",
            "--due",
            due,
        ])
        .ok();
    }
    // The edges: 30 days (0-30), 31 days (31-60), due today (not overdue).
    for (amount, due) in [
        ("30.00", "2026-10-24"),
        ("31.00", "2026-10-23"),
        ("5.00", "2026-11-23"),
    ] {
        d.run(&[
            "bill", "charge", "A-1204", amount, "--item", "energy", "--text", "电费", "--due", due,
        ])
        .ok();
    }
    let out = d.run(&[
        "--date",
        "2026-11-23",
        "--format",
        "json",
        "dunning",
        "aging",
    ]);
    let v: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"unit": "A-1203", "days_0_30": "100.00", "days_31_60": "200.00", "days_61_90": "300.00", "days_over_90": "400.00", "total": "1000.00"},
            {"unit": "A-1204", "days_0_30": "30.00", "days_31_60": "31.00", "days_61_90": "0.00", "days_over_90": "0.00", "total": "61.00"},
            {"unit": "total", "days_0_30": "130.00", "days_31_60": "231.00", "days_61_90": "300.00", "days_over_90": "400.00", "total": "1061.00"}
        ])
    );
    let table = d.run(&["--date", "2026-11-23", "--locale", "en", "dunning", "aging"]);
    assert!(
        table
            .ok()
            .lines()
            .last()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            == vec!["Total", "130.00", "231.00", "300.00", "400.00", "1,061.00"],
        "{}",
        table.stdout
    );
    // A month later everything has moved up a bucket or stayed over 90.
    let out = d.run(&[
        "--date",
        "2026-12-23",
        "--format",
        "json",
        "dunning",
        "aging",
    ]);
    let v: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        v[2],
        serde_json::json!({"unit": "total", "days_0_30": "5.00", "days_31_60": "130.00", "days_61_90": "231.00", "days_over_90": "700.00", "total": "1066.00"})
    );
}

#[test]
fn a_tenant_who_reads_english_gets_english_notices_in_a_chinese_office() {
    let d = Desk::new();
    let tenant = d.tenant(
        "Blue Finch Ltd",
        &[
            "--kind",
            "company",
            "--contact",
            "Ms Wong",
            "--language",
            "en",
        ],
    );
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    assert_eq!(
        out.ok(),
        "A-1203\t2,500.00\tnotices/2026/11/20261101-A-1203-payment-notice.en.html\n"
    );
    run_days(&d, &["2026-11-19"]);
    let out = on(
        &d,
        "2026-11-19",
        &["--by", "王经理", "dunning", "approve", "A-1203"],
    );
    // The desk's own lines stay in the office's language.
    assert_eq!(
        out.ok(),
        "A-1203: step approved\nA-1203: notice notices/2026/11/20261119-A-1203-dunning-notice.en.html\n"
    );
    assert!(!d.exists("notices/2026/11/20261119-A-1203-dunning-notice.zh-CN.html"));
    let notice = d.read("notices/2026/11/20261119-A-1203-dunning-notice.en.html");
    for line in [
        "<h1>Dunning notice</h1>",
        "<tr><th>To</th><td>Blue Finch Ltd, attn. Ms Wong</td></tr>",
        "<p>The following fees, due since 15 November 2026, are now 4 days overdue and remain unpaid (CNY):</p>",
        "<tr><th>Total to pay</th><td><strong>CNY 2,500.00</strong></td></tr>",
        "Please pay the total above by <strong>22 November 2026</strong>.",
    ] {
        assert!(notice.contains(line), "{line}\n{notice}");
    }
    // Signed for by the company's contact.
    on(&d, "2026-11-20", &["dunning", "sign", "A-1203"]).ok();
    assert!(
        d.read("dunning/A-1203.yaml")
            .contains("  signed_by: Ms Wong\n")
    );
}

#[test]
fn party_edit_language_switches_a_tenants_notices_to_english() {
    let d = Desk::new();
    let tenant = d.tenant("Blue Finch Ltd", &["--kind", "company"]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    d.run(&["party", "edit", &tenant, "--language", "en"]).ok();
    assert!(
        d.read(&format!("parties/{tenant}.yaml"))
            .contains("language: en\n")
    );
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    assert!(
        out.ok().ends_with("payment-notice.en.html\n"),
        "{}",
        out.stdout
    );
    run_days(&d, &["2026-11-19"]);
    let out = on(&d, "2026-11-19", &["dunning", "approve", "A-1203"]);
    assert!(
        out.ok().ends_with("-dunning-notice.en.html\n"),
        "{}",
        out.stdout
    );
    // And back to the office's language.
    d.run(&["party", "edit", &tenant, "--language", "office"])
        .ok();
    assert!(
        !d.read(&format!("parties/{tenant}.yaml"))
            .contains("language:")
    );
}

#[test]
fn notices_tell_the_tenant_when_late_fees_really_start() {
    let t = billed();
    run_days(&t, &["2026-11-19", "2026-11-21"]);
    on(&t, "2026-11-21", &["dunning", "approve", "A-1203"]).ok();
    // 6 days overdue, but 2.50 = 2 days of late fee (the 20th and 21st): a tenant told
    // "from the day after the due date" would expect 7.50.
    let dunning = t.read("notices/2026/11/20261121-A-1203-dunning-notice.zh-CN.html");
    assert!(
        dunning.contains("<tr><th>已计滞纳金</th><td>CNY 2.50</td></tr>"),
        "{dunning}"
    );
    assert!(!dunning.contains("自到期日次日起"), "{dunning}");
    let payment = t.read("notices/2026/11/20261101-A-1203-payment-notice.zh-CN.html");
    assert!(!payment.contains("自到期日次日起"), "{payment}");
}

#[test]
fn a_dunning_notice_is_refused_before_its_step_and_while_the_step_awaits_approval() {
    let t = billed();
    // Day 2: a case is open, but the written notice is the step of day 4.
    run_days(&t, &["2026-11-16", "2026-11-17"]);
    let files = t.files("notices");
    let out = on(&t, "2026-11-17", &["notice", "dunning-notice", "A-1203"]);
    let err = out.fails(1);
    assert!(
        err.contains(
            "A-1203's case has not taken the step that files the dunning-notice: \
             day 4: written notice, due 2026-11-19"
        ),
        "{err}"
    );
    assert!(err.contains("propdesk dunning run"), "{err}");
    // The request to suspend services is the step of day 6.
    let out = on(
        &t,
        "2026-11-17",
        &["notice", "suspension-request", "A-1203"],
    );
    assert!(
        out.fails(1)
            .contains("day 6: suspend services, due 2026-11-21")
    );
    assert_eq!(t.files("notices"), files, "nothing filed");
    // Day 4: the step is taken, but waits for the manager.
    run_days(&t, &["2026-11-18", "2026-11-19"]);
    let files = t.files("notices");
    let out = on(&t, "2026-11-19", &["notice", "dunning-notice", "A-1203"]);
    let err = out.fails(1);
    assert!(
        err.contains(
            "the dunning-notice of A-1203 waits for the manager's approval of day 4: written notice"
        ),
        "{err}"
    );
    assert!(err.contains("propdesk dunning approve A-1203"), "{err}");
    assert_eq!(t.files("notices"), files, "nothing filed");
    // Approved: the approval files it, and it may be printed again.
    on(
        &t,
        "2026-11-19",
        &["--by", "王经理", "dunning", "approve", "A-1203"],
    )
    .ok();
    let out = on(
        &t,
        "2026-11-19",
        &["notice", "dunning-notice", "A-1203", "-o", "-"],
    );
    assert!(out.ok().contains("催款通知书"), "{}", out.ok());
}

#[test]
fn a_case_closes_whatever_clears_the_arrears_a_waiver_or_a_deposit_applied() {
    // A waiver of everything owed, late fees accrued included.
    let t = billed();
    run_days(&t, &["2026-11-19"]);
    let out = on(
        &t,
        "2026-11-22",
        &[
            "bill",
            "waive",
            "A-1203",
            "2503.75",
            "--approver",
            "王经理",
            "--reason",
            "业主减免",
        ],
    );
    assert_eq!(
        out.ok(),
        "A-1203: entry 3: waiver 2,503.75 减免; balance 0.00\nA-1203: dunning case closed\n"
    );
    assert!(
        case(&t).starts_with("unit: A-1203\nstatus: closed\n"),
        "{}",
        case(&t)
    );
    // Nothing overdue: the manager has nothing to approve.
    let err = on(&t, "2026-11-22", &["dunning", "approve", "A-1203"]);
    assert!(
        err.fails(1)
            .contains("the dunning case of A-1203 is closed"),
        "{}",
        err.stderr
    );

    // The lease deposit applied to the arrears.
    let t = billed();
    on(
        &t,
        "2026-11-02",
        &["pay", "A-1203", "5000", "--deposit", "lease"],
    )
    .ok();
    run_days(&t, &["2026-11-16"]);
    let out = on(
        &t,
        "2026-11-16",
        &["ledger", "apply", "A-1203", "2500", "--deposit", "lease"],
    );
    assert!(
        out.ok().ends_with("A-1203: dunning case closed\n"),
        "{}",
        out.stdout
    );
    assert!(
        case(&t).starts_with("unit: A-1203\nstatus: closed\n"),
        "{}",
        case(&t)
    );
}
