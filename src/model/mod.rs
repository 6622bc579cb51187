//! The office's shared record types and values: money, the calendar, IDs, the unit
//! and party registry, and the history every case record carries.

/// `FromStr` and `Display` for a field enum with `ALL`, `as_str()` (the stored word)
/// and `zh()` (the word in Chinese tables and spreadsheets; accepted on input too).
macro_rules! named_enum {
    ($t:ty, $what:literal) => {
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<$t, String> {
                let t = s.trim();
                let want = t.to_ascii_lowercase();
                <$t>::ALL
                    .into_iter()
                    .find(|v| v.as_str() == want || v.zh() == t)
                    .ok_or_else(|| {
                        let names: Vec<_> = <$t>::ALL.iter().map(|v| v.as_str()).collect();
                        format!("unknown {} {s:?}: expected {}", $what, names.join(", "))
                    })
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $t {
            /// The word for people in `locale`.
            pub fn label(self, locale: crate::model::locale::Locale) -> &'static str {
                match locale {
                    crate::model::locale::Locale::ZhCn => self.zh(),
                    crate::model::locale::Locale::En => self.as_str(),
                }
            }
        }
    };
}

pub mod amount_words;
pub mod calendar;
pub mod history;
pub mod ids;
pub mod ledger;
pub mod locale;
pub mod money;
pub mod office;
pub mod party;
pub mod plausible;
pub mod privacy;
pub mod record;
pub mod unit;
