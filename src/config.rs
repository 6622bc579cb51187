//! `office.toml`: the office's name, locale, time zone, currency, calendar, git
//! settings and the rules of every procedure.
//!
//! Every number from the procedure manuals is a setting with the manual's value as the
//! default compiled in here (each procedure's `Rules` struct owns its defaults), so an
//! office writes only what differs. Unknown keys and wrong types are errors naming the
//! key and the line: a typo must never silently fall back to a default.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::model::calendar::{Calendar, CalendarRules};
use crate::model::office::Profile;
use crate::procedure::dunning::DunningRules;
use crate::procedure::fees::billing::BillingRules;
use crate::procedure::movein::MoveInRules;
use crate::procedure::moveout::MoveOutRules;
use crate::procedure::permit::PermitRules;
use crate::procedure::ticket::TicketRules;

pub const FILE_NAME: &str = "office.toml";

/// The whole of `office.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The office's name, printed on every notice.
    pub name: String,
    /// Language of notices and tables: "zh-CN" or "en".
    #[serde(default)]
    pub locale: Locale,
    /// IANA time zone that decides what "today" is (never the machine's zone).
    #[serde(default)]
    pub timezone: OfficeTz,
    /// ISO 4217 currency code of every amount.
    #[serde(default)]
    pub currency: Currency,
    /// `[office]`: the building and service centre, the desk, how to pay.
    #[serde(default)]
    pub office: Profile,
    #[serde(default)]
    pub calendar: CalendarRules,
    #[serde(default)]
    pub git: GitRules,
    #[serde(default)]
    pub privacy: PrivacyRules,
    #[serde(default)]
    pub movein: MoveInRules,
    #[serde(default)]
    pub ticket: TicketRules,
    #[serde(default)]
    pub permit: PermitRules,
    #[serde(default)]
    pub billing: BillingRules,
    #[serde(default)]
    pub dunning: DunningRules,
    #[serde(default)]
    pub moveout: MoveOutRules,
    /// `[limits]`: the most one amount of each kind may be.
    #[serde(default)]
    pub limits: crate::model::plausible::Ceilings,
}

impl Config {
    /// What every notice prints of the office.
    pub fn letterhead(&self) -> crate::procedure::notice::Letterhead<'_> {
        crate::procedure::notice::Letterhead {
            name: &self.name,
            currency: &self.currency.0,
            profile: &self.office,
        }
    }

    /// The office's money rules, for posting to and reading ledgers.
    pub fn books<'a>(
        &'a self,
        calendar: &'a Calendar,
    ) -> crate::procedure::fees::accounts::Books<'a> {
        crate::procedure::fees::accounts::Books {
            billing: &self.billing,
            dunning: &self.dunning,
            locale: self.locale,
            calendar,
        }
    }

    /// A configuration with every default and the given name and locale.
    pub fn new(name: &str, locale: Locale) -> Config {
        Config {
            name: name.to_string(),
            locale,
            timezone: OfficeTz::default(),
            currency: Currency::default(),
            office: Profile::default(),
            calendar: CalendarRules::default(),
            git: GitRules::default(),
            privacy: PrivacyRules::default(),
            movein: MoveInRules::default(),
            ticket: TicketRules::default(),
            permit: PermitRules::default(),
            billing: BillingRules::default(),
            dunning: DunningRules::default(),
            moveout: MoveOutRules::default(),
            limits: crate::model::plausible::Ceilings::default(),
        }
    }
}

/// `[git]`: how changes are committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GitRules {
    /// Commit every change (as if `--commit` were given).
    pub auto_commit: bool,
    /// Author of propdesk's commits, "Name <email>", when neither the clerk (`--by`,
    /// `PROPDESK_USER`) nor git's own `user.name` / `user.email` say who.
    pub author: String,
    /// This desk's code, named in its commit messages (`[desk B] pay A-1203 ...`).
    pub desk: String,
    /// The desk that runs the office's once-a-day jobs (`bill run`, `dunning run`);
    /// empty: any desk. On another desk they do nothing and say so.
    pub runs_on: String,
    /// How `propdesk sync` takes the other desks' changes: "merge" or "rebase".
    pub sync: String,
}

impl Default for GitRules {
    fn default() -> Self {
        GitRules {
            auto_commit: false,
            author: "propdesk <propdesk@localhost>".to_string(),
            desk: String::new(),
            runs_on: String::new(),
            sync: "merge".to_string(),
        }
    }
}

/// `[privacy]`: where personal numbers (phones, ID numbers) may be written in full.
/// Everything printed shows them masked unless `--reveal` (which is logged); a notice
/// filed into `notices/` (kept in git) shows them masked unless its kind is listed
/// here, and never because of `--reveal`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacyRules {
    /// The notices (by name, as typed after `propdesk notice`) filed with phones and ID
    /// numbers in full, as `["contact-sheet"]`; empty (the default): none.
    pub full_numbers_in: Vec<String>,
}

impl PrivacyRules {
    /// Whether the notice named `notice` is filed with numbers in full.
    pub fn full_numbers_in(&self, notice: &str) -> bool {
        self.full_numbers_in.iter().any(|n| n == notice)
    }

    /// What is wrong with the section, if anything: a notice that does not exist.
    pub fn problem(&self) -> Option<String> {
        let known: Vec<&str> = crate::procedure::notice::all()
            .map(|(_, n)| n.name)
            .collect();
        let unknown = self
            .full_numbers_in
            .iter()
            .find(|n| !known.contains(&n.as_str()))?;
        Some(format!(
            "full_numbers_in: unknown notice {unknown:?}: expected one of {}",
            known.join(", ")
        ))
    }
}

pub use crate::model::locale::Locale;

/// The office's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeTz(pub chrono_tz::Tz);

impl Default for OfficeTz {
    fn default() -> Self {
        OfficeTz(chrono_tz::Asia::Shanghai)
    }
}

impl Serialize for OfficeTz {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl<'de> Deserialize<'de> for OfficeTz {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<OfficeTz, D::Error> {
        let name = String::deserialize(d)?;
        name.parse::<chrono_tz::Tz>().map(OfficeTz).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown time zone {name:?}: expected an IANA name like \"Asia/Shanghai\""
            ))
        })
    }
}

/// An ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency(pub String);

impl Default for Currency {
    fn default() -> Self {
        Currency("CNY".to_string())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Currency, D::Error> {
        let code = String::deserialize(d)?;
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(code))
        } else {
            Err(serde::de::Error::custom(format!(
                "invalid currency {code:?}: expected a three-letter ISO code like \"CNY\""
            )))
        }
    }
}

/// A loaded and validated configuration: the settings and what is built from them.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub calendar: Calendar,
}

/// Parses and validates `office.toml`. `shown` is the path to name in errors.
pub fn parse(text: &str, shown: &str) -> Result<Settings> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let message = e
            .span()
            .and_then(|span| wrong_type(e.message(), text, span))
            .unwrap_or_else(|| e.message().trim().to_string());
        let at = line.map_or_else(|| shown.to_string(), |l| format!("{shown}:{l}"));
        Error::usage(format!("{at}: {message}"))
            .with_hint("see the commented settings that `propdesk init` writes, or the README")
    })?;
    let calendar = Calendar::new(&config.calendar).map_err(|e| {
        let line = key_line(text, "calendar").map_or(String::new(), |l| format!(":{l}"));
        Error::usage(format!("{shown}{line}: [calendar]: {e}"))
    })?;
    if let Some(p) = config.office.problem() {
        let line = key_line_in(text, "office", "methods")
            .or_else(|| key_line(text, "office"))
            .map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [office] {p}")));
    }
    for kind in crate::model::plausible::AmountKind::ALL {
        if config.limits.of(kind).minor() <= 0 {
            let line =
                key_line_in(text, "limits", kind.key()).map_or(String::new(), |l| format!(":{l}"));
            return Err(Error::usage(format!(
                "{shown}{line}: [limits] {} = {}: expected an amount more than 0",
                kind.key(),
                config.limits.of(kind)
            )));
        }
    }
    if let Some(p) = config.privacy.problem() {
        let line = key_line_in(text, "privacy", "full_numbers_in")
            .or_else(|| key_line(text, "privacy"))
            .map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [privacy] {p}")));
    }
    if let Some(p) = config.billing.problem() {
        let line = key_line(text, "billing").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [billing] {p}")));
    }
    if let Some(p) = config.movein.problem() {
        let line = key_line(text, "movein").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [movein] {p}")));
    }
    if let Some(p) = config.ticket.problem() {
        let line = key_line(text, "ticket").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [ticket] {p}")));
    }
    if let Some(p) = config.dunning.problem() {
        let line = key_line(text, "dunning").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [dunning] {p}")));
    }
    if let Some(p) = config.permit.problem() {
        let line = key_line(text, "permit").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [permit] {p}")));
    }
    if let Some(p) = config.moveout.problem() {
        let line = key_line(text, "moveout").map_or(String::new(), |l| format!(":{l}"));
        return Err(Error::usage(format!("{shown}{line}: [moveout] {p}")));
    }
    Ok(Settings { config, calendar })
}

/// serde's "invalid type: string \"three\", expected u32" for the value at `span`,
/// said as `[movein] welcome_visit_days = "three": expected a whole number, like 3`:
/// the table, the key and the value as written, and what the key takes in words.
fn wrong_type(message: &str, text: &str, span: std::ops::Range<usize>) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let expected = rest.rsplit_once(", expected ")?.1.trim();
    let start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    // The key just before the value: `amount` in `fees = [{item = "x", amount = 5}]`.
    let before = text.get(start..span.start)?.trim_end().strip_suffix('=')?;
    let key = before
        .trim_end()
        .rsplit(['{', ',', '[', ' ', '\t'])
        .next()
        .filter(|k| !k.is_empty())?;
    let value = text
        .get(span)
        .filter(|v| !v.contains('\n') && v.len() <= 60);
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|t| format!("{} ", t.split(" #").next().unwrap_or(t).trim()));
    let words = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more, like 3",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number, like 3",
        "f32" | "f64" => "a number, like 2.5",
        "a string" | "a borrowed string" | "string" => "text in double quotes",
        "a boolean" => "true or false",
        "a sequence" => "a list in brackets, like [\"a\", \"b\"]",
        e if e.starts_with("struct ") || e == "a map" => "a table of `key = value` lines",
        e => e,
    };
    Some(match value {
        Some(v) => format!("{}{key} = {v}: expected {words}", table.unwrap_or_default()),
        None => format!("{}{key}: expected {words}", table.unwrap_or_default()),
    })
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line of a `[table]` header or a `key =` line, for errors found after parsing.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&format!("[{key}]"))
                || t.starts_with(&format!("{key} "))
                || t.starts_with(&format!("{key}="))
        })
        .map(|i| i + 1)
}

/// The office.toml `text` (as `propdesk init` writes it) with each key of `[office]`
/// written as `profile` has it, in place of the key's line, comments kept: how the
/// demo and the generated offices fill in their profile.
pub fn with_profile(text: &str, profile: &Profile) -> String {
    let Ok(toml::Value::Table(keys)) = toml::Value::try_from(profile) else {
        return text.to_string();
    };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (key, value) in keys {
        if let Some(n) = key_line_in(text, "office", &key) {
            lines[n - 1] = format!("{key} = {value}");
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The line of `key =` in the table `[table]` (a top-level table, not an array of
/// tables), for a problem with a key found after parsing.
pub fn key_line_in(text: &str, table: &str, key: &str) -> Option<usize> {
    let header = format!("[{table}]");
    let mut inside = false;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with('[') {
            inside = t.split('#').next().is_some_and(|h| h.trim() == header);
        } else if inside
            && t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, "office.toml").unwrap_err().message
    }

    #[test]
    fn a_name_alone_gives_every_default() {
        let s = parse("name = \"Tower\"\n", "office.toml").unwrap();
        assert_eq!(s.config, Config::new("Tower", Locale::ZhCn));
        assert_eq!(s.config.ticket.response_minutes.extra_urgent, 10);
        assert_eq!(s.config.ticket.callback_hours, 48);
        assert_eq!(s.config.permit.max_validity_months, 3);
        assert_eq!(s.config.moveout.notice_days, 10);
        assert_eq!(s.config.dunning.ladder[3].day, 4);
        assert_eq!(s.config.timezone.0, chrono_tz::Asia::Shanghai);
    }

    #[test]
    fn unknown_keys_are_errors_naming_key_and_line() {
        let m = err("name = \"T\"\n\n[ticket]\ncallback_hour = 24\n");
        assert!(m.starts_with("office.toml:4: "), "{m}");
        assert!(m.contains("callback_hour"), "{m}");
    }

    #[test]
    fn wrong_types_are_errors_naming_the_line() {
        let m = err("name = \"T\"\n[ticket.response_minutes]\nurgent = \"fifteen\"\n");
        assert!(m.starts_with("office.toml:3: "), "{m}");
        let m = err("name = \"T\"\ntimezone = \"Asia/Shangai\"\n");
        assert!(m.starts_with("office.toml:2: "), "{m}");
        assert!(m.contains("Asia/Shangai"), "{m}");
        let m = err("name = \"T\"\ncurrency = \"yuan\"\n");
        assert!(m.contains("\"yuan\""), "{m}");
        let m = err("name = \"T\"\nlocale = \"fr\"\n");
        assert!(m.starts_with("office.toml:2: "), "{m}");
        let m = err("name = \"T\"\n[permit]\nrenovation_deposit = \"5000.001\"\n");
        assert!(
            m.starts_with("office.toml:3: ") && m.contains("more than two decimals"),
            "{m}"
        );
    }

    #[test]
    fn a_wrong_type_names_the_table_and_key_in_words() {
        let m = err("name = \"T\"\n[movein]\nwelcome_visit_days = \"three\"\n");
        assert_eq!(
            m,
            "office.toml:3: [movein] welcome_visit_days = \"three\": expected a whole number of 0 or more, like 3"
        );
        let m = err("name = \"T\"\ncurrency = 12\n");
        assert_eq!(
            m,
            "office.toml:2: currency = 12: expected text in double quotes"
        );
    }

    #[test]
    fn a_missing_name_is_an_error() {
        let m = err("locale = \"en\"\n");
        assert!(m.contains("name"), "{m}");
    }

    #[test]
    fn the_ladder_must_be_in_day_order() {
        let m = err(
            "name = \"T\"\n[[dunning.ladder]]\nday = 4\naction = \"visit\"\nwho = \"w\"\n[[dunning.ladder]]\nday = 2\naction = \"visit\"\nwho = \"w\"\n",
        );
        assert!(m.contains("day 2 comes after day 4"), "{m}");
    }

    #[test]
    fn ladder_actions_and_notices_must_be_known() {
        let m = err("name = \"T\"\n[[dunning.ladder]]\nday = 4\naction = \"shout\"\nwho = \"w\"\n");
        assert!(m.contains("unknown action \"shout\""), "{m}");
        let m = err(
            "name = \"T\"\n[[dunning.ladder]]\nday = 4\naction = \"visit\"\nwho = \"w\"\nnotice = \"poem\"\n",
        );
        assert!(m.contains("unknown notice \"poem\""), "{m}");
    }

    #[test]
    fn a_fee_schedule_with_a_row_twice_is_refused_with_its_line() {
        let m = err(
            "name = \"T\"\n[billing]\ndue_day = 15\n[[billing.fees]]\nitem = \"parking\"\nuses = [\"parking\"]\namount = \"1\"\n[[billing.fees]]\nitem = \"parking\"\nuses = [\"parking\"]\namount = \"2\"\n",
        );
        assert!(m.starts_with("office.toml:2: [billing] fee 2"), "{m}");
        let m = err("name = \"T\"\n[billing]\nclearing_order = [\"rent\"]\n");
        assert!(m.contains("office.toml:3") && m.contains("rent"), "{m}");
    }

    #[test]
    fn the_office_profile_defaults_to_empty_with_every_method_taken() {
        let s = parse("name = \"远景大厦物业服务中心\"\n", "office.toml").unwrap();
        let p = &s.config.office;
        assert_eq!(p.building(&s.config.name), "远景大厦物业服务中心");
        assert_eq!(p.service_centre(&s.config.name), "远景大厦物业服务中心");
        assert!(p.address.is_empty() && p.payee.is_empty());
        assert_eq!(p.methods, crate::model::ledger::PayMethod::ALL);
    }

    #[test]
    fn the_office_profile_reads_names_desk_hours_and_how_to_pay() {
        let s = parse(
            "name = \"远景大厦物业服务中心\"\n[office]\nbuilding = \"远景大厦\"\nservice_centre = \"远景大厦物业服务中心\"\naddress = \"北京市朝阳区建国路88号\"\nphone = \"010-6588 1234\"\nweekday_hours = \"08:30-18:00\"\nweekend_hours = \"09:00-17:00\"\npayee = \"北京远景物业管理有限公司\"\nbank = \"中国工商银行北京国贸支行\"\naccount = \"0200 0012 0900 1234 567\"\nmethods = [\"transfer\", \"cash\"]\n",
            "office.toml",
        )
        .unwrap();
        let p = &s.config.office;
        assert_eq!(p.building(&s.config.name), "远景大厦");
        assert_eq!(p.weekday_hours.to_string(), "08:30-18:00");
        assert_eq!(p.weekend_hours.to_string(), "09:00-17:00");
        assert_eq!(p.account, "0200 0012 0900 1234 567");
        assert!(p.unfilled().is_empty());
        assert_eq!(p.methods_words(Locale::ZhCn), "转账、现金");
    }

    #[test]
    fn a_wrong_office_profile_names_the_key_and_what_it_takes() {
        let m = err("name = \"T\"\n[office]\nphone = 65881234\n");
        assert_eq!(
            m,
            "office.toml:3: [office] phone = 65881234: expected text in double quotes"
        );
        let m = err("name = \"T\"\n\n[office]\nweekend_hours = \"9-17\"\n");
        assert_eq!(
            m,
            "office.toml:4: [office] weekend_hours = \"9-17\": expected opening hours like \"08:30-18:00\" (opening before closing), \"closed\", or \"\""
        );
        let m = err("name = \"T\"\n[office]\nmethods = [\"cash\", \"wechat\"]\n");
        assert_eq!(
            m,
            "office.toml:3: [office] methods = [\"cash\", \"wechat\"]: expected only cash, transfer, card or cheque, not \"wechat\""
        );
        let m = err("name = \"T\"\n[office]\nadress = \"x\"\n");
        assert!(
            m.starts_with("office.toml:3: unknown field `adress`, expected one of `building`"),
            "{m}"
        );
        let m = err("name = \"T\"\n[office]\npayee = \"p\"\nmethods = []\n");
        assert_eq!(
            m,
            "office.toml:4: [office] methods is empty: expected at least one of cash, transfer, card, cheque"
        );
        let m = err("name = \"T\"\n[office]\nweekday_hours = { from = \"09:00\" }\n");
        assert!(
            m.starts_with("office.toml:3: [office] weekday_hours"),
            "{m}"
        );
    }

    #[test]
    fn full_numbers_are_in_no_notice_unless_listed_and_only_known_notices_are() {
        let s = parse("name = \"T\"\n", "office.toml").unwrap();
        assert!(s.config.privacy.full_numbers_in.is_empty());
        assert!(!s.config.privacy.full_numbers_in("contact-sheet"));
        let s = parse(
            "name = \"T\"\n[privacy]\nfull_numbers_in = [\"contact-sheet\"]\n",
            "office.toml",
        )
        .unwrap();
        assert!(s.config.privacy.full_numbers_in("contact-sheet"));
        assert!(!s.config.privacy.full_numbers_in("work-order"));
        let m = err(
            "name = \"T\"\n\n[privacy]\nfull_numbers_in = [\"contact-sheet\", \"phone-book\"]\n",
        );
        assert!(
            m.starts_with(
                "office.toml:4: [privacy] full_numbers_in: unknown notice \"phone-book\": expected one of contact-sheet, "
            ),
            "{m}"
        );
        let m = err("name = \"T\"\n[privacy]\nfull_numbers = []\n");
        assert!(
            m.starts_with("office.toml:3: unknown field `full_numbers`"),
            "{m}"
        );
        let m = err("name = \"T\"\n[privacy]\nfull_numbers_in = \"contact-sheet\"\n");
        assert!(
            m.starts_with(
                "office.toml:3: [privacy] full_numbers_in = \"contact-sheet\": expected a list"
            ),
            "{m}"
        );
    }

    #[test]
    fn a_calendar_without_working_days_is_refused() {
        let m = err("name = \"T\"\n[calendar]\nworking_days = []\n");
        assert!(m.starts_with("office.toml:2: [calendar]"), "{m}");
    }
}
