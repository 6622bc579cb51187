//! How ledgers are shown: a unit's statement (`ledger A-1203`), every unit's balance
//! (`ledger`) and the deposits held (`ledger --deposits`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::model::ledger::{DepositKind, DepositTotals, Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Listing};

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
const E_RECEIPT: Column = Column::new("receipt", "收据号", "Receipt");

fn opt_amount(m: Option<Money>) -> Cell {
    m.map_or(Cell::from(Value::Null), Cell::money)
}

/// A unit's entries with the running balance and what each charge still owes; a
/// book after the first starts with what the year before carried forward (each open
/// charge, then the credit), its balance running to the opening balance.
/// `party`: only that occupancy's entries (every entry for `None`), with its balance.
pub fn statement(ledger: &Ledger, state: &State, l: Locale, party: Option<&str>) -> Listing {
    let mut rows = carried_rows(ledger, state, l, party);
    let posted = ledger
        .statement_rows(state, party)
        .into_iter()
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
                Cell::money(bal),
                opt_amount(outstanding),
                Cell::from(e.reference.clone()),
                Cell::from(e.by.as_str()),
                Cell::from(e.receipt.clone()),
            ]
        });
    rows.extend(posted);
    Listing {
        columns: vec![
            E_NO, E_DATE, E_KIND, E_ITEM, E_FOR, E_DUE, E_DEBIT, E_CREDIT, E_DEPOSIT, E_BALANCE,
            E_OPEN, E_REF, E_BY, E_RECEIPT,
        ],
        rows,
    }
}

/// The rows of what a book's opening carries forward.
fn carried_rows(ledger: &Ledger, state: &State, l: Locale, party: Option<&str>) -> Vec<Vec<Cell>> {
    let Some(o) = &ledger.opening else {
        return Vec::new();
    };
    let kind = || match l {
        Locale::ZhCn => Cell::shown_as("carried", "上年结转"),
        Locale::En => Cell::shown_as("carried", "carried"),
    };
    let first = ledger.first_day().to_string();
    let mut running = 0i64;
    let mut rows = Vec::new();
    let ours = |q: &Option<String>| party.is_none() || q.is_none() || q.as_deref() == party;
    for c in o
        .charges
        .iter()
        .filter(|c| c.outstanding.minor() > 0 && ours(&c.party))
    {
        running += c.outstanding.minor();
        rows.push(vec![
            Cell::from(c.no),
            Cell::from(first.clone()),
            kind(),
            Cell::shown_as(c.item.as_str(), c.item.label(l)),
            Cell::from(c.text.as_str()),
            Cell::from(c.due.to_string()),
            Cell::money(c.outstanding),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
            Cell::money(Money::from_minor(running)),
            opt_amount(state.charge(c.no).map(|x| x.outstanding)),
            Cell::from(c.reference.clone()),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
        ]);
    }
    let credit = Money::from_minor(
        o.credits
            .iter()
            .filter(|c| ours(&c.party))
            .map(|c| c.amount.minor())
            .sum(),
    );
    if credit.minor() > 0 {
        running -= credit.minor();
        let text = match l {
            Locale::ZhCn => "预交款结转",
            Locale::En => "Paid in advance, carried",
        };
        rows.push(vec![
            Cell::from(Value::Null),
            Cell::from(first.clone()),
            kind(),
            Cell::from(Value::Null),
            Cell::from(text),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
            Cell::money(credit),
            Cell::from(Value::Null),
            Cell::money(Money::from_minor(running)),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
            Cell::from(Value::Null),
        ]);
    }
    rows
}

/// The line under a statement table: the balance, what is overdue, the late fees
/// accrued and not yet charged (if any), the deposits held.
pub fn statement_footer(
    unit: &str,
    party: Option<&str>,
    today: NaiveDate,
    state: &State,
    accrued: Money,
    l: Locale,
) -> String {
    let (bal, overdue, fees, held) = match l {
        Locale::ZhCn => ("余额", "逾期", "已计未入账滞纳金", "押金余额"),
        Locale::En => (
            "Balance",
            "Overdue",
            "Late fees accrued, not yet charged",
            "Deposits held",
        ),
    };
    let who = party.map_or(String::new(), |p| format!(" {p}"));
    let mut text = format!(
        "\n{unit}{who}: {today}  {bal} {}  {overdue} {}",
        state.balance().grouped(),
        state.overdue_total(today).grouped()
    );
    if accrued.minor() > 0 {
        text.push_str(&format!("  {fees} {}", accrued.grouped()));
    }
    text.push_str(&format!("  {held} {}\n", state.deposits_held().grouped()));
    text
}

/// The line under a statement of one occupancy when others have money on the unit.
pub fn other_occupancies(unit: &str, l: Locale) -> String {
    match l {
        Locale::ZhCn => format!("本单元另有其他入驻期的款项：propdesk ledger {unit} --all\n"),
        Locale::En => {
            format!("Other occupancies of the unit have entries: propdesk ledger {unit} --all\n")
        }
    }
}

/// What `ledger UNIT --format json` says beside the entries: the balance, what is
/// overdue, the late fees accrued and not yet posted, the deposits held and the
/// money paid in advance.
pub fn statement_summary(today: NaiveDate, state: &State, accrued: Money) -> Value {
    serde_json::json!({
        "balance": state.balance().to_string(),
        "overdue": state.overdue_total(today).to_string(),
        "late_fees_accrued": accrued.to_string(),
        "owed_with_late_fees": Money::from_minor((state.balance().minor() + accrued.minor()).max(0)).to_string(),
        "deposits_held": state.deposits_held().to_string(),
        "credit": state.credit.to_string(),
    })
}

const B_UNIT: Column = Column::new("unit", "单元", "Unit");
const B_PARTY: Column = Column::new("party", "缴费人", "Billed to");
const B_BALANCE: Column = Column::new("balance", "余额", "Balance");
const B_OVERDUE: Column = Column::new("overdue", "逾期", "Overdue");
const B_DEPOSITS: Column = Column::new("deposits", "押金", "Deposits held");

/// The name of the party a unit's bills go to: its occupant, else its owner.
pub fn billed_name(unit: Option<&Unit>, parties: &HashMap<String, Party>) -> Option<String> {
    unit.and_then(Unit::billed_to)
        .and_then(|id| parties.get(id))
        .map(|p| p.name.clone())
}

/// Every unit's balance, what is overdue and the deposits held (`rows`: by unit,
/// [balance, overdue, held]), with the party billed.
pub fn balances(
    rows: Vec<(String, [Money; 3])>,
    units: &HashMap<String, Unit>,
    parties: &HashMap<String, Party>,
) -> Listing {
    let rows = rows
        .into_iter()
        .map(|(unit, [balance, overdue, held])| {
            let party = billed_name(units.get(&unit), parties);
            vec![
                Cell::from(unit),
                Cell::from(party),
                Cell::money(balance),
                Cell::money(overdue),
                Cell::money(held),
            ]
        })
        .collect();
    Listing {
        columns: vec![B_UNIT, B_PARTY, B_BALANCE, B_OVERDUE, B_DEPOSITS],
        rows,
    }
}

const D_KIND: Column = Column::new("kind", "押金类别", "Kind");
const D_RECEIVED: Column = Column::new("received", "收取", "Received");
const D_REFUNDED: Column = Column::new("refunded", "退还", "Refunded");
const D_APPLIED: Column = Column::new("applied", "抵扣", "Applied");
const D_HELD: Column = Column::new("held", "结存", "Held");

/// The deposits held per unit and kind, with the totals; and the line under the
/// table that says the held total reconciles with the entries.
pub fn deposits(
    units: Vec<(String, Vec<(DepositKind, DepositTotals)>)>,
    l: Locale,
) -> (Listing, String) {
    let mut rows = Vec::new();
    let mut sums = [0i64; 4];
    for (unit, deposits) in units {
        for (kind, t) in deposits {
            for (s, m) in sums
                .iter_mut()
                .zip([t.received, t.refunded, t.applied, t.held()])
            {
                *s += m.minor();
            }
            rows.push(vec![
                Cell::from(unit.as_str()),
                Cell::shown_as(kind.as_str(), kind.label(l)),
                Cell::money(t.received),
                Cell::money(t.refunded),
                Cell::money(t.applied),
                Cell::money(t.held()),
            ]);
        }
    }
    let [received, refunded, applied, held] = sums.map(Money::from_minor);
    rows.push(vec![
        Cell::total(l),
        Cell::from(Value::Null),
        Cell::money(received),
        Cell::money(refunded),
        Cell::money(applied),
        Cell::money(held),
    ]);
    let listing = Listing {
        columns: vec![B_UNIT, D_KIND, D_RECEIVED, D_REFUNDED, D_APPLIED, D_HELD],
        rows,
    };
    let reconciled = received.minor() - refunded.minor() - applied.minor() == held.minor();
    let footer = format!(
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
    );
    (listing, footer)
}
