//! The move-in's transition table, its record steps and its multi-record steps, on
//! records built in memory.

use super::inspection::Found;
use super::steps::{self, Completion, Done, Refusal};
use super::*;
use crate::messages::Say;
use crate::model::ledger::{ChargeItem, DepositKind, Ledger};
use crate::model::party::{EmergencyContact, Party, PartyKind, Role};
use crate::model::unit::{Area, Unit, UnitStatus, UnitUse};
use crate::procedure::Refused;
use crate::procedure::ticket::Ticket;
use crate::testkit::{Office, d, m};

fn act() -> Act<'static> {
    Act {
        by: "desk",
        at: "2026-11-23T09:30:00+08:00".parse().unwrap(),
        today: d("2026-11-23"),
    }
}

fn party(kind: PartyKind, role: Role) -> Party {
    Party {
        id: "P-20261101-AAAAAA".into(),
        kind,
        name: "蓝雀科技".into(),
        roles: vec![role],
        phones: Vec::new(),
        id_number: None,
        contact: Some("王女士".into()),
        emergency_contacts: Vec::new(),
        language: None,
        note: None,
        history: Vec::new(),
    }
}

fn unit() -> Unit {
    Unit {
        id: "A-1203".into(),
        building: "A".into(),
        floor: 12,
        area: "120.00".parse::<Area>().unwrap(),
        usage: UnitUse::Office,
        owner: Some("P-OWNER".into()),
        occupant: None,
        status: UnitStatus::Vacant,
        fees_from: None,
        fees_until: None,
        note: None,
        history: Vec::new(),
    }
}

fn notice(agent: Option<&str>) -> Notice {
    Notice {
        role: Role::Tenant,
        notice_date: d("2026-11-20"),
        lease_start: d("2026-12-01"),
        lease_end: None,
        fees_from: None,
        agent: agent.map(str::to_string),
        promises: vec!["免租期一个月".into()],
    }
}

fn movein(kind: PartyKind, agent: Option<&str>) -> MoveIn {
    let p = party(kind, Role::Tenant);
    let r = MoveInRules::default();
    MoveIn::new("MI-20261123-AAAAAA", "A-1203", &p, notice(agent), &r, act()).unwrap()
}

fn items(m: &MoveIn) -> Vec<&str> {
    m.documents.iter().map(|d| d.item.as_str()).collect()
}

fn step_refused(r: Result<(), Refused>) -> (Status, Event, Vec<Event>) {
    match r {
        Err(Refused::MoveIn(Refusal::Step {
            state,
            step,
            allowed,
            ..
        })) => (state, step, allowed),
        other => panic!("not a step refusal: {other:?}"),
    }
}

#[test]
fn every_state_and_event_has_its_next_state_or_none() {
    use Event as E;
    use Status::{Completed as Done_, InProgress as Open};
    // (state, event, next): every pair of the two states and ten events.
    let table: [(Status, Event, Option<Status>); 20] = [
        (Open, E::Opened, None),
        (Open, E::Received, Some(Open)),
        (Open, E::SignedFor, Some(Open)),
        (Open, E::Inspected, Some(Open)),
        (Open, E::Billed, Some(Open)),
        (Open, E::Keys, Some(Open)),
        (Open, E::HandoverSigned, Some(Open)),
        (Open, E::Completed, Some(Done_)),
        (Open, E::Reinspected, None),
        (Open, E::Visited, None),
        (Done_, E::Opened, None),
        (Done_, E::Received, None),
        (Done_, E::SignedFor, None),
        (Done_, E::Inspected, None),
        (Done_, E::Billed, None),
        (Done_, E::Keys, None),
        (Done_, E::HandoverSigned, None),
        (Done_, E::Completed, None),
        (Done_, E::Reinspected, Some(Done_)),
        (Done_, E::Visited, Some(Done_)),
    ];
    for s in Status::ALL {
        for e in Event::ALL {
            let want = table.iter().find(|(ts, te, _)| *ts == s && *te == e);
            let want = want.unwrap_or_else(|| panic!("{s:?} {e:?} missing from the table"));
            assert_eq!(next(s, e), want.2, "{s:?} {e:?}");
        }
    }
    assert_eq!(
        allowed(Open),
        [
            E::Received,
            E::SignedFor,
            E::Inspected,
            E::Billed,
            E::Keys,
            E::HandoverSigned,
            E::Completed
        ]
    );
    assert_eq!(allowed(Done_), [E::Reinspected, E::Visited]);
}

#[test]
fn events_read_back_from_their_history_words() {
    for e in Event::ALL {
        assert_eq!(Event::parse(e.as_str()), Some(e));
    }
    assert_eq!(Event::parse("moved"), None);
}

#[test]
fn a_step_the_state_does_not_allow_is_refused_with_the_steps_allowed() {
    let mut m = movein(PartyKind::Person, None);
    let (state, step, allowed) = step_refused(m.visit(act(), "x"));
    assert_eq!((state, step), (Status::InProgress, Event::Visited));
    assert!(allowed.contains(&Event::Completed));
    let r = Refused::from(Refusal::Step {
        id: m.id.clone(),
        state,
        step,
        allowed,
        completed: None,
    });
    assert_eq!(
        r.en(),
        "move-in MI-20261123-AAAAAA is not completed: the welcome visit follows the move-in"
    );
    m.status = Status::Completed;
    m.completed = Some(d("2026-11-23"));
    for f in [
        |m: &mut MoveIn| m.receive(act(), &["lease-copy".into()], "王先生"),
        |m: &mut MoveIn| m.sign_for(act(), &["tenant-handbook".into()], "王先生"),
        |m: &mut MoveIn| m.hand_keys(act(), vec!["door=2".parse().unwrap()], "王先生"),
        |m: &mut MoveIn| m.sign_handover(act(), "王先生"),
    ] {
        let e = f(&mut m).unwrap_err();
        assert_eq!(
            e.en(),
            "move-in MI-20261123-AAAAAA was completed on 2026-11-23"
        );
        assert_eq!(step_refused(Err(e)).2, [Event::Reinspected, Event::Visited]);
    }
}

#[test]
fn the_documents_depend_on_the_party_and_an_agent() {
    let p = movein(PartyKind::Person, None);
    assert_eq!(
        items(&p),
        [
            "movein-notice",
            "lease-copy",
            "id-card-copy",
            "deposit-receipt"
        ]
    );
    let c = movein(PartyKind::Company, Some("小李"));
    assert_eq!(
        items(&c),
        [
            "movein-notice",
            "lease-copy",
            "business-licence-copy",
            "deposit-receipt",
            "authorisation-letter"
        ]
    );
    assert_eq!(
        p.fees_from,
        d("2026-11-20"),
        "fees start on the notice date"
    );
    assert_eq!(p.handouts.len(), 5);
    assert_eq!(p.history[0].event, "opened");
}

#[test]
fn complete_lists_every_missing_item_and_an_override_records_them() {
    let mut m = movein(PartyKind::Person, None);
    m.receive(
        act(),
        &["movein-notice".into(), "lease-copy".into()],
        "王先生",
    )
    .unwrap();
    let around = Around::default();
    let e = m.complete(act(), &around, None, None).unwrap_err().en();
    for want in [
        "document not received: id-card-copy (propdesk movein receive MI-20261123-AAAAAA id-card-copy --from NAME)",
        "document not received: deposit-receipt",
        "handout not signed for: tenant-handbook",
        "no emergency contact",
        "joint inspection not done",
        "move-in fees not charged (propdesk movein bill MI-20261123-AAAAAA)",
        "keys not handed over",
        "handover record not signed",
    ] {
        assert!(e.contains(want), "{want} in {e}");
    }
    assert!(!e.contains("lease-copy (propdesk movein receive"), "{e}");
    assert_eq!(m.status, Status::InProgress);
    assert!(m.complete(act(), &around, None, Some(" ")).is_err());
    m.complete(act(), &around, None, Some("租户急需入场，资料三日内补齐"))
        .unwrap();
    let o = m.overridden.as_ref().unwrap();
    assert_eq!(o.by, "desk");
    assert_eq!(o.missing.len(), 12);
    assert_eq!(o.missing[0], "document not received: id-card-copy");
    assert_eq!(m.status, Status::Completed);
}

#[test]
fn the_inspection_needs_every_meter_of_the_use_and_knows_the_checklist() {
    let r = MoveInRules::default();
    let mut m = movein(PartyKind::Person, None);
    let found = |readings: &[&str], defects: &[(&str, &str)]| Found {
        attendees: vec!["工程部-周".into(), "王先生".into(), "王先生".into()],
        readings: readings.iter().map(|x| x.parse().unwrap()).collect(),
        defects: defects
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        fix_by: None,
    };
    let e = m
        .inspect(
            act(),
            &r,
            UnitUse::Office,
            &found(&["electricity=100"], &[]),
        )
        .unwrap_err();
    assert_eq!(
        e.en(),
        "the water meter was not read: --meter water=READING (a office unit has electricity, water)"
    );
    let readings = ["electricity=12345.6", "water=321.05"];
    let e = m
        .inspect(
            act(),
            &r,
            UnitUse::Office,
            &found(&readings, &[("toilet", "x")]),
        )
        .unwrap_err();
    assert!(
        e.en().contains("not on the office facility checklist"),
        "{}",
        e.en()
    );
    let d = m
        .inspect(
            act(),
            &r,
            UnitUse::Office,
            &found(&readings, &[("walls", "窗边墙面裂缝")]),
        )
        .unwrap();
    assert_eq!(d.len(), 1);
    let i = m.inspection.as_ref().unwrap();
    assert_eq!(i.attendees, ["工程部-周", "王先生"], "each attendee once");
    let defects = i
        .facilities
        .iter()
        .filter(|f| f.condition == Condition::Defect);
    assert_eq!(defects.count(), 1);
    assert_eq!(i.meters[0].reading.to_string(), "12345.6");
}

#[test]
fn open_defects_need_a_reinspection_date() {
    let mut m = movein(PartyKind::Person, None);
    let around = Around {
        open_defects: vec!["T-20261123-BBBBBB".into()],
        emergency_contacts: true,
        ..Around::default()
    };
    let e = m.complete(act(), &around, None, None).unwrap_err().en();
    assert!(e.contains("defects not fixed: T-20261123-BBBBBB"), "{e}");
    let e = m
        .complete(act(), &around, Some(d("2026-11-20")), None)
        .unwrap_err()
        .en();
    assert_eq!(e, "the re-inspection date 2026-11-20 is before today");
    let e = m
        .complete(act(), &around, Some(d("2026-11-30")), None)
        .unwrap_err()
        .en();
    assert!(
        !e.contains("defects not fixed"),
        "a re-inspection date answers it: {e}"
    );
}

#[test]
fn meter_values_are_exact_and_reject_what_is_not_a_reading() {
    let v: MeterValue = "12345.600".parse().unwrap();
    assert_eq!(v.to_string(), "12345.6");
    assert_eq!(v.thousandths(), 12_345_600);
    for bad in ["", "-1", "1.2345", "1,000", "1.", "abc"] {
        assert!(bad.parse::<MeterValue>().is_err(), "{bad}");
    }
    assert!("electricity".parse::<Reading>().is_err());
    assert_eq!(
        "door".parse::<KeySet>().unwrap_err(),
        "\"door\": expected KIND=COUNT, like door=2"
    );
}

#[test]
fn opening_refuses_what_the_unit_and_the_party_do_not_allow() {
    let r = MoveInRules::default();
    let p = party(PartyKind::Company, Role::Owner);
    let open = |p: &Party, u: &Unit, others: &[MoveIn]| {
        steps::open("MI-2", notice(None), u, p, others, &r, act()).map(|_| ())
    };
    let e = open(&p, &unit(), &[]).unwrap_err();
    assert_eq!(
        e.en(),
        "P-20261101-AAAAAA (蓝雀科技) does not have the tenant role"
    );
    let err: crate::error::Error = e.into();
    assert_eq!(
        err.hint.as_deref(),
        Some("add it with `propdesk party edit P-20261101-AAAAAA --add-role tenant`")
    );
    let p = party(PartyKind::Company, Role::Tenant);
    let mut u = unit();
    u.occupant = Some("P-OTHER".into());
    u.status = UnitStatus::Occupied;
    let e = open(&p, &u, &[]).unwrap_err();
    assert_eq!(
        e.en(),
        "unit A-1203 is occupied by P-OTHER: the move-out comes first"
    );
    let other = movein(PartyKind::Company, None);
    let e = open(&p, &unit(), std::slice::from_ref(&other)).unwrap_err();
    assert_eq!(
        e.en(),
        "unit A-1203 already has a move-in in progress: MI-20261123-AAAAAA"
    );
    assert!(open(&p, &unit(), &[]).is_ok());
}

#[test]
fn the_inspection_step_opens_a_ticket_per_defect_due_by_the_fix_day() {
    let r = MoveInRules::default();
    let mut m = movein(PartyKind::Company, None);
    let p = party(PartyKind::Company, Role::Tenant);
    let found = Found {
        attendees: vec!["工程部-周".into()],
        readings: vec!["electricity=1".parse().unwrap(), "water=2".parse().unwrap()],
        defects: vec![
            ("walls".into(), "窗边墙面裂缝".into()),
            ("lights".into(), "两盏灯不亮".into()),
        ],
        fix_by: None,
    };
    let mut n = 0;
    let (tickets, done) = steps::inspect(
        &mut m,
        &r,
        &unit(),
        Some(&p),
        &found,
        crate::model::locale::Locale::ZhCn,
        act(),
        |made: &[Ticket]| {
            n += 1;
            Ok::<_, Refused>(format!("T-{}-{n}", made.len()))
        },
    )
    .unwrap();
    assert_eq!(tickets.len(), 2);
    assert_eq!(tickets[1].id, "T-1-2");
    assert_eq!(
        tickets[0].fix_by,
        Some(d("2026-11-30")),
        "7 days by default"
    );
    assert_eq!(tickets[0].movein.as_deref(), Some("MI-20261123-AAAAAA"));
    assert_eq!(tickets[0].description, "墙面（入驻验房缺陷）: 窗边墙面裂缝");
    assert_eq!(m.defects.len(), 2);
    assert_eq!(
        done.en(),
        "MI-20261123-AAAAAA: inspected\nMI-20261123-AAAAAA: defect walls: ticket T-0-1, fix by 2026-11-30\nMI-20261123-AAAAAA: defect lights: ticket T-1-2, fix by 2026-11-30"
    );
    let mut late = found.clone();
    late.fix_by = Some(d("2026-11-01"));
    let e = steps::inspect(
        &mut movein(PartyKind::Company, None),
        &r,
        &unit(),
        None,
        &late,
        crate::model::locale::Locale::En,
        act(),
        |_: &[Ticket]| Ok::<_, Refused>("T".to_string()),
    )
    .unwrap_err();
    assert_eq!(e.en(), "--fix-by 2026-11-01 is before today");
}

#[test]
fn billing_posts_the_fees_and_charges_once_and_refuses_a_second_bill() {
    let o = Office::new();
    let mut rules = MoveInRules::default();
    rules.charges.push(MoveInCharge {
        item: ChargeItem::CardFee,
        amount: m("40.00"),
        text: "门禁卡工本费（2张）".into(),
    });
    let mut mi = movein(PartyKind::Company, None);
    let mut ledger = Ledger::new("A-1203", 2026);
    let u = unit();
    let b = steps::bill(&mut mi, &mut ledger, &u, &o.books(), &rules, act()).unwrap();
    assert_eq!(mi.charges, b.bill.entries);
    assert_eq!(b.bill.billed.occupant.as_deref(), Some("P-20261101-AAAAAA"));
    assert!(b.total > m("40.00"), "{}", b.total);
    assert!(
        b.done.en().starts_with("MI-20261123-AAAAAA: "),
        "{}",
        b.done.en()
    );
    let e = steps::bill(&mut mi, &mut ledger, &u, &o.books(), &rules, act()).unwrap_err();
    assert!(
        e.message
            .starts_with("the move-in fees were already charged (ledger entries "),
        "{}",
        e.message
    );
    // Without move-in charges, a second bill finds nothing to charge.
    let plain = MoveInRules::default();
    let mut mi = movein(PartyKind::Company, None);
    let mut ledger = Ledger::new("A-1203", 2026);
    steps::bill(&mut mi, &mut ledger, &u, &o.books(), &plain, act()).unwrap();
    let mut again = movein(PartyKind::Company, None);
    let e = steps::bill(&mut again, &mut ledger, &u, &o.books(), &plain, act()).unwrap_err();
    assert_eq!(
        e.message,
        "nothing to charge for A-1203: its fees from 2026-11-20 are already on the ledger"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("`propdesk ledger A-1203` shows them")
    );
}

#[test]
fn completion_lets_the_unit_to_the_party_billed_from_the_fee_start() {
    let r = MoveInRules::default();
    let mut mi = movein(PartyKind::Company, None);
    let mut u = unit();
    u.fees_until = Some(d("2026-10-31"));
    let how = Completion {
        reinspect: None,
        reason: Some("急需入场".into()),
    };
    let done = steps::complete(&mut mi, &mut u, &Around::default(), &how, &r, act()).unwrap();
    assert_eq!(u.occupant.as_deref(), Some("P-20261101-AAAAAA"));
    assert_eq!(u.status, UnitStatus::Occupied);
    assert_eq!(u.fees_from, Some(d("2026-11-20")));
    assert_eq!(u.fees_until, None);
    let e = &u.history[0];
    assert_eq!(e.event, "moved-in");
    assert_eq!(
        e.note.as_deref(),
        Some(
            "MI-20261123-AAAAAA (tenant); occupant P-20261101-AAAAAA (was none), status occupied (was vacant), fees from 2026-11-20 (was unset)"
        )
    );
    assert!(matches!(
        done,
        Done::Completed {
            overridden: Some(_),
            ..
        }
    ));
    assert_eq!(
        done.en().lines().last(),
        Some("MI-20261123-AAAAAA: welcome visit due by 2026-11-26")
    );
    // Someone else moved in meanwhile: refused, nothing changed.
    let mut other = movein(PartyKind::Company, None);
    let before = u.clone();
    u.occupant = Some("P-OTHER".into());
    let e = steps::complete(&mut other, &mut u, &Around::default(), &how, &r, act()).unwrap_err();
    assert_eq!(
        e.en(),
        "unit A-1203 is occupied by P-OTHER since this move-in began: the move-out comes first"
    );
    assert_eq!(other.status, Status::InProgress);
    assert_eq!(u.history, before.history);
}

#[test]
fn what_is_missing_reads_the_party_the_ledger_and_the_tickets() {
    let rules = MoveInRules {
        deposits: vec![RequiredDeposit {
            kind: DepositKind::Card,
            amount: m("200.00"),
        }],
        ..MoveInRules::default()
    };
    let mut mi = movein(PartyKind::Company, None);
    mi.defects.push(Defect {
        item: "walls".into(),
        description: "裂缝".into(),
        ticket: "T-1".into(),
        fix_by: d("2026-11-30"),
    });
    let mut p = party(PartyKind::Company, Role::Tenant);
    p.emergency_contacts.push(EmergencyContact {
        name: "李".into(),
        phone: "13800000000".into(),
        relation: None,
    });
    let state = Office::new()
        .books()
        .state(&Ledger::new("A-1203", 2026))
        .unwrap();
    let a = Around::of(&mi, Some(&p), &state, &rules, |_| Ok::<_, Refused>(None)).unwrap();
    assert!(a.emergency_contacts);
    assert_eq!(
        a.deposits_short,
        [(DepositKind::Card, m("200.00"), m("0.00"))]
    );
    assert_eq!(a.open_defects, ["T-1"]);
    let missing = mi.missing(&a);
    assert_eq!(
        missing.last().map(|x| x.en()).as_deref(),
        Some(
            "defects not fixed: T-1 (book a re-inspection: propdesk movein complete MI-20261123-AAAAAA --reinspect DATE)"
        )
    );
    let w = mi.waiting(&a).unwrap();
    assert_eq!(
        w.en(),
        format!(
            "document not received: movein-notice (+{} more)",
            missing.len() - 1
        )
    );
    assert_eq!(Waiting(Vec::new()).en(), "ready to complete");
}
