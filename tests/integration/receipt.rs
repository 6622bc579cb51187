//! Receipts (收款收据): `pay` files one for every payment and deposit taken, numbered
//! SJ-<day>-<unit>-XXXX, and `notice receipt NUMBER` prints it again.
//!
//! Every run pins PROPDESK_SEED=1, so the first receipt a `pay` draws ends in 16Q4.

use crate::common::*;
use crate::money::{billed, snapshot};

/// The ledger's entries as JSON.
fn entries(t: &Test, unit: &str) -> Vec<serde_json::Value> {
    let run = t.run(&["ledger", unit, "--format", "json"]);
    let doc: serde_json::Value =
        serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    doc["entries"].as_array().cloned().unwrap_or_default()
}

/// The last line `pay` printed: the receipt's path.
fn receipt_path(out: &str) -> String {
    out.lines().last().unwrap().to_string()
}

/// The receipt number in a receipt's path.
fn number_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap();
    let start = name.find("SJ-").unwrap();
    let end = name.find("-receipt.").unwrap();
    name[start..end].to_string()
}

#[test]
fn pay_files_a_receipt_with_the_amount_what_it_cleared_and_the_payer() {
    let d = billed();
    // 14 November: before the due date, so no late fee; 2,500.00 clears entry 1 and
    // 120.25 is paid in advance.
    let out = d.run(&[
        "--now",
        "2026-11-14T10:00",
        "pay",
        "A-1203",
        "2620.25",
        "--method",
        "transfer",
        "--ref",
        "SK-001",
    ]);
    let out = out.ok();
    assert_eq!(
        out,
        "A-1203: entry 2: payment 2,620.25: 2,500.00 to entry 1; 120.25 paid in advance; balance -120.25\n\
         notices/2026/11/20261114-SJ-20261114-A-1203-16Q4-receipt.zh-CN.html\n"
    );
    let rel = receipt_path(out);
    let html = d.read(&rel);
    for want in [
        "<title>收款收据 SJ-20261114-A-1203-16Q4</title>",
        "<p class=\"no\">No. SJ-20261114-A-1203-16Q4</p>",
        "<tr><th>收款日期</th><td>2026年11月14日</td></tr>",
        "<tr><th>交款单位（人）</th><td>李四</td></tr>",
        "<tr><th>单元</th><td>测试大厦 A-1203</td></tr>",
        "<tr><td>1</td><td>物业管理费</td><td>2026年11月物业管理费</td><td class=\"n\">2,500.00</td></tr>",
        "<tr><td></td><td>预收款</td><td>冲抵以后费用</td><td class=\"n\">120.25</td></tr>",
        "<tr><th>金额（小写）</th><td><strong>CNY 2,620.25</strong></td></tr>",
        "<tr><th>金额（大写）</th><td><strong>人民币贰仟陆佰贰拾元贰角伍分</strong></td></tr>",
        "<tr><th>缴款方式</th><td>转账（凭证号：SK-001）</td></tr>",
        "<tr><th>收款单位（盖章）</th><td>测试物业管理有限公司</td></tr>",
        "<span>收款人：tester</span>",
        "<div class=\"date\">测试大厦物业服务中心</div>",
    ] {
        assert!(html.contains(want), "{want:?} in\n{html}");
    }
    // The ledger keeps the number and the payer, and shows the number.
    let ledger = d.read("ledger/A-1203/2026.yaml");
    assert!(
        ledger.contains("  receipt: SJ-20261114-A-1203-16Q4\n  payer: 李四\n"),
        "{ledger}"
    );
    assert_eq!(
        entries(&d, "A-1203")[1]["receipt"],
        "SJ-20261114-A-1203-16Q4"
    );
}

#[test]
fn a_receipt_lists_the_late_fees_a_payment_cleared_first() {
    let d = billed();
    // 23 November: day 8 after the due date; late fees from day 5 are posted first.
    let out = d.run(&["pay", "A-1203", "2505.00", "--method", "cash"]);
    let out = out.ok().to_string();
    let number = number_of(&receipt_path(&out));
    let text = d
        .run(&["notice", "receipt", &number, "-o", "-"])
        .ok()
        .to_string();
    let ledger = entries(&d, "A-1203");
    let fees: Vec<&serde_json::Value> = ledger.iter().filter(|e| e["item"] == "late-fee").collect();
    assert!(!fees.is_empty(), "{ledger:?}");
    for fee in &fees {
        let line = format!(
            "{}. 滞纳金  {}  {}\n",
            fee["no"],
            fee["for"].as_str().unwrap(),
            fee["debit"].as_str().unwrap()
        );
        assert!(text.contains(&line), "{line:?} in\n{text}");
    }
    // What it cleared, and any rest paid in advance, adds up to what was paid.
    let cents = |l: &str| {
        let amount = l.rsplit("  ").next().unwrap().replace(',', "");
        let (yuan, fen) = amount.split_once('.').unwrap();
        yuan.parse::<i64>().unwrap() * 100 + fen.parse::<i64>().unwrap()
    };
    let lines: i64 = text
        .lines()
        .filter(|l| {
            let numbered = l
                .split(". ")
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok());
            numbered || l.starts_with("预收款")
        })
        .map(cents)
        .sum();
    assert_eq!(lines, 250_500, "{text}");
    assert!(text.contains("物业管理费  2026年11月物业管理费"), "{text}");
    assert!(text.contains("金额（小写）：CNY 2,505.00\n"), "{text}");
    assert!(
        text.contains("金额（大写）：人民币贰仟伍佰零伍元整\n"),
        "{text}"
    );
    assert!(text.contains("缴款方式：现金\n"), "{text}");
}

#[test]
fn notice_receipt_prints_the_same_bytes_as_filed() {
    let d = billed();
    let out = d.run(&["--now", "2026-11-14T10:00", "pay", "A-1203", "2500"]);
    let rel = receipt_path(out.ok());
    let filed = d.read(&rel);
    // On a later day, in any case, the same page; filed again it is the same file.
    let again = d.run(&[
        "--now",
        "2026-12-20T16:00",
        "notice",
        "receipt",
        "sj-20261114-a-1203-16q4",
        "--html",
        "-o",
        "-",
    ]);
    assert_eq!(again.ok(), filed);
    let before = snapshot(&d);
    let out = d.run(&[
        "--now",
        "2026-12-20T16:00",
        "notice",
        "receipt",
        "SJ-20261114-A-1203-16Q4",
        "--html",
    ]);
    assert_eq!(out.ok(), format!("{rel}\n"));
    assert_eq!(snapshot(&d), before, "nothing changed");
    // Text, for the desk's printer.
    let text = d
        .run(&["notice", "receipt", "SJ-20261114-A-1203-16Q4", "-o", "-"])
        .ok()
        .to_string();
    assert!(
        text.starts_with("测试大厦\n收款收据\n\n收据编号：SJ-20261114-A-1203-16Q4\n"),
        "{text}"
    );
    assert!(
        text.contains("\n金额（大写）：人民币贰仟伍佰元整\n"),
        "{text}"
    );
    assert!(text.contains("\n缴款方式：-\n"), "{text}");
}

#[test]
fn an_unknown_or_malformed_receipt_number_is_a_clear_error() {
    let d = billed();
    d.run(&["--now", "2026-11-14T10:00", "pay", "A-1203", "100"])
        .ok();
    let before = snapshot(&d);
    let err = d
        .run(&["notice", "receipt", "SJ-20261114-A-1203-9XYZ"])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: no receipt SJ-20261114-A-1203-9XYZ in the ledger of A-1203\n\
         hint: `propdesk ledger A-1203` lists the unit's payments with their receipt numbers\n"
    );
    let err = d.run(&["notice", "receipt", "SK-001"]).fails(1).to_string();
    assert!(
        err.starts_with("error: \"SK-001\" is not a receipt number: expected SJ-<day>-<unit>-<4 characters>, like SJ-20261123-A-1203-7KQ4\n"),
        "{err}"
    );
    let err = d
        .run(&["notice", "receipt", "SJ-20261114-B-999-16Q4"])
        .fails(1)
        .to_string();
    assert!(err.contains("B-999"), "{err}");
    assert_eq!(snapshot(&d), before, "nothing written");
}

#[test]
fn every_payment_gets_its_own_receipt_number() {
    let d = billed();
    let mut numbers = Vec::new();
    for amount in ["100", "100", "2300", "50"] {
        let out = d.run(&["--now", "2026-11-14T10:00", "pay", "A-1203", amount]);
        numbers.push(receipt_path(out.ok()));
    }
    let deposit = d.run(&[
        "--now",
        "2026-11-14T11:00",
        "pay",
        "A-1203",
        "3000",
        "--deposit",
        "lease",
        "--method",
        "cheque",
        "--payer",
        "李四（代付人：王五）",
    ]);
    numbers.push(receipt_path(deposit.ok()));
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "{numbers:?}");
    // Each run drew the same characters first; each drew again until its number was
    // the unit's only one.
    assert!(numbers[0].ends_with("-SJ-20261114-A-1203-16Q4-receipt.zh-CN.html"));
    // The deposit's receipt names the deposit and the payer given.
    let deposit = number_of(&numbers[4]);
    let text = d
        .run(&["notice", "receipt", &deposit, "-o", "-"])
        .ok()
        .to_string();
    assert!(
        text.contains("交款单位（人）：李四（代付人：王五）\n"),
        "{text}"
    );
    assert!(
        text.contains("6. 租赁押金  收取租赁押金  3,000.00\n"),
        "{text}"
    );
    assert!(text.contains("金额（大写）：人民币叁仟元整\n"), "{text}");
    // And `check` finds them all in order.
    let run = d.run(&["check"]);
    assert!(run.stderr.ends_with("no problems\n"), "{}", run.stderr);
}

#[test]
fn a_receipt_in_english_gives_the_amount_in_words() {
    let d = billed();
    let out = d.run(&[
        "--now",
        "2026-11-14T10:00",
        "--locale",
        "en",
        "pay",
        "A-1203",
        "3720.25",
        "--method",
        "card",
    ]);
    let rel = receipt_path(out.ok());
    assert!(
        rel.ends_with("-SJ-20261114-A-1203-16Q4-receipt.en.html"),
        "{rel}"
    );
    let text = d
        .run(&[
            "--locale",
            "en",
            "notice",
            "receipt",
            "SJ-20261114-A-1203-16Q4",
            "-o",
            "-",
        ])
        .ok()
        .to_string();
    for want in [
        "RECEIPT\n\nNo.: SJ-20261114-A-1203-16Q4\nDate: 14 November 2026\nReceived from: 李四\n",
        "Amount: CNY 3,720.25\n",
        "In words: Three thousand seven hundred twenty yuan and twenty-five fen\n",
        "Paid by: card\n",
        "Payee: 测试物业管理有限公司\n",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn a_hand_edited_receipt_that_cannot_be_found_again_is_reported_by_check() {
    let d = billed();
    d.run(&["--now", "2026-11-14T10:00", "pay", "A-1203", "100"])
        .ok();
    let ledger = d.read("ledger/A-1203/2026.yaml").replace(
        "receipt: SJ-20261114-A-1203-16Q4",
        "receipt: SJ-20261114-A-1204-16Q4",
    );
    d.write("ledger/A-1203/2026.yaml", &ledger);
    let run = d.run(&["check"]);
    run.fails(1);
    assert!(
        run.stdout.contains(
            "ledger/A-1203/2026.yaml:"
        ) && run.stdout.contains(
            "entry 2: receipt \"SJ-20261114-A-1204-16Q4\" is not a receipt number of A-1203: expected like \"SJ-20261114-A-1203-7KQ4\""
        ),
        "{}",
        run.stdout
    );
}
