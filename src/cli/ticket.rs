//! `propdesk ticket`: repairs and work orders, complaints, inquiries, special services.
//! Each step is `crate::procedure::ticket::steps`; this file parses, loads, calls the
//! step, saves and prints.

use chrono::{DateTime, Datelike, NaiveTime};
use chrono_tz::Tz;
use clap::Subcommand;

use crate::cli::money;
use crate::cli::unit::parse;
use crate::context::{Ctx, Numbers, Revealed};
use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::ids::{self, IdKind};
use crate::model::locale::Locale;
use crate::model::unit::Unit;
use crate::procedure::Refused;
use crate::procedure::ticket::deadlines::Clocks;
use crate::procedure::ticket::figures as stats;
use crate::procedure::ticket::notices::{self, NoticesOf};
use crate::procedure::ticket::steps::{self, Aside, Call, Did, Done, SameMatter, Verdict};
use crate::procedure::ticket::{
    Act, Channel, Grade, Intake, Kind, Method, Priority, Status, Ticket,
};
use crate::store::{Changes, Record};
use crate::view::ticket as view;

/// Repairs (派工单), complaints (投诉), inquiries and special services (特约服务).
///
/// `propdesk ticket` lists the open tickets with their next deadline; `--overdue`
/// lists every deadline breached or about to be (due before the end of today).
/// Every step is `propdesk ticket <step> ID`; an ID may be typed in part (JZ9X).
/// Times default to now; `--at 10:05` records the time written on the paper.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Default, clap::Args)]
struct ListArgs {
    /// Only breached deadlines and those due before the end of today.
    #[arg(long)]
    overdue: bool,
    /// Closed, dead and unreasonable tickets too.
    #[arg(long)]
    all: bool,
    /// Only this kind: repair, complaint, inquiry, special-service.
    #[arg(long, value_parser = parse::<Kind>)]
    kind: Option<Kind>,
    /// Only this status.
    #[arg(long, value_parser = parse::<Status>)]
    status: Option<Status>,
    /// Only this unit's tickets.
    #[arg(long)]
    unit: Option<String>,
}

#[derive(Debug, clap::Args)]
struct At {
    /// When it happened (default now): 10:05 today, or 2026-11-23T10:05.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List tickets (the default).
    List(ListArgs),
    /// Take a ticket at the desk: what, where, who reported it.
    New(Box<NewArgs>),
    /// Show a ticket: every field, its deadlines (met or breached) and its history.
    Show {
        /// The ticket's ID, or any unique part of it.
        id: String,
    },
    /// Engineering's dispatcher assigns a technician, who accepts the order.
    Dispatch {
        id: String,
        /// Who accepted the order (signs the work order).
        #[arg(long)]
        technician: String,
        #[command(flatten)]
        at: At,
    },
    /// The technician arrives on site (the response deadline).
    Arrive(Target),
    /// The ticket waits on the tenant (no access, asked to wait): the clock stops.
    Pause {
        id: String,
        /// Why: no access, tenant asked to wait, ...
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// The clock runs again after a pause, or a shelved ticket comes back.
    Resume {
        id: String,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Quote chargeable work: an item from the price list, or one priced by the
    /// engineering supervisor. A changed quote needs consent again.
    Quote(QuoteArgs),
    /// The tenant agrees to the quote (signs the slip). Needed before the work.
    Consent {
        id: String,
        /// Who agreed.
        #[arg(long)]
        signer: String,
        #[command(flatten)]
        at: At,
    },
    /// Work done: what was done, materials, and who signed for it.
    Finish(FinishArgs),
    /// The work order is back at the desk.
    Return(Target),
    /// The desk calls back: satisfied closes the loop, not satisfied sends the work
    /// back to engineering (a complaint back to its department).
    Callback(CallbackArgs),
    /// Close a ticket; chargeable work is charged to the unit's ledger.
    Close(Target),
    /// Shelve a ticket (搁置), with the reason to feed back to the tenant.
    Shelve(Reason),
    /// Declare a ticket dead: it cannot be done (死单).
    Dead(Reason),
    /// Declare a ticket unreasonable (不合理工单).
    Unreasonable(Reason),
    /// Record what was told to the tenant: a complaint's first feedback, or the
    /// reason a ticket was shelved, dead or unreasonable.
    Feedback(Note),
    /// Assess a complaint: valid (department and person responsible) or not (the
    /// explanation given).
    Assess(AssessArgs),
    /// The reply to a complaint or an inquiry.
    Reply(Note),
    /// The action the department took on a complaint.
    Action(Note),
    /// The manager signs the complaint report, which closes it (use --by).
    SignOff(Target),
    /// The month's figures against the manuals' targets.
    Stats {
        /// YYYY-MM (default this month).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
    },
}

// The arguments of the steps (no doc comments: the step's own is its help).

#[derive(Debug, clap::Args)]
struct Target {
    id: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct Reason {
    id: String,
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct Note {
    id: String,
    #[arg(long)]
    note: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct QuoteArgs {
    id: String,
    /// The price-list code (see [ticket] prices), or a short text for an item
    /// not on the list.
    #[arg(long)]
    item: String,
    #[arg(long, default_value_t = 1)]
    qty: u32,
    /// The price of an item not on the list...
    #[arg(long, value_parser = money::money, requires = "priced_by")]
    price: Option<crate::model::money::Money>,
    /// ...and the engineering supervisor who set it.
    #[arg(long, requires = "price")]
    priced_by: Option<String>,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct FinishArgs {
    id: String,
    #[arg(long)]
    work: String,
    #[arg(long)]
    materials: Option<String>,
    /// The tenant, or the engineering supervisor for a public area.
    #[arg(long)]
    signed_by: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct CallbackArgs {
    id: String,
    /// phone or visit (电话回访, 上门回访).
    #[arg(long, value_parser = parse::<Method>)]
    method: Method,
    /// The tenant is satisfied.
    #[arg(
        long,
        conflicts_with = "not_satisfied",
        required_unless_present = "not_satisfied"
    )]
    satisfied: bool,
    /// The tenant is not satisfied: back to engineering (or the department).
    #[arg(long)]
    not_satisfied: bool,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    #[arg(long)]
    score: Option<u8>,
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct AssessArgs {
    id: String,
    /// A valid complaint (needs --department and --person).
    #[arg(long, conflicts_with = "invalid", requires_all = ["department", "person"])]
    valid: bool,
    /// Not a valid complaint (needs --explanation).
    #[arg(long, requires = "explanation")]
    invalid: bool,
    /// The department responsible.
    #[arg(long)]
    department: Option<String>,
    /// The person named responsible.
    #[arg(long)]
    person: Option<String>,
    /// What was explained to the tenant.
    #[arg(long)]
    explanation: Option<String>,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// repair, complaint, inquiry or special-service (报修, 投诉, 咨询建议, 特约服务).
    #[arg(long, value_parser = parse::<Kind>)]
    kind: Kind,
    /// phone, visit, letter, patrol or internal.
    #[arg(long, value_parser = parse::<Channel>)]
    channel: Channel,
    /// The unit concerned...
    #[arg(long)]
    unit: Option<String>,
    /// ...or the public area (lobby, B1 car park).
    #[arg(long)]
    area: Option<String>,
    /// Who reported it.
    #[arg(long)]
    reporter: String,
    /// A phone to call back on (masked in lists unless --reveal).
    #[arg(long)]
    phone: Option<String>,
    /// plumbing, electrical, air-conditioning, water-outage, cleaning, noise, ...
    #[arg(long)]
    category: String,
    /// What the tenant said.
    #[arg(long)]
    description: String,
    /// extra-urgent, urgent or normal (repairs and special services; default normal).
    #[arg(long, value_parser = parse::<Priority>)]
    priority: Option<Priority>,
    /// emergency, minor, general or difficult (default general).
    #[arg(long, value_parser = parse::<Grade>)]
    grade: Option<Grade>,
    /// A repeat complaint: the first complaint on the same matter.
    #[arg(long, value_name = "ID")]
    repeat_of: Option<String>,
    #[command(flatten)]
    at: At,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let rules = &ctx.settings.config.ticket;
    let Some(cmd) = a.command else {
        return list(ctx, &a.list);
    };
    match cmd {
        Cmd::List(l) => list(ctx, &l),
        Cmd::New(n) => new(ctx, *n),
        Cmd::Show { id } => show(ctx, &id),
        Cmd::Stats { month } => stats(ctx, month.as_deref()),
        Cmd::Dispatch { id, technician, at } => {
            step(ctx, &id, &at, |t, a| steps::dispatch(t, a, &technician))
        }
        Cmd::Arrive(x) => step(ctx, &x.id, &x.at, steps::arrive),
        Cmd::Pause { id, reason, at } => step(ctx, &id, &at, |t, a| steps::pause(t, a, &reason)),
        Cmd::Resume { id, note, at } => {
            step(ctx, &id, &at, |t, a| steps::resume(t, a, note.as_deref()))
        }
        Cmd::Quote(x) => {
            if let Some(p) = x.price {
                ctx.amount("--price", crate::model::plausible::AmountKind::Price, p)?;
            }
            step(ctx, &x.id, &x.at, |t, a| {
                let price = x.price.zip(x.priced_by.as_deref());
                steps::quote(t, rules, a, &x.item, x.qty, price)
            })
        }
        Cmd::Consent { id, signer, at } => {
            step(ctx, &id, &at, |t, a| steps::consent(t, a, &signer))
        }
        Cmd::Finish(x) => step(ctx, &x.id, &x.at, |t, a| {
            steps::finish(t, a, &x.work, x.materials.as_deref(), &x.signed_by)
        }),
        Cmd::Return(x) => step(ctx, &x.id, &x.at, steps::return_to_desk),
        Cmd::Callback(x) => {
            let satisfied = x.satisfied && !x.not_satisfied;
            let (method, score, note) = (x.method, x.score, x.note.as_deref());
            let call = Call {
                method,
                satisfied,
                score,
                note,
            };
            step(ctx, &x.id, &x.at, |t, a| steps::callback(t, rules, a, call))
        }
        Cmd::Close(x) => close(ctx, &x.id, &x.at),
        Cmd::Shelve(x) => aside(ctx, x, Aside::Shelved),
        Cmd::Dead(x) => aside(ctx, x, Aside::Dead),
        Cmd::Unreasonable(x) => aside(ctx, x, Aside::Unreasonable),
        Cmd::Feedback(x) => step(ctx, &x.id, &x.at, |t, a| steps::feedback(t, a, &x.note)),
        Cmd::Assess(x) => {
            if x.valid == x.invalid {
                return Err(Error::usage("say --valid or --invalid"));
            }
            let text = Option::<&str>::unwrap_or_default;
            let verdict = if x.valid {
                let (department, person) =
                    (text(x.department.as_deref()), text(x.person.as_deref()));
                Verdict::Valid { department, person }
            } else {
                let explanation = text(x.explanation.as_deref());
                Verdict::Invalid { explanation }
            };
            step(ctx, &x.id, &x.at, |t, a| steps::assess(t, a, verdict))
        }
        Cmd::Reply(x) => step(ctx, &x.id, &x.at, |t, a| steps::reply(t, a, &x.note)),
        Cmd::Action(x) => step(ctx, &x.id, &x.at, |t, a| steps::action(t, a, &x.note)),
        Cmd::SignOff(x) => step(ctx, &x.id, &x.at, steps::sign_off),
    }
}

fn aside(ctx: &Ctx, x: Reason, aside: Aside) -> Result<()> {
    step(ctx, &x.id, &x.at, |t, a| {
        steps::set_aside(t, a, aside, &x.reason)
    })
}

/// Who acts and when: the time of a step, `--at` (HH:MM today, or a date and time) or
/// now, never in the future; and its day at the office.
fn act<'a>(ctx: &'a Ctx, at_flag: &At) -> Result<Act<'a>> {
    let at = |t: DateTime<Tz>| Act {
        by: &ctx.user,
        at: t.fixed_offset(),
        today: t.date_naive(),
    };
    let Some(s) = at_flag.at.as_deref() else {
        return Ok(at(ctx.now));
    };
    let tz = ctx.settings.config.timezone.0;
    let t = match NaiveTime::parse_from_str(s.trim(), "%H:%M") {
        Ok(time) => crate::context::local_time("--at", s, ctx.today.and_time(time), tz)?,
        Err(_) => crate::context::parse_time("--at", s.trim(), tz)?.ok_or_else(|| {
            Error::usage(format!(
                "invalid --at {s:?}: expected a time like 10:05 (today) or 2026-11-23T10:05"
            ))
        })?,
    };
    if t > ctx.now {
        return Err(Error::usage(format!(
            "--at {s:?} is after now ({}): record steps when they have happened",
            ctx.now.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(at(t))
}

/// The ticket an ID typed in part names.
pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<Ticket> {
    crate::cli::find_record(ctx, typed, "ticket --all")
}

fn clocks(ctx: &Ctx) -> Clocks<'_> {
    let (c, calendar) = (&ctx.settings.config, &ctx.settings.calendar);
    Clocks::new(&c.ticket, calendar, c.timezone.0, ctx.stamp())
}

/// Loads a ticket, applies one step under the lock, saves, and says what happened.
fn step(
    ctx: &Ctx,
    typed: &str,
    at: &At,
    f: impl FnOnce(&mut Ticket, Act) -> std::result::Result<Done, Refused>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut t = find(ctx, typed)?;
    let done = f(&mut t, act(ctx, at)?)?;
    let mut changes = Changes::new(format!("ticket {}: {}", t.id, Did(done.step()).en()));
    changes.update(&ctx.store, &t)?;
    ctx.save(&lock, &changes)?;
    say(ctx, &done)
}

/// Prints what a step did, unless it was a dry run.
fn say(ctx: &Ctx, done: &Done) -> Result<()> {
    if ctx.dry_run {
        return Ok(());
    }
    ctx.out.print(&format!("{}\n", done.say(ctx.locale)))
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let act = act(ctx, &a.at)?;
    let unit = match &a.unit {
        Some(u) => Some(ctx.store.get::<Unit>(&ids::normalize_unit(u)?)?.id),
        None => None,
    };
    let id = ctx.new_id(IdKind::Ticket, Ticket::rel_path)?;
    let mut first = match &a.repeat_of {
        Some(typed) => Some(find(ctx, typed)?),
        None => None,
    };
    let trimmed = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let intake = Intake {
        kind: a.kind,
        channel: a.channel,
        unit,
        area: trimmed(a.area),
        reporter: a.reporter,
        phone: trimmed(a.phone),
        category: a.category,
        description: a.description,
        priority: a.priority,
        grade: a.grade,
        repeat_of: None,
    };
    let (t, linked) = steps::report(&id, intake, first.as_mut(), act)?;
    let mut changes = Changes::new(format!("ticket {id}: reported ({} {})", t.kind, t.place()));
    changes.create(&ctx.store, &t)?;
    if let Some(first) = &first {
        changes.update(&ctx.store, first)?;
    }
    if let Some(since) = steps::same_matter_since(&t, ctx.today) {
        // Only the files of those days are read.
        use rayon::prelude::*;
        let (store, files) = (&ctx.store, ctx.store.list_files::<Ticket>()?);
        let earlier = files
            .par_iter()
            .filter(|(id, _)| ids::date_of(id).is_some_and(|d| d >= since))
            .filter_map(|(_, rel)| store.load_file::<Ticket>(rel).ok())
            .filter(|o| steps::is_same_matter(&t, o))
            .map(|o| o.id)
            .max();
        if let Some(e) = earlier {
            eprintln!("hint: {}", SameMatter::of(&t, e).say(ctx.locale));
        }
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        if let Some(linked) = linked {
            eprintln!("{}", linked.say(ctx.locale));
        }
        ctx.out.print(&format!("{id}\n"))?;
    }
    Ok(())
}

fn close(ctx: &Ctx, typed: &str, at: &At) -> Result<()> {
    let lock = ctx.lock()?;
    let mut t = find(ctx, typed)?;
    let act = act(ctx, at)?;
    let mut ledger = match steps::ledger_to_close(&t, act)? {
        Some(unit) => Some(money::unit_and_ledger_of(ctx, &t, &unit)?.1),
        None => None,
    };
    let done = steps::close(
        &mut t,
        ledger.as_mut(),
        &money::books(ctx),
        act,
        ctx.stamp(),
    )?;
    let mut changes = Changes::new(format!("ticket {}: {}", t.id, Did(done.step()).en()));
    if let Some(ledger) = &ledger {
        changes.update(&ctx.store, ledger)?;
    }
    changes.update(&ctx.store, &t)?;
    ctx.save(&lock, &changes)?;
    say(ctx, &done)
}

fn list(ctx: &Ctx, a: &ListArgs) -> Result<()> {
    let unit = a.unit.as_deref().map(ids::normalize_unit).transpose()?;
    if let Some(u) = &unit {
        ctx.store.get::<Unit>(u)?;
    }
    let mut tickets = ctx.store.load_all::<Ticket>()?;
    let clocks = clocks(ctx);
    let all = a.all || a.overdue || a.status.is_some();
    tickets.retain(|t| {
        (all || view::listed(t, &clocks))
            && a.kind.is_none_or(|k| t.kind == k)
            && a.status.is_none_or(|s| t.status == s)
            && unit.as_ref().is_none_or(|u| t.unit.as_ref() == Some(u))
    });
    let listing = if a.overdue {
        let listing = view::overdue(&tickets, &clocks, ctx.locale);
        if listing.rows.is_empty() && ctx.format == crate::output::Format::Table {
            return Ok(());
        }
        listing
    } else {
        view::list(&tickets, &clocks, ctx.locale)
    };
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let t = find(ctx, typed)?;
    let ds = clocks(ctx).deadlines(&t);
    let full = ctx.full_numbers(
        ctx.numbers(),
        Revealed::Ticket(t.id.clone()),
        t.phone.is_some(),
    );
    let sheet = view::sheet(&t, &ds, ctx.stamp(), ctx.locale, full)?;
    ctx.print(&sheet.render(ctx.format, ctx.locale)?)
}

fn stats(ctx: &Ctx, month: Option<&str>) -> Result<()> {
    let month = match month {
        Some(m) => crate::cli::money::parse_month(m)?,
        None => ctx.today.with_day(1).unwrap_or(ctx.today),
    };
    let tickets = ctx.store.load_all::<Ticket>()?;
    // A past month is judged as it stood at its end; this month, as it stands now.
    let mut clocks = clocks(ctx);
    clocks.now = stats::judged_at(month, ctx.today, clocks.now, clocks.tz);
    let s = stats::month_stats(&tickets, month, &clocks);
    ctx.out.print(&view::month(&s, ctx.format, ctx.locale)?)
}

/// The values of a ticket's notice: the ticket (typed in part), its values, and the
/// language (the unit's billed party's, else the office's).
/// The reporter's phone is written as `numbers` says.
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &crate::procedure::notice::NoticeDef,
    typed: &str,
    numbers: Numbers,
) -> Result<(String, tera::Context, Locale)> {
    let t = find(ctx, typed)?;
    notices::fits(&t, which)
        .map_err(|r| Error::usage(Refused::Ticket(r).en()).with_hint(NoticesOf(t.kind).en()))?;
    let locale = match &t.unit {
        Some(u) => {
            let unit: Unit = ctx.store.get(u)?;
            money::addressee(ctx, &ctx.store, &unit)?.locale
        }
        None => ctx.locale_flag.unwrap_or(ctx.settings.config.locale),
    };
    let deadlines = clocks(ctx).deadlines(&t);
    let values = notices::values(
        ctx.settings.config.letterhead(),
        &t,
        &deadlines,
        ctx.stamp(),
        &crate::model::locale::long_date(ctx.today, locale),
        locale,
        ctx.full_numbers(numbers, Revealed::Ticket(t.id.clone()), t.phone.is_some()),
    );
    Ok((t.id, values, locale))
}
