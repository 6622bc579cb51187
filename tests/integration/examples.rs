//! The repository's own offices stay valid, and the README's first commands work.

use std::path::Path;

use crate::common::*;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_demo_office_in_records_checks_clean_and_lists_its_units() {
    let t = Test::empty();
    let office = repo("records");
    let out = t.run(&["--office", &office, "check"]);
    out.ok();
    assert!(out.stderr.contains("no problems"), "{}", out.stderr);
    let list = t.run(&["--office", &office, "unit", "list", "--format", "json"]);
    let units: serde_json::Value = serde_json::from_str(list.ok()).unwrap();
    assert!(units.as_array().unwrap().len() >= 40);
    let toml = std::fs::read_to_string(repo("records/office.toml")).unwrap();
    assert!(toml.contains("locale = \"zh-CN\""));
}

#[test]
fn the_english_example_office_checks_clean() {
    let t = Test::empty();
    let office = repo("examples/harbour-estate");
    t.run(&["--office", &office, "check"]).ok();
    let shown = t.run(&["--office", &office, "unit", "show", "H1-101"]);
    assert!(shown.ok().contains("Building"), "{}", shown.stdout);
}

#[test]
fn the_readme_starts_with_the_two_setup_commands() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let block = readme
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release -- --office records dunning",
            "cargo test"
        ]
    );
    let ci = std::fs::read_to_string(repo(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim().starts_with("cargo test")),
        "CI runs the README's test command"
    );
}

#[test]
fn the_dunning_walkthrough_runs_to_a_closed_case() {
    let out = std::process::Command::new("bash")
        .arg(repo("examples/dunning.sh"))
        .env("PROPDESK", bin())
        .env_remove("PROPDESK_OFFICE")
        .current_dir(repo(""))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("A-1203: dunning case closed"), "{stdout}");
    assert!(stdout.contains("walkthrough complete"), "{stdout}");
}
