//! `[dunning]` of office.toml: how the ladder's days are counted, the late-fee rate,
//! the days a dunning notice gives to pay, and the escalation ladder itself, rung by
//! rung: its day, its action, who takes it, whether it needs an approval first and
//! the notice it files. The defaults are the Beijing tower's manual.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::calendar::Calendar;
use crate::model::locale::Locale;

use super::notices;

/// How days after the due date are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    Calendar,
    Working,
}

/// What a rung of the ladder does. Written in office.toml and in the case's steps as
/// its word (`phone-reminder`, ...); the late-fee rung starts late fees.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum LadderAction {
    /// 电话催缴.
    PhoneReminder,
    /// 上门催缴.
    Visit,
    /// 书面催款通知: the written dunning notice.
    WrittenNotice,
    /// 计收滞纳金: late fees accrue from this rung's day.
    LateFee,
    /// 停止服务: services suspended.
    SuspendServices,
    /// 按合同处理: action under the lease.
    LeaseAction,
    /// A word propdesk does not know, as written: office.toml is refused with it (see
    /// [`DunningRules::problem`]); a case record keeps it as it is.
    Unknown(String),
}

impl LadderAction {
    /// The actions propdesk knows, in the order the manual climbs them.
    pub const KNOWN: [LadderAction; 6] = [
        LadderAction::PhoneReminder,
        LadderAction::Visit,
        LadderAction::WrittenNotice,
        LadderAction::LateFee,
        LadderAction::SuspendServices,
        LadderAction::LeaseAction,
    ];

    /// The word written in office.toml and the records.
    pub fn as_str(&self) -> &str {
        match self {
            LadderAction::PhoneReminder => "phone-reminder",
            LadderAction::Visit => "visit",
            LadderAction::WrittenNotice => "written-notice",
            LadderAction::LateFee => "late-fee",
            LadderAction::SuspendServices => "suspend-services",
            LadderAction::LeaseAction => "lease-action",
            LadderAction::Unknown(word) => word,
        }
    }

    /// In the locale's words: 电话催缴, phone reminder.
    pub fn words(&self, locale: Locale) -> String {
        words(self.as_str(), locale)
    }
}

impl From<String> for LadderAction {
    fn from(word: String) -> LadderAction {
        LadderAction::KNOWN
            .into_iter()
            .find(|a| a.as_str() == word)
            .unwrap_or(LadderAction::Unknown(word))
    }
}

impl From<LadderAction> for String {
    fn from(a: LadderAction) -> String {
        a.as_str().to_string()
    }
}

/// An action and its word: `step.action == "late-fee"`.
impl PartialEq<&str> for LadderAction {
    fn eq(&self, word: &&str) -> bool {
        self.as_str() == *word
    }
}

impl std::fmt::Display for LadderAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A ladder action or role in the locale's words (电话催缴, 总经理); unknown words as
/// they are.
pub fn words(word: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return word.replace('-', " ");
    }
    match word {
        "phone-reminder" => "电话催缴",
        "visit" => "上门催缴",
        "written-notice" => "书面催款通知",
        "late-fee" => "计收滞纳金",
        "suspend-services" => "停止服务",
        "lease-action" => "按合同处理",
        "desk" => "客服部",
        "manager" => "经理",
        "finance" => "财务部",
        "gm" => "总经理",
        "leasing" => "租赁部",
        "security" => "保安部",
        other => other,
    }
    .to_string()
}

/// The dunning rules of `office.toml` (`[dunning]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DunningRules {
    /// How the ladder's days are counted after the due date: "calendar" (the Beijing
    /// manual) or "working" (the office calendar's working days).
    pub days: DayCount,
    /// Step 3: late fee per day on the overdue principal, in basis points (5 = 0.05%,
    /// 万分之五). Late fees accrue from the day of the ladder's `late-fee` step (no
    /// such step: no late fees), on each charge's own due date.
    pub late_fee_basis_points_per_day: u32,
    /// The most a charge's late fees may come to, in basis points of the charge
    /// (10000 = the charge itself); 0 for no cap.
    pub late_fee_cap_basis_points: u32,
    /// A dunning notice asks for payment within this many days of its date.
    pub pay_within_days: u32,
    /// Step 3: the escalation ladder, in days after the due date.
    pub ladder: Vec<LadderStep>,
}

/// One rung of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStep {
    /// Calendar days after the due date.
    pub day: u32,
    /// What is done: phone-reminder, written-notice, late-fee, suspend-services,
    /// lease-action.
    pub action: LadderAction,
    /// Who does it: desk, manager, finance, gm, ...
    pub who: String,
    /// Whether it needs an approval first.
    #[serde(default)]
    pub approval: bool,
    /// The notice to render, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

impl DunningRules {
    /// The date `day` days after `due`, counted as the ladder counts (calendar or
    /// working days of the office calendar).
    pub fn date_after(&self, calendar: &Calendar, due: NaiveDate, day: u32) -> NaiveDate {
        match self.days {
            DayCount::Calendar => due + chrono::Days::new(u64::from(day)),
            DayCount::Working => calendar.add_working_days(due, day),
        }
    }

    /// Days from `due` to `date`, counted as the ladder counts.
    pub fn days_after(&self, calendar: &Calendar, due: NaiveDate, date: NaiveDate) -> u32 {
        match self.days {
            DayCount::Calendar => u32::try_from((date - due).num_days().max(0)).unwrap_or(u32::MAX),
            DayCount::Working => calendar.working_days_between(due, date),
        }
    }

    /// The day late fees start: that of the `late-fee` step.
    pub fn late_fee_day(&self) -> Option<u32> {
        self.ladder
            .iter()
            .find(|s| s.action == LadderAction::LateFee)
            .map(|s| s.day)
    }

    /// The notice the ladder's rung of `day` and `action` files, if any.
    pub fn notice_of(&self, day: u32, action: &LadderAction) -> Option<&str> {
        self.ladder
            .iter()
            .find(|r| r.day == day && r.action == *action)
            .and_then(|r| r.notice.as_deref())
    }

    /// What is wrong with the rules, if anything.
    pub fn problem(&self) -> Option<String> {
        for (i, step) in self.ladder.iter().enumerate() {
            if step.day == 0 {
                return Some("ladder: day 0 is the due date itself; steps start on day 1".into());
            }
            if i > 0 && step.day < self.ladder[i - 1].day {
                return Some(format!(
                    "ladder: day {} comes after day {}: list the steps in day order",
                    step.day,
                    self.ladder[i - 1].day
                ));
            }
            if let LadderAction::Unknown(word) = &step.action {
                let known: Vec<&str> = LadderAction::KNOWN.iter().map(|a| a.as_str()).collect();
                return Some(format!(
                    "ladder: day {}: unknown action {word:?}: expected one of {}",
                    step.day,
                    known.join(", ")
                ));
            }
            let names: Vec<&str> = notices::NOTICES.iter().map(|n| n.name).collect();
            if let Some(n) = &step.notice
                && !names.contains(&n.as_str())
            {
                return Some(format!(
                    "ladder: day {}: unknown notice {n:?}: expected one of {}",
                    step.day,
                    names.join(", ")
                ));
            }
        }
        None
    }
}

impl Default for DunningRules {
    fn default() -> Self {
        let step = |day, action, who: &str, approval, notice: Option<&str>| LadderStep {
            day,
            action,
            who: who.to_string(),
            approval,
            notice: notice.map(str::to_string),
        };
        use LadderAction::*;
        DunningRules {
            days: DayCount::Calendar,
            late_fee_basis_points_per_day: 5,
            late_fee_cap_basis_points: 0,
            pay_within_days: 3,
            ladder: vec![
                step(1, PhoneReminder, "desk", false, None),
                step(2, PhoneReminder, "desk", false, None),
                step(3, PhoneReminder, "desk", false, None),
                step(4, WrittenNotice, "manager", true, Some("dunning-notice")),
                step(5, LateFee, "finance", false, None),
                step(6, SuspendServices, "gm", true, Some("suspension-request")),
                step(15, LeaseAction, "manager", true, None),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder_actions_read_and_write_their_words() {
        for a in LadderAction::KNOWN {
            assert_eq!(LadderAction::from(a.as_str().to_string()), a);
        }
        let odd = LadderAction::from("shout".to_string());
        assert_eq!(odd, LadderAction::Unknown("shout".into()));
        assert_eq!(String::from(odd), "shout");
        assert_eq!(
            LadderAction::WrittenNotice.words(Locale::ZhCn),
            "书面催款通知"
        );
        assert_eq!(
            LadderAction::WrittenNotice.words(Locale::En),
            "written notice"
        );
    }

    #[test]
    fn an_unknown_action_is_a_problem_of_the_rules() {
        let mut r = DunningRules::default();
        assert_eq!(r.problem(), None);
        r.ladder[2].action = LadderAction::Unknown("shout".into());
        let p = r.problem().unwrap_or_default();
        assert!(
            p.starts_with(
                "ladder: day 3: unknown action \"shout\": expected one of phone-reminder, visit,"
            ),
            "{p}"
        );
    }
}
