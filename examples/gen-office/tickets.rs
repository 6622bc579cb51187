//! Tickets: repairs, complaints, inquiries and special services as the desk takes them
//! and works them through with the library's steps, each timed against the deadlines
//! the library computes (mostly met, sometimes late); a few end in each state.

use chrono::{Duration, NaiveDateTime as At};
use propdesk::model::{ids::IdKind, unit::UnitStatus, unit::UnitUse};
use propdesk::procedure::ticket::deadlines::{Clock, Clocks};
use propdesk::procedure::ticket::steps::{self, Aside, Call, Done, Verdict};
use propdesk::procedure::ticket::{Act, Channel, Event, Grade, Intake, Kind, Method};
use propdesk::procedure::{Refused, ticket::Priority, ticket::Status, ticket::Ticket};

use super::names::{self, polite};
use super::sim::{ENGINEER, GUARD, MANAGER, Sim, TECHNICIANS, add_days};

/// Where a ticket's story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stop {
    #[default]
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
pub type Forced = (Stop, Kind);

/// What will happen to a ticket, drawn when it comes in (`what`: the fault, service,
/// complaint or inquiry; `fast`: a forced ticket, every step soon after the last).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub stop: Stop,
    pub what: usize,
    pub quote: Option<(&'static str, u32)>,
    pub pause: bool,
    pub unhappy: u32,
    pub invalid: bool,
    pub fast: bool,
    pub late: bool,
    pub booked: Option<At>,
}

impl Plan {
    fn new(stop: Stop, fast: bool) -> Plan {
        Plan {
            stop,
            fast,
            ..Plan::default()
        }
    }
}

// What the desk writes, in the office's words.
const TOLD_REASON: &str = "已电话告知租户原因并致歉";
const TOLD_PARTS: &str = "已告知租户需等待配件到货，到货后安排维修";
const PARTS_GONE: &str = "配件已停产，无法维修，已建议整体更换";
const TENANT_BACK: &str = "租户已在场，约定时间上门";
const TENANT_AWAY: &str = "租户不在，约定改时间上门";
const STILL_BROKEN: &str = "维修后问题依旧，要求重新处理";
const SORRY: &str = "已向租户致歉，记录投诉内容，承诺尽快处理";
const NOT_OURS: &str = "经核实不属于物业管理责任，已向租户解释并取得理解";
const EXPLAINED: &str = "经核实属正常作业，已解释并取得租户理解";
const ON_IT: &str = "已责成相关部门整改，并将整改结果反馈租户";
const NOT_OUR_WORK: &str = "属租户自行改造的设施，不在物业维修范围";

impl Sim<'_> {
    /// Tickets come in as a random process over the years; the forced ones in the last
    /// days.
    pub fn schedule_tickets(&mut self) {
        let w = self.w;
        let per_year = match self.unit.usage {
            UnitUse::Office => 2.2,
            UnitUse::Shop => 2.6,
            UnitUse::Home => 2.0,
            UnitUse::Parking => 0.3,
        };
        self.schedule_public_tickets(per_year);
        for k in 0..w.forced[self.idx].len() {
            let back = self.rng.range(40, 60);
            let t = w.now - Duration::hours(back) - Duration::minutes(self.rng.range(0, 59));
            self.schedule(t, move |s, t| s.forced_ticket(t, k));
        }
    }

    /// Tickets arriving `per_year` times a year: a unit's, or a building's public areas'
    /// (patrols and tenants report faults in the lobby, lifts, car park). Mostly in
    /// office hours; faults also in the evening and at night.
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
            let r = self.rng.unit();
            let (day, from, to) = match r {
                _ if r < 0.7 => (self.working_day(day), 9, 18),
                _ if r < 0.9 => (day, 18, 22),
                _ => (day, 0, 24),
            };
            let t = self.time_on(day, from, to);
            self.schedule(t, Sim::ticket_arrival);
        }
    }

    /// A time after `t` by the open deadline `clock` of ticket `i`: before it (a share
    /// of the time left), or late now and then; `span` minutes on without a deadline.
    fn by(&mut self, i: usize, t: At, clock: Clock, late: f64, span: (i64, i64)) -> At {
        let (w, s) = (self.w, &self.w.settings);
        let clocks = Clocks::new(&s.config.ticket, &s.calendar, w.tz, super::sim::at(w, t));
        let due = clocks.due(&self.tickets[i], clock);
        let due = due.map(|d| d.with_timezone(&w.tz).naive_local());
        if self.tplans[i].fast {
            let soon = self.after(t, 5, 40);
            return match due {
                Some(due) if due > t && due < soon => t + (due - t) / 2,
                _ => soon,
            };
        }
        match due {
            Some(due) if due > t && self.rng.chance(late) => {
                due + Duration::minutes(self.rng.range(5, 600))
            }
            Some(due) if due > t => {
                let left = (due - t).num_seconds();
                let share = 0.15 + 0.8 * self.rng.unit();
                let at = t + Duration::seconds(((left as f64 * share) as i64).max(30));
                // Whole minutes, as the desk writes them.
                let at = at - Duration::seconds(i64::from(chrono::Timelike::second(&at)));
                at.max(t).min(due)
            }
            _ => self.after(t, span.0, span.1),
        }
    }

    /// Takes a step the plan calls for on ticket `i` (a step it is allowed to take).
    fn step(&mut self, i: usize, f: impl FnOnce(&mut Ticket) -> Result<Done, Refused>) {
        f(&mut self.tickets[i]).expect("a planned ticket step");
    }

    /// The occupant is moving out: its settlement has the last word on the ledger.
    fn leaving(&self) -> bool {
        let in_progress = propdesk::procedure::moveout::Status::InProgress;
        self.moveouts.iter().any(|m| m.status == in_progress)
    }

    /// Who reports: in a public area the patrol or a passer-by; in a unit the occupant
    /// (their contact, or their name politely), else the patrol. And whether it is the
    /// tenant.
    fn reporter(&mut self, public: bool) -> (String, Option<String>, bool) {
        let patrol = format!("巡楼-{GUARD}");
        if public {
            if self.rng.chance(0.6) {
                return (patrol, None, false);
            }
            let name = names::person_name(&mut self.rng).0;
            return (polite(&name, self.rng.chance(0.5)), None, false);
        }
        let occupant = self
            .cur
            .and_then(|i| self.party(&self.tn[i].party))
            .cloned();
        let Some(p) = occupant else {
            return (patrol, None, false);
        };
        let phone = p.phones.last().cloned();
        let who = p
            .contact
            .unwrap_or_else(|| polite(&p.name, self.rng.chance(0.5)));
        (who, phone, true)
    }

    pub fn ticket_arrival(&mut self, t: At) {
        let public = self.idx >= self.w.units.len();
        let occupied = !public && self.unit.status == UnitStatus::Occupied;
        if !public && !occupied && !self.rng.chance(0.2) {
            return;
        }
        let kind = if public {
            [Kind::Complaint, Kind::Repair][usize::from(self.rng.chance(0.85))]
        } else if !occupied {
            Kind::Repair
        } else {
            match Kind::ALL[self.rng.weighted(&[60, 12, 15, 13])] {
                // Nothing chargeable is taken on while the occupant is moving out.
                Kind::SpecialService if self.leaving() => Kind::Repair,
                k => k,
            }
        };
        if kind == Kind::Repair || self.w.settings.calendar.is_working_time(t) {
            return self.ticket_of_kind(t, kind);
        }
        // Taken at the desk when it opens (every record is made at the clock's time, so
        // that the histories it touches stay in order).
        let t2 = self.office_hours(t);
        self.schedule(t2, move |s, t| s.ticket_of_kind(t, kind));
    }

    pub fn ticket_of_kind(&mut self, t: At, kind: Kind) {
        let r = self.rng.unit();
        let stop = match kind {
            Kind::Inquiry => Stop::Closed,
            _ if kind.is_work() && r < 0.012 => Stop::Dead,
            _ if kind.is_work() && r < 0.022 => Stop::Unreasonable,
            Kind::Repair if r < 0.04 => {
                Stop::Shelved([ShelfEnd::Dead, ShelfEnd::Resume][usize::from(self.rng.chance(0.7))])
            }
            _ => Stop::Closed,
        };
        self.open_ticket(t, kind, Plan::new(stop, false));
    }

    pub fn forced_ticket(&mut self, t: At, k: usize) {
        let (stop, kind) = self.w.forced[self.idx][k];
        self.open_ticket(t, kind, Plan::new(stop, true));
    }

    fn open_ticket(&mut self, t: At, kind: Kind, mut plan: Plan) {
        let w = self.w;
        let (public, fast) = (self.idx >= w.units.len(), plan.fast);
        let (reporter, phone, tenant) = self.reporter(public);
        let channel = match (tenant, public) {
            (false, true) if !reporter.starts_with("巡楼") => Channel::Phone,
            (false, _) => Channel::Patrol,
            // Phone, visit, letter, no patrol, internal.
            (true, _) => Channel::ALL[self.rng.weighted(&[70, 22, 3, 0, 5])],
        };
        let (unit, area) = if public {
            let b = &w.buildings[self.idx - w.units.len()];
            (None, Some(self.rng.pick(&b.areas).clone()))
        } else {
            (Some(self.unit.id.clone()), None)
        };
        let mut repeat = false;
        let (category, description, priority, grade) = match kind {
            Kind::Repair => {
                let k = self.rng.below(names::FAULTS.len() as u64) as usize;
                plan.what = k;
                let (category, says, _, item, _) = names::FAULTS[k];
                let chargeable = !public && !self.leaving() && tenant;
                if chargeable
                    && self.rng.chance(0.35)
                    && let Some(item) = item
                {
                    plan.quote = Some((item, 1 + u32::from(self.rng.chance(0.2))));
                }
                // Grade::ALL: emergency, minor, general, difficult.
                let (p, g) = match self.rng.weighted(&[8, 30, 62]) {
                    0 => (Priority::ExtraUrgent, 0),
                    1 => (Priority::Urgent, 2 - usize::from(self.rng.chance(0.6))),
                    _ => (Priority::Normal, 1 + self.rng.weighted(&[45, 40, 15])),
                };
                let says = match &area {
                    Some(a) => format!("{a}：{says}"),
                    None => says.to_string(),
                };
                (category.to_string(), says, Some(p), Some(Grade::ALL[g]))
            }
            Kind::SpecialService => {
                let k = self.rng.below(names::SERVICES.len() as u64) as usize;
                plan.what = k;
                let (cat, text, item, (lo, hi)) = names::SERVICES[k];
                plan.quote = Some((item, self.rng.range(i64::from(lo), i64::from(hi)) as u32));
                let normal = (Some(Priority::Normal), Some(Grade::General));
                (cat.to_string(), text.to_string(), normal.0, normal.1)
            }
            Kind::Complaint => {
                let k = self.rng.below(names::COMPLAINTS.len() as u64) as usize;
                plan.what = k;
                plan.invalid = !self.rng.chance(0.75);
                let (cat, text, _) = names::COMPLAINTS[k];
                // Now and then the same matter again (linked below).
                repeat = !public && !fast && self.rng.chance(0.3);
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
        match plan.stop {
            Stop::Paused => plan.pause = true,
            Stop::At(Status::Explained) => plan.invalid = true,
            Stop::At(Status::Assigned | Status::Actioned) => plan.invalid = false,
            _ => {}
        }
        let id = self.ids.next(IdKind::Ticket, t.date());
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
        let act = self.desk_act(t);
        // A repeat is linked to the first complaint on what the library takes for the
        // same matter, the latest if there are several. The tenant comes back only
        // about a complaint made within 90 days to the hour (the simulation's choice;
        // the library would look as far back as the whole of that day).
        let probe = Ticket::new(&id, intake.clone(), act).expect("ticket");
        let since = steps::same_matter_since(&probe, t.date()).filter(|_| repeat);
        let remembered = t - Duration::days(90);
        let same = |o: &Ticket| {
            let recent = since.is_some_and(|s| o.reported.date_naive() >= s)
                && o.reported.naive_local() >= remembered;
            recent && o.repeat_of.is_none() && steps::is_same_matter(&probe, o)
        };
        let first = self.tickets.iter().rposition(same);
        let first = first.map(|j| &mut self.tickets[j]);
        let (tk, _) = steps::report(&id, intake, first, act).expect("ticket");
        self.track(t, tk, plan);
    }

    /// A move-in defect: a repair with a rectification day.
    pub fn add_defect_ticket(&mut self, t: At, tk: Ticket) {
        let mut plan = Plan::new(Stop::Closed, false);
        let fault = names::FAULTS.iter().position(|f| f.0 == tk.category);
        plan.what = fault.unwrap_or(14);
        self.track(t, tk, plan);
    }

    /// Follows a new ticket to its first step.
    fn track(&mut self, t: At, tk: Ticket, plan: Plan) {
        self.tickets.push(tk);
        self.tplans.push(plan);
        self.follow(self.tickets.len() - 1, t);
    }

    /// The next step of ticket `i`, if its story goes on.
    fn follow(&mut self, i: usize, t: At) {
        if let Some(t2) = self.next_time(i, t) {
            self.schedule(t2, move |s, t| s.ticket_step(t, i));
        }
    }

    /// The history of ticket `i` ends where its plan says.
    fn stopped(&self, i: usize) -> bool {
        let pos = self.tickets[i].position();
        match self.tplans[i].stop {
            _ if pos.status == Status::Closed => true,
            Stop::At(s) => pos.status == s && !pos.paused,
            Stop::Paused => pos.paused,
            Stop::Shelved(ShelfEnd::Stay) => pos.status == Status::Shelved && self.told(i),
            _ => matches!(pos.status, Status::Dead | Status::Unreasonable) && self.told(i),
        }
    }

    /// The tenant was told since the ticket was last set aside (a complaint: at all).
    fn told(&self, i: usize) -> bool {
        let history = &self.tickets[i].history;
        let aside = [Event::Shelved, Event::Dead, Event::Unreasonable];
        let last = history.iter().rposition(|e| aside.iter().any(|a| a.is(e)));
        let since = &history[last.unwrap_or(0)..];
        since.iter().any(|e| Event::Feedback.is(e))
    }

    /// A set-aside the plan still owes: dead, unreasonable, or shelved once.
    fn aside_pending(&self, i: usize) -> bool {
        match self.tplans[i].stop {
            Stop::Dead | Stop::Unreasonable => true,
            Stop::Shelved(_) => self.tickets[i].first(Event::Shelved).is_none(),
            _ => false,
        }
    }

    pub fn ticket_step(&mut self, t: At, i: usize) {
        if !self.stopped(i) && self.do_step(t, i) && !self.stopped(i) {
            self.follow(i, t);
        }
    }

    /// One step of ticket `i`, whatever its status calls for.
    fn do_step(&mut self, t: At, i: usize) -> bool {
        use Status as S;
        let rules = &self.w.settings.config.ticket;
        let (act, plan, tk) = (self.desk_act(t), self.tplans[i].clone(), &self.tickets[i]);
        let (pos, kind, told, replied) = (tk.position(), tk.kind, self.told(i), tk.replied());
        let (work, special) = (kind.is_work(), kind == Kind::SpecialService);
        let complaint = kind == Kind::Complaint;
        let explained = plan.stop == Stop::At(S::Explained);
        let doomed = matches!(plan.stop, Stop::Dead | Stop::Unreasonable);
        match pos.status {
            S::Closed => return false,
            S::Dead | S::Unreasonable => self.step(i, |x| steps::feedback(x, act, TOLD_REASON)),
            S::Shelved if !told => self.step(i, |x| steps::feedback(x, act, TOLD_PARTS)),
            S::Shelved if plan.stop == Stop::Shelved(ShelfEnd::Dead) => {
                self.step(i, |x| steps::set_aside(x, act, Aside::Dead, PARTS_GONE))
            }
            S::Shelved => self.step(i, |x| steps::resume(x, act, Some("配件已到货"))),
            _ if work && pos.paused => self.step(i, |x| steps::resume(x, act, Some(TENANT_BACK))),
            S::New if special && tk.quote.is_empty() => {
                let (item, qty) = plan.quote.expect("a service item");
                self.step(i, |x| steps::quote(x, rules, act, item, qty, None));
            }
            S::New if special && tk.awaits_consent() => {
                let signer = tk.reporter.clone();
                self.step(i, |x| steps::consent(x, act, &signer));
                let booked = if plan.fast {
                    self.after(t, 20, 60)
                } else {
                    let n = self.rng.range(1, 3) as u32;
                    let d = self.add_working(t.date(), n);
                    self.time_on(d, 9, 16)
                };
                self.tplans[i].booked = Some(booked);
            }
            S::New if work && !special && doomed && self.rng.chance(0.5) => self.set_aside(t, i),
            S::New if work => {
                let tech = *self.rng.pick(TECHNICIANS);
                self.step(i, |x| steps::dispatch(x, act, tech));
            }
            S::Dispatched if plan.pause && tk.first(Event::Paused).is_none() => {
                self.step(i, |x| steps::pause(x, act, TENANT_AWAY))
            }
            S::Dispatched => self.step(i, |x| steps::arrive(x, act)),
            S::OnSite => {
                let quote = plan.quote.filter(|_| kind == Kind::Repair);
                if let Some((item, qty)) = quote.filter(|_| tk.quote.is_empty()) {
                    self.step(i, |x| steps::quote(x, rules, act, item, qty, None));
                } else if quote.is_some() && tk.awaits_consent() {
                    let signer = tk.reporter.clone();
                    self.step(i, |x| steps::consent(x, act, &signer));
                } else if self.aside_pending(i) {
                    self.set_aside(t, i);
                } else {
                    self.finish(t, i);
                }
            }
            S::Done => self.step(i, |x| steps::return_to_desk(x, act)),
            S::Returned => {
                let visit = tk.needs_visit(rules) || self.rng.chance(0.72);
                let method = [Method::Phone, Method::Visit][usize::from(visit)];
                self.call_back(t, i, method, 0.75, STILL_BROKEN);
            }
            S::CalledBack if work => self.close(t, i),
            // A complaint.
            S::New if complaint && !told => self.step(i, |x| steps::feedback(x, act, SORRY)),
            S::New if complaint && plan.invalid && !replied && !explained => {
                self.step(i, |x| steps::reply(x, act, NOT_OURS))
            }
            S::New if complaint && plan.invalid => {
                let explanation = EXPLAINED;
                let verdict = Verdict::Invalid { explanation };
                self.step(i, |x| steps::assess(x, act, verdict));
            }
            S::New if complaint => {
                let department = names::COMPLAINTS[plan.what].2;
                let person = format!("{}-{}", department, names::person_name(&mut self.rng).0);
                let person = person.as_str();
                let verdict = Verdict::Valid { department, person };
                self.step(i, |x| steps::assess(x, act, verdict));
            }
            S::Explained => self.close(t, i),
            S::Assigned if !replied => self.step(i, |x| steps::reply(x, act, ON_IT)),
            S::Assigned => {
                let text = match names::COMPLAINTS[plan.what].2 {
                    "保洁部" => "已加派保洁人员，增加巡查频次",
                    "保安部" => "已约谈相关单位，加强巡查",
                    "工程部" => "已安排工程部检修并调整设备运行",
                    _ => "已对相关人员进行培训并通报",
                };
                self.step(i, |x| steps::action(x, act, text));
            }
            S::Actioned => {
                let method = [Method::Phone, Method::Visit][usize::from(self.rng.chance(0.4))];
                self.call_back(t, i, method, 0.6, "问题仍未解决");
            }
            S::CalledBack => self.step(i, |x| steps::sign_off(x, Act { by: MANAGER, ..act })),
            // An inquiry: the reply, then closed.
            _ if !replied => self.step(i, |x| steps::reply(x, act, names::INQUIRIES[plan.what].2)),
            _ => self.close(t, i),
        }
        true
    }

    /// The desk calls back: satisfied (a score of 4, or 5 by `five`), unless the plan
    /// wants the tenant unhappy (2, and `note`).
    fn call_back(&mut self, t: At, i: usize, method: Method, five: f64, note: &str) {
        let (rules, act) = (&self.w.settings.config.ticket, self.desk_act(t));
        let happy = self.tplans[i].unhappy == 0;
        let top = happy && self.rng.chance(five);
        let score = Some([2, 4][usize::from(happy)] + u8::from(top));
        let note = (!happy).then_some(note);
        let call = Call {
            method,
            satisfied: happy,
            score,
            note,
        };
        self.step(i, |x| steps::callback(x, rules, act, call));
        if !happy {
            self.tplans[i].unhappy -= 1;
        }
    }

    /// When the next step of ticket `i` happens, from where it stands now.
    fn next_time(&mut self, i: usize, t: At) -> Option<At> {
        use Status as S;
        let (plan, tk) = (self.tplans[i].clone(), &self.tickets[i]);
        let (pos, kind, told, replied) = (tk.position(), tk.kind, self.told(i), tk.replied());
        let (work, waits_consent) = (kind.is_work(), tk.consent.is_none());
        let paused_before = tk.first(Event::Paused).is_some();
        let quoting = kind == Kind::Repair && plan.quote.is_some() && waits_consent;
        if plan.fast {
            return Some(self.after(t, 5, 40));
        }
        let booked = plan.booked.filter(|b| *b > t);
        // How often engineering arrives late, and finishes late.
        let late = if plan.late { (0.6, 0.5) } else { (0.03, 0.04) };
        let at = match pos.status {
            S::Closed => return None,
            S::Dead | S::Unreasonable => self.by(i, t, Clock::Reason, 0.03, (10, 300)),
            S::Shelved if !told => self.after(t, 10, 120),
            S::Shelved if plan.stop == Stop::Shelved(ShelfEnd::Stay) => return None,
            S::Shelved => self.later(t, 3, 12),
            _ if work && pos.paused => self.after(t, 120, 1500),
            S::New if kind == Kind::SpecialService && waits_consent => self.after(t, 3, 30),
            S::New if work => match booked {
                Some(b) => (b - Duration::minutes(self.rng.range(20, 90))).max(self.after(t, 2, 5)),
                None => self.after(t, 2, 8),
            },
            S::Dispatched if plan.pause && !paused_before => self.after(t, 3, 20),
            S::Dispatched => {
                booked.unwrap_or_else(|| self.by(i, t, Clock::Response, late.0, (10, 60)))
            }
            S::OnSite if quoting => self.after(t, 2, 15),
            S::OnSite if self.aside_pending(i) => self.after(t, 10, 60),
            S::OnSite => self.by(i, t, Clock::Completion, late.1, (40, 180)),
            S::Done => self.by(i, t, Clock::Return, 0.03, (30, 300)),
            S::Returned | S::Actioned => {
                let x = self.by(i, t, Clock::Callback, 0.02, (120, 1800));
                self.office_hours(x)
            }
            S::CalledBack if work => self.after(t, 1, 40),
            S::CalledBack => self.after(t, 30, 600),
            S::New if kind == Kind::Complaint && !told => {
                self.by(i, t, Clock::Feedback, 0.03, (10, 240))
            }
            S::New if kind == Kind::Complaint => self.after(t, 20, 180),
            S::Explained => self.after(t, 30, 480),
            S::Assigned if !replied => self.by(i, t, Clock::Reply, 0.05, (60, 480)),
            S::Assigned => self.later(t, 0, 1),
            // An inquiry.
            _ if !replied => self.by(i, t, Clock::Reply, 0.05, (30, 240)),
            _ => self.after(t, 1, 60),
        };
        Some(at)
    }

    /// Office hours at or after `t` (callbacks are made, and what came in out of
    /// hours is taken, during the day).
    fn office_hours(&mut self, t: At) -> At {
        let closes = self.w.settings.calendar.rules().hours.closes();
        self.desk_open(t, closes, 12)
    }

    fn set_aside(&mut self, t: At, i: usize) {
        let act = self.desk_act(t);
        let (aside, reason) = match self.tplans[i].stop {
            Stop::Dead => (Aside::Dead, "管道在承重墙内，无法维修"),
            Stop::Unreasonable => (Aside::Unreasonable, NOT_OUR_WORK),
            _ => (Aside::Shelved, "等待配件到货"),
        };
        self.step(i, |x| steps::set_aside(x, act, aside, reason));
    }

    fn finish(&mut self, t: At, i: usize) {
        let (act, tk, what) = (self.desk_act(t), &self.tickets[i], self.tplans[i].what);
        let (_, _, fixed, _, used) = names::FAULTS[what.min(names::FAULTS.len() - 1)];
        let (done, materials) = match tk.kind {
            Kind::SpecialService => (names::SERVICES[what].1.to_string(), None),
            _ if tk.movein.is_some() => {
                let what = tk.description.split(": ").last().unwrap_or(fixed);
                (format!("整改完成：{what}"), None)
            }
            _ => (fixed.to_string(), used),
        };
        // The tenant signs; the engineering supervisor for a public area.
        let signer = tk.unit.as_ref().map_or(ENGINEER, |_| tk.reporter.as_str());
        let signer = signer.to_string();
        self.step(i, |x| steps::finish(x, act, &done, materials, &signer));
    }

    /// Closes ticket `i`; chargeable work is charged to the unit's ledger.
    fn close(&mut self, t: At, i: usize) {
        let (act, books) = (self.desk_act(t), self.books());
        let ledger = Some(&mut self.ledger);
        steps::close(&mut self.tickets[i], ledger, &books, act, act.at).expect("close");
    }
}
