//! Permits: renovation (装修许可) and the other passes.
//!
//! The office procedure, step by step:
//! 1. A renovation is applied for before any work (`permit new`): the documents its
//!    scope needs are listed (simple work, standard works, structural changes, hot
//!    work, a tenant's owner consent) and received (`receive`).
//! 2. The agreements are signed (`sign`); the fees (debris removal, worker passes) are
//!    charged (`bill`) and paid; the deposits (renovation, worker passes) are taken.
//! 3. The approval chain signs in order (desk clerk, engineering, security, fire
//!    safety, manager: `approve`); a rejection (`reject`) waits for a revised
//!    application (`revise`), which starts the chain again.
//! 4. Issued once everything is in (`issue`), valid at most three months; the permit
//!    for the door and the workers' rules are filed to be posted.
//! 5. During works: inspections (`inspect`); violations with a rectification notice
//!    and a fine (`violation`), which suspend works until rectified (`rectified`);
//!    hot work under the permit (`hot-work`); an extension before expiry (`extend`).
//! 6. Completion is applied for three days ahead (`complete`) and jointly accepted
//!    (`accept`); a failed acceptance is a rectification notice.
//! 7. The worker passes come back (`passes`); the deposits are refunded net of unpaid
//!    fines, lost passes and damage, and the permit is closed (`refund`).
//!
//! The other permits are shorter: a parking permit (papers, the term's fee, issue,
//! renewal term by term); access cards (a deposit per card, returned at the end);
//! a goods exit pass (signed by the owner side, the tenant side, then the desk;
//! taken by security), behind the gate of [`gate`]: no goods leave while money is
//! owed (a move-out not settled or not paid; a dunning case at its suspension step,
//! unless a manager overrides); overtime air-conditioning (taken before the cut-off,
//! charged).
//!
//! Where things live: [`record`] holds what every permit has and its file's shape;
//! each kind's page, states and transition function are in [`renovation`],
//! [`parking`], [`access_card`], [`goods_exit`] and [`overtime_ac`]; [`steps`] holds
//! the steps that reach the ledger or the unit's other permits, and the typed
//! refusals and confirmations; [`settle`] the deposit refund; [`rules`] the
//! `office.toml` section; [`due`], [`notices`] and [`figures`] what the agenda, the
//! notices and the report ask of permits.

pub mod access_card;
pub mod due;
pub mod figures;
pub mod gate;
pub mod goods_exit;
pub mod notices;
pub mod overtime_ac;
pub mod parking;
pub mod record;
pub mod renovation;
pub mod rules;
pub mod settle;
pub mod steps;

pub use access_card::AccessCard;
pub use goods_exit::{GoodsExit, Side};
pub use overtime_ac::{AcRequest, OvertimeAc};
pub use parking::{Parking, ParkingApplication, Term};
pub use record::*;
pub use renovation::{
    Acceptance, Application, Approval, HotWork, Inspection, PassReturn, Renovation, Scope,
    Violation, documents_for,
};
pub use rules::*;
