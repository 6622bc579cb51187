//! `propdesk movein`: from leasing's move-in notice to the handover.

use chrono::NaiveDate;
use clap::Subcommand;

use crate::cli::money::{self, books, clerk, file_notice};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::model::ids::{self, IdKind};

use crate::model::locale::Locale;
use crate::model::party::{Party, Role};
use crate::model::unit::Unit;
use crate::procedure::movein::inspection::Found;
use crate::procedure::movein::steps::{self, Completion, Done};
use crate::procedure::movein::{
    self, Act, Around, Event, KeySet, MoveIn, Notice as LeasingNotice, Reading, Refused, Status,
};
use crate::procedure::notice::NoticeDef;
use crate::procedure::ticket::Ticket;
use crate::render::Renderer;
use crate::store::txn::Lock;
use crate::store::{Changes, Record};

/// A record's notice: the record's ID, the notice's values, its language.
pub(crate) type Notice = (String, tera::Context, Locale);

/// Move-in (入驻): documents, handouts, joint inspection, fees, keys, handover.
///
/// `propdesk movein` lists the move-ins in progress with what each waits for. Each
/// step is `propdesk movein <step> ID`; an ID may be typed in part.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Completed move-ins too.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List the move-ins in progress and what each waits for (the default).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Start from leasing's move-in notice.
    New(Box<NewArgs>),
    /// The whole record: checklist, inspection, defects, fees, keys, what is missing.
    Show { id: String },
    /// Documents received (step 1): movein-notice, lease-copy, id-card-copy, ...
    Receive {
        id: String,
        #[arg(required = true)]
        items: Vec<String>,
        /// Who handed them in.
        #[arg(long)]
        from: String,
    },
    /// Handouts signed for (step 3): tenant-handbook, renovation-rules, ...
    Handout {
        id: String,
        #[arg(required = true)]
        items: Vec<String>,
        /// Who signed the receipt (文件签收单).
        #[arg(long)]
        signed_by: String,
    },
    /// The joint inspection (step 4): who attended, the meter readings, and the
    /// facilities found defective (the rest of the checklist is recorded as good).
    /// Each defect becomes a repair ticket with a rectification deadline.
    Inspect {
        id: String,
        /// Who attended (once each): engineering, security, the tenant.
        #[arg(long = "attendee", required = true)]
        attendees: Vec<String>,
        /// A meter reading, METER=READING: electricity=12345.6.
        #[arg(long = "meter", value_parser = parse::<Reading>)]
        meters: Vec<Reading>,
        /// A defective facility, ITEM=DESCRIPTION: walls=窗边墙面裂缝.
        #[arg(long = "defect", value_parser = |s: &str| item_text(s, "walls=窗边墙面裂缝"))]
        defects: Vec<(String, String)>,
        /// The rectification deadline (default: [movein] defect_fix_days from today).
        #[arg(long, value_parser = money::date)]
        fix_by: Option<NaiveDate>,
    },
    /// Charge the move-in fees (step 5): the first period's fees from the fee start
    /// date and the [movein] charges; files the payment notice.
    Bill { id: String },
    /// Keys handed over and signed for (step 6).
    Keys {
        id: String,
        /// KIND=COUNT, once per kind: door=2, mailbox=1.
        #[arg(long = "key", required = true, value_parser = parse::<KeySet>)]
        keys: Vec<KeySet>,
        #[arg(long)]
        signed_by: String,
    },
    /// The tenant signs the handover record (房屋确认书, step 7).
    Handover {
        id: String,
        #[arg(long)]
        signed_by: String,
    },
    /// Complete the move-in: refused with the list of what is missing. Sets the unit's
    /// occupant and status and starts billing from the fee start date.
    Complete {
        id: String,
        /// Book a re-inspection for defects not fixed yet.
        #[arg(long, value_parser = money::date)]
        reinspect: Option<NaiveDate>,
        /// A manager completes despite what is missing (use --by); needs --reason.
        #[arg(long, requires = "reason")]
        r#override: bool,
        #[arg(long, requires = "override")]
        reason: Option<String>,
    },
    /// The re-inspection done.
    Reinspect {
        id: String,
        #[arg(long)]
        note: String,
    },
    /// The welcome visit made (due within [movein] welcome_visit_days).
    Visit {
        id: String,
        #[arg(long)]
        note: String,
    },
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    #[arg(long)]
    unit: String,
    /// The incoming party (an ID or any unique part of it).
    #[arg(long)]
    party: String,
    /// tenant or owner.
    #[arg(long, value_parser = parse::<Role>, default_value = "tenant")]
    role: Role,
    /// The date of the move-in notice.
    #[arg(long, value_parser = money::date)]
    notice_date: NaiveDate,
    #[arg(long, value_parser = money::date)]
    lease_start: NaiveDate,
    #[arg(long, value_parser = money::date)]
    lease_end: Option<NaiveDate>,
    /// Fees start (default: the notice date).
    #[arg(long, value_parser = money::date)]
    fees_from: Option<NaiveDate>,
    /// An agent collecting the keys (an authorisation letter is then required).
    #[arg(long)]
    agent: Option<String>,
    /// A promise leasing made to the tenant, recorded as such (repeat for several).
    #[arg(long = "promise")]
    promises: Vec<String>,
}

/// ITEM=DESCRIPTION; `like` is the example the error shows.
pub(crate) fn item_text(s: &str, like: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((i, d)) if !i.trim().is_empty() && !d.trim().is_empty() => {
            Ok((i.trim().to_string(), d.trim().to_string()))
        }
        _ => Err(format!("{s:?}: expected ITEM=DESCRIPTION, like {like}")),
    }
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    use Event as E;
    match a.command {
        None => list(ctx, a.all),
        Some(Cmd::List { all }) => list(ctx, all || a.all),
        Some(Cmd::New(n)) => new(ctx, *n),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Receive { id, items, from }) => step(ctx, &id, E::Received, |m, act| {
            m.receive(act, &items, &from)
        }),
        Some(Cmd::Handout {
            id,
            items,
            signed_by: by,
        }) => step(ctx, &id, E::SignedFor, |m, act| {
            m.sign_for(act, &items, &by)
        }),
        Some(Cmd::Inspect {
            id,
            attendees,
            meters: readings,
            defects,
            fix_by,
        }) => {
            let found = Found {
                attendees,
                readings,
                defects,
                fix_by,
            };
            inspect(ctx, &id, &found)
        }
        Some(Cmd::Bill { id }) => bill(ctx, &id),
        Some(Cmd::Keys {
            id,
            keys,
            signed_by: by,
        }) => step(ctx, &id, E::Keys, |m, act| m.hand_keys(act, keys, &by)),
        Some(Cmd::Handover { id, signed_by: by }) => step(ctx, &id, E::HandoverSigned, |m, act| {
            m.sign_handover(act, &by)
        }),
        Some(Cmd::Complete {
            id,
            reinspect,
            r#override,
            reason,
        }) => {
            let reason = reason.filter(|_| r#override);
            complete(ctx, &id, &Completion { reinspect, reason })
        }
        Some(Cmd::Reinspect { id, note }) => {
            step(ctx, &id, E::Reinspected, |m, act| m.reinspected(act, &note))
        }
        Some(Cmd::Visit { id, note }) => step(ctx, &id, E::Visited, |m, act| m.visit(act, &note)),
    }
}

/// The move-in an ID typed in part names.
pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<MoveIn> {
    crate::cli::find_record(ctx, typed, "movein --all")
}

/// Saves `changes` and, unless it is a dry run, says what was done.
pub(crate) fn save_and_say(ctx: &Ctx, lock: &Lock, changes: &Changes, said: &str) -> Result<()> {
    ctx.save(lock, changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{said}\n"))?;
    }
    Ok(())
}

/// One step on one move-in under the lock: load, apply, save, say what was done.
fn step(
    ctx: &Ctx,
    typed: &str,
    event: Event,
    f: impl FnOnce(&mut MoveIn, Act) -> std::result::Result<(), Refused>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    f(&mut m, clerk(ctx))?;
    let done = Done::step(&m.id, event);
    let mut changes = Changes::new(format!("move-in {}", done.en()));
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

/// What the rest of the office says about `m`: emergency contacts, unpaid move-in
/// charges, deposits short, defects not fixed.
fn around(ctx: &Ctx, m: &MoveIn) -> Result<Around> {
    let party = ctx.store.load::<Party>(&m.party)?;
    let state = books(ctx).state(&money::open_book(ctx, &m.unit)?)?;
    let status = |id: &str| Ok(ctx.store.load::<Ticket>(id)?.map(|t| t.status));
    let rules = &ctx.settings.config.movein;
    Around::of(m, party.as_ref(), &state, rules, status)
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let unit: Unit = ctx.store.get(&ids::normalize_unit(&a.unit)?)?;
    let party_id = crate::registry::resolve_party(&ctx.store, &a.party)?;
    let party: Party = ctx.store.get(&party_id)?;
    let of_unit = ctx.store.load_of_unit::<MoveIn>(&unit.id)?;
    let id = ctx.new_id(IdKind::MoveIn, MoveIn::rel_path)?;
    let notice = LeasingNotice {
        role: a.role,
        notice_date: a.notice_date,
        lease_start: a.lease_start,
        lease_end: a.lease_end,
        fees_from: a.fees_from,
        agent: a.agent,
        promises: a.promises,
    };
    let rules = &ctx.settings.config.movein;
    let m = steps::open(&id, notice, &unit, &party, &of_unit, rules, clerk(ctx))?;
    let mut changes = Changes::new(format!("move-in {id}: {} into {}", party.id, unit.id));
    changes.create(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &id)
}

fn inspect(ctx: &Ctx, typed: &str, found: &Found) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let party = ctx.store.load::<Party>(&m.party)?;
    let (c, act, party) = (&ctx.settings.config, clerk(ctx), party.as_ref());
    // Not yet on disk but made by the step: another ticket of the step must not get it.
    let new_id = |made: &[Ticket]| {
        let made = |id: &str| made.iter().any(|t| t.id == id);
        ctx.new_id(IdKind::Ticket, |id| match made(id) {
            true => std::path::PathBuf::from("."),
            false => Ticket::rel_path(id),
        })
    };
    let (rules, l) = (&c.movein, c.locale);
    let (tickets, done) = steps::inspect(&mut m, rules, &unit, party, found, l, act, new_id)?;
    let what = format!("move-in {}: inspected, {} defect(s)", m.id, tickets.len());
    let mut changes = Changes::new(what);
    for t in &tickets {
        changes.create(&ctx.store, t)?;
    }
    changes.update(&ctx.store, &m)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

/// The party of a move-in and the language of its notices (the party's, else the
/// office's).
fn party_of(ctx: &Ctx, m: &MoveIn) -> Result<(Option<Party>, Locale)> {
    let party = ctx.store.load::<Party>(&m.party)?;
    let office = ctx.settings.config.locale;
    let locale = crate::notice::locale_for(ctx.locale_flag, party.as_ref(), office);
    Ok((party, locale))
}

fn bill(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let c = &ctx.settings.config;
    let (rules, act) = (&c.movein, clerk(ctx));
    let b = steps::bill(&mut m, &mut ledger, &unit, &books(ctx), rules, act)?;
    let (party, l) = party_of(ctx, &m)?;
    let owner = match &unit.owner {
        Some(o) => ctx.store.load::<Party>(o)?,
        None => None,
    };
    let to = (party.as_ref(), owner.as_ref());
    let values = movein::notices::payment(c.letterhead(), &books(ctx), &b, to, ctx.today, l);
    let mut changes = Changes::new(format!("move-in {}: fees charged ({})", m.id, b.total));
    let renderer = Renderer::new(ctx.root())?;
    let notice = &crate::procedure::fees::notices::PAYMENT_NOTICE;
    let path = file_notice(ctx, &renderer, &mut changes, notice, &m.id, l, &values)?;
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    let said = format!("{}; {}", b.done.say(ctx.locale), crate::store::shown(&path));
    save_and_say(ctx, &lock, &changes, &said)
}

fn complete(ctx: &Ctx, typed: &str, how: &Completion) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let around = around(ctx, &m)?;
    let mut unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let rules = &ctx.settings.config.movein;
    let done = steps::complete(&mut m, &mut unit, &around, how, rules, clerk(ctx))?;
    crate::registry::validate_unit(&ctx.store, &unit)?;
    let mut changes = Changes::new(format!("move-in {}: completed", m.id));
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    save_and_say(ctx, &lock, &changes, &done.say(ctx.locale))
}

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let mut rows = Vec::new();
    for m in ctx.store.load_all::<MoveIn>()? {
        let missing = match m.status {
            Status::InProgress => Some(m.missing(&around(ctx, &m)?)),
            Status::Completed if all => None,
            Status::Completed => continue,
        };
        rows.push((m, missing));
    }
    let listing = crate::view::movein::list(&rows, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let m = find(ctx, typed)?;
    let missing = m.missing(&around(ctx, &m)?);
    let rules = &ctx.settings.config.movein;
    let sheet = crate::view::movein::sheet(&m, &missing, rules, ctx.locale)?;
    ctx.out.print(&sheet.render(ctx.format, ctx.locale)?)
}

/// The values of a move-in's notice, and its language (the party's, else the office's).
pub(crate) fn notice_values(ctx: &Ctx, which: &NoticeDef, typed: &str) -> Result<Notice> {
    let m = find(ctx, typed)?;
    movein::notices::fits(which, &m)?;
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let (party, l) = party_of(ctx, &m)?;
    let (c, party, day) = (&ctx.settings.config, party.as_ref(), ctx.today);
    let values = movein::notices::values(c.letterhead(), &c.movein, &m, &unit, party, day, l);
    Ok((m.id, values, l))
}
