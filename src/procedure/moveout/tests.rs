//! The move-out's transition table, its terms, its record steps and its
//! multi-record steps, on records built in memory.

use chrono::NaiveTime;

use super::inspection::{Baseline, Found};
use super::missing::Holding;
use super::steps::{self, Desk, Done, Dunning, Written};
use super::*;
use crate::messages::Say;
use crate::model::ledger::{DepositKind, Ledger};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Role;
use crate::model::unit::{Unit, UnitStatus, UnitUse};
use crate::procedure::dunning::{CaseStatus, DunningCase};
use crate::procedure::fees::accounts;
use crate::procedure::fees::steps as ledger_steps;
use crate::procedure::movein::{KeySet, MoveInRules};
use crate::procedure::permit::gate::{Owing, Standing};
use crate::testkit::{Office, d, m};

fn act(day: &str) -> Act<'static> {
    Act {
        by: "desk",
        at: "2026-11-20T15:00:00+08:00".parse().unwrap(),
        today: d(day),
    }
}

fn terms(short: bool, agreement: bool) -> Terms {
    Terms {
        short_reason: short.then(|| "relocating".to_string()),
        short_approved_by: short.then(|| "Mgr Lee".to_string()),
        agreement: agreement.then(|| "TA-7".to_string()),
        agreement_approved_by: agreement.then(|| "GM Ho".to_string()),
    }
}

/// An office unit of 100 m² let to P-2 (a tenant; P-1 owns it).
fn unit() -> Unit {
    crate::testkit::office_unit()
}

fn written(date: &str) -> Written {
    Written {
        notice_date: d("2026-11-01"),
        date: d(date),
        lease_end: None,
        restoration_required: false,
        terms: Terms::default(),
    }
}

fn moveout() -> MoveOut {
    let mut u = unit();
    let r = MoveOutRules::default();
    steps::open(
        "MO-1",
        &mut u,
        &[],
        &[],
        written("2026-11-20"),
        &r,
        act("2026-11-01"),
    )
    .unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn lift(day: &str, a: &str, b: &str) -> Lift {
    Lift {
        date: d(day),
        from: t(a),
        to: t(b),
    }
}

#[test]
fn every_stage_and_event_has_its_next_stage_or_none() {
    use Event as E;
    use Stage::{Completed as C, Open as O, Settled as S};
    // (event, next from open, from settled, from completed): every pair.
    let table: [(Event, [Option<Stage>; 3]); 12] = [
        (E::Notified, [None, None, None]),
        (E::Rescheduled, [Some(O), None, None]),
        (E::Consent, [Some(O), Some(S), None]),
        (E::LiftBooked, [Some(O), Some(S), None]),
        (E::ExitPass, [Some(O), Some(S), None]),
        (E::Restoration, [Some(O), None, None]),
        (E::Inspected, [Some(O), None, None]),
        (E::KeysReturned, [Some(O), None, None]),
        (E::Cleaning, [Some(O), Some(S), None]),
        (E::Settled, [Some(S), None, None]),
        (E::Completed, [None, Some(C), None]),
        (E::Refunded, [None, Some(S), Some(C)]),
    ];
    for e in Event::ALL {
        let (_, row) = table.iter().find(|(x, _)| *x == e).unwrap();
        for (k, s) in Stage::ALL.into_iter().enumerate() {
            assert_eq!(next(s, e), row[k], "{s:?} {e:?}");
        }
        assert_eq!(Event::parse(e.as_str()), Some(e));
    }
    assert_eq!(allowed(C), [E::Refunded]);
}

#[test]
fn a_step_the_stage_does_not_allow_says_what_it_would_change() {
    let mut mo = moveout();
    let e = mo.may_refund().unwrap_err();
    assert_eq!(
        e.en(),
        "move-out MO-1 is not settled: the refund is paid only after acceptance and settlement (propdesk moveout settle MO-1)"
    );
    mo.settlement = Some(Settlement {
        date: d("2026-11-20"),
        accepted: d("2026-11-20"),
        billed_through: d("2026-11-20"),
        deposits: Vec::new(),
        credit: Money::ZERO,
        lines: Vec::new(),
        applied: Money::ZERO,
        refund: Money::ZERO,
        owed: Money::ZERO,
        refund_due: None,
        entries: Vec::new(),
    });
    assert_eq!(mo.stage(), Stage::Settled);
    let r = MoveOutRules::default();
    let e = mo.reschedule(act("2026-11-02"), &r, d("2026-11-25"), &Terms::default());
    assert_eq!(
        e.unwrap_err().en(),
        "move-out MO-1 was settled on 2026-11-20: a new date would change the statement"
    );
    let e = mo
        .restoration_cost(act("2026-11-20"), m("100.00"), "拆除")
        .unwrap_err();
    assert_eq!(
        e.en(),
        "move-out MO-1 was settled on 2026-11-20: a restoration cost would change the statement"
    );
    let e: crate::error::Error = mo.may(Event::Settled).unwrap_err().into();
    assert_eq!(e.message, "move-out MO-1 was settled on 2026-11-20");
    assert_eq!(
        e.hint.as_deref(),
        Some("`propdesk moveout statement MO-1` shows it")
    );
    assert!(mo.arrange_cleaning(act("2026-11-20"), "保洁部").is_ok());
    mo.status = Status::Completed;
    mo.completed = Some(d("2026-11-21"));
    let e = mo.consent(act("2026-11-21"), "业主").unwrap_err();
    assert_eq!(e.en(), "move-out MO-1 was completed on 2026-11-21");
}

#[test]
fn notice_shorter_than_the_office_needs_takes_a_reason_and_a_manager() {
    let rules = MoveOutRules::default();
    let n = d("2026-11-10");
    // 10 days ahead is enough; 9 is short.
    assert!(check_terms(&rules, n, d("2026-11-20"), None, &terms(false, false)).is_ok());
    let e = check_terms(&rules, n, d("2026-11-19"), None, &terms(false, false)).unwrap_err();
    assert!(e.en().contains("notice given 9 day(s)"), "{}", e.en());
    let (short, _) = check_terms(&rules, n, d("2026-11-19"), None, &terms(true, false)).unwrap();
    assert_eq!(short.unwrap().approved_by, "Mgr Lee");
    // An approval where none is needed is a mistake.
    assert!(check_terms(&rules, n, d("2026-11-20"), None, &terms(true, false)).is_err());
    assert!(check_terms(&rules, n, d("2026-11-09"), None, &terms(true, false)).is_err());
    assert_eq!(
        terms_needed(&rules, n, d("2026-11-19"), None),
        (true, false)
    );
}

#[test]
fn moving_out_before_the_lease_ends_needs_the_termination_agreement() {
    let rules = MoveOutRules::default();
    let n = d("2026-11-01");
    let end = Some(d("2027-09-30"));
    let e = check_terms(&rules, n, d("2026-11-30"), end, &terms(false, false)).unwrap_err();
    assert!(e.en().contains("terminates it early"), "{}", e.en());
    let (_, t) = check_terms(&rules, n, d("2026-11-30"), end, &terms(false, true)).unwrap();
    assert_eq!(t.unwrap().agreement, "TA-7");
    // On the lease's last day, or with no lease end known: no agreement.
    assert!(check_terms(&rules, n, d("2027-09-30"), end, &terms(false, false)).is_ok());
    assert!(check_terms(&rules, n, d("2027-09-30"), end, &terms(false, true)).is_err());
    assert!(check_terms(&rules, n, d("2026-11-30"), None, &terms(false, true)).is_err());
    assert_eq!(terms_needed(&rules, n, d("2026-11-30"), end), (false, true));
}

#[test]
fn keys_short_are_counted_per_kind() {
    let k = |kind: &str, count| KeySet {
        kind: kind.into(),
        count,
    };
    let out = [k("door", 2), k("mailbox", 1)];
    assert!(key_shortfall(&out, &[k("door", 2), k("mailbox", 1)]).is_empty());
    assert_eq!(
        key_shortfall(&out, &[k("door", 1), k("garage", 3)]),
        [("door".to_string(), 2, 1), ("mailbox".to_string(), 1, 0)]
    );
}

#[test]
fn lift_bookings_overlap_only_on_the_same_day_and_hours() {
    let morning = lift("2026-11-20", "09:00", "12:00");
    assert!(morning.overlaps(&lift("2026-11-20", "11:00", "13:00")));
    assert!(!morning.overlaps(&lift("2026-11-20", "12:00", "14:00")));
    assert!(!morning.overlaps(&lift("2026-11-21", "09:00", "12:00")));
    assert_eq!("09:00-12:00".parse::<Slot>().unwrap().to, t("12:00"));
    assert!("9-12".parse::<Slot>().is_err());
}

#[test]
fn the_notice_stops_billing_at_the_move_out_day_and_finds_the_move_in() {
    let r = MoveOutRules::default();
    let mut u = unit();
    let mo = steps::open(
        "MO-1",
        &mut u,
        &[],
        &[],
        written("2026-11-20"),
        &r,
        act("2026-11-01"),
    )
    .unwrap();
    assert_eq!((mo.party.as_str(), mo.role), ("P-2", Role::Tenant));
    assert_eq!(u.fees_until, Some(d("2026-11-20")));
    assert_eq!(
        u.history[0].note.as_deref(),
        Some("MO-1: P-2 moves out on 2026-11-20; billed until 2026-11-20 (was unset)")
    );
    let e = steps::open(
        "MO-2",
        &mut u,
        &[mo],
        &[],
        written("2026-11-20"),
        &r,
        act("2026-11-01"),
    )
    .unwrap_err();
    assert_eq!(
        e.en(),
        "unit A-1203 already has a move-out in progress: MO-1"
    );
    let mut vacant = unit();
    vacant.occupant = None;
    vacant.status = UnitStatus::Vacant;
    let e = steps::open(
        "MO-3",
        &mut vacant,
        &[],
        &[],
        written("2026-11-20"),
        &r,
        act("2026-11-01"),
    )
    .unwrap_err();
    assert_eq!(
        e.en(),
        "unit A-1203 has no occupant (vacant): nobody to move out"
    );
}

#[test]
fn the_goods_lift_is_refused_where_another_move_out_has_it() {
    let mut mo = moveout();
    let mut other = moveout();
    other.id = "MO-OTHER".into();
    other.lift = Some(lift("2026-11-18", "09:00", "12:00"));
    let e = steps::book_lift(
        &mut mo,
        lift("2026-11-18", "11:00", "13:00"),
        std::slice::from_ref(&other),
        act("2026-11-02"),
    )
    .unwrap_err();
    assert_eq!(
        e.en(),
        "the goods lift is booked 2026-11-18 09:00–12:00 for move-out MO-OTHER: choose another time"
    );
    let done = steps::book_lift(
        &mut mo,
        lift("2026-11-18", "13:00", "15:00"),
        &[other],
        act("2026-11-02"),
    )
    .unwrap();
    assert_eq!(done.en(), "MO-1: goods lift booked 2026-11-18 13:00–15:00");
    // The pass needs the owner's consent first, then is made for the booked lift.
    let clear = Standing::default();
    let items = ["办公桌".to_string()];
    let e = steps::exit_pass(&mut mo, "PM-1", &items, &clear, act("2026-11-02")).unwrap_err();
    assert!(
        e.en()
            .starts_with("the goods leave with the owner's written consent")
    );
    mo.consent(act("2026-11-02"), "业主-远景置业").unwrap();
    // Not before the move-out is settled and paid: the gate of the permit.
    let owing = Owing {
        moveout: "MO-1".into(),
        unit: "A-1203".into(),
        owed: m("3750.00"),
        held: Money::ZERO,
    };
    let shut = Standing {
        moveout: Some((None, owing)),
        suspension: None,
    };
    let e = steps::exit_pass(&mut mo, "PM-1", &items, &shut, act("2026-11-02")).unwrap_err();
    assert!(
        e.en()
            .contains("move-out MO-1 is not settled: 3,750.00 owed now"),
        "{}",
        e.en()
    );
    assert_eq!(mo.goods_exit, None);
    let (p, done) = steps::exit_pass(&mut mo, "PM-1", &items, &clear, act("2026-11-02")).unwrap();
    assert_eq!(mo.goods_exit.as_deref(), Some("PM-1"));
    assert_eq!(
        p.goods_exit().and_then(|g| g.lift.clone()).as_deref(),
        Some("13:00–15:00")
    );
    assert!(
        done.en().contains("propdesk permit sign-exit PM-1"),
        "{}",
        done.en()
    );
}

#[test]
fn the_inspection_charges_energy_and_damage_in_the_office_words() {
    let o = Office::new();
    let mut mo = moveout();
    let mut ledger = Ledger::new("A-1203", 2026);
    let movein_rules = MoveInRules::default();
    let b = Baseline::of(&movein_rules, UnitUse::Office, None, &Around::default());
    assert!(b.damageable().contains(&"walls".to_string()));
    let found = Found::priced(
        vec!["工程部-周".into()],
        vec![
            "electricity=1100".parse().unwrap(),
            "water=210".parse().unwrap(),
        ],
        vec![
            "electricity=1000".parse().unwrap(),
            "water=200".parse().unwrap(),
        ],
        &[("walls".into(), "墙面污损".into())],
        &[("walls".into(), m("300.00"))],
    )
    .unwrap();
    let desk = Desk::clerk(&o.config.moveout, o.books(), act("2026-11-20"));
    let done = steps::inspect(&mut mo, &mut ledger, &b, &found, &desk).unwrap();
    let texts: Vec<&str> = ledger.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Final energy: electricity 1000→1100 (100 × 1.20)",
            "Final energy: water 200→210 (10 × 5.00)",
            "Move-out damage: walls: 墙面污损"
        ]
    );
    assert!(
        mo.damages[0].entry.is_some(),
        "the entry is noted on the move-out"
    );
    assert!(
        done.en().ends_with("MO-1: 470.00 charged to A-1203"),
        "{}",
        done.en()
    );
    let e = Found::priced(
        Vec::new(),
        Vec::new(),
        Vec::new(),
        &[],
        &[("x".into(), m("1.00"))],
    )
    .unwrap_err();
    assert_eq!(
        e.en(),
        "--price x=... prices no damage: describe it with --damage x=DESCRIPTION"
    );
}

#[test]
fn keys_not_returned_are_priced_and_charged_as_damage() {
    let o = Office::new();
    let mut mo = moveout();
    let mut ledger = Ledger::new("A-1203", 2026);
    let desk = Desk::clerk(&o.config.moveout, o.books(), act("2026-11-20"));
    let sets = vec!["door=1".parse::<KeySet>().unwrap()];
    // No move-in record: nothing to count against, so nothing to charge.
    let e = steps::return_keys(
        &mut mo,
        None,
        sets.clone(),
        "保安部-刘",
        Some((m("100.00"), &mut ledger)),
        &desk,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "every key handed over at move-in is back: there is nothing to charge"
    );
    let done = steps::return_keys(&mut mo, None, sets, "保安部-刘", None, &desk).unwrap();
    assert_eq!(
        done.en(),
        "MO-1: 1 key(s) returned (no move-in handover to count against)"
    );
}

#[test]
fn what_is_missing_is_worded_for_the_desk_and_for_the_party() {
    // Settlement before the exit pass: the list goes in that order.
    let mut mo = moveout();
    mo.goods_exit = Some("PM-9".into());
    let around = Around {
        goods_exit: Some(crate::procedure::permit::Status::Issued),
        restoration: None,
        permits_holding: vec![Holding {
            permit: "PM-7".into(),
            kind: "access-card".into(),
            cards: true,
        }],
    };
    let missing = mo.missing(&around);
    let en: Vec<String> = missing.iter().map(|x| x.en()).collect();
    assert_eq!(
        en,
        [
            "owner's written consent not recorded (propdesk moveout consent MO-1 --signed-by NAME)",
            "goods lift not booked (propdesk moveout lift MO-1 --day DATE --time HH:MM-HH:MM)",
            "move-out inspection not done (propdesk moveout inspect MO-1 --attendee NAME --meter METER=READING)",
            "keys not returned (propdesk moveout keys MO-1 --key KIND=COUNT --received-by NAME)",
            "access-card permit PM-7 still holds deposits (return the cards: propdesk permit return PM-7)",
            "not settled (propdesk moveout settle MO-1)",
            "goods exit pass PM-9 not yet taken by security as the goods leave (propdesk permit security PM-9 --guard NAME)",
            "cleaning not arranged (propdesk moveout cleaning MO-1 --with NAME)",
        ]
    );
    let zh: Vec<String> = missing
        .into_iter()
        .map(|x| ForParty(x).say(Locale::ZhCn))
        .collect();
    assert_eq!(
        zh,
        [
            "业主书面同意书",
            "预约货梯",
            "退租验房",
            "交还钥匙",
            "结清许可证押金（装修、门禁卡）",
            "费用结算",
            "物品出场（保安收回放行条）",
            "安排保洁",
        ]
    );
    assert_eq!(
        ForParty(Missing::Consent {
            moveout: "MO-1".into()
        })
        .en(),
        "owner's written consent not recorded"
    );
    assert_eq!(
        mo.waiting(&around).en(),
        "owner's written consent not recorded (+7 more)"
    );
}

#[test]
fn completion_empties_the_unit_and_closes_or_carries_the_dunning_case() {
    let o = Office::new();
    for (owed, dunning) in [("0.00", Dunning::Closed), ("500.00", Dunning::Carried)] {
        let mut mo = moveout();
        mo.consent(act("2026-11-02"), "业主").unwrap();
        mo.arrange_cleaning(act("2026-11-02"), "保洁部").unwrap();
        mo.lift = Some(lift("2026-11-18", "09:00", "12:00"));
        mo.goods_exit = Some("PM-1".into());
        mo.settlement = Some(Settlement {
            date: d("2026-11-20"),
            accepted: d("2026-11-20"),
            billed_through: d("2026-11-20"),
            deposits: Vec::new(),
            credit: Money::ZERO,
            lines: Vec::new(),
            applied: Money::ZERO,
            refund: Money::ZERO,
            owed: Money::ZERO,
            refund_due: None,
            entries: Vec::new(),
        });
        let mut ledger = Ledger::new("A-1203", 2026);
        if owed != "0.00" {
            let c = accounts::NewCharge {
                item: crate::model::ledger::ChargeItem::Damage,
                amount: m(owed),
                text: "x".into(),
                due: d("2026-11-20"),
                reference: None,
            };
            ledger_steps::charge(&mut ledger, act("2026-11-20"), c).unwrap();
        }
        let mut case = Some(DunningCase::open(
            "A-1203",
            d("2026-10-15"),
            act("2026-10-20"),
        ));
        let mut u = unit();
        let desk = Desk::clerk(&o.config.moveout, o.books(), act("2026-11-21"));
        let done = steps::complete(
            &mut mo,
            &mut u,
            &ledger,
            &mut case,
            &Around::default(),
            &desk,
        )
        .unwrap();
        assert_eq!((u.occupant.clone(), u.status), (None, UnitStatus::Vacant));
        assert_eq!(u.fees_until, Some(d("2026-11-20")));
        assert_eq!(u.history.last().unwrap().event, "moved-out");
        assert!(matches!(done, Done::Completed { dunning: x, .. } if x == dunning));
        let status = case.as_ref().unwrap().status;
        assert_eq!(status == CaseStatus::Closed, dunning == Dunning::Closed);
        assert_eq!(mo.status, Status::Completed);
    }
}

#[test]
fn a_settlement_waits_for_an_earlier_occupants_refund_on_the_same_ledger() {
    let o = Office::new();
    let mut earlier = moveout();
    earlier.id = "MO-0".into();
    earlier.party = "P-0".into();
    earlier.status = Status::Completed;
    earlier.settlement = Some(Settlement {
        date: d("2026-06-20"),
        accepted: d("2026-06-20"),
        billed_through: d("2026-06-20"),
        deposits: vec![Held {
            kind: DepositKind::Lease,
            amount: m("3000.00"),
        }],
        credit: Money::ZERO,
        lines: Vec::new(),
        applied: Money::ZERO,
        refund: m("3000.00"),
        owed: Money::ZERO,
        refund_due: Some(d("2026-07-20")),
        entries: Vec::new(),
    });
    let mut mo = moveout();
    mo.inspection = Some(inspection::Inspection {
        date: d("2026-11-20"),
        attendees: vec!["x".into()],
        meters: Vec::new(),
        facilities: Vec::new(),
    });
    mo.keys = Some(KeysBack {
        sets: Vec::new(),
        expected: Vec::new(),
        received_by: "g".into(),
        date: d("2026-11-20"),
    });
    let desk = Desk::clerk(&o.config.moveout, o.books(), act("2026-11-20"));
    let mut ledger = Ledger::new("A-1203", 2026);
    let e = steps::settle(
        &mut mo,
        &mut ledger,
        &unit(),
        &Around::default(),
        &[earlier],
        &desk,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "move-out MO-1 cannot be settled yet: the refund of 3,000.00 to P-0 settled by move-out MO-0 (due 2026-07-20) is not paid, and it is held on the same ledger"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("pay it first: propdesk moveout refund MO-0")
    );
    let s = steps::settle(
        &mut mo,
        &mut ledger,
        &unit(),
        &Around::default(),
        &[],
        &desk,
    )
    .unwrap();
    assert_eq!(mo.stage(), Stage::Settled);
    assert_eq!(s.billed_through, d("2026-11-20"));
}
