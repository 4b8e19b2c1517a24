//! The page layout detector and every page parser: any bytes give a page or an
//! error naming the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sagemaker_codegen::page::layout::detect(text);
    }
    if let Err(e) = sagemaker_codegen::page::parse_page("fuzz.txt", data) {
        assert!(e.to_string().starts_with("fuzz.txt"), "{e}");
    }
});
