//! Repository upkeep, run as `cargo xtask TASK` (the alias is in `.cargo/config.toml`): tasks for
//! the people who maintain the repository, kept out of the `xxgk` users install.

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Repository upkeep for xxgk")]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate every generated file of the repository from the code: schema/, SPEC.md's label
    /// table, the conformance suite's schemas and RULES.md, and the man pages in man/.
    Regenerate {
        /// Only check: exit 1 when a generated file is out of date, and name it.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let Task::Regenerate { check } = Xtask::parse().task;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the repository");
    let outcomes = match xxgk::generated::sync(root, !check) {
        Ok(outcomes) => outcomes,
        Err(error) => {
            eprintln!("cargo xtask regenerate: {error}");
            return ExitCode::from(2);
        }
    };
    let stale: Vec<_> = outcomes.iter().filter(|o| !o.up_to_date).collect();
    let verb = if check { "out of date" } else { "updated" };
    for outcome in &stale {
        eprintln!("{verb}: {}", outcome.path.display());
    }
    if check && !stale.is_empty() {
        eprintln!("run `cargo xtask regenerate` and review the diff");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
