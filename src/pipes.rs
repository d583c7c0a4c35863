//! A closed stdout (`cite … | head -1`) ends cite quietly with status 0, as it ends ripgrep;
//! lines on stderr never fail, so a closed stderr (`2>&1 | head -1`) is quiet too.

use std::fmt::Display;
use std::io::Write;

/// True when `error` comes from writing to a pipe whose reader has gone, directly or
/// through a JSON serializer. Rust ignores SIGPIPE, so such a write fails with this error
/// instead of killing the process; `main` then ends with status 0 and no message.
pub fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind())
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `cite: warning: MESSAGE` as one line on stderr (a closed stderr is no error).
pub fn warn(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "cite: warning: {message}");
}

/// Writes `cite: error: MESSAGE` as one line on stderr (a closed stderr is no error).
pub fn error(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "cite: error: {message}");
}
