//! The notices propdesk can render, and the values each template gets.
//!
//! A notice is built from records and the date only (no clock, no machine), with
//! values pre-formatted for the locale, so the same records and date give the same
//! bytes. Personal data is masked unless `--reveal`.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::config::Config;
use crate::error::Result;
use crate::model::ledger::{Charge, Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::registry;
use crate::render::Style;
use crate::store::Store;

/// The notices, by the name typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Notice {
    /// A unit's contact sheet: the unit, its owner and occupant, their phones and
    /// emergency contacts.
    ContactSheet,
    /// 缴费通知单: the unit's charges of the month (`--month`, default this month) and
    /// its arrears.
    PaymentNotice,
    /// 对账单: the unit's statement of account with running balance and deposits.
    Statement,
    /// 催款通知书: the overdue charges, the late fees and the date to pay by.
    DunningNotice,
    /// 停止服务申请: the request to suspend services, for the GM's signature.
    SuspensionRequest,
    /// 工程派工单: a repair ticket's printed work order.
    WorkOrder,
    /// 投诉处理单: a complaint's report, for the department and the manager.
    ComplaintReport,
    /// 特约服务单: a special service's slip with the price the tenant signs.
    ServiceSlip,
    /// 回访记录: a ticket's callbacks.
    CallbackRecord,
    /// 房屋确认书: a move-in's handover record (meters, facilities, keys, defects).
    Handover,
    /// 欢迎信: the welcome letter to a new tenant.
    WelcomeLetter,
    /// 再次验房预约: the re-inspection appointment for defects still open.
    Reinspection,
    /// 装修许可证: the renovation permit posted on the unit door.
    PermitDoor,
    /// 施工人员须知: the workers' rules posted with the permit.
    WorkersRules,
    /// 违章整改通知单: the rectification notice of the permit's latest violation.
    Rectification,
    /// 装修验收单: the completion acceptance record.
    Acceptance,
    /// 押金退还单: the deposit refund, net of fines, lost passes and damage.
    DepositRefund,
    /// 放行条: the goods exit pass for security.
    GoodsExitPass,
    /// 停车证: the parking permit.
    ParkingPermit,
    /// 退租通知回执: the acknowledgement of a move-out notice, with what comes next.
    MoveoutAcknowledgement,
    /// 费用结算说明: a move-out's settlement statement.
    Settlement,
    /// 工作联系单: leasing told the unit can be let.
    UnitAvailable,
}

impl Notice {
    pub fn name(self) -> &'static str {
        match self {
            Notice::ContactSheet => "contact-sheet",
            Notice::PaymentNotice => "payment-notice",
            Notice::Statement => "statement",
            Notice::DunningNotice => "dunning-notice",
            Notice::SuspensionRequest => "suspension-request",
            Notice::WorkOrder => "work-order",
            Notice::ComplaintReport => "complaint-report",
            Notice::ServiceSlip => "service-slip",
            Notice::CallbackRecord => "callback-record",
            Notice::Handover => "handover",
            Notice::WelcomeLetter => "welcome-letter",
            Notice::Reinspection => "reinspection",
            Notice::PermitDoor => "permit-door",
            Notice::WorkersRules => "workers-rules",
            Notice::Rectification => "rectification",
            Notice::Acceptance => "acceptance",
            Notice::DepositRefund => "deposit-refund",
            Notice::GoodsExitPass => "goods-exit-pass",
            Notice::ParkingPermit => "parking-permit",
            Notice::MoveoutAcknowledgement => "moveout-acknowledgement",
            Notice::Settlement => "settlement",
            Notice::UnitAvailable => "unit-available",
        }
    }

    /// The notice a dunning ladder row names.
    pub fn from_name(name: &str) -> Option<Notice> {
        [
            Notice::ContactSheet,
            Notice::PaymentNotice,
            Notice::Statement,
            Notice::DunningNotice,
            Notice::SuspensionRequest,
        ]
        .into_iter()
        .find(|n| n.name() == name)
    }

    /// Whether the notice is a ticket's (its record is a ticket ID, not a unit).
    pub fn is_ticket(self) -> bool {
        matches!(
            self,
            Notice::WorkOrder
                | Notice::ComplaintReport
                | Notice::ServiceSlip
                | Notice::CallbackRecord
        )
    }

    /// Whether the notice is a move-in's (its record is a move-in ID).
    pub fn is_movein(self) -> bool {
        matches!(
            self,
            Notice::Handover | Notice::WelcomeLetter | Notice::Reinspection
        )
    }

    /// Whether the notice is a permit's (its record is a permit ID).
    pub fn is_permit(self) -> bool {
        matches!(
            self,
            Notice::PermitDoor
                | Notice::WorkersRules
                | Notice::Rectification
                | Notice::Acceptance
                | Notice::DepositRefund
                | Notice::GoodsExitPass
                | Notice::ParkingPermit
        )
    }

    /// Whether the notice is a move-out's (its record is a move-out ID).
    pub fn is_moveout(self) -> bool {
        matches!(
            self,
            Notice::MoveoutAcknowledgement | Notice::Settlement | Notice::UnitAvailable
        )
    }

    /// The template, without locale and extension.
    pub fn template(self) -> &'static str {
        match self {
            Notice::ContactSheet => "unit/contact-sheet",
            Notice::PaymentNotice => "ledger/payment-notice",
            Notice::Statement => "ledger/statement",
            Notice::DunningNotice => "dunning/dunning-notice",
            Notice::SuspensionRequest => "dunning/suspension-request",
            Notice::WorkOrder => "ticket/work-order",
            Notice::ComplaintReport => "ticket/complaint-report",
            Notice::ServiceSlip => "ticket/service-slip",
            Notice::CallbackRecord => "ticket/callback-record",
            Notice::Handover => "movein/handover",
            Notice::WelcomeLetter => "movein/welcome-letter",
            Notice::Reinspection => "movein/reinspection",
            Notice::PermitDoor => "permit/permit-door",
            Notice::WorkersRules => "permit/workers-rules",
            Notice::Rectification => "permit/rectification",
            Notice::Acceptance => "permit/acceptance",
            Notice::DepositRefund => "permit/deposit-refund",
            Notice::GoodsExitPass => "permit/goods-exit-pass",
            Notice::ParkingPermit => "permit/parking-permit",
            Notice::MoveoutAcknowledgement => "moveout/moveout-acknowledgement",
            Notice::Settlement => "moveout/settlement",
            Notice::UnitAvailable => "moveout/unit-available",
        }
    }
}

pub use crate::model::locale::long_date;

/// Where a rendered notice is filed: `notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.txt`.
pub fn notice_path(
    date: NaiveDate,
    record: &str,
    notice: Notice,
    locale: Locale,
    style: Style,
) -> PathBuf {
    PathBuf::from("notices")
        .join(format!("{:04}", date.year()))
        .join(format!("{:02}", date.month()))
        .join(format!(
            "{}-{record}-{}.{}.{}",
            date.format("%Y%m%d"),
            notice.name(),
            locale.code(),
            style.ext()
        ))
}

/// The template values of the contact sheet of `unit`.
pub fn contact_sheet(
    store: &Store,
    config: &Config,
    unit_id: &str,
    date: NaiveDate,
    locale: Locale,
    reveal: bool,
) -> Result<tera::Context> {
    let unit: Unit = store.get(unit_id)?;
    let mut parties = HashMap::new();
    for id in [&unit.owner, &unit.occupant].into_iter().flatten() {
        if let Some(p) = store.load::<Party>(id)? {
            parties.insert(id.clone(), registry::masked(&p, reveal));
        }
    }
    let party = |id: &Option<String>| -> Value {
        let Some(p) = id.as_ref().and_then(|i| parties.get(i)) else {
            return Value::Null;
        };
        json!({
            "id": p.id,
            "name": p.name,
            "kind": p.kind.label(locale),
            "contact": p.contact,
            "phones": p.phones,
            "id_number": p.id_number,
            "emergency_contacts": p.emergency_contacts.iter().map(|c| json!({
                "name": c.name, "phone": c.phone, "relation": c.relation,
            })).collect::<Vec<_>>(),
        })
    };
    let mut c = tera::Context::new();
    c.insert("office", &json!({"name": config.name}));
    c.insert("date", &long_date(date, locale));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
            "status": unit.status.label(locale),
            "note": unit.note,
        }),
    );
    c.insert("owner", &party(&unit.owner));
    c.insert("occupant", &party(&unit.occupant));
    c.insert(
        "same_party",
        &(unit.owner.is_some() && unit.owner == unit.occupant),
    );
    Ok(c)
}

/// The party a unit's bills go to: the occupant, else the owner.
pub fn billed_party(store: &Store, unit: &Unit) -> Result<Option<Party>> {
    match unit.occupant.as_ref().or(unit.owner.as_ref()) {
        Some(id) => store.load::<Party>(id),
        None => Ok(None),
    }
}

/// The language of a notice to `party`: `--locale` if given, else the party's own,
/// else the office's.
pub fn locale_for(flag: Option<Locale>, party: Option<&Party>, office: Locale) -> Locale {
    flag.or(party.and_then(|p| p.language)).unwrap_or(office)
}

/// What every money notice starts from: the office, date, currency, unit and parties.
pub fn money_base(
    config: &Config,
    unit: &Unit,
    party: Option<&Party>,
    owner: Option<&Party>,
    date: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("office", &json!({"name": config.name}));
    c.insert("date", &long_date(date, locale));
    c.insert("currency", &config.currency.0);
    // The ladder day late fees start on (0: none), as the notices state it.
    c.insert("late_fee_day", &config.dunning.late_fee_day().unwrap_or(0));
    c.insert(
        "unit",
        &json!({
            "id": unit.id,
            "building": unit.building,
            "floor": unit.floor,
            "area": unit.area.to_string(),
            "use": unit.usage.label(locale),
        }),
    );
    let who = |p: Option<&Party>| match p {
        Some(p) => json!({"name": p.name, "contact": p.contact.clone().unwrap_or_default()}),
        None => Value::Null,
    };
    c.insert("party", &who(party));
    c.insert("owner", &who(owner));
    c
}

fn charge_row(c: &Charge, locale: Locale, today: NaiveDate) -> Value {
    json!({
        "no": c.no,
        "item": c.item.words(locale),
        "text": c.text,
        "amount": c.amount.grouped(),
        "outstanding": c.outstanding.grouped(),
        "due": long_date(c.due, locale),
        "days": (today - c.due).num_days().max(0),
    })
}

fn total<'a>(charges: impl Iterator<Item = &'a Charge>) -> Money {
    Money::from_minor(charges.map(|c| c.outstanding.minor()).sum())
}

/// 缴费通知单: the charges `new` (posted for `month`) and the older arrears.
pub fn payment_notice(
    base: tera::Context,
    state: &State,
    new: &[u32],
    month: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let charges: Vec<&Charge> = state
        .charges
        .iter()
        .filter(|c| new.contains(&c.no))
        .collect();
    let arrears: Vec<&Charge> = state
        .open()
        .filter(|c| !new.contains(&c.no) && c.due < today)
        .collect();
    c.insert(
        "month",
        &crate::procedure::billing::month_words(month, locale),
    );
    c.insert("due", &long_date(due, locale));
    c.insert(
        "charges",
        &charges
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert(
        "charges_total",
        &Money::from_minor(charges.iter().map(|x| x.amount.minor()).sum()).grouped(),
    );
    c.insert(
        "arrears",
        &arrears
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert("arrears_total", &total(arrears.iter().copied()).grouped());
    c.insert(
        "credit",
        &if state.credit.minor() > 0 {
            state.credit.grouped()
        } else {
            String::new()
        },
    );
    c.insert("total_due", &total(state.open()).grouped());
    c
}

/// 对账单: every entry with the running fee balance, and the deposits held.
pub fn statement(
    base: tera::Context,
    ledger: &Ledger,
    state: &State,
    accrued: Money,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let entries: Vec<Value> = ledger
        .entries
        .iter()
        .zip(&state.running)
        .map(|(e, bal)| {
            let amount = e.amount.grouped();
            json!({
                "no": e.no,
                "date": e.date.to_string(),
                "kind": e.kind.label(locale),
                "text": e.text,
                "debit": if e.kind.raises_balance() { amount.clone() } else { String::new() },
                "credit": if e.kind.is_credit() { amount.clone() } else { String::new() },
                "deposit": if e.deposit.is_some() { amount } else { String::new() },
                "balance": bal.grouped(),
                "ref": e.reference.clone().unwrap_or_default(),
            })
        })
        .collect();
    c.insert("from", "");
    c.insert("to", &long_date(today, locale));
    c.insert("entries", &entries);
    c.insert("balance", &state.balance().grouped());
    c.insert("overdue_total", &state.overdue_total(today).grouped());
    c.insert(
        "late_fees_accrued",
        &if accrued.minor() > 0 {
            accrued.grouped()
        } else {
            String::new()
        },
    );
    let deposits: Vec<Value> = state
        .deposits
        .iter()
        .filter(|(_, t)| !t.held().is_zero())
        .map(|(k, t)| json!({"kind": k.label(locale), "held": t.held().grouped()}))
        .collect();
    c.insert("deposits", &deposits);
    c.insert("deposits_total", &state.deposits_held().grouped());
    c
}

/// A late-fee rate in words: 万分之五, 0.05%.
pub fn rate_words(basis_points: u32, locale: Locale) -> String {
    const DIGITS: [&str; 11] = [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    match locale {
        Locale::ZhCn => match DIGITS.get(basis_points as usize) {
            Some(d) => format!("万分之{d}"),
            None => format!("万分之{basis_points}"),
        },
        Locale::En => {
            let s = format!("{}.{:02}", basis_points / 100, basis_points % 100);
            format!("{s}%")
        }
    }
}

/// 催款通知书 and 停止服务申请: the overdue charges, late fees, contacts.
#[allow(clippy::too_many_arguments)]
pub fn dunning_values(
    base: tera::Context,
    config: &Config,
    state: &State,
    case: &DunningCase,
    days: u32,
    approved_by: Option<&str>,
    today: NaiveDate,
    locale: Locale,
) -> tera::Context {
    let mut c = base;
    let overdue: Vec<&Charge> = state.overdue(today).filter(|x| !x.is_late_fee()).collect();
    let overdue_total = total(overdue.iter().copied());
    let late_fees = total(state.open().filter(|x| x.is_late_fee()));
    c.insert("since", &long_date(case.since, locale));
    c.insert("days", &days);
    c.insert(
        "overdue",
        &overdue
            .iter()
            .map(|x| charge_row(x, locale, today))
            .collect::<Vec<_>>(),
    );
    c.insert("overdue_total", &overdue_total.grouped());
    c.insert("late_fees", &late_fees.grouped());
    c.insert(
        "late_fee_rate",
        &rate_words(config.dunning.late_fee_basis_points_per_day, locale),
    );
    c.insert(
        "total",
        &Money::from_minor(overdue_total.minor() + late_fees.minor()).grouped(),
    );
    let pay_by = today + chrono::Days::new(u64::from(config.dunning.pay_within_days));
    c.insert("pay_by", &long_date(pay_by, locale));
    let contacts: Vec<Value> = case
        .contacts
        .iter()
        .filter(|x| x.date >= case.since)
        .map(|x| {
            json!({
                "date": long_date(x.date, locale),
                "channel": x.channel.label(locale),
                "outcome": x.outcome,
            })
        })
        .collect();
    c.insert("contacts", &contacts);
    c.insert("approved_by", approved_by.unwrap_or(""));
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_fee_rates_read_as_each_locale_writes_them() {
        assert_eq!(rate_words(5, Locale::ZhCn), "万分之五");
        assert_eq!(rate_words(5, Locale::En), "0.05%");
        assert_eq!(rate_words(30, Locale::ZhCn), "万分之30");
        assert_eq!(rate_words(150, Locale::En), "1.50%");
    }

    #[test]
    fn dates_read_as_each_locale_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(long_date(d, Locale::ZhCn), "2026年11月3日");
        assert_eq!(long_date(d, Locale::En), "3 November 2026");
    }

    #[test]
    fn notices_are_filed_by_month_and_sort_by_date() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let p = notice_path(d, "A-1203", Notice::ContactSheet, Locale::ZhCn, Style::Html);
        assert_eq!(
            p,
            PathBuf::from("notices/2026/11/20261123-A-1203-contact-sheet.zh-CN.html")
        );
    }
}
