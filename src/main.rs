use std::process::ExitCode;

// GCC's unwinder linked in rather than loaded from `libgcc_s.so` at every start (build.rs).
#[cfg(static_unwinder)]
#[link(name = "gcc_eh", kind = "static", modifiers = "-bundle")]
unsafe extern "C" {}

// Blocks of exactly 1 MiB (tantivy's indexing arena) on huge pages (allocator.rs).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: cite::allocator::HugeBlocks = cite::allocator::HugeBlocks;

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
