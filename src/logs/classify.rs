//! What a log line is (Lambda platform line, runbook marker, error, other) and the
//! running counts behind `ccx tail`'s summary and `ccx verify`'s log checks: fed one
//! message at a time, in Text or JSON log format.

use crate::base::topology::{LogSpec, Marker};
use crate::logs::lambda_line::LambdaLine;

/// How many error lines a tally quotes.
pub const FIRST_ERRORS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Matches `logs.errors[i]` (errors win over everything else).
    Error(usize),
    /// Matches `logs.markers[i]` (the first marker that matches).
    Marker(usize),
    /// Lambda's START / END / REPORT (and INIT_*) lines, or its `platform.*` records.
    Platform,
    Plain,
}

/// Counts for one marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerCount {
    pub name: String,
    pub text: String,
    /// Lines containing `text`.
    pub lines: u64,
    /// For `sum_number` markers: the sum of the number after `text` on each line.
    pub sum: Option<u64>,
}

/// Running counts over a sequence of log messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Messages seen.
    pub events: u64,
    /// Invocations started (`START RequestId:` lines, `platform.start` records).
    pub invocations: u64,
    /// One entry per topology marker, in topology order.
    pub markers: Vec<MarkerCount>,
    /// Messages matching any of the error texts.
    pub errors: u64,
    /// The first `FIRST_ERRORS` error messages, trimmed.
    pub first_errors: Vec<String>,
    error_texts: Vec<String>,
    sum_flags: Vec<bool>,
}

impl Tally {
    pub fn new(spec: &LogSpec) -> Tally {
        Tally {
            events: 0,
            invocations: 0,
            markers: spec
                .markers
                .iter()
                .map(|m: &Marker| MarkerCount {
                    name: m.name.clone(),
                    text: m.text.clone(),
                    lines: 0,
                    sum: m.sum_number.then_some(0),
                })
                .collect(),
            errors: 0,
            first_errors: Vec::new(),
            error_texts: spec
                .errors
                .iter()
                .filter(|e| !e.is_empty())
                .cloned()
                .collect(),
            sum_flags: spec.markers.iter().map(|m| m.sum_number).collect(),
        }
    }

    /// Counts `message` and says what kind of line it is.
    #[cfg(test)]
    pub fn add(&mut self, message: &str) -> LineKind {
        self.add_line(&LambdaLine::parse(message))
    }

    /// Counts a parsed line and says what kind of line it is. Markers and error phrases
    /// are looked for in what the function said (a JSON record's `message`; an error
    /// phrase also in its `level`).
    pub fn add_line(&mut self, line: &LambdaLine) -> LineKind {
        self.events += 1;
        if line.is_invocation_start() {
            self.invocations += 1;
        }
        let text = line.text();
        for (i, marker) in self.markers.iter_mut().enumerate() {
            if marker.text.is_empty() || !text.contains(marker.text.as_str()) {
                continue;
            }
            marker.lines += 1;
            if self.sum_flags[i]
                && let (Some(sum), Some(n)) =
                    (marker.sum.as_mut(), number_after(text, &marker.text))
            {
                *sum = sum.saturating_add(n);
            }
        }
        let kind = self.kind_of(line);
        if let LineKind::Error(_) = kind {
            self.errors += 1;
            if self.first_errors.len() < FIRST_ERRORS {
                self.first_errors.push(line.readable().trim().to_string());
            }
        }
        kind
    }

    /// What kind of line this is, without counting it: an error (errors win), else the
    /// first marker it holds, else one of Lambda's own lines, else plain.
    pub fn kind_of(&self, line: &LambdaLine) -> LineKind {
        let text = line.text();
        let level = line.level().unwrap_or("");
        if let Some(i) = self
            .error_texts
            .iter()
            .position(|e| text.contains(e.as_str()) || level.contains(e.as_str()))
        {
            return LineKind::Error(i);
        }
        if let Some(i) = self
            .markers
            .iter()
            .position(|m| !m.text.is_empty() && text.contains(m.text.as_str()))
        {
            return LineKind::Marker(i);
        }
        if line.is_platform() {
            return LineKind::Platform;
        }
        LineKind::Plain
    }

    /// Lines counted for the marker called `name` (0 if there is none).
    #[cfg(test)]
    pub fn lines(&self, name: &str) -> u64 {
        self.markers
            .iter()
            .find(|m| m.name == name)
            .map_or(0, |m| m.lines)
    }

    /// The sum for the `sum_number` marker called `name`.
    #[cfg(test)]
    pub fn sum(&self, name: &str) -> Option<u64> {
        self.markers
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.sum)
    }

    /// The error text matched by `LineKind::Error(i)`.
    #[cfg(test)]
    pub fn error_text(&self, i: usize) -> &str {
        self.error_texts.get(i).map_or("", String::as_str)
    }

    /// `4 runs, 4 deltas, 4 merged (512 records), 0 errors`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .markers
            .iter()
            .map(|m| {
                let counted = format!("{} {}", m.lines, counted_name(&m.name, m.lines));
                match m.sum {
                    Some(1) => format!("{counted} (1 record)"),
                    Some(sum) => format!("{counted} ({sum} records)"),
                    None => counted,
                }
            })
            .collect();
        parts.push(format!(
            "{} error{}",
            self.errors,
            if self.errors == 1 { "" } else { "s" }
        ));
        parts.join(", ")
    }
}

/// A marker's name (`runs`, `deltas`, `merged`: what is counted, in the plural) as it
/// reads after a count: one is written without the plural `s` (`1 run`, `1 merged`).
fn counted_name(name: &str, count: u64) -> &str {
    match name.strip_suffix('s') {
        Some(one) if count == 1 && !one.is_empty() && !one.ends_with('s') => one,
        _ => name,
    }
}

/// The first integer after `text` in `message` ("Merged 128 records" → 128).
pub fn number_after(message: &str, text: &str) -> Option<u64> {
    let rest = &message[message.find(text)? + text.len()..];
    let digits = rest.trim_start();
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::topology::Topology;

    fn tally() -> Tally {
        Tally::new(&Topology::builtin().logs)
    }

    #[test]
    fn lines_are_classified_with_errors_first() {
        let mut t = tally();
        assert_eq!(
            t.add("START RequestId: 8f5e Version: $LATEST\n"),
            LineKind::Platform
        );
        assert_eq!(t.add("END RequestId: 8f5e\n"), LineKind::Platform);
        assert_eq!(
            t.add("REPORT RequestId: 8f5e\tDuration: 812.33 ms\n"),
            LineKind::Platform
        );
        assert_eq!(
            t.add("[INFO] Processing COMPACTION_RUN run_id=1 collection=lines\n"),
            LineKind::Marker(0)
        );
        assert_eq!(
            t.add("[INFO] Downloaded delta s3://b/lines/1.tar.gz"),
            LineKind::Marker(1)
        );
        assert_eq!(
            t.add("[INFO] Merged 128 records into lines"),
            LineKind::Marker(2)
        );
        assert_eq!(
            t.add("[ERROR] Merged 0 records: lock held"),
            LineKind::Error(0)
        );
        assert_eq!(
            t.add("2026-11-29T01:00:00Z 8f5e Task timed out after 900.00 seconds"),
            LineKind::Error(1)
        );
        assert_eq!(
            t.add("Traceback (most recent call last):"),
            LineKind::Error(2)
        );
        assert_eq!(t.add("[INFO] nothing to see"), LineKind::Plain);
        assert_eq!(t.add("A START RequestId: in the middle"), LineKind::Plain);
        assert_eq!(t.invocations, 1);
        assert_eq!(t.error_text(1), "Task timed out");
    }

    #[test]
    fn the_tally_counts_runs_records_and_errors() {
        let mut t = tally();
        for line in [
            "[INFO] Processing COMPACTION_RUN run_id=1",
            "[INFO] Downloaded delta a",
            "[INFO] Merged 128 records into lines",
            "[INFO] Processing COMPACTION_RUN run_id=2",
            "[INFO] Merged  72 records into words",
            "[INFO] Merged records: none",
            "[ERROR] boom",
            "plain",
        ] {
            t.add(line);
        }
        assert_eq!(t.events, 8);
        assert_eq!(t.lines("runs"), 2);
        assert_eq!(t.lines("deltas"), 1);
        assert_eq!(t.lines("merged"), 3);
        assert_eq!(t.sum("merged"), Some(200));
        assert_eq!(t.sum("runs"), None);
        assert_eq!(t.lines("no-such-marker"), 0);
        assert_eq!(t.errors, 1);
        assert_eq!(t.first_errors, ["[ERROR] boom"]);
        assert_eq!(
            t.summary(),
            "2 runs, 1 delta, 3 merged (200 records), 1 error"
        );
    }

    #[test]
    fn one_of_a_marker_reads_in_the_singular() {
        assert_eq!(counted_name("runs", 1), "run");
        assert_eq!(counted_name("runs", 2), "runs");
        assert_eq!(counted_name("runs", 0), "runs");
        assert_eq!(counted_name("merged", 1), "merged");
        assert_eq!(counted_name("s", 1), "s");
        assert_eq!(counted_name("address", 1), "address");
    }

    #[test]
    fn only_the_first_errors_are_quoted() {
        let mut t = tally();
        for i in 0..20 {
            t.add(&format!("ERROR number {i}\n"));
        }
        assert_eq!(t.errors, 20);
        assert_eq!(t.first_errors.len(), FIRST_ERRORS);
        assert_eq!(t.first_errors[0], "ERROR number 0");
    }

    #[test]
    fn numbers_follow_the_marker_text() {
        assert_eq!(number_after("Merged 128 records", "Merged "), Some(128));
        assert_eq!(number_after("x Merged 7", "Merged "), Some(7));
        assert_eq!(number_after("Merged many", "Merged "), None);
        assert_eq!(number_after("nothing", "Merged "), None);
        assert_eq!(
            number_after("Merged 99999999999999999999999 records", "Merged "),
            None
        );
    }

    #[test]
    fn json_format_lines_are_counted_by_what_the_function_said() {
        let mut t = tally();
        let app = |level: &str, message: &str| {
            serde_json::json!({"timestamp": "2026-11-29T01:00:00.150Z", "level": level,
                               "message": message, "requestId": "8f5e"})
            .to_string()
        };
        assert_eq!(
            t.add(r#"{"time":"x","type":"platform.start","record":{"requestId":"8f5e"}}"#),
            LineKind::Platform
        );
        assert_eq!(
            t.add(&app("INFO", "Processing COMPACTION_RUN run_id=1")),
            LineKind::Marker(0)
        );
        assert_eq!(
            t.add(&app("INFO", "Merged 128 records into lines")),
            LineKind::Marker(2)
        );
        // The level alone makes an error line, as `[ERROR]` does in Text format.
        assert_eq!(t.add(&app("ERROR", "lock held")), LineKind::Error(0));
        assert_eq!(
            t.add(r#"{"time":"x","type":"platform.report","record":{"requestId":"8f5e"}}"#),
            LineKind::Platform
        );
        assert_eq!(t.invocations, 1);
        assert_eq!(t.sum("merged"), Some(128));
        assert_eq!(t.first_errors, ["[ERROR] lock held"]);
        // The JSON around a message is not searched: `requestId` holds no marker.
        assert_eq!(t.add(&app("INFO", "nothing")), LineKind::Plain);
    }

    #[test]
    fn an_empty_topology_counts_only_events() {
        let mut t = Tally::new(&LogSpec::default());
        assert_eq!(t.add("ERROR but nobody asked"), LineKind::Plain);
        assert_eq!(t.events, 1);
        assert_eq!(t.summary(), "0 errors");
    }
}
