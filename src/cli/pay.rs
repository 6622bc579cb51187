//! `propdesk pay`: money in: a payment against charges, or a deposit taken.

use crate::cli::money::{self, books, clerk, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::model::ledger::{DepositKind, PayMethod};
use crate::model::money::Money;
use crate::procedure::fees::accounts::NewPayment;
use crate::procedure::fees::{receipts, steps};
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
///
/// Every payment and deposit gets a receipt (收款收据), numbered SJ-<day>-<unit>-XXXX
/// and filed under notices/ with it; its path is printed last. `propdesk notice receipt
/// NUMBER --html` prints it again.
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
    /// Who paid, as the receipt names them (default: the unit's occupant, else its
    /// owner).
    #[arg(long, value_name = "NAME")]
    payer: Option<String>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, &a.unit)?;
    let books = books(ctx);
    let mut changes = Changes::new(String::new());
    let mut said = Vec::new();
    let to = money::addressee(ctx, &ctx.store, &unit)?;
    let payer = a
        .payer
        .or_else(|| to.party.as_ref().map(|p| p.name.clone()));
    // The entry the money was received in, which gets the receipt.
    let money_in;
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
        money_in = match &done {
            steps::Done::DepositReceived { no, .. } => Some(*no),
            _ => None,
        };
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
        money_in = done.iter().find_map(|d| match d {
            steps::Done::Paid { no, .. } => Some(*no),
            _ => None,
        });
        let no = money_in.unwrap_or_default();
        changes.message = format!("{}: payment {} (entry {no})", unit.id, a.amount);
        said.extend(done.iter().map(|d| d.say(ctx.locale)));
        said.extend(money::follow_case(ctx, &mut changes, &ledger)?);
    }
    let receipt = match money_in {
        Some(no) => {
            let mut rng = ctx.rng();
            let number = receipts::issue(&mut ledger, no, payer.as_deref(), &mut rng)?;
            Some((no, number))
        }
        None => None,
    };
    changes.update(&ctx.store, &ledger)?;
    if let Some((no, number)) = receipt {
        let path = money::file_receipt(ctx, &mut changes, &ledger, no, &number, to.locale)?;
        changes.message.push_str(&format!(", receipt {number}"));
        said.push(crate::store::shown(&path));
    }
    ctx.save(&lock, &changes)?;
    money::print(ctx, &said)
}
