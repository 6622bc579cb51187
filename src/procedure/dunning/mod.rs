//! Fees and dunning (收费 / 催款).
//!
//! The office procedure (Beijing tower, calendar days after the due date): days 1-3
//! phone reminders, each logged; day 4 the manager approves a written dunning notice
//! (催款通知书); day 5 late fees (滞纳金) start and leasing is asked to help; day 6 a
//! request to suspend services, signed by the GM, and security told; day 15 action
//! under the lease.
//!
//! This module holds the procedure's rules; the procedure itself is built by the
//! money and dunning issue.

pub mod due;
pub mod figures;
pub mod notices;
pub mod steps;

use serde::{Deserialize, Serialize};

/// How days after the due date are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    Calendar,
    Working,
}

/// The ladder actions propdesk knows; the late-fee step starts late fees.
pub const ACTIONS: &[&str] = &[
    "phone-reminder",
    "visit",
    "written-notice",
    "late-fee",
    "suspend-services",
    "lease-action",
];

/// A ladder action or role in the locale's words (电话催缴, 总经理); unknown words as
/// they are.
pub fn words(word: &str, locale: crate::model::locale::Locale) -> String {
    if locale == crate::model::locale::Locale::En {
        return word.replace('-', " ");
    }
    match word {
        "phone-reminder" => "电话催缴",
        "visit" => "上门催缴",
        "written-notice" => "书面催款通知",
        "late-fee" => "计收滞纳金",
        "suspend-services" => "停止服务",
        "lease-action" => "按合同处理",
        "desk" => "客服部",
        "manager" => "经理",
        "finance" => "财务部",
        "gm" => "总经理",
        "leasing" => "租赁部",
        "security" => "保安部",
        other => other,
    }
    .to_string()
}

/// The dunning rules of `office.toml` (`[dunning]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DunningRules {
    /// How the ladder's days are counted after the due date: "calendar" (the Beijing
    /// manual) or "working" (the office calendar's working days).
    pub days: DayCount,
    /// Step 3: late fee per day on the overdue principal, in basis points (5 = 0.05%,
    /// 万分之五). Late fees accrue from the day of the ladder's `late-fee` step (no
    /// such step: no late fees), on each charge's own due date.
    pub late_fee_basis_points_per_day: u32,
    /// The most a charge's late fees may come to, in basis points of the charge
    /// (10000 = the charge itself); 0 for no cap.
    pub late_fee_cap_basis_points: u32,
    /// A dunning notice asks for payment within this many days of its date.
    pub pay_within_days: u32,
    /// Step 3: the escalation ladder, in days after the due date.
    pub ladder: Vec<LadderStep>,
}

/// One rung of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStep {
    /// Calendar days after the due date.
    pub day: u32,
    /// What is done: phone-reminder, written-notice, late-fee, suspend-services,
    /// lease-action.
    pub action: String,
    /// Who does it: desk, manager, finance, gm, ...
    pub who: String,
    /// Whether it needs an approval first.
    #[serde(default)]
    pub approval: bool,
    /// The notice to render, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

impl DunningRules {
    /// The date `day` days after `due`, counted as the ladder counts (calendar or
    /// working days of the office calendar).
    pub fn date_after(&self, calendar: &Calendar, due: NaiveDate, day: u32) -> NaiveDate {
        match self.days {
            DayCount::Calendar => due + chrono::Days::new(u64::from(day)),
            DayCount::Working => calendar.add_working_days(due, day),
        }
    }

    /// Days from `due` to `date`, counted as the ladder counts.
    pub fn days_after(&self, calendar: &Calendar, due: NaiveDate, date: NaiveDate) -> u32 {
        match self.days {
            DayCount::Calendar => u32::try_from((date - due).num_days().max(0)).unwrap_or(u32::MAX),
            DayCount::Working => calendar.working_days_between(due, date),
        }
    }

    /// The day late fees start: that of the `late-fee` step.
    pub fn late_fee_day(&self) -> Option<u32> {
        self.ladder
            .iter()
            .find(|s| s.action == "late-fee")
            .map(|s| s.day)
    }

    /// What is wrong with the rules, if anything.
    pub fn problem(&self) -> Option<String> {
        for (i, step) in self.ladder.iter().enumerate() {
            if step.day == 0 {
                return Some("ladder: day 0 is the due date itself; steps start on day 1".into());
            }
            if i > 0 && step.day < self.ladder[i - 1].day {
                return Some(format!(
                    "ladder: day {} comes after day {}: list the steps in day order",
                    step.day,
                    self.ladder[i - 1].day
                ));
            }
            if !ACTIONS.contains(&step.action.as_str()) {
                return Some(format!(
                    "ladder: day {}: unknown action {:?}: expected one of {}",
                    step.day,
                    step.action,
                    ACTIONS.join(", ")
                ));
            }
            let names: Vec<&str> = notices::NOTICES.iter().map(|n| n.name).collect();
            if let Some(n) = &step.notice
                && !names.contains(&n.as_str())
            {
                return Some(format!(
                    "ladder: day {}: unknown notice {n:?}: expected one of {}",
                    step.day,
                    names.join(", ")
                ));
            }
        }
        None
    }
}

impl Default for DunningRules {
    fn default() -> Self {
        let step = |day, action: &str, who: &str, approval, notice: Option<&str>| LadderStep {
            day,
            action: action.to_string(),
            who: who.to_string(),
            approval,
            notice: notice.map(str::to_string),
        };
        DunningRules {
            days: DayCount::Calendar,
            late_fee_basis_points_per_day: 5,
            late_fee_cap_basis_points: 0,
            pay_within_days: 3,
            ladder: vec![
                step(1, "phone-reminder", "desk", false, None),
                step(2, "phone-reminder", "desk", false, None),
                step(3, "phone-reminder", "desk", false, None),
                step(4, "written-notice", "manager", true, Some("dunning-notice")),
                step(5, "late-fee", "finance", false, None),
                step(
                    6,
                    "suspend-services",
                    "gm",
                    true,
                    Some("suspension-request"),
                ),
                step(15, "lease-action", "manager", true, None),
            ],
        }
    }
}

use chrono::NaiveDate;

use crate::procedure::Act;

use crate::model::calendar::Calendar;
use crate::model::history::Entry;
use crate::model::ledger::{EntryKind, Ledger, State};
use crate::model::money::Money;
use crate::model::record::Record;

/// A unit's collection case (催款), in `dunning/<UNIT>.yaml`: the ladder steps reached,
/// the contacts logged, the promises made. One file per unit: a closed case opens
/// again when the unit falls into arrears again; its history keeps every round.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Closed,
}

/// A ladder step reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub day: u32,
    pub action: String,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// Needs the approval of `who` before it is taken; later steps wait.
    AwaitingApproval,
    Taken,
}

impl Step {
    /// The notice its ladder row names, if any.
    pub fn notice_name<'r>(&self, rules: &'r DunningRules) -> Option<&'r str> {
        rules
            .ladder
            .iter()
            .find(|r| r.day == self.day && r.action == self.action)
            .and_then(|r| r.notice.as_deref())
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PromiseStatus {
    Open,
    Kept,
    Broken,
    /// A newer promise took its place.
    Replaced,
}

/// What `advance` did, one line each for `dunning run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Opened {
        since: NaiveDate,
    },
    Reopened {
        since: NaiveDate,
    },
    Closed,
    PromiseKept {
        until: NaiveDate,
    },
    PromiseBroken {
        until: NaiveDate,
        promised: Money,
        paid: Money,
    },
    /// A step reached; `awaiting` if it needs approval first.
    Step {
        day: u32,
        action: String,
        who: String,
        awaiting: bool,
    },
}

impl DunningCase {
    pub fn open(unit: &str, since: NaiveDate, stamp: Act) -> DunningCase {
        DunningCase {
            unit: unit.to_string(),
            status: CaseStatus::Open,
            since,
            steps: Vec::new(),
            contacts: Vec::new(),
            promises: Vec::new(),
            history: vec![Entry::new(
                stamp.at,
                stamp.by,
                "opened",
                Some(format!("overdue since {since}")),
            )],
        }
    }

    fn log(&mut self, stamp: Act, event: &str, note: String) {
        self.history
            .push(Entry::new(stamp.at, stamp.by, event, Some(note)));
    }

    /// The occupant moved out owing: the case stays open, carried as a debt.
    pub fn carry(&mut self, stamp: Act, note: String) {
        self.log(stamp, "carried", note);
    }

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

    /// The ladder rows not reached yet, in order.
    pub fn next_steps<'r>(&self, rules: &'r DunningRules) -> impl Iterator<Item = &'r LadderStep> {
        let reached = self.steps.len();
        rules.ladder.iter().skip(reached)
    }

    /// Records a contact.
    pub fn log_contact(&mut self, stamp: Act, channel: Channel, outcome: &str) {
        self.contacts.push(Contact {
            date: stamp.today,
            by: stamp.by.to_string(),
            channel,
            outcome: outcome.to_string(),
        });
        self.log(stamp, "contact", format!("{channel}: {outcome}"));
    }

    /// Records a promise to pay `amount` by `until`; a promise still open is replaced.
    pub fn promise(&mut self, stamp: Act, until: NaiveDate, amount: Money) -> Result<(), String> {
        if until < stamp.today {
            return Err(format!(
                "the promise date {until} is before today {}",
                stamp.today
            ));
        }
        if self.status == CaseStatus::Closed {
            return Err(format!(
                "the case of {} is closed: nothing is overdue",
                self.unit
            ));
        }
        for p in &mut self.promises {
            if p.status == PromiseStatus::Open {
                p.status = PromiseStatus::Replaced;
            }
        }
        self.promises.push(Promise {
            made: stamp.today,
            until,
            amount,
            status: PromiseStatus::Open,
            by: stamp.by.to_string(),
        });
        self.log(stamp, "promise", format!("{amount} by {until}"));
        Ok(())
    }

    /// Approves the step waiting for approval; returns its index.
    pub fn approve(&mut self, stamp: Act) -> Result<usize, String> {
        let Some(i) = self
            .steps
            .iter()
            .position(|s| s.status == StepStatus::AwaitingApproval)
        else {
            return Err(format!(
                "no step of {}'s case is waiting for approval",
                self.unit
            ));
        };
        let s = &mut self.steps[i];
        s.status = StepStatus::Taken;
        s.taken = Some(stamp.today);
        s.approved_by = Some(stamp.by.to_string());
        let note = format!("day {} {}", s.day, s.action);
        self.log(stamp, "approved", note);
        Ok(i)
    }

    /// Records that the tenant signed for the latest notice; returns its index.
    pub fn sign(&mut self, stamp: Act, signer: &str) -> Result<usize, String> {
        let Some(i) = self.steps.iter().rposition(|s| s.notice.is_some()) else {
            return Err(format!(
                "no notice of {}'s case has been issued yet",
                self.unit
            ));
        };
        let s = &mut self.steps[i];
        if let Some(d) = s.signed {
            return Err(format!(
                "the notice of day {} was already signed for on {d}",
                s.day
            ));
        }
        s.signed = Some(stamp.today);
        s.signed_by = Some(signer.to_string());
        let note = format!("day {} {} signed for by {signer}", s.day, s.action);
        self.log(stamp, "signed", note);
        Ok(i)
    }
}

/// Payments (money, not waivers) dated `from..=to`.
fn paid_between(ledger: &Ledger, from: NaiveDate, to: NaiveDate) -> Money {
    Money::from_minor(
        ledger
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Payment && e.date >= from && e.date <= to)
            .map(|e| e.amount.minor())
            .sum(),
    )
}

/// Moves a unit's case to where the ladder says it is on `stamp.today`: opens it when
/// something is overdue, closes it when nothing is, settles promises that ran out,
/// and records every step due that no open promise or pending approval holds back.
/// Running it again the same day does nothing.
pub fn advance(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    state: &State,
    rules: &DunningRules,
    calendar: &Calendar,
    stamp: Act,
) -> Vec<Action> {
    let today = stamp.today;
    let mut actions = Vec::new();
    let oldest = state.oldest_overdue(today);
    let open = case.as_ref().is_some_and(|c| c.status == CaseStatus::Open);
    match (open, oldest) {
        (false, None) => return actions,
        (true, None) => {
            let c = case.as_mut().expect("an open case");
            for p in &mut c.promises {
                if p.status == PromiseStatus::Open {
                    p.status = PromiseStatus::Kept;
                    actions.push(Action::PromiseKept { until: p.until });
                }
            }
            c.status = CaseStatus::Closed;
            // A step still waiting for a signature has nothing left to approve.
            c.steps.retain(|s| s.status == StepStatus::Taken);
            c.log(stamp, "closed", "nothing overdue".to_string());
            actions.push(Action::Closed);
            return actions;
        }
        (false, Some(since)) => match case {
            Some(c) => {
                c.status = CaseStatus::Open;
                c.since = since;
                c.steps.clear();
                c.log(stamp, "reopened", format!("overdue since {since}"));
                actions.push(Action::Reopened { since });
            }
            None => {
                *case = Some(DunningCase::open(&ledger.unit, since, stamp));
                actions.push(Action::Opened { since });
            }
        },
        (true, Some(_)) => {}
    }
    let c = case.as_mut().expect("an open case");
    // Promises that ran out: kept if the promised amount came in, else broken.
    let mut settled = Vec::new();
    for p in &mut c.promises {
        if p.status == PromiseStatus::Open && p.until < today {
            let paid = paid_between(ledger, p.made, p.until);
            if paid >= p.amount {
                p.status = PromiseStatus::Kept;
                actions.push(Action::PromiseKept { until: p.until });
                settled.push((
                    "promise-kept",
                    format!("{} by {}: paid {paid}", p.amount, p.until),
                ));
            } else {
                p.status = PromiseStatus::Broken;
                actions.push(Action::PromiseBroken {
                    until: p.until,
                    promised: p.amount,
                    paid,
                });
                settled.push((
                    "promise-broken",
                    format!("{} by {}: paid {paid}", p.amount, p.until),
                ));
            }
        }
    }
    for (event, note) in settled {
        c.log(stamp, event, note);
    }
    if c.open_promise().is_some() || c.awaiting().is_some() {
        return actions;
    }
    let days = rules.days_after(calendar, c.since, today);
    let due: Vec<LadderStep> = c
        .next_steps(rules)
        .take_while(|s| s.day <= days)
        .cloned()
        .collect();
    for row in due {
        let awaiting = row.approval;
        let step = Step {
            day: row.day,
            action: row.action.clone(),
            who: row.who.clone(),
            due: rules.date_after(calendar, c.since, row.day),
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
        };
        c.steps.push(step);
        c.log(
            stamp,
            "step",
            format!(
                "day {} {} ({}){}",
                row.day,
                row.action,
                row.who,
                if awaiting { ": awaiting approval" } else { "" }
            ),
        );
        actions.push(Action::Step {
            day: row.day,
            action: row.action,
            who: row.who,
            awaiting,
        });
        if awaiting {
            break;
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::calendar::CalendarRules;
    use crate::model::ledger::ChargeItem;
    use crate::model::locale::Locale;
    use crate::procedure::fees::accounts::{self, NewCharge, NewPayment};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    struct World {
        config: Config,
        calendar: Calendar,
        ledger: Ledger,
        case: Option<DunningCase>,
    }

    impl World {
        /// A 1000.00 charge due 2026-11-15.
        fn new() -> World {
            let mut ledger = Ledger::new("A-1203");
            accounts::charge(
                &mut ledger,
                Act {
                    by: "t",
                    at: at(),
                    today: d("2026-11-01"),
                },
                NewCharge {
                    item: ChargeItem::PropertyFee,
                    amount: "1000.00".parse().unwrap(),
                    text: "fee".into(),
                    due: d("2026-11-15"),
                    reference: None,
                },
            )
            .unwrap();
            World {
                config: Config::new("T", Locale::En),
                calendar: Calendar::new(&CalendarRules::default()).unwrap(),
                ledger,
                case: None,
            }
        }

        fn run(&mut self, day: &str) -> Vec<Action> {
            let state = self.ledger.replay(&self.config.billing.clearing_order).0;
            advance(
                &mut self.case,
                &self.ledger,
                &state,
                &self.config.dunning,
                &self.calendar,
                stamp(day),
            )
        }

        fn days(&self) -> Vec<u32> {
            self.case
                .as_ref()
                .map_or(vec![], |c| c.steps.iter().map(|s| s.day).collect())
        }

        fn pay(&mut self, day: &str, amount: &str) {
            let books = self.config.books(&self.calendar);
            accounts::pay(
                &books,
                &mut self.ledger,
                Act {
                    by: "t",
                    at: at(),
                    today: d(day),
                },
                NewPayment {
                    amount: amount.parse().unwrap(),
                    target: None,
                    method: None,
                    reference: None,
                },
            )
            .unwrap();
        }
    }

    fn at() -> chrono::DateTime<chrono::FixedOffset> {
        "2026-11-01T09:00:00+08:00".parse().unwrap()
    }

    fn stamp(day: &str) -> Act<'static> {
        Act {
            by: "mgr",
            at: at(),
            today: d(day),
        }
    }

    #[test]
    fn each_step_falls_due_on_its_calendar_day() {
        let mut w = World::new();
        assert!(
            w.run("2026-11-15").is_empty(),
            "not overdue on the due date"
        );
        assert_eq!(
            w.run("2026-11-16")[0],
            Action::Opened {
                since: d("2026-11-15")
            }
        );
        assert_eq!(w.days(), vec![1]);
        w.run("2026-11-17");
        assert_eq!(w.days(), vec![1, 2]);
        assert!(
            w.run("2026-11-17").is_empty(),
            "the same day again does nothing"
        );
        w.run("2026-11-19");
        // Day 4 needs the manager: it is reached and waits; day 5 waits behind it.
        assert_eq!(w.days(), vec![1, 2, 3, 4]);
        let c = w.case.as_ref().unwrap();
        assert_eq!(c.steps[3].status, StepStatus::AwaitingApproval);
        assert_eq!(c.steps[3].due, d("2026-11-19"));
        w.run("2026-11-22");
        assert_eq!(w.days(), vec![1, 2, 3, 4], "gated by the approval");
        w.case
            .as_mut()
            .unwrap()
            .approve(stamp("2026-11-22"))
            .unwrap();
        w.run("2026-11-22");
        // Days 5 and 6 were due; 6 needs the GM.
        assert_eq!(w.days(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(
            w.case.as_ref().unwrap().steps[4].taken,
            Some(d("2026-11-22"))
        );
        assert_eq!(w.case.as_ref().unwrap().steps[4].due, d("2026-11-20"));
    }

    #[test]
    fn working_day_counting_skips_weekends() {
        let mut w = World::new();
        w.config.dunning.days = DayCount::Working;
        // Due Sun 15 Nov; working days after it: Mon 16 (1), Tue 17 (2), Wed 18 (3).
        w.run("2026-11-18");
        assert_eq!(w.days(), vec![1, 2, 3]);
        let mut w = World::new();
        w.config.dunning.days = DayCount::Working;
        w.run("2026-11-16");
        assert_eq!(w.days(), vec![1]);
    }

    #[test]
    fn a_promise_pauses_escalation_and_a_broken_one_resumes_it() {
        let mut w = World::new();
        w.run("2026-11-17");
        w.case
            .as_mut()
            .unwrap()
            .promise(
                stamp("2026-11-17"),
                d("2026-11-24"),
                "1000.00".parse().unwrap(),
            )
            .unwrap();
        w.run("2026-11-20");
        assert_eq!(w.days(), vec![1, 2], "paused");
        w.run("2026-11-24");
        assert_eq!(w.days(), vec![1, 2], "paused through the promise date");
        w.pay("2026-11-24", "400.00");
        let acts = w.run("2026-11-25");
        assert!(matches!(acts[0], Action::PromiseBroken { .. }), "{acts:?}");
        assert_eq!(w.days(), vec![1, 2, 3, 4], "resumed up to the approval");
        let p = &w.case.as_ref().unwrap().promises[0];
        assert_eq!(p.status, PromiseStatus::Broken);
    }

    #[test]
    fn a_kept_promise_or_a_full_payment_closes_the_case_and_a_partial_one_does_not() {
        let mut w = World::new();
        w.run("2026-11-18");
        w.pay("2026-11-18", "500.00");
        w.run("2026-11-18");
        assert_eq!(w.case.as_ref().unwrap().status, CaseStatus::Open);
        assert_eq!(w.days(), vec![1, 2, 3], "a partial payment keeps the step");
        w.case
            .as_mut()
            .unwrap()
            .promise(
                stamp("2026-11-18"),
                d("2026-11-19"),
                "500.00".parse().unwrap(),
            )
            .unwrap();
        // Paid before late fees start (day 5, the 20th), so 500.00 clears it all.
        w.pay("2026-11-19", "500.00");
        let acts = w.run("2026-11-19");
        assert_eq!(
            acts,
            vec![
                Action::PromiseKept {
                    until: d("2026-11-19")
                },
                Action::Closed
            ]
        );
        assert_eq!(w.case.as_ref().unwrap().status, CaseStatus::Closed);
        // Falling behind again reopens it from the new due date, steps afresh.
        let mut l = w.ledger.clone();
        accounts::charge(
            &mut l,
            Act {
                by: "t",
                at: at(),
                today: d("2026-12-01"),
            },
            NewCharge {
                item: ChargeItem::PropertyFee,
                amount: "1000.00".parse().unwrap(),
                text: "fee".into(),
                due: d("2026-12-15"),
                reference: None,
            },
        )
        .unwrap();
        w.ledger = l;
        assert_eq!(
            w.run("2026-12-17")[0],
            Action::Reopened {
                since: d("2026-12-15")
            }
        );
        assert_eq!(w.days(), vec![1, 2]);
    }

    #[test]
    fn signing_needs_a_notice_and_only_once() {
        let mut w = World::new();
        w.run("2026-11-19");
        let c = w.case.as_mut().unwrap();
        assert!(
            c.sign(stamp("2026-11-19"), "Li")
                .unwrap_err()
                .contains("no notice")
        );
        c.approve(stamp("2026-11-19")).unwrap();
        c.steps[3].notice = Some("notices/x.html".into());
        c.sign(stamp("2026-11-20"), "Li").unwrap();
        assert!(
            c.sign(stamp("2026-11-20"), "Li")
                .unwrap_err()
                .contains("already signed")
        );
        assert!(
            c.approve(stamp("2026-11-20"))
                .unwrap_err()
                .contains("no step")
        );
    }
}
