//! How permits are shown: the list of permits with what each waits for, the whole
//! permit (`permit show`), the units whose works are allowed today, the month's
//! figures.

use chrono::NaiveDate;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::locale::Locale;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::Check;
use crate::procedure::permit::figures::PermitStats;
use crate::procedure::permit::{Kind, Permit, PermitRules, Renovation, Status};

/// What a permit waits for, for the list: the next signer, the open rectification,
/// expiry, the parking renewal.
fn next(p: &Permit, rules: &PermitRules, today: NaiveDate) -> Option<String> {
    match p.status() {
        Status::Applied if p.renovation().is_some() => {
            p.next_signer(rules).map(|s| format!("{s} signs"))
        }
        Status::Suspended => p
            .open_violations()
            .first()
            .map(|v| format!("rectify no. {} by {}", v.no, v.deadline)),
        _ if p.expired_on(today) => Some("expired".to_string()),
        _ if p
            .renewal_due(rules.parking.renewal_notice_days)
            .is_some_and(|d| d <= today) =>
        {
            p.parking().map(|x| match x.until < today {
                true => format!("lapsed on {}: renew", x.until),
                false => format!("renewal due: ends {}", x.until),
            })
        }
        _ => None,
    }
}

/// `permit`: the permits, each with its kind, status, validity and what it waits for.
pub fn list(permits: &[Permit], rules: &PermitRules, today: NaiveDate, l: Locale) -> Listing {
    let rows = permits
        .iter()
        .map(|p| {
            let valid = p
                .renovation()
                .and_then(|r| r.valid_until)
                .or(p.parking().map(|x| x.until));
            vec![
                p.id.clone().into(),
                p.unit.clone().into(),
                Cell::shown_as(p.kind().as_str(), p.kind().label(l)),
                Cell::shown_as(p.status().as_str(), p.status().label(l)),
                valid.map(|d| d.to_string()).into(),
                next(p, rules, today).into(),
            ]
        })
        .collect();
    Listing {
        columns: vec![
            Column::new("id", "编号", "ID"),
            Column::new("unit", "单元", "Unit"),
            Column::new("kind", "类别", "Kind"),
            Column::new("status", "状态", "Status"),
            Column::new("valid_until", "有效期至", "Valid until"),
            Column::new("next", "待办", "Next"),
        ],
        rows,
    }
}

/// `permit today`: the units whose works are allowed, with today's hot work.
pub fn today(permits: &[Permit], today: NaiveDate) -> Listing {
    let rows = permits
        .iter()
        .map(|p| {
            let r = p.renovation();
            let hot: Vec<String> = r
                .map(|r| {
                    r.hot_works
                        .iter()
                        .filter(|h| h.date == today)
                        .map(|h| {
                            format!(
                                "{}-{} {}",
                                h.from.format("%H:%M"),
                                h.to.format("%H:%M"),
                                h.fire_watch
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            vec![
                p.unit.clone().into(),
                p.id.clone().into(),
                r.and_then(|r| r.contractor.clone()).into(),
                r.map_or(0, |r| r.workers).into(),
                r.and_then(|r| r.valid_until).map(|d| d.to_string()).into(),
                Cell::from(Value::from(hot.join("; "))),
            ]
        })
        .collect();
    Listing {
        columns: vec![
            Column::new("unit", "单元", "Unit"),
            Column::new("permit", "许可证", "Permit"),
            Column::new("contractor", "装修单位", "Contractor"),
            Column::new("workers", "人数", "Workers"),
            Column::new("valid_until", "有效期至", "Valid until"),
            Column::new("hot_work", "动火", "Hot work"),
        ],
        rows,
    }
}

fn c(key: &'static str, zh: &'static str, en: &'static str) -> Column {
    Column::new(key, zh, en)
}

/// The renovation's fields of the sheet.
fn renovation_fields(
    fields: &mut Vec<(Column, Cell)>,
    p: &Permit,
    r: &Renovation,
    rules: &PermitRules,
    l: Locale,
) {
    let check = |x: &Check| match (&x.date, &x.by) {
        (Some(d), Some(b)) => format!("{} ✓ {d} {b}", x.item),
        _ => format!("{} ✗", x.item),
    };
    let contractor = r.contractor.clone().unwrap_or_else(|| "-".into());
    fields.push((c("contractor", "装修单位", "Contractor"), contractor.into()));
    let scope = format!(
        "{}{}{}",
        r.scope.label(l),
        if r.structural { " +structural" } else { "" },
        if r.hot_work { " +hot-work" } else { "" }
    );
    fields.push((c("scope", "范围", "Scope"), scope.into()));
    fields.push((
        c("description", "施工内容", "Works"),
        r.description.clone().into(),
    ));
    let planned = format!("{} – {}", r.planned_start, r.planned_end);
    fields.push((c("planned", "计划工期", "Planned"), planned.into()));
    fields.push((c("workers", "施工人数", "Workers"), r.workers.into()));
    for d in &r.documents {
        fields.push((c("document", "资料", "Document"), check(d).into()));
    }
    for a in &r.agreements {
        fields.push((c("agreement", "协议", "Agreement"), check(a).into()));
    }
    fields.push((c("round", "申请轮次", "Round"), r.round.into()));
    for a in &r.approvals {
        let mark = if a.approved { "✓" } else { "✗" };
        let mut s = format!("{} {} {} {mark}", a.role, a.by, a.date);
        if let Some(x) = &a.reason {
            s.push_str(&format!(" {x}"));
        }
        fields.push((c("approval", "审批", "Approval"), s.into()));
    }
    if p.status() == Status::Applied
        && let Some(n) = p.next_signer(rules)
    {
        let n = n.to_string();
        fields.push((c("next_signer", "待签", "Next to sign"), n.into()));
    }
    if let (Some(f), Some(u)) = (r.valid_from, r.valid_until) {
        fields.push((c("valid", "有效期", "Valid"), format!("{f} – {u}").into()));
    }
    for i in &r.inspections {
        let s = format!("{} {} {}: {}", i.date, i.by, i.what, i.findings);
        fields.push((c("inspection", "检查", "Inspection"), s.into()));
    }
    for v in &r.violations {
        let mut s = format!(
            "no. {} {} {} (by {})",
            v.no, v.date, v.description, v.deadline
        );
        if let Some(f) = v.fine {
            s.push_str(&format!(" fine {}", f.grouped()));
        }
        match v.rectified {
            Some(d) => s.push_str(&format!(" ✓ {d}")),
            None => s.push_str(" open"),
        }
        fields.push((c("violation", "违章", "Violation"), s.into()));
    }
    for h in &r.hot_works {
        let s = format!(
            "no. {} {} {}-{} {} (fire watch {})",
            h.no,
            h.date,
            h.from.format("%H:%M"),
            h.to.format("%H:%M"),
            h.work,
            h.fire_watch
        );
        fields.push((c("hot_work", "动火", "Hot work"), s.into()));
    }
    if let Some(d) = r.completion_on {
        let on = d.to_string();
        fields.push((c("completion_on", "验收日期", "Acceptance on"), on.into()));
    }
    for a in &r.acceptances {
        let mark = if a.passed { "✓" } else { "✗" };
        let s = format!("{} {} {mark} {}", a.date, a.by, a.note);
        fields.push((c("acceptance", "验收", "Acceptance"), s.into()));
    }
    if let Some(x) = &r.passes {
        let s = format!("{} returned, {} lost", x.returned, x.lost);
        fields.push((c("passes", "出入证", "Passes"), s.into()));
    }
}

/// `permit show`: the whole permit but what it misses and its history (which the
/// command line adds as every case record's sheet ends); `applicant` as shown,
/// `missing` worded.
pub fn sheet(
    p: &Permit,
    applicant: String,
    missing: &[String],
    rules: &PermitRules,
    today: NaiveDate,
    l: Locale,
) -> Result<Sheet> {
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), p.id.clone().into()),
        (
            c("kind", "类别", "Kind"),
            Cell::shown_as(p.kind().as_str(), p.kind().label(l)),
        ),
        (c("unit", "单元", "Unit"), p.unit.clone().into()),
        (c("applicant", "申请人", "Applicant"), applicant.into()),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(p.status().as_str(), p.status().label(l)),
        ),
    ];
    if let Some(r) = p.renovation() {
        renovation_fields(&mut fields, p, r, rules, l);
    }
    // A goods exit pass issued over the dunning suspension, and what security was
    // warned of.
    if let Some(g) = p.goods_exit() {
        if let Some(o) = &g.overridden {
            fields.push((c("overridden", "经理特批", "Override"), o.say(l).into()));
        }
        for w in &g.warnings {
            fields.push((c("warning", "提醒保安", "Warning"), w.say(l).into()));
        }
    }
    let mut full = serde_json::to_value(p).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.to_vec().into());
        o.insert(
            "works_allowed_today".into(),
            p.works_allowed_on(today).into(),
        );
        o.insert("expired".into(), p.expired_on(today).into());
    }
    Ok(Sheet { fields, full })
}

/// `permit stats`: the month's figures, a row each.
pub fn stats(s: &PermitStats, locale: Locale) -> Listing {
    let zh = locale == Locale::ZhCn;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |key: &str, zh_label: &str, en: &str, v: Cell| {
        rows.push(vec![
            Cell::shown_as(key.to_string(), if zh { zh_label } else { en }.to_string()),
            v,
        ]);
    };
    row("month", "月份", "month", s.month.clone().into());
    for k in Kind::ALL {
        let key = format!("applied:{}", k.as_str());
        let label = match zh {
            true => format!("申请 {}", k.zh()),
            false => format!("applied {}", k.as_str()),
        };
        row(&key, &label, &label, s.applied(k).into());
    }
    let figures = [
        ("issued", "本月签发", "issued", s.issued),
        ("active", "月末有效", "active at month end", s.active),
        (
            "passes_issued",
            "出入证发放",
            "worker passes issued",
            s.passes_issued,
        ),
        (
            "passes_returned",
            "出入证退回",
            "worker passes returned",
            s.passes_returned,
        ),
        (
            "passes_lost",
            "出入证遗失",
            "worker passes lost",
            s.passes_lost,
        ),
        (
            "cards_issued",
            "门禁卡发放",
            "access cards issued",
            s.cards_issued,
        ),
        (
            "cards_returned",
            "门禁卡退回",
            "access cards returned",
            s.cards_returned,
        ),
        ("violations", "违章", "violations", s.violations),
        ("rectified", "整改完成", "rectified", s.rectified),
    ];
    for (key, zh_label, en, n) in figures {
        row(key, zh_label, en, n.into());
    }
    row("fines", "罚款", "fines", Cell::money(s.fines));
    Listing {
        columns: vec![
            Column::new("figure", "项目", "Figure"),
            Column::new("value", "数值", "Value"),
        ],
        rows,
    }
}
