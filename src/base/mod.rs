//! The bottom layer, no AWS and no terminal: the pipeline's topology (`topology`), how
//! its names resolve in a stack (`resolve`), and time arithmetic (`time`).

pub mod resolve;
pub mod time;
pub mod topology;
