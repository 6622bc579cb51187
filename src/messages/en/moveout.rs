//! Move-outs, in English.

use crate::model::money::Money;
use crate::procedure::moveout::due::{Detail, Kind};
use crate::procedure::moveout::settle::Shortfall;
use crate::procedure::moveout::steps::{Done, Dunning, Field, Refusal};
use crate::procedure::moveout::{Event, ForParty, Missing, Stage, Waiting};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Lift => "move-out goods",
        Kind::Inspection => "move-out inspection",
        Kind::Settlement => "move-out settlement",
        Kind::Completion => "move-out completion",
        Kind::Refund => "move-out refund",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Refund(amount) => format!("refund {}", amount.grouped()),
        Detail::Lift {
            from,
            to,
            pass_issued,
        } => {
            let slot = crate::messages::slot(*from, *to);
            match pass_issued {
                true => format!("goods lift {slot}: check goods against the pass"),
                false => format!("goods lift {slot}: exit pass not issued yet"),
            }
        }
        Detail::Inspection => "against the move-in record: facilities, meters, keys".to_string(),
        Detail::Settlement => "deposits less fees, energy and damage: the statement".to_string(),
        Detail::Completion => "keys, cleaning, tell leasing".to_string(),
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a step settled already would change, in the refusal.
fn change(e: Event) -> &'static str {
    match e {
        Event::Rescheduled => "a new date",
        Event::Restoration => "restoration",
        Event::Inspected => "an inspection",
        Event::KeysReturned => "keys",
        Event::Notified
        | Event::Consent
        | Event::LiftBooked
        | Event::ExitPass
        | Event::Cleaning
        | Event::Settled
        | Event::Completed
        | Event::Refunded => "settling again",
    }
}

/// A step the move-out's stage does not allow: what it would change, or why not yet.
fn step(
    id: &str,
    (stage, step): (Stage, Event),
    allowed: &[Event],
    settled: Option<chrono::NaiveDate>,
    completed: Option<chrono::NaiveDate>,
) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match (stage, step, settled) {
        (_, Event::Settled, Some(d)) => format!("move-out {id} was settled on {d}"),
        (Stage::Completed, _, _) => format!("move-out {id} was completed on {}", day(completed)),
        (Stage::Settled, _, _) => format!(
            "move-out {id} was settled on {}: {} would change the statement",
            day(settled),
            change(step)
        ),
        (Stage::Open, Event::Refunded, _) => format!(
            "move-out {id} is not settled: the refund is paid only after acceptance and settlement (propdesk moveout settle {id})"
        ),
        (Stage::Open, _, _) => format!(
            "move-out {id} is in progress: it cannot be {} now (allowed: {})",
            step.as_str(),
            list(&allowed.iter().map(|e| e.as_str()).collect::<Vec<_>>())
        ),
    }
}

fn missing_lines(m: &[Missing]) -> String {
    m.iter().map(missing).collect::<Vec<_>>().join("\n  - ")
}

fn shortfall(s: &Shortfall) -> String {
    match s {
        Shortfall::Deposit {
            kind,
            held,
            settled,
        } => format!(
            "{} deposit {} held of {} settled",
            kind.as_str(),
            held.grouped(),
            settled.grouped()
        ),
        Shortfall::Credit { held, settled } => {
            format!("credit {} of {} settled", held.grouped(), settled.grouped())
        }
    }
}

/// Keys short: "door: 1 of 2 returned; mailbox: 0 of 1 returned".
fn keys_short(short: &[(String, u32, u32)]) -> String {
    short
        .iter()
        .map(|(k, out, back)| format!("{k}: {back} of {out} returned"))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Empty(f) => super::common::empty(field(*f)),
        Refusal::Step {
            id,
            stage,
            step: event,
            allowed,
            settled,
            completed,
        } => step(id, (*stage, *event), allowed, *settled, *completed),
        Refusal::NoOccupant { unit, status } => {
            format!("unit {unit} has no occupant ({status}): nobody to move out")
        }
        Refusal::InProgress { unit, other } => {
            format!("unit {unit} already has a move-out in progress: {other}")
        }
        Refusal::Contractor => {
            "a contractor does not move out: the occupant moves out as owner or tenant".to_string()
        }
        Refusal::NoticeInFuture { notice_date } => format!(
            "the notice date {notice_date} is after today: record a notice once given"
        ),
        Refusal::DateBeforeNotice { date, notice_date } => {
            format!("the move-out date {date} is before the notice date {notice_date}")
        }
        Refusal::ShortNotice {
            given,
            date,
            notice_days: n,
        } => format!(
            "notice given {given} day(s) before the move-out date {date}; the office needs {n} (提前{n}天书面通知): short notice needs a reason and a manager's approval (--short-reason TEXT --approved-by MANAGER)"
        ),
        Refusal::NotShort { given, notice_days } => format!(
            "notice given {given} days ahead is not short (the office needs {notice_days}): drop --short-reason and --approved-by"
        ),
        Refusal::EarlyTermination { end, date } => format!(
            "the lease runs to {end}: moving out on {date} terminates it early, which needs the termination agreement (解约协议书) and its approval (--agreement REF --agreement-approved-by NAME)"
        ),
        Refusal::NotEarly { end, date } => format!(
            "the lease runs to {end}: moving out on {date} is not early, so there is no termination agreement"
        ),
        Refusal::NoLeaseEnd => "the lease end is not known (give --lease-end): a termination agreement is for a move-out before it".to_string(),
        Refusal::SameDate { date } => format!("the move-out date is already {date}"),
        Refusal::Past { date } => format!("{date} is past"),
        Refusal::InspectedOnItsDate { id } => {
            format!("move-out {id} was inspected on its date: the date cannot move now")
        }
        Refusal::PassMadeOut { pass, date } => {
            format!("the goods exit pass {pass} is made out for {date}: the date cannot move now")
        }
        Refusal::NotTenant { party, role } => {
            format!("{party} moves out as {role}: only a tenant needs the owner's consent")
        }
        Refusal::ConsentRecorded { on, by } => {
            format!("the owner's consent was recorded on {on} ({by})")
        }
        Refusal::LiftEndsBeforeStart { from, to } => format!(
            "the lift booking ends at {} before it starts at {}",
            to.format("%H:%M"),
            from.format("%H:%M")
        ),
        Refusal::LiftAfterMoveOut { lift, date } => format!(
            "the goods lift is for moving out: {lift} is after the move-out date {date}"
        ),
        Refusal::LiftPassIssued { pass } => format!(
            "the goods exit pass {pass} is issued for the booked lift: the booking cannot change"
        ),
        Refusal::LiftTaken { lift, other } => {
            format!("the goods lift is booked {lift} for move-out {other}: choose another time")
        }
        Refusal::HasPass { id, pass } => format!("move-out {id} has its goods exit pass: {pass}"),
        Refusal::ConsentFirst { id } => format!(
            "the goods leave with the owner's written consent: record it first (propdesk moveout consent {id} --signed-by NAME)"
        ),
        Refusal::LiftFirst { id } => format!(
            "book the goods lift first: the pass is for its date (propdesk moveout lift {id} --day DATE --time HH:MM-HH:MM)"
        ),
        Refusal::RestorationNotRequired { id } => format!(
            "move-out {id} does not require restoration (the lease did not say so at notice: --restore)"
        ),
        Refusal::RestorationLinked { permit } => format!("the restoration permit is {permit}"),
        Refusal::NotRestorationPermit {
            permit,
            kind,
            unit,
            expected,
        } => format!(
            "permit {permit} is a {kind} permit of {unit}: restoration needs a renovation permit of {expected}"
        ),
        Refusal::CostNotRequired { id } => format!("move-out {id} does not require restoration"),
        Refusal::CostAfterSettlement { id, settled } => format!(
            "move-out {id} was settled on {settled}: a restoration cost would change the statement"
        ),
        Refusal::AlreadyInspected { id, on } => format!("move-out {id} was inspected on {on}"),
        Refusal::RestoreFirst { id } => format!(
            "the lease requires restoration: link its renovation permit first (propdesk moveout restore {id} --permit PM-ID) and inspect once it is accepted, or charge the office's restoration (--cost AMOUNT --for TEXT)"
        ),
        Refusal::RestorationNotAccepted { permit: p } => format!(
            "the restoration works ({p}) are not accepted yet: inspect once they are (propdesk permit accept {p})"
        ),
        Refusal::MeterNotRead { meter: m, meters } => format!(
            "the {m} meter was not read: --meter {m}=READING (this unit has {})",
            list(meters)
        ),
        Refusal::NoLastReading { meter: m } => format!(
            "no last reading of the {m} meter: the move-in record has none; give the last reading billed (--last {m}=READING)"
        ),
        Refusal::BelowLastReading {
            meter,
            reading,
            last,
        } => format!("the {meter} meter reads {reading}, less than the last reading {last}"),
        Refusal::UseTooLarge { meter, used } => {
            format!("the {meter} meter's use {used} is too large to price")
        }
        Refusal::NoSuchMeter { meter } => format!("this unit has no {meter} meter"),
        Refusal::DamageTwice { item } => {
            format!("{item} is named twice: describe its damage in one --damage")
        }
        Refusal::NotOnHandover { item, expected } => format!(
            "{item:?} is not on the handover checklist: expected one of {}",
            expected.join(", ")
        ),
        Refusal::Unpriced { item } => {
            format!("the damage to {item} has no price: --price {item}=AMOUNT")
        }
        Refusal::PriceOfNoDamage { item } => format!(
            "--price {item}=... prices no damage: describe it with --damage {item}=DESCRIPTION"
        ),
        Refusal::DescribeDamage { item } => format!("describe the damage to {item}"),
        Refusal::DamageNeedsPrice { item } => format!(
            "the damage to {item} needs a price more than 0 (--price {item}=AMOUNT); wear and tear is not a damage"
        ),
        Refusal::DefectiveAtMoveIn { item } => format!(
            "{item} was already defective at move-in (the handover record): it is not the party's damage"
        ),
        Refusal::KeysReturned { count, on } => format!("{count} keys were returned on {on}"),
        Refusal::NoKeyToCharge => {
            "every key handed over at move-in is back: there is nothing to charge".to_string()
        }
        Refusal::KeysMissing { short } => format!(
            "keys missing against the move-in handover ({}): price them with --charge AMOUNT (charged as damage)",
            keys_short(short)
        ),
        Refusal::ChargeNotPositive => "--charge must be more than 0".to_string(),
        Refusal::NoKeyReturned => "no key returned: give at least one KIND=COUNT".to_string(),
        Refusal::CleaningArranged { on, with } => {
            format!("cleaning was arranged on {on} ({with})")
        }
        Refusal::CannotSettle { id, missing } => format!(
            "move-out {id} cannot be settled yet; missing:\n  - {}",
            missing_lines(missing)
        ),
        Refusal::RefundOwedBefore {
            id,
            amount,
            party,
            other,
            due,
        } => format!(
            "move-out {id} cannot be settled yet: the refund of {} to {party} settled by move-out {other} (due {due}) is not paid, and it is held on the same ledger",
            amount.grouped()
        ),
        Refusal::NotInspected { id } => {
            format!("move-out {id} is not inspected: the settlement follows the acceptance")
        }
        Refusal::MonthOutOfRange { month } => format!("month after {month} out of range"),
        Refusal::RefundPaid { amount, on } => format!("the refund of {amount} was paid on {on}"),
        Refusal::NoRefund { owed } => format!("the settlement leaves no refund: {owed} is owed"),
        Refusal::LedgerChanged {
            unit,
            settled,
            refund,
            short,
        } => format!(
            "ledger/{unit}.yaml no longer holds what the settlement of {settled} refunds ({}): {}; the ledger changed since",
            refund.grouped(),
            short.iter().map(shortfall).collect::<Vec<_>>().join(", ")
        ),
        Refusal::Missing { id, missing } => format!(
            "move-out {id} cannot be completed; missing:\n  - {}",
            missing_lines(missing)
        ),
        Refusal::OccupantChanged {
            unit,
            occupant,
            party,
        } => format!(
            "unit {unit} is occupied by {}, not {party}: the unit changed since the notice",
            occupant.as_deref().unwrap_or("nobody")
        ),
        Refusal::NoticeNotSettled { id } => format!("move-out {id} is not settled"),
        Refusal::NoticeNotCompleted { id } => {
            format!("move-out {id} is not completed: the unit is not available yet")
        }
        Refusal::NoExitPass { id } => format!("move-out {id} has no goods exit pass"),
    }
}

/// The hint a refusal comes with, naming the command that helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::Step {
            id,
            step: Event::Settled,
            settled: Some(_),
            ..
        } => Some(format!("`propdesk moveout statement {id}` shows it")),
        Refusal::RefundOwedBefore { other, .. } => {
            Some(format!("pay it first: propdesk moveout refund {other}"))
        }
        Refusal::LedgerChanged { .. } => Some(
            "see `propdesk ledger UNIT`; put the ledger right before paying the refund".to_string(),
        ),
        Refusal::NoExitPass { id } => Some(format!(
            "once the move-out is settled and nothing is owed, make it with `propdesk moveout exit-pass {id} --item ITEM`"
        )),
        Refusal::NoticeNotSettled { id } => Some(format!(
            "`propdesk moveout statement {id}` previews it; `propdesk moveout settle {id}` settles"
        )),
        _ => None,
    }
}

/// A missing item without the command that records it: what the party reads too.
fn short(m: &Missing) -> String {
    match m {
        Missing::Consent { .. } => "owner's written consent not recorded".to_string(),
        Missing::Lift { .. } => "goods lift not booked".to_string(),
        Missing::ExitPass { .. } => "no goods exit pass".to_string(),
        Missing::PassUnsigned { pass } => {
            format!("goods exit pass {pass} not signed by the owner side, tenant side and desk")
        }
        Missing::PassNotTaken { pass } => {
            format!("goods exit pass {pass} not yet taken by security as the goods leave")
        }
        Missing::Restoration { .. } => {
            "restoration: link the renovation permit of the works, or charge the office's"
                .to_string()
        }
        Missing::RestorationWorks { permit, .. } => {
            format!("restoration works {permit} not accepted")
        }
        Missing::Inspection { .. } => "move-out inspection not done".to_string(),
        Missing::Keys { .. } => "keys not returned".to_string(),
        Missing::Deposits(h) => format!("{} permit {} still holds deposits", h.kind, h.permit),
        Missing::Settlement { .. } => "not settled".to_string(),
        Missing::Cleaning { .. } => "cleaning not arranged".to_string(),
    }
}

/// A missing item and the command that records it.
pub fn missing(m: &Missing) -> String {
    let how = match m {
        Missing::Consent { moveout } => {
            format!("propdesk moveout consent {moveout} --signed-by NAME")
        }
        Missing::Lift { moveout } => {
            format!("propdesk moveout lift {moveout} --day DATE --time HH:MM-HH:MM")
        }
        Missing::ExitPass { moveout } => {
            format!("propdesk moveout exit-pass {moveout} --item ITEM")
        }
        Missing::PassUnsigned { pass } => {
            format!("propdesk permit sign-exit {pass} --side owner|tenant|desk --signed-by NAME")
        }
        Missing::PassNotTaken { pass } => format!("propdesk permit security {pass} --guard NAME"),
        Missing::Restoration { moveout } => {
            format!("propdesk moveout restore {moveout} --permit PM-ID | --cost AMOUNT --for TEXT")
        }
        Missing::RestorationWorks { permit, status } => {
            format!("it is {status}; propdesk permit accept {permit}")
        }
        Missing::Inspection { moveout } => {
            format!("propdesk moveout inspect {moveout} --attendee NAME --meter METER=READING")
        }
        Missing::Keys { moveout } => {
            format!("propdesk moveout keys {moveout} --key KIND=COUNT --received-by NAME")
        }
        Missing::Deposits(h) => match h.cards {
            true => format!("return the cards: propdesk permit return {}", h.permit),
            false => format!("settle it: propdesk permit refund {}", h.permit),
        },
        Missing::Settlement { moveout } => format!("propdesk moveout settle {moveout}"),
        Missing::Cleaning { moveout } => {
            format!("propdesk moveout cleaning {moveout} --with NAME")
        }
    };
    format!("{} ({how})", short(m))
}

pub fn for_party(m: &ForParty) -> String {
    short(&m.0)
}

pub fn waiting(w: &Waiting) -> String {
    match w {
        Waiting::Missing(m) => match m.as_slice() {
            [] => "ready to complete".to_string(),
            [m] => short(m),
            [m, more @ ..] => format!("{} (+{} more)", short(m), more.len()),
        },
        Waiting::Refund { amount, due } => format!("refund {} due by {due}", amount.grouped()),
        Waiting::Nothing => String::new(),
    }
}

fn money_lines(id: &str, lines: &mut Vec<String>, what: &str, amount: Money, unit: &str) {
    lines.push(format!(
        "{id}: {what}{} charged to {unit}",
        amount.grouped()
    ));
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, step } => {
            let what = match step {
                Event::Consent => "owner's consent recorded",
                Event::Cleaning => "cleaning arranged",
                other => other.as_str(),
            };
            format!("{id}: {what}")
        }
        Done::ShortNotice { id, approval } => format!(
            "{id}: short notice approved by {} ({})",
            approval.approved_by, approval.reason
        ),
        Done::Rescheduled { id, date } => {
            format!("{id}: moves out on {date}; billed until {date}")
        }
        Done::LiftBooked { id, lift } => format!("{id}: goods lift booked {lift}"),
        Done::ExitPass { id, pass, lift } => format!(
            "{id}: goods exit pass {pass} for {lift}: signed by the owner side, the tenant side, then the desk (propdesk permit sign-exit {pass} --side owner|tenant|desk --signed-by NAME)"
        ),
        Done::Restoration {
            id,
            unit,
            works,
            cost,
        } => {
            let mut lines = Vec::new();
            if let Some((p, status)) = works {
                lines.push(format!("{id}: restoration works under {p} ({status})"));
            }
            if let Some(amount) = cost {
                money_lines(id, &mut lines, "restoration cost ", *amount, unit);
            }
            lines.join("\n")
        }
        Done::Inspected {
            id,
            unit,
            meters,
            damaged,
            charged,
        } => {
            let mut lines = vec![format!("{id}: inspected")];
            for (meter, last, reading, used, price, amount) in meters {
                lines.push(format!(
                    "{id}: {meter} {last} → {reading}: {used} × {price} = {}",
                    amount.grouped()
                ));
            }
            for (item, note) in damaged {
                lines.push(format!("{id}: {item} damaged since move-in: {note}"));
            }
            money_lines(id, &mut lines, "", *charged, unit);
            lines.join("\n")
        }
        Done::KeysReturned {
            id,
            count,
            expected,
            charged,
        } => {
            let mut line = format!(
                "{id}: {count} key(s) returned{}",
                match expected {
                    None => " (no move-in handover to count against)".to_string(),
                    Some(n) => format!(" of {n}"),
                }
            );
            if let Some(total) = charged {
                line.push_str(&format!(
                    "; {} charged for keys not returned",
                    total.grouped()
                ));
            }
            line
        }
        Done::Refunded {
            id,
            amount,
            party,
            late,
        } => {
            let late = late.map_or(String::new(), |(d, n)| {
                format!(" ({n} day(s) after the due day {d})")
            });
            format!("{id}: refund {} paid to {party}{late}", amount.grouped())
        }
        Done::Completed {
            id,
            unit,
            party,
            date,
            dunning,
            owed,
            notice,
            refund_due,
        } => {
            let mut lines = vec![format!(
                "{id}: completed; {unit} vacant, billed until {date}"
            )];
            match dunning {
                Dunning::Closed => lines.push(format!("{id}: dunning case of {unit} closed")),
                Dunning::Carried => lines.push(format!(
                    "{id}: dunning case of {unit} carried: {} owed by {party}",
                    owed.grouped()
                )),
                Dunning::None if owed.minor() > 0 => lines.push(format!(
                    "{id}: {} still owed by {party}, carried as a debt",
                    owed.grouped()
                )),
                Dunning::None => {}
            }
            if let Some(path) = notice {
                lines.push(format!("{id}: leasing told the unit can be let: {path}"));
            }
            if let Some((amount, due)) = refund_due {
                lines.push(format!("{id}: refund {} due by {due}", amount.grouped()));
            }
            lines.join("\n")
        }
    }
}

/// A value a step needs, as the clerk gives it.
pub fn field(f: Field) -> &'static str {
    match f {
        Field::OwnerSigner => "who signed for the owner (--signed-by)",
        Field::CostFor => "what it is for (--for)",
        Field::Cleaner => "who cleans (--with)",
        Field::KeysReceivedBy => "who received them (--received-by)",
    }
}
