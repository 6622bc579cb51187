//! The office's profile, `[office]` in office.toml: the building the notices name, the
//! service centre that signs them, and how to pay, printed on the notices asking for
//! money; `check` warns while what a tenant needs to pay is not filled in.

use crate::common::*;
use crate::money::add_party;

/// An office as `propdesk init` leaves it: the profile's keys empty.
fn fresh() -> Test {
    let t = Test::empty();
    t.run(&["init", ".", "--name", "测试大厦"]).ok();
    t
}

/// The 1-based line of `key = ` in office.toml.
fn line_of(t: &Test, key: &str) -> usize {
    let toml = t.read("office.toml");
    toml.lines()
        .position(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in office.toml"))
        + 1
}

#[test]
fn check_warns_about_each_empty_key_a_tenant_needs_to_pay_naming_its_line() {
    let t = fresh();
    let run = t.run(&["check"]);
    // Warnings only: nothing on stdout, exit 0, the count in the summary.
    assert_eq!(run.ok(), "");
    for key in [
        "address",
        "phone",
        "weekday_hours",
        "weekend_hours",
        "payee",
        "bank",
        "account",
    ] {
        let want = format!(
            "warning: office.toml:{}: [office] {key} is empty: ",
            line_of(&t, key)
        );
        assert!(run.stderr.contains(&want), "{want:?} in\n{}", run.stderr);
    }
    assert!(
        run.stderr
            .contains("hint: fill in `address` under [office] in office.toml\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("checked 0 files: no problems, 7 warnings\n"),
        "{}",
        run.stderr
    );
    // The JSON for scripts lists problems only.
    let json = t.run(&["check", "--format", "json"]);
    assert_eq!(json.ok().trim(), "[]");
}

#[test]
fn check_stops_warning_once_the_profile_is_filled_in() {
    let t = fresh();
    t.fill_profile(PROFILE);
    let run = t.run(&["check"]);
    assert_eq!(run.ok(), "");
    assert_eq!(run.stderr, "checked 0 files: no problems\n");
    // Emptied again, one key: one warning, naming it.
    t.fill_profile("phone = \"\"");
    let run = t.run(&["check"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "warning: office.toml:{}: [office] phone is empty: the payment notice, statement, dunning notice and receipt cannot give the desk's phone\n\
             hint: fill in `phone` under [office] in office.toml\n\
             checked 0 files: no problems, 1 warning\n",
            line_of(&t, "phone")
        )
    );
}

#[test]
fn a_desk_that_takes_no_transfers_needs_no_bank_or_account() {
    let t = fresh();
    t.fill_profile(PROFILE);
    t.fill_profile("bank = \"\"\naccount = \"\"\nmethods = [\"cash\", \"card\"]");
    let run = t.run(&["check"]);
    assert_eq!(run.stderr, "checked 0 files: no problems\n");
    t.fill_profile("methods = [\"cash\", \"transfer\"]");
    let run = t.run(&["check"]);
    assert!(
        run.stderr.contains("[office] bank is empty")
            && run.stderr.contains("[office] account is empty")
            && run
                .stderr
                .contains("or take \"transfer\" out of its `methods`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_key_or_value_in_the_profile_is_a_configuration_error_naming_its_line() {
    let t = fresh();
    for (line, message) in [
        (
            "weekday_hours = \"8:30 to 6\"",
            "[office] weekday_hours = \"8:30 to 6\": expected opening hours like \"08:30-18:00\"",
        ),
        (
            "phone = 65001000",
            "[office] phone = 65001000: expected text in double quotes",
        ),
        (
            "methods = [\"cash\", \"alipay\"]",
            "expected only cash, transfer, card or cheque, not \"alipay\"",
        ),
    ] {
        let key = line.split(" = ").next().unwrap();
        let n = line_of(&t, key);
        let before = t.read("office.toml");
        t.fill_profile(line);
        let err = t.run(&["check"]).fails(2).to_string();
        assert!(
            err.starts_with(&format!("error: office.toml:{n}: ")) && err.contains(message),
            "{line}: {err}"
        );
        t.write("office.toml", &before);
    }
    let toml = t
        .read("office.toml")
        .replace("payee = \"\"", "payer = \"\"");
    t.write("office.toml", &toml);
    let err = t.run(&["unit", "list"]).fails(2).to_string();
    assert!(
        err.starts_with(&format!(
            "error: office.toml:{}: unknown field `payer`",
            line_of(&t, "payer")
        )),
        "{err}"
    );
}

#[test]
fn the_notices_asking_for_money_say_how_where_and_when_to_pay() {
    let t = Test::records();
    let at = ["--now", "2026-11-23T09:30"];
    let run = |args: &[&str]| {
        let all: Vec<&str> = at.iter().chain(args).copied().collect();
        t.run(&all).ok().to_string()
    };
    for (notice, unit) in [
        ("payment-notice", "A-1203"),
        ("statement", "A-1203"),
        ("dunning-notice", "A-B106"),
    ] {
        let text = run(&["notice", notice, unit, "-o", "-"]);
        for want in [
            "\n缴费方式\n收款单位：北京远景物业管理有限公司\n开户银行：中国工商银行北京国贸支行\n",
            &format!("账　　号：0200 0417 0920 0123 456（转账请在附言中注明单元号{unit}）\n"),
            "支付方式：转账、现金、刷卡、支票\n",
            "缴费地点：远景大厦物业服务中心，北京市朝阳区建国路88号远景大厦一层大堂东侧\n",
            "服务时间：周一至周五 08:30–18:00，周六、周日 09:00–17:00\n",
            "联系电话：010-6588 1234\n",
        ] {
            assert!(text.contains(want), "{notice}: {want:?} in\n{text}");
        }
        let html = run(&["notice", notice, unit, "--html", "-o", "-"]);
        for want in [
            "<tr><th>收款单位</th><td>北京远景物业管理有限公司</td></tr>",
            "<tr><th>账号</th><td>0200 0417 0920 0123 456（转账请在附言中注明单元号",
            "<tr><th>服务时间</th><td>周一至周五 08:30–18:00，周六、周日 09:00–17:00</td></tr>",
        ] {
            assert!(html.contains(want), "{notice}: {want:?} in\n{html}");
        }
        // In English, for a tenant who reads English.
        let en = run(&["--locale", "en", "notice", notice, unit, "-o", "-"]);
        for want in [
            "\nHow to pay\nPayee: 北京远景物业管理有限公司\nBank: 中国工商银行北京国贸支行\n",
            "Accepted: transfer, cash, card, cheque\n",
            "Opening hours: Mon–Fri 08:30–18:00, Sat–Sun 09:00–17:00\n",
            "Phone: 010-6588 1234\n",
        ] {
            assert!(en.contains(want), "{notice} (en): {want:?} in\n{en}");
        }
    }
    // The dunning notice is signed by the service centre, with how to pay before the
    // slip the tenant signs.
    let dunning = run(&["notice", "dunning-notice", "A-B106", "-o", "-"]);
    let signed = dunning
        .find("\n远景大厦物业服务中心\n2026年11月23日\n")
        .unwrap();
    let how = dunning.find("\n缴费方式\n").unwrap();
    let slip = dunning.find("回执").unwrap();
    assert!(signed < how && how < slip, "{dunning}");
}

#[test]
fn an_office_without_a_profile_prints_no_how_to_pay_block() {
    let t = fresh();
    let owner = add_party(&t, &["--name", "陈静", "--role", "owner"]);
    t.run(&[
        "unit", "add", "A-101", "--area", "100", "--use", "office", "--owner", &owner,
    ])
    .ok();
    t.run(&[
        "unit",
        "edit",
        "A-101",
        "--occupant",
        &owner,
        "--status",
        "occupied",
    ])
    .ok();
    t.run(&["bill", "run", "--month", "2026-11"]).ok();
    let text = t
        .run(&["notice", "payment-notice", "A-101", "-o", "-"])
        .ok()
        .to_string();
    assert!(!text.contains("缴费方式"), "{text}");
    assert!(text.ends_with("通知日期：2026年11月23日\n"), "{text}");
}

#[test]
fn the_welcome_letter_names_the_building_and_is_signed_by_the_service_centre() {
    let t = Test::records();
    let at = ["--now", "2026-11-23T09:30"];
    let args: Vec<&str> = at
        .iter()
        .copied()
        .chain(["notice", "welcome-letter", "MI-20261112-YKHWGM", "-o", "-"])
        .collect();
    let zh = t.run(&args).ok().to_string();
    assert!(zh.contains("入驻远景大厦A-603单元"), "{zh}");
    assert!(!zh.contains("入驻远景大厦物业服务中心"), "{zh}");
    assert!(
        zh.ends_with("\n远景大厦物业服务中心\n2026年11月23日\n"),
        "{zh}"
    );
    assert!(!zh.contains("客服中心\n2026"), "{zh}");
    assert!(
        zh.contains("- 客服中心电话：010-6588 1234（服务时间：周一至周五 08:30–18:00，周六、周日 09:00–17:00）\n"),
        "{zh}"
    );
    // The building's name falls back to the office's name when [office] has none.
    let toml = t
        .read("office.toml")
        .replace("building = \"远景大厦\"", "building = \"\"");
    t.write("office.toml", &toml);
    let zh = t.run(&args).ok().to_string();
    assert!(zh.contains("入驻远景大厦物业服务中心A-603单元"), "{zh}");
}
