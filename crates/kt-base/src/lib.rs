//! kt's foundations, which every other crate reads and which read none of them: the one
//! wall clock ([`clock`]), Kafka's `.properties` files as typed settings ([`config`]), the
//! log4j-style logger ([`logging`]), shutdown signals ([`signals`]) and a log line that
//! repeats at most once per interval ([`rate_limited_log`]).

#![forbid(unsafe_code)]

pub mod clock;
pub mod config;
pub mod logging;
pub mod rate_limited_log;
pub mod signals;
