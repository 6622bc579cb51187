//! The steps on a dunning case, each a function over the case and the unit's ledger,
//! with no I/O. The morning run ([`morning`], [`advance`]) opens, climbs, settles
//! promises and closes; the desk logs contacts, records promises, approves steps and
//! records signatures by hand ([`by_hand`]); a payment that clears the arrears closes
//! the case ([`close_if_clear`]).
//!
//! The case's history is the machine's tape: one [`Event`] per entry, the status moved
//! by [`next`] (a case) and [`step_next`] (a ladder step reached), each an exhaustive
//! `match`. A step the status does not allow is refused ([`Refusal::Step`]) with the
//! steps it allows now, and the case is left as it was.

use chrono::NaiveDate;

use crate::model::history::Entry;
use crate::model::ledger::{EntryKind, Ledger, State};
use crate::model::money::Money;
use crate::model::party::Party;
use crate::procedure::fees::accounts::Books;
use crate::procedure::{Act, Refused};

use super::record::{
    CaseStatus, Channel, Contact, DunningCase, Promise, PromiseStatus, Step, StepStatus,
};
use super::rules::{DunningRules, LadderAction, LadderStep};
use crate::model::calendar::Calendar;

/// Why a step on a dunning case is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The unit has no case (one opens when the morning run finds charges overdue).
    NoCase { unit: String },
    /// The case's status does not allow `step`; `allowed` are the steps it allows.
    Step {
        unit: String,
        state: CaseStatus,
        step: Event,
        allowed: Vec<Event>,
    },
    /// No step of the case waits for an approval.
    NothingAwaiting { unit: String },
    /// No notice of the case has been filed to sign for.
    NoNotice { unit: String },
    /// The latest notice was signed for already, on `on`.
    SignedAlready { day: u32, on: NaiveDate },
    /// A promise to pay by a day already past.
    PromisePast { until: NaiveDate, today: NaiveDate },
    /// A dunning notice asked for a unit without an open case.
    NoOpenCase { unit: String },
    /// A step approved on a case with nothing overdue: whatever cleared it, there is
    /// nothing to dun.
    NothingOverdue { unit: String },
    /// The case has not reached the ladder step that files `notice`: that step (its
    /// day, action and the date it falls due), or `None` if no step of the office's
    /// ladder files it.
    NoticeNotDue {
        unit: String,
        notice: &'static str,
        step: Option<(u32, LadderAction, NaiveDate)>,
    },
    /// The step that files `notice` waits for the approval of `who`.
    NoticeAwaiting {
        unit: String,
        notice: &'static str,
        day: u32,
        action: LadderAction,
        who: String,
    },
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::Dunning(r)
    }
}

/// What happens to a case, as its history writes it (`event:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The morning run found charges overdue: the case is created, open.
    Opened,
    /// A closed case: the unit fell behind again.
    Reopened,
    /// Nothing overdue any more.
    Closed,
    /// The occupant moved out owing: the debt is carried.
    Carried,
    /// A reminder or talk logged (电话催款记录).
    Contact,
    /// A promise to pay recorded.
    Promise,
    PromiseKept,
    PromiseBroken,
    /// A ladder step reached.
    Step,
    /// A step waiting for approval approved.
    Approved,
    /// The tenant signed for a notice (签收).
    Signed,
}

impl Event {
    pub const ALL: [Event; 11] = [
        Event::Opened,
        Event::Reopened,
        Event::Closed,
        Event::Carried,
        Event::Contact,
        Event::Promise,
        Event::PromiseKept,
        Event::PromiseBroken,
        Event::Step,
        Event::Approved,
        Event::Signed,
    ];

    /// The word in the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Opened => "opened",
            Event::Reopened => "reopened",
            Event::Closed => "closed",
            Event::Carried => "carried",
            Event::Contact => "contact",
            Event::Promise => "promise",
            Event::PromiseKept => "promise-kept",
            Event::PromiseBroken => "promise-broken",
            Event::Step => "step",
            Event::Approved => "approved",
            Event::Signed => "signed",
        }
    }

    /// The event a history word names.
    pub fn parse(word: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// The status of a case after `event`, or `None` if its status does not allow it.
/// `Opened` creates a case ([`DunningCase::open`]); it never happens to one.
pub fn next(state: CaseStatus, event: Event) -> Option<CaseStatus> {
    use CaseStatus::{Closed, Open};
    match (state, event) {
        (Open | Closed, Event::Opened) => None,
        (Open, Event::Reopened) => None,
        (Closed, Event::Reopened) => Some(Open),
        (Open, Event::Closed) => Some(Closed),
        (Closed, Event::Closed) => None,
        // A contact is logged whatever the status: a closed case keeps its talks too.
        (Open, Event::Contact) => Some(Open),
        (Closed, Event::Contact) => Some(Closed),
        (
            Open,
            Event::Carried
            | Event::Promise
            | Event::PromiseKept
            | Event::PromiseBroken
            | Event::Step
            | Event::Approved
            | Event::Signed,
        ) => Some(Open),
        (
            Closed,
            Event::Carried
            | Event::Promise
            | Event::PromiseKept
            | Event::PromiseBroken
            | Event::Step
            | Event::Approved
            | Event::Signed,
        ) => None,
    }
}

/// The events a case in `state` allows, from [`next`].
pub fn allowed(state: CaseStatus) -> Vec<Event> {
    Event::ALL
        .into_iter()
        .filter(|e| next(state, *e).is_some())
        .collect()
}

/// The status of a ladder step reached after `event`, or `None` if it does not apply:
/// a step waiting is approved, then taken; a taken step's notice is signed for.
pub fn step_next(state: StepStatus, event: Event) -> Option<StepStatus> {
    use StepStatus::{AwaitingApproval, Taken};
    match (state, event) {
        (AwaitingApproval, Event::Approved) => Some(Taken),
        (Taken, Event::Approved) => None,
        (AwaitingApproval, Event::Signed) => None,
        (Taken, Event::Signed) => Some(Taken),
        (
            AwaitingApproval | Taken,
            Event::Opened
            | Event::Reopened
            | Event::Closed
            | Event::Carried
            | Event::Contact
            | Event::Promise
            | Event::PromiseKept
            | Event::PromiseBroken
            | Event::Step,
        ) => None,
    }
}

/// What the morning run did to a case, one line each for `dunning run`.
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
        action: LadderAction,
        who: String,
        awaiting: bool,
    },
}

/// What a step did, to tell the clerk. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A step by hand: a contact logged, a step approved, a promise recorded, a
    /// notice signed for.
    ByHand { unit: String, step: Event },
    /// The notice of a step approved by hand, filed.
    Filed { unit: String, notice: String },
    /// What the morning run did to the unit's case.
    Moved { unit: String, action: Action },
    /// A notice the morning run filed.
    Noticed { unit: String, notice: String },
    /// A payment cleared the arrears: the case closed.
    Closed { unit: String },
}

impl DunningCase {
    /// A new case, open, counting from `since`.
    pub fn open(unit: &str, since: NaiveDate, act: Act) -> DunningCase {
        DunningCase {
            unit: unit.to_string(),
            status: CaseStatus::Open,
            since,
            steps: Vec::new(),
            contacts: Vec::new(),
            promises: Vec::new(),
            history: vec![Entry::new(
                act.at,
                act.by,
                Event::Opened.as_str(),
                Some(format!("overdue since {since}")),
            )],
        }
    }

    /// Refused unless the case's status allows `event` now.
    pub fn allows(&self, event: Event) -> Result<(), Refused> {
        match next(self.status, event) {
            Some(_) => Ok(()),
            None => Err(Refusal::Step {
                unit: self.unit.clone(),
                state: self.status,
                step: event,
                allowed: allowed(self.status),
            }
            .into()),
        }
    }

    /// Writes `event` in the history and moves the status as [`next`] says; refused,
    /// the case unchanged, if the status does not allow it.
    fn record(&mut self, act: Act, event: Event, note: String) -> Result<(), Refused> {
        self.allows(event)?;
        if let Some(status) = next(self.status, event) {
            self.status = status;
        }
        self.history
            .push(Entry::new(act.at, act.by, event.as_str(), Some(note)));
        Ok(())
    }

    /// The occupant moved out owing: the case stays open, carried as a debt. (A closed
    /// case has nothing to carry: it is left as it is.)
    pub fn carry(&mut self, act: Act, note: String) {
        let _ = self.carry_debt(act, note);
    }

    /// As [`DunningCase::carry`], refused for a closed case.
    pub fn carry_debt(&mut self, act: Act, note: String) -> Result<(), Refused> {
        self.record(act, Event::Carried, note)
    }

    /// Records a contact.
    pub fn log_contact(
        &mut self,
        act: Act,
        channel: Channel,
        outcome: &str,
    ) -> Result<(), Refused> {
        self.allows(Event::Contact)?;
        self.contacts.push(Contact {
            date: act.today,
            by: act.by.to_string(),
            channel,
            outcome: outcome.to_string(),
        });
        self.record(act, Event::Contact, format!("{channel}: {outcome}"))
    }

    /// Records a promise to pay `amount` by `until`; a promise still open is replaced.
    pub fn promise(&mut self, act: Act, until: NaiveDate, amount: Money) -> Result<(), Refused> {
        if until < act.today {
            return Err(Refusal::PromisePast {
                until,
                today: act.today,
            }
            .into());
        }
        self.allows(Event::Promise)?;
        for p in &mut self.promises {
            if p.status == PromiseStatus::Open {
                p.status = PromiseStatus::Replaced;
            }
        }
        self.promises.push(Promise {
            made: act.today,
            until,
            amount,
            status: PromiseStatus::Open,
            by: act.by.to_string(),
        });
        self.record(act, Event::Promise, format!("{amount} by {until}"))
    }

    /// Approves the step waiting for approval; returns its index.
    pub fn approve(&mut self, act: Act) -> Result<usize, Refused> {
        self.allows(Event::Approved)?;
        let waiting = self
            .steps
            .iter()
            .enumerate()
            .find_map(|(i, s)| Some(i).zip(step_next(s.status, Event::Approved)));
        let Some((i, status)) = waiting else {
            return Err(Refusal::NothingAwaiting {
                unit: self.unit.clone(),
            }
            .into());
        };
        let s = &mut self.steps[i];
        s.status = status;
        s.taken = Some(act.today);
        s.approved_by = Some(act.by.to_string());
        let note = format!("day {} {}", s.day, s.action);
        self.record(act, Event::Approved, note)?;
        Ok(i)
    }

    /// Records that the tenant signed for the latest notice; returns its index.
    pub fn sign(&mut self, act: Act, signer: &str) -> Result<usize, Refused> {
        self.allows(Event::Signed)?;
        let Some(i) = self.steps.iter().rposition(|s| s.notice.is_some()) else {
            return Err(Refusal::NoNotice {
                unit: self.unit.clone(),
            }
            .into());
        };
        let s = &mut self.steps[i];
        if let Some(on) = s.signed {
            return Err(Refusal::SignedAlready { day: s.day, on }.into());
        }
        s.signed = Some(act.today);
        s.signed_by = Some(signer.to_string());
        let note = format!("day {} {} signed for by {signer}", s.day, s.action);
        self.record(act, Event::Signed, note)?;
        Ok(i)
    }
}

/// A step the desk takes by hand on a case (`dunning log/approve/promise/sign`).
#[derive(Debug, Clone)]
pub enum ByHand {
    Log {
        channel: Channel,
        outcome: String,
    },
    Approve,
    /// A promise to pay `amount` (default: everything overdue) by `until`.
    Promise {
        until: NaiveDate,
        amount: Option<Money>,
    },
    /// The tenant signed for the latest notice: who signed.
    Sign {
        signer: String,
    },
}

impl ByHand {
    /// The event it writes in the history.
    pub fn event(&self) -> Event {
        match self {
            ByHand::Log { .. } => Event::Contact,
            ByHand::Approve => Event::Approved,
            ByHand::Promise { .. } => Event::Promise,
            ByHand::Sign { .. } => Event::Signed,
        }
    }
}

/// The unit's case for a step by hand: refused if it has none, or if its status does
/// not allow the step.
pub fn case_for(
    unit: &str,
    case: Option<DunningCase>,
    step: Event,
) -> Result<DunningCase, Refused> {
    let Some(case) = case else {
        return Err(Refusal::NoCase {
            unit: unit.to_string(),
        }
        .into());
    };
    case.allows(step)?;
    Ok(case)
}

/// Who signs for a notice when the desk does not say: the billed party's contact, or
/// its name, else "tenant".
pub fn signer_of(party: Option<&Party>) -> String {
    party
        .map(|p| p.contact.clone().unwrap_or_else(|| p.name.clone()))
        .unwrap_or_else(|| "tenant".to_string())
}

/// A step by hand on a case, the unit's ledger replayed as `state`: what to tell the
/// clerk, and the step whose notice to file now (an approved step whose ladder row
/// files one).
pub fn by_hand(
    case: &mut DunningCase,
    state: &State,
    rules: &DunningRules,
    act: Act,
    step: ByHand,
) -> Result<(Done, Option<usize>), Refused> {
    let event = step.event();
    let mut file = None;
    match step {
        ByHand::Log { channel, outcome } => case.log_contact(act, channel, outcome.trim())?,
        ByHand::Approve => {
            if state.overdue_total(act.today).is_zero() {
                let unit = case.unit.clone();
                return Err(Refusal::NothingOverdue { unit }.into());
            }
            let i = case.approve(act)?;
            file = case.steps[i].notice_name(rules).map(|_| i);
        }
        ByHand::Promise { until, amount } => {
            let amount = amount.unwrap_or_else(|| state.overdue_total(act.today));
            case.promise(act, until, amount)?;
        }
        ByHand::Sign { signer } => {
            case.sign(act, &signer)?;
        }
    }
    let done = Done::ByHand {
        unit: case.unit.clone(),
        step: event,
    };
    Ok((done, file))
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

/// Moves a unit's case to where the ladder says it is on `act.today`: opens it when
/// something is overdue, closes it when nothing is, settles promises that ran out,
/// and records every step due that no open promise or pending approval holds back.
/// Running it again the same day does nothing.
pub fn advance(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    state: &State,
    rules: &DunningRules,
    calendar: &Calendar,
    act: Act,
) -> Result<Vec<Action>, Refused> {
    let today = act.today;
    let oldest = state.oldest_overdue(today);
    let mut actions = Vec::new();
    let c = match case {
        None => match oldest {
            None => return Ok(actions),
            Some(since) => {
                actions.push(Action::Opened { since });
                case.insert(DunningCase::open(&ledger.unit, since, act))
            }
        },
        Some(c) => match (c.status, oldest) {
            (CaseStatus::Closed, None) => return Ok(actions),
            (CaseStatus::Open, None) => {
                close(c, act, &mut actions)?;
                return Ok(actions);
            }
            (CaseStatus::Closed, Some(since)) => {
                c.record(act, Event::Reopened, format!("overdue since {since}"))?;
                c.since = since;
                c.steps.clear();
                actions.push(Action::Reopened { since });
                c
            }
            (CaseStatus::Open, Some(_)) => c,
        },
    };
    settle_promises(c, ledger, act, &mut actions)?;
    if c.open_promise().is_some() || c.awaiting().is_some() {
        return Ok(actions);
    }
    let days = rules.days_after(calendar, c.since, today);
    let due: Vec<LadderStep> = c
        .next_steps(rules)
        .take_while(|s| s.day <= days)
        .cloned()
        .collect();
    for row in due {
        let awaiting = row.approval;
        c.allows(Event::Step)?;
        let on = rules.date_after(calendar, c.since, row.day);
        c.steps.push(Step::reached(&row, on, today));
        let note = format!(
            "day {} {} ({}){}",
            row.day,
            row.action,
            row.who,
            if awaiting { ": awaiting approval" } else { "" }
        );
        c.record(act, Event::Step, note)?;
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
    Ok(actions)
}

/// Nothing is overdue: the open promises are kept, a step still waiting for a
/// signature has nothing left to approve, and the case closes.
fn close(c: &mut DunningCase, act: Act, actions: &mut Vec<Action>) -> Result<(), Refused> {
    c.allows(Event::Closed)?;
    for p in &mut c.promises {
        if p.status == PromiseStatus::Open {
            p.status = PromiseStatus::Kept;
            actions.push(Action::PromiseKept { until: p.until });
        }
    }
    c.steps.retain(|s| s.status == StepStatus::Taken);
    c.record(act, Event::Closed, "nothing overdue".to_string())?;
    actions.push(Action::Closed);
    Ok(())
}

/// Promises that ran out: kept if the promised amount came in, else broken.
fn settle_promises(
    c: &mut DunningCase,
    ledger: &Ledger,
    act: Act,
    actions: &mut Vec<Action>,
) -> Result<(), Refused> {
    let mut settled = Vec::new();
    for p in &mut c.promises {
        if p.status == PromiseStatus::Open && p.until < act.today {
            let paid = paid_between(ledger, p.made, p.until);
            let event = if paid >= p.amount {
                p.status = PromiseStatus::Kept;
                actions.push(Action::PromiseKept { until: p.until });
                Event::PromiseKept
            } else {
                p.status = PromiseStatus::Broken;
                actions.push(Action::PromiseBroken {
                    until: p.until,
                    promised: p.amount,
                    paid,
                });
                Event::PromiseBroken
            };
            settled.push((event, format!("{} by {}: paid {paid}", p.amount, p.until)));
        }
    }
    for (event, note) in settled {
        c.record(act, event, note)?;
    }
    Ok(())
}

/// A payment that clears the arrears closes the open case; a partial one leaves it at
/// its step. Whether it closed.
pub fn close_if_clear(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    state: &State,
    rules: &DunningRules,
    calendar: &Calendar,
    act: Act,
) -> Result<bool, Refused> {
    let open = case.as_ref().is_some_and(|c| c.status == CaseStatus::Open);
    if !open || !state.overdue_total(act.today).is_zero() {
        return Ok(false);
    }
    advance(case, ledger, state, rules, calendar, act)?;
    Ok(true)
}

/// Whether the morning run has anything to do on a unit: its case is open or a charge
/// is overdue. (Late fees accrue; the morning run posts none.)
pub fn needs_run(open: bool, state: &State, today: NaiveDate) -> bool {
    open || state.oldest_overdue(today).is_some()
}

/// What the morning run did on one unit.
#[derive(Debug, Clone)]
pub struct Morning {
    pub actions: Vec<Action>,
    /// The steps whose notices to file today.
    pub to_file: Vec<usize>,
    /// The ledger replayed.
    pub state: State,
}

impl Morning {
    /// What to tell the clerk, before the notices are filed.
    pub fn said(&self, unit: &str) -> Vec<Done> {
        let moved = self.actions.iter().map(|a| Done::Moved {
            unit: unit.to_string(),
            action: a.clone(),
        });
        moved.collect()
    }
}

/// `dunning run` on one unit whose ledger replays: moves its case to where the ladder
/// says it is, and says which steps' notices to file. It writes nothing to the
/// ledger: late fees accrue, and are posted by the steps that clear or bill.
pub fn morning(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    books: &Books,
    act: Act,
) -> Result<Morning, Refused> {
    let state = crate::procedure::fees::steps::replay(books, ledger)?;
    morning_on(case, ledger, state, books, act)
}

/// [`morning`] on a ledger whose replayed `state` the caller keeps in step with it
/// (the office generator, which runs years of mornings without replaying each).
pub fn morning_on(
    case: &mut Option<DunningCase>,
    ledger: &Ledger,
    state: State,
    books: &Books,
    act: Act,
) -> Result<Morning, Refused> {
    let actions = advance(case, ledger, &state, books.dunning, books.calendar, act)?;
    let to_file = case
        .as_ref()
        .map_or_else(Vec::new, |c| c.notices_due(books.dunning, act.today));
    Ok(Morning {
        actions,
        to_file,
        state,
    })
}

#[cfg(test)]
mod tests {
    //! The case's machine as a table, and its steps on records built in memory.

    use super::*;
    use crate::model::ledger::ChargeItem;
    use crate::procedure::fees::accounts::{self, NewCharge, NewPayment};
    use crate::procedure::fees::steps as ledger_steps;
    use crate::testkit::{Office, d, m};

    use CaseStatus::{Closed, Open};
    use StepStatus::{AwaitingApproval, Taken};

    #[test]
    fn every_status_and_event_of_a_case_has_its_answer() {
        // (event, after it on an open case, after it on a closed one)
        let table = [
            (Event::Opened, None, None),
            (Event::Reopened, None, Some(Open)),
            (Event::Closed, Some(Closed), None),
            (Event::Carried, Some(Open), None),
            (Event::Contact, Some(Open), Some(Closed)),
            (Event::Promise, Some(Open), None),
            (Event::PromiseKept, Some(Open), None),
            (Event::PromiseBroken, Some(Open), None),
            (Event::Step, Some(Open), None),
            (Event::Approved, Some(Open), None),
            (Event::Signed, Some(Open), None),
        ];
        assert_eq!(table.len(), Event::ALL.len());
        for (event, open, closed) in table {
            assert_eq!(next(Open, event), open, "open + {event:?}");
            assert_eq!(next(Closed, event), closed, "closed + {event:?}");
            assert_eq!(Event::parse(event.as_str()), Some(event));
        }
        assert_eq!(allowed(Closed), vec![Event::Reopened, Event::Contact]);
    }

    #[test]
    fn every_status_and_event_of_a_ladder_step_has_its_answer() {
        for event in Event::ALL {
            let (waiting, taken) = match event {
                Event::Approved => (Some(Taken), None),
                Event::Signed => (None, Some(Taken)),
                _ => (None, None),
            };
            assert_eq!(step_next(AwaitingApproval, event), waiting, "{event:?}");
            assert_eq!(step_next(Taken, event), taken, "{event:?}");
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

    fn fee_due(due: &str) -> NewCharge {
        NewCharge {
            item: ChargeItem::PropertyFee,
            amount: m("1000.00"),
            text: "fee".into(),
            due: d(due),
            reference: None,
        }
    }

    struct World {
        office: Office,
        ledger: Ledger,
        case: Option<DunningCase>,
    }

    impl World {
        /// A 1000.00 charge due 2026-11-15.
        fn new() -> World {
            let mut ledger = Ledger::new("A-1203", 2026);
            ledger_steps::charge(&mut ledger, stamp("2026-11-01"), fee_due("2026-11-15")).unwrap();
            World {
                office: Office::new(),
                ledger,
                case: None,
            }
        }

        fn run(&mut self, day: &str) -> Vec<Action> {
            let o = &self.office;
            let state = self.ledger.replay(&o.config.billing.clearing_order).0;
            let rules = &o.config.dunning;
            advance(
                &mut self.case,
                &self.ledger,
                &state,
                rules,
                &o.calendar,
                stamp(day),
            )
            .unwrap()
        }

        fn days(&self) -> Vec<u32> {
            self.case
                .as_ref()
                .map_or(vec![], |c| c.steps.iter().map(|s| s.day).collect())
        }

        fn case(&mut self) -> &mut DunningCase {
            self.case.as_mut().unwrap()
        }

        fn pay(&mut self, day: &str, amount: &str) {
            let p = NewPayment {
                amount: m(amount),
                targets: Vec::new(),
                method: None,
                reference: None,
                received: None,
            };
            accounts::pay(&self.office.books(), &mut self.ledger, stamp(day), p).unwrap();
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
        assert_eq!(w.case().steps[3].status, AwaitingApproval);
        assert_eq!(w.case().steps[3].due, d("2026-11-19"));
        w.run("2026-11-22");
        assert_eq!(w.days(), vec![1, 2, 3, 4], "gated by the approval");
        assert_eq!(w.case().approve(stamp("2026-11-22")), Ok(3));
        w.run("2026-11-22");
        // Days 5 and 6 were due; 6 needs the GM.
        assert_eq!(w.days(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(w.case().steps[4].taken, Some(d("2026-11-22")));
        assert_eq!(w.case().steps[4].due, d("2026-11-20"));
        let events: Vec<&str> = w.case().history.iter().map(|e| e.event.as_str()).collect();
        assert_eq!(
            events,
            [
                "opened", "step", "step", "step", "step", "approved", "step", "step"
            ]
        );
    }

    #[test]
    fn working_day_counting_skips_weekends() {
        let mut w = World::new();
        w.office.config.dunning.days = super::super::DayCount::Working;
        // Due Sun 15 Nov; working days after it: Mon 16 (1), Tue 17 (2), Wed 18 (3).
        w.run("2026-11-18");
        assert_eq!(w.days(), vec![1, 2, 3]);
        let mut w = World::new();
        w.office.config.dunning.days = super::super::DayCount::Working;
        w.run("2026-11-16");
        assert_eq!(w.days(), vec![1]);
    }

    #[test]
    fn a_promise_pauses_escalation_and_a_broken_one_resumes_it() {
        let mut w = World::new();
        w.run("2026-11-17");
        w.case()
            .promise(stamp("2026-11-17"), d("2026-11-24"), m("1000.00"))
            .unwrap();
        w.run("2026-11-20");
        assert_eq!(w.days(), vec![1, 2], "paused");
        w.run("2026-11-24");
        assert_eq!(w.days(), vec![1, 2], "paused through the promise date");
        w.pay("2026-11-24", "400.00");
        let acts = w.run("2026-11-25");
        assert!(matches!(acts[0], Action::PromiseBroken { .. }), "{acts:?}");
        assert_eq!(w.days(), vec![1, 2, 3, 4], "resumed up to the approval");
        assert_eq!(w.case().promises[0].status, PromiseStatus::Broken);
    }

    #[test]
    fn a_kept_promise_or_a_full_payment_closes_the_case_and_a_partial_one_does_not() {
        let mut w = World::new();
        w.run("2026-11-18");
        w.pay("2026-11-18", "500.00");
        w.run("2026-11-18");
        assert_eq!(w.case().status, Open);
        assert_eq!(w.days(), vec![1, 2, 3], "a partial payment keeps the step");
        w.case()
            .promise(stamp("2026-11-18"), d("2026-11-19"), m("500.00"))
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
        assert_eq!(w.case().status, Closed);
        // A closed case refuses a promise, and says what it allows.
        assert_eq!(
            w.case()
                .promise(stamp("2026-11-20"), d("2026-11-21"), m("1.00")),
            Err(Refused::Dunning(Refusal::Step {
                unit: "A-1203".into(),
                state: Closed,
                step: Event::Promise,
                allowed: vec![Event::Reopened, Event::Contact],
            }))
        );
        // Falling behind again reopens it from the new due date, steps afresh.
        ledger_steps::charge(&mut w.ledger, stamp("2026-12-01"), fee_due("2026-12-15")).unwrap();
        assert_eq!(
            w.run("2026-12-17")[0],
            Action::Reopened {
                since: d("2026-12-15")
            }
        );
        assert_eq!(w.days(), vec![1, 2]);
    }

    #[test]
    fn a_payment_that_clears_the_arrears_closes_the_case() {
        let mut w = World::new();
        w.run("2026-11-17");
        let (o, rules) = (&w.office, &w.office.config.dunning);
        let state = o.books().state(&w.ledger).unwrap();
        let act = stamp("2026-11-17");
        let close = |case: &mut Option<DunningCase>, state: &State| {
            close_if_clear(case, &w.ledger, state, rules, &o.calendar, act).unwrap()
        };
        let mut case = w.case.clone();
        assert!(!close(&mut case, &state), "still owed");
        let mut paid = w.ledger.clone();
        let p = NewPayment {
            amount: m("1000.00"),
            targets: Vec::new(),
            method: None,
            reference: None,
            received: None,
        };
        accounts::pay(&o.books(), &mut paid, act, p).unwrap();
        let state = o.books().state(&paid).unwrap();
        assert!(close(&mut case, &state));
        assert_eq!(case.map(|c| c.status), Some(Closed));
    }

    #[test]
    fn steps_by_hand_are_refused_without_a_case_or_what_they_need() {
        let mut w = World::new();
        assert_eq!(
            case_for("A-1203", None, Event::Contact).unwrap_err(),
            Refused::Dunning(Refusal::NoCase {
                unit: "A-1203".into()
            })
        );
        w.run("2026-11-19");
        let state = w.office.books().state(&w.ledger).unwrap();
        let rules = w.office.config.dunning.clone();
        let mut c = w.case.clone().unwrap();
        let sign = ByHand::Sign {
            signer: "Li".into(),
        };
        assert_eq!(
            by_hand(&mut c, &state, &rules, stamp("2026-11-19"), sign.clone()).unwrap_err(),
            Refused::Dunning(Refusal::NoNotice {
                unit: "A-1203".into()
            })
        );
        // Whatever cleared the arrears, a case with nothing overdue has nothing to
        // approve: no suspension is requested for 0.00.
        let mut paid = w.ledger.clone();
        let p = NewPayment {
            amount: m("1000.00"),
            targets: Vec::new(),
            method: None,
            reference: None,
            received: None,
        };
        accounts::pay(&w.office.books(), &mut paid, stamp("2026-11-19"), p).unwrap();
        let cleared = w.office.books().state(&paid).unwrap();
        assert_eq!(
            by_hand(
                &mut c.clone(),
                &cleared,
                &rules,
                stamp("2026-11-19"),
                ByHand::Approve
            )
            .unwrap_err(),
            Refused::Dunning(Refusal::NothingOverdue {
                unit: "A-1203".into()
            })
        );
        let (done, file) =
            by_hand(&mut c, &state, &rules, stamp("2026-11-19"), ByHand::Approve).unwrap();
        assert_eq!(
            (done, file),
            (
                Done::ByHand {
                    unit: "A-1203".into(),
                    step: Event::Approved
                },
                Some(3)
            ),
            "the approved step files its notice"
        );
        c.steps[3].notice = Some("notices/x.html".into());
        by_hand(&mut c, &state, &rules, stamp("2026-11-20"), sign.clone()).unwrap();
        assert_eq!(
            by_hand(&mut c, &state, &rules, stamp("2026-11-21"), sign).unwrap_err(),
            Refused::Dunning(Refusal::SignedAlready {
                day: 4,
                on: d("2026-11-20")
            })
        );
        assert_eq!(
            by_hand(&mut c, &state, &rules, stamp("2026-11-21"), ByHand::Approve).unwrap_err(),
            Refused::Dunning(Refusal::NothingAwaiting {
                unit: "A-1203".into()
            })
        );
        let past = ByHand::Promise {
            until: d("2026-11-20"),
            amount: None,
        };
        assert_eq!(
            by_hand(&mut c, &state, &rules, stamp("2026-11-21"), past).unwrap_err(),
            Refused::Dunning(Refusal::PromisePast {
                until: d("2026-11-20"),
                today: d("2026-11-21")
            })
        );
        // A promise without an amount is for everything overdue.
        let promise = ByHand::Promise {
            until: d("2026-11-25"),
            amount: None,
        };
        by_hand(&mut c, &state, &rules, stamp("2026-11-21"), promise).unwrap();
        assert_eq!(c.open_promise().map(|p| p.amount), Some(m("1000.00")));
    }

    #[test]
    fn the_morning_run_posts_nothing_and_names_the_notices_to_file() {
        let w = World::new();
        let o = Office::new();
        let books = o.books();
        let mut case = None;
        let before = w.ledger.clone();
        let m1 = morning(&mut case, &w.ledger, &books, stamp("2026-11-19")).unwrap();
        assert_eq!(m1.actions.len(), 5, "opened and days 1-4: {:?}", m1.actions);
        assert!(m1.to_file.is_empty(), "day 4 waits for its approval");
        let c = case.as_mut().unwrap();
        c.approve(stamp("2026-11-20")).unwrap();
        c.steps[3].notice = Some("notices/x.html".into());
        let m2 = morning(&mut case, &w.ledger, &books, stamp("2026-11-21")).unwrap();
        // Day 5 taken, day 6 waits for the GM; the late fees of days 20-21 accrue.
        assert_eq!(w.ledger, before, "the morning run writes no ledger entry");
        assert_eq!(
            books.late_fees_accrued(&m2.state, d("2026-11-21")),
            m("1.00")
        );
        assert_eq!(m2.state, books.state(&w.ledger).unwrap());
        assert_eq!(m2.said("A-1203").len(), 2);
        assert!(m2.to_file.is_empty());
        assert!(needs_run(false, &m2.state, d("2026-11-21")));
        assert_eq!(signer_of(None), "tenant");
    }
}
