//! The revision diff: snapshots of every output format for each pair of
//! consecutive revisions, the pages' change logs as a check, and bad inputs.

use sagemaker_codegen::diff::{self, RenderOptions, Severity};
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_tests::root;

fn pairs() -> Vec<(String, String)> {
    let models = pipeline::load_revision_models(&Workspace::new(root())).unwrap();
    models.windows(2).map(|w| (w[0].0.clone(), w[1].0.clone())).collect()
}

/// Keeps a snapshot readable: at most `lines` lines of at most 160 characters.
fn trim(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = all
        .iter()
        .take(lines)
        .map(|l| {
            if l.chars().count() > 160 {
                format!("{}…", l.chars().take(160).collect::<String>())
            } else {
                l.to_string()
            }
        })
        .collect();
    if all.len() > lines {
        out.push(format!("… {} more lines", all.len() - lines));
    }
    out.join("\n")
}

#[test]
fn snapshots_of_every_format_for_each_consecutive_pair() {
    let layout = Workspace::new(root());
    for (old, new) in pairs() {
        let (_, old_model) = pipeline::load_model_spec(&layout, &old).unwrap();
        let (_, new_model) = pipeline::load_model_spec(&layout, &new).unwrap();
        let report = diff::compare(&old, &old_model, &new, &new_model);
        let options = RenderOptions { docs: false, color: false, changes_view: true };
        let name = format!("{old}_to_{new}");
        insta::assert_snapshot!(format!("{name}_text"), trim(&diff::render_text(&report, &new_model, &options), 60));
        insta::assert_snapshot!(
            format!("{name}_markdown"),
            trim(&diff::render_markdown(&report, &new_model, &options), 30)
        );
        let json = diff::render_json(&report, &options);
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            parsed["changes"].as_array().unwrap().len(),
            report.changes.iter().filter(|c| c.kind.name() != "documentation-changed").count()
        );
        insta::assert_snapshot!(format!("{name}_json"), trim(&json, 120));
    }
}

/// Breaking changes the diff reports that no release page of their interval
/// shows, each a real change of the API, with why the pages miss it.
const ACCEPTED_UNEXPLAINED_BREAKING: &[(&str, &str)] = &[
    (
        "2020-02-26 → 2020-03-26: enum FlowDefinitionStatus lost Deleted at ListFlowDefinitions response \
         FlowDefinitionSummaries.FlowDefinitionStatus: operation not listed",
        "the 2020-03-26 page drops Deleted from DescribeFlowDefinition's status and does not list \
         ListFlowDefinitions; every date whose pages show both operations shows one enum at both",
    ),
    (
        "2024-02-15 → 2024-02-28: enum AppType lost VSCode, Savitur, RSession, DatasetManager, SageMakerLite, \
         Local at CreateApp request AppType: operation not listed",
        "no release page is dated after 2024-02-15; the 2024-02-28 reference pages show the enum in full \
         without the values the 2023-12-15 release added",
    ),
    (
        "2024-02-15 → 2024-02-28: enum AppTypeEquals lost VSCode, Savitur at ListStudioLifecycleConfigs request \
         AppTypeEquals: operation not listed",
        "as AppType: the 2024-02-28 reference pages show the enum in full without them",
    ),
    (
        "2024-02-15 → 2024-02-28: enum StudioLifecycleConfigAppType lost VSCode, Savitur at \
         CreateStudioLifecycleConfig request StudioLifecycleConfigAppType: operation not listed",
        "as AppType: the 2024-02-28 reference pages show the enum in full without them",
    ),
];

#[test]
fn the_pages_explain_the_diff_both_ways() {
    let layout = Workspace::new(root());
    let (sources, revisions) = pipeline::reconstruct_history(&layout).unwrap();
    // Recall: every change the pages list appears in the diff.
    let report = diff::verify_changelog(&sources.pages, &revisions);
    assert!(report.missing.is_empty(), "missing from the diff:\n{}", report.missing.join("\n"));
    assert!(report.blocks >= 500 && report.items >= 1000, "{report:?}");
    assert_eq!(report.matched, report.items);
    // Precision: every breaking change the diff reports is one a page shows, or
    // an accepted exception; an exception the pages come to explain is dropped.
    let pairs = diff::verify_precision(&sources.pages, &revisions);
    assert_eq!(pairs.len(), revisions.len() - 1);
    let breaking: Vec<String> = pairs
        .iter()
        .flat_map(|p| &p.unexplained)
        .filter(|e| e.severity == Severity::Breaking)
        .map(|e| e.line.clone())
        .collect();
    let accepted: Vec<String> = ACCEPTED_UNEXPLAINED_BREAKING.iter().map(|(line, _)| line.to_string()).collect();
    assert_eq!(breaking, accepted, "unexplained breaking entries differ from the accepted exceptions");
    let (explained, unexplained) = pairs.iter().map(|p| p.totals(None)).fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    assert!(explained > 2 * unexplained / 3 && explained > 2000, "{explained} explained, {unexplained} not");
}

#[test]
fn the_diff_of_a_revision_with_itself_is_empty_and_fails_nothing() {
    let layout = Workspace::new(root());
    let (label, model) = pipeline::load_model_spec(&layout, "2024-02-28").unwrap();
    let report = diff::compare(&label, &model, &label, &model);
    assert!(report.changes.is_empty());
    assert_eq!(report.worst(true), None);
}

#[test]
fn breaking_changes_are_found_between_real_revisions() {
    let layout = Workspace::new(root());
    let (_, old) = pipeline::load_model_spec(&layout, "2019-10-24").unwrap();
    let (_, new) = pipeline::load_model_spec(&layout, "2020-12-01").unwrap();
    let report = diff::compare("2019-10-24", &old, "2020-12-01", &new);
    assert!(report.count(Severity::Safe, false) > 50);
    assert!(report.changes.iter().any(|c| c.kind.name() == "operation-added"));
}

#[test]
fn unknown_revisions_and_bad_files_are_clear_errors() {
    let layout = Workspace::new(root());
    let e = pipeline::load_model_spec(&layout, "2001-01-01").unwrap_err().to_string();
    assert!(e.contains("2001-01-01") && e.contains("2017-11-29"), "{e}");
    let e = pipeline::load_model_spec(&layout, "no/such/file.json").unwrap_err().to_string();
    assert!(e.starts_with("no/such/file.json"), "{e}");
    let bad = std::env::temp_dir().join(format!("diff-bad-{}.json", std::process::id()));
    std::fs::write(
        &bad,
        r#"{"smithy": "2.0", "shapes": {"a#B": {"type": "structure", "members": {"X": {"target": "a#Missing"}}}}}"#,
    )
    .unwrap();
    let e = pipeline::load_model_spec(&layout, bad.to_str().unwrap()).unwrap_err().to_string();
    std::fs::remove_file(&bad).unwrap();
    assert!(e.contains("a#Missing"), "{e}");
}

/// Published Smithy models of other awsJson 1.1 services (`../shared/smithy-models`):
/// the loader, the validator and the diff take them, prelude and AWS traits and
/// resources included, and a model written back reads the same.
#[test]
fn published_models_of_other_services_load_validate_and_diff() {
    let dir = root().join("../shared/smithy-models");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the shared test models sit beside the checkout)", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let shown = path.display().to_string();
        let model = sagemaker_codegen::smithy::load(&path, &shown).unwrap_or_else(|e| panic!("{e}"));
        let again = sagemaker_codegen::smithy::from_json(
            &shown,
            &serde_json::from_str(&sagemaker_codegen::smithy::to_json(&model)).unwrap(),
        )
        .unwrap();
        assert_eq!(model, again, "{shown} reads back the same");
        assert!(diff::compare("a", &model, "b", &model).changes.is_empty(), "{shown}");
        assert!(!model.operations().is_empty(), "{shown}");
    }
    // Operations bound to resources count as the service's.
    let identity = sagemaker_codegen::smithy::load(&dir.join("identitystore.json"), "identitystore.json").unwrap();
    assert!(
        identity.operations().iter().any(|op| op.ends_with("#CreateGroupMembership")),
        "{:?}",
        identity.operations()
    );
}
