//! Tickets: repairs and work orders (派工单), complaints (投诉), suggestions and
//! inquiries, special services (特约服务).
//!
//! The office procedure for a repair: the desk writes the work order; engineering
//! dispatches a technician who arrives within the response time for the priority;
//! the work is done within the completion standard and signed for; the order returns
//! to the desk; the desk calls back within 48 hours. Complaints get feedback within 24
//! hours and a reply within working days that depend on the channel.
//!
//! This module holds the procedure's rules; the procedure itself is built by the
//! tickets issue.

use serde::{Deserialize, Serialize};

/// The ticket rules of `office.toml` (`[ticket]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TicketRules {
    /// Repair step 8: callback within this many hours of completion (回访).
    pub callback_hours: u32,
    /// Repair step 7: the work order returns to the desk within this many days
    /// (extra-urgent at once, others the same or next day).
    pub return_to_desk_days: u32,
    /// Repair step 8: categories whose callback must be a visit.
    pub visit_categories: Vec<String>,
    /// Repair step 3: arrival on site after the report, by priority.
    pub response_minutes: ResponseMinutes,
    /// Repair step 4: completion standards.
    pub completion: Completion,
    /// Complaint step 3: feedback and reply windows.
    pub complaint: ComplaintRules,
}

/// Repair step 3: response (arrival on site) in minutes, by priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResponseMinutes {
    /// 特急单.
    pub extra_urgent: u32,
    /// 急单.
    pub urgent: u32,
    /// 一般单.
    pub normal: u32,
}

/// Repair step 4: completion standards. Emergency repairs are worked continuously.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Completion {
    /// Minor repairs: done the same day.
    pub minor_days: u32,
    /// General repairs: within this many days.
    pub general_days: u32,
    /// Difficult repairs: within this many hours.
    pub difficult_hours: u32,
}

/// Complaint step 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ComplaintRules {
    /// First feedback to the tenant within this many hours.
    pub first_feedback_hours: u32,
    /// Reply within this many working days for a phone complaint.
    pub reply_working_days_phone: u32,
    /// ... for a complaint made in person.
    pub reply_working_days_visit: u32,
    /// ... for a letter.
    pub reply_working_days_letter: u32,
}

impl Default for TicketRules {
    fn default() -> Self {
        TicketRules {
            callback_hours: 48,
            return_to_desk_days: 1,
            visit_categories: [
                "air-conditioning",
                "water-outage",
                "heating-outage",
                "curtain-wall-leak",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            response_minutes: ResponseMinutes::default(),
            completion: Completion::default(),
            complaint: ComplaintRules::default(),
        }
    }
}

impl Default for ResponseMinutes {
    fn default() -> Self {
        ResponseMinutes {
            extra_urgent: 10,
            urgent: 15,
            normal: 30,
        }
    }
}

impl Default for Completion {
    fn default() -> Self {
        Completion {
            minor_days: 0,
            general_days: 2,
            difficult_hours: 72,
        }
    }
}

impl Default for ComplaintRules {
    fn default() -> Self {
        ComplaintRules {
            first_feedback_hours: 24,
            reply_working_days_phone: 1,
            reply_working_days_visit: 1,
            reply_working_days_letter: 3,
        }
    }
}
