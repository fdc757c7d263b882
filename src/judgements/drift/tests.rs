use super::*;
use crate::base::topology::{IacKind, IacReference, IacSource};
use crate::fixtures::*;
use crate::state::mapping_state::MappingState as S;

fn declared(
    resource: &str,
    uuid: &str,
    function: &str,
    queue: &str,
    enabled: bool,
) -> DeclaredMapping {
    DeclaredMapping {
        resource: resource.into(),
        uuid: Some(uuid.into()),
        event_source_arn: Some(queue_arn(queue)),
        function_name: Some(function.into()),
        enabled,
        batch_size: Some(10),
        maximum_concurrency: Some(5),
        ..DeclaredMapping::default()
    }
}

fn desired(mappings: Vec<DeclaredMapping>) -> DesiredState {
    DesiredState {
        source: IacSource {
            kind: IacKind::Pulumi,
            reference: IacReference::Stack("dev".into()),
        },
        mappings,
        functions: Vec::new(),
    }
}

/// The IaC of the cutover: enhanced-compaction on lines and words, embed on its queue.
fn cutover() -> Vec<DeclaredMapping> {
    vec![
        declared("urn:lines", "m1", ENHANCED, LINES, true),
        declared("urn:words", "m2", ENHANCED, WORDS, true),
        DeclaredMapping {
            maximum_concurrency: None,
            ..declared("urn:embed", "m3", EMBED, EMBED_NDJSON, true)
        },
    ]
}

fn judged(desired: &DesiredState, extra: Vec<MappingInfo>) -> Vec<QueueDrift> {
    let sources = sources(extra.clone(), false);
    let mut all = healthy_mappings();
    all.extend(extra);
    judge(desired, &sources, &all)
}

#[test]
fn the_healthy_stack_matches_the_cutover_iac() {
    let drift = judged(&desired(cutover()), Vec::new());
    assert_eq!(drift.len(), 3);
    for q in &drift {
        assert!(q.in_sync(), "{q:?}");
        assert_eq!(q.declared.len(), 1);
    }
}

#[test]
fn a_rollback_by_hand_differs_on_both_mappings_and_names_them() {
    // What `ccx rollback` leaves on lines: the worker on, enhanced-compaction off.
    let mut sources = sources(
        vec![mapping("w1", LEGACY, &queue_arn(LINES), S::Enabled)],
        false,
    );
    for s in &mut sources {
        for m in &mut s.mappings {
            if m.mapping.uuid == "m1" {
                m.mapping.state = S::Disabled;
            }
        }
    }
    let drift = judge(&desired(cutover()), &sources, &healthy_mappings());
    let lines = drift.iter().find(|q| q.queue == "lines").unwrap();
    assert_eq!(lines.differences.len(), 2, "{:?}", lines.differences);
    let enabled = &lines.differences[0];
    assert_eq!(enabled.field, Field::Enabled);
    assert_eq!(enabled.resource.as_deref(), Some("urn:lines"));
    assert_eq!(enabled.declared.as_deref(), Some("enabled"));
    assert_eq!(enabled.live.as_deref(), Some("Disabled"));
    let worker = &lines.differences[1];
    assert_eq!(worker.field, Field::Undeclared);
    assert_eq!(worker.function_name.as_deref(), Some(LEGACY));
    assert!(
        drift
            .iter()
            .filter(|q| q.queue != "lines")
            .all(QueueDrift::in_sync)
    );
}

#[test]
fn settings_and_functions_are_compared_only_where_declared() {
    let mut changed = cutover();
    changed[0].batch_size = Some(5);
    changed[0].function_response_types = Some(vec![]);
    changed[1].function_name = Some(LEGACY.into());
    changed[2].batch_size = None;
    let drift = judged(&desired(changed), Vec::new());
    let lines = &drift
        .iter()
        .find(|q| q.queue == "lines")
        .unwrap()
        .differences;
    let fields: Vec<Field> = lines.iter().map(|d| d.field).collect();
    assert_eq!(fields, [Field::BatchSize, Field::FunctionResponseTypes]);
    assert_eq!(lines[0].declared.as_deref(), Some("5"));
    assert_eq!(lines[0].live.as_deref(), Some("10"));
    let words = &drift
        .iter()
        .find(|q| q.queue == "words")
        .unwrap()
        .differences;
    assert_eq!(words[0].field, Field::Function);
    assert_eq!(words[0].declared.as_deref(), Some(LEGACY));
    assert!(
        drift
            .iter()
            .find(|q| q.queue == "embed-ndjson")
            .unwrap()
            .in_sync()
    );
}

#[test]
fn a_declared_mapping_that_does_not_run_is_missing() {
    let mut more = cutover();
    more.push(DeclaredMapping {
        uuid: None,
        ..declared("urn:worker-lines", "", LEGACY, LINES, false)
    });
    let drift = judged(&desired(more), Vec::new());
    let lines = &drift
        .iter()
        .find(|q| q.queue == "lines")
        .unwrap()
        .differences;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].field, Field::Missing);
    assert_eq!(lines[0].resource.as_deref(), Some("urn:worker-lines"));
}

#[test]
fn the_next_deploy_undoes_a_rollback_the_iac_does_not_declare() {
    let iac = cutover();
    let on_lines: Vec<&DeclaredMapping> =
        iac.iter().filter(|d| d.resource == "urn:lines").collect();
    let effect = next_deploy(&on_lines, &[LEGACY]);
    assert!(!effect.keeps());
    assert_eq!(effect.declares, [ENHANCED]);
    assert_eq!(effect.reenables, [ENHANCED]);
    assert_eq!(effect.leaves, [LEGACY]);
    assert_eq!(effect.resources, ["urn:lines"]);
    // The IaC changed to the rollback: the worker declared on, enhanced-compaction off.
    let rolled = [
        DeclaredMapping {
            enabled: false,
            ..iac[0].clone()
        },
        declared("urn:worker-lines", "w1", LEGACY, LINES, true),
    ];
    let refs: Vec<&DeclaredMapping> = rolled.iter().collect();
    assert!(next_deploy(&refs, &[LEGACY]).keeps());
    // ... and switching forward again: the deploy re-enables the worker, disables ours.
    let effect = next_deploy(&refs, &[ENHANCED]);
    assert_eq!(effect.reenables, [LEGACY]);
    assert_eq!(effect.disables, [ENHANCED]);
    assert_eq!(effect.resources, ["urn:worker-lines", "urn:lines"]);
}
