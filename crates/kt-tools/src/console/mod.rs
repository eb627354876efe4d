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

extern "C" fn request_stop(_signal: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM end a console tool cleanly (flush, print the count) instead of
/// killing it. Blocking reads are interrupted (no `SA_RESTART`) so the tool notices at once.
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
