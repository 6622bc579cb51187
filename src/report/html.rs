//! The report as one printable A4 page (`report --format html`): the headline
//! figures, four charts as inline SVG (rates against their targets, arrears by age,
//! the month's collection, tickets by kind) and every section's figures.
//!
//! The page is the template `report/monthly.<locale>.html` (built in; an office may
//! override it, or its letterhead `base.<locale>.html`, in its `templates/`). Values
//! reach the template as text and are escaped by it; the charts are SVG made here with
//! every text escaped. No clock is read: the same records and date give the same bytes.

use serde::Serialize;

use crate::error::Result;
use crate::model::locale::Locale;
use crate::render::{Renderer, Style};

use super::svg::{self, Bar};
use super::{Report, view};

/// The template of the page, without locale and extension.
pub const TEMPLATE: &str = "report/monthly";

#[derive(Debug, Serialize)]
struct Office<'a> {
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct Figure {
    label: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct Line {
    key: String,
    label: String,
    value: String,
    target: String,
    missed: bool,
}

#[derive(Debug, Serialize)]
struct Part {
    key: &'static str,
    title: &'static str,
    rows: Vec<Line>,
}

#[derive(Debug, Serialize)]
struct Chart {
    key: &'static str,
    svg: String,
}

/// A target's name for a chart: 回访率, Callback rate.
fn target_label(t: &crate::procedure::ticket::figures::Target, l: Locale) -> String {
    match l {
        Locale::ZhCn => t.zh.to_string(),
        Locale::En => {
            let mut c = t.name.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        }
    }
}

/// The page's charts, in order: `rates`, `aging`, `collection`, `kinds`.
pub fn charts(r: &Report, l: Locale) -> Vec<(&'static str, String)> {
    let zh = l == Locale::ZhCn;
    let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
    let t = &r.tickets;
    let permille = |p: Option<u32>| p.map(i64::from);
    let rate_bar = |label: &str, rate: crate::procedure::ticket::figures::Rate| {
        Bar::new(
            label,
            permille(rate.permille()),
            view::percent(rate.permille()),
        )
    };
    let mut rates = vec![
        rate_bar(pick("到场及时率", "Response on time"), t.response_on_time),
        rate_bar(
            pick("完工按时率", "Completion on time"),
            t.completion_on_time,
        ),
    ];
    for target in &t.targets {
        rates.push(
            rate_bar(&target_label(target, l), target.actual)
                .target(Some(i64::from(target.target_percent) * 10)),
        );
    }
    rates.push(rate_bar(
        pick("投诉答复及时率", "Complaint replies"),
        t.complaint_replies_on_time,
    ));
    let rates = svg::hbars(
        pick(
            "及时率、回访率与满意率",
            "On-time, callback and satisfaction rates",
        ),
        &rates,
        1000,
        Some(pick("红线：目标", "red line: the target")),
    );

    let a = &r.billing.arrears;
    let aging: Vec<Bar> = view::bucket_labels(l)
        .iter()
        .zip(a.buckets())
        .map(|(label, m)| Bar::new(*label, Some(m.minor()), m.grouped()))
        .collect();
    let aging = svg::vbars(
        &match l {
            Locale::ZhCn => format!("欠费账龄 {}（截至{}）", a.total.grouped(), r.through),
            Locale::En => format!("Arrears by age {} (at {})", a.total.grouped(), r.through),
        },
        &aging,
        0,
        pick("无逾期欠费", "Nothing overdue"),
    );

    let c = &r.billing.collection;
    let amount =
        |label: &str, m: crate::model::money::Money| Bar::new(label, Some(m.minor()), m.grouped());
    let collection = svg::hbars(
        &format!(
            "{} {}",
            pick("本月到期应收与收缴率", "Due in the month and collected"),
            view::share(c.rate)
        ),
        &[
            amount(pick("到期应收", "Charged"), c.charged),
            amount(pick("减免冲减", "Forgiven"), c.forgiven),
            amount(pick("已收", "Collected"), c.collected),
            amount(pick("未收", "Outstanding"), c.outstanding),
        ],
        c.charged.minor(),
        None,
    );

    let kinds: Vec<Bar> = crate::procedure::ticket::Kind::ALL
        .iter()
        .map(|k| {
            let n = t.by_kind.get(k.as_str()).copied().unwrap_or(0);
            Bar::new(k.label(l), Some(i64::from(n)), n.to_string())
        })
        .collect();
    let kinds = svg::vbars(
        &format!("{} {}", pick("工单分类", "Tickets by kind"), t.tickets),
        &kinds,
        0,
        pick("本月无工单", "No tickets"),
    );
    vec![
        ("rates", rates),
        ("aging", aging),
        ("collection", collection),
        ("kinds", kinds),
    ]
}

/// Figures the charts show with their values, left out of the page's tables so that
/// the page stays one sheet: tickets by kind, the aging buckets, the collection's parts.
fn charted(section: &str, key: &str) -> bool {
    match section {
        "tickets" => key.starts_with("kind:"),
        "arrears" => key.starts_with("days_"),
        "billing" => matches!(
            key,
            "collection_due" | "collection_collected" | "collection_outstanding"
        ),
        _ => false,
    }
}

/// The values the page template gets.
pub fn context(r: &Report, l: Locale) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("office", &Office { name: &r.office });
    c.insert("title", &view::title(r, l));
    c.insert("period", &view::counted_to(r, l));
    c.insert("month", &r.month);
    c.insert("currency", &r.currency);
    let headline: Vec<Figure> = view::headline(r, l)
        .into_iter()
        .map(|(label, value)| Figure { label, value })
        .collect();
    c.insert("headline", &headline);
    let parts: Vec<Part> = view::sections(r, l)
        .into_iter()
        .map(|s| Part {
            key: s.key,
            title: s.title,
            rows: s
                .rows
                .into_iter()
                .filter(|row| !charted(s.key, &row.key))
                .map(|row| Line {
                    key: format!("{}.{}", s.key, row.key),
                    label: row.label,
                    value: row.shown,
                    target: row.target,
                    missed: row.met == Some(false),
                })
                .collect(),
        })
        .collect();
    c.insert("sections", &parts);
    let charts: Vec<Chart> = charts(r, l)
        .into_iter()
        .map(|(key, svg)| Chart { key, svg })
        .collect();
    c.insert("charts", &charts);
    c
}

/// The printable page.
pub fn page(r: &Report, l: Locale, renderer: &Renderer) -> Result<String> {
    renderer.render(TEMPLATE, l, Style::Html, &context(r, l))
}
