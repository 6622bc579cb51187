//! The values of the ticket notices: the printed work order (工程派工单), the complaint
//! report (投诉处理单), the special-service slip (特约服务单) and the callback record
//! (回访记录). Templates live in `templates/ticket/`.

use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

use crate::model::locale::Locale;
use crate::model::party::mask_phone;
use crate::procedure::notice::{Letterhead, NoticeDef};

use super::deadlines::Deadline;
use super::event::Event;
use super::record::{Kind, Ticket};
use super::steps::Refusal;

notices! {
    WORK_ORDER = "work-order" => "ticket/work-order": "工程派工单: a repair ticket's printed work order",
    COMPLAINT_REPORT = "complaint-report" => "ticket/complaint-report": "投诉处理单: a complaint's report, for the department and the manager",
    SERVICE_SLIP = "service-slip" => "ticket/service-slip": "特约服务单: a special service's slip with the price the tenant signs",
    CALLBACK_RECORD = "callback-record" => "ticket/callback-record": "回访记录: a ticket's callbacks",
}

/// Does the notice `which` fit the ticket `t`? A work order is for engineering's
/// tickets, a service slip for a special service or quoted work, a complaint report
/// for a complaint; the callback record for any.
pub fn fits(t: &Ticket, which: &NoticeDef) -> Result<(), Refusal> {
    let fits = if *which == WORK_ORDER {
        t.kind.is_work()
    } else if *which == SERVICE_SLIP {
        t.kind == Kind::SpecialService || t.chargeable()
    } else if *which == COMPLAINT_REPORT {
        t.kind == Kind::Complaint
    } else {
        true
    };
    if fits {
        return Ok(());
    }
    Err(Refusal::NoticeNotFor {
        id: t.id.clone(),
        kind: t.kind,
        notice: which.name,
    })
}

/// The notices a kind of ticket has, for the hint of a notice that does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticesOf(pub Kind);

fn time(t: Option<DateTime<FixedOffset>>) -> Value {
    t.map_or(Value::Null, |t| {
        t.format("%Y-%m-%d %H:%M").to_string().into()
    })
}

/// Everything a ticket notice may show, in `locale`'s words. The phone is masked
/// unless `reveal`.
pub fn values(
    office: Letterhead,
    t: &Ticket,
    deadlines: &[Deadline],
    now: DateTime<FixedOffset>,
    date: &str,
    locale: Locale,
    reveal: bool,
) -> tera::Context {
    let zh = locale == Locale::ZhCn;
    let mut c = tera::Context::new();
    c.insert("office", &office.values(locale));
    c.insert("date", date);
    c.insert("currency", office.currency);
    let phone = t
        .phone
        .as_deref()
        .map(|p| if reveal { p.to_string() } else { mask_phone(p) });
    let work = t.work.as_ref();
    c.insert(
        "ticket",
        &json!({
            "id": t.id,
            "kind": t.kind.label(locale),
            "kind_code": t.kind.as_str(),
            "channel": t.channel.label(locale),
            "status": t.state_label(locale),
            "place": t.place(),
            "unit": t.unit,
            "area": t.area,
            "reporter": t.reporter,
            "phone": phone,
            "reported": time(Some(t.reported)),
            "category": t.category,
            "description": t.description,
            "priority": t.priority.map(|p| p.label(locale)),
            "grade": t.grade.map(|g| g.label(locale)),
            "technician": t.technician,
            "accepted": time(t.last(Event::Dispatched)),
            "arrived": time(t.last(Event::Arrived)),
            "finished": time(t.last(Event::Finished)),
            "returned": time(t.last(Event::Returned)),
            "work": work.map(|w| w.done.clone()),
            "materials": work.and_then(|w| w.materials.clone()),
            "signed_by": work.map(|w| w.signed_by.clone()),
            "signer_is_supervisor": work.is_some_and(|w| w.signer == super::record::Signer::Supervisor),
            "reason": t.reason,
            "reply": t.reply,
            "repeat_of": t.repeat_of,
            "repeated_by": t.repeated_by,
            "closed": time(t.last(Event::Closed).or(t.last(Event::SignedOff))),
        }),
    );
    let quote: Vec<Value> = t
        .quote
        .iter()
        .map(|q| {
            json!({
                "item": q.item,
                "name": q.name,
                "quantity": q.quantity,
                "price": q.price.grouped(),
                "amount": q.amount().map(|m| m.grouped()),
                "priced_by": q.priced_by,
            })
        })
        .collect();
    c.insert("quote", &quote);
    c.insert(
        "quote_total",
        &t.quote_total()
            .filter(|_| t.chargeable())
            .map(|m| m.grouped()),
    );
    c.insert("consent", &t.consent);
    c.insert("consent_at", &time(t.last(Event::Consented)));
    let f = t.complaint.clone().unwrap_or_default();
    c.insert(
        "complaint",
        &json!({
            "valid": f.valid,
            "explanation": f.explanation,
            "department": f.department,
            "person": f.person,
            "reply": t.reply,
            "replied": time(t.first(Event::Replied)),
            "feedback": time(
                t.history
                    .iter()
                    .find(|e| {
                        [Event::Feedback, Event::Explained, Event::Replied]
                            .iter()
                            .any(|x| x.is(e))
                    })
                    .map(|e| e.at)
            ),
            "action": f.action,
            "signed_off_by": f.signed_off_by,
        }),
    );
    let callbacks: Vec<Value> = t
        .callbacks
        .iter()
        .map(|cb| {
            json!({
                "at": time(Some(cb.at)),
                "by": cb.by,
                "method": cb.method.label(locale),
                "satisfied": cb.satisfied,
                "result": match (cb.satisfied, zh) {
                    (true, true) => "满意",
                    (false, true) => "不满意",
                    (true, false) => "satisfied",
                    (false, false) => "not satisfied",
                },
                "score": cb.score,
                "note": cb.note,
            })
        })
        .collect();
    c.insert("callbacks", &callbacks);
    let deadlines: Vec<Value> = deadlines
        .iter()
        .map(|d| {
            json!({
                "name": d.clock.label(locale),
                "due": time(d.due),
                "met": time(d.met),
                "standing": d.describe(now, locale),
                "breached": d.standing.breached(),
            })
        })
        .collect();
    c.insert("deadlines", &deadlines);
    c
}
