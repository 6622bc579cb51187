//! What a move-in still misses before `complete` (step 8), as typed values the
//! message catalogue words (with the command that records each), and the completion
//! itself: refused with that list, or forced by a manager's override that the record
//! keeps.

use chrono::NaiveDate;

use crate::model::ledger::{DepositKind, State};
use crate::model::money::Money;
use crate::model::party::Party;
use crate::procedure::ticket::record::Status as TicketStatus;

use super::record::{Event, MoveIn, Override, Status};
use super::steps::Refusal;
use super::{Act, MoveInRules, Refused};

/// One thing `complete` still needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A document of the checklist not received (step 1).
    Document { movein: String, item: String },
    /// A handout not signed for (step 3).
    Handout { movein: String, item: String },
    /// The party has no emergency contact.
    EmergencyContact { party: String },
    /// The joint inspection (step 4).
    Inspection { movein: String },
    /// The move-in fees not charged (step 5).
    Fees { movein: String },
    /// A move-in charge not paid: its ledger entry and what is outstanding.
    Unpaid {
        unit: String,
        entry: u32,
        owed: Money,
    },
    /// A required deposit not held in full.
    Deposit {
        unit: String,
        kind: DepositKind,
        required: Money,
        held: Money,
    },
    /// Keys not handed over (step 6).
    Keys { movein: String },
    /// The handover record not signed (step 7).
    Handover { movein: String },
    /// Defect tickets not fixed: they need a re-inspection date.
    Defects {
        movein: String,
        tickets: Vec<String>,
    },
}

impl Missing {
    /// The words the record keeps for it (the override's list, the history note):
    /// record data, as written since the first move-ins.
    pub fn recorded(&self) -> String {
        match self {
            Missing::Document { item, .. } => format!("document not received: {item}"),
            Missing::Handout { item, .. } => format!("handout not signed for: {item}"),
            Missing::EmergencyContact { party } => format!("no emergency contact for {party}"),
            Missing::Inspection { .. } => "joint inspection not done".to_string(),
            Missing::Fees { .. } => "move-in fees not charged".to_string(),
            Missing::Unpaid { entry, owed, .. } => {
                format!("not paid: ledger entry {entry}, {owed} outstanding")
            }
            Missing::Deposit {
                kind,
                required,
                held,
                ..
            } => format!("{kind} deposit: {required} required, {held} held"),
            Missing::Keys { .. } => "keys not handed over".to_string(),
            Missing::Handover { .. } => "handover record not signed".to_string(),
            Missing::Defects { tickets, .. } => {
                format!("defects not fixed: {}", tickets.join(", "))
            }
        }
    }
}

/// What a move-in waits for, in one line of the list: nothing, or the first missing
/// item and how many more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting(pub Vec<Missing>);

/// What the rest of the office says about a move-in, for [`MoveIn::missing`].
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// The party has at least one emergency contact.
    pub emergency_contacts: bool,
    /// Move-in charges still owed (entry, amount outstanding).
    pub unpaid: Vec<(u32, Money)>,
    /// Required deposits not held in full (kind, required, held).
    pub deposits_short: Vec<(DepositKind, Money, Money)>,
    /// Defect tickets not yet fixed.
    pub open_defects: Vec<String>,
}

impl Around {
    /// What the move-in's checklist reads from around it: the party's emergency
    /// contacts, its charges and `[movein] deposits` on the unit's ledger (`state`),
    /// and its defect tickets, each fixed once done (`status` gives a ticket's status
    /// by ID, `None` for no such ticket).
    pub fn of<E>(
        m: &MoveIn,
        party: Option<&Party>,
        state: &State,
        rules: &MoveInRules,
        mut status: impl FnMut(&str) -> Result<Option<TicketStatus>, E>,
    ) -> Result<Around, E> {
        let unpaid = state
            .charges
            .iter()
            .filter(|c| m.charges.contains(&c.no) && c.outstanding.minor() > 0)
            .map(|c| (c.no, c.outstanding))
            .collect();
        let deposits_short = rules
            .deposits
            .iter()
            .filter_map(|d| {
                let held = state
                    .deposits
                    .get(&d.kind)
                    .map_or(Money::ZERO, |t| t.held());
                (held < d.amount).then_some((d.kind, d.amount, held))
            })
            .collect();
        let mut open_defects = Vec::new();
        for d in &m.defects {
            let fixed = status(&d.ticket)?.is_some_and(|s| {
                matches!(
                    s,
                    TicketStatus::Done
                        | TicketStatus::Returned
                        | TicketStatus::CalledBack
                        | TicketStatus::Closed
                )
            });
            if !fixed {
                open_defects.push(d.ticket.clone());
            }
        }
        Ok(Around {
            emergency_contacts: party.is_some_and(|p| !p.emergency_contacts.is_empty()),
            unpaid,
            deposits_short,
            open_defects,
        })
    }
}

impl MoveIn {
    /// Everything `complete` still needs, in the procedure's order.
    pub fn missing(&self, around: &Around) -> Vec<Missing> {
        let id = || self.id.clone();
        let unit = || self.unit.clone();
        let mut out = Vec::new();
        for d in self.documents.iter().filter(|d| !d.done()) {
            out.push(Missing::Document {
                movein: id(),
                item: d.item.clone(),
            });
        }
        for h in self.handouts.iter().filter(|h| !h.done()) {
            out.push(Missing::Handout {
                movein: id(),
                item: h.item.clone(),
            });
        }
        if !around.emergency_contacts {
            out.push(Missing::EmergencyContact {
                party: self.party.clone(),
            });
        }
        if self.inspection.is_none() {
            out.push(Missing::Inspection { movein: id() });
        }
        if self.charges.is_empty() {
            out.push(Missing::Fees { movein: id() });
        }
        for (entry, owed) in &around.unpaid {
            out.push(Missing::Unpaid {
                unit: unit(),
                entry: *entry,
                owed: *owed,
            });
        }
        for (kind, required, held) in &around.deposits_short {
            out.push(Missing::Deposit {
                unit: unit(),
                kind: *kind,
                required: *required,
                held: *held,
            });
        }
        if self.keys.is_none() {
            out.push(Missing::Keys { movein: id() });
        }
        if self.handover_signed_by.is_none() {
            out.push(Missing::Handover { movein: id() });
        }
        if !around.open_defects.is_empty() {
            out.push(Missing::Defects {
                movein: id(),
                tickets: around.open_defects.clone(),
            });
        }
        out
    }

    /// What a move-in in progress waits for; nothing once completed.
    pub fn waiting(&self, around: &Around) -> Option<Waiting> {
        (self.status == Status::InProgress).then(|| Waiting(self.missing(around)))
    }

    /// Completes the move-in if nothing is missing, or with a manager's override and a
    /// reason. Open defects need a re-inspection date (which satisfies that line).
    pub fn complete(
        &mut self,
        act: Act,
        around: &Around,
        reinspect: Option<NaiveDate>,
        override_reason: Option<&str>,
    ) -> Result<(), Refused> {
        self.may(Event::Completed)?;
        if let Some(d) = reinspect {
            if around.open_defects.is_empty() {
                return Err(Refusal::NothingToReinspect.into());
            }
            if d < act.today {
                return Err(Refusal::ReinspectionPast { date: d }.into());
            }
        }
        let mut missing = self.missing(around);
        if reinspect.is_some() {
            missing.retain(|m| !matches!(m, Missing::Defects { .. }));
        }
        let mut note = format!("{} moved into {}", self.party, self.unit);
        match override_reason.map(str::trim) {
            None if !missing.is_empty() => {
                return Err(Refusal::Missing {
                    id: self.id.clone(),
                    missing,
                }
                .into());
            }
            None => {}
            Some("") => return Err(Refusal::OverrideNeedsReason.into()),
            Some(reason) => {
                if missing.is_empty() {
                    return Err(Refusal::NothingMissing.into());
                }
                let missing: Vec<String> = missing.iter().map(Missing::recorded).collect();
                note.push_str(&format!(
                    "; override by {}: {reason}; missing: {}",
                    act.by,
                    missing.join("; ")
                ));
                self.overridden = Some(Override {
                    by: act.by.to_string(),
                    reason: reason.to_string(),
                    missing,
                });
            }
        }
        if let Some(d) = reinspect {
            self.reinspection = Some(d);
            note.push_str(&format!("; re-inspection on {d}"));
        }
        self.completed = Some(act.today);
        self.log(act, Event::Completed, note);
        Ok(())
    }
}
