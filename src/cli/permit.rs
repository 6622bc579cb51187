//! `propdesk permit`: renovation permits (装修许可).

use chrono::{Datelike, NaiveDate, NaiveTime};
use clap::Subcommand;

use crate::cli::money::{self, books};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::ids::{self, IdKind};
use crate::model::ledger::Ledger;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::procedure::moveout::MoveOut;
use crate::procedure::permit::gate::{self, Barrier, Overriding, Standing};
use crate::procedure::permit::goods_exit::Signature;
use crate::procedure::permit::steps::{self, Change, Done, Missing};
use crate::procedure::permit::{
    AcRequest, Act, Application, Kind, ParkingApplication, Permit, Refused, Scope, Side, Term,
};
use crate::store::{Changes, Lock, Record};
use crate::view::permit as view;

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
        /// Access cards: the number on each card handed over (once per card), when the
        /// office numbers its cards; a card out on another permit is refused.
        #[arg(long = "card-no", value_name = "NUMBER")]
        card_no: Vec<String>,
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
    ///
    /// The desk's signature issues it: refused while the unit's move-out is not settled
    /// or what it owes not paid, and while its dunning case is at the suspension step
    /// unless a manager overrides (--override-by, --as, --reason).
    SignExit {
        id: String,
        /// owner, tenant or desk.
        #[arg(long, value_parser = parse::<Side>)]
        side: Side,
        #[arg(long)]
        signed_by: String,
        /// With the desk's signature: the manager who lets the goods out although the
        /// unit's dunning case is at the suspension step...
        #[arg(long, requires_all = ["role", "reason"])]
        override_by: Option<String>,
        /// ...their role, one of [permit] exit_override_roles...
        #[arg(long = "as", value_name = "ROLE", requires = "override_by")]
        role: Option<String>,
        /// ...and why (printed on the pass).
        #[arg(long, requires = "override_by")]
        reason: Option<String>,
    },
    /// Security takes the goods exit pass as the goods leave.
    ///
    /// Security is warned when the unit's dunning case is at the suspension step or its
    /// move-out is not settled or paid; the pass keeps the warning.
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

const NO_CUTOFF: &str = "[permit.overtime_ac] cutoff is not a time like 12:00";

/// A flag a kind of permit needs.
fn needed<T>(v: Option<T>, flag: &str, kind: Kind) -> Result<T> {
    v.ok_or_else(|| Error::usage(format!("a permit of kind {kind} needs {flag}")))
}

fn time(s: &str) -> std::result::Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("{s:?}: expected a time like 14:00"))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let rules = &ctx.settings.config.permit;
    let books = books(ctx);
    match args.command.unwrap_or(Cmd::List { all: false }) {
        Cmd::List { all } => list(ctx, all || args.all),
        Cmd::New(n) => new(ctx, *n),
        Cmd::Show { id } => show(ctx, &id),
        Cmd::Receive { id, items, from } => step(ctx, &id, |p, a| p.receive(a, &items, &from)),
        Cmd::Sign {
            id,
            items,
            signed_by,
        } => step(ctx, &id, |p, a| p.sign(a, &items, &signed_by)),
        Cmd::Bill { id } => with_ledger(ctx, &id, |p, l, a| steps::bill(p, l, &books, rules, a)),
        Cmd::Approve { id, role } => {
            step(ctx, &id, |p, a| p.decide(a, rules, role.trim(), true, None))
        }
        Cmd::Reject { id, role, reason } => step(ctx, &id, |p, a| {
            p.decide(a, rules, role.trim(), false, Some(&reason))
        }),
        Cmd::Revise { id, description } => {
            step(ctx, &id, |p, a| p.revise(a, description.as_deref()))
        }
        Cmd::Issue { id, until, card_no } => issue(ctx, &id, until, &card_no),
        Cmd::Today => today(ctx),
        Cmd::Inspect { id, what, findings } => {
            step(ctx, &id, |p, a| p.inspect(a, &what, &findings))
        }
        Cmd::Violation {
            id,
            description: what,
            deadline,
            fine,
        } => {
            if let Some(f) = fine {
                ctx.amount("--fine", crate::model::plausible::AmountKind::Charge, f)?;
            }
            let locale = ctx.settings.config.locale;
            let f = |p: &mut Permit, a: Act, l: Option<&mut Ledger>| {
                steps::violation(p, a, &what, deadline, fine.zip(l), locale)
            };
            match fine {
                Some(_) => with_ledger(ctx, &id, |p, l, a| f(p, a, Some(l))),
                None => step(ctx, &id, |p, a| f(p, a, None)),
            }
        }
        Cmd::Rectified { id, no } => step(ctx, &id, |p, a| p.rectified(a, no)),
        Cmd::HotWork {
            id,
            day,
            from,
            to,
            work,
            fire_watch,
        } => step(ctx, &id, |p, a| {
            p.hot_work(a, day, from, to, &work, &fire_watch)
        }),
        Cmd::Extend { id, until } => step(ctx, &id, |p, a| p.extend(a, rules, until)),
        Cmd::Complete { id, on } => step(ctx, &id, |p, a| p.apply_completion(a, rules, on)),
        Cmd::Accept {
            id,
            pass,
            fail,
            note,
            deadline,
        } => step(ctx, &id, |p, a| p.accept(a, pass && !fail, &note, deadline)),
        Cmd::Passes { id, returned, lost } => {
            step(ctx, &id, |p, a| p.return_passes(a, returned, lost))
        }
        Cmd::Stats { month } => stats(ctx, month.as_deref()),
        Cmd::Renew { id } => with_ledger(ctx, &id, |p, l, a| {
            let done = steps::renew(p, l, &books, rules, a)?;
            steps::bay_free(p, &bay_holders(ctx, p)?)?;
            Ok(done)
        }),
        Cmd::Return { id } => with_ledger(ctx, &id, |p, l, a| steps::return_cards(p, l, &books, a)),
        Cmd::SignExit {
            id,
            side,
            signed_by,
            override_by,
            role,
            reason,
        } => {
            let overriding = match (&override_by, &role, &reason) {
                (Some(by), Some(role), Some(reason)) => Some(Overriding { by, role, reason }),
                _ => None,
            };
            let by = &signed_by;
            at_gate(ctx, &id, |p, a, standing| {
                let sig = Signature {
                    side,
                    by,
                    overriding,
                };
                p.sign_exit(a, sig, standing, rules)
            })
        }
        Cmd::Security { id, guard } => at_gate(ctx, &id, |p, a, standing| {
            p.to_security(a, &guard, standing)
        }),
        Cmd::Refund {
            id,
            damage,
            damage_reason,
        } => with_ledger(ctx, &id, |p, l, a| {
            if let Some(d) = damage {
                ctx.amount("--damage", crate::model::plausible::AmountKind::Price, d)?;
            }
            // Deposits back net of what is owed, and the permit closed.
            let unit_permits = ctx.store.load_of_unit::<Permit>(&p.unit)?;
            let damage = damage.as_ref().zip(damage_reason.as_deref());
            let damage = damage.map(|(m, why)| (*m, why));
            steps::refund(p, &unit_permits, l, &books, rules, (a, a), damage)
        }),
    }
}

/// Who acts and when: the user, now.
fn act(ctx: &Ctx) -> Act<'_> {
    money::clerk(ctx)
}

pub(crate) fn find(ctx: &Ctx, typed: &str) -> Result<Permit> {
    crate::cli::find_record(ctx, typed, "permit --all")
}

/// Saves the permit (and the ledger, if the step posted to it) and says what was done.
fn save(ctx: &Ctx, lock: Lock, p: &Permit, ledger: Option<&Ledger>, done: &Done) -> Result<()> {
    let mut changes = Changes::new(format!("permit {}: {}", p.id, Change(done).en()));
    let mut closed = None;
    if let Some(l) = ledger {
        changes.update(&ctx.store, l)?;
        // A deposit applied to the unit's charges may clear what its case is about.
        closed = money::follow_case(ctx, &mut changes, l)?;
    }
    changes.update(&ctx.store, p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{}\n", done.say(ctx.locale)))?;
        if let Some(c) = closed {
            ctx.out.print(&format!("{c}\n"))?;
        }
    }
    Ok(())
}

/// A step on the permit alone.
fn step<E: Into<Error>>(
    ctx: &Ctx,
    typed: &str,
    f: impl FnOnce(&mut Permit, Act) -> std::result::Result<Done, E>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let done = f(&mut p, act(ctx)).map_err(Into::into)?;
    save(ctx, lock, &p, None, &done)
}

/// What the office says about the goods of `unit` leaving: from its move-out in
/// progress, its ledger and its dunning case.
pub(crate) fn standing(ctx: &Ctx, unit: &str) -> Result<Standing> {
    let moveouts = ctx.store.load_of_unit::<MoveOut>(unit)?;
    let ledger = money::open_book(ctx, unit)?;
    let books = books(ctx);
    let state = books.state(&ledger)?;
    let case = ctx.store.load::<DunningCase>(unit)?;
    let today = ctx.today;
    let billed = ctx
        .store
        .load::<Unit>(unit)?
        .and_then(|u| u.billed_to().cloned());
    let occupant = crate::procedure::fees::steps::payer(&ledger, billed.as_ref());
    Ok(Standing::of(
        unit,
        &moveouts,
        &state,
        &books,
        case.as_ref(),
        occupant.as_deref(),
        today,
    ))
}

/// A step on a goods exit pass at the gate: with what the office says about its
/// unit's goods leaving.
fn at_gate(
    ctx: &Ctx,
    typed: &str,
    f: impl FnOnce(&mut Permit, Act, &Standing) -> std::result::Result<Done, Refused>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let standing = match p.goods_exit() {
        Some(_) => standing(ctx, &p.unit)?,
        None => Standing::default(),
    };
    let done = f(&mut p, act(ctx), &standing)?;
    save(ctx, lock, &p, None, &done)
}

/// A step on the permit and its unit's ledger.
fn with_ledger(
    ctx: &Ctx,
    typed: &str,
    f: impl FnOnce(&mut Permit, &mut Ledger, Act) -> Result<Done>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    let (_, mut ledger) = money::unit_and_ledger_of(ctx, &p, &p.unit)?;
    let before = ledger.entries.len();
    let done = f(&mut p, &mut ledger, act(ctx))?;
    let posted = ledger.entries.len() != before;
    save(ctx, lock, &p, posted.then_some(&ledger), &done)
}

/// The permits holding `p`'s bay (none for a permit of another kind).
fn bay_holders(ctx: &Ctx, p: &Permit) -> Result<Vec<Permit>> {
    use crate::model::record::Record;
    match p.holds().first() {
        Some(bay) if p.parking().is_some() => ctx.store.load_holding::<Permit>(bay),
        _ => Ok(Vec::new()),
    }
}

/// What issuing `p` still needs: from its unit's ledger and, for its deposits, the
/// unit's other permits.
fn missing(ctx: &Ctx, p: &Permit) -> Result<Vec<Missing>> {
    let rules = &ctx.settings.config.permit;
    let ledger = money::open_book(ctx, &p.unit)?;
    let state = books(ctx).state(&ledger)?;
    let unit_permits = match p.required_deposits(rules).is_empty() {
        true => Vec::new(),
        false => ctx.store.load_of_unit::<Permit>(&p.unit)?,
    };
    Ok(steps::missing(p, &unit_permits, &state, rules))
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let rules = &ctx.settings.config.permit;
    let unit_id = ids::normalize_unit(&a.unit)?;
    let unit: Unit = ctx.store.get(&unit_id)?;
    let applicant = crate::registry::resolve_party(&ctx.store, &a.applicant)?;
    let tenant = steps::tenant_applicant(&unit, &applicant)?;
    let id = ctx.new_id(IdKind::Permit, Permit::rel_path)?;
    let kind = a.kind;
    let (p, charged) = match kind {
        Kind::OvertimeAc => {
            // Refused after the cut-off; charged to the unit's ledger, issued at once.
            let date = needed(a.day, "--day DATE", kind)?;
            let from = needed(a.start, "--start HH:MM", kind)?;
            let to = needed(a.end, "--end HH:MM", kind)?;
            let deadline = rules.overtime_ac.deadline(&ctx.settings.calendar, date);
            let deadline = deadline.ok_or_else(|| Error::usage(NO_CUTOFF))?;
            let (unit, applicant) = (&unit.id, &applicant);
            let requested = ctx.now.naive_local();
            let request = AcRequest {
                unit,
                applicant,
                date,
                from,
                to,
                deadline,
                requested,
            };
            let (_, mut ledger) = money::unit_and_ledger(ctx, unit)?;
            let (ac, books) = (&rules.overtime_ac, books(ctx));
            let (p, done) = steps::overtime_ac(&id, request, ac, &mut ledger, &books, act(ctx))?;
            (p, Some((ledger, done)))
        }
        Kind::Renovation => {
            let contractor = a.contractor.map(|c| c.trim().to_string());
            let application = Application {
                unit: unit.id.clone(),
                applicant,
                tenant_applicant: tenant,
                contractor: contractor.filter(|c| !c.is_empty()),
                scope: a.scope,
                structural: a.structural,
                hot_work: a.hot_work,
                description: needed(a.description, "--description", kind)?,
                planned_start: needed(a.from, "--from DATE", kind)?,
                planned_end: needed(a.to, "--to DATE", kind)?,
                workers: needed(a.workers, "--workers N", kind)?,
            };
            let p = Permit::new_renovation(&id, application, rules, act(ctx))?;
            (p, None)
        }
        Kind::Parking => {
            let application = ParkingApplication {
                unit: &unit.id,
                applicant: &applicant,
                bay: &needed(a.bay, "--bay", kind)?,
                plate: &needed(a.plate, "--plate", kind)?,
                term: needed(a.term, "--term half-year|year", kind)?,
                from: needed(a.from, "--from DATE", kind)?,
            };
            let p = Permit::new_parking(&id, application, &rules.parking, act(ctx))?;
            steps::bay_free(&p, &bay_holders(ctx, &p)?)?;
            (p, None)
        }
        Kind::AccessCard => {
            let cards = needed(a.cards, "--cards N", kind)?;
            let each = rules.access_card_deposit;
            let p = Permit::new_access_card(&id, &unit.id, &applicant, cards, each, act(ctx))?;
            (p, None)
        }
        Kind::GoodsExit => {
            let day = needed(a.day, "--day DATE", kind)?;
            // No pass for a unit moving out before it is settled and paid.
            gate::may_make(&standing(ctx, &unit.id)?, &unit.id)?;
            let p = Permit::new_goods_exit(&id, &unit.id, &applicant, &a.items, day, act(ctx))?;
            (p, None)
        }
    };
    let what = match (kind, p.overtime_ac()) {
        (_, Some(o)) => format!("overtime air-conditioning {}", o.date),
        (Kind::Renovation, _) => format!("renovation of {} applied for", unit.id),
        _ => format!("{kind} for {} applied for", unit.id),
    };
    let mut changes = Changes::new(format!("permit {id}: {what}"));
    changes.create(&ctx.store, &p)?;
    if let Some((ledger, _)) = &charged {
        changes.update(&ctx.store, ledger)?;
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{id}\n"))?;
        if let Some((_, done)) = charged {
            eprintln!("{}", done.say(ctx.locale));
        }
    }
    Ok(())
}

fn issue(ctx: &Ctx, typed: &str, until: Option<NaiveDate>, card_no: &[String]) -> Result<()> {
    let lock = ctx.lock()?;
    let mut p = find(ctx, typed)?;
    if !card_no.is_empty() {
        // The permits holding any of the cards, each once.
        let mut holders: Vec<Permit> = Vec::new();
        for n in card_no {
            let held = steps::held_card(&steps::card_key(n));
            for o in ctx.store.load_holding::<Permit>(&held)? {
                if !holders.iter().any(|h| h.id == o.id) {
                    holders.push(o);
                }
            }
        }
        steps::number_cards(&mut p, card_no, &holders)?;
    }
    let rules = &ctx.settings.config.permit;
    let missing = missing(ctx, &p)?;
    if until.is_some() && p.renovation().is_none() {
        return Err(Error::usage("--until is for renovation permits"));
    }
    let done = p.issue(act(ctx), rules, missing, until)?;
    let mut changes = Changes::new(format!("permit {}: {}", p.id, Change(&done).en()));
    if p.renovation().is_some() {
        // The permit for the unit door and the workers' rules, filed to be posted.
        let (values, locale) = notice_values_of(ctx, &p, false, &[])?;
        let renderer = crate::render::Renderer::new(ctx.root())?;
        use crate::procedure::permit::notices::{PERMIT_DOOR, WORKERS_RULES};
        for n in [&PERMIT_DOOR, &WORKERS_RULES] {
            money::file_notice(ctx, &renderer, &mut changes, n, &p.id, locale, &values)?;
        }
    }
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&format!("{}\n", done.say(ctx.locale)))?;
    }
    Ok(())
}

fn today(ctx: &Ctx) -> Result<()> {
    let mut ps = ctx.store.load_all::<Permit>()?;
    ps.retain(|p| p.works_allowed_on(ctx.today));
    ps.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let listing = view::today(&ps, ctx.today);
    if listing.rows.is_empty() && ctx.format == crate::output::Format::Table {
        return Ok(());
    }
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn list(ctx: &Ctx, all: bool) -> Result<()> {
    let mut ps = ctx.store.load_all::<Permit>()?;
    ps.retain(|p| all || p.open_on(ctx.today));
    let listing = view::list(&ps, &ctx.settings.config.permit, ctx.today, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let p = find(ctx, typed)?;
    let applicant = ctx.store.load::<Party>(&p.applicant)?;
    let applicant = applicant.map_or(p.applicant.clone(), |x| format!("{} ({})", x.name, x.id));
    let missing = match steps::before_issue(&p) {
        true => missing(ctx, &p)?,
        false => Vec::new(),
    };
    let missing: Vec<String> = missing.iter().map(|m| m.say(ctx.locale)).collect();
    let rules = &ctx.settings.config.permit;
    let mut sheet = view::sheet(&p, applicant, &missing, rules, ctx.today, ctx.locale)?;
    crate::view::missing_and_history(&mut sheet.fields, &missing, &p.history);
    ctx.out.print(&sheet.render(ctx.format, ctx.locale)?)
}

/// `permit stats --month`: the month's permits and passes.
fn stats(ctx: &Ctx, month: Option<&str>) -> Result<()> {
    let month = match month {
        Some(m) => crate::cli::money::parse_month(m)?,
        None => ctx.today.with_day(1).unwrap_or(ctx.today),
    };
    let permits = ctx.store.load_all::<Permit>()?;
    let tz = ctx.settings.config.timezone.0;
    let s = crate::procedure::permit::figures::month_stats(&permits, month, ctx.today, tz);
    let listing = view::stats(&s, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

/// The values of a permit's notice and its language (the applicant's, else the
/// office's); `ledger`: with the unit's ledger, for the deposit refund; `warnings`:
/// what a goods exit pass tells security of the gate.
fn notice_values_of(
    ctx: &Ctx,
    p: &Permit,
    ledger: bool,
    warnings: &[Barrier],
) -> Result<(tera::Context, Locale)> {
    let unit: Unit = ctx.store.get_named(p, "unit", &p.unit)?;
    let applicant = ctx.store.load::<Party>(&p.applicant)?;
    // The book of the year of the permit's last step (its refund), which holds the
    // deposit movements the notice sums.
    let ledger = match ledger {
        true => {
            let year = p
                .history
                .last()
                .map_or(ctx.today, |e| e.at.date_naive())
                .year();
            let books = money::books(ctx);
            Some(money::book_for(&ctx.store, &books, &p.unit, year)?)
        }
        false => None,
    };
    let locale = crate::notice::locale_for(
        ctx.locale_flag,
        applicant.as_ref(),
        ctx.settings.config.locale,
    );
    let values = crate::procedure::permit::notices::values(
        ctx.settings.config.letterhead(),
        &ctx.settings.config.permit,
        p,
        &unit,
        applicant.as_ref(),
        ledger.as_ref(),
        warnings,
        ctx.today,
        locale,
    );
    Ok((values, locale))
}

/// The values of a permit's notice, and its language. Each notice is refused for a
/// permit it does not fit; a goods exit pass, while the gate is shut before it is
/// issued.
pub(crate) fn notice_values(
    ctx: &Ctx,
    which: &crate::procedure::notice::NoticeDef,
    typed: &str,
) -> Result<(String, tera::Context, Locale)> {
    use crate::procedure::permit::notices;
    let p = find(ctx, typed)?;
    notices::fits(which, &p)?;
    let warnings = match *which == notices::GOODS_EXIT_PASS {
        true => notices::pass_warnings(&p, &standing(ctx, &p.unit)?)?,
        false => Vec::new(),
    };
    let (values, locale) = notice_values_of(ctx, &p, true, &warnings)?;
    Ok((p.id, values, locale))
}
