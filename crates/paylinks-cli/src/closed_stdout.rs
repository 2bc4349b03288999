//! Whether the caller started `paylinks` with stdout closed (`>&-`), seen before the Rust
//! runtime hides it.
//!
//! Before `main`, the Rust runtime on Unix (std's `sanitize_standard_fds`) opens `/dev/null`
//! for reading and writing in the place of a closed fd 0, 1 or 2, so from `main` on a closed
//! stdout looks exactly like the `/dev/null` a supervisor or Python's `subprocess.DEVNULL` gives
//! a program whose output nobody reads, and writes to either succeed. A constructor (the
//! `ctor` crate: `.init_array` on ELF, `__mod_init_func` on Mach-O) runs before that, and
//! records whether fd 1 was closed. Where none runs (not Unix), stdout counts as open: a guess
//! that can take `/dev/null` for a closed stdout is worse than printing nowhere.
//!
//! The one exception to the workspace's ban on `unsafe_code` (see the CLI's Cargo.toml): code
//! that runs before `main` is `unsafe` to register (`#[ctor(unsafe)]`) because the runtime is
//! not set up yet. This constructor makes one `fcntl` system call and stores a flag: no
//! allocation, no std I/O, no panic.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by [`look_at_stdout`] before `main` when fd 1 was closed.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether stdout was closed when the process started.
pub(crate) fn at_start() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Records whether fd 1 is closed: `fcntl(1, F_GETFD)` fails with `EBADF` only then. It runs
/// before the program's own code opens anything, so fd 1 is still what the caller gave.
#[cfg(unix)]
#[allow(unsafe_code)]
#[ctor::ctor(unsafe)]
fn look_at_stdout() {
    let closed = matches!(
        rustix::io::fcntl_getfd(rustix::stdio::stdout()),
        Err(rustix::io::Errno::BADF)
    );
    CLOSED.store(closed, Ordering::Relaxed);
}
