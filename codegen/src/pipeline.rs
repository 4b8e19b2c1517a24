//! The steps of `cargo xtask codegen`, as functions the CLI and the tests share.

use crate::diag::{Error, Result};
use crate::fsutil::OutputFile;
use crate::reconstruct::{self, Revision};
use crate::rust;
use crate::smithy::{self, Model};
use std::path::{Path, PathBuf};

/// Folders that hold only generated files, with those files' extension: a
/// file there that is no longer generated is removed.
pub type OwnedDirs = Vec<(PathBuf, &'static str)>;

/// Where the project keeps its inputs and outputs, relative to the workspace root.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Workspace { root: root.into() }
    }

    pub fn manifest(&self) -> PathBuf {
        self.root.join("model/sources.json")
    }

    pub fn service(&self) -> PathBuf {
        self.root.join("model/service.json")
    }

    pub fn revisions_dir(&self) -> PathBuf {
        self.root.join("model/revisions")
    }

    /// The generated crate.
    pub fn crate_dir(&self) -> PathBuf {
        self.root.join("generated")
    }

    /// The published models of the rest of the SageMaker family (SageMaker
    /// Runtime, Feature Store Runtime, …), as AWS publishes them.
    pub fn family_models_dir(&self) -> PathBuf {
        self.root.join("model/family")
    }

    /// The family's generated crates, one folder each, named as the crate.
    pub fn family_crates_dir(&self) -> PathBuf {
        self.root.join("generated/family")
    }

    /// The hand-written runtime crate every generated crate depends on.
    pub fn runtime_dir(&self) -> PathBuf {
        self.root.join("generated/runtime")
    }

    /// The folders that hold only generated files, with their extension: model
    /// files, `generated/src/lib.rs`, and every revision module on disk or due.
    pub fn owned_dirs(&self, outputs: &[OutputFile]) -> OwnedDirs {
        let mut dirs = vec![(self.revisions_dir(), "json"), (self.crate_dir().join("src"), "rs")];
        let src = self.crate_dir().join("src");
        let mut modules: Vec<PathBuf> = std::fs::read_dir(&src)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(is_revision_module))
            .collect();
        modules.extend(
            outputs
                .iter()
                .filter_map(|o| o.path.parent().filter(|d| d.starts_with(&src) && *d != src).map(Path::to_path_buf)),
        );
        modules.sort();
        modules.dedup();
        dirs.extend(modules.into_iter().map(|d| (d, "rs")));
        dirs
    }
}

/// Whether a folder name is a revision module: `vYYYY_MM_DD`.
fn is_revision_module(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 11
        && b[0] == b'v'
        && b[5] == b'_'
        && b[8] == b'_'
        && b.iter().enumerate().all(|(i, c)| matches!(i, 0 | 5 | 8) || c.is_ascii_digit())
}

/// Reads the hand-written service facts (a model fragment, checked once merged).
pub fn load_service(path: &Path) -> Result<Model> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&display, &e))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::at_line(&display, e.line(), format!("expected a JSON document: {e}")))?;
    smithy::from_json(&display, &value)
}

/// Reconstructs revisions from a manifest and the service facts: the dates
/// given, or else the manifest's published revisions.
pub fn reconstruct(manifest: &Path, service: &Path, dates: &[String]) -> Result<(reconstruct::Sources, Vec<Revision>)> {
    let mut revisions = Vec::new();
    let sources = reconstruct_each(manifest, service, dates, &mut |revision| {
        revisions.push(revision);
        Ok(())
    })?;
    Ok((sources, revisions))
}

/// [`reconstruct`], handing each revision to `sink` as soon as it is built.
pub fn reconstruct_each(
    manifest: &Path,
    service: &Path,
    dates: &[String],
    sink: &mut dyn FnMut(Revision) -> Result<()>,
) -> Result<reconstruct::Sources> {
    let sources = reconstruct::load_sources(manifest)?;
    let service = load_service(service)?;
    let dates = if dates.is_empty() { sources.published_or_all() } else { dates.to_vec() };
    reconstruct::reconstruct_each(&sources, &service, &dates, sink)?;
    Ok(sources)
}

/// Every page date's revision, for the checks that span the whole history
/// (the round trip and the change logs).
pub fn reconstruct_history(layout: &Workspace) -> Result<(reconstruct::Sources, Vec<Revision>)> {
    let sources = reconstruct::load_sources(&layout.manifest())?;
    let service = load_service(&layout.service())?;
    let dates = reconstruct::revisions(&sources.pages);
    let revisions = reconstruct::reconstruct(&sources, &service, &dates)?;
    Ok((sources, revisions))
}

/// The generated crate's files for the revisions, from their models.
pub fn crate_outputs(layout: &Workspace, revisions: &[Revision]) -> Result<Vec<OutputFile>> {
    generate_crate(layout, revisions.iter().map(|r| (r.date.as_str(), &r.model)))
}

/// The crate's files from dated models, each named by its file in `model/revisions/`.
fn generate_crate<'m>(
    layout: &Workspace,
    models: impl Iterator<Item = (&'m str, &'m Model)>,
) -> Result<Vec<OutputFile>> {
    let models: Vec<(&str, &Model, String)> =
        models.map(|(date, model)| (date, model, format!("model/revisions/{date}.json"))).collect();
    let changes = changes_between(&models);
    let crate_revisions: Vec<rust::CrateRevision<'_>> = models
        .iter()
        .zip(&changes)
        .map(|((date, model, source), changes)| rust::CrateRevision { date, model, source, changes: changes.as_ref() })
        .collect();
    let runtime = runtime_dependency(&layout.runtime_dir(), &layout.crate_dir())?;
    let mut outputs = rust::generate(&layout.crate_dir(), &crate_revisions, &runtime)?;
    outputs.push(OutputFile { path: layout.crate_dir().join("CHANGELOG.md"), contents: changelog(&models, &changes) });
    Ok(outputs)
}

/// What changed in each revision from the one before, by the diff.
fn changes_between(models: &[(&str, &Model, String)]) -> Vec<Option<rust::Changes>> {
    let mut out = vec![None];
    for pair in models.windows(2) {
        let ((old, old_model, _), (new, new_model, _)) = (&pair[0], &pair[1]);
        let report = crate::diff::compare(old, old_model, new, new_model);
        out.push(Some(rust::Changes { since: old.to_string(), markdown: crate::diff::render_changelog(&report, 2) }));
    }
    out.truncate(models.len());
    out
}

/// `generated/CHANGELOG.md`: each revision's changes, the newest first.
fn changelog(models: &[(&str, &Model, String)], changes: &[Option<rust::Changes>]) -> String {
    let mut out = String::from(
        "<!-- @generated by `cargo xtask codegen` from model/revisions/ with the diff. Do not edit. -->\n\n\
         # Changelog of the SageMaker API\n\n\
         What changed in each API revision this crate carries, from the one before, as\n\
         `cargo xtask diff OLD NEW --format markdown` reports it, grouped by severity; documentation-only\n\
         changes are left out. The same section opens each revision module's documentation.\n",
    );
    for ((date, model, _), changes) in models.iter().zip(changes).rev() {
        out.push_str(&format!("\n## {date} (`{}`)\n\n", rust::symbols::revision_module(date)));
        match changes {
            Some(changes) => out.push_str(&changes.markdown.replace("\n## ", "\n### ")),
            None => out.push_str(&format!(
                "The first revision this crate carries: {} operations.\n",
                model.operations().len()
            )),
        }
    }
    out
}

/// The runtime crate in `runtime_dir` as a dependency of a crate in `crate_dir`:
/// its path from there, and its version as its `Cargo.toml` states it.
pub fn runtime_dependency(runtime_dir: &Path, crate_dir: &Path) -> Result<rust::package::RuntimeDependency> {
    let manifest = runtime_dir.join("Cargo.toml");
    let shown = manifest.display().to_string();
    let text = std::fs::read_to_string(&manifest).map_err(|e| Error::io(&shown, &e))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let (true, Some(value)) = (in_package, line.strip_prefix("version")) {
            let value = value.trim_start().strip_prefix('=').map(str::trim);
            if let Some(version) = value.and_then(|v| v.strip_prefix('"')).and_then(|v| v.strip_suffix('"')) {
                let path = relative_path(crate_dir, runtime_dir);
                return Ok(rust::package::RuntimeDependency { version: version.to_owned(), path });
            }
        }
    }
    Err(Error::new(crate::diag::Location::file(&shown), "expected `version = \"x.y.z\"` in its [package] table"))
}

/// The checked-in models, `model/revisions/<date>.json`, in date order.
pub fn load_revision_models(layout: &Workspace) -> Result<Vec<(String, Model)>> {
    let dir = layout.revisions_dir();
    let shown = dir.display().to_string();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&shown, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let date = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            let display = format!("model/revisions/{date}.json");
            Ok((date, smithy::load(&path, &display)?))
        })
        .collect()
}

/// The crate's files from the checked-in models alone, for the stale test.
pub fn crate_outputs_from_models(layout: &Workspace) -> Result<Vec<OutputFile>> {
    let models = load_revision_models(layout)?;
    generate_crate(layout, models.iter().map(|(date, model)| (date.as_str(), model)))
}

/// Every output of `cargo xtask codegen`: the model files, the crate, and the
/// family's crates; with the folders that hold only generated files.
pub fn all_outputs(layout: &Workspace, revisions: &[Revision]) -> Result<(Vec<OutputFile>, OwnedDirs)> {
    let mut outputs = revision_outputs(revisions, &layout.revisions_dir());
    outputs.extend(crate_outputs(layout, revisions)?);
    let mut owned = layout.owned_dirs(&outputs);
    for family in family_crates(layout)? {
        outputs.extend(family.outputs);
        owned.extend(family.owned_dirs);
    }
    Ok((outputs, owned))
}

/// The crates of the SageMaker family's models in `model/family/`, each in
/// `generated/family/<crate>/`, in file order.
pub fn family_crates(layout: &Workspace) -> Result<Vec<ServiceCrate>> {
    let dir = layout.family_models_dir();
    let shown = dir.display().to_string();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(&shown, &e)),
    };
    files.sort();
    files
        .iter()
        .map(|path| {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let source = format!("model/family/{file}");
            let model = smithy::load(path, &source)?;
            let name = service_crate_name(&model, &source)?;
            service_crate(&model, &source, &layout.family_crates_dir().join(&name), Some(&name), &layout.runtime_dir())
        })
        .collect()
}

/// The model files for the revisions: `<dir>/<YYYY-MM-DD>.json`.
pub fn revision_outputs(revisions: &[Revision], dir: &Path) -> Vec<OutputFile> {
    revisions
        .iter()
        .map(|r| OutputFile { path: dir.join(format!("{}.json", r.date)), contents: smithy::to_json(&r.model) })
        .collect()
}

/// A model named by a revision label (any `YYYY-MM-DD`: a published one is read
/// from `model/revisions/`, any other date is reconstructed from the pages in
/// memory) or by a path to a Smithy JSON AST file. Returns the label to show and
/// the model.
pub fn load_model_spec(layout: &Workspace, spec: &str) -> Result<(String, Model)> {
    let path = Path::new(spec);
    if crate::manifest::is_date(spec) && !path.exists() {
        let file = layout.revisions_dir().join(format!("{spec}.json"));
        if file.exists() {
            return Ok((spec.to_owned(), smithy::load(&file, &format!("model/revisions/{spec}.json"))?));
        }
        let (sources, mut revisions) = reconstruct(&layout.manifest(), &layout.service(), &[spec.to_owned()])?;
        let first = sources.pages.iter().map(|s| s.revision.as_str()).min().unwrap_or_default();
        if spec < first {
            return Err(Error::new(
                crate::diag::Location::file(spec),
                format!(
                    "no revision: the first page is dated {first}; expected a date on or after it, or a model file"
                ),
            ));
        }
        let revision = revisions.pop().ok_or_else(|| {
            Error::new(crate::diag::Location::file(spec), "expected a date the pages can reconstruct")
        })?;
        return Ok((spec.to_owned(), revision.model));
    }
    if !path.exists() {
        return Err(Error::new(
            crate::diag::Location::file(spec),
            "expected a revision date (YYYY-MM-DD) or the path of a Smithy JSON AST file",
        ));
    }
    Ok((spec.to_owned(), smithy::load(path, spec)?))
}

/// A standalone crate for one service model, as `cargo xtask generate` writes it.
#[derive(Debug)]
pub struct ServiceCrate {
    /// The crate's name.
    pub name: String,
    /// Its files.
    pub outputs: Vec<OutputFile>,
    /// The folders that hold only its generated files, with their extension.
    pub owned_dirs: OwnedDirs,
    /// What it holds.
    pub counts: crate::rust::Counts,
}

/// The crate for `model_path` in `out`. `runtime_dir` is the `aws-protocols-runtime`
/// crate; the new crate names it by a path relative to `out`.
pub fn service_crate_outputs(
    model_path: &Path,
    out: &Path,
    crate_name: Option<&str>,
    runtime_dir: &Path,
) -> Result<ServiceCrate> {
    let display = model_path.display().to_string();
    let model = smithy::load(model_path, &display)?;
    let source = model_path.file_name().map_or(display.clone(), |n| n.to_string_lossy().into_owned());
    service_crate(&model, &source, out, crate_name, runtime_dir)
}

/// The name the AWS SDKs' rule gives a service's crate: its SDK id, lower
/// case, spaces and hyphens dropped.
pub fn service_crate_name(model: &Model, source: &str) -> Result<String> {
    let (service_id, service) = model
        .service()
        .ok_or_else(|| Error::new(crate::diag::Location::json(source, "shapes"), "expected a service shape"))?;
    let sdk_id = service
        .traits
        .get("aws.api#service")
        .and_then(|v| v.get("sdkId"))
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| crate::smithy::shape_name(service_id));
    Ok(crate::rust::symbols::crate_name(sdk_id))
}

/// The crate of a loaded model, `source` naming it in headers and errors.
fn service_crate(
    model: &Model,
    source: &str,
    out: &Path,
    crate_name: Option<&str>,
    runtime_dir: &Path,
) -> Result<ServiceCrate> {
    let (service_id, _) = model
        .service()
        .ok_or_else(|| Error::new(crate::diag::Location::json(source, "shapes"), "expected a service shape"))?;
    if let Err(message) = crate::rust::protocol::for_model(model) {
        return Err(Error::new(crate::diag::Location::json(source, format!("shapes.{service_id}.traits")), message));
    }
    let name = match crate_name {
        Some(name) => name.to_owned(),
        None => service_crate_name(model, source)?,
    };
    let runtime = runtime_dependency(runtime_dir, out)?;
    let (outputs, counts) = crate::rust::generate_service(out, model, source, &name, &runtime)?;
    let owned_dirs = vec![(out.join("src"), "rs"), (out.join("src/service"), "rs")];
    Ok(ServiceCrate { name, outputs, owned_dirs, counts })
}

/// `to` as a path relative to `from` (both made absolute against the current
/// folder), with `/` separators, for a `Cargo.toml` path dependency.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
            }
        }
        parts
    };
    let (from, to) = (absolute(from), absolute(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}
