//! `propdesk notice`: the contact sheet proves the template pipeline.

use crate::common::*;

fn office_with_unit() -> Test {
    let t = Test::office();
    let owner = t
        .run(&[
            "party",
            "add",
            "--name",
            "远景置业 <R&D>",
            "--kind",
            "company",
            "--role",
            "owner",
            "--phone",
            "13800001111",
            "--contact",
            "周志刚",
        ])
        .ok()
        .trim()
        .to_string();
    let tenant = t
        .run(&[
            "party",
            "add",
            "--name",
            "Li Lei",
            "--role",
            "tenant",
            "--phone",
            "13912345678",
            "--emergency",
            "Han Meimei:13700001111:spouse",
        ])
        .ok()
        .trim()
        .to_string();
    t.run(&[
        "unit",
        "add",
        "A-1203",
        "--area",
        "123.45",
        "--use",
        "office",
        "--owner",
        &owner,
        "--occupant",
        &tenant,
    ])
    .ok();
    t
}

#[test]
fn the_contact_sheet_renders_in_both_locales_as_text_and_html() {
    let t = office_with_unit();
    for locale in ["zh-CN", "en"] {
        let text = t.run(&[
            "--locale",
            locale,
            "notice",
            "contact-sheet",
            "A-1203",
            "-o",
            "-",
        ]);
        insta::assert_snapshot!(format!("contact_sheet_{locale}_txt"), text.ok());
        let html = t.run(&[
            "--locale",
            locale,
            "notice",
            "contact-sheet",
            "A-1203",
            "--html",
            "-o",
            "-",
        ]);
        insta::assert_snapshot!(format!("contact_sheet_{locale}_html"), html.ok());
    }
}

#[test]
fn html_notices_escape_what_records_contain() {
    let t = office_with_unit();
    let html = t.run(&["notice", "contact-sheet", "A-1203", "--html", "-o", "-"]);
    assert!(
        html.ok().contains("远景置业 &lt;R&amp;D&gt;"),
        "{}",
        html.stdout
    );
    let text = t.run(&["notice", "contact-sheet", "A-1203", "-o", "-"]);
    assert!(text.ok().contains("远景置业 <R&D>"));
}

#[test]
fn notices_are_filed_by_month_and_the_same_date_gives_the_same_bytes() {
    let t = office_with_unit();
    let out = t.run(&["notice", "contact-sheet", "A-1203"]);
    assert_eq!(
        out.ok(),
        "notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt\n"
    );
    let first = t.read("notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt");
    // Later the same day, same records: same bytes, nothing rewritten.
    let again = t
        .command(&["notice", "contact-sheet", "A-1203"])
        .env("PROPDESK_NOW", "2026-11-23T17:59")
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(
        again.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(
        t.read("notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt"),
        first
    );
    // Another date is another file.
    t.run(&["--date", "2026-12-01", "notice", "contact-sheet", "A-1203"])
        .ok();
    assert!(t.exists("notices/2026/12/20261201-A-1203-contact-sheet.zh-CN.txt"));
}

#[test]
fn an_office_template_overrides_the_built_in_one() {
    let t = office_with_unit();
    t.write(
        "templates/unit/contact-sheet.zh-CN.txt",
        "{{ office.name }} / {{ unit.id }} / {{ owner.name }}\n",
    );
    assert_eq!(
        t.run(&["notice", "contact-sheet", "A-1203", "-o", "-"])
            .ok(),
        "测试大厦 / A-1203 / 远景置业 <R&D>\n"
    );
    // An undefined variable names itself and the template line.
    t.write(
        "templates/unit/contact-sheet.zh-CN.txt",
        "line one\n{{ unit.colour }}\n",
    );
    let err = t
        .run(&["notice", "contact-sheet", "A-1203", "-o", "-"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("contact-sheet.zh-CN.txt") && err.contains("colour"),
        "{err}"
    );
    // check reports a template that does not parse.
    t.write("templates/unit/contact-sheet.zh-CN.txt", "{% if %}\n");
    let out = t.run(&["check"]);
    assert!(out.fails(1).contains("problem"), "{}", out.stderr);
    assert!(out.stdout.contains("templates:"), "{}", out.stdout);
}

#[test]
fn a_notice_for_a_missing_unit_is_an_error() {
    let t = Test::office();
    let err = t
        .run(&["notice", "contact-sheet", "Z-1"])
        .fails(1)
        .to_string();
    assert_eq!(err, "error: no unit \"Z-1\"\n");
}
