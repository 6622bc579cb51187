//! Move-ins, in English.

use crate::model::locale::Locale::En;
use crate::procedure::movein::due::{Detail, Kind};
use crate::procedure::movein::steps::{Done, Field, Refusal};
use crate::procedure::movein::{Event, Missing, Status, Waiting, words};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Reinspection => "re-inspection",
        Kind::Visit => "welcome visit",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::OpenDefects(items) => {
            let open: Vec<String> = items.iter().map(|x| words(x, En)).collect();
            format!("open defects: {}", open.join(", "))
        }
        Detail::MovedIn(d) => format!("moved in {d}"),
    }
}

/// The step as the desk calls it, done.
fn stepped(e: Event) -> &'static str {
    match e {
        Event::Opened => "opened",
        Event::Received => "documents received",
        Event::SignedFor => "handouts signed for",
        Event::Inspected => "inspected",
        Event::Billed => "fees charged",
        Event::Keys => "keys handed over",
        Event::HandoverSigned => "handover record signed",
        Event::Completed => "completed",
        Event::Reinspected => "re-inspected",
        Event::Visited => "welcome visit recorded",
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Empty(f) => super::common::empty(field(*f)),
        Refusal::Step {
            id,
            state: Status::Completed,
            completed,
            ..
        } => format!(
            "move-in {id} was completed on {}",
            completed.map(|d| d.to_string()).unwrap_or_default()
        ),
        Refusal::Step {
            id,
            step: Event::Visited,
            ..
        } => format!("move-in {id} is not completed: the welcome visit follows the move-in"),
        Refusal::Step {
            id,
            step: Event::Reinspected,
            ..
        } => format!("move-in {id} has no re-inspection booked"),
        Refusal::Step {
            id,
            state,
            step,
            allowed,
            ..
        } => format!(
            "move-in {id} is {state}: it cannot be {} now (allowed: {})",
            step.as_str(),
            list(&allowed.iter().map(|e| e.as_str()).collect::<Vec<_>>())
        ),
        Refusal::NoRole { party, name, role } => {
            format!("{party} ({name}) does not have the {role} role")
        }
        Refusal::Occupied { unit, occupant } => {
            format!("unit {unit} is occupied by {occupant}: the move-out comes first")
        }
        Refusal::OccupiedSince { unit, occupant } => format!(
            "unit {unit} is occupied by {occupant} since this move-in began: the move-out comes first"
        ),
        Refusal::OwnedBy { unit, owner, party } => format!(
            "unit {unit} is owned by {owner}, not {party}: an owner moves into their own unit"
        ),
        Refusal::InProgress { unit, other } => {
            format!("unit {unit} already has a move-in in progress: {other}")
        }
        Refusal::Contractor => {
            "a contractor does not move in: the party moves in as owner or tenant".to_string()
        }
        Refusal::LeaseEndsBeforeStart { end, start } => {
            format!("the lease ends {end}, before it starts {start}")
        }
        Refusal::NotOnList {
            item,
            handouts,
            expected,
        } => format!(
            "{item:?} is not on this move-in's {} list: expected one of {}",
            if *handouts { "handout" } else { "document" },
            expected.join(", ")
        ),
        Refusal::AlreadyTicked { item, handouts, on } => format!(
            "{item} was already {} on {}",
            if *handouts { "signed for" } else { "received" },
            on.map(|d| d.to_string()).unwrap_or_default()
        ),
        Refusal::NoItems => "name at least one item".to_string(),
        Refusal::AlreadyInspected { id, on } => format!("move-in {id} was inspected on {on}"),
        Refusal::NoAttendees => {
            "name who attended (--attendee, once each: engineering, security, the tenant)"
                .to_string()
        }
        Refusal::MeterNotRead {
            meter,
            usage,
            meters,
        } => format!(
            "the {meter} meter was not read: --meter {meter}=READING (a {usage} unit has {})",
            list(meters)
        ),
        Refusal::NoSuchMeter { usage, meter } => {
            format!("{usage} units have no {meter} meter in [movein.meters]")
        }
        Refusal::MeterTwice { meter } => {
            format!("the {meter} meter is read twice: give one reading")
        }
        Refusal::DefectTwice { item } => {
            format!("{item} is named twice: describe its defect in one --defect")
        }
        Refusal::NotOnChecklist {
            item,
            usage,
            expected,
        } => format!(
            "{item:?} is not on the {usage} facility checklist: expected one of {}",
            expected.join(", ")
        ),
        Refusal::FixByPast { fix_by } => format!("--fix-by {fix_by} is before today"),
        Refusal::NothingToCharge { unit, fees_from } => format!(
            "nothing to charge for {unit}: its fees from {fees_from} are already on the ledger"
        ),
        Refusal::NoFee { unit, usage } => format!(
            "nothing to charge for {unit}: [billing] fees has no fee for a {usage} unit and [movein] charges is empty"
        ),
        Refusal::AlreadyCharged { entries } => format!(
            "the move-in fees were already charged (ledger entries {})",
            list(entries)
        ),
        Refusal::KeysHanded { count, on } => format!("{count} keys were handed over on {on}"),
        Refusal::BadKeys => {
            "give the keys as KIND=COUNT, e.g. --key door=2 --key mailbox=1".to_string()
        }
        Refusal::KeyKindTwice { kind } => {
            format!("key kind {kind} is given twice: give its count once")
        }
        Refusal::InspectFirst { id } => format!(
            "the handover record lists the inspection: inspect first (`propdesk movein inspect {id}`)"
        ),
        Refusal::NothingToReinspect => {
            "no defect is open: there is nothing to re-inspect".to_string()
        }
        Refusal::ReinspectionPast { date } => {
            format!("the re-inspection date {date} is before today")
        }
        Refusal::Missing { id, missing: m } => format!(
            "move-in {id} cannot be completed; missing:\n  - {}",
            m.iter()
                .map(self::missing)
                .collect::<Vec<_>>()
                .join("\n  - ")
        ),
        Refusal::OverrideNeedsReason => "an override needs a reason (--reason)".to_string(),
        Refusal::NothingMissing => "nothing is missing: complete without --override".to_string(),
        Refusal::NotBooked { id } | Refusal::NoticeWithoutReinspection { id } => {
            format!("move-in {id} has no re-inspection booked")
        }
        Refusal::AlreadyReinspected { id } => format!("move-in {id} was already re-inspected"),
        Refusal::AlreadyVisited { id } => format!("move-in {id} had its welcome visit"),
        Refusal::NoticeWithoutInspection { id } => {
            format!("move-in {id} has not been inspected: the handover record lists the inspection")
        }
    }
}

/// The hint a refusal comes with, naming the command that helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::NoRole { party, role, .. } => Some(format!(
            "add it with `propdesk party edit {party} --add-role {role}`"
        )),
        Refusal::NothingToCharge { unit, .. } => {
            Some(format!("`propdesk ledger {unit}` shows them"))
        }
        Refusal::NoticeWithoutReinspection { id } => Some(format!(
            "book one with `propdesk movein complete {id} --reinspect DATE`"
        )),
        _ => None,
    }
}

/// A missing item without the command that records it: the words the record keeps
/// of it, once overridden ([`Missing::recorded`]).
fn short(m: &Missing) -> String {
    m.recorded()
}

/// A missing item and the command that records it.
pub fn missing(m: &Missing) -> String {
    let how = match m {
        Missing::Document { movein, item } => {
            format!("propdesk movein receive {movein} {item} --from NAME")
        }
        Missing::Handout { movein, item } => {
            format!("propdesk movein handout {movein} {item} --signed-by NAME")
        }
        Missing::EmergencyContact { party } => {
            format!("propdesk party edit {party} --emergency NAME:PHONE")
        }
        Missing::Inspection { movein } => {
            format!("propdesk movein inspect {movein} --attendee NAME --meter METER=READING")
        }
        Missing::Fees { movein } => format!("propdesk movein bill {movein}"),
        Missing::Unpaid { unit, entry, .. } => format!("propdesk pay {unit} AMOUNT --for {entry}"),
        Missing::Deposit { unit, kind, .. } => {
            format!("propdesk pay {unit} AMOUNT --deposit {kind}")
        }
        Missing::Keys { movein } => {
            format!("propdesk movein keys {movein} --key KIND=COUNT --signed-by NAME")
        }
        Missing::Handover { movein } => {
            format!("propdesk movein handover {movein} --signed-by NAME")
        }
        Missing::Defects { movein, .. } => {
            format!("book a re-inspection: propdesk movein complete {movein} --reinspect DATE")
        }
    };
    format!("{} ({how})", short(m))
}

pub fn waiting(w: &Waiting) -> String {
    match w.0.as_slice() {
        [] => "ready to complete".to_string(),
        [m] => short(m),
        [m, more @ ..] => format!("{} (+{} more)", short(m), more.len()),
    }
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, step } => format!("{id}: {}", stepped(*step)),
        Done::Inspected { id, defects } => {
            let mut lines = vec![format!("{id}: inspected")];
            for (item, ticket, fix_by) in defects {
                lines.push(format!(
                    "{id}: defect {item}: ticket {ticket}, fix by {fix_by}"
                ));
            }
            lines.join("\n")
        }
        Done::Billed {
            id,
            total,
            unit,
            entries,
        } => format!(
            "{id}: {} charged to {unit} (entries {})",
            total.grouped(),
            list(entries)
        ),
        Done::Completed {
            id,
            party,
            unit,
            on,
            fees_from,
            overridden,
            reinspection,
            visit_due,
        } => {
            let mut lines = vec![format!(
                "{id}: completed; {party} occupies {unit} from {on}, billed from {fees_from}"
            )];
            if let Some((by, reason, n)) = overridden {
                lines.push(format!(
                    "{id}: override by {by} ({reason}) of {n} missing item(s)"
                ));
            }
            if let Some(d) = reinspection {
                lines.push(format!("{id}: re-inspection on {d}"));
            }
            if let Some(d) = visit_due {
                lines.push(format!("{id}: welcome visit due by {d}"));
            }
            lines.join("\n")
        }
    }
}

/// A value a step needs, as the clerk gives it.
pub fn field(f: Field) -> &'static str {
    match f {
        Field::Who => "who (--from / --signed-by)",
        Field::Signature => "signature (--signed-by)",
        Field::Found => "what was found (--note)",
        Field::Said => "what was said (--note)",
    }
}
