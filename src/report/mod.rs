//! The month's figures from every procedure, for `propdesk report`: tickets (repairs
//! and on-time rates, callbacks and satisfaction against the targets, complaints,
//! special-service revenue), money (billing, payments, the collection rate, arrears
//! aging, collection cases), permits and passes, move-ins and move-outs, occupancy.
//!
//! [`month_report`] takes the loaded records, the settings, a month and the clock and
//! returns a [`Report`]; it reads no file and no clock. Each procedure's figures come
//! from the procedure's own code (`ticket stats`, `permit stats`, the ledger replay and
//! `dunning aging`'s buckets), so the report never disagrees with them.
//!
//! **The day counted to.** A month over by today is counted to its last day (the
//! tickets are judged as they stood at midnight ending it); this month is counted to
//! today. A month not begun yet is refused by the command.
//!
//! [`view`] turns a report into labelled rows (tables, CSV, the HTML page), [`svg`]
//! draws its charts and [`html`] renders the printable page.

pub mod html;
pub mod svg;
pub mod view;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Months, NaiveDate};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::model::calendar::Calendar;
use crate::model::history::Entry;
use crate::model::ledger::{self, Charge, ChargeItem, EntryKind, Ledger, State};
use crate::model::money::Money;
use crate::model::unit::{Unit, UnitStatus, UnitUse};
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::record::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::permit::stats::{self as permit_stats, PermitStats};
use crate::procedure::ticket::Ticket;
use crate::procedure::ticket::deadlines::Clocks;
use crate::procedure::ticket::stats::{self as ticket_stats, MonthStats, Rate};

/// Every record the report reads, loaded once.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    pub units: &'a [Unit],
    pub tickets: &'a [Ticket],
    pub permits: &'a [Permit],
    pub ledgers: &'a [Ledger],
    /// The ledgers' money figures already summed as they were read
    /// ([`ledger_billing`]); `ledgers` is then not read.
    pub billing: Option<&'a Billing>,
    pub cases: &'a [DunningCase],
    pub moveins: &'a [MoveIn],
    pub moveouts: &'a [MoveOut],
    /// The move-ins and move-outs completed after the month, already taken from them
    /// as they were read ([`Change::after`]); `moveins` and `moveouts` then hold only
    /// those that count in the month's figures.
    pub changes: Option<&'a [Change]>,
}

/// A move-in or move-out completed after the day the occupancy is counted to: the
/// first of them per unit tells whether the unit was occupied that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub unit: String,
    pub completed: NaiveDate,
    pub occupied_before: bool,
}

impl Change {
    pub fn after(
        day: NaiveDate,
        unit: &str,
        completed: Option<NaiveDate>,
        moving_out: bool,
    ) -> Option<Change> {
        completed.filter(|c| *c > day).map(|completed| Change {
            unit: unit.to_string(),
            completed,
            occupied_before: moving_out,
        })
    }

    pub fn of_movein(m: &MoveIn, day: NaiveDate) -> Option<Change> {
        Change::after(day, &m.unit, m.completed, false)
    }

    pub fn of_moveout(m: &MoveOut, day: NaiveDate) -> Option<Change> {
        Change::after(day, &m.unit, m.completed, true)
    }
}

/// Whether a record counts in the month's figures, decided one record at a time as
/// the records are read, so that ten years of them are not held at once. The test is
/// the record's figures alone against those of none: nothing here restates what is
/// counted. (What a move-in or move-out says of occupancy is kept as a [`Change`].)
pub mod counts {
    use super::*;

    pub fn permit(p: &Permit, period: Period, tz: Tz) -> bool {
        let stats = |p: &[Permit]| permit_stats::month_stats(p, period.month, period.today, tz);
        stats(std::slice::from_ref(p)) != stats(&[])
    }

    pub fn case(c: &DunningCase, period: Period, tz: Tz) -> bool {
        dunning_open(std::slice::from_ref(c), period.through(), tz).0 > 0
    }

    pub fn movein(m: &MoveIn, period: Period, tz: Tz) -> bool {
        moveins(std::slice::from_ref(m), period, tz) != MoveIns::default()
    }

    pub fn moveout(m: &MoveOut, period: Period) -> bool {
        moveouts(std::slice::from_ref(m), period) != MoveOuts::default()
    }
}

/// The month asked for and the clock.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// The month's first day.
    pub month: NaiveDate,
    /// Today in the office.
    pub today: NaiveDate,
    /// Now, with the office's offset.
    pub now: DateTime<FixedOffset>,
}

impl Period {
    /// The month's last day.
    pub fn last_day(&self) -> NaiveDate {
        self.month
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.month)
    }

    /// The day the figures are counted to: the month's last day, or today in a month
    /// not over yet.
    pub fn through(&self) -> NaiveDate {
        self.last_day().min(self.today)
    }

    /// Whether the month has begun by today.
    pub fn begun(&self) -> bool {
        self.month <= self.today
    }

    fn contains(&self, d: NaiveDate) -> bool {
        d >= self.month && d <= self.through()
    }
}

/// The month's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub office: String,
    pub currency: String,
    /// `2026-11`.
    pub month: String,
    /// The month's first day and the day counted to.
    pub from: NaiveDate,
    pub through: NaiveDate,
    /// The month is over: `through` is its last day.
    pub complete: bool,
    /// `ticket stats` of the month.
    pub tickets: MonthStats,
    pub billing: Billing,
    /// `permit stats` of the month.
    pub permits: PermitStats,
    pub moveins: MoveIns,
    pub moveouts: MoveOuts,
    pub occupancy: Occupancy,
}

/// A share of an amount: `part` of `whole`, in tenths of a percent (rounded half up;
/// none when the whole is not positive). Exact: no floating point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub part: Money,
    pub whole: Money,
    pub permille: Option<u32>,
}

impl Share {
    pub fn of(part: Money, whole: Money) -> Share {
        let permille = (whole.minor() > 0).then(|| {
            let (p, w) = (i128::from(part.minor().max(0)), i128::from(whole.minor()));
            let v = (p * 2000 + w) / (2 * w);
            u32::try_from(v).unwrap_or(u32::MAX)
        });
        Share {
            part,
            whole,
            permille,
        }
    }
}

/// Money of the month, from the unit ledgers and the collection cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Billing {
    /// Charges and adjustments posted in the month (by their date), late fees included.
    pub billed: Money,
    /// The same by item (`property-fee`, `parking`, ...); items with nothing left out.
    pub billed_by_item: BTreeMap<String, Money>,
    /// Late fees posted in the month (also in `billed`).
    pub late_fees: Money,
    /// Payments received in the month, and how many.
    pub payments: Money,
    pub payment_count: u32,
    /// Waivers (减免) and credits for days no longer owed (冲减) dated in the month.
    pub waived: Money,
    pub credited: Money,
    pub collection: Collection,
    pub arrears: Arrears,
    /// Units whose collection case was open at the day counted to.
    pub dunning_open: u32,
    pub dunning_units: Vec<String>,
}

/// The collection rate (收缴率) of the month's billing.
///
/// The charges counted are every charge and adjustment falling due in the month, up
/// to the day counted to, whatever month it bills, except late fees (a penalty, shown
/// apart). Of those: `charged` is their amount; `forgiven` what waivers and credits
/// (冲减) dated by the day counted to took off them; `due = charged - forgiven` is what
/// was owed; `collected` what payments, deposits applied and money paid in advance
/// cleared of them by the close of that day; `outstanding = due - collected`. The rate
/// is `collected / due`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub charges: u32,
    pub charged: Money,
    pub forgiven: Money,
    pub due: Money,
    pub collected: Money,
    pub outstanding: Money,
    pub rate: Share,
}

/// Arrears by age at the close of the day counted to, across all units: what
/// `dunning aging --date DAY` shows at the close of that day (a charge due that day is
/// not overdue yet; payments made that day count).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Arrears {
    pub days_0_30: Money,
    pub days_31_60: Money,
    pub days_61_90: Money,
    pub days_over_90: Money,
    pub total: Money,
    /// Units owing something overdue.
    pub units: u32,
}

impl Arrears {
    /// The buckets in order, as `dunning aging` shows them.
    pub fn buckets(&self) -> [Money; 4] {
        [
            self.days_0_30,
            self.days_31_60,
            self.days_61_90,
            self.days_over_90,
        ]
    }
}

/// Move-ins (入驻) of the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoveIns {
    /// Opened in the month (`movein new`: leasing's notice received).
    pub opened: u32,
    /// Completed in the month (the handover done), and their units.
    pub completed: u32,
    pub completed_units: Vec<String>,
    /// Opened by the day counted to and not completed by then.
    pub in_progress: u32,
}

/// Move-outs (退租) of the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoveOuts {
    /// Written notices dated in the month.
    pub notices: u32,
    /// Completed in the month (the unit handed back), and their units.
    pub completed: u32,
    pub completed_units: Vec<String>,
    /// Notice given by the day counted to and not completed by then.
    pub in_progress: u32,
    /// Deposit refunds paid in the month: how many and how much.
    pub refunds_paid: u32,
    pub refunded: Money,
    /// Refunds settled by the day counted to and not paid by then.
    pub refunds_due: u32,
    pub refunds_due_amount: Money,
}

/// Occupancy (出租率) at the day counted to.
///
/// A unit counts as occupied when the registry says `occupied`. For a past month the
/// registry's state is taken back over the move-ins and move-outs completed after the
/// day counted to: the first of them decides (a move-in completed later: not occupied
/// then; a move-out completed later: occupied then). Status edits by hand are not
/// taken back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Occupancy {
    pub units: u32,
    pub occupied: u32,
    pub rate: Rate,
    /// By use, uses without units left out.
    pub by_use: Vec<UseOccupancy>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UseOccupancy {
    #[serde(rename = "use")]
    pub usage: String,
    pub units: u32,
    pub occupied: u32,
    pub rate: Rate,
}

/// The figures of `period.month` from `records`.
///
/// Fails only on a ledger that cannot be replayed, naming its file and entry, as
/// `dunning aging` does.
pub fn month_report(
    records: &Records,
    config: &Config,
    calendar: &Calendar,
    period: Period,
) -> Result<Report> {
    let tz = config.timezone.0;
    let clocks = Clocks {
        rules: &config.ticket,
        calendar,
        tz,
        now: ticket_stats::judged_at(period.month, period.today, period.now, tz),
    };
    let tickets = ticket_stats::month_stats(records.tickets, period.month, &clocks);
    let permits = permit_stats::month_stats(records.permits, period.month, period.today, tz);
    let books = config.books(calendar);
    let mut billing = match records.billing {
        Some(b) => b.clone(),
        None => records
            .ledgers
            .par_iter()
            .map(|l| Ok(ledger_billing(l, &books.state(l)?, period)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .fold(Billing::default(), Billing::plus),
    }
    .finish();
    let (open, units) = dunning_open(records.cases, period.through(), tz);
    billing.dunning_open = open;
    billing.dunning_units = units;
    Ok(Report {
        office: config.name.clone(),
        currency: config.currency.0.clone(),
        month: period.month.format("%Y-%m").to_string(),
        from: period.month,
        through: period.through(),
        complete: period.through() == period.last_day(),
        tickets,
        billing,
        permits,
        moveins: moveins(records.moveins, period, tz),
        moveouts: moveouts(records.moveouts, period),
        occupancy: occupancy(records, period.through()),
    })
}

fn add(sum: &mut Money, m: Money) {
    *sum = Money::from_minor(sum.minor().saturating_add(m.minor()));
}

fn total(parts: impl Iterator<Item = Money>) -> Money {
    let mut s = Money::ZERO;
    for m in parts {
        add(&mut s, m);
    }
    s
}

fn by(parts: &[(NaiveDate, Money)], through: NaiveDate) -> Money {
    total(parts.iter().filter(|(d, _)| *d <= through).map(|(_, m)| *m))
}

/// One ledger's part of the month's money figures (`state` replays `ledger`); the
/// parts of every ledger add up with [`Billing::plus`] and [`Billing::finish`], so ten
/// years of ledgers are summed as they are read, never held at once.
pub fn ledger_billing(ledger: &Ledger, state: &State, period: Period) -> Billing {
    let through = period.through();
    let mut b = Billing::default();
    for e in &ledger.entries {
        if !period.contains(e.date) {
            continue;
        }
        match e.kind {
            EntryKind::Payment => {
                add(&mut b.payments, e.amount);
                b.payment_count += 1;
            }
            EntryKind::Waiver => add(&mut b.waived, e.amount),
            EntryKind::Credit => add(&mut b.credited, e.amount),
            _ => {}
        }
    }
    for c in &state.charges {
        if period.contains(c.date) {
            add(&mut b.billed, c.amount);
            add(
                b.billed_by_item
                    .entry(c.item.as_str().to_string())
                    .or_default(),
                c.amount,
            );
            if c.item == ChargeItem::LateFee {
                add(&mut b.late_fees, c.amount);
            }
        }
        if c.item != ChargeItem::LateFee && period.contains(c.due) {
            let forgiven = by(&c.forgiven, through);
            let paid = Money::from_minor(by(&c.cleared, through).minor() - forgiven.minor());
            b.collection.charges += 1;
            add(&mut b.collection.charged, c.amount);
            add(&mut b.collection.forgiven, forgiven);
            add(&mut b.collection.collected, paid);
        }
    }
    let [a, b1, c1, d] = ledger::aging(&as_of(state, through), through);
    b.arrears = Arrears {
        days_0_30: a,
        days_31_60: b1,
        days_61_90: c1,
        days_over_90: d,
        total: Money::ZERO,
        units: u32::from([a, b1, c1, d].iter().any(|m| m.minor() > 0)),
    };
    b
}

impl Billing {
    /// Adds another ledger's part (see [`ledger_billing`]).
    pub fn plus(mut self, o: Billing) -> Billing {
        for (sum, m) in [
            (&mut self.billed, o.billed),
            (&mut self.late_fees, o.late_fees),
            (&mut self.payments, o.payments),
            (&mut self.waived, o.waived),
            (&mut self.credited, o.credited),
            (&mut self.collection.charged, o.collection.charged),
            (&mut self.collection.forgiven, o.collection.forgiven),
            (&mut self.collection.collected, o.collection.collected),
            (&mut self.arrears.days_0_30, o.arrears.days_0_30),
            (&mut self.arrears.days_31_60, o.arrears.days_31_60),
            (&mut self.arrears.days_61_90, o.arrears.days_61_90),
            (&mut self.arrears.days_over_90, o.arrears.days_over_90),
        ] {
            add(sum, m);
        }
        for (item, m) in o.billed_by_item {
            add(self.billed_by_item.entry(item).or_default(), m);
        }
        self.payment_count += o.payment_count;
        self.collection.charges += o.collection.charges;
        self.arrears.units += o.arrears.units;
        self
    }

    /// The figures that follow from the sums: what was due and is outstanding, the
    /// collection rate, the arrears in total.
    pub fn finish(mut self) -> Billing {
        let c = &mut self.collection;
        c.due = Money::from_minor(c.charged.minor() - c.forgiven.minor());
        c.outstanding = Money::from_minor(c.due.minor() - c.collected.minor());
        c.rate = Share::of(c.collected, c.due);
        self.arrears.total = total(self.arrears.buckets().into_iter());
        self
    }
}

/// The ledger as it stood at the close of `day`: the charges posted by then, each with
/// only what cleared it by then, for [`ledger::aging`].
fn as_of(state: &State, day: NaiveDate) -> State {
    let charges: Vec<Charge> = state
        .charges
        .iter()
        .filter(|c| c.date <= day)
        .map(|c| {
            let cleared: Vec<(NaiveDate, Money)> = c
                .cleared
                .iter()
                .copied()
                .filter(|(d, _)| *d <= day)
                .collect();
            let paid = total(cleared.iter().map(|(_, m)| *m));
            Charge {
                outstanding: Money::from_minor(c.amount.minor() - paid.minor()),
                cleared,
                forgiven: c
                    .forgiven
                    .iter()
                    .copied()
                    .filter(|(d, _)| *d <= day)
                    .collect(),
                ..c.clone()
            }
        })
        .collect();
    State {
        charges,
        ..State::default()
    }
}

fn day_of(e: &Entry, tz: Tz) -> NaiveDate {
    e.at.with_timezone(&tz).date_naive()
}

/// The collection cases open at the close of `day`: the last of their opened,
/// reopened and closed events by then is an opening.
fn dunning_open(cases: &[DunningCase], day: NaiveDate, tz: Tz) -> (u32, Vec<String>) {
    let mut units: Vec<String> = cases
        .iter()
        .filter(|c| {
            c.history
                .iter()
                .filter(|e| matches!(e.event.as_str(), "opened" | "reopened" | "closed"))
                .rfind(|e| day_of(e, tz) <= day)
                .is_some_and(|e| e.event != "closed")
        })
        .map(|c| c.unit.clone())
        .collect();
    units.sort_by(|a, b| crate::model::ids::natural_cmp(a, b));
    (u32::try_from(units.len()).unwrap_or(u32::MAX), units)
}

fn sorted(mut units: Vec<String>) -> Vec<String> {
    units.sort_by(|a, b| crate::model::ids::natural_cmp(a, b));
    units
}

fn moveins(records: &[MoveIn], period: Period, tz: Tz) -> MoveIns {
    let through = period.through();
    let mut m = MoveIns::default();
    let mut done = Vec::new();
    for r in records {
        let opened = r.history.first().map(|e| day_of(e, tz));
        if opened.is_some_and(|d| period.contains(d)) {
            m.opened += 1;
        }
        if let Some(c) = r.completed
            && period.contains(c)
        {
            done.push(r.unit.clone());
        }
        if opened.is_some_and(|d| d <= through) && r.completed.is_none_or(|c| c > through) {
            m.in_progress += 1;
        }
    }
    m.completed = u32::try_from(done.len()).unwrap_or(u32::MAX);
    m.completed_units = sorted(done);
    m
}

fn moveouts(records: &[MoveOut], period: Period) -> MoveOuts {
    let through = period.through();
    let mut m = MoveOuts::default();
    let mut done = Vec::new();
    for r in records {
        if period.contains(r.notice_date) {
            m.notices += 1;
        }
        if let Some(c) = r.completed
            && period.contains(c)
        {
            done.push(r.unit.clone());
        }
        if r.notice_date <= through && r.completed.is_none_or(|c| c > through) {
            m.in_progress += 1;
        }
        if let Some(f) = &r.refund
            && period.contains(f.date)
        {
            m.refunds_paid += 1;
            add(&mut m.refunded, f.amount);
        }
        if let Some(s) = &r.settlement
            && s.refund.minor() > 0
            && s.date <= through
            && r.refund.as_ref().is_none_or(|f| f.date > through)
        {
            m.refunds_due += 1;
            add(&mut m.refunds_due_amount, s.refund);
        }
    }
    m.completed = u32::try_from(done.len()).unwrap_or(u32::MAX);
    m.completed_units = sorted(done);
    m
}

fn occupancy(records: &Records, day: NaiveDate) -> Occupancy {
    let taken;
    let changes = match records.changes {
        Some(c) => c,
        None => {
            taken = records
                .moveins
                .iter()
                .filter_map(|m| Change::of_movein(m, day))
                .chain(
                    records
                        .moveouts
                        .iter()
                        .filter_map(|m| Change::of_moveout(m, day)),
                )
                .collect::<Vec<_>>();
            &taken
        }
    };
    // The first move-in or move-out completed after `day`, per unit: (day, occupied
    // before it).
    let mut later: BTreeMap<&str, (NaiveDate, bool)> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.completed > day) {
        let e = later
            .entry(c.unit.as_str())
            .or_insert((c.completed, c.occupied_before));
        if c.completed < e.0 {
            *e = (c.completed, c.occupied_before);
        }
    }
    let mut o = Occupancy::default();
    let mut uses: BTreeMap<UnitUse, (u32, u32)> = BTreeMap::new();
    for u in records.units {
        let occupied = match later.get(u.id.as_str()) {
            Some((_, was_occupied)) => *was_occupied,
            None => u.status == UnitStatus::Occupied,
        };
        o.units += 1;
        let e = uses.entry(u.usage).or_default();
        e.0 += 1;
        if occupied {
            o.occupied += 1;
            e.1 += 1;
        }
    }
    o.rate = Rate {
        num: o.occupied,
        den: o.units,
    };
    o.by_use = UnitUse::ALL
        .iter()
        .filter_map(|u| {
            uses.get(u).map(|(n, occ)| UseOccupancy {
                usage: u.as_str().to_string(),
                units: *n,
                occupied: *occ,
                rate: Rate { num: *occ, den: *n },
            })
        })
        .collect();
    o
}

#[cfg(test)]
mod tests;
