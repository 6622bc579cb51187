//! Money in and out of a unit's ledger: charges, the month's bill, payments, waivers,
//! adjustments, deposits and late fees. Every other procedure posts its fees through
//! these functions, so the rules (clearing order, late fees before a payment, deposits
//! held apart) hold whoever posts.
//!
//! Each function appends entries to a loaded [`Ledger`] and returns what it did; the
//! caller saves. Nothing here reads the clock or the tree.

use chrono::NaiveDate;

use crate::procedure::Act;

use crate::error::{Error, Result};
use crate::model::calendar::Calendar;
use crate::model::ledger::{
    Applied, ChargeItem, DepositKind, EntryKind, LateFeeRule, Ledger, LedgerEntry, PayMethod,
    State, late_fees_posted,
};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::fees::billing::{self, BillingRules};

/// The office's money rules, read once.
pub struct Books<'a> {
    pub billing: &'a BillingRules,
    pub dunning: &'a crate::procedure::dunning::DunningRules,
    /// The office's language: of the texts of the entries posted.
    pub locale: Locale,
    pub calendar: &'a Calendar,
}

impl Books<'_> {
    pub fn clearing(&self) -> &[ChargeItem] {
        &self.billing.clearing_order
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The ledger replayed, or an error naming the first problem.
    pub fn state(&self, ledger: &Ledger) -> Result<State> {
        let (state, problems) = ledger.replay(self.clearing());
        match problems.first() {
            None => Ok(state),
            Some(p) => Err(Error::data(format!(
                "ledger/{}.yaml: entry {}: {}",
                ledger.unit,
                p.index + 1,
                p.message
            ))
            .with_hint(
                "fix the entry by hand (see `propdesk check`) before posting to this ledger",
            )),
        }
    }

    fn late_fee_rule(&self) -> LateFeeRule {
        LateFeeRule {
            basis_points_per_day: self.dunning.late_fee_basis_points_per_day,
            cap_basis_points: self.dunning.late_fee_cap_basis_points,
        }
    }

    /// The first day a charge due on `due` accrues a late fee: the day of the ladder's
    /// late-fee step, counted as the ladder counts.
    pub fn late_fee_start(&self, due: NaiveDate) -> Option<NaiveDate> {
        self.dunning
            .late_fee_day()
            .map(|day| self.dunning.date_after(self.calendar, due, day))
    }

    /// The late fees accrued through `through` and not yet posted, per charge.
    pub fn late_fees_due(&self, state: &State, through: NaiveDate) -> Vec<(u32, Money)> {
        let rule = self.late_fee_rule();
        let mut out = Vec::new();
        for c in state.charges.iter().filter(|c| !c.is_late_fee()) {
            let Some(start) = self.late_fee_start(c.due) else {
                continue;
            };
            if start > through {
                continue;
            }
            let accrued = rule.accrued(c, start, through);
            let posted = late_fees_posted(state, c.no);
            if accrued > posted {
                out.push((c.no, Money::from_minor(accrued.minor() - posted.minor())));
            }
        }
        out
    }

    /// The late fees accrued through `date` and not yet posted, in total.
    pub fn late_fees_accrued(&self, state: &State, date: NaiveDate) -> Money {
        Money::from_minor(
            self.late_fees_due(state, date)
                .iter()
                .map(|(_, m)| m.minor())
                .sum(),
        )
    }

    /// Posts the late fees accrued through `through` as late-fee charges due that day.
    pub fn post_late_fees(
        &self,
        ledger: &mut Ledger,
        through: NaiveDate,
        clerk: Act,
    ) -> Result<Vec<(u32, Money)>> {
        let state = self.state(ledger)?;
        let due = self.late_fees_due(&state, through);
        for (on, amount) in &due {
            let text = match self.locale() {
                Locale::ZhCn => format!("滞纳金（第{on}项，计至{through}）"),
                Locale::En => format!("Late fee on entry {on} through {through}"),
            };
            let mut e = blank(ledger, clerk, EntryKind::Charge, *amount, text);
            e.date = through;
            e.item = Some(ChargeItem::LateFee);
            e.due = Some(through);
            e.charge = Some(*on);
            e.through = Some(through);
            ledger.entries.push(e);
        }
        Ok(due)
    }
}

/// A new entry with the next number, dated today.
fn blank(ledger: &Ledger, clerk: Act, kind: EntryKind, amount: Money, text: String) -> LedgerEntry {
    LedgerEntry {
        no: ledger.next_no(),
        date: clerk.today,
        kind,
        item: None,
        deposit: None,
        amount,
        text,
        period: None,
        due: None,
        charge: None,
        through: None,
        method: None,
        reference: None,
        approver: None,
        reason: None,
        applied: Vec::new(),
        by: clerk.by.to_string(),
        at: clerk.at,
    }
}

fn positive(amount: Money) -> Result<()> {
    if amount.minor() <= 0 {
        return Err(Error::usage(format!(
            "invalid amount {amount}: must be more than 0"
        )));
    }
    Ok(())
}

fn required(what: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::usage(format!("{what} must not be empty")));
    }
    Ok(v.to_string())
}

/// A one-off charge (a repair fee, a fine, energy): its entry number.
pub struct NewCharge {
    pub item: ChargeItem,
    pub amount: Money,
    pub text: String,
    pub due: NaiveDate,
    pub reference: Option<String>,
}

/// Posts a charge; money paid in advance clears it at once.
pub fn charge(ledger: &mut Ledger, clerk: Act, c: NewCharge) -> Result<u32> {
    positive(c.amount)?;
    if c.item == ChargeItem::LateFee {
        return Err(Error::usage(
            "late fees are posted by `propdesk dunning run` and `pay`, not by hand",
        )
        .with_hint("to correct one, waive it: `propdesk bill waive UNIT AMOUNT --for N`"));
    }
    let mut e = blank(
        ledger,
        clerk,
        EntryKind::Charge,
        c.amount,
        required("the text (what it is for)", &c.text)?,
    );
    e.item = Some(c.item);
    e.due = Some(c.due);
    e.reference = c.reference;
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// An approved correction that adds to what is owed.
pub fn adjust(
    ledger: &mut Ledger,
    clerk: Act,
    c: NewCharge,
    approver: &str,
    reason: &str,
) -> Result<u32> {
    positive(c.amount)?;
    let mut e = blank(
        ledger,
        clerk,
        EntryKind::Adjustment,
        c.amount,
        required("the text (what it is for)", &c.text)?,
    );
    e.item = Some(c.item);
    e.due = Some(c.due);
    e.reference = c.reference;
    e.approver = Some(required("the approver", approver)?);
    e.reason = Some(required("the reason", reason)?);
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// What a payment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    pub no: u32,
    /// Late fees posted first, through the payment's day: (charge, amount).
    pub late_fees: Vec<(u32, Money)>,
    pub applied: Vec<Applied>,
    /// Left over, paid in advance.
    pub credit: Money,
}

/// A payment against charges. Late fees accrued through today are posted first, so
/// the clearing order sees them and none is lost; then the payment clears `target`
/// (`--for`) first, then by the office's clearing order.
pub struct NewPayment {
    pub amount: Money,
    pub target: Option<u32>,
    pub method: Option<PayMethod>,
    pub reference: Option<String>,
}

pub fn pay(books: &Books, ledger: &mut Ledger, clerk: Act, p: NewPayment) -> Result<Paid> {
    positive(p.amount)?;
    let late_fees = books.post_late_fees(ledger, clerk.today, clerk)?;
    let state = books.state(ledger)?;
    check_target(&state, &ledger.unit, p.target)?;
    let (applied, credit) = state.allocate(p.amount, p.target, books.clearing());
    let text = match books.locale() {
        Locale::ZhCn => "缴款".to_string(),
        Locale::En => "Payment".to_string(),
    };
    let mut e = blank(ledger, clerk, EntryKind::Payment, p.amount, text);
    e.charge = p.target;
    e.method = p.method;
    e.reference = p.reference;
    e.applied = applied.clone();
    let no = e.no;
    ledger.entries.push(e);
    Ok(Paid {
        no,
        late_fees,
        applied,
        credit,
    })
}

fn check_target(state: &State, unit: &str, target: Option<u32>) -> Result<()> {
    let Some(t) = target else { return Ok(()) };
    match state.charge(t) {
        None => Err(
            Error::data(format!("{unit} has no charge number {t}")).with_hint(format!(
                "`propdesk ledger {unit}` lists the entries and their numbers"
            )),
        ),
        Some(c) if c.outstanding.is_zero() => Err(Error::data(format!(
            "charge {t} of {unit} ({}) is already cleared",
            c.text
        ))),
        Some(_) => Ok(()),
    }
}

/// Forgives part of what is owed (减免), approved: clears `target` first, then by the
/// clearing order. Cannot forgive more than is owed.
pub fn waive(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    amount: Money,
    target: Option<u32>,
    approver: &str,
    reason: &str,
) -> Result<u32> {
    positive(amount)?;
    let state = books.state(ledger)?;
    check_target(&state, &ledger.unit, target)?;
    let open = match target {
        Some(t) => state.charge(t).map_or(Money::ZERO, |c| c.outstanding),
        None => Money::from_minor(state.open().map(|c| c.outstanding.minor()).sum()),
    };
    if amount > open {
        return Err(Error::data(format!(
            "cannot waive {amount}: only {open} is owed{}",
            target.map_or(String::new(), |t| format!(" on charge {t}"))
        )));
    }
    let (applied, _) = state.allocate(amount, target, books.clearing());
    let text = match books.locale() {
        Locale::ZhCn => "减免".to_string(),
        Locale::En => "Waiver".to_string(),
    };
    let mut e = blank(ledger, clerk, EntryKind::Waiver, amount, text);
    e.charge = target;
    e.applied = applied;
    e.approver = Some(required("the approver", approver)?);
    e.reason = Some(required("the reason", reason)?);
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// Reduces a charge that billed days no longer owed (冲减): clears `target` first, then
/// by the clearing order; what is left becomes credit (paid in advance). The rules
/// decide the amount, so no approver; the reason says which rule.
pub fn credit(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    target: u32,
    amount: Money,
    text: String,
    reason: &str,
) -> Result<u32> {
    positive(amount)?;
    let state = books.state(ledger)?;
    let Some(c) = state.charge(target) else {
        return Err(Error::data(format!(
            "{} has no charge number {target}",
            ledger.unit
        )));
    };
    if amount > c.amount {
        return Err(Error::data(format!(
            "cannot credit {amount} on charge {target}: it charged only {}",
            c.amount
        )));
    }
    let (applied, _) = state.allocate(amount, Some(target), books.clearing());
    let mut e = blank(
        ledger,
        clerk,
        EntryKind::Credit,
        amount,
        required("the text (what it is for)", &text)?,
    );
    e.charge = Some(target);
    e.applied = applied;
    e.reason = Some(required("the reason", reason)?);
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// Money paid in advance paid back (退预交款): never more than the credit.
pub fn refund_credit(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32> {
    positive(amount)?;
    let state = books.state(ledger)?;
    if amount > state.credit {
        return Err(Error::data(format!(
            "cannot pay back {amount}: {} has {} paid in advance",
            ledger.unit, state.credit
        )));
    }
    let text = match books.locale() {
        Locale::ZhCn => "退还预交款".to_string(),
        Locale::En => "Advance payment refunded".to_string(),
    };
    let mut e = blank(ledger, clerk, EntryKind::CreditRefunded, amount, text);
    e.method = method;
    e.reference = reference;
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// A deposit taken (收押金).
pub fn receive_deposit(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    kind: DepositKind,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32> {
    positive(amount)?;
    let text = deposit_text(kind, books.locale(), "收取", "received");
    let mut e = blank(ledger, clerk, EntryKind::DepositReceived, amount, text);
    e.deposit = Some(kind);
    e.method = method;
    e.reference = reference;
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

fn deposit_text(kind: DepositKind, locale: Locale, zh: &str, en: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{zh}{}", kind.zh()),
        Locale::En => format!("{} deposit {en}", billing::capitalised(kind.as_str())),
    }
}

fn held(books: &Books, ledger: &Ledger, kind: DepositKind, amount: Money) -> Result<State> {
    let state = books.state(ledger)?;
    let held = state.deposits.get(&kind).map_or(Money::ZERO, |t| t.held());
    if amount > held {
        return Err(Error::data(format!(
            "{} holds {held} of {kind} deposit, less than {amount}",
            ledger.unit
        ))
        .with_hint(format!(
            "`propdesk ledger {}` shows the deposits held",
            ledger.unit
        )));
    }
    Ok(state)
}

/// A deposit paid back (退押金); never more than is held.
pub fn refund_deposit(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    kind: DepositKind,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32> {
    positive(amount)?;
    held(books, ledger, kind, amount)?;
    let text = deposit_text(kind, books.locale(), "退还", "refunded");
    let mut e = blank(ledger, clerk, EntryKind::DepositRefunded, amount, text);
    e.deposit = Some(kind);
    e.method = method;
    e.reference = reference;
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// A deposit used to pay charges (押金抵扣): never more than is held or owed.
pub fn apply_deposit(
    books: &Books,
    ledger: &mut Ledger,
    clerk: Act,
    kind: DepositKind,
    amount: Money,
    target: Option<u32>,
) -> Result<u32> {
    positive(amount)?;
    books.post_late_fees(ledger, clerk.today, clerk)?;
    let state = held(books, ledger, kind, amount)?;
    check_target(&state, &ledger.unit, target)?;
    let owed = Money::from_minor(state.open().map(|c| c.outstanding.minor()).sum());
    if amount > owed {
        return Err(Error::data(format!(
            "cannot apply {amount} of deposit: only {owed} is owed"
        ))
        .with_hint("refund the rest with `propdesk ledger refund`"));
    }
    let (applied, _) = state.allocate(amount, target, books.clearing());
    let text = deposit_text(kind, books.locale(), "抵扣欠费：", "applied to charges");
    let mut e = blank(ledger, clerk, EntryKind::DepositApplied, amount, text);
    e.deposit = Some(kind);
    e.charge = target;
    e.applied = applied;
    let no = e.no;
    ledger.entries.push(e);
    Ok(no)
}

/// `2026-11`.
pub fn period_of(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// Charges the month's recurring fees to the unit, each fee once per month: the
/// numbers of the new entries (none if already billed or not billable).
pub fn bill_month(
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
    clerk: Act,
) -> Vec<u32> {
    bill_month_counting(rules, ledger, unit, month, locale, clerk, |_| true)
}

/// As [`bill_month`], with only the charges `ours` accepts counting as the month
/// already billed: in a month a unit is re-let, the new occupant's own (the earlier
/// occupant's charge for the month is theirs, settled with them).
pub fn bill_month_counting(
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
    clerk: Act,
    ours: impl Fn(&LedgerEntry) -> bool,
) -> Vec<u32> {
    let period = period_of(month);
    let due = rules.due_date(month);
    let mut new = Vec::new();
    for c in billing::month_charges(rules, unit, month, locale) {
        if ledger.period_charges(c.item, &period).any(&ours) {
            continue;
        }
        let mut e = blank(ledger, clerk, EntryKind::Charge, c.amount, c.text);
        e.item = Some(c.item);
        e.period = Some(period.clone());
        e.due = Some(due);
        new.push(e.no);
        ledger.entries.push(e);
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{Office as Fixture, clerk, d, m};

    fn with_charge(amount: &str, due: &str) -> Ledger {
        let mut l = Ledger::new("A-1203");
        charge(
            &mut l,
            clerk("2026-11-01"),
            NewCharge {
                item: ChargeItem::PropertyFee,
                amount: m(amount),
                text: "fee".into(),
                due: d(due),
                reference: None,
            },
        )
        .unwrap();
        l
    }

    fn payment(amount: &str) -> NewPayment {
        NewPayment {
            amount: m(amount),
            target: None,
            method: Some(PayMethod::Transfer),
            reference: None,
        }
    }

    #[test]
    fn late_fees_start_on_the_ladder_late_fee_day() {
        let f = Fixture::new();
        // Due the 15th; the late-fee step is day 5: the 20th is the first day.
        assert_eq!(
            f.books().late_fee_start(d("2026-11-15")),
            Some(d("2026-11-20"))
        );
        let mut f = Fixture::new();
        f.config.dunning.days = crate::procedure::dunning::DayCount::Working;
        // Working days after Fri 13 Nov: 16, 17, 18, 19, 20.
        assert_eq!(
            f.books().late_fee_start(d("2026-11-13")),
            Some(d("2026-11-20"))
        );
        f.config.dunning.ladder.retain(|s| s.action != "late-fee");
        assert_eq!(f.books().late_fee_start(d("2026-11-13")), None);
    }

    #[test]
    fn a_payment_posts_the_late_fee_first_and_clears_it_first() {
        let f = Fixture::new();
        let mut l = with_charge("1000.00", "2026-11-15");
        let paid = pay(&f.books(), &mut l, clerk("2026-11-25"), payment("500.00")).unwrap();
        // Days 20-25 at 0.05% of 1000.00.
        assert_eq!(paid.late_fees, vec![(1, m("3.00"))]);
        assert_eq!(
            paid.applied,
            vec![
                Applied {
                    charge: 2,
                    amount: m("3.00")
                },
                Applied {
                    charge: 1,
                    amount: m("497.00")
                },
            ]
        );
        assert_eq!(paid.no, 3);
        // Run again through the 30th: only the increment on 503.00 is posted.
        let due = f
            .books()
            .late_fees_due(&f.books().state(&l).unwrap(), d("2026-11-30"));
        assert_eq!(due, vec![(1, m("1.26"))]);
        // The same day twice posts nothing new.
        let again = f
            .books()
            .post_late_fees(&mut l, d("2026-11-25"), clerk("2026-11-25"))
            .unwrap();
        assert!(again.is_empty());
    }

    #[test]
    fn a_payment_before_late_fees_start_posts_none() {
        let f = Fixture::new();
        let mut l = with_charge("1000.00", "2026-11-15");
        let paid = pay(&f.books(), &mut l, clerk("2026-11-19"), payment("1200.00")).unwrap();
        assert!(paid.late_fees.is_empty());
        assert_eq!(paid.credit, m("200.00"));
    }

    #[test]
    fn paying_for_a_cleared_or_unknown_charge_is_refused() {
        let f = Fixture::new();
        let mut l = with_charge("100.00", "2026-11-15");
        let mut p = payment("10.00");
        p.target = Some(7);
        let e = pay(&f.books(), &mut l, clerk("2026-11-02"), p).unwrap_err();
        assert!(e.message.contains("no charge number 7"), "{}", e.message);
        pay(&f.books(), &mut l, clerk("2026-11-02"), payment("100.00")).unwrap();
        let mut p = payment("10.00");
        p.target = Some(1);
        let e = pay(&f.books(), &mut l, clerk("2026-11-03"), p).unwrap_err();
        assert!(e.message.contains("already cleared"), "{}", e.message);
    }

    #[test]
    fn waivers_cannot_exceed_what_is_owed() {
        let f = Fixture::new();
        let mut l = with_charge("100.00", "2026-11-15");
        let e = waive(
            &f.books(),
            &mut l,
            clerk("2026-11-02"),
            m("100.01"),
            None,
            "mgr",
            "goodwill",
        )
        .unwrap_err();
        assert!(e.message.contains("only 100.00 is owed"), "{}", e.message);
        let e = waive(
            &f.books(),
            &mut l,
            clerk("2026-11-02"),
            m("10.00"),
            None,
            " ",
            "goodwill",
        )
        .unwrap_err();
        assert!(e.message.contains("approver"), "{}", e.message);
        waive(
            &f.books(),
            &mut l,
            clerk("2026-11-02"),
            m("40.00"),
            Some(1),
            "mgr",
            "goodwill",
        )
        .unwrap();
        let st = f.books().state(&l).unwrap();
        assert_eq!(st.balance(), m("60.00"));
    }

    #[test]
    fn deposits_cannot_go_below_zero_and_apply_only_to_what_is_owed() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("100.00", "2026-11-15");
        receive_deposit(
            &b,
            &mut l,
            clerk("2026-11-01"),
            DepositKind::Lease,
            m("300.00"),
            None,
            None,
        )
        .unwrap();
        let e = refund_deposit(
            &b,
            &mut l,
            clerk("2026-11-02"),
            DepositKind::Lease,
            m("300.01"),
            None,
            None,
        )
        .unwrap_err();
        assert!(
            e.message.contains("holds 300.00 of lease deposit"),
            "{}",
            e.message
        );
        let e = refund_deposit(
            &b,
            &mut l,
            clerk("2026-11-02"),
            DepositKind::Card,
            m("1.00"),
            None,
            None,
        )
        .unwrap_err();
        assert!(
            e.message.contains("holds 0.00 of card deposit"),
            "{}",
            e.message
        );
        let e = apply_deposit(
            &b,
            &mut l,
            clerk("2026-11-02"),
            DepositKind::Lease,
            m("150.00"),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("only 100.00 is owed"), "{}", e.message);
        apply_deposit(
            &b,
            &mut l,
            clerk("2026-11-02"),
            DepositKind::Lease,
            m("100.00"),
            None,
        )
        .unwrap();
        refund_deposit(
            &b,
            &mut l,
            clerk("2026-11-03"),
            DepositKind::Lease,
            m("200.00"),
            None,
            None,
        )
        .unwrap();
        let st = b.state(&l).unwrap();
        assert_eq!(st.balance(), Money::ZERO);
        assert_eq!(st.deposits_held(), Money::ZERO);
    }

    #[test]
    fn billing_a_month_twice_charges_once() {
        use crate::model::unit::{Area, UnitStatus, UnitUse};
        let rules = BillingRules::default();
        let unit = Unit {
            id: "A-1203".into(),
            building: "A".into(),
            floor: 12,
            area: "100.00".parse::<Area>().unwrap(),
            usage: UnitUse::Office,
            owner: None,
            occupant: Some("P-1".into()),
            status: UnitStatus::Occupied,
            fees_from: None,
            fees_until: None,
            note: None,
            history: Vec::new(),
        };
        let mut l = Ledger::new("A-1203");
        let first = bill_month(
            &rules,
            &mut l,
            &unit,
            d("2026-11-01"),
            Locale::En,
            clerk("2026-11-01"),
        );
        assert_eq!(first, vec![1]);
        assert_eq!(l.entries[0].due, Some(d("2026-11-15")));
        assert_eq!(l.entries[0].period.as_deref(), Some("2026-11"));
        let again = bill_month(
            &rules,
            &mut l,
            &unit,
            d("2026-11-01"),
            Locale::En,
            clerk("2026-11-02"),
        );
        assert!(again.is_empty());
        assert_eq!(l.entries.len(), 1);
    }
}
