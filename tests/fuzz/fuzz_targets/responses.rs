//! Every revision's output deserializers, through one generic target: the first
//! two bytes pick a revision and one of its operations, the rest is the
//! response body.
//! Whatever reads must write back and read again to a value that writes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sagemaker_api::runtime::{self, Operation, OperationVisitor};

struct Check<'a> {
    index: usize,
    seen: usize,
    body: &'a [u8],
}

impl OperationVisitor for Check<'_> {
    fn visit<O: Operation>(&mut self) {
        if self.seen == self.index {
            if let Ok(output) = runtime::from_slice::<O::Output>(self.body) {
                let written = runtime::to_vec(&output);
                let again = runtime::from_slice::<O::Output>(&written).expect("written output reads back");
                assert_eq!(runtime::to_vec(&again), written, "{output:?}");
            }
        }
        self.seen += 1;
    }
}

/// Checks operation `operation % count` of one revision module.
macro_rules! check {
    ($revision:ident, $operation:expr, $body:expr) => {
        sagemaker_api::$revision::visit_operations(&mut Check {
            index: usize::from($operation) % sagemaker_api::$revision::OPERATIONS.len(),
            seen: 0,
            body: $body,
        })
    };
}

fuzz_target!(|data: &[u8]| {
    let [revision, operation, body @ ..] = data else { return };
    match revision % 5 {
        0 => check!(v2018_01_17, *operation, body),
        1 => check!(v2019_10_24, *operation, body),
        2 => check!(v2020_12_01, *operation, body),
        3 => check!(v2023_05_22, *operation, body),
        _ => check!(v2024_02_28, *operation, body),
    }
});
