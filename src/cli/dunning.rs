//! `propdesk dunning`: fee collection, one case per unit, up the office's ladder.

use std::collections::HashMap;

use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::Value;

use crate::cli::money::{self, addressee, books, file_notice, stamp};
use crate::cli::unit::parse;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::ids;
use crate::model::ledger::{Ledger, State, aging};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;

use crate::output::{Cell, Column, Listing, Sheet};
use crate::procedure::dunning::{
    self, Action, CaseStatus, Channel, DunningCase, PromiseStatus, StepStatus,
};
use crate::render::Renderer;
use crate::store::Changes;

/// Fee collection (催款): each unit in arrears has a case that climbs the office's
/// escalation ladder ([[dunning.ladder]] in office.toml).
///
/// `propdesk dunning` lists the open cases; `dunning run` (cron, every morning) moves
/// every case to where the ladder says it is today.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// List the open cases (the default).
    List,
    /// Show a unit's case: steps, contacts, promises, history.
    Show { unit: String },
    /// Move every case to where the ladder says it is today (the morning cron job).
    ///
    /// For every unit with overdue charges: posts the late fees accrued through today,
    /// opens or closes its case, settles promises that ran out, records each ladder
    /// step now due (a step needing approval waits, and the steps after it), and files
    /// the notices of steps taken. Prints one line per action; nothing due prints
    /// nothing. Running it twice the same day changes nothing.
    Run,
    /// Log a reminder or a talk with the tenant (电话催款记录).
    Log {
        unit: String,
        /// phone, visit, letter or sms.
        #[arg(long, value_parser = parse::<Channel>)]
        channel: Channel,
        /// What was said or agreed.
        #[arg(long)]
        outcome: String,
    },
    /// Approve the step waiting for approval (the manager's or GM's signature) and
    /// file its notice.
    Approve { unit: String },
    /// Record a promise to pay: escalation pauses until the date, and resumes if the
    /// promise is broken.
    Promise {
        unit: String,
        /// The last day of the promise.
        #[arg(long, value_parser = money::date)]
        until: NaiveDate,
        /// The amount promised (default: everything overdue).
        #[arg(long, value_parser = money::money)]
        amount: Option<Money>,
    },
    /// Record that the tenant signed for the latest notice (签收).
    Sign {
        unit: String,
        /// Who signed (default: the billed party's contact or name).
        #[arg(long)]
        signer: Option<String>,
    },
    /// Arrears by age: 0-30, 31-60, 61-90 and over 90 days overdue, per unit and in
    /// total.
    Aging,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command.unwrap_or(Cmd::List) {
        Cmd::List => list(ctx),
        Cmd::Show { unit } => show(ctx, &unit),
        Cmd::Run => run_all(ctx),
        Cmd::Log {
            unit,
            channel,
            outcome,
        } => {
            if outcome.trim().is_empty() {
                return Err(Error::usage("--outcome must not be empty"));
            }
            act(ctx, &unit, "contact logged", |c, _, _| {
                c.log_contact(stamp(ctx), channel, outcome.trim());
                Ok(None)
            })
        }
        Cmd::Approve { unit } => act(ctx, &unit, "step approved", |c, _, _| {
            c.approve(stamp(ctx)).map(Some).map_err(Error::data)
        }),
        Cmd::Promise {
            unit,
            until,
            amount,
        } => act(ctx, &unit, "promise recorded", |c, state, _| {
            let amount = amount.unwrap_or_else(|| state.overdue_total(ctx.today));
            c.promise(stamp(ctx), until, amount).map_err(Error::data)?;
            Ok(None)
        }),
        Cmd::Sign { unit, signer } => act(ctx, &unit, "notice signed for", |c, _, unit| {
            let signer = match signer {
                Some(s) if !s.trim().is_empty() => s.trim().to_string(),
                _ => {
                    let to = addressee(ctx, &ctx.store, unit)?;
                    to.party
                        .map(|p| p.contact.unwrap_or(p.name))
                        .unwrap_or_else(|| "tenant".to_string())
                }
            };
            c.sign(stamp(ctx), &signer).map_err(Error::data)?;
            Ok(None)
        }),
        Cmd::Aging => aging_table(ctx),
    }
}

/// Acts on a unit's open case; if `f` returns a step index, files that step's notice.
fn act(
    ctx: &Ctx,
    typed: &str,
    what: &str,
    f: impl FnOnce(&mut DunningCase, &State, &Unit) -> Result<Option<usize>>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, ledger) = money::unit_and_ledger(ctx, typed)?;
    let Some(mut case) = ctx.store.load::<DunningCase>(&unit.id)? else {
        return Err(Error::data(format!("{} has no dunning case", unit.id))
            .with_hint("a case opens when `propdesk dunning run` finds charges overdue"));
    };
    if case.status == CaseStatus::Closed && what != "contact logged" {
        return Err(Error::data(format!(
            "the dunning case of {} is closed: nothing is overdue",
            unit.id
        )));
    }
    let state = books(ctx).state(&ledger)?;
    let mut changes = Changes::new(format!("dunning {}: {what}", unit.id));
    let mut lines = vec![format!("{}: {what}", unit.id)];
    if let Some(i) = f(&mut case, &state, &unit)? {
        let step = &case.steps[i];
        if let Some(name) = step.notice_name(&ctx.settings.config.dunning) {
            let renderer = Renderer::new(ctx.root())?;
            let path =
                render_step_notice(ctx, &renderer, &mut changes, &unit, &state, &case, i, name)?;
            case.steps[i].notice = Some(crate::store::shown(&path));
            lines.push(format!(
                "{}: notice {}",
                unit.id,
                crate::store::shown(&path)
            ));
        }
    }
    changes.update(&ctx.store, &case)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn render_step_notice(
    ctx: &Ctx,
    renderer: &Renderer,
    changes: &mut Changes,
    unit: &Unit,
    state: &State,
    case: &DunningCase,
    i: usize,
    name: &str,
) -> Result<std::path::PathBuf> {
    let notice = crate::notice::find(name).map(|(_, n)| n).ok_or_else(|| {
        Error::usage(format!(
            "office.toml: [dunning] ladder: unknown notice {name:?}"
        ))
    })?;
    let rules = &ctx.settings.config.dunning;
    let to = addressee(ctx, &ctx.store, unit)?;
    let days = rules.days_after(&ctx.settings.calendar, case.since, ctx.today);
    let values = crate::procedure::dunning::notices::dunning_values(
        to.base(ctx, unit),
        rules,
        state,
        case,
        days,
        case.steps[i].approved_by.as_deref(),
        ctx.today,
        to.locale,
    );
    file_notice(ctx, renderer, changes, notice, &unit.id, to.locale, &values)
}

fn action_line(a: &Action, l: Locale) -> String {
    match (a, l) {
        (Action::Opened { since }, Locale::ZhCn) => format!("立案：{since}起欠费"),
        (Action::Opened { since }, Locale::En) => format!("case opened: overdue since {since}"),
        (Action::Reopened { since }, Locale::ZhCn) => format!("重新立案：{since}起欠费"),
        (Action::Reopened { since }, Locale::En) => format!("case reopened: overdue since {since}"),
        (Action::Closed, Locale::ZhCn) => "结案：已无逾期欠费".to_string(),
        (Action::Closed, Locale::En) => "case closed: nothing overdue".to_string(),
        (Action::PromiseKept { until }, Locale::ZhCn) => format!("承诺付款已履行（{until}）"),
        (Action::PromiseKept { until }, Locale::En) => format!("promise kept ({until})"),
        (
            Action::PromiseBroken {
                until,
                promised,
                paid,
            },
            Locale::ZhCn,
        ) => {
            format!("承诺付款未履行：{until}前应付{promised}，实付{paid}；恢复催缴")
        }
        (
            Action::PromiseBroken {
                until,
                promised,
                paid,
            },
            Locale::En,
        ) => {
            format!("promise broken: {promised} by {until}, paid {paid}; escalation resumes")
        }
        (
            Action::Step {
                day,
                action,
                who,
                awaiting,
            },
            Locale::ZhCn,
        ) => format!(
            "第{day}天 {}（{}）{}",
            dunning::words(action, l),
            dunning::words(who, l),
            if *awaiting { "：待审批" } else { "" }
        ),
        (
            Action::Step {
                day,
                action,
                who,
                awaiting,
            },
            Locale::En,
        ) => format!(
            "day {day} {} ({}){}",
            dunning::words(action, l),
            dunning::words(who, l),
            if *awaiting { ": awaiting approval" } else { "" }
        ),
    }
}

fn run_all(ctx: &Ctx) -> Result<()> {
    let lock = ctx.lock()?;
    let books = books(ctx);
    let rules = &ctx.settings.config.dunning;
    let today = ctx.today;
    // Only open cases are kept as they are read (years of closed ones stay on disk);
    // a unit that needs work without an open case has its closed case read below.
    let cases: HashMap<String, DunningCase> = ctx
        .store
        .load_each(|c: DunningCase| Ok((c.status == CaseStatus::Open).then_some(c)))?
        .into_iter()
        .map(|c| (c.unit.clone(), c))
        .collect();
    // Decide in parallel, as each ledger is read, which units need anything: overdue
    // charges, late fees to post, or an open case. Only those ledgers are kept.
    let mut work: Vec<Ledger> = ctx.store.load_each(|l: Ledger| {
        let state = books.state(&l)?;
        let open = cases
            .get(&l.unit)
            .is_some_and(|c| c.status == CaseStatus::Open);
        let busy = open
            || state.oldest_overdue(today).is_some()
            || !books.late_fees_due(&state, today).is_empty();
        Ok(busy.then_some(l))
    })?;
    work.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let mut renderer: Option<Renderer> = None;
    let mut changes = Changes::new(format!("dunning run {today}"));
    let mut lines = Vec::new();
    let clerk = money::clerk(ctx);
    for mut ledger in work {
        let id = ledger.unit.clone();
        let fees = books.post_late_fees(&mut ledger, today, clerk)?;
        for (on, fee) in &fees {
            lines.push(format!(
                "{id}\t{}",
                match ctx.locale {
                    Locale::ZhCn => format!("滞纳金 {}（第{on}项，计至{today}）", fee.grouped()),
                    Locale::En =>
                        format!("late fee {} on entry {on} through {today}", fee.grouped()),
                }
            ));
        }
        let state = books.state(&ledger)?;
        let mut case = match cases.get(&id) {
            Some(c) => Some(c.clone()),
            None => ctx.store.load::<DunningCase>(&id)?,
        };
        let before = case.clone();
        let actions = dunning::advance(
            &mut case,
            &ledger,
            &state,
            rules,
            &ctx.settings.calendar,
            stamp(ctx),
        );
        for a in &actions {
            lines.push(format!("{id}\t{}", action_line(a, ctx.locale)));
        }
        if let Some(c) = case.as_mut() {
            // File the notices of the steps taken today that carry one.
            let new_steps: Vec<usize> = (0..c.steps.len())
                .filter(|&i| {
                    let s = &c.steps[i];
                    s.status == StepStatus::Taken
                        && s.notice.is_none()
                        && s.taken == Some(today)
                        && s.notice_name(rules).is_some()
                })
                .collect();
            if !new_steps.is_empty() {
                let unit: Unit = ctx.store.get(&id)?;
                if renderer.is_none() {
                    renderer = Some(Renderer::new(ctx.root())?);
                }
                let r = renderer.as_ref().expect("just built");
                for i in new_steps {
                    let name = c.steps[i]
                        .notice_name(rules)
                        .unwrap_or_default()
                        .to_string();
                    let path =
                        render_step_notice(ctx, r, &mut changes, &unit, &state, c, i, &name)?;
                    c.steps[i].notice = Some(crate::store::shown(&path));
                    lines.push(format!("{id}\t{}", crate::store::shown(&path)));
                }
            }
        }
        if !fees.is_empty() {
            changes.update(&ctx.store, &ledger)?;
        }
        if case != before
            && let Some(c) = &case
        {
            changes.update(&ctx.store, c)?;
        }
    }
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run && !lines.is_empty() {
        ctx.out.print(&(lines.join("\n") + "\n"))?;
    }
    Ok(())
}

const C_UNIT: Column = Column::new("unit", "单元", "Unit");
const C_PARTY: Column = Column::new("tenant", "租户", "Tenant");
const C_OVERDUE: Column = Column::new("overdue", "逾期金额", "Overdue");
const C_DAYS: Column = Column::new("days", "逾期天数", "Days");
const C_STEP: Column = Column::new("step", "当前步骤", "Step");
const C_NEXT: Column = Column::new("next", "下一步", "Next");
const C_NEXT_DATE: Column = Column::new("next_date", "日期", "On");

fn step_words(day: u32, action: &str, l: Locale) -> String {
    match l {
        Locale::ZhCn => format!("第{day}天 {}", dunning::words(action, l)),
        Locale::En => format!("day {day} {}", dunning::words(action, l)),
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let books = books(ctx);
    let rules = &ctx.settings.config.dunning;
    let cal = &ctx.settings.calendar;
    let l = ctx.locale;
    let parties = crate::cli::unit::parties_by_id(ctx)?;
    let mut cases: Vec<DunningCase> = ctx
        .store
        .load_all::<DunningCase>()?
        .into_iter()
        .filter(|c| c.status == CaseStatus::Open)
        .collect();
    cases.sort_by(|a, b| ids::natural_cmp(&a.unit, &b.unit));
    let mut rows = Vec::new();
    for c in cases {
        let ledger = ctx
            .store
            .load::<Ledger>(&c.unit)?
            .unwrap_or_else(|| Ledger::new(&c.unit));
        let state = books.state(&ledger)?;
        let unit = ctx.store.load::<Unit>(&c.unit)?;
        let tenant = unit
            .as_ref()
            .and_then(|u| u.occupant.as_ref().or(u.owner.as_ref()))
            .and_then(|id| parties.get(id))
            .map(|p| p.name.clone());
        let current = c.steps.last().map(|s| {
            let mut w = step_words(s.day, &s.action, l);
            if s.status == StepStatus::AwaitingApproval {
                w.push_str(match l {
                    Locale::ZhCn => "（待审批）",
                    Locale::En => " (awaiting approval)",
                });
            }
            w
        });
        let (next, next_date) = if let Some(s) = c.awaiting() {
            (
                Some(match l {
                    Locale::ZhCn => format!("{}审批", dunning::words(&s.who, l)),
                    Locale::En => format!("approval ({})", dunning::words(&s.who, l)),
                }),
                Some(s.due.to_string()),
            )
        } else if let Some(p) = c.open_promise() {
            (
                Some(match l {
                    Locale::ZhCn => format!("承诺付款 {}", p.amount.grouped()),
                    Locale::En => format!("promised {}", p.amount.grouped()),
                }),
                Some(p.until.to_string()),
            )
        } else {
            match c.next_steps(rules).next() {
                Some(row) => (
                    Some(step_words(row.day, &row.action, l)),
                    Some(rules.date_after(cal, c.since, row.day).to_string()),
                ),
                None => (None, None),
            }
        };
        let overdue = state.overdue_total(ctx.today);
        rows.push(vec![
            Cell::from(c.unit.as_str()),
            Cell::from(tenant),
            Cell::money(overdue),
            Cell::from(rules.days_after(cal, c.since, ctx.today)),
            Cell::from(current),
            Cell::from(next),
            Cell::from(next_date),
        ]);
    }
    let listing = Listing {
        columns: vec![
            C_UNIT,
            C_PARTY,
            C_OVERDUE,
            C_DAYS,
            C_STEP,
            C_NEXT,
            C_NEXT_DATE,
        ],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, l)?)
}

fn show(ctx: &Ctx, typed: &str) -> Result<()> {
    let id = ids::normalize_unit(typed)?;
    let case: DunningCase = ctx.store.get(&id)?;
    let l = ctx.locale;
    let steps: Vec<String> = case
        .steps
        .iter()
        .map(|s| {
            let mut w = format!(
                "{} ({}) {}",
                step_words(s.day, &s.action, l),
                dunning::words(&s.who, l),
                s.due
            );
            match s.status {
                StepStatus::AwaitingApproval => w.push_str(match l {
                    Locale::ZhCn => " 待审批",
                    Locale::En => " awaiting approval",
                }),
                StepStatus::Taken => {
                    if let Some(by) = &s.approved_by {
                        w.push_str(&format!(" ✓ {by}"));
                    }
                }
            }
            if let Some(n) = &s.notice {
                w.push_str(&format!(" {n}"));
            }
            if let (Some(d), Some(by)) = (s.signed, &s.signed_by) {
                w.push_str(&format!(" signed {d} {by}"));
            }
            w
        })
        .collect();
    let contacts: Vec<String> = case
        .contacts
        .iter()
        .map(|c| format!("{} {} {}: {}", c.date, c.by, c.channel.label(l), c.outcome))
        .collect();
    let promises: Vec<String> = case
        .promises
        .iter()
        .map(|p| {
            let status = match p.status {
                PromiseStatus::Open => "open",
                PromiseStatus::Kept => "kept",
                PromiseStatus::Broken => "broken",
                PromiseStatus::Replaced => "replaced",
            };
            format!("{} {} → {} ({status})", p.made, p.amount.grouped(), p.until)
        })
        .collect();
    let lines = |v: Vec<String>| Cell::from(Value::String(v.join("\n")));
    let sheet = Sheet {
        fields: vec![
            (C_UNIT, Cell::from(case.unit.as_str())),
            (
                Column::new("status", "状态", "Status"),
                Cell::from(match case.status {
                    CaseStatus::Open => "open",
                    CaseStatus::Closed => "closed",
                }),
            ),
            (
                Column::new("since", "欠费起始", "Overdue since"),
                Cell::from(case.since.to_string()),
            ),
            (Column::new("steps", "步骤", "Steps"), lines(steps)),
            (
                Column::new("contacts", "催缴记录", "Contacts"),
                lines(contacts),
            ),
            (
                Column::new("promises", "付款承诺", "Promises"),
                lines(promises),
            ),
        ],
        full: serde_json::to_value(&case).unwrap_or(Value::Null),
    };
    ctx.out.print(&sheet.render(ctx.format, l)?)
}

const A_0: Column = Column::new("days_0_30", "0-30天", "0-30 days");
const A_31: Column = Column::new("days_31_60", "31-60天", "31-60 days");
const A_61: Column = Column::new("days_61_90", "61-90天", "61-90 days");
const A_90: Column = Column::new("days_over_90", "90天以上", "Over 90 days");
const A_TOTAL: Column = Column::new("total", "合计", "Total");

fn aging_table(ctx: &Ctx) -> Result<()> {
    let books = books(ctx);
    let today = ctx.today;
    let mut ledgers = ctx
        .store
        .load_each(|l: Ledger| Ok(Some((aging(&books.state(&l)?, today), l.unit))))?;
    ledgers.sort_by(|a, b| ids::natural_cmp(&a.1, &b.1));
    let mut sums = [0i64; 5];
    let mut rows = Vec::new();
    let cell = Cell::money;
    for (b, unit) in ledgers {
        let total: i64 = b.iter().map(|m| m.minor()).sum();
        if total == 0 {
            continue;
        }
        for (s, m) in sums
            .iter_mut()
            .zip(b.iter().map(|m| m.minor()).chain([total]))
        {
            *s += m;
        }
        let mut row = vec![Cell::from(unit.as_str())];
        row.extend(b.into_iter().map(cell));
        row.push(cell(Money::from_minor(total)));
        rows.push(row);
    }
    let mut total_row = vec![Cell::total(ctx.locale)];
    total_row.extend(sums.map(Money::from_minor).into_iter().map(cell));
    rows.push(total_row);
    let listing = Listing {
        columns: vec![C_UNIT, A_0, A_31, A_61, A_90, A_TOTAL],
        rows,
    };
    ctx.out.print(&listing.render(ctx.format, ctx.locale)?)
}
