//! The joint inspection (陪同验房, step 4): who attended, every meter of the unit's use
//! read, every facility of the checklist found good or defective; each defect becomes a
//! repair ticket with a deadline to fix it ([`MoveIn::defect_ticket`]). The move-out
//! inspection compares against this record.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::locale::Locale;
use crate::model::unit::UnitUse;
use crate::procedure::ticket::{Channel, Grade, Intake, Kind, Priority, Ticket};

use super::record::{Defect, Event, MoveIn};
use super::steps::Refusal;
use super::{Act, Meter, MoveInRules, Refused};

/// The joint inspection (陪同验房).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub attendees: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meters: Vec<Reading>,
    pub facilities: Vec<Facility>,
}

/// A meter reading (底数).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub meter: Meter,
    pub reading: MeterValue,
}

/// `METER=READING`, as the desk types a reading: `electricity=12345.6`.
impl std::str::FromStr for Reading {
    type Err = String;
    fn from_str(s: &str) -> Result<Reading, String> {
        let (m, v) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected METER=READING, like electricity=12345.6"))?;
        Ok(Reading {
            meter: m.parse()?,
            reading: v.parse()?,
        })
    }
}

/// A facility on the checklist and its condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub item: String,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    Ok,
    Defect,
}

/// What the desk found at the joint inspection, as typed.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Who attended (engineering, security, the tenant), once each.
    pub attendees: Vec<String>,
    pub readings: Vec<Reading>,
    /// The defective facilities: (checklist item, description).
    pub defects: Vec<(String, String)>,
    /// The day to fix them by (default: `[movein] defect_fix_days` from today).
    pub fix_by: Option<NaiveDate>,
}

/// Each name once, trimmed, empty ones dropped.
pub(crate) fn attendees(names: &[String]) -> Vec<String> {
    let mut who: Vec<String> = Vec::new();
    for a in names.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !who.iter().any(|x| x == a) {
            who.push(a.to_string());
        }
    }
    who
}

impl MoveIn {
    /// Records the joint inspection: every meter the unit's use has, every facility on
    /// the checklist (ok unless named as a defect). Returns the defects, for their
    /// repair tickets ([`MoveIn::defect_ticket`]).
    pub fn inspect(
        &mut self,
        act: Act,
        rules: &MoveInRules,
        usage: UnitUse,
        found: &Found,
    ) -> Result<Vec<(String, String)>, Refused> {
        self.may(Event::Inspected)?;
        if let Some(i) = &self.inspection {
            return Err(Refusal::AlreadyInspected {
                id: self.id.clone(),
                on: i.date,
            }
            .into());
        }
        let attendees = attendees(&found.attendees);
        if attendees.is_empty() {
            return Err(Refusal::NoAttendees.into());
        }
        let (readings, defects) = (&found.readings, &found.defects);
        let meters = rules.meters.get(usage);
        for m in meters {
            if !readings.iter().any(|r| r.meter == *m) {
                return Err(Refusal::MeterNotRead {
                    meter: *m,
                    usage,
                    meters: meters.to_vec(),
                }
                .into());
            }
        }
        for (i, r) in readings.iter().enumerate() {
            let meter = r.meter;
            if !meters.contains(&meter) {
                return Err(Refusal::NoSuchMeter { usage, meter }.into());
            }
            if readings[..i].iter().any(|x| x.meter == meter) {
                return Err(Refusal::MeterTwice { meter }.into());
            }
        }
        let list = rules.facilities.get(usage);
        for (i, (item, _)) in defects.iter().enumerate() {
            if defects[..i].iter().any(|(x, _)| x == item) {
                return Err(Refusal::DefectTwice { item: item.clone() }.into());
            }
            if !list.contains(item) {
                return Err(Refusal::NotOnChecklist {
                    item: item.clone(),
                    usage,
                    expected: list.to_vec(),
                }
                .into());
            }
        }
        let facilities = list
            .iter()
            .map(|item| {
                let d = defects.iter().find(|(i, _)| i == item);
                Facility {
                    item: item.clone(),
                    condition: if d.is_some() {
                        Condition::Defect
                    } else {
                        Condition::Ok
                    },
                    note: d.map(|(_, t)| t.trim().to_string()),
                }
            })
            .collect();
        self.inspection = Some(Inspection {
            date: act.today,
            attendees: attendees.clone(),
            meters: readings.clone(),
            facilities,
        });
        let note = format!("{}; {} defect(s)", attendees.join(", "), defects.len());
        self.log(act, Event::Inspected, note);
        Ok(defects.to_vec())
    }

    /// A defect found at the inspection, as its repair ticket `id`: an internal
    /// repair of the unit reported by `reporter`, described in the office's words
    /// (`locale`), to be fixed by `fix_by`, linked both ways (the move-in lists it).
    #[allow(clippy::too_many_arguments)]
    pub fn defect_ticket(
        &mut self,
        id: &str,
        item: &str,
        description: &str,
        reporter: &str,
        fix_by: NaiveDate,
        locale: Locale,
        act: Act,
    ) -> Result<Ticket, Refused> {
        let intake = Intake {
            kind: Kind::Repair,
            channel: Channel::Internal,
            unit: Some(self.unit.clone()),
            area: None,
            reporter: reporter.to_string(),
            phone: None,
            category: item.to_string(),
            description: format!(
                "{}（{}）: {description}",
                super::words(item, locale),
                match locale {
                    Locale::ZhCn => "入驻验房缺陷",
                    Locale::En => "move-in inspection defect",
                }
            ),
            priority: Some(Priority::Normal),
            grade: Some(Grade::General),
            repeat_of: None,
        };
        let mut t = Ticket::new(id, intake, act)?;
        t.movein = Some(self.id.clone());
        t.fix_by = Some(fix_by);
        self.defects.push(Defect {
            item: item.to_string(),
            description: description.to_string(),
            ticket: id.to_string(),
            fix_by,
        });
        Ok(t)
    }
}

/// A meter reading, exact to a thousandth: `12345.6` in YAML as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeterValue(i64);

impl MeterValue {
    pub fn thousandths(self) -> i64 {
        self.0
    }
    pub fn from_thousandths(n: i64) -> MeterValue {
        MeterValue(n)
    }
}

impl std::str::FromStr for MeterValue {
    type Err = String;
    fn from_str(s: &str) -> Result<MeterValue, String> {
        let t = s.trim();
        let bad = || format!("invalid meter reading {s:?}: expected a number like 12345.6");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 3
            || (t.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        let w: i64 = whole.parse().map_err(|_| bad())?;
        let f: i64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
        w.checked_mul(1000)
            .and_then(|x| x.checked_add(f))
            .map(MeterValue)
            .ok_or_else(bad)
    }
}

impl fmt::Display for MeterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, r) = (self.0 / 1000, self.0 % 1000);
        if r == 0 {
            write!(f, "{w}")
        } else {
            let frac = format!("{r:03}");
            write!(f, "{w}.{}", frac.trim_end_matches('0'))
        }
    }
}

impl Serialize for MeterValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for MeterValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MeterValue, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
