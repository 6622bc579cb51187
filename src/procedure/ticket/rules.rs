//! The ticket rules of `office.toml` (`[ticket]`): response, completion and callback
//! windows, complaint reply windows, the monthly targets and the price list, with the
//! manuals' values as defaults.

use serde::{Deserialize, Serialize};

use crate::model::money::Money;

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
    /// Repair step 8 and complaint step 4: the rates the manuals target.
    pub targets: Targets,
    /// Repair step 5 and special services: the published price list (有偿服务收费标准).
    /// Items not on it are priced by the engineering supervisor.
    pub prices: Vec<PriceItem>,
}

/// One line of the price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceItem {
    /// The code typed at the desk: `replace-tap`.
    pub item: String,
    /// What the tenant reads on the slip: 更换水龙头 (each).
    pub name: String,
    pub price: Money,
}

/// Monthly targets, in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    /// Finished repairs called back (回访率).
    pub callback_percent: u32,
    /// Callbacks made as visits rather than phone calls.
    pub visit_percent: u32,
    /// Callbacks where the tenant was satisfied (满意率).
    pub satisfaction_percent: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            callback_percent: 100,
            visit_percent: 70,
            satisfaction_percent: 95,
        }
    }
}

impl TicketRules {
    /// The price-list line with code `item`.
    pub fn price(&self, item: &str) -> Option<&PriceItem> {
        self.prices.iter().find(|p| p.item == item)
    }

    /// What is wrong with the rules, if anything.
    pub fn problem(&self) -> Option<String> {
        for (i, p) in self.prices.iter().enumerate() {
            let row = i + 1;
            if crate::model::ids::validate(&p.item).is_err() {
                return Some(format!(
                    "price {row}: item {:?}: expected a code of letters, digits and dashes, like \"replace-tap\"",
                    p.item
                ));
            }
            if p.name.trim().is_empty() {
                return Some(format!("price {row} ({}): the name is empty", p.item));
            }
            if p.price.minor() <= 0 {
                return Some(format!(
                    "price {row} ({}): the price must be more than 0",
                    p.item
                ));
            }
            if self.prices[..i].iter().any(|q| q.item == p.item) {
                return Some(format!("price {row}: item {:?} is listed twice", p.item));
            }
        }
        let t = &self.targets;
        for (name, v) in [
            ("callback_percent", t.callback_percent),
            ("visit_percent", t.visit_percent),
            ("satisfaction_percent", t.satisfaction_percent),
        ] {
            if v > 100 {
                return Some(format!("targets.{name} = {v}: expected 0 to 100"));
            }
        }
        if self.visit_categories.iter().any(|c| c.trim().is_empty()) {
            return Some("visit_categories: an empty category".to_string());
        }
        None
    }
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
            targets: Targets::default(),
            prices: Vec::new(),
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
