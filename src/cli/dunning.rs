//! `propdesk dunning`: fee collection, one case per unit, up the office's ladder.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use clap::Subcommand;

use crate::cli::money::{self, addressee, books, clerk, file_notice};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::ids;
use crate::model::ledger::{Ledger, State, aging};
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::dunning::steps::{self, ByHand, Done};
use crate::procedure::dunning::{CaseStatus, Channel, DunningCase, notices};
use crate::render::Renderer;
use crate::store::Changes;
use crate::view::dunning as view;

/// Fee collection (催款): each unit in arrears has a case that climbs the office's
/// escalation ladder ([[dunning.ladder]] in office.toml).
///
/// `propdesk dunning` lists the open cases; `dunning run` (cron, every morning) moves
/// every case to where the ladder says it is today.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List the open cases (the default).
    List,
    /// Show a unit's case: steps, contacts, promises, history.
    Show { unit: String },
    /// Move every case to where the ladder says it is today (the morning cron job).
    ///
    /// For every unit with overdue charges: posts the late fees accrued through today,
    /// opens or closes its case, settles promises that ran out, records each ladder
    /// step now due (a step needing approval waits, and the steps after it), and files
    /// the notices of steps taken. Prints one line per action; nothing due prints
    /// nothing. Running it twice the same day changes nothing.
    Run,
    /// Log a reminder or a talk with the tenant (电话催款记录).
    Log {
        unit: String,
        /// phone, visit, letter or sms.
        #[arg(long, value_parser = parse::<Channel>)]
        channel: Channel,
        /// What was said or agreed.
        #[arg(long)]
        outcome: String,
    },
    /// Approve the step waiting for approval (the manager's or GM's signature) and
    /// file its notice.
    Approve { unit: String },
    /// Record a promise to pay: escalation pauses until the date, and resumes if the
    /// promise is broken.
    Promise {
        unit: String,
        /// The last day of the promise.
        #[arg(long, value_parser = money::date)]
        until: NaiveDate,
        /// The amount promised (default: everything overdue).
        #[arg(long, value_parser = money::money)]
        amount: Option<Money>,
    },
    /// Record that the tenant signed for the latest notice (签收).
    Sign {
        unit: String,
        /// Who signed (default: the billed party's contact or name).
        #[arg(long)]
        signer: Option<String>,
    },
    /// Arrears by age: 0-30, 31-60, 61-90 and over 90 days overdue, per unit and in
    /// total.
    Aging,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command.unwrap_or(Cmd::List) {
        Cmd::List => list(ctx),
        Cmd::Show { unit } => show(ctx, &unit),
        Cmd::Run if !ctx.runs_here("dunning run") => Ok(()),
        Cmd::Run => run_all(ctx),
        Cmd::Log {
            unit,
            channel,
            outcome,
        } => {
            if outcome.trim().is_empty() {
                return Err(Error::usage("--outcome must not be empty"));
            }
            by_hand(ctx, &unit, ByHand::Log { channel, outcome })
        }
        Cmd::Approve { unit } => by_hand(ctx, &unit, ByHand::Approve),
        Cmd::Promise {
            unit,
            until,
            amount,
        } => {
            if let Some(a) = amount {
                ctx.amount("--amount", crate::model::plausible::AmountKind::Payment, a)?;
            }
            by_hand(ctx, &unit, ByHand::Promise { until, amount })
        }
        Cmd::Sign { unit, signer } => {
            let signer = signer.map(|s| s.trim().to_string()).unwrap_or_default();
            by_hand(ctx, &unit, ByHand::Sign { signer })
        }
        Cmd::Aging => aging_table(ctx),
    }
}

/// A step by hand on a unit's case; an approved step files its notice.
fn by_hand(ctx: &Ctx, typed: &str, mut step: ByHand) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, ledger) = money::unit_and_ledger(ctx, typed)?;
    let loaded = ctx.store.load::<DunningCase>(&unit.id)?;
    let mut case = steps::case_for(&unit.id, loaded, step.event())?;
    let state = books(ctx).state(&ledger)?;
    if let ByHand::Sign { signer } = &mut step
        && signer.is_empty()
    {
        *signer = steps::signer_of(addressee(ctx, &ctx.store, &unit)?.party.as_ref());
    }
    let rules = &ctx.settings.config.dunning;
    let (done, file) = steps::by_hand(&mut case, &state, rules, clerk(ctx), step)?;
    let mut changes = Changes::new(format!("dunning {}", done.en()));
    let mut lines = vec![done.say(ctx.locale)];
    if let Some(i) = file {
        let renderer = Renderer::new(ctx.root())?;
        let notice = file_step_notice(ctx, &renderer, &mut changes, &unit, &state, &mut case, i)?;
        let unit = unit.id.clone();
        lines.push(Done::Filed { unit, notice }.say(ctx.locale));
    }
    changes.update(&ctx.store, &case)?;
    ctx.save(&lock, &changes)?;
    money::print(ctx, &lines)
}

/// Files the notice that step `i` of the case files, and notes it on the step: its
/// path, as shown.
fn file_step_notice(
    ctx: &Ctx,
    renderer: &Renderer,
    changes: &mut Changes,
    unit: &Unit,
    state: &State,
    case: &mut DunningCase,
    i: usize,
) -> Result<String> {
    let rules = &ctx.settings.config.dunning;
    let name = case.steps[i].notice_name(rules).unwrap_or_default();
    let notice = crate::notice::find(name).map(|(_, n)| n).ok_or_else(|| {
        Error::usage(format!(
            "office.toml: [dunning] ladder: unknown notice {name:?}"
        ))
    })?;
    let to = addressee(ctx, &ctx.store, unit)?;
    let (base, today, books) = (to.base(ctx, unit), ctx.today, books(ctx));
    let values = notices::step_values(base, &books, state, case, i, today, to.locale);
    let path = file_notice(ctx, renderer, changes, notice, &unit.id, to.locale, &values)?;
    let shown = crate::store::shown(&path);
    case.steps[i].notice = Some(shown.clone());
    Ok(shown)
}

fn run_all(ctx: &Ctx) -> Result<()> {
    let lock = ctx.lock()?;
    let books = books(ctx);
    let today = ctx.today;
    // Only open cases are kept as they are read (years of closed ones stay on disk);
    // a unit that needs work without an open case has its closed case read below.
    let cases: HashMap<String, DunningCase> = ctx
        .store
        .load_each(|c: DunningCase| Ok((c.status == CaseStatus::Open).then_some(c)))?
        .into_iter()
        .map(|c| (c.unit.clone(), c))
        .collect();
    // Decide in parallel, as each ledger is read, which units need anything: overdue
    // charges or an open case. Only those ledgers are kept.
    let mut work: Vec<Ledger> = money::each_book(&ctx.store, &books, today.year(), |l: Ledger| {
        let state = books.state(&l)?;
        let open = cases.contains_key(&l.unit);
        Ok(steps::needs_run(open, &state, today).then_some(l))
    })?;
    work.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let mut renderer: Option<Renderer> = None;
    let mut changes = Changes::new(format!("dunning run {today}"));
    let mut lines = Vec::new();
    for ledger in work {
        let id = ledger.unit.clone();
        let mut case = match cases.get(&id) {
            Some(c) => Some(c.clone()),
            None => ctx.store.load::<DunningCase>(&id)?,
        };
        let before = case.clone();
        let morning = steps::morning(&mut case, &ledger, &books, clerk(ctx))?;
        let said = morning.said(&id);
        lines.extend(said.iter().map(|d| d.say(ctx.locale)));
        if let Some(c) = case.as_mut()
            && !morning.to_file.is_empty()
        {
            let u: Unit = ctx.store.get(&id)?;
            let r = match renderer.take() {
                Some(r) => r,
                None => Renderer::new(ctx.root())?,
            };
            for &i in &morning.to_file {
                let (unit, state) = (id.clone(), &morning.state);
                let notice = file_step_notice(ctx, &r, &mut changes, &u, state, c, i)?;
                lines.push(Done::Noticed { unit, notice }.say(ctx.locale));
            }
            renderer = Some(r);
        }
        if case != before
            && let Some(c) = &case
        {
            changes.update(&ctx.store, c)?;
        }
    }
    ctx.save(&lock, &changes)?;
    money::print(ctx, &lines)
}

fn list(ctx: &Ctx) -> Result<()> {
    let books = books(ctx);
    let parties = crate::cli::unit::parties_by_id(ctx)?;
    let mut cases: Vec<DunningCase> = ctx
        .store
        .load_all::<DunningCase>()?
        .into_iter()
        .filter(|c| c.status == CaseStatus::Open)
        .collect();
    cases.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let mut rows = Vec::new();
    for c in &cases {
        let ledger = money::open_book(ctx, &c.unit)?;
        let state = books.state(&ledger)?;
        let unit = ctx.store.load::<Unit>(&c.unit)?;
        rows.push(view::Row {
            case: c,
            unit,
            state,
        });
    }
    let listing = view::list(&rows, &parties, &ctx.settings, ctx.today, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let id = ids::normalize_unit(typed)?;
    let case: DunningCase = ctx.store.get(&id)?;
    let sheet = view::sheet(&case, ctx.locale);
    ctx.out.print(&sheet.render(ctx.format, ctx.locale)?)
}

fn aging_table(ctx: &Ctx) -> Result<()> {
    let books = books(ctx);
    let today = ctx.today;
    let mut ledgers: Vec<(String, [Money; 4])> =
        money::each_book(&ctx.store, &books, today.year(), |l: Ledger| {
            Ok(Some((l.unit.clone(), aging(&books.state(&l)?, today))))
        })?;
    ledgers.sort_by(|a, b| ids::natural_cmp(&a.0, &b.0));
    let listing = view::aging(ledgers, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}
