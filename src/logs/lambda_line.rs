//! One log message in either of Lambda's log formats.
//!
//! `Text` (the default): Lambda's own lines are `START RequestId: …`, `END …`,
//! `REPORT …`; the function's lines are whatever it prints. `JSON` (`LoggingConfig`
//! `LogFormat`): Lambda's own lines are records `{"time", "type": "platform.start",
//! "record": {"requestId", …}}`, and the function's lines (through the runtime's logger)
//! are objects `{"timestamp", "level", "message", "requestId", …}`. Markers and error
//! phrases are looked for in what the function said (an application record's `message`,
//! and its `level`), not in the JSON around it.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// Lambda's own lines in Text format.
const PLATFORM_PREFIXES: [&str; 5] = [
    "START RequestId:",
    "END RequestId:",
    "REPORT RequestId:",
    "INIT_START ",
    "INIT_REPORT ",
];
/// The Text-format line that starts an invocation.
const TEXT_START: &str = "START RequestId:";
/// The JSON-format record that starts an invocation.
pub const JSON_START: &str = "platform.start";
/// The JSON-format record that ends an invocation with its metrics.
pub const JSON_REPORT: &str = "platform.report";

/// The JSON-format record that ends an invocation's run (before `platform.report`).
pub const JSON_RUNTIME_DONE: &str = "platform.runtimeDone";

/// Where a platform line puts an invocation: its start or its end, by request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvocationMark {
    Start(String),
    End(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// Plain text: Text format, or a JSON-format line that is not one of the shapes below.
    Text,
    /// One of Lambda's own JSON records (`type` starts with `platform.`).
    Platform { kind: String, record: Value },
    /// An application record: what the function logged, at what level.
    App {
        level: Option<String>,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LambdaLine<'a> {
    /// The message as CloudWatch holds it.
    pub raw: &'a str,
    pub form: Form,
}

impl<'a> LambdaLine<'a> {
    pub fn parse(raw: &'a str) -> LambdaLine<'a> {
        let form = if raw.trim_start().starts_with('{') {
            match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(object)) => json_form(object),
                _ => Form::Text,
            }
        } else {
            Form::Text
        };
        LambdaLine { raw, form }
    }

    /// What markers and error phrases are matched against: the application's message,
    /// or the whole line.
    pub fn text(&self) -> &str {
        match &self.form {
            Form::App { message, .. } => message,
            Form::Text | Form::Platform { .. } => self.raw,
        }
    }

    /// The application record's level (JSON format only).
    pub fn level(&self) -> Option<&str> {
        match &self.form {
            Form::App { level, .. } => level.as_deref(),
            _ => None,
        }
    }

    /// One of Lambda's own lines, in either format.
    pub fn is_platform(&self) -> bool {
        match &self.form {
            Form::Platform { .. } => true,
            Form::Text => PLATFORM_PREFIXES.iter().any(|p| self.raw.starts_with(p)),
            Form::App { .. } => false,
        }
    }

    /// The line that starts an invocation (`START RequestId:` or `platform.start`).
    pub fn is_invocation_start(&self) -> bool {
        match &self.form {
            Form::Platform { kind, .. } => kind == JSON_START,
            Form::Text => self.raw.starts_with(TEXT_START),
            Form::App { .. } => false,
        }
    }

    /// The start or end of an invocation this line marks: `START` or `platform.start`;
    /// `END`, `REPORT`, `platform.runtimeDone` or `platform.report`.
    pub fn invocation_mark(&self) -> Option<InvocationMark> {
        match &self.form {
            Form::Platform { kind, record } => {
                let request = record.get("requestId")?.as_str()?.to_string();
                match kind.as_str() {
                    JSON_START => Some(InvocationMark::Start(request)),
                    JSON_RUNTIME_DONE | JSON_REPORT => Some(InvocationMark::End(request)),
                    _ => None,
                }
            }
            Form::Text => {
                let (kind, rest) = self.raw.trim_start().split_once(" RequestId: ")?;
                let request = rest.split_whitespace().next()?.to_string();
                match kind {
                    "START" => Some(InvocationMark::Start(request)),
                    "END" | "REPORT" => Some(InvocationMark::End(request)),
                    _ => None,
                }
            }
            Form::App { .. } => None,
        }
    }

    /// The line for a person: Text lines as they are, application records as
    /// `[LEVEL] message`, Lambda's records the way Text format writes them.
    pub fn readable(&self) -> Cow<'a, str> {
        let raw = self.raw.trim_end_matches(['\n', '\r']);
        match &self.form {
            Form::Text => Cow::Borrowed(raw),
            Form::App { level, message } => Cow::Owned(match level {
                Some(level) => format!("[{level}] {message}"),
                None => message.clone(),
            }),
            Form::Platform { kind, record } => Cow::Owned(platform_text(kind, record)),
        }
    }
}

fn json_form(mut object: Map<String, Value>) -> Form {
    if let Some(Value::String(kind)) = object.get("type")
        && kind.starts_with("platform.")
    {
        return Form::Platform {
            kind: kind.clone(),
            record: object.remove("record").unwrap_or(Value::Null),
        };
    }
    match object.remove("message") {
        Some(message) => Form::App {
            level: object
                .get("level")
                .and_then(Value::as_str)
                .map(str::to_string),
            message: match message {
                Value::String(text) => text,
                // Loggers may put a structure in `message`; it is matched as JSON text.
                other => other.to_string(),
            },
        },
        None => Form::Text,
    }
}

/// `platform.start` / `platform.report` as Text format would have written them; other
/// records as their type and record.
fn platform_text(kind: &str, record: &Value) -> String {
    let field = |name: &str| record.get(name).and_then(Value::as_str).unwrap_or("?");
    let metric = |name: &str| {
        record
            .get("metrics")
            .and_then(|m| m.get(name))
            .map_or_else(|| "?".to_string(), Value::to_string)
    };
    match kind {
        JSON_START => format!(
            "START RequestId: {} Version: {}",
            field("requestId"),
            field("version")
        ),
        JSON_REPORT => {
            let mut text = format!(
                "REPORT RequestId: {} Duration: {} ms Billed Duration: {} ms Memory Size: {} MB \
                 Max Memory Used: {} MB",
                field("requestId"),
                metric("durationMs"),
                metric("billedDurationMs"),
                metric("memorySizeMB"),
                metric("maxMemoryUsedMB"),
            );
            if let Some(status) = record.get("status").and_then(Value::as_str)
                && status != "success"
            {
                text.push_str(&format!(" Status: {status}"));
            }
            text
        }
        _ if record.is_null() => kind.to_string(),
        _ => format!("{kind} {record}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = r#"{"time":"2026-11-29T01:00:00.000Z","type":"platform.start","record":{"requestId":"8f5e","version":"$LATEST"}}"#;
    const REPORT: &str = r#"{"time":"2026-11-29T01:00:00.600Z","type":"platform.report","record":{"requestId":"8f5e","metrics":{"durationMs":812.33,"billedDurationMs":813,"memorySizeMB":1024,"maxMemoryUsedMB":187},"status":"success"}}"#;
    const APP: &str = r#"{"timestamp":"2026-11-29T01:00:00.150Z","level":"INFO","message":"Merged 128 records into lines","logger":"root","requestId":"8f5e"}"#;

    #[test]
    fn text_lines_are_taken_as_they_are() {
        let start = LambdaLine::parse("START RequestId: 8f5e Version: $LATEST\n");
        assert_eq!(start.form, Form::Text);
        assert!(start.is_platform() && start.is_invocation_start());
        assert_eq!(start.readable(), "START RequestId: 8f5e Version: $LATEST");
        let end = LambdaLine::parse("END RequestId: 8f5e\n");
        assert!(end.is_platform() && !end.is_invocation_start());
        let app = LambdaLine::parse("[INFO] Merged 128 records\n");
        assert!(!app.is_platform());
        assert_eq!(app.text(), "[INFO] Merged 128 records\n");
        assert_eq!(app.level(), None);
    }

    #[test]
    fn json_platform_records_are_lambda_s_own_lines() {
        let start = LambdaLine::parse(START);
        assert!(start.is_platform() && start.is_invocation_start());
        assert_eq!(start.readable(), "START RequestId: 8f5e Version: $LATEST");
        let report = LambdaLine::parse(REPORT);
        assert!(report.is_platform() && !report.is_invocation_start());
        assert_eq!(
            report.readable(),
            "REPORT RequestId: 8f5e Duration: 812.33 ms Billed Duration: 813 ms Memory Size: \
             1024 MB Max Memory Used: 187 MB"
        );
        let timeout = LambdaLine::parse(
            r#"{"type":"platform.report","record":{"requestId":"1","status":"timeout"}}"#,
        );
        assert!(timeout.readable().ends_with("Status: timeout"));
        let init =
            LambdaLine::parse(r#"{"type":"platform.initStart","record":{"runtimeVersion":"x"}}"#);
        assert!(init.is_platform());
        assert_eq!(
            init.readable(),
            r#"platform.initStart {"runtimeVersion":"x"}"#
        );
    }

    #[test]
    fn json_application_records_are_matched_by_their_message() {
        let app = LambdaLine::parse(APP);
        assert_eq!(app.text(), "Merged 128 records into lines");
        assert_eq!(app.level(), Some("INFO"));
        assert!(!app.is_platform() && !app.is_invocation_start());
        assert_eq!(app.readable(), "[INFO] Merged 128 records into lines");
        let structured = LambdaLine::parse(r#"{"level":"ERROR","message":{"error":"boom"}}"#);
        assert_eq!(structured.text(), r#"{"error":"boom"}"#);
        assert_eq!(structured.level(), Some("ERROR"));
    }

    #[test]
    fn other_json_and_broken_json_are_plain_text() {
        for raw in [r#"{"foo": 1}"#, "{not json", "[1, 2]"] {
            let line = LambdaLine::parse(raw);
            assert_eq!(line.form, Form::Text, "{raw}");
            assert_eq!(line.text(), raw);
        }
        // A `type` that is not Lambda's does not make a platform line.
        let custom = LambdaLine::parse(r#"{"type":"custom","message":"hi"}"#);
        assert!(!custom.is_platform());
        assert_eq!(custom.text(), "hi");
    }
}
