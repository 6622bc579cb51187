//! The agenda: everything due or overdue on a day across every procedure, most urgent
//! first, with who acts and how late it is. `propdesk agenda` prints it for people,
//! scripts (JSON, CSV) and calendars (ICS); cron runs it every morning.
//!
//! Each procedure says what falls due from its own records (its `due.rs`); the agenda
//! asks each, words the items through the message catalogue and merges them; nothing
//! here is stored or decided. An item is due at an instant (a ticket's response
//! deadline) or on a day (a welcome visit): a day's item is due by the office's closing
//! time that day, and that is where it sorts among the timed ones. Overdue items are
//! always shown; the window decides how far ahead to look (today, or `--days N` more).

pub mod ics;

use crate::config::Config;
use crate::messages::Say;
use crate::model::calendar::Calendar;
use crate::model::locale::Locale;
use crate::procedure::dunning::{self, DunningCase};
use crate::procedure::movein::{self, MoveIn};
use crate::procedure::moveout::{self, record::MoveOut};
use crate::procedure::permit::{self, Permit};
use crate::procedure::ticket::{self, Ticket, deadlines::Clocks};

pub use crate::procedure::due::{Due, Lateness, Role, Window, lateness, local};

/// What kind of item: the procedure's own kind. The order is the procedures' order,
/// then each procedure's: it breaks ties among items due at the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Ticket(ticket::due::Kind),
    MoveIn(movein::due::Kind),
    Permit(permit::due::Kind),
    Dunning(dunning::due::Kind),
    MoveOut(moveout::due::Kind),
}

impl Kind {
    /// Every kind, in order.
    pub fn all() -> impl Iterator<Item = Kind> {
        (ticket::due::Kind::ALL.into_iter().map(Kind::Ticket))
            .chain(movein::due::Kind::ALL.into_iter().map(Kind::MoveIn))
            .chain(permit::due::Kind::ALL.into_iter().map(Kind::Permit))
            .chain(dunning::due::Kind::ALL.into_iter().map(Kind::Dunning))
            .chain(moveout::due::Kind::ALL.into_iter().map(Kind::MoveOut))
    }

    /// The stable code scripts read: `ticket-response`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ticket(k) => k.as_str(),
            Kind::MoveIn(k) => k.as_str(),
            Kind::Permit(k) => k.as_str(),
            Kind::Dunning(k) => k.as_str(),
            Kind::MoveOut(k) => k.as_str(),
        }
    }

    /// The label for people.
    pub fn label(self, locale: Locale) -> String {
        match self {
            Kind::Ticket(k) => k.say(locale),
            Kind::MoveIn(k) => k.say(locale),
            Kind::Permit(k) => k.say(locale),
            Kind::Dunning(k) => k.say(locale),
            Kind::MoveOut(k) => k.say(locale),
        }
    }
}

/// One thing to do, worded in the agenda's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub due: Due,
    pub kind: Kind,
    /// Tells items of one kind on one record apart (a violation's number, a ladder
    /// day, a ticket's clock): with the kind and the record, the item's stable identity.
    pub key: String,
    /// What exactly, in the agenda's language.
    pub detail: String,
    /// The record to act on: a ticket, move-in, permit, move-out ID, or the unit of a
    /// dunning case.
    pub record: String,
    pub unit: String,
    pub who: Role,
}

impl Item {
    /// A stable identity across runs: the calendar's UID.
    pub fn uid(&self) -> String {
        let mut s = format!("{}-{}", self.kind.as_str(), self.record);
        if !self.key.is_empty() {
            s.push('-');
            s.push_str(&self.key);
        }
        s
    }
}

/// The due time for people: "2026-11-23 10:05", or the day alone.
pub fn when_text(w: &Window, due: Due) -> String {
    match due {
        Due::At(t) => t.with_timezone(&w.tz).format("%Y-%m-%d %H:%M").to_string(),
        Due::Day(d) => d.to_string(),
    }
}

/// The records the agenda reads, loaded once.
pub struct Office<'a> {
    pub config: &'a Config,
    pub calendar: &'a Calendar,
    pub tickets: &'a [Ticket],
    pub moveins: &'a [MoveIn],
    pub permits: &'a [Permit],
    pub cases: &'a [DunningCase],
    pub moveouts: &'a [MoveOut],
}

/// Which records put anything on the agenda of the window's day, decided one record
/// at a time as it is read, so that ten years of closed permits, finished move-ins
/// and settled cases are dropped at once. The test is the record's own items,
/// computed alone by its procedure: nothing here restates a rule. A move-out is tested
/// without its goods exit pass (it is kept either way); the pass is looked up
/// afterwards.
pub struct Sieve<'a> {
    pub config: &'a Config,
    pub calendar: &'a Calendar,
    pub window: Window,
}

impl Sieve<'_> {
    fn clocks(&self) -> Clocks<'_> {
        clocks(self.config, self.calendar, &self.window)
    }

    pub fn ticket(&self, t: &Ticket) -> bool {
        let mut out = Vec::new();
        ticket::due::items(t, &self.clocks(), &mut out);
        !out.is_empty()
    }

    pub fn movein(&self, m: &MoveIn) -> bool {
        let mut out = Vec::new();
        movein::due::items(m, &self.config.movein, &mut out);
        !out.is_empty()
    }

    pub fn permit(&self, p: &Permit) -> bool {
        let mut out = Vec::new();
        permit::due::items(p, &self.config.permit, &self.window, &mut out);
        !out.is_empty()
    }

    pub fn case(&self, c: &DunningCase) -> bool {
        let mut out = Vec::new();
        dunning::due::items(
            c,
            &self.config.dunning,
            self.calendar,
            &self.window,
            &mut out,
        );
        !out.is_empty()
    }

    pub fn moveout(&self, m: &MoveOut) -> bool {
        let mut out = Vec::new();
        moveout::due::items(m, &[], &self.window, &mut out);
        !out.is_empty()
    }
}

fn clocks<'a>(config: &'a Config, calendar: &'a Calendar, w: &Window) -> Clocks<'a> {
    Clocks {
        rules: &config.ticket,
        calendar,
        tz: w.tz,
        now: w.now,
    }
}

/// A procedure's items, worded in `locale`, with `kind` made the agenda's.
fn worded<K: Copy, D: Say>(
    items: Vec<crate::procedure::due::Item<K, D>>,
    kind: fn(K) -> Kind,
    locale: Locale,
    out: &mut Vec<Item>,
) {
    out.extend(items.into_iter().map(|i| Item {
        due: i.due,
        kind: kind(i.kind),
        key: i.key,
        detail: i.detail.say(locale),
        record: i.record,
        unit: i.unit,
        who: i.who,
    }));
}

/// Everything due or overdue in the window, for `who` (everyone when `None`), most
/// urgent first: by the instant due, then kind, record and key, so the order is
/// stable from run to run.
pub fn agenda(office: &Office, w: &Window, who: Option<Role>, locale: Locale) -> Vec<Item> {
    let mut items = Vec::new();
    let clocks = clocks(office.config, office.calendar, w);
    let mut t = Vec::new();
    for x in office.tickets {
        ticket::due::items(x, &clocks, &mut t);
    }
    worded(t, Kind::Ticket, locale, &mut items);
    let mut m = Vec::new();
    for x in office.moveins {
        movein::due::items(x, &office.config.movein, &mut m);
    }
    worded(m, Kind::MoveIn, locale, &mut items);
    let mut p = Vec::new();
    for x in office.permits {
        permit::due::items(x, &office.config.permit, w, &mut p);
    }
    worded(p, Kind::Permit, locale, &mut items);
    let mut d = Vec::new();
    for x in office.cases {
        dunning::due::items(x, &office.config.dunning, office.calendar, w, &mut d);
    }
    worded(d, Kind::Dunning, locale, &mut items);
    let mut o = Vec::new();
    for x in office.moveouts {
        moveout::due::items(x, office.permits, w, &mut o);
    }
    worded(o, Kind::MoveOut, locale, &mut items);
    items.retain(|i| w.shows(i.due) && who.is_none_or(|r| i.who == r));
    items.sort_by(|a, b| {
        (w.instant(a.due), a.kind, &a.record, &a.key).cmp(&(
            w.instant(b.due),
            b.kind,
            &b.record,
            &b.key,
        ))
    });
    items
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveTime};

    use super::*;

    fn window(today: &str, now: &str) -> Window {
        Window {
            today: today.parse().unwrap(),
            last: today.parse().unwrap(),
            now: DateTime::parse_from_rfc3339(now).unwrap(),
            tz: chrono_tz::Asia::Shanghai,
            closes: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
        }
    }

    #[test]
    fn lateness_reads_as_people_say_it() {
        let w = window("2026-11-23", "2026-11-23T09:30:00+08:00");
        let at = |s: &str| Due::At(DateTime::parse_from_rfc3339(s).unwrap());
        let day = |s: &str| Due::Day(s.parse().unwrap());
        assert_eq!(
            lateness(&w, at("2026-11-23T08:10:00+08:00")).say(Locale::En),
            "overdue by 1h 20m"
        );
        assert_eq!(
            lateness(&w, at("2026-11-23T09:45:00+08:00")).say(Locale::En),
            "due in 15m"
        );
        assert_eq!(
            lateness(&w, day("2026-11-20")).say(Locale::En),
            "3 days late"
        );
        assert_eq!(
            lateness(&w, day("2026-11-22")).say(Locale::ZhCn),
            "逾期 1 天"
        );
        assert_eq!(lateness(&w, day("2026-11-23")).say(Locale::En), "today");
        assert_eq!(lateness(&w, day("2026-11-24")).say(Locale::En), "tomorrow");
        assert_eq!(lateness(&w, day("2026-11-26")).say(Locale::ZhCn), "3 天后");
        assert_eq!(
            lateness(&w, at("2026-11-25T10:00:00+08:00")).say(Locale::En),
            "in 2 days"
        );
        assert!(w.overdue(day("2026-11-22")));
        assert!(!w.overdue(day("2026-11-23")));
        assert_eq!(w.minutes_late(at("2026-11-23T09:00:00+08:00")), Some(30));
    }

    #[test]
    fn a_days_item_sorts_at_closing_time() {
        let w = window("2026-11-23", "2026-11-23T09:30:00+08:00");
        let morning = Due::At(DateTime::parse_from_rfc3339("2026-11-23T17:00:00+08:00").unwrap());
        let evening = Due::At(DateTime::parse_from_rfc3339("2026-11-23T18:00:00+08:00").unwrap());
        let today = Due::Day("2026-11-23".parse().unwrap());
        assert!(w.instant(morning) < w.instant(today));
        assert!(w.instant(today) < w.instant(evening));
        assert_eq!(when_text(&w, today), "2026-11-23");
        assert_eq!(when_text(&w, morning), "2026-11-23 17:00");
    }

    #[test]
    fn kinds_have_distinct_codes() {
        let mut codes: Vec<_> = Kind::all().map(|k| k.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Kind::all().count());
    }
}
