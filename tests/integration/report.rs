//! `propdesk report` as a user runs it.
