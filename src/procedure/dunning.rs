//! Fees and dunning (收费 / 催款).
//!
//! The office procedure (Beijing tower, calendar days after the due date): days 1-3
//! phone reminders, each logged; day 4 the manager approves a written dunning notice
//! (催款通知书); day 5 late fees (滞纳金) start and leasing is asked to help; day 6 a
//! request to suspend services, signed by the GM, and security told; day 15 action
//! under the lease.
//!
//! This module holds the procedure's rules; the procedure itself is built by the
//! money and dunning issue.

use serde::{Deserialize, Serialize};

/// How days after the due date are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    Calendar,
    Working,
}

/// The ladder actions propdesk knows; the late-fee step starts late fees.
pub const ACTIONS: &[&str] = &[
    "phone-reminder",
    "visit",
    "written-notice",
    "late-fee",
    "suspend-services",
    "lease-action",
];

/// The notices a ladder step may render.
pub const NOTICES: &[&str] = &["dunning-notice", "suspension-request"];

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
    pub action: String,
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
    /// The day late fees start: that of the `late-fee` step.
    pub fn late_fee_day(&self) -> Option<u32> {
        self.ladder
            .iter()
            .find(|s| s.action == "late-fee")
            .map(|s| s.day)
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
            if !ACTIONS.contains(&step.action.as_str()) {
                return Some(format!(
                    "ladder: day {}: unknown action {:?}: expected one of {}",
                    step.day,
                    step.action,
                    ACTIONS.join(", ")
                ));
            }
            if let Some(n) = &step.notice {
                if !NOTICES.contains(&n.as_str()) {
                    return Some(format!(
                        "ladder: day {}: unknown notice {n:?}: expected one of {}",
                        step.day,
                        NOTICES.join(", ")
                    ));
                }
            }
        }
        None
    }
}

impl Default for DunningRules {
    fn default() -> Self {
        let step = |day, action: &str, who: &str, approval, notice: Option<&str>| LadderStep {
            day,
            action: action.to_string(),
            who: who.to_string(),
            approval,
            notice: notice.map(str::to_string),
        };
        DunningRules {
            days: DayCount::Calendar,
            late_fee_basis_points_per_day: 5,
            late_fee_cap_basis_points: 0,
            pay_within_days: 3,
            ladder: vec![
                step(1, "phone-reminder", "desk", false, None),
                step(2, "phone-reminder", "desk", false, None),
                step(3, "phone-reminder", "desk", false, None),
                step(4, "written-notice", "manager", true, Some("dunning-notice")),
                step(5, "late-fee", "finance", false, None),
                step(
                    6,
                    "suspend-services",
                    "gm",
                    true,
                    Some("suspension-request"),
                ),
                step(15, "lease-action", "manager", true, None),
            ],
        }
    }
}
