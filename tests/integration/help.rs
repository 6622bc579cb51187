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
fn a_format_only_one_command_writes_is_refused_elsewhere_with_exit_2() {
    let t = Test::office();
    for (args, format) in [
        (&["unit", "list"][..], "ics"),
        (&["check"][..], "html"),
        (&["agenda"][..], "html"),
        (&["report"][..], "ics"),
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        let err = t.run(&a).fails(2).to_string();
        assert!(
            err.contains(&format!("--format {format} is not available")),
            "{a:?}: {err}"
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
