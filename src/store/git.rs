//! `--commit`: commit exactly the files a command changed, with the real git.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Who a commit is by: the clerk at the desk (`--by`, `PROPDESK_USER`), with the
/// e-mail of git's own `user.email` in the clone, else of `[git] author`; with no
/// clerk, git's own `user.name`, else `[git] author`.
pub fn identity(root: &Path, clerk: &str, author: &str) -> Result<(String, String)> {
    let (fallback_name, fallback_email) = split_author(author)?;
    let config = |key: &str| git_out(root, &["config", "--get", key]).filter(|v| !v.is_empty());
    let clerk = clerk.trim();
    let name = match clerk.is_empty() {
        false => clerk.to_string(),
        true => config("user.name").unwrap_or_else(|| fallback_name.to_string()),
    };
    let email = config("user.email").unwrap_or_else(|| fallback_email.to_string());
    Ok((name, email))
}

/// git's output in the clone at `root`, untranslated; none if git cannot be run or
/// fails (not a repository, no such key).
fn git_text<I, S>(root: &Path, args: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("LC_ALL", "C")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// [`git_text`], one line, trimmed.
fn git_out(root: &Path, args: &[&str]) -> Option<String> {
    git_text(root, args).map(|t| t.trim().to_string())
}

/// Whether a rebase stopped in the clone (its "ours" and "theirs" swapped).
pub fn rebasing(root: &Path) -> bool {
    let Some(dir) = git_out(root, &["rev-parse", "--absolute-git-dir"]) else {
        return false;
    };
    let dir = PathBuf::from(dir);
    dir.join("rebase-merge").exists() || dir.join("rebase-apply").exists()
}

/// Whether `root` is in a git repository.
pub fn is_repo(root: &Path) -> bool {
    git_out(root, &["rev-parse", "--git-dir"]).is_some()
}

/// The commit checked out, if any.
pub fn head(root: &Path) -> Option<String> {
    git_out(root, &["rev-parse", "--verify", "-q", "HEAD"])
}

/// Whether the clone has a remote to sync with.
pub fn has_remote(root: &Path) -> bool {
    git_out(root, &["remote"]).is_some_and(|r| !r.is_empty())
}

/// The files `from..to` changed: (A, M or D, path).
pub fn changed(root: &Path, from: &str, to: &str) -> Vec<(char, String)> {
    let range = format!("{from}..{to}");
    git_out(root, &["diff", "--name-status", "--no-renames", &range])
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (s, p) = l.split_once('\t')?;
            Some((s.chars().next()?, p.to_string()))
        })
        .collect()
}

/// The commits between `from` and `to` that came from elsewhere (not merges), oldest
/// first: who made each and its message (which names the desk and the step).
pub fn came_in(root: &Path, from: &str, to: &str) -> Vec<(String, String)> {
    let range = format!("{from}..{to}");
    git_out(
        root,
        &[
            "log",
            "--no-merges",
            "--reverse",
            "--format=%an%x09%s",
            &range,
        ],
    )
    .unwrap_or_default()
    .lines()
    .filter_map(|l| l.split_once('\t'))
    .map(|(a, s)| (a.to_string(), s.to_string()))
    .collect()
}

/// Runs git in `root`; its failure as an error with git's words.
fn git_run(root: &Path, args: &[&str]) -> Result<()> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| Error::data(format!("cannot run git: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::data(format!(
        "`git {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr).trim()
    )))
}

/// Takes the remote's changes in: a merge, or a rebase onto them.
pub fn pull(root: &Path, rebase: bool) -> Result<()> {
    let how = if rebase { "--rebase" } else { "--no-rebase" };
    // git writes the merged files one by one: a reader that reads meanwhile is told
    // to read again, before and after.
    crate::store::bump_generation(root);
    let pulled = git_run(root, &["pull", "--quiet", "--no-edit", how]);
    crate::store::bump_generation(root);
    pulled
}

/// Gives the remote this desk's commits.
pub fn push(root: &Path) -> Result<()> {
    git_run(root, &["push", "--quiet"])
        .map_err(|e| e.with_hint("another desk pushed meanwhile: run `propdesk sync` again"))
}

/// This desk's code, when the desk says it itself: `PROPDESK_DESK`, else the clone's
/// `git config propdesk.desk` (office.toml, shared by every desk, has the default).
pub fn desk(root: &Path) -> Option<String> {
    if let Ok(d) = std::env::var("PROPDESK_DESK")
        && !d.trim().is_empty()
    {
        return Some(d.trim().to_string());
    }
    git_out(root, &["config", "--get", "propdesk.desk"]).filter(|v| !v.is_empty())
}

/// Of `candidates` (files a command saved to commit), those git still sees changed:
/// saved but not committed. Empty when `root` is not in git.
pub fn uncommitted(root: &Path, candidates: &[PathBuf]) -> Vec<PathBuf> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let args = ["status", "--porcelain", "-z", "--untracked-files=all", "--"];
    let args = args
        .iter()
        .map(std::ffi::OsStr::new)
        .chain(candidates.iter().map(|p| p.as_os_str()));
    let Some(text) = git_text(root, args) else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    let mut items = text.split('\0');
    while let Some(item) = items.next() {
        if item.len() < 4 {
            continue;
        }
        let (code, path) = item.split_at(3);
        // A rename names its old path next: skip it.
        if code.starts_with('R') || code.starts_with('C') {
            items.next();
        }
        // Unmerged files are a merge's to settle, not a saved change's.
        let unmerged = matches!(code.trim(), "UU" | "AA" | "DD" | "AU" | "UA" | "DU" | "UD");
        let name = path.rsplit('/').next().unwrap_or(path);
        if !unmerged && !crate::store::is_ignored(name) {
            paths.push(PathBuf::from(path));
        }
    }
    paths
}

/// Commits `paths` (relative to `root`) with `message`, as `who` (name, e-mail). Only
/// these paths are committed, whatever else is staged; the clone's hooks run. A
/// `.git/index.lock` that no live git process holds (one a killed propdesk left) is
/// removed first, saying so.
pub fn commit(root: &Path, paths: &[PathBuf], message: &str, who: &(String, String)) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let (name, email) = (who.0.as_str(), who.1.as_str());
    clear_stale_index_lock(root);
    let run = |args: &[&str], paths: &[PathBuf]| -> Result<()> {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(root);
        // Untranslated messages: the hint below recognises git's English wording, and a
        // desk whose LANG is zh_CN.UTF-8 would otherwise get "不是 git 仓库" and no hint.
        cmd.env("LC_ALL", "C");
        cmd.args([
            "-c",
            &format!("user.name={name}"),
            "-c",
            &format!("user.email={email}"),
        ]);
        cmd.args(args).arg("--").args(paths);
        let out = cmd.output().map_err(|e| {
            Error::data(format!("cannot run git: {e}"))
                .with_hint("install git, or drop --commit / [git] auto_commit")
        })?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let e = Error::data(format!("`git {}` failed: {}", args[0], stderr.trim()));
        Err(if stderr.contains("not a git repository") {
            e.with_hint(format!(
                "make the office a git repository: git init {}",
                root.display()
            ))
        } else {
            e
        })
    };
    run(&["add", "--all"], paths)?;
    run(&["commit", "--quiet", "-m", message], paths)
}

/// Makes `root` a git repository (unless it is in one already) and commits `paths`, a
/// new office's files: whether it did.
pub fn init_and_commit(
    root: &Path,
    paths: &[PathBuf],
    message: &str,
    clerk: &str,
    author: &str,
) -> Result<bool> {
    let inside = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--git-dir"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| {
            Error::data(format!("cannot run git: {e}"))
                .with_hint("install git, or create the office with --no-git")
        })?;
    if inside.success() {
        return Ok(false);
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["init", "--quiet"])
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| Error::data(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(Error::data(format!(
            "`git init` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    install_driver(root)?;
    let who = identity(root, clerk, author)?;
    commit(root, paths, message, &who)?;
    Ok(true)
}

/// Removes the clone's `index.lock` when no git process works in the clone: what a git
/// killed mid-commit leaves, which would make every later commit fail.
fn clear_stale_index_lock(root: &Path) {
    let Some(git_dir) = git_out(root, &["rev-parse", "--absolute-git-dir"]) else {
        return;
    };
    let git_dir = PathBuf::from(git_dir);
    let lock = git_dir.join("index.lock");
    if !lock.exists() || git_alive(root, &git_dir) {
        return;
    }
    if std::fs::remove_file(&lock).is_ok() {
        eprintln!(
            "removed {}: a git that was killed left it, and no git is working in the office now",
            lock.display()
        );
    }
}

/// Whether a git process works in the clone at `root` (its working folder or its
/// `-C` in the clone). Where processes cannot be listed (not Linux), a lock younger
/// than a minute counts as held.
fn git_alive(root: &Path, git_dir: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        let young = std::fs::metadata(git_dir.join("index.lock"))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age.as_secs() < 60);
        return young;
    };
    for p in procs.flatten() {
        let dir = p.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if comm.trim() != "git" {
            continue;
        }
        let cwd = std::fs::read_link(dir.join("cwd")).unwrap_or_default();
        let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if cwd.starts_with(&root) || cmdline.contains(&*root.to_string_lossy()) {
            return true;
        }
    }
    false
}

/// The files under `root` that git holds unmerged (a merge, rebase or stash pop
/// stopped on a conflict), relative to `root`, each with what each side did; empty when
/// there are none, `root` is not in git, or git cannot be run.
pub fn unmerged(root: &Path) -> Vec<(String, &'static str)> {
    let Some(text) = git_text(root, ["ls-files", "--unmerged", "-z", "--", "."]) else {
        return Vec::new();
    };
    // `MODE SHA STAGE\tPATH`: stage 1 the common base, 2 this desk's, 3 the other's.
    let mut stages: Vec<(String, [bool; 3])> = Vec::new();
    for entry in text.split('\0') {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let Some(stage) = meta
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        if !(1..=3).contains(&stage) {
            continue;
        }
        if stages.last().is_none_or(|(p, _)| p != path) {
            stages.push((path.to_string(), [false; 3]));
        }
        if let Some((_, s)) = stages.last_mut() {
            s[stage - 1] = true;
        }
    }
    stages
        .into_iter()
        .map(|(path, s)| {
            let what = match s {
                [false, true, true] => "both added",
                [true, false, true] => "deleted here, changed on the other side",
                [true, true, false] => "changed here, deleted on the other side",
                _ => "both changed",
            };
            (path, what)
        })
        .collect()
}

fn split_author(author: &str) -> Result<(&str, &str)> {
    let bad = || {
        Error::usage(format!(
            "office.toml: [git] author {author:?}: expected \"Name <email>\""
        ))
    };
    let (name, rest) = author.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.trim().is_empty() {
        return Err(bad());
    }
    Ok((name, email.trim()))
}

/// The attributes file that names propdesk's merge driver for the records.
pub const ATTRIBUTES: &str = ".gitattributes";

/// What `.gitattributes` says, kept in the office's tree so every clone has it.
pub const ATTRIBUTES_TEXT: &str = "\
# propdesk merges its records itself: two desks' work on one record is joined
# (`propdesk git setup` puts the driver in each clone's git config).
*.yaml merge=propdesk
notices/** merge=propdesk
";

/// The lines of [`ATTRIBUTES_TEXT`] that name the driver.
const DRIVER_LINES: [&str; 2] = ["*.yaml merge=propdesk", "notices/** merge=propdesk"];

/// The driver's command line as git runs it (`%O %A %B %P`: the common version, this
/// desk's, the other desk's, the path).
pub fn driver_command(exe: &Path) -> String {
    let exe = exe.to_string_lossy().replace('\'', "'\\''");
    format!("'{exe}' merge-file %O %A %B %P")
}

/// Whether the clone's config names a driver for `merge=propdesk` that can be run.
pub fn driver_installed(root: &Path) -> bool {
    let Some(cmd) = git_out(root, &["config", "--get", "merge.propdesk.driver"]) else {
        return false;
    };
    let exe = cmd
        .strip_prefix('\'')
        .and_then(|s| s.split_once("' merge-file"))
        .map(|(e, _)| e.replace("'\\''", "'"));
    exe.is_some_and(|e| Path::new(&e).is_file())
}

/// Puts the driver (this propdesk) in the clone's git config.
pub fn install_driver(root: &Path) -> Result<()> {
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| Error::data(format!("cannot find the propdesk program itself: {e}")))?;
    for (key, value) in [
        ("merge.propdesk.name", "propdesk records".to_string()),
        ("merge.propdesk.driver", driver_command(&exe)),
    ] {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["config", key, &value])
            .env("LC_ALL", "C")
            .output()
            .map_err(|e| Error::data(format!("cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(Error::data(format!(
                "`git config {key}` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
    }
    Ok(())
}

/// `.gitattributes` with propdesk's line added (the office's own lines kept); `None`
/// when it has it already.
pub fn attributes_with_driver(current: Option<&str>) -> Option<String> {
    let Some(t) = current else {
        return Some(ATTRIBUTES_TEXT.to_string());
    };
    let missing: Vec<&str> = DRIVER_LINES
        .iter()
        .copied()
        .filter(|want| !t.lines().any(|l| l.trim() == *want))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut s = t.to_string();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    if missing.len() == DRIVER_LINES.len() {
        s.push_str(ATTRIBUTES_TEXT);
    } else {
        for line in missing {
            s.push_str(line);
            s.push('\n');
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_is_name_and_email() {
        assert_eq!(
            split_author("Front Desk <desk@tower.cn>").unwrap(),
            ("Front Desk", "desk@tower.cn")
        );
        assert!(split_author("desk@tower.cn").is_err());
        assert!(split_author(" <x@y>").is_err());
    }
}
