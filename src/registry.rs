//! The registry's operations: finding a party by a typed part of its ID, checking a
//! unit's references, importing the spreadsheets an office already keeps, and the
//! views (tables, sheets) of units and parties.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::{self, Resolved};
use crate::model::locale::Locale;
use crate::model::party::{EmergencyContact, Party, PartyKind, Role};
use crate::model::unit::{FieldProblem, Unit, UnitStatus, UnitUse};
use crate::output::{Cell, Column, Listing, Sheet};
use crate::store::{Problem, Store};

/// The party whose ID contains `typed` (`P-20261101-7KQ2MX`, `7kq2`).
pub fn resolve_party(store: &Store, typed: &str) -> Result<String> {
    let ids = store.list_ids("parties")?;
    match ids::resolve(typed, ids.iter().map(String::as_str)) {
        Resolved::One(id) => Ok(id.to_string()),
        Resolved::None => {
            Err(Error::not_found("party", typed).with_hint("`propdesk party` lists the parties"))
        }
        Resolved::Many(m) => Err(Error::data(format!(
            "{typed:?} names {} parties: {}",
            m.len(),
            m.join(", ")
        ))
        .with_hint("type more of the ID")),
    }
}

/// Building and floor read off a unit number: `A-1203` is building A, floor 12.
pub fn building_floor_of(id: &str) -> Option<(String, i32)> {
    let (building, number) = id.rsplit_once('-')?;
    if building.is_empty() || number.len() < 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let floor: i32 = number[..number.len() - 2].parse().ok()?;
    Some((building.to_string(), floor))
}

/// A unit's references: its owner must be a party with the owner role, its occupant
/// an owner or tenant. `party` looks a party up by ID.
pub fn reference_problems<'a>(
    unit: &Unit,
    party: impl Fn(&str) -> Option<&'a Party>,
) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, id: &Option<String>, roles: &[Role]| {
        let Some(id) = id else { return };
        match party(id) {
            None => out.push(FieldProblem {
                field,
                // As written, quoted: hand-edited text, which may hold a newline.
                message: format!(
                    "{field} {} is not a party in parties/",
                    crate::error::quote(id)
                ),
            }),
            Some(p) if !roles.iter().any(|r| p.has_role(*r)) => out.push(FieldProblem {
                field,
                message: format!(
                    "{field} {id} ({}) is not {}",
                    p.name,
                    roles
                        .iter()
                        .map(|r| format!("an {r}").replace("an tenant", "a tenant"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            }),
            Some(_) => {}
        }
    };
    check("owner", &unit.owner, &[Role::Owner]);
    check("occupant", &unit.occupant, &[Role::Tenant, Role::Owner]);
    out
}

/// Refuses a unit whose own fields or references are wrong, naming each problem.
pub fn validate_unit(store: &Store, unit: &Unit) -> Result<()> {
    let mut loaded = HashMap::new();
    for id in [&unit.owner, &unit.occupant].into_iter().flatten() {
        if let Some(p) = store.load::<Party>(id)? {
            loaded.insert(id.clone(), p);
        }
    }
    let problems: Vec<String> = unit
        .problems()
        .into_iter()
        .chain(reference_problems(unit, |id| loaded.get(id)))
        .map(|p| p.message)
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::data(format!("unit {}: {}", unit.id, problems.join("; ")))
            .with_hint("give the owner the owner role with `propdesk party edit ID --add-role owner`, or name another party"))
    }
}

pub fn validate_party(party: &Party) -> Result<()> {
    let problems: Vec<String> = party.problems().into_iter().map(|p| p.message).collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::data(format!("party: {}", problems.join("; "))))
    }
}

pub use crate::model::party::masked;

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn party_name(parties: &HashMap<String, Party>, id: &Option<String>) -> Cell {
    match id {
        None => Cell::from(Value::Null),
        Some(id) => Cell::shown_as(
            id.as_str(),
            parties.get(id).map_or(id.as_str(), |p| p.name.as_str()),
        ),
    }
}

const C_ID: Column = Column::new("id", "编号", "Unit");
const C_BUILDING: Column = Column::new("building", "楼栋", "Building");
const C_FLOOR: Column = Column::new("floor", "楼层", "Floor");
const C_AREA: Column = Column::new("area", "面积(㎡)", "Area (m²)");
const C_USE: Column = Column::new("use", "用途", "Use");
const C_STATUS: Column = Column::new("status", "状态", "Status");
const C_OWNER: Column = Column::new("owner", "业主", "Owner");
const C_OCCUPANT: Column = Column::new("occupant", "使用人", "Occupant");
const C_NOTE: Column = Column::new("note", "备注", "Note");

/// The unit table: owner and occupant by name for people, by ID for scripts.
pub fn unit_listing(units: &[Unit], parties: &HashMap<String, Party>, locale: Locale) -> Listing {
    Listing {
        columns: vec![
            C_ID, C_BUILDING, C_FLOOR, C_AREA, C_USE, C_STATUS, C_OWNER, C_OCCUPANT,
        ],
        rows: units
            .iter()
            .map(|u| {
                vec![
                    Cell::from(u.id.as_str()),
                    Cell::from(u.building.as_str()),
                    Cell::from(u.floor),
                    Cell::from(u.area.to_string()),
                    Cell::shown_as(u.usage.as_str(), u.usage.label(locale)),
                    Cell::shown_as(u.status.as_str(), u.status.label(locale)),
                    party_name(parties, &u.owner),
                    party_name(parties, &u.occupant),
                ]
            })
            .collect(),
    }
}

pub fn unit_sheet(u: &Unit, parties: &HashMap<String, Party>, locale: Locale) -> Sheet {
    let mut fields = vec![
        (C_ID, Cell::from(u.id.as_str())),
        (C_BUILDING, Cell::from(u.building.as_str())),
        (C_FLOOR, Cell::from(u.floor)),
        (C_AREA, Cell::from(u.area.to_string())),
        (
            C_USE,
            Cell::shown_as(u.usage.as_str(), u.usage.label(locale)),
        ),
        (
            C_STATUS,
            Cell::shown_as(u.status.as_str(), u.status.label(locale)),
        ),
    ];
    for (col, id) in [(C_OWNER, &u.owner), (C_OCCUPANT, &u.occupant)] {
        let shown = match id.as_ref().and_then(|i| parties.get(i)) {
            Some(p) => format!("{} ({}) {}", p.name, p.id, p.phones.join(", "))
                .trim_end()
                .to_string(),
            None => id.clone().unwrap_or_default(),
        };
        fields.push((
            col,
            Cell::shown_as(id.clone().map_or(Value::Null, Value::from), shown),
        ));
    }
    if let Some(n) = &u.note {
        fields.push((C_NOTE, Cell::from(n.as_str())));
    }
    Sheet {
        fields,
        full: to_value(u),
    }
}

const P_ID: Column = Column::new("id", "编号", "ID");
const P_KIND: Column = Column::new("kind", "类型", "Kind");
const P_NAME: Column = Column::new("name", "名称", "Name");
const P_ROLES: Column = Column::new("roles", "角色", "Roles");
const P_PHONES: Column = Column::new("phones", "电话", "Phones");
const P_CONTACT: Column = Column::new("contact", "联系人", "Contact");
const P_ID_NUMBER: Column = Column::new("id_number", "证件号码", "ID number");
const P_EMERGENCY: Column = Column::new("emergency_contacts", "紧急联系人", "Emergency contacts");

fn roles_cell(p: &Party, locale: Locale) -> Cell {
    Cell::shown_as(
        Value::from(p.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()),
        p.roles
            .iter()
            .map(|r| r.label(locale))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The party table; `parties` are already masked unless `--reveal`.
pub fn party_listing(parties: &[Party], locale: Locale) -> Listing {
    Listing {
        columns: vec![P_ID, P_KIND, P_NAME, P_ROLES, P_PHONES, P_CONTACT],
        rows: parties
            .iter()
            .map(|p| {
                vec![
                    Cell::from(p.id.as_str()),
                    Cell::shown_as(p.kind.as_str(), p.kind.label(locale)),
                    Cell::from(p.name.as_str()),
                    roles_cell(p, locale),
                    Cell::from(Value::from(p.phones.clone())),
                    Cell::from(p.contact.clone().map_or(Value::Null, Value::from)),
                ]
            })
            .collect(),
    }
}

pub fn party_sheet(p: &Party, locale: Locale) -> Sheet {
    let emergency: Vec<String> = p
        .emergency_contacts
        .iter()
        .map(|c| match &c.relation {
            Some(r) => format!("{} ({r}) {}", c.name, c.phone),
            None => format!("{} {}", c.name, c.phone),
        })
        .collect();
    let mut fields = vec![
        (P_ID, Cell::from(p.id.as_str())),
        (
            P_KIND,
            Cell::shown_as(p.kind.as_str(), p.kind.label(locale)),
        ),
        (P_NAME, Cell::from(p.name.as_str())),
        (P_ROLES, roles_cell(p, locale)),
        (P_PHONES, Cell::from(Value::from(p.phones.clone()))),
    ];
    if let Some(c) = &p.contact {
        fields.push((P_CONTACT, Cell::from(c.as_str())));
    }
    if let Some(n) = &p.id_number {
        fields.push((P_ID_NUMBER, Cell::from(n.as_str())));
    }
    if !emergency.is_empty() {
        fields.push((P_EMERGENCY, Cell::from(Value::from(emergency))));
    }
    if let Some(n) = &p.note {
        fields.push((C_NOTE, Cell::from(n.as_str())));
    }
    Sheet {
        fields,
        full: to_value(p),
    }
}

/// A row of a CSV file: its line and its cells by field name.
type CsvRow = (usize, HashMap<&'static str, String>);

/// A CSV file as rows of (line, header → cell), headers normalised to field names.
/// Chinese headers from the office's spreadsheet are accepted (编号, 楼栋, 业主, ...).
fn read_csv(
    text: &str,
    shown: &str,
    fields: &[(&'static str, &[&str])],
) -> Result<Vec<CsvRow>, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![Problem::new(
                shown,
                Some(1),
                format!("cannot read the header row: {e}"),
            )]
        })?
        .clone();
    let mut map = Vec::with_capacity(headers.len());
    let mut problems = Vec::new();
    for h in headers.iter() {
        let key = h.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match fields
            .iter()
            .find(|(name, aliases)| *name == key || aliases.contains(&h.trim()))
        {
            Some((name, _)) if map.contains(name) => problems.push(Problem::new(
                shown,
                Some(1),
                format!("column {h:?} appears twice"),
            )),
            Some((name, _)) => map.push(*name),
            None => problems.push(
                Problem::new(shown, Some(1), format!("unknown column {h:?}")).with_hint(format!(
                    "the columns are: {}",
                    fields
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                if r.iter().all(str::is_empty) {
                    continue;
                }
                // A cell holding ESC or BEL (text pasted into the spreadsheet from
                // another program) would reach records, notices and calendars.
                for (cell, (name, header)) in r.iter().zip(map.iter().zip(headers.iter())) {
                    let keep: &[char] = if *name == "note" { &['\n'] } else { &[] };
                    if let Some((at, c)) = crate::error::first_control(cell, keep) {
                        problems.push(
                            Problem::new(
                                shown,
                                Some(line),
                                format!(
                                    "column {header:?} {}: {} at character {at}; a cell may not hold control characters",
                                    crate::error::quote(cell),
                                    crate::error::control_name(c)
                                ),
                            )
                            .with_hint("correct the cell in the spreadsheet and export it again (a line break is allowed only in the note column)"),
                        );
                    }
                }
                let cells = map
                    .iter()
                    .copied()
                    .zip(r.iter().map(str::to_string))
                    .filter(|(_, v)| !v.is_empty())
                    .collect();
                rows.push((line, cells));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("{len} cells where the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => {
                        "not valid UTF-8 text (save the spreadsheet as \"CSV UTF-8\")".to_string()
                    }
                    _ => e.to_string(),
                };
                problems.push(Problem::new(shown, line, msg));
            }
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

const UNIT_COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["编号", "单元", "单元号", "房号"]),
    ("building", &["楼栋", "楼号"]),
    ("floor", &["楼层"]),
    ("area", &["面积", "建筑面积", "面积(㎡)"]),
    ("use", &["用途"]),
    ("owner", &["业主"]),
    ("occupant", &["使用人", "租户", "住户"]),
    ("status", &["状态"]),
    ("note", &["备注"]),
];

/// Units from a spreadsheet export. Owners and occupants are named by party ID (or a
/// unique part of it) or by their exact name. Every bad row is reported with its line;
/// if any row is bad, no unit is returned.
pub fn units_from_csv(
    text: &str,
    shown: &str,
    existing: &HashSet<String>,
    parties: &[Party],
    stamp: &Entry,
) -> Result<Vec<Unit>, Vec<Problem>> {
    let rows = read_csv(text, shown, UNIT_COLUMNS)?;
    let by_id: HashMap<&str, &Party> = parties.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut problems = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = HashSet::new();
    for (line, row) in rows {
        let mut errs: Vec<String> = Vec::new();
        let get = |k: &str| row.get(k).map(String::as_str);
        let id = match get("id").map(ids::normalize_unit) {
            None => {
                errs.push("no unit id".to_string());
                String::new()
            }
            Some(Err(e)) => {
                errs.push(e.to_string());
                String::new()
            }
            Some(Ok(id)) => {
                if existing.contains(&id) {
                    errs.push(format!("unit {id} already exists"));
                } else if !seen.insert(id.clone()) {
                    errs.push(format!("unit {id} appears twice in the file"));
                }
                id
            }
        };
        let derived = building_floor_of(&id);
        let building = get("building")
            .map(str::to_string)
            .or_else(|| derived.as_ref().map(|d| d.0.clone()));
        if building.is_none() && !id.is_empty() {
            errs.push("no building (and none can be read off the unit id)".to_string());
        }
        let floor = match get("floor") {
            Some(f) => f
                .parse::<i32>()
                .map_err(|_| errs.push(format!("invalid floor {f:?}: expected a whole number")))
                .ok(),
            None => derived.as_ref().map(|d| d.1),
        };
        if floor.is_none() && get("floor").is_none() && !id.is_empty() {
            errs.push("no floor (and none can be read off the unit id)".to_string());
        }
        let area = match get("area") {
            Some(a) => a.parse().map_err(|e: String| errs.push(e)).ok(),
            None => {
                errs.push("no area".to_string());
                None
            }
        };
        let usage = match get("use") {
            Some(u) => u.parse::<UnitUse>().map_err(|e| errs.push(e)).ok(),
            None => {
                errs.push("no use (office, shop, home or parking)".to_string());
                None
            }
        };
        let mut find_party = |field: &str| -> Option<String> {
            let typed = get(field)?;
            if let Some(p) = by_id.get(typed) {
                return Some(p.id.clone());
            }
            let by_name: Vec<&Party> = parties.iter().filter(|p| p.name == typed).collect();
            if by_name.len() == 1 {
                return Some(by_name[0].id.clone());
            }
            if by_name.len() > 1 {
                errs.push(format!(
                    "{field} {typed:?}: {} parties have this name; use the party ID",
                    by_name.len()
                ));
                return None;
            }
            match ids::resolve(typed, parties.iter().map(|p| p.id.as_str())) {
                Resolved::One(id) => Some(id.to_string()),
                _ => {
                    errs.push(format!(
                        "{field} {typed:?} is not a party (by ID or exact name)"
                    ));
                    None
                }
            }
        };
        let owner = find_party("owner");
        let occupant = find_party("occupant");
        let status = match get("status") {
            Some(s) => s.parse::<UnitStatus>().map_err(|e| errs.push(e)).ok(),
            None => Some(if occupant.is_some() {
                UnitStatus::Occupied
            } else {
                UnitStatus::Vacant
            }),
        };
        if let (true, Some(building), Some(floor), Some(area), Some(usage), Some(status)) =
            (errs.is_empty(), building, floor, area, usage, status)
        {
            let unit = Unit {
                id,
                building,
                floor,
                area,
                usage,
                owner,
                occupant,
                status,
                fees_from: None,
                fees_until: None,
                note: get("note").map(str::to_string),
                history: vec![stamp.clone()],
            };
            errs.extend(unit.problems().into_iter().map(|p| p.message));
            errs.extend(
                reference_problems(&unit, |id| by_id.get(id).copied())
                    .into_iter()
                    .map(|p| p.message),
            );
            if errs.is_empty() {
                units.push(unit);
            }
        }
        for e in errs {
            problems.push(Problem::new(shown, Some(line), e));
        }
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
    }
}

const PARTY_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["姓名", "名称", "客户名称"]),
    ("kind", &["类型"]),
    ("roles", &["角色", "身份"]),
    ("phones", &["电话", "联系电话", "手机"]),
    ("id_number", &["证件号码", "身份证号", "统一社会信用代码"]),
    ("contact", &["联系人"]),
    ("emergency_contacts", &["紧急联系人"]),
    ("note", &["备注"]),
];

/// Parties from a spreadsheet export, without IDs (the caller allocates them). Lists
/// in a cell are separated by `;` (roles, phones, emergency contacts as
/// NAME:PHONE[:RELATION]).
pub fn parties_from_csv(
    text: &str,
    shown: &str,
    stamp: &Entry,
) -> Result<Vec<Party>, Vec<Problem>> {
    let rows = read_csv(text, shown, PARTY_COLUMNS)?;
    let mut problems = Vec::new();
    let mut parties = Vec::new();
    let split = |s: Option<&String>| -> Vec<String> {
        s.map(|s| {
            s.split([';', '；'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
    };
    for (line, row) in rows {
        let mut errs = Vec::new();
        let name = row.get("name").cloned();
        if name.is_none() {
            errs.push("no name".to_string());
        }
        let kind = match row.get("kind") {
            Some(k) => k.parse::<PartyKind>().map_err(|e| errs.push(e)).ok(),
            None => Some(PartyKind::Person),
        };
        let roles: Vec<Role> = split(row.get("roles"))
            .iter()
            .filter_map(|r| r.parse().map_err(|e| errs.push(e)).ok())
            .collect();
        let emergency: Vec<EmergencyContact> = split(row.get("emergency_contacts"))
            .iter()
            .filter_map(|c| c.parse().map_err(|e| errs.push(e)).ok())
            .collect();
        // Built even when the name or kind is wrong, so that every other problem of
        // the row is reported too.
        let p = Party {
            id: String::new(),
            kind: kind.unwrap_or(PartyKind::Person),
            name: name.clone().unwrap_or_default(),
            roles,
            phones: split(row.get("phones")),
            id_number: row.get("id_number").cloned(),
            contact: row.get("contact").cloned(),
            emergency_contacts: emergency,
            language: None,
            note: row.get("note").cloned(),
            history: vec![stamp.clone()],
        };
        errs.extend(
            p.problems()
                .into_iter()
                .filter(|f| name.is_some() || f.field != "name")
                .map(|f| f.message),
        );
        if errs.is_empty() {
            parties.push(p);
        }
        for e in errs {
            problems.push(Problem::new(shown, Some(line), e));
        }
    }
    if problems.is_empty() {
        Ok(parties)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Entry {
        Entry::new(
            chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap(),
            "wang",
            "imported",
            None,
        )
    }

    fn owner() -> Party {
        Party {
            id: "P-20261101-AAAAAA".into(),
            kind: PartyKind::Company,
            name: "远景置业".into(),
            roles: vec![Role::Owner],
            phones: vec![],
            id_number: None,
            contact: None,
            emergency_contacts: vec![],
            language: None,
            note: None,
            history: vec![],
        }
    }

    #[test]
    fn building_and_floor_come_from_the_unit_number() {
        assert_eq!(building_floor_of("A-1203"), Some(("A".into(), 12)));
        assert_eq!(building_floor_of("T2-101"), Some(("T2".into(), 1)));
        assert_eq!(building_floor_of("A-B101"), None);
        assert_eq!(building_floor_of("A-12"), None);
    }

    #[test]
    fn units_import_with_chinese_headers_and_owner_by_name() {
        let csv =
            "\u{feff}单元号,面积,用途,业主\nA-1203,123.45,办公,远景置业\nA-1204,80,office,AAAAAA\n";
        let units = units_from_csv(csv, "u.csv", &HashSet::new(), &[owner()], &stamp()).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].owner.as_deref(), Some("P-20261101-AAAAAA"));
        assert_eq!((units[0].building.as_str(), units[0].floor), ("A", 12));
        assert_eq!(units[1].owner.as_deref(), Some("P-20261101-AAAAAA"));
        assert_eq!(units[1].status, UnitStatus::Vacant);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_imported() {
        let csv = "id,area,use,owner\nA-101,50,shop,\nA-102,12.345,shop,\nA-101,50,shop,\n../x,50,shop,\nA-105,50,flat,nobody\n";
        let existing: HashSet<String> = ["A-101".to_string()].into();
        let problems = units_from_csv(csv, "u.csv", &existing, &[owner()], &stamp()).unwrap_err();
        let shown: Vec<String> = problems.iter().map(Problem::located).collect();
        assert_eq!(
            shown,
            vec![
                "u.csv:2: unit A-101 already exists",
                "u.csv:3: invalid area \"12.345\": more than two decimals (expected m² like 123.45)",
                "u.csv:4: unit A-101 already exists",
                "u.csv:5: invalid ID \"../X\": '.' is not allowed (use letters, digits and dashes, like A-1203)",
                "u.csv:6: unknown use \"flat\": expected office, shop, home, parking",
                "u.csv:6: owner \"nobody\" is not a party (by ID or exact name)",
            ]
        );
    }

    #[test]
    fn unknown_columns_and_ragged_rows_are_refused() {
        let p = units_from_csv(
            "id,colour\nA-101,red\n",
            "u.csv",
            &HashSet::new(),
            &[],
            &stamp(),
        )
        .unwrap_err();
        assert_eq!(p[0].located(), "u.csv:1: unknown column \"colour\"");
        let p = parties_from_csv("name,phones\n张三,13812345678,extra\n", "p.csv", &stamp())
            .unwrap_err();
        assert_eq!(p[0].located(), "p.csv:2: 3 cells where the header has 2");
    }

    #[test]
    fn parties_import_lists_in_cells() {
        let csv = "姓名,类型,角色,电话,紧急联系人\n张三,个人,业主;租户,13812345678;010-65881234,李四:13900001111:配偶\n";
        let p = parties_from_csv(csv, "p.csv", &stamp()).unwrap();
        assert_eq!(p[0].roles, vec![Role::Owner, Role::Tenant]);
        assert_eq!(p[0].phones.len(), 2);
        assert_eq!(p[0].emergency_contacts[0].relation.as_deref(), Some("配偶"));
    }

    #[test]
    fn an_occupant_must_be_a_tenant_or_owner() {
        let mut contractor = owner();
        contractor.roles = vec![Role::Contractor];
        let unit = Unit {
            id: "A-101".into(),
            building: "A".into(),
            floor: 1,
            area: "50".parse().unwrap(),
            usage: UnitUse::Shop,
            owner: Some(contractor.id.clone()),
            occupant: Some("P-MISSING".into()),
            status: UnitStatus::Occupied,
            fees_from: None,
            fees_until: None,
            note: None,
            history: vec![],
        };
        let p = reference_problems(&unit, |id| (id == contractor.id).then_some(&contractor));
        assert_eq!(
            p[0].message,
            "owner P-20261101-AAAAAA (远景置业) is not an owner"
        );
        assert_eq!(
            p[1].message,
            "occupant \"P-MISSING\" is not a party in parties/"
        );
    }
}
