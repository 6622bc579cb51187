//! The settlement statement (费用结算说明, step 8) as the move-out keeps it: the
//! deposits held, the credit, every charge still owed by section, the deposits applied,
//! and the refund or what is still owed; and the refund once paid. [`super::settle`]
//! makes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::ledger::DepositKind;
use crate::model::money::Money;

/// The settlement statement (费用结算说明) as settled: deposits held, less everything
/// owed, gives the refund or what is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    pub date: NaiveDate,
    /// The day the unit was accepted back: the refund deadline counts from it.
    pub accepted: NaiveDate,
    /// Fees are billed through this day.
    pub billed_through: NaiveDate,
    /// Deposits held before settling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposits: Vec<Held>,
    /// Paid in advance and unused.
    pub credit: Money,
    /// Every charge still owed, by section; first the billing put right to the
    /// move-out date (section billing: charges added, credits negative), shown only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    /// Deposits applied to what was owed.
    #[serde(default)]
    pub applied: Money,
    /// What the office pays back (deposits left and credit).
    pub refund: Money,
    /// What the party still owes.
    pub owed: Money,
    /// The refund falls due on this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_due: Option<NaiveDate>,
    /// The ledger entries the settlement posted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<u32>,
}

/// A deposit held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Held {
    pub kind: DepositKind,
    pub amount: Money,
}

/// The sections of the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Fees and other charges outstanding.
    Fees,
    /// The final energy charges.
    Energy,
    Damage,
    Restoration,
    /// A billing correction (shown, already in the fees).
    Billing,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Fees,
        Section::Energy,
        Section::Damage,
        Section::Restoration,
        Section::Billing,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Fees => "fees",
            Section::Energy => "energy",
            Section::Damage => "damage",
            Section::Restoration => "restoration",
            Section::Billing => "billing",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Section::Fees => "欠缴费用",
            Section::Energy => "能源费结算",
            Section::Damage => "损坏赔偿",
            Section::Restoration => "恢复原状费用",
            Section::Billing => "计费调整",
        }
    }
}

named_enum!(Section, "statement section");

/// A statement line: a ledger entry, what it charged and what of it is still owed
/// (for billing: charged or credited, credits negative, and nothing owed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub section: Section,
    pub entry: u32,
    pub text: String,
    pub charged: Money,
    /// Still owed: what the deposits and credit are netted against.
    pub amount: Money,
}

impl Settlement {
    pub fn held(&self) -> Money {
        Money::from_minor(self.deposits.iter().map(|d| d.amount.minor()).sum())
    }

    /// What is owed in one section.
    pub fn total(&self, section: Section) -> Money {
        Money::from_minor(
            self.lines
                .iter()
                .filter(|l| l.section == section)
                .map(|l| l.amount.minor())
                .sum(),
        )
    }

    /// Everything owed.
    pub fn owed_total(&self) -> Money {
        Money::from_minor(
            self.lines
                .iter()
                .filter(|l| l.section != Section::Billing)
                .map(|l| l.amount.minor())
                .sum(),
        )
    }

    /// Deposits and credit less everything owed: positive a refund, negative owed.
    pub fn net(&self) -> Money {
        Money::from_minor(self.held().minor() + self.credit.minor() - self.owed_total().minor())
    }
}

/// The refund paid (退还押金).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    pub date: NaiveDate,
    pub amount: Money,
    pub entries: Vec<u32>,
}
