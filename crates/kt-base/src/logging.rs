//! Log lines in the spirit of Kafka's log4j layout: `[2026-11-26 14:00:24,091] INFO message`,
//! one line each, on stderr. `RUST_LOG` (or `KT_LOG`) picks the level; the default is info.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// Kafka's `[date] LEVEL message` layout.
struct KafkaLayout;

impl<S, N> FormatEvent<S, N> for KafkaLayout
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let now = chrono::Local::now();
        write!(
            writer,
            "[{}] {} ",
            now.format("%Y-%m-%d %H:%M:%S,%3f"),
            event.metadata().level()
        )?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Installs the logger once; later calls do nothing.
pub fn init() {
    // The ZooKeeper client's own session chatter stays out of the broker's log; kt logs
    // what the broker does with its session.
    init_with_default("info,zookeeper_client=warn");
}

/// Installs the logger with `default` as the filter when neither `KT_LOG` nor `RUST_LOG` is
/// set: the client tools pass `debug` for `-v/--verbose`.
pub fn init_with_default(default: &str) {
    let filter = std::env::var("KT_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| default.to_string());
    // `Targets` (`info,kt_broker=debug,...`) rather than `EnvFilter`: the latter compiles
    // regexes to parse even the default filter, which cost every broker start ~0.5 MiB of RSS.
    let targets: Targets = filter.parse().unwrap_or_else(|e| {
        eprintln!("ignoring the log filter {filter:?}: {e}");
        default.parse().unwrap_or_default()
    });
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .event_format(KafkaLayout),
        )
        .with(targets)
        .try_init();
}
