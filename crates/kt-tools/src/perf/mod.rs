//! The perf tools' work: the producer and consumer loops of `kt producer-perf-test` and
//! `kt consumer-perf-test`, over librdkafka. They take settings and return figures; their flags
//! and the printing of the figures live in `cli::perf`.

pub mod consumer;
pub mod e2e_latency;
pub mod producer;

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr when it is a terminal; hidden (and free) otherwise.
pub fn progress(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = format!("{{bar:30}} {{pos}}/{{len}} {what} ({{per_sec}}, eta {{eta}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
