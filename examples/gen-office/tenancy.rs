//! Tenancies: the occupants imported at the start, each move-in from leasing's notice
//! to the handover and the welcome visit, and each move-out from the written notice to
//! the refund, as the `movein` and `moveout` commands do them.

use chrono::{Datelike, NaiveDateTime};
use propdesk::model::ids::IdKind;
use propdesk::model::ledger::{DepositKind, PayMethod};
use propdesk::model::locale::Locale;
use propdesk::model::money::Money;
use propdesk::model::party::Role;
use propdesk::model::unit::{UnitStatus, UnitUse};
use propdesk::procedure::dunning::{self, CaseStatus};
use propdesk::procedure::fees::accounts::{self, NewCharge};
use propdesk::procedure::movein::{self, KeySet, Meter, MeterValue, MoveIn};
use propdesk::procedure::moveout::{self, Cost, Lift, MoveOut, Section, Terms};
use propdesk::procedure::permit::{self, Side};
use propdesk::procedure::ticket;

use super::names;
use super::permits::Seed;
use super::sim::{Ev, FINANCE, GUARD, MANAGER, Sim, Tn, add_days, hm, pact};

fn keys_for(usage: UnitUse) -> Vec<KeySet> {
    let k = |kind: &str, count| KeySet {
        kind: kind.to_string(),
        count,
    };
    match usage {
        UnitUse::Office => vec![k("大门", 2), k("信箱", 1)],
        UnitUse::Shop => vec![k("卷闸门", 2), k("后门", 1)],
        UnitUse::Home => vec![k("入户门", 3), k("信箱", 1)],
        UnitUse::Parking => vec![k("车位锁", 1)],
    }
}

fn meter_index(m: Meter) -> usize {
    match m {
        Meter::Electricity => 0,
        Meter::Water => 1,
        Meter::Gas => 2,
    }
}

const DEFECTS: &[(&str, &str)] = &[
    ("walls", "窗边墙面裂缝"),
    ("ceiling", "天花板有水渍"),
    ("lights", "两盏灯不亮"),
    ("sockets", "一处插座松动"),
    ("door-and-lock", "门锁开关不顺"),
    ("windows", "窗户密封条老化"),
    ("floor", "地面两块地砖空鼓"),
    ("air-conditioning", "空调面板不显示"),
    ("water-taps", "厨房水龙头滴水"),
    ("toilet", "马桶冲水不畅"),
    ("shutter", "卷闸门卡顿"),
    ("markings", "车位标线模糊"),
    ("barrier", "挡车器松动"),
];

const DAMAGES: &[(&str, &str, i64, i64)] = &[
    ("walls", "墙面污损、钉孔较多", 300, 1500),
    ("floor", "地面划伤", 200, 1200),
    ("door-and-lock", "门锁损坏", 260, 600),
    ("lights", "灯具缺失", 100, 500),
    ("ceiling", "吊顶板破损", 150, 800),
    ("windows", "玻璃裂纹", 300, 1200),
    ("sockets", "插座面板损坏", 50, 200),
];

impl Sim<'_> {
    /// The office's first day: the unit registered with its owner and, if it was let
    /// already, its occupant; every move-in, move-out and ticket arrival scheduled.
    pub fn setup(&mut self) {
        let w = self.w;
        let plans = &w.plans[self.idx];
        let start = w.start.and_time(hm(9, 0));
        for (i, t) in plans.iter().enumerate() {
            self.tn.push(Tn::default());
            if t.imported {
                let (party, name, signer) = if t.owner_occupied {
                    let o = &w.owners[w.unit_owner[self.idx]];
                    (
                        o.id.clone(),
                        o.name.clone(),
                        o.contact.clone().unwrap_or_else(|| o.name.clone()),
                    )
                } else {
                    let trade = trade_of(self.unit.usage);
                    let t0 = start + chrono::Duration::minutes(self.rng.range(0, 20));
                    self.new_party(t0, t.company, Role::Tenant, trade)
                };
                self.unit.occupant = Some(party.clone());
                self.unit.status = UnitStatus::Occupied;
                self.unit.history[0].note = Some("期初建档（已入住）".to_string());
                let tn = &mut self.tn[i];
                tn.party = party;
                tn.party_name = name;
                tn.signer = signer;
                tn.active = true;
                self.cur = Some(i);
                // The lease deposit held when records began.
                if self.unit.usage != UnitUse::Parking {
                    let books = self.books();
                    let clerk = self.clerk(FINANCE, start + chrono::Duration::minutes(30));
                    let amount = w
                        .settings
                        .config
                        .movein
                        .deposits
                        .iter()
                        .find(|d| d.kind == DepositKind::Lease)
                        .map_or(Money::from_minor(300_000), |d| d.amount);
                    accounts::receive_deposit(
                        &books,
                        &mut self.ledger,
                        clerk,
                        DepositKind::Lease,
                        amount,
                        Some(PayMethod::Transfer),
                        Some("期初余额结转".to_string()),
                    )
                    .expect("opening deposit");
                    self.touched();
                }
            } else {
                let t0 = self.time_on(t.notice, 9, 11);
                self.schedule(t0, Ev::MoveIn(i));
            }
            if let Some(o) = &t.out {
                let t1 = self.time_on(o.notice, 9, 12);
                self.schedule(t1, Ev::MoveOut(i));
            }
        }
        let _ = self.read_meters(w.start);
        let seedm = self.rng.range(1000, 90000) * 1000;
        self.meters = [
            seedm,
            self.rng.range(50, 3000) * 1000,
            self.rng.range(20, 900) * 1000,
        ];
    }

    fn next_in(&mut self, i: usize, t: NaiveDateTime) {
        self.tn[i].stage_in += 1;
        let t = self.desk_hours(t);
        self.schedule(t, Ev::MoveIn(i));
    }

    fn next_out(&mut self, i: usize, t: NaiveDateTime) {
        self.tn[i].stage_out += 1;
        // Security takes the pass at the booked lift, whatever the hour; what comes
        // before the lift is done before it, even after hours.
        let stage = self.tn[i].stage_out;
        let t = if stage == 8 {
            t
        } else {
            let w = self.w;
            let o = w.plans[self.idx][i].out.as_ref().expect("a move-out");
            let lift =
                o.lift.0.and_time(hm(7, 0)) + chrono::Duration::minutes(i64::from(o.lift.1) * 30);
            let d = self.desk_hours(t);
            if stage < 8 && d >= lift { t } else { d }
        };
        self.schedule(t, Ev::MoveOut(i));
    }

    /// `t`, or the next working morning if the desk is closed then.
    fn desk_hours(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let h = t.time();
        if self.is_working_day(t.date()) && h >= hm(9, 0) && h < hm(17, 30) {
            return t;
        }
        let d = if h >= hm(17, 30) || !self.is_working_day(t.date()) {
            self.add_working(t.date(), 1)
        } else {
            t.date()
        };
        self.time_on(d, 9, 11).max(t)
    }

    /// A time `from..to` minutes after `t`.
    pub fn after(&mut self, t: NaiveDateTime, from: i64, to: i64) -> NaiveDateTime {
        t + chrono::Duration::minutes(self.rng.range(from, to))
    }

    /// Office hours on the working day `n` working days after `t`'s day, not before `t`.
    pub fn later_day(&mut self, t: NaiveDateTime, n: u32) -> NaiveDateTime {
        let d = if n == 0 {
            self.working_day(t.date())
        } else {
            self.add_working(t.date(), n)
        };
        let x = self.time_on(d, 9, 17);
        x.max(t + chrono::Duration::minutes(5))
    }

    pub fn movein_step(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let plan = &w.plans[self.idx][i];
        let rules = &w.settings.config.movein;
        let by = self.desk(t.date());
        match self.tn[i].stage_in {
            0 => {
                // The unit must be free: the last occupant's move-out comes first.
                // ...and its refund paid and its debts settled, so that the new
                // occupant's money never mixes with them on the unit's ledger.
                let busy = self.unit.status == UnitStatus::Occupied
                    || self.moveouts.iter().any(|m| {
                        m.status == moveout::Status::InProgress || m.refund_due().is_some()
                    })
                    || self.balance > 0;
                if busy {
                    self.tn[i].retries += 1;
                    if self.tn[i].retries < 30 {
                        let t2 = self.later_day(t, 2);
                        self.schedule(t2, Ev::MoveIn(i));
                    }
                    return;
                }
                let (party, name, signer, kind) = if plan.owner_occupied {
                    let o = &w.owners[w.unit_owner[self.idx]];
                    (
                        o.id.clone(),
                        o.name.clone(),
                        o.contact.clone().unwrap_or_else(|| o.name.clone()),
                        o.kind,
                    )
                } else {
                    let (p, n, s) =
                        self.new_party(t, plan.company, Role::Tenant, trade_of(self.unit.usage));
                    let kind = self.parties.last().map(|x| x.kind).expect("a party");
                    (p, n, s, kind)
                };
                let t = self.after(t, 10, 40);
                let id = self.ids.next(IdKind::MoveIn, t.date());
                let agent = self
                    .rng
                    .chance(0.08)
                    .then(|| format!("{}（代理人）", names::person_name(&mut self.rng).0));
                let promises = if self.rng.chance(0.12) {
                    vec![
                        (*self.rng.pick(&[
                            "免租装修期一个月",
                            "免费提供两个访客车位至租期结束",
                            "入驻前完成空调清洗",
                            "协调增加一部门禁读卡器",
                        ]))
                        .to_string(),
                    ]
                } else {
                    Vec::new()
                };
                let notice = movein::Notice {
                    unit: self.unit.id.clone(),
                    party: party.clone(),
                    role: if plan.owner_occupied {
                        Role::Owner
                    } else {
                        Role::Tenant
                    },
                    party_kind: kind,
                    notice_date: t.date(),
                    lease_start: plan.lease_start.max(t.date()),
                    lease_end: plan.lease_end,
                    fees_from: (!plan.fees_from_notice).then_some(plan.lease_start.max(t.date())),
                    agent,
                    promises,
                };
                let m =
                    MoveIn::new(&id, notice, rules, pact(self.w, by, t)).expect("move-in notice");
                self.moveins.push(m);
                let tn = &mut self.tn[i];
                tn.party = party;
                tn.party_name = name;
                tn.signer = signer;
                tn.movein = Some(self.moveins.len() - 1);
                let t2 = self.after(t, 20, 90);
                self.next_in(i, t2);
            }
            1 => {
                let mi = self.tn[i].movein.expect("a move-in");
                let items: Vec<String> = self.moveins[mi]
                    .documents
                    .iter()
                    .map(|c| c.item.clone())
                    .collect();
                let from = self.moveins[mi]
                    .agent
                    .clone()
                    .unwrap_or_else(|| self.tn[i].signer.clone());
                self.moveins[mi]
                    .receive(pact(self.w, by, t), &items, &from)
                    .expect("documents");
                let t2 = {
                    let n = self.rng.range(0, 1) as u32;
                    self.later_day(t, n)
                };
                self.next_in(i, t2);
            }
            2 => {
                let mi = self.tn[i].movein.expect("a move-in");
                let items: Vec<String> = self.moveins[mi]
                    .handouts
                    .iter()
                    .map(|c| c.item.clone())
                    .collect();
                let signer = self.tn[i].signer.clone();
                self.moveins[mi]
                    .sign_for(pact(self.w, by, t), &items, &signer)
                    .expect("handouts");
                let lease_start = self.moveins[mi].lease_start;
                let day = add_days(lease_start, -self.rng.range(1, 3)).max(t.date());
                let day = self.working_day(day);
                let t2 = self.time_on(day, 9, 16).max(self.after(t, 30, 90));
                self.next_in(i, t2);
            }
            3 => self.movein_inspect(t, i),
            4 => {
                self.movein_bill(t, i);
                let mi = self.tn[i].movein.expect("a move-in");
                let start = self.moveins[mi].lease_start;
                let day = add_days(t.date(), self.rng.range(0, 2)).min(start.max(t.date()));
                let t2 = self.time_on(day, 9, 17).max(self.after(t, 20, 120));
                self.next_in(i, t2);
            }
            5 => {
                // Fees and deposits paid at finance before the keys.
                self.pay_open(t, false);
                self.fresh();
                let books = self.books();
                for d in &rules.deposits {
                    let held = self
                        .st
                        .deposits
                        .get(&d.kind)
                        .map_or(Money::ZERO, |x| x.held());
                    if held < d.amount {
                        let amount = Money::from_minor(d.amount.minor() - held.minor());
                        let r = Some(self.receipt_no(t.date()));
                        let clerk = self.clerk(FINANCE, t);
                        accounts::receive_deposit(
                            &books,
                            &mut self.ledger,
                            clerk,
                            d.kind,
                            amount,
                            Some(PayMethod::Transfer),
                            r,
                        )
                        .expect("deposit");
                    }
                }
                self.touched();
                let mi = self.tn[i].movein.expect("a move-in");
                let start = self.moveins[mi].lease_start;
                let day = self.working_day(start.max(t.date()));
                let t2 = self.time_on(day, 9, 11).max(self.after(t, 30, 60));
                self.next_in(i, t2);
            }
            6 => self.movein_complete(t, i),
            _ => {}
        }
    }

    fn movein_inspect(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let rules = &w.settings.config.movein;
        let by = self.desk(t.date());
        let mi = self.tn[i].movein.expect("a move-in");
        let usage = self.unit.usage;
        let readings_now = self.read_meters(t.date());
        let readings: Vec<(Meter, MeterValue)> = rules
            .meters
            .get(usage)
            .iter()
            .map(|m| {
                (
                    *m,
                    MeterValue::from_thousandths(readings_now[meter_index(*m)]),
                )
            })
            .collect();
        let list = rules.facilities.get(usage);
        let mut defects: Vec<(String, String)> = Vec::new();
        if self.rng.chance(0.2) {
            let n = self.rng.range(1, 2);
            for _ in 0..n {
                let options: Vec<&(&str, &str)> = DEFECTS
                    .iter()
                    .filter(|(item, _)| {
                        list.iter().any(|x| x == item) && !defects.iter().any(|(d, _)| d == item)
                    })
                    .collect();
                if options.is_empty() {
                    break;
                }
                let (item, text) = **self.rng.pick(&options);
                defects.push((item.to_string(), text.to_string()));
            }
        }
        let attendees = vec![
            format!(
                "工程部-{}",
                super::sim::TECHNICIANS[self.rng.below(6) as usize]
            ),
            GUARD.to_string(),
            self.tn[i].signer.clone(),
        ];
        let found = self.moveins[mi]
            .inspect(
                pact(self.w, by, t),
                rules,
                usage,
                &attendees,
                &readings,
                &defects,
            )
            .expect("inspection");
        let fix_by = add_days(t.date(), i64::from(rules.defect_fix_days));
        let reporter = self.tn[i].signer.clone();
        for (item, description) in found {
            let tid = self.ids.next(IdKind::Ticket, t.date());
            let locale = w.settings.config.locale;
            let act = propdesk::procedure::Act {
                by,
                at: self.at(t),
                today: t.date(),
            };
            let tk = self.moveins[mi]
                .defect_ticket(&tid, &item, &description, &reporter, fix_by, locale, act)
                .expect("defect ticket");
            self.add_defect_ticket(t, tk, fix_by);
        }
        let t2 = self.after(t, 30, 90);
        self.next_in(i, t2);
    }

    /// `movein bill`: the first period's fees from the fee start (by the day), through
    /// this month, due no earlier than today, and the move-in charges.
    fn movein_bill(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let config = &w.settings.config;
        let by = self.desk(t.date());
        let mi = self.tn[i].movein.expect("a move-in");
        let clerk = self.clerk(by, t);
        let new = movein::bill::charge(
            &self.books(),
            &config.movein,
            &mut self.ledger,
            &self.unit,
            &self.moveins[mi],
            clerk,
        )
        .expect("move-in bill")
        .entries;
        self.touched();
        let total = Money::from_minor(
            self.ledger
                .entries
                .iter()
                .filter(|e| new.contains(&e.no))
                .map(|e| e.amount.minor())
                .sum(),
        );
        if !new.is_empty() {
            self.moveins[mi]
                .billed(pact(self.w, by, t), &new, total)
                .expect("billed");
        }
    }

    fn movein_around(&self, mi: usize) -> movein::Around {
        let w = self.w;
        let m = &self.moveins[mi];
        let party = w
            .owners
            .iter()
            .chain(self.parties.iter())
            .find(|p| p.id == m.party);
        movein::Around::of(m, party, &self.st, &w.settings.config.movein, |id| {
            Ok(self.tickets.iter().find(|t| t.id == id).map(|t| t.status))
        })
        .expect("no ticket lookup fails")
    }

    fn movein_complete(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let by = self.desk(t.date());
        let mi = self.tn[i].movein.expect("a move-in");
        let signer = self.tn[i].signer.clone();
        if self.moveins[mi].keys.is_none() {
            let keys = keys_for(self.unit.usage);
            self.moveins[mi]
                .hand_keys(pact(self.w, by, t), keys, &signer)
                .expect("keys");
        }
        let t = self.after(t, 1, 2);
        if self.moveins[mi].handover_signed_by.is_none() {
            self.moveins[mi]
                .sign_handover(pact(self.w, by, t), &signer)
                .expect("handover");
        }
        let t = self.after(t, 1, 2);
        // Anything still owed on the move-in charges is paid at the desk.
        self.fresh();
        if !self.movein_around(mi).unpaid.is_empty() {
            self.pay_open(t, false);
            self.fresh();
        }
        let around = self.movein_around(mi);
        let reinspect = (!around.open_defects.is_empty()).then(|| {
            let fix_by = self.moveins[mi]
                .defects
                .iter()
                .map(|d| d.fix_by)
                .max()
                .unwrap_or(t.date());
            self.working_day(fix_by.max(add_days(t.date(), 1)))
        });
        if let Err(e) = self.moveins[mi].complete(pact(self.w, by, t), &around, reinspect, None) {
            self.tn[i].retries += 1;
            if self.tn[i].retries < 20 {
                let t2 = self.later_day(t, 1);
                self.schedule(t2, Ev::MoveIn(i));
            } else {
                eprintln!("{}: move-in not completed: {}", self.unit.id, e);
            }
            return;
        }
        let m = &self.moveins[mi];
        let old = (
            self.unit.occupant.clone(),
            self.unit.status,
            self.unit.fees_from,
        );
        self.unit.occupant = Some(m.party.clone());
        let mut owner_note = String::new();
        if m.role == Role::Owner && self.unit.owner.is_none() {
            self.unit.owner = Some(m.party.clone());
            owner_note = format!("; owner {} (was none)", m.party);
        }
        self.unit.status = UnitStatus::Occupied;
        self.unit.fees_from = Some(m.fees_from);
        self.unit.fees_until = None;
        let note = format!(
            "{} ({}); occupant {} (was {}), status occupied (was {}), fees from {} (was {}){owner_note}",
            m.id,
            m.role,
            m.party,
            old.0.as_deref().unwrap_or("none"),
            old.1,
            m.fees_from,
            old.2.map_or("unset".to_string(), |d| d.to_string())
        );
        self.unit_entry(t, by, "moved-in", note);
        self.tn[i].active = true;
        self.tn[i].stage_in = 7;
        self.cur = Some(i);
        // The desk runs the month's bill again for the new occupant (it charges each
        // fee once a month, so only what is missing).
        let this_month = t.date().with_day(1).expect("a month");
        if t >= this_month.and_time(hm(8, 0)) {
            let config = &w.settings.config;
            let clerk = self.clerk(FINANCE, t);
            let new = accounts::bill_month(
                &config.billing,
                &mut self.ledger,
                &self.unit,
                this_month,
                config.locale,
                clerk,
            );
            if !new.is_empty() {
                self.touched();
                self.schedule_monthly_payment(i, this_month);
            }
        }
        let m = &self.moveins[mi];
        let visit_in = self
            .rng
            .range(1, i64::from(w.settings.config.movein.welcome_visit_days));
        let vday = self.working_day(add_days(t.date(), visit_in));
        if let Some(d) = m.reinspection {
            let tr = self.time_on(d, 10, 16);
            self.schedule(tr, Ev::Reinspect(mi));
        }
        let tv = self.time_on(vday, 10, 17);
        self.schedule(tv, Ev::Visit(mi));
        self.start_tenancy_permits(t, i);
    }

    /// Access cards on the day; a parking permit, a renovation, overtime
    /// air-conditioning and the odd goods exit pass in the months after.
    pub fn start_tenancy_permits(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let plan = &w.plans[self.idx][i];
        let usage = self.unit.usage;
        if usage != UnitUse::Parking {
            let t2 = self.after(t, 10, 40);
            self.schedule(t2, Ev::NewPermit(Seed::AccessCard(i)));
        }
        let remaining = plan
            .out
            .as_ref()
            .map_or(9999, |o| (o.date - t.date()).num_days());
        if matches!(usage, UnitUse::Office | UnitUse::Shop) && self.rng.chance(0.15) {
            let day = {
                let n = self.rng.range(3, 15);
                self.working_day(add_days(t.date(), n))
            };
            let t2 = self.time_on(day, 9, 17);
            self.schedule(t2, Ev::NewPermit(Seed::Parking(i)));
        }
        let reno = match usage {
            UnitUse::Office | UnitUse::Shop => 0.55,
            UnitUse::Home => 0.35,
            UnitUse::Parking => 0.0,
        };
        if remaining > 260 && self.rng.chance(reno) {
            let day = {
                let n = self.rng.range(3, 25);
                self.working_day(add_days(t.date(), n))
            };
            let t2 = self.time_on(day, 9, 17);
            self.schedule(t2, Ev::NewPermit(Seed::Renovation(i)));
        }
        if usage == UnitUse::Office && self.rng.chance(0.25) {
            self.tn[i].overtime_ac = true;
            self.next_overtime(t, i);
        }
        if usage != UnitUse::Parking && self.rng.chance(0.3) {
            let d = add_days(t.date(), self.rng.range(60, 700));
            let t2 = self.time_on(self.working_day(d), 9, 16);
            self.schedule(t2, Ev::NewPermit(Seed::GoodsExit(i)));
        }
    }

    pub fn welcome_visit(&mut self, t: NaiveDateTime, mi: usize) {
        let by = self.desk(t.date());
        let note = *self.rng.pick(&[
            "上门走访，办公已正常，无其他需求",
            "走访租户，反映空调偏冷，已转工程部调整",
            "电话预约后上门走访，对入驻手续满意",
            "走访并介绍报修及缴费流程",
        ]);
        let _ = self.moveins[mi].visit(pact(self.w, by, t), note);
    }

    pub fn reinspect(&mut self, t: NaiveDateTime, mi: usize) {
        let by = self.desk(t.date());
        let _ = self.moveins[mi].reinspected(pact(self.w, by, t), "复检合格，遗留问题已整改");
    }

    // ---- move-out -----------------------------------------------------------------

    fn moveout_around(&self, m: &MoveOut) -> moveout::Around {
        moveout::Around::of(m, &self.permits, &self.w.settings.config.permit)
    }

    /// The prep steps before the goods lift: spread from the notice to the day before.
    fn prep_time(&mut self, i: usize, k: i64, t: NaiveDateTime) -> NaiveDateTime {
        let o = self.w.plans[self.idx][i].out.as_ref().expect("a move-out");
        let span = ((o.lift.0 - o.notice).num_days() - 1).max(0);
        let day = add_days(o.notice, span * k / 6).max(t.date());
        let x = self.time_on(day, 9, 17);
        x.max(self.after(t, 10, 40))
    }

    pub fn moveout_step(&mut self, t: NaiveDateTime, i: usize) {
        let w = self.w;
        let plan = &w.plans[self.idx][i];
        let o = plan.out.as_ref().expect("a move-out plan");
        let by = self.desk(t.date());
        let stage = self.tn[i].stage_out;
        if stage == 0 {
            let tn = &self.tn[i];
            if !tn.active || self.unit.occupant.as_deref() != Some(tn.party.as_str()) {
                // Never moved in (the history ended first, or the move-in stalled).
                return;
            }
            let party = tn.party.clone();
            let role = if self.unit.owner.as_deref() == Some(party.as_str()) {
                Role::Owner
            } else {
                Role::Tenant
            };
            let movein = tn.movein.map(|mi| &self.moveins[mi]);
            let lease_end = movein.and_then(|m| m.lease_end);
            let mut terms = Terms::default();
            if (o.date - t.date()).num_days() < i64::from(w.settings.config.moveout.notice_days) {
                terms.short_reason = Some(
                    self.rng
                        .pick(&["公司业务调整，急需搬迁", "家庭原因", "新办公室已提前交付"])
                        .to_string(),
                );
                terms.short_approved_by = Some(MANAGER.to_string());
            }
            if lease_end.is_some_and(|e| o.date < e) {
                terms.agreement =
                    Some(format!("JY-{}-{}", t.date().format("%Y%m%d"), self.unit.id));
                terms.agreement_approved_by = Some(super::sim::GM.to_string());
            }
            let id = self.ids.next(IdKind::MoveOut, t.date());
            let notice = moveout::Notice {
                unit: self.unit.id.clone(),
                party: party.clone(),
                role,
                notice_date: t.date(),
                date: o.date,
                lease_end,
                movein: movein.map(|m| m.id.clone()),
                restoration_required: o.restore,
                terms,
            };
            let m = match MoveOut::new(&id, notice, &w.settings.config.moveout, pact(self.w, by, t))
            {
                Ok(m) => m,
                Err(e) => panic!("{}: move-out notice: {e}", self.unit.id),
            };
            let old = self.unit.fees_until;
            self.unit.fees_until = Some(m.date);
            let note = format!(
                "{}: {} moves out on {}; billed until {} (was {})",
                m.id,
                m.party,
                m.date,
                m.date,
                old.map_or("unset".to_string(), |d| d.to_string())
            );
            self.unit_entry(t, by, "moving-out", note);
            self.moveouts.push(m);
            self.tn[i].moveout = Some(self.moveouts.len() - 1);
            let t2 = self.prep_time(i, 1, t);
            self.next_out(i, t2);
            return;
        }
        let Some(mo) = self.tn[i].moveout else { return };
        match stage {
            1 => {
                if self.moveouts[mo].role == Role::Tenant {
                    let owner = &w.owners[w.unit_owner[self.idx]];
                    let who = format!("业主-{}（盖章）", owner.name);
                    self.moveouts[mo]
                        .consent(pact(self.w, by, t), &who)
                        .expect("consent");
                }
                let t2 = self.prep_time(i, 2, t);
                self.next_out(i, t2);
            }
            2 => {
                let (day, slot) = o.lift;
                let from = hm(7, 0) + chrono::Duration::minutes(i64::from(slot) * 30);
                let lift = Lift {
                    date: day.max(t.date()),
                    from,
                    to: from + chrono::Duration::minutes(30),
                };
                self.moveouts[mo]
                    .book_lift(pact(self.w, by, t), lift, &[])
                    .expect("lift");
                let t2 = self.prep_time(i, 3, t);
                self.next_out(i, t2);
            }
            3 => {
                let pid = self.ids.next(IdKind::Permit, t.date());
                let items = exit_items(&mut self.rng, self.unit.usage);
                let p = self.moveouts[mo]
                    .issue_exit_pass(pact(self.w, by, t), &pid, &items)
                    .expect("exit pass");
                self.permits.push(p);
                self.pplans.push(super::permits::Plan::new(i));
                self.tn[i].exit_pass = Some(self.permits.len() - 1);
                let t2 = self.prep_time(i, 4, t);
                self.next_out(i, t2);
            }
            4..=6 => {
                let pi = self.tn[i].exit_pass.expect("a pass");
                let owner = &w.owners[w.unit_owner[self.idx]];
                let (side, who) = match stage {
                    4 => (
                        Side::Owner,
                        format!(
                            "业主-{}",
                            owner.contact.clone().unwrap_or_else(|| owner.name.clone())
                        ),
                    ),
                    5 => (Side::Tenant, self.tn[i].signer.clone()),
                    _ => (Side::Desk, by.to_string()),
                };
                self.permits[pi]
                    .sign_exit(pact(self.w, by, t), side, &who)
                    .expect("sign exit");
                let t2 = if stage < 6 {
                    self.prep_time(i, stage as i64 + 1, t)
                } else {
                    // The access cards come back before the move.
                    let lift_day = self.moveouts[mo].lift.map_or(o.date, |l| l.date);
                    let day = add_days(lift_day, -1).max(t.date());
                    self.time_on(day, 9, 17).max(self.after(t, 10, 30))
                };
                self.next_out(i, t2);
            }
            7 => {
                if let Some(ci) = self.tn[i].cards {
                    self.return_cards(t, ci);
                }
                let lift = self.moveouts[mo].lift.expect("a lift");
                let t2 = lift.date.and_time(lift.from)
                    + chrono::Duration::minutes(self.rng.range(0, 20));
                let t3 = t2.max(self.after(t, 5, 10));
                self.next_out(i, t3);
            }
            8 => {
                let pi = self.tn[i].exit_pass.expect("a pass");
                self.permits[pi]
                    .to_security(pact(self.w, GUARD, t), GUARD)
                    .expect("security");
                let d = o.date.max(t.date());
                let t2 = d.and_time(hm(14, 0)).max(self.after(t, 60, 90));
                let t2 = self.after(t2, 0, 120);
                self.next_out(i, t2);
            }
            9 => self.moveout_inspect(t, i, mo),
            10 => {
                let usage = self.unit.usage;
                let mut sets = keys_for(usage);
                let expected = moveout::keys_handed(
                    self.moveouts[mo]
                        .movein
                        .as_ref()
                        .and_then(|id| self.moveins.iter().find(|m| &m.id == id)),
                );
                let mut charge = None;
                if !expected.is_empty() && self.rng.chance(0.04) {
                    sets[0].count -= 1;
                    charge = Some(Money::from_minor(10_000));
                }
                self.moveouts[mo]
                    .return_keys(pact(self.w, by, t), sets, &expected, GUARD, charge)
                    .expect("keys");
                if charge.is_some() {
                    self.post_moveout_charges(t, mo);
                }
                let t2 = self.after(t, 10, 40);
                let with = *self.rng.pick(&["保洁部", "保洁部-王班长", "外包保洁公司"]);
                self.moveouts[mo]
                    .arrange_cleaning(pact(self.w, by, t2), with)
                    .expect("cleaning");
                let t3 = if self.rng.chance(0.6) {
                    self.after(t2, 20, 90)
                } else {
                    self.later_day(t2, 1)
                };
                self.next_out(i, t3);
            }
            11 => self.moveout_settle(t, i, mo),
            12 => self.moveout_complete(t, i, mo),
            13 => self.moveout_refund(t, mo),
            _ => {}
        }
    }

    fn return_cards(&mut self, t: NaiveDateTime, ci: usize) {
        let by = self.desk(t.date());
        if self.permits[ci].status() != permit::Status::Issued {
            return;
        }
        self.fresh();
        let (books, before) = (self.books(), self.ledger.entries.len());
        let act = pact(self.w, by, t);
        permit::steps::return_cards(&mut self.permits[ci], &mut self.ledger, &books, act)
            .expect("cards back");
        if self.ledger.entries.len() != before {
            self.touched();
        }
    }

    fn post_moveout_charges(&mut self, t: NaiveDateTime, mo: usize) {
        let locale = self.w.settings.config.locale;
        let by = self.desk(t.date());
        let clerk = self.clerk(by, t);
        let mid = self.moveouts[mo].id.clone();
        for (section, index, item, amount, text) in self.moveouts[mo].uncharged(locale) {
            let words = match (section, locale) {
                (Section::Energy, Locale::ZhCn) => format!("退租能源费：{text}"),
                (Section::Energy, Locale::En) => format!("Final energy: {text}"),
                (Section::Damage, Locale::ZhCn) => format!("退租验房损坏赔偿：{text}"),
                (Section::Damage, Locale::En) => format!("Move-out damage: {text}"),
                (_, Locale::ZhCn) => format!("恢复原状费用：{text}"),
                (_, Locale::En) => format!("Restoration: {text}"),
            };
            let no = accounts::charge(
                &mut self.ledger,
                clerk,
                NewCharge {
                    item,
                    amount,
                    text: words,
                    due: t.date(),
                    reference: Some(mid.clone()),
                },
            )
            .expect("move-out charge");
            self.moveouts[mo].charged(section, index, no);
        }
        self.touched();
    }

    fn moveout_inspect(&mut self, t: NaiveDateTime, i: usize, mo: usize) {
        let w = self.w;
        let config = &w.settings.config;
        let by = self.desk(t.date());
        let o = w.plans[self.idx][i].out.as_ref().expect("a move-out");
        if o.restore && self.moveouts[mo].restoration_costs.is_empty() {
            let amount = Money::from_minor(self.rng.range(8, 60) * 10_000);
            self.moveouts[mo]
                .restoration_cost(
                    pact(self.w, by, t),
                    Cost {
                        item: "restoration".into(),
                        description: "拆除隔断及恢复原地面，由物业代为施工".into(),
                        amount,
                        entry: None,
                    },
                )
                .expect("restoration");
            self.post_moveout_charges(t, mo);
        }
        let t = self.after(t, 1, 3);
        let usage = self.unit.usage;
        let baseline = self.moveouts[mo]
            .movein
            .as_ref()
            .and_then(|id| self.moveins.iter().find(|m| &m.id == id))
            .cloned();
        let meters = config.movein.meters.get(usage).to_vec();
        let now = self.read_meters(t.date());
        let readings: Vec<(Meter, MeterValue)> = meters
            .iter()
            .map(|m| (*m, MeterValue::from_thousandths(now[meter_index(*m)])))
            .collect();
        // The last readings billed: those of the 1st of the month, unless the move-in
        // was read later.
        let month_start = t.date().with_day(1).expect("a month");
        let read_in = baseline
            .as_ref()
            .and_then(|b| b.inspection.as_ref())
            .map(|x| x.date);
        let last: Vec<(Meter, MeterValue)> = if read_in.is_some_and(|d| d >= month_start) {
            Vec::new()
        } else {
            let days = (t.date() - month_start).num_days().max(1);
            let span = (t.date() - self.meters_day).num_days();
            let _ = span;
            meters
                .iter()
                .map(|m| {
                    let k = meter_index(*m);
                    let per_day = (now[k] / 400).max(0);
                    let back = (per_day.min(now[k] / (days + 1)) * days / 100) * 100;
                    (*m, MeterValue::from_thousandths((now[k] - back).max(0)))
                })
                .collect()
        };
        let list = moveout::checklist(&config.movein, usage);
        let defective_at_in: Vec<String> = baseline
            .as_ref()
            .and_then(|b| b.inspection.as_ref())
            .map(|x| {
                x.facilities
                    .iter()
                    .filter(|f| f.condition == movein::Condition::Defect)
                    .map(|f| f.item.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut damages = Vec::new();
        if self.rng.chance(0.15) {
            let options: Vec<&(&str, &str, i64, i64)> = DAMAGES
                .iter()
                .filter(|(item, _, _, _)| {
                    list.iter().any(|x| x == item) && !defective_at_in.iter().any(|x| x == item)
                })
                .collect();
            if !options.is_empty() {
                let (item, text, lo, hi) = **self.rng.pick(&options);
                damages.push((
                    item.to_string(),
                    text.to_string(),
                    Money::from_minor(self.rng.range(lo, hi) * 100),
                ));
            }
        }
        let attendees = vec![
            format!(
                "工程部-{}",
                super::sim::TECHNICIANS[self.rng.below(6) as usize]
            ),
            GUARD.to_string(),
            self.tn[i].signer.clone(),
        ];
        let accepted = false;
        self.moveouts[mo]
            .inspect(
                pact(self.w, by, t),
                &config.moveout,
                &list,
                &meters,
                baseline.as_ref(),
                &attendees,
                &readings,
                &last,
                &damages,
                accepted,
            )
            .unwrap_or_else(|e| panic!("{}: move-out inspection: {}", self.unit.id, e));
        self.post_moveout_charges(t, mo);
        let t2 = self.after(t, 10, 40);
        self.next_out(i, t2);
    }

    fn moveout_settle(&mut self, t: NaiveDateTime, i: usize, mo: usize) {
        let by = self.desk(t.date());
        let around = self.moveout_around(&self.moveouts[mo]);
        let mut missing = self.moveouts[mo].missing_to_settle(&around);
        // Chargeable work still open is closed (and charged) before the statement.
        if self
            .tickets
            .iter()
            .any(|t| t.chargeable() && !t.status.is_final() && t.status != ticket::Status::Shelved)
        {
            missing.push("chargeable ticket open".to_string());
        }
        if !missing.is_empty() {
            self.tn[i].retries += 1;
            if self.tn[i].retries < 40 {
                let t2 = self.later_day(t, 1);
                self.schedule(t2, Ev::MoveOut(i));
            } else {
                eprintln!(
                    "{}: move-out not settled: {}",
                    self.unit.id,
                    missing.join("; ")
                );
            }
            return;
        }
        let accepted = self.moveouts[mo].accepted_on(&around).expect("inspected");
        let books = self.books();
        let clerk = self.clerk(FINANCE, t);
        let s = propdesk::procedure::moveout::settle::settle(
            &books,
            &mut self.ledger,
            &self.unit,
            &self.moveouts[mo],
            accepted,
            &self.w.settings.config.moveout,
            clerk,
        )
        .unwrap_or_else(|e| panic!("{}: settle: {}", self.unit.id, e.message));
        self.touched();
        self.moveouts[mo]
            .settled(pact(self.w, by, t), s)
            .expect("settled");
        let t2 = if self.rng.chance(0.7) {
            self.after(t, 15, 90)
        } else {
            self.later_day(t, 1)
        };
        self.next_out(i, t2);
    }

    fn moveout_complete(&mut self, t: NaiveDateTime, i: usize, mo: usize) {
        let w = self.w;
        let by = self.desk(t.date());
        let around = self.moveout_around(&self.moveouts[mo]);
        self.fresh();
        let owed = Money::from_minor(self.st.open().map(|c| c.outstanding.minor()).sum());
        if let Err(e) = self.moveouts[mo].complete(pact(self.w, by, t), &around, Some(owed)) {
            eprintln!("{}: move-out not completed: {}", self.unit.id, e);
            return;
        }
        let m = &self.moveouts[mo];
        let old = (self.unit.occupant.clone(), self.unit.status);
        self.unit.occupant = None;
        self.unit.status = UnitStatus::Vacant;
        self.unit.fees_until = Some(m.date);
        let note = format!(
            "{}: occupant none (was {}), status vacant (was {}), billed until {}",
            m.id,
            old.0.as_deref().unwrap_or("none"),
            old.1,
            m.date
        );
        let (mid, party) = (m.id.clone(), m.party.clone());
        self.unit_entry(t, by, "moved-out", note);
        if self
            .case
            .as_ref()
            .is_some_and(|c| c.status == CaseStatus::Open)
        {
            let stamp = self.stamp(by, t);
            if owed.is_zero() {
                dunning::advance(
                    &mut self.case,
                    &self.ledger,
                    &self.st,
                    &w.settings.config.dunning,
                    &w.settings.calendar,
                    stamp,
                );
            } else if let Some(c) = self.case.as_mut() {
                c.carry(
                    stamp,
                    format!("{party} moved out ({mid}): {owed} carried as a debt"),
                );
            }
        }
        let tn = &mut self.tn[i];
        tn.active = false;
        tn.ended = true;
        self.cur = None;
        if owed.minor() > 0 {
            let t2 = {
                let n = self.rng.range(3, 12) as u32;
                self.later_day(t, n)
            };
            self.schedule(t2, Ev::Debt(i));
        }
        let refund = self.moveouts[mo]
            .settlement
            .as_ref()
            .is_some_and(|s| s.refund.minor() > 0);
        if refund {
            let t2 = {
                let n = self.rng.range(2, 9) as u32;
                self.later_day(t, n)
            };
            self.next_out(i, t2);
        }
    }

    fn moveout_refund(&mut self, t: NaiveDateTime, mo: usize) {
        let by = self.desk(t.date());
        let Some(s) = self.moveouts[mo].settlement.clone() else {
            return;
        };
        let books = self.books();
        let clerk = self.clerk(FINANCE, t);
        let r = Some(format!("FK{}-{}", t.date().format("%Y%m%d"), self.unit.id));
        match moveout::settle::pay_refund(
            &books,
            &mut self.ledger,
            &s,
            clerk,
            Some(PayMethod::Transfer),
            r,
        ) {
            Ok(entries) => {
                self.touched();
                self.moveouts[mo]
                    .refunded(pact(self.w, by, t), entries)
                    .expect("refunded");
            }
            Err(e) => eprintln!("{}: refund not paid: {}", self.unit.id, e.message),
        }
    }

    pub fn next_overtime(&mut self, t: NaiveDateTime, i: usize) {
        let d = add_days(t.date(), self.rng.exp_days(6.0).ceil() as i64 + 1);
        let t2 = self.time_on(d, 9, 12);
        self.schedule(t2, Ev::NewPermit(Seed::OvertimeAc(i)));
    }
}

pub fn trade_of(usage: UnitUse) -> names::Trade {
    match usage {
        UnitUse::Shop => names::Trade::Shop,
        _ => names::Trade::Office,
    }
}

pub fn exit_items(rng: &mut super::rng::Rng, usage: UnitUse) -> Vec<String> {
    let pool: &[&str] = match usage {
        UnitUse::Office => &[
            "办公桌20张",
            "办公椅30把",
            "文件柜8个",
            "保险柜1个",
            "电脑及显示器25套",
            "会议桌1张",
            "打印机2台",
        ],
        UnitUse::Shop => &["货架12组", "收银台1个", "冷柜2台", "库存货物30箱"],
        UnitUse::Home => &[
            "沙发1套",
            "床2张",
            "衣柜2个",
            "冰箱1台",
            "洗衣机1台",
            "纸箱20个",
        ],
        UnitUse::Parking => &["轮胎4个", "储物箱2个"],
    };
    let n = rng.range(2, pool.len().min(5) as i64) as usize;
    let start = rng.below(pool.len() as u64) as usize;
    (0..n)
        .map(|k| pool[(start + k) % pool.len()].to_string())
        .collect()
}
