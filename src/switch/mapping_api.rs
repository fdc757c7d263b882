//! The mapping calls the executor makes, as a trait: AWS in the binary (the adapter
//! below, over `state::mappings`), a simulated Lambda in unit tests.

use crate::aws::{Aws, AwsError};
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
}
