//! Errors and warnings that point at a place in an input: `file:line` for pages,
//! a JSON path for models and manifests.

use std::fmt;

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A line (1-based) of a text file.
    Line { file: String, line: usize },
    /// A JSON path inside a file, such as `$.shapes["a#B"].members`.
    Json { file: String, path: String },
    /// A whole file.
    File { file: String },
}

impl Location {
    pub fn line(file: &str, line: usize) -> Self {
        Location::Line { file: file.to_string(), line }
    }

    pub fn json(file: &str, path: impl Into<String>) -> Self {
        Location::Json { file: file.to_string(), path: path.into() }
    }

    pub fn file(file: &str) -> Self {
        Location::File { file: file.to_string() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line { file, line } => write!(f, "{file}:{line}"),
            Location::Json { file, path } => write!(f, "{file}: {path}"),
            Location::File { file } => write!(f, "{file}"),
        }
    }
}

/// A fatal problem with an input, or with writing an output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub location: Location,
    pub message: String,
}

impl Error {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Error { location, message: message.into() }
    }

    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(Location::line(file, line), message)
    }

    pub fn io(file: &str, err: &std::io::Error) -> Self {
        Self::new(Location::file(file), err.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Error {}

/// Recoverable damage: the run goes on, and the warning is counted and shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl Warning {
    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Warning { location: Location::line(file, line), message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.location, self.message)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
