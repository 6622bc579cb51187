//! The unit registry (单元): every office, shop, home and parking bay the office
//! manages, with its owner, its occupant and its status.
//!
//! A unit's ID is the office's own unit number (`A-1203`: building A, 12th floor,
//! unit 03), stored upper-case; its file is `units/<ID>.yaml`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::history::Entry;
use crate::model::money::parse_hundredths;
use crate::model::record::Record;

/// A unit of the estate or tower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit number, `A-1203`.
    pub id: String,
    /// Building (楼栋), `A`.
    pub building: String,
    /// Floor (楼层); basements are negative.
    pub floor: i32,
    /// Floor area (建筑面积) in m², exact to 0.01: `123.45`. Fees per m² use it.
    pub area: Area,
    /// What the unit is used as (用途).
    #[serde(rename = "use")]
    pub usage: UnitUse,
    /// The owner (业主), a party ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Who occupies it now (租户 / 住户), a party ID; the owner when owner-occupied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupant: Option<String>,
    pub status: UnitStatus,
    /// Fees are charged from this day (the move-in notice date, 起租日); a month it
    /// starts in is charged by the day. Unset: from the start of every month billed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_from: Option<chrono::NaiveDate>,
    /// Fees stop after this day (the move-out day); a vacant unit with a stop date in
    /// the month is still billed to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_until: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Registry events: added, edited, imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Entry>,
}

impl Record for Unit {
    const DIR: &'static str = "units";
    const WHAT: &'static str = "unit";
    fn id(&self) -> &str {
        &self.id
    }
}

/// What a unit is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum UnitUse {
    Office,
    Shop,
    Home,
    Parking,
}

impl UnitUse {
    pub const ALL: [UnitUse; 4] = [
        UnitUse::Office,
        UnitUse::Shop,
        UnitUse::Home,
        UnitUse::Parking,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            UnitUse::Office => "office",
            UnitUse::Shop => "shop",
            UnitUse::Home => "home",
            UnitUse::Parking => "parking",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            UnitUse::Office => "办公",
            UnitUse::Shop => "商铺",
            UnitUse::Home => "住宅",
            UnitUse::Parking => "车位",
        }
    }
}

/// Whether a unit is let.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum UnitStatus {
    /// Empty and available (空置).
    Vacant,
    /// Someone lives or works there (已入住).
    Occupied,
    /// Under renovation before occupation (装修中).
    Renovating,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 3] = [
        UnitStatus::Vacant,
        UnitStatus::Occupied,
        UnitStatus::Renovating,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Vacant => "vacant",
            UnitStatus::Occupied => "occupied",
            UnitStatus::Renovating => "renovating",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            UnitStatus::Vacant => "空置",
            UnitStatus::Occupied => "已入住",
            UnitStatus::Renovating => "装修中",
        }
    }
}

named_enum!(UnitUse, "use");
named_enum!(UnitStatus, "status");

/// An area in m², exact to 0.01 m².
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Area(i64);

impl Area {
    pub fn hundredths(self) -> i64 {
        self.0
    }
    pub fn from_hundredths(h: i64) -> Area {
        Area(h)
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl FromStr for Area {
    type Err = String;
    fn from_str(s: &str) -> Result<Area, String> {
        let h = parse_hundredths(s)
            .map_err(|r| format!("invalid area {s:?}: {r} (expected m² like 123.45)"))?;
        if h <= 0 {
            return Err(format!("invalid area {s:?}: must be more than 0 m²"));
        }
        Ok(Area(h))
    }
}

impl Serialize for Area {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Area, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

pub use crate::model::record::FieldProblem;

impl Unit {
    /// Who the unit's bills and payment notices go to: its occupant, else its owner.
    pub fn billed_to(&self) -> Option<&String> {
        self.occupant.as_ref().or(self.owner.as_ref())
    }

    /// Rules a unit keeps on its own: a building, a sane floor, occupant and status in
    /// step.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut add = |field, message: String| out.push(FieldProblem { field, message });
        if self.building.trim().is_empty() {
            add("building", "building is empty".to_string());
        }
        if !(-20..=300).contains(&self.floor) {
            add(
                "floor",
                format!("floor {} is out of range (-20 to 300)", self.floor),
            );
        }
        match (self.status, &self.occupant) {
            (UnitStatus::Occupied, None) => add(
                "status",
                "status is occupied but no occupant is named".to_string(),
            ),
            (UnitStatus::Vacant, Some(o)) => add(
                "occupant",
                format!("occupant {o} is named but the status is vacant"),
            ),
            _ => {}
        }
        if let (Some(from), Some(until)) = (self.fees_from, self.fees_until)
            && until < from
        {
            add(
                "fees_until",
                format!("fees_until {until} is before fees_from {from}"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit() -> Unit {
        Unit {
            id: "A-1203".into(),
            building: "A".into(),
            floor: 12,
            area: "123.45".parse().unwrap(),
            usage: UnitUse::Office,
            owner: Some("P-20261101-AAAAAA".into()),
            occupant: None,
            status: UnitStatus::Vacant,
            fees_from: None,
            fees_until: None,
            note: None,
            history: vec![],
        }
    }

    #[test]
    fn areas_are_exact_and_positive() {
        assert_eq!("123.45".parse::<Area>().unwrap().hundredths(), 12345);
        assert_eq!("80".parse::<Area>().unwrap().to_string(), "80.00");
        assert!("0".parse::<Area>().unwrap_err().contains("more than 0"));
        assert!(
            "12.345"
                .parse::<Area>()
                .unwrap_err()
                .contains("more than two decimals")
        );
    }

    #[test]
    fn uses_and_statuses_parse_by_name() {
        assert_eq!("Shop".parse::<UnitUse>(), Ok(UnitUse::Shop));
        assert_eq!(
            "flat".parse::<UnitUse>().unwrap_err(),
            "unknown use \"flat\": expected office, shop, home, parking"
        );
        assert_eq!("occupied".parse::<UnitStatus>(), Ok(UnitStatus::Occupied));
    }

    #[test]
    fn occupant_and_status_must_agree() {
        assert!(unit().problems().is_empty());
        let mut u = unit();
        u.status = UnitStatus::Occupied;
        assert_eq!(u.problems()[0].field, "status");
        let mut u = unit();
        u.occupant = Some("P-1".into());
        assert_eq!(u.problems()[0].field, "occupant");
        let mut u = unit();
        u.floor = 999;
        u.building = " ".into();
        assert_eq!(u.problems().len(), 2);
    }
}
