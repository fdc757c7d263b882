//! `ccx tail --list`: per NAME, its log group and a table of its most recent streams.

use jiff::Timestamp;

use crate::logs::listing::StreamListing;
use crate::ui::{style, table};

pub fn render(listing: &StreamListing, now: Timestamp) -> String {
    let mut out = String::new();
    for group in &listing.groups {
        let title = match (&group.log_group, &group.function) {
            (Some(g), Some(f)) if !group.source.starts_with('/') && &group.source != f => {
                format!("{} ({f}): {g}", group.source)
            }
            (Some(g), _) => format!("{}: {g}", group.source),
            (None, _) => group.source.clone(),
        };
        out.push_str(&style::bold(&title));
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
        out.push_str(&table::render(&t));
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
    out.push_str(&style::dim(
        "LAST EVENT is updated by CloudWatch eventually (typically within the hour); \
         `ccx tail NAME --stream PREFIX` reads the streams whose names start with PREFIX.",
    ));
    out
}
