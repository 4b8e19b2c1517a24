//! The generated SageMaker API crate.
