//! `cargo xtask`: regenerates the model and the crate, and diffs API revisions.

use clap::{Parser, Subcommand};
use sagemaker_codegen::diag::Error;
use sagemaker_codegen::fsutil::{self, Status};
use sagemaker_codegen::pipeline::{self, Layout};
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
    /// Regenerates model/revisions/ from model/sources.json and model/service.json, then the crate in generated/.
    Codegen {
        /// Write nothing; list stale files and exit 1 if any file is stale.
        #[arg(long)]
        check: bool,
        /// Print every warning, not only the counts.
        #[arg(long, short)]
        verbose: bool,
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
        /// Print every warning, not only the counts.
        #[arg(long, short)]
        verbose: bool,
    },
}

fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check, verbose } => codegen(check, verbose),
        Command::Reconstruct { manifest, out, service, verbose } => {
            let service = service.unwrap_or_else(|| Layout::new(workspace_root()).service());
            reconstruct(&manifest, &out, &service, verbose)
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

fn print_summary(revisions: &[Revision], verbose: bool) {
    println!(
        "{:<12} {:>5} {:>6} {:>6} {:>5} {:>5} {:>5} {:>7} {:>9} {:>9}",
        "revision", "ops", "shapes", "struct", "enum", "list", "map", "members", "warnings", "recovered"
    );
    for r in revisions {
        let s = Stats::of(&r.model);
        println!(
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
                println!("  {w}");
            }
            for rec in &r.recovered {
                println!("  recovered: {}:{}: {} from {}", rec.file, rec.line, rec.what, rec.from);
            }
        }
    }
}

fn codegen(check: bool, verbose: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let layout = Layout::new(workspace_root());
    let revisions = pipeline::reconstruct(&layout.manifest(), &layout.service())?;
    let outputs = pipeline::all_outputs(&layout, &revisions)?;
    let report = fsutil::sync(&outputs, &layout.owned_dirs(&outputs), check)?;
    print_summary(&revisions, verbose);
    let stale: Vec<_> = report.iter().filter(|(_, s)| *s != Status::Unchanged).collect();
    for (path, status) in &stale {
        let shown = path.strip_prefix(&layout.root).unwrap_or(path).display();
        match (check, status) {
            (true, Status::Removed) => println!("stale: {shown} (no longer generated)"),
            (true, _) => println!("stale: {shown}"),
            (false, Status::Removed) => println!("removed: {shown}"),
            (false, _) => println!("wrote: {shown}"),
        }
    }
    println!(
        "{} files, {} {}, in {:.2?}",
        report.len(),
        stale.len(),
        if check { "stale" } else { "changed" },
        start.elapsed()
    );
    Ok(if check && !stale.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn reconstruct(manifest: &Path, out: &Path, service: &Path, verbose: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let revisions = pipeline::reconstruct(manifest, service)?;
    let outputs = pipeline::revision_outputs(&revisions, out);
    let report = fsutil::sync(&outputs, &[], false)?;
    print_summary(&revisions, verbose);
    let changed = report.iter().filter(|(_, s)| *s != Status::Unchanged).count();
    println!("{} files, {changed} changed, in {:.2?}", report.len(), start.elapsed());
    Ok(ExitCode::SUCCESS)
}
