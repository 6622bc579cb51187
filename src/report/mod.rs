//! The month's figures from every procedure, for `propdesk report`.
