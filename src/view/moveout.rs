//! How moveout records are shown: sheets and lists.
