//! Books per year: `ledger/<UNIT>/<YYYY>.yaml`, each year opening with what the year
//! before carries forward; `propdesk migrate` for ledgers of the one-file layout;
//! `check` proving every opening.

use crate::common::*;
use crate::money::billed;

fn on(t: &Test, date: &str, args: &[&str]) -> Run {
    let mut a = vec!["--date", date];
    a.extend_from_slice(args);
    t.run(&a)
}

/// A-1203 billed for November and December 2026, paid in part, billed again in
/// January 2027: two books.
fn two_years() -> Test {
    let t = billed().t;
    // 7.50 of late fee (six days at 1.25) posted and paid first, 992.50 on the fee.
    on(&t, "2026-11-25", &["pay", "A-1203", "1000.00"]).ok();
    on(&t, "2026-12-01", &["bill", "run"]).ok();
    on(&t, "2027-01-04", &["bill", "run"]).ok();
    t
}

/// The entries of a book's text (everything after `entries:`), as a version before
/// occupancies wrote them: without `party:`.
fn entries_of(book: &str) -> String {
    book[book.find("entries:\n").unwrap() + "entries:\n".len()..]
        .lines()
        .filter(|l| !l.starts_with("  party: "))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_first_write_of_a_year_opens_its_book_with_what_the_year_before_carries() {
    let t = two_years();
    assert_eq!(
        t.files("ledger/A-1203"),
        ["ledger/A-1203/2026.yaml", "ledger/A-1203/2027.yaml"]
    );
    let old = t.read("ledger/A-1203/2026.yaml");
    let new = t.read("ledger/A-1203/2027.yaml");
    // Numbers run on; the 2026 book is not touched by the 2027 run.
    let last = old.matches("- entry: ").count();
    assert!(
        new.contains(&format!("opening:\n  first-entry: {}\n", last + 1)),
        "{new}"
    );
    assert!(!entries_of(&new).contains("date: \"2026-"), "{new}");
    assert!(
        new.contains("  party: "),
        "every entry names its occupancy: {new}"
    );
    // November's fee, in part still owed, is carried with what cleared it.
    assert!(
        new.contains("  - entry: 1\n    date: \"2026-11-01\"\n    item: property-fee\n"),
        "{new}"
    );
    assert!(new.contains("    outstanding: \"1507.50\"\n"), "{new}");
    assert!(
        new.contains("    cleared:\n    - date: \"2026-11-25\"\n      amount: \"992.50\"\n"),
        "{new}"
    );
    // With the late fees posted on it so far (7.50 with the payment, 3.77 at
    // December's bill run), and the one still owed as a line of its own.
    assert!(
        new.contains("    late-fees:\n      posted: \"11.27\"\n      through: \"2026-11-30\"\n"),
        "{new}"
    );
    assert!(
        new.contains("    amount: \"3.77\"\n    outstanding: \"3.77\"\n    charge: 1\n"),
        "{new}"
    );
    // What the statement says is owed is what the 2026 book said, plus January.
    let owed = |date: &str, year: Option<&str>| -> String {
        let mut args = vec!["--date", date, "--format", "json", "ledger", "A-1203"];
        if let Some(y) = year {
            args.extend(["--year", y]);
        }
        let v: serde_json::Value = serde_json::from_str(t.run(&args).ok()).unwrap();
        v["summary"]["balance"].as_str().unwrap().to_string()
    };
    let closing = owed("2027-01-04", Some("2026"));
    let carried: serde_json::Value = serde_json::from_str(
        t.run(&[
            "--date",
            "2027-01-04",
            "--format",
            "json",
            "ledger",
            "A-1203",
        ])
        .ok(),
    )
    .unwrap();
    let rows = carried["entries"].as_array().unwrap();
    let carried_rows: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["kind"] == "carried").collect();
    assert!(!carried_rows.is_empty(), "{rows:#?}");
    // The balance after the carried rows is the 2026 book's closing balance.
    assert_eq!(
        carried_rows.last().unwrap()["balance"].as_str().unwrap(),
        closing
    );
    assert_ne!(owed("2027-01-04", None), closing, "January was billed");
    t.run(&["--date", "2027-01-04", "check"]).ok();
}

#[test]
fn money_received_in_a_closed_year_is_refused_naming_the_book() {
    let t = two_years();
    let before = t.read("ledger/A-1203/2027.yaml");
    let e = on(
        &t,
        "2027-01-05",
        &["pay", "A-1203", "100.00", "--received", "2026-12-30"],
    );
    let said = e.fails(1);
    assert!(
        e.stderr
            .contains("the 2026 book of A-1203's ledger is closed: money received on 2026-12-30"),
        "{said}{}",
        e.stderr
    );
    assert!(e.stderr.contains("--received 2027-01-01"), "{}", e.stderr);
    assert_eq!(t.read("ledger/A-1203/2027.yaml"), before);
}

#[test]
fn check_reports_a_book_whose_opening_is_not_the_close_of_the_year_before() {
    let t = two_years();
    let new = t.read("ledger/A-1203/2027.yaml");
    let edited = new.replacen(
        "    outstanding: \"1507.50\"\n",
        "    outstanding: \"1407.50\"\n",
        1,
    );
    assert_ne!(edited, new);
    t.write("ledger/A-1203/2027.yaml", &edited);
    let run = on(&t, "2027-01-04", &["check"]);
    run.fails(1);
    let out = &run.stdout;
    let line = new.lines().position(|l| l == "opening:").unwrap() + 1;
    assert!(
        out.contains(&format!(
            "ledger/A-1203/2027.yaml:{line}: the opening is not what ledger/A-1203/2026.yaml \
             carries forward at its close: charge 1: outstanding 1407.50, expected 1507.50"
        )),
        "{out}"
    );
    // A book without its opening is reported too.
    let cut = new.find("opening:").unwrap();
    let end = new.find("entries:").unwrap();
    t.write(
        "ledger/A-1203/2027.yaml",
        &format!("{}{}", &new[..cut], &new[end..]),
    );
    let run = on(&t, "2027-01-04", &["check"]);
    run.fails(1);
    assert!(
        run.stdout.contains("it has no `opening:`"),
        "{}",
        run.stdout
    );
}

#[test]
fn migrate_splits_a_one_file_ledger_into_the_books_the_desk_would_have_written() {
    let t = two_years();
    let (old, new) = (
        t.read("ledger/A-1203/2026.yaml"),
        t.read("ledger/A-1203/2027.yaml"),
    );
    let balance = on(&t, "2027-01-04", &["ledger", "A-1203"]).ok().to_string();
    // The one-file layout of earlier versions: every year's entries in one file.
    let whole = format!(
        "unit: A-1203\nentries:\n{}{}",
        entries_of(&old),
        entries_of(&new)
    );
    std::fs::remove_dir_all(t.path().join("ledger/A-1203")).unwrap();
    t.write("ledger/A-1203.yaml", &whole);
    // Until migrated, the money commands refuse, saying what to do; check says so too.
    for args in [
        &["pay", "A-1203", "1.00"][..],
        &["ledger", "A-1203"],
        &["bill", "run"],
    ] {
        let run = on(&t, "2027-01-05", args);
        run.fails(1);
        assert!(
            run.stderr
                .contains("ledger/A-1203.yaml: a ledger in the one-file layout")
                && run.stderr.contains("propdesk migrate"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = on(&t, "2027-01-05", &["check"]);
    run.fails(1);
    let out = &run.stdout;
    assert!(
        out.contains("ledger/A-1203.yaml: a ledger in the one-file layout"),
        "{out}{}",
        run.stderr
    );
    // Migrated: the very books the desk wrote, the old file gone; each entry given the
    // occupancy of the party billed (the unit had no move-in recorded).
    let said = on(&t, "2027-01-05", &["migrate"]).ok().to_string();
    assert_eq!(
        said,
        "migrated 1 ledgers: 2 year books written, the one-file ledgers removed\n"
    );
    assert!(!t.exists("ledger/A-1203.yaml"));
    assert_eq!(t.read("ledger/A-1203/2026.yaml"), old);
    assert_eq!(t.read("ledger/A-1203/2027.yaml"), new);
    assert_eq!(on(&t, "2027-01-04", &["ledger", "A-1203"]).ok(), balance);
    on(&t, "2027-01-05", &["check"]).ok();
    assert_eq!(
        on(&t, "2027-01-05", &["migrate"]).ok(),
        "nothing to migrate: every ledger is kept in books per year\n"
    );
}

#[test]
fn a_migration_stopped_before_removing_the_old_file_completes_when_run_again() {
    let t = two_years();
    let (old, new) = (
        t.read("ledger/A-1203/2026.yaml"),
        t.read("ledger/A-1203/2027.yaml"),
    );
    let whole = format!(
        "unit: A-1203\nentries:\n{}{}",
        entries_of(&old),
        entries_of(&new)
    );
    // The books are written, the old file is still there.
    t.write("ledger/A-1203.yaml", &whole);
    on(&t, "2027-01-05", &["migrate"]).ok();
    assert!(!t.exists("ledger/A-1203.yaml"));
    assert_eq!(t.read("ledger/A-1203/2027.yaml"), new);
    // A book that differs from the split is never overwritten.
    t.write(
        "ledger/A-1203.yaml",
        &whole.replacen("by: tester", "by: 王敏", 1),
    );
    let run = on(&t, "2027-01-05", &["migrate"]);
    run.fails(1);
    assert!(
        run.stderr
            .contains("exists already and differs from what the split gives"),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("ledger/A-1203/2026.yaml"), old);
}

#[test]
fn a_receipt_of_last_year_is_reprinted_from_last_years_book() {
    let t = two_years();
    let v: serde_json::Value =
        serde_json::from_str(on(&t, "2026-12-01", &["--format", "json", "ledger", "A-1203"]).ok())
            .unwrap();
    let number = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e["receipt"].as_str())
        .unwrap()
        .to_string();
    let out = on(&t, "2027-01-05", &["notice", "receipt", &number, "-o", "-"]);
    assert!(out.ok().contains(&number), "{}", out.stdout);
    assert!(out.stdout.contains("1,000.00"), "{}", out.stdout);
}

#[test]
fn a_month_of_a_closed_year_before_what_it_carried_is_not_billed_again() {
    let t = two_years();
    // October 2026 is before what the 2026 book carried forward (its last two
    // months): the 2027 book cannot know whether it was billed, so it is refused.
    let before = t.read("ledger/A-1203/2027.yaml");
    let run = on(&t, "2027-01-05", &["bill", "run", "--month", "2026-10"]);
    run.fails(1);
    assert!(
        run.stderr.contains(
            "2026-10 cannot be billed to A-1203 now: the 2026 book of its ledger is closed"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("ledger/A-1203/2027.yaml"), before);
    // December, carried, is known billed: billing it again changes nothing.
    on(&t, "2027-01-05", &["bill", "run", "--month", "2026-12"]).ok();
    assert_eq!(t.read("ledger/A-1203/2027.yaml"), before);
}
