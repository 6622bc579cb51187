//! Notices on file: where a rendered notice is filed and whose language it speaks.
//! Which notices there are, and the values each template gets, are the procedures'
//! (`procedure::<name>::notices`, found through [`crate::procedure::notice`]). A
//! notice is built from records and the date only (no clock, no machine), so the same
//! records and date give the same bytes. Personal data is masked unless `--reveal`.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::model::locale::Locale;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::notice::NoticeDef;
use crate::render::Style;
use crate::store::Store;

pub use crate::model::locale::long_date;
pub use crate::procedure::notice::{Owner, find};

/// The folder of filed notices.
pub const DIR: &str = "notices";

/// Where a rendered notice is filed: `notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt`.
pub fn notice_path(
    date: NaiveDate,
    record: &str,
    notice: &NoticeDef,
    locale: Locale,
    style: Style,
) -> PathBuf {
    PathBuf::from(DIR)
        .join(format!("{:04}", date.year()))
        .join(format!("{:02}", date.month()))
        .join(format!(
            "{}-{record}-{}.{}.{}",
            date.format("%Y%m%d"),
            notice.name,
            locale.code(),
            style.ext()
        ))
}

/// The party a unit's bills go to: the occupant, else the owner.
pub fn billed_party(store: &Store, unit: &Unit) -> Result<Option<Party>> {
    match unit.billed_to() {
        Some(id) => store.load::<Party>(id),
        None => Ok(None),
    }
}

/// The language of a notice to `party`: `--locale` if given, else the party's own,
/// else the office's.
pub fn locale_for(flag: Option<Locale>, party: Option<&Party>, office: Locale) -> Locale {
    flag.or(party.and_then(|p| p.language)).unwrap_or(office)
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
        let sheet = &crate::procedure::fees::notices::CONTACT_SHEET;
        let p = notice_path(d, "A-1203", sheet, Locale::ZhCn, Style::Html);
        assert_eq!(
            p,
            PathBuf::from("notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.html")
        );
    }
}
