//! The functions side of `ccx verify`: the listing, each topology function's
//! configuration and one log search per log group.
//!
//! The listing is the one read whose cost grows with the account (50 functions a page),
//! so nothing waits for its last page: as soon as a page shows a function that a
//! topology entry's pattern matches in the stack, that function's configuration and log
//! search start, while the pages go on. Whether the match is the one real function (and
//! not one of several) is known only after the last page; a match that turns out
//! ambiguous simply leaves its early results unused.

use std::collections::{BTreeMap, BTreeSet};
use std::pin::Pin;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::{mpsc, oneshot};

use super::evidence::{FunctionEvidence, FunctionsEvidence, LogSearches};
use crate::aws::{Aws, AwsError};
use crate::base::resolve;
use crate::base::topology::{Role, Topology};
use crate::logs::classify::{LineKind, Tally};
use crate::logs::lambda_line::LambdaLine;
use crate::logs::pattern;
use crate::state::functions::{self, FunctionInfo, FunctionPages, FunctionSummary, LogConfig};
use crate::state::log_budget::SearchBudget;
use crate::state::logs::{self, LogSearch, SearchRequest};

/// What the functions side reads and how.
pub struct FunctionsRead<'a> {
    pub topology: &'a Topology,
    pub stack: &'a str,
    /// The log searches' time range, in epoch milliseconds.
    pub window: (i64, i64),
    /// Every FilterLogEvents request waits for its slot here.
    pub budget: &'a SearchBudget,
    /// Searches of an earlier attempt, used instead of searching those groups again.
    pub reuse_logs: Option<LogSearches>,
    /// Log groups an earlier run searched, by topology function key: searched at once,
    /// before the listing names them (`remembered_groups.rs`).
    pub remembered: BTreeMap<String, String>,
    /// Gets the topology functions' names as soon as each has a match (or the listing
    /// has ended), for reads that need only the names (metrics).
    pub names: oneshot::Sender<Vec<String>>,
}

/// Functions whose logs a verification reads: the watched ones (markers, errors), the
/// fallbacks a rollback restored (invocations), and the retired ones (invocations;
/// pointless when the function's system log level hides Lambda's invocation lines).
fn needs_logs(topology: &Topology, key: &str, logging: &LogConfig) -> bool {
    topology.logs.watch.iter().any(|w| w == key)
        || topology.restored.iter().any(|r| r == key)
        || topology
            .functions
            .get(key)
            .is_some_and(|spec| spec.role == Role::Retired && !logging.hides_invocations())
}

/// A read started on an early page, and what it found.
enum Done {
    Info(String, Result<Option<FunctionInfo>, AwsError>),
    Search(String, Result<LogSearch, AwsError>),
}

type Work<'a> = FuturesUnordered<Pin<Box<dyn Future<Output = Done> + Send + 'a>>>;

pub async fn gather(aws: &Aws, read: FunctionsRead<'_>) -> Result<FunctionsEvidence, AwsError> {
    let FunctionsRead {
        topology,
        stack,
        window,
        budget,
        reuse_logs,
        remembered,
        names,
    } = read;
    let reads = Reads::new(aws, topology, stack, window, budget);
    // The pages come through a channel: receiving is cancel-safe, so a read that
    // finishes first never interrupts (and repeats) the request of a page.
    let (page_sender, mut page_receiver) = mpsc::unbounded_channel();
    let pager = async move {
        let mut pages = FunctionPages::start(aws);
        loop {
            let page = pages.next().await;
            let last = !matches!(page, Ok(Some(_)));
            if page_sender.send(page).is_err() || last {
                break;
            }
        }
    };
    let mut early = EarlyReads {
        reads: &reads,
        logs: reuse_logs.unwrap_or_default(),
        listing: Vec::new(),
        matched: BTreeMap::new(),
        searched: BTreeSet::new(),
        infos: BTreeMap::new(),
        names: Some(names),
        work: FuturesUnordered::new(),
    };
    early.search_remembered(&remembered);
    let reader = async {
        let mut listed = false;
        loop {
            tokio::select! {
                page = page_receiver.recv(), if !listed => match page {
                    Some(Ok(Some(page))) => early.page(page),
                    Some(Err(err)) => return Err(err),
                    Some(Ok(None)) | None => {
                        listed = true;
                        early.send_names();
                    }
                },
                Some(done) = early.work.next(), if !early.work.is_empty() => early.done(done),
                else => return Ok(()),
            }
        }
    };
    let ((), read) = tokio::join!(pager, reader);
    read?;
    let EarlyReads {
        listing,
        infos,
        logs,
        ..
    } = early;
    resolve_all(&reads, listing, infos, logs).await
}

/// The listing as far as it has come, and the reads started on its pages.
struct EarlyReads<'r, 'a> {
    reads: &'r Reads<'a>,
    logs: LogSearches,
    listing: Vec<FunctionSummary>,
    /// Each topology function's first match, by key.
    matched: BTreeMap<&'a str, FunctionSummary>,
    /// Log groups whose search has started.
    searched: BTreeSet<String>,
    infos: BTreeMap<String, Result<Option<FunctionInfo>, AwsError>>,
    /// Where the matched names go, until they are sent.
    names: Option<oneshot::Sender<Vec<String>>>,
    work: Work<'r>,
}

impl<'r, 'a> EarlyReads<'r, 'a> {
    /// Starts the search of each remembered group whose function still needs its logs.
    /// Which group is the function's is the listing's to say: a search that turns out
    /// to be of another group is not evidence (see `resolve_all`).
    fn search_remembered(&mut self, remembered: &BTreeMap<String, String>) {
        let topology = self.reads.topology;
        for (key, group) in remembered {
            if needs_logs(topology, key, &LogConfig::default())
                && !self.logs.contains_key(group)
                && self.searched.insert(group.clone())
            {
                self.work.push(self.reads.search(group.clone()));
            }
        }
    }

    /// Starts the reads of each topology function this page shows first.
    fn page(&mut self, page: Vec<FunctionSummary>) {
        let (topology, stack) = (self.reads.topology, self.reads.stack);
        for (key, spec) in &topology.functions {
            if self.matched.contains_key(key.as_str()) {
                continue;
            }
            let Some(found) = page
                .iter()
                .find(|f| resolve::matches(&f.name, &spec.pattern, stack))
            else {
                continue;
            };
            self.work.push(self.reads.info(found.name.clone()));
            let group = found.log_group();
            if needs_logs(topology, key, &found.logging)
                && !self.logs.contains_key(&group)
                && self.searched.insert(group.clone())
            {
                self.work.push(self.reads.search(group));
            }
            self.matched.insert(key, found.clone());
        }
        self.listing.extend(page);
        if self.matched.len() == topology.functions.len() {
            self.send_names();
        }
    }

    fn done(&mut self, done: Done) {
        match done {
            Done::Info(name, info) => {
                self.infos.insert(name, info);
            }
            Done::Search(group, search) => {
                self.logs.insert(group, search);
            }
        }
    }

    /// Hands the matched names over once; later calls do nothing.
    fn send_names(&mut self) {
        if let Some(sender) = self.names.take() {
            // Nobody listening (metrics reused from an earlier attempt) is fine.
            let _ = sender.send(self.matched.values().map(|f| f.name.clone()).collect());
        }
    }
}

/// The evidence from the whole listing: each topology function resolved (unique in the
/// stack, or an error naming the candidates) with the reads started for it. A read that
/// was not started early (it cannot normally happen) is made now.
async fn resolve_all(
    reads: &Reads<'_>,
    listing: Vec<FunctionSummary>,
    mut infos: BTreeMap<String, Result<Option<FunctionInfo>, AwsError>>,
    mut logs: LogSearches,
) -> Result<FunctionsEvidence, AwsError> {
    let topology = reads.topology;
    let all_names: Vec<String> = listing.iter().map(|f| f.name.clone()).collect();
    let mut by_key = BTreeMap::new();
    for (key, spec) in &topology.functions {
        let name = resolve::resolve_unique("function", key, &spec.pattern, reads.stack, &all_names);
        let logging = match &name {
            Ok(Some(name)) => listing
                .iter()
                .find(|f| &f.name == name)
                .map(|f| f.logging.clone())
                .unwrap_or_default(),
            _ => LogConfig::default(),
        };
        by_key.insert(
            key.clone(),
            FunctionEvidence {
                name,
                info: Ok(None),
                logging,
            },
        );
    }
    let mut late: Work<'_> = FuturesUnordered::new();
    let mut groups = BTreeSet::new();
    for (key, f) in &by_key {
        let Some(name) = f.real_name().map(str::to_string) else {
            continue;
        };
        if !infos.contains_key(&name) {
            late.push(reads.info(name));
        }
        if needs_logs(topology, key, &f.logging) {
            groups.extend(f.log_group());
        }
    }
    for group in &groups {
        if !logs.contains_key(group) {
            late.push(reads.search(group.clone()));
        }
    }
    while let Some(done) = late.next().await {
        match done {
            Done::Info(name, info) => {
                infos.insert(name, info);
            }
            Done::Search(group, search) => {
                logs.insert(group, search);
            }
        }
    }
    for f in by_key.values_mut() {
        if let Some(info) = f.real_name().and_then(|name| infos.get(name)) {
            f.info = info.clone();
        }
    }
    // Early searches of a match that turned out ambiguous are not evidence.
    logs.retain(|group, _| groups.contains(group));
    Ok(FunctionsEvidence {
        all_names,
        by_key,
        logs,
    })
}

/// The two reads made per function: its configuration and its log group's search.
struct Reads<'a> {
    aws: &'a Aws,
    topology: &'a Topology,
    stack: &'a str,
    window: (i64, i64),
    budget: &'a SearchBudget,
    filter: Option<String>,
    classifier: Tally,
}

impl<'a> Reads<'a> {
    fn new(
        aws: &'a Aws,
        topology: &'a Topology,
        stack: &'a str,
        window: (i64, i64),
        budget: &'a SearchBudget,
    ) -> Reads<'a> {
        let phrases = pattern::verify_phrases(&topology.logs);
        Reads {
            aws,
            topology,
            stack,
            window,
            budget,
            filter: pattern::any_of(&phrases),
            classifier: Tally::new(&topology.logs),
        }
    }

    fn info(&self, name: String) -> Pin<Box<dyn Future<Output = Done> + Send + '_>> {
        Box::pin(async move {
            let info = functions::get_function(self.aws, &name).await;
            Done::Info(name, info)
        })
    }

    /// One search of `group` for every phrase (markers, errors, invocations) at once.
    fn search(&self, group: String) -> Pin<Box<dyn Future<Output = Done> + Send + '_>> {
        Box::pin(async move {
            let (start_ms, end_ms) = self.window;
            let request = SearchRequest {
                group: &group,
                pattern: self.filter.as_deref(),
                start_ms,
                end_ms,
            };
            let keep = |message: &str| {
                self.classifier.kind_of(&LambdaLine::parse(message)) != LineKind::Plain
            };
            let found = logs::search(self.aws, self.budget, request, keep).await;
            Done::Search(group, found)
        })
    }
}
