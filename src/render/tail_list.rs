//! `ccx tail --list`: per NAME, its log group and a table of its most recent streams.

use jiff::Timestamp;

use crate::logs::listing::StreamListing;
use crate::ui::table::{self, Kind};
use crate::ui::{style, wrap};

/// The listing within `width` columns (`None`: piped, nothing fitted). A stream's name
/// is never shortened: it is what `--stream PREFIX` is copied from.
pub fn render(listing: &StreamListing, now: Timestamp, width: Option<usize>) -> String {
    let mut out = String::new();
    for group in &listing.groups {
        let title = match (&group.log_group, &group.function) {
            (Some(g), Some(f)) if !group.source.starts_with('/') && &group.source != f => {
                format!("{} ({f}): {g}", group.source)
            }
            (Some(g), _) => format!("{}: {g}", group.source),
            (None, _) => group.source.clone(),
        };
        // The log group is to be copied: wrapped before it, never shortened.
        let title = wrap::indented_keeping_words("", "  ", &style::bold(&title), width);
        out.push_str(&title.join("\n"));
        out.push('\n');
        if let Some(note) = &group.note {
            out.push_str(&format!("  {}\n\n", style::warn(note)));
            continue;
        }
        if group.streams.is_empty() {
            let what = match &listing.stream_prefix {
                Some(p) => format!("  no stream whose name starts with `{p}`\n\n"),
                None => "  no streams\n\n".to_string(),
            };
            out.push_str(&style::dim(&what));
            continue;
        }
        let mut t = table::new(["STREAM", "LAST EVENT", "LAST INGESTED", "CREATED"]);
        t.kind("STREAM", Kind::Whole);
        let ago = |t: &Option<String>| {
            t.as_deref()
                .map_or_else(|| "-".into(), |t| super::time::ago(t, now))
        };
        for s in &group.streams {
            t.add_row(vec![
                s.name.clone(),
                ago(&s.last_event),
                ago(&s.last_ingestion),
                ago(&s.created),
            ]);
        }
        out.push_str(&table::render(&t, width));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        if group.more_streams {
            out.push_str(&style::dim(
                "  (more streams not shown: --streams N lists up to 50)\n",
            ));
        }
        out.push('\n');
    }
    let footer = style::dim(
        "LAST EVENT is updated by CloudWatch eventually (typically within the hour); \
         `ccx tail NAME --stream PREFIX` reads the streams whose names start with PREFIX.",
    );
    out.push_str(&wrap::indented("", "", &footer, width).join("\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::listing::{GroupListing, StreamRow};

    const FUNCTION: &str = "chromadb-dev-lambdas-enhanced-compaction";
    const STREAM: &str = "2026/11/29/[$LATEST]0f8e5b1c7a424c55b3c1d2e3f4a5b6c7";

    #[test]
    fn the_listing_at_each_width_keeps_stream_names_whole() {
        let at = |minutes: i64| {
            let t: Timestamp = "2026-11-29T02:00:00Z".parse().unwrap();
            Some(
                t.checked_sub(jiff::SignedDuration::from_mins(minutes))
                    .unwrap()
                    .to_string(),
            )
        };
        let listing = StreamListing {
            stack: "dev".into(),
            stream_prefix: None,
            groups: vec![GroupListing {
                source: "enhanced-compaction".into(),
                function: Some(FUNCTION.into()),
                log_group: Some(format!("/aws/lambda/{FUNCTION}")),
                exists: true,
                note: None,
                streams: vec![StreamRow {
                    name: STREAM.into(),
                    created: at(90),
                    first_event: at(90),
                    last_event: at(3),
                    last_ingestion: at(2),
                }],
                more_streams: true,
            }],
        };
        let now: Timestamp = "2026-11-29T02:00:00Z".parse().unwrap();
        crate::render::at_widths::snapshots("tail_list", &[STREAM], |width| {
            render(&listing, now, width)
        });
    }
}
