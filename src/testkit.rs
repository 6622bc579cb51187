//! Fixtures shared by the library's unit tests: dates and amounts from text, an
//! office's books on the default rules, and a clerk at the desk.

use chrono::NaiveDate;

use crate::procedure::Act;

use crate::config::Config;
use crate::model::calendar::{Calendar, CalendarRules};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::{Area, Unit, UnitStatus, UnitUse};
use crate::procedure::fees::accounts::Books;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn m(s: &str) -> Money {
    s.parse().unwrap()
}

/// An office "T" on the default rules, in English.
pub struct Office {
    pub config: Config,
    pub calendar: Calendar,
}

impl Office {
    pub fn new() -> Office {
        Office {
            config: Config::new("T", Locale::En),
            calendar: Calendar::new(&CalendarRules::default()).unwrap(),
        }
    }

    pub fn books(&self) -> Books<'_> {
        self.config.books(&self.calendar)
    }
}

/// A payment of `amount` by transfer, for no charge in particular.
pub fn payment(amount: &str) -> crate::procedure::fees::accounts::NewPayment {
    crate::procedure::fees::accounts::NewPayment {
        amount: m(amount),
        targets: Vec::new(),
        method: Some(crate::model::ledger::PayMethod::Transfer),
        reference: None,
        received: None,
    }
}

/// "clerk" at the desk on `day` (stamped 2026-11-01 09:00).
pub fn clerk(day: &str) -> Act<'static> {
    Act {
        by: "clerk",
        at: "2026-11-01T09:00:00+08:00".parse().unwrap(),
        today: d(day),
    }
}

/// Office unit A-1203 of 100 m², owned by P-1 and let to P-2, fees from 2026-10-01
/// (2,500.00 a month at the default 25.00 per m²).
pub fn office_unit() -> Unit {
    Unit {
        id: "A-1203".into(),
        building: "A".into(),
        floor: 12,
        area: "100.00".parse::<Area>().unwrap(),
        usage: UnitUse::Office,
        owner: Some("P-1".into()),
        occupant: Some("P-2".into()),
        status: UnitStatus::Occupied,
        fees_from: Some(d("2026-10-01")),
        fees_until: None,
        note: None,
        history: Vec::new(),
    }
}
