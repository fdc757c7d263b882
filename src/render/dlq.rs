//! `ccx dlq`: the DLQ with its messages (`show`), the redrive plan, and how a redrive
//! ended. The live progress of a move task is `dlq/progress.rs`.

pub mod progress;

use jiff::Timestamp;

use super::time;
use crate::aws::destination::Destination;
use crate::features::dlq::outcome::RedriveStatus;
use crate::features::dlq::plan::{Action, ConsumerCheck, RedrivePlan};
use crate::features::dlq::show::DlqShowReport;
use crate::judgements::health::Health;
use crate::state::move_tasks::MoveTask;
use crate::ui::table::{self, Kind};
use crate::ui::{style, wrap};

/// A body longer than this is cut on a terminal (`--output json` has it whole).
pub const BODY_ON_TERMINAL: usize = 60;

/// `body_width`: cut bodies to this many characters (on a terminal), or `None`; the
/// text within `width` columns (`None`: every name whole).
pub fn show(
    report: &DlqShowReport,
    body_width: Option<usize>,
    now: Timestamp,
    width: Option<usize>,
) -> String {
    let queue = report.queue.key.as_deref().unwrap_or(&report.queue.name);
    let d = &report.dlq;
    let mut out: Vec<String> = vec![style::bold(&format!(
        "Dead-letter queue of {queue} ({})",
        report.queue.name
    ))];
    let visible = if d.visible > 0 {
        style::warn(&d.visible.to_string())
    } else {
        d.visible.to_string()
    };
    out.push(format!(
        "{}: {visible} visible · {} in flight · {} delayed",
        d.name, d.in_flight, d.delayed
    ));
    if let Some(oldest) = &report.oldest {
        let which = if oldest.exact {
            ""
        } else {
            " (the oldest of those shown; older ones may be among the rest)"
        };
        out.push(format!(
            "oldest message sent {} ({}){which}",
            time::ago(&oldest.sent_at, now),
            oldest.sent_at
        ));
    }
    if let Some(n) = report.max_receive_count {
        out.push(style::dim(&format!(
            "a message comes here after {n} failed receives of {} (maxReceiveCount)",
            report.queue.name
        )));
    }
    out.push(String::new());
    if report.messages.is_empty() {
        out.push("No message came back: the DLQ is empty (or SQS had none to hand out).".into());
        return fitted(&out, width);
    }
    let mut t = table::new([
        "#",
        "MESSAGE ID",
        "SENT",
        "FIRST RECEIVED",
        "RECEIVES",
        "ATTRIBUTES",
        "BODY",
    ]);
    t.kind("MESSAGE ID", Kind::Whole)
        .kind("ATTRIBUTES", Kind::Prose)
        .kind("BODY", Kind::Prose);
    for (i, m) in report.messages.iter().enumerate() {
        let attributes: Vec<String> = m
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let ago = |at: &Option<String>| at.as_deref().map_or("-".into(), |t| time::ago(t, now));
        t.add_row([
            (i + 1).to_string(),
            m.message_id.clone(),
            ago(&m.sent_at),
            ago(&m.first_received_at),
            table::or_dash(m.receive_count),
            if attributes.is_empty() {
                "-".into()
            } else {
                attributes.join(", ")
            },
            one_line(&m.body, body_width),
        ]);
    }
    let tail = [
        String::new(),
        format!(
            "{} of {} shown (--max {}).",
            report.messages.len(),
            d.visible + d.in_flight + d.delayed,
            report.asked
        ),
        style::warn(report.note),
    ];
    [
        fitted(&out, width),
        table::render(&t, width),
        fitted(&tail, width),
    ]
    .join("\n")
}

/// Prose lines wrapped within `width`, continuations two further in.
fn fitted(lines: &[String], width: Option<usize>) -> String {
    lines
        .iter()
        .flat_map(|line| wrap::indented("", "  ", line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A body on one line (newlines shown as `⏎`), cut at the end to `width`.
fn one_line(body: &str, width: Option<usize>) -> String {
    let flat = body.trim_end().replace('\n', "⏎");
    match width {
        Some(w) if flat.chars().count() > w => {
            let mut cut: String = flat.chars().take(w.saturating_sub(1)).collect();
            cut.push('…');
            cut
        }
        _ => flat,
    }
}

/// The redrive plan: where it writes, what moves where, and whether it may; within
/// `width` columns (`None`: every name whole).
pub fn plan(plan: &RedrivePlan, destination: &Destination, width: Option<usize>) -> String {
    let queue = plan.queue.key.as_deref().unwrap_or(&plan.queue.name);
    let mut out = vec![
        style::bold(&format!("Redrive of the dead-letter queue of {queue}")),
        format!("Writes to {}", super::destination::describe(destination)),
    ];
    let count = messages(plan.messages);
    out.push(format!("  from      {} ({count})", plan.dlq.name));
    let depth = &plan.queue_depth;
    out.push(format!(
        "  to        {} ({} visible · {} in flight · {} delayed now)",
        plan.queue.name, depth.visible, depth.in_flight, depth.delayed
    ));
    out.push(format!(
        "  rate      {}",
        plan.max_per_second.map_or_else(
            || "as SQS sees fit".to_string(),
            |n| format!("at most {n} a second")
        )
    ));
    out.push(format!("  consumer  {}", consumer(&plan.consumer)));
    if let Some(task) = &plan.running_task {
        out.push(format!("  running   {}", task_line(task)));
    }
    match (plan.action, &plan.refusal) {
        (Action::Refuse, Some(why)) => {
            out.push(style::bad(&format!("✘ REFUSED: {why}")));
            out.push(style::dim(
                "  nothing started; --force redrives anyway (the messages may fail again)",
            ));
        }
        (_, Some(why)) if plan.forced => {
            out.push(style::warn(&format!("! FORCED although {why}")));
        }
        _ => {}
    }
    if depth.backlog() > 0 && plan.messages > 0 {
        out.push(style::warn(&format!(
            "! {} already has a backlog of {}: the {} join it, and its consumer has to work through both",
            plan.queue.name,
            messages(depth.backlog()),
            crate::render::words::count(plan.messages, "redriven message", "redriven messages")
        )));
    }
    match plan.action {
        Action::Nothing => out.push("The DLQ is empty: nothing to redrive.".into()),
        Action::Follow => out.push(
            "A move task is already running for this DLQ: following it, not starting another."
                .into(),
        ),
        _ => {}
    }
    out.iter()
        .flat_map(|line| {
            // `  from      …` lines wrap under their value, notes under their text.
            let plain = crate::ui::styled::plain(line);
            let hang = if plain.starts_with("  ") { 12 } else { 2 };
            wrap::indented("", &" ".repeat(hang), line, width)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `1 message`, `3 messages`.
fn messages(n: u64) -> String {
    crate::render::words::count(n, "message", "messages")
}

fn consumer(check: &ConsumerCheck) -> String {
    match check.enabled.as_slice() {
        [] => style::bad("none enabled"),
        [name] => {
            let key = check
                .function
                .as_deref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default();
            let reason = check.reason.as_deref().unwrap_or("health unknown");
            let verdict = match check.health {
                Some(Health::Ok) => style::ok(&format!("✔ {reason}")),
                Some(Health::Warn) => style::warn(&format!("! {reason}")),
                _ => style::bad(&format!("✘ {reason}")),
            };
            format!("{name}{key}: {verdict}")
        }
        several => style::bad(&format!(
            "{} enabled: {}",
            several.len(),
            several.join(", ")
        )),
    }
}

/// `RUNNING, 40 of 120 moved, started 2026-…`.
pub fn task_line(task: &MoveTask) -> String {
    let of = task.to_move.map(|n| format!(" of {n}")).unwrap_or_default();
    let started = task
        .started_at
        .as_deref()
        .map(|t| format!(", started {t}"))
        .unwrap_or_default();
    format!(
        "{}, {}{of} moved{started}",
        task.status.as_str(),
        task.moved
    )
}

/// The last line of a redrive, on stdout, within `width` columns.
pub fn outcome(
    status: RedriveStatus,
    plan: &RedrivePlan,
    task: Option<&MoveTask>,
    width: Option<usize>,
) -> String {
    let moved = task.map_or(0, |t| t.moved);
    let of = task
        .and_then(|t| t.to_move)
        .map(|n| format!(" of {n}"))
        .unwrap_or_default();
    let queue = &plan.queue.name;
    let line = match status {
        RedriveStatus::Completed => style::ok(&format!(
            "✔ Moved {moved} message{} from {} back to {queue}.",
            if moved == 1 { "" } else { "s" },
            plan.dlq.name
        )),
        RedriveStatus::Failed => style::bad(&format!(
            "✘ The move task failed after moving {moved}{of}: {}",
            task.and_then(|t| t.failure_reason.as_deref())
                .unwrap_or("SQS gave no reason")
        )),
        RedriveStatus::Cancelled => style::warn(&format!(
            "! The move task was cancelled: {moved}{of} moved, the rest stay in the DLQ."
        )),
        RedriveStatus::LeftRunning => style::warn(&format!(
            "! The move task is still running ({moved}{of} moved so far); `ccx dlq redrive {}` follows it again.",
            plan.queue.key.as_deref().unwrap_or(&plan.queue.name)
        )),
        other => other.as_str().to_string(),
    };
    wrap::indented("", "  ", &line, width).join("\n")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::features::dlq::plan::Depth;
    use crate::features::dlq::show::{self, tests as show_fixtures};
    use crate::fixtures::{ENHANCED, LINES};
    use crate::render::at_widths::snapshots;
    use crate::state::messages::Peek;

    const DLQ: &str = "chromadb-dev-lines-queue-a-dlq";
    const IDS: [&str; 2] = [
        "0f8e5b1c-7a42-4c55-9d7e-3b1a2c4d5e6f",
        "9a3b2c1d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
    ];

    fn now() -> Timestamp {
        "2026-11-29T12:00:00Z".parse().unwrap()
    }

    fn show_report() -> DlqShowReport {
        let t0 = now().as_millisecond() - 3_600_000;
        let mut first = show_fixtures::message(IDS[0], t0);
        first.attributes = BTreeMap::from([
            ("run_id".to_string(), "7f3c9e".to_string()),
            ("source".to_string(), "stream-processor".to_string()),
        ]);
        first.body = r#"{"type": "COMPACTION_RUN", "run_id": "7f3c9e", "collection": "lines", "delta_prefix": "s3://chromadb-dev/deltas/7f3c9e/"}"#.into();
        let second = show_fixtures::message(IDS[1], t0 + 60_000);
        let peek = Peek {
            messages: vec![first, second],
            calls: 1,
        };
        show::build("dev", &show_fixtures::target(2), peek, 10, now())
    }

    #[test]
    fn dlq_show_at_each_width() {
        let report = show_report();
        let mut names = vec![LINES, DLQ];
        names.extend(IDS);
        snapshots("dlq_show", &names, |width| {
            // As the command cuts bodies on a terminal.
            let cut = width.map(|_| BODY_ON_TERMINAL);
            show(&report, cut, now(), width)
        });
    }

    fn redrive_plan() -> RedrivePlan {
        RedrivePlan {
            queue: crate::features::dlq::target::QueueRef {
                key: Some("lines".into()),
                name: LINES.into(),
                arn: None,
            },
            dlq: crate::features::dlq::target::QueueRef {
                key: None,
                name: DLQ.into(),
                arn: None,
            },
            messages: 12,
            queue_depth: Depth {
                visible: 40,
                in_flight: 2,
                delayed: 0,
            },
            max_per_second: Some(10),
            consumer: ConsumerCheck {
                enabled: vec![ENHANCED.into()],
                function: Some("enhanced-compaction".into()),
                health: Some(Health::Warn),
                reason: Some("Inactive: Lambda reclaimed it; the first invocation wakes it".into()),
            },
            running_task: None,
            action: Action::Start,
            refusal: Some("its consumer has failed 3 of its last 10 batches".into()),
            forced: true,
        }
    }

    fn destination() -> Destination {
        Destination {
            account: Some("123456789012".into()),
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/ops/jo".into()),
            caller_error: None,
            region: "eu-west-1".into(),
            profile: Some("prod-admin".into()),
            credentials: crate::aws::destination::CredentialSource::Profile,
            endpoint: None,
        }
    }

    #[test]
    fn redrive_plan_and_outcome_at_each_width() {
        let p = redrive_plan();
        snapshots("redrive_plan", &[LINES, DLQ, ENHANCED], |width| {
            plan(&p, &destination(), width)
        });
        snapshots("redrive_completed", &[LINES, DLQ], |width| {
            outcome(RedriveStatus::Completed, &p, None, width)
        });
    }

    #[test]
    fn bodies_are_one_line_and_cut_only_when_asked() {
        assert_eq!(one_line("a\nb\n", None), "a⏎b");
        assert_eq!(one_line("abcdefgh", Some(5)), "abcd…");
        assert_eq!(one_line("abc", Some(5)), "abc");
    }
}
