//! Permits, in English.

use crate::model::money::Money;
use crate::procedure::due::Role;
use crate::procedure::permit::Event;
use crate::procedure::permit::due::{Detail, Kind};
use crate::procedure::permit::gate::{Barrier, ExitOverride, GateStep};
use crate::procedure::permit::settle::Settlement;
use crate::procedure::permit::steps::{Change, Did, Done, Field, Misfit, Missing, Refusal};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "permit approval",
        Kind::Inspection => "works inspection",
        Kind::HotWork => "hot work",
        Kind::Rectification => "rectification",
        Kind::Extension => "permit expiring",
        Kind::Expired => "permit expired",
        Kind::Acceptance => "completion acceptance",
        Kind::Refund => "permit deposits",
        Kind::GoodsExit => "goods exit",
        Kind::OvertimeAc => "overtime air-con",
        Kind::ParkingRenewal => "parking renewal",
    }
    .to_string()
}

/// A signer of the renovation approval chain: the rule's word, spaced.
pub fn signer(word: &str) -> String {
    word.replace('-', " ")
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approval { signer: s, works } => format!("{} to sign: {works}", signer(s)),
        Detail::Inspection { role, contractor } => {
            let who = contractor.as_deref().unwrap_or("self-renovation");
            let what = match role {
                Role::Security => "fire, passes, quiet hours, materials",
                _ => "drawings, concealed work, power",
            };
            format!("{who}: {what}")
        }
        Detail::HotWork {
            from,
            to,
            work,
            fire_watch,
        } => format!(
            "{} {work}, fire watch {fire_watch}",
            crate::messages::slot(*from, *to)
        ),
        Detail::Rectification { no, description } => format!("no. {no}: {description}"),
        Detail::ValidUntil(until) => {
            format!("valid until {until}: extend, or apply for acceptance")
        }
        Detail::ExpiredOn(until) => {
            format!("expired {until} without acceptance: stop works, extend or apply")
        }
        Detail::Acceptance => "joint acceptance with security and the desk".to_string(),
        Detail::Refund { passes } => format!("take back {passes} passes, refund the deposits"),
        Detail::GoodsExit { items, issued } => match issued {
            true => format!("check goods out: {}", items.join(", ")),
            false => format!("pass to be signed: {}", items.join(", ")),
        },
        Detail::OvertimeAc { from, to } => crate::messages::slot(*from, *to),
        Detail::Parking {
            bay,
            plate,
            until,
            lapsed,
        } => match lapsed {
            true => format!("bay {bay} {plate}: lapsed {until}"),
            false => format!("bay {bay} {plate}: ends {until}"),
        },
    }
}

/// A step as a refusal names it: "cannot {step}".
pub fn step(e: Event) -> &'static str {
    match e {
        Event::Applied => "apply",
        Event::Received => "receive documents",
        Event::Signed => "sign agreements",
        Event::Billed => "charge the fees",
        Event::Approved => "approve",
        Event::Rejected => "reject",
        Event::Revised => "revise",
        Event::Issued => "issue",
        Event::Inspected => "inspect",
        Event::Violation => "record a violation",
        Event::Rectified => "accept a rectification",
        Event::HotWork => "permit hot work",
        Event::Extended => "extend",
        Event::CompletionApplied => "apply for completion",
        Event::Accepted | Event::NotAccepted => "hold the acceptance",
        Event::Passes => "settle the passes",
        Event::Closed => "close",
        Event::Renewed => "renew",
        Event::Returned => "take the cards back",
        Event::ExitSigned => "sign the pass",
        Event::ToSecurity => "hand the pass to security",
    }
}

fn hm(
    t: chrono::NaiveTime,
) -> chrono::format::DelayedFormat<chrono::format::StrftimeItems<'static>> {
    t.format("%H:%M")
}

fn what(agreements: bool) -> &'static str {
    if agreements { "agreement" } else { "document" }
}

/// What to do about a refusal, where one helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::NotOwnerOrOccupant { .. } => {
            Some("the owner or the tenant of the unit applies".to_string())
        }
        Refusal::CardTaken { by, .. } => Some(format!(
            "a card handed back is taken back first: `propdesk permit return {by}`"
        )),
        Refusal::BayTaken { until, .. } => Some(format!(
            "give another bay (--bay), or a term from {} (--from)",
            until.succ_opt().unwrap_or(*until)
        )),
        Refusal::GateShut { pass, barriers, .. } => {
            let how: Vec<String> = barriers.iter().map(|b| opens(b, pass)).collect();
            Some(how.join("; "))
        }
        Refusal::OverrideAtDesk { id, .. } => Some(format!(
            "propdesk permit sign-exit {id} --side desk --signed-by NAME --override-by NAME --as ROLE --reason TEXT"
        )),
        _ => None,
    }
}

/// A barrier of the gate, in words: what is owed, and on what.
pub fn barrier(b: &Barrier) -> String {
    match b {
        Barrier::NotSettled(o) => format!(
            "move-out {} is not settled: {} owed now, {} held in deposits",
            o.moveout,
            o.owed.grouped(),
            o.held.grouped()
        ),
        Barrier::Owed(o) => format!(
            "move-out {} is settled and {} is still owed ({} owed, {} held in deposits)",
            o.moveout,
            o.short().grouped(),
            o.owed.grouped(),
            o.held.grouped()
        ),
        Barrier::Suspended(s) => {
            let waiting = match s.taken {
                true => String::new(),
                false => format!(
                    ", waiting for the {}'s approval",
                    crate::procedure::dunning::words(&s.who, crate::model::locale::Locale::En)
                ),
            };
            format!(
                "{}'s dunning case is at its suspension step (day {}, due {}{waiting}): {} overdue; security is to stop the goods leaving",
                s.unit,
                s.day,
                s.due,
                s.overdue.grouped()
            )
        }
    }
}

/// The command that takes a barrier down.
fn opens(b: &Barrier, pass: &Option<String>) -> String {
    match b {
        Barrier::NotSettled(o) => format!(
            "settle the move-out first: propdesk moveout settle {} (`propdesk moveout statement {}` previews it), then pay what the deposits do not cover",
            o.moveout, o.moveout
        ),
        Barrier::Owed(o) => format!(
            "pay what the deposits do not cover: propdesk pay {} {}",
            o.unit,
            o.short()
        ),
        Barrier::Suspended(s) => format!(
            "pay what is owed (propdesk pay {} {}), or a manager overrides with the desk's signature: propdesk permit sign-exit {} --side desk --signed-by NAME --override-by NAME --as ROLE --reason TEXT",
            s.unit,
            s.owed,
            pass.as_deref().unwrap_or("PASS")
        ),
    }
}

/// A manager's override of the dunning suspension, in words.
pub fn overridden(o: &ExitOverride) -> String {
    format!(
        "issued over {}'s dunning suspension (day {}, {} overdue) by {} ({}) on {}: {}",
        o.suspension.unit,
        o.suspension.day,
        o.suspension.overdue.grouped(),
        o.by,
        signer(&o.role),
        o.date,
        o.reason
    )
}

pub fn refusal(r: &Refusal) -> String {
    use crate::procedure::permit::Kind as K;
    match r {
        Refusal::Step {
            id,
            state,
            step: e,
            needs,
            allowed: _,
        } => {
            let needs: Vec<&str> = needs.iter().map(|s| s.as_str()).collect();
            format!(
                "cannot {}: permit {id} is {state}; that needs it {}",
                step(*e),
                needs.join(" or ")
            )
        }
        Refusal::NotA { id, kind } => match kind {
            K::Renovation => format!("permit {id} is not a renovation permit"),
            K::Parking => format!("permit {id} is not a parking permit"),
            K::AccessCard => format!("permit {id} is not an access-card permit"),
            K::GoodsExit => format!("permit {id} is not a goods exit pass"),
            K::OvertimeAc => format!("permit {id} is not an overtime air-conditioning request"),
        },
        Refusal::NothingToRecord {
            id,
            kind,
            agreements,
        } => format!(
            "permit {id} ({kind}) has no {}s to record",
            what(*agreements)
        ),
        Refusal::NoFees { id, kind } => {
            format!("permit {id} ({kind}) has no fees to charge with `permit bill`")
        }
        Refusal::NoDeposits { id, kind } => {
            format!("permit {id} ({kind}) has no deposits to settle with `permit refund`")
        }
        Refusal::NotOwnerOrOccupant { party, unit } => {
            format!("{party} is neither the owner nor the occupant of {unit}")
        }
        Refusal::EndsBeforeStart { start, end } => {
            format!("the works end {end} before they start {start}")
        }
        Refusal::NoWorkers => "the number of workers must be at least 1".to_string(),
        Refusal::ContractorNeeded => "standard works need a contractor (--contractor); simple work such as painting may be done by the applicant (--scope simple)".to_string(),
        Refusal::StructuralNotSimple => {
            "structural changes are not simple work: use --scope standard".to_string()
        }
        Refusal::AcBackwards { from, to } => format!(
            "the air-conditioning runs {} to {}: the end must be after the start",
            hm(*from),
            hm(*to)
        ),
        Refusal::AcTooLate {
            date,
            deadline,
            cutoff,
        } => format!(
            "too late for overtime air-conditioning on {date}: requests are taken until {} (the cut-off is {cutoff} on a working day for that day, or on the working day before a day off)",
            deadline.format("%Y-%m-%d %H:%M")
        ),
        Refusal::NoCards => "at least one card (--cards N)".to_string(),
        Refusal::CardCount { cards, given } => {
            format!("the permit is for {cards} card(s); {given} card number(s) given (--card-no, once per card)")
        }
        Refusal::CardNumber { typed } => format!(
            "card number {typed:?}: expected the number on the card, without spaces or commas, once each"
        ),
        Refusal::CardTaken { card, by } => {
            format!("access card {card} is out on permit {by}")
        }
        Refusal::BayTaken {
            bay,
            by,
            from,
            until,
        } => format!("bay {bay} is held by parking permit {by} from {from} to {until}"),
        Refusal::NoGoods => "list the goods (--item, once each)".to_string(),
        Refusal::GoodsPast { date } => {
            format!("{date} is past: a pass is for goods still to leave")
        }
        Refusal::NoItems => "name at least one item".to_string(),
        Refusal::NotOnList {
            item,
            agreements,
            expected,
        } => format!(
            "{item:?} is not on this permit's {} list: expected one of {}",
            what(*agreements),
            expected.join(", ")
        ),
        Refusal::AlreadyRecorded { item, on } => format!(
            "{item} was already recorded on {}",
            on.map(|d| d.to_string()).unwrap_or_default()
        ),
        Refusal::EverySignature { id } => format!("permit {id} has every signature"),
        Refusal::SignsNext { next, role, chain } => format!(
            "the {next} signs next, not the {role} (the chain: {})",
            chain.join(" → ")
        ),
        Refusal::ReasonNeeded => "a rejection needs a reason (--reason)".to_string(),
        Refusal::FeesCharged { id } => format!("the fees of permit {id} were already charged"),
        Refusal::FeeCharged { id } => format!(
            "the fee of permit {id} was already charged; a new term is `permit renew`"
        ),
        Refusal::Missing { id, missing: m } => {
            let m: Vec<String> = m.iter().map(missing).collect();
            format!(
                "permit {id} cannot be issued; missing:\n  - {}",
                m.join("\n  - ")
            )
        }
        Refusal::ValidityTooLong {
            months,
            from,
            limit,
            until,
        } => format!(
            "a permit is valid at most {months} month(s): from {from} until {limit} at the latest, not {until}; longer works extend before expiry"
        ),
        Refusal::UntilBeforeFrom { until, from } => {
            format!("valid until {until} is before {from}")
        }
        Refusal::IssuedByDesk { id } => format!(
            "a goods exit pass is issued by the desk's signature, after the owner side's and the tenant side's (`propdesk permit sign-exit {id} --side owner|tenant|desk --signed-by NAME`)"
        ),
        Refusal::DeadlinePast { deadline } => format!("the deadline {deadline} is before today"),
        Refusal::FineNotPositive => "a fine must be more than 0".to_string(),
        Refusal::AlreadyRectified { no, on } => {
            format!("violation no. {no} was rectified on {on}")
        }
        Refusal::NoViolation { no } => format!("there is no violation no. {no}"),
        Refusal::NoHotWork { id } => format!(
            "permit {id} was not applied for with hot work: its documents (the hot-work permit) were never checked"
        ),
        Refusal::NoWorksOn { id, date } => format!("permit {id} does not allow works on {date}"),
        Refusal::HotWorkBackwards { from, to } => {
            format!("the hot work ends {to} before it starts {from}")
        }
        Refusal::HotWorkPast { date } => format!("{date} is past: hot work is permitted ahead"),
        Refusal::NoValidity { id } => format!("permit {id} has no validity to extend"),
        Refusal::ExpiredNoExtension { id, on } => format!(
            "permit {id} expired on {on}: an extension is applied for before expiry; a new application is needed"
        ),
        Refusal::DoesNotExtend { until, old } => format!("{until} does not extend {old}"),
        Refusal::ExtensionTooLong { months, limit } => format!(
            "an extension runs at most {months} month(s): until {limit} at the latest"
        ),
        Refusal::CompletionTooSoon { days, earliest, on } => format!(
            "completion is applied for {days} day(s) ahead: {earliest} at the earliest, not {on}"
        ),
        Refusal::NotRectified { no } => {
            format!("violation no. {no} is not rectified: the works cannot be accepted")
        }
        Refusal::AcceptanceNotToday { on } => {
            format!("the acceptance was applied for {on}, not today")
        }
        Refusal::DeadlineNeeded => {
            "a failed acceptance needs a rectification deadline (--deadline)".to_string()
        }
        Refusal::PassesSettled { id } => {
            format!("the passes of permit {id} were already settled")
        }
        Refusal::PassesDontAddUp {
            workers,
            returned,
            lost,
        } => format!(
            "{workers} pass(es) were issued: returned {returned} + lost {lost} must make {workers}"
        ),
        Refusal::PassesFirst { id } => format!(
            "settle the passes first (`propdesk permit passes {id} --returned N --lost N`)"
        ),
        Refusal::DeskSignsLast { unsigned } => {
            format!("the desk signs last: the {unsigned} side has not signed")
        }
        Refusal::AlreadySigned { side, by } => format!("the {side} side already signed ({by})"),
        Refusal::GateShut {
            step,
            pass,
            unit,
            barriers,
        } => {
            let head = match (step, pass) {
                (GateStep::Make, _) | (_, None) => {
                    format!("no goods exit pass for {unit} while money is owed (settlement before the exit pass)")
                }
                (GateStep::Issue, Some(p)) => {
                    format!("goods exit pass {p} cannot be issued while money is owed")
                }
                (GateStep::Print, Some(p)) => {
                    format!("goods exit pass {p} cannot be printed while money is owed")
                }
            };
            let lines: Vec<String> = barriers.iter().map(barrier).collect();
            format!("{head}:\n  - {}", lines.join("\n  - "))
        }
        Refusal::OverrideRole { role, roles } => match roles.is_empty() {
            true => format!(
                "the {} may not override the dunning suspension: the office lets no one ([permit] exit_override_roles is empty)",
                signer(role)
            ),
            false => format!(
                "the {} may not override the dunning suspension: the office lets the {} ([permit] exit_override_roles)",
                signer(role),
                roles.iter().map(|r| signer(r)).collect::<Vec<_>>().join(" or the ")
            ),
        },
        Refusal::NothingToOverride { unit } => format!(
            "nothing to override: {unit}'s dunning case has not reached its suspension step with money overdue"
        ),
        Refusal::OverrideAtDesk { id, side } => format!(
            "the override of pass {id} goes with the desk's signature, which issues it, not the {side} side's"
        ),
        Refusal::Empty(field) => {
            let what = match field {
                Field::Description => "description",
                Field::Findings => "findings",
                Field::WhatInspected => "what was inspected (--what)",
                Field::Work => "work (--work)",
                Field::FireWatch => "fire watch (--fire-watch)",
                Field::Note => "note (--note)",
                Field::Who => "who (--from / --signed-by)",
                Field::Signature => "signature (--signed-by)",
                Field::Guard => "guard (--guard)",
                Field::Bay => "bay (--bay)",
                Field::Plate => "plate (--plate)",
                Field::OverrideBy => "manager overriding (--override-by)",
                Field::OverrideReason => "reason of the override (--reason)",
            };
            super::common::empty(what)
        }
        Refusal::NoticeMisfit {
            id,
            kind,
            notice,
            why,
        } => {
            let why = match why {
                Misfit::NotIssuedRenovation => "is not an issued renovation permit",
                Misfit::NoViolation => "has no violation to print a rectification notice for",
                Misfit::NoAcceptance => "has no completion acceptance yet",
                Misfit::NotClosedRenovation => {
                    "is not a closed renovation permit: the deposits are refunded on closing"
                }
                Misfit::NotGoodsExit => "is not a goods exit pass",
                Misfit::NotParking => "is not a parking permit",
            };
            format!("permit {id} ({kind}) {why}: no {notice}")
        }
    }
}

/// What a permit still misses, with the command that gives it.
pub fn missing(m: &Missing) -> String {
    match m {
        Missing::Document { id, item } => format!(
            "document not received: {item} (propdesk permit receive {id} {item} --from NAME)"
        ),
        Missing::Agreement { id, item } => format!(
            "agreement not signed: {item} (propdesk permit sign {id} {item} --signed-by NAME)"
        ),
        Missing::Fees { id } => format!("fees not charged (propdesk permit bill {id})"),
        Missing::Fee { id } => format!("fee not charged (propdesk permit bill {id})"),
        Missing::Unpaid {
            kind,
            no,
            owed,
            unit,
        } => {
            let owed = match kind {
                crate::procedure::permit::Kind::Renovation => owed.to_string(),
                _ => owed.grouped(),
            };
            format!(
                "not paid: ledger entry {no}, {owed} outstanding (propdesk pay {unit} AMOUNT --for {no})"
            )
        }
        Missing::Deposit {
            kind,
            required,
            others,
            held,
            unit,
        } => {
            let also = match others.minor() > 0 {
                true => format!(" (and {} for the unit's other permits)", others.grouped()),
                false => String::new(),
            };
            format!(
                "{kind} deposit: {} required{also}, {} held (propdesk pay {unit} AMOUNT --deposit {kind})",
                required.grouped(),
                held.grouped()
            )
        }
    }
}

pub fn did(d: &Did) -> String {
    match d {
        Did::DocumentsReceived => "documents received",
        Did::AgreementsSigned => "agreements signed",
        Did::Approved => "approved",
        Did::Rejected => "rejected",
        Did::Revised => "revised",
        Did::Inspected => "inspection logged",
        Did::Rectified => "rectification accepted",
        Did::HotWork => "hot work permitted",
        Did::Extended => "extended",
        Did::CompletionApplied => "completion applied for",
        Did::Accepted => "accepted",
        Did::NotAccepted => "not accepted: rectify",
        Did::PassesSettled => "passes settled",
        Did::Signed => "signed",
        Did::ToSecurity => "handed to security",
    }
    .to_string()
}

fn grouped(m: &Money) -> String {
    m.grouped()
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, did: x, status } => format!("{id}: {} ({status})", did(x)),
        Done::Billed {
            id,
            total,
            unit,
            deposits,
        } => {
            let deposits: Vec<String> = deposits
                .iter()
                .map(|(k, m)| format!("{k} {}", m.grouped()))
                .collect();
            format!(
                "{id}: {} charged to {unit}; deposits to take: {}",
                grouped(total),
                deposits.join(", ")
            )
        }
        Done::ParkingFee {
            id,
            renewed,
            from,
            until,
            fee,
            unit,
            entry,
        } => format!(
            "{id}: {}: {from} to {until}, {} charged to {unit} (ledger entry {entry})",
            if *renewed { "renewed" } else { "fee charged" },
            grouped(fee)
        ),
        Done::Issued { id, valid } => match valid {
            Some((f, u)) => format!("{id}: issued, valid {f} to {u}"),
            None => format!("{id}: issued"),
        },
        Done::Violation {
            id,
            no,
            deadline,
            fine,
        } => {
            let mut s =
                format!("{id}: violation no. {no}: suspended until rectified by {deadline}");
            if let Some((f, entry)) = fine {
                s.push_str(&format!("; fine {} (ledger entry {entry})", grouped(f)));
            }
            s
        }
        Done::CardsReturned { id, refunded } => format!(
            "{id}: cards returned; card deposit refunded: {}",
            grouped(refunded)
        ),
        Done::Refunded { id, lines } => {
            let mut out: Vec<String> = lines
                .iter()
                .map(|l| format!("{id}: {}", settlement(l)))
                .collect();
            out.push(format!("{id}: closed"));
            out.join("\n")
        }
        Done::OvertimeAc {
            id,
            amount,
            unit,
            entry,
        } => format!(
            "{id}: {} charged to {unit} (ledger entry {entry})",
            grouped(amount)
        ),
        Done::Overridden {
            id,
            status,
            overridden: o,
        } => format!("{id}: {} ({status}); {}", did(&Did::Signed), overridden(o)),
        Done::Taken {
            id,
            status,
            warnings,
            overridden: o,
        } => {
            let mut out = format!("{id}: {} ({status})", did(&Did::ToSecurity));
            for w in warnings {
                out.push_str(&format!("\nwarning to security: {}", barrier(w)));
            }
            if let Some(o) = o {
                out.push_str(&format!("\n{}", overridden(o)));
            }
            out
        }
    }
}

/// What a step changed, for the commit of its files: `permit ID: <this>`.
pub fn change(c: &Change) -> String {
    match c.0 {
        Done::Step { did: x, .. } => did(x),
        Done::Billed { total, .. } => format!("fees charged ({total})"),
        Done::ParkingFee { renewed: true, .. } => "renewed".to_string(),
        Done::ParkingFee { renewed: false, .. } => "fee charged".to_string(),
        Done::Issued { .. } => "issued".to_string(),
        Done::Violation { no, .. } => format!("violation {no}"),
        Done::CardsReturned { .. } => "cards returned".to_string(),
        Done::Refunded { .. } => "deposits settled, closed".to_string(),
        Done::OvertimeAc { .. } => "overtime air-conditioning".to_string(),
        Done::Overridden { .. } => "signed, issued over the dunning suspension".to_string(),
        Done::Taken { warnings, .. } if !warnings.is_empty() => {
            "handed to security, warned".to_string()
        }
        Done::Taken { .. } => did(&Did::ToSecurity),
    }
}

pub fn settlement(s: &Settlement) -> String {
    match s {
        Settlement::PassesKept { lost, amount } => format!(
            "pass deposit kept for {lost} lost pass(es): {}",
            grouped(amount)
        ),
        Settlement::Applied { no, amount } => format!(
            "renovation deposit applied to entry {no}: {}",
            grouped(amount)
        ),
        Settlement::Refunded { kind, amount } => {
            format!("{kind} deposit refunded: {}", grouped(amount))
        }
    }
}
