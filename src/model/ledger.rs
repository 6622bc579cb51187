//! The unit ledger (台账): every charge, payment and deposit of one unit, oldest
//! first, in `ledger/<UNIT>.yaml`. Entries are appended and never rewritten.
//!
//! Two balances live in one ledger and never mix:
//! - the fee balance: charges and adjustments (debits) against payments, waivers and
//!   deposits applied to charges (credits); positive means the unit owes;
//! - deposits held, per kind (lease, renovation, pass, card): received minus refunded
//!   minus applied to charges. They are owed back, so they are not a credit on fees.
//!
//! Each credit records how it cleared charges (`applied:`), chosen when it was
//! written by the office's clearing order or by `--for`. A credit left over (paid in
//! advance) clears the next charges as they are posted. [`Ledger::replay`] rebuilds
//! every charge's outstanding amount, day by day, from the entries alone; late fees are
//! computed from that replay, so a partial payment never loses the late fee accrued
//! before it.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::money::Money;
use crate::model::record::Record;

/// A unit's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// The unit number, `A-1203`; the file is `ledger/<unit>.yaml`.
    pub unit: String,
    #[serde(default)]
    pub entries: Vec<LedgerEntry>,
}

impl Record for Ledger {
    const DIR: &'static str = "ledger";
    const WHAT: &'static str = "ledger";
    fn id(&self) -> &str {
        &self.unit
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    /// 1, 2, 3, ... in the order written; `--for 3` names entry 3.
    #[serde(rename = "entry")]
    pub no: u32,
    /// The day it happened (the payment's day, the charge's posting day).
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// What is charged (charges and adjustments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ChargeItem>,
    /// Which deposit (deposit entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit: Option<DepositKind>,
    pub amount: Money,
    /// What it is for, in words.
    #[serde(rename = "for")]
    pub text: String,
    /// The month a recurring charge bills, `2026-11`: `bill run` charges each fee once
    /// per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// When a charge falls due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// A late fee: the charge it is on. A payment or waiver given `--for`: its target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<u32>,
    /// A late fee: the last day it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<NaiveDate>,
    /// How money came in or went out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PayMethod>,
    /// Receipt or voucher number.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Who approved a waiver or an adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A credit: the charges it cleared, and how much of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applied: Vec<Applied>,
    /// Who recorded it.
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// Part of a credit clearing one charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applied {
    pub charge: u32,
    pub amount: Money,
}

/// The kinds of ledger entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Something the unit owes (应收).
    Charge,
    /// Money received against charges (缴款).
    Payment,
    /// A deposit taken (收押金).
    DepositReceived,
    /// A deposit paid back (退押金).
    DepositRefunded,
    /// A deposit used to pay charges (押金抵扣).
    DepositApplied,
    /// Part of a charge forgiven, approved (减免).
    Waiver,
    /// An approved correction that adds to what is owed (调整).
    Adjustment,
    /// A charge reduced because it billed days no longer owed, e.g. after a move-out
    /// (冲减): clears its charge first, and what that charge no longer owes becomes
    /// credit.
    Credit,
    /// Money paid in advance paid back (退预交款), e.g. at a move-out's settlement.
    CreditRefunded,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Charge,
        EntryKind::Payment,
        EntryKind::DepositReceived,
        EntryKind::DepositRefunded,
        EntryKind::DepositApplied,
        EntryKind::Waiver,
        EntryKind::Adjustment,
        EntryKind::Credit,
        EntryKind::CreditRefunded,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Charge => "charge",
            EntryKind::Payment => "payment",
            EntryKind::DepositReceived => "deposit-received",
            EntryKind::DepositRefunded => "deposit-refunded",
            EntryKind::DepositApplied => "deposit-applied",
            EntryKind::Waiver => "waiver",
            EntryKind::Adjustment => "adjustment",
            EntryKind::Credit => "credit",
            EntryKind::CreditRefunded => "credit-refunded",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            EntryKind::Charge => "应收",
            EntryKind::Payment => "缴款",
            EntryKind::DepositReceived => "收押金",
            EntryKind::DepositRefunded => "退押金",
            EntryKind::DepositApplied => "押金抵扣",
            EntryKind::Waiver => "减免",
            EntryKind::Adjustment => "调整",
            EntryKind::Credit => "冲减",
            EntryKind::CreditRefunded => "退预交款",
        }
    }
    /// Adds to the fee balance.
    pub fn is_debit(self) -> bool {
        matches!(self, EntryKind::Charge | EntryKind::Adjustment)
    }
    /// Clears charges.
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            EntryKind::Payment | EntryKind::Waiver | EntryKind::DepositApplied | EntryKind::Credit
        )
    }
    /// Raises the fee balance (what is owed, less what was paid in advance).
    pub fn raises_balance(self) -> bool {
        self.is_debit() || self == EntryKind::CreditRefunded
    }
}

/// What a charge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChargeItem {
    PropertyFee,
    Parking,
    Energy,
    SpecialService,
    RepairFee,
    RenovationFee,
    Fine,
    LateFee,
    /// Access cards issued (门禁卡工本费).
    CardFee,
    /// Keys cut or issued (钥匙工本费).
    KeyFee,
    /// Damage found at a move-out inspection, or keys not returned (损坏赔偿).
    Damage,
    /// Restoring a unit to its original state at move-out (恢复原状费).
    Restoration,
}

impl ChargeItem {
    pub const ALL: [ChargeItem; 12] = [
        ChargeItem::PropertyFee,
        ChargeItem::Parking,
        ChargeItem::Energy,
        ChargeItem::SpecialService,
        ChargeItem::RepairFee,
        ChargeItem::RenovationFee,
        ChargeItem::Fine,
        ChargeItem::LateFee,
        ChargeItem::CardFee,
        ChargeItem::KeyFee,
        ChargeItem::Damage,
        ChargeItem::Restoration,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeItem::PropertyFee => "property-fee",
            ChargeItem::Parking => "parking",
            ChargeItem::Energy => "energy",
            ChargeItem::SpecialService => "special-service",
            ChargeItem::RepairFee => "repair-fee",
            ChargeItem::RenovationFee => "renovation-fee",
            ChargeItem::Fine => "fine",
            ChargeItem::LateFee => "late-fee",
            ChargeItem::CardFee => "card-fee",
            ChargeItem::KeyFee => "key-fee",
            ChargeItem::Damage => "damage",
            ChargeItem::Restoration => "restoration",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            ChargeItem::PropertyFee => "物业管理费",
            ChargeItem::Parking => "停车费",
            ChargeItem::Energy => "能源费",
            ChargeItem::SpecialService => "特约服务费",
            ChargeItem::RepairFee => "维修费",
            ChargeItem::RenovationFee => "装修管理费",
            ChargeItem::Fine => "罚款",
            ChargeItem::LateFee => "滞纳金",
            ChargeItem::CardFee => "门禁卡工本费",
            ChargeItem::KeyFee => "钥匙工本费",
            ChargeItem::Damage => "损坏赔偿",
            ChargeItem::Restoration => "恢复原状费",
        }
    }
    /// The words for people: 物业管理费, property fee.
    pub fn words(self, locale: crate::model::locale::Locale) -> String {
        match locale {
            crate::model::locale::Locale::ZhCn => self.zh().to_string(),
            crate::model::locale::Locale::En => self.as_str().replace('-', " "),
        }
    }
}

/// The deposits an office holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DepositKind {
    Lease,
    Renovation,
    Pass,
    Card,
}

impl DepositKind {
    pub const ALL: [DepositKind; 4] = [
        DepositKind::Lease,
        DepositKind::Renovation,
        DepositKind::Pass,
        DepositKind::Card,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DepositKind::Lease => "lease",
            DepositKind::Renovation => "renovation",
            DepositKind::Pass => "pass",
            DepositKind::Card => "card",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            DepositKind::Lease => "租赁押金",
            DepositKind::Renovation => "装修押金",
            DepositKind::Pass => "出入证押金",
            DepositKind::Card => "门禁卡押金",
        }
    }
}

/// How money moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PayMethod {
    Cash,
    Transfer,
    Card,
    Cheque,
}

impl PayMethod {
    pub const ALL: [PayMethod; 4] = [
        PayMethod::Cash,
        PayMethod::Transfer,
        PayMethod::Card,
        PayMethod::Cheque,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PayMethod::Cash => "cash",
            PayMethod::Transfer => "transfer",
            PayMethod::Card => "card",
            PayMethod::Cheque => "cheque",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            PayMethod::Cash => "现金",
            PayMethod::Transfer => "转账",
            PayMethod::Card => "刷卡",
            PayMethod::Cheque => "支票",
        }
    }
}

named_enum!(EntryKind, "entry kind");
named_enum!(ChargeItem, "charge item");
named_enum!(DepositKind, "deposit kind");
named_enum!(PayMethod, "payment method");

/// A charge (or adjustment) as the replay leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub no: u32,
    pub date: NaiveDate,
    pub item: ChargeItem,
    pub text: String,
    pub period: Option<String>,
    pub due: NaiveDate,
    pub amount: Money,
    pub outstanding: Money,
    /// For a late fee: the charge it is on.
    pub on: Option<u32>,
    /// What cleared it: (the credit's date, amount), in ledger order.
    pub cleared: Vec<(NaiveDate, Money)>,
    /// The part of `cleared` that was forgiven rather than paid: waivers (减免) and
    /// credits for days no longer owed (冲减), in ledger order.
    pub forgiven: Vec<(NaiveDate, Money)>,
}

impl Charge {
    /// Still owed after the day `date` begins: payments dated `date` count from the
    /// next day, so the day a late payment is made is a day late.
    pub fn outstanding_on(&self, date: NaiveDate) -> Money {
        let paid: i64 = self
            .cleared
            .iter()
            .filter(|(d, _)| *d < date)
            .map(|(_, m)| m.minor())
            .sum();
        Money::from_minor(self.amount.minor() - paid)
    }

    /// Overdue on `date`: past its due date and not cleared.
    pub fn is_overdue(&self, date: NaiveDate) -> bool {
        self.due < date && self.outstanding.minor() > 0
    }

    pub fn is_late_fee(&self) -> bool {
        self.item == ChargeItem::LateFee
    }
}

/// A deposit kind's movements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DepositTotals {
    pub received: Money,
    pub refunded: Money,
    pub applied: Money,
}

impl DepositTotals {
    pub fn held(&self) -> Money {
        Money::from_minor(self.received.minor() - self.refunded.minor() - self.applied.minor())
    }
}

/// The ledger replayed: each charge's outstanding amount, the credit paid in advance,
/// the deposits held, and the running fee balance after each entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub charges: Vec<Charge>,
    /// Paid in advance and not yet used by a charge.
    pub credit: Money,
    pub deposits: BTreeMap<DepositKind, DepositTotals>,
    /// The fee balance after each entry (positive: owed), by entry index.
    pub running: Vec<Money>,
}

/// Something wrong in a ledger: the entry's index and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerProblem {
    pub index: usize,
    pub field: &'static str,
    pub message: String,
}

impl State {
    pub fn charge(&self, no: u32) -> Option<&Charge> {
        self.charges.iter().find(|c| c.no == no)
    }

    fn charge_mut(&mut self, no: u32) -> Option<&mut Charge> {
        self.charges.iter_mut().find(|c| c.no == no)
    }

    /// The fee balance: what is owed, less what was paid in advance.
    pub fn balance(&self) -> Money {
        self.running.last().copied().unwrap_or_default()
    }

    /// Charges with something still owed, in ledger order.
    pub fn open(&self) -> impl Iterator<Item = &Charge> {
        self.charges.iter().filter(|c| c.outstanding.minor() > 0)
    }

    /// Charges overdue on `date`.
    pub fn overdue(&self, date: NaiveDate) -> impl Iterator<Item = &Charge> {
        self.charges.iter().filter(move |c| c.is_overdue(date))
    }

    /// The total overdue on `date`.
    pub fn overdue_total(&self, date: NaiveDate) -> Money {
        Money::from_minor(self.overdue(date).map(|c| c.outstanding.minor()).sum())
    }

    /// The earliest due date among the charges overdue on `date`.
    pub fn oldest_overdue(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.overdue(date).map(|c| c.due).min()
    }

    /// Deposits held in total.
    pub fn deposits_held(&self) -> Money {
        Money::from_minor(self.deposits.values().map(|t| t.held().minor()).sum())
    }

    /// How a credit of `amount` would clear the open charges: `target` first, then by
    /// the clearing order (the listed items first, in that order; within a rank, the
    /// oldest due date first). Returns the parts and what is left over.
    pub fn allocate(
        &self,
        amount: Money,
        target: Option<u32>,
        clearing: &[ChargeItem],
    ) -> (Vec<Applied>, Money) {
        let mut left = amount.minor();
        let mut parts = Vec::new();
        let mut order: Vec<&Charge> = self.open().collect();
        order.sort_by_key(|c| (Some(c.no) != target, rank(c.item, clearing), c.due, c.no));
        for c in order {
            if left == 0 {
                break;
            }
            let take = left.min(c.outstanding.minor());
            parts.push(Applied {
                charge: c.no,
                amount: Money::from_minor(take),
            });
            left -= take;
        }
        (parts, Money::from_minor(left))
    }
}

fn rank(item: ChargeItem, clearing: &[ChargeItem]) -> usize {
    clearing
        .iter()
        .position(|i| *i == item)
        .unwrap_or(clearing.len())
}

impl Ledger {
    pub fn new(unit: &str) -> Ledger {
        Ledger {
            unit: unit.to_string(),
            entries: Vec::new(),
        }
    }

    /// The number of the next entry.
    pub fn next_no(&self) -> u32 {
        self.entries.last().map_or(1, |e| e.no + 1)
    }

    /// Whether a recurring `item` was already charged for `period`.
    pub fn has_period_charge(&self, item: ChargeItem, period: &str) -> bool {
        self.period_charges(item, period).next().is_some()
    }

    /// The charges of a recurring fee for a period (`2026-11`).
    pub fn period_charges<'a>(
        &'a self,
        item: ChargeItem,
        period: &'a str,
    ) -> impl Iterator<Item = &'a LedgerEntry> + 'a {
        self.entries.iter().filter(move |e| {
            e.kind == EntryKind::Charge
                && e.item == Some(item)
                && e.period.as_deref() == Some(period)
        })
    }

    /// Replays the entries; any entry that cannot be replayed is a problem (and is
    /// skipped, so one bad line does not hide the rest).
    pub fn replay(&self, clearing: &[ChargeItem]) -> (State, Vec<LedgerProblem>) {
        let mut st = State::default();
        let mut problems = Vec::new();
        let mut balance: i64 = 0;
        for (index, e) in self.entries.iter().enumerate() {
            let mut problem = |field: &'static str, message: String| {
                problems.push(LedgerProblem {
                    index,
                    field,
                    message,
                })
            };
            if e.no as usize != index + 1 {
                problem(
                    "entry",
                    format!(
                        "entry number {} out of sequence: expected {}",
                        e.no,
                        index + 1
                    ),
                );
            }
            if e.amount.minor() <= 0 {
                problem("amount", format!("amount {} must be more than 0", e.amount));
                st.running.push(Money::from_minor(balance));
                continue;
            }
            for p in shape_problems(e) {
                problem(p.0, p.1);
            }
            match e.kind {
                EntryKind::Charge | EntryKind::Adjustment => {
                    let (Some(item), Some(due)) = (e.item, e.due) else {
                        st.running.push(Money::from_minor(balance));
                        continue;
                    };
                    balance += e.amount.minor();
                    let mut c = Charge {
                        no: e.no,
                        date: e.date,
                        item,
                        text: e.text.clone(),
                        period: e.period.clone(),
                        due,
                        amount: e.amount,
                        outstanding: e.amount,
                        on: e.charge,
                        cleared: Vec::new(),
                        forgiven: Vec::new(),
                    };
                    if st.credit.minor() > 0 {
                        let take = st.credit.minor().min(e.amount.minor());
                        c.outstanding = Money::from_minor(c.outstanding.minor() - take);
                        c.cleared.push((e.date, Money::from_minor(take)));
                        st.credit = Money::from_minor(st.credit.minor() - take);
                    }
                    st.charges.push(c);
                }
                EntryKind::Payment
                | EntryKind::Waiver
                | EntryKind::DepositApplied
                | EntryKind::Credit => {
                    if e.kind == EntryKind::DepositApplied
                        && let Some(kind) = e.deposit
                    {
                        let t = st.deposits.entry(kind).or_default();
                        t.applied = Money::from_minor(t.applied.minor() + e.amount.minor());
                        if t.held().is_negative() {
                            problem(
                                "amount",
                                format!(
                                    "applies {} of the {} deposit, more than the {} held",
                                    e.amount,
                                    kind,
                                    Money::from_minor(t.held().minor() + e.amount.minor())
                                ),
                            );
                        }
                    }
                    balance -= e.amount.minor();
                    let forgives = matches!(e.kind, EntryKind::Waiver | EntryKind::Credit);
                    let mut left = e.amount.minor();
                    for a in &e.applied {
                        let Some(c) = st.charge_mut(a.charge) else {
                            problem(
                                "applied",
                                format!(
                                    "applied to charge {}, which is not an earlier charge",
                                    a.charge
                                ),
                            );
                            continue;
                        };
                        if a.amount.minor() <= 0 || a.amount > c.outstanding {
                            problem(
                                "applied",
                                format!(
                                    "applies {} to charge {}, which has {} outstanding",
                                    a.amount, a.charge, c.outstanding
                                ),
                            );
                            continue;
                        }
                        c.outstanding = Money::from_minor(c.outstanding.minor() - a.amount.minor());
                        c.cleared.push((e.date, a.amount));
                        if forgives {
                            c.forgiven.push((e.date, a.amount));
                        }
                        left -= a.amount.minor();
                    }
                    if left < 0 {
                        problem(
                            "applied",
                            format!(
                                "the parts applied add up to more than the amount {}",
                                e.amount
                            ),
                        );
                        left = 0;
                    }
                    // What the entry did not say it cleared follows the clearing order.
                    let (parts, rest) = st.allocate(Money::from_minor(left), e.charge, clearing);
                    for a in parts {
                        if let Some(c) = st.charge_mut(a.charge) {
                            c.outstanding =
                                Money::from_minor(c.outstanding.minor() - a.amount.minor());
                            c.cleared.push((e.date, a.amount));
                            if forgives {
                                c.forgiven.push((e.date, a.amount));
                            }
                        }
                    }
                    st.credit = Money::from_minor(st.credit.minor() + rest.minor());
                }
                EntryKind::CreditRefunded => {
                    balance += e.amount.minor();
                    if e.amount > st.credit {
                        problem(
                            "amount",
                            format!(
                                "pays back {} paid in advance, more than the {} credit",
                                e.amount, st.credit
                            ),
                        );
                    }
                    st.credit = Money::from_minor((st.credit.minor() - e.amount.minor()).max(0));
                }
                EntryKind::DepositReceived | EntryKind::DepositRefunded => {
                    if let Some(kind) = e.deposit {
                        let t = st.deposits.entry(kind).or_default();
                        if e.kind == EntryKind::DepositReceived {
                            t.received = Money::from_minor(t.received.minor() + e.amount.minor());
                        } else {
                            t.refunded = Money::from_minor(t.refunded.minor() + e.amount.minor());
                            if t.held().is_negative() {
                                problem(
                                    "amount",
                                    format!(
                                        "refunds {} of the {} deposit, more than the {} held",
                                        e.amount,
                                        kind,
                                        Money::from_minor(t.held().minor() + e.amount.minor())
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            st.running.push(Money::from_minor(balance));
        }
        for c in &st.charges {
            if let Some(on) = c.on
                && st.charge(on).is_none_or(|t| t.is_late_fee())
            {
                let index = (c.no as usize).saturating_sub(1);
                problems.push(LedgerProblem {
                    index,
                    field: "charge",
                    message: format!("a late fee on charge {on}, which is not an earlier charge"),
                });
            }
        }
        (st, problems)
    }
}

/// The fields an entry of its kind must (and must not) have.
fn shape_problems(e: &LedgerEntry) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let k = e.kind;
    let need = |present: bool, field: &'static str, out: &mut Vec<_>| {
        if !present {
            out.push((field, format!("a {k} entry needs `{field}`")));
        }
    };
    let forbid = |present: bool, field: &'static str, out: &mut Vec<_>| {
        if present {
            out.push((field, format!("a {k} entry has no `{field}`")));
        }
    };
    need(!e.by.trim().is_empty(), "by", &mut out);
    need(!e.text.trim().is_empty(), "for", &mut out);
    if k.is_debit() {
        need(e.item.is_some(), "item", &mut out);
        need(e.due.is_some(), "due", &mut out);
    } else {
        forbid(e.item.is_some(), "item", &mut out);
        forbid(e.due.is_some(), "due", &mut out);
        forbid(e.period.is_some(), "period", &mut out);
    }
    let is_deposit = matches!(
        k,
        EntryKind::DepositReceived | EntryKind::DepositRefunded | EntryKind::DepositApplied
    );
    if is_deposit {
        need(e.deposit.is_some(), "deposit", &mut out);
    } else {
        forbid(e.deposit.is_some(), "deposit", &mut out);
    }
    if k == EntryKind::Credit {
        need(e.charge.is_some(), "charge", &mut out);
        need(
            e.reason.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "reason",
            &mut out,
        );
    }
    if matches!(k, EntryKind::Waiver | EntryKind::Adjustment) {
        need(
            e.approver.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "approver",
            &mut out,
        );
        need(
            e.reason.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "reason",
            &mut out,
        );
    }
    if !k.is_credit() {
        forbid(!e.applied.is_empty(), "applied", &mut out);
    }
    let late_fee = e.item == Some(ChargeItem::LateFee);
    if late_fee {
        need(e.charge.is_some(), "charge", &mut out);
        need(e.through.is_some(), "through", &mut out);
    } else {
        forbid(e.through.is_some(), "through", &mut out);
        if k.is_debit() {
            forbid(e.charge.is_some(), "charge", &mut out);
        }
    }
    if let Some(p) = &e.period
        && parse_month(p).is_none()
    {
        out.push((
            "period",
            format!("invalid period {p:?}: expected a month like 2026-11"),
        ));
    }
    out
}

/// `2026-11` as the first day of that month.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// How late fees are reckoned (`[dunning]` of office.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateFeeRule {
    /// Per day on the overdue principal, in basis points (5 = 0.05%).
    pub basis_points_per_day: u32,
    /// The most a charge's late fees may come to, in basis points of the charge
    /// (10000 = the charge itself); 0 for no cap.
    pub cap_basis_points: u32,
}

impl LateFeeRule {
    /// The late fee on `charge` accrued from `start` through `through`, both days
    /// included: simple interest on what was outstanding at the start of each day,
    /// rounded once, to the cent, half away from zero; capped if the office says so.
    pub fn accrued(&self, charge: &Charge, start: NaiveDate, through: NaiveDate) -> Money {
        if charge.is_late_fee() || through < start || self.basis_points_per_day == 0 {
            return Money::ZERO;
        }
        // Principal-days: the amount outstanding at the start of each day, summed. A
        // credit dated d lowers it from the day after d.
        let mut points: Vec<(NaiveDate, i64)> = charge
            .cleared
            .iter()
            .map(|(d, m)| (d.succ_opt().unwrap_or(*d), m.minor()))
            .collect();
        points.sort_by_key(|(d, _)| *d);
        let mut outstanding = charge.amount.minor();
        let mut day = start;
        let mut sum: i128 = 0;
        for (effective, minor) in points {
            if effective > through {
                break;
            }
            if effective > day {
                sum += i128::from(outstanding.max(0)) * i128::from((effective - day).num_days());
                day = effective;
            }
            outstanding -= minor;
        }
        sum += i128::from(outstanding.max(0)) * i128::from((through - day).num_days() + 1);
        let fee = round_ratio(sum, i128::from(self.basis_points_per_day), 10_000);
        let fee = if self.cap_basis_points > 0 {
            let cap = round_ratio(
                i128::from(charge.amount.minor()),
                i128::from(self.cap_basis_points),
                10_000,
            );
            fee.min(cap)
        } else {
            fee
        };
        Money::from_minor(i64::try_from(fee).unwrap_or(i64::MAX))
    }
}

/// `value * num / den`, rounded half away from zero (non-negative inputs).
fn round_ratio(value: i128, num: i128, den: i128) -> i128 {
    let p = value * num;
    (p + den / 2) / den
}

/// Late fees posted so far on charge `no`.
pub fn late_fees_posted(state: &State, no: u32) -> Money {
    Money::from_minor(
        state
            .charges
            .iter()
            .filter(|c| c.is_late_fee() && c.on == Some(no))
            .map(|c| c.amount.minor())
            .sum(),
    )
}

/// Arrears by age on `date`: days overdue 1-30, 31-60, 61-90, over 90.
pub fn aging(state: &State, date: NaiveDate) -> [Money; 4] {
    let mut b = [0i64; 4];
    for c in state.overdue(date) {
        let days = (date - c.due).num_days();
        let i = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        b[i] += c.outstanding.minor();
    }
    b.map(Money::from_minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn entry(no: u32, date: &str, kind: EntryKind, amount: &str) -> LedgerEntry {
        LedgerEntry {
            no,
            date: d(date),
            kind,
            item: None,
            deposit: None,
            amount: m(amount),
            text: "x".into(),
            period: None,
            due: None,
            charge: None,
            through: None,
            method: None,
            reference: None,
            approver: None,
            reason: None,
            applied: Vec::new(),
            by: "t".into(),
            at: "2026-11-01T09:00:00+08:00".parse().unwrap(),
        }
    }

    fn charge(no: u32, date: &str, item: ChargeItem, amount: &str, due: &str) -> LedgerEntry {
        let mut e = entry(no, date, EntryKind::Charge, amount);
        e.item = Some(item);
        e.due = Some(d(due));
        e
    }

    fn ledger(entries: Vec<LedgerEntry>) -> Ledger {
        Ledger {
            unit: "A-1203".into(),
            entries,
        }
    }

    const ORDER: &[ChargeItem] = &[ChargeItem::LateFee, ChargeItem::Fine];

    #[test]
    fn a_payment_clears_late_fees_first_then_the_oldest_principal() {
        let mut l = ledger(vec![
            charge(
                1,
                "2026-10-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-10-15",
            ),
            charge(
                2,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-11-15",
            ),
            charge(3, "2026-11-20", ChargeItem::LateFee, "12.00", "2026-11-20"),
        ]);
        l.entries[2].charge = Some(1);
        l.entries[2].through = Some(d("2026-11-20"));
        let (st, problems) = l.replay(ORDER);
        assert!(problems.is_empty(), "{problems:?}");
        let (parts, left) = st.allocate(m("1100.00"), None, ORDER);
        assert_eq!(
            parts,
            vec![
                Applied {
                    charge: 3,
                    amount: m("12.00")
                },
                Applied {
                    charge: 1,
                    amount: m("1000.00")
                },
                Applied {
                    charge: 2,
                    amount: m("88.00")
                },
            ]
        );
        assert_eq!(left, Money::ZERO);
        // --for puts the named charge first.
        let (parts, _) = st.allocate(m("500.00"), Some(2), ORDER);
        assert_eq!(
            parts,
            vec![Applied {
                charge: 2,
                amount: m("500.00")
            }]
        );
    }

    #[test]
    fn an_office_may_clear_oldest_first_whatever_the_item() {
        let mut l = ledger(vec![
            charge(
                1,
                "2026-10-01",
                ChargeItem::PropertyFee,
                "100.00",
                "2026-10-15",
            ),
            charge(2, "2026-11-20", ChargeItem::LateFee, "5.00", "2026-11-20"),
        ]);
        l.entries[1].charge = Some(1);
        l.entries[1].through = Some(d("2026-11-20"));
        let (st, _) = l.replay(&[]);
        let (parts, _) = st.allocate(m("50.00"), None, &[]);
        assert_eq!(
            parts,
            vec![Applied {
                charge: 1,
                amount: m("50.00")
            }]
        );
    }

    #[test]
    fn money_paid_in_advance_clears_the_next_charges() {
        let l = ledger(vec![
            entry(1, "2026-10-20", EntryKind::Payment, "1500.00"),
            charge(
                2,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-11-15",
            ),
            charge(
                3,
                "2026-12-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-12-15",
            ),
        ]);
        let (st, problems) = l.replay(ORDER);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(st.charge(2).unwrap().outstanding, Money::ZERO);
        assert_eq!(st.charge(3).unwrap().outstanding, m("500.00"));
        assert_eq!(st.credit, Money::ZERO);
        assert_eq!(st.balance(), m("500.00"));
        assert_eq!(st.running, vec![m("-1500.00"), m("-500.00"), m("500.00")]);
    }

    #[test]
    fn a_credit_reduces_its_charge_and_the_rest_becomes_credit_that_can_be_paid_back() {
        let mut credit = entry(3, "2026-11-20", EntryKind::Credit, "400.00");
        credit.charge = Some(1);
        credit.reason = Some("billing stops at the move-out".into());
        let mut back = entry(4, "2026-11-25", EntryKind::CreditRefunded, "100.00");
        back.method = Some(PayMethod::Transfer);
        let l = ledger(vec![
            charge(
                1,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-11-15",
            ),
            entry(2, "2026-11-10", EntryKind::Payment, "700.00"),
            credit,
            back,
        ]);
        let (st, problems) = l.replay(ORDER);
        assert!(problems.is_empty(), "{problems:?}");
        // 300.00 owed after the payment: the credit clears it and leaves 100.00 credit,
        // which is then paid back.
        assert_eq!(st.charge(1).unwrap().outstanding, Money::ZERO);
        assert_eq!(st.credit, Money::ZERO);
        assert_eq!(
            st.running,
            vec![m("1000.00"), m("300.00"), m("-100.00"), m("0.00")]
        );
        // A credit needs its charge and reason; paying back more than the credit is wrong.
        let mut bare = entry(2, "2026-11-20", EntryKind::Credit, "10.00");
        bare.applied.clear();
        let l = ledger(vec![
            charge(
                1,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "10.00",
                "2026-11-15",
            ),
            bare,
            entry(3, "2026-11-25", EntryKind::CreditRefunded, "5.00"),
        ]);
        let (_, problems) = l.replay(ORDER);
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["charge", "reason", "amount"], "{problems:?}");
    }

    #[test]
    fn deposits_are_held_apart_from_the_fee_balance() {
        let mut rec = entry(1, "2026-11-01", EntryKind::DepositReceived, "3000.00");
        rec.deposit = Some(DepositKind::Lease);
        let c = charge(
            2,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "1000.00",
            "2026-11-15",
        );
        let mut apply = entry(3, "2026-11-20", EntryKind::DepositApplied, "400.00");
        apply.deposit = Some(DepositKind::Lease);
        let mut refund = entry(4, "2026-11-21", EntryKind::DepositRefunded, "2600.01");
        refund.deposit = Some(DepositKind::Lease);
        let (st, problems) = ledger(vec![rec, c, apply, refund]).replay(ORDER);
        assert_eq!(st.balance(), m("600.00"));
        assert_eq!(st.running[0], Money::ZERO, "a deposit is not a payment");
        assert_eq!(st.deposits[&DepositKind::Lease].held(), m("-0.01"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("more than the 2600.00 held"));
        assert_eq!(problems[0].index, 3);
    }

    #[test]
    fn waivers_and_adjustments_need_an_approver_and_a_reason() {
        let w = entry(1, "2026-11-01", EntryKind::Waiver, "10.00");
        let (_, problems) = ledger(vec![w]).replay(ORDER);
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["approver", "reason"]);
    }

    #[test]
    fn over_applying_a_credit_is_reported() {
        let c = charge(
            1,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "100.00",
            "2026-11-15",
        );
        let mut p = entry(2, "2026-11-02", EntryKind::Payment, "150.00");
        p.applied = vec![Applied {
            charge: 1,
            amount: m("150.00"),
        }];
        let (_, problems) = ledger(vec![c, p]).replay(ORDER);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("100.00 outstanding"),
            "{problems:?}"
        );
    }

    fn rule(bp: u32, cap: u32) -> LateFeeRule {
        LateFeeRule {
            basis_points_per_day: bp,
            cap_basis_points: cap,
        }
    }

    #[test]
    fn late_fees_are_simple_interest_per_day_to_the_cent() {
        let c = charge(
            1,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "1000.00",
            "2026-11-15",
        );
        let (st, _) = ledger(vec![c]).replay(ORDER);
        let c = st.charge(1).unwrap();
        // 0.05% a day of 1000.00 is 0.50; the 20th to the 25th is 6 days.
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-25")),
            m("3.00")
        );
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-20")),
            m("0.50")
        );
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-19")),
            Money::ZERO
        );
        // Capped at 2% of the charge.
        assert_eq!(
            rule(5, 200).accrued(c, d("2026-11-20"), d("2027-11-20")),
            m("20.00")
        );
    }

    #[test]
    fn a_partial_payment_keeps_the_late_fee_accrued_before_it() {
        let c = charge(
            1,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "1000.00",
            "2026-11-15",
        );
        let mut p = entry(2, "2026-11-25", EntryKind::Payment, "497.00");
        p.applied = vec![Applied {
            charge: 1,
            amount: m("497.00"),
        }];
        let (st, _) = ledger(vec![c, p]).replay(ORDER);
        let c = st.charge(1).unwrap();
        let r = rule(5, 0);
        // Through the 25th (the payment's day is still a day late): 6 x 0.50.
        assert_eq!(r.accrued(c, d("2026-11-20"), d("2026-11-25")), m("3.00"));
        // Then 5 days on 503.00: 5 x 0.2515 = 1.2575; 3.00 + 1.2575 = 4.2575 -> 4.26.
        assert_eq!(r.accrued(c, d("2026-11-20"), d("2026-11-30")), m("4.26"));
        // A payment before the start counts from the start.
        assert_eq!(r.accrued(c, d("2026-11-26"), d("2026-11-30")), m("1.26"));
    }

    #[test]
    fn aging_puts_each_overdue_charge_in_its_bucket() {
        let l = ledger(vec![
            charge(
                1,
                "2026-07-01",
                ChargeItem::PropertyFee,
                "400.00",
                "2026-07-15",
            ),
            charge(
                2,
                "2026-08-20",
                ChargeItem::PropertyFee,
                "300.00",
                "2026-09-01",
            ),
            charge(
                3,
                "2026-09-01",
                ChargeItem::PropertyFee,
                "200.00",
                "2026-09-24",
            ),
            charge(
                4,
                "2026-10-01",
                ChargeItem::PropertyFee,
                "100.00",
                "2026-10-24",
            ),
            charge(
                5,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "50.00",
                "2026-11-23",
            ),
        ]);
        let (st, _) = l.replay(ORDER);
        // On 2026-11-23: 131, 83, 60 and 30 days overdue; the last is due today.
        assert_eq!(
            aging(&st, d("2026-11-23")),
            [m("100.00"), m("200.00"), m("300.00"), m("400.00")]
        );
        assert_eq!(st.overdue_total(d("2026-11-23")), m("1000.00"));
        assert_eq!(st.oldest_overdue(d("2026-11-23")), Some(d("2026-07-15")));
    }
}
