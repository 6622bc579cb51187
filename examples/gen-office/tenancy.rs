//! Tenancies: the occupants imported at the start, each move-in from leasing's notice
//! to the handover and the welcome visit, and each move-out from the written notice to
//! the refund, by the same steps as the `movein` and `moveout` commands.

use chrono::{Datelike, Duration, NaiveDateTime, Timelike};
use propdesk::model::ledger::{DepositKind, PayMethod};
use propdesk::model::party::{Party, Role};
use propdesk::model::{ids::IdKind, money::Money, unit::UnitStatus, unit::UnitUse};
use propdesk::procedure::dunning::steps::signer_of;
use propdesk::procedure::movein::inspection::Found;
use propdesk::procedure::movein::steps::{self as movein_steps, Completion};
use propdesk::procedure::movein::{self, KeySet, Meter, MeterValue, Reading};
use propdesk::procedure::moveout::inspection::{self as out_inspection, Baseline};
use propdesk::procedure::moveout::steps::{self as moveout_steps, Desk, Written};
use propdesk::procedure::moveout::{self, Lift, Slot, Terms};
use propdesk::procedure::permit::{self, Kind, Side};
use propdesk::procedure::{Refused, fees::accounts, ticket};

use super::names;
use super::sim::{FINANCE, GM, GUARD, MANAGER, Sim, TECHNICIANS, Tn, add_days, hm, pact};
use super::skeleton::Tenancy;

/// A meter's reading, in thousandths.
fn reading(meter: Meter, thousandths: i64) -> Reading {
    let reading = MeterValue::from_thousandths(thousandths);
    Reading { meter, reading }
}

/// The keys handed over with a unit, and back at the move-out.
fn keys_for(usage: UnitUse) -> Vec<KeySet> {
    let sets = match usage {
        UnitUse::Office => "大门=2 信箱=1",
        UnitUse::Shop => "卷闸门=2 后门=1",
        UnitUse::Home => "入户门=3 信箱=1",
        UnitUse::Parking => "车位锁=1",
    };
    sets.split(' ').map(|k| k.parse().expect("keys")).collect()
}

/// Defects found at a joint inspection: item, what is wrong.
#[rustfmt::skip]
const DEFECTS: &[(&str, &str)] = &[
    ("walls", "窗边墙面裂缝"), ("ceiling", "天花板有水渍"), ("lights", "两盏灯不亮"),
    ("sockets", "一处插座松动"), ("door-and-lock", "门锁开关不顺"), ("windows", "窗户密封条老化"),
    ("floor", "地面两块地砖空鼓"), ("air-conditioning", "空调面板不显示"),
    ("water-taps", "厨房水龙头滴水"), ("toilet", "马桶冲水不畅"), ("shutter", "卷闸门卡顿"),
    ("markings", "车位标线模糊"), ("barrier", "挡车器松动"),
];

/// Damage found at a move-out inspection: item, what, the cost in yuan (from, to).
#[rustfmt::skip]
const DAMAGES: &[(&str, &str, i64, i64)] = &[
    ("walls", "墙面污损、钉孔较多", 300, 1500), ("floor", "地面划伤", 200, 1200),
    ("door-and-lock", "门锁损坏", 260, 600), ("lights", "灯具缺失", 100, 500),
    ("ceiling", "吊顶板破损", 150, 800), ("windows", "玻璃裂纹", 300, 1200),
    ("sockets", "插座面板损坏", 50, 200),
];

/// What the desk notes of a welcome visit.
#[rustfmt::skip]
const VISITS: &[&str] = &[
    "上门走访，办公已正常，无其他需求", "走访租户，反映空调偏冷，已转工程部调整",
    "电话预约后上门走访，对入驻手续满意", "走访并介绍报修及缴费流程",
];

/// What leasing may have promised a new tenant.
#[rustfmt::skip]
const PROMISES: &[&str] = &[
    "免租装修期一个月", "免费提供两个访客车位至租期结束", "入驻前完成空调清洗",
    "协调增加一部门禁读卡器",
];

/// What a move takes out of the unit: a few of its things, on a goods exit pass.
pub fn exit_items(rng: &mut super::rng::Rng, usage: UnitUse) -> Vec<String> {
    let pool: Vec<&str> = match usage {
        UnitUse::Office => {
            "办公桌20张 办公椅30把 文件柜8个 保险柜1个 电脑及显示器25套 会议桌1张 打印机2台"
        }
        UnitUse::Shop => "货架12组 收银台1个 冷柜2台 库存货物30箱",
        UnitUse::Home => "沙发1套 床2张 衣柜2个 冰箱1台 洗衣机1台 纸箱20个",
        UnitUse::Parking => "轮胎4个 储物箱2个",
    }
    .split(' ')
    .collect();
    let n = rng.range(2, pool.len().min(5) as i64) as usize;
    let start = rng.below(pool.len() as u64) as usize;
    let item = |k: usize| pool[(start + k) % pool.len()].to_string();
    (0..n).map(item).collect()
}

/// A step of a tenancy's move-in or move-out.
type Step<'w> = fn(&mut Sim<'w>, NaiveDateTime, usize);

/// Who attends an inspection: an engineer, the guard, and who signs for the party.
fn attendees(rng: &mut super::rng::Rng, signer: &str) -> Vec<String> {
    let engineer = format!("工程部-{}", TECHNICIANS[rng.below(6) as usize]);
    vec![engineer, GUARD.to_string(), signer.to_string()]
}

impl<'w> Sim<'w> {
    /// The office's first day: the unit registered with its owner and, if it was let
    /// already, its occupant; every move-in, move-out and ticket arrival scheduled.
    pub fn setup(&mut self) {
        let (w, start) = (self.w, self.w.start.and_time(hm(9, 0)));
        for (i, t) in w.plans[self.idx].iter().enumerate() {
            self.tn.push(Tn::default());
            if t.imported {
                let later = match t.owner_occupied {
                    true => 0,
                    false => self.rng.range(0, 20),
                };
                let (party, signer) = self.occupant(start + Duration::minutes(later), t);
                (self.unit.occupant, self.unit.status) =
                    (Some(party.clone()), UnitStatus::Occupied);
                self.unit.history[0].note = Some("期初建档（已入住）".to_string());
                (self.tn[i].party, self.tn[i].signer, self.tn[i].active) = (party, signer, true);
                self.cur = Some(i);
                // The lease deposit held when records began.
                if self.unit.usage != UnitUse::Parking {
                    let deposits = &w.settings.config.movein.deposits;
                    let lease = deposits.iter().find(|d| d.kind == DepositKind::Lease);
                    let amount = lease.map_or(Money::from_minor(300_000), |d| d.amount);
                    let (t, what) = (start + Duration::minutes(30), "期初余额结转".to_string());
                    self.receive_deposit(t, DepositKind::Lease, amount, what);
                }
            } else {
                let t0 = self.time_on(t.notice, 9, 11);
                self.schedule(t0, move |s, t| s.movein_step(t, i));
            }
            if let Some(o) = &t.out {
                let t1 = self.time_on(o.notice, 9, 12);
                self.schedule(t1, move |s, t| s.moveout_step(t, i));
            }
        }
        let _ = self.read_meters(w.start);
        let electricity = self.rng.range(1000, 90000) * 1000;
        let water = self.rng.range(50, 3000) * 1000;
        self.meters = [electricity, water, self.rng.range(20, 900) * 1000];
    }

    /// The unit's owner.
    pub fn owner(&self) -> &'w Party {
        &self.w.owners[self.w.unit_owner[self.idx]]
    }

    /// Who occupies the unit in tenancy `plan`: its owner, or a tenant added at `t`.
    /// The party's ID and who signs for it.
    fn occupant(&mut self, t: NaiveDateTime, plan: &Tenancy) -> (String, String) {
        if plan.owner_occupied {
            return (self.owner().id.clone(), signer_of(Some(self.owner())));
        }
        self.new_tenant(t, plan.company)
    }

    /// A party of the office: an owner, or one the simulation added.
    pub fn party(&self, id: &str) -> Option<&Party> {
        let mut all = self.w.owners.iter().chain(&self.parties);
        all.find(|p| p.id == id)
    }

    /// The step tried again `days` working days later, `limit` times (false: given up).
    fn retry(
        &mut self,
        t: NaiveDateTime,
        i: usize,
        (limit, days): (u32, u32),
        step: Step<'w>,
    ) -> bool {
        self.tn[i].retries += 1;
        let again = self.tn[i].retries < limit;
        if again {
            let t2 = self.later_day(t, days);
            self.schedule(t2, move |s, t| step(s, t, i));
        }
        again
    }

    /// The move-in waits for the unit: tried again two working days later.
    fn wait_in(&mut self, t: NaiveDateTime, i: usize) {
        self.retry(t, i, (30, 2), Sim::movein_step);
    }

    /// The next step of the move-in, when the desk is open (it takes the steps of a
    /// move until 17:30).
    fn next_in(&mut self, i: usize, t: NaiveDateTime) {
        self.tn[i].stage_in += 1;
        let t = self.desk_open(t, hm(17, 30), 11);
        self.schedule(t, move |s, t| s.movein_step(t, i));
    }

    /// The next step of the move-out, when the desk is open; security takes the pass
    /// at the booked lift, whatever the hour, and what comes before the lift is done
    /// before it, even after hours.
    fn next_out(&mut self, i: usize, t: NaiveDateTime) {
        self.tn[i].stage_out += 1;
        let stage = self.tn[i].stage_out;
        let t = match stage {
            11 => t,
            _ => {
                let o = self.w.plans[self.idx][i].out.as_ref();
                let (day, slot) = o.expect("a move-out").lift;
                let lift = day.and_time(hm(7, 0)) + Duration::minutes(i64::from(slot) * 30);
                let d = self.desk_open(t, hm(17, 30), 11);
                if stage < 11 && d >= lift { t } else { d }
            }
        };
        self.schedule(t, move |s, t| s.moveout_step(t, i));
    }

    pub fn movein_step(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let (rules, act) = (&w.settings.config.movein, pact(w, by, t));
        let Some(mi) = self.tn[i].movein else {
            return self.movein_notice(t, i);
        };
        let t2 = match self.tn[i].stage_in {
            1 => {
                let m = &mut self.moveins[mi];
                let items: Vec<String> = m.documents.iter().map(|c| c.item.clone()).collect();
                let from = m.agent.clone().unwrap_or_else(|| self.tn[i].signer.clone());
                m.receive(act, &items, &from).expect("documents");
                self.later(t, 0, 1)
            }
            2 => {
                let m = &mut self.moveins[mi];
                let items: Vec<String> = m.handouts.iter().map(|c| c.item.clone()).collect();
                let signer = &self.tn[i].signer;
                m.sign_for(act, &items, signer).expect("handouts");
                let day = add_days(m.lease_start, -self.rng.range(1, 3)).max(t.date());
                self.on_working_day(day, 9, 16).max(self.after(t, 30, 90))
            }
            3 => self.movein_inspect(t, i, mi),
            4 => {
                // `movein bill`: the first period's fees and the move-in charges.
                let (books, m) = (self.books(), &mut self.moveins[mi]);
                let _ = movein_steps::bill(m, &mut self.ledger, &self.unit, &books, rules, act);
                let start = self.moveins[mi].lease_start;
                let day = add_days(t.date(), self.rng.range(0, 2)).min(start.max(t.date()));
                self.time_on(day, 9, 17).max(self.after(t, 20, 120))
            }
            5 => {
                // Fees and deposits paid at finance before the keys.
                self.pay_open(t, false);
                for (kind, required, held) in self.movein_around(mi).deposits_short {
                    let amount = Money::from_minor(required.minor() - held.minor());
                    let r = self.receipt_no(t.date());
                    self.receive_deposit(t, kind, amount, r);
                }
                let day = self.moveins[mi].lease_start.max(t.date());
                self.on_working_day(day, 9, 11).max(self.after(t, 30, 60))
            }
            6 => return self.movein_complete(t, i),
            _ => return,
        };
        self.next_in(i, t2);
    }

    /// Leasing's move-in notice, once the unit is free: its last occupant moved out,
    /// refunded and settled, so that the new occupant's money never mixes with theirs
    /// on the unit's ledger.
    fn movein_notice(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let (plan, rules) = (&w.plans[self.idx][i], &w.settings.config.movein);
        let pending = |m: &moveout::MoveOut| m.completed.is_none() || m.refund_due().is_some();
        let occupied = self.unit.status == UnitStatus::Occupied;
        self.sync();
        if occupied || self.moveouts.iter().any(pending) || self.st.balance().minor() > 0 {
            return self.wait_in(t, i);
        }
        let (party, signer) = self.occupant(t, plan);
        let t = self.after(t, 10, 40);
        let id = self.ids.next(IdKind::MoveIn, t.date());
        let agent = self.rng.chance(0.08);
        let agent = agent.then(|| format!("{}（代理人）", names::person_name(&mut self.rng).0));
        let promise = self.rng.chance(0.12);
        let promise = promise.then(|| self.rng.pick(PROMISES).to_string());
        let start = plan.lease_start.max(t.date());
        let notice = movein::Notice {
            role: [Role::Tenant, Role::Owner][usize::from(plan.owner_occupied)],
            notice_date: t.date(),
            lease_start: start,
            lease_end: plan.lease_end,
            fees_from: (!plan.fees_from_notice).then_some(start),
            agent,
            promises: promise.into_iter().collect(),
        };
        let (p, act) = (self.party(&party).expect("a party"), pact(w, by, t));
        let m = movein_steps::open(&id, notice, &self.unit, p, &self.moveins, rules, act);
        // A move-in that stalled still holds the unit.
        let Ok(m) = m else { return self.wait_in(t, i) };
        self.moveins.push(m);
        (self.tn[i].party, self.tn[i].signer) = (party, signer);
        self.tn[i].movein = Some(self.moveins.len() - 1);
        let t2 = self.after(t, 20, 90);
        self.next_in(i, t2);
    }

    /// The joint inspection, the defects found becoming repair tickets; when next.
    fn movein_inspect(&mut self, t: NaiveDateTime, i: usize, mi: usize) -> NaiveDateTime {
        let (w, act) = (self.w, self.desk_act(t));
        let (rules, usage) = (&w.settings.config.movein, self.unit.usage);
        let now = self.read_meters(t.date());
        let meters = rules.meters.get(usage).iter();
        let readings: Vec<Reading> = meters.map(|m| reading(*m, now[*m as usize])).collect();
        let list = rules.facilities.get(usage);
        let mut defects: Vec<(String, String)> = Vec::new();
        if self.rng.chance(0.2) {
            for _ in 0..self.rng.range(1, 2) {
                let free = |(item, _): &&(&str, &str)| {
                    list.iter().any(|x| x == item) && !defects.iter().any(|(d, _)| d == item)
                };
                let options: Vec<_> = DEFECTS.iter().filter(free).collect();
                if options.is_empty() {
                    break;
                }
                let (item, text) = **self.rng.pick(&options);
                defects.push((item.to_string(), text.to_string()));
            }
        }
        let attendees = attendees(&mut self.rng, &self.tn[i].signer);
        let found = Found {
            attendees,
            readings,
            defects,
            fix_by: None,
        };
        let party = self.party(&self.moveins[mi].party).cloned();
        let (ids, m) = (&mut self.ids, &mut self.moveins[mi]);
        let l = w.settings.config.locale;
        let new_id = |_: &[ticket::Ticket]| Ok::<_, Refused>(ids.next(IdKind::Ticket, t.date()));
        let unit = &self.unit;
        let inspected =
            movein_steps::inspect(m, rules, unit, party.as_ref(), &found, l, act, new_id);
        for tk in inspected.expect("inspection").0 {
            self.add_defect_ticket(t, tk);
        }
        self.after(t, 30, 90)
    }

    fn movein_around(&mut self, mi: usize) -> movein::Around {
        self.sync();
        let (m, rules) = (&self.moveins[mi], &self.w.settings.config.movein);
        let status = |id: &str| self.tickets.iter().find(|t| t.id == id).map(|t| t.status);
        let around = movein::Around::of(m, self.party(&m.party), &self.st, rules, |id| {
            Ok::<_, Refused>(status(id))
        });
        around.expect("no ticket lookup fails")
    }

    fn movein_complete(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let (mi, signer) = (
            self.tn[i].movein.expect("a move-in"),
            self.tn[i].signer.clone(),
        );
        if self.moveins[mi].keys.is_none() {
            let (keys, m) = (keys_for(self.unit.usage), &mut self.moveins[mi]);
            m.hand_keys(pact(w, by, t), keys, &signer).expect("keys");
        }
        let t = self.after(t, 1, 2);
        if self.moveins[mi].handover_signed_by.is_none() {
            let m = &mut self.moveins[mi];
            m.sign_handover(pact(w, by, t), &signer).expect("handover");
        }
        let t = self.after(t, 1, 2);
        // Anything still owed on the move-in charges is paid at the desk.
        if !self.movein_around(mi).unpaid.is_empty() {
            self.pay_open(t, false);
        }
        let around = self.movein_around(mi);
        let reinspect = (!around.open_defects.is_empty()).then(|| {
            let fix_by = self.moveins[mi].defects.iter().map(|d| d.fix_by).max();
            self.working_day(fix_by.unwrap_or(t.date()).max(add_days(t.date(), 1)))
        });
        let reason = None;
        let how = Completion { reinspect, reason };
        let (m, rules) = (&mut self.moveins[mi], &w.settings.config.movein);
        let act = pact(w, by, t);
        if let Err(e) = movein_steps::complete(m, &mut self.unit, &around, &how, rules, act) {
            if !self.retry(t, i, (20, 1), Sim::movein_step) {
                eprintln!("{}: move-in not completed: {}", self.unit.id, e);
            }
            return;
        }
        (self.tn[i].active, self.tn[i].stage_in) = (true, 7);
        self.cur = Some(i);
        // The month was billed at 08:00 on the 1st: the desk runs the bill again for
        // the new occupant (each fee is charged once a month, so only what is missing).
        let this_month = t.date().with_day(1).expect("a month");
        if t >= this_month.and_time(hm(8, 0)) {
            let (config, act) = (&w.settings.config, pact(w, FINANCE, t));
            let (billing, unit, l) = (&config.billing, &self.unit, config.locale);
            let billed = accounts::bill_month(billing, &mut self.ledger, unit, this_month, l, act)
                .unwrap_or_else(|e| panic!("{}: bill: {e}", unit.id));
            if !billed.is_empty() {
                self.schedule_monthly_payment(i, this_month);
            }
        }
        let visit_in = self.rng.range(1, i64::from(rules.welcome_visit_days));
        let vday = self.working_day(add_days(t.date(), visit_in));
        if let Some(d) = self.moveins[mi].reinspection {
            let tr = self.time_on(d, 10, 16);
            self.schedule(tr, move |s, t| s.reinspect(t, mi));
        }
        let tv = self.time_on(vday, 10, 17);
        self.schedule(tv, move |s, t| s.welcome_visit(t, mi));
        self.start_tenancy_permits(t, i);
    }

    /// Access cards on the day; a parking permit, a renovation, overtime
    /// air-conditioning and the odd goods exit pass in the months after.
    pub fn start_tenancy_permits(&mut self, t: NaiveDateTime, i: usize) {
        let (plan, usage) = (&self.w.plans[self.idx][i], self.unit.usage);
        if usage != UnitUse::Parking {
            let t2 = self.after(t, 10, 40);
            self.schedule(t2, move |s, t| s.new_permit(t, Kind::AccessCard, i));
        }
        let remaining = plan.out.as_ref().map(|o| (o.date - t.date()).num_days());
        if matches!(usage, UnitUse::Office | UnitUse::Shop) && self.rng.chance(0.15) {
            let day = add_days(t.date(), self.rng.range(3, 15));
            let t2 = self.on_working_day(day, 9, 17);
            self.schedule(t2, move |s, t| s.new_permit(t, Kind::Parking, i));
        }
        let reno = match usage {
            UnitUse::Office | UnitUse::Shop => 0.55,
            UnitUse::Home => 0.35,
            UnitUse::Parking => 0.0,
        };
        if remaining.unwrap_or(9999) > 260 && self.rng.chance(reno) {
            let day = add_days(t.date(), self.rng.range(3, 25));
            let t2 = self.on_working_day(day, 9, 17);
            self.schedule(t2, move |s, t| s.new_permit(t, Kind::Renovation, i));
        }
        if usage == UnitUse::Office && self.rng.chance(0.25) {
            self.next_overtime(t, i);
        }
        if usage != UnitUse::Parking && self.rng.chance(0.3) {
            let day = add_days(t.date(), self.rng.range(60, 700));
            let t2 = self.on_working_day(day, 9, 16);
            self.schedule(t2, move |s, t| s.new_permit(t, Kind::GoodsExit, i));
        }
    }

    /// The next overtime air-conditioning request, about a week on.
    pub fn next_overtime(&mut self, t: NaiveDateTime, i: usize) {
        let d = add_days(t.date(), self.rng.exp_days(6.0).ceil() as i64 + 1);
        let t2 = self.time_on(d, 9, 12);
        self.schedule(t2, move |s, t| s.new_permit(t, Kind::OvertimeAc, i));
    }

    pub fn welcome_visit(&mut self, t: NaiveDateTime, mi: usize) {
        let (act, note) = (self.desk_act(t), *self.rng.pick(VISITS));
        let _ = self.moveins[mi].visit(act, note);
    }

    pub fn reinspect(&mut self, t: NaiveDateTime, mi: usize) {
        let act = self.desk_act(t);
        let _ = self.moveins[mi].reinspected(act, "复检合格，遗留问题已整改");
    }

    // ---- move-out -----------------------------------------------------------------

    fn moveout_around(&self, mo: usize) -> moveout::Around {
        let rules = &self.w.settings.config.permit;
        moveout::permits::around(&self.moveouts[mo], &self.permits, rules)
    }

    /// The desk at `t`: the clerk `by`, finance posting to the ledger.
    fn out_desk(&self, by: &'static str, t: NaiveDateTime) -> Desk<'w> {
        let (w, books): (&'w super::World, _) = (self.w, self.books());
        let mut d = Desk::clerk(&w.settings.config.moveout, books, pact(w, by, t));
        d.finance = pact(w, FINANCE, t);
        d
    }

    /// The prep steps before the goods lift: spread from the notice to the day before.
    fn prep_time(&mut self, i: usize, k: i64, t: NaiveDateTime) -> NaiveDateTime {
        let o = self.w.plans[self.idx][i].out.as_ref().expect("a move-out");
        let span = ((o.lift.0 - o.notice).num_days() - 1).max(0);
        let day = add_days(o.notice, span * k / 6).max(t.date());
        self.time_on(day, 9, 17).max(self.after(t, 10, 40))
    }

    pub fn moveout_step(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let o = w.plans[self.idx][i].out.as_ref().expect("a move-out plan");
        let (act, stage) = (pact(w, by, t), self.tn[i].stage_out);
        if stage == 0 {
            return self.moveout_notice(t, i);
        }
        let Some(mo) = self.tn[i].moveout else { return };
        let t2 = match stage {
            1 => {
                if self.moveouts[mo].role == Role::Tenant {
                    let who = format!("业主-{}（盖章）", self.owner().name);
                    self.moveouts[mo].consent(act, &who).expect("consent");
                }
                self.prep_time(i, 2, t)
            }
            2 => {
                let (day, slot) = o.lift;
                let from = hm(7, 0) + Duration::minutes(i64::from(slot) * 30);
                let to = from + Duration::minutes(30);
                let lift = Lift::at(day.max(t.date()), Slot { from, to });
                moveout_steps::book_lift(&mut self.moveouts[mo], lift, &[], act).expect("lift");
                self.prep_time(i, 3, t)
            }
            3 => {
                // The access cards back before the move, their deposit refunded: the
                // settlement waits for the permits holding deposits.
                let issued = |ci: &usize| self.permits[*ci].status() == permit::Status::Issued;
                if let Some(ci) = self.tn[i].cards.filter(issued) {
                    let (books, p, ledger) =
                        (self.books(), &mut self.permits[ci], &mut self.ledger);
                    moveout::permits::return_cards(p, ledger, &books, act).expect("cards back");
                }
                self.prep_time(i, 4, t)
            }
            // Settlement before the exit pass (结算后方可开具出门证): the unit is
            // inspected, the keys are back and the move-out is settled before the
            // goods leave.
            4 => self.moveout_inspect(t, i, mo),
            5 => {
                let (mut sets, d) = (keys_for(self.unit.usage), self.out_desk(by, t));
                let m = &mut self.moveouts[mo];
                let movein = m.movein.as_ref();
                let movein = movein.and_then(|id| self.moveins.iter().find(|x| &x.id == id));
                // Now and then a key is lost, and charged.
                let mut charge = None;
                if !moveout::keys_handed(movein).is_empty() && self.rng.chance(0.04) {
                    sets[0].count -= 1;
                    charge = Some((Money::from_minor(10_000), &mut self.ledger));
                }
                moveout_steps::return_keys(m, movein, sets, GUARD, charge, &d).expect("keys");
                let t2 = self.after(t, 10, 40);
                let with = *self.rng.pick(&["保洁部", "保洁部-王班长", "外包保洁公司"]);
                let m = &mut self.moveouts[mo];
                m.arrange_cleaning(pact(w, by, t2), with).expect("cleaning");
                self.prep_time(i, 6, t2)
            }
            6 => {
                let around = self.moveout_around(mo);
                // The desk closes (and charges) chargeable work still open before the
                // statement.
                let open = |t: &ticket::Ticket| {
                    t.chargeable() && !t.status.is_final() && t.status != ticket::Status::Shelved
                };
                let settled = match self.tickets.iter().any(open) {
                    true => Err("chargeable ticket open".to_string()),
                    false => {
                        let (others, d) = (self.moveouts.clone(), self.out_desk(by, t));
                        let (m, l, unit) = (&mut self.moveouts[mo], &mut self.ledger, &self.unit);
                        let settled = moveout_steps::settle(m, l, unit, &around, &others, &d);
                        settled.map_err(|e| e.message)
                    }
                };
                if let Err(e) = settled {
                    if !self.retry(t, i, (40, 1), Sim::moveout_step) {
                        eprintln!("{}: move-out not settled: {e}", self.unit.id);
                    }
                    return;
                }
                // As `moveout settle` does: the deposits applied may clear the case.
                self.close_case_if_clear(t);
                // What the deposits did not cover is paid before the goods leave.
                let t2 = self.after(t, 10, 40);
                self.pay_up(t2);
                self.after(t2, 10, 30)
            }
            7 => {
                // The lift's day may have passed while the settlement waited: the
                // goods lift is booked again for today, while the move-out day allows.
                if !self.lift_still_ahead(t, mo) {
                    return eprintln!("{}: the goods lift day passed unsettled", self.unit.id);
                }
                self.pay_up(t);
                let standing = self.standing(t);
                let pid = self.ids.next(IdKind::Permit, t.date());
                let items = exit_items(&mut self.rng, self.unit.usage);
                let m = &mut self.moveouts[mo];
                let (p, _) =
                    moveout_steps::exit_pass(m, &pid, &items, &standing, act).expect("exit pass");
                let pass = self.add_permit(p, super::permits::Plan::new(i));
                self.tn[i].exit_pass = Some(pass);
                self.after(t, 10, 40)
            }
            8..=10 => {
                let pi = self.tn[i].exit_pass.expect("a pass");
                if stage == 10 {
                    // New charges since the settlement are paid before the desk signs.
                    self.pay_up(t);
                }
                self.sign_exit(t, pi, i, Side::ALL[stage as usize - 8]);
                match stage < 10 {
                    true => self.after(t, 10, 40),
                    false => {
                        let lift = self.moveouts[mo].lift.expect("a lift");
                        let t2 = lift.date.and_time(lift.from);
                        let t2 = t2 + Duration::minutes(self.rng.range(0, 20));
                        t2.max(self.after(t, 5, 10))
                    }
                }
            }
            11 => {
                let pi = self.tn[i].exit_pass.expect("a pass");
                let standing = self.standing(t);
                let (p, guard) = (&mut self.permits[pi], pact(w, GUARD, t));
                p.to_security(guard, GUARD, &standing).expect("security");
                match self.rng.chance(0.7) {
                    true => self.after(t, 60, 180),
                    false => self.later_day(t, 1),
                }
            }
            12 => return self.moveout_complete(t, i, mo),
            13 => {
                let (d, m) = (self.out_desk(by, t), &mut self.moveouts[mo]);
                let r = Some(format!("FK{}-{}", t.date().format("%Y%m%d"), self.unit.id));
                let how = Some(PayMethod::Transfer);
                if let Err(e) = moveout_steps::refund(m, &mut self.ledger, how, r, &d) {
                    eprintln!("{}: refund not paid: {}", self.unit.id, e.message);
                }
                return;
            }
            _ => return,
        };
        self.next_out(i, t2);
    }

    /// The written notice, with the short-notice approval and agreement the date needs.
    fn moveout_notice(&mut self, t: NaiveDateTime, i: usize) {
        let (w, by) = (self.w, self.desk(t.date()));
        let o = w.plans[self.idx][i].out.as_ref().expect("a move-out plan");
        let tn = &self.tn[i];
        if !tn.active || self.unit.occupant.as_deref() != Some(tn.party.as_str()) {
            // Never moved in (the history ended first, or the move-in stalled).
            return;
        }
        let lease_end = tn.movein.and_then(|mi| self.moveins[mi].lease_end);
        let rules = &w.settings.config.moveout;
        let (short, early) = moveout::terms_needed(rules, t.date(), o.date, lease_end);
        let mut terms = Terms::default();
        if short {
            let why = ["公司业务调整，急需搬迁", "家庭原因", "新办公室已提前交付"];
            terms.short_reason = Some(self.rng.pick(&why).to_string());
            terms.short_approved_by = Some(MANAGER.to_string());
        }
        if early {
            let day = t.date().format("%Y%m%d");
            terms.agreement = Some(format!("JY-{day}-{}", self.unit.id));
            terms.agreement_approved_by = Some(GM.to_string());
        }
        let id = self.ids.next(IdKind::MoveOut, t.date());
        let written = Written {
            notice_date: t.date(),
            date: o.date,
            lease_end: None,
            restoration_required: o.restore,
            terms,
        };
        let (outs, ins, act) = (&self.moveouts, &self.moveins, pact(w, by, t));
        let m = moveout_steps::open(&id, &mut self.unit, outs, ins, written, rules, act)
            .unwrap_or_else(|e| panic!("{}: move-out notice: {e}", self.unit.id));
        self.moveouts.push(m);
        self.tn[i].moveout = Some(self.moveouts.len() - 1);
        let t2 = self.prep_time(i, 1, t);
        self.next_out(i, t2);
    }

    /// Whether the booked goods lift is today or later; a day passed (the settlement
    /// waited) is booked again for the next half hour today, if the move-out day
    /// allows.
    fn lift_still_ahead(&mut self, t: NaiveDateTime, mo: usize) -> bool {
        let act = pact(self.w, self.desk(t.date()), t);
        let m = &mut self.moveouts[mo];
        if m.lift.is_some_and(|l| l.date >= t.date()) {
            return true;
        }
        let half_hours = (i64::from(t.time().num_seconds_from_midnight()) / 1800 + 1).max(14);
        if t.date() > m.date || half_hours > 46 {
            return false;
        }
        let from = hm(0, 0) + Duration::minutes(half_hours * 30);
        let slot = Slot {
            from,
            to: from + Duration::minutes(30),
        };
        let lift = Lift::at(t.date(), slot);
        moveout_steps::book_lift(m, lift, &[], act).is_ok()
    }

    /// The move-out inspection (restored first, if the lease says so); when next.
    fn moveout_inspect(&mut self, t: NaiveDateTime, i: usize, mo: usize) -> NaiveDateTime {
        let (w, by) = (self.w, self.desk(t.date()));
        let (config, plan) = (&w.settings.config, &w.plans[self.idx][i]);
        if plan.out.as_ref().is_some_and(|o| o.restore)
            && self.moveouts[mo].restoration_costs.is_empty()
        {
            let amount = Money::from_minor(self.rng.range(8, 60) * 10_000);
            let (what, d) = ("拆除隔断及恢复原地面，由物业代为施工", self.out_desk(by, t));
            let cost = Some((amount, what, &mut self.ledger));
            moveout_steps::restore(&mut self.moveouts[mo], None, cost, &d).expect("restoration");
        }
        let t = self.after(t, 1, 3);
        let usage = self.unit.usage;
        let mid = self.moveouts[mo].movein.clone();
        let baseline = mid.and_then(|id| self.moveins.iter().position(|m| m.id == id));
        let read_in = baseline.and_then(|b| self.moveins[b].inspection.as_ref().map(|x| x.date));
        let meters = config.movein.meters.get(usage);
        let now = self.read_meters(t.date());
        let now_of = |m: &Meter| reading(*m, now[*m as usize]);
        let readings: Vec<Reading> = meters.iter().map(now_of).collect();
        // The last readings billed: those of the 1st of the month, unless the move-in
        // was read later.
        let month_start = t.date().with_day(1).expect("a month");
        let last: Vec<Reading> = if read_in.is_some_and(|d| d >= month_start) {
            Vec::new()
        } else {
            let days = (t.date() - month_start).num_days().max(1);
            let back =
                |k: usize| ((now[k] / 400).max(0).min(now[k] / (days + 1)) * days / 100) * 100;
            let last = |m: &Meter| reading(*m, (now[*m as usize] - back(*m as usize)).max(0));
            meters.iter().map(last).collect()
        };
        let around = self.moveout_around(mo);
        let movein = baseline.map(|b| &self.moveins[b]);
        let b = Baseline::of(&config.movein, usage, movein, &around);
        let mut damages = Vec::new();
        if self.rng.chance(0.15) {
            let damageable = b.damageable();
            let free = |(item, ..): &&(&str, &str, i64, i64)| damageable.iter().any(|x| x == item);
            let options: Vec<_> = DAMAGES.iter().filter(free).collect();
            if !options.is_empty() {
                let (item, text, lo, hi) = **self.rng.pick(&options);
                let amount = Money::from_minor(self.rng.range(lo, hi) * 100);
                damages.push((item.to_string(), text.to_string(), amount));
            }
        }
        let attendees = attendees(&mut self.rng, &self.tn[i].signer);
        let found = out_inspection::Found {
            attendees,
            readings,
            last,
            damages,
        };
        let (d, m) = (self.out_desk(by, t), &mut self.moveouts[mo]);
        moveout_steps::inspect(m, &mut self.ledger, &b, &found, &d)
            .unwrap_or_else(|e| panic!("{}: move-out inspection: {}", self.unit.id, e));
        self.after(t, 10, 40)
    }

    fn moveout_complete(&mut self, t: NaiveDateTime, i: usize, mo: usize) {
        let around = self.moveout_around(mo);
        let d = self.out_desk(self.desk(t.date()), t);
        let (m, unit, case) = (&mut self.moveouts[mo], &mut self.unit, &mut self.case);
        if let Err(e) = moveout_steps::complete(m, unit, &self.ledger, case, &around, &d) {
            return eprintln!("{}: move-out not completed: {}", self.unit.id, e.message);
        }
        (self.tn[i].active, self.cur) = (false, None);
        // Still owed: carried as a debt, paid later.
        if self.moveouts[mo].debt.is_some() {
            let t2 = self.later(t, 3, 12);
            self.schedule(t2, Sim::debt_event);
        }
        if self.moveouts[mo].refund_due().is_some() {
            let t2 = self.later(t, 2, 9);
            self.next_out(i, t2);
        }
    }
}
