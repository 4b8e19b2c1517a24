//! Reconstruction: the checked-in revisions are fresh, output is deterministic,
//! the per-revision summary, and bad manifests.

use sagemaker_codegen::fsutil::{self, Status};
use sagemaker_codegen::pipeline::{self, Layout};
use sagemaker_codegen::reconstruct::Stats;
use sagemaker_tests::root;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn layout() -> Layout {
    Layout::new(root())
}

/// rust-analyzer style: fails when `model/revisions/` differs from what the sources produce.
#[test]
fn checked_in_revisions_are_fresh() {
    let l = layout();
    let revisions = pipeline::reconstruct(&l.manifest(), &l.service()).unwrap();
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
    let l = layout();
    let a = pipeline::revision_outputs(&pipeline::reconstruct(&l.manifest(), &l.service()).unwrap(), Path::new("x"));
    let b = pipeline::revision_outputs(&pipeline::reconstruct(&l.manifest(), &l.service()).unwrap(), Path::new("x"));
    assert_eq!(a, b);
}

#[test]
fn revision_summary() {
    let l = layout();
    let revisions = pipeline::reconstruct(&l.manifest(), &l.service()).unwrap();
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
fn shared_shapes_follow_the_newest_page() {
    let l = layout();
    let revisions = pipeline::reconstruct(&l.manifest(), &l.service()).unwrap();
    let r2020 = revisions.iter().find(|r| r.date == "2020-12-01").unwrap();
    let text = sagemaker_codegen::smithy::to_json(&r2020.model);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shapes = &v["shapes"];
    // CreateTrainingJob is only on the 2018 page, DescribeTrainingJob also on 2020's:
    // both use the one ResourceConfig, as the 2020 page shows it.
    let create = &shapes["com.amazonaws.sagemaker#CreateTrainingJobInput"]["members"]["ResourceConfig"]["target"];
    let describe = &shapes["com.amazonaws.sagemaker#DescribeTrainingJobOutput"]["members"]["ResourceConfig"]["target"];
    assert_eq!(create, describe);
    let rc = &shapes[create.as_str().unwrap()]["members"];
    assert!(rc.get("VolumeKmsKeyId").is_some() && rc.get("InstanceCount").is_some(), "{rc}");
    assert!(
        rc["InstanceCount"]["traits"].get("smithy.api#required").is_some(),
        "required flags come from the request side"
    );
    // Training and notebook instance types share most values but are distinct enums.
    let notebook = &shapes["com.amazonaws.sagemaker#CreateNotebookInstanceInput"]["members"]["InstanceType"]["target"];
    assert_ne!(notebook, &rc["InstanceType"]["target"]);
    // Paginated list operations.
    let list = &shapes["com.amazonaws.sagemaker#ListPipelineExecutions"]["traits"]["smithy.api#paginated"];
    assert_eq!(list["items"], "PipelineExecutionSummaries");
}

#[test]
fn the_lossy_page_recovers_facts_from_other_pages() {
    let l = layout();
    let revisions = pipeline::reconstruct(&l.manifest(), &l.service()).unwrap();
    let r = revisions.iter().find(|r| r.date == "2019-10-24").unwrap();
    let input = &r.model.shapes["com.amazonaws.sagemaker#CreateAlgorithmInput"];
    let sagemaker_codegen::smithy::ShapeKind::Structure(members) = &input.kind else { panic!() };
    assert!(members["AlgorithmName"].is_required(), "required flag recovered from the 2020 page");
    assert_eq!(members["CertifyForMarketplace"].target, "smithy.api#Boolean");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.to_string().contains("2019-10-24.changes.txt:") && w.message.contains("no page proves")));
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
    let e = pipeline::reconstruct(&m, &layout().service()).unwrap_err();
    assert!(e.to_string().contains("$.pages[0].file") && e.to_string().contains("nowhere.txt"), "{e}");
}

#[test]
fn a_duplicate_revision_of_one_operation_fails() {
    let t = TempDir::new("duplicate");
    let src = root().join("model/sources");
    for f in ["create_algorithm.2023-05.boto3.txt", "create_algorithm.2024-02.boto3.txt"] {
        std::fs::copy(src.join(f), t.0.join(f)).unwrap();
    }
    let m = manifest(
        &t.0,
        r#"{"pages": [{"file": "create_algorithm.2023-05.boto3.txt", "revision": "2024-02-28"},
                      {"file": "create_algorithm.2024-02.boto3.txt", "revision": "2024-02-28"}]}"#,
    );
    let e = pipeline::reconstruct(&m, &layout().service()).unwrap_err();
    assert!(e.to_string().contains("expected one page per operation and revision"), "{e}");
}

#[test]
fn an_undated_page_without_a_revision_fails() {
    let t = TempDir::new("undated");
    std::fs::copy(root().join("model/sources/create_algorithm.2024-02.boto3.txt"), t.0.join("p.txt")).unwrap();
    let m = manifest(&t.0, r#"{"pages": [{"file": "p.txt"}]}"#);
    let e = pipeline::reconstruct(&m, &layout().service()).unwrap_err();
    assert!(e.to_string().contains("$.pages[0]") && e.to_string().contains("states no date"), "{e}");
}

#[test]
fn a_failed_run_leaves_good_output_untouched() {
    let t = TempDir::new("untouched");
    let out = t.0.join("out");
    let l = layout();
    let good = pipeline::revision_outputs(&pipeline::reconstruct(&l.manifest(), &l.service()).unwrap(), &out);
    fsutil::sync(&good, &[], false).unwrap();
    let before: Vec<String> = good.iter().map(|o| std::fs::read_to_string(&o.path).unwrap()).collect();
    // A truncated page: the run fails before it writes anything.
    let text = std::fs::read_to_string(root().join("model/sources/2018-01-17.changes.txt")).unwrap();
    let cut: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
    std::fs::write(t.0.join("cut.txt"), format!("{cut}\n")).unwrap();
    let m = manifest(&t.0, r#"{"pages": [{"file": "cut.txt"}]}"#);
    let e = pipeline::reconstruct(&m, &l.service()).unwrap_err();
    assert!(e.to_string().contains("cut.txt:"), "{e}");
    let after: Vec<String> = good.iter().map(|o| std::fs::read_to_string(&o.path).unwrap()).collect();
    assert_eq!(before, after);
}
