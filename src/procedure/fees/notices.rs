//! The fee notices: the unit's contact sheet, the payment notice (缴费通知单) and the
//! statement of account (对账单). Templates live in `templates/unit/` and
//! `templates/ledger/`.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::model::ledger::{Charge, Ledger, State};
use crate::model::locale::{Locale, long_date};
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::Refused;
use crate::procedure::dunning::{DunningCase, DunningRules};
use crate::procedure::fees::accounts::Books;
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
    // The occupancy the desk deals with now (of the latest charge, else the party
    // billed): its charges, credit and deposits, not another occupancy's.
    let party = super::steps::payer(ledger, p.unit.billed_to());
    let party = party.as_deref();
    let values = if *which == PAYMENT_NOTICE {
        let month = p.month.ok_or(Refused::NotLoaded)?;
        month_notice(base, books, &state.of_party(party), month, p.today, l)
    } else {
        statement(base, books, ledger, state, party, p.today, l)
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
        "late_fee_rate",
        &super::late::rate_words(dunning.late_fee_basis_points_per_day, locale),
    );
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

/// What a notice asks a tenant to pay, in sections whose lines add up to its total:
/// this period's charges (and any not yet due), earlier arrears by month, late fees
/// by the charge they are on (posted and still owed, and accrued to the notice's day,
/// not yet posted), less money paid in advance. Deposits held are shown beside it:
/// they are owed back, not a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections<'a> {
    pub current: Vec<&'a Charge>,
    /// Overdue charges not of this period, by month (the month they bill, else the
    /// month they fell due), oldest first.
    pub arrears: Vec<(NaiveDate, Vec<&'a Charge>)>,
    pub late_fees: Vec<LateFeeLine<'a>>,
    pub credit: Money,
    /// Whether `current` is a period's charges (a payment notice's month).
    pub period: bool,
}

/// The late fees on one charge: posted and still owed, and accrued to the notice's
/// day and not yet posted (from `from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateFeeLine<'a> {
    pub on: Option<&'a Charge>,
    pub posted: Money,
    pub accrued: Money,
    pub from: Option<NaiveDate>,
}

impl LateFeeLine<'_> {
    pub fn amount(&self) -> Money {
        Money::from_minor(self.posted.minor() + self.accrued.minor())
    }
}

impl<'a> Sections<'a> {
    /// The unit's money on `today`, with the charges `period` counted as this
    /// period's (a payment notice's month); `overdue_only` leaves out what is not due
    /// yet (a dunning notice asks only for what is overdue).
    pub fn of(
        books: &Books,
        state: &'a State,
        period: &[u32],
        today: NaiveDate,
        overdue_only: bool,
    ) -> Sections<'a> {
        let principal = |c: &&Charge| !c.is_late_fee() && c.outstanding.minor() > 0;
        let current: Vec<&Charge> = match overdue_only {
            true => Vec::new(),
            false => state
                .charges
                .iter()
                .filter(principal)
                .filter(|c| period.contains(&c.no) || !c.is_overdue(today))
                .collect(),
        };
        let mut arrears: Vec<(NaiveDate, Vec<&Charge>)> = Vec::new();
        for c in state.charges.iter().filter(principal) {
            if current.iter().any(|x| x.no == c.no) || !c.is_overdue(today) {
                continue;
            }
            let month = c
                .period
                .as_deref()
                .and_then(crate::model::ledger::parse_month)
                .unwrap_or_else(|| c.due.with_day(1).unwrap_or(c.due));
            match arrears.iter_mut().find(|(m, _)| *m == month) {
                Some((_, v)) => v.push(c),
                None => arrears.push((month, vec![c])),
            }
        }
        arrears.sort_by_key(|(m, _)| *m);
        // Late fees by the charge they are on: posted and owed, then accrued.
        let mut late_fees: Vec<LateFeeLine> = Vec::new();
        let line = |late_fees: &mut Vec<LateFeeLine<'a>>, on: Option<u32>| -> usize {
            match late_fees.iter().position(|l| l.on.map(|c| c.no) == on) {
                Some(i) => i,
                None => {
                    late_fees.push(LateFeeLine {
                        on: on.and_then(|n| state.charge(n)),
                        posted: Money::ZERO,
                        accrued: Money::ZERO,
                        from: None,
                    });
                    late_fees.len() - 1
                }
            }
        };
        for f in state.charges.iter().filter(|c| c.is_late_fee()) {
            let owed = f.outstanding;
            if owed.minor() > 0 {
                let i = line(&mut late_fees, f.on);
                late_fees[i].posted = Money::from_minor(late_fees[i].posted.minor() + owed.minor());
            }
        }
        for f in books.late_fees_due(state, today) {
            let i = line(&mut late_fees, Some(f.on));
            late_fees[i].accrued = f.amount;
            late_fees[i].from = Some(f.from);
        }
        late_fees.sort_by_key(|l| l.on.map_or(0, |c| c.no));
        let credit = match overdue_only {
            true => Money::ZERO,
            false => state.credit,
        };
        Sections {
            current,
            arrears,
            late_fees,
            credit,
            period: !period.is_empty(),
        }
    }

    pub fn current_total(&self) -> Money {
        total(self.current.iter().copied())
    }

    pub fn arrears_total(&self) -> Money {
        total(self.arrears.iter().flat_map(|(_, v)| v.iter().copied()))
    }

    pub fn late_fees_total(&self) -> Money {
        Money::from_minor(self.late_fees.iter().map(|l| l.amount().minor()).sum())
    }

    /// Money paid in advance set against the lines: never more than they come to.
    pub fn credit_used(&self) -> Money {
        let owed = self.current_total().minor()
            + self.arrears_total().minor()
            + self.late_fees_total().minor();
        Money::from_minor(self.credit.minor().min(owed.max(0)))
    }

    /// The sum of the lines: what the notice asks to be paid.
    pub fn total(&self) -> Money {
        Money::from_minor(
            self.current_total().minor()
                + self.arrears_total().minor()
                + self.late_fees_total().minor()
                - self.credit_used().minor(),
        )
    }

    /// The sections as a notice's template reads them.
    pub fn values(&self, state: &State, today: NaiveDate, locale: Locale) -> Value {
        let rows = |v: &[&Charge]| -> Vec<Value> {
            v.iter().map(|c| charge_row(c, locale, today)).collect()
        };
        let late: Vec<Value> = self
            .late_fees
            .iter()
            .map(|l| {
                let on = l.on.map(|c| super::late::charge_words(c, locale));
                json!({
                    "no": l.on.map(|c| c.no),
                    "on": on.unwrap_or_default(),
                    "posted": l.posted.grouped(),
                    "accrued": l.accrued.grouped(),
                    "from": l.from.map(|d| long_date(d, locale)).unwrap_or_default(),
                    "amount": l.amount().grouped(),
                })
            })
            .collect();
        let deposits: Vec<Value> = state
            .deposits
            .iter()
            .filter(|(_, t)| !t.held().is_zero())
            .map(|(k, t)| json!({"kind": k.label(locale), "held": t.held().grouped()}))
            .collect();
        json!({
            // A payment notice's month, or (a statement) what is not due yet.
            "period": self.period,
            "current": rows(&self.current),
            "current_total": self.current_total().grouped(),
            "arrears": self.arrears.iter().map(|(m, v)| json!({
                "month": crate::procedure::fees::billing::month_words(*m, locale),
                "rows": rows(v),
                "total": total(v.iter().copied()).grouped(),
            })).collect::<Vec<_>>(),
            "arrears_total": self.arrears_total().grouped(),
            "late_fees": late,
            "late_fees_total": self.late_fees_total().grouped(),
            "credit": match self.credit_used().minor() > 0 {
                true => self.credit_used().grouped(),
                false => String::new(),
            },
            // Paid in advance beyond what is owed: it clears the next charges.
            "credit_left": match self.credit.minor() > self.credit_used().minor() {
                true => Money::from_minor(self.credit.minor() - self.credit_used().minor()).grouped(),
                false => String::new(),
            },
            "deposits": deposits,
            "deposits_total": state.deposits_held().grouped(),
            "total": self.total().grouped(),
        })
    }
}

/// 缴费通知单: the charges `new` (posted for `month`, due `due`), the older arrears by
/// month, the late fees, less what was paid in advance; the total is the sum of the
/// lines, and the date to pay by is never a day gone.
#[allow(clippy::too_many_arguments)]
pub fn payment_notice(
    base: tera::Context,
    books: &Books,
    state: &State,
    new: &[u32],
    month: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let sections = Sections::of(books, state, new, today, false);
    c.insert(
        "month",
        &crate::procedure::fees::billing::month_words(month, locale),
    );
    c.insert("due", &long_date(due, locale));
    c.insert(
        "pay_by",
        &long_date(books.billing.pay_by(Some(due), today), locale),
    );
    c.insert("money", &sections.values(state, today, locale));
    c.insert("total_due", &sections.total().grouped());
    c
}

/// 缴费通知单 of a month just billed (`bill run`): the charges posted, due on the
/// day the run set, and the older arrears.
pub fn bill_notice(
    base: tera::Context,
    books: &Books,
    bill: &Bill,
    state: &State,
    month: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    payment_notice(
        base, books, state, &bill.new, month, bill.due, today, locale,
    )
}

/// 缴费通知单 of `month` asked for by name: the charges billed for that month, due on
/// the day they fall due, and the older arrears.
pub fn month_notice(
    base: tera::Context,
    books: &Books,
    state: &State,
    month: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let period = super::steps::period_of(month);
    let new: Vec<&Charge> = state
        .charges
        .iter()
        .filter(|c| c.period.as_deref() == Some(period.as_str()))
        .collect();
    let due = new
        .iter()
        .map(|c| c.due)
        .max()
        .unwrap_or_else(|| books.billing.due_date(month));
    let new: Vec<u32> = new.iter().map(|c| c.no).collect();
    payment_notice(base, books, state, &new, month, due, today, locale)
}

/// 对账单: every entry with the running fee balance, and the deposits held.
pub fn statement(
    base: tera::Context,
    books: &Books,
    ledger: &Ledger,
    whole: &State,
    party: Option<&str>,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let state = &whole.of_party(party);
    let mut c = base;
    let sections = Sections::of(books, state, &[], today, false);
    // The late fees accrued and not yet posted, as the sections reckoned them.
    let accrued = Money::from_minor(sections.late_fees.iter().map(|l| l.accrued.minor()).sum());
    c.insert("money", &sections.values(state, today, locale));
    c.insert("total_due", &sections.total().grouped());
    c.insert(
        "pay_by",
        &long_date(books.billing.pay_by(None, today), locale),
    );
    let entries: Vec<Value> = ledger
        .statement_rows(whole, party)
        .into_iter()
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
    c
}
