//! Helpers shared by the integration tests: paths, and a compact text rendering
//! of parsed operations for snapshots.

use sagemaker_codegen::page::{Member, OperationPage, Output, Required, Target};
use std::fmt::Write;
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// A page of `model/sources`.
pub fn source(name: &str) -> PathBuf {
    root().join("model/sources").join(name)
}

/// Renders an operation's members as an indented tree, `depth` levels deep.
pub fn render_operation(op: &OperationPage, depth: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({:?}, line {}) method={:?}", op.name, op.status, op.line, op.method);
    let _ = writeln!(out, "doc: {}", clip(&op.documentation.text()));
    if let Some(c) = &op.changes {
        let _ = writeln!(out, "changes (complete={}):", c.complete);
        for (side, items) in [("request", &c.request), ("response", &c.response), ("unsided", &c.unsided)] {
            for item in items {
                let _ = writeln!(out, "  {side} {} {:?}", item.path.join("."), item.change);
            }
        }
    }
    let _ = writeln!(out, "input:");
    members(&mut out, &op.input, 1, depth);
    match &op.output {
        Output::Members(ms) => {
            let _ = writeln!(out, "output:");
            members(&mut out, ms, 1, depth);
        }
        other => {
            let _ = writeln!(out, "output: {other:?}");
        }
    }
    out
}

fn clip(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 70 {
        format!("{}…", first.chars().take(70).collect::<String>())
    } else {
        first.to_string()
    }
}

fn members(out: &mut String, ms: &[Member], level: usize, depth: usize) {
    for m in ms {
        let req = match m.required {
            Required::Yes => " [required]",
            Required::No => "",
            Required::Unknown => " [required?]",
        };
        let _ = writeln!(
            out,
            "{}{}: {}{req} (line {}) — {}",
            "  ".repeat(level),
            m.name,
            kind(&m.target),
            m.line,
            clip(&m.documentation.text())
        );
        if level < depth {
            nested(out, &m.target, level + 1, depth);
        }
    }
}

fn nested(out: &mut String, t: &Target, level: usize, depth: usize) {
    match t {
        Target::Structure(ms) => members(out, ms, level, depth),
        Target::List(item) => {
            let _ = writeln!(
                out,
                "{}[]: {} — {}",
                "  ".repeat(level),
                kind(&item.target),
                clip(&item.documentation.text())
            );
            if level < depth {
                nested(out, &item.target, level + 1, depth);
            }
        }
        Target::Map(k, v) => {
            let _ = writeln!(out, "{}{{key}}: {}", "  ".repeat(level), kind(&k.target));
            let _ = writeln!(out, "{}{{value}}: {}", "  ".repeat(level), kind(&v.target));
            if level < depth {
                nested(out, &v.target, level + 1, depth);
            }
        }
        _ => {}
    }
}

fn kind(t: &Target) -> String {
    match t {
        Target::Scalar(s) => format!("{s:?}").to_lowercase(),
        Target::Enum { values, complete } => {
            let shown: Vec<&str> = values.iter().take(4).map(String::as_str).collect();
            let more = if values.len() > 4 { format!("|…{} more", values.len() - 4) } else { String::new() };
            format!("enum({}{more}){}", shown.join("|"), if *complete { "" } else { " partial" })
        }
        Target::StringOrEnum => "string-or-enum?".into(),
        Target::FloatingPoint => "double-or-float?".into(),
        Target::Structure(_) => "structure".into(),
        Target::List(_) => "list".into(),
        Target::Map(..) => "map".into(),
        Target::Unknown => "unknown?".into(),
    }
}
