use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cite::cli::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit,
    };
    match cite::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) if cite::pipes::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cite::pipes::error(format_args!("{e:#}"));
            ExitCode::from(2)
        }
    }
}
