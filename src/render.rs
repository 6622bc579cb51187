//! Notices: Tera templates built into the binary from the repository's `templates/`,
//! overridden by the office's own `templates/` file of the same name.
//!
//! A notice is `templates/<procedure>/<notice>.<locale>.<txt|html>`; HTML notices
//! extend `base.<locale>.html` (a printable A4 page) and are escaped. Templates get
//! pre-formatted values only (dates in the locale's words, amounts as text), and no
//! clock: the same records and date render the same bytes.

use std::path::Path;

use tera::Tera;

use crate::error::{Error, Result};
use crate::model::locale::Locale;

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "base.zh-CN.html",
        include_str!("../templates/base.zh-CN.html"),
    ),
    ("base.en.html", include_str!("../templates/base.en.html")),
    (
        "unit/contact-sheet.zh-CN.txt",
        include_str!("../templates/unit/contact-sheet.zh-CN.txt"),
    ),
    (
        "unit/contact-sheet.en.txt",
        include_str!("../templates/unit/contact-sheet.en.txt"),
    ),
    (
        "unit/contact-sheet.zh-CN.html",
        include_str!("../templates/unit/contact-sheet.zh-CN.html"),
    ),
    (
        "unit/contact-sheet.en.html",
        include_str!("../templates/unit/contact-sheet.en.html"),
    ),
    (
        "ledger/payment-notice.zh-CN.txt",
        include_str!("../templates/ledger/payment-notice.zh-CN.txt"),
    ),
    (
        "ledger/payment-notice.zh-CN.html",
        include_str!("../templates/ledger/payment-notice.zh-CN.html"),
    ),
    (
        "ledger/payment-notice.en.txt",
        include_str!("../templates/ledger/payment-notice.en.txt"),
    ),
    (
        "ledger/payment-notice.en.html",
        include_str!("../templates/ledger/payment-notice.en.html"),
    ),
    (
        "ledger/statement.zh-CN.txt",
        include_str!("../templates/ledger/statement.zh-CN.txt"),
    ),
    (
        "ledger/statement.zh-CN.html",
        include_str!("../templates/ledger/statement.zh-CN.html"),
    ),
    (
        "ledger/statement.en.txt",
        include_str!("../templates/ledger/statement.en.txt"),
    ),
    (
        "ledger/statement.en.html",
        include_str!("../templates/ledger/statement.en.html"),
    ),
    (
        "dunning/dunning-notice.zh-CN.txt",
        include_str!("../templates/dunning/dunning-notice.zh-CN.txt"),
    ),
    (
        "dunning/dunning-notice.zh-CN.html",
        include_str!("../templates/dunning/dunning-notice.zh-CN.html"),
    ),
    (
        "dunning/dunning-notice.en.txt",
        include_str!("../templates/dunning/dunning-notice.en.txt"),
    ),
    (
        "dunning/dunning-notice.en.html",
        include_str!("../templates/dunning/dunning-notice.en.html"),
    ),
    (
        "dunning/suspension-request.zh-CN.txt",
        include_str!("../templates/dunning/suspension-request.zh-CN.txt"),
    ),
    (
        "dunning/suspension-request.zh-CN.html",
        include_str!("../templates/dunning/suspension-request.zh-CN.html"),
    ),
    (
        "dunning/suspension-request.en.txt",
        include_str!("../templates/dunning/suspension-request.en.txt"),
    ),
    (
        "dunning/suspension-request.en.html",
        include_str!("../templates/dunning/suspension-request.en.html"),
    ),
    (
        "ticket/work-order.zh-CN.txt",
        include_str!("../templates/ticket/work-order.zh-CN.txt"),
    ),
    (
        "ticket/work-order.zh-CN.html",
        include_str!("../templates/ticket/work-order.zh-CN.html"),
    ),
    (
        "ticket/work-order.en.txt",
        include_str!("../templates/ticket/work-order.en.txt"),
    ),
    (
        "ticket/work-order.en.html",
        include_str!("../templates/ticket/work-order.en.html"),
    ),
    (
        "ticket/complaint-report.zh-CN.txt",
        include_str!("../templates/ticket/complaint-report.zh-CN.txt"),
    ),
    (
        "ticket/complaint-report.zh-CN.html",
        include_str!("../templates/ticket/complaint-report.zh-CN.html"),
    ),
    (
        "ticket/complaint-report.en.txt",
        include_str!("../templates/ticket/complaint-report.en.txt"),
    ),
    (
        "ticket/complaint-report.en.html",
        include_str!("../templates/ticket/complaint-report.en.html"),
    ),
    (
        "ticket/service-slip.zh-CN.txt",
        include_str!("../templates/ticket/service-slip.zh-CN.txt"),
    ),
    (
        "ticket/service-slip.zh-CN.html",
        include_str!("../templates/ticket/service-slip.zh-CN.html"),
    ),
    (
        "ticket/service-slip.en.txt",
        include_str!("../templates/ticket/service-slip.en.txt"),
    ),
    (
        "ticket/service-slip.en.html",
        include_str!("../templates/ticket/service-slip.en.html"),
    ),
    (
        "ticket/callback-record.zh-CN.txt",
        include_str!("../templates/ticket/callback-record.zh-CN.txt"),
    ),
    (
        "ticket/callback-record.zh-CN.html",
        include_str!("../templates/ticket/callback-record.zh-CN.html"),
    ),
    (
        "ticket/callback-record.en.txt",
        include_str!("../templates/ticket/callback-record.en.txt"),
    ),
    (
        "ticket/callback-record.en.html",
        include_str!("../templates/ticket/callback-record.en.html"),
    ),
    (
        "movein/handover.zh-CN.txt",
        include_str!("../templates/movein/handover.zh-CN.txt"),
    ),
    (
        "movein/handover.zh-CN.html",
        include_str!("../templates/movein/handover.zh-CN.html"),
    ),
    (
        "movein/handover.en.txt",
        include_str!("../templates/movein/handover.en.txt"),
    ),
    (
        "movein/handover.en.html",
        include_str!("../templates/movein/handover.en.html"),
    ),
    (
        "movein/welcome-letter.zh-CN.txt",
        include_str!("../templates/movein/welcome-letter.zh-CN.txt"),
    ),
    (
        "movein/welcome-letter.zh-CN.html",
        include_str!("../templates/movein/welcome-letter.zh-CN.html"),
    ),
    (
        "movein/welcome-letter.en.txt",
        include_str!("../templates/movein/welcome-letter.en.txt"),
    ),
    (
        "movein/welcome-letter.en.html",
        include_str!("../templates/movein/welcome-letter.en.html"),
    ),
    (
        "movein/reinspection.zh-CN.txt",
        include_str!("../templates/movein/reinspection.zh-CN.txt"),
    ),
    (
        "movein/reinspection.zh-CN.html",
        include_str!("../templates/movein/reinspection.zh-CN.html"),
    ),
    (
        "movein/reinspection.en.txt",
        include_str!("../templates/movein/reinspection.en.txt"),
    ),
    (
        "movein/reinspection.en.html",
        include_str!("../templates/movein/reinspection.en.html"),
    ),
    (
        "permit/permit-door.zh-CN.txt",
        include_str!("../templates/permit/permit-door.zh-CN.txt"),
    ),
    (
        "permit/permit-door.zh-CN.html",
        include_str!("../templates/permit/permit-door.zh-CN.html"),
    ),
    (
        "permit/permit-door.en.txt",
        include_str!("../templates/permit/permit-door.en.txt"),
    ),
    (
        "permit/permit-door.en.html",
        include_str!("../templates/permit/permit-door.en.html"),
    ),
    (
        "permit/workers-rules.zh-CN.txt",
        include_str!("../templates/permit/workers-rules.zh-CN.txt"),
    ),
    (
        "permit/workers-rules.zh-CN.html",
        include_str!("../templates/permit/workers-rules.zh-CN.html"),
    ),
    (
        "permit/workers-rules.en.txt",
        include_str!("../templates/permit/workers-rules.en.txt"),
    ),
    (
        "permit/workers-rules.en.html",
        include_str!("../templates/permit/workers-rules.en.html"),
    ),
    (
        "permit/rectification.zh-CN.txt",
        include_str!("../templates/permit/rectification.zh-CN.txt"),
    ),
    (
        "permit/rectification.zh-CN.html",
        include_str!("../templates/permit/rectification.zh-CN.html"),
    ),
    (
        "permit/rectification.en.txt",
        include_str!("../templates/permit/rectification.en.txt"),
    ),
    (
        "permit/rectification.en.html",
        include_str!("../templates/permit/rectification.en.html"),
    ),
    (
        "permit/acceptance.zh-CN.txt",
        include_str!("../templates/permit/acceptance.zh-CN.txt"),
    ),
    (
        "permit/acceptance.zh-CN.html",
        include_str!("../templates/permit/acceptance.zh-CN.html"),
    ),
    (
        "permit/acceptance.en.txt",
        include_str!("../templates/permit/acceptance.en.txt"),
    ),
    (
        "permit/acceptance.en.html",
        include_str!("../templates/permit/acceptance.en.html"),
    ),
    (
        "permit/deposit-refund.zh-CN.txt",
        include_str!("../templates/permit/deposit-refund.zh-CN.txt"),
    ),
    (
        "permit/deposit-refund.zh-CN.html",
        include_str!("../templates/permit/deposit-refund.zh-CN.html"),
    ),
    (
        "permit/deposit-refund.en.txt",
        include_str!("../templates/permit/deposit-refund.en.txt"),
    ),
    (
        "permit/deposit-refund.en.html",
        include_str!("../templates/permit/deposit-refund.en.html"),
    ),
    (
        "permit/goods-exit-pass.zh-CN.txt",
        include_str!("../templates/permit/goods-exit-pass.zh-CN.txt"),
    ),
    (
        "permit/goods-exit-pass.zh-CN.html",
        include_str!("../templates/permit/goods-exit-pass.zh-CN.html"),
    ),
    (
        "permit/goods-exit-pass.en.txt",
        include_str!("../templates/permit/goods-exit-pass.en.txt"),
    ),
    (
        "permit/goods-exit-pass.en.html",
        include_str!("../templates/permit/goods-exit-pass.en.html"),
    ),
    (
        "permit/parking-permit.zh-CN.txt",
        include_str!("../templates/permit/parking-permit.zh-CN.txt"),
    ),
    (
        "permit/parking-permit.zh-CN.html",
        include_str!("../templates/permit/parking-permit.zh-CN.html"),
    ),
    (
        "permit/parking-permit.en.txt",
        include_str!("../templates/permit/parking-permit.en.txt"),
    ),
    (
        "permit/parking-permit.en.html",
        include_str!("../templates/permit/parking-permit.en.html"),
    ),
    (
        "moveout/moveout-acknowledgement.zh-CN.txt",
        include_str!("../templates/moveout/moveout-acknowledgement.zh-CN.txt"),
    ),
    (
        "moveout/moveout-acknowledgement.zh-CN.html",
        include_str!("../templates/moveout/moveout-acknowledgement.zh-CN.html"),
    ),
    (
        "moveout/moveout-acknowledgement.en.txt",
        include_str!("../templates/moveout/moveout-acknowledgement.en.txt"),
    ),
    (
        "moveout/moveout-acknowledgement.en.html",
        include_str!("../templates/moveout/moveout-acknowledgement.en.html"),
    ),
    (
        "moveout/settlement.zh-CN.txt",
        include_str!("../templates/moveout/settlement.zh-CN.txt"),
    ),
    (
        "moveout/settlement.zh-CN.html",
        include_str!("../templates/moveout/settlement.zh-CN.html"),
    ),
    (
        "moveout/settlement.en.txt",
        include_str!("../templates/moveout/settlement.en.txt"),
    ),
    (
        "moveout/settlement.en.html",
        include_str!("../templates/moveout/settlement.en.html"),
    ),
    (
        "moveout/unit-available.zh-CN.txt",
        include_str!("../templates/moveout/unit-available.zh-CN.txt"),
    ),
    (
        "moveout/unit-available.zh-CN.html",
        include_str!("../templates/moveout/unit-available.zh-CN.html"),
    ),
    (
        "moveout/unit-available.en.txt",
        include_str!("../templates/moveout/unit-available.en.txt"),
    ),
    (
        "moveout/unit-available.en.html",
        include_str!("../templates/moveout/unit-available.en.html"),
    ),
    (
        "report/monthly.zh-CN.html",
        include_str!("../templates/report/monthly.zh-CN.html"),
    ),
    (
        "report/monthly.en.html",
        include_str!("../templates/report/monthly.en.html"),
    ),
];

/// Text for the notice board and the printer, or a printable A4 HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    Text,
    Html,
}

impl Style {
    pub fn ext(self) -> &'static str {
        match self {
            Style::Text => "txt",
            Style::Html => "html",
        }
    }
}

/// The template engine with the built-in templates and the office's overrides.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Built-in templates, each replaced by `<office>/templates/<same name>` if present.
    pub fn new(office: &Path) -> Result<Renderer> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        let mut sources: Vec<(String, String)> = Vec::with_capacity(BUILTIN.len());
        for (name, builtin) in BUILTIN {
            let own = office.join("templates").join(name);
            let text = match std::fs::read_to_string(&own) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
                Err(e) => return Err(Error::io("read", &own, &e)),
            };
            sources.push((name.to_string(), text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error("", &e))?;
        Ok(Renderer { tera })
    }

    /// Renders `<template>.<locale>.<ext>` with `context`.
    pub fn render(
        &self,
        template: &str,
        locale: Locale,
        style: Style,
        context: &tera::Context,
    ) -> Result<String> {
        let name = format!("{template}.{}.{}", locale.code(), style.ext());
        let mut text = self
            .tera
            .render(&name, context)
            .map_err(|e| template_error(&name, &e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text)
    }
}

fn template_error(name: &str, e: &tera::Error) -> Error {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    let at = if name.is_empty() {
        String::new()
    } else {
        format!("template {name}: ")
    };
    Error::usage(format!("{at}{msg}")).with_hint(
        "if the office overrides this template in its templates/ folder, fix or remove that file",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "office.toml" {
                    on_disk.push(rel);
                }
            }
        }
        on_disk.sort();
        let mut built: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        built.sort();
        assert_eq!(on_disk, built);
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let office = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(office.path().join("templates/unit")).unwrap();
        std::fs::write(
            office.path().join("templates/unit/contact-sheet.en.txt"),
            "{{ office.name }}",
        )
        .unwrap();
        std::fs::write(
            office.path().join("templates/unit/contact-sheet.en.html"),
            "{% extends \"base.en.html\" %}{% block body %}{{ office.name }}{% endblock body %}",
        )
        .unwrap();
        let r = Renderer::new(office.path()).unwrap();
        let mut c = tera::Context::new();
        c.insert("office", &serde_json::json!({"name": "<b>A&B</b>"}));

        assert_eq!(
            r.render("unit/contact-sheet", Locale::En, Style::Text, &c)
                .unwrap(),
            "<b>A&B</b>\n"
        );
        let html = r
            .render("unit/contact-sheet", Locale::En, Style::Html, &c)
            .unwrap();
        assert!(
            html.contains("&lt;b&gt;A&amp;B&lt;&#x2F;b&gt;")
                || html.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn a_broken_override_is_an_error_naming_the_template() {
        let office = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(office.path().join("templates/unit")).unwrap();
        std::fs::write(
            office.path().join("templates/unit/contact-sheet.en.txt"),
            "{{ oops ",
        )
        .unwrap();
        let err = Renderer::new(office.path()).err().unwrap();
        assert!(
            err.message.contains("contact-sheet.en.txt"),
            "{}",
            err.message
        );
    }
}
