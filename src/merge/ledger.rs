//! The merge of two desks' versions of one year's book of a unit's ledger.
//!
//! Entries are only ever added, so the book both desks started from is the common
//! start of both. What each desk added is kept, each desk's in its own order, the two
//! interleaved by day and time, and numbered on from the common part: an entry is
//! known by what it is, not by its number. The same charge posted by both desks' runs
//! (the same item for the same month and occupancy, the same late fee on the same
//! charge through the same day) is kept once. What the added entries refer to by
//! number (a late fee's charge, a payment's `--for`, the charges a credit cleared)
//! follows the new numbers, and how each credit cleared the charges is worked out
//! again in the merged order, so two desks' payments never both clear one charge.
//!
//! Like the rest of the merge it is symmetric: a merge and a rebase give one book.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::ledger::{ChargeItem, EntryKind, Ledger, LedgerEntry, State};

/// The merged book, or `None` when the versions are not one book grown on two desks
/// (another unit or year, another opening, an entry rewritten): git's own merge
/// shows those.
pub fn merge(
    base: Option<Ledger>,
    ours: Ledger,
    theirs: Ledger,
    clearing: &[ChargeItem],
) -> Option<Ledger> {
    if ours == theirs {
        return Some(ours);
    }
    let same_book =
        |a: &Ledger, b: &Ledger| a.unit == b.unit && a.year == b.year && a.opening == b.opening;
    if !same_book(&ours, &theirs) || base.as_ref().is_some_and(|b| !same_book(b, &ours)) {
        return None;
    }
    // The entries both have, in the same places, from the start.
    let p = ours
        .entries
        .iter()
        .zip(&theirs.entries)
        .take_while(|(a, b)| a == b)
        .count();
    let first_new = ours.first_no() + p as u32;
    let o = &ours.entries[p..];
    let t = &theirs.entries[p..];
    // Each entry of either side after the common part: kept, or one with another.
    let mut keep_o = vec![true; o.len()];
    let mut keep_t = vec![true; t.len()];
    // (side, index) of the entry a dropped one is kept as.
    let mut as_o: HashMap<usize, (bool, usize)> = HashMap::new();
    let mut as_t: HashMap<usize, (bool, usize)> = HashMap::new();
    // An entry as it was where the desks parted.
    let as_was = |e: &LedgerEntry| {
        base.as_ref()
            .is_some_and(|b| b.entries.iter().any(|x| identity(x) == identity(e)))
    };
    for (j, x) in t.iter().enumerate() {
        // The same entry (a rebase replays what a merge already numbered anew).
        if let Some(i) = o.iter().position(|y| identity(y) == identity(x)) {
            keep_t[j] = false;
            as_t.insert(j, (true, i));
            continue;
        }
        // The same payment, given a new receipt on one desk (`propdesk resolve` of a
        // number given twice): the desk that changed it is kept, never both.
        if let Some(i) = (0..o.len()).find(|&i| keep_o[i] && re_receipted(&o[i], x)) {
            if as_was(x) {
                keep_t[j] = false;
                as_t.insert(j, (true, i));
            } else {
                keep_o[i] = false;
                as_o.insert(i, (false, j));
            }
            continue;
        }
        // The same charge posted by both desks' runs: the earlier is kept.
        if let Some(i) = (0..o.len()).find(|&i| keep_o[i] && same(&o[i], x, first_new)) {
            if before(x, &o[i]) == Ordering::Less {
                keep_o[i] = false;
                as_o.insert(i, (false, j));
            } else {
                keep_t[j] = false;
                as_t.insert(j, (true, i));
            }
        }
    }
    // Interleave what is kept, each side in its own order.
    let ko: Vec<usize> = (0..o.len()).filter(|i| keep_o[*i]).collect();
    let kt: Vec<usize> = (0..t.len()).filter(|j| keep_t[*j]).collect();
    let mut order: Vec<(bool, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < ko.len() || j < kt.len() {
        let take_o = match (ko.get(i), kt.get(j)) {
            (Some(&a), Some(&b)) => before(&o[a], &t[b]) != Ordering::Greater,
            (Some(_), None) => true,
            _ => false,
        };
        if take_o {
            order.push((true, ko[i]));
            i += 1;
        } else {
            order.push((false, kt[j]));
            j += 1;
        }
    }
    let mut new_no: HashMap<(bool, usize), u32> = HashMap::new();
    for (k, at) in order.iter().enumerate() {
        new_no.insert(*at, first_new + k as u32);
    }
    let no_of = |side: bool, index: usize| -> Option<u32> {
        let at = match side {
            true => as_o.get(&index).copied().unwrap_or((true, index)),
            false => as_t.get(&index).copied().unwrap_or((false, index)),
        };
        new_no.get(&at).copied()
    };
    let mut merged = Ledger {
        entries: ours.entries[..p].to_vec(),
        ..ours.clone()
    };
    let mut state = State::opened(merged.opening.as_ref());
    let _ = state.catch_up(&merged, clearing);
    for &(side, index) in &order {
        let e = if side { &o[index] } else { &t[index] };
        let list = if side { o } else { t };
        let renum = |no: u32| {
            if no < first_new {
                return no;
            }
            list.iter()
                .position(|x| x.no == no)
                .and_then(|i| no_of(side, i))
                .unwrap_or(no)
        };
        let mut e = e.clone();
        e.no = first_new + (merged.entries.len() - p) as u32;
        e.charge = e.charge.map(renum);
        e.payment = e.payment.map(renum);
        if e.kind.is_credit() && !e.applied.is_empty() {
            // The charges it cleared first, again, as far as they are still open.
            let mut targets: Vec<u32> = e.charge.into_iter().collect();
            targets.extend(e.applied.iter().map(|a| renum(a.charge)));
            targets.dedup();
            let (parts, _) = state.allocate_for(e.party.as_deref(), e.amount, &targets, clearing);
            e.applied = parts;
        }
        merged.entries.push(e);
        let _ = state.catch_up(&merged, clearing);
    }
    Some(merged)
}

/// An entry as what it is, whatever number it has and whatever it points at by
/// number: the same entry numbered anew by an earlier merge is still itself.
/// Whether `a` and `b` are one payment whose receipt one desk gave anew: alike in all
/// but the receipt and the reason it was given again.
fn re_receipted(a: &LedgerEntry, b: &LedgerEntry) -> bool {
    let bare = |e: &LedgerEntry| {
        identity(&LedgerEntry {
            receipt: None,
            reason: None,
            ..e.clone()
        })
    };
    a.receipt != b.receipt && a.receipt.is_some() && b.receipt.is_some() && bare(a) == bare(b)
}

fn identity(e: &LedgerEntry) -> String {
    text(&LedgerEntry {
        no: 0,
        applied: Vec::new(),
        charge: None,
        payment: None,
        ..e.clone()
    })
}

/// The order of two entries from two desks: by the day they count from, then the
/// time they were written, then their text.
fn before(a: &LedgerEntry, b: &LedgerEntry) -> Ordering {
    let day = |e: &LedgerEntry| e.recorded.unwrap_or(e.date).max(e.date);
    day(a)
        .cmp(&day(b))
        .then(a.at.cmp(&b.at))
        .then_with(|| text(a).cmp(&text(b)))
}

fn text(e: &LedgerEntry) -> String {
    crate::store::yaml::to_yaml(e).unwrap_or_default()
}

/// Whether two entries added on two desks are one: the same month's charge of an
/// item for one occupancy (both desks billed the month), the same late fee (both
/// desks ran the ladder), or the same entry altogether.
fn same(a: &LedgerEntry, b: &LedgerEntry, first_new: u32) -> bool {
    if a.kind != b.kind {
        return false;
    }
    if a.kind == EntryKind::Charge {
        if a.item == Some(ChargeItem::LateFee) {
            // On a charge both desks knew, through the same day.
            return b.item == a.item
                && a.charge == b.charge
                && a.charge.is_some_and(|c| c < first_new)
                && a.through == b.through
                && a.party == b.party;
        }
        if a.period.is_some() {
            return a.item == b.item
                && a.period == b.period
                && a.party == b.party
                && a.reference == b.reference;
        }
    }
    identity(a) == identity(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ledger::fixtures::{charge, d, entry, ledger, m};
    use crate::model::ledger::{Applied, ChargeItem as I, EntryKind as K};

    fn at(e: &mut LedgerEntry, t: &str) {
        e.at = chrono::DateTime::parse_from_rfc3339(t).unwrap();
    }

    fn paid(no: u32, day: &str, amount: &str, time: &str, clears: u32) -> LedgerEntry {
        let mut p = entry(no, day, K::Payment, amount);
        p.applied = vec![Applied {
            charge: clears,
            amount: m(amount),
        }];
        at(&mut p, time);
        p
    }

    /// A payment on 20 November at `hm`, written as clearing charge 1.
    fn on_20th(no: u32, amount: &str, hm: &str) -> LedgerEntry {
        paid(
            no,
            "2026-11-20",
            amount,
            &format!("2026-11-20T{hm}:00+08:00"),
            1,
        )
    }

    fn base() -> Ledger {
        let mut a = charge(1, "2026-11-01", I::PropertyFee, "300.00", "2026-11-15");
        a.period = Some("2026-11".into());
        let mut b = charge(2, "2026-11-01", I::Parking, "200.00", "2026-11-15");
        b.period = Some("2026-11".into());
        ledger(vec![a, b])
    }

    #[test]
    fn two_desks_payments_on_one_charge_are_both_kept_and_the_second_clears_what_is_left() {
        let b = base();
        let mut o = b.clone();
        o.entries.push(on_20th(3, "300.00", "10:00"));
        let mut t = b.clone();
        t.entries.push(on_20th(3, "222.00", "11:00"));
        let merged = merge(Some(b.clone()), o.clone(), t.clone(), &[]).unwrap();
        assert_eq!(merged.entries.len(), 4);
        assert_eq!(merged.entries[2].amount, m("300.00"));
        assert_eq!(merged.entries[3].no, 4);
        assert_eq!(merged.entries[3].amount, m("222.00"));
        // Charge 1 was cleared by the first; the second clears the parking charge.
        assert_eq!(
            merged.entries[3].applied,
            vec![Applied {
                charge: 2,
                amount: m("200.00")
            }]
        );
        let (state, problems) = merged.replay(&[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(state.balance(), m("-22.00"));
        // A rebase (the sides the other way round) gives the same book.
        assert_eq!(merge(Some(b), t, o, &[]).unwrap(), merged);
    }

    #[test]
    fn the_same_months_charge_billed_on_two_desks_is_kept_once() {
        let b = base();
        let mut c = charge(3, "2026-12-01", I::PropertyFee, "300.00", "2026-12-15");
        c.period = Some("2026-12".into());
        let mut o = b.clone();
        let mut oc = c.clone();
        at(&mut oc, "2026-12-01T07:20:00+08:00");
        o.entries.push(oc);
        let mut t = b.clone();
        let mut tc = c.clone();
        at(&mut tc, "2026-12-01T07:21:00+08:00");
        tc.by = "desk-b".into();
        t.entries.push(tc);
        t.entries.push(paid(
            4,
            "2026-12-02",
            "300.00",
            "2026-12-02T09:00:00+08:00",
            3,
        ));
        let merged = merge(Some(b), o, t, &[]).unwrap();
        let nos: Vec<(u32, K)> = merged.entries.iter().map(|e| (e.no, e.kind)).collect();
        assert_eq!(
            nos,
            [
                (1, K::Charge),
                (2, K::Charge),
                (3, K::Charge),
                (4, K::Payment)
            ]
        );
        assert_eq!(merged.entries[3].applied[0].charge, 3);
        assert_eq!(merged.entries[3].date, d("2026-12-02"));
    }

    #[test]
    fn references_to_an_entry_added_on_the_same_desk_follow_its_new_number() {
        let b = base();
        let mut o = b.clone();
        o.entries.push(on_20th(3, "10.00", "08:00"));
        let mut t = b.clone();
        let mut fee = charge(3, "2026-11-21", I::RepairFee, "80.00", "2026-11-30");
        at(&mut fee, "2026-11-21T09:00:00+08:00");
        t.entries.push(fee);
        let mut p = paid(4, "2026-11-21", "80.00", "2026-11-21T09:05:00+08:00", 3);
        p.charge = Some(3);
        t.entries.push(p);
        let merged = merge(Some(b), o, t, &[]).unwrap();
        assert_eq!(merged.entries[3].item, Some(I::RepairFee));
        assert_eq!(merged.entries[4].charge, Some(4));
        assert_eq!(
            merged.entries[4].applied,
            vec![Applied {
                charge: 4,
                amount: m("80.00")
            }]
        );
    }

    #[test]
    fn another_books_versions_are_not_merged_here() {
        let b = base();
        let mut o = b.clone();
        o.year = 2027;
        let mut t = b.clone();
        t.entries.push(on_20th(3, "10.00", "08:00"));
        assert!(merge(Some(b), o, t, &[]).is_none());
    }

    #[test]
    fn a_rebase_replaying_one_desks_entries_one_commit_at_a_time_ends_as_the_merge() {
        let b = base();
        let mut o = b.clone();
        o.entries.push(on_20th(3, "300.00", "10:00"));
        let mut t1 = b.clone();
        t1.entries.push(on_20th(3, "222.00", "11:00"));
        let mut t2 = t1.clone();
        t2.entries.push(on_20th(4, "50.00", "12:00"));
        let merged = merge(Some(b.clone()), t2.clone(), o.clone(), &[]).unwrap();
        // Rebase: the other desk's book, then this desk's commits one by one.
        let r1 = merge(Some(b), o, t1.clone(), &[]).unwrap();
        let r2 = merge(Some(t1), r1, t2, &[]).unwrap();
        assert_eq!(r2, merged);
        assert_eq!(merged.entries.len(), 5);
    }
}
