//! Usage errors of the Kafka-named tools: one type, printed one way.
//!
//! Kafka's tools answer a command line they cannot use with one message on stderr, most of them
//! followed by their option table (joptsimple's `printUsageAndExit`), and exit code 1; scripts
//! written for `kafka-*.sh` check for exactly that. kt prints a short usage note instead of the
//! table. Parse errors (unknown flag, missing value, a value that is not a number) and each
//! tool's own checks of its flags both end here. kt's own subcommands (`wait-ready`, ...) keep
//! clap's errors instead.

/// A command line a Kafka-named tool refuses: the message Kafka prints, and whether the tool's
/// usage follows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    message: String,
    with_usage: bool,
}

impl UsageError {
    /// A usage error followed by the tool's usage, as most of Kafka's tools print them.
    pub fn new(message: impl Into<String>) -> Self {
        UsageError {
            message: message.into(),
            with_usage: true,
        }
    }

    /// A usage error printed alone: kafka-topics' and kafka-configs' checks of their flag
    /// combinations (they throw instead of calling `printUsageAndExit`).
    pub fn alone(message: impl Into<String>) -> Self {
        UsageError {
            message: message.into(),
            with_usage: false,
        }
    }

    /// The message, without the usage.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prints the error on stderr for the subcommand `tool` and returns the exit code (1).
    pub fn report(&self, tool: &str) -> i32 {
        eprintln!("{}", self.message);
        if self.with_usage {
            super::print_short_usage(tool);
        }
        1
    }
}
