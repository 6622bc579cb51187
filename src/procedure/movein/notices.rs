//! The values of the move-in notices: the handover confirmation (房屋确认书: meters,
//! facilities, keys, defects), the welcome letter and the re-inspection appointment.
//! Templates live in `templates/movein/`. The payment notice is the ledger's.

use serde_json::{Value, json};

use crate::model::locale::Locale;
use crate::model::locale::long_date;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::notice::Letterhead;

use super::record::MoveIn;
use super::steps::Refusal;
use super::{Condition, MoveInRules, Refused, words};

notices! {
    HANDOVER = "handover" => "movein/handover": "房屋确认书: a move-in's handover record (meters, facilities, keys, defects)",
    WELCOME_LETTER = "welcome-letter" => "movein/welcome-letter": "欢迎信: the welcome letter to a new tenant",
    REINSPECTION = "reinspection" => "movein/reinspection": "再次验房预约: the re-inspection appointment for defects still open",
}

/// The payment notice of what `bill` charged ([`super::steps::bill`]), to the
/// incoming party and the unit's owner, in `locale`.
pub fn payment(
    office: Letterhead,
    books: &crate::procedure::fees::accounts::Books,
    b: &super::steps::Billed,
    (party, owner): (Option<&Party>, Option<&Party>),
    date: chrono::NaiveDate,
    locale: Locale,
) -> tera::Context {
    use crate::procedure::fees::notices::{money_base, payment_notice};
    let (bill, state) = (&b.bill, &b.state);
    let base = money_base(
        office,
        books.dunning,
        &bill.billed,
        party,
        owner,
        date,
        locale,
    );
    payment_notice(
        base,
        books,
        state,
        &bill.entries,
        bill.month,
        bill.due,
        date,
        locale,
    )
}

/// Whether `which` fits the move-in: the re-inspection appointment needs one booked,
/// the handover record lists the inspection.
pub fn fits(which: &crate::procedure::notice::NoticeDef, m: &MoveIn) -> Result<(), Refused> {
    let id = m.id.clone();
    if *which == REINSPECTION && m.reinspection.is_none() {
        return Err(Refusal::NoticeWithoutReinspection { id }.into());
    }
    if *which == HANDOVER && m.inspection.is_none() {
        return Err(Refusal::NoticeWithoutInspection { id }.into());
    }
    Ok(())
}

/// Everything a move-in notice may show, in `locale`'s words.
pub fn values(
    office: Letterhead,
    rules: &MoveInRules,
    m: &MoveIn,
    unit: &Unit,
    party: Option<&Party>,
    date: chrono::NaiveDate,
    locale: Locale,
) -> tera::Context {
    let zh = locale == Locale::ZhCn;
    let mut c = tera::Context::new();
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
        }),
    );
    c.insert(
        "party",
        &match party {
            Some(p) => json!({"name": p.name, "contact": p.contact, "kind": p.kind.label(locale)}),
            None => json!({"name": m.party, "contact": Value::Null, "kind": Value::Null}),
        },
    );
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| long_date(d, locale));
    let checks = |list: &[super::Check]| -> Vec<Value> {
        list.iter()
            .map(|x| json!({"item": words(&x.item, locale), "by": x.by, "date": d(x.date)}))
            .collect()
    };
    c.insert(
        "movein",
        &json!({
            "id": m.id,
            "role": m.role.label(locale),
            "status": m.status.label(locale),
            "notice_date": long_date(m.notice_date, locale),
            "lease_start": long_date(m.lease_start, locale),
            "lease_end": d(m.lease_end),
            "fees_from": long_date(m.fees_from, locale),
            "agent": m.agent,
            "promises": m.promises,
            "handover_signed_by": m.handover_signed_by,
            "completed": d(m.completed),
            "reinspection": d(m.reinspection),
            "welcome_visit_due": d(m.visit_due(rules)),
        }),
    );
    c.insert("documents", &checks(&m.documents));
    c.insert("handouts", &checks(&m.handouts));
    let inspection = m.inspection.as_ref().map(|i| {
        json!({
            "date": long_date(i.date, locale),
            "attendees": i.attendees,
            "meters": i.meters.iter().map(|r| json!({
                "meter": r.meter.label(locale),
                "reading": r.reading.to_string(),
            })).collect::<Vec<_>>(),
            "facilities": i.facilities.iter().map(|f| json!({
                "item": words(&f.item, locale),
                "ok": f.condition == Condition::Ok,
                "condition": match (f.condition, zh) {
                    (Condition::Ok, true) => "完好",
                    (Condition::Defect, true) => "有缺陷",
                    (Condition::Ok, false) => "good",
                    (Condition::Defect, false) => "defect",
                },
                "note": f.note,
            })).collect::<Vec<_>>(),
        })
    });
    c.insert("inspection", &inspection);
    let defects: Vec<Value> = m
        .defects
        .iter()
        .map(|x| {
            json!({
                "item": words(&x.item, locale),
                "description": x.description,
                "ticket": x.ticket,
                "fix_by": long_date(x.fix_by, locale),
            })
        })
        .collect();
    c.insert("defects", &defects);
    c.insert(
        "keys",
        &m.keys.as_ref().map(|k| {
            json!({
                "sets": k.sets.iter().map(|s| json!({"kind": s.kind, "count": s.count})).collect::<Vec<_>>(),
                "count": k.count(),
                "signed_by": k.signed_by,
                "date": long_date(k.date, locale),
            })
        }),
    );
    c
}
