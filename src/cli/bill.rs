//! `propdesk bill`: what units owe: the month's recurring fees, one-off charges,
//! waivers and adjustments.

use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use rayon::prelude::*;

use crate::cli::money::{self, addressee, books, clerk, file_notice};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::model::ids;
use crate::model::ledger::{ChargeItem, Ledger};
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::fees::billing;
use crate::procedure::fees::notices::{self as fee_notices, PAYMENT_NOTICE};
use crate::procedure::fees::steps::{self, Done, Post};
use crate::render::Renderer;
use crate::store::Changes;

/// What units owe: the month's fees, one-off charges, waivers, adjustments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Charge the month's recurring fees to every occupied unit and file a payment
    /// notice (缴费通知单) for each unit charged.
    ///
    /// Fees come from [[billing.fees]] in office.toml (a rate per m², or a fixed
    /// amount such as a parking bay's), due on [billing] due_day. A unit whose fees
    /// start (fees_from) or stop (fees_until) inside the month is charged by the day.
    /// Each fee is charged once per unit and month: running it again changes nothing.
    Run {
        /// The month to bill, YYYY-MM (default: this month).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
    },
    /// Charge a unit a one-off amount: a repair fee, energy, a fine, a special service.
    Charge {
        /// The unit, like A-1203.
        unit: String,
        #[arg(value_parser = money::money)]
        amount: Money,
        /// property-fee, parking, energy, special-service, repair-fee, renovation-fee
        /// or fine.
        #[arg(long, value_parser = parse::<ChargeItem>)]
        item: ChargeItem,
        /// What it is for, in words.
        #[arg(long)]
        text: String,
        /// When it falls due (default: today).
        #[arg(long, value_parser = money::date)]
        due: Option<NaiveDate>,
        /// Receipt or voucher number.
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
    },
    /// Forgive part of what a unit owes (减免), with the approver and the reason.
    Waive {
        unit: String,
        #[arg(value_parser = money::money)]
        amount: Money,
        /// The charge to forgive (its entry number); default: the clearing order.
        #[arg(long = "for", value_name = "CHARGE")]
        target: Option<u32>,
        /// Who approved it.
        #[arg(long)]
        approver: String,
        #[arg(long)]
        reason: String,
    },
    /// Add an approved correction to what a unit owes, with the approver and reason.
    Adjust {
        unit: String,
        #[arg(value_parser = money::money)]
        amount: Money,
        #[arg(long, value_parser = parse::<ChargeItem>)]
        item: ChargeItem,
        #[arg(long)]
        text: String,
        #[arg(long, value_parser = money::date)]
        due: Option<NaiveDate>,
        #[arg(long)]
        approver: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let today = ctx.today;
    let (unit, post) = match a.command {
        Cmd::Run { month } => {
            if !ctx.runs_here("bill run") {
                return Ok(());
            }
            return bill_run(ctx, month.as_deref());
        }
        Cmd::Charge {
            unit,
            amount,
            item,
            text,
            due,
            reference,
        } => {
            let amount = ctx.amount(
                "AMOUNT",
                crate::model::plausible::AmountKind::Charge,
                amount,
            )?;
            let due = due.unwrap_or(today);
            (unit, Post::charge(item, amount, text, due, reference))
        }
        Cmd::Waive {
            unit,
            amount,
            target,
            approver,
            reason,
        } => {
            let amount = ctx.amount(
                "AMOUNT",
                crate::model::plausible::AmountKind::Waiver,
                amount,
            )?;
            (unit, Post::waive(amount, target, approver, reason))
        }
        Cmd::Adjust {
            unit,
            amount,
            item,
            text,
            due,
            approver,
            reason,
        } => {
            let amount = ctx.amount(
                "AMOUNT",
                crate::model::plausible::AmountKind::Adjustment,
                amount,
            )?;
            let due = due.unwrap_or(today);
            (
                unit,
                Post::adjust(item, amount, text, due, approver, reason),
            )
        }
    };
    money::post_one(ctx, &unit, post)
}

fn bill_run(ctx: &Ctx, month: Option<&str>) -> Result<()> {
    let month = money::month(ctx, month)?;
    let rules = &ctx.settings.config.billing;
    let lock = ctx.lock()?;
    let mut units: Vec<Unit> = ctx.store.load_all::<Unit>()?;
    units.sort_by(|a, b| ids::natural_cmp(&a.id, &b.id));
    // Only units the schedule charges this month need their ledger read.
    let billable: Vec<&Unit> = units
        .iter()
        .filter(|u| billing::billable(rules, u, month))
        .collect();
    let store = &ctx.store;
    let books = books(ctx);
    let year = ctx.today.year();
    let ledgers: Vec<Result<Ledger>> = billable
        .par_iter()
        .map(|u| money::book_for(store, &books, &u.id, year))
        .collect();
    let renderer = Renderer::new(ctx.root())?;
    let mut changes = Changes::new(format!("bill run {}", steps::period_of(month)));
    let mut lines = Vec::new();
    let mut late = None;
    for (unit, ledger) in billable.into_iter().zip(ledgers) {
        let mut ledger = ledger?;
        ledger.posting_for = unit.billed_to().cloned();
        let Some((bill, state)) = steps::bill(&books, &mut ledger, unit, month, clerk(ctx))? else {
            continue;
        };
        if bill.late {
            late = Some(Done::BilledLate {
                month: steps::period_of(month),
                month_due: rules.due_date(month),
                due: bill.due,
                grace: rules.late_bill_grace_days,
            });
        }
        let to = addressee(ctx, &ctx.store, unit)?;
        let base = to.base(ctx, unit);
        let values =
            fee_notices::bill_notice(base, &books, &bill, &state, month, ctx.today, to.locale);
        let (notice, l) = (&PAYMENT_NOTICE, to.locale);
        let path = file_notice(ctx, &renderer, &mut changes, notice, &unit.id, l, &values)?;
        let billed = Done::Billed {
            unit: unit.id.clone(),
            charged: bill.charged,
            late_fees: Money::from_minor(bill.late_fees.iter().map(|f| f.amount.minor()).sum()),
            notice: crate::store::shown(&path),
        };
        lines.push(billed.say(ctx.locale));
        changes.update(&ctx.store, &ledger)?;
    }
    if let Some(late) = late {
        eprintln!("{}", late.say(ctx.locale));
    }
    ctx.save(&lock, &changes)?;
    money::print(ctx, &lines)
}
