//! The test builder: a temporary office, the real binary, a pinned clock, pinned ID
//! randomness and a cleared environment.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The clock of every test unless a test says otherwise: Monday 23 November 2026.
pub const NOW: &str = "2026-11-23T09:30:00+08:00";

/// The profile of [`Test::office`]: 测试大厦, its desk and how to pay.
pub const PROFILE: &str = r#"building = "测试大厦"
service_centre = "测试大厦物业服务中心"
address = "测试市中山路1号测试大厦一层"
phone = "010-6500 1000"
weekday_hours = "08:30-18:00"
weekend_hours = "09:00-17:00"
payee = "测试物业管理有限公司"
bank = "中国银行测试支行"
account = "6216 6100 0000 1234 567""#;

/// A profile for an office in English: Harbour Tower.
pub const PROFILE_EN: &str = r#"building = "Harbour Tower"
service_centre = "Harbour Tower Management Office"
address = "G/F, Harbour Tower, 1 Harbour Road"
phone = "2800 1000"
weekday_hours = "09:00-18:00"
weekend_hours = "closed"
payee = "Harbour Tower Management Limited"
bank = "Harbour Bank, Central Branch"
account = "123-456789-001""#;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_propdesk"))
}

/// The result of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code and returns stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stderr
    }

    /// stdout, stderr and the exit code together, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A temporary folder holding (usually) an office.
pub struct Test {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Test {
    /// An empty folder, no office.
    pub fn empty() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temp dir"),
            env: Vec::new(),
        }
    }

    /// A new office without records (zh-CN), its profile (`[office]`) filled in as an
    /// office does before its first notice ([`PROFILE`]), so `check` has nothing to
    /// warn about. `Test::empty()` and `init` give an office as `init` leaves it.
    pub fn office() -> Test {
        let t = Test::empty();
        // Not in git: the tests of git make their own repositories.
        t.run_in(t.path(), &["init", ".", "--name", "测试大厦", "--no-git"])
            .ok();
        t.fill_profile(PROFILE);
        t
    }

    /// Writes `keys` (`key = value` lines, values as TOML) over the lines of the same
    /// keys that `init` wrote in office.toml.
    pub fn fill_profile(&self, keys: &str) -> &Test {
        let mut text = self.read("office.toml");
        for line in keys.lines() {
            let key = line.split(" = ").next().unwrap();
            let at = text
                .find(&format!("\n{key} = "))
                .unwrap_or_else(|| panic!("office.toml has no {key}"));
            let end = text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
            text.replace_range(at + 1..end, line);
        }
        self.write("office.toml", &text)
    }

    /// A new office in `locale` with the demo records.
    pub fn demo(locale: &str) -> Test {
        let t = Test::empty();
        t.run_in(
            t.path(),
            &["init", ".", "--demo", "--locale", locale, "--no-git"],
        )
        .ok();
        t
    }

    /// A copy of the repository's demo office `records/` (made on 2026-11-23).
    pub fn records() -> Test {
        let t = Test::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
        copy_dir(&from, t.path());
        t
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn write(&self, rel: &str, content: &str) -> &Test {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// The files under `rel`, relative, sorted (dot files included).
    pub fn files(&self, rel: &str) -> Vec<String> {
        let mut out: Vec<String> = walkdir(&self.path().join(rel))
            .into_iter()
            .map(|p| {
                p.strip_prefix(self.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        out.sort();
        out
    }

    /// The command, ready to run in the office with the pinned environment.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_in(self.path(), args)
    }

    pub fn command_in(&self, cwd: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("PROPDESK_NOW", NOW)
            .env("PROPDESK_SEED", "1")
            .env("PROPDESK_USER", "tester")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(cwd)
            .args(args);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.path(), args)
    }

    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let out = self.command_in(cwd, args).output().expect("run propdesk");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs git in the office.
    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Copies the folder `from` with everything in it into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every entry of `unit`'s ledger, every occupancy's, book after book (each year's
/// `ledger UNIT --all --year`,
/// run on `now` if given), as JSON rows: what a year's opening carries forward is
/// shown in that book, so its rows are left out here.
pub fn ledger_rows(t: &Test, now: Option<&str>, unit: &str) -> Vec<serde_json::Value> {
    let mut years: Vec<String> = std::fs::read_dir(t.path().join("ledger").join(unit))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    years.sort();
    if years.is_empty() {
        years.push(String::new());
    }
    let mut rows = Vec::new();
    for year in years {
        let mut args: Vec<&str> = Vec::new();
        if let Some(now) = now {
            args.extend(["--now", now]);
        }
        args.extend(["--format", "json", "ledger", unit, "--all"]);
        if !year.is_empty() {
            args.extend(["--year", &year]);
        }
        let run = t.run(&args);
        let doc: serde_json::Value =
            serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        rows.extend(
            doc["entries"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e["kind"] != "carried"),
        );
    }
    rows
}

/// The text of every book of `unit`'s ledger, oldest first, one after the other.
pub fn ledger_text_all(t: &Test, unit: &str) -> String {
    let dir = t.path().join("ledger").join(unit);
    let mut books: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    books.sort();
    books
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}
