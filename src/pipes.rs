//! A closed stdout (`cite … | head -1`) ends cite quietly, as it ends grep and rg.

/// Restores the default action of SIGPIPE, so that writing to a closed pipe ends the process
/// at once, silently, the way the shell expects of a filter (status 141), instead of
/// surfacing as an error or a panic on every later `print`.
pub fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// True when `error` comes from writing to a pipe whose reader has gone, directly or
/// through a JSON serializer.
pub fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind())
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}
