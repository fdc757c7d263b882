//! What a `consumers.KEY` check found: the source's mappings against the one-consumer
//! rule, and what Lambda itself reports of them. Worded by `render::verify::consumer_words`.

use crate::judgements::consumers::Verdict;
use crate::state::mapping_state::MappingState;

use super::report::CheckStatus;

#[derive(Debug, Clone)]
pub struct ConsumersFinding {
    /// The topology key (`lines`).
    pub key: String,
    /// The queue's or table's name; empty when it was not found.
    pub name: String,
    pub judged: ConsumersJudged,
    /// The enabled (or about to be) consumer, for a source with exactly one.
    pub consumer: Option<MappingLine>,
    /// Every mapping on the source.
    pub mappings: Vec<MappingLine>,
    /// Streams: each active mapping's `LastProcessingResult` (`None`: none reported).
    pub last_results: Vec<Option<String>>,
    /// How a stream was (not) found, when not by its `table_pattern`.
    pub lookup: Option<String>,
    /// What Lambda reports wrong with the mappings (`mapping_reasons`), one each.
    pub lambda_reasons: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum ConsumersJudged {
    /// No queue in the stack contains the topology's pattern.
    QueueMissing { stack: String, pattern: String },
    /// Mappings still changing state: it may settle by itself.
    InTransition(Vec<MappingLine>),
    /// The one-consumer rule's verdict (`SourceMissing`: a stream not found).
    Verdict(Verdict),
}

/// A mapping as the check names it.
#[derive(Debug, Clone)]
pub struct MappingLine {
    pub uuid: String,
    pub function_name: String,
    /// The function ARN, when the mapping names a version or alias of the function.
    pub qualified_arn: Option<String>,
    pub state: MappingState,
}

impl ConsumersFinding {
    /// The status of the rule alone, before what Lambda reports.
    pub fn rule_status(&self) -> CheckStatus {
        match &self.judged {
            ConsumersJudged::InTransition(_) => CheckStatus::Warn,
            ConsumersJudged::Verdict(Verdict::Ok) => CheckStatus::Pass,
            _ => CheckStatus::Fail,
        }
    }

    /// A mapping Lambda turned off, or reports a problem with, fails the check whatever
    /// the states alone say.
    pub fn status(&self) -> CheckStatus {
        if self.lambda_reasons.is_empty() {
            self.rule_status()
        } else {
            self.rule_status().max(CheckStatus::Fail)
        }
    }
}
