//! How move-ins are shown: the list of move-ins with what each waits for, and the
//! sheet of one move-in (checklist, inspection, defects, fees, keys, what is missing).

use serde_json::Value;

use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::locale::Locale;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::movein::{self, Check, Condition, Missing, MoveIn, Status, Waiting, words};

const ID: Column = Column::new("id", "编号", "ID");
const UNIT: Column = Column::new("unit", "单元", "Unit");
const PARTY: Column = Column::new("party", "入驻方", "Party");
const STATUS: Column = Column::new("status", "状态", "Status");
const FEES_FROM: Column = Column::new("fees_from", "起租日", "Fees from");
const WAITING: Column = Column::new("waiting_for", "待办", "Waiting for");

/// The move-ins, each with what it still misses (`None` once completed).
pub fn list(rows: &[(MoveIn, Option<Vec<Missing>>)], l: Locale) -> Listing {
    let rows = rows
        .iter()
        .map(|(m, missing)| {
            let waiting = match missing {
                None => Cell::from(Value::Null),
                Some(missing) => Cell::shown_as(said(missing, l), Waiting(missing.clone()).say(l)),
            };
            vec![
                m.id.clone().into(),
                m.unit.clone().into(),
                m.party.clone().into(),
                Cell::shown_as(m.status.as_str(), m.status.label(l)),
                m.fees_from.to_string().into(),
                waiting,
            ]
        })
        .collect();
    Listing {
        columns: vec![ID, UNIT, PARTY, STATUS, FEES_FROM, WAITING],
        rows,
    }
}

fn said<T: Say>(items: &[T], l: Locale) -> Vec<String> {
    items.iter().map(|x| x.say(l)).collect()
}

/// "2026-12-01 –", "2026-12-01 – 2027-11-30".
fn lease(m: &MoveIn) -> String {
    match m.lease_end {
        Some(end) => format!("{} – {end}", m.lease_start),
        None => format!("{} –", m.lease_start),
    }
}

/// One move-in: `missing` is what it still misses, `rules` give the welcome visit's
/// day.
pub fn sheet(
    m: &MoveIn,
    missing: &[Missing],
    rules: &movein::MoveInRules,
    l: Locale,
) -> Result<Sheet> {
    let missing = if m.status == Status::InProgress {
        said(missing, l)
    } else {
        Vec::new()
    };
    let c = |k, zh, en| Column::new(k, zh, en);
    let check = |x: &Check| match (&x.date, &x.by) {
        (Some(d), Some(b)) => format!("{} ✓ {d} {b}", words(&x.item, l)),
        _ => format!("{} ✗", words(&x.item, l)),
    };
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), m.id.clone().into()),
        (c("unit", "单元", "Unit"), m.unit.clone().into()),
        (c("party", "入驻方", "Party"), m.party.clone().into()),
        (
            c("role", "身份", "Role"),
            Cell::shown_as(m.role.as_str(), m.role.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
        ),
        (
            c("notice_date", "入驻通知日期", "Notice date"),
            m.notice_date.to_string().into(),
        ),
        (c("lease", "租期", "Lease"), lease(m).into()),
        (
            c("fees_from", "起租日", "Fees from"),
            m.fees_from.to_string().into(),
        ),
    ];
    if let Some(a) = &m.agent {
        fields.push((c("agent", "代理人", "Agent"), a.clone().into()));
    }
    for p in &m.promises {
        let col = c("promise", "租赁承诺", "Promise by leasing");
        fields.push((col, p.clone().into()));
    }
    for d in &m.documents {
        fields.push((c("document", "资料", "Document"), check(d).into()));
    }
    for h in &m.handouts {
        fields.push((c("handout", "签收文件", "Handout"), check(h).into()));
    }
    if let Some(i) = &m.inspection {
        fields.push((
            c("inspection", "验房", "Inspection"),
            format!("{} {}", i.date, i.attendees.join(", ")).into(),
        ));
        for r in &i.meters {
            let s = format!("{} {}", r.meter.label(l), r.reading);
            fields.push((c("meter", "表底数", "Meter"), s.into()));
        }
        for f in &i.facilities {
            let mark = match f.condition {
                Condition::Ok => "✓",
                Condition::Defect => "✗",
            };
            let mut s = format!("{} {mark}", words(&f.item, l));
            if let Some(n) = &f.note {
                s.push_str(&format!(" {n}"));
            }
            fields.push((c("facility", "设施", "Facility"), s.into()));
        }
    }
    for d in &m.defects {
        let s = format!(
            "{} {} → {} (fix by {})",
            words(&d.item, l),
            d.description,
            d.ticket,
            d.fix_by
        );
        fields.push((c("defect", "缺陷", "Defect"), s.into()));
    }
    if !m.charges.is_empty() {
        let entries: Vec<String> = m.charges.iter().map(|n| n.to_string()).collect();
        let s = format!("ledger entries {}", entries.join(", "));
        fields.push((c("charges", "入驻费用", "Charges"), s.into()));
    }
    if let Some(k) = &m.keys {
        let s = format!(
            "{} ({}) {} {}",
            k.count(),
            movein::keys::listed(&k.sets),
            k.date,
            k.signed_by
        );
        fields.push((c("keys", "钥匙", "Keys"), s.into()));
    }
    if let Some(s) = &m.handover_signed_by {
        let col = c("handover_signed_by", "房屋确认书签字", "Handover signed by");
        fields.push((col, s.clone().into()));
    }
    if let Some(d) = m.completed {
        let col = c("completed", "入驻日期", "Completed");
        fields.push((col, d.to_string().into()));
        if let Some(v) = m.visit_due(rules) {
            let state = match &m.welcome_visit {
                Some(n) => format!("{v} ✓ {n}"),
                None => format!("{v}"),
            };
            let col = c("welcome_visit", "入住走访", "Welcome visit due");
            fields.push((col, state.into()));
        }
    }
    if let Some(d) = m.reinspection {
        let col = c("reinspection", "再次验房", "Re-inspection");
        fields.push((col, d.to_string().into()));
    }
    if let Some(o) = &m.overridden {
        let s = format!("{}: {} ({} missing)", o.by, o.reason, o.missing.len());
        fields.push((c("override", "经理特批", "Override"), s.into()));
    }
    super::missing_and_history(&mut fields, &missing, &m.history);
    let mut full = serde_json::to_value(m).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.into());
        let due = m.visit_due(rules).map(|d| d.to_string());
        o.insert("welcome_visit_due".into(), due.into());
    }
    Ok(Sheet { fields, full })
}
