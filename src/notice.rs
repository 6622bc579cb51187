//! The notices propdesk can render, and the values each template gets.
//!
//! A notice is built from records and the date only (no clock, no machine), with
//! values pre-formatted for the locale, so the same records and date give the same
//! bytes. Personal data is masked unless `--reveal`.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::config::{Config, Locale};
use crate::error::Result;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::registry;
use crate::render::Style;
use crate::store::Store;

/// The notices, by the name typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Notice {
    /// A unit's contact sheet: the unit, its owner and occupant, their phones and
    /// emergency contacts.
    ContactSheet,
}

impl Notice {
    pub fn name(self) -> &'static str {
        match self {
            Notice::ContactSheet => "contact-sheet",
        }
    }

    /// The template, without locale and extension.
    pub fn template(self) -> &'static str {
        match self {
            Notice::ContactSheet => "unit/contact-sheet",
        }
    }
}

/// A date in the locale's words: `2026年11月23日`, `23 November 2026`.
pub fn long_date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Locale::En => d.format("%-d %B %Y").to_string(),
    }
}

/// Where a rendered notice is filed: `notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt`.
pub fn notice_path(
    date: NaiveDate,
    record: &str,
    notice: Notice,
    locale: Locale,
    style: Style,
) -> PathBuf {
    PathBuf::from("notices")
        .join(format!("{:04}", date.year()))
        .join(format!("{:02}", date.month()))
        .join(format!(
            "{}-{record}-{}.{}.{}",
            date.format("%Y%m%d"),
            notice.name(),
            locale.code(),
            style.ext()
        ))
}

/// The template values of the contact sheet of `unit`.
pub fn contact_sheet(
    store: &Store,
    config: &Config,
    unit_id: &str,
    date: NaiveDate,
    locale: Locale,
    reveal: bool,
) -> Result<tera::Context> {
    let unit: Unit = store.get(unit_id)?;
    let mut parties = HashMap::new();
    for id in [&unit.owner, &unit.occupant].into_iter().flatten() {
        if let Some(p) = store.load::<Party>(id)? {
            parties.insert(id.clone(), registry::masked(&p, reveal));
        }
    }
    let party = |id: &Option<String>| -> Value {
        let Some(p) = id.as_ref().and_then(|i| parties.get(i)) else {
            return Value::Null;
        };
        json!({
            "id": p.id,
            "name": p.name,
            "kind": p.kind.label(locale),
            "contact": p.contact,
            "phones": p.phones,
            "id_number": p.id_number,
            "emergency_contacts": p.emergency_contacts.iter().map(|c| json!({
                "name": c.name, "phone": c.phone, "relation": c.relation,
            })).collect::<Vec<_>>(),
        })
    };
    let mut c = tera::Context::new();
    c.insert("office", &json!({"name": config.name}));
    c.insert("date", &long_date(date, locale));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
            "status": unit.status.label(locale),
            "note": unit.note,
        }),
    );
    c.insert("owner", &party(&unit.owner));
    c.insert("occupant", &party(&unit.occupant));
    c.insert(
        "same_party",
        &(unit.owner.is_some() && unit.owner == unit.occupant),
    );
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_locale_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(long_date(d, Locale::ZhCn), "2026年11月3日");
        assert_eq!(long_date(d, Locale::En), "3 November 2026");
    }

    #[test]
    fn notices_are_filed_by_month_and_sort_by_date() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let p = notice_path(d, "A-1203", Notice::ContactSheet, Locale::ZhCn, Style::Html);
        assert_eq!(
            p,
            PathBuf::from("notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.html")
        );
    }
}
