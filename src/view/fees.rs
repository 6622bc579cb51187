//! How fees records are shown: sheets and lists.
