//! The dunning notices: the written dunning notice (催款通知书) the tenant signs for, and
//! the request to suspend services (停止服务申请) for the GM's signature. Templates live
//! in `templates/dunning/`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::model::ledger::{Charge, State};
use crate::model::locale::{Locale, long_date};
use crate::procedure::Refused;
use crate::procedure::fees::notices::{Sections, charge_row};
use crate::procedure::notice::NoticeDef;

use super::steps::Refusal;
use super::{CaseStatus, DunningCase, StepStatus};
use crate::procedure::fees::accounts::Books;

notices! {
    DUNNING_NOTICE = "dunning-notice" => "dunning/dunning-notice": "催款通知书: the overdue charges, the late fees and the date to pay by",
    SUSPENSION_REQUEST = "suspension-request" => "dunning/suspension-request": "停止服务申请: the request to suspend services, for the GM's signature",
}

pub use crate::procedure::fees::late::rate_words;

/// 催款通知书 and 停止服务申请: the overdue charges, late fees (posted and accrued to
/// the notice's day, computed as it is rendered), contacts.
#[allow(clippy::too_many_arguments)]
pub fn dunning_values(
    base: tera::Context,
    books: &Books,
    state: &State,
    case: &DunningCase,
    days: u32,
    approved_by: Option<&str>,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let rules = books.dunning;
    // What is overdue, by month, and the late fees posted and accrued to today: the
    // lines add up to the total.
    let sections = Sections::of(books, state, &[], today, true);
    let overdue: Vec<&Charge> = sections
        .arrears
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    c.insert("since", &long_date(case.since, locale));
    c.insert("days", &days);
    c.insert(
        "overdue",
        &overdue
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert("overdue_total", &sections.arrears_total().grouped());
    c.insert("late_fees", &sections.late_fees_total().grouped());
    c.insert(
        "late_fee_rate",
        &rate_words(rules.late_fee_basis_points_per_day, locale),
    );
    c.insert("money", &sections.values(state, today, locale));
    c.insert("total", &sections.total().grouped());
    let pay_by = today + chrono::Days::new(u64::from(rules.pay_within_days));
    c.insert("pay_by", &long_date(pay_by, locale));
    let contacts: Vec<Value> = case
        .contacts
        .iter()
        .filter(|x| x.date >= case.since)
        .map(|x| {
            json!({
                "date": long_date(x.date, locale),
                "channel": x.channel.label(locale),
                "outcome": x.outcome,
            })
        })
        .collect();
    c.insert("contacts", &contacts);
    c.insert("approved_by", approved_by.unwrap_or(""));
    c
}

/// The notice a ladder row names (`dunning-notice`), if it is one of these.
pub fn named(name: &str) -> Option<&'static NoticeDef> {
    NOTICES.iter().copied().find(|n| n.name == name)
}

/// The values of the notice that step `i` of `case` files on `today`: the days
/// counted since the case's due date, and who approved the step.
#[allow(clippy::too_many_arguments)]
pub fn step_values(
    base: tera::Context,
    books: &Books,
    state: &State,
    case: &DunningCase,
    i: usize,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let days = books.dunning.days_after(books.calendar, case.since, today);
    let approved_by = case.steps.get(i).and_then(|s| s.approved_by.as_deref());
    dunning_values(base, books, state, case, days, approved_by, today, locale)
}

/// What a dunning notice is made from: the books and the unit's case.
pub fn needs(_which: &NoticeDef) -> crate::procedure::fees::notices::Needs {
    crate::procedure::fees::notices::Needs {
        books: true,
        month: false,
        case: true,
    }
}

/// The values of the dunning notice `which` for the unit's open case, and the language
/// it is written in (the party billed's).
pub fn values(
    which: &NoticeDef,
    books: &crate::procedure::fees::accounts::Books,
    p: &crate::procedure::fees::notices::Papers,
) -> Result<(tera::Context, Locale), Refused> {
    let Some((_, state)) = p.ledger else {
        return Err(Refused::NotLoaded);
    };
    let l = p.locale;
    let base = crate::procedure::fees::notices::money_base(
        p.office,
        books.dunning,
        p.unit,
        p.billed,
        p.owner,
        p.today,
        l,
    );
    let case = (p.unit.id.as_str(), p.case);
    let values = values_for(base, books, state, case, which, p.today, l)?;
    Ok((values, l))
}

/// The notice `which` asked for by name for a unit and its case: written for the
/// open case, approved by whoever approved the latest step that files it; refused
/// without an open case.
#[allow(clippy::too_many_arguments)]
fn values_for(
    base: tera::Context,
    books: &Books,
    state: &State,
    (unit, case): (&str, Option<&DunningCase>),
    which: &NoticeDef,
    today: NaiveDate,
    locale: Locale,
) -> Result<tera::Context, Refused> {
    let (rules, calendar) = (books.dunning, books.calendar);
    let Some(case) = case.filter(|c| c.status == CaseStatus::Open) else {
        let unit = unit.to_string();
        return Err(Refusal::NoOpenCase { unit }.into());
    };
    // Filed only by its ladder step: not before the step is due, nor while it waits
    // for its approval (the approval files it).
    let (unit, notice) = (unit.to_string(), which.name);
    let Some(i) = case
        .steps
        .iter()
        .rposition(|s| s.notice_name(rules) == Some(which.name))
    else {
        let row = rules
            .ladder
            .iter()
            .find(|r| rules.notice_of(r.day, &r.action) == Some(which.name));
        let step = row.map(|r| {
            let due = rules.date_after(calendar, case.since, r.day);
            (r.day, r.action.clone(), due)
        });
        return Err(Refusal::NoticeNotDue { unit, notice, step }.into());
    };
    let s = &case.steps[i];
    if s.status == StepStatus::AwaitingApproval {
        let (day, action, who) = (s.day, s.action.clone(), s.who.clone());
        return Err(Refusal::NoticeAwaiting {
            unit,
            notice,
            day,
            action,
            who,
        }
        .into());
    }
    Ok(step_values(base, books, state, case, i, today, locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_fee_rates_read_as_each_locale_writes_them() {
        assert_eq!(rate_words(5, Locale::ZhCn), "万分之五");
        assert_eq!(rate_words(5, Locale::En), "0.05%");
        assert_eq!(rate_words(30, Locale::ZhCn), "万分之30");
        assert_eq!(rate_words(150, Locale::En), "1.50%");
    }
}
