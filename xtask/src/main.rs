//! `cargo xtask`: regenerates the model and the crate, and diffs API revisions.

use clap::{Parser, Subcommand};

/// `println!` that ends quietly when the reader has gone away (`| head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
use sagemaker_codegen::diag::Error;
use sagemaker_codegen::fsutil::{self, Status};
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_codegen::reconstruct::{Revision, Stats};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Reconstructs the SageMaker model from its documentation pages and generates the crate."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Diffs two API revisions: what was added, removed or changed, and what breaks callers.
    ///
    /// Exit codes: 0 when no change reaches the --fail-on severity (or without --fail-on),
    /// 1 when one does (or when --verify-changelog finds an item missing), 2 on any error
    /// (unknown revision, unreadable or invalid model).
    #[command(
        after_help = "OLD and NEW are revision labels (2019-10-24, read from model/revisions/) or paths to Smithy JSON AST files."
    )]
    Diff {
        /// The older revision: a label such as 2019-10-24, or a model file.
        #[arg(required_unless_present = "verify_changelog")]
        old: Option<String>,
        /// The newer revision: a label or a model file.
        #[arg(required_unless_present = "verify_changelog")]
        new: Option<String>,
        /// Output format: text (coloured only on a terminal), markdown, or json (stable; see the README).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also report documentation-only changes.
        #[arg(long)]
        docs: bool,
        /// Also print the change pages' view: `Changes (request)` / `Changes (response)` literals.
        #[arg(long)]
        changes: bool,
        /// Exit 1 when a change at or above this severity is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Check every `Changes` block of the pages against the diff of the revisions it spans.
        #[arg(long, conflicts_with_all = ["old", "new"])]
        verify_changelog: bool,
    },
    /// Checks that the model at every page's date gives back what the page shows;
    /// prints mismatch counts per layout. Exit code 1 when any mismatch is found.
    Roundtrip {
        /// List every mismatch, not only the counts.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Regenerates model/revisions/ from model/sources.json and model/service.json, then the crate in
    /// generated/, and the SageMaker family's crates in generated/family/ from model/family/.
    Codegen {
        /// Write nothing; list stale files and exit 1 if any file is stale.
        #[arg(long)]
        check: bool,
        /// Print every warning, not only the counts.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Writes a standalone crate for any Smithy 2.0 JSON AST model of an awsJson 1.0, awsJson 1.1
    /// or restJson1 service: types, builders, serializers and a SigV4 client, on the
    /// `aws-protocols-runtime` crate.
    Generate {
        /// The model (Smithy 2.0 JSON AST).
        #[arg(long)]
        model: PathBuf,
        /// The folder to write the crate to (created when missing).
        #[arg(long)]
        out: PathBuf,
        /// The crate's name; by default the service's SDK id in lower case, spaces and hyphens
        /// dropped (`secretsmanager`), as the AWS SDKs name theirs.
        #[arg(long)]
        crate_name: Option<String>,
        /// Write nothing; list stale files and exit 1 if any file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Runs the reconstruction on any manifest and writes one model per revision to a folder.
    Reconstruct {
        /// The sources manifest: {"pages": [{"file": "…", "revision": "YYYY-MM-DD"}]}.
        #[arg(long)]
        manifest: PathBuf,
        /// The folder to write <YYYY-MM-DD>.json files to.
        #[arg(long)]
        out: PathBuf,
        /// The service facts; model/service.json by default.
        #[arg(long)]
        service: Option<PathBuf>,
        /// A date to reconstruct (repeatable); by default the manifest's published revisions,
        /// or every page date when it names none.
        #[arg(long = "revision", value_name = "DATE")]
        revisions: Vec<String>,
        /// Print every warning, not only the counts.
        #[arg(long, short)]
        verbose: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Dangerous,
}

/// Writes to standard output; a reader that went away (`| head`) ends the
/// output quietly instead of failing.
fn write_stdout(text: &str) -> Result<(), Error> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("standard output", &e)),
        _ => Ok(()),
    }
}

fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check, verbose } => codegen(check, verbose),
        Command::Roundtrip { verbose } => roundtrip(verbose),
        Command::Generate { model, out, crate_name, check } => generate(&model, &out, crate_name.as_deref(), check),
        Command::Diff { verify_changelog: true, .. } => verify_changelog(),
        Command::Diff { old, new, format, docs, changes, fail_on, .. } => {
            diff(old.as_deref().unwrap_or_default(), new.as_deref().unwrap_or_default(), format, docs, changes, fail_on)
        }
        Command::Reconstruct { manifest, out, service, revisions, verbose } => {
            let service = service.unwrap_or_else(|| Workspace::new(workspace_root()).service());
            reconstruct(&manifest, &out, &service, &revisions, verbose)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Pages that could not be read are always listed: each is a page lost.
fn print_skipped(sources: &sagemaker_codegen::reconstruct::Sources) {
    for w in &sources.skipped {
        eprintln!("{w}");
    }
}

fn print_summary(revisions: &[Revision], verbose: bool) {
    print_summary_header();
    for r in revisions {
        print_summary_row(r, verbose);
    }
}

fn print_summary_header() {
    out!(
        "{:<12} {:>5} {:>6} {:>6} {:>5} {:>5} {:>5} {:>7} {:>9} {:>9}",
        "revision",
        "ops",
        "shapes",
        "struct",
        "enum",
        "list",
        "map",
        "members",
        "warnings",
        "recovered"
    );
}

fn print_summary_row(r: &Revision, verbose: bool) {
    let s = Stats::of(&r.model);
    out!(
        "{:<12} {:>5} {:>6} {:>6} {:>5} {:>5} {:>5} {:>7} {:>9} {:>9}",
        r.date,
        s.operations,
        s.structures + s.enums + s.lists + s.maps,
        s.structures,
        s.enums,
        s.lists,
        s.maps,
        s.members,
        r.warnings.len(),
        r.recovered.len()
    );
    if verbose {
        for w in &r.warnings {
            out!("  {w}");
        }
        for rec in &r.recovered {
            out!("  recovered: {}:{}: {} from {}", rec.file, rec.line, rec.what, rec.from);
        }
    }
}

fn codegen(check: bool, verbose: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let layout = Workspace::new(workspace_root());
    let (sources, revisions) = pipeline::reconstruct(&layout.manifest(), &layout.service(), &[])?;
    print_skipped(&sources);
    let (outputs, owned) = pipeline::all_outputs(&layout, &revisions)?;
    let report = fsutil::sync(&outputs, &owned, check)?;
    print_summary(&revisions, verbose);
    let stale: Vec<_> = report.iter().filter(|(_, s)| *s != Status::Unchanged).collect();
    for (path, status) in &stale {
        let shown = path.strip_prefix(&layout.root).unwrap_or(path).display();
        match (check, status) {
            (true, Status::Removed) => out!("stale: {shown} (no longer generated)"),
            (true, _) => out!("stale: {shown}"),
            (false, Status::Removed) => out!("removed: {shown}"),
            (false, _) => out!("wrote: {shown}"),
        }
    }
    out!(
        "{} files, {} {}, in {:.2?}",
        report.len(),
        stale.len(),
        if check { "stale" } else { "changed" },
        start.elapsed()
    );
    Ok(if check && !stale.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn generate(model: &Path, out: &Path, crate_name: Option<&str>, check: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let runtime = workspace_root().join("generated/runtime");
    let pipeline::ServiceCrate { name, outputs, owned_dirs, counts } =
        pipeline::service_crate_outputs(model, out, crate_name, &runtime)?;
    let report = fsutil::sync(&outputs, &owned_dirs, check)?;
    let stale: Vec<_> = report.iter().filter(|(_, s)| *s != Status::Unchanged).collect();
    for (path, status) in &stale {
        let verb = match (check, status) {
            (true, _) => "stale",
            (false, Status::Removed) => "removed",
            (false, _) => "wrote",
        };
        out!("{verb}: {}", path.display());
    }
    let lines: usize = outputs.iter().map(|o| o.contents.lines().count()).sum();
    out!(
        "{name}: {} operations, {} structures, {} enums, {} lists and maps; {} files ({lines} lines), {} {}, in {:.2?}",
        counts.operations,
        counts.structures,
        counts.enums,
        counts.collections,
        report.len(),
        stale.len(),
        if check { "stale" } else { "changed" },
        start.elapsed()
    );
    Ok(if check && !stale.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn reconstruct(
    manifest: &Path,
    out: &Path,
    service: &Path,
    dates: &[String],
    verbose: bool,
) -> Result<ExitCode, Error> {
    let start = Instant::now();
    // Each revision is written as soon as it is built: many dates need the memory of one.
    let mut files = 0;
    let mut changed = 0;
    let mut first = true;
    let sources = pipeline::reconstruct_each(manifest, service, dates, &mut |revision| {
        let outputs = pipeline::revision_outputs(std::slice::from_ref(&revision), out);
        let report = fsutil::sync(&outputs, &[], false)?;
        files += report.len();
        changed += report.iter().filter(|(_, s)| *s != Status::Unchanged).count();
        if std::mem::take(&mut first) {
            print_summary_header();
        }
        print_summary_row(&revision, verbose);
        Ok(())
    })?;
    print_skipped(&sources);
    out!("{files} files, {changed} changed, in {:.2?}", start.elapsed());
    Ok(ExitCode::SUCCESS)
}

fn diff(
    old: &str,
    new: &str,
    format: Format,
    docs: bool,
    changes: bool,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, Error> {
    use sagemaker_codegen::diff::{self, RenderOptions, Severity};
    use std::io::IsTerminal;
    let layout = Workspace::new(workspace_root());
    let (old_label, old_model) = pipeline::load_model_spec(&layout, old)?;
    let (new_label, new_model) = pipeline::load_model_spec(&layout, new)?;
    let report = diff::compare(&old_label, &old_model, &new_label, &new_model);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let options = RenderOptions { docs, color, changes_view: changes };
    let text = match format {
        Format::Text => diff::render_text(&report, &new_model, &options),
        Format::Markdown => diff::render_markdown(&report, &new_model, &options),
        Format::Json => diff::render_json(&report, &options),
    };
    write_stdout(&text)?;
    let threshold = fail_on.map(|f| match f {
        FailOn::Breaking => Severity::Breaking,
        FailOn::Dangerous => Severity::Dangerous,
    });
    let failed = threshold.is_some_and(|t| report.worst(docs).is_some_and(|w| w >= t));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn roundtrip(verbose: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let layout = Workspace::new(workspace_root());
    let (sources, revisions) = pipeline::reconstruct_history(&layout)?;
    let report = sagemaker_codegen::roundtrip::check(&sources.pages, &revisions);
    if verbose {
        for m in &report.mismatches {
            out!("{m}");
        }
    }
    out!("{:<24} {:>6} {:>6} {:>9} {:>10}", "layout", "pages", "ops", "checked", "mismatches");
    for (layout, c) in &report.by_layout {
        out!("{:<24} {:>6} {:>6} {:>9} {:>10}", layout.name(), c.pages, c.operations, c.checked, c.mismatches);
    }
    out!("{} mismatches, in {:.2?}", report.mismatches.len(), start.elapsed());
    Ok(if report.mismatches.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn verify_changelog() -> Result<ExitCode, Error> {
    use sagemaker_codegen::diff::Severity;
    let start = Instant::now();
    let layout = Workspace::new(workspace_root());
    let (sources, revisions) = pipeline::reconstruct_history(&layout)?;
    let report = sagemaker_codegen::diff::verify_changelog(&sources.pages, &revisions);
    for missing in &report.missing {
        out!("missing: {missing}");
    }
    let pairs = sagemaker_codegen::diff::verify_precision(&sources.pages, &revisions);
    let mut by_kind: std::collections::BTreeMap<(&str, Severity), (usize, usize)> = Default::default();
    for pair in &pairs {
        for (key, (e, u)) in &pair.counts {
            let entry = by_kind.entry(*key).or_default();
            entry.0 += e;
            entry.1 += u;
        }
        for entry in pair.unexplained.iter().filter(|u| u.severity == Severity::Breaking) {
            out!("unexplained: {}", entry.line);
        }
    }
    out!("{:<22} {:<10} {:>9} {:>11}", "entry kind", "severity", "explained", "unexplained");
    for ((kind, severity), (e, u)) in &by_kind {
        out!("{kind:<22} {:<10} {e:>9} {u:>11}", severity.as_str());
    }
    let total = |s: Option<Severity>| pairs.iter().map(|p| p.totals(s)).fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    let (explained, unexplained) = total(None);
    let (_, unexplained_breaking) = total(Some(Severity::Breaking));
    out!(
        "precision: {explained} of {} diff entries between consecutive revisions ({} pairs) are what a page shows; {unexplained} unexplained, {unexplained_breaking} of them breaking",
        explained + unexplained,
        pairs.len()
    );
    // The pairs a crate user upgrades across: every release page of each interval.
    let pages = sagemaker_codegen::diff::ReleasePages::new(&sources.pages);
    let published: Vec<&sagemaker_codegen::reconstruct::Revision> =
        revisions.iter().filter(|r| sources.published.contains(&r.date)).collect();
    for pair in published.windows(2) {
        let checked = pages.check(pair[0], pair[1]);
        let (e, u) = checked.totals(None);
        let kinds: Vec<String> = checked
            .counts
            .iter()
            .map(|((kind, severity), (e, u))| format!("{kind} {} {e}/{}", severity.as_str(), e + u))
            .collect();
        out!("published {} → {}: {e} of {} entries explained; {}", pair[0].date, pair[1].date, e + u, kinds.join(", "));
    }
    out!(
        "recall: {} Changes blocks checked ({} skipped: no earlier revision), {}/{} items found in the diff ({} on responses too large to render), in {:.2?}",
        report.blocks,
        report.skipped,
        report.matched,
        report.items,
        report.unrendered,
        start.elapsed()
    );
    Ok(if report.missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
