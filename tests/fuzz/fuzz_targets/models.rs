//! The model loader with the validator, and the manifest reader: any JSON gives
//! a model or an error with a JSON path, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(model) = sagemaker_codegen::smithy::from_json("fuzz.json", &value) {
        let _ = sagemaker_codegen::smithy::validate("fuzz.json", &model);
        // A model that validates must also survive a write and a re-read.
        if sagemaker_codegen::smithy::validate("fuzz.json", &model).is_ok() {
            let text = sagemaker_codegen::smithy::to_json(&model);
            let again: serde_json::Value = serde_json::from_str(&text).expect("written model is JSON");
            sagemaker_codegen::smithy::from_json("again.json", &again).expect("written model reads back");
        }
    }
    let _ = sagemaker_codegen::manifest::parse("sources.json", std::path::Path::new("/nonexistent"), &value);
});
