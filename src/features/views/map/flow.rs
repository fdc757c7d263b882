//! The pipeline's order. A flow starts at a source no topology function writes to (where
//! producers outside the topology put work), goes to that source's consumers, and on to
//! what they write (`writes` in the topology), and so on. A source reached a second time
//! (two paths join, or a loop) is drawn once and referred to afterwards.

/// One source placed in the flow, with what comes after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowNode {
    /// Index into the sources the flow was made from.
    pub source: usize,
    /// The functions whose output arrives here; empty at the start of a flow.
    pub via: Vec<String>,
    /// Placed earlier in the flow: only a reference to it here.
    pub repeat: bool,
    pub children: Vec<FlowNode>,
}

/// A source as the flow sees it: its key and the functions that consume it (expected
/// consumer first), by topology key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub key: String,
    pub consumers: Vec<String>,
}

/// The flows through `stages` (given in topology order), first those that start at a
/// source nobody writes to, then any source not reached yet. `writes(function)` is what
/// a function writes, by source key; keys that are not stages are ignored.
pub fn order<'a>(stages: &[Stage], writes: impl Fn(&str) -> &'a [String]) -> Vec<FlowNode> {
    let index = |key: &str| stages.iter().position(|s| s.key == key);
    let written: Vec<bool> = stages
        .iter()
        .map(|stage| {
            stages
                .iter()
                .flat_map(|s| &s.consumers)
                .any(|f| writes(f).contains(&stage.key))
        })
        .collect();
    let mut placed = vec![false; stages.len()];
    let mut flows = Vec::new();
    let starts = (0..stages.len())
        .filter(|&i| !written[i])
        .chain(0..stages.len());
    for start in starts {
        if !placed[start] {
            flows.push(place(
                start,
                Vec::new(),
                stages,
                &writes,
                &index,
                &mut placed,
            ));
        }
    }
    flows
}

fn place<'a>(
    at: usize,
    via: Vec<String>,
    stages: &[Stage],
    writes: &impl Fn(&str) -> &'a [String],
    index: &impl Fn(&str) -> Option<usize>,
    placed: &mut [bool],
) -> FlowNode {
    placed[at] = true;
    // Next sources in the order their writers consume here and declare them.
    let mut next: Vec<(usize, Vec<String>)> = Vec::new();
    for function in &stages[at].consumers {
        for target in writes(function) {
            let Some(j) = index(target) else { continue };
            match next.iter_mut().find(|(k, _)| *k == j) {
                Some((_, writers)) if !writers.contains(function) => writers.push(function.clone()),
                Some(_) => {}
                None => next.push((j, vec![function.clone()])),
            }
        }
    }
    let mut children = Vec::new();
    for (j, writers) in next {
        if placed[j] {
            children.push(FlowNode {
                source: j,
                via: writers,
                repeat: true,
                children: Vec::new(),
            });
        } else {
            children.push(place(j, writers, stages, writes, index, placed));
        }
    }
    FlowNode {
        source: at,
        via,
        repeat: false,
        children,
    }
}

/// The sources in the order the flows place them (references left out).
pub fn preorder(flows: &[FlowNode]) -> Vec<usize> {
    fn walk(node: &FlowNode, out: &mut Vec<usize>) {
        if node.repeat {
            return;
        }
        out.push(node.source);
        for child in &node.children {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    for flow in flows {
        walk(flow, &mut out);
    }
    out
}

/// The flows with each source index mapped through `new_index`.
pub fn renumber(flows: Vec<FlowNode>, new_index: &impl Fn(usize) -> usize) -> Vec<FlowNode> {
    flows
        .into_iter()
        .map(|node| FlowNode {
            source: new_index(node.source),
            children: renumber(node.children, new_index),
            ..node
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn stage(key: &str, consumers: &[&str]) -> Stage {
        Stage {
            key: key.into(),
            consumers: consumers.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn writes(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(f, ws)| (f.to_string(), ws.iter().map(|w| w.to_string()).collect()))
            .collect()
    }

    fn keys(stages: &[Stage], flows: &[FlowNode]) -> Vec<String> {
        preorder(flows)
            .into_iter()
            .map(|i| stages[i].key.clone())
            .collect()
    }

    /// The runbook's pipeline, its sources given as the topology lists them.
    #[test]
    fn the_runbook_flows_from_the_producer_queue_to_the_compaction_queues() {
        let stages = vec![
            stage("embed-ndjson", &["embed-from-ndjson"]),
            stage("lines", &["enhanced-compaction", "chroma-worker"]),
            stage("words", &["enhanced-compaction", "chroma-worker"]),
            stage("compaction-runs", &["stream-processor"]),
        ];
        let w = writes(&[
            ("embed-from-ndjson", &["compaction-runs"]),
            ("stream-processor", &["lines", "words"]),
        ]);
        let flows = order(&stages, |f| w.get(f).map_or(&[][..], Vec::as_slice));
        assert_eq!(flows.len(), 1);
        assert_eq!(
            keys(&stages, &flows),
            ["embed-ndjson", "compaction-runs", "lines", "words"]
        );
        let stream = &flows[0].children[0];
        assert_eq!(stream.via, ["embed-from-ndjson"]);
        assert_eq!(stream.children.len(), 2);
        assert!(
            stream
                .children
                .iter()
                .all(|c| c.via == ["stream-processor"])
        );
    }

    #[test]
    fn without_writes_every_source_starts_a_flow_in_topology_order() {
        let stages = vec![stage("a", &["f"]), stage("b", &["g"])];
        let flows = order(&stages, |_| &[][..]);
        assert_eq!(keys(&stages, &flows), ["a", "b"]);
        assert!(
            flows
                .iter()
                .all(|f| f.children.is_empty() && f.via.is_empty())
        );
    }

    #[test]
    fn a_join_is_placed_once_and_referred_to_after() {
        // a -> f -> c, b -> g -> c
        let stages = vec![stage("a", &["f"]), stage("b", &["g"]), stage("c", &["h"])];
        let w = writes(&[("f", &["c"]), ("g", &["c"])]);
        let flows = order(&stages, |f| w.get(f).map_or(&[][..], Vec::as_slice));
        assert_eq!(keys(&stages, &flows), ["a", "c", "b"]);
        let reference = &flows[1].children[0];
        assert!(reference.repeat);
        assert_eq!(
            (reference.source, reference.via.as_slice()),
            (2, &["g".to_string()][..])
        );
    }

    #[test]
    fn a_loop_still_places_every_source_once() {
        let stages = vec![stage("a", &["f"]), stage("b", &["g"])];
        let w = writes(&[("f", &["b"]), ("g", &["a"])]);
        let flows = order(&stages, |f| w.get(f).map_or(&[][..], Vec::as_slice));
        assert_eq!(keys(&stages, &flows), ["a", "b"]);
        assert!(flows[0].children[0].children[0].repeat);
    }

    #[test]
    fn renumbering_maps_every_index() {
        let stages = vec![stage("a", &["f"]), stage("b", &[])];
        let w = writes(&[("f", &["b"])]);
        let flows = order(&stages, |f| w.get(f).map_or(&[][..], Vec::as_slice));
        let flows = renumber(flows, &|i| i + 10);
        assert_eq!(preorder(&flows), [10, 11]);
    }
}
