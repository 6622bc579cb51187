//! Permits: renovation (装修许可) and the other passes.
//!
//! The office procedure: an application before any work; documents by scope of work;
//! agreements signed; fees and deposits paid; an approval chain (desk clerk,
//! engineering, security, fire safety, manager); the permit posted on the door;
//! inspections during works, rectification notices and fines; validity at most three
//! months, extended before expiry; completion applied for 3 days ahead, jointly
//! accepted, passes returned and deposits refunded net of fines and damage.
//!
//! [`record`] holds the permit record and the renovation permit's steps; this file
//! holds the rules of `office.toml`.

pub mod record;

use serde::{Deserialize, Serialize};

pub use record::*;

use crate::model::money::Money;

/// The permit rules of `office.toml` (`[permit]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PermitRules {
    /// Step 8: a renovation permit is valid at most this many months.
    pub max_validity_months: u32,
    /// Step 9: completion is applied for in writing this many days ahead.
    pub completion_notice_days: u32,
    /// Step 5: who signs, in order (each approves or rejects with a reason).
    pub approval_chain: Vec<String>,
    /// Step 4: renovation deposit (装修押金).
    pub renovation_deposit: Money,
    /// Step 4: debris removal fee (建筑垃圾清运费).
    pub debris_fee: Money,
    /// Step 4: worker pass cost (出入证工本费), per worker.
    pub worker_pass_cost: Money,
    /// Step 4: worker pass deposit, per worker, refunded against the pass.
    pub worker_pass_deposit: Money,
    /// Step 2: documents required for each scope of work.
    pub documents: PermitDocuments,
    /// Step 3: agreements signed before works start.
    pub agreements: Vec<String>,
}

/// Step 2: the documents each scope of work needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PermitDocuments {
    /// Simple work such as painting: no contractor qualification needed.
    pub simple: Vec<String>,
    /// Ordinary renovation by a contractor.
    pub standard: Vec<String>,
    /// Added for structural changes.
    pub structural: Vec<String>,
    /// Added for hot work (动火作业).
    pub hot_work: Vec<String>,
    /// Added when the applicant is not the owner.
    pub tenant: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

impl Default for PermitDocuments {
    fn default() -> Self {
        PermitDocuments {
            simple: strings(&["application-form", "workers-list"]),
            standard: strings(&[
                "application-form",
                "drawings",
                "materials-list",
                "contractor-licence",
                "contractor-qualification",
                "site-manager-id-copy",
                "workers-list",
            ]),
            structural: strings(&["design-institute-plan"]),
            hot_work: strings(&["hot-work-permit"]),
            tenant: strings(&["owner-consent"]),
        }
    }
}

impl Default for PermitRules {
    fn default() -> Self {
        PermitRules {
            max_validity_months: 3,
            completion_notice_days: 3,
            approval_chain: strings(&[
                "desk-clerk",
                "engineering-supervisor",
                "security-supervisor",
                "fire-safety-officer",
                "manager",
            ]),
            renovation_deposit: Money::from_minor(500_000),
            debris_fee: Money::from_minor(50_000),
            worker_pass_cost: Money::from_minor(1_000),
            worker_pass_deposit: Money::from_minor(1_000),
            documents: PermitDocuments::default(),
            agreements: strings(&[
                "management-agreement",
                "owner-commitment",
                "contractor-commitment",
                "workers-rules",
                "fire-security-responsibility",
            ]),
        }
    }
}
