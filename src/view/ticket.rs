//! How ticket records are shown: the list of open tickets with their next deadline,
//! the overdue list (a row per deadline breached or about to be), the sheet of one
//! ticket with its deadlines and history, and the month's figures against the targets.

use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::locale::Locale;
use crate::model::party::mask_phone;
use crate::output::{Cell, Column, Format, Listing, Sheet};
use crate::procedure::ticket::deadlines::{Clocks, Deadline, Standing};
use crate::procedure::ticket::figures::{self as stats, MonthStats};
use crate::procedure::ticket::{Kind, Priority, Ticket};

const ID: Column = Column::new("id", "编号", "ID");
const KIND: Column = Column::new("kind", "类别", "Kind");
const PLACE: Column = Column::new("place", "位置", "Place");
const CATEGORY: Column = Column::new("category", "分类", "Category");
const PRIORITY: Column = Column::new("priority", "紧急程度", "Priority");
const STATUS: Column = Column::new("status", "状态", "Status");
const REPORTED: Column = Column::new("reported", "报告时间", "Reported");
const NEXT: Column = Column::new("next", "下一时限", "Next deadline");
const DUE: Column = Column::new("due", "时限", "Due");
const STANDING: Column = Column::new("standing", "情况", "Standing");
const DEADLINE: Column = Column::new("deadline", "时限项目", "Deadline");

fn time_text(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn time_cell(t: Option<DateTime<FixedOffset>>) -> Cell {
    match t {
        Some(t) => Cell::shown_as(t.to_rfc3339(), time_text(t)),
        None => Cell::from(Value::Null),
    }
}

/// The deadline that matters next: breached first, then the earliest open one.
fn next_deadline(ds: &[Deadline]) -> Option<&Deadline> {
    ds.iter()
        .filter(|d| d.met.is_none())
        .min_by_key(|d| (d.standing != Standing::Overdue, d.due))
}

/// Is `t` listed without `--all`? Open tickets, and those that have ended but still
/// owe the tenant a reason (or another open deadline).
pub fn listed(t: &Ticket, clocks: &Clocks) -> bool {
    !t.status.is_final() || clocks.deadlines(t).iter().any(|d| d.met.is_none())
}

/// One row per deadline breached and still open, or about to be, the soonest first.
pub fn overdue(tickets: &[Ticket], clocks: &Clocks, l: Locale) -> Listing {
    let now = clocks.now;
    let mut rows: Vec<(DateTime<FixedOffset>, Vec<Cell>)> = Vec::new();
    for t in tickets {
        for d in clocks.deadlines(t) {
            if d.met.is_none()
                && matches!(d.standing, Standing::Overdue | Standing::DueSoon)
                && let Some(due) = d.due
            {
                rows.push((
                    due,
                    vec![
                        t.id.clone().into(),
                        Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
                        t.place().into(),
                        Cell::shown_as(d.clock.as_str(), d.clock.label(l)),
                        time_cell(Some(due)),
                        Cell::shown_as(
                            serde_json::to_value(d.standing).unwrap_or(Value::Null),
                            d.describe(now, l),
                        ),
                        Cell::shown_as(t.status.as_str(), t.state_label(l)),
                    ],
                ));
            }
        }
    }
    rows.sort_by_key(|r| r.0);
    Listing {
        columns: vec![ID, KIND, PLACE, DEADLINE, DUE, STANDING, STATUS],
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// A row per ticket, with its next deadline.
pub fn list(tickets: &[Ticket], clocks: &Clocks, l: Locale) -> Listing {
    let now = clocks.now;
    let rows = tickets
        .iter()
        .map(|t| {
            let ds = clocks.deadlines(t);
            let next = next_deadline(&ds).map_or(Cell::from(Value::Null), |d| {
                Cell::shown_as(
                    json!({"deadline": d.clock.as_str(), "due": d.due.map(|t| t.to_rfc3339()), "standing": d.standing}),
                    format!("{} {}", d.clock.label(l), d.describe(now, l)),
                )
            });
            vec![
                t.id.clone().into(),
                Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
                t.place().into(),
                t.category.clone().into(),
                t.priority.map_or(Cell::from(Value::Null), |p| Cell::shown_as(p.as_str(), p.label(l))),
                Cell::shown_as(t.status.as_str(), t.state_label(l)),
                time_cell(Some(t.reported)),
                next,
            ]
        })
        .collect();
    Listing {
        columns: vec![ID, KIND, PLACE, CATEGORY, PRIORITY, STATUS, REPORTED, NEXT],
        rows,
    }
}

fn history_line(e: &Entry) -> String {
    let mut s = format!("{} {} {}", time_text(e.at), e.by, e.event);
    if let Some(n) = &e.note {
        s.push_str(": ");
        s.push_str(n);
    }
    s
}

/// One ticket: every field, its deadlines (met or breached) and its history. The phone
/// is masked unless `reveal`.
pub fn sheet(
    t: &Ticket,
    ds: &[Deadline],
    now: DateTime<FixedOffset>,
    l: Locale,
    reveal: bool,
) -> Result<Sheet> {
    let phone = t
        .phone
        .as_deref()
        .map(|p| if reveal { p.to_string() } else { mask_phone(p) });
    let c = |k, zh, en| Column::new(k, zh, en);
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), t.id.clone().into()),
        (
            c("kind", "类别", "Kind"),
            Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
        ),
        (
            c("channel", "来源", "Channel"),
            Cell::shown_as(t.channel.as_str(), t.channel.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(t.status.as_str(), t.state_label(l)),
        ),
        (c("place", "位置", "Place"), t.place().into()),
        (
            c("reporter", "报告人", "Reporter"),
            t.reporter.clone().into(),
        ),
        (c("phone", "电话", "Phone"), phone.clone().into()),
        (
            c("reported", "报告时间", "Reported"),
            time_cell(Some(t.reported)),
        ),
        (c("category", "分类", "Category"), t.category.clone().into()),
        (
            c("description", "内容", "Description"),
            t.description.clone().into(),
        ),
    ];
    if let Some(p) = t.priority {
        fields.push((
            c("priority", "紧急程度", "Priority"),
            Cell::shown_as(p.as_str(), p.label(l)),
        ));
    }
    if let Some(g) = t.grade {
        fields.push((
            c("grade", "维修类别", "Grade"),
            Cell::shown_as(g.as_str(), g.label(l)),
        ));
    }
    if let Some(r) = &t.repeat_of {
        fields.push((
            c("repeat_of", "二次投诉（首次）", "Repeat of"),
            r.clone().into(),
        ));
    }
    if !t.repeated_by.is_empty() {
        fields.push((
            c("repeated_by", "二次投诉", "Repeated by"),
            t.repeated_by.join(", ").into(),
        ));
    }
    if let Some(x) = &t.technician {
        fields.push((c("technician", "维修人员", "Technician"), x.clone().into()));
    }
    for q in &t.quote {
        let mut s = format!("{} x{} @ {}", q.name, q.quantity, q.price.grouped());
        if let Some(p) = &q.priced_by {
            s.push_str(&format!(" ({p})"));
        }
        fields.push((c("quote", "报价", "Quote"), s.into()));
    }
    if let Some(total) = t.quote_total().filter(|_| t.chargeable()) {
        fields.push((
            c("quote_total", "报价合计", "Quote total"),
            Cell::money(total),
        ));
        fields.push((
            c("consent", "客户确认", "Consent"),
            t.consent
                .clone()
                .map_or(Cell::from(Value::Null), Cell::from),
        ));
    }
    if let Some(w) = &t.work {
        fields.push((c("work", "维修内容", "Work done"), w.done.clone().into()));
        if let Some(m) = &w.materials {
            fields.push((c("materials", "用料", "Materials"), m.clone().into()));
        }
        fields.push((
            c("signed_by", "签认", "Signed by"),
            w.signed_by.clone().into(),
        ));
    }
    if let Some(f) = &t.complaint {
        if f.valid || f.department.is_some() {
            fields.push((
                c("department", "责任部门", "Department"),
                f.department.clone().into(),
            ));
            fields.push((c("person", "责任人", "Person"), f.person.clone().into()));
        }
        if let Some(x) = &f.explanation {
            fields.push((
                c("explanation", "解释（无效投诉）", "Explanation (not valid)"),
                x.clone().into(),
            ));
        }
        for (k, zh, en, v) in [
            ("action", "处理措施", "Action", &f.action),
            (
                "signed_off_by",
                "经理签批",
                "Signed off by",
                &f.signed_off_by,
            ),
        ] {
            if let Some(v) = v {
                fields.push((c(k, zh, en), v.clone().into()));
            }
        }
    }
    if let Some(r) = &t.reply {
        fields.push((c("reply", "答复", "Reply"), r.clone().into()));
    }
    if let Some(r) = &t.reason {
        fields.push((c("reason", "原因", "Reason"), r.clone().into()));
    }
    for cb in &t.callbacks {
        let mut s = format!(
            "{} {} {} {}",
            time_text(cb.at),
            cb.by,
            cb.method.label(l),
            match (cb.satisfied, l) {
                (true, Locale::ZhCn) => "满意",
                (false, Locale::ZhCn) => "不满意",
                (true, Locale::En) => "satisfied",
                (false, Locale::En) => "not satisfied",
            }
        );
        if let Some(sc) = cb.score {
            s.push_str(&format!(" {sc}/5"));
        }
        if let Some(n) = &cb.note {
            s.push_str(&format!(": {n}"));
        }
        fields.push((c("callback", "回访", "Callback"), s.into()));
    }
    if let Some(e) = t.charged {
        fields.push((
            c("charged", "已入账", "Charged"),
            format!("ledger entry {e}").into(),
        ));
    }
    for d in ds {
        let text = format!(
            "{} {} — {}",
            d.clock.label(l),
            d.due.map_or_else(|| "-".to_string(), time_text),
            d.describe(now, l)
        );
        fields.push((c("deadline", "时限", "Deadline"), text.into()));
    }
    for e in &t.history {
        fields.push((c("history", "记录", "History"), history_line(e).into()));
    }
    let mut full = serde_json::to_value(t).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(m) = &mut full {
        m.insert("phone".into(), phone.into());
        m.insert("paused".into(), t.is_paused().into());
        m.insert(
            "deadlines".into(),
            serde_json::to_value(ds).map_err(|e| Error::data(e.to_string()))?,
        );
    }
    let sheet = Sheet { fields, full };
    Ok(sheet)
}

/// The month's figures as `format` asks: the whole of them for JSON and YAML, else a
/// table against the manuals' targets.
pub fn month(s: &MonthStats, format: Format, l: Locale) -> Result<String> {
    match format {
        Format::Json | Format::Yaml => {
            let full = serde_json::to_value(s).map_err(|e| Error::data(e.to_string()))?;
            let fields = Vec::new();
            Sheet { fields, full }.render(format, l)
        }
        Format::Table | Format::Csv | Format::Ics | Format::Html => stats(s, l).render(format, l),
    }
}

/// The month's figures against the manuals' targets.
pub fn stats(s: &MonthStats, l: Locale) -> Listing {
    let zh = l == Locale::ZhCn;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |key: String, label: String, value: Cell, target: Cell| {
        rows.push(vec![Cell::shown_as(key, label), value, target]);
    };
    let none = || Cell::from(Value::Null);
    row(
        "month".into(),
        (if zh { "月份" } else { "month" }).into(),
        s.month.clone().into(),
        none(),
    );
    row(
        "tickets".into(),
        (if zh { "工单总数" } else { "tickets" }).into(),
        s.tickets.into(),
        none(),
    );
    for (k, n) in &s.by_kind {
        let label = k
            .parse::<Kind>()
            .map_or(k.clone(), |k| k.label(l).to_string());
        row(
            format!("kind:{k}"),
            format!("{} {label}", if zh { "类别" } else { "kind" }),
            (*n).into(),
            none(),
        );
    }
    for (k, n) in &s.by_category {
        row(
            format!("category:{k}"),
            format!("{} {k}", if zh { "分类" } else { "category" }),
            (*n).into(),
            none(),
        );
    }
    for (k, n) in &s.by_priority {
        let label = k
            .parse::<Priority>()
            .map_or(k.clone(), |p| p.label(l).to_string());
        row(
            format!("priority:{k}"),
            format!("{} {label}", if zh { "紧急程度" } else { "priority" }),
            (*n).into(),
            none(),
        );
    }
    let rate = |r: stats::Rate| Cell::shown_as(r.to_string(), r.to_string());
    row(
        "response_on_time".into(),
        (if zh {
            "到场及时率"
        } else {
            "response on time"
        })
        .into(),
        rate(s.response_on_time),
        none(),
    );
    row(
        "completion_on_time".into(),
        (if zh {
            "完工及时率"
        } else {
            "completion on time"
        })
        .into(),
        rate(s.completion_on_time),
        none(),
    );
    for t in &s.targets {
        let target = format!(
            "{} {}% {}",
            if zh { "目标" } else { "target" },
            t.target_percent,
            match (t.met, zh) {
                (true, true) => "达标",
                (false, true) => "未达标",
                (true, false) => "met",
                (false, false) => "missed",
            }
        );
        row(
            t.name.replace(' ', "_"),
            (if zh { t.zh } else { t.name }).into(),
            rate(t.actual),
            target.into(),
        );
    }
    row(
        "phone_callbacks".into(),
        (if zh {
            "电话回访比例"
        } else {
            "phone callbacks"
        })
        .into(),
        rate(s.phone),
        none(),
    );
    row(
        "complaints".into(),
        (if zh { "投诉" } else { "complaints" }).into(),
        s.complaints.into(),
        none(),
    );
    row(
        "valid_complaints".into(),
        (if zh {
            "有效投诉"
        } else {
            "valid complaints"
        })
        .into(),
        s.valid_complaints.into(),
        none(),
    );
    row(
        "complaint_replies_on_time".into(),
        (if zh {
            "投诉答复及时率"
        } else {
            "complaint replies on time"
        })
        .into(),
        rate(s.complaint_replies_on_time),
        none(),
    );
    row(
        "repeat_complaints".into(),
        (if zh {
            "二次投诉"
        } else {
            "repeat complaints"
        })
        .into(),
        s.repeat_complaints.into(),
        none(),
    );
    row(
        "repair_revenue".into(),
        (if zh {
            "有偿维修收入"
        } else {
            "chargeable repair revenue"
        })
        .into(),
        Cell::money(s.repair_revenue),
        none(),
    );
    row(
        "special_service_revenue".into(),
        (if zh {
            "特约服务收入"
        } else {
            "special-service revenue"
        })
        .into(),
        Cell::money(s.special_service_revenue),
        none(),
    );
    Listing {
        columns: vec![
            Column::new("figure", "项目", "Figure"),
            Column::new("value", "数值", "Value"),
            Column::new("target", "目标", "Target"),
        ],
        rows,
    }
}
