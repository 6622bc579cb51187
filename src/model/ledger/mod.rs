//! The unit ledger (台账): every charge, payment and deposit of one unit, oldest
//! first, kept in books of one calendar year, `ledger/<UNIT>/<YYYY>.yaml`. Entries are
//! appended and never rewritten; their numbers run on from year to year.
//!
//! A year's book opens with what the year before carried forward ([`Opening`]): each
//! charge still open (with what cleared it so far, so late fees stay exact to the cent,
//! and the late fees posted on it before), the late fees still owed on each charge as
//! one line, each deposit kind's totals, and any credit. The replay of a book starts
//! from its opening, so what a command does today never reads the years before.
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
//!
//! This file holds the entries; [`replay`] the replay and the state it leaves;
//! [`late_fees`] the late fees reckoned from it and the arrears by age.

pub mod late_fees;
pub mod replay;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::money::Money;
use crate::model::record::Record;

pub use late_fees::{LateFeeRule, aging, late_fees_posted};
pub use replay::{Charge, DepositTotals, LedgerProblem, State};

/// One year's book of a unit's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// The unit number, `A-1203`; the book is `ledger/<unit>/<year>.yaml`.
    pub unit: String,
    /// The calendar year the book keeps: its entries are dated in it (a payment
    /// recorded late keeps the day the money arrived).
    pub year: i32,
    /// What the year before carried forward; none in the unit's first book.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<Opening>,
    #[serde(default)]
    pub entries: Vec<LedgerEntry>,
    /// The occupancy new entries belong to: the party billed (the unit's occupant,
    /// else its owner), or the party a step acts for (a move-out's leaving occupant).
    /// Set by whoever loads the book to post to it; never written.
    #[serde(skip)]
    pub posting_for: Option<String>,
}

impl Record for Ledger {
    const DIR: &'static str = "ledger";
    const WHAT: &'static str = "ledger";
    fn id(&self) -> &str {
        &self.unit
    }
    /// `ledger/<unit>/<year>.yaml`.
    fn path(&self) -> std::path::PathBuf {
        book_path(&self.unit, self.year)
    }
}

/// Where the book of `unit` for `year` is kept.
pub fn book_path(unit: &str, year: i32) -> std::path::PathBuf {
    std::path::Path::new(Ledger::DIR)
        .join(unit)
        .join(format!("{year:04}.yaml"))
}

fn is_zero(m: &Money) -> bool {
    m.is_zero()
}

/// What a year's book carries forward from the year before: exactly what the replay
/// of that year's book leaves at its close (see `procedure::fees::years`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// The number of the book's first entry: numbers run on from the year before.
    #[serde(rename = "first-entry")]
    pub first_entry: u32,
    /// Paid in advance and not yet used by a charge, per occupancy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CarriedCredit>,
    /// Each deposit kind's totals so far, per occupancy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposits: Vec<CarriedDeposit>,
    /// The charges carried: those still open, those late fees are still due on, and
    /// the last months' (a move-out settled in the new year may credit them); and, per
    /// charge, the late fees still owed on it as one line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<OpenCharge>,
}

/// Money paid in advance by an occupancy, carried forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedCredit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub amount: Money,
}

/// A deposit kind's movements of an occupancy, carried forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedDeposit {
    pub deposit: DepositKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub received: Money,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub refunded: Money,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub applied: Money,
}

/// A charge carried into a year's book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenCharge {
    /// The charge's entry number (of the late fees carried as one line: the latest).
    #[serde(rename = "entry")]
    pub no: u32,
    pub date: NaiveDate,
    pub item: ChargeItem,
    #[serde(rename = "for")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub due: NaiveDate,
    pub amount: Money,
    pub outstanding: Money,
    /// What cleared it so far, by day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleared: Vec<Cleared>,
    /// Late fees carried as one line: the charge they are on, the last day they cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<NaiveDate>,
    /// The record it was charged for (`ref:` of the entry).
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The occupancy it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// A charge: the late fees posted on it in the years before, and the last day
    /// they cover.
    #[serde(rename = "late-fees", default, skip_serializing_if = "Option::is_none")]
    pub late_fees: Option<CarriedLateFees>,
}

impl OpenCharge {
    /// Late fees carried as one line.
    pub fn is_late(&self) -> bool {
        self.item == ChargeItem::LateFee
    }
}

/// Part of a carried charge cleared on a day; `forgiven` when a waiver or a credit
/// (冲减) cleared it rather than money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cleared {
    pub date: NaiveDate,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forgiven: bool,
}

/// The late fees posted on a charge in the years before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedLateFees {
    pub posted: Money,
    pub through: NaiveDate,
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
    /// A late fee: the first day it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// A late fee: the last day it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<NaiveDate>,
    /// A payment recorded after later entries (`pay --received DATE`): the day it was
    /// recorded; its `date` is the day the money arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<NaiveDate>,
    /// A late fee credited back: the payment recorded late that it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<u32>,
    /// How money came in or went out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PayMethod>,
    /// Receipt or voucher number.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Money received: the number of the receipt the desk issued for it
    /// (`SJ-20261123-A-1203-7`, see `procedure::fees::receipts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// Money received: who paid, as the receipt names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
    /// Who approved a waiver or an adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A credit: the charges it cleared, and how much of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applied: Vec<Applied>,
    /// The occupancy it belongs to: the party billed when it was posted (the
    /// occupant, else the owner), or the party a step acted for. Credits of one
    /// occupancy clear only its charges. None in ledgers from before occupancies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
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

impl Ledger {
    /// A unit's first book, for `year`.
    pub fn new(unit: &str, year: i32) -> Ledger {
        Ledger {
            unit: unit.to_string(),
            year,
            opening: None,
            entries: Vec::new(),
            posting_for: None,
        }
    }

    /// The number of the book's first entry.
    pub fn first_no(&self) -> u32 {
        self.opening.as_ref().map_or(1, |o| o.first_entry)
    }

    /// The number of the next entry.
    pub fn next_no(&self) -> u32 {
        self.entries.last().map_or(self.first_no(), |e| e.no + 1)
    }

    /// The entry numbered `no` in this book.
    pub fn entry(&self, no: u32) -> Option<&LedgerEntry> {
        let i = no.checked_sub(self.first_no())? as usize;
        self.entries.get(i).filter(|e| e.no == no)
    }

    /// The entries of `party`'s occupancy (every entry for `None`; entries from before
    /// occupancies were kept count for every one), each with that occupancy's fee
    /// balance after it, from what the opening carried for it. `state` replays this
    /// book.
    pub fn statement_rows<'a>(
        &'a self,
        state: &State,
        party: Option<&str>,
    ) -> Vec<(&'a LedgerEntry, Money)> {
        let Some(p) = party else {
            return self
                .entries
                .iter()
                .zip(state.running.iter().copied())
                .collect();
        };
        let ours = |q: &Option<String>| q.is_none() || q.as_deref() == Some(p);
        let mut balance: i64 = 0;
        if let Some(o) = &self.opening {
            balance += o
                .charges
                .iter()
                .filter(|c| ours(&c.party))
                .map(|c| c.outstanding.minor())
                .sum::<i64>();
            balance -= o
                .credits
                .iter()
                .filter(|c| ours(&c.party))
                .map(|c| c.amount.minor())
                .sum::<i64>();
        }
        let mut out = Vec::new();
        for e in self.entries.iter().filter(|e| ours(&e.party)) {
            if e.kind.raises_balance() {
                balance += e.amount.minor();
            } else if e.kind.is_credit() {
                balance -= e.amount.minor();
            }
            out.push((e, Money::from_minor(balance)));
        }
        out
    }

    /// The first month a book after the first can bill: what its opening carries
    /// of the year before (its last two months) and later. None for a unit's first book.
    pub fn first_open_month(&self) -> Option<NaiveDate> {
        self.opening.as_ref()?;
        NaiveDate::from_ymd_opt(self.year - 1, 11, 1)
    }

    /// The first day of the book's year.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Entries out of date order: one dated before a day an earlier entry already
    /// has, unless it is a payment recorded late (`recorded:` on or after that day).
    /// And a late fee credited back (`payment:`) whose payment is not a payment
    /// recorded late. `check` reports them; money commands still replay the ledger.
    pub fn order_problems(&self) -> Vec<replay::LedgerProblem> {
        let mut out = Vec::new();
        let mut latest: Option<(NaiveDate, u32)> = None;
        for (index, e) in self.entries.iter().enumerate() {
            if let Some((day, no)) = latest
                && e.date < day
                && !(e.kind == EntryKind::Payment && e.recorded.is_some_and(|r| r >= day))
            {
                out.push(replay::LedgerProblem {
                    index,
                    field: "date",
                    message: format!(
                        "dated {}, before entry {no} of {day}: entries follow the days, \
                         except a payment recorded late with `recorded:` (`propdesk pay --received`)",
                        e.date
                    ),
                });
            }
            if let Some(p) = e.payment
                && !self.entries[..index]
                    .iter()
                    .any(|x| x.no == p && x.kind == EntryKind::Payment && x.recorded.is_some())
            {
                out.push(replay::LedgerProblem {
                    index,
                    field: "payment",
                    message: format!(
                        "credits back a late fee after payment {p}, which is not an earlier payment recorded late"
                    ),
                });
            }
            let day = e.recorded.unwrap_or(e.date).max(e.date);
            if latest.is_none_or(|(d, _)| day > d) {
                latest = Some((day, e.no));
            }
        }
        out
    }

    /// Whether a recurring `item` was already charged for `period`.
    pub fn has_period_charge(&self, item: ChargeItem, period: &str) -> bool {
        self.period_charges(item, period).next().is_some()
    }

    /// The recurring charges of `item` billing `period`: carried in the opening, or
    /// posted in this book.
    pub fn period_charges<'a>(
        &'a self,
        item: ChargeItem,
        period: &'a str,
    ) -> impl Iterator<Item = ChargeLine<'a>> + 'a {
        self.charge_lines().filter(move |c| {
            c.kind == EntryKind::Charge && c.item == item && c.period == Some(period)
        })
    }

    /// Every charge and adjustment of the book: those carried in its opening, then
    /// those posted in it.
    pub fn charge_lines(&self) -> impl Iterator<Item = ChargeLine<'_>> + '_ {
        let carried = self
            .opening
            .iter()
            .flat_map(|o| o.charges.iter())
            .map(|c| ChargeLine {
                no: c.no,
                kind: EntryKind::Charge,
                item: c.item,
                period: c.period.as_deref(),
                amount: c.amount,
                text: &c.text,
                reference: c.reference.as_deref(),
            });
        let posted = self.entries.iter().filter_map(|e| {
            Some(ChargeLine {
                no: e.no,
                kind: e.kind,
                item: e.item.filter(|_| e.kind.is_debit())?,
                period: e.period.as_deref(),
                amount: e.amount,
                text: &e.text,
                reference: e.reference.as_deref(),
            })
        });
        carried.chain(posted)
    }
}

/// A charge of a book, carried or posted (see [`Ledger::charge_lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeLine<'a> {
    pub no: u32,
    pub kind: EntryKind,
    pub item: ChargeItem,
    pub period: Option<&'a str>,
    pub amount: Money,
    pub text: &'a str,
    pub reference: Option<&'a str>,
}

pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Entries and ledgers written in a line, for the tests of the replay and late fees.

    use super::*;

    pub fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    pub fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    pub fn entry(no: u32, date: &str, kind: EntryKind, amount: &str) -> LedgerEntry {
        LedgerEntry {
            no,
            date: d(date),
            kind,
            party: None,
            item: None,
            deposit: None,
            amount: m(amount),
            text: "x".into(),
            period: None,
            due: None,
            charge: None,
            from: None,
            through: None,
            recorded: None,
            payment: None,
            method: None,
            reference: None,
            receipt: None,
            payer: None,
            approver: None,
            reason: None,
            applied: Vec::new(),
            by: "t".into(),
            at: "2026-11-01T09:00:00+08:00".parse().unwrap(),
        }
    }

    pub fn charge(no: u32, date: &str, item: ChargeItem, amount: &str, due: &str) -> LedgerEntry {
        let mut e = entry(no, date, EntryKind::Charge, amount);
        e.item = Some(item);
        e.due = Some(d(due));
        e
    }

    pub fn ledger(entries: Vec<LedgerEntry>) -> Ledger {
        Ledger {
            unit: "A-1203".into(),
            year: 2026,
            opening: None,
            entries,
            posting_for: None,
        }
    }

    pub const ORDER: &[ChargeItem] = &[ChargeItem::LateFee, ChargeItem::Fine];
}
