//! Tickets: repairs, complaints, inquiries and special services as the desk takes them
//! and works them through, each step timed against the deadlines the library computes
//! for it (mostly met, sometimes late); a few end the history in each state.

use chrono::NaiveDateTime;
use propdesk::model::ids::IdKind;
use propdesk::model::unit::{UnitStatus, UnitUse};
use propdesk::procedure::ticket::deadlines::{Clock, Clocks};
use propdesk::procedure::ticket::steps::{self, Aside, Call, Done, Verdict};
use propdesk::procedure::ticket::{
    Act, Channel, Grade, Intake, Kind, Method, Priority, Status, Ticket,
};

use super::names;
use super::sim::{ENGINEER, Ev, MANAGER, Sim, TECHNICIANS, add_days, hm};

/// Where a ticket's story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Closed,
    /// Left at this status (the history ends there).
    At(Status),
    /// Waiting on the tenant.
    Paused,
    Dead,
    Unreasonable,
    /// Shelved: resumed later, declared dead, or still shelved.
    Shelved(ShelfEnd),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShelfEnd {
    Resume,
    Dead,
    Stay,
}

/// A ticket that must end the history in a given state (so that every state shows).
#[derive(Debug, Clone, Copy)]
pub struct Forced {
    pub stop: Stop,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub stop: Stop,
    pub what: usize,
    pub quote: Option<(&'static str, u32)>,
    pub pause: bool,
    pub paused_once: bool,
    pub unhappy: u32,
    pub valid: bool,
    pub replied: bool,
    pub told: bool,
    pub fast: bool,
    pub late: bool,
    pub booked: Option<NaiveDateTime>,
    pub shelved_once: bool,
}

impl Plan {
    fn new(stop: Stop) -> Plan {
        Plan {
            stop,
            what: 0,
            quote: None,
            pause: false,
            paused_once: false,
            unhappy: 0,
            valid: true,
            replied: false,
            told: false,
            fast: false,
            late: false,
            booked: None,
            shelved_once: false,
        }
    }
}

fn rate(usage: UnitUse) -> f64 {
    match usage {
        UnitUse::Office => 2.2,
        UnitUse::Shop => 2.6,
        UnitUse::Home => 2.0,
        UnitUse::Parking => 0.3,
    }
}

impl Sim<'_> {
    /// Tickets come in as a random process over the years; the forced ones in the last
    /// days.
    pub fn schedule_tickets(&mut self) {
        let w = self.w;
        let per_year = rate(self.unit.usage);
        let mut d = 0.0;
        let span = (w.until - w.start).num_days() as f64;
        loop {
            d += self.rng.exp_days(per_year);
            if d >= span {
                break;
            }
            let day = add_days(w.start, d as i64 + 1);
            let t = self.report_time(day, Kind::Repair);
            self.schedule(t, Ev::TicketArrival);
        }
        for k in 0..w.forced[self.idx].len() {
            let back = self.rng.range(40, 60);
            let t = w.now
                - chrono::Duration::hours(back)
                - chrono::Duration::minutes(self.rng.range(0, 59));
            self.schedule(t, Ev::Forced(k));
        }
    }

    /// Public-area tickets of a building: patrols and tenants report faults in the
    /// lobby, lifts, car park.
    pub fn schedule_public_tickets(&mut self, per_year: f64) {
        let w = self.w;
        let mut d = 0.0;
        let span = (w.until - w.start).num_days() as f64;
        loop {
            d += self.rng.exp_days(per_year);
            if d >= span {
                break;
            }
            let day = add_days(w.start, d as i64 + 1);
            let t = self.report_time(day, Kind::Repair);
            self.schedule(t, Ev::TicketArrival);
        }
    }

    fn report_time(&mut self, day: chrono::NaiveDate, kind: Kind) -> NaiveDateTime {
        let r = self.rng.unit();
        if kind != Kind::Repair || r < 0.7 {
            let d = self.working_day(day);
            self.time_on(d, 9, 18)
        } else if r < 0.9 {
            self.time_on(day, 18, 22)
        } else {
            self.time_on(day, 0, 24)
        }
    }

    pub fn due(&self, i: usize, clock: Clock, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let w = self.w;
        let clocks = Clocks {
            rules: &w.settings.config.ticket,
            calendar: &w.settings.calendar,
            tz: w.tz,
            now: self.at(now),
        };
        clocks
            .deadlines(&self.tickets[i])
            .into_iter()
            .find(|d| d.clock == clock && d.met.is_none())
            .and_then(|d| d.due)
            .map(|d| d.with_timezone(&w.tz).naive_local())
    }

    /// A time after `from`: before `due` (a share of the time left), or late now and then.
    fn by(
        &mut self,
        i: usize,
        from: NaiveDateTime,
        due: Option<NaiveDateTime>,
        late: f64,
        span: (i64, i64),
    ) -> NaiveDateTime {
        if self.tplans[i].fast {
            let soon = self.after(from, 5, 40);
            return match due {
                Some(due) if due > from && due < soon => from + (due - from) / 2,
                _ => soon,
            };
        }
        match due {
            Some(due) if due > from => {
                if self.rng.chance(late) {
                    due + chrono::Duration::minutes(self.rng.range(5, 600))
                } else {
                    let left = (due - from).num_seconds();
                    let share = 0.15 + 0.8 * self.rng.unit();
                    let at =
                        from + chrono::Duration::seconds(((left as f64 * share) as i64).max(30));
                    // Whole minutes, as the desk writes them.
                    let at =
                        at - chrono::Duration::seconds(i64::from(chrono::Timelike::second(&at)));
                    at.max(from).min(due)
                }
            }
            _ => self.after(from, span.0, span.1),
        }
    }

    fn desk_act(&self, t: NaiveDateTime) -> Act<'static> {
        Act {
            by: self.desk(t.date()),
            at: self.at(t),
            today: t.date(),
        }
    }

    fn reporter(&mut self) -> (String, Option<String>, bool) {
        let w = self.w;
        if let Some(i) = self.cur {
            let party = self.tn[i].party.clone();
            let p = w
                .owners
                .iter()
                .chain(self.parties.iter())
                .find(|p| p.id == party);
            if let Some(p) = p {
                let phone = p.phones.last().cloned();
                let who = match &p.contact {
                    Some(c) => c.clone(),
                    None => {
                        let female = self.rng.chance(0.5);
                        names::polite(&p.name, female)
                    }
                };
                return (who, phone, true);
            }
        }
        (format!("巡楼-{}", super::sim::GUARD), None, false)
    }

    pub fn ticket_arrival(&mut self, t: NaiveDateTime) {
        let public = self.idx >= self.w.units.len();
        let occupied = !public && self.unit.status == UnitStatus::Occupied;
        if !public && !occupied && !self.rng.chance(0.2) {
            return;
        }
        let kind = if public {
            if self.rng.chance(0.85) {
                Kind::Repair
            } else {
                Kind::Complaint
            }
        } else if !occupied {
            Kind::Repair
        } else {
            match self.rng.weighted(&[60, 12, 15, 13]) {
                0 => Kind::Repair,
                1 => Kind::Complaint,
                2 => Kind::Inquiry,
                _ => Kind::SpecialService,
            }
        };
        // Nothing chargeable is taken on while the occupant is moving out: its
        // settlement has the last word on the ledger.
        let leaving = self
            .moveouts
            .iter()
            .any(|m| m.status == propdesk::procedure::moveout::Status::InProgress);
        let kind = if leaving && kind == Kind::SpecialService {
            Kind::Repair
        } else {
            kind
        };
        let open = self.is_working_day(t.date()) && t.time() >= hm(9, 0) && t.time() < hm(18, 0);
        if kind != Kind::Repair && !open {
            // Taken at the desk when it opens (every record is made at the clock's
            // time, so that the histories it touches stay in order).
            let d = if t.time() < hm(9, 0) && self.is_working_day(t.date()) {
                t.date()
            } else {
                self.add_working(t.date(), 1)
            };
            let t2 = self.time_on(d, 9, 12);
            self.schedule(t2, Ev::TicketKind(kind));
            return;
        }
        self.ticket_of_kind(t, kind);
    }

    pub fn ticket_of_kind(&mut self, t: NaiveDateTime, kind: Kind) {
        let public = self.idx >= self.w.units.len();
        let r = self.rng.unit();
        let stop = if kind == Kind::Inquiry {
            Stop::Closed
        } else if kind.is_work() && r < 0.012 {
            Stop::Dead
        } else if kind.is_work() && r < 0.022 {
            Stop::Unreasonable
        } else if kind == Kind::Repair && r < 0.04 {
            Stop::Shelved(if self.rng.chance(0.7) {
                ShelfEnd::Resume
            } else {
                ShelfEnd::Dead
            })
        } else {
            Stop::Closed
        };
        self.open_ticket(t, kind, stop, false, public);
    }

    pub fn forced_ticket(&mut self, t: NaiveDateTime, k: usize) {
        let f = self.w.forced[self.idx][k];
        let public = self.idx >= self.w.units.len();
        self.open_ticket(t, f.kind, f.stop, true, public);
    }

    fn open_ticket(&mut self, t: NaiveDateTime, kind: Kind, stop: Stop, fast: bool, public: bool) {
        let w = self.w;
        let mut plan = Plan::new(stop);
        plan.fast = fast;
        let (reporter, phone, tenant) = if public {
            let who = if self.rng.chance(0.6) {
                format!("巡楼-{}", super::sim::GUARD)
            } else {
                names::polite(&names::person_name(&mut self.rng).0, self.rng.chance(0.5))
            };
            (who, None, false)
        } else {
            self.reporter()
        };
        let channel = if !tenant {
            if public && reporter.starts_with("巡楼") {
                Channel::Patrol
            } else if public {
                Channel::Phone
            } else {
                Channel::Patrol
            }
        } else {
            match self.rng.weighted(&[70, 22, 3, 5]) {
                0 => Channel::Phone,
                1 => Channel::Visit,
                2 => Channel::Letter,
                _ => Channel::Internal,
            }
        };
        let (unit, area) = if public {
            let b = &w.buildings[self.idx - w.units.len()];
            (None, Some(self.rng.pick(&b.areas).clone()))
        } else {
            (Some(self.unit.id.clone()), None)
        };
        let mut repeat_of = None;
        let (category, description, priority, grade) = match kind {
            Kind::Repair => {
                let k = self.rng.below(names::FAULTS.len() as u64) as usize;
                plan.what = k;
                let f = &names::FAULTS[k];
                let leaving = self
                    .moveouts
                    .iter()
                    .any(|m| m.status == propdesk::procedure::moveout::Status::InProgress);
                if !public
                    && !leaving
                    && tenant
                    && self.rng.chance(0.35)
                    && let Some(item) = f.item
                {
                    plan.quote = Some((item, 1 + u32::from(self.rng.chance(0.2))));
                }
                let (p, g) = match self.rng.weighted(&[8, 30, 62]) {
                    0 => (Priority::ExtraUrgent, Grade::Emergency),
                    1 => (
                        Priority::Urgent,
                        if self.rng.chance(0.6) {
                            Grade::Minor
                        } else {
                            Grade::General
                        },
                    ),
                    _ => (
                        Priority::Normal,
                        match self.rng.weighted(&[45, 40, 15]) {
                            0 => Grade::Minor,
                            1 => Grade::General,
                            _ => Grade::Difficult,
                        },
                    ),
                };
                let says = if public {
                    format!("{}：{}", area.as_deref().unwrap_or_default(), f.says)
                } else {
                    f.says.to_string()
                };
                (f.category.to_string(), says, Some(p), Some(g))
            }
            Kind::SpecialService => {
                let k = self.rng.below(names::SERVICES.len() as u64) as usize;
                plan.what = k;
                let (cat, text, item, (lo, hi)) = names::SERVICES[k];
                plan.quote = Some((item, self.rng.range(i64::from(lo), i64::from(hi)) as u32));
                (
                    cat.to_string(),
                    text.to_string(),
                    Some(Priority::Normal),
                    Some(Grade::General),
                )
            }
            Kind::Complaint => {
                let k = self.rng.below(names::COMPLAINTS.len() as u64) as usize;
                plan.what = k;
                plan.valid = self.rng.chance(0.75);
                let (cat, text, _) = names::COMPLAINTS[k];
                // The same matter again within 90 days: a repeat complaint.
                if !public && !fast && self.rng.chance(0.3) {
                    let since = t - chrono::Duration::days(90);
                    repeat_of = self
                        .tickets
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(_, x)| {
                            x.kind == Kind::Complaint
                                && x.category == cat
                                && x.reported.naive_local() >= since
                                && x.repeat_of.is_none()
                        })
                        .map(|(j, _)| j);
                }
                (cat.to_string(), text.to_string(), None, None)
            }
            Kind::Inquiry => {
                let k = self.rng.below(names::INQUIRIES.len() as u64) as usize;
                plan.what = k;
                let (cat, text, _) = names::INQUIRIES[k];
                (cat.to_string(), text.to_string(), None, None)
            }
        };
        if !fast {
            plan.pause = kind.is_work() && self.rng.chance(0.05);
            plan.unhappy = u32::from(kind != Kind::Inquiry && self.rng.chance(0.04));
            plan.late = self.rng.chance(0.06);
        }
        match stop {
            Stop::Paused => plan.pause = true,
            Stop::At(Status::Explained) => plan.valid = false,
            Stop::At(Status::Assigned | Status::Actioned) => plan.valid = true,
            _ => {}
        }
        let id = self.ids.next(IdKind::Ticket, t.date());
        let act = self.desk_act(t);
        let intake = Intake {
            kind,
            channel,
            unit,
            area,
            reporter,
            phone,
            category,
            description,
            priority,
            grade,
            repeat_of: None,
        };
        let first = repeat_of.map(|j| &mut self.tickets[j]);
        let (tk, _) = steps::report(&id, intake, first, act).expect("ticket");
        self.tickets.push(tk);
        self.tplans.push(plan);
        let i = self.tickets.len() - 1;
        if let Some(t2) = self.next_time(i, t) {
            self.schedule(t2, Ev::Ticket(i));
        }
    }

    /// A move-in defect: a repair with a rectification day.
    pub fn add_defect_ticket(&mut self, t: NaiveDateTime, tk: Ticket, _fix_by: chrono::NaiveDate) {
        let mut plan = Plan::new(Stop::Closed);
        plan.what = names::FAULTS
            .iter()
            .position(|f| f.category == tk.category)
            .unwrap_or(14);
        self.tickets.push(tk);
        self.tplans.push(plan);
        let i = self.tickets.len() - 1;
        if let Some(t2) = self.next_time(i, t) {
            self.schedule(t2, Ev::Ticket(i));
        }
    }

    fn go(&mut self, i: usize, t: NaiveDateTime) {
        self.schedule(t, Ev::Ticket(i));
    }

    /// The history of ticket `i` ends where its plan says.
    fn stopped(&self, i: usize) -> bool {
        let pos = self.tickets[i].position();
        let p = &self.tplans[i];
        match p.stop {
            _ if pos.status == Status::Closed => true,
            Stop::At(s) => pos.status == s && !pos.paused,
            Stop::Paused => pos.paused,
            Stop::Shelved(ShelfEnd::Stay) => pos.status == Status::Shelved && p.told,
            _ => matches!(pos.status, Status::Dead | Status::Unreasonable) && p.told,
        }
    }

    /// A set-aside the plan still owes: dead, unreasonable, or shelved once.
    fn aside_pending(&self, i: usize) -> bool {
        let p = &self.tplans[i];
        match p.stop {
            Stop::Dead | Stop::Unreasonable => true,
            Stop::Shelved(_) => !p.shelved_once,
            _ => false,
        }
    }

    pub fn ticket_step(&mut self, t: NaiveDateTime, i: usize) {
        if self.stopped(i) {
            return;
        }
        if !self.do_step(t, i) || self.stopped(i) {
            return;
        }
        if let Some(t2) = self.next_time(i, t) {
            self.go(i, t2);
        }
    }

    /// One step of ticket `i`, whatever its status calls for.
    fn do_step(&mut self, t: NaiveDateTime, i: usize) -> bool {
        let w = self.w;
        let rules = &w.settings.config.ticket;
        let act = self.desk_act(t);
        let pos = self.tickets[i].position();
        let kind = self.tickets[i].kind;
        let plan = self.tplans[i].clone();
        match pos.status {
            Status::Closed => return false,
            Status::Dead | Status::Unreasonable => {
                steps::feedback(&mut self.tickets[i], act, "已电话告知租户原因并致歉")
                    .expect("feedback");
                self.tplans[i].told = true;
            }
            Status::Shelved => {
                if !plan.told {
                    steps::feedback(
                        &mut self.tickets[i],
                        act,
                        "已告知租户需等待配件到货，到货后安排维修",
                    )
                    .expect("feedback");
                    self.tplans[i].told = true;
                } else if plan.stop == Stop::Shelved(ShelfEnd::Dead) {
                    let why = "配件已停产，无法维修，已建议整体更换";
                    steps::set_aside(&mut self.tickets[i], act, Aside::Dead, why).expect("dead");
                    self.tplans[i].told = false;
                } else {
                    steps::resume(&mut self.tickets[i], act, Some("配件已到货")).expect("resume");
                }
            }
            _ if kind.is_work() && pos.paused => {
                steps::resume(&mut self.tickets[i], act, Some("租户已在场，约定时间上门"))
                    .expect("resume");
            }
            Status::New if kind.is_work() => {
                let special = kind == Kind::SpecialService;
                if special && self.tickets[i].quote.is_empty() {
                    let (item, qty) = plan.quote.expect("a service item");
                    steps::quote(&mut self.tickets[i], rules, act, item, qty, None).expect("quote");
                } else if special && self.tickets[i].consent.is_none() {
                    let signer = self.tickets[i].reporter.clone();
                    steps::consent(&mut self.tickets[i], act, &signer).expect("consent");
                    let booked = if plan.fast {
                        self.after(t, 20, 60)
                    } else {
                        let d = {
                            let n = self.rng.range(1, 3) as u32;
                            self.add_working(t.date(), n)
                        };
                        self.time_on(d, 9, 16)
                    };
                    self.tplans[i].booked = Some(booked);
                } else if !special
                    && matches!(plan.stop, Stop::Dead | Stop::Unreasonable)
                    && self.rng.chance(0.5)
                {
                    self.set_aside(t, i);
                } else {
                    let tech = *self.rng.pick(TECHNICIANS);
                    steps::dispatch(&mut self.tickets[i], act, tech).expect("dispatch");
                }
            }
            Status::Dispatched => {
                if plan.pause && !plan.paused_once {
                    steps::pause(&mut self.tickets[i], act, "租户不在，约定改时间上门")
                        .expect("pause");
                    self.tplans[i].paused_once = true;
                } else {
                    steps::arrive(&mut self.tickets[i], act).expect("arrive");
                }
            }
            Status::OnSite => {
                let tk = &self.tickets[i];
                let quote = plan.quote.filter(|_| kind == Kind::Repair);
                if let Some((item, qty)) = quote.filter(|_| tk.quote.is_empty()) {
                    steps::quote(&mut self.tickets[i], rules, act, item, qty, None).expect("quote");
                } else if quote.is_some() && tk.consent.is_none() {
                    let signer = tk.reporter.clone();
                    steps::consent(&mut self.tickets[i], act, &signer).expect("consent");
                } else if self.aside_pending(i) {
                    self.set_aside(t, i);
                } else {
                    self.finish(t, i);
                }
            }
            Status::Done => {
                steps::return_to_desk(&mut self.tickets[i], act).expect("return");
            }
            Status::Returned => {
                let visit = self.tickets[i].needs_visit(rules) || self.rng.chance(0.72);
                let method = if visit { Method::Visit } else { Method::Phone };
                let happy = plan.unhappy == 0;
                let score = Some(if happy {
                    4 + u8::from(self.rng.chance(0.75))
                } else {
                    2
                });
                let note = (!happy).then_some("维修后问题依旧，要求重新处理");
                let call = Call {
                    method,
                    satisfied: happy,
                    score,
                    note,
                };
                steps::callback(&mut self.tickets[i], rules, act, call).expect("callback");
                if !happy {
                    self.tplans[i].unhappy -= 1;
                }
            }
            Status::CalledBack if kind.is_work() => self.close(t, i),
            _ if kind == Kind::Complaint => self.complaint_step(t, i, pos.status),
            _ => {
                // An inquiry: the reply, then closed.
                if !plan.replied {
                    let (_, _, answer) = names::INQUIRIES[plan.what];
                    steps::reply(&mut self.tickets[i], act, answer).expect("reply");
                    self.tplans[i].replied = true;
                } else {
                    self.close(t, i);
                }
            }
        }
        true
    }

    /// When the next step of ticket `i` happens, from where it stands now.
    fn next_time(&mut self, i: usize, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let pos = self.tickets[i].position();
        let kind = self.tickets[i].kind;
        let plan = self.tplans[i].clone();
        if plan.fast {
            return Some(self.after(t, 5, 40));
        }
        let at = match pos.status {
            Status::Closed => return None,
            Status::Dead | Status::Unreasonable => {
                let due = self.due(i, Clock::Reason, t);
                self.by(i, t, due, 0.03, (10, 300))
            }
            Status::Shelved if !plan.told => self.after(t, 10, 120),
            Status::Shelved => {
                if plan.stop == Stop::Shelved(ShelfEnd::Stay) {
                    return None;
                }
                let n = self.rng.range(3, 12) as u32;
                self.later_day(t, n)
            }
            _ if kind.is_work() && pos.paused => self.after(t, 120, 1500),
            Status::New if kind.is_work() => {
                let tk = &self.tickets[i];
                if kind == Kind::SpecialService && (tk.quote.is_empty() || tk.consent.is_none()) {
                    self.after(t, 3, 30)
                } else if let Some(b) = plan.booked.filter(|b| *b > t) {
                    (b - chrono::Duration::minutes(self.rng.range(20, 90))).max(self.after(t, 2, 5))
                } else {
                    self.after(t, 2, 8)
                }
            }
            Status::Dispatched => {
                if plan.pause && !plan.paused_once {
                    self.after(t, 3, 20)
                } else if let Some(b) = plan.booked.filter(|b| *b > t) {
                    b
                } else {
                    let due = self.due(i, Clock::Response, t);
                    let late = if plan.late { 0.6 } else { 0.03 };
                    self.by(i, t, due, late, (10, 60))
                }
            }
            Status::OnSite => {
                let tk = &self.tickets[i];
                let quote = plan.quote.filter(|_| kind == Kind::Repair);
                if quote.is_some() && (tk.quote.is_empty() || tk.consent.is_none()) {
                    self.after(t, 2, 15)
                } else if self.aside_pending(i) {
                    self.after(t, 10, 60)
                } else {
                    let due = self.due(i, Clock::Completion, t);
                    let late = if plan.late { 0.5 } else { 0.04 };
                    self.by(i, t, due, late, (40, 180))
                }
            }
            Status::Done => {
                let due = self.due(i, Clock::Return, t);
                self.by(i, t, due, 0.03, (30, 300))
            }
            Status::Returned | Status::Actioned => {
                let due = self.due(i, Clock::Callback, t);
                let x = self.by(i, t, due, 0.02, (120, 1800));
                self.office_hours(x)
            }
            Status::CalledBack if kind.is_work() => self.after(t, 1, 40),
            Status::CalledBack => self.after(t, 30, 600),
            Status::New if kind == Kind::Complaint => {
                if !plan.told {
                    let due = self.due(i, Clock::Feedback, t);
                    self.by(i, t, due, 0.03, (10, 240))
                } else {
                    self.after(t, 20, 180)
                }
            }
            Status::Explained => self.after(t, 30, 480),
            Status::Assigned => {
                if !plan.replied {
                    let due = self.due(i, Clock::Reply, t);
                    self.by(i, t, due, 0.05, (60, 480))
                } else {
                    let n = self.rng.range(0, 1) as u32;
                    self.later_day(t, n)
                }
            }
            _ => {
                // An inquiry.
                if !plan.replied {
                    let due = self.due(i, Clock::Reply, t);
                    self.by(i, t, due, 0.05, (30, 240))
                } else {
                    self.after(t, 1, 60)
                }
            }
        };
        Some(at)
    }

    /// Office hours at or after `t` (callbacks are made during the day).
    fn office_hours(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let h = t.time();
        if self.is_working_day(t.date()) && h >= super::sim::hm(9, 0) && h < super::sim::hm(18, 0) {
            return t;
        }
        let d = if h >= super::sim::hm(18, 0) || !self.is_working_day(t.date()) {
            self.add_working(t.date(), 1)
        } else {
            t.date()
        };
        self.time_on(d, 9, 12).max(t)
    }

    fn set_aside(&mut self, t: NaiveDateTime, i: usize) {
        let act = self.desk_act(t);
        let (aside, reason) = match self.tplans[i].stop {
            Stop::Dead => (Aside::Dead, "管道在承重墙内，无法维修"),
            Stop::Unreasonable => (
                Aside::Unreasonable,
                "属租户自行改造的设施，不在物业维修范围",
            ),
            _ => (Aside::Shelved, "等待配件到货"),
        };
        steps::set_aside(&mut self.tickets[i], act, aside, reason).expect("set aside");
        self.tplans[i].shelved_once = true;
    }

    fn finish(&mut self, t: NaiveDateTime, i: usize) {
        let act = self.desk_act(t);
        let tk = &self.tickets[i];
        let (done, materials) = match tk.kind {
            Kind::SpecialService => (names::SERVICES[self.tplans[i].what].1.to_string(), None),
            _ => {
                let f = &names::FAULTS[self.tplans[i].what.min(names::FAULTS.len() - 1)];
                if tk.movein.is_some() {
                    let what = tk.description.split(": ").last().unwrap_or(f.done);
                    (format!("整改完成：{what}"), None)
                } else {
                    (f.done.to_string(), f.materials)
                }
            }
        };
        let signer = if tk.unit.is_some() {
            tk.reporter.clone()
        } else {
            ENGINEER.to_string()
        };
        steps::finish(&mut self.tickets[i], act, &done, materials, &signer).expect("finish");
    }

    /// Closes ticket `i`; chargeable work is charged to the unit's ledger.
    fn close(&mut self, t: NaiveDateTime, i: usize) {
        let act = self.desk_act(t);
        let books = self.books();
        let ledger = Some(&mut self.ledger);
        let done = steps::close(&mut self.tickets[i], ledger, &books, act, act.at).expect("close");
        if matches!(
            done,
            Done::Closed {
                charged: Some(_),
                ..
            }
        ) {
            self.touched();
        }
    }

    fn complaint_step(&mut self, t: NaiveDateTime, i: usize, status: Status) {
        let w = self.w;
        let rules = &w.settings.config.ticket;
        let act = self.desk_act(t);
        let plan = self.tplans[i].clone();
        let (_, _, department) = names::COMPLAINTS[plan.what];
        match status {
            Status::New if !plan.told => {
                steps::feedback(
                    &mut self.tickets[i],
                    act,
                    "已向租户致歉，记录投诉内容，承诺尽快处理",
                )
                .expect("feedback");
                self.tplans[i].told = true;
            }
            Status::New
                if !plan.valid && !plan.replied && plan.stop != Stop::At(Status::Explained) =>
            {
                steps::reply(
                    &mut self.tickets[i],
                    act,
                    "经核实不属于物业管理责任，已向租户解释并取得理解",
                )
                .expect("reply");
                self.tplans[i].replied = true;
            }
            Status::New if !plan.valid => {
                steps::assess(
                    &mut self.tickets[i],
                    act,
                    Verdict::Invalid {
                        explanation: "经核实属正常作业，已解释并取得租户理解",
                    },
                )
                .expect("assess");
            }
            Status::New => {
                let person = format!("{}-{}", department, names::person_name(&mut self.rng).0);
                steps::assess(
                    &mut self.tickets[i],
                    act,
                    Verdict::Valid {
                        department,
                        person: &person,
                    },
                )
                .expect("assess");
            }
            Status::Explained => self.close(t, i),
            Status::Assigned if !plan.replied => {
                steps::reply(
                    &mut self.tickets[i],
                    act,
                    "已责成相关部门整改，并将整改结果反馈租户",
                )
                .expect("reply");
                self.tplans[i].replied = true;
            }
            Status::Assigned => {
                let text = match department {
                    "保洁部" => "已加派保洁人员，增加巡查频次",
                    "保安部" => "已约谈相关单位，加强巡查",
                    "工程部" => "已安排工程部检修并调整设备运行",
                    _ => "已对相关人员进行培训并通报",
                };
                steps::action(&mut self.tickets[i], act, text).expect("action");
            }
            Status::Actioned => {
                let happy = plan.unhappy == 0;
                let method = if self.rng.chance(0.4) {
                    Method::Visit
                } else {
                    Method::Phone
                };
                let score = Some(if happy {
                    4 + u8::from(self.rng.chance(0.6))
                } else {
                    2
                });
                let note = (!happy).then_some("问题仍未解决");
                let call = Call {
                    method,
                    satisfied: happy,
                    score,
                    note,
                };
                steps::callback(&mut self.tickets[i], rules, act, call).expect("callback");
                if !happy {
                    self.tplans[i].unhappy -= 1;
                }
            }
            Status::CalledBack => {
                let mgr = Act { by: MANAGER, ..act };
                steps::sign_off(&mut self.tickets[i], mgr).expect("sign off");
            }
            _ => {}
        }
    }
}
