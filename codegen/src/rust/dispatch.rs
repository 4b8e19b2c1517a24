//! Matching a wire string against an enum's known values (member keys are
//! matched by the runtime, against each structure's key table). A plain
//! `match` on strings compares arm by arm; grouping the
//! arms by length first makes each lookup one jump and a few equal-length
//! comparisons, whatever the number of arms.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// One arm: the strings it matches (all the same meaning) and its expression.
pub struct Arm {
    pub keys: Vec<String>,
    pub body: TokenStream,
}

/// Below this many strings a plain `match` is as quick, and shorter.
const GROUP_FROM: usize = 8;

/// `match` over `scrutinee` (a `&str` expression) by length, then by value;
/// `fallback` is the expression for any other string: keep it short, as each
/// length group repeats it.
pub fn by_length(scrutinee: TokenStream, arms: &[Arm], fallback: TokenStream) -> TokenStream {
    let mut groups: BTreeMap<usize, Vec<(&str, &TokenStream)>> = BTreeMap::new();
    for arm in arms {
        for key in &arm.keys {
            groups.entry(key.len()).or_default().push((key, &arm.body));
        }
    }
    if groups.len() <= 1 || arms.iter().map(|a| a.keys.len()).sum::<usize>() < GROUP_FROM {
        let inner = arms.iter().map(|Arm { keys, body }| quote!(#(#keys)|* => #body,));
        return quote! {
            match #scrutinee {
                #(#inner)*
                _ => #fallback,
            }
        };
    }
    let outer = groups.iter().map(|(len, entries)| {
        let len = proc_macro2::Literal::usize_unsuffixed(*len);
        let inner = entries.iter().map(|(key, body)| quote!(#key => #body,));
        quote! {
            #len => match other {
                #(#inner)*
                _ => #fallback,
            },
        }
    });
    quote! {
        {
            let other: &str = #scrutinee;
            match other.len() {
                #(#outer)*
                _ => #fallback,
            }
        }
    }
}
