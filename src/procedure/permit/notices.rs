//! The values of the permit notices: the permit for the unit door (装修许可证), the
//! workers' rules (施工人员须知), the rectification notice (违章整改通知单), the
//! acceptance record (装修验收单), the deposit refund (押金退还单), the goods exit pass
//! (放行条) and the parking permit (停车证). Templates live in `templates/permit/`.

use serde_json::{Value, json};

use crate::model::ledger::{DepositKind, EntryKind, Ledger};
use crate::model::locale::Locale;
use crate::model::locale::long_date;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::notice::{Letterhead, NoticeDef};

use super::PermitRules;
use super::gate::{self, Barrier, GateStep, Standing};
use super::record::{Event, Permit, Refused, Status};
use super::steps::{Misfit, Refusal};

notices! {
    PERMIT_DOOR = "permit-door" => "permit/permit-door": "装修许可证: the renovation permit posted on the unit door",
    WORKERS_RULES = "workers-rules" => "permit/workers-rules": "施工人员须知: the workers' rules posted with the permit",
    RECTIFICATION = "rectification" => "permit/rectification": "违章整改通知单: the rectification notice of the permit's latest violation",
    ACCEPTANCE = "acceptance" => "permit/acceptance": "装修验收单: the completion acceptance record",
    DEPOSIT_REFUND = "deposit-refund" => "permit/deposit-refund": "押金退还单: the deposit refund, net of fines, lost passes and damage",
    GOODS_EXIT_PASS = "goods-exit-pass" => "permit/goods-exit-pass": "放行条: the goods exit pass for security",
    PARKING_PERMIT = "parking-permit" => "permit/parking-permit": "停车证: the parking permit",
}

/// Whether notice `which` fits permit `p`: the permit for the door and the workers'
/// rules once a renovation is issued, a rectification notice once there is a violation,
/// the acceptance record once it was held, the deposit refund once closed, a goods exit
/// pass or a parking permit for its own kind.
pub fn fits(which: &NoticeDef, p: &Permit) -> Result<(), Refused> {
    let r = p.renovation();
    let is = |n: &NoticeDef| which == n;
    let why = if (is(&PERMIT_DOOR) || is(&WORKERS_RULES)) && r.and_then(|r| r.valid_from).is_none()
    {
        Misfit::NotIssuedRenovation
    } else if is(&RECTIFICATION) && r.is_none_or(|r| r.violations.is_empty()) {
        Misfit::NoViolation
    } else if is(&ACCEPTANCE) && r.is_none_or(|r| r.acceptances.is_empty()) {
        Misfit::NoAcceptance
    } else if is(&DEPOSIT_REFUND) && !(r.is_some() && p.status() == Status::Closed) {
        Misfit::NotClosedRenovation
    } else if is(&GOODS_EXIT_PASS) && p.goods_exit().is_none() {
        Misfit::NotGoodsExit
    } else if is(&PARKING_PERMIT) && p.parking().is_none() {
        Misfit::NotParking
    } else {
        return Ok(());
    };
    Err(Refused::Permit(Refusal::NoticeMisfit {
        id: p.id.clone(),
        kind: p.kind(),
        notice: which.name.to_string(),
        why,
    }))
}

/// What a goods exit pass notice tells security of the gate ([`gate`]), or its
/// printing refused: a pass not issued yet is not printed (to be handed out) while
/// `standing` shuts the gate; an issued pass shows what shuts it now, beside the
/// manager's override if it was issued under one; a pass security took shows what
/// security was warned of. Other permits: nothing.
pub fn pass_warnings(p: &Permit, standing: &Standing) -> Result<Vec<Barrier>, Refused> {
    let Some(g) = p.goods_exit() else {
        return Ok(Vec::new());
    };
    match p.status() {
        Status::Closed => Ok(g.warnings.clone()),
        Status::Issued => Ok(standing.barriers()),
        _ => {
            gate::open(GateStep::Print, Some(&p.id), &p.unit, standing.barriers())?;
            Ok(Vec::new())
        }
    }
}

/// A barrier of the gate as a notice shows it: its kind and its figures, worded by
/// the template.
fn barrier_values(b: &Barrier, locale: Locale) -> Value {
    match b {
        Barrier::NotSettled(o) | Barrier::Owed(o) => json!({
            "kind": if matches!(b, Barrier::NotSettled(_)) { "not-settled" } else { "owed" },
            "moveout": o.moveout, "unit": o.unit, "owed": o.owed.grouped(),
            "held": o.held.grouped(), "short": o.short().grouped(),
        }),
        Barrier::Suspended(s) => json!({
            "kind": "suspended", "unit": s.unit, "day": s.day, "due": long_date(s.due, locale),
            "taken": s.taken, "who": crate::procedure::dunning::words(&s.who, locale),
            "overdue": s.overdue.grouped(),
        }),
    }
}

/// Everything a permit notice may show, in `locale`'s words. `ledger` gives the
/// refund's deposits and deductions; `warnings` what a goods exit pass tells security
/// of the gate ([`pass_warnings`]).
#[allow(clippy::too_many_arguments)]
pub fn values(
    office: Letterhead,
    rules: &PermitRules,
    p: &Permit,
    unit: &Unit,
    applicant: Option<&Party>,
    ledger: Option<&Ledger>,
    warnings: &[Barrier],
    date: chrono::NaiveDate,
    locale: Locale,
) -> tera::Context {
    let d = |x: chrono::NaiveDate| long_date(x, locale);
    let mut c = tera::Context::new();
    c.insert("office", &office.values(locale));
    c.insert("date", &d(date));
    c.insert("currency", office.currency);
    c.insert(
        "unit",
        &json!({"id": unit.id, "building": unit.building, "floor": unit.floor, "area": unit.area.to_string()}),
    );
    c.insert(
        "applicant",
        &match applicant {
            Some(a) => json!({"name": a.name, "contact": a.contact}),
            None => json!({"name": p.applicant, "contact": Value::Null}),
        },
    );
    c.insert(
        "permit",
        &json!({"id": p.id, "kind": p.kind().label(locale), "status": p.status().label(locale)}),
    );
    let r = p.renovation().map(|r| {
        json!({
            "contractor": r.contractor,
            "scope": r.scope.label(locale),
            "structural": r.structural,
            "hot_work": r.hot_work,
            "description": r.description,
            "planned_start": d(r.planned_start),
            "planned_end": d(r.planned_end),
            "workers": r.workers,
            "valid_from": r.valid_from.map(d),
            "valid_until": r.valid_until.map(d),
            "approvals": r.approvals.iter().map(|a| json!({
                "role": a.role, "by": a.by, "date": d(a.date), "approved": a.approved, "reason": a.reason,
            })).collect::<Vec<_>>(),
            "violations": r.violations.iter().map(|v| json!({
                "no": v.no, "date": d(v.date), "description": v.description, "deadline": d(v.deadline),
                "fine": v.fine.map(|f| f.grouped()), "rectified": v.rectified.map(d),
            })).collect::<Vec<_>>(),
            "hot_works": r.hot_works.iter().map(|h| json!({
                "no": h.no, "date": d(h.date), "from": h.from.format("%H:%M").to_string(),
                "to": h.to.format("%H:%M").to_string(), "work": h.work, "fire_watch": h.fire_watch,
            })).collect::<Vec<_>>(),
            "acceptances": r.acceptances.iter().map(|a| json!({
                "date": d(a.date), "by": a.by, "passed": a.passed, "note": a.note,
            })).collect::<Vec<_>>(),
            "passes": r.passes.as_ref().map(|x| json!({"returned": x.returned, "lost": x.lost})),
        })
    });
    c.insert("renovation", &r);
    // The latest violation: the one a rectification notice is printed for.
    c.insert(
        "violation",
        &p.renovation().and_then(|r| r.violations.last()).map(|v| {
            json!({
                "no": v.no, "date": d(v.date), "description": v.description,
                "deadline": d(v.deadline), "fine": v.fine.map(|f| f.grouped()),
                "rectified": v.rectified.map(d),
            })
        }),
    );
    c.insert(
        "parking",
        &p.parking().map(|x| {
            json!({
                "bay": x.bay, "plate": x.plate, "term": x.term.label(locale),
                "from": d(x.from), "until": d(x.until),
            })
        }),
    );
    c.insert(
        "goods_exit",
        &p.goods_exit().map(|g| {
            let overridden = g.overridden.as_ref().map(|o| {
                json!({
                    "by": o.by, "role": crate::procedure::dunning::words(&o.role, locale),
                    "reason": o.reason, "date": d(o.date), "day": o.suspension.day,
                    "overdue": o.suspension.overdue.grouped(),
                })
            });
            let warnings: Vec<Value> = warnings.iter().map(|b| barrier_values(b, locale)).collect();
            json!({
                "items": g.items, "date": d(g.date), "owner_side": g.owner_side,
                "tenant_side": g.tenant_side, "desk": g.desk, "security": g.security,
                "moveout": g.moveout, "lift": g.lift, "overridden": overridden,
                "warnings": warnings,
            })
        }),
    );
    c.insert(
        "rules",
        &json!({
            "renovation_deposit": rules.renovation_deposit.grouped(),
            "worker_pass_deposit": rules.worker_pass_deposit.grouped(),
            "max_validity_months": rules.max_validity_months,
        }),
    );
    // The refund: the deposit movements the permit made in the ledger.
    let mut refund = json!(null);
    if let Some(l) = ledger {
        let mine =
            |e: &&crate::model::ledger::LedgerEntry| e.reference.as_deref() == Some(p.id.as_str());
        let sum = |kind: EntryKind, dep: Option<DepositKind>| {
            Money::from_minor(
                l.entries
                    .iter()
                    .filter(|e| e.kind == kind && (dep.is_none() || e.deposit == dep))
                    .filter(mine)
                    .map(|e| e.amount.minor())
                    .sum(),
            )
        };
        // What the deposits paid: the charges they were applied to (a lost pass, an
        // unpaid fine and its late fee, damage) after the permit's refund began.
        let texts: std::collections::HashMap<u32, &str> =
            l.entries.iter().map(|e| (e.no, e.text.as_str())).collect();
        let closing = p
            .history
            .iter()
            .rev()
            .find(|e| e.event == Event::Passes.as_str())
            .map(|e| e.at.date_naive());
        let deductions: Vec<Value> = l
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::DepositApplied)
            .filter(|e| closing.is_some_and(|d| e.date >= d))
            .flat_map(|e| e.applied.iter())
            .map(|a| {
                json!({
                    "text": texts.get(&a.charge).copied().unwrap_or_default(),
                    "amount": a.amount.grouped(),
                })
            })
            .collect();
        refund = json!({
            "renovation_refunded": sum(EntryKind::DepositRefunded, Some(DepositKind::Renovation)).grouped(),
            "pass_refunded": sum(EntryKind::DepositRefunded, Some(DepositKind::Pass)).grouped(),
            "charges": deductions,
        });
    }
    c.insert("refund", &refund);
    c
}
