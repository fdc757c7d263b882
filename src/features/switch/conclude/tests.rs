//! How runs end: stopped after the plan, declined, applied with every outcome.

use super::*;
use crate::base::topology::Topology;
use crate::features::switch::fixtures::*;
use crate::features::switch::plan::Mode;
use crate::features::switch::report::QueueResult;
use crate::state::mapping_state::MappingState as S;

fn iac() -> IacSpec {
    Topology::builtin().iac
}

/// What the executor would report: one outcome per queue of the plan.
fn result(plan: &SwitchPlan, outcomes: &[QueueOutcome], interrupted: bool) -> ApplyReport {
    ApplyReport {
        queues: plan
            .queues
            .iter()
            .zip(outcomes)
            .map(|(q, outcome)| QueueResult {
                queue: q.queue.clone(),
                name: q.name.clone(),
                outcome: *outcome,
                detail: None,
                steps: Vec::new(),
                drain: None,
                target_check: None,
            })
            .collect(),
        interrupted,
        duration_ms: 1_200,
    }
}

fn warnings(c: &Conclusion) -> Vec<&str> {
    c.messages
        .iter()
        .filter_map(|m| match m {
            Message::Warning(w) => Some(w.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_dry_run_stops_after_the_plan_and_holds_when_nothing_is_refused() {
    let plan = rollback(&cut_over());
    let c = after_plan(&iac(), &plan, true, None).expect("a dry run stops");
    assert_eq!(c.status, Status::DryRun);
    assert!(c.ok);
    assert_eq!(c.exit_code(), 0);
    assert_eq!(
        c.messages,
        [Message::Note("Dry run: nothing changed.".into())]
    );
    assert_eq!(c.iac_steps, None);
}

#[test]
fn a_plan_with_changes_goes_on_to_the_question() {
    assert_eq!(
        after_plan(&iac(), &rollback(&cut_over()), false, None),
        None
    );
}

#[test]
fn nothing_to_do_holds_and_says_so() {
    let plan = rollback(&rolled_back());
    for dry_run in [false, true] {
        let c = after_plan(&iac(), &plan, dry_run, None).expect("nothing to do stops");
        assert_eq!(c.status, Status::NothingToDo);
        assert!(c.ok);
        assert!(
            matches!(&c.messages[..], [Message::Note(n)] if n.starts_with("Nothing to change")),
            "{:?}",
            c.messages
        );
    }
}

#[test]
fn a_missing_target_refuses_everything_and_shows_the_iac_way() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
    ];
    let plan = plan_for(Mode::Rollback, &maps, &functions(false), true);
    // Even a dry run is refused: there is nothing it could do.
    for dry_run in [false, true] {
        let c = after_plan(&iac(), &plan, dry_run, None).expect("refused");
        assert_eq!(c.status, Status::Refused);
        assert!(!c.ok);
        assert_eq!(c.exit_code(), 1);
        let steps = c.iac_steps.clone().expect("the rollback IaC steps");
        assert!(
            steps.contains("enable_enhanced_sqs_mappings=False"),
            "{steps}"
        );
        match &c.messages[..] {
            [Message::Warning(w), Message::Block(b)] => {
                assert!(
                    w.starts_with("refused, nothing changed: function `chroma-worker`"),
                    "{w}"
                );
                assert!(
                    b.starts_with("Switch consumers through the IaC instead:\n"),
                    "{b}"
                );
                assert!(b.ends_with(steps.trim_end()), "{b}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_missing_target_without_iac_steps_still_says_what_to_do() {
    let maps = vec![mapping("e-lines", ENHANCED, LINES, S::Enabled)];
    let plan = plan_for(Mode::Rollback, &maps, &functions(false), false);
    let c = after_plan(&IacSpec::default(), &plan, false, None).expect("refused");
    assert_eq!(c.iac_steps, None);
    assert_eq!(
        c.messages[1],
        Message::Block(
            "Switch consumers through the IaC instead: declare the wanted consumer and deploy."
                .into()
        )
    );
}

#[test]
fn every_change_refused_is_a_refusal_with_the_iac_steps_of_the_gone_mapping() {
    // lines has no legacy mapping (and no --create-missing); words is rolled back already.
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Disabled),
        mapping("l-words", LEGACY, WORDS, S::Enabled),
    ];
    let plan = rollback(&maps);
    let c = after_plan(&iac(), &plan, true, None).expect("refused");
    assert_eq!(c.status, Status::Refused);
    assert!(!c.ok);
    assert!(c.iac_steps.is_some());
    assert_eq!(
        warnings(&c),
        [
            "nothing changed: every queue that needed a change was refused (see the plan)",
            "lines cannot be switched by ccx; switch it through the IaC instead:",
        ]
    );
    assert!(matches!(c.messages.last(), Some(Message::Block(_))));
}

#[test]
fn a_declined_plan_changes_nothing_and_fails() {
    let c = declined();
    assert_eq!(c.status, Status::Declined);
    assert!(!c.ok);
    assert_eq!(warnings(&c), ["not confirmed; nothing changed"]);
}

#[test]
fn an_applied_rollback_holds_and_warns_that_the_next_deploy_undoes_it() {
    let plan = rollback(&cut_over());
    let result = result(&plan, &[QueueOutcome::Switched; 2], false);
    let c = conclude(&iac(), &plan, &result, &sources_after(&rolled_back()), None);
    assert_eq!(c.status, Status::Applied);
    assert!(c.ok);
    assert_eq!(result.summary(), "switched");
    let steps = c.iac_steps.clone().expect("the rollback IaC steps");
    assert_eq!(
        c.messages,
        [
            Message::Warning(
                "the topology expects enhanced-compaction on lines, words, and so the IaC is expected to declare it: the next deploy will undo this rollback to the fallback unless the IaC changes too."
                    .to_string()
            ),
            Message::Block(format!("Make it permanent:\n{}", steps.trim_end())),
        ]
    );
}

#[test]
fn a_roll_forward_shows_the_forward_steps() {
    let plan = plan_for(
        Mode::Switch {
            to: "enhanced-compaction".into(),
        },
        &rolled_back(),
        &functions(true),
        false,
    );
    let result = result(&plan, &[QueueOutcome::Switched; 2], false);
    let c = conclude(&iac(), &plan, &result, &sources_after(&cut_over()), None);
    assert!(c.ok);
    let steps = c.iac_steps.clone().expect("the forward IaC steps");
    assert!(
        steps.contains("enable_enhanced_sqs_mappings=True"),
        "{steps}"
    );
    // Forward to the topology's consumer matches what the IaC is expected to declare:
    // nothing to warn about, and no claim that the IaC "still declares" the old one.
    assert!(warnings(&c).is_empty(), "{:?}", c.messages);
    assert_eq!(
        c.messages[0],
        Message::Note(format!(
            "{ENHANCED} is the consumer the topology expects on lines, words, which is what the IaC is expected to declare: the next deploy keeps this switch if the IaC does."
        ))
    );
    assert!(
        matches!(&c.messages[1], Message::Block(b) if b.starts_with("If the IaC still declares the old consumer, make it match:\n")),
        "{:?}",
        c.messages
    );
    assert!(!format!("{:?}", c.messages).contains("will undo"));
}

#[test]
fn a_reverted_queue_fails_the_run_without_iac_advice() {
    let plan = rollback(&cut_over());
    let result = result(
        &plan,
        &[QueueOutcome::Reverted, QueueOutcome::NotStarted],
        false,
    );
    let c = conclude(&iac(), &plan, &result, &sources_after(&cut_over()), None);
    assert_eq!(c.status, Status::Applied);
    assert!(!c.ok);
    assert_eq!(result.summary(), "reverted");
    assert_eq!(c.iac_steps, None);
    assert!(c.messages.is_empty(), "{:?}", c.messages);
}

#[test]
fn an_interrupted_run_fails_but_still_warns_about_what_it_switched() {
    let plan = rollback(&cut_over());
    let result = result(
        &plan,
        &[QueueOutcome::Switched, QueueOutcome::NotStarted],
        true,
    );
    let half = runbook([S::Disabled, S::Enabled], [S::Enabled, S::Disabled]);
    let c = conclude(&iac(), &plan, &result, &sources_after(&half), None);
    assert!(!c.ok);
    assert_eq!(result.summary(), "interrupted");
    assert!(c.iac_steps.is_some());
    assert!(warnings(&c)[0].contains("next deploy will undo"));
}

#[test]
fn a_partly_refused_run_fails_and_names_the_queue_the_iac_must_switch() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
        mapping("l-words", LEGACY, WORDS, S::Disabled),
    ];
    let plan = rollback(&maps);
    let result = result(
        &plan,
        &[QueueOutcome::Refused, QueueOutcome::Switched],
        false,
    );
    let now = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Disabled),
        mapping("l-words", LEGACY, WORDS, S::Enabled),
    ];
    let c = conclude(&iac(), &plan, &result, &sources_after(&now), None);
    assert_eq!(c.status, Status::Applied);
    assert!(!c.ok);
    assert_eq!(result.summary(), "partly_refused");
    let w = warnings(&c);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("expects enhanced-compaction on words,"),
        "{}",
        w[0]
    );
    assert_eq!(
        w[1],
        "lines could not be switched by ccx (the target or its mapping is gone); the IaC change above switches it too"
    );
}

#[test]
fn a_switch_holds_only_when_the_re_read_shows_one_consumer_per_queue() {
    let plan = rollback(&cut_over());
    let result = result(&plan, &[QueueOutcome::Switched; 2], false);
    // The re-read failed: nothing is known to hold.
    assert!(!conclude(&iac(), &plan, &result, &[], None).ok);
    // Someone switched the old consumer back on meanwhile.
    let mut two = rolled_back();
    two[0].state = S::Enabled;
    let c = conclude(&iac(), &plan, &result, &sources_after(&two), None);
    assert!(!c.ok);
    assert_eq!(result.summary(), "switched");
}

mod with_an_iac_source {
    //! What the dry run and an applied run tell, computed from what the IaC declares.

    use super::*;
    use crate::features::switch::next_deploy::tests::{cutover_iac, declared, desired};
    use crate::features::switch::next_deploy::{Declared, NextDeploy};

    #[test]
    fn a_dry_run_against_the_cutover_iac_names_the_resources_and_the_steps() {
        let maps = cut_over();
        let plan = rollback(&maps);
        let next = NextDeploy::planned(&Declared::of(&cutover_iac(), &plan, &maps), &plan);
        let end = after_plan(&iac(), &plan, true, Some(&next)).unwrap();
        let Message::Warning(first) = &end.messages[0] else {
            panic!("{:?}", end.messages)
        };
        assert!(
            first.ends_with(
                "(cloudformation stack chromadb-dev): change these resources: EnhancedLines, WorkerLines"
            ),
            "{first}"
        );
        assert!(
            matches!(&end.messages[2], Message::Block(b) if b.starts_with("Make it permanent:\n")),
            "{:?}",
            end.messages
        );
        assert_eq!(
            end.messages.last(),
            Some(&Message::Note("Dry run: nothing changed.".into()))
        );
    }

    #[test]
    fn an_applied_rollback_the_iac_declares_is_kept_without_the_fixed_warning() {
        let maps = cut_over();
        let plan = rollback(&maps);
        let iac_declares = desired(vec![
            declared("EnhancedLines", ENHANCED, LINES, false),
            declared("WorkerLines", LEGACY, LINES, true),
            declared("EnhancedWords", ENHANCED, WORDS, false),
            declared("WorkerWords", LEGACY, WORDS, true),
        ]);
        let declared = Declared::of(&iac_declares, &plan, &maps);
        let after = sources_after(&rolled_back());
        let next = NextDeploy::applied(&declared, &plan, |key| {
            let s = after.iter().find(|s| s.source == key)?;
            Some((s.name.clone(), s.enabled_consumers.clone()))
        });
        let outcomes = [QueueOutcome::Switched, QueueOutcome::Switched];
        let c = conclude(
            &iac(),
            &plan,
            &result(&plan, &outcomes, false),
            &after,
            Some(&next),
        );
        assert!(c.ok);
        assert!(warnings(&c).is_empty(), "{:?}", c.messages);
        assert_eq!(
            c.messages,
            [Message::Note(
                "The IaC (cloudformation stack chromadb-dev) already declares this on lines, words: the next deploy keeps it."
                    .into()
            )]
        );
        assert!(
            c.iac_steps.is_some(),
            "the JSON's iac_steps stays as it was"
        );
    }
}
