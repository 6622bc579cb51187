//! The estate: buildings (office towers and residential blocks), their floors and
//! units, parking bays in the basements and shops on the ground floor, and who owns
//! each unit.

use propdesk::model::unit::UnitUse;

use super::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildingKind {
    Tower,
    Residential,
}

#[derive(Debug, Clone)]
pub struct Building {
    pub name: String,
    pub kind: BuildingKind,
    /// Public areas patrols and tenants report faults in.
    pub areas: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct UnitSpec {
    pub id: String,
    pub building: usize,
    pub floor: i32,
    /// Hundredths of a m².
    pub area: i64,
    pub usage: UnitUse,
}

impl UnitSpec {
    /// A building's public areas, as the unit their tickets are simulated on (it is
    /// not written).
    pub fn public(building: usize) -> UnitSpec {
        let (id, floor, area, usage) = ("PUBLIC".into(), 0, 100, UnitUse::Office);
        UnitSpec {
            id,
            building,
            floor,
            area,
            usage,
        }
    }
}

fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// About 500 units a building; at least a tower and a residential block from 40 units.
/// Parking bays in the basements, shops on the ground floors, then offices (towers) or
/// homes (residential blocks) floor by floor.
pub fn build(n: usize, rng: &mut Rng) -> (Vec<Building>, Vec<UnitSpec>) {
    let nb = n.div_ceil(500).max(if n >= 40 { 2 } else { 1 });
    let (mut buildings, mut units) = (Vec::new(), Vec::new());
    for b in 0..nb {
        let count = n / nb + usize::from(b < n % nb);
        let name = letters(b);
        let tower = b % 2 == 0;
        let kind = [BuildingKind::Residential, BuildingKind::Tower][usize::from(tower)];
        let places = ["大堂", "地下车库", "消防通道", "公共卫生间"].map(String::from);
        let lifts = (1..=if tower { 6 } else { 3 }).map(|l| format!("{l}号电梯"));
        let areas = places
            .into_iter()
            .chain(lifts)
            .map(|a| format!("{name}座{a}"));
        let areas = areas.collect();
        buildings.push(Building {
            name: name.clone(),
            kind,
            areas,
        });
        let mut unit = |id: String, floor: i32, area: i64, usage: UnitUse| {
            units.push(UnitSpec {
                id,
                building: b,
                floor,
                area,
                usage,
            });
        };
        let parking = ((count as f64) * 0.10).round() as usize;
        let shops = (((count as f64) * 0.06).round() as usize).min(60);
        let rest = count.saturating_sub(parking + shops);
        let per_floor = rest.div_ceil(30).clamp(4, 12);
        for i in 0..parking {
            let level = (i / 99) as i32 + 1;
            let id = format!("{name}-B{level}{:02}", i % 99 + 1);
            unit(id, -level, rng.range(1250, 1500) / 5 * 5, UnitUse::Parking);
        }
        for i in 0..shops {
            let floor = (i / 30) as i32 + 1;
            let id = format!("{name}-{floor}{:02}", i % 30 + 1);
            unit(id, floor, rng.range(3000, 26000), UnitUse::Shop);
        }
        let first = (shops / 30) as i32 + 2;
        for i in 0..rest {
            let floor = first + (i / per_floor) as i32;
            let id = format!("{name}-{floor}{:02}", i % per_floor + 1);
            match tower {
                true => unit(id, floor, rng.range(8000, 45000), UnitUse::Office),
                false => unit(id, floor, rng.range(6000, 18000), UnitUse::Home),
            }
        }
    }
    (buildings, units)
}
