//! Writing generated files: only what changed, each through a temporary file in
//! the same folder and a rename, so a failed run never leaves a half-written file
//! over a good one.

use crate::diag::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file a generator wants on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unchanged,
    /// Written (or, in check mode, would have been).
    Changed,
    /// A file in a generated folder that no generator produces any more: removed
    /// (or, in check mode, would have been).
    Removed,
}

/// Writes `contents` to `path` atomically: a temporary sibling, flushed, then renamed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let display = path.display().to_string();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(&dir.display().to_string(), &e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&display, &e));
    }
    Ok(())
}

/// Brings `outputs` to disk, writing only files whose contents differ. With
/// `check`, writes nothing and reports what is stale. `owned_dirs` are folders
/// that hold only generated files with extension `ext`: any other such file in
/// them is stale.
pub fn sync(outputs: &[OutputFile], owned_dirs: &[(PathBuf, &str)], check: bool) -> Result<Vec<(PathBuf, Status)>> {
    let mut report = Vec::new();
    for out in outputs {
        let current = std::fs::read(&out.path).ok();
        if current.as_deref() == Some(out.contents.as_bytes()) {
            report.push((out.path.clone(), Status::Unchanged));
            continue;
        }
        if !check {
            write_atomic(&out.path, out.contents.as_bytes())?;
        }
        report.push((out.path.clone(), Status::Changed));
    }
    for (dir, ext) in owned_dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == *ext) && !outputs.iter().any(|o| &o.path == p))
            .collect();
        extra.sort();
        for p in extra {
            if !check {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p.display().to_string(), &e))?;
            }
            report.push((p, Status::Removed));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_reports_stale_files() {
        let dir = std::env::temp_dir().join(format!("fsutil-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("old.json"), "{}").unwrap();
        let out = vec![OutputFile { path: dir.join("a.json"), contents: "1\n".into() }];
        let owned = [(dir.clone(), "json")];
        let checked = sync(&out, &owned, true).unwrap();
        assert_eq!(checked.iter().map(|(_, s)| *s).collect::<Vec<_>>(), vec![Status::Changed, Status::Removed]);
        assert!(!dir.join("a.json").exists(), "check mode wrote a file");
        sync(&out, &owned, false).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.json")).unwrap(), "1\n");
        assert!(!dir.join("old.json").exists());
        assert_eq!(sync(&out, &owned, true).unwrap()[0].1, Status::Unchanged);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
