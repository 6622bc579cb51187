//! The fee notices: the unit's contact sheet, the payment notice (缴费通知单) and the
//! statement of account (对账单). Templates live in `templates/unit/` and
//! `templates/ledger/`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::model::ledger::{Charge, Ledger, State};
use crate::model::locale::{Locale, long_date};
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::Refused;
use crate::procedure::dunning::{DunningCase, DunningRules};
use crate::procedure::fees::accounts::Books;
use crate::procedure::fees::rules::BillingRules;
use crate::procedure::fees::steps::Bill;
use crate::procedure::notice::{Letterhead, NoticeDef};

notices! {
    CONTACT_SHEET = "contact-sheet" => "unit/contact-sheet": "A unit's contact sheet: the unit, its owner and occupant, their phones and emergency contacts",
    PAYMENT_NOTICE = "payment-notice" => "ledger/payment-notice": "缴费通知单: the unit's charges of the month (`--month`, default this month) and its arrears",
    STATEMENT = "statement" => "ledger/statement": "对账单: the unit's statement of account with running balance and deposits",
}

/// What a unit's notice is made from (the fees' and the dunning case's), as the command
/// line loaded it after asking [`needs`].
pub struct Papers<'a> {
    pub office: Letterhead<'a>,
    pub unit: &'a Unit,
    /// The owner and occupant as shown (masked unless revealed), when the registry is
    /// all the notice needs.
    pub parties: &'a [Party],
    /// The books, when the notice needs them: the ledger replayed, the party billed
    /// and the owner, the unit's dunning case.
    pub ledger: Option<(&'a Ledger, &'a State)>,
    pub billed: Option<&'a Party>,
    pub owner: Option<&'a Party>,
    pub case: Option<&'a DunningCase>,
    /// The month asked for, when the notice needs one.
    pub month: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The office's language (or `--locale`), and the party billed's.
    pub office_locale: Locale,
    pub locale: Locale,
}

/// What a unit's notice needs loaded besides the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The ledger and its replay, the party billed, the owner, the dunning case.
    pub books: bool,
    /// A month (`--month`, else this month).
    pub month: bool,
    /// The unit's dunning case.
    pub case: bool,
}

/// What `which` (a fees' notice) is made from.
pub fn needs(which: &NoticeDef) -> Needs {
    Needs {
        books: *which != CONTACT_SHEET,
        month: *which == PAYMENT_NOTICE,
        case: false,
    }
}

/// The values of the fees' notice `which`, and the language it is written in: the
/// contact sheet in the office's, the others in the party billed's.
pub fn values(
    which: &NoticeDef,
    books: &Books,
    p: &Papers,
) -> Result<(tera::Context, Locale), Refused> {
    if *which == CONTACT_SHEET {
        let l = p.office_locale;
        return Ok((contact_sheet(p.office, p.unit, p.parties, p.today, l), l));
    }
    let (Some((ledger, state)), l) = (p.ledger, p.locale) else {
        return Err(Refused::NotLoaded);
    };
    let base = money_base(
        p.office,
        books.dunning,
        p.unit,
        p.billed,
        p.owner,
        p.today,
        l,
    );
    let values = if *which == PAYMENT_NOTICE {
        let month = p.month.ok_or(Refused::NotLoaded)?;
        month_notice(base, books.billing, state, month, p.today, l)
    } else {
        let accrued = books.late_fees_accrued(state, p.today);
        statement(base, ledger, state, accrued, p.today, l)
    };
    Ok((values, l))
}

/// The template values of the contact sheet of `unit`.
/// `parties` are the unit's owner and occupant as shown (masked unless revealed).
pub fn contact_sheet(
    office: Letterhead,
    unit: &Unit,
    parties: &[Party],
    date: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let party = |id: &Option<String>| -> Value {
        let Some(p) = id
            .as_ref()
            .and_then(|i| parties.iter().find(|p| &p.id == i))
        else {
            return Value::Null;
        };
        json!({
            "id": p.id,
            "name": p.name,
            "kind": p.kind.label(locale),
            "contact": p.contact,
            "phones": p.phones,
            "id_number": p.id_number,
            "emergency_contacts": p.emergency_contacts.iter().map(|c| json!({
                "name": c.name, "phone": c.phone, "relation": c.relation,
            })).collect::<Vec<_>>(),
        })
    };
    let mut c = tera::Context::new();
    c.insert("office", &office.values(locale));
    c.insert("date", &long_date(date, locale));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
            "status": unit.status.label(locale),
            "note": unit.note,
        }),
    );
    c.insert("owner", &party(&unit.owner));
    c.insert("occupant", &party(&unit.occupant));
    c.insert(
        "same_party",
        &(unit.owner.is_some() && unit.owner == unit.occupant),
    );
    c
}

/// What every money notice starts from: the office, date, currency, unit and parties.
pub fn money_base(
    office: Letterhead,
    dunning: &DunningRules,
    unit: &Unit,
    party: Option<&Party>,
    owner: Option<&Party>,
    date: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("office", &office.values(locale));
    c.insert("date", &long_date(date, locale));
    c.insert("currency", office.currency);
    // The ladder day late fees start on (0: none), as the notices state it.
    c.insert("late_fee_day", &dunning.late_fee_day().unwrap_or(0));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
        }),
    );
    let who = |p: Option<&Party>| match p {
        Some(p) => json!({"name": p.name, "contact": p.contact.clone().unwrap_or_default()}),
        None => Value::Null,
    };
    c.insert("party", &who(party));
    c.insert("owner", &who(owner));
    c
}

pub(crate) fn charge_row(c: &Charge, locale: Locale, today: NaiveDate) -> Value {
    json!({
        "no": c.no,
        "item": c.item.words(locale),
        "text": c.text,
        "amount": c.amount.grouped(),
        "outstanding": c.outstanding.grouped(),
        "due": long_date(c.due, locale),
        "days": (today - c.due).num_days().max(0),
    })
}

pub(crate) fn total<'a>(charges: impl Iterator<Item = &'a Charge>) -> Money {
    Money::from_minor(charges.map(|c| c.outstanding.minor()).sum())
}

/// 缴费通知单: the charges `new` (posted for `month`) and the older arrears.
pub fn payment_notice(
    base: tera::Context,
    state: &State,
    new: &[u32],
    month: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let charges: Vec<&Charge> = state
        .charges
        .iter()
        .filter(|c| new.contains(&c.no))
        .collect();
    let arrears: Vec<&Charge> = state
        .open()
        .filter(|c| !new.contains(&c.no) && c.due < today)
        .collect();
    c.insert(
        "month",
        &crate::procedure::fees::billing::month_words(month, locale),
    );
    c.insert("due", &long_date(due, locale));
    c.insert(
        "charges",
        &charges
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert(
        "charges_total",
        &Money::from_minor(charges.iter().map(|x| x.amount.minor()).sum()).grouped(),
    );
    c.insert(
        "arrears",
        &arrears
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert("arrears_total", &total(arrears.iter().copied()).grouped());
    c.insert(
        "credit",
        &if state.credit.minor() > 0 {
            state.credit.grouped()
        } else {
            String::new()
        },
    );
    c.insert("total_due", &total(state.open()).grouped());
    c
}

/// 缴费通知单 of a month just billed (`bill run`): the charges posted, due on the
/// month's due day, and the older arrears.
pub fn bill_notice(
    base: tera::Context,
    bill: &Bill,
    state: &State,
    month: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    payment_notice(base, state, &bill.new, month, bill.due, today, locale)
}

/// 缴费通知单 of `month` asked for by name: the charges billed for that month, due on
/// its due day, and the older arrears.
pub fn month_notice(
    base: tera::Context,
    rules: &BillingRules,
    state: &State,
    month: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let period = super::steps::period_of(month);
    let new: Vec<u32> = state
        .charges
        .iter()
        .filter(|c| c.period.as_deref() == Some(period.as_str()))
        .map(|c| c.no)
        .collect();
    let due = rules.due_date(month);
    payment_notice(base, state, &new, month, due, today, locale)
}

/// 对账单: every entry with the running fee balance, and the deposits held.
pub fn statement(
    base: tera::Context,
    ledger: &Ledger,
    state: &State,
    accrued: Money,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let entries: Vec<Value> = ledger
        .entries
        .iter()
        .zip(&state.running)
        .map(|(e, bal)| {
            let amount = e.amount.grouped();
            json!({
                "no": e.no,
                "date": e.date.to_string(),
                "kind": e.kind.label(locale),
                "text": e.text,
                "debit": if e.kind.raises_balance() { amount.clone() } else { String::new() },
                "credit": if e.kind.is_credit() { amount.clone() } else { String::new() },
                "deposit": if e.deposit.is_some() { amount } else { String::new() },
                "balance": bal.grouped(),
                "ref": e.reference.clone().unwrap_or_default(),
            })
        })
        .collect();
    c.insert("from", "");
    c.insert("to", &long_date(today, locale));
    c.insert("entries", &entries);
    c.insert("balance", &state.balance().grouped());
    c.insert("overdue_total", &state.overdue_total(today).grouped());
    c.insert(
        "late_fees_accrued",
        &if accrued.minor() > 0 {
            accrued.grouped()
        } else {
            String::new()
        },
    );
    let deposits: Vec<Value> = state
        .deposits
        .iter()
        .filter(|(_, t)| !t.held().is_zero())
        .map(|(k, t)| json!({"kind": k.label(locale), "held": t.held().grouped()}))
        .collect();
    c.insert("deposits", &deposits);
    c.insert("deposits_total", &state.deposits_held().grouped());
    c
}
