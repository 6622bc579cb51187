//! Permits: access cards at move-in, parking permits renewed term by term, renovations
//! from the application to the deposit refund, overtime air-conditioning, goods exit
//! passes. Who comes when, and what goes wrong; every step is the library's
//! (`permit::steps` and the permit's own).

use chrono::{Days, NaiveDateTime};
use propdesk::model::{ids::IdKind, money::Money};
use propdesk::procedure::dunning::steps::signer_of;
use propdesk::procedure::moveout::{MoveOut, Status::Completed};
use propdesk::procedure::permit::gate::{Overriding, Standing};
use propdesk::procedure::permit::goods_exit::Signature;
use propdesk::procedure::permit::steps;
use propdesk::procedure::permit::{
    AcRequest, Application, Kind, ParkingApplication, Permit, Refused, Scope, Side, Status, Term,
    max_until,
};

use super::names;
use super::sim::{ENGINEER, FINANCE, GM, GUARD, MANAGER, Sim, add_days, hm, pact};
use super::tenancy::exit_items;

/// How a permit's story goes: the tenancy it is for, where it stands, what goes wrong.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub tn: usize,
    pub stage: u32,
    pub reject: bool,
    pub violation: bool,
    pub violated: bool,
    pub hot: u32,
    pub extend: bool,
    pub fail: bool,
    pub lost: u32,
    pub damage: bool,
}

impl Plan {
    pub fn new(tn: usize) -> Plan {
        Plan {
            tn,
            ..Plan::default()
        }
    }
}

/// Who signs each role of the approval chain.
fn signer(role: &str, desk: &'static str) -> &'static str {
    match role {
        "desk-clerk" => desk,
        "engineering-supervisor" => ENGINEER,
        "security-supervisor" => GUARD,
        "fire-safety-officer" => "消防-钱工",
        "gm" => GM,
        _ => MANAGER,
    }
}

impl Sim<'_> {
    fn pnext(&mut self, i: usize, t: NaiveDateTime) {
        self.pstage(i, self.pplans[i].stage + 1, t);
    }

    /// The next stage, a few minutes after `t`.
    fn pafter(&mut self, i: usize, t: NaiveDateTime, from: i64, to: i64) {
        let t2 = self.after(t, from, to);
        self.pnext(i, t2);
    }

    fn pstage(&mut self, i: usize, stage: u32, t: NaiveDateTime) {
        self.pplans[i].stage = stage;
        self.schedule(t, move |s, t| s.permit_step(t, i));
    }

    /// A step on permit `i` that the story as planned never has refused.
    fn pstep<T>(&mut self, i: usize, f: impl FnOnce(&mut Permit) -> Result<T, Refused>) {
        if let Err(e) = f(&mut self.permits[i]) {
            panic!("{}: {}: {e}", self.unit.id, self.permits[i].id);
        }
    }

    /// A permit applied for, and its story: its index.
    pub fn add_permit(&mut self, p: Permit, plan: Plan) -> usize {
        self.permits.push(p);
        self.pplans.push(plan);
        self.permits.len() - 1
    }

    /// The tenancy is still the unit's occupant, and not moving out.
    fn occupies(&self, tn: usize) -> bool {
        let moving = |m: &MoveOut| m.status != Completed && m.party == self.tn[tn].party;
        self.cur == Some(tn) && self.tn[tn].active && !self.moveouts.iter().any(moving)
    }

    /// Deposits the permit needs that are not held yet, taken at finance.
    fn take_deposits(&mut self, t: NaiveDateTime, i: usize) {
        self.sync();
        let rules = &self.w.settings.config.permit;
        let short = steps::deposits_short(&self.permits[i], &self.permits, &self.st, rules);
        for (need, held) in short {
            let amount = Money::from_minor(need.total().minor() - held.minor());
            let r = self.receipt_no(t.date());
            self.receive_deposit(t, need.kind, amount, r);
        }
    }

    /// `permit issue`, once everything is in.
    fn issue(&mut self, t: NaiveDateTime, i: usize) {
        self.sync();
        let (rules, act) = (&self.w.settings.config.permit, self.desk_act(t));
        let missing = steps::missing(&self.permits[i], &self.permits, &self.st, rules);
        self.pstep(i, |p| p.issue(act, rules, missing, None));
    }

    /// `permit bill` (a renovation's fees, a parking term's fee), or `permit renew`.
    fn bill(&mut self, t: NaiveDateTime, i: usize, renew: bool) {
        let (rules, books) = (&self.w.settings.config.permit, self.books());
        let (act, p) = (self.desk_act(t), &mut self.permits[i]);
        match renew {
            true => steps::renew(p, &mut self.ledger, &books, rules, act),
            false => steps::bill(p, &mut self.ledger, &books, rules, act),
        }
        .unwrap_or_else(|e| panic!("{}: bill: {}", self.unit.id, e.message));
        if renew {
            steps::bay_free(&self.permits[i], &self.permits).expect("the bay free to renew");
        }
    }

    /// The bay of tenancy `tn`'s parking permit. Units are simulated apart, so no unit
    /// may pick a bay another could: each unit has three bays of its own (its place in
    /// its building, times three), taken by its tenancies in turn, so that a tenancy's
    /// permit never meets the term a tenancy two before it left running.
    fn bay_for(&self, tn: usize) -> String {
        let w = self.w;
        let b = w.units[self.idx].building;
        let first = w.units.iter().position(|u| u.building == b).unwrap_or(0);
        let k = (self.idx - first) * 3 + tn % 3;
        format!(
            "{}-B{}-{:03}",
            w.buildings[b].name,
            k / 1000 + 1,
            k % 1000 + 1
        )
    }

    /// The occupant of tenancy `tn` applies for a permit of `kind`.
    pub fn new_permit(&mut self, t: NaiveDateTime, kind: Kind, tn: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let rules = &w.settings.config.permit;
        if !self.occupies(tn) {
            return;
        }
        let (applicant, unit) = (self.tn[tn].party.clone(), self.unit.id.clone());
        let p = match kind {
            Kind::AccessCard => {
                let id = self.ids.next(IdKind::Permit, t.date());
                let cards = self.rng.range(2, 6) as u32;
                let deposit = rules.access_card_deposit;
                Permit::new_access_card(&id, &unit, &applicant, cards, deposit, pact(w, by, t))
                    .expect("access cards")
            }
            Kind::Parking => {
                let id = self.ids.next(IdKind::Permit, t.date());
                let bay = self.bay_for(tn);
                let plate = names::plate(&mut self.rng);
                let term = [Term::Year, Term::HalfYear][usize::from(self.rng.chance(0.4))];
                let from = add_days(t.date(), self.rng.range(0, 5));
                let a = ParkingApplication {
                    unit: &unit,
                    applicant: &applicant,
                    bay: &bay,
                    plate: &plate,
                    term,
                    from,
                };
                let p =
                    Permit::new_parking(&id, a, &rules.parking, pact(w, by, t)).expect("parking");
                steps::bay_free(&p, &self.permits).expect("a free bay");
                p
            }
            Kind::Renovation => return self.new_renovation(t, tn, by),
            Kind::OvertimeAc => return self.overtime_ac(t, tn),
            Kind::GoodsExit => {
                let id = self.ids.next(IdKind::Permit, t.date());
                let lead = self.rng.range(1, 3);
                let day = self.working_day(add_days(t.date(), lead));
                let items = exit_items(&mut self.rng, self.unit.usage);
                let items = &items[..1.max(items.len() / 2)];
                let mut p =
                    Permit::new_goods_exit(&id, &unit, &applicant, items, day, pact(w, by, t))
                        .expect("goods exit");
                p.tenant_applicant = self.unit.owner.as_deref() != Some(applicant.as_str());
                p
            }
        };
        let i = self.add_permit(p, Plan::new(tn));
        if kind == Kind::AccessCard {
            self.tn[tn].cards = Some(i);
        }
        self.pafter(i, t, 5, 30);
    }

    /// A renovation applied for, and how its story will go.
    fn new_renovation(&mut self, t: NaiveDateTime, tn: usize, by: &'static str) {
        let w = self.w;
        let rules = &w.settings.config.permit;
        let id = self.ids.next(IdKind::Permit, t.date());
        let standard = self.rng.chance(0.75);
        let structural = standard && self.rng.chance(0.06);
        let hot_work = standard && self.rng.chance(0.2);
        let lead = self.rng.range(10, 25);
        let start = self.working_day(add_days(t.date(), lead));
        let limit = max_until(start, rules.max_validity_months);
        let end = add_days(start, self.rng.range(20, 80)).min(add_days(limit, -7));
        let workers = self.rng.range(3, 15) as u32;
        let contractor =
            (standard || self.rng.chance(0.5)).then(|| self.rng.pick(&w.contractors).clone());
        let applicant = self.tn[tn].party.clone();
        let owner = self.unit.owner.as_deref() == Some(applicant.as_str());
        let mut plan = Plan::new(tn);
        plan.reject = self.rng.chance(0.06);
        plan.violation = self.rng.chance(0.12);
        if hot_work {
            plan.hot = self.rng.range(1, 3) as u32;
        }
        plan.extend = self.rng.chance(0.1);
        plan.fail = self.rng.chance(0.08);
        plan.lost = u32::from(self.rng.chance(0.06));
        plan.damage = self.rng.chance(0.04);
        let a = Application {
            unit: self.unit.id.clone(),
            applicant,
            tenant_applicant: !owner,
            contractor,
            scope: [Scope::Simple, Scope::Standard][usize::from(standard)],
            structural,
            hot_work,
            description: self.rng.pick(names::RENOVATIONS).to_string(),
            planned_start: start,
            planned_end: end,
            workers,
        };
        let p = Permit::new_renovation(&id, a, rules, pact(w, by, t)).expect("renovation");
        let i = self.add_permit(p, plan);
        self.pafter(i, t, 20, 90);
    }

    /// Overtime air-conditioning asked for before the cut-off: the evening of a working
    /// day, or a day off asked for on the working day before; charged by the minute.
    fn overtime_ac(&mut self, t: NaiveDateTime, tn: usize) {
        let w = self.w;
        let rules = &w.settings.config.permit.overtime_ac;
        let by = self.desk(t.date());
        // Tenants ask on a working morning, by 11:30 (whether in time for the day they
        // ask for is the library's cut-off).
        let asked = self.desk_open(t, hm(11, 30), 11);
        if asked != t {
            return self.schedule(asked, move |s, t| s.new_permit(t, Kind::OvertimeAc, tn));
        }
        let req_day = t.date();
        let (date, from, to) = if self.rng.chance(0.7) {
            let end = *self.rng.pick(&[20u32, 21, 22]);
            let min = if self.rng.chance(0.5) { 0 } else { 30 };
            (req_day, hm(18, 0), hm(end, min))
        } else {
            // The weekend or holiday after a working day.
            let next = add_days(req_day, 1);
            if self.is_working_day(next) {
                (req_day, hm(18, 0), hm(21, 0))
            } else {
                (next, hm(9, 0), hm(self.rng.range(13, 18) as u32, 0))
            }
        };
        let deadline = rules.deadline(&w.settings.calendar, date);
        let deadline = deadline.expect("a cut-off");
        if t > deadline {
            return self.next_overtime(t, tn);
        }
        let id = self.ids.next(IdKind::Permit, t.date());
        let (unit, applicant) = (self.unit.id.clone(), self.tn[tn].party.clone());
        let request = AcRequest {
            unit: &unit,
            applicant: &applicant,
            date,
            from,
            to,
            deadline,
            requested: t,
        };
        let (books, l, act) = (self.books(), &mut self.ledger, pact(w, by, t));
        let (p, _) = steps::overtime_ac(&id, request, rules, l, &books, act).expect("overtime a/c");
        self.add_permit(p, Plan::new(tn));
        self.next_overtime(t, tn);
    }

    pub fn permit_step(&mut self, t: NaiveDateTime, i: usize) {
        match self.permits[i].kind() {
            Kind::AccessCard => self.cards_step(t, i),
            Kind::Parking => self.parking_step(t, i),
            Kind::Renovation => self.renovation_step(t, i),
            Kind::GoodsExit => self.exit_step(t, i),
            Kind::OvertimeAc => {}
        }
    }

    fn cards_step(&mut self, t: NaiveDateTime, i: usize) {
        match self.pplans[i].stage {
            1 => {
                self.take_deposits(t, i);
                self.pafter(i, t, 5, 20);
            }
            2 => self.issue(t, i),
            _ => {}
        }
    }

    fn parking_step(&mut self, t: NaiveDateTime, i: usize) {
        let by = self.desk(t.date());
        let tn = self.pplans[i].tn;
        match self.pplans[i].stage {
            1 => {
                let x = self.permits[i].parking().expect("parking");
                let items: Vec<String> = x.documents.iter().map(|d| d.item.clone()).collect();
                let from = self.tn[tn].signer.clone();
                self.pstep(i, |p| p.receive(pact(self.w, by, t), &items, &from));
                self.pafter(i, t, 5, 20);
            }
            2 => {
                self.bill(t, i, false);
                self.pafter(i, t, 10, 60);
            }
            3 => {
                self.pay_open(t, false);
                self.pafter(i, t, 5, 20);
            }
            4 => {
                self.issue(t, i);
                self.schedule_renewal(t, i);
            }
            5 => {
                // The renewal, if the tenant is still here; otherwise the permit lapses.
                if !self.occupies(tn) {
                    return;
                }
                self.bill(t, i, true);
                self.pafter(i, t, 10, 120);
            }
            6 => {
                self.pay_open(t, false);
                self.pplans[i].stage = 4;
                self.schedule_renewal(t, i);
            }
            _ => {}
        }
    }

    fn schedule_renewal(&mut self, t: NaiveDateTime, i: usize) {
        let notice = self.w.settings.config.permit.parking.renewal_notice_days;
        let Some(due) = self.permits[i].renewal_due(notice) else {
            return;
        };
        let until = self.permits[i].parking().map(|x| x.until).expect("parking");
        let day = add_days(due, self.rng.range(0, 20)).min(add_days(until, -1));
        let day = day.max(t.date());
        let t2 = self.on_working_day(day, 9, 17).max(self.after(t, 5, 10));
        self.pstage(i, 5, t2);
    }

    /// What the office says about the unit's goods leaving at `t`: the gate the
    /// desk's signature opens and security is warned of.
    pub fn standing(&mut self, t: NaiveDateTime) -> Standing {
        self.sync();
        let books = self.books();
        let (outs, case) = (&self.moveouts, self.case.as_ref());
        let occupant = propdesk::procedure::fees::steps::payer(&self.ledger, self.unit.billed_to());
        let (unit, st) = (&self.unit.id, &self.st);
        Standing::of(unit, outs, st, &books, case, occupant.as_deref(), t.date())
    }

    /// A goods exit pass signed by the owner, the tenant of tenancy `tn` or the desk;
    /// the desk's signature opens the gate as the unit stands (a move-out settles and
    /// pays first: see `tenancy.rs`).
    pub fn sign_exit(&mut self, t: NaiveDateTime, i: usize, tn: usize, side: Side) {
        self.sign_exit_with(t, i, tn, side, None);
    }

    fn sign_exit_with(
        &mut self,
        t: NaiveDateTime,
        i: usize,
        tn: usize,
        side: Side,
        overriding: Option<Overriding>,
    ) {
        let by = self.desk(t.date());
        let who = match side {
            Side::Owner => format!("业主-{}", signer_of(Some(self.owner()))),
            Side::Tenant => self.tn[tn].signer.clone(),
            Side::Desk => by.to_string(),
        };
        let standing = self.standing(t);
        let rules = &self.w.settings.config.permit;
        let act = pact(self.w, by, t);
        let sig = Signature {
            side,
            by: &who,
            overriding,
        };
        self.pstep(i, |p| p.sign_exit(act, sig, &standing, rules));
    }

    /// The desk's signature on a pass of the tenancy's own (not a move-out's): a unit
    /// at the dunning suspension pays up first, or now and then the manager lets the
    /// goods out with a reason; a unit whose move-out began since gets no pass (it
    /// waits for the move-out's settlement, and lapses).
    fn desk_signs(&mut self, t: NaiveDateTime, i: usize, tn: usize) -> bool {
        let standing = self.standing(t);
        if standing.moveout_barrier().is_some() {
            return false;
        }
        if standing.suspension.is_none() {
            self.sign_exit(t, i, tn, Side::Desk);
            return true;
        }
        if self.rng.chance(0.3) {
            let reason = *self.rng.pick(&[
                "租户已签还款计划，仅搬出办公用品，经理同意放行",
                "搬出物品为第三方寄存设备，经理核实后同意放行",
            ]);
            let over = Overriding {
                by: MANAGER,
                role: "manager",
                reason,
            };
            self.sign_exit_with(t, i, tn, Side::Desk, Some(over));
        } else {
            self.pay_open(t, false);
            self.sign_exit(t, i, tn, Side::Desk);
        }
        true
    }

    fn exit_step(&mut self, t: NaiveDateTime, i: usize) {
        let stage = self.pplans[i].stage;
        let tn = self.pplans[i].tn;
        match stage {
            1 | 2 => {
                self.sign_exit(t, i, tn, Side::ALL[stage as usize - 1]);
                let t2 = self.after(t, 10, 90);
                self.pnext(i, t2);
            }
            3 => {
                if !self.desk_signs(t, i, tn) {
                    return;
                }
                let day = self.permits[i].goods_exit().expect("a pass").date;
                let t2 = self.time_on(day, 9, 17).max(self.after(t, 10, 20));
                self.pnext(i, t2);
            }
            4 => {
                let standing = self.standing(t);
                let act = pact(self.w, GUARD, t);
                self.pstep(i, |p| p.to_security(act, GUARD, &standing));
            }
            _ => {}
        }
    }

    fn renovation_step(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let rules = &w.settings.config.permit;
        let by = self.desk(t.date());
        let tn = self.pplans[i].tn;
        let stage = self.pplans[i].stage;
        let r = self.permits[i].renovation().expect("renovation").clone();
        let who = r.contractor.clone();
        let who = who.unwrap_or_else(|| self.tn[tn].signer.clone());
        match stage {
            1 | 2 => {
                let undone = r.documents.iter().filter(|d| !d.done());
                let docs: Vec<String> = undone.map(|d| d.item.clone()).collect();
                let take = docs.len().div_ceil(if stage == 1 { 2 } else { 1 });
                if take > 0 {
                    // The owner's consent comes from the owner's side.
                    self.pstep(i, |p| p.receive(pact(w, by, t), &docs[..take], &who));
                }
                let t2 = match stage {
                    1 => self.later(t, 0, 2),
                    _ => self.after(t, 20, 60),
                };
                self.pnext(i, t2);
            }
            3 => {
                let items: Vec<String> = r.agreements.iter().map(|a| a.item.clone()).collect();
                let signer = format!("{}；{}", self.tn[tn].signer, who);
                self.pstep(i, |p| p.sign(pact(w, by, t), &items, &signer));
                self.pafter(i, t, 10, 60);
            }
            4 => {
                self.bill(t, i, false);
                self.pafter(i, t, 20, 240);
            }
            5 => {
                self.pay_open(t, false);
                self.take_deposits(t, i);
                let t2 = self.later_day(t, 1);
                self.pnext(i, t2);
            }
            6 => {
                // The approval chain, one signature at a time.
                let Some(role) = self.permits[i].next_signer(rules).map(str::to_string) else {
                    return;
                };
                let act = pact(w, signer(&role, by), t);
                if self.pplans[i].reject && r.round == 1 && role == "engineering-supervisor" {
                    let why = "图纸未标明强电改动位置，请补充后重新提交";
                    self.pstep(i, |p| p.decide(act, rules, &role, false, Some(why)));
                    let t2 = self.later(t, 1, 3);
                    return self.pstage(i, 7, t2);
                }
                self.pstep(i, |p| p.decide(act, rules, &role, true, None));
                let t2 = match self.rng.chance(0.6) {
                    true => self.after(t, 20, 180),
                    false => self.later_day(t, 1),
                };
                let approved = self.permits[i].status() == Status::Approved;
                self.pstage(i, if approved { 8 } else { 6 }, t2);
            }
            7 => {
                self.pstep(i, |p| p.revise(pact(w, by, t), None));
                let t2 = self.after(t, 30, 240);
                self.pstage(i, 6, t2);
            }
            8 => {
                self.pay_open(t, false);
                self.take_deposits(t, i);
                self.issue(t, i);
                let from = self.permits[i].renovation().and_then(|r| r.valid_from);
                let day = self.working_day(add_days(from.expect("valid").max(t.date()), 2));
                let t2 = self.time_on(day, 9, 16).max(self.after(t, 30, 60));
                self.pstage(i, 9, t2);
            }
            9 => self.works_tick(t, i),
            10 => {
                // The rectification accepted.
                let open: Vec<u32> = self.permits[i]
                    .open_violations()
                    .iter()
                    .map(|v| v.no)
                    .collect();
                for no in open {
                    self.pstep(i, |p| p.rectified(pact(w, ENGINEER, t), no));
                }
                self.pay_open(t, false);
                let t2 = self.later_day(t, 1);
                self.pstage(i, 9, t2);
            }
            11 => {
                let on = r.completion_on.unwrap_or(t.date());
                if t.date() < on {
                    let t2 = self.time_on(on, 9, 16);
                    return self.schedule(t2, move |s, t| s.permit_step(t, i));
                }
                let act = pact(w, ENGINEER, t);
                if self.pplans[i].fail {
                    self.pplans[i].fail = false;
                    let deadline = self.add_working(t.date(), 3);
                    let note = "消防喷淋头位置与图纸不符，需整改";
                    self.pstep(i, |p| p.accept(act, false, note, Some(deadline)));
                    let t2 = self.time_on(self.add_working(t.date(), 2), 9, 16);
                    return self.pstage(i, 10, t2);
                }
                self.pstep(i, |p| p.accept(act, true, "验收合格", None));
                self.pafter(i, t, 30, 240);
            }
            12 => {
                let lost = self.pplans[i].lost.min(r.workers);
                let act = pact(w, by, t);
                self.pstep(i, |p| p.return_passes(act, r.workers - lost, lost));
                let t2 = self.later(t, 0, 3);
                self.pnext(i, t2);
            }
            13 => self.renovation_refund(t, i),
            _ => {}
        }
    }

    /// A working week of the works: an inspection, perhaps a violation or hot work,
    /// and near the end an extension or the application for acceptance.
    fn works_tick(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let rules = &w.settings.config.permit;
        let status = self.permits[i].status();
        let r = self.permits[i].renovation().expect("renovation").clone();
        let until = r.valid_until.expect("issued");
        let today = t.date();
        let desk = self.desk(today);
        // Each thing done this visit a little after the last.
        let mut now = t;
        if matches!(status, Status::Issued | Status::Suspended) {
            let (who, what, found) = if self.rng.chance(0.5) {
                (ENGINEER, "图纸、隐蔽工程、用电", "按图施工，未发现问题")
            } else {
                let what = "消防、出入证、噪音时段、材料搬运";
                (GUARD, what, "现场整洁，人员佩证上岗")
            };
            self.pstep(i, |p| p.inspect(pact(w, who, t), what, found));
        }
        if status == Status::Issued
            && self.pplans[i].violation
            && !self.pplans[i].violated
            && today + Days::new(10) < until
        {
            self.pplans[i].violated = true;
            let n = self.rng.range(1, 3) as u32;
            let deadline = self.add_working(today, n);
            let fine = self.rng.chance(0.6);
            let fine = fine.then(|| Money::from_minor(self.rng.range(2, 10) * 10_000));
            let desc = *self.rng.pick(names::VIOLATIONS);
            now = self.after(now, 1, 3);
            let locale = w.settings.config.locale;
            let fined = fine.map(|f| (f, &mut self.ledger));
            let act = pact(w, GUARD, now);
            steps::violation(&mut self.permits[i], act, desc, deadline, fined, locale)
                .expect("violation");
            let t2 = self.time_on(deadline, 9, 16).max(self.after(now, 60, 120));
            return self.pstage(i, 10, t2);
        }
        if status == Status::Suspended {
            return;
        }
        if self.pplans[i].hot > 0 && status == Status::Issued {
            let day = self.add_working(today, 1);
            if day <= until && self.permits[i].works_allowed_on(day) {
                self.pplans[i].hot -= 1;
                now = self.after(now, 1, 3);
                let watch = format!("{}（看火人）", names::person_name(&mut self.rng).0);
                let (from, to, work) = (hm(13, 0), hm(17, 0), "焊接及切割作业");
                let act = pact(w, GUARD, now);
                let _ = self.permits[i].hot_work(act, day, from, to, work, &watch);
            }
        }
        let end = r.planned_end.min(until);
        if today + Days::new(7) >= end && status == Status::Issued {
            if self.pplans[i].extend && r.hot_works.len() < 100 {
                self.pplans[i].extend = false;
                let limit = max_until(today, rules.max_validity_months);
                let new_until = add_days(until, self.rng.range(14, 40)).min(limit);
                if new_until > until && today <= until {
                    now = self.after(now, 1, 3);
                    self.pstep(i, |p| p.extend(pact(w, desk, now), rules, new_until));
                    let t2 = self.later(now, 3, 6);
                    return self.schedule(t2, move |s, t| s.permit_step(t, i));
                }
            }
            let on = self.add_working(today, 3);
            now = self.after(now, 1, 3);
            self.pstep(i, |p| p.apply_completion(pact(w, desk, now), rules, on));
            let t2 = self.time_on(on, 9, 16);
            return self.pstage(i, 11, t2);
        }
        let n = self.rng.range(3, 5) as u32;
        let mut next = self.add_working(today, n);
        if next + Days::new(7) > end {
            next = add_days(end, -7).max(add_days(today, 1));
        }
        let t2 = self
            .on_working_day(next, 9, 16)
            .max(self.after(now, 30, 60));
        self.schedule(t2, move |s, t| s.permit_step(t, i));
    }

    /// `permit refund`: finance settles the deposits, the desk closes the permit.
    fn renovation_refund(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let damage = self.pplans[i].damage;
        let damage = damage.then(|| Money::from_minor(self.rng.range(3, 20) * 10_000));
        let damage = damage.map(|m| (m, "电梯轿厢壁板划伤"));
        let (books, rules) = (self.books(), &w.settings.config.permit);
        let acts = (pact(w, FINANCE, t), pact(w, by, t));
        let unit_permits = self.permits.clone();
        let (p, l) = (&mut self.permits[i], &mut self.ledger);
        steps::refund(p, &unit_permits, l, &books, rules, acts, damage)
            .unwrap_or_else(|e| panic!("{}: permit refund: {}", self.unit.id, e.message));
        self.close_case_if_clear(t);
    }
}
