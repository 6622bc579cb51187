//! Move-outs, in English.

use crate::procedure::moveout::due::{Detail, Kind};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Lift => "move-out goods",
        Kind::Inspection => "move-out inspection",
        Kind::Settlement => "move-out settlement",
        Kind::Completion => "move-out completion",
        Kind::Refund => "move-out refund",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Refund(amount) => format!("refund {}", amount.grouped()),
        Detail::Lift {
            from,
            to,
            pass_issued,
        } => {
            let slot = crate::messages::slot(*from, *to);
            match pass_issued {
                true => format!("goods lift {slot}: check goods against the pass"),
                false => format!("goods lift {slot}: exit pass not issued yet"),
            }
        }
        Detail::Inspection => "against the move-in record: facilities, meters, keys".to_string(),
        Detail::Settlement => "deposits less fees, energy and damage: the statement".to_string(),
        Detail::Completion => "keys, cleaning, tell leasing".to_string(),
    }
}

pub fn refusal(r: &crate::procedure::moveout::steps::Refusal) -> String {
    match *r {}
}
