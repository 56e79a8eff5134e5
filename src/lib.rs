//! xxgk: the canonical machine-readable form of China's 政府信息公开工作年度报告.
//!
//! The layout follows the architecture (ARCHITECTURE.md): [`model`] (Rust types) → [`schema`]
//! (the published JSON Schema and the cell catalog read from it) → [`diagnostics`] → [`check`],
//! [`import`] → … → [`run`] (what a command does). [`generated`] keeps the repository's files
//! that are generated from the code; [`synthetic`] generates synthetic report corpora
//! (`xxgk generate`).

pub mod batch;
pub mod check;
pub mod cli;
pub mod conformance;
pub mod diagnostics;
pub mod export;
pub mod generated;
pub mod import;
pub mod model;
pub mod output;
pub mod run;
pub mod schema;
pub mod serve;
pub mod summary;
pub mod synthetic;
