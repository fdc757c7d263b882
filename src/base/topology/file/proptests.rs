//! Properties of the loader: no input makes it panic, and what `ccx config show` prints
//! loads back to the same topology.

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;

use super::{parse, to_config_file};
use crate::base::topology::{
    FunctionSpec, IacSpec, LogSpec, Marker, MetricsSpec, QueueSpec, Role, StreamSpec, Topology,
};

/// Any text, unicode and control characters included.
fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}|[\\x00-\\x7f]{0,12}"
}

fn nonblank() -> impl Strategy<Value = String> {
    "\\PC{0,8}[a-z]\\PC{0,8}"
}

fn key() -> impl Strategy<Value = String> {
    "[a-z0-9_-]{1,10}|\\PC{1,8}"
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Expected),
        Just(Role::Retired),
        Just(Role::Fallback)
    ]
}

fn function() -> impl Strategy<Value = FunctionSpec> {
    (nonblank(), role(), proptest::option::of(text())).prop_map(|(pattern, role, description)| {
        FunctionSpec {
            pattern,
            role,
            description,
            writes: Vec::new(),
        }
    })
}

/// A valid topology: every reference names a function, no pattern is blank.
fn topology() -> impl Strategy<Value = Topology> {
    (nonblank(), btree_map(key(), function(), 1..5)).prop_flat_map(|(stack, functions)| {
        let keys: Vec<String> = functions.keys().cloned().collect();
        let queue = (
            nonblank(),
            select(keys.clone()),
            proptest::option::of(select(keys.clone())),
        )
            .prop_map(|(pattern, consumer, fallback)| QueueSpec {
                fallback: fallback.filter(|f| f != &consumer),
                pattern,
                consumer,
            });
        let stream = (proptest::option::of(nonblank()), select(keys.clone())).prop_map(
            |(table_pattern, consumer)| StreamSpec {
                table_pattern,
                consumer,
            },
        );
        let marker =
            (text(), "\\PC{1,12}", any::<bool>()).prop_map(|(name, text, sum_number)| Marker {
                name,
                text,
                sum_number,
            });
        let logs = (
            vec(select(keys), 0..3),
            vec(marker, 0..3),
            vec(text(), 0..3),
        )
            .prop_map(|(watch, markers, errors)| LogSpec {
                watch,
                markers,
                errors,
            });
        (
            Just(stack),
            Just(functions),
            btree_map(key(), queue, 0..4),
            btree_map(key(), stream, 0..2),
            logs,
            (text(), text()),
        )
            .prop_map(
                |(stack, functions, queues, streams, logs, (rollback, forward))| Topology {
                    stack,
                    functions,
                    queues,
                    streams,
                    logs,
                    metrics: MetricsSpec::default(),
                    iac: IacSpec { rollback, forward },
                    restored: Vec::new(),
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_text_makes_the_loader_panic(input in "\\PC{0,200}") {
        let _ = parse(&input);
    }

    #[test]
    fn no_damage_to_a_valid_file_makes_the_loader_panic(
        cut in 0usize..4000,
        insert in "[\\[\\]=\"'#\\n{}., a-z0-9\\x00-\\x1f]{0,6}",
    ) {
        let text = crate::base::topology::DEFAULT_TOML;
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let damaged = format!("{}{insert}{}", &text[..at], &text[at..]);
        let _ = parse(&damaged);
        let _ = parse(&text[..at]);
    }

    #[test]
    fn the_shown_topology_loads_back_to_itself(t in topology()) {
        prop_assert_eq!(t.validate(), Ok(()));
        let shown = to_config_file(&t);
        let back = parse(&shown).map_err(|e| TestCaseError::fail(format!("{e}\n{shown}")))?;
        prop_assert_eq!(back, t);
    }
}

#[test]
fn the_generator_makes_references_that_resolve() {
    // A hand-made topology of the generator's shape validates, so a property failure
    // above is the loader's, not the generator's.
    let t = Topology {
        stack: "s".into(),
        functions: BTreeMap::from([(
            "f".to_string(),
            FunctionSpec {
                pattern: "p".into(),
                role: Role::Expected,
                description: None,
                writes: Vec::new(),
            },
        )]),
        queues: BTreeMap::new(),
        streams: BTreeMap::new(),
        logs: LogSpec::default(),
        metrics: MetricsSpec::default(),
        iac: IacSpec::default(),
        restored: Vec::new(),
    };
    assert_eq!(parse(&to_config_file(&t)).unwrap(), t);
}
