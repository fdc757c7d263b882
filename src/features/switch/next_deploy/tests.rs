//! What the next deploy does to a rollback or switch, from what the IaC declares.

use super::*;
use crate::base::topology::{IacKind, IacReference};
use crate::features::switch::fixtures::*;
use crate::features::switch::plan::Mode;

const SQS: &str = "arn:aws:sqs:us-east-1:123456789012";

pub(crate) fn declared(
    resource: &str,
    function: &str,
    queue: &str,
    enabled: bool,
) -> DeclaredMapping {
    DeclaredMapping {
        resource: resource.into(),
        event_source_arn: Some(format!("{SQS}:{queue}")),
        function_name: Some(function.into()),
        enabled,
        ..DeclaredMapping::default()
    }
}

pub(crate) fn desired(mappings: Vec<DeclaredMapping>) -> DesiredState {
    DesiredState {
        source: IacSource {
            kind: IacKind::Cloudformation,
            reference: IacReference::Stack("chromadb-dev".into()),
        },
        mappings,
        functions: Vec::new(),
    }
}

/// The IaC of the cutover: enhanced on lines and words, the worker declared disabled.
pub(crate) fn cutover_iac() -> DesiredState {
    desired(vec![
        declared("EnhancedLines", ENHANCED, LINES, true),
        declared("WorkerLines", LEGACY, LINES, false),
        declared("EnhancedWords", ENHANCED, WORDS, true),
        declared("WorkerWords", LEGACY, WORDS, false),
    ])
}

#[test]
fn a_rollback_against_the_cutover_iac_is_undone_and_names_the_resources() {
    let maps = cut_over();
    let plan = rollback(&maps);
    let next = NextDeploy::planned(&Declared::of(&cutover_iac(), &plan, &maps), &plan);
    assert!(!next.keeps);
    let lines = &next.queues[0];
    assert_eq!(lines.queue, "lines");
    assert_eq!(lines.consumers, [LEGACY]);
    assert_eq!(lines.effect.declares, [ENHANCED]);
    assert_eq!(lines.effect.reenables, [ENHANCED]);
    assert_eq!(lines.effect.disables, [LEGACY]);
    assert_eq!(lines.effect.resources, ["EnhancedLines", "WorkerLines"]);
    assert_eq!(
        sentence(lines),
        format!(
            "the IaC declares {ENHANCED} on lines; the next deploy re-enables {ENHANCED} and disables {LEGACY}"
        )
    );
}

#[test]
fn a_rollback_the_iac_already_declares_is_kept() {
    let maps = cut_over();
    let plan = rollback(&maps);
    let iac = desired(vec![
        declared("EnhancedLines", ENHANCED, LINES, false),
        declared("WorkerLines", LEGACY, LINES, true),
        declared("EnhancedWords", ENHANCED, WORDS, false),
        declared("WorkerWords", LEGACY, WORDS, true),
    ]);
    let next = NextDeploy::planned(&Declared::of(&iac, &plan, &maps), &plan);
    assert!(next.keeps, "{next:?}");
    assert!(next.queues.iter().all(|q| q.effect.resources.is_empty()));
}

#[test]
fn after_the_switch_the_consumers_re_read_are_judged() {
    let maps = cut_over();
    let plan = rollback(&maps);
    let declared = Declared::of(&cutover_iac(), &plan, &maps);
    // Words was reverted: enhanced is its consumer again, which the IaC declares.
    let next = NextDeploy::applied(&declared, &plan, |key| {
        let consumer = if key == "lines" { LEGACY } else { ENHANCED };
        Some((None, vec![consumer.to_string()]))
    });
    assert!(!next.queues[0].keeps);
    assert!(next.queues[1].keeps, "{:?}", next.queues[1]);
}

#[test]
fn a_target_the_iac_does_not_declare_is_left_beside_the_one_it_re_enables() {
    let maps = cut_over();
    let plan = plan_for(
        Mode::Switch { to: LEGACY.into() },
        &maps,
        &functions(true),
        false,
    );
    let iac = desired(vec![declared("EnhancedLines", ENHANCED, LINES, true)]);
    let next = NextDeploy::planned(&Declared::of(&iac, &plan, &maps), &plan);
    let lines = next.queues.iter().find(|q| q.queue == "lines").unwrap();
    assert_eq!(lines.effect.leaves, [LEGACY]);
    assert_eq!(
        sentence(lines),
        format!(
            "the IaC declares {ENHANCED} on lines; the next deploy re-enables {ENHANCED} and leaves {LEGACY} enabled (the IaC declares no mapping for it)"
        )
    );
    let words = next.queues.iter().find(|q| q.queue == "words").unwrap();
    assert_eq!(
        sentence(words),
        format!(
            "the IaC declares no enabled consumer on words; the next deploy leaves {LEGACY} enabled (the IaC declares no mapping for it)"
        )
    );
}
