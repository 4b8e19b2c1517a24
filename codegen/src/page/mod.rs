//! Documentation pages and what they say: the page model.
//!
//! A page is read into [`Page`]: its layout, its date if the header states one,
//! and one [`OperationPage`] per operation it documents, each with the request and
//! response members as trees. Every fact carries the line it came from. Nothing
//! here knows about Smithy; [`crate::reconstruct`] turns pages into a model.

pub mod boto3;
mod bullet;
pub mod changes;
mod combine;
pub mod doc;
pub mod flattened;
pub mod full;
pub mod layout;
pub mod lossy;
pub mod pylit;
mod stream;
pub mod syntax;
mod union;

pub use doc::{Block, Doc};
pub use layout::Layout;

use crate::diag::{Error, Warning};

/// One documentation page, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The path the page was read from, as shown in diagnostics.
    pub file: String,
    pub layout: Layout,
    /// `YYYY-MM-DD`, when the page header states it.
    pub date: Option<String>,
    pub operations: Vec<OperationPage>,
    pub warnings: Vec<Warning>,
}

/// Whether a change page marks an operation new or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationStatus {
    New,
    Updated,
    /// A reference page, or a change page that does not say.
    Unstated,
}

/// One operation as one page documents it.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPage {
    /// PascalCase, as the API spells it (`ListPipelineExecutions`).
    pub name: String,
    /// What proves the spelling of `name`.
    pub name_source: NameSource,
    /// The Python method name, when the page shows the request syntax.
    pub method: Option<String>,
    pub status: OperationStatus,
    /// The line the operation's section starts on.
    pub line: usize,
    pub changes: Option<ChangeSet>,
    pub documentation: Doc,
    pub input: Vec<Member>,
    pub output: Output,
    /// Error shape names the page lists for the operation.
    pub errors: Vec<String>,
}

/// What proves the spelling of an operation's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameSource {
    /// Nothing: each word of the method name capitalised.
    Guess,
    /// The page's text: the whole name, or every word beside a neighbour.
    Text,
    /// A section header (`Name (new) Link ¶`).
    Header,
}

/// What an operation returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The page says it returns `None`.
    Nothing,
    Members(Vec<Member>),
    /// The page does not show the response (a lossy scrape dropped it).
    Unknown,
    /// The page says `# This section is too large to render.` where the response
    /// would be; `line` is where it says so.
    TooLarge {
        line: usize,
    },
}

/// The `Changes (...)` block of an updated operation, its items flattened to paths.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    pub line: usize,
    pub request: Vec<changes::ChangeItem>,
    pub response: Vec<changes::ChangeItem>,
    /// Items whose side the layout does not say (no caption survives).
    pub unsided: Vec<changes::ChangeItem>,
    /// False when the scrape cut the block short, so the items are a prefix.
    pub complete: bool,
}

impl ChangeSet {
    /// Every item, whatever its side.
    pub fn items(&self) -> impl Iterator<Item = &changes::ChangeItem> {
        self.request.iter().chain(&self.response).chain(&self.unsided)
    }
}

/// Whether a request member is required. Response members are never marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// The page cannot say: a response member, or a lossy scrape.
    Unknown,
}

/// A named member of the request, the response or a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub required: Required,
    pub documentation: Doc,
    pub target: Target,
    pub line: usize,
}

/// The unnamed part of a list (its item) or of a map (its key or value).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub documentation: Doc,
    pub target: Target,
    pub line: usize,
}

/// A simple type, as the request syntax and the bullets' type words show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    String,
    Integer,
    Double,
    Float,
    Boolean,
    Timestamp,
    Blob,
    Document,
}

/// The type of a member or item, as far as the page proves it.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Scalar(Scalar),
    /// A string enum, values in model order. `complete` is false when the page
    /// proves some values but lost others.
    Enum {
        values: Vec<String>,
        complete: bool,
    },
    /// A string whose page lost the line that would say whether it is an enum.
    StringOrEnum,
    /// A number whose page lost whether it is a double or a float.
    FloatingPoint,
    Structure(Vec<Member>),
    /// A tagged union: exactly one member is set. The page says `This is a Tagged
    /// Union structure` in the documentation of the member that holds it.
    Union(Vec<Member>),
    /// A reference back to the nearest enclosing structure (`{'... recursive ...'}`).
    Recursive,
    List(Box<Item>),
    Map(Box<Item>, Box<Item>),
    /// Nothing on the page proves the type.
    Unknown,
}

impl Target {
    /// True when some fact about the type is missing.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, Target::Unknown | Target::StringOrEnum | Target::FloatingPoint)
            || matches!(self, Target::Enum { complete: false, .. })
    }
}

/// Reads and parses one page from disk.
pub fn read_page(path: &std::path::Path, display: &str) -> Result<Page, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(display, &e))?;
    parse_page(display, &bytes)
}

/// Parses one page from its bytes. `file` names it in diagnostics.
pub fn parse_page(file: &str, bytes: &[u8]) -> Result<Page, Error> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Error::at_line(file, line, "expected UTF-8 text, found an invalid byte sequence"));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::at_line(file, 1, "expected a documentation page, found an empty file"));
    }
    let layout = layout::detect(text).map_err(|message| Error::at_line(file, 1, message))?;
    let lines = stream::Lines::new(text);
    let mut page = match layout {
        Layout::ChangesFull | Layout::ChangesLossy => full::parse(file, &lines, layout)?,
        Layout::ChangesFlattened => flattened::parse(file, &lines)?,
        Layout::Boto3Reference => boto3::parse(file, &lines)?,
    };
    union::mark_unions(&mut page);
    page.warnings.sort();
    page.warnings.dedup();
    Ok(page)
}
