use std::sync::Mutex;

use super::*;
use crate::aws::AwsError;
use crate::state::mapping_state::MappingState;
use crate::state::mappings::MappingSettings;

const NOW: &str = "2026-11-29T12:00:00Z";

fn me() -> Holder {
    Holder {
        key: "ccx-lease-mine".into(),
        host: "here".into(),
        pid: 1,
    }
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_lease_value_reads_back() {
    let now: Timestamp = NOW.parse().unwrap();
    let value = me().value(now);
    assert_eq!(value, "until=2026-11-29T12:03:00Z host=here pid=1");
    let seen = Seen::parse("ccx-lease-x", &value);
    assert_eq!(seen.host.as_deref(), Some("here"));
    assert_eq!(seen.pid, Some(1));
    assert_eq!(seen.until, Some("2026-11-29T12:03:00Z".parse().unwrap()));
}

#[test]
fn expired_unreadable_and_dead_local_leases_are_not_live() {
    let now: Timestamp = NOW.parse().unwrap();
    let live = Seen::parse("k", "until=2026-11-29T12:01:00Z host=there pid=7");
    assert!(
        live.is_live(now, "here", |_| false),
        "another host: its pid is not ours to check"
    );
    let expired = Seen::parse("k", "until=2026-11-29T11:59:59Z host=there pid=7");
    assert!(!expired.is_live(now, "here", |_| true));
    assert!(!Seen::parse("k", "garbage").is_live(now, "here", |_| true));
    let local = Seen::parse("k", "until=2026-11-29T12:01:00Z host=here pid=7");
    assert!(
        !local.is_live(now, "here", |_| false),
        "its process is gone"
    );
    assert!(local.is_live(now, "here", |pid| pid == 7));
}

#[test]
fn other_leases_are_found_once_and_ours_and_other_tags_are_ignored() {
    let sets = [
        tags(&[
            ("ccx-lease-mine", "x"),
            ("team", "data"),
            ("ccx-lease-b", "until=x"),
        ]),
        tags(&[("ccx-lease-b", "until=x")]),
    ];
    let found = others(&sets, &me());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "ccx-lease-b");
}

/// Lambda's tags, shared by several "operators" in one test.
#[derive(Default)]
struct Tags(Mutex<BTreeMap<String, BTreeMap<String, String>>>);

fn mapping(uuid: &str) -> MappingInfo {
    MappingInfo {
        uuid: uuid.into(),
        function_arn: "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
        function_name: "f".into(),
        event_source_arn: "arn:aws:sqs:us-east-1:123456789012:q".into(),
        state: MappingState::Disabled,
        state_transition_reason: None,
        batch_size: None,
        maximum_batching_window_seconds: None,
        maximum_concurrency: None,
        function_response_types: Vec::new(),
        filter_patterns: Vec::new(),
        last_modified: None,
        last_processing_result: None,
        metrics: Vec::new(),
        provisioned_pollers: None,
    }
}

/// The mapping calls the lease never makes.
macro_rules! calls_the_lease_never_makes {
    () => {
        async fn get(&self, _uuid: &str) -> Result<MappingInfo, AwsError> {
            unimplemented!("not used by the lease")
        }
        async fn list_for_source(&self, _arn: &str) -> Result<Vec<MappingInfo>, AwsError> {
            unimplemented!("not used by the lease")
        }
        async fn set_enabled(&self, _uuid: &str, _on: bool) -> Result<MappingInfo, AwsError> {
            unimplemented!("not used by the lease")
        }
        async fn create(
            &self,
            _f: &str,
            _s: &str,
            _settings: &MappingSettings,
            _on: bool,
        ) -> Result<MappingInfo, AwsError> {
            unimplemented!("not used by the lease")
        }
    };
}

impl MappingApi for Tags {
    calls_the_lease_never_makes!();
    fn keeps_tags(&self) -> bool {
        true
    }
    async fn tags(&self, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
        Ok(self.0.lock().unwrap().get(arn).cloned().unwrap_or_default())
    }
    async fn tag(&self, arn: &str, key: &str, value: &str) -> Result<(), AwsError> {
        let mut all = self.0.lock().unwrap();
        all.entry(arn.into())
            .or_default()
            .insert(key.into(), value.into());
        Ok(())
    }
    async fn untag(&self, arn: &str, key: &str) -> Result<(), AwsError> {
        if let Some(tags) = self.0.lock().unwrap().get_mut(arn) {
            tags.remove(key);
        }
        Ok(())
    }
}

struct Collect(Mutex<Vec<String>>);
impl LeaseNotes for Collect {
    fn note(&self, text: String) {
        self.0.lock().unwrap().push(text);
    }
}

fn collect() -> Collect {
    Collect(Mutex::new(Vec::new()))
}

#[tokio::test]
async fn a_lease_is_written_on_every_mapping_and_released() {
    let api = Tags::default();
    let mappings = [mapping("a"), mapping("b")];
    let deadline = Instant::now() + Duration::from_secs(1);
    let Ok(Taken::Held(lease)) = acquire(&api, &mappings, deadline, &collect()).await else {
        panic!("the lease is free");
    };
    for m in &mappings {
        let arn = mapping_arn(m).unwrap();
        assert!(
            arn.ends_with(&format!(":event-source-mapping:{}", m.uuid)),
            "{arn}"
        );
        let tags = api.tags(&arn).await.unwrap();
        assert!(tags.contains_key(&holder().key), "{tags:?}");
    }
    release(&api, lease).await;
    assert!(api.0.lock().unwrap().values().all(BTreeMap::is_empty));
}

#[tokio::test]
async fn a_live_lease_of_another_run_is_waited_for_until_the_deadline() {
    let api = Tags::default();
    let mappings = [mapping("a")];
    let arn = mapping_arn(&mappings[0]).unwrap();
    let until = Timestamp::now() + jiff::SignedDuration::from_secs(60);
    let theirs = format!("until={until} host=elsewhere pid=9");
    api.tag(&arn, "ccx-lease-theirs", &theirs).await.unwrap();
    let notes = collect();
    let deadline = Instant::now() + Duration::from_millis(300);
    let busy = acquire(&api, &mappings, deadline, &notes)
        .await
        .unwrap_err();
    assert_eq!(busy.holder.host.as_deref(), Some("elsewhere"));
    let notes = notes.0.into_inner().unwrap();
    assert!(notes[0].contains("waiting for it"), "{notes:?}");
    let left = api.tags(&arn).await.unwrap();
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        ["ccx-lease-theirs"],
        "ours is withdrawn"
    );
}

#[tokio::test]
async fn an_expired_lease_is_removed_and_said() {
    let api = Tags::default();
    let mappings = [mapping("a")];
    let arn = mapping_arn(&mappings[0]).unwrap();
    let old = "until=2020-01-01T00:00:00Z host=elsewhere pid=9";
    api.tag(&arn, "ccx-lease-old", old).await.unwrap();
    let notes = collect();
    let deadline = Instant::now() + Duration::from_secs(1);
    assert!(matches!(
        acquire(&api, &mappings, deadline, &notes).await,
        Ok(Taken::Held(_))
    ));
    assert!(notes.0.into_inner().unwrap()[0].contains("stale switch lease"));
    let left = api.tags(&arn).await.unwrap();
    assert!(!left.contains_key("ccx-lease-old"));
}

#[tokio::test]
async fn without_tags_there_is_no_lease() {
    struct NoTags;
    impl MappingApi for NoTags {
        calls_the_lease_never_makes!();
    }
    let deadline = Instant::now() + Duration::from_secs(1);
    let taken = acquire(&NoTags, &[mapping("a")], deadline, &collect()).await;
    assert!(matches!(taken, Ok(Taken::Without(None))));
}
