//! 各程序共用的话。

/// A value a step needs is empty: `what` names it. (zh-CN: the next issue.)
pub fn empty(what: &str) -> String {
    super::super::en::common::empty(what)
}

pub fn too_large() -> String {
    super::super::en::common::too_large()
}
