//! How ticket records are shown: sheets and lists.
