//! Dunning, in English.

use crate::model::locale::Locale::En;
use crate::procedure::dunning::due::{Detail, Kind};
use crate::procedure::dunning::steps::{Action, Done, Event, Refusal};
use crate::procedure::dunning::{CaseStatus, LadderAction, words};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "dunning approval",
        Kind::Step => "dunning",
        Kind::Promise => "promise to pay",
    }
    .to_string()
}

fn step(day: u32, action: &LadderAction) -> String {
    format!("day {day}: {}", action.words(En))
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approve { day, action } => format!("approve {}", step(*day, action)),
        Detail::Step { day, action } => step(*day, action),
        Detail::Promise { amount, until } => {
            format!("{} promised by {until}: check it came in", amount.grouped())
        }
    }
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::NoCase { unit } => format!("{unit} has no dunning case"),
        Refusal::Step {
            unit,
            state: CaseStatus::Closed,
            ..
        } => format!("the dunning case of {unit} is closed: nothing is overdue"),
        Refusal::Step {
            unit,
            state: CaseStatus::Open,
            step,
            allowed,
        } => {
            let allowed: Vec<&str> = allowed.iter().map(|e| e.as_str()).collect();
            format!(
                "the dunning case of {unit} is open: it takes no {:?} (only {})",
                step.as_str(),
                allowed.join(", ")
            )
        }
        Refusal::NothingAwaiting { unit } => {
            format!("no step of {unit}'s case is waiting for approval")
        }
        Refusal::NoNotice { unit } => format!("no notice of {unit}'s case has been issued yet"),
        Refusal::SignedAlready { day, on } => {
            format!("the notice of day {day} was already signed for on {on}")
        }
        Refusal::PromisePast { until, today } => {
            format!("the promise date {until} is before today {today}")
        }
        Refusal::NoOpenCase { unit } => format!("{unit} has no open dunning case"),
        Refusal::NothingOverdue { unit } => {
            format!("nothing of {unit} is overdue: there is no step of its case to approve")
        }
        Refusal::NoticeNotDue {
            unit,
            notice,
            step: Some((day, action, due)),
        } => format!(
            "{unit}'s case has not taken the step that files the {notice}: {}, due {due}",
            step(*day, action)
        ),
        Refusal::NoticeNotDue {
            notice, step: None, ..
        } => format!("no step of the office's dunning ladder files the {notice}"),
        Refusal::NoticeAwaiting {
            unit,
            notice,
            day,
            action,
            who,
        } => format!(
            "the {notice} of {unit} waits for the {who}'s approval of {}",
            step(*day, action)
        ),
    }
}

/// What to do about a refusal, naming the command, where one helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::NoCase { .. } => {
            Some("a case opens when `propdesk dunning run` finds charges overdue".to_string())
        }
        Refusal::Step { .. }
        | Refusal::NothingAwaiting { .. }
        | Refusal::NoNotice { .. }
        | Refusal::SignedAlready { .. }
        | Refusal::PromisePast { .. }
        | Refusal::NoOpenCase { .. } => None,
        Refusal::NothingOverdue { .. } => {
            Some("`propdesk dunning run` closes a case with nothing overdue".to_string())
        }
        Refusal::NoticeNotDue { step: Some(_), .. } => Some(
            "`propdesk dunning run` takes the step once it is due and no promise to pay stands, and files the notice"
                .to_string(),
        ),
        Refusal::NoticeNotDue { step: None, .. } => {
            Some("the ladder is `[[dunning.ladder]]` in office.toml".to_string())
        }
        Refusal::NoticeAwaiting { unit, .. } => Some(format!(
            "`propdesk dunning approve {unit}` approves the step and files the notice"
        )),
    }
}

/// A step by hand, as the clerk is told it was done.
fn by_hand(e: Event) -> &'static str {
    match e {
        Event::Contact => "contact logged",
        Event::Approved => "step approved",
        Event::Promise => "promise recorded",
        Event::Signed => "notice signed for",
        Event::Opened => "case opened",
        Event::Reopened => "case reopened",
        Event::Closed => "case closed",
        Event::Carried => "debt carried",
        Event::PromiseKept => "promise kept",
        Event::PromiseBroken => "promise broken",
        Event::Step => "step reached",
    }
}

pub fn done(d: &Done) -> String {
    match d {
        Done::ByHand { unit, step } => format!("{unit}: {}", by_hand(*step)),
        Done::Filed { unit, notice } => format!("{unit}: notice {notice}"),
        Done::Moved { unit, action: a } => format!("{unit}\t{}", action(a)),
        Done::Noticed { unit, notice } => format!("{unit}\t{notice}"),
        Done::Closed { unit } => format!("{unit}: dunning case closed"),
    }
}

/// What the morning run did to a case.
pub fn action(a: &Action) -> String {
    match a {
        Action::Opened { since } => format!("case opened: overdue since {since}"),
        Action::Reopened { since } => format!("case reopened: overdue since {since}"),
        Action::Closed => "case closed: nothing overdue".to_string(),
        Action::PromiseKept { until } => format!("promise kept ({until})"),
        Action::PromiseBroken {
            until,
            promised,
            paid,
        } => format!("promise broken: {promised} by {until}, paid {paid}; escalation resumes"),
        Action::Step {
            day,
            action,
            who,
            awaiting,
        } => format!(
            "day {day} {} ({}){}",
            action.words(En),
            words(who, En),
            if *awaiting { ": awaiting approval" } else { "" }
        ),
    }
}
