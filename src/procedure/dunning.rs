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

/// The dunning rules of `office.toml` (`[dunning]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DunningRules {
    /// Step 3: late fee per day on the overdue principal, in basis points (5 = 0.05%,
    /// 万分之五).
    pub late_fee_basis_points_per_day: u32,
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
            late_fee_basis_points_per_day: 5,
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
