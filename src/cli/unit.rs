//! `propdesk unit`: the unit registry.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use clap::Subcommand;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids;
use crate::model::party::Party;
use crate::model::unit::{Area, Unit, UnitStatus, UnitUse};
use crate::registry;
use crate::store::{Changes, Problem, Record};

/// The unit registry: every office, shop, home and parking bay.
///
/// `propdesk unit` lists the units; `unit show A-1203` shows one.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List units (the default).
    List(ListArgs),
    /// Show one unit with its owner and occupant.
    Show {
        /// The unit number, like A-1203.
        id: String,
    },
    /// Add a unit.
    Add(AddArgs),
    /// Change a unit's fields.
    Edit(EditArgs),
    /// Import units from a CSV spreadsheet export with a header row; all or nothing.
    ///
    /// Columns: id, building, floor, area, use, owner, occupant, status, note (or the
    /// Chinese headers 单元号, 楼栋, 楼层, 面积, 用途, 业主, 使用人, 状态, 备注). Building
    /// and floor default to what the unit number says (A-1203: A, 12). Owner and
    /// occupant are a party ID or a party's exact name.
    Import {
        /// The CSV file (UTF-8).
        file: PathBuf,
    },
}

#[derive(Debug, Default, clap::Args)]
struct ListArgs {
    /// Only this building.
    #[arg(long)]
    building: Option<String>,
    /// Only this floor.
    #[arg(long, allow_negative_numbers = true)]
    floor: Option<i32>,
    /// Only this use: office, shop, home, parking.
    #[arg(long = "use", value_parser = parse::<UnitUse>)]
    usage: Option<UnitUse>,
    /// Only this status: vacant, occupied, renovating.
    #[arg(long, value_parser = parse::<UnitStatus>)]
    status: Option<UnitStatus>,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The unit number, like A-1203.
    id: String,
    /// Building (default: read off the unit number, A-1203 is in A).
    #[arg(long)]
    building: Option<String>,
    /// Floor (default: read off the unit number, A-1203 is on 12).
    #[arg(long, allow_negative_numbers = true)]
    floor: Option<i32>,
    /// Floor area in m², like 123.45.
    #[arg(long, value_parser = parse::<Area>)]
    area: Area,
    /// office, shop, home or parking.
    #[arg(long = "use", value_parser = parse::<UnitUse>)]
    usage: UnitUse,
    /// The owner: a party ID or a unique part of it.
    #[arg(long)]
    owner: Option<String>,
    /// The occupant: a party ID or a unique part of it.
    #[arg(long)]
    occupant: Option<String>,
    /// vacant, occupied or renovating (default: occupied if an occupant is named).
    #[arg(long, value_parser = parse::<UnitStatus>)]
    status: Option<UnitStatus>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    /// The unit number, like A-1203.
    id: String,
    #[arg(long)]
    building: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    floor: Option<i32>,
    #[arg(long, value_parser = parse::<Area>)]
    area: Option<Area>,
    #[arg(long = "use", value_parser = parse::<UnitUse>)]
    usage: Option<UnitUse>,
    /// The owner: a party ID or a unique part of it.
    #[arg(long, conflicts_with = "no_owner")]
    owner: Option<String>,
    /// Remove the owner.
    #[arg(long)]
    no_owner: bool,
    /// The occupant: a party ID or a unique part of it.
    #[arg(long, conflicts_with = "no_occupant")]
    occupant: Option<String>,
    /// Remove the occupant.
    #[arg(long)]
    no_occupant: bool,
    #[arg(long, value_parser = parse::<UnitStatus>)]
    status: Option<UnitStatus>,
    /// Fees are charged from this day (YYYY-MM-DD; "-" to clear).
    #[arg(long, value_name = "DATE")]
    fees_from: Option<String>,
    /// Fees stop after this day (YYYY-MM-DD; "-" to clear).
    #[arg(long, value_name = "DATE")]
    fees_until: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

/// A date, or "-" for none.
fn opt_date(s: &str) -> Result<Option<chrono::NaiveDate>> {
    if s.trim() == "-" {
        return Ok(None);
    }
    crate::context::parse_date(s.trim()).map(Some)
}

pub(crate) fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> std::result::Result<T, String> {
    s.parse()
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.command {
        None => list(ctx, args.list),
        Some(Cmd::List(a)) => list(ctx, a),
        Some(Cmd::Show { id }) => show(ctx, &id),
        Some(Cmd::Add(a)) => add(ctx, a),
        Some(Cmd::Edit(a)) => edit(ctx, a),
        Some(Cmd::Import { file }) => import(ctx, &file),
    }
}

/// Every party by ID, for the tables that name them (never with their numbers: always
/// masked, so `--reveal` shows nothing more there).
pub(crate) fn parties_by_id(ctx: &Ctx) -> Result<HashMap<String, Party>> {
    Ok(ctx
        .store
        .load_all::<Party>()?
        .into_iter()
        .map(|p| (p.id.clone(), registry::masked(&p, false)))
        .collect())
}

fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let mut units: Vec<Unit> = ctx
        .store
        .load_all::<Unit>()?
        .into_iter()
        .filter(|u| {
            a.building
                .as_ref()
                .is_none_or(|b| b.eq_ignore_ascii_case(&u.building))
        })
        .filter(|u| a.floor.is_none_or(|f| f == u.floor))
        .filter(|u| a.usage.is_none_or(|x| x == u.usage))
        .filter(|u| a.status.is_none_or(|x| x == u.status))
        .collect();
    units.sort_by(|a, b| ids::natural_cmp(&a.id, &b.id));
    let parties = parties_by_id(ctx)?;
    let listing = registry::unit_listing(&units, &parties, ctx.locale);
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let id = ids::normalize_unit(typed)?;
    let unit: Unit = ctx.store.get(&id)?;
    let mut parties = HashMap::new();
    for pid in [&unit.owner, &unit.occupant].into_iter().flatten() {
        if let Some(p) = ctx.store.load::<Party>(pid)? {
            parties.insert(pid.clone(), ctx.shown_party(&p, ctx.numbers()));
        }
    }
    let sheet = registry::unit_sheet(&unit, &parties, ctx.locale);
    ctx.print(&sheet.render(ctx.format, ctx.locale)?)
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<()> {
    let id = ids::normalize_unit(&a.id)?;
    let derived = registry::building_floor_of(&id);
    let building = a
        .building
        .or_else(|| derived.as_ref().map(|d| d.0.clone()))
        .ok_or_else(|| {
            Error::usage(format!(
                "unit {id}: give --building (it cannot be read off the unit number)"
            ))
        })?;
    let floor = a
        .floor
        .or_else(|| derived.as_ref().map(|d| d.1))
        .ok_or_else(|| {
            Error::usage(format!(
                "unit {id}: give --floor (it cannot be read off the unit number)"
            ))
        })?;
    let owner = a
        .owner
        .map(|o| registry::resolve_party(&ctx.store, &o))
        .transpose()?;
    let occupant = a
        .occupant
        .map(|o| registry::resolve_party(&ctx.store, &o))
        .transpose()?;
    let status = a.status.unwrap_or(if occupant.is_some() {
        UnitStatus::Occupied
    } else {
        UnitStatus::Vacant
    });
    let unit = Unit {
        id: id.clone(),
        building,
        floor,
        area: a.area,
        usage: a.usage,
        owner,
        occupant,
        status,
        fees_from: None,
        fees_until: None,
        note: a.note,
        history: vec![Entry::new(ctx.stamp(), &ctx.user, "added", None)],
    };
    registry::validate_unit(&ctx.store, &unit)?;
    let lock = ctx.lock()?;
    let mut changes = Changes::new(format!("unit {id}: added"));
    changes
        .create(&ctx.store, &unit)
        .map_err(|e| e.with_hint(format!("`propdesk unit edit {id}` changes it")))?;
    ctx.save(&lock, &changes)
}

fn edit(ctx: &Ctx, a: EditArgs) -> Result<()> {
    let id = ids::normalize_unit(&a.id)?;
    let lock = ctx.lock()?;
    let old: Unit = ctx.store.get(&id)?;
    let mut unit = old.clone();
    if let Some(b) = a.building {
        unit.building = b;
    }
    if let Some(f) = a.floor {
        unit.floor = f;
    }
    if let Some(x) = a.area {
        unit.area = x;
    }
    if let Some(u) = a.usage {
        unit.usage = u;
    }
    if a.no_owner {
        unit.owner = None;
    } else if let Some(o) = a.owner {
        unit.owner = Some(registry::resolve_party(&ctx.store, &o)?);
    }
    if a.no_occupant {
        unit.occupant = None;
    } else if let Some(o) = a.occupant {
        unit.occupant = Some(registry::resolve_party(&ctx.store, &o)?);
    }
    if let Some(s) = a.status {
        unit.status = s;
    }
    if let Some(d) = &a.fees_from {
        unit.fees_from = opt_date(d)?;
    }
    if let Some(d) = &a.fees_until {
        unit.fees_until = opt_date(d)?;
    }
    if let Some(n) = a.note {
        unit.note = if n.is_empty() { None } else { Some(n) };
    }
    let changed = describe_changes(&old, &unit);
    if changed.is_empty() {
        eprintln!("unit {id}: nothing to change");
        return Ok(());
    }
    registry::validate_unit(&ctx.store, &unit)?;
    unit.history.push(Entry::new(
        ctx.stamp(),
        &ctx.user,
        "edited",
        Some(changed.join("; ")),
    ));
    let mut changes = Changes::new(format!("unit {id}: edited ({})", changed.join("; ")));
    changes.update(&ctx.store, &unit)?;
    ctx.save(&lock, &changes)
}

/// "area 120.00 → 123.45" for each field that changed.
fn describe_changes(old: &Unit, new: &Unit) -> Vec<String> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_string());
    let optd = |o: &Option<chrono::NaiveDate>| o.map_or_else(|| "-".to_string(), |d| d.to_string());
    let pairs = [
        ("building", old.building.clone(), new.building.clone()),
        ("floor", old.floor.to_string(), new.floor.to_string()),
        ("area", old.area.to_string(), new.area.to_string()),
        ("use", old.usage.to_string(), new.usage.to_string()),
        ("owner", opt(&old.owner), opt(&new.owner)),
        ("occupant", opt(&old.occupant), opt(&new.occupant)),
        ("status", old.status.to_string(), new.status.to_string()),
        ("fees_from", optd(&old.fees_from), optd(&new.fees_from)),
        ("fees_until", optd(&old.fees_until), optd(&new.fees_until)),
        ("note", opt(&old.note), opt(&new.note)),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(f, a, b)| format!("{f} {a} → {b}"))
        .collect()
}

fn import(ctx: &Ctx, file: &std::path::Path) -> Result<()> {
    let text = read_import(file)?;
    let lock = ctx.lock()?;
    let existing: HashSet<String> = ctx.store.list_ids(Unit::DIR)?.into_iter().collect();
    let parties = ctx.store.load_all::<Party>()?;
    let stamp = Entry::new(
        ctx.stamp(),
        &ctx.user,
        "imported",
        Some(format!("from {}", file.display())),
    );
    let shown = file.display().to_string();
    let units = registry::units_from_csv(&text, &shown, &existing, &parties, &stamp)
        .map_err(import_failed)?;
    let mut changes = Changes::new(format!(
        "unit import: {} units from {}",
        units.len(),
        file.display()
    ));
    for u in &units {
        changes.create(&ctx.store, u)?;
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        eprintln!("imported {} units", units.len());
    }
    Ok(())
}

/// Reads a CSV to import: UTF-8 only (a GBK export gets a hint).
pub(crate) fn read_import(file: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::data(format!("{}:{line}: not valid UTF-8 text", file.display()))
            .with_hint("save the spreadsheet as \"CSV UTF-8\" (Excel: Save As > CSV UTF-8)")
    })
}

/// Every bad row, then "nothing was imported".
pub(crate) fn import_failed(problems: Vec<Problem>) -> Error {
    let n = problems.len();
    let lines: Vec<String> = problems.iter().map(Problem::located).collect();
    let hint = problems.iter().find_map(|p| p.hint.clone());
    let e = Error::data(format!(
        "{}\n{n} problem{} found; nothing was imported",
        lines.join("\n"),
        if n == 1 { "" } else { "s" }
    ));
    match hint {
        Some(h) => e.with_hint(h),
        None => e,
    }
}
