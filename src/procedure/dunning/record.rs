//! A unit's collection case (催款), in `dunning/<UNIT>.yaml`: the ladder steps reached
//! this round, the reminders and talks logged, the promises to pay. One file per unit:
//! a closed case opens again when the unit falls into arrears again, and its history
//! keeps every round. The steps that change it are in [`super::steps`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::calendar::Calendar;
use crate::model::history::Entry;
use crate::model::money::Money;
use crate::model::record::Record;

use super::rules::{DunningRules, LadderAction, LadderStep};

/// A unit's collection case (催款).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningCase {
    pub unit: String,
    pub status: CaseStatus,
    /// The due date the ladder counts from: the oldest unpaid one when the case opened.
    pub since: NaiveDate,
    /// The ladder steps reached this round, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Reminders and talks logged (电话催款记录).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Promises to pay.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<Promise>,
    pub history: Vec<Entry>,
}

impl Record for DunningCase {
    const DIR: &'static str = "dunning";
    const WHAT: &'static str = "dunning case";
    fn id(&self) -> &str {
        &self.unit
    }
}

/// Whether the case is being pursued: open while anything is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 2] = [CaseStatus::Open, CaseStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }
}

/// What a case waits for next ([`DunningCase::next_up`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next<'a> {
    /// The approval of `who` for the step that fell due on `due`.
    Approval { who: &'a str, due: NaiveDate },
    /// A promise to pay `amount` by `until`.
    Promise { amount: Money, until: NaiveDate },
    /// The ladder's next rung, on its day.
    Step {
        day: u32,
        action: &'a LadderAction,
        on: NaiveDate,
    },
}

/// A ladder step reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub day: u32,
    pub action: LadderAction,
    pub who: String,
    /// The day it fell due.
    pub due: NaiveDate,
    pub status: StepStatus,
    /// The day it was taken (recorded, or approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The notice rendered, a path in the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The tenant signed for the notice (签收).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
}

/// Where a step reached stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// Needs the approval of `who` before it is taken; later steps wait.
    AwaitingApproval,
    Taken,
}

impl StepStatus {
    pub const ALL: [StepStatus; 2] = [StepStatus::AwaitingApproval, StepStatus::Taken];
}

impl Step {
    /// The step of a ladder row reached on `today`, its day falling due on `due`: taken
    /// at once, or waiting for its approval.
    pub fn reached(row: &LadderStep, due: NaiveDate, today: NaiveDate) -> Step {
        let awaiting = row.approval;
        Step {
            day: row.day,
            action: row.action.clone(),
            who: row.who.clone(),
            due,
            status: if awaiting {
                StepStatus::AwaitingApproval
            } else {
                StepStatus::Taken
            },
            taken: (!awaiting).then_some(today),
            approved_by: None,
            notice: None,
            signed: None,
            signed_by: None,
        }
    }

    /// The notice its ladder row names, if any.
    pub fn notice_name<'r>(&self, rules: &'r DunningRules) -> Option<&'r str> {
        rules.notice_of(self.day, &self.action)
    }
}

/// A reminder or a talk with the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub date: NaiveDate,
    pub by: String,
    pub channel: Channel,
    pub outcome: String,
}

/// How the tenant was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Visit,
    Letter,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Visit,
        Channel::Letter,
        Channel::Sms,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Sms => "sms",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Visit => "上门",
            Channel::Letter => "信函",
            Channel::Sms => "短信",
        }
    }
}

named_enum!(Channel, "channel");

/// A promise to pay (承诺付款): escalation pauses until `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    pub made: NaiveDate,
    pub until: NaiveDate,
    /// How much was promised (the arrears then, unless said).
    pub amount: Money,
    pub status: PromiseStatus,
    pub by: String,
}

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PromiseStatus {
    Open,
    Kept,
    Broken,
    /// A newer promise took its place.
    Replaced,
}

impl PromiseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
            PromiseStatus::Broken => "broken",
            PromiseStatus::Replaced => "replaced",
        }
    }
}

impl DunningCase {
    /// The promise escalation waits on today, if any.
    pub fn open_promise(&self) -> Option<&Promise> {
        self.promises
            .iter()
            .find(|p| p.status == PromiseStatus::Open)
    }

    /// The step waiting for approval, if any.
    pub fn awaiting(&self) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| s.status == StepStatus::AwaitingApproval)
    }

    /// The step that suspends services (停止服务), once an open case has reached it
    /// this round, taken or waiting for its approval: from its day security is told to
    /// stop the tenant moving goods out.
    pub fn suspension(&self) -> Option<&Step> {
        if self.status != CaseStatus::Open {
            return None;
        }
        self.steps
            .iter()
            .find(|s| s.action == LadderAction::SuspendServices)
    }

    /// The ladder rows not reached yet, in order.
    pub fn next_steps<'r>(&self, rules: &'r DunningRules) -> impl Iterator<Item = &'r LadderStep> {
        let reached = self.steps.len();
        rules.ladder.iter().skip(reached)
    }

    /// What the case waits for next: the approval of the step waiting, else the open
    /// promise, else the ladder's next rung on its day.
    pub fn next_up<'a>(&'a self, rules: &'a DunningRules, calendar: &Calendar) -> Option<Next<'a>> {
        if let Some(s) = self.awaiting() {
            return Some(Next::Approval {
                who: &s.who,
                due: s.due,
            });
        }
        if let Some(p) = self.open_promise() {
            return Some(Next::Promise {
                amount: p.amount,
                until: p.until,
            });
        }
        self.next_steps(rules).next().map(|row| Next::Step {
            day: row.day,
            action: &row.action,
            on: rules.date_after(calendar, self.since, row.day),
        })
    }

    /// The steps taken on `today` whose ladder row files a notice not filed yet: the
    /// notices the morning run files.
    pub fn notices_due(&self, rules: &DunningRules, today: NaiveDate) -> Vec<usize> {
        (0..self.steps.len())
            .filter(|&i| {
                let s = &self.steps[i];
                s.status == StepStatus::Taken
                    && s.notice.is_none()
                    && s.taken == Some(today)
                    && s.notice_name(rules).is_some()
            })
            .collect()
    }
}
