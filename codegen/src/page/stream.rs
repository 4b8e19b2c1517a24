//! Numbered lines of a page, and small text helpers the layout parsers share.

/// A page's lines, each with its 1-based number.
pub(crate) struct Lines<'a> {
    pub lines: Vec<(usize, &'a str)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r'))).collect();
        Lines { lines }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The text of line index `i` (0-based), or "" past the end.
    pub fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.1)
    }

    /// The 1-based number of line index `i`; the last line past the end.
    pub fn number(&self, i: usize) -> usize {
        self.lines.get(i).or(self.lines.last()).map_or(1, |l| l.0)
    }
}

/// Replaces non-breaking spaces with spaces.
pub(crate) fn plain(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

/// The indentation width of a line, in spaces.
pub(crate) fn indent(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// `create_training_job` → `CreateTrainingJob`.
pub(crate) fn pascal_from_method(method: &str) -> String {
    method
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
        })
        .collect()
}

/// Finds the API's own spelling of an operation in the page text: the word that
/// equals `method` with the underscores removed, ignoring case, and starts with a
/// capital (`list_auto_ml_jobs` → `ListAutoMLJobs`). Falls back to plain PascalCase.
pub(crate) fn operation_name(method: &str, text: &str) -> String {
    let fallback = pascal_from_method(method);
    let wanted: String = method.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() == wanted.len()
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.eq_ignore_ascii_case(&wanted)
        {
            *counts.entry(word).or_default() += 1;
        }
    }
    for (word, n) in counts {
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, word));
        }
    }
    best.map_or(fallback, |(_, w)| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_follow_the_text() {
        assert_eq!(pascal_from_method("create_training_job"), "CreateTrainingJob");
        assert_eq!(operation_name("list_auto_ml_jobs", "see ListAutoMLJobs and ListAutoMLJobs ."), "ListAutoMLJobs");
        assert_eq!(operation_name("list_auto_ml_jobs", "nothing here"), "ListAutoMlJobs");
    }
}
