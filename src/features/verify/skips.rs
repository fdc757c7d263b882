//! `--skip KIND`: the sources an operator leaves out (an account without CloudWatch
//! metrics, a role without the Logs permissions). Their reads are not made, and their
//! checks are reported as not run, by name: a skip is never a pass, and never silent.

use super::finding::Finding;
use super::report::{Check, CheckKind, NotRun};

/// `checks` with every check of a `skipped` kind replaced by one that says it was not run.
pub fn leave_out(checks: Vec<Check>, skipped: &[CheckKind]) -> Vec<Check> {
    checks
        .into_iter()
        .map(|check| {
            if !skipped.contains(&check.kind) {
                return check;
            }
            let finding = Finding::Skipped { kind: check.kind };
            Check::not_run(check.id, check.title, NotRun::Skipped, finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::verify::report::CheckStatus;

    #[test]
    fn a_skipped_kind_is_reported_as_not_run_and_the_rest_is_kept() {
        let checks = vec![
            Check::new("metrics.lines", "m", CheckStatus::Error, "denied"),
            Check::new("logs.lines", "l", CheckStatus::Fail, "no runs"),
        ];
        let kept = leave_out(checks, &[CheckKind::Metrics]);
        assert_eq!(kept[0].status, CheckStatus::Skip);
        assert_eq!(kept[0].not_run, Some(NotRun::Skipped));
        assert_eq!(kept[0].summary(), "not run: skipped (--skip metrics)");
        assert_eq!(kept[1].status, CheckStatus::Fail);
        assert_eq!(kept[1].not_run, None);
    }
}
