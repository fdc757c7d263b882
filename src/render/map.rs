//! The pipeline diagram for `ccx map`: top to bottom in flow order, each source with its
//! live state and consumers, what they write drawn below them (several next sources as
//! indented branches). Lines stay within the view's width: long real names shorten in
//! the middle, verdicts wrap between words.

use crate::features::views::changes::Changes;
use crate::features::views::map::flow::FlowNode;
use crate::features::views::map::{MapConsumer, MapReport, MapSource};
use crate::judgements::consumers::{SourceKind, Verdict};
use crate::ui::styled::{shorten_middle, width as visible_width};
use crate::ui::{style, wrap};

/// How to draw the map.
#[derive(Debug, Clone, Copy, Default)]
pub struct MapView<'a> {
    /// Columns to stay within; `None` shows every name whole (`--wide`).
    pub width: Option<usize>,
    /// Under `--watch`: what changed since the previous reading.
    pub changes: Option<&'a Changes>,
}

/// A shortened name keeps at least this many characters.
const NAME_KEEPS: usize = 20;
/// Body lines sit this far right of their source's header.
const BODY: &str = "    ";

pub fn render(report: &MapReport, view: &MapView) -> String {
    let columns = Columns::of(report);
    let mut drawing = Drawing {
        report,
        view,
        columns,
        lines: vec![style::bold(&format!(
            "Pipeline of stack {}, in flow order",
            report.stack
        ))],
    };
    for flow in &report.flows {
        drawing.lines.push(String::new());
        drawing.node(flow, "", "");
    }
    drawing.lines.push(String::new());
    let legend =
        "─▶ consuming (or about to) · ─╳ not consuming · (+n) change since the last reading";
    drawing
        .lines
        .extend(wrap::indented("", "", &style::dim(legend), view.width));
    drawing.lines.join("\n")
}

/// Widths of the consumer columns, the same across the whole map.
struct Columns {
    function: usize,
    state: usize,
    relation: usize,
}

impl Columns {
    fn of(report: &MapReport) -> Columns {
        let consumers = || report.sources.iter().flat_map(|s| &s.consumers);
        let widest = |f: &dyn Fn(&MapConsumer) -> usize| consumers().map(f).max().unwrap_or(0);
        Columns {
            function: widest(&|c| function_key(c).chars().count()),
            state: widest(&|c| c.state.as_str().chars().count()),
            relation: widest(&|c| c.relation.as_str().len()),
        }
    }
}

fn function_key(c: &MapConsumer) -> &str {
    c.function.as_deref().unwrap_or("?")
}

struct Drawing<'a> {
    report: &'a MapReport,
    view: &'a MapView<'a>,
    columns: Columns,
    lines: Vec<String>,
}

impl Drawing<'_> {
    /// `fixed` (already styled), `name` shortened to what is left of the width, then
    /// `after`. When too little is left, the name goes on a line of its own below,
    /// indented by `detail`.
    fn push_with_name(&mut self, fixed: &str, name: &str, after: &str, detail: &str) {
        let Some(width) = self.view.width else {
            self.lines.push(format!("{fixed}{name}{after}"));
            return;
        };
        let room = width.saturating_sub(visible_width(fixed) + visible_width(after));
        if room >= NAME_KEEPS.min(name.chars().count()) {
            self.lines
                .push(format!("{fixed}{}{after}", shorten_middle(name, room)));
            return;
        }
        self.lines.push(format!("{}{after}", fixed.trim_end()));
        let room = width.saturating_sub(visible_width(detail));
        self.lines.push(format!(
            "{detail}{}",
            shorten_middle(name, room.max(NAME_KEEPS))
        ));
    }

    fn node(&mut self, node: &FlowNode, head: &str, body: &str) {
        let source = &self.report.sources[node.source];
        if node.repeat {
            self.lines.push(format!(
                "{head}{} {}",
                style::bold(&source.source),
                style::dim("(shown above)")
            ));
            return;
        }
        self.header(source, head);
        let inner = format!("{body}{BODY}");
        self.depth(source, &inner);
        self.consumers(source, &inner);
        self.verdict(source, &inner);
        self.next(node, body);
    }

    fn header(&mut self, source: &MapSource, head: &str) {
        let what = match source.kind {
            SourceKind::Stream => "DynamoDB stream of ",
            _ => "queue ",
        };
        let fixed = format!("{head}{} · {what}", style::bold(&source.source));
        match &source.name {
            Some(name) => self.push_with_name(&fixed, name, "", &format!("{head}{BODY}")),
            None => self.lines.push(format!(
                "{fixed}{}",
                style::bad("(not found in this stack)")
            )),
        }
    }

    fn depth(&mut self, source: &MapSource, inner: &str) {
        let Some(d) = &source.depth else { return };
        let change = self.view.changes.and_then(|c| c.queue(&source.source));
        let visible = format!(
            "{}{}",
            d.visible,
            change.map_or_else(String::new, |c| backlog_change(c.visible))
        );
        self.lines.push(format!(
            "{inner}{visible} visible · {} in flight · {} delayed · oldest {}",
            d.in_flight,
            d.delayed,
            super::time::age_or_no_data(d.oldest_message_age_seconds)
        ));
        match (&d.dlq_name, d.dlq_visible) {
            (Some(name), Some(n)) => {
                let count = if n > 0 {
                    style::warn(&n.to_string())
                } else {
                    n.to_string()
                };
                let growth = change
                    .and_then(|c| c.dlq)
                    .map_or_else(String::new, dlq_change);
                let fixed = format!("{inner}DLQ {count}{growth} in ");
                self.push_with_name(&fixed, name, "", &format!("{inner}  "));
            }
            _ => self.lines.push(format!("{inner}{}", style::warn("no DLQ"))),
        }
    }

    fn consumers(&mut self, source: &MapSource, inner: &str) {
        if source.consumers.is_empty() {
            self.lines
                .push(format!("{inner}└── {}", style::bad("no consumer mapped")));
            return;
        }
        let Columns {
            function,
            state,
            relation,
        } = self.columns;
        for (i, c) in source.consumers.iter().enumerate() {
            let last = i + 1 == source.consumers.len();
            let branch = match (last, c.state.may_consume()) {
                (false, true) => "├─▶",
                (true, true) => "└─▶",
                (false, false) => "├─╳",
                (true, false) => "└─╳",
            };
            // Padded outside the styling: escape codes have no width.
            let pad =
                |text: &str, width: usize| " ".repeat(width.saturating_sub(text.chars().count()));
            let key = function_key(c);
            let fixed = format!(
                "{inner}{branch} {key}{}  {}{}  {}{}  ",
                pad(key, function),
                style::mapping_state(&c.state),
                pad(c.state.as_str(), state),
                style::dim(c.relation.as_str()),
                pad(c.relation.as_str(), relation),
            );
            let was = self
                .view
                .changes
                .and_then(|ch| ch.mapping_was.get(&c.uuid))
                .map_or_else(String::new, |was| {
                    format!(" {}", style::warn(&format!("(was {})", was.as_str())))
                });
            let detail = format!("{inner}{}    ", if last { " " } else { "│" });
            self.push_with_name(&fixed, &c.function_name, &was, &detail);
        }
    }

    fn verdict(&mut self, source: &MapSource, inner: &str) {
        let (mark, paint): (&str, fn(&str) -> String) = match &source.verdict {
            Verdict::Ok => ("✔", style::ok),
            Verdict::WrongConsumer { .. } => ("!", style::warn),
            _ => ("✘", style::bad),
        };
        let text = paint(&format!("{mark} {}", source.summary));
        self.lines.extend(wrap::indented(
            inner,
            &format!("{inner}  "),
            &text,
            self.view.width,
        ));
    }

    /// What the source's consumers write: one next source straight below, several as
    /// branches.
    fn next(&mut self, node: &FlowNode, body: &str) {
        if node.children.is_empty() {
            return;
        }
        let mut writers: Vec<&str> = Vec::new();
        for w in node.children.iter().flat_map(|c| &c.via) {
            if !writers.contains(&w.as_str()) {
                writers.push(w);
            }
        }
        let verb = if writers.len() == 1 {
            "writes"
        } else {
            "write"
        };
        self.lines.push(format!(
            "{body}  │ {}",
            style::dim(&format!("{} {verb}", writers.join(", ")))
        ));
        if let [only] = node.children.as_slice() {
            self.lines.push(format!("{body}  ▼"));
            self.node(only, body, body);
            return;
        }
        for (i, child) in node.children.iter().enumerate() {
            let last = i + 1 == node.children.len();
            let (head, rest) = if last {
                ("  └─▶ ", "      ")
            } else {
                ("  ├─▶ ", "  │   ")
            };
            self.node(child, &format!("{body}{head}"), &format!("{body}{rest}"));
        }
    }
}

/// A change in a queue's backlog: growing stands out, draining reassures.
fn backlog_change(delta: i64) -> String {
    match delta {
        0 => String::new(),
        d if d > 0 => format!(" {}", style::warn(&format!("(+{d})"))),
        d => format!(" {}", style::ok(&format!("({d})"))),
    }
}

/// A change in a DLQ: every new dead letter is a failure.
fn dlq_change(delta: i64) -> String {
    match delta {
        0 => String::new(),
        d if d > 0 => format!(" {}", style::bad(&format!("(+{d})"))),
        d => format!(" {}", style::ok(&format!("({d})"))),
    }
}

#[cfg(test)]
mod tests;
