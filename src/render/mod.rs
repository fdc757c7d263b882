//! Turning command reports into tables and text. Commands build data; this renders it.

pub mod destination;
pub mod dlq;
pub mod functions;
pub mod guard;
pub mod guard_live;
pub mod map;
pub mod mappings;
pub mod queues;
pub mod switch;
pub mod tail;
pub mod tail_list;
pub mod time;
pub mod verify;
pub mod words;

#[cfg(test)]
mod tests;
