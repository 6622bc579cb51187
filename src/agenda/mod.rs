//! The agenda: everything due or overdue on a day across every procedure, most urgent
//! first, with who acts and how late it is. `propdesk agenda` prints it for people,
//! scripts (JSON, CSV) and calendars (ICS); cron runs it every morning.
//!
//! Each procedure says what falls due from its own records ([`sources`]); nothing here
//! is stored. An item is due at an instant (a ticket's response deadline) or on a day
//! (a welcome visit): a day's item is due by the office's closing time that day, and
//! that is where it sorts among the timed ones. Overdue items are always shown; the
//! window decides how far ahead to look (today, or `--days N` more).

pub mod ics;
mod sources;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::config::Config;
use crate::model::calendar::Calendar;
use crate::model::locale::Locale;
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::record::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::record::Ticket;

/// Who acts on an item: the desk and the departments it works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The customer-service desk (客服部).
    Desk,
    /// Engineering (工程部).
    Engineering,
    /// Security / order (保安部).
    Security,
    /// Finance / cashier (财务部).
    Finance,
    /// The service-centre manager or general manager (经理).
    Manager,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Desk,
        Role::Engineering,
        Role::Security,
        Role::Finance,
        Role::Manager,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Engineering => "engineering",
            Role::Security => "security",
            Role::Finance => "finance",
            Role::Manager => "manager",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Role::Desk => "客服部",
            Role::Engineering => "工程部",
            Role::Security => "保安部",
            Role::Finance => "财务部",
            Role::Manager => "经理",
        }
    }

    /// The role of a word the office's rules use for who acts: a dunning ladder's
    /// `who` (`desk`, `manager`, `gm`, `finance`, ...) or a permit signer
    /// (`engineering-supervisor`, `fire-safety-officer`, ...). Leasing and anyone
    /// else the rules name is reached through the desk.
    pub fn of_word(word: &str) -> Role {
        let w = word.to_ascii_lowercase();
        if w.contains("engineer") {
            Role::Engineering
        } else if w.contains("security") || w.contains("fire") || w.contains("guard") {
            Role::Security
        } else if w.contains("financ") || w.contains("cashier") || w.contains("account") {
            Role::Finance
        } else if w.contains("manager") || w == "gm" || w.contains("director") {
            Role::Manager
        } else {
            Role::Desk
        }
    }
}

named_enum!(Role, "role");

/// When an item is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// At an instant: a ticket's deadline, a goods lift booking.
    At(DateTime<FixedOffset>),
    /// On a day, by the office's closing time.
    Day(NaiveDate),
}

/// What kind of item: a stable code for scripts, a label for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    TicketResponse,
    TicketCompletion,
    TicketReturn,
    TicketCallback,
    ComplaintFeedback,
    ComplaintReply,
    InquiryReply,
    TicketReason,
    MoveinReinspection,
    MoveinVisit,
    PermitApproval,
    PermitInspection,
    PermitHotWork,
    PermitRectification,
    PermitExtension,
    PermitExpired,
    PermitAcceptance,
    PermitRefund,
    GoodsExit,
    OvertimeAc,
    ParkingRenewal,
    DunningApproval,
    DunningStep,
    DunningPromise,
    MoveoutLift,
    MoveoutInspection,
    MoveoutSettlement,
    MoveoutCompletion,
    MoveoutRefund,
}

impl Kind {
    pub const ALL: [Kind; 29] = [
        Kind::TicketResponse,
        Kind::TicketCompletion,
        Kind::TicketReturn,
        Kind::TicketCallback,
        Kind::ComplaintFeedback,
        Kind::ComplaintReply,
        Kind::InquiryReply,
        Kind::TicketReason,
        Kind::MoveinReinspection,
        Kind::MoveinVisit,
        Kind::PermitApproval,
        Kind::PermitInspection,
        Kind::PermitHotWork,
        Kind::PermitRectification,
        Kind::PermitExtension,
        Kind::PermitExpired,
        Kind::PermitAcceptance,
        Kind::PermitRefund,
        Kind::GoodsExit,
        Kind::OvertimeAc,
        Kind::ParkingRenewal,
        Kind::DunningApproval,
        Kind::DunningStep,
        Kind::DunningPromise,
        Kind::MoveoutLift,
        Kind::MoveoutInspection,
        Kind::MoveoutSettlement,
        Kind::MoveoutCompletion,
        Kind::MoveoutRefund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TicketResponse => "ticket-response",
            Kind::TicketCompletion => "ticket-completion",
            Kind::TicketReturn => "ticket-return",
            Kind::TicketCallback => "ticket-callback",
            Kind::ComplaintFeedback => "complaint-feedback",
            Kind::ComplaintReply => "complaint-reply",
            Kind::InquiryReply => "inquiry-reply",
            Kind::TicketReason => "ticket-reason",
            Kind::MoveinReinspection => "movein-reinspection",
            Kind::MoveinVisit => "movein-visit",
            Kind::PermitApproval => "permit-approval",
            Kind::PermitInspection => "permit-inspection",
            Kind::PermitHotWork => "permit-hot-work",
            Kind::PermitRectification => "permit-rectification",
            Kind::PermitExtension => "permit-extension",
            Kind::PermitExpired => "permit-expired",
            Kind::PermitAcceptance => "permit-acceptance",
            Kind::PermitRefund => "permit-refund",
            Kind::GoodsExit => "goods-exit",
            Kind::OvertimeAc => "overtime-ac",
            Kind::ParkingRenewal => "parking-renewal",
            Kind::DunningApproval => "dunning-approval",
            Kind::DunningStep => "dunning-step",
            Kind::DunningPromise => "dunning-promise",
            Kind::MoveoutLift => "moveout-lift",
            Kind::MoveoutInspection => "moveout-inspection",
            Kind::MoveoutSettlement => "moveout-settlement",
            Kind::MoveoutCompletion => "moveout-completion",
            Kind::MoveoutRefund => "moveout-refund",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Kind::TicketResponse => "到场响应",
            Kind::TicketCompletion => "维修完工",
            Kind::TicketReturn => "派工单回单",
            Kind::TicketCallback => "回访",
            Kind::ComplaintFeedback => "投诉首次反馈",
            Kind::ComplaintReply => "投诉答复",
            Kind::InquiryReply => "咨询答复",
            Kind::TicketReason => "原因反馈",
            Kind::MoveinReinspection => "再次验房",
            Kind::MoveinVisit => "入住走访",
            Kind::PermitApproval => "装修审批",
            Kind::PermitInspection => "装修巡查",
            Kind::PermitHotWork => "动火作业",
            Kind::PermitRectification => "整改期限",
            Kind::PermitExtension => "装修许可到期",
            Kind::PermitExpired => "装修许可已过期",
            Kind::PermitAcceptance => "装修验收",
            Kind::PermitRefund => "装修押金退还",
            Kind::GoodsExit => "物品放行",
            Kind::OvertimeAc => "加时空调",
            Kind::ParkingRenewal => "停车证续期",
            Kind::DunningApproval => "催缴审批",
            Kind::DunningStep => "催缴",
            Kind::DunningPromise => "承诺付款到期",
            Kind::MoveoutLift => "退租搬离",
            Kind::MoveoutInspection => "退租验房",
            Kind::MoveoutSettlement => "退租结算",
            Kind::MoveoutCompletion => "退租办结",
            Kind::MoveoutRefund => "退租退款",
        }
    }

    /// The label for people, in English as a phrase rather than a code.
    pub fn en(self) -> &'static str {
        match self {
            Kind::TicketResponse => "response",
            Kind::TicketCompletion => "completion",
            Kind::TicketReturn => "work order back",
            Kind::TicketCallback => "callback",
            Kind::ComplaintFeedback => "complaint feedback",
            Kind::ComplaintReply => "complaint reply",
            Kind::InquiryReply => "inquiry reply",
            Kind::TicketReason => "reason to tenant",
            Kind::MoveinReinspection => "re-inspection",
            Kind::MoveinVisit => "welcome visit",
            Kind::PermitApproval => "permit approval",
            Kind::PermitInspection => "works inspection",
            Kind::PermitHotWork => "hot work",
            Kind::PermitRectification => "rectification",
            Kind::PermitExtension => "permit expiring",
            Kind::PermitExpired => "permit expired",
            Kind::PermitAcceptance => "completion acceptance",
            Kind::PermitRefund => "permit deposits",
            Kind::GoodsExit => "goods exit",
            Kind::OvertimeAc => "overtime air-con",
            Kind::ParkingRenewal => "parking renewal",
            Kind::DunningApproval => "dunning approval",
            Kind::DunningStep => "dunning",
            Kind::DunningPromise => "promise to pay",
            Kind::MoveoutLift => "move-out goods",
            Kind::MoveoutInspection => "move-out inspection",
            Kind::MoveoutSettlement => "move-out settlement",
            Kind::MoveoutCompletion => "move-out completion",
            Kind::MoveoutRefund => "move-out refund",
        }
    }

    pub fn label(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }
}

/// One thing to do.
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

/// The day looked at, the time it is, and how far ahead to look.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub today: NaiveDate,
    /// The last day whose items are shown (`today` plus `--days`).
    pub last: NaiveDate,
    pub now: DateTime<FixedOffset>,
    pub tz: Tz,
    /// The office's closing time: a day's items are due by it.
    pub closes: NaiveTime,
}

impl Window {
    /// The office-local day an item falls due.
    pub fn day_of(&self, due: Due) -> NaiveDate {
        match due {
            Due::At(t) => t.with_timezone(&self.tz).date_naive(),
            Due::Day(d) => d,
        }
    }

    /// The instant an item is due by, for ordering: a day's item at closing time.
    pub fn instant(&self, due: Due) -> DateTime<FixedOffset> {
        match due {
            Due::At(t) => t,
            Due::Day(d) => local(self.tz, d, self.closes),
        }
    }

    pub fn shows(&self, due: Due) -> bool {
        self.day_of(due) <= self.last
    }

    pub fn overdue(&self, due: Due) -> bool {
        match due {
            Due::At(t) => self.now > t,
            Due::Day(d) => d < self.today,
        }
    }

    /// Whole days from the due day to today: positive when late, negative ahead.
    pub fn days_late(&self, due: Due) -> i64 {
        (self.today - self.day_of(due)).num_days()
    }

    /// Minutes from a timed item's deadline to now: positive when late.
    pub fn minutes_late(&self, due: Due) -> Option<i64> {
        match due {
            Due::At(t) => Some((self.now - t).num_minutes()),
            Due::Day(_) => None,
        }
    }

    /// How late, for people: "overdue by 1h 20m", "3 days late", "today", "in 2 days".
    pub fn lateness(&self, due: Due, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let span = |d| crate::procedure::ticket::deadlines::span(d, zh);
        match due {
            Due::At(t) if self.now > t => match zh {
                true => format!("已超时 {}", span(self.now - t)),
                false => format!("overdue by {}", span(self.now - t)),
            },
            Due::At(t) if self.day_of(due) == self.today => match zh {
                true => format!("剩余 {}", span(t - self.now)),
                false => format!("due in {}", span(t - self.now)),
            },
            _ => {
                let n = self.days_late(due);
                match (zh, n) {
                    (true, 0) => "今日".to_string(),
                    (false, 0) => "today".to_string(),
                    (true, n) if n > 0 => format!("逾期 {n} 天"),
                    (false, 1) => "1 day late".to_string(),
                    (false, n) if n > 0 => format!("{n} days late"),
                    (true, -1) => "明天".to_string(),
                    (true, n) => format!("{} 天后", -n),
                    (false, -1) => "tomorrow".to_string(),
                    (false, n) => format!("in {} days", -n),
                }
            }
        }
    }

    /// The due time for people: "2026-11-23 10:05", or the day alone.
    pub fn when_text(&self, due: Due) -> String {
        match due {
            Due::At(t) => t
                .with_timezone(&self.tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            Due::Day(d) => d.to_string(),
        }
    }
}

/// `day` at `time` in `tz`, as an instant (a skipped local time moves an hour on).
pub fn local(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<FixedOffset> {
    let t = day.and_time(time);
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(t + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(
            || chrono::Utc.from_utc_datetime(&t).fixed_offset(),
            |x| x.fixed_offset(),
        )
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
/// computed alone: nothing here restates a rule. A move-out is tested without its
/// goods exit pass (it is kept either way); the pass is looked up afterwards.
pub struct Sieve<'a> {
    pub config: &'a Config,
    pub calendar: &'a Calendar,
    pub window: Window,
}

impl Sieve<'_> {
    fn adds(&self, office: Office, add: fn(&Office, &Window, Locale, &mut Vec<Item>)) -> bool {
        let mut out = Vec::new();
        add(&office, &self.window, Locale::En, &mut out);
        !out.is_empty()
    }

    fn none(&self) -> Office<'_> {
        Office {
            config: self.config,
            calendar: self.calendar,
            tickets: &[],
            moveins: &[],
            permits: &[],
            cases: &[],
            moveouts: &[],
        }
    }

    pub fn ticket(&self, t: &Ticket) -> bool {
        let tickets = std::slice::from_ref(t);
        self.adds(
            Office {
                tickets,
                ..self.none()
            },
            sources::tickets,
        )
    }

    pub fn movein(&self, m: &MoveIn) -> bool {
        let moveins = std::slice::from_ref(m);
        self.adds(
            Office {
                moveins,
                ..self.none()
            },
            sources::moveins,
        )
    }

    pub fn permit(&self, p: &Permit) -> bool {
        let permits = std::slice::from_ref(p);
        self.adds(
            Office {
                permits,
                ..self.none()
            },
            sources::permits,
        )
    }

    pub fn case(&self, c: &DunningCase) -> bool {
        let cases = std::slice::from_ref(c);
        self.adds(
            Office {
                cases,
                ..self.none()
            },
            sources::dunning,
        )
    }

    pub fn moveout(&self, m: &MoveOut) -> bool {
        let moveouts = std::slice::from_ref(m);
        self.adds(
            Office {
                moveouts,
                ..self.none()
            },
            sources::moveouts,
        )
    }
}

/// Everything due or overdue in the window, for `who` (everyone when `None`), most
/// urgent first: by the instant due, then kind, record and key, so the order is
/// stable from run to run.
pub fn agenda(office: &Office, w: &Window, who: Option<Role>, locale: Locale) -> Vec<Item> {
    let mut items = Vec::new();
    sources::tickets(office, w, locale, &mut items);
    sources::moveins(office, w, locale, &mut items);
    sources::permits(office, w, locale, &mut items);
    sources::dunning(office, w, locale, &mut items);
    sources::moveouts(office, w, locale, &mut items);
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
            w.lateness(at("2026-11-23T08:10:00+08:00"), Locale::En),
            "overdue by 1h 20m"
        );
        assert_eq!(
            w.lateness(at("2026-11-23T09:45:00+08:00"), Locale::En),
            "due in 15m"
        );
        assert_eq!(w.lateness(day("2026-11-20"), Locale::En), "3 days late");
        assert_eq!(w.lateness(day("2026-11-22"), Locale::ZhCn), "逾期 1 天");
        assert_eq!(w.lateness(day("2026-11-23"), Locale::En), "today");
        assert_eq!(w.lateness(day("2026-11-24"), Locale::En), "tomorrow");
        assert_eq!(w.lateness(day("2026-11-26"), Locale::ZhCn), "3 天后");
        assert_eq!(
            w.lateness(at("2026-11-25T10:00:00+08:00"), Locale::En),
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
        assert_eq!(w.when_text(today), "2026-11-23");
        assert_eq!(w.when_text(morning), "2026-11-23 17:00");
    }

    #[test]
    fn rule_words_map_to_roles() {
        assert_eq!(Role::of_word("desk"), Role::Desk);
        assert_eq!(Role::of_word("gm"), Role::Manager);
        assert_eq!(Role::of_word("manager"), Role::Manager);
        assert_eq!(Role::of_word("finance"), Role::Finance);
        assert_eq!(Role::of_word("engineering-supervisor"), Role::Engineering);
        assert_eq!(Role::of_word("security-supervisor"), Role::Security);
        assert_eq!(Role::of_word("fire-safety-officer"), Role::Security);
        assert_eq!(Role::of_word("leasing"), Role::Desk);
        assert_eq!("工程部".parse::<Role>(), Ok(Role::Engineering));
    }

    #[test]
    fn kinds_have_distinct_codes() {
        let mut codes: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Kind::ALL.len());
    }
}
