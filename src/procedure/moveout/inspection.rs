//! The move-out inspection (退租验房, step 5), against the move-in handover record:
//! every meter of the unit read and the energy since the last reading billed priced,
//! every facility of the handover record compared, each damage described and priced.
//! What it charges is posted by [`super::steps::post_charges`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::money::Money;
use crate::model::unit::UnitUse;
use crate::procedure::movein::inspection::attendees;
use crate::procedure::movein::steps::Refusal as MoveInRefusal;
use crate::procedure::movein::{Condition, Meter, MeterValue, MoveIn, MoveInRules, Reading};

use super::record::{Act, Cost, Event, MoveOut, Refused};
use super::steps::Refusal;
use super::{MoveOutRules, Price};

/// The move-out inspection (退租验房).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub attendees: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meters: Vec<MeterLine>,
    pub facilities: Vec<FacilityLine>,
}

/// A meter at move-out: the last reading billed, the reading now, the energy charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterLine {
    pub meter: Meter,
    pub last: MeterValue,
    pub reading: MeterValue,
    pub price: Price,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<u32>,
}

impl MeterLine {
    pub fn used(&self) -> MeterValue {
        MeterValue::from_thousandths(self.reading.thousandths() - self.last.thousandths())
    }
}

/// A facility at move-out against its state at move-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityLine {
    pub item: String,
    /// Its condition on the move-in handover record (none: no record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_movein: Option<Condition>,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FacilityLine {
    /// Worse than at move-in: a difference the party answers for.
    pub fn damaged(&self) -> bool {
        self.condition == Condition::Defect && self.at_movein != Some(Condition::Defect)
    }
}

/// What the desk found at the move-out inspection, as typed.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Who attended (engineering, security, the party), once each.
    pub attendees: Vec<String>,
    /// The meters read now.
    pub readings: Vec<Reading>,
    /// The last readings billed, where not the move-in's.
    pub last: Vec<Reading>,
    /// The damages found.
    pub damages: Vec<Damage>,
}

/// A damage found: the checklist item, what is wrong, its price.
pub type Damage = (String, String, Money);

impl Found {
    /// What the desk found, each damage (item, description) with its price (item,
    /// amount): every damage priced, every price a damage's.
    pub fn priced(
        attendees: Vec<String>,
        readings: Vec<Reading>,
        last: Vec<Reading>,
        damages: &[(String, String)],
        prices: &[(String, Money)],
    ) -> Result<Found, Refused> {
        let mut priced = Vec::new();
        for (item, text) in damages {
            let Some((_, amount)) = prices.iter().find(|(i, _)| i == item) else {
                return Err(Refusal::Unpriced { item: item.clone() }.into());
            };
            priced.push((item.clone(), text.clone(), *amount));
        }
        let unpriced = |(i, _): &&(String, Money)| !damages.iter().any(|(d, _)| d == i);
        if let Some((item, _)) = prices.iter().find(unpriced) {
            return Err(Refusal::PriceOfNoDamage { item: item.clone() }.into());
        }
        let damages = priced;
        Ok(Found {
            attendees,
            readings,
            last,
            damages,
        })
    }
}

/// What the inspection compares against: the unit's meters, the checklist of its use
/// (used when there is no move-in record), the move-in, and whether the restoration
/// works were accepted.
#[derive(Debug, Clone, Copy)]
pub struct Baseline<'a> {
    pub meters: &'a [Meter],
    pub checklist: &'a [String],
    pub movein: Option<&'a MoveIn>,
    pub restoration_accepted: bool,
}

impl<'a> Baseline<'a> {
    /// The baseline of a unit of `usage`: its meters and checklist from `[movein]`,
    /// its move-in, and whether `around` says the restoration works were accepted.
    pub fn of(
        rules: &'a MoveInRules,
        usage: UnitUse,
        movein: Option<&'a MoveIn>,
        around: &super::Around,
    ) -> Baseline<'a> {
        Baseline {
            meters: rules.meters.get(usage),
            checklist: rules.facilities.get(usage),
            movein,
            restoration_accepted: super::permits::restoration_accepted(around),
        }
    }
}

impl Baseline<'_> {
    /// The facilities the inspection compares: the move-in handover record's with
    /// their condition then, else the checklist of the unit's use.
    fn items(&self) -> Vec<(String, Option<Condition>)> {
        match self.movein.and_then(|m| m.inspection.as_ref()) {
            Some(i) => i
                .facilities
                .iter()
                .map(|f| (f.item.clone(), Some(f.condition)))
                .collect(),
            None => self.checklist.iter().map(|i| (i.clone(), None)).collect(),
        }
    }

    /// The facilities a damage may be charged for: not defective at move-in.
    pub fn damageable(&self) -> Vec<String> {
        let items = self.items().into_iter();
        items
            .filter(|(_, at)| *at != Some(Condition::Defect))
            .map(|(item, _)| item)
            .collect()
    }
}

/// Each meter of the unit read, from its last reading (given, else the move-in's),
/// the energy priced.
fn meter_lines(
    rules: &MoveOutRules,
    b: &Baseline,
    found: &Found,
) -> Result<Vec<MeterLine>, Refused> {
    let (meters, readings, last) = (b.meters, &found.readings, &found.last);
    let before = b.movein.and_then(|m| m.inspection.as_ref());
    let mut lines = Vec::new();
    for m in meters {
        let meter = *m;
        let Some(Reading { reading, .. }) = readings.iter().find(|r| r.meter == meter) else {
            let meters = meters.to_vec();
            return Err(Refusal::MeterNotRead { meter, meters }.into());
        };
        let from = last
            .iter()
            .find(|r| r.meter == meter)
            .map(|r| r.reading)
            .or_else(|| {
                before.and_then(|i| i.meters.iter().find(|r| r.meter == *m).map(|r| r.reading))
            });
        let Some(from) = from else {
            return Err(Refusal::NoLastReading { meter }.into());
        };
        if *reading < from {
            let reading = *reading;
            return Err(Refusal::BelowLastReading {
                meter,
                reading,
                last: from,
            }
            .into());
        }
        let used = MeterValue::from_thousandths(reading.thousandths() - from.thousandths());
        let price = rules.energy_prices.get(*m);
        let amount = price
            .times(used)
            .ok_or(Refusal::UseTooLarge { meter, used })?;
        lines.push(MeterLine {
            meter,
            last: from,
            reading: *reading,
            price,
            amount,
            entry: None,
        });
    }
    for (i, r) in readings.iter().enumerate() {
        let meter = r.meter;
        if !meters.contains(&meter) {
            return Err(Refusal::NoSuchMeter { meter }.into());
        }
        if readings[..i].iter().any(|x| x.meter == meter) {
            return Err(MoveInRefusal::MeterTwice { meter }.into());
        }
    }
    if let Some(r) = last.iter().find(|r| !meters.contains(&r.meter)) {
        return Err(Refusal::NoSuchMeter { meter: r.meter }.into());
    }
    Ok(lines)
}

/// The facilities of the handover record (else of the checklist), each damage named
/// once, described, priced, and not a defect the move-in recorded.
fn facility_lines(
    b: &Baseline,
    damages: &[(String, String, Money)],
) -> Result<Vec<FacilityLine>, Refused> {
    let items = b.items();
    for (i, (item, description, amount)) in damages.iter().enumerate() {
        let item_ = || item.clone();
        if damages[..i].iter().any(|(x, _, _)| x == item) {
            return Err(Refusal::DamageTwice { item: item_() }.into());
        }
        if !items.iter().any(|(x, _)| x == item) {
            return Err(Refusal::NotOnHandover {
                item: item_(),
                expected: items.iter().map(|(x, _)| x.clone()).collect(),
            }
            .into());
        }
        if description.trim().is_empty() {
            return Err(Refusal::DescribeDamage { item: item_() }.into());
        }
        if amount.minor() <= 0 {
            return Err(Refusal::DamageNeedsPrice { item: item_() }.into());
        }
        if items
            .iter()
            .any(|(x, at)| x == item && *at == Some(Condition::Defect))
        {
            return Err(Refusal::DefectiveAtMoveIn { item: item_() }.into());
        }
    }
    Ok(items
        .iter()
        .map(|(item, at)| {
            let d = damages.iter().find(|(i, _, _)| i == item);
            FacilityLine {
                item: item.clone(),
                at_movein: *at,
                condition: if d.is_some() || *at == Some(Condition::Defect) {
                    Condition::Defect
                } else {
                    Condition::Ok
                },
                note: d.map(|(_, t, _)| t.trim().to_string()),
            }
        })
        .collect())
}

impl MoveOut {
    /// The move-out inspection: every meter of the unit's use read (energy priced
    /// from the last readings), every facility of the move-in handover record compared,
    /// each damage described and priced. The energy and damages are charged by
    /// [`super::steps::post_charges`].
    pub fn inspect(
        &mut self,
        act: Act,
        rules: &MoveOutRules,
        b: &Baseline,
        found: &Found,
    ) -> Result<(), Refused> {
        self.may(Event::Inspected)?;
        if let Some(i) = &self.inspection {
            let (id, on) = (self.id.clone(), i.date);
            return Err(Refusal::AlreadyInspected { id, on }.into());
        }
        if self.restoration_required && !b.restoration_accepted && self.restoration_costs.is_empty()
        {
            return Err(match &self.restoration {
                None => Refusal::RestoreFirst {
                    id: self.id.clone(),
                },
                Some(p) => Refusal::RestorationNotAccepted { permit: p.clone() },
            }
            .into());
        }
        let who = attendees(&found.attendees);
        if who.is_empty() {
            return Err(MoveInRefusal::NoAttendees.into());
        }
        let meters = meter_lines(rules, b, found)?;
        let facilities = facility_lines(b, &found.damages)?;
        let energy: i64 = meters.iter().map(|m| m.amount.minor()).sum();
        self.inspection = Some(Inspection {
            date: act.today,
            attendees: who.clone(),
            meters,
            facilities,
        });
        for (item, description, amount) in &found.damages {
            self.damages.push(Cost {
                item: item.clone(),
                description: description.trim().to_string(),
                amount: *amount,
                entry: None,
            });
        }
        let note = format!(
            "{}; energy {}; {} damage(s)",
            who.join(", "),
            Money::from_minor(energy),
            found.damages.len()
        );
        self.log(act, Event::Inspected, note);
        Ok(())
    }
}
