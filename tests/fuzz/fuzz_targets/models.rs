//! The model loader with the validator, the emitter, and the manifest reader:
//! any JSON gives a model or an error with a JSON path, never a panic; a model
//! that validates survives a write and a re-read, and the generator writes its
//! crate or says why it cannot (an unsupported protocol), never panics or
//! overflows its stack.
//!
//! Seeds: `seeds/models/`, and the published models of `../shared/smithy-models/`
//! (pass the folder as a second corpus: see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(model) = sagemaker_codegen::smithy::from_json("fuzz.json", &value) {
        if sagemaker_codegen::smithy::validate("fuzz.json", &model).is_ok() {
            let text = sagemaker_codegen::smithy::to_json(&model);
            let again: serde_json::Value = serde_json::from_str(&text).expect("written model is JSON");
            sagemaker_codegen::smithy::from_json("again.json", &again).expect("written model reads back");
            let _ = sagemaker_codegen::rust::generate_service(
                std::path::Path::new("out"),
                &model,
                "fuzz.json",
                "fuzzed",
                "../runtime",
            );
        }
    }
    let _ = sagemaker_codegen::manifest::parse("sources.json", std::path::Path::new("/nonexistent"), &value);
});
