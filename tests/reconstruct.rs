//! Reconstruction: the checked-in revisions are fresh, output is deterministic,
//! the per-revision summary, and bad manifests.

use sagemaker_codegen::fsutil::{self, Status};
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_codegen::reconstruct::{Revision, Stats};
use sagemaker_codegen::smithy::{Model, ShapeKind};
use sagemaker_tests::root;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn layout() -> Workspace {
    Workspace::new(root())
}

/// The published revisions, as `cargo xtask codegen` reconstructs them.
fn published() -> Vec<Revision> {
    let l = layout();
    pipeline::reconstruct(&l.manifest(), &l.service(), &[]).unwrap().1
}

fn revision(date: &str) -> Revision {
    let l = layout();
    pipeline::reconstruct(&l.manifest(), &l.service(), &[date.to_string()]).unwrap().1.remove(0)
}

const NS: &str = "com.amazonaws.sagemaker#";

/// The target of `member` in shape `shape` (both by name).
fn target<'m>(model: &'m Model, shape: &str, member: &str) -> &'m str {
    let members =
        model.shapes[&format!("{NS}{shape}")].kind.members().unwrap_or_else(|| panic!("{shape} has no members"));
    members.get(member).unwrap_or_else(|| panic!("{shape} has no {member}")).target.as_str()
}

/// The target at a member path from a shape, looking through lists and maps.
fn path_target<'m>(model: &'m Model, shape: &str, path: &[&str]) -> &'m str {
    let mut id = format!("{NS}{shape}");
    let mut found: &'m str = "";
    for name in path {
        loop {
            match &model.shapes[&id].kind {
                ShapeKind::List(m) => id = m.target.clone(),
                ShapeKind::Map { value, .. } => id = value.target.clone(),
                _ => break,
            }
        }
        let members = model.shapes[&id].kind.members().unwrap_or_else(|| panic!("{id} has no members"));
        found = members.get(*name).unwrap_or_else(|| panic!("{id} has no {name}")).target.as_str();
        id = found.to_string();
    }
    found
}

fn member_names(model: &Model, id: &str) -> Vec<String> {
    model.shapes[id].kind.members().unwrap().keys().cloned().collect()
}

/// rust-analyzer style: fails when `model/revisions/` differs from what the sources produce.
#[test]
fn checked_in_revisions_are_fresh() {
    let l = layout();
    let revisions = published();
    assert_eq!(
        revisions.iter().map(|r| r.date.as_str()).collect::<Vec<_>>(),
        ["2018-01-17", "2019-10-24", "2020-12-01", "2023-05-22", "2024-02-28"],
        "model/revisions holds exactly the published revisions"
    );
    let outputs = pipeline::revision_outputs(&revisions, &l.revisions_dir());
    let report = fsutil::sync(&outputs, &[(l.revisions_dir(), "json")], true).unwrap();
    let stale: Vec<String> = report
        .iter()
        .filter(|(_, s)| *s != Status::Unchanged)
        .map(|(p, s)| format!("{} ({s:?})", p.display()))
        .collect();
    assert!(stale.is_empty(), "model/revisions is stale; run `cargo xtask codegen`:\n{}", stale.join("\n"));
}

#[test]
fn reconstruction_is_deterministic() {
    let a = pipeline::revision_outputs(&published(), Path::new("x"));
    let b = pipeline::revision_outputs(&published(), Path::new("x"));
    assert_eq!(a, b);
    // A revision is the same whichever others are reconstructed with it.
    let alone = pipeline::revision_outputs(&[revision("2023-05-22")], Path::new("x"));
    assert_eq!(alone[0], a[3]);
}

#[test]
fn revision_summary() {
    let revisions = published();
    let mut out = String::new();
    for r in &revisions {
        let s = Stats::of(&r.model);
        let _ = writeln!(
            out,
            "{}: {} operations, {} structures, {} enums, {} lists, {} maps, {} members, {} warnings, {} recovered",
            r.date,
            s.operations,
            s.structures,
            s.enums,
            s.lists,
            s.maps,
            s.members,
            r.warnings.len(),
            r.recovered.len()
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn only_equal_shapes_are_one_shape() {
    let r = revision("2024-02-28");
    let m = &r.model;
    // The transform job's data source has only an S3 source of two members; the
    // training channel's has more. They are two shapes, whatever their names.
    let transform = target(m, "TransformInput", "DataSource");
    let channel = path_target(m, "CreateTrainingJobInput", &["InputDataConfig", "DataSource"]);
    assert_ne!(transform, channel);
    let transform_s3 = &m.shapes[transform].kind.members().unwrap()["S3DataSource"].target;
    assert_eq!(member_names(m, transform_s3), ["S3DataType", "S3Uri"]);
    // The artifact's source and the action's source differ too.
    let artifact = target(m, "CreateArtifactInput", "Source");
    let action = target(m, "CreateActionInput", "Source");
    assert_ne!(artifact, action);
    assert!(member_names(m, artifact).contains(&"SourceTypes".to_string()));
    assert!(!member_names(m, action).contains(&"SourceTypes".to_string()));
    // The model package's validation profile has no training job definition.
    let package =
        path_target(m, "CreateModelPackageInput", &["ValidationSpecification", "ValidationProfiles"]).to_string();
    let ShapeKind::List(item) = &m.shapes[&package].kind else { panic!("{package}") };
    assert_eq!(member_names(m, &item.target), ["ProfileName", "TransformJobDefinition"]);
    // The same shape on the request and the response is one shape, and its
    // required flags come from the request side.
    let create = target(m, "CreateTrainingJobInput", "ResourceConfig");
    assert_eq!(create, target(m, "DescribeTrainingJobOutput", "ResourceConfig"));
    let rc = m.shapes[create].kind.members().unwrap();
    assert!(rc["VolumeSizeInGB"].is_required());
    // Training and notebook instance types share most values but are distinct enums.
    assert_ne!(target(m, "CreateNotebookInstanceInput", "InstanceType"), rc["InstanceType"].target);
    let list = &m.shapes[&format!("{NS}ListPipelineExecutions")].traits["smithy.api#paginated"];
    assert_eq!(list["items"], "PipelineExecutionSummaries");
}

#[test]
fn a_shape_keeps_its_name_across_revisions() {
    let revisions = published();
    // The places keep their names from 2019 on, through hundreds of pages that
    // change these shapes' members and values.
    for (shape, path) in [
        ("CreateTrainingJobInput", &["AlgorithmSpecification"][..]),
        ("CreateTrainingJobInput", &["ResourceConfig", "InstanceType"]),
        ("CreateEndpointConfigInput", &["ProductionVariants"]),
        ("DescribeModelPackageOutput", &["InferenceSpecification", "Containers"]),
        ("DescribeTrainingJobOutput", &["SecondaryStatus"]),
        ("DescribeTrainingJobOutput", &["SecondaryStatusTransitions"]),
        ("CreateTrainingJobInput", &["OutputDataConfig"]),
    ] {
        let names: Vec<&str> = revisions[1..]
            .iter()
            .map(|r| sagemaker_codegen::smithy::shape_name(path_target(&r.model, shape, path)))
            .collect();
        assert!(names.windows(2).all(|w| w[0] == w[1]), "{shape} {path:?}: {names:?}");
    }
}

#[test]
fn shapes_that_a_page_shows_apart_are_two_from_the_start_and_named_by_the_text_or_place() {
    let revisions = published();
    let names = |r: &Revision, shape: &str, path: &[&str]| {
        sagemaker_codegen::smithy::shape_name(path_target(&r.model, shape, path)).to_string()
    };
    // AutoML's output config never had the training job's CompressionType; a
    // same-day page shows them apart, so they are two shapes in every revision.
    for r in revisions.iter().filter(|r| r.date.as_str() >= "2020-12-01") {
        let automl = names(r, "CreateAutoMLJobInput", &["OutputDataConfig"]);
        assert_ne!(automl, names(r, "CreateTrainingJobInput", &["OutputDataConfig"]), "{}", r.date);
        assert_eq!(automl, "CreateAutoMLJobOutputDataConfig", "{}", r.date);
    }
    // The place's own name, not one the Search response's older view forced.
    let newest = revisions.last().unwrap();
    assert_eq!(names(newest, "DescribeTrainingJobOutput", &["SecondaryStatus"]), "SecondaryStatus");
    assert_eq!(names(newest, "CreateTrainingJobInput", &["AlgorithmSpecification"]), "AlgorithmSpecification");
    // No published pair reports a member whose shape changed: only a real change
    // of kind or target may.
    for pair in revisions.windows(2) {
        let report = sagemaker_codegen::diff::compare(&pair[0].date, &pair[0].model, &pair[1].date, &pair[1].model);
        let retyped: Vec<String> =
            report.changes.iter().filter(|c| c.kind.name() == "type-changed").map(|c| format!("{c:?}")).collect();
        assert!(retyped.is_empty(), "{} → {}: {retyped:#?}", pair[0].date, pair[1].date);
    }
}

#[test]
fn documentation_keeps_the_paragraphs_the_service_wrote() {
    let r = revision("2024-02-28");
    let doc = |shape: &str, member: &str| {
        let members = r.model.shapes[&format!("{NS}{shape}")].kind.members().unwrap();
        members[member].documentation().unwrap().to_string()
    };
    // The reference page runs these paragraphs together ("…your model.For all
    // other jobs…", "in the job request,MaxRuntimeInSeconds").
    let max_runtime = doc("StoppingCondition", "MaxRuntimeInSeconds");
    assert_eq!(max_runtime.matches("<p>").count(), 4, "{max_runtime}");
    assert!(max_runtime.contains("based on your model.</p><p>For all other jobs"), "{max_runtime}");
    assert!(max_runtime.contains("in the job request, MaxRuntimeInSeconds specifies"), "{max_runtime}");
    // Bullets stay bullets.
    let association = doc("AddAssociationInput", "AssociationType");
    assert!(association.contains("<ul><li><p>ContributedTo"), "{association}");
}

#[test]
fn unions_recursion_errors_and_documents_come_from_the_pages() {
    let r = revision("2024-02-28");
    let m = &r.model;
    // `This is a Tagged Union structure.`
    let problem = target(m, "CreateAutoMLJobV2Input", "AutoMLProblemTypeConfig");
    assert!(matches!(m.shapes[problem].kind, ShapeKind::Union(_)), "{problem}");
    // `{'... recursive ...'}`: SearchExpression.SubExpressions holds SearchExpressions.
    let expression = target(m, "SearchInput", "SearchExpression");
    let sub = target(m, sagemaker_codegen::smithy::shape_name(expression), "SubExpressions");
    let ShapeKind::List(item) = &m.shapes[sub].kind else { panic!("{sub}") };
    assert_eq!(item.target, expression);
    // `Exceptions` on the reference pages.
    let ShapeKind::Operation { errors, .. } = &m.shapes[&format!("{NS}DescribeTrainingJob")].kind else { panic!() };
    assert!(errors.iter().any(|e| e.ends_with("#ResourceNotFound")), "{errors:?}");
    let error = &m.shapes[&format!("{NS}ResourceNotFound")];
    assert!(error.traits.contains_key("smithy.api#error"));
    // The operation name the boto3 pages spell `describe_auto_ml_job_v2`.
    assert!(m.shapes.contains_key(&format!("{NS}DescribeAutoMLJobV2")));
    // The Search response is too large to render on the newer pages: it is taken from an
    // older page that shows it, with a warning naming the line.
    assert!(member_names(m, &format!("{NS}SearchOutput")).contains(&"Results".to_string()));
    assert!(r.warnings.iter().any(|w| w.message.contains("too large to render") && w.message.contains("taken from")));
}

#[test]
fn the_lossy_page_recovers_facts_from_other_pages() {
    let r = revision("2019-10-24");
    let input = &r.model.shapes[&format!("{NS}CreateAlgorithmInput")];
    let ShapeKind::Structure(members) = &input.kind else { panic!() };
    assert!(members["AlgorithmName"].is_required(), "required flag recovered from another page");
    assert_eq!(members["CertifyForMarketplace"].target, "smithy.api#Boolean");
}

#[test]
fn any_date_can_be_reconstructed_on_demand() {
    let r = revision("2021-06-15");
    assert_eq!(r.date, "2021-06-15");
    let ops = Stats::of(&r.model).operations;
    assert!(ops > 201 && ops < 302, "{ops}");
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("sagemaker-tests-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn manifest(dir: &Path, json: &str) -> PathBuf {
    let path = dir.join("sources.json");
    std::fs::write(&path, json).unwrap();
    path
}

#[test]
fn a_manifest_naming_a_missing_file_fails_with_its_json_path() {
    let t = TempDir::new("missing");
    let m = manifest(&t.0, r#"{"pages": [{"file": "nowhere.txt"}]}"#);
    let e = pipeline::reconstruct(&m, &layout().service(), &[]).unwrap_err();
    assert!(e.to_string().contains("$.pages[0].file") && e.to_string().contains("nowhere.txt"), "{e}");
}

#[test]
fn of_two_pages_of_one_date_the_one_that_shows_more_is_taken() {
    let t = TempDir::new("duplicate");
    let src = root().join("model/sources");
    std::fs::copy(src.join("boto3/2024-02-28/create_algorithm.txt"), t.0.join("a.txt")).unwrap();
    std::fs::copy(src.join("changes/2019-10-24.txt"), t.0.join("b.txt")).unwrap();
    let m = manifest(&t.0, r#"{"pages": [{"file": "b.txt"}, {"file": "a.txt", "revision": "2019-10-24"}]}"#);
    let (_, revisions) = pipeline::reconstruct(&m, &layout().service(), &[]).unwrap();
    let op = &revisions[0].model.shapes[&format!("{NS}CreateAlgorithm")];
    assert_eq!(op.traits["com.amazonaws.sagemaker.reconstruction#provenance"]["page"], "a.txt");
}

#[test]
fn an_undated_page_without_a_revision_fails() {
    let t = TempDir::new("undated");
    std::fs::copy(root().join("model/sources/boto3/2024-02-28/create_algorithm.txt"), t.0.join("p.txt")).unwrap();
    let m = manifest(&t.0, r#"{"pages": [{"file": "p.txt"}]}"#);
    let e = pipeline::reconstruct(&m, &layout().service(), &[]).unwrap_err();
    assert!(e.to_string().contains("$.pages[0]") && e.to_string().contains("states no date"), "{e}");
}

#[test]
fn a_failed_run_leaves_good_output_untouched() {
    let t = TempDir::new("untouched");
    let out = t.0.join("out");
    let l = layout();
    let good = pipeline::revision_outputs(&[revision("2018-01-17")], &out);
    fsutil::sync(&good, &[], false).unwrap();
    let before: Vec<String> = good.iter().map(|o| std::fs::read_to_string(&o.path).unwrap()).collect();
    // A manifest that names a missing page: the run fails before it writes anything.
    let m = manifest(&t.0, r#"{"pages": [{"file": "nowhere.txt"}]}"#);
    let e = pipeline::reconstruct(&m, &l.service(), &[]).unwrap_err();
    assert!(e.to_string().contains("nowhere.txt"), "{e}");
    let after: Vec<String> = good.iter().map(|o| std::fs::read_to_string(&o.path).unwrap()).collect();
    assert_eq!(before, after);
}

#[test]
fn a_page_that_cannot_be_read_is_skipped_with_its_line() {
    let t = TempDir::new("cut");
    let text = std::fs::read_to_string(root().join("model/sources/changes/2018-01-17.txt")).unwrap();
    let cut: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
    std::fs::write(t.0.join("cut.txt"), format!("{cut}\n")).unwrap();
    std::fs::copy(root().join("model/sources/changes/2019-10-24.txt"), t.0.join("good.txt")).unwrap();
    let m = manifest(&t.0, r#"{"pages": [{"file": "cut.txt"}, {"file": "good.txt"}]}"#);
    let (sources, revisions) = pipeline::reconstruct(&m, &layout().service(), &[]).unwrap();
    assert_eq!(revisions.len(), 1);
    assert!(sources.skipped.iter().any(|w| w.to_string().contains("cut.txt:")), "{:?}", sources.skipped);
}

/// Mismatches the round trip accepts, each with its reason: `(operation, path, why)`.
/// None today; an entry here must say why the pages cannot be given back.
const ACCEPTED_MISMATCHES: &[(&str, &str, &str)] = &[];

/// Two request sides that show the same members but mark different ones
/// `[REQUIRED]` are two shapes (the processing and monitoring S3 outputs).
#[test]
fn different_required_marks_on_two_request_sides_are_two_shapes() {
    let r = revision("2024-02-28");
    let m = &r.model;
    let processing = path_target(m, "CreateProcessingJobInput", &["ProcessingOutputConfig", "Outputs", "S3Output"]);
    let monitoring = path_target(
        m,
        "CreateMonitoringScheduleInput",
        &[
            "MonitoringScheduleConfig",
            "MonitoringJobDefinition",
            "MonitoringOutputConfig",
            "MonitoringOutputs",
            "S3Output",
        ],
    );
    assert_ne!(processing, monitoring);
    let required = |id: &str| m.shapes[id].kind.members().unwrap()["S3UploadMode"].is_required();
    assert!(required(processing));
    assert!(!required(monitoring));
}

/// For every operation on every page, the model at the page's date gives back
/// what the page shows, less what its layout lost.
#[test]
fn every_page_round_trips_through_its_revision() {
    let (sources, revisions) = pipeline::reconstruct_history(&layout()).unwrap();
    let report = sagemaker_codegen::roundtrip::check(&sources.pages, &revisions);
    let unexpected: Vec<String> = report
        .mismatches
        .iter()
        .filter(|m| !ACCEPTED_MISMATCHES.iter().any(|(op, path, _)| m.operation == *op && m.path == *path))
        .map(|m| m.to_string())
        .collect();
    assert!(unexpected.is_empty(), "{} mismatches:\n{}", unexpected.len(), unexpected.join("\n"));
    let mut counts = String::new();
    for (layout, c) in &report.by_layout {
        let _ = writeln!(
            counts,
            "{}: {} pages, {} operations, {} checked, {} mismatches",
            layout.name(),
            c.pages,
            c.operations,
            c.checked,
            c.mismatches
        );
    }
    insta::assert_snapshot!(counts);
    // Every layout is exercised, and the checks cover the corpus.
    assert_eq!(report.by_layout.len(), 4);
    assert!(report.by_layout.values().map(|c| c.checked).sum::<usize>() > 90_000);
}

/// A merged shape shows up at once: a page whose member the model lacks.
#[test]
fn the_round_trip_finds_a_member_the_model_lacks() {
    let (sources, mut revisions) = pipeline::reconstruct_history(&layout()).unwrap();
    let r = revisions.iter_mut().find(|r| r.date == "2024-02-28").unwrap();
    let id = target(&r.model, "CreateTrainingJobInput", "ResourceConfig").to_string();
    if let Some(ShapeKind::Structure(members)) = r.model.shapes.get_mut(&id).map(|s| &mut s.kind) {
        members.shift_remove("VolumeSizeInGB");
    }
    let report = sagemaker_codegen::roundtrip::check(&sources.pages, &revisions);
    assert!(report.mismatches.iter().any(|m| m.path.ends_with("VolumeSizeInGB") && m.operation == "CreateTrainingJob"));
}

/// The flattened layout drops Note boxes, and with them the tagged-union mark:
/// another page of the operation proves it.
#[test]
fn a_flattened_page_recovers_a_union_from_another_page() {
    let t = TempDir::new("union");
    let reference = "SageMaker / Client / create_thing\ncreate_thing#\n- SageMaker.Client.create_thing(**kwargs)#\nCreates a thing.\n\
See also: AWS API Documentation\nRequest Syntax\nresponse = client.create_thing( ThingName='string', Config={ 'Text': { 'Column': 'string' }, 'Image': { 'Size': 123 } } )\n\
- Parameters:\nThingName (string) –\n[REQUIRED]\nThe name.\nConfig (dict) –\nThe config.\nNote\n\
This is a Tagged Union structure. Only one of the following top level keys can be set: Text, Image.\n\
Text (dict) –\nText settings.\nColumn (string) –\nThe column.\nImage (dict) –\nImage settings.\nSize (integer) –\nThe size.\n\
- Return type:\ndict\n- Returns:\nResponse Syntax\n{ 'ThingArn': 'string' }\nResponse Structure\n(dict) –\nThingArn (string) –\nThe ARN.\n";
    let flattened = "2023/06/01 - Amazon SageMaker Service - 1 updated api methods\nChanges Update sagemaker client\n{'ThingName': 'string'}\n\
Creates a thing.\nSee also: AWS API Documentation\nRequest Syntax\n\
client.create_thing( ThingName='string', Config={ 'Text': { 'Column': 'string' }, 'Image': { 'Size': 123 } } )\n\
string\n[REQUIRED]\nThe name.\ndict\nThe config.\nText (dict) --\nText settings.\nColumn (string) --\nThe column.\n\
Image (dict) --\nImage settings.\nSize (integer) --\nThe size.\ndict\nResponse Syntax\n{ 'ThingArn': 'string' }\n\
Response Structure\n(dict) --\nThingArn (string) --\nThe ARN.\n";
    std::fs::write(t.0.join("reference.txt"), reference).unwrap();
    std::fs::write(t.0.join("flattened.txt"), flattened).unwrap();
    let m = manifest(
        &t.0,
        r#"{"pages": [{"file": "reference.txt", "revision": "2023-05-22"}, {"file": "flattened.txt"}]}"#,
    );
    let (_, revisions) = pipeline::reconstruct(&m, &layout().service(), &["2023-06-01".to_string()]).unwrap();
    let model = &revisions[0].model;
    let op = &model.shapes[&format!("{NS}CreateThing")];
    assert_eq!(op.traits["com.amazonaws.sagemaker.reconstruction#provenance"]["page"], "flattened.txt");
    let config = target(model, "CreateThingInput", "Config");
    assert!(matches!(model.shapes[config].kind, ShapeKind::Union(_)), "{:?}", model.shapes[config].kind);
    assert!(revisions[0].recovered.iter().any(|r| r.what.contains("tagged union")), "{:?}", revisions[0].recovered);
}
