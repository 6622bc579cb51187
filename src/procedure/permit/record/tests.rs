//! Every kind's transition function, pair by pair; the file's shape read and written
//! through the wire form, and what a hand-edited file gets wrong.

use super::*;
use crate::procedure::permit::{access_card, goods_exit, overtime_ac, parking, renovation};
use crate::store::yaml;

/// Checks a kind's transition function against a table: a row per state, a letter per
/// event of [`Event::ALL`] (grouped by spaces): the state it leads to, `.` refused.
fn table<S: Machine + std::fmt::Debug>(
    letter: impl Fn(S) -> char,
    next: impl Fn(S, Event) -> Option<S>,
    rows: &[(S, &str)],
) {
    let states: Vec<S> = rows.iter().map(|(s, _)| *s).collect();
    assert_eq!(states, S::ALL, "a row per state, in order");
    for (state, row) in rows {
        let row: Vec<char> = row.chars().filter(|c| *c != ' ').collect();
        assert_eq!(row.len(), Event::ALL.len(), "{state:?}: a letter per event");
        for (event, want) in Event::ALL.into_iter().zip(row) {
            let got = next(*state, event).map_or('.', &letter);
            assert_eq!(got, want, "{state:?} --{}--> ", event.as_str());
            assert_eq!(state.takes(event), want != '.', "{state:?} takes {event:?}");
        }
    }
}

// The columns, in `Event::ALL` order:
//   renewed returned exit-signed to-security | applied received signed billed |
//   approved rejected revised issued | inspected violation rectified hot-work extended |
//   completion-applied accepted not-accepted passes closed

#[test]
fn a_renovation_moves_only_as_its_table_says() {
    use renovation::State::*;
    let letter = |s| match s {
        Applied => 'A',
        Rejected => 'R',
        Approved => 'P',
        Issued => 'I',
        Suspended => 'S',
        CompletionApplied => 'C',
        Accepted => 'K',
        Closed => 'X',
    };
    let rows = [
        (Applied, "....  .AAA  AR..  .....  ....."),
        (Rejected, "....  .RRR  ..A.  .....  ....."),
        (Approved, "....  .PPP  ...I  .....  ....."),
        (Issued, "....  ...I  ....  IS.II  C...."),
        (Suspended, "....  ...S  ....  SSS.S  ....."),
        (CompletionApplied, "....  ...C  ....  C.C..  .KI.."),
        (Accepted, "....  ...K  ....  .....  ...KX"),
        (Closed, "....  ...X  ....  .....  ....."),
    ];
    table(letter, |s, e| renovation::next(s, e, false), &rows);
    // The last signature approves; the last violation rectified lets works resume.
    for s in <renovation::State as Machine>::ALL {
        for e in Event::ALL {
            let want = match (s, e) {
                (Applied, Event::Approved) => Some(Approved),
                (Suspended, Event::Rectified) => Some(Issued),
                _ => renovation::next(*s, e, false),
            };
            assert_eq!(renovation::next(*s, e, true), want, "{s:?} {e:?} (last)");
        }
    }
}

#[test]
fn a_parking_permit_is_issued_once_and_renewed() {
    use parking::State::*;
    let letter = |s| match s {
        Applied => 'A',
        Issued => 'I',
    };
    let rows = [
        (Applied, "....  .A.A  ...I  .....  ....."),
        (Issued, "I...  ...I  ....  .....  ....."),
    ];
    table(letter, parking::next, &rows);
}

#[test]
fn access_cards_are_issued_then_returned() {
    use access_card::State::*;
    let letter = |s| match s {
        Applied => 'A',
        Issued => 'I',
        Closed => 'X',
    };
    let rows = [
        (Applied, "....  ....  ...I  .....  ....."),
        (Issued, ".I..  ....  ....  .....  ....X"),
        (Closed, "....  ....  ....  .....  ....."),
    ];
    table(letter, access_card::next, &rows);
}

#[test]
fn a_goods_exit_pass_is_signed_issued_and_taken_by_security() {
    use goods_exit::State::*;
    let letter = |s| match s {
        Applied => 'A',
        Issued => 'I',
        Closed => 'X',
    };
    let rows = [
        (Applied, "..A.  ....  ...I  .....  ....."),
        (Issued, "...I  ....  ....  .....  ....X"),
        (Closed, "....  ....  ....  .....  ....."),
    ];
    table(letter, goods_exit::next, &rows);
}

#[test]
fn overtime_air_conditioning_takes_no_step_once_issued() {
    use overtime_ac::State::*;
    let letter = |s| match s {
        Applied => 'A',
        Issued => 'I',
    };
    let rows = [
        (Applied, "....  ....  ...I  .....  ....."),
        (Issued, "....  ....  ....  .....  ....."),
    ];
    table(letter, overtime_ac::next, &rows);
}

#[test]
fn every_event_word_reads_back() {
    for e in Event::ALL {
        assert_eq!(Event::parse(e.as_str()), Some(e));
    }
    assert_eq!(Event::parse("opened"), None);
}

#[test]
fn a_refused_step_names_the_state_the_states_it_needs_and_the_steps_allowed_now() {
    let r = refused("PM-1", parking::State::Applied, Event::Renewed);
    let Refused::Permit(Refusal::Step {
        state,
        step,
        needs,
        allowed,
        ..
    }) = &r
    else {
        panic!("{r:?}");
    };
    assert_eq!((*state, *step), (Status::Applied, Event::Renewed));
    assert_eq!(needs, &[Status::Issued]);
    assert_eq!(allowed, &[Event::Received, Event::Billed, Event::Issued]);
    assert_eq!(
        r.to_string(),
        "cannot renew: permit PM-1 is applied; that needs it issued"
    );
}

const CARDS: &str = "id: PM-20261120-AAAAAA
kind: access-card
unit: A-101
applicant: P-20261101-AAAAAA
tenant_applicant: false
status: issued
access_card:
  cards: 3
  deposit_each: \"10.00\"
history:
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: applied
  note: 3 card(s), deposit 10.00 each
- at: \"2026-11-20T10:00:00+08:00\"
  by: desk
  event: issued
";

#[test]
fn a_permit_file_reads_and_writes_the_same_bytes_through_both_readers() {
    let p: Permit = yaml::from_yaml(CARDS, "permits/2026/PM-20261120-AAAAAA.yaml").unwrap();
    assert_eq!(p.kind(), Kind::AccessCard);
    assert_eq!(p.status(), Status::Issued);
    assert_eq!(yaml::to_yaml(&p).unwrap(), CARDS);
    let full: Permit = yaml::from_yaml_full(CARDS, "x").unwrap();
    assert_eq!(full, p);
    let fast: Option<Permit> = crate::store::canonical::from_canonical(CARDS);
    assert_eq!(fast.as_ref(), Some(&p));
}

#[test]
fn a_hand_edited_file_whose_kind_status_and_page_disagree_is_refused_by_name() {
    let shown = "permits/2026/PM-20261120-AAAAAA.yaml";
    let read = |text: &str| {
        let e = yaml::from_yaml::<Permit>(text, shown).unwrap_err();
        assert!(crate::store::canonical::from_canonical::<Permit>(text).is_none());
        assert_eq!(e.path, shown);
        (e.message, e.line)
    };
    // The page of another kind: on the page's first line.
    let (m, line) = read(&CARDS.replace("kind: access-card", "kind: parking"));
    let other = "a parking permit has no `access_card:` page: that is an access-card permit's";
    assert_eq!((m.as_str(), line), (other, Some(8)));
    // A status the kind does not have: on its line.
    let (m, line) = read(&CARDS.replace("status: issued", "status: suspended"));
    let status = "status \"suspended\" is not a status of an access-card permit: expected one of applied, issued, closed";
    assert_eq!((m.as_str(), line), (status, Some(6)));
    // Read before the kind, they are found once the file is read: no line to name.
    let late = CARDS
        .replace("kind: access-card\n", "")
        .replace("history:", "kind: parking\nhistory:");
    let (m, line) = read(&late);
    assert_eq!((m.as_str(), line), (other, None));
    let no_page = CARDS.replace("access_card:\n  cards: 3\n  deposit_each: \"10.00\"\n", "");
    let (m, _) = read(&no_page);
    assert_eq!(m, "an access-card permit needs its `access_card:` page");
}

#[test]
fn an_unknown_field_names_the_fields_a_permit_may_have() {
    let text = CARDS.replace("status: issued\n", "status: issued\ncolour: red\n");
    let e = yaml::from_yaml::<Permit>(&text, "x.yaml").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.line),
        (
            "unknown field \"colour\": expected one of id, kind, unit, applicant, tenant_applicant, status, renovation, overtime_ac, parking, access_card, goods_exit, history",
            Some(7)
        )
    );
    let text = CARDS.replace("unit: A-101\n", "");
    let e = yaml::from_yaml::<Permit>(&text, "x.yaml").unwrap_err();
    assert!(e.message.contains("missing field `unit`"), "{}", e.message);
}
