//! Privacy (issue 21): phones and ID numbers are masked in everything propdesk prints,
//! `--dry-run` and `check` included; `--reveal` shows them in full and is logged in
//! `.propdesk/reveal.log` (never in git) and in the history of each record it showed;
//! a notice filed into `notices/` is masked unless `[privacy] full_numbers_in` lists
//! its kind, and never because of `--reveal`.

use crate::common::*;

const PHONE: &str = "13812345678";
const ID_NUMBER: &str = "110101199003071234";

/// A party with a phone, an ID number and an emergency contact; its ID.
fn add_zhang(t: &Test) -> String {
    t.run(&[
        "party",
        "add",
        "--name",
        "张三",
        "--role",
        "owner",
        "--phone",
        PHONE,
        "--id-number",
        ID_NUMBER,
        "--emergency",
        "李四:13900001111:配偶",
    ])
    .ok()
    .trim()
    .to_string()
}

/// The lines of the reveal log, each split into its tab-separated fields.
fn log(t: &Test) -> Vec<Vec<String>> {
    if !t.exists(".propdesk/reveal.log") {
        return Vec::new();
    }
    t.read(".propdesk/reveal.log")
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// `2026-11-23T09:30:00+08:00`: a date and time with its UTC offset.
fn is_iso_time_with_offset(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.len() == 25
}

#[test]
fn a_dry_run_of_a_party_edit_masks_the_old_and_new_numbers() {
    let t = Test::office();
    let id = add_zhang(&t);
    let run = t.run(&[
        "--dry-run",
        "party",
        "edit",
        &id,
        "--phone",
        "13987654321",
        "--id-number",
        "220102198512120021",
        "--emergency",
        "王五:13700002222",
    ]);
    let out = run.ok();
    for masked in [
        "- - \"138****5678\"",
        "+ - \"139****4321\"",
        "- id_number: \"1101**********1234\"",
        "+ id_number: \"2201**********0021\"",
        "+   phone: \"137****2222\"",
    ] {
        assert!(out.contains(masked), "{masked}\n{out}");
    }
    for full in [
        PHONE,
        "13987654321",
        ID_NUMBER,
        "220102198512120021",
        "13700002222",
    ] {
        assert!(!out.contains(full), "{full} in full\n{out}");
    }
    // Nothing shown in full, nothing logged.
    assert!(log(&t).is_empty());
    // With --reveal: in full, and logged (a dry run writes no history).
    let before = t.read(&format!("parties/{id}.yaml"));
    let run = t.run(&[
        "--dry-run",
        "--reveal",
        "party",
        "edit",
        &id,
        "--phone",
        "13987654321",
    ]);
    assert!(
        run.ok().contains(&format!("- - \"{PHONE}\""))
            && run.stdout.contains("+ - \"13987654321\""),
        "{}",
        run.stdout
    );
    let lines = log(&t);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0][3], id);
    assert_eq!(t.read(&format!("parties/{id}.yaml")), before);
}

#[test]
fn a_dry_run_masks_a_ticket_reporters_phone_too() {
    let t = Test::demo("zh-CN");
    let run = t.run(&[
        "--dry-run",
        "ticket",
        "new",
        "--kind",
        "repair",
        "--category",
        "plumbing",
        "--unit",
        "A-1203",
        "--channel",
        "phone",
        "--reporter",
        "王先生",
        "--phone",
        PHONE,
        "--description",
        "水龙头漏水",
        "--at",
        "09:00",
    ]);
    let out = run.ok();
    assert!(out.contains("+ phone: \"138****5678\""), "{out}");
    assert!(!out.contains(PHONE), "{out}");
}

#[test]
fn check_quotes_a_malformed_phone_and_id_number_masked() {
    let t = Test::office();
    t.write(
        "parties/P-20261101-AAAAAA.yaml",
        "id: P-20261101-AAAAAA\nkind: person\nname: 张三\nroles:\n- owner\nphones:\n- \"1381234x5678\"\nid_number: 110101-199003071234\n",
    );
    let run = t.run(&["check"]);
    run.fails(1);
    assert!(
        run.stdout.contains(
            "parties/P-20261101-AAAAAA.yaml:7: invalid phone \"138*****5678\": 'x' (character 8) is not a digit"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "parties/P-20261101-AAAAAA.yaml:8: invalid ID number \"1101***********1234\": '-' (character 7) is not a letter or digit"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("1234x5678") && !run.stdout.contains("199003071234"));
    // --reveal changes nothing here: check always masks, and logs nothing.
    let revealed = t.run(&["--reveal", "check"]);
    assert_eq!(revealed.stdout, run.stdout);
    assert!(log(&t).is_empty());
}

#[test]
fn reveal_party_show_writes_a_log_line_and_a_history_entry() {
    let t = Test::office();
    let id = add_zhang(&t);
    // Masked: nothing logged, nothing written.
    let before = t.read(&format!("parties/{id}.yaml"));
    t.run(&["party", "show", &id]).ok();
    assert!(log(&t).is_empty());
    assert_eq!(t.read(&format!("parties/{id}.yaml")), before);

    let run = t.run(&[
        "--by",
        "王芳",
        "--reveal",
        "party",
        "show",
        &id[id.len() - 6..],
    ]);
    assert!(
        run.ok().contains(PHONE) && run.stdout.contains(ID_NUMBER),
        "{}",
        run.stdout
    );
    let lines = log(&t);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(line.len(), 4, "{line:?}");
    assert!(is_iso_time_with_offset(&line[0]), "{line:?}");
    assert_eq!(line[1], "王芳");
    assert_eq!(
        line[2],
        format!(
            "propdesk --by 王芳 --reveal party show {}",
            &id[id.len() - 6..]
        )
    );
    assert_eq!(line[3], id);
    // The party's history says who saw its numbers, when and with what.
    let text = t.read(&format!("parties/{id}.yaml"));
    assert!(
        text.ends_with(
            "- at: \"2026-11-23T09:30:00+08:00\"\n  by: 王芳\n  event: revealed\n  note: propdesk party show\n"
        ),
        "{text}"
    );
    assert!(
        run.stderr.contains("logged in .propdesk/reveal.log"),
        "{}",
        run.stderr
    );
    // The history stays valid, and a second reveal is a second line.
    t.run(&["check"]).ok();
    t.run(&["--reveal", "party", "show", &id, "--format", "json"])
        .ok();
    assert_eq!(log(&t).len(), 2);
}

#[test]
fn a_reveal_whose_log_cannot_be_written_is_refused() {
    let t = Test::office();
    let id = add_zhang(&t);
    let before = t.read(&format!("parties/{id}.yaml"));
    // A folder where the log belongs: it cannot be appended to (whoever runs the test).
    std::fs::create_dir_all(t.path().join(".propdesk/reveal.log")).unwrap();
    let run = t.run(&["--reveal", "party", "show", &id]);
    let err = run.fails(1);
    assert!(
        err.starts_with(
            "error: --reveal refused: cannot write the reveal log .propdesk/reveal.log"
        ),
        "{err}"
    );
    assert_eq!(run.stdout, "", "nothing shown");
    assert_eq!(t.read(&format!("parties/{id}.yaml")), before, "no history");
    // The same for a list, a unit and a notice printed; without --reveal all is well.
    t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--owner", &id,
    ])
    .ok();
    for args in [
        &["--reveal", "party", "list"][..],
        &["--reveal", "unit", "show", "A-101"],
        &["--reveal", "notice", "contact-sheet", "A-101", "-o", "-"],
        &[
            "--reveal",
            "--dry-run",
            "party",
            "edit",
            &id,
            "--phone",
            "13900000000",
        ],
    ] {
        let run = t.run(args);
        run.fails(1);
        assert!(!run.stdout.contains(PHONE), "{args:?}: {}", run.stdout);
    }
    assert!(t.run(&["party", "show", &id]).ok().contains("138****5678"));
}

#[test]
fn a_notice_filed_with_reveal_stays_masked_unless_its_kind_is_in_full_numbers_in() {
    let t = Test::demo("zh-CN");
    let filed = "notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt";
    let run = t.run(&["--reveal", "notice", "contact-sheet", "A-1203"]);
    assert_eq!(run.ok(), format!("{filed}\n"));
    assert!(
        run.stderr
            .contains("warning: --reveal does not apply to a notice filed in the office"),
        "{}",
        run.stderr
    );
    let text = t.read(filed);
    assert!(text.contains("****"), "{text}");
    assert!(!text.contains("1380010"), "a phone in full\n{text}");
    assert!(log(&t).is_empty(), "nothing was shown in full");

    // Printed, it is a reveal: in full, and logged with the unit's parties.
    let printed = t.run(&["--reveal", "notice", "contact-sheet", "A-1203", "-o", "-"]);
    assert!(printed.ok().contains("1380010"), "{}", printed.stdout);
    let lines = log(&t);
    assert_eq!(lines.len(), 1);
    assert!(lines[0][2].ends_with("--reveal notice contact-sheet A-1203 -o -"));
    assert!(lines[0][3].starts_with("P-"), "{:?}", lines[0]);
    // Written into the office tree by -o, it is filed: masked.
    let inside = t.run(&[
        "--reveal",
        "notice",
        "contact-sheet",
        "A-1203",
        "-o",
        "notices/by-hand.txt",
    ]);
    inside.ok();
    assert!(!t.read("notices/by-hand.txt").contains("1380010"));

    // The office files its contact sheets in full: without --reveal, and not logged
    // (git keeps what was filed and who committed it).
    let toml = t.read("office.toml");
    t.write(
        "office.toml",
        &toml.replace(
            "full_numbers_in = []",
            "full_numbers_in = [\"contact-sheet\"]",
        ),
    );
    std::fs::remove_file(t.path().join(filed)).unwrap();
    t.run(&["notice", "contact-sheet", "A-1203"]).ok();
    assert!(t.read(filed).contains("1380010"), "{}", t.read(filed));
    assert_eq!(log(&t).len(), 1);
    // Its dry run shows what would be filed masked, unless --reveal (logged).
    std::fs::remove_file(t.path().join(filed)).unwrap();
    let dry = t.run(&["--dry-run", "notice", "contact-sheet", "A-1203"]);
    assert!(!dry.ok().contains("1380010"), "{}", dry.stdout);
    let dry = t.run(&["--dry-run", "--reveal", "notice", "contact-sheet", "A-1203"]);
    assert!(dry.ok().contains("1380010"), "{}", dry.stdout);
    assert_eq!(log(&t).len(), 2);
    // Another kind is still filed masked.
    let run = t.run(&["--reveal", "notice", "payment-notice", "A-1203"]);
    run.ok();
}

#[test]
fn the_reveal_log_is_not_tracked_by_git_even_without_the_offices_gitignore() {
    let t = Test::empty();
    t.run(&["init", ".", "--demo", "--name", "测试大厦"]).ok();
    // An office whose .gitignore forgot .propdesk/.
    std::fs::remove_file(t.path().join(".gitignore")).unwrap();
    t.git(&["add", "-u"]);
    t.git(&["commit", "-q", "-m", "no gitignore"]);
    let party = t
        .files("parties")
        .into_iter()
        .find(|f| f.ends_with(".yaml"))
        .unwrap()
        .trim_start_matches("parties/")
        .trim_end_matches(".yaml")
        .to_string();
    t.run(&["--reveal", "--commit", "party", "show", &party])
        .ok();
    assert_eq!(log(&t).len(), 1);
    t.git(&["check-ignore", "-q", ".propdesk/reveal.log"]);
    assert_eq!(t.git(&["ls-files", ".propdesk"]), "");
    let status = t.git(&["status", "--porcelain"]);
    assert!(!status.contains(".propdesk"), "{status}");
    // The history entry was committed with the party, the log was not.
    let committed = t.git(&["show", "--stat", "--format=%s", "HEAD"]);
    assert!(
        committed.contains("revealed (propdesk party show)")
            && committed.contains(&format!("parties/{party}.yaml"))
            && !committed.contains("reveal.log"),
        "{committed}"
    );
}

#[test]
fn a_reveal_of_many_records_is_one_log_line_and_writes_no_histories() {
    let t = Test::office();
    let mut csv = "name,roles,phones\n".to_string();
    for i in 0..25 {
        csv.push_str(&format!("住户{i},tenant,139000{i:05}\n"));
    }
    t.write("people.csv", &csv);
    t.run(&["party", "import", "people.csv"]).ok();
    let before: Vec<String> = t.files("parties").iter().map(|f| t.read(f)).collect();
    let run = t.run(&["--reveal", "party", "list", "--format", "csv"]);
    assert!(run.ok().contains("13900000024"), "{}", run.stdout);
    let lines = log(&t);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0][3].split(' ').count(), 25, "{:?}", lines[0]);
    let after: Vec<String> = t.files("parties").iter().map(|f| t.read(f)).collect();
    assert_eq!(
        before, after,
        "no history written for a reveal of 25 records"
    );
    assert!(run.stderr.contains("25 records"), "{}", run.stderr);
    // A list filtered to a few records notes each one's history.
    t.run(&["--reveal", "party", "list", "--name", "住户7"])
        .ok();
    assert_eq!(log(&t).len(), 2);
    let noted = t
        .files("parties")
        .iter()
        .filter(|f| t.read(f).contains("event: revealed"))
        .count();
    assert_eq!(noted, 1);
}

#[test]
fn unit_list_shows_no_numbers_so_reveal_logs_nothing_there() {
    let t = Test::demo("zh-CN");
    t.run(&["--reveal", "unit", "list"]).ok();
    t.run(&["--reveal", "agenda"]).ok();
    assert!(log(&t).is_empty());
    // unit show names the owner's and occupant's phones: a reveal.
    let run = t.run(&["--reveal", "unit", "show", "A-1203"]);
    assert!(run.ok().contains("1380010"), "{}", run.stdout);
    assert_eq!(log(&t).len(), 1);
}

#[test]
fn a_ticket_shown_with_reveal_is_logged_and_a_later_step_may_still_be_earlier() {
    let t = Test::demo("zh-CN");
    let id = t
        .run(&[
            "ticket",
            "new",
            "--kind",
            "repair",
            "--category",
            "plumbing",
            "--unit",
            "A-1203",
            "--channel",
            "phone",
            "--reporter",
            "王先生",
            "--phone",
            PHONE,
            "--description",
            "水龙头漏水",
            "--at",
            "09:00",
        ])
        .ok()
        .trim()
        .to_string();
    assert!(t.run(&["ticket", "show", &id]).ok().contains("138****5678"));
    let run = t.run(&[
        "--now",
        "2026-11-23T09:20",
        "--reveal",
        "ticket",
        "show",
        &id,
    ]);
    assert!(run.ok().contains(PHONE), "{}", run.stdout);
    assert_eq!(log(&t)[0][3], id);
    // The work order printed for the technician: the phone in full, logged again.
    let order = t.run(&["--reveal", "notice", "work-order", &id, "-o", "-"]);
    assert!(order.ok().contains(PHONE));
    assert_eq!(log(&t).len(), 2);
    // Dispatched at 09:05, typed after the 09:20 reveal: still a legal step.
    t.run(&[
        "--now",
        "2026-11-23T09:25",
        "ticket",
        "dispatch",
        &id,
        "--technician",
        "李师傅",
        "--at",
        "09:05",
    ])
    .ok();
    t.run(&["check"]).ok();
    let json = t.run(&["--format", "json", "ticket", "show", &id]);
    assert!(
        json.ok().contains("\"status\": \"dispatched\""),
        "{}",
        json.stdout
    );
}
