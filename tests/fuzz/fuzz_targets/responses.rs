//! Every revision's output deserializers, through one generic target: the first
//! two bytes pick a revision and an operation, the rest is the response body.
//! Whatever reads must write back and read again to an equal value.
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
                assert_eq!(again, output);
            }
        }
        self.seen += 1;
    }
}

fuzz_target!(|data: &[u8]| {
    let [revision, operation, body @ ..] = data else { return };
    let mut check = Check { index: usize::from(*operation), seen: 0, body };
    match revision % 5 {
        0 => sagemaker_api::v2018_01_17::visit_operations(&mut check),
        1 => sagemaker_api::v2019_10_24::visit_operations(&mut check),
        2 => sagemaker_api::v2020_12_01::visit_operations(&mut check),
        3 => sagemaker_api::v2023_05_22::visit_operations(&mut check),
        _ => sagemaker_api::v2024_02_28::visit_operations(&mut check),
    }
    if check.seen > 0 && check.index >= check.seen {
        // Fold large indices onto the operations that exist.
        let index = check.index % check.seen;
        let mut check = Check { index, seen: 0, body };
        sagemaker_api::v2024_02_28::visit_operations(&mut check);
    }
});
