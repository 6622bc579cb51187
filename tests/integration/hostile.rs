//! What a desk can type (issue 21): control characters refused at input, wherever
//! they are typed, naming the argument or cell and the place; what a hand edit still
//! brings in is escaped on its way out (notices, calendars, spreadsheets).

use crate::common::*;

/// Every file of the office with its bytes (but propdesk's own `.propdesk/`).
fn files(t: &Test) -> Vec<(String, Vec<u8>)> {
    t.files(".")
        .into_iter()
        .filter(|f| !f.starts_with(".propdesk/"))
        .map(|f| {
            let bytes = std::fs::read(t.path().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_control_character_typed_in_any_argument_is_refused_naming_it_and_its_place() {
    let t = Test::records();
    let before = files(&t);
    let ticket = [
        "ticket",
        "new",
        "--kind",
        "repair",
        "--unit",
        "A-1203",
        "--channel",
        "phone",
        "--category",
        "plumbing",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [
                &ticket[..],
                &[
                    "--reporter",
                    "Bob\u{1b}]0;pwned\u{7}",
                    "--description",
                    "漏水",
                ],
            ]
            .concat(),
            "--reporter \"Bob\\e]0;pwned\\a\": the control character U+001B (\\e) at character 4",
        ),
        (
            [
                &ticket[..],
                &["--reporter", "Bob", "--description", "leak\u{1b}[2J"],
            ]
            .concat(),
            "--description \"leak\\e[2J\": the control character U+001B (\\e) at character 5",
        ),
        (
            [
                &ticket[..],
                &["--reporter", "Bob", "--description=两行\n第二行\u{1}"],
            ]
            .concat(),
            "--description \"两行\\n第二行\\x01\": the control character U+0001 (\\x01) at character 7",
        ),
        (
            [&ticket[..], &["--reporter", "Bob\nX", "--description", "x"]].concat(),
            "--reporter \"Bob\\nX\": a line break at character 4",
        ),
        (
            vec!["party", "add", "--name", "王\u{7}芳", "--role", "tenant"],
            "--name \"王\\a芳\": the control character U+0007 (\\a) at character 2",
        ),
        (
            vec!["unit", "show", "A-12\u{8}03"],
            "argument 3 \"A-12\\b03\": the control character U+0008 (\\b) at character 5",
        ),
        (
            vec!["pay", "A-1203", "100.00", "--ref", "R\u{9b}1"],
            "--ref \"R\\x9b1\": the control character U+009B (\\x9b) at character 2",
        ),
    ];
    for (args, said) in cases {
        let run = t.run(&args);
        let err = run.fails(2);
        assert!(
            err.starts_with(&format!("error: {said}")),
            "{args:?}:\n{err}"
        );
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
        assert!(err.contains("hint: "), "{err}");
    }
    assert!(files(&t) == before, "a refused command wrote something");

    // A line break is fine in a description, and only there.
    let run = t.run(
        &[
            &ticket[..],
            &["--reporter", "Bob", "--description", "两行\n第二行"],
        ]
        .concat(),
    );
    let id = run.ok().trim().to_string();
    assert!(t.run(&["ticket", "show", &id]).ok().contains("第二行"));
}

#[test]
fn an_imported_cell_with_a_control_character_is_refused_with_its_line_and_column() {
    let t = Test::records();
    let before = files(&t);
    t.write(
        "import.csv",
        "name,kind,roles,phones,note\n\"Evil\u{1b}[31m\",person,tenant,13800001111,\"two\nlines\"\nFine,person,tenant,13800001112,\"bell\u{7}\"\n",
    );
    let err = t
        .run(&["party", "import", "import.csv"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("import.csv:2: column \"name\" \"Evil\\e[31m\": the control character U+001B (\\e) at character 5"),
        "{err}"
    );
    assert!(
        err.contains("import.csv:4: column \"note\" \"bell\\a\": the control character U+0007 (\\a) at character 5"),
        "{err}"
    );
    assert!(
        !err.contains("import.csv:2: column \"note\""),
        "a line break in a note is fine: {err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    let after: Vec<_> = files(&t)
        .into_iter()
        .filter(|(f, _)| f != "import.csv")
        .collect();
    assert!(after == before, "a refused import wrote something");

    t.write("units.csv", "id,use,note\nA-9901,shop,\"ok\u{1b}\"\n");
    let err = t.run(&["unit", "import", "units.csv"]).fails(1).to_string();
    assert!(
        err.contains("units.csv:2: column \"note\" \"ok\\e\""),
        "{err}"
    );
}

#[test]
fn a_control_character_edited_into_a_record_reaches_no_notice_calendar_or_spreadsheet_raw() {
    let t = Test::records();
    let rel = "tickets/2026/11/T-20261113-T57RW2.yaml";
    let text = t.read(rel).replace(
        "description: \"天花（入驻验房缺陷）: 会议室天花板水渍\"",
        "description: \"天花（入驻验房缺陷）: 会议室天花板水渍\\e[2J\\a\"",
    );
    t.write(rel, &text);
    let party = "parties/P-20261102-1EKX7B.yaml";
    let text = t.read(party);
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap()
        .to_string();
    t.write(
        party,
        &text.replace(&format!("name: {name}"), "name: \"=HYPERLINK(\\e)\""),
    );

    // check reports both; the desk's outputs carry the escapes, never the characters.
    let check = t.run(&["check"]);
    assert!(
        check.stdout.contains(rel) && check.stdout.contains("control characters"),
        "{}",
        check.stdout
    );
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{7}');
    let notice = t.run(&["notice", "work-order", "T-20261113-T57RW2", "-o", "-"]);
    assert!(
        notice.ok().contains("会议室天花板水渍\\e[2J\\a"),
        "{}",
        notice.stdout
    );
    let html = t.run(&[
        "notice",
        "work-order",
        "T-20261113-T57RW2",
        "--html",
        "-o",
        "-",
    ]);
    assert!(!raw(html.ok()), "{}", html.stdout);
    let ics = t.run(&["agenda", "--days", "30", "--format", "ics"]);
    let unfolded = ics.ok().replace("\r\n ", "");
    assert!(unfolded.contains("会议室天花板水渍\\\\e[2J"), "{unfolded}");
    assert!(!raw(&ics.stdout));
    let csv = t.run(&["party", "list", "--format", "csv"]);
    assert!(csv.ok().contains("'=HYPERLINK(\\e)"), "{}", csv.stdout);
    assert!(!raw(&csv.stdout));
    let json = t.run(&["ticket", "show", "T-20261113-T57RW2", "--format", "json"]);
    assert!(
        json.ok().contains("\\u001b"),
        "JSON escapes it itself: {}",
        json.stdout
    );
}

#[test]
fn an_absurd_date_or_amount_is_refused_naming_the_argument_and_nothing_is_written() {
    let t = Test::records();
    let before = files(&t);
    let charge = [
        "bill",
        "charge",
        "A-1101",
        "10",
        "--item",
        "repair-fee",
        "--text",
        "x",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&charge[..], &["--due", "0000-01-01"]].concat(),
            "error: --due \"0000-01-01\": 0000-01-01 is outside the office's dates, 2000-01-01 to 2100-12-31",
        ),
        (
            [&charge[..], &["--due=2101-01-01"]].concat(),
            "error: --due \"2101-01-01\": 2101-01-01 is outside",
        ),
        (
            vec!["--now", "+10000-01-01T00:00", "ticket", "list"],
            "error: --now: +10000-01-01 is outside the office's dates",
        ),
        (
            vec!["--date", "1999-12-31", "agenda"],
            "error: --date: 1999-12-31 is outside",
        ),
        (
            vec!["report", "--month", "0000-01"],
            "error: --month \"0000-01\": 0000-01-01 is outside",
        ),
        (
            vec!["pay", "A-1101", "1800000000", "--ref", "R1"],
            "error: AMOUNT: 1800000000.00 is over the most one payment may be, 5000000.00 ([limits] payment)",
        ),
        (
            vec![
                "bill",
                "charge",
                "A-1101",
                "1000000.01",
                "--item",
                "repair-fee",
                "--text",
                "x",
            ],
            "error: AMOUNT: 1000000.01 is over the most one charge may be, 1000000.00 ([limits] charge)",
        ),
    ];
    for (args, said) in cases {
        let err = t.run(&args).fails(2).to_string();
        assert!(err.starts_with(said), "{args:?}:\n{err}");
        assert!(err.contains("hint: "), "{err}");
    }
    assert!(files(&t) == before, "a refused command wrote something");
    assert!(!t.exists("tickets/+10000"), "no folder of the year 10000");

    // A note may start with a date; the office's own bounds decide.
    t.run(&[
        "--dry-run",
        "ticket",
        "new",
        "--kind",
        "repair",
        "--unit",
        "A-1203",
        "--channel",
        "phone",
        "--category",
        "plumbing",
        "--reporter",
        "B",
        "--description",
        "1999-05-01 装修时的水管",
    ])
    .ok();
    let toml = t
        .read("office.toml")
        .replace("[office]\n", "[office]\nearliest = \"1990-01-01\"\n");
    t.write("office.toml", &toml);
    t.run(&["--date", "1999-12-31", "agenda"]).ok();
    t.write(
        "office.toml",
        &format!("{toml}\n[limits]\npayment = \"0.00\"\n"),
    );
    let err = t.run(&["unit", "list"]).fails(2).to_string();
    assert!(
        err.contains("[limits] payment = 0.00: expected an amount more than 0"),
        "{err}"
    );
}

/// The measure: a probe of 100 absurd or hostile inputs (dates, amounts,
/// control characters, formula cells, IDs, paths), each refused naming what was
/// wrong, or (a formula typed as a name) stored and neutralised where it goes out.
#[test]
fn a_probe_of_100_hostile_inputs_ends_with_each_refused_or_neutralised_and_named() {
    let t = Test::records();
    let before = files(&t);
    // (the command, what its error must name)
    let mut refused: Vec<(Vec<String>, String)> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    // Dates: 30.
    let dates = [
        "0000-01-01",
        "0001-01-01",
        "1899-12-31",
        "1970-01-01",
        "1999-12-31",
        "2101-01-01",
        "2999-12-31",
        "9999-12-31",
        "+10000-01-01",
        "0099-12-31",
    ];
    for d in dates {
        refused.push((
            s(&[
                "bill",
                "charge",
                "A-1101",
                "10",
                "--item",
                "repair-fee",
                "--text",
                "x",
                "--due",
                d,
            ]),
            format!("--due \"{d}\""),
        ));
        refused.push((s(&["--date", d, "agenda"]), "--date".into()));
        refused.push((
            s(&["pay", "A-1101", "10", "--received", d]),
            format!("--received \"{d}\""),
        ));
    }
    // Amounts: 10.
    for (cmd, amount) in [
        (vec!["pay", "A-1101"], "5000000.01"),
        (vec!["pay", "A-1101"], "99999999999"),
        (vec!["pay", "A-1101"], "1800000000.00"),
        (vec!["pay", "A-1101", "--deposit", "lease"], "1000000.01"),
        (
            vec!["ledger", "refund", "A-1101", "--deposit", "lease"],
            "2000000",
        ),
        (
            vec!["bill", "charge", "A-1101", "--item", "fine", "--text", "x"],
            "1000000.01",
        ),
        (
            vec![
                "bill",
                "waive",
                "A-1101",
                "--approver",
                "王",
                "--reason",
                "x",
            ],
            "1000001",
        ),
        (
            vec![
                "bill",
                "adjust",
                "A-1101",
                "--item",
                "fine",
                "--text",
                "x",
                "--approver",
                "王",
                "--reason",
                "x",
            ],
            "7000000",
        ),
        (
            vec![
                "bill", "charge", "A-1101", "--item", "energy", "--text", "x",
            ],
            "123456789.99",
        ),
        (vec!["pay", "A-1101"], "92233720368547758"),
    ] {
        let mut words = s(&cmd);
        words.insert(3.min(words.len()), amount.to_string());
        refused.push((words, amount.split('.').next().unwrap().to_string()));
    }
    // Control characters: 40, in names, references, IDs, notes and descriptions.
    let controls: Vec<char> = (1u8..=0x1f)
        .filter(|c| *c != b'\n')
        .map(char::from)
        .chain([
            '\u{7f}', '\u{80}', '\u{85}', '\u{9b}', '\u{9f}', '\u{8d}', '\u{90}', '\u{9d}',
            '\u{9e}', '\u{81}',
        ])
        .collect();
    for (i, c) in controls.iter().enumerate().take(40) {
        let text = format!("ab{c}cd");
        let (words, flag) = match i % 4 {
            0 => (
                s(&["party", "add", "--role", "tenant", "--name", &text]),
                "--name",
            ),
            1 => (s(&["pay", "A-1101", "10", "--ref", &text]), "--ref"),
            2 => (
                s(&[
                    "ticket",
                    "new",
                    "--kind",
                    "repair",
                    "--unit",
                    "A-1203",
                    "--channel",
                    "phone",
                    "--category",
                    "plumbing",
                    "--reporter",
                    "B",
                    "--description",
                    &text,
                ]),
                "--description",
            ),
            _ => (s(&["unit", "show", &text]), "argument 3"),
        };
        refused.push((words, format!("{flag} ")));
    }
    // IDs and paths: 10.
    for id in [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        "A-1203/../../x",
        "A-1203\\..\\x",
        "C:\\Windows\\x",
        "%2e%2e%2fx",
        "units/A-1203",
        "~root",
        "A-1203/",
    ] {
        refused.push((s(&["unit", "show", id]), String::new()));
    }
    assert_eq!(refused.len() + 10, 100, "the probe is 100 inputs");
    for (words, named) in &refused {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let run = t.run(&args);
        assert!(
            matches!(run.code, 1 | 2) && run.stderr.starts_with("error: ") && run.stdout.is_empty(),
            "{words:?} was not refused:\n{}",
            run.transcript()
        );
        assert!(
            run.stderr.lines().next().unwrap().contains(named.as_str()),
            "{words:?} does not name {named}:\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(|c: char| c.is_control() && c != '\n'),
            "{}",
            run.stderr
        );
    }
    assert!(files(&t) == before, "a refused input wrote something");

    // Formula cells: 10 names a spreadsheet would run, stored as typed and exported
    // inert.
    let formulas = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "=cmd|' /C calc'!A0",
        "=1+1",
        "+cmd",
        "-cmd",
        "@cmd",
    ];
    for f in formulas {
        let run = t.run(&["party", "add", "--role", "tenant", &format!("--name={f}")]);
        if f.starts_with('\t') {
            // A tab is a control character: refused where typed.
            assert!(run.fails(2).contains("--name"), "{}", run.stderr);
        } else {
            run.ok();
        }
    }
    let csv = t
        .run(&["party", "list", "--format", "csv"])
        .ok()
        .to_string();
    for f in formulas.iter().filter(|f| !f.starts_with('\t')) {
        let cell = f.replace('"', "\"\"");
        assert!(
            csv.contains(&format!("'{cell}")),
            "{f} is not neutralised:\n{csv}"
        );
    }
}
