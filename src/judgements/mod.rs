//! Pure judgements over what `state` read: who consumes a source (`consumers`), whether
//! a function is ready (`health`), why a mapping is wrong (`mapping_reasons`), one verdict
//! per source (`source_judgement`), whether a timeout fits a queue (`visibility_fit`), how
//! fast a queue drains (`queue_drain_rate`), and which stacks exist (`stacks`).

pub mod consumers;
pub mod drift;
pub mod health;
pub mod mapping_reasons;
pub mod queue_drain_rate;
pub mod source_judgement;
pub mod stacks;
pub mod visibility_fit;
