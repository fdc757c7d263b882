//! Reading and waiting for target functions against a scripted Lambda.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::*;
use crate::fixtures;

/// Answers each function's reads from a script: one configuration per read, the last
/// one repeated; a function without a script does not exist.
struct Script {
    answers: Mutex<BTreeMap<String, Vec<FunctionInfo>>>,
    reads: Mutex<Vec<String>>,
}

impl Script {
    fn new(answers: &[(&str, &[(&str, &str)])]) -> Script {
        let answers = answers
            .iter()
            .map(|(name, states)| {
                let infos = states
                    .iter()
                    .map(|(state, update)| FunctionInfo {
                        state: Some(state.to_string()),
                        last_update_status: Some(update.to_string()),
                        ..fixtures::function(name, 60)
                    })
                    .collect();
                (name.to_string(), infos)
            })
            .collect();
        Script {
            answers: Mutex::new(answers),
            reads: Mutex::new(Vec::new()),
        }
    }

    fn reads_of(&self, name: &str) -> usize {
        self.reads
            .lock()
            .unwrap()
            .iter()
            .filter(|n| *n == name)
            .count()
    }
}

impl FunctionReader for Script {
    async fn read(&self, name: &str) -> Result<Option<FunctionInfo>, AwsError> {
        self.reads.lock().unwrap().push(name.to_string());
        let mut answers = self.answers.lock().unwrap();
        Ok(answers.get_mut(name).map(|script| {
            if script.len() > 1 {
                script.remove(0)
            } else {
                script[0].clone()
            }
        }))
    }
}

fn timing(timeout_ms: u64) -> Option<Timing> {
    Some(Timing {
        timeout: Duration::from_millis(timeout_ms),
        first_poll: Duration::from_millis(5),
        max_poll: Duration::from_millis(10),
    })
}

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[tokio::test]
async fn settled_functions_are_read_once_and_a_missing_one_is_absent() {
    let script = Script::new(&[
        ("a", &[("Active", "Successful")]),
        ("b", &[("Inactive", "Successful")]),
        ("c", &[("Failed", "Successful")]),
    ]);
    let told = Mutex::new(Vec::new());
    let statuses = read_targets(
        &script,
        &names(&["a", "b", "c", "a", "gone"]),
        timing(500),
        |n, _| told.lock().unwrap().push(n.to_string()),
    )
    .await
    .unwrap();
    assert_eq!(statuses["a"].readiness, Readiness::Ready);
    assert_eq!(statuses["b"].readiness, Readiness::Idle);
    assert!(matches!(statuses["c"].readiness, Readiness::Broken(_)));
    assert!(!statuses.contains_key("gone"));
    assert_eq!(script.reads_of("a"), 1);
    assert!(told.lock().unwrap().is_empty());
    assert!(statuses.values().all(|s| s.waited_seconds.is_none()));
}

#[tokio::test]
async fn a_pending_function_is_re_read_until_it_is_active() {
    let script = Script::new(&[(
        "f",
        &[
            ("Pending", "InProgress"),
            ("Pending", "InProgress"),
            ("Active", "InProgress"),
            ("Active", "Successful"),
        ],
    )]);
    let told = Mutex::new(Vec::new());
    let statuses = read_targets(&script, &names(&["f"]), timing(2_000), |n, s| {
        told.lock().unwrap().push(format!("{n}: {:?}", s.readiness))
    })
    .await
    .unwrap();
    assert_eq!(statuses["f"].readiness, Readiness::Ready);
    assert_eq!(statuses["f"].waited_seconds, Some(0));
    assert_eq!(script.reads_of("f"), 4);
    // Told once, about the first state seen.
    assert_eq!(
        told.into_inner().unwrap(),
        ["f: Settling(\"state is Pending\")"]
    );
}

#[tokio::test]
async fn a_function_that_never_settles_is_still_settling_at_the_bound() {
    let script = Script::new(&[("f", &[("Active", "InProgress")])]);
    let statuses = read_targets(&script, &names(&["f"]), timing(60), |_, _| {})
        .await
        .unwrap();
    assert_eq!(
        statuses["f"].readiness,
        Readiness::Settling("update in progress".into())
    );
    assert!(statuses["f"].waited_seconds.is_some());
    assert!(script.reads_of("f") >= 3, "{}", script.reads_of("f"));
}

#[tokio::test]
async fn without_timing_nothing_is_waited_for() {
    let script = Script::new(&[("f", &[("Pending", "Successful"), ("Active", "Successful")])]);
    let statuses = read_targets(&script, &names(&["f"]), None, |_, _| {
        panic!("nothing is waited for")
    })
    .await
    .unwrap();
    assert!(matches!(statuses["f"].readiness, Readiness::Settling(_)));
    assert_eq!(script.reads_of("f"), 1);
}

#[test]
fn a_status_serialises_with_its_readiness_and_reason() {
    let status = TargetStatus::of(&FunctionInfo {
        state: Some("Failed".into()),
        state_reason: Some("no image".into()),
        ..fixtures::function("f", 60)
    });
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        serde_json::json!({"state": "Failed", "last_update_status": "Successful",
                           "readiness": "broken", "reason": "state is Failed: no image",
                           "timeout_seconds": 60})
    );
    let ready = TargetStatus::of(&fixtures::function("f", 60));
    assert_eq!(serde_json::to_value(&ready).unwrap()["readiness"], "ready");
}
