//! Links the `cite` binary as a position-dependent executable on Linux, with GCC's
//! unwinder built in.
//!
//! A PIE binary of this size makes the dynamic loader apply 27,739 relocations at every
//! start: that was 40% of `cite --version` (1.5 ms of CPU; 0.85 ms without PIE, measured
//! on the project's 2-core machine). Only the binary is linked so; the library, the
//! dependencies and the tests are built as before.
//!
//! Loading `libgcc_s.so` (the unwinder, for panics) took another 0.17 ms of every start
//! (`cite --version` 1.10 → 0.93 ms of task-clock): where the C compiler has
//! `libgcc_eh.a`, the binary links it instead (`static_unwinder`, see `main.rs`), as
//! `-static-libgcc` would.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(static_unwinder)");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if linux && gnu {
        println!("cargo::rustc-link-arg-bins=-no-pie");
        if has_static_unwinder() {
            println!("cargo::rustc-cfg=static_unwinder");
        }
    }
}

/// True when `cc`, the linker rustc runs, finds `libgcc_eh.a` (it prints the bare name when
/// it does not).
fn has_static_unwinder() -> bool {
    Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .is_ok_and(|out| {
            let path = String::from_utf8_lossy(&out.stdout);
            out.status.success() && Path::new(path.trim()).is_absolute()
        })
}
