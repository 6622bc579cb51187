//! `propdesk pay`: money in: a payment against charges, or a deposit taken.

use crate::cli::money::{self, books, clerk, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::ledger::{DepositKind, PayMethod};
use crate::model::money::Money;
use crate::procedure::dunning::{self, DunningCase};
use crate::procedure::fees::accounts::{self, NewPayment};
use crate::store::Changes;

/// Record a payment to a unit's ledger (or, with --deposit, a deposit taken).
///
/// Late fees accrued through today are posted first, so none is lost; then the payment
/// clears the charge named by --for, then the others in the office's clearing order
/// ([billing] clearing_order: late fees and fines first, then the oldest due date).
/// Anything left over is paid in advance and clears the next charges. A payment that
/// clears the arrears closes the unit's dunning case.
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
    /// A deposit taken instead: lease, renovation, pass or card.
    #[arg(long, value_parser = parse::<DepositKind>)]
    deposit: Option<DepositKind>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, &a.unit)?;
    let books = books(ctx);
    let mut out = Vec::new();
    let mut changes = Changes::new(String::new());
    if let Some(kind) = a.deposit {
        let no = accounts::receive_deposit(
            &books,
            &mut ledger,
            clerk(ctx),
            kind,
            a.amount,
            a.method,
            a.reference,
        )?;
        changes.message = format!("{}: {kind} deposit {} received", unit.id, a.amount);
        let held = books.state(&ledger)?.deposits_held();
        out.push(format!(
            "{}: entry {no}: {kind} deposit {} received; deposits held {}",
            unit.id,
            a.amount.grouped(),
            held.grouped()
        ));
    } else {
        let paid = accounts::pay(
            &books,
            &mut ledger,
            clerk(ctx),
            NewPayment {
                amount: a.amount,
                target: a.target,
                method: a.method,
                reference: a.reference,
            },
        )?;
        changes.message = format!("{}: payment {} (entry {})", unit.id, a.amount, paid.no);
        for (on, fee) in &paid.late_fees {
            out.push(format!(
                "{}: late fee {} on entry {on} posted through {}",
                unit.id,
                fee.grouped(),
                ctx.today
            ));
        }
        let parts: Vec<String> = paid
            .applied
            .iter()
            .map(|x| format!("{} to entry {}", x.amount.grouped(), x.charge))
            .collect();
        let state = books.state(&ledger)?;
        out.push(format!(
            "{}: entry {}: payment {}: {}{}; balance {}",
            unit.id,
            paid.no,
            a.amount.grouped(),
            if parts.is_empty() {
                "nothing owed".to_string()
            } else {
                parts.join(", ")
            },
            if paid.credit.minor() > 0 {
                format!("; {} paid in advance", paid.credit.grouped())
            } else {
                String::new()
            },
            state.balance().grouped()
        ));
        // A payment that clears the arrears closes the case; a partial one leaves it
        // open at its step.
        let mut case = ctx.store.load::<DunningCase>(&unit.id)?;
        if case
            .as_ref()
            .is_some_and(|c| c.status == dunning::CaseStatus::Open)
            && state.overdue_total(ctx.today).is_zero()
        {
            dunning::advance(
                &mut case,
                &ledger,
                &state,
                &ctx.settings.config.dunning,
                &ctx.settings.calendar,
                money::stamp(ctx),
            );
            if let Some(c) = &case {
                changes.update(&ctx.store, c)?;
                out.push(format!("{}: dunning case closed", unit.id));
            }
        }
    }
    changes.update(&ctx.store, &ledger)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(out.join("\n") + "\n"))?;
    }
    Ok(())
}
