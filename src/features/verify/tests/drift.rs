//! The drift checks against a hand-built IaC declaration: in sync passes, a rollback by
//! hand fails naming each difference (or warns under `--rolled-back`), and an IaC that
//! could not be read is one error while every other check still reports.

use crate::base::topology::{IacKind, IacReference, IacSource};
use crate::features::verify::evidence::{Evidence, IacEvidence};
use crate::features::verify::report::{CheckStatus, NotRun};
use crate::fixtures::{EMBED, EMBED_NDJSON, ENHANCED, LINES, WORDS, queue_arn};
use crate::state::iac::{DeclaredMapping, DesiredState};
use crate::state::mapping_state::MappingState;

use super::{check, healthy, report};

fn source() -> IacSource {
    IacSource {
        kind: IacKind::Pulumi,
        reference: IacReference::Stack("dev".into()),
    }
}

fn declared(resource: &str, uuid: &str, function: &str, queue: &str) -> DeclaredMapping {
    DeclaredMapping {
        resource: resource.into(),
        uuid: Some(uuid.into()),
        event_source_arn: Some(queue_arn(queue)),
        function_name: Some(function.into()),
        enabled: true,
        ..DeclaredMapping::default()
    }
}

/// The cutover as the IaC declares it (the fixture's healthy mappings).
fn with_iac(ev: &mut Evidence, rolled_back: bool) {
    ev.iac = Some(IacEvidence {
        source: source(),
        desired: Ok(DesiredState {
            source: source(),
            mappings: vec![
                declared("urn:lines", "m1", ENHANCED, LINES),
                declared("urn:words", "m2", ENHANCED, WORDS),
                declared("urn:embed", "m3", EMBED, EMBED_NDJSON),
            ],
            functions: Vec::new(),
        }),
        rolled_back,
    });
}

/// `lines`' consumer disabled by hand.
fn disable_lines(ev: &mut Evidence) {
    for m in ev.mappings.as_mut().unwrap() {
        if m.uuid == "m1" {
            m.state = MappingState::Disabled;
        }
    }
}

#[test]
fn without_an_iac_source_there_is_no_drift_check() {
    let (t, ev) = healthy();
    let r = report(&t, &ev);
    assert!(r.checks.iter().all(|c| !c.id.starts_with("drift")));
}

#[test]
fn the_live_consumers_as_declared_pass_one_check_per_queue() {
    let (t, mut ev) = healthy();
    with_iac(&mut ev, false);
    let r = report(&t, &ev);
    for key in ["lines", "words", "embed-ndjson"] {
        let c = check(&r, &format!("drift.{key}"));
        assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
        assert_eq!(
            c.summary(),
            "the live consumers are what the IaC (pulumi stack dev) declares"
        );
    }
    assert_eq!(r.status, CheckStatus::Pass);
}

#[test]
fn a_difference_fails_naming_it_and_warns_after_a_rollback() {
    let (t, mut ev) = healthy();
    with_iac(&mut ev, false);
    disable_lines(&mut ev);
    let r = report(&t, &ev);
    let c = check(&r, "drift.lines");
    assert_eq!(c.status, CheckStatus::Fail);
    assert_eq!(
        c.summary(),
        "1 difference from the IaC (pulumi stack dev): the next deploy changes this queue's consumers"
    );
    assert_eq!(
        c.details(),
        [format!(
            "{ENHANCED}: enabled: IaC enabled, live Disabled [urn:lines]"
        )]
    );
    assert_eq!(check(&r, "drift.words").status, CheckStatus::Pass);

    let (t, mut ev) = healthy();
    with_iac(&mut ev, true);
    disable_lines(&mut ev);
    let r = report(&t, &ev);
    assert_eq!(check(&r, "drift.lines").status, CheckStatus::Warn);
}

#[test]
fn an_iac_that_cannot_be_read_is_one_error_and_the_other_checks_still_run() {
    let (t, mut ev) = healthy();
    ev.iac = Some(IacEvidence {
        source: source(),
        desired: Err("`pulumi stack export --stack dev` failed (exit 255): no stack".into()),
        rolled_back: false,
    });
    let r = report(&t, &ev);
    let c = check(&r, "drift");
    assert_eq!(c.status, CheckStatus::Error);
    assert_eq!(
        c.summary(),
        "could not read the IaC (pulumi stack dev): `pulumi stack export --stack dev` failed (exit 255): no stack"
    );
    for key in ["lines", "words", "embed-ndjson"] {
        let c = check(&r, &format!("drift.{key}"));
        assert_eq!(c.status, CheckStatus::Skip);
        assert_eq!(c.not_run, Some(NotRun::SourceFailed));
    }
    let others: Vec<_> = r
        .checks
        .iter()
        .filter(|c| !c.id.starts_with("drift"))
        .collect();
    assert!(!others.is_empty());
    assert!(
        others.iter().all(|c| c.status == CheckStatus::Pass),
        "{others:?}"
    );
    assert_eq!(r.status, CheckStatus::Error);
}

#[test]
fn a_failed_listing_makes_the_drift_check_an_error() {
    let (t, mut ev) = healthy();
    with_iac(&mut ev, false);
    ev.mappings = Err(super::denied());
    let r = report(&t, &ev);
    assert_eq!(check(&r, "drift.queues").status, CheckStatus::Error);
}
