//! The `functions.KEY` checks in words: the function's name and its health's reason;
//! below, what Lambda reports of it (state, last update, runtime, last modified).

use crate::base::time;
use crate::features::verify::function_finding::FunctionFinding;
use crate::state::functions::FunctionInfo;

pub fn summary(finding: &FunctionFinding) -> String {
    match finding {
        FunctionFinding::Ambiguous(ambiguous) => ambiguous.to_string(),
        FunctionFinding::Found { info, verdict } => format!("{}: {}", info.name, verdict.reason),
        FunctionFinding::Missing { verdict, .. } => verdict.reason.clone(),
    }
}

pub fn details(finding: &FunctionFinding) -> Vec<String> {
    let (mut details, remark) = match finding {
        FunctionFinding::Ambiguous(_) => return Vec::new(),
        FunctionFinding::Found { info, verdict } => (function_details(info), &verdict.remark),
        FunctionFinding::Missing { verdict, lookup } => {
            (lookup.iter().cloned().collect(), &verdict.remark)
        }
    };
    details.extend(remark.clone());
    details
}

/// What verify lists about a function it found.
fn function_details(info: &FunctionInfo) -> Vec<String> {
    let or_unknown = |v: &Option<String>| v.as_deref().unwrap_or("?").to_string();
    let with_reason = |v: &Option<String>, reason: &Option<String>| match reason {
        Some(reason) => format!("{} ({reason})", or_unknown(v)),
        None => or_unknown(v),
    };
    vec![
        format!("name: {}", info.name),
        format!("state: {}", with_reason(&info.state, &info.state_reason)),
        format!(
            "last update: {}",
            with_reason(&info.last_update_status, &info.last_update_status_reason)
        ),
        format!("runtime: {}", or_unknown(&info.runtime)),
        format!(
            "last modified: {}",
            info.last_modified
                .as_deref()
                .map(time::normalize)
                .unwrap_or_default()
        ),
    ]
}
