//! Names for reconstructed shapes: what the documentation calls a concept
//! ("An array of ProductionVariant objects"), otherwise the member's name, and
//! identifiers for enum members.

/// The type name that a description's first sentence gives, for a list's items
/// ("An array of ProductionVariant objects", "A list of the HyperParameterSpecification
/// objects") or for a structure ("A CategoricalParameterRangeSpecification object").
pub fn named_in_text(text: &str, list: bool) -> Option<String> {
    let sentence = text.split(". ").next().unwrap_or(text);
    let words: Vec<&str> = sentence.split_whitespace().take(12).collect();
    let is_type_name = |w: &str| {
        let w = w.trim_end_matches([',', '.', ';', ':']);
        w.len() > 2
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().all(|c| c.is_ascii_alphanumeric())
            && w.chars().any(|c| c.is_ascii_lowercase())
            && w.chars().skip(1).any(|c| c.is_ascii_uppercase())
    };
    let clean = |w: &str| w.trim_end_matches([',', '.', ';', ':']).to_string();
    for i in 0..words.len() {
        let w = words[i].to_ascii_lowercase();
        if list && (w == "array" || w == "list") && words.get(i + 1).is_some_and(|n| *n == "of") {
            let mut j = i + 2;
            if words.get(j).is_some_and(|n| n.eq_ignore_ascii_case("the")) {
                j += 1;
            }
            if let (Some(name), Some(next)) = (words.get(j), words.get(j + 1)) {
                if is_type_name(name) && next.trim_end_matches([',', '.']).starts_with("object") {
                    return Some(clean(name));
                }
            }
        }
        if !list && (w == "a" || w == "an") && i + 2 < words.len() + 1 {
            if let (Some(name), Some(next)) = (words.get(i + 1), words.get(i + 2)) {
                if is_type_name(name) && next.trim_end_matches([',', '.']) == "object" {
                    return Some(clean(name));
                }
            }
        }
    }
    None
}

/// The singular of a member name, for the items of a list (`Tags` → `Tag`).
pub fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with("sses")
        || name.ends_with("uses")
        || name.ends_with("xes")
        || name.ends_with("ches")
        || name.ends_with("shes")
    {
        name[..name.len() - 2].to_string()
    } else if let Some(stem) = name.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        stem.to_string()
    } else {
        format!("{name}Item")
    }
}

/// A Smithy identifier for an enum value: `ml.t2.medium` → `ML_T2_MEDIUM`,
/// `InProgress` → `IN_PROGRESS`.
pub fn enum_member_name(value: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase()
                            && next.is_some_and(|n| n.is_ascii_lowercase())
                            && chars.get(i + 2).is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "EMPTY".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V_{out}"),
        Some(_) => out,
    }
}

/// The resource noun of an operation: `CreateNotebookInstance` → `NotebookInstance`.
pub fn resource_noun(operation: &str) -> &str {
    let verb_end =
        operation.char_indices().skip(1).find(|(_, c)| c.is_ascii_uppercase()).map_or(operation.len(), |(i, _)| i);
    let noun = &operation[verb_end..];
    noun.strip_suffix('s').filter(|n| !n.is_empty() && !n.ends_with('s')).unwrap_or(noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_text() {
        assert_eq!(
            named_in_text("An array of ProductionVariant objects, one for each model.", true).as_deref(),
            Some("ProductionVariant")
        );
        assert_eq!(
            named_in_text("A list of the HyperParameterSpecification objects, that define", true).as_deref(),
            Some("HyperParameterSpecification")
        );
        assert_eq!(
            named_in_text("A CategoricalParameterRangeSpecification object that defines", false).as_deref(),
            Some("CategoricalParameterRangeSpecification")
        );
        assert_eq!(named_in_text("An array of key-value pairs.", true), None);
        assert_eq!(named_in_text("A list of tags objects", true), None);
    }

    #[test]
    fn singulars_and_enum_names() {
        assert_eq!(singular("Tags"), "Tag");
        assert_eq!(singular("Policies"), "Policy");
        assert_eq!(singular("ImageScanStatuses"), "ImageScanStatus");
        assert_eq!(singular("InputDataConfig"), "InputDataConfigItem");
        assert_eq!(enum_member_name("ml.t2.medium"), "ML_T2_MEDIUM");
        assert_eq!(enum_member_name("InProgress"), "IN_PROGRESS");
        assert_eq!(enum_member_name("FSxLustre"), "FSX_LUSTRE");
        assert_eq!(enum_member_name("HTTPServer"), "HTTP_SERVER");
        assert_eq!(enum_member_name("1.0"), "V_1_0");
        assert_eq!(resource_noun("CreateNotebookInstance"), "NotebookInstance");
        assert_eq!(resource_noun("ListPipelines"), "Pipeline");
    }
}
