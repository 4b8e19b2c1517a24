//! Severity rules, and what each change means for users of the generated crate.

use super::{Kind, Occurrence, Severity, Side};

/// The severity of a change (the worst over the sides it shows on) and its
/// impact on code that uses the generated crate.
pub fn classify(kind: &Kind, shape: &str, member: Option<&str>, at: &[Occurrence]) -> (Severity, String) {
    let request = at.iter().any(|o| o.side == Side::Request);
    let response = at.iter().any(|o| o.side == Side::Response);
    let member = member.unwrap_or("");
    let field = crate::rust::symbols::member_field_name(member);
    let worst = |on_request: Severity, on_response: Severity| {
        let mut s = Severity::Safe;
        if request {
            s = s.max(on_request);
        }
        if response {
            s = s.max(on_response);
        }
        s
    };
    match kind {
        Kind::OperationAdded => (Severity::Safe, format!("a new operation type `operations::{shape}` and its input and output types")),
        Kind::OperationRemoved => (
            Severity::Breaking,
            format!("`operations::{shape}` and its input and output types disappear: code that calls it no longer compiles"),
        ),
        Kind::MemberAdded { required: true, .. } if request => (
            worst(Severity::Breaking, Severity::Safe),
            format!("`{shape}::builder().build()` now fails until the caller sets `{field}`"),
        ),
        Kind::MemberAdded { .. } => (
            Severity::Safe,
            format!("a new optional field `{shape}::{field}` and its builder setter; existing code compiles unchanged"),
        ),
        Kind::MemberRemoved { .. } => (
            Severity::Breaking,
            format!("the field `{shape}::{field}` and its setter disappear: code that uses them no longer compiles"),
        ),
        Kind::TypeChanged { from, to } => (
            Severity::Breaking,
            format!("the type of `{shape}::{field}` changes from `{from}` to `{to}`: code that reads or sets it no longer compiles"),
        ),
        Kind::ShapeKindChanged { from, to } => (
            Severity::Breaking,
            format!(
                "`{shape}` changes from {} to {}: its Rust type changes kind, so code that builds, matches or reads it no longer compiles",
                with_article(from),
                with_article(to)
            ),
        ),
        Kind::RequiredAdded => (
            worst(Severity::Breaking, Severity::Safe),
            if request {
                format!("`{shape}::builder().build()` now fails unless the caller sets `{field}`")
            } else {
                format!("none: response fields stay `Option`, and `{field}` is now always expected")
            },
        ),
        Kind::RequiredRemoved => (
            worst(Severity::Safe, Severity::Dangerous),
            if response {
                format!("`{shape}::{field}` may now be `None` in responses: code that unwraps it can panic")
            } else {
                format!("`{shape}::builder().build()` no longer requires `{field}`")
            },
        ),
        Kind::EnumValuesAdded(values) => (
            worst(Severity::Safe, Severity::Dangerous),
            if response {
                format!(
                    "new variants of `{shape}` ({}): a `match` without a wildcard arm no longer compiles; older crates see them as `Unrecognized`",
                    values.join(", ")
                )
            } else {
                format!("new variants of `{shape}` to send ({}); existing code compiles unchanged", values.join(", "))
            },
        ),
        Kind::EnumValuesRemoved(values) => (
            Severity::Breaking,
            format!("variants of `{shape}` disappear ({}): code that names them no longer compiles", values.join(", ")),
        ),
        Kind::DocumentationChanged => (Severity::Safe, "rustdoc only".to_owned()),
    }
}

/// `an `enum``, `a `structure``: a shape kind with its article.
fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} `{kind}`")
}
