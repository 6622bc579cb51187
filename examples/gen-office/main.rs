//! gen-office: writes a whole office with years of realistic history, for trying
//! propdesk at scale (issue 9) and for tests.
//!
//! ```sh
//! cargo run --release --example gen-office -- --units 10000 --years 10 --seed 1 --out /tmp/office
//! target/release/propdesk --office /tmp/office check
//! target/release/propdesk --office /tmp/office --now 2026-11-23T09:30 agenda
//! ```
//!
//! Flags: `--units N` (100), `--years Y` (1), `--seed S` (1), `--out DIR` (required; an
//! existing folder must be empty), `--until DATE` (2026-11-23: the office's "today"; the
//! history ends at 09:30 that day, after the morning's `dunning run`).
//!
//! What it writes, as `propdesk init` and the commands would have over Y years:
//! - `office.toml` from `propdesk init` (zh-CN), with the public holidays and make-up
//!   days of those years, a price list, a move-in card fee, a lease deposit and the
//!   office's profile (`[office]`: building, service centre, desk, how to pay);
//! - office towers and residential blocks (about 500 units each, shops on the ground
//!   floor, parking bays below); owners, tenants and contractors with valid phones, ID
//!   numbers and emergency contacts;
//! - per unit, its occupants: imported on the first day, then move-ins (checklists, the
//!   joint inspection with defects as repair tickets, fees, deposits, keys, handover,
//!   welcome visit) and move-outs (notice, consent, goods lift, cards back, inspection
//!   with final energy and damages, keys, cleaning, settlement, what the deposits did
//!   not cover paid, then the exit pass and the goods out, refund); a few of each in
//!   progress;
//! - about two tickets per unit a year, and public-area repairs, timed against the
//!   library's own deadlines; every ticket status present at the end;
//! - permits: access cards, parking renewed term by term, renovations (from the
//!   documents to the deposit refund, with violations, hot work and extensions),
//!   overtime air-conditioning, goods exit passes (a unit at the dunning suspension
//!   pays up first, or now and then the manager overrides with a reason);
//! - a ledger per unit (the month's bill, payments mostly on time, late fees, the odd
//!   waiver, deposits; about 1 unit in 40 in arrears at the end) and a dunning case per
//!   unit that fell behind, with approvals, calls, promises and the notices filed.
//!
//! Records are built in memory with the library's own types and steps on a simulated
//! clock, unit by unit in parallel, and each is written once with the store's YAML
//! writer: the same flags give the same bytes, whatever the number of threads.
//!
//! Move-ins start the month after the last move-out (a unit re-let in the month it was
//! left is tested in tests/integration/moveout.rs). Of the notices, only the dunning
//! notices the cases refer to are written (`propdesk notice` renders any other).

mod ids;
mod layout;
mod money;
mod names;
mod permits;
mod rng;
mod sim;
mod skeleton;
mod tenancy;
mod tickets;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::{Datelike, Days, Months, NaiveDate};
use clap::Parser;
use rayon::prelude::*;

use propdesk::model::party::{Party, Role};
use propdesk::model::{ids::IdKind, ledger::Ledger, record::Record, unit::UnitUse};
use propdesk::procedure::dunning::{self, notices::step_values};
use propdesk::procedure::fees::notices::money_base;
use propdesk::procedure::ticket::{Kind as TicketKind, Status as TicketStatus};
use propdesk::render::{Renderer, Style};
use propdesk::{config, notice};

use self::layout::{BuildingKind, UnitSpec};
use self::rng::Rng;
use self::sim::{Sim, World, hm, make_party, make_unit};
use self::skeleton::Tenancy;
use self::tickets::{ShelfEnd, Stop};

/// Writes a consistent office with years of history.
#[derive(Debug, Clone, Parser)]
#[command(name = "gen-office")]
pub struct Args {
    /// How many units.
    #[arg(long, default_value_t = 100)]
    pub units: usize,
    /// Years of history.
    #[arg(long, default_value_t = 1)]
    pub years: u32,
    /// The seed: the same seed and flags give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The office folder to create (refused if it exists and is not empty).
    #[arg(long)]
    pub out: PathBuf,
    /// The last day of the history: the office's "today".
    #[arg(long, default_value = "2026-11-23")]
    pub until: NaiveDate,
}

/// What was written, for people: how many files of each kind, and how big.
#[derive(Debug, Clone)]
pub struct Summary {
    pub text: String,
}

const OFFICE_NAME: &str = "锦绣国际中心物业服务中心";

/// The office's profile (`[office]`), filled in as an office does before its first
/// notice: the notices then say where, when and to whom to pay.
fn profile() -> propdesk::model::office::Profile {
    use propdesk::model::ledger::PayMethod;
    use propdesk::model::office::{DeskHours, Profile};
    let hours = |s: &str| DeskHours::Open(s.parse().unwrap_or_default());
    Profile {
        building: "锦绣国际中心".into(),
        service_centre: OFFICE_NAME.into(),
        address: "上海市浦东新区锦绣路1888号锦绣国际中心一期一层".into(),
        phone: "021-5888 6600".into(),
        weekday_hours: hours("08:30-17:30"),
        weekend_hours: hours("09:00-16:00"),
        payee: "上海锦绣物业管理有限公司".into(),
        bank: "招商银行上海浦东分行".into(),
        account: "1219 0888 6610 001".into(),
        methods: vec![PayMethod::Transfer, PayMethod::Card, PayMethod::Cash],
        ..Profile::default()
    }
}

/// China's public holidays and make-up working days (State Council notices): a line a
/// year, `YEAR | holidays | make-up days`, as office.toml lists them.
const HOLIDAYS: &str = r#"
2016 | "2016-01-01..2016-01-03", "2016-02-07..2016-02-13", "2016-04-02..2016-04-04", "2016-04-30..2016-05-02", "2016-06-09..2016-06-11", "2016-09-15..2016-09-17", "2016-10-01..2016-10-07" | "2016-02-06", "2016-02-14", "2016-06-12", "2016-09-18", "2016-10-08", "2016-10-09"
2017 | "2016-12-31..2017-01-02", "2017-01-27..2017-02-02", "2017-04-02..2017-04-04", "2017-04-29..2017-05-01", "2017-05-28..2017-05-30", "2017-10-01..2017-10-08" | "2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"
2018 | "2017-12-30..2018-01-01", "2018-02-15..2018-02-21", "2018-04-05..2018-04-07", "2018-04-29..2018-05-01", "2018-06-16..2018-06-18", "2018-09-22..2018-09-24", "2018-10-01..2018-10-07" | "2018-02-11", "2018-02-24", "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30"
2019 | "2018-12-30..2019-01-01", "2019-02-04..2019-02-10", "2019-04-05..2019-04-07", "2019-05-01..2019-05-04", "2019-06-07..2019-06-09", "2019-09-13..2019-09-15", "2019-10-01..2019-10-07" | "2018-12-29", "2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12"
2020 | "2020-01-01", "2020-01-24..2020-02-02", "2020-04-04..2020-04-06", "2020-05-01..2020-05-05", "2020-06-25..2020-06-27", "2020-10-01..2020-10-08" | "2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"
2021 | "2021-01-01..2021-01-03", "2021-02-11..2021-02-17", "2021-04-03..2021-04-05", "2021-05-01..2021-05-05", "2021-06-12..2021-06-14", "2021-09-19..2021-09-21", "2021-10-01..2021-10-07" | "2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09"
2022 | "2022-01-01..2022-01-03", "2022-01-31..2022-02-06", "2022-04-03..2022-04-05", "2022-04-30..2022-05-04", "2022-06-03..2022-06-05", "2022-09-10..2022-09-12", "2022-10-01..2022-10-07" | "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"
2023 | "2022-12-31..2023-01-02", "2023-01-21..2023-01-27", "2023-04-05", "2023-04-29..2023-05-03", "2023-06-22..2023-06-24", "2023-09-29..2023-10-06" | "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"
2024 | "2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06", "2024-05-01..2024-05-05", "2024-06-10", "2024-09-15..2024-09-17", "2024-10-01..2024-10-07" | "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"
2025 | "2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05", "2025-05-31..2025-06-02", "2025-10-01..2025-10-08" | "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"
2026 | "2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05", "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07" | "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"
"#;

const PRICES: &str = r#"prices = [
  { item = "replace-tap", name = "更换水龙头（个）", price = "80.00" },
  { item = "replace-valve-core", name = "更换阀芯（个）", price = "35.00" },
  { item = "unblock-drain", name = "疏通下水道（次）", price = "120.00" },
  { item = "replace-lamp", name = "更换灯管（支）", price = "30.00" },
  { item = "replace-lock", name = "更换门锁（把）", price = "260.00" },
  { item = "cleaning-hour", name = "室内保洁（小时）", price = "60.00" },
  { item = "moving-help-hour", name = "搬运服务（小时）", price = "80.00" },
  { item = "carpet-cleaning-m2", name = "地毯清洗（平方米）", price = "8.00" },
]"#;

/// The lines `propdesk init` leaves empty that this office fills: a move-in card fee
/// and a lease deposit.
const CHARGES: &str =
    r#"charges = [{ item = "card-fee", amount = "40.00", text = "门禁卡工本费（2张）" }]"#;
const DEPOSITS: &str = r#"deposits = [{ kind = "lease", amount = "3000.00" }]"#;

/// The office.toml `propdesk init` wrote, with the holidays of the years covered, the
/// price list, the move-in card fee, the lease deposit and the profile in place of its
/// empty lines.
fn settle_office_toml(root: &Path, start: NaiveDate, until: NaiveDate) -> config::Settings {
    let path = root.join(config::FILE_NAME);
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let years = start.year()..=until.year();
    let (mut hol, mut mk) = (Vec::new(), Vec::new());
    for row in HOLIDAYS.lines().map(|l| l.split(" | ").collect::<Vec<_>>()) {
        if let [year, h, m] = row[..]
            && year.parse().is_ok_and(|y| years.contains(&y))
        {
            hol.push(h);
            mk.push(m);
        }
    }
    let hol = format!("holidays = [{}]", hol.join(", "));
    let mk = format!("makeup_days = [{}]", mk.join(", "));
    for with in [hol.as_str(), &mk, PRICES, CHARGES, DEPOSITS] {
        // In place of the line `init` wrote for the key, empty.
        let key = with.split(" = ").next().unwrap_or_default();
        let needle = format!("\n{key} = []\n");
        assert_eq!(text.matches(&needle).count(), 1, "office.toml: {key}");
        text = text.replacen(&needle, &format!("\n{with}\n"), 1);
    }
    let text = config::with_profile(&text, &profile());
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    config::parse(&text, config::FILE_NAME).unwrap_or_else(|e| panic!("office.toml: {}", e.message))
}

/// Who owns each unit: the developer keeps many, investors a few each, people their
/// home.
fn owners(w: &mut World, rng: &mut Rng, ids: &mut ids::Ids) {
    let t0 = w.start.and_time(hm(8, 30));
    let mut new_owner = |w: &mut World, rng: &mut Rng, company: bool, dev: bool| -> usize {
        let id = ids.next(IdKind::Party, w.start);
        let t = t0 + chrono::Duration::seconds(w.owners.len() as i64 % 1800);
        let at = sim::at(w, t);
        let (trade, note) = (names::OFFICES, Some("期初建档".to_string()));
        let mut p = make_party(rng, &id, company, Role::Owner, trade, at, "王敏", note);
        if dev {
            p.name = format!("{}置业有限公司", names::brand(rng));
        }
        w.owners.push(p);
        w.owners.len() - 1
    };
    let developer = new_owner(w, rng, true, true);
    let mut investor: Option<(usize, u32)> = None;
    for u in 0..w.units.len() {
        let p = rng.unit();
        let usage = w.units[u].usage;
        let (dev, inv) = match usage {
            UnitUse::Office | UnitUse::Shop => (0.45, 0.75),
            UnitUse::Home => (0.08, 0.2),
            UnitUse::Parking => (0.6, 0.6),
        };
        let o = match investor {
            _ if p < dev => developer,
            Some((o, left)) if p < inv && left > 0 => {
                investor = Some((o, left - 1));
                o
            }
            _ if p < inv => {
                let company = rng.chance(0.6);
                let o = new_owner(w, rng, company, false);
                investor = Some((o, rng.range(1, 7) as u32));
                o
            }
            _ => {
                let company = usage != UnitUse::Home && rng.chance(0.5);
                new_owner(w, rng, company, false)
            }
        };
        w.unit_owner.push(o);
    }
}

/// Makes sure the end of the history shows what an office has in hand: units in
/// arrears, move-ins and move-outs in progress, tickets in every state.
fn force_endings(w: &mut World, rng: &mut Rng) {
    let (n, until) = (w.units.len(), w.until);
    let d = |k: i64| sim::add_days(until, k);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let arrears_target = ((n as f64 / 40.0).round() as usize).max(1);
    let (mut arrears, mut outs, mut ins) = (0, 0, 0);
    for &u in &order {
        let list = &mut w.plans[u];
        match skeleton::current(list, until) {
            Some(c) => {
                let t = &mut list[c];
                let began = if t.imported { w.start } else { t.lease_start };
                if t.out.is_none() && began <= d(-150) && arrears < arrears_target {
                    t.arrears_from = Some(d(-rng.range(15, 110)));
                    arrears += 1;
                } else if t.out.is_none() && began <= d(-120) && outs < 2 {
                    let date = d(rng.range(3, 20));
                    let notice = d(-rng.range(3, 9));
                    let (restore, lift) = (false, (date, 0));
                    t.out = Some(skeleton::OutPlan {
                        notice,
                        date,
                        restore,
                        lift,
                    });
                    outs += 1;
                }
            }
            None => {
                let left = |t: &Tenancy| t.out.as_ref().is_some_and(|o| o.date <= d(-25));
                let free = list.last().is_none_or(left);
                if free && ins < 2 && w.units[u].usage != UnitUse::Parking {
                    let lease_start = d(rng.range(6, 20));
                    let end = lease_start.checked_add_months(Months::new(24));
                    list.push(Tenancy {
                        company: w.units[u].usage != UnitUse::Home,
                        notice: d(-rng.range(1, 4)),
                        lease_start,
                        lease_end: Some(sim::add_days(end.unwrap_or(lease_start), -1)),
                        late_rate: 0.02,
                        ..Tenancy::default()
                    });
                    ins += 1;
                }
            }
        }
    }
    // Tickets left in each state, a few of each.
    use TicketKind::{Complaint, Inquiry, Repair};
    use TicketStatus as S;
    #[rustfmt::skip]
    let stops = [
        (Stop::At(S::New), Repair), (Stop::At(S::Dispatched), Repair), (Stop::At(S::OnSite), Repair),
        (Stop::At(S::Done), Repair), (Stop::At(S::Returned), Repair),
        (Stop::At(S::CalledBack), Repair), (Stop::At(S::Assigned), Complaint),
        (Stop::At(S::Explained), Complaint), (Stop::At(S::Actioned), Complaint),
        (Stop::At(S::New), Inquiry), (Stop::Paused, Repair), (Stop::Shelved(ShelfEnd::Stay), Repair),
        (Stop::Dead, Repair), (Stop::Unreasonable, Repair),
    ];
    let lived_in = |&u: &usize| {
        skeleton::current(&w.plans[u], d(-3)).is_some() && w.units[u].usage != UnitUse::Parking
    };
    let occupied: Vec<usize> = order.iter().copied().filter(lived_in).collect();
    let pool = match occupied.is_empty() {
        true => &order,
        false => &occupied,
    };
    let k = (n / 400).max(1);
    for (next, (stop, kind)) in stops.into_iter().flat_map(|s| vec![s; k]).enumerate() {
        w.forced[pool[next % pool.len()]].push((stop, kind));
    }
}

/// Where the records go: how many files in each folder, and how many bytes.
#[derive(Default)]
struct Out {
    root: PathBuf,
    files: Mutex<BTreeMap<String, u64>>,
    bytes: AtomicU64,
}

impl Out {
    /// Writes `text` at `rel`, making its folder the first time.
    fn put(&self, rel: &Path, text: &[u8]) {
        let path = self.root.join(rel);
        if std::fs::write(&path, text).is_err() {
            let _ = std::fs::create_dir_all(path.parent().unwrap_or(&self.root));
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let folder = rel.iter().next().unwrap_or_default().to_string_lossy();
        *self
            .files
            .lock()
            .expect("counts")
            .entry(folder.into())
            .or_default() += 1;
        self.bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
    }

    fn record<T: Record>(&self, r: &T) {
        let text = propdesk::store::record_text(r).unwrap_or_else(|e| panic!("{}", e.message));
        self.put(&r.path(), text.as_bytes());
    }
}

/// Builds one unit's history (or a building's public areas) and writes its records.
fn job(w: &World, j: usize, out: &Out, renderer: &Renderer) {
    let n = w.units.len();
    let public = j >= n;
    let spec = match public {
        true => UnitSpec::public(j - n),
        false => w.units[j].clone(),
    };
    let owner = (!public).then(|| w.owners[w.unit_owner[j]].id.as_str());
    let mut sim = Sim::new(w, j, make_unit(w, &spec, owner));
    if public {
        let in_building = |u: &&UnitSpec| u.building == spec.building;
        let units = w.units.iter().filter(in_building).count();
        sim.schedule_public_tickets((units as f64 / 25.0).max(4.0));
    } else {
        sim.setup();
        sim.schedule_tickets();
    }
    sim.run();
    sim.tickets.iter().for_each(|t| out.record(t));
    if public {
        return;
    }
    out.record(&sim.unit);
    sim.parties.iter().for_each(|p| out.record(p));
    sim.moveins.iter().for_each(|m| out.record(m));
    sim.moveouts.iter().for_each(|m| out.record(m));
    sim.permits.iter().for_each(|p| out.record(p));
    if !sim.ledger.entries.is_empty() {
        // One book per year, each opening with what the year before carries forward:
        // what the desk's commands would have written year by year.
        let books = propdesk::procedure::fees::years::split(&sim.books(), sim.ledger.clone())
            .unwrap_or_else(|e| panic!("{}: {e:?}", sim.unit.id));
        for book in &books {
            out.record(book);
        }
    }
    if let Some(c) = &sim.case {
        out.record(c);
        render_notices(w, &sim, out, renderer);
    }
}

/// The notices the ladder's steps filed (催款通知书, 停止服务申请), as they read the day
/// each was filed. (A case that reopens starts its steps afresh, and forgets them.)
fn render_notices(w: &World, sim: &Sim, out: &Out, r: &Renderer) {
    let (config, books) = (&w.settings.config, sim.books());
    let (rules, locale) = (&config.dunning, config.locale);
    for (i, day, unit, then, len) in &sim.notices {
        let name = then.steps[*i].notice_name(rules);
        let Some(kind) = name.and_then(dunning::notices::named) else {
            continue;
        };
        let rel = notice::notice_path(*day, &unit.id, kind, locale, Style::Html);
        // The ledger as it was that day.
        let mut ledger = Ledger::new(&unit.id, day.year());
        ledger
            .entries
            .extend_from_slice(&sim.ledger.entries[..*len]);
        let Ok(state) = books.state(&ledger) else {
            continue;
        };
        let party = |id: Option<&String>| sim.party(id?);
        let (billed, owner) = (party(unit.billed_to()), party(unit.owner.as_ref()));
        let letterhead = config.letterhead();
        let base = money_base(letterhead, rules, unit, billed, owner, *day, locale);
        let values = step_values(base, &books, &state, then, *i, *day, locale);
        match r.render(kind.template, locale, Style::Html, &values) {
            Ok(text) => out.put(&rel, text.as_bytes()),
            Err(e) => eprintln!("{}: notice: {}", unit.id, e.message),
        }
    }
}

#[allow(dead_code)]
fn main() {
    match generate(&Args::parse()) {
        Ok(s) => eprint!("{}", s.text),
        Err((code, message)) => {
            eprintln!("error: {message}");
            std::process::exit(code);
        }
    }
}

/// `propdesk init` on the first day, in-process, and its office.toml settled: the first
/// day and the office's settings.
fn init_office(a: &Args) -> Result<(NaiveDate, config::Settings), (i32, String)> {
    if a.units == 0 || a.years == 0 || a.years > 30 {
        return Err((2, "--units must be at least 1 and --years 1 to 30".into()));
    }
    if std::fs::read_dir(&a.out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err((2, format!("{} exists and is not empty", a.out.display())));
    }
    let start = a.until.checked_sub_months(Months::new(12 * a.years));
    let Some(start) = start.map(|d| d + Days::new(1)) else {
        return Err((2, "--until is out of range".into()));
    };
    let now = format!("{start}T08:00");
    let out = a.out.to_string_lossy().into_owned();
    let office = ["--now", &now, "--locale", "zh-CN", "--by", "王敏"];
    let init = ["init", &out, "--name", OFFICE_NAME, "--no-git"];
    let code = propdesk::run(["propdesk"].into_iter().chain(office).chain(init));
    if !a.out.join(config::FILE_NAME).exists() {
        return Err((1, format!("propdesk init failed ({code:?})")));
    }
    // The lock `init` held is propdesk's working file (git-ignored), not the office's.
    let _ = std::fs::remove_dir_all(a.out.join(propdesk::store::WORK_DIR));
    Ok((start, settle_office_toml(&a.out, start, a.until)))
}

/// The estate, its owners and contractors, and every unit's tenancies, planned before
/// anything is simulated: the world, the contractors and the goods-lift clashes.
fn plan(a: &Args, start: NaiveDate, settings: config::Settings) -> (World, Vec<Party>, usize) {
    let mut rng = Rng::stream(a.seed, u64::MAX, 0);
    let (buildings, units) = layout::build(a.units, &mut rng);
    let streams = (units.len() + buildings.len() + 1) as u64;
    let mut w = World {
        tz: settings.config.timezone.0,
        settings,
        seed: a.seed,
        start,
        until: a.until,
        now: a.until.and_time(hm(9, 30)),
        forced: vec![Vec::new(); units.len()],
        buildings,
        units,
        owners: Vec::new(),
        unit_owner: Vec::new(),
        contractors: Vec::new(),
        plans: Vec::new(),
        streams,
    };
    // The office's own IDs come from the last stream; each unit has its own.
    let mut gids = ids::Ids::new(a.seed, streams - 1, streams);
    owners(&mut w, &mut rng, &mut gids);
    let contractor = |k: usize| {
        let id = gids.next(IdKind::Party, start);
        let at = sim::at(&w, start.and_time(hm(10, k as u32 % 60)));
        let (role, trade) = (Role::Contractor, names::CONTRACTORS);
        make_party(&mut rng, &id, true, role, trade, at, "王敏", None)
    };
    let contractors: Vec<Party> = (0..(4 + a.units / 400).min(40)).map(contractor).collect();
    w.contractors = contractors.iter().map(|p| p.name.clone()).collect();
    let units = &w.units;
    let tenancies = |(u, spec): (usize, &UnitSpec)| {
        let mut rng = Rng::stream(a.seed, u as u64, 2);
        skeleton::plan(&mut rng, spec.usage, start, a.until)
    };
    w.plans = units.par_iter().enumerate().map(tenancies).collect();
    force_endings(&mut w, &mut Rng::stream(a.seed, u64::MAX, 7));
    let clashes = skeleton::book_lifts(&mut w.plans, a.seed);
    (w, contractors, clashes)
}

/// Writes the office `a` asks for; an error is (exit code, message).
pub fn generate(a: &Args) -> Result<Summary, (i32, String)> {
    let began = Instant::now();
    let (start, settings) = init_office(a)?;
    let (w, contractors, clashes) = plan(a, start, settings);
    let mut out = Out::default();
    out.root = a.out.clone();
    w.owners
        .iter()
        .chain(&contractors)
        .for_each(|p| out.record(p));
    let renderer = Renderer::new(&a.out).map_err(|e| (1, e.message))?;
    let planned = began.elapsed().as_secs_f64();
    let w = &w;
    let jobs = (0..w.units.len() + w.buildings.len()).into_par_iter();
    jobs.for_each(|j| job(w, j, &out, &renderer));
    let (held, bytes) = (
        out.files.into_inner().expect("counts"),
        out.bytes.into_inner(),
    );
    let files: u64 = held.values().sum();
    let held: Vec<String> = held
        .iter()
        .map(|(folder, n)| format!("{folder} {n}"))
        .collect();
    let tower = |b: &&layout::Building| b.kind == BuildingKind::Tower;
    let towers = w.buildings.iter().filter(tower).count();
    let (units, buildings, owners) = (w.units.len(), w.buildings.len(), w.owners.len());
    let (years, until, seed, mb) = (a.years, a.until, a.seed, bytes as f64 / 1e6);
    let (secs, contractors, held) = (
        began.elapsed().as_secs_f64(),
        contractors.len(),
        held.join(", "),
    );
    let text = format!(
        "gen-office: {units} units in {buildings} buildings ({towers} towers), {years} years to \
         {until} (seed {seed}): {files} files, {mb:.1} MB in {secs:.1}s (planning {planned:.1}s)\n  \
         {owners} owners, {contractors} contractors; goods-lift clashes {clashes}\n  files: {held}\n"
    );
    Ok(Summary { text })
}
