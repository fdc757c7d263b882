//! The target function, judged before any write: its state read (and waited for while it
//! settles) for the plan (`state`), and the re-read right before its enable (`check`).

pub mod check;
pub mod state;
