//! The unit's money as the simulation runs it: who pays the month's bill and when,
//! the odd waiver, a departed occupant's debt, and the dunning case the morning run
//! moves up the ladder, with its approvals, calls, promises and signatures. Every
//! posting and every step is the library's (`fees::steps`, `dunning::steps`); what is
//! here is who acts when, and how the replayed ledger is kept without replaying ten
//! years per late fee.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use propdesk::model::ledger::PayMethod;
use propdesk::model::money::Money;
use propdesk::procedure::Act;
use propdesk::procedure::dunning::{self, Action, CaseStatus, Channel, LadderAction};
use propdesk::procedure::fees::accounts::{self, NewPayment};
use propdesk::procedure::fees::billing;

use super::names;
use super::sim::{CRON, Ev, FINANCE, GM, MANAGER, Sim, add_days, hm};

impl Sim<'_> {
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

    /// A fresh state followed through the entries just posted (late fees), with the
    /// library's replay of only those entries.
    fn extend_state(&mut self) {
        self.touched();
        let books = self.books();
        self.st.catch_up(&self.ledger, books.clearing());
        self.dirty = false;
        if std::env::var_os("GEN_OFFICE_VERIFY").is_some() {
            let replayed = books.state(&self.ledger).expect("replays");
            assert_eq!(self.st, replayed, "{}: catching up", self.unit.id);
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
        self.clerk(by, t)
    }

    pub fn receipt_no(&mut self, d: NaiveDate) -> String {
        self.receipt += 1;
        let (day, unit, n) = (d.format("%Y%m%d"), &self.unit.id, self.receipt % 1000);
        format!("SK{day}-{unit}-{n:03}")
    }

    /// Late fees can be owed on `today` only once a charge still open is past the day
    /// they start (before that, posting them finds nothing).
    fn accruing(&self, today: NaiveDate) -> bool {
        self.next_overdue
            .and_then(|n| self.books().late_fee_start(n - Days::new(1)))
            .is_some_and(|s| s <= today)
    }

    /// Pays everything open at `t` (late fees accrued first), or half of it; as `pay`
    /// does, closing the dunning case when nothing is overdue any more.
    pub fn pay_open(&mut self, t: NaiveDateTime, half: bool) -> Money {
        let today = t.date();
        self.touched();
        let books = self.books();
        let late = if self.accruing(today) {
            self.fresh();
            books.late_fees_accrued(&self.st, today).minor()
        } else {
            0
        };
        let mut amount = self.balance.max(0) + late;
        if half && amount > 200 {
            amount = amount / 2 / 100 * 100;
        }
        if amount <= 0 {
            return Money::ZERO;
        }
        let method = match self.rng.weighted(&[70, 15, 10, 5]) {
            0 => PayMethod::Transfer,
            1 => PayMethod::Card,
            2 => PayMethod::Cash,
            _ => PayMethod::Cheque,
        };
        let payment = NewPayment {
            amount: Money::from_minor(amount),
            target: None,
            method: Some(method),
            reference: Some(self.receipt_no(today)),
        };
        let clerk = self.clerk(FINANCE, t);
        let paid = accounts::pay(&books, &mut self.ledger, clerk, payment)
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
        let (w, act) = (self.w, self.stamp(FINANCE, t));
        let (rules, calendar) = (&w.settings.config.dunning, &w.settings.calendar);
        dunning::steps::close_if_clear(
            &mut self.case,
            &self.ledger,
            &self.st,
            rules,
            calendar,
            act,
        )
        .expect("a payment on an open case");
    }

    /// The 1st of the month, 08:00: `bill run` charges the month's fees.
    pub fn bill_run(&mut self, day: NaiveDate) {
        let (w, t) = (self.w, day.and_time(hm(8, 0)));
        let (rules, locale) = (&w.settings.config.billing, w.settings.config.locale);
        if !billing::billable(rules, &self.unit, day) {
            return;
        }
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
        let due = w.settings.config.billing.due_date(month);
        let day = if self.rng.chance(plan.late_rate) {
            let late = if self.rng.chance(0.75) {
                self.rng.range(1, 12)
            } else {
                self.rng.range(13, 40)
            };
            add_days(due, late)
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

    pub fn pay_event(&mut self, t: NaiveDateTime, i: usize, half: bool) {
        self.tn[i].pay_pending = false;
        // Once settled, the move-out's statement has the last word.
        let settled = self.tn[i]
            .moveout
            .is_some_and(|m| self.moveouts[m].settlement.is_some());
        let arrears = self.w.plans[self.idx][i].arrears_from;
        if self.tn[i].ended || settled || arrears.is_some_and(|a| t.date() >= a) {
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
    pub fn debt_event(&mut self, t: NaiveDateTime, _tenancy: usize) {
        self.fresh();
        if self.st.open().map(|c| c.outstanding.minor()).sum::<i64>() <= 0 {
            return;
        }
        if self.rng.chance(0.8) {
            self.pay_open(t, false);
            return;
        }
        let (books, clerk) = (self.books(), self.clerk(FINANCE, t));
        books
            .post_late_fees(&mut self.ledger, t.date(), clerk)
            .expect("late fees");
        self.refresh();
        let owed = Money::from_minor(self.st.open().map(|c| c.outstanding.minor()).sum());
        let why = "原租户已退租，欠款经多次催收无果，经理批准核销";
        accounts::waive(&books, &mut self.ledger, clerk, owed, None, MANAGER, why)
            .unwrap_or_else(|e| panic!("{}: waive: {}", self.unit.id, e.message));
        self.refresh();
        self.close_case_if_clear(t);
    }

    /// A first late fee forgiven (减免), if it is still owed.
    pub fn waive_late_fee(&mut self, t: NaiveDateTime, no: u32, amount: Money) {
        self.fresh();
        if self.st.charge(no).is_none_or(|c| c.outstanding != amount) {
            return;
        }
        let (books, clerk) = (self.books(), self.clerk(MANAGER, t));
        let why = "首次逾期，经理批准减免滞纳金";
        accounts::waive(
            &books,
            &mut self.ledger,
            clerk,
            amount,
            Some(no),
            MANAGER,
            why,
        )
        .expect("waiver");
        self.touched();
        self.close_case_if_clear(t);
    }

    /// Whether the morning run has anything to do: an open case, or something that
    /// may be overdue.
    pub fn busy(&self, d: NaiveDate) -> bool {
        let open = self
            .case
            .as_ref()
            .is_some_and(|c| c.status == CaseStatus::Open);
        open || self.next_overdue.is_some_and(|n| n <= d)
    }

    /// 07:40: `dunning run` posts late fees and moves the case up the ladder.
    pub fn dunning_run(&mut self, d: NaiveDate) {
        if !self.busy(d) {
            return;
        }
        let (w, t) = (self.w, d.and_time(hm(7, 40)));
        let (books, clerk) = (self.books(), self.clerk(CRON, t));
        let was_fresh = !self.dirty && self.seen == self.ledger.entries.len();
        let fees = if self.accruing(d) {
            books
                .post_late_fees(&mut self.ledger, d, clerk)
                .expect("late fees")
        } else {
            Vec::new()
        };
        if !fees.is_empty() {
            if was_fresh {
                self.extend_state();
            } else {
                self.touched();
            }
            // Now and then the manager waives a first late fee.
            if self.rng.chance(0.03) {
                let (on, amount) = fees[0];
                let mut entries = self.ledger.entries.iter().rev();
                let posted = entries.find(|e| e.charge == Some(on) && e.through == Some(d));
                if let Some(no) = posted.map(|e| e.no) {
                    let t2 = self.time_on(d, 10, 16);
                    self.schedule(t2, Ev::Waive(no, amount));
                }
            }
        }
        self.fresh();
        let rules = &w.settings.config.dunning;
        let actions = dunning::steps::advance(
            &mut self.case,
            &self.ledger,
            &self.st,
            rules,
            &w.settings.calendar,
            clerk,
        )
        .expect("the morning run");
        if actions
            .iter()
            .any(|a| matches!(a, Action::Opened { .. } | Action::Reopened { .. }))
        {
            self.notices.clear();
        }
        let Some(c) = &self.case else { return };
        for i in c.notices_due(rules, d) {
            self.file_dunning_notice(i, d);
        }
        for a in &actions {
            let Action::Step {
                action, awaiting, ..
            } = a
            else {
                continue;
            };
            if *awaiting {
                let later = if self.rng.chance(0.7) {
                    0
                } else {
                    self.rng.range(1, 3)
                };
                let day = self.working_day(add_days(d, later));
                let t2 = self.time_on(day, 10, 17);
                self.schedule(t2, Ev::DunApprove);
            } else if *action == LadderAction::PhoneReminder && self.rng.chance(0.85) {
                let t2 = self.time_on(d, 9, 12);
                self.schedule(t2, Ev::DunContact);
            }
        }
    }

    /// The notice step `i` files on `d`, noted on the step as `dunning run` notes it;
    /// kept with the case as it was then, to be written at the end.
    fn file_dunning_notice(&mut self, i: usize, d: NaiveDate) {
        let w = self.w;
        let Some(c) = self.case.as_mut() else { return };
        let name = c.steps[i].notice_name(&w.settings.config.dunning);
        let Some(notice) = name.and_then(dunning::notices::named) else {
            return;
        };
        let locale = w.settings.config.locale;
        let style = propdesk::render::Style::Html;
        let path = propdesk::notice::notice_path(d, &self.unit.id, notice, locale, style);
        c.steps[i].notice = Some(propdesk::store::shown(&path));
        let snapshot = c.clone();
        let len = self.ledger.entries.len();
        self.notices.push((i, d, self.unit.clone(), snapshot, len));
    }

    pub fn dun_approve(&mut self, t: NaiveDateTime) {
        let open = self.case.as_ref().filter(|c| c.status == CaseStatus::Open);
        let Some(s) = open.and_then(|c| c.awaiting()) else {
            return;
        };
        let act = self.stamp(if s.who == "gm" { GM } else { MANAGER }, t);
        let Some(c) = self.case.as_mut() else { return };
        let Ok(i) = c.approve(act) else { return };
        if c.steps[i]
            .notice_name(&self.w.settings.config.dunning)
            .is_some()
        {
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

    pub fn dun_contact(&mut self, t: NaiveDateTime) {
        let Some(promised) = self
            .case
            .as_ref()
            .and_then(|c| (c.status == CaseStatus::Open).then(|| c.open_promise().is_some()))
        else {
            return;
        };
        let outcome = *self.rng.pick(names::CONTACT_OUTCOMES);
        let by = self.desk(t.date());
        let act = self.clerk(by, t);
        let promise = self.rng.chance(0.15) && !promised;
        let Some(c) = self.case.as_mut() else { return };
        c.log_contact(act, Channel::Phone, outcome).expect("a call");
        if promise {
            self.fresh();
            let overdue = self.st.overdue_total(t.date());
            if overdue.minor() > 0 {
                let until = add_days(t.date(), self.rng.range(2, 7));
                if let Some(c) = self.case.as_mut() {
                    let _ = c.promise(act, until, overdue);
                }
            }
        }
    }

    pub fn dun_sign(&mut self, t: NaiveDateTime) {
        let signer = self.cur.map(|i| self.tn[i].signer.clone());
        let signer = signer.unwrap_or_else(|| "前台".to_string());
        let act = self.clerk(self.desk(t.date()), t);
        if let Some(c) = self.case.as_mut().filter(|c| c.status == CaseStatus::Open) {
            let _ = c.sign(act, &signer);
        }
    }
}
