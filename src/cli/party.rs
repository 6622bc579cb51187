//! `propdesk party`: owners, tenants and contractors.

use std::path::PathBuf;

use clap::Subcommand;

use crate::cli::unit::{import_failed, parse, read_import};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::IdKind;
use crate::model::locale::Locale;
use crate::model::party::{EmergencyContact, Party, PartyKind, Role};
use crate::registry;
use crate::store::{Changes, Record};

/// Owners, tenants and contractors.
///
/// `propdesk party` lists them; `party show ID` shows one (any unique part of the ID
/// will do). Phones and ID numbers are masked unless --reveal (logged in
/// .propdesk/reveal.log and in each party's history).
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
    /// List parties (the default).
    List(ListArgs),
    /// Show one party.
    Show {
        /// The party ID or a unique part of it.
        id: String,
    },
    /// Add a party; prints its new ID.
    Add(AddArgs),
    /// Change a party's fields.
    Edit(EditArgs),
    /// Import parties from a CSV spreadsheet export with a header row; all or nothing.
    ///
    /// Columns: name, kind, roles, phones, id_number, contact, emergency_contacts,
    /// note (or 姓名/名称, 类型, 角色, 电话, 证件号码, 联系人, 紧急联系人, 备注). Lists in a
    /// cell are separated by ";"; an emergency contact is NAME:PHONE[:RELATION].
    Import {
        /// The CSV file (UTF-8).
        file: PathBuf,
    },
}

#[derive(Debug, Default, clap::Args)]
struct ListArgs {
    /// Only parties with this role: owner, tenant, contractor.
    #[arg(long, value_parser = parse::<Role>)]
    role: Option<Role>,
    /// Only names containing this text.
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// Person's name or company's registered name.
    #[arg(long)]
    name: String,
    /// person or company.
    #[arg(long, value_parser = parse::<PartyKind>, default_value = "person")]
    kind: PartyKind,
    /// owner, tenant or contractor; repeat for several.
    #[arg(long = "role", value_parser = parse::<Role>, required = true)]
    roles: Vec<Role>,
    /// A phone number; repeat for several.
    #[arg(long = "phone")]
    phones: Vec<String>,
    /// ID card, passport or business-licence number.
    #[arg(long)]
    id_number: Option<String>,
    /// A company's contact person.
    #[arg(long)]
    contact: Option<String>,
    /// An emergency contact, NAME:PHONE[:RELATION]; repeat for several.
    #[arg(long = "emergency", value_parser = parse::<EmergencyContact>)]
    emergency: Vec<EmergencyContact>,
    /// The language of this party's notices, if not the office's: zh-CN or en.
    #[arg(long, value_parser = parse::<Locale>)]
    language: Option<Locale>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    /// The party ID or a unique part of it.
    id: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long, value_parser = parse::<PartyKind>)]
    kind: Option<PartyKind>,
    /// Add a role.
    #[arg(long = "add-role", value_parser = parse::<Role>)]
    add_roles: Vec<Role>,
    /// Remove a role.
    #[arg(long = "remove-role", value_parser = parse::<Role>)]
    remove_roles: Vec<Role>,
    /// Replace the phones; repeat for several.
    #[arg(long = "phone")]
    phones: Vec<String>,
    #[arg(long)]
    id_number: Option<String>,
    #[arg(long)]
    contact: Option<String>,
    /// Replace the emergency contacts, NAME:PHONE[:RELATION]; repeat for several.
    #[arg(long = "emergency", value_parser = parse::<EmergencyContact>)]
    emergency: Vec<EmergencyContact>,
    /// The language of this party's notices: zh-CN or en ("office" for the office's).
    #[arg(long, value_name = "LOCALE")]
    language: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

/// A language, or "office" for the office's own.
fn parse_language(s: &str) -> Result<Option<Locale>> {
    if s.trim().eq_ignore_ascii_case("office") {
        Ok(None)
    } else {
        s.parse::<Locale>().map(Some).map_err(Error::usage)
    }
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

fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let parties: Vec<Party> = ctx
        .store
        .load_all::<Party>()?
        .into_iter()
        .filter(|p| a.role.is_none_or(|r| p.has_role(r)))
        .filter(|p| a.name.as_ref().is_none_or(|n| p.name.contains(n.as_str())))
        .map(|p| ctx.shown_party(&p, ctx.numbers()))
        .collect();
    ctx.print(&registry::party_listing(&parties, ctx.locale).render(ctx.format, ctx.locale)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let id = registry::resolve_party(&ctx.store, typed)?;
    let party: Party = ctx.store.get(&id)?;
    let sheet = registry::party_sheet(&ctx.shown_party(&party, ctx.numbers()), ctx.locale);
    ctx.print(&sheet.render(ctx.format, ctx.locale)?)
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<()> {
    let mut party = Party {
        id: String::new(),
        kind: a.kind,
        name: a.name,
        roles: a.roles,
        phones: a.phones,
        id_number: a.id_number,
        contact: a.contact,
        emergency_contacts: a.emergency,
        language: a.language,
        note: a.note,
        history: vec![Entry::new(ctx.stamp(), &ctx.user, "added", None)],
    };
    registry::validate_party(&party)?;
    let lock = ctx.lock()?;
    party.id = ctx.new_id(IdKind::Party, Party::rel_path)?;
    let mut changes = Changes::new(format!("party {}: added ({})", party.id, party.name));
    changes.create(&ctx.store, &party)?;
    ctx.save(&lock, &changes)?;
    if ctx.dry_run {
        return Ok(());
    }
    ctx.out.print(&format!("{}\n", party.id))
}

fn edit(ctx: &Ctx, a: EditArgs) -> Result<()> {
    let lock = ctx.lock()?;
    let id = registry::resolve_party(&ctx.store, &a.id)?;
    let old: Party = ctx.store.get(&id)?;
    let mut p = old.clone();
    let mut changed = Vec::new();
    if let Some(n) = a.name {
        changed.push(format!("name {} → {n}", p.name));
        p.name = n;
    }
    if let Some(k) = a.kind {
        changed.push(format!("kind {} → {k}", p.kind));
        p.kind = k;
    }
    for r in a.add_roles {
        if !p.roles.contains(&r) {
            p.roles.push(r);
            changed.push(format!("role {r} added"));
        }
    }
    for r in a.remove_roles {
        if p.roles.contains(&r) {
            p.roles.retain(|x| *x != r);
            changed.push(format!("role {r} removed"));
        }
    }
    if !a.phones.is_empty() {
        p.phones = a.phones;
        changed.push("phones".to_string());
    }
    if let Some(n) = a.id_number {
        p.id_number = Some(n).filter(|s| !s.is_empty());
        changed.push("id number".to_string());
    }
    if let Some(c) = a.contact {
        p.contact = Some(c).filter(|s| !s.is_empty());
        changed.push("contact".to_string());
    }
    if !a.emergency.is_empty() {
        p.emergency_contacts = a.emergency;
        changed.push("emergency contacts".to_string());
    }
    if let Some(l) = &a.language {
        p.language = parse_language(l)?;
        changed.push("language".to_string());
    }
    if let Some(n) = a.note {
        p.note = Some(n).filter(|s| !s.is_empty());
        changed.push("note".to_string());
    }
    if p == old {
        eprintln!("party {id}: nothing to change");
        return Ok(());
    }
    registry::validate_party(&p)?;
    if old.has_role(Role::Owner) && !p.has_role(Role::Owner)
        || old.has_role(Role::Tenant) && !p.has_role(Role::Tenant)
    {
        // A role removed must not leave a unit pointing at a party without it.
        let units = ctx.store.load_all::<crate::model::unit::Unit>()?;
        let refs: Vec<String> = units
            .iter()
            .filter(|u| {
                // Only the references to this party, checked against its new roles.
                let mine = crate::model::unit::Unit {
                    owner: u.owner.clone().filter(|o| *o == p.id),
                    occupant: u.occupant.clone().filter(|o| *o == p.id),
                    ..(*u).clone()
                };
                !registry::reference_problems(&mine, |_| Some(&p)).is_empty()
            })
            .map(|u| u.id.clone())
            .collect();
        if !refs.is_empty() {
            return Err(Error::data(format!(
                "party {id} is still named on units {}",
                refs.join(", ")
            ))
            .with_hint("change those units first with `propdesk unit edit`"));
        }
    }
    p.history.push(Entry::new(
        ctx.stamp(),
        &ctx.user,
        "edited",
        Some(changed.join("; ")),
    ));
    let mut changes = Changes::new(format!("party {id}: edited ({})", changed.join("; ")));
    changes.update(&ctx.store, &p)?;
    ctx.save(&lock, &changes)
}

fn import(ctx: &Ctx, file: &std::path::Path) -> Result<()> {
    let text = read_import(file)?;
    let stamp = Entry::new(
        ctx.stamp(),
        &ctx.user,
        "imported",
        Some(format!("from {}", file.display())),
    );
    let mut parties = registry::parties_from_csv(&text, &file.display().to_string(), &stamp)
        .map_err(import_failed)?;
    let lock = ctx.lock()?;
    let mut changes = Changes::new(format!(
        "party import: {} parties from {}",
        parties.len(),
        file.display()
    ));
    for p in &mut parties {
        // Each new ID must be free on disk and among the ones staged.
        loop {
            let id = ctx.new_id(IdKind::Party, Party::rel_path)?;
            if !changes
                .entries
                .iter()
                .any(|c| c.rel == Party::rel_path(&id))
            {
                p.id = id;
                break;
            }
        }
        changes.create(&ctx.store, p)?;
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        eprintln!("imported {} parties", parties.len());
    }
    Ok(())
}
