//! `propdesk agenda [--days N] [--for ROLE]`: everything due or overdue on the day
//! (`--date`, else today), across every procedure, most urgent first. Nothing due
//! prints nothing, so cron mails nothing.

use crate::agenda::{self, Due, Item, Office, Role, Window, lateness, when_text};
use crate::context::Ctx;
use crate::error::Result;
use crate::messages::Say;
use crate::output::{Cell, Column, Format, Listing};
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::record::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::Ticket;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also what falls due in the next N days (default: today and what is overdue).
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=366))]
    pub days: u32,
    /// Only what one role acts on.
    #[arg(long = "for", value_name = "ROLE", value_enum)]
    pub role: Option<Role>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if ctx.format == Format::Html {
        return Err(ctx
            .format
            .not_here("`agenda`", "table, json, yaml, csv or ics"));
    }
    let store = &ctx.store;
    let w = window(ctx, a.days);
    // Ten years of records owe almost nothing today: each is dropped as soon as it is
    // read unless it puts something on the agenda.
    let sieve = agenda::Sieve {
        config: &ctx.settings.config,
        calendar: &ctx.settings.calendar,
        window: w,
    };
    let sieve = &sieve;
    let ((tickets, moveins), (permits, (cases, moveouts))) = rayon::join(
        || {
            rayon::join(
                || store.load_each(|t: Ticket| Ok(sieve.ticket(&t).then_some(t))),
                || store.load_each(|m: MoveIn| Ok(sieve.movein(&m).then_some(m))),
            )
        },
        || {
            rayon::join(
                || store.load_each(|p: Permit| Ok(sieve.permit(&p).then_some(p))),
                || {
                    rayon::join(
                        || store.load_each(|c: DunningCase| Ok(sieve.case(&c).then_some(c))),
                        || store.load_each(|m: MoveOut| Ok(sieve.moveout(&m).then_some(m))),
                    )
                },
            )
        },
    );
    let (tickets, moveins, mut permits, cases, moveouts) =
        (tickets?, moveins?, permits?, cases?, moveouts?);
    // A move-out's goods exit pass says whether the goods have left, even once the
    // pass itself owes nothing.
    for id in moveouts.iter().filter_map(|m| m.goods_exit.as_ref()) {
        if !permits.iter().any(|p| &p.id == id)
            && let Some(p) = store.load::<Permit>(id)?
        {
            permits.push(p);
        }
    }
    let office = Office {
        config: &ctx.settings.config,
        calendar: &ctx.settings.calendar,
        tickets: &tickets,
        moveins: &moveins,
        permits: &permits,
        cases: &cases,
        moveouts: &moveouts,
    };
    let items = agenda::agenda(&office, &w, a.role, ctx.locale);
    if items.is_empty() && matches!(ctx.format, Format::Table | Format::Csv) {
        return Ok(());
    }
    let text = match ctx.format {
        Format::Table => table(&items, &w, ctx).render(Format::Table, ctx.locale)?,
        Format::Ics => agenda::ics::calendar(&items, &w, &ctx.settings.config.name, ctx.locale),
        _ => full(&items, &w, ctx).render(ctx.format, ctx.locale)?,
    };
    ctx.out.print(&text)
}

/// The day looked at: `--now` when it falls on that day, else the start of the day
/// (`--date 2026-11-30` shows that day as it stands in the morning).
fn window(ctx: &Ctx, days: u32) -> Window {
    let tz = ctx.settings.config.timezone.0;
    let now = if ctx.now.date_naive() == ctx.today {
        ctx.now.fixed_offset()
    } else {
        agenda::local(tz, ctx.today, chrono::NaiveTime::MIN)
    };
    Window {
        today: ctx.today,
        last: ctx.today + chrono::Days::new(u64::from(days)),
        now,
        tz,
        closes: ctx.settings.calendar.rules().hours.closes(),
    }
}

const C_WHEN: Column = Column::new("due", "期限", "Due");
const C_WHAT: Column = Column::new("what", "事项", "What");
const C_RECORD: Column = Column::new("record", "记录", "Record");
const C_UNIT: Column = Column::new("unit", "单元", "Unit");
const C_WHO: Column = Column::new("who", "经办", "Who");
const C_LATE: Column = Column::new("late", "超时", "Late");

fn table(items: &[Item], w: &Window, ctx: &Ctx) -> Listing {
    let l = ctx.locale;
    let rows = items
        .iter()
        .map(|i| {
            let mark = if w.overdue(i.due) { "! " } else { "" };
            vec![
                Cell::from(format!("{mark}{}", when_text(w, i.due))),
                Cell::from(match l {
                    crate::model::locale::Locale::ZhCn => {
                        format!("{}：{}", i.kind.label(l), i.detail)
                    }
                    crate::model::locale::Locale::En => {
                        format!("{}: {}", i.kind.label(l), i.detail)
                    }
                }),
                Cell::from(i.record.as_str()),
                Cell::from(i.unit.as_str()),
                Cell::from(i.who.label(l)),
                Cell::from(lateness(w, i.due).say(l)),
            ]
        })
        .collect();
    Listing {
        columns: vec![C_WHEN, C_WHAT, C_RECORD, C_UNIT, C_WHO, C_LATE],
        rows,
    }
}

/// Every field, for scripts: the due time (RFC 3339, or the day), whether it is a
/// day's item, the kind's code, how late in days and (timed items) minutes.
fn full(items: &[Item], w: &Window, ctx: &Ctx) -> Listing {
    let l = ctx.locale;
    let rows = items
        .iter()
        .map(|i| {
            let (due, all_day) = match i.due {
                Due::At(t) => (t.to_rfc3339(), false),
                Due::Day(d) => (d.to_string(), true),
            };
            vec![
                Cell::from(due),
                Cell::from(serde_json::Value::from(all_day)),
                Cell::from(i.kind.as_str()),
                Cell::from(i.kind.label(l)),
                Cell::from(i.detail.as_str()),
                Cell::from(i.record.as_str()),
                Cell::from(i.unit.as_str()),
                Cell::from(i.who.as_str()),
                Cell::from(serde_json::Value::from(w.overdue(i.due))),
                Cell::from(serde_json::Value::from(w.days_late(i.due))),
                Cell::from(
                    w.minutes_late(i.due)
                        .map_or(serde_json::Value::Null, serde_json::Value::from),
                ),
                Cell::from(lateness(w, i.due).say(l)),
                Cell::from(i.uid()),
            ]
        })
        .collect();
    Listing {
        columns: vec![
            C_WHEN,
            Column::new("all_day", "全天", "All day"),
            Column::new("kind", "类别", "Kind"),
            Column::new("label", "名称", "Label"),
            Column::new("detail", "内容", "Detail"),
            C_RECORD,
            C_UNIT,
            C_WHO,
            Column::new("overdue", "已逾期", "Overdue"),
            Column::new("days_late", "逾期天数", "Days late"),
            Column::new("minutes_late", "超时分钟", "Minutes late"),
            C_LATE,
            Column::new("uid", "标识", "UID"),
        ],
        rows,
    }
}
