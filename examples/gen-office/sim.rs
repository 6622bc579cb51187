//! One unit's history, simulated on a clock: the morning run (dunning at 07:40, the
//! month's bill on the 1st at 08:00), and every step of every procedure at the time it
//! happens, each made by the library's own step functions on the records in memory.
//! Nothing is read back from disk; each record is written once, at the end.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use chrono_tz::Tz;
use propdesk::config::Settings;
use propdesk::model::history::Entry;
use propdesk::model::ids::IdKind;
use propdesk::model::ledger::{Ledger, PayMethod, State};
use propdesk::model::money::Money;
use propdesk::model::party::{EmergencyContact, Party, PartyKind, Role};
use propdesk::model::unit::{Area, Unit, UnitStatus};
use propdesk::procedure::Act;
use propdesk::procedure::dunning::{self, Action, CaseStatus, Channel, DunningCase};
use propdesk::procedure::fees::accounts::{self, Books, NewPayment};
use propdesk::procedure::movein::MoveIn;
use propdesk::procedure::moveout::MoveOut;
use propdesk::procedure::permit::Permit;
use propdesk::procedure::ticket::Ticket;

use super::ids::Ids;
use super::layout::{Building, UnitSpec};
use super::names;
use super::rng::Rng;
use super::skeleton::Tenancy;

/// Who does what at the desk.
pub const FINANCE: &str = "财务部-孙会计";
pub const CRON: &str = "晨间任务";
pub const MANAGER: &str = "张经理";
pub const GM: &str = "赵总";
pub const ENGINEER: &str = "工程部-周主管";
pub const GUARD: &str = "保安部-刘队长";
const CLERKS: &[&str] = &["王敏", "李娜", "张静", "刘洋", "陈晨"];
pub const TECHNICIANS: &[&str] = &["李师傅", "周师傅", "赵师傅", "陈师傅", "吴师傅", "郑师傅"];

/// Everything the units share: the office's settings, the calendar, the estate.
pub struct World {
    pub settings: Settings,
    pub tz: Tz,
    pub seed: u64,
    pub start: NaiveDate,
    pub until: NaiveDate,
    /// The end of the history: the office's "now".
    pub now: NaiveDateTime,
    pub buildings: Vec<Building>,
    pub units: Vec<UnitSpec>,
    pub owners: Vec<Party>,
    pub unit_owner: Vec<usize>,
    pub contractors: Vec<String>,
    pub plans: Vec<Vec<Tenancy>>,
    pub forced: Vec<Vec<super::tickets::Forced>>,
    pub streams: u64,
}

/// What happens next, and to what.
#[derive(Debug, Clone)]
pub enum Ev {
    MoveIn(usize),
    MoveOut(usize),
    /// The tenancy pays everything open (or half of it).
    Pay(usize, bool),
    /// A departed occupant's debt: paid, or written off by the manager.
    Debt(usize),
    DunApprove,
    DunContact,
    DunSign,
    TicketArrival,
    /// The manager waives a late fee just posted (the entry and its amount).
    Waive(u32, Money),
    /// A complaint, inquiry or special service that came in out of hours: taken when
    /// the desk opens.
    TicketKind(propdesk::procedure::ticket::Kind),
    Ticket(usize),
    Forced(usize),
    Permit(usize),
    NewPermit(super::permits::Seed),
    Visit(usize),
    Reinspect(usize),
}

/// A tenancy as it runs.
#[derive(Debug, Clone, Default)]
pub struct Tn {
    pub party: String,
    pub party_name: String,
    /// Who signs for the party: the person, or a company's contact.
    pub signer: String,
    pub movein: Option<usize>,
    pub moveout: Option<usize>,
    pub stage_in: u32,
    pub stage_out: u32,
    pub cards: Option<usize>,
    pub parking: Option<usize>,
    pub exit_pass: Option<usize>,
    pub active: bool,
    pub ended: bool,
    /// Payments scheduled and not yet made: no second one for the same month.
    pub pay_pending: bool,
    pub overtime_ac: bool,
    pub retries: u32,
}

pub struct Sim<'w> {
    pub w: &'w World,
    pub idx: usize,
    pub rng: Rng,
    pub ids: Ids,
    pub unit: Unit,
    pub ledger: Ledger,
    /// The ledger replayed, when `dirty` is false.
    pub st: State,
    pub dirty: bool,
    /// The fee balance and the entries counted in it (kept without a replay).
    pub balance: i64,
    seen: usize,
    /// The earliest day anything can be overdue (never later than the truth).
    pub next_overdue: Option<NaiveDate>,
    pub case: Option<DunningCase>,
    /// Dunning steps whose notice was filed: (step index, day, unit as it was).
    pub notices: Vec<(usize, NaiveDate, Unit, DunningCase, usize)>,
    pub tickets: Vec<Ticket>,
    pub tplans: Vec<super::tickets::Plan>,
    pub moveins: Vec<MoveIn>,
    pub permits: Vec<Permit>,
    pub pplans: Vec<super::permits::Plan>,
    pub moveouts: Vec<MoveOut>,
    pub parties: Vec<Party>,
    pub tn: Vec<Tn>,
    pub cur: Option<usize>,
    /// Meter readings in thousandths (electricity, water, gas) and the day read.
    pub meters: [i64; 3],
    pub meters_day: NaiveDate,
    queue: BinaryHeap<Reverse<(NaiveDateTime, u64)>>,
    events: Vec<Option<Ev>>,
    cron_day: NaiveDate,
    cron_billed: bool,
    /// The time of what is happening now: nothing is scheduled before it.
    clock: NaiveDateTime,
    receipt: u32,
}

/// The office-local time `t` with its UTC offset.
pub fn at(w: &World, t: NaiveDateTime) -> DateTime<FixedOffset> {
    w.tz.from_local_datetime(&t)
        .earliest()
        .expect("a local time")
        .fixed_offset()
}

/// Who acts and when, for a case record's step.
pub fn pact<'a>(w: &World, by: &'a str, t: NaiveDateTime) -> propdesk::procedure::Act<'a> {
    propdesk::procedure::Act {
        by,
        at: at(w, t),
        today: t.date(),
    }
}

pub fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a time of day")
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new((-n) as u64)
    }
}

impl<'w> Sim<'w> {
    pub fn new(w: &'w World, idx: usize, unit: Unit) -> Sim<'w> {
        let id = unit.id.clone();
        Sim {
            w,
            idx,
            rng: Rng::stream(w.seed, idx as u64, 1),
            ids: Ids::new(w.seed, idx as u64, w.streams),
            unit,
            ledger: Ledger::new(&id),
            st: State::default(),
            dirty: false,
            balance: 0,
            seen: 0,
            next_overdue: None,
            case: None,
            notices: Vec::new(),
            tickets: Vec::new(),
            tplans: Vec::new(),
            moveins: Vec::new(),
            permits: Vec::new(),
            pplans: Vec::new(),
            moveouts: Vec::new(),
            parties: Vec::new(),
            tn: Vec::new(),
            cur: None,
            meters: [0; 3],
            meters_day: w.start,
            queue: BinaryHeap::new(),
            events: Vec::new(),
            cron_day: w.start + Days::new(1),
            cron_billed: false,
            clock: w.start.and_time(hm(0, 0)),
            receipt: 0,
        }
    }

    // ---- time -------------------------------------------------------------------

    pub fn at(&self, t: NaiveDateTime) -> DateTime<FixedOffset> {
        self.w
            .tz
            .from_local_datetime(&t)
            .earliest()
            .expect("a local time")
            .fixed_offset()
    }

    pub fn books(&self) -> Books<'w> {
        let w: &'w World = self.w;
        w.settings.config.books(&w.settings.calendar)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.w.settings.calendar.is_working_day(d)
    }

    /// `d` if it is a working day, else the next one.
    pub fn working_day(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) {
            d
        } else {
            self.w.settings.calendar.next_working_day(d)
        }
    }

    /// The `n`-th working day after `d`.
    pub fn add_working(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.w.settings.calendar.add_working_days(d, n)
    }

    /// A time during office hours on `d`, between `from` and `to` o'clock.
    pub fn time_on(&mut self, d: NaiveDate, from: u32, to: u32) -> NaiveDateTime {
        let minutes = self.rng.range(i64::from(from) * 60, i64::from(to) * 60 - 1);
        d.and_time(hm((minutes / 60) as u32, (minutes % 60) as u32))
    }

    /// The clerk on duty on `d`.
    pub fn desk(&self, d: NaiveDate) -> &'static str {
        let n = (d.num_days_from_ce() as usize + self.idx / 7) % CLERKS.len();
        CLERKS[n]
    }

    pub fn schedule(&mut self, t: NaiveDateTime, ev: Ev) {
        let t = if t < self.clock {
            // A day picked earlier in the month than today: today, a little later.
            self.clock + chrono::Duration::minutes(self.rng.range(10, 90))
        } else {
            t
        };
        let seq = self.events.len() as u64;
        self.events.push(Some(ev));
        self.queue.push(Reverse((t, seq)));
    }

    fn next_cron(&self) -> NaiveDateTime {
        if self.cron_billed {
            self.cron_day.and_time(hm(8, 0))
        } else {
            self.cron_day.and_time(hm(7, 40))
        }
    }

    /// Runs the unit's history to the end: the morning runs and every event, in time
    /// order, up to the office's "now".
    pub fn run(&mut self) {
        loop {
            let ev_t = self.queue.peek().map(|r| r.0.0);
            let cron_t = self.next_cron();
            let t = ev_t.map_or(cron_t, |e| e.min(cron_t));
            if t >= self.w.now {
                break;
            }
            self.clock = t;
            if ev_t.is_none_or(|e| cron_t <= e) {
                let day = self.cron_day;
                if !self.cron_billed {
                    self.dunning_run(day);
                    if day.day() == 1 {
                        self.cron_billed = true;
                        continue;
                    }
                } else {
                    self.bill_run(day);
                    self.cron_billed = false;
                }
                self.cron_day = day + Days::new(1);
                continue;
            }
            let Reverse((t, seq)) = self.queue.pop().expect("an event");
            let ev = self.events[seq as usize].take().expect("an event once");
            self.handle(t, ev);
        }
    }

    fn handle(&mut self, t: NaiveDateTime, ev: Ev) {
        match ev {
            Ev::MoveIn(i) => self.movein_step(t, i),
            Ev::MoveOut(i) => self.moveout_step(t, i),
            Ev::Pay(i, partial) => self.pay_event(t, i, partial),
            Ev::Debt(i) => self.debt_event(t, i),
            Ev::DunApprove => self.dun_approve(t),
            Ev::DunContact => self.dun_contact(t),
            Ev::DunSign => self.dun_sign(t),
            Ev::TicketArrival => self.ticket_arrival(t),
            Ev::Waive(no, amount) => self.waive_late_fee(t, no, amount),
            Ev::TicketKind(k) => self.ticket_of_kind(t, k),
            Ev::Ticket(i) => self.ticket_step(t, i),
            Ev::Forced(i) => self.forced_ticket(t, i),
            Ev::Permit(i) => self.permit_step(t, i),
            Ev::NewPermit(s) => self.new_permit(t, s),
            Ev::Visit(i) => self.welcome_visit(t, i),
            Ev::Reinspect(i) => self.reinspect(t, i),
        }
    }

    // ---- parties and the unit ---------------------------------------------------

    /// A new party added at `t`: a person or a company, with phones, an ID number and
    /// emergency contacts.
    pub fn new_party(
        &mut self,
        t: NaiveDateTime,
        company: bool,
        role: Role,
        trade: names::Trade,
    ) -> (String, String, String) {
        let id = self.ids.next(IdKind::Party, t.date());
        let (at, by) = (self.at(t), self.desk(t.date()));
        let p = make_party(&mut self.rng, &id, company, role, trade, at, by, None);
        let signer = p.contact.clone().unwrap_or_else(|| p.name.clone());
        let name = p.name.clone();
        self.parties.push(p);
        (id, name, signer)
    }

    /// The unit's meters read on `d`: they turn while it is used.
    pub fn read_meters(&mut self, d: NaiveDate) -> [i64; 3] {
        if d > self.meters_day {
            let n = (d - self.meters_day).num_days();
            let area = self.unit.area.hundredths() / 100;
            let used = if self.unit.status == UnitStatus::Occupied {
                1.0
            } else {
                0.03
            };
            let (e, wt, g) = match self.unit.usage {
                propdesk::model::unit::UnitUse::Office => {
                    (0.13 * area as f64, 0.004 * area as f64, 0.0)
                }
                propdesk::model::unit::UnitUse::Shop => {
                    (0.3 * area as f64, 0.01 * area as f64, 1.5)
                }
                propdesk::model::unit::UnitUse::Home => {
                    (0.08 * area as f64, 0.006 * area as f64, 0.25)
                }
                propdesk::model::unit::UnitUse::Parking => (0.0, 0.0, 0.0),
            };
            for (k, rate) in [e, wt, g].into_iter().enumerate() {
                let jitter = 0.8 + 0.4 * self.rng.unit();
                // Readings to a tenth, as the meter shows them.
                let add = (rate * used * jitter * n as f64 * 10.0).round() as i64 * 100;
                self.meters[k] += add;
            }
            self.meters_day = d;
        }
        self.meters
    }

    // ---- money ----------------------------------------------------------------------

    /// Replays the ledger: the state decisions are made on.
    pub fn refresh(&mut self) {
        let st = self.books().state(&self.ledger).unwrap_or_else(|e| {
            panic!(
                "{}: the ledger does not replay: {}",
                self.unit.id, e.message
            )
        });
        self.next_overdue = st.open().map(|c| c.due).min().map(|d| d + Days::new(1));
        self.balance = st.balance().minor();
        self.seen = self.ledger.entries.len();
        self.dirty = false;
        self.st = st;
    }

    /// The state, replayed if the ledger changed since.
    pub fn fresh(&mut self) {
        if self.dirty || self.seen != self.ledger.entries.len() {
            self.refresh();
        }
    }

    /// Extends the replayed state with the charges appended since entry `from` (late
    /// fees just posted), as the replay would: no second replay of the whole ledger.
    fn extend_state(&mut self, from: usize) {
        use propdesk::model::ledger::{Charge, EntryKind};
        let mut balance = self.st.running.last().copied().unwrap_or_default().minor();
        for e in &self.ledger.entries[from..] {
            let (EntryKind::Charge, Some(item), Some(due)) = (e.kind, e.item, e.due) else {
                panic!("{}: only charges extend the state", self.unit.id);
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
            if self.st.credit.minor() > 0 {
                let take = self.st.credit.minor().min(e.amount.minor());
                c.outstanding = Money::from_minor(c.outstanding.minor() - take);
                c.cleared.push((e.date, Money::from_minor(take)));
                self.st.credit = Money::from_minor(self.st.credit.minor() - take);
            }
            self.st.charges.push(c);
            self.st.running.push(Money::from_minor(balance));
            let d = due + Days::new(1);
            self.next_overdue = Some(self.next_overdue.map_or(d, |n| n.min(d)));
        }
        self.balance = balance;
        self.seen = self.ledger.entries.len();
        if std::env::var_os("GEN_OFFICE_VERIFY").is_some() {
            let replayed = self.books().state(&self.ledger).expect("replays");
            assert_eq!(
                self.st, replayed,
                "{}: the extended state differs from the replay",
                self.unit.id
            );
        }
    }

    /// The ledger changed: the balance and the earliest overdue day follow the new
    /// entries at once; the full state waits until something needs it.
    pub fn touched(&mut self) {
        for e in &self.ledger.entries[self.seen..] {
            if e.kind.raises_balance() {
                self.balance += e.amount.minor();
            } else if e.kind.is_credit() {
                self.balance -= e.amount.minor();
            }
            if e.kind.is_debit()
                && let Some(due) = e.due
            {
                let d = due + Days::new(1);
                self.next_overdue = Some(self.next_overdue.map_or(d, |n| n.min(d)));
            }
        }
        self.seen = self.ledger.entries.len();
        self.dirty = true;
    }

    pub fn clerk<'a>(&self, by: &'a str, t: NaiveDateTime) -> Act<'a> {
        Act {
            by,
            at: self.at(t),
            today: t.date(),
        }
    }

    pub fn stamp<'a>(&self, by: &'a str, t: NaiveDateTime) -> Act<'a> {
        Act {
            by,
            at: self.at(t),
            today: t.date(),
        }
    }

    fn method(&mut self) -> PayMethod {
        match self.rng.weighted(&[70, 15, 10, 5]) {
            0 => PayMethod::Transfer,
            1 => PayMethod::Card,
            2 => PayMethod::Cash,
            _ => PayMethod::Cheque,
        }
    }

    pub fn receipt_no(&mut self, d: NaiveDate) -> String {
        self.receipt += 1;
        format!(
            "SK{}-{}-{:03}",
            d.format("%Y%m%d"),
            self.unit.id,
            self.receipt % 1000
        )
    }

    /// Pays everything open at `t` (late fees accrued first), or half of it; as `pay`
    /// does, closing the dunning case when nothing is overdue any more.
    pub fn pay_open(&mut self, t: NaiveDateTime, half: bool) -> Money {
        let today = t.date();
        self.touched();
        // Late fees can be owed only once a charge still open is past the day they
        // start: only then is the ledger replayed to reckon them.
        let books = self.books();
        let maybe_late = self
            .next_overdue
            .and_then(|n| books.late_fee_start(n - Days::new(1)))
            .is_some_and(|s| s <= today);
        let late = if maybe_late {
            self.fresh();
            books.late_fees_accrued(&self.st, today).minor()
        } else {
            0
        };
        let open = self.balance.max(0);
        let mut amount = open + late;
        if half && amount > 200 {
            amount = amount / 2 / 100 * 100;
        }
        if amount <= 0 {
            return Money::ZERO;
        }
        let method = self.method();
        let reference = Some(self.receipt_no(today));
        let clerk = self.clerk(FINANCE, t);
        let paid = accounts::pay(
            &books,
            &mut self.ledger,
            clerk,
            NewPayment {
                amount: Money::from_minor(amount),
                target: None,
                method: Some(method),
                reference,
            },
        )
        .unwrap_or_else(|e| panic!("{}: pay: {}", self.unit.id, e.message));
        self.touched();
        let posted: i64 = paid.late_fees.iter().map(|(_, m)| m.minor()).sum();
        if !half && posted == late && self.balance <= 0 {
            // Everything open is paid: nothing can fall overdue until the next charge.
            self.next_overdue = None;
        }
        self.close_case_if_clear(t);
        Money::from_minor(amount)
    }

    /// What `pay` does after a payment: a case with nothing overdue any more closes.
    pub fn close_case_if_clear(&mut self, t: NaiveDateTime) {
        if self
            .case
            .as_ref()
            .is_none_or(|c| c.status != CaseStatus::Open)
        {
            return;
        }
        self.fresh();
        if self.st.overdue_total(t.date()).is_zero() {
            let w = self.w;
            let stamp = self.stamp(FINANCE, t);
            dunning::advance(
                &mut self.case,
                &self.ledger,
                &self.st,
                &w.settings.config.dunning,
                &w.settings.calendar,
                stamp,
            );
        }
    }

    /// The 1st of the month, 08:00: `bill run` charges the month's fees.
    fn bill_run(&mut self, day: NaiveDate) {
        let w = self.w;
        let rules = &w.settings.config.billing;
        let locale = w.settings.config.locale;
        if propdesk::procedure::fees::billing::month_charges(rules, &self.unit, day, locale)
            .is_empty()
        {
            return;
        }
        let t = day.and_time(hm(8, 0));
        let clerk = self.clerk(FINANCE, t);
        let new = accounts::bill_month(rules, &mut self.ledger, &self.unit, day, locale, clerk);
        if new.is_empty() {
            return;
        }
        self.touched();
        if let Some(i) = self.cur {
            self.schedule_monthly_payment(i, day);
        }
    }

    /// When the occupant pays this month's bill: mostly before the due day, now and
    /// then late, never once in arrears.
    pub fn schedule_monthly_payment(&mut self, i: usize, month: NaiveDate) {
        if self.tn[i].pay_pending || !self.tn[i].active {
            return;
        }
        let w = self.w;
        let plan = &w.plans[self.idx][i];
        let due = self.w.settings.config.billing.due_date(month);
        let day = if self.rng.chance(plan.late_rate) {
            add_days(
                due,
                if self.rng.chance(0.75) {
                    self.rng.range(1, 12)
                } else {
                    self.rng.range(13, 40)
                },
            )
        } else {
            add_days(month, self.rng.range(1, i64::from(due.day()) - 1))
        };
        if plan.arrears_from.is_some_and(|a| day >= a) {
            return;
        }
        let t = self.time_on(day, 9, 17);
        let half = self.rng.chance(0.04);
        self.tn[i].pay_pending = true;
        self.schedule(t, Ev::Pay(i, half));
    }

    fn pay_event(&mut self, t: NaiveDateTime, i: usize, half: bool) {
        self.tn[i].pay_pending = false;
        // Once settled, the move-out's statement has the last word.
        let settled = self.tn[i]
            .moveout
            .is_some_and(|m| self.moveouts[m].settlement.is_some());
        if self.tn[i].ended || settled {
            return;
        }
        if self.w.plans[self.idx][i]
            .arrears_from
            .is_some_and(|a| t.date() >= a)
        {
            return;
        }
        self.pay_open(t, half);
        if half {
            // The rest a week or two later.
            let d = add_days(t.date(), self.rng.range(5, 15));
            let t2 = self.time_on(d, 9, 17);
            self.tn[i].pay_pending = true;
            self.schedule(t2, Ev::Pay(i, false));
        }
    }

    /// A departed occupant's debt: mostly paid within weeks, else written off.
    fn debt_event(&mut self, t: NaiveDateTime, _i: usize) {
        self.fresh();
        let owed: i64 = self.st.open().map(|c| c.outstanding.minor()).sum();
        if owed <= 0 {
            return;
        }
        if self.rng.chance(0.8) {
            self.pay_open(t, false);
        } else {
            let books = self.books();
            let clerk = self.clerk(FINANCE, t);
            books
                .post_late_fees(&mut self.ledger, t.date(), clerk)
                .expect("late fees");
            self.refresh();
            let owed: i64 = self.st.open().map(|c| c.outstanding.minor()).sum();
            let clerk = self.clerk(FINANCE, t);
            accounts::waive(
                &books,
                &mut self.ledger,
                clerk,
                Money::from_minor(owed),
                None,
                MANAGER,
                "原租户已退租，欠款经多次催收无果，经理批准核销",
            )
            .unwrap_or_else(|e| panic!("{}: waive: {}", self.unit.id, e.message));
            self.refresh();
            self.close_case_if_clear(t);
        }
    }

    // ---- dunning --------------------------------------------------------------------

    /// A first late fee forgiven (减免), if it is still owed.
    fn waive_late_fee(&mut self, t: NaiveDateTime, no: u32, amount: Money) {
        self.fresh();
        if self.st.charge(no).is_none_or(|c| c.outstanding != amount) {
            return;
        }
        let books = self.books();
        let clerk = self.clerk(MANAGER, t);
        accounts::waive(
            &books,
            &mut self.ledger,
            clerk,
            amount,
            Some(no),
            MANAGER,
            "首次逾期，经理批准减免滞纳金",
        )
        .expect("waiver");
        self.touched();
        self.close_case_if_clear(t);
    }

    fn busy(&self, d: NaiveDate) -> bool {
        self.case
            .as_ref()
            .is_some_and(|c| c.status == CaseStatus::Open)
            || self.next_overdue.is_some_and(|n| n <= d)
    }

    /// 07:40: `dunning run` posts late fees and moves the case up the ladder.
    fn dunning_run(&mut self, d: NaiveDate) {
        if !self.busy(d) {
            return;
        }
        let w = self.w;
        let t = d.and_time(hm(7, 40));
        let books = self.books();
        let clerk = self.clerk(CRON, t);
        // Late fees accrue only once a charge still open is past the day they start;
        // before that, posting them finds nothing.
        let accruing = self
            .next_overdue
            .and_then(|n| books.late_fee_start(n - Days::new(1)))
            .is_some_and(|s| s <= d);
        let was_fresh = !self.dirty && self.seen == self.ledger.entries.len();
        let from = self.ledger.entries.len();
        let fees = if accruing {
            books
                .post_late_fees(&mut self.ledger, d, clerk)
                .expect("late fees")
        } else {
            Vec::new()
        };
        if !fees.is_empty() {
            if was_fresh {
                self.extend_state(from);
            } else {
                self.touched();
            }
            // Now and then the manager waives a first late fee.
            if self.rng.chance(0.03) {
                let (on, amount) = fees[0];
                let no = self
                    .ledger
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.charge == Some(on) && e.through == Some(d))
                    .map(|e| e.no);
                if let Some(no) = no {
                    let t2 = self.time_on(d, 10, 16);
                    self.schedule(t2, Ev::Waive(no, amount));
                }
            }
        }
        let before_steps = self.case.as_ref().map_or(0, |c| c.steps.len());
        let reopened_or_new =
            |a: &Action| matches!(a, Action::Opened { .. } | Action::Reopened { .. });
        self.fresh();
        let stamp = self.stamp(CRON, t);
        let actions = dunning::advance(
            &mut self.case,
            &self.ledger,
            &self.st,
            &w.settings.config.dunning,
            &w.settings.calendar,
            stamp,
        );
        if actions.iter().any(reopened_or_new) {
            self.notices.clear();
        }
        let Some(c) = &self.case else { return };
        let rules = &w.settings.config.dunning;
        // Notices of steps the run took itself (not waiting for an approval).
        let first = if actions.iter().any(reopened_or_new) {
            0
        } else {
            before_steps
        };
        let mut file = Vec::new();
        for i in first..c.steps.len() {
            let s = &c.steps[i];
            if s.status == dunning::StepStatus::Taken
                && s.notice.is_none()
                && s.taken == Some(d)
                && s.notice_name(rules).is_some()
            {
                file.push(i);
            }
        }
        for i in file {
            self.file_dunning_notice(i, d);
        }
        for a in &actions {
            if let Action::Step {
                action, awaiting, ..
            } = a
            {
                if *awaiting {
                    let later = if self.rng.chance(0.7) {
                        0
                    } else {
                        self.rng.range(1, 3)
                    };
                    let day = self.working_day(add_days(d, later));
                    let t2 = self.time_on(day, 10, 17);
                    self.schedule(t2, Ev::DunApprove);
                } else if action == "phone-reminder" && self.rng.chance(0.85) {
                    let t2 = self.time_on(d, 9, 12);
                    self.schedule(t2, Ev::DunContact);
                }
            }
        }
    }

    fn file_dunning_notice(&mut self, i: usize, d: NaiveDate) {
        let w = self.w;
        let Some(c) = self.case.as_mut() else { return };
        let Some(name) = c.steps[i].notice_name(&w.settings.config.dunning) else {
            return;
        };
        let Some((_, notice)) = propdesk::notice::find(name) else {
            return;
        };
        let path = propdesk::notice::notice_path(
            d,
            &self.unit.id,
            notice,
            w.settings.config.locale,
            propdesk::render::Style::Html,
        );
        c.steps[i].notice = Some(propdesk::store::shown(&path));
        let snapshot = c.clone();
        self.notices
            .push((i, d, self.unit.clone(), snapshot, self.ledger.entries.len()));
    }

    fn dun_approve(&mut self, t: NaiveDateTime) {
        let Some(c) = &self.case else { return };
        if c.status != CaseStatus::Open {
            return;
        }
        let Some(s) = c.awaiting() else { return };
        let by = if s.who == "gm" { GM } else { MANAGER };
        let stamp = self.stamp(by, t);
        let Ok(i) = self.case.as_mut().expect("a case").approve(stamp) else {
            return;
        };
        let has_notice = self.case.as_ref().expect("a case").steps[i]
            .notice_name(&self.w.settings.config.dunning)
            .is_some();
        if has_notice {
            self.file_dunning_notice(i, t.date());
            if self.rng.chance(0.6) {
                let day = add_days(t.date(), self.rng.range(0, 2));
                let t2 = if day == t.date() {
                    t + chrono::Duration::minutes(self.rng.range(30, 120))
                } else {
                    self.time_on(day, 9, 17)
                };
                self.schedule(t2, Ev::DunSign);
            }
        }
    }

    fn dun_contact(&mut self, t: NaiveDateTime) {
        let (open, promised) = match &self.case {
            Some(c) => (c.status == CaseStatus::Open, c.open_promise().is_some()),
            None => return,
        };
        if !open {
            return;
        }
        let outcome = *self.rng.pick(names::CONTACT_OUTCOMES);
        let by = self.desk(t.date());
        let stamp = self.stamp(by, t);
        let promise = self.rng.chance(0.15) && !promised;
        let c = self.case.as_mut().expect("a case");
        c.log_contact(stamp, Channel::Phone, outcome);
        if promise {
            self.fresh();
            let overdue = self.st.overdue_total(t.date());
            if overdue.minor() > 0 {
                let until = add_days(t.date(), self.rng.range(2, 7));
                let _ = self
                    .case
                    .as_mut()
                    .expect("a case")
                    .promise(stamp, until, overdue);
            }
        }
    }

    fn dun_sign(&mut self, t: NaiveDateTime) {
        let signer = self
            .cur
            .map(|i| self.tn[i].signer.clone())
            .unwrap_or_else(|| "前台".to_string());
        let by = self.desk(t.date());
        let stamp = self.stamp(by, t);
        if let Some(c) = self.case.as_mut()
            && c.status == CaseStatus::Open
        {
            let _ = c.sign(stamp, &signer);
        }
    }
}

/// A party record as `party add` writes it.
#[allow(clippy::too_many_arguments)]
pub fn make_party(
    rng: &mut Rng,
    id: &str,
    company: bool,
    role: Role,
    trade: names::Trade,
    at: DateTime<FixedOffset>,
    by: &str,
    note: Option<String>,
) -> Party {
    let (name, contact, phones, id_number) = if company {
        let (contact, _) = names::person_name(rng);
        let phones = if rng.chance(0.6) {
            vec![names::landline(rng), names::mobile(rng)]
        } else {
            vec![names::mobile(rng)]
        };
        (
            names::company_name(rng, trade),
            Some(contact),
            phones,
            names::company_code(rng),
        )
    } else {
        let (name, _) = names::person_name(rng);
        (name, None, vec![names::mobile(rng)], names::person_id(rng))
    };
    let emergency = (0..rng.range(1, 2))
        .map(|_| EmergencyContact {
            name: names::person_name(rng).0,
            phone: names::mobile(rng),
            relation: Some(names::relation(rng, company).to_string()),
        })
        .collect();
    Party {
        id: id.to_string(),
        kind: if company {
            PartyKind::Company
        } else {
            PartyKind::Person
        },
        name,
        roles: vec![role],
        phones,
        id_number: Some(id_number),
        contact,
        emergency_contacts: emergency,
        language: None,
        note,
        history: vec![Entry::new(at, by, "added", None)],
    }
}

/// The unit as registered when the office started keeping records.
pub fn make_unit(
    spec: &UnitSpec,
    b: &Building,
    owner: &str,
    at: DateTime<FixedOffset>,
    by: &str,
) -> Unit {
    Unit {
        id: spec.id.clone(),
        building: b.name.clone(),
        floor: spec.floor,
        area: Area::from_hundredths(spec.area),
        usage: spec.usage,
        owner: Some(owner.to_string()),
        occupant: None,
        status: UnitStatus::Vacant,
        fees_from: None,
        fees_until: None,
        note: None,
        history: vec![Entry::new(at, by, "added", Some("期初建档".to_string()))],
    }
}
