//! How movein records are shown: sheets and lists.
