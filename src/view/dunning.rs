//! How dunning cases are shown: the open cases (`dunning`), a case's sheet (`dunning
//! show`) and the arrears by age (`dunning aging`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::config::Settings;
use crate::model::ledger::State;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::dunning::{DunningCase, LadderAction, Next, StepStatus, words};

const C_UNIT: Column = Column::new("unit", "单元", "Unit");
const C_PARTY: Column = Column::new("tenant", "租户", "Tenant");
const C_OVERDUE: Column = Column::new("overdue", "逾期金额", "Overdue");
const C_DAYS: Column = Column::new("days", "逾期天数", "Days");
const C_STEP: Column = Column::new("step", "当前步骤", "Step");
const C_NEXT: Column = Column::new("next", "下一步", "Next");
const C_NEXT_DATE: Column = Column::new("next_date", "日期", "On");

/// `第4天 书面催款通知`, `day 4 written notice`.
fn step_words(day: u32, action: &LadderAction, l: Locale) -> String {
    match l {
        Locale::ZhCn => format!("第{day}天 {}", action.words(l)),
        Locale::En => format!("day {day} {}", action.words(l)),
    }
}

/// An open case as the list shows it, with its unit and its ledger replayed.
pub struct Row<'a> {
    pub case: &'a DunningCase,
    pub unit: Option<Unit>,
    pub state: State,
}

/// The open cases: the tenant, what is overdue, for how long, the step reached and
/// what comes next, on which day.
pub fn list(
    rows: &[Row],
    parties: &HashMap<String, Party>,
    settings: &Settings,
    today: NaiveDate,
    l: Locale,
) -> Listing {
    let (rules, calendar) = (&settings.config.dunning, &settings.calendar);
    let rows = rows
        .iter()
        .map(|r| {
            let c = r.case;
            let current = c.steps.last().map(|s| {
                let mut w = step_words(s.day, &s.action, l);
                if s.status == StepStatus::AwaitingApproval {
                    w.push_str(match l {
                        Locale::ZhCn => "（待审批）",
                        Locale::En => " (awaiting approval)",
                    });
                }
                w
            });
            let (next, next_date) = match c.next_up(rules, calendar) {
                Some(Next::Approval { who, due }) => (
                    Some(match l {
                        Locale::ZhCn => format!("{}审批", words(who, l)),
                        Locale::En => format!("approval ({})", words(who, l)),
                    }),
                    Some(due.to_string()),
                ),
                Some(Next::Promise { amount, until }) => (
                    Some(match l {
                        Locale::ZhCn => format!("承诺付款 {}", amount.grouped()),
                        Locale::En => format!("promised {}", amount.grouped()),
                    }),
                    Some(until.to_string()),
                ),
                Some(Next::Step { day, action, on }) => {
                    (Some(step_words(day, action, l)), Some(on.to_string()))
                }
                None => (None, None),
            };
            vec![
                Cell::from(c.unit.as_str()),
                Cell::from(super::fees::billed_name(r.unit.as_ref(), parties)),
                Cell::money(r.state.overdue_total(today)),
                Cell::from(rules.days_after(calendar, c.since, today)),
                Cell::from(current),
                Cell::from(next),
                Cell::from(next_date),
            ]
        })
        .collect();
    Listing {
        columns: vec![
            C_UNIT,
            C_PARTY,
            C_OVERDUE,
            C_DAYS,
            C_STEP,
            C_NEXT,
            C_NEXT_DATE,
        ],
        rows,
    }
}

/// A case: its steps (with approvals, notices and signatures), contacts, promises.
pub fn sheet(case: &DunningCase, l: Locale) -> Sheet {
    let steps: Vec<String> = case
        .steps
        .iter()
        .map(|s| {
            let mut w = format!(
                "{} ({}) {}",
                step_words(s.day, &s.action, l),
                words(&s.who, l),
                s.due
            );
            match s.status {
                StepStatus::AwaitingApproval => w.push_str(match l {
                    Locale::ZhCn => " 待审批",
                    Locale::En => " awaiting approval",
                }),
                StepStatus::Taken => {
                    if let Some(by) = &s.approved_by {
                        w.push_str(&format!(" ✓ {by}"));
                    }
                }
            }
            if let Some(n) = &s.notice {
                w.push_str(&format!(" {n}"));
            }
            if let (Some(d), Some(by)) = (s.signed, &s.signed_by) {
                w.push_str(&format!(" signed {d} {by}"));
            }
            w
        })
        .collect();
    let contacts: Vec<String> = case
        .contacts
        .iter()
        .map(|c| format!("{} {} {}: {}", c.date, c.by, c.channel.label(l), c.outcome))
        .collect();
    let promises: Vec<String> = case
        .promises
        .iter()
        .map(|p| {
            let (made, amount, until) = (p.made, p.amount.grouped(), p.until);
            format!("{made} {amount} → {until} ({})", p.status.as_str())
        })
        .collect();
    let lines = |v: Vec<String>| Cell::from(Value::String(v.join("\n")));
    Sheet {
        fields: vec![
            (C_UNIT, Cell::from(case.unit.as_str())),
            (
                Column::new("status", "状态", "Status"),
                Cell::from(case.status.as_str()),
            ),
            (
                Column::new("since", "欠费起始", "Overdue since"),
                Cell::from(case.since.to_string()),
            ),
            (Column::new("steps", "步骤", "Steps"), lines(steps)),
            (
                Column::new("contacts", "催缴记录", "Contacts"),
                lines(contacts),
            ),
            (
                Column::new("promises", "付款承诺", "Promises"),
                lines(promises),
            ),
        ],
        full: serde_json::to_value(case).unwrap_or(Value::Null),
    }
}

const A_0: Column = Column::new("days_0_30", "0-30天", "0-30 days");
const A_31: Column = Column::new("days_31_60", "31-60天", "31-60 days");
const A_61: Column = Column::new("days_61_90", "61-90天", "61-90 days");
const A_90: Column = Column::new("days_over_90", "90天以上", "Over 90 days");
const A_TOTAL: Column = Column::new("total", "合计", "Total");

/// Arrears by age, per unit in arrears (`rows` by unit number) and in total.
pub fn aging(rows: Vec<(String, [Money; 4])>, l: Locale) -> Listing {
    let mut sums = [0i64; 5];
    let mut out = Vec::new();
    for (unit, b) in rows {
        let total: i64 = b.iter().map(|m| m.minor()).sum();
        if total == 0 {
            continue;
        }
        for (s, m) in sums
            .iter_mut()
            .zip(b.iter().map(|m| m.minor()).chain([total]))
        {
            *s += m;
        }
        let mut row = vec![Cell::from(unit.as_str())];
        row.extend(b.into_iter().map(Cell::money));
        row.push(Cell::money(Money::from_minor(total)));
        out.push(row);
    }
    let mut total_row = vec![Cell::total(l)];
    total_row.extend(sums.map(Money::from_minor).into_iter().map(Cell::money));
    out.push(total_row);
    Listing {
        columns: vec![C_UNIT, A_0, A_31, A_61, A_90, A_TOTAL],
        rows: out,
    }
}
