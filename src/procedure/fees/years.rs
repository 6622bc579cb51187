//! Books per year: a unit's ledger is kept per calendar year, and each year's book opens
//! with what the year before carried forward ([`Opening`]). This module closes a book
//! into the next one's opening ([`closing`], [`open_for`]) and splits a ledger of the
//! one-file layout into year books ([`split`], for `propdesk migrate`).
//!
//! What is carried is exactly what the replay of the book leaves at its close, so the
//! replay of the next book, started from the opening, leaves every charge, credit and
//! deposit as the replay of the years together would, and a late fee computed from it
//! is the same to the cent:
//! - each charge still open, with what cleared it so far (the late fee is reckoned day
//!   by day from that) and the late fees posted on it before;
//! - each charge whose late fees are due but not yet posted (posted at the next bill
//!   run or payment, as they would have been);
//! - the charges of the book's last two months, open or not, which a move-out settled
//!   in the new year may still credit (冲减);
//! - the late fees still owed on each charge, as one line numbered after the latest;
//! - each deposit kind's totals, and the credit paid in advance.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::model::ledger::{
    CarriedCredit, CarriedDeposit, CarriedLateFees, Charge, Cleared, Ledger, OpenCharge, Opening,
    State,
};
use crate::model::locale::Locale;
use crate::model::money::Money;

use super::accounts::Books;
use super::late;
use super::steps;
use crate::procedure::Refused;

/// The last day of `year`.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// What `ledger` carries into the next year's book.
pub fn closing(books: &Books, ledger: &Ledger) -> Result<Opening, Refused> {
    let state = steps::replay(books, ledger)?;
    Ok(closing_of(books, ledger, &state))
}

/// What `ledger` carries into the next year's book, from its replay `state` (one that
/// replays without a problem).
pub fn closing_of(books: &Books, ledger: &Ledger, state: &State) -> Opening {
    close(books, state, ledger.year, ledger.next_no())
}

/// The book for `year`: `ledger` itself if it is that year's (or a later one), else a
/// new book opening with what `ledger` carries forward. Nothing is written: the new
/// book is saved by the first command that posts to it.
pub fn open_for(books: &Books, ledger: Ledger, year: i32) -> Result<Ledger, Refused> {
    if ledger.year >= year {
        return Ok(ledger);
    }
    let opening = closing(books, &ledger)?;
    Ok(Ledger {
        unit: ledger.unit,
        year,
        opening: Some(opening),
        entries: Vec::new(),
        posting_for: ledger.posting_for,
    })
}

/// A ledger of the one-file layout (every year in one file) as year books: entries go
/// to the year of their day (a payment recorded late, to the year it was recorded),
/// and each book after the first opens with what the one before carries forward.
pub fn split(books: &Books, whole: Ledger) -> Result<Vec<Ledger>, Refused> {
    let mut out: Vec<Ledger> = Vec::new();
    let unit = whole.unit.clone();
    for e in whole.entries {
        let year = e.recorded.unwrap_or(e.date).max(e.date).year();
        let same = out.last().is_some_and(|b| b.year >= year);
        if !same {
            let book = match out.last() {
                None => Ledger::new(&unit, year),
                Some(prev) => Ledger {
                    unit: unit.clone(),
                    year,
                    opening: Some(closing(books, prev)?),
                    entries: Vec::new(),
                    posting_for: None,
                },
            };
            out.push(book);
        }
        if let Some(book) = out.last_mut() {
            book.entries.push(e);
        }
    }
    if out.is_empty() {
        out.push(Ledger::new(&unit, whole.year));
    }
    Ok(out)
}

/// The opening of the book after the one of `year` that `state` replays.
fn close(books: &Books, state: &State, year: i32, first_entry: u32) -> Opening {
    let end = year_end(year);
    let late_due: Vec<u32> = late::due(books, state, end).iter().map(|f| f.on).collect();
    let recent = format!("{year:04}-11");
    let mut charges = Vec::new();
    for c in state.charges.iter().filter(|c| !c.is_late_fee()) {
        let keep = c.outstanding.minor() > 0
            || late_due.contains(&c.no)
            || c.period.as_deref().is_some_and(|p| p >= recent.as_str());
        if keep {
            charges.push(carried(state, c));
        }
    }
    // The late fees still owed, one line per charge they are on.
    let mut owed: BTreeMap<(u32, Option<String>), Vec<&Charge>> = BTreeMap::new();
    for c in state.open().filter(|c| c.is_late_fee()) {
        let on = c.on.unwrap_or(c.no);
        owed.entry((on, c.party.clone())).or_default().push(c);
    }
    for ((on, _), fees) in owed {
        charges.push(late_line(books, state, on, &fees));
    }
    charges.sort_by_key(|c| c.no);
    Opening {
        first_entry,
        credits: state
            .credits
            .iter()
            .filter(|(_, m)| !m.is_zero())
            .map(|(party, amount)| CarriedCredit {
                party: party.clone(),
                amount: *amount,
            })
            .collect(),
        deposits: state
            .party_deposits
            .iter()
            .filter(|(_, t)| t.received.minor() != 0)
            .map(|((party, kind), t)| CarriedDeposit {
                deposit: *kind,
                party: party.clone(),
                received: t.received,
                refunded: t.refunded,
                applied: t.applied,
            })
            .collect(),
        charges,
    }
}

/// A charge as carried: what cleared it, day by day (marked when forgiven), and the
/// late fees posted on it so far.
fn carried(state: &State, c: &Charge) -> OpenCharge {
    let mut forgiven = c.forgiven.clone();
    let cleared = c
        .cleared
        .iter()
        .map(|&(date, amount)| {
            let was = forgiven.iter().position(|f| *f == (date, amount));
            if let Some(i) = was {
                forgiven.remove(i);
            }
            Cleared {
                date,
                amount,
                forgiven: was.is_some(),
            }
        })
        .collect();
    let (posted, through) = state.late_fees_on(c.no);
    OpenCharge {
        no: c.no,
        date: c.date,
        party: c.party.clone(),
        item: c.item,
        text: c.text.clone(),
        period: c.period.clone(),
        due: c.due,
        amount: c.amount,
        outstanding: c.outstanding,
        cleared,
        charge: None,
        through: None,
        reference: c.reference.clone(),
        late_fees: match (posted.minor() > 0, through) {
            (true, Some(through)) => Some(CarriedLateFees { posted, through }),
            _ => None,
        },
    }
}

/// The late fees still owed on charge `on`, as one line.
fn late_line(books: &Books, state: &State, on: u32, fees: &[&Charge]) -> OpenCharge {
    let latest = fees.iter().max_by_key(|c| c.no).copied().unwrap_or(fees[0]);
    let owed = Money::from_minor(fees.iter().map(|c| c.outstanding.minor()).sum());
    let through = fees.iter().filter_map(|c| c.through).max();
    let text = match fees {
        [one] => one.text.clone(),
        _ => {
            let what = state
                .charge(on)
                .map(|c| late::charge_words(c, books.locale()))
                .unwrap_or_else(|| on.to_string());
            let day = through.unwrap_or(latest.date);
            match books.locale() {
                Locale::ZhCn => format!(
                    "{what} 滞纳金 截至{}年{}月{}日 未缴{}笔",
                    day.year(),
                    day.month(),
                    day.day(),
                    fees.len()
                ),
                Locale::En => format!(
                    "Late fees on {what} to {}, {} unpaid",
                    day.format("%-d %b %Y"),
                    fees.len()
                ),
            }
        }
    };
    OpenCharge {
        no: latest.no,
        date: latest.date,
        party: latest.party.clone(),
        item: latest.item,
        text,
        period: None,
        due: fees.iter().map(|c| c.due).max().unwrap_or(latest.due),
        amount: owed,
        outstanding: owed,
        cleared: Vec::new(),
        charge: Some(on),
        through,
        reference: None,
        late_fees: None,
    }
}

/// Who occupied a unit when, as its move-ins and move-outs say: what a ledger from
/// before occupancies were kept needs to know whose each entry is.
#[derive(Debug, Clone, Default)]
pub struct Occupancies {
    /// Each move-in: its ID, the party, the day its fees start; in any order.
    pub moveins: Vec<(String, String, NaiveDate)>,
    /// Each move-out: its ID, the party leaving, the day it leaves.
    pub moveouts: Vec<(String, String, NaiveDate)>,
    /// The party billed today, for a unit no move-in was ever recorded for.
    pub billed: Option<String>,
}

impl Occupancies {
    /// Whose `e` is: the party of the move-in or move-out it refers to (`ref:`); else
    /// of the latest move-in whose fees started by its day (until the next move-in,
    /// so a settlement and refunds after a move-out stay the leaver's); else of the
    /// first move-out of a party whose move-in is not recorded (an occupant from before
    /// the records, who left later); for a unit with neither recorded, the party
    /// billed; else none (entries from before the first move-in recorded belong to no
    /// known occupancy).
    pub fn party_of(&self, e: &crate::model::ledger::LedgerEntry) -> Option<String> {
        if let Some(r) = e.reference.as_deref() {
            let by_ref = self
                .moveins
                .iter()
                .find(|(id, _, _)| id == r)
                .map(|(_, p, _)| p)
                .or_else(|| {
                    self.moveouts
                        .iter()
                        .find(|(id, _, _)| id == r)
                        .map(|(_, p, _)| p)
                });
            if let Some(p) = by_ref {
                return Some(p.clone());
            }
        }
        if self.moveins.is_empty() && self.moveouts.is_empty() {
            return self.billed.clone();
        }
        let moved_in = self
            .moveins
            .iter()
            .filter(|(_, _, from)| *from <= e.date)
            .max_by_key(|(id, _, from)| (*from, id.clone()))
            .map(|(_, p, _)| p.clone());
        moved_in.or_else(|| {
            self.moveouts
                .iter()
                .filter(|(_, p, _)| !self.moveins.iter().any(|(_, q, _)| q == p))
                .min_by_key(|(id, _, day)| (*day, id.clone()))
                .map(|(_, p, _)| p.clone())
        })
    }
}

/// A ledger of the one-file layout, `ledger/<UNIT>.yaml`: every year's entries in one
/// file, as propdesk kept them before books per year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneFile {
    pub unit: String,
    #[serde(default)]
    pub entries: Vec<crate::model::ledger::LedgerEntry>,
}

impl OneFile {
    /// Its year books (see [`split`]), each entry given its occupancy where it has
    /// none; a ledger with no entries becomes an empty book of `year`.
    pub fn books(
        mut self,
        books: &Books,
        year: i32,
        occupancies: &Occupancies,
    ) -> Result<Vec<Ledger>, Refused> {
        for e in &mut self.entries {
            if e.party.is_none() {
                e.party = occupancies.party_of(e);
            }
        }
        split(
            books,
            Ledger {
                unit: self.unit,
                year,
                opening: None,
                entries: self.entries,
                posting_for: None,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    //! Year books against one ledger of every year: the same entries, to the cent.

    use super::*;
    use crate::model::ledger::{ChargeItem, DepositKind};
    use crate::model::unit::Unit;
    use crate::testkit::{Office, clerk, d, m, payment};

    fn unit() -> Unit {
        Unit {
            fees_from: Some(d("2025-10-01")),
            ..crate::testkit::office_unit()
        }
    }

    /// What the desk does over two years and a half: a deposit, the month's bill on
    /// the 1st, payments that are late, short, or in advance, a waiver. `act` runs a
    /// step on the ledger for the day.
    fn history(mut act: impl FnMut(&str, &mut dyn FnMut(&mut Ledger, &str))) {
        let o = Office::new();
        let books = o.books();
        act("2025-10-01", &mut |l, day| {
            steps::receive_deposit(
                &books,
                l,
                clerk(day),
                DepositKind::Lease,
                m("7500.00"),
                None,
                None,
            )
            .unwrap();
        });
        let mut month = d("2025-10-01");
        let mut n = 0;
        while month <= d("2027-03-01") {
            let day = month.to_string();
            act(&day, &mut |l, day| {
                steps::bill(&books, l, &unit(), month, clerk(day)).unwrap();
            });
            // Paid: on time, late, short, not at all, in advance, by turns.
            let (when, amount) = match n % 5 {
                0 => (10, "2500.00"),
                1 => (28, "2500.00"),
                2 => (25, "1200.00"),
                3 => (0, ""),
                _ => (12, "6000.00"),
            };
            if when > 0 {
                let day = month.with_day(when).unwrap().to_string();
                act(&day, &mut |l, day| {
                    steps::pay(&books, l, clerk(day), payment(amount)).unwrap();
                });
            }
            if n == 14 {
                let day = month.with_day(20).unwrap().to_string();
                act(&day, &mut |l, day| {
                    steps::waive(&books, l, clerk(day), m("30.00"), None, "经理", "老客户")
                        .unwrap();
                });
            }
            month = month.checked_add_months(chrono::Months::new(1)).unwrap();
            n += 1;
        }
    }

    #[test]
    fn year_books_post_what_one_ledger_of_every_year_posts_to_the_cent() {
        let o = Office::new();
        let books = o.books();
        // One ledger of every year, as the one-file layout kept it.
        let mut whole = Ledger::new("A-1203", 2025);
        history(|day, step| {
            whole.year = d(day).year();
            step(&mut whole, day);
        });
        // Books per year, the new year's opened as the desk opens it.
        let mut closed: Vec<Ledger> = Vec::new();
        let mut open = Ledger::new("A-1203", 2025);
        history(|day, step| {
            let year = d(day).year();
            if year > open.year {
                let next = open_for(&books, open.clone(), year).unwrap();
                closed.push(std::mem::replace(&mut open, next));
            }
            step(&mut open, day);
        });
        assert_eq!(closed.len(), 2, "2025 and 2026 closed, 2027 open");
        let mut entries: Vec<_> = closed.iter().flat_map(|b| b.entries.clone()).collect();
        entries.extend(open.entries.clone());
        assert_eq!(
            entries, whole.entries,
            "the same entries, numbers and amounts"
        );
        assert!(
            whole
                .entries
                .iter()
                .any(|e| e.item == Some(ChargeItem::LateFee))
        );
        // What is owed now, and what accrues, is the same.
        let (a, b) = (
            steps::replay(&books, &whole).unwrap(),
            steps::replay(&books, &open).unwrap(),
        );
        assert_eq!(a.balance(), b.balance());
        assert_eq!(a.credit, b.credit);
        assert_eq!(a.deposits, b.deposits);
        let owed =
            |s: &State| -> Vec<(u32, Money)> { s.open().map(|c| (c.no, c.outstanding)).collect() };
        assert_eq!(owed(&a), owed(&b));
        assert!(!owed(&b).is_empty(), "something is still owed");
        for day in ["2027-03-20", "2027-06-30"] {
            assert_eq!(
                late::due(&books, &a, d(day)),
                late::due(&books, &b, d(day)),
                "{day}"
            );
        }
        // Each book opens with what the one before carries forward, and the split of
        // the whole ledger gives these very books.
        let split = split(&books, whole).unwrap();
        let mut all = closed.clone();
        all.push(open);
        assert_eq!(split, all);
        for pair in all.windows(2) {
            assert_eq!(
                pair[1].opening.as_ref(),
                Some(&closing(&books, &pair[0]).unwrap())
            );
        }
    }

    #[test]
    fn the_opening_carries_open_charges_late_fees_owed_as_one_line_deposits_and_credit() {
        let o = Office::new();
        let books = o.books();
        let mut l = Ledger::new("A-1203", 2026);
        steps::receive_deposit(
            &books,
            &mut l,
            clerk("2026-09-28"),
            DepositKind::Card,
            m("200.00"),
            None,
            None,
        )
        .unwrap();
        for month in ["2026-10-01", "2026-11-01"] {
            steps::bill(&books, &mut l, &unit(), d(month), clerk(month)).unwrap();
        }
        // October's fee paid late: its late fee is posted and paid, November's part.
        steps::pay(&books, &mut l, clerk("2026-11-25"), payment("2600.00")).unwrap();
        // December's bill posts November's late fee, which stays owed.
        let dec = "2026-12-01";
        steps::bill(&books, &mut l, &unit(), d(dec), clerk(dec)).unwrap();
        let o2 = closing(&books, &l).unwrap();
        assert_eq!(o2.first_entry, l.next_no());
        assert_eq!(o2.deposits[0].deposit, DepositKind::Card);
        assert_eq!(o2.deposits[0].received, m("200.00"));
        let lines: Vec<(u32, ChargeItem, Money)> = o2
            .charges
            .iter()
            .map(|c| (c.no, c.item, c.outstanding))
            .collect();
        // November's and December's fees are open; each line keeps what cleared it.
        assert!(
            lines.iter().any(|(_, i, _)| *i == ChargeItem::PropertyFee),
            "{lines:?}"
        );
        let state = steps::replay(&books, &l).unwrap();
        let owed: i64 = state.open().map(|c| c.outstanding.minor()).sum();
        let carried: i64 = o2.charges.iter().map(|c| c.outstanding.minor()).sum();
        assert_eq!(owed, carried, "everything owed is carried");
        assert!(
            o2.charges
                .iter()
                .any(|c| c.item == ChargeItem::LateFee && c.charge.is_some()),
            "November's late fee is carried: {lines:?}"
        );
        for c in state.open().filter(|c| c.is_late_fee()) {
            let line = o2.charges.iter().find(|x| x.charge == c.on).unwrap();
            assert!(line.outstanding >= c.outstanding);
        }
        // The book opened from it replays to the same balance and deposits.
        let next = open_for(&books, l.clone(), 2027).unwrap();
        let st = steps::replay(&books, &next).unwrap();
        assert_eq!(st.balance(), state.balance());
        assert_eq!(st.deposits_held(), m("200.00"));
        assert_eq!(next.next_no(), l.next_no());
        // The new book takes no entry of another year, and money received in the
        // closed year is refused, naming it.
        let mut next = next;
        let e = steps::pay(&books, &mut next, clerk("2026-12-30"), payment("1.00")).unwrap_err();
        assert!(
            matches!(e, Refused::Fees(steps::Refusal::OtherYear { .. })),
            "{e:?}"
        );
        let mut late = payment("100.00");
        late.received = Some(d("2026-12-30"));
        let e = steps::pay(&books, &mut next, clerk("2027-01-04"), late).unwrap_err();
        assert!(
            matches!(
                e,
                Refused::Fees(steps::Refusal::BooksClosed { year: 2026, .. })
            ),
            "{e:?}"
        );
    }

    #[test]
    fn a_one_file_ledger_is_given_each_occupancy_by_the_move_ins_and_move_outs() {
        let occ = Occupancies {
            moveins: vec![
                ("MI-2".into(), "P-KITE".into(), d("2026-11-25")),
                ("MI-1".into(), "P-FINCH".into(), d("2026-10-01")),
            ],
            moveouts: vec![
                ("MO-1".into(), "P-FINCH".into(), d("2026-11-20")),
                ("MO-0".into(), "P-WREN".into(), d("2026-08-31")),
            ],
            billed: Some("P-OWNER".into()),
        };
        let entry = |date: &str, reference: Option<&str>| {
            let mut e = crate::model::ledger::fixtures::entry(
                1,
                date,
                crate::model::ledger::EntryKind::Payment,
                "1.00",
            );
            e.reference = reference.map(str::to_string);
            e
        };
        let of = |date, r| occ.party_of(&entry(date, r));
        // Before any move-in recorded: the tenant from before the records, who left.
        assert_eq!(of("2026-08-01", None).as_deref(), Some("P-WREN"));
        assert_eq!(of("2026-09-30", None).as_deref(), Some("P-WREN"));
        assert_eq!(of("2026-10-01", None).as_deref(), Some("P-FINCH"));
        // After Blue Finch left, until Red Kite's fees start: still Blue Finch's.
        assert_eq!(of("2026-11-22", None).as_deref(), Some("P-FINCH"));
        assert_eq!(of("2026-11-25", None).as_deref(), Some("P-KITE"));
        // A settlement's entries name the move-out: the leaver's, whatever the day.
        assert_eq!(of("2026-11-30", Some("MO-1")).as_deref(), Some("P-FINCH"));
        assert_eq!(of("2026-11-24", Some("MI-2")).as_deref(), Some("P-KITE"));
        // A unit no move-in was recorded for: the party billed.
        let none = Occupancies {
            billed: Some("P-OWNER".into()),
            ..Occupancies::default()
        };
        assert_eq!(
            none.party_of(&entry("2026-11-01", None)).as_deref(),
            Some("P-OWNER")
        );
    }

    #[test]
    fn a_unit_that_never_pays_for_ten_years_keeps_every_book_far_below_the_size_cap() {
        let o = Office::new();
        let books = o.books();
        let unit = Unit {
            fees_from: Some(d("2017-01-01")),
            ..crate::testkit::office_unit()
        };
        let mut book = Ledger::new("A-1203", 2017);
        let mut largest = 0;
        let mut month = d("2017-01-01");
        while month <= d("2026-12-01") {
            if month.year() > book.year {
                let text = crate::store::record_text(&book).unwrap();
                largest = largest.max(text.len());
                book = open_for(&books, book, month.year()).unwrap();
            }
            let day = month.to_string();
            steps::bill(&books, &mut book, &unit, month, clerk(&day)).unwrap();
            month = month.checked_add_months(chrono::Months::new(1)).unwrap();
        }
        let text = crate::store::record_text(&book).unwrap();
        largest = largest.max(text.len());
        // The tenth year's book: 120 charges open, a late fee posted on each at every
        // bill run; what the years before carried is one line per charge.
        let opening = book.opening.as_ref().unwrap();
        assert_eq!(
            opening.charges.iter().filter(|c| !c.is_late()).count(),
            108,
            "nine years of monthly fees carried"
        );
        assert!(
            largest < crate::store::txn::WRITE_LIMIT_BYTES as usize * 2 / 3,
            "the largest book is {largest} bytes"
        );
    }
}
