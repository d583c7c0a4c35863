use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cite::cli::Cli::parse();
    match cite::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            eprintln!("cite: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
