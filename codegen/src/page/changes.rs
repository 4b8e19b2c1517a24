//! The `Changes` dict literals of updated operations: what the published change
//! set says was added since the previous release.

use super::pylit::{self, PyValue};

/// One leaf of a `Changes` dict.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangeItem {
    /// Member names from the top of the request or response down; lists are
    /// looked through, so a member inside list items follows the list's name.
    pub path: Vec<String>,
    pub change: Change,
}

/// What changed at a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A member was added, with the type skeleton the page prints
    /// (`string`, `integer`, `timestamp`, `A | B` for an enum).
    Added(String),
    /// An existing enum gained these values.
    EnumValues(Vec<String>),
}

/// Reads the lines after a `Changes (<caption>)` line into a change set. With both
/// sides, `Request` and `Response` lines head one literal each; a layout that lost
/// them leaves the items unsided.
pub fn parse_captioned(line: usize, caption: &str, lines: &[&str]) -> super::ChangeSet {
    let mut set = super::ChangeSet { line, complete: true, ..Default::default() };
    let request = caption.contains("request");
    let response = caption.contains("response");
    let mut parts: Vec<(Option<bool>, Vec<&str>)> = Vec::new();
    for l in lines {
        match l.trim() {
            "Request" => parts.push((Some(true), Vec::new())),
            "Response" => parts.push((Some(false), Vec::new())),
            _ => match parts.last_mut() {
                Some((_, body)) => body.push(l),
                None => parts.push((None, vec![l])),
            },
        }
    }
    for (side, body) in parts {
        let (items, complete) = parse_block(&body);
        set.complete &= complete;
        let side = side.or(match (request, response) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        });
        match side {
            Some(true) => set.request.extend(items),
            Some(false) => set.response.extend(items),
            None => set.unsided.extend(items),
        }
    }
    set
}

/// Parses a whole `Changes` literal. Returns the items and whether the literal
/// was complete; a truncated one (the lossy scrape) is salvaged line by line.
pub fn parse_block(lines: &[&str]) -> (Vec<ChangeItem>, bool) {
    let joined = lines.join("\n");
    match pylit::parse(&joined) {
        Ok(value) => {
            let mut items = Vec::new();
            flatten(&value, &mut Vec::new(), &mut items);
            (items, true)
        }
        Err(_) => (salvage(lines), false),
    }
}

fn flatten(value: &PyValue, path: &mut Vec<String>, out: &mut Vec<ChangeItem>) {
    match value {
        PyValue::Dict(entries) => {
            for (key, v) in entries {
                if let PyValue::Str(k) = key {
                    path.push(k.clone());
                    flatten(v, path, out);
                    path.pop();
                }
            }
        }
        PyValue::List(items) => {
            for item in items {
                flatten(item, path, out);
            }
        }
        PyValue::Set(values) => {
            let values = values
                .iter()
                .filter_map(|v| if let PyValue::Str(s) = v { Some(s.trim().to_string()) } else { None })
                .collect();
            out.push(ChangeItem { path: path.clone(), change: Change::EnumValues(values) });
        }
        PyValue::Str(skeleton) => {
            out.push(ChangeItem { path: path.clone(), change: Change::Added(normalise_skeleton(skeleton)) })
        }
        _ => out.push(ChangeItem { path: path.clone(), change: Change::Added("unknown".into()) }),
    }
}

/// `'GZIP ' '| ' 'SNAPPY'` was concatenated to `GZIP | SNAPPY`; tidy the spaces.
fn normalise_skeleton(s: &str) -> String {
    s.split('|').map(str::trim).collect::<Vec<_>>().join(" | ")
}

/// Recovers what a truncated pretty-printed dict still shows. pprint aligns each
/// key under its siblings, so a key's column tells its depth.
fn salvage(lines: &[&str]) -> Vec<ChangeItem> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for line in lines {
        let tokens = tokenize(line);
        let mut i = 0;
        while i < tokens.len() {
            let col = tokens[i].0;
            let key = match (&tokens[i].1, tokens.get(i + 1)) {
                (Tok::Str(key), Some((_, Tok::Punct(':')))) => key.clone(),
                _ => {
                    i += 1;
                    continue;
                }
            };
            while stack.last().is_some_and(|(c, _)| *c >= col) {
                stack.pop();
            }
            stack.push((col, key));
            let path: Vec<String> = stack.iter().map(|(_, k)| k.clone()).collect();
            // What follows the colon decides the item.
            let mut j = i + 2;
            while matches!(tokens.get(j), Some((_, Tok::Punct('[')))) {
                j += 1;
            }
            match tokens.get(j) {
                Some((_, Tok::Str(s))) => {
                    out.push(ChangeItem { path, change: Change::Added(normalise_skeleton(s)) });
                    i = j + 1;
                }
                Some((_, Tok::Punct('{'))) => {
                    let is_set = matches!(tokens.get(j + 1), Some((_, Tok::Str(_))))
                        && !matches!(tokens.get(j + 2), Some((_, Tok::Punct(':'))));
                    if is_set {
                        let mut values = Vec::new();
                        let mut k = j + 1;
                        while let Some((_, t)) = tokens.get(k) {
                            match t {
                                Tok::Str(s) => values.push(s.trim().to_string()),
                                Tok::Punct('}') => break,
                                _ => {}
                            }
                            k += 1;
                        }
                        out.push(ChangeItem { path, change: Change::EnumValues(values) });
                        i = k + 1;
                    } else {
                        i = j + 1;
                    }
                }
                _ => i = j + 1,
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Punct(char),
}

fn tokenize(line: &str) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (col, c) = chars[i];
        match c {
            '\'' | '"' => {
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i].1 != c {
                    if chars[i].1 == '\\' {
                        i += 1;
                    }
                    if let Some(&(_, ch)) = chars.get(i) {
                        s.push(ch);
                    }
                    i += 1;
                }
                out.push((col, Tok::Str(s)));
            }
            '{' | '}' | '[' | ']' | ':' | ',' => out.push((col, Tok::Punct(c))),
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_block() {
        let (items, complete) =
            parse_block(&["{'InputConfig': {'Framework': {'SKLEARN'}},", " 'Tags': [{'Key': 'string'}]}"]);
        assert!(complete);
        assert_eq!(
            items[0],
            ChangeItem {
                path: vec!["InputConfig".into(), "Framework".into()],
                change: Change::EnumValues(vec!["SKLEARN".into()])
            }
        );
        assert_eq!(
            items[1],
            ChangeItem { path: vec!["Tags".into(), "Key".into()], change: Change::Added("string".into()) }
        );
    }

    #[test]
    fn truncated_block_is_salvaged_by_column() {
        let lines = [
            "{'ProductionVariants': {'AcceleratorType': {'ml.eia2.large',",
            "                        'InstanceType': {'ml.c5d.18xlarge',",
        ];
        let (items, complete) = parse_block(&lines);
        assert!(!complete);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].path, vec!["ProductionVariants".to_string(), "InstanceType".to_string()]);
        assert_eq!(items[1].change, Change::EnumValues(vec!["ml.c5d.18xlarge".into()]));
    }
}
