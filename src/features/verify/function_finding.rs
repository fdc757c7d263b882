//! What a `functions.KEY` check found, as data (the words are
//! `render::verify::function_words`).

use crate::base::resolve::ResolveError;
use crate::state::functions::FunctionInfo;

#[derive(Debug, Clone)]
pub enum FunctionFinding {
    /// Several functions of the stack match its pattern: the error names them.
    Ambiguous(ResolveError),
    /// The function, as Lambda reports it, and its health's verdict.
    Found {
        info: Box<FunctionInfo>,
        verdict: HealthVerdict,
    },
    /// The stack has no such function, and what that means for its role.
    Missing {
        verdict: HealthVerdict,
        /// Why an expected function was not found (the name lookup's own words).
        lookup: Option<String>,
    },
}

/// The health judgement's reason and remark (`judgements::health`, the words
/// `ccx functions` shows too).
#[derive(Debug, Clone)]
pub struct HealthVerdict {
    pub reason: String,
    pub remark: Option<String>,
}
