//! Page parsers: each layout on a small excerpt, one real operation per layout
//! as a snapshot, and bad pages.

use sagemaker_codegen::page::{self, Layout, Output, Required, Scalar, Target};
use sagemaker_tests::{render_operation, root, source};

fn parse(text: &str) -> page::Page {
    page::parse_page("excerpt.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn full_layout_excerpt() {
    let text = "Amazon SageMaker Service\n\n2020/12/01 - Amazon SageMaker Service - 1 new api methods\n\nChanges\u{a0} Update\n\n\
DeleteThing\u{a0}(new)\u{a0}Link ¶\n\nDeletes a thing .\n\nSee also: AWS API Documentation\n\nRequest Syntax\n\n\
client.delete_thing(\n    ThingName='string',\n    Mode='Fast'|'Slow',\n    Labels={\n        'string': 'string'\n    }\n)\n\
type ThingName\n\nstring\n\nparam ThingName\n\n[REQUIRED]\n\nThe name of the thing.\n\n\
type Mode\n\nstring\n\nparam Mode\n\nHow to delete it.\n\n\
type Labels\n\ndict\n\nparam Labels\n\nLabels.\n\n  • (string) --\n\n    • (string) --\n\nreturns\n\nNone\n";
    let p = parse(text);
    assert_eq!(p.layout, Layout::ChangesFull);
    assert_eq!(p.date.as_deref(), Some("2020-12-01"));
    let op = &p.operations[0];
    assert_eq!(op.name, "DeleteThing");
    assert_eq!(op.documentation.text(), "Deletes a thing.");
    assert_eq!(op.input[0].required, Required::Yes);
    assert_eq!(op.input[1].required, Required::No);
    assert_eq!(op.input[1].target, Target::Enum { values: vec!["Fast".into(), "Slow".into()], complete: true });
    assert!(matches!(op.input[2].target, Target::Map(..)), "{:?}", op.input[2].target);
    assert_eq!(op.output, Output::Nothing);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn lossy_layout_excerpt() {
    let text = r#"2019/10/24 - Amazon SageMaker Service - 1 updated api methods

Changes  Update sagemaker client

GetThing (updated) Link ¶
Changes (request)
{'Config': {'Mode': {'Slow',

Gets a thing.

Request Syntax

        'Mode': 'Fast'|'Slow',
        'Size': 123
    Since=datetime(2015, 1, 1),
type Config


param Config


The config.

  • Mode (string) -- [REQUIRED]

    The mode.

  • Size (integer) --

    The size.

type Since


param Since

Since when.




Response Syntax

    'ThingArn': 'string'

Response Structure

  • (dict) --

    • ThingArn (string) --

      The ARN.
"#;
    let p = parse(text);
    assert_eq!(p.layout, Layout::ChangesLossy);
    let op = &p.operations[0];
    let Target::Structure(config) = &op.input[0].target else { panic!("{:?}", op.input[0].target) };
    assert_eq!(config[0].target, Target::Enum { values: vec!["Fast".into(), "Slow".into()], complete: true });
    assert_eq!(config[0].required, Required::Yes);
    assert_eq!(op.input[0].required, Required::Unknown, "a lossy top-level [REQUIRED] is unknowable");
    assert_eq!(op.input[1].target, Target::Scalar(Scalar::Timestamp));
    let c = op.changes.as_ref().unwrap();
    assert!(!c.complete);
    assert_eq!(c.request[0].path, vec!["Config".to_string(), "Mode".to_string()]);
    assert!(p.warnings.iter().any(|w| w.message.contains("cut short")), "{:?}", p.warnings);
}

#[test]
fn flattened_layout_excerpt() {
    let text = "2018/01/17 - Amazon SageMaker Service - 1 updated api methods\nChanges Update sagemaker client\n{'Tags': 'string'}\n\
Creates a thing.\nSee also: AWS API Documentation\nRequest Syntax\n\
client.create_thing( ThingName='string', Tags=[ { 'Key': 'string', 'Value': 'string' }, ] )\n\
string\n[REQUIRED]\nThe name.\nlist\nAn array of Tag objects.\n(dict) --\nDescribes a tag.\nKey (string) -- [REQUIRED]\nThe key.\n\
Value (string) --\nThe value.\ndict\nResponse Syntax\n{ 'ThingArn': 'string' }\nResponse Structure\n(dict) --\nThingArn (string) --\nThe ARN.\n";
    let p = parse(text);
    assert_eq!(p.layout, Layout::ChangesFlattened);
    let op = &p.operations[0];
    assert_eq!(op.name, "CreateThing");
    assert_eq!(op.input[0].required, Required::Yes);
    let Target::List(item) = &op.input[1].target else { panic!() };
    assert_eq!(item.documentation.text(), "Describes a tag.");
    let Target::Structure(tag) = &item.target else { panic!() };
    assert_eq!((tag[0].required, tag[1].required), (Required::Yes, Required::No));
    let Output::Members(out) = &op.output else { panic!() };
    assert_eq!(out[0].documentation.text(), "The ARN.");
}

#[test]
fn reference_layout_excerpt() {
    let text = "SageMaker / Client / create_thing\ncreate_thing#\n- SageMaker.Client.create_thing(**kwargs)#\nCreates a thing.\n\
See also: AWS API Documentation\nRequest Syntax\nresponse = client.create_thing( ThingName='string', Spec={ 'Mode': 'A'|'B', 'Size': 123 } )\n\
- Parameters:\nThingName (string) –\n[REQUIRED]\nThe name.\nSpec (dict) – The spec, see\nMode\n.Mode (string) – [REQUIRED]\nThe mode.\n\
Size (integer) – The size.\n- Return type:\ndict\n- Returns:\nResponse Syntax\n{ 'ThingArn': 'string' }\nResponse Structure\n(dict) –\n\
ThingArn (string) –\nThe ARN.\nExceptions\nSageMaker.Client.exceptions.ResourceLimitExceeded\n";
    let p = parse(text);
    assert_eq!(p.layout, Layout::Boto3Reference);
    let op = &p.operations[0];
    assert_eq!(op.input[0].required, Required::Yes);
    assert_eq!(op.input[1].documentation.text(), "The spec, see Mode.");
    let Target::Structure(spec) = &op.input[1].target else { panic!() };
    assert_eq!(spec[0].required, Required::Yes, "a bullet glued after a literal is found");
    assert_eq!(op.errors, vec!["ResourceLimitExceeded".to_string()]);
}

fn snapshot_op(file: &str, op: &str, depth: usize) -> String {
    let p = page::read_page(&source(file), file).unwrap();
    let op = p.operations.iter().find(|o| o.name == op).unwrap_or_else(|| panic!("{op} not on {file}"));
    render_operation(op, depth)
}

#[test]
fn snapshot_full_layout_operation() {
    insta::assert_snapshot!(snapshot_op("changes/2020-12-01.txt", "ListPipelineExecutions", 4));
}

#[test]
fn snapshot_lossy_layout_operation() {
    insta::assert_snapshot!(snapshot_op("changes/2019-10-24.txt", "CreateEndpointConfig", 4));
}

#[test]
fn snapshot_flattened_layout_operation() {
    insta::assert_snapshot!(snapshot_op("changes/2018-01-17.txt", "CreateEndpointConfig", 4));
}

#[test]
fn snapshot_reference_layout_operation() {
    insta::assert_snapshot!(snapshot_op("boto3/2024-02-28/create_algorithm.txt", "CreateAlgorithm", 2));
}

#[test]
fn empty_and_non_utf8_and_unknown_pages_fail_with_file_and_line() {
    let e = page::parse_page("empty.txt", b"  \n").unwrap_err();
    assert_eq!(e.to_string(), "empty.txt:1: expected a documentation page, found an empty file");
    let mut bytes = std::fs::read(source("changes/2018-01-17.txt")).unwrap();
    let at = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(9).unwrap().0 + 1;
    bytes.insert(at, 0xff);
    let e = page::parse_page("bad.txt", &bytes).unwrap_err();
    assert!(e.to_string().starts_with("bad.txt:11: expected UTF-8"), "{e}");
    let e = page::parse_page("other.txt", b"Some other page\nwith text\n").unwrap_err();
    assert!(e.to_string().contains("unrecognised page layout"), "{e}");
}

#[test]
fn truncated_pages_give_an_error_or_warnings_never_a_panic() {
    for file in [
        "changes/2018-01-17.txt",
        "changes/2019-10-24.txt",
        "changes/2020-12-01.txt",
        "boto3/2023-05-22/create_algorithm.txt",
    ] {
        let bytes = std::fs::read(source(file)).unwrap();
        for k in 1..=20 {
            let mut cut = bytes.len() * k / 21;
            while cut > 0 && std::str::from_utf8(&bytes[..cut]).is_err() {
                cut -= 1;
            }
            if let Err(e) = page::parse_page(file, &bytes[..cut]) {
                assert!(e.to_string().starts_with(&format!("{file}:")), "{e}");
            }
        }
    }
}

/// A reference page with what the seeds never showed: a marker that inline code
/// broke over three lines, a recursive shape, a response too large to render, a
/// tagged union and the operation's exceptions.
#[test]
fn reference_page_features_beyond_the_seeds() {
    let text = "SageMaker / Client / search_auto_ml_things\nsearch_auto_ml_things#\n- SageMaker.Client.search_auto_ml_things(**kwargs)#\n\
Searches things.\nSee also: AWS API Documentation\nRequest Syntax\n\
response = client.search_auto_ml_things( Expression={ 'Name': 'string', 'SubExpressions': [ {'... recursive ...'}, ] }, \
ProblemConfig={ 'Text': { 'Column': 'string' }, 'Image': { 'Size': 123 } }, SortBy='Name'|'CreationTime', AutoMLThingName='string' )\n\
- Parameters:\nExpression (dict) –\nAn expression.\nName (string) –\nA name.\nSubExpressions (list) –\nSub-expressions.\n(dict) –\nAn expression.\n\
ProblemConfig (dict) –\nThe problem.\nNote\nThis is a Tagged Union structure. Only one of the following top level keys can be set:\nText\n,Image\n.\n\
Text (dict) –\nText settings.\nColumn (string) –\nThe column.\nImage (dict) –\nImage settings.\nSize (integer) –\nThe size.\n\
SortBy\n(string)\n–\nHow to sort. The default is\nName\n.AutoMLThingName (string) – [REQUIRED]\nThe name.\n\
- Return type:\ndict\n- Returns:\nResponse Syntax\n\
# This section is too large to render. # Please see the AWS API Documentation linked below.\nAWS API Documentation\nResponse Structure\n\
# This section is too large to render. # Please see the AWS API Documentation linked below.\nAWS API Documentation\n\
Exceptions\n- SageMaker.Client.exceptions.ResourceNotFound\n";
    let p = parse(text);
    assert_eq!(p.layout, Layout::Boto3Reference);
    let op = &p.operations[0];
    // The text proves `AutoML`, not `AutoMl`.
    assert_eq!(op.name, "SearchAutoMLThings");
    let names: Vec<&str> = op.input.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Expression", "ProblemConfig", "SortBy", "AutoMLThingName"]);
    let Target::Structure(expression) = &op.input[0].target else { panic!("{:?}", op.input[0].target) };
    let Target::List(item) = &expression[1].target else { panic!() };
    assert_eq!(item.target, Target::Recursive);
    let Target::Union(variants) = &op.input[1].target else { panic!("{:?}", op.input[1].target) };
    assert_eq!(variants.len(), 2);
    assert!(!op.input[1].documentation.text().contains("Tagged Union"), "{}", op.input[1].documentation.text());
    assert_eq!(op.input[2].documentation.text().trim_end_matches('.'), "How to sort. The default is Name");
    assert_eq!(op.input[3].required, Required::Yes);
    let too_large = text.lines().position(|l| l.starts_with("# This section")).unwrap() + 1;
    assert_eq!(op.output, Output::TooLarge { line: too_large });
    assert_eq!(op.errors, ["ResourceNotFound"]);
    let at = format!("excerpt.txt:{too_large}:");
    assert!(p.warnings.iter().any(|w| w.to_string().contains(&at) && w.message.contains("too large")));
}

/// A section that cannot be read costs its operation, never the page.
#[test]
fn an_unreadable_section_is_skipped_with_its_line() {
    let text = "2020/12/01 - Amazon SageMaker Service - 2 new api methods\n\nChanges\u{a0} Update\n\n\
BrokenThing\u{a0}(new)\u{a0}Link ¶\n\nBroken.\n\nRequest Syntax\n\nclient.broken_thing(\n    Name='string\n)\n\
type Name\n\nstring\n\nparam Name\n\nThe name.\n\nreturns\n\nNone\n\n\
DeleteThing\u{a0}(new)\u{a0}Link ¶\n\nDeletes a thing.\n\nRequest Syntax\n\nclient.delete_thing(\n    ThingName='string'\n)\n\
type ThingName\n\nstring\n\nparam ThingName\n\nThe name.\n\nreturns\n\nNone\n";
    let p = parse(text);
    assert_eq!(p.operations.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["DeleteThing"]);
    assert!(p.warnings.iter().any(|w| w.message.contains("skipped")), "{:?}", p.warnings);
}

/// A change page whose response syntax rendered but whose structure did not
/// (`**Response Structure**`, `::`, then the too-large note): the syntax alone
/// gives the members.
#[test]
fn a_structure_too_large_under_a_rendered_syntax_gives_the_syntax_members() {
    let text = "2020/12/08 - Amazon SageMaker Service - 1 updated api methods\n\nChanges\u{a0} Update\n\n\
FindThings\u{a0}(updated)\u{a0}Link ¶\n\nFinds things.\n\nRequest Syntax\n\nclient.find_things(\n    Query='string'\n)\n\
type Query\n\nstring\n\nparam Query\n\nThe query.\n\nrtype\n\ndict\n\nreturns\n\nResponse Syntax\n\n\
{\n    'Results': [\n        {\n            'Status': 'Ready'|'Gone'\n        },\n    ],\n    'NextToken': 'string'\n}\n\n\
**Response Structure**\n::\n\n    # This section is too large to render.\n    # Please see the AWS API Documentation linked below.\n";
    let p = parse(text);
    let op = &p.operations[0];
    let Output::Members(out) = &op.output else { panic!("{:?}", op.output) };
    assert_eq!(out.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Results", "NextToken"]);
    let Target::List(item) = &out[0].target else { panic!() };
    let Target::Structure(fields) = &item.target else { panic!() };
    assert_eq!(fields[0].target, Target::Enum { values: vec!["Ready".into(), "Gone".into()], complete: true });
    assert!(p.warnings.iter().any(|w| w.message.contains("structure is too large")), "{:?}", p.warnings);
}

/// Every documentation a page shows, by operation, side and member path.
fn documentation_by_place(page: &page::Page) -> Vec<(String, page::Doc)> {
    fn walk(out: &mut Vec<(String, page::Doc)>, at: &str, t: &page::Target) {
        match t {
            page::Target::Structure(ms) | page::Target::Union(ms) => {
                for m in ms {
                    let here = format!("{at}/{}", m.name);
                    out.push((here.clone(), m.documentation.clone()));
                    walk(out, &here, &m.target);
                }
            }
            page::Target::List(item) => walk(out, &format!("{at}/[]"), &item.target),
            page::Target::Map(_, value) => walk(out, &format!("{at}/{{}}"), &value.target),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for op in &page.operations {
        let name = op.name.to_ascii_lowercase();
        walk(&mut out, &format!("{name}/in"), &page::Target::Structure(op.input.clone()));
        if let page::Output::Members(ms) = &op.output {
            walk(&mut out, &format!("{name}/out"), &page::Target::Structure(ms.clone()));
        }
    }
    out
}

#[test]
fn reference_documentation_has_the_paragraphs_change_pages_give_the_same_words() {
    let sources = sagemaker_codegen::reconstruct::load_sources(&root().join("model/sources.json")).unwrap();
    let words = |d: &page::Doc| d.text().split_whitespace().collect::<String>();
    let mut rendered: std::collections::HashMap<(String, String), page::Doc> = std::collections::HashMap::new();
    for s in sources.pages.iter().filter(|s| s.page.layout == page::Layout::ChangesFull) {
        for (place, doc) in documentation_by_place(&s.page) {
            if !doc.is_empty() {
                rendered.insert((place, words(&doc)), doc);
            }
        }
    }
    let (mut compared, mut agreeing, mut differing) = (0, 0, Vec::<String>::new());
    for s in sources.pages.iter().filter(|s| s.page.layout == page::Layout::Boto3Reference) {
        for (place, doc) in documentation_by_place(&s.page) {
            let Some(twin) = rendered.get(&(place.clone(), words(&doc))) else { continue };
            compared += 1;
            if twin.blocks == doc.blocks {
                agreeing += 1;
            } else if differing.len() < 5 {
                differing.push(format!("{place}:\n  reference {:?}\n  change    {:?}", doc.blocks, twin.blocks));
            }
        }
    }
    eprintln!("{agreeing} of {compared} reference documentations have a change page's paragraphs");
    assert!(compared > 5000, "{compared}");
    // Measured: 13,287 of 15,042 (13,164 before the glue was undone); the rest
    // are bullets the reference layout shows as paragraphs and code glued to a
    // lower-case word, which the reconstruction takes from the change pages.
    assert!(agreeing * 1000 >= compared * 880, "{agreeing} of {compared}:\n{}", differing.join("\n"));
}
