//! The ledger replayed: each charge's outstanding amount, day by day, the credit paid
//! in advance, the deposits held and the running fee balance, from the entries alone;
//! and what in the entries cannot be replayed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::money::Money;

use super::{
    Applied, CarriedLateFees, ChargeItem, DepositKind, EntryKind, Ledger, LedgerEntry, Opening,
    parse_month,
};

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
    /// For a late fee: the charge it is on, and the last day it covers.
    pub on: Option<u32>,
    pub through: Option<NaiveDate>,
    /// What cleared it: (the credit's date, amount), in ledger order.
    pub cleared: Vec<(NaiveDate, Money)>,
    /// The part of `cleared` that was forgiven rather than paid: waivers (减免) and
    /// credits for days no longer owed (冲减), in ledger order.
    pub forgiven: Vec<(NaiveDate, Money)>,
    /// The record it was charged for (`ref:`).
    pub reference: Option<String>,
    /// The occupancy it belongs to.
    pub party: Option<String>,
    /// Carried from the year before (in the book's opening).
    pub carried: bool,
    /// The late fees posted on it in the years before.
    pub late_before: Option<CarriedLateFees>,
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
    /// Paid in advance and not yet used by a charge (every occupancy's).
    pub credit: Money,
    /// Deposits per kind (every occupancy's).
    pub deposits: BTreeMap<DepositKind, DepositTotals>,
    /// The credit of each occupancy (the party it belongs to; none before occupancies).
    pub credits: BTreeMap<Option<String>, Money>,
    /// The deposits of each occupancy, per kind.
    pub party_deposits: BTreeMap<(Option<String>, DepositKind), DepositTotals>,
    /// The fee balance after each entry (positive: owed), by entry index.
    pub running: Vec<Money>,
    /// The number of the book's first entry.
    pub first_no: u32,
    /// The fee balance the book opened with.
    pub opening_balance: Money,
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

    /// The state a book opens with: what the year before carried forward.
    pub fn opened(opening: Option<&Opening>) -> State {
        let Some(o) = opening else {
            return State {
                first_no: 1,
                ..State::default()
            };
        };
        let charges: Vec<Charge> = o
            .charges
            .iter()
            .map(|c| Charge {
                no: c.no,
                date: c.date,
                item: c.item,
                text: c.text.clone(),
                period: c.period.clone(),
                due: c.due,
                amount: c.amount,
                outstanding: c.outstanding,
                on: c.charge,
                through: c.through,
                cleared: c.cleared.iter().map(|x| (x.date, x.amount)).collect(),
                forgiven: c
                    .cleared
                    .iter()
                    .filter(|x| x.forgiven)
                    .map(|x| (x.date, x.amount))
                    .collect(),
                reference: c.reference.clone(),
                party: c.party.clone(),
                carried: true,
                late_before: c.late_fees,
            })
            .collect();
        let owed: i64 = charges.iter().map(|c| c.outstanding.minor()).sum();
        let mut st = State {
            charges,
            running: Vec::new(),
            first_no: o.first_entry,
            ..State::default()
        };
        for c in &o.credits {
            st.add_credit(c.party.as_deref(), c.amount.minor());
        }
        for d in &o.deposits {
            let t = DepositTotals {
                received: d.received,
                refunded: d.refunded,
                applied: d.applied,
            };
            st.party_deposits.insert((d.party.clone(), d.deposit), t);
            let all = st.deposits.entry(d.deposit).or_default();
            all.received = Money::from_minor(all.received.minor() + t.received.minor());
            all.refunded = Money::from_minor(all.refunded.minor() + t.refunded.minor());
            all.applied = Money::from_minor(all.applied.minor() + t.applied.minor());
        }
        st.opening_balance = Money::from_minor(owed - st.credit.minor());
        st
    }

    /// Adds to the credit of the occupancy of `party` (takes from it if negative).
    fn add_credit(&mut self, party: Option<&str>, minor: i64) {
        let c = self.credits.entry(party.map(str::to_string)).or_default();
        *c = Money::from_minor(c.minor() + minor);
        if c.is_zero() {
            self.credits.remove(&party.map(str::to_string));
        }
        self.credit = Money::from_minor(self.credit.minor() + minor);
    }

    /// The credit a charge or a payback of `party`'s occupancy may use: its own, and
    /// any from before occupancies were kept.
    pub fn credit_of(&self, party: Option<&str>) -> Money {
        match party {
            None => self.credits.get(&None).copied().unwrap_or_default(),
            Some(p) => Money::from_minor(
                self.credits
                    .get(&Some(p.to_string()))
                    .map_or(0, |m| m.minor())
                    + self.credits.get(&None).map_or(0, |m| m.minor()),
            ),
        }
    }

    /// Takes up to `minor` of the credit `party` may use (its own first): what it took.
    fn take_credit(&mut self, party: Option<&str>, minor: i64) -> i64 {
        let mut taken = 0;
        let sources = match party {
            Some(p) => vec![Some(p), None],
            None => vec![None],
        };
        for source in sources {
            let have = self
                .credits
                .get(&source.map(str::to_string))
                .map_or(0, |m| m.minor());
            let take = have.min(minor - taken).max(0);
            if take > 0 {
                self.add_credit(source, -take);
                taken += take;
            }
        }
        taken
    }

    /// Moves a deposit kind's totals of `party`'s occupancy (and the unit's).
    fn move_deposit(
        &mut self,
        party: Option<&str>,
        kind: DepositKind,
        f: impl Fn(&mut DepositTotals),
    ) {
        f(self.deposits.entry(kind).or_default());
        f(self
            .party_deposits
            .entry((party.map(str::to_string), kind))
            .or_default());
    }

    /// The ledger as one occupancy sees it: the charges of `party`'s occupancy (and
    /// any from before occupancies were kept), its credit and its deposits; the
    /// balance is what it owes less its credit. The whole unit for `None`.
    pub fn of_party(&self, party: Option<&str>) -> State {
        let Some(p) = party else {
            return self.clone();
        };
        let ours = |q: &Option<String>| q.is_none() || q.as_deref() == Some(p);
        let charges: Vec<Charge> = self
            .charges
            .iter()
            .filter(|c| ours(&c.party))
            .cloned()
            .collect();
        let mut deposits: BTreeMap<DepositKind, DepositTotals> = BTreeMap::new();
        let mut party_deposits = BTreeMap::new();
        for ((q, kind), t) in self.party_deposits.iter().filter(|((q, _), _)| ours(q)) {
            let all = deposits.entry(*kind).or_default();
            all.received = Money::from_minor(all.received.minor() + t.received.minor());
            all.refunded = Money::from_minor(all.refunded.minor() + t.refunded.minor());
            all.applied = Money::from_minor(all.applied.minor() + t.applied.minor());
            party_deposits.insert((q.clone(), *kind), *t);
        }
        let credits: BTreeMap<Option<String>, Money> = self
            .credits
            .iter()
            .filter(|(q, _)| ours(q))
            .map(|(q, m)| (q.clone(), *m))
            .collect();
        let credit = Money::from_minor(credits.values().map(|m| m.minor()).sum());
        let owed: i64 = charges.iter().map(|c| c.outstanding.minor()).sum();
        State {
            charges,
            credit,
            deposits,
            credits,
            party_deposits,
            running: Vec::new(),
            first_no: self.first_no,
            opening_balance: Money::from_minor(owed - credit.minor()),
        }
    }

    /// The occupancies with anything in the ledger, oldest first by their first charge,
    /// credit or deposit (none: entries from before occupancies were kept).
    pub fn parties(&self) -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = Vec::new();
        let all = self
            .charges
            .iter()
            .map(|c| &c.party)
            .chain(self.credits.keys())
            .chain(self.party_deposits.keys().map(|(p, _)| p));
        for p in all {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }

    /// The fee balance: what is owed, less what was paid in advance.
    pub fn balance(&self) -> Money {
        self.running.last().copied().unwrap_or(self.opening_balance)
    }

    /// The late fees posted on charge `no` (in this book and the years before), and
    /// the last day they cover.
    pub fn late_fees_on(&self, no: u32) -> (Money, Option<NaiveDate>) {
        let before = self.charge(no).and_then(|c| c.late_before);
        let mut posted = before.map_or(0, |b| b.posted.minor());
        let mut through = before.map(|b| b.through);
        for c in self
            .charges
            .iter()
            .filter(|c| c.is_late_fee() && !c.carried)
        {
            if c.on == Some(no) {
                posted += c.amount.minor();
                through = through.max(c.through);
            }
        }
        (Money::from_minor(posted), through)
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

    /// How a credit of `amount` would clear the open charges: the `targets` first, in
    /// their order, then by the clearing order (the listed items first, in that order; within a rank, the
    /// oldest due date first). Returns the parts and what is left over.
    pub fn allocate(
        &self,
        amount: Money,
        targets: &[u32],
        clearing: &[ChargeItem],
    ) -> (Vec<Applied>, Money) {
        self.allocate_for(None, amount, targets, clearing)
    }

    /// [`State::allocate`] for the occupancy of `party`: only its charges (and any
    /// from before occupancies were kept) are cleared, the `targets` whatever theirs.
    pub fn allocate_for(
        &self,
        party: Option<&str>,
        amount: Money,
        targets: &[u32],
        clearing: &[ChargeItem],
    ) -> (Vec<Applied>, Money) {
        let mut left = amount.minor();
        let mut parts = Vec::new();
        let ours = |c: &&Charge| {
            party.is_none()
                || c.party.is_none()
                || c.party.as_deref() == party
                || targets.contains(&c.no)
        };
        let mut order: Vec<&Charge> = self.open().filter(ours).collect();
        let first = |no: u32| {
            targets
                .iter()
                .position(|t| *t == no)
                .unwrap_or(targets.len())
        };
        order.sort_by_key(|c| (first(c.no), rank(c.item, clearing), c.due, c.no));
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
    /// Replays the entries; any entry that cannot be replayed is a problem (and is
    /// skipped, so one bad line does not hide the rest).
    pub fn replay(&self, clearing: &[ChargeItem]) -> (State, Vec<LedgerProblem>) {
        let mut st = State::opened(self.opening.as_ref());
        let mut problems = st.catch_up(self, clearing);
        for c in st.charges.iter().filter(|c| !c.carried) {
            if let Some(on) = c.on
                && st.charge(on).is_none_or(|t| t.is_late_fee())
            {
                let index = c.no.saturating_sub(st.first_no) as usize;
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

impl State {
    /// Replays the entries of `ledger` this state has not seen yet (those after the
    /// first `running.len()`), exactly as [`Ledger::replay`] would: a state kept in
    /// step with a ledger that only grows follows each new entry without replaying
    /// the years before it. Returns the problems of the new entries (a late fee's
    /// charge is checked by the whole replay only).
    pub fn catch_up(&mut self, ledger: &Ledger, clearing: &[ChargeItem]) -> Vec<LedgerProblem> {
        let st = self;
        let mut problems = Vec::new();
        let mut balance: i64 = st.balance().minor();
        let from = st.running.len();
        for (index, e) in ledger.entries.iter().enumerate().skip(from) {
            let mut problem = |field: &'static str, message: String| {
                problems.push(LedgerProblem {
                    index,
                    field,
                    message,
                })
            };
            let expected = st.first_no as usize + index;
            if e.no as usize != expected {
                problem(
                    "entry",
                    format!("entry number {} out of sequence: expected {expected}", e.no),
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
                        through: e.through,
                        cleared: Vec::new(),
                        forgiven: Vec::new(),
                        reference: e.reference.clone(),
                        party: e.party.clone(),
                        carried: false,
                        late_before: None,
                    };
                    // Money its occupancy paid in advance clears it.
                    let take = st.take_credit(e.party.as_deref(), e.amount.minor());
                    if take > 0 {
                        c.outstanding = Money::from_minor(c.outstanding.minor() - take);
                        c.cleared.push((e.date, Money::from_minor(take)));
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
                        let amount = e.amount.minor();
                        st.move_deposit(e.party.as_deref(), kind, |t| {
                            t.applied = Money::from_minor(t.applied.minor() + amount)
                        });
                        let t = st.deposits.entry(kind).or_default();
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
                    let (parts, rest) = st.allocate_for(
                        e.party.as_deref(),
                        Money::from_minor(left),
                        e.charge.as_slice(),
                        clearing,
                    );
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
                    st.add_credit(e.party.as_deref(), rest.minor());
                }
                EntryKind::CreditRefunded => {
                    balance += e.amount.minor();
                    let have = st.credit_of(e.party.as_deref());
                    if e.amount > have {
                        problem(
                            "amount",
                            format!(
                                "pays back {} paid in advance, more than the {} credit",
                                e.amount, have
                            ),
                        );
                    }
                    st.take_credit(e.party.as_deref(), e.amount.minor());
                }
                EntryKind::DepositReceived | EntryKind::DepositRefunded => {
                    if let Some(kind) = e.deposit {
                        let (amount, received) =
                            (e.amount.minor(), e.kind == EntryKind::DepositReceived);
                        st.move_deposit(e.party.as_deref(), kind, |t| match received {
                            true => t.received = Money::from_minor(t.received.minor() + amount),
                            false => t.refunded = Money::from_minor(t.refunded.minor() + amount),
                        });
                        let t = st.deposits.entry(kind).or_default();
                        if !received && t.held().is_negative() {
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
            st.running.push(Money::from_minor(balance));
        }
        problems
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
        if let (Some(from), Some(through)) = (e.from, e.through)
            && from > through
        {
            out.push((
                "from",
                format!(
                    "a late fee from {from} through {through}: the first day is after the last"
                ),
            ));
        }
    } else {
        forbid(e.through.is_some(), "through", &mut out);
        forbid(e.from.is_some(), "from", &mut out);
        if k.is_debit() {
            forbid(e.charge.is_some(), "charge", &mut out);
        }
    }
    if k != EntryKind::Payment {
        forbid(e.recorded.is_some(), "recorded", &mut out);
    }
    if k != EntryKind::Credit {
        forbid(e.payment.is_some(), "payment", &mut out);
    }
    if let Some(recorded) = e.recorded
        && recorded < e.date
    {
        out.push((
            "recorded",
            format!(
                "recorded on {recorded}, before the money arrived on {}",
                e.date
            ),
        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ledger::PayMethod;
    use crate::model::ledger::fixtures::*;

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
        let (parts, left) = st.allocate(m("1100.00"), &[], ORDER);
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
        let (parts, _) = st.allocate(m("500.00"), &[2], ORDER);
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
        let (parts, _) = st.allocate(m("50.00"), &[], &[]);
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

    #[test]
    fn catching_up_entry_by_entry_gives_the_whole_replay() {
        let mut late = charge(3, "2026-11-20", ChargeItem::LateFee, "12.00", "2026-11-20");
        late.charge = Some(2);
        late.through = Some(d("2026-11-20"));
        let mut rec = entry(5, "2026-11-21", EntryKind::DepositReceived, "300.00");
        rec.deposit = Some(DepositKind::Lease);
        let full = ledger(vec![
            entry(1, "2026-10-20", EntryKind::Payment, "1500.00"),
            charge(
                2,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-11-15",
            ),
            late,
            charge(
                4,
                "2026-12-01",
                ChargeItem::PropertyFee,
                "1000.00",
                "2026-12-15",
            ),
            rec,
        ]);
        let mut st = State::opened(None);
        let mut grown = ledger(Vec::new());
        for e in &full.entries {
            grown.entries.push(e.clone());
            assert!(st.catch_up(&grown, ORDER).is_empty());
            assert_eq!(st, grown.replay(ORDER).0);
        }
        assert!(
            st.catch_up(&grown, ORDER).is_empty(),
            "nothing new: nothing done"
        );
        assert_eq!(st, full.replay(ORDER).0);
    }
}
