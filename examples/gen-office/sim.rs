//! One unit's history, simulated on a clock: the morning run (dunning at 07:40, the
//! month's bill on the 1st at 08:00), and every step of every procedure at the time it
//! happens, each made by the library's own step functions on the records in memory.
//! Nothing is read back from disk; each record is written once, at the end.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use chrono_tz::Tz;
use propdesk::config::Settings;
use propdesk::model::ledger::{Ledger, State};
use propdesk::model::party::{EmergencyContact, Party, PartyKind, Role};
use propdesk::model::unit::{Area, Unit, UnitStatus, UnitUse};
use propdesk::model::{history::Entry, ids::IdKind};
use propdesk::procedure::dunning::{DunningCase, steps::signer_of};
use propdesk::procedure::{Act, fees::accounts::Books, movein::MoveIn, moveout::MoveOut};
use propdesk::procedure::{permit::Permit, ticket::Ticket};

use super::ids::Ids;
use super::layout::{Building, UnitSpec};
use super::names;
use super::rng::Rng;
use super::skeleton::Tenancy;

/// Who does what at the desk.
pub const FINANCE: &str = "财务部-孙会计";
pub const CRON: &str = "晨间任务";
pub const MANAGER: &str = "张经理";
pub const GM: &str = "赵总";
pub const ENGINEER: &str = "工程部-周主管";
pub const GUARD: &str = "保安部-刘队长";
const CLERKS: &[&str] = &["王敏", "李娜", "张静", "刘洋", "陈晨"];
pub const TECHNICIANS: &[&str] = &["李师傅", "周师傅", "赵师傅", "陈师傅", "吴师傅", "郑师傅"];

/// Everything the units share: the office's settings, the calendar, the estate.
pub struct World {
    pub settings: Settings,
    pub tz: Tz,
    pub seed: u64,
    pub start: NaiveDate,
    pub until: NaiveDate,
    /// The end of the history: the office's "now".
    pub now: NaiveDateTime,
    pub buildings: Vec<Building>,
    pub units: Vec<UnitSpec>,
    pub owners: Vec<Party>,
    pub unit_owner: Vec<usize>,
    pub contractors: Vec<String>,
    pub plans: Vec<Vec<Tenancy>>,
    pub forced: Vec<Vec<super::tickets::Forced>>,
    pub streams: u64,
}

/// What happens next: a step of the story, taken at its time.
type Event<'w> = Box<dyn FnOnce(&mut Sim<'w>, NaiveDateTime) + 'w>;

/// A tenancy as it runs.
#[derive(Debug, Clone, Default)]
pub struct Tn {
    pub party: String,
    /// Who signs for the party: the person, or a company's contact.
    pub signer: String,
    pub movein: Option<usize>,
    pub moveout: Option<usize>,
    pub stage_in: u32,
    pub stage_out: u32,
    pub cards: Option<usize>,
    pub exit_pass: Option<usize>,
    /// Moved in and not moved out.
    pub active: bool,
    /// Payments scheduled and not yet made: no second one for the same month.
    pub pay_pending: bool,
    pub retries: u32,
}

pub struct Sim<'w> {
    pub w: &'w World,
    pub idx: usize,
    pub rng: Rng,
    pub ids: Ids,
    pub unit: Unit,
    pub ledger: Ledger,
    /// The ledger replayed, kept in step with it by [`Sim::sync`].
    pub st: State,
    pub case: Option<DunningCase>,
    /// Dunning steps whose notice was filed: (step index, day, unit as it was, case as
    /// it was, ledger entries then).
    pub notices: Vec<(usize, NaiveDate, Unit, DunningCase, usize)>,
    pub tickets: Vec<Ticket>,
    pub tplans: Vec<super::tickets::Plan>,
    pub moveins: Vec<MoveIn>,
    pub permits: Vec<Permit>,
    pub pplans: Vec<super::permits::Plan>,
    pub moveouts: Vec<MoveOut>,
    pub parties: Vec<Party>,
    pub tn: Vec<Tn>,
    pub cur: Option<usize>,
    /// Meter readings in thousandths (electricity, water, gas) and the day read.
    pub meters: [i64; 3],
    pub meters_day: NaiveDate,
    /// What happens next, by time and then by when it was scheduled (the morning run
    /// as 0: first at its minute).
    queue: BTreeMap<(NaiveDateTime, u64), Event<'w>>,
    scheduled: u64,
    /// The time of what is happening now: nothing is scheduled before it.
    clock: NaiveDateTime,
    pub receipt: u32,
}

/// The office-local time `t` with its UTC offset.
pub fn at(w: &World, t: NaiveDateTime) -> DateTime<FixedOffset> {
    let local = w.tz.from_local_datetime(&t).earliest();
    local.expect("a local time").fixed_offset()
}

/// Who acts and when, for a step.
pub fn pact<'a>(w: &World, by: &'a str, t: NaiveDateTime) -> Act<'a> {
    Act {
        by,
        at: at(w, t),
        today: t.date(),
    }
}

pub fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a time of day")
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    match n >= 0 {
        true => d + Days::new(n as u64),
        false => d - Days::new((-n) as u64),
    }
}

impl<'w> Sim<'w> {
    pub fn new(w: &'w World, idx: usize, unit: Unit) -> Sim<'w> {
        let ledger = Ledger::new(&unit.id, w.start.year());
        Sim {
            w,
            idx,
            rng: Rng::stream(w.seed, idx as u64, 1),
            ids: Ids::new(w.seed, idx as u64, w.streams),
            unit,
            ledger,
            st: State::opened(None),
            case: None,
            notices: Vec::new(),
            tickets: Vec::new(),
            tplans: Vec::new(),
            moveins: Vec::new(),
            permits: Vec::new(),
            pplans: Vec::new(),
            moveouts: Vec::new(),
            parties: Vec::new(),
            tn: Vec::new(),
            cur: None,
            meters: [0; 3],
            meters_day: w.start,
            queue: BTreeMap::new(),
            scheduled: 0,
            clock: w.start.and_time(hm(0, 0)),
            receipt: 0,
        }
    }

    // ---- time -------------------------------------------------------------------

    pub fn books(&self) -> Books<'w> {
        let w: &'w World = self.w;
        w.settings.config.books(&w.settings.calendar)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.w.settings.calendar.is_working_day(d)
    }

    /// `d` if it is a working day, else the next one.
    pub fn working_day(&self, d: NaiveDate) -> NaiveDate {
        match self.is_working_day(d) {
            true => d,
            false => self.w.settings.calendar.next_working_day(d),
        }
    }

    /// The `n`-th working day after `d`.
    pub fn add_working(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.w.settings.calendar.add_working_days(d, n)
    }

    /// A time during office hours on `d`, between `from` and `to` o'clock.
    pub fn time_on(&mut self, d: NaiveDate, from: u32, to: u32) -> NaiveDateTime {
        let minutes = self.rng.range(i64::from(from) * 60, i64::from(to) * 60 - 1);
        d.and_time(hm((minutes / 60) as u32, (minutes % 60) as u32))
    }

    /// A time between `from` and `to` o'clock on `d`, or on the next working day.
    pub fn on_working_day(&mut self, d: NaiveDate, from: u32, to: u32) -> NaiveDateTime {
        let d = self.working_day(d);
        self.time_on(d, from, to)
    }

    /// A time `from..to` minutes after `t`.
    pub fn after(&mut self, t: NaiveDateTime, from: i64, to: i64) -> NaiveDateTime {
        t + Duration::minutes(self.rng.range(from, to))
    }

    /// Office hours on the working day `n` working days after `t`'s day, not before `t`.
    pub fn later_day(&mut self, t: NaiveDateTime, n: u32) -> NaiveDateTime {
        let d = match n {
            0 => self.working_day(t.date()),
            _ => self.add_working(t.date(), n),
        };
        self.time_on(d, 9, 17).max(t + Duration::minutes(5))
    }

    /// Office hours `lo` to `hi` working days after `t`.
    pub fn later(&mut self, t: NaiveDateTime, lo: i64, hi: i64) -> NaiveDateTime {
        let n = self.rng.range(lo, hi) as u32;
        self.later_day(t, n)
    }

    /// `t` if the desk is open then (from the office's opening to `closes`), else the
    /// next morning it is, before `latest` o'clock.
    pub fn desk_open(&mut self, t: NaiveDateTime, closes: NaiveTime, latest: u32) -> NaiveDateTime {
        let (h, working) = (t.time(), self.is_working_day(t.date()));
        if working && h >= self.w.settings.calendar.rules().hours.opens() && h < closes {
            return t;
        }
        let d = self.add_working(t.date(), u32::from(h >= closes || !working));
        self.time_on(d, 9, latest).max(t)
    }

    /// The clerk on duty at `t`, acting then.
    pub fn desk_act(&self, t: NaiveDateTime) -> Act<'static> {
        pact(self.w, self.desk(t.date()), t)
    }

    /// The clerk on duty on `d`.
    pub fn desk(&self, d: NaiveDate) -> &'static str {
        CLERKS[(d.num_days_from_ce() as usize + self.idx / 7) % CLERKS.len()]
    }

    pub fn schedule(
        &mut self,
        t: NaiveDateTime,
        event: impl FnOnce(&mut Sim<'w>, NaiveDateTime) + 'w,
    ) {
        let t = match t < self.clock {
            // A day picked earlier in the month than today: today, a little later.
            true => self.clock + Duration::minutes(self.rng.range(10, 90)),
            false => t,
        };
        self.scheduled += 1;
        self.queue.insert((t, self.scheduled), Box::new(event));
    }

    /// Runs the unit's history to the end: every event in time order, up to the
    /// office's "now".
    pub fn run(&mut self) {
        self.queue.insert(
            (self.w.start.and_time(hm(7, 40)) + Days::new(1), 0),
            Box::new(Sim::morning),
        );
        while let Some(((t, _), event)) = self.queue.pop_first() {
            if t >= self.w.now {
                break;
            }
            self.clock = t;
            // The generator keeps every year's entries in one ledger in memory, as the
            // book of the year it is (split into year books when written).
            self.ledger.year = t.date().year();
            self.ledger.posting_for = self.unit.billed_to().cloned();
            event(self, t);
        }
    }

    /// The morning run at 07:40: `dunning run`, then on the 1st `bill run` at 08:00.
    fn morning(&mut self, t: NaiveDateTime) {
        let day = t.date();
        self.dunning_run(day);
        if day.day() == 1 {
            let bill = move |s: &mut Sim<'w>, _| s.bill_run(day);
            self.queue
                .insert((day.and_time(hm(8, 0)), 0), Box::new(bill));
        }
        self.queue
            .insert((t + Days::new(1), 0), Box::new(Sim::morning));
    }

    // ---- parties and the unit ---------------------------------------------------

    /// A new tenant added at `t`: a person or a company (a shop's, for a shop), with
    /// phones, an ID number and emergency contacts. Its ID and who signs for it.
    pub fn new_tenant(&mut self, t: NaiveDateTime, company: bool) -> (String, String) {
        let id = self.ids.next(IdKind::Party, t.date());
        let (at, by) = (at(self.w, t), self.desk(t.date()));
        let shop = self.unit.usage == UnitUse::Shop;
        let trade = if shop { names::SHOPS } else { names::OFFICES };
        let rng = &mut self.rng;
        let p = make_party(rng, &id, company, Role::Tenant, trade, at, by, None);
        let signer = signer_of(Some(&p));
        self.parties.push(p);
        (id, signer)
    }

    /// The unit's meters read on `d`: they turn while it is used.
    pub fn read_meters(&mut self, d: NaiveDate) -> [i64; 3] {
        if d > self.meters_day {
            let n = (d - self.meters_day).num_days();
            let area = (self.unit.area.hundredths() / 100) as f64;
            let occupied = self.unit.status == UnitStatus::Occupied;
            let used = if occupied { 1.0 } else { 0.03 };
            // Electricity and water by the area, gas by the kitchen.
            let rates = match self.unit.usage {
                UnitUse::Office => [0.13 * area, 0.004 * area, 0.0],
                UnitUse::Shop => [0.3 * area, 0.01 * area, 1.5],
                UnitUse::Home => [0.08 * area, 0.006 * area, 0.25],
                UnitUse::Parking => [0.0; 3],
            };
            for (k, rate) in rates.into_iter().enumerate() {
                let jitter = 0.8 + 0.4 * self.rng.unit();
                // Readings to a tenth, as the meter shows them.
                self.meters[k] += (rate * used * jitter * n as f64 * 10.0).round() as i64 * 100;
            }
            self.meters_day = d;
        }
        self.meters
    }
}

/// A party record as `party add` writes it.
#[allow(clippy::too_many_arguments)]
pub fn make_party(
    rng: &mut Rng,
    id: &str,
    company: bool,
    role: Role,
    trade: &[&str],
    at: DateTime<FixedOffset>,
    by: &str,
    note: Option<String>,
) -> Party {
    let (name, contact, phones, id_number) = if company {
        let (contact, _) = names::person_name(rng);
        let phones = match rng.chance(0.6) {
            true => vec![names::landline(rng), names::mobile(rng)],
            false => vec![names::mobile(rng)],
        };
        let name = names::company_name(rng, trade);
        (name, Some(contact), phones, names::company_code(rng))
    } else {
        let (name, _) = names::person_name(rng);
        (name, None, vec![names::mobile(rng)], names::person_id(rng))
    };
    let emergency_contacts = (0..rng.range(1, 2))
        .map(|_| EmergencyContact {
            name: names::person_name(rng).0,
            phone: names::mobile(rng),
            relation: Some(names::relation(rng, company).to_string()),
        })
        .collect();
    Party {
        id: id.to_string(),
        kind: [PartyKind::Person, PartyKind::Company][usize::from(company)],
        name,
        roles: vec![role],
        phones,
        id_number: Some(id_number),
        contact,
        emergency_contacts,
        language: None,
        note,
        history: vec![Entry::new(at, by, "added", None)],
    }
}

/// The unit as registered on the first day, when the office started keeping records.
pub fn make_unit(w: &World, spec: &UnitSpec, owner: Option<&str>) -> Unit {
    let (at, by) = (at(w, w.start.and_time(hm(9, 0))), "王敏");
    Unit {
        id: spec.id.clone(),
        building: w.buildings[spec.building].name.clone(),
        floor: spec.floor,
        area: Area::from_hundredths(spec.area),
        usage: spec.usage,
        owner: owner.map(str::to_string),
        occupant: None,
        status: UnitStatus::Vacant,
        fees_from: None,
        fees_until: None,
        note: None,
        history: vec![Entry::new(at, by, "added", Some("期初建档".to_string()))],
    }
}
