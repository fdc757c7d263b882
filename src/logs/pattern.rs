//! The filter pattern of a log search: every phrase ccx looks for, OR-ed into one
//! pattern (`?"Processing COMPACTION_RUN" ?"Downloaded delta" ?"ERROR" …`), so that a log
//! group costs one FilterLogEvents search, not one per phrase.
//!
//! The pattern is only an optimisation: ccx classifies every event it gets back itself
//! (`classify`), so a service that ignores the pattern or a pattern too long to send
//! changes nothing but the traffic. What it must never do is leave out a line ccx
//! needs: CloudWatch matches a phrase against the event's raw text, and in a JSON-format
//! record a phrase with a quote, a backslash or a non-ASCII letter is written escaped
//! (`say \"hi\"`, `f\u00fchrt`), so each phrase is also sent in those forms.

use crate::base::topology::LogSpec;
use crate::logs::lambda_line::{JSON_REPORT, JSON_RUNTIME_DONE, JSON_START};

/// FilterLogEvents' limit on `filterPattern`.
pub const MAX_PATTERN_CHARS: usize = 1024;

/// Lambda's invocation lines in both log formats.
const INVOCATION_PHRASES: [&str; 4] = [
    "START RequestId",
    "REPORT RequestId",
    JSON_START,
    JSON_REPORT,
];

/// Every line that starts or ends an invocation, in both formats: what a drain reads.
const INVOCATION_MARK_PHRASES: [&str; 6] = [
    "START RequestId",
    "END RequestId",
    "REPORT RequestId",
    JSON_START,
    JSON_RUNTIME_DONE,
    JSON_REPORT,
];

/// The pattern of a search for the lines that start or end invocations (the drain's).
pub fn invocation_marks() -> String {
    any_of(&INVOCATION_MARK_PHRASES.map(str::to_string)).expect("a few short phrases")
}

/// Everything a verification reads in a function's logs: the markers, the error phrases
/// and Lambda's invocation lines.
pub fn verify_phrases(spec: &LogSpec) -> Vec<String> {
    spec.markers
        .iter()
        .map(|m| m.text.as_str())
        .chain(spec.errors.iter().map(String::as_str))
        .chain(INVOCATION_PHRASES)
        .map(str::to_string)
        .collect()
}

/// One pattern matching any of `phrases` (each a case-sensitive substring), or `None`
/// (search everything) when there is nothing to narrow by or the pattern would be too
/// long to send.
pub fn any_of(phrases: &[String]) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    for phrase in phrases {
        let phrase = phrase.trim();
        if phrase.is_empty() {
            // An empty phrase matches every line: no narrowing possible.
            return None;
        }
        for form in raw_forms(phrase) {
            let term = format!("?\"{}\"", form.replace('\\', "\\\\").replace('"', "\\\""));
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    let pattern = terms.join(" ");
    (!pattern.is_empty() && pattern.chars().count() <= MAX_PATTERN_CHARS).then_some(pattern)
}

/// How `phrase` can appear in an event's raw text: as it is (Text format, and JSON
/// records of plain phrases), JSON-escaped, and JSON-escaped with every non-ASCII
/// character as `\uXXXX` (what `json.dumps` and most JSON loggers write by default).
fn raw_forms(phrase: &str) -> Vec<String> {
    let escaped = serde_json::to_string(phrase).unwrap_or_default();
    let escaped = escaped
        .strip_prefix('"')
        .and_then(|e| e.strip_suffix('"'))
        .unwrap_or(phrase)
        .to_string();
    let mut ascii = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                ascii.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    let mut forms = vec![phrase.to_string()];
    for form in [escaped, ascii] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::topology::Topology;

    #[test]
    fn the_drain_searches_for_every_start_and_end_of_an_invocation() {
        assert_eq!(
            invocation_marks(),
            r#"?"START RequestId" ?"END RequestId" ?"REPORT RequestId" ?"platform.start" ?"platform.runtimeDone" ?"platform.report""#
        );
    }

    #[test]
    fn the_runbook_s_phrases_make_one_or_pattern() {
        let pattern = any_of(&verify_phrases(&Topology::builtin().logs)).unwrap();
        assert_eq!(
            pattern,
            "?\"Processing COMPACTION_RUN\" ?\"Downloaded delta\" ?\"Merged\" ?\"ERROR\" \
             ?\"Task timed out\" ?\"Traceback\" ?\"START RequestId\" ?\"REPORT RequestId\" \
             ?\"platform.start\" ?\"platform.report\""
        );
    }

    #[test]
    fn quotes_are_escaped_and_repeats_dropped() {
        let phrases = [
            "say \"hi\"".to_string(),
            "a\\b".into(),
            "say \"hi\" ".into(),
        ];
        assert_eq!(
            any_of(&phrases).as_deref(),
            Some(r#"?"say \"hi\"" ?"say \\\"hi\\\"" ?"a\\b" ?"a\\\\b""#)
        );
    }

    #[test]
    fn a_phrase_json_escapes_is_also_sent_as_a_json_record_writes_it() {
        assert_eq!(
            raw_forms("Zusammenführung"),
            ["Zusammenführung", "Zusammenf\\u00fchrung"]
        );
        assert_eq!(raw_forms("say \"hi\""), ["say \"hi\"", r#"say \"hi\""#]);
        assert_eq!(raw_forms("Merged"), ["Merged"]);
        assert_eq!(
            any_of(&["f\u{fc}r".to_string()]).as_deref(),
            Some(r#"?"für" ?"f\\u00fcr""#)
        );
    }

    #[test]
    fn nothing_to_narrow_by_or_too_long_means_no_pattern() {
        assert_eq!(any_of(&[]), None);
        assert_eq!(any_of(&["ERROR".into(), " ".into()]), None);
        let many: Vec<String> = (0..200).map(|i| format!("phrase number {i}")).collect();
        assert_eq!(any_of(&many), None);
    }
}
