//! The steps on records built in memory: no file system.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::*;
use crate::model::calendar::{Calendar, CalendarRules};
use crate::model::ledger::{EntryKind, Ledger};
use crate::procedure::dunning::DunningRules;
use crate::procedure::fees::billing::BillingRules;
use crate::procedure::ticket::notices::{self, CALLBACK_RECORD, COMPLAINT_REPORT, SERVICE_SLIP};
use crate::procedure::ticket::{Channel, PriceItem, replay};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn act(s: &str) -> Act<'static> {
    Act {
        by: "desk",
        at: at(s),
        today: at(s).date_naive(),
    }
}

fn intake(kind: Kind) -> Intake {
    Intake {
        kind,
        channel: Channel::Phone,
        unit: Some("A-1203".into()),
        area: None,
        reporter: "王先生".into(),
        phone: None,
        category: "plumbing".into(),
        description: "水龙头漏水".into(),
        priority: None,
        grade: None,
        repeat_of: None,
    }
}

fn new(id: &str, kind: Kind) -> Ticket {
    Ticket::new(id, intake(kind), act("2026-11-23T09:00:00+08:00")).unwrap()
}

fn repair() -> Ticket {
    new("T-20261123-AAAAAA", Kind::Repair)
}

fn priced() -> TicketRules {
    TicketRules {
        prices: vec![
            PriceItem {
                item: "replace-tap".into(),
                name: "更换水龙头".into(),
                price: "80.00".parse().unwrap(),
            },
            PriceItem {
                item: "cleaning-hour".into(),
                name: "保洁（小时）".into(),
                price: "60.00".parse().unwrap(),
            },
        ],
        ..TicketRules::default()
    }
}

fn call(method: Method, satisfied: bool, score: Option<u8>, note: Option<&str>) -> Call<'_> {
    Call {
        method,
        satisfied,
        score,
        note,
    }
}

/// The refusal of a ticket step.
fn refusal(r: Result<Done, Refused>) -> Refusal {
    match r {
        Err(Refused::Ticket(r)) => r,
        other => panic!("not a ticket refusal: {other:?}"),
    }
}

fn money(s: &str) -> Money {
    s.parse().unwrap()
}

/// Closes a ticket that charges nothing.
fn close_plain(t: &mut Ticket, act: Act) -> Result<Done, Error> {
    let (billing, dunning, calendar) = rules();
    close(t, None, &books(&billing, &dunning, &calendar), act, act.at)
}

fn rules() -> (BillingRules, DunningRules, Calendar) {
    let calendar = Calendar::new(&CalendarRules::default()).unwrap();
    (BillingRules::default(), DunningRules::default(), calendar)
}

fn books<'a>(
    billing: &'a BillingRules,
    dunning: &'a DunningRules,
    calendar: &'a Calendar,
) -> Books<'a> {
    Books {
        billing,
        dunning,
        locale: Locale::ZhCn,
        calendar,
    }
}

/// A repair on site, the tap quoted and agreed to.
fn quoted_repair() -> Ticket {
    let mut t = repair();
    dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李").unwrap();
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    quote(
        &mut t,
        &priced(),
        act("2026-11-23T09:25:00+08:00"),
        "replace-tap",
        2,
        None,
    )
    .unwrap();
    consent(&mut t, act("2026-11-23T09:30:00+08:00"), "王先生").unwrap();
    t
}

/// Walks a repair from on site to called back.
fn finish_and_call_back(t: &mut Ticket) {
    let r = TicketRules::default();
    finish(
        t,
        act("2026-11-23T10:00:00+08:00"),
        "换阀芯",
        Some("阀芯 1"),
        "王先生",
    )
    .unwrap();
    return_to_desk(t, act("2026-11-23T11:00:00+08:00")).unwrap();
    let happy = call(Method::Phone, true, Some(5), None);
    callback(t, &r, act("2026-11-24T10:00:00+08:00"), happy).unwrap();
}

#[test]
fn a_repair_walks_every_step_to_closed() {
    let mut t = repair();
    let done = dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李师傅").unwrap();
    assert_eq!(
        done,
        Done::Step {
            id: t.id.clone(),
            step: Event::Dispatched,
            now: StatusLine {
                status: Status::Dispatched,
                paused: false,
                repeat: false,
            },
        }
    );
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    finish_and_call_back(&mut t);
    let done = close_plain(&mut t, act("2026-11-24T10:05:00+08:00")).unwrap();
    assert_eq!(
        done,
        Done::Closed {
            id: t.id.clone(),
            charged: None,
        }
    );
    assert_eq!(t.status, Status::Closed);
    assert_eq!(replay(t.kind, &t.history).unwrap().status, Status::Closed);
    let events: Vec<&str> = t.history.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "reported",
            "dispatched",
            "arrived",
            "finished",
            "returned",
            "called-back",
            "closed"
        ]
    );
}

#[test]
fn an_illegal_step_names_the_status_and_the_allowed_steps() {
    let mut t = repair();
    let r = refusal(finish(
        &mut t,
        act("2026-11-23T09:05:00+08:00"),
        "x",
        None,
        "y",
    ));
    assert_eq!(
        r,
        Refusal::Step {
            id: t.id.clone(),
            kind: Kind::Repair,
            status: Status::New,
            paused: false,
            step: Event::Finished,
            allowed: vec![
                Event::Dispatched,
                Event::Paused,
                Event::Quoted,
                Event::Shelved,
                Event::Dead,
                Event::Unreasonable,
                Event::Feedback,
            ],
        }
    );
    assert_eq!(t.history.len(), 1);
    assert_eq!(
        Refused::Ticket(r).to_string(),
        "cannot finish ticket T-20261123-AAAAAA: it is new (repair); allowed now: dispatch, pause, quote, shelve, dead, unreasonable, feedback"
    );
}

#[test]
fn not_satisfied_goes_back_to_engineering_and_needs_a_new_callback() {
    let mut t = repair();
    let r = TicketRules::default();
    dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李师傅").unwrap();
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    finish(&mut t, act("2026-11-23T10:00:00+08:00"), "x", None, "王").unwrap();
    return_to_desk(&mut t, act("2026-11-23T11:00:00+08:00")).unwrap();
    let unhappy = call(Method::Phone, false, Some(2), Some("还在漏"));
    let done = callback(&mut t, &r, act("2026-11-24T10:00:00+08:00"), unhappy).unwrap();
    assert_eq!(done.step(), Event::NotSatisfied);
    assert_eq!(t.status, Status::Dispatched);
    assert!(close_plain(&mut t, act("2026-11-24T10:01:00+08:00")).is_err());
    arrive(&mut t, act("2026-11-24T11:00:00+08:00")).unwrap();
    finish(&mut t, act("2026-11-24T12:00:00+08:00"), "y", None, "王").unwrap();
    return_to_desk(&mut t, act("2026-11-24T13:00:00+08:00")).unwrap();
    let happy = call(Method::Phone, true, Some(5), None);
    callback(&mut t, &r, act("2026-11-24T15:00:00+08:00"), happy).unwrap();
    close_plain(&mut t, act("2026-11-24T15:01:00+08:00")).unwrap();
    assert_eq!(t.callbacks.len(), 2);
    assert_eq!(
        t.history[5].note.as_deref(),
        Some("phone, not satisfied, score 2: 还在漏")
    );
}

#[test]
fn a_visit_category_refuses_a_phone_callback_and_a_score_is_1_to_5() {
    let mut t = repair();
    t.category = "air-conditioning".into();
    let r = TicketRules::default();
    dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李").unwrap();
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    finish(&mut t, act("2026-11-23T10:00:00+08:00"), "x", None, "王").unwrap();
    return_to_desk(&mut t, act("2026-11-23T11:00:00+08:00")).unwrap();
    let a = act("2026-11-24T10:00:00+08:00");
    assert_eq!(
        refusal(callback(
            &mut t,
            &r,
            a,
            call(Method::Phone, true, None, None)
        )),
        Refusal::VisitRequired {
            id: t.id.clone(),
            category: "air-conditioning".into(),
        }
    );
    assert_eq!(
        refusal(callback(
            &mut t,
            &r,
            a,
            call(Method::Visit, true, Some(6), None)
        )),
        Refusal::Score { score: 6 }
    );
    callback(&mut t, &r, a, call(Method::Visit, true, None, None)).unwrap();
}

#[test]
fn chargeable_work_needs_consent_before_it_is_finished() {
    let mut t = repair();
    let r = priced();
    dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李").unwrap();
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    quote(
        &mut t,
        &r,
        act("2026-11-23T09:25:00+08:00"),
        "replace-tap",
        1,
        None,
    )
    .unwrap();
    assert_eq!(
        refusal(finish(
            &mut t,
            act("2026-11-23T10:00:00+08:00"),
            "x",
            None,
            "王"
        )),
        Refusal::NoConsent {
            id: t.id.clone(),
            step: Event::Finished,
            total: Some(money("80.00")),
        }
    );
    consent(&mut t, act("2026-11-23T09:30:00+08:00"), "王先生").unwrap();
    assert_eq!(
        refusal(consent(&mut t, act("2026-11-23T09:30:00+08:00"), "李")),
        Refusal::AlreadyAgreed {
            id: t.id.clone(),
            by: "王先生".into(),
        }
    );
    // A changed quote needs consent again.
    let supervisor = Some((money("15.50"), "赵主管"));
    quote(
        &mut t,
        &r,
        act("2026-11-23T09:31:00+08:00"),
        "fitting",
        2,
        supervisor,
    )
    .unwrap();
    assert!(t.consent.is_none());
    assert!(finish(&mut t, act("2026-11-23T10:00:00+08:00"), "x", None, "王").is_err());
    consent(&mut t, act("2026-11-23T09:35:00+08:00"), "王先生").unwrap();
    finish(&mut t, act("2026-11-23T10:00:00+08:00"), "x", None, "王").unwrap();
    assert_eq!(t.quote_total(), Some(money("111.00")));
    assert_eq!(t.quote[1].priced_by.as_deref(), Some("赵主管"));
}

#[test]
fn off_list_items_need_a_supervisors_price_and_list_items_take_the_list_price() {
    let mut t = repair();
    let r = priced();
    let a = act("2026-11-23T09:25:00+08:00");
    assert_eq!(
        refusal(quote(&mut t, &r, a, "new-sink", 1, None)),
        Refusal::NotListed {
            item: "new-sink".into(),
            listed: vec!["replace-tap".into(), "cleaning-hour".into()],
        }
    );
    let cheap = Some((money("1.00"), "x"));
    assert_eq!(
        refusal(quote(&mut t, &r, a, "replace-tap", 1, cheap)),
        Refusal::ListedItem {
            item: "replace-tap".into(),
            price: money("80.00"),
        }
    );
    assert_eq!(
        refusal(quote(&mut t, &r, a, "replace-tap", 0, None)),
        Refusal::ZeroQuantity
    );
    assert_eq!(
        refusal(quote(&mut t, &r, a, "sink", 1, Some((money("10.00"), " ")))),
        Refusal::Empty(Field::Supervisor)
    );
    assert!(t.quote.is_empty());
}

#[test]
fn public_area_work_is_not_quoted() {
    let mut t = Ticket::new(
        "T-20261123-EEEEEE",
        Intake {
            unit: None,
            area: Some("B1 car park".into()),
            ..intake(Kind::Repair)
        },
        act("2026-11-23T09:00:00+08:00"),
    )
    .unwrap();
    let a = act("2026-11-23T09:25:00+08:00");
    assert_eq!(
        refusal(quote(&mut t, &priced(), a, "replace-tap", 1, None)),
        Refusal::PublicArea {
            id: t.id.clone(),
            area: "B1 car park".into(),
        }
    );
}

#[test]
fn a_special_service_is_not_dispatched_before_quote_and_consent() {
    let mut t = new("T-20261123-BBBBBB", Kind::SpecialService);
    let r = priced();
    assert_eq!(
        refusal(dispatch(&mut t, act("2026-11-23T09:01:00+08:00"), "张")),
        Refusal::QuoteFirst { id: t.id.clone() }
    );
    quote(
        &mut t,
        &r,
        act("2026-11-23T09:01:00+08:00"),
        "cleaning-hour",
        3,
        None,
    )
    .unwrap();
    assert_eq!(
        refusal(dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "张")),
        Refusal::NoConsent {
            id: t.id.clone(),
            step: Event::Dispatched,
            total: Some(money("180.00")),
        }
    );
    consent(&mut t, act("2026-11-23T09:03:00+08:00"), "王").unwrap();
    dispatch(&mut t, act("2026-11-23T09:04:00+08:00"), "张").unwrap();
    assert_eq!(t.technician.as_deref(), Some("张"));
}

#[test]
fn pause_and_shelve_stop_and_resume() {
    let mut t = repair();
    dispatch(&mut t, act("2026-11-23T09:02:00+08:00"), "李").unwrap();
    let done = pause(&mut t, act("2026-11-23T09:10:00+08:00"), "no-access").unwrap();
    assert!(matches!(
        done,
        Done::Step {
            now: StatusLine { paused: true, .. },
            ..
        }
    ));
    assert!(t.is_paused());
    match refusal(arrive(&mut t, act("2026-11-23T09:20:00+08:00"))) {
        Refusal::Step {
            paused, allowed, ..
        } => {
            assert!(paused);
            assert_eq!(allowed[0], Event::Resumed);
        }
        other => panic!("{other:?}"),
    }
    resume(&mut t, act("2026-11-23T10:00:00+08:00"), None).unwrap();
    arrive(&mut t, act("2026-11-23T10:10:00+08:00")).unwrap();
    let shelved = set_aside(
        &mut t,
        act("2026-11-23T10:20:00+08:00"),
        Aside::Shelved,
        "等待厂家配件",
    );
    assert_eq!(shelved.unwrap().step(), Event::Shelved);
    assert_eq!(t.status, Status::Shelved);
    assert_eq!(t.reason.as_deref(), Some("等待厂家配件"));
    resume(&mut t, act("2026-11-25T10:00:00+08:00"), None).unwrap();
    assert_eq!(t.status, Status::OnSite);
    assert_eq!(
        refusal(set_aside(
            &mut t,
            act("2026-11-25T10:01:00+08:00"),
            Aside::Dead,
            " "
        )),
        Refusal::Empty(Field::Reason)
    );
}

#[test]
fn steps_are_recorded_in_time_order() {
    let mut t = repair();
    assert_eq!(
        refusal(dispatch(&mut t, act("2026-11-23T08:00:00+08:00"), "李")),
        Refusal::OutOfOrder {
            at: at("2026-11-23T08:00:00+08:00"),
            last: "reported".into(),
            last_at: at("2026-11-23T09:00:00+08:00"),
        }
    );
}

#[test]
fn a_complaint_is_assessed_actioned_called_back_and_signed_off() {
    let mut t = new("T-20261123-CCCCCC", Kind::Complaint);
    let r = TicketRules::default();
    let valid = Verdict::Valid {
        department: "保安部",
        person: "刘队长",
    };
    assess(&mut t, act("2026-11-23T09:30:00+08:00"), valid).unwrap();
    feedback(&mut t, act("2026-11-23T10:00:00+08:00"), "已致歉").unwrap();
    action(&mut t, act("2026-11-23T15:00:00+08:00"), "加强巡逻").unwrap();
    let happy = call(Method::Phone, true, Some(4), None);
    assert_eq!(
        refusal(callback(
            &mut t,
            &r,
            act("2026-11-23T15:01:00+08:00"),
            happy
        )),
        Refusal::CallbackBeforeReply { id: t.id.clone() }
    );
    reply(&mut t, act("2026-11-23T16:00:00+08:00"), "已处理").unwrap();
    callback(&mut t, &r, act("2026-11-24T10:00:00+08:00"), happy).unwrap();
    let manager = Act {
        by: "经理",
        ..act("2026-11-24T11:00:00+08:00")
    };
    sign_off(&mut t, manager).unwrap();
    assert_eq!(t.status, Status::Closed);
    let file = t.complaint.as_ref().unwrap();
    assert_eq!(file.signed_off_by.as_deref(), Some("经理"));
    assert_eq!(file.department.as_deref(), Some("保安部"));
    assert_eq!(file.action.as_deref(), Some("加强巡逻"));
}

#[test]
fn a_complaint_is_not_signed_off_before_its_reply() {
    let mut t = new("T-20261123-CCCCCC", Kind::Complaint);
    t.status = Status::CalledBack;
    // A hand-made history that skipped the reply: the flow allows sign-off, the ticket
    // does not.
    for (i, e) in [Event::Accepted, Event::Action, Event::CalledBack]
        .into_iter()
        .enumerate()
    {
        let at = at("2026-11-23T10:00:00+08:00") + chrono::Duration::minutes(i as i64);
        t.history.push(Entry::new(at, "desk", e.as_str(), None));
    }
    assert_eq!(
        refusal(sign_off(&mut t, act("2026-11-23T11:00:00+08:00"))),
        Refusal::SignOffBeforeReply { id: t.id.clone() }
    );
}

#[test]
fn an_invalid_complaint_records_the_explanation_and_closes_at_the_desk() {
    let mut t = new("T-20261123-DDDDDD", Kind::Complaint);
    let invalid = Verdict::Invalid {
        explanation: "属市政停水",
    };
    assess(&mut t, act("2026-11-23T09:30:00+08:00"), invalid).unwrap();
    assert_eq!(t.status, Status::Explained);
    close_plain(&mut t, act("2026-11-23T09:40:00+08:00")).unwrap();
    assert_eq!(t.history[1].note.as_deref(), Some("not valid: 属市政停水"));
}

#[test]
fn an_inquiry_is_closed_after_its_reply() {
    let mut t = new("T-20261123-FFFFFF", Kind::Inquiry);
    let a = act("2026-11-23T09:30:00+08:00");
    assert_eq!(
        ledger_to_close(&t, a),
        Err(Refused::Ticket(Refusal::CloseBeforeReply {
            id: t.id.clone()
        }))
    );
    reply(&mut t, a, "停车费每月 300 元").unwrap();
    assert_eq!(ledger_to_close(&t, a), Ok(None));
    close_plain(&mut t, a).unwrap();
    assert_eq!(t.status, Status::Closed);
}

#[test]
fn a_ticket_takes_a_place_and_only_work_takes_a_priority() {
    let a = act("2026-11-23T09:00:00+08:00");
    let refused = |i: Intake| match Ticket::new("T-20261123-GGGGGG", i, a) {
        Err(Refused::Ticket(r)) => r,
        other => panic!("{other:?}"),
    };
    let none = Intake {
        unit: None,
        ..intake(Kind::Repair)
    };
    assert_eq!(refused(none.clone()), Refusal::NoPlace);
    let both = Intake {
        area: Some("lobby".into()),
        ..intake(Kind::Repair)
    };
    assert_eq!(refused(both), Refusal::UnitAndArea);
    let service = Intake {
        area: Some("lobby".into()),
        ..none
    };
    assert_eq!(
        refused(Intake {
            kind: Kind::SpecialService,
            ..service
        }),
        Refusal::ServiceWithoutUnit
    );
    let urgent_inquiry = Intake {
        priority: Some(crate::procedure::ticket::Priority::Urgent),
        ..intake(Kind::Inquiry)
    };
    assert_eq!(
        refused(urgent_inquiry),
        Refusal::NoPriority {
            kind: Kind::Inquiry
        }
    );
    let repeat = Intake {
        repeat_of: Some("T-20261101-AAAAAA".into()),
        ..intake(Kind::Repair)
    };
    assert_eq!(refused(repeat), Refusal::RepeatNotComplaint);
    let blank = Intake {
        description: "  ".into(),
        ..intake(Kind::Repair)
    };
    assert_eq!(refused(blank), Refusal::Empty(Field::Description));
}

#[test]
fn a_repeat_complaint_is_linked_from_the_first() {
    let mut first = new("T-20261101-AAAAAA", Kind::Complaint);
    first.history[0].at = at("2026-11-01T09:00:00+08:00");
    first.reported = first.history[0].at;
    let a = act("2026-11-23T09:00:00+08:00");
    let (t, linked) = report(
        "T-20261123-HHHHHH",
        intake(Kind::Complaint),
        Some(&mut first),
        a,
    )
    .unwrap();
    assert_eq!(t.repeat_of.as_deref(), Some("T-20261101-AAAAAA"));
    assert_eq!(
        t.history[0].note.as_deref(),
        Some("phone by 王先生; repeats T-20261101-AAAAAA")
    );
    assert_eq!(
        linked,
        Some(Done::Linked {
            id: "T-20261123-HHHHHH".into()
        })
    );
    assert_eq!(first.repeated_by, ["T-20261123-HHHHHH"]);
    let last = first.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.note.as_deref(), last.at),
        ("repeated", Some("repeated by T-20261123-HHHHHH"), a.at)
    );
    assert!(t.status_line().repeat);
}

#[test]
fn a_repeat_names_a_complaint_about_the_same_place() {
    let a = act("2026-11-23T09:00:00+08:00");
    let mut repair = repair();
    let r = report(
        "T-20261123-IIIIII",
        intake(Kind::Complaint),
        Some(&mut repair),
        a,
    );
    assert_eq!(
        r.map(|_| ()),
        Err(Refused::Ticket(Refusal::FirstNotComplaint {
            first: "T-20261123-AAAAAA".into(),
            kind: Kind::Repair,
        }))
    );
    let mut elsewhere = new("T-20261101-AAAAAA", Kind::Complaint);
    elsewhere.unit = Some("B-0101".into());
    let r = report(
        "T-20261123-IIIIII",
        intake(Kind::Complaint),
        Some(&mut elsewhere),
        a,
    );
    assert_eq!(
        r.map(|_| ()),
        Err(Refused::Ticket(Refusal::RepeatElsewhere {
            first: "T-20261101-AAAAAA".into(),
            first_place: "B-0101".into(),
            place: "A-1203".into(),
        }))
    );
    assert!(elsewhere.repeated_by.is_empty());
}

#[test]
fn a_complaint_from_the_same_unit_and_category_within_90_days_may_be_the_same_matter() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = new("T-20261123-JJJJJJ", Kind::Complaint);
    assert_eq!(
        same_matter_since(&t, today),
        NaiveDate::from_ymd_opt(2026, 8, 25)
    );
    assert_eq!(same_matter_since(&repair(), today), None);
    let earlier = new("T-20261101-AAAAAA", Kind::Complaint);
    assert!(is_same_matter(&t, &earlier));
    assert!(!is_same_matter(&t, &t));
    assert!(!is_same_matter(&t, &repair()));
    assert_eq!(
        SameMatter::of(&t, earlier.id.clone()),
        SameMatter {
            earlier: earlier.id,
            category: "plumbing".into(),
            place: "A-1203".into(),
        }
    );
}

#[test]
fn closing_chargeable_work_posts_the_quote_to_the_units_ledger() {
    let mut t = quoted_repair();
    finish_and_call_back(&mut t);
    let a = act("2026-11-24T10:05:00+08:00");
    assert_eq!(ledger_to_close(&t, a), Ok(Some("A-1203".to_string())));
    let (billing, dunning, calendar) = rules();
    let books = books(&billing, &dunning, &calendar);
    let mut ledger = Ledger::new("A-1203", 2026);
    let posted = at("2026-11-24T10:30:00+08:00");
    let done = close(&mut t, Some(&mut ledger), &books, a, posted).unwrap();
    assert_eq!(
        done,
        Done::Closed {
            id: t.id.clone(),
            charged: Some(Charged {
                amount: money("160.00"),
                unit: "A-1203".into(),
                entry: 1,
            }),
        }
    );
    let e = &ledger.entries[0];
    assert_eq!(e.kind, EntryKind::Charge);
    assert_eq!(e.item, Some(ChargeItem::RepairFee));
    assert_eq!(e.amount, money("160.00"));
    assert_eq!(e.text, "有偿维修费 T-20261123-AAAAAA：更换水龙头 x2");
    assert_eq!(e.date, a.today);
    assert_eq!(e.due, Some(billing.due_next_month(a.today)));
    assert_eq!(e.reference.as_deref(), Some("T-20261123-AAAAAA"));
    assert_eq!((e.by.as_str(), e.at), ("desk", posted));
    assert_eq!(t.charged, Some(1));
    let last = t.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.note.as_deref()),
        ("charged", Some("160.00 to A-1203, ledger entry 1"))
    );
    assert_eq!(t.status, Status::Closed);
}

#[test]
fn closing_chargeable_work_needs_its_units_ledger() {
    let mut t = quoted_repair();
    finish_and_call_back(&mut t);
    let a = act("2026-11-24T10:05:00+08:00");
    let (billing, dunning, calendar) = rules();
    let books = books(&billing, &dunning, &calendar);
    let e = close(&mut t.clone(), None, &books, a, a.at).unwrap_err();
    assert_eq!(
        e.message,
        "closing ticket T-20261123-AAAAAA charges the ledger of A-1203, which was not read"
    );
    t.unit = None;
    assert_eq!(
        ledger_to_close(&t, a),
        Err(Refused::Ticket(Refusal::NoUnitToCharge {
            id: t.id.clone()
        }))
    );
}

#[test]
fn a_special_service_is_charged_as_a_special_service_in_english_offices() {
    let mut t = new("T-20261123-BBBBBB", Kind::SpecialService);
    let r = priced();
    quote(
        &mut t,
        &r,
        act("2026-11-23T09:01:00+08:00"),
        "cleaning-hour",
        2,
        None,
    )
    .unwrap();
    consent(&mut t, act("2026-11-23T09:02:00+08:00"), "王").unwrap();
    dispatch(&mut t, act("2026-11-23T09:03:00+08:00"), "张").unwrap();
    arrive(&mut t, act("2026-11-23T09:20:00+08:00")).unwrap();
    finish_and_call_back(&mut t);
    let (billing, dunning, calendar) = rules();
    let books = Books {
        locale: Locale::En,
        ..books(&billing, &dunning, &calendar)
    };
    let mut ledger = Ledger::new("A-1203", 2026);
    let a = act("2026-11-24T10:05:00+08:00");
    close(&mut t, Some(&mut ledger), &books, a, a.at).unwrap();
    let e = &ledger.entries[0];
    assert_eq!(e.item, Some(ChargeItem::SpecialService));
    assert_eq!(e.text, "special service T-20261123-BBBBBB: 保洁（小时） x2");
}

#[test]
fn each_notice_fits_its_kinds_of_ticket() {
    let repair = repair();
    let complaint = new("T-20261123-CCCCCC", Kind::Complaint);
    assert_eq!(notices::fits(&repair, &CALLBACK_RECORD), Ok(()));
    assert_eq!(notices::fits(&complaint, &COMPLAINT_REPORT), Ok(()));
    assert_eq!(
        notices::fits(&repair, &SERVICE_SLIP),
        Err(Refusal::NoticeNotFor {
            id: repair.id.clone(),
            kind: Kind::Repair,
            notice: "service-slip",
        })
    );
    assert_eq!(notices::fits(&quoted_repair(), &SERVICE_SLIP), Ok(()));
}
