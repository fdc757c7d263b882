//! The mapping calls the executor makes, as a trait: AWS in the binary (the adapter
//! below, over `state::mappings`), a simulated Lambda in unit tests.

use std::collections::BTreeMap;

use crate::aws::{Aws, AwsError};
use crate::state::mapping_tags;
use crate::state::mappings::{self, MappingInfo, MappingSettings};

/// Read, list, switch on/off and create event source mappings.
pub(crate) trait MappingApi {
    async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError>;
    async fn list_for_source(&self, event_source_arn: &str) -> Result<Vec<MappingInfo>, AwsError>;
    async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError>;
    async fn create(
        &self,
        function_name: &str,
        event_source_arn: &str,
        settings: &MappingSettings,
        enabled: bool,
    ) -> Result<MappingInfo, AwsError>;

    /// Whether mappings keep tags; without them the switch lease (`switch::lease`) is
    /// not taken (the unit tests' simulated Lambda).
    fn keeps_tags(&self) -> bool {
        false
    }
    /// The tags of the mapping with this ARN.
    async fn tags(&self, _arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
        Ok(BTreeMap::new())
    }
    async fn tag(&self, _arn: &str, _key: &str, _value: &str) -> Result<(), AwsError> {
        Ok(())
    }
    async fn untag(&self, _arn: &str, _key: &str) -> Result<(), AwsError> {
        Ok(())
    }
}

impl MappingApi for Aws {
    async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError> {
        mappings::get_mapping(self, uuid).await
    }

    async fn list_for_source(&self, event_source_arn: &str) -> Result<Vec<MappingInfo>, AwsError> {
        mappings::list_mappings_for_source(self, event_source_arn).await
    }

    async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError> {
        mappings::update_mapping_enabled(self, uuid, enabled).await
    }

    async fn create(
        &self,
        function_name: &str,
        event_source_arn: &str,
        settings: &MappingSettings,
        enabled: bool,
    ) -> Result<MappingInfo, AwsError> {
        mappings::create_mapping(self, function_name, event_source_arn, settings, enabled).await
    }

    fn keeps_tags(&self) -> bool {
        true
    }

    async fn tags(&self, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
        mapping_tags::list_tags(self, arn).await
    }

    async fn tag(&self, arn: &str, key: &str, value: &str) -> Result<(), AwsError> {
        mapping_tags::tag(self, arn, key, value).await
    }

    async fn untag(&self, arn: &str, key: &str) -> Result<(), AwsError> {
        mapping_tags::untag(self, arn, key).await
    }
}
