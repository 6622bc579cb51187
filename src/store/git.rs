//! `--commit`: commit exactly the files a command changed, with the real git.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Commits `paths` (relative to `root`) with `message`, as `author` ("Name <email>").
/// Only these paths are committed, whatever else is staged.
pub fn commit(root: &Path, paths: &[PathBuf], message: &str, author: &str) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let (name, email) = split_author(author)?;
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
        let e = Error::data(format!(
            "the change is saved but `git {}` failed: {}",
            args[0],
            stderr.trim()
        ));
        Err(if stderr.contains("not a git repository") {
            e.with_hint(format!(
                "make the office a git repository: git init {}",
                root.display()
            ))
        } else {
            e
        })
    };
    run(&["add"], paths)?;
    run(&["commit", "--quiet", "--no-verify", "-m", message], paths)
}

/// The files under `root` that git holds unmerged (a merge, rebase or stash pop
/// stopped on a conflict), relative to `root`, each with what each side did; empty when
/// there are none, `root` is not in git, or git cannot be run.
pub fn unmerged(root: &Path) -> Vec<(String, &'static str)> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "--unmerged", "-z", "--", "."])
        .env("LC_ALL", "C")
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(out) = out else { return Vec::new() };
    if !out.status.success() {
        return Vec::new();
    }
    // `MODE SHA STAGE\tPATH`: stage 1 the common base, 2 this desk's, 3 the other's.
    let mut stages: Vec<(String, [bool; 3])> = Vec::new();
    for entry in String::from_utf8_lossy(&out.stdout).split('\0') {
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
