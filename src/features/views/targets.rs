//! One command run against several targets (stacks × regions × accounts) at once: each
//! target's verdict and document, for one combined result.

use serde::Serialize;
use serde_json::Value;

/// The combined result of `--stack a,b` (or `--region`, `--profile` repeated, or
/// `--all-stacks`).
#[derive(Debug, Clone, Serialize)]
pub struct TargetsReport {
    /// The command each target ran (`verify`, `mappings`…).
    pub command: String,
    /// How the stacks were chosen, when `--all-stacks` found them (one line per account
    /// and region).
    pub found: Vec<String>,
    pub targets: Vec<TargetResult>,
}

/// Which stack × region × account a result is of: the first fields of each item of a
/// several-target document's `targets` (read-only commands and switches alike).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetId {
    pub stack: String,
    /// The region the run used (the flag's, or the SDK's default chain's).
    pub region: Option<String>,
    /// The account STS names; null when it could not say.
    pub account: Option<String>,
    /// The profile named for it; null for the default chain.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    #[serde(flatten)]
    pub id: TargetId,
    /// The run's own exit code: 0 holds, 1 something is wrong, 2 could not run.
    pub exit_code: u8,
    /// `pass`, `problems` or `error`.
    pub verdict: &'static str,
    /// The ids of its failing checks (`verify`: fail and error), when the document has
    /// checks.
    pub failing: Vec<String>,
    /// Why it could not run, when it could not.
    pub error: Option<String>,
    /// Exactly what the command prints as JSON for this target alone.
    pub document: Option<Value>,
    /// What it prints as text, and its stderr lines: shown for a target that failed.
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub stderr: Vec<String>,
}

impl TargetResult {
    pub fn verdict_of(exit_code: u8) -> &'static str {
        match exit_code {
            0 => "pass",
            1 => "problems",
            _ => "error",
        }
    }

    /// The ids of `document`'s checks that failed or could not run.
    pub fn failing_checks(document: Option<&Value>) -> Vec<String> {
        document
            .and_then(|d| d.get("checks"))
            .and_then(Value::as_array)
            .map(|checks| {
                checks
                    .iter()
                    .filter(|c| matches!(c["status"].as_str(), Some("fail" | "error")))
                    .filter_map(|c| c["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TargetsReport {
    /// The worst exit code of all targets.
    pub fn exit_code(&self) -> u8 {
        self.targets.iter().map(|t| t.exit_code).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn failing_checks_are_those_that_failed_or_could_not_run() {
        let doc = json!({"checks": [
            {"id": "a", "status": "pass"},
            {"id": "b", "status": "fail"},
            {"id": "c", "status": "warn"},
            {"id": "d", "status": "error"}
        ]});
        assert_eq!(TargetResult::failing_checks(Some(&doc)), ["b", "d"]);
        assert!(TargetResult::failing_checks(Some(&json!({"queues": []}))).is_empty());
        assert!(TargetResult::failing_checks(None).is_empty());
        assert_eq!(TargetResult::verdict_of(0), "pass");
        assert_eq!(TargetResult::verdict_of(1), "problems");
        assert_eq!(TargetResult::verdict_of(2), "error");
    }
}
