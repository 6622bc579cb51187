//! The gate of a goods exit pass, on a move-out, a ledger and a dunning case built in
//! memory: the pass neither made nor issued nor printed while money is owed, the
//! manager's override of the dunning suspension, security warned.

use super::*;
use crate::messages::Say;
use crate::model::ledger::{ChargeItem, DepositKind, Ledger};
use crate::procedure::Act;
use crate::procedure::dunning::{CaseStatus, Step};
use crate::procedure::fees::accounts::{NewCharge, NewPayment};
use crate::procedure::fees::steps as ledger_steps;
use crate::procedure::moveout::steps::{self as out_steps, Written};
use crate::procedure::moveout::{MoveOutRules, Settlement, Terms};
use crate::procedure::permit::goods_exit::{Side, Signature};
use crate::procedure::permit::steps::Done;
use crate::procedure::permit::{Permit, PermitRules, Status, notices};
use crate::testkit::{Office, d, m, office_unit};

const UNIT: &str = "A-1203";
const PASS: &str = "PM-20261123-AAAAAA";

fn at(day: &str) -> Act<'static> {
    Act {
        by: "desk",
        at: "2026-11-23T09:30:00+08:00".parse().unwrap(),
        today: d(day),
    }
}

/// The tenant of A-1203 moving out on 2026-11-30, notice given 2026-11-10.
fn moveout() -> MoveOut {
    let w = Written {
        notice_date: d("2026-11-10"),
        date: d("2026-11-30"),
        lease_end: None,
        restoration_required: false,
        terms: Terms::default(),
    };
    let rules = MoveOutRules::default();
    let mut unit = office_unit();
    out_steps::open("MO-1", &mut unit, &[], &[], w, &rules, at("2026-11-10")).unwrap()
}

/// The move-out settled on `day` (the figures do not matter to the gate: the ledger
/// does).
fn settled(mut mo: MoveOut, day: &str) -> MoveOut {
    mo.settlement = Some(Settlement {
        date: d(day),
        accepted: d(day),
        billed_through: d("2026-11-30"),
        deposits: Vec::new(),
        credit: Money::ZERO,
        lines: Vec::new(),
        applied: Money::ZERO,
        refund: Money::ZERO,
        owed: Money::ZERO,
        refund_due: None,
        entries: Vec::new(),
    });
    mo
}

/// A-1203's ledger owing 3,750.00, due 2026-11-15 and unpaid.
fn owing() -> Ledger {
    owing_by(None)
}

/// [`owing`], the charge belonging to the occupancy of `party`.
fn owing_by(party: Option<&str>) -> Ledger {
    let mut l = Ledger::new(UNIT, 2026);
    l.posting_for = party.map(str::to_string);
    let c = NewCharge {
        item: ChargeItem::PropertyFee,
        amount: m("3750.00"),
        text: "November".into(),
        due: d("2026-11-15"),
        reference: None,
    };
    ledger_steps::charge(&mut l, at("2026-11-01"), c).unwrap();
    l
}

fn pay(o: &Office, l: &mut Ledger, amount: &str, day: &str) {
    let p = NewPayment {
        amount: m(amount),
        targets: Vec::new(),
        method: None,
        reference: None,
        received: None,
    };
    ledger_steps::pay(&o.books(), l, at(day), p).unwrap();
}

/// A-1203's case, overdue since 2026-11-15, at the suspension step of the default
/// ladder (day 6, the GM's approval): waiting for it, or approved.
fn suspended(approved: bool) -> DunningCase {
    let rules = crate::procedure::dunning::DunningRules::default();
    let mut c = DunningCase::open(UNIT, d("2026-11-16"), at("2026-11-16"));
    for row in rules.ladder.iter().take(6) {
        let mut s = Step::reached(
            row,
            d("2026-11-15") + chrono::Days::new(row.day.into()),
            d("2026-11-21"),
        );
        if row.day < 6 || approved {
            s.status = StepStatus::Taken;
        }
        c.steps.push(s);
    }
    c
}

fn standing(
    o: &Office,
    moveouts: &[MoveOut],
    l: &Ledger,
    case: Option<&DunningCase>,
    day: &str,
) -> Standing {
    let state = o.books().state(l).unwrap();
    Standing::of(UNIT, moveouts, &state, &o.books(), case, None, d(day))
}

/// A goods exit pass of A-1203 for 2026-11-30, signed by the owner side and the
/// tenant side: the desk's signature issues it.
fn pass() -> Permit {
    let items = ["20 desks".to_string()];
    let mut p =
        Permit::new_goods_exit(PASS, UNIT, "P-2", &items, d("2026-11-30"), at("2026-11-23"))
            .unwrap();
    let rules = PermitRules::default();
    for (side, by) in [(Side::Owner, "Mr Chan"), (Side::Tenant, "Ms Wong")] {
        let sig = Signature {
            side,
            by,
            overriding: None,
        };
        p.sign_exit(at("2026-11-23"), sig, &Standing::default(), &rules)
            .unwrap();
    }
    p
}

fn desk(overriding: Option<Overriding<'_>>) -> Signature<'_> {
    Signature {
        side: Side::Desk,
        by: "Desk Lee",
        overriding,
    }
}

#[test]
fn a_moveouts_pass_waits_for_the_settlement_and_for_what_is_owed_paid() {
    let o = Office::new();
    let mut l = owing();
    // Not settled: 3,750.00 and the late fees accrued from 2026-11-20 (4 days at
    // 0.05%: 7.50) are owed, nothing is held.
    let mo = moveout();
    let s = standing(&o, std::slice::from_ref(&mo), &l, None, "2026-11-23");
    let owing = Owing {
        moveout: "MO-1".into(),
        unit: UNIT.into(),
        owed: m("3757.50"),
        held: Money::ZERO,
    };
    assert_eq!(s.barriers(), [Barrier::NotSettled(owing.clone())]);
    let e = may_make(&s, UNIT).unwrap_err();
    assert_eq!(
        e.en(),
        "no goods exit pass for A-1203 while money is owed (settlement before the exit pass):\n  \
         - move-out MO-1 is not settled: 3,757.50 owed now, 0.00 held in deposits"
    );
    let err: crate::error::Error = e.clone().into();
    assert_eq!(
        err.hint.as_deref(),
        Some(
            "settle the move-out first: propdesk moveout settle MO-1 (`propdesk moveout statement MO-1` previews it), then pay what the deposits do not cover"
        )
    );
    assert!(
        e.zh_cn()
            .starts_with("A-1203 尚有欠款，不能开具放行条（结算后方可开具出门证）："),
        "{}",
        e.zh_cn()
    );
    // Settled, owing: pay what the deposits do not cover.
    let mo = settled(mo, "2026-11-23");
    let s = standing(&o, std::slice::from_ref(&mo), &l, None, "2026-11-23");
    assert_eq!(s.barriers(), [Barrier::Owed(owing)]);
    let err: crate::error::Error = may_make(&s, UNIT).unwrap_err().into();
    assert!(err.message.ends_with("- move-out MO-1 is settled and 3,757.50 is still owed (3,757.50 owed, 0.00 held in deposits)"), "{}", err.message);
    assert_eq!(
        err.hint.as_deref(),
        Some("pay what the deposits do not cover: propdesk pay A-1203 3757.50")
    );
    // A part paid is not enough; the rest opens the gate.
    pay(&o, &mut l, "3000.00", "2026-11-23");
    let s = standing(&o, std::slice::from_ref(&mo), &l, None, "2026-11-23");
    assert!(matches!(&s.barriers()[..], [Barrier::Owed(x)] if x.short() == m("757.50")));
    pay(&o, &mut l, "757.50", "2026-11-23");
    let s = standing(&o, std::slice::from_ref(&mo), &l, None, "2026-11-23");
    assert_eq!(s.barriers(), []);
    assert!(may_make(&s, UNIT).is_ok());
}

#[test]
fn deposits_held_cover_what_is_owed_and_a_completed_moveout_is_no_barrier() {
    let o = Office::new();
    let mut l = owing();
    let c = at("2026-11-02");
    let books = o.books();
    ledger_steps::receive_deposit(
        &books,
        &mut l,
        c,
        DepositKind::Lease,
        m("5000.00"),
        None,
        None,
    )
    .unwrap();
    let mo = settled(moveout(), "2026-11-23");
    let s = standing(&o, std::slice::from_ref(&mo), &l, None, "2026-11-23");
    assert_eq!(s.barriers(), []);
    // Not settled, the deposits do not open the gate: the settlement comes first.
    let s = standing(&o, &[moveout()], &l, None, "2026-11-23");
    assert!(matches!(&s.barriers()[..], [Barrier::NotSettled(x)] if x.held == m("5000.00")));
    // Another unit's move-out, or one completed, says nothing of A-1203's goods.
    let mut done = moveout();
    done.status = crate::procedure::moveout::Status::Completed;
    assert_eq!(standing(&o, &[done], &l, None, "2026-11-23").barriers(), []);
}

#[test]
fn a_case_at_the_suspension_step_shuts_the_gate_while_money_is_overdue() {
    let o = Office::new();
    let mut l = owing();
    let case = suspended(false);
    let s = standing(&o, &[], &l, Some(&case), "2026-11-23");
    let suspension = Suspension {
        unit: UNIT.into(),
        day: 6,
        due: d("2026-11-21"),
        who: "gm".into(),
        taken: false,
        overdue: m("3757.50"),
        owed: m("3757.50"),
    };
    assert_eq!(s.barriers(), [Barrier::Suspended(suspension.clone())]);
    assert_eq!(
        s.barriers()[0].en(),
        "A-1203's dunning case is at its suspension step (day 6, due 2026-11-21, waiting for the gm's approval): 3,757.50 overdue; security is to stop the goods leaving"
    );
    // Approved, the same; the day before it, or a case closed, nothing.
    let s = standing(&o, &[], &l, Some(&suspended(true)), "2026-11-23");
    assert!(matches!(&s.barriers()[..], [Barrier::Suspended(x)] if x.taken));
    let mut before = suspended(false);
    before.steps.pop();
    assert_eq!(
        standing(&o, &[], &l, Some(&before), "2026-11-23").barriers(),
        []
    );
    let mut closed = suspended(true);
    closed.status = CaseStatus::Closed;
    assert_eq!(
        standing(&o, &[], &l, Some(&closed), "2026-11-23").barriers(),
        []
    );
    // Paid up, the case is only waiting for the morning run to close it: no barrier.
    pay(&o, &mut l, "3757.50", "2026-11-23");
    assert_eq!(
        standing(&o, &[], &l, Some(&case), "2026-11-23").barriers(),
        []
    );
    // A pass may be made under the suspension: the desk decides at the issue.
    let s = standing(&o, &[], &owing(), Some(&case), "2026-11-23");
    assert!(may_make(&s, UNIT).is_ok());
}

#[test]
fn the_desk_issues_a_pass_over_the_suspension_only_with_a_managers_override() {
    let o = Office::new();
    let rules = &o.config.permit;
    let s = standing(&o, &[], &owing(), Some(&suspended(true)), "2026-11-23");
    let mut p = pass();
    let a = at("2026-11-23");
    // Refused without the override, naming the amount and the commands.
    let e = p.sign_exit(a, desk(None), &s, rules).unwrap_err();
    assert_eq!(
        e.en(),
        format!(
            "goods exit pass {PASS} cannot be issued while money is owed:\n  \
             - A-1203's dunning case is at its suspension step (day 6, due 2026-11-21): 3,757.50 overdue; security is to stop the goods leaving"
        )
    );
    let err: crate::error::Error = e.into();
    assert_eq!(
        err.hint.unwrap(),
        format!(
            "pay what is owed (propdesk pay A-1203 3757.50), or a manager overrides with the desk's signature: propdesk permit sign-exit {PASS} --side desk --signed-by NAME --override-by NAME --as ROLE --reason TEXT"
        )
    );
    assert_eq!(p.status(), Status::Applied);
    assert_eq!(p.goods_exit().unwrap().desk, None);
    // A role the office does not let override; no reason; another side's signature.
    let by = |role, reason| {
        Some(Overriding {
            by: "张经理",
            role,
            reason,
        })
    };
    let e = p
        .sign_exit(a, desk(by("desk-clerk", "x")), &s, rules)
        .unwrap_err();
    assert_eq!(
        e.en(),
        "the desk clerk may not override the dunning suspension: the office lets the manager or the gm ([permit] exit_override_roles)"
    );
    assert_eq!(
        e.zh_cn(),
        "客服专员无权特批欠费放行：限经理或总经理（[permit] exit_override_roles）"
    );
    let e = p
        .sign_exit(a, desk(by("manager", " ")), &s, rules)
        .unwrap_err();
    assert_eq!(e.en(), "the reason of the override (--reason) is empty");
    let mut other =
        Permit::new_goods_exit("PM-2", UNIT, "P-2", &["chair".into()], d("2026-11-30"), a).unwrap();
    let owner = Signature {
        side: Side::Owner,
        by: "Mr Chan",
        overriding: by("manager", "x"),
    };
    let e = other.sign_exit(a, owner, &s, rules).unwrap_err();
    assert_eq!(
        e.en(),
        "the override of pass PM-2 goes with the desk's signature, which issues it, not the owner side's"
    );
    // Nothing to override where the case has not reached the step.
    let clear = Standing::default();
    let e = p
        .sign_exit(a, desk(by("manager", "x")), &clear, rules)
        .unwrap_err();
    assert_eq!(
        e.en(),
        "nothing to override: A-1203's dunning case has not reached its suspension step with money overdue"
    );
    assert_eq!(p.status(), Status::Applied);
    // The manager's override issues it, and the pass keeps it.
    let reason = "tenant's payment plan signed with the GM; goods are office furniture only";
    let done = p
        .sign_exit(a, desk(by("manager", reason)), &s, rules)
        .unwrap();
    assert_eq!(p.status(), Status::Issued);
    let g = p.goods_exit().unwrap();
    let o = g.overridden.as_ref().unwrap();
    assert_eq!(
        (o.by.as_str(), o.role.as_str(), o.reason.as_str()),
        ("张经理", "manager", reason)
    );
    assert_eq!(
        (o.date, o.suspension.day, o.suspension.overdue),
        (d("2026-11-23"), 6, m("3757.50"))
    );
    assert!(matches!(done, Done::Overridden { .. }));
    assert_eq!(
        done.en(),
        format!(
            "{PASS}: signed (issued); issued over A-1203's dunning suspension (day 6, 3,757.50 overdue) by 张经理 (manager) on 2026-11-23: {reason}"
        )
    );
    let last = p.history.last().unwrap();
    assert_eq!(last.event, "issued");
    assert_eq!(
        last.note.as_deref(),
        Some(format!("dunning suspension (day 6, 3757.50 overdue) overridden by 张经理 (manager): {reason}").as_str())
    );
}

#[test]
fn the_move_outs_barrier_is_not_overridden_by_the_manager() {
    let o = Office::new();
    let rules = &o.config.permit;
    let case = suspended(true);
    let s = standing(&o, &[moveout()], &owing(), Some(&case), "2026-11-23");
    assert_eq!(s.barriers().len(), 2);
    let mut p = pass();
    let over = Some(Overriding {
        by: "张经理",
        role: "gm",
        reason: "agreed",
    });
    let e = p
        .sign_exit(at("2026-11-23"), desk(over), &s, rules)
        .unwrap_err();
    let words = e.en();
    assert!(words.contains("move-out MO-1 is not settled"), "{words}");
    assert!(!words.contains("suspension"), "{words}");
    assert_eq!(p.status(), Status::Applied);
}

#[test]
fn security_taking_a_pass_of_a_suspended_unit_is_warned_and_the_pass_keeps_the_warning() {
    let o = Office::new();
    let rules = &o.config.permit;
    let mut p = pass();
    let a = at("2026-11-23");
    p.sign_exit(a, desk(None), &Standing::default(), rules)
        .unwrap();
    // The unit reached the suspension step after the pass was issued.
    let s = standing(&o, &[], &owing(), Some(&suspended(true)), "2026-11-24");
    // The notice of the issued pass warns, before and after security takes it.
    assert_eq!(notices::pass_warnings(&p, &s).unwrap(), s.barriers());
    let done = p.to_security(at("2026-11-24"), "Lau", &s).unwrap();
    assert_eq!(p.status(), Status::Closed);
    assert_eq!(p.goods_exit().unwrap().warnings, s.barriers());
    assert_eq!(
        done.en(),
        format!(
            "{PASS}: handed to security (closed)\nwarning to security: A-1203's dunning case is at its suspension step (day 6, due 2026-11-21): 3,759.38 overdue; security is to stop the goods leaving"
        )
    );
    assert!(
        done.zh_cn()
            .contains("\n提醒保安：A-1203 催款已到停止服务步骤"),
        "{}",
        done.zh_cn()
    );
    assert_eq!(
        notices::pass_warnings(&p, &Standing::default()).unwrap(),
        s.barriers()
    );
    assert!(
        p.history
            .iter()
            .any(|e| e.note.as_deref() == Some("Lau; warned: dunning suspension"))
    );
    // Nothing to warn of: no warning.
    let mut q = pass();
    q.sign_exit(a, desk(None), &Standing::default(), rules)
        .unwrap();
    let done = q.to_security(a, "Lau", &Standing::default()).unwrap();
    assert_eq!(done.en(), format!("{PASS}: handed to security (closed)"));
    assert!(q.goods_exit().unwrap().warnings.is_empty());
}

#[test]
fn a_pass_not_issued_is_not_printed_while_the_gate_is_shut() {
    let o = Office::new();
    let p = pass();
    let s = standing(&o, &[moveout()], &owing(), None, "2026-11-23");
    let e = notices::pass_warnings(&p, &s).unwrap_err();
    assert!(
        e.en().starts_with(&format!(
            "goods exit pass {PASS} cannot be printed while money is owed:"
        )),
        "{}",
        e.en()
    );
    assert_eq!(
        notices::pass_warnings(&p, &Standing::default()).unwrap(),
        []
    );
}

#[test]
fn a_pass_record_with_its_override_and_warnings_reads_back_the_same() {
    let o = Office::new();
    let rules = &o.config.permit;
    let s = standing(&o, &[], &owing(), Some(&suspended(false)), "2026-11-23");
    let mut p = pass();
    let over = Some(Overriding {
        by: "张经理",
        role: "manager",
        reason: "agreed",
    });
    p.sign_exit(at("2026-11-23"), desk(over), &s, rules)
        .unwrap();
    p.to_security(at("2026-11-23"), "Lau", &s).unwrap();
    let yaml = crate::store::yaml::to_yaml(&p).unwrap();
    assert!(
        yaml.contains("  overridden:\n    by: 张经理\n    role: manager\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  warnings:\n  - suspended:\n      unit: A-1203\n      day: 6\n"),
        "{yaml}"
    );
    let back: Permit = crate::store::yaml::from_yaml(&yaml, "permits/2026/x.yaml").unwrap();
    assert_eq!(back, p);
}

#[test]
fn only_the_occupancy_that_owes_is_stopped_at_the_gate() {
    let o = Office::new();
    // What the last occupant left unpaid, with the case at the suspension step.
    let l = owing_by(Some("P-LEFT"));
    let case = suspended(true);
    let state = o.books().state(&l).unwrap();
    let of = |who| {
        Standing::of(
            UNIT,
            &[],
            &state,
            &o.books(),
            Some(&case),
            who,
            d("2026-11-23"),
        )
    };
    // The new occupant's goods leave: the debt is not theirs.
    assert!(of(Some("P-NEW")).barriers().is_empty());
    // The one who owes it is stopped, as is a unit whose occupancy is not known.
    assert_eq!(of(Some("P-LEFT")).barriers().len(), 1);
    assert_eq!(of(None).barriers().len(), 1);
}
