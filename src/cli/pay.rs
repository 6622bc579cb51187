//! `propdesk pay`: money in: a payment against charges, or a deposit taken.

use crate::cli::money::{self, books, clerk, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::model::ledger::{DepositKind, PayMethod};
use crate::model::money::Money;
use crate::procedure::fees::accounts::NewPayment;
use crate::procedure::fees::steps;
use crate::store::Changes;

/// Record a payment to a unit's ledger (or, with --deposit, a deposit taken).
///
/// The late fees accrued on what the payment reaches are posted first, through the day
/// the money arrived, so none is lost; then the payment clears the charge named by
/// --for, then the others in the office's clearing order ([billing] clearing_order:
/// late fees and fines first, then the oldest due date). Anything left over is paid in
/// advance and clears the next charges. A payment that clears the arrears closes the
/// unit's dunning case. Money that arrived on an earlier day is recorded with
/// --received DATE: it counts from that day, and the late fees posted since on what it
/// clears are credited back.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The unit, like A-1203.
    unit: String,
    /// The amount, like 1234.50.
    #[arg(value_parser = money::money)]
    amount: Money,
    /// Receipt or voucher number.
    #[arg(long = "ref", value_name = "REF")]
    reference: Option<String>,
    /// cash, transfer, card or cheque.
    #[arg(long, value_parser = parse::<PayMethod>)]
    method: Option<PayMethod>,
    /// Clear this charge first (its entry number in `propdesk ledger UNIT`).
    #[arg(long = "for", value_name = "CHARGE", conflicts_with = "deposit")]
    target: Option<u32>,
    /// The day the money arrived, when it is recorded later (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = money::date, conflicts_with = "deposit")]
    received: Option<chrono::NaiveDate>,
    /// A deposit taken instead: lease, renovation, pass or card.
    #[arg(long, value_parser = parse::<DepositKind>)]
    deposit: Option<DepositKind>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, &a.unit)?;
    let books = books(ctx);
    let mut changes = Changes::new(String::new());
    let mut said = Vec::new();
    if let Some(kind) = a.deposit {
        let (amount, method, reference) = (a.amount, a.method, a.reference);
        let done = steps::take_deposit(
            &books,
            &mut ledger,
            clerk(ctx),
            kind,
            amount,
            method,
            reference,
        )?;
        changes.message = format!("{}: {kind} deposit {} received", unit.id, a.amount);
        said.push(done.say(ctx.locale));
    } else {
        let payment = NewPayment {
            amount: a.amount,
            target: a.target,
            method: a.method,
            reference: a.reference,
            received: a.received,
        };
        let (done, _) = steps::take_payment(&books, &mut ledger, clerk(ctx), payment)?;
        let no = done
            .iter()
            .find_map(|d| match d {
                steps::Done::Paid { no, .. } => Some(*no),
                _ => None,
            })
            .unwrap_or_default();
        changes.message = format!("{}: payment {} (entry {no})", unit.id, a.amount);
        said.extend(done.iter().map(|d| d.say(ctx.locale)));
        said.extend(money::follow_case(ctx, &mut changes, &ledger)?);
    }
    changes.update(&ctx.store, &ledger)?;
    ctx.save(&lock, &changes)?;
    money::print(ctx, &said)
}
