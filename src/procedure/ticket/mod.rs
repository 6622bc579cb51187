//! Tickets: repairs and work orders (派工单), complaints (投诉), suggestions and
//! inquiries, special services (特约服务).
//!
//! The office procedure, step by step:
//! 1. The desk takes the ticket: what, where (a unit or a public area), who reported
//!    it, how it came in; a repair gets a priority and a completion grade. A complaint
//!    on a matter already complained of names the first complaint (二次投诉).
//! 2. A repair: engineering dispatches a technician, who accepts the order and arrives
//!    within the response time of its priority; chargeable work is quoted from the price
//!    list (or priced by the supervisor) and agreed to by the tenant before the work;
//!    the work is done within the completion standard and signed for; the order returns
//!    to the desk; the desk calls back within 48 hours (a visit for some categories). Not
//!    satisfied sends it back to engineering; satisfied, the desk closes it and the fee
//!    of chargeable work goes on the unit's next payment notice. Waiting on the tenant
//!    stops the clocks (paused); a ticket may be shelved, or declared dead or
//!    unreasonable, and the reason is fed back to the tenant.
//! 3. A special service is a repair paid by the unit: quoted and agreed to before it
//!    is dispatched.
//! 4. A complaint gets first feedback within 24 hours; it is assessed (valid: a
//!    department and person; not valid: explained, and closed at the desk); the
//!    department acts, the desk replies within working days that depend on the
//!    channel, calls back, and the manager signs the report, which closes it.
//! 5. An inquiry or suggestion is replied to and closed.
//!
//! Where each part lives: [`record`] the ticket and its parts, [`codes`] its codes;
//! [`event`] the events and the replay of a history, with one flow per kind
//! ([`repair`], [`complaint`], [`inquiry`]) holding its states and transitions;
//! [`steps`] every step; [`rules`] the `office.toml` section; [`deadlines`] every
//! deadline recomputed from the history; [`due`] what goes on the agenda; [`notices`]
//! the printed forms; [`figures`] the month's figures.

pub mod codes;
pub mod complaint;
pub mod deadlines;
pub mod due;
pub mod event;
pub mod figures;
pub mod inquiry;
pub mod notices;
pub mod record;
pub mod repair;
pub mod rules;
pub mod steps;

pub use record::*;
pub use rules::*;
pub use steps::{Aside, Call, Verdict};
