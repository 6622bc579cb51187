//! What a move-in puts on the agenda: a re-inspection booked for defects still open
//! (engineering), and the welcome visit within days of completion (the desk).

use chrono::NaiveDate;
use serde::Serialize;

use crate::procedure::due::{Due, Item, Role};

use super::MoveInRules;
use super::record::{Event, MoveIn};

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Reinspection,
    Visit,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Reinspection, Kind::Visit];

    /// The stable code scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reinspection => "movein-reinspection",
            Kind::Visit => "movein-visit",
        }
    }
}

/// What exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// The defects still open, by their checklist codes.
    OpenDefects(Vec<String>),
    /// The day the tenant moved in.
    MovedIn(NaiveDate),
}

pub fn items(m: &MoveIn, rules: &MoveInRules, out: &mut Vec<Item<Kind, Detail>>) {
    let item = |due, kind, detail, who| Item {
        due,
        kind,
        key: String::new(),
        detail,
        record: m.id.clone(),
        unit: m.unit.clone(),
        who,
    };
    if let Some(d) = m.reinspection
        && !m
            .history
            .iter()
            .any(|e| e.event == Event::Reinspected.as_str())
    {
        let open = m.defects.iter().map(|x| x.item.clone()).collect();
        out.push(item(
            Due::Day(d),
            Kind::Reinspection,
            Detail::OpenDefects(open),
            Role::Engineering,
        ));
    }
    if m.welcome_visit.is_none()
        && let Some(d) = m.visit_due(rules)
    {
        out.push(item(
            Due::Day(d),
            Kind::Visit,
            Detail::MovedIn(m.completed.unwrap_or(d)),
            Role::Desk,
        ));
    }
}
