//! What a check found, as data: one variant per kind of finding, with the numbers and
//! names it judged. The words (the JSON's `summary` and `details`, the checklist's
//! lines) are the renderer's, `render::verify::words`: a new finding is one variant
//! here and one arm there.

use super::report::CheckKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// A check still written as words where it is judged (the kinds not yet typed).
    Worded {
        summary: String,
        details: Vec<String>,
    },
    /// The check's data could not be read: the cause, as its error says it.
    CouldNotCheck { cause: String },
    /// The operator left its source out (`--skip KIND`).
    Skipped { kind: CheckKind },
}

impl Finding {
    /// A finding in words (the kinds not yet typed).
    pub fn worded(summary: impl Into<String>) -> Finding {
        Finding::Worded {
            summary: summary.into(),
            details: Vec::new(),
        }
    }
}
