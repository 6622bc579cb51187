//! `propdesk ledger`: a unit's statement, every unit's balance, the deposits held,
//! and deposits paid back or used.

use clap::Subcommand;

use chrono::Datelike;

use crate::cli::money::{self, books, file_notice, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::{Ctx, Numbers};
use crate::error::Result;
use crate::model::ids;
use crate::model::ledger::{DepositKind, Ledger, PayMethod, State};
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::output::Format;
use crate::procedure::fees::notices::STATEMENT;
use crate::procedure::fees::steps::{self, Post};
use crate::render::Renderer;
use crate::store::Changes;
use crate::view::fees as view;

/// A unit's ledger: charges, payments, deposits, with the running balance.
///
/// `propdesk ledger` lists every unit's balance; `ledger A-1203` is the unit's
/// statement; `ledger --deposits` lists the deposits held per unit and kind, with the
/// total reconciled against the entries.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// The unit whose statement to show.
    unit: Option<String>,
    /// List the deposits held, per unit and kind.
    #[arg(long, conflicts_with = "notice")]
    deposits: bool,
    /// File the unit's statement notice (对账单) instead of printing the statement.
    #[arg(long, requires = "unit")]
    notice: bool,
    /// Show the unit's book of this year (default: this year's; earlier years are
    /// closed books, kept in ledger/<UNIT>/<YYYY>.yaml).
    #[arg(long, requires = "unit", conflicts_with = "notice", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    year: Option<i32>,
    /// Show every occupancy's entries (default: the occupancy the desk deals with now,
    /// as the unit's notices show: of the latest charge, else the party billed).
    #[arg(long, requires = "unit", conflicts_with = "notice")]
    all: bool,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Pay back a deposit (退押金); never more than is held.
    Refund {
        unit: String,
        #[arg(value_parser = money::money)]
        amount: Money,
        /// lease, renovation, pass or card.
        #[arg(long, value_parser = parse::<DepositKind>)]
        deposit: DepositKind,
        #[arg(long, value_parser = parse::<PayMethod>)]
        method: Option<PayMethod>,
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
    },
    /// Use a deposit to pay what is owed (押金抵扣); never more than is held or owed.
    Apply {
        unit: String,
        #[arg(value_parser = money::money)]
        amount: Money,
        #[arg(long, value_parser = parse::<DepositKind>)]
        deposit: DepositKind,
        /// Clear this charge first (its entry number).
        #[arg(long = "for", value_name = "CHARGE")]
        target: Option<u32>,
    },
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command {
        Some(Cmd::Refund {
            unit,
            amount,
            deposit,
            method,
            reference,
        }) => {
            let amount = ctx.amount(
                "AMOUNT",
                crate::model::plausible::AmountKind::Deposit,
                amount,
            )?;
            money::post_one(ctx, &unit, Post::refund(deposit, amount, method, reference))
        }
        Some(Cmd::Apply {
            unit,
            amount,
            deposit,
            target,
        }) => {
            let amount = ctx.amount(
                "AMOUNT",
                crate::model::plausible::AmountKind::Deposit,
                amount,
            )?;
            money::post_one(ctx, &unit, Post::apply(deposit, amount, target))
        }
        None if a.deposits => deposits(ctx),
        None => match a.unit {
            Some(u) if a.notice => statement_notice(ctx, &u),
            Some(u) => statement(ctx, &u, a.year, a.all),
            None => balances(ctx),
        },
    }
}

fn statement(ctx: &Ctx, typed: &str, year: Option<i32>, all: bool) -> Result<()> {
    let (unit, mut ledger) = unit_and_ledger(ctx, typed)?;
    let books = books(ctx);
    if let Some(y) = year.filter(|y| *y != ledger.year) {
        ledger = money::book_for(&ctx.store, &books, &unit.id, y)?;
    }
    let whole = books.state(&ledger)?;
    // One occupancy's money, unless --all: credits and debts of another are not its.
    let party = match all {
        true => None,
        false => steps::payer(&ledger, unit.billed_to()),
    };
    let state = whole.of_party(party.as_deref());
    let l = ctx.locale;
    let listing = view::statement(&ledger, &whole, l, party.as_deref());
    let accrued = books.late_fees_accrued(&state, ctx.today);
    let others = party.is_some()
        && whole
            .parties()
            .iter()
            .any(|p| p.is_some() && p.as_deref() != party.as_deref());
    let text = match ctx.format {
        Format::Table => {
            let mut text = listing.render(ctx.format, l)?;
            let name = match &party {
                Some(id) => Some(money::party_name(ctx, id)?),
                None => None,
            };
            text.push_str(&view::statement_footer(
                &unit.id,
                name.as_deref(),
                ctx.today,
                &state,
                accrued,
                l,
            ));
            if others {
                text.push_str(&view::other_occupancies(&unit.id, l));
            }
            text
        }
        // For scripts: the summary beside the entries.
        Format::Json | Format::Yaml => {
            let summary = view::statement_summary(ctx.today, &state, accrued);
            let doc = serde_json::json!({
                "unit": unit.id,
                "party": party,
                "date": ctx.today.to_string(),
                "summary": summary,
                "entries": listing.objects(),
            });
            crate::output::document(ctx.format, &doc)?
        }
        _ => listing.render(ctx.format, l)?,
    };
    ctx.out.print(&text)
}

fn statement_notice(ctx: &Ctx, typed: &str) -> Result<()> {
    let unit = ids::normalize_unit(typed)?;
    let (values, locale) = money::notice_values(ctx, &STATEMENT, &unit, None, Numbers::Masked)?;
    let lock = ctx.lock()?;
    let mut changes = Changes::new(format!("statement of {unit}"));
    let r = Renderer::new(ctx.root())?;
    let path = file_notice(ctx, &r, &mut changes, &STATEMENT, &unit, locale, &values)?;
    ctx.save(&lock, &changes)?;
    money::print(ctx, &[crate::store::shown(&path)])
}

/// What `keep` makes of every unit's replayed ledger, by unit number: each ledger is
/// read, replayed and dropped in turn.
fn all_states<R: Send>(ctx: &Ctx, keep: impl Fn(&State) -> R + Sync) -> Result<Vec<(String, R)>> {
    let books = books(ctx);
    let mut rows = money::each_book(&ctx.store, &books, ctx.today.year(), |l: Ledger| {
        Ok(Some((l.unit.clone(), keep(&books.state(&l)?))))
    })?;
    rows.sort_by(|a, b| ids::natural_cmp(&a.0, &b.0));
    Ok(rows)
}

fn balances(ctx: &Ctx) -> Result<()> {
    let units: std::collections::HashMap<String, Unit> = ctx
        .store
        .load_all::<Unit>()?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let parties = crate::cli::unit::parties_by_id(ctx)?;
    let today = ctx.today;
    let states = all_states(ctx, |s| {
        [s.balance(), s.overdue_total(today), s.deposits_held()]
    })?;
    let listing = view::balances(states, &units, &parties);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn deposits(ctx: &Ctx) -> Result<()> {
    let l = ctx.locale;
    let units = all_states(ctx, |s| s.deposits.clone().into_iter().collect())?;
    let (listing, footer) = view::deposits(units, l);
    let mut text = listing.render(ctx.format, l)?;
    if ctx.format == Format::Table {
        text.push_str(&footer);
    }
    ctx.out.print(&text)
}
