//! `propdesk report`: a month's figures from every procedure.

use chrono::Datelike;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::ledger::Ledger;
use crate::model::unit::Unit;
use crate::output::{Cell, Column, Format, Listing, Sheet};
use crate::procedure::dunning::DunningCase;
use crate::procedure::fees::accounts::Books;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::record::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::Ticket;
use crate::render::Renderer;
use crate::report::{self, Billing, Change, Period, Records, Report, counts, view};
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The month: 2026-11 (default: this month).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if ctx.format == Format::Ics {
        return Err(ctx
            .format
            .not_here("`report`", "table, json, yaml, csv or html"));
    }
    let month = match a.month.as_deref() {
        Some(m) => crate::cli::money::parse_month(m)?,
        None => ctx.today.with_day(1).unwrap_or(ctx.today),
    };
    let period = Period {
        month,
        today: ctx.today,
        now: ctx.stamp(),
    };
    if !period.begun() {
        return Err(Error::usage(format!(
            "report --month {}: the month has not begun (today is {})",
            month.format("%Y-%m"),
            ctx.today
        ))
        .with_hint("a report counts what happened: give this month or an earlier one"));
    }
    let report = build(ctx, period)?;
    let text = match ctx.format {
        Format::Json | Format::Yaml => {
            let full = serde_json::to_value(&report)
                .map_err(|e| Error::data(format!("cannot write the report: {e}")))?;
            Sheet {
                fields: Vec::new(),
                full,
            }
            .render(ctx.format, ctx.locale)?
        }
        Format::Csv => listing(&report, ctx).render(Format::Csv, ctx.locale)?,
        Format::Html => report::html::page(&report, ctx.locale, &Renderer::new(ctx.root())?)?,
        Format::Table | Format::Ics => table(&report, ctx)?,
    };
    ctx.out.print(&text)
}

/// Loads every record the report reads (each kind in parallel, each file once) and
/// computes the figures.
fn build(ctx: &Ctx, period: Period) -> Result<Report> {
    let s = &ctx.store;
    let books = crate::cli::money::books(ctx);
    let tz = ctx.settings.config.timezone.0;
    // Only the month's tickets are kept of the years of them read.
    let month_tickets = || {
        s.load_each(|t: Ticket| {
            Ok(crate::procedure::ticket::figures::counts_in(&t, period.month, tz).then_some(t))
        })
    };
    // Of the rest, only what counts in the month (or tells its occupancy) is kept.
    let permits = || s.load_each(|p: Permit| Ok(counts::permit(&p, period, tz).then_some(p)));
    let cases = || s.load_each(|c: DunningCase| Ok(counts::case(&c, period, tz).then_some(c)));
    // A move-in or move-out completed after the month is kept as the change it made
    // to its unit's occupancy.
    let through = period.through();
    let moveins = || {
        s.load_each(|m: MoveIn| {
            let change = Change::of_movein(&m, through);
            let kept = counts::movein(&m, period, tz).then(|| Box::new(m));
            Ok((kept.is_some() || change.is_some()).then_some((kept, change)))
        })
    };
    let moveouts = || {
        s.load_each(|m: MoveOut| {
            let change = Change::of_moveout(&m, through);
            let kept = counts::moveout(&m, period).then(|| Box::new(m));
            Ok((kept.is_some() || change.is_some()).then_some((kept, change)))
        })
    };
    let ((units, tickets), ((permits, money), ((cases, moveins), moveouts))) = rayon::join(
        || rayon::join(|| s.load_all::<Unit>(), month_tickets),
        || {
            rayon::join(
                || rayon::join(permits, || billing(s, &books, period)),
                || rayon::join(|| rayon::join(cases, moveins), moveouts),
            )
        },
    );
    let (units, tickets, permits, money) = (units?, tickets?, permits?, money?);
    let (cases, moveins, moveouts) = (cases?, moveins?, moveouts?);
    let changes: Vec<Change> = moveins
        .iter()
        .filter_map(|(_, c)| c.clone())
        .chain(moveouts.iter().filter_map(|(_, c)| c.clone()))
        .collect();
    let moveins: Vec<MoveIn> = moveins.into_iter().filter_map(|(m, _)| Some(*m?)).collect();
    let moveouts: Vec<MoveOut> = moveouts
        .into_iter()
        .filter_map(|(m, _)| Some(*m?))
        .collect();
    let records = Records {
        units: &units,
        tickets: &tickets,
        permits: &permits,
        ledgers: &[],
        billing: Some(&money),
        cases: &cases,
        moveins: &moveins,
        moveouts: &moveouts,
        changes: Some(&changes),
    };
    report::month_report(
        &records,
        &ctx.settings.config,
        &ctx.settings.calendar,
        period,
    )
}

/// The ledgers' money figures, each ledger read, replayed, counted and dropped.
fn billing(store: &Store, books: &Books, period: Period) -> Result<Billing> {
    let year = period.through().year();
    let parts = crate::cli::money::each_book(store, books, year, |l: Ledger| {
        Ok(Some(report::ledger_billing(&l, &books.state(&l)?, period)))
    })?;
    Ok(parts.into_iter().fold(Billing::default(), Billing::plus))
}

const FIGURE: Column = Column::new("figure", "项目", "Figure");
const VALUE: Column = Column::new("value", "数值", "Value");
const TARGET: Column = Column::new("target", "目标", "Target");

/// Every figure as one list: `section.figure`, value, target (for CSV).
fn listing(r: &Report, ctx: &Ctx) -> Listing {
    let rows = view::sections(r, ctx.locale)
        .into_iter()
        .flat_map(|s| {
            s.rows.into_iter().map(move |row| {
                vec![
                    Cell::shown_as(format!("{}.{}", s.key, row.key), row.label),
                    Cell::shown_as(row.value, row.shown),
                    Cell::from(row.target),
                ]
            })
        })
        .collect();
    Listing {
        columns: vec![FIGURE, VALUE, TARGET],
        rows,
    }
}

/// For people: the heading, then each section under its title.
fn table(r: &Report, ctx: &Ctx) -> Result<String> {
    let l = ctx.locale;
    let mut out = format!(
        "{} {}\n{}\n",
        r.office,
        view::title(r, l),
        view::counted_to(r, l)
    );
    for s in view::sections(r, l) {
        let with_target = s.rows.iter().any(|row| !row.target.is_empty());
        let mut columns = vec![FIGURE, VALUE];
        if with_target {
            columns.push(TARGET);
        }
        let rows = s
            .rows
            .into_iter()
            .map(|row| {
                let mut cells = vec![
                    Cell::from(row.label),
                    Cell::shown_as(Value::Null, row.shown),
                ];
                if with_target {
                    cells.push(Cell::from(row.target));
                }
                cells
            })
            .collect();
        out.push('\n');
        out.push_str(&format!("[{}]\n", s.title));
        out.push_str(&Listing { columns, rows }.render(Format::Table, l)?);
    }
    Ok(out)
}
