//! The bullet lexer: the `Name (type) -- [REQUIRED]` markers every layout prints
//! before a member's documentation, with `--` or an en dash, and the `• ` bullets
//! of the nested change pages.

/// A bullet marker at the start of `text`: `Name (type) -- [REQUIRED]` or
/// `(type) --`, with `--` or an en dash. Returns the name, the type word, the
/// required mark and the byte length of the marker.
pub(crate) fn marker(text: &str) -> Option<(Option<String>, String, bool, usize)> {
    let (name, rest_at) = if text.starts_with('(') {
        (None, 1)
    } else {
        let open = text.find(" (")?;
        let name = &text[..open];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')) {
            return None;
        }
        (Some(name.to_string()), open + 2)
    };
    let rest = &text[rest_at..];
    let close = rest.find(')')?;
    let word = &rest[..close];
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let mut at = rest_at + close + 1;
    let after = &text[at..];
    let dash = if after.starts_with(" --") {
        3
    } else if after.starts_with(" –") {
        1 + '–'.len_utf8()
    } else {
        return None;
    };
    at += dash;
    let required = text[at..].trim_start().starts_with("[REQUIRED]");
    if required {
        at = text[at..].find("[REQUIRED]").map_or(at, |k| at + k + "[REQUIRED]".len());
    }
    Some((name, word.to_string(), required, at))
}

/// `• Name (type) -- [REQUIRED]` or `• (type) --`: the name, the type word and
/// whether it is marked required.
pub(crate) fn member_bullet(line: &str) -> Option<(Option<String>, String, bool)> {
    let (name, word, required, _) = marker(line.trim().strip_prefix("• ")?)?;
    Some((name, word, required))
}
