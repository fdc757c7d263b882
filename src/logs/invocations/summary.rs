//! The end-of-tail summary per function (per NAME): invocations, failures by kind, cold
//! starts, duration percentiles, memory against the configured size, and the runbook's
//! markers counted.

use serde::Serialize;

use crate::logs::classify::{MarkerCount, Tally};
use crate::logs::invocations::{Invocation, Outcome};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionSummary {
    pub source: String,
    pub log_group: String,
    /// Invocations seen (with a request id), finished or not.
    pub invocations: u64,
    pub ok: u64,
    /// Every failed invocation: errors, timeouts, out of memory, runtime exits, init errors.
    pub failed: u64,
    pub errors: u64,
    pub timeouts: u64,
    pub out_of_memory: u64,
    pub runtime_exits: u64,
    pub init_errors: u64,
    pub unfinished: u64,
    pub cold_starts: u64,
    /// Over the invocations with a REPORT (nearest rank).
    pub duration_ms: Option<Percentiles>,
    pub max_memory_used_mb: Option<u64>,
    pub memory_size_mb: Option<u64>,
    pub max_init_duration_ms: Option<f64>,
    pub markers: Vec<MarkerCount>,
    pub error_lines: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

/// Counts for one function as invocations are handed out.
#[derive(Debug, Clone)]
pub struct Counter {
    source: String,
    log_group: String,
    counts: [u64; 8],
    cold_starts: u64,
    /// One f64 per reported invocation: the only part that grows with the range.
    durations: Vec<f64>,
    max_memory: Option<u64>,
    memory_size: Option<u64>,
    max_init: Option<f64>,
}

impl Counter {
    pub fn new(source: &str, log_group: &str) -> Counter {
        Counter {
            source: source.to_string(),
            log_group: log_group.to_string(),
            counts: [0; 8],
            cold_starts: 0,
            durations: Vec::new(),
            max_memory: None,
            memory_size: None,
            max_init: None,
        }
    }

    pub fn add(&mut self, invocation: &Invocation) {
        self.counts[invocation.outcome as usize] += 1;
        if invocation.outcome == Outcome::Outside {
            return;
        }
        let r = &invocation.report;
        if let Some(d) = r.duration_ms {
            self.durations.push(d);
        }
        if let Some(init) = r.init_duration_ms {
            self.cold_starts += 1;
            self.max_init = Some(self.max_init.map_or(init, |m| m.max(init)));
        }
        if let Some(used) = r.max_memory_mb {
            self.max_memory = Some(self.max_memory.map_or(used, |m| m.max(used)));
        }
        if r.memory_size_mb.is_some() {
            self.memory_size = r.memory_size_mb;
        }
    }

    pub fn summary(&self, tally: &Tally) -> FunctionSummary {
        let n = |o: Outcome| self.counts[o as usize];
        let failed = [
            Outcome::Error,
            Outcome::Timeout,
            Outcome::OutOfMemory,
            Outcome::RuntimeExit,
            Outcome::InitError,
        ]
        .iter()
        .map(|&o| n(o))
        .sum();
        FunctionSummary {
            source: self.source.clone(),
            log_group: self.log_group.clone(),
            invocations: self.counts.iter().sum::<u64>() - n(Outcome::Outside),
            ok: n(Outcome::Ok),
            failed,
            errors: n(Outcome::Error),
            timeouts: n(Outcome::Timeout),
            out_of_memory: n(Outcome::OutOfMemory),
            runtime_exits: n(Outcome::RuntimeExit),
            init_errors: n(Outcome::InitError),
            unfinished: n(Outcome::Unfinished),
            cold_starts: self.cold_starts,
            duration_ms: percentiles(&self.durations),
            max_memory_used_mb: self.max_memory,
            memory_size_mb: self.memory_size,
            max_init_duration_ms: self.max_init,
            markers: tally.markers.clone(),
            error_lines: tally.errors,
        }
    }
}

/// p50, p95 (nearest rank: the smallest value with at least that share at or below it)
/// and the maximum.
pub fn percentiles(values: &[f64]) -> Option<Percentiles> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let i = (p * sorted.len() as f64).ceil() as usize;
        sorted[i.clamp(1, sorted.len()) - 1]
    };
    Some(Percentiles {
        p50: rank(0.50),
        p95: rank(0.95),
        max: sorted[sorted.len() - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentiles(&[]), None);
        let p = percentiles(&[5.0]).unwrap();
        assert_eq!((p.p50, p.p95, p.max), (5.0, 5.0, 5.0));
        let values: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let p = percentiles(&values).unwrap();
        assert_eq!((p.p50, p.p95, p.max), (10.0, 19.0, 20.0));
        let p = percentiles(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!((p.p50, p.p95, p.max), (2.0, 4.0, 4.0));
    }
}
