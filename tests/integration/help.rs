//! Every command's `--help`, and the commands not built yet.

use crate::common::*;

const COMMANDS: &[&str] = &[
    "init", "unit", "party", "check", "agenda", "report", "notice", "ledger", "bill", "pay",
    "movein", "ticket", "permit", "dunning", "moveout",
];

#[test]
fn top_level_help_lists_every_subcommand_of_the_program() {
    let t = Test::empty();
    let out = t.run(&["--help"]);
    let help = out.ok();
    for c in COMMANDS {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{c} "))),
            "--help lacks {c}:\n{help}"
        );
    }
    insta::assert_snapshot!("help", help);
}

#[test]
fn every_subcommand_has_help() {
    let t = Test::empty();
    for c in COMMANDS {
        let out = t.run(&[c, "--help"]);
        insta::assert_snapshot!(format!("help_{c}"), out.ok());
    }
    for sub in [
        ["unit", "add"],
        ["unit", "import"],
        ["party", "add"],
        ["party", "edit"],
        ["unit", "edit"],
        ["bill", "run"],
        ["bill", "charge"],
        ["bill", "waive"],
        ["ledger", "refund"],
        ["ledger", "apply"],
        ["dunning", "run"],
        ["dunning", "promise"],
        ["dunning", "approve"],
        ["dunning", "log"],
        ["dunning", "aging"],
        ["moveout", "new"],
        ["moveout", "inspect"],
    ] {
        let out = t.run(&[sub[0], sub[1], "--help"]);
        insta::assert_snapshot!(format!("help_{}_{}", sub[0], sub[1]), out.ok());
    }
}

#[test]
fn commands_not_built_yet_say_so_and_exit_2() {
    let t = Test::office();
    for (c, issue) in [("agenda", "procedures"), ("report", "procedures")] {
        let err = t
            .run(&[c, "new", "--priority", "urgent"])
            .fails(2)
            .to_string();
        assert!(
            err.contains("is not built yet") && err.contains(issue),
            "{c}: {err}"
        );
        let help = t.run(&[c, "--help"]);
        assert!(
            help.ok().contains("Not built yet"),
            "{c} --help should say it is not built yet"
        );
    }
}

#[test]
fn usage_errors_exit_2_with_a_suggestion() {
    let t = Test::office();
    let err = t.run(&["unti", "list"]).fails(2).to_string();
    assert!(err.contains("unit"), "{err}");
    let err = t
        .run(&["unit", "list", "--format", "xml"])
        .fails(2)
        .to_string();
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn version_prints_and_exits_0() {
    let out = Test::empty().run(&["--version"]);
    assert!(out.ok().starts_with("propdesk "));
}
