//! Every notice that asks a tenant for money adds up: the payment notice, the
//! statement, the dunning notice and the move-out settlement of every unit of the demo office (`records/`) and
//! of a generated office list their money in sections whose lines (`  - … AMOUNT`)
//! sum to the total they ask for, that total is what the unit owes with the late fees
//! accrued to the day, and the day to pay by is never a day gone. The notices are
//! rendered by the binary, as the desk prints them.

use std::path::Path;

use crate::common::*;

/// `1,234.50` or `-500.00` as cents.
fn cents(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', "");
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, s),
    };
    let (whole, frac) = s.split_once('.')?;
    if frac.len() != 2 || whole.is_empty() {
        return None;
    }
    let v = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    Some(if neg { -v } else { v })
}

/// The sum of a notice's counted lines, and the amount on its total line.
fn lines_and_total(text: &str, total_label: &str) -> (i64, i64) {
    let mut sum = 0;
    for line in text.lines().filter(|l| l.starts_with("  - ")) {
        let last = line.split_whitespace().last().unwrap();
        sum += cents(last).unwrap_or_else(|| panic!("no amount at the end of {line:?}"));
    }
    let total = text
        .lines()
        .find_map(|l| l.strip_prefix(total_label))
        .unwrap_or_else(|| panic!("no {total_label:?} line in\n{text}"));
    let amount = total.split_whitespace().nth(1).unwrap_or(total);
    let amount = amount.split('（').next().unwrap();
    (sum, cents(amount).unwrap_or_else(|| panic!("{total:?}")))
}

/// `2026年11月30日` as a date.
fn zh_date(s: &str) -> chrono::NaiveDate {
    let (y, rest) = s.split_once('年').unwrap();
    let (m, rest) = rest.split_once('月').unwrap();
    let d = rest.split_once('日').unwrap().0;
    chrono::NaiveDate::from_ymd_opt(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap())
        .unwrap()
}

/// Renders the notices of every unit with a ledger in `office` on `now` and checks
/// their sums; how many notices it read.
pub fn every_notice_adds_up(office: &Path, now: &str) -> usize {
    let t = Test::empty();
    let o = office.to_string_lossy().into_owned();
    let today: chrono::NaiveDate = now[..10].parse().unwrap();
    let run = |args: &[&str]| {
        let mut a = vec!["--office", o.as_str(), "--now", now, "--locale", "zh-CN"];
        a.extend_from_slice(args);
        t.run(&a)
    };
    let mut read = 0;
    // A folder of year books per unit.
    let mut units: Vec<String> = std::fs::read_dir(office.join("ledger"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    units.sort();
    for unit in &units {
        let v: serde_json::Value =
            serde_json::from_str(run(&["--format", "json", "ledger", unit]).ok()).unwrap();
        let owed = cents(v["summary"]["owed_with_late_fees"].as_str().unwrap()).unwrap();
        for (notice, label) in [
            ("payment-notice", "本次应缴："),
            ("statement", "应缴合计："),
        ] {
            let out = run(&["notice", notice, unit, "-o", "-"]);
            let text = out.ok();
            if notice == "statement" && owed <= 0 {
                assert!(!text.contains(label), "{unit}: nothing to pay\n{text}");
                read += 1;
                continue;
            }
            let (sum, total) = lines_and_total(text, label);
            assert_eq!(
                sum, total,
                "{unit} {notice}: the lines add up to the total\n{text}"
            );
            assert_eq!(
                total, owed,
                "{unit} {notice}: the total is what is owed with the late fees accrued\n{text}"
            );
            let by = text
                .lines()
                .find_map(|l| l.split_once("请于").map(|(_, r)| r))
                .unwrap_or_else(|| panic!("{unit} {notice}: no date to pay by\n{text}"));
            assert!(
                zh_date(by) >= today,
                "{unit} {notice}: pays by a day gone: {by}"
            );
            read += 1;
        }
        // The dunning notice, where the unit's case has filed one.
        let out = run(&["notice", "dunning-notice", unit, "-o", "-"]);
        if out.code == 0 {
            let text = out.ok();
            let (sum, total) = lines_and_total(text, "应缴总额：");
            assert_eq!(
                sum, total,
                "{unit} dunning notice: the lines add up\n{text}"
            );
            read += 1;
        }
    }
    // Every move-out's settlement statement (a preview before it is settled): its
    // lines, deposits and refund or debt add up.
    for f in walkdir::WalkDir::new(office.join("moveouts"))
        .into_iter()
        .map(|f| f.unwrap())
        .filter(|f| f.file_name().to_string_lossy().ends_with(".yaml"))
    {
        let name = f.file_name().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".yaml");
        let out = run(&["--format", "json", "moveout", "statement", id]);
        if out.code == 0 {
            let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            crate::moveout::assert_arithmetic(&v);
            read += 1;
        }
    }
    read
}

#[test]
fn every_notice_of_the_demo_office_adds_up() {
    let t = Test::records();
    let read = every_notice_adds_up(t.path(), "2026-11-23T09:30");
    assert!(read > 60, "{read} notices read");
}
