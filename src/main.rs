//! The `kt` binary: parse the command line, run the chosen tool, exit with its code.

fn main() {
    let cli = kt::cli::parse_or_exit();
    std::process::exit(kt::cli::run(cli));
}
