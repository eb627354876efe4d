//! `kt e2e-latency`: kafka-e2e-latency.sh (EndToEndLatency). Positional arguments as Kafka's
//! tool takes them; a progress line every 1000 records, then the average and percentiles.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::common::load_properties;
use crate::admin::{Admin, ConnectOptions, NewTopic};
use crate::perf::e2e_latency::{run as measure, LatencySettings};

/// Kafka's usage line for a wrong number of arguments.
const USAGE: &str = "USAGE: java org.apache.kafka.tools.EndToEndLatency broker_list topic \
                     num_messages producer_acks message_size_bytes [optional] properties_file";

/// Arguments of `kt e2e-latency` (all positional, as Kafka's).
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Each record is sent with acks=1 or all and read back at once; every 1000th \
                  record's latency is printed (record number, TAB, ms), then the average and \
                  the 50th, 99th and 99.9th percentiles in whole ms. A missing topic is created \
                  with 1 partition.\n\n\
                  Examples:\n  \
                  kt e2e-latency localhost:9092 e2e 10000 1 100\n  \
                  kafka-e2e-latency.sh localhost:9092 e2e 1000 all 512 client.properties"
)]
pub struct E2eLatencyArgs {
    /// The brokers to bootstrap from (broker_list).
    #[arg(value_name = "BROKERS", allow_hyphen_values = true)]
    pub brokers: Option<String>,
    /// The topic to measure on (created with 1 partition if missing).
    #[arg(value_name = "TOPIC", allow_hyphen_values = true)]
    pub topic: Option<String>,
    /// How many records to send, one at a time.
    #[arg(value_name = "NUM_MESSAGES", allow_hyphen_values = true)]
    pub num_messages: Option<String>,
    /// The producer's acks: 1 or all.
    #[arg(value_name = "ACKS", allow_hyphen_values = true)]
    pub acks: Option<String>,
    /// The size of each record in bytes.
    #[arg(value_name = "SIZE", allow_hyphen_values = true)]
    pub size: Option<String>,
    /// A client properties file for the producer, consumer and admin client.
    #[arg(value_name = "PROPS_FILE", allow_hyphen_values = true)]
    pub props_file: Option<String>,
    /// More arguments than Kafka's tool takes (refused with its usage).
    #[arg(hide = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub extra: Vec<String>,
}

/// Java's `Integer.parseInt`, with its exception message.
fn parse_int(text: &str) -> Result<i32, String> {
    text.parse::<i32>()
        .map_err(|_| format!("For input string: \"{text}\""))
}

/// Java's `Double.toString` for the latencies printed (ms, between 1e-3 and 1e7): the
/// shortest digits that read back as the value, with `.0` on whole numbers.
pub fn java_double(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e7 {
        format!("{value:.1}")
    } else {
        format!("{value}")
    }
}

/// Runs `kt e2e-latency` and returns the exit code.
pub fn run(args: E2eLatencyArgs) -> i32 {
    let (Some(brokers), Some(topic), Some(num), Some(acks), Some(size)) = (
        args.brokers,
        args.topic,
        args.num_messages,
        args.acks,
        args.size,
    ) else {
        eprintln!("{USAGE}");
        return 1;
    };
    if !args.extra.is_empty() {
        eprintln!("{USAGE}");
        return 1;
    }
    let fail = |message: &str, class: &str| {
        eprintln!("{message}");
        eprintln!("{class}: {message}");
        1
    };
    let (num, size) = match (parse_int(&num), parse_int(&size)) {
        (Ok(n), Ok(s)) => (n, s),
        (Err(e), _) | (_, Err(e)) => return fail(&e, "java.lang.NumberFormatException"),
    };
    if acks != "1" && acks != "all" {
        return fail(
            "Latency testing requires synchronous acknowledgement. Please use 1 or all",
            "java.lang.IllegalArgumentException",
        );
    }
    let properties = match args.props_file.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(path) => match load_properties(Path::new(path)) {
            Ok(p) => p,
            Err(e) => return fail(&format!("{e:#}"), "java.io.IOException"),
        },
        None => Vec::new(),
    };
    // Java's `new long[n]` and `new byte[size]` refuse negative sizes with the size as message.
    for n in [num, size] {
        if n < 0 {
            return fail(&n.to_string(), "java.lang.NegativeArraySizeException");
        }
    }
    let result = (|| -> anyhow::Result<i32> {
        let mut out = super::output::stdout();
        let options = ConnectOptions {
            bootstrap_servers: Some(brokers.clone()),
            data_dir: None,
            properties: properties.clone(),
        };
        let admin = crate::admin::connect(&options)?;
        let rt = super::runtime()?;
        let exists = rt
            .block_on(admin.list_topics())?
            .iter()
            .any(|t| t.name == topic);
        if !exists {
            writeln!(
                out,
                "Topic \"{topic}\" does not exist. Will create topic with 1 partition(s) and \
                 replication factor = 1"
            )?;
            out.flush()?;
            let created = rt.block_on(admin.create_topic(&NewTopic {
                name: topic.clone(),
                partitions: Some(1),
                replication_factor: Some(1),
                replica_assignment: None,
                configs: Vec::new(),
            }));
            if let Err(e) = created {
                writeln!(out, "Creation of topic {topic} failed")?;
                out.flush()?;
                eprintln!(
                    "java.util.concurrent.ExecutionException: {}: {e}",
                    e.java_class()
                );
                return Ok(1);
            }
        }
        admin.abandon();
        let settings = LatencySettings {
            brokers,
            topic,
            num_messages: num as usize,
            acks,
            message_size: size as usize,
            properties,
        };
        let mut progress_error = None;
        let latencies = measure(&settings, |i, nanos| {
            let line = format!("{i}\t{}", java_double(nanos as f64 / 1000.0 / 1000.0));
            if let Err(e) = writeln!(out, "{line}").and_then(|_| out.flush()) {
                progress_error.get_or_insert(e);
            }
        })?;
        if let Some(e) = progress_error {
            return Err(e.into());
        }
        let average = latencies.average_ms();
        let average = if average.is_nan() {
            "NaN".to_string()
        } else {
            format!("{average:.4}")
        };
        writeln!(out, "Avg latency: {average} ms")?;
        let percentiles = [0.5, 0.99, 0.999].map(|q| latencies.percentile_ms(q));
        let [Some(p50), Some(p99), Some(p999)] = percentiles else {
            out.flush()?;
            // Kafka's tool indexes the empty array.
            eprintln!("Index 0 out of bounds for length 0");
            return Ok(1);
        };
        writeln!(
            out,
            "Percentiles: 50th = {p50}, 99th = {p99}, 99.9th = {p999}"
        )?;
        out.flush()?;
        Ok(0)
    })();
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_print_as_java_doubles() {
        assert_eq!(java_double(12.0), "12.0");
        assert_eq!(java_double(1.234567), "1.234567");
        assert_eq!(java_double(0.5), "0.5");
    }
}
