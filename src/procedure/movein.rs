//! Move-in (入驻 / 收楼 / 入伙).
//!
//! The office procedure: leasing sends a move-in notice; the desk checks the documents,
//! opens the tenant file, hands out the handbook and agreements against signatures,
//! inspects the unit jointly (meters, facilities, defects as repair tickets), takes the
//! fees and deposits, hands over the keys, has the handover record signed, files it,
//! and visits within 3 days.
//!
//! This module holds the procedure's rules; the procedure itself is built by the
//! move-in issue.

use serde::{Deserialize, Serialize};

/// The move-in rules of `office.toml` (`[movein]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoveInRules {
    /// Step 1: documents from a person (入驻通知书, 租赁合同, 身份证复印件, 押金票据).
    pub documents_person: Vec<String>,
    /// Step 1: documents from a company (营业执照复印件 instead of the ID card).
    pub documents_company: Vec<String>,
    /// Step 1: added when an agent collects the keys (委托书).
    pub documents_agent: Vec<String>,
    /// Step 3: handouts signed for (文件签收单).
    pub handouts: Vec<String>,
    /// Step 8: the welcome visit falls due this many days after completion (3日内上门走访).
    pub welcome_visit_days: u32,
}

impl Default for MoveInRules {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        MoveInRules {
            documents_person: s(&[
                "movein-notice",
                "lease-copy",
                "id-card-copy",
                "deposit-receipt",
            ]),
            documents_company: s(&[
                "movein-notice",
                "lease-copy",
                "business-licence-copy",
                "deposit-receipt",
            ]),
            documents_agent: s(&["authorisation-letter"]),
            handouts: s(&[
                "tenant-handbook",
                "renovation-rules",
                "safety-handbook",
                "fire-responsibility-agreement",
                "access-card-form",
            ]),
            welcome_visit_days: 3,
        }
    }
}
