//! `ccx tail` lines: `TIME [LABEL] [STREAM] MESSAGE` with Lambda's own lines dimmed and
//! the runbook's markers and errors highlighted, or one JSON object per event. JSON-format
//! lines read as `[LEVEL] message` (and Lambda's records as its Text lines) in the short
//! layout; the detailed layout and JSON output keep them whole. Written straight into a
//! buffered writer: no per-line allocation beyond the timestamp cache and JSON lines.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::base::topology::LogSpec;
use crate::logs::classify::{LineKind, number_after};
use crate::logs::lambda_line::LambdaLine;
use crate::logs::merge::Event;
use crate::ui::style::{self, BAD, DIM, LABELS, MARKER, WARN, write_painted};

/// An event that reached CloudWatch this long after its own timestamp is called late:
/// the poller's ordinary overlap (`logs::poll::OVERLAP`) no longer covers it, only the
/// `--lookback` sweeps do.
pub const LATE_AFTER_MS: i64 = 10_000;

/// How long after its timestamp an event was ingested; None when CloudWatch gave no
/// ingestion time.
pub fn ingestion_lag_ms(event: &Event) -> Option<i64> {
    (event.ingestion_ms > 0).then(|| event.ingestion_ms - event.timestamp_ms)
}

/// A lag for people: "950ms", "12.4s", "3m05s", "2h10m".
pub fn lag_text(ms: i64) -> String {
    let ms = ms.max(0);
    match ms {
        0..1000 => format!("{ms}ms"),
        1000..60_000 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..3_600_000 => format!("{}m{:02}s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{}h{:02}m", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Time, source label (when there are several sources) and message (JSON-format lines
    /// as level and message)
    Short,
    /// Adds the log stream name, and keeps JSON-format lines whole
    Detailed,
}

/// The message without the line ending Lambda appends to everything it forwards.
pub fn message_text(message: &str) -> &str {
    message.trim_end_matches(['\n', '\r'])
}

/// RFC 3339 UTC with milliseconds; the date-and-second part is cached, since consecutive
/// events mostly share it.
#[derive(Debug, Default)]
pub struct TimeText {
    second: Option<i64>,
    prefix: String,
    text: String,
}

impl TimeText {
    pub fn format(&mut self, timestamp_ms: i64) -> &str {
        let second = timestamp_ms.div_euclid(1000);
        let millis = timestamp_ms.rem_euclid(1000);
        if self.second != Some(second) {
            self.second = Some(second);
            self.prefix = match jiff::Timestamp::from_second(second) {
                Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
                Err(_) => String::new(),
            };
        }
        self.text.clear();
        if self.prefix.is_empty() {
            let _ = write!(self.text, "{timestamp_ms}");
        } else {
            let _ = write!(self.text, "{}.{millis:03}Z", self.prefix);
        }
        &self.text
    }
}

pub struct TextRenderer {
    colour: bool,
    detailed: bool,
    /// Pre-rendered (padded, coloured) labels; empty when there is only one source.
    labels: Vec<String>,
    markers: Vec<(String, bool)>,
    time: TimeText,
    ingestion: TimeText,
}

impl TextRenderer {
    pub fn new(labels: &[String], spec: &LogSpec, format: Format, colour: bool) -> TextRenderer {
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let labels = if labels.len() > 1 {
            labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let padded = format!("{label:<width$}");
                    if colour {
                        style::paint(LABELS[i % LABELS.len()], &padded)
                    } else {
                        padded
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        TextRenderer {
            colour,
            detailed: format == Format::Detailed,
            labels,
            markers: spec
                .markers
                .iter()
                .map(|m| (m.text.clone(), m.sum_number))
                .collect(),
            time: TimeText::default(),
            ingestion: TimeText::default(),
        }
    }

    /// Writes `event` under the label of `source` (the NAME it belongs to).
    pub fn write(
        &mut self,
        out: &mut impl Write,
        event: &Event,
        source: usize,
        line: &LambdaLine,
        kind: LineKind,
    ) -> io::Result<()> {
        let time = self.time.format(event.timestamp_ms);
        write_painted(out, DIM, time, self.colour)?;
        out.write_all(b" ")?;
        if let Some(label) = self.labels.get(source) {
            out.write_all(label.as_bytes())?;
            out.write_all(b" ")?;
        }
        if self.detailed {
            write_painted(out, DIM, &event.stream, self.colour)?;
            out.write_all(b" ")?;
            if let Some(lag) = ingestion_lag_ms(event) {
                let ingested = self.ingestion.format(event.ingestion_ms);
                write_painted(out, DIM, ingested, self.colour)?;
                out.write_all(b" ")?;
                if lag >= LATE_AFTER_MS {
                    let late = format!("({} late)", lag_text(lag));
                    write_painted(out, WARN, &late, self.colour)?;
                    out.write_all(b" ")?;
                }
            }
        }
        let message = if self.detailed {
            Cow::Borrowed(message_text(&event.message))
        } else {
            line.readable()
        };
        let message = message.as_ref();
        match kind {
            LineKind::Error(_) => write_painted(out, BAD, message, self.colour)?,
            LineKind::Platform => write_painted(out, DIM, message, self.colour)?,
            LineKind::Marker(i) if self.colour => {
                let (text, sum) = &self.markers[i];
                let (start, end) = marker_span(message, text, *sum);
                out.write_all(&message.as_bytes()[..start])?;
                write_painted(out, MARKER, &message[start..end], self.colour)?;
                out.write_all(&message.as_bytes()[end..])?;
            }
            LineKind::Marker(_) | LineKind::Plain => out.write_all(message.as_bytes())?,
        }
        out.write_all(b"\n")
    }
}

/// Byte range of the marker text in `message`, with the number after it for
/// `sum_number` markers ("Merged 128").
fn marker_span(message: &str, text: &str, sum: bool) -> (usize, usize) {
    let Some(start) = message.find(text) else {
        return (0, 0);
    };
    let mut end = start + text.len();
    if sum && number_after(message, text).is_some() {
        let rest = &message[end..];
        let digits_at = rest.len() - rest.trim_start().len();
        let digits = rest[digits_at..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - digits_at);
        end += digits_at + digits;
    }
    (start, end)
}

/// One event as a JSON line.
#[derive(Debug, Serialize)]
pub struct JsonEvent<'a> {
    /// RFC 3339, UTC, milliseconds.
    pub timestamp: &'a str,
    /// The label of the NAME the event came from.
    pub source: &'a str,
    pub log_group: &'a str,
    pub log_stream: &'a str,
    pub event_id: &'a str,
    /// Without the trailing newline.
    pub message: &'a str,
    /// When CloudWatch received the event (RFC 3339, UTC, milliseconds); null when it
    /// did not say.
    pub ingestion_time: Option<&'a str>,
    /// `ingestion_time` minus `timestamp`, in milliseconds: how late the event arrived.
    pub ingestion_lag_ms: Option<i64>,
}

pub struct JsonRenderer {
    time: TimeText,
    ingestion: TimeText,
}

impl JsonRenderer {
    pub fn new() -> JsonRenderer {
        JsonRenderer {
            time: TimeText::default(),
            ingestion: TimeText::default(),
        }
    }

    pub fn write(
        &mut self,
        out: &mut impl Write,
        event: &Event,
        source: &str,
        group: &str,
    ) -> io::Result<()> {
        let lag = ingestion_lag_ms(event);
        let line = JsonEvent {
            timestamp: self.time.format(event.timestamp_ms),
            source,
            log_group: group,
            log_stream: &event.stream,
            event_id: &event.event_id,
            message: message_text(&event.message),
            ingestion_time: match lag {
                Some(_) => Some(self.ingestion.format(event.ingestion_ms)),
                None => None,
            },
            ingestion_lag_ms: lag,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
    }
}

impl Default for JsonRenderer {
    fn default() -> JsonRenderer {
        JsonRenderer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::topology::Topology;

    fn event(source: usize, t: i64, message: &str) -> Event {
        Event {
            source,
            timestamp_ms: t,
            ingestion_ms: t + 300,
            stream: "2026/11/29/[$LATEST]abc".into(),
            event_id: "123".into(),
            message: message.into(),
        }
    }

    const T: i64 = 1_795_914_000_042; // 2026-11-29T01:00:00.042Z

    fn render(r: &mut TextRenderer, e: &Event, kind: LineKind) -> String {
        let mut out = Vec::new();
        r.write(&mut out, e, e.source, &LambdaLine::parse(&e.message), kind)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn times_are_utc_with_milliseconds() {
        let mut t = TimeText::default();
        assert_eq!(t.format(T), "2026-11-29T01:00:00.042Z");
        assert_eq!(t.format(T + 1), "2026-11-29T01:00:00.043Z");
        assert_eq!(t.format(T + 1000), "2026-11-29T01:00:01.042Z");
        assert_eq!(t.format(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(t.format(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(t.format(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn plain_lines_have_no_escapes_and_labels_line_up() {
        let spec = Topology::builtin().logs;
        let labels = [
            "enhanced-compaction".to_string(),
            "chroma-worker".to_string(),
        ];
        let mut r = TextRenderer::new(&labels, &spec, Format::Short, false);
        assert_eq!(
            render(
                &mut r,
                &event(1, T, "[INFO] Merged 128 records\n"),
                LineKind::Marker(2)
            ),
            "2026-11-29T01:00:00.042Z chroma-worker       [INFO] Merged 128 records\n"
        );
        assert_eq!(
            render(&mut r, &event(0, T, "hello"), LineKind::Plain),
            "2026-11-29T01:00:00.042Z enhanced-compaction hello\n"
        );
    }

    #[test]
    fn one_source_needs_no_label_and_detailed_adds_the_stream() {
        let spec = Topology::builtin().logs;
        let mut r = TextRenderer::new(&["x".to_string()], &spec, Format::Detailed, false);
        assert_eq!(
            render(&mut r, &event(0, T, "hi\n"), LineKind::Plain),
            "2026-11-29T01:00:00.042Z 2026/11/29/[$LATEST]abc 2026-11-29T01:00:00.342Z hi\n"
        );
        let mut late = event(0, T, "hi\n");
        late.ingestion_ms = T + 95_000;
        assert_eq!(
            render(&mut r, &late, LineKind::Plain),
            "2026-11-29T01:00:00.042Z 2026/11/29/[$LATEST]abc 2026-11-29T01:01:35.042Z \
             (1m35s late) hi\n"
        );
        let mut unknown = event(0, T, "hi\n");
        unknown.ingestion_ms = 0;
        assert_eq!(
            render(&mut r, &unknown, LineKind::Plain),
            "2026-11-29T01:00:00.042Z 2026/11/29/[$LATEST]abc hi\n"
        );
    }

    #[test]
    fn lags_read_short() {
        assert_eq!(lag_text(-5), "0ms");
        assert_eq!(lag_text(950), "950ms");
        assert_eq!(lag_text(12_449), "12.4s");
        assert_eq!(lag_text(185_000), "3m05s");
        assert_eq!(lag_text(7_800_000), "2h10m");
    }

    #[test]
    fn markers_errors_and_platform_lines_are_styled() {
        let spec = Topology::builtin().logs;
        let labels = ["a".to_string(), "b".to_string()];
        let mut r = TextRenderer::new(&labels, &spec, Format::Short, true);
        let marker = render(
            &mut r,
            &event(0, T, "[INFO] Merged 128 records into lines\n"),
            LineKind::Marker(2),
        );
        let green = MARKER.render().to_string();
        assert!(
            marker.contains(&format!(
                "[INFO] {green}Merged 128{}",
                MARKER.render_reset()
            )),
            "{marker:?}"
        );
        assert!(marker.ends_with(" records into lines\n"), "{marker:?}");
        let cyan = anstyle::AnsiColor::Cyan.on_default().render().to_string();
        assert!(marker.contains(&format!("{cyan}a")), "{marker:?}");

        let error = render(&mut r, &event(1, T, "[ERROR] boom\n"), LineKind::Error(0));
        assert!(
            error.contains(&format!("{}[ERROR] boom", BAD.render())),
            "{error:?}"
        );
        let magenta = anstyle::AnsiColor::Magenta
            .on_default()
            .render()
            .to_string();
        assert!(error.contains(&format!("{magenta}b")), "{error:?}");

        let platform = render(
            &mut r,
            &event(0, T, "END RequestId: 1\n"),
            LineKind::Platform,
        );
        assert!(
            platform.contains(&format!("{}END RequestId: 1", DIM.render())),
            "{platform:?}"
        );
    }

    #[test]
    fn json_format_lines_read_as_level_and_message_unless_detailed() {
        let spec = Topology::builtin().logs;
        let app = r#"{"timestamp":"2026-11-29T01:00:00.042Z","level":"INFO","message":"Merged 128 records into lines","requestId":"8f5e"}"#;
        let start = r#"{"time":"2026-11-29T01:00:00.042Z","type":"platform.start","record":{"requestId":"8f5e","version":"$LATEST"}}"#;
        let mut short = TextRenderer::new(&["x".to_string()], &spec, Format::Short, false);
        assert_eq!(
            render(&mut short, &event(0, T, app), LineKind::Marker(2)),
            "2026-11-29T01:00:00.042Z [INFO] Merged 128 records into lines\n"
        );
        assert_eq!(
            render(&mut short, &event(0, T, start), LineKind::Platform),
            "2026-11-29T01:00:00.042Z START RequestId: 8f5e Version: $LATEST\n"
        );
        let mut coloured = TextRenderer::new(&["x".to_string()], &spec, Format::Short, true);
        let marker = render(&mut coloured, &event(0, T, app), LineKind::Marker(2));
        assert!(
            marker.contains(&format!("[INFO] {}Merged 128", MARKER.render())),
            "{marker:?}"
        );
        let mut detailed = TextRenderer::new(&["x".to_string()], &spec, Format::Detailed, false);
        assert_eq!(
            render(&mut detailed, &event(0, T, app), LineKind::Marker(2)),
            format!(
                "2026-11-29T01:00:00.042Z 2026/11/29/[$LATEST]abc 2026-11-29T01:00:00.342Z {app}\n"
            )
        );
    }

    #[test]
    fn marker_spans_cover_the_number_when_summed() {
        assert_eq!(marker_span("x Merged 12 y", "Merged ", true), (2, 11));
        assert_eq!(marker_span("x Merged 12 y", "Merged ", false), (2, 9));
        assert_eq!(marker_span("x Merged many", "Merged ", true), (2, 9));
        assert_eq!(marker_span("Merged 7", "Merged ", true), (0, 8));
        assert_eq!(marker_span("nothing", "Merged ", true), (0, 0));
    }

    #[test]
    fn json_lines_carry_every_field() {
        let mut r = JsonRenderer::new();
        let mut out = Vec::new();
        r.write(
            &mut out,
            &event(0, T, "say \"hi\"\n"),
            "enhanced-compaction",
            "/aws/lambda/x",
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("}\n") && text.lines().count() == 1, "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["timestamp"], "2026-11-29T01:00:00.042Z");
        assert_eq!(v["source"], "enhanced-compaction");
        assert_eq!(v["log_group"], "/aws/lambda/x");
        assert_eq!(v["log_stream"], "2026/11/29/[$LATEST]abc");
        assert_eq!(v["event_id"], "123");
        assert_eq!(v["message"], "say \"hi\"");
        assert_eq!(v["ingestion_time"], "2026-11-29T01:00:00.342Z");
        assert_eq!(v["ingestion_lag_ms"], 300);
    }
}
