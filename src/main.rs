//! The `xxgk` command line: parses arguments, calls the library, prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "政府信息公开工作年度报告: canonical JSON, schema and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the report JSON Schema, or write every schema file into a folder.
    Schema {
        /// Write the schema files under this folder (e.g. `schema/`) instead of printing.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Regenerate every generated file of the repository (schema/, SPEC.md's label table).
    Generate {
        /// The repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only check: exit 1 when a generated file is out of date.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema { write: None } => {
            print!("{}", xxgk::schema::report_schema_text());
            ExitCode::SUCCESS
        }
        Command::Schema { write: Some(dir) } => write_schema(&dir),
        Command::Generate { root, check } => generate(&root, check),
    }
}

fn write_schema(dir: &std::path::Path) -> ExitCode {
    for (path, content) in xxgk::schema::schema_files() {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, content));
        if let Err(error) = written {
            eprintln!("xxgk: cannot write {}: {error}", path.display());
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn generate(root: &std::path::Path, check: bool) -> ExitCode {
    match xxgk::docs::sync(root, !check) {
        Ok(outcomes) => {
            let stale: Vec<_> = outcomes.iter().filter(|o| !o.up_to_date).collect();
            for outcome in &stale {
                let verb = if check { "out of date" } else { "updated" };
                eprintln!("{verb}: {}", outcome.path.display());
            }
            if check && !stale.is_empty() {
                eprintln!("run `cargo run -- generate` to regenerate");
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("xxgk: {error}");
            ExitCode::from(2)
        }
    }
}
