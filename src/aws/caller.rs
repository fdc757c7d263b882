//! Who the calls are made as (STS `GetCallerIdentity`), asked at most once per process:
//! the plan of a write names the account, `-v` prints it, the audit record keeps it.

use serde::Serialize;

use super::{Aws, AwsError, AwsResultExt};

/// The AWS identity that made the calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caller {
    pub account: Option<String>,
    pub arn: Option<String>,
    pub user_id: Option<String>,
}

impl Aws {
    /// The caller, asked of STS on the first use and remembered (every clone of this
    /// `Aws` shares the answer, or the error).
    pub async fn caller(&self) -> Result<Caller, AwsError> {
        self.caller
            .get_or_init(|| async {
                let out = self
                    .sts
                    .get_caller_identity()
                    .send()
                    .await
                    .aws_context(|| "asking STS who the caller is")?;
                Ok(Caller {
                    account: out.account,
                    arn: out.arn,
                    user_id: out.user_id,
                })
            })
            .await
            .clone()
    }
}
