//! `kt jmx`: kafka-jmx.sh (Kafka's JmxTool) — print a broker's metrics at an interval, with
//! JmxTool's flags and output formats, read from the broker's metrics endpoint
//! (`metrics.listener`) rather than over JMX/RMI.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use clap::Args;

use crate::jmx::{matching, scrape, Endpoint, ObjectName};

/// How long JmxTool keeps trying to connect, and to find `--wait`'s objects.
const PATIENCE: Duration = Duration::from_millis(10_000);

/// Flags of `kt jmx`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "Dump JMX values to standard output.",
    after_help = "The metrics are read from the broker's metrics endpoint (metrics.listener in \
                  server.properties); Kafka's RMI url form service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi \
                  is read as http://HOST:PORT/metrics.\n\n\
                  Examples:\n  \
                  kt jmx --jmx-url http://localhost:9404/metrics --one-time \\\n    \
                  --object-name kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec\n  \
                  kafka-jmx.sh --jmx-url http://localhost:9404 --object-name 'kafka.network:type=RequestMetrics,name=TotalTimeMs,*' \\\n    \
                  --attributes 50thPercentile,99thPercentile --reporting-interval 5000 --date-format 'yyyy-MM-dd HH:mm:ss'"
)]
pub struct JmxArgs {
    /// A JMX object name to use as a query. This can contain wild cards, and this option can
    /// be given multiple times to specify more than one query. If no objects are specified
    /// all objects will be queried.
    #[arg(long, value_name = "name")]
    pub object_name: Vec<String>,
    /// The list of attributes to include in the query. This is a comma-separated list. If no
    /// attributes are specified all objects will be queried.
    #[arg(long, value_name = "name")]
    pub attributes: Option<String>,
    /// Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1
    /// equivalent to setting one-time to true
    #[arg(
        long,
        value_name = "ms",
        default_value_t = 2000,
        allow_negative_numbers = true
    )]
    pub reporting_interval: i64,
    /// Flag to indicate run once only.
    #[arg(long, value_name = "one-time", num_args = 0..=1, default_missing_value = "true")]
    pub one_time: Option<bool>,
    /// The date format to use for formatting the time field. See java.text.SimpleDateFormat
    /// for options.
    #[arg(long, value_name = "format")]
    pub date_format: Option<String>,
    /// The url to read the metrics from: the broker's metrics endpoint
    /// (http://HOST:PORT/metrics), or Kafka's JMX service url, read as that endpoint.
    #[arg(
        long,
        value_name = "service-url",
        default_value = "http://localhost:9404/metrics"
    )]
    pub jmx_url: String,
    /// output format name: either 'original', 'properties', 'csv', 'tsv'
    #[arg(long, value_name = "report-format", default_value = "original")]
    pub report_format: String,
    /// A mechanism to pass property in the form 'username=password' when enabling remote JMX
    /// with password authentication (sent to the endpoint as HTTP basic authentication).
    #[arg(long, value_name = "jmx-auth-prop")]
    pub jmx_auth_prop: Option<String>,
    /// Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only).
    #[arg(long, value_name = "ssl-enable")]
    pub jmx_ssl_enable: Option<bool>,
    /// Wait for requested JMX objects to become available before starting output. Only
    /// supported when the list of objects is non-empty and contains no object name patterns.
    #[arg(long)]
    pub wait: bool,
}

/// Runs the tool; the exit code.
pub fn run(args: JmxArgs) -> i32 {
    match report(&args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// JmxTool's `main`: connect, find the objects, then print rows until told to stop.
fn report(args: &JmxArgs) -> anyhow::Result<()> {
    if args.jmx_ssl_enable == Some(true) {
        anyhow::bail!("--jmx-ssl-enable: kt jmx reads plain http:// metrics endpoints only");
    }
    let endpoint = Endpoint::parse(&args.jmx_url)?;
    let basic = args.jmx_auth_prop.as_ref().map(|p| p.replacen('=', ":", 1));
    let include: Option<Vec<String>> = args.attributes.as_ref().map(|a| {
        a.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let format = match args.report_format.to_lowercase().as_str() {
        f @ ("properties" | "csv" | "tsv") => f.to_string(),
        _ => "original".to_string(),
    };
    let one_time = args.reporting_interval < 0 || args.one_time.is_some();
    let queries: Vec<ObjectName> = if args.object_name.is_empty() {
        vec![ObjectName::parse("*:*")?]
    } else {
        args.object_name
            .iter()
            .map(|q| ObjectName::parse(q).map_err(|e| anyhow::anyhow!("{e}")))
            .collect::<anyhow::Result<_>>()?
    };
    let has_patterns = queries.iter().any(ObjectName::is_pattern);

    // JmxTool's connection loop, on stderr because scripts parse stdout.
    let started = Instant::now();
    let mut text = loop {
        eprintln!("Trying to connect to JMX url: {}", args.jmx_url);
        match endpoint.fetch(basic.as_deref()) {
            Ok(text) => break text,
            Err(e) => {
                eprintln!(
                    "Could not connect to JMX url: {}. Exception: {e}.",
                    args.jmx_url
                );
                if started.elapsed() >= PATIENCE {
                    anyhow::bail!(
                        "Could not connect to JMX url {} after {} ms.",
                        args.jmx_url,
                        PATIENCE.as_millis()
                    );
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    };

    // The objects: with --wait (exact names only) until all are there.
    let mut found = matching(&scrape::readings(&text), &queries);
    if !has_patterns && args.wait {
        let missing = |found: &BTreeMap<String, BTreeMap<String, String>>| -> Vec<String> {
            queries
                .iter()
                .filter(|q| {
                    !found
                        .keys()
                        .any(|f| ObjectName::parse(f).is_ok_and(|f| q.matches(&f)))
                })
                .map(|q| q.to_string())
                .collect()
        };
        let waited = Instant::now();
        while !missing(&found).is_empty() && waited.elapsed() < PATIENCE {
            eprintln!("Could not find all object names, retrying");
            std::thread::sleep(Duration::from_millis(100));
            text = endpoint.fetch(basic.as_deref())?;
            found = matching(&scrape::readings(&text), &queries);
        }
        let missing = missing(&found);
        if !missing.is_empty() {
            anyhow::bail!(
                "Could not find all requested object names after {} ms. Missing {}",
                PATIENCE.as_millis(),
                missing.join(",")
            );
        }
    }
    let objects: Vec<String> = found.keys().cloned().collect();
    let selected = |found: &BTreeMap<String, BTreeMap<String, String>>| {
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for object in &objects {
            for (attribute, value) in found.get(object).into_iter().flatten() {
                if include.as_ref().is_none_or(|i| i.contains(attribute)) {
                    values.insert(format!("{object}:{attribute}"), value.clone());
                }
            }
        }
        values
    };
    // How many values a complete row has (JmxTool's numExpectedAttributes).
    let expected: usize = objects
        .iter()
        .map(|o| {
            let attributes = &found[o];
            match &include {
                None => attributes.len(),
                Some(i) if has_patterns => attributes.keys().filter(|a| i.contains(a)).count(),
                Some(i) => i.len(),
            }
        })
        .sum();
    if expected == 0 {
        let names: Vec<String> = queries.iter().map(|q| q.to_string()).collect();
        anyhow::bail!(
            "No matched attributes for the queried objects [{}].",
            names.join(", ")
        );
    }
    let mut keys = vec!["time".to_string()];
    keys.extend(selected(&found).into_keys());
    if format == "original" && keys.len() == expected + 1 {
        let header: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
        println!("{}", header.join(","));
    }
    let interval = Duration::from_millis(args.reporting_interval.max(0) as u64);
    loop {
        let round = Instant::now();
        let mut values = selected(&found);
        let now = kt_base::clock::now_ms();
        let time = match &args.date_format {
            Some(pattern) => crate::perf::consumer::java_date(pattern, now as u128),
            None => now.to_string(),
        };
        values.insert("time".to_string(), time);
        if values.len() == expected + 1 {
            print_row(&format, &keys, &values);
        }
        if one_time {
            return Ok(());
        }
        std::thread::sleep(interval.saturating_sub(round.elapsed()));
        text = endpoint.fetch(basic.as_deref())?;
        found = matching(&scrape::readings(&text), &queries);
    }
}

/// One row in the chosen format; a value missing from this scrape prints `null`, as Java's
/// `Map.get` does.
fn print_row(format: &str, keys: &[String], values: &BTreeMap<String, String>) {
    let value = |k: &String| values.get(k).cloned().unwrap_or_else(|| "null".into());
    let mut out = String::new();
    match format {
        "properties" => keys
            .iter()
            .for_each(|k| out.push_str(&format!("{k}={}\n", value(k)))),
        "csv" => keys
            .iter()
            .for_each(|k| out.push_str(&format!("{k},\"{}\"\n", value(k)))),
        "tsv" => keys
            .iter()
            .for_each(|k| out.push_str(&format!("{k}\t{}\n", value(k)))),
        _ => {
            let row: Vec<String> = keys.iter().map(value).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    print!("{out}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
