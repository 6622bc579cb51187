//! `propdesk pay`: money in: a payment against charges, or a deposit taken.

use crate::cli::money::{self, books, clerk, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::model::ledger::{DepositKind, Ledger, PayMethod};
use crate::model::money::Money;
use crate::procedure::fees::accounts::NewPayment;
use crate::procedure::fees::{receipts, steps};
use crate::procedure::permit::Permit;
use crate::procedure::permit::steps as permit_steps;
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
/// and filed under notices/ with it (a deposit taken by --for a permit its own); the
/// paths are printed last. `propdesk notice receipt
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
    /// Clear these first: entry numbers in `propdesk ledger UNIT` (`--for 3,5`), or a
    /// record's ID: a permit's (`--for PM-…`: its fees, then the deposits it still
    /// needs), a move-in's, a ticket's or a move-out's (the charges it posted).
    #[arg(
        long = "for",
        value_name = "CHARGE|ID",
        value_delimiter = ',',
        conflicts_with = "deposit"
    )]
    targets: Vec<String>,
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
    let kind = if a.deposit.is_some() {
        crate::model::plausible::AmountKind::Deposit
    } else {
        crate::model::plausible::AmountKind::Payment
    };
    ctx.amount("AMOUNT", kind, a.amount)?;
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, &a.unit)?;
    let books = books(ctx);
    let mut changes = Changes::new(String::new());
    let mut said = Vec::new();
    let to = money::addressee(ctx, &ctx.store, &unit)?;
    let payer = a
        .payer
        .or_else(|| to.party.as_ref().map(|p| p.name.clone()));
    // The entries the money was received in, each of which gets its receipt: the
    // payment, and the deposits a permit's --for takes from it.
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
        money_in = received(std::slice::from_ref(&done));
        said.push(done.say(ctx.locale));
    } else {
        let (targets, deposits) = purpose(ctx, &ledger, &a.targets)?;
        let payment = NewPayment {
            amount: a.amount,
            targets,
            method: a.method,
            reference: a.reference,
            received: a.received,
        };
        let act = clerk(ctx);
        let (done, state) = steps::take_payment_for(&books, &mut ledger, act, payment, &deposits)?;
        money_in = received(&done);
        let no = done
            .iter()
            .find_map(|d| match d {
                steps::Done::Paid { no, .. } => Some(*no),
                _ => None,
            })
            .unwrap_or_default();
        changes.message = format!("{}: payment {} (entry {no})", unit.id, a.amount);
        said.extend(done.iter().map(|d| d.say(ctx.locale)));
        said.extend(money::follow_case_on(ctx, &mut changes, &ledger, &state)?);
    }
    let mut receipts = Vec::new();
    for no in money_in {
        let number = receipts::issue(&mut ledger, no, payer.as_deref(), &mut ctx.rng())?;
        receipts.push((no, number));
    }
    changes.update(&ctx.store, &ledger)?;
    for (no, number) in receipts {
        let path = money::file_receipt(ctx, &mut changes, &ledger, no, &number, to.locale)?;
        changes.message.push_str(&format!(", receipt {number}"));
        said.push(crate::store::shown(&path));
    }
    ctx.save(&lock, &changes)?;
    money::print(ctx, &said)
}

/// The entries money came in by (deposits taken, then the payment), as the steps
/// said them.
fn received(done: &[steps::Done]) -> Vec<u32> {
    done.iter()
        .filter_map(|d| match d {
            steps::Done::DepositReceived { no, .. } | steps::Done::Paid { no, .. } => Some(*no),
            _ => None,
        })
        .collect()
}

/// Deposits to take first: kind and amount.
type Deposits = Vec<(DepositKind, Money)>;

/// What `--for` names, as the charges to clear first and the deposits to take: entry
/// numbers as typed; a record's ID as the charges it posted (and, for a permit, the
/// deposits it still needs). A record of another unit is refused.
fn purpose(ctx: &Ctx, ledger: &Ledger, typed: &[String]) -> Result<(Vec<u32>, Deposits)> {
    let (mut charges, mut deposits) = (Vec::new(), Vec::new());
    if typed.is_empty() {
        return Ok((charges, deposits));
    }
    let state = books(ctx).state(ledger)?;
    for t in typed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if let Ok(no) = t.parse::<u32>() {
            charges.push(no);
            continue;
        }
        let upper = t.to_ascii_uppercase();
        let (id, of) = match upper.split('-').next() {
            Some("PM") => {
                let p = crate::cli::permit::find(ctx, t)?;
                let rules = &ctx.settings.config.permit;
                let others = ctx.store.load_of_unit::<Permit>(&p.unit)?;
                let of_unit = steps::charges_of_record(ledger, &state, &p.id, &p.unit)?;
                let (c, d) = permit_steps::owed_for(&p, &others, &state, rules);
                charges.extend(c.into_iter().chain(of_unit));
                deposits.extend(d);
                continue;
            }
            Some("MI") => {
                let m = crate::cli::movein::find(ctx, t)?;
                (m.id, m.unit)
            }
            Some("T") => {
                let x = crate::cli::ticket::find(ctx, t)?;
                (x.id.clone(), x.unit.clone().unwrap_or_default())
            }
            Some("MO") => {
                let m = crate::cli::moveout::find(ctx, t)?;
                (m.id, m.unit)
            }
            _ => {
                let typed = t.to_string();
                return Err(
                    crate::procedure::Refused::from(steps::Refusal::NotAPurpose { typed }).into(),
                );
            }
        };
        charges.extend(steps::charges_of_record(ledger, &state, &id, &of)?);
    }
    let mut seen = std::collections::HashSet::new();
    charges.retain(|c| seen.insert(*c));
    Ok((charges, deposits))
}
