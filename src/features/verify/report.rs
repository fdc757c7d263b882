//! The verify report: a list of checks, each pass / warn / fail / skip / error, each
//! carrying what it found (`Finding`). A check is serialized by the renderer
//! (`render::verify::json`): its JSON `summary` and `details` are the finding in words.

use serde::Serialize;

use super::finding::Finding;

use crate::judgements::health::Health;

/// Ordered by severity, so the overall status is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Skip,
    Warn,
    Fail,
    /// The check could not run (access denied, throttled beyond retries, ambiguous name…).
    Error,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Skip => "skip",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "fail",
            CheckStatus::Error => "error",
        }
    }
}

/// A function's health as a check result.
impl From<Health> for CheckStatus {
    fn from(health: Health) -> CheckStatus {
        match health {
            Health::Ok => CheckStatus::Pass,
            Health::Warn => CheckStatus::Warn,
            Health::Fail => CheckStatus::Fail,
        }
    }
}

/// The source of evidence a check judges: the first part of its id (`logs.lines` is a
/// `Logs` check). What `--wait` reads again, and what an operator can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Functions,
    Consumers,
    Config,
    Queues,
    Logs,
    Metrics,
    /// What the IaC declares against the live consumers (with an IaC source).
    Drift,
    /// An id outside the families above (tests, future checks).
    Other,
}

impl CheckKind {
    /// The first part of its checks' ids (what `--skip` names).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Functions => "functions",
            CheckKind::Consumers => "consumers",
            CheckKind::Config => "config",
            CheckKind::Queues => "queues",
            CheckKind::Logs => "logs",
            CheckKind::Metrics => "metrics",
            CheckKind::Drift => "drift",
            CheckKind::Other => "other",
        }
    }

    /// The kind an id names: ids are `<kind>.<key>` by contract (they are stable, and
    /// operators' scripts match them).
    pub fn of_id(id: &str) -> CheckKind {
        match id.split('.').next().unwrap_or_default() {
            "functions" => CheckKind::Functions,
            "consumers" => CheckKind::Consumers,
            "config" => CheckKind::Config,
            "queues" => CheckKind::Queues,
            "logs" => CheckKind::Logs,
            "metrics" => CheckKind::Metrics,
            "drift" => CheckKind::Drift,
            _ => CheckKind::Other,
        }
    }
}

/// Why a check did not run (its status is then `skip`): never a pass, always said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRun {
    /// The operator left its source out (`--skip KIND`).
    Skipped,
    /// Its source could not be read: one check of the source says why (`metrics`), the
    /// checks that needed it say only that.
    SourceFailed,
}

/// One check. Serialized by `render::verify::json` as `{"id", "title", "status",
/// "summary", "details", "not_run"}`, the summary and details worded from `finding`.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable identifier, e.g. `consumers.lines`.
    pub id: String,
    /// Which evidence it judges, from the id.
    pub kind: CheckKind,
    pub title: String,
    pub status: CheckStatus,
    /// What it found: the data its words are made of.
    pub finding: Finding,
    /// Why it did not run; null when it ran (a `skip` for no data ran, and found none).
    pub not_run: Option<NotRun>,
    /// True when the condition may settle by itself (a mapping in a transitional state,
    /// a function update in progress): `--wait` keeps polling for these.
    pub settling: bool,
}

impl Check {
    /// Tests only: a check whose finding is given as words (`summary`, then
    /// `with_details`).
    #[cfg(test)]
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        status: CheckStatus,
        summary: impl Into<String>,
    ) -> Check {
        Check::found(id, title, status, Finding::worded(summary))
    }

    /// A check and what it found.
    pub fn found(
        id: impl Into<String>,
        title: impl Into<String>,
        status: CheckStatus,
        finding: Finding,
    ) -> Check {
        let id = id.into();
        Check {
            kind: CheckKind::of_id(&id),
            id,
            title: title.into(),
            status,
            finding,
            not_run: None,
            settling: false,
        }
    }

    /// A check that did not run, saying why.
    pub fn not_run(
        id: impl Into<String>,
        title: impl Into<String>,
        why: NotRun,
        finding: Finding,
    ) -> Check {
        let mut check = Check::found(id, title, CheckStatus::Skip, finding);
        check.not_run = Some(why);
        check
    }

    /// Tests only: the details of a worded finding (a typed one words its own).
    #[cfg(test)]
    pub fn with_details(mut self, details: Vec<String>) -> Check {
        if let Finding::Worded { details: d, .. } = &mut self.finding {
            *d = details;
        }
        self
    }

    pub fn settling(mut self) -> Check {
        self.settling = true;
        self
    }
}

/// The words the JSON carries, for the unit tests of the checks (which cannot name the
/// renderer that writes them).
#[cfg(test)]
impl Check {
    pub fn summary(&self) -> String {
        let json = serde_json::to_value(self).expect("a check serializes");
        json["summary"].as_str().unwrap_or_default().to_string()
    }

    pub fn details(&self) -> Vec<String> {
        let json = serde_json::to_value(self).expect("a check serializes");
        serde_json::from_value(json["details"].clone()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub status: CheckStatus,
    pub stack: String,
    pub strict: bool,
    /// Judged against the rollback state (`--rolled-back`) rather than the topology.
    pub rolled_back: bool,
    /// The sources the operator left out (`--skip`): their checks did not run.
    pub skipped: Vec<CheckKind>,
    pub checks: Vec<Check>,
    /// What the operator may want to turn on (per-mapping event counts, say), with the
    /// command: said once, never a warning, never in the status.
    pub hints: Vec<String>,
}

impl VerifyReport {
    pub fn new(stack: &str, strict: bool, checks: Vec<Check>) -> VerifyReport {
        let worst = checks
            .iter()
            .map(|c| c.status)
            .max()
            .unwrap_or(CheckStatus::Pass);
        let status = if worst == CheckStatus::Skip {
            CheckStatus::Pass
        } else {
            worst
        };
        VerifyReport {
            status,
            stack: stack.to_string(),
            strict,
            rolled_back: false,
            skipped: Vec::new(),
            checks,
            hints: Vec::new(),
        }
    }

    /// Something may still change by itself: worth another look under `--wait`.
    pub fn worth_waiting(&self) -> bool {
        self.status == CheckStatus::Fail || self.checks.iter().any(|c| c.settling)
    }

    pub fn count(&self, status: CheckStatus) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }

    /// How many checks did not run, for this reason.
    pub fn count_not_run(&self, why: NotRun) -> usize {
        self.checks
            .iter()
            .filter(|c| c.not_run == Some(why))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_s_kind_is_the_first_part_of_its_id() {
        let kind = |id| Check::new(id, "t", CheckStatus::Pass, "").kind;
        assert_eq!(kind("logs.lines"), CheckKind::Logs);
        assert_eq!(kind("metrics.compaction-runs"), CheckKind::Metrics);
        assert_eq!(kind("consumers.words"), CheckKind::Consumers);
        assert_eq!(kind("functions.k"), CheckKind::Functions);
        assert_eq!(kind("logsx.k"), CheckKind::Other);
    }

    #[test]
    fn overall_status_is_the_worst_and_skip_alone_is_a_pass() {
        let c = |s| Check::new("x", "x", s, "");
        assert_eq!(
            VerifyReport::new(
                "dev",
                false,
                vec![c(CheckStatus::Pass), c(CheckStatus::Skip)]
            )
            .status,
            CheckStatus::Pass
        );
        assert_eq!(
            VerifyReport::new(
                "dev",
                false,
                vec![c(CheckStatus::Warn), c(CheckStatus::Pass)]
            )
            .status,
            CheckStatus::Warn
        );
        assert_eq!(
            VerifyReport::new(
                "dev",
                false,
                vec![c(CheckStatus::Warn), c(CheckStatus::Fail)]
            )
            .status,
            CheckStatus::Fail
        );
        assert_eq!(
            VerifyReport::new(
                "dev",
                false,
                vec![c(CheckStatus::Error), c(CheckStatus::Fail)]
            )
            .status,
            CheckStatus::Error
        );
    }
}
