//! The sources manifest: `{"published": ["YYYY-MM-DD", …], "pages": [{"file":
//! "sources/…", "revision": "YYYY-MM-DD"}]}`. Paths are relative to the manifest;
//! `revision` may be left out for a page whose header states its date, and
//! `published` (the revisions the crate publishes) may be left out.

use crate::diag::{Error, Location, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One page the manifest names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// The path as written in the manifest.
    pub file: String,
    /// The path on disk.
    pub path: PathBuf,
    pub revision: Option<String>,
}

/// A whole manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The revisions the crate publishes, oldest first.
    pub published: Vec<String>,
    pub pages: Vec<PageEntry>,
}

/// Reads a manifest file.
pub fn load(path: &Path) -> Result<Manifest> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&display, &e))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Error::at_line(&display, e.line(), format!("expected a JSON manifest: {e}")))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let pages = parse(&display, base, &value)?;
    let published = parse_published(&display, &value)?;
    Ok(Manifest { published, pages })
}

/// The `published` list: distinct dates, sorted on the way in.
fn parse_published(file: &str, value: &Value) -> Result<Vec<String>> {
    let Some(list) = value.get("published") else { return Ok(Vec::new()) };
    let items =
        list.as_array().ok_or_else(|| Error::new(Location::json(file, "$.published"), "expected an array of dates"))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(d) if is_date(d) => out.push(d.to_string()),
            _ => {
                return Err(Error::new(
                    Location::json(file, format!("$.published[{i}]")),
                    format!("expected a date `YYYY-MM-DD`, found {item}"),
                ))
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Reads a manifest from its JSON. `base` is the folder paths are relative to.
pub fn parse(file: &str, base: &Path, value: &Value) -> Result<Vec<PageEntry>> {
    let err = |path: &str, message: String| Error::new(Location::json(file, path), message);
    let pages = value
        .get("pages")
        .ok_or_else(|| err("$", "expected an object with a `pages` array".into()))?
        .as_array()
        .ok_or_else(|| err("$.pages", "expected an array of pages".into()))?;
    let mut entries: Vec<PageEntry> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let path = format!("$.pages[{i}]");
        let f = p.get("file").and_then(Value::as_str).ok_or_else(|| err(&path, "expected a `file` string".into()))?;
        let revision = match p.get("revision") {
            None => None,
            Some(Value::String(r)) if is_date(r) => Some(r.clone()),
            Some(other) => {
                return Err(err(&format!("{path}.revision"), format!("expected a date `YYYY-MM-DD`, found {other}")))
            }
        };
        if entries.iter().any(|e| e.file == f) {
            return Err(err(&format!("{path}.file"), format!("expected each page once, found `{f}` again")));
        }
        let disk = base.join(f);
        if !disk.is_file() {
            return Err(err(
                &format!("{path}.file"),
                format!("expected an existing page file, found no file at `{}`", disk.display()),
            ));
        }
        entries.push(PageEntry { file: f.to_string(), path: disk, revision });
    }
    Ok(entries)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok());
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(1..=12), Some(1..=31)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_name_the_json_path() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR"));
        let e = parse("m.json", base, &json!({ "pages": [{ "file": "Cargo.toml" }, { "file": "missing.txt" }] }))
            .unwrap_err();
        assert_eq!(e.location, Location::json("m.json", "$.pages[1].file"));
        let e = parse("m.json", base, &json!({ "pages": [{ "file": "Cargo.toml", "revision": "2020-13-01" }] }))
            .unwrap_err();
        assert!(e.to_string().contains("$.pages[0].revision"), "{e}");
        let e = parse("m.json", base, &json!({ "pages": [{ "file": "Cargo.toml" }, { "file": "Cargo.toml" }] }))
            .unwrap_err();
        assert!(e.to_string().contains("again"), "{e}");
        assert!(parse("m.json", base, &json!({ "pages": {} })).is_err());
    }
}
