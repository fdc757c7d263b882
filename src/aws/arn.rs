//! ARNs: reading names out of them, and writing the ones ccx needs (policies, tags).

use std::fmt;

/// The six parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. The
/// resource keeps any `:` or `/` it has (`function:name:alias`, `log-group:/aws/x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    /// Empty for global services (IAM, STS users); `*` in a policy pattern.
    pub region: String,
    pub account: String,
    pub resource: String,
}

impl Arn {
    /// The parts of `text`, or None when it is not an ARN (`arn:` then five more parts,
    /// partition and service not empty).
    pub fn parse(text: &str) -> Option<Arn> {
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        match parts.as_slice() {
            ["arn", partition, service, region, account, resource]
                if !partition.is_empty() && !service.is_empty() =>
            {
                Some(Arn {
                    partition: (*partition).to_string(),
                    service: (*service).to_string(),
                    region: (*region).to_string(),
                    account: (*account).to_string(),
                    resource: (*resource).to_string(),
                })
            }
            _ => None,
        }
    }

    fn new(partition: &str, service: &str, region: &str, account: &str, resource: String) -> Arn {
        Arn {
            partition: partition.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            resource,
        }
    }

    /// `arn:P:lambda:R:A:function:NAME` (NAME may be a pattern with `*`).
    pub fn lambda_function(partition: &str, region: &str, account: &str, name: &str) -> Arn {
        Arn::new(
            partition,
            "lambda",
            region,
            account,
            format!("function:{name}"),
        )
    }

    /// `arn:P:lambda:R:A:event-source-mapping:UUID`: what Lambda's tag calls take.
    pub fn event_source_mapping(partition: &str, region: &str, account: &str, uuid: &str) -> Arn {
        Arn::new(
            partition,
            "lambda",
            region,
            account,
            format!("event-source-mapping:{uuid}"),
        )
    }

    /// `arn:P:sqs:R:A:NAME`.
    pub fn queue(partition: &str, region: &str, account: &str, name: &str) -> Arn {
        Arn::new(partition, "sqs", region, account, name.to_string())
    }

    /// `arn:P:logs:R:A:log-group:NAME`.
    pub fn log_group(partition: &str, region: &str, account: &str, name: &str) -> Arn {
        Arn::new(
            partition,
            "logs",
            region,
            account,
            format!("log-group:{name}"),
        )
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// The partition a region belongs to (`aws-cn` for `cn-north-1`…); `aws` when unknown.
pub fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

/// The function name in a Lambda function ARN, without any version or alias
/// qualifier: `arn:aws:lambda:r:a:function:name:live` → `name`.
/// A plain name (no ARN) is returned as is.
pub fn function_name(arn: &str) -> &str {
    match arn.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "lambda", _, _, "function", name, ..] => name,
        _ => arn,
    }
}

/// The version or alias qualifier of a Lambda function ARN, if it has one:
/// `arn:aws:lambda:r:a:function:name:live` → `live`.
pub fn function_qualifier(arn: &str) -> Option<&str> {
    match arn.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "lambda", _, _, "function", _, qualifier] => Some(qualifier),
        _ => None,
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
        assert_eq!(function_qualifier(base), None);
        assert_eq!(function_qualifier(&format!("{base}:live")), Some("live"));
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
    fn arns_are_split_into_their_parts_and_written_back() {
        let text = "arn:aws:lambda:us-east-1:123456789012:function:name:live";
        let arn = Arn::parse(text).unwrap();
        assert_eq!(arn.service, "lambda");
        assert_eq!(arn.account, "123456789012");
        assert_eq!(arn.resource, "function:name:live");
        assert_eq!(arn.to_string(), text);
        let global = Arn::parse("arn:aws:sts::123456789012:user/moto").unwrap();
        assert_eq!(global.region, "");
        assert_eq!(global.resource, "user/moto");
        for bad in [
            "",
            "arn",
            "arn:aws:sqs",
            "nra:aws:sqs:r:a:q",
            "arn::sqs:r:a:q",
        ] {
            assert_eq!(Arn::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ccx_writes_the_arns_aws_documents() {
        assert_eq!(
            Arn::event_source_mapping("aws", "eu-west-1", "123456789012", "1-2").to_string(),
            "arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:1-2"
        );
        assert_eq!(
            Arn::log_group("aws", "*", "*", "/aws/lambda/x").to_string(),
            "arn:aws:logs:*:*:log-group:/aws/lambda/x"
        );
        assert_eq!(partition_of_region("cn-north-1"), "aws-cn");
        assert_eq!(partition_of_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of_region("eu-west-1"), "aws");
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

#[cfg(test)]
mod proptests {
    use proptest::prelude::*;

    use super::*;

    /// An ARN part without `:` (partition and service also not empty).
    fn part(min: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[^:]{{{min},12}}")).unwrap()
    }

    fn arn() -> impl Strategy<Value = Arn> {
        (part(1), part(1), part(0), part(0), "\\PC{0,40}").prop_map(
            |(partition, service, region, account, resource)| Arn {
                partition,
                service,
                region,
                account,
                resource,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn no_text_makes_the_arn_readers_panic(text in "\\PC{0,80}|(arn:[a-z:/*-]{0,30})") {
            let _ = Arn::parse(&text);
            let _ = function_name(&text);
            let _ = event_source(&text).name().len();
            let _ = queue_name_from_url(&text);
        }

        #[test]
        fn any_arn_ccx_writes_reads_back_to_its_parts(arn in arn()) {
            prop_assert_eq!(Arn::parse(&arn.to_string()), Some(arn));
        }

        #[test]
        fn the_arns_ccx_makes_read_back(
            region in "[a-z]{2}-[a-z]{4,9}-[1-9]|\\*",
            account in "[0-9]{12}|\\*",
            name in "[A-Za-z0-9_*-]{1,64}",
            uuid in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ) {
            let partition = partition_of_region(&region);
            let made = [
                (Arn::lambda_function(partition, &region, &account, &name), format!("function:{name}")),
                (Arn::event_source_mapping(partition, &region, &account, &uuid), format!("event-source-mapping:{uuid}")),
                (Arn::queue(partition, &region, &account, &name), name.clone()),
                (Arn::log_group(partition, &region, &account, &format!("/aws/lambda/{name}")), format!("log-group:/aws/lambda/{name}")),
            ];
            for (arn, resource) in made {
                let back = Arn::parse(&arn.to_string()).unwrap();
                prop_assert_eq!(&back.region, &region);
                prop_assert_eq!(&back.account, &account);
                prop_assert_eq!(&back.resource, &resource);
                prop_assert_eq!(back, arn);
            }
            let function = Arn::lambda_function(partition, &region, &account, &name).to_string();
            prop_assert_eq!(function_name(&function), name.as_str());
            let queue = Arn::queue(partition, &region, &account, &name).to_string();
            prop_assert_eq!(event_source(&queue), EventSource::Queue { name: name.clone() });
        }
    }
}
