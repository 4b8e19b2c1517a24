//! Page layout detection, from the text alone.

use super::stream::plain;

/// The four ways the pages were rendered to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// A change page with headers, indentation and every line kept.
    ChangesFull,
    /// A change page whose scrape dropped every one-token line.
    ChangesLossy,
    /// A change page with blank lines, indentation and field names pressed out.
    ChangesFlattened,
    /// A page of the SDK's reference documentation for one operation.
    Boto3Reference,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::ChangesFull => "change page, full",
            Layout::ChangesLossy => "change page, lossy",
            Layout::ChangesFlattened => "change page, flattened",
            Layout::Boto3Reference => "boto3 reference page",
        }
    }
}

/// Matches `YYYY/MM/DD - Service - N new M updated api methods` and returns `YYYY-MM-DD`.
pub(crate) fn change_header_date(line: &str) -> Option<String> {
    let line = plain(line);
    let line = line.trim();
    let date = line.get(..10)?;
    let b = date.as_bytes();
    let shape_ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'/' } else { c.is_ascii_digit() });
    if !shape_ok || !line[10..].starts_with(" - ") || !(line.ends_with("api methods") || line.ends_with("api method")) {
        return None;
    }
    Some(date.replace('/', "-"))
}

/// Matches `Name (new) Link ¶` / `Name (updated) Link ¶`.
pub(crate) fn section_header(line: &str) -> Option<(String, super::OperationStatus)> {
    let line = plain(line);
    let rest = line.trim().strip_suffix('¶')?.trim_end().strip_suffix("Link")?.trim_end();
    let (name, status) = if let Some(n) = rest.strip_suffix("(new)") {
        (n, super::OperationStatus::New)
    } else if let Some(n) = rest.strip_suffix("(updated)") {
        (n, super::OperationStatus::Updated)
    } else {
        return None;
    };
    let name = name.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())).then(|| (name.to_string(), status))
}

/// Matches the first line of a reference page: `SageMaker / Client / create_algorithm`.
pub(crate) fn reference_header(line: &str) -> Option<String> {
    let parts: Vec<&str> = line.trim().split(" / ").collect();
    match parts.as_slice() {
        [_, "Client", method]
            if !method.is_empty()
                && method.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
        {
            Some(method.to_string())
        }
        _ => None,
    }
}

/// Decides the layout, or says what was expected.
pub fn detect(text: &str) -> Result<Layout, String> {
    let lines: Vec<&str> = text.lines().collect();
    let head: Vec<&str> = lines.iter().filter(|l| !l.trim().is_empty()).take(5).copied().collect();
    if head.first().and_then(|l| reference_header(l)).is_some() {
        return Ok(Layout::Boto3Reference);
    }
    if !head.iter().any(|l| change_header_date(l).is_some()) {
        return Err("unrecognised page layout: expected a change page header `YYYY/MM/DD - <service> - N new M updated api methods` \
             or a reference page header `<Service> / Client / <method>` in the first lines"
            .to_string());
    }
    let has_sections = lines.iter().any(|l| section_header(l).is_some());
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    if !has_sections && blank == 0 {
        return Ok(Layout::ChangesFlattened);
    }
    if !has_sections {
        return Err("unrecognised change page: it has blank lines but no `Name (new|updated) Link ¶` section headers"
            .to_string());
    }
    let single_token = lines.iter().any(|l| {
        let t = plain(l);
        let t = t.trim();
        !t.is_empty() && !t.contains(char::is_whitespace)
    });
    Ok(if single_token { Layout::ChangesFull } else { Layout::ChangesLossy })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            change_header_date("2019/10/24 - Amazon SageMaker Service - 9 updated api methods").as_deref(),
            Some("2019-10-24")
        );
        assert_eq!(change_header_date("2019/10/24 - nothing"), None);
        let (name, status) = section_header("CreateAlgorithm\u{a0}(updated)\u{a0}Link ¶").unwrap();
        assert_eq!((name.as_str(), status), ("CreateAlgorithm", crate::page::OperationStatus::Updated));
        assert_eq!(reference_header("SageMaker / Client / create_algorithm").as_deref(), Some("create_algorithm"));
    }

    #[test]
    fn detection() {
        let head = "2020/12/01 - S - 1 new api methods\n\n";
        assert_eq!(detect(&format!("{head}Op (new) Link ¶\n\nrtype\n")), Ok(Layout::ChangesFull));
        assert_eq!(detect(&format!("{head}Op (new) Link ¶\n\nRequest Syntax\n")), Ok(Layout::ChangesLossy));
        assert_eq!(detect("2018/01/17 - S - 4 updated api methods\nstring\n"), Ok(Layout::ChangesFlattened));
        assert_eq!(detect("S / Client / op\nop#\n"), Ok(Layout::Boto3Reference));
        assert!(detect("hello\nworld\n").unwrap_err().contains("unrecognised page layout"));
    }
}
