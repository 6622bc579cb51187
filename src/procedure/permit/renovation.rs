//! The renovation permit (装修许可): its page and its life. Applied for with the
//! documents its scope needs; agreements signed; the approval chain signs in order (a
//! rejection waits for a revision); issued with a validity once everything is in;
//! inspections; violations suspend works until rectified; hot work under it; extended
//! before expiry; completion applied for ahead and jointly accepted; passes returned;
//! closed when the deposits are settled (`steps::refund`).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;

use super::PermitRules;
use super::record::{Act, Check, Event, Machine, Permit, PermitKind, Refused, Status};
use super::record::{complete, log, max_until, refused};
use super::steps::{Did, Done, Field, Missing, Refusal, filled};

/// Where a renovation permit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// The approval chain signs in order.
    #[default]
    Applied,
    Rejected,
    Approved,
    Issued,
    Suspended,
    CompletionApplied,
    Accepted,
    Closed,
}

impl Machine for State {
    const ALL: &'static [State] = &[
        State::Applied,
        State::Rejected,
        State::Approved,
        State::Issued,
        State::Suspended,
        State::CompletionApplied,
        State::Accepted,
        State::Closed,
    ];
    fn status(self) -> Status {
        match self {
            State::Applied => Status::Applied,
            State::Rejected => Status::Rejected,
            State::Approved => Status::Approved,
            State::Issued => Status::Issued,
            State::Suspended => Status::Suspended,
            State::CompletionApplied => Status::CompletionApplied,
            State::Accepted => Status::Accepted,
            State::Closed => Status::Closed,
        }
    }
    /// The ordinary outcome: see [`next`] for the two that depend on the record.
    fn after(self, event: Event) -> Option<State> {
        next(self, event, false)
    }
}

/// Every state, for the steps taken (or refused) from anywhere: a new state does not
/// compile until it is added here too.
macro_rules! every {
    () => {
        State::Applied
            | State::Rejected
            | State::Approved
            | State::Issued
            | State::Suspended
            | State::CompletionApplied
            | State::Accepted
            | State::Closed
    };
}

/// Where `event` takes a renovation permit standing at `state`; `None`: not a step from
/// there. Two steps end where the record says (`last`): the chain's last signature
/// approves the permit, and the last open violation rectified lets works resume.
pub fn next(state: State, event: Event, last: bool) -> Option<State> {
    use Event as E;
    use State::*;
    match (state, event) {
        // Papers and fees before the permit is issued; the fees once, at any time.
        (Applied | Rejected | Approved, E::Received | E::Signed) => Some(state),
        (Issued | Suspended | CompletionApplied | Accepted | Closed, E::Received | E::Signed) => {
            None
        }
        (every!(), E::Billed) => Some(state),
        // The chain.
        (Applied, E::Approved) => Some(if last { Approved } else { Applied }),
        (Applied, E::Rejected) => Some(Rejected),
        (
            Rejected | Approved | Issued | Suspended | CompletionApplied | Accepted | Closed,
            E::Approved | E::Rejected,
        ) => None,
        (Rejected, E::Revised) => Some(Applied),
        (
            Applied | Approved | Issued | Suspended | CompletionApplied | Accepted | Closed,
            E::Revised,
        ) => None,
        (Approved, E::Issued) => Some(Issued),
        (
            Applied | Rejected | Issued | Suspended | CompletionApplied | Accepted | Closed,
            E::Issued,
        ) => None,
        // The works.
        (Issued | Suspended | CompletionApplied, E::Inspected) => Some(state),
        (Applied | Rejected | Approved | Accepted | Closed, E::Inspected) => None,
        (Issued | Suspended, E::Violation) => Some(Suspended),
        (Applied | Rejected | Approved | CompletionApplied | Accepted | Closed, E::Violation) => {
            None
        }
        (Suspended, E::Rectified) => Some(if last { Issued } else { Suspended }),
        (CompletionApplied, E::Rectified) => Some(CompletionApplied),
        (Applied | Rejected | Approved | Issued | Accepted | Closed, E::Rectified) => None,
        (Issued, E::HotWork) => Some(Issued),
        (
            Applied | Rejected | Approved | Suspended | CompletionApplied | Accepted | Closed,
            E::HotWork,
        ) => None,
        (Issued | Suspended, E::Extended) => Some(state),
        (Applied | Rejected | Approved | CompletionApplied | Accepted | Closed, E::Extended) => {
            None
        }
        // Completion, acceptance, the end.
        (Issued, E::CompletionApplied) => Some(CompletionApplied),
        (
            Applied | Rejected | Approved | Suspended | CompletionApplied | Accepted | Closed,
            E::CompletionApplied,
        ) => None,
        (CompletionApplied, E::Accepted) => Some(Accepted),
        // A failed acceptance is a rectification notice: works resume to rectify it.
        (CompletionApplied, E::NotAccepted) => Some(Issued),
        (
            Applied | Rejected | Approved | Issued | Suspended | Accepted | Closed,
            E::Accepted | E::NotAccepted,
        ) => None,
        (Accepted, E::Passes) => Some(Accepted),
        (Accepted, E::Closed) => Some(Closed),
        (
            Applied | Rejected | Approved | Issued | Suspended | CompletionApplied | Closed,
            E::Passes | E::Closed,
        ) => None,
        // Other kinds' steps, and the application itself.
        (every!(), E::Applied | E::Renewed | E::Returned | E::ExitSigned | E::ToSecurity) => None,
    }
}

/// The scope of renovation works: decides the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Simple work such as painting: no contractor qualification needed.
    Simple,
    /// Ordinary renovation.
    Standard,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Simple, Scope::Standard];
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Simple => "simple",
            Scope::Standard => "standard",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Scope::Simple => "简单装修",
            Scope::Standard => "一般装修",
        }
    }
}

named_enum!(Scope, "scope");

/// A renovation permit's own page. Its state is the file's `status:` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renovation {
    #[serde(skip)]
    pub state: State,
    /// The contractor (装修单位); none for self-renovation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<String>,
    pub scope: Scope,
    pub structural: bool,
    pub hot_work: bool,
    pub description: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub workers: u32,
    pub documents: Vec<Check>,
    pub agreements: Vec<Check>,
    /// The application's round: 1, then one more for each revision after a rejection.
    pub round: u32,
    /// This round's signatures, in the chain's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspections: Vec<Inspection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hot_works: Vec<HotWork>,
    /// The day the contractor asked for the completion acceptance to be held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptances: Vec<Acceptance>,
    /// Worker passes returned and lost at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes: Option<PassReturn>,
}

/// A signature of the approval chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub role: String,
    pub by: String,
    pub date: NaiveDate,
    pub approved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An inspection during works (装修检查记录表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub by: String,
    pub what: String,
    pub findings: String,
}

/// A violation: the rectification notice (违章整改通知单), its deadline and fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    pub no: u32,
    pub date: NaiveDate,
    pub description: String,
    pub deadline: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<Money>,
    /// The ledger entry of the fine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_entry: Option<u32>,
    /// The day the rectification was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectified: Option<NaiveDate>,
}

/// A hot-work permit (动火作业) under the renovation permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotWork {
    pub no: u32,
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub work: String,
    pub fire_watch: String,
}

/// The joint completion acceptance (装修验收单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub date: NaiveDate,
    pub by: String,
    pub passed: bool,
    pub note: String,
}

/// Worker passes at the end of works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassReturn {
    pub returned: u32,
    pub lost: u32,
}

/// A renovation application as typed at the desk.
#[derive(Debug, Clone)]
pub struct Application {
    pub unit: String,
    pub applicant: String,
    pub tenant_applicant: bool,
    pub contractor: Option<String>,
    pub scope: Scope,
    pub structural: bool,
    pub hot_work: bool,
    pub description: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub workers: u32,
}

/// The documents a renovation needs: by scope, plus structural, hot work, and the
/// owner's consent for a tenant.
pub fn documents_for(rules: &PermitRules, a: &Application) -> Vec<String> {
    let d = &rules.documents;
    let mut out: Vec<String> = match a.scope {
        Scope::Simple => d.simple.clone(),
        Scope::Standard => d.standard.clone(),
    };
    let extra = [
        (a.structural, &d.structural),
        (a.hot_work, &d.hot_work),
        (a.tenant_applicant, &d.tenant),
    ];
    for (on, list) in extra {
        if on {
            for x in list {
                if !out.contains(x) {
                    out.push(x.clone());
                }
            }
        }
    }
    out
}

/// Issues an approved renovation permit, valid from the planned start (or today, if
/// later) until `until` (default the planned end), at most `max_validity_months`;
/// `missing` is what it still needs (`steps::missing`).
pub(super) fn issue(
    id: &str,
    r: &mut Renovation,
    history: &mut Vec<Entry>,
    act: Act,
    rules: &PermitRules,
    missing: Vec<Missing>,
    until: Option<NaiveDate>,
) -> Result<Done, Refused> {
    let to = r.state.step(id, Event::Issued)?;
    complete(id, missing)?;
    let from = r.planned_start.max(act.today);
    let until = until.unwrap_or(r.planned_end);
    let limit = max_until(from, rules.max_validity_months);
    if until > limit {
        return Err(refuse(Refusal::ValidityTooLong {
            months: rules.max_validity_months,
            from,
            limit,
            until,
        }));
    }
    if until < from {
        return Err(refuse(Refusal::UntilBeforeFrom { until, from }));
    }
    r.valid_from = Some(from);
    r.valid_until = Some(until);
    r.state = to;
    log(
        history,
        act,
        Event::Issued,
        format!("valid {from} to {until}"),
    );
    Ok(Done::Issued {
        id: id.to_string(),
        valid: Some((from, until)),
    })
}

fn refuse(r: Refusal) -> Refused {
    Refused::Permit(r)
}

/// The record-alone step done: what, and where the permit stands now.
fn did(id: &str, did: Did, state: State) -> Done {
    Done::Step {
        id: id.to_string(),
        did,
        status: state.status(),
    }
}

impl Permit {
    /// A renovation application.
    pub fn new_renovation(
        id: &str,
        a: Application,
        rules: &PermitRules,
        act: Act,
    ) -> Result<Permit, Refused> {
        if a.planned_end < a.planned_start {
            return Err(refuse(Refusal::EndsBeforeStart {
                start: a.planned_start,
                end: a.planned_end,
            }));
        }
        if a.workers == 0 {
            return Err(refuse(Refusal::NoWorkers));
        }
        if a.scope == Scope::Standard && a.contractor.is_none() {
            return Err(refuse(Refusal::ContractorNeeded));
        }
        if a.structural && a.scope == Scope::Simple {
            return Err(refuse(Refusal::StructuralNotSimple));
        }
        let description = filled(Field::Description, &a.description)?;
        let documents = documents_for(rules, &a)
            .iter()
            .map(|d| Check::new(d))
            .collect();
        let note = format!(
            "{} for {} by {}, {} to {}, {} worker(s)",
            a.scope, a.unit, a.applicant, a.planned_start, a.planned_end, a.workers
        );
        let page = Renovation {
            state: State::Applied,
            contractor: a.contractor,
            scope: a.scope,
            structural: a.structural,
            hot_work: a.hot_work,
            description,
            planned_start: a.planned_start,
            planned_end: a.planned_end,
            workers: a.workers,
            documents,
            agreements: rules.agreements.iter().map(|x| Check::new(x)).collect(),
            round: 1,
            approvals: Vec::new(),
            charges: Vec::new(),
            valid_from: None,
            valid_until: None,
            inspections: Vec::new(),
            violations: Vec::new(),
            hot_works: Vec::new(),
            completion_on: None,
            acceptances: Vec::new(),
            passes: None,
        };
        let history = vec![Entry::new(
            act.at,
            act.by,
            Event::Applied.as_str(),
            Some(note),
        )];
        let mut p = Permit::with(
            id,
            &a.unit,
            &a.applicant,
            PermitKind::Renovation(page),
            history,
        );
        p.tenant_applicant = a.tenant_applicant;
        Ok(p)
    }

    /// The renovation page and the history, or the refusal of a renovation step on
    /// another kind of permit.
    fn reno(&mut self) -> Result<(&str, &mut Renovation, &mut Vec<Entry>), Refused> {
        match self {
            Permit {
                id,
                part: PermitKind::Renovation(r),
                history,
                ..
            } => Ok((id.as_str(), r, history)),
            _ => Err(refuse(Refusal::NotA {
                id: self.id.clone(),
                kind: super::Kind::Renovation,
            })),
        }
    }

    /// Records the fees charged to the ledger (`steps::bill`).
    pub fn billed(&mut self, act: Act, entries: &[u32], total: Money) -> Result<(), Refused> {
        let (id, r, history) = self.reno()?;
        if !r.charges.is_empty() {
            return Err(refuse(Refusal::FeesCharged { id: id.to_string() }));
        }
        r.state = r.state.step(id, Event::Billed)?;
        r.charges = entries.to_vec();
        let list = entries
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        log(
            history,
            act,
            Event::Billed,
            format!("{total} (ledger entries {list})"),
        );
        Ok(())
    }

    /// The next signer of the chain this round, if any.
    pub fn next_signer<'r>(&self, rules: &'r PermitRules) -> Option<&'r str> {
        let done = self.renovation().map_or(0, |r| r.approvals.len());
        rules.approval_chain.get(done).map(String::as_str)
    }

    /// The next signer of the chain approves, or rejects with a reason (which ends
    /// the chain until a revised application).
    pub fn decide(
        &mut self,
        act: Act,
        rules: &PermitRules,
        role: &str,
        approve: bool,
        reason: Option<&str>,
    ) -> Result<Done, Refused> {
        let event = if approve {
            Event::Approved
        } else {
            Event::Rejected
        };
        let (id, r, history) = self.reno()?;
        let last = rules.approval_chain.len() == r.approvals.len() + 1;
        let to = next(r.state, event, last).ok_or_else(|| refused(id, r.state, event))?;
        let Some(signer) = rules.approval_chain.get(r.approvals.len()) else {
            return Err(refuse(Refusal::EverySignature { id: id.to_string() }));
        };
        if role != signer {
            return Err(refuse(Refusal::SignsNext {
                next: signer.clone(),
                role: role.to_string(),
                chain: rules.approval_chain.clone(),
            }));
        }
        let reason = match (approve, reason.map(str::trim)) {
            (false, None | Some("")) => return Err(refuse(Refusal::ReasonNeeded)),
            (_, r) => r.filter(|r| !r.is_empty()).map(str::to_string),
        };
        r.approvals.push(Approval {
            role: role.to_string(),
            by: act.by.to_string(),
            date: act.today,
            approved: approve,
            reason: reason.clone(),
        });
        r.state = to;
        let note = match approve {
            true => role.to_string(),
            false => format!("{role}: {}", reason.unwrap_or_default()),
        };
        log(history, act, event, note);
        let what = if approve {
            Did::Approved
        } else {
            Did::Rejected
        };
        Ok(did(id, what, to))
    }

    /// A revised application after a rejection: a new round of the chain.
    pub fn revise(&mut self, act: Act, description: Option<&str>) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::Revised)?;
        if let Some(d) = description {
            r.description = filled(Field::Description, d)?;
        }
        r.round += 1;
        r.approvals.clear();
        r.state = to;
        log(history, act, Event::Revised, format!("round {}", r.round));
        Ok(did(id, Did::Revised, to))
    }

    /// Everything a renovation still needs to be issued: documents, agreements, fees
    /// and, from the ledger, what is unpaid and the deposits short.
    pub(super) fn renovation_missing(
        &self,
        r: &Renovation,
        unpaid: Vec<Missing>,
        short: Vec<Missing>,
    ) -> Vec<Missing> {
        let mut out = Vec::new();
        for d in r.documents.iter().filter(|d| !d.done()) {
            out.push(Missing::Document {
                id: self.id.clone(),
                item: d.item.clone(),
            });
        }
        for a in r.agreements.iter().filter(|a| !a.done()) {
            out.push(Missing::Agreement {
                id: self.id.clone(),
                item: a.item.clone(),
            });
        }
        if r.charges.is_empty() {
            out.push(Missing::Fees {
                id: self.id.clone(),
            });
        }
        out.extend(unpaid);
        out.extend(short);
        out
    }

    /// Whether works may go on on `date`: issued (not suspended) and within validity.
    pub fn works_allowed_on(&self, date: NaiveDate) -> bool {
        self.renovation().is_some_and(|r| {
            r.state == State::Issued
                && r.valid_from.is_some_and(|f| f <= date)
                && r.valid_until.is_some_and(|u| date <= u)
        })
    }

    /// Whether the permit has expired by `date` without completion.
    pub fn expired_on(&self, date: NaiveDate) -> bool {
        self.renovation().is_some_and(|r| {
            matches!(r.state, State::Issued | State::Suspended)
                && r.valid_until.is_some_and(|u| u < date)
        })
    }

    /// An inspection logged.
    pub fn inspect(&mut self, act: Act, what: &str, findings: &str) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::Inspected)?;
        let what = filled(Field::WhatInspected, what)?;
        let findings = filled(Field::Findings, findings)?;
        r.inspections.push(Inspection {
            date: act.today,
            by: act.by.to_string(),
            what: what.clone(),
            findings: findings.clone(),
        });
        r.state = to;
        log(
            history,
            act,
            Event::Inspected,
            format!("{what}: {findings}"),
        );
        Ok(did(id, Did::Inspected, to))
    }

    /// A violation: a rectification notice with a deadline and an optional fine. The
    /// permit is suspended until the rectification is accepted. Returns its number
    /// (`steps::violation` posts the fine).
    pub fn violation(
        &mut self,
        act: Act,
        description: &str,
        deadline: NaiveDate,
        fine: Option<Money>,
    ) -> Result<u32, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::Violation)?;
        if deadline < act.today {
            return Err(refuse(Refusal::DeadlinePast { deadline }));
        }
        if fine.is_some_and(|f| f.minor() <= 0) {
            return Err(refuse(Refusal::FineNotPositive));
        }
        let description = filled(Field::Description, description)?;
        let no = r.violations.len() as u32 + 1;
        r.violations.push(Violation {
            no,
            date: act.today,
            description: description.clone(),
            deadline,
            fine,
            fine_entry: None,
            rectified: None,
        });
        r.state = to;
        let mut note = format!("no. {no}: {description}; rectify by {deadline}");
        if let Some(f) = fine {
            note.push_str(&format!("; fine {f}"));
        }
        log(history, act, Event::Violation, note);
        Ok(no)
    }

    /// The rectification of violation `no` accepted; works resume when none is open.
    pub fn rectified(&mut self, act: Act, no: u32) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        if let Some(on) = r
            .violations
            .iter()
            .find(|v| v.no == no)
            .and_then(|v| v.rectified)
        {
            return Err(refuse(Refusal::AlreadyRectified { no, on }));
        }
        let others_open = r
            .violations
            .iter()
            .any(|v| v.no != no && v.rectified.is_none());
        let to = next(r.state, Event::Rectified, !others_open)
            .ok_or_else(|| refused(id, r.state, Event::Rectified))?;
        let Some(v) = r.violations.iter_mut().find(|v| v.no == no) else {
            return Err(refuse(Refusal::NoViolation { no }));
        };
        v.rectified = Some(act.today);
        r.state = to;
        let resume = if others_open { "" } else { "; works resume" };
        log(history, act, Event::Rectified, format!("no. {no}{resume}"));
        Ok(did(id, Did::Rectified, to))
    }

    /// The open violations.
    pub fn open_violations(&self) -> Vec<&Violation> {
        self.renovation()
            .map(|r| {
                r.violations
                    .iter()
                    .filter(|v| v.rectified.is_none())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A hot-work permit under this one: its day, time window and fire watch.
    #[allow(clippy::too_many_arguments)]
    pub fn hot_work(
        &mut self,
        act: Act,
        date: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
        work: &str,
        fire_watch: &str,
    ) -> Result<Done, Refused> {
        let allowed = self.works_allowed_on(date);
        let (id, r, history) = self.reno()?;
        let after = r.state.step(id, Event::HotWork)?;
        if !r.hot_work {
            return Err(refuse(Refusal::NoHotWork { id: id.to_string() }));
        }
        if !allowed {
            return Err(refuse(Refusal::NoWorksOn {
                id: id.to_string(),
                date,
            }));
        }
        if to <= from {
            return Err(refuse(Refusal::HotWorkBackwards { from, to }));
        }
        if date < act.today {
            return Err(refuse(Refusal::HotWorkPast { date }));
        }
        let work = filled(Field::Work, work)?;
        let watch = filled(Field::FireWatch, fire_watch)?;
        let no = r.hot_works.len() as u32 + 1;
        r.hot_works.push(HotWork {
            no,
            date,
            from,
            to,
            work: work.clone(),
            fire_watch: watch.clone(),
        });
        r.state = after;
        let note = format!(
            "no. {no}: {date} {}-{}: {work}; fire watch {watch}",
            from.format("%H:%M"),
            to.format("%H:%M")
        );
        log(history, act, Event::HotWork, note);
        Ok(did(id, Did::HotWork, after))
    }

    /// Extends the validity before it expires, at most the office's limit from today.
    pub fn extend(
        &mut self,
        act: Act,
        rules: &PermitRules,
        until: NaiveDate,
    ) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::Extended)?;
        let Some(old) = r.valid_until else {
            return Err(refuse(Refusal::NoValidity { id: id.to_string() }));
        };
        if act.today > old {
            return Err(refuse(Refusal::ExpiredNoExtension {
                id: id.to_string(),
                on: old,
            }));
        }
        if until <= old {
            return Err(refuse(Refusal::DoesNotExtend { until, old }));
        }
        let limit = max_until(act.today, rules.max_validity_months);
        if until > limit {
            return Err(refuse(Refusal::ExtensionTooLong {
                months: rules.max_validity_months,
                limit,
            }));
        }
        r.valid_until = Some(until);
        r.state = to;
        log(history, act, Event::Extended, format!("{old} → {until}"));
        Ok(did(id, Did::Extended, to))
    }

    /// The contractor applies in writing for the completion acceptance on `on`, at
    /// least `completion_notice_days` ahead.
    pub fn apply_completion(
        &mut self,
        act: Act,
        rules: &PermitRules,
        on: NaiveDate,
    ) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::CompletionApplied)?;
        let earliest = act.today + chrono::Days::new(u64::from(rules.completion_notice_days));
        if on < earliest {
            return Err(refuse(Refusal::CompletionTooSoon {
                days: rules.completion_notice_days,
                earliest,
                on,
            }));
        }
        r.completion_on = Some(on);
        r.state = to;
        log(
            history,
            act,
            Event::CompletionApplied,
            format!("acceptance on {on}"),
        );
        Ok(did(id, Did::CompletionApplied, to))
    }

    /// The joint acceptance: passed, or failed (a rectification notice with a
    /// deadline; the contractor applies again after it).
    pub fn accept(
        &mut self,
        act: Act,
        passed: bool,
        note: &str,
        deadline: Option<NaiveDate>,
    ) -> Result<Done, Refused> {
        let event = if passed {
            Event::Accepted
        } else {
            Event::NotAccepted
        };
        let open = self.open_violations().first().map(|v| v.no);
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, event)?;
        let note = filled(Field::Note, note)?;
        if let Some(no) = open
            && passed
        {
            return Err(refuse(Refusal::NotRectified { no }));
        }
        if let Some(on) = r.completion_on
            && act.today < on
        {
            return Err(refuse(Refusal::AcceptanceNotToday { on }));
        }
        let deadline = match passed {
            true => None,
            false => Some(deadline.ok_or_else(|| refuse(Refusal::DeadlineNeeded))?),
        };
        if let Some(deadline) = deadline
            && deadline < act.today
        {
            return Err(refuse(Refusal::DeadlinePast { deadline }));
        }
        r.acceptances.push(Acceptance {
            date: act.today,
            by: act.by.to_string(),
            passed,
            note: note.clone(),
        });
        r.state = to;
        log(history, act, event, note.clone());
        let Some(deadline) = deadline else {
            return Ok(did(id, Did::Accepted, to));
        };
        // The failure is a rectification notice; works resume to rectify it.
        self.violation(act, &note, deadline, None)?;
        let (id, r, _) = self.reno()?;
        r.completion_on = None;
        Ok(did(id, Did::NotAccepted, r.state))
    }

    /// Passes returned and lost; the pass deposit of a lost pass is forfeited.
    pub fn return_passes(&mut self, act: Act, returned: u32, lost: u32) -> Result<Done, Refused> {
        let (id, r, history) = self.reno()?;
        let to = r.state.step(id, Event::Passes)?;
        if r.passes.is_some() {
            return Err(refuse(Refusal::PassesSettled { id: id.to_string() }));
        }
        if returned + lost != r.workers {
            return Err(refuse(Refusal::PassesDontAddUp {
                workers: r.workers,
                returned,
                lost,
            }));
        }
        r.passes = Some(PassReturn { returned, lost });
        r.state = to;
        log(
            history,
            act,
            Event::Passes,
            format!("{returned} returned, {lost} lost"),
        );
        Ok(did(id, Did::PassesSettled, to))
    }

    /// Whether the permit may be closed: accepted, the passes settled.
    pub(super) fn may_close(&mut self) -> Result<State, Refused> {
        let (id, r, _) = self.reno()?;
        let to = r.state.step(id, Event::Closed)?;
        if r.passes.is_none() {
            return Err(refuse(Refusal::PassesFirst { id: id.to_string() }));
        }
        Ok(to)
    }

    /// Closes the permit once the deposits are settled (`steps::refund`).
    pub fn close(&mut self, act: Act, note: String) -> Result<(), Refused> {
        let to = self.may_close()?;
        let (_, r, history) = self.reno()?;
        r.state = to;
        log(history, act, Event::Closed, note);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
