//! The steps of `cargo xtask codegen`, as functions the CLI and the tests share.

use crate::diag::{Error, Result};
use crate::fsutil::Output;
use crate::reconstruct::{self, Revision};
use crate::smithy::{self, Model};
use std::path::{Path, PathBuf};

/// Where the project keeps its inputs and outputs, relative to the workspace root.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Layout { root: root.into() }
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
}

/// Reads the hand-written service facts (a model fragment, checked once merged).
pub fn load_service(path: &Path) -> Result<Model> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&display, &e))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::at_line(&display, e.line(), format!("expected a JSON document: {e}")))?;
    smithy::from_json(&display, &value)
}

/// Reconstructs every revision from a manifest and the service facts.
pub fn reconstruct(manifest: &Path, service: &Path) -> Result<Vec<Revision>> {
    let sources = reconstruct::load_sources(manifest)?;
    let service = load_service(service)?;
    reconstruct::reconstruct(&sources, &service)
}

/// The model files for the revisions: `<dir>/<YYYY-MM-DD>.json`.
pub fn revision_outputs(revisions: &[Revision], dir: &Path) -> Vec<Output> {
    revisions
        .iter()
        .map(|r| Output { path: dir.join(format!("{}.json", r.date)), contents: smithy::to_json(&r.model) })
        .collect()
}
