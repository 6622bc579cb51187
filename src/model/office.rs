//! `[office]` in `office.toml`: the office as its tenants know it. The building or
//! estate the manuals name ("欢迎您入驻远景大厦"), the service centre that signs the
//! notices, where the desk is, its phone and opening hours, and how to pay: the payee,
//! the bank and account for transfers, and the ways the desk takes money.
//!
//! Every key may be left empty. The building and the service centre then read as the
//! office's `name`; the rest is simply not printed, and `propdesk check` warns about
//! each key a tenant would need to pay ([`Profile::unfilled`]) until it is filled in.

use std::fmt;

use serde::de::{self, Unexpected};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::calendar::WorkingHours;
use crate::model::ledger::PayMethod;
use crate::model::locale::Locale;

/// `[office]`: names, the desk, and how to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// The building or estate, as the notices name it ("入驻远景大厦"); empty: the
    /// office's `name`.
    pub building: String,
    /// The service centre that signs the notices ("远景大厦物业服务中心"); empty: the
    /// office's `name`.
    pub service_centre: String,
    /// Where the desk is: where to pay in person.
    pub address: String,
    /// The desk's phone.
    pub phone: String,
    /// The desk's opening hours Monday to Friday.
    pub weekday_hours: DeskHours,
    /// The desk's opening hours on Saturday and Sunday.
    pub weekend_hours: DeskHours,
    /// Who the money is paid to (收款单位): the management company.
    pub payee: String,
    /// The payee's bank and branch (开户银行), for transfers.
    pub bank: String,
    /// The payee's account number (账号), for transfers.
    pub account: String,
    /// The ways the desk takes money.
    #[serde(deserialize_with = "methods")]
    pub methods: Vec<PayMethod>,
    /// The first date a record may hold (a lease signed, a charge due): anything
    /// earlier typed or written is a slip, refused or reported.
    pub earliest: chrono::NaiveDate,
    /// The last date a record may hold.
    pub horizon: chrono::NaiveDate,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            building: String::new(),
            service_centre: String::new(),
            address: String::new(),
            phone: String::new(),
            weekday_hours: DeskHours::NotSaid,
            weekend_hours: DeskHours::NotSaid,
            payee: String::new(),
            bank: String::new(),
            account: String::new(),
            methods: PayMethod::ALL.to_vec(),
            earliest: crate::model::plausible::default_earliest(),
            horizon: crate::model::plausible::default_horizon(),
        }
    }
}

/// The keys of `[office]` a tenant needs to pay, as `check` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Address,
    Phone,
    WeekdayHours,
    WeekendHours,
    Payee,
    Bank,
    Account,
}

impl Key {
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Address => "address",
            Key::Phone => "phone",
            Key::WeekdayHours => "weekday_hours",
            Key::WeekendHours => "weekend_hours",
            Key::Payee => "payee",
            Key::Bank => "bank",
            Key::Account => "account",
        }
    }
}

impl Profile {
    /// The building's name: `building`, else the office's `name`.
    pub fn building<'a>(&'a self, name: &'a str) -> &'a str {
        or(&self.building, name)
    }

    /// The service centre's name: `service_centre`, else the office's `name`.
    pub fn service_centre<'a>(&'a self, name: &'a str) -> &'a str {
        or(&self.service_centre, name)
    }

    /// Whether the desk takes bank transfers, so the bank and account are needed.
    pub fn takes_transfers(&self) -> bool {
        self.methods.contains(&PayMethod::Transfer)
    }

    /// The keys still empty that the notices asking for money need: where and when
    /// to pay, and to whom (the bank and account only if the desk takes transfers).
    pub fn unfilled(&self) -> Vec<Key> {
        let empty = |s: &str| s.trim().is_empty();
        let mut out = Vec::new();
        for (key, missing) in [
            (Key::Address, empty(&self.address)),
            (Key::Phone, empty(&self.phone)),
            (Key::WeekdayHours, self.weekday_hours == DeskHours::NotSaid),
            (Key::WeekendHours, self.weekend_hours == DeskHours::NotSaid),
            (Key::Payee, empty(&self.payee)),
            (Key::Bank, self.takes_transfers() && empty(&self.bank)),
            (Key::Account, self.takes_transfers() && empty(&self.account)),
        ] {
            if missing {
                out.push(key);
            }
        }
        out
    }

    /// What is wrong with the profile as a whole, if anything, naming the key.
    pub fn problem(&self) -> Option<String> {
        if self.earliest >= self.horizon {
            return Some(format!(
                "earliest {} is not before horizon {}: expected the span of dates the office's records may hold, like 2000-01-01 and 2100-12-31",
                self.earliest, self.horizon
            ));
        }
        let all: Vec<&str> = PayMethod::ALL.iter().map(|m| m.as_str()).collect();
        if self.methods.is_empty() {
            return Some(format!(
                "methods is empty: expected at least one of {}",
                all.join(", ")
            ));
        }
        for (i, m) in self.methods.iter().enumerate() {
            if self.methods[..i].contains(m) {
                return Some(format!("methods lists {m} twice"));
            }
        }
        None
    }
}

impl Profile {
    /// The dates a record may hold.
    pub fn span(&self) -> crate::model::plausible::Span {
        crate::model::plausible::Span {
            earliest: self.earliest,
            horizon: self.horizon,
        }
    }

    /// The desk's opening hours in `locale`'s words: "周一至周五 08:30–18:00，周六、周日
    /// 09:00–17:00", "Mon–Fri 08:30–18:00, Sat–Sun 09:00–17:00"; empty if not said.
    pub fn hours(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let open = |h: &WorkingHours| {
            format!(
                "{}–{}",
                h.opens().format("%H:%M"),
                h.closes().format("%H:%M")
            )
        };
        let (weekdays, weekends, daily) = match locale {
            Locale::ZhCn => ("周一至周五", "周六、周日", "每天"),
            Locale::En => ("Mon–Fri", "Sat–Sun", "Daily"),
        };
        let part = |days: &str, h: DeskHours| match h {
            DeskHours::NotSaid => None,
            DeskHours::Open(h) => Some(format!("{days} {}", open(&h))),
            DeskHours::Closed if zh => Some(format!("{days}休息")),
            DeskHours::Closed => Some(format!("closed {days}")),
        };
        if let (DeskHours::Open(a), DeskHours::Open(b)) = (self.weekday_hours, self.weekend_hours)
            && a == b
        {
            return format!("{daily} {}", open(&a));
        }
        let parts: Vec<String> = [
            part(weekdays, self.weekday_hours),
            part(weekends, self.weekend_hours),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(if zh { "，" } else { ", " })
    }

    /// The ways the desk takes money in `locale`'s words: "现金、转账", "cash, transfer".
    pub fn methods_words(&self, locale: Locale) -> String {
        let words: Vec<&str> = self.methods.iter().map(|m| m.label(locale)).collect();
        words.join(match locale {
            Locale::ZhCn => "、",
            Locale::En => ", ",
        })
    }
}

fn or<'a>(own: &'a str, name: &'a str) -> &'a str {
    match own.trim() {
        "" => name,
        own => own,
    }
}

/// The desk's hours on a kind of day: open from to, closed, or not said (empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskHours {
    NotSaid,
    Closed,
    Open(WorkingHours),
}

impl fmt::Display for DeskHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeskHours::NotSaid => Ok(()),
            DeskHours::Closed => f.write_str("closed"),
            DeskHours::Open(h) => h.fmt(f),
        }
    }
}

const HOURS_EXPECTED: &str =
    "opening hours like \"08:30-18:00\" (opening before closing), \"closed\", or \"\"";

impl Serialize for DeskHours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeskHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DeskHours, D::Error> {
        let s = String::deserialize(d)?;
        match s.trim() {
            "" => Ok(DeskHours::NotSaid),
            t if t.eq_ignore_ascii_case("closed") => Ok(DeskHours::Closed),
            t => t
                .parse::<WorkingHours>()
                .map(DeskHours::Open)
                .map_err(|_| de::Error::invalid_value(Unexpected::Str(&s), &HOURS_EXPECTED)),
        }
    }
}

/// `methods = ["cash", "transfer"]`: each a payment method, else an error naming the
/// value and the methods there are.
fn methods<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PayMethod>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    names
        .iter()
        .map(|n| {
            n.parse::<PayMethod>().map_err(|_| {
                let expected = format!("only cash, transfer, card or cheque, not {n:?}");
                de::Error::invalid_value(Unexpected::Str(n), &expected.as_str())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Profile, String> {
        toml::from_str(text).map_err(|e| e.message().to_string())
    }

    #[test]
    fn nothing_said_is_every_key_empty_and_every_method_taken() {
        let p = parse("").unwrap();
        assert_eq!(p, Profile::default());
        assert_eq!(p.building("远景大厦物业服务中心"), "远景大厦物业服务中心");
        assert_eq!(p.service_centre("T"), "T");
        assert_eq!(p.methods, PayMethod::ALL);
        assert_eq!(
            p.unfilled(),
            [
                Key::Address,
                Key::Phone,
                Key::WeekdayHours,
                Key::WeekendHours,
                Key::Payee,
                Key::Bank,
                Key::Account
            ]
        );
    }

    #[test]
    fn weekday_and_weekend_hours_may_differ_or_the_desk_close() {
        let p =
            parse("weekday_hours = \"08:30-18:00\"\nweekend_hours = \"09:00-17:00\"\n").unwrap();
        assert_eq!(p.weekday_hours.to_string(), "08:30-18:00");
        assert_eq!(p.weekend_hours.to_string(), "09:00-17:00");
        let p = parse("weekday_hours = \"08:30-18:00\"\nweekend_hours = \"Closed\"\n").unwrap();
        assert_eq!(p.weekend_hours, DeskHours::Closed);
        for bad in ["8:30", "18:00-08:30", "mornings"] {
            let e = parse(&format!("weekday_hours = \"{bad}\"\n")).unwrap_err();
            assert!(e.contains(bad) && e.contains("\"08:30-18:00\""), "{e}");
        }
    }

    #[test]
    fn hours_read_as_each_locale_writes_them() {
        let hours = |wd: &str, we: &str| {
            parse(&format!(
                "weekday_hours = \"{wd}\"\nweekend_hours = \"{we}\"\n"
            ))
            .unwrap()
        };
        let p = hours("08:30-18:00", "09:00-17:00");
        assert_eq!(
            p.hours(Locale::ZhCn),
            "周一至周五 08:30–18:00，周六、周日 09:00–17:00"
        );
        assert_eq!(
            p.hours(Locale::En),
            "Mon–Fri 08:30–18:00, Sat–Sun 09:00–17:00"
        );
        let p = hours("08:30-18:00", "closed");
        assert_eq!(
            p.hours(Locale::ZhCn),
            "周一至周五 08:30–18:00，周六、周日休息"
        );
        assert_eq!(p.hours(Locale::En), "Mon–Fri 08:30–18:00, closed Sat–Sun");
        let p = hours("09:00-17:00", "09:00-17:00");
        assert_eq!(p.hours(Locale::ZhCn), "每天 09:00–17:00");
        assert_eq!(p.hours(Locale::En), "Daily 09:00–17:00");
        assert_eq!(
            hours("08:30-18:00", "").hours(Locale::En),
            "Mon–Fri 08:30–18:00"
        );
        assert_eq!(hours("", "").hours(Locale::ZhCn), "");
    }

    #[test]
    fn names_fall_back_to_the_office_name_when_blank() {
        let p = parse("building = \"  \"\nservice_centre = \"远景大厦物业服务中心\"\n").unwrap();
        assert_eq!(p.building("远景"), "远景");
        assert_eq!(p.service_centre("远景"), "远景大厦物业服务中心");
    }

    #[test]
    fn bank_and_account_are_needed_only_by_a_desk_taking_transfers() {
        let p = parse(
            "address = \"a\"\nphone = \"1\"\nweekday_hours = \"09:00-17:00\"\nweekend_hours = \"closed\"\npayee = \"p\"\nmethods = [\"cash\", \"card\"]\n",
        )
        .unwrap();
        assert_eq!(p.unfilled(), []);
        let p = parse("methods = [\"transfer\"]\nbank = \"b\"\n").unwrap();
        assert!(p.unfilled().contains(&Key::Account));
        assert!(!p.unfilled().contains(&Key::Bank));
    }

    #[test]
    fn methods_are_known_listed_once_and_at_least_one() {
        let e = parse("methods = [\"cash\", \"wechat\"]\n").unwrap_err();
        assert!(
            e.contains("\"wechat\"") && e.contains("cash, transfer"),
            "{e}"
        );
        let p = parse("methods = []\n").unwrap();
        assert!(p.problem().unwrap().contains("at least one"));
        let p = parse("methods = [\"cash\", \"cash\"]\n").unwrap();
        assert_eq!(p.problem().unwrap(), "methods lists cash twice");
        // The Chinese words are taken too, as everywhere a method is typed.
        let p = parse("methods = [\"现金\", \"转账\"]\n").unwrap();
        assert_eq!(p.methods, [PayMethod::Cash, PayMethod::Transfer]);
    }
}
