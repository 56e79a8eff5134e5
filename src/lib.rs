//! xxgk: the canonical machine-readable form of China's 政府信息公开工作年度报告.
//!
//! The layout follows the architecture: [`model`] (Rust types) → [`schema`] (the published JSON
//! Schema and the cell catalog read from it) → [`docs`] (generated documentation).

pub mod batch;
pub mod check;
pub mod cli;
pub mod conformance;
pub mod diagnostics;
pub mod docs;
pub mod export;
pub mod generate;
pub mod import;
pub mod model;
pub mod output;
pub mod run;
pub mod schema;
pub mod serve;
pub mod summary;
