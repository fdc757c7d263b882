//! ListFunctions page by page: each page's functions as soon as it arrives, read by this
//! caller or, when its clients are shared, from a listing already under way.

use crate::aws::error::AwsErrorKind;
use crate::aws::in_flight::{PageReceiver, PageSender};
use crate::aws::{Aws, AwsError, AwsResultExt};
use crate::state::functions::FunctionSummary;
use crate::state::log_config::LogConfig;

/// The listing page by page, each page's functions as soon as it arrives, so work on a
/// function found early need not wait for the last page of a large account. Runs that
/// share their clients read the pages of a listing already under way, if there is one
/// (`aws::in_flight`).
pub struct FunctionPages<'a> {
    source: PageSource<'a>,
}

/// One page of the listing: its functions, `None` after the last page.
type Page = Result<Option<Vec<FunctionSummary>>, AwsError>;

enum PageSource<'a> {
    Own(OwnPages<'a>),
    Shared {
        pages: PageReceiver<Page>,
        /// The last page (or an error) came: nothing more to wait for.
        ended: bool,
    },
}

/// The listing this caller makes itself.
struct OwnPages<'a> {
    aws: &'a Aws,
    /// `None` before the first page; `Some(None)` after the last.
    marker: Option<Option<String>>,
}

impl<'a> FunctionPages<'a> {
    pub fn start(aws: &'a Aws) -> FunctionPages<'a> {
        let source = match &aws.in_flight {
            None => PageSource::Own(OwnPages::start(aws)),
            Some(in_flight) => {
                let aws = aws.clone();
                let lead = |pages: PageSender<Page>| async move {
                    let mut own = OwnPages::start(&aws);
                    loop {
                        let page = own.next().await;
                        let last = !matches!(page, Ok(Some(_)));
                        pages.push(page);
                        if last {
                            break;
                        }
                    }
                };
                PageSource::Shared {
                    pages: in_flight.pages("ListFunctions", lead),
                    ended: false,
                }
            }
        };
        FunctionPages { source }
    }

    /// The functions of the next page; `Ok(None)` after the last page.
    pub async fn next(&mut self) -> Page {
        match &mut self.source {
            PageSource::Own(own) => own.next().await,
            PageSource::Shared { ended: true, .. } => Ok(None),
            PageSource::Shared { pages, ended } => {
                let page = pages.next().await.unwrap_or_else(|| {
                    Err(AwsError {
                        action: "listing Lambda functions".into(),
                        kind: AwsErrorKind::Other,
                        code: None,
                        detail: "the listing shared with other runs ended before its last page"
                            .into(),
                    })
                });
                *ended = !matches!(page, Ok(Some(_)));
                page
            }
        }
    }
}

impl<'a> OwnPages<'a> {
    fn start(aws: &'a Aws) -> OwnPages<'a> {
        OwnPages { aws, marker: None }
    }

    async fn next(&mut self) -> Page {
        let marker = match &self.marker {
            Some(None) => return Ok(None),
            Some(Some(marker)) => Some(marker.clone()),
            None => None,
        };
        let page = self
            .aws
            .lambda
            .list_functions()
            .set_marker(marker.clone())
            .send()
            .await
            .aws_context(|| "listing Lambda functions")?;
        // A repeated marker would page forever: it ends the listing.
        let next = page
            .next_marker
            .filter(|next| !next.is_empty() && Some(next) != marker.as_ref());
        self.marker = Some(next);
        Ok(Some(
            page.functions
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| {
                    Some(FunctionSummary {
                        logging: LogConfig::from_sdk(f.logging_config()),
                        timeout_seconds: f.timeout,
                        name: f.function_name?,
                    })
                })
                .collect(),
        ))
    }
}
