use super::*;
use crate::model::ledger::PayMethod;
use crate::model::ledger::{self, ChargeItem};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::procedure::fees::accounts::{self, NewCharge, NewPayment};
use crate::procedure::fees::steps as ledger_steps;
use crate::store::yaml::from_yaml;
use crate::testkit::{Office, clerk, d, m};

fn charge(l: &mut Ledger, on: &str, item: ChargeItem, amount: &str, due: &str) -> u32 {
    ledger_steps::charge(
        l,
        clerk(on),
        NewCharge {
            item,
            amount: m(amount),
            text: "x".into(),
            due: d(due),
            reference: None,
        },
    )
    .unwrap()
}

fn pay(o: &Office, l: &mut Ledger, on: &str, amount: &str) {
    accounts::pay(
        &o.books(),
        l,
        clerk(on),
        NewPayment {
            amount: m(amount),
            targets: Vec::new(),
            method: Some(PayMethod::Transfer),
            reference: None,
            received: None,
        },
    )
    .unwrap();
}

fn period(month: &str, today: &str) -> Period {
    Period {
        month: d(&format!("{month}-01")),
        today: d(today),
        now: format!("{today}T09:00:00+08:00").parse().unwrap(),
    }
}

fn report(o: &Office, r: &Records, p: Period) -> Report {
    month_report(r, &o.config, &o.calendar, p).unwrap()
}

fn records<'a>(ledgers: &'a [Ledger], units: &'a [Unit]) -> Records<'a> {
    Records {
        units,
        tickets: &[],
        permits: &[],
        ledgers,
        billing: None,
        cases: &[],
        moveins: &[],
        moveouts: &[],
        changes: None,
    }
}

#[test]
fn shares_are_exact_tenths_of_a_percent_rounded_half_up() {
    assert_eq!(Share::of(m("2"), m("3")).permille, Some(667));
    assert_eq!(Share::of(m("1"), m("8")).permille, Some(125));
    assert_eq!(Share::of(m("0.01"), m("2000.00")).permille, Some(0));
    assert_eq!(Share::of(m("0.01"), m("20.00")).permille, Some(1));
    assert_eq!(Share::of(m("100"), m("100")).permille, Some(1000));
    assert_eq!(Share::of(m("0"), m("0")).permille, None);
    // Ten billion yuan in cents does not overflow.
    let big = Money::from_minor(1_000_000_000_000);
    assert_eq!(Share::of(big, big).permille, Some(1000));
    assert_eq!(
        view::share(Share::of(m("157111.93"), m("185017.79"))),
        "84.9%"
    );
}

/// An office without late fees, so that payments clear only the fees.
fn no_late_fees() -> Office {
    let mut o = Office::new();
    o.config.dunning.ladder.retain(|s| s.action != "late-fee");
    o
}

#[test]
fn collection_counts_what_was_due_in_the_month_and_paid_by_its_end() {
    let o = no_late_fees();
    let mut a = Ledger::new("A-1", 2026);
    // October's fee, due 15 October, paid late on 3 November: counts for October only.
    charge(
        &mut a,
        "2026-10-01",
        ChargeItem::PropertyFee,
        "1000.00",
        "2026-10-15",
    );
    // November's fee and a repair, both due in November.
    let fee = charge(
        &mut a,
        "2026-11-01",
        ChargeItem::PropertyFee,
        "2000.00",
        "2026-11-15",
    );
    pay(&o, &mut a, "2026-11-03", "1000.00");
    charge(
        &mut a,
        "2026-11-10",
        ChargeItem::RepairFee,
        "80.00",
        "2026-11-30",
    );
    // Half of November's fee paid in November, 200.00 waived, the rest paid in December.
    pay(&o, &mut a, "2026-11-20", "1000.00");
    ledger_steps::waive(
        &o.books(),
        &mut a,
        clerk("2026-11-25"),
        m("200.00"),
        Some(fee),
        "mgr",
        "r",
    )
    .unwrap();
    pay(&o, &mut a, "2026-12-02", "880.00");
    let ledgers = [a];
    let r = report(&o, &records(&ledgers, &[]), period("2026-11", "2026-12-10"));
    let c = &r.billing.collection;
    assert_eq!(c.charges, 2);
    assert_eq!(c.charged, m("2080.00"));
    assert_eq!(c.forgiven, m("200.00"));
    assert_eq!(c.due, m("1880.00"));
    assert_eq!(c.collected, m("1000.00"));
    assert_eq!(c.outstanding, m("880.00"));
    // 1000 / 1880 = 53.19%.
    assert_eq!(c.rate.permille, Some(532));
    assert_eq!(r.billing.payments, m("2000.00"));
    assert_eq!(r.billing.payment_count, 2);
    assert_eq!(r.billing.waived, m("200.00"));
    assert_eq!(r.billing.billed, m("2080.00"));
    assert_eq!(r.billing.billed_by_item["repair-fee"], m("80.00"));
    assert_eq!(r.billing.late_fees, Money::ZERO);

    // October: its fee was due and not paid by 31 October.
    let oct = report(&o, &records(&ledgers, &[]), period("2026-10", "2026-12-10"));
    assert_eq!(oct.billing.collection.due, m("1000.00"));
    assert_eq!(oct.billing.collection.collected, Money::ZERO);
    assert_eq!(oct.billing.collection.rate.permille, Some(0));
    assert_eq!(oct.billing.arrears.total, m("1000.00"));
    assert!(oct.complete);
    assert_eq!(oct.through, d("2026-10-31"));

    // Counted to a day inside the month: what fell due by then.
    let mid = report(&o, &records(&ledgers, &[]), period("2026-11", "2026-11-21"));
    assert_eq!(mid.billing.collection.charged, m("2000.00"));
    assert_eq!(mid.billing.collection.collected, m("1000.00"));
    assert_eq!(mid.billing.collection.rate.permille, Some(500));
}

#[test]
fn late_fees_are_billed_but_left_out_of_the_collection_rate() {
    let o = Office::new();
    let mut a = Ledger::new("A-1", 2026);
    charge(
        &mut a,
        "2026-11-01",
        ChargeItem::PropertyFee,
        "300.00",
        "2026-11-15",
    );
    // Late fees from day 5 (20 November): 300.00 x 0.05% x 3 days = 0.45, posted by the
    // payment on the 22nd and cleared first.
    pay(&o, &mut a, "2026-11-22", "300.45");
    let ledgers = [a];
    let r = report(&o, &records(&ledgers, &[]), period("2026-11", "2026-11-30"));
    assert_eq!(r.billing.late_fees, m("0.45"));
    assert_eq!(r.billing.billed, m("300.45"));
    assert_eq!(r.billing.collection.charged, m("300.00"));
    assert_eq!(r.billing.collection.collected, m("300.00"));
    assert_eq!(r.billing.collection.rate.permille, Some(1000));
    assert_eq!(r.billing.arrears.total, Money::ZERO);
}

#[test]
fn arrears_are_aged_as_they_stood_at_the_close_of_the_months_last_day() {
    let o = no_late_fees();
    let mut a = Ledger::new("A-1", 2026);
    charge(
        &mut a,
        "2026-08-01",
        ChargeItem::PropertyFee,
        "100.00",
        "2026-08-15",
    );
    charge(
        &mut a,
        "2026-09-01",
        ChargeItem::PropertyFee,
        "200.00",
        "2026-09-15",
    );
    charge(
        &mut a,
        "2026-10-01",
        ChargeItem::PropertyFee,
        "400.00",
        "2026-10-15",
    );
    // Due on the last day: not overdue at its close.
    charge(
        &mut a,
        "2026-10-01",
        ChargeItem::Parking,
        "50.00",
        "2026-10-31",
    );
    // Posted after October: not in October's arrears.
    charge(
        &mut a,
        "2026-11-01",
        ChargeItem::PropertyFee,
        "400.00",
        "2026-11-15",
    );
    let mut b = Ledger::new("B-1", 2026);
    charge(
        &mut b,
        "2026-10-01",
        ChargeItem::PropertyFee,
        "300.00",
        "2026-10-15",
    );
    // Paid on the last day of October: counts by its close.
    pay(&o, &mut b, "2026-10-31", "300.00");
    let mut c = Ledger::new("C-1", 2026);
    charge(
        &mut c,
        "2026-10-01",
        ChargeItem::PropertyFee,
        "300.00",
        "2026-10-15",
    );
    // Paid after October: still owed at its end.
    pay(&o, &mut c, "2026-11-02", "300.00");
    let ledgers = [a, b, c];
    let r = report(&o, &records(&ledgers, &[]), period("2026-10", "2026-11-23"));
    let aging = &r.billing.arrears;
    // A-1: 400 and C-1: 300 (16 days); 200 (46 days); 100 (77 days).
    assert_eq!(aging.days_0_30, m("700.00"));
    assert_eq!(aging.days_31_60, m("200.00"));
    assert_eq!(aging.days_61_90, m("100.00"));
    assert_eq!(aging.days_over_90, Money::ZERO);
    assert_eq!(aging.total, m("1000.00"));
    assert_eq!(aging.units, 2);
    // This month, counted to today, is what `dunning aging` shows today.
    let now = report(&o, &records(&ledgers, &[]), period("2026-11", "2026-11-23"));
    let mut buckets = [Money::ZERO; 4];
    for l in &ledgers {
        let st = o.books().state(l).unwrap();
        for (sum, b) in buckets.iter_mut().zip(ledger::aging(&st, d("2026-11-23"))) {
            *sum = sum.checked_add(b).unwrap();
        }
    }
    assert_eq!(now.billing.arrears.buckets(), buckets);
    assert_eq!(now.billing.arrears.days_over_90, m("100.00"));
}

#[test]
fn a_ledger_that_cannot_be_replayed_is_named() {
    let o = Office::new();
    let mut a = Ledger::new("A-9", 2026);
    charge(
        &mut a,
        "2026-11-01",
        ChargeItem::PropertyFee,
        "100.00",
        "2026-11-15",
    );
    a.entries[0].no = 7;
    let ledgers = [a];
    let e = month_report(
        &records(&ledgers, &[]),
        &o.config,
        &o.calendar,
        period("2026-11", "2026-11-23"),
    )
    .unwrap_err();
    assert!(
        e.message.contains("ledger/A-9/2026.yaml: entry 1"),
        "{}",
        e.message
    );
}

fn unit(id: &str, usage: &str, status: &str) -> Unit {
    let occupant = if status == "occupied" {
        "occupant: P-1\n"
    } else {
        ""
    };
    from_yaml(
        &format!(
            "id: {id}\nbuilding: A\nfloor: 1\narea: \"100.00\"\nuse: {usage}\n{occupant}status: {status}\n"
        ),
        "unit",
    )
    .unwrap()
}

fn case(unit: &str, events: &[(&str, &str)]) -> DunningCase {
    let history: String = events
        .iter()
        .map(|(at, e)| format!("- at: \"{at}T09:00:00+08:00\"\n  by: t\n  event: {e}\n"))
        .collect();
    let status = if events.last().is_some_and(|(_, e)| *e == "closed") {
        "closed"
    } else {
        "open"
    };
    from_yaml(
        &format!("unit: {unit}\nstatus: {status}\nsince: \"2026-10-15\"\nhistory:\n{history}"),
        "case",
    )
    .unwrap()
}

#[test]
fn collection_cases_count_when_open_at_the_day_counted_to() {
    let cases = [
        case("A-1", &[("2026-10-20", "opened")]),
        case("A-2", &[("2026-10-20", "opened"), ("2026-10-28", "closed")]),
        case(
            "A-3",
            &[
                ("2026-10-20", "opened"),
                ("2026-10-28", "closed"),
                ("2026-11-20", "reopened"),
            ],
        ),
        case("A-4", &[("2026-11-02", "opened")]),
        case(
            "A-10",
            &[("2026-10-02", "opened"), ("2026-11-02", "closed")],
        ),
    ];
    let tz = chrono_tz::Asia::Shanghai;
    assert_eq!(
        open_cases(&cases, d("2026-10-31"), tz),
        (2, vec!["A-1".to_string(), "A-10".to_string()])
    );
    assert_eq!(
        open_cases(&cases, d("2026-11-23"), tz),
        (3, vec!["A-1".into(), "A-3".into(), "A-4".into()])
    );
}

fn movein(unit: &str, opened: &str, completed: Option<&str>) -> MoveIn {
    let done = completed.map_or(String::new(), |c| format!("completed: \"{c}\"\n"));
    let status = if completed.is_some() {
        "completed"
    } else {
        "in-progress"
    };
    from_yaml(
        &format!(
            "id: MI-20261101-AAAAAA\nunit: {unit}\nparty: P-1\nrole: tenant\nparty_kind: person\n\
status: {status}\nnotice_date: \"{opened}\"\nlease_start: \"{opened}\"\nfees_from: \"{opened}\"\n\
documents: []\nhandouts: []\n{done}history:\n- at: \"{opened}T09:00:00+08:00\"\n  by: t\n  event: opened\n"
        ),
        "movein",
    )
    .unwrap()
}

#[test]
fn occupancy_at_a_past_months_end_takes_later_moves_back() {
    let o = Office::new();
    let units = [
        unit("A-1", "office", "occupied"), // moved in on 10 November
        unit("A-2", "office", "vacant"),   // moved out on 21 November
        unit("A-3", "office", "occupied"),
        unit("A-4", "shop", "vacant"),
        unit("P-1", "parking", "occupied"),
    ];
    let moveins = [
        movein("A-1", "2026-11-01", Some("2026-11-10")),
        movein("A-4", "2026-11-20", None),
    ];
    let moveout: MoveOut = from_yaml(
        "id: MO-20261110-AAAAAA\nunit: A-2\nparty: P-2\nrole: tenant\nstatus: completed\n\
notice_date: \"2026-11-10\"\ndate: \"2026-11-20\"\ncompleted: \"2026-11-21\"\nhistory: []\n",
        "moveout",
    )
    .unwrap();
    let moveouts = [moveout];
    let r = Records {
        moveins: &moveins,
        moveouts: &moveouts,
        ..records(&[], &units)
    };
    let now = report(&o, &r, period("2026-11", "2026-11-23"));
    assert_eq!(now.occupancy.rate, Rate { num: 3, den: 5 });
    assert_eq!(now.moveins.opened, 2);
    assert_eq!(now.moveins.completed_units, ["A-1"]);
    assert_eq!(now.moveins.in_progress, 1);
    assert_eq!(now.moveouts.notices, 1);
    assert_eq!(now.moveouts.completed_units, ["A-2"]);
    assert_eq!(now.moveouts.in_progress, 0);
    let oct = report(&o, &r, period("2026-10", "2026-11-23"));
    // At 31 October A-1 was not yet let and A-2 still was.
    assert_eq!(oct.occupancy.rate, Rate { num: 3, den: 5 });
    let office = &oct.occupancy.by_use[0];
    assert_eq!(
        (office.usage.as_str(), office.occupied, office.units),
        ("office", 2, 3)
    );
    assert_eq!(oct.moveins.opened, 0);
    assert_eq!(oct.moveins.in_progress, 0);
    assert_eq!(oct.moveouts.in_progress, 0);
    // In the middle of November: A-1 moved in (10th), A-2 not yet out (21st).
    let mid = report(&o, &r, period("2026-11", "2026-11-15"));
    assert_eq!(mid.through, d("2026-11-15"));
    assert!(!mid.complete);
    assert_eq!(mid.occupancy.rate, Rate { num: 4, den: 5 });
    assert_eq!(mid.moveouts.in_progress, 1);
}

#[test]
fn the_page_is_escaped_and_the_same_every_time() {
    let o = Office::new();
    let mut config = o.config.clone();
    config.name = "<script>alert('x')</script> & Co".into();
    let units = [unit("A-1", "office", "occupied")];
    let r = month_report(
        &records(&[], &units),
        &config,
        &o.calendar,
        period("2026-11", "2026-11-23"),
    )
    .unwrap();
    let office = tempfile::tempdir().unwrap();
    let renderer = crate::render::Renderer::new(office.path()).unwrap();
    let page = html::page(&r, Locale::En, &renderer).unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert_eq!(page.matches("<svg ").count(), 4);
    assert!(page.contains("size: A4"));
    assert_eq!(page, html::page(&r, Locale::En, &renderer).unwrap());
    let zh = html::page(&r, Locale::ZhCn, &renderer).unwrap();
    assert!(
        zh.contains("<html lang=\"zh-CN\">") && zh.contains("出租率"),
        "{zh}"
    );
}
