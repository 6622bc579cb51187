//! What falls due, procedure by procedure, read off the records as they stand. Each
//! function adds its items; the window's filter and the order come after.
//!
//! - Tickets: every open deadline the ticket clocks compute (response, completion,
//!   return, callback, complaint feedback and reply, the reason of a set-aside order).
//! - Move-ins: a booked re-inspection not yet done; the welcome visit.
//! - Permits: the next signature of a renovation's approval chain; today's works to
//!   inspect (engineering and security), hot work; open rectifications; validity
//!   running out (extend or apply for acceptance, `completion_notice_days` ahead) or
//!   run out; the completion acceptance; deposits to settle after acceptance; goods
//!   leaving on a pass; overtime air-conditioning; parking renewals.
//! - Dunning: a step waiting for approval; the step reached today; the next rung once
//!   its day comes (not while a promise to pay holds the ladder); a promise running
//!   out.
//! - Move-outs: the goods lift, the inspection on the move-out day, the settlement
//!   after it, the completion, and the refund by its due day.

use chrono::Days;

use crate::model::locale::Locale;
use crate::procedure::dunning::{CaseStatus, StepStatus};
use crate::procedure::movein::record::event as movein_event;
use crate::procedure::moveout::record::Status as MoveOutStatus;
use crate::procedure::permit::{Status as PermitStatus, event as permit_event};
use crate::procedure::ticket::deadlines::{Clock, Clocks, Standing};
use crate::procedure::ticket::record::Kind as TicketKind;

use super::{Due, Item, Kind, Office, Role, Window, local};

/// A booked time of day: "18:00–21:00".
fn slot(from: chrono::NaiveTime, to: chrono::NaiveTime) -> String {
    format!("{}–{}", from.format("%H:%M"), to.format("%H:%M"))
}

fn short(text: &str, max: usize) -> String {
    let t = text.trim();
    let mut out: String = t.chars().take(max).collect();
    if t.chars().count() > max {
        out.push('…');
    }
    out
}

/// A signer of the renovation approval chain, for people.
fn signer_words(signer: &str, l: Locale) -> String {
    let zh = match signer {
        "desk-clerk" => "客服专员",
        "engineering-supervisor" => "工程主管",
        "security-supervisor" => "保安主管",
        "fire-safety-officer" => "消防负责人",
        "manager" => "经理",
        "gm" => "总经理",
        other => other,
    };
    match l {
        Locale::ZhCn => zh.to_string(),
        Locale::En => signer.replace('-', " "),
    }
}

pub(super) fn tickets(office: &Office, w: &Window, l: Locale, out: &mut Vec<Item>) {
    let zh = l == Locale::ZhCn;
    let clocks = Clocks {
        rules: &office.config.ticket,
        calendar: office.calendar,
        tz: w.tz,
        now: w.now,
    };
    for t in office.tickets {
        // A closed ticket owes nothing; a dead or unreasonable one may still owe the
        // tenant its reason.
        if t.status == crate::procedure::ticket::record::Status::Closed {
            continue;
        }
        for d in clocks.deadlines(t) {
            let Some(due) = d.due else { continue };
            if !matches!(
                d.standing,
                Standing::Overdue | Standing::DueSoon | Standing::Pending
            ) {
                continue;
            }
            let complaint = t.kind == TicketKind::Complaint;
            let (kind, who) = match d.clock {
                Clock::Response => (Kind::TicketResponse, Role::Engineering),
                Clock::Completion => (Kind::TicketCompletion, Role::Engineering),
                Clock::Return => (Kind::TicketReturn, Role::Engineering),
                Clock::Callback => (Kind::TicketCallback, Role::Desk),
                Clock::Feedback => (Kind::ComplaintFeedback, Role::Desk),
                Clock::Reply if complaint => (Kind::ComplaintReply, Role::Desk),
                Clock::Reply => (Kind::InquiryReply, Role::Desk),
                Clock::Reason => (Kind::TicketReason, Role::Desk),
            };
            let mut detail = format!("{} {}", t.kind.label(l), short(&t.description, 24));
            if let Some(p) = t.priority {
                detail = format!("{detail} ({})", p.label(l));
            }
            if let Some(tech) = &t.technician
                && who == Role::Engineering
            {
                detail.push_str(if zh { "，维修员 " } else { ", technician " });
                detail.push_str(tech);
            }
            out.push(Item {
                due: Due::At(due),
                kind,
                key: d.clock.as_str().to_string(),
                detail,
                record: t.id.clone(),
                unit: t.place().to_string(),
                who,
            });
        }
    }
}

pub(super) fn moveins(office: &Office, _w: &Window, l: Locale, out: &mut Vec<Item>) {
    let zh = l == Locale::ZhCn;
    let rules = &office.config.movein;
    for m in office.moveins {
        if let Some(d) = m.reinspection
            && !m
                .history
                .iter()
                .any(|e| e.event == movein_event::REINSPECTED)
        {
            let open: Vec<String> = m
                .defects
                .iter()
                .map(|x| crate::procedure::movein::words(&x.item, l))
                .collect();
            out.push(Item {
                due: Due::Day(d),
                kind: Kind::MoveinReinspection,
                key: String::new(),
                detail: match zh {
                    true => format!("遗留问题：{}", open.join("、")),
                    false => format!("open defects: {}", open.join(", ")),
                },
                record: m.id.clone(),
                unit: m.unit.clone(),
                who: Role::Engineering,
            });
        }
        if m.welcome_visit.is_none()
            && let Some(d) = m.visit_due(rules)
        {
            out.push(Item {
                due: Due::Day(d),
                kind: Kind::MoveinVisit,
                key: String::new(),
                detail: match zh {
                    true => format!("入住日 {}", m.completed.unwrap_or(d)),
                    false => format!("moved in {}", m.completed.unwrap_or(d)),
                },
                record: m.id.clone(),
                unit: m.unit.clone(),
                who: Role::Desk,
            });
        }
    }
}

pub(super) fn permits(office: &Office, w: &Window, l: Locale, out: &mut Vec<Item>) {
    let zh = l == Locale::ZhCn;
    let rules = &office.config.permit;
    for p in office.permits {
        let item = |due, kind, key: &str, detail: String, who| Item {
            due,
            kind,
            key: key.to_string(),
            detail,
            record: p.id.clone(),
            unit: p.unit.clone(),
            who,
        };
        let tz_day = |e: &crate::model::history::Entry| e.at.with_timezone(&w.tz).date_naive();
        if let Some(r) = &p.renovation {
            // The approval chain: whoever signs next, since the last signature or the
            // (revised) application.
            if p.status == PermitStatus::Applied
                && let Some(signer) = p.next_signer(rules)
            {
                let since = p
                    .history
                    .iter()
                    .rev()
                    .find(|e| {
                        matches!(
                            e.event.as_str(),
                            permit_event::APPLIED | permit_event::REVISED
                        )
                    })
                    .map(tz_day)
                    .into_iter()
                    .chain(r.approvals.iter().map(|a| a.date))
                    .max()
                    .unwrap_or(w.today);
                let words = signer_words(signer, l);
                out.push(item(
                    Due::Day(since),
                    Kind::PermitApproval,
                    &format!("{}-{}", r.round, r.approvals.len() + 1),
                    match zh {
                        true => format!("待{words}签批：{}", short(&r.description, 20)),
                        false => format!("{words} to sign: {}", short(&r.description, 20)),
                    },
                    Role::of_word(signer),
                ));
            }
            if p.works_allowed_on(w.today) {
                let who = r.contractor.as_deref().unwrap_or(if zh {
                    "自行装修"
                } else {
                    "self-renovation"
                });
                for (role, what_zh, what_en) in [
                    (
                        Role::Engineering,
                        "图纸、隐蔽工程、用电",
                        "drawings, concealed work, power",
                    ),
                    (
                        Role::Security,
                        "消防、出入证、噪音时段、材料搬运",
                        "fire, passes, quiet hours, materials",
                    ),
                ] {
                    out.push(item(
                        Due::Day(w.today),
                        Kind::PermitInspection,
                        role.as_str(),
                        match zh {
                            true => format!("{who}：{what_zh}"),
                            false => format!("{who}: {what_en}"),
                        },
                        role,
                    ));
                }
            }
            for h in r.hot_works.iter().filter(|h| h.date >= w.today) {
                out.push(item(
                    Due::At(local(w.tz, h.date, h.from)),
                    Kind::PermitHotWork,
                    &h.no.to_string(),
                    format!(
                        "{} {}{}{}",
                        slot(h.from, h.to),
                        h.work,
                        if zh { "，看火人 " } else { ", fire watch " },
                        h.fire_watch
                    ),
                    Role::Security,
                ));
            }
            for v in p.open_violations() {
                out.push(item(
                    Due::Day(v.deadline),
                    Kind::PermitRectification,
                    &v.no.to_string(),
                    match zh {
                        true => format!("第 {} 号整改：{}", v.no, short(&v.description, 24)),
                        false => format!("no. {}: {}", v.no, short(&v.description, 24)),
                    },
                    Role::Engineering,
                ));
            }
            if matches!(p.status, PermitStatus::Issued | PermitStatus::Suspended)
                && let Some(until) = r.valid_until
            {
                if until < w.today {
                    out.push(item(
                        Due::Day(until),
                        Kind::PermitExpired,
                        "",
                        match zh {
                            true => format!("{until} 到期未验收：停工，续期或申请验收"),
                            false => format!(
                                "expired {until} without acceptance: stop works, extend or apply"
                            ),
                        },
                        Role::Desk,
                    ));
                } else {
                    let ahead = Days::new(u64::from(rules.completion_notice_days));
                    out.push(item(
                        Due::Day(until - ahead),
                        Kind::PermitExtension,
                        &until.to_string(),
                        match zh {
                            true => format!("有效期至 {until}：办理续期或申请竣工验收"),
                            false => {
                                format!("valid until {until}: extend, or apply for acceptance")
                            }
                        },
                        Role::Desk,
                    ));
                }
            }
            if p.status == PermitStatus::CompletionApplied {
                let on = r.completion_on.unwrap_or(w.today);
                out.push(item(
                    Due::Day(on),
                    Kind::PermitAcceptance,
                    "",
                    match zh {
                        true => "联合验收（工程部、保安部、客服部）".to_string(),
                        false => "joint acceptance with security and the desk".to_string(),
                    },
                    Role::Engineering,
                ));
            }
            if p.status == PermitStatus::Accepted {
                let on = r
                    .acceptances
                    .iter()
                    .rev()
                    .find(|a| a.passed)
                    .map_or(w.today, |a| a.date);
                out.push(item(
                    Due::Day(on),
                    Kind::PermitRefund,
                    "",
                    match zh {
                        true => format!("收回出入证 {} 张，退还押金", r.workers),
                        false => format!("take back {} passes, refund the deposits", r.workers),
                    },
                    Role::Finance,
                ));
            }
        }
        if let Some(g) = &p.goods_exit
            && g.moveout.is_none()
            && g.security.is_none()
            && p.status != PermitStatus::Closed
            && g.date >= w.today
        {
            let issued = p.status == PermitStatus::Issued;
            out.push(item(
                Due::Day(g.date),
                Kind::GoodsExit,
                "",
                match (zh, issued) {
                    (true, true) => format!("核对放行：{}", g.items.join("、")),
                    (true, false) => format!("放行条待签：{}", g.items.join("、")),
                    (false, true) => format!("check goods out: {}", g.items.join(", ")),
                    (false, false) => format!("pass to be signed: {}", g.items.join(", ")),
                },
                if issued { Role::Security } else { Role::Desk },
            ));
        }
        if let Some(o) = &p.overtime_ac
            && p.status == PermitStatus::Issued
            && o.date >= w.today
        {
            out.push(item(
                Due::At(local(w.tz, o.date, o.from)),
                Kind::OvertimeAc,
                "",
                slot(o.from, o.to),
                Role::Engineering,
            ));
        }
        if let (Some(x), Some(remind)) =
            (&p.parking, p.renewal_due(rules.parking.renewal_notice_days))
        {
            out.push(item(
                Due::Day(remind),
                Kind::ParkingRenewal,
                &x.until.to_string(),
                match (zh, x.until < w.today) {
                    (true, true) => format!("车位 {} {}：{} 已过期", x.bay, x.plate, x.until),
                    (true, false) => format!("车位 {} {}：{} 到期", x.bay, x.plate, x.until),
                    (false, true) => format!("bay {} {}: lapsed {}", x.bay, x.plate, x.until),
                    (false, false) => format!("bay {} {}: ends {}", x.bay, x.plate, x.until),
                },
                Role::Desk,
            ));
        }
    }
}

pub(super) fn dunning(office: &Office, w: &Window, l: Locale, out: &mut Vec<Item>) {
    use crate::procedure::dunning::words;
    let zh = l == Locale::ZhCn;
    let rules = &office.config.dunning;
    let step_words = |day: u32, action: &str| match zh {
        true => format!("第 {day} 天：{}", words(action, l)),
        false => format!("day {day}: {}", words(action, l)),
    };
    for c in office.cases.iter().filter(|c| c.status == CaseStatus::Open) {
        let item = |due, kind, key: String, detail, who| Item {
            due,
            kind,
            key,
            detail,
            record: c.unit.clone(),
            unit: c.unit.clone(),
            who,
        };
        if let Some(s) = c.awaiting() {
            out.push(item(
                Due::Day(s.due),
                Kind::DunningApproval,
                s.day.to_string(),
                match zh {
                    true => format!("批准 {}", step_words(s.day, &s.action)),
                    false => format!("approve {}", step_words(s.day, &s.action)),
                },
                Role::Manager,
            ));
        } else if c.open_promise().is_none() {
            // The rung reached today is today's work; the next one once its day comes
            // (before `dunning run` has reached it). A promise to pay holds the ladder.
            if let Some(s) = c.steps.last()
                && s.status == StepStatus::Taken
                && s.taken == Some(w.today)
            {
                out.push(item(
                    Due::Day(w.today),
                    Kind::DunningStep,
                    s.day.to_string(),
                    step_words(s.day, &s.action),
                    Role::of_word(&s.who),
                ));
            }
            if let Some(row) = c.next_steps(rules).next() {
                let on = rules.date_after(office.calendar, c.since, row.day);
                out.push(item(
                    Due::Day(on),
                    Kind::DunningStep,
                    row.day.to_string(),
                    step_words(row.day, &row.action),
                    Role::of_word(&row.who),
                ));
            }
        }
        if let Some(p) = c.open_promise() {
            out.push(item(
                Due::Day(p.until),
                Kind::DunningPromise,
                p.until.to_string(),
                match zh {
                    true => format!("承诺 {} 前付 {}：核对到账", p.until, p.amount.grouped()),
                    false => format!(
                        "{} promised by {}: check it came in",
                        p.amount.grouped(),
                        p.until
                    ),
                },
                Role::Finance,
            ));
        }
    }
}

pub(super) fn moveouts(office: &Office, w: &Window, l: Locale, out: &mut Vec<Item>) {
    let zh = l == Locale::ZhCn;
    for m in office.moveouts {
        let item = |due, kind, detail, who| Item {
            due,
            kind,
            key: String::new(),
            detail,
            record: m.id.clone(),
            unit: m.unit.clone(),
            who,
        };
        if let Some((amount, due)) = m.refund_due() {
            out.push(item(
                Due::Day(due),
                Kind::MoveoutRefund,
                match zh {
                    true => format!("退还 {}", amount.grouped()),
                    false => format!("refund {}", amount.grouped()),
                },
                Role::Finance,
            ));
        }
        if m.status != MoveOutStatus::InProgress {
            continue;
        }
        if let Some(lift) = &m.lift
            && lift.date >= w.today
        {
            let pass = m
                .goods_exit
                .as_ref()
                .and_then(|id| office.permits.iter().find(|p| &p.id == id));
            let taken = pass.is_some_and(|p| p.status == PermitStatus::Closed);
            let issued = pass.is_some_and(|p| p.status == PermitStatus::Issued);
            if !taken {
                let slot = slot(lift.from, lift.to);
                let (detail, who) = match (zh, issued) {
                    (true, true) => (format!("货梯 {slot}：按放行条核对物品"), Role::Security),
                    (false, true) => (
                        format!("goods lift {slot}: check goods against the pass"),
                        Role::Security,
                    ),
                    (true, false) => (format!("货梯 {slot}：放行条未签发"), Role::Desk),
                    (false, false) => (
                        format!("goods lift {slot}: exit pass not issued yet"),
                        Role::Desk,
                    ),
                };
                out.push(item(
                    Due::At(local(w.tz, lift.date, lift.from)),
                    Kind::MoveoutLift,
                    detail,
                    who,
                ));
            }
        }
        match (&m.inspection, &m.settlement) {
            (None, _) => out.push(item(
                Due::Day(m.date),
                Kind::MoveoutInspection,
                match zh {
                    true => "对照收楼记录：设施、表底数、钥匙".to_string(),
                    false => "against the move-in record: facilities, meters, keys".to_string(),
                },
                Role::Engineering,
            )),
            (Some(i), None) => out.push(item(
                Due::Day(i.date.max(m.date)),
                Kind::MoveoutSettlement,
                match zh {
                    true => "押金抵扣欠费、能耗、损坏，出具结算说明".to_string(),
                    false => "deposits less fees, energy and damage: the statement".to_string(),
                },
                Role::Finance,
            )),
            (Some(_), Some(s)) => out.push(item(
                Due::Day(s.date.max(m.date)),
                Kind::MoveoutCompletion,
                match zh {
                    true => "钥匙、保洁、通知租赁部".to_string(),
                    false => "keys, cleaning, tell leasing".to_string(),
                },
                Role::Desk,
            )),
        }
    }
}
