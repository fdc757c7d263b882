//! A function's logging configuration as Lambda reports it (`LoggingConfig`, in
//! ListFunctions and GetFunctionConfiguration alike): where its logs go, in which format,
//! and which levels are kept.

use serde::Serialize;

/// `LoggingConfig`; every field is absent when Lambda (or an emulator) reports none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LogConfig {
    /// `LogGroup`: the CloudWatch Logs group, when the function names one.
    pub group: Option<String>,
    /// `LogFormat`: `Text` or `JSON`.
    pub format: Option<String>,
    /// `SystemLogLevel` (JSON format only): `DEBUG`, `INFO` or `WARN`.
    pub system_level: Option<String>,
    /// `ApplicationLogLevel` (JSON format only).
    pub application_level: Option<String>,
}

impl LogConfig {
    pub fn from_sdk(config: Option<&aws_sdk_lambda::types::LoggingConfig>) -> LogConfig {
        let Some(config) = config else {
            return LogConfig::default();
        };
        LogConfig {
            group: config
                .log_group()
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_string),
            format: config.log_format().map(|f| f.as_str().to_string()),
            system_level: config.system_log_level().map(|l| l.as_str().to_string()),
            application_level: config
                .application_log_level()
                .map(|l| l.as_str().to_string()),
        }
    }

    /// Lambda writes its own lines (`START`/`REPORT`, `platform.start`/`platform.report`)
    /// at level INFO: a system log level above it leaves them out, and with them every
    /// sign of an invocation.
    pub fn hides_invocations(&self) -> bool {
        self.system_level.as_deref().is_some_and(|level| {
            matches!(
                level.to_ascii_uppercase().as_str(),
                "WARN" | "ERROR" | "FATAL"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_lambda::types::{LogFormat, LoggingConfig, SystemLogLevel};

    use super::*;

    #[test]
    fn lambda_s_logging_config_is_read_field_by_field() {
        let sdk = LoggingConfig::builder()
            .log_group("/shared/compaction")
            .log_format(LogFormat::Json)
            .system_log_level(SystemLogLevel::Warn)
            .build();
        let config = LogConfig::from_sdk(Some(&sdk));
        assert_eq!(config.group.as_deref(), Some("/shared/compaction"));
        assert_eq!(config.format.as_deref(), Some("JSON"));
        assert!(config.hides_invocations());
        assert_eq!(LogConfig::from_sdk(None), LogConfig::default());
    }

    #[test]
    fn only_levels_above_info_hide_invocations() {
        let at = |level: &str| LogConfig {
            system_level: Some(level.to_string()),
            ..LogConfig::default()
        };
        assert!(!at("INFO").hides_invocations());
        assert!(!at("DEBUG").hides_invocations());
        assert!(at("WARN").hides_invocations());
        assert!(at("ERROR").hides_invocations());
        assert!(!LogConfig::default().hides_invocations());
    }
}
