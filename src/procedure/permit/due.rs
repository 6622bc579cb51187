//! What a permit puts on the agenda: the next signature of a renovation's approval
//! chain; today's works to inspect (engineering and security), hot work; open
//! rectifications; validity running out (extend or apply for acceptance,
//! `completion_notice_days` ahead) or run out; the completion acceptance; deposits to
//! settle after acceptance; goods leaving on a pass; overtime air-conditioning;
//! parking renewals.

use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::history::Entry;
use crate::procedure::due::{Due, Item, Role, Window, local, short};

use super::PermitRules;
use super::record::{Event, Permit, Status};

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Approval,
    Inspection,
    HotWork,
    Rectification,
    Extension,
    Expired,
    Acceptance,
    Refund,
    GoodsExit,
    OvertimeAc,
    ParkingRenewal,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Approval,
        Kind::Inspection,
        Kind::HotWork,
        Kind::Rectification,
        Kind::Extension,
        Kind::Expired,
        Kind::Acceptance,
        Kind::Refund,
        Kind::GoodsExit,
        Kind::OvertimeAc,
        Kind::ParkingRenewal,
    ];

    /// The stable code scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Approval => "permit-approval",
            Kind::Inspection => "permit-inspection",
            Kind::HotWork => "permit-hot-work",
            Kind::Rectification => "permit-rectification",
            Kind::Extension => "permit-extension",
            Kind::Expired => "permit-expired",
            Kind::Acceptance => "permit-acceptance",
            Kind::Refund => "permit-refund",
            Kind::GoodsExit => "goods-exit",
            Kind::OvertimeAc => "overtime-ac",
            Kind::ParkingRenewal => "parking-renewal",
        }
    }
}

/// What exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// The signer of the chain (a rule's word: `engineering-supervisor`) and the works.
    Approval {
        signer: String,
        works: String,
    },
    /// Today's works inspected by `role`; the contractor (none: self-renovation).
    Inspection {
        role: Role,
        contractor: Option<String>,
    },
    HotWork {
        from: NaiveTime,
        to: NaiveTime,
        work: String,
        fire_watch: String,
    },
    Rectification {
        no: u32,
        description: String,
    },
    /// Issued, valid until the day: extend or apply for acceptance.
    ValidUntil(NaiveDate),
    /// Expired on the day without acceptance.
    ExpiredOn(NaiveDate),
    /// The joint acceptance.
    Acceptance,
    /// Take back this many worker passes, refund the deposits.
    Refund {
        passes: u32,
    },
    /// Goods leaving on the pass: to check (issued) or still to be signed.
    GoodsExit {
        items: Vec<String>,
        issued: bool,
    },
    OvertimeAc {
        from: NaiveTime,
        to: NaiveTime,
    },
    /// A parking term ending (or lapsed) on `until`.
    Parking {
        bay: String,
        plate: String,
        until: NaiveDate,
        lapsed: bool,
    },
}

pub fn items(p: &Permit, rules: &PermitRules, w: &Window, out: &mut Vec<Item<Kind, Detail>>) {
    let item = |due, kind, key: &str, detail, who| Item {
        due,
        kind,
        key: key.to_string(),
        detail,
        record: p.id.clone(),
        unit: p.unit.clone(),
        who,
    };
    let tz_day = |e: &Entry, tz: Tz| e.at.with_timezone(&tz).date_naive();
    if let Some(r) = p.renovation() {
        // The approval chain: whoever signs next, since the last signature or the
        // (revised) application.
        if p.status() == Status::Applied
            && let Some(signer) = p.next_signer(rules)
        {
            let since = p
                .history
                .iter()
                .rev()
                .find(|e| {
                    matches!(
                        Event::parse(&e.event),
                        Some(Event::Applied | Event::Revised)
                    )
                })
                .map(|e| tz_day(e, w.tz))
                .into_iter()
                .chain(r.approvals.iter().map(|a| a.date))
                .max()
                .unwrap_or(w.today);
            out.push(item(
                Due::Day(since),
                Kind::Approval,
                &format!("{}-{}", r.round, r.approvals.len() + 1),
                Detail::Approval {
                    signer: signer.to_string(),
                    works: short(&r.description, 20),
                },
                Role::of_word(signer),
            ));
        }
        if p.works_allowed_on(w.today) {
            for role in [Role::Engineering, Role::Security] {
                out.push(item(
                    Due::Day(w.today),
                    Kind::Inspection,
                    role.as_str(),
                    Detail::Inspection {
                        role,
                        contractor: r.contractor.clone(),
                    },
                    role,
                ));
            }
        }
        for h in r.hot_works.iter().filter(|h| h.date >= w.today) {
            out.push(item(
                Due::At(local(w.tz, h.date, h.from)),
                Kind::HotWork,
                &h.no.to_string(),
                Detail::HotWork {
                    from: h.from,
                    to: h.to,
                    work: h.work.clone(),
                    fire_watch: h.fire_watch.clone(),
                },
                Role::Security,
            ));
        }
        for v in p.open_violations() {
            out.push(item(
                Due::Day(v.deadline),
                Kind::Rectification,
                &v.no.to_string(),
                Detail::Rectification {
                    no: v.no,
                    description: short(&v.description, 24),
                },
                Role::Engineering,
            ));
        }
        if matches!(p.status(), Status::Issued | Status::Suspended)
            && let Some(until) = r.valid_until
        {
            if until < w.today {
                out.push(item(
                    Due::Day(until),
                    Kind::Expired,
                    "",
                    Detail::ExpiredOn(until),
                    Role::Desk,
                ));
            } else {
                let ahead = Days::new(u64::from(rules.completion_notice_days));
                out.push(item(
                    Due::Day(until - ahead),
                    Kind::Extension,
                    &until.to_string(),
                    Detail::ValidUntil(until),
                    Role::Desk,
                ));
            }
        }
        if p.status() == Status::CompletionApplied {
            let on = r.completion_on.unwrap_or(w.today);
            out.push(item(
                Due::Day(on),
                Kind::Acceptance,
                "",
                Detail::Acceptance,
                Role::Engineering,
            ));
        }
        if p.status() == Status::Accepted {
            let on = r
                .acceptances
                .iter()
                .rev()
                .find(|a| a.passed)
                .map_or(w.today, |a| a.date);
            out.push(item(
                Due::Day(on),
                Kind::Refund,
                "",
                Detail::Refund { passes: r.workers },
                Role::Finance,
            ));
        }
    }
    if let Some(g) = p.goods_exit()
        && g.moveout.is_none()
        && g.security.is_none()
        && p.status() != Status::Closed
        && g.date >= w.today
    {
        let issued = p.status() == Status::Issued;
        out.push(item(
            Due::Day(g.date),
            Kind::GoodsExit,
            "",
            Detail::GoodsExit {
                items: g.items.clone(),
                issued,
            },
            if issued { Role::Security } else { Role::Desk },
        ));
    }
    if let Some(o) = p.overtime_ac()
        && p.status() == Status::Issued
        && o.date >= w.today
    {
        out.push(item(
            Due::At(local(w.tz, o.date, o.from)),
            Kind::OvertimeAc,
            "",
            Detail::OvertimeAc {
                from: o.from,
                to: o.to,
            },
            Role::Engineering,
        ));
    }
    if let (Some(x), Some(remind)) = (
        p.parking(),
        p.renewal_due(rules.parking.renewal_notice_days),
    ) {
        out.push(item(
            Due::Day(remind),
            Kind::ParkingRenewal,
            &x.until.to_string(),
            Detail::Parking {
                bay: x.bay.clone(),
                plate: x.plate.clone(),
                until: x.until,
                lapsed: x.until < w.today,
            },
            Role::Desk,
        ));
    }
}
