//! `propdesk completions SHELL`, the hidden `propdesk man` and `--version`: what a user
//! installs next to the binary. Run outside any office, in the shells themselves where
//! they are installed.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// Every top-level subcommand a user sees (and completes).
const COMMANDS: &[&str] = &[
    "init",
    "unit",
    "party",
    "check",
    "agenda",
    "report",
    "notice",
    "ledger",
    "bill",
    "pay",
    "movein",
    "ticket",
    "permit",
    "dunning",
    "moveout",
    "completions",
];

/// Whether `program` runs here (`program --version` succeeds).
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// PATH with the folder of the built binary first, so scripts can call `propdesk`.
fn path_with_bin() -> std::ffi::OsString {
    let dir = bin().parent().unwrap().to_path_buf();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// Runs `script` in a non-interactive bash with `propdesk` on the PATH; returns stdout.
#[track_caller]
fn bash(cwd: &Path, script: &str) -> String {
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("PATH", path_with_bin())
        .env("HOME", cwd)
        .env_remove("PROPDESK_OFFICE")
        .current_dir(cwd)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "bash -c {script:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the bash completion offers for `words` (the last one being
/// completed, possibly empty), as bash calls the function on a Tab.
fn bash_offers(t: &Test, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let script = format!(
        r#"source <(propdesk completions bash) || exit 1
spec=$(complete -p propdesk) || exit 1
fn=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<<"$spec")
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
COMPREPLY=()
"$fn" propdesk '{cur}' '{prev}'
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" "),
        cur = words[cword],
    );
    bash(t.path(), &script)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bash_script_is_valid_and_registers_a_completion_for_propdesk() {
    let t = Test::empty();
    let script = t.run(&["completions", "bash"]).ok().to_string();
    let file = t.path().join("propdesk.bash");
    std::fs::write(&file, &script).unwrap();
    let out = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("run bash -n");
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = bash(
        t.path(),
        "source <(propdesk completions bash); complete -p propdesk",
    );
    assert!(
        spec.starts_with("complete ")
            && spec.contains(" -F ")
            && spec.trim_end().ends_with(" propdesk"),
        "{spec}"
    );
}

#[test]
fn bash_completes_subcommands_and_their_subcommands() {
    let t = Test::empty();
    let offers = bash_offers(&t, &["propdesk", "tic"]);
    assert_eq!(offers, ["ticket"], "propdesk tic<Tab>");
    let offers = bash_offers(&t, &["propdesk", "ticket", ""]);
    assert!(
        offers.iter().any(|o| o == "new"),
        "propdesk ticket <Tab>: {offers:?}"
    );
    let offers = bash_offers(&t, &["propdesk", "completions", ""]);
    for shell in ["bash", "zsh", "fish"] {
        assert!(offers.iter().any(|o| o == shell), "{shell}: {offers:?}");
    }
    let offers = bash_offers(&t, &["propdesk", ""]);
    for c in COMMANDS {
        assert!(
            offers.iter().any(|o| o == c),
            "propdesk <Tab> lacks {c}: {offers:?}"
        );
    }
    assert!(
        !offers.iter().any(|o| o == "man"),
        "the hidden `man` is offered: {offers:?}"
    );
}

#[test]
fn the_zsh_script_is_a_compdef_for_propdesk() {
    let t = Test::empty();
    let script = t.run(&["completions", "zsh"]).ok().to_string();
    assert!(
        script.starts_with("#compdef propdesk\n"),
        "{}",
        &script[..80]
    );
    if !installed("zsh") {
        println!("note: zsh is not installed; `zsh -n` of the script is skipped");
        return;
    }
    let file = t.path().join("_propdesk");
    std::fs::write(&file, &script).unwrap();
    let out = Command::new("zsh")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("run zsh");
    assert!(
        out.status.success(),
        "zsh -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_fish_script_completes_every_subcommand() {
    let t = Test::empty();
    let script = t.run(&["completions", "fish"]).ok().to_string();
    assert!(script.contains("complete -c propdesk"), "{script}");
    for c in COMMANDS {
        assert!(
            script.contains(&format!("-a \"{c}\"")),
            "the fish script lacks {c}"
        );
    }
    assert!(
        !script.contains("-a \"man\""),
        "the hidden `man` is offered"
    );
    if !installed("fish") {
        println!("note: fish is not installed; `fish --no-execute` of the script is skipped");
        return;
    }
    let file = t.path().join("propdesk.fish");
    std::fs::write(&file, &script).unwrap();
    let out = Command::new("fish")
        .arg("--no-execute")
        .arg(&file)
        .output()
        .expect("run fish");
    assert!(
        out.status.success(),
        "fish --no-execute: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_man_page_is_roff_listing_every_subcommand() {
    let t = Test::empty();
    let page = t.run(&["man"]).ok().to_string();
    assert!(
        page.lines().any(|l| l.starts_with(".TH propdesk 1 ")),
        "no .TH line:\n{page}"
    );
    assert!(page.lines().any(|l| l == ".SH NAME"), "{page}");
    assert!(page.contains("propdesk \\- The front desk"), "{page}");
    assert!(
        page.contains(env!("CARGO_PKG_VERSION")),
        "the page names no version"
    );
    for c in COMMANDS {
        assert!(
            page.contains(&format!("propdesk\\-{c}(1)")),
            "the man page lacks {c}"
        );
    }
    if !installed("man") {
        println!("note: man is not installed; rendering the page is skipped");
        return;
    }
    let file = t.path().join("propdesk.1");
    std::fs::write(&file, &page).unwrap();
    let out = Command::new("man")
        .args(["-l", "-P", "cat"])
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("run man");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "man -l: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("NAME") && text.contains("SUBCOMMANDS"),
        "{text}"
    );
    assert!(text.contains("completions"), "{text}");
}

#[test]
fn man_is_hidden_and_completions_is_listed_in_help() {
    let t = Test::empty();
    let help = t.run(&["--help"]).ok().to_string();
    let listed = |c: &str| {
        help.lines()
            .any(|l| l.trim_start().starts_with(&format!("{c} ")))
    };
    assert!(listed("completions"), "{help}");
    assert!(!listed("man"), "{help}");
}

#[test]
fn they_need_no_office_and_ignore_the_global_flags() {
    let t = Test::empty();
    let plain = t.run(&["completions", "bash"]).ok().to_string();
    // No office.toml anywhere up from here, and an office flag naming nothing.
    let with_flags = t
        .run(&[
            "completions",
            "bash",
            "--format",
            "json",
            "--office",
            "nowhere",
            "--dry-run",
            "--locale",
            "en",
        ])
        .ok()
        .to_string();
    assert_eq!(plain, with_flags);
    let page = t.run(&["--format", "csv", "man"]).ok().to_string();
    assert_eq!(page, t.run(&["man"]).ok());
    // A broken environment does not matter either.
    let out = Test::empty()
        .env("PROPDESK_SEED", "not a number")
        .run(&["completions", "zsh"]);
    assert!(out.ok().starts_with("#compdef propdesk"));
}

#[test]
fn an_unknown_shell_is_a_usage_error_listing_the_shells() {
    let t = Test::empty();
    let out = t.run(&["completions", "tcsh"]);
    let err = out.fails(2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    for shell in ["bash", "zsh", "fish"] {
        assert!(err.contains(shell), "{err}");
    }
    let err = t.run(&["completions"]).fails(2).to_string();
    assert!(err.contains("<SHELL>"), "{err}");
}

#[test]
fn version_prints_the_cargo_version() {
    let t = Test::empty();
    let expected = format!("propdesk {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(t.run(&["--version"]).ok(), expected);
    assert_eq!(t.run(&["-V"]).ok(), expected);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let t = Test::empty();
    let out = bash(
        t.path(),
        "set -o pipefail; propdesk completions fish | head -1 >/dev/null; propdesk man | head -c 10 >/dev/null",
    );
    assert!(out.is_empty(), "{out}");
}
