//! How dunning records are shown: sheets and lists.
