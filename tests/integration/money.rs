//! `propdesk bill`, `pay` and `ledger`: what units owe, money in, deposits held.
//!
//! Amounts follow the default office.toml: property fee 25.00/m²/month for offices,
//! 35.00 for shops, parking 600.00; due on the 15th; late fees 0.05% a day from day 5
//! after the due date.

use std::collections::BTreeMap;

use crate::common::*;

/// An office with an owner, for tests that add their own units and tenants.
pub struct Desk {
    pub t: Test,
    pub owner: String,
}

impl std::ops::Deref for Desk {
    type Target = Test;
    fn deref(&self) -> &Test {
        &self.t
    }
}

impl Desk {
    /// A new zh-CN office (no records) with the owner 远景置业.
    pub fn new() -> Desk {
        let t = Test::office();
        let owner = add_party(
            &t,
            &["--name", "远景置业", "--kind", "company", "--role", "owner"],
        );
        Desk { t, owner }
    }

    /// A tenant `name`; `extra` are more `party add` flags.
    pub fn tenant(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["--name", name, "--role", "tenant"];
        args.extend_from_slice(extra);
        add_party(&self.t, &args)
    }

    /// A unit owned by 远景置业, let to `occupant` if given (occupied) or vacant.
    pub fn unit(&self, id: &str, area: &str, usage: &str, occupant: Option<&str>) {
        let mut args = vec![
            "unit",
            "add",
            id,
            "--area",
            area,
            "--use",
            usage,
            "--owner",
            &self.owner,
        ];
        if let Some(o) = occupant {
            args.extend(["--occupant", o]);
        }
        self.t.run(&args).ok();
    }

    /// Sets a unit's `fees_from` or `fees_until` by hand in its record (see the ignored
    /// test `unit_edit_fees_from_prorates_the_first_month`: the flags panic).
    pub fn set_fee_date(&self, unit: &str, field: &str, date: &str) {
        let rel = format!("units/{unit}.yaml");
        let rec = self.t.read(&rel);
        assert!(rec.contains("\nhistory:"), "{rec}");
        self.t.write(
            &rel,
            &rec.replacen("\nhistory:", &format!("\n{field}: \"{date}\"\nhistory:"), 1),
        );
    }
}

pub fn add_party(t: &Test, args: &[&str]) -> String {
    let mut a = vec!["party", "add"];
    a.extend_from_slice(args);
    t.run(&a).ok().trim().to_string()
}

/// A-1203 (100.00 m² office) let to 李四, with November billed on 1 November:
/// entry 1, 2,500.00, due 2026-11-15.
pub fn billed() -> Desk {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    assert_eq!(
        out.ok(),
        "A-1203\t2,500.00\tnotices/2026/11/20261101-A-1203-payment-notice.zh-CN.html\n"
    );
    d
}

/// Every file of the office and its bytes, except propdesk's lock.
pub fn snapshot(t: &Test) -> BTreeMap<String, Vec<u8>> {
    t.files("")
        .into_iter()
        .filter(|p| !p.starts_with(".propdesk/"))
        .map(|p| {
            let bytes = std::fs::read(t.path().join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Asserts that the run changed no file.
#[track_caller]
pub fn assert_unchanged(before: &BTreeMap<String, Vec<u8>>, t: &Test) {
    let after = snapshot(t);
    let before_names: Vec<&String> = before.keys().collect();
    let after_names: Vec<&String> = after.keys().collect();
    assert_eq!(before_names, after_names, "files were added or removed");
    for (p, b) in before {
        assert!(
            after[p] == *b,
            "{p} changed:\n{}",
            String::from_utf8_lossy(&after[p])
        );
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn a_whole_month_is_rate_times_area_and_a_vacant_unit_is_not_billed() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "123.45", "office", Some(&tenant));
    d.unit("A-1204", "80.00", "office", None);
    d.unit("B-101", "50.00", "shop", Some(&tenant));
    d.unit("A-105", "12.50", "parking", Some(&tenant));
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    // 25.00 x 123.45 = 3,086.25; 35.00 x 50.00 = 1,750.00; parking a fixed 600.00.
    assert_eq!(
        out.ok(),
        "A-105\t600.00\tnotices/2026/11/20261101-A-105-payment-notice.zh-CN.html\n\
         A-1203\t3,086.25\tnotices/2026/11/20261101-A-1203-payment-notice.zh-CN.html\n\
         B-101\t1,750.00\tnotices/2026/11/20261101-B-101-payment-notice.zh-CN.html\n"
    );
    // The vacant A-1204 has no ledger and no notice.
    assert_eq!(
        d.files("ledger"),
        vec![
            "ledger/.gitkeep",
            "ledger/A-105/2026.yaml",
            "ledger/A-1203/2026.yaml",
            "ledger/B-101/2026.yaml"
        ]
    );
    assert!(!d.files("notices").iter().any(|p| p.contains("A-1204")));
    // Billed to the tenant's occupancy.
    assert_eq!(
        d.read("ledger/A-1203/2026.yaml"),
        format!(
            "unit: A-1203\n\
             year: 2026\n\
             entries:\n\
             - entry: 1\n  \
               date: \"2026-11-01\"\n  \
               kind: charge\n  \
               item: property-fee\n  \
               amount: \"3086.25\"\n  \
               for: 2026年11月物业管理费\n  \
               period: 2026-11\n  \
               due: \"2026-11-15\"\n  \
               party: {tenant}\n  \
               by: tester\n  \
               at: \"2026-11-23T09:30:00+08:00\"\n"
        )
    );
    assert!(
        d.read("ledger/A-105/2026.yaml")
            .contains("item: parking\n  amount: \"600.00\"\n  for: 2026年11月停车费\n")
    );
    // The payment notice names the tenant, the amount and the due date.
    let notice = d.read("notices/2026/11/20261101-A-1203-payment-notice.zh-CN.html");
    assert!(notice.contains("<h1>缴费通知单</h1>"), "{notice}");
    assert!(
        notice.contains("<tr><th>致</th><td>李四</td></tr>"),
        "{notice}"
    );
    assert!(
        notice.contains("<tr><th>本月费用到期日</th><td>2026年11月15日</td></tr>"),
        "{notice}"
    );
    assert!(
        notice.contains("<tr><td>第1项 物业管理费</td><td>2026年11月物业管理费</td><td>2026年11月15日</td><td class=\"n\">3,086.25</td></tr>"),
        "{notice}"
    );
    assert!(
        notice.contains("<tr><th>本次应缴</th><td><strong>CNY 3,086.25</strong></td></tr>"),
        "{notice}"
    );
    // Every unit's balance.
    let v = json(&d.run(&["--format", "json", "ledger"]));
    let rows: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["unit"].as_str().unwrap().into(),
                r["balance"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("A-105".into(), "600.00".into()),
            ("A-1203".into(), "3086.25".into()),
            ("B-101".into(), "1750.00".into())
        ]
    );
}

#[test]
fn months_in_which_fees_start_or_stop_are_charged_by_the_day() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    d.unit("A-1204", "80.00", "office", Some(&tenant));
    d.set_fee_date("A-1203", "fees_from", "2026-11-20");
    d.set_fee_date("A-1204", "fees_until", "2026-11-10");
    // October: A-1203's fees had not started; A-1204 is charged the whole month.
    let out = d.run(&["--date", "2026-10-01", "bill", "run", "--month", "2026-10"]);
    assert_eq!(
        out.ok(),
        "A-1204\t2,000.00\tnotices/2026/10/20261001-A-1204-payment-notice.zh-CN.html\n"
    );
    assert!(!d.exists("ledger/A-1203/2026.yaml"));
    // October paid, so no late fee reaches November's bill.
    d.run(&["--date", "2026-10-10", "pay", "A-1204", "2000"])
        .ok();
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    // 2,500.00 x 11/30 = 916.666... -> 916.67; 2,000.00 x 10/30 = 666.666... -> 666.67.
    assert_eq!(
        out.ok(),
        "A-1203\t916.67\tnotices/2026/11/20261101-A-1203-payment-notice.zh-CN.html\n\
         A-1204\t666.67\tnotices/2026/11/20261101-A-1204-payment-notice.zh-CN.html\n"
    );
    assert!(
        d.read("ledger/A-1203/2026.yaml")
            .contains("  amount: \"916.67\"\n  for: 2026年11月物业管理费（按11/30天计）\n")
    );
    assert!(
        d.read("ledger/A-1204/2026.yaml")
            .contains("  amount: \"666.67\"\n  for: 2026年11月物业管理费（按10/30天计）\n")
    );
    // December: A-1203 a whole month, A-1204 nothing (its fees stopped).
    // November's 916.67 unpaid: its late fee of 20-30 November (11 days at 0.05%:
    // 5.04) is posted by December's run.
    let out = d.run(&["--date", "2026-12-01", "bill", "run", "--month", "2026-12"]);
    assert_eq!(
        out.ok(),
        "A-1203\t2,500.00\tnotices/2026/12/20261201-A-1203-payment-notice.zh-CN.html\tlate fees posted 5.04\n"
    );
}

#[test]
fn unit_edit_fees_from_prorates_the_first_month() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    d.run(&["unit", "edit", "A-1203", "--fees-from", "2026-11-20"])
        .ok();
    d.run(&["unit", "edit", "A-1203", "--fees-until", "2027-02-10"])
        .ok();
    let rec = d.read("units/A-1203.yaml");
    assert!(
        rec.contains("fees_from: \"2026-11-20\"\nfees_until: \"2027-02-10\"\n"),
        "{rec}"
    );
    let out = d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"]);
    assert!(out.ok().starts_with("A-1203\t916.67\t"), "{}", out.stdout);
}

#[test]
fn billing_a_month_again_changes_nothing() {
    let d = billed();
    let before = snapshot(&d);
    let again = d.run(&["--date", "2026-11-02", "bill", "run", "--month", "2026-11"]);
    assert_eq!(again.ok(), "");
    assert_eq!(again.stderr, "");
    assert_unchanged(&before, &d);
}

#[test]
fn a_payment_clears_late_fees_and_fines_first_then_the_oldest_due_date() {
    let d = billed();
    // October's fee, charged by hand on 1 November, due in October.
    d.run(&[
        "--date",
        "2026-11-01",
        "bill",
        "charge",
        "A-1203",
        "1000",
        "--item",
        "property-fee",
        "--text",
        "2026年10月物业管理费",
        "--due",
        "2026-10-15",
    ])
    .ok();
    let out = d.run(&[
        "--date",
        "2026-11-02",
        "bill",
        "charge",
        "A-1203",
        "200",
        "--item",
        "fine",
        "--text",
        "违规停车罚款",
        "--due",
        "2026-11-30",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 3: charge 200.00 违规停车罚款; balance 3,700.00\n"
    );
    // Paid on the 19th: the October charge (entry 2, due 10-15) has accrued late fees
    // from 10-20: 31 days x 0.50 = 15.50, posted first and cleared first; then the
    // fine (a clearing-order item, though not due yet); then the oldest due date.
    let out = d.run(&[
        "--date",
        "2026-11-19",
        "pay",
        "A-1203",
        "1300",
        "--ref",
        "R-1",
        "--method",
        "transfer",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: late fee 15.50 on entry 2 posted, 2026-10-20 to 2026-11-19\n\
         A-1203: entry 5: payment 1,300.00: 15.50 to entry 4, 200.00 to entry 3, 1,000.00 to entry 2, 84.50 to entry 1; balance 2,415.50\n\
         notices/2026/11/20261119-SJ-20261119-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let ledger = d.read("ledger/A-1203/2026.yaml");
    assert!(
        ledger.contains(
            "- entry: 4\n  date: \"2026-11-19\"\n  kind: charge\n  item: late-fee\n  amount: \"15.50\"\n  \
             for: 2026年10月物业管理费 滞纳金 10月20日至11月19日 31天 日万分之五\n  due: \"2026-11-19\"\n  charge: 2\n  \
             from: \"2026-10-20\"\n  through: \"2026-11-19\"\n"
        ),
        "{ledger}"
    );
    assert!(
        ledger.contains(
            "  method: transfer\n  ref: R-1\n  receipt: SJ-20261119-A-1203-16Q4\n  payer: 李四\n  applied:\n  - charge: 4\n    amount: \"15.50\"\n  - charge: 3\n    amount: \"200.00\"\n  \
             - charge: 2\n    amount: \"1000.00\"\n  - charge: 1\n    amount: \"84.50\"\n"
        ),
        "{ledger}"
    );
    // A repair due 11-10 is older than November's fee (due 11-15): by default it would
    // be cleared first, but --for 1 puts November's fee first. Its own late fee (from
    // 11-15, 5 days x 0.15) is posted first.
    d.run(&[
        "--date",
        "2026-11-19",
        "bill",
        "charge",
        "A-1203",
        "300",
        "--item",
        "repair-fee",
        "--text",
        "更换门锁",
        "--due",
        "2026-11-10",
    ])
    .ok();
    // November's fee accrues nothing before the 20th, and the payment reaches nothing
    // else: no late fee is posted.
    let out = d.run(&["--date", "2026-11-19", "pay", "A-1203", "100", "--for", "1"]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 7: payment 100.00: 100.00 to entry 1; balance 2,615.50\n\
         notices/2026/11/20261119-SJ-20261119-A-1203-73VX-receipt.zh-CN.html\n"
    );
    // Without --for, the clearing order reaches the repair's late fee first: it is
    // posted, then cleared.
    let out = d.run(&["--date", "2026-11-19", "pay", "A-1203", "50"]);
    assert_eq!(
        out.ok(),
        "A-1203: late fee 0.75 on entry 6 posted, 2026-11-15 to 2026-11-19\n\
         A-1203: entry 9: payment 50.00: 0.75 to entry 8, 49.25 to entry 6; balance 2,566.25\n\
         notices/2026/11/20261119-SJ-20261119-A-1203-YAN4-receipt.zh-CN.html\n"
    );
    // --for a cleared or unknown charge is refused.
    let err = d.run(&["--date", "2026-11-19", "pay", "A-1203", "10", "--for", "3"]);
    assert!(
        err.fails(1)
            .contains("charge 3 of A-1203 (违规停车罚款) is already cleared"),
        "{}",
        err.stderr
    );
    let err = d.run(&["--date", "2026-11-19", "pay", "A-1203", "10", "--for", "99"]);
    assert!(
        err.fails(1).contains("A-1203 has no charge number 99"),
        "{}",
        err.stderr
    );
}

#[test]
fn a_partial_payment_on_a_late_day_posts_the_late_fee_first_and_keeps_it() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    let out = d.run(&[
        "--date",
        "2026-11-01",
        "bill",
        "charge",
        "A-1203",
        "1000.00",
        "--item",
        "repair-fee",
        "--text",
        "更换水管",
        "--due",
        "2026-11-15",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 1: charge 1,000.00 更换水管; balance 1,000.00\n"
    );
    // The 20th to the 25th: 6 days x 0.05% x 1,000.00 = 3.00.
    let out = d.run(&["--date", "2026-11-25", "pay", "A-1203", "500"]);
    assert_eq!(
        out.ok(),
        "A-1203: late fee 3.00 on entry 1 posted, 2026-11-20 to 2026-11-25\n\
         A-1203: entry 3: payment 500.00: 3.00 to entry 2, 497.00 to entry 1; balance 503.00\n\
         notices/2026/11/20261125-SJ-20261125-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let ledger = d.read("ledger/A-1203/2026.yaml");
    assert!(
        ledger.contains(
            "- entry: 2\n  date: \"2026-11-25\"\n  kind: charge\n  item: late-fee\n  amount: \"3.00\"\n"
        ),
        "{ledger}"
    );
    assert!(
        ledger.contains(
            "  applied:\n  - charge: 2\n    amount: \"3.00\"\n  - charge: 1\n    amount: \"497.00\"\n"
        ),
        "{ledger}"
    );
    // From the 26th the fee runs on the 503.00 left: 5 days x 0.2515 = 1.2575 -> 1.26.
    let statement = d.run(&["--date", "2026-11-30", "ledger", "A-1203"]);
    assert!(
        statement.ok().ends_with(
            "\nA-1203 李四: 2026-11-30  余额 503.00  逾期 503.00  已计未入账滞纳金 1.26  押金余额 0.00\n"
        ),
        "{}",
        statement.stdout
    );
    let out = d.run(&["--date", "2026-11-30", "pay", "A-1203", "504.26"]);
    assert_eq!(
        out.ok(),
        "A-1203: late fee 1.26 on entry 1 posted, 2026-11-26 to 2026-11-30\n\
         A-1203: entry 5: payment 504.26: 1.26 to entry 4, 503.00 to entry 1; balance 0.00\n\
         notices/2026/11/20261130-SJ-20261130-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    // Through the 30th: 3.00 + 1.26 posted, never more, however often it is asked.
    let v = json(&d.run(&[
        "--date",
        "2026-12-05",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    let fees: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["item"] == "late-fee")
        .map(|r| r["debit"].as_str().unwrap())
        .collect();
    assert_eq!(fees, vec!["3.00", "1.26"]);
}

#[test]
fn money_paid_in_advance_clears_the_next_months_bill() {
    let d = billed();
    let out = d.run(&[
        "--date",
        "2026-11-10",
        "pay",
        "A-1203",
        "3000",
        "--method",
        "cash",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 2: payment 3,000.00: 2,500.00 to entry 1; 500.00 paid in advance; balance -500.00\n\
         notices/2026/11/20261110-SJ-20261110-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let out = d.run(&["--date", "2026-12-01", "bill", "run", "--month", "2026-12"]);
    assert_eq!(
        out.ok(),
        "A-1203\t2,500.00\tnotices/2026/12/20261201-A-1203-payment-notice.zh-CN.html\n"
    );
    // The December notice asks for 2,000.00: the 500.00 already cleared part of it.
    let notice = d.read("notices/2026/12/20261201-A-1203-payment-notice.zh-CN.html");
    assert!(
        notice.contains("<tr><td colspan=\"3\">小计</td><td class=\"n\">2,000.00</td></tr>"),
        "{notice}"
    );
    assert!(
        notice.contains("<tr><th>本次应缴</th><td><strong>CNY 2,000.00</strong></td></tr>"),
        "{notice}"
    );
    let v = json(&d.run(&[
        "--date",
        "2026-12-01",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    let last = &v["entries"].as_array().unwrap()[2];
    assert_eq!(last["debit"], "2500.00");
    assert_eq!(last["outstanding"], "2000.00");
    assert_eq!(last["balance"], "2000.00");
    let out = d.run(&["--date", "2026-12-10", "pay", "A-1203", "2000"]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 4: payment 2,000.00: 2,000.00 to entry 3; balance 0.00\n\
         notices/2026/12/20261210-SJ-20261210-A-1203-16Q4-receipt.zh-CN.html\n"
    );
}

#[test]
fn deposits_are_held_apart_and_the_totals_reconcile() {
    let d = billed();
    let out = d.run(&[
        "--date",
        "2026-11-01",
        "pay",
        "A-1203",
        "6000",
        "--deposit",
        "lease",
        "--ref",
        "DEP-1",
        "--method",
        "transfer",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 2: lease deposit 6,000.00 received; deposits held 6,000.00\n\
         notices/2026/11/20261101-SJ-20261101-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    d.run(&[
        "--date",
        "2026-11-01",
        "pay",
        "A-1203",
        "100",
        "--deposit",
        "card",
    ])
    .ok();
    let out = d.run(&[
        "--date",
        "2026-11-05",
        "ledger",
        "refund",
        "A-1203",
        "1000",
        "--deposit",
        "lease",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 4: 退还租赁押金 1,000.00; deposits held 5,100.00; balance 2,500.00\n"
    );
    let out = d.run(&[
        "--date",
        "2026-11-10",
        "ledger",
        "apply",
        "A-1203",
        "500",
        "--deposit",
        "lease",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 5: 抵扣欠费：租赁押金 500.00; deposits held 4,600.00; balance 2,000.00\n"
    );
    // A deposit is not a payment: receiving it left the fee balance alone.
    let v = json(&d.run(&[
        "--date",
        "2026-11-10",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    let balances: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["balance"].as_str().unwrap())
        .collect();
    assert_eq!(
        balances,
        vec!["2500.00", "2500.00", "2500.00", "2500.00", "2000.00"]
    );
    let v = json(&d.run(&["--format", "json", "ledger", "--deposits"]));
    assert_eq!(
        v,
        serde_json::json!([
            {"unit": "A-1203", "kind": "lease", "received": "6000.00", "refunded": "1000.00", "applied": "500.00", "held": "4500.00"},
            {"unit": "A-1203", "kind": "card", "received": "100.00", "refunded": "0.00", "applied": "0.00", "held": "100.00"},
            {"unit": "total", "kind": null, "received": "6100.00", "refunded": "1000.00", "applied": "500.00", "held": "4600.00"}
        ])
    );
    let table = d.run(&["ledger", "--deposits"]);
    assert!(
        table
            .ok()
            .ends_with("\n押金结存 4,600.00 = 6,100.00 - 1,000.00 - 500.00\n"),
        "{}",
        table.stdout
    );
    // Never below zero: a refund or use of more than is held is refused, nothing written.
    let before = snapshot(&d);
    let err = d.run(&[
        "ledger",
        "refund",
        "A-1203",
        "4500.01",
        "--deposit",
        "lease",
    ]);
    assert!(
        err.fails(1)
            .contains("error: A-1203 holds 4500.00 of lease deposit, less than 4500.01"),
        "{}",
        err.stderr
    );
    let err = d.run(&["ledger", "refund", "A-1203", "1", "--deposit", "pass"]);
    assert!(
        err.fails(1)
            .contains("A-1203 holds 0.00 of pass deposit, less than 1.00"),
        "{}",
        err.stderr
    );
    let err = d.run(&[
        "--date",
        "2026-11-10",
        "ledger",
        "apply",
        "A-1203",
        "2000.01",
        "--deposit",
        "lease",
    ]);
    assert!(
        err.fails(1)
            .contains("cannot apply 2000.01 of deposit: only 2000.00 is owed"),
        "{}",
        err.stderr
    );
    assert_unchanged(&before, &d);
    // Refunding all that is held leaves exactly zero.
    d.run(&["ledger", "refund", "A-1203", "4500", "--deposit", "lease"])
        .ok();
    let v = json(&d.run(&["--format", "json", "ledger", "--deposits"]));
    assert_eq!(v[0]["held"], "0.00");
    assert_eq!(v[2]["held"], "100.00");
}

#[test]
fn waivers_and_adjustments_need_an_approver_and_a_waiver_cannot_exceed_what_is_owed() {
    let d = billed();
    let before = snapshot(&d);
    let err = d.run(&["bill", "waive", "A-1203", "100", "--reason", "好意"]);
    assert!(
        err.fails(2).contains(
            "the following required arguments were not provided:\n  --approver <APPROVER>"
        ),
        "{}",
        err.stderr
    );
    let err = d.run(&[
        "bill",
        "waive",
        "A-1203",
        "2505.01",
        "--approver",
        "王经理",
        "--reason",
        "好意",
    ]);
    // 2,500.00 owed and 4 days of late fee accrued (20-23 November, 5.00).
    assert_eq!(
        err.fails(1),
        "error: cannot waive 2505.01: only 2505.00 is owed\n"
    );
    let err = d.run(&[
        "bill",
        "adjust",
        "A-1203",
        "50",
        "--item",
        "energy",
        "--text",
        "电费调整",
        "--reason",
        "抄表错误",
    ]);
    assert!(
        err.fails(2).contains("--approver <APPROVER>"),
        "{}",
        err.stderr
    );
    assert_unchanged(&before, &d);
    let out = d.run(&[
        "--date",
        "2026-11-05",
        "bill",
        "waive",
        "A-1203",
        "500",
        "--for",
        "1",
        "--approver",
        "王经理",
        "--reason",
        "空调故障停用",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 2: waiver 500.00 减免; balance 2,000.00\n"
    );
    let out = d.run(&[
        "--date",
        "2026-11-05",
        "bill",
        "adjust",
        "A-1203",
        "50",
        "--item",
        "energy",
        "--text",
        "电费调整",
        "--approver",
        "王经理",
        "--reason",
        "抄表错误",
    ]);
    assert_eq!(
        out.ok(),
        "A-1203: entry 3: adjustment 50.00 电费调整; balance 2,050.00\n"
    );
    let ledger = d.read("ledger/A-1203/2026.yaml");
    assert!(
        ledger.contains(
            "- entry: 2\n  date: \"2026-11-05\"\n  kind: waiver\n  amount: \"500.00\"\n  for: 减免\n  charge: 1\n  \
             approver: 王经理\n  reason: 空调故障停用\n  applied:\n  - charge: 1\n    amount: \"500.00\"\n"
        ),
        "{ledger}"
    );
    assert!(
        ledger.contains("  kind: adjustment\n  item: energy\n  amount: \"50.00\"\n  for: 电费调整\n  due: \"2026-11-05\"\n  approver: 王经理\n  reason: 抄表错误\n"),
        "{ledger}"
    );
}

#[test]
fn bad_input_is_refused_with_what_is_wrong_and_writes_nothing() {
    let d = billed();
    let before = snapshot(&d);
    assert_eq!(
        d.run(&["pay", "Z-999", "100"]).fails(1),
        "error: no unit \"Z-999\"\n"
    );
    assert_eq!(
        d.run(&["ledger", "Z-999"]).fails(1),
        "error: no unit \"Z-999\"\n"
    );
    let err = d.run(&["pay", "A-1203", "12.345"]);
    assert!(
        err.fails(2)
            .contains("invalid amount \"12.345\": more than two decimals"),
        "{}",
        err.stderr
    );
    let err = d.run(&["pay", "A-1203", "0"]);
    assert!(
        err.fails(2)
            .contains("invalid amount \"0\": must be more than 0"),
        "{}",
        err.stderr
    );
    let err = d.run(&["pay", "A-1203", "-5"]);
    err.fails(2);
    let err = d.run(&["pay", "A-1203", "10", "--method", "bitcoin"]);
    err.fails(2);
    let err = d.run(&["pay", "A-1203", "10", "--for", "1", "--deposit", "lease"]);
    assert!(
        err.fails(2).contains("cannot be used with"),
        "{}",
        err.stderr
    );
    let err = d.run(&[
        "bill",
        "charge",
        "A-1203",
        "5",
        "--item",
        "late-fee",
        "--text",
        "手工滞纳金",
    ]);
    assert!(
        err.fails(2).contains(
            "late fees accrue and are posted by `pay`, `bill run` and settlements, not by hand"
        ),
        "{}",
        err.stderr
    );
    let err = d.run(&["bill", "run", "--month", "2026-13"]);
    assert!(
        err.fails(2).contains("invalid month \"2026-13\""),
        "{}",
        err.stderr
    );
    assert_unchanged(&before, &d);
}

#[test]
fn dry_run_shows_the_change_and_writes_nothing() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    let before = snapshot(&d);
    let out = d.run(&[
        "--dry-run",
        "--date",
        "2026-11-01",
        "bill",
        "run",
        "--month",
        "2026-11",
    ]);
    let shown = out.ok();
    assert!(
        shown.contains("would create notices/2026/11/20261101-A-1203-payment-notice.zh-CN.html\n")
            && shown.contains("would create ledger/A-1203/2026.yaml\n+ unit: A-1203\n")
            && shown.contains("+   amount: \"2500.00\"\n"),
        "{shown}"
    );
    assert!(!shown.contains("A-1203\t2,500.00"), "{shown}");
    assert_unchanged(&before, &d);
    d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"])
        .ok();
    let before = snapshot(&d);
    let out = d.run(&["--dry-run", "--date", "2026-11-25", "pay", "A-1203", "500"]);
    let shown = out.ok();
    assert!(
        shown.starts_with("would update ledger/A-1203/2026.yaml\n")
            && shown.contains("+   item: late-fee\n+   amount: \"7.50\"\n")
            && shown.contains("+   kind: payment\n+   amount: \"500.00\"\n"),
        "{shown}"
    );
    assert_unchanged(&before, &d);
}

#[test]
fn the_statement_shows_the_running_balance_in_table_and_json() {
    let d = billed();
    d.run(&[
        "--date",
        "2026-11-03",
        "bill",
        "charge",
        "A-1203",
        "180.50",
        "--item",
        "repair-fee",
        "--text",
        "更换灯管",
        "--due",
        "2026-11-15",
        "--ref",
        "W-7",
    ])
    .ok();
    d.run(&[
        "--date",
        "2026-11-10",
        "pay",
        "A-1203",
        "1000",
        "--ref",
        "R-9",
    ])
    .ok();
    let v = json(&d.run(&[
        "--date",
        "2026-11-10",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    // The summary beside the entries, for scripts.
    assert_eq!(
        v["summary"],
        serde_json::json!({
            "balance": "1680.50", "overdue": "0.00", "late_fees_accrued": "0.00",
            "owed_with_late_fees": "1680.50", "deposits_held": "0.00", "credit": "0.00"
        })
    );
    assert_eq!(
        (v["unit"].as_str(), v["date"].as_str()),
        (Some("A-1203"), Some("2026-11-10"))
    );
    assert_eq!(
        v["entries"],
        serde_json::json!([
            {"no": 1, "date": "2026-11-01", "kind": "charge", "item": "property-fee", "for": "2026年11月物业管理费",
             "due": "2026-11-15", "debit": "2500.00", "credit": null, "deposit": null, "balance": "2500.00",
             "outstanding": "1500.00", "ref": null, "by": "tester", "receipt": null},
            {"no": 2, "date": "2026-11-03", "kind": "charge", "item": "repair-fee", "for": "更换灯管",
             "due": "2026-11-15", "debit": "180.50", "credit": null, "deposit": null, "balance": "2680.50",
             "outstanding": "180.50", "ref": "W-7", "by": "tester", "receipt": null},
            {"no": 3, "date": "2026-11-10", "kind": "payment", "item": null, "for": "缴款",
             "due": null, "debit": null, "credit": "1000.00", "deposit": null, "balance": "1680.50",
             "outstanding": null, "ref": "R-9", "by": "tester", "receipt": "SJ-20261110-A-1203-16Q4"}
        ])
    );
    let table = d.run(&["--date", "2026-11-10", "ledger", "A-1203"]);
    assert!(
        table
            .ok()
            .ends_with("\nA-1203 李四: 2026-11-10  余额 1,680.50  逾期 0.00  押金余额 0.00\n"),
        "{}",
        table.stdout
    );
    // The statement notice (对账单) is filed with the same figures.
    let out = d.run(&["--date", "2026-11-10", "ledger", "A-1203", "--notice"]);
    assert_eq!(
        out.ok(),
        "notices/2026/11/20261110-A-1203-statement.zh-CN.html\n"
    );
    let notice = d.read("notices/2026/11/20261110-A-1203-statement.zh-CN.html");
    assert!(
        notice.contains("1,680.50") && notice.contains("2,680.50"),
        "{notice}"
    );
}

#[test]
fn an_entry_dated_before_the_ledgers_last_day_is_refused_and_writes_nothing() {
    let d = billed();
    // December's run on the 1st posts November's late fee (20-30 November).
    d.run(&["--date", "2026-12-01", "bill", "run", "--month", "2026-12"])
        .ok();
    let before = snapshot(&d);
    for args in [
        vec!["--date", "2026-11-23", "pay", "A-1203", "100"],
        vec![
            "--date",
            "2026-11-23",
            "bill",
            "charge",
            "A-1203",
            "10",
            "--item",
            "repair-fee",
            "--text",
            "换灯泡",
        ],
    ] {
        let err = d.run(&args);
        assert!(
            err.fails(1).contains(
                "the ledger of A-1203 already has entries of 2026-12-01: an entry of 2026-11-23 cannot go after them"
            ),
            "{args:?}: {}",
            err.stderr
        );
        assert!(err.stderr.contains("--received DATE"), "{}", err.stderr);
        assert_unchanged(&before, &d);
    }
    // Money from the future is a usage error.
    let err = d.run(&[
        "--date",
        "2026-12-07",
        "pay",
        "A-1203",
        "100",
        "--received",
        "2026-12-08",
    ]);
    assert!(
        err.fails(2)
            .contains("money received on 2026-12-08 is after today, 2026-12-07"),
        "{}",
        err.stderr
    );
    assert_unchanged(&before, &d);
}

#[test]
fn a_payment_received_earlier_counts_from_its_day_and_the_late_fees_since_are_credited_back() {
    let d = billed();
    // 1 December: November's late fee through the 30th, 11 days x 1.25 = 13.75.
    d.run(&["--date", "2026-12-01", "bill", "run", "--month", "2026-12"])
        .ok();
    assert!(
        d.read("ledger/A-1203/2026.yaml")
            .contains("  amount: \"13.75\"\n")
    );
    // 7 December: a bank transfer that arrived on 23 November is recorded.
    let out = d.run(&[
        "--date",
        "2026-12-07",
        "pay",
        "A-1203",
        "2500",
        "--received",
        "2026-11-23",
        "--ref",
        "BANK-1123",
    ]);
    // It clears the posted late fee first (13.75), then 2,486.25 of November's fee.
    // Counted from the 23rd, November's fee accrued 4 days at 1.25 (20-23) and 7 days
    // on the 13.75 left (24-30): 5.00 + 0.048125 = 5.05. Posted 13.75: 8.70 back.
    assert_eq!(
        out.ok(),
        "A-1203: entry 4: payment 2,500.00: 13.75 to entry 2, 2,486.25 to entry 1; balance 2,505.05\n\
         A-1203: late fee entry 2 credited back 8.70: payment 4 counts from the day it arrived\n\
         notices/2026/11/20261123-SJ-20261123-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let ledger = d.read("ledger/A-1203/2026.yaml");
    assert!(
        ledger.contains(
            "- entry: 4\n  date: \"2026-11-23\"\n  kind: payment\n  amount: \"2500.00\"\n  for: 缴款\n  recorded: \"2026-12-07\"\n"
        ),
        "{ledger}"
    );
    assert!(
        ledger.contains(
            "- entry: 5\n  date: \"2026-12-07\"\n  kind: credit\n  amount: \"8.70\"\n  for: 冲减滞纳金：第4项缴款于2026-11-23到账\n  charge: 2\n  payment: 4\n"
        ),
        "{ledger}"
    );
    // November's fee and its late fee: 2,500.00 + 5.05 - 2,500.00 = 5.05 still owed;
    // December's 2,500.00 is not due yet.
    let v = json(&d.run(&[
        "--date",
        "2026-12-07",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    assert_eq!(v["summary"]["balance"], "2505.05");
    assert_eq!(v["summary"]["overdue"], "5.05");
    // A payment recorded late is in order for `check`; an entry moved back by hand
    // is reported.
    let out = d.run(&["check"]);
    out.ok();
    let moved = ledger.replace(
        "- entry: 3\n  date: \"2026-12-01\"",
        "- entry: 3\n  date: \"2026-11-02\"",
    );
    assert_ne!(moved, ledger);
    d.write("ledger/A-1203/2026.yaml", &moved);
    let out = d.run(&["check"]);
    out.fails(1);
    assert!(
        out.stdout.contains(
            "ledger/A-1203/2026.yaml:28: entry 3: dated 2026-11-02, before entry 2 of 2026-12-01: entries follow the days"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_month_billed_after_its_due_day_falls_due_a_week_later_and_accrues_nothing_before() {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    // November billed on 7 December: due the 14th, not 15 November.
    let out = d.run(&["--date", "2026-12-07", "bill", "run", "--month", "2026-11"]);
    assert_eq!(
        out.ok(),
        "A-1203\t2,500.00\tnotices/2026/12/20261207-A-1203-payment-notice.zh-CN.html\n"
    );
    assert_eq!(
        out.stderr,
        "2026-11 is billed after its due day (2026-11-15): its charges fall due on 2026-12-14, 7 days from today, and no late fee counts before then\n\
         created notices/2026/12/20261207-A-1203-payment-notice.zh-CN.html\ncreated ledger/A-1203/2026.yaml\n"
    );
    assert!(
        d.read("ledger/A-1203/2026.yaml")
            .contains("  due: \"2026-12-14\"\n")
    );
    let notice = d.read("notices/2026/12/20261207-A-1203-payment-notice.zh-CN.html");
    assert!(notice.contains("2026年12月14日"), "{notice}");
    // Nothing overdue, nothing accrued, on the 14th.
    assert_eq!(d.run(&["--date", "2026-12-14", "dunning", "run"]).ok(), "");
    let v = json(&d.run(&[
        "--date",
        "2026-12-14",
        "--format",
        "json",
        "ledger",
        "A-1203",
    ]));
    assert_eq!(v["summary"]["late_fees_accrued"], "0.00");
    assert_eq!(v["summary"]["overdue"], "0.00");
}

#[test]
fn a_write_that_would_bring_a_record_near_the_size_cap_is_refused_and_the_record_stays_readable() {
    let d = billed();
    // A ledger grown by hand to just under the write limit: 2,800 small charges.
    let mut text = d.read("ledger/A-1203/2026.yaml");
    let mut no = 1;
    while text.len() < 770 * 1024 {
        no += 1;
        text.push_str(&format!(
            "- entry: {no}\n  date: \"2026-11-01\"\n  kind: charge\n  item: repair-fee\n  \
             amount: \"1.00\"\n  for: 维修\n  due: \"2026-12-15\"\n  by: tester\n  \
             at: \"2026-11-01T09:00:00+08:00\"\n"
        ));
    }
    d.write("ledger/A-1203/2026.yaml", &text);
    let before = snapshot(&d);
    let err = d.run(&["--date", "2026-11-02", "pay", "A-1203", "1"]);
    let said = err.fails(1);
    assert!(
        said.contains("ledger/A-1203/2026.yaml would be")
            && said.contains("propdesk writes no file over 786432 bytes")
            && said.contains("nothing was written"),
        "{said}"
    );
    assert_unchanged(&before, &d);
    // The office's next command still reads it.
    d.run(&[
        "--date",
        "2026-11-02",
        "ledger",
        "A-1203",
        "--format",
        "json",
    ])
    .ok();
}
