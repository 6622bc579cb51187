//! The permit rules of `office.toml` (`[permit]`), with the manuals' values as the
//! defaults: validity and notice periods, the approval chain, fees and deposits, the
//! documents and agreements, overtime air-conditioning and parking.

use serde::{Deserialize, Serialize};

use crate::model::money::Money;

impl PermitRules {
    /// What is wrong with the rules, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.approval_chain.is_empty() {
            return Some("approval_chain is empty: at least one approver must sign".into());
        }
        if self.overtime_ac.cutoff_time().is_none() {
            return Some(format!(
                "overtime_ac.cutoff = {:?}: expected a time like \"12:00\"",
                self.overtime_ac.cutoff
            ));
        }
        if self.max_validity_months == 0 {
            return Some("max_validity_months must be at least 1".into());
        }
        None
    }

    /// A renovation's fees (`permit bill`): debris removal, and the worker passes'
    /// cost for `workers` passes; each with its ledger text, the free ones left out.
    pub fn renovation_fees(
        &self,
        workers: u32,
        locale: crate::model::locale::Locale,
    ) -> Vec<(Money, String)> {
        let zh = locale == crate::model::locale::Locale::ZhCn;
        let mut lines: Vec<(Money, String)> = vec![(
            self.debris_fee,
            if zh {
                "建筑垃圾清运费".into()
            } else {
                "Debris removal".into()
            },
        )];
        if let Some(cost) = self.worker_pass_cost.mul_ratio(i64::from(workers), 1) {
            lines.push((
                cost,
                if zh {
                    format!("出入证工本费（{workers}张）")
                } else {
                    format!("Worker passes ({workers})")
                },
            ));
        }
        lines.retain(|(m, _)| m.minor() > 0);
        lines
    }
}

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
    /// Goods exit passes: who may let goods out of a unit whose dunning case reached
    /// the suspension step (催款第6天：通知保安阻止搬离), with a reason; the manager
    /// overriding names one of these roles.
    pub exit_override_roles: Vec<String>,
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
    /// Overtime air-conditioning (加时空调).
    pub overtime_ac: OvertimeAcRules,
    /// Parking permits (停车证).
    pub parking: ParkingRules,
    /// Access cards (门禁卡): the deposit per card, refunded without interest.
    pub access_card_deposit: Money,
}

/// Parking permits: the papers, the fee per term, the renewal reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParkingRules {
    /// Papers received before a permit is issued.
    pub documents: Vec<String>,
    /// The fee for half a year, and for a year, paid in advance.
    pub half_year_fee: Money,
    pub year_fee: Money,
    /// The renewal falls due this many days before the permit ends.
    pub renewal_notice_days: u32,
}

impl Default for ParkingRules {
    fn default() -> Self {
        ParkingRules {
            documents: strings(&["vehicle-licence", "driver-licence", "insurance"]),
            half_year_fee: Money::from_minor(180_000),
            year_fee: Money::from_minor(330_000),
            renewal_notice_days: 30,
        }
    }
}

/// Overtime air-conditioning: requested before noon on a working day for that day,
/// and by noon of the working day before for a day off; hours times the rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OvertimeAcRules {
    /// The latest time of day a request is taken (12:00).
    pub cutoff: String,
    /// Charged per hour of running, by the minute.
    pub rate_per_hour: Money,
}

impl Default for OvertimeAcRules {
    fn default() -> Self {
        OvertimeAcRules {
            cutoff: "12:00".to_string(),
            rate_per_hour: Money::from_minor(30_000),
        }
    }
}

impl OvertimeAcRules {
    /// The cut-off time of day.
    pub fn cutoff_time(&self) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(&self.cutoff, "%H:%M").ok()
    }

    /// The latest moment (office time) a request for use on `day` is taken: the
    /// cut-off on `day` if it is a working day, else on the working day before it.
    pub fn deadline(
        &self,
        calendar: &crate::model::calendar::Calendar,
        day: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDateTime> {
        let cutoff = self.cutoff_time()?;
        let mut d = day;
        if !calendar.is_working_day(d) {
            // The working day before: at most a few weeks back (a long holiday).
            d = (1..=60)
                .map(|n| day - chrono::Days::new(n))
                .find(|x| calendar.is_working_day(*x))?;
        }
        Some(d.and_time(cutoff))
    }
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
            exit_override_roles: strings(&["manager", "gm"]),
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
            overtime_ac: OvertimeAcRules::default(),
            parking: ParkingRules::default(),
            access_card_deposit: Money::from_minor(1_000),
        }
    }
}
