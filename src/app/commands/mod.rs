//! One module per subcommand. Each builds a report (plain data) and hands it to
//! `render` or prints it as JSON; `app::run` picks the one a command line names.

pub mod completions;
pub mod config;
pub mod dlq;
pub mod drift;
pub mod functions;
pub mod guard;
pub mod map;
pub mod mappings;
pub mod policy;
pub mod queues;
pub mod switch;
pub mod tail;
pub mod verify;
