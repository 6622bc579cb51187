//! How permit records are shown: sheets and lists.
