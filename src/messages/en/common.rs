//! What every procedure says alike, in English.

/// A value a step needs is empty: `what` names it.
pub fn empty(what: &str) -> String {
    format!("the {what} is empty")
}

pub fn too_large() -> String {
    "the amount is too large".to_string()
}

pub fn not_loaded() -> String {
    "the records this notice is made from were not loaded".to_string()
}
