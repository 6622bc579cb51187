//! What a dunning case puts on the agenda: a step waiting for the manager's approval;
//! the step reached today; the next rung once its day comes (not while a promise to
//! pay holds the ladder); a promise running out, for finance to check.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::calendar::Calendar;
use crate::model::money::Money;
use crate::procedure::due::{Due, Item, Role, Window};

use super::{CaseStatus, DunningCase, DunningRules, LadderAction, StepStatus};

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Approval,
    Step,
    Promise,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Approval, Kind::Step, Kind::Promise];

    /// The stable code scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Approval => "dunning-approval",
            Kind::Step => "dunning-step",
            Kind::Promise => "dunning-promise",
        }
    }
}

/// What exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// Approve the ladder's step of `day`.
    Approve { day: u32, action: LadderAction },
    /// The ladder's step of `day`.
    Step { day: u32, action: LadderAction },
    /// `amount` promised by `until`: check it came in.
    Promise { amount: Money, until: NaiveDate },
}

pub fn items(
    c: &DunningCase,
    rules: &DunningRules,
    calendar: &Calendar,
    w: &Window,
    out: &mut Vec<Item<Kind, Detail>>,
) {
    if c.status != CaseStatus::Open {
        return;
    }
    let item = |due, kind, key: String, detail, who| Item {
        due,
        kind,
        key,
        detail,
        record: c.unit.clone(),
        unit: c.unit.clone(),
        who,
    };
    if let Some(s) = c.awaiting() {
        out.push(item(
            Due::Day(s.due),
            Kind::Approval,
            s.day.to_string(),
            Detail::Approve {
                day: s.day,
                action: s.action.clone(),
            },
            Role::Manager,
        ));
    } else if c.open_promise().is_none() {
        // The rung reached today is today's work; the next one once its day comes
        // (before `dunning run` has reached it). A promise to pay holds the ladder.
        if let Some(s) = c.steps.last()
            && s.status == StepStatus::Taken
            && s.taken == Some(w.today)
        {
            out.push(item(
                Due::Day(w.today),
                Kind::Step,
                s.day.to_string(),
                Detail::Step {
                    day: s.day,
                    action: s.action.clone(),
                },
                Role::of_word(&s.who),
            ));
        }
        if let Some(row) = c.next_steps(rules).next() {
            let on = rules.date_after(calendar, c.since, row.day);
            out.push(item(
                Due::Day(on),
                Kind::Step,
                row.day.to_string(),
                Detail::Step {
                    day: row.day,
                    action: row.action.clone(),
                },
                Role::of_word(&row.who),
            ));
        }
    }
    if let Some(p) = c.open_promise() {
        out.push(item(
            Due::Day(p.until),
            Kind::Promise,
            p.until.to_string(),
            Detail::Promise {
                amount: p.amount,
                until: p.until,
            },
            Role::Finance,
        ));
    }
}
