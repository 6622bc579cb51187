//! A renovation's life, step by step, in memory.

use super::*;
use crate::procedure::permit::steps::Missing;

fn act(day: &str) -> Act<'static> {
    Act {
        by: "desk",
        at: chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap(),
        today: day.parse().unwrap(),
    }
}

fn app(scope: Scope) -> Application {
    Application {
        unit: "A-1203".into(),
        applicant: "P-20261101-AAAAAA".into(),
        tenant_applicant: true,
        contractor: Some("华美装饰".into()),
        scope,
        structural: false,
        hot_work: false,
        description: "办公室隔断及地毯".into(),
        planned_start: "2026-12-01".parse().unwrap(),
        planned_end: "2027-01-31".parse().unwrap(),
        workers: 5,
    }
}

fn docs(p: &Permit) -> Vec<&str> {
    p.renovation()
        .unwrap()
        .documents
        .iter()
        .map(|d| d.item.as_str())
        .collect()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const ID: &str = "PM-20261123-AAAAAA";

#[test]
fn the_documents_follow_the_scope_structure_hot_work_and_the_applicant() {
    let r = PermitRules::default();
    let mut a = app(Scope::Simple);
    a.tenant_applicant = false;
    let p = Permit::new_renovation(ID, a, &r, act("2026-11-23")).unwrap();
    assert_eq!(docs(&p), ["application-form", "workers-list"]);
    let mut a = app(Scope::Standard);
    a.structural = true;
    a.hot_work = true;
    let p = Permit::new_renovation(ID, a, &r, act("2026-11-23")).unwrap();
    assert_eq!(
        docs(&p),
        [
            "application-form",
            "drawings",
            "materials-list",
            "contractor-licence",
            "contractor-qualification",
            "site-manager-id-copy",
            "workers-list",
            "design-institute-plan",
            "hot-work-permit",
            "owner-consent"
        ]
    );
}

#[test]
fn an_application_is_refused_for_what_it_lacks() {
    let r = PermitRules::default();
    let refused = |a: Application| {
        Permit::new_renovation(ID, a, &r, act("2026-11-23"))
            .unwrap_err()
            .to_string()
    };
    let mut a = app(Scope::Standard);
    a.contractor = None;
    assert!(refused(a).starts_with("standard works need a contractor"));
    let mut a = app(Scope::Simple);
    a.structural = true;
    assert!(refused(a).contains("use --scope standard"));
    let mut a = app(Scope::Standard);
    a.workers = 0;
    assert_eq!(refused(a), "the number of workers must be at least 1");
    let mut a = app(Scope::Standard);
    a.planned_end = d("2026-11-30");
    assert_eq!(
        refused(a),
        "the works end 2026-11-30 before they start 2026-12-01"
    );
}

fn approved() -> (Permit, PermitRules) {
    let r = PermitRules::default();
    let mut p = Permit::new_renovation(ID, app(Scope::Standard), &r, act("2026-11-23")).unwrap();
    for role in r.approval_chain.clone() {
        p.decide(act("2026-11-24"), &r, &role, true, None).unwrap();
    }
    (p, r)
}

#[test]
fn the_chain_signs_in_order_and_a_rejection_ends_it_until_a_revision() {
    let r = PermitRules::default();
    let mut p = Permit::new_renovation(ID, app(Scope::Standard), &r, act("2026-11-23")).unwrap();
    let e = p
        .decide(act("2026-11-23"), &r, "manager", true, None)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("the desk-clerk signs next, not the manager"),
        "{e}"
    );
    let done = p
        .decide(act("2026-11-23"), &r, "desk-clerk", true, None)
        .unwrap();
    assert_eq!(
        done,
        Done::Step {
            id: ID.into(),
            did: Did::Approved,
            status: Status::Applied
        }
    );
    assert!(
        p.decide(act("2026-11-23"), &r, "engineering-supervisor", false, None)
            .is_err()
    );
    p.decide(
        act("2026-11-23"),
        &r,
        "engineering-supervisor",
        false,
        Some("图纸未标明承重墙"),
    )
    .unwrap();
    assert_eq!(p.status(), Status::Rejected);
    let e = p
        .decide(act("2026-11-23"), &r, "security-supervisor", true, None)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("cannot approve: permit {ID} is rejected; that needs it applied")
    );
    p.revise(act("2026-11-24"), Some("隔断避开承重墙")).unwrap();
    assert_eq!(p.next_signer(&r), Some("desk-clerk"));
    for role in r.approval_chain.clone() {
        p.decide(act("2026-11-25"), &r, &role, true, None).unwrap();
    }
    assert_eq!(p.status(), Status::Approved);
    assert_eq!(p.renovation().unwrap().round, 2);
    let last = p.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.note.as_deref()),
        ("approved", Some("manager"))
    );
}

#[test]
fn issue_needs_everything_and_validity_is_at_most_three_months() {
    let (mut p, r) = approved();
    let missing = vec![Missing::Document {
        id: ID.into(),
        item: "drawings".into(),
    }];
    let e = p.issue(act("2026-11-25"), &r, missing, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "permit {ID} cannot be issued; missing:\n  - document not received: drawings (propdesk permit receive {ID} drawings --from NAME)"
        )
    );
    let e = p
        .issue(act("2026-11-25"), &r, vec![], Some(d("2027-03-01")))
        .unwrap_err();
    assert!(
        e.to_string().contains("until 2027-02-28 at the latest"),
        "{e}"
    );
    let done = p.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    assert_eq!(
        done,
        Done::Issued {
            id: ID.into(),
            valid: Some((d("2026-12-01"), d("2027-01-31")))
        }
    );
    assert!(!p.works_allowed_on(d("2026-11-30")));
    assert!(p.works_allowed_on(d("2026-12-01")));
}

#[test]
fn a_violation_suspends_until_rectified_and_extension_is_refused_after_expiry() {
    let (mut p, r) = approved();
    p.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    let fine = Some("200.00".parse().unwrap());
    let no = p
        .violation(act("2026-12-03"), "午休时间电钻施工", d("2026-12-05"), fine)
        .unwrap();
    assert_eq!(no, 1);
    assert_eq!(p.status(), Status::Suspended);
    assert!(!p.works_allowed_on(d("2026-12-04")));
    let e = p
        .apply_completion(act("2026-12-04"), &r, d("2026-12-10"))
        .unwrap_err();
    assert!(
        e.to_string().starts_with("cannot apply for completion"),
        "{e}"
    );
    p.rectified(act("2026-12-05"), no).unwrap();
    assert_eq!(p.status(), Status::Issued);
    let e = p.rectified(act("2026-12-06"), no).unwrap_err();
    assert_eq!(e.to_string(), "violation no. 1 was rectified on 2026-12-05");
    p.extend(act("2027-01-20"), &r, d("2027-02-28")).unwrap();
    let e = p
        .extend(act("2027-03-01"), &r, d("2027-03-31"))
        .unwrap_err();
    assert!(e.to_string().contains("expired on 2027-02-28"), "{e}");
    assert!(p.expired_on(d("2027-03-01")));
}

#[test]
fn two_open_violations_keep_works_stopped_until_both_are_rectified() {
    let (mut p, r) = approved();
    p.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    p.violation(act("2026-12-03"), "噪音", d("2026-12-05"), None)
        .unwrap();
    p.violation(act("2026-12-03"), "占用消防通道", d("2026-12-06"), None)
        .unwrap();
    p.rectified(act("2026-12-04"), 2).unwrap();
    assert_eq!(p.status(), Status::Suspended);
    assert_eq!(p.history.last().unwrap().note.as_deref(), Some("no. 2"));
    p.rectified(act("2026-12-05"), 1).unwrap();
    assert_eq!(p.status(), Status::Issued);
    assert_eq!(
        p.history.last().unwrap().note.as_deref(),
        Some("no. 1; works resume")
    );
    let e = p.rectified(act("2026-12-05"), 3).unwrap_err();
    assert!(
        e.to_string().starts_with("cannot accept a rectification"),
        "{e}"
    );
}

#[test]
fn completion_is_applied_for_three_days_ahead_and_passes_must_add_up() {
    let (mut p, r) = approved();
    p.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    let e = p
        .apply_completion(act("2027-01-20"), &r, d("2027-01-22"))
        .unwrap_err();
    assert!(e.to_string().contains("2027-01-23 at the earliest"), "{e}");
    p.apply_completion(act("2027-01-20"), &r, d("2027-01-23"))
        .unwrap();
    let done = p
        .accept(
            act("2027-01-23"),
            false,
            "地面未清理",
            Some(d("2027-01-25")),
        )
        .unwrap();
    assert_eq!(
        done,
        Done::Step {
            id: ID.into(),
            did: Did::NotAccepted,
            status: Status::Suspended
        }
    );
    let events: Vec<&str> = p
        .history
        .iter()
        .rev()
        .take(2)
        .map(|e| e.event.as_str())
        .collect();
    assert_eq!(events, ["violation", "not-accepted"]);
    p.rectified(act("2027-01-25"), 1).unwrap();
    p.apply_completion(act("2027-01-25"), &r, d("2027-01-28"))
        .unwrap();
    p.accept(act("2027-01-28"), true, "验收合格", None).unwrap();
    assert!(p.return_passes(act("2027-01-28"), 3, 1).is_err());
    let e = p.close(act("2027-01-28"), String::new()).unwrap_err();
    assert!(e.to_string().starts_with("settle the passes first"), "{e}");
    p.return_passes(act("2027-01-28"), 4, 1).unwrap();
    p.close(act("2027-01-28"), "refunded".into()).unwrap();
    assert_eq!(p.status(), Status::Closed);
    assert!(p.problems().is_empty(), "{:?}", p.problems());
}

#[test]
fn hot_work_needs_the_hot_work_scope_a_working_day_of_the_permit_and_a_window() {
    let r = PermitRules::default();
    let mut a = app(Scope::Standard);
    a.hot_work = true;
    let mut p = Permit::new_renovation(ID, a, &r, act("2026-11-23")).unwrap();
    for role in r.approval_chain.clone() {
        p.decide(act("2026-11-24"), &r, &role, true, None).unwrap();
    }
    p.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    let hot = |p: &mut Permit, on: &str, day: &str, from: &str, to: &str| {
        p.hot_work(act(on), d(day), t(from), t(to), "焊接", "保安-钱")
    };
    assert!(hot(&mut p, "2026-11-25", "2026-11-30", "14:00", "16:00").is_err());
    let e = hot(&mut p, "2026-12-02", "2026-12-02", "16:00", "14:00").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the hot work ends 14:00:00 before it starts 16:00:00"
    );
    hot(&mut p, "2026-12-02", "2026-12-02", "14:00", "16:00").unwrap();
    assert_eq!(p.renovation().unwrap().hot_works.len(), 1);
    let (mut q, _) = approved();
    q.issue(act("2026-11-25"), &r, vec![], None).unwrap();
    let e = hot(&mut q, "2026-12-02", "2026-12-02", "14:00", "16:00").unwrap_err();
    assert!(
        e.to_string().contains("was not applied for with hot work"),
        "{e}"
    );
}

#[test]
fn a_renovation_step_on_another_kind_of_permit_says_what_the_permit_is() {
    let r = PermitRules::default();
    let mut p = Permit::new_access_card(
        "PM-1",
        "A-1",
        "P-1",
        2,
        "10.00".parse().unwrap(),
        act("2026-11-23"),
    )
    .unwrap();
    let e = p
        .decide(act("2026-11-23"), &r, "desk-clerk", true, None)
        .unwrap_err();
    assert_eq!(e.to_string(), "permit PM-1 is not a renovation permit");
    let e = p
        .sign(act("2026-11-23"), &["x".into()], "李四")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "permit PM-1 (access-card) has no agreements to record"
    );
}
