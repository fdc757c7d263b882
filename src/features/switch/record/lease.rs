//! The switch lease: two operators switching the same queue at once must never leave
//! two consumers enabled. The executor re-reads before every write, but "no other
//! consumer is on" and "enable" are two calls, and two runs can pass the check before
//! either enable lands. So each run holds an advisory lease on the queue from that
//! check until its enable has been answered (seconds), written as a tag on every
//! mapping of the queue.
//!
//! Taking it: write our own tag (`ccx-lease-<random>` = `until=… host=… pid=…`) on each
//! mapping, then read every mapping's tags. If no other live lease is there, it is ours;
//! otherwise remove ours, wait a moment and try again, until `--timeout`. Two runs that
//! both write before either reads both see each other and both back off (then retry at
//! random moments); a run that read before the other wrote is seen by it. Both runs'
//! mapping lists share a mapping (each target exists before its run lists the queue), so
//! at most one run holds the lease at a time.
//!
//! A lease expires after `TTL`, so a killed run blocks others for at most that long; a
//! lease left by a process of this host that is no longer running is removed at once.
//! Tags are only advisory: a person or another tool switching mappings by hand does not
//! see them. Tag writes that AWS refuses (e.g. no `lambda:TagResource` permission) do not
//! stop a switch: it goes on without the lease, as ccx did before, and says so.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use futures::future::{join_all, try_join_all};
use jiff::Timestamp;

use crate::aws::arn::Arn;
use crate::features::switch::mapping_api::MappingApi;
use crate::state::mappings::MappingInfo;

/// Every lease tag key starts with this (the policy allows ccx no other tag key).
pub const TAG_PREFIX: &str = "ccx-lease-";

/// How long a lease is good for: far longer than a check and one write take (each AWS
/// call is bounded at 60 s), short enough that a killed run blocks others briefly.
pub const TTL: Duration = Duration::from_secs(180);

/// This process, as lease holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub key: String,
    pub host: String,
    pub pid: u32,
}

impl Holder {
    /// The tag value of a lease taken `now`.
    pub fn value(&self, now: Timestamp) -> String {
        let until = now
            .checked_add(jiff::SignedDuration::from_secs(TTL.as_secs() as i64))
            .unwrap_or(now)
            .round(jiff::Unit::Second)
            .unwrap_or(now);
        format!("until={until} host={} pid={}", self.host, self.pid)
    }
}

/// This process's identity, made once: a random key, the host name, the pid.
pub fn holder() -> &'static Holder {
    static HOLDER: OnceLock<Holder> = OnceLock::new();
    HOLDER.get_or_init(|| Holder {
        key: format!("{TAG_PREFIX}{:016x}", random()),
        host: host_name(),
        pid: std::process::id(),
    })
}

/// A lease of someone else, as read from a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub key: String,
    pub host: Option<String>,
    pub pid: Option<u32>,
    pub until: Option<Timestamp>,
}

impl Seen {
    pub fn parse(key: &str, value: &str) -> Seen {
        let field = |name: &str| {
            value
                .split_whitespace()
                .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
        };
        Seen {
            key: key.to_string(),
            host: field("host").map(str::to_string),
            pid: field("pid").and_then(|p| p.parse().ok()),
            until: field("until").and_then(|t| t.parse().ok()),
        }
    }

    /// Still to be respected at `now`: not expired, and not left by a process of this
    /// host that is gone. A value ccx cannot read counts as expired.
    pub fn is_live(&self, now: Timestamp, here: &str, running: impl Fn(u32) -> bool) -> bool {
        let Some(until) = self.until else {
            return false;
        };
        if until <= now {
            return false;
        }
        match (&self.host, self.pid) {
            (Some(host), Some(pid)) if host == here => running(pid),
            _ => true,
        }
    }

    pub fn describe(&self) -> String {
        let host = self.host.as_deref().unwrap_or("?");
        let pid = self.pid.map_or("?".to_string(), |p| p.to_string());
        let until = self.until.map_or("?".to_string(), |t| t.to_string());
        format!("ccx pid {pid} on {host}, until {until}")
    }
}

/// The other leases among the tags of the queue's mappings.
pub fn others(tag_sets: &[BTreeMap<String, String>], me: &Holder) -> Vec<Seen> {
    let mut seen: Vec<Seen> = Vec::new();
    for tags in tag_sets {
        for (key, value) in tags {
            if key.starts_with(TAG_PREFIX) && key != &me.key && !seen.iter().any(|s| &s.key == key)
            {
                seen.push(Seen::parse(key, value));
            }
        }
    }
    seen
}

/// A held lease: the mappings it is written on.
#[derive(Debug)]
pub struct Lease {
    arns: Vec<String>,
}

/// What taking the lease came to.
#[derive(Debug)]
pub enum Taken {
    Held(Lease),
    /// Tags are not kept (unit tests' simulated Lambda), or AWS refused the tag calls
    /// (the reason): the switch goes on without a lease. The caller lists the queue's
    /// mappings only when `MappingApi::keeps_tags`.
    Without(Option<String>),
}

/// Why no lease could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub holder: Seen,
}

/// Tells the executor what happens while taking the lease.
pub trait LeaseNotes {
    fn note(&self, text: String);
}

/// Takes the lease on the queue whose mappings are `mappings`, waiting for another
/// holder until `deadline`.
pub async fn acquire<A: MappingApi>(
    api: &A,
    mappings: &[MappingInfo],
    deadline: Instant,
    notes: &dyn LeaseNotes,
) -> Result<Taken, Busy> {
    let me = holder();
    let arns: Vec<String> = mappings.iter().filter_map(mapping_arn).collect();
    if arns.is_empty() || !api.keeps_tags() {
        return Ok(Taken::Without(None));
    }
    let mut told_waiting = false;
    let mut pause = Duration::from_millis(200);
    loop {
        let value = me.value(Timestamp::now());
        // Every mapping tagged (at once) before any is read back (at once): a run that
        // tags later then sees this one's tags, and this one sees an earlier run's.
        let tagged = try_join_all(arns.iter().map(|arn| api.tag(arn, &me.key, &value))).await;
        let read = match tagged {
            Ok(_) => try_join_all(arns.iter().map(|arn| api.tags(arn))).await,
            Err(e) => Err(e),
        };
        let tag_sets = match read {
            Ok(tag_sets) => tag_sets,
            Err(e) => {
                release(api, Lease { arns: arns.clone() }).await;
                return Ok(Taken::Without(Some(e.to_string())));
            }
        };
        let now = Timestamp::now();
        let (live, stale): (Vec<Seen>, Vec<Seen>) = others(&tag_sets, me)
            .into_iter()
            .partition(|s| s.is_live(now, &me.host, process_running));
        for old in &stale {
            notes.note(format!(
                "removing a stale switch lease ({}): an earlier ccx run stopped without finishing",
                old.describe()
            ));
            join_all(arns.iter().map(|arn| api.untag(arn, &old.key))).await;
        }
        let Some(other) = live.into_iter().next() else {
            return Ok(Taken::Held(Lease { arns }));
        };
        release(api, Lease { arns: arns.clone() }).await;
        if Instant::now() >= deadline {
            return Err(Busy { holder: other });
        }
        if !told_waiting {
            notes.note(format!(
                "another ccx run is switching this queue ({}); waiting for it",
                other.describe()
            ));
            told_waiting = true;
        }
        let jitter = Duration::from_millis(random() % 400);
        let left = deadline.saturating_duration_since(Instant::now());
        tokio::time::sleep((pause + jitter).min(left)).await;
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}

/// Gives the lease up (best effort: an untag that fails leaves a lease that expires).
pub async fn release<A: MappingApi>(api: &A, lease: Lease) {
    let key = &holder().key;
    join_all(lease.arns.iter().map(|arn| api.untag(arn, key))).await;
}

/// The ARN Lambda's tag calls take for a mapping, from its function's ARN.
pub fn mapping_arn(mapping: &MappingInfo) -> Option<String> {
    let function = Arn::parse(&mapping.function_arn)?;
    Some(
        Arn::event_source_mapping(
            &function.partition,
            &function.region,
            &function.account,
            &mapping.uuid,
        )
        .to_string(),
    )
}

/// Whether a process of this host with this pid runs: known on Linux (`/proc`);
/// elsewhere assumed, so such a lease waits for its expiry.
fn process_running(pid: u32) -> bool {
    let proc = std::path::Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// The host name in the characters a tag value may hold.
fn host_name() -> String {
    let raw = gethostname::gethostname().to_string_lossy().into_owned();
    let name: String = raw
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._".contains(*c))
        .take(64)
        .collect();
    if name.is_empty() {
        "unknown-host".to_string()
    } else {
        name
    }
}

/// A random number: lease keys of two runs must differ, and so must their back-offs.
fn random() -> u64 {
    fastrand::u64(..)
}

#[cfg(test)]
mod tests;
