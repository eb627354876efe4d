//! The console tools' work: reading lines into records (`producer`), and records out to lines
//! (`consumer`, `format`). Their flags live in `cli`.

pub mod consumer;
pub mod corrupt_batch;
pub mod format;
pub mod producer;

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a Kafka-style boolean property value (`--property print.key=true`, ...) is true:
/// `true` in any case, as Java's `Boolean.parseBoolean` reads it.
pub fn is_true(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("true")
}

static STOP: AtomicBool = AtomicBool::new(false);

/// The first signal asks the tool to stop cleanly; a second one (an impatient Ctrl-C while
/// records wait for an unreachable cluster) ends the process at once, with the shell's code for
/// death by that signal (128 + its number).
#[allow(unsafe_code)]
extern "C" fn request_stop(signal: libc::c_int) {
    if STOP.swap(true, Ordering::SeqCst) {
        // SAFETY: _exit is async-signal-safe and takes any status.
        unsafe { libc::_exit(128 + signal) }
    }
}

/// Makes SIGINT and SIGTERM end a console tool cleanly (flush, print the count) instead of
/// killing it; a second one kills it. Blocking reads are interrupted (no `SA_RESTART`) so the tool notices at once.
#[allow(unsafe_code)]
pub(crate) fn install_signal_handlers() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe; the sigaction
    // struct is fully initialised (zeroed, then the fields set) before use.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = request_stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = 0;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
        libc::sigaction(libc::SIGTERM, &action, std::ptr::null_mut());
    }
}

/// Whether SIGINT or SIGTERM arrived.
pub(crate) fn stopping() -> bool {
    STOP.load(Ordering::SeqCst)
}
