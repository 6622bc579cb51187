//! Receipts (收款收据): every payment and every deposit taken at the desk gets a
//! numbered receipt, filed as a notice with the money it records.
//!
//! The office procedure, step by step:
//! 1. Finance takes the money (`pay`): a payment is posted and cleared against the
//!    charges ([`super::steps::take_payment`]), or a deposit is taken
//!    ([`super::steps::take_deposit`]).
//! 2. The receipt is written from the receipt book: [`issue`] gives the entry its
//!    number and records who paid (the unit's occupant, else its owner, unless the
//!    desk names the payer).
//! 3. The payer gets the receipt (收款收据): the number, the day, the payer and unit,
//!    what the money cleared (each charge's text and amount, and anything paid in
//!    advance) or the deposit taken, the method, the amount in figures and in words
//!    (人民币大写), the clerk, and the payee ([`values`]). It is filed under
//!    `notices/` in the same transaction as the payment.
//! 4. A receipt asked for again (`notice receipt NUMBER`) is found by its number
//!    ([`unit_of`], [`find`]) and printed from the same entry: the same bytes.
//!
//! A receipt number is `SJ-<day>-<unit>-<four characters>`, `SJ-20261123-A-1203-7KQ4`:
//! the day the money was taken, the unit, and four random Crockford base32 characters
//! (no I, L, O or U), drawn again until no other receipt of the unit's ledger has them.
//! The unit makes the number unique in the office and names the ledger that holds it,
//! so it is found again without reading the tree or keeping a counter. Two desks
//! paying the same unit on the same day before they sync conflict on its ledger, as
//! any two changes of one record do; their receipts keep different numbers, so the
//! payment redone after the merge gets a new one and a number handed out is never
//! given to someone else.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::model::amount_words;
use crate::model::ids::{self, IdRng};
use crate::model::ledger::{EntryKind, Ledger, LedgerEntry};
use crate::model::locale::{Locale, long_date};
use crate::model::money::Money;
use crate::procedure::Refused;
use crate::procedure::notice::Letterhead;

notices! {
    RECEIPT = "receipt" => "ledger/receipt": "收款收据: the receipt of a payment or a deposit taken, by its number (SJ-…, as `pay` printed it)",
}

/// The mark a receipt number starts with (收据).
pub const PREFIX: &str = "SJ";
/// How many random characters end a receipt number.
const RANDOM_CHARS: usize = 4;

/// Why a receipt cannot be issued or found. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// What was typed is not a receipt number.
    NotANumber { typed: String },
    /// No entry of the unit's ledger has this receipt.
    Unknown { receipt: String, unit: String },
    /// The entry is not money received: neither a payment nor a deposit taken.
    NotMoneyIn { unit: String, no: u32 },
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::Receipt(r)
    }
}

/// A receipt number of `unit` for money taken on `day`, its last part `random`.
pub fn number(unit: &str, day: NaiveDate, random: &str) -> String {
    format!("{PREFIX}-{}-{unit}-{random}", day.format("%Y%m%d"))
}

/// Whether an entry is money received, which gets a receipt.
pub fn is_money_in(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Payment | EntryKind::DepositReceived)
}

/// The unit whose ledger holds the receipt typed (any case), or why it is not a
/// receipt number.
pub fn unit_of(typed: &str) -> Result<String, Refused> {
    let not = || Refusal::NotANumber {
        typed: typed.to_string(),
    };
    let t = typed.trim().to_ascii_uppercase();
    let rest = t
        .strip_prefix(PREFIX)
        .and_then(|r| r.strip_prefix('-'))
        .ok_or_else(not)?;
    let (day, rest) = rest.split_at_checked(8).ok_or_else(not)?;
    let (unit, random) = rest
        .strip_prefix('-')
        .and_then(|r| r.rsplit_once('-'))
        .ok_or_else(not)?;
    let day_ok = day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit());
    let random_ok = random.len() == RANDOM_CHARS && ids::is_crockford(random);
    if !day_ok || !random_ok || unit.is_empty() {
        return Err(not().into());
    }
    Ok(unit.to_string())
}

/// The year a receipt number was taken in (`SJ-20261123-…`): the ledger book it is in.
pub fn year_of(typed: &str) -> Option<i32> {
    let t = typed.trim().to_ascii_uppercase();
    let day = t.strip_prefix(PREFIX)?.strip_prefix('-')?.get(..4)?;
    day.parse().ok()
}

/// Numbers the receipt of entry `no` (a payment or a deposit taken), drawing from
/// `rng` until the number is the unit's only one, and records who paid; its number.
/// An entry that has its receipt keeps it.
pub fn issue(
    ledger: &mut Ledger,
    no: u32,
    payer: Option<&str>,
    rng: &mut IdRng,
) -> Result<String, Refused> {
    let unit = ledger.unit.clone();
    let Some(i) = ledger
        .entries
        .iter()
        .position(|e| e.no == no && is_money_in(e.kind))
    else {
        return Err(Refusal::NotMoneyIn { unit, no }.into());
    };
    if let Some(r) = &ledger.entries[i].receipt {
        return Ok(r.clone());
    }
    let day = ledger.entries[i].date;
    let taken = |r: &str| {
        ledger
            .entries
            .iter()
            .any(|e| e.receipt.as_deref() == Some(r))
    };
    let receipt = loop {
        let r = number(&unit, day, &ids::random_chars(rng, RANDOM_CHARS));
        if !taken(&r) {
            break r;
        }
    };
    let e = &mut ledger.entries[i];
    e.receipt = Some(receipt.clone());
    e.payer = payer
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    Ok(receipt)
}

/// The entry of `book` that is `side`'s payment of receipt `number` (one desk's book
/// before a merge joined it with another's): the same day, kind, amount, clerk and
/// moment, whatever number the merge gave it.
pub fn payment_of(book: &Ledger, side: &Ledger, number: &str) -> Option<u32> {
    let e = side
        .entries
        .iter()
        .find(|e| e.receipt.as_deref() == Some(number))?;
    book.entries
        .iter()
        .find(|x| {
            x.receipt == e.receipt
                && (x.date, x.kind, x.amount, &x.by, x.at)
                    == (e.date, e.kind, e.amount, &e.by, e.at)
        })
        .map(|x| x.no)
}

/// The first receipt number two entries of `ledger` hold, if any.
pub fn given_twice(ledger: &Ledger) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    ledger
        .entries
        .iter()
        .filter_map(|e| e.receipt.as_deref())
        .find(|r| !seen.insert(*r))
}

/// A receipt number two desks gave to two payments (kept both by the merge): entry
/// `keep` keeps it, every other entry holding it gets a new number of its own day,
/// with `reason` saying why. Returns each reissued entry's number and new receipt.
pub fn reissue(
    ledger: &mut Ledger,
    number: &str,
    keep: u32,
    reason: &str,
    rng: &mut IdRng,
) -> Result<Vec<(u32, String)>, Refused> {
    let holders: Vec<usize> = (0..ledger.entries.len())
        .filter(|&i| ledger.entries[i].receipt.as_deref() == Some(number))
        .collect();
    if !holders.iter().any(|&i| ledger.entries[i].no == keep) {
        return Err(Refusal::Unknown {
            receipt: number.to_string(),
            unit: ledger.unit.clone(),
        }
        .into());
    }
    let mut out = Vec::new();
    for i in holders {
        if ledger.entries[i].no == keep {
            continue;
        }
        let (unit, day) = (ledger.unit.clone(), ledger.entries[i].date);
        let receipt = loop {
            let r = self::number(&unit, day, &ids::random_chars(rng, RANDOM_CHARS));
            if !ledger
                .entries
                .iter()
                .any(|e| e.receipt.as_deref() == Some(&r))
            {
                break r;
            }
        };
        let e = &mut ledger.entries[i];
        e.receipt = Some(receipt.clone());
        e.reason = Some(reason.to_string());
        out.push((e.no, receipt));
    }
    Ok(out)
}

/// The entry holding the receipt typed (any case).
pub fn find<'a>(ledger: &'a Ledger, typed: &str) -> Result<&'a LedgerEntry, Refused> {
    let receipt = typed.trim().to_ascii_uppercase();
    ledger
        .entries
        .iter()
        .find(|e| e.receipt.as_deref() == Some(receipt.as_str()))
        .ok_or_else(|| {
            Refusal::Unknown {
                receipt,
                unit: ledger.unit.clone(),
            }
            .into()
        })
}

/// What `check` finds wrong with a ledger's receipts, by entry index: a receipt on an
/// entry that is not money received, one that does not name this ledger's unit (it
/// could not be found again), or one given twice.
pub fn problems(ledger: &Ledger) -> Vec<(usize, &'static str, String)> {
    let mut out = Vec::new();
    for (i, e) in ledger.entries.iter().enumerate() {
        if !is_money_in(e.kind) {
            if e.receipt.is_some() {
                out.push((i, "receipt", format!("a {} entry has no `receipt`", e.kind)));
            }
            if e.payer.is_some() {
                out.push((i, "payer", format!("a {} entry has no `payer`", e.kind)));
            }
            continue;
        }
        let Some(r) = &e.receipt else { continue };
        match unit_of(r) {
            Ok(unit) if unit == ledger.unit => {}
            _ => out.push((
                i,
                "receipt",
                format!(
                    "receipt {r:?} is not a receipt number of {}: expected like {:?}",
                    ledger.unit,
                    number(&ledger.unit, e.date, "7KQ4")
                ),
            )),
        }
        if ledger.entries[..i]
            .iter()
            .any(|x| x.receipt.as_deref() == Some(r))
        {
            out.push((i, "receipt", format!("receipt {r} is given twice")));
        }
    }
    out
}

/// The receipt of entry `no` (as [`issue`] numbered it), in `locale`'s words, from the
/// ledger alone: the same entry gives the same receipt however much the ledger has
/// grown since.
pub fn values(
    office: Letterhead,
    ledger: &Ledger,
    no: u32,
    locale: Locale,
) -> Result<tera::Context, Refused> {
    let unit = ledger.unit.clone();
    let Some(e) = ledger
        .entries
        .iter()
        .find(|e| e.no == no && is_money_in(e.kind))
    else {
        return Err(Refusal::NotMoneyIn { unit, no }.into());
    };
    let Some(receipt) = &e.receipt else {
        return Err(Refusal::NotMoneyIn { unit, no }.into());
    };
    let lines: Vec<Value> = match e.deposit {
        Some(kind) => vec![json!({
            "no": e.no,
            "item": match locale {
                Locale::ZhCn => kind.zh().to_string(),
                Locale::En => format!("{} deposit", kind.as_str()),
            },
            "text": e.text,
            "amount": e.amount.grouped(),
        })],
        None => e
            .applied
            .iter()
            .map(|a| {
                let charge = ledger.entries.iter().find(|c| c.no == a.charge);
                json!({
                    "no": a.charge,
                    "item": charge.and_then(|c| c.item).map(|i| i.words(locale)),
                    "text": charge.map(|c| c.text.as_str()),
                    "amount": a.amount.grouped(),
                })
            })
            .collect(),
    };
    let cleared: i64 = e.applied.iter().map(|a| a.amount.minor()).sum();
    let advance = match e.kind {
        EntryKind::Payment => Money::from_minor(e.amount.minor() - cleared),
        _ => Money::ZERO,
    };
    let mut c = tera::Context::new();
    c.insert("office", &office.values(locale));
    c.insert("currency", office.currency);
    c.insert(
        "receipt",
        &json!({
            "number": receipt,
            "date": long_date(e.date, locale),
            "payer": e.payer.clone().unwrap_or_default(),
            "unit": ledger.unit,
            "deposit": e.deposit.is_some(),
            "method": e.method.map(|m| m.label(locale)).unwrap_or_default(),
            "reference": e.reference.clone().unwrap_or_default(),
            "clerk": e.by,
            "amount": e.amount.grouped(),
            "capitals": format!(
                "{}{}",
                amount_words::currency_zh(office.currency),
                amount_words::capitals(e.amount)
            ),
            "words": amount_words::english(e.amount, office.currency),
        }),
    );
    c.insert("lines", &lines);
    c.insert(
        "advance",
        &if advance.minor() > 0 {
            advance.grouped()
        } else {
            String::new()
        },
    );
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ledger::{DepositKind, PayMethod};
    use crate::procedure::fees::accounts::{self, NewPayment};
    use crate::procedure::fees::steps;
    use crate::testkit::{Office, clerk, d, m, office_unit};

    /// A-1203 billed on 1 October for October and November (2,500.00 each, due the
    /// 15th).
    fn billed(o: &Office) -> Ledger {
        let mut l = Ledger::new("A-1203", 2026);
        for month in ["2026-10-01", "2026-11-01"] {
            let (rules, unit, day) = (&o.config.billing, office_unit(), clerk("2026-10-01"));
            accounts::bill_month(rules, &mut l, &unit, d(month), Locale::En, day).unwrap();
        }
        l
    }

    /// A payment by transfer on `day`: its entry number.
    fn pay(o: &Office, l: &mut Ledger, amount: &str, day: &str) -> u32 {
        let p = NewPayment {
            amount: m(amount),
            targets: Vec::new(),
            method: Some(PayMethod::Transfer),
            reference: Some("SK-1".into()),
            received: None,
        };
        let (said, _) = steps::take_payment(&o.books(), l, clerk(day), p).unwrap();
        said.iter()
            .find_map(|d| match d {
                steps::Done::Paid { no, .. } => Some(*no),
                _ => None,
            })
            .unwrap()
    }

    /// The receipt's values as JSON: `lines`, `advance` and `receipt`.
    fn shown(o: &Office, l: &Ledger, no: u32, locale: Locale) -> serde_json::Value {
        let c = values(o.config.letterhead(), l, no, locale).unwrap();
        let get = |k: &str| serde_json::to_value(c.get(k).unwrap()).unwrap();
        json!({"lines": get("lines"), "advance": get("advance"), "receipt": get("receipt")})
    }

    fn rng() -> IdRng {
        IdRng::seeded(1)
    }

    #[test]
    fn a_receipt_is_numbered_by_day_and_unit_and_names_the_payer() {
        let o = Office::new();
        let mut l = billed(&o);
        let no = pay(&o, &mut l, "3000.00", "2026-10-10");
        let r = issue(&mut l, no, Some(" 蓝雀科技 "), &mut rng()).unwrap();
        let random = r.strip_prefix("SJ-20261010-A-1203-").unwrap();
        assert!(random.len() == 4 && ids::is_crockford(random), "{r}");
        let e = find(&l, &r.to_lowercase()).unwrap();
        assert_eq!(e.no, no);
        assert_eq!(e.payer.as_deref(), Some("蓝雀科技"));
        // Issued again, it keeps its number.
        assert_eq!(issue(&mut l, no, None, &mut IdRng::seeded(2)).unwrap(), r);
        assert_eq!(unit_of(&r).unwrap(), "A-1203");
    }

    #[test]
    fn a_receipt_drawing_a_number_the_unit_has_draws_again() {
        let o = Office::new();
        let mut l = billed(&o);
        let a = pay(&o, &mut l, "100.00", "2026-10-10");
        let b = pay(&o, &mut l, "100.00", "2026-10-10");
        // The same draws for both: the second finds the first's number taken.
        let (ra, rb) = (
            issue(&mut l, a, None, &mut rng()).unwrap(),
            issue(&mut l, b, None, &mut rng()).unwrap(),
        );
        assert_ne!(ra, rb);
        assert!(problems(&l).is_empty());
    }

    #[test]
    fn only_money_received_gets_a_receipt() {
        let o = Office::new();
        let mut l = billed(&o);
        assert_eq!(
            issue(&mut l, 1, None, &mut rng()),
            Err(Refusal::NotMoneyIn {
                unit: "A-1203".into(),
                no: 1
            }
            .into())
        );
        let no = steps::receive_deposit(
            &o.books(),
            &mut l,
            clerk("2026-10-01"),
            DepositKind::Lease,
            m("3000.00"),
            Some(PayMethod::Cash),
            None,
        )
        .unwrap();
        issue(&mut l, no, None, &mut rng()).unwrap();
        let v = shown(&o, &l, no, Locale::ZhCn);
        assert_eq!(
            v["lines"],
            json!([{"no": no, "item": "租赁押金", "text": "Lease deposit received", "amount": "3,000.00"}])
        );
        assert_eq!(v["receipt"]["capitals"], "人民币叁仟元整");
        assert_eq!(v["receipt"]["deposit"], true);
        let v = shown(&o, &l, no, Locale::En);
        assert_eq!(v["lines"][0]["item"], "lease deposit");
    }

    #[test]
    fn what_is_not_a_receipt_number_is_said_so() {
        for typed in [
            "",
            "SK-001",
            "SJ-2026-A-1203-7KQ4",
            "SJ-20261123-A1203",
            "SJ-20261123--7KQ4",
            "SJ-2026112X-A-1203-7KQ4",
            "SJ-20261123-A-1203-7KQ",
            "SJ-20261123-A-1203-7KQU",
        ] {
            assert_eq!(
                unit_of(typed),
                Err(Refusal::NotANumber {
                    typed: typed.into()
                }
                .into()),
                "{typed:?}"
            );
        }
        assert_eq!(unit_of(" sj-20261123-a-b106-7kq4 ").unwrap(), "A-B106");
        let o = Office::new();
        let l = billed(&o);
        assert_eq!(
            find(&l, "SJ-20261123-A-1203-7KQ4").unwrap_err(),
            Refusal::Unknown {
                receipt: "SJ-20261123-A-1203-7KQ4".into(),
                unit: "A-1203".into()
            }
            .into()
        );
    }

    #[test]
    fn the_receipt_lists_what_the_payment_cleared_and_its_amount_in_words() {
        let o = Office::new();
        let mut l = billed(&o);
        let no = pay(&o, &mut l, "3720.25", "2026-10-10");
        let number = issue(&mut l, no, Some("Blue Finch Ltd"), &mut rng()).unwrap();
        let v = shown(&o, &l, no, Locale::ZhCn);
        let charged: Vec<String> = l.entries[..2].iter().map(|e| e.text.clone()).collect();
        assert_eq!(
            v["lines"],
            json!([
                {"no": 1, "item": "物业管理费", "text": charged[0], "amount": "2,500.00"},
                {"no": 2, "item": "物业管理费", "text": charged[1], "amount": "1,220.25"},
            ])
        );
        assert_eq!(v["advance"], "");
        let r = &v["receipt"];
        assert_eq!(r["number"], number);
        assert_eq!(r["date"], "2026年10月10日");
        assert_eq!(r["amount"], "3,720.25");
        assert_eq!(r["capitals"], "人民币叁仟柒佰贰拾元贰角伍分");
        assert_eq!(
            r["words"],
            "Three thousand seven hundred twenty yuan and twenty-five fen"
        );
        assert_eq!(r["payer"], "Blue Finch Ltd");
        assert_eq!(r["method"], "转账");
        assert_eq!(r["reference"], "SK-1");
        assert_eq!(r["clerk"], "clerk");
        // Later entries do not change it.
        pay(&o, &mut l, "1000.00", "2026-11-10");
        assert_eq!(shown(&o, &l, no, Locale::ZhCn), v);
    }

    #[test]
    fn money_beyond_what_is_owed_is_shown_paid_in_advance() {
        let o = Office::new();
        let mut l = billed(&o);
        let no = pay(&o, &mut l, "5100.00", "2026-10-10");
        issue(&mut l, no, None, &mut rng()).unwrap();
        let v = shown(&o, &l, no, Locale::En);
        assert_eq!(v["advance"], "100.00");
        assert_eq!(v["lines"].as_array().unwrap().len(), 2);
        assert_eq!(v["receipt"]["method"], "transfer");
        assert_eq!(v["receipt"]["payer"], "");
    }

    #[test]
    fn check_finds_receipts_that_cannot_be_found_again() {
        let o = Office::new();
        let mut l = billed(&o);
        let a = pay(&o, &mut l, "100.00", "2026-10-10");
        let b = pay(&o, &mut l, "100.00", "2026-10-10");
        let c = pay(&o, &mut l, "100.00", "2026-10-10");
        let ra = issue(&mut l, a, None, &mut rng()).unwrap();
        let at = |no: u32| l.entries.iter().position(|e| e.no == no).unwrap();
        let (ib, ic) = (at(b), at(c));
        l.entries[ib].receipt = Some(ra.clone());
        l.entries[ic].receipt = Some("SJ-20261010-B-101-9XYZ".into());
        l.entries[0].receipt = Some("SJ-20261001-A-1203-1ABC".into());
        let found: Vec<(usize, String)> =
            problems(&l).into_iter().map(|(i, _, m)| (i, m)).collect();
        assert_eq!(
            found,
            [
                (0, "a charge entry has no `receipt`".to_string()),
                (ib, format!("receipt {ra} is given twice")),
                (
                    ic,
                    "receipt \"SJ-20261010-B-101-9XYZ\" is not a receipt number of A-1203: expected like \"SJ-20261010-A-1203-7KQ4\"".to_string()
                ),
            ]
        );
    }
}
