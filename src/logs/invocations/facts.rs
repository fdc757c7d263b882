//! What one log line says about an invocation, in either log format: which request it
//! belongs to, whether it starts or ends one, and the figures and outcome Lambda reports.
//!
//! Text format: `START RequestId: ID Version: V`, `END RequestId: ID`, `REPORT RequestId:
//! ID\tDuration: 812.33 ms\tBilled Duration: 813 ms\tMemory Size: 1024 MB\tMax Memory
//! Used: 187 MB\tInit Duration: 245.10 ms` (Init only on a cold start; `Status: timeout`
//! or `Status: error  Error Type: Runtime.ExitError` on newer runtimes),
//! `INIT_REPORT Init Duration: … Phase: init Status: error Error Type: …` when the
//! environment failed to start, and the runtimes' own lines (`[ERROR]\tTIME\tID\t…`,
//! `TIME\tID\tTask timed out after 30.00 seconds`, `RequestId: ID Error: Runtime exited
//! with error: signal: killed`). JSON format: `platform.start`, `platform.runtimeDone`
//! and `platform.report` records (`status`, `errorType`, `metrics`), `platform.initReport`,
//! and application records with `requestId`.

use serde_json::Value;

use crate::logs::lambda_line::{Form, JSON_REPORT, JSON_RUNTIME_DONE, JSON_START, LambdaLine};

/// The figures of a REPORT line or `platform.report` record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub duration_ms: Option<f64>,
    pub billed_ms: Option<u64>,
    pub memory_size_mb: Option<u64>,
    pub max_memory_mb: Option<u64>,
    /// Present on a cold start.
    pub init_duration_ms: Option<f64>,
    /// `timeout`, `error`, `failure` (success is None).
    pub status: Option<String>,
    pub error_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Start,
    /// `END` / `platform.runtimeDone`: the handler is done (a status when JSON says).
    RuntimeDone {
        status: Option<String>,
        error_type: Option<String>,
    },
    /// `REPORT` / `platform.report`: the last line of an invocation.
    Report(Report),
    /// `Task timed out after …`.
    TimedOut,
    /// `Runtime exited with error`, `Runtime.ExitError`, `Runtime.OutOfMemory`.
    RuntimeExit {
        out_of_memory: bool,
    },
    /// The execution environment failed to initialise (INIT_REPORT / initReport with an
    /// error status).
    InitFailed {
        error_type: Option<String>,
    },
    /// Anything else.
    Other,
}

/// The request id a line names, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFacts {
    pub request_id: Option<String>,
    pub fact: Fact,
}

pub fn facts(line: &LambdaLine) -> LineFacts {
    match &line.form {
        Form::Platform { kind, record } => json_platform(kind, record),
        Form::App { message, .. } => LineFacts {
            request_id: json_request_id(line.raw),
            fact: runtime_fact(message),
        },
        Form::Text => text_facts(line.raw),
    }
}

fn json_platform(kind: &str, record: &Value) -> LineFacts {
    let text = |name: &str| record.get(name).and_then(Value::as_str).map(str::to_string);
    let request_id = text("requestId");
    let status = text("status").filter(|s| s != "success");
    let error_type = text("errorType");
    let fact = match kind {
        JSON_START => Fact::Start,
        JSON_RUNTIME_DONE => Fact::RuntimeDone { status, error_type },
        JSON_REPORT => {
            let metric = |name: &str| record.get("metrics").and_then(|m| m.get(name));
            let float = |name: &str| metric(name).and_then(Value::as_f64);
            let whole = |name: &str| metric(name).and_then(Value::as_f64).map(|v| v as u64);
            Fact::Report(Report {
                duration_ms: float("durationMs"),
                billed_ms: whole("billedDurationMs"),
                memory_size_mb: whole("memorySizeMB"),
                max_memory_mb: whole("maxMemoryUsedMB"),
                init_duration_ms: float("initDurationMs"),
                status,
                error_type,
            })
        }
        "platform.initReport" | "platform.initRuntimeDone" if status.is_some() => {
            Fact::InitFailed { error_type }
        }
        _ => Fact::Other,
    };
    LineFacts { request_id, fact }
}

/// `"requestId":"…"` in an application record, found without parsing it again.
fn json_request_id(raw: &str) -> Option<String> {
    let at = raw.find("\"requestId\"")? + "\"requestId\"".len();
    let rest = raw[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn text_facts(raw: &str) -> LineFacts {
    let line = raw.trim_start();
    if let Some((kind, rest)) = line.split_once(" RequestId: ") {
        let id = rest.split_whitespace().next().map(str::to_string);
        let fact = match kind {
            "START" => Some(Fact::Start),
            "END" => Some(Fact::RuntimeDone {
                status: None,
                error_type: None,
            }),
            "REPORT" => Some(Fact::Report(text_report(rest))),
            _ => None,
        };
        if let Some(fact) = fact {
            return LineFacts {
                request_id: id,
                fact,
            };
        }
    }
    if let Some(rest) = line.strip_prefix("INIT_REPORT ") {
        let status = field(rest, "Status:");
        let fact = match status {
            Some(s) if s != "success" => Fact::InitFailed {
                error_type: field(rest, "Error Type:").map(str::to_string),
            },
            _ => Fact::Other,
        };
        return LineFacts {
            request_id: None,
            fact,
        };
    }
    LineFacts {
        request_id: text_request_id(line),
        fact: runtime_fact(line),
    }
}

/// The figures of a Text REPORT line (after `REPORT RequestId: `).
fn text_report(rest: &str) -> Report {
    let number = |name: &str| field(rest, name).and_then(|v| v.parse::<f64>().ok());
    Report {
        duration_ms: number("Duration:"),
        billed_ms: number("Billed Duration:").map(|v| v as u64),
        memory_size_mb: number("Memory Size:").map(|v| v as u64),
        max_memory_mb: number("Max Memory Used:").map(|v| v as u64),
        init_duration_ms: number("Init Duration:"),
        status: field(rest, "Status:")
            .filter(|s| *s != "success")
            .map(str::to_string),
        error_type: field(rest, "Error Type:").map(str::to_string),
    }
}

/// The word after `name` (`Duration:` must not match inside `Billed Duration:`).
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = text[from..].find(name) {
        let start = from + at;
        let whole = start == 0 || text[..start].ends_with(['\t', ' ']);
        let after = &text[start + name.len()..];
        if whole
            && !(name == "Duration:" && text[..start].ends_with("Billed "))
            && !(name == "Duration:" && text[..start].ends_with("Init "))
        {
            return after.split_whitespace().next();
        }
        from = start + name.len();
    }
    None
}

/// A request id among the first fields of a runtime's line
/// (`[ERROR]\tTIME\tID\t…`, `TIME\tID\tINFO\t…`), or after `RequestId: `.
fn text_request_id(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix("RequestId: ") {
        return rest.split_whitespace().next().map(str::to_string);
    }
    // Tab-separated in most runtimes' lines; space-separated in the timeout line
    // (`TIME ID Task timed out after …`).
    line.split(['\t', ' '])
        .take(3)
        .find(|f| looks_like_request_id(f))
        .map(str::to_string)
}

/// Lambda's request ids are UUIDs.
fn looks_like_request_id(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn runtime_fact(text: &str) -> Fact {
    if text.contains("Task timed out after") {
        Fact::TimedOut
    } else if text.contains("Runtime.OutOfMemory") {
        Fact::RuntimeExit {
            out_of_memory: true,
        }
    } else if text.contains("Runtime exited with error") || text.contains("Runtime.ExitError") {
        Fact::RuntimeExit {
            out_of_memory: false,
        }
    } else {
        Fact::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "8f5e1c2a-0b3d-4e5f-9a8b-7c6d5e4f3a2b";

    fn of(raw: &str) -> LineFacts {
        facts(&LambdaLine::parse(raw))
    }

    #[test]
    fn text_report_lines_give_every_figure() {
        let f = of(&format!(
            "REPORT RequestId: {ID}\tDuration: 812.33 ms\tBilled Duration: 813 ms\tMemory Size: \
             1024 MB\tMax Memory Used: 187 MB\tInit Duration: 245.10 ms\t\n"
        ));
        assert_eq!(f.request_id.as_deref(), Some(ID));
        assert_eq!(
            f.fact,
            Fact::Report(Report {
                duration_ms: Some(812.33),
                billed_ms: Some(813),
                memory_size_mb: Some(1024),
                max_memory_mb: Some(187),
                init_duration_ms: Some(245.10),
                status: None,
                error_type: None,
            })
        );
        let timeout = of(&format!(
            "REPORT RequestId: {ID}\tDuration: 30000.00 ms\tBilled Duration: 30000 ms\tMemory \
             Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout\n"
        ));
        let Fact::Report(r) = timeout.fact else {
            panic!()
        };
        assert_eq!(r.status.as_deref(), Some("timeout"));
        assert_eq!(r.init_duration_ms, None);
    }

    #[test]
    fn runtime_lines_name_their_request() {
        assert_eq!(
            of(&format!(
                "2026-11-29T01:00:00.000Z\t{ID}\tTask timed out after 30.00 seconds\n"
            )),
            LineFacts {
                request_id: Some(ID.into()),
                fact: Fact::TimedOut
            }
        );
        assert_eq!(
            of(&format!(
                "RequestId: {ID} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n"
            )),
            LineFacts {
                request_id: Some(ID.into()),
                fact: Fact::RuntimeExit {
                    out_of_memory: false
                }
            }
        );
        let error = of(&format!(
            "[ERROR]\t2026-11-29T01:00:00.000Z\t{ID}\tValueError: boom\n"
        ));
        assert_eq!(error.request_id.as_deref(), Some(ID));
        assert_eq!(of("[INFO] Merged 128 records\n").request_id, None);
        assert_eq!(
            of("INIT_REPORT Init Duration: 812.50 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError\n").fact,
            Fact::InitFailed { error_type: Some("Runtime.ExitError".into()) }
        );
    }

    #[test]
    fn json_records_give_the_same_facts() {
        let report = of(&format!(
            r#"{{"time":"x","type":"platform.report","record":{{"requestId":"{ID}","metrics":{{"durationMs":3000.5,"billedDurationMs":3001,"memorySizeMB":128,"maxMemoryUsedMB":128,"initDurationMs":300.25}},"status":"error","errorType":"Runtime.OutOfMemory"}}}}"#
        ));
        let Fact::Report(r) = report.fact else {
            panic!()
        };
        assert_eq!(
            (r.duration_ms, r.billed_ms, r.init_duration_ms),
            (Some(3000.5), Some(3001), Some(300.25))
        );
        assert_eq!(r.error_type.as_deref(), Some("Runtime.OutOfMemory"));
        let app = of(&format!(
            r#"{{"timestamp":"x","level":"INFO","message":"hi","requestId":"{ID}"}}"#
        ));
        assert_eq!(app.request_id.as_deref(), Some(ID));
        let init = of(
            r#"{"type":"platform.initReport","record":{"phase":"init","status":"error","errorType":"Runtime.Unknown"}}"#,
        );
        assert_eq!(
            init.fact,
            Fact::InitFailed {
                error_type: Some("Runtime.Unknown".into())
            }
        );
    }
}
