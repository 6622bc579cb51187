//! `propdesk moveout`: from the written notice to the unit handed back and the
//! deposit refunded.

use chrono::{NaiveDate, NaiveTime};
use clap::Subcommand;
use serde_json::Value;

use crate::cli::money::{self, books, file_notice};
use crate::cli::movein::{key_set, meter_reading};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::{self, IdKind};
use crate::model::ledger::{Ledger, PayMethod};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::{Party, Role};
use crate::model::unit::{Unit, UnitStatus};
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::dunning::{self, CaseStatus, DunningCase};
use crate::procedure::fees::accounts::{self, NewCharge};
use crate::procedure::movein::{self, KeySet, Meter, MeterValue, MoveIn};
use crate::procedure::moveout::notices::{SETTLEMENT, UNIT_AVAILABLE};
use crate::procedure::moveout::{
    self, Act, Around, Cost, Lift, MoveOut, Notice as WrittenNotice, Section, Settlement, Status,
    Terms, settle,
};
use crate::procedure::notice::NoticeDef;
use crate::procedure::permit::{self, Kind as PermitKind, Permit};
use crate::render::Renderer;
use crate::store::{Changes, Record};

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
        #[arg(long, value_parser = time_range)]
        time: (NaiveTime, NaiveTime),
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
        #[arg(long = "meter", value_parser = meter_reading)]
        meters: Vec<(Meter, MeterValue)>,
        /// The last reading billed, when not the move-in's: electricity=12800.
        #[arg(long = "last", value_parser = meter_reading)]
        last: Vec<(Meter, MeterValue)>,
        /// A damaged item of the handover checklist, ITEM=DESCRIPTION.
        #[arg(long = "damage", value_parser = item_text)]
        damages: Vec<(String, String)>,
        /// The price of a damage, ITEM=AMOUNT.
        #[arg(long = "price", value_parser = item_price)]
        prices: Vec<(String, Money)>,
    },
    /// Keys returned to security, counted against the move-in handover.
    Keys {
        id: String,
        /// KIND=COUNT, once per kind: door=2, mailbox=1.
        #[arg(long = "key", required = true, value_parser = key_set)]
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

fn time_range(s: &str) -> std::result::Result<(NaiveTime, NaiveTime), String> {
    let bad = || format!("{s:?}: expected HH:MM-HH:MM, like 09:00-12:00");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
    Ok((t(a)?, t(b)?))
}

fn item_text(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((i, d)) if !i.trim().is_empty() && !d.trim().is_empty() => {
            Ok((i.trim().to_string(), d.trim().to_string()))
        }
        _ => Err(format!(
            "{s:?}: expected ITEM=DESCRIPTION, like walls=墙面大面积污损"
        )),
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
        Some(Cmd::Consent { id, signed_by }) => {
            step(ctx, &id, "owner's consent recorded", |m, act| {
                m.consent(act, &signed_by).map_err(Error::from)
            })
        }
        Some(Cmd::Lift { id, day, time }) => lift(ctx, &id, day, time),
        Some(Cmd::ExitPass { id, items }) => exit_pass(ctx, &id, &items),
        Some(Cmd::Restore {
            id,
            permit,
            cost,
            text,
        }) => restore(ctx, &id, permit, cost.zip(text)),
        Some(Cmd::Inspect {
            id,
            attendees,
            meters,
            last,
            damages,
            prices,
        }) => inspect(ctx, &id, &attendees, &meters, &last, &damages, &prices),
        Some(Cmd::Keys {
            id,
            keys,
            received_by,
            charge,
        }) => return_keys(ctx, &id, keys, &received_by, charge),
        Some(Cmd::Cleaning { id, with }) => step(ctx, &id, "cleaning arranged", |m, act| {
            m.arrange_cleaning(act, &with).map_err(Error::from)
        }),
        Some(Cmd::Settle { id }) => settle_cmd(ctx, &id),
        Some(Cmd::Refund {
            id,
            method,
            reference,
        }) => refund(ctx, &id, method, reference),
        Some(Cmd::Complete { id }) => complete(ctx, &id),
    }
}

fn act(ctx: &Ctx) -> Act<'_> {
    Act {
        by: &ctx.user,
        at: ctx.stamp(),
        today: ctx.today,
    }
}

/// The move-out an ID typed in part names.
pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<MoveOut> {
    crate::cli::find_record(ctx, typed, "moveout --all")
}

/// Loads a move-out, applies one step under the lock, saves, says what happened.
fn step(
    ctx: &Ctx,
    typed: &str,
    what: &str,
    f: impl FnOnce(&mut MoveOut, Act) -> Result<()>,
) -> Result<()> {
    let m: MoveOut =
        crate::cli::record_step(ctx, typed, "moveout --all", what, |m| f(m, act(ctx)))?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{}: {what}\n", m.id))?;
    }
    Ok(())
}

/// The move-in the move-out compares against.
fn movein_of(ctx: &Ctx, m: &MoveOut) -> Result<Option<MoveIn>> {
    match &m.movein {
        Some(id) => ctx.store.load::<MoveIn>(id),
        None => Ok(None),
    }
}

/// What the rest of the office says about `m`: its goods exit pass, restoration
/// permit, and the unit's permits still holding deposits.
fn around(ctx: &Ctx, m: &MoveOut) -> Result<Around> {
    // Only the unit's permits say anything about its move-out (its pass and
    // restoration permit are the unit's too).
    let permits = ctx
        .store
        .load_each(|p: Permit| Ok((p.unit == m.unit).then_some(p)))?;
    around_with(ctx, m, &permits)
}

fn around_with(ctx: &Ctx, m: &MoveOut, permits: &[Permit]) -> Result<Around> {
    Ok(Around::of(m, permits, &ctx.settings.config.permit))
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let unit_id = ids::normalize_unit(&a.unit)?;
    let mut unit: Unit = ctx.store.get(&unit_id)?;
    let Some(party) = unit
        .occupant
        .clone()
        .filter(|_| unit.status == UnitStatus::Occupied)
    else {
        return Err(Error::data(format!(
            "unit {} has no occupant ({}): nobody to move out",
            unit.id, unit.status
        )));
    };
    for other in ctx.store.load_all::<MoveOut>()? {
        if other.unit == unit.id && other.status == Status::InProgress {
            return Err(Error::data(format!(
                "unit {} already has a move-out in progress: {}",
                unit.id, other.id
            )));
        }
    }
    let role = if unit.owner.as_deref() == Some(party.as_str()) {
        Role::Owner
    } else {
        Role::Tenant
    };
    let movein = ctx
        .store
        .load_all::<MoveIn>()?
        .into_iter()
        .filter(|x| x.unit == unit.id && x.party == party && x.status == movein::Status::Completed)
        .max_by_key(|x| (x.completed, x.id.clone()));
    let id = ctx.new_id(IdKind::MoveOut, MoveOut::rel_path)?;
    let m = MoveOut::new(
        &id,
        WrittenNotice {
            unit: unit.id.clone(),
            party: party.clone(),
            role,
            notice_date: a.notice_date.unwrap_or(ctx.today),
            date: a.move_out,
            lease_end: a.lease_end.or(movein.as_ref().and_then(|x| x.lease_end)),
            movein: movein.as_ref().map(|x| x.id.clone()),
            restoration_required: a.restore,
            terms: a.terms.terms(),
        },
        &ctx.settings.config.moveout,
        act(ctx),
    )?;
    stop_billing(ctx, &mut unit, &m, "moving-out")?;
    let mut changes = Changes::new(format!(
        "move-out {id}: {party} out of {} on {}",
        unit.id, m.date
    ));
    changes.create(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{id}\n"))?;
        if let Some(s) = &m.short_notice {
            eprintln!(
                "{id}: short notice approved by {} ({})",
                s.approved_by, s.reason
            );
        }
    }
    Ok(())
}

/// Billing stops at the move-out date (`fees_until`), noted in the unit's history.
fn stop_billing(ctx: &Ctx, unit: &mut Unit, m: &MoveOut, event: &str) -> Result<()> {
    let old = unit.fees_until;
    unit.fees_until = Some(m.date);
    crate::registry::validate_unit(&ctx.store, unit)?;
    unit.history.push(Entry::new(
        ctx.stamp(),
        &ctx.user,
        event,
        Some(format!(
            "{}: {} moves out on {}; billed until {} (was {})",
            m.id,
            m.party,
            m.date,
            m.date,
            old.map_or("unset".to_string(), |d| d.to_string())
        )),
    ));
    Ok(())
}

fn reschedule(ctx: &Ctx, typed: &str, date: NaiveDate, terms: Terms) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    m.reschedule(act(ctx), &ctx.settings.config.moveout, date, &terms)?;
    let mut unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    stop_billing(ctx, &mut unit, &m, "moving-out")?;
    let mut changes = Changes::new(format!("move-out {}: rescheduled to {date}", m.id));
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: moves out on {date}; billed until {date}\n",
            m.id
        ))?;
    }
    Ok(())
}

fn lift(ctx: &Ctx, typed: &str, day: NaiveDate, time: (NaiveTime, NaiveTime)) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let taken: Vec<(String, Lift)> = ctx
        .store
        .load_all::<MoveOut>()?
        .into_iter()
        .filter(|o| o.id != m.id && o.status == Status::InProgress)
        .filter_map(|o| o.lift.map(|l| (o.id, l)))
        .collect();
    let booking = Lift {
        date: day,
        from: time.0,
        to: time.1,
    };
    m.book_lift(act(ctx), booking, &taken)?;
    let mut changes = Changes::new(format!("move-out {}: goods lift booked {booking}", m.id));
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out
            .print(&format!("{}: goods lift booked {booking}\n", m.id))?;
    }
    Ok(())
}

fn exit_pass(ctx: &Ctx, typed: &str, items: &[String]) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    // Refused before an ID is taken: no lift booked, or a pass already issued.
    let booking = m.may_issue_exit_pass()?;
    let pid = ctx.new_id(IdKind::Permit, Permit::rel_path)?;
    let p = m.issue_exit_pass(act(ctx), &pid, items)?;
    let mut changes = Changes::new(format!("move-out {}: goods exit pass {pid}", m.id));
    changes.create(&ctx.store, &p)?;
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{pid}\n"))?;
        eprintln!(
            "{}: goods exit pass {pid} for {booking}: signed by the owner side, the tenant side, then the desk (propdesk permit sign-exit {pid} --side owner|tenant|desk --signed-by NAME)",
            m.id
        );
    }
    Ok(())
}

/// Posts the move-out's charges not yet on the ledger (energy, damages, restoration
/// costs), due today, with the move-out as reference.
fn post_charges(ctx: &Ctx, m: &mut MoveOut, ledger: &mut Ledger) -> Result<Money> {
    let clerk = money::clerk(ctx);
    let mut total = 0;
    for (section, index, item, amount, text) in m.uncharged(ctx.settings.config.locale) {
        let words = match (section, ctx.settings.config.locale) {
            (Section::Energy, Locale::ZhCn) => format!("退租能源费：{text}"),
            (Section::Energy, Locale::En) => format!("Final energy: {text}"),
            (Section::Damage, Locale::ZhCn) => format!("退租验房损坏赔偿：{text}"),
            (Section::Damage, Locale::En) => format!("Move-out damage: {text}"),
            (_, Locale::ZhCn) => format!("恢复原状费用：{text}"),
            (_, Locale::En) => format!("Restoration: {text}"),
        };
        let no = accounts::charge(
            ledger,
            clerk,
            NewCharge {
                item,
                amount,
                text: words,
                due: ctx.today,
                reference: Some(m.id.clone()),
            },
        )?;
        m.charged(section, index, no);
        total += amount.minor();
    }
    Ok(Money::from_minor(total))
}

fn restore(
    ctx: &Ctx,
    typed: &str,
    permit_typed: Option<String>,
    cost: Option<(Money, String)>,
) -> Result<()> {
    if permit_typed.is_none() && cost.is_none() {
        return Err(Error::usage(
            "give the restoration works' permit (--permit PM-ID) or a cost (--cost AMOUNT --for TEXT)",
        ));
    }
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let mut lines = Vec::new();
    let mut changes = Changes::new(format!("move-out {}: restoration", m.id));
    if let Some(t) = permit_typed {
        let p: Permit = crate::cli::find_record(ctx, &t, "permit --all")?;
        if p.kind() != PermitKind::Renovation || p.unit != m.unit {
            return Err(Error::data(format!(
                "permit {} is a {} permit of {}: restoration needs a renovation permit of {}",
                p.id,
                p.kind(),
                p.unit,
                m.unit
            )));
        }
        m.link_restoration(act(ctx), &p.id)?;
        lines.push(format!(
            "{}: restoration works under {} ({})",
            m.id,
            p.id,
            p.status()
        ));
    }
    if let Some((amount, text)) = cost {
        m.restoration_cost(
            act(ctx),
            Cost {
                item: "restoration".into(),
                description: crate::procedure::nonempty("what it is for (--for)", &text)?,
                amount,
                entry: None,
            },
        )?;
        let (_, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
        books(ctx).state(&ledger)?;
        post_charges(ctx, &mut m, &mut ledger)?;
        changes.update(&ctx.store, &ledger)?;
        lines.push(format!(
            "{}: restoration cost {} charged to {}",
            m.id,
            amount.grouped(),
            m.unit
        ));
    }
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn inspect(
    ctx: &Ctx,
    typed: &str,
    attendees: &[String],
    meters: &[(Meter, MeterValue)],
    last: &[(Meter, MeterValue)],
    damages: &[(String, String)],
    prices: &[(String, Money)],
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    books(ctx).state(&ledger)?;
    let mut priced = Vec::new();
    for (item, text) in damages {
        let Some((_, amount)) = prices.iter().find(|(i, _)| i == item) else {
            return Err(Error::usage(format!(
                "the damage to {item} has no price: --price {item}=AMOUNT"
            )));
        };
        priced.push((item.clone(), text.clone(), *amount));
    }
    if let Some((item, _)) = prices
        .iter()
        .find(|(i, _)| !damages.iter().any(|(d, _)| d == i))
    {
        return Err(Error::usage(format!(
            "--price {item}=... prices no damage: describe it with --damage {item}=DESCRIPTION"
        )));
    }
    let baseline = movein_of(ctx, &m)?;
    let around = around(ctx, &m)?;
    let accepted = matches!(
        around.restoration,
        Some((permit::Status::Accepted | permit::Status::Closed, _))
    );
    let rules = &ctx.settings.config;
    m.inspect(
        act(ctx),
        &rules.moveout,
        &moveout::checklist(&rules.movein, unit.usage),
        rules.movein.meters.get(unit.usage),
        baseline.as_ref(),
        attendees,
        meters,
        last,
        &priced,
        accepted,
    )?;
    let charged = post_charges(ctx, &mut m, &mut ledger)?;
    let mut changes = Changes::new(format!("move-out {}: inspected", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let mut lines = vec![format!("{}: inspected", m.id)];
        if let Some(i) = &m.inspection {
            for r in &i.meters {
                lines.push(format!(
                    "{}: {} {} → {}: {} × {} = {}",
                    m.id,
                    r.meter,
                    r.last,
                    r.reading,
                    r.used(),
                    r.price,
                    r.amount.grouped()
                ));
            }
            for f in i.facilities.iter().filter(|f| f.damaged()) {
                lines.push(format!(
                    "{}: {} damaged since move-in: {}",
                    m.id,
                    f.item,
                    f.note.as_deref().unwrap_or("")
                ));
            }
        }
        lines.push(format!(
            "{}: {} charged to {}",
            m.id,
            charged.grouped(),
            m.unit
        ));
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

fn return_keys(
    ctx: &Ctx,
    typed: &str,
    keys: Vec<KeySet>,
    received_by: &str,
    charge: Option<Money>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let baseline = movein_of(ctx, &m)?;
    let expected = moveout::keys_handed(baseline.as_ref());
    m.return_keys(act(ctx), keys, &expected, received_by, charge)?;
    let mut changes = Changes::new(format!("move-out {}: keys returned", m.id));
    let mut line = format!(
        "{}: {} key(s) returned{}",
        m.id,
        m.keys.as_ref().map_or(0, |k| k.count()),
        if expected.is_empty() {
            " (no move-in handover to count against)".to_string()
        } else {
            format!(" of {}", expected.iter().map(|k| k.count).sum::<u32>())
        }
    );
    if charge.is_some() {
        let (_, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
        books(ctx).state(&ledger)?;
        let total = post_charges(ctx, &mut m, &mut ledger)?;
        changes.update(&ctx.store, &ledger)?;
        line.push_str(&format!(
            "; {} charged for keys not returned",
            total.grouped()
        ));
    }
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{line}\n"))?;
    }
    Ok(())
}

/// Settles `m` on `ledger` (the real one, or a copy for the preview).
fn run_settlement(
    ctx: &Ctx,
    m: &MoveOut,
    unit: &Unit,
    ledger: &mut Ledger,
    around: &Around,
) -> Result<Settlement> {
    let accepted = m.accepted_on(around).ok_or_else(|| {
        Error::data(format!(
            "move-out {} is not inspected: the settlement follows the acceptance",
            m.id
        ))
    })?;
    settle::settle(
        &books(ctx),
        ledger,
        unit,
        m,
        accepted,
        &ctx.settings.config.moveout,
        money::clerk(ctx),
    )
}

fn settle_cmd(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    if let Some(s) = &m.settlement {
        return Err(
            Error::data(format!("move-out {} was settled on {}", m.id, s.date))
                .with_hint(format!("`propdesk moveout statement {}` shows it", m.id)),
        );
    }
    m.open()?;
    let around = around(ctx, &m)?;
    let missing = m.missing_to_settle(&around);
    if !missing.is_empty() {
        return Err(Error::data(format!(
            "move-out {} cannot be settled yet; missing:\n  - {}",
            m.id,
            missing.join("\n  - ")
        )));
    }
    refund_owed_before(ctx, &m)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let s = run_settlement(ctx, &m, &unit, &mut ledger, &around)?;
    m.settled(act(ctx), s.clone())?;
    let mut changes = Changes::new(format!("move-out {}: settled", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    let (values, locale) = notice_values_for(ctx, &m, &unit)?;
    let path = file_notice(
        ctx,
        &Renderer::new(ctx.root())?,
        &mut changes,
        &SETTLEMENT,
        &m.id,
        locale,
        &values,
    )?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let mut out = statement_text(&m, &s);
        out.push_str(&format!("{}\n", crate::store::shown(&path)));
        ctx.out.print(&out)?;
    }
    Ok(())
}

/// An earlier occupant's refund not yet paid is held on the same ledger as this
/// occupant's deposits and credit: it is paid first, so that a settlement never counts
/// one occupant's money as another's.
fn refund_owed_before(ctx: &Ctx, m: &MoveOut) -> Result<()> {
    let owed = ctx.store.load_each(|o: MoveOut| {
        Ok((o.unit == m.unit && o.id != m.id)
            .then(|| {
                o.refund_due()
                    .map(|(amount, due)| (o.id, o.party, amount, due))
            })
            .flatten())
    })?;
    match owed.first() {
        None => Ok(()),
        Some((id, party, amount, due)) => Err(Error::data(format!(
            "move-out {} cannot be settled yet: the refund of {} to {party} settled by move-out {id} (due {due}) is not paid, and it is held on the same ledger",
            m.id,
            amount.grouped()
        ))
        .with_hint(format!("pay it first: propdesk moveout refund {id}"))),
    }
}

/// The statement as lines of text, for the desk.
fn statement_text(m: &MoveOut, s: &Settlement) -> String {
    let mut out = format!(
        "{}: settlement of {} ({}), billed through {}\n",
        m.id, m.unit, m.party, s.billed_through
    );
    for l in s.lines.iter().filter(|l| l.section == Section::Billing) {
        out.push_str(&format!(
            "  billing   #{:<4} {:>12}  {}\n",
            l.entry,
            l.charged.grouped(),
            l.text
        ));
    }
    for h in &s.deposits {
        out.push_str(&format!(
            "  deposit   {:<5} {:>12}  held\n",
            h.kind.as_str(),
            h.amount.grouped()
        ));
    }
    if s.credit.minor() > 0 {
        out.push_str(&format!(
            "  credit          {:>12}  paid in advance\n",
            s.credit.grouped()
        ));
    }
    for l in s.lines.iter().filter(|l| l.section != Section::Billing) {
        let paid = if l.amount == l.charged {
            String::new()
        } else {
            format!(
                " (of {} charged, {} cleared already)",
                l.charged.grouped(),
                Money::from_minor(l.charged.minor() - l.amount.minor()).grouped()
            )
        };
        let owed = if l.amount.is_zero() {
            l.amount.grouped()
        } else {
            format!("-{}", l.amount.grouped())
        };
        out.push_str(&format!(
            "  {:<9} #{:<4} {owed:>12}  {}{paid}\n",
            l.section.as_str(),
            l.entry,
            l.text
        ));
    }
    if s.refund.minor() > 0 {
        out.push_str(&format!(
            "  refund          {:>12}  due by {}\n",
            s.refund.grouped(),
            s.refund_due.map(|d| d.to_string()).unwrap_or_default()
        ));
    } else if s.owed.minor() > 0 {
        out.push_str(&format!("  still owed      {:>12}\n", s.owed.grouped()));
    } else {
        out.push_str("  nothing to refund, nothing owed\n");
    }
    out
}

fn statement(ctx: &Ctx, typed: &str) -> Result<()> {
    let m = find(ctx, typed)?;
    let (settlement, preview) = match &m.settlement {
        Some(s) => (s.clone(), false),
        None => {
            refund_owed_before(ctx, &m)?;
            let around = around(ctx, &m)?;
            let (unit, mut copy) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
            // Settling today, on a copy of the ledger. Before the inspection there is
            // no acceptance day, so no refund deadline either.
            let mut s = settle::settle(
                &books(ctx),
                &mut copy,
                &unit,
                &m,
                m.accepted_on(&around).unwrap_or(ctx.today),
                &ctx.settings.config.moveout,
                money::clerk(ctx),
            )?;
            if m.inspection.is_none() {
                s.refund_due = None;
            }
            (s, true)
        }
    };
    if ctx.format != crate::output::Format::Table {
        let mut v = serde_json::to_value(&settlement).map_err(|e| Error::data(e.to_string()))?;
        if let Value::Object(o) = &mut v {
            o.insert("moveout".into(), m.id.clone().into());
            o.insert("preview".into(), preview.into());
            o.insert("held".into(), settlement.held().to_string().into());
            o.insert(
                "owed_total".into(),
                settlement.owed_total().to_string().into(),
            );
        }
        let text = serde_json::to_string_pretty(&v).map_err(|e| Error::data(e.to_string()))?;
        return ctx.out.print(&(text + "\n"));
    }
    let mut out = statement_text(&m, &settlement);
    if preview {
        out.push_str(&format!(
            "  preview: not settled; `propdesk moveout settle {}` posts it\n",
            m.id
        ));
    }
    ctx.out.print(&out)
}

fn refund(
    ctx: &Ctx,
    typed: &str,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    m.may_refund()?;
    let s = m.settlement.clone().expect("a settled move-out");
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let entries = settle::pay_refund(
        &books(ctx),
        &mut ledger,
        &s,
        money::clerk(ctx),
        method,
        reference,
    )?;
    let amount = m.refunded(act(ctx), entries)?;
    let mut changes = Changes::new(format!("move-out {}: refund {amount} paid", m.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let late = s
            .refund_due
            .filter(|d| ctx.today > *d)
            .map_or(String::new(), |d| {
                format!(
                    " ({} day(s) after the due day {d})",
                    (ctx.today - d).num_days()
                )
            });
        ctx.out.print(&format!(
            "{}: refund {} paid to {}{late}\n",
            m.id,
            amount.grouped(),
            m.party
        ))?;
    }
    Ok(())
}

fn complete(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let around = around(ctx, &m)?;
    let (mut unit, ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let books = books(ctx);
    let state = books.state(&ledger)?;
    let owed = Money::from_minor(state.open().map(|c| c.outstanding.minor()).sum());
    m.complete(act(ctx), &around, Some(owed))?;
    if unit.occupant.as_deref() != Some(m.party.as_str()) {
        return Err(Error::data(format!(
            "unit {} is occupied by {}, not {}: the unit changed since the notice",
            unit.id,
            unit.occupant.as_deref().unwrap_or("nobody"),
            m.party
        )));
    }
    let old = (unit.occupant.clone(), unit.status);
    unit.occupant = None;
    unit.status = UnitStatus::Vacant;
    unit.fees_until = Some(m.date);
    crate::registry::validate_unit(&ctx.store, &unit)?;
    unit.history.push(Entry::new(
        ctx.stamp(),
        &ctx.user,
        "moved-out",
        Some(format!(
            "{}: occupant none (was {}), status vacant (was {}), billed until {}",
            m.id,
            old.0.as_deref().unwrap_or("none"),
            old.1,
            m.date
        )),
    ));
    let mut changes = Changes::new(format!("move-out {}: completed", m.id));
    let mut lines = vec![format!(
        "{}: completed; {} vacant, billed until {}",
        m.id, m.unit, m.date
    )];
    // The dunning case: closed if nothing is overdue, else carried as the party's debt.
    if let Some(mut case) = ctx.store.load::<DunningCase>(&m.unit)?
        && case.status == CaseStatus::Open
    {
        let stamp = money::stamp(ctx);
        if owed.is_zero() {
            let mut c = Some(case);
            dunning::advance(
                &mut c,
                &ledger,
                &state,
                &ctx.settings.config.dunning,
                &ctx.settings.calendar,
                stamp,
            );
            case = c.expect("the case");
            lines.push(format!("{}: dunning case of {} closed", m.id, m.unit));
        } else {
            case.carry(
                stamp,
                format!("{} moved out ({}): {owed} carried as a debt", m.party, m.id),
            );
            lines.push(format!(
                "{}: dunning case of {} carried: {} owed by {}",
                m.id,
                m.unit,
                owed.grouped(),
                m.party
            ));
        }
        changes.update(&ctx.store, &case)?;
    } else if owed.minor() > 0 {
        lines.push(format!(
            "{}: {} still owed by {}, carried as a debt",
            m.id,
            owed.grouped(),
            m.party
        ));
    }
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    // Leasing is told the unit can be let (工作联系单).
    let (values, locale) = notice_values_for(ctx, &m, &unit)?;
    let path = file_notice(
        ctx,
        &Renderer::new(ctx.root())?,
        &mut changes,
        &UNIT_AVAILABLE,
        &m.id,
        locale,
        &values,
    )?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        lines.push(format!(
            "{}: leasing told the unit can be let: {}",
            m.id,
            crate::store::shown(&path)
        ));
        if let Some((amount, due)) = m.refund_due() {
            lines.push(format!(
                "{}: refund {} due by {due}",
                m.id,
                amount.grouped()
            ));
        }
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

const ID: Column = Column::new("id", "编号", "ID");
const UNIT: Column = Column::new("unit", "单元", "Unit");
const PARTY: Column = Column::new("party", "退租方", "Party");
const STATUS: Column = Column::new("status", "状态", "Status");
const DATE: Column = Column::new("move_out", "退租日", "Move-out");
const WAITING: Column = Column::new("waiting_for", "待办", "Waiting for");

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let mut ms = ctx.store.load_each(|m: MoveOut| {
        Ok((all || m.status == Status::InProgress || m.refund_due().is_some()).then_some(m))
    })?;
    ms.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let units: std::collections::HashSet<&str> = ms.iter().map(|m| m.unit.as_str()).collect();
    let permits = if ms.is_empty() {
        Vec::new()
    } else {
        ctx.store
            .load_each(|p: Permit| Ok(units.contains(p.unit.as_str()).then_some(p)))?
    };
    let l = ctx.locale;
    let mut rows = Vec::new();
    for m in &ms {
        let a = around_with(ctx, m, &permits)?;
        let waiting = match m.status {
            Status::InProgress => Cell::shown_as(m.missing(&a), m.waiting_for(&a)),
            Status::Completed => match m.refund_due() {
                Some(_) => Cell::shown_as(vec![m.waiting_for(&a)], m.waiting_for(&a)),
                None => Cell::from(Value::Null),
            },
        };
        rows.push(vec![
            m.id.clone().into(),
            m.unit.clone().into(),
            m.party.clone().into(),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
            m.date.to_string().into(),
            waiting,
        ]);
    }
    let listing = Listing {
        columns: vec![ID, UNIT, PARTY, STATUS, DATE, WAITING],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, l)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let m = find(ctx, typed)?;
    let l = ctx.locale;
    let a = around(ctx, &m)?;
    let missing = if m.status == Status::InProgress {
        m.missing(&a)
    } else {
        Vec::new()
    };
    let c = |k, zh, en| Column::new(k, zh, en);
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), m.id.clone().into()),
        (c("unit", "单元", "Unit"), m.unit.clone().into()),
        (c("party", "退租方", "Party"), m.party.clone().into()),
        (
            c("role", "身份", "Role"),
            Cell::shown_as(m.role.as_str(), m.role.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
        ),
        (
            c("notice_date", "书面通知日期", "Notice date"),
            m.notice_date.to_string().into(),
        ),
        (
            c("move_out", "退租日", "Move-out"),
            format!(
                "{} ({} day(s) notice)",
                m.date,
                (m.date - m.notice_date).num_days()
            )
            .into(),
        ),
    ];
    if let Some(mi) = &m.movein {
        fields.push((c("movein", "入驻记录", "Move-in"), mi.clone().into()));
    }
    if let Some(e) = m.lease_end {
        fields.push((
            c("lease_end", "租约到期", "Lease end"),
            e.to_string().into(),
        ));
    }
    if let Some(s) = &m.short_notice {
        fields.push((
            c("short_notice", "不足通知期", "Short notice"),
            format!("{} ({})", s.approved_by, s.reason).into(),
        ));
    }
    if let Some(t) = &m.termination {
        fields.push((
            c("termination", "解约协议", "Termination"),
            format!("{} approved by {}", t.agreement, t.approved_by).into(),
        ));
    }
    if let Some(s) = &m.owner_consent {
        fields.push((
            c("owner_consent", "业主同意书", "Owner's consent"),
            format!("{} {}", s.date, s.by).into(),
        ));
    }
    if let Some(lift) = &m.lift {
        fields.push((c("lift", "货梯预约", "Goods lift"), lift.to_string().into()));
    }
    if let Some(p) = &m.goods_exit {
        fields.push((
            c("goods_exit", "放行条", "Goods exit pass"),
            format!(
                "{p} ({})",
                a.goods_exit
                    .map_or("missing".to_string(), |s| s.to_string())
            )
            .into(),
        ));
    }
    if m.restoration_required {
        fields.push((
            c("restoration", "恢复原状", "Restoration"),
            match (&m.restoration, a.restoration) {
                (Some(p), Some((s, _))) => format!("{p} ({s})"),
                (Some(p), None) => format!("{p} (missing)"),
                (None, _) => "required, no permit linked".to_string(),
            }
            .into(),
        ));
    }
    for x in &m.restoration_costs {
        fields.push((
            c("restoration_cost", "恢复原状费用", "Restoration cost"),
            format!("{} {}", x.amount.grouped(), x.description).into(),
        ));
    }
    if let Some(i) = &m.inspection {
        fields.push((
            c("inspection", "退租验房", "Inspection"),
            format!("{} {}", i.date, i.attendees.join(", ")).into(),
        ));
        for r in &i.meters {
            fields.push((
                c("meter", "表读数", "Meter"),
                format!(
                    "{} {} → {} = {} × {} = {}",
                    r.meter.label(l),
                    r.last,
                    r.reading,
                    r.used(),
                    r.price,
                    r.amount.grouped()
                )
                .into(),
            ));
        }
        for f in &i.facilities {
            let mark = |c: movein::Condition| match c {
                movein::Condition::Ok => "✓",
                movein::Condition::Defect => "✗",
            };
            let mut s = format!(
                "{} {} → {}",
                movein::words(&f.item, l),
                f.at_movein.map_or("?", mark),
                mark(f.condition)
            );
            if f.damaged() {
                s.push_str(" damaged");
            }
            if let Some(n) = &f.note {
                s.push_str(&format!(" {n}"));
            }
            fields.push((c("facility", "设施", "Facility"), s.into()));
        }
    }
    for d in &m.damages {
        fields.push((
            c("damage", "损坏赔偿", "Damage"),
            format!(
                "{} {} {}{}",
                movein::words(&d.item, l),
                d.amount.grouped(),
                d.description,
                d.entry.map_or(String::new(), |e| format!(" (entry {e})"))
            )
            .into(),
        ));
    }
    if let Some(k) = &m.keys {
        let sets: Vec<String> = k
            .sets
            .iter()
            .map(|s| format!("{} x{}", s.kind, s.count))
            .collect();
        let mut s = format!(
            "{} ({}) {} {}",
            k.count(),
            sets.join(", "),
            k.date,
            k.received_by
        );
        for (kind, out, back) in k.short() {
            s.push_str(&format!("; {kind}: {back} of {out} returned"));
        }
        fields.push((c("keys", "钥匙交回", "Keys returned"), s.into()));
    }
    if let Some(x) = &m.cleaning {
        fields.push((
            c("cleaning", "保洁安排", "Cleaning"),
            format!("{} {}", x.date, x.with).into(),
        ));
    }
    if let Some(s) = &m.settlement {
        fields.push((
            c("settlement", "费用结算", "Settlement"),
            format!(
                "{}: deposits {} + credit {} − owed {} = {}",
                s.date,
                s.held().grouped(),
                s.credit.grouped(),
                s.owed_total().grouped(),
                s.net().grouped()
            )
            .into(),
        ));
        if let Some((amount, due)) = m.refund_due() {
            fields.push((
                c("refund_due", "应退款", "Refund due"),
                format!("{} by {due}", amount.grouped()).into(),
            ));
        }
    }
    if let Some(r) = &m.refund {
        fields.push((
            c("refund", "已退款", "Refund paid"),
            format!("{} {}", r.date, r.amount.grouped()).into(),
        ));
    }
    if let Some(d) = m.debt {
        fields.push((c("debt", "结转欠款", "Debt carried"), d.grouped().into()));
    }
    if let Some(d) = m.completed {
        fields.push((
            c("completed", "退租完成", "Completed"),
            d.to_string().into(),
        ));
    }
    crate::cli::missing_and_history(&mut fields, &missing, &m.history);
    let mut full = serde_json::to_value(&m).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.into());
        o.insert(
            "refund_due".into(),
            m.refund_due()
                .map(|(a, d)| serde_json::json!({"amount": a.to_string(), "date": d.to_string()}))
                .unwrap_or(Value::Null),
        );
    }
    ctx.out
        .print(&Sheet { fields, full }.render(ctx.format, l)?)
}

/// The values of a move-out's notices and their language (the party's, else the
/// office's).
fn notice_values_for(ctx: &Ctx, m: &MoveOut, unit: &Unit) -> Result<(tera::Context, Locale)> {
    let party = ctx.store.load::<Party>(&m.party)?;
    let owner = match &unit.owner {
        Some(o) => ctx.store.load::<Party>(o)?,
        None => None,
    };
    let locale =
        crate::notice::locale_for(ctx.locale_flag, party.as_ref(), ctx.settings.config.locale);
    let waiting = if m.status == Status::InProgress {
        let a = around(ctx, m)?;
        m.missing(&a)
            .iter()
            .map(|x| moveout::missing_words(x, locale))
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        moveout::notices::values(
            ctx.settings.config.letterhead(),
            &ctx.settings.config.moveout,
            m,
            unit,
            party.as_ref(),
            owner.as_ref(),
            &waiting,
            ctx.today,
            locale,
        ),
        locale,
    ))
}

/// The values of a move-out's notice, for `propdesk notice`.
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &NoticeDef,
    typed: &str,
) -> Result<(String, tera::Context, Locale)> {
    let m = find(ctx, typed)?;
    match () {
        _ if *which == SETTLEMENT && m.settlement.is_none() => {
            return Err(Error::data(format!("move-out {} is not settled", m.id)).with_hint(
                format!(
                    "`propdesk moveout statement {}` previews it; `propdesk moveout settle {}` settles",
                    m.id, m.id
                ),
            ));
        }
        _ if *which == UNIT_AVAILABLE && m.status != Status::Completed => {
            return Err(Error::data(format!(
                "move-out {} is not completed: the unit is not available yet",
                m.id
            )));
        }
        _ => {}
    }
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let (values, locale) = notice_values_for(ctx, &m, &unit)?;
    Ok((m.id, values, locale))
}
