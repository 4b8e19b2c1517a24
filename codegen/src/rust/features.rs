//! Cargo features by resource family: each operation belongs to the family of
//! the resource it acts on ([`super::resource`]), and each generated item is
//! compiled when the family of any operation that reaches it is enabled. With
//! no family feature enabled (the default), or with `full`, everything is.

use super::resource::ResourceFamilies;
use super::symbols::Symbols;
use crate::smithy::{shape_name, walk, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The feature every family feature enables: its presence means "only the
/// enabled families".
pub const BY_FAMILY: &str = "by-family";
/// The feature that compiles every family even when some are selected.
pub const FULL: &str = "full";

/// Which families reach which shapes and operations, for one revision.
#[derive(Debug, Default)]
pub struct Families {
    by_operation: BTreeMap<String, String>,
    by_shape: BTreeMap<String, BTreeSet<String>>,
    all: BTreeSet<String>,
}

impl Families {
    /// The families of a revision's operations and the shapes each reaches.
    pub fn new(symbols: &Symbols<'_>, resources: &ResourceFamilies) -> Self {
        let model = symbols.model();
        let mut families = Families::default();
        for id in model.operations() {
            let Some(family) = resources.of(shape_name(id)).map(str::to_owned) else { continue };
            let Some(ShapeKind::Operation { input, output, .. }) = model.shapes.get(id).map(|s| &s.kind) else {
                continue;
            };
            // The errors include the service's: each operation's error enum names them.
            let errors = symbols.operation_errors(id);
            let roots = input.iter().chain(output).chain(&errors).map(String::as_str);
            for shape in walk::reachable(model, roots) {
                families.by_shape.entry(shape).or_default().insert(family.clone());
            }
            families.by_operation.insert(id.to_owned(), family.clone());
            families.all.insert(family);
        }
        families
    }

    /// Every family of the revision.
    pub fn all(&self) -> &BTreeSet<String> {
        &self.all
    }

    /// The families whose operations reach a shape.
    pub fn of_shape(&self, id: &str) -> BTreeSet<String> {
        self.by_shape.get(id).cloned().unwrap_or_default()
    }

    /// The `#[cfg]` of a shape's items: none when every family reaches it.
    pub fn shape_cfg(&self, id: &str) -> TokenStream {
        let families = self.of_shape(id);
        if families == self.all {
            return quote!();
        }
        cfg(&families)
    }

    /// The `#[cfg]` of an operation's items.
    pub fn operation_cfg(&self, id: &str) -> TokenStream {
        match self.by_operation.get(id) {
            Some(family) if self.all.len() > 1 => cfg(&BTreeSet::from([family.clone()])),
            _ => quote!(),
        }
    }
}

fn cfg(families: &BTreeSet<String>) -> TokenStream {
    let families = families.iter();
    quote!(#[cfg(any(not(feature = #BY_FAMILY), feature = #FULL, #(feature = #families),*))])
}

/// `tokens` (whole items) with `attr` on each top-level item.
pub fn gate(tokens: TokenStream, attr: &TokenStream) -> TokenStream {
    if attr.is_empty() {
        return tokens;
    }
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => {
            let items = file.items.into_iter().map(|item| quote!(#attr #item));
            quote!(#(#items)*)
        }
        // Tokens that are not items are left as they are; the formatter
        // reports them with their file.
        Err(_) => tokens,
    }
}
