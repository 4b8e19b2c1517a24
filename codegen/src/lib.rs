//! The SageMaker model and crate generator.
//!
//! Data flows one way: documentation pages ([`page`]) → the Smithy model
//! ([`reconstruct`], [`smithy`]) → Rust tokens ([`rust`]) → files ([`fsutil`]).

pub mod diag;
pub mod diff;
pub mod fsutil;
pub mod manifest;
pub mod page;
pub mod pipeline;
pub mod reconstruct;
pub mod roundtrip;
pub mod rust;
pub mod smithy;
