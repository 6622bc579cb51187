//! `propdesk movein`: from leasing's move-in notice to the handover, as the desk types
//! it: the checklist, the joint inspection with defects as repair tickets, the fees and
//! deposits, the keys and the handover record, and `complete` with its exact list of
//! what is missing or a manager's override.
//!
//! Most tests start from A-1203 (120.00 m² office owned by 远景置业, vacant) in a zh-CN
//! office whose `[movein]` charges a card fee of 40.00 and requires a card deposit of
//! 200.00, and a company tenant 蓝雀科技 (contact 王女士) moving in from leasing's notice
//! of Friday 2026-11-20 (lease from 2026-12-01). The clock is Monday 2026-11-23 09:30.
//! Default rules: property fee 25.00/m² a month for offices, due on the 15th; defects
//! fixed within 7 days, by closing time (18:00); the welcome visit 3 days after.

use serde_json::Value;

use crate::common::*;
use crate::money::{Desk, add_party, assert_unchanged, snapshot};

const CHARGES: &str =
    r#"charges = [{ item = "card-fee", amount = "40.00", text = "门禁卡工本费（2张）" }]"#;
const DEPOSITS: &str = r#"deposits = [{ kind = "card", amount = "200.00" }]"#;

const COMPANY_DOCS: [&str; 4] = [
    "movein-notice",
    "lease-copy",
    "business-licence-copy",
    "deposit-receipt",
];
const PERSON_DOCS: [&str; 4] = [
    "movein-notice",
    "lease-copy",
    "id-card-copy",
    "deposit-receipt",
];
const HANDOUTS: [&str; 5] = [
    "tenant-handbook",
    "renovation-rules",
    "safety-handbook",
    "fire-responsibility-agreement",
    "access-card-form",
];

/// The office of these tests: the card fee and deposit, the vacant A-1203, and the
/// company tenant 蓝雀科技. Returns the desk and the tenant's ID.
fn office() -> (Desk, String) {
    let d = Desk::new();
    edit_toml(&d, "charges = []", CHARGES);
    edit_toml(&d, "deposits = []", DEPOSITS);
    d.unit("A-1203", "120.00", "office", None);
    let tenant = add_party(
        &d,
        &[
            "--name",
            "蓝雀科技",
            "--kind",
            "company",
            "--role",
            "tenant",
            "--contact",
            "王女士",
        ],
    );
    (d, tenant)
}

fn edit_toml(t: &Test, from: &str, to: &str) {
    let toml = t.read("office.toml");
    assert!(toml.contains(from), "office.toml lacks {from:?}");
    t.write("office.toml", &toml.replacen(from, to, 1));
}

/// `propdesk movein new` for A-1203 from the notice of 2026-11-20; `extra` adds flags.
fn try_open(t: &Test, unit: &str, party: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "movein",
        "new",
        "--unit",
        unit,
        "--party",
        party,
        "--notice-date",
        "2026-11-20",
        "--lease-start",
        "2026-12-01",
    ];
    a.extend_from_slice(extra);
    t.run(&a)
}

/// A new move-in into A-1203; returns its ID.
fn open(t: &Test, party: &str, extra: &[&str]) -> String {
    let id = try_open(t, "A-1203", party, extra).ok().trim().to_string();
    assert!(
        id.starts_with("MI-2026112") && !id.contains(char::is_whitespace),
        "{id}"
    );
    id
}

/// `propdesk movein VERB ID ARGS...`
fn mi(t: &Test, verb: &str, id: &str, args: &[&str]) -> Run {
    let mut a = vec!["movein", verb, id];
    a.extend_from_slice(args);
    t.run(&a)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn show(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "movein", "show", id]))
}

fn ticket(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "ticket", "show", id]))
}

fn unit(t: &Test, id: &str) -> Value {
    json_of(&t.run(&["--format", "json", "unit", "show", id]))
}

fn ledger(t: &Test) -> Vec<Value> {
    json_of(&t.run(&["--format", "json", "ledger", "A-1203"]))["entries"]
        .as_array()
        .unwrap()
        .clone()
}

/// What `movein show` says is missing.
fn missing(t: &Test, id: &str) -> Vec<String> {
    strings(&show(t, id)["missing"])
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn items(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["item"].as_str().unwrap().to_string())
        .collect()
}

fn events(v: &Value) -> Vec<String> {
    v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect()
}

fn movein_file(id: &str) -> String {
    format!("moveins/{}/{id}.yaml", &id[3..7])
}

/// The refusal of `movein complete ID`: exit 1, the office untouched; returns stderr.
#[track_caller]
fn refused_complete(t: &Test, id: &str) -> String {
    let before = snapshot(t);
    let err = mi(t, "complete", id, &[]).fails(1).to_string();
    assert_unchanged(&before, t);
    assert!(
        err.contains(&format!("move-in {id} cannot be completed; missing:")),
        "{err}"
    );
    err
}

fn receive_all(t: &Test, id: &str, docs: &[&str]) {
    let mut a = docs.to_vec();
    a.extend(["--from", "王女士"]);
    mi(t, "receive", id, &a).ok();
}

fn handout_all(t: &Test, id: &str) {
    let mut a = HANDOUTS.to_vec();
    a.extend(["--signed-by", "王女士"]);
    mi(t, "handout", id, &a).ok();
}

fn emergency(t: &Test, party: &str) {
    t.run(&[
        "party",
        "edit",
        party,
        "--emergency",
        "王先生:13900001111:配偶",
    ])
    .ok();
}

/// The joint inspection of the office unit with `extra` (defects, --fix-by); returns
/// the defect tickets in the order of the output.
fn inspect(t: &Test, id: &str, extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        "--attendee",
        "工程部-周",
        "--attendee",
        "王女士",
        "--meter",
        "electricity=12345.6",
        "--meter",
        "water=321.05",
    ];
    a.extend_from_slice(extra);
    let out = mi(t, "inspect", id, &a).ok().to_string();
    out.lines()
        .filter_map(|l| l.split(": ticket ").nth(1))
        .map(|rest| rest.split(',').next().unwrap().to_string())
        .collect()
}

fn bill(t: &Test, id: &str) -> String {
    mi(t, "bill", id, &[]).ok().to_string()
}

/// The move-in charges paid (1,140.00) and the card deposit taken (200.00).
fn pay_up(t: &Test) {
    t.run(&["pay", "A-1203", "1140"]).ok();
    t.run(&["pay", "A-1203", "200", "--deposit", "card"]).ok();
}

fn keys(t: &Test, id: &str) {
    mi(
        t,
        "keys",
        id,
        &[
            "--key",
            "大门=2",
            "--key",
            "信箱=1",
            "--signed-by",
            "王女士",
        ],
    )
    .ok();
}

fn handover(t: &Test, id: &str) {
    mi(t, "handover", id, &["--signed-by", "王女士"]).ok();
}

/// Every step but `complete` for the company tenant, the inspection with `defects`;
/// returns the move-in and its defect tickets.
fn ready(t: &Test, party: &str, defects: &[&str]) -> (String, Vec<String>) {
    let id = open(t, party, &[]);
    receive_all(t, &id, &COMPANY_DOCS);
    handout_all(t, &id);
    emergency(t, party);
    let tickets = inspect(t, &id, defects);
    bill(t, &id);
    pay_up(t);
    keys(t, &id);
    handover(t, &id);
    (id, tickets)
}

/// A defect ticket worked through to done (已完工).
fn fix(t: &Test, ticket: &str) {
    t.run(&["ticket", "dispatch", ticket, "--technician", "李师傅"])
        .ok();
    t.run(&["ticket", "arrive", ticket]).ok();
    t.run(&[
        "ticket",
        "finish",
        ticket,
        "--work",
        "修补",
        "--signed-by",
        "王女士",
    ])
    .ok();
}

/// `movein complete` by the manager 张经理 despite everything missing.
fn overridden(t: &Test, id: &str) {
    t.run(&[
        "--by",
        "张经理",
        "movein",
        "complete",
        id,
        "--override",
        "--reason",
        "租户急需入场，资料三日内补齐",
    ])
    .ok();
}

// ---------------------------------------------------------------------------
// The checklist per party kind
// ---------------------------------------------------------------------------

#[test]
fn a_person_is_asked_for_an_id_card_copy_and_a_company_for_a_business_licence_copy() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let v = show(&d, &id);
    assert_eq!(v["party_kind"], "company");
    assert_eq!(items(&v["documents"]), COMPANY_DOCS);
    assert_eq!(items(&v["handouts"]), HANDOUTS);

    d.unit("A-1204", "80.00", "office", None);
    let person = d.tenant("李四", &[]);
    let out = try_open(&d, "A-1204", &person, &[]);
    let pid = out.ok().trim().to_string();
    let v = show(&d, &pid);
    assert_eq!(v["party_kind"], "person");
    assert_eq!(items(&v["documents"]), PERSON_DOCS);
    // Each document not received is missing, by its code.
    let m = missing(&d, &pid);
    assert!(
        m.contains(&format!(
            "document not received: id-card-copy (propdesk movein receive {pid} id-card-copy --from NAME)"
        )),
        "{m:#?}"
    );
    assert!(
        !m.iter().any(|l| l.contains("business-licence-copy")),
        "{m:#?}"
    );
}

#[test]
fn an_agent_collecting_the_keys_adds_the_authorisation_letter() {
    let (d, company) = office();
    let id = open(&d, &company, &["--agent", "小李"]);
    let v = show(&d, &id);
    assert_eq!(v["agent"], "小李");
    let mut want = COMPANY_DOCS.to_vec();
    want.push("authorisation-letter");
    assert_eq!(items(&v["documents"]), want);
    receive_all(&d, &id, &COMPANY_DOCS);
    assert_eq!(
        missing(&d, &id)[0],
        format!(
            "document not received: authorisation-letter (propdesk movein receive {id} authorisation-letter --from NAME)"
        )
    );
    mi(
        &d,
        "receive",
        &id,
        &["authorisation-letter", "--from", "小李"],
    )
    .ok();
    assert!(
        !missing(&d, &id).iter().any(|l| l.starts_with("document")),
        "{:#?}",
        missing(&d, &id)
    );
}

#[test]
fn an_item_not_on_the_checklist_is_refused_and_nothing_is_written() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    // A company hands in a business licence, not an ID card; one bad item refuses all.
    let err = mi(
        &d,
        "receive",
        &id,
        &["movein-notice", "id-card-copy", "--from", "王女士"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("\"id-card-copy\" is not on this move-in's document list: expected one of movein-notice, lease-copy, business-licence-copy, deposit-receipt"),
        "{err}"
    );
    let err = mi(
        &d,
        "handout",
        &id,
        &["parking-rules", "--signed-by", "王女士"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("\"parking-rules\" is not on this move-in's handout list"),
        "{err}"
    );
    // A document is not a handout.
    mi(&d, "handout", &id, &["lease-copy", "--signed-by", "王女士"]).fails(1);
    assert_unchanged(&before, &d);
}

#[test]
fn an_item_received_or_signed_for_twice_is_refused() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    mi(&d, "receive", &id, &["lease-copy", "--from", "王女士"]).ok();
    mi(
        &d,
        "handout",
        &id,
        &["tenant-handbook", "--signed-by", "王女士"],
    )
    .ok();
    let before = snapshot(&d);
    let err = mi(
        &d,
        "receive",
        &id,
        &["movein-notice", "lease-copy", "--from", "王女士"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("lease-copy was already received on 2026-11-23"),
        "{err}"
    );
    let err = mi(
        &d,
        "handout",
        &id,
        &["tenant-handbook", "--signed-by", "王女士"],
    )
    .fails(1)
    .to_string();
    assert!(
        err.contains("tenant-handbook was already signed for on 2026-11-23"),
        "{err}"
    );
    assert_unchanged(&before, &d);
    // What was received is recorded with who and when.
    let docs = show(&d, &id)["documents"].clone();
    assert_eq!(docs[1]["item"], "lease-copy");
    assert_eq!(docs[1]["by"], "王女士");
    assert_eq!(docs[1]["date"], "2026-11-23");
    assert!(docs[0]["date"].is_null(), "{docs}");
}

// ---------------------------------------------------------------------------
// complete: the exact list of what is missing
// ---------------------------------------------------------------------------

#[test]
fn complete_on_a_new_move_in_is_refused_naming_each_step_not_done_and_writes_nothing() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let err = refused_complete(&d, &id);
    let mut want: Vec<String> = COMPANY_DOCS
        .iter()
        .map(|x| {
            format!("document not received: {x} (propdesk movein receive {id} {x} --from NAME)")
        })
        .collect();
    want.extend(HANDOUTS.iter().map(|x| {
        format!("handout not signed for: {x} (propdesk movein handout {id} {x} --signed-by NAME)")
    }));
    want.extend([
        format!("no emergency contact for {company} (propdesk party edit {company} --emergency NAME:PHONE)"),
        format!("joint inspection not done (propdesk movein inspect {id} --attendee NAME --meter METER=READING)"),
        format!("move-in fees not charged (propdesk movein bill {id})"),
        "card deposit: 200.00 required, 0.00 held (propdesk pay A-1203 AMOUNT --deposit card)".to_string(),
        format!("keys not handed over (propdesk movein keys {id} --key KIND=COUNT --signed-by NAME)"),
        format!("handover record not signed (propdesk movein handover {id} --signed-by NAME)"),
    ]);
    for w in &want {
        assert!(err.contains(&format!("\n  - {w}\n")), "{w:?} in\n{err}");
    }
    assert_eq!(err.matches("\n  - ").count(), want.len(), "{err}");
    // `show` gives the same list, in the same order.
    assert_eq!(missing(&d, &id), want);
    assert_eq!(show(&d, &id)["status"], "in-progress");
}

#[test]
fn complete_after_billing_names_each_unpaid_entry_the_short_deposit_and_the_open_defects() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    receive_all(&d, &id, &COMPANY_DOCS);
    handout_all(&d, &id);
    emergency(&d, &company);
    let tickets = inspect(&d, &id, &["--defect", "walls=窗边墙面裂缝"]);
    bill(&d, &id);
    keys(&d, &id);
    handover(&d, &id);
    // 150.00 of the card deposit only.
    d.run(&["pay", "A-1203", "150", "--deposit", "card"]).ok();
    let err = refused_complete(&d, &id);
    let want = [
        "not paid: ledger entry 1, 1100.00 outstanding (propdesk pay A-1203 AMOUNT --for 1)"
            .to_string(),
        "not paid: ledger entry 2, 40.00 outstanding (propdesk pay A-1203 AMOUNT --for 2)"
            .to_string(),
        "card deposit: 200.00 required, 150.00 held (propdesk pay A-1203 AMOUNT --deposit card)"
            .to_string(),
        format!(
            "defects not fixed: {} (book a re-inspection: propdesk movein complete {id} --reinspect DATE)",
            tickets[0]
        ),
    ];
    assert_eq!(missing(&d, &id), want);
    assert_eq!(err.matches("\n  - ").count(), 4, "{err}");
    // A partial payment leaves the rest of its entry owed.
    d.run(&["pay", "A-1203", "1000"]).ok();
    assert_eq!(
        missing(&d, &id)[..2],
        [
            "not paid: ledger entry 1, 100.00 outstanding (propdesk pay A-1203 AMOUNT --for 1)"
                .to_string(),
            "not paid: ledger entry 2, 40.00 outstanding (propdesk pay A-1203 AMOUNT --for 2)"
                .to_string(),
        ]
    );
}

#[test]
fn the_missing_list_shrinks_as_each_step_is_done_until_complete_works() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let mut left = missing(&d, &id);
    assert_eq!(left.len(), 15, "{left:#?}");
    let gone = |left: &mut Vec<String>, what: &str, n: usize| {
        let now = missing(&d, &id);
        assert_eq!(now.len(), left.len() - n, "after {what}: {now:#?}");
        assert!(
            now.iter().all(|l| left.contains(l)),
            "after {what}, new lines: {now:#?}"
        );
        *left = now;
    };
    receive_all(&d, &id, &COMPANY_DOCS[..2]);
    gone(&mut left, "two documents", 2);
    receive_all(&d, &id, &COMPANY_DOCS[2..]);
    gone(&mut left, "the other documents", 2);
    handout_all(&d, &id);
    gone(&mut left, "the handouts", 5);
    emergency(&d, &company);
    gone(&mut left, "the emergency contact", 1);
    inspect(&d, &id, &[]);
    gone(&mut left, "the inspection", 1);
    // Billing replaces "not charged" with the two entries owed.
    bill(&d, &id);
    let now = missing(&d, &id);
    assert!(
        !now.iter()
            .any(|l| l.starts_with("move-in fees not charged")),
        "{now:#?}"
    );
    assert_eq!(
        now.iter().filter(|l| l.starts_with("not paid: ")).count(),
        2,
        "{now:#?}"
    );
    left = now;
    d.run(&["pay", "A-1203", "1140"]).ok();
    gone(&mut left, "the payment", 2);
    d.run(&["pay", "A-1203", "200", "--deposit", "card"]).ok();
    gone(&mut left, "the deposit", 1);
    keys(&d, &id);
    gone(&mut left, "the keys", 1);
    assert_eq!(
        left,
        [format!(
            "handover record not signed (propdesk movein handover {id} --signed-by NAME)"
        )]
    );
    handover(&d, &id);
    gone(&mut left, "the handover", 1);
    assert!(left.is_empty());
    let out = mi(&d, "complete", &id, &[]);
    assert_eq!(
        out.ok(),
        format!(
            "{id}: completed; {company} occupies A-1203 from 2026-11-23, billed from 2026-11-20\n\
             {id}: welcome visit due by 2026-11-26\n"
        )
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["completed"], "2026-11-23");
    assert!(v["overridden"].is_null());
    assert_eq!(v["missing"], serde_json::json!([]));
}

#[test]
fn steps_after_completion_are_refused() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    mi(&d, "complete", &id, &[]).ok();
    let before = snapshot(&d);
    for (verb, args) in [
        ("complete", vec![]),
        ("bill", vec![]),
        ("handover", vec!["--signed-by", "王女士"]),
        ("keys", vec!["--key", "door=1", "--signed-by", "王女士"]),
    ] {
        let err = mi(&d, verb, &id, &args).fails(1).to_string();
        assert!(
            err.contains(&format!("move-in {id} was completed on 2026-11-23")),
            "{verb}: {err}"
        );
    }
    assert_unchanged(&before, &d);
}

// ---------------------------------------------------------------------------
// The manager's override
// ---------------------------------------------------------------------------

#[test]
fn a_managers_override_completes_and_records_who_why_and_what_was_missing() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    receive_all(&d, &id, &COMPANY_DOCS);
    let was_missing = missing(&d, &id);
    assert_eq!(was_missing.len(), 11);
    let out = d.run(&[
        "--by",
        "张经理",
        "movein",
        "complete",
        &id,
        "--override",
        "--reason",
        "租户急需入场，资料三日内补齐",
    ]);
    assert!(
        out.ok().contains(&format!(
            "{id}: override by 张经理 (租户急需入场，资料三日内补齐) of 11 missing item(s)\n"
        )),
        "{}",
        out.stdout
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["overridden"]["by"], "张经理");
    assert_eq!(v["overridden"]["reason"], "租户急需入场，资料三日内补齐");
    // Recorded without the command hints.
    let short: Vec<String> = was_missing
        .iter()
        .map(|m| m.split(" (").next().unwrap().to_string())
        .collect();
    assert_eq!(strings(&v["overridden"]["missing"]), short);
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "completed");
    assert_eq!(last["by"], "张经理");
    let note = last["note"].as_str().unwrap();
    assert!(
        note.contains("override by 张经理: 租户急需入场，资料三日内补齐; missing: handout not signed for: tenant-handbook"),
        "{note}"
    );
    assert!(note.contains("keys not handed over"), "{note}");
    // The unit is let all the same.
    let u = unit(&d, "A-1203");
    assert_eq!(u["occupant"], company.as_str());
    assert_eq!(u["status"], "occupied");
}

#[test]
fn an_override_without_a_reason_is_refused() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    // The flag without --reason is a usage error (clap).
    let err = d
        .run(&["--by", "张经理", "movein", "complete", &id, "--override"])
        .fails(2)
        .to_string();
    assert!(err.contains("--reason"), "{err}");
    // --reason alone is not an override.
    d.run(&["movein", "complete", &id, "--reason", "急"])
        .fails(2);
    // A blank reason is no reason.
    let err = d
        .run(&[
            "--by",
            "张经理",
            "movein",
            "complete",
            &id,
            "--override",
            "--reason",
            "  ",
        ])
        .fails(1)
        .to_string();
    assert!(
        err.contains("an override needs a reason (--reason)"),
        "{err}"
    );
    assert_unchanged(&before, &d);
}

#[test]
fn an_override_when_nothing_is_missing_is_refused() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    let before = snapshot(&d);
    let err = d
        .run(&[
            "--by",
            "张经理",
            "movein",
            "complete",
            &id,
            "--override",
            "--reason",
            "以防万一",
        ])
        .fails(1)
        .to_string();
    assert!(
        err.contains("nothing is missing: complete without --override"),
        "{err}"
    );
    assert_unchanged(&before, &d);
}

// ---------------------------------------------------------------------------
// Defects become repair tickets
// ---------------------------------------------------------------------------

#[test]
fn each_defect_becomes_a_linked_repair_ticket_due_at_closing_time_a_week_later() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let tickets = inspect(
        &d,
        &id,
        &[
            "--defect",
            "walls=窗边墙面裂缝",
            "--defect",
            "lights=灯管不亮",
        ],
    );
    assert_eq!(tickets.len(), 2, "{tickets:?}");
    assert_ne!(tickets[0], tickets[1]);
    for (t, item, text) in [
        (&tickets[0], "walls", "窗边墙面裂缝"),
        (&tickets[1], "lights", "灯管不亮"),
    ] {
        let v = ticket(&d, t);
        assert_eq!(v["kind"], "repair");
        assert_eq!(v["unit"], "A-1203");
        assert_eq!(v["movein"], id.as_str());
        assert_eq!(v["category"], item);
        assert_eq!(v["fix_by"], "2026-11-30", "today + defect_fix_days (7)");
        assert!(
            v["description"].as_str().unwrap().contains(text),
            "{}",
            v["description"]
        );
        let completion = v["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["clock"] == "completion")
            .unwrap_or_else(|| panic!("no completion deadline: {v:#}"))
            .clone();
        assert_eq!(completion["due"], "2026-11-30T18:00:00+08:00");
    }
    // The move-in links them both ways, and the inspection marks the facilities.
    let v = show(&d, &id);
    let defects = v["defects"].as_array().unwrap();
    assert_eq!(defects.len(), 2);
    assert_eq!(defects[0]["ticket"], tickets[0].as_str());
    assert_eq!(defects[0]["fix_by"], "2026-11-30");
    let facilities = v["inspection"]["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 10, "the office checklist");
    let bad: Vec<&str> = facilities
        .iter()
        .filter(|f| f["condition"] == "defect")
        .map(|f| f["item"].as_str().unwrap())
        .collect();
    assert_eq!(bad, ["lights", "walls"]);
    // The tickets are in the ticket list like any other.
    let list = d.run(&["ticket"]);
    for t in &tickets {
        assert!(list.ok().contains(t.as_str()), "{}", list.stdout);
    }
}

#[test]
fn fix_by_or_defect_fix_days_sets_the_rectification_day() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let tickets = inspect(
        &d,
        &id,
        &["--defect", "floor=地板起翘", "--fix-by", "2026-11-27"],
    );
    let v = ticket(&d, &tickets[0]);
    assert_eq!(v["fix_by"], "2026-11-27");
    let due: Vec<&str> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["clock"] == "completion")
        .map(|c| c["due"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-11-27T18:00:00+08:00"]);
    // --fix-by in the past is refused.
    d.unit("A-1204", "80.00", "office", None);
    let other = d.tenant("李四", &[]);
    let mid = try_open(&d, "A-1204", &other, &[]).ok().trim().to_string();
    let before = snapshot(&d);
    mi(
        &d,
        "inspect",
        &mid,
        &[
            "--attendee",
            "工程部-周",
            "--meter",
            "electricity=1",
            "--meter",
            "water=1",
            "--defect",
            "walls=x",
            "--fix-by",
            "2026-11-22",
        ],
    )
    .fails(1);
    assert_unchanged(&before, &d);
    // The office's defect_fix_days.
    edit_toml(&d, "defect_fix_days = 7", "defect_fix_days = 10");
    let tickets = inspect(&d, &mid, &["--defect", "ceiling=天花渗水"]);
    assert_eq!(ticket(&d, &tickets[0])["fix_by"], "2026-12-03");
}

#[test]
fn the_inspection_reads_every_meter_of_the_units_use_and_knows_only_its_checklist() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    let run = |extra: &[&str]| {
        let mut a = vec!["--attendee", "工程部-周"];
        a.extend_from_slice(extra);
        mi(&d, "inspect", &id, &a).fails(1).to_string()
    };
    let err = run(&["--meter", "electricity=1"]);
    assert!(err.contains("the water meter was not read"), "{err}");
    let err = run(&[
        "--meter",
        "electricity=1",
        "--meter",
        "water=1",
        "--meter",
        "gas=1",
    ]);
    assert!(err.contains("office units have no gas meter"), "{err}");
    let err = run(&[
        "--meter",
        "electricity=1",
        "--meter",
        "water=1",
        "--defect",
        "toilet=漏水",
    ]);
    assert!(
        err.contains("\"toilet\" is not on the office facility checklist"),
        "{err}"
    );
    assert_unchanged(&before, &d);
    inspect(&d, &id, &[]);
    let err = mi(
        &d,
        "inspect",
        &id,
        &[
            "--attendee",
            "x",
            "--meter",
            "electricity=1",
            "--meter",
            "water=1",
        ],
    )
    .fails(1)
    .to_string();
    assert!(err.contains("was inspected on 2026-11-23"), "{err}");
}

#[test]
fn a_meter_read_twice_at_the_inspection_is_refused() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    mi(
        &d,
        "inspect",
        &id,
        &[
            "--attendee",
            "工程部-周",
            "--meter",
            "electricity=12345.6",
            "--meter",
            "water=321.05",
            "--meter",
            "water=400",
        ],
    )
    .fails(1);
    assert_unchanged(&before, &d);
}

#[test]
fn a_key_kind_given_twice_is_refused() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    mi(
        &d,
        "keys",
        &id,
        &[
            "--key",
            "door=2",
            "--key",
            "door=1",
            "--signed-by",
            "王女士",
        ],
    )
    .fails(1);
    assert_unchanged(&before, &d);
}

#[test]
fn an_unfixed_defect_needs_a_reinspection_date_to_complete() {
    let (d, company) = office();
    let (id, tickets) = ready(&d, &company, &["--defect", "walls=窗边墙面裂缝"]);
    let err = refused_complete(&d, &id);
    assert!(
        err.contains(&format!("defects not fixed: {}", tickets[0])),
        "{err}"
    );
    assert_eq!(err.matches("\n  - ").count(), 1, "{err}");
    // A date before today is refused.
    let before = snapshot(&d);
    let err = mi(&d, "complete", &id, &["--reinspect", "2026-11-22"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("the re-inspection date 2026-11-22 is before today"),
        "{err}"
    );
    // The re-inspection is not done before it is booked.
    mi(&d, "reinspect", &id, &["--note", "x"]).fails(1);
    assert_unchanged(&before, &d);
    let out = mi(&d, "complete", &id, &["--reinspect", "2026-11-30"]);
    assert!(
        out.ok()
            .contains(&format!("{id}: re-inspection on 2026-11-30\n")),
        "{}",
        out.stdout
    );
    let v = show(&d, &id);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["reinspection"], "2026-11-30");
    assert!(v["overridden"].is_null());
    // The ticket stays open for engineering.
    assert_eq!(ticket(&d, &tickets[0])["status"], "new");
    // The re-inspection done, once.
    mi(&d, "reinspect", &id, &["--note", "裂缝已修补"]).ok();
    let err = mi(&d, "reinspect", &id, &["--note", "again"])
        .fails(1)
        .to_string();
    assert!(err.contains("was already re-inspected"), "{err}");
    assert_eq!(
        events(&show(&d, &id)).last().map(String::as_str),
        Some("reinspected")
    );
}

#[test]
fn a_finished_defect_ticket_no_longer_blocks_completion() {
    let (d, company) = office();
    let (id, tickets) = ready(
        &d,
        &company,
        &[
            "--defect",
            "walls=窗边墙面裂缝",
            "--defect",
            "lights=灯管不亮",
        ],
    );
    fix(&d, &tickets[0]);
    let m = missing(&d, &id);
    assert_eq!(
        m,
        [format!(
            "defects not fixed: {} (book a re-inspection: propdesk movein complete {id} --reinspect DATE)",
            tickets[1]
        )]
    );
    fix(&d, &tickets[1]);
    assert!(missing(&d, &id).is_empty());
    // Nothing to re-inspect any more.
    let err = mi(&d, "complete", &id, &["--reinspect", "2026-11-30"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("no defect is open: there is nothing to re-inspect"),
        "{err}"
    );
    mi(&d, "complete", &id, &[]).ok();
    assert!(show(&d, &id)["reinspection"].is_null());
}

// ---------------------------------------------------------------------------
// Fees: the first period and the move-in charges
// ---------------------------------------------------------------------------

#[test]
fn bill_charges_the_prorated_first_period_and_the_move_in_charges_due_today() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let out = bill(&d, &id);
    // 120.00 m² x 25.00 = 3,000.00 a month; from 20 November: 11 of 30 days.
    assert_eq!(
        out,
        format!(
            "{id}: 1,140.00 charged to A-1203 (entries 1, 2); notices/2026/11/20261123-{id}-payment-notice.zh-CN.html\n"
        )
    );
    let l = ledger(&d);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0]["item"], "property-fee");
    assert_eq!(l[0]["debit"], "1100.00");
    assert_eq!(l[0]["for"], "2026年11月物业管理费（按11/30天计）");
    assert_eq!(l[1]["item"], "card-fee");
    assert_eq!(l[1]["debit"], "40.00");
    assert_eq!(l[1]["for"], "门禁卡工本费（2张）");
    assert_eq!(l[1]["ref"], id.as_str());
    // November's due day (the 15th) has passed: due today, not overdue at once.
    for e in &l {
        assert_eq!(e["due"], "2026-11-23", "{e}");
    }
    let rec = d.read("ledger/A-1203/2026.yaml");
    assert!(rec.contains("  period: 2026-11\n"), "{rec}");
    let v = show(&d, &id);
    assert_eq!(v["charges"], serde_json::json!([1, 2]));
    assert_eq!(events(&v).last().map(String::as_str), Some("billed"));
}

#[test]
fn fees_starting_in_a_later_month_are_due_on_that_months_due_day() {
    let (d, company) = office();
    let id = open(&d, &company, &["--fees-from", "2026-12-01"]);
    let out = bill(&d, &id);
    assert!(
        out.starts_with(&format!("{id}: 3,040.00 charged to A-1203 (entries 1, 2);")),
        "{out}"
    );
    let l = ledger(&d);
    assert_eq!(l[0]["debit"], "3000.00");
    assert_eq!(l[0]["for"], "2026年12月物业管理费");
    assert_eq!(l[0]["due"], "2026-12-15");
    assert_eq!(l[1]["due"], "2026-12-15");
}

#[test]
fn billing_a_move_in_twice_is_refused_and_writes_nothing() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    bill(&d, &id);
    let before = snapshot(&d);
    let err = mi(&d, "bill", &id, &[]).fails(1).to_string();
    assert!(
        err.contains("the move-in fees were already charged (ledger entries 1, 2)"),
        "{err}"
    );
    assert_unchanged(&before, &d);
}

#[test]
fn bill_run_does_not_charge_the_first_period_again_and_charges_the_next_month_in_full() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    // Before completion the unit has no occupant: the bill run passes it by.
    d.run(&["bill", "run", "--month", "2026-11"]).ok();
    assert_eq!(ledger(&d).len(), 4, "two charges, a payment, a deposit");
    mi(&d, "complete", &id, &[]).ok();
    let before = snapshot(&d);
    let out = d.run(&["bill", "run", "--month", "2026-11"]);
    assert_eq!(out.ok(), "", "November was charged at the move-in");
    assert_unchanged(&before, &d);
    let out = d.run(&["--date", "2026-12-01", "bill", "run", "--month", "2026-12"]);
    assert_eq!(
        out.ok(),
        "A-1203\t3,000.00\tnotices/2026/12/20261201-A-1203-payment-notice.zh-CN.html\n"
    );
    let l = ledger(&d);
    let last = l.last().unwrap();
    assert_eq!(last["for"], "2026年12月物业管理费");
    assert_eq!(last["debit"], "3000.00");
    assert_eq!(last["due"], "2026-12-15");
}

#[test]
fn fees_started_in_an_earlier_month_are_charged_through_this_month_at_move_in() {
    let (d, company) = office();
    // Leasing's notice of 20 October; the tenant comes to the desk on 23 November.
    let id = d
        .run(&[
            "movein",
            "new",
            "--unit",
            "A-1203",
            "--party",
            &company,
            "--notice-date",
            "2026-10-20",
            "--lease-start",
            "2026-11-01",
        ])
        .ok()
        .trim()
        .to_string();
    bill(&d, &id);
    // October 12/31 of 3,000.00 = 1,161.29; November in full; all due today.
    let fees: Vec<(String, String)> = ledger(&d)
        .iter()
        .filter(|e| e["item"] == "property-fee")
        .map(|e| {
            (
                e["debit"].as_str().unwrap().to_string(),
                e["due"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        fees,
        [
            ("1161.29".to_string(), "2026-11-23".to_string()),
            ("3000.00".to_string(), "2026-11-23".to_string()),
        ]
    );
}

#[test]
fn the_payment_notice_filed_by_bill_is_in_the_office_language_or_the_one_asked() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    bill(&d, &id);
    let zh = d.read(&format!(
        "notices/2026/11/20261123-{id}-payment-notice.zh-CN.html"
    ));
    for want in [
        "<h1>缴费通知单</h1>",
        "蓝雀科技",
        "2026年11月物业管理费（按11/30天计）",
        "门禁卡工本费（2张）",
        "1,100.00",
        "<tr><th>本月费用到期日</th><td>2026年11月23日</td></tr>",
        "CNY 1,140.00",
    ] {
        assert!(zh.contains(want), "{want:?} in\n{zh}");
    }

    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let out = d.run(&["--locale", "en", "movein", "bill", &id]);
    assert!(
        out.ok().ends_with(&format!(
            "notices/2026/11/20261123-{id}-payment-notice.en.html\n"
        )),
        "{}",
        out.stdout
    );
    let en = d.read(&format!(
        "notices/2026/11/20261123-{id}-payment-notice.en.html"
    ));
    for want in [
        "Payment notice",
        "蓝雀科技",
        "November 2026",
        "23 November 2026",
        "1,100.00",
        "40.00",
        "CNY 1,140.00",
    ] {
        assert!(en.contains(want), "{want:?} in\n{en}");
    }
    assert!(!d.exists(&format!(
        "notices/2026/11/20261123-{id}-payment-notice.zh-CN.html"
    )));
}

#[test]
fn a_bill_run_the_same_day_keeps_the_move_in_payment_notice() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let day = ["--date", "2026-12-01"];
    let run = |args: &[&str]| {
        let mut a = day.to_vec();
        a.extend_from_slice(args);
        d.run(&a)
    };
    run(&["movein", "bill", &id]).ok();
    let rel = format!("notices/2026/12/20261201-{id}-payment-notice.zh-CN.html");
    let filed = d.read(&rel);
    assert!(filed.contains("按11/30天计"), "{filed}");
    run(&[
        "--by",
        "张经理",
        "movein",
        "complete",
        &id,
        "--override",
        "--reason",
        "x",
    ])
    .ok();
    run(&["bill", "run", "--month", "2026-12"]).ok();
    // The notice handed out at the move-in is still filed as it was.
    assert!(
        d.files("notices").iter().any(|p| d.read(p) == filed),
        "the move-in's payment notice was replaced: {:#?}",
        d.files("notices")
    );
}

// ---------------------------------------------------------------------------
// The unit after completion
// ---------------------------------------------------------------------------

#[test]
fn completion_lets_the_unit_to_the_party_occupied_from_the_fee_start_with_a_history_entry() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    let before = unit(&d, "A-1203");
    assert_eq!(before["status"], "vacant");
    assert!(before["occupant"].is_null());
    mi(&d, "complete", &id, &[]).ok();
    let u = unit(&d, "A-1203");
    assert_eq!(u["occupant"], company.as_str());
    assert_eq!(u["status"], "occupied");
    assert_eq!(u["fees_from"], "2026-11-20");
    assert_eq!(u["owner"], d.owner.as_str(), "the owner stays");
    let last = u["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "moved-in");
    assert_eq!(last["by"], "tester");
    let note = last["note"].as_str().unwrap();
    for want in [
        id.as_str(),
        "(tenant)",
        &format!("occupant {company} (was none)"),
        "status occupied (was vacant)",
        "fees from 2026-11-20 (was unset)",
    ] {
        assert!(note.contains(want), "{want:?} in {note:?}");
    }
    d.run(&["check"]).ok();
}

#[test]
fn an_owner_moving_into_a_unit_without_an_owner_becomes_its_owner_and_occupant() {
    let d = Desk::new();
    d.t.run(&["unit", "add", "A-1501", "--area", "100.00", "--use", "home"])
        .ok();
    let owner = add_party(&d, &["--name", "张三", "--role", "owner"]);
    let id = try_open(&d, "A-1501", &owner, &["--role", "owner"])
        .ok()
        .trim()
        .to_string();
    let v = show(&d, &id);
    assert_eq!(v["role"], "owner");
    assert_eq!(items(&v["documents"]), PERSON_DOCS);
    overridden(&d, &id);
    let u = unit(&d, "A-1501");
    assert_eq!(u["owner"], owner.as_str());
    assert_eq!(u["occupant"], owner.as_str());
    assert_eq!(u["status"], "occupied");
    assert_eq!(u["fees_from"], "2026-11-20");
    let note = u["history"].as_array().unwrap().last().unwrap()["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("(owner)"), "{note}");
    d.run(&["check"]).ok();
}

#[test]
fn an_owner_moves_only_into_their_own_unit() {
    let (d, _) = office();
    let other = add_party(&d, &["--name", "张三", "--role", "owner"]);
    let before = snapshot(&d);
    let err = try_open(&d, "A-1203", &other, &["--role", "owner"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(&format!(
            "unit A-1203 is owned by {}, not {other}: an owner moves into their own unit",
            d.owner
        )),
        "{err}"
    );
    assert_unchanged(&before, &d);
    // The unit's owner may move in.
    let id = try_open(&d, "A-1203", &d.owner, &["--role", "owner"])
        .ok()
        .trim()
        .to_string();
    assert_eq!(show(&d, &id)["party_kind"], "company");
}

#[test]
fn complete_refuses_when_the_unit_was_let_to_someone_else_meanwhile() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    let other = d.tenant("李四", &[]);
    d.run(&[
        "unit",
        "edit",
        "A-1203",
        "--occupant",
        &other,
        "--status",
        "occupied",
    ])
    .ok();
    let before = snapshot(&d);
    let err = mi(&d, "complete", &id, &[]).fails(1).to_string();
    assert!(err.contains(&format!("occupied by {other}")), "{err}");
    assert_unchanged(&before, &d);
}

// ---------------------------------------------------------------------------
// Billing start
// ---------------------------------------------------------------------------

#[test]
fn fees_start_on_the_notice_date_unless_fees_from_says_otherwise() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let v = show(&d, &id);
    assert_eq!(v["notice_date"], "2026-11-20");
    assert_eq!(v["fees_from"], "2026-11-20");
    assert!(
        d.read(&movein_file(&id))
            .contains("fees_from: \"2026-11-20\"\n"),
        "{}",
        d.read(&movein_file(&id))
    );

    let (d, company) = office();
    let id = open(
        &d,
        &company,
        &["--fees-from", "2026-12-16", "--lease-end", "2028-11-30"],
    );
    let v = show(&d, &id);
    assert_eq!(v["notice_date"], "2026-11-20");
    assert_eq!(v["fees_from"], "2026-12-16");
    assert_eq!(v["lease_end"], "2028-11-30");
    // December from the 16th: 16 of 31 days of 3,000.00 = 1,548.39.
    bill(&d, &id);
    assert_eq!(ledger(&d)[0]["debit"], "1548.39");
    overridden(&d, &id);
    assert_eq!(unit(&d, "A-1203")["fees_from"], "2026-12-16");
}

// ---------------------------------------------------------------------------
// Refusals at `new`
// ---------------------------------------------------------------------------

#[test]
fn new_refuses_a_party_without_the_role() {
    let (d, company) = office();
    let before = snapshot(&d);
    // 远景置业 owns units but is no tenant; 蓝雀科技 is no owner.
    let err = try_open(&d, "A-1203", &d.owner, &[]).fails(1).to_string();
    assert!(
        err.contains(&format!(
            "{} (远景置业) does not have the tenant role",
            d.owner
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "hint: add it with `propdesk party edit {} --add-role tenant`",
            d.owner
        )),
        "{err}"
    );
    let err = try_open(&d, "A-1203", &company, &["--role", "owner"])
        .fails(1)
        .to_string();
    assert!(err.contains("does not have the owner role"), "{err}");
    assert_unchanged(&before, &d);
}

#[test]
fn new_refuses_a_unit_occupied_by_someone_else() {
    let (d, company) = office();
    let sitting = d.tenant("李四", &[]);
    d.unit("A-1204", "80.00", "office", Some(&sitting));
    let before = snapshot(&d);
    let err = try_open(&d, "A-1204", &company, &[]).fails(1).to_string();
    assert!(
        err.contains(&format!(
            "unit A-1204 is occupied by {sitting}: the move-out comes first"
        )),
        "{err}"
    );
    let err = try_open(&d, "A-9999", &company, &[]).fails(1).to_string();
    assert!(err.contains("A-9999"), "{err}");
    assert_unchanged(&before, &d);
}

#[test]
fn new_refuses_a_second_move_in_in_progress_for_the_same_unit() {
    let (d, company) = office();
    let first = open(&d, &company, &[]);
    let other = d.tenant("李四", &[]);
    let before = snapshot(&d);
    for party in [&company, &other] {
        let err = try_open(&d, "A-1203", party, &[]).fails(1).to_string();
        assert!(
            err.contains(&format!(
                "unit A-1203 already has a move-in in progress: {first}"
            )),
            "{err}"
        );
    }
    assert_unchanged(&before, &d);
}

#[test]
fn new_refuses_a_lease_ending_before_it_starts() {
    let (d, company) = office();
    let before = snapshot(&d);
    let err = try_open(&d, "A-1203", &company, &["--lease-end", "2026-11-30"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("the lease ends 2026-11-30, before it starts 2026-12-01"),
        "{err}"
    );
    assert_unchanged(&before, &d);
}

// ---------------------------------------------------------------------------
// The welcome visit
// ---------------------------------------------------------------------------

#[test]
fn the_welcome_visit_falls_due_three_days_after_completion() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    assert!(show(&d, &id)["welcome_visit_due"].is_null());
    d.run(&["--date", "2026-11-24", "movein", "complete", &id])
        .ok();
    let v = show(&d, &id);
    assert_eq!(v["completed"], "2026-11-24");
    assert_eq!(v["welcome_visit_due"], "2026-11-27");
    let out = d.run(&["--locale", "en", "movein", "show", &id]);
    assert!(out.ok().contains("Welcome visit due"), "{}", out.stdout);
    mi(&d, "visit", &id, &["--note", "租户满意，空调噪音已报修"]).ok();
    let v = show(&d, &id);
    assert_eq!(v["welcome_visit"], "租户满意，空调噪音已报修");
    assert_eq!(events(&v).last().map(String::as_str), Some("visited"));
    let err = mi(&d, "visit", &id, &["--note", "again"])
        .fails(1)
        .to_string();
    assert!(err.contains("had its welcome visit"), "{err}");
}

#[test]
fn a_welcome_visit_before_completion_is_refused() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let before = snapshot(&d);
    let err = mi(&d, "visit", &id, &["--note", "来早了"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(&format!(
            "move-in {id} is not completed: the welcome visit follows the move-in"
        )),
        "{err}"
    );
    assert_unchanged(&before, &d);
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

#[test]
fn the_list_shows_move_ins_in_progress_with_what_each_waits_for_and_all_adds_completed() {
    let (d, company) = office();
    let (done, _) = ready(&d, &company, &[]);
    mi(&d, "complete", &done, &[]).ok();
    d.unit("A-1204", "80.00", "office", None);
    let other = d.tenant("李四", &[]);
    let open_id = try_open(&d, "A-1204", &other, &[]).ok().trim().to_string();
    let out = d.run(&["--locale", "en", "movein"]);
    let text = out.ok();
    assert!(text.contains(&open_id), "{text}");
    assert!(
        text.contains("document not received: movein-notice (+14 more)"),
        "{text}"
    );
    assert!(!text.contains(&done), "{text}");
    let rows = json_of(&d.run(&["--format", "json", "movein", "--all"]));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(by_id(&done)["status"], "completed");
    assert!(by_id(&done)["waiting_for"].is_null());
    assert_eq!(by_id(&open_id)["status"], "in-progress");
    assert_eq!(
        strings(&by_id(&open_id)["waiting_for"]),
        missing(&d, &open_id)
    );
    // `movein list --all` is the same list.
    assert_eq!(
        d.run(&["--format", "json", "movein", "list", "--all"]).ok(),
        d.run(&["--format", "json", "movein", "--all"]).ok()
    );
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_is_clean_after_a_full_move_in() {
    let (d, company) = office();
    let (id, tickets) = ready(&d, &company, &["--defect", "walls=窗边墙面裂缝"]);
    mi(&d, "complete", &id, &["--reinspect", "2026-11-30"]).ok();
    mi(&d, "visit", &id, &["--note", "一切正常"]).ok();
    fix(&d, &tickets[0]);
    mi(&d, "reinspect", &id, &["--note", "裂缝已修补"]).ok();
    let out = d.run(&["check"]);
    out.ok();
    assert!(out.stderr.contains("no problems"), "{}", out.stderr);
}

#[test]
fn check_reports_a_hand_edited_move_in_whose_status_disagrees_with_its_history() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    mi(&d, "complete", &id, &[]).ok();
    let rel = movein_file(&id);
    let rec = d.read(&rel);
    assert!(rec.contains("\nstatus: completed\n"), "{rec}");
    d.write(
        &rel,
        &rec.replacen("\nstatus: completed\n", "\nstatus: in-progress\n", 1),
    );
    let out = d.run(&["check"]);
    out.fails(1);
    let err = &out.stdout;
    let line = rec.lines().position(|l| l == "status: completed").unwrap() + 1;
    assert!(
        err.contains(&format!(
            "{rel}:{line}: status \"in-progress\" but the history has a \"completed\" entry"
        )),
        "{err}"
    );
    // And the other way round: completed with no "completed" entry.
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let rel = movein_file(&id);
    let rec = d.read(&rel);
    d.write(
        &rel,
        &rec.replacen("\nstatus: in-progress\n", "\nstatus: completed\n", 1),
    );
    let out = d.run(&["check"]);
    out.fails(1);
    let err = &out.stdout;
    assert!(
        err.contains("status \"completed\" but the history has no \"completed\" entry"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// Notices
// ---------------------------------------------------------------------------

/// A completed move-in with two defects and a re-inspection booked.
fn completed_with_defects() -> (Desk, String, Vec<String>) {
    let (d, company) = office();
    let (id, tickets) = ready(
        &d,
        &company,
        &[
            "--defect",
            "walls=窗边墙面裂缝",
            "--defect",
            "lights=灯管不亮",
        ],
    );
    mi(&d, "complete", &id, &["--reinspect", "2026-11-30"]).ok();
    (d, id, tickets)
}

fn notice(t: &Test, locale: &str, which: &str, id: &str) -> String {
    t.run(&["--locale", locale, "notice", which, id, "-o", "-"])
        .ok()
        .to_string()
}

#[test]
fn the_reinspection_notice_is_refused_without_a_reinspection_booked() {
    let (d, company) = office();
    let (id, _) = ready(&d, &company, &[]);
    mi(&d, "complete", &id, &[]).ok();
    let before = snapshot(&d);
    for locale in ["en", "zh-CN"] {
        let err = d
            .run(&["--locale", locale, "notice", "reinspection", &id, "-o", "-"])
            .fails(1)
            .to_string();
        assert!(
            err.contains(&format!("move-in {id} has no re-inspection booked")),
            "{err}"
        );
        assert!(
            err.contains(&format!("movein complete {id} --reinspect DATE")),
            "{err}"
        );
    }
    assert_unchanged(&before, &d);
}

#[test]
fn the_handover_notice_is_refused_before_the_inspection() {
    let (d, company) = office();
    let id = open(&d, &company, &[]);
    let err = d
        .run(&["notice", "handover", &id, "-o", "-"])
        .fails(1)
        .to_string();
    assert!(err.contains("has not been inspected"), "{err}");
    // Nor can the handover record be signed.
    let err = mi(&d, "handover", &id, &["--signed-by", "王女士"])
        .fails(1)
        .to_string();
    assert!(err.contains("inspect first"), "{err}");
}

#[test]
fn the_handover_notice_lists_meters_facilities_keys_and_defects_in_both_locales() {
    let (d, id, _) = completed_with_defects();
    for (locale, words) in [
        ("zh-CN", ["墙面", "照明灯具", "门及门锁", "窗边墙面裂缝"]),
        ("en", ["walls", "lights", "door and lock", "窗边墙面裂缝"]),
    ] {
        let text = notice(&d, locale, "handover", &id);
        for want in [
            "A-1203",
            "蓝雀科技",
            "12345.6",
            "321.05",
            "大门",
            "信箱",
            "王女士",
            "灯管不亮",
        ]
        .iter()
        .chain(words.iter())
        {
            assert!(text.contains(want), "{locale}: {want:?} in\n{text}");
        }
    }
    let zh = notice(&d, "zh-CN", "handover", &id);
    assert!(zh.contains("2026年11月30日"), "the fix-by day: {zh}");
    let en = notice(&d, "en", "handover", &id);
    assert!(en.contains("30 November 2026"), "the fix-by day: {en}");
    // Filed under notices/ like every notice.
    let out = d.run(&["notice", "handover", &id]);
    assert_eq!(
        out.ok(),
        format!("notices/2026/11/20261123-{id}-handover.zh-CN.txt\n")
    );
}

#[test]
fn the_welcome_letter_in_both_locales() {
    let (d, id, _) = completed_with_defects();
    let zh = notice(&d, "zh-CN", "welcome-letter", &id);
    for want in ["蓝雀科技", "A-1203", "测试大厦"] {
        assert!(zh.contains(want), "{want:?} in\n{zh}");
    }
    let en = notice(&d, "en", "welcome-letter", &id);
    for want in ["蓝雀科技", "A-1203", "测试大厦"] {
        assert!(en.contains(want), "{want:?} in\n{en}");
    }
    assert_ne!(zh, en);
    let html = d
        .run(&[
            "--locale",
            "en",
            "notice",
            "welcome-letter",
            &id,
            "--html",
            "-o",
            "-",
        ])
        .ok()
        .to_string();
    assert!(html.contains("<html"), "{html}");
}

#[test]
fn the_reinspection_notice_gives_the_booked_date_and_the_defects_in_both_locales() {
    let (d, id, tickets) = completed_with_defects();
    for (locale, date) in [("zh-CN", "2026年11月30日"), ("en", "30 November 2026")] {
        let text = notice(&d, locale, "reinspection", &id);
        for want in [
            date,
            "A-1203",
            "窗边墙面裂缝",
            "灯管不亮",
            tickets[0].as_str(),
        ] {
            assert!(text.contains(want), "{locale}: {want:?} in\n{text}");
        }
    }
}
