//! Issue 19, the gate of the goods exit pass (出门证 / 放行条): no goods leave while
//! money is owed. A move-out's pass is neither made nor issued nor printed before the
//! move-out is settled and what the tenant owes is paid or covered by deposits, by any
//! command that could make or hand one out; a unit whose dunning case has reached the
//! suspension step gets a pass only on a manager's override with a reason, which the
//! pass keeps and prints; security taking a pass of such a unit is warned.
//!
//! A-1203 (100.00 m² office owned by 远景置业, let to 李四) in a zh-CN office on the
//! default rules: November's 2,500.00 billed on 1 November, due Sunday 2026-11-15 and
//! not paid; late fees 0.05% a day (1.25) from day 5, the 20th. Errors are said in
//! English, confirmations in the office's language.

use serde_json::Value;

use crate::common::*;
use crate::money::Desk;

/// The office: A-1203 let to 李四 since October, November billed on the 1st.
fn billed() -> Desk {
    let d = Desk::new();
    let t = d.tenant("李四", &[]);
    let add = [
        "unit",
        "add",
        "A-1203",
        "--area",
        "100.00",
        "--use",
        "office",
        "--owner",
        &d.owner,
        "--occupant",
        &t,
    ];
    at(&d, "2026-10-01T09:00", &add).ok();
    let bill = ["bill", "run", "--month", "2026-11"];
    at(&d, "2026-11-01T08:00", &bill).ok();
    d
}

/// `propdesk --now NOW ARGS...`
fn at(t: &Test, now: &str, args: &[&str]) -> Run {
    let mut a = vec!["--now", now];
    a.extend_from_slice(args);
    t.run(&a)
}

/// The tenant of A-1203 (李四).
fn tenant(d: &Desk) -> String {
    let out = d.run(&["--format", "json", "unit", "show", "A-1203"]);
    let v: Value = serde_json::from_str(out.ok()).unwrap();
    v["occupant"].as_str().unwrap().to_string()
}

/// A goods exit pass of A-1203 applied for at `now`, leaving on `day`: its ID.
fn apply(d: &Desk, now: &str, day: &str) -> String {
    let t = tenant(d);
    let args = [
        "permit",
        "new",
        "--kind",
        "goods-exit",
        "--unit",
        "A-1203",
        "--applicant",
        &t,
        "--day",
        day,
        "--item",
        "文件柜",
    ];
    at(d, now, &args).ok().trim().to_string()
}

/// `permit sign-exit ID --side SIDE --signed-by WHO EXTRA...` at `now`.
fn sign(d: &Desk, now: &str, id: &str, side: &str, who: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "permit",
        "sign-exit",
        id,
        "--side",
        side,
        "--signed-by",
        who,
    ];
    a.extend_from_slice(extra);
    at(d, now, &a)
}

/// Owned flags as the runner takes them.
fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The owner side and the tenant side sign at `now`.
fn both_sides(d: &Desk, now: &str, id: &str) {
    sign(d, now, id, "owner", "远景置业张经理", &[]).ok();
    sign(d, now, id, "tenant", "李四", &[]).ok();
}

fn permit(d: &Desk, id: &str) -> Value {
    let out = d.run(&["--format", "json", "permit", "show", id]);
    serde_json::from_str(out.ok()).unwrap()
}

#[track_caller]
fn refused(run: Run) -> String {
    run.fails(1).to_string()
}

#[track_caller]
fn has(text: &str, part: &str) {
    assert!(text.contains(part), "expected {part:?} in:\n{text}");
}

/// The ladder climbed to day 6 on the 21st: the manager approved the written notice on
/// the 19th; the suspension step waits for the GM, who approves it if `approved`.
fn at_suspension(d: &Desk, approved: bool) {
    for day in ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"] {
        at(d, &format!("{day}T07:40"), &["dunning", "run"]).ok();
    }
    let by = ["--by", "王经理", "dunning", "approve", "A-1203"];
    at(d, "2026-11-19T09:00", &by).ok();
    let out = at(d, "2026-11-21T07:40", &["dunning", "run"]);
    has(out.ok(), "第6天 停止服务（总经理）：待审批");
    if approved {
        gm_approves(d);
    }
}

/// The GM approves the suspension step on the 21st.
fn gm_approves(d: &Desk) {
    let by = ["--by", "总经理", "dunning", "approve", "A-1203"];
    at(d, "2026-11-21T09:00", &by).ok();
}

#[test]
fn a_move_out_owing_gets_no_exit_pass_by_any_command_until_settled_and_paid() {
    let d = billed();
    // A pass applied for on the 18th, before the notice: both sides sign it.
    let early = apply(&d, "2026-11-18T10:00", "2026-11-30");
    both_sides(&d, "2026-11-18T10:00", &early);
    let permits = d.files("permits");
    let now = "2026-11-20T10:00";
    let mo = at(
        &d,
        now,
        &[
            "moveout",
            "new",
            "--unit",
            "A-1203",
            "--move-out",
            "2026-11-30",
        ],
    )
    .ok()
    .trim()
    .to_string();
    // 2,500.00 and the late fee accrued on the 20th, 1.25; no deposit held.
    let owing =
        format!("  - move-out {mo} is not settled: 2,501.25 owed now, 0.00 held in deposits\n");
    // The desk's signature on the pass applied for before: refused.
    let err = refused(sign(&d, now, &early, "desk", "前台王", &[]));
    assert_eq!(
        err,
        format!(
            "error: goods exit pass {early} cannot be issued while money is owed:\n{owing}\
             hint: settle the move-out first: propdesk moveout settle {mo} (`propdesk moveout statement {mo}` previews it), then pay what the deposits do not cover\n"
        )
    );
    // Printed, to be handed out: refused.
    let err = refused(at(
        &d,
        now,
        &["notice", "goods-exit-pass", &early, "-o", "-"],
    ));
    has(
        &err,
        &format!("goods exit pass {early} cannot be printed while money is owed:\n{owing}"),
    );
    // A new application: refused, nothing written.
    let t = tenant(&d);
    let new = [
        "permit",
        "new",
        "--kind",
        "goods-exit",
        "--unit",
        "A-1203",
        "--applicant",
        &t,
        "--day",
        "2026-11-30",
        "--item",
        "保险柜",
    ];
    let err = refused(at(&d, now, &new));
    has(
        &err,
        &format!(
            "error: no goods exit pass for A-1203 while money is owed (settlement before the exit pass):\n{owing}"
        ),
    );
    // The move-out's own pass: refused once consent and lift are in.
    at(
        &d,
        now,
        &["moveout", "consent", &mo, "--signed-by", "远景置业（盖章）"],
    )
    .ok();
    at(
        &d,
        now,
        &[
            "moveout",
            "lift",
            &mo,
            "--day",
            "2026-11-30",
            "--time",
            "09:00-12:00",
        ],
    )
    .ok();
    let out_pass = ["moveout", "exit-pass", &mo, "--item", "办公桌20张"];
    let err = refused(at(&d, now, &out_pass));
    has(&err, &owing);
    let err = refused(at(&d, now, &["notice", "goods-exit-pass", &mo]));
    has(
        &err,
        &format!("move-out {mo} has no goods exit pass\nhint: once the move-out is settled"),
    );
    assert_eq!(d.files("permits"), permits);

    // Settled on the day (no move-in: the last readings are given): November in full,
    // its late fees through the 30th (11 x 1.25 = 13.75), energy 12.00 + 5.00, no
    // deposit: 2,530.75 still owed.
    let day = "2026-11-30T09:00";
    let read = [
        "moveout",
        "inspect",
        &mo,
        "--attendee",
        "工程部",
        "--meter",
        "electricity=110",
        "--last",
        "electricity=100",
        "--meter",
        "water=11",
        "--last",
        "water=10",
    ];
    at(&d, day, &read).ok();
    at(
        &d,
        day,
        &[
            "moveout",
            "keys",
            &mo,
            "--key",
            "大门=1",
            "--received-by",
            "保安部-刘",
        ],
    )
    .ok();
    at(&d, day, &["moveout", "settle", &mo]).ok();
    let err = refused(at(&d, day, &out_pass));
    has(
        &err,
        &format!(
            "  - move-out {mo} is settled and 2,530.75 is still owed (2,530.75 owed, 0.00 held in deposits)\nhint: pay what the deposits do not cover: propdesk pay A-1203 2530.75\n"
        ),
    );
    refused(sign(&d, day, &early, "desk", "前台王", &[]));
    // Part paid: still refused, for the rest.
    at(&d, day, &["pay", "A-1203", "2000"]).ok();
    let err = refused(at(&d, day, &out_pass));
    has(&err, "is settled and 530.75 is still owed");
    // Paid: the pass is made, signed and issued, printed, and taken without a warning.
    at(&d, day, &["pay", "A-1203", "530.75"]).ok();
    let pass = at(&d, day, &out_pass).ok().trim().to_string();
    both_sides(&d, day, &pass);
    assert_eq!(
        sign(&d, day, &pass, "desk", "前台王", &[]).ok(),
        format!("{pass}: signed (已签发)\n")
    );
    let text = at(&d, day, &["notice", "goods-exit-pass", &mo, "-o", "-"]);
    let text = text.ok();
    has(text, &format!("编号：{pass}\n"));
    assert!(
        !text.contains("提醒保安") && !text.contains("特批"),
        "{text}"
    );
    assert_eq!(
        at(
            &d,
            "2026-11-30T10:00",
            &["permit", "security", &pass, "--guard", "保安部-刘"]
        )
        .ok(),
        format!("{pass}: handed to security (已结案)\n")
    );
    assert!(permit(&d, &pass)["goods_exit"].get("warnings").is_none());
    // The pass applied for before the notice may be issued now too.
    sign(&d, day, &early, "desk", "前台王", &[]).ok();
    let check = d.run(&["check"]);
    check.ok();
    has(&check.stderr, "no problems");
}

#[test]
fn a_unit_at_the_suspension_step_gets_a_pass_only_on_a_managers_override() {
    let d = billed();
    at_suspension(&d, false);
    let now = "2026-11-21T10:00";
    // Applying and the two sides' signatures are not the gate: the desk's is.
    let id = apply(&d, now, "2026-11-23");
    both_sides(&d, now, &id);
    let err = refused(sign(&d, now, &id, "desk", "前台王", &[]));
    let hint = format!(
        "hint: pay what is owed (propdesk pay A-1203 2502.50), or a manager overrides with the desk's signature: propdesk permit sign-exit {id} --side desk --signed-by NAME --override-by NAME --as ROLE --reason TEXT\n"
    );
    assert_eq!(
        err,
        format!(
            "error: goods exit pass {id} cannot be issued while money is owed:\n  \
             - A-1203's dunning case is at its suspension step (day 6, due 2026-11-21, waiting for the gm's approval): 2,502.50 overdue; security is to stop the goods leaving\n{hint}"
        )
    );
    // Nor printed to hand out.
    refused(at(&d, now, &["notice", "goods-exit-pass", &id, "-o", "-"]));
    // Approved by the GM, the same.
    gm_approves(&d);
    let err = refused(sign(&d, now, &id, "desk", "前台王", &[]));
    has(&err, "(day 6, due 2026-11-21): 2,502.50 overdue");
    assert_eq!(permit(&d, &id)["status"], "applied");

    // The override: all three flags, a role of [permit] exit_override_roles, a reason.
    let over = |who: &str, role: &str, why: &str| -> Vec<String> {
        ["--override-by", who, "--as", role, "--reason", why]
            .map(str::to_string)
            .to_vec()
    };
    let run = sign(&d, now, &id, "desk", "前台王", &["--override-by", "张经理"]);
    run.fails(2);
    let clerk = over("王敏", "desk-clerk", "熟人");
    let err = refused(sign(&d, now, &id, "desk", "前台王", &args(&clerk)));
    assert_eq!(
        err,
        "error: the desk clerk may not override the dunning suspension: the office lets the manager or the gm ([permit] exit_override_roles)\n"
    );
    let blank = over("张经理", "manager", " ");
    let err = refused(sign(&d, now, &id, "desk", "前台王", &args(&blank)));
    has(&err, "the reason of the override (--reason) is empty");
    // With another side's signature: refused, naming the desk's.
    let other = apply(&d, now, "2026-11-23");
    let reason = "租户已签还款计划，仅搬出个人办公用品";
    let manager = over("张经理", "manager", reason);
    let err = refused(sign(&d, now, &other, "owner", "远景置业", &args(&manager)));
    has(
        &err,
        &format!(
            "the override of pass {other} goes with the desk's signature, which issues it, not the owner side's"
        ),
    );
    // The office decides who may: only the GM here.
    let toml = d.read("office.toml");
    let gm_only = toml.replacen(
        "exit_override_roles = [\"manager\", \"gm\"]",
        "exit_override_roles = [\"gm\"]",
        1,
    );
    assert_ne!(gm_only, toml);
    d.write("office.toml", &gm_only);
    let err = refused(sign(&d, now, &id, "desk", "前台王", &args(&manager)));
    has(
        &err,
        "the manager may not override the dunning suspension: the office lets the gm",
    );
    d.write("office.toml", &toml);
    // The manager's override issues it, and the pass keeps it.
    let out = sign(&d, now, &id, "desk", "前台王", &args(&manager));
    assert_eq!(
        out.ok(),
        format!(
            "{id}: signed (已签发)；张经理（经理）于 2026-11-21 特批放行（A-1203 催款第 6 天，逾期欠款 2,502.50）：{reason}\n"
        )
    );
    let p = permit(&d, &id);
    assert_eq!(p["status"], "issued");
    let o = &p["goods_exit"]["overridden"];
    assert_eq!(o["by"], "张经理");
    assert_eq!(o["role"], "manager");
    assert_eq!(o["reason"], reason);
    assert_eq!(o["date"], "2026-11-21");
    // Overdue with the late fees accrued to the 21st (20-21 November).
    assert_eq!(o["suspension"]["day"], 6);
    assert_eq!(o["suspension"]["overdue"], "2502.50");
    let table = at(&d, now, &["permit", "show", &id]);
    has(
        table.ok(),
        &format!("特批放行（A-1203 催款第 6 天，逾期欠款 2,502.50）：{reason}"),
    );
    // Printed with the override and the warning to security.
    let text = at(&d, now, &["notice", "goods-exit-pass", &id, "-o", "-"]);
    let text = text.ok();
    has(text, "【经理特批放行】\n");
    has(text, "特批人：张经理（经理），2026年11月21日\n");
    has(text, &format!("特批理由：{reason}\n"));
    has(
        text,
        "【提醒保安】\n- A-1203 催款已到停止服务步骤（第 6 天，2026年11月21日起），逾期欠款 CNY 2,502.50。本条已经经理特批放行。\n",
    );
    let html = at(
        &d,
        now,
        &["notice", "goods-exit-pass", &id, "--html", "-o", "-"],
    );
    has(html.ok(), &format!("特批理由：{reason}"));
    // Nothing to override once the arrears are paid.
    at(&d, now, &["pay", "A-1203", "2502.50"]).ok();
    both_sides(&d, now, &other);
    let err = refused(sign(&d, now, &other, "desk", "前台王", &args(&manager)));
    has(
        &err,
        "nothing to override: A-1203's dunning case has not reached its suspension step with money overdue",
    );
    sign(&d, now, &other, "desk", "前台王", &[]).ok();
    let check = d.run(&["check"]);
    check.ok();
    has(&check.stderr, "no problems");
}

#[test]
fn security_taking_a_pass_of_a_unit_at_the_suspension_step_is_warned_and_the_pass_says_so() {
    let d = billed();
    // Issued on the 16th, day 1 of the ladder: nothing stops it then.
    let now = "2026-11-16T10:00";
    let id = apply(&d, now, "2026-11-23");
    both_sides(&d, now, &id);
    sign(&d, now, &id, "desk", "前台王", &[]).ok();
    // By the 23rd the case has reached the suspension step.
    at_suspension(&d, true);
    let then = "2026-11-23T10:00";
    at(&d, "2026-11-23T07:40", &["dunning", "run"]).ok();
    // The issued pass, printed before security takes it, already warns.
    let text = at(&d, then, &["notice", "goods-exit-pass", &id, "-o", "-"]);
    has(text.ok(), "【提醒保安】\n");
    let out = at(
        &d,
        then,
        &["permit", "security", &id, "--guard", "保安部-刘"],
    );
    assert_eq!(
        out.ok(),
        format!(
            "{id}: handed to security (已结案)\n\
             提醒保安：A-1203 催款已到停止服务步骤（第 6 天，2026-11-21 起）：逾期欠款 2,505.00，保安应阻止搬离\n"
        )
    );
    let p = permit(&d, &id);
    let w = &p["goods_exit"]["warnings"][0]["suspended"];
    assert_eq!(w["day"], 6);
    assert_eq!(w["taken"], true);
    // Overdue with the late fees accrued to the 23rd (20-23 November, 4 x 1.25).
    assert_eq!(w["overdue"], "2505.00");
    let events: Vec<&str> = p["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "to-security")
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["保安部-刘; warned: dunning suspension"]);
    let table = at(&d, then, &["permit", "show", &id]);
    has(
        table.ok(),
        "A-1203 催款已到停止服务步骤（第 6 天，2026-11-21 起）",
    );
    // The pass as kept: the warning, without an override (security stops the goods).
    let text = at(&d, then, &["notice", "goods-exit-pass", &id, "-o", "-"]);
    let text = text.ok();
    has(
        text,
        "- A-1203 催款已到停止服务步骤（第 6 天，2026年11月21日起），逾期欠款 CNY 2,505.00。未经经理特批，应阻止搬离。\n",
    );
    has(text, "保安签收：保安部-刘\n");
    // In English, as an en office words it.
    let en = at(
        &d,
        then,
        &[
            "--locale",
            "en",
            "notice",
            "goods-exit-pass",
            &id,
            "-o",
            "-",
        ],
    );
    has(
        en.ok(),
        "WARNING TO SECURITY\n- Unit A-1203: fee collection has reached the suspension step (day 6, from 21 November 2026); CNY 2,505.00 overdue. Stop the goods leaving unless a manager overrides.\n",
    );
}
