use crate::common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// propdesk's temp files (`.A-101.yaml.propdesk-<pid>-<i>.tmp`) left in the record folders.
fn temp_files(t: &Test) -> Vec<String> {
    ["units", "parties"]
        .iter()
        .flat_map(|d| t.files(d))
        .filter(|f| f.contains(".propdesk-") && f.ends_with(".tmp"))
        .collect()
}

/// The IDs of the records in a folder, from the file names.
fn ids_in(t: &Test, dir: &str) -> BTreeSet<String> {
    t.files(dir)
        .iter()
        .filter_map(|f| {
            f.strip_prefix(&format!("{dir}/"))?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .filter(|id| !id.starts_with('.'))
        .collect()
}

/// Every file of the office with its bytes, except propdesk's own working folder
/// (`.propdesk/`: the lock file names its holder, and is never committed).
fn snapshot(t: &Test) -> BTreeMap<String, Vec<u8>> {
    t.files(".")
        .into_iter()
        .map(|f| f.trim_start_matches("./").to_string())
        .filter(|f| !f.starts_with(".propdesk/"))
        .map(|f| {
            let bytes = fs::read(t.path().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn spawn(t: &Test, args: &[&str]) -> Child {
    t.command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn propdesk")
}

/// A CSV of `n` new units `C-<floor>00` .. numbered by floor, outside the office.
fn unit_csv(dir: &Path, floor: usize, n: usize) -> (String, Vec<String>) {
    let path = dir.join(format!("import-{floor}.csv"));
    let mut text = String::from("id,area,use\n");
    let mut ids = Vec::new();
    for j in 0..n {
        let id = format!("C-{floor}{j:02}");
        text.push_str(&format!("{id},{}.50,shop\n", 40 + j));
        ids.push(id);
    }
    fs::write(&path, text).unwrap();
    (path.to_string_lossy().into_owned(), ids)
}

/// A simple LCG, so that every run kills at the same pseudo-random moments.
fn lcg(seed: u64) -> u64 {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for _ in 0..3 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
    x >> 33
}

/// An office that is a git repository with everything committed.
fn office_in_git(t: &Test) {
    t.git(&["init", "--quiet"]);
    t.git(&["add", "-A"]);
    t.git(&["commit", "--quiet", "-m", "office"]);
}

// ---------------------------------------------------------------------------
// 1. Crashes
// ---------------------------------------------------------------------------

#[test]
fn a_writer_killed_at_any_moment_leaves_acknowledged_records_whole_and_imports_all_or_nothing() {
    let t = Test::office();
    let csv_dir = tempfile::tempdir().unwrap();
    let mut acknowledged_parties: Vec<String> = Vec::new();
    let mut acknowledged_units: Vec<String> = Vec::new();
    let (mut completed, mut killed, mut rolled_back, mut rolled_forward) = (0, 0, 0, 0);
    let party_args = |name: &str| -> Vec<String> {
        [
            "party",
            "add",
            "--name",
            name,
            "--role",
            "owner",
            "--phone",
            "13812345678",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // How long each kind of writer lives here, so that the kills spread over its whole
    // life (start-up, prepare, commit, publish) on fast and slow machines alike.
    let lifetime = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let start = Instant::now();
        let out = t.run(&args);
        let took = start.elapsed();
        (
            out.ok().trim().to_string(),
            took.clamp(Duration::from_millis(2), Duration::from_millis(40)),
        )
    };
    // The shorter of two runs of each: the first start of a binary is often slow.
    let mut life = [Duration::MAX; 2];
    for k in 0..2 {
        let (id, took) = lifetime(party_args(&format!("Warm-up {k}")));
        acknowledged_parties.push(id);
        life[0] = life[0].min(took);
        let (csv, ids) = unit_csv(csv_dir.path(), 200 + k, 20);
        let (_, took) = lifetime(vec!["unit".into(), "import".into(), csv]);
        acknowledged_units.extend(ids);
        life[1] = life[1].min(took);
    }
    // Where the commit point of each kind lies, learnt as the test goes: a kill that
    // found no journal or a `prepare` one was early, one after the change landed late.
    let mut aim = [life[0] * 3 / 4, life[1] * 3 / 4];

    for i in 0..100u64 {
        let kind = (i % 2) as usize;
        let r = lcg(i);
        // Half the kills anywhere in the writer's life, half around its commit point.
        let delay = if i % 4 < 2 {
            Duration::from_micros(r % (life[kind].as_micros() as u64 * 5 / 4))
        } else {
            aim[kind].mul_f64(0.9 + (r % 200) as f64 / 1000.0)
        };
        let parties_before = ids_in(&t, "parties");
        let units_before = ids_in(&t, "units");
        let name = format!("Crash {i}");
        let (mut child, import) = if kind == 0 {
            let args = party_args(&name);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            (spawn(&t, &args), None)
        } else {
            let (csv, ids) = unit_csv(csv_dir.path(), i as usize + 1, 20);
            (spawn(&t, &["unit", "import", &csv]), Some(ids))
        };
        std::thread::sleep(delay);
        child.kill().expect("kill the writer");
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let acked = match out.status.code() {
            Some(0) => true,
            None => false, // killed
            Some(c) => panic!("iteration {i}: writer failed on its own with exit {c}:\n{stderr}"),
        };
        if acked {
            completed += 1;
        } else {
            killed += 1;
        }
        // A journal past its commit point means the change has happened: the next
        // command must finish it, not drop it.
        let journal = fs::read_to_string(t.path().join(".propdesk/journal")).ok();
        let committed = journal
            .as_deref()
            .is_some_and(|j| j.lines().nth(1) == Some("commit"));
        let landed = ids_in(&t, "parties") != parties_before || ids_in(&t, "units") != units_before;
        if committed {
            rolled_forward += 1;
        } else if journal.is_some() {
            rolled_back += 1;
        }
        if i % 4 >= 2 && !committed {
            let late = acked || (journal.is_none() && landed);
            aim[kind] = if late {
                aim[kind].mul_f64(0.85)
            } else {
                aim[kind].mul_f64(1.15)
            };
        }

        // The next writer (`migrate`, which has nothing to do) completes or rolls back
        // whatever the killed writer left; readers leave it alone.
        t.run(&["migrate"]).ok();
        t.run(&["check"]).ok();
        assert!(
            !t.exists(".propdesk/journal"),
            "iteration {i}: the journal outlived the next command"
        );
        assert_eq!(
            temp_files(&t),
            Vec::<String>::new(),
            "iteration {i}: temp files left behind"
        );

        let parties_after = ids_in(&t, "parties");
        let units_after = ids_in(&t, "units");
        assert!(
            parties_before.is_subset(&parties_after),
            "iteration {i}: a party was lost"
        );
        assert!(
            units_before.is_subset(&units_after),
            "iteration {i}: a unit was lost"
        );
        match import {
            None => {
                assert_eq!(
                    units_after, units_before,
                    "iteration {i}: party add touched units/"
                );
                let new: Vec<_> = parties_after.difference(&parties_before).cloned().collect();
                assert!(new.len() <= 1, "iteration {i}: one party add made {new:?}");
                if committed {
                    assert_eq!(
                        new.len(),
                        1,
                        "iteration {i}: a committed party add was dropped"
                    );
                }
                if acked {
                    let id = stdout.trim().to_string();
                    assert_eq!(
                        new,
                        vec![id.clone()],
                        "iteration {i}: the acknowledged party {id:?} is not on disk"
                    );
                    acknowledged_parties.push(id);
                }
                if let Some(id) = new.first() {
                    assert!(
                        t.read(&format!("parties/{id}.yaml"))
                            .contains(&format!("name: {name}"))
                    );
                }
            }
            Some(ids) => {
                assert_eq!(
                    parties_after, parties_before,
                    "iteration {i}: unit import touched parties/"
                );
                let new: BTreeSet<String> =
                    units_after.difference(&units_before).cloned().collect();
                let all: BTreeSet<String> = ids.iter().cloned().collect();
                assert!(
                    new.is_empty() || new == all,
                    "iteration {i}: import landed in part: {} of {} units",
                    new.len(),
                    all.len()
                );
                if committed {
                    assert_eq!(new, all, "iteration {i}: a committed import was dropped");
                }
                if acked {
                    assert_eq!(
                        new, all,
                        "iteration {i}: an acknowledged import is not on disk"
                    );
                    acknowledged_units.extend(ids);
                }
            }
        }
    }
    eprintln!(
        "crash test (lifetimes {life:?}, commit points near {aim:?}): {completed} writers finished, {killed} killed; journals rolled back: {rolled_back}, forward: {rolled_forward}"
    );

    // Everything acknowledged is still there at the end, and the tree is clean.
    let parties = ids_in(&t, "parties");
    let units = ids_in(&t, "units");
    for id in &acknowledged_parties {
        assert!(parties.contains(id), "acknowledged party {id} lost");
    }
    for id in &acknowledged_units {
        assert!(units.contains(id), "acknowledged unit {id} lost");
    }
    t.run(&["check"]).ok();
    assert!(!t.exists(".propdesk/journal"));
    assert_eq!(temp_files(&t), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 2. Concurrent writers
// ---------------------------------------------------------------------------

#[test]
fn two_writers_with_the_same_seed_at_the_same_moment_never_share_or_lose_an_id() {
    const K: usize = 15;
    let t = Arc::new(
        Test::office()
            .env("PROPDESK_SEED", "7")
            .env("PROPDESK_LOCK_WAIT_MS", "10000"),
    );
    let barrier = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let (t, barrier) = (Arc::clone(&t), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for k in 0..K {
                    let name = format!("Writer {w} party {k}");
                    barrier.wait();
                    let run = t.run(&["party", "add", "--name", &name, "--role", "tenant"]);
                    ids.push(run.ok().trim().to_string());
                }
                ids
            })
        })
        .collect();
    let printed: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(printed.len(), 2 * K);
    let distinct: BTreeSet<String> = printed.iter().cloned().collect();
    assert_eq!(distinct.len(), 2 * K, "duplicate IDs printed: {printed:?}");
    assert_eq!(
        ids_in(&t, "parties"),
        distinct,
        "the files are exactly the printed IDs"
    );
    // Each file holds the party its writer named (nothing overwritten).
    let names: BTreeSet<String> = distinct
        .iter()
        .map(|id| {
            t.read(&format!("parties/{id}.yaml"))
                .lines()
                .find_map(|l| l.strip_prefix("name: ").map(str::to_string))
                .unwrap()
        })
        .collect();
    assert_eq!(names.len(), 2 * K, "{names:?}");
    t.run(&["check"]).ok();
    assert_eq!(temp_files(&t), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 3. The office lock
// ---------------------------------------------------------------------------

#[test]
fn a_second_writer_gives_up_with_exit_75_naming_the_pid_and_command_holding_the_lock() {
    let t = Test::office().env("PROPDESK_LOCK_WAIT_MS", "200");
    let holder = "pid 4242, user 李娜, started 2026-11-23 09:29:00 +08:00, running `propdesk unit import big.csv`";
    let path = t.path().join(".propdesk/lock");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    file.write_all(holder.as_bytes()).unwrap();
    file.flush().unwrap();
    file.lock().unwrap();

    let err = t
        .run(&[
            "party",
            "add",
            "--name",
            "王芳",
            "--role",
            "owner",
            "--phone",
            "13812345678",
        ])
        .fails(75)
        .to_string();
    assert!(err.starts_with("error: the office is busy: "), "{err}");
    assert!(err.contains(holder), "the holder is named: {err}");
    assert!(err.contains("waited 200 ms"), "{err}");
    assert!(err.contains("exit code 75"), "{err}");
    assert!(
        ids_in(&t, "parties").is_empty(),
        "nothing written while locked"
    );

    // Once the holder is gone the same command goes through.
    drop(file);
    t.run(&[
        "party",
        "add",
        "--name",
        "王芳",
        "--role",
        "owner",
        "--phone",
        "13812345678",
    ])
    .ok();
    assert_eq!(ids_in(&t, "parties").len(), 1);
}

/// A writer caught at `point` (`PROPDESK_PAUSE_AT`), holding the lock for `ms`: the
/// child, once its journal is on disk.
fn writer_paused_at(t: &Test, point: &str, ms: u64, args: &[&str]) -> Child {
    let child = t
        .command(args)
        .env("PROPDESK_PAUSE_AT", point)
        .env("PROPDESK_PAUSE_MS", ms.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !t.exists(".propdesk/journal") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the writer never began"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[test]
fn readers_never_wait_for_a_writer_and_read_the_office_as_committed() {
    let t = Test::office().env("PROPDESK_LOCK_WAIT_MS", "60000");
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    t.run(&["party", "add", "--name", "王芳", "--role", "owner"])
        .ok();
    let add = ["party", "add", "--name", "新租户 李", "--role", "tenant"];
    let mut writer = writer_paused_at(&t, "prepared", 30_000, &add);

    // The writer holds the lock with its change prepared: readers take no lock, so
    // they neither wait the writer's 30 s nor the lock wait's 60 s, and read what is
    // committed (the change is not).
    let start = Instant::now();
    let parties = t.run(&["party", "list"]).ok().to_string();
    assert!(
        parties.contains("王芳") && !parties.contains("新租户"),
        "{parties}"
    );
    t.run(&["unit", "list"]).ok();
    t.run(&["unit", "show", "A-101"]).ok();
    t.run(&["agenda"]).ok();
    t.run(&["check"]).ok();
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the readers finished while the writer held the lock ({:?})",
        start.elapsed()
    );

    // A second writer waits its PROPDESK_LOCK_WAIT_MS, then exits 75 naming the
    // holder's pid, user, start and whole command.
    let err = t
        .command(&["party", "add", "--name", "张三", "--role", "tenant"])
        .env("PROPDESK_LOCK_WAIT_MS", "300")
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(75));
    let err = String::from_utf8_lossy(&err.stderr);
    let holder = format!(
        "error: the office is busy: pid {}, user tester, started 20",
        writer.id()
    );
    assert!(err.starts_with(&holder), "{err}");
    assert!(
        err.contains(
            "running `propdesk party add --name '新租户 李' --role tenant`; waited 300 ms"
        ),
        "{err}"
    );
    assert!(!t.run(&["party", "list"]).ok().contains("张三"));

    writer.kill().unwrap();
    writer.wait().unwrap();
}

/// A reader that read while a change landed reads again before it prints: what it
/// shows is the office after the change, never what it read before.
#[test]
fn a_reader_that_a_change_overtook_reads_again_before_it_prints() {
    let t = Test::office();
    t.run(&["party", "add", "--name", "王芳", "--role", "owner"])
        .ok();
    // The reader reads, then (caught at `read`) waits 3 s before it would print.
    let reader = t
        .command(&["party", "list"])
        .env("PROPDESK_PAUSE_AT", "read")
        .env("PROPDESK_PAUSE_MS", "3000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    t.run(&["party", "add", "--name", "张三", "--role", "tenant"])
        .ok();
    let out = reader.wait_with_output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("王芳") && printed.contains("张三"),
        "{printed}"
    );
    assert_eq!(
        printed.matches("王芳").count(),
        1,
        "printed once: {printed}"
    );
}

/// `examples/retry.sh` (what the crontab runs writes through) runs a write again
/// while it exits 75, and passes any other exit code straight back.
#[test]
fn the_cron_retry_script_runs_a_busy_write_again_and_nothing_else() {
    let t = Test::office().env("PROPDESK_LOCK_WAIT_MS", "100");
    let retry = |args: &[&str]| {
        let inner = t.command(args);
        let mut c = std::process::Command::new("bash");
        c.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/retry.sh"))
            .arg(inner.get_program())
            .args(inner.get_args())
            .current_dir(t.path())
            .env_clear()
            .env("RETRY_SLEEP", "1")
            .env("RETRY_TIMES", "10");
        for (k, v) in inner.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c.output().unwrap()
    };
    let mut writer = writer_paused_at(
        &t,
        "prepared",
        2_500,
        &["party", "add", "--name", "王芳", "--role", "owner"],
    );
    let out = retry(&["party", "add", "--name", "张三", "--role", "tenant"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("error: the office is busy: "), "{err}");
    assert!(
        err.contains("retry.sh: the office is busy; trying again in 1s"),
        "{err}"
    );
    assert!(writer.wait().unwrap().success());
    let names = t.run(&["party", "list"]).ok().to_string();
    assert!(names.contains("王芳") && names.contains("张三"), "{names}");

    // A refusal is not retried.
    let out = retry(&["unit", "show", "NOPE-1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("trying again"));
}

#[test]
fn a_change_committed_and_not_yet_in_place_is_read_whole_and_left_to_the_next_writer() {
    let t = Test::office();
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    // A writer killed after its commit, before it put its files in place.
    let killed = t
        .command(&["party", "add", "--name", "新租户 李", "--role", "tenant"])
        .env("PROPDESK_HALT_AT", "committing")
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert!(t.exists(".propdesk/journal"));
    assert!(ids_in(&t, "parties").is_empty(), "nothing in place yet");

    // Readers see the committed change whole, and write nothing: the journal stays
    // for a writer to complete (as on a read-only copy of the office).
    let before = snapshot(&t);
    let parties = t
        .run(&["--format", "json", "party", "list"])
        .ok()
        .to_string();
    assert!(parties.contains("新租户 李"), "{parties}");
    let id = serde_json::from_str::<serde_json::Value>(&parties).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(t.run(&["party", "show", &id]).ok().contains("新租户 李"));
    t.run(&["check"]).ok();
    assert_eq!(snapshot(&t), before, "a reader changed the office");
    assert!(t.exists(".propdesk/journal"));

    // The next writer puts it in place first.
    t.run(&["party", "add", "--name", "张三", "--role", "tenant"])
        .ok();
    assert!(!t.exists(".propdesk/journal"));
    assert_eq!(ids_in(&t, "parties").len(), 2);
    assert!(t.read(&format!("parties/{id}.yaml")).contains("新租户 李"));
    assert_eq!(temp_files(&t), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 4. --dry-run
// ---------------------------------------------------------------------------

#[test]
fn dry_run_shows_the_change_and_writes_nothing() {
    let t = Test::office();
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    let before = snapshot(&t);

    let out = t.run(&[
        "party",
        "add",
        "--name",
        "王芳",
        "--role",
        "owner",
        "--dry-run",
    ]);
    let stdout = out.ok();
    assert!(stdout.contains("would create parties/P-"), "{stdout}");
    assert!(stdout.contains("+ name: 王芳"), "{stdout}");
    assert!(stdout.contains("+ - owner"), "{stdout}");

    let out = t.run(&[
        "unit",
        "edit",
        "A-101",
        "--area",
        "60",
        "--note",
        "corner",
        "--dry-run",
    ]);
    let stdout = out.ok();
    assert!(stdout.contains("would update units/A-101.yaml"), "{stdout}");
    assert!(stdout.contains("- area: \"50.00\""), "{stdout}");
    assert!(stdout.contains("+ area: \"60.00\""), "{stdout}");
    assert!(stdout.contains("+ note: corner"), "{stdout}");
    assert!(!out.stderr.contains("updated"), "{}", out.stderr);

    assert_eq!(snapshot(&t), before, "the tree changed under --dry-run");
    assert!(!t.exists(".propdesk/journal"));
}

// ---------------------------------------------------------------------------
// 5. --commit and auto_commit
// ---------------------------------------------------------------------------

#[test]
fn commit_records_exactly_the_changed_file_as_the_configured_author() {
    let t = Test::office();
    office_in_git(&t);
    // Unrelated work in progress: a staged new file and a modified tracked one.
    t.write("draft.txt", "not for propdesk\n");
    t.git(&["add", "draft.txt"]);
    let toml = t.read("office.toml");
    t.write("office.toml", &format!("{toml}# edited by hand\n"));

    t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--commit",
    ])
    .ok();

    // By the clerk at the desk (PROPDESK_USER), with [git] author's e-mail as git
    // has none.
    assert_one_commit_adding(&t, "A-101", "tester <propdesk@localhost>");
    // The unrelated changes are left as they were.
    assert_eq!(
        t.git(&["diff", "--cached", "--name-only"]).trim(),
        "draft.txt"
    );
    assert_eq!(t.git(&["diff", "--name-only"]).trim(), "office.toml");
    assert_eq!(t.git(&["status", "--porcelain", "units"]).trim(), "");
}

/// The office has exactly one commit after the initial one, adding exactly this
/// unit's file, with a message naming it and the event, by this author.
fn assert_one_commit_adding(t: &Test, unit: &str, author: &str) {
    assert_eq!(t.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
    let files = t.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), format!("units/{unit}.yaml"));
    let subject = t.git(&["log", "-1", "--format=%s"]);
    assert!(
        subject.contains(&format!("unit {unit}")) && subject.contains("added"),
        "{subject}"
    );
    assert_eq!(t.git(&["log", "-1", "--format=%an <%ae>"]).trim(), author);
}

#[test]
fn auto_commit_in_office_toml_commits_without_the_flag() {
    let t = Test::office();
    let toml = t.read("office.toml");
    assert!(toml.contains("auto_commit = false"));
    let toml = toml
        .replace("auto_commit = false", "auto_commit = true")
        .replace(
            "author = \"propdesk <propdesk@localhost>\"",
            "author = \"Front Desk <desk@tower.cn>\"",
        );
    t.write("office.toml", &toml);
    office_in_git(&t);

    t.run(&["unit", "add", "A-102", "--area", "60", "--use", "office"])
        .ok();

    assert_one_commit_adding(&t, "A-102", "tester <desk@tower.cn>");
    assert_eq!(t.git(&["status", "--porcelain"]).trim(), "");

    // A Chinese name reaches the commit message intact.
    let id = t
        .run(&["party", "add", "--name", "王芳", "--role", "owner"])
        .ok()
        .trim()
        .to_string();
    assert_eq!(t.git(&["rev-list", "--count", "HEAD"]).trim(), "3");
    let subject = t.git(&["log", "-1", "--format=%s"]);
    assert!(
        subject.contains(&id) && subject.contains("王芳"),
        "{subject}"
    );
    assert_eq!(
        t.git(&["show", "--name-only", "--format=", "HEAD"]).trim(),
        format!("parties/{id}.yaml")
    );
}

#[test]
fn commit_outside_a_git_repository_saves_prints_the_record_and_warns() {
    let t = Test::office();
    // Never find a repository above the temp folder.
    let ceiling = t.path().parent().unwrap().to_string_lossy().into_owned();
    // A Chinese desk's locale must not hide the hint (where git's translations are
    // installed, it would say "不是 git 仓库").
    let t = t
        .env("GIT_CEILING_DIRECTORIES", &ceiling)
        .env("LANG", "zh_CN.UTF-8")
        .env("LANGUAGE", "zh_CN");

    // Saved and said, exit 0: a script that retried would add it twice.
    let run = t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--commit",
    ]);
    run.ok();
    let err = &run.stderr;
    assert!(
        err.contains("warning: the change is saved but not committed"),
        "{err}"
    );
    assert!(err.contains("git init"), "{err}");
    assert!(t.exists("units/A-101.yaml"), "the change itself is saved");
    t.run(&["check"]).ok();
}

// ---------------------------------------------------------------------------
// 6. All-or-nothing import
// ---------------------------------------------------------------------------

#[test]
fn an_import_with_one_bad_row_imports_nothing_and_names_the_line() {
    let t = Test::office();
    t.run(&["unit", "add", "A-100", "--area", "30", "--use", "shop"])
        .ok();
    let before = snapshot(&t);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("units.csv");
    fs::write(
        &csv,
        "id,area,use\nA-101,50,shop\nA-102,60,shop\nA-103,lots,shop\nA-104,70,home\n",
    )
    .unwrap();

    let err = t
        .run(&["unit", "import", csv.to_str().unwrap()])
        .fails(1)
        .to_string();
    assert!(err.contains("units.csv:4:"), "the bad row's line: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(snapshot(&t), before, "units/ unchanged");
    assert_eq!(ids_in(&t, "units"), BTreeSet::from(["A-100".to_string()]));
    assert!(!t.exists(".propdesk/journal"));
}

// ---------------------------------------------------------------------------
// 7. Byte-stable round trip
// ---------------------------------------------------------------------------

#[test]
fn editing_a_field_and_back_only_grows_the_history_and_a_no_op_edit_leaves_the_file_alone() {
    let t = Test::office();
    t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"])
        .ok();
    let original = fs::read(t.path().join("units/A-101.yaml")).unwrap();

    t.run(&["unit", "edit", "A-101", "--note", "x"]).ok();
    assert!(t.read("units/A-101.yaml").contains("note: x"));
    t.run(&["unit", "edit", "A-101", "--note", ""]).ok();
    let after = fs::read(t.path().join("units/A-101.yaml")).unwrap();

    // history is the last field: the old text is a prefix, and only entries follow.
    assert!(
        after.starts_with(&original),
        "more than the history changed:\n{}",
        String::from_utf8_lossy(&after)
    );
    let grown = String::from_utf8(after[original.len()..].to_vec()).unwrap();
    let entries = grown.lines().filter(|l| l.starts_with("- at:")).count();
    assert_eq!(entries, 2, "{grown}");
    assert!(
        grown
            .lines()
            .all(|l| l.starts_with("- ") || l.starts_with("  ")),
        "{grown}"
    );

    // Loading and saving an unchanged record changes nothing, byte for byte.
    let out = t.run(&["unit", "edit", "A-101"]);
    out.ok();
    assert!(out.stderr.contains("nothing to change"), "{}", out.stderr);
    assert_eq!(fs::read(t.path().join("units/A-101.yaml")).unwrap(), after);
    t.run(&["check"]).ok();
}

// ---------------------------------------------------------------------------
// 8. A folder propdesk may not write
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_read_only_units_folder_fails_clearly_and_leaves_nothing_half_written() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::office();
    let units = t.path().join("units");
    fs::set_permissions(&units, fs::Permissions::from_mode(0o555)).unwrap();
    // Root (or a file system without permissions) writes anyway: nothing to test.
    let probe = units.join("probe");
    if fs::write(&probe, "x").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&units, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: permissions are not enforced here (running as root?)");
        return;
    }

    let before = snapshot(&t);
    let out = t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"]);
    fs::set_permissions(&units, fs::Permissions::from_mode(0o755)).unwrap();
    let err = out.fails(1);
    assert!(err.starts_with("error: "), "{err}");
    // The record the user asked for is named, not propdesk's temp file.
    let record = units.join("A-101.yaml").display().to_string();
    assert!(err.contains(&record), "the path is named: {err}");
    assert!(!err.contains(".propdesk-"), "{err}");
    assert!(err.to_lowercase().contains("permission"), "{err}");
    assert_eq!(snapshot(&t), before, "nothing half-written");
    assert_eq!(temp_files(&t), Vec::<String>::new());
    assert!(!t.exists(".propdesk/journal"));
    assert_eq!(
        t.files(".propdesk")
            .iter()
            .filter(|f| !f.ends_with("/lock"))
            .count(),
        0,
        "{:?}",
        t.files(".propdesk")
    );
    t.run(&["check"]).ok();
}

#[test]
fn init_makes_the_office_a_git_repository_with_its_first_commit_by_the_clerk() {
    let t = Test::empty();
    t.run(&["init", "tower", "--name", "远景大厦"]).ok();
    let git = |args: &[&str]| {
        let mut a = vec!["-C", "tower"];
        a.extend_from_slice(args);
        t.git(&a)
    };
    assert_eq!(git(&["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_eq!(
        git(&["log", "-1", "--format=%an <%ae>|%s"]).trim(),
        "tester <propdesk@localhost>|office 远景大厦: created"
    );
    assert_eq!(git(&["status", "--porcelain"]).trim(), "", "all committed");
    // --no-git leaves git out.
    t.run(&["init", "plain", "--no-git"]).ok();
    assert!(!t.exists("plain/.git"));
}

#[test]
fn a_stale_index_lock_is_cleared_hooks_run_and_the_desk_is_named() {
    let t = Test::office();
    office_in_git(&t);
    // What a git killed mid-commit leaves: every later commit would fail.
    t.write(".git/index.lock", "");
    // The office's own hook runs (it records that it ran).
    t.write(
        ".git/hooks/pre-commit",
        "#!/bin/sh\necho ran >> \"$(git rev-parse --show-toplevel)/.hook-ran\"\n",
    );
    let hook = t.path().join(".git/hooks/pre-commit");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap();
    t.git(&["config", "propdesk.desk", "B"]);
    let run = t.run(&[
        "unit", "add", "A-101", "--area", "50", "--use", "shop", "--commit",
    ]);
    run.ok();
    assert!(
        run.stderr
            .contains("index.lock: a git that was killed left it"),
        "{}",
        run.stderr
    );
    assert!(!t.exists(".git/index.lock"));
    assert_eq!(t.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
    assert!(t.exists(".hook-ran"), "the pre-commit hook ran");
    let subject = t.git(&["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("[desk B] unit A-101"), "{subject}");
}

#[test]
fn a_change_saved_but_not_committed_is_listed_by_check_and_taken_by_the_next_commit() {
    let t = Test::office();
    let toml = t
        .read("office.toml")
        .replace("auto_commit = false", "auto_commit = true");
    t.write("office.toml", &toml);
    office_in_git(&t);
    // The office's hook refuses this commit: the unit is saved, not committed.
    t.write(".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n");
    let hook = t.path().join(".git/hooks/pre-commit");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap();
    let run = t.run(&["unit", "add", "A-101", "--area", "50", "--use", "shop"]);
    run.ok();
    assert!(
        run.stderr.contains("saved but not committed"),
        "{}",
        run.stderr
    );
    let check = t.run(&["check"]);
    check.ok();
    assert!(
        check
            .stderr
            .contains("warning: units/A-101.yaml: saved but not committed"),
        "{}",
        check.stderr
    );
    // The hook lets commits through again: the next write commits both.
    std::fs::remove_file(&hook).unwrap();
    t.run(&["unit", "add", "A-102", "--area", "60", "--use", "office"])
        .ok();
    let files = t.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "units/A-101.yaml\nunits/A-102.yaml");
    assert_eq!(t.git(&["status", "--porcelain", "units"]).trim(), "");
    assert!(!t.run(&["check"]).stderr.contains("not committed"));
}

/// A payment written with `--commit --request`, stopped dead at `halt` (or run to the
/// end when `None`): what it printed and whether it exited.
fn pay_with_request(t: &Test, halt: Option<&str>) -> Run {
    let mut c = t.command(&[
        "--commit",
        "--request",
        "rent-A-1203",
        "pay",
        "A-1203",
        "100",
    ]);
    if let Some(point) = halt {
        c.env("PROPDESK_HALT_AT", point);
    }
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_commit_write_stopped_at_any_point_and_retried_pays_once_and_commits_once() {
    // The same payment, uninterrupted: what a retry must leave.
    let clean = Test::demo("zh-CN");
    office_in_git(&clean);
    let printed = pay_with_request(&clean, None).ok().to_string();
    let once = crate::common::ledger_text_all(&clean, "A-1203");
    assert_eq!(once.matches("kind: payment").count(), 1, "{once}");
    // A retry of a request that finished prints the same and does nothing again.
    let again = pay_with_request(&clean, None);
    assert_eq!(again.ok(), printed);
    assert!(
        again
            .stderr
            .contains("note: request rent-A-1203 was done at")
    );
    assert_eq!(crate::common::ledger_text_all(&clean, "A-1203"), once);

    // Every point a kill can fall between the first byte written and the commit: the
    // journal prepared, committing, the files in place, saved and not committed,
    // saved with git itself killed mid-commit (its index.lock left), committed.
    let points = [
        "prepared",
        "committing",
        "published",
        "saved",
        "saved+git",
        "committed",
    ];
    for point in points {
        let t = Test::demo("zh-CN");
        office_in_git(&t);
        let stopped = pay_with_request(&t, Some(point.trim_end_matches("+git")));
        assert_ne!(stopped.code, 0, "{point}: not stopped\n{}", stopped.stderr);
        assert_eq!(stopped.stdout, "", "{point}: printed before it was done");
        if point.ends_with("+git") {
            t.write(".git/index.lock", "");
        }
        // The script runs the same command again.
        let retry = pay_with_request(&t, None);
        let out = retry.ok();
        assert_eq!(
            crate::common::ledger_text_all(&t, "A-1203"),
            once,
            "{point}: the book is not the one payment"
        );
        if out != printed {
            // The first run saved and was stopped before it printed: the retry names
            // what it saved.
            assert!(
                out.contains("ledger/A-1203/2026.yaml") && out.contains("-receipt."),
                "{point}: {out}"
            );
            assert!(retry.stderr.contains("nothing done again"), "{point}");
        }
        // Nothing saved and not committed, and one commit for the payment.
        assert_eq!(t.git(&["status", "--porcelain"]).trim(), "", "{point}");
        assert_eq!(
            t.git(&["rev-list", "--count", "HEAD"]).trim(),
            "2",
            "{point}"
        );
        let files = t.git(&["show", "--name-only", "--format=%s", "HEAD"]);
        assert!(
            files.contains("ledger/A-1203/2026.yaml"),
            "{point}: {files}"
        );
        t.run(&["check"]).ok();
    }
}

#[test]
fn a_request_key_is_the_one_commands_own() {
    let t = Test::demo("zh-CN");
    t.run(&["--request", "k1", "pay", "A-1203", "100"]).ok();
    // Another command with the same key is refused, and changes nothing.
    let before = crate::common::ledger_text_all(&t, "A-1203");
    let err = t
        .run(&["--request", "k1", "pay", "A-1203", "200"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("--request k1 was used by another command (propdesk --request k1 pay"),
        "{err}"
    );
    assert_eq!(crate::common::ledger_text_all(&t, "A-1203"), before);
    // A key that would name a file elsewhere is refused before anything runs.
    let err = t
        .run(&["--request", "../x", "pay", "A-1203", "1"])
        .fails(2)
        .to_string();
    assert!(err.contains("invalid --request \"../x\""), "{err}");
    // Without a key two payments are two payments.
    t.run(&["pay", "A-1203", "100"]).ok();
    t.run(&["pay", "A-1203", "100"]).ok();
    assert_eq!(
        crate::common::ledger_text_all(&t, "A-1203")
            .matches("kind: payment")
            .count(),
        3
    );
}
