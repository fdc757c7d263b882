//! Every AWS request as it is answered (`-vv`): service, operation, HTTP status (or
//! that no answer came), attempt and duration, handed to an observer. An SDK
//! interceptor, so retries show as the attempts they are; nothing of the request's
//! headers or body is looked at, so no credential can leak into the log.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// One attempt of one AWS call, answered or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsCall {
    pub service: String,
    pub operation: String,
    /// The HTTP status; None when no answer came (connection refused, timed out).
    pub status: Option<u16>,
    /// 1 for the first attempt, 2 for the first retry…
    pub attempt: u32,
    pub duration: Duration,
}

impl fmt::Display for AwsCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → ", self.service, self.operation)?;
        match self.status {
            Some(status) => write!(f, "{status}")?,
            None => write!(f, "no answer")?,
        }
        write!(f, " in {}ms", self.duration.as_millis())?;
        if self.attempt > 1 {
            write!(f, " (attempt {})", self.attempt)?;
        }
        Ok(())
    }
}

/// Told about each call; must be quick (it runs inside the SDK's request path).
pub type CallObserver = Arc<dyn Fn(&AwsCall) + Send + Sync>;

/// The interceptor every client gets when an observer is set.
#[derive(Clone)]
pub struct CallLog {
    observer: CallObserver,
}

impl CallLog {
    pub fn new(observer: CallObserver) -> CallLog {
        CallLog { observer }
    }
}

impl fmt::Debug for CallLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallLog")
    }
}

/// When the attempt in progress was sent.
#[derive(Debug, Clone, Copy)]
struct AttemptStarted(Instant);

impl Storable for AttemptStarted {
    type Storer = StoreReplace<Self>;
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "ccx call log"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state()
            .store_put(AttemptStarted(Instant::now()));
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = cfg
            .load::<Metadata>()
            .map(|m| (m.service().to_string(), m.name().to_string()))
            .unwrap_or_else(|| ("?".to_string(), "?".to_string()));
        let duration = cfg
            .load::<AttemptStarted>()
            .map(|started| started.0.elapsed())
            .unwrap_or_default();
        let call = AwsCall {
            service,
            operation,
            status: context.response().map(|r| r.status().as_u16()),
            attempt: cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts()),
            duration,
        };
        (self.observer)(&call);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_reads_as_service_operation_status_and_time() {
        let mut call = AwsCall {
            service: "lambda".into(),
            operation: "ListEventSourceMappings".into(),
            status: Some(200),
            attempt: 1,
            duration: Duration::from_millis(14),
        };
        assert_eq!(
            call.to_string(),
            "lambda ListEventSourceMappings → 200 in 14ms"
        );
        call.status = None;
        call.attempt = 3;
        assert_eq!(
            call.to_string(),
            "lambda ListEventSourceMappings → no answer in 14ms (attempt 3)"
        );
    }
}
