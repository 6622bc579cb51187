//! Permits, in English.

use crate::procedure::due::Role;
use crate::procedure::permit::due::{Detail, Kind};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "permit approval",
        Kind::Inspection => "works inspection",
        Kind::HotWork => "hot work",
        Kind::Rectification => "rectification",
        Kind::Extension => "permit expiring",
        Kind::Expired => "permit expired",
        Kind::Acceptance => "completion acceptance",
        Kind::Refund => "permit deposits",
        Kind::GoodsExit => "goods exit",
        Kind::OvertimeAc => "overtime air-con",
        Kind::ParkingRenewal => "parking renewal",
    }
    .to_string()
}

/// A signer of the renovation approval chain: the rule's word, spaced.
pub fn signer(word: &str) -> String {
    word.replace('-', " ")
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approval { signer: s, works } => format!("{} to sign: {works}", signer(s)),
        Detail::Inspection { role, contractor } => {
            let who = contractor.as_deref().unwrap_or("self-renovation");
            let what = match role {
                Role::Security => "fire, passes, quiet hours, materials",
                _ => "drawings, concealed work, power",
            };
            format!("{who}: {what}")
        }
        Detail::HotWork {
            from,
            to,
            work,
            fire_watch,
        } => format!(
            "{} {work}, fire watch {fire_watch}",
            crate::messages::slot(*from, *to)
        ),
        Detail::Rectification { no, description } => format!("no. {no}: {description}"),
        Detail::ValidUntil(until) => {
            format!("valid until {until}: extend, or apply for acceptance")
        }
        Detail::ExpiredOn(until) => {
            format!("expired {until} without acceptance: stop works, extend or apply")
        }
        Detail::Acceptance => "joint acceptance with security and the desk".to_string(),
        Detail::Refund { passes } => format!("take back {passes} passes, refund the deposits"),
        Detail::GoodsExit { items, issued } => match issued {
            true => format!("check goods out: {}", items.join(", ")),
            false => format!("pass to be signed: {}", items.join(", ")),
        },
        Detail::OvertimeAc { from, to } => crate::messages::slot(*from, *to),
        Detail::Parking {
            bay,
            plate,
            until,
            lapsed,
        } => match lapsed {
            true => format!("bay {bay} {plate}: lapsed {until}"),
            false => format!("bay {bay} {plate}: ends {until}"),
        },
    }
}

pub fn refusal(r: &crate::procedure::permit::steps::Refusal) -> String {
    match *r {}
}
