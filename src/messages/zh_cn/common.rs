//! 各程序共用的话。

/// (zh-CN: the next issue words it.)
pub fn too_large() -> String {
    super::super::en::common::too_large()
}
