//! Reading names out of ARNs.

/// The function name in a Lambda function ARN, without any version or alias
/// qualifier: `arn:aws:lambda:r:a:function:name:live` → `name`.
/// A plain name (no ARN) is returned as is.
pub fn function_name(arn: &str) -> &str {
    match arn.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "lambda", _, _, "function", name, ..] => name,
        _ => arn,
    }
}

/// What an event source ARN points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSource {
    Queue { name: String },
    DynamoStream { table: String },
    Other { service: String, resource: String },
}

impl EventSource {
    /// The name an operator knows the source by: queue name, table name, or resource.
    pub fn name(&self) -> &str {
        match self {
            EventSource::Queue { name } => name,
            EventSource::DynamoStream { table } => table,
            EventSource::Other { resource, .. } => resource,
        }
    }
}

pub fn event_source(arn: &str) -> EventSource {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "sqs", _, _, name] => EventSource::Queue {
            name: (*name).to_string(),
        },
        ["arn", _, "dynamodb", _, _, resource] if resource.starts_with("table/") => {
            let table = resource["table/".len()..]
                .split('/')
                .next()
                .unwrap_or_default();
            EventSource::DynamoStream {
                table: table.to_string(),
            }
        }
        ["arn", _, service, _, _, resource] => EventSource::Other {
            service: (*service).to_string(),
            resource: (*resource).to_string(),
        },
        _ => EventSource::Other {
            service: String::new(),
            resource: arn.to_string(),
        },
    }
}

/// The queue name at the end of a queue URL (`https://sqs.../123/name` → `name`).
pub fn queue_name_from_url(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_are_dropped() {
        let base = "arn:aws:lambda:us-east-1:123456789012:function:chromadb-dev-lambdas-enhanced-compaction";
        assert_eq!(
            function_name(base),
            "chromadb-dev-lambdas-enhanced-compaction"
        );
        assert_eq!(
            function_name(&format!("{base}:7")),
            "chromadb-dev-lambdas-enhanced-compaction"
        );
        assert_eq!(
            function_name(&format!("{base}:live")),
            "chromadb-dev-lambdas-enhanced-compaction"
        );
        assert_eq!(function_name("plain-name"), "plain-name");
    }

    #[test]
    fn event_sources_are_classified() {
        assert_eq!(
            event_source("arn:aws:sqs:us-east-1:123456789012:chromadb-dev-lines-queue-abc1234"),
            EventSource::Queue {
                name: "chromadb-dev-lines-queue-abc1234".into()
            }
        );
        assert_eq!(
            event_source(
                "arn:aws:dynamodb:us-east-1:123456789012:table/runs-dev/stream/2026-11-29T00:00:00.000"
            ),
            EventSource::DynamoStream {
                table: "runs-dev".into()
            }
        );
        assert_eq!(
            event_source("arn:aws:dynamodb:us-east-1:123456789012:table/runs-dev/stream/2026-11-29T00:00:00.000").name(),
            "runs-dev"
        );
        assert!(matches!(
            event_source("arn:aws:kafka:us-east-1:123456789012:cluster/x/abc"),
            EventSource::Other { service, .. } if service == "kafka"
        ));
    }

    #[test]
    fn queue_names_come_from_urls() {
        assert_eq!(
            queue_name_from_url("https://sqs.us-east-1.amazonaws.com/123/lines-queue"),
            "lines-queue"
        );
        assert_eq!(
            queue_name_from_url("http://127.0.0.1:5000/123456789012/q/"),
            "q"
        );
    }
}
