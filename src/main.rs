//! The `kt` binary: parse the command line, run the chosen tool, exit with its code.

/// See [`kt::alloc`]: a malformed length prefix must not abort the process. The allocator is
/// the binary's choice, not the library's: a program embedding kt's library keeps its own.
#[global_allocator]
static GLOBAL: kt::alloc::KtAllocator = kt::alloc::KtAllocator;

fn main() {
    let cli = kt::cli::parse_or_exit();
    std::process::exit(kt::cli::run(cli));
}
