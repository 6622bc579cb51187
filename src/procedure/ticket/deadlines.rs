//! Every deadline of a ticket, recomputed from its history each time it is asked for.
//!
//! - Response (repairs): arrival on site within the priority's minutes of the report,
//!   clock minutes (engineering is on duty round the clock). Special services are
//!   booked for a time agreed with the tenant: no response or completion clock.
//! - Completion: emergency work has no deadline but "continuously"; minor work by the
//!   close of the working day it was reported (a report after closing time or on a day
//!   off counts from the next working day), general work by the close of the
//!   `general_days`-th working day after that, difficult work within `difficult_hours`
//!   clock hours.
//!   A move-in defect's completion is due by the close of its rectification day, and
//!   it has no response clock.
//! - Return to the desk: by the close of the `return_to_desk_days`-th working day
//!   after the work was finished (extra-urgent orders: the same working day).
//! - Callback: within `callback_hours` of the (last) finish; for complaints, of the
//!   department's action.
//! - Complaints: first feedback within `first_feedback_hours`; the reply by the close
//!   of the n-th working day after the day of the complaint (n by channel). Inquiries
//!   get the same reply window.
//! - Shelved, dead or unreasonable: the reason fed back within `first_feedback_hours`.
//!
//! While the ticket is paused (waiting on the tenant) or shelved, response and
//! completion clocks stop: each pause that starts before the deadline moves it on by
//! the pause's length; an open pause leaves the deadline unknown ("paused").

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::calendar::Calendar;

use super::event::Event;
use super::record::{Kind, Priority, Ticket};
use super::{Grade, TicketRules};

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    Response,
    Completion,
    Return,
    Callback,
    Feedback,
    Reply,
    /// The reason of a shelved, dead or unreasonable ticket told to the tenant.
    Reason,
}

impl Clock {
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Response => "response",
            Clock::Completion => "completion",
            Clock::Return => "return",
            Clock::Callback => "callback",
            Clock::Feedback => "feedback",
            Clock::Reply => "reply",
            Clock::Reason => "reason",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Clock::Response => "到场响应",
            Clock::Completion => "完工",
            Clock::Return => "回单",
            Clock::Callback => "回访",
            Clock::Feedback => "首次反馈",
            Clock::Reply => "答复",
            Clock::Reason => "原因反馈",
        }
    }
    pub fn label(self, locale: crate::model::locale::Locale) -> &'static str {
        match locale {
            crate::model::locale::Locale::ZhCn => self.zh(),
            crate::model::locale::Locale::En => self.as_str(),
        }
    }
}

/// How a deadline stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Met in time.
    Met,
    /// Met, but after the deadline: breached.
    Late,
    /// Not met and past the deadline: breached.
    Overdue,
    /// Not met; falls due before the end of today (or within two hours).
    DueSoon,
    /// Not met; later.
    Pending,
    /// The clock is stopped (waiting on the tenant, or shelved).
    Paused,
}

impl Standing {
    pub fn breached(self) -> bool {
        matches!(self, Standing::Late | Standing::Overdue)
    }
    /// Decided either way (for on-time rates).
    pub fn decided(self) -> bool {
        matches!(self, Standing::Met | Standing::Late | Standing::Overdue)
    }
}

/// One deadline of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub clock: Clock,
    /// `None` while paused.
    pub due: Option<DateTime<FixedOffset>>,
    pub met: Option<DateTime<FixedOffset>>,
    pub standing: Standing,
}

impl Deadline {
    /// "met", "late by 1h 20m", "overdue by 35m", "due in 12m", "paused".
    pub fn describe(
        &self,
        now: DateTime<FixedOffset>,
        locale: crate::model::locale::Locale,
    ) -> String {
        let zh = locale == crate::model::locale::Locale::ZhCn;
        match (self.standing, self.due, self.met) {
            (Standing::Met, _, _) => (if zh { "按时" } else { "met" }).to_string(),
            (Standing::Late, Some(due), Some(met)) => {
                let d = span(met - due, zh);
                if zh {
                    format!("超时 {d}")
                } else {
                    format!("late by {d}")
                }
            }
            (Standing::Overdue, Some(due), _) => {
                let d = span(now - due, zh);
                if zh {
                    format!("已超时 {d}")
                } else {
                    format!("overdue by {d}")
                }
            }
            (Standing::DueSoon | Standing::Pending, Some(due), _) => {
                let d = span(due - now, zh);
                if zh {
                    format!("剩余 {d}")
                } else {
                    format!("due in {d}")
                }
            }
            _ => (if zh { "暂停计时" } else { "paused" }).to_string(),
        }
    }
}

/// A length of time for people: "2d 3h", "1h 20m", "35m".
pub fn span(d: Duration, zh: bool) -> String {
    let m = d.num_minutes().max(0);
    let (days, hours, mins) = (m / 1440, (m % 1440) / 60, m % 60);
    let (dw, hw, mw) = if zh {
        ("天", "小时", "分")
    } else {
        ("d", "h", "m")
    };
    if days > 0 {
        format!("{days}{dw} {hours}{hw}")
    } else if hours > 0 {
        format!("{hours}{hw} {mins}{mw}")
    } else {
        format!("{mins}{mw}")
    }
}

/// What the deadlines are computed with.
#[derive(Clone, Copy)]
pub struct Clocks<'a> {
    pub rules: &'a TicketRules,
    pub calendar: &'a Calendar,
    pub tz: Tz,
    pub now: DateTime<FixedOffset>,
}

type At = DateTime<FixedOffset>;

impl<'a> Clocks<'a> {
    /// The clocks of the office's `rules` and `calendar`, in its time zone, at `now`.
    pub fn new(rules: &'a TicketRules, calendar: &'a Calendar, tz: Tz, now: At) -> Clocks<'a> {
        Clocks {
            rules,
            calendar,
            tz,
            now,
        }
    }

    fn local(&self, t: At) -> NaiveDateTime {
        t.with_timezone(&self.tz).naive_local()
    }

    fn at(&self, local: NaiveDateTime) -> At {
        match self.tz.from_local_datetime(&local).earliest() {
            Some(t) => t.fixed_offset(),
            // A local time skipped by a clock change: an hour later exists.
            None => self
                .tz
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map_or_else(|| self.now, |t| t.fixed_offset()),
        }
    }

    /// Closing time of `day`.
    fn close_of(&self, day: NaiveDate) -> At {
        self.at(day.and_time(self.calendar.rules().hours.closes()))
    }

    /// The working day a report at `t` is first worked: that day if it is a working
    /// day and before closing time, else the next working day.
    fn first_working_day(&self, t: At) -> NaiveDate {
        let l = self.local(t);
        let closes = self.calendar.rules().hours.closes();
        if self.calendar.is_working_day(l.date()) && l.time() < closes {
            l.date()
        } else {
            self.calendar.next_working_day(l.date())
        }
    }

    /// The end of the office-local day of `t`, plus `days`.
    fn end_of_day(&self, t: At, days: u32) -> At {
        let d = self.local(t).date() + chrono::Days::new(u64::from(days) + 1);
        self.at(d.and_time(chrono::NaiveTime::MIN))
    }

    /// The end of today, or two hours from now if that is later: "about to breach".
    pub fn soon(&self) -> At {
        (self.now + Duration::hours(2)).max(self.end_of_day(self.now, 0))
    }

    fn standing(&self, due: Option<At>, met: Option<At>) -> Standing {
        match (due, met) {
            (Some(due), Some(met)) if met <= due => Standing::Met,
            (Some(_), Some(_)) => Standing::Late,
            (None, Some(_)) => Standing::Met,
            (None, None) => Standing::Paused,
            (Some(due), None) if self.now > due => Standing::Overdue,
            (Some(due), None) if due <= self.soon() => Standing::DueSoon,
            (Some(_), None) => Standing::Pending,
        }
    }

    fn deadline(&self, clock: Clock, due: Option<At>, met: Option<At>) -> Deadline {
        Deadline {
            clock,
            due,
            met,
            standing: self.standing(due, met),
        }
    }

    /// When the deadline `clock` of `t` falls, while it is open (not met, not paused).
    pub fn due(&self, t: &Ticket, clock: Clock) -> Option<At> {
        let open = |d: &Deadline| d.clock == clock && d.met.is_none();
        self.deadlines(t).into_iter().find(open).and_then(|d| d.due)
    }

    /// Every deadline of `t` that applies, in the order the procedure meets them.
    pub fn deadlines(&self, t: &Ticket) -> Vec<Deadline> {
        let mut out = Vec::new();
        let ended = t.status.is_final();
        // A clock that was never met on a ticket that has ended does not apply.
        let mut push = |clock, due: Option<At>, met: Option<At>| {
            if met.is_none() && ended {
                return;
            }
            out.push(self.deadline(clock, due, met));
        };
        let rules = self.rules;
        // A special service is booked for a time agreed with the tenant: no response
        // or completion clock, but the order returns and the tenant is called back.
        if t.kind == Kind::Repair {
            let pauses = pauses(t);
            let arrived = t.first(Event::Arrived);
            let minutes = match t.priority.unwrap_or(Priority::Normal) {
                Priority::ExtraUrgent => rules.response_minutes.extra_urgent,
                Priority::Urgent => rules.response_minutes.urgent,
                Priority::Normal => rules.response_minutes.normal,
            };
            let base = t.reported + Duration::minutes(i64::from(minutes));
            // A move-in defect is scheduled by its rectification deadline: no response
            // clock.
            if t.fix_by.is_none() {
                push(
                    Clock::Response,
                    extend(t.reported, base, &pauses, arrived.unwrap_or(self.now)),
                    arrived,
                );
            }
            let finished = t.first(Event::Finished);
            let base = match t.grade.unwrap_or(Grade::General) {
                // A move-in defect: the rectification deadline, at closing time.
                _ if t.fix_by.is_some() => t.fix_by.map(|d| self.close_of(d)),
                Grade::Emergency => None,
                Grade::Minor => Some(self.close_of(self.calendar.add_working_days(
                    self.first_working_day(t.reported),
                    rules.completion.minor_days,
                ))),
                Grade::General => Some(self.close_of(self.calendar.add_working_days(
                    self.first_working_day(t.reported),
                    rules.completion.general_days,
                ))),
                Grade::Difficult => {
                    Some(t.reported + Duration::hours(i64::from(rules.completion.difficult_hours)))
                }
            };
            if let Some(base) = base {
                push(
                    Clock::Completion,
                    extend(t.reported, base, &pauses, finished.unwrap_or(self.now)),
                    finished,
                );
            }
        }
        if t.kind.is_work() {
            if let Some(i) = last_index(t, &[Event::Finished]) {
                let last_finish = t.history[i].at;
                let days = if t.priority == Some(Priority::ExtraUrgent) {
                    0
                } else {
                    rules.return_to_desk_days
                };
                let returned = first_after(t, &[Event::Returned], i);
                let day = self
                    .calendar
                    .add_working_days(self.first_working_day(last_finish), days);
                push(Clock::Return, Some(self.close_of(day)), returned);
                let called = first_after(t, &[Event::CalledBack, Event::NotSatisfied], i);
                push(
                    Clock::Callback,
                    Some(last_finish + Duration::hours(i64::from(rules.callback_hours))),
                    called,
                );
            }
        } else {
            let c = &rules.complaint;
            if t.kind == Kind::Complaint {
                let fed = t
                    .history
                    .iter()
                    .find(|e| is_any(&[Event::Feedback, Event::Replied, Event::Explained], e))
                    .map(|e| e.at);
                push(
                    Clock::Feedback,
                    Some(t.reported + Duration::hours(i64::from(c.first_feedback_hours))),
                    fed,
                );
            }
            let days = match t.channel {
                super::Channel::Letter => c.reply_working_days_letter,
                super::Channel::Visit => c.reply_working_days_visit,
                _ => c.reply_working_days_phone,
            };
            let day = self
                .calendar
                .add_working_days(self.local(t.reported).date(), days);
            let replied = t
                .history
                .iter()
                .find(|e| is_any(&[Event::Replied, Event::Explained], e))
                .map(|e| e.at);
            push(Clock::Reply, Some(self.close_of(day)), replied);
            if t.kind == Kind::Complaint
                && let Some(i) = last_index(t, &[Event::Action])
            {
                let action = t.history[i].at;
                let called = first_after(t, &[Event::CalledBack, Event::NotSatisfied], i);
                push(
                    Clock::Callback,
                    Some(action + Duration::hours(i64::from(rules.callback_hours))),
                    called,
                );
            }
        }
        if let Some(i) = last_index(t, &[Event::Shelved, Event::Dead, Event::Unreasonable]) {
            let aside = &t.history[i];
            let told = first_after(t, &[Event::Feedback], i);
            // Fed back or not, this one applies even to a ticket that has ended.
            out.push(self.deadline(
                Clock::Reason,
                Some(aside.at + Duration::hours(i64::from(rules.complaint.first_feedback_hours))),
                told,
            ));
        }
        out
    }
}

/// The time of the first entry with one of `events` after entry `after`.
fn first_after(t: &Ticket, events: &[Event], after: usize) -> Option<At> {
    t.history
        .iter()
        .skip(after + 1)
        .find(|e| is_any(events, e))
        .map(|e| e.at)
}

/// Is the entry `e` one of `events`?
fn is_any(events: &[Event], e: &crate::model::history::Entry) -> bool {
    events.iter().any(|x| x.is(e))
}

/// The index of the last entry with one of `events`.
fn last_index(t: &Ticket, events: &[Event]) -> Option<usize> {
    t.history.iter().rposition(|e| is_any(events, e))
}

/// The intervals the clock was stopped: paused or shelved until resumed (`None`: not
/// yet resumed).
pub fn pauses(t: &Ticket) -> Vec<(At, Option<At>)> {
    let mut out: Vec<(At, Option<At>)> = Vec::new();
    let mut open: Option<At> = None;
    for e in &t.history {
        if Event::Paused.is(e) || Event::Shelved.is(e) {
            open.get_or_insert(e.at);
        } else if Event::Resumed.is(e)
            && let Some(p) = open.take()
        {
            out.push((p, Some(e.at)));
        }
    }
    if let Some(p) = open {
        out.push((p, None));
    }
    out
}

/// The deadline `base`, moved on by every pause that began before it (and before
/// `until`, the time the clock was met, or now); `None` while a pause is open.
fn extend(start: At, base: At, pauses: &[(At, Option<At>)], until: At) -> Option<At> {
    let mut due = base;
    for (p0, p1) in pauses {
        if *p0 >= due || *p0 >= until {
            break;
        }
        let from = (*p0).max(start);
        match p1 {
            Some(p1) => due += *p1 - from,
            None => return None,
        }
    }
    Some(due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::CalendarRules;
    use crate::procedure::ticket::record::{Act, Channel, Intake, Method};
    use crate::procedure::ticket::steps::{self, Aside, Call, Verdict};

    fn t(s: &str) -> At {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Mon-Fri 09:00-18:00; 2026-10-01..07 a holiday, 2026-10-10 (Sat) a make-up day.
    fn calendar() -> Calendar {
        let rules: CalendarRules = toml::from_str(
            "working_days = [\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\"]\nhours = \"09:00-18:00\"\nholidays = [\"2026-10-01..2026-10-07\"]\nmakeup_days = [\"2026-10-10\"]\n",
        )
        .unwrap();
        Calendar::new(&rules).unwrap()
    }

    fn ticket(kind: Kind, channel: Channel, reported: &str) -> Ticket {
        Ticket::new(
            "T-20261120-AAAAAA",
            Intake {
                kind,
                channel,
                unit: Some("A-1203".into()),
                area: None,
                reporter: "王".into(),
                phone: None,
                category: "plumbing".into(),
                description: "漏水".into(),
                priority: None,
                grade: None,
                repeat_of: None,
            },
            Act {
                by: "desk",
                at: t(reported),
                today: t(reported).date_naive(),
            },
        )
        .unwrap()
    }

    fn act(s: &str) -> Act<'static> {
        Act {
            by: "desk",
            at: t(s),
            today: t(s).date_naive(),
        }
    }

    fn get(ds: &[Deadline], c: Clock) -> Deadline {
        ds.iter()
            .find(|d| d.clock == c)
            .cloned()
            .unwrap_or_else(|| panic!("no {c:?} in {ds:?}"))
    }

    fn with<R>(now: &str, f: impl FnOnce(Clocks) -> R) -> R {
        let rules = TicketRules::default();
        let cal = calendar();
        f(Clocks {
            rules: &rules,
            calendar: &cal,
            tz: chrono_tz::Asia::Shanghai,
            now: t(now),
        })
    }

    #[test]
    fn response_minutes_follow_the_priority_and_cross_midnight() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-11-20T23:55:00+08:00");
        x.priority = Some(Priority::Urgent);
        let d = with("2026-11-21T00:05:00+08:00", |c| c.deadlines(&x));
        let r = get(&d, Clock::Response);
        assert_eq!(r.due, Some(t("2026-11-21T00:10:00+08:00")));
        assert_eq!(r.standing, Standing::DueSoon);
        let d = with("2026-11-21T00:11:00+08:00", |c| c.deadlines(&x));
        assert_eq!(get(&d, Clock::Response).standing, Standing::Overdue);
        x.priority = Some(Priority::ExtraUrgent);
        steps::dispatch(&mut x, act("2026-11-20T23:56:00+08:00"), "李").unwrap();
        steps::arrive(&mut x, act("2026-11-21T00:06:00+08:00")).unwrap();
        let d = with("2026-11-21T01:00:00+08:00", |c| c.deadlines(&x));
        let r = get(&d, Clock::Response);
        assert_eq!(
            (r.due, r.standing),
            (Some(t("2026-11-21T00:05:00+08:00")), Standing::Late)
        );
    }

    #[test]
    fn general_work_is_due_two_working_days_on_skipping_the_weekend() {
        // Friday 10:00: Monday is day 1, Tuesday day 2.
        let x = ticket(Kind::Repair, Channel::Phone, "2026-11-20T10:00:00+08:00");
        let d = with("2026-11-20T10:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-11-24T18:00:00+08:00"))
        );
        // Friday 19:00, after closing: first worked Monday, due Wednesday.
        let x = ticket(Kind::Repair, Channel::Phone, "2026-11-20T19:00:00+08:00");
        let d = with("2026-11-20T19:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-11-25T18:00:00+08:00"))
        );
    }

    #[test]
    fn minor_work_is_due_the_same_working_day_and_holidays_and_makeup_days_count() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-09-30T20:00:00+08:00");
        x.grade = Some(Grade::Minor);
        // After closing on the eve of the National Day week: first worked on Thursday
        // 10-08, after the holidays.
        let d = with("2026-09-30T20:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-10-08T18:00:00+08:00"))
        );
        // General: Thu 10-08 is day 0, Fri 10-09 day 1, make-up Sat 10-10 day 2.
        x.grade = Some(Grade::General);
        let d = with("2026-09-30T20:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-10-10T18:00:00+08:00"))
        );
        x.grade = Some(Grade::Difficult);
        let d = with("2026-09-30T20:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-10-03T20:00:00+08:00"))
        );
        x.grade = Some(Grade::Emergency);
        let d = with("2026-09-30T20:00:00+08:00", |c| c.deadlines(&x));
        assert!(d.iter().all(|d| d.clock != Clock::Completion));
    }

    #[test]
    fn a_pause_moves_the_deadlines_on_and_an_open_pause_stops_them() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-11-23T09:00:00+08:00");
        steps::dispatch(&mut x, act("2026-11-23T09:05:00+08:00"), "李").unwrap();
        steps::pause(&mut x, act("2026-11-23T09:10:00+08:00"), "no access").unwrap();
        let d = with("2026-11-23T12:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(get(&d, Clock::Response).standing, Standing::Paused);
        assert_eq!(get(&d, Clock::Response).due, None);
        steps::resume(&mut x, act("2026-11-23T14:10:00+08:00"), None).unwrap();
        let d = with("2026-11-23T14:15:00+08:00", |c| c.deadlines(&x));
        // 09:30 + the 5h pause.
        assert_eq!(
            get(&d, Clock::Response).due,
            Some(t("2026-11-23T14:30:00+08:00"))
        );
        assert_eq!(
            get(&d, Clock::Completion).due,
            Some(t("2026-11-25T23:00:00+08:00"))
        );
        steps::arrive(&mut x, act("2026-11-23T14:20:00+08:00")).unwrap();
        let d = with("2026-11-23T15:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(get(&d, Clock::Response).standing, Standing::Met);
    }

    #[test]
    fn a_pause_after_the_deadline_passed_does_not_rescue_it() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-11-23T09:00:00+08:00");
        steps::dispatch(&mut x, act("2026-11-23T09:05:00+08:00"), "李").unwrap();
        steps::pause(&mut x, act("2026-11-23T10:00:00+08:00"), "no access").unwrap();
        let d = with("2026-11-23T12:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(get(&d, Clock::Response).standing, Standing::Overdue);
    }

    #[test]
    fn return_and_callback_count_from_the_last_finish() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-11-20T16:00:00+08:00");
        steps::dispatch(&mut x, act("2026-11-20T16:01:00+08:00"), "李").unwrap();
        steps::arrive(&mut x, act("2026-11-20T16:20:00+08:00")).unwrap();
        steps::finish(&mut x, act("2026-11-20T17:30:00+08:00"), "修好", None, "王").unwrap();
        let d = with("2026-11-22T09:00:00+08:00", |c| c.deadlines(&x));
        // Finished on Friday: back at the desk by Monday's close (the next working day).
        let r = get(&d, Clock::Return);
        assert_eq!(
            (r.due, r.standing),
            (Some(t("2026-11-23T18:00:00+08:00")), Standing::Pending)
        );
        let cb = get(&d, Clock::Callback);
        assert_eq!(cb.due, Some(t("2026-11-22T17:30:00+08:00")));
        assert_eq!(cb.standing, Standing::DueSoon);
        steps::return_to_desk(&mut x, act("2026-11-22T09:00:00+08:00")).unwrap();
        let rules = TicketRules::default();
        steps::callback(
            &mut x,
            &rules,
            act("2026-11-22T10:00:00+08:00"),
            Call {
                method: Method::Phone,
                satisfied: false,
                score: Some(2),
                note: None,
            },
        )
        .unwrap();
        steps::arrive(&mut x, act("2026-11-22T11:00:00+08:00")).unwrap();
        steps::finish(&mut x, act("2026-11-22T12:00:00+08:00"), "再修", None, "王").unwrap();
        let d = with("2026-11-23T09:00:00+08:00", |c| c.deadlines(&x));
        let cb = get(&d, Clock::Callback);
        assert_eq!(
            (cb.due, cb.met),
            (Some(t("2026-11-24T12:00:00+08:00")), None)
        );
        assert_eq!(get(&d, Clock::Return).met, None);
    }

    #[test]
    fn a_phone_complaint_on_friday_is_answered_by_monday_close_and_a_letter_in_three_working_days()
    {
        let mut x = ticket(Kind::Complaint, Channel::Phone, "2026-11-20T16:00:00+08:00");
        let d = with("2026-11-20T16:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Feedback).due,
            Some(t("2026-11-21T16:00:00+08:00"))
        );
        assert_eq!(
            get(&d, Clock::Reply).due,
            Some(t("2026-11-23T18:00:00+08:00"))
        );
        steps::assess(
            &mut x,
            act("2026-11-20T16:30:00+08:00"),
            Verdict::Valid {
                department: "工程部",
                person: "赵",
            },
        )
        .unwrap();
        steps::reply(&mut x, act("2026-11-24T10:00:00+08:00"), "已处理").unwrap();
        let d = with("2026-11-24T10:00:00+08:00", |c| c.deadlines(&x));
        // The reply was also the first feedback: both late.
        assert_eq!(get(&d, Clock::Reply).standing, Standing::Late);
        assert_eq!(get(&d, Clock::Feedback).standing, Standing::Late);
        let x = ticket(
            Kind::Complaint,
            Channel::Letter,
            "2026-09-29T11:00:00+08:00",
        );
        // Tue 09-29: Wed 09-30 is 1; the holiday week is skipped; Thu 10-08 is 2, Fri 3.
        let d = with("2026-09-29T11:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(
            get(&d, Clock::Reply).due,
            Some(t("2026-10-09T18:00:00+08:00"))
        );
    }

    #[test]
    fn a_shelved_ticket_owes_the_tenant_its_reason() {
        let mut x = ticket(Kind::Repair, Channel::Phone, "2026-11-23T09:00:00+08:00");
        steps::set_aside(
            &mut x,
            act("2026-11-23T09:10:00+08:00"),
            Aside::Shelved,
            "等配件",
        )
        .unwrap();
        let d = with("2026-11-24T11:00:00+08:00", |c| c.deadlines(&x));
        // Shelved before the response was due: that clock stopped.
        assert_eq!(get(&d, Clock::Reason).standing, Standing::Overdue);
        assert_eq!(get(&d, Clock::Response).standing, Standing::Paused);
        steps::feedback(&mut x, act("2026-11-24T11:00:00+08:00"), "已告知业主").unwrap();
        let d = with("2026-11-24T11:00:00+08:00", |c| c.deadlines(&x));
        assert_eq!(get(&d, Clock::Reason).standing, Standing::Late);
    }

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(Duration::minutes(35), false), "35m");
        assert_eq!(span(Duration::minutes(80), false), "1h 20m");
        assert_eq!(span(Duration::minutes(3000), true), "2天 2小时");
    }
}
