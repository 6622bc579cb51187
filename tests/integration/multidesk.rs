//! Several desks, one office: each desk is a git clone of the office tree and they sync
//! through a shared remote (here a bare "server" repository), merging, not rebasing.
//!
//! With propdesk's merge driver (`.gitattributes` `*.yaml merge=propdesk`, the driver in
//! each clone's config: `init`, `propdesk git setup`, or `sync` when it is missing),
//! two desks' work on one record is joined: both payments on one ledger (numbered on,
//! the second clearing what the first left), both desks' steps and fields of one
//! record. Steps that cannot both stand (a ticket called back satisfied on one desk
//! and not on the other) are kept as a marked conflict that every command reads,
//! none writes, `check` and `sync` name, and `propdesk resolve` settles. A merge and
//! a rebase give the same office.
//!
//! Without the driver (a clone never set up, a plain `git pull`), git merges text:
//! two desks changing one record conflict, and `propdesk check` names the file, the
//! line of the first `<<<<<<<` and how to settle it; mid-merge it also lists the
//! unmerged files.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// One desk: a clone of the office with its clerk and its own ID randomness
/// (`PROPDESK_SEED`, or the operating system's when `None`, as in production).
struct Desk {
    dir: PathBuf,
    home: PathBuf,
    user: &'static str,
    seed: Option<&'static str>,
}

impl Desk {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("PROPDESK_NOW", NOW)
            .env("PROPDESK_USER", self.user)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LC_ALL", "C")
            .current_dir(&self.dir)
            .args(args);
        if let Some(seed) = self.seed {
            c.env("PROPDESK_SEED", seed);
        }
        c
    }

    /// propdesk at this desk.
    fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("run propdesk");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// propdesk at this desk, which must succeed; its stdout, trimmed.
    #[track_caller]
    fn ok(&self, args: &[&str]) -> String {
        self.run(args).ok().trim().to_string()
    }

    /// propdesk at this desk with the words of `line` as arguments (no value holds a
    /// space), which must succeed; its stdout, trimmed.
    #[track_caller]
    fn sh(&self, line: &str) -> String {
        self.ok(&line.split_whitespace().collect::<Vec<_>>())
    }

    /// Like [`Desk::sh`], for a command that must fail: its stderr.
    #[track_caller]
    fn sh_fails(&self, line: &str) -> String {
        let run = self.run(&line.split_whitespace().collect::<Vec<_>>());
        run.fails(1).to_string()
    }

    /// git at this desk, whatever it says.
    fn git_run(&self, args: &[&str]) -> Run {
        git(&self.home, &self.dir, args)
    }

    /// git at this desk, which must succeed; its stdout and stderr.
    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        let run = self.git_run(args);
        assert_eq!(run.code, 0, "git {args:?}\n{}", run.transcript());
        format!("{}{}", run.stdout, run.stderr)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The JSON of a list or show command (`line` as for [`Desk::sh`]).
    #[track_caller]
    fn json(&self, line: &str) -> serde_json::Value {
        let text = self.sh(&format!("{line} --format json"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{line}: {e}\n{text}"))
    }

    /// `pull`, as a clerk types it: a merge of what the other desks pushed.
    fn pull(&self) -> Run {
        self.git_run(&["pull", "--no-edit", "origin", "main"])
    }

    /// The refs of the payments on a unit's ledger, in entry order.
    fn payment_refs(&self, unit: &str) -> Vec<String> {
        self.json(&format!("ledger {unit}"))["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "payment")
            .map(|e| {
                let r = e["ref"].as_str().unwrap_or("-");
                format!("{} {r} {}", e["no"], e["by"].as_str().unwrap_or("-"))
            })
            .collect()
    }
}

fn git(home: &Path, dir: &Path, args: &[&str]) -> Run {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The demo tower with October billed and its collection cases opened, committed and
/// pushed to a bare "server"; desks A and B are clones of it.
struct Office {
    _t: Test,
    a: Desk,
    b: Desk,
}

impl Office {
    fn new(seed_a: Option<&'static str>, seed_b: Option<&'static str>) -> Office {
        let t = Test::empty();
        let home = t.path().to_path_buf();
        let office = home.join("office");
        t.run_in(&home, &["init", "office", "--demo", "--no-git"])
            .ok();
        t.run_in(
            &office,
            &["bill", "run", "--month", "2026-10", "--date", "2026-10-01"],
        )
        .ok();
        t.run_in(&office, &["dunning", "run"]).ok();
        let g = |dir: &Path, args: &[&str]| {
            let run = git(&home, dir, args);
            assert_eq!(run.code, 0, "git {args:?}\n{}", run.transcript());
        };
        g(&office, &["init", "-q", "-b", "main"]);
        g(&office, &["add", "-A"]);
        g(
            &office,
            &[
                "-c",
                "user.name=office",
                "-c",
                "user.email=office@tower",
                "commit",
                "-q",
                "-m",
                "the office",
            ],
        );
        g(&home, &["clone", "-q", "--bare", "office", "server.git"]);
        let desk = |name: &str, user: &'static str, seed: Option<&'static str>| {
            let dir = home.join(name);
            g(&home, &["clone", "-q", "server.git", name]);
            g(&dir, &["config", "user.name", user]);
            g(&dir, &["config", "user.email", &format!("{user}@tower")]);
            g(&dir, &["config", "pull.rebase", "false"]);
            Desk {
                dir,
                home: home.clone(),
                user,
                seed,
            }
        };
        let a = desk("desk-a", "clerk-a", seed_a);
        let b = desk("desk-b", "clerk-b", seed_b);
        Office { _t: t, a, b }
    }
}

/// The line of the first `<<<<<<<` in a file.
fn marker_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("<<<<<<< "))
        .expect("a conflict marker")
        + 1
}

#[test]
fn independent_work_on_two_desks_merges_cleanly_and_both_desks_end_identical() {
    let o = Office::new(Some("11"), Some("22"));
    let (a, b) = (&o.a, &o.b);
    let owner_302 = b.json("unit show A-302")["owner"]
        .as_str()
        .unwrap()
        .to_string();

    // Desk A: a new tenant and their move-in, a unit's note, a repair ticket
    // dispatched, A-1203's arrears paid (which closes its case), a partial payment on
    // A-1102, a call on A-1001's case, a contact sheet.
    let pa = a.sh("party add --name 赵一 --role tenant --phone 13800000001 \
         --emergency 赵二:13900000002:配偶 --commit");
    a.sh("unit edit A-1203 --note A-desk-note --commit");
    let ta = a.sh(
        "ticket new --kind repair --channel phone --unit A-1203 --reporter 王先生 \
         --phone 13812345678 --category plumbing --description 水龙头漏水 --priority urgent \
         --commit",
    );
    a.sh(&format!(
        "ticket dispatch {ta} --technician 李师傅 --commit"
    ));
    a.sh("pay A-1203 3785.35 --ref SK-A1 --method transfer --commit");
    a.sh("pay A-1102 50 --ref SK-A2 --method cash --commit");
    let ma = a.sh(&format!(
        "movein new --unit A-1003 --party {pa} --notice-date 2026-11-20 \
         --lease-start 2026-12-01 --commit"
    ));
    a.sh(&format!(
        "movein receive {ma} movein-notice lease-copy id-card-copy --from 赵一 --commit"
    ));
    a.sh("dunning log A-1001 --channel phone --outcome 答应周五前付款 --commit");
    a.sh("notice contact-sheet A-1203 --commit");

    // Desk B, the same morning: a contractor and a renovation permit approved, another
    // unit's status, a ticket dispatched and the technician on site, a payment on
    // A-1002, calls on A-1004's and A-1102's cases, a contact sheet.
    let pb = b.sh(
        "party add --name 钱三装饰 --kind company --role contractor --contact 钱经理 \
         --phone 13800000003 --commit",
    );
    b.sh("unit edit A-303 --status renovating --note B-desk-note --commit");
    let tb = b.sh(
        "ticket new --kind repair --channel visit --unit A-1001 --reporter 孙女士 \
         --phone 13812340000 --category electrical --description 灯不亮 --priority normal \
         --commit",
    );
    b.sh(&format!(
        "ticket dispatch {tb} --technician 周师傅 --commit"
    ));
    b.sh(&format!(
        "ticket arrive {tb} --at 10:05 --now 2026-11-23T10:10 --commit"
    ));
    b.sh("pay A-1002 1000 --ref SK-B1 --method cash --commit");
    let pmb = b.sh(&format!(
        "permit new --unit A-302 --applicant {owner_302} --contractor {pb} \
         --description 隔断 --from 2026-12-01 --to 2027-01-31 --workers 5 --commit"
    ));
    b.sh(&format!("permit approve {pmb} --as desk-clerk --commit"));
    b.sh("dunning log A-1004 --channel visit --outcome 上门催缴 --commit");
    b.sh("dunning log A-1102 --channel phone --outcome 下周付清 --commit");
    b.sh("notice contact-sheet A-101 --commit");

    // Different seeds, different IDs (one seed on both desks would repeat them: see
    // the last test).
    let ids = [&pa, &ta, &ma, &pb, &tb, &pmb];
    for (i, x) in ids.iter().enumerate() {
        assert!(!ids[i + 1..].contains(x), "{x} allocated twice: {ids:?}");
    }
    // Every change was committed: nothing is left in either working tree.
    assert_eq!(a.git(&["status", "--porcelain"]), "");
    assert_eq!(b.git(&["status", "--porcelain"]), "");

    // A pushes; B pulls (a merge: both sides committed) and pushes; A pulls.
    a.git(&["push", "-q", "origin", "main"]);
    let pulled = b.pull();
    assert_eq!(pulled.code, 0, "{}", pulled.transcript());
    assert!(
        pulled.stdout.contains("Merge made by"),
        "{}",
        pulled.transcript()
    );
    assert!(
        !pulled.stdout.contains("CONFLICT"),
        "{}",
        pulled.transcript()
    );
    b.git(&["push", "-q", "origin", "main"]);
    let pulled = a.pull();
    assert_eq!(pulled.code, 0, "{}", pulled.transcript());
    assert!(
        pulled.stdout.contains("Fast-forward"),
        "{}",
        pulled.transcript()
    );

    // Both desks hold the same commit, clean, and check finds nothing.
    assert_eq!(a.git(&["rev-parse", "HEAD"]), b.git(&["rev-parse", "HEAD"]));
    for d in [a, b] {
        assert_eq!(d.git(&["status", "--porcelain"]), "");
        let check = d.run(&["check"]);
        assert_eq!(check.ok(), "");
        assert!(check.stderr.contains("no problems"), "{}", check.stderr);
    }
    assert_eq!(
        a.sh("unit list --format json"),
        b.sh("unit list --format json")
    );

    // Every record and every entry from both desks is on both desks.
    for d in [a, b] {
        assert_eq!(d.json(&format!("party show {pa}"))["name"], "赵一");
        assert_eq!(d.json(&format!("party show {pb}"))["name"], "钱三装饰");
        let t = d.json(&format!("ticket show {ta}"));
        assert_eq!(t["status"], "dispatched");
        assert_eq!(t["technician"], "李师傅");
        let t = d.json(&format!("ticket show {tb}"));
        assert_eq!(t["status"], "on-site");
        assert_eq!(t["technician"], "周师傅");
        assert_eq!(d.json(&format!("movein show {ma}"))["unit"], "A-1003");
        assert_eq!(d.json(&format!("permit show {pmb}"))["unit"], "A-302");
        assert_eq!(d.json("unit show A-1203")["note"], "A-desk-note");
        let u = d.json("unit show A-303");
        assert_eq!(u["status"], "renovating");
        assert_eq!(u["note"], "B-desk-note");
        assert_eq!(d.payment_refs("A-1203"), ["3 SK-A1 clerk-a"]);
        assert_eq!(d.payment_refs("A-1002"), ["3 SK-B1 clerk-b"]);
        assert!(d.read("dunning/A-1203.yaml").contains("status: closed"));
        assert!(d.read("dunning/A-1001.yaml").contains("答应周五前付款"));
        assert!(d.read("dunning/A-1004.yaml").contains("上门催缴"));
        // One unit, two desks, two files: A's payment and B's call on A-1102 both stand.
        assert_eq!(d.payment_refs("A-1102"), ["3 SK-A2 clerk-a"]);
        assert!(d.read("dunning/A-1102.yaml").contains("下周付清"));
        for unit in ["A-1203", "A-101"] {
            let rel = format!("notices/2026/11/20261123-{unit}-contact-sheet.zh-CN.txt");
            assert!(d.dir.join(&rel).is_file(), "{rel}");
        }
    }
}

#[test]
fn both_desks_changing_one_record_conflict_and_check_names_each_file_and_line() {
    let o = Office::new(Some("11"), Some("22"));
    let (a, b) = (&o.a, &o.b);
    // A ticket both desks know.
    let t = a.sh(
        "ticket new --kind repair --channel phone --unit A-1203 --reporter 王先生 \
         --phone 13812345678 --category plumbing --description 漏水 --priority urgent \
         --commit",
    );
    a.git(&["push", "-q", "origin", "main"]);
    assert_eq!(b.pull().code, 0);

    // The same records, changed on both desks: a payment on one ledger, one ticket
    // dispatched, one unit given two new owners.
    let owner_a = a.sh("party add --name 新业主甲 --role owner --commit");
    let owner_b = b.sh("party add --name 新业主乙 --role owner --commit");
    for (d, pay, tech, owner) in [
        (a, "100 --ref A1", "李师傅", &owner_a),
        (b, "200 --ref B1", "张师傅", &owner_b),
    ] {
        d.sh(&format!("pay A-1203 {pay} --commit"));
        d.sh(&format!("ticket dispatch {t} --technician {tech} --commit"));
        d.sh(&format!("unit edit A-1201 --owner {owner} --commit"));
    }
    // Different fields of one unit: still one record.
    a.sh("unit edit A-1101 --note 甲 --commit");
    b.sh("unit edit A-1101 --status renovating --commit");
    // One new unit number on both desks.
    a.sh("unit add A-105 --area 100 --use shop --commit");
    b.sh("unit add A-105 --area 120 --use shop --commit");
    // A's payment clears A-1001 and closes its case while B logs a call on it.
    let owed = a.json("ledger A-1001")["summary"]["owed_with_late_fees"]
        .as_str()
        .unwrap()
        .to_string();
    a.sh(&format!("pay A-1001 {owed} --ref A2 --commit"));
    assert!(a.read("dunning/A-1001.yaml").contains("status: closed"));
    b.sh("dunning log A-1001 --channel phone --outcome 没人接 --commit");

    a.git(&["push", "-q", "origin", "main"]);
    let pulled = b.pull();
    assert_eq!(pulled.code, 1, "{}", pulled.transcript());
    let ticket_file = format!("tickets/2026/11/{t}.yaml");
    let conflicted = [
        "dunning/A-1001.yaml",
        "ledger/A-1203/2026.yaml",
        &ticket_file,
        "units/A-105.yaml",
        "units/A-1101.yaml",
        "units/A-1201.yaml",
    ];
    for f in conflicted {
        let kind = if f == "units/A-105.yaml" {
            "add/add"
        } else {
            "content"
        };
        let says = format!("CONFLICT ({kind}): Merge conflict in {f}");
        assert!(
            pulled.stdout.contains(&says),
            "{says}\n{}",
            pulled.transcript()
        );
    }
    let unmerged = b.git(&["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged.lines().collect::<Vec<_>>(), conflicted);
    // The rest merged: both new owners, A's payment on A-1001.
    assert_eq!(b.json(&format!("party show {owner_a}"))["name"], "新业主甲");
    assert_eq!(b.payment_refs("A-1001"), ["3 A2 clerk-a"]);

    // Mid-merge: check names every unmerged file and the line of its first marker.
    let check = b.run(&["check"]);
    check.fails(1);
    let line = |f: &str| marker_line(&b.read(f));
    for f in conflicted {
        let what = if f == "units/A-105.yaml" {
            "both added"
        } else {
            "both changed"
        };
        let says = format!("{f}: not merged: a git merge stopped on a conflict here ({what})\n");
        assert!(check.stdout.contains(&says), "{says}\n{}", check.stdout);
        let says = format!(
            "{f}:{}: unresolved git merge conflict: <<<<<<< ======= >>>>>>> markers (",
            line(f)
        );
        assert!(check.stdout.contains(&says), "{says}\n{}", check.stdout);
        let hint = format!("hint: keep one side with `git checkout --ours -- {f}` or `--theirs`");
        assert!(check.stdout.contains(&hint), "{hint}\n{}", check.stdout);
    }
    assert!(
        check.stdout.contains("git merge --abort"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("git mergetool"), "{}", check.stdout);
    // Not a YAML error, and no knock-on problems: the ledger's unit is still a unit.
    assert!(!check.stdout.contains("expected"), "{}", check.stdout);
    assert!(
        !check.stdout.contains("not in the registry"),
        "{}",
        check.stdout
    );
    assert!(check.stderr.contains(": 12 problems"), "{}", check.stderr);

    // Every command reading such a record says the same, and changes nothing.
    for (cmd, f) in [
        ("ledger A-1203".to_string(), "ledger/A-1203/2026.yaml"),
        ("pay A-1203 1".to_string(), "ledger/A-1203/2026.yaml"),
        (format!("ticket show {t}"), ticket_file.as_str()),
        (
            format!("ticket arrive {t} --at 09:30"),
            ticket_file.as_str(),
        ),
        ("unit show A-1201".to_string(), "units/A-1201.yaml"),
        ("unit list".to_string(), "units/A-105.yaml"),
    ] {
        let err = b.sh_fails(&cmd);
        let says = format!("{f}:{}: unresolved git merge conflict", line(f));
        assert!(err.contains(&says), "{cmd}: {says}\n{err}");
        assert!(!err.contains("expected"), "{cmd}: {err}");
    }
    let status = b.git(&[
        "status",
        "--porcelain",
        "ledger/A-1203/2026.yaml",
        &ticket_file,
    ]);
    assert_eq!(
        status,
        format!("UU ledger/A-1203/2026.yaml\nUU {ticket_file}\n")
    );
    // Other records can be changed, but `--commit` cannot commit a few files in the
    // middle of a merge: the payment is saved (exit 0: a retry would pay twice), git's
    // refusal is a warning, and the payment goes into the merge commit.
    let run = b.run(&["pay", "A-1004", "10", "--ref", "B3", "--commit"]);
    run.ok();
    assert!(
        run.stderr
            .contains("warning: the change is saved but not committed")
            && run
                .stderr
                .contains("cannot do a partial commit during a merge"),
        "{}",
        run.stderr
    );
    assert_eq!(b.payment_refs("A-1004"), ["3 B3 clerk-b"]);

    // The clerk commits blindly: the markers are committed; check still names them.
    b.git(&["commit", "-q", "-a", "-m", "merge"]);
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(!check.stdout.contains("not merged"), "{}", check.stdout);
    let says = format!(
        "ledger/A-1203/2026.yaml:{}: unresolved git merge conflict",
        line("ledger/A-1203/2026.yaml")
    );
    assert!(check.stdout.contains(&says), "{}", check.stdout);
    assert!(check.stderr.contains(": 6 problems"), "{}", check.stderr);

    // Resolved as the hint says: one desk's version, the other desk's step redone.
    // (`HEAD^1` is this desk's side of the merge, `HEAD^2` the other desk's.)
    for (side, f) in [
        ("HEAD^2", "ledger/A-1203/2026.yaml"),
        ("HEAD^2", ticket_file.as_str()),
        ("HEAD^2", "units/A-1201.yaml"),
        ("HEAD^2", "units/A-105.yaml"),
        ("HEAD^2", "dunning/A-1001.yaml"),
        ("HEAD^1", "units/A-1101.yaml"),
    ] {
        b.git(&["checkout", side, "--", f]);
    }
    b.git(&["commit", "-q", "-a", "-m", "resolve"]);
    b.sh("pay A-1203 200 --ref B1 --commit");
    b.sh("unit edit A-1101 --note 甲 --commit");
    b.run(&["check"]).ok();
    b.git(&["push", "-q", "origin", "main"]);
    assert_eq!(a.pull().code, 0);
    assert_eq!(a.git(&["rev-parse", "HEAD"]), b.git(&["rev-parse", "HEAD"]));
    for d in [a, b] {
        d.run(&["check"]).ok();
        // Both payments, numbered in turn and allocated against the merged balance.
        assert_eq!(d.payment_refs("A-1203"), ["3 A1 clerk-a", "4 B1 clerk-b"]);
        assert_eq!(d.payment_refs("A-1004"), ["3 B3 clerk-b"]);
        assert_eq!(d.json(&format!("ticket show {t}"))["technician"], "李师傅");
        assert_eq!(d.json("unit show A-1201")["owner"], owner_a.as_str());
        assert_eq!(d.json("unit show A-105")["area"], "100.00");
        let u = d.json("unit show A-1101");
        assert_eq!(u["status"], "renovating");
        assert_eq!(u["note"], "甲");
    }
}

#[test]
fn one_pinned_seed_on_two_desks_makes_the_same_ids_and_the_os_randomness_does_not() {
    // The harness pins PROPDESK_SEED=1 for every run. Two desks with the same seed
    // make the same ID for the first record of a kind on the same day: git's add/add.
    let o = Office::new(Some("1"), Some("1"));
    let pa = o.a.sh("party add --name 甲 --role tenant --commit");
    let pb = o.b.sh("party add --name 乙 --role tenant --commit");
    assert_eq!(pa, pb);
    o.a.git(&["push", "-q", "origin", "main"]);
    let pulled = o.b.pull();
    assert_eq!(pulled.code, 1, "{}", pulled.transcript());
    let f = format!("parties/{pa}.yaml");
    let says = format!("CONFLICT (add/add): Merge conflict in {f}");
    assert!(pulled.stdout.contains(&says), "{}", pulled.transcript());
    let check = o.b.run(&["check"]);
    check.fails(1);
    let says = format!("{f}: not merged: a git merge stopped on a conflict here (both added)");
    assert!(check.stdout.contains(&says), "{}", check.stdout);
    let says = format!(
        "{f}:{}: unresolved git merge conflict",
        marker_line(&o.b.read(&f))
    );
    assert!(check.stdout.contains(&says), "{}", check.stdout);

    // Production: no seed, each process seeds from the operating system. Two desks at
    // the same minute make different IDs, and their records merge.
    let o = Office::new(None, None);
    let mut made = Vec::new();
    for d in [&o.a, &o.b] {
        for name in ["丙", "丁"] {
            made.push(d.sh(&format!("party add --name {name} --role tenant --commit")));
        }
    }
    let mut unique = made.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{made:?}");
    assert!(
        made.iter().all(|id| id.starts_with("P-20261123-")),
        "{made:?}"
    );
    o.a.git(&["push", "-q", "origin", "main"]);
    assert_eq!(o.b.pull().code, 0);
    for id in &made {
        o.b.sh(&format!("party show {id}"));
    }
    o.b.run(&["check"]).ok();
}

/// The same crontab on every desk bills once: `bill run` and `dunning run` run on the
/// desk `[git] runs_on` names and do nothing elsewhere, saying so.
#[test]
fn the_daily_jobs_run_on_the_desk_office_toml_names_and_nowhere_else() {
    let t = crate::money::billed().t;
    let toml = t
        .read("office.toml")
        .replace("runs_on = \"\"", "runs_on = \"A\"");
    assert!(toml.contains("runs_on = \"A\""));
    t.write("office.toml", &toml);
    let before = t.read("ledger/A-1203/2026.yaml");
    let desk_b = t.env("PROPDESK_DESK", "B");
    for job in [&["bill", "run"][..], &["dunning", "run"]] {
        let mut args = vec!["--date", "2026-12-01"];
        args.extend_from_slice(job);
        let run = desk_b.run(&args);
        assert_eq!(run.ok(), "", "{job:?}");
        assert!(
            run.stderr.contains(&format!(
                "{}: runs on desk A ([git] runs_on in office.toml); this is desk B: nothing done",
                job.join(" ")
            )),
            "{}",
            run.stderr
        );
    }
    assert_eq!(desk_b.read("ledger/A-1203/2026.yaml"), before);
    let desk_a = desk_b.env("PROPDESK_DESK", "A");
    let out = desk_a.run(&["--date", "2026-12-01", "bill", "run"]);
    assert!(out.ok().starts_with("A-1203\t"), "{}", out.stdout);
    assert_ne!(desk_a.read("ledger/A-1203/2026.yaml"), before);
}

/// `propdesk sync` takes the other desk's work in, lists it, checks the merged office
/// and pushes it: two desks working on different records end with the same tree.
#[test]
fn sync_brings_each_desks_work_to_the_other_and_both_end_identical() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let t = a.sh(
        "ticket new --kind repair --channel phone --unit A-1203 --reporter 王先生 \
         --phone 13812345678 --category plumbing --description 漏水 --priority urgent \
         --commit",
    );
    let t = t
        .lines()
        .next()
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .to_string();
    b.sh("pay A-1004 500 --ref B1 --commit");
    assert_eq!(a.ok(&["sync"]), "", "nothing came in yet");
    let came = b.ok(&["sync"]);
    assert!(
        came.contains(&format!("in\tnew\ttickets/2026/11/{t}.yaml")),
        "{came}"
    );
    // Who took which step, as each commit says it, before the files.
    let by = came
        .lines()
        .find(|l| l.starts_with("by\t"))
        .unwrap_or_default();
    assert!(by.starts_with("by\tclerk-a\t") && by.contains(&t), "{came}");
    let came = a.ok(&["sync"]);
    assert!(
        came.contains("in\tchanged\tledger/A-1004/2026.yaml"),
        "{came}"
    );
    let tree = |d: &Desk| d.git(&["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(a), tree(b));
    a.ok(&["check"]);
}

/// Both desks paying one unit change one record; propdesk's merge driver (set up by
/// `sync` in a clone that lacks it) keeps both payments, numbered on, the second
/// clearing what the first left: nothing to settle by hand, and both desks agree.
#[test]
fn both_desks_payments_on_one_unit_are_both_kept_and_the_desks_agree() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let owed = a.json("ledger A-1203")["summary"]["balance"]
        .as_str()
        .unwrap()
        .to_string();
    a.sh("pay A-1203 100 --ref A1 --commit");
    b.sh("pay A-1203 222 --ref B1 --commit");
    a.ok(&["sync"]);
    let came = b.ok(&["sync"]);
    assert!(
        came.contains("in\tchanged\tledger/A-1203/2026.yaml"),
        "{came}"
    );
    a.ok(&["sync"]);
    let refs = b.payment_refs("A-1203");
    let n = refs.len();
    assert!(n >= 2, "{refs:?}");
    assert!(
        refs[n - 2].contains(" A1 clerk-a") && refs[n - 1].contains(" B1 clerk-b"),
        "{refs:?}"
    );
    // The same two payments taken at one desk, one after the other: the same books.
    let one = Office::new(None, None);
    one.a.sh("pay A-1203 100 --ref A1 --commit");
    one.a.sh("pay A-1203 222 --ref B1 --commit");
    let entries = |d: &Desk| -> Vec<serde_json::Value> {
        let mut l = d.json("ledger A-1203");
        let list = l["entries"].as_array_mut().unwrap();
        for e in list.iter_mut() {
            let e = e.as_object_mut().unwrap();
            for k in ["by", "at", "receipt"] {
                e.remove(k);
            }
        }
        list.clone()
    };
    assert_eq!(entries(b), entries(&one.a));
    let balance = |d: &Desk| d.json("ledger A-1203")["summary"]["balance"].clone();
    assert_eq!(balance(b), balance(&one.a));
    assert_ne!(balance(b).as_str().unwrap(), owed);
    let tree = |d: &Desk| d.git(&["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(a), tree(b));
    a.ok(&["check"]);
    assert!(a.read(".gitattributes").contains("*.yaml merge=propdesk"));
    assert!(
        a.git(&["config", "merge.propdesk.driver"])
            .contains("merge-file %O %A %B %P")
    );
}

/// A ticket called back satisfied on one desk and not satisfied on the other: the
/// steps cannot both stand. The merge keeps both versions in the record, marked;
/// every command reads it, none writes it; `check` and `sync` name it; `resolve`
/// shows both and keeps one with who and why in the history.
#[test]
fn a_ticket_closed_on_one_desk_and_sent_back_on_the_other_is_kept_marked_and_resolved() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let t = a.sh(
        "ticket new --kind repair --channel phone --unit A-1203 --reporter 王先生 \
         --phone 13812345678 --category plumbing --description 漏水 --priority urgent --commit",
    );
    let t = t
        .split(|c: char| c == ':' || c.is_whitespace())
        .next()
        .unwrap()
        .to_string();
    for step in [
        "ticket dispatch {t} --technician 李师傅",
        "--now 2026-11-23T10:00 ticket arrive {t}",
        "--now 2026-11-23T11:00 ticket finish {t} --work 换阀门 --signed-by 王先生",
        "--now 2026-11-23T11:30 ticket return {t}",
    ] {
        a.sh(&format!("{} --commit", step.replace("{t}", &t)));
    }
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.sh(&format!(
        "--now 2026-11-23T14:00 ticket callback {t} --method phone --satisfied --score 5 --commit"
    ));
    b.sh(&format!("--now 2026-11-23T14:10 ticket callback {t} --method phone --not-satisfied --score 2 --commit"));
    a.ok(&["sync"]);
    let run = b.run(&["--now", "2026-11-23T15:00", "sync"]);
    run.fails(1);
    let file = format!("tickets/2026/11/{t}.yaml");
    assert!(
        run.stdout.contains(&format!("resolve\t{t}\t{file}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("two desks' versions after a merge: 1) clerk-a called-back 2026-11-23 14:00 (status); 2) clerk-b not-satisfied 2026-11-23 14:10 (status)"),
        "{}",
        run.stderr
    );
    // Pushed as it is: the other desk sees the same and may settle it.
    a.run(&["sync"]).fails(1);
    assert_eq!(a.read(&file), b.read(&file));
    // Read as the first version; never written until settled.
    assert_eq!(b.json(&format!("ticket show {t}"))["status"], "called-back");
    let refused = b.sh_fails(&format!("--now 2026-11-23T15:05 ticket close {t}"));
    assert!(
        refused.contains("holds two desks' versions after a merge")
            && refused.contains(&format!("propdesk resolve {t}")),
        "{refused}"
    );
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(
        check
            .stdout
            .contains(&format!("propdesk resolve {t} --keep 1|2 --why TEXT")),
        "{}",
        check.stdout
    );
    let shown = b.run(&["resolve", &t]);
    shown.fails(1);
    assert!(
        shown
            .stdout
            .contains("1\tclerk-a called-back 2026-11-23 14:00\n\tstatus: called-back"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("2\tclerk-b not-satisfied 2026-11-23 14:10\n\tstatus: dispatched"),
        "{}",
        shown.stdout
    );
    let no_why = b.run(&["resolve", &t, "--keep", "2"]);
    no_why.fails(2);
    let kept = b.ok(&[
        "--now",
        "2026-11-23T15:10",
        "resolve",
        &t,
        "--keep",
        "2",
        "--why",
        "租户复核仍漏水",
        "--commit",
    ]);
    assert_eq!(kept, t);
    let show = b.json(&format!("ticket show {t}"));
    assert_eq!(show["status"], "dispatched");
    let last = show["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "resolved");
    assert_eq!(last["by"], "clerk-b");
    assert_eq!(
        last["note"],
        "kept clerk-b not-satisfied 2026-11-23 14:10; set aside clerk-a called-back 2026-11-23 14:00: 租户复核仍漏水"
    );
    b.ok(&["check"]);
    b.ok(&["--now", "2026-11-23T15:20", "sync"]);
    a.ok(&["--now", "2026-11-23T15:20", "sync"]);
    a.ok(&["check"]);
    // And it walks on.
    a.sh(&format!(
        "--now 2026-11-23T16:00 ticket arrive {t} --commit"
    ));
}

/// A merge and a rebase of the same two desks' work give the same office.
#[test]
fn merge_and_rebase_give_the_same_office() {
    let mut trees = Vec::new();
    for rebase in [false, true] {
        let o = Office::new(Some("11"), Some("22"));
        let (a, b) = (&o.a, &o.b);
        a.sh("pay A-1203 100 --ref A1 --commit");
        a.sh("--now 2026-11-23T10:00 unit edit A-1101 --note 甲 --commit");
        b.sh("--now 2026-11-23T09:40 pay A-1203 222 --ref B1 --commit");
        b.sh("--now 2026-11-23T09:50 unit edit A-1101 --status renovating --commit");
        b.sh("--now 2026-11-23T09:55 pay A-1203 50 --ref B2 --commit");
        a.ok(&["sync"]);
        let sync = if rebase {
            vec!["sync", "--rebase"]
        } else {
            vec!["sync"]
        };
        b.ok(&sync);
        b.ok(&["check"]);
        let ledger = b.read("ledger/A-1203/2026.yaml");
        let unit = b.read("units/A-1101.yaml");
        assert!(
            unit.contains("note: 甲") && unit.contains("status: renovating"),
            "{unit}"
        );
        trees.push((ledger, unit));
    }
    assert_eq!(trees[0], trees[1]);
}

/// Under a rebase git's "ours" is the other desks' side: sync and check say the
/// settling commands that keep the right version, and how to undo it.
#[test]
fn a_sync_by_rebase_that_stops_says_the_rebases_own_commands() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    // A file that is not a record (the desks' own notes) is merged by git as text,
    // and the same line changed on both desks stops the sync.
    std::fs::write(a.dir.join("desk-notes.txt"), "notes\n").unwrap();
    a.git(&["add", "desk-notes.txt"]);
    a.git(&["commit", "-q", "-m", "notes"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    for (d, name) in [(a, "甲"), (b, "乙")] {
        std::fs::write(d.dir.join("desk-notes.txt"), format!("{name}\n")).unwrap();
        d.git(&["commit", "-q", "-am", "name"]);
    }
    a.ok(&["sync"]);
    let run = b.run(&["sync", "--rebase"]);
    run.fails(1);
    assert!(
        run.stderr
            .contains("this desk's with `git checkout --theirs -- FILE`")
            && run.stderr.contains("git rebase --continue"),
        "{}",
        run.stderr
    );
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(
        check
            .stdout
            .contains("a git rebase stopped on a conflict here")
            && check.stdout.contains("git rebase --abort")
            && !check.stdout.contains("git merge --abort"),
        "{}",
        check.stdout
    );
}

/// A month of the documented crontab on two desks, each desk doing the day's work:
/// desk A bills on the 1st (`[git] runs_on = "A"`), both run the Sunday ladder and
/// `examples/daily.sh` every morning; during the day both take tickets and payments
/// on the same units, desk B also takes a tenant and opens their move-in and a
/// renovation permit. Every sync goes through without a conflict, and the month
/// ends with both desks on the same tree and `check` clean.
#[test]
fn a_month_of_the_crontab_on_two_desks_ends_without_a_conflict_and_with_one_office() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let toml = a
        .read("office.toml")
        .replace("runs_on = \"\"", "runs_on = \"A\"");
    std::fs::write(a.dir.join("office.toml"), toml).unwrap();
    a.git(&["commit", "-q", "-am", "bill and run the ladder on desk A"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    for (d, code) in [(a, "A"), (b, "B")] {
        d.git(&["config", "propdesk.desk", code]);
    }
    let daily = |d: &Desk, now: &str| {
        let out = Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/daily.sh"))
            .current_dir(&d.dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &d.home)
            .env("PROPDESK", bin())
            .env("PROPDESK_OFFICE", &d.dir)
            .env("PROPDESK_NOW", now)
            .env("PROPDESK_USER", d.user)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LC_ALL", "C")
            .output()
            .expect("daily.sh");
        assert!(
            out.status.success(),
            "daily.sh on {} at {now}: {}\n{}",
            d.user,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let at = |day: &chrono::NaiveDate, hm: &str| format!("{day}T{hm}");
    let start: chrono::NaiveDate = "2026-11-24".parse().unwrap();
    let mut tenant = String::new();
    for n in 0..31 {
        let day = start + chrono::Days::new(n);
        use chrono::Datelike;
        if day.day() == 1 {
            for d in [a, b] {
                d.ok(&["--now", &at(&day, "07:20"), "bill", "run", "--commit"]);
            }
        }
        if day.weekday() == chrono::Weekday::Sun {
            for d in [a, b] {
                d.ok(&["--now", &at(&day, "07:35"), "dunning", "run", "--commit"]);
            }
            continue;
        }
        daily(a, &at(&day, "07:40"));
        daily(b, &at(&day, "07:41"));
        // The day's work on both desks, on the same units.
        for (d, hm, unit) in [
            (a, "10:00", "A-1203"),
            (b, "10:05", "A-1203"),
            (b, "11:00", "A-1102"),
        ] {
            let now = at(&day, hm);
            d.sh(&format!("--now {now} pay {unit} 100 --commit"));
            let t = d.sh(&format!(
                "--now {now} ticket new --kind repair --channel phone --unit {unit} --reporter 王先生 \
                 --phone 13812345678 --category plumbing --description 漏水 --priority urgent --commit"
            ));
            let t = t
                .split(|c: char| c == ':' || c.is_whitespace())
                .next()
                .unwrap()
                .to_string();
            d.sh(&format!(
                "--now {now} ticket dispatch {t} --technician 李师傅 --commit"
            ));
        }
        if n == 2 {
            tenant = b.sh(&format!(
                "--now {} party add --name 新租户 --role tenant --commit",
                at(&day, "14:00")
            ));
            b.sh(&format!(
                "--now {} movein new --unit A-303 --party {tenant} --notice-date {day} \
                 --lease-start 2026-12-15 --lease-end 2027-12-14 --commit",
                at(&day, "14:10")
            ));
        }
        if n == 3 {
            let accountants = a.json("unit show A-1203")["occupant"]
                .as_str()
                .unwrap()
                .to_string();
            a.sh(&format!(
                "--now {} permit new --unit A-1203 --applicant {accountants} --contractor 华美装饰 \
                 --description 隔断及地毯 --from 2026-12-10 --to 2027-01-31 --workers 5 --commit",
                at(&day, "15:00")
            ));
        }
    }
    let last = start + chrono::Days::new(31);
    for d in [a, b, a] {
        d.ok(&["--now", &at(&last, "07:40"), "sync"]);
    }
    let tree = |d: &Desk| d.git(&["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(a), tree(b));
    a.ok(&["--now", &at(&last, "08:00"), "check"]);
    // Both desks' payments on A-1203 are all there, each once.
    let paid = a.payment_refs("A-1203");
    let by = |who: &str| paid.iter().filter(|p| p.ends_with(who)).count();
    assert!(
        by("clerk-a") >= 20 && by("clerk-a") == by("clerk-b"),
        "{paid:?}"
    );
    // December was billed once.
    let dec: Vec<_> = a.json("ledger A-1203")["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["kind"] == "charge"
                && e["item"] != "late-fee"
                && e["for"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("2026年12月")
        })
        .map(|e| e["item"].as_str().unwrap_or("-").to_string())
        .collect();
    let mut once = dec.clone();
    once.sort();
    once.dedup();
    assert!(!dec.is_empty() && dec.len() == once.len(), "{dec:?}");
    assert!(a.read(&format!("parties/{tenant}.yaml")).contains("新租户"));
}

/// `propdesk git setup` in a clone of an office made before the driver: the driver in
/// the clone's config, `.gitattributes` in the office, committed; run again, nothing
/// changes.
#[test]
fn git_setup_puts_the_driver_in_a_clone_and_the_attributes_in_the_office() {
    let o = Office::new(None, None);
    let a = &o.a;
    assert!(a.git_run(&["config", "merge.propdesk.driver"]).code != 0);
    a.run(&["git", "setup", "--commit"]).ok();
    assert!(a.read(".gitattributes").contains("*.yaml merge=propdesk"));
    let driver = a.git(&["config", "merge.propdesk.driver"]);
    assert!(
        driver.contains("propdesk' merge-file %O %A %B %P"),
        "{driver}"
    );
    assert!(a.git(&["status", "--porcelain"]).trim().is_empty());
    let head = a.git(&["rev-parse", "HEAD"]);
    a.run(&["git", "setup", "--commit"]).ok();
    assert_eq!(a.git(&["rev-parse", "HEAD"]), head);
}

/// One parking bay given at two desks for the same days: each desk alone refuses a
/// second permit for a bay held, but neither sees the other's. The merge is clean for
/// git; `sync` runs `check`, which names both permits, and pushes nothing until the
/// desk gives one of them another bay.
#[test]
fn a_parking_bay_given_at_two_desks_is_found_after_the_merge_and_nothing_is_pushed() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let occupant = |d: &Desk, unit: &str| {
        d.json(&format!("unit show {unit}"))["occupant"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let parking = |d: &Desk, unit: &str, bay: &str, from: &str| {
        let who = occupant(d, unit);
        d.run(&[
            "permit",
            "new",
            "--kind",
            "parking",
            "--unit",
            unit,
            "--applicant",
            &who,
            "--bay",
            bay,
            "--plate",
            "粤B12345",
            "--term",
            "year",
            "--from",
            from,
            "--commit",
        ])
    };
    let pa = parking(a, "A-1203", "B1-018", "2026-12-01")
        .ok()
        .trim()
        .to_string();
    // One desk alone refuses the bay for any day of that term.
    let refused = parking(a, "A-1004", "b1-018", "2027-11-30");
    assert_eq!(
        refused.fails(1),
        format!("error: bay b1-018 is held by parking permit {pa} from 2026-12-01 to 2027-11-30\n")
            + "hint: give another bay (--bay), or a term from 2027-12-01 (--from)\n"
    );
    parking(a, "A-1004", "B1-018", "2027-12-01").ok();
    // Desk B, not knowing, gives the same bay to A-1004 from January.
    let pb = parking(b, "A-1004", "B1-018", "2027-01-01")
        .ok()
        .trim()
        .to_string();
    a.ok(&["sync"]);
    let head = a.git(&["rev-parse", "HEAD"]);
    let run = b.run(&["sync"]);
    let err = run.fails(1);
    assert!(
        err.contains(&format!(
            "bay B1-018 is held by parking permit {pa} from 2026-12-01 to 2027-11-30, and by {pb} from 2027-01-01 to 2027-12-31 too"
        )),
        "{err}"
    );
    // Named with the file and the line of the bay.
    let file = format!("permits/2026/{pb}.yaml");
    let line = b
        .read(&file)
        .lines()
        .position(|l| l.trim_start().starts_with("bay:"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("{file}:{line}: bay B1-018")), "{err}");
    assert!(err.contains("nothing pushed"), "{err}");
    b.git(&["fetch", "-q"]);
    assert_eq!(b.git(&["rev-parse", "origin/main"]), head, "nothing pushed");
    // The desk gives its permit another bay and syncs: both desks end clean.
    let text = b.read(&file).replace("bay: B1-018", "bay: B1-019");
    std::fs::write(b.dir.join(&file), text).unwrap();
    b.git(&["commit", "-q", "-am", "B1-019 for A-1004"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    a.ok(&["check"]);
    assert!(a.read(&file).contains("bay: B1-019"), "{}", a.read(&file));
}

/// Two desks that make a record with one ID (pinned randomness: in production the IDs
/// are the operating system's and never meet) made two records: the merge driver never
/// joins them into one. Both are kept marked, `check` says one ID was made twice, and
/// `resolve` keeps one and shows the other to make again.
#[test]
fn one_id_made_at_two_desks_is_two_records_kept_apart_until_one_is_kept() {
    let o = Office::new(Some("1"), Some("1"));
    let (a, b) = (&o.a, &o.b);
    let pa = a.sh("party add --name 甲公司 --role tenant --phone 13800000001 --commit");
    let pb = b.sh("party add --name 乙公司 --role tenant --phone 13800000002 --commit");
    assert_eq!(pa, pb);
    a.ok(&["sync"]);
    let run = b.run(&["sync"]);
    run.fails(1);
    assert!(
        run.stdout
            .contains(&format!("resolve\t{pa}\tparties/{pa}.yaml")),
        "{}",
        run.transcript()
    );
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(
        check.stdout.contains(&format!("parties/{pa}.yaml:"))
            && check.stdout.contains(
                "two desks' versions after a merge: one ID made at two desks for two records: 1) "
            ),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("then make the other again"),
        "{}",
        check.stdout
    );
    // Every command reads the first; resolve keeps one and hands back the other.
    let kept = b.json(&format!("party show {pa}"))["name"].clone();
    let keep = if kept == "甲公司" { "1" } else { "2" };
    let run = b.run(&[
        "resolve",
        &pa,
        "--keep",
        keep,
        "--why",
        "两个台各建一户",
        "--commit",
    ]);
    run.ok();
    assert!(
        run.stderr.contains("the other is not kept under any ID") && run.stderr.contains("乙公司"),
        "{}",
        run.stderr
    );
    assert_eq!(b.json(&format!("party show {pa}"))["name"], "甲公司");
    b.sh("party add --name 乙公司 --role tenant --phone 13800000002 --commit");
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    a.ok(&["check"]);
}

/// A desk that pushes between this desk's pull and push: the push is refused, and
/// `sync` takes that desk's work too and pushes again, without a person.
#[test]
fn sync_takes_in_what_a_desk_pushed_meanwhile_and_pushes_again() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    a.sh("pay A-1203 100 --ref A1 --commit");
    b.sh("pay A-1004 200 --ref B1 --commit");
    // Desk A's push lands while desk B is between its pull and its push (B's
    // pre-push hook runs it, once).
    let hook = b.dir.join(".git/hooks/pre-push");
    let once = b.home.join("pushed-meanwhile");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e '{once}' ] && exit 0\ntouch '{once}'\ngit -C '{a}' push -q origin main >&2\n",
            once = once.display(),
            a = a.dir.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap();
    let run = b.run(&["sync"]);
    run.ok();
    assert!(once.exists(), "the hook ran");
    assert!(
        run.stderr.contains("the push was refused"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("in\tchanged\tledger/A-1203/2026.yaml"),
        "{}",
        run.stdout
    );
    // B's work went out: A takes it in.
    let came = a.ok(&["sync"]);
    assert!(
        came.contains("in\tchanged\tledger/A-1004/2026.yaml"),
        "{came}"
    );
    b.ok(&["sync"]);
    let tree = |d: &Desk| d.git(&["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(a), tree(b));
    b.git(&["fetch", "-q"]);
    assert_eq!(
        b.git(&["rev-parse", "origin/main"]),
        b.git(&["rev-parse", "HEAD"])
    );
}

/// Two desks give one receipt number to two payments of one unit (pinned randomness:
/// in production the numbers are the operating system's). Both payments are money
/// received and both stay in the merged book; the book is marked, `sync` pushes it
/// and names the number, `check` names both payments, and `resolve NUMBER --keep N`
/// keeps the number on one and gives the other a new receipt, filed. A desk that took
/// a payment before it saw the resolution merges it in without paying anyone twice.
#[test]
fn one_receipt_number_given_to_two_payments_is_kept_on_one_and_reissued_for_the_other() {
    let o = Office::new(Some("5"), Some("5"));
    let (a, b) = (&o.a, &o.b);
    let receipt_of = |out: &str| {
        out.split('/')
            .find_map(|p| p.split_once("-receipt").map(|(head, _)| head.to_string()))
            .and_then(|h| h.find("SJ-").map(|i| h[i..].to_string()))
            .unwrap()
    };
    let ra = receipt_of(&a.sh("pay A-1203 100 --ref A1 --commit"));
    let rb = receipt_of(&b.sh("pay A-1203 222 --ref B1 --commit"));
    assert_eq!(ra, rb, "the pinned seeds draw one number");
    a.ok(&["sync"]);
    let run = b.run(&["sync"]);
    run.fails(1);
    assert!(
        run.stdout
            .contains(&format!("resolve\t{ra}\tledger/A-1203/2026.yaml")),
        "{}",
        run.transcript()
    );
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(
        check.stdout.contains(&format!(
            "receipt {ra} given to two payments, both in the book: 1) clerk-a payment 100.00"
        )) && check.stdout.contains("2) clerk-b payment 222.00"),
        "{}",
        check.stdout
    );
    // Both payments count while it is settled.
    let refs = b.payment_refs("A-1203");
    assert!(
        refs.iter().any(|r| r.contains(" A1 ")) && refs.iter().any(|r| r.contains(" B1 ")),
        "{refs:?}"
    );
    // Meanwhile desk A, not yet synced, takes another payment on the unit.
    a.sh("pay A-1203 50 --ref A2 --commit");
    // Desk B keeps the number on its own payment: desk A's gets a new one.
    let shown = b.run(&["resolve", &ra]);
    shown.fails(1);
    assert!(
        shown.stdout.contains("1) clerk-a payment 100.00"),
        "{}",
        shown.stdout
    );
    // (Another seed: the pinned one would draw desk A's next number again.)
    let out = b
        .command(&[
            "resolve",
            &ra,
            "--keep",
            "2",
            "--why",
            "乙台先开票",
            "--commit",
        ])
        .env("PROPDESK_SEED", "9")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done = String::from_utf8_lossy(&out.stdout).into_owned();
    let new = done
        .lines()
        .find_map(|l| l.split("is given receipt ").nth(1))
        .and_then(|r| r.split(' ').next())
        .unwrap()
        .to_string();
    assert_ne!(new, ra);
    assert!(
        b.dir
            .join(format!("notices/2026/11/20261123-{new}-receipt.zh-CN.html"))
            .exists()
    );
    b.ok(&["check"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // Three payments, each once, each with a receipt of its own; both desks agree.
    let book = a.read("ledger/A-1203/2026.yaml");
    assert_eq!(book.matches("kind: payment").count(), 3, "{book}");
    assert_eq!(book.matches(&format!("receipt: {ra}")).count(), 1, "{book}");
    assert_eq!(
        book.matches(&format!("receipt: {new}")).count(),
        1,
        "{book}"
    );
    assert!(book.contains("乙台先开票"), "{book}");
    let tree = |d: &Desk| d.git(&["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(a), tree(b));
    a.ok(&["check"]);
}

/// A renovation permit approved at one desk and rejected at the other by the same
/// signer: the steps cannot both stand. The merge keeps both versions, marked; `check`
/// names both; `resolve` keeps one with who and why in the history, and the permit
/// then takes steps again.
#[test]
fn a_permit_approved_at_one_desk_and_rejected_at_the_other_is_kept_marked_and_resolved() {
    let o = Office::new(None, None);
    let (a, b) = (&o.a, &o.b);
    let owner = a.json("unit show A-302")["owner"]
        .as_str()
        .unwrap()
        .to_string();
    let contractor = a.sh(
        "party add --name 钱三装饰 --kind company --role contractor --contact 钱经理 \
         --phone 13800000003 --commit",
    );
    let pm = a.sh(&format!(
        "permit new --unit A-302 --applicant {owner} --contractor {contractor} \
         --description 隔断 --from 2026-12-01 --to 2027-01-31 --workers 5 --commit"
    ));
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.sh(&format!("permit approve {pm} --as desk-clerk --commit"));
    b.ok(&[
        "permit",
        "reject",
        &pm,
        "--as",
        "desk-clerk",
        "--reason",
        "图纸不全",
        "--commit",
    ]);
    a.ok(&["sync"]);
    let run = b.run(&["sync"]);
    run.fails(1);
    let file = format!("permits/2026/{pm}.yaml");
    assert!(
        run.stdout.contains(&format!("resolve\t{pm}\t{file}")),
        "{}",
        run.transcript()
    );
    let check = b.run(&["check"]);
    check.fails(1);
    assert!(
        check.stdout.contains(&format!("{file}:"))
            && check
                .stdout
                .contains("two desks' versions after a merge: 1) clerk-")
            && check.stdout.contains("approved")
            && check.stdout.contains("rejected"),
        "{}",
        check.stdout
    );
    // Every command reads it (the ticket's test shows none writes it).
    b.sh(&format!("permit show {pm}"));
    // Keep the rejection (whichever number it has), and the permit goes on from there.
    let shown = b.run(&["resolve", &pm]);
    let keep = match shown.stdout.find("rejected") < shown.stdout.find("approved") {
        true => "1",
        false => "2",
    };
    b.ok(&[
        "resolve",
        &pm,
        "--keep",
        keep,
        "--why",
        "图纸确实不全",
        "--commit",
    ]);
    let v = b.json(&format!("permit show {pm}"));
    assert_eq!(v["status"], "rejected", "{v:#}");
    let events: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert_eq!(events.last(), Some(&"resolved"), "{events:?}");
    b.ok(&["check"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    assert_eq!(a.json(&format!("permit show {pm}"))["status"], "rejected");
    a.ok(&["check"]);
}
