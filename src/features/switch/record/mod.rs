//! What a switch leaves behind, on disk and in the account: the audit line of every
//! applied switch (`audit`), the lease tags that keep two runs off one queue (`lease`),
//! and recognising a switch that stopped half-way from what it left (`resume`).

pub mod audit;
pub mod lease;
pub mod resume;
