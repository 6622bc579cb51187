//! `propdesk init`, and how propdesk finds the office.

use crate::common::*;

#[test]
fn init_writes_a_commented_office_toml_folders_and_gitignore() {
    let t = Test::empty();
    t.run(&["init", "tower", "--name", "远景大厦"]).ok();
    let toml = t.read("tower/office.toml");
    assert!(toml.contains("name = \"远景大厦\""), "{toml}");
    assert!(toml.contains("locale = \"zh-CN\""));
    assert!(
        toml.contains(
            "# Callback (回访) within this many hours of completion.\ncallback_hours = 48"
        )
    );
    for f in [
        "units",
        "parties",
        "moveins",
        "tickets",
        "permits",
        "ledger",
        "dunning",
        "moveouts",
        "notices",
        "templates",
    ] {
        assert!(t.exists(&format!("tower/{f}")), "{f}");
    }
    assert!(t.read("tower/.gitignore").contains(".propdesk/"));
    // The new office checks clean and lists no units.
    let dir = t.path().join("tower");
    t.run_in(&dir, &["check"]).ok();
    let out = t.run_in(&dir, &["unit", "list", "--format", "json"]);
    assert_eq!(out.ok().trim(), "[]");
}

#[test]
fn init_refuses_an_existing_office() {
    let t = Test::office();
    let err = t.run(&["init", "."]).fails(1).to_string();
    assert!(err.contains("already an office"), "{err}");
}

#[test]
fn init_demo_gives_a_tower_of_at_least_40_units_that_checks_clean() {
    let t = Test::demo("zh-CN");
    let units: serde_json::Value =
        serde_json::from_str(t.run(&["unit", "list", "--format", "json"]).ok()).unwrap();
    assert!(units.as_array().unwrap().len() >= 40);
    let parties = t.run(&["party", "list", "--format", "json"]);
    let parties: serde_json::Value = serde_json::from_str(parties.ok()).unwrap();
    for role in ["owner", "tenant", "contractor"] {
        assert!(
            parties.as_array().unwrap().iter().any(|p| p["roles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == role)),
            "{role}"
        );
    }
    let out = t.run(&["check"]);
    out.ok();
    assert!(out.stderr.contains("no problems"), "{}", out.stderr);
}

#[test]
fn the_office_is_found_by_flag_env_or_walking_up() {
    let t = Test::demo("en");
    let deep = t.path().join("units");
    // Walking up from a subfolder.
    assert!(
        t.run_in(&deep, &["unit", "show", "H1-101"])
            .ok()
            .contains("H1-101")
    );
    // --office and PROPDESK_OFFICE from elsewhere.
    let elsewhere = Test::empty();
    let office = t.path().to_str().unwrap();
    assert!(
        elsewhere
            .run(&["--office", office, "unit", "show", "H1-101"])
            .ok()
            .contains("H1-101")
    );
    let by_env = Test::empty().env("PROPDESK_OFFICE", office);
    assert!(
        by_env
            .run(&["unit", "show", "H1-101"])
            .ok()
            .contains("H1-101")
    );
    // Nowhere: a usage error with a hint.
    let err = Test::empty().run(&["unit", "list"]).fails(2).to_string();
    assert!(
        err.contains("no office found") && err.contains("hint: "),
        "{err}"
    );
}

#[test]
fn a_broken_office_toml_is_a_configuration_error_naming_key_and_line() {
    let t = Test::office();
    let toml = t
        .read("office.toml")
        .replace("callback_hours = 48", "callback_hours = \"48h\"");
    t.write("office.toml", &toml);
    let line = toml
        .lines()
        .position(|l| l.starts_with("callback_hours"))
        .unwrap()
        + 1;
    let err = t.run(&["unit", "list"]).fails(2).to_string();
    assert!(
        err.starts_with(&format!("error: office.toml:{line}: ")),
        "{err}"
    );
    let t = Test::office();
    t.write(
        "office.toml",
        &format!(
            "{}\nfavourite_colour = \"red\"\n",
            t.read("office.toml")
                .replace("[calendar]", "favourite_colour = \"red\"\n[calendar]")
        ),
    );
    let err = t.run(&["check"]).fails(2).to_string();
    assert!(err.contains("favourite_colour"), "{err}");
}

#[test]
fn the_clock_is_an_input_read_in_the_office_zone() {
    let t = Test::office();
    let id = t
        .command(&["party", "add", "--name", "A", "--role", "owner"])
        .env("PROPDESK_NOW", "2026-11-22T20:00:00Z")
        .output()
        .unwrap();
    // 20:00 UTC on the 22nd is the 23rd in Shanghai: the ID and history say so.
    let id = String::from_utf8(id.stdout).unwrap();
    assert!(id.starts_with("P-20261123-"), "{id}");
    let rec = t.read(&format!("parties/{}.yaml", id.trim()));
    assert!(rec.contains("at: \"2026-11-23T04:00:00+08:00\""), "{rec}");
    let err = t
        .run(&["--now", "yesterday", "unit", "list"])
        .fails(2)
        .to_string();
    assert!(err.contains("\"yesterday\""), "{err}");
}
