//! `propdesk ledger`: a unit's statement, every unit's balance, the deposits held,
//! and deposits paid back or used.

use clap::Subcommand;
use serde_json::Value;

use crate::cli::money::{self, books, clerk, file_notice, unit_and_ledger};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::ids;
use crate::model::ledger::{DepositKind, Ledger, PayMethod, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Format, Listing};
use crate::procedure::fees::accounts;
use crate::procedure::fees::notices::STATEMENT;
use crate::render::Renderer;
use crate::store::Changes;

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
        }) => money::post_one(ctx, &unit, "refund", true, |ledger| {
            accounts::refund_deposit(
                &books(ctx),
                ledger,
                clerk(ctx),
                deposit,
                amount,
                method,
                reference,
            )
        }),
        Some(Cmd::Apply {
            unit,
            amount,
            deposit,
            target,
        }) => money::post_one(ctx, &unit, "deposit applied", true, |ledger| {
            accounts::apply_deposit(&books(ctx), ledger, clerk(ctx), deposit, amount, target)
        }),
        None if a.deposits => deposits(ctx),
        None => match a.unit {
            Some(u) if a.notice => statement_notice(ctx, &u),
            Some(u) => statement(ctx, &u),
            None => balances(ctx),
        },
    }
}

const E_NO: Column = Column::new("no", "序号", "No");
const E_DATE: Column = Column::new("date", "日期", "Date");
const E_KIND: Column = Column::new("kind", "类别", "Kind");
const E_ITEM: Column = Column::new("item", "项目", "Item");
const E_FOR: Column = Column::new("for", "摘要", "For");
const E_DUE: Column = Column::new("due", "应缴日", "Due");
const E_DEBIT: Column = Column::new("debit", "应收", "Debit");
const E_CREDIT: Column = Column::new("credit", "实收", "Credit");
const E_DEPOSIT: Column = Column::new("deposit", "押金", "Deposit");
const E_BALANCE: Column = Column::new("balance", "余额", "Balance");
const E_OPEN: Column = Column::new("outstanding", "未缴", "Outstanding");
const E_REF: Column = Column::new("ref", "凭证号", "Ref");
const E_BY: Column = Column::new("by", "经办", "By");

fn amount(m: Money) -> Cell {
    Cell::money(m)
}

fn opt_amount(m: Option<Money>) -> Cell {
    m.map_or(Cell::from(Value::Null), amount)
}

fn statement(ctx: &Ctx, typed: &str) -> Result<()> {
    let (unit, ledger) = unit_and_ledger(ctx, typed)?;
    let books = books(ctx);
    let state = books.state(&ledger)?;
    let l = ctx.locale;
    let rows = ledger
        .entries
        .iter()
        .zip(&state.running)
        .map(|(e, bal)| {
            let outstanding = state.charge(e.no).map(|c| c.outstanding);
            vec![
                Cell::from(e.no),
                Cell::from(e.date.to_string()),
                Cell::shown_as(e.kind.as_str(), e.kind.label(l)),
                match (e.item, e.deposit) {
                    (Some(i), _) => Cell::shown_as(i.as_str(), i.label(l)),
                    (None, Some(d)) => Cell::shown_as(d.as_str(), d.label(l)),
                    _ => Cell::from(Value::Null),
                },
                Cell::from(e.text.as_str()),
                Cell::from(e.due.map(|d| d.to_string())),
                opt_amount(e.kind.raises_balance().then_some(e.amount)),
                opt_amount(e.kind.is_credit().then_some(e.amount)),
                opt_amount(e.deposit.is_some().then_some(e.amount)),
                amount(*bal),
                opt_amount(outstanding),
                Cell::from(e.reference.clone()),
                Cell::from(e.by.as_str()),
            ]
        })
        .collect();
    let listing = Listing {
        columns: vec![
            E_NO, E_DATE, E_KIND, E_ITEM, E_FOR, E_DUE, E_DEBIT, E_CREDIT, E_DEPOSIT, E_BALANCE,
            E_OPEN, E_REF, E_BY,
        ],
        rows,
    };
    let mut text = listing.render(ctx.format, l)?;
    if ctx.format == Format::Table {
        let accrued = books.late_fees_accrued(&state, ctx.today);
        let (bal, overdue, fees, held) = match l {
            Locale::ZhCn => ("余额", "逾期", "已计未入账滞纳金", "押金余额"),
            Locale::En => (
                "Balance",
                "Overdue",
                "Late fees accrued, not yet charged",
                "Deposits held",
            ),
        };
        text.push_str(&format!(
            "\n{}: {}  {bal} {}  {overdue} {}",
            unit.id,
            ctx.today,
            state.balance().grouped(),
            state.overdue_total(ctx.today).grouped()
        ));
        if accrued.minor() > 0 {
            text.push_str(&format!("  {fees} {}", accrued.grouped()));
        }
        text.push_str(&format!("  {held} {}\n", state.deposits_held().grouped()));
    }
    ctx.out.print(&text)
}

fn statement_notice(ctx: &Ctx, typed: &str) -> Result<()> {
    let unit = ids::normalize_unit(typed)?;
    let (values, locale) = money::notice_values(ctx, &STATEMENT, &unit, None)?;
    let lock = ctx.lock()?;
    let mut changes = Changes::new(format!("statement of {unit}"));
    let path = file_notice(
        ctx,
        &Renderer::new(ctx.root())?,
        &mut changes,
        &STATEMENT,
        &unit,
        locale,
        &values,
    )?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out
            .print(&format!("{}\n", crate::store::shown(&path)))?;
    }
    Ok(())
}

const B_UNIT: Column = Column::new("unit", "单元", "Unit");
const B_PARTY: Column = Column::new("party", "缴费人", "Billed to");
const B_BALANCE: Column = Column::new("balance", "余额", "Balance");
const B_OVERDUE: Column = Column::new("overdue", "逾期", "Overdue");
const B_DEPOSITS: Column = Column::new("deposits", "押金", "Deposits held");

/// What `keep` makes of every unit's replayed ledger, by unit number: each ledger is
/// read, replayed and dropped in turn.
fn all_states<R: Send>(ctx: &Ctx, keep: impl Fn(&State) -> R + Sync) -> Result<Vec<(String, R)>> {
    let books = books(ctx);
    let mut rows = ctx
        .store
        .load_each(|l: Ledger| Ok(Some((l.unit.clone(), keep(&books.state(&l)?)))))?;
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
    let mut rows = Vec::new();
    let today = ctx.today;
    let states = all_states(ctx, |s| {
        [s.balance(), s.overdue_total(today), s.deposits_held()]
    })?;
    for (unit, [balance, overdue, held]) in states {
        let party = units
            .get(&unit)
            .and_then(|u| u.occupant.as_ref().or(u.owner.as_ref()))
            .and_then(|id| parties.get(id))
            .map(|p| p.name.clone());
        rows.push(vec![
            Cell::from(unit.as_str()),
            Cell::from(party),
            amount(balance),
            amount(overdue),
            amount(held),
        ]);
    }
    let listing = Listing {
        columns: vec![B_UNIT, B_PARTY, B_BALANCE, B_OVERDUE, B_DEPOSITS],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

const D_KIND: Column = Column::new("kind", "押金类别", "Kind");
const D_RECEIVED: Column = Column::new("received", "收取", "Received");
const D_REFUNDED: Column = Column::new("refunded", "退还", "Refunded");
const D_APPLIED: Column = Column::new("applied", "抵扣", "Applied");
const D_HELD: Column = Column::new("held", "结存", "Held");

fn deposits(ctx: &Ctx) -> Result<()> {
    let l = ctx.locale;
    let mut rows = Vec::new();
    let mut sums = [0i64; 4];
    for (unit, deposits) in all_states(ctx, |s| s.deposits.clone())? {
        for (kind, t) in &deposits {
            for (s, m) in sums
                .iter_mut()
                .zip([t.received, t.refunded, t.applied, t.held()])
            {
                *s += m.minor();
            }
            rows.push(vec![
                Cell::from(unit.as_str()),
                Cell::shown_as(kind.as_str(), kind.label(l)),
                amount(t.received),
                amount(t.refunded),
                amount(t.applied),
                amount(t.held()),
            ]);
        }
    }
    let [received, refunded, applied, held] = sums.map(Money::from_minor);
    rows.push(vec![
        Cell::total(l),
        Cell::from(Value::Null),
        amount(received),
        amount(refunded),
        amount(applied),
        amount(held),
    ]);
    let listing = Listing {
        columns: vec![B_UNIT, D_KIND, D_RECEIVED, D_REFUNDED, D_APPLIED, D_HELD],
        rows,
    };
    let mut text = listing.render(ctx.format, l)?;
    // The held total is the sum of the rows; say that it reconciles with the entries.
    let reconciled = received.minor() - refunded.minor() - applied.minor() == held.minor();
    if ctx.format == Format::Table {
        text.push_str(&format!(
            "\n{} {} = {} - {} - {}{}\n",
            match l {
                Locale::ZhCn => "押金结存",
                Locale::En => "Deposits held",
            },
            held.grouped(),
            received.grouped(),
            refunded.grouped(),
            applied.grouped(),
            if reconciled {
                ""
            } else {
                "  (does not reconcile)"
            }
        ));
    }
    ctx.out.print(&text)
}
