//! The bottom layer, no AWS and no terminal: the pipeline's topology (`topology`), how
//! its names resolve in a stack (`resolve`), time arithmetic (`time`), and an error as
//! one line (`error_line`).

pub mod error_line;
pub mod resolve;
pub mod time;
pub mod topology;
