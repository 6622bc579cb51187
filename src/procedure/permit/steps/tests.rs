//! The steps that reach beyond the permit, on ledgers and permits built in memory.

use super::*;
use crate::messages::Say;
use crate::model::calendar::{Calendar, CalendarRules};
use crate::model::ledger::EntryKind;
use crate::procedure::fees::accounts::{self, NewPayment};
use crate::procedure::fees::steps as ledger_steps;
use crate::procedure::fees::years;
use crate::procedure::permit::{Application, ParkingApplication, Scope, Term, notices};
use crate::testkit::{Office, clerk, d, m};

const ID: &str = "PM-20261123-AAAAAA";
const UNIT: &str = "A-1203";

fn renovation(rules: &PermitRules) -> Permit {
    let a = Application {
        unit: UNIT.into(),
        applicant: "P-20261101-AAAAAA".into(),
        tenant_applicant: false,
        contractor: Some("华美装饰".into()),
        scope: Scope::Simple,
        structural: false,
        hot_work: false,
        description: "刷墙".into(),
        planned_start: d("2026-12-01"),
        planned_end: d("2027-01-31"),
        workers: 5,
    };
    Permit::new_renovation(ID, a, rules, clerk("2026-11-02")).unwrap()
}

fn words(missing: &[Missing]) -> Vec<String> {
    missing.iter().map(|m| m.en()).collect()
}

fn deposit(o: &Office, ledger: &mut Ledger, kind: DepositKind, amount: &str) {
    let c = clerk("2026-11-03");
    ledger_steps::receive_deposit(&o.books(), ledger, c, kind, m(amount), None, None).unwrap();
}

#[test]
fn a_renovation_misses_papers_fees_payment_and_deposits_until_each_is_in() {
    let o = Office::new();
    let rules = &o.config.permit;
    let mut p = renovation(rules);
    let mut ledger = Ledger::new(UNIT, 2026);
    let state = |l: &Ledger| o.books().state(l).unwrap();
    assert_eq!(
        words(&missing(&p, &[], &state(&ledger), rules)),
        [
            format!("document not received: application-form (propdesk permit receive {ID} application-form --from NAME)"),
            format!("document not received: workers-list (propdesk permit receive {ID} workers-list --from NAME)"),
            format!("agreement not signed: management-agreement (propdesk permit sign {ID} management-agreement --signed-by NAME)"),
            format!("agreement not signed: owner-commitment (propdesk permit sign {ID} owner-commitment --signed-by NAME)"),
            format!("agreement not signed: contractor-commitment (propdesk permit sign {ID} contractor-commitment --signed-by NAME)"),
            format!("agreement not signed: workers-rules (propdesk permit sign {ID} workers-rules --signed-by NAME)"),
            format!("agreement not signed: fire-security-responsibility (propdesk permit sign {ID} fire-security-responsibility --signed-by NAME)"),
            format!("fees not charged (propdesk permit bill {ID})"),
            "renovation deposit: 5,000.00 required, 0.00 held (propdesk pay A-1203 AMOUNT --deposit renovation)".to_string(),
            "pass deposit: 50.00 required, 0.00 held (propdesk pay A-1203 AMOUNT --deposit pass)".to_string(),
        ]
    );
    let act = clerk("2026-11-03");
    let items = ["application-form".to_string(), "workers-list".to_string()];
    p.receive(act, &items, "华美装饰").unwrap();
    let agreements: Vec<String> = rules.agreements.clone();
    p.sign(act, &agreements, "李四").unwrap();
    let done = bill(&mut p, &mut ledger, &o.books(), rules, act).unwrap();
    assert_eq!(
        done.en(),
        format!(
            "{ID}: 550.00 charged to A-1203; deposits to take: renovation 5,000.00, pass 50.00"
        )
    );
    let texts: Vec<&str> = ledger.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            format!("Debris removal {ID}"),
            format!("Worker passes (5) {ID}")
        ]
    );
    assert_eq!(
        bill(&mut p, &mut ledger, &o.books(), rules, act)
            .unwrap_err()
            .message,
        format!("the fees of permit {ID} were already charged")
    );
    assert_eq!(ledger.entries.len(), 2, "a refused step posts nothing");
    let missing_now = words(&missing(&p, &[], &state(&ledger), rules));
    assert_eq!(
        missing_now[..2],
        [
            "not paid: ledger entry 1, 500.00 outstanding (propdesk pay A-1203 AMOUNT --for 1)",
            "not paid: ledger entry 2, 50.00 outstanding (propdesk pay A-1203 AMOUNT --for 2)",
        ]
    );
    let pay = NewPayment {
        amount: m("550.00"),
        targets: Vec::new(),
        method: None,
        reference: None,
        received: None,
    };
    accounts::pay(&o.books(), &mut ledger, act, pay).unwrap();
    deposit(&o, &mut ledger, DepositKind::Renovation, "5000.00");
    deposit(&o, &mut ledger, DepositKind::Pass, "50.00");
    assert!(missing(&p, &[], &state(&ledger), rules).is_empty());
}

#[test]
fn the_deposits_the_units_other_permits_rely_on_are_kept_apart() {
    let o = Office::new();
    let rules = &o.config.permit;
    let act = clerk("2026-11-03");
    let cards =
        |id: &str, n: u32| Permit::new_access_card(id, UNIT, "P-1", n, m("10.00"), act).unwrap();
    let mut issued = cards("PM-1", 3);
    issued.issue(act, rules, vec![], None).unwrap();
    let applied = cards("PM-2", 5);
    let other_unit = {
        let mut p = cards("PM-3", 4);
        p.unit = "B-1".into();
        p.issue(act, rules, vec![], None).unwrap();
        p
    };
    let mine = cards("PM-4", 2);
    let unit = [issued, applied, other_unit, mine.clone()];
    assert_eq!(
        others_rely_on(&mine, &unit, DepositKind::Card, rules),
        m("30.00")
    );
    let mut ledger = Ledger::new(UNIT, 2026);
    deposit(&o, &mut ledger, DepositKind::Card, "40.00");
    let short = missing(&mine, &unit, &o.books().state(&ledger).unwrap(), rules);
    assert_eq!(
        words(&short),
        [
            "card deposit: 20.00 required (and 30.00 for the unit's other permits), 40.00 held (propdesk pay A-1203 AMOUNT --deposit card)"
        ]
    );
    let needs = deposits_short(&mine, &unit, &o.books().state(&ledger).unwrap(), rules);
    assert_eq!(needs.len(), 1);
    assert_eq!((needs[0].0.total(), needs[0].1), (m("50.00"), m("40.00")));
}

fn issued_renovation(o: &Office) -> Permit {
    let rules = &o.config.permit;
    let mut p = renovation(rules);
    for role in rules.approval_chain.clone() {
        p.decide(clerk("2026-11-20"), rules, &role, true, None)
            .unwrap();
    }
    p.issue(clerk("2026-11-25"), rules, vec![], None).unwrap();
    p
}

#[test]
fn a_violations_fine_is_charged_due_on_the_rectification_deadline() {
    let o = Office::new();
    let mut p = issued_renovation(&o);
    let mut ledger = Ledger::new(UNIT, 2026);
    let act = clerk("2026-12-03");
    let fine = Some((m("200.00"), &mut ledger));
    let done = violation(
        &mut p,
        act,
        "午休时间电钻施工",
        d("2026-12-05"),
        fine,
        Locale::ZhCn,
    )
    .unwrap();
    assert_eq!(
        done.en(),
        format!(
            "{ID}: violation no. 1: suspended until rectified by 2026-12-05; fine 200.00 (ledger entry 1)"
        )
    );
    let e = &ledger.entries[0];
    assert_eq!(
        (e.item, e.due, e.text.as_str()),
        (
            Some(ChargeItem::Fine),
            Some(d("2026-12-05")),
            format!("装修违章罚款 {ID} 第1号").as_str()
        )
    );
    let v = &p.renovation().unwrap().violations[0];
    assert_eq!(v.fine_entry, Some(1));
    let done = violation(&mut p, act, "占道", d("2026-12-06"), None, Locale::En).unwrap();
    assert_eq!(
        done.en(),
        format!("{ID}: violation no. 2: suspended until rectified by 2026-12-06")
    );
    assert_eq!(ledger.entries.len(), 1);
}

#[test]
fn a_parking_term_is_charged_once_and_again_at_each_renewal() {
    let o = Office::new();
    let rules = &o.config.permit;
    let act = clerk("2026-11-23");
    let a = ParkingApplication {
        unit: UNIT,
        applicant: "P-1",
        bay: "B1-018",
        plate: "沪a12b45",
        term: Term::HalfYear,
        from: d("2026-12-01"),
    };
    let mut p = Permit::new_parking(ID, a, &rules.parking, act).unwrap();
    let mut ledger = Ledger::new(UNIT, 2026);
    let done = bill(&mut p, &mut ledger, &o.books(), rules, act).unwrap();
    assert_eq!(
        done.en(),
        format!(
            "{ID}: fee charged: 2026-12-01 to 2027-05-31, 1,800.00 charged to A-1203 (ledger entry 1)"
        )
    );
    assert_eq!(
        ledger.entries[0].text,
        format!("Parking bay B1-018 沪A12B45 2026-12-01 to 2027-05-31 {ID}")
    );
    let e = bill(&mut p, &mut ledger, &o.books(), rules, act).unwrap_err();
    assert_eq!(
        e.message,
        format!("the fee of permit {ID} was already charged; a new term is `permit renew`")
    );
    let e = renew(&mut p, &mut ledger, &o.books(), rules, act).unwrap_err();
    assert!(e.message.starts_with("cannot renew"), "{}", e.message);
    p.issue(act, rules, vec![], None).unwrap();
    let mut ledger = years::open_for(&o.books(), ledger, 2027).unwrap();
    let done = renew(&mut p, &mut ledger, &o.books(), rules, clerk("2027-05-10")).unwrap();
    assert_eq!(
        done.en(),
        format!(
            "{ID}: renewed: 2027-06-01 to 2027-11-30, 1,800.00 charged to A-1203 (ledger entry 2)"
        )
    );
    assert_eq!(p.parking().unwrap().charges, [1, 2]);
}

#[test]
fn access_cards_handed_back_refund_what_the_ledger_holds_of_their_deposit() {
    let o = Office::new();
    let rules = &o.config.permit;
    let act = clerk("2026-11-23");
    let mut p = Permit::new_access_card(ID, UNIT, "P-1", 3, m("10.00"), act).unwrap();
    let mut ledger = Ledger::new(UNIT, 2026);
    let e = return_cards(&mut p, &mut ledger, &o.books(), act).unwrap_err();
    assert_eq!(
        e.message,
        format!("cannot take the cards back: permit {ID} is applied; that needs it issued")
    );
    p.issue(act, rules, vec![], None).unwrap();
    deposit(&o, &mut ledger, DepositKind::Card, "20.00");
    let done = return_cards(&mut p, &mut ledger, &o.books(), act).unwrap();
    assert_eq!(
        done.en(),
        format!("{ID}: cards returned; card deposit refunded: 20.00")
    );
    assert_eq!(p.status(), Status::Closed);
    let last = ledger.entries.last().unwrap();
    assert_eq!(
        (last.kind, last.amount),
        (EntryKind::DepositRefunded, m("20.00"))
    );
}

#[test]
fn overtime_air_conditioning_is_refused_after_the_cutoff_and_charged_next_month() {
    let cal = Calendar::new(
        &toml::from_str::<CalendarRules>(
            "working_days = [\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\"]\nhours = \"09:00-18:00\"\nholidays = [\"2026-10-01..2026-10-07\"]\nmakeup_days = [\"2026-10-10\"]\n",
        )
        .unwrap(),
    )
    .unwrap();
    let o = Office::new();
    let rules = &o.config.permit.overtime_ac;
    let dl = |s: &str| rules.deadline(&cal, d(s)).unwrap().to_string();
    // A working day: noon that day. Saturday: noon on Friday. The National Day week:
    // noon on 30 September. The make-up Saturday is a working day.
    assert_eq!(dl("2026-11-23"), "2026-11-23 12:00:00");
    assert_eq!(dl("2026-11-28"), "2026-11-27 12:00:00");
    assert_eq!(dl("2026-10-04"), "2026-09-30 12:00:00");
    assert_eq!(dl("2026-10-10"), "2026-10-10 12:00:00");
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
    let request = |requested: &str| AcRequest {
        unit: UNIT,
        applicant: "P-1",
        date: d("2026-11-28"),
        from: t("18:00"),
        to: t("21:30"),
        deadline: rules.deadline(&cal, d("2026-11-28")).unwrap(),
        requested: NaiveDateTime::parse_from_str(requested, "%Y-%m-%d %H:%M").unwrap(),
    };
    let mut ledger = Ledger::new(UNIT, 2026);
    let act = clerk("2026-11-27");
    let e = overtime_ac(
        ID,
        request("2026-11-27 12:01"),
        rules,
        &mut ledger,
        &o.books(),
        act,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "too late for overtime air-conditioning on 2026-11-28: requests are taken until 2026-11-27 12:00 (the cut-off is 12:00 on a working day for that day, or on the working day before a day off)"
    );
    assert!(ledger.entries.is_empty());
    let (p, done) = overtime_ac(
        ID,
        request("2026-11-27 11:59"),
        rules,
        &mut ledger,
        &o.books(),
        act,
    )
    .unwrap();
    // 3.5 hours at 300.00.
    assert_eq!(
        done.en(),
        format!("{ID}: 1,050.00 charged to A-1203 (ledger entry 1)")
    );
    assert_eq!(p.overtime_ac().unwrap().charge, Some(1));
    assert_eq!(p.status(), Status::Issued);
    let e = &ledger.entries[0];
    assert_eq!(
        (e.text.as_str(), e.due),
        (
            format!("Overtime air-conditioning 2026-11-28 18:00-21:30 {ID}").as_str(),
            Some(o.config.billing.due_date(d("2026-12-01")))
        )
    );
}

#[test]
fn the_refund_keeps_a_lost_pass_refunds_the_rest_and_closes() {
    let o = Office::new();
    let rules = &o.config.permit;
    let mut p = issued_renovation(&o);
    let mut ledger = Ledger::new(UNIT, 2026);
    deposit(&o, &mut ledger, DepositKind::Renovation, "5000.00");
    deposit(&o, &mut ledger, DepositKind::Pass, "50.00");
    // The refund is in the new year: its book opens with the deposits carried.
    let mut ledger = years::open_for(&o.books(), ledger, 2027).unwrap();
    let act = clerk("2027-01-25");
    let acts = (act, act);
    let e = refund(&mut p, &[], &mut ledger, &o.books(), rules, acts, None).unwrap_err();
    assert_eq!(
        e.message,
        format!("cannot close: permit {ID} is issued; that needs it accepted")
    );
    p.apply_completion(clerk("2027-01-20"), rules, d("2027-01-23"))
        .unwrap();
    p.accept(clerk("2027-01-23"), true, "验收合格", None)
        .unwrap();
    let e = refund(&mut p, &[], &mut ledger, &o.books(), rules, acts, None).unwrap_err();
    assert!(
        e.message.starts_with("settle the passes first"),
        "{}",
        e.message
    );
    p.return_passes(act, 4, 1).unwrap();
    let done = refund(&mut p, &[], &mut ledger, &o.books(), rules, acts, None).unwrap();
    assert_eq!(
        done.en(),
        [
            format!("{ID}: pass deposit kept for 1 lost pass(es): 10.00"),
            format!("{ID}: renovation deposit refunded: 5,000.00"),
            format!("{ID}: pass deposit refunded: 40.00"),
            format!("{ID}: closed"),
        ]
        .join("\n")
    );
    let last = p.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.note.as_deref()),
        ("closed", Some("refunded renovation 5,000.00, pass 40.00"))
    );
    let cards = Permit::new_access_card("PM-2", UNIT, "P-1", 1, m("10.00"), act).unwrap();
    let e = refund(
        &mut cards.clone(),
        &[],
        &mut ledger,
        &o.books(),
        rules,
        acts,
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "permit PM-2 (access-card) has no deposits to settle with `permit refund`"
    );
}

#[test]
fn the_applicant_is_the_units_owner_or_its_occupant() {
    let mut unit: crate::model::unit::Unit = serde_json::from_value(serde_json::json!({
        "id": UNIT, "building": "A", "floor": 12, "area": "120.00", "use": "office",
        "status": "occupied", "owner": "P-OWNER", "occupant": "P-TENANT"
    }))
    .unwrap();
    assert_eq!(tenant_applicant(&unit, "P-OWNER"), Ok(false));
    assert_eq!(tenant_applicant(&unit, "P-TENANT"), Ok(true));
    unit.occupant = None;
    let e = tenant_applicant(&unit, "P-TENANT").unwrap_err();
    assert_eq!(
        e.en(),
        "P-TENANT is neither the owner nor the occupant of A-1203"
    );
}

#[test]
fn a_notice_is_refused_for_a_permit_it_does_not_fit() {
    let act = clerk("2026-11-23");
    let cards = Permit::new_access_card(ID, UNIT, "P-1", 1, m("10.00"), act).unwrap();
    let e = notices::fits(&notices::PARKING_PERMIT, &cards).unwrap_err();
    assert_eq!(
        e.en(),
        format!("permit {ID} (access-card) is not a parking permit: no parking-permit")
    );
    let o = Office::new();
    let p = issued_renovation(&o);
    assert!(notices::fits(&notices::PERMIT_DOOR, &p).is_ok());
    let e = notices::fits(&notices::ACCEPTANCE, &p).unwrap_err();
    assert_eq!(
        e.en(),
        format!("permit {ID} (renovation) has no completion acceptance yet: no acceptance")
    );
}

#[test]
fn a_steps_confirmation_names_the_status_in_the_clerks_language() {
    let done = Done::Step {
        id: ID.into(),
        did: Did::DocumentsReceived,
        status: Status::Applied,
    };
    assert_eq!(done.en(), format!("{ID}: documents received (applied)"));
    assert_eq!(done.zh_cn(), format!("{ID}: documents received (审批中)"));
    assert_eq!(Change(&done).en(), "documents received");
}

#[test]
fn a_bay_is_held_by_one_permit_for_any_day_of_its_term() {
    let o = Office::new();
    let rules = &o.config.permit;
    let act = clerk("2026-11-23");
    let parking = |id: &str, bay: &str, from: &str, term: Term| {
        let a = ParkingApplication {
            unit: UNIT,
            applicant: "P-1",
            bay,
            plate: "沪A12B45",
            term,
            from: d(from),
        };
        Permit::new_parking(id, a, &rules.parking, act).unwrap()
    };
    // 2026-12-01 to 2027-05-31.
    let held = parking("PM-20261123-HELD01", "B1-018", "2026-12-01", Term::HalfYear);
    let holders = [held.clone(), renovation(rules)];
    // A term sharing one day with it, the same bay written another way: refused.
    let p = parking(ID, " b1-018 ", "2027-05-31", Term::Year);
    let e = bay_free(&p, &holders).unwrap_err();
    assert_eq!(
        e.en(),
        "bay b1-018 is held by parking permit PM-20261123-HELD01 from 2026-12-01 to 2027-05-31"
    );
    assert_eq!(
        e.zh_cn(),
        "车位 b1-018 已由停车证 PM-20261123-HELD01 占用（2026-12-01 至 2027-05-31）"
    );
    // The day after its term, another bay, or the permit itself: free.
    bay_free(&parking(ID, "B1-018", "2027-06-01", Term::Year), &holders).unwrap();
    bay_free(&parking(ID, "B1-019", "2026-12-01", Term::Year), &holders).unwrap();
    bay_free(&held, &holders).unwrap();
    // A term ending the day before it starts is free too.
    let before = parking(ID, "B1-018", "2026-06-01", Term::HalfYear);
    assert_eq!(before.parking().unwrap().until, d("2026-11-30"));
    bay_free(&before, &holders).unwrap();
}
