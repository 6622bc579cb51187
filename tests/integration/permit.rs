//! `propdesk permit`: renovation permits (装修许可) as the desk types them: documents by
//! scope, the approval chain in order, issue once everything is in, today's units,
//! violations that suspend the works, validity and extension, completion and
//! acceptance, passes and the deposit refund net of fines, lost passes and damage.
//!
//! Most tests use A-1203 (100.00 m² office owned by 远景置业, let to 李四) in a zh-CN
//! office with the default `[permit]` rules: validity at most 3 months, completion 3
//! days ahead, the chain desk-clerk → engineering-supervisor → security-supervisor →
//! fire-safety-officer → manager, renovation deposit 5,000.00, debris fee 500.00, worker
//! pass 10.00 and pass deposit 10.00 each. The tenant applies on Monday 2026-11-23 for
//! works from 2026-12-01 to 2027-01-31 with 5 workers; later steps move the clock with
//! `--now`.

use serde_json::Value;

use crate::common::*;
use crate::money::{Desk, add_party, assert_unchanged, snapshot};

const CHAIN: [&str; 5] = [
    "desk-clerk",
    "engineering-supervisor",
    "security-supervisor",
    "fire-safety-officer",
    "manager",
];

const SIMPLE: [&str; 2] = ["application-form", "workers-list"];

const STANDARD: [&str; 7] = [
    "application-form",
    "drawings",
    "materials-list",
    "contractor-licence",
    "contractor-qualification",
    "site-manager-id-copy",
    "workers-list",
];

const AGREEMENTS: [&str; 5] = [
    "management-agreement",
    "owner-commitment",
    "contractor-commitment",
    "workers-rules",
    "fire-security-responsibility",
];

const CONTRACTOR: [&str; 2] = ["--contractor", "华艺装饰"];

/// The office: A-1203 owned by 远景置业 and let to 李四. Returns the desk and the
/// tenant's ID (the owner is `d.owner`).
fn office() -> (Desk, String) {
    let d = Desk::new();
    let tenant = d.tenant("李四", &[]);
    d.unit("A-1203", "100.00", "office", Some(&tenant));
    (d, tenant)
}

/// `propdesk permit ARGS...` at the pinned clock (2026-11-23 09:30).
fn pm(t: &Test, args: &[&str]) -> Run {
    let mut a = vec!["permit"];
    a.extend_from_slice(args);
    t.run(&a)
}

/// `propdesk --now DAYT10:00 permit ARGS...`
fn on(t: &Test, day: &str, args: &[&str]) -> Run {
    let now = format!("{day}T10:00");
    let mut a = vec!["--now", now.as_str(), "permit"];
    a.extend_from_slice(args);
    t.run(&a)
}

/// `propdesk --format json [--now DAYT10:00] permit ARGS...` (the global options go
/// before `permit`: `permit --format json show ID` is refused, see the report).
fn json_pm(t: &Test, day: Option<&str>, args: &[&str]) -> Value {
    let now = day.map(|d| format!("{d}T10:00"));
    let mut a = vec!["--format", "json"];
    if let Some(n) = &now {
        a.extend(["--now", n.as_str()]);
    }
    a.push("permit");
    a.extend_from_slice(args);
    json_of(&t.run(&a))
}

/// `propdesk permit new` for A-1203, 2026-12-01 to 2027-01-31, 5 workers; `extra` adds
/// flags (scope, contractor, structural, hot work).
fn try_apply(t: &Test, applicant: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "new",
        "--unit",
        "A-1203",
        "--applicant",
        applicant,
        "--description",
        "办公室隔墙及吊顶",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
        "--workers",
        "5",
    ];
    a.extend_from_slice(extra);
    pm(t, &a)
}

/// A new application; returns its ID.
fn apply(t: &Test, applicant: &str, extra: &[&str]) -> String {
    let id = try_apply(t, applicant, extra).ok().trim().to_string();
    assert!(
        id.starts_with("PM-20261123-") && !id.contains(char::is_whitespace),
        "{id}"
    );
    id
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn show(t: &Test, id: &str) -> Value {
    json_pm(t, None, &["show", id])
}

fn show_on(t: &Test, day: &str, id: &str) -> Value {
    json_pm(t, Some(day), &["show", id])
}

fn items(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x["item"].as_str().unwrap().to_string())
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn documents(t: &Test, id: &str) -> Vec<String> {
    items(&show(t, id)["renovation"]["documents"])
}

fn status(t: &Test, id: &str) -> String {
    show(t, id)["status"].as_str().unwrap().to_string()
}

/// The unit's ledger as JSON rows.
fn ledger(t: &Test) -> Vec<Value> {
    ledger_rows(t, None, "A-1203")
}

/// A ledger row in short: `no kind item debit/credit/deposit ref`, "-" for none.
fn row(e: &Value) -> String {
    let s = |k: &str| e[k].as_str().unwrap_or("-").to_string();
    format!(
        "{} {} {} {}/{}/{} {}",
        e["no"],
        s("kind"),
        s("item"),
        s("debit"),
        s("credit"),
        s("deposit"),
        s("ref")
    )
}

/// The ledger rows from entry `from` on, in short.
fn rows_from(t: &Test, from: u64) -> Vec<String> {
    ledger(t)
        .iter()
        .filter(|e| e["no"].as_u64().unwrap() >= from)
        .map(row)
        .collect()
}

fn balance(t: &Test) -> String {
    ledger(t).last().unwrap()["balance"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every document the permit lists, received from the contractor.
fn receive_all(t: &Test, id: &str) {
    let docs = documents(t, id);
    let mut a = vec!["receive", id];
    a.extend(docs.iter().map(String::as_str));
    a.extend(["--from", "华艺装饰"]);
    pm(t, &a).ok();
}

fn sign_all(t: &Test, id: &str) {
    let mut a = vec!["sign", id];
    a.extend(AGREEMENTS);
    a.extend(["--signed-by", "李四"]);
    pm(t, &a).ok();
}

fn approve_all(t: &Test, id: &str) {
    for role in CHAIN {
        pm(t, &["approve", id, "--as", role]).ok();
    }
}

/// The fees (500.00 debris + 50.00 passes) paid and both deposits taken.
fn pay_up(t: &Test) {
    t.run(&["pay", "A-1203", "550.00"]).ok();
    t.run(&["pay", "A-1203", "5000.00", "--deposit", "renovation"])
        .ok();
    t.run(&["pay", "A-1203", "50.00", "--deposit", "pass"]).ok();
}

/// Documents, agreements, fees (ledger entries 1 and 2, paid by entry 3), deposits
/// (entries 4 and 5) and the whole chain: ready to issue.
fn ready(t: &Test, id: &str) {
    receive_all(t, id);
    sign_all(t, id);
    pm(t, &["bill", id]).ok();
    pay_up(t);
    approve_all(t, id);
}

/// The tenant's standard permit (with `extra` flags), issued 2026-12-01 to 2027-01-31.
fn issued(d: &Desk, tenant: &str, extra: &[&str]) -> String {
    let mut a = CONTRACTOR.to_vec();
    a.extend_from_slice(extra);
    let id = apply(d, tenant, &a);
    ready(d, &id);
    assert_eq!(
        pm(d, &["issue", &id]).ok(),
        format!("{id}: issued, valid 2026-12-01 to 2027-01-31\n")
    );
    id
}

/// Accepted on 2027-01-09 after completion was applied for on 2027-01-06.
fn accepted(t: &Test, id: &str) {
    on(t, "2027-01-06", &["complete", id, "--on", "2027-01-09"]).ok();
    on(
        t,
        "2027-01-09",
        &["accept", id, "--pass", "--note", "验收合格"],
    )
    .ok();
}

/// A refusal: exit 1, no file changed; returns stderr.
#[track_caller]
fn refused(t: &Test, run: impl FnOnce() -> Run) -> String {
    let before = snapshot(t);
    let err = run().fails(1).to_string();
    assert_unchanged(&before, t);
    err
}

/// The units `permit today` lists on `day`.
fn today_units(t: &Test, day: &str) -> Vec<String> {
    let run = pm(t, &["today", "--date", day]);
    if run.ok().is_empty() {
        return Vec::new();
    }
    let v = json_pm(t, None, &["today", "--date", day]);
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap().to_string())
        .collect()
}

// --- documents by scope ---------------------------------------------------------

#[test]
fn simple_work_needs_only_the_application_form_and_the_workers_list() {
    let (d, _) = office();
    let id = apply(&d, &d.owner, &["--scope", "simple"]);
    let v = show(&d, &id);
    assert_eq!(items(&v["renovation"]["documents"]), SIMPLE);
    assert_eq!(items(&v["renovation"]["agreements"]), AGREEMENTS);
    assert_eq!(v["renovation"]["scope"], "simple");
    assert!(v["renovation"].get("contractor").is_none(), "{v}");
    assert_eq!(v["status"], "applied");
}

#[test]
fn standard_work_needs_drawings_materials_and_the_contractors_papers() {
    let (d, _) = office();
    let id = apply(&d, &d.owner, &CONTRACTOR);
    assert_eq!(documents(&d, &id), STANDARD);
    assert_eq!(show(&d, &id)["renovation"]["contractor"], "华艺装饰");
}

#[test]
fn structural_changes_add_the_design_institute_plan() {
    let (d, _) = office();
    let id = apply(&d, &d.owner, &["--contractor", "华艺装饰", "--structural"]);
    let mut want = STANDARD.to_vec();
    want.push("design-institute-plan");
    assert_eq!(documents(&d, &id), want);
}

#[test]
fn hot_work_adds_the_hot_work_permit() {
    let (d, _) = office();
    let id = apply(&d, &d.owner, &["--contractor", "华艺装饰", "--hot-work"]);
    let mut want = STANDARD.to_vec();
    want.push("hot-work-permit");
    assert_eq!(documents(&d, &id), want);
    // Simple work with hot work too: the list grows from the simple one.
    let id = apply(&d, &d.owner, &["--scope", "simple", "--hot-work"]);
    assert_eq!(
        documents(&d, &id),
        ["application-form", "workers-list", "hot-work-permit"]
    );
}

#[test]
fn a_tenant_applicant_needs_the_owners_consent_and_the_owner_does_not() {
    let (d, tenant) = office();
    let by_tenant = apply(&d, &tenant, &["--scope", "simple"]);
    let v = show(&d, &by_tenant);
    assert_eq!(v["tenant_applicant"], true);
    assert_eq!(
        items(&v["renovation"]["documents"]),
        ["application-form", "workers-list", "owner-consent"]
    );
    let by_owner = apply(&d, &d.owner, &["--scope", "simple"]);
    let v = show(&d, &by_owner);
    assert_eq!(v["tenant_applicant"], false);
    assert_eq!(items(&v["renovation"]["documents"]), SIMPLE);
    // Everything at once, in the order structural, hot work, tenant.
    let all = apply(
        &d,
        &tenant,
        &["--contractor", "华艺装饰", "--structural", "--hot-work"],
    );
    let mut want = STANDARD.to_vec();
    want.extend(["design-institute-plan", "hot-work-permit", "owner-consent"]);
    assert_eq!(documents(&d, &all), want);
}

#[test]
fn standard_work_without_a_contractor_is_refused() {
    let (d, tenant) = office();
    let err = refused(&d, || try_apply(&d, &tenant, &[]));
    assert!(
        err.contains("standard works need a contractor (--contractor)"),
        "{err}"
    );
    // A blank contractor is no contractor.
    let err = refused(&d, || try_apply(&d, &tenant, &["--contractor", "  "]));
    assert!(err.contains("need a contractor"), "{err}");
    assert!(!d.exists("permits/2026"));
}

#[test]
fn structural_changes_with_simple_scope_are_refused() {
    let (d, tenant) = office();
    let err = refused(&d, || {
        try_apply(&d, &tenant, &["--scope", "simple", "--structural"])
    });
    assert!(
        err.contains("structural changes are not simple work: use --scope standard"),
        "{err}"
    );
}

#[test]
fn an_applicant_who_is_neither_owner_nor_occupant_is_refused() {
    let (d, _) = office();
    let stranger = add_party(&d, &["--name", "王五", "--role", "tenant"]);
    let err = refused(&d, || try_apply(&d, &stranger, &CONTRACTOR));
    assert!(
        err.contains(&format!(
            "{stranger} is neither the owner nor the occupant of A-1203"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: the owner or the tenant of the unit applies"),
        "{err}"
    );
}

// --- the approval chain ------------------------------------------------------------

#[test]
fn approving_out_of_order_is_refused_naming_the_next_signer() {
    let (d, tenant) = office();
    let id = apply(&d, &tenant, &CONTRACTOR);
    let err = refused(&d, || pm(&d, &["approve", &id, "--as", "manager"]));
    assert!(
        err.contains("the desk-clerk signs next, not the manager (the chain: desk-clerk → engineering-supervisor → security-supervisor → fire-safety-officer → manager)"),
        "{err}"
    );
    assert_eq!(
        pm(&d, &["approve", &id, "--as", "desk-clerk"]).ok(),
        format!("{id}: approved (审批中)\n")
    );
    // The same signer twice, or one skipped: the engineering supervisor is next.
    for role in ["desk-clerk", "security-supervisor"] {
        let err = refused(&d, || pm(&d, &["approve", &id, "--as", role]));
        assert!(
            err.contains(&format!(
                "the engineering-supervisor signs next, not the {role}"
            )),
            "{err}"
        );
    }
    assert_eq!(
        show(&d, &id)["renovation"]["approvals"][0]["role"],
        "desk-clerk"
    );
}

#[test]
fn the_last_approval_of_the_chain_makes_the_permit_approved() {
    let (d, tenant) = office();
    let id = apply(&d, &tenant, &CONTRACTOR);
    for role in &CHAIN[..4] {
        pm(&d, &["approve", &id, "--as", role]).ok();
        assert_eq!(status(&d, &id), "applied");
    }
    assert_eq!(
        pm(&d, &["approve", &id, "--as", "manager"]).ok(),
        format!("{id}: approved (已批准)\n")
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "approved");
    let roles: Vec<&str> = v["renovation"]["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, CHAIN);
    // Nobody signs after the manager.
    let err = refused(&d, || pm(&d, &["approve", &id, "--as", "manager"]));
    assert!(err.contains("is approved; that needs it applied"), "{err}");
}

#[test]
fn a_rejection_needs_a_reason_ends_the_chain_and_a_revision_starts_round_two() {
    let (d, tenant) = office();
    let id = apply(&d, &tenant, &CONTRACTOR);
    pm(&d, &["approve", &id, "--as", "desk-clerk"]).ok();
    // No reason: clap refuses the missing flag, the desk a blank one.
    let before = snapshot(&d);
    pm(&d, &["reject", &id, "--as", "engineering-supervisor"]).fails(2);
    assert_unchanged(&before, &d);
    let err = refused(&d, || {
        pm(
            &d,
            &[
                "reject",
                &id,
                "--as",
                "engineering-supervisor",
                "--reason",
                "  ",
            ],
        )
    });
    assert!(
        err.contains("a rejection needs a reason (--reason)"),
        "{err}"
    );
    assert_eq!(
        pm(
            &d,
            &[
                "reject",
                &id,
                "--as",
                "engineering-supervisor",
                "--reason",
                "隔墙图纸未标注消防喷淋",
            ],
        )
        .ok(),
        format!("{id}: rejected (已驳回)\n")
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["renovation"]["approvals"][1]["approved"], false);
    assert_eq!(
        v["renovation"]["approvals"][1]["reason"],
        "隔墙图纸未标注消防喷淋"
    );
    // The chain has ended: neither the next signer nor the one who rejected signs.
    for role in ["security-supervisor", "engineering-supervisor"] {
        let err = refused(&d, || pm(&d, &["approve", &id, "--as", role]));
        assert!(
            err.contains(&format!(
                "cannot approve: permit {id} is rejected; that needs it applied"
            )),
            "{err}"
        );
    }
    // The revision: round 2 from the first signer.
    assert_eq!(
        pm(
            &d,
            &["revise", &id, "--description", "隔墙及吊顶（含喷淋）"]
        )
        .ok(),
        format!("{id}: revised (审批中)\n")
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "applied");
    assert_eq!(v["renovation"]["round"], 2);
    assert_eq!(v["renovation"]["description"], "隔墙及吊顶（含喷淋）");
    assert!(v["renovation"].get("approvals").is_none(), "{v}");
    let err = refused(&d, || {
        pm(&d, &["approve", &id, "--as", "engineering-supervisor"])
    });
    assert!(
        err.contains("the desk-clerk signs next, not the engineering-supervisor"),
        "{err}"
    );
    // A revision is only after a rejection.
    let err = refused(&d, || pm(&d, &["revise", &id]));
    assert!(err.contains("cannot revise"), "{err}");
    approve_all(&d, &id);
    let v = show(&d, &id);
    assert_eq!(v["status"], "approved");
    assert_eq!(v["renovation"]["approvals"].as_array().unwrap().len(), 5);
    let events: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "applied", "approved", "rejected", "revised", "approved", "approved", "approved",
            "approved", "approved"
        ]
    );
}

// --- issue -------------------------------------------------------------------------

#[test]
fn issue_is_refused_listing_every_missing_document_agreement_fee_and_deposit() {
    let (d, tenant) = office();
    let id = apply(&d, &tenant, &CONTRACTOR);
    // Not approved yet.
    let err = refused(&d, || pm(&d, &["issue", &id]));
    assert!(
        err.contains(&format!(
            "cannot issue: permit {id} is applied; that needs it approved"
        )),
        "{err}"
    );
    approve_all(&d, &id);
    // Fees not charged yet.
    let err = refused(&d, || pm(&d, &["issue", &id]));
    assert!(
        err.contains(&format!(
            "  - fees not charged (propdesk permit bill {id})\n"
        )),
        "{err}"
    );
    pm(
        &d,
        &[
            "receive",
            &id,
            "application-form",
            "drawings",
            "--from",
            "华艺装饰",
        ],
    )
    .ok();
    pm(
        &d,
        &["sign", &id, "management-agreement", "--signed-by", "李四"],
    )
    .ok();
    assert_eq!(
        pm(&d, &["bill", &id]).ok(),
        format!(
            "{id}: 550.00 charged to A-1203; deposits to take: renovation 5,000.00, pass 50.00\n"
        )
    );
    d.run(&["pay", "A-1203", "500.00"]).ok();
    d.run(&["pay", "A-1203", "3000.00", "--deposit", "renovation"])
        .ok();
    let err = refused(&d, || pm(&d, &["issue", &id]));
    let mut want = vec![format!("error: permit {id} cannot be issued; missing:")];
    for doc in [
        "materials-list",
        "contractor-licence",
        "contractor-qualification",
        "site-manager-id-copy",
        "workers-list",
        "owner-consent",
    ] {
        want.push(format!(
            "  - document not received: {doc} (propdesk permit receive {id} {doc} --from NAME)"
        ));
    }
    for a in &AGREEMENTS[1..] {
        want.push(format!(
            "  - agreement not signed: {a} (propdesk permit sign {id} {a} --signed-by NAME)"
        ));
    }
    want.push(
        "  - not paid: ledger entry 2, 50.00 outstanding (propdesk pay A-1203 AMOUNT --for 2)"
            .into(),
    );
    want.push("  - renovation deposit: 5,000.00 required, 3,000.00 held (propdesk pay A-1203 AMOUNT --deposit renovation)".into());
    want.push(
        "  - pass deposit: 50.00 required, 0.00 held (propdesk pay A-1203 AMOUNT --deposit pass)"
            .into(),
    );
    assert_eq!(err, want.join("\n") + "\n");
    // `show` lists the same.
    let missing = strings(&show(&d, &id)["missing"]);
    assert_eq!(missing.len(), want.len() - 1);
    for (m, w) in missing.iter().zip(&want[1..]) {
        assert_eq!(format!("  - {m}"), *w);
    }
    assert_eq!(status(&d, &id), "approved");
}

#[test]
fn an_issued_permit_is_valid_from_the_planned_start_to_the_planned_end() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let v = show(&d, &id);
    assert_eq!(v["status"], "issued");
    assert_eq!(v["renovation"]["valid_from"], "2026-12-01");
    assert_eq!(v["renovation"]["valid_until"], "2027-01-31");
    assert_eq!(v["missing"], Value::Array(vec![]));
    // Not before the works start.
    assert_eq!(v["works_allowed_today"], false);
    assert_eq!(v["expired"], false);
}

#[test]
fn issue_until_beyond_three_months_of_the_start_is_refused_with_the_last_allowed_day() {
    let (d, tenant) = office();
    let id = apply(&d, &tenant, &CONTRACTOR);
    ready(&d, &id);
    let err = refused(&d, || pm(&d, &["issue", &id, "--until", "2027-03-01"]));
    assert!(
        err.contains("a permit is valid at most 3 month(s): from 2026-12-01 until 2027-02-28 at the latest, not 2027-03-01"),
        "{err}"
    );
    assert_eq!(
        pm(&d, &["issue", &id, "--until", "2027-02-28"]).ok(),
        format!("{id}: issued, valid 2026-12-01 to 2027-02-28\n")
    );
}

#[test]
fn today_lists_the_unit_only_within_the_validity_and_prints_nothing_when_none() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    // Before the start and after the end: nothing at all.
    for day in ["2026-11-30", "2027-02-01"] {
        assert_eq!(pm(&d, &["today", "--date", day]).ok(), "", "{day}");
    }
    for day in ["2026-12-01", "2027-01-31"] {
        assert_eq!(today_units(&d, day), ["A-1203"], "{day}");
    }
    let table = pm(&d, &["today", "--date", "2026-12-01"]).ok().to_string();
    assert!(table.contains(&id) && table.contains("华艺装饰"), "{table}");
    assert!(table.contains("2027-01-31"), "{table}");
}

// --- suspension during rectification ------------------------------------------------

#[test]
fn a_violation_with_a_fine_charges_the_ledger_and_suspends_until_rectified() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &["--hot-work"]);
    assert_eq!(
        on(
            &d,
            "2026-12-05",
            &[
                "violation",
                &id,
                "--description",
                "施工人员未佩戴出入证",
                "--deadline",
                "2026-12-10",
                "--fine",
                "200.00",
            ],
        )
        .ok(),
        format!(
            "{id}: violation no. 1: suspended until rectified by 2026-12-10; fine 200.00 (ledger entry 6)\n"
        )
    );
    let fine = ledger(&d)[5].clone();
    assert_eq!(row(&fine), format!("6 charge fine 200.00/-/- {id}"));
    assert_eq!(fine["due"], "2026-12-10");
    assert_eq!(fine["outstanding"], "200.00");
    let v = show_on(&d, "2026-12-05", &id);
    assert_eq!(v["status"], "suspended");
    assert_eq!(v["works_allowed_today"], false);
    assert_eq!(v["renovation"]["violations"][0]["fine_entry"], 6);
    let list = on(&d, "2026-12-05", &[]).ok().to_string();
    assert!(list.contains("rectify no. 1 by 2026-12-10"), "{list}");
    // Suspended: not on today's list, no hot work, no completion.
    assert!(today_units(&d, "2026-12-05").is_empty());
    let hot = [
        "hot-work",
        &id,
        "--day",
        "2026-12-06",
        "--from",
        "09:00",
        "--to",
        "11:00",
        "--work",
        "焊接龙骨",
        "--fire-watch",
        "张师傅",
    ];
    let err = refused(&d, || on(&d, "2026-12-05", &hot));
    assert!(
        err.contains(&format!(
            "cannot permit hot work: permit {id} is suspended; that needs it issued"
        )),
        "{err}"
    );
    let err = refused(&d, || {
        on(&d, "2026-12-05", &["complete", &id, "--on", "2026-12-20"])
    });
    assert!(
        err.contains(&format!(
            "cannot apply for completion: permit {id} is suspended"
        )),
        "{err}"
    );
    // Rectified: works resume.
    assert_eq!(
        on(&d, "2026-12-06", &["rectified", &id, "1"]).ok(),
        format!("{id}: rectification accepted (已签发)\n")
    );
    assert_eq!(
        show(&d, &id)["renovation"]["violations"][0]["rectified"],
        "2026-12-06"
    );
    assert_eq!(today_units(&d, "2026-12-06"), ["A-1203"]);
    assert_eq!(
        on(&d, "2026-12-05", &hot).ok(),
        format!("{id}: hot work permitted (已签发)\n")
    );
    let table = pm(&d, &["today", "--date", "2026-12-06"]).ok().to_string();
    assert!(table.contains("09:00-11:00 张师傅"), "{table}");
    // Rectifying twice is refused.
    let err = refused(&d, || on(&d, "2026-12-07", &["rectified", &id, "1"]));
    assert!(
        err.contains("violation no. 1 was rectified on 2026-12-06"),
        "{err}"
    );
}

#[test]
fn rectifying_a_violation_twice_is_refused() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    for what in ["夜间施工噪音", "楼道堆放材料"] {
        on(
            &d,
            "2026-12-05",
            &[
                "violation",
                &id,
                "--description",
                what,
                "--deadline",
                "2026-12-10",
            ],
        )
        .ok();
    }
    // One of two rectified: still suspended.
    assert_eq!(
        on(&d, "2026-12-06", &["rectified", &id, "1"]).ok(),
        format!("{id}: rectification accepted (停工整改)\n")
    );
    let err = refused(&d, || on(&d, "2026-12-07", &["rectified", &id, "1"]));
    assert!(
        err.contains("violation no. 1 was rectified on 2026-12-06"),
        "{err}"
    );
    let err = refused(&d, || on(&d, "2026-12-07", &["rectified", &id, "3"]));
    assert!(err.contains("there is no violation no. 3"), "{err}");
    assert_eq!(
        on(&d, "2026-12-07", &["rectified", &id, "2"]).ok(),
        format!("{id}: rectification accepted (已签发)\n")
    );
    // No fine, no ledger entry: the ledger still ends with the pass deposit.
    assert_eq!(ledger(&d).len(), 5);
}

#[test]
fn hot_work_is_refused_without_hot_work_on_the_application_or_outside_the_validity() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let hot = |date: &str| {
        on(
            &d,
            "2026-12-05",
            &[
                "hot-work",
                &id,
                "--day",
                date,
                "--from",
                "09:00",
                "--to",
                "11:00",
                "--work",
                "焊接",
                "--fire-watch",
                "张师傅",
            ],
        )
    };
    let err = refused(&d, || hot("2026-12-06"));
    assert!(err.contains("was not applied for with hot work"), "{err}");
    let id2 = issued(&d, &tenant, &["--hot-work"]);
    let err = refused(&d, || {
        on(
            &d,
            "2026-12-05",
            &[
                "hot-work",
                &id2,
                "--day",
                "2027-02-01",
                "--from",
                "09:00",
                "--to",
                "11:00",
                "--work",
                "焊接",
                "--fire-watch",
                "张师傅",
            ],
        )
    });
    assert!(
        err.contains(&format!("permit {id2} does not allow works on 2027-02-01")),
        "{err}"
    );
}

// --- validity and extension -------------------------------------------------------------

#[test]
fn extend_before_expiry_runs_at_most_three_months_from_the_day_asked() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let err = refused(&d, || {
        on(&d, "2027-01-20", &["extend", &id, "--until", "2027-04-20"])
    });
    assert!(
        err.contains("an extension runs at most 3 month(s): until 2027-04-19 at the latest"),
        "{err}"
    );
    let err = refused(&d, || {
        on(&d, "2027-01-20", &["extend", &id, "--until", "2027-01-31"])
    });
    assert!(
        err.contains("2027-01-31 does not extend 2027-01-31"),
        "{err}"
    );
    assert_eq!(
        on(&d, "2027-01-20", &["extend", &id, "--until", "2027-04-19"]).ok(),
        format!("{id}: extended (已签发)\n")
    );
    assert_eq!(show(&d, &id)["renovation"]["valid_until"], "2027-04-19");
    assert_eq!(today_units(&d, "2027-04-19"), ["A-1203"]);
    assert!(today_units(&d, "2027-04-20").is_empty());
}

#[test]
fn extend_on_the_last_valid_day_works_and_after_expiry_is_refused() {
    let (d, tenant) = office();
    let a = issued(&d, &tenant, &[]);
    on(&d, "2027-01-31", &["extend", &a, "--until", "2027-02-28"]).ok();
    assert_eq!(show(&d, &a)["renovation"]["valid_until"], "2027-02-28");
    let b = issued(&d, &tenant, &[]);
    let err = refused(&d, || {
        on(&d, "2027-02-01", &["extend", &b, "--until", "2027-03-31"])
    });
    assert!(
        err.contains(&format!(
            "permit {b} expired on 2027-01-31: an extension is applied for before expiry"
        )),
        "{err}"
    );
}

#[test]
fn show_says_expired_after_the_validity_ends() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let last = show_on(&d, "2027-01-31", &id);
    assert_eq!(last["expired"], false);
    assert_eq!(last["works_allowed_today"], true);
    let after = show_on(&d, "2027-02-01", &id);
    assert_eq!(after["expired"], true);
    assert_eq!(after["works_allowed_today"], false);
    let list = json_pm(&d, Some("2027-02-01"), &["list"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["next"], "expired");
}

// --- completion and acceptance -----------------------------------------------------------

#[test]
fn completion_is_applied_for_at_least_three_days_ahead() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let err = refused(&d, || {
        on(&d, "2027-01-10", &["complete", &id, "--on", "2027-01-12"])
    });
    assert!(
        err.contains(
            "completion is applied for 3 day(s) ahead: 2027-01-13 at the earliest, not 2027-01-12"
        ),
        "{err}"
    );
    assert_eq!(
        on(&d, "2027-01-10", &["complete", &id, "--on", "2027-01-13"]).ok(),
        format!("{id}: completion applied for (申请验收)\n")
    );
    assert_eq!(show(&d, &id)["renovation"]["completion_on"], "2027-01-13");
    // Not before the day applied for.
    let err = refused(&d, || {
        on(
            &d,
            "2027-01-12",
            &["accept", &id, "--pass", "--note", "合格"],
        )
    });
    assert!(
        err.contains("the acceptance was applied for 2027-01-13, not today"),
        "{err}"
    );
}

#[test]
fn a_failed_acceptance_needs_a_deadline_and_suspends_the_works_for_rectification() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    on(&d, "2027-01-10", &["complete", &id, "--on", "2027-01-13"]).ok();
    let before = snapshot(&d);
    let err = on(
        &d,
        "2027-01-13",
        &["accept", &id, "--fail", "--note", "吊顶开裂"],
    )
    .fails(2)
    .to_string();
    assert!(err.contains("--deadline"), "{err}");
    assert_unchanged(&before, &d);
    assert_eq!(
        on(
            &d,
            "2027-01-13",
            &[
                "accept",
                &id,
                "--fail",
                "--note",
                "吊顶开裂",
                "--deadline",
                "2027-01-20"
            ],
        )
        .ok(),
        format!("{id}: not accepted: rectify (停工整改)\n")
    );
    let v = show_on(&d, "2027-01-13", &id);
    assert_eq!(v["status"], "suspended");
    let r = &v["renovation"];
    assert_eq!(r["acceptances"][0]["passed"], false);
    assert_eq!(r["violations"][0]["no"], 1);
    assert_eq!(r["violations"][0]["description"], "吊顶开裂");
    assert_eq!(r["violations"][0]["deadline"], "2027-01-20");
    assert!(r["violations"][0].get("fine").is_none(), "{r}");
    assert!(r["violations"][0].get("rectified").is_none(), "{r}");
    assert!(r.get("completion_on").is_none(), "{r}");
    assert!(today_units(&d, "2027-01-14").is_empty());
    // Rectified, applied for again, accepted.
    on(&d, "2027-01-16", &["rectified", &id, "1"]).ok();
    on(&d, "2027-01-16", &["complete", &id, "--on", "2027-01-19"]).ok();
    assert_eq!(
        on(
            &d,
            "2027-01-19",
            &["accept", &id, "--pass", "--note", "复验合格"]
        )
        .ok(),
        format!("{id}: accepted (已验收)\n")
    );
}

/// Through the commands an open violation and a completion application cannot meet
/// (a violation suspends; completion needs an issued permit; `violation` is refused
/// while completion is applied for), so the record is edited by hand as a clerk would
/// after a paper rectification notice.
#[test]
fn accepting_with_an_open_violation_is_refused() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    on(&d, "2027-01-10", &["complete", &id, "--on", "2027-01-13"]).ok();
    let rel = format!("permits/2026/{id}.yaml");
    let rec = d.read(&rel);
    assert!(rec.contains("\n  completion_on:"), "{rec}");
    d.write(
        &rel,
        &rec.replacen(
            "\n  completion_on:",
            "\n  violations:\n  - no: 1\n    date: \"2027-01-11\"\n    description: 楼道堆放材料\n    deadline: \"2027-01-20\"\n  completion_on:",
            1,
        ),
    );
    assert_eq!(show(&d, &id)["renovation"]["violations"][0]["no"], 1);
    let err = refused(&d, || {
        on(
            &d,
            "2027-01-13",
            &["accept", &id, "--pass", "--note", "合格"],
        )
    });
    assert!(
        err.contains("violation no. 1 is not rectified: the works cannot be accepted"),
        "{err}"
    );
}

// --- passes and the refund ----------------------------------------------------------------

/// Issued, a 200.00 fine (entry 6, due 2027-01-15) on 2027-01-05, rectified, accepted on
/// 2027-01-09, 4 passes returned and 1 lost.
fn fined_and_accepted(d: &Desk, tenant: &str) -> String {
    let id = issued(d, tenant, &[]);
    on(
        d,
        "2027-01-05",
        &[
            "violation",
            &id,
            "--description",
            "电梯内运输未做保护",
            "--deadline",
            "2027-01-15",
            "--fine",
            "200.00",
        ],
    )
    .ok();
    on(d, "2027-01-06", &["rectified", &id, "1"]).ok();
    accepted(d, &id);
    assert_eq!(
        on(
            d,
            "2027-01-09",
            &["passes", &id, "--returned", "4", "--lost", "1"]
        )
        .ok(),
        format!("{id}: passes settled (已验收)\n")
    );
    id
}

fn refund_with_damage(d: &Desk, id: &str) -> String {
    on(
        d,
        "2027-01-09",
        &[
            "refund",
            id,
            "--damage",
            "300.00",
            "--damage-reason",
            "电梯厅地砖破损",
        ],
    )
    .ok()
    .to_string()
}

#[test]
fn refund_takes_the_unpaid_fine_and_the_damage_from_the_deposit_and_a_lost_pass_from_the_pass_deposit()
 {
    let (d, tenant) = office();
    let id = fined_and_accepted(&d, &tenant);
    assert_eq!(
        refund_with_damage(&d, &id),
        format!(
            "{id}: pass deposit kept for 1 lost pass(es): 10.00\n\
             {id}: renovation deposit applied to entry 6: 200.00\n\
             {id}: renovation deposit applied to entry 9: 300.00\n\
             {id}: renovation deposit refunded: 4,500.00\n\
             {id}: pass deposit refunded: 40.00\n\
             {id}: closed\n"
        )
    );
    assert_eq!(
        rows_from(&d, 6),
        [
            format!("6 charge fine 200.00/-/- {id}"),
            format!("7 charge renovation-fee 10.00/-/- {id}"),
            "8 deposit-applied pass -/10.00/10.00 -".to_string(),
            format!("9 charge repair-fee 300.00/-/- {id}"),
            "10 deposit-applied renovation -/200.00/200.00 -".to_string(),
            "11 deposit-applied renovation -/300.00/300.00 -".to_string(),
            format!("12 deposit-refunded renovation -/-/4500.00 {id}"),
            format!("13 deposit-refunded pass -/-/40.00 {id}"),
        ]
    );
    let l = ledger(&d);
    assert!(
        l[6]["for"].as_str().unwrap().contains("出入证遗失（1张）"),
        "{}",
        l[6]
    );
    for no in [6, 7, 9] {
        assert_eq!(l[no - 1]["outstanding"], "0.00", "{}", l[no - 1]);
    }
    // Each deduction names its charge.
    let rec = ledger_text_all(&d, "A-1203");
    for (deposit, amount, charge) in [
        ("pass", "10.00", 7),
        ("renovation", "200.00", 6),
        ("renovation", "300.00", 9),
    ] {
        assert!(
            rec.contains(&format!(
                "kind: deposit-applied\n  deposit: {deposit}\n  amount: \"{amount}\"\n"
            )) && rec.contains(&format!(
                "  applied:\n  - charge: {charge}\n    amount: \"{amount}\"\n"
            )),
            "{rec}"
        );
    }
    assert_eq!(balance(&d), "0.00");
    // Read after the refund of the new year (the 2026 book still holds them).
    let late = ["--now", "2027-12-31T12:00"];
    let held =
        json_of(&d.run(&[&late[..], &["--format", "json", "ledger", "--deposits"]].concat()));
    assert_eq!(held[0]["held"], "0.00", "{held}");
    assert_eq!(held[1]["held"], "0.00", "{held}");
    // Closed: gone from the list, still in --all.
    let v = show(&d, &id);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["renovation"]["passes"]["returned"], 4);
    assert_eq!(v["renovation"]["passes"]["lost"], 1);
    let open = json_pm(&d, None, &[]);
    assert_eq!(open, Value::Array(vec![]));
    let all = json_pm(&d, None, &["--all"]);
    assert_eq!(all[0]["id"], id.as_str());
    assert_eq!(all[0]["status"], "closed");
    let err = refused(&d, || on(&d, "2027-01-10", &["refund", &id]));
    assert!(err.contains("is closed; that needs it accepted"), "{err}");
}

#[test]
fn refund_after_the_fine_was_paid_returns_4700_of_the_renovation_deposit() {
    let (d, tenant) = office();
    let id = fined_and_accepted(&d, &tenant);
    assert!(
        d.run(&["--now", "2027-01-08T10:00", "pay", "A-1203", "200.00"])
            .ok()
            .contains("200.00 to entry 6"),
    );
    assert_eq!(
        refund_with_damage(&d, &id),
        format!(
            "{id}: pass deposit kept for 1 lost pass(es): 10.00\n\
             {id}: renovation deposit applied to entry 10: 300.00\n\
             {id}: renovation deposit refunded: 4,700.00\n\
             {id}: pass deposit refunded: 40.00\n\
             {id}: closed\n"
        )
    );
    assert_eq!(
        rows_from(&d, 8),
        [
            format!("8 charge renovation-fee 10.00/-/- {id}"),
            "9 deposit-applied pass -/10.00/10.00 -".to_string(),
            format!("10 charge repair-fee 300.00/-/- {id}"),
            "11 deposit-applied renovation -/300.00/300.00 -".to_string(),
            format!("12 deposit-refunded renovation -/-/4700.00 {id}"),
            format!("13 deposit-refunded pass -/-/40.00 {id}"),
        ]
    );
    assert_eq!(balance(&d), "0.00");
}

#[test]
fn passes_that_do_not_add_up_to_the_workers_are_refused() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    // Not before the acceptance.
    let err = refused(&d, || {
        on(&d, "2027-01-05", &["passes", &id, "--returned", "5"])
    });
    assert!(err.contains("cannot settle the passes"), "{err}");
    accepted(&d, &id);
    for (returned, lost) in [("3", "1"), ("4", "2"), ("6", "0")] {
        let err = refused(&d, || {
            on(
                &d,
                "2027-01-09",
                &["passes", &id, "--returned", returned, "--lost", lost],
            )
        });
        assert!(
            err.contains(&format!(
                "5 pass(es) were issued: returned {returned} + lost {lost} must make 5"
            )),
            "{err}"
        );
    }
    on(&d, "2027-01-09", &["passes", &id, "--returned", "5"]).ok();
    let err = refused(&d, || {
        on(&d, "2027-01-09", &["passes", &id, "--returned", "5"])
    });
    assert!(err.contains("were already settled"), "{err}");
}

#[test]
fn refund_before_the_passes_are_settled_is_refused() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    // Not before the acceptance either.
    let err = refused(&d, || on(&d, "2027-01-05", &["refund", &id]));
    assert!(
        err.contains(&format!(
            "cannot close: permit {id} is issued; that needs it accepted"
        )),
        "{err}"
    );
    accepted(&d, &id);
    let err = refused(&d, || {
        on(
            &d,
            "2027-01-09",
            &[
                "refund",
                &id,
                "--damage",
                "300.00",
                "--damage-reason",
                "地砖",
            ],
        )
    });
    assert!(
        err.contains(&format!(
            "settle the passes first (`propdesk permit passes {id} --returned N --lost N`)"
        )),
        "{err}"
    );
    assert_eq!(status(&d, &id), "accepted");
}

/// The fine falls due 2026-12-10 and is still unpaid at the refund on 2027-01-13; the
/// refund posts its late fee (0.05% a day from 2026-12-15: 30 days, 3.00) before it
/// applies the deposit, but only deducts the fine itself.
#[test]
fn refund_leaves_nothing_owing_when_the_unpaid_fine_is_late() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    on(
        &d,
        "2026-12-05",
        &[
            "violation",
            &id,
            "--description",
            "未戴出入证",
            "--deadline",
            "2026-12-10",
            "--fine",
            "200.00",
        ],
    )
    .ok();
    on(&d, "2026-12-06", &["rectified", &id, "1"]).ok();
    on(&d, "2027-01-10", &["complete", &id, "--on", "2027-01-13"]).ok();
    on(
        &d,
        "2027-01-13",
        &["accept", &id, "--pass", "--note", "合格"],
    )
    .ok();
    on(&d, "2027-01-13", &["passes", &id, "--returned", "5"]).ok();
    let out = on(&d, "2027-01-13", &["refund", &id]).ok().to_string();
    assert!(
        out.contains(&format!("{id}: renovation deposit refunded: 4,797.00\n")),
        "{out}"
    );
    assert_eq!(balance(&d), "0.00");
}

/// Two permits for the same unit at once: the deposits are held per unit and kind,
/// so the second is issued on the first one's renovation deposit and pass deposit
/// (5 workers more, no pass deposit for them).
#[test]
fn a_second_permit_on_the_same_unit_needs_its_own_deposits() {
    let (d, tenant) = office();
    issued(&d, &tenant, &[]);
    let second = apply(&d, &d.owner, &["--scope", "simple"]);
    receive_all(&d, &second);
    sign_all(&d, &second);
    pm(&d, &["bill", &second]).ok();
    d.run(&["pay", "A-1203", "550.00"]).ok();
    approve_all(&d, &second);
    let err = refused(&d, || pm(&d, &["issue", &second]));
    assert!(
        err.contains("renovation deposit: 5,000.00 required (and 5,000.00 for the unit's other permits), 5,000.00 held"),
        "{err}"
    );
    assert!(
        err.contains("pass deposit: 50.00 required (and 50.00 for the unit's other permits)"),
        "{err}"
    );
}

// --- the whole walk -----------------------------------------------------------------------

#[test]
fn a_full_walk_leaves_check_clean_and_the_permit_in_permits_by_year() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &["--hot-work", "--structural"]);
    assert_eq!(
        d.files("permits"),
        [
            "permits/.gitkeep".to_string(),
            format!("permits/2026/{id}.yaml")
        ]
    );
    on(
        &d,
        "2026-12-03",
        &[
            "inspect",
            &id,
            "--what",
            "隐蔽工程",
            "--findings",
            "线管符合图纸",
        ],
    )
    .ok();
    on(
        &d,
        "2026-12-03",
        &[
            "hot-work",
            &id,
            "--day",
            "2026-12-04",
            "--from",
            "09:00",
            "--to",
            "11:30",
            "--work",
            "焊接钢结构",
            "--fire-watch",
            "张师傅",
        ],
    )
    .ok();
    on(
        &d,
        "2026-12-05",
        &[
            "violation",
            &id,
            "--description",
            "夜间施工",
            "--deadline",
            "2026-12-06",
        ],
    )
    .ok();
    on(&d, "2026-12-06", &["rectified", &id, "1"]).ok();
    on(&d, "2027-01-25", &["extend", &id, "--until", "2027-02-15"]).ok();
    on(&d, "2027-02-08", &["complete", &id, "--on", "2027-02-11"]).ok();
    on(
        &d,
        "2027-02-11",
        &["accept", &id, "--pass", "--note", "验收合格"],
    )
    .ok();
    on(&d, "2027-02-11", &["passes", &id, "--returned", "5"]).ok();
    assert_eq!(
        on(&d, "2027-02-11", &["refund", &id]).ok(),
        format!(
            "{id}: renovation deposit refunded: 5,000.00\n\
             {id}: pass deposit refunded: 50.00\n\
             {id}: closed\n"
        )
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "closed");
    let events: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "applied",
            "received",
            "signed",
            "billed",
            "approved",
            "approved",
            "approved",
            "approved",
            "approved",
            "issued",
            "inspected",
            "hot-work",
            "violation",
            "rectified",
            "extended",
            "completion-applied",
            "accepted",
            "passes",
            "closed"
        ]
    );
    assert_eq!(balance(&d), "0.00");
    assert_eq!(
        d.files("permits"),
        [
            "permits/.gitkeep".to_string(),
            format!("permits/2026/{id}.yaml")
        ]
    );
    let run = d.run(&["check"]);
    run.ok();
    assert!(
        run.stderr.starts_with("checked ") && run.stderr.ends_with(": no problems\n"),
        "{}",
        run.stderr
    );
}

// --- permit stats -----------------------------------------------------------------------

/// One figure of `permit stats --format json`.
fn figure(v: &Value, key: &str) -> Value {
    v.as_array()
        .unwrap()
        .iter()
        .find(|r| r["figure"] == key)
        .unwrap_or_else(|| panic!("no {key} in {v:#}"))["value"]
        .clone()
}

#[test]
fn stats_count_the_months_applications_passes_violations_and_fines() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    on(
        &d,
        "2026-12-03",
        &[
            "violation",
            &id,
            "--description",
            "午休时间施工",
            "--deadline",
            "2026-12-05",
            "--fine",
            "200.00",
        ],
    )
    .ok();
    let nov = json_pm(&d, Some("2026-12-31"), &["stats", "--month", "2026-11"]);
    assert_eq!(figure(&nov, "applied:renovation"), 1);
    assert_eq!(figure(&nov, "issued"), 1);
    assert_eq!(figure(&nov, "passes_issued"), 5);
    assert_eq!(figure(&nov, "violations"), 0);
    let dec = json_pm(&d, Some("2026-12-31"), &["stats", "--month", "2026-12"]);
    assert_eq!(figure(&dec, "applied:renovation"), 0);
    assert_eq!(figure(&dec, "issued"), 0);
    assert_eq!(figure(&dec, "active"), 1);
    assert_eq!(figure(&dec, "violations"), 1);
    assert_eq!(figure(&dec, "rectified"), 0);
    assert_eq!(figure(&dec, "fines"), "200.00");
    assert_eq!(figure(&dec, "passes_returned"), 0);
}

// --- notices --------------------------------------------------------------------------

#[test]
fn issue_files_the_permit_for_the_door_and_the_workers_rules() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    let files = d.files("notices");
    let door = files
        .iter()
        .find(|f| f.contains(&id) && f.contains("permit-door"))
        .unwrap_or_else(|| panic!("no permit-door notice in {files:#?}"));
    let text = d.read(door);
    assert!(
        text.contains(&id) && text.contains("2026年12月1日"),
        "{text}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.contains(&id) && f.contains("workers-rules")),
        "{files:#?}"
    );
}

#[test]
fn every_permit_notice_renders_in_both_locales_and_refuses_a_permit_it_does_not_fit() {
    let (d, tenant) = office();
    let id = issued(&d, &tenant, &[]);
    // Not yet: no violation, no acceptance, not closed, not a pass.
    for n in [
        "rectification",
        "acceptance",
        "deposit-refund",
        "goods-exit-pass",
        "parking-permit",
    ] {
        let err = d.run(&["notice", n, &id, "-o", "-"]).fails(1).to_string();
        assert!(err.contains(&format!("no {n}")), "{n}: {err}");
    }
    on(
        &d,
        "2026-12-03",
        &[
            "violation",
            &id,
            "--description",
            "午休时间施工",
            "--deadline",
            "2026-12-05",
            "--fine",
            "200.00",
        ],
    )
    .ok();
    on(&d, "2026-12-05", &["rectified", &id, "1"]).ok();
    accepted(&d, &id);
    on(
        &d,
        "2027-01-09",
        &["passes", &id, "--returned", "4", "--lost", "1"],
    )
    .ok();
    on(&d, "2027-01-09", &["refund", &id]).ok();
    for (locale, words) in [
        (
            "zh-CN",
            [
                "装修许可证",
                "施工人员须知",
                "违章整改通知单",
                "装修验收单",
                "押金退还单",
            ],
        ),
        (
            "en",
            [
                "Renovation permit",
                "Rules for workers",
                "Rectification notice",
                "Completion acceptance record",
                "Deposit refund",
            ],
        ),
    ] {
        for (n, title) in [
            "permit-door",
            "workers-rules",
            "rectification",
            "acceptance",
            "deposit-refund",
        ]
        .iter()
        .zip(words)
        {
            for html in [false, true] {
                let mut args = vec!["--locale", locale, "notice", n, &id, "-o", "-"];
                if html {
                    args.push("--html");
                }
                let out = d.run(&args).ok().to_string();
                assert!(
                    out.contains(title) && out.contains(&id),
                    "{n} {locale}: {out}"
                );
            }
        }
    }
    let refund = d
        .run(&["--locale", "en", "notice", "deposit-refund", &id, "-o", "-"])
        .ok()
        .to_string();
    // The fine was never paid: it and its late fee came out of the deposit.
    assert!(refund.contains(": CNY 200.00"), "{refund}");
    assert!(refund.contains(": CNY 3.10"), "{refund}");
    assert!(
        refund.contains("Renovation deposit refunded: CNY 4,796.90"),
        "{refund}"
    );
    assert!(
        refund.contains("Pass deposits refunded: CNY 40.00"),
        "{refund}"
    );
    assert!(
        refund.contains("Worker passes lost") || refund.contains("出入证遗失"),
        "{refund}"
    );
}

#[test]
fn paying_for_a_permit_clears_its_fees_and_takes_its_deposits_before_older_arrears() {
    let (d, tenant) = office();
    // Arrears: November's fee, 2,500.00, due the 15th and unpaid.
    d.run(&["--date", "2026-11-01", "bill", "run", "--month", "2026-11"])
        .ok();
    let id = apply(&d, &tenant, &CONTRACTOR);
    receive_all(&d, &id);
    sign_all(&d, &id);
    pm(&d, &["bill", &id]).ok();
    approve_all(&d, &id);
    // The fees (550.00) and both deposits (5,050.00) paid at the desk in one sum.
    let out = d.run(&["pay", "A-1203", "5600", "--for", &id, "--ref", "R-7"]);
    let said = out.ok();
    assert!(
        said.contains("renovation deposit 5,000.00 received")
            && said.contains("pass deposit 50.00 received")
            && said.contains("payment 550.00: 500.00 to entry 2, 50.00 to entry 3"),
        "{said}"
    );
    // Each entry the money came in by has its receipt: the two deposits, the payment.
    let receipts: Vec<&str> = said
        .lines()
        .filter(|l| l.ends_with("-receipt.zh-CN.html"))
        .collect();
    assert_eq!(receipts.len(), 3, "{said}");
    let deposit = receipts[0].split('-').collect::<Vec<_>>()[1..=5].join("-");
    let text = d.run(&["notice", "receipt", &deposit, "-o", "-"]);
    assert!(
        text.ok().contains("装修押金  收取装修押金  5,000.00\n"),
        "{}",
        text.stdout
    );
    // November's fee is still owed; the permit is issued.
    assert_eq!(
        pm(&d, &["issue", &id]).ok(),
        format!("{id}: issued, valid 2026-12-01 to 2027-01-31\n")
    );
    let v = json_of(&d.run(&["--format", "json", "ledger", "A-1203"]));
    assert_eq!(v["summary"]["overdue"], "2500.00");
    assert_eq!(v["summary"]["deposits_held"], "5050.00");
    // Several entries by number, in the order given.
    d.run(&[
        "bill",
        "charge",
        "A-1203",
        "80",
        "--item",
        "repair-fee",
        "--text",
        "换锁",
    ])
    .ok();
    let out = d.run(&["pay", "A-1203", "100", "--for", "7,1"]);
    assert!(
        out.ok()
            .contains("payment 100.00: 80.00 to entry 7, 20.00 to entry 1"),
        "{}",
        out.stdout
    );
    // Another unit's record, or a word that is no record, is refused.
    let err = d.run(&["pay", "A-1203", "100", "--for", "budget"]);
    assert!(
        err.fails(2).contains("expected entry numbers"),
        "{}",
        err.stderr
    );
}
