//! `propdesk ticket`: repairs and work orders, complaints, inquiries, special services.

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeZone};
use clap::Subcommand;
use serde_json::{Value, json};

use crate::cli::money;
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::{self, IdKind};
use crate::model::locale::Locale;
use crate::model::party::mask_phone;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::fees::accounts::{self, NewCharge};
use crate::procedure::ticket::deadlines::{Clocks, Deadline, Standing};
use crate::procedure::ticket::figures::{self as stats, MonthStats};
use crate::procedure::ticket::{
    Act, Channel, Grade, Intake, Kind, Method, Priority, Status, Ticket, Verdict, event,
};
use crate::store::{Changes, Record};

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
    Arrive {
        id: String,
        #[command(flatten)]
        at: At,
    },
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
    Quote {
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
    },
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
    Finish {
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
    },
    /// The work order is back at the desk.
    Return {
        id: String,
        #[command(flatten)]
        at: At,
    },
    /// The desk calls back: satisfied closes the loop, not satisfied sends the work
    /// back to engineering (a complaint back to its department).
    Callback {
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
    },
    /// Close a ticket; chargeable work is charged to the unit's ledger.
    Close {
        id: String,
        #[command(flatten)]
        at: At,
    },
    /// Shelve a ticket (搁置), with the reason to feed back to the tenant.
    Shelve {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Declare a ticket dead: it cannot be done (死单).
    Dead {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Declare a ticket unreasonable (不合理工单).
    Unreasonable {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Record what was told to the tenant: a complaint's first feedback, or the
    /// reason a ticket was shelved, dead or unreasonable.
    Feedback {
        id: String,
        #[arg(long)]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// Assess a complaint: valid (department and person responsible) or not (the
    /// explanation given).
    Assess {
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
    },
    /// The reply to a complaint or an inquiry.
    Reply {
        id: String,
        #[arg(long)]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// The action the department took on a complaint.
    Action {
        id: String,
        #[arg(long)]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// The manager signs the complaint report, which closes it (use --by).
    SignOff {
        id: String,
        #[command(flatten)]
        at: At,
    },
    /// The month's figures against the manuals' targets.
    Stats {
        /// YYYY-MM (default this month).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
    },
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
    match a.command {
        None => list(ctx, &a.list),
        Some(Cmd::List(l)) => list(ctx, &l),
        Some(Cmd::New(n)) => new(ctx, *n),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Stats { month }) => stats(ctx, month.as_deref()),
        Some(Cmd::Dispatch { id, technician, at }) => {
            step(ctx, &id, &at, "dispatched", |t, a, _| {
                t.dispatch(a, &technician)
            })
        }
        Some(Cmd::Arrive { id, at }) => step(ctx, &id, &at, "on site", |t, a, _| t.arrive(a)),
        Some(Cmd::Pause { id, reason, at }) => {
            step(ctx, &id, &at, "paused", |t, a, _| t.pause(a, &reason))
        }
        Some(Cmd::Resume { id, note, at }) => step(ctx, &id, &at, "resumed", |t, a, _| {
            t.resume(a, note.as_deref())
        }),
        Some(Cmd::Quote {
            id,
            item,
            qty,
            price,
            priced_by,
            at,
        }) => step(ctx, &id, &at, "quoted", |t, a, c| {
            let price = price.zip(priced_by.as_deref());
            t.quote_item(a, &c.settings.config.ticket, &item, qty, price)
        }),
        Some(Cmd::Consent { id, signer, at }) => {
            step(ctx, &id, &at, "consent recorded", |t, a, _| {
                t.consent(a, &signer)
            })
        }
        Some(Cmd::Finish {
            id,
            work,
            materials,
            signed_by,
            at,
        }) => step(ctx, &id, &at, "done", |t, a, _| {
            t.finish(a, &work, materials.as_deref(), &signed_by)
        }),
        Some(Cmd::Return { id, at }) => step(ctx, &id, &at, "returned to the desk", |t, a, _| {
            t.return_to_desk(a)
        }),
        Some(Cmd::Callback {
            id,
            method,
            satisfied,
            not_satisfied,
            score,
            note,
            at,
        }) => {
            let ok = satisfied && !not_satisfied;
            let what = if ok {
                "called back"
            } else {
                "not satisfied: back to work"
            };
            step(ctx, &id, &at, what, |t, a, c| {
                t.callback(
                    a,
                    &c.settings.config.ticket,
                    method,
                    ok,
                    score,
                    note.as_deref(),
                )
            })
        }
        Some(Cmd::Close { id, at }) => close(ctx, &id, &at),
        Some(Cmd::Shelve { id, reason, at }) => step(ctx, &id, &at, "shelved", |t, a, _| {
            t.set_aside(a, event::SHELVED, &reason)
        }),
        Some(Cmd::Dead { id, reason, at }) => step(ctx, &id, &at, "declared dead", |t, a, _| {
            t.set_aside(a, event::DEAD, &reason)
        }),
        Some(Cmd::Unreasonable { id, reason, at }) => {
            step(ctx, &id, &at, "declared unreasonable", |t, a, _| {
                t.set_aside(a, event::UNREASONABLE, &reason)
            })
        }
        Some(Cmd::Feedback { id, note, at }) => {
            step(ctx, &id, &at, "feedback recorded", |t, a, _| {
                t.feedback(a, &note)
            })
        }
        Some(Cmd::Assess {
            id,
            valid,
            invalid,
            department,
            person,
            explanation,
            at,
        }) => {
            if valid == invalid {
                return Err(Error::usage("say --valid or --invalid"));
            }
            step(ctx, &id, &at, "assessed", |t, a, _| {
                let verdict = if valid {
                    Verdict::Valid {
                        department: department.as_deref().unwrap_or_default(),
                        person: person.as_deref().unwrap_or_default(),
                    }
                } else {
                    Verdict::Invalid {
                        explanation: explanation.as_deref().unwrap_or_default(),
                    }
                };
                t.assess(a, verdict)
            })
        }
        Some(Cmd::Reply { id, note, at }) => {
            step(ctx, &id, &at, "replied", |t, a, _| t.reply(a, &note))
        }
        Some(Cmd::Action { id, note, at }) => step(ctx, &id, &at, "action recorded", |t, a, _| {
            t.action(a, &note)
        }),
        Some(Cmd::SignOff { id, at }) => step(ctx, &id, &at, "signed off and closed", |t, a, _| {
            t.sign_off(a)
        }),
    }
}

/// The time of a step: `--at` (HH:MM today, or a date and time), else now. Never in
/// the future.
fn when(ctx: &Ctx, at: &At) -> Result<DateTime<FixedOffset>> {
    let Some(s) = at.at.as_deref() else {
        return Ok(ctx.stamp());
    };
    let tz = ctx.settings.config.timezone.0;
    let t = match NaiveTime::parse_from_str(s.trim(), "%H:%M") {
        Ok(time) => tz
            .from_local_datetime(&ctx.today.and_time(time))
            .earliest()
            .ok_or_else(|| {
                Error::usage(format!("--at {s:?} does not exist today (a clock change)"))
            })?,
        Err(_) => crate::context::parse_now(s.trim(), tz).map_err(|_| {
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
    Ok(t.fixed_offset())
}

/// The ticket an ID typed in part names.
fn find(ctx: &Ctx, typed: &str) -> Result<Ticket> {
    crate::cli::find_record(ctx, typed, "ticket --all")
}

fn clocks(ctx: &Ctx) -> Clocks<'_> {
    Clocks {
        rules: &ctx.settings.config.ticket,
        calendar: &ctx.settings.calendar,
        tz: ctx.settings.config.timezone.0,
        now: ctx.stamp(),
    }
}

/// Loads a ticket, applies one step under the lock, saves, and says what happened.
fn step(
    ctx: &Ctx,
    typed: &str,
    at: &At,
    what: &str,
    f: impl FnOnce(&mut Ticket, Act, &Ctx) -> std::result::Result<(), crate::procedure::ticket::Refused>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut t = find(ctx, typed)?;
    let act = Act {
        by: &ctx.user,
        at: when(ctx, at)?,
        today: ctx.today,
    };
    f(&mut t, act, ctx)?;
    let mut changes = Changes::new(format!("ticket {}: {what}", t.id));
    changes.update(&ctx.store, &t)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: {what} ({})\n",
            t.id,
            t.state_label(ctx.locale)
        ))?;
    }
    Ok(())
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let at = when(ctx, &a.at)?;
    let unit = match &a.unit {
        Some(u) => {
            let id = ids::normalize_unit(u)?;
            let unit: Unit = ctx.store.get(&id)?;
            Some(unit.id)
        }
        None => None,
    };
    let mut changes;
    let id = ctx.new_id(IdKind::Ticket, Ticket::rel_path)?;
    let mut first = match &a.repeat_of {
        Some(typed) => {
            let first = find(ctx, typed)?;
            if first.kind != Kind::Complaint {
                return Err(Error::data(format!(
                    "{} is a {}, not a complaint: --repeat-of names the first complaint on the same matter",
                    first.id, first.kind
                )));
            }
            if first.unit != unit {
                return Err(Error::data(format!(
                    "{} is about {}, not {}: a repeat complaint is about the same place",
                    first.id,
                    first.place(),
                    unit.as_deref().or(a.area.as_deref()).unwrap_or_default()
                )));
            }
            Some(first)
        }
        None => None,
    };
    let intake = Intake {
        kind: a.kind,
        channel: a.channel,
        unit,
        area: a
            .area
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        reporter: a.reporter,
        phone: a
            .phone
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        category: a.category,
        description: a.description,
        priority: a.priority,
        grade: a.grade,
        repeat_of: first.as_ref().map(|f| f.id.clone()),
    };
    let act = Act {
        by: &ctx.user,
        at,
        today: ctx.today,
    };
    let t = Ticket::new(&id, intake, act)?;
    changes = Changes::new(format!("ticket {id}: reported ({} {})", t.kind, t.place()));
    changes.create(&ctx.store, &t)?;
    if let Some(first) = first.as_mut() {
        first.link_repeat(act, &id)?;
        changes.update(&ctx.store, first)?;
    }
    // A complaint from the same unit in the same category in the last 90 days is
    // probably the same matter: say so. Only the files of those days are read.
    if t.kind == Kind::Complaint && t.repeat_of.is_none() && t.unit.is_some() {
        use rayon::prelude::*;
        let since = ctx.today - chrono::Days::new(90);
        let recent: Vec<_> = ctx
            .store
            .list_files::<Ticket>()?
            .into_iter()
            .filter(|(id, _)| ids::date_of(id).is_some_and(|d| d >= since))
            .collect();
        let store = &ctx.store;
        let earlier = recent
            .par_iter()
            .filter_map(|(_, rel)| store.load_file::<Ticket>(rel).ok())
            .filter(|o| {
                o.kind == Kind::Complaint
                    && o.unit == t.unit
                    && o.category == t.category
                    && o.id != t.id
            })
            .map(|o| o.id)
            .max();
        if let Some(e) = earlier {
            eprintln!(
                "hint: {e} is an earlier {} complaint from {}; if this is the same matter, cancel and use --repeat-of {e}",
                t.category,
                t.place()
            );
        }
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        if t.repeat_of.is_some() {
            eprintln!(
                "{id}: {}",
                match ctx.locale {
                    Locale::ZhCn => "二次投诉，已关联首次投诉",
                    Locale::En => "repeat complaint, linked to the first",
                }
            );
        }
        ctx.out.print(&format!("{id}\n"))?;
    }
    Ok(())
}

fn close(ctx: &Ctx, typed: &str, at: &At) -> Result<()> {
    let lock = ctx.lock()?;
    let mut t = find(ctx, typed)?;
    let act = Act {
        by: &ctx.user,
        at: when(ctx, at)?,
        today: ctx.today,
    };
    t.close(act)?;
    let mut changes = Changes::new(format!("ticket {}: closed", t.id));
    let mut lines = vec![format!("{}: closed", t.id)];
    if t.kind.is_work() && t.chargeable() {
        let unit_id = t.unit.clone().ok_or_else(|| {
            Error::data(format!("ticket {} has a quote but no unit to charge", t.id))
        })?;
        let (_, mut ledger) = money::unit_and_ledger_of(ctx, &t, &unit_id)?;
        let amount = t.quote_total().ok_or_else(|| {
            Error::data(format!("ticket {}: the quote's total is too large", t.id))
        })?;
        let (item, text) = t.charge_text(ctx.settings.config.locale);
        // Charged on the next payment notice: due on the next month's due day.
        // Dated the day the ticket was closed (`--at` may be yesterday): the ledger
        // and the month's figures agree on the month.
        let closed_on = act
            .at
            .with_timezone(&ctx.settings.config.timezone.0)
            .date_naive();
        let clerk = crate::procedure::Act {
            by: &ctx.user,
            at: ctx.stamp(),
            today: closed_on,
        };
        let entry = accounts::charge(
            &mut ledger,
            clerk,
            NewCharge {
                item,
                amount,
                text,
                due: ctx.settings.config.billing.due_next_month(closed_on),
                reference: Some(t.id.clone()),
            },
        )?;
        t.mark_charged(act, entry, amount, &unit_id)?;
        changes.update(&ctx.store, &ledger)?;
        lines.push(format!(
            "{}: {amount} charged to {unit_id} (ledger entry {entry})",
            t.id
        ));
    }
    changes.update(&ctx.store, &t)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

const ID: Column = Column::new("id", "编号", "ID");
const KIND: Column = Column::new("kind", "类别", "Kind");
const PLACE: Column = Column::new("place", "位置", "Place");
const CATEGORY: Column = Column::new("category", "分类", "Category");
const PRIORITY: Column = Column::new("priority", "紧急程度", "Priority");
const STATUS: Column = Column::new("status", "状态", "Status");
const REPORTED: Column = Column::new("reported", "报告时间", "Reported");
const NEXT: Column = Column::new("next", "下一时限", "Next deadline");
const DUE: Column = Column::new("due", "时限", "Due");
const STANDING: Column = Column::new("standing", "情况", "Standing");
const DEADLINE: Column = Column::new("deadline", "时限项目", "Deadline");

fn time_text(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn time_cell(t: Option<DateTime<FixedOffset>>) -> Cell {
    match t {
        Some(t) => Cell::shown_as(t.to_rfc3339(), time_text(t)),
        None => Cell::from(Value::Null),
    }
}

/// The deadline that matters next: breached first, then the earliest open one.
fn next_deadline(ds: &[Deadline]) -> Option<&Deadline> {
    ds.iter()
        .filter(|d| d.met.is_none())
        .min_by_key(|d| (d.standing != Standing::Overdue, d.due))
}

fn list(ctx: &Ctx, a: &ListArgs) -> Result<()> {
    let unit = a.unit.as_deref().map(ids::normalize_unit).transpose()?;
    if let Some(u) = &unit {
        ctx.store.get::<Unit>(u)?;
    }
    let mut tickets = ctx.store.load_all::<Ticket>()?;
    let clocks = clocks(ctx);
    // A ticket that has ended but still owes the tenant its reason stays listed.
    let owes = |t: &Ticket| clocks.deadlines(t).iter().any(|d| d.met.is_none());
    tickets.retain(|t| {
        (a.all || a.overdue || a.status.is_some() || !t.status.is_final() || owes(t))
            && a.kind.is_none_or(|k| t.kind == k)
            && a.status.is_none_or(|s| t.status == s)
            && unit.as_ref().is_none_or(|u| t.unit.as_ref() == Some(u))
    });
    let now = ctx.stamp();
    let l = ctx.locale;
    if a.overdue {
        // One row per deadline breached and still open, or about to be.
        let mut rows: Vec<(DateTime<FixedOffset>, Vec<Cell>)> = Vec::new();
        for t in &tickets {
            for d in clocks.deadlines(t) {
                if d.met.is_none()
                    && matches!(d.standing, Standing::Overdue | Standing::DueSoon)
                    && let Some(due) = d.due
                {
                    rows.push((
                        due,
                        vec![
                            t.id.clone().into(),
                            Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
                            t.place().into(),
                            Cell::shown_as(d.clock.as_str(), d.clock.label(l)),
                            time_cell(Some(due)),
                            Cell::shown_as(
                                serde_json::to_value(d.standing).unwrap_or(Value::Null),
                                d.describe(now, l),
                            ),
                            Cell::shown_as(t.status.as_str(), t.state_label(l)),
                        ],
                    ));
                }
            }
        }
        rows.sort_by_key(|r| r.0);
        if rows.is_empty() && ctx.format == crate::output::Format::Table {
            return Ok(());
        }
        let listing = Listing {
            columns: vec![ID, KIND, PLACE, DEADLINE, DUE, STANDING, STATUS],
            rows: rows.into_iter().map(|(_, r)| r).collect(),
        };
        return ctx.out.print(&listing.render(ctx.format, l)?);
    }
    let rows = tickets
        .iter()
        .map(|t| {
            let ds = clocks.deadlines(t);
            let next = next_deadline(&ds).map_or(Cell::from(Value::Null), |d| {
                Cell::shown_as(
                    json!({"deadline": d.clock.as_str(), "due": d.due.map(|t| t.to_rfc3339()), "standing": d.standing}),
                    format!("{} {}", d.clock.label(l), d.describe(now, l)),
                )
            });
            vec![
                t.id.clone().into(),
                Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
                t.place().into(),
                t.category.clone().into(),
                t.priority.map_or(Cell::from(Value::Null), |p| Cell::shown_as(p.as_str(), p.label(l))),
                Cell::shown_as(t.status.as_str(), t.state_label(l)),
                time_cell(Some(t.reported)),
                next,
            ]
        })
        .collect();
    let listing = Listing {
        columns: vec![ID, KIND, PLACE, CATEGORY, PRIORITY, STATUS, REPORTED, NEXT],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, l)?)
}

fn history_line(e: &Entry) -> String {
    let mut s = format!("{} {} {}", time_text(e.at), e.by, e.event);
    if let Some(n) = &e.note {
        s.push_str(": ");
        s.push_str(n);
    }
    s
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let t = find(ctx, typed)?;
    let l = ctx.locale;
    let now = ctx.stamp();
    let ds = clocks(ctx).deadlines(&t);
    let phone = t.phone.as_deref().map(|p| {
        if ctx.reveal {
            p.to_string()
        } else {
            mask_phone(p)
        }
    });
    let c = |k, zh, en| Column::new(k, zh, en);
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), t.id.clone().into()),
        (
            c("kind", "类别", "Kind"),
            Cell::shown_as(t.kind.as_str(), t.kind.label(l)),
        ),
        (
            c("channel", "来源", "Channel"),
            Cell::shown_as(t.channel.as_str(), t.channel.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(t.status.as_str(), t.state_label(l)),
        ),
        (c("place", "位置", "Place"), t.place().into()),
        (
            c("reporter", "报告人", "Reporter"),
            t.reporter.clone().into(),
        ),
        (c("phone", "电话", "Phone"), phone.clone().into()),
        (
            c("reported", "报告时间", "Reported"),
            time_cell(Some(t.reported)),
        ),
        (c("category", "分类", "Category"), t.category.clone().into()),
        (
            c("description", "内容", "Description"),
            t.description.clone().into(),
        ),
    ];
    if let Some(p) = t.priority {
        fields.push((
            c("priority", "紧急程度", "Priority"),
            Cell::shown_as(p.as_str(), p.label(l)),
        ));
    }
    if let Some(g) = t.grade {
        fields.push((
            c("grade", "维修类别", "Grade"),
            Cell::shown_as(g.as_str(), g.label(l)),
        ));
    }
    if let Some(r) = &t.repeat_of {
        fields.push((
            c("repeat_of", "二次投诉（首次）", "Repeat of"),
            r.clone().into(),
        ));
    }
    if !t.repeated_by.is_empty() {
        fields.push((
            c("repeated_by", "二次投诉", "Repeated by"),
            t.repeated_by.join(", ").into(),
        ));
    }
    if let Some(x) = &t.technician {
        fields.push((c("technician", "维修人员", "Technician"), x.clone().into()));
    }
    for q in &t.quote {
        let mut s = format!("{} x{} @ {}", q.name, q.quantity, q.price.grouped());
        if let Some(p) = &q.priced_by {
            s.push_str(&format!(" ({p})"));
        }
        fields.push((c("quote", "报价", "Quote"), s.into()));
    }
    if let Some(total) = t.quote_total().filter(|_| t.chargeable()) {
        fields.push((
            c("quote_total", "报价合计", "Quote total"),
            Cell::money(total),
        ));
        fields.push((
            c("consent", "客户确认", "Consent"),
            t.consent
                .clone()
                .map_or(Cell::from(Value::Null), Cell::from),
        ));
    }
    if let Some(w) = &t.work {
        fields.push((c("work", "维修内容", "Work done"), w.done.clone().into()));
        if let Some(m) = &w.materials {
            fields.push((c("materials", "用料", "Materials"), m.clone().into()));
        }
        fields.push((
            c("signed_by", "签认", "Signed by"),
            w.signed_by.clone().into(),
        ));
    }
    if let Some(f) = &t.complaint {
        if f.valid || f.department.is_some() {
            fields.push((
                c("department", "责任部门", "Department"),
                f.department.clone().into(),
            ));
            fields.push((c("person", "责任人", "Person"), f.person.clone().into()));
        }
        if let Some(x) = &f.explanation {
            fields.push((
                c("explanation", "解释（无效投诉）", "Explanation (not valid)"),
                x.clone().into(),
            ));
        }
        for (k, zh, en, v) in [
            ("action", "处理措施", "Action", &f.action),
            (
                "signed_off_by",
                "经理签批",
                "Signed off by",
                &f.signed_off_by,
            ),
        ] {
            if let Some(v) = v {
                fields.push((c(k, zh, en), v.clone().into()));
            }
        }
    }
    if let Some(r) = &t.reply {
        fields.push((c("reply", "答复", "Reply"), r.clone().into()));
    }
    if let Some(r) = &t.reason {
        fields.push((c("reason", "原因", "Reason"), r.clone().into()));
    }
    for cb in &t.callbacks {
        let mut s = format!(
            "{} {} {} {}",
            time_text(cb.at),
            cb.by,
            cb.method.label(l),
            match (cb.satisfied, l) {
                (true, Locale::ZhCn) => "满意",
                (false, Locale::ZhCn) => "不满意",
                (true, Locale::En) => "satisfied",
                (false, Locale::En) => "not satisfied",
            }
        );
        if let Some(sc) = cb.score {
            s.push_str(&format!(" {sc}/5"));
        }
        if let Some(n) = &cb.note {
            s.push_str(&format!(": {n}"));
        }
        fields.push((c("callback", "回访", "Callback"), s.into()));
    }
    if let Some(e) = t.charged {
        fields.push((
            c("charged", "已入账", "Charged"),
            format!("ledger entry {e}").into(),
        ));
    }
    for d in &ds {
        let text = format!(
            "{} {} — {}",
            d.clock.label(l),
            d.due.map_or_else(|| "-".to_string(), time_text),
            d.describe(now, l)
        );
        fields.push((c("deadline", "时限", "Deadline"), text.into()));
    }
    for e in &t.history {
        fields.push((c("history", "记录", "History"), history_line(e).into()));
    }
    let mut full = serde_json::to_value(&t).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(m) = &mut full {
        m.insert("phone".into(), phone.into());
        m.insert("paused".into(), t.is_paused().into());
        m.insert(
            "deadlines".into(),
            serde_json::to_value(&ds).map_err(|e| Error::data(e.to_string()))?,
        );
    }
    let sheet = Sheet { fields, full };
    ctx.out.print(&sheet.render(ctx.format, l)?)
}

fn stats(ctx: &Ctx, month: Option<&str>) -> Result<()> {
    let month = match month {
        Some(m) => crate::cli::bill::parse_month(m)?,
        None => ctx.today.with_day(1).unwrap_or(ctx.today),
    };
    let tickets = ctx.store.load_all::<Ticket>()?;
    // A past month is judged as it stood at its end; this month, as it stands now.
    let mut clocks = clocks(ctx);
    clocks.now = stats::judged_at(month, ctx.today, clocks.now, clocks.tz);
    let s = stats::month_stats(&tickets, month, &clocks);
    match ctx.format {
        crate::output::Format::Json | crate::output::Format::Yaml => {
            let v = serde_json::to_value(&s).map_err(|e| Error::data(e.to_string()))?;
            let sheet = Sheet {
                fields: Vec::new(),
                full: v,
            };
            ctx.out.print(&sheet.render(ctx.format, ctx.locale)?)
        }
        _ => ctx
            .out
            .print(&stats_listing(&s, ctx.locale).render(ctx.format, ctx.locale)?),
    }
}

fn stats_listing(s: &MonthStats, l: Locale) -> Listing {
    let zh = l == Locale::ZhCn;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |key: String, label: String, value: Cell, target: Cell| {
        rows.push(vec![Cell::shown_as(key, label), value, target]);
    };
    let none = || Cell::from(Value::Null);
    row(
        "month".into(),
        (if zh { "月份" } else { "month" }).into(),
        s.month.clone().into(),
        none(),
    );
    row(
        "tickets".into(),
        (if zh { "工单总数" } else { "tickets" }).into(),
        s.tickets.into(),
        none(),
    );
    for (k, n) in &s.by_kind {
        let label = k
            .parse::<Kind>()
            .map_or(k.clone(), |k| k.label(l).to_string());
        row(
            format!("kind:{k}"),
            format!("{} {label}", if zh { "类别" } else { "kind" }),
            (*n).into(),
            none(),
        );
    }
    for (k, n) in &s.by_category {
        row(
            format!("category:{k}"),
            format!("{} {k}", if zh { "分类" } else { "category" }),
            (*n).into(),
            none(),
        );
    }
    for (k, n) in &s.by_priority {
        let label = k
            .parse::<Priority>()
            .map_or(k.clone(), |p| p.label(l).to_string());
        row(
            format!("priority:{k}"),
            format!("{} {label}", if zh { "紧急程度" } else { "priority" }),
            (*n).into(),
            none(),
        );
    }
    let rate = |r: stats::Rate| Cell::shown_as(r.to_string(), r.to_string());
    row(
        "response_on_time".into(),
        (if zh {
            "到场及时率"
        } else {
            "response on time"
        })
        .into(),
        rate(s.response_on_time),
        none(),
    );
    row(
        "completion_on_time".into(),
        (if zh {
            "完工及时率"
        } else {
            "completion on time"
        })
        .into(),
        rate(s.completion_on_time),
        none(),
    );
    for t in &s.targets {
        let target = format!(
            "{} {}% {}",
            if zh { "目标" } else { "target" },
            t.target_percent,
            match (t.met, zh) {
                (true, true) => "达标",
                (false, true) => "未达标",
                (true, false) => "met",
                (false, false) => "missed",
            }
        );
        row(
            t.name.replace(' ', "_"),
            (if zh { t.zh } else { t.name }).into(),
            rate(t.actual),
            target.into(),
        );
    }
    row(
        "phone_callbacks".into(),
        (if zh {
            "电话回访比例"
        } else {
            "phone callbacks"
        })
        .into(),
        rate(s.phone),
        none(),
    );
    row(
        "complaints".into(),
        (if zh { "投诉" } else { "complaints" }).into(),
        s.complaints.into(),
        none(),
    );
    row(
        "valid_complaints".into(),
        (if zh {
            "有效投诉"
        } else {
            "valid complaints"
        })
        .into(),
        s.valid_complaints.into(),
        none(),
    );
    row(
        "complaint_replies_on_time".into(),
        (if zh {
            "投诉答复及时率"
        } else {
            "complaint replies on time"
        })
        .into(),
        rate(s.complaint_replies_on_time),
        none(),
    );
    row(
        "repeat_complaints".into(),
        (if zh {
            "二次投诉"
        } else {
            "repeat complaints"
        })
        .into(),
        s.repeat_complaints.into(),
        none(),
    );
    row(
        "repair_revenue".into(),
        (if zh {
            "有偿维修收入"
        } else {
            "chargeable repair revenue"
        })
        .into(),
        Cell::money(s.repair_revenue),
        none(),
    );
    row(
        "special_service_revenue".into(),
        (if zh {
            "特约服务收入"
        } else {
            "special-service revenue"
        })
        .into(),
        Cell::money(s.special_service_revenue),
        none(),
    );
    Listing {
        columns: vec![
            Column::new("figure", "项目", "Figure"),
            Column::new("value", "数值", "Value"),
            Column::new("target", "目标", "Target"),
        ],
        rows,
    }
}

/// The values of a ticket's notice: the ticket (typed in part), its values, and the
/// language (the unit's billed party's, else the office's).
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &crate::procedure::notice::NoticeDef,
    typed: &str,
) -> Result<(String, tera::Context, Locale)> {
    use crate::procedure::ticket::notices::*;
    let t = find(ctx, typed)?;
    let fits = if *which == WORK_ORDER {
        t.kind.is_work()
    } else if *which == SERVICE_SLIP {
        t.kind == Kind::SpecialService || t.chargeable()
    } else if *which == COMPLAINT_REPORT {
        t.kind == Kind::Complaint
    } else {
        true
    };
    if !fits {
        return Err(Error::usage(format!(
            "ticket {} is {}: the {} is not for it",
            t.id,
            crate::procedure::ticket::a_kind(t.kind),
            which.name
        ))
        .with_hint(match t.kind {
            Kind::Complaint => "a complaint has a complaint-report and a callback-record",
            Kind::Inquiry => "an inquiry has a callback-record only",
            _ => "a repair has a work-order, a callback-record, and a service-slip once quoted",
        }));
    }
    let locale = match &t.unit {
        Some(u) => {
            let unit: Unit = ctx.store.get(u)?;
            money::addressee(ctx, &ctx.store, &unit)?.locale
        }
        None => ctx.locale_flag.unwrap_or(ctx.settings.config.locale),
    };
    let deadlines = clocks(ctx).deadlines(&t);
    let values = crate::procedure::ticket::notices::values(
        ctx.settings.config.letterhead(),
        &t,
        &deadlines,
        ctx.stamp(),
        &crate::model::locale::long_date(ctx.today, locale),
        locale,
        ctx.reveal,
    );
    Ok((t.id, values, locale))
}
