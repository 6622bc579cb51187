//! 各程序共用的话。

/// (zh-CN: the next issue words it.)
pub fn too_large() -> String {
    super::super::en::common::too_large()
}

pub fn not_loaded() -> String {
    "未读取到生成此通知所需的记录".to_string()
}
