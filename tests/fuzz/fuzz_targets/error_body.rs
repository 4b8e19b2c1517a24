//! The client's error-response reader: any status, headers and body give a
//! service error with a code, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sagemaker_api::runtime::client::{HttpResponse, ServiceError};

fuzz_target!(|data: &[u8]| {
    let [high, low, flags, body @ ..] = data else { return };
    let mut headers = Vec::new();
    if flags & 1 == 1 {
        headers.push(("x-amzn-errortype".to_owned(), String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned()));
    }
    if flags & 2 == 2 {
        headers.push(("x-amzn-requestid".to_owned(), "fuzz".to_owned()));
    }
    let response = HttpResponse { status: u16::from_be_bytes([*high, *low]), headers, body: body.to_vec() };
    let error = ServiceError::from_response(&response);
    assert!(!error.code.as_str().is_empty(), "an empty error code");
    let _ = error.to_string();
});
