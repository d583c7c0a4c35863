use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    cite::pipes::die_quietly_on_closed_pipe();
    let cli = match cite::cli::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit,
    };
    match cite::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) if cite::pipes::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "cite: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
