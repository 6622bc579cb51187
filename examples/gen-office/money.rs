//! The unit's money as the simulation runs it: who pays the month's bill and when,
//! the odd waiver, a departed occupant's debt, and the dunning case the morning run
//! moves up the ladder, with its approvals, calls, promises and signatures. Every
//! posting and every step is the library's (`fees`, `dunning::steps`); what is here is
//! who acts when.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use propdesk::model::ledger::ChargeItem;
use propdesk::model::ledger::{DepositKind, PayMethod::*};
use propdesk::model::money::Money;
use propdesk::procedure::dunning::steps::{self as dunning, ByHand};
use propdesk::procedure::dunning::{Action, CaseStatus, Channel, DunningCase, LadderAction};
use propdesk::procedure::fees::accounts::{self, NewPayment};
use propdesk::procedure::fees::receipts;
use propdesk::procedure::fees::steps as ledger_steps;

use super::names;
use super::sim::{CRON, FINANCE, GM, MANAGER, Sim, add_days, hm, pact};

impl Sim<'_> {
    /// Follows the entries posted since it last looked, by the library's replay of
    /// only those: the ledger's state, which every decision reads.
    pub fn sync(&mut self) {
        let problems = self.st.catch_up(&self.ledger, self.books().clearing());
        assert!(problems.is_empty(), "{}: {problems:?}", self.unit.id);
    }

    /// A deposit paid in at finance, by transfer.
    pub fn receive_deposit(&mut self, t: NaiveDateTime, kind: DepositKind, sum: Money, r: String) {
        let (books, act, how) = (self.books(), pact(self.w, FINANCE, t), Some(Transfer));
        let (ledger, r) = (&mut self.ledger, Some(r));
        let no = ledger_steps::receive_deposit(&books, ledger, act, kind, sum, how, r)
            .expect("a deposit");
        self.issue_receipt(no);
    }

    /// What `pay` does after money comes in: the entry gets its receipt number, made
    /// out to the unit's occupant, else its owner (the receipt itself is not written,
    /// as `propdesk notice receipt` prints it).
    fn issue_receipt(&mut self, no: u32) {
        let payer = [&self.unit.occupant, &self.unit.owner]
            .into_iter()
            .flatten()
            .find_map(|id| {
                let mut known = self.parties.iter().chain(&self.w.owners);
                known.find(|p| &p.id == id).map(|p| p.name.clone())
            });
        // Drawn from the unit and entry, so the simulation's own draws are untouched.
        let seed = super::rng::mix(self.w.seed ^ ((self.idx as u64) << 32) ^ u64::from(no));
        let mut rng = propdesk::model::ids::IdRng::seeded(seed);
        receipts::issue(&mut self.ledger, no, payer.as_deref(), &mut rng)
            .unwrap_or_else(|e| panic!("{}: receipt: {e}", self.unit.id));
    }

    pub fn receipt_no(&mut self, d: NaiveDate) -> String {
        self.receipt += 1;
        let (day, unit, n) = (d.format("%Y%m%d"), &self.unit.id, self.receipt % 1000);
        format!("SK{day}-{unit}-{n:03}")
    }

    /// Whether a charge is overdue on `d`. Late fees accrue only on charges overdue and
    /// still open (each step that clears a charge posts what it accrued first), so
    /// without one the library's count of late fees, charge by charge, finds none: this
    /// spares it on the mornings and payments of ten years, deciding nothing itself.
    fn overdue(&self, d: NaiveDate) -> bool {
        self.st.oldest_overdue(d).is_some()
    }

    /// The unit's dunning case, if it is open.
    fn open_case(&self) -> Option<&DunningCase> {
        self.case.as_ref().filter(|c| c.status == CaseStatus::Open)
    }

    /// Pays everything owed at `t`, late fees accrued included, or half of it; as `pay`
    /// does, the case closes when nothing is overdue any more. Each occupancy pays its
    /// own (an earlier occupant settling their debt names one of their charges, as the
    /// desk's `pay --for` does), so no one's money clears another's charges.
    pub fn pay_open(&mut self, t: NaiveDateTime, half: bool) {
        self.sync();
        let (today, books) = (t.date(), self.books());
        for party in self.st.parties() {
            let mine = self.st.of_party(party.as_deref());
            let late = match mine.oldest_overdue(today).is_some() {
                true => books.late_fees_accrued(&mine, today).minor(),
                false => 0,
            };
            let mut amount = mine.balance().minor().max(0) + late;
            if half && amount > 200 {
                amount = amount / 2 / 100 * 100;
            }
            let first = mine.open().find(|c| c.party == party).map(|c| c.no);
            let Some(first) = first.filter(|_| amount > 0) else {
                continue;
            };
            let method = [Transfer, Card, Cash, Cheque][self.rng.weighted(&[70, 15, 10, 5])];
            let payment = NewPayment {
                amount: Money::from_minor(amount),
                targets: vec![first],
                method: Some(method),
                reference: Some(self.receipt_no(today)),
                received: None,
            };
            let act = pact(self.w, FINANCE, t);
            let paid = accounts::pay(&books, &mut self.ledger, act, payment)
                .unwrap_or_else(|e| panic!("{}: pay: {}", self.unit.id, e));
            self.issue_receipt(paid.no);
            self.sync();
        }
        self.close_case_if_clear(t);
    }

    /// No goods leave while money is owed: what the goods exit gate waits for (a
    /// move-out's balance after its settlement, or arrears at the dunning suspension)
    /// is paid at `t`, all of it.
    pub fn pay_up(&mut self, t: NaiveDateTime) {
        if !self.standing(t).barriers().is_empty() {
            self.pay_open(t, false);
        }
    }

    /// What `pay` does after a payment: a case with nothing overdue any more closes.
    pub fn close_case_if_clear(&mut self, t: NaiveDateTime) {
        self.sync();
        let (w, act) = (self.w, pact(self.w, FINANCE, t));
        let (rules, calendar) = (&w.settings.config.dunning, &w.settings.calendar);
        dunning::close_if_clear(&mut self.case, &self.ledger, &self.st, rules, calendar, act)
            .expect("a payment on an open case");
    }

    /// The 1st of the month, 08:00: `bill run` posts the late fees of the month before
    /// and charges the month's fees, as the library's step does.
    pub fn bill_run(&mut self, day: NaiveDate) {
        self.sync();
        let (books, act) = (self.books(), pact(self.w, FINANCE, day.and_time(hm(8, 0))));
        let (ledger, st, unit) = (&mut self.ledger, &mut self.st, &self.unit);
        let bill = ledger_steps::bill_on(&books, ledger, st, unit, day, act)
            .unwrap_or_else(|e| panic!("{}: bill run: {}", self.unit.id, e));
        let Some(bill) = bill else { return };
        // Now and then the manager waives a first late fee.
        if let Some(f) = bill.late_fees.first()
            && self.rng.chance(0.03)
        {
            let mut entries = self.ledger.entries.iter().rev();
            let late = |e: &&propdesk::model::ledger::LedgerEntry| {
                e.item == Some(ChargeItem::LateFee) && e.charge == Some(f.on)
            };
            if let Some(no) = entries.find(late).map(|e| e.no) {
                let (amount, t2) = (f.amount, self.time_on(day, 10, 16));
                self.schedule(t2, move |s, t| s.waive_late_fee(t, no, amount));
            }
        }
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
        let due = w.settings.config.billing.due_date(month);
        let day = if self.rng.chance(plan.late_rate) {
            add_days(due, self.rng.either(0.75, (1, 12), (13, 40)))
        } else {
            add_days(month, self.rng.range(1, i64::from(due.day()) - 1))
        };
        if plan.arrears_from.is_some_and(|a| day >= a) {
            return;
        }
        let t = self.time_on(day, 9, 17);
        let half = self.rng.chance(0.04);
        self.tn[i].pay_pending = true;
        self.schedule(t, move |s, t| s.pay_event(t, i, half));
    }

    pub fn pay_event(&mut self, t: NaiveDateTime, i: usize, half: bool) {
        self.tn[i].pay_pending = false;
        // Once settled, the move-out's statement has the last word.
        let settled = self.tn[i]
            .moveout
            .is_some_and(|m| self.moveouts[m].settlement.is_some());
        let arrears = self.w.plans[self.idx][i].arrears_from;
        if !self.tn[i].active || settled || arrears.is_some_and(|a| t.date() >= a) {
            return;
        }
        self.pay_open(t, half);
        if half {
            // The rest a week or two later.
            let d = add_days(t.date(), self.rng.range(5, 15));
            let t2 = self.time_on(d, 9, 17);
            self.tn[i].pay_pending = true;
            self.schedule(t2, move |s, t| s.pay_event(t, i, false));
        }
    }

    /// A departed occupant's debt: mostly paid within weeks, else written off.
    pub fn debt_event(&mut self, t: NaiveDateTime) {
        self.sync();
        if self.st.open().next().is_none() {
            return;
        }
        if self.rng.chance(0.8) {
            return self.pay_open(t, false);
        }
        let (books, act) = (self.books(), pact(self.w, FINANCE, t));
        // What is owed with the late fees accrued: the waiver posts those it reaches.
        let accrued = books.late_fees_accrued(&self.st, t.date()).minor();
        let open: i64 = self.st.open().map(|c| c.outstanding.minor()).sum();
        let owed = Money::from_minor(open + accrued);
        let why = "原租户已退租，欠款经多次催收无果，经理批准核销";
        ledger_steps::waive(&books, &mut self.ledger, act, owed, None, MANAGER, why)
            .unwrap_or_else(|e| panic!("{}: waive: {}", self.unit.id, e));
        self.close_case_if_clear(t);
    }

    /// A first late fee forgiven (减免), if it is still owed.
    pub fn waive_late_fee(&mut self, t: NaiveDateTime, no: u32, amount: Money) {
        self.sync();
        if self.st.charge(no).is_none_or(|c| c.outstanding != amount) {
            return;
        }
        let (books, act) = (self.books(), pact(self.w, MANAGER, t));
        let why = "首次逾期，经理批准减免滞纳金";
        let ledger = &mut self.ledger;
        ledger_steps::waive(&books, ledger, act, amount, Some(no), MANAGER, why).expect("waiver");
        self.close_case_if_clear(t);
    }

    /// 07:40: `dunning run`, the library's morning step: the case moved up the
    /// ladder, the notices it files noted (late fees accrue; it posts none). A unit with no open case and
    /// nothing overdue is passed over, where the library's `needs_run` says no (see
    /// [`Sim::overdue`]; GEN_OFFICE_VERIFY asks it).
    pub fn dunning_run(&mut self, d: NaiveDate) {
        self.sync();
        let (w, books, open) = (self.w, self.books(), self.open_case().is_some());
        if !open && !self.overdue(d) {
            if std::env::var_os("GEN_OFFICE_VERIFY").is_some() {
                assert!(!dunning::needs_run(open, &self.st, d), "{d}");
            }
            return;
        }
        let state = std::mem::take(&mut self.st);
        let act = pact(w, CRON, d.and_time(hm(7, 40)));
        let morning = dunning::morning_on(&mut self.case, &self.ledger, state, &books, act);
        let morning = morning.expect("the morning run");
        self.st = morning.state;
        let opened = |a: &Action| matches!(a, Action::Opened { .. } | Action::Reopened { .. });
        if morning.actions.iter().any(opened) {
            self.notices.clear();
        }
        for &i in &morning.to_file {
            self.file_dunning_notice(i, d);
        }
        for a in &morning.actions {
            let Action::Step {
                action, awaiting, ..
            } = a
            else {
                continue;
            };
            if *awaiting {
                // Approved the same day, mostly.
                let later = self.rng.either(0.7, (0, 0), (1, 3));
                let day = self.working_day(add_days(d, later));
                let t2 = self.time_on(day, 10, 17);
                self.schedule(t2, Sim::dun_approve);
            } else if *action == LadderAction::PhoneReminder && self.rng.chance(0.85) {
                let t2 = self.time_on(d, 9, 12);
                self.schedule(t2, Sim::dun_contact);
            }
        }
    }

    /// The notice step `i` files on `d`, noted on the step as `dunning run` notes it;
    /// kept with the case as it was then, to be written at the end.
    fn file_dunning_notice(&mut self, i: usize, d: NaiveDate) {
        let w = self.w;
        let Some(c) = self.case.as_mut() else { return };
        let name = c.steps[i].notice_name(&w.settings.config.dunning);
        let Some(notice) = name.and_then(propdesk::procedure::dunning::notices::named) else {
            return;
        };
        let (locale, style) = (w.settings.config.locale, propdesk::render::Style::Html);
        let path = propdesk::notice::notice_path(d, &self.unit.id, notice, locale, style);
        c.steps[i].notice = Some(propdesk::store::shown(&path));
        let snapshot = c.clone();
        let len = self.ledger.entries.len();
        self.notices.push((i, d, self.unit.clone(), snapshot, len));
    }

    /// A step by hand on an open case (`dunning approve/log/promise/sign`).
    fn by_hand(&mut self, by: &str, t: NaiveDateTime, step: ByHand) -> Option<usize> {
        let (rules, act) = (&self.w.settings.config.dunning, pact(self.w, by, t));
        self.open_case()?;
        let c = self.case.as_mut()?;
        dunning::by_hand(c, &self.st, rules, act, step).ok()?.1
    }

    pub fn dun_approve(&mut self, t: NaiveDateTime) {
        let Some(s) = self.open_case().and_then(|c| c.awaiting()) else {
            return;
        };
        let by = if s.who == "gm" { GM } else { MANAGER };
        // The approved step files its notice, which the tenant may sign for.
        let Some(i) = self.by_hand(by, t, ByHand::Approve) else {
            return;
        };
        self.file_dunning_notice(i, t.date());
        if self.rng.chance(0.6) {
            let day = add_days(t.date(), self.rng.range(0, 2));
            let t2 = match day == t.date() {
                true => t + chrono::Duration::minutes(self.rng.range(30, 120)),
                false => self.time_on(day, 9, 17),
            };
            self.schedule(t2, Sim::dun_sign);
        }
    }

    pub fn dun_contact(&mut self, t: NaiveDateTime) {
        let Some(case) = self.open_case() else { return };
        let promised = case.open_promise().is_some();
        let outcome = self.rng.pick(names::CONTACT_OUTCOMES).to_string();
        let by = self.desk(t.date());
        let promise = self.rng.chance(0.15) && !promised;
        let channel = Channel::Phone;
        self.by_hand(by, t, ByHand::Log { channel, outcome });
        self.sync();
        if promise && self.st.overdue_total(t.date()).minor() > 0 {
            let until = add_days(t.date(), self.rng.range(2, 7));
            let amount = None;
            self.by_hand(by, t, ByHand::Promise { until, amount });
        }
    }

    pub fn dun_sign(&mut self, t: NaiveDateTime) {
        let signer = self.cur.map(|i| self.tn[i].signer.clone());
        let signer = signer.unwrap_or_else(|| "前台".to_string());
        self.by_hand(self.desk(t.date()), t, ByHand::Sign { signer });
    }
}
