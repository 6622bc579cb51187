//! `propdesk sync`: this desk's changes out to the other desks, theirs in, through the
//! clone's remote, and the merged office checked before it is pushed.

use crate::check;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::store::git;

/// Take the other desks' changes and give them this desk's (git fetch, merge, check,
/// push).
///
/// Commits first what was saved and not committed; merges the remote's branch (with
/// --rebase, or `[git] sync = "rebase"`, rebases onto it); lists what came in; runs
/// `check` on the merged office and pushes only when it is clean. When both desks
/// changed one record, exits 1 naming each file and how to settle it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rebase this desk's commits onto the other desks' instead of merging.
    #[arg(long)]
    rebase: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let root = ctx.root();
    let mode = ctx.settings.config.git.sync.as_str();
    if !matches!(mode, "merge" | "rebase") {
        return Err(Error::usage(format!(
            "office.toml: [git] sync {mode:?}: expected \"merge\" or \"rebase\""
        )));
    }
    // No desk's command writes while the tree is merged.
    let _lock = ctx.lock()?;
    if !git::is_repo(root) {
        return Err(Error::data(format!(
            "{} is not a git repository: there is nothing to sync",
            root.display()
        ))
        .with_hint(format!("make it one with `git init {}`, add the shared remote with `git remote add origin URL`", root.display())));
    }
    let stuck = git::unmerged(root);
    if !stuck.is_empty() {
        let files: Vec<String> = stuck
            .iter()
            .map(|(p, what)| format!("{p} ({what})"))
            .collect();
        return Err(Error::data(format!(
            "a merge is waiting to be settled: {}",
            files.join(", ")
        ))
        .with_hint(settle_hint(a.rebase || mode == "rebase")));
    }
    let pending = git::uncommitted(root, &crate::context::pending_commits(root));
    if !pending.is_empty() {
        ctx.commit_paths(&pending, "sync: changes saved before");
    }
    if !git::driver_installed(root) {
        git::install_driver(root)?;
        eprintln!("set up propdesk's merge driver in this clone (propdesk git setup)");
    }
    let attributes = ctx.store.read_text(std::path::Path::new(git::ATTRIBUTES))?;
    if let Some(text) = git::attributes_with_driver(attributes.as_deref()) {
        let mut changes = crate::store::Changes::new("sync: propdesk merges the records");
        changes.put(&ctx.store, git::ATTRIBUTES.into(), text.into_bytes())?;
        crate::store::txn::apply(&ctx.store, &_lock, &changes)?;
        ctx.commit_paths(&changes.paths(), &changes.message);
    }
    let rebase = a.rebase || mode == "rebase";
    // Another desk may push between this desk's pull and push: the push is refused,
    // and the sync takes that desk's work too and pushes again.
    let mut round = 1;
    let report = loop {
        let report = take_in(ctx, root, rebase)?;
        if !git::has_remote(root) {
            break report;
        }
        match git::push(root) {
            Ok(()) => break report,
            Err(e) if round < PUSH_TRIES => {
                eprintln!(
                    "the push was refused ({}): taking the other desks' work again",
                    e.message.lines().next().unwrap_or_default()
                );
                round += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let to_resolve: Vec<&crate::store::Problem> = report
        .problems
        .iter()
        .filter(|p| p.message.starts_with(check::IN_CONFLICT))
        .collect();
    if !to_resolve.is_empty() {
        let mut said = String::new();
        for p in &to_resolve {
            eprintln!("{}", p.located());
            // A book is settled by the receipt number it gave twice.
            let text = ctx.store.read_text(std::path::Path::new(&p.path))?;
            let id = text
                .as_deref()
                .and_then(crate::store::conflict::receipt_twice)
                .or_else(|| {
                    std::path::Path::new(&p.path)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .unwrap_or_default();
            said.push_str(&format!("resolve\t{id}\t{}\n", p.path));
        }
        ctx.out.print(&said)?;
        return Err(Error::data(format!(
            "{} records were changed on two desks in ways that cannot both stand",
            to_resolve.len()
        ))
        .with_hint(
            "`propdesk resolve ID` shows both versions; `--keep 1|2 --why TEXT` keeps one",
        ));
    }
    Ok(())
}

/// How many times a sync pushes before it gives up on desks pushing meanwhile.
const PUSH_TRIES: u32 = 3;

/// Takes the other desks' commits, says what came in, and checks the merged office: a
/// problem other than a record in conflict stops the sync before anything is pushed.
/// A record in conflict reads as one version on every desk until someone keeps one:
/// it goes out like any other, so any desk may settle it.
fn take_in(ctx: &Ctx, root: &std::path::Path, rebase: bool) -> Result<check::Report> {
    let before = git::head(root);
    if git::has_remote(root) {
        if let Err(e) = git::pull(root, rebase) {
            let conflicted = git::unmerged(root);
            if conflicted.is_empty() {
                return Err(e);
            }
            for (p, what) in &conflicted {
                ctx.out.print(&format!("conflict\t{p}\t{what}\n"))?;
            }
            return Err(Error::data(format!(
                "{} records were changed on this desk and another: the sync stopped to settle them",
                conflicted.len()
            ))
            .with_hint(settle_hint(rebase)));
        }
    } else {
        eprintln!("the clone has no remote: nothing comes in, nothing goes out");
    }
    let mut said = String::new();
    if let (Some(before), Some(after)) = (before, git::head(root))
        && before != after
    {
        // Each step the other desks took, as its commit says it, then the files.
        for (who, what) in git::came_in(root, &before, &after) {
            said.push_str(&format!("by\t{who}\t{what}\n"));
        }
        for (status, path) in git::changed(root, &before, &after) {
            let what = match status {
                'A' => "new",
                'D' => "removed",
                _ => "changed",
            };
            said.push_str(&format!("in\t{what}\t{path}\n"));
        }
    }
    ctx.out.print(&said)?;
    let report = check::check_office(
        &ctx.store,
        &crate::cli::money::books(ctx),
        check::Bounds::of(&ctx.settings.config),
    );
    let problems = report
        .problems
        .iter()
        .filter(|p| !p.message.starts_with(check::IN_CONFLICT))
        .count();
    if problems > 0 {
        for p in report.problems.iter() {
            eprintln!("{}", p.located());
        }
        return Err(Error::data(format!(
            "the merged office has {problems} problems: nothing pushed"
        ))
        .with_hint(
            "settle them (`propdesk check` says how), commit, and run `propdesk sync` again",
        ));
    }
    Ok(report)
}

/// How to settle records both desks changed, right under merge and rebase alike.
fn settle_hint(rebase: bool) -> String {
    let (mine, theirs) = match rebase {
        // During a rebase "ours" is the other desks' side, "theirs" this desk's.
        true => ("--theirs", "--ours"),
        false => ("--ours", "--theirs"),
    };
    let go_on = match rebase {
        true => "git rebase --continue",
        false => "git commit --no-edit",
    };
    format!(
        "for each file keep one side, this desk's with `git checkout {mine} -- FILE` or the \
         other desk's with `git checkout {theirs} -- FILE`, then `git add FILE`, `{go_on}`, \
         redo the dropped side's step with propdesk (a payment: pay it again), and \
         `propdesk sync`"
    )
}
