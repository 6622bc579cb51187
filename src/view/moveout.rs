//! How move-outs are shown: the list with what each waits for, the sheet of one
//! move-out (terms, steps, inspection against move-in, settlement, what is missing),
//! and the settlement statement as the desk reads it.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::movein::{Condition, words};
use crate::procedure::moveout::{Around, Missing, MoveOut, Section, Settlement, Status, Waiting};

use super::missing_and_history;

const ID: Column = Column::new("id", "编号", "ID");
const UNIT: Column = Column::new("unit", "单元", "Unit");
const PARTY: Column = Column::new("party", "退租方", "Party");
const STATUS: Column = Column::new("status", "状态", "Status");
const DATE: Column = Column::new("move_out", "退租日", "Move-out");
const WAITING: Column = Column::new("waiting_for", "待办", "Waiting for");

/// The move-outs by move-out day, each with what it waits for (`waiting`).
pub fn list(mut ms: Vec<MoveOut>, waiting: impl Fn(&MoveOut) -> Waiting, l: Locale) -> Listing {
    ms.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let rows = ms
        .iter()
        .map(|m| {
            let w = &waiting(m);
            let waiting = match w {
                Waiting::Missing(missing) => {
                    let said: Vec<String> = missing.iter().map(|x| x.say(l)).collect();
                    Cell::shown_as(said, w.say(l))
                }
                Waiting::Refund { .. } => Cell::shown_as(vec![w.say(l)], w.say(l)),
                Waiting::Nothing => Cell::from(Value::Null),
            };
            vec![
                m.id.clone().into(),
                m.unit.clone().into(),
                m.party.clone().into(),
                Cell::shown_as(m.status.as_str(), m.status.label(l)),
                m.date.to_string().into(),
                waiting,
            ]
        })
        .collect();
    Listing {
        columns: vec![ID, UNIT, PARTY, STATUS, DATE, WAITING],
        rows,
    }
}

fn mark(c: Condition) -> &'static str {
    match c {
        Condition::Ok => "✓",
        Condition::Defect => "✗",
    }
}

/// One move-out: `a` is what the unit's permits say of it.
pub fn sheet(m: &MoveOut, a: &Around, l: Locale) -> Result<Sheet> {
    let missing: Vec<String> = match m.status {
        Status::InProgress => m.missing(a).iter().map(|x: &Missing| x.say(l)).collect(),
        Status::Completed => Vec::new(),
    };
    let c = |k, zh, en| Column::new(k, zh, en);
    let notice = format!(
        "{} ({} day(s) notice)",
        m.date,
        (m.date - m.notice_date).num_days()
    );
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), m.id.clone().into()),
        (c("unit", "单元", "Unit"), m.unit.clone().into()),
        (c("party", "退租方", "Party"), m.party.clone().into()),
        (
            c("role", "身份", "Role"),
            Cell::shown_as(m.role.as_str(), m.role.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
        ),
        (
            c("notice_date", "书面通知日期", "Notice date"),
            m.notice_date.to_string().into(),
        ),
        (c("move_out", "退租日", "Move-out"), notice.into()),
    ];
    let mut add = |col: Column, s: String| fields.push((col, s.into()));
    if let Some(mi) = &m.movein {
        add(c("movein", "入驻记录", "Move-in"), mi.clone());
    }
    if let Some(e) = m.lease_end {
        add(c("lease_end", "租约到期", "Lease end"), e.to_string());
    }
    if let Some(s) = &m.short_notice {
        let col = c("short_notice", "不足通知期", "Short notice");
        add(col, format!("{} ({})", s.approved_by, s.reason));
    }
    if let Some(t) = &m.termination {
        let col = c("termination", "解约协议", "Termination");
        add(
            col,
            format!("{} approved by {}", t.agreement, t.approved_by),
        );
    }
    if let Some(s) = &m.owner_consent {
        let col = c("owner_consent", "业主同意书", "Owner's consent");
        add(col, format!("{} {}", s.date, s.by));
    }
    if let Some(lift) = &m.lift {
        add(c("lift", "货梯预约", "Goods lift"), lift.to_string());
    }
    if let Some(p) = &m.goods_exit {
        let status = a
            .goods_exit
            .map_or("missing".to_string(), |s| s.to_string());
        add(
            c("goods_exit", "放行条", "Goods exit pass"),
            format!("{p} ({status})"),
        );
    }
    if m.restoration_required {
        let s = match (&m.restoration, a.restoration) {
            (Some(p), Some((s, _))) => format!("{p} ({s})"),
            (Some(p), None) => format!("{p} (missing)"),
            (None, _) => "required, no permit linked".to_string(),
        };
        add(c("restoration", "恢复原状", "Restoration"), s);
    }
    for x in &m.restoration_costs {
        let col = c("restoration_cost", "恢复原状费用", "Restoration cost");
        add(col, format!("{} {}", x.amount.grouped(), x.description));
    }
    if let Some(i) = &m.inspection {
        let col = c("inspection", "退租验房", "Inspection");
        add(col, format!("{} {}", i.date, i.attendees.join(", ")));
        for r in &i.meters {
            let s = format!(
                "{} {} → {} = {} × {} = {}",
                r.meter.label(l),
                r.last,
                r.reading,
                r.used(),
                r.price,
                r.amount.grouped()
            );
            add(c("meter", "表读数", "Meter"), s);
        }
        for f in &i.facilities {
            let mut s = format!(
                "{} {} → {}",
                words(&f.item, l),
                f.at_movein.map_or("?", mark),
                mark(f.condition)
            );
            if f.damaged() {
                s.push_str(" damaged");
            }
            if let Some(n) = &f.note {
                s.push_str(&format!(" {n}"));
            }
            add(c("facility", "设施", "Facility"), s);
        }
    }
    for d in &m.damages {
        let s = format!(
            "{} {} {}{}",
            words(&d.item, l),
            d.amount.grouped(),
            d.description,
            d.entry.map_or(String::new(), |e| format!(" (entry {e})"))
        );
        add(c("damage", "损坏赔偿", "Damage"), s);
    }
    if let Some(k) = &m.keys {
        let mut s = format!(
            "{} ({}) {} {}",
            k.count(),
            crate::procedure::movein::keys::listed(&k.sets),
            k.date,
            k.received_by
        );
        for (kind, out, back) in k.short() {
            s.push_str(&format!("; {kind}: {back} of {out} returned"));
        }
        add(c("keys", "钥匙交回", "Keys returned"), s);
    }
    if let Some(x) = &m.cleaning {
        add(
            c("cleaning", "保洁安排", "Cleaning"),
            format!("{} {}", x.date, x.with),
        );
    }
    if let Some(s) = &m.settlement {
        let line = format!(
            "{}: deposits {} + credit {} − owed {} = {}",
            s.date,
            s.held().grouped(),
            s.credit.grouped(),
            s.owed_total().grouped(),
            s.net().grouped()
        );
        add(c("settlement", "费用结算", "Settlement"), line);
        if let Some((amount, due)) = m.refund_due() {
            let col = c("refund_due", "应退款", "Refund due");
            add(col, format!("{} by {due}", amount.grouped()));
        }
    }
    if let Some(r) = &m.refund {
        let col = c("refund", "已退款", "Refund paid");
        add(col, format!("{} {}", r.date, r.amount.grouped()));
    }
    if let Some(d) = m.debt {
        add(c("debt", "结转欠款", "Debt carried"), d.grouped());
    }
    if let Some(d) = m.completed {
        add(c("completed", "退租完成", "Completed"), d.to_string());
    }
    missing_and_history(&mut fields, &missing, &m.history);
    let mut full = serde_json::to_value(m).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.into());
        let due = m
            .refund_due()
            .map(|(a, d)| serde_json::json!({"amount": a.to_string(), "date": d.to_string()}));
        o.insert("refund_due".into(), due.unwrap_or(Value::Null));
    }
    Ok(Sheet { fields, full })
}

/// The statement of settling today, not posted: as [`statement_text`], and how to
/// post it.
pub fn preview_text(m: &MoveOut, s: &Settlement) -> String {
    let how = format!("`propdesk moveout settle {}` posts it", m.id);
    statement_text(m, s) + &format!("  preview: not settled; {how}\n")
}

/// The settlement statement as lines of text, for the desk.
pub fn statement_text(m: &MoveOut, s: &Settlement) -> String {
    let mut out = format!(
        "{}: settlement of {} ({}), billed through {}\n",
        m.id, m.unit, m.party, s.billed_through
    );
    for l in s.lines.iter().filter(|l| l.section == Section::Billing) {
        out.push_str(&format!(
            "  billing   #{:<4} {:>12}  {}\n",
            l.entry,
            l.charged.grouped(),
            l.text
        ));
    }
    for h in &s.deposits {
        out.push_str(&format!(
            "  deposit   {:<5} {:>12}  held\n",
            h.kind.as_str(),
            h.amount.grouped()
        ));
    }
    if s.credit.minor() > 0 {
        out.push_str(&format!(
            "  credit          {:>12}  paid in advance\n",
            s.credit.grouped()
        ));
    }
    for l in s.lines.iter().filter(|l| l.section != Section::Billing) {
        let paid = if l.amount == l.charged {
            String::new()
        } else {
            format!(
                " (of {} charged, {} cleared already)",
                l.charged.grouped(),
                Money::from_minor(l.charged.minor() - l.amount.minor()).grouped()
            )
        };
        let owed = if l.amount.is_zero() {
            l.amount.grouped()
        } else {
            format!("-{}", l.amount.grouped())
        };
        out.push_str(&format!(
            "  {:<9} #{:<4} {owed:>12}  {}{paid}\n",
            l.section.as_str(),
            l.entry,
            l.text
        ));
    }
    if s.refund.minor() > 0 {
        out.push_str(&format!(
            "  refund          {:>12}  due by {}\n",
            s.refund.grouped(),
            s.refund_due.map(|d| d.to_string()).unwrap_or_default()
        ));
    } else if s.owed.minor() > 0 {
        out.push_str(&format!("  still owed      {:>12}\n", s.owed.grouped()));
    } else {
        out.push_str("  nothing to refund, nothing owed\n");
    }
    out
}

/// The statement for scripts: the settlement with the move-out, whether it is a
/// preview, what is held and what is owed in all.
pub fn statement_json(m: &MoveOut, s: &Settlement, preview: bool) -> Result<String> {
    let mut v = serde_json::to_value(s).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut v {
        o.insert("moveout".into(), m.id.clone().into());
        o.insert("preview".into(), preview.into());
        o.insert("held".into(), s.held().to_string().into());
        o.insert("owed_total".into(), s.owed_total().to_string().into());
    }
    let text = serde_json::to_string_pretty(&v).map_err(|e| Error::data(e.to_string()))?;
    Ok(text + "\n")
}
