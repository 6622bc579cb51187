//! Dunning (催款): collecting what a unit owes past its due date, up the office's
//! escalation ladder, one case per unit.
//!
//! The office procedure (Beijing tower, calendar days after the due date), step by
//! step:
//! 1. Every morning the run (`dunning run`, cron) posts the late fees accrued through
//!    the day and opens a case for each unit with a charge overdue, counting from the
//!    oldest due date ([`steps::morning`], [`steps::advance`]).
//! 2. Days 1-3: phone reminders, each call logged (电话催款记录, [`steps::by_hand`]).
//! 3. Day 4: the manager approves a written dunning notice (催款通知书), filed for the
//!    tenant to sign for (签收); later rungs wait for the approval.
//! 4. Day 5: late fees (滞纳金) start, at the rate of [`rules::DunningRules`], and
//!    leasing is asked to help.
//! 5. Day 6: a request to suspend services (停止服务申请), signed by the GM; security is
//!    told.
//! 6. Day 15: action under the lease.
//!
//! A promise to pay (承诺付款) holds the ladder until its day; kept, the case goes on
//! as the ledger says, broken, escalation resumes. A payment that clears the arrears
//! closes the case ([`steps::close_if_clear`]); falling behind again reopens it, the
//! ladder afresh. A tenant who moves out owing has the debt carried.
//!
//! The ladder is `[dunning]` of office.toml ([`rules`]); the case is [`record`]; its
//! steps and the machine they follow are [`steps`]; what falls due is [`due`]; the
//! notices are [`notices`]; the month's figures [`figures`].

pub mod due;
pub mod figures;
pub mod notices;
pub mod record;
pub mod rules;
pub mod steps;

pub use record::{
    CaseStatus, Channel, Contact, DunningCase, Next, Promise, PromiseStatus, Step, StepStatus,
};
pub use rules::{DayCount, DunningRules, LadderAction, LadderStep, words};
pub use steps::{Action, Event};

use crate::model::calendar::Calendar;
use crate::model::ledger::{Ledger, State};
use crate::procedure::Act;

/// Moves a unit's case to where the ladder says it is on `stamp.today`
/// ([`steps::advance`]): what it did. The run records only what the case's status
/// allows (it opens, reopens or closes by the status it finds), so the machine refuses
/// nothing here.
pub fn advance(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    state: &State,
    rules: &DunningRules,
    calendar: &Calendar,
    stamp: Act,
) -> Vec<Action> {
    steps::advance(case, ledger, state, rules, calendar, stamp).unwrap_or_default()
}
