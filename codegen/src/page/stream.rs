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

    /// The whole text, lines joined by newlines.
    pub fn joined(&self) -> String {
        self.lines.iter().map(|l| l.1).collect::<Vec<_>>().join("\n")
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

/// `# This section is too large to render.`, printed where a syntax or structure
/// would be.
pub(crate) fn is_too_large(text: &str) -> bool {
    text.trim_start().starts_with("# This section is too large to render")
}

/// The indentation width of a line, in spaces.
pub(crate) fn indent(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// The API's own spelling of an operation, as far as the page text proves it.
///
/// The whole name in the text wins (`list_auto_ml_jobs` → `ListAutoMLJobs`, the
/// most frequent spelling). Otherwise each word of the method takes the spelling
/// that identifiers in the text give it beside a neighbour: `AutoMLJobName` spells
/// `auto_ml` as `AutoML`, so `describe_auto_ml_job_v2` → `DescribeAutoMLJobV2`.
/// Words nothing spells are capitalised. Returns the name and whether the text
/// proved every word.
pub(crate) fn operation_name_proved(method: &str, text: &str) -> (String, bool) {
    let wanted: String = method.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut whole: std::collections::BTreeMap<&str, usize> = Default::default();
    for w in &words {
        if w.len() == wanted.len() && w.starts_with(|c: char| c.is_ascii_uppercase()) && w.eq_ignore_ascii_case(&wanted)
        {
            *whole.entry(w).or_default() += 1;
        }
    }
    if let Some((w, _)) = whole.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
        return (w.to_string(), true);
    }
    let tokens: Vec<&str> = method.split('_').filter(|p| !p.is_empty()).collect();
    // Votes for each token's spelling, from windows of two adjacent tokens.
    let mut votes: Vec<std::collections::BTreeMap<String, usize>> = vec![Default::default(); tokens.len()];
    for i in 0..tokens.len().saturating_sub(1) {
        let window = format!("{}{}", tokens[i], tokens[i + 1]);
        for w in &words {
            for spelled in boundary_matches(w, &window) {
                let (a, b) = spelled.split_at(tokens[i].len());
                *votes[i].entry(a.to_string()).or_default() += 1;
                *votes[i + 1].entry(b.to_string()).or_default() += 1;
            }
        }
    }
    let mut proved = true;
    let name = tokens
        .iter()
        .zip(&votes)
        .enumerate()
        .map(|(i, (t, v))| {
            let upper_first =
                v.iter().filter(|(s, _)| s.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()));
            match upper_first.max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
                Some((s, _)) => s.clone(),
                None => {
                    // The verb is a plain word: capitalised is its spelling.
                    proved &= i == 0;
                    capitalise(t)
                }
            }
        })
        .collect();
    (name, proved)
}

/// The spellings of `needle` (lower case) inside identifier `word` that start at
/// a word boundary (an upper-case letter or a digit) and end at one (the end, or
/// before an upper-case letter or a digit).
fn boundary_matches<'w>(word: &'w str, needle: &str) -> Vec<&'w str> {
    let lower = word.to_ascii_lowercase();
    let b = word.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = lower[from..].find(needle) {
        let at = from + k;
        let end = at + needle.len();
        let starts = b[at].is_ascii_uppercase() || b[at].is_ascii_digit();
        let ends = end == b.len() || b[end].is_ascii_uppercase() || b[end].is_ascii_digit();
        if starts && ends {
            out.push(&word[at..end]);
        }
        from = at + 1;
    }
    out
}

fn capitalise(t: &str) -> String {
    let mut c = t.chars();
    c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
}

/// [`operation_name_proved`], with what proves it.
pub(crate) fn operation_name(method: &str, text: &str) -> (String, super::NameSource) {
    let (name, proved) = operation_name_proved(method, text);
    (name, if proved { super::NameSource::Text } else { super::NameSource::Guess })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_follow_the_text() {
        assert_eq!(
            operation_name_proved("list_auto_ml_jobs", "see ListAutoMLJobs and ListAutoMLJobs ."),
            ("ListAutoMLJobs".into(), true)
        );
        assert_eq!(operation_name_proved("list_auto_ml_jobs", "nothing here"), ("ListAutoMlJobs".into(), false));
        assert_eq!(
            operation_name_proved("describe_auto_ml_job_v2", "AutoMLJobName (string) – AutoMLJobArn V2"),
            ("DescribeAutoMLJobV2".to_string(), false)
        );
        assert_eq!(
            operation_name_proved("create_hyper_parameter_tuning_job", "HyperParameterTuningJobName"),
            ("CreateHyperParameterTuningJob".into(), true)
        );
    }
}
