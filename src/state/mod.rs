//! Reading the live state from AWS into plain data types. No rendering, no verdicts.

pub mod consumer_listings;
pub mod function_pages;
pub mod functions;
pub mod iac;
pub mod log_budget;
pub mod log_config;
pub mod log_streams;
pub mod logs;
pub mod mapping_config;
pub mod mapping_state;
pub mod mapping_tags;
pub mod mappings;
pub mod messages;
pub mod metrics;
pub mod move_tasks;
pub mod pipeline;
pub mod queue_reads;
pub mod queues;
