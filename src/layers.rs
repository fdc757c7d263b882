//! The layers of `src/`, top to bottom, and the test that holds every `crate::` path to
//! them: code may name a unit below its own, never one above (so there are no cycles
//! between units either). A unit is a top folder, or one module of `app/`, `features/`,
//! `judgements/` and `base/`, where the order inside the layer matters too.

use std::fs;
use std::path::{Path, PathBuf};

/// Every unit, highest first. A unit may use any unit after it in this list.
const LAYERS: &[&str] = &[
    "main",
    "app",
    "app::multi",
    "app::multi_switch",
    "app::cli",
    "app::commands",
    "app::settings",
    "app::flags",
    "app::exit",
    "render",
    "features",
    "features::guard",
    "features::dlq",
    "features::policy",
    "features::switch",
    // Inside the switch: the executor above the pure plan and the target's judged state.
    "features::switch::signals",
    "features::switch::executor",
    "features::switch::conclude",
    "features::switch::events",
    "features::switch::record",
    "features::switch::mapping_api",
    "features::switch::report",
    "features::switch::next_deploy",
    "features::switch::plan",
    "features::switch::target",
    "features::switch::timing",
    "features::switch::invocation_drain",
    "features::verify",
    "features::drift",
    "features::views",
    "ui",
    "judgements",
    "judgements::source_judgement",
    "judgements::mapping_reasons",
    "judgements::health",
    "judgements::visibility_fit",
    "judgements::queue_drain_rate",
    "judgements::stacks",
    "judgements::drift",
    "judgements::consumers",
    "logs",
    "state",
    "aws",
    "base",
    "base::resolve",
    "base::time",
    "base::topology",
];

/// Test-only data built from every layer (`fixtures`, `switch::fixtures`), and this
/// test: nothing but tests imports them.
fn outside_the_layers(path: &str) -> bool {
    path == "layers" || path.split("::").any(|segment| segment == "fixtures")
}

/// The unit a module path (`features::switch::plan`) belongs to: the longest listed prefix.
fn unit_of(path: &str) -> Option<usize> {
    LAYERS
        .iter()
        .enumerate()
        .filter(|(_, unit)| path == **unit || path.starts_with(&format!("{unit}::")))
        .max_by_key(|(_, unit)| unit.len())
        .map(|(rank, _)| rank)
}

/// A source file's module path: `src/features/switch/plan.rs` → `features::switch::plan`.
fn module_of(file: &Path, src: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|part| part != "mod")
        .collect();
    parts.join("::")
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// Every path a file names from the crate root, as `a::b::c` (groups expanded one level:
/// `crate::{ui::style, logs}` names `ui::style` and `logs`).
fn crate_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let item: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !item.is_empty() {
                    paths.push(item);
                }
            }
        } else {
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path.trim_end_matches(':').to_string());
        }
    }
    paths
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 100, "found only {} files", files.len());
    let mut upward = Vec::new();
    for file in &files {
        let module = module_of(file, &src);
        if outside_the_layers(&module) {
            continue;
        }
        let Some(from) = unit_of(&module) else {
            panic!("{module} is in no layer: add its unit to LAYERS in src/layers.rs");
        };
        let text = fs::read_to_string(file).expect("read a source file");
        for path in crate_paths(&text) {
            if outside_the_layers(&path) {
                continue;
            }
            match unit_of(&path) {
                Some(to) if to < from => {
                    upward.push(format!(
                        "{module} uses crate::{path} ({} is above {})",
                        LAYERS[to], LAYERS[from]
                    ));
                }
                Some(_) => {}
                None => panic!("{module} names crate::{path}, which is in no layer"),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_paths_of_a_file_are_found_in_groups_too() {
    let text = "use crate::{ui::style, logs};\nlet x = crate::state::functions::read();";
    assert_eq!(
        crate_paths(text),
        ["ui::style", "logs", "state::functions::read"]
    );
    assert_eq!(
        unit_of("features::guard::watch"),
        unit_of("features::guard")
    );
    assert!(unit_of("features::switch::plan") > unit_of("features::switch::executor"));
    assert!(unit_of("app::commands") > unit_of("app"));
}
