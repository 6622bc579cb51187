//! Arbitrary bytes through what the store does to read a record of every kind, and
//! `office.toml`: the file read as the store reads it (size cap, UTF-8, byte-order
//! mark), parsed with `store::yaml::from_yaml` (`config::parse` for `office.toml`),
//! then what `propdesk check` asks of a record that parsed (its ID, its own rules, its
//! history, a ledger's replay) and the canonical text the store would write back.
//!
//! The only property is that nothing panics (or overflows the stack): every input
//! must end in a record or an error. Each input runs on a thread with a 2 MiB stack,
//! the stack of the rayon workers that parse the files of `propdesk check` (the main
//! thread has 8 MiB), so that a recursion deep enough to abort `check` is found.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use propdesk::config::{self, Config};
use propdesk::model::history::{self, Entry};
use propdesk::model::ids;
use propdesk::model::ledger::Ledger;
use propdesk::model::party::Party;
use propdesk::model::unit::Unit;
use propdesk::procedure::dunning::DunningCase;
use propdesk::procedure::movein::MoveIn;
use propdesk::procedure::moveout::MoveOut;
use propdesk::procedure::permit::Permit;
use propdesk::procedure::ticket::Ticket;
use propdesk::store::{self, Record, yaml};

/// Where each input is written to be read back the way the store reads a record.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("propdesk-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir.join("record.yaml")
    })
}

/// Parses `text` as a record of kind `T` as the store does, then runs `then` on it.
fn load<T: Record>(text: &str, then: impl FnOnce(&T)) {
    let shown = format!("{}/FUZZ.yaml", T::DIR);
    if let Ok(record) = yaml::from_yaml::<T>(text, &shown) {
        let _ = ids::validate(record.id());
        let _ = ids::date_of(record.id());
        let _ = T::rel_path(record.id());
        then(&record);
        let _ = store::record_text(&record);
    }
}

fn hist(entries: &[Entry], creating: &[&str]) {
    let _ = history::problems(entries, creating);
}

/// The stack of a rayon worker (std's default for a spawned thread).
const STACK: usize = 2 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, || load_everything(data))
            .expect("spawn")
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
});

fn load_everything(data: &[u8]) {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let Ok(Some(text)) = store::read_record_text(path, "units/FUZZ.yaml") else {
        return;
    };
    let clearing = Config::new("fuzz", Default::default())
        .billing
        .clearing_order;

    load::<Unit>(&text, |u| {
        let _ = ids::normalize_unit(&u.id);
        let _ = u.problems();
        hist(&u.history, &["added", "imported"]);
    });
    load::<Party>(&text, |p| {
        let _ = p.problems();
        hist(&p.history, &["added", "imported"]);
    });
    load::<Ledger>(&text, |l| {
        let _ = l.replay(&clearing);
    });
    load::<DunningCase>(&text, |c| hist(&c.history, &["opened"]));
    load::<Ticket>(&text, |t| {
        let _ = t.problems();
        hist(&t.history, &["reported"]);
    });
    load::<MoveIn>(&text, |m| {
        let _ = m.problems();
        hist(&m.history, &["opened"]);
    });
    load::<Permit>(&text, |p| {
        let _ = p.problems();
        hist(&p.history, &["applied"]);
    });
    load::<MoveOut>(&text, |m| {
        let _ = m.problems();
        hist(&m.history, &["notified"]);
    });
    let _ = config::parse(&text, "office.toml");
}
