use super::*;
use crate::state::iac::filled;

const EXPORT: &str = include_str!("../../../../tests/iac/pulumi-export.json");

#[test]
fn an_export_declares_its_mappings_and_functions() {
    let (mappings, functions) = parse(&filled(EXPORT)).unwrap();
    assert_eq!(mappings.len(), 3);
    let lines = &mappings[0];
    assert!(
        lines
            .resource
            .ends_with("::chromadb-dev-lambdas-lines-event-source-mapping")
    );
    assert!(lines.resource.starts_with("urn:pulumi:dev::receipts::"));
    assert_eq!(
        lines.uuid.as_deref(),
        Some("11111111-1111-4111-8111-111111111111")
    );
    assert_eq!(
        lines.function_name.as_deref(),
        Some("chromadb-dev-lambdas-enhanced-compaction")
    );
    assert!(lines.enabled);
    assert_eq!(lines.batch_size, Some(10));
    assert_eq!(lines.maximum_batching_window_seconds, Some(0));
    assert_eq!(lines.maximum_concurrency, Some(5));
    assert_eq!(
        lines.function_response_types.as_deref(),
        Some(&["ReportBatchItemFailures".to_string()][..])
    );
    assert!(
        lines
            .event_source_arn
            .as_deref()
            .unwrap()
            .ends_with(":chromadb-dev-lines-queue-aaaaaaa")
    );
    assert_eq!(functions.len(), 1);
    assert_eq!(
        functions[0].name.as_deref(),
        Some("chromadb-dev-lambdas-enhanced-compaction")
    );
}

#[test]
fn no_secret_is_kept() {
    let parsed = parse(&filled(EXPORT)).unwrap();
    let kept = format!("{parsed:?}");
    assert!(!kept.contains("sk-live-ccx-test-secret"), "{kept}");
    assert!(!kept.contains("CCX-TEST-SECRET"), "{kept}");
}

#[test]
fn a_secret_field_is_unknown() {
    let secret = r#"{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"}"#;
    let doc = format!(
        r#"{{"version": 3, "deployment": {{"resources": [{{"urn": "urn:pulumi:dev::p::aws:lambda/eventSourceMapping:EventSourceMapping::m",
        "type": "aws:lambda/eventSourceMapping:EventSourceMapping", "outputs": {{"functionName": {secret}, "enabled": false}}}}]}}}}"#
    );
    let (mappings, _) = parse(&doc).unwrap();
    assert_eq!(mappings[0].function_name, None);
    assert!(!mappings[0].enabled);
}

#[test]
fn other_documents_and_versions_are_refused_in_one_line() {
    let v1 = r#"{"version": 1, "deployment": {"resources": []}}"#;
    assert!(
        parse(v1)
            .unwrap_err()
            .to_string()
            .contains("version 1; ccx reads version 3")
    );
    let terraform = include_str!("../../../../tests/iac/terraform.tfstate");
    assert!(
        parse(terraform)
            .unwrap_err()
            .to_string()
            .contains("Terraform state")
    );
    assert!(
        parse("<html>")
            .unwrap_err()
            .to_string()
            .contains("not JSON")
    );
    assert!(
        parse(r#"{"a": 1}"#)
            .unwrap_err()
            .to_string()
            .contains("not a `pulumi stack export`")
    );
}
