use super::*;

fn deployed() -> BTreeMap<String, Deployed> {
    [
        (
            "LinesQueue",
            QUEUE_TYPE,
            "https://sqs.us-east-1.amazonaws.com/123456789012/chromadb-dev-lines-queue-a",
        ),
        (
            "Enhanced",
            FUNCTION_TYPE,
            "chromadb-dev-lambdas-enhanced-compaction",
        ),
        ("Worker", FUNCTION_TYPE, "chroma-worker-lambda-dev-ed34dbe"),
        (
            "LinesMapping",
            MAPPING_TYPE,
            "11111111-1111-4111-8111-111111111111",
        ),
        (
            "WorkerLinesMapping",
            MAPPING_TYPE,
            "44444444-4444-4444-8444-444444444444",
        ),
    ]
    .into_iter()
    .map(|(id, kind, physical)| {
        (
            id.to_string(),
            Deployed {
                kind: kind.to_string(),
                physical_id: physical.to_string(),
            },
        )
    })
    .collect()
}

const TEMPLATE: &str = r#"{
  "Parameters": {"EnableEnhanced": {"Type": "String", "AllowedValues": ["true", "false"]}},
  "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
  "Resources": {
    "LinesMapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
      "EventSourceArn": {"Fn::GetAtt": ["LinesQueue", "Arn"]},
      "FunctionName": {"Ref": "Enhanced"},
      "Enabled": {"Ref": "EnableEnhanced"},
      "BatchSize": 10,
      "ScalingConfig": {"MaximumConcurrency": 5},
      "FunctionResponseTypes": ["ReportBatchItemFailures"]}},
    "WorkerLinesMapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
      "EventSourceArn": {"Fn::GetAtt": "LinesQueue.Arn"},
      "FunctionName": {"Fn::GetAtt": ["Worker", "Arn"]},
      "Enabled": "false"}},
    "NotCreated": {"Type": "AWS::Lambda::EventSourceMapping", "Condition": "Never", "Properties": {
      "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:x", "FunctionName": "y"}}
  }
}"#;

#[test]
fn a_template_resolves_against_what_the_stack_deployed() {
    let parameters = BTreeMap::from([("EnableEnhanced".to_string(), "false".to_string())]);
    let (mappings, functions) =
        from_template(TEMPLATE, &deployed(), &parameters, "aws", "us-east-1").unwrap();
    assert_eq!(
        mappings.len(),
        2,
        "the resource whose condition is false is not there"
    );
    let lines = &mappings[0];
    assert_eq!(lines.resource, "LinesMapping");
    assert_eq!(
        lines.uuid.as_deref(),
        Some("11111111-1111-4111-8111-111111111111")
    );
    assert_eq!(
        lines.event_source_arn.as_deref(),
        Some("arn:aws:sqs:us-east-1:123456789012:chromadb-dev-lines-queue-a")
    );
    assert_eq!(
        lines.function_name.as_deref(),
        Some("chromadb-dev-lambdas-enhanced-compaction")
    );
    assert!(!lines.enabled, "Enabled comes from the parameter");
    assert_eq!(lines.maximum_concurrency, Some(5));
    let worker = &mappings[1];
    assert_eq!(
        worker.function_name.as_deref(),
        Some("chroma-worker-lambda-dev-ed34dbe")
    );
    assert!(!worker.enabled);
    assert_eq!(worker.batch_size, None);
    assert_eq!(functions.len(), 0, "no function resource in this template");
}

#[test]
fn a_yaml_template_is_refused_with_what_to_do() {
    let err = from_template(
        "Resources:\n  X: {}\n",
        &deployed(),
        &BTreeMap::new(),
        "aws",
        "us-east-1",
    )
    .unwrap_err();
    assert!(err.to_string().contains("YAML"), "{err}");
}
