//! Fees, in English.

use crate::procedure::fees::steps::{Done, Needed, Refusal};

fn needed(what: Needed) -> &'static str {
    match what {
        Needed::Text => "the text (what it is for)",
        Needed::Approver => "the approver",
        Needed::Reason => "the reason",
    }
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Broken {
            unit,
            year,
            entry,
            problem,
        } => format!("ledger/{unit}/{year}.yaml: entry {entry}: {problem}"),
        Refusal::NotPositive { amount } => format!("invalid amount {amount}: must be more than 0"),
        Refusal::BackDated { unit, date, latest } => format!(
            "the ledger of {unit} already has entries of {latest}: an entry of {date} cannot go after them"
        ),
        Refusal::BooksClosed { unit, date, year } => format!(
            "the {year} book of {unit}'s ledger is closed: money received on {date} cannot be recorded in it"
        ),
        Refusal::OtherYear { unit, year, date } => {
            format!("the {year} book of {unit}'s ledger cannot take an entry of {date}")
        }
        Refusal::MonthClosed { unit, month, year } => format!(
            "{month} cannot be billed to {unit} now: the {year} book of its ledger is closed and its months before November are not carried forward"
        ),
        Refusal::ReceivedAhead { date, today } => {
            format!("money received on {date} is after today, {today}")
        }
        Refusal::NotAPurpose { typed } => format!(
            "--for {typed:?}: expected entry numbers (3 or 3,5) or the ID of a permit (PM-…), move-in (MI-…), ticket (T-…) or move-out (MO-…)"
        ),
        Refusal::OtherUnitsRecord { id, of, unit } => format!("{id} is for {of}, not {unit}"),
        Refusal::LateFeeByHand => {
            "late fees accrue and are posted by `pay`, `bill run` and settlements, not by hand"
                .to_string()
        }
        Refusal::Empty { what } => format!("{} must not be empty", needed(*what)),
        Refusal::NoCharge { unit, no } | Refusal::NoChargeToCredit { unit, no } => {
            format!("{unit} has no charge number {no}")
        }
        Refusal::Cleared { unit, no, text } => {
            format!("charge {no} of {unit} ({text}) is already cleared")
        }
        Refusal::WaiveMore { amount, owed, on } => format!(
            "cannot waive {amount}: only {owed} is owed{}",
            on.map_or(String::new(), |t| format!(" on charge {t}"))
        ),
        Refusal::CreditMore {
            amount,
            no,
            charged,
        } => format!("cannot credit {amount} on charge {no}: it charged only {charged}"),
        Refusal::PayBackMore {
            amount,
            unit,
            credit,
        } => format!("cannot pay back {amount}: {unit} has {credit} paid in advance"),
        Refusal::DepositShort {
            unit,
            kind,
            held,
            amount,
        } => format!("{unit} holds {held} of {kind} deposit, less than {amount}"),
        Refusal::ApplyMore { amount, owed } => {
            format!("cannot apply {amount} of deposit: only {owed} is owed")
        }
    }
}

/// What to do about a refusal, naming the command, where one helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::Broken { .. } => Some(
            "fix the entry by hand (see `propdesk check`) before posting to this ledger".into(),
        ),
        Refusal::LateFeeByHand => {
            Some("to correct one, waive it: `propdesk bill waive UNIT AMOUNT --for N`".into())
        }
        Refusal::NoCharge { unit, .. } => Some(format!(
            "`propdesk ledger {unit}` lists the entries and their numbers"
        )),
        Refusal::DepositShort { unit, .. } => {
            Some(format!("`propdesk ledger {unit}` shows the deposits held"))
        }
        Refusal::ApplyMore { .. } => Some("refund the rest with `propdesk ledger refund`".into()),
        Refusal::BackDated { unit, .. } => Some(format!(
            "check the clock (`--now`, PROPDESK_NOW); money that arrived earlier is recorded with `propdesk pay {unit} AMOUNT --received DATE`"
        )),
        Refusal::BooksClosed { unit, year, .. } => Some(format!(
            "record it as received on {}-01-01 or later (`propdesk pay {unit} AMOUNT --received {}-01-01`); late fees it should have spared are forgiven with `propdesk waive`",
            year + 1,
            year + 1
        )),
        Refusal::MonthClosed { unit, .. } => Some(format!(
            "see what that month was billed with `propdesk ledger {unit} --year YEAR`; charge what is missing with `propdesk bill charge {unit} AMOUNT --item property-fee --text ...`"
        )),
        Refusal::OtherUnitsRecord { id, of, .. } => Some(format!(
            "pay it to {of}: `propdesk pay {of} AMOUNT --for {id}`"
        )),
        Refusal::ReceivedAhead { .. }
        | Refusal::OtherYear { .. }
        | Refusal::NotAPurpose { .. }
        | Refusal::NotPositive { .. }
        | Refusal::Empty { .. }
        | Refusal::NoChargeToCredit { .. }
        | Refusal::Cleared { .. }
        | Refusal::WaiveMore { .. }
        | Refusal::CreditMore { .. }
        | Refusal::PayBackMore { .. } => None,
    }
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Posted {
            unit,
            no,
            posting,
            amount,
            text,
            held: None,
            balance,
        } => format!(
            "{unit}: entry {no}: {} {} {text}; balance {}",
            posting.as_str(),
            amount.grouped(),
            balance.grouped()
        ),
        Done::Posted {
            unit,
            no,
            amount,
            text,
            held: Some(held),
            balance,
            ..
        } => format!(
            "{unit}: entry {no}: {text} {}; deposits held {}; balance {}",
            amount.grouped(),
            held.grouped(),
            balance.grouped()
        ),
        Done::DepositReceived {
            unit,
            no,
            kind,
            amount,
            held,
        } => format!(
            "{unit}: entry {no}: {kind} deposit {} received; deposits held {}",
            amount.grouped(),
            held.grouped()
        ),
        Done::LateFee {
            unit,
            on,
            amount,
            from,
            through,
        } => format!(
            "{unit}: late fee {} on entry {on} posted, {from} to {through}",
            amount.grouped()
        ),
        Done::CreditedBack {
            unit,
            fee,
            amount,
            payment,
        } => format!(
            "{unit}: late fee entry {fee} credited back {}: payment {payment} counts from the day it arrived",
            amount.grouped()
        ),
        Done::Paid {
            unit,
            no,
            amount,
            applied,
            credit,
            balance,
        } => {
            let parts: Vec<String> = applied
                .iter()
                .map(|x| format!("{} to entry {}", x.amount.grouped(), x.charge))
                .collect();
            format!(
                "{unit}: entry {no}: payment {}: {}{}; balance {}",
                amount.grouped(),
                if parts.is_empty() {
                    "nothing owed".to_string()
                } else {
                    parts.join(", ")
                },
                if credit.minor() > 0 {
                    format!("; {} paid in advance", credit.grouped())
                } else {
                    String::new()
                },
                balance.grouped()
            )
        }
        Done::Billed {
            unit,
            charged,
            late_fees,
            notice,
        } if late_fees.is_zero() => format!("{unit}\t{}\t{notice}", charged.grouped()),
        Done::Billed {
            unit,
            charged,
            late_fees,
            notice,
        } => format!(
            "{unit}\t{}\t{notice}\tlate fees posted {}",
            charged.grouped(),
            late_fees.grouped()
        ),
        Done::BilledLate {
            month,
            month_due,
            due,
            grace,
        } => format!(
            "{month} is billed after its due day ({month_due}): its charges fall due on {due}, {grace} days from today, and no late fee counts before then"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ledger::DepositKind;

    fn m(s: &str) -> crate::model::money::Money {
        s.parse().unwrap()
    }

    #[test]
    fn refusals_read_as_the_desk_has_always_read_them() {
        let unit = || "A-1203".to_string();
        let cases = [
            (
                Refusal::WaiveMore {
                    amount: m("10.00"),
                    owed: m("5.00"),
                    on: Some(3),
                },
                "cannot waive 10.00: only 5.00 is owed on charge 3",
            ),
            (
                Refusal::Empty {
                    what: Needed::Approver,
                },
                "the approver must not be empty",
            ),
            (
                Refusal::DepositShort {
                    unit: unit(),
                    kind: DepositKind::Pass,
                    held: m("0.00"),
                    amount: m("1.00"),
                },
                "A-1203 holds 0.00 of pass deposit, less than 1.00",
            ),
            (
                Refusal::Broken {
                    unit: unit(),
                    year: 2026,
                    entry: 2,
                    problem: "amount 0.00 must be more than 0".into(),
                },
                "ledger/A-1203/2026.yaml: entry 2: amount 0.00 must be more than 0",
            ),
        ];
        for (r, said) in cases {
            assert_eq!(refusal(&r), said);
        }
        let no = Refusal::NoCharge {
            unit: unit(),
            no: 9,
        };
        assert_eq!(
            hint(&no).as_deref(),
            Some("`propdesk ledger A-1203` lists the entries and their numbers")
        );
        let credit = Refusal::NoChargeToCredit {
            unit: unit(),
            no: 9,
        };
        assert_eq!(refusal(&credit), refusal(&no));
        assert_eq!(
            hint(&credit),
            None,
            "the rules chose that charge, not the clerk"
        );
    }
}
