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
            "cargo run --release -- --office records agenda",
            "cargo test"
        ]
    );
    let ci = std::fs::read_to_string(repo(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim().starts_with("cargo test")),
        "CI runs the README's test command"
    );
}

/// Runs `examples/NAME.sh` with the test binary as `$PROPDESK` and no office or clock
/// from the environment; asserts it succeeds and returns its stdout and stderr.
fn walkthrough(script: &str) -> (String, String) {
    let out = std::process::Command::new("bash")
        .arg(repo(script))
        .env("PROPDESK", bin())
        .env_remove("PROPDESK_OFFICE")
        .env_remove("PROPDESK_NOW")
        .current_dir(repo(""))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{script}:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

/// The table rows a walkthrough printed after the line `command` (header and rule
/// skipped), up to the next command.
fn rows_after<'a>(stdout: &'a str, command: &str) -> Vec<&'a str> {
    stdout
        .split(command)
        .nth(1)
        .unwrap_or_else(|| panic!("no {command:?} in\n{stdout}"))
        .lines()
        .skip(2)
        .take_while(|l| !l.starts_with('$'))
        .collect()
}

#[test]
fn the_dunning_walkthrough_runs_to_a_closed_case() {
    let (stdout, _) = walkthrough("examples/dunning.sh");
    assert!(stdout.contains("A-1203: dunning case closed"), "{stdout}");
    assert!(stdout.contains("walkthrough complete"), "{stdout}");
}

#[test]
fn the_ticket_walkthrough_closes_every_ticket_charges_the_part_and_shows_the_late_reply() {
    let (stdout, _) = walkthrough("examples/ticket.sh");
    let has = |want: &str| assert!(stdout.contains(want), "{want:?} in\n{stdout}");
    // The chargeable part: quoted, refused before consent, charged on close.
    has(": the quote of 80.00 has no consent yet");
    has(": 80.00 charged to A-1203 (ledger entry 1)");
    let charge = stdout
        .lines()
        .find(|l| l.contains("repair-fee"))
        .unwrap_or_else(|| panic!("no ledger line in\n{stdout}"));
    for want in [
        "chargeable repair T-",
        "更换水龙头 x1",
        "2026-12-15",
        "80.00",
    ] {
        assert!(charge.contains(want), "{want:?} in {charge:?}");
    }
    // The phone complaint of Friday afternoon: due by closing on Monday, answered on
    // Tuesday at 10:00.
    has("reply      2026-11-23 18:00   overdue by 15h 0m");
    has("reply 2026-11-23 18:00 — late by 16h 0m");
    has("complaint replies on time   0.0% (0/1)");
    // The shelved ticket owed its reason; the dissatisfied callback went back to work;
    // the air-conditioning is called back by visit only.
    has("reason 2026-11-24 12:00 — met");
    has(": not satisfied: back to work (dispatched)");
    has("a category the office calls back by visit: use --method visit");
    // Final states: four tickets, all closed.
    let all = rows_after(&stdout, "$ propdesk ticket --all\n");
    assert_eq!(all.len(), 4, "{all:#?}");
    assert!(all.iter().all(|l| l.contains(" closed ")), "{all:#?}");
    has("chargeable repair revenue   80.00");
    has("walkthrough complete");
}

#[test]
fn the_movein_walkthrough_catches_the_missing_document_and_completes_with_a_reinspection() {
    let (stdout, _) = walkthrough("examples/movein.sh");
    let has = |want: &str| assert!(stdout.contains(want), "{want:?} in\n{stdout}");
    // Two defects, each a repair ticket due in 7 days.
    assert_eq!(
        stdout.matches(", fix by 2026-11-30\n").count(),
        2,
        "{stdout}"
    );
    // The first period by the day and the card fee, paid; the card deposit held.
    has(": 1,140.00 charged to A-1203 (entries 1, 2); notices/2026/11/20261123-MI-20261123-");
    has("Property fee November 2026 (11 of 30 days)");
    has("A-1203: entry 3: payment 1,140.00: 1,100.00 to entry 1, 40.00 to entry 2; balance 0.00");
    has("A-1203: entry 4: card deposit 200.00 received; deposits held 200.00");
    // complete refused: the business-licence copy and the defect not fixed, nothing else
    // (the other defect was fixed).
    let refusal: Vec<&str> = stdout
        .split(" cannot be completed; missing:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no refusal in\n{stdout}"))
        .lines()
        .take_while(|l| l.starts_with("  - "))
        .collect();
    assert_eq!(refusal.len(), 2, "{refusal:#?}");
    assert!(
        refusal[0].starts_with("  - document not received: business-licence-copy ("),
        "{refusal:#?}"
    );
    assert!(
        refusal[1].starts_with("  - defects not fixed: T-2026"),
        "{refusal:#?}"
    );
    // Completed with the re-inspection booked.
    has(": re-inspection on 2026-11-30\n");
    has(": welcome visit due by 2026-11-26\n");
    let all = rows_after(&stdout, "$ propdesk movein --all\n");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].contains(" completed "), "{all:#?}");
    has(" Re-inspection        2026-11-30\n");
    has(" Status      occupied\n");
    has(" Occupant    Blue Finch Ltd (P-");
    has("A-1203 Blue Finch Ltd: 2026-11-23  Balance 0.00  Overdue 0.00  Deposits held 200.00");
    has("walkthrough complete");
}

#[test]
fn the_permit_walkthrough_refunds_the_deposits_net_of_the_lost_pass_and_refuses_the_late_ac() {
    let (stdout, stderr) = walkthrough("examples/permit.sh");
    let has = |want: &str| assert!(stdout.contains(want), "{want:?} in\n{stdout}");
    has(": rejected (rejected)");
    has(": issued, valid 2026-12-01 to 2027-01-31");
    has(": violation no. 1: suspended until rectified by 2026-12-05; fine 200.00");
    has(": pass deposit kept for 1 lost pass(es): 10.00");
    has(": renovation deposit refunded: 5,000.00");
    has(": pass deposit refunded: 40.00");
    has("Balance 0.00  Overdue 0.00  Deposits held 0.00");
    has("walkthrough complete");
    // The unit, the permit and its notices, and the ledger's books of 2026 and 2027.
    assert!(stderr.contains("checked 7 files: no problems"), "{stderr}");
    assert!(
        stderr.contains("too late for overtime air-conditioning on 2026-11-28: requests are taken until 2026-11-27 12:00"),
        "{stderr}"
    );
}

#[test]
fn the_moveout_walkthrough_takes_the_arrears_and_damage_from_the_deposit_and_refunds_the_rest() {
    let (stdout, stderr) = walkthrough("examples/moveout.sh");
    let has = |want: &str| assert!(stdout.contains(want), "{want:?} in\n{stdout}");
    // Short notice refused, then approved; the early termination recorded.
    has("notice given 8 day(s) before the move-out date 2026-11-20; the office needs 10");
    has("moving out on 2026-11-20 terminates it early");
    // The energy from the meters and the damage, charged at the inspection.
    has(": electricity 1000 → 1654.9: 654.9 × 1.20 = 785.88\n");
    has(": water 50 → 62.5: 12.5 × 5.00 = 62.50\n");
    has(": walls damaged since move-in: Large stains on the east wall\n");
    has(": 1,648.38 charged to A-1203\n");
    // No goods exit pass before the settlement; after it, with nothing owed, the desk
    // issues it and security takes it.
    has(
        "no goods exit pass for A-1203 while money is owed (settlement before the exit pass):\n  - move-out MO-",
    );
    has(" is not settled: 2,500.00 owed now, 5,000.00 held in deposits\n");
    has(": signed (issued)\n");
    has(": handed to security (closed)\n");
    // November to the 20th, and the refund of the rest of the deposit.
    has("  billing   #8         -833.33  Property fee November 2026 credited");
    has("  refund              1,683.70  due by 2026-12-20\n");
    has(": refund 1,683.70 paid to P-");
    has(" Status      vacant\n");
    has("A-1203 Blue Finch Ltd: 2026-11-27  Balance 0.00  Overdue 0.00  Deposits held 0.00");
    has("walkthrough complete");
    assert!(stderr.contains("checked 7 files: no problems"), "{stderr}");
    assert!(
        stderr.contains("-unit-available.en.html"),
        "leasing's notice filed: {stderr}"
    );
}
