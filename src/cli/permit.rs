//! `propdesk permit`: renovation permits (装修许可).

use chrono::{Datelike, NaiveDate, NaiveTime};
use clap::Subcommand;
use serde_json::Value;

use crate::cli::money::{self, books};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::ids::{self, IdKind};
use crate::model::ledger::{ChargeItem, DepositKind, Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::fees::accounts::{self, NewCharge};
use crate::procedure::permit::figures::PermitStats;
use crate::procedure::permit::{Act, Application, Kind, Permit, Scope, Side, Status, Term};
use crate::store::{Changes, Record};

/// Permits: renovation (装修许可) from application to the deposit refund; parking
/// permits; access cards; goods exit passes; overtime air-conditioning.
///
/// `propdesk permit` lists the permits not closed. Each step is `propdesk permit
/// <step> ID`; an ID may be typed in part.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Closed permits too.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List the permits not closed (the default).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Apply for a permit: a renovation (装修申请审批表), or --kind parking,
    /// access-card, goods-exit or overtime-ac.
    New(Box<NewArgs>),
    /// The whole permit: documents, agreements, signatures, validity, inspections,
    /// violations, hot work, acceptance, what is missing.
    Show { id: String },
    /// Documents received (the list depends on the scope).
    Receive {
        id: String,
        #[arg(required = true)]
        items: Vec<String>,
        /// Who handed them in.
        #[arg(long)]
        from: String,
    },
    /// Agreements signed (装修管理协议, 承诺书, ...).
    Sign {
        id: String,
        #[arg(required = true)]
        items: Vec<String>,
        #[arg(long)]
        signed_by: String,
    },
    /// Charge the fees (debris removal, worker passes) to the unit's ledger; the
    /// deposits (renovation, worker passes) are taken with `propdesk pay --deposit`.
    Bill { id: String },
    /// The next signer of the approval chain approves (use --by for who signs).
    Approve {
        id: String,
        /// The signer's role, which must be the next in [permit] approval_chain.
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
    },
    /// The next signer rejects, with the reason; the chain stops until a revision.
    Reject {
        id: String,
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
        #[arg(long)]
        reason: String,
    },
    /// A revised application after a rejection: the chain starts again.
    Revise {
        id: String,
        /// The revised scope of work.
        #[arg(long)]
        description: Option<String>,
    },
    /// Issue an approved permit, once documents, agreements, fees and deposits are
    /// in; valid from the planned start until the planned end (or --until), at most
    /// [permit] max_validity_months.
    Issue {
        id: String,
        #[arg(long, value_parser = money::date)]
        until: Option<NaiveDate>,
    },
    /// The units whose works are allowed on a date (default today), for security,
    /// engineering and cleaning.
    Today,
    /// Log an inspection (装修检查记录表).
    Inspect {
        id: String,
        /// What was inspected: drawings followed, concealed work, fire, passes, ...
        #[arg(long)]
        what: String,
        #[arg(long)]
        findings: String,
    },
    /// A violation: a rectification notice with a deadline and an optional fine
    /// (charged to the ledger). The permit is suspended until it is rectified.
    Violation {
        id: String,
        #[arg(long)]
        description: String,
        #[arg(long, value_parser = money::date)]
        deadline: NaiveDate,
        #[arg(long, value_parser = money::money)]
        fine: Option<Money>,
    },
    /// The rectification of violation N accepted: works resume.
    Rectified { id: String, no: u32 },
    /// A hot-work permit (动火作业) under this permit: its day, window and fire watch.
    HotWork {
        id: String,
        /// The day of the hot work.
        #[arg(long, value_parser = money::date)]
        day: NaiveDate,
        /// HH:MM
        #[arg(long, value_parser = time)]
        from: NaiveTime,
        /// HH:MM
        #[arg(long, value_parser = time)]
        to: NaiveTime,
        #[arg(long)]
        work: String,
        #[arg(long)]
        fire_watch: String,
    },
    /// Extend the validity, before it expires.
    Extend {
        id: String,
        #[arg(long, value_parser = money::date)]
        until: NaiveDate,
    },
    /// The contractor applies for the completion acceptance on a day at least
    /// [permit] completion_notice_days ahead.
    Complete {
        id: String,
        #[arg(long, value_parser = money::date)]
        on: NaiveDate,
    },
    /// The joint acceptance (装修验收单): --pass, or --fail with a rectification
    /// deadline.
    Accept {
        id: String,
        #[arg(long, conflicts_with = "fail", required_unless_present = "fail")]
        pass: bool,
        #[arg(long, requires = "deadline")]
        fail: bool,
        #[arg(long)]
        note: String,
        #[arg(long, value_parser = money::date)]
        deadline: Option<NaiveDate>,
    },
    /// Worker passes returned and lost (a lost pass forfeits its deposit).
    Passes {
        id: String,
        #[arg(long)]
        returned: u32,
        #[arg(long, default_value_t = 0)]
        lost: u32,
    },
    /// The month's figures: applications by kind, permits issued and active, worker
    /// passes issued and returned (and lost), violations and fines.
    Stats {
        /// YYYY-MM (default this month).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
    },
    /// Renew a parking permit for another term (charges the fee).
    Renew { id: String },
    /// Access cards handed back: their deposit is refunded and the permit closed.
    Return { id: String },
    /// Sign a goods exit pass: the owner side and the tenant side, then the desk.
    SignExit {
        id: String,
        /// owner, tenant or desk.
        #[arg(long, value_parser = parse::<Side>)]
        side: Side,
        #[arg(long)]
        signed_by: String,
    },
    /// Security takes the goods exit pass as the goods leave.
    Security {
        id: String,
        #[arg(long)]
        guard: String,
    },
    /// Refund the deposits net of unpaid fines, lost passes and damage, and close.
    Refund {
        id: String,
        /// Damage to deduct from the renovation deposit...
        #[arg(long, value_parser = money::money, requires = "damage_reason")]
        damage: Option<Money>,
        /// ...and what was damaged.
        #[arg(long, requires = "damage")]
        damage_reason: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// renovation, parking, access-card, goods-exit or overtime-ac (加时空调).
    #[arg(long, value_parser = parse::<Kind>, default_value = "renovation")]
    kind: Kind,
    #[arg(long)]
    unit: String,
    /// The applicant: the owner, or a tenant (who needs the owner's consent).
    #[arg(long)]
    applicant: String,
    /// The contractor's name (装修单位); leave out for self-renovation of simple work.
    #[arg(long)]
    contractor: Option<String>,
    /// simple (painting and the like) or standard.
    #[arg(long, value_parser = parse::<Scope>, default_value = "standard")]
    scope: Scope,
    /// Structural changes (a design institute's plan is required).
    #[arg(long)]
    structural: bool,
    /// Hot work (a hot-work permit is required).
    #[arg(long)]
    hot_work: bool,
    /// The scope of work (renovation).
    #[arg(long)]
    description: Option<String>,
    /// The works' first day (renovation); the term's first day (parking).
    #[arg(long, value_parser = money::date)]
    from: Option<NaiveDate>,
    /// The works' last day (renovation).
    #[arg(long, value_parser = money::date)]
    to: Option<NaiveDate>,
    /// Workers, each with a pass (renovation).
    #[arg(long)]
    workers: Option<u32>,
    /// The day the air-conditioning runs (overtime-ac).
    #[arg(long, value_parser = money::date)]
    day: Option<NaiveDate>,
    /// From, HH:MM (overtime-ac).
    #[arg(long, value_parser = time)]
    start: Option<NaiveTime>,
    /// Until, HH:MM (overtime-ac).
    #[arg(long, value_parser = time)]
    end: Option<NaiveTime>,
    /// The parking bay (parking).
    #[arg(long)]
    bay: Option<String>,
    /// The vehicle's plate (parking).
    #[arg(long)]
    plate: Option<String>,
    /// half-year or year (parking).
    #[arg(long, value_parser = parse::<Term>)]
    term: Option<Term>,
    /// How many cards (access-card).
    #[arg(long)]
    cards: Option<u32>,
    /// An item leaving the building, once each (goods-exit).
    #[arg(long = "item")]
    items: Vec<String>,
}

/// A flag a kind of permit needs.
fn needed<T>(v: Option<T>, flag: &str, kind: Kind) -> Result<T> {
    v.ok_or_else(|| Error::usage(format!("a permit of kind {kind} needs {flag}")))
}

fn time(s: &str) -> std::result::Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("{s:?}: expected a time like 14:00"))
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let rules = &ctx.settings.config.permit;
    match a.command {
        None => list(ctx, a.all),
        Some(Cmd::List { all }) => list(ctx, all || a.all),
        Some(Cmd::New(n)) => new(ctx, *n),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Receive { id, items, from }) => step(ctx, &id, "documents received", |p, act| {
            Ok(p.receive(act, &items, &from)?)
        }),
        Some(Cmd::Sign {
            id,
            items,
            signed_by,
        }) => step(ctx, &id, "agreements signed", |p, act| {
            Ok(p.sign(act, &items, &signed_by)?)
        }),
        Some(Cmd::Bill { id }) => bill(ctx, &id),
        Some(Cmd::Approve { id, role }) => step(ctx, &id, "approved", |p, act| {
            Ok(p.decide(act, rules, role.trim(), true, None)?)
        }),
        Some(Cmd::Reject { id, role, reason }) => step(ctx, &id, "rejected", |p, act| {
            Ok(p.decide(act, rules, role.trim(), false, Some(&reason))?)
        }),
        Some(Cmd::Revise { id, description }) => step(ctx, &id, "revised", |p, act| {
            Ok(p.revise(act, description.as_deref())?)
        }),
        Some(Cmd::Issue { id, until }) => issue(ctx, &id, until),
        Some(Cmd::Today) => today(ctx),
        Some(Cmd::Inspect { id, what, findings }) => {
            step(ctx, &id, "inspection logged", |p, act| {
                Ok(p.inspect(act, &what, &findings)?)
            })
        }
        Some(Cmd::Violation {
            id,
            description,
            deadline,
            fine,
        }) => violation(ctx, &id, &description, deadline, fine),
        Some(Cmd::Rectified { id, no }) => step(ctx, &id, "rectification accepted", |p, act| {
            Ok(p.rectified(act, no)?)
        }),
        Some(Cmd::HotWork {
            id,
            day: date,
            from,
            to,
            work,
            fire_watch,
        }) => step(ctx, &id, "hot work permitted", |p, act| {
            p.hot_work(act, date, from, to, &work, &fire_watch)?;
            Ok(())
        }),
        Some(Cmd::Extend { id, until }) => step(ctx, &id, "extended", |p, act| {
            Ok(p.extend(act, rules, until)?)
        }),
        Some(Cmd::Complete { id, on }) => step(ctx, &id, "completion applied for", |p, act| {
            Ok(p.apply_completion(act, rules, on)?)
        }),
        Some(Cmd::Accept {
            id,
            pass,
            fail,
            note,
            deadline,
        }) => {
            let passed = pass && !fail;
            let what = if passed {
                "accepted"
            } else {
                "not accepted: rectify"
            };
            step(ctx, &id, what, |p, act| {
                Ok(p.accept(act, passed, &note, deadline)?)
            })
        }
        Some(Cmd::Passes { id, returned, lost }) => step(ctx, &id, "passes settled", |p, act| {
            Ok(p.return_passes(act, returned, lost)?)
        }),
        Some(Cmd::Stats { month }) => stats(ctx, month.as_deref()),
        Some(Cmd::Renew { id }) => {
            let lock = ctx.lock()?;
            let p = find(ctx, &id)?;
            parking_fee(ctx, lock, p, true)
        }
        Some(Cmd::Return { id }) => return_cards(ctx, &id),
        Some(Cmd::SignExit {
            id,
            side,
            signed_by,
        }) => step(ctx, &id, "signed", |p, act| {
            Ok(p.sign_exit(act, side, &signed_by)?)
        }),
        Some(Cmd::Security { id, guard }) => step(ctx, &id, "handed to security", |p, act| {
            Ok(p.to_security(act, &guard)?)
        }),
        Some(Cmd::Refund {
            id,
            damage,
            damage_reason,
        }) => refund(ctx, &id, damage.zip(damage_reason)),
    }
}

fn act(ctx: &Ctx) -> Act<'_> {
    Act {
        by: &ctx.user,
        at: ctx.stamp(),
        today: ctx.today,
    }
}

fn find(ctx: &Ctx, typed: &str) -> Result<Permit> {
    crate::cli::find_record(ctx, typed, "permit --all")
}

fn step(
    ctx: &Ctx,
    typed: &str,
    what: &str,
    f: impl FnOnce(&mut Permit, Act) -> Result<()>,
) -> Result<()> {
    let p: Permit = crate::cli::record_step(ctx, typed, "permit --all", what, |p| f(p, act(ctx)))?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: {what} ({})\n",
            p.id,
            p.status.label(ctx.locale)
        ))?;
    }
    Ok(())
}

/// The deposits other permits of the unit still rely on (not closed or rejected):
/// deposits are held per unit, so each permit's share is kept apart.
fn others_rely_on(ctx: &Ctx, p: &Permit, kind: DepositKind) -> Result<Money> {
    let rules = &ctx.settings.config.permit;
    let mut sum = Money::ZERO;
    for o in ctx.store.load_all::<Permit>()? {
        if o.id == p.id
            || o.unit != p.unit
            || matches!(
                o.status,
                Status::Closed | Status::Rejected | Status::Applied
            )
        {
            continue;
        }
        for (k, m) in o.required_deposits(rules) {
            if k == kind {
                sum = sum.checked_add(m).unwrap_or(sum);
            }
        }
    }
    Ok(sum)
}

fn held(state: &State, kind: DepositKind) -> Money {
    state.deposits.get(&kind).map_or(Money::ZERO, |t| t.held())
}

/// What issuing still needs.
fn missing(ctx: &Ctx, p: &Permit) -> Result<Vec<String>> {
    let ledger = ctx
        .store
        .load::<Ledger>(&p.unit)?
        .unwrap_or_else(|| Ledger::new(&p.unit));
    let state = books(ctx).state(&ledger)?;
    let charges = match (&p.renovation, &p.parking) {
        (Some(r), _) => r.charges.clone(),
        (None, Some(x)) => x.charges.clone(),
        _ => Vec::new(),
    };
    let unpaid: Vec<(u32, Money)> = state
        .charges
        .iter()
        .filter(|c| charges.contains(&c.no) && c.outstanding.minor() > 0)
        .map(|c| (c.no, c.outstanding))
        .collect();
    let mut short = Vec::new();
    for (k, m) in p.required_deposits(&ctx.settings.config.permit) {
        let others = others_rely_on(ctx, p, k)?;
        let need = m.checked_add(others).unwrap_or(m);
        if held(&state, k) < need {
            let also = if others.minor() > 0 {
                format!(" (and {} for the unit's other permits)", others.grouped())
            } else {
                String::new()
            };
            short.push(format!(
                "{k} deposit: {} required{also}, {} held (propdesk pay {} AMOUNT --deposit {k})",
                m.grouped(),
                held(&state, k).grouped(),
                p.unit
            ));
        }
    }
    if p.renovation.is_some() {
        return Ok(p.missing_to_issue(&unpaid, &short));
    }
    let mut out = Vec::new();
    if let Some(x) = &p.parking {
        for d in x.documents.iter().filter(|d| !d.done()) {
            out.push(format!(
                "document not received: {} (propdesk permit receive {} {} --from NAME)",
                d.item, p.id, d.item
            ));
        }
        if x.charges.is_empty() {
            out.push(format!("fee not charged (propdesk permit bill {})", p.id));
        }
    }
    for (no, owed) in unpaid {
        out.push(format!(
            "not paid: ledger entry {no}, {} outstanding (propdesk pay {} AMOUNT)",
            owed.grouped(),
            p.unit
        ));
    }
    out.extend(short);
    Ok(out)
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let unit_id = ids::normalize_unit(&a.unit)?;
    let unit: Unit = ctx.store.get(&unit_id)?;
    let applicant = crate::registry::resolve_party(&ctx.store, &a.applicant)?;
    let is_owner = unit.owner.as_deref() == Some(applicant.as_str());
    if !is_owner && unit.occupant.as_deref() != Some(applicant.as_str()) {
        return Err(Error::data(format!(
            "{applicant} is neither the owner nor the occupant of {}",
            unit.id
        ))
        .with_hint("the owner or the tenant of the unit applies"));
    }
    let id = ctx.new_id(IdKind::Permit, Permit::rel_path)?;
    let plain = match a.kind {
        Kind::OvertimeAc => return overtime_ac(ctx, lock, &id, &unit, &applicant, &a),
        Kind::Renovation => None,
        Kind::Parking => Some(Permit::parking(
            &id,
            &unit.id,
            &applicant,
            &needed(a.bay.clone(), "--bay", a.kind)?,
            &needed(a.plate.clone(), "--plate", a.kind)?,
            needed(a.term, "--term half-year|year", a.kind)?,
            needed(a.from, "--from DATE", a.kind)?,
            &ctx.settings.config.permit.parking,
            act(ctx),
        )?),
        Kind::AccessCard => Some(Permit::access_card(
            &id,
            &unit.id,
            &applicant,
            needed(a.cards, "--cards N", a.kind)?,
            ctx.settings.config.permit.access_card_deposit,
            act(ctx),
        )?),
        Kind::GoodsExit => Some(Permit::goods_exit(
            &id,
            &unit.id,
            &applicant,
            &a.items,
            needed(a.day, "--day DATE", a.kind)?,
            act(ctx),
        )?),
    };
    if let Some(p) = plain {
        let mut changes = Changes::new(format!(
            "permit {id}: {} for {} applied for",
            p.kind, unit.id
        ));
        changes.create(&ctx.store, &p)?;
        ctx.save(&lock, &changes)?;
        if !ctx.dry_run {
            ctx.out.print(&format!("{id}\n"))?;
        }
        return Ok(());
    }
    let p = Permit::renovation(
        &id,
        Application {
            unit: unit.id.clone(),
            applicant,
            tenant_applicant: !is_owner,
            contractor: a
                .contractor
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty()),
            scope: a.scope,
            structural: a.structural,
            hot_work: a.hot_work,
            description: needed(a.description, "--description", a.kind)?,
            planned_start: needed(a.from, "--from DATE", a.kind)?,
            planned_end: needed(a.to, "--to DATE", a.kind)?,
            workers: needed(a.workers, "--workers N", a.kind)?,
        },
        &ctx.settings.config.permit,
        act(ctx),
    )?;
    let mut changes = Changes::new(format!(
        "permit {id}: renovation of {} applied for",
        unit.id
    ));
    changes.create(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{id}\n"))?;
    }
    Ok(())
}

fn bill(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    if p.parking.is_some() {
        return parking_fee(ctx, lock, p, false);
    }
    if p.renovation.is_none() {
        return Err(Error::data(format!(
            "permit {} ({}) has no fees to charge with `permit bill`",
            p.id, p.kind
        )));
    }
    let rules = &ctx.settings.config.permit;
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
    books(ctx).state(&ledger)?;
    let workers = p.renovation.as_ref().map_or(0, |r| r.workers);
    let mut entries = Vec::new();
    for (amount, text) in rules.renovation_fees(workers, ctx.settings.config.locale) {
        entries.push(accounts::charge(
            &mut ledger,
            money::clerk(ctx),
            NewCharge {
                item: ChargeItem::RenovationFee,
                amount,
                text: format!("{text} {}", p.id),
                due: ctx.today,
                reference: Some(p.id.clone()),
            },
        )?);
    }
    let state = books(ctx).state(&ledger)?;
    let total = Money::from_minor(
        state
            .charges
            .iter()
            .filter(|c| entries.contains(&c.no))
            .map(|c| c.amount.minor())
            .sum(),
    );
    p.billed(act(ctx), &entries, total)?;
    let mut changes = Changes::new(format!("permit {}: fees charged ({total})", p.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let deposits: Vec<String> = p
            .required_deposits(rules)
            .iter()
            .map(|(k, m)| format!("{k} {}", m.grouped()))
            .collect();
        ctx.out.print(&format!(
            "{}: {} charged to {}; deposits to take: {}\n",
            p.id,
            total.grouped(),
            p.unit,
            deposits.join(", ")
        ))?;
    }
    Ok(())
}

fn issue(ctx: &Ctx, typed: &str, until: Option<NaiveDate>) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let missing = missing(ctx, &p)?;
    if p.renovation.is_some() {
        p.issue(act(ctx), &ctx.settings.config.permit, &missing, until)?;
    } else {
        if until.is_some() {
            return Err(Error::usage("--until is for renovation permits"));
        }
        p.issue_plain(act(ctx), &missing)?;
    }
    let mut changes = Changes::new(format!("permit {}: issued", p.id));
    if p.renovation.is_some() {
        // The permit for the unit door and the workers' rules, filed to be posted.
        let unit: Unit = ctx.store.get_named(&p, "unit", &p.unit)?;
        let applicant = ctx.store.load::<Party>(&p.applicant)?;
        let locale = crate::notice::locale_for(
            ctx.locale_flag,
            applicant.as_ref(),
            ctx.settings.config.locale,
        );
        let values = crate::procedure::permit::notices::values(
            ctx.settings.config.letterhead(),
            &ctx.settings.config.permit,
            &p,
            &unit,
            applicant.as_ref(),
            None,
            ctx.today,
            locale,
        );
        let renderer = crate::render::Renderer::new(ctx.root())?;
        for n in [
            &crate::procedure::permit::notices::PERMIT_DOOR,
            &crate::procedure::permit::notices::WORKERS_RULES,
        ] {
            money::file_notice(ctx, &renderer, &mut changes, n, &p.id, locale, &values)?;
        }
    }
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let valid = match (&p.renovation, &p.parking) {
            (Some(r), _) => r.valid_from.zip(r.valid_until),
            (None, Some(x)) => Some((x.from, x.until)),
            _ => None,
        };
        ctx.out.print(&match valid {
            Some((f, u)) => format!("{}: issued, valid {f} to {u}\n", p.id),
            None => format!("{}: issued\n", p.id),
        })?;
    }
    Ok(())
}

fn violation(
    ctx: &Ctx,
    typed: &str,
    description: &str,
    deadline: NaiveDate,
    fine: Option<Money>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let no = p.violation(act(ctx), description, deadline, fine)?;
    let mut changes = Changes::new(format!("permit {}: violation {no}", p.id));
    let mut line = format!(
        "{}: violation no. {no}: suspended until rectified by {deadline}",
        p.id
    );
    if let Some(f) = fine {
        let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
        let zh = ctx.settings.config.locale == Locale::ZhCn;
        let entry = accounts::charge(
            &mut ledger,
            money::clerk(ctx),
            NewCharge {
                item: ChargeItem::Fine,
                amount: f,
                text: if zh {
                    format!("装修违章罚款 {} 第{no}号", p.id)
                } else {
                    format!("Renovation fine {} no. {no}", p.id)
                },
                due: deadline,
                reference: Some(p.id.clone()),
            },
        )?;
        if let Some(v) = p
            .renovation
            .as_mut()
            .and_then(|r| r.violations.iter_mut().find(|v| v.no == no))
        {
            v.fine_entry = Some(entry);
        }
        changes.update(&ctx.store, &ledger)?;
        line.push_str(&format!("; fine {} (ledger entry {entry})", f.grouped()));
    }
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(line + "\n"))?;
    }
    Ok(())
}

/// Deposits back net of what is owed: lost passes forfeit their deposit; unpaid fines
/// and damage come out of the renovation deposit; the rest is refunded; closed.
fn refund(ctx: &Ctx, typed: &str, damage: Option<(Money, String)>) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    if p.renovation.is_none() {
        return Err(Error::data(format!(
            "permit {} ({}) has no deposits to settle with `permit refund`",
            p.id, p.kind
        )));
    }
    if p.status != Status::Accepted || p.renovation.as_ref().is_some_and(|r| r.passes.is_none()) {
        // The record's own refusal names what is missing.
        p.close(act(ctx), String::new())?;
    }
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
    let settled = crate::procedure::permit::settle::refund(
        &p,
        &mut ledger,
        &books(ctx),
        money::clerk(ctx),
        ctx.settings.config.permit.worker_pass_deposit,
        |kind| others_rely_on(ctx, &p, kind),
        damage.as_ref().map(|(m, r)| (*m, r.as_str())),
        ctx.settings.config.locale,
    )?;
    let refunded: Vec<String> = settled
        .refunded
        .iter()
        .map(|(k, m)| format!("{k} {}", m.grouped()))
        .collect();
    p.close(
        act(ctx),
        if refunded.is_empty() {
            "no deposit to refund".to_string()
        } else {
            format!("refunded {}", refunded.join(", "))
        },
    )?;
    let mut changes = Changes::new(format!("permit {}: deposits settled, closed", p.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        let mut out: Vec<String> = settled
            .lines
            .iter()
            .map(|l| format!("{}: {l}", p.id))
            .collect();
        out.push(format!("{}: closed", p.id));
        ctx.out.print(&(out.join("\n") + "\n"))?;
    }
    Ok(())
}

fn today(ctx: &Ctx) -> Result<()> {
    let mut ps = ctx.store.load_all::<Permit>()?;
    ps.retain(|p| p.works_allowed_on(ctx.today));
    ps.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let l = ctx.locale;
    let rows = ps
        .iter()
        .map(|p| {
            let r = p.renovation.as_ref();
            let hot: Vec<String> = r
                .map(|r| {
                    r.hot_works
                        .iter()
                        .filter(|h| h.date == ctx.today)
                        .map(|h| {
                            format!(
                                "{}-{} {}",
                                h.from.format("%H:%M"),
                                h.to.format("%H:%M"),
                                h.fire_watch
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            vec![
                p.unit.clone().into(),
                p.id.clone().into(),
                r.and_then(|r| r.contractor.clone()).into(),
                r.map_or(0, |r| r.workers).into(),
                r.and_then(|r| r.valid_until).map(|d| d.to_string()).into(),
                Cell::from(Value::from(hot.join("; "))),
            ]
        })
        .collect();
    let listing = Listing {
        columns: vec![
            Column::new("unit", "单元", "Unit"),
            Column::new("permit", "许可证", "Permit"),
            Column::new("contractor", "装修单位", "Contractor"),
            Column::new("workers", "人数", "Workers"),
            Column::new("valid_until", "有效期至", "Valid until"),
            Column::new("hot_work", "动火", "Hot work"),
        ],
        rows,
    };
    if listing.rows.is_empty() && ctx.format == crate::output::Format::Table {
        return Ok(());
    }
    ctx.out.print(&listing.render(ctx.format, l)?)
}

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let mut ps = ctx.store.load_all::<Permit>()?;
    // An overtime air-conditioning request is done once its day has passed.
    ps.retain(|p| {
        all || (p.status != Status::Closed
            && p.overtime_ac.as_ref().is_none_or(|o| o.date >= ctx.today))
    });
    let l = ctx.locale;
    let rules = &ctx.settings.config.permit;
    let rows = ps
        .iter()
        .map(|p| {
            let r = p.renovation.as_ref();
            let next = match p.status {
                Status::Applied if p.renovation.is_some() => {
                    p.next_signer(rules).map(|s| format!("{s} signs"))
                }
                Status::Suspended => p
                    .open_violations()
                    .first()
                    .map(|v| format!("rectify no. {} by {}", v.no, v.deadline)),
                _ if p.expired_on(ctx.today) => Some("expired".to_string()),
                _ if p
                    .renewal_due(rules.parking.renewal_notice_days)
                    .is_some_and(|d| d <= ctx.today) =>
                {
                    p.parking.as_ref().map(|x| {
                        if x.until < ctx.today {
                            format!("lapsed on {}: renew", x.until)
                        } else {
                            format!("renewal due: ends {}", x.until)
                        }
                    })
                }
                _ => None,
            };
            vec![
                p.id.clone().into(),
                p.unit.clone().into(),
                Cell::shown_as(p.kind.as_str(), p.kind.label(l)),
                Cell::shown_as(p.status.as_str(), p.status.label(l)),
                r.and_then(|r| r.valid_until)
                    .or(p.parking.as_ref().map(|x| x.until))
                    .map(|d| d.to_string())
                    .into(),
                next.into(),
            ]
        })
        .collect();
    let listing = Listing {
        columns: vec![
            Column::new("id", "编号", "ID"),
            Column::new("unit", "单元", "Unit"),
            Column::new("kind", "类别", "Kind"),
            Column::new("status", "状态", "Status"),
            Column::new("valid_until", "有效期至", "Valid until"),
            Column::new("next", "待办", "Next"),
        ],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, l)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let p = find(ctx, typed)?;
    let l = ctx.locale;
    let c = |k, zh, en| Column::new(k, zh, en);
    let applicant = ctx
        .store
        .load::<Party>(&p.applicant)?
        .map_or(p.applicant.clone(), |x| format!("{} ({})", x.name, x.id));
    let mut fields: Vec<(Column, Cell)> = vec![
        (c("id", "编号", "ID"), p.id.clone().into()),
        (
            c("kind", "类别", "Kind"),
            Cell::shown_as(p.kind.as_str(), p.kind.label(l)),
        ),
        (c("unit", "单元", "Unit"), p.unit.clone().into()),
        (c("applicant", "申请人", "Applicant"), applicant.into()),
        (
            c("status", "状态", "Status"),
            Cell::shown_as(p.status.as_str(), p.status.label(l)),
        ),
    ];
    let missing = if matches!(
        p.status,
        Status::Applied | Status::Approved | Status::Rejected
    ) {
        missing(ctx, &p)?
    } else {
        Vec::new()
    };
    if let Some(r) = &p.renovation {
        let check = |x: &crate::procedure::permit::Check| match (&x.date, &x.by) {
            (Some(d), Some(b)) => format!("{} ✓ {d} {b}", x.item),
            _ => format!("{} ✗", x.item),
        };
        fields.push((
            c("contractor", "装修单位", "Contractor"),
            r.contractor.clone().unwrap_or_else(|| "-".into()).into(),
        ));
        fields.push((
            c("scope", "范围", "Scope"),
            format!(
                "{}{}{}",
                r.scope.label(l),
                if r.structural { " +structural" } else { "" },
                if r.hot_work { " +hot-work" } else { "" }
            )
            .into(),
        ));
        fields.push((
            c("description", "施工内容", "Works"),
            r.description.clone().into(),
        ));
        fields.push((
            c("planned", "计划工期", "Planned"),
            format!("{} – {}", r.planned_start, r.planned_end).into(),
        ));
        fields.push((c("workers", "施工人数", "Workers"), r.workers.into()));
        for d in &r.documents {
            fields.push((c("document", "资料", "Document"), check(d).into()));
        }
        for a in &r.agreements {
            fields.push((c("agreement", "协议", "Agreement"), check(a).into()));
        }
        fields.push((c("round", "申请轮次", "Round"), r.round.into()));
        for a in &r.approvals {
            let mut s = format!(
                "{} {} {} {}",
                a.role,
                a.by,
                a.date,
                if a.approved { "✓" } else { "✗" }
            );
            if let Some(x) = &a.reason {
                s.push_str(&format!(" {x}"));
            }
            fields.push((c("approval", "审批", "Approval"), s.into()));
        }
        if p.status == Status::Applied
            && let Some(n) = p.next_signer(&ctx.settings.config.permit)
        {
            fields.push((
                c("next_signer", "待签", "Next to sign"),
                n.to_string().into(),
            ));
        }
        if let (Some(f), Some(u)) = (r.valid_from, r.valid_until) {
            fields.push((c("valid", "有效期", "Valid"), format!("{f} – {u}").into()));
        }
        for i in &r.inspections {
            fields.push((
                c("inspection", "检查", "Inspection"),
                format!("{} {} {}: {}", i.date, i.by, i.what, i.findings).into(),
            ));
        }
        for v in &r.violations {
            let mut s = format!(
                "no. {} {} {} (by {})",
                v.no, v.date, v.description, v.deadline
            );
            if let Some(f) = v.fine {
                s.push_str(&format!(" fine {}", f.grouped()));
            }
            match v.rectified {
                Some(d) => s.push_str(&format!(" ✓ {d}")),
                None => s.push_str(" open"),
            }
            fields.push((c("violation", "违章", "Violation"), s.into()));
        }
        for h in &r.hot_works {
            fields.push((
                c("hot_work", "动火", "Hot work"),
                format!(
                    "no. {} {} {}-{} {} (fire watch {})",
                    h.no,
                    h.date,
                    h.from.format("%H:%M"),
                    h.to.format("%H:%M"),
                    h.work,
                    h.fire_watch
                )
                .into(),
            ));
        }
        if let Some(d) = r.completion_on {
            fields.push((
                c("completion_on", "验收日期", "Acceptance on"),
                d.to_string().into(),
            ));
        }
        for a in &r.acceptances {
            fields.push((
                c("acceptance", "验收", "Acceptance"),
                format!(
                    "{} {} {} {}",
                    a.date,
                    a.by,
                    if a.passed { "✓" } else { "✗" },
                    a.note
                )
                .into(),
            ));
        }
        if let Some(x) = &r.passes {
            fields.push((
                c("passes", "出入证", "Passes"),
                format!("{} returned, {} lost", x.returned, x.lost).into(),
            ));
        }
    }
    crate::cli::missing_and_history(&mut fields, &missing, &p.history);
    let mut full = serde_json::to_value(&p).map_err(|e| Error::data(e.to_string()))?;
    if let Value::Object(o) = &mut full {
        o.insert("missing".into(), missing.into());
        o.insert(
            "works_allowed_today".into(),
            p.works_allowed_on(ctx.today).into(),
        );
        o.insert("expired".into(), p.expired_on(ctx.today).into());
    }
    ctx.out
        .print(&Sheet { fields, full }.render(ctx.format, l)?)
}

/// Overtime air-conditioning: refused after the cut-off; charged to the unit's ledger
/// (due on the next month's due day) and issued at once.
fn overtime_ac(
    ctx: &Ctx,
    lock: crate::store::Lock,
    id: &str,
    unit: &Unit,
    applicant: &str,
    a: &NewArgs,
) -> Result<()> {
    let kind = Kind::OvertimeAc;
    let date = needed(a.day, "--day DATE", kind)?;
    let start = needed(a.start, "--start HH:MM", kind)?;
    let end = needed(a.end, "--end HH:MM", kind)?;
    let rules = &ctx.settings.config.permit.overtime_ac;
    let deadline = rules
        .deadline(&ctx.settings.calendar, date)
        .ok_or_else(|| Error::usage("[permit.overtime_ac] cutoff is not a time like 12:00"))?;
    let mut p = Permit::overtime_ac(
        id,
        &unit.id,
        applicant,
        date,
        start,
        end,
        rules,
        deadline,
        ctx.now.naive_local(),
        act(ctx),
    )?;
    let amount = p.overtime_ac.as_ref().map_or(Money::ZERO, |o| o.amount);
    let (_, mut ledger) = money::unit_and_ledger(ctx, &unit.id)?;
    let zh = ctx.settings.config.locale == Locale::ZhCn;
    let next_month = date
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(date);
    let entry = accounts::charge(
        &mut ledger,
        money::clerk(ctx),
        NewCharge {
            item: ChargeItem::Energy,
            amount,
            text: if zh {
                format!(
                    "加时空调 {date} {}-{} {id}",
                    start.format("%H:%M"),
                    end.format("%H:%M")
                )
            } else {
                format!(
                    "Overtime air-conditioning {date} {}-{} {id}",
                    start.format("%H:%M"),
                    end.format("%H:%M")
                )
            },
            due: ctx.settings.config.billing.due_date(next_month),
            reference: Some(id.to_string()),
        },
    )?;
    if let Some(o) = p.overtime_ac.as_mut() {
        o.charge = Some(entry);
    }
    let mut changes = Changes::new(format!("permit {id}: overtime air-conditioning {date}"));
    changes.create(&ctx.store, &p)?;
    changes.update(&ctx.store, &ledger)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{id}\n"))?;
        eprintln!(
            "{id}: {} charged to {} (ledger entry {entry})",
            amount.grouped(),
            unit.id
        );
    }
    Ok(())
}

/// Charges a parking permit's fee for its term (`renew`: for the next term first).
fn parking_fee(ctx: &Ctx, lock: crate::store::Lock, mut p: Permit, renew: bool) -> Result<()> {
    if renew {
        p.renew(act(ctx))?;
    } else if p.parking.as_ref().is_some_and(|x| !x.charges.is_empty()) {
        return Err(Error::data(format!(
            "the fee of permit {} was already charged; a new term is `permit renew`",
            p.id
        )));
    }
    let rules = &ctx.settings.config.permit.parking;
    let Some(x) = p.parking.clone() else {
        return Err(Error::data(format!(
            "permit {} is not a parking permit",
            p.id
        )));
    };
    let fee = match x.term {
        Term::HalfYear => rules.half_year_fee,
        Term::Year => rules.year_fee,
    };
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
    let zh = ctx.settings.config.locale == Locale::ZhCn;
    let entry = accounts::charge(
        &mut ledger,
        money::clerk(ctx),
        NewCharge {
            item: ChargeItem::Parking,
            amount: fee,
            text: if zh {
                format!(
                    "停车费 车位{} {} {}至{} {}",
                    x.bay, x.plate, x.from, x.until, p.id
                )
            } else {
                format!(
                    "Parking bay {} {} {} to {} {}",
                    x.bay, x.plate, x.from, x.until, p.id
                )
            },
            due: ctx.today,
            reference: Some(p.id.clone()),
        },
    )?;
    p.parking_billed(act(ctx), entry, fee)?;
    let what = if renew { "renewed" } else { "fee charged" };
    let mut changes = Changes::new(format!("permit {}: {what}", p.id));
    changes.update(&ctx.store, &ledger)?;
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: {what}: {} to {}, {} charged to {} (ledger entry {entry})\n",
            p.id,
            x.from,
            x.until,
            fee.grouped(),
            p.unit
        ))?;
    }
    Ok(())
}

/// Access cards handed back: the deposit for them is refunded, the permit closed.
fn return_cards(ctx: &Ctx, typed: &str) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let back = p.return_cards(act(ctx))?;
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
    let books = books(ctx);
    let state = books.state(&ledger)?;
    let refund = back.min(held(&state, DepositKind::Card));
    let mut changes = Changes::new(format!("permit {}: cards returned", p.id));
    if refund.minor() > 0 {
        accounts::refund_deposit(
            &books,
            &mut ledger,
            money::clerk(ctx),
            DepositKind::Card,
            refund,
            None,
            Some(p.id.clone()),
        )?;
        changes.update(&ctx.store, &ledger)?;
    }
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!(
            "{}: cards returned; card deposit refunded: {}\n",
            p.id,
            refund.grouped()
        ))?;
    }
    Ok(())
}

/// `permit stats --month`: the month's permits and passes.
fn stats(ctx: &Ctx, month: Option<&str>) -> Result<()> {
    let month = match month {
        Some(m) => crate::cli::bill::parse_month(m)?,
        None => ctx.today.with_day(1).unwrap_or(ctx.today),
    };
    let permits = ctx.store.load_all::<Permit>()?;
    let s = crate::procedure::permit::figures::month_stats(
        &permits,
        month,
        ctx.today,
        ctx.settings.config.timezone.0,
    );
    let listing = stats_listing(&s, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

/// The rows of `permit stats`: figure and value.
fn stats_listing(s: &PermitStats, locale: Locale) -> Listing {
    let zh = locale == Locale::ZhCn;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |key: &str, zh_label: &str, en: &str, v: Cell| {
        rows.push(vec![
            Cell::shown_as(key.to_string(), if zh { zh_label } else { en }.to_string()),
            v,
        ]);
    };
    row("month", "月份", "month", s.month.clone().into());
    for k in Kind::ALL {
        rows_push_kind(&mut row, k, s.applied(k), zh);
    }
    row("issued", "本月签发", "issued", s.issued.into());
    row("active", "月末有效", "active at month end", s.active.into());
    row(
        "passes_issued",
        "出入证发放",
        "worker passes issued",
        s.passes_issued.into(),
    );
    row(
        "passes_returned",
        "出入证退回",
        "worker passes returned",
        s.passes_returned.into(),
    );
    row(
        "passes_lost",
        "出入证遗失",
        "worker passes lost",
        s.passes_lost.into(),
    );
    row(
        "cards_issued",
        "门禁卡发放",
        "access cards issued",
        s.cards_issued.into(),
    );
    row(
        "cards_returned",
        "门禁卡退回",
        "access cards returned",
        s.cards_returned.into(),
    );
    row("violations", "违章", "violations", s.violations.into());
    row("rectified", "整改完成", "rectified", s.rectified.into());
    row("fines", "罚款", "fines", Cell::money(s.fines));
    Listing {
        columns: vec![
            Column::new("figure", "项目", "Figure"),
            Column::new("value", "数值", "Value"),
        ],
        rows,
    }
}

fn rows_push_kind(row: &mut impl FnMut(&str, &str, &str, Cell), k: Kind, n: u32, zh: bool) {
    let key = format!("applied:{}", k.as_str());
    let label = if zh {
        format!("申请 {}", k.zh())
    } else {
        format!("applied {}", k.as_str())
    };
    row(&key, &label, &label, n.into());
}

/// The values of a permit's notice, and its language (the applicant's, else the
/// office's). Each notice is refused for a permit it does not fit.
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &crate::procedure::notice::NoticeDef,
    typed: &str,
) -> Result<(String, tera::Context, Locale)> {
    use crate::procedure::notice::NoticeDef;
    use crate::procedure::permit::notices::*;
    let p = find(ctx, typed)?;
    let r = p.renovation.as_ref();
    let is = |n: &NoticeDef| which == n;
    let refusal = match () {
        _ if (is(&PERMIT_DOOR) || is(&WORKERS_RULES)) && r.and_then(|r| r.valid_from).is_none() => {
            Some("is not an issued renovation permit")
        }
        _ if is(&RECTIFICATION) && r.is_none_or(|r| r.violations.is_empty()) => {
            Some("has no violation to print a rectification notice for")
        }
        _ if is(&ACCEPTANCE) && r.is_none_or(|r| r.acceptances.is_empty()) => {
            Some("has no completion acceptance yet")
        }
        _ if is(&DEPOSIT_REFUND) && !(r.is_some() && p.status == Status::Closed) => {
            Some("is not a closed renovation permit: the deposits are refunded on closing")
        }
        _ if is(&GOODS_EXIT_PASS) && p.goods_exit.is_none() => Some("is not a goods exit pass"),
        _ if is(&PARKING_PERMIT) && p.parking.is_none() => Some("is not a parking permit"),
        _ => None,
    };
    if let Some(why) = refusal {
        return Err(Error::data(format!(
            "permit {} ({}) {why}: no {}",
            p.id, p.kind, which.name
        )));
    }
    let unit: Unit = ctx.store.get_named(&p, "unit", &p.unit)?;
    let applicant = ctx.store.load::<Party>(&p.applicant)?;
    let ledger = ctx.store.load::<Ledger>(&p.unit)?;
    let locale = crate::notice::locale_for(
        ctx.locale_flag,
        applicant.as_ref(),
        ctx.settings.config.locale,
    );
    let values = crate::procedure::permit::notices::values(
        ctx.settings.config.letterhead(),
        &ctx.settings.config.permit,
        &p,
        &unit,
        applicant.as_ref(),
        ledger.as_ref(),
        ctx.today,
        locale,
    );
    Ok((p.id, values, locale))
}
