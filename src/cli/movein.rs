//! `propdesk movein`: from leasing's move-in notice to the handover.

use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::Value;

use crate::cli::money::{self, Addressee, books, file_notice};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::{self, IdKind};
use crate::model::ledger::{Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::{Party, Role};
use crate::model::unit::{Unit, UnitStatus};
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::movein::{
    self, Act, Around, KeySet, Meter, MeterValue, MoveIn, Notice as LeasingNotice, Status,
};
use crate::procedure::ticket::Ticket;
use crate::render::Renderer;
use crate::store::{Changes, Record};

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
        #[arg(long = "meter", value_parser = meter_reading)]
        meters: Vec<(Meter, MeterValue)>,
        /// A defective facility, ITEM=DESCRIPTION: walls=窗边墙面裂缝.
        #[arg(long = "defect", value_parser = defect)]
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
        #[arg(long = "key", required = true, value_parser = key_set)]
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

pub(crate) fn meter_reading(s: &str) -> std::result::Result<(Meter, MeterValue), String> {
    let (m, v) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected METER=READING, like electricity=12345.6"))?;
    Ok((m.parse()?, v.parse()?))
}

fn defect(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((i, d)) if !i.trim().is_empty() && !d.trim().is_empty() => {
            Ok((i.trim().to_string(), d.trim().to_string()))
        }
        _ => Err(format!(
            "{s:?}: expected ITEM=DESCRIPTION, like walls=窗边墙面裂缝"
        )),
    }
}

pub(crate) fn key_set(s: &str) -> std::result::Result<KeySet, String> {
    let (k, n) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected KIND=COUNT, like door=2"))?;
    let count: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("{s:?}: the count must be a whole number"))?;
    Ok(KeySet {
        kind: k.trim().to_string(),
        count,
    })
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command {
        None => list(ctx, a.all),
        Some(Cmd::List { all }) => list(ctx, all || a.all),
        Some(Cmd::New(n)) => new(ctx, *n),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Receive { id, items, from }) => {
            step(ctx, &id, "documents received", |m, act, _| {
                m.receive(act, &items, &from).map_err(Error::from)
            })
        }
        Some(Cmd::Handout {
            id,
            items,
            signed_by,
        }) => step(ctx, &id, "handouts signed for", |m, act, _| {
            m.sign_for(act, &items, &signed_by).map_err(Error::from)
        }),
        Some(Cmd::Inspect {
            id,
            attendees,
            meters,
            defects,
            fix_by,
        }) => inspect(ctx, &id, &attendees, &meters, &defects, fix_by),
        Some(Cmd::Bill { id }) => bill(ctx, &id),
        Some(Cmd::Keys {
            id,
            keys,
            signed_by,
        }) => step(ctx, &id, "keys handed over", |m, act, _| {
            m.hand_keys(act, keys, &signed_by).map_err(Error::from)
        }),
        Some(Cmd::Handover { id, signed_by }) => {
            step(ctx, &id, "handover record signed", |m, act, _| {
                m.sign_handover(act, &signed_by).map_err(Error::from)
            })
        }
        Some(Cmd::Complete {
            id,
            reinspect,
            r#override,
            reason,
        }) => complete(ctx, &id, reinspect, r#override.then_some(reason).flatten()),
        Some(Cmd::Reinspect { id, note }) => step(ctx, &id, "re-inspected", |m, act, _| {
            m.reinspected(act, &note).map_err(Error::from)
        }),
        Some(Cmd::Visit { id, note }) => step(ctx, &id, "welcome visit recorded", |m, act, _| {
            m.visit(act, &note).map_err(Error::from)
        }),
    }
}

fn act(ctx: &Ctx) -> Act<'_> {
    Act {
        by: &ctx.user,
        at: ctx.stamp(),
        today: ctx.today,
    }
}

/// The move-in an ID typed in part names.
pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<MoveIn> {
    crate::cli::find_record(ctx, typed, "movein --all")
}

/// Loads a move-in, applies one step under the lock, saves, says what happened.
fn step(
    ctx: &Ctx,
    typed: &str,
    what: &str,
    f: impl FnOnce(&mut MoveIn, Act, &Ctx) -> Result<()>,
) -> Result<()> {
    let m: MoveIn =
        crate::cli::record_step(ctx, typed, "movein --all", what, |m| f(m, act(ctx), ctx))?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{}: {what}\n", m.id))?;
    }
    Ok(())
}

/// What the rest of the office says about `m`: emergency contacts, unpaid move-in
/// charges, deposits short, defects not fixed.
fn around(ctx: &Ctx, m: &MoveIn) -> Result<Around> {
    let party = ctx.store.load::<Party>(&m.party)?;
    let ledger = ctx
        .store
        .load::<Ledger>(&m.unit)?
        .unwrap_or_else(|| Ledger::new(&m.unit));
    let state = books(ctx).state(&ledger)?;
    around_with(ctx, m, party.as_ref(), &state)
}

fn around_with(ctx: &Ctx, m: &MoveIn, party: Option<&Party>, state: &State) -> Result<Around> {
    Around::of(m, party, state, &ctx.settings.config.movein, |id| {
        Ok(ctx.store.load::<Ticket>(id)?.map(|t| t.status))
    })
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let unit_id = ids::normalize_unit(&a.unit)?;
    let unit: Unit = ctx.store.get(&unit_id)?;
    let party_id = crate::registry::resolve_party(&ctx.store, &a.party)?;
    let party: Party = ctx.store.get(&party_id)?;
    if !party.roles.contains(&a.role) {
        return Err(Error::data(format!(
            "{} ({}) does not have the {} role",
            party.id, party.name, a.role
        ))
        .with_hint(format!(
            "add it with `propdesk party edit {} --add-role {}`",
            party.id, a.role
        )));
    }
    if let Some(o) = &unit.occupant
        && unit.status == UnitStatus::Occupied
        && o != &party.id
    {
        return Err(Error::data(format!(
            "unit {} is occupied by {o}: the move-out comes first",
            unit.id
        )));
    }
    if a.role == Role::Owner
        && let Some(owner) = &unit.owner
        && owner != &party.id
    {
        return Err(Error::data(format!(
            "unit {} is owned by {owner}, not {}: an owner moves into their own unit",
            unit.id, party.id
        )));
    }
    for other in ctx.store.load_all::<MoveIn>()? {
        if other.unit == unit.id && other.status == Status::InProgress {
            return Err(Error::data(format!(
                "unit {} already has a move-in in progress: {}",
                unit.id, other.id
            )));
        }
    }
    let id = ctx.new_id(IdKind::MoveIn, MoveIn::rel_path)?;
    let m = MoveIn::new(
        &id,
        LeasingNotice {
            unit: unit.id.clone(),
            party: party.id.clone(),
            role: a.role,
            party_kind: party.kind,
            notice_date: a.notice_date,
            lease_start: a.lease_start,
            lease_end: a.lease_end,
            fees_from: a.fees_from,
            agent: a.agent,
            promises: a.promises,
        },
        &ctx.settings.config.movein,
        act(ctx),
    )?;
    let mut changes = Changes::new(format!("move-in {id}: {} into {}", party.id, unit.id));
    changes.create(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{id}\n"))?;
    }
    Ok(())
}

fn inspect(
    ctx: &Ctx,
    typed: &str,
    attendees: &[String],
    meters: &[(Meter, MeterValue)],
    defects: &[(String, String)],
    fix_by: Option<NaiveDate>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let rules = &ctx.settings.config.movein;
    let fix_by =
        fix_by.unwrap_or_else(|| ctx.today + chrono::Days::new(u64::from(rules.defect_fix_days)));
    if fix_by < ctx.today {
        return Err(Error::data(format!("--fix-by {fix_by} is before today")));
    }
    let found = m.inspect(act(ctx), rules, unit.usage, attendees, meters, defects)?;
    let reporter = ctx
        .store
        .load::<Party>(&m.party)?
        .map_or_else(|| m.party.clone(), |p| p.contact.unwrap_or(p.name));
    let mut changes = Changes::new(format!(
        "move-in {}: inspected, {} defect(s)",
        m.id,
        found.len()
    ));
    let mut lines = vec![format!("{}: inspected", m.id)];
    let locale = ctx.settings.config.locale;
    for (item, description) in &found {
        let tid = ctx.new_id(IdKind::Ticket, |id| {
            // Not yet on disk, but staged: another staged ticket must not get the ID.
            let rel = Ticket::rel_path(id);
            if changes.entries.iter().any(|c| c.rel == rel) {
                std::path::PathBuf::from(".")
            } else {
                rel
            }
        })?;
        let at = ctx.stamp();
        let act = crate::procedure::Act {
            by: &ctx.user,
            at,
            today: ctx.today,
        };
        let t = m.defect_ticket(&tid, item, description, &reporter, fix_by, locale, act)?;
        changes.create(&ctx.store, &t)?;
        lines.push(format!(
            "{}: defect {item}: ticket {tid}, fix by {fix_by}",
            m.id
        ));
    }
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

fn bill(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let (unit, mut ledger) = money::unit_and_ledger_of(ctx, &m, &m.unit)?;
    let config = &ctx.settings.config;
    let books = books(ctx);
    books.state(&ledger)?;
    let clerk = money::clerk(ctx);
    let crate::procedure::movein::bill::Bill {
        entries: new,
        month,
        due,
        billed,
    } = crate::procedure::movein::bill::charge(
        &books,
        &config.movein,
        &mut ledger,
        &unit,
        &m,
        clerk,
    )?;
    if new.is_empty() {
        let has_fee = config
            .billing
            .fees
            .iter()
            .any(|f| f.uses.contains(&unit.usage));
        return Err(match has_fee {
            true => Error::data(format!(
                "nothing to charge for {}: its fees from {} are already on the ledger",
                m.unit, m.fees_from
            ))
            .with_hint(format!("`propdesk ledger {}` shows them", m.unit)),
            false => Error::data(format!(
                "nothing to charge for {}: [billing] fees has no fee for a {} unit and [movein] charges is empty",
                m.unit, unit.usage
            )),
        });
    }
    let state = books.state(&ledger)?;
    let total = Money::from_minor(
        state
            .charges
            .iter()
            .filter(|c| new.contains(&c.no))
            .map(|c| c.amount.minor())
            .sum(),
    );
    m.billed(act(ctx), &new, total)?;
    let party = ctx.store.load::<Party>(&m.party)?;
    let owner = match &unit.owner {
        Some(o) => ctx.store.load::<Party>(o)?,
        None => None,
    };
    let locale =
        crate::notice::locale_for(ctx.locale_flag, party.as_ref(), ctx.settings.config.locale);
    let to = Addressee {
        party,
        owner,
        locale,
    };
    let values = crate::procedure::fees::notices::payment_notice(
        to.base(ctx, &billed),
        &state,
        &new,
        month,
        due,
        ctx.today,
        locale,
    );
    let mut changes = Changes::new(format!("move-in {}: fees charged ({total})", m.id));
    let renderer = Renderer::new(ctx.root())?;
    let path = file_notice(
        ctx,
        &renderer,
        &mut changes,
        &crate::procedure::fees::notices::PAYMENT_NOTICE,
        &m.id,
        locale,
        &values,
    )?;
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &m)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: {} charged to {} (entries {}); {}\n",
            m.id,
            total.grouped(),
            m.unit,
            new.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            crate::store::shown(&path)
        ))?;
    }
    Ok(())
}

fn complete(
    ctx: &Ctx,
    typed: &str,
    reinspect: Option<NaiveDate>,
    override_reason: Option<String>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut m = find(ctx, typed)?;
    let around = around(ctx, &m)?;
    let mut unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    if let Some(o) = &unit.occupant
        && unit.status == UnitStatus::Occupied
        && o != &m.party
    {
        return Err(Error::data(format!(
            "unit {} is occupied by {o} since this move-in began: the move-out comes first",
            unit.id
        )));
    }
    m.complete(act(ctx), &around, reinspect, override_reason.as_deref())?;
    let old = (unit.occupant.clone(), unit.status, unit.fees_from);
    unit.occupant = Some(m.party.clone());
    let mut owner_note = String::new();
    if m.role == Role::Owner && unit.owner.is_none() {
        unit.owner = Some(m.party.clone());
        owner_note = format!("; owner {} (was none)", m.party);
    }
    unit.status = UnitStatus::Occupied;
    unit.fees_from = Some(m.fees_from);
    unit.fees_until = None;
    crate::registry::validate_unit(&ctx.store, &unit)?;
    unit.history.push(Entry::new(
        ctx.stamp(),
        &ctx.user,
        "moved-in",
        Some(format!(
            "{} ({}); occupant {} (was {}), status occupied (was {}), fees from {} (was {}){owner_note}",
            m.id,
            m.role,
            m.party,
            old.0.as_deref().unwrap_or("none"),
            old.1,
            m.fees_from,
            old.2.map_or("unset".to_string(), |d| d.to_string())
        )),
    ));
    let mut changes = Changes::new(format!("move-in {}: completed", m.id));
    changes.update(&ctx.store, &m)?;
    changes.update(&ctx.store, &unit)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let mut lines = vec![format!(
            "{}: completed; {} occupies {} from {}, billed from {}",
            m.id, m.party, m.unit, ctx.today, m.fees_from
        )];
        if let Some(o) = &m.overridden {
            lines.push(format!(
                "{}: override by {} ({}) of {} missing item(s)",
                m.id,
                o.by,
                o.reason,
                o.missing.len()
            ));
        }
        if let Some(d) = m.reinspection {
            lines.push(format!("{}: re-inspection on {d}", m.id));
        }
        if let Some(d) = m.visit_due(&ctx.settings.config.movein) {
            lines.push(format!("{}: welcome visit due by {d}", m.id));
        }
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

const ID: Column = Column::new("id", "编号", "ID");
const UNIT: Column = Column::new("unit", "单元", "Unit");
const PARTY: Column = Column::new("party", "入驻方", "Party");
const STATUS: Column = Column::new("status", "状态", "Status");
const FEES_FROM: Column = Column::new("fees_from", "起租日", "Fees from");
const WAITING: Column = Column::new("waiting_for", "待办", "Waiting for");

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let mut ms = ctx.store.load_all::<MoveIn>()?;
    ms.retain(|m| all || m.status == Status::InProgress);
    let l = ctx.locale;
    let mut rows = Vec::new();
    for m in &ms {
        let waiting = if m.status == Status::Completed {
            Cell::from(Value::Null)
        } else {
            let a = around(ctx, m)?;
            let missing = m.missing(&a);
            Cell::shown_as(missing.clone(), m.waiting_for(&a))
        };
        rows.push(vec![
            m.id.clone().into(),
            m.unit.clone().into(),
            m.party.clone().into(),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
            m.fees_from.to_string().into(),
            waiting,
        ]);
    }
    let listing = Listing {
        columns: vec![ID, UNIT, PARTY, STATUS, FEES_FROM, WAITING],
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
    let check = |x: &movein::Check| match (&x.date, &x.by) {
        (Some(d), Some(b)) => format!("{} ✓ {d} {b}", movein::words(&x.item, l)),
        _ => format!("{} ✗", movein::words(&x.item, l)),
    };
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), m.id.clone().into()),
        (c("unit", "单元", "Unit"), m.unit.clone().into()),
        (c("party", "入驻方", "Party"), m.party.clone().into()),
        (
            c("role", "身份", "Role"),
            Cell::shown_as(m.role.as_str(), m.role.label(l)),
        ),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(m.status.as_str(), m.status.label(l)),
        ),
        (
            c("notice_date", "入驻通知日期", "Notice date"),
            m.notice_date.to_string().into(),
        ),
        (
            c("lease", "租期", "Lease"),
            match m.lease_end {
                Some(end) => format!("{} – {end}", m.lease_start),
                None => format!("{} –", m.lease_start),
            }
            .into(),
        ),
        (
            c("fees_from", "起租日", "Fees from"),
            m.fees_from.to_string().into(),
        ),
    ];
    if let Some(a) = &m.agent {
        fields.push((c("agent", "代理人", "Agent"), a.clone().into()));
    }
    for p in &m.promises {
        fields.push((
            c("promise", "租赁承诺", "Promise by leasing"),
            p.clone().into(),
        ));
    }
    for d in &m.documents {
        fields.push((c("document", "资料", "Document"), check(d).into()));
    }
    for h in &m.handouts {
        fields.push((c("handout", "签收文件", "Handout"), check(h).into()));
    }
    if let Some(i) = &m.inspection {
        fields.push((
            c("inspection", "验房", "Inspection"),
            format!("{} {}", i.date, i.attendees.join(", ")).into(),
        ));
        for r in &i.meters {
            fields.push((
                c("meter", "表底数", "Meter"),
                format!("{} {}", r.meter.label(l), r.reading).into(),
            ));
        }
        for f in &i.facilities {
            let mut s = format!(
                "{} {}",
                movein::words(&f.item, l),
                match f.condition {
                    movein::Condition::Ok => "✓",
                    movein::Condition::Defect => "✗",
                }
            );
            if let Some(n) = &f.note {
                s.push_str(&format!(" {n}"));
            }
            fields.push((c("facility", "设施", "Facility"), s.into()));
        }
    }
    for d in &m.defects {
        fields.push((
            c("defect", "缺陷", "Defect"),
            format!(
                "{} {} → {} (fix by {})",
                movein::words(&d.item, l),
                d.description,
                d.ticket,
                d.fix_by
            )
            .into(),
        ));
    }
    if !m.charges.is_empty() {
        fields.push((
            c("charges", "入驻费用", "Charges"),
            format!(
                "ledger entries {}",
                m.charges
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
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
        fields.push((
            c("keys", "钥匙", "Keys"),
            format!(
                "{} ({}) {} {}",
                k.count(),
                sets.join(", "),
                k.date,
                k.signed_by
            )
            .into(),
        ));
    }
    if let Some(s) = &m.handover_signed_by {
        fields.push((
            c("handover_signed_by", "房屋确认书签字", "Handover signed by"),
            s.clone().into(),
        ));
    }
    if let Some(d) = m.completed {
        fields.push((
            c("completed", "入驻日期", "Completed"),
            d.to_string().into(),
        ));
        if let Some(v) = m.visit_due(&ctx.settings.config.movein) {
            let state = match &m.welcome_visit {
                Some(n) => format!("{v} ✓ {n}"),
                None => format!("{v}"),
            };
            fields.push((
                c("welcome_visit", "入住走访", "Welcome visit due"),
                state.into(),
            ));
        }
    }
    if let Some(d) = m.reinspection {
        fields.push((
            c("reinspection", "再次验房", "Re-inspection"),
            d.to_string().into(),
        ));
    }
    if let Some(o) = &m.overridden {
        fields.push((
            c("override", "经理特批", "Override"),
            format!("{}: {} ({} missing)", o.by, o.reason, o.missing.len()).into(),
        ));
    }
    crate::cli::missing_and_history(&mut fields, &missing, &m.history);
    let mut full = serde_json::to_value(&m).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.into());
        o.insert(
            "welcome_visit_due".into(),
            m.visit_due(&ctx.settings.config.movein)
                .map(|d| d.to_string())
                .into(),
        );
    }
    ctx.out
        .print(&Sheet { fields, full }.render(ctx.format, l)?)
}

/// The values of a move-in's notice, and its language (the party's, else the office's).
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &crate::procedure::notice::NoticeDef,
    typed: &str,
) -> Result<(String, tera::Context, Locale)> {
    let m = find(ctx, typed)?;
    match () {
        _ if *which == movein::notices::REINSPECTION && m.reinspection.is_none() => {
            return Err(
                Error::data(format!("move-in {} has no re-inspection booked", m.id)).with_hint(
                    format!(
                        "book one with `propdesk movein complete {} --reinspect DATE`",
                        m.id
                    ),
                ),
            );
        }
        _ if *which == movein::notices::HANDOVER && m.inspection.is_none() => {
            return Err(Error::data(format!(
                "move-in {} has not been inspected: the handover record lists the inspection",
                m.id
            )));
        }
        _ => {}
    }
    let unit: Unit = ctx.store.get_named(&m, "unit", &m.unit)?;
    let party = ctx.store.load::<Party>(&m.party)?;
    let locale =
        crate::notice::locale_for(ctx.locale_flag, party.as_ref(), ctx.settings.config.locale);
    let values = movein::notices::values(
        ctx.settings.config.letterhead(),
        &ctx.settings.config.movein,
        &m,
        &unit,
        party.as_ref(),
        ctx.today,
        locale,
    );
    Ok((m.id, values, locale))
}
