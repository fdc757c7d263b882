use super::*;
use crate::state::iac::filled;

const SHOW: &str = include_str!("../../../../tests/iac/terraform-show.json");
const STATE: &str = include_str!("../../../../tests/iac/terraform.tfstate");

fn by_address<'a>(mappings: &'a [DeclaredMapping], address: &str) -> &'a DeclaredMapping {
    mappings
        .iter()
        .find(|m| m.resource == address)
        .unwrap_or_else(|| panic!("no {address} in {mappings:?}"))
}

#[test]
fn show_json_and_the_v4_state_declare_the_same() {
    for text in [SHOW, STATE] {
        let (mappings, functions) = parse(&filled(text)).unwrap();
        assert_eq!(mappings.len(), 3, "{mappings:?}");
        let lines = by_address(
            &mappings,
            r#"module.compaction.aws_lambda_event_source_mapping.queue["lines"]"#,
        );
        assert_eq!(
            lines.uuid.as_deref(),
            Some("11111111-1111-4111-8111-111111111111")
        );
        assert_eq!(
            lines.function_name.as_deref(),
            Some("chromadb-dev-lambdas-enhanced-compaction")
        );
        assert!(lines.enabled);
        assert_eq!(lines.maximum_concurrency, Some(5));
        assert_eq!(lines.batch_size, Some(10));
        let embed = by_address(&mappings, "aws_lambda_event_source_mapping.embed_ndjson");
        assert_eq!(
            embed.function_name.as_deref(),
            Some("embed-from-ndjson-lambda-dev-1a2b3c4")
        );
        assert_eq!(embed.maximum_concurrency, None);
        assert_eq!(embed.function_response_types, None);
        assert_eq!(
            functions[0].resource,
            "aws_lambda_function.enhanced_compaction"
        );
        assert!(!format!("{mappings:?}{functions:?}").contains("sk-live-ccx-test-secret"));
    }
}

#[test]
fn a_sensitive_attribute_is_not_read() {
    let doc = r#"{"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "x", "resources": [
      {"mode": "managed", "type": "aws_lambda_event_source_mapping", "name": "m", "instances": [
        {"schema_version": 0, "attributes": {"function_name": "hidden-fn", "enabled": false},
         "sensitive_attributes": [[{"type": "get_attr", "value": "function_name"}]]}]}]}"#;
    let (mappings, _) = parse(doc).unwrap();
    assert_eq!(mappings[0].resource, "aws_lambda_event_source_mapping.m");
    assert_eq!(mappings[0].function_name, None);
    assert!(!mappings[0].enabled);
}

#[test]
fn other_documents_and_versions_are_refused_in_one_line() {
    let v3 = r#"{"version": 3, "terraform_version": "0.11.14", "serial": 3, "modules": []}"#;
    assert!(
        parse(v3)
            .unwrap_err()
            .to_string()
            .contains("version 3; ccx reads version 4")
    );
    let pulumi = include_str!("../../../../tests/iac/pulumi-export.json");
    assert!(
        parse(pulumi)
            .unwrap_err()
            .to_string()
            .contains("pulumi stack export")
    );
    let plan = r#"{"format_version": "1.2", "planned_values": {}, "resource_changes": []}"#;
    assert!(parse(plan).unwrap_err().to_string().contains("of a plan"));
    assert!(
        parse("not json")
            .unwrap_err()
            .to_string()
            .contains("not JSON")
    );
    // An empty state (`terraform show -json` before the first apply) declares nothing.
    assert_eq!(parse(r#"{"format_version": "1.0"}"#).unwrap().0, vec![]);
}
