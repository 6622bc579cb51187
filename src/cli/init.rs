//! `propdesk init`: a new office tree.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::config::{self, OfficeTz};
use crate::context::{Globals, parse_now};
use crate::demo;
use crate::error::{Error, Result};
use crate::model::history::Entry;
use crate::model::ids::{self, IdKind, IdRng};
use crate::model::locale::Locale;
use crate::model::party::Party;
use crate::store::{Changes, Lock, Record, Store, txn};

/// The commented office.toml, every setting shown with its default.
pub const OFFICE_TOML: &str = include_str!("../../templates/office.toml");

/// The folders of an office.
pub const FOLDERS: &[&str] = &[
    "units",
    "parties",
    "moveins",
    "tickets",
    "permits",
    "ledger",
    "dunning",
    "moveouts",
    "notices",
    "templates",
];

const GITIGNORE: &str = "# propdesk's lock and journal, and temp files of interrupted writes\n.propdesk/\n.*.propdesk-*.tmp\n";

/// Create a new office: a commented office.toml showing every setting with its
/// default, the record folders, and a .gitignore.
///
/// With --demo it also writes a demo office: a tower (zh-CN) or a residential estate
/// (en) with owners, tenants and a contractor.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of the new office (created if missing).
    dir: PathBuf,
    /// The office's name (default: the demo's name, else the folder's name).
    #[arg(long)]
    name: Option<String>,
    /// Add the demo units and parties.
    #[arg(long)]
    demo: bool,
    /// Do not make the office a git repository (by default `init` runs `git init`,
    /// unless the folder is in one already, and commits the new office).
    #[arg(long)]
    no_git: bool,
}

/// The office.toml text for `name` and `locale`.
pub fn office_toml(name: &str, locale: Locale) -> String {
    let quoted = toml::Value::String(name.to_string()).to_string();
    OFFICE_TOML
        .replace("name = \"{name}\"", &format!("name = {quoted}"))
        .replace("{locale}", locale.code())
}

pub fn run(g: &Globals, cwd: &Path, a: &Args) -> Result<()> {
    let dir = if a.dir.is_absolute() {
        a.dir.clone()
    } else {
        cwd.join(&a.dir)
    };
    if dir.join(config::FILE_NAME).exists() {
        return Err(Error::data(format!(
            "{} is already an office (it has {})",
            dir.display(),
            config::FILE_NAME
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, &e))?;
    let locale = g.locale.unwrap_or_default();
    let folder_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "office".to_string());
    let name = a.name.clone().unwrap_or_else(|| {
        if a.demo {
            demo::office_name(locale).to_string()
        } else {
            folder_name
        }
    });
    let mut text = office_toml(&name, locale);
    if a.demo {
        text = config::with_profile(&text, &demo::profile(locale));
    }
    // What we write must load: a guard against a bad name breaking the file.
    config::parse(&text, config::FILE_NAME)?;

    let tz = OfficeTz::default().0;
    let now = match &g.now {
        Some(s) => parse_now(s, tz)?,
        None => Utc::now().with_timezone(&tz),
    };
    let store = Store::open(&dir)?;
    let lock = Lock::acquire(&store, "propdesk init", std::time::Duration::from_secs(5))?;
    let mut changes = Changes::new(format!(
        "office {name}: created{}",
        if a.demo { " with demo data" } else { "" }
    ));
    changes.put(&store, config::FILE_NAME.into(), text.into_bytes())?;
    changes.put(&store, ".gitignore".into(), GITIGNORE.as_bytes().to_vec())?;
    if !a.no_git {
        changes.put(
            &store,
            crate::store::git::ATTRIBUTES.into(),
            crate::store::git::ATTRIBUTES_TEXT.as_bytes().to_vec(),
        )?;
    }
    for f in FOLDERS {
        changes.put(&store, Path::new(f).join(".gitkeep"), Vec::new())?;
    }
    if a.demo {
        let by =
            g.by.clone()
                .filter(|b| !b.trim().is_empty())
                .unwrap_or_else(|| "desk".to_string());
        let stamp = Entry::new(
            now.fixed_offset(),
            &by,
            "added",
            Some("demo data".to_string()),
        );
        let mut rng = match g.seed {
            Some(s) => IdRng::seeded(s),
            None => IdRng::from_os(),
        };
        let mut party_ids: Vec<String> = Vec::new();
        while party_ids.len() < demo::parties(locale).len() {
            let id = ids::allocate(IdKind::Party, now.date_naive(), &mut rng);
            if !party_ids.contains(&id) && !store.exists(&Party::rel_path(&id)) {
                party_ids.push(id);
            }
        }
        let parties = demo::build_parties(locale, &party_ids, &stamp);
        for u in demo::build_units(locale, &parties, &stamp) {
            changes.create(&store, &u)?;
        }
        for p in &parties {
            changes.create(&store, p)?;
        }
    }
    if g.dry_run {
        // Masked, --reveal or not: there is no office yet to log a reveal in.
        print!("{}", crate::context::describe_dry_run(&changes, false).0);
        return Ok(());
    }
    txn::apply(&store, &lock, &changes)?;
    eprintln!("created office {:?} in {}", name, dir.display());
    if !a.no_git {
        let clerk = g.by.clone().unwrap_or_default();
        let author = crate::config::GitRules::default().author;
        let paths = changes.paths();
        match crate::store::git::init_and_commit(&dir, &paths, &changes.message, &clerk, &author) {
            Ok(true) => eprintln!("made it a git repository and committed it"),
            Ok(false) => {}
            Err(e) => eprintln!(
                "warning: the office is created but not in git: {}\nhint: {}",
                e.message,
                e.hint
                    .unwrap_or_else(|| format!("run `git init {}`", dir.display()))
            ),
        }
    }
    if a.demo {
        eprintln!("try: propdesk --office {} unit list", a.dir.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_written_office_toml_shows_every_setting_at_its_default() {
        for locale in [Locale::ZhCn, Locale::En] {
            let text = office_toml("远景 \"Tower\"", locale);
            let parsed = config::parse(&text, "office.toml").unwrap();
            assert_eq!(parsed.config, Config::new("远景 \"Tower\"", locale));
            // Every key of the defaults appears in the file, uncommented.
            let written: toml::Table = toml::from_str(&text).unwrap();
            let defaults: toml::Table =
                toml::from_str(&toml::to_string(&Config::new("x", locale)).unwrap()).unwrap();
            assert_same_keys(&defaults, &written, "");
        }
    }

    #[test]
    fn the_demo_writes_its_profile_in_place_of_the_empty_keys() {
        for locale in [Locale::ZhCn, Locale::En] {
            let text = config::with_profile(
                &office_toml(demo::office_name(locale), locale),
                &demo::profile(locale),
            );
            let parsed = config::parse(&text, "office.toml").unwrap();
            assert_eq!(parsed.config.office, demo::profile(locale));
            assert!(parsed.config.office.unfilled().is_empty());
            // The comments stay, one line per key.
            assert_eq!(text.lines().count(), OFFICE_TOML.lines().count());
            assert!(text.contains("# The desk's opening hours"), "{text}");
        }
        let text = config::with_profile(
            &office_toml("远景", Locale::ZhCn),
            &demo::profile(Locale::ZhCn),
        );
        assert!(text.contains("\nbuilding = \"远景大厦\"\n"), "{text}");
        assert!(
            text.contains("\nweekend_hours = \"09:00-17:00\"\n"),
            "{text}"
        );
    }

    fn assert_same_keys(want: &toml::Table, have: &toml::Table, at: &str) {
        for (k, v) in want {
            let got = have
                .get(k)
                .unwrap_or_else(|| panic!("office.toml template lacks {at}{k}"));
            if let (toml::Value::Table(w), toml::Value::Table(h)) = (v, got) {
                assert_same_keys(w, h, &format!("{at}{k}."));
            }
        }
    }
}
