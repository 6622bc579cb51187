//! The language of what propdesk says and prints (zh-CN or en), and the forms of a
//! date in each: the model's, so that records, procedures and notices all use it
//! without reaching up to `office.toml`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The language of notices and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Locale {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Locale, String> {
        match s {
            "zh-CN" | "zh-cn" | "zh" => Ok(Locale::ZhCn),
            "en" | "en-US" | "en-GB" => Ok(Locale::En),
            other => Err(format!(
                "unknown locale {other:?}: expected \"zh-CN\" or \"en\""
            )),
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
