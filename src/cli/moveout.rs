//! `propdesk moveout`: from the written notice to the unit handed back and the
//! deposit refunded.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use crate::cli::money::{self, books, clerk, file_notice};
use crate::cli::movein::{Notice, item_text, save_and_say};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::ids::{self, IdKind};
use crate::model::ledger::{Ledger, PayMethod};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::{KeySet, MoveIn, Reading};
use crate::procedure::moveout::inspection::{Baseline, Found};
use crate::procedure::moveout::notices::{SETTLEMENT, UNIT_AVAILABLE};
use crate::procedure::moveout::steps::{self, Desk, Done, Dunning, Written};
use crate::procedure::moveout::{
    self, Act, Around, Event, ForParty, Lift, MoveOut, Refused, Slot, Status, Terms,
};
use crate::procedure::notice::NoticeDef;
use crate::procedure::permit::Permit;
use crate::render::Renderer;
use crate::store::{Changes, Record};
use crate::view::moveout as view;

/// A restoration cost as typed: the amount and what it is for.
type Cost = (Money, String);

/// Move-out (退租): notice, consent, goods lift and exit pass, restoration, inspection,
/// keys, settlement, refund.
///
/// `propdesk moveout` lists the move-outs in progress (and refunds still owed) with
/// what each waits for. Each step is `propdesk moveout <step> ID`; an ID may be typed
/// in part.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Completed move-outs too.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List the move-outs in progress and what each waits for (the default).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Record the written notice (退租通知单) of the unit's occupant.
    New(Box<NewArgs>),
    /// The whole record: terms, steps, inspection against move-in, settlement, missing.
    Show { id: String },
    /// The settlement statement: as settled, or a preview of settling today.
    Statement { id: String },
    /// Move the move-out date (its notice terms are checked again).
    Reschedule {
        id: String,
        #[arg(long, value_parser = money::date)]
        move_out: NaiveDate,
        #[command(flatten)]
        terms: TermArgs,
    },
    /// The owner's written, sealed consent to a tenant's move-out.
    Consent {
        id: String,
        /// Who signed for the owner.
        #[arg(long)]
        signed_by: String,
    },
    /// Book the goods lift (货梯) for a day and time.
    Lift {
        id: String,
        #[arg(long, value_parser = money::date)]
        day: NaiveDate,
        /// HH:MM-HH:MM, e.g. 09:00-12:00.
        #[arg(long, value_parser = parse::<Slot>)]
        time: Slot,
    },
    /// Make the goods exit pass (放行条) for the lift's day: a goods-exit permit the
    /// owner side, the tenant side and the desk sign (`propdesk permit sign-exit`).
    ExitPass {
        id: String,
        /// An item leaving (repeat for several).
        #[arg(long = "item", required = true)]
        items: Vec<String>,
    },
    /// Restoration the lease requires: link the works' renovation permit, or charge
    /// restoration the office did at the party's cost.
    Restore {
        id: String,
        /// The renovation permit of the restoration works.
        #[arg(long)]
        permit: Option<String>,
        /// A restoration cost to charge...
        #[arg(long, value_parser = money::money, requires = "text")]
        cost: Option<Money>,
        /// ...and what it is for.
        #[arg(long = "for", requires = "cost")]
        text: Option<String>,
    },
    /// The move-out inspection against the move-in handover record: meters (energy
    /// charged from the last readings), facilities, damages priced and charged.
    Inspect {
        id: String,
        /// Who attended (once each): engineering, security, the tenant.
        #[arg(long = "attendee", required = true)]
        attendees: Vec<String>,
        /// A meter reading now, METER=READING: electricity=13000.5.
        #[arg(long = "meter", value_parser = parse::<Reading>)]
        meters: Vec<Reading>,
        /// The last reading billed, when not the move-in's: electricity=12800.
        #[arg(long = "last", value_parser = parse::<Reading>)]
        last: Vec<Reading>,
        /// A damaged item of the handover checklist, ITEM=DESCRIPTION.
        #[arg(long = "damage", value_parser = |s: &str| item_text(s, "walls=墙面大面积污损"))]
        damages: Vec<(String, String)>,
        /// The price of a damage, ITEM=AMOUNT.
        #[arg(long = "price", value_parser = item_price)]
        prices: Vec<(String, Money)>,
    },
    /// Keys returned to security, counted against the move-in handover.
    Keys {
        id: String,
        /// KIND=COUNT, once per kind: door=2, mailbox=1.
        #[arg(long = "key", required = true, value_parser = parse::<KeySet>)]
        keys: Vec<KeySet>,
        /// The guard who received them.
        #[arg(long)]
        received_by: String,
        /// The price of keys not returned (charged as damage).
        #[arg(long, value_parser = money::money)]
        charge: Option<Money>,
    },
    /// Cleaning arranged.
    Cleaning {
        id: String,
        /// Who cleans (the cleaning team, a contractor).
        #[arg(long)]
        with: String,
    },
    /// Settle: bill the fees to the move-out day, apply the deposits to what is owed,
    /// and fix the refund or the amount still owed; files the settlement statement.
    Settle { id: String },
    /// Pay the settled refund (deposits left and credit) to the ledger.
    Refund {
        id: String,
        #[arg(long, value_parser = crate::cli::unit::parse::<PayMethod>)]
        method: Option<PayMethod>,
        /// The voucher number.
        #[arg(long = "ref")]
        reference: Option<String>,
    },
    /// Complete: refused with the list of what is missing. Sets the unit vacant,
    /// stops billing, closes or carries the dunning case, tells leasing.
    Complete { id: String },
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// The unit whose occupant moves out.
    #[arg(long)]
    unit: String,
    /// The move-out date: fees are billed through it.
    #[arg(long, value_parser = money::date)]
    move_out: NaiveDate,
    /// The day the written notice was given (default: today).
    #[arg(long, value_parser = money::date)]
    notice_date: Option<NaiveDate>,
    /// The lease's end (default: the move-in's).
    #[arg(long, value_parser = money::date)]
    lease_end: Option<NaiveDate>,
    /// The lease requires the unit restored to its original state.
    #[arg(long)]
    restore: bool,
    #[command(flatten)]
    terms: TermArgs,
}

#[derive(Debug, Clone, clap::Args)]
struct TermArgs {
    /// Short notice: why...
    #[arg(long, requires = "approved_by")]
    short_reason: Option<String>,
    /// ...and the manager who approved it.
    #[arg(long, requires = "short_reason")]
    approved_by: Option<String>,
    /// Early termination: the termination agreement (解约协议书), its number...
    #[arg(long, requires = "agreement_approved_by")]
    agreement: Option<String>,
    /// ...and who approved it (the GM).
    #[arg(long, requires = "agreement")]
    agreement_approved_by: Option<String>,
}

impl TermArgs {
    fn terms(self) -> Terms {
        Terms {
            short_reason: self.short_reason,
            short_approved_by: self.approved_by,
            agreement: self.agreement,
            agreement_approved_by: self.agreement_approved_by,
        }
    }
}

fn item_price(s: &str) -> std::result::Result<(String, Money), String> {
    let (i, a) = s
        .split_once('=')
        .filter(|(i, _)| !i.trim().is_empty())
        .ok_or_else(|| format!("{s:?}: expected ITEM=AMOUNT, like walls=800"))?;
    Ok((i.trim().to_string(), money::money(a)?))
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    use Event as E;
    match a.command {
        None => list(ctx, a.all),
        Some(Cmd::List { all }) => list(ctx, all || a.all),
        Some(Cmd::New(n)) => new(ctx, *n),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Statement { id }) => statement(ctx, &id),
        Some(Cmd::Reschedule {
            id,
            move_out,
            terms,
        }) => reschedule(ctx, &id, move_out, terms.terms()),
        Some(Cmd::Consent { id, signed_by: by }) => {
            step(ctx, &id, E::Consent, |m, act| m.consent(act, &by))
        }
        Some(Cmd::Lift { id, day, time }) => lift(ctx, &id, day, time),
        Some(Cmd::ExitPass { id, items }) => exit_pass(ctx, &id, &items),
        Some(Cmd::Restore {
            id,
            permit,
            cost,
            text,
        }) => {
            if let Some(c) = cost {
                ctx.amount("--cost", crate::model::plausible::AmountKind::Price, c)?;
            }
            restore(ctx, &id, permit, cost.zip(text))
        }
        Some(Cmd::Inspect {
            id,
            attendees,
            meters,
            last,
            damages,
            prices,
        }) => {
            for (item, price) in &prices {
                ctx.amount(
                    &format!("--price {item}="),
                    crate::model::plausible::AmountKind::Price,
                    *price,
                )?;
            }
            let found = Found::priced(attendees, meters, last, &damages, &prices);
            inspect(ctx, &id, &found.map_err(|r| Error::usage(r.en()))?)
        }
        Some(Cmd::Keys {
            id,
            keys,
            received_by,
            charge,
        }) => {
            if let Some(c) = charge {
                ctx.amount("--charge", crate::model::plausible::AmountKind::Charge, c)?;
            }
            keys_back(ctx, &id, keys, &received_by, charge)
        }
        Some(Cmd::Cleaning { id, with }) => step(ctx, &id, E::Cleaning, |m, act| {
            m.arrange_cleaning(act, &with)
        }),
        Some(Cmd::Settle { id }) => settle(ctx, &id),
        Some(Cmd::Refund {
            id,
            method,
            reference,
        }) => refund(ctx, &id, method, reference),
        Some(Cmd::Complete { id }) => complete(ctx, &id),
    }
}

/// The desk of the command line: the office's rules, the clerk.
fn desk(ctx: &Ctx) -> Desk<'_> {
    Desk::clerk(&ctx.settings.config.moveout, books(ctx), clerk(ctx))
}

/// The move-out an ID typed in part names.
pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<MoveOut> {
    crate::cli::find_record(ctx, typed, "moveout --all")
}

/// One step on one move-out under the lock: load, apply, save, say what was done.
fn step(
    ctx: &Ctx,
    typed: &str,
    event: Event,
    f: impl FnOnce(&mut MoveOut, Act) -> std::result::Result<(), Refused>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    f(&mut m, clerk(ctx))?;
    let done = Done::step(&m.id, event);
    let mut changes = Changes::new(format!("move-out {}", done.en()));
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

/// The move-in the move-out compares against.
fn movein_of(ctx: &Ctx, m: &MoveOut) -> Result<Option<MoveIn>> {
    let Some(id) = &m.movein else { return Ok(None) };
    ctx.store.load::<MoveIn>(id)
}

/// What the unit's permits say about `m`: its goods exit pass, restoration permit,
/// and the permits still holding deposits.
fn around(ctx: &Ctx, m: &MoveOut) -> Result<Around> {
    let permits = ctx.store.load_of_unit::<Permit>(&m.unit)?;
    let rules = &ctx.settings.config.permit;
    Ok(moveout::permits::around(m, &permits, rules))
}

/// The unit's ledger, loaded only when the step charges something.
fn ledger_if<T>(ctx: &Ctx, m: &MoveOut, charged: &Option<T>) -> Result<Option<Ledger>> {
    match charged {
        Some(_) => Ok(Some(money::unit_and_ledger_of(ctx, m, &m.unit)?.1)),
        None => Ok(None),
    }
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let mut unit: Unit = ctx.store.get(&ids::normalize_unit(&a.unit)?)?;
    let outs = ctx.store.load_of_unit::<MoveOut>(&unit.id)?;
    let ins = ctx.store.load_of_unit::<MoveIn>(&unit.id)?;
    let id = ctx.new_id(IdKind::MoveOut, MoveOut::rel_path)?;
    let w = Written {
        notice_date: a.notice_date.unwrap_or(ctx.today),
        date: a.move_out,
        lease_end: a.lease_end,
        restoration_required: a.restore,
        terms: a.terms.terms(),
    };
    let (rules, act) = (&ctx.settings.config.moveout, clerk(ctx));
    let m = steps::open(&id, &mut unit, &outs, &ins, w, rules, act)?;
    crate::registry::validate_unit(&ctx.store, &unit)?;
    let (party, date) = (&m.party, m.date);
    let mut changes = Changes::new(format!(
        "move-out {id}: {party} out of {} on {date}",
        unit.id
    ));
    changes.create(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    save_and_say(ctx, &lock, &changes, &id)?;
    if let Some(approval) = m.short_notice.filter(|_| !ctx.dry_run) {
        eprintln!("{}", Done::ShortNotice { id, approval }.say(ctx.locale));
    }
    Ok(())
}

fn reschedule(ctx: &Ctx, typed: &str, date: NaiveDate, terms: Terms) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    m.reschedule(clerk(ctx), &ctx.settings.config.moveout, date, &terms)?;
    let mut unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    steps::stop_billing(&mut unit, &m, clerk(ctx));
    crate::registry::validate_unit(&ctx.store, &unit)?;
    let mut changes = Changes::new(format!("move-out {}: rescheduled to {date}", m.id));
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    let done = Done::Rescheduled { id: m.id, date };
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn lift(ctx: &Ctx, typed: &str, date: NaiveDate, slot: Slot) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    // The goods lift is the building's: every move-out in progress may hold a slot.
    let booked = ctx.store.load_each(|o: MoveOut| {
        Ok((o.status == Status::InProgress && o.lift.is_some()).then_some(o))
    })?;
    let lift = Lift::at(date, slot);
    let done = steps::book_lift(&mut m, lift, &booked, clerk(ctx))?;
    let mut changes = Changes::new(format!("move-out {}: goods lift booked {lift}", m.id));
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn exit_pass(ctx: &Ctx, typed: &str, items: &[String]) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    // Refused before an ID is taken: no lift booked, a pass already issued, or the
    // move-out not settled and paid.
    m.may_issue_exit_pass()?;
    let standing = crate::cli::permit::standing(ctx, &m.unit)?;
    crate::procedure::permit::gate::may_make(&standing, &m.unit)?;
    let pid = ctx.new_id(IdKind::Permit, Permit::rel_path)?;
    let (p, done) = steps::exit_pass(&mut m, &pid, items, &standing, clerk(ctx))?;
    let mut changes = Changes::new(format!("move-out {}: goods exit pass {pid}", m.id));
    changes.create(&ctx.store, &p)?;
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &pid)?;
    if !ctx.dry_run {
        eprintln!("{}", done.say(ctx.locale));
    }
    Ok(())
}

fn restore(ctx: &Ctx, typed: &str, permit: Option<String>, cost: Option<Cost>) -> Result<()> {
    if permit.is_none() && cost.is_none() {
        return Err(Error::usage(
            "give the restoration works' permit (--permit PM-ID) or a cost (--cost AMOUNT --for TEXT)",
        ));
    }
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let works: Option<Permit> = match permit {
        Some(t) => Some(crate::cli::find_record(ctx, &t, "permit --all")?),
        None => None,
    };
    let mut ledger = ledger_if(ctx, &m, &cost)?;
    let charge = cost.as_ref().zip(ledger.as_mut());
    let charge = charge.map(|((amount, text), l)| (*amount, text.as_str(), l));
    let done = steps::restore(&mut m, works.as_ref(), charge, &desk(ctx))?;
    let mut changes = Changes::new(format!("move-out {}: restoration", m.id));
    if let Some(l) = &ledger {
        changes.update(&ctx.store, l)?;
    }
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn inspect(ctx: &Ctx, typed: &str, found: &Found) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let movein = movein_of(ctx, &m)?;
    let around = around(ctx, &m)?;
    let rules = &ctx.settings.config.movein;
    let b = Baseline::of(rules, unit.usage, movein.as_ref(), &around);
    let done = steps::inspect(&mut m, &mut ledger, &b, found, &desk(ctx))?;
    let mut changes = Changes::new(format!("move-out {}: inspected", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn keys_back(ctx: &Ctx, id: &str, sets: Vec<KeySet>, by: &str, fee: Option<Money>) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, id)?;
    let movein = movein_of(ctx, &m)?;
    let mut ledger = ledger_if(ctx, &m, &fee)?;
    let (priced, d) = (fee.zip(ledger.as_mut()), desk(ctx));
    let done = steps::return_keys(&mut m, movein.as_ref(), sets, by, priced, &d)?;
    let mut changes = Changes::new(format!("move-out {}: keys returned", m.id));
    if let Some(l) = &ledger {
        changes.update(&ctx.store, l)?;
    }
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn settle(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    m.may(Event::Settled)?;
    let around = around(ctx, &m)?;
    let others = ctx.store.load_of_unit::<MoveOut>(&m.unit)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let d = desk(ctx);
    let s = steps::settle(&mut m, &mut ledger, &unit, &around, &others, &d)?;
    let mut changes = Changes::new(format!("move-out {}: settled", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    let path = file(ctx, &mut changes, &SETTLEMENT, &m, &unit)?;
    let mut said = view::statement_text(&m, &s) + &crate::store::shown(&path);
    if let Some(closed) = money::follow_case(ctx, &mut changes, &ledger)? {
        said = format!("{said}\n{closed}");
    }
    save_and_say(ctx, &lock, &changes, &said)
}

fn statement(ctx: &Ctx, typed: &str) -> Result<()> {
    let m = find(ctx, typed)?;
    let (s, preview) = match &m.settlement {
        Some(s) => (s.clone(), false),
        None => {
            let others = ctx.store.load_of_unit::<MoveOut>(&m.unit)?;
            let around = around(ctx, &m)?;
            let (unit, mut copy) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
            let d = desk(ctx);
            let s = steps::preview(&m, &mut copy, &unit, &around, &others, &d)?;
            (s, true)
        }
    };
    match (ctx.format, preview) {
        (crate::output::Format::Table, true) => ctx.out.print(&view::preview_text(&m, &s)),
        (crate::output::Format::Table, false) => ctx.out.print(&view::statement_text(&m, &s)),
        _ => ctx.out.print(&view::statement_json(&m, &s, preview)?),
    }
}

fn refund(ctx: &Ctx, typed: &str, how: Option<PayMethod>, voucher: Option<String>) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    m.may_refund()?;
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let d = desk(ctx);
    let (amount, done) = steps::refund(&mut m, &mut ledger, how, voucher, &d)?;
    let mut changes = Changes::new(format!("move-out {}: refund {amount} paid", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn complete(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let around = around(ctx, &m)?;
    let (mut unit, ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let mut case = ctx.store.load::<DunningCase>(&m.unit)?;
    let d = desk(ctx);
    let mut done = steps::complete(&mut m, &mut unit, &ledger, &mut case, &around, &d)?;
    crate::registry::validate_unit(&ctx.store, &unit)?;
    let mut changes = Changes::new(format!("move-out {}: completed", m.id));
    let touched = matches!(done, Done::Completed { dunning, .. } if dunning != Dunning::None);
    if let Some(c) = case.as_ref().filter(|_| touched) {
        changes.update(&ctx.store, c)?;
    }
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    // Leasing is told the unit can be let (工作联系单).
    let path = file(ctx, &mut changes, &UNIT_AVAILABLE, &m, &unit)?;
    if let Done::Completed { notice, .. } = &mut done {
        *notice = Some(crate::store::shown(&path).to_string());
    }
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let ms = ctx.store.load_each(|m: MoveOut| {
        Ok((all || m.status == Status::InProgress || m.refund_due().is_some()).then_some(m))
    })?;
    let units: std::collections::HashSet<String> = ms.iter().map(|m| m.unit.clone()).collect();
    let permits = match ms.is_empty() {
        true => Vec::new(),
        false => ctx
            .store
            .load_each(|p: Permit| Ok(units.contains(p.unit.as_str()).then_some(p)))?,
    };
    let rules = &ctx.settings.config.permit;
    let waiting = |m: &MoveOut| m.waiting(&moveout::permits::around(m, &permits, rules));
    let listing = view::list(ms, waiting, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let m = find(ctx, typed)?;
    let sheet = view::sheet(&m, &around(ctx, &m)?, ctx.locale)?;
    ctx.out.print(&sheet.render(ctx.format, ctx.locale)?)
}

/// Renders a move-out's notice into `changes`; returns its path.
fn file(ctx: &Ctx, ch: &mut Changes, which: &NoticeDef, m: &MoveOut, u: &Unit) -> Result<PathBuf> {
    let (values, locale) = notice_values_for(ctx, m, u)?;
    let renderer = Renderer::new(ctx.root())?;
    file_notice(ctx, &renderer, ch, which, &m.id, locale, &values)
}

/// The values of a move-out's notices and their language (the party's, else the
/// office's).
fn notice_values_for(ctx: &Ctx, m: &MoveOut, unit: &Unit) -> Result<(tera::Context, Locale)> {
    let party = ctx.store.load::<Party>(&m.party)?;
    let owner = match &unit.owner {
        Some(o) => ctx.store.load::<Party>(o)?,
        None => None,
    };
    let c = &ctx.settings.config;
    let l = crate::notice::locale_for(ctx.locale_flag, party.as_ref(), c.locale);
    let waiting: Vec<String> = match m.status {
        Status::InProgress => {
            let missing = m.missing(&around(ctx, m)?);
            missing.into_iter().map(|x| ForParty(x).say(l)).collect()
        }
        Status::Completed => Vec::new(),
    };
    let (to, day) = ((party.as_ref(), owner.as_ref()), ctx.today);
    let values =
        moveout::notices::values(c.letterhead(), &c.moveout, m, unit, to, &waiting, day, l);
    Ok((values, l))
}

/// The values of a move-out's notice, for `propdesk notice`.
pub(crate) fn notice_values(ctx: &Ctx, which: &NoticeDef, typed: &str) -> Result<Notice> {
    let m = find(ctx, typed)?;
    moveout::notices::fits(which, &m)?;
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let (values, locale) = notice_values_for(ctx, &m, &unit)?;
    Ok((m.id, values, locale))
}
