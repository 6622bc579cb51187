//! `propdesk check`: every problem in the office, each as `path:line: message` with a
//! hint, sorted by path; a summary on stderr; exit 1 if there is any.
//!
//! The catalogue of malformed records lives in `tests/fixtures/invalid/<case>/`: the
//! bad files at their office-relative paths and `expected.txt`, the exact stdout of
//! `propdesk check` for a new office holding them. Adding a case is adding a folder.
//! `tests/fixtures/valid/<case>/` holds offices that must pass. Run with
//! `PROPDESK_BLESS=1` to rewrite the `expected.txt` files after changing a message,
//! then read the diff.

use std::path::{Path, PathBuf};

use crate::common::*;

const OWNER: &str = "id: P-20261101-AAAAAA\nkind: person\nname: 张三\nroles:\n- owner\nphones:\n- \"13812345678\"\n";

const UNIT: &str = "id: A-101\nbuilding: A\nfloor: 1\narea: \"97.25\"\nuse: shop\nstatus: vacant\n";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The case folders of `tests/fixtures/<kind>/`, sorted.
fn cases(kind: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures().join(kind))
        .unwrap_or_else(|e| panic!("tests/fixtures/{kind}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn case_name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

/// A new office holding the files of a case folder, byte for byte.
fn office_with(case: &Path) -> Test {
    let t = Test::office();
    copy_case(case, case, t.path());
    t
}

fn copy_case(root: &Path, dir: &Path, office: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let rel = p.strip_prefix(root).unwrap();
        if p.is_dir() {
            copy_case(root, &p, office);
        } else if rel != Path::new("expected.txt") {
            let to = office.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&p, &to).unwrap();
        }
    }
}

#[track_caller]
fn assert_no_panic(run: &Run, what: &str) {
    assert!(
        !run.stderr.contains("panicked") && (run.code == 0 || run.code == 1),
        "{what}: not a clean exit\n{}",
        run.transcript()
    );
}

#[test]
fn every_malformed_record_in_the_catalogue_is_reported_with_its_line_and_exact_message() {
    let bless = std::env::var_os("PROPDESK_BLESS").is_some();
    let mut failures = Vec::new();
    let all = cases("invalid");
    assert!(all.len() >= 40, "the catalogue lost cases: {}", all.len());
    for case in &all {
        let name = case_name(case);
        let run = office_with(case).run(&["check"]);
        assert_no_panic(&run, &name);
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &run.stdout).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.code != 1 {
            failures.push(format!(
                "{name}: exit {} (expected 1)\n{}",
                run.code,
                run.transcript()
            ));
        } else if run.stdout != expected {
            failures.push(format!(
                "{name}: stdout differs\n--- expected\n{expected}--- actual\n{}",
                run.stdout
            ));
        } else if !run.stderr.starts_with("error: checked ") || !run.stderr.contains(" problem") {
            failures.push(format!(
                "{name}: no summary on stderr\n{}",
                run.transcript()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn every_catalogue_message_names_the_file_and_a_line_where_the_file_has_lines() {
    // Folders and non-record files have no line; everything read as text does.
    let lineless = [
        "folder-in-units",
        "stray-file-in-units",
        "record-with-wrong-extension",
        "ticket-loose-in-tickets",
    ];
    for case in cases("invalid") {
        let name = case_name(&case);
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap_or_default();
        let problems: Vec<&str> = expected
            .lines()
            .filter(|l| !l.starts_with("  hint: "))
            .collect();
        assert!(!problems.is_empty(), "{name}: no problem reported");
        for p in problems {
            let (path, rest) = p.split_once(": ").unwrap_or_else(|| panic!("{name}: {p}"));
            let (file, line) = path
                .split_once(':')
                .map_or((path, None), |(f, l)| (f, Some(l)));
            assert!(
                case.join(file).exists() || lineless.contains(&name.as_str()),
                "{name}: {p} names no file of the case"
            );
            if !lineless.contains(&name.as_str()) {
                assert!(
                    line.is_some_and(|l| l.parse::<usize>().is_ok()),
                    "{name}: no line in {p}"
                );
            }
            assert!(rest.len() > 10, "{name}: {p}");
        }
    }
}

#[test]
fn check_passes_on_valid_offices_with_comments_bom_crlf_and_editor_leftovers() {
    for case in cases("valid") {
        let name = case_name(&case);
        let run = office_with(&case).run(&["check"]);
        assert_eq!(run.code, 0, "{name}\n{}", run.transcript());
        assert_eq!(run.stdout, "", "{name}");
        assert!(
            run.stderr.starts_with("checked ") && run.stderr.ends_with(": no problems\n"),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn editor_backups_and_temp_files_are_not_counted_as_records() {
    // Written here too, in case a global gitignore kept them out of the fixture.
    let t = Test::office();
    t.write("units/A-101.yaml", UNIT);
    for junk in [
        "units/A-101.yaml~",
        "units/.A-101.yaml.propdesk-123-0.tmp",
        "units/#A-101.yaml#",
        "units/A-101.yaml.swp",
        "units/.A-101.yaml.swp",
        "parties/P-20261101-AAAAAA.yaml.bak",
    ] {
        t.write(junk, "garbage: [\n");
    }
    let run = t.run(&["check"]);
    assert_eq!(run.ok(), "");
    assert_eq!(run.stderr, "checked 1 file: no problems\n");
}

#[test]
fn a_record_saved_with_a_byte_order_mark_is_read_as_usual() {
    let t = office_with(&fixtures().join("valid/bom-prefixed-record"));
    t.run(&["check"]).ok();
    let out = t.run(&["unit", "show", "A-101", "--format", "json"]);
    assert!(out.ok().contains("\"A-101\""), "{}", out.stdout);
}

#[test]
fn check_on_the_demo_office_finds_no_problems() {
    for locale in ["zh-CN", "en"] {
        let t = Test::demo(locale);
        let records = t.files("units").len() + t.files("parties").len()
            - t.files("units")
                .iter()
                .chain(&t.files("parties"))
                .filter(|f| f.ends_with(".gitkeep"))
                .count();
        let run = t.run(&["check"]);
        assert_eq!(run.ok(), "", "{locale}");
        assert_eq!(
            run.stderr,
            format!("checked {records} files: no problems\n"),
            "{locale}"
        );
    }
}

#[test]
fn check_reports_every_bad_file_not_just_the_first_sorted_by_path() {
    let t = Test::office();
    t.write(
        "units/B-201.yaml",
        &UNIT
            .replace("A-101", "B-201")
            .replace("use: shop", "use: flat"),
    );
    t.write(
        "units/A-101.yaml",
        &UNIT.replace("floor: 1", "floor: twelve"),
    );
    t.write(
        "parties/P-20261101-AAAAAA.yaml",
        &OWNER.replace("13812345678", "138-CALL-ME"),
    );
    t.write("units/A-102.yaml", &UNIT.replace("A-101", "A-102"));
    let run = t.run(&["check"]);
    assert_eq!(run.fails(1), "error: checked 4 files: 3 problems\n");
    assert_eq!(
        run.stdout,
        "parties/P-20261101-AAAAAA.yaml:7: invalid phone \"138****L-ME\": 'C' (character 5) is not a digit; expected 5 to 20 digits, like 13812345678 or 010-65881234\n\
         units/A-101.yaml:3: invalid floor \"twelve\": expected a whole number, like 12\n\
         units/B-201.yaml:5: unknown use \"flat\": expected office, shop, home, parking\n"
    );
}

#[test]
fn one_file_with_several_problems_reports_each_in_line_order() {
    let t = Test::office();
    t.write(
        "units/A-101.yaml",
        "id: A-101\nbuilding: A\nfloor: 999\narea: \"97.25\"\nuse: shop\nowner: P-20261101-ZZZZZZ\nstatus: occupied\n",
    );
    let run = t.run(&["check"]);
    assert_eq!(run.fails(1), "error: checked 1 file: 3 problems\n");
    let located: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with("  hint:"))
        .collect();
    assert_eq!(
        located,
        [
            "units/A-101.yaml:3: floor 999 is out of range (-20 to 300)",
            "units/A-101.yaml:6: owner \"P-20261101-ZZZZZZ\" is not a party in parties/",
            "units/A-101.yaml:7: status is occupied but no occupant is named",
        ]
    );
}

#[test]
fn json_format_lists_each_problem_with_path_line_message_and_hint() {
    let t = Test::office();
    t.write("units/A-101.yaml", &format!("{UNIT}colour: red\n"));
    t.write("units/notes.txt", "keys at the desk\n");
    let run = t.run(&["check", "--format", "json"]);
    run.fails(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(
        v,
        serde_json::json!([
            {
                "path": "units/A-101.yaml",
                "line": 7,
                "message": "unknown field \"colour\": expected one of id, building, floor, area, use, owner, occupant, status, fees_from, fees_until, note, history",
                "hint": "check the spelling; the fields a record may have are in the README",
            },
            {
                "path": "units/notes.txt",
                "line": null,
                "message": "not a record file",
                "hint": "units/ holds one <ID>.yaml file per record; move other files elsewhere",
            },
        ])
    );
}

#[test]
fn json_format_of_a_clean_office_is_an_empty_array() {
    let t = Test::office();
    t.write("units/A-101.yaml", UNIT);
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.ok().trim(), "[]");
}

#[test]
fn a_record_in_a_file_that_is_not_utf8_names_the_line_with_the_bad_bytes() {
    let run = office_with(&fixtures().join("invalid/not-utf8-gbk")).run(&["check"]);
    run.fails(1);
    assert!(
        run.stdout
            .starts_with("units/A-101.yaml:7: not valid UTF-8 text\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("GBK"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_symlinked_record_is_reported_as_not_a_regular_file() {
    let t = Test::office();
    t.write("elsewhere/A-101.yaml", UNIT);
    std::os::unix::fs::symlink(
        t.path().join("elsewhere/A-101.yaml"),
        t.path().join("units/A-101.yaml"),
    )
    .unwrap();
    let run = t.run(&["check"]);
    assert_eq!(run.fails(1), "error: checked 1 file: 1 problem\n");
    assert_eq!(
        run.stdout,
        "units/A-101.yaml: not a regular file (a link or a folder)\n  \
         hint: records must be plain files; replace the link with the file itself\n"
    );
    let show = t.run(&["unit", "show", "A-101"]);
    assert!(
        show.fails(1)
            .starts_with("error: units/A-101.yaml: not a regular file"),
        "{}",
        show.stderr
    );
}

#[test]
fn a_record_over_one_mebibyte_is_refused_without_reading_it() {
    let t = Test::office();
    let big = format!("{UNIT}note: \"{}\"\n", "x".repeat(1024 * 1024));
    t.write("units/A-101.yaml", &big);
    let run = t.run(&["check"]);
    assert_eq!(run.fails(1), "error: checked 1 file: 1 problem\n");
    assert_eq!(
        run.stdout,
        format!(
            "units/A-101.yaml: file is {} bytes; a record may have at most 1048576\n",
            big.len()
        )
    );
}

#[test]
fn a_record_of_exactly_one_mebibyte_is_still_read() {
    let t = Test::office();
    let head = format!("{UNIT}note: \"");
    let text = format!("{head}{}\"\n", "x".repeat(1024 * 1024 - head.len() - 2));
    assert_eq!(text.len(), 1024 * 1024);
    t.write("units/A-101.yaml", &text);
    t.run(&["check"]).ok();
}

#[test]
fn unit_ids_that_differ_only_in_case_are_reported_as_duplicates() {
    let t = Test::office();
    t.write("units/A-101.yaml", UNIT);
    t.write("units/a-101.yaml", &UNIT.replace("id: A-101", "id: a-101"));
    if t.files("units")
        .iter()
        .filter(|f| f.ends_with(".yaml"))
        .count()
        < 2
    {
        return; // a case-insensitive file system holds only one of them
    }
    let run = t.run(&["check"]);
    assert_eq!(run.fails(1), "error: checked 2 files: 3 problems\n");
    assert_eq!(
        run.stdout,
        "units/A-101.yaml:1: duplicate ID A-101: also in units/a-101.yaml\n  \
         hint: two records share an ID (two desks, or a copied file); give one of them a new ID\n\
         units/a-101.yaml:1: duplicate ID a-101: also in units/A-101.yaml\n  \
         hint: two records share an ID (two desks, or a copied file); give one of them a new ID\n\
         units/a-101.yaml:1: unit id \"a-101\" must be upper-case: expected \"A-101\"\n  \
         hint: rename the file to A-101.yaml and write `id: A-101` in it\n"
    );
}

#[test]
fn a_malformed_record_makes_unit_show_and_unit_list_fail_naming_file_and_line() {
    let t = Test::office();
    t.write(
        "units/A-101.yaml",
        &UNIT.replace("floor: 1", "floor: twelve"),
    );
    t.write("units/A-102.yaml", &UNIT.replace("A-101", "A-102"));
    let message =
        "error: units/A-101.yaml:3: invalid floor \"twelve\": expected a whole number, like 12\n";
    let show = t.run(&["unit", "show", "A-101"]);
    assert_eq!(show.fails(1), message);
    assert_eq!(show.stdout, "");
    for args in [&["unit", "list"][..], &["unit"]] {
        let list = t.run(args);
        assert!(
            list.fails(1).starts_with(message),
            "{args:?}: {}",
            list.stderr
        );
        assert!(
            list.stderr.contains("propdesk check"),
            "{args:?}: {}",
            list.stderr
        );
        assert_eq!(list.stdout, "", "{args:?}");
    }
    // The good record next to it is still shown.
    assert!(t.run(&["unit", "show", "A-102"]).ok().contains("A-102"));
}

#[test]
fn unit_and_party_commands_fail_cleanly_on_every_catalogue_case() {
    for case in cases("invalid") {
        let name = case_name(&case);
        let t = office_with(&case);
        for args in [
            &["unit", "show", "A-101"][..],
            &["unit", "list"],
            &["party", "list"],
        ] {
            let run = t.run(args);
            assert_no_panic(&run, &format!("{name}: {args:?}"));
            if run.code == 1 {
                assert!(
                    run.stderr.starts_with("error: "),
                    "{name}: {args:?}\n{}",
                    run.transcript()
                );
            }
        }
    }
}

#[test]
fn fixing_the_reported_line_makes_check_pass() {
    let t = Test::office();
    t.write("units/A-101.yaml", &UNIT.replace("use: shop", "use: flat"));
    let run = t.run(&["check"]);
    assert!(
        run.stdout.starts_with("units/A-101.yaml:5: "),
        "{}",
        run.stdout
    );
    t.write("units/A-101.yaml", UNIT);
    let run = t.run(&["check"]);
    run.ok();
    assert_eq!(run.stderr, "checked 1 file: no problems\n");
}
