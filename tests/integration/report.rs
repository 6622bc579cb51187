//! `propdesk report` as a user runs it.
//!
//! The office: 测试大厦 (zh-CN, default office.toml: property fee 25.00/m² for offices,
//! 35.00 for shops, due on the 15th, late fees 0.05% a day from day 5). A-1203 and
//! A-1204 (100 m² offices) and S-101 (50 m² shop) are let, A-1205 is vacant. October
//! and November are billed on the 1st (2,500.00, 2,500.00 and 1,750.00 a month).
//! A-1203 pays October on 10 October and 2,000.00 of November on 10 November; A-1204
//! pays October late, on 2 November (a 17.50 late fee is posted and cleared first);
//! S-101 pays nothing. Two repairs and a complaint are reported in November; A-1205
//! moves in on 23 November, S-101 gives notice, a renovation is applied for, and
//! `dunning run` opens the collection cases. The clock is 2026-11-23 09:30.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;
use crate::money::Desk;

/// `ticket new` at `at` on A-1203 by phone; returns the ID.
fn ticket(t: &Test, kind: &str, category: &str, at: &str, extra: &[&str]) -> String {
    let mut a = vec![
        "ticket",
        "new",
        "--kind",
        kind,
        "--category",
        category,
        "--at",
        at,
        "--reporter",
        "王先生",
        "--description",
        "客户报告",
        "--channel",
        "phone",
        "--unit",
        "A-1203",
    ];
    a.extend_from_slice(extra);
    t.run(&a).ok().trim().to_string()
}

fn step(t: &Test, verb: &str, id: &str, at: &str, extra: &[&str]) {
    let mut a = vec!["ticket", verb, id, "--at", at];
    a.extend_from_slice(extra);
    t.run(&a).ok();
}

/// The office of this module's header.
fn office() -> Desk {
    let d = Desk::new();
    let li = d.tenant("李四", &[]);
    let wang = d.tenant("王五", &[]);
    let zhao = d.tenant("赵六", &[]);
    let qian = d.tenant("钱七", &["--emergency", "钱八:13900001111:配偶"]);
    d.unit("A-1203", "100.00", "office", Some(&li));
    d.unit("A-1204", "100.00", "office", Some(&wang));
    d.unit("A-1205", "100.00", "office", None);
    d.unit("S-101", "50.00", "shop", Some(&zhao));
    d.run(&["--date", "2026-10-01", "bill", "run", "--month", "2026-10"])
        .ok();
    d.run(&["--date", "2026-10-10", "pay", "A-1203", "2500"])
        .ok();
    // November's run posts A-1204's October late fee through 31 October (12 days at
    // 1.25: 15.00); the payment on the 2nd posts the 2 days since.
    d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"])
        .ok();
    d.run(&["--date", "2026-11-10", "pay", "A-1203", "2000"])
        .ok();
    let paid = d.run(&["--date", "2026-11-02", "pay", "A-1204", "2500"]);
    assert!(paid.ok().contains("late fee 2.50"), "{}", paid.stdout);

    // R1: urgent, on site in 10 minutes, finished, called back by phone, satisfied.
    let r1 = ticket(
        &d,
        "repair",
        "plumbing",
        "2026-11-02T10:00",
        &["--priority", "urgent"],
    );
    step(
        &d,
        "dispatch",
        &r1,
        "2026-11-02T10:02",
        &["--technician", "李"],
    );
    step(&d, "arrive", &r1, "2026-11-02T10:10", &[]);
    let work = ["--work", "换阀芯", "--signed-by", "王先生"];
    step(&d, "finish", &r1, "2026-11-02T11:00", &work);
    step(&d, "return", &r1, "2026-11-02T11:30", &[]);
    let satisfied = ["--method", "phone", "--satisfied"];
    step(&d, "callback", &r1, "2026-11-03T10:00", &satisfied);
    step(&d, "close", &r1, "2026-11-03T10:05", &[]);
    // R2: normal (30 minutes), on site after an hour, finished, never called back.
    let r2 = ticket(&d, "repair", "electrical", "2026-11-03T10:00", &[]);
    step(
        &d,
        "dispatch",
        &r2,
        "2026-11-03T10:05",
        &["--technician", "李"],
    );
    step(&d, "arrive", &r2, "2026-11-03T11:00", &[]);
    step(&d, "finish", &r2, "2026-11-03T15:00", &work);
    step(&d, "return", &r2, "2026-11-03T15:30", &[]);
    ticket(&d, "complaint", "noise", "2026-11-04T10:00", &[]);

    let mi = d.run(&[
        "movein",
        "new",
        "--unit",
        "A-1205",
        "--party",
        &qian,
        "--notice-date",
        "2026-11-20",
        "--lease-start",
        "2026-12-01",
    ]);
    let mi = mi.ok().trim().to_string();
    d.run(&[
        "--by",
        "张经理",
        "movein",
        "complete",
        &mi,
        "--override",
        "--reason",
        "先行入驻",
    ])
    .ok();
    d.run(&[
        "moveout",
        "new",
        "--unit",
        "S-101",
        "--move-out",
        "2026-12-31",
    ])
    .ok();
    d.run(&[
        "permit",
        "new",
        "--unit",
        "A-1203",
        "--applicant",
        &li,
        "--contractor",
        "华美装饰",
        "--description",
        "隔断",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
        "--workers",
        "5",
    ])
    .ok();
    d.run(&["dunning", "run"]).ok();
    d
}

fn json_report(t: &Test, args: &[&str]) -> Value {
    let mut a = vec!["--format", "json", "report"];
    a.extend_from_slice(args);
    let out = t.run(&a);
    serde_json::from_str(out.ok()).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// The value of the table row whose label is `label`: the words after it, spaces
/// between columns collapsed to one.
fn row(table: &str, label: &str) -> String {
    table
        .lines()
        .find_map(|l| {
            l.trim_start()
                .strip_prefix(label)
                .filter(|rest| rest.starts_with(' '))
        })
        .unwrap_or_else(|| panic!("no row {label:?} in\n{table}"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn this_months_figures_from_every_procedure() {
    let d = office();
    let table = d.run(&["report"]);
    let table = table.ok();
    assert!(
        table.starts_with(
            "测试大厦 2026年11月 月度报告\n统计期间：2026-11-01 至 2026-11-23（本月尚未结束）\n"
        ),
        "{table}"
    );
    // Tickets: judged now. R1 on site in time, R2 late; both finished in time; R1
    // called back (one of two finished), satisfied.
    assert_eq!(row(table, "工单总数"), "3");
    assert_eq!(row(table, "到场及时率"), "50.0% (1/2)");
    assert_eq!(row(table, "完工按时率"), "100.0% (2/2)");
    assert_eq!(row(table, "回访率"), "50.0% (1/2) 目标 100% 未达标");
    assert_eq!(row(table, "满意率"), "100.0% (1/1) 目标 95% 达标");
    assert_eq!(row(table, "投诉"), "1");
    // Money: November's 6,750.00 fell due on the 15th; A-1203's 2,000.00 is all that
    // was paid of it (A-1204's payment went to October): 2,000 / 6,750 = 29.6%.
    assert_eq!(row(table, "本月到期应收"), "6,750.00");
    assert_eq!(row(table, "其中已收"), "2,000.00");
    assert_eq!(row(table, "收缴率"), "29.6%");
    assert_eq!(row(table, "本月收款"), "4,500.00（2笔）");
    // Late fees posted this month: October's, through 31 October, by November's bill
    // run (A-1204 15.00, S-101 10.50) and 2.50 more by A-1204's payment on the 2nd.
    // What has accrued since is not posted (the morning runs post none).
    assert_eq!(row(table, "滞纳金（本月计收）"), "28.00");
    assert_eq!(row(table, "本月计费"), "6,778.00");
    // Arrears today, as `dunning aging` shows them (S-101's late fee posted on the
    // 1st, 10.50, is 22 days overdue).
    assert_eq!(row(table, "0-30天"), "4,760.50");
    assert_eq!(row(table, "31-60天"), "1,767.50");
    assert_eq!(row(table, "61-90天"), "0.00");
    assert_eq!(row(table, "欠费合计"), "6,528.00");
    assert_eq!(row(table, "欠费单元"), "3");
    assert_eq!(row(table, "催缴中单元"), "3");
    let aging = d.run(&["dunning", "aging"]);
    assert!(
        aging
            .ok()
            .lines()
            .last()
            .unwrap()
            .ends_with("4,760.50   1,767.50   0.00      0.00       6,528.00"),
        "{}",
        aging.stdout
    );
    // Permits, move-ins and move-outs, occupancy.
    assert_eq!(row(table, "申请 装修许可"), "1");
    assert_eq!(row(table, "入驻完成"), "1（A-1205）");
    assert_eq!(row(table, "退租通知"), "1");
    assert_eq!(row(table, "退租办理中（期末）"), "1");
    assert_eq!(row(table, "出租率"), "100.0% (4/4)");
    assert_eq!(row(table, "其中 商铺"), "100.0% (1/1)");

    let v = json_report(&d, &[]);
    assert_eq!(v["month"], "2026-11");
    assert_eq!(v["through"], "2026-11-23");
    assert_eq!(v["complete"], false);
    assert_eq!(
        v["tickets"]["response_on_time"],
        json!({"num": 1, "den": 2})
    );
    assert_eq!(v["tickets"]["callback_rate"], json!({"num": 1, "den": 2}));
    let b = &v["billing"];
    assert_eq!(
        b["collection"],
        json!({
            "charges": 3, "charged": "6750.00", "forgiven": "0.00", "due": "6750.00",
            "collected": "2000.00", "outstanding": "4750.00",
            "rate": {"part": "2000.00", "whole": "6750.00", "permille": 296}
        })
    );
    assert_eq!(
        b["arrears"],
        json!({
            "days_0_30": "4760.50", "days_31_60": "1767.50", "days_61_90": "0.00",
            "days_over_90": "0.00", "total": "6528.00", "units": 3
        })
    );
    assert_eq!(
        b["billed_by_item"],
        json!({"property-fee": "6750.00", "late-fee": "28.00"})
    );
    assert_eq!(b["dunning_units"], json!(["A-1203", "A-1204", "S-101"]));
    assert_eq!(
        v["moveins"],
        json!({"opened": 1, "completed": 1, "completed_units": ["A-1205"], "in_progress": 0})
    );
    assert_eq!(v["moveouts"]["notices"], 1);
    assert_eq!(v["moveouts"]["completed"], 0);
    assert_eq!(v["occupancy"]["rate"], json!({"num": 4, "den": 4}));
    assert_eq!(v["permits"]["applied"]["renovation"], 1);
}

#[test]
fn a_past_month_is_counted_to_its_last_day() {
    let d = office();
    let v = json_report(&d, &["--month", "2026-10"]);
    assert_eq!(v["month"], "2026-10");
    assert_eq!(v["through"], "2026-10-31");
    assert_eq!(v["complete"], true);
    // Nothing reported in October.
    assert_eq!(v["tickets"]["tickets"], 0);
    assert_eq!(
        v["tickets"]["response_on_time"],
        json!({"num": 0, "den": 0})
    );
    // October's fees: only A-1203's was paid by 31 October.
    let b = &v["billing"];
    assert_eq!(b["billed"], "6750.00");
    assert_eq!(b["payments"], "2500.00");
    assert_eq!(b["collection"]["collected"], "2500.00");
    assert_eq!(b["collection"]["rate"]["permille"], 370);
    // Aged at the close of 31 October: A-1204's payment of 2 November not yet made,
    // late fees posted in November not yet there.
    assert_eq!(
        b["arrears"],
        json!({
            "days_0_30": "4250.00", "days_31_60": "0.00", "days_61_90": "0.00",
            "days_over_90": "0.00", "total": "4250.00", "units": 2
        })
    );
    // The cases were opened on 23 November.
    assert_eq!(b["dunning_open"], 0);
    // A-1205 was moved into on 23 November: vacant at the end of October.
    assert_eq!(v["occupancy"]["rate"], json!({"num": 3, "den": 4}));
    assert_eq!(v["moveins"]["opened"], 0);
    assert_eq!(v["moveouts"]["notices"], 0);

    // November from December: judged at its end, counted to 30 November.
    let later = d.run(&[
        "--now",
        "2026-12-05T10:00",
        "--format",
        "json",
        "report",
        "--month",
        "2026-11",
    ]);
    let later: Value = serde_json::from_str(later.ok()).unwrap();
    assert_eq!(later["through"], "2026-11-30");
    assert_eq!(later["complete"], true);
    assert_eq!(later["billing"]["collection"]["rate"]["permille"], 296);
    // Without --month: this month (December), nothing billed yet.
    let dec = d.run(&["--now", "2026-12-05T10:00", "--format", "json", "report"]);
    let dec: Value = serde_json::from_str(dec.ok()).unwrap();
    assert_eq!(dec["month"], "2026-12");
    assert_eq!(dec["billing"]["billed"], "0.00");
    assert_eq!(
        dec["billing"]["collection"]["rate"]["permille"],
        Value::Null
    );
}

#[test]
fn json_and_yaml_keys_are_stable_and_csv_names_every_figure() {
    let d = office();
    let v = json_report(&d, &[]);
    let keys =
        |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect::<Vec<_>>() };
    assert_eq!(
        keys(&v),
        [
            "billing",
            "complete",
            "currency",
            "from",
            "month",
            "moveins",
            "moveouts",
            "occupancy",
            "office",
            "permits",
            "through",
            "tickets"
        ]
    );
    assert_eq!(
        keys(&v["billing"]),
        [
            "arrears",
            "billed",
            "billed_by_item",
            "collection",
            "credited",
            "dunning_open",
            "dunning_units",
            "late_fees",
            "payment_count",
            "payments",
            "waived"
        ]
    );
    assert_eq!(
        keys(&v["moveouts"]),
        [
            "completed",
            "completed_units",
            "in_progress",
            "notices",
            "refunded",
            "refunds_due",
            "refunds_due_amount",
            "refunds_paid"
        ]
    );
    assert_eq!(v["currency"], "CNY");
    let yaml = d.run(&["--format", "yaml", "report"]);
    assert!(yaml.ok().contains("  collection:\n"), "{}", yaml.stdout);
    assert!(
        yaml.stdout.contains("    days_31_60: '1767.50'\n")
            || yaml.stdout.contains("    days_31_60: \"1767.50\"\n"),
        "{}",
        yaml.stdout
    );
    let csv = d.run(&["--locale", "en", "--format", "csv", "report"]);
    let csv = csv.ok();
    assert!(csv.starts_with("figure,value,target\n"), "{csv}");
    assert!(
        csv.contains("\ntickets.response_on_time,50.0% (1/2),\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\ntickets.callback_rate,50.0% (1/2),target 100% missed\n"),
        "{csv}"
    );
    assert!(csv.contains("\nbilling.collection_rate,29.6%,\n"), "{csv}");
    assert!(csv.contains("\narrears.days_31_60,1767.50,\n"), "{csv}");
    assert!(
        csv.contains("\noccupancy.occupancy,100.0% (4/4),\n"),
        "{csv}"
    );
    // English tables.
    let en = d.run(&["--locale", "en", "report"]);
    assert_eq!(row(en.ok(), "collection rate"), "29.6%");
    assert_eq!(row(&en.stdout, "31-60 days"), "1,767.50");
}

#[test]
fn bad_months_and_formats_are_usage_errors() {
    let d = Desk::new();
    let e = d.run(&["report", "--month", "2026-13"]);
    assert_eq!(
        e.fails(2),
        "error: invalid month \"2026-13\": expected YYYY-MM like 2026-11\n"
    );
    let e = d.run(&["report", "--month", "November"]);
    assert!(e.fails(2).contains("expected YYYY-MM"), "{}", e.stderr);
    let e = d.run(&["report", "--month", "2027-01"]);
    assert!(
        e.fails(2).starts_with(
            "error: report --month 2027-01: the month has not begun (today is 2026-11-23)\n"
        ),
        "{}",
        e.stderr
    );
    let e = d.run(&["--format", "ics", "report"]);
    assert!(e.fails(2).contains("--format ics"), "{}", e.stderr);
    assert_eq!(e.stdout, "");
    // An empty office has a report, with nothing to count.
    let v = json_report(&d, &[]);
    assert_eq!(v["occupancy"]["units"], 0);
    assert_eq!(v["billing"]["collection"]["rate"]["permille"], Value::Null);
}

#[test]
fn a_ledger_that_cannot_be_replayed_is_named() {
    let d = office();
    let rel = "ledger/S-101/2026.yaml";
    let text = d.read(rel);
    d.write(rel, &text.replacen("- entry: 2\n", "- entry: 9\n", 1));
    let e = d.run(&["report"]);
    assert!(
        e.fails(1)
            .contains("ledger/S-101/2026.yaml: entry 2: entry number 9 out of sequence"),
        "{}",
        e.stderr
    );
}

#[test]
fn the_html_page_is_reproducible_and_escaped() {
    let d = office();
    let toml = d.read("office.toml");
    d.write(
        "office.toml",
        &toml.replacen(
            "name = \"测试大厦\"",
            "name = \"测试<大厦> & \\\"Co\\\"\"",
            1,
        ),
    );
    let a = d.run(&["--format", "html", "report"]);
    let page = a.ok();
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
        "{page}"
    );
    assert!(
        page.contains("测试&lt;大厦&gt; &amp; &quot;Co&quot;"),
        "{page}"
    );
    assert!(!page.contains("<大厦>"));
    assert!(page.contains("@page { size: A4;"));
    assert_eq!(page.matches("<svg ").count(), 4);
    assert!(!page.contains("<script"));
    // Nothing is fetched: the only URL is the SVG namespace.
    assert!(
        !page
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
    // The same records and date give the same bytes; another day's clock, the same
    // month over, too.
    assert_eq!(d.run(&["--format", "html", "report"]).ok(), page);
    let en = d.run(&["--locale", "en", "--format", "html", "report"]);
    assert!(en.ok().contains("<html lang=\"en\">"));
    assert!(en.stdout.contains("Monthly report 2026-11"));
    // An office's own template wins.
    d.write(
        "templates/report/monthly.en.html",
        "{{ title }}: {{ office.name }}",
    );
    let own = d.run(&["--locale", "en", "--format", "html", "report"]);
    assert_eq!(
        own.ok(),
        "Monthly report 2026-11: 测试&lt;大厦&gt; &amp; &quot;Co&quot;\n"
    );
}

// --- the page in a real browser ------------------------------------------------------

/// Debian's chromium (`$PROPDESK_CHROMIUM` if set, else `chromium` on the PATH or in
/// /usr/bin), or `None` when it is not installed: then the test fails if
/// `PROPDESK_REQUIRE_CHROMIUM=1` (CI), and otherwise says so and passes.
fn chromium() -> Option<PathBuf> {
    let found = match std::env::var_os("PROPDESK_CHROMIUM") {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.is_file()),
        None => std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .chain([PathBuf::from("/usr/bin")])
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file()),
    };
    if found.is_none() {
        assert!(
            std::env::var("PROPDESK_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "chromium is not installed and PROPDESK_REQUIRE_CHROMIUM=1: install Debian's `chromium`"
        );
        eprintln!("note: chromium not found; the report's browser test is skipped");
    }
    found
}

/// Runs headless chromium on `url` with `args`, in a fresh profile, within a time
/// limit; returns its stdout. Its stderr is noise and is ignored.
fn headless(chromium: &Path, work: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir_in(work).unwrap();
    let out_file = work.join(format!("chromium-{}.out", std::process::id()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .env("HOME", profile.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium {args:?} failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} took more than 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&out_file).unwrap()
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for pat in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += pdf
            .windows(pat.len() + 1)
            .filter(|w| w.starts_with(pat) && !w[pat.len()].is_ascii_alphabetic())
            .count();
    }
    n
}

#[test]
fn pdf_pages_are_counted_without_the_page_tree() {
    assert_eq!(
        pdf_pages(b"<< /Type /Pages /Count 1 >> << /Type /Page /Parent 2 0 R >>"),
        1
    );
    assert_eq!(pdf_pages(b"<</Type/Page/Parent 2 0 R>> <</Type/Page>>"), 2);
}

/// A copy of the repository's demo office.
fn demo_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("records"),
        dir.path(),
    );
    dir
}

#[test]
fn the_html_page_prints_on_one_a4_sheet_with_its_charts_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let demo = demo_copy();
    let t = Test::empty();
    let office = demo.path().to_str().unwrap();
    let work = t.path();
    for locale in ["zh-CN", "en"] {
        let run = |format: &str| {
            t.run(&[
                "--office", office, "--locale", locale, "--format", format, "report",
            ])
        };
        let page = run("html");
        let html = work.join(format!("report.{locale}.html"));
        std::fs::write(&html, page.ok()).unwrap();
        let url = format!("file://{}", html.display());
        let v: Value = serde_json::from_str(run("json").ok()).unwrap();

        // (a) The DOM as the browser built it: four charts and the key figures.
        let dom = headless(&chromium, work, &["--dump-dom".to_string()], &url);
        assert_eq!(dom.matches("<svg ").count(), 4, "{dom}");
        for chart in ["hbars", "vbars"] {
            assert!(dom.contains(&format!("class=\"chart {chart}\"")), "{dom}");
        }
        assert!(dom.matches("class=\"bar\"").count() >= 8, "{dom}");
        assert!(dom.contains("class=\"target\""), "{dom}");
        let permille = v["billing"]["collection"]["rate"]["permille"]
            .as_u64()
            .expect("the demo office has a collection rate");
        let collection = format!("{}.{}%", permille / 10, permille % 10);
        assert!(
            dom.contains(&format!(
                "<tr data-key=\"billing.collection_rate\"><th>{}</th><td class=\"n\">{collection}</td>",
                if locale == "en" { "collection rate" } else { "收缴率" }
            )),
            "{collection} in {dom}"
        );
        let occupancy = &v["occupancy"]["rate"];
        assert!(
            dom.contains(&format!("({}/{})", occupancy["num"], occupancy["den"])),
            "{dom}"
        );
        let arrears = &v["billing"]["arrears"];
        let total = grouped(arrears["total"].as_str().unwrap());
        assert!(
            dom.contains(&format!(
                "<tr data-key=\"arrears.total\"><th>{}</th><td class=\"n\">{total}</td>",
                if locale == "en" {
                    "total overdue"
                } else {
                    "欠费合计"
                }
            )),
            "{total} in {dom}"
        );
        // The aging chart's bars are labelled with their amounts.
        let bucket = grouped(arrears["days_0_30"].as_str().unwrap());
        assert!(
            dom.contains(&format!(">{bucket}</text>")),
            "{bucket} in {dom}"
        );

        // (b) Printed: exactly one A4 page.
        let pdf = work.join(format!("report.{locale}.pdf"));
        headless(
            &chromium,
            work,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
            &url,
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "not a PDF");
        assert_eq!(
            pdf_pages(&bytes),
            1,
            "the {locale} report prints on more than one page"
        );
    }

    // (c) A screenshot is not blank: much larger than one of an empty page.
    let shot = |name: &str, url: &str| {
        let png = work.join(format!("{name}.png"));
        headless(
            &chromium,
            work,
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=794,1123".to_string(),
            ],
            url,
        );
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
        bytes.len()
    };
    std::fs::write(
        work.join("blank.html"),
        "<!DOCTYPE html><html><body></body></html>",
    )
    .unwrap();
    let blank = shot(
        "blank",
        &format!("file://{}", work.join("blank.html").display()),
    );
    let report = shot(
        "report",
        &format!("file://{}", work.join("report.zh-CN.html").display()),
    );
    assert!(
        report > blank * 4,
        "report {report} bytes, blank page {blank}"
    );
}

/// `1234567.50` as `1,234,567.50`.
fn grouped(plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap();
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{frac}")
}
