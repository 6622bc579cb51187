//! The derived index of which unit each permit and move-out is about: a step on one
//! record finds the unit's permits through it, it follows every change propdesk makes,
//! a broken or stale index is never believed over the records, and `check` writes it
//! afresh from its full read.

use std::path::Path;

use propdesk::procedure::moveout::MoveOut;
use propdesk::procedure::permit::Permit;
use propdesk::store::Store;

use crate::common::Test;

fn permits_of(t: &Test, unit: &str) -> Vec<String> {
    let store = Store::open(t.path()).unwrap();
    let mut ids: Vec<String> = store
        .load_of_unit::<Permit>(unit)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    ids.sort();
    ids
}

/// What a full read says: the IDs of the unit's permits.
fn permits_read(t: &Test, unit: &str) -> Vec<String> {
    let store = Store::open(t.path()).unwrap();
    let mut ids: Vec<String> = store
        .load_all::<Permit>()
        .unwrap()
        .into_iter()
        .filter(|p| p.unit == unit)
        .map(|p| p.id)
        .collect();
    ids.sort();
    ids
}

fn index_files(t: &Test) -> Vec<String> {
    if !t.exists(".propdesk/index") {
        return Vec::new();
    }
    t.files(".propdesk/index")
}

/// Every `unit:` line of `rel` set to `unit`, written in place (as an editor that does
/// not rename would), keeping the folder's modification time.
fn edit_unit_in_place(t: &Test, rel: &str, unit: &str) {
    let path = t.path().join(rel);
    let dir = path.parent().unwrap().to_path_buf();
    let folder_time = std::fs::metadata(&dir).unwrap().modified().unwrap();
    let text: String = t
        .read(rel)
        .lines()
        .map(|l| {
            if l.starts_with("unit: ") {
                format!("unit: {unit}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .unwrap();
    std::fs::File::open(&dir)
        .unwrap()
        .set_modified(folder_time)
        .unwrap();
}

#[test]
fn a_units_permits_are_found_as_a_full_read_finds_them_and_follow_each_new_permit() {
    let t = Test::records();
    for unit in ["A-1204", "A-101", "A-1203", "B-9999"] {
        assert_eq!(permits_of(&t, unit), permits_read(&t, unit), "{unit}");
    }
    assert_eq!(permits_of(&t, "A-1204").len(), 2);
    assert!(
        index_files(&t)
            .iter()
            .any(|f| f.ends_with("permits/2026.tsv")),
        "{:?}",
        index_files(&t)
    );
    // A new permit of the unit, written by propdesk: found at once.
    let tenant = t.read("units/A-1204.yaml");
    let tenant = tenant
        .lines()
        .find_map(|l| l.strip_prefix("occupant: "))
        .expect("an occupant");
    let id = t
        .run(&[
            "permit",
            "new",
            "--kind",
            "access-card",
            "--unit",
            "A-1204",
            "--applicant",
            tenant,
            "--cards",
            "2",
        ])
        .ok()
        .trim()
        .to_string();
    let found = permits_of(&t, "A-1204");
    assert!(found.contains(&id), "{id} not in {found:?}");
    assert_eq!(found, permits_read(&t, "A-1204"));
}

#[test]
fn a_hand_edit_that_moves_a_permit_is_set_right_by_check_and_never_shows_a_permit_under_the_wrong_unit()
 {
    let t = Test::records();
    // A folder last changed long ago: its index is trusted without listing it.
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    std::fs::File::open(t.path().join("permits/2026"))
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let before = permits_of(&t, "A-1204");
    assert_eq!(before.len(), 2);
    let moved = &before[0];
    let rel = format!("permits/2026/{moved}.yaml");
    edit_unit_in_place(&t, &rel, "A-101");
    // The index still remembers the old unit, but a permit the record says is
    // elsewhere is never returned as this unit's...
    let now = permits_of(&t, "A-1204");
    assert!(!now.contains(moved), "{now:?}");
    // ...and, the folder unchanged, the index does not know it moved yet.
    assert!(!permits_of(&t, "A-101").contains(moved));
    // `check` reads every record and writes the index afresh: the permit is A-101's.
    t.run(&["check"]);
    assert_eq!(permits_of(&t, "A-101"), permits_read(&t, "A-101"));
    assert!(permits_of(&t, "A-101").contains(moved));
    assert_eq!(permits_of(&t, "A-1204"), permits_read(&t, "A-1204"));
}

#[test]
fn a_broken_index_is_rebuilt_not_believed() {
    let t = Test::records();
    let want = permits_read(&t, "A-1204");
    assert_eq!(permits_of(&t, "A-1204"), want);
    for f in index_files(&t) {
        t.write(&f, "propdesk-index 1\nfolder\tnot a number\ngarbage\n");
    }
    assert_eq!(permits_of(&t, "A-1204"), want);
    for f in index_files(&t) {
        t.write(&f, "");
    }
    assert_eq!(permits_of(&t, "A-1204"), want);
    // A deleted index is only a slower first look.
    std::fs::remove_dir_all(t.path().join(".propdesk/index")).unwrap();
    assert_eq!(permits_of(&t, "A-1204"), want);
}

#[test]
fn move_outs_are_found_by_unit_too() {
    let t = Test::records();
    let store = Store::open(t.path()).unwrap();
    let all = store.load_all::<MoveOut>().unwrap();
    assert!(!all.is_empty());
    for m in &all {
        let found = store.load_of_unit::<MoveOut>(&m.unit).unwrap();
        let want: Vec<&str> = all
            .iter()
            .filter(|x| x.unit == m.unit)
            .map(|x| x.id.as_str())
            .collect();
        let got: Vec<&str> = found.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(got, want, "{}", m.unit);
    }
    assert!(Path::new(&t.path().join(".propdesk/index/moveouts")).is_dir());
}

#[test]
fn a_folder_changed_within_the_clocks_tick_is_listed_again_until_its_time_is_settled() {
    let t = Test::records();
    let folder_line = |t: &Test| {
        t.read(".propdesk/index/permits/2026.tsv")
            .lines()
            .nth(1)
            .unwrap()
            .to_string()
    };
    // Just copied: the folder's time may still move within its tick, so it is not
    // trusted (0), and the next look lists the folder again.
    permits_of(&t, "A-1204");
    assert_eq!(folder_line(&t), "folder\t0");
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    std::fs::File::open(t.path().join("permits/2026"))
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    permits_of(&t, "A-1204");
    assert_eq!(folder_line(&t), "folder\t1600000000000000000");
}

#[test]
fn a_permit_replaced_while_check_reads_is_read_again_not_taken_from_checks_read() {
    use std::collections::BTreeMap;
    use std::time::{Duration, UNIX_EPOCH};
    let t = Test::records();
    let folder = t.path().join("permits/2026");
    let long_ago = UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    std::fs::File::open(&folder)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let store = Store::open(t.path()).unwrap();
    // `check` takes the folders' times, then reads every permit...
    let before = propdesk::store::index::before::<Permit>(&store);
    let mut read = BTreeMap::new();
    for p in store.load_all::<Permit>().unwrap() {
        let rel = Path::new("permits/2026").join(format!("{}.yaml", p.id));
        let (_, stamp) = store.read_text_stamped(&rel).unwrap().unwrap();
        use propdesk::model::record::Record;
        read.insert(p.id.clone(), (stamp, p.unit.clone(), p.holds()));
    }
    let moved = permits_read(&t, "A-1204")[0].clone();
    // ...meanwhile another desk's pull replaces one permit (a new file, renamed in),
    // and the folder's time is one that would look settled...
    let rel = format!("permits/2026/{moved}.yaml");
    let text = t.read(&rel).replace("unit: A-1204", "unit: A-101");
    std::fs::write(folder.join("incoming.tmp"), text).unwrap();
    std::fs::rename(folder.join("incoming.tmp"), t.path().join(&rel)).unwrap();
    std::fs::File::open(&folder)
        .unwrap()
        .set_modified(long_ago + Duration::from_secs(100))
        .unwrap();
    // ...and `check` writes the index from what it read.
    propdesk::store::index::rebuild::<Permit>(&store, before, &read);
    // The folder changed after its time was taken: it is listed again, and the
    // replaced file read again.
    assert!(permits_of(&t, "A-101").contains(&moved));
    assert!(!permits_of(&t, "A-1204").contains(&moved));
    assert_eq!(permits_of(&t, "A-101"), permits_read(&t, "A-101"));
}
