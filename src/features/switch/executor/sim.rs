//! A simulated Lambda for the executor's tests: writes go through `…ing` states that
//! settle after a number of reads, like AWS, and faults are injected per mapping;
//! functions report scripted states.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use crate::aws::AwsError;
use crate::aws::error::AwsErrorKind;
use crate::features::switch::events::{Event, Observer};
use crate::features::switch::fixtures::mapping;
use crate::features::switch::invocation_drain::{DrainProbe, Look};
use crate::features::switch::mapping_api::MappingApi;
use crate::features::switch::target::state::FunctionReader;
use crate::state::functions::FunctionInfo;
use crate::state::mapping_state::MappingState as S;
use crate::state::mappings::{MappingInfo, MappingSettings};

/// A simulated Lambda: writes go through `…ing` states that settle after `settle`
/// reads, like AWS; every write is checked against the one-consumer rule.
pub(super) struct Sim {
    pub(super) mappings: RefCell<BTreeMap<String, (MappingInfo, u32)>>,
    settle: u32,
    pub(super) calls: RefCell<Vec<String>>,
    pub(super) fail_enable: RefCell<Vec<String>>,
    /// Stuck in `Enabling` until a write to it is refused (AWS finishing late).
    pub(super) never_settle: RefCell<Vec<String>>,
    /// An enable of these settles back to Disabled (AWS gave up).
    pub(super) bounce: RefCell<Vec<String>>,
    /// Writes to these are refused (AccessDenied), nothing changes.
    pub(super) refuse: RefCell<Vec<String>>,
    /// Writes to these land, but the answer is an error (a lost response).
    pub(super) lose_answer: RefCell<Vec<String>>,
    /// (uuid, state): someone else sets this state right before the next listing.
    pub(super) meddle: RefCell<Option<(String, S)>>,
    /// Listings to let pass before `meddle` applies.
    pub(super) meddle_after: RefCell<u32>,
    /// `meddle` applies when this mapping is read, instead of at a listing.
    pub(super) meddle_on_get: RefCell<Option<String>>,
    /// A `fail_enable` mapping is deleted right after its enable fails (the IaC).
    pub(super) vanish_on_fail: RefCell<bool>,
    pub(super) violations: RefCell<Vec<String>>,
    /// What the drain's evidence says, look after look; Idle once used up.
    pub(super) drain_looks: RefCell<VecDeque<Look>>,
    /// Said for ever once `drain_looks` is used up, instead of Idle.
    pub(super) drain_forever: RefCell<Option<Look>>,
    /// The old consumers' timeout.
    pub(super) drain_timeout: RefCell<Option<Duration>>,
    /// What each function's reads answer, read after read, the last one repeated:
    /// `Some((State, LastUpdateStatus))`, or None for a deleted function. A function
    /// without a script is `Active`, its last update `Successful`.
    pub(super) function_states: RefCell<BTreeMap<String, VecDeque<FunctionAnswer>>>,
    /// Reads of these functions fail (throttled past the retries, say).
    pub(super) function_unreadable: RefCell<Vec<String>>,
}

/// One scripted read of a function: `(State, LastUpdateStatus)`, None when deleted.
pub(super) type FunctionAnswer = Option<(String, String)>;

fn not_found(uuid: &str) -> AwsError {
    AwsError {
        action: format!("reading {uuid}"),
        kind: AwsErrorKind::NotFound,
        code: Some("ResourceNotFoundException".into()),
        detail: "gone".into(),
    }
}

impl Sim {
    pub(super) fn new(maps: Vec<MappingInfo>, settle: u32) -> Sim {
        Sim {
            mappings: RefCell::new(maps.into_iter().map(|m| (m.uuid.clone(), (m, 0))).collect()),
            settle,
            calls: RefCell::new(Vec::new()),
            fail_enable: RefCell::new(Vec::new()),
            never_settle: RefCell::new(Vec::new()),
            bounce: RefCell::new(Vec::new()),
            refuse: RefCell::new(Vec::new()),
            lose_answer: RefCell::new(Vec::new()),
            meddle: RefCell::new(None),
            meddle_after: RefCell::new(0),
            meddle_on_get: RefCell::new(None),
            vanish_on_fail: RefCell::new(false),
            violations: RefCell::new(Vec::new()),
            drain_looks: RefCell::new(VecDeque::new()),
            drain_forever: RefCell::new(None),
            drain_timeout: RefCell::new(Some(Duration::from_millis(10))),
            function_states: RefCell::new(BTreeMap::new()),
            function_unreadable: RefCell::new(Vec::new()),
        }
    }

    /// Scripts what reads of `function` answer, in order (the last one repeated).
    pub(super) fn function_reads(&self, function: &str, answers: &[Option<(&str, &str)>]) {
        let answers = answers
            .iter()
            .map(|a| a.map(|(state, update)| (state.to_string(), update.to_string())))
            .collect();
        self.function_states
            .borrow_mut()
            .insert(function.to_string(), answers);
    }

    /// How many times `function` was read.
    pub(super) fn reads_of(&self, function: &str) -> usize {
        let call = format!("read {function}");
        self.calls.borrow().iter().filter(|c| **c == call).count()
    }

    pub(super) fn all(&self) -> Vec<MappingInfo> {
        self.mappings
            .borrow()
            .values()
            .map(|(m, _)| m.clone())
            .collect()
    }

    pub(super) fn state(&self, uuid: &str) -> S {
        self.mappings.borrow()[uuid].0.state.clone()
    }

    pub(super) fn writes(&self) -> Vec<String> {
        self.calls
            .borrow()
            .iter()
            .filter(|c| {
                !["get", "list", "look", "read"]
                    .iter()
                    .any(|read| c.starts_with(read))
            })
            .cloned()
            .collect()
    }

    /// At most one mapping per source may consume (settling states count).
    fn check_invariant(&self) {
        let maps = self.mappings.borrow();
        let mut per_source: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (m, _) in maps.values() {
            if consuming(&m.state) {
                per_source
                    .entry(&m.event_source_arn)
                    .or_default()
                    .push(&m.uuid);
            }
        }
        for (source, on) in per_source {
            if on.len() > 1 {
                self.violations
                    .borrow_mut()
                    .push(format!("{source}: {on:?}"));
            }
        }
    }

    fn tick(&self, uuid: &str) {
        let mut maps = self.mappings.borrow_mut();
        if let Some((m, reads)) = maps.get_mut(uuid) {
            *reads += 1;
            let stuck = m.state == S::Enabling && self.never_settle.borrow().contains(&m.uuid);
            if *reads >= self.settle && !stuck {
                if m.state == S::Enabling && self.bounce.borrow().contains(&m.uuid) {
                    m.state = S::Disabled;
                    m.state_transition_reason = Some("the function's role lacks access".into());
                    return;
                }
                m.state = match &m.state {
                    S::Enabling | S::Updating => S::Enabled,
                    S::Disabling => S::Disabled,
                    s => s.clone(),
                };
            }
        }
    }
}

impl MappingApi for Sim {
    async fn get(&self, uuid: &str) -> Result<MappingInfo, AwsError> {
        self.calls.borrow_mut().push(format!("get {uuid}"));
        if self.meddle_on_get.borrow().as_deref() == Some(uuid) {
            self.meddle_on_get.take();
            if let Some((other, state)) = self.meddle.take()
                && let Some((m, _)) = self.mappings.borrow_mut().get_mut(&other)
            {
                m.state = state;
            }
        }
        self.tick(uuid);
        self.mappings
            .borrow()
            .get(uuid)
            .map(|(m, _)| m.clone())
            .ok_or_else(|| not_found(uuid))
    }

    async fn list_for_source(&self, arn: &str) -> Result<Vec<MappingInfo>, AwsError> {
        self.calls.borrow_mut().push(format!("list {arn}"));
        // A meddle waiting for a read, or for later listings, does not apply yet.
        let wait = *self.meddle_after.borrow();
        let on_get = self.meddle_on_get.borrow().is_some();
        if wait > 0 && !on_get {
            *self.meddle_after.borrow_mut() = wait - 1;
        } else if !on_get
            && let Some((uuid, state)) = self.meddle.take()
            && let Some((m, _)) = self.mappings.borrow_mut().get_mut(&uuid)
        {
            m.state = state;
        }
        Ok(self
            .all()
            .into_iter()
            .filter(|m| m.event_source_arn == arn)
            .collect())
    }

    async fn set_enabled(&self, uuid: &str, enabled: bool) -> Result<MappingInfo, AwsError> {
        self.calls.borrow_mut().push(format!(
            "{} {uuid}",
            if enabled { "enable" } else { "disable" }
        ));
        let error = |kind, code: &str| AwsError {
            action: format!("updating {uuid}"),
            kind,
            code: Some(code.into()),
            detail: "injected".into(),
        };
        if enabled && self.fail_enable.borrow().iter().any(|u| u == uuid) {
            if *self.vanish_on_fail.borrow() {
                self.mappings.borrow_mut().remove(uuid);
            }
            return Err(error(AwsErrorKind::Service, "ServiceException"));
        }
        if self.refuse.borrow().iter().any(|u| u == uuid) {
            return Err(error(AwsErrorKind::AccessDenied, "AccessDeniedException"));
        }
        let result = {
            let mut maps = self.mappings.borrow_mut();
            let (m, reads) = maps.get_mut(uuid).ok_or_else(|| not_found(uuid))?;
            // Like Lambda: no update while one is in progress.
            if m.state.is_transitional() {
                self.never_settle.borrow_mut().retain(|u| u != uuid);
                return Err(error(AwsErrorKind::Conflict, "ResourceInUseException"));
            }
            m.state = if enabled { S::Enabling } else { S::Disabling };
            *reads = 0;
            m.clone()
        };
        self.check_invariant();
        if self.lose_answer.borrow().iter().any(|u| u == uuid) {
            return Err(error(AwsErrorKind::Service, "ServiceException"));
        }
        Ok(result)
    }

    async fn create(
        &self,
        function_name: &str,
        arn: &str,
        settings: &MappingSettings,
        enabled: bool,
    ) -> Result<MappingInfo, AwsError> {
        self.calls
            .borrow_mut()
            .push(format!("create {function_name}"));
        assert!(!enabled, "the executor creates mappings disabled");
        let uuid = format!("new-{function_name}");
        let mut m = mapping(
            &uuid,
            function_name,
            arn.rsplit(':').next().unwrap_or(arn),
            S::Creating,
        );
        m.batch_size = settings.batch_size;
        let response = m.clone();
        m.state = S::Disabled;
        self.mappings.borrow_mut().insert(uuid, (m, 0));
        Ok(response)
    }
}

/// The drain's evidence, scripted; each look is logged among the calls.
impl DrainProbe for Sim {
    async fn timeout(&self, _function_name: &str) -> Option<Duration> {
        *self.drain_timeout.borrow()
    }

    async fn look(&self, function_name: &str, _disabled_ms: i64, _timeout: Duration) -> Look {
        self.calls
            .borrow_mut()
            .push(format!("look {function_name}"));
        let scripted = self.drain_looks.borrow_mut().pop_front();
        scripted
            .or_else(|| self.drain_forever.borrow().clone())
            .unwrap_or(Look::Idle {
                why: "nothing running".into(),
            })
    }
}

/// Function configurations, scripted; each read is logged among the calls.
impl FunctionReader for Sim {
    async fn read(&self, name: &str) -> Result<Option<FunctionInfo>, AwsError> {
        self.calls.borrow_mut().push(format!("read {name}"));
        if self.function_unreadable.borrow().iter().any(|f| f == name) {
            return Err(AwsError {
                action: format!("reading Lambda function {name}"),
                kind: AwsErrorKind::Throttled,
                code: Some("TooManyRequestsException".into()),
                detail: "Rate exceeded".into(),
            });
        }
        let answer = match self.function_states.borrow_mut().get_mut(name) {
            Some(script) if script.len() > 1 => script.pop_front().flatten(),
            Some(script) => script.front().cloned().flatten(),
            None => Some(("Active".into(), "Successful".into())),
        };
        Ok(answer.map(|(state, update)| FunctionInfo {
            state: Some(state),
            last_update_status: Some(update),
            state_reason: Some("scripted".into()),
            last_update_status_reason: Some("scripted".into()),
            ..crate::fixtures::function(name, 60)
        }))
    }
}

/// At most one mapping per source may consume; `Disabling` still counts.
fn consuming(state: &S) -> bool {
    state.may_consume() || *state == S::Disabling
}

/// Keeps every event the executor reports.
#[derive(Debug, Default)]
pub(super) struct Recorder(Mutex<Vec<Event>>);

impl Recorder {
    pub(super) fn events(&self) -> Vec<Event> {
        self.0.lock().unwrap().clone()
    }
}

impl Observer for Recorder {
    fn event(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}
