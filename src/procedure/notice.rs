//! What a notice is to the program: its name, its template and what it is for. Each
//! procedure lists its own notices in its `notices.rs` with [`notices!`], which also
//! builds their templates into the binary; the command line, the renderer and `check`
//! find them through [`all`]. Adding a notice to a procedure touches its `notices.rs`
//! and its templates, nothing else.

use crate::model::locale::Locale;

/// A notice the desk renders, files or hands out.
#[derive(Debug)]
pub struct NoticeDef {
    /// The name typed after `propdesk notice`: `work-order`.
    pub name: &'static str,
    /// The template under `templates/`, without locale and extension:
    /// `ticket/work-order`.
    pub template: &'static str,
    /// What it is, for `propdesk notice --help`.
    pub about: &'static str,
    /// The built-in templates: zh-CN text, zh-CN HTML, en text, en HTML.
    pub builtin: [&'static str; 4],
}

impl PartialEq for NoticeDef {
    fn eq(&self, other: &NoticeDef) -> bool {
        self.name == other.name
    }
}

impl NoticeDef {
    /// The built-in template files, by their name under `templates/`.
    pub fn files(&self) -> [(String, &'static str); 4] {
        let [zt, zh, et, eh] = self.builtin;
        let name = |locale: Locale, ext: &str| format!("{}.{}.{ext}", self.template, locale.code());
        [
            (name(Locale::ZhCn, "txt"), zt),
            (name(Locale::ZhCn, "html"), zh),
            (name(Locale::En, "txt"), et),
            (name(Locale::En, "html"), eh),
        ]
    }
}

/// One `pub static` per notice, each written `NAME = "name" => "template": "about"`,
/// with its four templates (`<template>.<zh-CN|en>.<txt|html>`) built in, and
/// `pub static NOTICES` listing them in the order `propdesk notice --help` shows them.
macro_rules! notices {
    ($($id:ident = $name:literal => $template:literal: $about:literal,)*) => {
        $(
            pub static $id: $crate::procedure::notice::NoticeDef =
                $crate::procedure::notice::NoticeDef {
                    name: $name,
                    template: $template,
                    about: $about,
                    builtin: [
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $template, ".zh-CN.txt")),
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $template, ".zh-CN.html")),
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $template, ".en.txt")),
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $template, ".en.html")),
                    ],
                };
        )*
        /// This procedure's notices, in the order `propdesk notice --help` lists them.
        pub static NOTICES: &[&$crate::procedure::notice::NoticeDef] = &[$(&$id),*];
    };
}

/// What every notice prints of the office: its name, its currency, and its profile
/// (`[office]`: the building, the service centre that signs, the desk, how to pay).
#[derive(Debug, Clone, Copy)]
pub struct Letterhead<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub profile: &'a crate::model::office::Profile,
}

impl Letterhead<'_> {
    /// The `office` every template gets: `name` (the letterhead), `building` and
    /// `service_centre` (each the name unless set), the desk's `address`, `phone` and
    /// `hours`, and how to pay: `payee`, `bank`, `account`, `methods` in words,
    /// `transfer` (whether transfers are taken) and `how_to_pay` (whether there is
    /// anything to say of it at all). Keys not filled in are empty text.
    pub fn values(&self, locale: Locale) -> serde_json::Value {
        let p = self.profile;
        let t = |s: &str| s.trim().to_string();
        let hours = p.hours(locale);
        let how_to_pay = [&p.payee, &p.bank, &p.account, &p.address, &p.phone]
            .iter()
            .any(|s| !s.trim().is_empty())
            || !hours.is_empty();
        serde_json::json!({
            "name": self.name,
            "building": p.building(self.name),
            "service_centre": p.service_centre(self.name),
            "address": t(&p.address),
            "phone": t(&p.phone),
            "hours": hours,
            "payee": t(&p.payee),
            "bank": t(&p.bank),
            "account": t(&p.account),
            "methods": p.methods_words(locale),
            "transfer": p.takes_transfers(),
            "how_to_pay": how_to_pay,
        })
    }
}

/// Which procedure a notice belongs to, and so which record it is rendered for: a unit
/// (fees, dunning), a receipt by its number, or a ticket, move-in, permit or move-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Fees,
    /// The fees' receipts: rendered for a receipt number.
    Receipt,
    Dunning,
    Ticket,
    MoveIn,
    Permit,
    MoveOut,
}

/// Every notice of every procedure, in the order the command line lists them.
pub fn all() -> impl Iterator<Item = (Owner, &'static NoticeDef)> {
    use super::{dunning, fees, movein, moveout, permit, ticket};
    let lists: [(Owner, &'static [&'static NoticeDef]); 7] = [
        (Owner::Fees, fees::notices::NOTICES),
        (Owner::Receipt, fees::receipts::NOTICES),
        (Owner::Dunning, dunning::notices::NOTICES),
        (Owner::Ticket, ticket::notices::NOTICES),
        (Owner::MoveIn, movein::notices::NOTICES),
        (Owner::Permit, permit::notices::NOTICES),
        (Owner::MoveOut, moveout::notices::NOTICES),
    ];
    lists
        .into_iter()
        .flat_map(|(owner, list)| list.iter().map(move |n| (owner, *n)))
}

/// The notice named `name`, and its procedure.
pub fn find(name: &str) -> Option<(Owner, &'static NoticeDef)> {
    all().find(|(_, n)| n.name == name)
}
