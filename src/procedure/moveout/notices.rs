//! The values of the move-out notices: the acknowledgement of the written notice
//! (退租通知回执), the settlement statement (费用结算说明) and the unit-available
//! notice to leasing (工作联系单). Templates live in `templates/moveout/`. The goods
//! exit pass is the permit's.

use serde_json::{Value, json};

use crate::model::locale::Locale;
use crate::model::locale::long_date;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::movein::{Condition, words};
use crate::procedure::notice::Letterhead;

use super::record::{MoveOut, Status};
use super::steps::Refusal;
use super::{MoveOutRules, Refused, Section};

notices! {
    ACKNOWLEDGEMENT = "moveout-acknowledgement" => "moveout/moveout-acknowledgement": "退租通知回执: the acknowledgement of a move-out notice, with what comes next",
    SETTLEMENT = "settlement" => "moveout/settlement": "费用结算说明: a move-out's settlement statement",
    UNIT_AVAILABLE = "unit-available" => "moveout/unit-available": "工作联系单: leasing told the unit can be let",
}

/// Whether `which` fits the move-out: the settlement statement once settled, the
/// unit-available notice once completed.
pub fn fits(which: &crate::procedure::notice::NoticeDef, m: &MoveOut) -> Result<(), Refused> {
    let id = m.id.clone();
    if *which == SETTLEMENT && m.settlement.is_none() {
        return Err(Refusal::NoticeNotSettled { id }.into());
    }
    if *which == UNIT_AVAILABLE && m.status != Status::Completed {
        return Err(Refusal::NoticeNotCompleted { id }.into());
    }
    Ok(())
}

/// The goods exit pass a move-out made (its permit's ID): the goods exit pass notice is
/// printed from it when it is asked for by the move-out's ID.
pub fn exit_pass(m: &MoveOut) -> Result<&str, Refused> {
    m.goods_exit
        .as_deref()
        .ok_or_else(|| Refusal::NoExitPass { id: m.id.clone() }.into())
}

fn condition(c: Condition, locale: Locale) -> &'static str {
    match (c, locale) {
        (Condition::Ok, Locale::ZhCn) => "完好",
        (Condition::Defect, Locale::ZhCn) => "有损坏",
        (Condition::Ok, Locale::En) => "good",
        (Condition::Defect, Locale::En) => "damaged",
    }
}

fn person(p: Option<&Party>, id: &str) -> Value {
    match p {
        Some(p) => json!({"id": p.id, "name": p.name, "contact": p.contact}),
        None => json!({"id": id, "name": id, "contact": Value::Null}),
    }
}

/// Everything a move-out notice may show, in `locale`'s words: to the party and the
/// unit's owner; `waiting` is what the party still has to do, in its words.
#[allow(clippy::too_many_arguments)]
pub fn values(
    office: Letterhead,
    rules: &MoveOutRules,
    m: &MoveOut,
    unit: &Unit,
    (party, owner): (Option<&Party>, Option<&Party>),
    waiting: &[String],
    date: chrono::NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = tera::Context::new();
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| long_date(d, locale));
    let g = |m: Money| m.grouped();
    c.insert("office", &office.values(locale));
    c.insert("date", &long_date(date, locale));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
            "status": unit.status.label(locale),
        }),
    );
    c.insert("party", &person(party, &m.party));
    c.insert("owner", &unit.owner.as_deref().map(|o| person(owner, o)));
    c.insert(
        "moveout",
        &json!({
            "id": m.id,
            "role": m.role.label(locale),
            "status": m.status.label(locale),
            "notice_date": long_date(m.notice_date, locale),
            "date": long_date(m.date, locale),
            "notice_days": rules.notice_days,
            "days_given": (m.date - m.notice_date).num_days(),
            "lease_end": d(m.lease_end),
            "short_notice": m.short_notice,
            "termination": m.termination,
            "owner_consent": m.owner_consent.as_ref().map(|s| json!({"by": s.by, "date": long_date(s.date, locale)})),
            "lift": m.lift.map(|l| json!({
                "date": long_date(l.date, locale),
                "from": l.from.format("%H:%M").to_string(),
                "to": l.to.format("%H:%M").to_string(),
            })),
            "goods_exit": m.goods_exit,
            "restoration_required": m.restoration_required,
            "restoration": m.restoration,
            "cleaning": m.cleaning.as_ref().map(|x| json!({"with": x.with, "date": long_date(x.date, locale)})),
            "completed": d(m.completed),
            "debt": m.debt.map(g),
            "refund_days": rules.refund_days,
        }),
    );
    c.insert("waiting", &waiting);
    let inspection = m.inspection.as_ref().map(|i| {
        json!({
            "date": long_date(i.date, locale),
            "attendees": i.attendees,
            "meters": i.meters.iter().map(|r| json!({
                "meter": r.meter.label(locale),
                "last": r.last.to_string(),
                "reading": r.reading.to_string(),
                "used": r.used().to_string(),
                "price": r.price.to_string(),
                "amount": g(r.amount),
            })).collect::<Vec<_>>(),
            "facilities": i.facilities.iter().map(|f| json!({
                "item": words(&f.item, locale),
                "at_movein": f.at_movein.map(|x| condition(x, locale)),
                "condition": condition(f.condition, locale),
                "damaged": f.damaged(),
                "note": f.note,
            })).collect::<Vec<_>>(),
        })
    });
    c.insert("inspection", &inspection);
    let costs = |list: &[super::Cost]| -> Vec<Value> {
        list.iter()
            .map(|x| {
                json!({
                    "item": words(&x.item, locale),
                    "description": x.description,
                    "amount": g(x.amount),
                    "entry": x.entry,
                })
            })
            .collect()
    };
    c.insert("damages", &costs(&m.damages));
    c.insert("restoration_costs", &costs(&m.restoration_costs));
    c.insert(
        "keys",
        &m.keys.as_ref().map(|k| {
            json!({
                "returned": k.sets.iter().map(|s| json!({"kind": s.kind, "count": s.count})).collect::<Vec<_>>(),
                "expected": k.expected.iter().map(|s| json!({"kind": s.kind, "count": s.count})).collect::<Vec<_>>(),
                "count": k.count(),
                "short": k.short().iter().map(|(kind, out, back)| json!({"kind": kind, "handed": out, "returned": back})).collect::<Vec<_>>(),
                "received_by": k.received_by,
                "date": long_date(k.date, locale),
            })
        }),
    );
    let settlement = m.settlement.as_ref().map(|s| {
        let sections: Vec<Value> = [
            Section::Fees,
            Section::Energy,
            Section::Damage,
            Section::Restoration,
        ]
        .iter()
        .map(|sec| {
            json!({
                "code": sec.as_str(),
                "name": sec.label(locale),
                "lines": s.lines.iter().filter(|l| l.section == *sec).map(|l| json!({
                    "entry": l.entry, "text": l.text, "charged": g(l.charged), "amount": g(l.amount),
                    "cleared": l.charged != l.amount,
                })).collect::<Vec<_>>(),
                "total": g(s.total(*sec)),
            })
        })
        .collect();
        json!({
            "date": long_date(s.date, locale),
            "accepted": long_date(s.accepted, locale),
            "billed_through": long_date(s.billed_through, locale),
            "billing": s.lines.iter().filter(|l| l.section == Section::Billing).map(|l| json!({
                "entry": l.entry, "text": l.text, "amount": g(l.charged),
            })).collect::<Vec<_>>(),
            "deposits": s.deposits.iter().map(|h| json!({
                "kind": h.kind.label(locale), "amount": g(h.amount),
            })).collect::<Vec<_>>(),
            "held": g(s.held()),
            "credit": g(s.credit),
            "sections": sections,
            "owed_total": g(s.owed_total()),
            "applied": g(s.applied),
            "refund": g(s.refund),
            "owed": g(s.owed),
            "refund_due": d(s.refund_due),
            "is_refund": s.refund.minor() > 0,
            "is_owed": s.owed.minor() > 0,
        })
    });
    c.insert("settlement", &settlement);
    c.insert(
        "refund",
        &m.refund.as_ref().map(|r| {
            json!({"date": long_date(r.date, locale), "amount": g(r.amount), "entries": r.entries})
        }),
    );
    c
}
