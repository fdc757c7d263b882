//! The plan from listed mappings: break before make, duplicates, half-done switches,
//! refusals, scope and target resolution.

use super::*;
use crate::features::switch::fixtures::*;
use crate::features::switch::target::state::TargetStatus;
use crate::judgements::consumers::group_by_source;
use crate::state::mapping_state::MappingState as S;

fn queue<'a>(plan: &'a SwitchPlan, key: &str) -> &'a QueuePlan {
    plan.queues.iter().find(|q| q.queue == key).unwrap()
}

fn uuids(refs: &[MappingRef]) -> Vec<&str> {
    refs.iter().map(|r| r.uuid.as_str()).collect()
}

#[test]
fn rollback_disables_the_new_consumer_then_enables_the_fallback() {
    let plan = rollback(&cut_over());
    assert_eq!(
        plan.queues
            .iter()
            .map(|q| q.queue.as_str())
            .collect::<Vec<_>>(),
        ["lines", "words"]
    );
    for (key, new, old) in [
        ("lines", "e-lines", "l-lines"),
        ("words", "e-words", "l-words"),
    ] {
        let q = queue(&plan, key);
        assert_eq!(q.target_role, TargetRole::Fallback);
        assert_eq!(q.target.name.as_deref(), Some(LEGACY));
        assert_eq!(q.consumers_before, vec![ENHANCED.to_string()]);
        match &q.action {
            Action::Switch { disable, enable } => {
                assert_eq!(uuids(disable), [new]);
                assert_eq!(enable.uuid, old);
                assert_eq!(enable.state, S::Disabled);
            }
            other => panic!("{key}: {other:?}"),
        }
    }
    assert_eq!(plan.direction(), Some(TargetRole::Fallback));
    assert!(plan.blocked().is_none());
    assert_eq!(plan.changing().count(), 2);
}

#[test]
fn a_finished_rollback_has_nothing_to_do() {
    let plan = rollback(&rolled_back());
    assert!(plan.queues.iter().all(|q| q.action == Action::NothingToDo));
    assert_eq!(plan.changing().count(), 0);
    assert_eq!(plan.direction(), None);
}

#[test]
fn switching_forward_from_a_rollback_reverses_it() {
    let maps = runbook([S::Disabled, S::Enabled], [S::Enabled, S::Disabled]);
    let plan = plan_for(
        Mode::Switch {
            to: "enhanced-compaction".into(),
        },
        &maps,
        &functions(true),
        false,
    );
    let lines = queue(&plan, "lines");
    assert_eq!(lines.target_role, TargetRole::Consumer);
    assert!(
        matches!(&lines.action, Action::Switch { disable, enable } if uuids(disable) == ["l-lines"] && enable.uuid == "e-lines")
    );
    assert_eq!(queue(&plan, "words").action, Action::NothingToDo);
    assert_eq!(plan.direction(), Some(TargetRole::Consumer));
}

#[test]
fn duplicate_consumers_lose_every_non_target_and_keep_the_enabled_target() {
    let mut maps = runbook([S::Enabled, S::Enabled], [S::Disabled, S::Enabled]);
    maps.push(mapping(
        "x-lines",
        "some-other-dev-consumer",
        LINES,
        S::Enabling,
    ));
    let plan = rollback(&maps);
    match &queue(&plan, "lines").action {
        Action::Switch { disable, enable } => {
            // Enabled first, then transitional; the target's enabled mapping stays.
            assert_eq!(uuids(disable), ["e-lines", "x-lines"]);
            assert_eq!(enable.uuid, "l-lines");
            assert_eq!(enable.state, S::Enabled);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(queue(&plan, "lines").consumers_before.len(), 3);
    assert_eq!(queue(&plan, "words").action, Action::NothingToDo);
}

#[test]
fn a_half_done_switch_only_enables_the_target() {
    let maps = runbook([S::Disabled, S::Disabled], [S::Disabled, S::Enabled]);
    let plan = rollback(&maps);
    match &queue(&plan, "lines").action {
        Action::Switch { disable, enable } => {
            assert!(disable.is_empty());
            assert_eq!(enable.uuid, "l-lines");
        }
        other => panic!("{other:?}"),
    }
    assert!(queue(&plan, "lines").consumers_before.is_empty());
    assert_eq!(plan.changing().count(), 1);
}

#[test]
fn transitional_states_are_not_settled() {
    // A mapping still Disabling must be waited for; a target still Enabling is not done.
    let maps = runbook([S::Disabling, S::Enabled], [S::Disabled, S::Enabling]);
    let plan = rollback(&maps);
    assert!(
        matches!(&queue(&plan, "lines").action, Action::Switch { disable, .. } if uuids(disable) == ["e-lines"])
    );
    assert!(
        matches!(&queue(&plan, "words").action, Action::Switch { disable, enable } if disable.is_empty() && enable.state == S::Enabling)
    );
}

#[test]
fn a_second_mapping_of_the_target_on_the_same_queue_is_disabled() {
    let maps = vec![
        mapping("l-lines-1", LEGACY, LINES, S::Disabled),
        mapping("l-lines-2", LEGACY, LINES, S::Enabled),
        mapping("l-lines-3", LEGACY, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Disabled),
        mapping("l-words", LEGACY, WORDS, S::Enabled),
    ];
    let plan = rollback(&maps);
    match &queue(&plan, "lines").action {
        Action::Switch { disable, enable } => {
            assert_eq!(uuids(disable), ["l-lines-3"]);
            assert_eq!(enable.uuid, "l-lines-2");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_target_mapping_being_deleted_is_never_the_one_enabled() {
    let maps = runbook([S::Enabled, S::Deleting], [S::Disabled, S::Enabled]);
    let plan = rollback(&maps);
    match &queue(&plan, "lines").action {
        Action::Refuse { code, .. } => assert_eq!(*code, RefusalCode::NoMapping),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deleted_fallback_blocks_the_whole_rollback() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
    ];
    let plan = plan_for(Mode::Rollback, &maps, &functions(false), true);
    let blocked = plan.blocked().expect("blocked");
    assert_eq!(blocked.queue, "lines");
    for q in &plan.queues {
        assert!(
            matches!(&q.action, Action::Refuse { code: RefusalCode::FunctionMissing, reason } if reason.contains("chroma-worker")),
            "{:?}",
            q.action
        );
    }
    assert_eq!(plan.refusals().count(), 2);
}

#[test]
fn a_missing_target_mapping_is_refused_unless_creation_is_allowed() {
    let maps = vec![
        mapping("e-lines", ENHANCED, LINES, S::Enabled),
        mapping("e-words", ENHANCED, WORDS, S::Enabled),
        mapping("l-words", LEGACY, WORDS, S::Disabled),
    ];
    let plan = rollback(&maps);
    assert!(plan.blocked().is_none());
    assert!(matches!(
        &queue(&plan, "lines").action,
        Action::Refuse { code: RefusalCode::NoMapping, reason } if reason.contains("--create-missing")
    ));
    assert!(matches!(
        queue(&plan, "words").action,
        Action::Switch { .. }
    ));

    let plan = plan_for(Mode::Rollback, &maps, &functions(true), true);
    match &queue(&plan, "lines").action {
        Action::Create {
            disable,
            settings,
            copied_from,
        } => {
            assert_eq!(uuids(disable), ["e-lines"]);
            assert_eq!(copied_from.as_deref(), Some("e-lines"));
            assert_eq!(settings.batch_size, Some(10));
            assert_eq!(settings.maximum_batching_window_seconds, Some(2));
            assert_eq!(settings.maximum_concurrency, Some(5));
            assert_eq!(
                settings.function_response_types,
                vec!["ReportBatchItemFailures".to_string()]
            );
            assert_eq!(
                settings.filter_patterns,
                [r#"{"body": {"type": ["COMPACTION_RUN"]}}"#]
            );
        }
        other => panic!("{other:?}"),
    }
}

/// `switch --to TARGET --queue QUEUE` over `maps`, as the command plans it.
fn switch_on(maps: &[MappingInfo], target: &str, queue_key: &str, options: Options) -> SwitchPlan {
    let t = Topology::builtin();
    let mode = Mode::Switch { to: target.into() };
    let wanted = scope(&t, "dev", &mode, &[queue_key.to_string()]).unwrap();
    let fns = functions(true);
    let targets: Vec<(String, Target)> = wanted
        .iter()
        .map(|w| {
            let target = resolve_target(&t, "dev", &fns, &w.target).unwrap();
            (w.queue.clone(), target)
        })
        .collect();
    let sources = group_by_source(&t, "dev", &queue_names(), maps, false).unwrap();
    build(
        &t,
        "dev",
        mode,
        &sources,
        &targets,
        &BTreeMap::new(),
        options,
    )
}

#[test]
fn a_target_the_topology_names_neither_as_consumer_nor_fallback_is_refused_unless_forced() {
    const NDJSON: &str = "upload-images-dev-embed-ndjson-queue-c3";
    let mut maps = cut_over();
    maps.push(mapping(
        "n",
        "upload-images-dev-embed-from-ndjson",
        NDJSON,
        S::Enabled,
    ));
    let create = Options {
        create_missing: true,
        force: false,
    };
    let plan = switch_on(&maps, "enhanced-compaction", "embed-ndjson", create);
    let q = queue(&plan, "embed-ndjson");
    assert_eq!(q.target_role, TargetRole::Other);
    match &q.action {
        Action::Refuse { code, reason } => {
            assert_eq!(*code, RefusalCode::OffTopology);
            assert!(
                reason.contains("neither as the consumer nor as the fallback of embed-ndjson")
                    && reason.contains("its consumer is embed-from-ndjson")
                    && reason.contains("it has no fallback"),
                "{reason}"
            );
            assert!(!reason.contains("--"), "suggests a flag: {reason}");
        }
        other => panic!("{other:?}"),
    }
    // Without --create-missing too: the topology's refusal comes first, not "pass
    // --create-missing".
    let plan = switch_on(
        &maps,
        "enhanced-compaction",
        "embed-ndjson",
        Options::default(),
    );
    assert!(matches!(
        queue(&plan, "embed-ndjson").action,
        Action::Refuse {
            code: RefusalCode::OffTopology,
            ..
        }
    ));

    let forced = Options {
        create_missing: true,
        force: true,
    };
    let plan = switch_on(&maps, "enhanced-compaction", "embed-ndjson", forced);
    let q = queue(&plan, "embed-ndjson");
    assert!(matches!(q.action, Action::Create { .. }), "{:?}", q.action);
    assert!(
        q.notes.iter().any(|n| n.starts_with("forced (--force)")),
        "{:?}",
        q.notes
    );
    assert!(plan.force);

    // The queue's own consumer and fallback are never off the topology.
    let plan = switch_on(&cut_over(), "chroma-worker", "lines", Options::default());
    assert!(matches!(
        queue(&plan, "lines").action,
        Action::Switch { .. }
    ));
}

#[test]
fn a_missing_queue_is_refused_for_that_queue_only() {
    let t = Topology::builtin();
    let fns = functions(true);
    let sources = group_by_source(&t, "dev", &[WORDS.to_string()], &cut_over(), false).unwrap();
    let targets: Vec<(String, Target)> = ["lines", "words"]
        .iter()
        .map(|q| {
            (
                q.to_string(),
                resolve_target(&t, "dev", &fns, "chroma-worker").unwrap(),
            )
        })
        .collect();
    let plan = build(
        &t,
        "dev",
        Mode::Rollback,
        &sources,
        &targets,
        &BTreeMap::new(),
        Options::default(),
    );
    assert!(matches!(
        queue(&plan, "lines").action,
        Action::Refuse {
            code: RefusalCode::QueueMissing,
            ..
        }
    ));
    assert!(matches!(
        queue(&plan, "words").action,
        Action::Switch { .. }
    ));
    assert!(plan.blocked().is_none());
}

#[test]
fn rollback_scope_is_the_queues_with_a_fallback() {
    let t = Topology::builtin();
    let all = scope(&t, "dev", &Mode::Rollback, &[]).unwrap();
    assert_eq!(
        all,
        vec![
            Wanted {
                queue: "lines".into(),
                target: "chroma-worker".into()
            },
            Wanted {
                queue: "words".into(),
                target: "chroma-worker".into()
            }
        ]
    );
    let one = scope(&t, "dev", &Mode::Rollback, &["words".into()]).unwrap();
    assert_eq!(one.len(), 1);
    let err = scope(&t, "dev", &Mode::Rollback, &["embed-ndjson".into()]).unwrap_err();
    assert!(err.contains("no fallback"), "{err}");
}

#[test]
fn switch_scope_follows_the_target_and_never_takes_streams() {
    let t = Topology::builtin();
    let to = |f: &str| Mode::Switch { to: f.into() };
    let keys = |w: Vec<Wanted>| w.into_iter().map(|w| w.queue).collect::<Vec<_>>();
    assert_eq!(
        keys(scope(&t, "dev", &to("enhanced-compaction"), &[]).unwrap()),
        ["lines", "words"]
    );
    assert_eq!(
        keys(scope(&t, "dev", &to(LEGACY), &[]).unwrap()),
        ["lines", "words"]
    );
    assert_eq!(
        keys(scope(&t, "dev", &to("embed-from-ndjson"), &[]).unwrap()),
        ["embed-ndjson"]
    );
    assert_eq!(
        keys(scope(&t, "dev", &to("enhanced-compaction"), &["lines".into()]).unwrap()),
        ["lines"]
    );
    let err = scope(&t, "dev", &to("stream-processor"), &[]).unwrap_err();
    assert!(err.contains("--queue"), "{err}");
    let err = scope(
        &t,
        "dev",
        &to("stream-processor"),
        &["compaction-runs".into()],
    )
    .unwrap_err();
    assert!(err.contains("DynamoDB stream"), "{err}");
    let err = scope(&t, "dev", &to("enhanced-compaction"), &["nope".into()]).unwrap_err();
    assert!(err.contains("lines, words"), "{err}");
}

#[test]
fn targets_resolve_by_key_exact_name_or_pattern_and_ambiguity_is_an_error() {
    let t = Topology::builtin();
    let fns = functions(true);
    let by_key = resolve_target(&t, "dev", &fns, "chroma-worker").unwrap();
    assert_eq!(by_key.key.as_deref(), Some("chroma-worker"));
    assert_eq!(by_key.name.as_deref(), Some(LEGACY));
    let by_name = resolve_target(&t, "dev", &fns, LEGACY).unwrap();
    assert_eq!(by_name.key.as_deref(), Some("chroma-worker"));
    assert_eq!(by_name.name.as_deref(), Some(LEGACY));
    let missing = resolve_target(&t, "prod", &fns, "chroma-worker").unwrap();
    assert_eq!(missing.name, None);
    let mut two = fns.clone();
    two.push("chroma-worker-lambda-dev-0000000".into());
    let err = resolve_target(&t, "dev", &two, "chroma-worker")
        .unwrap_err()
        .to_string();
    assert!(err.contains("ambiguous"), "{err}");
}

#[test]
fn the_plan_serializes_with_its_action_tag() {
    let plan = rollback(&cut_over());
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["command"], "rollback");
    assert_eq!(json["stack"], "dev");
    assert_eq!(json["queues"][0]["action"], "switch");
    assert_eq!(json["queues"][0]["disable"][0]["uuid"], "e-lines");
    assert_eq!(json["queues"][0]["enable"]["uuid"], "l-lines");
    assert_eq!(json["queues"][0]["target"]["name"], LEGACY);
}

/// The rollback plan of `maps` when Lambda reports the fallback as `state`/`update`
/// (`waited`: seconds ccx waited for it to settle).
fn rollback_onto(
    maps: &[MappingInfo],
    state: &str,
    update: &str,
    waited: Option<u64>,
) -> SwitchPlan {
    rollback_onto_queues(maps, state, update, waited, &[])
}

/// As [`rollback_onto`], the queues having the visibility timeouts `visibility`.
fn rollback_onto_queues(
    maps: &[MappingInfo],
    state: &str,
    update: &str,
    waited: Option<u64>,
    visibility: &[(&str, u64)],
) -> SwitchPlan {
    let t = Topology::builtin();
    let status = TargetStatus {
        waited_seconds: waited,
        ..TargetStatus::of(&crate::state::functions::FunctionInfo {
            state: Some(state.into()),
            state_reason: Some("Lambda says why".into()),
            last_update_status: Some(update.into()),
            ..crate::fixtures::function(LEGACY, 900)
        })
    };
    let targets: Vec<(String, Target)> = ["lines", "words"]
        .map(|queue| {
            let mut target = resolve_target(&t, "dev", &functions(true), "chroma-worker").unwrap();
            target.status = Some(status.clone());
            (queue.to_string(), target)
        })
        .to_vec();
    let sources = group_by_source(&t, "dev", &queue_names(), maps, false).unwrap();
    let visibility = visibility
        .iter()
        .map(|(queue, seconds)| (queue.to_string(), *seconds))
        .collect();
    build(
        &t,
        "dev",
        Mode::Rollback,
        &sources,
        &targets,
        &visibility,
        Options::default(),
    )
}

#[test]
fn a_fallback_whose_timeout_outlasts_the_visibility_timeout_is_warned_about_in_plain_words() {
    // chroma-worker's 900 s against lines' 360 s; words' 5400 s is 6 × 900 s: fits.
    let visibility = [("lines", 360), ("words", 5400)];
    let plan = rollback_onto_queues(&cut_over(), "Active", "Successful", None, &visibility);
    let lines = queue(&plan, "lines");
    assert_eq!(lines.visibility_timeout_seconds, Some(360));
    assert!(matches!(lines.action, Action::Switch { .. }));
    let warned: Vec<&String> = lines
        .notes
        .iter()
        .filter(|n| n.contains("delivered a second time"))
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", lines.notes);
    assert!(warned[0].contains("up to 900s"), "{}", warned[0]);
    assert!(
        warned[0].contains("360s visibility timeout of lines"),
        "{}",
        warned[0]
    );
    assert!(
        queue(&plan, "words").notes.is_empty(),
        "{:?}",
        queue(&plan, "words").notes
    );
    // Nothing to change, nothing to warn about.
    let plan = rollback_onto_queues(&rolled_back(), "Active", "Successful", None, &visibility);
    assert!(queue(&plan, "lines").notes.is_empty());
}

#[test]
fn a_failed_target_refuses_every_queue_it_would_take_over() {
    for (state, update) in [("Failed", "Successful"), ("Active", "Failed")] {
        let plan = rollback_onto(&cut_over(), state, update, None);
        for q in &plan.queues {
            match &q.action {
                Action::Refuse {
                    code: RefusalCode::FunctionFailed,
                    reason,
                } => assert!(
                    reason.starts_with(&format!("{LEGACY} cannot run (")),
                    "{reason}"
                ),
                other => panic!("{state}/{update} {}: {other:?}", q.queue),
            }
        }
        assert_eq!(plan.changing().count(), 0);
        assert!(plan.blocked().is_none(), "only the queues are refused");
    }
    // Nothing to do stays nothing to do: there is nothing to refuse.
    let done = rollback_onto(&rolled_back(), "Failed", "Successful", None);
    assert!(done.queues.iter().all(|q| q.action == Action::NothingToDo));
}

#[test]
fn a_settling_target_is_refused_after_the_wait_and_noted_before_it() {
    let waited = rollback_onto(&cut_over(), "Pending", "Successful", Some(300));
    match &waited.queues[0].action {
        Action::Refuse {
            code: RefusalCode::FunctionNotReady,
            reason,
        } => assert!(
            reason.contains("did not settle in 300s (state is Pending: Lambda says why)"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    let dry = rollback_onto(&cut_over(), "Active", "InProgress", None);
    let q = &dry.queues[0];
    assert!(matches!(q.action, Action::Switch { .. }), "{:?}", q.action);
    assert!(
        q.notes[0].contains("waits up to --timeout"),
        "{:?}",
        q.notes
    );
}

#[test]
fn an_inactive_target_proceeds_and_the_plan_says_the_first_batches_wake_it() {
    let plan = rollback_onto(&cut_over(), "Inactive", "Successful", None);
    assert_eq!(plan.changing().count(), 2);
    for q in &plan.queues {
        assert_eq!(q.notes.len(), 1, "{:?}", q.notes);
        assert!(
            q.notes[0].contains("the first batches wake it (a cold start)")
                && q.notes[0].contains("a failed batch returns to the queue"),
            "{}",
            q.notes[0]
        );
    }
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["queues"][0]["target"]["status"]["readiness"], "idle");
    assert_eq!(json["queues"][0]["target"]["status"]["state"], "Inactive");
    assert!(json["queues"][0]["notes"][0].is_string());
    // An active target adds nothing.
    let active = rollback_onto(&cut_over(), "Active", "Successful", None);
    assert!(active.queues.iter().all(|q| q.notes.is_empty()));
}
