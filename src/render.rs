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

/// The built-in templates that are no procedure's notice: the A4 page every HTML
/// notice extends, the money sections and the how-to-pay block the notices asking for
/// money include, and the monthly report.
const PAGES: &[(&str, &str)] = &[
    (
        "base.zh-CN.html",
        include_str!("../templates/base.zh-CN.html"),
    ),
    ("base.en.html", include_str!("../templates/base.en.html")),
    (
        "money.zh-CN.txt",
        include_str!("../templates/money.zh-CN.txt"),
    ),
    (
        "money.zh-CN.html",
        include_str!("../templates/money.zh-CN.html"),
    ),
    ("money.en.txt", include_str!("../templates/money.en.txt")),
    ("money.en.html", include_str!("../templates/money.en.html")),
    (
        "how-to-pay.zh-CN.txt",
        include_str!("../templates/how-to-pay.zh-CN.txt"),
    ),
    (
        "how-to-pay.zh-CN.html",
        include_str!("../templates/how-to-pay.zh-CN.html"),
    ),
    (
        "how-to-pay.en.txt",
        include_str!("../templates/how-to-pay.en.txt"),
    ),
    (
        "how-to-pay.en.html",
        include_str!("../templates/how-to-pay.en.html"),
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

/// Every built-in template, by its name under `templates/`: the pages, and the four
/// of each procedure's notices.
pub fn builtin() -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> =
        PAGES.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    for (_, n) in crate::procedure::notice::all() {
        out.extend(n.files());
    }
    out
}

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
        let builtin = builtin();
        let mut sources: Vec<(String, String)> = Vec::with_capacity(builtin.len());
        for (name, builtin) in builtin {
            let own = office.join("templates").join(&name);
            let text = match std::fs::read_to_string(&own) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
                Err(e) => return Err(Error::io("read", &own, &e)),
            };
            sources.push((name, text));
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
        // A control character that reached a record by hand (ESC in a note) is
        // written as its escape (`\e`), never handed to a printer or a terminal.
        if let std::borrow::Cow::Owned(safe) = crate::error::escape_controls(&text, &['\n', '\t']) {
            text = safe;
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
        let mut built: Vec<String> = builtin().into_iter().map(|(n, _)| n).collect();
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
