//! `propdesk unit`: the unit registry.

use crate::common::*;

fn owner(t: &Test) -> String {
    t.run(&[
        "party",
        "add",
        "--name",
        "远景置业",
        "--kind",
        "company",
        "--role",
        "owner",
        "--phone",
        "13800001111",
    ])
    .ok()
    .trim()
    .to_string()
}

#[test]
fn units_are_added_shown_and_listed() {
    let t = Test::office();
    let o = owner(&t);
    let out = t.run(&[
        "unit",
        "add",
        "a-1203",
        "--area",
        "123.45",
        "--use",
        "office",
        "--owner",
        &o[o.len() - 4..],
    ]);
    out.ok();
    assert_eq!(out.stderr, "created units/A-1203.yaml\n");
    insta::assert_snapshot!("unit_record", t.read("units/A-1203.yaml"));
    insta::assert_snapshot!("unit_show_zh", t.run(&["unit", "show", "A-1203"]).ok());
    insta::assert_snapshot!(
        "unit_show_en",
        t.run(&["--locale", "en", "unit", "show", "A-1203"]).ok()
    );
}

#[test]
fn the_unit_table_lines_up_chinese_names_in_both_locales() {
    let t = Test::demo("zh-CN");
    insta::assert_snapshot!(
        "unit_list_zh",
        t.run(&["unit", "list", "--floor", "12"]).ok()
    );
    insta::assert_snapshot!(
        "unit_list_en",
        t.run(&["--locale", "en", "unit", "list", "--use", "shop"])
            .ok()
    );
    insta::assert_snapshot!(
        "unit_list_csv",
        t.run(&["unit", "list", "--status", "renovating", "--format", "csv"])
            .ok()
    );
}

#[test]
fn unit_list_filters_and_sorts_as_people_read_numbers() {
    let t = Test::demo("zh-CN");
    let out = t.run(&["unit", "--use", "office", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&"A-201"));
    assert_eq!(ids.last(), Some(&"A-1204"));
    assert!(v.as_array().unwrap().iter().all(|u| u["use"] == "office"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let t = Test::demo("zh-CN");
    let mut child = t
        .command(&["unit", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn units_are_refused_with_what_is_wrong() {
    let t = Test::office();
    let o = owner(&t);
    t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--owner", &o,
    ])
    .ok();
    let err = t
        .run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .fails(1)
        .to_string();
    assert!(err.contains("unit A-101 already exists"), "{err}");
    let err = t
        .run(&["unit", "add", "../x", "--area", "50", "--use", "shop"])
        .fails(1)
        .to_string();
    assert!(err.contains("invalid ID \"../X\""), "{err}");
    let err = t
        .run(&["unit", "add", "A-102", "--area", "50.123", "--use", "shop"])
        .fails(2)
        .to_string();
    assert!(err.contains("more than two decimals"), "{err}");
    let err = t
        .run(&["unit", "add", "A-102", "--area", "50", "--use", "flat"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("expected office, shop, home, parking"),
        "{err}"
    );
    let err = t
        .run(&[
            "unit", "add", "A-102", "--area", "50", "--use", "shop", "--owner", "NOPE",
        ])
        .fails(1)
        .to_string();
    assert!(err.contains("no party \"NOPE\""), "{err}");
    let tenant = t
        .run(&["party", "add", "--name", "Tenant", "--role", "tenant"])
        .ok()
        .trim()
        .to_string();
    let err = t
        .run(&[
            "unit", "add", "A-102", "--area", "50", "--use", "shop", "--owner", &tenant,
        ])
        .fails(1)
        .to_string();
    assert!(
        err.contains("is not an owner") && err.contains("hint:"),
        "{err}"
    );
    let err = t.run(&["unit", "show", "Z-999"]).fails(1).to_string();
    assert_eq!(err, "error: no unit \"Z-999\"\n");
    assert_eq!(t.files("units"), vec!["units/.gitkeep", "units/A-101.yaml"]);
}

#[test]
fn editing_a_unit_records_what_changed_in_its_history() {
    let t = Test::office();
    let o = owner(&t);
    let tenant = t
        .run(&[
            "party",
            "add",
            "--name",
            "华远科技",
            "--kind",
            "company",
            "--role",
            "tenant",
        ])
        .ok()
        .trim()
        .to_string();
    t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--owner", &o,
    ])
    .ok();
    t.run(&[
        "unit",
        "edit",
        "A-101",
        "--occupant",
        &tenant,
        "--status",
        "occupied",
        "--area",
        "52.5",
    ])
    .ok();
    let rec = t.read("units/A-101.yaml");
    assert!(rec.contains("area: \"52.50\""), "{rec}");
    assert!(rec.contains(&format!("occupant: {tenant}")), "{rec}");
    assert!(
        rec.contains("event: edited") && rec.contains("area 50.00 → 52.50"),
        "{rec}"
    );
    // The status must agree with the occupant.
    let err = t
        .run(&["unit", "edit", "A-101", "--no-occupant"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("status is occupied but no occupant is named"),
        "{err}"
    );
    // Nothing to change leaves the file as it was.
    let before = t.read("units/A-101.yaml");
    t.run(&["unit", "edit", "A-101"]).ok();
    assert_eq!(t.read("units/A-101.yaml"), before);
}

#[test]
fn import_takes_a_spreadsheet_with_chinese_headers() {
    let t = Test::office();
    owner(&t);
    t.write("units.csv", "\u{feff}单元号,面积,用途,业主\nA-1203,123.45,办公,远景置业\nA-1204,80,office,远景置业\nA-B101,12.50,车位,\n");
    let out = t.run(&["unit", "import", "units.csv"]);
    // A-B101 has no floor in its number: the row is refused, so nothing is imported.
    let err = out.fails(1).to_string();
    assert!(err.contains("units.csv:4: no floor"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(t.files("units"), vec!["units/.gitkeep"]);
    t.write("units.csv", "单元号,面积,用途,业主,楼层,楼栋\nA-1203,123.45,办公,远景置业,12,A\nA-B101,12.50,车位,,-1,A\n");
    let out = t.run(&["unit", "import", "units.csv"]);
    out.ok();
    assert!(out.stderr.contains("imported 2 units"), "{}", out.stderr);
    assert!(t.read("units/A-B101.yaml").contains("floor: -1"));
    t.run(&["check"]).ok();
}

#[test]
fn a_gbk_spreadsheet_gets_a_hint_to_save_as_utf8() {
    let t = Test::office();
    std::fs::write(
        t.path().join("units.csv"),
        b"id,area,use\nA-101,50,\xc9\xcc\xc6\xcc\n",
    )
    .unwrap();
    let err = t.run(&["unit", "import", "units.csv"]).fails(1).to_string();
    assert!(
        err.contains("units.csv:2: not valid UTF-8") && err.contains("CSV UTF-8"),
        "{err}"
    );
}
